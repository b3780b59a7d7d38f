/* test_query.c: the database built from the shipped data, through the public API. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "psst.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char db_path[256];

static struct psst *open_db(bool *rebuilt) {
  struct psst_open_opts o = {.data_dir = PSST_SOURCE_DIR "/data", .db_path = db_path};
  struct psst *p = NULL;
  struct psst_error err = {0};
  if (psst_open(&p, &o, NULL, rebuilt, &err))
    fail_msg("psst_open: %s", err.msg);
  return p;
}

static int setup(void **state) {
  snprintf(db_path, sizeof db_path, "/tmp/psst-test-query-%ld.db", (long)getpid());
  unlink(db_path);
  bool rebuilt;
  *state = open_db(&rebuilt);
  return rebuilt ? 0 : -1;
}

static int teardown(void **state) {
  psst_close(*state);
  unlink(db_path);
  return 0;
}

static bool has_row(const struct psst_table *t, size_t col, const char *v) {
  for (size_t r = 0; r < t->nrows; r++)
    if (psst_cell(t, r, col) && !strcmp(psst_cell(t, r, col), v))
      return true;
  return false;
}

static void test_reopen_is_current(void **state) {
  (void)state;
  bool rebuilt = true;
  struct psst *p = open_db(&rebuilt);
  assert_false(rebuilt);
  psst_close(p);
}

static void test_list_filters(void **state) {
  struct psst *p = *state;
  struct psst_table *t;
  struct psst_error err = {0};
  struct psst_filter f = {.term = 18};
  assert_int_equal(psst_list(p, &f, PSST_LANG_EN, &t, &err), PSST_OK);
  assert_int_equal(t->nrows, 43);
  assert_string_equal(psst_cell(t, 0, 0), "18-1");
  psst_table_free(t);
  struct psst_filter g = {.tech = "quantum"};
  assert_int_equal(psst_list(p, &g, PSST_LANG_ZH, &t, &err), PSST_OK);
  assert_int_equal(t->nrows, 1);
  assert_string_equal(psst_cell(t, 0, 8), "量子科技研究和应用前景");
  psst_table_free(t);
  struct psst_filter bad = {.topic = "nope"};
  assert_int_equal(psst_list(p, &bad, PSST_LANG_EN, &t, &err), PSST_EINVAL);
  assert_null(t);
  assert_non_null(strstr(err.msg, "--topic"));
}

static void test_search_lengths(void **state) {
  struct psst *p = *state;
  struct psst_table *t;
  struct psst_error err = {0};
  /* a Latin word is a whole word; a prefix asks for it with * */
  const char *queries[] = {"量子科技", "量子", "量", "Quantum", "quant*"};
  for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
    assert_int_equal(psst_search(p, queries[i], NULL, PSST_LANG_EN, 200, "[", "]", &t, &err),
                     PSST_OK);
    if (!has_row(t, 0, "19-24"))
      fail_msg("search '%s' misses 19-24", queries[i]);
    psst_table_free(t);
  }
  /* the two characters must be adjacent */
  assert_int_equal(psst_search(p, "子量", NULL, PSST_LANG_EN, 200, "[", "]", &t, &err), PSST_OK);
  assert_false(has_row(t, 0, "19-24"));
  psst_table_free(t);
  assert_int_equal(psst_search(p, "区块链", NULL, PSST_LANG_EN, 5, "<", ">", &t, &err), PSST_OK);
  assert_string_equal(psst_cell(t, 0, 0), "19-18");
  assert_non_null(strstr(psst_cell(t, 0, 10), "<区块链>"));
  psst_table_free(t);
}

