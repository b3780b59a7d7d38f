/*
 * fts_markers.h: the control bytes of the search index (fts_tokenizer.c, query.c, build.c).
 * No text typed by a person holds them, so the tokens they start cannot be matched by
 * anything but the query builder's own.
 */
#ifndef PSST_FTS_MARKERS_H
#define PSST_FTS_MARKERS_H

#define PS_FTS_SYLLABLE        '\x01' /* a pinyin token: a syllable, or two ("qukuai") */
#define PS_FTS_INITIALS        '\x02' /* the initials of two syllables ("qk") */
#define PS_FTS_PINYIN_COLUMN   '\x03' /* first byte of a column whose ideographs get pinyin */
#define PS_FTS_PINYIN_COLUMN_S "\x03"

#endif
