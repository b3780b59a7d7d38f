/* test_buf.c: the growable string, JSON string escaping, and the result table. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"

#include <stdlib.h>
#include <string.h>

static void test_grow_and_detach(void **state) {
  (void)state;
  struct ps_buf b = {0};
  for (int i = 0; i < 1000; i++)
    assert_int_equal(ps_buf_printf(&b, "%d,", i % 10), PSST_OK);
  assert_int_equal(b.len, 2000);
  assert_int_equal(b.s[b.len], '\0');
  assert_memory_equal(b.s, "0,1,2,", 6);
  char *s = ps_buf_detach(&b);
  assert_null(b.s);
  assert_int_equal(b.len, 0);
  assert_int_equal(strlen(s), 2000);
  free(s);
  s = ps_buf_detach(&b); /* an empty buffer detaches to "" */
  assert_string_equal(s, "");
  free(s);
}

static void test_json_escape(void **state) {
  (void)state;
  struct ps_buf b = {0};
  assert_int_equal(ps_buf_json_str(&b, "a\"b\\c\n\t\x01量子"), PSST_OK);
  assert_string_equal(b.s, "\"a\\\"b\\\\c\\n\\t\\u0001量子\"");
  ps_buf_release(&b);
}

static void test_xml_escape(void **state) {
  (void)state;
  struct ps_buf b = {0};
  assert_int_equal(ps_buf_xml_str(&b, "<a href=\"x\">R&D 量子</a>"), PSST_OK);
  assert_string_equal(b.s, "&lt;a href=&quot;x&quot;&gt;R&amp;D 量子&lt;/a&gt;");
  b.len = 0;
  assert_int_equal(ps_buf_xml_str(&b, ""), PSST_OK);
  assert_int_equal(b.len, 0);
  ps_buf_release(&b);
}

static void test_table(void **state) {
  (void)state;
  const char *cols[] = {"a", "b"};
  enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_INT};
  struct psst_table *t = ps_table_new(2, cols, types);
  assert_non_null(t);
  for (int i = 0; i < 100; i++) {
    const char *row[] = {i % 2 ? NULL : "x", "1"};
    assert_int_equal(ps_table_add_row(t, row), PSST_OK);
  }
  assert_int_equal(t->nrows, 100);
  assert_null(psst_cell(t, 1, 0));
  assert_string_equal(psst_cell(t, 2, 0), "x");
  psst_table_truncate(t, 3);
  assert_int_equal(t->nrows, 3);
  assert_int_equal(ps_table_set_note(t, "%d left out", 2), PSST_OK);
  assert_string_equal(t->note, "2 left out");
  psst_table_free(t);
}

static void test_valid_date(void **state) {
  (void)state;
  assert_true(ps_valid_date("2019-10-24"));
  assert_true(ps_valid_date("2020-02-29"));
  assert_false(ps_valid_date("2019-02-29"));
  assert_false(ps_valid_date("2019-02-30"));
  assert_false(ps_valid_date("1900-02-29"));
  assert_true(ps_valid_date("2000-02-29"));
  assert_false(ps_valid_date("2019-13-01"));
  assert_false(ps_valid_date("2019-1-01"));
  assert_false(ps_valid_date("2019-01-01 "));
  assert_false(ps_valid_date("２０１９-01-01"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_grow_and_detach), cmocka_unit_test(test_json_escape),
      cmocka_unit_test(test_xml_escape),      cmocka_unit_test(test_table),
      cmocka_unit_test(test_valid_date),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
