/*
 * chart_leader.c: the eras side by side (psst chart by-leader): sessions per year in
 * office and the share of each primary topic.
 */
#include "chart_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- by leader ---- */

static double days_between(const char *a, const char *b) {
  return (double)(ps_days(b) - ps_days(a));
}

int ps_chart_by_leader(struct ctx *x) {
  enum psst_lang lang = x->zh ? PSST_LANG_ZH : PSST_LANG_EN;
  const struct ps_refdata *r = &x->p->ref;
  struct psst_table *t = NULL;
  int rc = psst_stats(x->p, "leader,topic", NULL, lang, &t, x->err);
  if (rc)
    return rc;
  ps_chart_header(
      x, x->zh ? "胡锦涛与习近平时期的集体学习" : "Collective study under Hu Jintao and Xi Jinping",
      x->zh ? "左：在任每年场次；右：主要主题占比"
            : "Left: sessions per year in office. Right: share of each primary topic");
  double top = 150, row = 110;
  double lx0 = 200, lx1 = 470, rx0 = 540, rx1 = W - 40;
  double rates[16] = {0}, maxrate = 0;
  size_t nrow = t->nrows < 16 ? t->nrows : 16;
  for (size_t i = 0; i < nrow; i++) {
    const char *leader = psst_cell(t, i, 0);
    const char *from = NULL, *to = NULL;
    for (size_t k = 0; k < r->n_terms; k++)
      if (!strcmp(r->terms[k].leader, leader)) {
        if (!from || strcmp(r->terms[k].from, from) < 0)
          from = r->terms[k].from;
        const char *end = *r->terms[k].to ? r->terms[k].to : x->as_of;
        if (!to || strcmp(end, to) > 0)
          to = end;
      }
    double years = from && to && *to ? days_between(from, to) / 365.25 : 0;
    /* sessions with a known topic and without: the total column counts only the former */
    long total = 0;
    struct psst_filter f = {.leader = leader};
    struct psst_table *s = NULL;
    if ((rc = psst_stats(x->p, "leader", &f, lang, &s, x->err)))
      break;
    total = s->nrows ? atol(psst_cell(s, 0, 1)) : 0;
    psst_table_free(s);
    rates[i] = years > 0 ? (double)total / years : 0;
    char sub[96];
    snprintf(sub, sizeof sub, x->zh ? "%ld 场，在任 %.1f 年" : "%ld sessions, %.1f years", total,
             years);
    ps_text(x->c, lx0 - 16, top + row * (double)i + row * 0.3 + 24, sub, 12, false, PS_RIGHT, GREY);
    if (rates[i] > maxrate)
      maxrate = rates[i];
  }
  ps_text(x->c, lx0, top - 34, x->zh ? "每年场次" : "Sessions per year in office", 13, true,
          PS_LEFT, INK);
  ps_text(x->c, rx0, top - 34, x->zh ? "主要主题占比" : "Share of primary topics", 13, true,
          PS_LEFT, INK);
  for (size_t i = 0; i < nrow && !rc; i++) {
    double y = top + row * (double)i;
    ps_text(x->c, lx0 - 16, y + row * 0.3, psst_label(x->p, "leader", psst_cell(t, i, 0), lang), 15,
            true, PS_RIGHT, INK);
    double w = (lx1 - lx0 - 50) * rates[i] / (maxrate > 0 ? maxrate : 1);
    ps_rect(x->c, lx0, y + row * 0.2, w, row * 0.5, ps_palette[0]);
    char num[32];
    snprintf(num, sizeof num, "%.1f", rates[i]);
    ps_text(x->c, lx0 + w + 6, y + row * 0.3, num, 13, true, PS_LEFT, INK);
    long sum = atol(psst_cell(t, i, t->ncols - 1));
    double sx = rx0;
    for (size_t k = 1; k + 1 < t->ncols; k++) {
      long v = atol(psst_cell(t, i, k));
      if (!v || !sum)
        continue;
      double sw = (rx1 - rx0) * (double)v / (double)sum;
      ps_rect(x->c, sx, y + row * 0.2, sw, row * 0.5, ps_topic_colour(r, t->cols[k]));
      ps_line(x->c, sx, y + row * 0.2, sx, y + row * 0.7, 1, 0xFFFFFF);
      if (sw >= 34) {
        char pct[16];
        snprintf(pct, sizeof pct, "%.0f%%", 100.0 * (double)v / (double)sum);
        uint32_t c = ps_topic_colour(r, t->cols[k]);
        bool dark = ((c >> 16) & 0xff) * 0.3 + ((c >> 8) & 0xff) * 0.59 + (c & 0xff) * 0.11 < 140;
        ps_text(x->c, sx + sw / 2, y + row * 0.2 + row * 0.25 - 9, pct, 11, false, PS_CENTER,
                dark ? 0xFFFFFF : INK);
      }
      sx += sw;
    }
  }
  /* the legend under the shares, in codebook order, in as many columns as fit */
  double ly = top + row * (double)nrow + 10, maxw = 0;
  for (size_t k = 1; k + 1 < t->ncols; k++) {
    double w = ps_text_width(x->c, psst_label(x->p, "topic", t->cols[k], lang), 12, false, NULL);
    maxw = w > maxw ? w : maxw;
  }
  size_t ncol = (size_t)((rx1 - rx0) / (maxw + 44));
  if (ncol < 1)
    ncol = 1;
  for (size_t k = 1; k + 1 < t->ncols; k++) {
    size_t col = (k - 1) % ncol, line = (k - 1) / ncol;
    double lx = rx0 + (double)col * (maxw + 44);
    ps_rect(x->c, lx, ly + (double)line * 24, 14, 14, ps_topic_colour(r, t->cols[k]));
    ps_text(x->c, lx + 20, ly + (double)line * 24 - 3, psst_label(x->p, "topic", t->cols[k], lang),
            12, false, PS_LEFT, INK);
  }
  long unknown = 0;
  if (t->note)
    unknown = atol(t->note);
  char note[160] = "";
  if (unknown)
    snprintf(note, sizeof note,
             x->zh ? "主题占比未计入 %ld 场主题未编码的学习"
                   : "Topic shares leave out %ld session(s) without a primary topic",
             unknown);
  ps_chart_footer(x, note);
  psst_table_free(t);
  return rc;
}
