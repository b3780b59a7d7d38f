/*
 * evaluate.c: the classifier against the record. psst_classify trains it on every
 * session with a curated topic and suggests codes for one subject;
 * psst_classify_evaluate holds each curated session out in turn, trains on the
 * others and compares the suggestion with the curators' codes (leave-one-out), so
 * that no session is ever judged by a model that has seen it.
 */
#include "classify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The sessions with a curated topic, in record order, with their database ids. */
struct curated {
  struct psst_session *v;
  sqlite3_int64 *id;
  size_t n, cap;
};

static void curated_release(struct curated *c) {
  for (size_t i = 0; i < c->n; i++)
    psst_session_release(&c->v[i]);
  free(c->v), free(c->id);
}

static char *column(sqlite3_stmt *st, int col) {
  const char *v = (const char *)sqlite3_column_text(st, col);
  return ps_strdup(v ? v : "");
}

static int push(char ***v, size_t *n, const char *s) {
  char **grown = realloc(*v, (*n + 1) * sizeof **v);
  if (!grown)
    return PSST_ENOMEM;
  *v = grown;
  return ((*v)[*n] = ps_strdup(s)) ? ((*n)++, PSST_OK) : PSST_ENOMEM;
}

static struct psst_session *by_id(struct curated *c, sqlite3_int64 id) {
  size_t lo = 0, hi = c->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (c->id[mid] < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < c->n && c->id[lo] == id ? &c->v[lo] : NULL;
}

/* Adds (session_id, code) rows to the sessions' secondary topics or tags. */
static int attach(struct psst *p, struct curated *c, const char *sql, bool tags,
                  struct psst_error *err) {
  sqlite3_stmt *st = NULL;
  int rc = ps_prepare(p, sql, &st, err), step;
  while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
    struct psst_session *s = by_id(c, sqlite3_column_int64(st, 0));
    const char *code = (const char *)sqlite3_column_text(st, 1);
    if (s && code && push(tags ? &s->tech : &s->topics, tags ? &s->n_tech : &s->n_topics, code))
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
  }
  if (!rc && step != SQLITE_DONE)
    rc = ps_err_db(err, p->db, "query");
  sqlite3_finalize(st);
  return rc;
}

static int load_curated(struct psst *p, struct curated *c, struct psst_error *err) {
  sqlite3_stmt *st = NULL;
  int rc = ps_prepare(p,
                      "SELECT id, term, number, title_zh, title_en, topic FROM sessions"
                      " WHERE topic IS NOT NULL ORDER BY id",
                      &st, err);
  int step = SQLITE_DONE;
  while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
    if (c->n == c->cap) {
      size_t cap = c->cap ? c->cap * 2 : 256;
      struct psst_session *v = realloc(c->v, cap * sizeof *v);
      sqlite3_int64 *id = v ? realloc(c->id, cap * sizeof *id) : NULL;
      if (v)
        c->v = v;
      if (!v || !id) {
        rc = ps_err(err, PSST_ENOMEM, "out of memory");
        break;
      }
      c->id = id, c->cap = cap;
    }
    struct psst_session *s = &c->v[c->n];
    memset(s, 0, sizeof *s);
    c->id[c->n++] = sqlite3_column_int64(st, 0);
    s->term = sqlite3_column_int(st, 1);
    s->number = sqlite3_column_int(st, 2);
    s->title_zh = column(st, 3), s->title_en = column(st, 4), s->topic = column(st, 5);
    if (!s->title_zh || !s->title_en || !s->topic)
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
  }
  if (!rc && step != SQLITE_DONE)
    rc = ps_err_db(err, p->db, "query");
  sqlite3_finalize(st);
  if (!rc)
    rc = attach(p, c,
                "SELECT session_id, topic FROM session_topics WHERE is_primary = 0"
                " ORDER BY session_id",
                false, err);
  if (!rc)
    rc = attach(p, c, "SELECT session_id, tag FROM session_tech ORDER BY session_id", true, err);
  return rc;
}

static bool has_title(const struct psst_session *s) {
  return (s->title_zh && *s->title_zh) || (s->title_en && *s->title_en);
}

static int join_codes(struct ps_buf *b, const char *const *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (ps_buf_printf(b, "%s%s", i ? "," : "", v[i]))
      return PSST_ENOMEM;
  return PSST_OK;
}

