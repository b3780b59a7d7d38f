/*
 * test_output.c: the CLI's output layer (src/cli/output.c, src/cli/width.c).
 * Tables are built by hand here rather than with the library, so that these
 * tests say exactly what a user sees for a given result, byte for byte, and run
 * without a database.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "output.h"
#include "width.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---- */

static char *dup_or_null(const char *s) {
  if (!s)
    return NULL;
  char *p = strdup(s);
  assert_non_null(p);
  return p;
}

/* A table owning copies of everything, freed with free_table (not psst_table_free,
 * so that these tests do not depend on the library). */
static struct psst_table *make_table(size_t ncols, const char *const *cols,
                                     const enum psst_coltype *types, size_t nrows,
                                     const char *const *cells, const char *note) {
  struct psst_table *t = calloc(1, sizeof *t);
  assert_non_null(t);
  t->ncols = ncols;
  t->nrows = nrows;
  t->cap = nrows;
  t->cols = calloc(ncols + 1, sizeof *t->cols);
  t->types = calloc(ncols + 1, sizeof *t->types);
  t->cells = calloc(ncols * nrows + 1, sizeof *t->cells);
  assert_non_null(t->cols);
  assert_non_null(t->types);
  assert_non_null(t->cells);
  for (size_t c = 0; c < ncols; c++) {
    t->cols[c] = dup_or_null(cols[c]);
    t->types[c] = types[c];
  }
  for (size_t i = 0; i < ncols * nrows; i++)
    t->cells[i] = dup_or_null(cells[i]);
  t->note = dup_or_null(note);
  return t;
}

static void free_table(struct psst_table *t) {
  for (size_t c = 0; c < t->ncols; c++)
    free(t->cols[c]);
  for (size_t i = 0; i < t->ncols * t->nrows; i++)
    free(t->cells[i]);
  free(t->cols);
  free(t->types);
  free(t->cells);
  free(t->note);
  free(t);
}

/* Everything ps_out_table writes, as a string to free. */
static char *render(const struct psst_table *t, const struct ps_out_opts *o) {
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  assert_non_null(fp);
  assert_int_equal(ps_out_table(fp, t, o), 0);
  assert_int_equal(fclose(fp), 0);
  assert_non_null(buf);
  assert_int_equal(strlen(buf), len); /* no NUL byte written */
  return buf;
}

static void check_render(const struct psst_table *t, const struct ps_out_opts *o,
                         const char *expected) {
  char *got = render(t, o);
  if (strcmp(got, expected)) {
    print_error("expected:\n%s\ngot:\n%s\n", expected, got);
    free(got);
    fail();
  }
  free(got);
}

