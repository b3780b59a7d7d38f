/*
 * suggest.c: the distance behind "did you mean". Damerau-Levenshtein (the optimal string
 * alignment variant) by hand: twenty lines, where the one Debian library that has it
 * would be a dependency for one function; swaps count 1 because "--yaer" is the typo
 * people make. Code points, not bytes, so that a Chinese label is compared by character.
 */
#include "suggest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The code points of s, ASCII letters lowered, in a new array (*n of them); NULL on no
   memory. An invalid byte stands for itself. */
static int32_t *decode(const char *s, size_t *n) {
  size_t len = strlen(s);
  int32_t *v = malloc((len + 1) * sizeof *v);
  if (!v)
    return NULL;
  *n = 0;
  for (size_t i = 0; i < len;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
    if (k <= 0) {
      cp = (unsigned char)s[i];
      k = 1;
    }
    v[(*n)++] = cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp;
    i += (size_t)k;
  }
  return v;
}

static size_t min3(size_t a, size_t b, size_t c) {
  size_t m = a < b ? a : b;
  return m < c ? m : c;
}

size_t ps_cli_distance(const char *a, const char *b) {
  size_t na = 0, nb = 0, r = SIZE_MAX;
  int32_t *x = decode(a, &na), *y = decode(b, &nb);
  /* three rows of the (na+1) x (nb+1) table: the one before last is what a swap needs */
  size_t *d = x && y ? malloc(3 * (nb + 1) * sizeof *d) : NULL;
  if (d) {
    size_t *pp = d, *p = d + nb + 1, *cur = d + 2 * (nb + 1);
    for (size_t j = 0; j <= nb; j++)
      p[j] = j;
    for (size_t i = 1; i <= na; i++) {
      cur[0] = i;
      for (size_t j = 1; j <= nb; j++) {
        size_t cost = x[i - 1] != y[j - 1];
        cur[j] = min3(p[j] + 1, cur[j - 1] + 1, p[j - 1] + cost);
        if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] &&
            pp[j - 2] + 1 < cur[j])
          cur[j] = pp[j - 2] + 1;
      }
      size_t *t = pp;
      pp = p, p = cur, cur = t;
    }
    r = p[nb];
  }
  free(d);
  free(x);
  free(y);
  return r;
}

/* Code points in s (continuation bytes not counted): "信息化" is 3 long, not 9. */
static size_t length(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

int ps_cli_near(const char *word, const char *known, size_t *dist) {
  size_t a = length(word), b = length(known), longer = a > b ? a : b;
  size_t limit = longer / 3;
  limit = limit < 1 ? 1 : limit > 3 ? 3 : limit;
  size_t d = ps_cli_distance(word, known);
  if (dist)
    *dist = d;
  return d != SIZE_MAX && d <= limit;
}

const char *ps_cli_suggest(const char *word, const char *const *known, size_t n) {
  const char *best = NULL;
  size_t best_d = SIZE_MAX;
  for (size_t i = 0; i < n; i++) {
    size_t d;
    if (known[i] && ps_cli_near(word, known[i], &d) && d < best_d)
      best = known[i], best_d = d;
  }
  return best;
}
