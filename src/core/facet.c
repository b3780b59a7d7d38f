/*
 * facet.c: the counts beside a filtered listing (how many of the matching sessions
 * fall in each term, year, topic, ...), and the codebook as tables, for front ends
 * that offer the filter values to choose from.
 */
#include "internal.h"
#include "query.h"
#include "listing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char *name, *expr, *join, *order;
} facets[] = {
    {"term", "s.term", "", "s.term"},
    {"year", "s.year", "", "s.year"},
    {"leader", "s.leader", "", "min(s.term)"},
    {"topic", "x.topic", " JOIN session_topics x ON x.session_id = s.id", "2 DESC, 1"},
    {"tech", "x.tag", " JOIN session_tech x ON x.session_id = s.id", "2 DESC, 1"},
    {"format", "s.format", "", "2 DESC, 1"},
};

int psst_facet(struct psst *p, const char *dim, const char *query, const struct psst_filter *f,
               enum psst_lang lang, struct psst_table **out, struct psst_error *err) {
  static const char *const cols[] = {"value", "label", "sessions"};
  static const enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_INT};
  *out = NULL;
  size_t d = 0, nf = sizeof facets / sizeof *facets;
  while (d < nf && (!dim || strcmp(facets[d].name, dim)))
    d++;
  if (d == nf)
    return ps_err(err, PSST_EINVAL, "facet: '%s' is not term, year, leader, topic, tech or format",
                  dim ? dim : "");
  struct ps_buf sql = {0};
  struct ps_query q = {0};
  struct ps_binds b = {0};
  sqlite3_stmt *st = NULL;
  struct psst_table *t = NULL;
  int rc = PSST_OK;
  bool words = query && *query;
  if (words && (rc = ps_query_compile(p, query, &q, err)))
    goto out;
  if (ps_buf_printf(&sql, "SELECT %s, count(*) FROM sessions s%s WHERE %s IS NOT NULL%s",
                    facets[d].expr, facets[d].join, facets[d].expr,
                    words ? " AND s.id IN (SELECT rowid FROM sessions_fts WHERE sessions_fts"
                            " MATCH ?1)"
                          : "")) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  if ((rc = ps_filter_sql(p, f, &sql, &b, err)))
    goto out;
  if (ps_buf_printf(&sql, " GROUP BY 1 ORDER BY %s", facets[d].order)) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  if ((rc = ps_prepare(p, sql.s, &st, err)))
    goto out;
  if (words)
    sqlite3_bind_text(st, 1, q.fts.s, -1, SQLITE_STATIC);
  ps_binds_apply(st, &b, words ? 2 : 1);
  if (!(t = ps_table_new(3, cols, types))) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  int s;
  while ((s = sqlite3_step(st)) == SQLITE_ROW) {
    const char *v = (const char *)sqlite3_column_text(st, 0);
    const char *label = psst_label(p, facets[d].name, v, lang);
    const char *cells[3] = {v, label ? label : v, (const char *)sqlite3_column_text(st, 1)};
    if (ps_table_add_row(t, cells)) {
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
      goto out;
    }
  }
  if (s != SQLITE_DONE) {
    rc = ps_err_db(err, p->db, "facet");
    goto out;
  }
  *out = t;
  t = NULL;
out:
  psst_table_free(t);
  sqlite3_finalize(st);
  ps_binds_release(&b);
  ps_buf_release(&sql);
  ps_query_release(&q);
  return rc;
}

int psst_counts(struct psst *p, struct psst_counts *out, struct psst_error *err) {
  static const char sql[] =
      "SELECT (SELECT count(*) FROM sessions), (SELECT count(DISTINCT person_id) FROM lectures),"
      " (SELECT count(DISTINCT institution_id) FROM lecture_institutions),"
      " (SELECT count(DISTINCT tag) FROM session_tech WHERE tag <> 'general-sti')";
  sqlite3_stmt *st;
  int rc = ps_prepare(p, sql, &st, err);
  if (rc)
    return rc;
  if (sqlite3_step(st) == SQLITE_ROW) {
    out->sessions = (long)sqlite3_column_int64(st, 0);
    out->lecturers = (long)sqlite3_column_int64(st, 1);
    out->institutions = (long)sqlite3_column_int64(st, 2);
    out->technologies = (long)sqlite3_column_int64(st, 3);
  } else {
    rc = ps_err_db(err, p->db, "counts");
  }
  sqlite3_finalize(st);
  return rc;
}

static int add_codes(struct psst_table *t, const struct ps_code *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const char *cells[3] = {v[i].code, v[i].en, v[i].zh};
    if (ps_table_add_row(t, cells))
      return PSST_ENOMEM;
  }
  return PSST_OK;
}

int psst_codebook(struct psst *p, const char *kind, struct psst_table **out,
                  struct psst_error *err) {
  static const char *const code_cols[] = {"code", "en", "zh"};
  static const char *const term_cols[] = {"term", "leader", "leader_zh", "from", "to"};
  static const enum psst_coltype term_types[] = {PSST_COL_INT, PSST_COL_TEXT, PSST_COL_TEXT,
                                                 PSST_COL_TEXT, PSST_COL_TEXT};
  const struct ps_refdata *r = &p->ref;
  bool terms = kind && !strcmp(kind, "term");
  struct psst_table *t =
      terms ? ps_table_new(5, term_cols, term_types) : ps_table_new(3, code_cols, NULL);
  int rc = t ? PSST_OK : PSST_ENOMEM;
  *out = NULL;
  if (rc)
    return ps_err(err, rc, "out of memory");
  if (!kind) {
    rc = PSST_EINVAL;
  } else if (terms) {
    for (size_t i = 0; i < r->n_terms && !rc; i++) {
      char num[16];
      snprintf(num, sizeof num, "%d", r->terms[i].term);
      const char *cells[5] = {num, r->terms[i].leader, r->terms[i].leader_zh,
                              *r->terms[i].from ? r->terms[i].from : NULL,
                              *r->terms[i].to ? r->terms[i].to : NULL};
      rc = ps_table_add_row(t, cells);
    }
  } else if (!strcmp(kind, "topic")) {
    rc = add_codes(t, r->topics, r->n_topics);
  } else if (!strcmp(kind, "tech")) {
    rc = add_codes(t, r->tags, r->n_tags);
  } else if (!strcmp(kind, "format")) {
    rc = add_codes(t, r->formats, r->n_formats);
  } else if (!strcmp(kind, "confidence")) {
    rc = add_codes(t, r->confidence, r->n_confidence);
  } else if (!strcmp(kind, "institution")) {
    for (size_t i = 0; i < r->n_institutions && !rc; i++) {
      const char *cells[3] = {r->institutions[i].code, r->institutions[i].en,
                              r->institutions[i].zh};
      rc = ps_table_add_row(t, cells);
    }
  } else {
    rc = PSST_EINVAL;
  }
  if (rc) {
    psst_table_free(t);
    return rc == PSST_EINVAL ? ps_err(err, rc,
                                      "codebook: '%s' is not topic, tech, format, confidence, "
                                      "institution or term",
                                      kind ? kind : "")
                             : ps_err(err, rc, "out of memory");
  }
  *out = t;
  return PSST_OK;
}