/* Every line of s is at most max_width display columns and ends in no space. */
static void check_lines(const char *s, size_t max_width) {
  char *copy = strdup(s);
  assert_non_null(copy);
  char *save = NULL;
  for (char *ln = strtok_r(copy, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
    size_t n = strlen(ln);
    if (ps_cli_width(ln) > max_width || (n > 0 && ln[n - 1] == ' ')) {
      print_error("line too wide or with trailing space: [%s] width %zu\n", ln, ps_cli_width(ln));
      free(copy);
      fail();
    }
  }
  free(copy);
}

/* ---- width.c ---- */

static void test_width(void **state) {
  (void)state;
  assert_int_equal(ps_cli_width(""), 0);
  assert_int_equal(ps_cli_width("abc"), 3);
  assert_int_equal(ps_cli_width("量子"), 4);
  assert_int_equal(ps_cli_width("量子 computing"), 14);
  assert_int_equal(ps_cli_width("\xC3\xA9"), 1);     /* é composed, U+00E9 */
  assert_int_equal(ps_cli_width("e\xCC\x81"), 1);    /* e + combining acute */
  assert_int_equal(ps_cli_width("\xEF\xBC\xA1"), 2); /* full-width A */
  assert_int_equal(ps_cli_width("\xFF"), 1);         /* invalid byte */
  assert_int_equal(ps_cli_width("a\xE9z"), 3);       /* Latin-1 é, not UTF-8 */
  assert_int_equal(ps_cli_width("\xE9\x87"), 2);     /* truncated sequence: 2 bytes */
  assert_int_equal(ps_cli_width("\xED\xA0\x80"), 3); /* UTF-8 encoded surrogate */
  assert_int_equal(ps_cli_width("a\tb\n\x1b"), 2);   /* control characters */
  assert_int_equal(ps_cli_width("\xE2\x80\xA6"), 1); /* the ellipsis */
}

static void test_fit(void **state) {
  (void)state;
  size_t w = 99;
  /* "量子abc": 量 and 子 are 3 bytes and 2 columns each. */
  assert_int_equal(ps_cli_fit("量子abc", 0, &w), 0);
  assert_int_equal(w, 0);
  assert_int_equal(ps_cli_fit("量子abc", 1, &w), 0); /* half a 量 is no 量 */
  assert_int_equal(w, 0);
  assert_int_equal(ps_cli_fit("量子abc", 3, &w), 3);
  assert_int_equal(w, 2);
  assert_int_equal(ps_cli_fit("量子abc", 4, &w), 6);
  assert_int_equal(w, 4);
  assert_int_equal(ps_cli_fit("量子abc", 5, &w), 7);
  assert_int_equal(w, 5);
  assert_int_equal(ps_cli_fit("量子abc", 100, &w), 9);
  assert_int_equal(w, 7);
  /* A combining accent stays with its letter. */
  assert_int_equal(ps_cli_fit("e\xCC\x81x", 1, &w), 3);
  assert_int_equal(w, 1);
  /* Invalid bytes are one column each and may be split from each other. */
  assert_int_equal(ps_cli_fit("\xFF\xFE"
                              "ab",
                              1, &w),
                   1);
  assert_int_equal(w, 1);
  /* width_out is optional. */
  assert_int_equal(ps_cli_fit("abc", 2, NULL), 2);

  /* Never ends inside a code point, whatever the limit. */
  const char *s = "政治局集体学习 study é\xCC\x81 \xF0\x9F\x98\x80 end";
  size_t len = strlen(s);
  for (size_t max = 0; max <= ps_cli_width(s) + 1; max++) {
    size_t n = ps_cli_fit(s, max, &w);
    assert_true(n <= len);
    assert_true(w <= max);
    assert_true(n == len || ((unsigned char)s[n] & 0xC0) != 0x80);
    char *prefix = strndup(s, n);
    assert_non_null(prefix);
    assert_int_equal(ps_cli_width(prefix), w);
    free(prefix);
  }
}

/* ---- table ---- */

static void test_table_alignment(void **state) {
  (void)state;
  const char *cols[] = {"id", "title", "n"};
  enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_INT};
  const char *cells[] = {
      "16-1",  "法律知识", "12", /* */
      "16-10", "Law",      "3",  /* */
      "17-2",  NULL,       NULL,
  };
  struct psst_table *t = make_table(3, cols, types, 3, cells, NULL);
  struct ps_out_opts o = {.format = PS_OUT_TABLE};
  check_render(t, &o,
               "id     title      n\n"
               "─────  ────────  ──\n"
               "16-1   法律知识  12\n"
               "16-10  Law        3\n"
               "17-2   -          -\n");
  /* A wide terminal changes nothing. */
  o.max_width = 80;
  check_render(t, &o,
               "id     title      n\n"
               "─────  ────────  ──\n"
               "16-1   法律知识  12\n"
               "16-10  Law        3\n"
               "17-2   -          -\n");
  free_table(t);
}

