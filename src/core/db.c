/*
 * db.c: opening the derived database, and rebuilding it when it no longer matches
 * the data files (missing, another schema or psst, another data folder, or data files
 * whose contents changed since the build) or is damaged (not an SQLite file, not the
 * length its header says, or a page SQLite finds malformed: psst_db_repair).
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
 * The meta value of key into *out (NULL when there is none): PSST_OK, or PSST_ENOMEM or
 * PSST_EDB when it could not be read. A value that could not be read is not a value
 * that differs: memory running out must not make a current database look stale.
 */
static int meta_get(sqlite3 *db, const char *key, char **out) {
  sqlite3_stmt *st;
  *out = NULL;
  int src = sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key=?", -1, &st, NULL);
  if (src == SQLITE_OK) {
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
      const char *v = (const char *)sqlite3_column_text(st, 0);
      if (!v || !(*out = ps_strdup(v)))
        src = v || sqlite3_errcode(db) == SQLITE_NOMEM ? SQLITE_NOMEM : SQLITE_ROW;
    }
    sqlite3_finalize(st);
  }
  if (src == SQLITE_OK || src == SQLITE_ROW || src == SQLITE_DONE)
    return PSST_OK;
  return src == SQLITE_NOMEM ? PSST_ENOMEM : PSST_EDB;
}

static char *meta(sqlite3 *db, const char *key) {
  char *v;
  meta_get(db, key, &v);
  return v;
}

/* Whether meta key holds want, into *same; a status as meta_get's. */
static int meta_is(sqlite3 *db, const char *key, const char *want, bool *same) {
  char *v;
  int rc = meta_get(db, key, &v);
  *same = rc == PSST_OK && v && !strcmp(v, want);
  free(v);
  return rc;
}

/* Whether SQLite's last error on db says the file is not a sound database. */
static bool is_damage(sqlite3 *db) {
  int e = sqlite3_errcode(db);
  return e == SQLITE_CORRUPT || e == SQLITE_NOTADB;
}

/*
 * Whether the file at path is damaged as far as its header tells, without reading further:
 * not an SQLite file (replaced by text), or not as long as its header says (truncated, or
 * bytes appended). A file psst built always has the size in its header (SQLite 3.7+). Fills
 * why; false when it cannot be read (the open reports that).
 */
static bool header_damaged(const char *path, char *why, size_t len) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return false;
  unsigned char h[100];
  size_t n = fread(h, 1, sizeof h, fp);
  fclose(fp);
  struct stat sb;
  if (stat(path, &sb))
    return false;
  if (n < sizeof h || memcmp(h, "SQLite format 3", 16)) {
    snprintf(why, len, "not an SQLite database");
    return true;
  }
  unsigned long long page = (unsigned long long)h[16] << 8 | h[17];
  if (page == 1)
    page = 65536;
  unsigned long long pages = (unsigned long long)h[28] << 24 | (unsigned long long)h[29] << 16 |
                             (unsigned long long)h[30] << 8 | h[31];
  /* the size in the header counts only when written by the last change (offsets 24, 92) */
  if (pages && !memcmp(h + 24, h + 92, 4) && pages * page != (unsigned long long)sb.st_size) {
    snprintf(why, len, "%lld bytes where its header says %llu", (long long)sb.st_size,
             pages * page);
    return true;
  }
  return false;
}

/* NOMEM: the check itself ran out of memory, which says nothing about the database */
enum state { CURRENT, STALE, DAMAGED, NOMEM };

/*
 * Whether the open database was built from the data files as they are now: the same schema
 * and psst, the same folder, and each data file's stamp as at the build or else (the file
 * was touched or copied) the same hash of their contents as at the build.
 */
