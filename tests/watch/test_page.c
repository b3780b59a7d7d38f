/*
 * test_page.c: how psst watch reads a page (src/watch/page.c): charsets declared in the
 * header, a <meta> or an XML declaration, or not at all; links relative, under a <base>, in
 * RSS and Atom feeds; an article's body with nested elements; the next page of a split
 * article; a page's date; and the sources file (src/watch/sources.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "watch_int.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 集体学习 in GBK */
#define GBK_JTXX "\xBC\xAF\xCC\xE5\xD1\xA7\xCF\xB0"

static char *decode(const char *body, const char *type, char cs[32], int *rc, char *why) {
  char *out = NULL;
  size_t n = 0;
  *rc = pw_decode(body, strlen(body), type, &out, &n, cs, why, 200);
  return out;
}

static void test_charsets(void **state) {
  (void)state;
  char cs[32], why[200] = "";
  int rc;
  char *t = decode("<p>" GBK_JTXX "</p>", "text/html; charset=GBK", cs, &rc, why);
  assert_int_equal(rc, PSST_OK);
  assert_string_equal(cs, "GB18030");
  assert_string_equal(t, "<p>集体学习</p>");
  free(t);
  /* declared in a <meta http-equiv> as gb2312, read as GB18030 */
  t = decode("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><p>" GBK_JTXX,
             NULL, cs, &rc, why);
  assert_int_equal(rc, PSST_OK);
  assert_non_null(strstr(t, "集体学习"));
  free(t);
  /* an XML declaration (a feed) */
  t = decode("<?xml version=\"1.0\" encoding=\"GBK\"?><rss>" GBK_JTXX "</rss>", NULL, cs, &rc, why);
  assert_non_null(t && strstr(t, "集体学习"));
  free(t);
  /* undeclared: UTF-8 when valid, else GB18030 */
  t = decode("<p>集体学习</p>", NULL, cs, &rc, why);
  assert_string_equal(cs, "UTF-8");
  free(t);
  t = decode("<p>" GBK_JTXX "</p>", NULL, cs, &rc, why);
  assert_string_equal(cs, "GB18030");
  assert_string_equal(t, "<p>集体学习</p>");
  free(t);
  /* a byte-order mark wins over the header */
  t = decode("\xEF\xBB\xBF<p>集体</p>", "text/html; charset=gbk", cs, &rc, why);
  assert_string_equal(t, "<p>集体</p>");
  free(t);
  /* declared UTF-8 but not: refused with the byte */
  t = decode("<p>" GBK_JTXX "</p>", "text/html; charset=utf-8", cs, &rc, why);
  assert_int_equal(rc, PSST_EINVAL);
  assert_null(t);
  assert_string_equal(why, "the page says it is UTF-8 but byte 4 is not");
  /* an unknown charset */
  t = decode("<p>x</p>", "text/html; charset=x-nothing", cs, &rc, why);
  assert_int_equal(rc, PSST_EINVAL);
  assert_non_null(strstr(why, "'x-nothing' is not one psst can read"));
  /* GB18030 with a broken character */
  t = decode("<p>\xBC</p>", "text/html; charset=gb18030", cs, &rc, why);
  assert_int_equal(rc, PSST_EINVAL);
  assert_non_null(strstr(why, "not valid GB18030"));
}

