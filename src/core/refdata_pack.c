/*
 * refdata_pack.c: the parsed reference files (codebook, terms, institutions) as one text
 * stored in the database at build time, so that a command on a current database reads
 * them back instead of parsing the three JSON files again.
 *
 * Parsing them with Jansson was a tenth of a one-shot command's time (`psst show`): about
 * 40 MB/s, 0.7 ms for the shipped files and 1.3 ms for the benchmark's. The database is
 * used only while the files' stamps match the ones it was built from (db.c), so the
 * packed text says what the files said. The format is private to one version of psst
 * (the database is rebuilt by another): numbers as "N;", strings as "LEN:BYTES", a
 * missing string as "~". It is text, not a blob, so the database stays readable and
 * copyable by any SQLite tool.
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- packing ---- */

static int put_num(struct ps_buf *b, unsigned long long n) {
  return ps_buf_printf(b, "%llu;", n);
}

static int put_str(struct ps_buf *b, const char *s) {
  if (!s)
    return ps_buf_putc(b, '~');
  size_t n = strlen(s);
  return ps_buf_printf(b, "%zu:", n) || ps_buf_add(b, s, n);
}

static int put_list(struct ps_buf *b, char *const *v, size_t n) {
  int rc = put_num(b, n);
  for (size_t i = 0; i < n && !rc; i++)
    rc = put_str(b, v[i]);
  return rc;
}

static int put_codes(struct ps_buf *b, const struct ps_code *v, size_t n) {
  int rc = put_num(b, n);
  for (size_t i = 0; i < n && !rc; i++)
    rc = put_str(b, v[i].code) || put_str(b, v[i].en) || put_str(b, v[i].zh) ||
         put_list(b, v[i].kw_zh, v[i].n_kw_zh) || put_list(b, v[i].kw_en, v[i].n_kw_en) ||
         put_num(b, v[i].official);
  return rc;
}

int ps_refdata_pack(const struct ps_refdata *r, struct ps_buf *out) {
  int rc = ps_buf_puts(out, "psst-refdata 1\n") || put_codes(out, r->topics, r->n_topics) ||
           put_codes(out, r->tags, r->n_tags) || put_codes(out, r->formats, r->n_formats) ||
           put_codes(out, r->confidence, r->n_confidence) ||
           put_codes(out, r->source_kinds, r->n_source_kinds) || put_num(out, r->n_synonyms);
  for (size_t i = 0; i < r->n_synonyms && !rc; i++)
    rc = put_list(out, r->synonyms[i].words, r->synonyms[i].n);
  rc = rc || put_num(out, r->n_terms);
  for (size_t i = 0; i < r->n_terms && !rc; i++) {
    const struct ps_term *t = &r->terms[i];
    rc = put_num(out, (unsigned long long)t->term) || put_str(out, t->leader) ||
         put_str(out, t->leader_zh) || put_str(out, t->from) || put_str(out, t->to) ||
         put_num(out, (unsigned long long)t->sessions_stated);
  }
  rc = rc || put_num(out, r->n_institutions);
  for (size_t i = 0; i < r->n_institutions && !rc; i++) {
    const struct ps_institution *m = &r->institutions[i];
    rc = put_str(out, m->code) || put_str(out, m->zh) || put_str(out, m->en) ||
         put_list(out, m->match, m->n_match);
  }
  return rc ? PSST_ENOMEM : PSST_OK;
}

/* ---- unpacking: every read checks the bounds; any surprise fails the whole ---- */

struct rd {
  const char *p, *end;
  bool bad;
};

static unsigned long long get_num(struct rd *d, unsigned long long max) {
  if (d->bad)
    return 0;
  char *e;
  errno = 0;
  unsigned long long n = strtoull(d->p, &e, 10);
  if (e == d->p || e >= d->end || *e != ';' || errno || n > max) {
    d->bad = true;
    return 0;
  }
  d->p = e + 1;
  return n;
}

/* The next string, malloc'd (NULL for "~"); d->bad on a malformed one. */
static char *get_str(struct rd *d) {
  if (d->bad || d->p >= d->end) {
    d->bad = true;
    return NULL;
  }
  if (*d->p == '~') {
    d->p++;
    return NULL;
  }
  char *e;
  errno = 0;
  unsigned long long n = strtoull(d->p, &e, 10);
  if (e == d->p || e >= d->end || *e != ':' || errno || n > (unsigned long long)(d->end - e - 1)) {
    d->bad = true;
    return NULL;
  }
  char *s = malloc((size_t)n + 1);
  if (!s) {
    d->bad = true;
    return NULL;
  }
  memcpy(s, e + 1, (size_t)n);
  s[n] = '\0';
  d->p = e + 1 + n;
  return s;
}