static enum state current_state(struct psst *p, char *why, size_t len) {
  char abs[4096], path[4096], stamp[128], key[160];
  sqlite3 *db = p->db;
  char *schema;
  int rc = meta_get(db, "schema", &schema);
  if (rc == PSST_ENOMEM)
    return NOMEM;
  if (!schema) {
    if (is_damage(db)) {
      snprintf(why, len, "%s", sqlite3_errmsg(db));
      return DAMAGED;
    }
    return STALE;
  }
  bool same = !strcmp(schema, PS_SCHEMA_VERSION);
  free(schema);
  if (same && meta_is(db, "psst_version", PSST_VERSION, &same) == PSST_ENOMEM)
    return NOMEM;
  if (!same)
    return STALE;
  if (!realpath(p->data_dir, abs))
    return errno == ENOMEM ? NOMEM : STALE;
  if (meta_is(db, "data_dir", abs, &same) == PSST_ENOMEM)
    return NOMEM;
  if (!same)
    return STALE;
  bool stamps = true;
  for (size_t i = 0; stamps && ps_data_files[i]; i++) {
    snprintf(path, sizeof path, "%s/%s", p->data_dir, ps_data_files[i]);
    snprintf(key, sizeof key, "stamp:%s", ps_data_files[i]);
    if (ps_file_stamp(path, stamp, sizeof stamp))
      stamps = false;
    else if (meta_is(db, key, stamp, &stamps) == PSST_ENOMEM)
      return NOMEM;
  }
  if (stamps)
    return CURRENT;
  /* reading every byte costs more than a stat; only when a stamp moved */
  char content[65];
  rc = ps_content_hash(p->data_dir, content, NULL);
  if (rc == PSST_ENOMEM)
    return NOMEM;
  if (rc)
    return STALE;
  if (meta_is(db, "content", content, &same) == PSST_ENOMEM)
    return NOMEM;
  return same ? CURRENT : STALE;
}

/* "file:PATH?immutable=1" with what a URI gives meaning to (% ? #) escaped. */
static char *immutable_uri(const char *path) {
  struct ps_buf b = {0};
  int rc = ps_buf_puts(&b, "file:");
  for (const char *c = path; *c && !rc; c++)
    rc = *c == '%' || *c == '?' || *c == '#' ? ps_buf_printf(&b, "%%%02X", (unsigned char)*c)
                                             : ps_buf_putc(&b, *c);
  if (rc || ps_buf_puts(&b, "?immutable=1")) {
    ps_buf_release(&b);
    return NULL;
  }
  return ps_buf_detach(&b);
}

