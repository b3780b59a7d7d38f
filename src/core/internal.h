/*
 * internal.h: what the files of libpsst share with each other and with the tests.
 *
 * Naming: public functions are psst_*, functions shared between core files are
 * ps_*, file-local functions are static and unprefixed.
 */
#ifndef PSST_INTERNAL_H
#define PSST_INTERNAL_H

#include "psst.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__)
#define PS_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define PS_PRINTF(a, b)
#endif

/* ---- buf.c: the one growable string type; s is always NUL-terminated ---- */

struct ps_buf {
  char *s;
  size_t len, cap;
};

int ps_buf_add(struct ps_buf *b, const char *s, size_t n);
int ps_buf_puts(struct ps_buf *b, const char *s);
int ps_buf_putc(struct ps_buf *b, char c);
int ps_buf_printf(struct ps_buf *b, const char *fmt, ...) PS_PRINTF(2, 3);
int ps_buf_vprintf(struct ps_buf *b, const char *fmt, va_list ap) PS_PRINTF(2, 0);
/* Hands the string over: the caller frees it; b is empty afterwards. */
char *ps_buf_detach(struct ps_buf *b);
void ps_buf_release(struct ps_buf *b);
/* Appends s as a JSON string literal, quotes included. */
int ps_buf_json_str(struct ps_buf *b, const char *s);
/* Appends s with the characters markup gives meaning to (< > & ") as entities. */
int ps_buf_xml_str(struct ps_buf *b, const char *s);

char *ps_strdup(const char *s);

/*
 * jsonutil.c: every write of a whole file. A regular file (or a symbolic link's target, or a
 * new name) is written to "<real name>.psst-tmp-<pid>-<random>" beside it, synced, given the
 * old file's mode (and owner, as root) and renamed over it; on failure the target is untouched
 * and the temporary file removed. A pipe, a device or /dev/stdout is written in place. Opening
 * a target first removes the leftovers of killed writers of the same name (ps_tmp_sweep).
 */
struct ps_target {
  const char *shown; /* the name as given, for messages */
  char path[4096];   /* the file the data ends in: symbolic links followed */
  char tmp[4096];    /* the temporary file; "" when there is none (direct, or committed) */
  int fd;            /* open for writing; -1 once closed */
  bool direct;       /* not a regular file: written in place */
  bool keep;         /* path exists: its mode and owner are kept */
  bool synced;       /* ps_target_sync done: the data is on the disk, fd closed */
  unsigned mode, uid, gid;
};
/* allow_direct false: a target that is not a regular file is refused (the database). */
int ps_target_open(struct ps_target *t, const char *path, bool allow_direct,
                   struct psst_error *err);
int ps_target_write(struct ps_target *t, const void *data, size_t len, struct psst_error *err);
/* Syncs the temporary file (reopening it when a library wrote it by name and t->fd was
   closed), gives it the old file's mode and closes it: a writer of several files syncs them
   all before it renames any (export.c). */
int ps_target_sync(struct ps_target *t, struct psst_error *err);
/* Syncs unless ps_target_sync did, renames the temporary file over the target and syncs the
   folder. */
int ps_target_commit(struct ps_target *t, struct psst_error *err);
/* ps_target_commit in two steps, for files renamed together with one sync of their folder:
   the rename (after the sync), then the folder's sync. */
int ps_target_rename(struct ps_target *t, struct psst_error *err);
void ps_target_sync_folder(const struct ps_target *t);
/* Removes the temporary file unless committed; safe to call twice. */
void ps_target_abort(struct ps_target *t);
/* Whether path is written in place: not a regular file (pipe, device, socket), or a name of
   a descriptor (/dev/stdin|stdout|stderr, /dev/fd/N, /proc/...). */
bool ps_write_is_direct(const char *path);
/* Removes the temporary files of real_path whose writer is gone: its pid no longer exists
   (kill(pid, 0) fails with ESRCH) or the file is older than a day. A live writer's file is
   left alone. Also the "<name>.tmp-<pid>" files of earlier versions. */
void ps_tmp_sweep(const char *real_path);
int ps_write_file_atomic(const char *path, const void *data, size_t len, struct psst_error *err);
/* Whole file into *out (NUL-terminated, to free()). */
int ps_read_file(const char *path, char **out, size_t *len, struct psst_error *err);

/* ---- error.c ---- */

/* Fills err (when not NULL) and returns status, so that `return ps_err(...)` reads well. */
int ps_err(struct psst_error *err, int status, const char *fmt, ...) PS_PRINTF(3, 4);
/* Same, with the message of the SQLite connection appended. */
int ps_err_db(struct psst_error *err, sqlite3 *db, const char *what);

/* ---- diag.c ---- */

int ps_diag_add(struct psst_diags *d, enum psst_severity sev, const char *file, size_t line,
                const char *field, const char *kind, const char *fmt, ...) PS_PRINTF(7, 8);
