/*
 * followups_build.c: the documents of data/documents.jsonl in the database, in tables
 * shaped like the sessions' (a row a document, a row per issuer, code and source), loaded
 * in the build's transaction so that a reader sees sessions and documents of one data.
 *
 * A document's date for the follow-up lags is the day it was issued when an official text
 * states it, else the day it was announced; `dated_by` keeps which, for every output.
 */
#include "followups_int.h"
#include "load_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char doc_schema[] =
    "CREATE TABLE documents(id TEXT PRIMARY KEY, ord INTEGER NOT NULL, title_zh TEXT NOT NULL,"
    " title_en TEXT NOT NULL, kind TEXT, issued TEXT, announced TEXT, date TEXT NOT NULL,"
    " dated_by TEXT NOT NULL, number TEXT, notes TEXT NOT NULL, line INTEGER) WITHOUT ROWID;"
    "CREATE TABLE document_issuers(document_id TEXT, ord INTEGER, zh TEXT, en TEXT,"
    " PRIMARY KEY(document_id, ord)) WITHOUT ROWID;"
    "CREATE TABLE document_topics(document_id TEXT, topic TEXT,"
    " PRIMARY KEY(document_id, topic)) WITHOUT ROWID;"
    "CREATE TABLE document_tech(document_id TEXT, tag TEXT, PRIMARY KEY(document_id, tag))"
    " WITHOUT ROWID;"
    "CREATE TABLE document_sources(document_id TEXT, ord INTEGER, url TEXT, publisher TEXT,"
    " kind TEXT, published TEXT, supports TEXT, via TEXT, quote TEXT, note TEXT,"
    " PRIMARY KEY(document_id, ord)) WITHOUT ROWID;";

static const char doc_indexes[] =
    "CREATE INDEX documents_date ON documents(date);"
    "CREATE INDEX document_tech_tag ON document_tech(tag, document_id);"
    "CREATE INDEX document_topics_topic ON document_topics(topic,"
    " document_id);";

enum { D_DOC, D_ISSUER, D_TOPIC, D_TECH, D_SOURCE, D_COUNT };

static const char *const doc_sql[D_COUNT] = {
    "INSERT INTO documents VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
    "INSERT INTO document_issuers VALUES(?,?,?,?)",
    /* a code named twice in a line is one subject, not an error of the database */
    "INSERT OR IGNORE INTO document_topics VALUES(?,?)",
    "INSERT OR IGNORE INTO document_tech VALUES(?,?)",
    "INSERT INTO document_sources VALUES(?,?,?,?,?,?,?,?,?,?)",
};

static int run(sqlite3 *db, sqlite3_stmt *st, struct psst_error *err) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? PSST_OK : ps_err_db(err, db, "loading the documents");
}

static int insert_document(sqlite3 *db, sqlite3_stmt **st, const struct psst_document *d, long ord,
                           size_t line, struct psst_error *err) {
  sqlite3_stmt *s = st[D_DOC];
  ps_bind_opt(s, 1, d->id);
  sqlite3_bind_int64(s, 2, ord);
  ps_bind_opt(s, 3, d->title_zh);
  ps_bind_opt(s, 4, d->title_en);
  ps_bind_opt(s, 5, d->kind);
  ps_bind_opt(s, 6, d->issued);
  ps_bind_opt(s, 7, d->announced);
  /* the checks make sure one of the two is there (no-date) */
  ps_bind_opt(s, 8, d->issued ? d->issued : d->announced);
  ps_bind_opt(s, 9, d->issued ? "issued" : "announced");
  ps_bind_opt(s, 10, d->number);
  ps_bind_opt(s, 11, d->notes ? d->notes : "");
  sqlite3_bind_int64(s, 12, (long long)line);
  int rc = run(db, s, err);
  for (size_t i = 0; !rc && i < d->n_issuers; i++) {
    s = st[D_ISSUER];
    ps_bind_opt(s, 1, d->id);
    sqlite3_bind_int64(s, 2, (long long)i);
    ps_bind_opt(s, 3, d->issuers[i].zh);
    ps_bind_opt(s, 4, d->issuers[i].en);
    rc = run(db, s, err);
  }
  for (size_t i = 0; !rc && i < d->n_topics; i++) {
    s = st[D_TOPIC];
    ps_bind_opt(s, 1, d->id);
    ps_bind_opt(s, 2, d->topics[i]);
    rc = run(db, s, err);
  }
  for (size_t i = 0; !rc && i < d->n_tech; i++) {
    s = st[D_TECH];
    ps_bind_opt(s, 1, d->id);
    ps_bind_opt(s, 2, d->tech[i]);
    rc = run(db, s, err);
  }
  struct ps_buf sup = {0};
  for (size_t i = 0; !rc && i < d->n_sources; i++) {
    s = st[D_SOURCE];
    ps_bind_opt(s, 1, d->id);
    sqlite3_bind_int64(s, 2, (long long)i);
    if (ps_bind_source(s, &d->sources[i], &sup))
      rc = ps_err(err, PSST_ENOMEM, "out of memory loading the documents");
    else
      rc = run(db, s, err);
  }
  ps_buf_release(&sup);
  return rc;
}

/* What the check hands each document to: its rows, in the file's order. */
struct doc_loader {
  sqlite3 *db;
  sqlite3_stmt *st[D_COUNT];
  long ord;
  struct psst_error *err;
};

static int load_one(void *ctx, const struct psst_document *d, size_t line) {
  struct doc_loader *l = ctx;
  return insert_document(l->db, l->st, d, l->ord++, line, l->err);
}

int ps_documents_load(sqlite3 *db, const char *data_dir, const struct ps_refdata *ref,
                      struct psst_diags *diags, struct psst_error *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", data_dir, PS_DOCUMENTS_FILE);
  int rc = ps_build_exec(db, doc_schema, err);
  if (rc)
    return rc;
  if (access(path, F_OK) && errno == ENOENT)
    return ps_build_exec(db, doc_indexes, err); /* no documents: the tables stay empty */
  /* each line checked as psst check checks it, and loaded as it is read; a file with
     errors (repeated ids too, found at its end) fails the build, whose transaction and new
     file are then dropped: nothing of it is ever seen */
  struct psst_diags own = {.errors_only = true};
  struct psst_diags *d = diags ? diags : &own;
  struct doc_loader l = {.db = db, .err = err};
  for (int i = 0; !rc && i < D_COUNT; i++)
    if (sqlite3_prepare_v2(db, doc_sql[i], -1, &l.st[i], NULL) != SQLITE_OK)
      rc = ps_err_db(err, db, "loading the documents");
  size_t errors_before = d->n_errors, n_docs = 0;
  if (!rc)
    rc = ps_documents_check(path, path, ref, d, &n_docs, load_one, &l, err);
  if (!rc && d->n_errors > errors_before)
    rc = ps_err(err, PSST_EDATA, "%s: %zu error(s); the database was not built (run psst check)",
                path, d->n_errors - errors_before);
  for (int i = 0; i < D_COUNT; i++)
    sqlite3_finalize(l.st[i]);
  psst_diags_release(&own);
  return rc ? rc : ps_build_exec(db, doc_indexes, err);
}
