/*
 * dta.c: the psst-dta module: a table written as a Stata file with ReadStat (mod_dta.h).
 *
 * Stata 14's format (118) is the first to hold UTF-8, which the Chinese columns need; Stata
 * 14 and later, pandas (read_stata), R (haven) and ReadStat itself read it. A string column
 * is as wide as its widest value, which ReadStat needs before the first row, so the table
 * comes whole.
 */
#include "mod_dta.h"

#include "module.h"

#include <errno.h>
#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

PS_MODULE_VERSION;

/* The widest str# of format 118; wider text goes in a strL. */
enum { STR_MAX = 2045 };

static ssize_t write_bytes(const void *bytes, size_t len, void *ctx) {
  return fwrite(bytes, 1, len, (FILE *)ctx) == len ? (ssize_t)len : -1;
}

/* Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian). */
static long days_from_civil(long y, long m, long d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* "YYYY-MM-DD" as Stata's date, days since 1960-01-01; false for anything else. */
static bool stata_date(const char *s, int32_t *out) {
  for (int i = 0; i < 10; i++)
    if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
      return false;
  if (s[10])
    return false;
  long y = atol(s), m = atol(s + 5), d = atol(s + 8);
  if (m < 1 || m > 12 || d < 1 || d > 31)
    return false;
  *out = (int32_t)(days_from_civil(y, m, d) - days_from_civil(1960, 1, 1));
  return true;
}

static bool stata_long(const char *s, int32_t *out) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  /* Stata's long holds up to 2,147,483,620; beyond are its missing values */
  if (errno || end == s || *end || v < -2147483647LL || v > 2147483620LL)
    return false;
  *out = (int32_t)v;
  return true;
}

static int rs_error(struct psst_error *err, const char *name, readstat_error_t e) {
  int status = e == READSTAT_ERROR_MALLOC  ? PSST_ENOMEM
               : e == READSTAT_ERROR_WRITE ? PSST_EIO
                                           : PSST_EINVAL;
  if (e == READSTAT_ERROR_WRITE)
    return ps_err(err, status, "%s: cannot write: %s", name, strerror(errno ? errno : EIO));
  return ps_err(err, status, "%s: %s", name, readstat_error_message(e));
}

/* One cell: a value of the column's kind, else a missing value; a strL's text is its ref. */
static readstat_error_t insert(readstat_writer_t *w, readstat_variable_t *v, enum ps_xkind kind,
                               readstat_string_ref_t *ref, const char *s) {
  int32_t n;
  if (ref)
    return readstat_insert_string_ref(w, v, ref);
  if (kind == PS_X_TEXT)
    return readstat_insert_string_value(w, v, s ? s : "");
  if (s && (kind == PS_X_DATE ? stata_date(s, &n) : stata_long(s, &n)))
    return readstat_insert_int32_value(w, v, n);
  return readstat_insert_missing_value(w, v);
}

int ps_mod_dta_write(const struct ps_dta_table *t, const char *path, const char *name,
                     struct psst_error *err);

int ps_mod_dta_write(const struct ps_dta_table *t, const char *path, const char *name,
                     struct psst_error *err) {
  readstat_variable_t **vars = calloc(t->ncols ? t->ncols : 1, sizeof *vars);
  bool *strl = calloc(t->ncols ? t->ncols : 1, sizeof *strl);
  /* the strLs' texts, a ref a cell of a strL column: all known before the first row, since
     the file's map, written first, gives the size of the strL section */
  readstat_string_ref_t **refs = calloc(t->nrows * t->ncols + 1, sizeof *refs);
  readstat_writer_t *w = readstat_writer_init();
  FILE *fp = NULL;
  readstat_error_t e = READSTAT_OK;
  int rc = PSST_OK;
  if (!vars || !strl || !refs || !w) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  if (!(fp = fopen(path, "wb"))) {
    rc = ps_err(err, PSST_EIO, "%s: cannot write: %s", name, strerror(errno));
    goto out;
  }
  readstat_set_data_writer(w, write_bytes);
  if ((e = readstat_writer_set_file_format_version(w, 118)) ||
      (e = readstat_writer_set_file_label(w, t->label)))
    goto out;
  for (size_t k = 0; k < t->ncols; k++) {
    const struct ps_xcol *c = &t->cols[k];
    readstat_type_t type = READSTAT_TYPE_INT32;
    size_t width = 0;
    if (c->kind == PS_X_TEXT) {
      width = 1; /* Stata has no str0 */
      for (size_t r = 0; r < t->nrows; r++) {
        const char *s = t->cells[r * t->ncols + k];
        size_t n = s ? strlen(s) : 0;
        width = n > width ? n : width;
      }
      strl[k] = width > STR_MAX;
      type = strl[k] ? READSTAT_TYPE_STRING_REF : READSTAT_TYPE_STRING;
    }
    if (!(vars[k] = readstat_add_variable(w, c->name, type, strl[k] ? 0 : width))) {
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
      goto out;
    }
    readstat_variable_set_label(vars[k], c->label);
    if (c->kind == PS_X_DATE)
      readstat_variable_set_format(vars[k], "%td");
  }
  for (size_t i = 0; i < t->n_notes; i++)
    readstat_add_note(w, t->notes[i]);
  for (size_t r = 0; r < t->nrows; r++)
    for (size_t k = 0; k < t->ncols; k++) {
      const char *s = t->cells[r * t->ncols + k];
      if (strl[k] && !(refs[r * t->ncols + k] = readstat_add_string_ref(w, s ? s : ""))) {
        rc = ps_err(err, PSST_ENOMEM, "out of memory");
        goto out;
      }
    }
  errno = 0;
  if ((e = readstat_begin_writing_dta(w, fp, (long)t->nrows)))
    goto out;
  for (size_t r = 0; r < t->nrows && !e; r++) {
    e = readstat_begin_row(w);
    for (size_t k = 0; k < t->ncols && !e; k++)
      e = insert(w, vars[k], t->cols[k].kind, refs[r * t->ncols + k], t->cells[r * t->ncols + k]);
    if (!e)
      e = readstat_end_row(w);
  }
  if (!e)
    e = readstat_end_writing(w);
out:
  if (e && !rc)
    rc = rs_error(err, name, e);
  if (fp && fclose(fp) && !rc)
    rc = ps_err(err, PSST_EIO, "%s: cannot write: %s", name, strerror(errno));
  if (w)
    readstat_writer_free(w);
  free(vars);
  free(strl);
  free(refs);
  return rc;
}
