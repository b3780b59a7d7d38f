/* test_record.c: one record parsed and checked field by field; the canonical writer. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#define GOOD                                                                                                 \
  "{\"term\": 19, \"number\": 18, \"date\": \"2019-10-24\", \"leader\": \"Xi Jinping\", "                    \
  "\"title_zh\": \"区块链技术发展现状和趋势\", \"title_en\": \"Blockchain\", \"format\": "       \
  "\"lecture\", \"lecturers\": [{\"name_zh\": \"陈纯\", \"name_en\": \"Chen Chun\", "                      \
  "\"affiliation_zh\": \"浙江大学教授、中国工程院院士\", \"affiliation_en\": \"Professor, "    \
  "Zhejiang University; Academician, Chinese Academy of Engineering\"}], \"speakers\": [], "                 \
  "\"topic\": \"sti\", \"topics\": [\"econ\"], \"tech\": [\"blockchain\"], \"sources\": "                    \
  "[{\"url\": \"https://www.gov.cn/xinwen/2019-10/25/content_5444957.htm\", \"publisher\": "                 \
  "\"gov.cn\", \"kind\": \"readout\", \"published\": \"2019-10-25\", \"supports\": [\"date\", "              \
  "\"number\", \"title_zh\", \"format\", \"lecturers\"], \"quote\": \"中共中央政治局10月24日下午" \
  "就区块链技术发展现状和趋势进行第十八次集体学习\"}], \"confidence\": \"high\", \"notes\": \"\"}"

/* Parses text with one key replaced: `from` -> `to` in GOOD. */
static int parse_with(const char *from, const char *to, struct psst_session *s,
                      struct psst_diags *d) {
  char text[4096];
  const char *at = strstr(GOOD, from);
  assert_non_null(at);
  snprintf(text, sizeof text, "%.*s%s%s", (int)(at - GOOD), GOOD, to, at + strlen(from));
  memset(s, 0, sizeof *s);
  return ps_record_parse(text, strlen(text), "f.jsonl", 7, &ref, s, d);
}

static void expect_error(const char *from, const char *to, const char *field, const char *kind) {
  struct psst_session s;
  struct psst_diags d = {0};
  assert_int_equal(parse_with(from, to, &s, &d), PSST_EDATA);
  bool found = false;
  for (size_t i = 0; i < d.n; i++)
    found |= d.v[i].severity == PSST_ERROR && !strcmp(d.v[i].field, field) &&
             !strcmp(d.v[i].kind, kind) && d.v[i].line == 7 && !strcmp(d.v[i].file, "f.jsonl");
  if (!found)
    fail_msg("no %s error on %s for %s -> %s", kind, field, from, to);
  psst_session_release(&s);
  psst_diags_release(&d);
}

static void test_good_record(void **state) {
  (void)state;
  struct psst_session s = {0};
  struct psst_diags d = {0};
  assert_int_equal(ps_record_parse(GOOD, strlen(GOOD), "f", 1, &ref, &s, &d), PSST_OK);
  assert_int_equal(d.n, 0);
  assert_int_equal(s.term, 19);
  assert_int_equal(s.number, 18);
  assert_string_equal(s.date, "2019-10-24");
  assert_int_equal(s.n_lecturers, 1);
  assert_string_equal(s.lecturers[0].name_zh, "陈纯");
  assert_string_equal(s.tech[0], "blockchain");
  /* the canonical writer gives back the same line */
  struct ps_buf b = {0};
  assert_int_equal(ps_record_to_json(&s, &b), PSST_OK);
  assert_string_equal(b.s, GOOD);
  ps_buf_release(&b);
  psst_session_release(&s);
}

