/*
 * compare.c: eras side by side (psst compare --by leader|term): per leader or term,
 * the sessions held, the time in office, sessions per year, the technologies
 * studied and the share of each primary topic.
 *
 * SQLite counts per group; this file lays the groups out in the order they held
 * office, takes the dates in office from terms.json (the sitting term runs to the
 * data's as-of date, since the record cannot speak past it) and derives the
 * rates and shares. Every derived figure sits beside the counts it comes from
 * (sessions, dated, topic_unknown), so that a reader can check it and see how many
 * sessions it rests on.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Columns before the topic shares, and the one after them. */
enum {
  C_GROUP,
  C_TERMS,
  C_SESSIONS,
  C_DATED,
  C_TITLED,
  C_CODED,
  C_HIGH,
  C_FROM,
  C_TO,
  C_YEARS,
  C_RATE,
  C_TECHS,
  C_TECH_LIST,
  C_FIXED
};

static const char *const fixed_cols[C_FIXED] = {NULL,
                                                "terms",
                                                "sessions",
                                                "dated",
                                                "titled",
                                                "coded",
                                                "high",
                                                "from",
                                                "to",
                                                "years_in_office",
                                                "sessions_per_year",
                                                "technologies",
                                                "tech_list"};
static const char *const fixed_en[C_FIXED] = {NULL,
                                              "terms",
                                              "sessions",
                                              "with a known date",
                                              "with a Chinese title",
                                              "with a primary topic",
                                              "confidence high",
                                              "from",
                                              "to",
                                              "years in office",
                                              "sessions per year",
                                              "technologies",
                                              "technologies studied"};
static const char *const fixed_zh[C_FIXED] = {
    NULL, "届次", "场次",     "日期已知", "中文题目已知", "主要主题已编码", "可信度高",
    "起", "止",   "在任年数", "年均场次", "技术数",       "所学技术"};

struct group {
  char *key;         /* s.leader, or the term number as text */
  const char *label; /* the leader's name in the chosen language, or key */
  long sessions, dated, titled, with_topic, high; /* the era's completeness */
  long *topic_n;                                  /* per codebook topic */
  bool *tag_seen;                                 /* per codebook tag */
};

struct groups {
  struct group *v;
  size_t n, cap;
};

static void groups_release(struct groups *g) {
  for (size_t i = 0; i < g->n; i++)
    free(g->v[i].key), free(g->v[i].topic_n), free(g->v[i].tag_seen);
  free(g->v);
}

static struct group *group_find(struct groups *g, const char *key) {
  for (size_t i = 0; i < g->n; i++)
    if (!strcmp(g->v[i].key, key))
      return &g->v[i];
  return NULL;
}

/* The group of key, added at the end when new; NULL when memory ran out. */
static struct group *group_get(struct groups *g, const struct ps_refdata *r, const char *key,
                               const char *label) {
  struct group *x = group_find(g, key);
  if (x)
    return x;
  if (g->n == g->cap) {
    size_t cap = g->cap ? g->cap * 2 : 8;
    struct group *v = realloc(g->v, cap * sizeof *v);
    if (!v)
      return NULL;
    g->v = v;
    g->cap = cap;
  }
  x = &g->v[g->n];
  *x = (struct group){0};
  x->key = ps_strdup(key);
  x->topic_n = calloc(r->n_topics + 1, sizeof *x->topic_n);
  x->tag_seen = calloc(r->n_tags + 1, sizeof *x->tag_seen);
  if (!x->key || !x->topic_n || !x->tag_seen) {
    free(x->key), free(x->topic_n), free(x->tag_seen);
    return NULL;
  }
  x->label = label ? label : x->key;
  g->n++;
  return x;
}

/* terms.json in term order: the file's order is the curators', not a promise. */
static const struct ps_term **terms_in_order(const struct ps_refdata *r) {
  const struct ps_term **o = malloc((r->n_terms + 1) * sizeof *o);
  if (!o)
    return NULL;
  for (size_t i = 0; i < r->n_terms; i++) {
    size_t k = i;
    while (k > 0 && o[k - 1]->term > r->terms[i].term) {
      o[k] = o[k - 1];
      k--;
    }
    o[k] = &r->terms[i];
  }
  return o;
}

static bool term_in_group(const struct ps_term *t, bool by_term, const char *key) {
  if (by_term)
    return t->term == atoi(key);
  return !strcmp(t->leader, key);
}

static int as_of_date(struct psst *p, char *out, size_t len, struct psst_error *err) {
  sqlite3_stmt *st = NULL;
  int rc = ps_prepare(p, "SELECT value FROM meta WHERE key = 'as_of'", &st, err);
  if (rc)
    return rc;
  out[0] = '\0';
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW && sqlite3_column_text(st, 0))
    snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
  else if (step != SQLITE_ROW && step != SQLITE_DONE)
    rc = ps_err_db(err, p->db, "query");
  sqlite3_finalize(st);
  return rc;
}

