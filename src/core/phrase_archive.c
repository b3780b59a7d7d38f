/*
 * phrase_archive.c: the phrases searched in the full texts of the analyst's archive (the
 * SHA256.txt files and index.jsonl that psst scan --archive and psst ingest keep), on the
 * analyst's machine: the repository ships the facts and short quotations only.
 *
 * A text is read once and tested against every spelling of every phrase sought, so that
 * the memory is one text whatever the archive's size.
 */
#define _GNU_SOURCE /* memmem */
#include "jsonutil.h"
#include "phrase_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A phrase sought: its spellings, and the session it was said at (NULL when none). */
struct sought {
  char *id, *phrase, *session, *session_date;
  char **terms;
  size_t n_terms;
  /* what the archive holds of it: the earliest dated text and how many texts */
  char *first_date, *first_url, *first_sha;
  size_t texts;
};

/* An index entry: the text's hash and what dates it. */
struct entry {
  char *sha, *url, *session, *date;
  const char *dated_by; /* "published" or "session": a constant */
};

static void sought_release(struct sought *s) {
  for (size_t i = 0; i < s->n_terms; i++)
    free(s->terms[i]);
  free(s->terms), free(s->id), free(s->phrase), free(s->session), free(s->session_date);
  free(s->first_date), free(s->first_url), free(s->first_sha);
}

static void entry_release(struct entry *e) {
  free(e->sha), free(e->url), free(e->session), free(e->date);
}

static char *dup_col(sqlite3_stmt *st, int i, bool *nomem) {
  const char *v = (const char *)sqlite3_column_text(st, i);
  char *d = v ? ps_strdup(v) : NULL;
  *nomem |= v && !d;
  return d;
}

static int add_term(struct sought *s, const char *text) {
  char **w = realloc(s->terms, (s->n_terms + 1) * sizeof *w);
  if (!w)
    return PSST_ENOMEM;
  s->terms = w;
  if (!(w[s->n_terms] = ps_strdup(text)))
    return PSST_ENOMEM;
  s->n_terms++;
  return PSST_OK;
}

/* The phrases sought: every recorded one (phrase NULL), the one `phrase` names (its id,
   text or a variant), or else `phrase` itself as a text without a session. */
static int load_sought(struct psst *p, const char *phrase, struct sought **out, size_t *n,
                       struct psst_error *err) {
  *out = NULL, *n = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(p->db,
                         "SELECT ph.id, ph.phrase_zh, ph.session, s.date, pt.text FROM phrases ph"
                         " JOIN phrase_terms pt ON pt.phrase_id = ph.id LEFT JOIN sessions s"
                         " ON s.term = ph.term AND s.number = ph.number WHERE ?1 IS NULL"
                         " OR ph.id = (SELECT ph2.id FROM phrases ph2 WHERE ph2.id = ?1"
                         " OR EXISTS (SELECT 1 FROM phrase_terms p3 WHERE p3.phrase_id = ph2.id"
                         " AND p3.text = ?1) ORDER BY ph2.id <> ?1, ph2.ord LIMIT 1)"
                         " ORDER BY s.date IS NULL, s.date, ph.ord, pt.ord",
                         -1, &st, NULL) != SQLITE_OK)
    return ps_err_db(err, p->db, "reading the phrases");
  if (phrase)
    sqlite3_bind_text(st, 1, phrase, -1, SQLITE_STATIC);
  struct sought *v = NULL;
  size_t cnt = 0;
  bool nomem = false;
  int step = SQLITE_DONE;
  while (!nomem && (step = sqlite3_step(st)) == SQLITE_ROW) {
    const char *id = (const char *)sqlite3_column_text(st, 0);
    if (!cnt || strcmp(v[cnt - 1].id, id)) {
      struct sought *w = realloc(v, (cnt + 1) * sizeof *w);
      if (!w) {
        nomem = true;
        break;
      }
      v = w;
      v[cnt++] = (struct sought){.id = dup_col(st, 0, &nomem),
                                 .phrase = dup_col(st, 1, &nomem),
                                 .session = dup_col(st, 2, &nomem),
                                 .session_date = dup_col(st, 3, &nomem)};
    }
    nomem |= add_term(&v[cnt - 1], (const char *)sqlite3_column_text(st, 4)) != PSST_OK;
  }
  sqlite3_finalize(st);
  /* not a recorded phrase: the text as given, searched as it is */
  if (!nomem && phrase && !cnt && (v = calloc(1, sizeof *v))) {
    cnt = 1;
    nomem = !(v->phrase = ps_strdup(phrase)) || add_term(v, phrase);
  } else if (!nomem && phrase && !cnt) {
    nomem = true;
  }
  *out = v, *n = cnt;
  if (nomem)
    return ps_err(err, PSST_ENOMEM, "out of memory");
  if (step != SQLITE_DONE && step != SQLITE_ROW)
    return ps_err_db(err, p->db, "reading the phrases");
  return PSST_OK;
}