static void test_field_errors(void **state) {
  (void)state;
  expect_error("\"2019-10-24\"", "\"2019-02-30\"", "date", "bad-date");
  expect_error("\"2019-10-24\"", "\"2016-10-24\"", "date", "date-outside-term");
  expect_error("\"2019-10-24\"", "20191024", "date", "bad-type");
  expect_error("\"number\": 18", "\"number\": \"18\"", "number", "bad-number");
  expect_error("\"number\": 18", "\"number\": 0", "number", "bad-number");
  expect_error("\"term\": 19", "\"term\": 3", "term", "unknown-term");
  expect_error("\"Xi Jinping\"", "\"Hu Jintao\"", "leader", "leader-mismatch");
  expect_error("\"topic\": \"sti\"", "\"topic\": \"tech\"", "topic", "unknown-topic");
  expect_error("[\"econ\"]", "[\"econ\", \"law\", \"party\"]", "topics", "too-many-topics");
  expect_error("[\"econ\"]", "[\"sti\"]", "topics", "duplicate-value");
  expect_error("[\"blockchain\"]", "[\"nano\"]", "tech[0]", "unknown-tag");
  expect_error("\"lecture\"", "\"seminar\"", "format", "unknown-format");
  expect_error("\"high\"", "\"sure\"", "confidence", "bad-confidence");
  expect_error("\"https://www.gov.cn", "\"ftp://www.gov.cn", "sources[0].url", "bad-source");
  expect_error("\"https://www.gov.cn", "\"https://nodot", "sources[0].url", "bad-source");
  /* a bare IP address names no publisher */
  expect_error("\"https://www.gov.cn/xinwen", "\"http://49.213.0.198/xinwen", "sources[0].url",
               "bad-source");
  expect_error("[{\"url\"", "[\"https://www.gov.cn/\", {\"url\"", "sources[0]", "bad-type");
  expect_error("\"kind\": \"readout\"", "\"kind\": \"blog\"", "sources[0].kind",
               "unknown-source-kind");
  expect_error("\"publisher\": \"gov.cn\", ", "", "sources[0].publisher", "missing-key");
  expect_error("\"publisher\": \"gov.cn\"", "\"publisher\": \"\"", "sources[0].publisher",
               "bad-source");
  expect_error("\"published\": \"2019-10-25\"", "\"published\": \"2019-13-25\"",
               "sources[0].published", "bad-date");
  expect_error("\"supports\": [\"date\"", "\"supports\": [\"venue\"", "sources[0].supports[0]",
               "bad-supports");
  expect_error("\"supports\": [\"date\"", "\"supports\": [\"number\"", "sources[0].supports[1]",
               "bad-supports");
  expect_error("\"quote\": \"",
               "\"quote\": \""
               "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
               "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
               "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
               "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
               "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
               "sources[0].quote", "quote-too-long");
  /* the confidence rule: a high record's date, title and lecturers rest on an official text */
  expect_error("\"kind\": \"readout\"", "\"kind\": \"secondary\"", "confidence",
               "unsupported-high");
  expect_error("\"kind\": \"readout\"", "\"kind\": \"roundup\"", "confidence", "unsupported-high");
  expect_error("\"supports\": [\"date\", ", "\"supports\": [", "confidence", "unsupported-high");
  expect_error("\"format\", \"lecturers\"]", "\"format\"]", "confidence", "unsupported-high");
  /* curated bounds of an unknown date */
  expect_error("\"date\": \"2019-10-24\",",
               "\"date\": \"2019-10-24\", \"date_window\": {\"from\": \"2019-10-01\", "
               "\"to\": \"2019-10-31\", \"basis\": \"b\", \"sources\": [\"https://a.cn/\"]},",
               "date_window", "window-with-date");
  expect_error("\"date\": \"2019-10-24\",",
               "\"date\": null, \"date_window\": {\"from\": \"2019-10-31\", "
               "\"to\": \"2019-10-01\", \"basis\": \"b\", \"sources\": [\"https://a.cn/\"]},",
               "date_window", "bad-window");
  expect_error("\"date\": \"2019-10-24\",",
               "\"date\": null, \"date_window\": {\"from\": \"2019-10-01\", "
               "\"to\": \"2019-10-31\", \"basis\": \"b\", \"sources\": []},",
               "date_window.sources", "no-sources");
  expect_error("\"title_en\"", "\"titel_en\"", "titel_en", "unknown-key");
  expect_error("\"title_en\"", "\"titel_en\"", "title_en", "missing-key");
  expect_error("\"name_zh\": \"陈纯\", \"name_en\": \"Chen Chun\"",
               "\"name_zh\": \"\", \"name_en\": \"\"", "lecturers[0]", "bad-lecturer");
  expect_error("\"name_zh\": \"陈纯\"", "\"name_zh\": 1", "lecturers[0].name_zh", "bad-type");
  expect_error("{\"term\"", "[{\"term\"", "", "bad-json");
  expect_error("\"notes\": \"\"}", "\"notes\": \"\"", "", "bad-json");
  expect_error("\"notes\": \"\"", "\"notes\": \"\", \"notes\": \"\"", "", "bad-json");
}

