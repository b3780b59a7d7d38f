/*
 * chart_time.c: the two charts of the record's rhythm. The cadence (psst chart cadence):
 * the days between consecutive sessions of each term, a dot a gap, with the median and
 * the middle half marked. The session timeline (psst chart session-timeline): every
 * session on the day it was held, a row per primary topic, the Politburo's terms as
 * bands behind them.
 *
 * Neither chart hides what the record does not know: a gap next to an undated session
 * is counted as unknown and said so beside its term; an undated session is drawn as a
 * line over the days it may have been held (its date window), not as a dot.
 */
#include "chart_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "16th Politburo" / "第十六届" */
static void term_name(const struct ctx *x, int term, char *buf, size_t len) {
  static const char *const zh_digits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (x->zh) {
    if (term >= 10 && term < 100)
      snprintf(buf, len, "第%s十%s届", term / 10 > 1 ? zh_digits[term / 10] : "",
               zh_digits[term % 10]);
    else
      snprintf(buf, len, "第%d届", term);
    return;
  }
  const char *suffix = term % 100 >= 11 && term % 100 <= 13 ? "th"
                       : term % 10 == 1                     ? "st"
                       : term % 10 == 2                     ? "nd"
                       : term % 10 == 3                     ? "rd"
                                                            : "th";
  snprintf(buf, len, "%d%s Politburo", term, suffix);
}

static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}

/* The q-quantile of sorted v (linear between the nearest ranks, as R's type 7). */
static double quantile(const long *v, size_t n, double q) {
  if (!n)
    return 0;
  double h = (double)(n - 1) * q;
  size_t lo = (size_t)floor(h), hi = lo + 1 < n ? lo + 1 : lo;
  return (double)v[lo] + (h - (double)lo) * (double)(v[hi] - v[lo]);
}

/* ---- cadence ---- */

struct term_gaps {
  int term;
  const char *leader;
  long *gaps;
  size_t n, unknown, sessions;
};

