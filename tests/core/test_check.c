/* test_check.c: the checks across records, and psst_check on whole data folders. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void add(struct ps_checker *c, int term, int number, const char *date, size_t line) {
  struct psst_session s = {.term = term, .number = number, .date = (char *)date};
  assert_int_equal(ps_checker_add(c, &s, line), PSST_OK);
}

static const struct psst_diag *find(const struct psst_diags *d, const char *kind) {
  for (size_t i = 0; i < d->n; i++)
    if (!strcmp(d->v[i].kind, kind))
      return &d->v[i];
  return NULL;
}

static void test_clean_sequence(void **state) {
  (void)state;
  struct ps_checker c = {0};
  struct psst_diags d = {0};
  add(&c, 19, 2, "2017-12-08", 2);
  add(&c, 19, 1, "2017-10-27", 1);
  add(&c, 19, 3, NULL, 3); /* unknown dates do not break the order check */
  add(&c, 19, 4, "2018-01-30", 4);
  assert_int_equal(ps_checker_finish(&c, &ref, "f", &d), PSST_OK);
  assert_int_equal(d.n_errors, 0);
  ps_checker_release(&c);
  psst_diags_release(&d);
}

/* One lecturer per session, for the identity checks. */
static void lecture(struct ps_checker *c, struct psst_diags *d, const char *zh, const char *en,
                    const char *aff, size_t line) {
  char none[1] = "";
  struct psst_lecturer l = {(char *)zh, (char *)en, (char *)aff, none};
  struct psst_session s = {.term = 20, .number = (int)line, .lecturers = &l, .n_lecturers = 1};
  assert_int_equal(ps_checker_people(c, &ref, &s, line, "f", d), PSST_OK);
}

static void test_one_person_one_name(void **state) {
  (void)state;
  struct ps_checker c = {0};
  struct psst_diags d = {0};
  lecture(&c, &d, "高永中", "Gao Yongzhong", "中央党史研究室副主任", 1);
  lecture(&c, &d, "高永中", "Gao Yongzhong", "中共中央组织部党建研究所研究员", 2);
  lecture(&c, &d, "王伟", "Wang Wei", "中国人民大学教授", 3);
  lecture(&c, &d, "王巍", "Wang Wei", "中国社会科学院考古研究所研究员", 4); /* namesakes */
  assert_int_equal(d.n_warnings, 0);
  lecture(&c, &d, "高永中", "Gao Yong-zhong", "中央党史研究室副主任", 5);
  assert_int_equal(d.n_warnings, 1);
  const struct psst_diag *g = find(&d, "person-two-names");
  assert_non_null(g);
  assert_int_equal(g->line, 5);
  assert_string_equal(g->field, "lecturers[0].name_en");
  assert_non_null(strstr(g->message, "line 1"));
  /* the same romanisation at the same institution with another Chinese name: a misspelling */
  lecture(&c, &d, "王炜", "Wang Wei", "中国人民大学教授", 6);
  assert_int_equal(d.n_warnings, 2);
  assert_string_equal(d.v[1].field, "lecturers[0].name_zh");
  ps_checker_release(&c);
  psst_diags_release(&d);
}

static void test_duplicate_gap_order(void **state) {
  (void)state;
  struct ps_checker c = {0};
  struct psst_diags d = {0};
  add(&c, 19, 1, "2017-10-27", 1);
  add(&c, 19, 1, "2017-11-27", 2);
  add(&c, 19, 4, "2017-10-01", 3);
  assert_int_equal(ps_checker_finish(&c, &ref, "f", &d), PSST_OK);
  const struct psst_diag *g = find(&d, "duplicate-number");
  assert_non_null(g);
  assert_int_equal(g->line, 2);
  g = find(&d, "missing-number");
  assert_non_null(g);
  assert_int_equal(g->line, 3);
  assert_non_null(strstr(g->message, "19-2 to 19-3"));
  g = find(&d, "date-order");
  assert_non_null(g);
  assert_int_equal(g->line, 3);
  ps_checker_release(&c);
  psst_diags_release(&d);
}

static void test_stated_total(void **state) {
  (void)state;
  struct ps_checker c = {0};
  struct psst_diags d = {0};
  add(&c, 16, 1, "2002-12-26", 1); /* terms.json states 44 for the 16th term */
  assert_int_equal(ps_checker_finish(&c, &ref, "f", &d), PSST_OK);
  assert_int_equal(d.n_errors, 0);
  assert_non_null(find(&d, "term-total"));
  ps_checker_release(&c);
  psst_diags_release(&d);
}

