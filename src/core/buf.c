/*
 * buf.c: the growable string every SQL statement, JSON text and message is built in.
 * All functions return PSST_OK or PSST_ENOMEM; on failure the buffer keeps what it had.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow(struct ps_buf *b, size_t extra) {
  if (extra > SIZE_MAX - b->len - 1)
    return PSST_ENOMEM;
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return PSST_OK;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need)
    cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  char *s = realloc(b->s, cap);
  if (!s)
    return PSST_ENOMEM;
  b->s = s;
  b->cap = cap;
  return PSST_OK;
}

int ps_buf_add(struct ps_buf *b, const char *s, size_t n) {
  if (grow(b, n))
    return PSST_ENOMEM;
  if (n)
    memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
  return PSST_OK;
}

int ps_buf_puts(struct ps_buf *b, const char *s) {
  return ps_buf_add(b, s, strlen(s));
}

int ps_buf_putc(struct ps_buf *b, char c) {
  return ps_buf_add(b, &c, 1);
}

int ps_buf_vprintf(struct ps_buf *b, const char *fmt, va_list ap0) {
  va_list ap;
  va_copy(ap, ap0);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || grow(b, (size_t)n))
    return PSST_ENOMEM;
  va_copy(ap, ap0);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return PSST_OK;
}

int ps_buf_printf(struct ps_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = ps_buf_vprintf(b, fmt, ap);
  va_end(ap);
  return rc;
}

char *ps_buf_detach(struct ps_buf *b) {
  char *s = b->s;
  if (!s)
    s = ps_strdup("");
  b->s = NULL;
  b->len = b->cap = 0;
  return s;
}

void ps_buf_release(struct ps_buf *b) {
  free(b->s);
  b->s = NULL;
  b->len = b->cap = 0;
}

int ps_buf_json_str(struct ps_buf *b, const char *s) {
  static const char hex[] = "0123456789abcdef";
  if (ps_buf_putc(b, '"'))
    return PSST_ENOMEM;
  const char *run = s;
  for (const char *c = s; *c; c++) {
    unsigned char u = (unsigned char)*c;
    if (u >= 0x20 && u != '"' && u != '\\')
      continue;
    if (ps_buf_add(b, run, (size_t)(c - run)))
      return PSST_ENOMEM;
    char esc[7] = {'\\', 0};
    size_t n = 2;
    switch (u) {
    case '"':
      esc[1] = '"';
      break;
    case '\\':
      esc[1] = '\\';
      break;
    case '\n':
      esc[1] = 'n';
      break;
    case '\r':
      esc[1] = 'r';
      break;
    case '\t':
      esc[1] = 't';
      break;
    default:
      esc[1] = 'u', esc[2] = '0', esc[3] = '0', esc[4] = hex[u >> 4], esc[5] = hex[u & 15];
      n = 6;
    }
    if (ps_buf_add(b, esc, n))
      return PSST_ENOMEM;
    run = c + 1;
  }
  if (ps_buf_puts(b, run))
    return PSST_ENOMEM;
  return ps_buf_putc(b, '"');
}

int ps_buf_xml_str(struct ps_buf *b, const char *s) {
  int rc = PSST_OK;
  for (const char *run = s;; s++) {
    const char *esc = *s == '<'   ? "&lt;"
                      : *s == '>' ? "&gt;"
                      : *s == '&' ? "&amp;"
                      : *s == '"' ? "&quot;"
                                  : NULL;
    if (!esc && *s)
      continue;
    rc |= ps_buf_add(b, run, (size_t)(s - run));
    if (!*s)
      break;
    rc |= ps_buf_puts(b, esc);
    run = s + 1;
  }
  return rc ? PSST_ENOMEM : PSST_OK;
}

char *ps_strdup(const char *s) {
  if (!s)
    return NULL;
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d)
    memcpy(d, s, n);
  return d;
}