static void test_table_headers_note_no_trailing_space(void **state) {
  (void)state;
  const char *cols[] = {"year", "title"};
  enum psst_coltype types[] = {PSST_COL_INT, PSST_COL_TEXT};
  const char *cells[] = {
      "2003", "x",         /* */
      "10",   "人工智能 ", /* trailing space in the data */
      "7",    "",
  };
  struct psst_table *t = make_table(2, cols, types, 3, cells, "2 sessions left out");
  const char *zh[] = {"年份", "题目"};
  struct ps_out_opts o = {.format = PS_OUT_TABLE, .headers = zh};
  check_render(t, &o,
               "年份  题目\n"
               "────  ─────────\n"
               "2003  x\n"
               "  10  人工智能\n"
               "   7\n"
               "note: 2 sessions left out\n");
  free_table(t);
}

static void test_table_color(void **state) {
  (void)state;
  const char *cols[] = {"name", "n"};
  enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_INT};
  const char *cells[] = {"a", "1"};
  struct psst_table *t = make_table(2, cols, types, 1, cells, NULL);
  struct ps_out_opts o = {.format = PS_OUT_TABLE, .color = true};
  check_render(t, &o,
               "\033[1mname  n\033[0m\n"
               "────  ─\n"
               "a     1\n");
  free_table(t);
}

static void test_table_control_and_invalid(void **state) {
  (void)state;
  const char *cols[] = {"a", "b"};
  enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_TEXT};
  const char *cells[] = {"x\ny\033[2J", "\xFFz"};
  struct psst_table *t = make_table(2, cols, types, 1, cells, NULL);
  struct ps_out_opts o = {.format = PS_OUT_TABLE};
  check_render(t, &o,
               "a        b\n"
               "───────  ──\n"
               "x y [2J  \xEF\xBF\xBDz\n");
  free_table(t);
}

static void test_table_truncate(void **state) {
  (void)state;
  const char *cols[] = {"id", "title", "n"};
  enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_INT};
  /* clang-format off */
  const char *cells[] = {
      "16-1", "中华人民共和国宪法的学习", "123456",
      "16-2", "Law and order",            "7",
  };
  /* clang-format on */
  struct psst_table *t = make_table(3, cols, types, 2, cells, NULL);
  struct ps_out_opts o = {.format = PS_OUT_TABLE, .max_width = 24};
  /* title shrinks from 24 to 24 - (4 + 2 + 2 + 6) = 10 columns; the ints keep all. */
  check_render(t, &o,
               "id    title            n\n"
               "────  ──────────  ──────\n"
               "16-1  中华人民…   123456\n"
               "16-2  Law and o…       7\n");

  /* Fits exactly at the natural width, is cut one column below it. */
  char *out;
  for (size_t max = 4 + 2 + 8 + 2 + 6; max <= 40; max++) {
    o.max_width = max;
    out = render(t, &o);
    check_lines(out, max);
    assert_int_equal(strstr(out, "…") != NULL, max < 38);
    assert_non_null(strstr(out, "123456"));
    free(out);
  }

  /* Text columns go down to 3 columns when nothing else gives; the id and the number stay
     whole even when the table then stays too wide. */
  o.max_width = 5;
  check_render(t, &o,
               "id    ti…       n\n"
               "────  ───  ──────\n"
               "16-1  中…  123456\n"
               "16-2  La…       7\n");
  free_table(t);
}

static void test_table_truncate_widest_first(void **state) {
  (void)state;
  const char *cols[] = {"a", "b"};
  enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_TEXT};
  const char *cells[] = {"abcdefghij", "0123456789012345678901234"};
  struct psst_table *t = make_table(2, cols, types, 1, cells, NULL);
  struct ps_out_opts o = {.format = PS_OUT_TABLE, .max_width = 30};
  /* 10 + 2 + 25 = 37: the wider column gives up all 7 columns. */
  check_render(t, &o,
               "a           b\n"
               "──────────  ──────────────────\n"
               "abcdefghij  01234567890123456…\n");
  /* 9 + 2 + 9 = 20: both shrink, by turns once equal. */
  o.max_width = 20;
  check_render(t, &o,
               "a          b\n"
               "─────────  ─────────\n"
               "abcdefgh…  01234567…\n");
  free_table(t);
}