static void test_stats(void **state) {
  struct psst *p = *state;
  struct psst_table *t;
  struct psst_error err = {0};
  assert_int_equal(psst_stats(p, "leader", NULL, PSST_LANG_EN, &t, &err), PSST_OK);
  assert_int_equal(t->nrows, 2);
  assert_string_equal(psst_cell(t, 0, 0), "Hu Jintao");
  /* the Hu era's two terms held 44 and 33 sessions (stated officially); the rest are Xi's */
  assert_string_equal(psst_cell(t, 0, 1), "77");
  char as_of[16];
  long n = 0;
  assert_int_equal(psst_summary(p, as_of, sizeof as_of, &n, &err), PSST_OK);
  assert_int_equal(atol(psst_cell(t, 1, 1)), n - 77);
  assert_null(t->note);
  psst_table_free(t);
  assert_int_equal(psst_stats(p, "year,topic", NULL, PSST_LANG_EN, &t, &err), PSST_OK);
  assert_string_equal(t->cols[1], "theory");
  assert_string_equal(t->cols[t->ncols - 1], "total");
  /* every session counts: in a year (its date's, or its window's when within one year), in
     the last row when its date is uncertain, or in the note when its topic is unknown */
  long sum = 0;
  for (size_t r = 0; r < t->nrows; r++)
    sum += atol(psst_cell(t, r, t->ncols - 1));
  long left = t->note && strstr(t->note, "left out") ? atol(t->note) : 0;
  assert_int_equal(psst_summary(p, as_of, sizeof as_of, &n, &err), PSST_OK);
  assert_int_equal(sum + left, n);
  if (psst_cell(t, t->nrows - 1, 0) == NULL) {
    assert_non_null(t->null_labels);
    assert_string_equal(t->null_labels[0], "uncertain");
    assert_non_null(strstr(t->note, "'uncertain'"));
  }
  psst_table_free(t);
  assert_int_equal(psst_stats(p, "year,color", NULL, PSST_LANG_EN, &t, &err), PSST_EINVAL);
}

static void test_show(void **state) {
  struct psst *p = *state;
  struct psst_session s;
  char *json;
  struct psst_error err = {0};
  assert_int_equal(psst_show(p, 16, 38, &s, &json, &err), PSST_OK);
  assert_string_equal(s.date, "2007-01-23");
  assert_non_null(strstr(json, "\"number\": 38"));
  free(json);
  psst_session_release(&s);
  assert_int_equal(psst_show(p, 16, 99, &s, NULL, &err), PSST_ENOTFOUND);
  int term, number;
  assert_int_equal(psst_parse_id("19-18", &term, &number, &err), PSST_OK);
  assert_int_equal(term * 100 + number, 1918);
  assert_int_equal(psst_parse_id("19-18x", &term, &number, &err), PSST_EINVAL);
  assert_int_equal(psst_parse_id("-1-2", &term, &number, &err), PSST_EINVAL);
}

static void test_rankings(void **state) {
  struct psst *p = *state;
  struct psst_table *t;
  struct psst_error err = {0};
  assert_int_equal(psst_institutions(p, NULL, PSST_LANG_EN, &t, &err), PSST_OK);
  assert_string_equal(psst_cell(t, 0, 0), "cass");
  psst_table_free(t);
  assert_int_equal(psst_lecturers(p, NULL, PSST_LANG_ZH, &t, &err), PSST_OK);
  assert_true(t->nrows > 50);
  assert_true(atol(psst_cell(t, 0, 3)) >= atol(psst_cell(t, t->nrows - 1, 3)));
  psst_table_free(t);
  assert_int_equal(psst_timeline(p, PSST_LANG_EN, &t, &err), PSST_OK);
  assert_true(has_row(t, 0, "blockchain"));
  assert_false(has_row(t, 0, "general-sti"));
  psst_table_free(t);
}

/* A data file that changes makes the next open rebuild. */
/* Paging: the page's rows are the full listing's rows at that place, and the total counts all. */
static void test_pages(void **state) {
  struct psst *p = *state;
  struct psst_table *all, *t;
  struct psst_error err = {0};
  struct psst_filter f = {.term = 19};
  long total = 0;
  assert_int_equal(psst_list(p, &f, PSST_LANG_EN, &all, &err), PSST_OK);
  struct psst_page page = {.limit = 5, .offset = 3};
  assert_int_equal(psst_list_page(p, &f, &page, PSST_LANG_EN, &t, &total, &err), PSST_OK);
  assert_int_equal(total, (long)all->nrows);
  assert_int_equal(t->nrows, 5);
  for (size_t r = 0; r < 5; r++)
    assert_string_equal(psst_cell(t, r, 0), psst_cell(all, r + 3, 0));
  psst_table_free(t);
  page = (struct psst_page){.limit = 1, .order = PSST_ORDER_NEWEST};
  assert_int_equal(psst_list_page(p, &f, &page, PSST_LANG_EN, &t, NULL, &err), PSST_OK);
  assert_string_equal(psst_cell(t, 0, 0), psst_cell(all, all->nrows - 1, 0));
  psst_table_free(t);
  psst_table_free(all);

  page = (struct psst_page){.limit = 2, .offset = 1};
  assert_int_equal(psst_search_page(p, "网", NULL, &page, PSST_LANG_EN, "[", "]", &t, &total, &err),
                   PSST_OK);
  assert_true(total > 3);
  assert_int_equal(t->nrows, 2);
  assert_null(t->note); /* the total says how many there are */
  psst_table_free(t);
}

