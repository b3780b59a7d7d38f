/*
 * followups.c: the documents that followed the sessions (docs/followups.md): for one
 * session, the documents on its subject in the months around it with their lags; for a
 * technology tag or a topic, the documents per calendar quarter with the sessions in each,
 * and the event study (documents per quarter relative to each session's).
 *
 * Every lag is counted from a day the record states: a session of uncertain date is the
 * window of days it may have been held, and a lag counts from the window's nearer end.
 */
#include "followups_int.h"
#include "listing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int months(const struct psst_followups_opts *o, bool after, int *out,
                  struct psst_error *err) {
  int v = !o ? 0 : after ? o->after : o->before;
  if (v < 0 || v > 240)
    return ps_err(err, PSST_EINVAL, "followups: %d months %s is not 0 to 240", v,
                  after ? "after" : "before");
  *out = v ? v : after ? 24 : 12;
  return PSST_OK;
}

/* tech or topic: at most one, and a code of the codebook */
static int check_codes(struct psst *p, const char *tech, const char *topic,
                       struct psst_error *err) {
  if (tech && topic)
    return ps_err(err, PSST_EINVAL, "followups: a tag or a topic, not both");
  if (tech && !ps_code_find(p->ref.tags, p->ref.n_tags, tech))
    return ps_err(err, PSST_EINVAL, "followups: unknown technology tag '%s'", tech);
  if (topic && !ps_code_find(p->ref.topics, p->ref.n_topics, topic))
    return ps_err(err, PSST_EINVAL, "followups: unknown topic '%s'", topic);
  return PSST_OK;
}

/* the lag of document date d from session s (date, lo, hi), and where it counts from */
#define LAG(d)                                                                                     \
  "CASE WHEN s.date IS NOT NULL THEN CAST(round(julianday(" d ") - julianday(s.date)) AS INTEGER)" \
  " WHEN " d " < s.lo THEN CAST(round(julianday(" d ") - julianday(s.lo)) AS INTEGER)"             \
  " WHEN " d " > s.hi THEN CAST(round(julianday(" d ") - julianday(s.hi)) AS INTEGER) END"
#define LAG_FROM(d)                                                                                \
  "CASE WHEN s.date IS NOT NULL THEN 'date' WHEN " d " < s.lo THEN 'window_start'"                 \
  " WHEN " d " > s.hi THEN 'window_end' ELSE 'within_window' END"

/* the documents of one session: its codes (?3 all topics), the window (?4, ?5 months) */
static const char followups_sql[] =
    "WITH s AS (SELECT id, date, date_from AS lo, date_to AS hi FROM sessions"
    "  WHERE term = ?1 AND number = ?2),"
    " k AS (SELECT 'tech' AS dim, tag AS code FROM session_tech WHERE session_id = (SELECT id FROM "
    "s)"
    "  UNION ALL SELECT 'topic', topic FROM session_topics WHERE session_id = (SELECT id FROM s)"
    "  AND (is_primary OR ?3)"
    "  AND NOT EXISTS (SELECT 1 FROM session_tech WHERE session_id = (SELECT id FROM s))),"
    " m AS (SELECT document_id, group_concat(code, ',') AS matched FROM ("
    "  SELECT dt.document_id, dt.tag AS code FROM document_tech dt"
    "   JOIN k ON k.dim = 'tech' AND k.code = dt.tag"
    "  UNION ALL SELECT dp.document_id, dp.topic FROM document_topics dp"
    "   JOIN k ON k.dim = 'topic' AND k.code = dp.topic) GROUP BY document_id)"
    " SELECT d.id, d.date, d.dated_by, " LAG("d.date") ", " LAG_FROM(
        "d.date") ","
                  " d.kind, d.title_zh, d.title_en,"
                  " (SELECT group_concat(CASE WHEN ?6 THEN i.zh ELSE coalesce(nullif(i.en, ''), "
                  "i.zh) END,"
                  "   '; ') FROM (SELECT zh, en FROM document_issuers WHERE document_id = d.id "
                  "ORDER BY ord) i),"
                  " d.number,"
                  " (SELECT url FROM document_sources WHERE document_id = d.id ORDER BY ord LIMIT "
                  "1),"
                  " (SELECT publisher FROM document_sources WHERE document_id = d.id ORDER BY ord "
                  "LIMIT 1),"
                  " m.matched"
                  " FROM s, m JOIN documents d ON d.id = m.document_id"
                  " WHERE d.date >= date(s.lo, '-' || ?4 || ' months')"
                  " AND d.date <= date(s.hi, '+' || ?5 || ' months')"
                  " ORDER BY d.date, d.ord";