static int open_db(struct psst *p, struct psst_error *err) {
  /* a handle is used by one thread at a time (psst serve lends each to one query), so
   * SQLite need not lock the connection on every call */
  int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
  char *uri = NULL;
  /* immutable: SQLite takes no lock and writes nothing, not even a -shm or -journal
     beside the file, so a read-only mount serves */
  if (p->immutable && !(uri = immutable_uri(p->db_path)))
    return ps_err(err, PSST_ENOMEM, "out of memory");
  int orc =
      sqlite3_open_v2(uri ? uri : p->db_path, &p->db, flags | (uri ? SQLITE_OPEN_URI : 0), NULL);
  free(uri);
  if (orc != SQLITE_OK) {
    /* without memory SQLite may give no handle to ask: its code says so */
    int rc = orc == SQLITE_NOMEM ? ps_err(err, PSST_ENOMEM, "%s: out of memory", p->db_path)
                                 : ps_err_db(err, p->db, p->db_path);
    sqlite3_close(p->db);
    p->db = NULL;
    return rc;
  }
  int src = ps_fts_register(p->db);
  if (src == SQLITE_OK)
    src = ps_register_functions(p->db);
  /* the handle's own code may not say why (it is not set by every registration) */
  if (src == SQLITE_NOMEM)
    return ps_err(err, PSST_ENOMEM, "registering the full-text tokenizer: out of memory");
  if (src != SQLITE_OK)
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
  p->immutable = opts->immutable;
  bool no_build = opts->no_build || opts->immutable;
  int rc = PSST_OK;
  bool fresh = no_build;
  char why[200] = "";
  if (no_build && stat(p->db_path, &sb)) {
    rc = ps_err(err, PSST_EDB, "%s: no database: %s (run psst build)", p->db_path, strerror(errno));
    goto fail;
  }
  /* a device or a pipe given as the database is neither read (a pipe would block) nor
     replaced by a file */
  bool exists = !stat(p->db_path, &sb);
  if (exists && !S_ISREG(sb.st_mode)) {
    rc = ps_err(err, PSST_EIO, "%s: not a regular file; a database is one", p->db_path);
    goto fail;
  }
  bool damaged = exists && header_damaged(p->db_path, why, sizeof why);
  if (no_build && damaged) {
    rc = ps_err(err, PSST_EDB, "%s: the database is damaged (%s): run psst build", p->db_path, why);
    goto fail;
  }
  /* the handle that checks the database is the one kept when it is current: opening a
     database and reading its schema is a good part of a one-shot command's own time */
  if (!fresh && !damaged && !opts->force_rebuild && !stat(p->db_path, &sb)) {
    /* a database that cannot be opened is rebuilt, but not for want of memory: that
       would replace a sound database, or fail halfway through the rebuild */
    struct psst_error oerr = {0};
    if ((rc = open_db(p, &oerr)) == PSST_ENOMEM) {
      rc = ps_err(err, rc, "%s", oerr.msg);
      goto fail;
    }
    enum state st = rc == PSST_OK ? current_state(p, why, sizeof why) : STALE;
    rc = PSST_OK;
    if (st == NOMEM) {
      rc = ps_err(err, PSST_ENOMEM, "out of memory checking whether %s is current", p->db_path);
      goto fail;
    }
    fresh = st == CURRENT;
    damaged = st == DAMAGED;
  }
  /* rebuilding: the reference files are read before the new database replaces the old
     one, so that memory running out while reading them leaves the old database in place
     rather than a new one and an error. Their data errors are left to the build, which
     reports them. */
  bool loaded = false;
  if (!fresh) {
    struct psst_diags pre = {0};
    struct psst_error lerr = {0};
    rc = ps_refdata_load(&p->ref, p->data_dir, &pre, &lerr);
    psst_diags_release(&pre);
    if (rc == PSST_ENOMEM) {
      rc = ps_err(err, rc, "%s", lerr.msg);
      goto fail;
    }
    if (rc)
      ps_refdata_release(&p->ref);
    loaded = rc == PSST_OK;
    rc = PSST_OK;
    sqlite3_close(p->db);
    p->db = NULL;
    if ((rc = ps_build(p->data_dir, p->db_path, diags, err)))
      goto fail;
    if (damaged)
      snprintf(p->note, sizeof p->note, "the database %s was damaged (%s); rebuilt it", p->db_path,
               why);
    if (rebuilt)
      *rebuilt = true;
  }
  /* a database built from the files as they are holds them parsed (refdata_pack.c) */
  char *text = fresh && p->db && !no_build ? meta(p->db, "refdata") : NULL;
  bool packed = text && ps_refdata_unpack(text, strlen(text), &p->ref) == PSST_OK;
  free(text);
  struct psst_diags ref_diags = {0};
  if ((!packed && !loaded && (rc = ps_refdata_load(&p->ref, p->data_dir, &ref_diags, err))) ||
      (!p->db && (rc = open_db(p, err)))) {
    psst_diags_release(&ref_diags);
    goto fail;
  }
  psst_diags_release(&ref_diags);
  /* a database taken as it is must at least be laid out as this psst reads it */
  char *schema = no_build ? meta(p->db, "schema") : NULL;
  if (no_build && (!schema || strcmp(schema, PS_SCHEMA_VERSION))) {
    rc = ps_err(err, PSST_EDB,
                schema             ? "%s: built by another version of psst (run psst build)"
                : is_damage(p->db) ? "%s: the database is damaged (run psst build)"
                                   : "%s: not a psst database (run psst build)",
                p->db_path);
    free(schema);
    goto fail;
  }
  free(schema);
  /* taken as it is, it is served even when older than the data: said, not repaired */
  enum state st = opts->immutable ? current_state(p, why, sizeof why) : CURRENT;
  if (st == NOMEM) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory checking whether %s is current", p->db_path);
    goto fail;
  }
  if (st != CURRENT)
    snprintf(p->note, sizeof p->note,
             "the database %s is not built from the data files as they are now (run psst build)",
             p->db_path);
  *out = p;
  return PSST_OK;
fail:
  psst_close(p);
  return rc;
}

const char *psst_open_note(const struct psst *p) {
  return p && p->note[0] ? p->note : NULL;
}

int psst_db_repair(const struct psst_open_opts *opts, char *problem, size_t len,
                   struct psst_error *err) {
  if (len)
    *problem = '\0';
  if (!opts || !opts->data_dir || !opts->db_path)
    return ps_err(err, PSST_EINVAL, "psst_db_repair needs a data folder and a database path");
  if (!header_damaged(opts->db_path, problem, len)) {
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    /* quick_check reads every page once: slow at a million sessions, which is why it runs
       only after a query met a damaged page */
    if (sqlite3_open_v2(opts->db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st, NULL) != SQLITE_OK) {
      snprintf(problem, len, "%s", db ? sqlite3_errmsg(db) : "cannot open");
    } else {
      int src = sqlite3_step(st);
      const char *v = src == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
      if (!v || strcmp(v, "ok"))
        snprintf(problem, len, "%s", v ? v : sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
  }
  if (!*problem)
    return PSST_OK;
  /* quick_check's report spans lines; the message is one */
  for (char *c = problem; *c; c++)
    if (*c == '\n')
      *c = ' ';
  return ps_build(opts->data_dir, opts->db_path, NULL, err);
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