static void test_table_ints_never_shrink(void **state) {
  (void)state;
  const char *cols[] = {"number_of_sessions", "title"};
  enum psst_coltype types[] = {PSST_COL_INT, PSST_COL_TEXT};
  const char *cells[] = {"5", "abcdefghijklmnopq"};
  struct psst_table *t = make_table(2, cols, types, 1, cells, NULL);
  struct ps_out_opts o = {.format = PS_OUT_TABLE, .max_width = 20};
  /* 18 + 2 + 17 = 37: the text column stops at 8, then the number column's header (not its
     cells) gives way. */
  check_render(t, &o,
               "number_of…  title\n"
               "──────────  ────────\n"
               "         5  abcdefg…\n");
  free_table(t);
}

static void test_table_ids_dates_lists(void **state) {
  (void)state;
  const char *cols[] = {"id", "date", "title", "session_ids"};
  enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_LIST};
  /* clang-format off */
  const char *cells[] = {
      "19-18", "2019-10-24", "The current state and trends of blockchain technology",
      "16-5, 16-15, 18-17, 20-27",
  };
  /* clang-format on */
  struct psst_table *t = make_table(4, cols, types, 1, cells, "a note long enough to wrap");
  struct ps_out_opts o = {.format = PS_OUT_TABLE, .max_width = 40};
  /* 5 + 10 + 3 gaps = 21 fixed: the title and the list share 19, the list cut between ids */
  check_render(t, &o,
               "id     date        title      session_i…\n"
               "─────  ──────────  ─────────  ──────────\n"
               "19-18  2019-10-24  The curr…  16-5…\n"
               "note: a note long enough to wrap\n");
  o.max_width = 20;
  check_render(t, &o,
               "id     date        ti…  se…\n"
               "─────  ──────────  ───  ───\n"
               "19-18  2019-10-24  Th…  …\n"
               "note: a note long\n"
               "      enough to wrap\n");
  free_table(t);
}

static void test_table_empty(void **state) {
  (void)state;
  const char *cols[] = {"year", "n"};
  enum psst_coltype types[] = {PSST_COL_INT, PSST_COL_INT};
  struct psst_table *t = make_table(2, cols, types, 0, NULL, "nothing matched");
  struct ps_out_opts o = {.format = PS_OUT_TABLE};
  check_render(t, &o,
               "year  n\n"
               "────  ─\n"
               "note: nothing matched\n");
  free_table(t);
}

/* ---- CSV ---- */

static void test_csv(void **state) {
  (void)state;
  const char *cols[] = {"id", "title", "n"};
  enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_INT};
  const char *cells[] = {
      "16-1", "law, order",      "12", /* */
      "16-2", "the \"new\" way", NULL, /* */
      "16-3", "two\nlines",      "3",  /* */
      "16-4", "cr\rhere",        "4",  /* */
      NULL,   "量子 plain",      "5",
  };
  struct psst_table *t = make_table(3, cols, types, 5, cells, "a note");
  const char *zh[] = {"编号", "题目", "数"};
  struct ps_out_opts o = {.format = PS_OUT_CSV, .headers = zh};
  check_render(t, &o,
               "id,title,n\r\n"
               "16-1,\"law, order\",12\r\n"
               "16-2,\"the \"\"new\"\" way\",\r\n"
               "16-3,\"two\nlines\",3\r\n"
               "16-4,\"cr\rhere\",4\r\n"
               ",量子 plain,5\r\n");
  free_table(t);
}

static void test_csv_invalid_utf8_and_empty(void **state) {
  (void)state;
  const char *cols[] = {"a"};
  enum psst_coltype types[] = {PSST_COL_TEXT};
  const char *cells[] = {"x\xC3"};
  struct psst_table *t = make_table(1, cols, types, 1, cells, NULL);
  struct ps_out_opts o = {.format = PS_OUT_CSV};
  check_render(t, &o, "a\r\nx\xEF\xBF\xBD\r\n");
  free_table(t);

  t = make_table(1, cols, types, 0, NULL, NULL);
  check_render(t, &o, "a\r\n");
  free_table(t);
}

