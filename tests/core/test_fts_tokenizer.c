/*
 * test_fts_tokenizer.c: the FTS5 tokenizer "psst", through an in-memory FTS5
 * table (what matches, what highlight() marks, what lands in the index) and
 * through the tokenizer itself (the exact tokens of document and query mode).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "pinyin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *open_db(void) {
  sqlite3 *db = NULL;
  assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
  assert_int_equal(ps_fts_register(db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db,
                                "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='psst');"
                                "CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row');",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  return db;
}

static void insert(sqlite3 *db, long long id, const char *text) {
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO t(rowid, x) VALUES(?1, ?2)", -1, &st, NULL),
                   SQLITE_OK);
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
  assert_int_equal(sqlite3_step(st), SQLITE_DONE);
  sqlite3_finalize(st);
}

/* Runs sql with ?1 bound to arg and returns column 0 of every row joined by
   '|' (in a static buffer), or "ERR" when the statement fails. */
static const char *rows(sqlite3 *db, const char *sql, const char *arg) {
  static char out[4096];
  sqlite3_stmt *st;
  out[0] = '\0';
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
    return "ERR";
  if (arg)
    sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
  size_t len = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *v = (const char *)sqlite3_column_text(st, 0);
    int n = snprintf(out + len, sizeof out - len, "%s%s", len ? "|" : "", v ? v : "NULL");
    assert_true(n >= 0 && (size_t)n < sizeof out - len);
    len += (size_t)n;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? out : "ERR";
}

/* The rowids matching an FTS5 query, in order, e.g. "1|3". */
static const char *match(sqlite3 *db, const char *q) {
  return rows(db, "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid", q);
}

static const char *highlight(sqlite3 *db, const char *q) {
  return rows(db, "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?1 ORDER BY rowid", q);
}

/* ---- the tokenizer called directly ---- */

struct collect {
  char s[4096];
  size_t len;
};

static int collect_token(void *ctx, int tflags, const char *tok, int ntok, int start, int end) {
  struct collect *c = ctx;
  int n = snprintf(c->s + c->len, sizeof c->s - c->len, "%s%s%.*s@%d-%d", c->len ? " " : "",
                   (tflags & FTS5_TOKEN_COLOCATED) ? "+" : "", ntok, tok, start, end);
  assert_true(n >= 0 && (size_t)n < sizeof c->s - c->len);
  c->len += (size_t)n;
  return SQLITE_OK;
}

/* The tokens of text as "tok@start-end", colocated ones prefixed with '+'. */
static const char *tokens(sqlite3 *db, int flags, const char *text, int ntext) {
  static struct collect c;
  fts5_api *api = NULL;
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL), SQLITE_OK);
  sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  sqlite3_finalize(st);
  assert_non_null(api);
  void *user = NULL;
  fts5_tokenizer tk;
  assert_int_equal(api->xFindTokenizer(api, "psst", &user, &tk), SQLITE_OK);
  Fts5Tokenizer *tok = NULL;
  assert_int_equal(tk.xCreate(user, NULL, 0, &tok), SQLITE_OK);
  c.len = 0;
  c.s[0] = '\0';
  int rc = tk.xTokenize(tok, &c, flags, text, ntext < 0 ? (int)strlen(text) : ntext, collect_token);
  tk.xDelete(tok);
  assert_int_equal(rc, SQLITE_OK);
  return c.s;
}

static void test_document_tokens(void **state) {
  (void)state;
  sqlite3 *db = open_db();
  /* each character a unigram, the bigram it starts colocated with it */
  assert_string_equal(tokens(db, FTS5_TOKENIZE_DOCUMENT, "量子科", -1),
                      "量@0-3 +量子@0-6 子@3-6 +子科@3-9 科@6-9");
  /* the same positions for highlight() and snippet() */
  assert_string_equal(tokens(db, FTS5_TOKENIZE_AUX, "量子科", -1),
                      "量@0-3 +量子@0-6 子@3-6 +子科@3-9 科@6-9");
  /* punctuation of any width ends a run; offsets are bytes of the input */
  assert_string_equal(tokens(db, FTS5_TOKENIZE_DOCUMENT, "AI治理，量。Ｘ", -1),
                      "ai@0-2 治@2-5 +治理@2-8 理@5-8 量@11-14 x@17-20");
  /* an unpaired character and the Chinese zero stay in the run */
  assert_string_equal(tokens(db, FTS5_TOKENIZE_DOCUMENT, "二〇二", -1),
                      "二@0-3 +二〇@0-6 〇@3-6 +〇二@3-9 二@6-9");
  sqlite3_close(db);
}