/* A string that must be there. */
static char *get_req(struct rd *d) {
  char *s = get_str(d);
  if (!s)
    d->bad = true;
  return s;
}

/* The counts are bounded by the packed text's length: no count asks for more elements
   than there are bytes left, so a corrupted count cannot make a huge allocation. */
static size_t get_count(struct rd *d) {
  return (size_t)get_num(d, (unsigned long long)(d->end - d->p));
}

static char **get_list(struct rd *d, size_t *n) {
  *n = get_count(d);
  char **v = *n ? calloc(*n, sizeof *v) : NULL;
  if (*n && !v) {
    d->bad = true;
    *n = 0;
  }
  for (size_t i = 0; i < *n && !d->bad; i++)
    v[i] = get_req(d);
  return v;
}

static struct ps_code *get_codes(struct rd *d, size_t *n) {
  *n = get_count(d);
  struct ps_code *v = calloc(*n ? *n : 1, sizeof *v);
  if (!v) {
    d->bad = true;
    *n = 0;
    return NULL;
  }
  for (size_t i = 0; i < *n && !d->bad; i++) {
    v[i].code = get_req(d);
    v[i].en = get_str(d);
    v[i].zh = get_str(d);
    v[i].kw_zh = get_list(d, &v[i].n_kw_zh);
    v[i].kw_en = get_list(d, &v[i].n_kw_en);
    v[i].official = get_num(d, 1) != 0;
  }
  return v;
}

static void get_day(struct rd *d, char out[11]) {
  char *s = get_str(d);
  if (s && strlen(s) > 10)
    d->bad = true;
  else
    snprintf(out, 11, "%s", s ? s : "");
  free(s);
}

int ps_refdata_unpack(const char *text, size_t len, struct ps_refdata *r) {
  memset(r, 0, sizeof *r);
  static const char magic[] = "psst-refdata 1\n";
  if (len < sizeof magic - 1 || memcmp(text, magic, sizeof magic - 1))
    return PSST_EDB;
  struct rd d = {.p = text + sizeof magic - 1, .end = text + len};
  r->topics = get_codes(&d, &r->n_topics);
  r->tags = get_codes(&d, &r->n_tags);
  r->formats = get_codes(&d, &r->n_formats);
  r->confidence = get_codes(&d, &r->n_confidence);
  r->source_kinds = get_codes(&d, &r->n_source_kinds);
  r->n_synonyms = get_count(&d);
  if (!d.bad && !(r->synonyms = calloc(r->n_synonyms ? r->n_synonyms : 1, sizeof *r->synonyms)))
    d.bad = true, r->n_synonyms = 0;
  for (size_t i = 0; i < r->n_synonyms && !d.bad; i++)
    r->synonyms[i].words = get_list(&d, &r->synonyms[i].n);
  r->n_terms = d.bad ? 0 : get_count(&d);
  if (!d.bad && !(r->terms = calloc(r->n_terms ? r->n_terms : 1, sizeof *r->terms)))
    d.bad = true, r->n_terms = 0;
  for (size_t i = 0; i < r->n_terms && !d.bad; i++) {
    struct ps_term *t = &r->terms[i];
    t->term = (int)get_num(&d, 1000);
    t->leader = get_req(&d);
    t->leader_zh = get_req(&d);
    get_day(&d, t->from);
    get_day(&d, t->to);
    t->sessions_stated = (int)get_num(&d, 100000);
  }
  r->n_institutions = d.bad ? 0 : get_count(&d);
  if (!d.bad && !(r->institutions =
                      calloc(r->n_institutions ? r->n_institutions : 1, sizeof *r->institutions)))
    d.bad = true, r->n_institutions = 0;
  for (size_t i = 0; i < r->n_institutions && !d.bad; i++) {
    struct ps_institution *m = &r->institutions[i];
    m->code = get_str(&d);
    m->zh = get_str(&d);
    m->en = get_str(&d);
    m->match = get_list(&d, &m->n_match);
  }
  if (d.bad || d.p != d.end) {
    ps_refdata_release(r);
    return PSST_EDB;
  }
  return PSST_OK;
}
