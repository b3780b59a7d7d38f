/*
 * db_swap.h: what psst serve needs of a database handle beyond the public API, so that the
 * server's files need not know the handle's insides (internal.h): a time limit on its
 * queries, and whether a failed query met a damaged file, after which the server serves from
 * a rebuilt database instead (src/server/gen.c).
 */
#ifndef PSST_DB_SWAP_H
#define PSST_DB_SWAP_H

#include "psst.h"

#include <stdbool.h>

/* Has fn(arg) called every few thousand steps of p's statements: non-zero stops the running
   statement (it fails with SQLITE_INTERRUPT). fn NULL removes it. */
void ps_db_progress(struct psst *p, int (*fn)(void *), void *arg);

/* Whether p's last failure, or the error text msg (a reply's detail, may be NULL), says the
   file is not a sound database: SQLite's SQLITE_CORRUPT or SQLITE_NOTADB. */
bool ps_db_damaged(struct psst *p, const char *msg);

#endif
