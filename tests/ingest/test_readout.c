/*
 * test_readout.c: the readout parser on readouts written for the tests in the
 * official style (tests/data/readouts): every format, simplified and traditional,
 * Chinese-numeral and digit numbers, one to four lecturers, posts that hold 、 and
 * 和, HTML, a mirror's mangled text, and the inputs that must be refused. The
 * database is left out here (the CLI tests cover dating against the record).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "readout.h"
#include "../core/testutil.h"

#include <stdlib.h>
#include <string.h>

struct lect {
  const char *name, *aff;
};

static void parse_file(const char *name, const char *published, struct psst_proposal *pr,
                       struct psst_error *err, int want) {
  char path[1024];
  snprintf(path, sizeof path, "%s/readouts/%s", PSST_TEST_DATA, name);
  char *text;
  size_t len;
  assert_int_equal(ps_read_file(path, &text, &len, err), PSST_OK);
  struct ps_ingest_ctx ctx = {.ref = &ref};
  struct psst_ingest_opts o = {.published = published, .url = "https://example.org/r.htm"};
  memset(pr, 0, sizeof *pr);
  int rc = ps_readout_parse(&ctx, text, len, &o, pr, err);
  free(text);
  if (rc != want)
    fail_msg("%s: status %d, want %d: %s", name, rc, want, err->msg);
}

static void expect(const char *file, const char *published, int term, int number, const char *date,
                   const char *leader, const char *title, const char *format,
                   const struct lect *lects, size_t n_lects, const char *const *speakers,
                   size_t n_speakers, const char *confidence) {
  struct psst_proposal pr;
  struct psst_error err = {0};
  parse_file(file, published, &pr, &err, PSST_OK);
  const struct psst_session *s = &pr.rec;
  assert_int_equal(s->term, term);
  assert_int_equal(s->number, number);
  if (date)
    assert_string_equal(s->date, date);
  else
    assert_null(s->date);
  assert_string_equal(s->leader, leader);
  assert_string_equal(s->title_zh, title);
  assert_string_equal(s->title_en, "");
  if (format)
    assert_string_equal(s->format, format);
  else
    assert_null(s->format);
  assert_int_equal(s->n_lecturers, n_lects);
  for (size_t i = 0; i < n_lects; i++) {
    assert_string_equal(s->lecturers[i].name_zh, lects[i].name);
    assert_string_equal(s->lecturers[i].affiliation_zh, lects[i].aff);
  }
  assert_int_equal(s->n_speakers, n_speakers);
  for (size_t i = 0; i < n_speakers; i++)
    assert_string_equal(s->speakers[i], speakers[i]);
  assert_int_equal(s->n_sources, 1);
  assert_string_equal(s->sources[0].url, "https://example.org/r.htm");
  assert_string_equal(s->sources[0].kind, "copy");
  assert_string_equal(s->sources[0].publisher, "example.org");
  assert_true(s->sources[0].n_supports >= 3);
  assert_string_equal(s->confidence, confidence);
  /* every field read says where from, with the readout's words for the text fields */
  for (size_t i = 0; i < pr.n_sources; i++) {
    assert_non_null(pr.sources[i].how);
    if (!strcmp(pr.sources[i].field, "title_zh") || !strcmp(pr.sources[i].field, "number"))
      assert_non_null(pr.sources[i].excerpt);
  }
  psst_proposal_release(&pr);
}

static void xi_one_lecturer(void **state) {
  (void)state;
  static const struct lect l[] = {{"王明远", "中国海洋大学教授、中国工程院院士"}};
  expect("xi-lecture-1.txt", "2026-01-29", 20, 24, "2026-01-28", "Xi Jinping",
         "推进海洋科技自立自强", "lecture", l, 1, NULL, 0, "high");
}

