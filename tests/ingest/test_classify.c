/*
 * test_classify.c: the classifier on a small codebook and training set made here,
 * so that each case shows which cue decides; and the codebook's keyword lists as
 * the loader checks them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "classify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct ps_refdata ref;
static struct psst_session train[8];
static size_t n_train;

/* A code with its keywords: zh and en are space-separated lists ('_' for a space). */
static void code(struct ps_code *c, const char *name, const char *zh, const char *en) {
  c->code = strdup(name), c->en = strdup(name), c->zh = strdup(name);
  c->kw_zh = calloc(8, sizeof *c->kw_zh), c->kw_en = calloc(8, sizeof *c->kw_en);
  assert_non_null(c->code);
  assert_non_null(c->kw_zh);
  assert_non_null(c->kw_en);
  for (int lang = 0; lang < 2; lang++) {
    char buf[256], *save = NULL;
    snprintf(buf, sizeof buf, "%s", lang ? en : zh);
    for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
      for (char *u = w; *u; u++)
        *u = *u == '_' ? ' ' : *u;
      if (lang)
        c->kw_en[c->n_kw_en++] = strdup(w);
      else
        c->kw_zh[c->n_kw_zh++] = strdup(w);
    }
  }
}

static void session(const char *zh, const char *en, const char *topic, const char *tag) {
  struct psst_session *s = &train[n_train++];
  s->term = 20, s->number = (int)n_train;
  s->title_zh = strdup(zh), s->title_en = strdup(en), s->topic = strdup(topic);
  if (tag) {
    s->tech = calloc(1, sizeof *s->tech);
    s->tech[s->n_tech++] = strdup(tag);
  }
}

static int setup(void **state) {
  (void)state;
  ref.topics = calloc(4, sizeof *ref.topics);
  ref.tags = calloc(2, sizeof *ref.tags);
  if (!ref.topics || !ref.tags)
    return -1;
  code(&ref.topics[ref.n_topics++], "econ", "经济 金融 财政 农业经济", "economy economic");
  code(&ref.topics[ref.n_topics++], "law", "法治 宪法 监管", "law rule_of_law regulation");
  code(&ref.topics[ref.n_topics++], "sti", "科技 人工智能 基础研究",
       "technology artificial_intelligence");
  code(&ref.topics[ref.n_topics++], "rural", "农业 农村 乡村", "rural agriculture");
  code(&ref.tags[ref.n_tags++], "ai", "人工智能", "artificial_intelligence ai");
  code(&ref.tags[ref.n_tags++], "general-sti", "科技", "science_and_technology");
  session("世界经济形势", "The world economic situation", "econ", NULL);
  session("推进自由贸易试验区建设", "Pilot free trade zones", "econ", NULL);
  session("全面推进依法治国", "Law-based governance", "law", NULL);
  session("当代科技发展趋势", "Trends in science and technology", "sti", "general-sti");
  session("人工智能发展现状和趋势", "Artificial intelligence", "sti", "ai");
  session("实施创新驱动发展战略", "Innovation-driven development", "sti", "general-sti");
  session("当今世界农业发展状况", "World agriculture", "rural", NULL);
  session("", "", "law", NULL); /* curated, no title yet: counts for the prior only */
  return 0;
}

static int teardown(void **state) {
  (void)state;
  for (size_t i = 0; i < n_train; i++)
    psst_session_release(&train[i]);
  ps_refdata_release(&ref);
  return 0;
}

static struct ps_classifier *classifier(size_t n) {
  struct ps_classifier *c = NULL;
  struct psst_error err = {0};
  assert_int_equal(ps_classifier_new(&ref, train, n, &c, &err), PSST_OK);
  assert_non_null(c);
  return c;
}

static bool has(const char *const *v, size_t n, const char *code) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(v[i], code))
      return true;
  return false;
}

static void test_ai_title(void **state) {
  (void)state;
  struct ps_classifier *c = classifier(n_train);
  struct ps_class_result r;
  assert_int_equal(ps_classify(c, "加强人工智能发展和监管", NULL, NULL, &r), PSST_OK);
  assert_string_equal(r.topic, "sti");
  assert_true(has(r.tech, r.n_tech, "ai"));
  assert_false(has(r.tech, r.n_tech, "general-sti"));
  /* 监管 names law in the title: a secondary topic */
  assert_int_equal(r.n_topics, 1);
  assert_string_equal(r.topics[0], "law");
  assert_non_null(strstr(r.evidence, "人工智能 -> sti, ai"));
  assert_non_null(strstr(r.evidence, "监管 -> law"));
  ps_classifier_free(c);
}

static void test_rural_title(void **state) {
  (void)state;
  struct ps_classifier *c = classifier(n_train);
  struct ps_class_result r;
  assert_int_equal(ps_classify(c, "实施乡村振兴战略", "", NULL, &r), PSST_OK);
  assert_string_equal(r.topic, "rural");
  assert_int_equal(r.n_tech, 0);
  ps_classifier_free(c);
}

