/* table.c: struct psst_table, the rectangular result every listing returns. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct psst_table *ps_table_new(size_t ncols, const char *const *cols,
                                const enum psst_coltype *types) {
  struct psst_table *t = calloc(1, sizeof *t);
  if (!t)
    return NULL;
  t->ncols = ncols;
  t->cols = calloc(ncols ? ncols : 1, sizeof *t->cols);
  t->types = calloc(ncols ? ncols : 1, sizeof *t->types);
  if (!t->cols || !t->types)
    goto fail;
  for (size_t i = 0; i < ncols; i++) {
    if (!(t->cols[i] = ps_strdup(cols[i])))
      goto fail;
    t->types[i] = types ? types[i] : PSST_COL_TEXT;
  }
  return t;
fail:
  psst_table_free(t);
  return NULL;
}

static int reserve_row(struct psst_table *t) {
  if (t->nrows < t->cap)
    return PSST_OK;
  size_t cap = t->cap ? t->cap * 2 : 32;
  char **cells = realloc(t->cells, cap * t->ncols * sizeof *cells);
  if (!cells)
    return PSST_ENOMEM;
  t->cells = cells;
  t->cap = cap;
  return PSST_OK;
}

int ps_table_add_row(struct psst_table *t, const char *const *cells) {
  if (reserve_row(t))
    return PSST_ENOMEM;
  char **row = t->cells + t->nrows * t->ncols;
  for (size_t i = 0; i < t->ncols; i++) {
    row[i] = NULL;
    if (cells[i] && !(row[i] = ps_strdup(cells[i]))) {
      while (i--)
        free(row[i]);
      return PSST_ENOMEM;
    }
  }
  t->nrows++;
  return PSST_OK;
}

int ps_table_add_stmt_row(struct psst_table *t, sqlite3_stmt *st) {
  if (reserve_row(t))
    return PSST_ENOMEM;
  char **row = t->cells + t->nrows * t->ncols;
  for (size_t i = 0; i < t->ncols; i++) {
    const char *v = (const char *)sqlite3_column_text(st, (int)i);
    row[i] = NULL;
    if (v && !(row[i] = ps_strdup(v))) {
      while (i--)
        free(row[i]);
      return PSST_ENOMEM;
    }
  }
  t->nrows++;
  return PSST_OK;
}

int ps_table_set_note(struct psst_table *t, const char *fmt, ...) {
  struct ps_buf b = {0};
  va_list ap;
  va_start(ap, fmt);
  int rc = ps_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  if (rc) {
    ps_buf_release(&b);
    return rc;
  }
  free(t->note);
  t->note = ps_buf_detach(&b);
  return t->note ? PSST_OK : PSST_ENOMEM;
}

int ps_table_add_note(struct psst_table *t, const char *sep, const char *s) {
  if (!t->note)
    return (t->note = ps_strdup(s)) ? PSST_OK : PSST_ENOMEM;
  struct ps_buf b = {0};
  if (ps_buf_puts(&b, t->note) || ps_buf_puts(&b, sep) || ps_buf_puts(&b, s)) {
    ps_buf_release(&b);
    return PSST_ENOMEM;
  }
  free(t->note);
  t->note = ps_buf_detach(&b);
  return PSST_OK;
}

void psst_table_free(struct psst_table *t) {
  if (!t)
    return;
  for (size_t i = 0; i < t->nrows * t->ncols; i++)
    free(t->cells[i]);
  if (t->cols)
    for (size_t i = 0; i < t->ncols; i++)
      free(t->cols[i]);
  if (t->null_labels)
    for (size_t i = 0; i < t->ncols; i++)
      free(t->null_labels[i]);
  free(t->null_labels);
  if (t->headers)
    for (size_t i = 0; i < t->ncols; i++)
      free(t->headers[i]);
  free(t->headers);
  free(t->cells);
  free(t->cols);
  free(t->types);
  free(t->note);
  free(t);
}

void psst_table_truncate(struct psst_table *t, size_t n) {
  if (!t || n >= t->nrows)
    return;
  for (size_t i = n * t->ncols; i < t->nrows * t->ncols; i++)
    free(t->cells[i]);
  t->nrows = n;
}