int psst_classify(struct psst *p, const char *title_zh, const char *title_en, const char *body,
                  struct psst_table **out, struct psst_error *err) {
  static const char *const cols[] = {"topic", "topics", "tech", "evidence"};
  static const enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_LIST, PSST_COL_LIST,
                                            PSST_COL_TEXT};
  *out = NULL;
  if (!(title_zh && *title_zh) && !(title_en && *title_en) && !(body && *body))
    return ps_err(err, PSST_EINVAL, "nothing to classify: give a title");
  struct curated cur = {0};
  struct ps_classifier *cl = NULL;
  struct ps_class_result res;
  struct ps_buf topics = {0}, tech = {0};
  struct psst_table *t = NULL;
  int rc = load_curated(p, &cur, err);
  if (!rc)
    rc = ps_classifier_new(&p->ref, cur.v, cur.n, &cl, err);
  if (!rc && (rc = ps_classify(cl, title_zh ? title_zh : "", title_en, body, &res)))
    ps_err(err, rc, "classifying the title failed");
  if (rc)
    goto out;
  const char *cells[4] = {res.topic, NULL, NULL, res.evidence};
  rc = PSST_ENOMEM;
  if (join_codes(&topics, res.topics, res.n_topics) || join_codes(&tech, res.tech, res.n_tech) ||
      !(t = ps_table_new(4, cols, types))) {
    ps_err(err, rc, "out of memory");
    goto out;
  }
  cells[1] = topics.s ? topics.s : "";
  cells[2] = tech.s ? tech.s : "";
  if (ps_table_add_row(t, cells)) {
    ps_err(err, rc, "out of memory");
    goto out;
  }
  *out = t;
  t = NULL;
  rc = PSST_OK;
out:
  psst_table_free(t);
  ps_buf_release(&topics), ps_buf_release(&tech);
  ps_classifier_free(cl);
  curated_release(&cur);
  return rc;
}

/* ---- leave-one-out ---- */

struct tally {
  size_t evaluated, correct, kw_correct;
  size_t *truth, *pred, *hit; /* per topic; pred has one more for "none" */
  size_t tags_curated, tags_suggested, tags_found;
  size_t sec_curated, sec_suggested, sec_found;
};

static bool listed(const char *code, char *const *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(v[i], code))
      return true;
  return false;
}

static size_t topic_index(const struct ps_refdata *r, const char *code) {
  const struct ps_code *c = ps_code_find(r->topics, r->n_topics, code);
  return c ? (size_t)(c - r->topics) : r->n_topics;
}

static void count(struct tally *t, const struct ps_refdata *r, const struct psst_session *s,
                  const struct ps_class_result *res, const struct ps_class_result *kw) {
  size_t truth = topic_index(r, s->topic),
         pred = res->topic ? topic_index(r, res->topic) : r->n_topics;
  t->evaluated++;
  t->truth[truth]++;
  t->pred[pred]++;
  if (pred == truth)
    t->correct++, t->hit[truth]++;
  if (kw->topic && !strcmp(kw->topic, s->topic))
    t->kw_correct++;
  t->tags_curated += s->n_tech;
  t->tags_suggested += res->n_tech;
  for (size_t i = 0; i < res->n_tech; i++)
    t->tags_found += listed(res->tech[i], s->tech, s->n_tech);
  t->sec_curated += s->n_topics;
  t->sec_suggested += res->n_topics;
  for (size_t i = 0; i < res->n_topics; i++)
    t->sec_found += listed(res->topics[i], s->topics, s->n_topics);
}

/* A row: measure, topic, value (NULL when undefined), count, total (NULL when < 0). */
static int row(struct psst_table *t, const char *measure, const char *topic, double value,
               bool defined, long cnt, long total) {
  char v[32], c[32], n[32];
  snprintf(v, sizeof v, "%.3f", value);
  snprintf(c, sizeof c, "%ld", cnt);
  snprintf(n, sizeof n, "%ld", total);
  const char *cells[] = {measure, topic, defined ? v : NULL, cnt >= 0 ? c : NULL,
                         total >= 0 ? n : NULL};
  return ps_table_add_row(t, cells);
}

static int ratio_row(struct psst_table *t, const char *measure, const char *topic, size_t cnt,
                     size_t total) {
  return row(t, measure, topic, total ? (double)cnt / (double)total : 0, total > 0, (long)cnt,
             (long)total);
}