static void test_links(void **state) {
  (void)state;
  const char *html = "<html><head><base href=\"http://a.test/news/\"></head><body>"
                     "<a href=\"x/1.html\" title=\"t\"><img src=p.jpg></a>"
                     "<A HREF='x/1.html'>第一次<b>集体学习</b></A>"
                     "<a href=../2.html>二 &amp; 三</a>"
                     "<a href=\"//b.test/3.html#top\">三</a>"
                     "<a href=\"javascript:void(0)\">no</a><a href=\"mailto:x@y\">no</a>"
                     "<!-- <a href=\"/hidden.html\">no</a> -->"
                     "<a name=\"anchor\">no</a><a href=\"#frag\">no</a></body></html>";
  struct pw_links l;
  assert_int_equal(pw_links_find(html, strlen(html), "http://ignored.test/", &l), PSST_OK);
  assert_int_equal(l.n, 3);
  assert_string_equal(l.v[0].url, "http://a.test/news/x/1.html");
  assert_string_equal(l.v[0].text, "第一次集体学习"); /* the words, not the picture's title */
  assert_string_equal(l.v[1].url, "http://a.test/2.html");
  assert_string_equal(l.v[1].text, "二 & 三");
  assert_string_equal(l.v[2].url, "http://b.test/3.html");
  pw_links_release(&l);

  const char *rss = "<?xml version=\"1.0\"?><rss><channel><title>c</title><link>http://c.test/"
                    "</link><item><title><![CDATA[集体学习 <i>一</i>]]></title>"
                    "<link>http://c.test/1.html</link></item>"
                    "<item><title>二</title><link> /2.html </link></item></channel></rss>";
  assert_int_equal(pw_links_find(rss, strlen(rss), "http://c.test/rss.xml", &l), PSST_OK);
  assert_int_equal(l.n, 2);
  assert_string_equal(l.v[0].url, "http://c.test/1.html");
  assert_string_equal(l.v[0].text, "集体学习 一");
  assert_string_equal(l.v[1].url, "http://c.test/2.html");
  pw_links_release(&l);

  const char *atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>甲</title>"
                     "<link rel=\"related\" href=\"http://d.test/r\"/>"
                     "<link href=\"http://d.test/a\"/></entry></feed>";
  assert_int_equal(pw_links_find(atom, strlen(atom), "http://d.test/", &l), PSST_OK);
  assert_int_equal(l.n, 1);
  assert_string_equal(l.v[0].url, "http://d.test/a");
  assert_string_equal(l.v[0].text, "甲");
  pw_links_release(&l);
}

static void test_body_and_pages(void **state) {
  (void)state;
  const char *html = "<html><head><title>标题 &amp; 副题</title></head><body>"
                     "<div class=\"nav\"><a href=\"/x\">集体学习</a></div>"
                     "<div class=\"c\" id=\"content_area\"><p>一</p><div><p>二</p></div><p>三</p>"
                     "</div><div>后</div><a href=\"c_2.html\">下一页</a></body></html>";
  const char *markers[] = {"id=\"missing\"", "id=\"content_area\""};
  size_t s, e;
  bool found;
  pw_body(html, strlen(html), markers, 2, &s, &e, &found);
  assert_true(found);
  assert_int_equal(e - s, strlen("<p>一</p><div><p>二</p></div><p>三</p>"));
  assert_memory_equal(html + s, "<p>一</p><div><p>二</p></div><p>三</p>", e - s);
  pw_body(html, strlen(html), markers, 1, &s, &e, &found);
  assert_false(found); /* the <body> then */
  assert_memory_equal(html + s, "<div class=\"nav\">", 17);
  char *t = pw_title(html, strlen(html));
  assert_string_equal(t, "标题 & 副题");
  free(t);
  char *next = pw_next_page(html, strlen(html), "http://a.test/p/c.html");
  assert_string_equal(next, "http://a.test/p/c_2.html");
  free(next);
  /* a next link to the page itself is none */
  assert_null(pw_next_page(html, strlen(html), "http://a.test/p/c_2.html"));
}

