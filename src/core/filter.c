/*
 * filter.c: the listing filters shared by list, search, stats and the rankings,
 * checked against the codebook before they reach SQL, and always bound as
 * parameters, never pasted into the statement.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int add_int(struct ps_binds *b, long long i) {
  if (b->n == (int)(sizeof b->v / sizeof *b->v))
    return PSST_EINVAL;
  b->v[b->n].is_int = true;
  b->v[b->n].i = i;
  b->v[b->n].s = NULL;
  b->n++;
  return PSST_OK;
}

static int add_str(struct ps_binds *b, const char *s) {
  if (b->n == (int)(sizeof b->v / sizeof *b->v))
    return PSST_EINVAL;
  b->v[b->n].is_int = false;
  if (!(b->v[b->n].s = ps_strdup(s)))
    return PSST_ENOMEM;
  b->n++;
  return PSST_OK;
}

bool ps_filter_empty(const struct psst_filter *f) {
  return !f || (!f->term && !f->year && !f->from && !f->to && !f->leader && !f->topic && !f->tech &&
                !f->format && !f->lecturer && !f->institution && !f->since);
}

static int list_codes(struct ps_buf *b, const struct ps_code *v, size_t n) {
  int rc = 0;
  for (size_t i = 0; i < n; i++)
    rc |= ps_buf_printf(b, "%s%s", i ? ", " : "", v[i].code);
  return rc;
}

static int bad_code(struct psst_error *err, const char *opt, const char *val,
                    const struct ps_code *v, size_t n) {
  struct ps_buf known = {0};
  list_codes(&known, v, n);
  int rc = ps_err(err, PSST_EINVAL, "--%s: unknown code '%s' (known: %s)", opt, val,
                  known.s ? known.s : "");
  ps_buf_release(&known);
  return rc;
}

/* The one leader a value names: English or Chinese name, or a case-insensitive part. */
static const char *resolve_leader(const struct ps_refdata *r, const char *v, int *matches) {
  const char *found = NULL;
  *matches = 0;
  for (size_t i = 0; i < r->n_terms; i++) {
    const struct ps_term *t = &r->terms[i];
    bool hit = !strcasecmp(t->leader, v) || !strcmp(t->leader_zh, v);
    if (!hit) {
      size_t n = strlen(v), L = strlen(t->leader);
      for (size_t k = 0; n && k + n <= L && !hit; k++)
        hit = !strncasecmp(t->leader + k, v, n);
      hit = hit || (*v && strstr(t->leader_zh, v));
    }
    if (hit && (!found || strcmp(found, t->leader))) {
      found = t->leader;
      (*matches)++;
    }
  }
  return found;
}

/*
 * Whether the first `rows` sessions in the listing's order that have `value` in table.col
 * are found sooner by walking the sessions in that order, testing each (about rows * N / M
 * tests for a set of M of N sessions), than by fetching the M sessions and sorting them.
 * A fetch reads a row of the wide sessions table where a test reads a small index, so the
 * walk wins once M passes sqrt(rows * N / 4): at a million sessions, 20 rows, 2,236. How
 * many have the value is counted that far only.
 */
static int walk_wins(struct psst *p, const char *table, const char *col, const char *value,
                     size_t rows, bool *walk, struct psst_error *err) {
  long n = 0, m = 0;
  int rc = ps_count_stored(p, "sessions", &n, err);
  if (rc)
    return rc;
  unsigned long long k = 1, x = (unsigned long long)rows * (unsigned long long)(n > 0 ? n : 0) / 4;
  while (k * k < x)
    k++;
  char sql[160];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s = ? LIMIT %llu)",
           table, col, k);
  sqlite3_stmt *st;
  if ((rc = ps_prepare(p, sql, &st, err)))
    return rc;
  sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW)
    m = (long)sqlite3_column_int64(st, 0);
  else
    rc = ps_err_db(err, p->db, "query");
  sqlite3_finalize(st);
  *walk = (unsigned long long)m >= k;
  return rc;
}

/* A condition that the session has value in table.col: as a set the query may start from,
   or, when the listing walks the sessions in order (walk_wins), as a test of each. */
