/*
 * people.c: who briefs the leadership (lecturers and institutions ranked by the
 * sessions they lectured at) and the technology timeline (the first session on
 * each technology tag, then every later one).
 */
#include "internal.h"
#include "listing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME(alias)                                                                                \
  "CASE WHEN ?1 THEN coalesce(nullif(" alias ".name_zh, ''), " alias ".name_en)"                   \
  " ELSE coalesce(nullif(" alias ".name_en, ''), " alias ".name_zh) END"

static int ranked(struct psst *p, const char *head, const char *tail, const struct psst_filter *f,
                  enum psst_lang lang, size_t ncols, const char *const *cols,
                  const enum psst_coltype *types, struct psst_table **out, struct psst_error *err) {
  *out = NULL;
  struct ps_buf sql = {0};
  struct ps_binds b = {0};
  sqlite3_stmt *st = NULL;
  struct psst_table *t = NULL;
  int rc = ps_buf_puts(&sql, head) ? ps_err(err, PSST_ENOMEM, "out of memory")
                                   : ps_filter_sql(p, f, &sql, &b, err);
  if (!rc && ps_buf_puts(&sql, tail))
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  if (!rc)
    rc = ps_prepare(p, sql.s, &st, err);
  if (!rc) {
    sqlite3_bind_int(st, 1, lang == PSST_LANG_ZH);
    ps_binds_apply(st, &b, 2);
    if (!(t = ps_table_new(ncols, cols, types)))
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
  }
  if (!rc)
    rc = ps_run_into_table(p, st, t, err);
  if (!rc && f)
    rc = ps_filter_caveat(p, f, lang, t, err);
  if (!rc) {
    *out = t;
    t = NULL;
  }
  psst_table_free(t);
  sqlite3_finalize(st);
  ps_binds_release(&b);
  ps_buf_release(&sql);
  return rc;
}

int psst_lecturers(struct psst *p, const struct psst_filter *f, enum psst_lang lang,
                   struct psst_table **out, struct psst_error *err) {
  static const char *const cols[] = {"name",     "name_zh",     "name_en",
                                     "sessions", "affiliation", "session_ids"};
  static const enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT,
                                            PSST_COL_INT,  PSST_COL_TEXT, PSST_COL_LIST};
  /* the affiliation shown is the one at the latest session (SQLite's bare column with max()) */
  return ranked(
      p,
      "SELECT " NAME(
          "x") ", x.name_zh, x.name_en, count(*),"
               " CASE WHEN ?1 THEN coalesce(nullif(x.affiliation_zh, ''), x.affiliation_en)"
               "  ELSE coalesce(nullif(x.affiliation_en, ''), x.affiliation_zh) END,"
               " group_concat(x.sid, ', '), max(x.k) FROM (SELECT pe.id AS pid, pe.name_zh,"
               " pe.name_en, l.affiliation_zh, l.affiliation_en, s.term || '-' || s.number AS sid,"
               " s.term * 1000000 + s.number AS k FROM persons pe JOIN lectures l"
               " ON l.person_id = pe.id JOIN sessions s ON s.id = l.session_id WHERE 1",
      " ORDER BY s.term, s.number) x GROUP BY x.pid ORDER BY 4 DESC, min(x.k)", f, lang, 6, cols,
      types, out, err);
}

int psst_institutions(struct psst *p, const struct psst_filter *f, enum psst_lang lang,
                      struct psst_table **out, struct psst_error *err) {
  static const char *const cols[] = {"code", "institution", "sessions", "lecturers", "session_ids"};
  static const enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_INT,
                                            PSST_COL_INT, PSST_COL_LIST};
  int rc = ranked(p,
                  "SELECT x.code, CASE WHEN ?1 THEN x.name_zh ELSE x.name_en END,"
                  " count(DISTINCT x.sid), count(DISTINCT x.pid),"
                  " replace(group_concat(DISTINCT x.sid), ',', ', ')"
                  " FROM (SELECT i.id AS iid, i.code, i.name_zh, i.name_en, l.person_id AS pid,"
                  " s.term || '-' || s.number AS sid FROM institutions i"
                  " JOIN lecture_institutions li ON li.institution_id = i.id"
                  " JOIN lectures l ON l.session_id = li.session_id AND l.ord = li.ord"
                  " JOIN sessions s ON s.id = li.session_id WHERE 1",
                  " ORDER BY s.term, s.number) x GROUP BY x.iid ORDER BY 3 DESC, 4 DESC, 2", f,
                  lang, 5, cols, types, out, err);
  if (rc)
    return rc;
  /* say how many lecture appearances name no known institution */
  struct psst_table *u = NULL;
  static const char *const ucols[] = {"n"};
  rc = ranked(p,
              "SELECT count(*) FROM lectures l JOIN sessions s ON s.id = l.session_id"
              " WHERE ?1 = ?1 AND NOT EXISTS (SELECT 1 FROM lecture_institutions li"
              " WHERE li.session_id = l.session_id AND li.ord = l.ord)",
              "", f, lang, 1, ucols, NULL, &u, err);
  if (!rc && u->nrows && atol(psst_cell(u, 0, 0)) > 0) {
    char msg[160];
    snprintf(msg, sizeof msg,
             lang == PSST_LANG_ZH ? "%s 人次的单位不在 institutions.json 中"
                                  : "%s lecture appearance(s) name no institution in "
                                    "institutions.json",
             psst_cell(u, 0, 0));
    if (ps_table_add_note(*out, lang == PSST_LANG_ZH ? "；" : "; ", msg))
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
  }
  psst_table_free(u);
  if (rc) {
    psst_table_free(*out);
    *out = NULL;
  }
  return rc;
}

int psst_timeline(struct psst *p, enum psst_lang lang, struct psst_table **out,
                  struct psst_error *err) {
  static const char *const cols[] = {"tech",        "first_date", "first_session",
                                     "first_title", "sessions",   "session_ids"};
  static const enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT,
                                            PSST_COL_TEXT, PSST_COL_INT,  PSST_COL_LIST};
  /* general-sti marks science and technology in general, not a technology (codebook.md),
     so it has no place on the timeline. Numbering is chronological within and across terms, so
     (term, number) orders sessions even where a date is not known yet */
  return ranked(p,
                "SELECT x.tag, x.date, x.sid, x.title, count(*), group_concat(x.sid, ', '),"
                " min(x.k) FROM (SELECT st.tag, s.date, s.term || '-' || s.number AS sid,"
                " CASE WHEN ?1 THEN coalesce(nullif(s.title_zh, ''), s.title_en)"
                "  ELSE coalesce(nullif(s.title_en, ''), s.title_zh) END AS title,"
                " s.term * 1000000 + s.number AS k FROM session_tech st"
                " JOIN sessions s ON s.id = st.session_id WHERE st.tag <> 'general-sti'",
                " ORDER BY s.term, s.number) x GROUP BY x.tag ORDER BY min(x.k), x.tag", NULL, lang,
                6, cols, types, out, err);
}
