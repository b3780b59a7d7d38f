/* show.c: one session by its id (term-number), read back from the record it was built from. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int psst_parse_id(const char *id, int *term, int *number, struct psst_error *err) {
  int t = 0, n = 0, used = 0;
  if (!id || sscanf(id, "%d-%d%n", &t, &n, &used) != 2 || id[used] || t < 1 || n < 1 || t > 1000 ||
      n > 1000000 || id[0] == '+' || id[0] == ' ')
    return ps_err(err, PSST_EINVAL, "'%s' is not a session id such as 19-18 (term-number)",
                  id ? id : "");
  *term = t;
  *number = n;
  return PSST_OK;
}

int psst_show(struct psst *p, int term, int number, struct psst_session *out, char **json,
              struct psst_error *err) {
  memset(out, 0, sizeof *out);
  if (json)
    *json = NULL;
  sqlite3_stmt *st;
  int rc =
      ps_prepare(p, "SELECT record, line FROM sessions WHERE term = ? AND number = ?", &st, err);
  if (rc)
    return rc;
  sqlite3_bind_int(st, 1, term);
  sqlite3_bind_int(st, 2, number);
  int s = sqlite3_step(st);
  if (s == SQLITE_ROW) {
    const char *text = (const char *)sqlite3_column_text(st, 0);
    size_t len = (size_t)sqlite3_column_bytes(st, 0);
    struct psst_diags d = {.errors_only = true};
    rc = ps_record_parse(text, len, "database", (size_t)sqlite3_column_int64(st, 1), &p->ref, out,
                         &d);
    psst_diags_release(&d);
    if (rc)
      rc = ps_err(err, rc, "session %d-%d: the stored record no longer parses", term, number);
    else if (json && !(*json = ps_strdup(text)))
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
  } else if (s == SQLITE_DONE) {
    rc = ps_err(err, PSST_ENOTFOUND, "no session %d-%d in the record", term, number);
  } else {
    rc = ps_err_db(err, p->db, "query");
  }
  sqlite3_finalize(st);
  if (rc)
    psst_session_release(out);
  return rc;
}

int psst_date_window(struct psst *p, int term, int number, char from[11], char to[11], int *year,
                     struct psst_error *err) {
  from[0] = to[0] = '\0';
  if (year)
    *year = 0;
  sqlite3_stmt *st;
  int rc = ps_prepare(
      p, "SELECT date_from, date_to, year FROM sessions WHERE term = ? AND number = ?", &st, err);
  if (rc)
    return rc;
  sqlite3_bind_int(st, 1, term);
  sqlite3_bind_int(st, 2, number);
  int s = sqlite3_step(st);
  if (s == SQLITE_ROW) {
    const char *a = (const char *)sqlite3_column_text(st, 0);
    const char *b = (const char *)sqlite3_column_text(st, 1);
    snprintf(from, 11, "%s", a ? a : "");
    snprintf(to, 11, "%s", b ? b : "");
    if (year)
      *year = sqlite3_column_int(st, 2);
  } else if (s == SQLITE_DONE) {
    rc = ps_err(err, PSST_ENOTFOUND, "no session %d-%d in the record", term, number);
  } else {
    rc = ps_err_db(err, p->db, "query");
  }
  sqlite3_finalize(st);
  return rc;
}