static int in_set(struct psst *p, struct ps_buf *sql, const char *table, const char *col,
                  const char *value, size_t rows, struct psst_error *err) {
  bool walk = false;
  int rc = rows ? walk_wins(p, table, col, value, rows, &walk, err) : PSST_OK;
  if (rc)
    return rc;
  if (walk
          ? ps_buf_printf(sql, " AND EXISTS (SELECT 1 FROM %s WHERE session_id = s.id AND %s = ?)",
                          table, col)
          : ps_buf_printf(sql, " AND s.id IN (SELECT session_id FROM %s WHERE %s = ?)", table, col))
    return ps_err(err, PSST_ENOMEM, "out of memory");
  return PSST_OK;
}

static int filter_sql(struct psst *p, const struct psst_filter *f, struct ps_buf *sql,
                      struct ps_binds *b, bool scan, size_t rows, struct psst_error *err) {
  const struct ps_refdata *r = &p->ref;
  /* a range matches a session whose days lie within it: its date, or the whole window of
     an undated one (docs/data-format.md, "Unknown dates"); the unary + keeps SQLite from
     choosing the date index (see internal.h) */
  const char *from = scan ? "+s.date_from" : "s.date_from";
  const char *to = scan ? "+s.date_to" : "s.date_to";
  int rc = PSST_OK;
  if (!f)
    return PSST_OK;
  if (f->term) {
    if (!ps_term_find(r, f->term))
      return ps_err(err, PSST_EINVAL, "--term: no term %d in terms.json", f->term);
    rc |= ps_buf_puts(sql, " AND s.term = ?") | add_int(b, f->term);
  }
  if (f->year) {
    if (f->year < 1900 || f->year > 2999)
      return ps_err(err, PSST_EINVAL, "--year: %d is not a plausible year", f->year);
    rc |= ps_buf_puts(sql, " AND s.year = ?") | add_int(b, f->year);
  }
  if (f->from) {
    if (!ps_valid_date(f->from))
      return ps_err(err, PSST_EINVAL, "--from: '%s' is not a date YYYY-MM-DD", f->from);
    rc |= ps_buf_printf(sql, " AND %s >= ?", from) | add_str(b, f->from);
  }
  if (f->to) {
    if (!ps_valid_date(f->to))
      return ps_err(err, PSST_EINVAL, "--to: '%s' is not a date YYYY-MM-DD", f->to);
    rc |= ps_buf_printf(sql, " AND %s <= ?", to) | add_str(b, f->to);
  }
  if (f->leader) {
    int n;
    const char *name = resolve_leader(r, f->leader, &n);
    if (n != 1)
      return ps_err(err, PSST_EINVAL, "--leader: '%s' %s", f->leader,
                    n ? "names more than one leader" : "names no leader in terms.json");
    rc |= ps_buf_puts(sql, " AND s.leader = ?") | add_str(b, name);
  }
  /* "unknown": the sessions without one, so that a front end's facet of the unknown
     selects what it counts (no code of the codebook is named so) */
  if (f->topic && !strcmp(f->topic, "unknown")) {
    rc |= ps_buf_puts(sql, " AND s.topic IS NULL");
  } else if (f->topic) {
    if (!ps_code_find(r->topics, r->n_topics, f->topic))
      return bad_code(err, "topic", f->topic, r->topics, r->n_topics);
    int set_rc = in_set(p, sql, "session_topics", "topic", f->topic, rows, err);
    if (set_rc)
      return set_rc;
    rc |= add_str(b, f->topic);
  }
  if (f->tech) {
    if (!ps_code_find(r->tags, r->n_tags, f->tech))
      return bad_code(err, "tech", f->tech, r->tags, r->n_tags);
    int set_rc = in_set(p, sql, "session_tech", "tag", f->tech, rows, err);
    if (set_rc)
      return set_rc;
    rc |= add_str(b, f->tech);
  }
  if (f->format && !strcmp(f->format, "unknown")) {
    rc |= ps_buf_puts(sql, " AND s.format IS NULL");
  } else if (f->format) {
    if (!ps_code_find(r->formats, r->n_formats, f->format))
      return bad_code(err, "format", f->format, r->formats, r->n_formats);
    rc |= ps_buf_puts(sql, " AND s.format = ?") | add_str(b, f->format);
  }
  if (f->lecturer) {
    if (!*f->lecturer)
      return ps_err(err, PSST_EINVAL, "--lecturer: empty name");
    /* whole words: "wang" is the surname Wang, not every name holding "wang" */
    rc |= ps_buf_puts(sql, " AND s.id IN (SELECT l.session_id FROM lectures l JOIN persons pe"
                           " ON pe.id = l.person_id WHERE psst_words(pe.name_zh, ?)"
                           " OR psst_words(pe.name_en, ?))");
    rc |= add_str(b, f->lecturer) | add_str(b, f->lecturer);
  }
  if (f->institution) {
    if (!*f->institution)
      return ps_err(err, PSST_EINVAL, "--institution: empty name");
    /* a code, or whole words of a name: "mit" is MIT, not "Committee" */
    rc |= ps_buf_puts(sql, " AND s.id IN (SELECT li.session_id FROM lecture_institutions li"
                           " JOIN institutions i ON i.id = li.institution_id WHERE i.code = ?"
                           " OR psst_words(i.name_zh, ?) OR psst_words(i.name_en, ?))");
    rc |= add_str(b, f->institution) | add_str(b, f->institution) | add_str(b, f->institution);
  }
  if (f->since) {
    if (!ps_valid_date(f->since))
      return ps_err(err, PSST_EINVAL, "--since: '%s' is not a date YYYY-MM-DD", f->since);
    /* the expression of the index sessions_changed, so that the index serves it */
    rc |= ps_buf_puts(sql, " AND coalesce(s.updated, s.added) >= ?") | add_str(b, f->since);
  }
  if (rc)
    return b->n == (int)(sizeof b->v / sizeof *b->v) ? ps_err(err, PSST_EINVAL, "too many filters")
                                                     : ps_err(err, PSST_ENOMEM, "out of memory");
  return PSST_OK;
}