int ps_chart_cadence(struct ctx *x) {
  /* the sessions of the chart's filter and period (resolved in chart.c) */
  struct psst_table *t = NULL;
  int rc = psst_list(x->p, &x->f, x->lang, &t, x->err);
  if (rc)
    return rc;
  struct term_gaps rows[32] = {{0}};
  size_t nrows = 0;
  long maxgap = 0;
  for (size_t i = 0; i < t->nrows && !rc; i++) {
    int term = atoi(psst_cell(t, i, 2)), number = atoi(psst_cell(t, i, 3));
    const char *date = psst_cell(t, i, 1);
    if (!nrows || rows[nrows - 1].term != term) {
      if (nrows == sizeof rows / sizeof *rows)
        break; /* more terms than a chart can show: the first 32 */
      rows[nrows].term = term;
      rows[nrows].leader = psst_cell(t, i, 4);
      if (!(rows[nrows].gaps = calloc(t->nrows, sizeof *rows[nrows].gaps)))
        rc = ps_err(x->err, PSST_ENOMEM, "out of memory");
      nrows++;
    }
    struct term_gaps *g = &rows[nrows - 1];
    g->sessions++;
    /* a gap is between two sessions numbered one after the other, both in the listing */
    if (i == 0 || atoi(psst_cell(t, i - 1, 2)) != term ||
        atoi(psst_cell(t, i - 1, 3)) != number - 1)
      continue;
    const char *prev = psst_cell(t, i - 1, 1);
    if (!date || !prev) {
      g->unknown++;
      continue;
    }
    long d = ps_days(date) - ps_days(prev);
    g->gaps[g->n++] = d;
    maxgap = d > maxgap ? d : maxgap;
  }
  /* the header adds the period to the title */
  ps_chart_header(
      x, x->zh ? "集体学习的间隔：各届相邻两次学习相隔天数" : "Days between sessions, by term",
      x->zh ? "每个点为同一届相邻两次学习的间隔；竖线为中位数，浅色带为中间一半"
            : "Each dot the gap between two consecutive sessions of a term; the line "
              "marks the median, the band the middle half of the gaps");
  double left = 300, right = W - 60, top = 130, bottom = H - 110;
  double row = nrows ? (bottom - top) / (double)nrows : 0;
  if (row > 100)
    row = 100;
  double step = ps_nice_step(maxgap > 0 ? (double)maxgap : 1, 6);
  double xmax = ceil((maxgap > 0 ? (double)maxgap : 1) / step) * step;
  double plot_bottom = top + row * (double)nrows;
  for (size_t r = 0; r < nrows; r += 2) /* every other term shaded, under the grid */
    ps_rect(x->c, left + 1, top + row * (double)r, right - left - 1, row, 0xF7F7F7);
  for (double v = 0; v <= xmax + step / 2; v += step) {
    double px = left + (right - left) * v / xmax;
    ps_line(x->c, px, top - 8, px, plot_bottom, 1, v == 0 ? 0x999999 : GRID);
    char num[32];
    snprintf(num, sizeof num, "%g", v);
    ps_text(x->c, px, plot_bottom + 6, num, 12, false, PS_CENTER, GREY);
  }
  ps_text(x->c, (left + right) / 2, plot_bottom + 28,
          x->zh ? "相隔天数" : "Days since the term's previous session", 13, false, PS_CENTER,
          GREY);
  long unknown = 0;
  for (size_t r = 0; r < nrows; r++) {
    struct term_gaps *g = &rows[r];
    double cy = top + row * ((double)r + 0.5);
    char name[64], sub[128];
    term_name(x, g->term, name, sizeof name);
    ps_text(x->c, left - 20, cy - 24, name, 14, true, PS_RIGHT, INK);
    snprintf(sub, sizeof sub, x->zh ? "%s，%zu 场" : "%s, %zu sessions",
             psst_label(x->p, "leader", g->leader, x->zh ? PSST_LANG_ZH : PSST_LANG_EN),
             g->sessions);
    ps_text(x->c, left - 20, cy - 4, sub, 12, false, PS_RIGHT, GREY);
    if (g->unknown) {
      snprintf(sub, sizeof sub,
               x->zh ? "%zu 个间隔因日期不详未画出" : "%zu gap%s not known (undated)", g->unknown,
               g->unknown == 1 ? "" : "s");
      ps_text(x->c, left - 20, cy + 14, sub, 11, false, PS_RIGHT, GREY);
      unknown += (long)g->unknown;
    }
    qsort(g->gaps, g->n, sizeof *g->gaps, cmp_long);
    if (g->n) {
      double q1 = quantile(g->gaps, g->n, 0.25), q3 = quantile(g->gaps, g->n, 0.75);
      double med = quantile(g->gaps, g->n, 0.5);
      double bx0 = left + (right - left) * q1 / xmax, bx1 = left + (right - left) * q3 / xmax;
      ps_rect(x->c, bx0, cy - row * 0.3, bx1 - bx0, row * 0.6, 0xE3EEF6);
      /* a deterministic jitter keeps equal gaps apart and the same data drawing the same */
      for (size_t k = 0; k < g->n; k++) {
        double px = left + (right - left) * (double)g->gaps[k] / xmax;
        double dy = ((double)((k * 7) % 5) - 2) * row * 0.07;
        ps_circle(x->c, px, cy + dy, 4, MARK, 0xFFFFFF);
      }
      double mx = left + (right - left) * med / xmax;
      ps_line(x->c, mx, cy - row * 0.36, mx, cy + row * 0.36, 3, ACCENT);
      char lab[64];
      snprintf(lab, sizeof lab, x->zh ? "中位数 %.0f 天" : "median %.0f days", med);
      /* the label sits right of the median, or left of it when it would leave the plot */
      double lw = ps_text_width(x->c, lab, 12, true, NULL);
      bool fits = mx + 6 + lw <= right;
      ps_text(x->c, fits ? mx + 6 : mx - 6, cy - row * 0.36 - 2, lab, 12, true,
              fits ? PS_LEFT : PS_RIGHT, INK);
    }
  }
  char note[160] = "";
  if (unknown)
    snprintf(note, sizeof note,
             x->zh ? "%ld 个间隔因一端日期不详而未画出"
                   : "%ld gap%s next to an undated session not drawn",
             unknown, unknown == 1 ? "" : "s");
  ps_chart_footer(x, note);
  for (size_t r = 0; r < nrows; r++)
    free(rows[r].gaps);
  psst_table_free(t);
  return rc;
}

