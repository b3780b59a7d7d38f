/*
 * chart_topics.c: the leading chart, sessions per year stacked by primary topic
 * (psst chart topics-by-year).
 */
#include "chart_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- topics by year ---- */

int ps_chart_topics_by_year(struct ctx *x) {
  int y0 = x->o->from_year ? x->o->from_year : 2002;
  int y1 = x->o->to_year ? x->o->to_year : ps_last_full_year();
  if (y1 < y0 || y1 - y0 > 200)
    return ps_err(x->err, PSST_EINVAL, "chart: the years %d to %d are not a range", y0, y1);
  char from[16], to[16];
  snprintf(from, sizeof from, "%04d-01-01", y0);
  snprintf(to, sizeof to, "%04d-12-31", y1);
  struct psst_filter f = {.from = from, .to = to};
  struct psst_table *t = NULL;
  int rc = psst_stats(x->p, "year,topic", &f, x->zh ? PSST_LANG_ZH : PSST_LANG_EN, &t, x->err);
  if (rc)
    return rc;
  const struct ps_refdata *r = &x->p->ref;
  size_t ntop = t->ncols - 2, nyears = (size_t)(y1 - y0 + 1);
  long *grid = calloc(nyears * (ntop ? ntop : 1) + 1, sizeof *grid);
  long *totals = calloc(nyears, sizeof *totals);
  if (!grid || !totals) {
    free(grid), free(totals), psst_table_free(t);
    return ps_err(x->err, PSST_ENOMEM, "out of memory");
  }
  long max = 0, uncertain = 0;
  for (size_t row = 0; row < t->nrows; row++) {
    if (!psst_cell(t, row, 0)) { /* the sessions of uncertain date: not in a year's bar */
      uncertain += atol(psst_cell(t, row, t->ncols - 1));
      continue;
    }
    int year = atoi(psst_cell(t, row, 0));
    if (year < y0 || year > y1)
      continue;
    size_t yi = (size_t)(year - y0);
    for (size_t k = 0; k < ntop; k++)
      grid[yi * ntop + k] = atol(psst_cell(t, row, k + 1));
    totals[yi] = atol(psst_cell(t, row, t->ncols - 1));
    if (totals[yi] > max)
      max = totals[yi];
  }

  char title[200];
  if (x->zh)
    snprintf(title, sizeof title, "中共中央政治局集体学习：各年主题，%d—%d年", y0, y1);
  else
    snprintf(title, sizeof title, "CCP collective study sessions by topic, %d to %d", y0, y1);
  ps_chart_header(x, title,
                  x->zh ? "每场学习按其主要主题计一次"
                        : "Each session counted once, by its primary topic");

  /* the legend takes what its longest label needs; the plot the rest */
  double legend_w = 0;
  for (size_t k = 0; k < ntop; k++) {
    double w = ps_text_width(
        x->c, psst_label(x->p, "topic", t->cols[k + 1], x->zh ? PSST_LANG_ZH : PSST_LANG_EN), 13,
        false, NULL);
    legend_w = w > legend_w ? w : legend_w;
  }
  double left = 90, right = W - 40 - 24 - legend_w - 30, bottom = H - 110, top = 110;
  double ymax = ps_y_axis(x, left, right, bottom, top, (double)max, x->zh ? "场次" : "Sessions");
  double band = (right - left) / (double)nyears, bw = band * 0.72;
  for (size_t yi = 0; yi < nyears; yi++) {
    double bx = left + band * (double)yi + (band - bw) / 2, y = bottom;
    for (size_t k = 0; k < ntop; k++) {
      long n = grid[yi * ntop + k];
      if (!n)
        continue;
      double h = (bottom - top) * (double)n / ymax;
      ps_rect(x->c, bx, y - h, bw, h, ps_topic_colour(r, t->cols[k + 1]));
      if (y < bottom)
        ps_line(x->c, bx, y, bx + bw, y, 1, 0xFFFFFF); /* the rule between segments */
      y -= h;
    }
    char num[32], yr[16];
    if (totals[yi]) {
      snprintf(num, sizeof num, "%ld", totals[yi]);
      ps_text(x->c, bx + bw / 2, y - 20, num, 12, true, PS_CENTER, INK);
    }
    /* every year when they fit, else every other one */
    if (band >= 34 || yi % 2 == 0 || yi + 1 == nyears) {
      snprintf(yr, sizeof yr, "%d", y0 + (int)yi);
      ps_text(x->c, bx + bw / 2, bottom + 6, yr, 12, false, PS_CENTER, GREY);
    }
  }
  ps_text(x->c, (left + right) / 2, bottom + 28, x->zh ? "年份" : "Year", 13, false, PS_CENTER,
          GREY);

  /* legend in codebook order, from the top: the stacks grow the other way, so the legend
     reads top-down as the first topics sit at the bottom of each bar */
  const char *labels[64];
  uint32_t colours[64];
  size_t nl = 0;
  for (size_t k = 0; k < ntop && nl < 64; k++) {
    labels[nl] = psst_label(x->p, "topic", t->cols[k + 1], x->zh ? PSST_LANG_ZH : PSST_LANG_EN);
    colours[nl++] = ps_topic_colour(r, t->cols[k + 1]);
  }
  ps_legend(x, right + 30, top, labels, colours, nl);
  /* what the bars leave out, said briefly: the table's note is worded for a terminal */
  char note[200] = "";
  long untopiced = t->note && strstr(t->note, "without a primary topic") ? atol(t->note) : 0;
  if (t->note && strstr(t->note, "主题未编码"))
    untopiced = atol(t->note + strcspn(t->note, "0123456789"));
  int n = 0;
  if (uncertain)
    n = snprintf(note, sizeof note,
                 x->zh ? "另有 %ld 场日期不确定（时间窗跨年），未画出"
                       : "%ld of uncertain date "
                         "(window over two years) not "
                         "drawn",
                 uncertain);
  if (untopiced && n >= 0 && (size_t)n < sizeof note)
    snprintf(note + n, sizeof note - (size_t)n,
             x->zh ? "%s%ld 场主题未编码" : "%s%ld without a primary topic",
             n ? (x->zh ? "；" : "; ") : "", untopiced);
  ps_chart_footer(x, note);
  free(grid), free(totals);
  psst_table_free(t);
  return PSST_OK;
}
