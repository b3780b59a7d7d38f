/*
 * test_scan.c: the item splitter of psst scan (src/scan/scan_split.c, scan_json.c) on
 * synthetic archives: the items it passes on, their locators (line, number, headline,
 * date, address) and the pre-filter, the same whatever the chunk size (items that cross
 * chunk boundaries), and the inputs it refuses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "scan_int.h"

#include <stdlib.h>
#include <string.h>

struct got {
  char lines[64][256]; /* "line|number|headline|published|url|first bytes" per item */
  size_t n;
};

static int collect(void *ctx, const struct ps_item *it) {
  struct got *g = ctx;
  if (g->n < 64) {
    /* the item's first four characters */
    char head[32] = "";
    size_t k = 0;
    for (int c = 0; c < 4 && k < it->len; c++)
      do
        k++;
      while (k < it->len && ((unsigned char)it->text[k] & 0xC0) == 0x80);
    memcpy(head, it->text, k);
    head[k] = '\0';
    snprintf(g->lines[g->n++], sizeof g->lines[0], "%ld|%ld|%s|%s|%s|%s", it->line, it->number,
             it->headline, it->published, it->url, head);
  }
  return PSST_OK;
}

struct mem {
  const char *s;
  size_t len, pos, step; /* step: at most this many bytes a read, to move the chunk edges */
};

static long mem_read(void *h, char *buf, size_t n) {
  struct mem *m = h;
  size_t k = m->len - m->pos;
  if (k > n)
    k = n;
  if (m->step && k > m->step)
    k = m->step;
  memcpy(buf, m->s + m->pos, k);
  m->pos += k;
  return (long)k;
}

static int split(enum ps_fmt fmt, const char *s, size_t chunk, size_t step, struct got *g,
                 struct psst_error *err) {
  struct mem m = {s, strlen(s), 0, step};
  struct ps_reader rd = {mem_read, &m};
  struct ps_split_opts o = {.fmt = fmt, .file_date = "2020-01-02", .chunk = chunk};
  struct ps_split_stats st = {0};
  memset(g, 0, sizeof *g);
  return ps_split(&o, &rd, collect, g, &st, err);
}

static const char bulletin[] = "# 《新闻联播》 (20221026)\n\n## 新闻摘要\n\n"
                               "1.习近平在中共中央政治局第一次集体学习时强调；\n\n"
                               "## 详细新闻\n\n### 某地秋收\n\n为测试写的新闻。\n\n"
                               "### 中共中央政治局进行第一次集体学习\n\n"
                               "央视网消息（新闻联播）：为测试写的导语。\n\n"
                               "[查看原文](https://tv.cctv.com/2022/10/26/x.shtml)\n\n"
                               "### 集体经济\n\n一行\n二行\n";

static void test_markdown_items(void **state) {
  (void)state;
  struct got g;
  struct psst_error err = {0};
  assert_int_equal(split(PS_FMT_MD, bulletin, 0, 0, &g, &err), PSST_OK);
  /* three items say 集体: the summary, the readout, the last; 某地秋收 is never passed */
  assert_int_equal(g.n, 3);
  assert_string_equal(g.lines[0], "3|0|新闻摘要|2022-10-26||## 新");
  assert_string_equal(g.lines[1], "13|0|中共中央政治局进行第一次集体学习|2022-10-26||### ");
  assert_string_equal(g.lines[2], "19|0|集体经济|2022-10-26||### ");
}

/* The same items whatever the chunk size and however the reads are cut. */
static void test_chunk_boundaries(void **state) {
  (void)state;
  struct got want, g;
  struct psst_error err = {0};
  assert_int_equal(split(PS_FMT_MD, bulletin, 0, 0, &want, &err), PSST_OK);
  for (size_t chunk = 24; chunk < 300; chunk += 7)
    for (size_t step = 1; step < 40; step += 13) {
      assert_int_equal(split(PS_FMT_MD, bulletin, chunk, step, &g, &err), PSST_OK);
      assert_int_equal(g.n, want.n);
      for (size_t i = 0; i < g.n; i++)
        assert_string_equal(g.lines[i], want.lines[i]);
    }
}

