/*
 * check.c: streaming over sessions.jsonl, and the checks that need every record:
 * numbering within a term (no gap, no duplicate), dates in the order of the numbers,
 * and each term's count against the total stated officially (terms.json).
 * Only a compact key per record is kept, so a million records check in little memory.
 */
#include "internal.h"
#include "phrase_int.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int ps_checker_add(struct ps_checker *c, const struct psst_session *s, size_t line) {
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 256;
    struct ps_key *k = realloc(c->keys, cap * sizeof *k);
    if (!k)
      return PSST_ENOMEM;
    c->keys = k;
    c->cap = cap;
  }
  struct ps_key *k = &c->keys[c->n++];
  k->term = s->term;
  k->number = s->number;
  k->line = line;
  snprintf(k->date, sizeof k->date, "%s", s->date ? s->date : "");
  return PSST_OK;
}

static int cmp_key(const void *a, const void *b) {
  const struct ps_key *x = a, *y = b;
  if (x->term != y->term)
    return x->term < y->term ? -1 : 1;
  if (x->number != y->number)
    return x->number < y->number ? -1 : 1;
  return x->line < y->line ? -1 : x->line > y->line;
}

int ps_checker_finish(struct ps_checker *c, const struct ps_refdata *r, const char *file,
                      struct psst_diags *d) {
  if (c->n)
    qsort(c->keys, c->n, sizeof *c->keys, cmp_key);
  int rc = PSST_OK;
  size_t i = 0;
  while (i < c->n && !rc) {
    int term = c->keys[i].term;
    int expect = 1;
    const struct ps_key *last_dated = NULL;
    size_t start = i;
    for (; i < c->n && c->keys[i].term == term && !rc; i++) {
      const struct ps_key *k = &c->keys[i];
      if (i > start && k->number == c->keys[i - 1].number) {
        rc = ps_diag_add(d, PSST_ERROR, file, k->line, "number", "duplicate-number",
                         "session %d-%d is already on line %zu", term, k->number,
                         c->keys[i - 1].line);
        continue;
      }
      if (k->number > expect) {
        if (k->number == expect + 1)
          rc = ps_diag_add(d, PSST_ERROR, file, k->line, "number", "missing-number",
                           "session %d-%d is missing before this one", term, expect);
        else
          rc = ps_diag_add(d, PSST_ERROR, file, k->line, "number", "missing-number",
                           "sessions %d-%d to %d-%d are missing before this one", term, expect,
                           term, k->number - 1);
      }
      expect = k->number + 1;
      if (!*k->date)
        continue;
      if (last_dated && strcmp(k->date, last_dated->date) <= 0 && !rc)
        rc = ps_diag_add(d, PSST_ERROR, file, k->line, "date", "date-order",
                         "session %d-%d on %s is not after session %d-%d on %s (line %zu)", term,
                         k->number, k->date, term, last_dated->number, last_dated->date,
                         last_dated->line);
      last_dated = k;
    }
    const struct ps_term *t = ps_term_find(r, term);
    if (!rc && t && t->sessions_stated && expect - 1 != t->sessions_stated)
      rc = ps_diag_add(d, PSST_WARNING, file, 0, "number", "term-total",
                       "term %d has %d sessions in the record but %d officially stated", term,
                       expect - 1, t->sessions_stated);
  }
  return rc;
}