int psst_followups(struct psst *p, int term, int number, const struct psst_followups_opts *o,
                   enum psst_lang lang, struct psst_table **out, struct psst_error *err) {
  static const char *const cols[] = {"document",   "date",      "dated_by", "lag_days", "lag_from",
                                     "kind",       "title_zh",  "title_en", "issuers",  "number",
                                     "source_url", "publisher", "matched"};
  static const enum psst_coltype types[] = {
      PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_INT,  PSST_COL_TEXT,
      PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT,
      PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_LIST};
  *out = NULL;
  int before = 0, after = 0, rc;
  if ((rc = months(o, false, &before, err)) || (rc = months(o, true, &after, err)))
    return rc;
  char from[11], to[11];
  int year;
  if ((rc = psst_date_window(p, term, number, from, to, &year, err)))
    return rc;
  sqlite3_stmt *st = NULL;
  struct psst_table *t = ps_table_new(13, cols, types);
  if (!t)
    return ps_err(err, PSST_ENOMEM, "out of memory");
  if (!(rc = ps_prepare(p, followups_sql, &st, err))) {
    sqlite3_bind_int(st, 1, term);
    sqlite3_bind_int(st, 2, number);
    sqlite3_bind_int(st, 3, o && o->all_topics);
    sqlite3_bind_int(st, 4, before);
    sqlite3_bind_int(st, 5, after);
    sqlite3_bind_int(st, 6, lang == PSST_LANG_ZH);
    rc = ps_run_into_table(p, st, t, err);
  }
  sqlite3_finalize(st);
  bool zh = lang == PSST_LANG_ZH;
  if (!rc && strcmp(from, to))
    rc = ps_table_set_note(t,
                           zh ? "%d-%d 的日期不确定（%s至%s之间）：滞后天数从该区间较近的一端起算，"
                                "区间内的文件无滞后天数"
                              : "the date of %d-%d is uncertain (between %s and %s): lags count "
                                "from the nearer end of that window, and a document within it "
                                "has none",
                           term, number, from, to)
             ? ps_err(err, PSST_ENOMEM, "out of memory")
             : PSST_OK;
  if (rc) {
    psst_table_free(t);
    return rc;
  }
  *out = t;
  return PSST_OK;
}

/* ---- the sessions of a tag or a topic, and their documents ---- */

struct fsession {
  char id[24];
  char date[11], lo[11], hi[11]; /* date "" when uncertain */
  int q;                         /* quarter index (year * 4 + quarter - 1); -1: not one */
};

struct fdoc {
  char id[96], date[11];
};

/* year * 4 + (month - 1) / 3 of a YYYY-MM-DD */
static int quarter_of(const char *d) {
  return atoi(d) * 4 + (atoi(d + 5) - 1) / 3;
}

/* The sessions of tech / topic (neither: every session with a tag), in (term, number)
   order, and the documents of the same code (neither: every document), by date. */
