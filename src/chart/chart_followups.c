/*
 * chart_followups.c: the documents that followed the sessions (psst chart followups): a
 * bar a calendar quarter, the count of documents on the tag's (topic's) subject issued or
 * announced in it, and each session of the tag as a vertical line labelled with its id.
 *
 * The bars are the rows of psst_followups_quarters, the table psst followups --quarters
 * prints, so that the chart and the table cannot disagree; each bar's count is also in the
 * SVG's text ("2019-Q4: 3 documents"), for screen readers and for the test that compares
 * the two. A session of uncertain date is a hatched band over its window, not a line.
 */
#include "chart_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int quarter_of(const char *d) {
  return atoi(d) * 4 + (atoi(d + 5) - 1) / 3;
}

/* a day's place within its quarter, 0 to 1 */
static double within_quarter(const char *d) {
  return ((atoi(d + 5) - 1) % 3 * 30.5 + (atoi(d + 8) - 1)) / 91.5;
}

struct plot {
  double left, right, top, bottom;
  int q0, nq;
};

static double qx(const struct plot *pl, int q, double frac) {
  return pl->left + (pl->right - pl->left) * ((double)(q - pl->q0) + frac) / (double)pl->nq;
}

/* The rows of session labels above the plot: a label goes in the first row where it
   covers no other; false when none has room. */
enum { LABEL_ROWS = 4 };
struct label_rows {
  double end[LABEL_ROWS]; /* the right edge of the last label of each row */
};

static bool place_label(struct label_rows *r, double a, double w, int *row) {
  for (int k = 0; k < LABEL_ROWS; k++)
    if (a >= r->end[k] + 4) {
      r->end[k] = a + w;
      *row = k;
      return true;
    }
  return false;
}

