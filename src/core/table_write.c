/*
 * table_write.c: a struct psst_table as CSV or JSON, the one writer that the psst
 * command and the web server share, so that a download from either is the same bytes.
 *
 * Cells come from the data files and may hold anything, even bytes that are not
 * UTF-8: both formats replace invalid UTF-8 with U+FFFD, so that what they write is
 * always valid UTF-8. CSV quotes; JSON escapes.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* Writes s with every invalid byte replaced; CSV fields are quoted when they hold , " CR LF. */
static void put_clean(FILE *fp, const char *s, bool double_quotes) {
  size_t len = strlen(s);
  for (size_t i = 0; i < len;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
    if (n <= 0) {
      fputs(REPLACEMENT, fp);
      n = 1;
    } else {
      if (double_quotes && cp == '"')
        fputc('"', fp);
      fwrite(s + i, 1, (size_t)n, fp);
    }
    i += (size_t)n;
  }
}

static void csv_field(FILE *fp, const char *s) {
  if (!s)
    return;
  bool quote = strpbrk(s, ",\"\r\n") != NULL;
  if (quote)
    fputc('"', fp);
  put_clean(fp, s, quote);
  if (quote)
    fputc('"', fp);
}

static int finish(FILE *fp, struct psst_error *err) {
  if (fflush(fp) != 0 || ferror(fp))
    return ps_err(err, PSST_EIO, "writing the output failed");
  return PSST_OK;
}

int psst_table_write_csv(FILE *fp, const struct psst_table *t, struct psst_error *err) {
  if (t->ncols == 0)
    return finish(fp, err);
  for (size_t c = 0; c < t->ncols; c++) {
    if (c > 0)
      fputc(',', fp);
    csv_field(fp, t->cols[c]);
  }
  fputs("\r\n", fp);
  for (size_t r = 0; r < t->nrows; r++) {
    for (size_t c = 0; c < t->ncols; c++) {
      if (c > 0)
        fputc(',', fp);
      csv_field(fp, psst_cell(t, r, c));
    }
    fputs("\r\n", fp);
  }
  return finish(fp, err);
}

/* True when s is an integer as JSON spells it: -?(0|[1-9][0-9]*). Anything else
 * ("007", "+5", "", "1e3") goes out as a string, never as invalid JSON. */
static bool json_int(const char *s) {
  if (*s == '-')
    s++;
  if (*s == '0')
    return s[1] == '\0';
  if (*s < '1' || *s > '9')
    return false;
  while (*s >= '0' && *s <= '9')
    s++;
  return *s == '\0';
}

void psst_json_string(FILE *fp, const char *s) {
  size_t len = strlen(s);
  fputc('"', fp);
  for (size_t i = 0; i < len;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
    if (n <= 0) {
      fputs(REPLACEMENT, fp);
      n = 1;
    } else if (cp == '"' || cp == '\\') {
      fputc('\\', fp);
      fputc((int)cp, fp);
    } else if (cp < 0x20) {
      fprintf(fp, "\\u%04x", (unsigned)cp);
    } else {
      fwrite(s + i, 1, (size_t)n, fp);
    }
    i += (size_t)n;
  }
  fputc('"', fp);
}

int psst_table_write_json(FILE *fp, const struct psst_table *t, struct psst_error *err) {
  if (t->nrows == 0) {
    fputs("[]\n", fp);
    return finish(fp, err);
  }
  fputs("[\n", fp);
  for (size_t r = 0; r < t->nrows; r++) {
    fputs("  {", fp);
    for (size_t c = 0; c < t->ncols; c++) {
      const char *v = psst_cell(t, r, c);
      if (c > 0)
        fputs(", ", fp);
      psst_json_string(fp, t->cols[c]);
      fputs(": ", fp);
      if (!v)
        fputs("null", fp);
      else if (t->types && t->types[c] == PSST_COL_INT && json_int(v))
        fputs(v, fp);
      else
        psst_json_string(fp, v);
    }
    fputs(r + 1 < t->nrows ? "},\n" : "}\n", fp);
  }
  fputs("]\n", fp);
  return finish(fp, err);
}
