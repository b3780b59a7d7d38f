/*
 * termchart.c: bars of Unicode blocks for psst stats --chart.
 *
 * Everything is measured in display columns (width.h), so that Chinese labels,
 * which take two columns a character, line up with Latin ones, and no line ends
 * past the width the caller gives: labels longer than two fifths of it are cut, the
 * legend and the note are wrapped. A single bar has eighth-column resolution; a
 * stacked bar has whole columns (the eighth blocks cannot show two segments in one
 * column), its segments rounded together so that the bar's length is still its
 * total's. Segments differ by fill character, so that they can be told apart
 * without colour (NO_COLOR, a pipe, a colour-blind reader); colour, when there is
 * a terminal for it, is added on top.
 */
#include "termchart.h"
#include "width.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FULL     "█"
#define ELLIPSIS "…" /* display width 1, as in output.c */
#define RESET    "\033[0m"

static const char *const eighth[8] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

/* Paul Tol's colour-blind-safe "muted" set extended to thirteen, in the order of the
   publication charts (src/chart/chart.c), so that both kinds of chart agree. */
static const uint32_t palette[] = {0x332288, 0xDDCC77, 0x882255, 0x88CCEE, 0x117733,
                                   0xEE8866, 0xAA4499, 0xBBCC33, 0x44AA99, 0xCC6677,
                                   0x999933, 0xDDDDDD, 0x77AADD};
enum { NPALETTE = sizeof palette / sizeof *palette };

/* Densest first: the first segments, usually the largest, are the darkest. */
static const char *const fills[] = {"█", "▓", "▒", "░", "#", "=", "+", "*",
                                    "%", "@", "o", "x", "~", ":", "/", "\\"};
enum { NFILLS = sizeof fills / sizeof *fills };

/* The nearest colour of the xterm 256-colour set: its 6x6x6 cube or its grey ramp. */
static int xterm256(uint32_t rgb) {
  static const int level[6] = {0, 95, 135, 175, 215, 255};
  int c[3] = {(int)(rgb >> 16) & 0xff, (int)(rgb >> 8) & 0xff, (int)rgb & 0xff};
  int idx[3];
  long cube = 0, grey = 0;
  for (int i = 0; i < 3; i++) {
    idx[i] = 0;
    for (int k = 1; k < 6; k++)
      if (abs(level[k] - c[i]) < abs(level[idx[i]] - c[i]))
        idx[i] = k;
    cube += (long)(level[idx[i]] - c[i]) * (level[idx[i]] - c[i]);
  }
  int g = ((c[0] + c[1] + c[2]) / 3 - 8 + 5) / 10;
  g = g < 0 ? 0 : g > 23 ? 23 : g;
  for (int i = 0; i < 3; i++)
    grey += (long)(8 + 10 * g - c[i]) * (8 + 10 * g - c[i]);
  return grey < cube ? 232 + g : 16 + 36 * idx[0] + 6 * idx[1] + idx[2];
}

/* The fill of segment k: distinct characters first; past them, letters. */
static void segment_glyph(size_t k, bool color, char *out, size_t size) {
  if (color) /* the colour tells the first thirteen apart; the character, the next ones */
    snprintf(out, size, "%s", fills[(k / NPALETTE) % NFILLS]);
  else if (k < NFILLS)
    snprintf(out, size, "%s", fills[k]);
  else
    snprintf(out, size, "%c", (char)('A' + (k - NFILLS) % 26));
}

static void put_run(FILE *fp, size_t k, bool color, size_t n) {
  char glyph[8];
  if (!n)
    return;
  segment_glyph(k, color, glyph, sizeof glyph);
  if (color)
    fprintf(fp, "\033[38;5;%dm", xterm256(palette[k % NPALETTE]));
  for (size_t i = 0; i < n; i++)
    fputs(glyph, fp);
  if (color)
    fputs(RESET, fp);
}

size_t ps_termchart_bar(FILE *fp, long value, long max, size_t width) {
  if (value <= 0 || max <= 0)
    return 0;
  if (value > max)
    value = max;
  size_t n = (size_t)((double)value / (double)max * (double)width * 8 + 0.5);
  if (n == 0)
    n = 1;
  for (size_t i = 0; i < n / 8; i++)
    fputs(FULL, fp);
  fputs(eighth[n % 8], fp);
  return n / 8 + (n % 8 != 0);
}

static long count_of(const char *s) {
  long v = s ? strtol(s, NULL, 10) : 0;
  return v > 0 ? v : 0;
}

/* Writes n bytes of s but its control characters: a newline or an escape would break the
   chart, and width.h counts them as nothing. */
static void put_clean(FILE *fp, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0x20 && s[i] != 0x7f)
      fputc(s[i], fp);
}

/* Writes s cut with an ellipsis to at most w columns, padded to w when `pad`. */
static void put_label(FILE *fp, const char *s, size_t w, bool pad) {
  size_t sw = ps_cli_width(s), n = strlen(s);
  bool cut = sw > w;
  if (cut)
    n = w ? ps_cli_fit(s, w - 1, &sw) : 0;
  for (; cut && n && s[n - 1] == ' '; n--)
    sw--; /* "Science,…", not "Science, …" */
  put_clean(fp, s, n);
  if (cut && w) {
    fputs(ELLIPSIS, fp);
    sw++;
  }
  for (; pad && sw < w; sw++)
    fputc(' ', fp);
}

/*
 * Writes prefix and text, wrapped at spaces to `width` columns with later lines
 * indented under the text; a word longer than a line (a run of Chinese) is broken
 * where the line ends.
 */