static void test_shipped_data(void **state) {
  (void)state;
  struct psst_diags d = {0};
  struct psst_error err = {0};
  assert_int_equal(psst_check(PSST_SOURCE_DIR "/data", false, &d, &err), PSST_OK);
  for (size_t i = 0; i < d.n; i++)
    if (d.v[i].severity == PSST_ERROR)
      fail_msg("%s:%zu: %s: %s", d.v[i].file, d.v[i].line, d.v[i].field, d.v[i].message);
  assert_true(d.n_warnings > 0); /* the record is still being completed */
  psst_diags_release(&d);
  assert_int_equal(psst_check(PSST_SOURCE_DIR "/data", true, &d, &err), PSST_OK);
  assert_int_equal(d.n_warnings, 0);
  assert_true(d.n_errors > 0);
  psst_diags_release(&d);
}

static void test_missing_folder(void **state) {
  (void)state;
  struct psst_diags d = {0};
  struct psst_error err = {0};
  assert_int_equal(psst_check("/nonexistent/psst", false, &d, &err), PSST_EIO);
  assert_non_null(strstr(err.msg, "codebook.json"));
  psst_diags_release(&d);
}

/* Writes a data folder whose codebook.json is `codebook`, the rest copied from data/. */
static void make_folder(const char *dir, const char *codebook) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd,
           "rm -rf %s && mkdir -p %s && cp %s/data/terms.json %s/data/institutions.json "
           "%s/tests/data/sessions/good.jsonl %s/ && mv %s/good.jsonl %s/sessions.jsonl",
           dir, dir, PSST_SOURCE_DIR, PSST_SOURCE_DIR, PSST_SOURCE_DIR, dir, dir, dir);
  assert_int_equal(system(cmd), 0);
  snprintf(cmd, sizeof cmd, "%s/codebook.json", dir);
  FILE *fp = fopen(cmd, "w");
  assert_non_null(fp);
  fputs(codebook, fp);
  fclose(fp);
}

static void test_reference_errors(void **state) {
  (void)state;
  char dir[128];
  snprintf(dir, sizeof dir, "/tmp/psst-test-ref-%ld", (long)getpid());
  static const struct {
    const char *codebook, *kind;
    size_t line;
  } cases[] = {
      {"{\"topics\": [\n", "bad-json", 2},
      {"{\"topics\": [], \"tags\": [], \"formats\": [], \"confidence\": []}\n\xff", "bad-utf8", 2},
      {"{\"topics\": [\n {\"code\": \"law\", \"en\": \"Law\", \"zh\": \"法\"},\n"
       " {\"code\": \"law\", \"en\": \"Law\", \"zh\": \"法\"}],\n"
       " \"tags\": [], \"formats\": [], \"confidence\": []}\n",
       "duplicate-code", 2},
      {"{\"topics\": [\n {\"code\": \"law\", \"zh\": \"法\"}],\n"
       " \"tags\": [], \"formats\": [], \"confidence\": []}\n",
       "missing-key", 2},
      {"{\"topics\": {}}\n", "missing-key", 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    make_folder(dir, cases[i].codebook);
    struct psst_diags d = {0};
    struct psst_error err = {0};
    assert_int_equal(psst_check(dir, false, &d, &err), PSST_OK);
    bool found = false;
    for (size_t k = 0; k < d.n; k++)
      found |= !strcmp(d.v[k].kind, cases[i].kind) && d.v[k].line == cases[i].line &&
               strstr(d.v[k].file, "codebook.json") != NULL;
    if (!found)
      fail_msg("case %zu: no %s at codebook.json:%zu", i, cases[i].kind, cases[i].line);
    assert_true(d.n_errors > 0);
    psst_diags_release(&d);
  }
  char cmd[256];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_clean_sequence),      cmocka_unit_test(test_duplicate_gap_order),
      cmocka_unit_test(test_one_person_one_name), cmocka_unit_test(test_stated_total),
      cmocka_unit_test(test_shipped_data),        cmocka_unit_test(test_missing_folder),
      cmocka_unit_test(test_reference_errors),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
