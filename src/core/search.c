/*
 * search.c: full-text search through the FTS5 index built with the "psst"
 * tokenizer, which indexes Chinese as overlapping unigrams and bigrams so that a
 * substring of any length matches without word segmentation.
 */
#include "fts_markers.h"
#include "internal.h"
#include "listing.h"
#include "query.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The text of an index column as it was given: the pinyin marker left out. */
static const char *shown(const char *t) {
  return t && t[0] == PS_FTS_PINYIN_COLUMN ? t + 1 : t;
}

/* The first match of any highlight at or after from; its length in *len. */
static size_t next_match(const char *text, size_t len, size_t from, const struct ps_query *q,
                         struct sb_stemmer *stem, size_t *mlen) {
  for (size_t i = from; i < len; i++) {
    if (((unsigned char)text[i] & 0xC0) == 0x80)
      continue;
    for (size_t k = 0; k < q->n_hl; k++)
      if ((*mlen = ps_hl_match(&q->hl[k], text, i, len, stem)))
        return i;
  }
  return len;
}

static const char *back_chars(const char *start, const char *at, int n) {
  while (at > start && n > 0) {
    at--;
    while (at > start && ((unsigned char)*at & 0xC0) == 0x80)
      at--;
    n--;
  }
  return at;
}

static const char *fwd_chars(const char *at, int n) {
  while (*at && n > 0) {
    at++;
    while (*at && ((unsigned char)*at & 0xC0) == 0x80)
      at++;
    n--;
  }
  return at;
}

/*
 * The snippet of a result: a window of about 32 characters of the first column (by
 * weight) that holds a match, every match in it wrapped in open/close. A match is what
 * the query meant, not only what was typed: a stem (technologies for technology), a
 * synonym (人工智能 for AI), the ideographs read as the pinyin typed. Done here for the few
 * rows shown rather than by FTS5's snippet(), which would be computed for every match.
 */
static int snippet(struct ps_buf *out, const char *const *texts, size_t nt,
                   const struct ps_query *q, struct sb_stemmer *stem, const char *open,
                   const char *close) {
  const char *text = NULL;
  size_t at = 0, mlen = 0;
  for (size_t i = 0; i < nt && !text; i++) {
    const char *t = shown(texts[i]);
    size_t len = t ? strlen(t) : 0;
    if (t && (at = next_match(t, len, 0, q, stem, &mlen)) < len)
      text = t;
  }
  if (!text) { /* matched in the codes' labels, or through folding the byte search misses */
    text = shown(texts[0]) && *shown(texts[0]) ? shown(texts[0]) : texts[1] ? texts[1] : "";
    at = 0;
  }
  const char *from = back_chars(text, text + at, 8), *to = fwd_chars(from, 32);
  int rc = from > text ? ps_buf_puts(out, "…") : PSST_OK;
  size_t len = strlen(text), c = (size_t)(from - text), end = (size_t)(to - text);
  while (!rc && c < end) {
    size_t m = next_match(text, len, c, q, stem, &mlen);
    if (m >= end) {
      rc = ps_buf_add(out, text + c, end - c);
      c = end;
      break;
    }
    rc = ps_buf_add(out, text + c, m - c) || ps_buf_puts(out, open) ||
         ps_buf_add(out, text + m, mlen) || ps_buf_puts(out, close);
    c = m + mlen;
  }
  if (!rc && c < len)
    rc = ps_buf_puts(out, "…");
  return rc ? PSST_ENOMEM : PSST_OK;
}

/*
 * The texts session id has in the search index, made again from its stored record: the
 * index keeps no copy of them (build.c, ps_index_text). rec is "SELECT record, line FROM
 * sessions WHERE id = ?".
 */
static int indexed_texts(struct psst *p, sqlite3_stmt *rec, sqlite3_int64 id,
                         struct ps_index_text *x, struct psst_error *err) {
  sqlite3_bind_int64(rec, 1, id);
  if (sqlite3_step(rec) != SQLITE_ROW) {
    int rc = ps_err_db(err, p->db, "search");
    sqlite3_reset(rec);
    return rc;
  }
  struct psst_session s = {0};
  struct psst_diags d = {.errors_only = true};
  int rc = ps_record_parse((const char *)sqlite3_column_text(rec, 0),
                           (size_t)sqlite3_column_bytes(rec, 0), "database",
                           (size_t)sqlite3_column_int64(rec, 1), &p->ref, &s, &d);
  psst_diags_release(&d);
  rc = rc ? ps_err(err, rc, "search: the stored record of a match no longer parses")
          : ps_index_text(x, &p->ref, &s, err);
  psst_session_release(&s);
  sqlite3_reset(rec);
  return rc;
}