static void xi_three_lecturers_digits(void **state) {
  (void)state;
  /* full-width digits, an Arabic number, a post holding 和, another holding 、, and a
   * four-character name with a double surname */
  static const struct lect l[] = {{"李建平", "国家发展和改革委员会宏观经济研究院院长"},
                                  {"张小红", "清华大学教授"},
                                  {"欧阳明德", "中国科学院院士、北京大学教授"}};
  expect("xi-lecture-3.txt", "2026-03-27", 20, 25, "2026-03-26", "Xi Jinping", "健全现代化产业体系",
         "lecture", l, 3, NULL, 0, "high");
}

static void hu_style(void **state) {
  (void)state;
  /* no 就, the subject in a later sentence, names before titles, the day without its
   * month (the dateline gives it), ASCII punctuation */
  static const struct lect l[] = {{"刘德明", "中国人民大学教授"},
                                  {"陈立华", "国务院发展研究中心研究员"}};
  expect("hu-lecture-2.txt", "2005-05-26", 16, 21, "2005-05-26", "Hu Jintao",
         "我国农村改革发展问题研究", "lecture", l, 2, NULL, 0, "high");
}

/* A Hu-era lecturer known by unit and name alone, and one whose title after the name is a
   long one (教授级高级工程师), as in the 新闻联播 text of 16-38: both are read, in order. */
static void hu_engineer(void **state) {
  (void)state;
  static const struct lect l[] = {{"王立新", "中央某办信息管理局"},
                                  {"赵敏华", "信息产业部电信研究院教授级高级工程师"}};
  expect("hu-engineer.txt", "2006-03-24", 16, 46, "2006-03-23", "Hu Jintao",
         "世界信息技术发展和我国信息产业建设", "lecture", l, 2, NULL, 0, "high");
}

static void hu_four_lecturers(void **state) {
  (void)state;
  static const struct lect l[] = {{"王建国", "北京大学院士"},
                                  {"李红", "清华大学教授"},
                                  {"张伟", "复旦大学教授"},
                                  {"刘洋", "南京大学研究员"}};
  expect("four-lecturers.txt", "2006-02-24", 16, 45, "2006-02-23", "Hu Jintao",
         "当代世界科技发展趋势和我国的科技发展战略", "lecture", l, 4, NULL, 0, "high");
}

static void self_study(void **state) {
  (void)state;
  static const char *const sp[] = {"张国强", "李文明", "王海涛", "赵建华"};
  expect("self-study.txt", "2026-09-30", 20, 26, "2026-09-29", "Xi Jinping", "深入推进全面从严治党",
         "self-study", NULL, 0, sp, 4, "high");
}

static void field_session(void **state) {
  (void)state;
  static const struct lect l[] = {{"刘志强", "中国航天科技集团有限公司总工程师"}};
  expect("field.txt", "2026-10-31", 20, 27, "2026-10-30", "Xi Jinping", "建设航天强国", "field", l,
         1, NULL, 0, "high");
  struct psst_proposal pr;
  struct psst_error err = {0};
  parse_file("field.txt", "2026-10-31", &pr, &err, PSST_OK);
  assert_non_null(strstr(pr.rec.notes, "北京航天城"));
  psst_proposal_release(&pr);
}

static void traditional(void **state) {
  (void)state;
  static const struct lect l[] = {{"陈志远", "清华大学教授"}};
  expect("traditional.txt", "2026-04-29", 20, 28, "2026-04-28", "Xi Jinping", "加强人工智能治理",
         "lecture", l, 1, NULL, 0, "high");
  struct psst_proposal pr;
  struct psst_error err = {0};
  parse_file("traditional.txt", "2026-04-29", &pr, &err, PSST_OK);
  assert_true(pr.traditional);
  psst_proposal_release(&pr);
}

static void mirror_text(void **state) {
  (void)state;
  /* a byte-order mark, spaces and line breaks inside words, a zero-width space, ASCII
   * punctuation, a dateline without a date and the date in Chinese numerals */
  static const struct lect l[] = {{"孙建国", "中国政法大学教授"}};
  expect("messy.txt", "2025-12-06", 20, 30, "2025-12-05", "Xi Jinping", "加强网络生态治理",
         "lecture", l, 1, NULL, 0, "high");
}

