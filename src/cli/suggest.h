/*
 * suggest.h: "did you mean" for the psst command: the nearest of a list of known words
 * (commands, options, codebook codes and labels) to a word the user mistyped.
 */
#ifndef PS_CLI_SUGGEST_H
#define PS_CLI_SUGGEST_H

#include <stddef.h>

/*
 * The Damerau-Levenshtein distance (optimal string alignment: insertions, deletions,
 * substitutions and swaps of two neighbours, each 1) between a and b, counted in code
 * points and ignoring ASCII case; SIZE_MAX when memory runs out.
 */
size_t ps_cli_distance(const char *a, const char *b);

/* Whether `word` is near enough to `known` to be offered as what was meant: a distance
   of at most a third of the longer (at least 1, at most 3), so "lst" finds "list" but
   "x" finds nothing. *dist (optional) receives the distance. */
int ps_cli_near(const char *word, const char *known, size_t *dist);

/* The nearest of n words (NULL entries skipped) to word, or NULL when none is near. */
const char *ps_cli_suggest(const char *word, const char *const *known, size_t n);

#endif