static void test_query_tokens(void **state) {
  (void)state;
  sqlite3 *db = open_db();
  assert_string_equal(tokens(db, FTS5_TOKENIZE_QUERY, "量", -1), "量@0-3");
  /* bigrams at consecutive positions, closed by the last unigram (see the
     file comment of fts_tokenizer.c: it makes highlight() reach the last character) */
  assert_string_equal(tokens(db, FTS5_TOKENIZE_QUERY, "量子", -1), "量子@0-6 子@3-6");
  assert_string_equal(tokens(db, FTS5_TOKENIZE_QUERY, "量子科技", -1),
                      "量子@0-6 子科@3-9 科技@6-12 技@9-12");
  /* as a prefix the closing unigram would match every bigram it starts */
  assert_string_equal(tokens(db, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX, "量子科", -1),
                      "量子@0-6 子科@3-9");
  assert_string_equal(tokens(db, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX, "量", -1), "量@0-3");
  assert_string_equal(tokens(db, FTS5_TOKENIZE_QUERY, "Ai治理 x", -1),
                      "ai@0-2 治理@2-8 理@5-8 x@9-10");
  assert_string_equal(tokens(db, FTS5_TOKENIZE_QUERY, "", 0), "");
  sqlite3_close(db);
}

static void test_chinese_substrings(void **state) {
  (void)state;
  sqlite3 *db = open_db();
  insert(db, 1, "量子科技研究");
  insert(db, 2, "量，子");
  insert(db, 3, "子量");
  insert(db, 4, "芯片设计");
  insert(db, 5, "量 子科 技");
  insert(db, 6, "“量子”《芯片》");
  assert_string_equal(match(db, "量"), "1|2|3|5|6");
  assert_string_equal(match(db, "\"量子\""), "1|6");
  assert_string_equal(match(db, "量子"), "1|6");
  assert_string_equal(match(db, "芯片"), "4|6");
  assert_string_equal(match(db, "\"量子科\""), "1");
  assert_string_equal(match(db, "\"量子科技\""), "1");
  assert_string_equal(match(db, "\"科技研究\""), "1");
  assert_string_equal(match(db, "\"子量\""), "3");
  assert_string_equal(match(db, "\"量子芯片\""), "");
  assert_string_equal(match(db, "\"技研\" AND \"片\""), "");
  /* two words: both anywhere in the row */
  assert_string_equal(match(db, "量 技"), "1|5");
  sqlite3_close(db);
}

static void test_english_folding(void **state) {
  (void)state;
  sqlite3 *db = open_db();
  insert(db, 1, "quantum computing");
  insert(db, 2, "ＡＩ governance and Ｇ２０");
  insert(db, 3, "Café culture in Straße");
  insert(db, 4, "QUANTITATIVE easing");
  insert(db, 5, "cafe\xcc\x81 au lait"); /* e + combining acute */
  assert_string_equal(match(db, "Quantum"), "1");
  assert_string_equal(match(db, "QUANTUM"), "1");
  assert_string_equal(match(db, "ai"), "2");
  assert_string_equal(match(db, "ＡＩ"), "2");
  assert_string_equal(match(db, "g20"), "2");
  assert_string_equal(match(db, "cafe"), "3|5");
  assert_string_equal(match(db, "CAFÉ"), "3|5");
  assert_string_equal(match(db, "strasse"), "3");
  assert_string_equal(match(db, "quant*"), "1|4");
  assert_string_equal(match(db, "comput*"), "1");
  assert_string_equal(match(db, "quanta"), "");
  assert_string_equal(rows(db, "SELECT term FROM v WHERE term LIKE 'caf%'", NULL), "cafe");
  sqlite3_close(db);
}

static void test_stems(void **state) {
  (void)state;
  sqlite3 *db = open_db();
  /* Snowball's English stems, in the index and the query alike */
  assert_string_equal(tokens(db, FTS5_TOKENIZE_DOCUMENT, "technologies Technology", -1),
                      "technolog@0-12 technolog@13-23");
  /* short words and words with digits are kept as they are: AI is never air */
  assert_string_equal(tokens(db, FTS5_TOKENIZE_DOCUMENT, "AI air 5G", -1), "ai@0-2 air@3-6 5g@7-9");
  insert(db, 1, "emerging technologies");
  insert(db, 2, "air defence");
  assert_string_equal(match(db, "technology"), "1");
  assert_string_equal(match(db, "emerge"), "1");
  assert_string_equal(match(db, "ai"), "");
  sqlite3_close(db);
}

