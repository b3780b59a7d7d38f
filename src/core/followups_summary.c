/*
 * followups_summary.c: a row a session with the documents on its subject before and after
 * it (psst followups without a session): the overview from which an analyst picks the
 * sessions to look at one by one.
 */
#include "followups_int.h"
#include "listing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int psst_followups_summary(struct psst *p, const char *tech, const char *topic,
                           const struct psst_followups_opts *o, enum psst_lang lang,
                           struct psst_table **out, struct psst_error *err) {
  static const char *const cols[] = {
      "session", "date",          "window_from", "window_to",        "matched",        "before",
      "after",   "within_window", "first_after", "first_after_date", "first_after_lag"};
  static const enum psst_coltype types[] = {
      PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_LIST, PSST_COL_INT,
      PSST_COL_INT,  PSST_COL_INT,  PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_INT};
  (void)lang; /* ids, dates and codes: the same in both languages */
  *out = NULL;
  int v[2];
  for (int k = 0; k < 2; k++) {
    int m = !o ? 0 : k ? o->after : o->before;
    if (m < 0 || m > 240)
      return ps_err(err, PSST_EINVAL, "followups: %d months %s is not 0 to 240", m,
                    k ? "after" : "before");
    v[k] = m ? m : k ? 24 : 12;
  }
  if (tech && topic)
    return ps_err(err, PSST_EINVAL, "followups: a tag or a topic, not both");
  if (tech && !ps_code_find(p->ref.tags, p->ref.n_tags, tech))
    return ps_err(err, PSST_EINVAL, "followups: unknown technology tag '%s'", tech);
  if (topic && !ps_code_find(p->ref.topics, p->ref.n_topics, topic))
    return ps_err(err, PSST_EINVAL, "followups: unknown topic '%s'", topic);
  /* the set of sessions, the documents that match one, and the codes they match by */
  const char *set =
      tech    ? "EXISTS (SELECT 1 FROM session_tech WHERE session_id = s.id AND tag = ?1)"
      : topic ? "EXISTS (SELECT 1 FROM session_topics WHERE session_id = s.id AND topic = ?1)"
              : "EXISTS (SELECT 1 FROM session_tech WHERE session_id = s.id) AND ?1 IS NULL";
  const char *match =
      tech    ? "EXISTS (SELECT 1 FROM document_tech WHERE document_id = d.id AND tag = ?1)"
      : topic ? "EXISTS (SELECT 1 FROM document_topics WHERE document_id = d.id AND topic = ?1)"
              : "EXISTS (SELECT 1 FROM document_tech dt JOIN session_tech st ON st.tag = dt.tag"
                " WHERE dt.document_id = d.id AND st.session_id = s.id)";
  const char *matched =
      tech || topic ? "?1"
                    : "(SELECT group_concat(tag, ',') FROM session_tech WHERE session_id = s.id)";
  /* after: on or after the day; for an uncertain date, after its window */
#define AFTER "(x.dd >= coalesce(s.date, date(s.hi, '+1 day')))"
  struct ps_buf sql = {0};
  int rc = ps_buf_printf(
      &sql,
      "WITH s AS (SELECT id, term, number, date, date_from AS lo, date_to AS hi FROM sessions s"
      "  WHERE %s),"
      " x AS (SELECT s.id AS sid, d.id AS did, d.date AS dd, d.ord FROM s JOIN documents d"
      "  ON %s WHERE d.date >= date(s.lo, '-' || ?2 || ' months')"
      "  AND d.date <= date(s.hi, '+' || ?3 || ' months'))"
      " SELECT s.term || '-' || s.number, s.date, s.lo, s.hi, %s,"
      " (SELECT count(*) FROM x WHERE x.sid = s.id AND x.dd < s.lo),"
      " (SELECT count(*) FROM x WHERE x.sid = s.id AND " AFTER "),"
      " (SELECT count(*) FROM x WHERE x.sid = s.id AND s.date IS NULL AND x.dd BETWEEN s.lo"
      "  AND s.hi),"
      " f.did, f.dd,"
      " CAST(round(julianday(f.dd) - julianday(coalesce(s.date, s.hi))) AS INTEGER)"
      " FROM s LEFT JOIN (SELECT x.sid, x.did, x.dd, min(printf('%%s%%08d', x.dd, x.ord)) FROM x "
      "JOIN s"
      "  ON s.id = x.sid WHERE " AFTER " GROUP BY x.sid) f ON f.sid = s.id"
      " ORDER BY s.term, s.number",
      set, match, matched);
#undef AFTER
  sqlite3_stmt *st = NULL;
  struct psst_table *t = ps_table_new(11, cols, types);
  if (rc || !t)
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  if (!rc && !(rc = ps_prepare(p, sql.s, &st, err))) {
    if (tech || topic)
      sqlite3_bind_text(st, 1, tech ? tech : topic, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, v[0]);
    sqlite3_bind_int(st, 3, v[1]);
    rc = ps_run_into_table(p, st, t, err);
  }
  if (!rc && ps_table_set_note(t,
                               "documents from %d months before each session to %d after; "
                               "'after' counts from the session's day (an uncertain date: "
                               "from the end of its window)",
                               v[0], v[1]))
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  sqlite3_finalize(st);
  ps_buf_release(&sql);
  if (rc) {
    psst_table_free(t);
    return rc;
  }
  *out = t;
  return PSST_OK;
}
