/*
 * fuzz_query.c: libFuzzer target for the search syntax (src/core/query.c) and what it gives
 * FTS5 and the tokenizer: any bytes are compiled, and a query that compiles is run against
 * the index of the shipped record. FTS5 must accept every expression the builder writes
 * (a syntax error there would reach the user as SQLite's message), and the snippet matcher
 * must stay within the text. What the builder writes is valid UTF-8 when the query is, and
 * every word kept for the snippet is a non-empty string of a known kind. The database is built
 * once, in a temporary folder.
 */
#include "internal.h"
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct psst *p;

/* The snippet matchers are tried at this many offsets of the query at most, on this many of
   its words: enough for every seed, and linear in a 1 MB query (all offsets of all words
   would be quadratic). */
#define HL_OFFSETS 4096
#define HL_WORDS   64

static bool utf8_ok(const char *s, size_t n) {
  utf8proc_int32_t cp;
  for (size_t i = 0; i < n;) {
    utf8proc_ssize_t l =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (l <= 0)
      return false;
    i += (size_t)l;
  }
  return true;
}

static void open_once(void) {
  char db[] = "/tmp/psst-fuzz-query-XXXXXX";
  int fd = mkstemp(db);
  if (fd < 0)
    abort();
  close(fd);
  unlink(db);
  struct psst_open_opts o = {.data_dir = PSST_SOURCE_DIR "/data", .db_path = db};
  struct psst_error err = {0};
  if (psst_open(&p, &o, NULL, NULL, &err)) {
    fprintf(stderr, "fuzz_query: %s\n", err.msg);
    abort();
  }
  unlink(db); /* the open handle keeps it while the fuzzer runs */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!p)
    open_once();
  char *q = malloc(size + 1);
  if (!q)
    return 0;
  memcpy(q, data, size);
  q[size] = '\0';
  struct ps_query c;
  struct psst_error err = {0};
  if (ps_query_compile(p, q, &c, &err) == PSST_OK) {
    sqlite3_stmt *st;
    if (ps_prepare(p, "SELECT rowid FROM sessions_fts WHERE sessions_fts MATCH ?1", &st, &err))
      abort();
    sqlite3_bind_text(st, 1, c.fts.s, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
      ;
    if (rc != SQLITE_DONE) {
      fprintf(stderr, "fuzz_query: FTS5 refused '%s' from '%s': %s\n", c.fts.s, q,
              sqlite3_errmsg(p->db));
      abort();
    }
    sqlite3_finalize(st);
    if (utf8_ok(q, size) && !utf8_ok(c.fts.s, c.fts.len))
      abort();
    for (size_t i = 0; i < c.n_hl; i++)
      if (c.hl[i].kind > PS_HL_INITIALS || !c.hl[i].s || !*c.hl[i].s)
        abort();
    /* the matchers on the query itself as a text */
    for (size_t i = 0; i < c.n_hl && i < HL_WORDS; i++)
      for (size_t k = 0; k < size && k < HL_OFFSETS; k++)
        if (ps_hl_match(&c.hl[i], q, k, size, NULL) > size - k)
          abort();
    ps_query_release(&c);
  } else if (err.status != PSST_EINVAL || strncmp(err.msg, "search: ", 8)) {
    if (err.status != PSST_ENOMEM)
      abort(); /* a refusal is the parser's, with its message */
  }
  free(q);
  return 0;
}
