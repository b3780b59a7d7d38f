/*
 * test_termchart.c: the terminal bars of psst stats --chart (src/cli/termchart.c).
 * Tables are made by hand, so that each test says exactly which lines a given
 * result draws, without a database: the scaling in eighths, the largest value
 * filling the width, nothing for zero, stacked segments that keep their total's
 * length, labels aligned by display width, and no line past the width.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "termchart.h"
#include "width.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---- */

/* A table owning copies of everything, released with psst_table_free. */
static struct psst_table *make_table(size_t ncols, const char *const *cols, size_t nrows,
                                     const char *const *cells, const char *note) {
  struct psst_table *t = calloc(1, sizeof *t);
  assert_non_null(t);
  t->ncols = ncols;
  t->nrows = t->cap = nrows;
  t->cols = calloc(ncols, sizeof *t->cols);
  t->types = calloc(ncols, sizeof *t->types);
  t->cells = calloc(ncols * nrows + 1, sizeof *t->cells);
  assert_true(t->cols && t->types && t->cells);
  for (size_t c = 0; c < ncols; c++)
    assert_non_null(t->cols[c] = strdup(cols[c]));
  for (size_t i = 0; i < ncols * nrows; i++)
    assert_non_null(t->cells[i] = strdup(cells[i]));
  if (note)
    assert_non_null(t->note = strdup(note));
  return t;
}

/* A copy of a memory stream's buffer, freeing it: gcc 12 takes a pointer into the
   buffer for one into the local variable that open_memstream was given (a false
   -Wdangling-pointer once the helper is inlined). */
static char *copy_of(char *buf) {
  assert_non_null(buf);
  char *s = strdup(buf);
  assert_non_null(s);
  free(buf);
  return s;
}

static char *bar(long value, long max, size_t width, size_t *cols) {
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  assert_non_null(fp);
  *cols = ps_termchart_bar(fp, value, max, width);
  assert_int_equal(fclose(fp), 0);
  return copy_of(buf);
}

static void check_bar(long value, long max, size_t width, const char *expected, size_t cols) {
  size_t got_cols;
  char *got = bar(value, max, width, &got_cols);
  if (strcmp(got, expected) || got_cols != cols) {
    print_error("bar(%ld, %ld, %zu): expected [%s] (%zu columns), got [%s] (%zu)\n", value, max,
                width, expected, cols, got, got_cols);
    free(got);
    fail();
  }
  assert_int_equal(ps_cli_width(got), cols);
  free(got);
}

static char *draw(const struct psst_table *t, const char *const *labels, size_t width) {
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  assert_non_null(fp);
  assert_int_equal(ps_termchart(fp, t, labels, width, false), 0);
  assert_int_equal(fclose(fp), 0);
  return copy_of(buf);
}

static void check_draw(const struct psst_table *t, const char *const *labels, size_t width,
                       const char *expected) {
  char *got = draw(t, labels, width);
  if (strcmp(got, expected)) {
    print_error("expected:\n%s\ngot:\n%s\n", expected, got);
    free(got);
    fail();
  }
  free(got);
}

