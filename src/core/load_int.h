/*
 * load_int.h: what the loaders of the data files into the database share (load.c): the
 * sessions' (build.c), the documents' (followups_build.c) and the phrases' (phrase.c).
 */
#ifndef PSST_LOAD_INT_H
#define PSST_LOAD_INT_H

#include "internal.h"

#include <sqlite3.h>

/* s as text (a copy SQLite keeps), or NULL as SQL NULL. */
void ps_bind_opt(sqlite3_stmt *st, int i, const char *s);
/* sql run on the database being built; an error says "building the database: ...". */
int ps_build_exec(sqlite3 *db, const char *sql, struct psst_error *err);
/* A source's columns 3 to 10 of a sources table (url, publisher, kind, published, supports
   comma-joined, via, quote, note), the owner and the order being 1 and 2; tmp is scratch
   space, reused. PSST_ENOMEM when the supports could not be joined. */
int ps_bind_source(sqlite3_stmt *st, const struct psst_source *src, struct ps_buf *tmp);

#endif
