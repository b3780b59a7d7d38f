/*
 * db_swap.c: the handle's SQLite connection as psst serve needs it (db_swap.h).
 */
#include "db_swap.h"
#include "internal.h"

#include <sqlite3.h>
#include <string.h>

void ps_db_progress(struct psst *p, int (*fn)(void *), void *arg) {
  /* 1000 virtual machine steps: well under a millisecond, so a limit is kept closely */
  sqlite3_progress_handler(p->db, fn ? 1000 : 0, fn, arg);
}

bool ps_db_damaged(struct psst *p, const char *msg) {
  int e = p && p->db ? sqlite3_extended_errcode(p->db) & 0xff : SQLITE_OK;
  if (e == SQLITE_CORRUPT || e == SQLITE_NOTADB)
    return true;
  /* the library's error carries SQLite's message; the connection may have moved on since
     (a finalize or a later statement resets its error code) */
  return msg && (strstr(msg, sqlite3_errstr(SQLITE_CORRUPT)) ||
                 strstr(msg, sqlite3_errstr(SQLITE_NOTADB)));
}