/*
 * One pass over the sessions, three kinds of rows: 0 the counts per group, 1 the
 * sessions per group and primary topic, 2 the technology tags met per group.
 * Groups the terms file does not know (it should know every one) are added at the
 * end rather than dropped, so that no session goes uncounted.
 */
static int count(struct psst *p, const char *expr, struct groups *g, struct psst_error *err) {
  const struct ps_refdata *r = &p->ref;
  struct ps_buf sql = {0};
  sqlite3_stmt *st = NULL;
  int rc = PSST_OK;
  if (ps_buf_printf(&sql,
                    "SELECT 0, %s, NULL, count(*), count(s.date), count(s.topic),"
                    " sum(s.title_zh <> ''), sum(s.confidence = 'high') FROM sessions s"
                    " GROUP BY 2"
                    " UNION ALL SELECT 1, %s, s.topic, count(*), 0, 0, 0, 0 FROM sessions s"
                    " WHERE s.topic IS NOT NULL GROUP BY 2, 3"
                    " UNION ALL SELECT 2, %s, st.tag, count(*), 0, 0, 0, 0 FROM sessions s"
                    " JOIN session_tech st ON st.session_id = s.id"
                    " WHERE st.tag <> 'general-sti' GROUP BY 2, 3 ORDER BY 1, 2",
                    expr, expr, expr)) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  if ((rc = ps_prepare(p, sql.s, &st, err)))
    goto out;
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    int kind = sqlite3_column_int(st, 0);
    const char *key = (const char *)sqlite3_column_text(st, 1);
    const char *code = (const char *)sqlite3_column_text(st, 2);
    if (!key)
      continue; /* sessions.term and sessions.leader are NOT NULL */
    struct group *x = group_get(g, r, key, NULL);
    if (!x) {
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
      goto out;
    }
    if (kind == 0) {
      x->sessions = (long)sqlite3_column_int64(st, 3);
      x->dated = (long)sqlite3_column_int64(st, 4);
      x->with_topic = (long)sqlite3_column_int64(st, 5);
      x->titled = (long)sqlite3_column_int64(st, 6);
      x->high = (long)sqlite3_column_int64(st, 7);
    } else if (kind == 1) {
      const struct ps_code *c = ps_code_find(r->topics, r->n_topics, code);
      if (c)
        x->topic_n[c - r->topics] += (long)sqlite3_column_int64(st, 3);
    } else {
      const struct ps_code *c = ps_code_find(r->tags, r->n_tags, code);
      if (c)
        x->tag_seen[c - r->tags] = true;
    }
  }
  if (step != SQLITE_DONE)
    rc = ps_err_db(err, p->db, "query");
out:
  sqlite3_finalize(st);
  ps_buf_release(&sql);
  return rc;
}

/* "16-17", or "16-17,19" should a leader ever return after a gap. */
static int terms_text(const struct ps_term *const *terms, size_t n, bool by_term, const char *key,
                      struct ps_buf *b) {
  int lo = 0, hi = 0;
  for (size_t i = 0; i <= n; i++) {
    const struct ps_term *t = i < n && term_in_group(terms[i], by_term, key) ? terms[i] : NULL;
    if (t && lo && t->term == hi + 1) {
      hi = t->term;
      continue;
    }
    if (lo && ps_buf_printf(b, "%s%d", b->len ? "," : "", lo))
      return PSST_ENOMEM;
    if (lo && hi != lo && ps_buf_printf(b, "-%d", hi))
      return PSST_ENOMEM;
    lo = hi = t ? t->term : 0;
  }
  return PSST_OK;
}