/* ---- JSON ---- */

static void test_json(void **state) {
  (void)state;
  const char *cols[] = {"year", "title", "n"};
  enum psst_coltype types[] = {PSST_COL_INT, PSST_COL_TEXT, PSST_COL_INT};
  /* clang-format off */
  const char *cells[] = {
      "2003",    "say \"hi\" \\ there", "5",
      "-7",      "tab\tnl\n\x01\x1f",   NULL,
      "007",     "bad\xFF\xC3 end",     "1e3",
      "unknown", NULL,                  "0",
      "",        "法律 é\xCC\x81",       "-0",
  };
  /* clang-format on */
  struct psst_table *t = make_table(3, cols, types, 5, cells, "not in json");
  struct ps_out_opts o = {.format = PS_OUT_JSON};
  check_render(t, &o,
               "[\n"
               "  {\"year\": 2003, \"title\": \"say \\\"hi\\\" \\\\ there\", \"n\": 5},\n"
               "  {\"year\": -7, \"title\": \"tab\\u0009nl\\u000a\\u0001\\u001f\", \"n\": null},\n"
               "  {\"year\": \"007\", \"title\": \"bad\xEF\xBF\xBD\xEF\xBF\xBD end\", "
               "\"n\": \"1e3\"},\n"
               "  {\"year\": \"unknown\", \"title\": null, \"n\": 0},\n"
               "  {\"year\": \"\", \"title\": \"法律 é\xCC\x81\", \"n\": -0}\n"
               "]\n");
  free_table(t);
}

static void test_json_empty(void **state) {
  (void)state;
  const char *cols[] = {"year", "n"};
  enum psst_coltype types[] = {PSST_COL_INT, PSST_COL_INT};
  struct psst_table *t = make_table(2, cols, types, 0, NULL, NULL);
  struct ps_out_opts o = {.format = PS_OUT_JSON};
  check_render(t, &o, "[]\n");
  free_table(t);
}

/* Lists become arrays, decimals and percentages numbers (a percentage the fraction of one,
   by moving the point, never 0.007000000000000001); what is not the number its type says
   stays a string. CSV writes the same cells as they are. */
static void test_json_types(void **state) {
  (void)state;
  const char *cols[] = {"tech", "share", "value", "names"};
  enum psst_coltype types[] = {PSST_COL_LIST, PSST_COL_PCT, PSST_COL_REAL, PSST_COL_LIST};
  /* clang-format off */
  const char *cells[] = {
      "internet,media-tech", "0.7%",   "0.923", "Li Wufeng, Cao Shumin",
      NULL,                  "42.3%",  "7.70",  "许崇德、周叶中",
      "",                    "100.0%", "-1.5",  " a ,, b\"c ",
      "ai",                  "3.1",    "1.",    ",",
      "x",                   "1.5.%",  "abc",   "、",
      "y",                   "",       NULL,    NULL,
  };
  /* clang-format on */
  struct psst_table *t = make_table(4, cols, types, 6, cells, NULL);
  struct ps_out_opts o = {.format = PS_OUT_JSON};
  check_render(
      t, &o,
      "[\n"
      "  {\"tech\": [\"internet\", \"media-tech\"], \"share\": 0.007, \"value\": 0.923, "
      "\"names\": [\"Li Wufeng\", \"Cao Shumin\"]},\n"
      "  {\"tech\": [], \"share\": 0.423, \"value\": 7.70, "
      "\"names\": [\"许崇德\", \"周叶中\"]},\n"
      "  {\"tech\": [], \"share\": 1.000, \"value\": -1.5, \"names\": [\"a\", \"b\\\"c\"]},\n"
      "  {\"tech\": [\"ai\"], \"share\": 0.031, \"value\": \"1.\", \"names\": []},\n"
      "  {\"tech\": [\"x\"], \"share\": \"1.5.%\", \"value\": \"abc\", \"names\": []},\n"
      "  {\"tech\": [\"y\"], \"share\": \"\", \"value\": null, \"names\": []}\n"
      "]\n");
  o.format = PS_OUT_CSV;
  check_render(t, &o,
               "tech,share,value,names\r\n"
               "\"internet,media-tech\",0.7%,0.923,\"Li Wufeng, Cao Shumin\"\r\n"
               ",42.3%,7.70,许崇德、周叶中\r\n"
               ",100.0%,-1.5,\" a ,, b\"\"c \"\r\n"
               "ai,3.1,1.,\",\"\r\n"
               "x,1.5.%,abc,、\r\n"
               "y,,,\r\n");
  free_table(t);
}