static uint64_t name_hash(const char *s) {
  uint64_t h = 1469598103934665603u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

/* The slot of name in m (open addressing), growing m first; NULL when out of memory. */
static struct ps_name_slot *name_slot(struct ps_name_map *m, const char *name) {
  if (2 * (m->n + 1) > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 256;
    struct ps_name_slot *v = calloc(cap, sizeof *v);
    if (!v)
      return NULL;
    for (size_t i = 0; i < m->cap; i++)
      if (m->v[i].name) {
        size_t j = name_hash(m->v[i].name) & (cap - 1);
        while (v[j].name)
          j = (j + 1) & (cap - 1);
        v[j] = m->v[i];
      }
    free(m->v);
    m->v = v, m->cap = cap;
  }
  size_t j = name_hash(name) & (m->cap - 1);
  while (m->v[j].name && strcmp(m->v[j].name, name))
    j = (j + 1) & (m->cap - 1);
  return &m->v[j];
}

/* The first institution an affiliation names, -1 when none. */
static long first_institution(const struct ps_refdata *r, const char *zh, const char *en) {
  size_t idx[4];
  return ps_match_institutions(r, zh ? zh : "", en ? en : "", idx, 4) ? (long)idx[0] : -1;
}

/*
 * Checks name -> other against what m holds and remembers it when new. The same Chinese
 * name with two romanisations is one person written two ways (or two namesakes that
 * the record must tell apart). The same romanisation with two Chinese names is usually
 * two people (王伟 and 王巍 are both Wang Wei); only when both worked at the same
 * institution is it likely one person with a misspelt name.
 */
static int check_name(struct ps_name_map *m, const struct ps_refdata *r, const char *name,
                      const struct psst_lecturer *l, size_t line, const char *file,
                      const char *field, bool zh, struct psst_diags *d) {
  const char *other = zh ? l->name_en : l->name_zh;
  struct ps_name_slot *slot = name_slot(m, name);
  if (!slot)
    return PSST_ENOMEM;
  if (!slot->name) {
    slot->name = ps_strdup(name), slot->other = ps_strdup(other), slot->line = line;
    if (!slot->name || !slot->other)
      return PSST_ENOMEM;
    if (!zh && (!(slot->aff_zh = ps_strdup(l->affiliation_zh ? l->affiliation_zh : "")) ||
                !(slot->aff_en = ps_strdup(l->affiliation_en ? l->affiliation_en : ""))))
      return PSST_ENOMEM;
    m->n++;
    return PSST_OK;
  }
  if (!strcmp(slot->other, other))
    return PSST_OK;
  if (zh)
    return ps_diag_add(d, PSST_WARNING, file, line, field, "person-two-names",
                       "%s is '%s' here but '%s' on line %zu: one person, one romanisation", name,
                       other, slot->other, slot->line);
  /* institutions are matched only here, for the rare conflict: matching every lecturer
     would cost more than the rest of the check */
  long inst = first_institution(r, l->affiliation_zh, l->affiliation_en);
  if (inst < 0 || inst != first_institution(r, slot->aff_zh, slot->aff_en))
    return PSST_OK;
  return ps_diag_add(d, PSST_WARNING, file, line, field, "person-two-names",
                     "'%s' is %s here but %s on line %zu, both of the same institution: "
                     "likely one person with a misspelt name",
                     name, other, slot->other, slot->line);
}

int ps_checker_people(struct ps_checker *c, const struct ps_refdata *r,
                      const struct psst_session *s, size_t line, const char *file,
                      struct psst_diags *d) {
  int rc = PSST_OK;
  for (size_t i = 0; !rc && i < s->n_lecturers; i++) {
    const struct psst_lecturer *l = &s->lecturers[i];
    if (!*l->name_zh || !*l->name_en)
      continue;
    char field[64];
    snprintf(field, sizeof field, "lecturers[%zu].name_en", i);
    rc = check_name(&c->by_zh, r, l->name_zh, l, line, file, field, true, d);
    snprintf(field, sizeof field, "lecturers[%zu].name_zh", i);
    if (!rc)
      rc = check_name(&c->by_en, r, l->name_en, l, line, file, field, false, d);
  }
  return rc;
}

static void names_release(struct ps_name_map *m) {
  for (size_t i = 0; i < m->cap; i++)
    free(m->v[i].name), free(m->v[i].other), free(m->v[i].aff_zh), free(m->v[i].aff_en);
  free(m->v);
}

void ps_checker_release(struct ps_checker *c) {
  names_release(&c->by_zh);
  names_release(&c->by_en);
  free(c->keys);
  memset(c, 0, sizeof *c);
}

int ps_scan_stream(FILE *fp, const char *display_name, const struct ps_refdata *r,
                   struct psst_diags *d, ps_record_fn fn, void *ctx, struct psst_error *err) {
  struct ps_checker chk = {0};
  char *line = NULL;
  size_t cap = 0, lineno = 0;
  ssize_t len;
  int rc = PSST_OK;
  while (!rc && (len = getline(&line, &cap, fp)) >= 0) {
    lineno++;
    size_t n = (size_t)len;
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
      n--;
    size_t blank = 0;
    while (blank < n && (line[blank] == ' ' || line[blank] == '\t'))
      blank++;
    if (blank == n)
      continue;
    if (memchr(line, '\0', n)) {
      rc = ps_diag_add(d, PSST_ERROR, display_name, lineno, "", "bad-utf8", "NUL byte in the line");
      continue;
    }
    struct psst_session s = {0};
    rc = ps_record_parse(line, n, display_name, lineno, r, &s, d);
    if (rc == PSST_EDATA) {
      /* keep going to report every problem; keep the key so that numbering checks
         do not report this session as missing */
      rc = s.term && s.number ? ps_checker_add(&chk, &s, lineno) : PSST_OK;
    } else if (!rc) {
      rc = ps_checker_add(&chk, &s, lineno);
      if (!rc)
        rc = ps_checker_people(&chk, r, &s, lineno, display_name, d);
      if (!rc && fn)
        rc = fn(ctx, &s, line, n, lineno);
    }
    psst_session_release(&s);
  }
  if (!rc && ferror(fp))
    rc = ps_err(err, PSST_EIO, "%s: read error: %s", display_name, strerror(errno));
  if (!rc)
    rc = ps_checker_finish(&chk, r, display_name, d);
  free(line);
  ps_checker_release(&chk);
  if (rc == PSST_ENOMEM)
    return ps_err(err, rc, "out of memory reading %s", display_name);
  return rc;
}

int ps_scan_sessions(const char *path, const char *display_name, const struct ps_refdata *r,
                     struct psst_diags *d, ps_record_fn fn, void *ctx, struct psst_error *err) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return ps_err(err, PSST_EIO, "%s: cannot open: %s", path, strerror(errno));
  int rc = ps_scan_stream(fp, display_name, r, d, fn, ctx, err);
  fclose(fp);
  return rc;
}