static int add_group_row(struct psst_table *t, const struct ps_refdata *r,
                         const struct ps_term *const *terms, bool by_term, const struct group *x,
                         const char *as_of) {
  size_t ncols = t->ncols;
  struct ps_buf tl = {0}, tt = {0};
  const char **cells = calloc(ncols, sizeof *cells);
  char(*num)[32] = calloc(ncols, sizeof *num);
  int rc = PSST_ENOMEM;
  if (!cells || !num || terms_text(terms, r->n_terms, by_term, x->key, &tt))
    goto out;
  /* in office from the first term's start to the last term's end, or to the data's date */
  const char *from = NULL, *to = NULL;
  for (size_t i = 0; i < r->n_terms; i++)
    if (term_in_group(terms[i], by_term, x->key)) {
      if (!from)
        from = terms[i]->from;
      to = *terms[i]->to ? terms[i]->to : as_of;
    }
  if (from && !*from)
    from = NULL;
  if (to && !*to)
    to = NULL;
  cells[C_GROUP] = x->label;
  cells[C_TERMS] = tt.s;
  snprintf(num[C_SESSIONS], sizeof num[0], "%ld", x->sessions);
  snprintf(num[C_DATED], sizeof num[0], "%ld", x->dated);
  snprintf(num[C_TITLED], sizeof num[0], "%ld", x->titled);
  snprintf(num[C_CODED], sizeof num[0], "%ld", x->with_topic);
  snprintf(num[C_HIGH], sizeof num[0], "%ld", x->high);
  cells[C_SESSIONS] = num[C_SESSIONS], cells[C_DATED] = num[C_DATED];
  cells[C_TITLED] = num[C_TITLED], cells[C_CODED] = num[C_CODED], cells[C_HIGH] = num[C_HIGH];
  cells[C_FROM] = from, cells[C_TO] = to;
  if (from && to && ps_days(to) > ps_days(from)) {
    double years = (double)(ps_days(to) - ps_days(from)) / 365.25;
    snprintf(num[C_YEARS], sizeof num[0], "%.1f", years);
    snprintf(num[C_RATE], sizeof num[0], "%.2f", (double)x->sessions / years);
    cells[C_YEARS] = num[C_YEARS], cells[C_RATE] = num[C_RATE];
  }
  long ntech = 0;
  for (size_t k = 0; k < r->n_tags; k++) {
    if (!x->tag_seen[k])
      continue;
    ntech++;
    if (ps_buf_printf(&tl, "%s%s", tl.len ? "," : "", r->tags[k].code))
      goto out;
  }
  snprintf(num[C_TECHS], sizeof num[0], "%ld", ntech);
  cells[C_TECHS] = num[C_TECHS];
  cells[C_TECH_LIST] = tl.s ? tl.s : "";
  for (size_t k = 0; k < r->n_topics; k++)
    if (x->with_topic) {
      snprintf(num[C_FIXED + k], sizeof num[0], "%.1f",
               100.0 * (double)x->topic_n[k] / (double)x->with_topic);
      cells[C_FIXED + k] = num[C_FIXED + k];
    }
  snprintf(num[ncols - 1], sizeof num[0], "%ld", x->sessions - x->with_topic);
  cells[ncols - 1] = num[ncols - 1];
  rc = ps_table_add_row(t, cells);
out:
  free(cells), free(num);
  ps_buf_release(&tl), ps_buf_release(&tt);
  return rc;
}

/* Display names in the chosen language, as psst_stats gives them. */
static int set_headers(struct psst_table *t, const struct ps_refdata *r, bool by_term, bool zh) {
  if (!(t->headers = calloc(t->ncols, sizeof *t->headers)))
    return PSST_ENOMEM;
  for (size_t k = 0; k < t->ncols; k++) {
    struct ps_buf b = {0};
    int rc;
    if (k == C_GROUP)
      rc = ps_buf_puts(&b, by_term ? (zh ? "届" : "term") : (zh ? "总书记" : "leader"));
    else if (k < C_FIXED)
      rc = ps_buf_puts(&b, zh ? fixed_zh[k] : fixed_en[k]);
    else if (k + 1 < t->ncols)
      rc = zh ? ps_buf_printf(&b, "%s（%%）", r->topics[k - C_FIXED].zh)
              : ps_buf_printf(&b, "%s (%%)", r->topics[k - C_FIXED].en);
    else
      rc = ps_buf_puts(&b, zh ? "主题未编码" : "without a primary topic");
    if (rc || !(t->headers[k] = ps_buf_detach(&b))) {
      ps_buf_release(&b);
      return PSST_ENOMEM;
    }
  }
  return PSST_OK;
}

/* What each figure leaves out, so that no share is read as one of every session. */
static int set_note(struct psst_table *t, long unknown, const char *as_of, bool zh) {
  struct ps_buf b = {0};
  int rc;
  if (zh)
    rc = ps_buf_puts(&b, "主题占比以主要主题已编码的会议为基数");
  else
    rc = ps_buf_puts(&b, "topic shares are of the sessions with a known primary topic");
  if (!rc && unknown)
    rc = zh ? ps_buf_printf(&b, "，另有 %ld 场主题未编码", unknown)
            : ps_buf_printf(&b, "; %ld without one", unknown);
  if (!rc)
    rc = zh ? ps_buf_printf(&b, "；技术数不计“科技总体”标签；本届任期算至数据截止日 %s", as_of)
            : ps_buf_printf(&b,
                            "; technologies leave out general-sti (science and technology in "
                            "general); the sitting term runs to the data's date, %s",
                            as_of);
  /* the rate counts every session the numbering knows of; what an era studied rests on
     the sessions whose subject is known, so an era with fewer titled or coded sessions
     may have studied more than it shows */
  if (!rc)
    rc = zh ? ps_buf_puts(&b, "；技术与主题只计题目已知、主题已编码的会议，记录较不完整的时期"
                              "所学可能多于所见（见“中文题目已知”“主要主题已编码”两行）")
            : ps_buf_puts(&b, "; technologies and topics rest on the sessions whose subject is "
                              "known: an era with fewer titled or coded sessions may have studied "
                              "more than it shows (the rows 'with a Chinese title' and 'with a "
                              "primary topic')");
  if (!rc)
    rc = ps_table_set_note(t, "%s", b.s);
  ps_buf_release(&b);
  return rc ? PSST_ENOMEM : PSST_OK;
}

