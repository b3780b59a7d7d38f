/*
 * phrase.c: one line of phrases.jsonl, a phrase the General Secretary used at a study
 * session, parsed into struct psst_phrase and checked field by field; the whole file
 * checked across its lines (ids and phrases not repeated, sessions that exist); and the
 * file loaded into the database's phrases tables by the build.
 *
 * The file holds facts and short quotations only: the quote is a sentence at most, copied
 * from a source whose own quotation holds it, so that every quote can be found again in
 * an official text. The full texts stay in the analyst's archive (phrase_query.c).
 */
#include "internal.h"
#include "jsonutil.h"
#include "parse_int.h"
#include "load_int.h"
#include "phrase_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const keys[] = {"id",    "phrase_zh", "phrase_en", "session",
                                   "quote", "sources",   "variants",  "notes"};
enum { NKEYS = sizeof keys / sizeof *keys };

static const char *const support_names[] = {"phrase_zh", "session", "quote"};
static const struct ps_supports supports = {
    support_names, sizeof support_names / sizeof *support_names, "phrase_zh, session, quote"};

/* id: lower-case ASCII letters, digits and single hyphens, as a document's */
static size_t utf8_chars(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

/* Marks that end a sentence; a quote may hold one only at its end (before closing quotes). */
static const char *const stops[] = {"。", "！", "？", "!", "?"};
static const char *const closers[] = {"”", "」", "』", "’", "\"", ")", "）"};

static size_t match_any(const char *s, const char *const *set, size_t n) {
  for (size_t k = 0; k < n; k++)
    if (!strncmp(s, set[k], strlen(set[k])))
      return strlen(set[k]);
  return 0;
}

/* Whether the rest of s is closing quotes and brackets only. */
static bool only_closers(const char *s) {
  while (*s) {
    size_t m = match_any(s, closers, sizeof closers / sizeof *closers);
    if (!m)
      return false;
    s += m;
  }
  return true;
}

/* More than one sentence: a stop followed by anything but closing quotes. */
static bool many_sentences(const char *q) {
  for (const char *s = q; *s;) {
    size_t m = match_any(s, stops, sizeof stops / sizeof *stops);
    if (m && !only_closers(s + m))
      return true;
    s += m ? m : 1;
  }
  return false;
}

/* "19-9" into term and number; false when it is not term-number */
static bool session_id(const char *s, int *term, int *number) {
  char *end;
  errno = 0;
  long t = strtol(s, &end, 10);
  if (end == s || *end != '-' || t < 1 || t > 99)
    return false;
  const char *n0 = end + 1;
  long n = strtol(n0, &end, 10);
  if (end == n0 || *end || n < 1 || n > 999 || errno || *s == '+' || *n0 == '+' || *n0 == '-')
    return false;
  *term = (int)t, *number = (int)n;
  return true;
}

static void parse_variants(struct ps_pctx *c, json_t *o, struct psst_phrase *ph) {
  ps_str_array(c, o, "variants", &ph->variants, &ph->n_variants, NULL, 0, NULL);
  for (size_t i = 0; i < ph->n_variants; i++) {
    char field[32];
    snprintf(field, sizeof field, "variants[%zu]", i);
    if (!*ph->variants[i])
      ps_perror(c, field, "bad-variant", "a variant is a spelling of the phrase, not \"\"");
    else if (ph->phrase_zh && !strcmp(ph->variants[i], ph->phrase_zh))
      ps_perror(c, field, "bad-variant", "'%s' is the phrase itself", ph->variants[i]);
  }
}

static void check_quote(struct ps_pctx *c, const char *quote, struct psst_phrase *ph) {
  if (!*quote) {
    ps_perror(c, "quote", "bad-quote", "the sentence the phrase was said in is required");
    return;
  }
  size_t n = utf8_chars(quote);
  if (n > PS_PHRASE_QUOTE_MAX)
    ps_perror(c, "quote", "long-quote",
              "%zu characters: a quotation is one sentence of at most %d characters (cut it "
              "to the clause that holds the phrase)",
              n, PS_PHRASE_QUOTE_MAX);
  if (many_sentences(quote))
    ps_perror(c, "quote", "long-quote", "more than one sentence: quote one at most");
  bool holds = ph->phrase_zh && *ph->phrase_zh && strstr(quote, ph->phrase_zh);
  for (size_t i = 0; !holds && i < ph->n_variants; i++)
    holds = *ph->variants[i] && strstr(quote, ph->variants[i]);
  if (ph->phrase_zh && *ph->phrase_zh && !holds)
    ps_perror(c, "quote", "quote-without-phrase", "the quote does not hold '%s'%s", ph->phrase_zh,
              ph->n_variants ? " or a variant" : "");
  ph->quote = ps_pdup(c, quote);
}

/* The sources: an official text first, and one of them quoting the quote's words. */
static void check_sources(struct ps_pctx *c, json_t *o, struct psst_phrase *ph) {
  ps_parse_sources(c, o, &supports, &ph->sources, &ph->n_sources);
  if (!json_object_get(o, "sources"))
    return;
  if (!ph->n_sources) {
    ps_perror(c, "sources", "no-sources", "a phrase needs a source, an official text first");
    return;
  }
  if (ph->sources[0].kind) {
    const struct ps_code *k =
        ps_code_find(c->r->source_kinds, c->r->n_source_kinds, ph->sources[0].kind);
    if (k && !k->official)
      ps_perror(c, "sources[0]", "first-source-not-official",
                "the first source is a %s: an official text comes first (see codebook.json's "
                "source_kinds)",
                ph->sources[0].kind);
  }
  if (!ph->quote || !*ph->quote)
    return;
  for (size_t i = 0; i < ph->n_sources; i++)
    if (ph->sources[i].quote && strstr(ph->sources[i].quote, ph->quote))
      return;
  ps_perror(c, "quote", "quote-not-in-source",
            "no source's quote holds these words: give the source's sentence in its quote");
}

int ps_phrase_parse(const char *text, size_t len, const char *file, size_t line,
                    const struct ps_refdata *r, const char *const *sessions, size_t n_sessions,
                    struct psst_diags *diags, struct psst_phrase *ph) {
  *ph = (struct psst_phrase){0};
  struct ps_pctx c = {.file = file, .line = line, .r = r, .d = diags};
  /* variants are optional: most phrases have one spelling */
  static const char *const optional[] = {"variants", NULL};
  int rc;
  json_t *o = ps_record_open(&c, text, len, keys, NKEYS, optional, &rc);
  if (!o)
    return rc;
  bool ok;
  const char *id = ps_opt_str(&c, o, "id", false, &ok);
  if (id && !ps_valid_id(id))
    ps_perror(&c, "id", "bad-id",
              "'%s' is not an id: 3 to 80 lower-case ASCII letters, digits and single hyphens", id);
  else if (id)
    ph->id = ps_pdup(&c, id);
  const char *zh = ps_opt_str(&c, o, "phrase_zh", false, &ok);
  if (zh && !*zh)
    ps_perror(&c, "phrase_zh", "bad-phrase", "the phrase as said is required");
  else if (zh && (strstr(zh, "“") || strstr(zh, "”") || strstr(zh, "\"")))
    ps_perror(&c, "phrase_zh", "bad-phrase", "give the phrase without quotation marks");
  ph->phrase_zh = ps_pdup(&c, zh ? zh : "");
  const char *en = ps_opt_str(&c, o, "phrase_en", false, &ok);
  if (en && !*en)
    ps_pwarn(&c, "phrase_en", "no-phrase-en", "no English rendering yet");
  ph->phrase_en = ps_pdup(&c, en ? en : "");
  const char *sid = ps_opt_str(&c, o, "session", false, &ok);
  if (sid && !session_id(sid, &ph->term, &ph->number))
    ps_perror(&c, "session", "bad-session", "'%s' is not a session id term-number (19-9)", sid);
  else if (sid) {
    bool known = !sessions;
    for (size_t i = 0; !known && i < n_sessions; i++)
      known = !strcmp(sessions[i], sid);
    if (!known)
      ps_perror(&c, "session", "unknown-session", "no session %s in the record", sid);
    ph->session = ps_pdup(&c, sid);
  }
  parse_variants(&c, o, ph);
  const char *quote = ps_opt_str(&c, o, "quote", false, &ok);
  if (quote)
    check_quote(&c, quote, ph);
  check_sources(&c, o, ph);
  const char *notes = ps_opt_str(&c, o, "notes", false, &ok);
  ph->notes = ps_pdup(&c, notes ? notes : "");
  json_decref(o);
  if (c.nomem)
    return PSST_ENOMEM;
  return c.errors ? PSST_EDATA : PSST_OK;
}

void psst_phrase_release(struct psst_phrase *ph) {
  if (!ph)
    return;
  for (size_t i = 0; i < ph->n_variants; i++)
    free(ph->variants[i]);
  for (size_t i = 0; i < ph->n_sources; i++)
    ps_source_release(&ph->sources[i]);
  free(ph->variants), free(ph->sources);
  free(ph->id), free(ph->phrase_zh), free(ph->phrase_en), free(ph->session), free(ph->quote);
  free(ph->notes);
  *ph = (struct psst_phrase){0};
}

/* The "term-number" of every line of the sessions file that has both; lines with other
   problems are psst check's to report, not this file's. */
static int session_ids(const char *path, char ***out, size_t *n, struct psst_error *err) {
  *out = NULL, *n = 0;
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return ps_err(err, PSST_EIO, "%s: %s", path, strerror(errno));
  char *text = NULL, **v = NULL;
  size_t cap = 0, vcap = 0;
  ssize_t len;
  int rc = PSST_OK;
  while (!rc && (len = getline(&text, &cap, fp)) >= 0) {
    json_error_t je;
    json_t *o = ps_json_parse(text, (size_t)len, 0, &je);
    if (!o && ps_json_nomem(&je))
      rc = ps_err(err, PSST_ENOMEM, "out of memory reading %s", path);
    json_t *t = json_object_get(o, "term"), *num = json_object_get(o, "number");
    if (json_is_integer(t) && json_is_integer(num)) {
      char id[48];
      snprintf(id, sizeof id, "%lld-%lld", (long long)json_integer_value(t),
               (long long)json_integer_value(num));
      if (*n == vcap) {
        size_t c2 = vcap ? vcap * 2 : 256;
        char **w = realloc(v, c2 * sizeof *w);
        if (!w)
          rc = ps_err(err, PSST_ENOMEM, "out of memory");
        else
          v = w, vcap = c2;
      }
      if (!rc && !(v[*n] = ps_strdup(id)))
        rc = ps_err(err, PSST_ENOMEM, "out of memory");
      else if (!rc)
        ++*n;
    }
    json_decref(o);
  }
  if (!rc && ferror(fp))
    rc = ps_err(err, PSST_EIO, "%s: %s", path, strerror(errno));
  fclose(fp);
  free(text);
  *out = v;
  return rc;
}

int ps_phrases_check(const char *path, const char *display_name, const char *sessions_path,
                     const struct ps_refdata *r, struct psst_diags *diags, size_t *n_phrases,
                     ps_phrase_fn fn, void *ctx, struct psst_error *err) {
  *n_phrases = 0;
  char **ids = NULL;
  size_t n_ids = 0;
  int rc = session_ids(sessions_path, &ids, &n_ids, err);
  FILE *fp = rc ? NULL : fopen(path, "rb");
  if (!rc && !fp)
    rc = ps_err(err, PSST_EIO, "%s: %s", display_name, strerror(errno));
  char *text = NULL;
  size_t cap = 0, line = 0;
  struct ps_seen_list seen = {0};
  ssize_t len;
  while (!rc && (len = getline(&text, &cap, fp)) >= 0) {
    line++;
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
      text[--len] = '\0';
    if (!len)
      continue;
    struct psst_phrase ph;
    int prc = ps_phrase_parse(text, (size_t)len, display_name, line, r, (const char *const *)ids,
                              n_ids, diags, &ph);
    if (prc == PSST_ENOMEM)
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
    else if (ph.id &&
             ps_seen_add(&seen, ph.id, ph.phrase_zh && *ph.phrase_zh ? ph.phrase_zh : NULL, line))
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
    else if (ph.id)
      ++*n_phrases;
    if (!rc && !prc && fn)
      rc = fn(ctx, &ph, line);
    psst_phrase_release(&ph);
  }
  if (!rc && fp && ferror(fp))
    rc = ps_err(err, PSST_EIO, "%s: %s", display_name, strerror(errno));
  if (fp)
    fclose(fp);
  free(text);
  /* repeats: each at its later line, naming the first */
  int rrc =
      ps_seen_report(&seen, diags, display_name, "duplicate-phrase", "phrase_zh", "phrase", err);
  if (!rc)
    rc = rrc;
  for (size_t i = 0; i < n_ids; i++)
    free(ids[i]);
  free(ids);
  return rc;
}

/* ---- the database tables ---- */

static const char phrase_schema[] =
    "CREATE TABLE phrases(id TEXT PRIMARY KEY, ord INTEGER NOT NULL, phrase_zh TEXT NOT NULL,"
    " phrase_en TEXT NOT NULL, session TEXT NOT NULL, term INTEGER NOT NULL,"
    " number INTEGER NOT NULL, quote TEXT NOT NULL, notes TEXT NOT NULL, line INTEGER)"
    " WITHOUT ROWID;"
    /* the spellings matched: the phrase itself (ord 0), then its variants */
    "CREATE TABLE phrase_terms(phrase_id TEXT, ord INTEGER, text TEXT NOT NULL,"
    " PRIMARY KEY(phrase_id, ord)) WITHOUT ROWID;"
    "CREATE TABLE phrase_sources(phrase_id TEXT, ord INTEGER, url TEXT, publisher TEXT,"
    " kind TEXT, published TEXT, supports TEXT, via TEXT, quote TEXT, note TEXT,"
    " PRIMARY KEY(phrase_id, ord)) WITHOUT ROWID;";

enum { P_PHRASE, P_TERM, P_SOURCE, P_COUNT };

static const char *const phrase_sql[P_COUNT] = {
    /* a repeated id is reported by the check after the file is read, and stops the build */
    "INSERT OR IGNORE INTO phrases VALUES(?,?,?,?,?,?,?,?,?,?)",
    "INSERT OR IGNORE INTO phrase_terms VALUES(?,?,?)",
    "INSERT OR IGNORE INTO phrase_sources VALUES(?,?,?,?,?,?,?,?,?,?)",
};

struct loader {
  sqlite3 *db;
  sqlite3_stmt *st[P_COUNT];
  long ord;
  struct psst_error *err;
};

static int run(struct loader *l, sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? PSST_OK : ps_err_db(l->err, l->db, "loading the phrases");
}

static int insert_phrase(void *ctx, const struct psst_phrase *ph, size_t line) {
  struct loader *l = ctx;
  sqlite3_stmt *s = l->st[P_PHRASE];
  ps_bind_opt(s, 1, ph->id);
  sqlite3_bind_int64(s, 2, l->ord++);
  ps_bind_opt(s, 3, ph->phrase_zh);
  ps_bind_opt(s, 4, ph->phrase_en);
  ps_bind_opt(s, 5, ph->session);
  sqlite3_bind_int(s, 6, ph->term);
  sqlite3_bind_int(s, 7, ph->number);
  ps_bind_opt(s, 8, ph->quote);
  ps_bind_opt(s, 9, ph->notes);
  sqlite3_bind_int64(s, 10, (long long)line);
  int rc = run(l, s);
  for (size_t i = 0; !rc && i <= ph->n_variants; i++) {
    s = l->st[P_TERM];
    ps_bind_opt(s, 1, ph->id);
    sqlite3_bind_int64(s, 2, (long long)i);
    ps_bind_opt(s, 3, i ? ph->variants[i - 1] : ph->phrase_zh);
    rc = run(l, s);
  }
  struct ps_buf sup = {0};
  for (size_t i = 0; !rc && i < ph->n_sources; i++) {
    s = l->st[P_SOURCE];
    ps_bind_opt(s, 1, ph->id);
    sqlite3_bind_int64(s, 2, (long long)i);
    if (ps_bind_source(s, &ph->sources[i], &sup))
      rc = ps_err(l->err, PSST_ENOMEM, "out of memory loading the phrases");
    else
      rc = run(l, s);
  }
  ps_buf_release(&sup);
  return rc;
}

int ps_phrases_load(sqlite3 *db, const char *data_dir, const struct ps_refdata *ref,
                    struct psst_diags *diags, struct psst_error *err) {
  char path[4096], sessions[4096];
  snprintf(path, sizeof path, "%s/%s", data_dir, PS_PHRASES_FILE);
  snprintf(sessions, sizeof sessions, "%s/sessions.jsonl", data_dir);
  int rc0 = ps_build_exec(db, phrase_schema, err);
  if (rc0)
    return rc0;
  if (access(path, F_OK) && errno == ENOENT)
    return PSST_OK; /* no phrases: the tables stay empty */
  /* the problems are counted even when the caller does not want them: a line with errors
     is never loaded, and a repeat must stop the build as it stops psst check */
  struct psst_diags local = {0};
  if (!diags)
    diags = &local;
  struct loader l = {.db = db, .err = err};
  int rc = PSST_OK;
  for (int i = 0; !rc && i < P_COUNT; i++)
    if (sqlite3_prepare_v2(db, phrase_sql[i], -1, &l.st[i], NULL) != SQLITE_OK)
      rc = ps_err_db(err, db, "loading the phrases");
  size_t errors_before = diags->n_errors, n = 0;
  if (!rc)
    rc = ps_phrases_check(path, path, sessions, ref, diags, &n, insert_phrase, &l, err);
  if (!rc && diags->n_errors > errors_before)
    rc = ps_err(err, PSST_EDATA, "%s: %zu error(s); the database was not built (run psst check)",
                path, diags->n_errors - errors_before);
  for (int i = 0; i < P_COUNT; i++)
    sqlite3_finalize(l.st[i]);
  psst_diags_release(&local);
  return rc;
}
