/* test_refdata_pack.c: the reference data packed into the database and read back
   (src/core/refdata_pack.c): the same data, and any damage refused, never half-read. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static void assert_str_same(const char *a, const char *b) {
  if (!a || !b)
    assert_ptr_equal(a, b);
  else
    assert_string_equal(a, b);
}

static void assert_codes_same(const struct ps_code *a, const struct ps_code *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    assert_str_same(a[i].code, b[i].code);
    assert_str_same(a[i].en, b[i].en);
    assert_str_same(a[i].zh, b[i].zh);
    assert_int_equal(a[i].n_kw_zh, b[i].n_kw_zh);
    assert_int_equal(a[i].n_kw_en, b[i].n_kw_en);
    for (size_t k = 0; k < a[i].n_kw_zh; k++)
      assert_string_equal(a[i].kw_zh[k], b[i].kw_zh[k]);
    for (size_t k = 0; k < a[i].n_kw_en; k++)
      assert_string_equal(a[i].kw_en[k], b[i].kw_en[k]);
    assert_int_equal(a[i].official, b[i].official);
  }
}

/* every field of the shipped reference files comes back as the loader made it */
static void test_round_trip(void **state) {
  (void)state;
  struct ps_buf packed = {0};
  assert_int_equal(ps_refdata_pack(&ref, &packed), PSST_OK);
  struct ps_refdata r;
  assert_int_equal(ps_refdata_unpack(packed.s, packed.len, &r), PSST_OK);
  assert_int_equal(r.n_topics, ref.n_topics);
  assert_true(ref.n_topics > 0 && ref.n_tags > 0 && ref.n_terms > 0 && ref.n_institutions > 0);
  assert_true(ref.n_synonyms > 0);
  assert_codes_same(r.topics, ref.topics, ref.n_topics);
  assert_int_equal(r.n_tags, ref.n_tags);
  assert_codes_same(r.tags, ref.tags, ref.n_tags);
  assert_int_equal(r.n_formats, ref.n_formats);
  assert_codes_same(r.formats, ref.formats, ref.n_formats);
  assert_int_equal(r.n_confidence, ref.n_confidence);
  assert_codes_same(r.confidence, ref.confidence, ref.n_confidence);
  assert_int_equal(r.n_source_kinds, ref.n_source_kinds);
  assert_codes_same(r.source_kinds, ref.source_kinds, ref.n_source_kinds);
  assert_int_equal(r.n_synonyms, ref.n_synonyms);
  for (size_t i = 0; i < ref.n_synonyms; i++) {
    assert_int_equal(r.synonyms[i].n, ref.synonyms[i].n);
    for (size_t k = 0; k < ref.synonyms[i].n; k++)
      assert_string_equal(r.synonyms[i].words[k], ref.synonyms[i].words[k]);
  }
  assert_int_equal(r.n_terms, ref.n_terms);
  for (size_t i = 0; i < ref.n_terms; i++) {
    assert_int_equal(r.terms[i].term, ref.terms[i].term);
    assert_string_equal(r.terms[i].leader, ref.terms[i].leader);
    assert_string_equal(r.terms[i].leader_zh, ref.terms[i].leader_zh);
    assert_string_equal(r.terms[i].from, ref.terms[i].from);
    assert_string_equal(r.terms[i].to, ref.terms[i].to);
    assert_int_equal(r.terms[i].sessions_stated, ref.terms[i].sessions_stated);
  }
  assert_int_equal(r.n_institutions, ref.n_institutions);
  for (size_t i = 0; i < ref.n_institutions; i++) {
    assert_str_same(r.institutions[i].code, ref.institutions[i].code);
    assert_str_same(r.institutions[i].zh, ref.institutions[i].zh);
    assert_str_same(r.institutions[i].en, ref.institutions[i].en);
    assert_int_equal(r.institutions[i].n_match, ref.institutions[i].n_match);
    for (size_t k = 0; k < ref.institutions[i].n_match; k++)
      assert_string_equal(r.institutions[i].match[k], ref.institutions[i].match[k]);
  }
  /* and packs to the same text again */
  struct ps_buf again = {0};
  assert_int_equal(ps_refdata_pack(&r, &again), PSST_OK);
  assert_int_equal(again.len, packed.len);
  assert_memory_equal(again.s, packed.s, packed.len);
  ps_buf_release(&again);
  ps_refdata_release(&r);
  ps_buf_release(&packed);
}

/* a text cut anywhere, or with a byte changed, is refused whole (and nothing leaks: the
   sanitizer build checks) unless the change leaves a well-formed packing */
static void test_damage(void **state) {
  (void)state;
  struct ps_buf packed = {0};
  assert_int_equal(ps_refdata_pack(&ref, &packed), PSST_OK);
  struct ps_refdata r;
  for (size_t n = 0; n < packed.len; n += 1 + n / 64) {
    assert_int_equal(ps_refdata_unpack(packed.s, n, &r), PSST_EDB);
    assert_null(r.topics);
  }
  char *copy = malloc(packed.len);
  assert_non_null(copy);
  static const char bytes[] = {'0', '9', ':', ';', '~', 'x', '\0'};
  for (size_t i = 0; i < packed.len; i += 7) {
    memcpy(copy, packed.s, packed.len);
    copy[i] = bytes[i % sizeof bytes];
    if (ps_refdata_unpack(copy, packed.len, &r) == PSST_OK)
      ps_refdata_release(&r);
    else
      assert_null(r.topics);
  }
  /* trailing bytes are damage too */
  struct ps_buf longer = {0};
  assert_int_equal(ps_buf_add(&longer, packed.s, packed.len), 0);
  assert_int_equal(ps_buf_puts(&longer, "1;"), 0);
  assert_int_equal(ps_refdata_unpack(longer.s, longer.len, &r), PSST_EDB);
  ps_buf_release(&longer);
  free(copy);
  ps_buf_release(&packed);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_round_trip),
      cmocka_unit_test(test_damage),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