/* An undated session with curated bounds: parsed, kept, and written back unchanged. */
static void test_date_window(void **state) {
  (void)state;
  struct psst_session s;
  struct psst_diags d = {0};
  const char *w = "\"date\": null, \"date_window\": {\"from\": \"2019-10-01\", \"to\": "
                  "\"2019-10-31\", \"basis\": \"a round-up dates it to October\", \"sources\": "
                  "[\"https://www.example.cn/r.htm\"]},";
  assert_int_equal(parse_with("\"date\": \"2019-10-24\",", w, &s, &d), PSST_EDATA);
  /* high without a date is refused, and says what is missing */
  assert_int_equal(d.n_errors, 1);
  bool said = false;
  for (size_t i = 0; i < d.n; i++)
    said |= !strcmp(d.v[i].kind, "unsupported-high") && strstr(d.v[i].message, "date");
  assert_true(said);
  assert_non_null(s.date_window);
  assert_string_equal(s.date_window->from, "2019-10-01");
  assert_string_equal(s.date_window->to, "2019-10-31");
  assert_int_equal(s.date_window->n_sources, 1);
  psst_session_release(&s);
  psst_diags_release(&d);
  char text[4096];
  const char *at = strstr(GOOD, "\"date\": \"2019-10-24\",");
  snprintf(text, sizeof text, "%.*s%s%s", (int)(at - GOOD), GOOD, w,
           at + strlen("\"date\": \"2019-10-24\","));
  char *hi = strstr(text, "\"high\"");
  memcpy(hi, "\"low\" ", 6);
  memset(&s, 0, sizeof s);
  assert_int_equal(ps_record_parse(text, strlen(text), "f", 1, &ref, &s, &d), PSST_OK);
  struct ps_buf b = {0};
  assert_int_equal(ps_record_to_json(&s, &b), PSST_OK);
  assert_non_null(strstr(b.s, "\"date\": null, \"date_window\": {\"from\": \"2019-10-01\""));
  ps_buf_release(&b);
  psst_session_release(&s);
  psst_diags_release(&d);
}

/* When the record entered the data and last changed: optional, checked, written after notes. */
static void test_record_days(void **state) {
  (void)state;
  struct psst_session s;
  struct psst_diags d = {0};
  const char *days = "\"notes\": \"\", \"added\": \"2026-11-28\", \"updated\": \"2026-12-06\"}";
  assert_int_equal(parse_with("\"notes\": \"\"}", days, &s, &d), PSST_OK);
  assert_int_equal(d.n, 0);
  assert_string_equal(s.added, "2026-11-28");
  assert_string_equal(s.updated, "2026-12-06");
  /* the canonical writer gives back the same line, the days after notes */
  struct ps_buf b = {0};
  assert_int_equal(ps_record_to_json(&s, &b), PSST_OK);
  assert_non_null(strstr(b.s, days));
  assert_int_equal(strlen(b.s), strlen(GOOD) - strlen("\"notes\": \"\"}") + strlen(days));
  ps_buf_release(&b);
  psst_session_release(&s);
  psst_diags_release(&d);
  /* one without the other is fine too; without either they are NULL and not written */
  assert_int_equal(
      parse_with("\"notes\": \"\"}", "\"notes\": \"\", \"updated\": \"2026-12-06\"}", &s, &d),
      PSST_OK);
  assert_null(s.added);
  assert_string_equal(s.updated, "2026-12-06");
  psst_session_release(&s);
  psst_diags_release(&d);
  assert_int_equal(parse_with("\"notes\": \"\"}", "\"notes\": \"\"}", &s, &d), PSST_OK);
  assert_null(s.added);
  assert_null(s.updated);
  assert_int_equal(ps_record_to_json(&s, &b), PSST_OK);
  assert_null(strstr(b.s, "added"));
  assert_null(strstr(b.s, "updated"));
  ps_buf_release(&b);
  psst_session_release(&s);
  psst_diags_release(&d);

  expect_error("\"notes\": \"\"}", "\"notes\": \"\", \"added\": \"2026-02-30\"}", "added",
               "bad-added");
  expect_error("\"notes\": \"\"}", "\"notes\": \"\", \"added\": \"28.11.2026\"}", "added",
               "bad-added");
  expect_error("\"notes\": \"\"}", "\"notes\": \"\", \"updated\": \"2026-12-6\"}", "updated",
               "bad-updated");
  expect_error("\"notes\": \"\"}", "\"notes\": \"\", \"updated\": \"2026-13-01\"}", "updated",
               "bad-updated");
  expect_error("\"notes\": \"\"}", "\"notes\": \"\", \"added\": 20261128}", "added", "bad-type");
  expect_error("\"notes\": \"\"}", "\"notes\": \"\", \"updated\": null}", "updated", "bad-type");
  /* a record cannot change before it entered the data */
  expect_error("\"notes\": \"\"}",
               "\"notes\": \"\", \"added\": \"2026-12-06\", \"updated\": \"2026-12-05\"}",
               "updated", "updated-before-added");
  assert_int_equal(
      parse_with("\"notes\": \"\"}",
                 "\"notes\": \"\", \"added\": \"2026-12-06\", \"updated\": \"2026-12-05\"}", &s,
                 &d),
      PSST_EDATA);
  assert_int_equal(d.n_errors, 1);
  assert_string_equal(d.v[0].message,
                      "2026-12-05 is before the day the record was added (2026-12-06)");
  psst_session_release(&s);
  psst_diags_release(&d);
}

