/*
 * scan_split.c: a file's bytes into news items, streamed.
 *
 * An archive is gigabytes in which one item in a thousand is a readout, so the bytes
 * are read in large chunks and searched with memmem for 集体 and 集體 (and their JSON
 * escapes) before anything is parsed: only the item around a hit is cut out. An item
 * runs from the heading (a line starting with #) or form feed before the hit to the
 * next one; a JSON Lines item is its line. Lines are counted over every byte (a
 * word-at-a-time count) because a locator names the item's line, and counting is cheaper
 * than any second pass. The buffer keeps at most one item of history, so memory is the
 * chunk and an item whatever the file's size.
 */
#define _GNU_SOURCE /* memmem, memrchr */
#include "scan_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

enum {
  DEFAULT_CHUNK = 4 << 20,
  DEFAULT_ITEM_MAX = 1 << 20,
  DEFAULT_JSON_MAX = 64 << 20,
  SNIFF = 4096,       /* bytes searched for a NUL (binary files) */
  SNIFF_UTF8 = 65536, /* bytes that may be looked at to tell UTF-8 from GB18030 */
  PAT_MAX = 12,       /* the longest pattern, for the overlap between chunks */
};

/* ---- the pre-filter ---- */

static const struct {
  const char *s;
  size_t n;
} pats[] = {
    {"集体", 6},
    {"集體", 6},
    /* JSON written with ensure_ascii: the same characters as escapes (lower-case hex) */
    {"\\u96c6\\u4f53", 12},
    {"\\u96c6\\u9ad4", 12},
};

/*
 * 集体 and 集體 start with the same character, 集 (E9 9B 86): one pass finds both. With
 * SSE2 (every x86-64) sixteen positions are tested at once for E9 and, two bytes on, 86
 * (the first and last bytes of 集, as in Muła's SIMD substring search); the rare
 * candidates are checked whole. Elsewhere memmem does it, one pattern at a time.
 */
static bool is_jiti(const char *p, const char *end) {
  return end - p >= 6 && !memcmp(p, "集", 3) &&
         (!memcmp(p + 3, "体", 3) || !memcmp(p + 3, "體", 3));
}

static size_t find_jiti(const char *buf, size_t len, size_t from) {
  const char *end = buf + len;
#if defined(__SSE2__)
  const __m128i first = _mm_set1_epi8((char)0xE9), last = _mm_set1_epi8((char)0x86);
  size_t i = from;
  for (; i + 18 <= len; i += 16) {
    __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(buf + i));
    __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(buf + i + 2));
    unsigned mask = (unsigned)_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(c, last)));
    while (mask) {
      unsigned bit = (unsigned)__builtin_ctz(mask);
      if (is_jiti(buf + i + bit, end))
        return i + bit;
      mask &= mask - 1;
    }
  }
  for (; i + 6 <= len; i++)
    if (is_jiti(buf + i, end))
      return i;
  return len;
#else
  size_t best = len;
  const char *h = memmem(buf + from, len - from, "集体", 6);
  if (h)
    best = (size_t)(h - buf);
  h = memmem(buf + from, best - from, "集體", 6);
  return h ? (size_t)(h - buf) : best;
#endif
}

void ps_prefilter_reset(struct ps_prefilter *pf, bool json) {
  pf->n_pats = json ? 4 : 2;
  for (size_t i = 0; i < pf->n_pats; i++)
    pf->next[i] = SIZE_MAX;
}

size_t ps_prefilter_next(struct ps_prefilter *pf, const char *buf, size_t len, size_t from) {
  size_t best = len;
  /* slot 0 holds both 集体 and 集體; slots 2 and 3 the JSON escapes */
  for (size_t i = 0; i < pf->n_pats; i++) {
    if (i == 1)
      continue;
    /* a cached position is reused while it lies ahead: a pattern that never occurs
     * is searched once a chunk, not once a hit of the other */
    if (pf->next[i] == SIZE_MAX || pf->next[i] < from) {
      if (from >= len)
        pf->next[i] = len;
      else if (i == 0)
        pf->next[i] = find_jiti(buf, len, from);
      else {
        const char *h = memmem(buf + from, len - from, pats[i].s, pats[i].n);
        pf->next[i] = h ? (size_t)(h - buf) : len;
      }
    }
    if (pf->next[i] < best)
      best = pf->next[i];
  }
  return best;
}

