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
static int fts_query(const char *q, struct ps_buf *out, int *words) {
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

int psst_search(struct psst *p, const char *query, const struct psst_filter *f, enum psst_lang lang,
                size_t limit, const char *open, const char *close, struct psst_table **out,
                struct psst_error *err) {
  *out = NULL;
  struct ps_buf sql = {0}, q = {0};
  struct ps_binds b = {0};
  sqlite3_stmt *st = NULL;
  struct psst_table *t = NULL;
  int words, rc;
  if (!query || (rc = fts_query(query, &q, &words)) || !words) {
    rc = ps_err(err, PSST_EINVAL, "search: the query has no letters, digits or characters");
    goto out;
  }
  /* title columns weigh most, then people, affiliations and notes */
  if (ps_buf_printf(&sql,
                    "SELECT %s, snippet(sessions_fts, -1, ?2, ?3, '…', 24)"
                    " FROM sessions_fts JOIN sessions s ON s.id = sessions_fts.rowid"
                    " WHERE sessions_fts MATCH ?4",
                    ps_session_columns)) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  if ((rc = ps_filter_sql(p, f, &sql, &b, err)))
    goto out;
  if (ps_buf_printf(&sql,
                    " ORDER BY bm25(sessions_fts, 10.0, 8.0, 4.0, 2.0, 1.0), s.term, "
                    "s.number LIMIT %zu",
                    limit ? limit : (size_t)-1 / 2)) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  if ((rc = ps_prepare(p, sql.s, &st, err)))
    goto out;
  sqlite3_bind_int(st, 1, lang == PSST_LANG_ZH);
  sqlite3_bind_text(st, 2, open ? open : "[", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, close ? close : "]", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, q.s, -1, SQLITE_STATIC);
  ps_binds_apply(st, &b, 5);
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
  if ((rc = ps_run_into_table(p, st, t, err)))
    goto out;
  if (limit && t->nrows == limit && ps_table_set_note(t, "the first %zu matches", limit)) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  *out = t;
  t = NULL;
out:
  psst_table_free(t);
  sqlite3_finalize(st);
  ps_binds_release(&b);
  ps_buf_release(&sql);
  ps_buf_release(&q);
  return rc;
}