static void test_pinyin(void **state) {
  (void)state;
  sqlite3 *db = open_db();
  insert(db, 1, "\x03区块链技术"); /* a column marked for pinyin */
  insert(db, 2, "区块链技术");     /* not marked: no pinyin */
  insert(db, 3, "\x03银行行长");   /* 行: xing and hang */
  /* a syllable, two syllables (a bigram of readings), initials of two */
  assert_string_equal(match(db, "\"\x01lian\""), "1");
  assert_string_equal(match(db, "\"\x01qukuai \x01kuailian\""), "1");
  assert_string_equal(match(db, "\"\x02qk \x02kl\""), "1");
  assert_string_equal(match(db, "\"\x01kuaiqu\""), "");
  /* polyphonic: each reading is indexed */
  assert_string_equal(match(db, "\"\x01yinhang\""), "3");
  assert_string_equal(match(db, "\"\x01hangzhang\""), "3");
  /* the pinyin tokens are invisible to words typed: "lian" is only an English word */
  assert_string_equal(match(db, "lian"), "");
  /* and the marker takes no place in the text */
  assert_string_equal(highlight(db, "区块"), "\x03[区块]链技术|[区块]链技术");
  sqlite3_close(db);
}

static void test_pinyin_split(void **state) {
  (void)state;
  struct ps_pinyin_split sp[PS_PINYIN_SPLITS];
  /* the fewest syllables first, then those with one more */
  int n = ps_pinyin_split("qukuailian", 10, sp);
  assert_true(n >= 1);
  assert_int_equal(sp[0].n, 3);
  assert_int_equal(sp[0].len[0], 2);
  assert_int_equal(sp[0].len[1], 4);
  assert_int_equal(sp[0].len[2], 4);
  n = ps_pinyin_split("xian", 4, sp);
  assert_true(n >= 2);
  assert_int_equal(sp[0].n, 1); /* xian */
  assert_int_equal(sp[1].n, 2); /* xi an (or xia n: n is a syllable too) */
  assert_int_equal(ps_pinyin_split("qkl", 3, sp), 0);
  /* bounded however long: a word of 64 letters that almost splits */
  char w[65];
  memset(w, 'a', 63);
  w[63] = 'x';
  w[64] = '\0';
  assert_int_equal(ps_pinyin_split(w, 64, sp), 0);
  const char *r[PS_PINYIN_MAX];
  assert_int_equal(ps_pinyin_of(0x884C, r), 3); /* 行: xing, hang, heng */
  assert_string_equal(r[0], "xing");
  assert_true(ps_is_traditional(0x5340));  /* 區 */
  assert_false(ps_is_traditional(0x533A)); /* 区 */
  assert_false(ps_is_traditional(0x4E7E)); /* 乾: a simplified text writes it too */
}

static void test_mixed_script(void **state) {
  (void)state;
  sqlite3 *db = open_db();
  insert(db, 1, "推进AI治理体系");
  insert(db, 2, "AI与治理");
  assert_string_equal(match(db, "\"ai治理\""), "1");
  assert_string_equal(match(db, "\"AI治理体系\""), "1");
  assert_string_equal(match(db, "ai 治理"), "1|2");
  assert_string_equal(highlight(db, "\"ai治理\""), "推进[AI治理]体系");
  sqlite3_close(db);
}

static void test_variant_folding(void **state) {
  (void)state;
  sqlite3 *db = open_db();
  insert(db, 1, "\xe2\xbe\x8f\xe6\x94\xbf"); /* Kangxi radical U+2F8F, as PDFs extract 行政 */
  insert(db, 2, "\xef\xa4\x80");             /* U+F900, compatibility ideograph of 豈 */
  insert(db, 3, "ｶﾞｲﾄﾞ");                    /* half-width katakana with voicing marks */
  insert(db, 4, "か\xe3\x82\x99");           /* か + combining voicing mark */
  insert(db, 5, "한국어");
  assert_string_equal(match(db, "\"行政\""), "1");
  assert_string_equal(match(db, "豈"), "2");
  assert_string_equal(match(db, "\"ガイド\""), "3");
  assert_string_equal(match(db, "が"), "4");
  assert_string_equal(match(db, "か"), "");
  assert_string_equal(match(db, "\"국어\""), "5");
  assert_string_equal(highlight(db, "\"行政\""), "[\xe2\xbe\x8f\xe6\x94\xbf]");
  assert_string_equal(highlight(db, "が"), "[か\xe3\x82\x99]");
  sqlite3_close(db);
}