int ps_diag_addv(struct psst_diags *d, enum psst_severity sev, const char *file, size_t line,
                 const char *field, const char *kind, const char *fmt, va_list ap) PS_PRINTF(7, 0);

/* ---- table.c ---- */

struct psst_table *ps_table_new(size_t ncols, const char *const *cols,
                                const enum psst_coltype *types);
/* Appends a row of ncols cells, each copied (NULL stays NULL). */
int ps_table_add_row(struct psst_table *t, const char *const *cells);
/* Appends the current row of a statement, one column per table column. */
int ps_table_add_stmt_row(struct psst_table *t, sqlite3_stmt *st);
int ps_table_set_note(struct psst_table *t, const char *fmt, ...) PS_PRINTF(2, 3);
/* Appends s to the note, after sep when there is one already. */
int ps_table_add_note(struct psst_table *t, const char *sep, const char *s);

/* ---- record.c ---- */

/* Frees what a source holds and zeroes it. */
void ps_source_release(struct psst_source *src);

/* ---- source.c ---- */

/* A source for url: publisher and kind as given, else from the host (an unknown host
   holding a readout's text is a copy published by that host). */
int ps_source_from_url(const char *url, const char *publisher, const char *kind,
                       const char *published, struct psst_source *out);
/* Adds field to what src supports, once. */
int ps_source_support(struct psst_source *src, const char *field);

/* ---- archive.c ---- */

/* name in the folder that holds the data folder ("data" -> "archive"; to free()): where
   the archive and psst watch's state live, outside the git-tracked data. */
char *ps_beside_data(const char *data_dir, const char *name);

/* ---- normalize.c ---- */

/* The text of HTML: tags out (a line break for block tags), scripts and styles out, the
   usual entities decoded. PSST_ENOMEM or PSST_OK. */
int ps_html_to_text(const char *s, size_t len, struct ps_buf *out);
/* s[0, n) with traditional characters converted to simplified (OpenCC, by phrase) appended
   to out; OpenCC is only run when a character is written only in traditional texts
   (*converted then). */
int ps_simplify(const char *s, size_t n, struct ps_buf *out, bool *converted,
                struct psst_error *err);

/* ---- refdata.c: codebook.json, terms.json, institutions.json ---- */

struct ps_code {
  char *code, *en, *zh;
  /* Topics and tags: the words that suggest the code to the classifier, Chinese in
     simplified characters, English in lower case. Empty for formats and confidence. */
  char **kw_zh, **kw_en;
  size_t n_kw_zh, n_kw_en;
  bool official; /* source kinds: an official text (readout, broadcast, copy) */
};

struct ps_term {
  int term;
  char *leader, *leader_zh;
  char from[11], to[11]; /* "" when open */
  int sessions_stated;   /* 0 when not stated */
};

struct ps_institution {
  char *code, *zh, *en;
  char **match; /* strings that identify it inside an affiliation */
  size_t n_match;
};

/* Words a search treats as one (codebook.json "synonyms"): AI, artificial intelligence, 人工智能.
 */
struct ps_synonyms {
  char **words;
  size_t n;
};

struct ps_refdata {
  struct ps_code *topics, *tags, *formats, *confidence, *source_kinds;
  size_t n_topics, n_tags, n_formats, n_confidence, n_source_kinds;
  struct ps_synonyms *synonyms;
  size_t n_synonyms;
  struct ps_term *terms;
  size_t n_terms;
  struct ps_institution *institutions;
  size_t n_institutions;
};

/*
 * Loads the reference files of data_dir. Problems in them are diagnostics with
 * file and line; the return is PSST_EDATA when any is an error, PSST_EIO when a
 * file cannot be read.
 */
int ps_refdata_load(struct ps_refdata *r, const char *data_dir, struct psst_diags *d,
                    struct psst_error *err);
void ps_refdata_release(struct ps_refdata *r);
/* refdata_pack.c: the parsed reference data as text stored in the database (meta key
   "refdata") and read back: PSST_EDB when the text is not a packing of this version. */
int ps_refdata_pack(const struct ps_refdata *r, struct ps_buf *out);
int ps_refdata_unpack(const char *text, size_t len, struct ps_refdata *r);
const struct ps_code *ps_code_find(const struct ps_code *v, size_t n, const char *code);
const struct ps_term *ps_term_find(const struct ps_refdata *r, int term);

/*
 * The institutions named in an affiliation: indexes into r->institutions, at most
 * `max`, longest match first and never two overlapping matches, Chinese text
 * first and the English only when the Chinese names none. Returns the count.
 */
size_t ps_match_institutions(const struct ps_refdata *r, const char *aff_zh, const char *aff_en,
                             size_t *idx, size_t max);

/* ---- record.c: one session record, parsed and validated field by field ---- */

