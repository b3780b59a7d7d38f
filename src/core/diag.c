/* diag.c: the list of problems psst check and the database build report. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

int ps_diag_add(struct psst_diags *d, enum psst_severity sev, const char *file, size_t line,
                const char *field, const char *kind, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = ps_diag_addv(d, sev, file, line, field, kind, fmt, ap);
  va_end(ap);
  return rc;
}

int ps_diag_addv(struct psst_diags *d, enum psst_severity sev, const char *file, size_t line,
                 const char *field, const char *kind, const char *fmt, va_list ap0) {
  if (!d)
    return PSST_OK;
  if (d->as_errors)
    sev = PSST_ERROR;
  if (d->errors_only && sev == PSST_WARNING) {
    d->n_warnings++;
    return PSST_OK;
  }
  if (d->sink) {
    struct ps_buf msg = {0};
    if (ps_buf_vprintf(&msg, fmt, ap0)) {
      ps_buf_release(&msg);
      return PSST_ENOMEM;
    }
    /* the strings are the caller's for the call: the sink copies what it keeps */
    struct psst_diag g = {.file = (char *)(file ? file : ""),
                          .line = line,
                          .field = (char *)(field ? field : ""),
                          .kind = (char *)kind,
                          .message = msg.s ? msg.s : (char *)"",
                          .severity = sev};
    d->sink(&g, d->sink_ctx);
    ps_buf_release(&msg);
    if (sev == PSST_ERROR)
      d->n_errors++;
    else
      d->n_warnings++;
    return PSST_OK;
  }
  if (d->n == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 16;
    struct psst_diag *v = realloc(d->v, cap * sizeof *v);
    if (!v)
      return PSST_ENOMEM;
    d->v = v;
    d->cap = cap;
  }
  struct ps_buf msg = {0};
  if (ps_buf_vprintf(&msg, fmt, ap0)) {
    ps_buf_release(&msg);
    return PSST_ENOMEM;
  }
  char *m = ps_buf_detach(&msg);
  struct psst_diag *g = &d->v[d->n];
  g->file = ps_strdup(file ? file : "");
  g->field = ps_strdup(field ? field : "");
  g->kind = ps_strdup(kind);
  g->message = m;
  g->line = line;
  g->severity = sev;
  if (!g->file || !g->field || !g->kind || !g->message) {
    free(g->file), free(g->field), free(g->kind), free(g->message);
    return PSST_ENOMEM;
  }
  d->n++;
  if (sev == PSST_ERROR)
    d->n_errors++;
  else
    d->n_warnings++;
  return PSST_OK;
}

void psst_diags_release(struct psst_diags *d) {
  if (!d)
    return;
  for (size_t i = 0; i < d->n; i++) {
    free(d->v[i].file);
    free(d->v[i].field);
    free(d->v[i].kind);
    free(d->v[i].message);
  }
  free(d->v);
  d->v = NULL;
  d->n = d->cap = d->n_errors = d->n_warnings = 0;
}

int psst_diags_table(const struct psst_diags *d, bool warnings, struct psst_table **out) {
  static const char *const cols[] = {"file", "line", "field", "severity", "kind", "message"};
  static const enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_INT,  PSST_COL_TEXT,
                                            PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT};
  struct psst_table *t = ps_table_new(6, cols, types);
  if (!t)
    return PSST_ENOMEM;
  for (size_t i = 0; i < d->n; i++) {
    const struct psst_diag *g = &d->v[i];
    if (g->severity == PSST_WARNING && !warnings)
      continue;
    char line[32];
    snprintf(line, sizeof line, "%zu", g->line);
    const char *row[] = {g->file,  line,
                         g->field, g->severity == PSST_ERROR ? "error" : "warning",
                         g->kind,  g->message};
    if (ps_table_add_row(t, row)) {
      psst_table_free(t);
      return PSST_ENOMEM;
    }
  }
  *out = t;
  return PSST_OK;
}
