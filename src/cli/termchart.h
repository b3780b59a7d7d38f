/*
 * termchart.h: counts drawn as bars of Unicode blocks in the terminal (psst stats
 * --chart), for a look at a distribution without leaving the shell. The publication
 * charts are psst chart's; these are for reading at a glance.
 */
#ifndef PS_CLI_TERMCHART_H
#define PS_CLI_TERMCHART_H

#include "psst.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Draws t, a table from psst_stats, in at most `width` display columns a line:
 *  - one dimension (label, sessions, share): a line a row with the label, a bar in
 *    eighths of a column, the largest value filling the room left, and the count;
 *  - two dimensions (label, one column per value of the second, total): a stacked
 *    bar a row, a fill character (and with `color` a colour) a segment, scaled to
 *    the largest total, then the total, and a legend naming each segment, from
 *    t->headers when set, else t->cols.
 * The table is wide (two dimensions) when its last column is "total". labels holds
 * a display label a row (NULL: the first column's cell). t->note follows, wrapped.
 * Returns 0, or -1 when writing failed or memory ran out.
 */
int ps_termchart(FILE *fp, const struct psst_table *t, const char *const *labels, size_t width,
                 bool color);

/*
 * Writes the bar of `value` on a scale where `max` fills `width` columns: full
 * blocks, then one of the eighth blocks for the rest, rounded to the nearest
 * eighth. A value above zero draws at least an eighth, so that it is never read
 * as none; zero (or less) draws nothing. Returns the columns written.
 */
size_t ps_termchart_bar(FILE *fp, long value, long max, size_t width);

#endif
