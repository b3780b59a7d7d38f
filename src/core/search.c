/*
 * search.c: full-text search through the FTS5 index built with the "psst"
 * tokenizer, which indexes Chinese as overlapping unigrams and bigrams so that a
 * substring of any length matches without word segmentation.
 */
#include "internal.h"
#include "listing.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Whether a word holds a letter or digit, in any script: punctuation alone finds nothing. */
static bool has_word_char(const char *s, size_t n) {
  utf8proc_ssize_t i = 0;
  while ((size_t)i < n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t l =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)n - i, &cp);
    if (l <= 0) {
      i++;
      continue;
    }
    utf8proc_category_t c = utf8proc_category(cp);
    if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO)
      return true;
    i += l;
  }
  return false;
}

/* Splits the user's words (ASCII or ideographic spaces) into quoted FTS5 phrases;
   a word of ASCII letters and digits becomes a prefix query. */
int ps_fts_query(const char *q, struct ps_buf *out, int *words) {
  *words = 0;
  const char *c = q;
  while (*c) {
    while (*c == ' ' || *c == '\t' || *c == '\n' || !strncmp(c, "\xe3\x80\x80", 3))
      c += *c == '\xe3' ? 3 : 1;
    if (!*c)
      break;
    const char *start = c;
    bool ascii_word = true;
    while (*c && *c != ' ' && *c != '\t' && *c != '\n' && strncmp(c, "\xe3\x80\x80", 3)) {
      unsigned char u = (unsigned char)*c;
      ascii_word &= (u >= '0' && u <= '9') || ((u | 32) >= 'a' && (u | 32) <= 'z');
      c++;
    }
    if (!has_word_char(start, (size_t)(c - start)))
      continue;
    int rc = ps_buf_puts(out, *words ? " \"" : "\"");
    for (const char *k = start; k < c && !rc; k++)
      rc = *k == '"' ? ps_buf_puts(out, "\"\"") : ps_buf_putc(out, *k);
    rc = rc ? rc : ps_buf_puts(out, ascii_word ? "\"*" : "\"");
    if (rc)
      return rc;
    (*words)++;
  }
  return PSST_OK;
}

/* Case-insensitive for ASCII letters: the tokenizer folds case, so the snippet does too. */
static const char *find_word(const char *text, const char *w, size_t n) {
  for (const char *t = text; *t; t++) {
    size_t k = 0;
    while (k < n && t[k] &&
           (t[k] == w[k] || ((unsigned char)w[k] < 0x80 && ((t[k] | 32) == (w[k] | 32)) &&
                             ((w[k] | 32) >= 'a' && (w[k] | 32) <= 'z'))))
      k++;
    if (k == n)
      return t;
  }
  return NULL;
}

struct word {
  const char *s;
  size_t n;
};

/* The earliest match of any word in text, and which word. */
static const char *first_match(const char *text, const struct word *w, size_t nw, size_t *len) {
  const char *best = NULL;
  for (size_t i = 0; i < nw; i++) {
    const char *at = find_word(text, w[i].s, w[i].n);
    if (at && (!best || at < best))
      best = at, *len = w[i].n;
  }
  return best;
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
 * weight) that holds a query word, every word in it wrapped in open/close. Done here
 * for the few rows shown rather than by FTS5's snippet(), which would have to be
 * computed for every match before the ranking picks the best.
 */