static int put_wrapped(FILE *fp, const char *prefix, const char *text, size_t width) {
  char *copy = strdup(text), *save = NULL;
  if (!copy)
    return -1;
  size_t indent = ps_cli_width(prefix), pos = indent;
  bool fresh = true; /* nothing on this line yet but the prefix or the indent */
  fputs(prefix, fp);
  for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
    size_t ww = ps_cli_width(w);
    if (!fresh && pos + 1 + ww > width) {
      fprintf(fp, "\n%*s", (int)indent, "");
      pos = indent, fresh = true;
    }
    if (!fresh)
      fputc(' ', fp), pos++;
    while (pos + ww > width) { /* only on a fresh line: the word is longer than a line */
      size_t fw, n = ps_cli_fit(w, width > pos ? width - pos : 0, &fw);
      if (n == 0)
        break; /* not one character fits: the line must run over */
      put_clean(fp, w, n);
      fprintf(fp, "\n%*s", (int)indent, "");
      w += n, ww -= fw, pos = indent;
    }
    put_clean(fp, w, strlen(w));
    pos += ww, fresh = false;
  }
  fputc('\n', fp);
  free(copy);
  return 0;
}

/* The legend of a stacked chart: each segment's fill and label, wrapped as items. */
static void put_legend(FILE *fp, const struct psst_table *t, size_t nseg, size_t width,
                       bool color) {
  size_t pos = 0;
  for (size_t k = 0; k < nseg; k++) {
    const char *label = t->headers && t->headers[k + 1] ? t->headers[k + 1] : t->cols[k + 1];
    size_t lw = ps_cli_width(label);
    if (lw + 2 > width)
      lw = width - 2;
    if (pos && pos + 2 + 2 + lw > width) {
      fputc('\n', fp);
      pos = 0;
    }
    if (pos)
      fputs("  ", fp), pos += 2;
    put_run(fp, k, color, 1);
    fputc(' ', fp);
    put_label(fp, label, lw, false);
    pos += 2 + lw;
  }
  fputc('\n', fp);
}

/*
 * Columns of each segment of one stacked bar, from the running totals rounded to
 * whole columns, so that rounding never adds up along the bar. A segment above zero
 * that rounds to nothing takes a column from the widest one, so that the legend
 * never names a segment the bar does not show.
 */
static void stack_cells(const long *v, size_t nseg, long max, size_t avail, size_t *cells) {
  long cum = 0;
  size_t prev = 0;
  for (size_t k = 0; k < nseg; k++) {
    cum += v[k];
    size_t b = (size_t)((double)(cum < max ? cum : max) / (double)max * (double)avail + 0.5);
    cells[k] = b - prev;
    prev = b;
  }
  for (size_t k = 0; k < nseg; k++) {
    if (!v[k] || cells[k])
      continue;
    size_t widest = k;
    for (size_t j = 0; j < nseg; j++)
      if (cells[j] > 1 && (widest == k || cells[j] > cells[widest]))
        widest = j;
    if (widest != k)
      cells[widest]--, cells[k]++;
  }
}

int ps_termchart(FILE *fp, const struct psst_table *t, const char *const *labels, size_t width,
                 bool color) {
  bool stacked = t->ncols >= 3 && !strcmp(t->cols[t->ncols - 1], "total");
  size_t vcol = stacked ? t->ncols - 1 : 1; /* the number shown after the bar */
  size_t nseg = stacked ? t->ncols - 2 : 0;
  long *v = calloc(nseg + 1, sizeof *v);
  size_t *cells = calloc(nseg + 1, sizeof *cells);
  int rc = -1;
  if (!v || !cells || t->ncols < 2) {
    errno = v && cells ? EINVAL : ENOMEM;
    goto out;
  }
  /* the label column: as wide as the widest label, up to two fifths of the line */
  size_t lw = 0, nw = 1;
  long max = 0;
  for (size_t r = 0; r < t->nrows; r++) {
    const char *l = labels ? labels[r] : psst_cell(t, r, 0);
    if (!l && t->null_labels)
      l = t->null_labels[0];
    size_t w = ps_cli_width(l ? l : "");
    lw = w > lw ? w : lw;
    long n = count_of(psst_cell(t, r, vcol)), sum = 0;
    for (size_t k = 0; k < nseg; k++)
      sum += count_of(psst_cell(t, r, k + 1));
    n = sum > n ? sum : n;
    max = n > max ? n : max;
    char num[32];
    size_t d = (size_t)snprintf(num, sizeof num, "%ld", count_of(psst_cell(t, r, vcol)));
    nw = d > nw ? d : nw;
  }
  if (lw > width * 2 / 5)
    lw = width * 2 / 5;
  if (width < lw + nw + 3) { /* not even a column of bar */
    errno = EINVAL;
    goto out;
  }
  size_t avail = width - lw - nw - 2;
  for (size_t r = 0; r < t->nrows; r++) {
    const char *l = labels ? labels[r] : psst_cell(t, r, 0);
    if (!l && t->null_labels)
      l = t->null_labels[0];
    put_label(fp, l ? l : "", lw, true);
    fputc(' ', fp);
    long n = count_of(psst_cell(t, r, vcol));
    if (!stacked) {
      ps_termchart_bar(fp, n, max, avail);
    } else if (max > 0) {
      for (size_t k = 0; k < nseg; k++)
        v[k] = count_of(psst_cell(t, r, k + 1));
      stack_cells(v, nseg, max, avail, cells);
      for (size_t k = 0; k < nseg; k++)
        put_run(fp, k, color, cells[k]);
    }
    fprintf(fp, " %ld\n", n);
  }
  if (stacked)
    put_legend(fp, t, nseg, width, color);
  if (t->note && put_wrapped(fp, "note: ", t->note, width))
    goto out;
  rc = fflush(fp) || ferror(fp) ? -1 : 0;
out:
  free(v), free(cells);
  return rc;
}
