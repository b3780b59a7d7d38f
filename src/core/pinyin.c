/*
 * pinyin.c: looking up readings and splitting typed pinyin (pinyin.h). The table is
 * Unicode's (Unihan kMandarin and the dictionaries' readings), generated at build time; the
 * splitting tries every way of cutting a word into syllables and keeps the ones with the
 * fewest (qukuailian: qu kuai lian; xian: xian before xi an).
 */
#include "pinyin.h"

#include <string.h>

int ps_pinyin_of(int32_t cp, const char *out[PS_PINYIN_MAX]) {
  size_t lo = 0, hi = ps_pinyin_n_entries;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (ps_pinyin_entries[mid].cp < cp)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (cp > 0xFFFF || lo == ps_pinyin_n_entries || ps_pinyin_entries[lo].cp != cp)
    return 0;
  const struct ps_pinyin_entry *e = &ps_pinyin_entries[lo];
  for (int i = 0; i < e->n; i++)
    out[i] = ps_pinyin_syllables[e->r[i]];
  return e->n;
}

bool ps_is_traditional(int32_t cp) {
  size_t lo = 0, hi = ps_n_traditional_chars;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (ps_traditional_chars[mid] == (unsigned)cp)
      return true;
    if (ps_traditional_chars[mid] < (unsigned)cp)
      lo = mid + 1;
    else
      hi = mid;
  }
  return false;
}

bool ps_pinyin_is_syllable(const char *s, size_t n) {
  size_t lo = 0, hi = ps_pinyin_n_syllables;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    const char *m = ps_pinyin_syllables[mid];
    int c = strncmp(m, s, n);
    if (!c && m[n])
      c = 1;
    if (c < 0)
      lo = mid + 1;
    else if (c > 0)
      hi = mid;
    else
      return true;
  }
  return false;
}

struct search {
  const char *s;
  size_t n;
  unsigned char fewest[65]; /* the fewest syllables that s[i, n) splits into; 255: none */
  size_t limit;             /* the most syllables a split kept may have */
  struct ps_pinyin_split cur, *out;
  int found;
};

/* Depth first along the positions from which the rest can be split, longest syllable
   first, never more than one syllable over the fewest: bounded however long the word. */
static void walk(struct search *k, size_t at) {
  if (k->found == PS_PINYIN_SPLITS)
    return;
  if (at == k->n) {
    k->out[k->found++] = k->cur;
    return;
  }
  if (k->cur.n == PS_PINYIN_MAX_SYLL)
    return;
  for (size_t len = k->n - at < 6 ? k->n - at : 6; len >= 1; len--) {
    if (k->fewest[at + len] == 255 || k->cur.n + 1 + k->fewest[at + len] > k->limit ||
        !ps_pinyin_is_syllable(k->s + at, len))
      continue;
    k->cur.at[k->cur.n] = (unsigned short)at;
    k->cur.len[k->cur.n++] = (unsigned short)len;
    walk(k, at + len);
    k->cur.n--;
  }
}

int ps_pinyin_split(const char *s, size_t n, struct ps_pinyin_split out[PS_PINYIN_SPLITS]) {
  if (!n || n > 64)
    return 0;
  struct search k = {.s = s, .n = n, .out = out};
  k.fewest[n] = 0;
  for (size_t i = n; i-- > 0;) {
    k.fewest[i] = 255;
    for (size_t len = 1; len <= 6 && i + len <= n; len++)
      if (k.fewest[i + len] != 255 && k.fewest[i + len] + 1 < k.fewest[i] &&
          ps_pinyin_is_syllable(s + i, len))
        k.fewest[i] = (unsigned char)(k.fewest[i + len] + 1);
  }
  if (k.fewest[0] == 255 || k.fewest[0] > PS_PINYIN_MAX_SYLL)
    return 0;
  /* the splits with the fewest syllables, then those with one more */
  for (k.limit = k.fewest[0]; k.limit <= (size_t)k.fewest[0] + 1 && k.found < PS_PINYIN_SPLITS;
       k.limit++) {
    int before = k.found;
    walk(&k, 0);
    /* the second pass finds the first pass's splits again: keep only the longer ones */
    int w = before;
    for (int i = before; i < k.found; i++)
      if (out[i].n == k.limit)
        out[w++] = out[i];
    k.found = w;
  }
  return k.found;
}