static int snippet(struct ps_buf *out, const char *const *texts, size_t nt, const struct word *w,
                   size_t nw, const char *open, const char *close) {
  const char *text = NULL, *at = NULL;
  size_t len = 0;
  for (size_t i = 0; i < nt && !at; i++)
    if (texts[i] && (at = first_match(texts[i], w, nw, &len)))
      text = texts[i];
  if (!at) { /* folded forms (full-width letters) the byte search cannot see */
    text = texts[0] && *texts[0] ? texts[0] : texts[1] ? texts[1] : "";
    at = text;
  }
  const char *from = back_chars(text, at, 8), *to = fwd_chars(from, 32);
  int rc = from > text ? ps_buf_puts(out, "…") : PSST_OK;
  const char *c = from;
  while (!rc && c < to) {
    size_t n = 0;
    const char *m = NULL;
    for (size_t i = 0; i < nw && !m; i++) {
      const char *hit = find_word(c, w[i].s, w[i].n);
      if (hit == c)
        m = hit, n = w[i].n;
    }
    if (m) {
      rc = ps_buf_puts(out, open) || ps_buf_add(out, c, n) || ps_buf_puts(out, close);
      c += n;
    } else {
      const char *next = fwd_chars(c, 1);
      rc = ps_buf_add(out, c, (size_t)(next - c));
      c = next;
    }
  }
  if (!rc && *c)
    rc = ps_buf_puts(out, "…");
  return rc ? PSST_ENOMEM : PSST_OK;
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
  struct ps_buf sql = {0}, where = {0}, q = {0}, snip = {0}, cols_sql = {0};
  struct ps_binds b = {0};
  sqlite3_stmt *st = NULL, *row = NULL, *text = NULL;
  struct psst_table *t = NULL;
  struct word words_v[64];
  size_t nw = 0;
  int words, rc;
  if (!query || (rc = ps_fts_query(query, &q, &words)) || !words) {
    rc = ps_err(err, PSST_EINVAL, "search: the query has no letters, digits or characters");
    goto out;
  }
  /* the words to mark, as typed: the FTS query quotes each of them */
  for (const char *c = q.s; *c && nw < 64;) {
    if (*c++ != '"')
      continue;
    const char *start = c;
    while (*c && !(*c == '"' && c[1] != '"'))
      c += *c == '"' ? 2 : 1;
    words_v[nw].s = start, words_v[nw++].n = (size_t)(c - start);
    if (*c)
      c++;
  }
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
  const char *by_rank =
      " ORDER BY bm25(sessions_fts, 10.0, 8.0, 4.0, 2.0, 1.0), sessions_fts.rowid";
  struct psst_page all = {.limit = limit, .offset = page ? page->offset : 0};
  if (ps_buf_printf(&sql, "SELECT %s %s%s", index_only ? "rowid" : "s.id", where.s,
                    order == PSST_ORDER_DEFAULT ? by_rank : ps_order_sql(order)) ||
      ps_page_sql(&sql, &all) ||
      ps_buf_printf(&cols_sql, "SELECT %s FROM sessions s WHERE s.id = ?2", ps_session_columns)) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  if ((rc = ps_prepare(p, sql.s, &st, err)) || (rc = ps_prepare(p, cols_sql.s, &row, err)) ||
      (rc = ps_prepare(p,
                       "SELECT title_zh, title_en, people, affiliations, notes FROM "
                       "sessions_fts WHERE rowid = ?",
                       &text, err)))
    goto out;
  sqlite3_bind_text(st, 1, q.s, -1, SQLITE_STATIC);
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
    sqlite3_bind_int64(text, 1, id);
    if (sqlite3_step(row) != SQLITE_ROW || sqlite3_step(text) != SQLITE_ROW) {
      rc = ps_err_db(err, p->db, "search");
      goto out;
    }
    const char *cells[PS_SESSION_NCOLS + 1];
    for (int k = 0; k < PS_SESSION_NCOLS; k++)
      cells[k] = (const char *)sqlite3_column_text(row, k);
    const char *texts[5];
    for (int k = 0; k < 5; k++)
      texts[k] = (const char *)sqlite3_column_text(text, k);
    snip.len = 0;
    if (snippet(&snip, texts, 5, words_v, nw, open ? open : "[", close ? close : "]") ||
        (cells[PS_SESSION_NCOLS] = snip.s, ps_table_add_row(t, cells))) {
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
      goto out;
    }
    sqlite3_reset(row);
    sqlite3_reset(text);
  }
  if (s != SQLITE_DONE) {
    rc = ps_err_db(err, p->db, "search");
    goto out;
  }
  if (total) {
    if ((rc = ps_count_where(p, where.s, &b, 2, q.s, total, err)))
      goto out;
  } else if (limit && t->nrows == limit && ps_table_set_note(t, "the first %zu matches", limit)) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  *out = t;
  t = NULL;
out:
  psst_table_free(t);
  sqlite3_finalize(st);
  sqlite3_finalize(row);
  sqlite3_finalize(text);
  ps_binds_release(&b);
  ps_buf_release(&sql);
  ps_buf_release(&where);
  ps_buf_release(&cols_sql);
  ps_buf_release(&snip);
  ps_buf_release(&q);
  return rc;
}