static int load_sets(struct psst *p, const char *tech, const char *topic, struct fsession **ss,
                     size_t *ns, struct fdoc **ds, size_t *nd, struct psst_error *err) {
  const char *sq =
      tech    ? "SELECT term || '-' || number, date, date_from, date_to FROM sessions s"
                " WHERE EXISTS (SELECT 1 FROM session_tech WHERE session_id = s.id AND tag = ?1)"
                " ORDER BY term, number"
      : topic ? "SELECT term || '-' || number, date, date_from, date_to FROM sessions s WHERE"
                " EXISTS (SELECT 1 FROM session_topics WHERE session_id = s.id AND topic = ?1)"
                " ORDER BY term, number"
              : "SELECT term || '-' || number, date, date_from, date_to FROM sessions s"
                " WHERE EXISTS (SELECT 1 FROM session_tech WHERE session_id = s.id)"
                " ORDER BY term, number";
  const char *dq = tech    ? "SELECT d.id, d.date FROM documents d WHERE EXISTS (SELECT 1 FROM"
                             " document_tech WHERE document_id = d.id AND tag = ?1) ORDER BY date, ord"
                   : topic ? "SELECT d.id, d.date FROM documents d WHERE EXISTS (SELECT 1 FROM"
                             " document_topics WHERE document_id = d.id AND topic = ?1)"
                             " ORDER BY date, ord"
                           : "SELECT d.id, d.date FROM documents d ORDER BY date, ord";
  *ss = NULL, *ds = NULL, *ns = *nd = 0;
  sqlite3_stmt *st = NULL;
  int rc = ps_prepare(p, sq, &st, err), step = SQLITE_DONE;
  size_t cap = 0;
  if (!rc && (tech || topic))
    sqlite3_bind_text(st, 1, tech ? tech : topic, -1, SQLITE_TRANSIENT);
  while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
    if (*ns == cap) {
      cap = cap ? cap * 2 : 32;
      struct fsession *v = realloc(*ss, cap * sizeof *v);
      if (!v) {
        rc = ps_err(err, PSST_ENOMEM, "out of memory");
        break;
      }
      *ss = v;
    }
    struct fsession *s = &(*ss)[(*ns)++];
    memset(s, 0, sizeof *s);
    const char *v[4];
    for (int k = 0; k < 4; k++)
      v[k] = (const char *)sqlite3_column_text(st, k);
    snprintf(s->id, sizeof s->id, "%s", v[0] ? v[0] : "");
    snprintf(s->date, sizeof s->date, "%s", v[1] ? v[1] : "");
    snprintf(s->lo, sizeof s->lo, "%s", v[2] ? v[2] : s->date);
    snprintf(s->hi, sizeof s->hi, "%s", v[3] ? v[3] : s->date);
    /* an uncertain window within one quarter is in that quarter; else in none */
    s->q = *s->lo && *s->hi && quarter_of(s->lo) == quarter_of(s->hi) ? quarter_of(s->lo) : -1;
  }
  if (!rc && step != SQLITE_DONE)
    rc = ps_err_db(err, p->db, "followups");
  sqlite3_finalize(st);
  st = NULL;
  cap = 0;
  if (!rc)
    rc = ps_prepare(p, dq, &st, err);
  if (!rc && (tech || topic))
    sqlite3_bind_text(st, 1, tech ? tech : topic, -1, SQLITE_TRANSIENT);
  while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
    if (*nd == cap) {
      cap = cap ? cap * 2 : 64;
      struct fdoc *v = realloc(*ds, cap * sizeof *v);
      if (!v) {
        rc = ps_err(err, PSST_ENOMEM, "out of memory");
        break;
      }
      *ds = v;
    }
    struct fdoc *d = &(*ds)[(*nd)++];
    const char *id = (const char *)sqlite3_column_text(st, 0);
    const char *date = (const char *)sqlite3_column_text(st, 1);
    snprintf(d->id, sizeof d->id, "%s", id ? id : "");
    snprintf(d->date, sizeof d->date, "%s", date ? date : "");
  }
  if (!rc && step != SQLITE_DONE)
    rc = ps_err_db(err, p->db, "followups");
  sqlite3_finalize(st);
  if (rc) {
    free(*ss), free(*ds);
    *ss = NULL, *ds = NULL, *ns = *nd = 0;
  }
  return rc;
}

/* the ids of the sessions in no quarter, for the note */
static int note_unplaced(struct psst_table *t, const struct fsession *ss, size_t ns) {
  struct ps_buf b = {0};
  int rc = PSST_OK;
  for (size_t i = 0; i < ns && !rc; i++)
    if (ss[i].q < 0)
      rc = ps_buf_printf(&b, "%s%s (%s to %s)", b.len ? ", " : "", ss[i].id, ss[i].lo, ss[i].hi);
  struct ps_buf n = {0};
  if (!rc && b.len)
    rc = ps_buf_printf(&n, "sessions of uncertain date spanning two quarters, in none: %s", b.s) ||
         ps_table_add_note(t, "; ", n.s);
  ps_buf_release(&n);
  ps_buf_release(&b);
  return rc ? PSST_ENOMEM : PSST_OK;
}