/* --bom: the UTF-8 byte-order mark before the CSV, and nowhere else. */
static void test_csv_bom(void **state) {
  (void)state;
  const char *cols[] = {"title"};
  enum psst_coltype types[] = {PSST_COL_TEXT};
  const char *cells[] = {"宪法"};
  struct psst_table *t = make_table(1, cols, types, 1, cells, NULL);
  struct ps_out_opts o = {.format = PS_OUT_CSV, .bom = true};
  check_render(t, &o, "\xEF\xBB\xBFtitle\r\n宪法\r\n");
  o.format = PS_OUT_JSON;
  check_render(t, &o, "[\n  {\"title\": \"宪法\"}\n]\n");
  free_table(t);
}

/* ---- formats and errors ---- */

static void test_parse_format(void **state) {
  (void)state;
  enum ps_out_format f = PS_OUT_TABLE;
  assert_int_equal(ps_out_parse_format("csv", &f), 0);
  assert_int_equal(f, PS_OUT_CSV);
  assert_int_equal(ps_out_parse_format("json", &f), 0);
  assert_int_equal(f, PS_OUT_JSON);
  assert_int_equal(ps_out_parse_format("table", &f), 0);
  assert_int_equal(f, PS_OUT_TABLE);
  assert_int_equal(ps_out_parse_format("JSON", &f), -1);
  assert_int_equal(ps_out_parse_format("", &f), -1);
  assert_int_equal(ps_out_parse_format("lecture", &f), -1);
  assert_int_equal(ps_out_parse_format(NULL, &f), -1);
  assert_int_equal(f, PS_OUT_TABLE); /* left alone on failure */
}

static void test_write_error(void **state) {
  (void)state;
  FILE *fp = fopen("/dev/full", "w");
  if (!fp)
    skip();
  const char *cols[] = {"a"};
  enum psst_coltype types[] = {PSST_COL_TEXT};
  const char *cells[] = {"x"};
  struct psst_table *t = make_table(1, cols, types, 1, cells, NULL);
  enum ps_out_format formats[] = {PS_OUT_TABLE, PS_OUT_CSV, PS_OUT_JSON};
  for (size_t i = 0; i < 3; i++) {
    struct ps_out_opts o = {.format = formats[i]};
    assert_int_equal(ps_out_table(fp, t, &o), -1);
    clearerr(fp);
  }
  fclose(fp);
  free_table(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_width),
      cmocka_unit_test(test_fit),
      cmocka_unit_test(test_table_alignment),
      cmocka_unit_test(test_table_headers_note_no_trailing_space),
      cmocka_unit_test(test_table_color),
      cmocka_unit_test(test_table_control_and_invalid),
      cmocka_unit_test(test_table_truncate),
      cmocka_unit_test(test_table_truncate_widest_first),
      cmocka_unit_test(test_table_ints_never_shrink),
      cmocka_unit_test(test_table_ids_dates_lists),
      cmocka_unit_test(test_table_empty),
      cmocka_unit_test(test_csv),
      cmocka_unit_test(test_csv_invalid_utf8_and_empty),
      cmocka_unit_test(test_json),
      cmocka_unit_test(test_json_empty),
      cmocka_unit_test(test_json_types),
      cmocka_unit_test(test_csv_bom),
      cmocka_unit_test(test_parse_format),
      cmocka_unit_test(test_write_error),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