static void test_nothing_to_go_on(void **state) {
  (void)state;
  struct ps_classifier *c = classifier(n_train);
  struct ps_class_result r;
  assert_int_equal(ps_classify(c, "", NULL, NULL, &r), PSST_OK);
  assert_null(r.topic);
  assert_int_equal(r.n_topics, 0);
  assert_int_equal(r.n_tech, 0);
  assert_string_equal(r.evidence, "");
  /* words no keyword list and no training title has: nothing scored either */
  assert_int_equal(ps_classify(c, "一二三", "xyzzy", NULL, &r), PSST_OK);
  assert_null(r.topic);
  ps_classifier_free(c);
}

static void test_secondary_never_primary(void **state) {
  (void)state;
  static const char *const titles[] = {"加强人工智能发展和监管",
                                       "农村金融和农业科技",
                                       "经济法治",
                                       "宪法和法治",
                                       "科技科技科技经济",
                                       "乡村振兴"};
  struct ps_classifier *c = classifier(n_train);
  for (size_t i = 0; i < sizeof titles / sizeof *titles; i++) {
    struct ps_class_result r;
    assert_int_equal(ps_classify(c, titles[i], NULL, NULL, &r), PSST_OK);
    assert_non_null(r.topic);
    assert_true(r.n_topics <= 2);
    for (size_t k = 0; k < r.n_topics; k++) {
      assert_string_not_equal(r.topics[k], r.topic);
      for (size_t j = 0; j < k; j++)
        assert_string_not_equal(r.topics[k], r.topics[j]);
    }
  }
  ps_classifier_free(c);
}

static void test_learned_part(void **state) {
  (void)state;
  struct ps_classifier *c = classifier(n_train);
  struct ps_class_result r;
  /* no keyword: the bigrams 自由, 由贸, 贸易 were seen in an economy title */
  assert_int_equal(ps_classify(c, "加快自由贸易港建设", NULL, NULL, &r), PSST_OK);
  assert_string_equal(r.topic, "econ");
  assert_non_null(strstr(r.evidence, "title model"));
  /* a keyword outweighs the model */
  assert_int_equal(ps_classify(c, "自由贸易和农业", NULL, NULL, &r), PSST_OK);
  assert_string_equal(r.topic, "rural");
  /* the longest keyword wins, and the shorter ones inside it do not count */
  assert_int_equal(ps_classify(c, "农业经济", NULL, NULL, &r), PSST_OK);
  assert_string_equal(r.topic, "econ");
  assert_int_equal(r.n_topics, 0);
  assert_int_equal(strncmp(r.evidence, "农业经济 -> econ; ", strlen("农业经济 -> econ; ")), 0);
  assert_null(strstr(r.evidence, "农业 ->"));
  ps_classifier_free(c);
  /* without training sessions the keyword lists alone decide */
  c = classifier(0);
  assert_int_equal(ps_classify(c, "加快自由贸易港建设", NULL, NULL, &r), PSST_OK);
  assert_null(r.topic);
  assert_int_equal(ps_classify(c, "世界经济", NULL, NULL, &r), PSST_OK);
  assert_string_equal(r.topic, "econ");
  ps_classifier_free(c);
}

static void test_english_and_body(void **state) {
  (void)state;
  struct ps_classifier *c = classifier(n_train);
  struct ps_class_result r;
  /* no Chinese title: the English keywords, whole words, a plural allowed */
  assert_int_equal(ps_classify(c, "", "Rural revitalization and farmers", NULL, &r), PSST_OK);
  assert_string_equal(r.topic, "rural");
  assert_int_equal(ps_classify(c, NULL, "Lawful ruralities", NULL, &r), PSST_OK);
  assert_null(r.topic);
  assert_int_equal(ps_classify(c, "", "Regulations on AI", NULL, &r), PSST_OK);
  assert_string_equal(r.topic, "law");
  assert_true(has(r.tech, r.n_tech, "ai"));
  /* a tag from the body needs two mentions; the title outweighs the body */
  const char *once = "会议指出，要发展农业，也要关注人工智能。农业农业农业。";
  assert_int_equal(ps_classify(c, "乡村", NULL, once, &r), PSST_OK);
  assert_string_equal(r.topic, "rural");
  assert_false(has(r.tech, r.n_tech, "ai"));
  const char *twice = "人工智能、人工智能；经济经济经济经济经济经济";
  assert_int_equal(ps_classify(c, "乡村", NULL, twice, &r), PSST_OK);
  assert_string_equal(r.topic, "rural");
  assert_true(has(r.tech, r.n_tech, "ai"));
  assert_non_null(strstr(r.evidence, "人工智能 x2 in the text -> ai"));
  ps_classifier_free(c);
}

