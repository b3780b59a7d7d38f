/*
 * phrase_query.c: where the recorded phrases travelled: the first document whose title
 * holds each (psst_phrases), every session record and document title that holds one
 * (psst_phrase_trace), and the same search over the full texts of the analyst's archive
 * (psst_phrase_archive), which the repository does not ship.
 *
 * A phrase matches a text that holds it or one of its variants, as written (Chinese has
 * no word boundaries to respect). Lags are whole days from the session the phrase was
 * said at; a negative lag is a title or text that had the phrase before the session.
 */
#include "phrase_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* days from b to a, both YYYY-MM-DD, as SQL */
#define LAG(a, b) "CAST(round(julianday(" a ") - julianday(" b ")) AS INTEGER)"

static bool has_table(sqlite3 *db, const char *name) {
  sqlite3_stmt *st = NULL;
  bool yes = false;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", -1,
                         &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    yes = sqlite3_step(st) == SQLITE_ROW;
  }
  sqlite3_finalize(st);
  return yes;
}

static int need_phrases(struct psst *p, struct psst_error *err) {
  if (has_table(p->db, "phrases"))
    return PSST_OK;
  return ps_err(err, PSST_EDB,
                "the database has no phrases tables: rebuild it (psst build --force)");
}

/* The phrase table's result, or the error of the statement that failed. */
static int finish(struct psst *p, sqlite3_stmt *st, int step, struct psst_table *t,
                  struct psst_table **out, struct psst_error *err) {
  int rc = step == SQLITE_DONE ? PSST_OK : ps_err_db(err, p->db, "reading the phrases");
  sqlite3_finalize(st);
  if (rc) {
    psst_table_free(t);
    return rc;
  }
  *out = t;
  return PSST_OK;
}

int psst_phrases(struct psst *p, enum psst_lang lang, struct psst_table **out,
                 struct psst_error *err) {
  static const char *const cols[] = {"id",           "phrase",         "phrase_en",   "session",
                                     "session_date", "first_document", "first_title", "first_date",
                                     "lag_days",     "documents"};
  static const enum psst_coltype types[] = {
      PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT,
      PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_INT,  PSST_COL_INT};
  *out = NULL;
  int rc = need_phrases(p, err);
  if (rc)
    return rc;
  bool docs = has_table(p->db, "documents");
  /* the documents are dated by the day issued, else announced; a title holds the phrase
     when it holds any of its spellings; the first by date, then by the file's order */
  const char *sql =
      docs ? "WITH m AS (SELECT pt.phrase_id AS pid, d.id AS did, d.ord AS dord,"
             " CASE WHEN ?1 THEN d.title_zh ELSE coalesce(nullif(d.title_en, ''), d.title_zh)"
             " END AS title, coalesce(d.issued, d.announced) AS dd FROM phrase_terms pt"
             " JOIN documents d ON instr(d.title_zh, pt.text) > 0 GROUP BY pt.phrase_id, d.id)"
             " SELECT ph.id, ph.phrase_zh, ph.phrase_en, ph.session, s.date, f.did, f.title,"
             " f.dd, " LAG(
                 "f.dd",
                 "s.date") ", (SELECT count(*) FROM m WHERE m.pid = ph.id)"
                           " FROM phrases ph LEFT JOIN sessions s ON s.term = ph.term AND s.number "
                           "= ph.number"
                           " LEFT JOIN m f ON f.pid = ph.id AND f.did = (SELECT m2.did FROM m m2"
                           " WHERE m2.pid = ph.id ORDER BY m2.dd, m2.dord LIMIT 1)"
                           " ORDER BY s.date IS NULL, s.date, ph.ord"
           : "SELECT ph.id, ph.phrase_zh, ph.phrase_en, ph.session, s.date, NULL, NULL, NULL,"
             " NULL, 0 FROM phrases ph LEFT JOIN sessions s ON s.term = ph.term"
             " AND s.number = ph.number WHERE ?1 = ?1 ORDER BY s.date IS NULL, s.date, ph.ord";
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) != SQLITE_OK)
    return ps_err_db(err, p->db, "reading the phrases");
  sqlite3_bind_int(st, 1, lang == PSST_LANG_ZH);
  struct psst_table *t = ps_table_new(10, cols, types);
  if (!t) {
    sqlite3_finalize(st);
    return ps_err(err, PSST_ENOMEM, "out of memory");
  }
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW)
    if (ps_table_add_stmt_row(t, st)) {
      sqlite3_finalize(st);
      psst_table_free(t);
      return ps_err(err, PSST_ENOMEM, "out of memory");
    }
  if (step == SQLITE_DONE && !docs &&
      ps_table_set_note(t, lang == PSST_LANG_ZH ? "数据库中还没有文件（documents.jsonl）"
                                                : "the database has no documents yet "
                                                  "(documents.jsonl)"))
    step = SQLITE_NOMEM;
  return finish(p, st, step, t, out, err);
}

