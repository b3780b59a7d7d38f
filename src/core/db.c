/*
 * db.c: opening the derived database, and rebuilding it when it no longer matches
 * the data files (missing, another schema, another data folder, or a data file
 * whose size or modification time changed since the build).
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *meta(sqlite3 *db, const char *key) {
  sqlite3_stmt *st;
  char *v = NULL;
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key=?", -1, &st, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW)
    v = ps_strdup((const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return v;
}

static bool meta_is(sqlite3 *db, const char *key, const char *want) {
  char *v = meta(db, key);
  bool same = v && !strcmp(v, want);
  free(v);
  return same;
}

/* Whether the open database was built from the data files as they are now. */
static bool is_current(sqlite3 *db, const char *data_dir) {
  char abs[4096], path[4096], stamp[128], key[160];
  if (!meta_is(db, "schema", PS_SCHEMA_VERSION) || !meta_is(db, "psst_version", PSST_VERSION))
    return false;
  if (!realpath(data_dir, abs) || !meta_is(db, "data_dir", abs))
    return false;
  for (size_t i = 0; ps_data_files[i]; i++) {
    snprintf(path, sizeof path, "%s/%s", data_dir, ps_data_files[i]);
    snprintf(key, sizeof key, "stamp:%s", ps_data_files[i]);
    if (ps_file_stamp(path, stamp, sizeof stamp) || !meta_is(db, key, stamp))
      return false;
  }
  return true;
}