/* The date of a session "term-number" in the record, or NULL. */
static char *session_date(struct psst *p, const char *sid, bool *nomem) {
  int term, number;
  char tail;
  if (!sid || sscanf(sid, "%d-%d%c", &term, &number, &tail) != 2)
    return NULL;
  sqlite3_stmt *st = NULL;
  char *d = NULL;
  if (sqlite3_prepare_v2(p->db, "SELECT date FROM sessions WHERE term = ?1 AND number = ?2", -1,
                         &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int(st, 1, term);
    sqlite3_bind_int(st, 2, number);
    if (sqlite3_step(st) == SQLITE_ROW)
      d = dup_col(st, 0, nomem);
  }
  sqlite3_finalize(st);
  return d;
}

/* The index's entries, each hash once (a text archived twice is one text). */
static int load_index(struct psst *p, const char *dir, struct entry **out, size_t *n,
                      struct psst_error *err) {
  *out = NULL, *n = 0;
  char ipath[4096];
  snprintf(ipath, sizeof ipath, "%s/index.jsonl", dir);
  struct stat sb;
  if (stat(ipath, &sb))
    return PSST_OK;
  char *text = NULL;
  size_t len = 0, line = 0, cnt = 0;
  int rc = ps_read_file(ipath, &text, &len, err);
  struct entry *v = NULL;
  bool nomem = false;
  for (char *q = text, *nl; !rc && !nomem && q && q < text + len; q = nl + 1) {
    nl = memchr(q, '\n', (size_t)(text + len - q));
    if (!nl)
      nl = text + len;
    line++;
    if (nl == q)
      continue;
    json_error_t je;
    json_t *o = ps_json_parse(q, (size_t)(nl - q), 0, &je);
    if (!o && ps_json_nomem(&je)) {
      rc = ps_err(err, PSST_ENOMEM, "out of memory reading %s", ipath);
      break;
    }
    const char *sha = json_string_value(json_object_get(o, "sha256"));
    if (!sha || strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64) {
      json_decref(o);
      rc = ps_err(err, PSST_EDATA, "%s:%zu: sha256: not an archive index entry", ipath, line);
      break;
    }
    bool again = false;
    for (size_t i = 0; i < cnt && !again; i++)
      again = !strcmp(v[i].sha, sha);
    struct entry *w = again ? v : realloc(v, (cnt + 1) * sizeof *w);
    if (!again && w) {
      v = w;
      struct entry *e = &v[cnt++];
      const char *url = json_string_value(json_object_get(o, "url"));
      const char *sid = json_string_value(json_object_get(o, "session"));
      const char *pub = json_string_value(json_object_get(o, "published"));
      *e = (struct entry){.sha = ps_strdup(sha),
                          .url = url ? ps_strdup(url) : NULL,
                          .session = sid ? ps_strdup(sid) : NULL};
      nomem |= !e->sha || (url && !e->url) || (sid && !e->session);
      /* what dates a text: the day it was published when the index says so, else the
         day of the session it is the readout of */
      if (pub && ps_valid_date(pub)) {
        nomem |= !(e->date = ps_strdup(pub));
        e->dated_by = "published";
      } else if ((e->date = session_date(p, sid, &nomem))) {
        e->dated_by = "session";
      }
    }
    nomem |= !w;
    json_decref(o);
  }
  free(text);
  *out = v, *n = cnt;
  if (!rc && nomem)
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  return rc;
}

/* The words around byte offset `at` of s (about `span` characters each side), on one
   line: the context of a match. */
static char *context(const char *s, size_t len, size_t at, size_t mlen, int span) {
  size_t a = at, b = at + mlen;
  for (int k = 0; k < span && a > 0; k++)
    do
      a--;
    while (a > 0 && ((unsigned char)s[a] & 0xC0) == 0x80);
  for (int k = 0; k < span && b < len; k++)
    do
      b++;
    while (b < len && ((unsigned char)s[b] & 0xC0) == 0x80);
  char *c = malloc(b - a + 1);
  if (!c)
    return NULL;
  size_t o = 0;
  for (size_t i = a; i < b; i++)
    c[o++] = s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i];
  while (o && c[o - 1] == ' ')
    o--;
  c[o] = '\0';
  return c;
}