/* The recorded phrase that `text` names (its id, phrase or a variant). */
struct named {
  char *id, *phrase_zh, *phrase_en, *session, *quote, *date;
  int term, number;
};

static void named_release(struct named *n) {
  free(n->id), free(n->phrase_zh), free(n->phrase_en), free(n->session), free(n->quote);
  free(n->date);
  *n = (struct named){0};
}

static char *col_dup(sqlite3_stmt *st, int i, bool *nomem) {
  const char *v = (const char *)sqlite3_column_text(st, i);
  char *d = v ? ps_strdup(v) : NULL;
  *nomem |= v && !d;
  return d;
}

/* Fills *n when text names a recorded phrase (else leaves it zeroed). */
static int find_named(struct psst *p, const char *text, struct named *n, struct psst_error *err) {
  *n = (struct named){0};
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(p->db,
                         "SELECT ph.id, ph.phrase_zh, ph.phrase_en, ph.session, ph.quote, s.date,"
                         " ph.term, ph.number FROM phrases ph LEFT JOIN sessions s"
                         " ON s.term = ph.term AND s.number = ph.number WHERE ph.id = ?1"
                         " OR EXISTS (SELECT 1 FROM phrase_terms pt WHERE pt.phrase_id = ph.id"
                         " AND pt.text = ?1) ORDER BY ph.id <> ?1, ph.ord LIMIT 1",
                         -1, &st, NULL) != SQLITE_OK)
    return ps_err_db(err, p->db, "reading the phrases");
  sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
  int step = sqlite3_step(st);
  bool nomem = false;
  if (step == SQLITE_ROW) {
    n->id = col_dup(st, 0, &nomem), n->phrase_zh = col_dup(st, 1, &nomem);
    n->phrase_en = col_dup(st, 2, &nomem), n->session = col_dup(st, 3, &nomem);
    n->quote = col_dup(st, 4, &nomem), n->date = col_dup(st, 5, &nomem);
    n->term = sqlite3_column_int(st, 6), n->number = sqlite3_column_int(st, 7);
  }
  sqlite3_finalize(st);
  if (nomem) {
    named_release(n);
    return ps_err(err, PSST_ENOMEM, "out of memory");
  }
  if (step != SQLITE_ROW && step != SQLITE_DONE)
    return ps_err_db(err, p->db, "reading the phrases");
  return PSST_OK;
}