/*
 * Parses one line of sessions.jsonl into s (zeroed by the caller; release with
 * psst_session_release even on failure). Every problem becomes a diagnostic at
 * file:line. Returns PSST_OK when the record is usable (it may carry warnings),
 * PSST_EDATA when it has errors, PSST_ENOMEM.
 */
int ps_record_parse(const char *text, size_t len, const char *file, size_t line,
                    const struct ps_refdata *r, struct psst_session *s, struct psst_diags *d);

/* Writes a record in the canonical data-file form: one line, keys in data-model order. */
/* document.c: a line of documents.jsonl into *d (released by the caller, also on
   PSST_EDATA); every problem a diagnostic. */
int ps_document_parse(const char *text, size_t len, const char *file, size_t line,
                      const struct ps_refdata *r, struct psst_diags *diags,
                      struct psst_document *d);
/* Every line of a documents file checked, and repeated ids or documents; *n_documents the
   lines that parsed with an id. fn (when given) gets each document that parsed without an
   error, in the file's order, so that a loader reads and parses the file once; an error it
   returns stops the check. */
typedef int (*ps_document_fn)(void *ctx, const struct psst_document *d, size_t line);
int ps_documents_check(const char *path, const char *display_name, const struct ps_refdata *r,
                       struct psst_diags *diags, size_t *n_documents, ps_document_fn fn, void *ctx,
                       struct psst_error *err);
int ps_record_to_json(const struct psst_session *s, struct ps_buf *out);

/* Calendar date check: YYYY-MM-DD with a real month and day. */
bool ps_valid_date(const char *s);
/* Days since 1970-01-01 of a valid YYYY-MM-DD date. */
long ps_days(const char *date);

/* ---- check.c: the checks across records (numbering, order, terms) ---- */

struct ps_key {
  int term, number;
  char date[11]; /* "" when unknown */
  size_t line;
};

/* One name and the first romanisation (or Chinese name) the record gave it. */
struct ps_name_slot {
  char *name, *other;
  size_t line;
  char *aff_zh, *aff_en; /* by_en: the first lecturer's affiliation, matched only on a conflict */
};
struct ps_name_map {
  struct ps_name_slot *v;
  size_t n, cap;
};

struct ps_checker {
  struct ps_key *keys;
  size_t n, cap;
  struct ps_name_map by_zh, by_en; /* lecturers: one person, one romanisation */
};

/* Warns when a lecturer's Chinese name has had another English name before, or the reverse. */
int ps_checker_people(struct ps_checker *c, const struct ps_refdata *r,
                      const struct psst_session *s, size_t line, const char *file,
                      struct psst_diags *d);

int ps_checker_add(struct ps_checker *c, const struct psst_session *s, size_t line);
/* Numbering gaps and duplicates, dates out of order within a term, stated totals. */
int ps_checker_finish(struct ps_checker *c, const struct ps_refdata *r, const char *file,
                      struct psst_diags *d);
void ps_checker_release(struct ps_checker *c);

/* Streams sessions.jsonl, calling fn for each record that parsed without errors. */
typedef int (*ps_record_fn)(void *ctx, const struct psst_session *s, const char *text, size_t len,
                            size_t line);
int ps_scan_stream(FILE *fp, const char *display_name, const struct ps_refdata *r,
                   struct psst_diags *d, ps_record_fn fn, void *ctx, struct psst_error *err);
int ps_scan_sessions(const char *path, const char *display_name, const struct ps_refdata *r,
                     struct psst_diags *d, ps_record_fn fn, void *ctx, struct psst_error *err);
/* The same with the reading and checking in a second thread while fn runs in this one
   (the database build); fn must not write to d. */
int ps_scan_sessions_pipelined(const char *path, const char *display_name,
                               const struct ps_refdata *r, struct psst_diags *d, ps_record_fn fn,
                               void *ctx, struct psst_error *err);

/* ---- fts_tokenizer.c: the FTS5 tokenizer "psst" (CJK unigrams + bigrams) ---- */

/* Registers the tokenizer on a connection. Returns an SQLite result code. */
int ps_fts_register(sqlite3 *db);

/* search.c: the user's words as an FTS5 query of quoted phrases; *words counts them. */
/* filter.c: the SQL functions the filters use (psst_words). */
int ps_register_functions(sqlite3 *db);

/* ---- db.c / build.c ---- */

/* Bumped whenever the database layout changes: an older database is rebuilt. */
#define PS_SCHEMA_VERSION "7"

/* A session's texts in the search index (build.c): col[] holds the six columns of
   sessions_fts (title_zh, title_en, people, affiliations, codes, notes) as indexed. */
struct ps_index_text {
  struct ps_buf people, affs, codes, title_en, fts[4];
  const char *col[6]; /* into the buffers: valid after the session is released */
};
int ps_index_text(struct ps_index_text *x, const struct ps_refdata *ref,
                  const struct psst_session *s, struct psst_error *err);
