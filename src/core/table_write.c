/*
 * table_write.c: a struct psst_table as CSV or JSON, the one writer that the psst
 * command and the web server share, so that a download from either is the same bytes.
 *
 * Cells come from the data files and may hold anything, even bytes that are not
 * UTF-8: both formats replace invalid UTF-8 with U+FFFD, so that what they write is
 * always valid UTF-8. CSV quotes; JSON escapes.
 *
 * CSV writes every cell as it is, for people and spreadsheets. JSON is for programs and
 * follows the column types (psst.h): a program should not have to split "a, b" or parse
 * "0.7%", so lists become arrays and numbers numbers, and what is not the number its type
 * says stays a string rather than becoming invalid JSON.
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

/* s[0..len) as a JSON string literal, quotes included, invalid UTF-8 as U+FFFD. */
static void json_string_n(FILE *fp, const char *s, size_t len) {
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

/* The length of the JSON number at the start of s: -?(0|[1-9][0-9]*), then with `decimal`
 * an optional fraction (.[0-9]+); 0 when there is none. Anything else ("007", "+5", "",
 * "1e3", ".5") goes out as a string, never as invalid JSON. */
static size_t json_number_len(const char *s, bool decimal) {
  const char *p = s;
  if (*p == '-')
    p++;
  if (*p == '0')
    p++;
  else if (*p >= '1' && *p <= '9')
    while (*p >= '0' && *p <= '9')
      p++;
  else
    return 0;
  if (decimal && *p == '.') {
    if (p[1] < '0' || p[1] > '9')
      return 0;
    for (p++; *p >= '0' && *p <= '9'; p++)
      ;
  }
  return (size_t)(p - s);
}

static bool json_number(const char *s, bool decimal) {
  size_t n = json_number_len(s, decimal);
  return n && !s[n];
}

/*
 * A percentage ("0.7%", "42.3", "100.0%") as the fraction of one (0.007, 0.423, 1.000),
 * by moving the decimal point in the text: exact, where dividing a double by 100 would
 * write 0.007000000000000001. False, with nothing written, when s is no percentage.
 */
static bool put_fraction(FILE *fp, const char *s) {
  size_t n = json_number_len(s, true);
  if (!n || (s[n] && strcmp(s + n, "%")))
    return false;
  bool neg = *s == '-';
  const char *num = s + neg, *end = s + n;
  const char *dot = memchr(num, '.', (size_t)(end - num));
  size_t ilen = dot ? (size_t)(dot - num) : (size_t)(end - num);
  const char *frac = dot ? dot + 1 : end;
  size_t flen = (size_t)(end - frac);
  if (neg)
    fputc('-', fp);
  if (ilen > 2) {
    /* 100.0 -> 1.000: the integer part's last two digits move behind the point */
    fwrite(num, 1, ilen - 2, fp);
    fputc('.', fp);
    fwrite(num + ilen - 2, 1, 2, fp);
  } else {
    /* 42.3 -> 0.423, 0.7 -> 0.007: a zero for the place a one-digit integer part leaves */
    fputs(ilen == 2 ? "0." : "0.0", fp);
    fwrite(num, 1, ilen, fp);
  }
  fwrite(frac, 1, flen, fp);
  return true;
}

static bool is_space(char c) {
  return c == ' ' || c == '\t';
}

/* A list cell as a JSON array: items split at "," and "、", the spaces around each dropped,
 * empty items left out. */
static void put_list(FILE *fp, const char *s) {
  static const char ideographic_comma[] = "\xE3\x80\x81"; /* 、 U+3001 */
  bool first = true;
  fputc('[', fp);
  while (s && *s) {
    size_t n = 0, skip = 0;
    while (s[n] && s[n] != ',' && strncmp(s + n, ideographic_comma, 3))
      n++;
    if (s[n])
      skip = s[n] == ',' ? 1 : 3;
    size_t from = 0, to = n;
    while (from < to && is_space(s[from]))
      from++;
    while (to > from && is_space(s[to - 1]))
      to--;
    if (to > from) {
      fputs(first ? "" : ", ", fp);
      json_string_n(fp, s + from, to - from);
      first = false;
    }
    s += n + skip;
  }
  fputc(']', fp);
}

void psst_json_string(FILE *fp, const char *s) {
  json_string_n(fp, s, strlen(s));
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
      enum psst_coltype type = t->types ? t->types[c] : PSST_COL_TEXT;
      if (type == PSST_COL_LIST)
        put_list(fp, v);
      else if (!v)
        fputs("null", fp);
      else if ((type == PSST_COL_INT && json_number(v, false)) ||
               (type == PSST_COL_REAL && json_number(v, true)))
        fputs(v, fp);
      else if (type != PSST_COL_PCT || !put_fraction(fp, v))
        psst_json_string(fp, v);
    }
    fputs(r + 1 < t->nrows ? "},\n" : "}\n", fp);
  }
  fputs("]\n", fp);
  return finish(fp, err);
}
