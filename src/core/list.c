/* list.c: psst_list, the filtered listing of sessions, and the columns it shares with search. */
#include "internal.h"
#include "listing.h"

#include <stdlib.h>

/* ?1 is the language: 1 for Chinese. Titles and names fall back to the other language. */
const char ps_session_columns[] =
    "s.term || '-' || s.number, s.date, s.term, s.number, s.leader, s.format, s.topic,"
    " (SELECT group_concat(tag, ',') FROM (SELECT st.tag FROM session_tech st JOIN tags g"
    "   ON g.code = st.tag WHERE st.session_id = s.id ORDER BY g.ord)),"
    " CASE WHEN ?1 THEN coalesce(nullif(s.title_zh, ''), s.title_en)"
    "   ELSE coalesce(nullif(s.title_en, ''), s.title_zh) END,"
    " (SELECT group_concat(n, CASE WHEN ?1 THEN '、' ELSE ', ' END) FROM (SELECT CASE WHEN ?1"
    "   THEN coalesce(nullif(pe.name_zh, ''), pe.name_en) ELSE coalesce(nullif(pe.name_en, ''),"
    "   pe.name_zh) END AS n FROM lectures l JOIN persons pe ON pe.id = l.person_id"
    "   WHERE l.session_id = s.id ORDER BY l.ord))";

const char *const ps_session_colnames[PS_SESSION_NCOLS] = {
    "id", "date", "term", "number", "leader", "format", "topic", "tech", "title", "lecturers"};
const enum psst_coltype ps_session_coltypes[PS_SESSION_NCOLS] = {
    PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_INT,  PSST_COL_INT,  PSST_COL_TEXT,
    PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_LIST, PSST_COL_TEXT, PSST_COL_LIST};

int ps_run_into_table(struct psst *p, sqlite3_stmt *st, struct psst_table *t,
                      struct psst_error *err) {
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    if (ps_table_add_stmt_row(t, st))
      return ps_err(err, PSST_ENOMEM, "out of memory");
  if (rc != SQLITE_DONE)
    return ps_err_db(err, p->db, "query");
  return PSST_OK;
}

/* The number of sessions that the conditions in sql (after "WHERE 1") select. */
int ps_count_where(struct psst *p, const char *from_where, const struct ps_binds *b, int first,
                   const char *q, long *total, struct psst_error *err) {
  struct ps_buf sql = {0};
  sqlite3_stmt *st = NULL;
  int rc = ps_buf_printf(&sql, "SELECT count(*) %s", from_where)
               ? ps_err(err, PSST_ENOMEM, "out of memory")
               : ps_prepare(p, sql.s, &st, err);
  if (!rc) {
    if (q)
      sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
    ps_binds_apply(st, b, first);
    if (sqlite3_step(st) == SQLITE_ROW)
      *total = (long)sqlite3_column_int64(st, 0);
    else
      rc = ps_err_db(err, p->db, "query");
  }
  sqlite3_finalize(st);
  ps_buf_release(&sql);
  return rc;
}

int ps_page_sql(struct ps_buf *sql, const struct psst_page *page) {
  if (!page || (!page->limit && !page->offset))
    return PSST_OK;
  /* SQLite takes LIMIT -1 for no limit; the values are ours, not the caller's text */
  return ps_buf_printf(sql, " LIMIT %lld OFFSET %llu", page->limit ? (long long)page->limit : -1LL,
                       (unsigned long long)page->offset);
}

const char *ps_order_sql(enum psst_order order) {
  switch (order) {
  case PSST_ORDER_NEWEST:
    return " ORDER BY s.term DESC, s.number DESC";
  case PSST_ORDER_CHANGED:
    /* the day of the last change, then the session's own day (its window's end when
       undated); the numbering breaks the ties, so that the order is the same every time */
    return " ORDER BY coalesce(s.updated, s.added) DESC, coalesce(s.date, s.date_to) DESC,"
           " s.term DESC, s.number DESC";
  default:
    return " ORDER BY s.term, s.number";
  }
}

int psst_list(struct psst *p, const struct psst_filter *f, enum psst_lang lang,
              struct psst_table **out, struct psst_error *err) {
  return psst_list_page(p, f, NULL, lang, out, NULL, err);
}

int psst_list_page(struct psst *p, const struct psst_filter *f, const struct psst_page *page,
                   enum psst_lang lang, struct psst_table **out, long *total,
                   struct psst_error *err) {
  *out = NULL;
  struct ps_buf sql = {0}, where = {0};
  struct ps_binds b = {0};
  sqlite3_stmt *st = NULL;
  struct psst_table *t = NULL;
  /* a page in the numbering's order is read from an index in that order, its first rows
     without the rest: large topic and tag sets are then tested row by row (filter.c) */
  enum psst_order order = page ? page->order : PSST_ORDER_DEFAULT;
  size_t rows = page && page->limit && order != PSST_ORDER_CHANGED ? page->offset + page->limit : 0;
  int rc = ps_buf_puts(&where, "FROM sessions s WHERE 1")
               ? ps_err(err, PSST_ENOMEM, "out of memory")
               : ps_filter_sql_ordered(p, f, rows, &where, &b, err);
  if (rc)
    goto out;
  if (ps_buf_printf(&sql, "SELECT %s %s", ps_session_columns, where.s) ||
      ps_buf_puts(&sql, ps_order_sql(order)) || ps_page_sql(&sql, page)) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  if ((rc = ps_prepare(p, sql.s, &st, err)))
    goto out;
  sqlite3_bind_int(st, 1, lang == PSST_LANG_ZH);
  ps_binds_apply(st, &b, 2);
  if (!(t = ps_table_new(PS_SESSION_NCOLS, ps_session_colnames, ps_session_coltypes))) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  if ((rc = ps_run_into_table(p, st, t, err)) || (rc = ps_filter_caveat(p, f, lang, t, err)))
    goto out;
  if (total && (rc = ps_count_where(p, where.s, &b, 1, NULL, total, err)))
    goto out;
  *out = t;
  t = NULL;
out:
  psst_table_free(t);
  sqlite3_finalize(st);
  ps_binds_release(&b);
  ps_buf_release(&sql);
  ps_buf_release(&where);
  return rc;
}
