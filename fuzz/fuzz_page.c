/*
 * fuzz_page.c: libFuzzer target for what psst watch reads from the network (src/watch/
 * page.c): the charset decoding, the links of a list or feed, an article's body, title,
 * next page and date. The first byte picks the Content-Type the page came with (none,
 * UTF-8, GBK, an unknown charset); the rest is the page. Every link must be an absolute
 * http(s) address, the body must lie within the page. Seeds: the pages of the watch tests.
 */
#include "watch_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const types[] = {NULL, "text/html; charset=utf-8", "text/html; charset=GBK",
                                    "text/html; charset=\"x-unknown\""};
static const char *const markers[] = {"id=\"content_area\"", "id=\"detailContent\""};

static void read_page(const char *text, size_t len) {
  const char *base = "http://www.news.cn/politics/leaders/";
  struct pw_links l;
  if (pw_links_find(text, len, base, &l) == PSST_OK) {
    for (size_t i = 0; i < l.n; i++)
      if (strncmp(l.v[i].url, "http://", 7) && strncmp(l.v[i].url, "https://", 8))
        abort();
    pw_links_release(&l);
  }
  size_t s = 0, e = 0;
  bool found;
  pw_body(text, len, markers, 2, &s, &e, &found);
  if (s > e || e > len)
    abort();
  free(pw_title(text, len));
  free(pw_next_page(text, len, base));
  char date[11];
  if (pw_page_date(text, len, base, date) && !ps_valid_date(date))
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!size)
    return 0;
  const char *type = types[data[0] % 4];
  const char *page = (const char *)data + 1;
  size_t len = size - 1;
  char *text = NULL, cs[32];
  size_t tlen = 0;
  char why[200];
  if (pw_decode(page, len, type, &text, &tlen, cs, why, sizeof why) == PSST_OK) {
    if (strlen(text) > tlen) /* NUL-terminated at its length (a NUL inside is allowed) */
      abort();
    read_page(text, tlen);
    free(text);
  }
  read_page(page, len); /* the scan must hold on bytes that are not text at all */
  return 0;
}