static int open_db(struct psst *p, struct psst_error *err) {
  /* a handle is used by one thread at a time (psst serve lends each to one query), so
   * SQLite need not lock the connection on every call */
  if (sqlite3_open_v2(p->db_path, &p->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK) {
    int rc = ps_err_db(err, p->db, p->db_path);
    sqlite3_close(p->db);
    p->db = NULL;
    return rc;
  }
  if (ps_fts_register(p->db) != SQLITE_OK || ps_register_functions(p->db) != SQLITE_OK)
    return ps_err_db(err, p->db, "registering the full-text tokenizer");
  /* a server's connections read the pages through a memory map instead of copying them
   * into each connection's cache, which is most of a large query's system time, and share
   * them; a one-shot command only pays for setting the map up (the sqlite3 shell with the
   * same pragma takes 2.7 times as long for one search at a million sessions) */
  if (p->long_lived)
    sqlite3_exec(p->db, "PRAGMA mmap_size = 4294967296", NULL, NULL, NULL);
  return PSST_OK;
}

int psst_open(struct psst **out, const struct psst_open_opts *opts, struct psst_diags *diags,
              bool *rebuilt, struct psst_error *err) {
  *out = NULL;
  if (rebuilt)
    *rebuilt = false;
  if (!opts || !opts->data_dir || !opts->db_path)
    return ps_err(err, PSST_EINVAL, "psst_open needs a data folder and a database path");
  struct stat sb;
  if (stat(opts->data_dir, &sb) || !S_ISDIR(sb.st_mode))
    return ps_err(err, PSST_EIO, "%s: not a data folder: %s", opts->data_dir,
                  errno ? strerror(errno) : "not a directory");
  struct psst *p = calloc(1, sizeof *p);
  if (!p || !(p->data_dir = ps_strdup(opts->data_dir)) ||
      !(p->db_path = ps_strdup(opts->db_path))) {
    psst_close(p);
    return ps_err(err, PSST_ENOMEM, "out of memory");
  }
  p->long_lived = opts->long_lived;
  int rc = PSST_OK;
  bool fresh = opts->no_build;
  if (opts->no_build && stat(p->db_path, &sb)) {
    rc = ps_err(err, PSST_EDB, "%s: no database: %s", p->db_path, strerror(errno));
    goto fail;
  }
  /* the handle that checks the database is the one kept when it is current: opening a
     database and reading its schema is a good part of a one-shot command's own time */
  if (!fresh && !opts->force_rebuild && !stat(p->db_path, &sb) && open_db(p, NULL) == PSST_OK)
    fresh = is_current(p->db, p->data_dir);
  if (!fresh) {
    sqlite3_close(p->db);
    p->db = NULL;
    if ((rc = ps_build(p->data_dir, p->db_path, diags, err)))
      goto fail;
    if (rebuilt)
      *rebuilt = true;
  }
  /* a database built from the files as they are holds them parsed (refdata_pack.c) */
  char *text = fresh && p->db && !opts->no_build ? meta(p->db, "refdata") : NULL;
  bool packed = text && ps_refdata_unpack(text, strlen(text), &p->ref) == PSST_OK;
  free(text);
  struct psst_diags ref_diags = {0};
  if ((!packed && (rc = ps_refdata_load(&p->ref, p->data_dir, &ref_diags, err))) ||
      (!p->db && (rc = open_db(p, err)))) {
    psst_diags_release(&ref_diags);
    goto fail;
  }
  psst_diags_release(&ref_diags);
  /* a database taken as it is must at least be laid out as this psst reads it */
  char *schema = opts->no_build ? meta(p->db, "schema") : NULL;
  if (opts->no_build && (!schema || strcmp(schema, PS_SCHEMA_VERSION))) {
    rc = ps_err(err, PSST_EDB,
                schema ? "%s: built by another version of psst (run psst build)"
                       : "%s: not a psst database (run psst build)",
                p->db_path);
    free(schema);
    goto fail;
  }
  free(schema);
  *out = p;
  return PSST_OK;
fail:
  psst_close(p);
  return rc;
}

int psst_db_identity(struct psst *p, char content[65], long long *built, struct psst_error *err) {
  char *c = meta(p->db, "content"), *b = meta(p->db, "built");
  int rc = PSST_OK;
  if (!c || strlen(c) != 64 || !b) {
    rc = ps_err(err, PSST_EDB, "%s: the database does not say what it was built from", p->db_path);
  } else {
    memcpy(content, c, 65);
    if (built)
      *built = atoll(b);
  }
  free(c);
  free(b);
  return rc;
}

int ps_rebuild(struct psst *p, struct psst_diags *diags, struct psst_error *err) {
  ps_ingest_release(p);
  sqlite3_close(p->db);
  p->db = NULL;
  int rc = ps_build(p->data_dir, p->db_path, diags, err);
  /* the old database stays in place when the build fails: reopen it either way */
  int rc2 = open_db(p, rc ? NULL : err);
  return rc ? rc : rc2;
}

void psst_close(struct psst *p) {
  if (!p)
    return;
  ps_ingest_release(p);
  sqlite3_close(p->db);
  ps_classifier_free(p->classy);
  ps_refdata_release(&p->ref);
  free(p->data_dir);
  free(p->db_path);
  free(p);
}

int ps_prepare(struct psst *p, const char *sql, sqlite3_stmt **st, struct psst_error *err) {
  if (sqlite3_prepare_v2(p->db, sql, -1, st, NULL) != SQLITE_OK)
    return ps_err_db(err, p->db, "query");
  return PSST_OK;
}

const char *psst_term_leader(struct psst *p, int term) {
  const struct ps_term *t = ps_term_find(&p->ref, term);
  return t ? t->leader : NULL;
}

const char *psst_label(struct psst *p, const char *kind, const char *code, enum psst_lang lang) {
  const struct ps_code *c = NULL;
  if (!code)
    return NULL;
  if (!strcmp(kind, "topic"))
    c = ps_code_find(p->ref.topics, p->ref.n_topics, code);
  else if (!strcmp(kind, "tech"))
    c = ps_code_find(p->ref.tags, p->ref.n_tags, code);
  else if (!strcmp(kind, "format"))
    c = ps_code_find(p->ref.formats, p->ref.n_formats, code);
  else if (!strcmp(kind, "confidence"))
    c = ps_code_find(p->ref.confidence, p->ref.n_confidence, code);
  else if (!strcmp(kind, "source_kind"))
    c = ps_code_find(p->ref.source_kinds, p->ref.n_source_kinds, code);
  else if (!strcmp(kind, "leader")) {
    for (size_t i = 0; i < p->ref.n_terms; i++)
      if (!strcmp(p->ref.terms[i].leader, code))
        return lang == PSST_LANG_ZH ? p->ref.terms[i].leader_zh : p->ref.terms[i].leader;
    return code;
  } else if (!strcmp(kind, "institution")) {
    for (size_t i = 0; i < p->ref.n_institutions; i++)
      if (!strcmp(p->ref.institutions[i].code, code))
        return lang == PSST_LANG_ZH ? p->ref.institutions[i].zh : p->ref.institutions[i].en;
    return code;
  }
  if (!c)
    return code;
  return lang == PSST_LANG_ZH ? c->zh : c->en;
}

int psst_summary(struct psst *p, char *as_of, size_t as_of_len, long *n_sessions,
                 struct psst_error *err) {
  char *v = meta(p->db, "as_of");
  snprintf(as_of, as_of_len, "%s", v ? v : "");
  free(v);
  sqlite3_stmt *st;
  int rc = ps_prepare(p, "SELECT count(*) FROM sessions", &st, err);
  if (rc)
    return rc;
  if (sqlite3_step(st) == SQLITE_ROW)
    *n_sessions = (long)sqlite3_column_int64(st, 0);
  else
    rc = ps_err_db(err, p->db, "query");
  sqlite3_finalize(st);
  return rc;
}

int psst_source_describe(struct psst *p, const struct psst_source *src, enum psst_lang lang,
                         char **out, struct psst_error *err) {
  struct ps_buf b = {0};
  bool zh = lang == PSST_LANG_ZH;
  int rc = ps_buf_puts(&b, src->publisher && *src->publisher ? src->publisher : "?");
  if (src->kind)
    rc |= ps_buf_printf(&b, zh ? "，%s" : ", %s", psst_label(p, "source_kind", src->kind, lang));
  if (src->published)
    rc |= ps_buf_printf(&b, zh ? "，%s" : ", %s", src->published);
  for (size_t i = 0; i < src->n_supports; i++)
    rc |= ps_buf_printf(&b, "%s%s", i ? ", " : (zh ? "（支持 " : " (supports "), src->supports[i]);
  if (src->n_supports)
    rc |= ps_buf_puts(&b, zh ? "）" : ")");
  if (rc) {
    ps_buf_release(&b);
    return ps_err(err, PSST_ENOMEM, "out of memory");
  }
  *out = ps_buf_detach(&b);
  return PSST_OK;
}