int psst_phrase_trace(struct psst *p, const char *phrase, enum psst_lang lang,
                      struct psst_table **out, struct psst_error *err) {
  static const char *const cols[] = {"kind", "id", "date", "lag_days", "title", "found_in"};
  static const enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT,
                                            PSST_COL_INT,  PSST_COL_TEXT, PSST_COL_TEXT};
  *out = NULL;
  int rc = need_phrases(p, err);
  struct named n = {0};
  if (rc || (rc = find_named(p, phrase, &n, err)))
    return rc;
  bool docs = has_table(p->db, "documents");
  /* t: the spellings searched (a recorded phrase's, else the text as given); the session
     the phrase was said at is its own row, not found again among the sessions */
  struct ps_buf sql = {0};
  int brc = ps_buf_puts(
      &sql,
      "WITH t(text) AS (SELECT text FROM phrase_terms WHERE phrase_id = ?1"
      " UNION SELECT ?2 WHERE ?1 IS NULL),"
      " st AS (SELECT s.*, CASE WHEN ?3 THEN s.title_zh"
      " ELSE coalesce(nullif(s.title_en, ''), s.title_zh) END AS title FROM sessions s)"
      " SELECT kind, id, date, lag, title, found_in FROM ("
      " SELECT 0 AS k, 'said' AS kind, st.term || '-' || st.number AS id, st.date,"
      " " LAG(
          "st.date",
          "?4") " AS lag, st.title, 'phrases.jsonl' AS found_in,"
                " st.term * 1000 + st.number AS o FROM st WHERE st.term = ?5 AND st.number = ?6"
                " UNION ALL SELECT 1, 'session', x.term || '-' || x.number, x.date,"
                " " LAG(
                    "x.date",
                    "?4") ", x.title, x.f, x.term * 1000 + x.number FROM (SELECT st.*,"
                          " CASE WHEN EXISTS (SELECT 1 FROM t WHERE instr(st.title_zh, t.text) > 0"
                          "  OR instr(lower(st.title_en), lower(t.text)) > 0) THEN 'title'"
                          " WHEN EXISTS (SELECT 1 FROM t JOIN sources so ON so.session_id = st.id"
                          "  WHERE instr(so.quote, t.text) > 0) THEN 'sources.quote'"
                          " WHEN EXISTS (SELECT 1 FROM t WHERE instr(st.notes, t.text) > 0) THEN "
                          "'notes'"
                          " END AS f FROM st) x WHERE x.f IS NOT NULL AND NOT (x.term = ?5 AND "
                          "x.number = ?6)");
  if (docs)
    brc |= ps_buf_puts(
        &sql, " UNION ALL SELECT 2, 'document', d.id, coalesce(d.issued,"
              " d.announced) AS dd, " LAG(
                  "coalesce(d.issued, d.announced)",
                  "?4") ", CASE WHEN ?3 THEN d.title_zh ELSE coalesce(nullif(d.title_en,"
                        " ''), d.title_zh) END, 'title', d.ord FROM documents d"
                        " WHERE EXISTS (SELECT 1 FROM t WHERE instr(d.title_zh, t.text) > 0)");
  brc |= ps_buf_puts(&sql, ") ORDER BY date IS NULL, date, k, o");
  sqlite3_stmt *st = NULL;
  struct psst_table *t = NULL;
  if (brc || !(t = ps_table_new(6, cols, types))) {
    ps_buf_release(&sql);
    named_release(&n);
    return ps_err(err, PSST_ENOMEM, "out of memory");
  }
  if (sqlite3_prepare_v2(p->db, sql.s, -1, &st, NULL) != SQLITE_OK) {
    rc = ps_err_db(err, p->db, "reading the phrases");
    ps_buf_release(&sql);
    named_release(&n);
    psst_table_free(t);
    return rc;
  }
  ps_buf_release(&sql);
  if (n.id)
    sqlite3_bind_text(st, 1, n.id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, phrase, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 3, lang == PSST_LANG_ZH);
  if (n.date)
    sqlite3_bind_text(st, 4, n.date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 5, n.term);
  sqlite3_bind_int(st, 6, n.number);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW)
    if (ps_table_add_stmt_row(t, st)) {
      step = SQLITE_NOMEM;
      break;
    }
  if (step == SQLITE_DONE && n.id &&
      ps_table_set_note(t,
                        lang == PSST_LANG_ZH ? "“%s”（%s）：%s 集体学习（%s）：“%s”"
                                             : "%s (%s): said at session %s on %s: “%s”",
                        n.phrase_zh, n.phrase_en ? n.phrase_en : "", n.session,
                        n.date ? n.date : "?", n.quote ? n.quote : ""))
    step = SQLITE_NOMEM;
  else if (step == SQLITE_DONE && !n.id &&
           ps_table_set_note(t,
                             lang == PSST_LANG_ZH ? "“%s”不是记录中的提法：没有计算间隔"
                                                  : "'%s' is not a recorded phrase: no "
                                                    "session to count lags from",
                             phrase))
    step = SQLITE_NOMEM;
  named_release(&n);
  if (step == SQLITE_NOMEM) {
    sqlite3_finalize(st);
    psst_table_free(t);
    return ps_err(err, PSST_ENOMEM, "out of memory");
  }
  return finish(p, st, step, t, out, err);
}