bool ps_prefilter_any(const char *s, size_t n, bool json) {
  for (size_t i = 0; i < (json ? 4u : 2u); i++)
    if (memmem(s, n, pats[i].s, pats[i].n))
      return true;
  return false;
}

/* ---- helpers ---- */

/* Line feeds in [s, s+n), eight bytes at a time: a byte equal to '\n' becomes 0x80 in t. */
static size_t count_nl(const char *s, size_t n) {
  const uint64_t ones = 0x0101010101010101ULL, m7 = 0x7f7f7f7f7f7f7f7fULL, nl = ones * '\n';
  size_t k = 0, i = 0;
  while (i + 8 <= n) {
    uint64_t acc = 0;
    /* up to 255 words per lane sum, so that no byte of acc overflows */
    for (size_t w = 0; w < 255 && i + 8 <= n; w++, i += 8) {
      uint64_t x;
      memcpy(&x, s + i, 8);
      x ^= nl;
      uint64_t t = ~(((x & m7) + m7) | x | m7);
      acc += t >> 7;
    }
    k += (size_t)((acc * ones) >> 56);
  }
  for (; i < n; i++)
    k += s[i] == '\n';
  return k;
}

bool ps_date_at(const char *s_in, size_t n, char out[11]) {
  int y, m, d;
  char tmp[11];
  /* s_in need not be NUL-terminated (a file's buffer): sscanf reads a copy */
  char s[16];
  if (n > 15)
    n = 15;
  memcpy(s, s_in, n);
  s[n] = '\0';
  if (n >= 8 && s[0] >= '0' && s[0] <= '9') {
    bool digits8 = true;
    for (int i = 0; i < 8; i++)
      digits8 = digits8 && s[i] >= '0' && s[i] <= '9';
    if (digits8 && (n == 8 || s[8] < '0' || s[8] > '9')) {
      snprintf(tmp, sizeof tmp, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
      if (ps_valid_date(tmp)) {
        memcpy(out, tmp, 11);
        return true;
      }
    }
  }
  if (n >= 10 && sscanf(s, "%4d", &y) == 1 && (s[4] == '-' || s[4] == '/') &&
      sscanf(s + 5, "%2d", &m) == 1 && s[7] == s[4] && sscanf(s + 8, "%2d", &d) == 1) {
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
    if (ps_valid_date(tmp)) {
      memcpy(out, tmp, 11);
      return true;
    }
  }
  return false;
}

/* Whether the start of a file is UTF-8: checked up to its 64th non-ASCII character (a
   page's long ASCII head does not decide) or the sample's end. */
static bool utf8_sniff(const char *s, size_t n) {
  size_t wide = 0, i = 0;
  while (i < n && wide < 64) {
    if ((unsigned char)s[i] >= 0xC0)
      wide++;
    i++;
  }
  /* the character the count stopped in is checked whole, when the sample holds it */
  while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
    i++;
  return ps_utf8_prefix_ok(s, i);
}

bool ps_utf8_prefix_ok(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    /* eight ASCII bytes at a time */
    if (i + 8 <= n) {
      uint64_t w;
      memcpy(&w, p + i, 8);
      if (!(w & 0x8080808080808080ULL)) {
        i += 8;
        continue;
      }
    }
    unsigned char c = p[i];
    size_t k = c < 0x80             ? 1
               : (c & 0xE0) == 0xC0 ? 2
               : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4
                                    : 0;
    if (!k || (k == 2 && c < 0xC2) || (k == 4 && c > 0xF4))
      return false;
    if (i + k > n)
      return true; /* cut by the sample's end */
    for (size_t j = 1; j < k; j++)
      if ((p[i + j] & 0xC0) != 0x80)
        return false;
    i += k;
  }
  return true;
}

/* ---- the streaming text splitter ---- */

struct stream {
  const struct ps_split_opts *o;
  const struct ps_reader *rd;
  char *buf;
  size_t cap, len;
  unsigned long long base; /* file offset of buf[0] */
  bool eof;
  size_t cnt_off;             /* lines are counted up to buf[cnt_off] */
  long cnt_line;              /* the line number at buf[cnt_off] */
  unsigned long long last_nl; /* file offset just after the last line feed seen */
};