/* ---- session timeline ---- */

int ps_chart_session_timeline(struct ctx *x) {
  enum psst_lang lang = x->zh ? PSST_LANG_ZH : PSST_LANG_EN;
  const struct ps_refdata *r = &x->p->ref;
  struct psst_table *t = NULL;
  int rc = psst_list(x->p, &x->f, x->lang, &t, x->err);
  if (rc)
    return rc;
  /* rows: the topics met, in codebook order, then the sessions without one */
  size_t ntop = r->n_topics, *row_of = calloc(ntop + 1, sizeof *row_of), nrows = 0;
  bool *met = calloc(ntop + 1, sizeof *met);
  char(*lo)[11] = calloc(t->nrows + 1, sizeof *lo), (*hi)[11] = calloc(t->nrows + 1, sizeof *hi);
  if (!row_of || !met || !lo || !hi) {
    rc = ps_err(x->err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  int first = x->y0, last = x->y1; /* the time axis: the chart's period */
  long undated = 0;
  for (size_t i = 0; i < t->nrows && !rc; i++) {
    const char *topic = psst_cell(t, i, 6), *date = psst_cell(t, i, 1);
    const struct ps_code *c = topic ? ps_code_find(r->topics, r->n_topics, topic) : NULL;
    met[c ? (size_t)(c - r->topics) : ntop] = true;
    if (date) {
      snprintf(lo[i], sizeof lo[i], "%s", date);
      snprintf(hi[i], sizeof hi[i], "%s", date);
    } else {
      undated++;
      rc = psst_date_window(x->p, atoi(psst_cell(t, i, 2)), atoi(psst_cell(t, i, 3)), lo[i], hi[i],
                            NULL, x->err);
    }
  }
  if (rc)
    goto out;
  for (size_t k = 0; k <= ntop; k++)
    if (met[k])
      row_of[k] = nrows++;
  ps_chart_header(
      x, x->zh ? "每一次集体学习，按主要主题" : "Every collective study session by primary topic",
      x->zh ? "每个点为一次学习及其日期；横线为日期不详的学习可能所在的时间窗；底色为各届"
            : "A dot a session on the day it was held; a line, a session whose date "
              "is known only within a window; the bands are the Politburo's terms");
  double label_w = 0;
  for (size_t k = 0; k <= ntop; k++) {
    if (!met[k])
      continue;
    const char *lab = k < ntop ? psst_label(x->p, "topic", r->topics[k].code, lang)
                               : (x->zh ? "主题未编码" : "No primary topic coded");
    double w = ps_text_width(x->c, lab, 12, false, NULL);
    label_w = w > label_w ? w : label_w;
  }
  double left = 40 + 20 + label_w + 16, right = W - 40, top = 140, bottom = H - 100;
  double row = nrows ? (bottom - top) / (double)nrows : 0;
  if (row > 40)
    row = 40;
  double plot_bottom = top + row * (double)nrows, span = last + 1 - first;
#define XPOS(d) (left + (right - left) * (ps_year_pos(d) - first) / span)
  /* the terms as bands, named above the plot where the name fits */
  for (size_t k = 0; k < r->n_terms; k++) {
    const struct ps_term *term = &r->terms[k];
    char from[16], to[16];
    snprintf(from, sizeof from, "%s", *term->from ? term->from : "0000-01-01");
    snprintf(to, sizeof to, "%s", *term->to ? term->to : x->as_of);
    double bx0 = XPOS(from), bx1 = XPOS(to);
    bx0 = bx0 < left ? left : bx0;
    bx1 = bx1 > right ? right : bx1;
    if (bx1 <= bx0)
      continue;
    ps_rect(x->c, bx0, top - 30, bx1 - bx0, plot_bottom - top + 30,
            term->term % 2 ? 0xF3F3F3 : 0xFBFBFB);
    char name[64];
    term_name(x, term->term, name, sizeof name);
    char full[160];
    snprintf(full, sizeof full, "%s · %s", name, x->zh ? term->leader_zh : term->leader);
    const char *lab = ps_text_width(x->c, full, 12, false, NULL) + 8 <= bx1 - bx0 ? full : name;
    if (ps_text_width(x->c, lab, 12, false, NULL) + 8 <= bx1 - bx0)
      ps_text(x->c, (bx0 + bx1) / 2, top - 26, lab, 12, false, PS_CENTER, GREY);
  }
  for (int y = first; y <= last + 1; y++) {
    double px = left + (right - left) * (y - first) / span;
    ps_line(x->c, px, top - 4, px, plot_bottom, 1, GRID);
    if (span <= 14 || (y - first) % 2 == 0) {
      char yr[16];
      snprintf(yr, sizeof yr, "%d", y);
      ps_text(x->c, px, plot_bottom + 6, yr, 12, false, PS_CENTER, GREY);
    }
  }
  for (size_t k = 0; k <= ntop; k++) {
    if (!met[k])
      continue;
    double cy = top + row * ((double)row_of[k] + 0.5);
    const char *lab = k < ntop ? psst_label(x->p, "topic", r->topics[k].code, lang)
                               : (x->zh ? "主题未编码" : "No primary topic coded");
    uint32_t colour = k < ntop ? ps_topic_colour(r, r->topics[k].code) : 0x999999;
    ps_rect(x->c, 40, cy - 6, 12, 12, colour);
    ps_text(x->c, 60, cy - 9, lab, 12, false, PS_LEFT, INK);
    ps_line(x->c, left, cy, right, cy, 1, 0xE8E8E8);
  }
  for (size_t i = 0; i < t->nrows; i++) {
    const char *topic = psst_cell(t, i, 6);
    const struct ps_code *c = topic ? ps_code_find(r->topics, r->n_topics, topic) : NULL;
    size_t k = c ? (size_t)(c - r->topics) : ntop;
    double cy = top + row * ((double)row_of[k] + 0.5);
    uint32_t colour = c ? ps_topic_colour(r, topic) : 0x999999;
    double px0 = XPOS(lo[i]), px1 = XPOS(hi[i]);
    if (px1 < left || px0 > right)
      continue;
    if (strcmp(lo[i], hi[i])) { /* the window an undated session lies in */
      px0 = px0 < left ? left : px0;
      px1 = px1 > right ? right : px1;
      ps_line(x->c, px0, cy, px1, cy, 3, colour);
      ps_line(x->c, px0, cy - 5, px0, cy + 5, 1.5, colour);
      ps_line(x->c, px1, cy - 5, px1, cy + 5, 1.5, colour);
    } else {
      ps_circle(x->c, px0, cy, 4.5, colour, 0xFFFFFF);
    }
  }
#undef XPOS
  ps_text(x->c, (left + right) / 2, plot_bottom + 28, x->zh ? "年份" : "Year", 13, false, PS_CENTER,
          GREY);
  char note[160] = "";
  if (undated)
    snprintf(note, sizeof note,
             x->zh          ? "%ld 场日期不详，画为其时间窗"
             : undated == 1 ? "%ld session of unknown date drawn as its window"
                            : "%ld sessions of unknown date drawn as their windows",
             undated);
  ps_chart_footer(x, note);
out:
  free(row_of), free(met), free(lo), free(hi);
  psst_table_free(t);
  return rc;
}