/* The first of the phrase's spellings in s (memmem: a text may hold NUL bytes). */
static const char *find_term(const struct sought *q, const char *s, size_t len, size_t *mlen) {
  const char *best = NULL;
  for (size_t i = 0; i < q->n_terms; i++) {
    const char *m = memmem(s, len, q->terms[i], strlen(q->terms[i]));
    if (m && (!best || m < best))
      best = m, *mlen = strlen(q->terms[i]);
  }
  return best;
}

/* Whether a text (date, url) comes before the one kept (kd, ku): by date, undated texts
   last, then by address, so that the first is the same whatever the index's order. */
static bool earlier(const char *date, const char *url, const char *kd, const char *ku) {
  if (!date != !kd)
    return date != NULL;
  int c = date ? strcmp(date, kd) : 0;
  return c < 0 || (!c && strcmp(url ? url : "", ku ? ku : "") < 0);
}

static bool has_phrases(struct psst *p) {
  sqlite3_stmt *st = NULL;
  bool yes = sqlite3_prepare_v2(p->db,
                                "SELECT 1 FROM sqlite_master WHERE type = 'table'"
                                " AND name = 'phrases'",
                                -1, &st, NULL) == SQLITE_OK &&
             sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return yes;
}

static char *lag(const char *date, const char *from) {
  if (!date || !from || !ps_valid_date(date) || !ps_valid_date(from))
    return NULL;
  char buf[32];
  snprintf(buf, sizeof buf, "%ld", ps_days(date) - ps_days(from));
  return ps_strdup(buf);
}

static int by_date(const void *a, const void *b) {
  const char *const *x = a, *const *y = b;
  /* rows of 7 cells: date first, url fifth; undated last */
  if (!x[0] || !y[0])
    return !x[0] - !y[0];
  int c = strcmp(x[0], y[0]);
  return c ? c : strcmp(x[4] ? x[4] : "", y[4] ? y[4] : "");
}

