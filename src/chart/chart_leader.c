/*
 * chart_leader.c: the eras side by side (psst chart by-leader). Above, each leader's
 * sessions per year in office within the period and, beside the rate, how complete the
 * record of his sessions is (dated, titled, topic coded, high confidence: the columns of
 * psst compare, counted here with the chart's filters); below, the share of each primary
 * topic among his coded sessions.
 */
#include "chart_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAXERA = 16, NFIG = 4 };

struct era {
  const char *leader;       /* the terms file's name */
  long sessions, fig[NFIG]; /* fig: dated, titled, coded, high */
  double years, rate;
  size_t row; /* its row in the leader,topic table, or (size_t)-1 */
};

/* the record's completeness by leader, with the filters: one query, as psst compare's */
static int completeness(struct ctx *x, struct era *e, size_t *n) {
  struct ps_buf sql = {0};
  struct ps_binds b = {0};
  sqlite3_stmt *st = NULL;
  int rc = ps_buf_puts(&sql, "SELECT s.leader, count(*), count(s.date), sum(s.title_zh <> ''),"
                             " count(s.topic), sum(s.confidence = 'high') FROM sessions s"
                             " WHERE 1")
               ? ps_err(x->err, PSST_ENOMEM, "out of memory")
               : ps_filter_sql(x->p, &x->f, &sql, &b, x->err);
  if (!rc && ps_buf_puts(&sql, " GROUP BY s.leader"))
    rc = ps_err(x->err, PSST_ENOMEM, "out of memory");
  if (!rc)
    rc = ps_prepare(x->p, sql.s, &st, x->err);
  if (!rc) {
    ps_binds_apply(st, &b, 1);
    const struct ps_refdata *r = &x->p->ref;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
      const char *leader = (const char *)sqlite3_column_text(st, 0);
      for (size_t i = 0; i < *n; i++)
        if (!strcmp(e[i].leader, leader)) {
          e[i].sessions = (long)sqlite3_column_int64(st, 1);
          for (int k = 0; k < NFIG; k++)
            e[i].fig[k] = (long)sqlite3_column_int64(st, 2 + k);
        }
    }
    if (step != SQLITE_DONE)
      rc = ps_err_db(x->err, x->p->db, "query");
    (void)r;
  }
  sqlite3_finalize(st);
  ps_binds_release(&b);
  ps_buf_release(&sql);
  return rc;
}

/* The leaders in the order they held office, each with his years in office within the
   period (the sitting leader's to the data's date). */
static size_t eras(struct ctx *x, struct era *e) {
  const struct ps_refdata *r = &x->p->ref;
  size_t n = 0;
  for (size_t k = 0; k < r->n_terms; k++) {
    const struct ps_term *t = &r->terms[k];
    const char *to = *t->to ? t->to : x->as_of;
    const char *a = strcmp(t->from, x->from) > 0 ? t->from : x->from;
    const char *z = strcmp(to, x->to) < 0 ? to : x->to;
    double days = ps_valid_date(a) && ps_valid_date(z) && strcmp(a, z) < 0
                      ? (double)(ps_days(z) - ps_days(a))
                      : 0;
    size_t i = 0;
    while (i < n && strcmp(e[i].leader, t->leader))
      i++;
    if (i == n) {
      if (n == MAXERA)
        continue;
      e[n++] = (struct era){.leader = t->leader, .row = (size_t)-1};
    }
    e[i].years += days / 365.25;
  }
  return n;
}

static void percent(long v, long of, char *out, size_t len) {
  snprintf(out, len, "%ld (%.0f%%)", v, of ? 100.0 * (double)v / (double)of : 0);
}

