/*
 * pinyin.h: the Mandarin readings of ideographs (Unicode's Unihan data, as generated into
 * pinyin_table.c at build time by tools/gen_pinyin.c) and the splitting of typed pinyin into
 * syllables. Used by the search index (fts_tokenizer.c) and the query (query.c).
 */
#ifndef PSST_PINYIN_H
#define PSST_PINYIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { PS_PINYIN_MAX = 4, PS_PINYIN_SPLITS = 4, PS_PINYIN_MAX_SYLL = 16 };

struct ps_pinyin_entry {
  unsigned short cp;
  unsigned char n;
  unsigned short r[PS_PINYIN_MAX]; /* indexes into ps_pinyin_syllables, customary first */
};

extern const char *const ps_pinyin_syllables[]; /* toneless, ü as v, sorted */
extern const unsigned ps_pinyin_n_syllables;
extern const struct ps_pinyin_entry ps_pinyin_entries[]; /* sorted by code point */
extern const unsigned ps_pinyin_n_entries;

extern const unsigned ps_traditional_chars[]; /* sorted */
extern const unsigned ps_n_traditional_chars;

/* Whether cp is written only in traditional texts (Unihan: its simplified form is another
   character). */
bool ps_is_traditional(int32_t cp);

/* The readings of cp (at most PS_PINYIN_MAX), customary first; 0 when it has none. */
int ps_pinyin_of(int32_t cp, const char *out[PS_PINYIN_MAX]);

/* Whether s[0, n) is a syllable (lower-case ASCII). */
bool ps_pinyin_is_syllable(const char *s, size_t n);

/* The ways of reading s[0, n) (lower-case ASCII) as a sequence of syllables, fewest
   syllables first, at most PS_PINYIN_SPLITS; each split a list of (offset, length). */
struct ps_pinyin_split {
  size_t n;
  unsigned short at[PS_PINYIN_MAX_SYLL], len[PS_PINYIN_MAX_SYLL];
};
int ps_pinyin_split(const char *s, size_t n, struct ps_pinyin_split out[PS_PINYIN_SPLITS]);

#endif
