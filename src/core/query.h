/*
 * query.h: a search as an analyst types it, turned into an FTS5 expression over the index
 * of build.c and fts_tokenizer.c (docs/search.md):
 *
 *   区块链 blockchain        both (implicit AND)
 *   "rule of law"           a phrase
 *   量子 OR quantum          either
 *   ai -military, ai NOT x  without
 *   title:量子 lecturer:wang institution:tsinghua note:army tag:ai   one field
 *   techno*                 a prefix
 *   ( ... )                 grouping
 *
 * Every word is also looked for as what it may mean: its synonyms (codebook.json), its
 * simplified form, and, for Latin letters, the pinyin of titles and names (qukuailian,
 * qu kuai lian, qūkuàiliàn) or their initials (qkl). What matched is kept for the snippet.
 */
#ifndef PSST_QUERY_H
#define PSST_QUERY_H

#include "internal.h"

#include <libstemmer.h>

enum ps_hl_kind {
  PS_HL_TEXT = 0,     /* the words as they are (any case for Latin letters, whole words) */
  PS_HL_STEM = 1,     /* a Latin word whose English stem is s */
  PS_HL_PINYIN = 2,   /* ideographs read as the syllables of s ("qu kuai lian") */
  PS_HL_INITIALS = 3, /* ideographs whose readings start with the letters of s */
};

struct ps_hl {
  enum ps_hl_kind kind;
  char *s;
};

struct ps_query {
  struct ps_buf fts; /* the FTS5 expression */
  struct ps_hl *hl;  /* what to mark in a snippet */
  size_t n_hl, cap_hl;
  char **latin; /* the Latin words typed (for "did you mean") */
  size_t n_latin;
  struct sb_stemmer *stem; /* English stems, for the snippet's matching too */
};

/*
 * Compiles q. PSST_EINVAL with a message naming the problem ("search: a '(' is not closed")
 * for a malformed query or one with nothing to find; PSST_ENOMEM.
 */
int ps_query_compile(struct psst *p, const char *q, struct ps_query *out, struct psst_error *err);
void ps_query_release(struct ps_query *q);

/* The length of the match of h at text + i (0 when none), for marking snippets. stem is an
   English stemmer (libstemmer) or NULL. */
size_t ps_hl_match(const struct ps_hl *h, const char *text, size_t i, size_t len, void *stem);

#endif
