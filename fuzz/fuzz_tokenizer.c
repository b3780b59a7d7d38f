/*
 * fuzz_tokenizer.c: libFuzzer target for the FTS5 tokenizer "psst" (src/core/fts_tokenizer.c),
 * called the way FTS5 calls it, on any bytes, in each mode: document (what build.c indexes),
 * auxiliary (highlight() and snippet()), query and prefix query (what query.c writes). Every
 * token must be a valid UTF-8 string of 1 to 256 bytes (the tokenizer only emits what it
 * decoded), lie within the input on code point boundaries, in order; a document's colocated
 * tokens sit at the position they share; a query has none; the auxiliary tokens are the
 * document's; no token starts with a control byte of fts_markers.h unless the text asked for
 * one (a pinyin column, a marker typed into a query). Seeds: the queries of the search table
 * and the record's text.
 */
#include "fts_markers.h"
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The longest token, as fts_tokenizer.c cuts words (MAX_TOKEN there). */
#define TOKEN_MAX 256

/* the connection and the tokenizer live as long as the fuzzer (FTS5 keeps the tokenizer's
   module in the connection) */
static sqlite3 *db;
static fts5_tokenizer tk;
static Fts5Tokenizer *tok;

struct seen {
  const uint8_t *text;
  int ntext, flags;
  bool valid;   /* the input is valid UTF-8 */
  bool markers; /* a marker token may come out (pinyin column, or typed into a query) */
  int last_start, base_start, n;
  uint64_t hash; /* of the token stream, to compare modes */
};

/* Strict UTF-8, as the tokenizer decodes it (no overlongs, surrogates, or values past
   U+10FFFF). */
static bool utf8_ok(const uint8_t *s, size_t n) {
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t need = c >= 0xC2 && c < 0xE0    ? 2
                  : c >= 0xE0 && c < 0xF0  ? 3
                  : c >= 0xF0 && c <= 0xF4 ? 4
                                           : 0;
    if (!need || n - i < need)
      return false;
    uint32_t cp = c & (0x7Fu >> need);
    for (size_t k = 1; k < need; k++) {
      if ((s[i + k] & 0xC0) != 0x80)
        return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((need == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return false;
    i += need;
  }
  return true;
}

static bool boundary(const struct seen *s, int at) {
  return at >= s->ntext || (s->text[at] & 0xC0) != 0x80;
}

static int on_token(void *ctx, int tflags, const char *t, int nt, int start, int end) {
  struct seen *s = ctx;
  bool query = (s->flags & FTS5_TOKENIZE_QUERY) != 0;
  bool colocated = (tflags & FTS5_TOKEN_COLOCATED) != 0;
  if (nt < 1 || nt > TOKEN_MAX || !utf8_ok((const uint8_t *)t, (size_t)nt))
    abort();
  if (start < 0 || start > end || end > s->ntext || start < s->last_start)
    abort();
  if (s->valid && (!boundary(s, start) || !boundary(s, end)))
    abort();
  if (colocated && (query || !s->n || start != s->base_start))
    abort();
  if (!s->markers && (t[0] == PS_FTS_SYLLABLE || t[0] == PS_FTS_INITIALS))
    abort();
  if (!colocated)
    s->base_start = start;
  s->last_start = start;
  s->n++;
  uint64_t h = s->hash ^ (uint64_t)tflags;
  for (int i = 0; i < nt; i++)
    h = (h ^ (uint8_t)t[i]) * 1099511628211u;
  s->hash = (h ^ (uint64_t)start) * 1099511628211u ^ (uint64_t)end;
  return SQLITE_OK;
}

static void open_once(void) {
  if (sqlite3_open(":memory:", &db) != SQLITE_OK || ps_fts_register(db) != SQLITE_OK)
    abort();
  fts5_api *api = NULL;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
    abort();
  sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  sqlite3_finalize(st);
  void *user = NULL;
  if (!api || api->xFindTokenizer(api, "psst", &user, &tk) != SQLITE_OK ||
      tk.xCreate(user, NULL, 0, &tok) != SQLITE_OK)
    abort();
}

static uint64_t run(const uint8_t *data, int n, int flags, bool valid) {
  struct seen s = {
      .text = data, .ntext = n, .flags = flags, .valid = valid, .hash = 14695981039346656037u};
  if (flags & FTS5_TOKENIZE_QUERY)
    s.markers =
        memchr(data, PS_FTS_SYLLABLE, (size_t)n) || memchr(data, PS_FTS_INITIALS, (size_t)n);
  else
    s.markers = n > 0 && data[0] == (uint8_t)PS_FTS_PINYIN_COLUMN;
  if (tk.xTokenize(tok, &s, flags, (const char *)data, n, on_token) != SQLITE_OK)
    abort(); /* the callback never fails, so neither may the tokenizer */
  return s.hash;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!tok)
    open_once();
  if (size > INT32_MAX)
    return 0;
  int n = (int)size;
  bool valid = utf8_ok(data, size);
  uint64_t doc = run(data, n, FTS5_TOKENIZE_DOCUMENT, valid);
  if (run(data, n, FTS5_TOKENIZE_AUX, valid) != doc)
    abort();
  run(data, n, FTS5_TOKENIZE_QUERY, valid);
  run(data, n, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX, valid);
  return 0;
}