/* share_<code>: the topic codes stand in as column names until here. */
static int name_share_cols(struct psst_table *t) {
  for (size_t k = C_FIXED; k + 1 < t->ncols; k++) {
    struct ps_buf b = {0};
    if (ps_buf_printf(&b, "share_%s", t->cols[k])) {
      ps_buf_release(&b);
      return PSST_ENOMEM;
    }
    free(t->cols[k]);
    t->cols[k] = ps_buf_detach(&b);
  }
  return PSST_OK;
}

int psst_compare(struct psst *p, const char *by, enum psst_lang lang, struct psst_table **out,
                 struct psst_error *err) {
  *out = NULL;
  bool by_term = by && !strcmp(by, "term");
  if (!by || (!by_term && strcmp(by, "leader")))
    return ps_err(err, PSST_EINVAL, "--by: '%s' is not leader or term", by ? by : "");
  bool zh = lang == PSST_LANG_ZH;
  const struct ps_refdata *r = &p->ref;
  struct groups g = {0};
  struct psst_table *t = NULL;
  size_t ncols = C_FIXED + r->n_topics + 1;
  const char **cols = calloc(ncols, sizeof *cols);
  enum psst_coltype *types = calloc(ncols, sizeof *types);
  const struct ps_term **terms = terms_in_order(r);
  char as_of[16];
  int rc = PSST_ENOMEM;
  if (!cols || !types || !terms)
    goto out;
  if ((rc = as_of_date(p, as_of, sizeof as_of, err)))
    goto out;
  /* the groups of terms.json first, in the order they held office */
  rc = PSST_ENOMEM;
  for (size_t i = 0; i < r->n_terms; i++) {
    char key[16];
    snprintf(key, sizeof key, "%d", terms[i]->term);
    const char *label = by_term ? NULL : zh ? terms[i]->leader_zh : terms[i]->leader;
    if (!group_get(&g, r, by_term ? key : terms[i]->leader, label))
      goto out;
  }
  if ((rc = count(p, by_term ? "s.term" : "s.leader", &g, err)))
    goto out;

  for (size_t k = 0; k < ncols; k++) {
    if (k == C_GROUP) {
      cols[k] = by_term ? "term" : "leader";
      types[k] = by_term ? PSST_COL_INT : PSST_COL_TEXT;
    } else if (k < C_FIXED) {
      cols[k] = fixed_cols[k];
      types[k] = k == C_SESSIONS || k == C_DATED || k == C_TITLED || k == C_CODED || k == C_HIGH ||
                         k == C_TECHS
                     ? PSST_COL_INT
                 : k == C_YEARS || k == C_RATE ? PSST_COL_REAL
                 : k == C_TECH_LIST            ? PSST_COL_LIST
                                               : PSST_COL_TEXT;
    } else if (k + 1 < ncols) {
      /* the shares as percentages ("3.1"): JSON gives the fraction of one */
      cols[k] = r->topics[k - C_FIXED].code;
      types[k] = PSST_COL_PCT;
    } else {
      cols[k] = "topic_unknown";
      types[k] = PSST_COL_INT;
    }
  }
  rc = PSST_ENOMEM;
  if (!(t = ps_table_new(ncols, cols, types)) || name_share_cols(t))
    goto out;
  long unknown = 0;
  for (size_t i = 0; i < g.n; i++) {
    if (add_group_row(t, r, terms, by_term, &g.v[i], as_of))
      goto out;
    unknown += g.v[i].sessions - g.v[i].with_topic;
  }
  if (set_headers(t, r, by_term, zh) || set_note(t, unknown, as_of, zh))
    goto out;
  *out = t;
  t = NULL;
  rc = PSST_OK;
out:
  if (rc == PSST_ENOMEM)
    ps_err(err, PSST_ENOMEM, "out of memory");
  psst_table_free(t);
  free(cols), free(types), free((void *)terms);
  groups_release(&g);
  return rc;
}
