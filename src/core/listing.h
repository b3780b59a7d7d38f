/* listing.h: the session columns that list and search share. */
#ifndef PSST_LISTING_H
#define PSST_LISTING_H

#include "internal.h"

enum { PS_SESSION_NCOLS = 10 };
/* SELECT expressions over `sessions s`; parameter ?1 is 1 for Chinese labels. */
extern const char ps_session_columns[];
extern const char *const ps_session_colnames[PS_SESSION_NCOLS];
extern const enum psst_coltype ps_session_coltypes[PS_SESSION_NCOLS];

/* Steps st to the end, appending each row to t. */
int ps_run_into_table(struct psst *p, sqlite3_stmt *st, struct psst_table *t,
                      struct psst_error *err);

#endif