int ps_chart_by_leader(struct ctx *x) {
  const struct ps_refdata *r = &x->p->ref;
  struct era all[MAXERA], e[MAXERA];
  size_t nall = eras(x, all), n = 0;
  struct psst_table *t = NULL;
  int rc = completeness(x, all, &nall);
  if (!rc)
    rc = psst_stats(x->p, "leader,topic", &x->f, x->lang, &t, x->err);
  if (rc)
    return rc;
  /* the eras the period meets, or that hold a session the filters select */
  double maxrate = 0;
  for (size_t i = 0; i < nall; i++) {
    if (all[i].years <= 0 && !all[i].sessions)
      continue;
    e[n] = all[i];
    e[n].rate = e[n].years > 0 ? (double)e[n].sessions / e[n].years : 0;
    maxrate = e[n].rate > maxrate ? e[n].rate : maxrate;
    for (size_t row = 0; row < t->nrows; row++)
      if (psst_cell(t, row, 0) && !strcmp(psst_cell(t, row, 0), e[n].leader))
        e[n].row = row;
    n++;
  }
  /* "under Hu Jintao and Xi Jinping": the leaders drawn */
  char title[256] = "", names[200] = "";
  for (size_t i = 0; i < n; i++) {
    size_t k = strlen(names);
    snprintf(names + k, sizeof names - k, "%s%s",
             !i          ? ""
             : i + 1 < n ? (x->zh ? "、" : ", ")
                         : (x->zh ? "与" : " and "),
             psst_label(x->p, "leader", e[i].leader, x->lang));
  }
  snprintf(title, sizeof title, x->zh ? "%s时期的集体学习" : "Collective study under %s", names);
  double top = ps_chart_header(
      x, title,
      x->zh ? "上：在任每年场次及记录的完整程度；下：主要主题占比"
            : "Above: sessions per year in office, and how complete the record of them is. "
              "Below: the share of each primary topic");

  /* ---- above: the rate and the completeness ---- */
  double name_x = 190, bx0 = 210, bx1 = 520, cx0 = 600, cx1 = W - 40;
  double cw = (cx1 - cx0) / NFIG;
  const char *figs_en[NFIG] = {"Dated", "Titled (Chinese)", "Topic coded", "High confidence"};
  const char *figs_zh[NFIG] = {"日期已知", "有中文标题", "主要主题已编码", "高可信度"};
  ps_text(x->c, bx0, top, x->zh ? "在任每年场次" : "Sessions per year in office", 13, true, PS_LEFT,
          INK);
  ps_text(x->c, cx0, top,
          x->zh ? "记录的完整程度（占其场次）" : "What the record holds, of the era's sessions", 13,
          true, PS_LEFT, INK);
  for (int k = 0; k < NFIG; k++)
    ps_text(x->c, cx0 + cw * k, top + 22, x->zh ? figs_zh[k] : figs_en[k], 11, false, PS_LEFT,
            GREY);
  double rowa = n ? (H * 0.36) / (double)n : 0;
  if (rowa > 78)
    rowa = 78;
  double ya = top + 46;
  for (size_t i = 0; i < n; i++) {
    double y = ya + rowa * (double)i;
    ps_text(x->c, name_x, y, psst_label(x->p, "leader", e[i].leader, x->lang), 15, true, PS_RIGHT,
            INK);
    char sub[96];
    snprintf(sub, sizeof sub, x->zh ? "%ld 场，在任 %.1f 年" : "%ld sessions, %.1f years",
             e[i].sessions, e[i].years);
    ps_text(x->c, name_x, y + 22, sub, 12, false, PS_RIGHT, GREY);
    double w = (bx1 - bx0 - 50) * e[i].rate / (maxrate > 0 ? maxrate : 1);
    ps_rect(x->c, bx0, y + 4, w, 30, ps_palette[0]);
    char num[32];
    snprintf(num, sizeof num, "%.1f", e[i].rate);
    ps_text(x->c, bx0 + w + 6, y + 9, num, 13, true, PS_LEFT, INK);
    /* each figure as a track filled to its share, the count and per cent under it */
    for (int k = 0; k < NFIG; k++) {
      double fx = cx0 + cw * k, tw = cw - 24;
      double share = e[i].sessions ? (double)e[i].fig[k] / (double)e[i].sessions : 0;
      ps_rect(x->c, fx, y + 6, tw, 10, GRID);
      ps_rect(x->c, fx, y + 6, tw * share, 10, MARK);
      char fig[48];
      percent(e[i].fig[k], e[i].sessions, fig, sizeof fig);
      ps_text(x->c, fx, y + 20, fig, 12, false, PS_LEFT, INK);
    }
  }
  /* the rate's caveat, said where the rate is read */
  char caveat[512], open_end[96] = "";
  if (strcmp(x->to, x->as_of) >= 0)
    snprintf(open_end, sizeof open_end,
             x->zh ? "（现任者截至数据日期 %s）" : " (the sitting leader's to the data's date, %s)",
             x->as_of);
  snprintf(caveat, sizeof caveat,
           x->zh ? "每年场次：所示时期内记录中的学习（含日期不详者）除以其间的在任年数%s。"
                   "标题或主题未知的学习越多，下方的主题占比所依据的场次越少。"
                 : "Rates: the sessions on record in the period, dated or not, over the years in "
                   "office within it%s. Where fewer sessions are titled or coded, the topic shares "
                   "below rest on fewer sessions.",
           open_end);
  char *cav = ps_text_wrap(x->c, caveat, 12, false, W - 80);
  double ch = 0;
  if (cav) {
    ps_text_width(x->c, cav, 12, false, &ch);
    ps_text(x->c, 40, ya + rowa * (double)n + 6, cav, 12, false, PS_LEFT, GREY);
    free(cav);
  }

  /* ---- below: the shares of the primary topics ---- */
  double yb = ya + rowa * (double)n + ch + 44, sx0 = bx0, sx1 = W - 40;
  ps_text(x->c, sx0, yb,
          x->zh ? "主要主题占比（占已编码的学习）"
                : "Share of primary topics, of the coded sessions",
          13, true, PS_LEFT, INK);
  yb += 30;
  double rowb = 54;
  for (size_t i = 0; i < n; i++) {
    double y = yb + rowb * (double)i;
    ps_text(x->c, name_x, y + 8, psst_label(x->p, "leader", e[i].leader, x->lang), 13, true,
            PS_RIGHT, INK);
    if (e[i].row == (size_t)-1)
      continue;
    long sum = atol(psst_cell(t, e[i].row, t->ncols - 1));
    double sx = sx0;
    for (size_t k = 1; k + 1 < t->ncols; k++) {
      long v = atol(psst_cell(t, e[i].row, k));
      if (!v || !sum)
        continue;
      double sw = (sx1 - sx0) * (double)v / (double)sum;
      uint32_t c = ps_topic_colour(r, t->cols[k]);
      ps_rect(x->c, sx, y, sw, 36, c);
      ps_line(x->c, sx, y, sx, y + 36, 1, 0xFFFFFF);
      char pct[16];
      snprintf(pct, sizeof pct, "%.0f%%", 100.0 * (double)v / (double)sum);
      if (ps_text_width(x->c, pct, 11, false, NULL) + 6 <= sw) {
        bool dark = ((c >> 16) & 0xff) * 0.3 + ((c >> 8) & 0xff) * 0.59 + (c & 0xff) * 0.11 < 140;
        ps_text(x->c, sx + sw / 2, y + 9, pct, 11, false, PS_CENTER, dark ? 0xFFFFFF : INK);
      }
      sx += sw;
    }
  }
  /* the legend under the shares, in their order (left to right, then down) */
  struct ps_legend_item items[64];
  size_t ni = 0;
  for (size_t k = 1; k + 1 < t->ncols && ni < 64; k++)
    items[ni++] = (struct ps_legend_item){psst_label(x->p, "topic", t->cols[k], x->lang),
                                          ps_topic_colour(r, t->cols[k]), PS_SWATCH_FILL};
  ps_legend_rows(x, sx0, sx1, yb + rowb * (double)n + 6, items, ni);

  long uncoded = 0;
  for (size_t i = 0; i < n; i++)
    uncoded += e[i].sessions - e[i].fig[2];
  char note[200] = "";
  if (uncoded)
    snprintf(note, sizeof note,
             x->zh ? "主题占比未计入 %ld 场主要主题未编码的学习"
                   : "Topic shares leave out %ld session%s without a primary topic",
             uncoded, uncoded == 1 ? "" : "s");
  ps_chart_footer(x, note);
  psst_table_free(t);
  return PSST_OK;
}