int ps_filter_sql(struct psst *p, const struct psst_filter *f, struct ps_buf *sql,
                  struct ps_binds *b, struct psst_error *err) {
  return filter_sql(p, f, sql, b, false, 0, err);
}

int ps_filter_sql_ordered(struct psst *p, const struct psst_filter *f, size_t rows,
                          struct ps_buf *sql, struct ps_binds *b, struct psst_error *err) {
  return filter_sql(p, f, sql, b, false, rows, err);
}

int ps_filter_sql_scan(struct psst *p, const struct psst_filter *f, struct ps_buf *sql,
                       struct ps_binds *b, struct psst_error *err) {
  return filter_sql(p, f, sql, b, true, 0, err);
}

void ps_binds_apply(sqlite3_stmt *st, const struct ps_binds *b, int first) {
  for (int i = 0; i < b->n; i++) {
    if (b->v[i].is_int)
      sqlite3_bind_int64(st, first + i, b->v[i].i);
    else
      sqlite3_bind_text(st, first + i, b->v[i].s, -1, SQLITE_STATIC);
  }
}

void ps_binds_release(struct ps_binds *b) {
  for (int i = 0; i < b->n; i++)
    free(b->v[i].s);
  b->n = 0;
}

static long count(struct psst *p, const char *sql, const struct psst_filter *f, int *rc,
                  struct psst_error *err) {
  sqlite3_stmt *st;
  long n = 0;
  if ((*rc = ps_prepare(p, sql, &st, err)))
    return 0;
  /* the date check's range: the filter's, or its year's */
  char lo[16] = "0000-00-00", hi[16] = "9999-99-99";
  if (f->year)
    snprintf(lo, sizeof lo, "%04d-01-01", f->year), snprintf(hi, sizeof hi, "%04d-12-31", f->year);
  if (f->from && strcmp(f->from, lo) > 0)
    snprintf(lo, sizeof lo, "%s", f->from);
  if (f->to && strcmp(f->to, hi) < 0)
    snprintf(hi, sizeof hi, "%s", f->to);
  if (sqlite3_bind_parameter_count(st) == 2) {
    sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
  }
  if (sqlite3_step(st) == SQLITE_ROW)
    n = (long)sqlite3_column_int64(st, 0);
  else
    *rc = ps_err_db(err, p->db, "query");
  sqlite3_finalize(st);
  return n;
}