static long line_at(struct stream *s, size_t off) {
  if (off > s->cnt_off) {
    s->cnt_line += (long)count_nl(s->buf + s->cnt_off, off - s->cnt_off);
    s->cnt_off = off;
  }
  return s->cnt_line;
}

/* Drops buf[0, k): their lines are counted first. */
static void shift(struct stream *s, size_t k) {
  line_at(s, k);
  memmove(s->buf, s->buf + k, s->len - k);
  s->len -= k;
  s->cnt_off -= k;
  s->base += k;
}

static int fill(struct stream *s, struct ps_split_stats *st, struct psst_error *err) {
  while (!s->eof && s->len < s->cap) {
    long got = s->rd->read(s->rd->h, s->buf + s->len, s->cap - s->len);
    if (got < 0)
      return ps_err(err, PSST_EIO, "read error at byte %llu", s->base + s->len);
    if (got == 0) {
      s->eof = true;
      break;
    }
    const char *nl = memrchr(s->buf + s->len, '\n', (size_t)got);
    if (nl)
      s->last_nl = s->base + (size_t)(nl - s->buf) + 1;
    s->len += (size_t)got;
    st->bytes += (unsigned long long)got;
  }
  /* text has line breaks: a megabyte without one is not text (or one unending line) */
  if (s->base + s->len - s->last_nl > s->o->item_max && s->o->fmt != PS_FMT_HTML)
    return ps_err(err, PSST_EINVAL, "no line break in %zu bytes (from byte %llu): not a text file",
                  s->o->item_max, s->last_nl);
  return PSST_OK;
}

static bool is_boundary_line(const struct stream *s, size_t i) {
  /* i is a line start */
  if (s->o->fmt == PS_FMT_JSONL)
    return true;
  if (s->o->fmt == PS_FMT_HTML)
    return false;
  return i < s->len && s->buf[i] == '#';
}

/* The item start at or before h: a boundary line, a form feed, or the file's start;
   never more than item_max/2 back (then the line start there). */
static size_t item_start(const struct stream *s, size_t h) {
  size_t floor = h > s->o->item_max / 2 ? h - s->o->item_max / 2 : 0;
  size_t i = h;
  while (i > floor) {
    const char *nl = memrchr(s->buf + floor, '\n', i - floor);
    const char *ff = memrchr(s->buf + floor, '\f', i - floor);
    if (ff && (!nl || ff > nl))
      return (size_t)(ff - s->buf) + 1;
    if (!nl)
      break;
    size_t ls = (size_t)(nl - s->buf) + 1;
    if (ls <= h && is_boundary_line(s, ls))
      return ls;
    i = (size_t)(nl - s->buf);
  }
  if (floor == 0 && s->base == 0)
    return 0;
  /* no boundary within reach: the line start after the floor */
  const char *nl = floor ? memchr(s->buf + floor, '\n', h - floor) : NULL;
  return nl ? (size_t)(nl - s->buf) + 1 : floor;
}

/* The item end after h: the next boundary line or form feed, or SIZE_MAX when the buffer
   ends first. */
static size_t item_end(const struct stream *s, size_t h) {
  if (s->o->fmt == PS_FMT_JSONL) {
    const char *nl = memchr(s->buf + h, '\n', s->len - h);
    return nl ? (size_t)(nl - s->buf) : SIZE_MAX;
  }
  const char *ff = memchr(s->buf + h, '\f', s->len - h);
  size_t stop = ff ? (size_t)(ff - s->buf) : s->len;
  if (s->o->fmt != PS_FMT_HTML)
    for (const char *p = s->buf + h; (p = memchr(p, '\n', (size_t)(s->buf + stop - p)));) {
      size_t ls = (size_t)(p - s->buf) + 1;
      if (ls < s->len && s->buf[ls] == '#')
        return ls;
      p++;
    }
  return ff ? stop : SIZE_MAX;
}

