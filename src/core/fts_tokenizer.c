/*
 * fts_tokenizer.c: the FTS5 tokenizer "psst", which lets one index answer Chinese
 * substrings of any length without word segmentation, and other words by their
 * case-, accent- and width-folded form.
 *
 * Runs of CJK characters (Han, kana, Hangul syllables) are indexed the way CJK
 * search engines do it: every character as a unigram at its own position, with the
 * bigram it starts colocated at that position. A query of one character looks up
 * the unigram; a longer one becomes the phrase of its bigrams followed by the
 * unigram of its last character. That last unigram adds nothing to what matches
 * (the bigram before it already implies it) but makes the phrase end at the last
 * character's position: highlight() and snippet() mark the text between the
 * offsets of the first and last positions of a match and ignore colocated
 * tokens, so with bigrams alone "量子" would be marked as "[量]子". Every position
 * keeps the offsets of its own character only, because overlapping offsets make
 * highlight() copy the rest of the document.
 *
 * Everything else that is a letter or digit forms one token per run; the rest
 * separates tokens. A word of Latin letters is stemmed (Snowball's English stemmer:
 * technologies and technology both become technolog), in the index and in the query.
 *
 * Pinyin: a column whose text starts with PS_FTS_PINYIN_COLUMN (the titles and names, not
 * the notes) also gets, colocated at each ideograph, a token for each of its readings
 * (PS_FTS_SYLLABLE + "qu" for 区), one for each pair of readings with the next ideograph
 * ("qukuai"; a phrase of these finds qukuailian as the bigrams find 区块链), and one for
 * the pair of their initials (PS_FTS_INITIALS + "qk"; qkl). Polyphonic characters give a
 * token for each reading. These tokens start with a control byte, so no word typed in a
 * query can match them: the query builder (query.c) writes them with the same byte, which
 * the tokenizer then passes on as it is.
 *
 * The file also builds as an SQLite loadable extension (PSST_FTS_EXTENSION) for the sqlite3
 * shell, linked with utf8proc, libstemmer and the pinyin table.
 */
#ifdef PSST_FTS_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1
int ps_fts_register(sqlite3 *db);
#ifdef _WIN32
__declspec(dllexport)
#endif
    int sqlite3_psstfts_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);
#else
#include "internal.h"
#endif

#include "fts_markers.h"
#include "pinyin.h"

#include <libstemmer.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Longest token in bytes; longer words are cut on a code point boundary. */
#define MAX_TOKEN 256
/* The longest full decomposition in Unicode is 18 code points (U+FDFA). */
#define MAX_DECOMP 32

typedef int (*token_fn)(void *ctx, int tflags, const char *tok, int ntok, int start, int end);

struct cjk_char {
  int32_t cp;
  char s[4];
  int n, start, end;
};

/* A tokenizer instance: one per table and connection, so its stemmer is never shared
   between threads. */
struct psst_tokenizer {
  struct sb_stemmer *stem;
};

struct tok_state {
  void *ctx;
  token_fn fn;
  int rc;
  bool query, prefix;
  bool pinyin;        /* this column gets pinyin tokens */
  char marker;        /* a control byte that starts the next word (query) */
  bool marked, ascii; /* the word began with a marker; it is all a-z letters */
  struct sb_stemmer *stem;
  /* the word being collected */
  bool in_word, word_full;
  int wlen, wstart, wend;
  char word[MAX_TOKEN];
  /* the last two characters of the CJK run being collected; tokens for a
     character go out only when the one after it is complete, so that a
     trailing combining mark can still extend its end offset */
  struct cjk_char win[2];
  int nwin, run;
};

static int encode(int32_t cp, char *out) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Strict UTF-8: overlong forms, surrogates, values past U+10FFFF and truncated
   sequences give -1 with *len 1, so the caller skips one byte and resynchronises. */
