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
static int statements(struct psst *p, struct psst_error *err) {
  _Static_assert(PS_ST_COUNT <= sizeof p->ingest_st / sizeof *p->ingest_st,
                 "room for the parser's statements");
  if (!p->db || p->ingest_st[0])
    return PSST_OK;
  for (int i = 0; i < PS_ST_COUNT; i++)
    if (sqlite3_prepare_v2(p->db, ps_ingest_sql[i], -1, &p->ingest_st[i], NULL) != SQLITE_OK) {
      /* a reading without them would miss what the database knows: fail instead */
      int rc = ps_err_db(err, p->db, "preparing the readout's queries");
      ps_ingest_release(p);
      return rc;
    }
  if (sqlite3_get_autocommit(p->db))
    sqlite3_exec(p->db, "BEGIN", NULL, NULL, NULL);
  return PSST_OK;
}

/* The index of names and numbering; a failure to load it fails the reading, which
 * would otherwise find no known lecturer and a wrong number. */
static int index_for(struct psst *p, struct psst_error *err) {
  if (p->ingest_ix || !p->db)
    return PSST_OK;
  struct ps_ingest_index *ix = calloc(1, sizeof *ix);
  int rc = ix ? ps_ingest_index_load(p->db, ix) : PSST_ENOMEM;
  if (rc == PSST_OK) {
    p->ingest_ix = ix;
    return PSST_OK;
  }
  free(ix);
  if (rc == PSST_ENOMEM)
    return ps_err(err, rc, "out of memory reading the database");
  return ps_err_db(err, p->db, "reading the names and numbering the database knows");
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
  int rc = index_for(p, err);
  if (rc == PSST_OK)
    rc = statements(p, err);
  if (rc)
    return rc;
  struct ps_ingest_ctx ctx = {.ref = &p->ref,
                              .db = p->db,
                              .ix = p->ingest_ix,
                              .classy = classifier_for(p, &cerr),
                              .st = p->db ? p->ingest_st : NULL};
  /* a record without codes is a reading psst can propose (with a note); one without
   * them because memory ran out would be applied as if no code fitted */
  if (!ctx.classy && cerr.status == PSST_ENOMEM)
    return ps_err(err, PSST_ENOMEM, "%s", cerr.msg);
  rc = ps_readout_parse(&ctx, text, len, o, out, err);
  if (rc == PSST_OK && !ctx.classy) {
    /* the reading stands without codes; say why there are none */
    char **w = realloc(out->warnings, (out->n_warnings + 1) * sizeof *w);
    size_t n = strlen(cerr.msg) + 64;
    if (w)
      out->warnings = w;
    if (!w || !(w[out->n_warnings] = malloc(n)))
      return ps_err(err, PSST_ENOMEM, "out of memory");
    snprintf(w[out->n_warnings++], n, "no topic suggested: %s", cerr.msg);
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