/* The headline: the item's first line when it is a heading, without the #s. */
static void headline_of(const char *t, size_t n, char *out, size_t size) {
  out[0] = '\0';
  if (!n || t[0] != '#')
    return;
  size_t i = 0;
  while (i < n && (t[i] == '#' || t[i] == ' '))
    i++;
  const char *nl = memchr(t + i, '\n', n - i);
  size_t e = nl ? (size_t)(nl - t) : n;
  while (e > i && (t[e - 1] == '\r' || t[e - 1] == ' '))
    e--;
  size_t k = e - i < size - 1 ? e - i : size - 1;
  /* never cut a character in two */
  while (k > 0 && k < e - i && ((unsigned char)t[i + k] & 0xC0) == 0x80)
    k--;
  memcpy(out, t + i, k);
  out[k] = '\0';
}

/* A publication date in a bulletin's first line ("# 《新闻联播》 (20221024)"). */
static void first_line_date(const char *t, size_t n, char out[11]) {
  const char *nl = memchr(t, '\n', n);
  size_t e = nl ? (size_t)(nl - t) : n;
  if (e > 300)
    e = 300;
  for (size_t i = 0; i + 8 <= e; i++)
    if ((i == 0 || t[i - 1] < '0' || t[i - 1] > '9') && ps_date_at(t + i, e - i, out))
      return;
}

static int emit_text(struct stream *s, size_t a, size_t b, bool truncated, ps_item_fn fn, void *ctx,
                     struct ps_split_stats *st, struct psst_error *err) {
  long line = line_at(s, a);
  if (s->o->fmt == PS_FMT_JSONL) {
    size_t n = 0;
    int rc = ps_json_items(s->buf + a, b - a, true, line, s->o->file_date, fn, ctx, &n, err);
    st->items += n;
    /* a line that is not an article is skipped, not the file */
    return rc == PSST_EINVAL ? PSST_OK : rc;
  }
  char head[256];
  headline_of(s->buf + a, b - a, head, sizeof head);
  struct ps_item it = {.number = 0,
                       .line = line,
                       .headline = head,
                       .text = s->buf + a,
                       .len = b - a,
                       .published = st->date[0] ? st->date : s->o->file_date,
                       .url = "",
                       .truncated = truncated};
  st->items++;
  return fn(ctx, &it);
}

static int split_text(struct stream *s, ps_item_fn fn, void *ctx, struct ps_split_stats *st,
                      struct psst_error *err) {
  struct ps_prefilter pf;
  ps_prefilter_reset(&pf, s->o->fmt == PS_FMT_JSONL);
  size_t pos = 0;
  bool first = true;
  for (;;) {
    int rc = fill(s, st, err);
    if (rc)
      return rc;
    if (first) {
      first = false;
      size_t n = s->len < SNIFF ? s->len : SNIFF;
      const char *nul = memchr(s->buf, '\0', n);
      if (nul)
        return ps_err(err, PSST_EINVAL, "binary file (a NUL byte at offset %zu)",
                      (size_t)(nul - s->buf));
      if (!utf8_sniff(s->buf, s->len < SNIFF_UTF8 ? s->len : SNIFF_UTF8)) {
        st->not_utf8 = true;
        return ps_err(err, PSST_EINVAL, "not UTF-8 text");
      }
      if (s->o->fmt == PS_FMT_MD || s->o->fmt == PS_FMT_TEXT)
        first_line_date(s->buf, s->len, st->date);
    }
    size_t h = s->o->prefilter_off ? (pos < s->len ? pos : s->len)
                                   : ps_prefilter_next(&pf, s->buf, s->len, pos);
    if (h >= s->len) {
      if (s->eof)
        return PSST_OK;
      /* keep the last item's start (a later hit may belong to it) and the pattern overlap */
      size_t keep = s->len > PAT_MAX ? s->len - PAT_MAX : 0;
      size_t st0 = item_start(s, keep);
      if (st0 < keep)
        keep = st0;
      shift(s, keep);
      pos = s->len > PAT_MAX ? s->len - PAT_MAX : 0;
      ps_prefilter_reset(&pf, s->o->fmt == PS_FMT_JSONL);
      continue;
    }
    size_t a = item_start(s, h);
    size_t b = item_end(s, h + 1 <= s->len ? h + 1 : s->len);
    if (b == SIZE_MAX && !s->eof && (a > 0 || s->len < s->cap)) {
      /* the item runs past the buffer: move it to the front and read on */
      shift(s, a);
      pos = h - a;
      ps_prefilter_reset(&pf, s->o->fmt == PS_FMT_JSONL);
      continue;
    }
    bool truncated = false;
    if (b == SIZE_MAX)
      b = s->len;
    if (b - a > s->o->item_max) {
      /* a window of item_max around the hit, cut at line ends */
      truncated = true;
      size_t wa = h > a + s->o->item_max / 2 ? h - s->o->item_max / 2 : a;
      const char *nl = wa > a ? memchr(s->buf + wa, '\n', h - wa) : NULL;
      a = nl ? (size_t)(nl - s->buf) + 1 : wa;
      size_t wb = a + s->o->item_max < b ? a + s->o->item_max : b;
      const char *nl2 = wb < b ? memrchr(s->buf + h, '\n', wb - h) : NULL;
      b = nl2 ? (size_t)(nl2 - s->buf) : wb;
    }
    if ((rc = emit_text(s, a, b, truncated, fn, ctx, st, err)))
      return rc;
    pos = b > h ? b : h + 1;
  }
}