void ps_index_text_release(struct ps_index_text *x);

/* stats.c: fills the table counts at build time, once the sessions are in with their
   years: every stats table of the whole record and the counts the filters' caveats give. */
int ps_counts_store(sqlite3 *db, struct psst_error *err);
/* A count ps_counts_store made, by name: "sessions" (every session), ... */
int ps_count_stored(struct psst *p, const char *name, long *n, struct psst_error *err);

struct ps_classifier; /* src/ingest/classify.h */
void ps_classifier_free(struct ps_classifier *c);

struct psst {
  sqlite3 *db;
  struct ps_classifier *classy;      /* trained on the record when first needed */
  sqlite3_stmt *ingest_st[4];        /* the readout parser's queries, prepared once (ingest.c) */
  struct ps_ingest_index *ingest_ix; /* names and numbering the parser looks up (ingest.c) */
  struct ps_refdata ref;
  char *data_dir, *db_path;
  bool long_lived; /* psst_open_opts.long_lived */
  bool immutable;  /* psst_open_opts.immutable */
  char note[256];  /* psst_open_note: why psst_open rebuilt the database, or what it found */
};

int ps_build(const char *data_dir, const char *db_path, struct psst_diags *d,
             struct psst_error *err);
/* The data files, NULL-terminated, and the stamp (size, mtime, ctime, inode) that marks a
   possible change. */
extern const char *const ps_data_files[];
int ps_file_stamp(const char *path, char *out, size_t len);
/* SHA-256 (hex) over the versions of psst and of the schema and each data file's name, bytes
   and size: meta "content", what decides whether a database is current. */
int ps_content_hash(const char *data_dir, char hex[65], struct psst_error *err);

/* Finalizes the readout parser's statements and ends its read transaction. */
void ps_ingest_release(struct psst *p);
/* Rebuilds the database from the data files and reopens it (after a write to data/). */
int ps_rebuild(struct psst *p, struct psst_diags *diags, struct psst_error *err);
/* Prepares sql on p->db; on failure fills err. */
int ps_prepare(struct psst *p, const char *sql, sqlite3_stmt **st, struct psst_error *err);

/* ---- filter.c: struct psst_filter to SQL conditions over `sessions s` ---- */

struct ps_binds {
  int n;
  struct {
    bool is_int;
    long long i;
    char *s; /* owned */
  } v[16];
};

/*
 * Appends " AND ..." conditions on the alias s (table sessions) to sql and the
 * values to bind to b, in order. Values are checked first: an unknown topic code,
 * a bad date or an unknown leader give PSST_EINVAL with a message naming the option.
 */
int ps_filter_sql(struct psst *p, const struct psst_filter *f, struct ps_buf *sql,
                  struct ps_binds *b, struct psst_error *err);
/*
 * The same for a query that scans every session anyway (stats): the date range is
 * tested on the covering index sessions(year, topic, date) instead of being looked up
 * through sessions(date), which would visit each row of a wide range twice.
 */
int ps_filter_sql_scan(struct psst *p, const struct psst_filter *f, struct ps_buf *sql,
                       struct ps_binds *b, struct psst_error *err);
/*
 * The same for a listing that shows its first `rows` sessions in the order of
 * sessions(term, number) or of sessions(year, term, number): a large topic or tag set is
 * then tested session by session as they come in that order instead of fetched whole and
 * sorted (filter.c, walk_wins). The same sessions either way.
 */
int ps_filter_sql_ordered(struct psst *p, const struct psst_filter *f, size_t rows,
                          struct ps_buf *sql, struct ps_binds *b, struct psst_error *err);
/* Binds b's values to parameters first, first+1, ... */
void ps_binds_apply(sqlite3_stmt *st, const struct ps_binds *b, int first);
void ps_binds_release(struct ps_binds *b);
/*
 * Appends to t's note what the filters cannot see: sessions whose date, topic or
 * format is not known cannot match a filter on it, and lectures without recorded
 * lecturers cannot match --lecturer or --institution. Counts are over the record.
 */
int ps_filter_caveat(struct psst *p, const struct psst_filter *f, enum psst_lang lang,
                     struct psst_table *t, struct psst_error *err);
/* Whether any field of f is set. */
bool ps_filter_empty(const struct psst_filter *f);

/* ---- export.c, cite.c: the escaping rules, shared with their unit test ---- */

/* Appends s as one RFC 4180 field: quoted when it holds , " CR or LF; NULL is empty. */
int ps_csv_field(struct ps_buf *b, const char *s);
/* Appends s escaped for a BibTeX field value (braces, backslash, % & $ # _ ~ ^). */
int ps_bibtex_escape(struct ps_buf *b, const char *s);

#endif