/* ---- did you mean ---- */

static size_t distance(const char *a, const char *b) {
  size_t na = strlen(a), nb = strlen(b), prev[64], cur[64];
  if (na >= 63 || nb >= 63)
    return 99;
  for (size_t j = 0; j <= nb; j++)
    prev[j] = j;
  for (size_t i = 1; i <= na; i++) {
    cur[0] = i;
    for (size_t j = 1; j <= nb; j++) {
      size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
      size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
    }
    memcpy(prev, cur, (nb + 1) * sizeof *prev);
  }
  return prev[nb];
}

/*
 * When nothing matched: the word of the index nearest to each Latin word typed (at most one
 * edit for short words, two for longer ones), shown as it is written in a title, a name or a
 * note. "" when none is near.
 */
static int did_you_mean(struct psst *p, const struct ps_query *q, struct sb_stemmer *stem,
                        struct ps_buf *out) {
  sqlite3_stmt *st = NULL, *find = NULL, *rec = NULL;
  struct ps_index_text x = {0};
  struct psst_error ignored = {0};
  if (!q->n_latin ||
      sqlite3_exec(p->db,
                   "CREATE VIRTUAL TABLE IF NOT EXISTS temp.psst_vocab USING "
                   "fts5vocab(main, sessions_fts, 'row')",
                   NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(p->db, "SELECT term, doc FROM temp.psst_vocab", -1, &st, NULL) ||
      sqlite3_prepare_v2(p->db,
                         "SELECT rowid FROM sessions_fts WHERE sessions_fts MATCH ?1 LIMIT 1", -1,
                         &find, NULL) ||
      sqlite3_prepare_v2(p->db, "SELECT record, line FROM sessions WHERE id = ?", -1, &rec, NULL)) {
    sqlite3_finalize(st);
    sqlite3_finalize(find);
    return PSST_OK; /* no suggestion is no error */
  }
  int rc = PSST_OK;
  for (size_t w = 0; w < q->n_latin && !rc; w++) {
    char low[64];
    size_t n = strlen(q->latin[w]);
    if (n >= sizeof low || n < 3)
      continue;
    for (size_t i = 0; i <= n; i++)
      low[i] = (char)(q->latin[w][i] | (i < n ? 0x20 : 0));
    const sb_symbol *sw = sb_stemmer_stem(stem, (const sb_symbol *)low, (int)n);
    char target[64];
    snprintf(target, sizeof target, "%s", sw ? (const char *)sw : low);
    size_t best = n <= 4 ? 2 : 3, best_doc = 0;
    char term[64] = "";
    bool prefix = false; /* a word of the index starts with the one typed: "block*" */
    while (sqlite3_step(st) == SQLITE_ROW) {
      const char *t = (const char *)sqlite3_column_text(st, 0);
      if (!t || !((t[0] | 0x20) >= 'a' && (t[0] | 0x20) <= 'z'))
        continue;
      prefix |= strlen(t) > n && !strncmp(t, low, n);
      /* as typed against the index's stem, or stem against stem with one edit more: the
         nearer wins ("artifical" is artificial's, not party's) */
      size_t d1 = distance(low, t), d2 = distance(target, t) + 1;
      size_t d = d1 < d2 ? d1 : d2;
      size_t doc = (size_t)sqlite3_column_int64(st, 1);
      if (d && (d < best || (d == best && doc > best_doc)))
        best = d, best_doc = doc, snprintf(term, sizeof term, "%s", t);
    }
    sqlite3_reset(st);
    if (prefix) {
      rc = ps_buf_printf(out, "%s%s*", out->len ? ", " : "", q->latin[w]);
      continue;
    }
    if (!term[0])
      continue;
    /* the word as written: the first one in a matching record whose stem is the term */
    struct ps_buf m = {0};
    struct ps_hl h = {PS_HL_STEM, term};
    bool done = false;
    if (!ps_buf_printf(&m, "{title_en people affiliations notes} : \"%s\"", term)) {
      sqlite3_bind_text(find, 1, m.s, -1, SQLITE_STATIC);
      /* title_en, people, affiliations, notes */
      if (sqlite3_step(find) == SQLITE_ROW &&
          !indexed_texts(p, rec, sqlite3_column_int64(find, 0), &x, &ignored))
        for (int c = 0; c < 4 && !done; c++) {
          const char *t = x.col[c < 3 ? c + 1 : 5];
          size_t len = t ? strlen(t) : 0;
          for (size_t i = 0; i < len && !done; i++) {
            size_t k = ps_hl_match(&h, t, i, len, stem);
            if (k) {
              rc = ps_buf_printf(out, "%s%.*s", out->len ? ", " : "", (int)k, t + i);
              done = true;
            }
          }
        }
      sqlite3_reset(find);
    }
    ps_buf_release(&m);
  }
  sqlite3_finalize(st);
  sqlite3_finalize(find);
  sqlite3_finalize(rec);
  ps_index_text_release(&x);
  return rc ? PSST_ENOMEM : PSST_OK;
}

/*
 * Scoring every match with bm25() is most of a search's time when the matches are many
 * (30 ms for 10,000 of a million sessions, 110 ms for 100,000): past LARGE_MATCHES, the
 * sessions that match in their titles, names or codes come first, then the others, each
 * newest first, which FTS5 reads in its own order and stops after the page (2 to 4 ms).
 * Fewer matches are ranked by BM25 (docs/search.md).
 */
enum { LARGE_MATCHES = 1000 };

/* How many sessions match, counting no further than LARGE_MATCHES + 1. */
static int large_probe(struct psst *p, const char *fts, long *n, struct psst_error *err) {
  sqlite3_stmt *st;
  int rc = ps_prepare(p,
                      "SELECT count(*) FROM (SELECT 1 FROM sessions_fts WHERE sessions_fts "
                      "MATCH ?1 LIMIT 1001)",
                      &st, err);
  if (rc)
    return rc;
  sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW)
    *n = (long)sqlite3_column_int64(st, 0);
  else
    rc = ps_err_db(err, p->db, "search");
  sqlite3_finalize(st);
  return rc;
}