int psst_check(const char *data_dir, bool strict, struct psst_diags *out, struct psst_error *err) {
  struct ps_refdata r;
  bool as_errors = out->as_errors;
  out->as_errors = as_errors || strict; /* a sink sees them as errors too */
  int rc = ps_refdata_load(&r, data_dir, out, err);
  if (rc == PSST_EDATA)
    rc = PSST_OK; /* report them, and the records' problems too, where the codes allow */
  if (!rc) {
    char path[4096];
    snprintf(path, sizeof path, "%s/sessions.jsonl", data_dir);
    rc = ps_scan_sessions(path, path, &r, out, NULL, NULL, err);
  }
  /* the documents that followed the sessions, when the data folder has them */
  char docs[4096];
  snprintf(docs, sizeof docs, "%s/documents.jsonl", data_dir);
  size_t n_docs;
  if (!rc && access(docs, F_OK) == 0)
    rc = ps_documents_check(docs, docs, &r, out, &n_docs, NULL, NULL, err);
  /* the phrases said at the sessions, likewise (phrase.c) */
  char phrases[4096], sessions[4096];
  snprintf(phrases, sizeof phrases, "%s/%s", data_dir, PS_PHRASES_FILE);
  snprintf(sessions, sizeof sessions, "%s/sessions.jsonl", data_dir);
  size_t n_phrases;
  if (!rc && access(phrases, F_OK) == 0)
    rc = ps_phrases_check(phrases, phrases, sessions, &r, out, &n_phrases, NULL, NULL, err);
  ps_refdata_release(&r);
  out->as_errors = as_errors;
  if (!rc && strict) {
    /* those kept before as_errors was set (none when psst_check set it first) */
    for (size_t i = 0; i < out->n; i++)
      out->v[i].severity = PSST_ERROR;
    out->n_errors += out->n_warnings;
    out->n_warnings = 0;
  }
  return rc;
}

/*
 * The same scan with the reading, parsing and checking in a second thread, while fn runs
 * in the caller's: the database build spends most of its time inside SQLite, and on two
 * cores the JSON parsing and the checks of the next records overlap the inserts of the
 * last. Records reach fn in the file's order; a bounded queue keeps the memory flat. The
 * reading thread alone writes the diagnostics (fn must not); an error of fn stops it.
 */
enum { PIPE_SLOTS = 512, PIPE_STOPPED = -1 /* the reader was told to stop */ };

struct pipe_item {
  struct psst_session s;
  char *text;
  size_t len, line;
};