static void test_json_lists(void **state) {
  (void)state;
  struct got g;
  struct psst_error err = {0};
  const char *doc =
      "{\"total\": 2, \"videoList\": [{\"video_title\": \"甲\", \"pub_date\": "
      "\"2019-01-01 19:00\", \"video_url\": \"https://tv.cctv.com/a\", "
      "\"video_detail\": {\"content\": \"为测试写的正文，没有那两个字。\"}}, "
      "{\"video_title\": \"乙\", \"video_detail\": {\"content\": \"正文：集体学习。\", "
      "\"url\": \"https://tv.cctv.com/b\", \"pubtime\": \"2019-01-03 19:00\"}}]}";
  assert_int_equal(split(PS_FMT_JSON, doc, 0, 0, &g, &err), PSST_OK);
  assert_int_equal(g.n, 1);
  assert_string_equal(g.lines[0], "0|2|乙|2019-01-03|https://tv.cctv.com/b|正文：集");
  /* fields by content: the longest string, an address, a date */
  const char *lines = "{\"x\": \"短\"}\n"
                      "{\"a\": \"https://example.org/c\", \"b\": \"2021-05-06\", \"c\": "
                      "\"为测试写的一段长文字，里面说到了集体学习，长到足以当正文。\"}\n";
  assert_int_equal(split(PS_FMT_JSONL, lines, 0, 0, &g, &err), PSST_OK);
  assert_int_equal(g.n, 1);
  assert_string_equal(g.lines[0], "2|2||2021-05-06|https://example.org/c|为测试写");
  /* escapes written by ensure_ascii pass the pre-filter */
  assert_int_equal(split(PS_FMT_JSON,
                         "[{\"text\": \"\\u96c6\\u4f53\\u5b66\\u4e60 and more "
                         "words to make a text of some length here\"}]",
                         0, 0, &g, &err),
                   PSST_OK);
  assert_int_equal(g.n, 1);
}

static void test_refused(void **state) {
  (void)state;
  struct got g;
  struct psst_error err = {0};
  assert_int_equal(split(PS_FMT_JSON, "{\"a\": [1, 2], \"b\": \"集体\"}", 0, 0, &g, &err),
                   PSST_EINVAL);
  assert_non_null(strstr(err.msg, "not an article list"));
  assert_int_equal(split(PS_FMT_JSON, "[1, 2, \"集体\"", 0, 0, &g, &err), PSST_EINVAL);
  assert_non_null(strstr(err.msg, "not JSON"));
  assert_int_equal(split(PS_FMT_TEXT, "abc\xff\xfe集体", 0, 0, &g, &err), PSST_EINVAL);
  assert_non_null(strstr(err.msg, "not UTF-8"));
  /* a line longer than an item: not text */
  char *longline = malloc((2u << 20) + 1);
  assert_non_null(longline);
  memset(longline, 'a', 2u << 20);
  longline[2u << 20] = '\0';
  assert_int_equal(split(PS_FMT_TEXT, longline, 0, 0, &g, &err), PSST_EINVAL);
  assert_non_null(strstr(err.msg, "no line break"));
  free(longline);
}

/* An item longer than the limit is cut to a window around the hit. */
static void test_long_item(void **state) {
  (void)state;
  struct ps_buf b = {0};
  for (int i = 0; i < 40000; i++)
    assert_int_equal(ps_buf_puts(&b, i == 30000 ? "集体学习\n" : "为测试写的一行字。\n"), 0);
  struct got g;
  struct psst_error err = {0};
  assert_int_equal(split(PS_FMT_TEXT, b.s, 0, 0, &g, &err), PSST_OK);
  assert_int_equal(g.n, 1);
  long line = atol(g.lines[0]);
  assert_true(line > 1 && line <= 30001);
  ps_buf_release(&b);
}

static void test_dates(void **state) {
  (void)state;
  char d[11];
  assert_true(ps_date_at("20221024.md", 11, d));
  assert_string_equal(d, "2022-10-24");
  assert_true(ps_date_at("2019-10-24 08:00", 16, d));
  assert_string_equal(d, "2019-10-24");
  assert_false(ps_date_at("20221399", 8, d));
  assert_false(ps_date_at("123456789", 9, d));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_markdown_items), cmocka_unit_test(test_chunk_boundaries),
      cmocka_unit_test(test_json_lists),     cmocka_unit_test(test_refused),
      cmocka_unit_test(test_long_item),      cmocka_unit_test(test_dates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
