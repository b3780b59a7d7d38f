/* test_export.c: the escaping rules of the exports and citations: RFC 4180 CSV fields
   and BibTeX field values. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"

#include <stdlib.h>
#include <string.h>

static void expect_csv(const char *in, const char *want) {
  struct ps_buf b = {0};
  assert_int_equal(ps_csv_field(&b, in), PSST_OK);
  assert_string_equal(b.s ? b.s : "", want);
  ps_buf_release(&b);
}

static void test_csv_field(void **state) {
  (void)state;
  expect_csv(NULL, "");
  expect_csv("", "");
  expect_csv("plain text; 中文", "plain text; 中文");
  expect_csv("a,b", "\"a,b\"");
  expect_csv("say \"hi\"", "\"say \"\"hi\"\"\"");
  expect_csv("\"", "\"\"\"\"");
  expect_csv("two\nlines", "\"two\nlines\"");
  expect_csv("cr\r", "\"cr\r\"");
  /* a leading space or an apostrophe is data, not a reason to quote */
  expect_csv(" 'x'", " 'x'");
}

static void test_csv_row(void **state) {
  (void)state;
  struct ps_buf b = {0};
  const char *cells[] = {"16-1", NULL, "Professor, Renmin University", "a \"b\""};
  for (size_t i = 0; i < 4; i++) {
    if (i)
      assert_int_equal(ps_buf_putc(&b, ','), PSST_OK);
    assert_int_equal(ps_csv_field(&b, cells[i]), PSST_OK);
  }
  assert_string_equal(b.s, "16-1,,\"Professor, Renmin University\",\"a \"\"b\"\"\"");
  ps_buf_release(&b);
}

static void expect_bib(const char *in, const char *want) {
  struct ps_buf b = {0};
  assert_int_equal(ps_bibtex_escape(&b, in), PSST_OK);
  assert_string_equal(b.s ? b.s : "", want);
  ps_buf_release(&b);
}

static void test_bibtex_escape(void **state) {
  (void)state;
  expect_bib("", "");
  expect_bib("区块链 [Blockchain]", "区块链 [Blockchain]");
  expect_bib("R&D 5% $3 #1 a_b", "R\\&D 5\\% \\$3 \\#1 a\\_b");
  /* braces must stay balanced for BibTeX itself, which counts \{ as a brace */
  expect_bib("{x}", "\\textbraceleft{}x\\textbraceright{}");
  expect_bib("a\\b ~ ^", "a\\textbackslash{}b \\textasciitilde{} \\textasciicircum{}");
}

static void test_bibtex_balanced(void **state) {
  (void)state;
  struct ps_buf b = {0};
  assert_int_equal(ps_bibtex_escape(&b, "}}{ { \\{ }"), PSST_OK);
  int depth = 0;
  for (const char *c = b.s; *c; c++) {
    depth += *c == '{';
    depth -= *c == '}';
    assert_true(depth >= 0);
  }
  assert_int_equal(depth, 0);
  ps_buf_release(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_csv_field),
      cmocka_unit_test(test_csv_row),
      cmocka_unit_test(test_bibtex_escape),
      cmocka_unit_test(test_bibtex_balanced),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
