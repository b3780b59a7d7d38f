/* error.c: status names and the helpers that fill struct psst_error. */
#include "internal.h"

#include <stdio.h>

const char *psst_strerror(int status) {
  switch (status) {
  case PSST_OK:
    return "ok";
  case PSST_ENOMEM:
    return "out of memory";
  case PSST_EIO:
    return "input/output error";
  case PSST_EDATA:
    return "the data files have errors";
  case PSST_EDB:
    return "database error";
  case PSST_ENOTFOUND:
    return "not found";
  case PSST_EINVAL:
    return "invalid argument";
  default:
    return "unknown error";
  }
}

int ps_err(struct psst_error *err, int status, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->status = status;
  }
  return status;
}

int ps_err_db(struct psst_error *err, sqlite3 *db, const char *what) {
  int rc = db ? sqlite3_errcode(db) : SQLITE_ERROR;
  return ps_err(err, rc == SQLITE_NOMEM ? PSST_ENOMEM : PSST_EDB, "%s: %s", what,
                db ? sqlite3_errmsg(db) : "no connection");
}