static void test_default_tag(void **state) {
  (void)state;
  struct ps_classifier *c = classifier(n_train);
  struct ps_class_result r;
  /* every sti training session carries a tag, general-sti most often */
  assert_int_equal(ps_classify(c, "加强基础研究", NULL, NULL, &r), PSST_OK);
  assert_string_equal(r.topic, "sti");
  assert_int_equal(r.n_tech, 1);
  assert_string_equal(r.tech[0], "general-sti");
  ps_classifier_free(c);
  /* with two sti sessions the rule does not hold yet */
  c = classifier(5);
  assert_int_equal(ps_classify(c, "加强基础研究", NULL, NULL, &r), PSST_OK);
  assert_int_equal(r.n_tech, 0);
  ps_classifier_free(c);
}

static void test_bad_training(void **state) {
  (void)state;
  struct psst_session s = {.term = 20, .number = 1};
  s.title_zh = strdup("标题"), s.title_en = strdup(""), s.topic = strdup("nonsense");
  struct ps_classifier *c = NULL;
  struct psst_error err = {0};
  assert_int_equal(ps_classifier_new(&ref, &s, 1, &c, &err), PSST_EINVAL);
  assert_null(c);
  assert_non_null(strstr(err.msg, "20-1"));
  psst_session_release(&s);
}

/* The shipped reference files with codebook.json changed: `from` -> `to`. */
static void load_changed(const char *from, const char *to, struct psst_diags *d) {
  char dir[] = "/tmp/psst-classify-XXXXXX", path[512], *text = NULL;
  assert_non_null(mkdtemp(dir));
  static const char *const files[] = {"codebook.json", "terms.json", "institutions.json"};
  for (size_t i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "%s/data/%s", PSST_SOURCE_DIR, files[i]);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    text = calloc(1, 1 << 20);
    assert_non_null(text);
    size_t len = fread(text, 1, (1 << 20) - 1, fp);
    fclose(fp);
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    fp = fopen(path, "wb");
    assert_non_null(fp);
    char *at = i == 0 ? strstr(text, from) : NULL;
    if (i == 0)
      assert_non_null(at);
    if (at) {
      fwrite(text, 1, (size_t)(at - text), fp);
      fputs(to, fp);
      fputs(at + strlen(from), fp);
    } else {
      fwrite(text, 1, len, fp);
    }
    fclose(fp);
    free(text);
  }
  struct ps_refdata r;
  struct psst_error err = {0};
  assert_int_equal(ps_refdata_load(&r, dir, d, &err), PSST_EDATA);
  ps_refdata_release(&r);
  for (size_t i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    unlink(path);
  }
  rmdir(dir);
}

static void expect_keyword_error(const char *from, const char *to, const char *field,
                                 const char *kind) {
  struct psst_diags d = {0};
  load_changed(from, to, &d);
  bool found = false;
  /* at the line of the first topic's keywords, the fifth of the file */
  for (size_t i = 0; i < d.n; i++)
    found |= !strcmp(d.v[i].kind, kind) && !strcmp(d.v[i].field, field) && d.v[i].line == 5 &&
             d.v[i].severity == PSST_ERROR;
  if (!found)
    fail_msg("no %s error on %s at line 5 for %s -> %s", kind, field, from, to);
  psst_diags_release(&d);
}

static void test_keyword_lists_checked(void **state) {
  (void)state;
  expect_keyword_error("\"keywords\": {\"zh\": [\"马克思主义\", ", "\"keywords\": {\"zh\": [\"\", ",
                       "topics[0].keywords.zh", "bad-type");
  expect_keyword_error("\"keywords\": {\"zh\": [\"马克思主义\", ", "\"keywords\": {\"zh\": [1, ",
                       "topics[0].keywords.zh", "bad-type");
  expect_keyword_error("\"keywords\": {\"zh\": [", "\"keywords\": {\"zhh\": [], \"zh\": [",
                       "topics[0].keywords", "unknown-key");
  expect_keyword_error("\"keywords\": {\"zh\": [", "\"keywords\": \"none\", \"x\": {\"zh\": [",
                       "topics[0].keywords", "bad-type");
  expect_keyword_error("\"en\": [\"marxism\"", "\"en\": [\"Marxism\"", "topics[0].keywords.en",
                       "bad-keyword");
  expect_keyword_error("\"en\": [\"marxism\", ", "\"eng\": [", "topics[0].keywords.en",
                       "missing-key");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ai_title),
      cmocka_unit_test(test_rural_title),
      cmocka_unit_test(test_nothing_to_go_on),
      cmocka_unit_test(test_secondary_never_primary),
      cmocka_unit_test(test_learned_part),
      cmocka_unit_test(test_english_and_body),
      cmocka_unit_test(test_default_tag),
      cmocka_unit_test(test_bad_training),
      cmocka_unit_test(test_keyword_lists_checked),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