static void html_page(void **state) {
  (void)state;
  /* no --published: the page's own date line gives the year */
  static const struct lect l[] = {{"王明远", "中国海洋大学教授、中国工程院院士"}};
  expect("page.html", NULL, 20, 24, "2026-01-28", "Xi Jinping", "推进海洋科技自立自强", "lecture",
         l, 1, NULL, 0, "high");
}

static void year_from_published_across_new_year(void **state) {
  (void)state;
  /* a December session reported in January belongs to the year before */
  struct psst_proposal pr;
  struct psst_error err = {0};
  parse_file("messy.txt", "2026-01-02", &pr, &err, PSST_OK);
  assert_string_equal(pr.rec.date, "2025-12-05");
  psst_proposal_release(&pr);
}

static void without_year(void **state) {
  (void)state;
  /* no database, no --published: the date cannot be completed, and says so */
  struct psst_proposal pr;
  struct psst_error err = {0};
  parse_file("xi-lecture-1.txt", NULL, &pr, &err, PSST_OK);
  assert_null(pr.rec.date);
  assert_string_equal(pr.rec.confidence, "low");
  bool date_missing = false;
  for (size_t i = 0; i < pr.n_missing; i++)
    date_missing |= !strcmp(pr.missing[i], "date");
  assert_true(date_missing);
  psst_proposal_release(&pr);
}

static void refused(void **state) {
  (void)state;
  static const struct {
    const char *file, *words;
  } bad[] = {{"empty.txt", "empty"},
             {"not-readout.txt", "not a study-session readout"},
             {"no-number.txt", "no session number"},
             {"bad-date.txt", "does not exist"}};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    struct psst_proposal pr;
    struct psst_error err = {0};
    parse_file(bad[i].file, "2026-03-01", &pr, &err, PSST_EINVAL);
    if (!strstr(err.msg, bad[i].words))
      fail_msg("%s: '%s' lacks '%s'", bad[i].file, err.msg, bad[i].words);
    psst_proposal_release(&pr);
  }
  /* binary and invalid UTF-8 */
  static const char bin[] = "ELF\0\1\2\3";
  static const char latin1[] = "\xd6sterreich \xe9t\xe9";
  struct psst_ingest_opts o = {0};
  struct ps_ingest_ctx ctx = {.ref = &ref};
  struct psst_proposal pr = {0};
  struct psst_error err = {0};
  assert_int_equal(ps_readout_parse(&ctx, bin, sizeof bin - 1, &o, &pr, &err), PSST_EINVAL);
  assert_non_null(strstr(err.msg, "binary"));
  psst_proposal_release(&pr);
  assert_int_equal(ps_readout_parse(&ctx, latin1, sizeof latin1 - 1, &o, &pr, &err), PSST_EINVAL);
  assert_non_null(strstr(err.msg, "UTF-8"));
  psst_proposal_release(&pr);
}

static void numbers(void **state) {
  (void)state;
  static const struct {
    const char *s;
    long v;
  } cases[] = {{"一", 1},      {"十", 10},     {"十八", 18},      {"二十", 20},
               {"四十四", 44}, {"三十九", 39}, {"一百零二", 102}, {"35", 35},
               {"两", 2},      {"二三", -1},   {"", -1},          {"十十", -1}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    if (ps_cn_number(cases[i].s, strlen(cases[i].s)) != cases[i].v)
      fail_msg("'%s' read as %ld, want %ld", cases[i].s,
               ps_cn_number(cases[i].s, strlen(cases[i].s)), cases[i].v);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(xi_one_lecturer),
      cmocka_unit_test(xi_three_lecturers_digits),
      cmocka_unit_test(hu_style),
      cmocka_unit_test(hu_engineer),
      cmocka_unit_test(hu_four_lecturers),
      cmocka_unit_test(self_study),
      cmocka_unit_test(field_session),
      cmocka_unit_test(traditional),
      cmocka_unit_test(mirror_text),
      cmocka_unit_test(html_page),
      cmocka_unit_test(year_from_published_across_new_year),
      cmocka_unit_test(without_year),
      cmocka_unit_test(refused),
      cmocka_unit_test(numbers),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