int ps_chart_followups(struct ctx *x) {
  const char *tech = x->f.tech, *topic = x->f.topic;
  struct psst_table *qt = NULL, *st = NULL;
  int rc = psst_followups_quarters(x->p, tech, topic, x->lang, &qt, x->err);
  if (!rc)
    rc = psst_followups_summary(x->p, tech, topic, NULL, x->lang, &st, x->err);
  if (rc) {
    psst_table_free(qt);
    return rc;
  }
  /* the period: the one asked for, else the whole years of the quarters the table holds */
  const struct psst_filter *f = x->o->filter;
  bool asked = x->o->from_year || x->o->to_year || (f && (f->from || f->to));
  if (!asked && qt->nrows) {
    x->y0 = atoi(psst_cell(qt, 0, 1));
    x->y1 = atoi(psst_cell(qt, qt->nrows - 1, 1));
    snprintf(x->from, sizeof x->from, "%04d-01-01", x->y0);
    snprintf(x->to, sizeof x->to, "%04d-12-31", x->y1);
  }
  struct plot pl = {.q0 = quarter_of(x->from)};
  pl.nq = quarter_of(x->to) - pl.q0 + 1;
  long *counts = calloc((size_t)pl.nq, sizeof *counts);
  if (!counts) {
    psst_table_free(qt), psst_table_free(st);
    return ps_err(x->err, PSST_ENOMEM, "out of memory");
  }
  long max = 0, total = 0;
  for (size_t r = 0; r < qt->nrows; r++) {
    int q = quarter_of(psst_cell(qt, r, 1)) - pl.q0;
    if (q < 0 || q >= pl.nq)
      continue;
    counts[q] = atol(psst_cell(qt, r, 3));
    max = counts[q] > max ? counts[q] : max;
    total += counts[q];
  }
  char title[200], sub[200];
  const char *label = tech    ? psst_label(x->p, "tech", tech, x->lang)
                      : topic ? psst_label(x->p, "topic", topic, x->lang)
                              : NULL;
  if (label)
    snprintf(title, sizeof title,
             x->zh ? "%s：集体学习之后的文件" : "%s: the documents that followed", label);
  else
    snprintf(title, sizeof title,
             x->zh ? "技术议题的集体学习之后的文件"
                   : "The documents that followed the technology sessions");
  snprintf(sub, sizeof sub,
           x->zh ? "每季度发布或宣布的文件数；竖线为%s的集体学习"
                 : "Documents issued or announced per quarter; a line for each session %s",
           label ? (x->zh ? "带有该标签" : "on it")
                 : (x->zh ? "带有技术标签" : "with a technology tag"));
  /* the filter words would repeat the title: the header shows the tag there */
  struct psst_chart_opts o2 = *x->o;
  o2.filter = NULL;
  const struct psst_chart_opts *saved = x->o;
  x->o = &o2;
  double top = ps_chart_header(x, title, sub);
  x->o = saved;
  pl.left = 96, pl.right = W - 40, pl.top = top + LABEL_ROWS * 17 + 8, pl.bottom = H - 140;
  double amax = ps_y_axis(x, pl.left, pl.right, pl.bottom, pl.top, (double)max,
                          x->zh ? "每季度文件数" : "Documents per quarter");
  /* the bars, each told in the text */
  double bw = (pl.right - pl.left) / (double)pl.nq;
  for (int q = 0; q < pl.nq; q++) {
    char said[64];
    int qq = pl.q0 + q;
    snprintf(said, sizeof said, x->zh ? "%d-Q%d：%ld 份文件" : "%d-Q%d: %ld document%s", qq / 4,
             qq % 4 + 1, counts[q],
             x->zh            ? ""
             : counts[q] == 1 ? ""
                              : "s");
    ps_annotate(x->c, said);
    if (!counts[q])
      continue;
    double h = (pl.bottom - pl.top) * (double)counts[q] / amax;
    double gap = bw > 6 ? 1.5 : 0.5;
    ps_rect(x->c, qx(&pl, qq, 0) + gap, pl.bottom - h, bw - 2 * gap, h, ps_palette[3]);
  }
  /* the years under the axis, every year or every few */
  double yw = ps_text_width(x->c, "0000", 12, false, NULL) + 10, last = -1e9;
  int years = x->y1 - x->y0 + 1;
  double per = (pl.right - pl.left) / (double)(pl.nq / 4.0);
  int every = per >= yw ? 1 : (int)(yw / per) + 1;
  for (int y = pl.q0 / 4; y <= (pl.q0 + pl.nq - 1) / 4; y++) {
    double a = qx(&pl, y * 4, 0);
    if (a >= pl.left - 0.5)
      ps_line(x->c, a, pl.bottom, a, pl.bottom + 5, 1, GREY);
    double mid = qx(&pl, y * 4, 2);
    if ((y - pl.q0 / 4) % every == 0 && mid - last >= yw && mid - yw / 2 >= pl.left - 20 &&
        mid + yw / 2 <= W - 10) {
      char yr[16];
      snprintf(yr, sizeof yr, "%d", y);
      ps_text(x->c, mid, pl.bottom + 7, yr, 12, false, PS_CENTER, GREY);
      last = mid;
    }
  }
  (void)years;
  /* the sessions: a line at the day, a band over an uncertain window; the id above */
  struct label_rows rows = {{-1e9, -1e9, -1e9, -1e9}};
  size_t unlabelled = 0, uncertain = 0, shown = 0;
  struct ps_buf left_out = {0};
  for (size_t r = 0; r < st->nrows; r++) {
    const char *id = psst_cell(st, r, 0), *date = psst_cell(st, r, 1);
    const char *lo = psst_cell(st, r, 2), *hi = psst_cell(st, r, 3);
    if (!lo || !hi || strcmp(hi, x->from) < 0 || strcmp(lo, x->to) > 0)
      continue;
    double a, z;
    if (date) {
      a = z = qx(&pl, quarter_of(date), within_quarter(date));
      ps_line(x->c, a, pl.top - 4, a, pl.bottom, 2, ACCENT);
    } else {
      const char *l = strcmp(lo, x->from) < 0 ? x->from : lo,
                 *h = strcmp(hi, x->to) > 0 ? x->to : hi;
      a = qx(&pl, quarter_of(l), within_quarter(l));
      z = qx(&pl, quarter_of(h), within_quarter(h));
      ps_hatch(x->c, a, pl.top - 4, z - a > 3 ? z - a : 3, pl.bottom - pl.top + 4, ACCENT);
      uncertain++;
    }
    shown++;
    double cx = (a + z) / 2, h, w = ps_text_width(x->c, id, 11, true, &h);
    double lx = cx - w / 2;
    lx = lx < 40 ? 40 : lx + w > W - 20 ? W - 20 - w : lx;
    int row;
    if (place_label(&rows, lx, w, &row)) {
      double ly = pl.top - 8 - (double)(LABEL_ROWS - row) * 17;
      ps_text(x->c, lx, ly, id, 11, true, PS_LEFT, ACCENT);
      if (row < LABEL_ROWS - 1)
        ps_line(x->c, cx, ly + h, cx, pl.top - 4, 0.8, ACCENT);
    } else {
      unlabelled++;
      ps_annotate(x->c, id);
      ps_buf_printf(&left_out, "%s%s", left_out.len ? ", " : "", id);
    }
  }
  /* the legend under the years */
  struct ps_legend_item items[3] = {
      {x->zh ? "该季度发布或宣布的文件" : "Documents issued or announced in the quarter",
       ps_palette[3], PS_SWATCH_FILL},
      {x->zh ? "集体学习（其编号在上方）" : "A session (its id above)", ACCENT, PS_SWATCH_FILL},
      {x->zh ? "日期不确定的集体学习：其可能的日期" : "A session of uncertain date: its window",
       ACCENT, PS_SWATCH_HATCH}};
  double lx = pl.left;
  for (size_t k = 0; k < (uncertain ? 3u : 2u); k++) {
    ps_swatch(x, lx, pl.bottom + 36, 14, items[k].colour, items[k].swatch);
    lx += 20 + ps_text(x->c, lx + 20, pl.bottom + 34, items[k].label, 12, false, PS_LEFT, INK) + 28;
  }
  char note[400];
  int n = snprintf(note, sizeof note,
                   x->zh ? "共 %ld 份文件，%zu 场集体学习；文件日期为印发日，未知时为宣布日"
                         : "%ld documents, %zu sessions; a document is dated by its issue, else "
                           "its announcement",
                   total, shown);
  /* an empty chart says what its emptiness means: not recorded, which is not "none issued" */
  if (!total && n > 0 && (size_t)n < sizeof note)
    n += snprintf(note + n, sizeof note - (size_t)n,
                  x->zh ? "；记录中没有此期间的相关文件（记录始于2012年7月的新闻联播）"
                        : "; the record holds no such document in the period (it begins with "
                          "the evening news of July 2012)");
  if (unlabelled && n > 0 && (size_t)n < sizeof note)
    snprintf(note + n, sizeof note - (size_t)n,
             x->zh ? "；%zu 场未标编号：%s" : "; %zu sessions without room for their id: %s",
             unlabelled, left_out.s ? left_out.s : "");
  ps_chart_footer(x, note);
  ps_buf_release(&left_out);
  free(counts);
  psst_table_free(qt);
  psst_table_free(st);
  return PSST_OK;
}