static void test_highlight_exact(void **state) {
  (void)state;
  sqlite3 *db = open_db();
  insert(db, 1, "推动量子科技发展");
  assert_string_equal(highlight(db, "量子"), "推动[量子]科技发展");
  assert_string_equal(highlight(db, "\"量子科技\""), "推动[量子科技]发展");
  assert_string_equal(highlight(db, "量"), "推动[量]子科技发展");
  assert_string_equal(highlight(db, "\"发展\""), "推动量子科技[发展]");
  assert_string_equal(highlight(db, "推"), "[推]动量子科技发展");
  /* adjacent matches must not overlap, or highlight() copies the rest of the text */
  assert_string_equal(highlight(db, "量子 OR 科技"), "推动[量子][科技]发展");
  insert(db, 2, "常常 ＡＩ café");
  assert_string_equal(highlight(db, "常"), "[常][常] ＡＩ café");
  assert_string_equal(highlight(db, "ai OR cafe"), "常常 [ＡＩ] [café]");
  assert_string_equal(
      rows(db, "SELECT snippet(t, 0, '[', ']', '…', 3) FROM t WHERE t MATCH ?1", "\"科技\""),
      "…[科技]发…");
  sqlite3_close(db);
}

static void test_invalid_utf8(void **state) {
  (void)state;
  sqlite3 *db = open_db();
  insert(db, 1, "\xff\xfe量子");
  insert(db, 2, "\xe9\x87量\xe5\xad");                     /* truncated sequences */
  insert(db, 3, "\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80子"); /* overlong, surrogate, > U+10FFFF */
  insert(db, 4, "量\x80子");                               /* a stray byte separates */
  assert_string_equal(match(db, "量子"), "1");
  assert_string_equal(match(db, "量"), "1|2|4");
  assert_string_equal(match(db, "子"), "1|3|4");
  assert_string_equal(highlight(db, "量子"), "\xff\xfe[量子]");
  /* a sequence cut off by the end of the buffer is not read past */
  assert_string_equal(tokens(db, FTS5_TOKENIZE_DOCUMENT, "a量", 3), "a@0-1");
  assert_string_equal(tokens(db, FTS5_TOKENIZE_DOCUMENT, "\xf0\x9f", 2), "");
  sqlite3_close(db);
}

static void test_long_text(void **state) {
  (void)state;
  sqlite3 *db = open_db();
  static const char *const zh[] = {"量", "子", "科", "技", "研", "究"};
  char *text = malloc(10000 * 3 + 1);
  assert_non_null(text);
  size_t len = 0;
  for (int i = 0; i < 10000; i++) {
    memcpy(text + len, zh[i % 6], 3);
    len += 3;
  }
  text[len] = '\0';
  insert(db, 1, text);
  /* one word of 10,000 letters, and one of 3-byte letters: cut to 256 bytes */
  memset(text, 'a', 10000);
  text[10000] = '\0';
  insert(db, 2, text);
  len = 0;
  for (int i = 0; i < 100; i++) {
    memcpy(text + len, "\xe0\xa4\x85", 3); /* DEVANAGARI LETTER A */
    len += 3;
  }
  text[len] = '\0';
  insert(db, 3, text);
  free(text);
  assert_string_equal(match(db, "\"究量子\""), "1");
  assert_string_equal(
      rows(db, "SELECT count(*) FROM v WHERE length(CAST(term AS BLOB)) > 256", NULL), "0");
  assert_string_equal(
      rows(db, "SELECT length(CAST(term AS BLOB)) FROM v WHERE term GLOB 'aaa*'", NULL), "256");
  /* 85 whole letters: the 86th would pass 256 bytes */
  assert_string_equal(rows(db,
                           "SELECT length(CAST(term AS BLOB)) || ' ' || length(term) FROM v"
                           " WHERE term GLOB '\xe0\xa4\x85*'",
                           NULL),
                      "255 85");
  assert_string_equal(match(db, "aaaa*"), "2");
  sqlite3_close(db);
}

static void test_tokenizer_arguments(void **state) {
  (void)state;
  sqlite3 *db = NULL;
  assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
  assert_int_equal(ps_fts_register(db), SQLITE_OK);
  assert_int_not_equal(sqlite3_exec(db,
                                    "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='psst bogus')",
                                    NULL, NULL, NULL),
                       SQLITE_OK);
  sqlite3_close(db);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_document_tokens),
      cmocka_unit_test(test_query_tokens),
      cmocka_unit_test(test_chinese_substrings),
      cmocka_unit_test(test_english_folding),
      cmocka_unit_test(test_mixed_script),
      cmocka_unit_test(test_variant_folding),
      cmocka_unit_test(test_highlight_exact),
      cmocka_unit_test(test_invalid_utf8),
      cmocka_unit_test(test_long_text),
      cmocka_unit_test(test_tokenizer_arguments),
      cmocka_unit_test(test_stems),
      cmocka_unit_test(test_pinyin),
      cmocka_unit_test(test_pinyin_split),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