int psst_search_explain(struct psst *p, const char *query, char **out, struct psst_error *err) {
  struct ps_query q;
  struct ps_buf b = {0};
  int rc = ps_query_compile(p, query, &q, err);
  if (rc)
    return rc;
  rc = ps_buf_json_str(&b, q.fts.s) ? ps_err(err, PSST_ENOMEM, "out of memory") : PSST_OK;
  ps_query_release(&q);
  *out = rc ? NULL : ps_buf_detach(&b);
  ps_buf_release(&b);
  return rc;
}

int psst_search(struct psst *p, const char *query, const struct psst_filter *f, enum psst_lang lang,
                size_t limit, const char *open, const char *close, struct psst_table **out,
                struct psst_error *err) {
  struct psst_page page = {.limit = limit};
  return psst_search_page(p, query, f, &page, lang, open, close, out, NULL, err);
}

int psst_search_page(struct psst *p, const char *query, const struct psst_filter *f,
                     const struct psst_page *page, enum psst_lang lang, const char *open,
                     const char *close, struct psst_table **out, long *total,
                     struct psst_error *err) {
  *out = NULL;
  size_t limit = page ? page->limit : 0;
  enum psst_order order = page ? page->order : PSST_ORDER_DEFAULT;
  struct ps_buf sql = {0}, where = {0}, snip = {0}, cols_sql = {0};
  struct ps_binds b = {0};
  sqlite3_stmt *st = NULL, *row = NULL, *text = NULL;
  struct psst_table *t = NULL;
  struct ps_query qq = {0};
  struct ps_buf named = {0}; /* the query restricted to titles, names and codes */
  struct ps_index_text ix = {0};
  int rc;
  if ((rc = ps_query_compile(p, query, &qq, err)))
    goto out;
  struct sb_stemmer *stem = qq.stem;
  /* rank first, on the index alone; titles weigh most, then people, affiliations, notes */
  /* without filters the ranking needs the index alone: joining the sessions table for
     every match would read thousands of rows to keep twenty */
  bool index_only = ps_filter_empty(f) && order == PSST_ORDER_DEFAULT;
  if (ps_buf_puts(&where, index_only ? "FROM sessions_fts WHERE sessions_fts MATCH ?1"
                                     : "FROM sessions_fts JOIN sessions s ON "
                                       "s.id = sessions_fts.rowid WHERE sessions_fts "
                                       "MATCH ?1")) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  if ((rc = ps_filter_sql(p, f, &where, &b, err)))
    goto out;
  /* titles weigh most, then names, the codes' labels, institutions, notes */
  const char *by_rank =
      " ORDER BY bm25(sessions_fts, 10.0, 10.0, 8.0, 3.0, 5.0, 1.0), sessions_fts.rowid";
  struct psst_page all = {.limit = limit, .offset = page ? page->offset : 0};
  bool large = false;
  if (index_only && limit && all.offset + limit <= LARGE_MATCHES) {
    long n = 0;
    if ((rc = large_probe(p, qq.fts.s, &n, err)))
      goto out;
    large = n > LARGE_MATCHES;
  }
  int built = large ? (ps_buf_printf(&named, "{title_zh title_en people codes} : (%s)", qq.fts.s) ||
                       ps_buf_printf(&sql,
                                     "SELECT rowid FROM (SELECT rowid, 0 AS tier FROM (SELECT "
                                     "rowid FROM sessions_fts WHERE sessions_fts MATCH ?2 ORDER BY "
                                     "rowid DESC LIMIT %zu) UNION ALL SELECT rowid, 1 FROM (SELECT "
                                     "rowid FROM sessions_fts WHERE sessions_fts MATCH ?1 ORDER BY "
                                     "rowid DESC LIMIT %zu)) GROUP BY rowid ORDER BY min(tier), "
                                     "rowid DESC",
                                     all.offset + limit, 2 * (all.offset + limit)))
                    : ps_buf_printf(&sql, "SELECT %s %s%s", index_only ? "rowid" : "s.id", where.s,
                                    order == PSST_ORDER_DEFAULT ? by_rank : ps_order_sql(order));
  if (built || ps_page_sql(&sql, &all) ||
      ps_buf_printf(&cols_sql, "SELECT %s FROM sessions s WHERE s.id = ?2", ps_session_columns)) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  if ((rc = ps_prepare(p, sql.s, &st, err)) || (rc = ps_prepare(p, cols_sql.s, &row, err)) ||
      (rc = ps_prepare(p, "SELECT record, line FROM sessions WHERE id = ?", &text, err)))
    goto out;
  sqlite3_bind_text(st, 1, qq.fts.s, -1, SQLITE_STATIC);
  if (large)
    sqlite3_bind_text(st, 2, named.s, -1, SQLITE_STATIC);
  else
    ps_binds_apply(st, &b, 2);
  sqlite3_bind_int(row, 1, lang == PSST_LANG_ZH);
  const char *cols[PS_SESSION_NCOLS + 1];
  enum psst_coltype types[PS_SESSION_NCOLS + 1];
  memcpy(cols, ps_session_colnames, sizeof ps_session_colnames);
  memcpy(types, ps_session_coltypes, sizeof ps_session_coltypes);
  cols[PS_SESSION_NCOLS] = "snippet";
  types[PS_SESSION_NCOLS] = PSST_COL_TEXT;
  if (!(t = ps_table_new(PS_SESSION_NCOLS + 1, cols, types))) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  int s;
  while ((s = sqlite3_step(st)) == SQLITE_ROW) {
    sqlite3_int64 id = sqlite3_column_int64(st, 0);
    sqlite3_bind_int64(row, 2, id);
    if (sqlite3_step(row) != SQLITE_ROW) {
      rc = ps_err_db(err, p->db, "search");
      goto out;
    }
    if ((rc = indexed_texts(p, text, id, &ix, err)))
      goto out;
    const char *cells[PS_SESSION_NCOLS + 1];
    for (int k = 0; k < PS_SESSION_NCOLS; k++)
      cells[k] = (const char *)sqlite3_column_text(row, k);
    /* the columns by weight, the codes' labels left out: title_zh, title_en, people,
       affiliations, notes */
    const char *texts[5] = {ix.col[0], ix.col[1], ix.col[2], ix.col[3], ix.col[5]};
    snip.len = 0;
    if (snippet(&snip, texts, 5, &qq, stem, open ? open : "[", close ? close : "]") ||
        (cells[PS_SESSION_NCOLS] = snip.s, ps_table_add_row(t, cells))) {
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
      goto out;
    }
    sqlite3_reset(row);
  }
  if (s != SQLITE_DONE) {
    rc = ps_err_db(err, p->db, "search");
    goto out;
  }
  if (total) {
    if ((rc = ps_count_where(p, where.s, &b, 2, qq.fts.s, total, err)))
      goto out;
  } else if (limit && t->nrows == limit && ps_table_set_note(t, "the first %zu matches", limit)) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  if (!t->nrows) {
    struct ps_buf dym = {0};
    if (did_you_mean(p, &qq, stem, &dym) ||
        (dym.len && ps_table_set_note(t, "no match; did you mean: %s?", dym.s))) {
      ps_buf_release(&dym);
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
      goto out;
    }
    ps_buf_release(&dym);
  }
  *out = t;
  t = NULL;
out:
  ps_index_text_release(&ix);
  ps_buf_release(&named);
  ps_query_release(&qq);
  psst_table_free(t);
  sqlite3_finalize(st);
  sqlite3_finalize(row);
  sqlite3_finalize(text);
  ps_binds_release(&b);
  ps_buf_release(&sql);
  ps_buf_release(&where);
  ps_buf_release(&cols_sql);
  ps_buf_release(&snip);
  return rc;
}