int ps_filter_caveat(struct psst *p, const struct psst_filter *f, enum psst_lang lang,
                     struct psst_table *t, struct psst_error *err) {
  static const struct {
    const char *sql, *en, *zh;
  } checks[] = {
      /* undated sessions whose window reaches both inside and outside the range */
      {"SELECT count(*) FROM sessions WHERE date IS NULL AND date_to >= ?1 AND date_from <= ?2"
       " AND NOT (date_from >= ?1 AND date_to <= ?2)",
       "whose date is uncertain (its window reaches outside the range)",
       "日期不确定（时间窗超出范围）"},
      /* the others are over the whole record, counted at build time (ps_counts_store):
         topic and format IS NULL, lecture or unknown format without lectures, neither
         updated nor added */
      {"SELECT coalesce(sum(n), 0) FROM counts WHERE dims = 'topic' AND a IS NULL",
       "without a primary topic", "主题未编码"},
      {"SELECT coalesce(sum(n), 0) FROM counts WHERE dims = 'format' AND a IS NULL",
       "without a known format", "形式不详"},
      {"SELECT coalesce(sum(n), 0) FROM counts WHERE dims = 'no-lecturers'",
       "without recorded lecturers", "讲解人不详"},
      {"SELECT coalesce(sum(n), 0) FROM counts WHERE dims = 'no-change-date'",
       "without the day it was added or changed", "无收录或修改日期"},
  };
  if (!f)
    return PSST_OK;
  bool applies[] = {f->year || f->from || f->to, f->topic != NULL, f->format != NULL,
                    f->lecturer || f->institution, f->since != NULL};
  int rc = PSST_OK;
  bool zh = lang == PSST_LANG_ZH;
  for (size_t i = 0; i < sizeof applies / sizeof *applies && !rc; i++) {
    if (!applies[i])
      continue;
    long n = count(p, checks[i].sql, f, &rc, err);
    if (rc || !n)
      continue;
    char msg[200];
    if (zh)
      snprintf(msg, sizeof msg, "记录中 %ld 场%s，筛选无法匹配", n, checks[i].zh);
    else
      snprintf(msg, sizeof msg, "%ld session%s in the record %s cannot match this filter", n,
               n == 1 ? "" : "s", checks[i].en);
    rc = ps_table_add_note(t, zh ? "；" : "; ", msg);
  }
  return rc == PSST_ENOMEM ? ps_err(err, rc, "out of memory") : rc;
}

/* ---- psst_words(text, words): the name filters' matching ---- */

static bool alnum_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}

/*
 * Whether text holds needle: as whole words, any case, when the needle is in Latin letters
 * ("wang" in "Wang Yiwei", not in "Huangwang"); as a substring when it holds Chinese, which
 * has no spaces to make words of.
 */
static bool has_words(const char *text, const char *needle) {
  size_t n = strlen(needle);
  bool latin = true;
  for (size_t i = 0; i < n && latin; i++)
    latin = (unsigned char)needle[i] < 0x80;
  if (!latin)
    return n && strstr(text, needle);
  for (const char *t = text; n && *t; t++) {
    if (strncasecmp(t, needle, n))
      continue;
    bool start = t == text || !alnum_byte((unsigned char)t[-1]);
    bool end = !alnum_byte((unsigned char)t[n]);
    if (start && end)
      return true;
  }
  return false;
}

static void words_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const char *text = (const char *)sqlite3_value_text(argv[0]);
  const char *needle = (const char *)sqlite3_value_text(argv[1]);
  sqlite3_result_int(ctx, text && needle && has_words(text, needle));
}

int ps_register_functions(sqlite3 *db) {
  return sqlite3_create_function_v2(db, "psst_words", 2,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                    words_fn, NULL, NULL, NULL);
}
