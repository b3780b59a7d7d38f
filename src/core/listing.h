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

/*
 * The count(*) of a query given from its FROM on (e.g. "FROM sessions s WHERE 1 AND ..."),
 * with q bound to ?1 when not NULL and the filter's values from parameter `first` on.
 */
int ps_count_where(struct psst *p, const char *from_where, const struct ps_binds *b, int first,
                   const char *q, long *total, struct psst_error *err);
/* " ORDER BY ..." over `sessions s` for a listing order; PSST_ORDER_DEFAULT is date order. */
const char *ps_order_sql(enum psst_order order);
/* Appends " LIMIT n OFFSET m" for a page that asks for one. */
int ps_page_sql(struct ps_buf *sql, const struct psst_page *page);

#endif