/* The shipped record is in the canonical form, its days included: psst add or fill rewriting
   a line changes only what they set. */
static void test_shipped_canonical(void **state) {
  (void)state;
  FILE *fp = fopen(PSST_SOURCE_DIR "/data/sessions.jsonl", "r");
  assert_non_null(fp);
  char *line = NULL;
  size_t cap = 0, n = 0, dated = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, fp)) > 0) {
    if (line[len - 1] == '\n')
      line[--len] = '\0';
    struct psst_session s = {0};
    struct psst_diags d = {.errors_only = true};
    assert_int_equal(ps_record_parse(line, (size_t)len, "sessions.jsonl", ++n, &ref, &s, &d),
                     PSST_OK);
    struct ps_buf b = {0};
    assert_int_equal(ps_record_to_json(&s, &b), PSST_OK);
    if (strcmp(b.s, line))
      fail_msg("line %zu is not in the canonical form", n);
    dated += s.added && s.updated;
    ps_buf_release(&b);
    psst_session_release(&s);
    psst_diags_release(&d);
  }
  free(line);
  fclose(fp);
  assert_true(n > 0);
  assert_int_equal(dated, n); /* every record says when it was added and last changed */
}

static void test_bad_utf8(void **state) {
  (void)state;
  struct psst_session s;
  struct psst_diags d = {0};
  assert_int_equal(parse_with("区块链", "\xe5\x8c\xff", &s, &d), PSST_EDATA);
  assert_string_equal(d.v[0].kind, "bad-utf8");
  psst_session_release(&s);
  psst_diags_release(&d);
  /* overlong encodings and surrogates are not UTF-8 either */
  assert_int_equal(parse_with("区块链", "\xc0\xaf", &s, &d), PSST_EDATA);
  psst_session_release(&s);
  psst_diags_release(&d);
  assert_int_equal(parse_with("区块链", "\xed\xa0\x80", &s, &d), PSST_EDATA);
  psst_session_release(&s);
  psst_diags_release(&d);
}

static void test_warnings(void **state) {
  (void)state;
  struct psst_session s;
  struct psst_diags d = {0};
  /* a record below high may lack its date; the warning says so */
  char text[4096];
  const char *at = strstr(GOOD, "\"2019-10-24\"");
  snprintf(text, sizeof text, "%.*snull%s", (int)(at - GOOD), GOOD, at + strlen("\"2019-10-24\""));
  memcpy(strstr(text, "\"high\""), "\"low\" ", 6);
  memset(&s, 0, sizeof s);
  assert_int_equal(ps_record_parse(text, strlen(text), "f", 1, &ref, &s, &d), PSST_OK);
  assert_int_equal(d.n_warnings, 2);
  assert_string_equal(d.v[0].kind, "no-date");
  assert_string_equal(d.v[1].kind, "not-high-confidence");
  assert_null(s.date);
  psst_session_release(&s);
  psst_diags_release(&d);
  /* a high one may not */
  expect_error("\"2019-10-24\"", "null", "confidence", "unsupported-high");
  assert_int_equal(parse_with("\"high\"", "\"low\"", &s, &d), PSST_OK);
  assert_string_equal(d.v[0].kind, "not-high-confidence");
  psst_session_release(&s);
  psst_diags_release(&d);
}

static void test_institutions(void **state) {
  (void)state;
  size_t idx[4];
  size_t n = ps_match_institutions(&ref, "浙江大学教授、中国工程院院士", "", idx, 4);
  assert_int_equal(n, 2);
  n = ps_match_institutions(&ref, "中国社会科学院法学所研究员", "", idx, 1);
  assert_int_equal(n, 1);
  assert_string_equal(ref.institutions[idx[0]].code, "cass");
  n = ps_match_institutions(&ref, "", "Professor, PLA National Defense University", idx, 4);
  assert_int_equal(n, 1);
  assert_string_equal(ref.institutions[idx[0]].code, "ndu");
  assert_int_equal(ps_match_institutions(&ref, "某某公司", "Some Company", idx, 4), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_good_record),       cmocka_unit_test(test_field_errors),
      cmocka_unit_test(test_date_window),       cmocka_unit_test(test_record_days),
      cmocka_unit_test(test_shipped_canonical), cmocka_unit_test(test_bad_utf8),
      cmocka_unit_test(test_warnings),          cmocka_unit_test(test_institutions),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
