/* load.c: what the loaders of the data files into the database share (load_int.h). */
#include "load_int.h"

void ps_bind_opt(sqlite3_stmt *st, int i, const char *s) {
  if (s)
    sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(st, i);
}

int ps_build_exec(sqlite3 *db, const char *sql, struct psst_error *err) {
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    int rc = ps_err(err, PSST_EDB, "building the database: %s", msg ? msg : "failed");
    sqlite3_free(msg);
    return rc;
  }
  return PSST_OK;
}

int ps_bind_source(sqlite3_stmt *st, const struct psst_source *src, struct ps_buf *tmp) {
  int rc = PSST_OK;
  tmp->len = 0;
  for (size_t k = 0; k < src->n_supports && !rc; k++)
    if (ps_buf_printf(tmp, "%s%s", k ? "," : "", src->supports[k]))
      rc = PSST_ENOMEM;
  ps_bind_opt(st, 3, src->url);
  ps_bind_opt(st, 4, src->publisher);
  ps_bind_opt(st, 5, src->kind);
  ps_bind_opt(st, 6, src->published);
  ps_bind_opt(st, 7, tmp->len ? tmp->s : "");
  ps_bind_opt(st, 8, src->via);
  ps_bind_opt(st, 9, src->quote);
  ps_bind_opt(st, 10, src->note);
  return rc;
}