static void test_dates(void **state) {
  (void)state;
  char d[11];
  const char *meta = "<meta name=\"publishdate\" content=\"2026-07-30\"><body>2020-01-01</body>";
  assert_true(pw_page_date(meta, strlen(meta), "http://a.test/2019/01/01/x.html", d));
  assert_string_equal(d, "2026-07-30");
  assert_true(pw_page_date("<body></body>", 13, "http://tv.cctv.com/2026/07/31/VIDE.shtml", d));
  assert_string_equal(d, "2026-07-31");
  assert_true(
      pw_page_date("<body></body>", 13, "http://www.news.cn/politics/20260730/ab/c.html", d));
  assert_string_equal(d, "2026-07-30");
  assert_true(pw_page_date("<body></body>", 13, "http://www.news.cn/2021-12/11/c_1.htm", d));
  assert_string_equal(d, "2021-12-11");
  const char *text =
      "<body><script>var d='2001-01-01';</script><div>2024年2月1日 19:18</div></body>";
  assert_true(pw_page_date(text, strlen(text), "http://www.gov.cn/a.htm", d));
  assert_string_equal(d, "2024-02-01");
  assert_false(pw_page_date("<body>none</body>", 17, "http://a.test/x", d));
}

static int load(const char *json, struct pw_sources *s, struct psst_error *err) {
  char path[] = "/tmp/psst-test-sources-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, json, strlen(json)), (ssize_t)strlen(json));
  close(fd);
  int rc = pw_sources_load(path, s, err);
  unlink(path);
  return rc;
}

static void test_sources(void **state) {
  (void)state;
  struct pw_sources s;
  struct psst_error err = {0};
  char path[4096];
  snprintf(path, sizeof path, "%s/data/watch.json", PSST_SOURCE_DIR);
  assert_int_equal(pw_sources_load(path, &s, &err), PSST_OK);
  assert_int_equal(s.n, 4);
  assert_true(s.v[0].dated);
  char *u = pw_list_url(&s.v[0], "2026-07-31");
  assert_string_equal(u, "https://tv.cctv.com/lm/xwlb/day/20260731.shtml");
  free(u);
  assert_true(pw_match(s.v[0].links, "https://tv.cctv.com/2026/07/31/VIDEabc123260731.shtml"));
  assert_false(pw_match(s.v[0].links, "https://tv.cctv.com/2026/07/31/VIDEabc.shtml?x=1"));
  assert_true(pw_match(s.v[0].titles, "[视频]中共中央政治局进行第二十七次集体学习"));
  assert_true(pw_match(s.v[1].links, "https://www.news.cn/politics/leaders/20260730/"
                                     "0123456789abcdef0123456789abcdef/c.html"));
  assert_true(pw_match(s.v[1].links, "http://www.news.cn/politics/leaders/2021-12/11/c_1128.htm"));
  assert_true(
      pw_match(s.v[2].links, "https://www.gov.cn/yaowen/liebiao/202607/content_7000001.htm"));
  assert_false(s.v[1].dated);
  pw_sources_release(&s);

  assert_int_equal(load("{\"sources\": [\n{\"name\": \"a\", \"list\": \"http://x/\", \"links\": "
                        "\"x\"},\n{\"name\": \"a\", \"list\": \"http://y/\", \"links\": \"y\"}]}",
                        &s, &err),
                   PSST_EINVAL);
  assert_non_null(strstr(err.msg, ":2: source 'a': name: the name is used twice"));
  assert_int_equal(load("{\"sources\": []}", &s, &err), PSST_EINVAL);
  assert_non_null(strstr(err.msg, ":1: sources: a list of sources is required"));
  assert_int_equal(load("{\"sources\": [{\"name\": \"b\", \"list\": \"http://x/\", \"links\": "
                        "\"x\", \"interval\": -1}]}",
                        &s, &err),
                   PSST_EINVAL);
  assert_non_null(strstr(err.msg, "source 'b': interval: seconds from 0 to 3600"));
  assert_int_equal(load("{\"sources\": [{\"name\": \"c\", \"list\": \"http://x/\", \"links\": "
                        "\"x\", \"body\": [\"\"]}]}",
                        &s, &err),
                   PSST_EINVAL);
  assert_non_null(strstr(err.msg, "source 'c': body:"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_charsets),       cmocka_unit_test(test_links),
      cmocka_unit_test(test_body_and_pages), cmocka_unit_test(test_dates),
      cmocka_unit_test(test_sources),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