static int report(struct psst_table *t, const struct ps_refdata *r, const struct tally *y,
                  size_t curated) {
  size_t k = r->n_topics, n = y->evaluated;
  /* chance agreement from the two marginals; a "none" suggestion is a category of its own */
  double pe = 0, f1_sum = 0;
  for (size_t i = 0; i < k && n; i++)
    pe += ((double)y->truth[i] / (double)n) * ((double)y->pred[i] / (double)n);
  double po = n ? (double)y->correct / (double)n : 0;
  size_t present = 0;
  for (size_t i = 0; i < k; i++) {
    double p = y->pred[i] ? (double)y->hit[i] / (double)y->pred[i] : 0;
    double rc = y->truth[i] ? (double)y->hit[i] / (double)y->truth[i] : 0;
    f1_sum += p + rc > 0 ? 2 * p * rc / (p + rc) : 0;
    present += y->truth[i] > 0;
  }
  if (row(t, "sessions", NULL, 0, false, (long)n, (long)curated) ||
      ratio_row(t, "accuracy", NULL, y->correct, n) ||
      row(t, "kappa", NULL, pe < 1 ? (po - pe) / (1 - pe) : 0, n > 0 && pe < 1, -1, -1) ||
      row(t, "macro_f1", NULL, present ? f1_sum / (double)present : 0, present > 0, -1, -1) ||
      ratio_row(t, "keyword_accuracy", NULL, y->kw_correct, n) ||
      ratio_row(t, "tag_recall", NULL, y->tags_found, y->tags_curated) ||
      ratio_row(t, "tag_precision", NULL, y->tags_found, y->tags_suggested) ||
      ratio_row(t, "secondary_recall", NULL, y->sec_found, y->sec_curated) ||
      ratio_row(t, "secondary_precision", NULL, y->sec_found, y->sec_suggested))
    return PSST_ENOMEM;
  for (size_t i = 0; i < k; i++) {
    const char *code = r->topics[i].code;
    double p = y->pred[i] ? (double)y->hit[i] / (double)y->pred[i] : 0;
    double rc = y->truth[i] ? (double)y->hit[i] / (double)y->truth[i] : 0;
    if (ratio_row(t, "precision", code, y->hit[i], y->pred[i]) ||
        ratio_row(t, "recall", code, y->hit[i], y->truth[i]) ||
        row(t, "f1", code, p + rc > 0 ? 2 * p * rc / (p + rc) : 0, y->truth[i] || y->pred[i], -1,
            -1))
      return PSST_ENOMEM;
  }
  return PSST_OK;
}

int psst_classify_evaluate(struct psst *p, struct psst_table **out, struct psst_error *err) {
  static const char *const cols[] = {"measure", "topic", "value", "count", "total"};
  static const enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_REAL,
                                            PSST_COL_INT, PSST_COL_INT};
  const struct ps_refdata *r = &p->ref;
  *out = NULL;
  struct curated cur = {0};
  struct ps_classifier *kw_only = NULL, *cl = NULL;
  struct psst_table *t = NULL;
  struct tally y = {0};
  y.truth = calloc(r->n_topics + 1, sizeof *y.truth);
  y.pred = calloc(r->n_topics + 1, sizeof *y.pred);
  y.hit = calloc(r->n_topics + 1, sizeof *y.hit);
  int rc = PSST_ENOMEM;
  if (!y.truth || !y.pred || !y.hit || !(t = ps_table_new(5, cols, types))) {
    ps_err(err, rc, "out of memory");
    goto out;
  }
  /* without training sessions the classifier has its keyword lists only: the baseline */
  if ((rc = load_curated(p, &cur, err)) || (rc = ps_classifier_new(r, NULL, 0, &kw_only, err)))
    goto out;
  for (size_t i = 0; i < cur.n; i++) {
    struct psst_session *s = &cur.v[i], held;
    if (!has_title(s))
      continue;
    /* the held-out session goes last, out of the n - 1 the model learns from */
    held = *s, *s = cur.v[cur.n - 1], cur.v[cur.n - 1] = held;
    rc = ps_classifier_new(r, cur.v, cur.n - 1, &cl, err);
    cur.v[cur.n - 1] = *s, *s = held;
    if (rc)
      goto out;
    struct ps_class_result res, kw;
    if ((rc = ps_classify(cl, s->title_zh, s->title_en, NULL, &res)) ||
        (rc = ps_classify(kw_only, s->title_zh, s->title_en, NULL, &kw))) {
      ps_err(err, rc, "classifying session %d-%d failed", s->term, s->number);
      goto out;
    }
    ps_classifier_free(cl);
    cl = NULL;
    count(&y, r, s, &res, &kw);
  }
  if ((rc = report(t, r, &y, cur.n)) ||
      (rc = ps_table_set_note(t,
                              "leave-one-out over the %zu sessions with a curated topic and a "
                              "title (%zu with a topic but no title left out); the keyword lists "
                              "were written with the record in view",
                              y.evaluated, cur.n - y.evaluated))) {
    ps_err(err, rc, "out of memory");
    goto out;
  }
  *out = t;
  t = NULL;
out:
  psst_table_free(t);
  ps_classifier_free(cl), ps_classifier_free(kw_only);
  curated_release(&cur);
  free(y.truth), free(y.pred), free(y.hit);
  return rc;
}
