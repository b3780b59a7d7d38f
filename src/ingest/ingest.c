/*
 * ingest.c: the library's entry to reading a readout: the parser with what the
 * record knows (reference data, the database, the classifier trained on the
 * curated codes).
 */
#include "classify.h"
#include "readout.h"

#include <stdlib.h>
#include <string.h>

struct training {
  const struct ps_refdata *ref;
  struct psst_session *v;
  size_t n, cap;
  int rc;
};

/* Keeps a copy of each curated record: the scanner releases its own after the call. */
static int keep(void *ctx, const struct psst_session *s, const char *text, size_t len,
                size_t line) {
  struct training *t = ctx;
  if (!s->topic)
    return PSST_OK;
  if (t->n == t->cap) {
    size_t cap = t->cap ? 2 * t->cap : 256;
    struct psst_session *v = realloc(t->v, cap * sizeof *v);
    if (!v)
      return PSST_ENOMEM;
    t->v = v, t->cap = cap;
  }
  struct psst_diags d = {.errors_only = true};
  memset(&t->v[t->n], 0, sizeof t->v[t->n]);
  int rc = ps_record_parse(text, len, "training", line, t->ref, &t->v[t->n], &d);
  psst_diags_release(&d);
  if (rc) {
    psst_session_release(&t->v[t->n]);
    return rc == PSST_ENOMEM ? rc : PSST_OK;
  }
  t->n++;
  return PSST_OK;
}

/*
 * The classifier learns from every record with a curated topic. It is built once
 * per handle: a batch of readouts shares it.
 */
static const struct ps_classifier *classifier_for(struct psst *p, struct psst_error *err) {
  if (p->classy)
    return p->classy;
  char path[4096];
  snprintf(path, sizeof path, "%s/sessions.jsonl", p->data_dir);
  struct training t = {.ref = &p->ref};
  struct psst_diags d = {.errors_only = true};
  int rc = ps_scan_sessions(path, path, &p->ref, &d, keep, &t, err);
  psst_diags_release(&d);
  if (rc == PSST_OK || rc == PSST_EDATA)
    rc = ps_classifier_new(&p->ref, t.v, t.n, &p->classy, err);
  for (size_t i = 0; i < t.n; i++)
    psst_session_release(&t.v[i]);
  free(t.v);
  return rc ? NULL : p->classy;
}

/*
 * The parser's queries are prepared once per handle and run inside one read
 * transaction: a batch of readouts then takes the database's lock once instead of
 * once a query, which was most of the time of a batch.
 */
static sqlite3_stmt **statements(struct psst *p) {
  _Static_assert(PS_ST_COUNT <= sizeof p->ingest_st / sizeof *p->ingest_st,
                 "room for the parser's statements");
  if (!p->db)
    return NULL;
  if (!p->ingest_st[0]) {
    for (int i = 0; i < PS_ST_COUNT; i++)
      if (sqlite3_prepare_v2(p->db, ps_ingest_sql[i], -1, &p->ingest_st[i], NULL) != SQLITE_OK) {
        ps_ingest_release(p);
        return NULL;
      }
    if (sqlite3_get_autocommit(p->db))
      sqlite3_exec(p->db, "BEGIN", NULL, NULL, NULL);
  }
  return p->ingest_st;
}

static const struct ps_ingest_index *index_for(struct psst *p) {
  if (p->ingest_ix || !p->db)
    return p->ingest_ix;
  struct ps_ingest_index *ix = calloc(1, sizeof *ix);
  if (ix && ps_ingest_index_load(p->db, ix) == PSST_OK)
    return p->ingest_ix = ix;
  free(ix);
  return NULL;
}

void ps_ingest_release(struct psst *p) {
  if (p->ingest_ix) {
    ps_ingest_index_release(p->ingest_ix);
    free(p->ingest_ix);
    p->ingest_ix = NULL;
  }
  for (size_t i = 0; i < sizeof p->ingest_st / sizeof *p->ingest_st; i++) {
    sqlite3_finalize(p->ingest_st[i]);
    p->ingest_st[i] = NULL;
  }
  if (p->db && !sqlite3_get_autocommit(p->db))
    sqlite3_exec(p->db, "COMMIT", NULL, NULL, NULL);
}

int psst_ingest(struct psst *p, const char *text, size_t len, const struct psst_ingest_opts *o,
                struct psst_proposal *out, struct psst_error *err) {
  struct psst_error cerr = {0};
  struct ps_ingest_ctx ctx = {.ref = &p->ref,
                              .db = p->db,
                              .ix = index_for(p),
                              .classy = classifier_for(p, &cerr),
                              .st = statements(p)};
  int rc = ps_readout_parse(&ctx, text, len, o, out, err);
  if (rc == PSST_OK && !ctx.classy) {
    /* the reading stands without codes; say why there are none */
    char **w = realloc(out->warnings, (out->n_warnings + 1) * sizeof *w);
    if (w) {
      out->warnings = w;
      size_t n = strlen(cerr.msg) + 64;
      if ((w[out->n_warnings] = malloc(n)))
        snprintf(w[out->n_warnings++], n, "no topic suggested: %s", cerr.msg);
    }
  }
  return rc;
}

void psst_proposal_release(struct psst_proposal *pr) {
  if (!pr)
    return;
  psst_session_release(&pr->rec);
  for (size_t i = 0; i < pr->n_sources; i++) {
    free(pr->sources[i].field);
    free(pr->sources[i].how);
    free(pr->sources[i].excerpt);
  }
  free(pr->sources);
  for (size_t i = 0; i < pr->n_missing; i++)
    free(pr->missing[i]);
  free(pr->missing);
  for (size_t i = 0; i < pr->n_warnings; i++)
    free(pr->warnings[i]);
  free(pr->warnings);
  memset(pr, 0, sizeof *pr);
}