int psst_phrase_archive(struct psst *p, const char *dir, const char *phrase,
                        struct psst_table **out, struct psst_error *err) {
  static const char *const one_cols[] = {"date", "dated_by", "session", "lag_days",
                                         "url",  "sha256",   "context"};
  static const enum psst_coltype one_types[] = {PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT,
                                                PSST_COL_INT,  PSST_COL_TEXT, PSST_COL_TEXT,
                                                PSST_COL_TEXT};
  static const char *const all_cols[] = {"id",           "phrase",       "session",
                                         "session_date", "first_date",   "lag_days",
                                         "first_url",    "first_sha256", "texts"};
  static const enum psst_coltype all_types[] = {PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT,
                                                PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_INT,
                                                PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_INT};
  *out = NULL;
  if (!has_phrases(p))
    return ps_err(err, PSST_EDB,
                  "the database has no phrases tables: rebuild it (psst build --force)");
  char *own = dir ? NULL : psst_archive_default_dir(p);
  if (!dir && !(dir = own))
    return ps_err(err, PSST_ENOMEM, "out of memory");
  struct sought *q = NULL;
  struct entry *e = NULL;
  size_t nq = 0, ne = 0;
  int rc = load_sought(p, phrase, &q, &nq, err);
  if (!rc)
    rc = load_index(p, dir, &e, &ne, err);
  struct psst_table *t = rc       ? NULL
                         : phrase ? ps_table_new(7, one_cols, one_types)
                                  : ps_table_new(9, all_cols, all_types);
  if (!rc && !t)
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  for (size_t i = 0; !rc && i < ne; i++) {
    char path[4096], *text = NULL;
    size_t len = 0;
    struct psst_error e2 = {0};
    snprintf(path, sizeof path, "%s/%s.txt", dir, e[i].sha);
    /* a missing copy is psst archive's to report; the search goes on without it */
    if (ps_read_file(path, &text, &len, &e2))
      continue;
    for (size_t k = 0; !rc && k < nq; k++) {
      size_t mlen = 0;
      const char *m = find_term(&q[k], text, len, &mlen);
      if (!m)
        continue;
      q[k].texts++;
      if (phrase) {
        char *ctx = context(text, len, (size_t)(m - text), mlen, 20);
        char *lg = lag(e[i].date, q[k].session_date);
        const char *cells[7] = {e[i].date, e[i].dated_by, e[i].session, lg,
                                e[i].url,  e[i].sha,      ctx};
        if (!ctx || ps_table_add_row(t, cells))
          rc = ps_err(err, PSST_ENOMEM, "out of memory");
        free(ctx), free(lg);
      } else if (q[k].texts == 1 || earlier(e[i].date, e[i].url, q[k].first_date, q[k].first_url)) {
        free(q[k].first_date), free(q[k].first_url), free(q[k].first_sha);
        q[k].first_date = e[i].date ? ps_strdup(e[i].date) : NULL;
        q[k].first_url = e[i].url ? ps_strdup(e[i].url) : NULL;
        q[k].first_sha = ps_strdup(e[i].sha);
        if (!q[k].first_sha)
          rc = ps_err(err, PSST_ENOMEM, "out of memory");
      }
    }
    free(text);
  }
  if (!rc && phrase && t->nrows > 1)
    qsort(t->cells, t->nrows, 7 * sizeof *t->cells, by_date);
  for (size_t k = 0; !rc && !phrase && k < nq; k++) {
    if (!q[k].texts)
      continue;
    char n[32];
    snprintf(n, sizeof n, "%zu", q[k].texts);
    char *lg = lag(q[k].first_date, q[k].session_date);
    const char *cells[9] = {q[k].id,           q[k].phrase,     q[k].session,
                            q[k].session_date, q[k].first_date, lg,
                            q[k].first_url,    q[k].first_sha,  n};
    if (ps_table_add_row(t, cells))
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
    free(lg);
  }
  if (!rc && !ne &&
      ps_table_set_note(t,
                        "the archive %s is empty (psst scan --archive keeps "
                        "each readout's text there)",
                        dir))
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  for (size_t k = 0; k < nq; k++)
    sought_release(&q[k]);
  for (size_t i = 0; i < ne; i++)
    entry_release(&e[i]);
  free(q), free(e), free(own);
  if (rc) {
    psst_table_free(t);
    return rc;
  }
  *out = t;
  return PSST_OK;
}