/* ---- JSON read whole ---- */

static int split_json(const struct ps_split_opts *o, const struct ps_reader *rd, ps_item_fn fn,
                      void *ctx, struct ps_split_stats *st, struct psst_error *err) {
  struct ps_buf b = {0};
  char tmp[65536];
  long got;
  int rc = PSST_OK;
  while ((got = rd->read(rd->h, tmp, sizeof tmp)) > 0) {
    st->bytes += (unsigned long long)got;
    if (b.len + (size_t)got > o->json_max) {
      rc = ps_err(err, PSST_EINVAL,
                  "JSON document larger than %zu MiB: give the articles as JSON Lines",
                  o->json_max >> 20);
      goto out;
    }
    if (ps_buf_add(&b, tmp, (size_t)got)) {
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
      goto out;
    }
  }
  if (got < 0) {
    rc = ps_err(err, PSST_EIO, "read error");
    goto out;
  }
  size_t n = b.len < SNIFF ? b.len : SNIFF;
  if (b.len && memchr(b.s, '\0', n)) {
    rc = ps_err(err, PSST_EINVAL, "binary file (a NUL byte in its first bytes)");
    goto out;
  }
  if (b.len && !utf8_sniff(b.s, b.len < SNIFF_UTF8 ? b.len : SNIFF_UTF8)) {
    st->not_utf8 = true;
    rc = ps_err(err, PSST_EINVAL, "not UTF-8 text");
    goto out;
  }
  /* nothing is parsed in a document that cannot hold a readout */
  if (!b.len || (!o->prefilter_off && !ps_prefilter_any(b.s, b.len, true)))
    goto out;
  rc = ps_json_items(b.s, b.len, false, 0, o->file_date, fn, ctx, &st->items, err);
out:
  ps_buf_release(&b);
  return rc;
}

int ps_split(const struct ps_split_opts *o_in, const struct ps_reader *rd, ps_item_fn fn, void *ctx,
             struct ps_split_stats *st, struct psst_error *err) {
  struct ps_split_opts o = *o_in;
  if (!o.chunk)
    o.chunk = DEFAULT_CHUNK;
  if (!o.item_max)
    o.item_max = DEFAULT_ITEM_MAX;
  if (!o.json_max)
    o.json_max = DEFAULT_JSON_MAX;
  if (!o.file_date)
    o.file_date = "";
  if (o.chunk < 2 * PAT_MAX)
    o.chunk = 2 * PAT_MAX;
  if (o.item_max < 64)
    o.item_max = 64;
  if (o.fmt == PS_FMT_JSON)
    return split_json(&o, rd, fn, ctx, st, err);
  struct stream s = {.o = &o, .rd = rd, .cap = o.chunk + o.item_max, .cnt_line = 1};
  if (!(s.buf = malloc(s.cap)))
    return ps_err(err, PSST_ENOMEM, "out of memory");
  int rc = split_text(&s, fn, ctx, st, err);
  free(s.buf);
  return rc;
}