static int32_t decode(const unsigned char *p, int avail, int *len) {
  unsigned c = p[0];
  *len = 1;
  if (c < 0x80)
    return (int32_t)c;
  if (c < 0xC2 || c > 0xF4)
    return -1;
  int need = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (avail < need)
    return -1;
  int32_t cp = (int32_t)(c & (0x7F >> need));
  for (int i = 1; i < need; i++) {
    if ((p[i] & 0xC0) != 0x80)
      return -1;
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  if ((need == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
      (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return -1;
  *len = need;
  return cp;
}

static bool is_kana(int32_t c) {
  return (c >= 0x3041 && c <= 0x3096) || (c >= 0x309D && c <= 0x309F) ||
         (c >= 0x30A1 && c <= 0x30FA) || (c >= 0x30FC && c <= 0x30FF) ||
         (c >= 0x31F0 && c <= 0x31FF) || (c >= 0x1B000 && c <= 0x1B16F);
}

/* CJK characters that have no decomposition and no case, so they skip utf8proc:
   nearly all of the text of a Chinese corpus goes through here. Kana are here so
   that the voiced forms (が) are not stripped of their mark, Hangul syllables so
   that they are not decomposed into jamo. */
static bool is_cjk_plain(int32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x20000 && c <= 0x2F7FF) ||
         (c >= 0x30000 && c <= 0x323AF) || (c >= 0x3005 && c <= 0x3007) || /* 々〆〇 */
         (c >= 0x3021 && c <= 0x3029) || (c >= 0x3038 && c <= 0x303B) || is_kana(c);
}

/* After normalisation, which also yields the compatibility ideographs (U+F900,
   U+2F800 blocks) that have no unified equivalent. */
static bool is_cjk(int32_t c) {
  return is_cjk_plain(c) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

static void emit(struct tok_state *st, int tflags, const char *tok, int n, int start, int end) {
  if (st->rc == SQLITE_OK)
    st->rc = st->fn(st->ctx, tflags, tok, n, start, end);
}

static void word_flush(struct tok_state *st) {
  if (st->in_word && st->wlen > (st->marked ? 1 : 0)) {
    const sb_symbol *stemmed;
    if (!st->marked && st->ascii && st->stem && st->wlen > 2 &&
        (stemmed = sb_stemmer_stem(st->stem, (const sb_symbol *)st->word, st->wlen)))
      emit(st, 0, (const char *)stemmed, sb_stemmer_length(st->stem), st->wstart, st->wend);
    else
      emit(st, 0, st->word, st->wlen, st->wstart, st->wend);
  }
  st->in_word = false;
}

/* The pinyin tokens of a, colocated at its position: its readings, and with b (when b
   follows it in the run) the pairs of readings and of initials. */
static void pinyin_tokens(struct tok_state *st, const struct cjk_char *a,
                          const struct cjk_char *b) {
  const char *ra[PS_PINYIN_MAX], *rb[PS_PINYIN_MAX];
  int na = ps_pinyin_of(a->cp, ra), nb = b ? ps_pinyin_of(b->cp, rb) : 0;
  char t[32];
  for (int i = 0; i < na; i++) {
    t[0] = PS_FTS_SYLLABLE;
    size_t l = strlen(ra[i]);
    memcpy(t + 1, ra[i], l);
    emit(st, FTS5_TOKEN_COLOCATED, t, (int)l + 1, a->start, a->end);
  }
  char seen[PS_PINYIN_MAX * PS_PINYIN_MAX][2];
  int n_seen = 0;
  for (int i = 0; i < na && i < 2; i++)
    for (int j = 0; j < nb && j < 2; j++) {
      size_t la = strlen(ra[i]), lb = strlen(rb[j]);
      t[0] = PS_FTS_SYLLABLE;
      memcpy(t + 1, ra[i], la);
      memcpy(t + 1 + la, rb[j], lb);
      emit(st, FTS5_TOKEN_COLOCATED, t, (int)(la + lb + 1), a->start, b->end);
    }
  for (int i = 0; i < na; i++)
    for (int j = 0; j < nb; j++) {
      bool dup = false;
      for (int k = 0; k < n_seen && !dup; k++)
        dup = seen[k][0] == ra[i][0] && seen[k][1] == rb[j][0];
      if (dup)
        continue;
      seen[n_seen][0] = ra[i][0], seen[n_seen++][1] = rb[j][0];
      t[0] = PS_FTS_INITIALS, t[1] = ra[i][0], t[2] = rb[j][0];
      emit(st, FTS5_TOKEN_COLOCATED, t, 3, a->start, b->end);
    }
}

/* Tokens for win[0], now that win[1] follows it in the run. */
static void cjk_commit_first(struct tok_state *st) {
  const struct cjk_char *a = &st->win[0], *b = &st->win[1];
  char bi[8];
  memcpy(bi, a->s, (size_t)a->n);
  memcpy(bi + a->n, b->s, (size_t)b->n);
  if (st->query) {
    emit(st, 0, bi, a->n + b->n, a->start, b->end);
  } else {
    emit(st, 0, a->s, a->n, a->start, a->end);
    /* highlight() skips colocated tokens, so the bigram may carry its true span */
    emit(st, FTS5_TOKEN_COLOCATED, bi, a->n + b->n, a->start, b->end);
    if (st->pinyin)
      pinyin_tokens(st, a, b);
  }
  st->win[0] = st->win[1];
  st->nwin = 1;
}

static void cjk_flush(struct tok_state *st) {
  if (!st->nwin)
    return;
  bool single = st->run == 1;
  if (st->nwin == 2)
    cjk_commit_first(st);
  /* A prefix query skips the closing unigram: as a prefix it would pull in every
     bigram that starts with that character. */
  if (!st->query || single || !st->prefix)
    emit(st, 0, st->win[0].s, st->win[0].n, st->win[0].start, st->win[0].end);
  if (!st->query && st->pinyin)
    pinyin_tokens(st, &st->win[0], NULL);
  st->nwin = 0;
  st->run = 0;
}

static void separate(struct tok_state *st) {
  word_flush(st);
  cjk_flush(st);
  st->marker = 0;
}

static void cjk_add(struct tok_state *st, int32_t cp, int start, int end) {
  word_flush(st);
  if (st->nwin == 2)
    cjk_commit_first(st);
  struct cjk_char *c = &st->win[st->nwin++];
  c->cp = cp;
  c->n = encode(cp, c->s);
  c->start = start;
  c->end = end;
  st->run++;
}

static void word_add(struct tok_state *st, int32_t cp, int start, int end) {
  cjk_flush(st);
  if (!st->in_word) {
    st->in_word = true;
    st->word_full = false;
    st->wlen = 0;
    st->wstart = start;
    st->marked = st->marker != 0;
    st->ascii = true;
    if (st->marked)
      st->word[st->wlen++] = st->marker;
    st->marker = 0;
  }
  st->ascii &= cp >= 'a' && cp <= 'z';
  st->wend = end;
  if (st->word_full)
    return;
  char u[4];
  int n = encode(cp, u);
  if (st->wlen + n > MAX_TOKEN) {
    /* the token stays a prefix of the word: nothing after the cut */
    st->word_full = true;
    return;
  }
  memcpy(st->word + st->wlen, u, (size_t)n);
  st->wlen += n;
}

/* Marks and default-ignorables (variation selectors, zero-width joiners, soft
   hyphens) belong to the character before them: they neither break a token nor
   appear in it, but its end offset covers them. A kana voicing mark composes
   with the kana before it instead, so that か+゛ matches が. */
static void attach(struct tok_state *st, int32_t mark, int end) {
  if (st->in_word) {
    st->wend = end;
  } else if (st->nwin) {
    struct cjk_char *c = &st->win[st->nwin - 1];
    if ((mark == 0x3099 || mark == 0x309A) && is_kana(c->cp)) {
      utf8proc_int32_t pair[2] = {c->cp, mark};
      if (utf8proc_normalize_utf32(pair, 2, UTF8PROC_COMPOSE) == 1) {
        c->cp = pair[0];
        c->n = encode(c->cp, c->s);
      }
    }
    c->end = end;
  }
}

static bool is_mark(utf8proc_category_t k) {
  return k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_MC || k == UTF8PROC_CATEGORY_ME;
}

static bool is_alnum(utf8proc_category_t k) {
  return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
         (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO);
}

/* Any code point outside the fast paths: case fold and compatibility-decompose
   it, then place each resulting code point. Marks are stripped here rather than
   by UTF8PROC_STRIPMARK so that kana voicing marks can still compose. */
static void add_other(struct tok_state *st, int32_t cp, int start, int end) {
  utf8proc_int32_t out[MAX_DECOMP];
  int boundclass = 0;
  utf8proc_ssize_t n = utf8proc_decompose_char(
      cp, out, MAX_DECOMP,
      UTF8PROC_CASEFOLD | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_IGNORE, &boundclass);
  if (n < 0 || n > MAX_DECOMP) {
    separate(st);
    return;
  }
  if (n == 0) {
    attach(st, cp, end);
    return;
  }
  /* When one character expands to several (㍻ to 平成), only the first takes its
     offsets; the others get an empty range at its end, so that no two positions
     overlap in the original text. */
  bool placed = false;
  for (utf8proc_ssize_t i = 0; i < n; i++) {
    int32_t c = out[i];
    int s = placed ? end : start;
    if (is_cjk(c)) {
      cjk_add(st, c, s, end);
      placed = true;
      continue;
    }
    utf8proc_category_t k = utf8proc_category(c);
    if (is_mark(k)) {
      attach(st, c, end);
    } else if (is_alnum(k)) {
      word_add(st, c, s, end);
      placed = true;
    } else {
      separate(st);
    }
  }
}

static int tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text, int ntext,
                    token_fn fn) {
  struct tok_state st;
  st.stem = ((struct psst_tokenizer *)(void *)tok)->stem;
  st.marker = 0;
  st.marked = st.ascii = false;
  st.ctx = ctx;
  st.fn = fn;
  st.rc = SQLITE_OK;
  st.query = (flags & FTS5_TOKENIZE_QUERY) != 0;
  st.prefix = (flags & FTS5_TOKENIZE_PREFIX) != 0;
  st.in_word = st.word_full = false;
  st.wlen = st.wstart = st.wend = 0;
  st.nwin = st.run = 0;

  const unsigned char *p = (const unsigned char *)text;
  int i = 0;
  st.pinyin = !st.query && ntext > 0 && text[0] == PS_FTS_PINYIN_COLUMN;
  while (i < ntext && st.rc == SQLITE_OK) {
    unsigned b = p[i];
    if (b < 0x80) {
      if (st.query && (b == PS_FTS_SYLLABLE || b == PS_FTS_INITIALS)) {
        separate(&st);
        st.marker = (char)b; /* the word that follows is a pinyin token as it is */
      } else if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z')
        word_add(&st, (int32_t)(b | 0x20), i, i + 1);
      else if (b >= '0' && b <= '9')
        word_add(&st, (int32_t)b, i, i + 1);
      else
        separate(&st);
      i++;
      continue;
    }
    int len;
    int32_t cp = decode(p + i, ntext - i, &len);
    if (cp < 0)
      separate(&st);
    else if (is_cjk_plain(cp))
      cjk_add(&st, cp, i, i + len);
    else
      add_other(&st, cp, i, i + len);
    i += len;
  }
  separate(&st);
  return st.rc;
}

static int create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out) {
  (void)ctx;
  (void)argv;
  *out = NULL;
  /* no options yet: refuse them rather than silently ignore a misspelt one */
  if (argc > 0)
    return SQLITE_ERROR;
  struct psst_tokenizer *t = calloc(1, sizeof *t);
  if (!t || !(t->stem = sb_stemmer_new("english", NULL))) {
    free(t);
    return SQLITE_NOMEM;
  }
  *out = (Fts5Tokenizer *)(void *)t;
  return SQLITE_OK;
}

static void destroy(Fts5Tokenizer *tok) {
  struct psst_tokenizer *t = (struct psst_tokenizer *)(void *)tok;
  if (t)
    sb_stemmer_delete(t->stem);
  free(t);
}

int ps_fts_register(sqlite3 *db) {
  fts5_api *api = NULL;
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  rc = sqlite3_finalize(st);
  if (rc != SQLITE_OK)
    return rc;
  if (!api || api->iVersion < 2)
    return SQLITE_ERROR;
  fts5_tokenizer t = {create, destroy, tokenize};
  return api->xCreateTokenizer(api, "psst", NULL, &t, NULL);
}

#ifdef PSST_FTS_EXTENSION
#ifdef _WIN32
__declspec(dllexport)
#endif
    int sqlite3_psstfts_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
  SQLITE_EXTENSION_INIT2(pApi);
  int rc = ps_fts_register(db);
  if (rc != SQLITE_OK && pzErrMsg)
    *pzErrMsg = sqlite3_mprintf("psst_fts: cannot register the tokenizer (%s)", sqlite3_errstr(rc));
  return rc;
}
#endif