int psst_followups_quarters(struct psst *p, const char *tech, const char *topic,
                            enum psst_lang lang, struct psst_table **out, struct psst_error *err) {
  static const char *const cols[] = {"quarter", "start", "end", "documents", "sessions"};
  static const enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT,
                                            PSST_COL_INT, PSST_COL_LIST};
  (void)lang; /* the quarters and ids read the same in both languages */
  *out = NULL;
  struct fsession *ss;
  struct fdoc *ds;
  size_t ns, nd;
  int rc = check_codes(p, tech, topic, err);
  if (rc || (rc = load_sets(p, tech, topic, &ss, &ns, &ds, &nd, err)))
    return rc;
  int q0 = 0, q1 = -1;
  for (size_t i = 0; i < nd; i++) {
    int q = quarter_of(ds[i].date);
    q0 = q1 < q0 || q < q0 ? q : q0;
    q1 = q1 < q0 || q > q1 ? q : q1;
  }
  for (size_t i = 0; i < ns; i++)
    if (ss[i].q >= 0) {
      bool empty = q1 < q0;
      q0 = empty || ss[i].q < q0 ? ss[i].q : q0;
      q1 = empty || ss[i].q > q1 ? ss[i].q : q1;
    }
  struct psst_table *t = ps_table_new(5, cols, types);
  if (!t)
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  struct ps_buf ids = {0};
  size_t di = 0;
  static const char *const ends[] = {"03-31", "06-30", "09-30", "12-31"};
  for (int q = q0; !rc && q <= q1; q++) {
    long n = 0;
    while (di < nd && quarter_of(ds[di].date) == q)
      n++, di++;
    ids.len = 0;
    for (size_t i = 0; i < ns && !rc; i++)
      if (ss[i].q == q && ps_buf_printf(&ids, "%s%s", ids.len ? "," : "", ss[i].id))
        rc = PSST_ENOMEM;
    char name[32], start[32], end[32], count[24];
    snprintf(name, sizeof name, "%d-Q%d", q / 4, q % 4 + 1);
    snprintf(start, sizeof start, "%d-%02d-01", q / 4, q % 4 * 3 + 1);
    snprintf(end, sizeof end, "%d-%s", q / 4, ends[q % 4]);
    snprintf(count, sizeof count, "%ld", n);
    const char *row[] = {name, start, end, count, ids.len ? ids.s : ""};
    if (rc || ps_table_add_row(t, row))
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
  }
  if (!rc && note_unplaced(t, ss, ns))
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  ps_buf_release(&ids);
  free(ss), free(ds);
  if (rc) {
    psst_table_free(t);
    return rc;
  }
  *out = t;
  return PSST_OK;
}

int psst_followups_event(struct psst *p, const char *tech, const char *topic, int quarters,
                         struct psst_table **out, struct psst_error *err) {
  *out = NULL;
  if (quarters < 0 || quarters > 40)
    return ps_err(err, PSST_EINVAL, "followups: %d quarters is not 0 to 40", quarters);
  int k = quarters ? quarters : 8;
  struct fsession *ss;
  struct fdoc *ds;
  size_t ns, nd;
  int rc = check_codes(p, tech, topic, err);
  if (rc || (rc = load_sets(p, tech, topic, &ss, &ns, &ds, &nd, err)))
    return rc;
  /* the sessions placed in a quarter are the columns */
  size_t nc = 2;
  for (size_t i = 0; i < ns; i++)
    nc += ss[i].q >= 0;
  const char **cols = calloc(nc, sizeof *cols);
  enum psst_coltype *types = calloc(nc, sizeof *types);
  long *counts = calloc(nc * (size_t)(2 * k + 1), sizeof *counts);
  struct psst_table *t = NULL;
  if (!cols || !types || !counts)
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  for (size_t i = 0, c = 2; !rc && i < ns; i++)
    if (ss[i].q >= 0)
      cols[c++] = ss[i].id;
  if (!rc) {
    cols[0] = "rel_quarter", cols[1] = "documents";
    for (size_t c = 0; c < nc; c++)
      types[c] = PSST_COL_INT;
    for (size_t i = 0, c = 2; i < ns; i++) {
      if (ss[i].q < 0)
        continue;
      for (size_t j = 0; j < nd; j++) {
        int rel = quarter_of(ds[j].date) - ss[i].q;
        if (rel >= -k && rel <= k) {
          counts[(size_t)(rel + k) * nc + c]++;
          counts[(size_t)(rel + k) * nc + 1]++;
        }
      }
      c++;
    }
    if (!(t = ps_table_new(nc, cols, types)))
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
  }
  char(*cells)[24] = rc ? NULL : calloc(nc, sizeof *cells);
  const char **row = rc ? NULL : calloc(nc, sizeof *row);
  if (!rc && (!cells || !row))
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  for (int r = -k; !rc && r <= k; r++) {
    snprintf(cells[0], sizeof cells[0], "%d", r);
    row[0] = cells[0];
    for (size_t c = 1; c < nc; c++) {
      snprintf(cells[c], sizeof cells[c], "%ld", counts[(size_t)(r + k) * nc + c]);
      row[c] = cells[c];
    }
    if (ps_table_add_row(t, row))
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
  }
  if (!rc && (ps_table_set_note(t,
                                "quarter 0 is the session's calendar quarter; a document counts "
                                "once for every session whose %d quarters either side hold it",
                                k) ||
              note_unplaced(t, ss, ns)))
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  free(cells), free(row), free(cols), free(types), free(counts);
  free(ss), free(ds);
  if (rc) {
    psst_table_free(t);
    return rc;
  }
  *out = t;
  return PSST_OK;
}