static void test_facets_and_codebook(void **state) {
  struct psst *p = *state;
  struct psst_table *t;
  struct psst_error err = {0};
  struct psst_filter f = {.leader = "xi"};
  assert_int_equal(psst_facet(p, "term", NULL, &f, PSST_LANG_EN, &t, &err), PSST_OK);
  long n = 0;
  for (size_t r = 0; r < t->nrows; r++)
    n += atol(psst_cell(t, r, 2));
  psst_table_free(t);
  assert_int_equal(psst_list(p, &f, PSST_LANG_EN, &t, &err), PSST_OK);
  assert_int_equal(n, (long)t->nrows);
  assert_true(n > 100);
  psst_table_free(t);
  assert_int_equal(psst_facet(p, "tech", "区块链", NULL, PSST_LANG_ZH, &t, &err), PSST_OK);
  assert_true(has_row(t, 0, "blockchain") && has_row(t, 1, "区块链"));
  psst_table_free(t);
  assert_int_equal(psst_facet(p, "colour", NULL, NULL, PSST_LANG_EN, &t, &err), PSST_EINVAL);
  assert_int_equal(psst_codebook(p, "tech", &t, &err), PSST_OK);
  assert_true(has_row(t, 0, "ai"));
  psst_table_free(t);
  assert_int_equal(psst_codebook(p, "term", &t, &err), PSST_OK);
  assert_true(has_row(t, 1, "Hu Jintao"));
  psst_table_free(t);
  assert_int_equal(psst_codebook(p, "colour", &t, &err), PSST_EINVAL);
}

static void test_rebuild_on_change(void **state) {
  (void)state;
  char dir[256], cmd[1024];
  snprintf(dir, sizeof dir, "/tmp/psst-test-data-%ld", (long)getpid());
  snprintf(cmd, sizeof cmd, "rm -rf %s && cp -r %s/data %s", dir, PSST_SOURCE_DIR, dir);
  assert_int_equal(system(cmd), 0);
  char db[300];
  snprintf(db, sizeof db, "%s/t.db", dir);
  struct psst_open_opts o = {.data_dir = dir, .db_path = db};
  struct psst *p;
  bool rebuilt;
  struct psst_error err = {0};
  assert_int_equal(psst_open(&p, &o, NULL, &rebuilt, &err), PSST_OK);
  assert_true(rebuilt);
  psst_close(p);
  assert_int_equal(psst_open(&p, &o, NULL, &rebuilt, &err), PSST_OK);
  assert_false(rebuilt);
  psst_close(p);
  snprintf(cmd, sizeof cmd, "%s/sessions.jsonl", dir);
  FILE *fp = fopen(cmd, "a");
  assert_non_null(fp);
  fputs("\n", fp);
  fclose(fp);
  assert_int_equal(psst_open(&p, &o, NULL, &rebuilt, &err), PSST_OK);
  assert_true(rebuilt);
  psst_close(p);
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_reopen_is_current),
      cmocka_unit_test(test_list_filters),
      cmocka_unit_test(test_search_lengths),
      cmocka_unit_test(test_stats),
      cmocka_unit_test(test_show),
      cmocka_unit_test(test_rankings),
      cmocka_unit_test(test_pages),
      cmocka_unit_test(test_facets_and_codebook),
      cmocka_unit_test(test_rebuild_on_change),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