struct pipe {
  pthread_mutex_t mu;
  pthread_cond_t not_full, not_empty;
  struct pipe_item q[PIPE_SLOTS];
  size_t head, count;
  bool done, stop; /* done: the reader finished; stop: the consumer gave up */
  /* the reader's */
  FILE *fp;
  const char *display_name;
  const struct ps_refdata *r;
  struct psst_diags *d;
  struct psst_error err;
  int rc;
};

/* The reader's fn: the record is taken over (ps_scan_stream releases it after this
   returns, and a zeroed record releases nothing) and queued with a copy of its line. */
static int pipe_push(void *ctx, const struct psst_session *s, const char *text, size_t len,
                     size_t line) {
  struct pipe *p = ctx;
  char *copy = malloc(len + 1);
  if (!copy)
    return PSST_ENOMEM;
  memcpy(copy, text, len);
  copy[len] = '\0';
  pthread_mutex_lock(&p->mu);
  while (p->count == PIPE_SLOTS && !p->stop)
    pthread_cond_wait(&p->not_full, &p->mu);
  if (p->stop) {
    pthread_mutex_unlock(&p->mu);
    free(copy);
    return PIPE_STOPPED;
  }
  struct pipe_item *it = &p->q[(p->head + p->count) % PIPE_SLOTS];
  it->s = *s;
  memset((struct psst_session *)s, 0, sizeof *s);
  it->text = copy;
  it->len = len;
  it->line = line;
  p->count++;
  pthread_cond_signal(&p->not_empty);
  pthread_mutex_unlock(&p->mu);
  return PSST_OK;
}

static void *pipe_reader(void *arg) {
  struct pipe *p = arg;
  int rc = ps_scan_stream(p->fp, p->display_name, p->r, p->d, pipe_push, p, &p->err);
  pthread_mutex_lock(&p->mu);
  p->rc = rc;
  p->done = true;
  pthread_cond_signal(&p->not_empty);
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

int ps_scan_sessions_pipelined(const char *path, const char *display_name,
                               const struct ps_refdata *r, struct psst_diags *d, ps_record_fn fn,
                               void *ctx, struct psst_error *err) {
  struct pipe *p = calloc(1, sizeof *p);
  if (!p)
    return ps_err(err, PSST_ENOMEM, "out of memory reading %s", display_name);
  if (!(p->fp = fopen(path, "rb"))) {
    free(p);
    return ps_err(err, PSST_EIO, "%s: cannot open: %s", path, strerror(errno));
  }
  p->display_name = display_name;
  p->r = r;
  p->d = d;
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->not_full, NULL);
  pthread_cond_init(&p->not_empty, NULL);
  pthread_t reader;
  int rc = PSST_OK;
  if (pthread_create(&reader, NULL, pipe_reader, p)) {
    /* no second thread to be had: the plain scan */
    rc = ps_scan_stream(p->fp, display_name, r, d, fn, ctx, err);
    goto out;
  }
  for (;;) {
    pthread_mutex_lock(&p->mu);
    while (!p->count && !p->done)
      pthread_cond_wait(&p->not_empty, &p->mu);
    if (!p->count) {
      pthread_mutex_unlock(&p->mu);
      break;
    }
    struct pipe_item it = p->q[p->head];
    p->head = (p->head + 1) % PIPE_SLOTS;
    p->count--;
    pthread_cond_signal(&p->not_full);
    pthread_mutex_unlock(&p->mu);
    if (!rc)
      rc = fn(ctx, &it.s, it.text, it.len, it.line);
    psst_session_release(&it.s);
    free(it.text);
    if (rc) {
      /* stop the reader; what it queued meanwhile is released by the loop */
      pthread_mutex_lock(&p->mu);
      p->stop = true;
      pthread_cond_signal(&p->not_full);
      pthread_mutex_unlock(&p->mu);
    }
  }
  pthread_join(reader, NULL);
  if (!rc && p->rc) {
    rc = p->rc;
    if (err)
      *err = p->err;
  }
out:
  fclose(p->fp);
  pthread_cond_destroy(&p->not_full);
  pthread_cond_destroy(&p->not_empty);
  pthread_mutex_destroy(&p->mu);
  free(p);
  return rc;
}