/* Every line at most width columns, none ending in a space; returns the widest. */
static size_t check_lines(const char *s, size_t width) {
  char *copy = strdup(s), *save = NULL;
  size_t widest = 0;
  assert_non_null(copy);
  for (char *ln = strtok_r(copy, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
    size_t w = ps_cli_width(ln), n = strlen(ln);
    if (w > width || (n && ln[n - 1] == ' ')) {
      print_error("line wider than %zu or with a trailing space: [%s] (%zu)\n", width, ln, w);
      free(copy);
      fail();
    }
    widest = w > widest ? w : widest;
  }
  free(copy);
  return widest;
}

/* ---- ps_termchart_bar ---- */

static void test_bar_eighths(void **state) {
  (void)state;
  check_bar(1, 8, 1, "▏", 1);
  check_bar(2, 8, 1, "▎", 1);
  check_bar(3, 8, 1, "▍", 1);
  check_bar(4, 8, 1, "▌", 1);
  check_bar(5, 8, 1, "▋", 1);
  check_bar(6, 8, 1, "▊", 1);
  check_bar(7, 8, 1, "▉", 1);
  check_bar(8, 8, 1, "█", 1);
  check_bar(5, 10, 7, "███▌", 4); /* 3.5 columns */
  check_bar(1, 3, 4, "█▍", 2);    /* 1.33 columns: 10.67 eighths, rounded to 11 */
}

static void test_bar_max_fills_width(void **state) {
  (void)state;
  check_bar(10, 10, 12, "████████████", 12);
  check_bar(182, 182, 3, "███", 3);
  check_bar(20, 10, 3, "███", 3); /* above the maximum: clamped, never past the width */
}

static void test_bar_zero_and_tiny(void **state) {
  (void)state;
  check_bar(0, 10, 20, "", 0);
  check_bar(-3, 10, 20, "", 0);
  check_bar(5, 0, 20, "", 0);
  check_bar(1, 1000, 10, "▏", 1); /* 0.08 eighths: still drawn, so not read as none */
}

/* ---- ps_termchart, one dimension ---- */

static void test_chart_one_dimension(void **state) {
  (void)state;
  static const char *const cols[] = {"year", "sessions", "share"};
  static const char *const cells[] = {"2002", "1", "10%", "2013", "10", "90%", "2014", "0", "0%"};
  struct psst_table *t = make_table(3, cols, 3, cells, "42 sessions left out");
  /* width 20: label 4, a space, 12 columns of bar, a space, 2 digits */
  check_draw(t, NULL, 20,
             "2002 █▎ 1\n"
             "2013 ████████████ 10\n"
             "2014  0\n"
             "note: 42 sessions\n"
             "      left out\n");
  char *s = draw(t, NULL, 20);
  assert_int_equal(check_lines(s, 20), 20); /* the largest bar fills the line */
  free(s);
  psst_table_free(t);
}

static void test_chart_labels_by_display_width(void **state) {
  (void)state;
  static const char *const cols[] = {"leader", "sessions", "share"};
  static const char *const cells[] = {"Hu Jintao", "77", "", "Xi Jinping", "105", ""};
  static const char *const zh[] = {"胡锦涛", "习近平"};
  struct psst_table *t = make_table(3, cols, 2, cells, NULL);
  char *s = draw(t, zh, 30);
  /* both bars start after 6 columns of label and a space */
  const char *second = strchr(s, '\n') + 1;
  assert_int_equal(strncmp(s, "胡锦涛 █", strlen("胡锦涛 █")), 0);
  assert_int_equal(strncmp(second, "习近平 █", strlen("习近平 █")), 0);
  assert_int_equal(check_lines(s, 30), 30);
  free(s);
  /* a label longer than two fifths of the line is cut, with an ellipsis */
  static const char *const long_labels[] = {"Science, technology and innovation", "Law"};
  s = draw(t, long_labels, 30);
  assert_int_equal(strncmp(s, "Science, te… █", strlen("Science, te… █")), 0);
  check_lines(s, 30);
  free(s);
  psst_table_free(t);
}

/* ---- ps_termchart, two dimensions ---- */

static void test_chart_stacked(void **state) {
  (void)state;
  static const char *const cols[] = {"year", "law", "econ", "total"};
  static const char *const cells[] = {"2001", "1", "1", "2", "2002", "4", "0", "4"};
  struct psst_table *t = make_table(4, cols, 2, cells, NULL);
  /* width 20: 4 + 1 + 13 + 1 + 1; 2001 is 6.5 columns: 3.25 of law, rounded together */
  check_draw(t, NULL, 20,
             "2001 ███▓▓▓▓ 2\n"
             "2002 █████████████ 4\n"
             "█ law  ▓ econ\n");
  /* the legend reads the display headers when there are some */
  assert_non_null(t->headers = calloc(4, sizeof *t->headers));
  assert_non_null(t->headers[1] = strdup("Law and state governance"));
  assert_non_null(t->headers[2] = strdup("经济"));
  check_draw(t, NULL, 20,
             "2001 ███▓▓▓▓ 2\n"
             "2002 █████████████ 4\n"
             "█ Law and state gov…\n"
             "▓ 经济\n");
  psst_table_free(t);
}

static void test_chart_stacked_small_segment_shows(void **state) {
  (void)state;
  static const char *const cols[] = {"leader", "a", "b", "c", "total"};
  static const char *const cells[] = {"Xi", "100", "1", "0", "101"};
  struct psst_table *t = make_table(5, cols, 1, cells, NULL);
  /* 1 of 101 over 13 columns rounds to nothing: it takes a column from the widest */
  check_draw(t, NULL, 20,
             "Xi ████████████▓ 101\n"
             "█ a  ▓ b  ▒ c\n");
  psst_table_free(t);
}

static void test_chart_never_past_width(void **state) {
  (void)state;
  static const char *const cols[] = {"year", "t1", "t2", "t3", "t4", "t5", "total"};
  static const char *const years[] = {"2001", "2002", "2003", "2004", "2005",
                                      "2006", "2007", "2008", "2009", "2010"};
  static const char *const n[] = {"0",  "1",  "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9", "10",
                                  "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"};
  const char *cells[7 * 10];
  for (size_t r = 0; r < 10; r++) {
    size_t total = 0;
    cells[r * 7] = years[r];
    for (size_t k = 0; k < 5; k++) {
      size_t v = (r * 7 + k * 3) % 5;
      cells[r * 7 + 1 + k] = n[v];
      total += v;
    }
    cells[r * 7 + 6] = n[total];
  }
  struct psst_table *t = make_table(7, cols, 10, cells,
                                    "a note long enough to need wrapping, "
                                    "主题占比以主要主题已编码的会议为基数，另有 36 场主题未编码");
  for (size_t width = 20; width <= 90; width += 7) {
    char *s = draw(t, NULL, width);
    assert_int_equal(check_lines(s, width), width);
    free(s);
  }
  psst_table_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bar_eighths),
      cmocka_unit_test(test_bar_max_fills_width),
      cmocka_unit_test(test_bar_zero_and_tiny),
      cmocka_unit_test(test_chart_one_dimension),
      cmocka_unit_test(test_chart_labels_by_display_width),
      cmocka_unit_test(test_chart_stacked),
      cmocka_unit_test(test_chart_stacked_small_segment_shows),
      cmocka_unit_test(test_chart_never_past_width),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
