/*
 * fuzz_split.c: libFuzzer target for psst scan's item splitter (src/scan/scan_split.c,
 * scan_json.c). The first byte picks the format and the chunk and item sizes, so that
 * items cross chunk boundaries and hit the size limits; the rest is the file. Every item
 * passed on must lie within what was read and carry a NUL-terminated headline, date and
 * address. Seeds: the synthetic archives of the tests (tests/data/scan).
 */
#include "scan_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct feed {
  const uint8_t *s;
  size_t len, pos, step;
};

static long feed_read(void *h, char *buf, size_t n) {
  struct feed *f = h;
  size_t k = f->len - f->pos;
  if (k > n)
    k = n;
  if (k > f->step)
    k = f->step;
  memcpy(buf, f->s + f->pos, k);
  f->pos += k;
  return (long)k;
}

static int check_item(void *ctx, const struct ps_item *it) {
  size_t *sum = ctx;
  /* touch every byte, so that the sanitizers see an item that is out of bounds */
  for (size_t i = 0; i < it->len; i++)
    *sum += (unsigned char)it->text[i];
  *sum += strlen(it->headline) + strlen(it->published) + strlen(it->url);
  if (it->line < 0 || it->number < 0)
    abort();
  return PSST_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  uint8_t k = data[0];
  struct ps_split_opts o = {.fmt = (enum ps_fmt)(k % 5),
                            .file_date = "2020-01-01",
                            .chunk = 24 + (size_t)(k >> 3) * 37,
                            .item_max = 64 + (size_t)(k >> 4) * 211,
                            .json_max = 1 << 20,
                            .prefilter_off = (k & 0x80) != 0};
  struct feed f = {data + 1, size - 1, 0, 1 + (size_t)(k % 29) * 17};
  struct ps_reader rd = {feed_read, &f};
  struct ps_split_stats st = {0};
  struct psst_error err = {0};
  size_t sum = 0;
  ps_split(&o, &rd, check_item, &sum, &st, &err);
  return 0;
}
