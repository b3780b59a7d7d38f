/*
 * chart.c: the publication charts (psst chart): the data from the library's own
 * queries, laid out once and drawn through the canvas for SVG, PNG and PDF.
 *
 * Every chart has a title, axis labels where there are axes, a legend where colours
 * carry meaning, and a source line with the data's date. Labels come from the
 * codebook in the chosen language. The palette is Paul Tol's colour-blind-safe
 * "muted" set extended to thirteen colours ordered so that neighbouring stack
 * segments also differ in lightness (readable in greyscale print), with a white
 * rule between segments.
 *
 * This file and canvas.c are the psst-chart module (module.h): only the commands
 * that draw load cairo and pango.
 */
#include "canvas.h"
#include "module.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { W = 1200, H = 720 };

static const uint32_t palette[] = {0x332288, 0xDDCC77, 0x882255, 0x88CCEE, 0x117733,
                                   0xEE8866, 0xAA4499, 0xBBCC33, 0x44AA99, 0xCC6677,
                                   0x999933, 0xDDDDDD, 0x77AADD};
enum { NPALETTE = sizeof palette / sizeof *palette };

#define INK    0x222222
#define GREY   0x666666
#define GRID   0xE4E4E4
#define ACCENT 0xEE7733
#define MARK   0x0077BB

PS_MODULE_VERSION;

static uint32_t topic_colour(const struct ps_refdata *r, const char *code) {
  const struct ps_code *c = ps_code_find(r->topics, r->n_topics, code);
  return palette[(c ? (size_t)(c - r->topics) : 0) % NPALETTE];
}

/* A round step for an axis up to max: 1, 2, 5, 10, 20, ... */
static double nice_step(double max, int ticks) {
  double raw = max / ticks, mag = pow(10, floor(log10(raw > 0 ? raw : 1)));
  double f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

struct ctx {
  struct psst *p;
  struct ps_canvas *c;
  const struct psst_chart_opts *o;
  bool zh;
  char as_of[16];
  struct psst_error *err;
};

static void header(struct ctx *x, const char *title, const char *subtitle) {
  ps_text(x->c, 40, 24, x->o->title ? x->o->title : title, 24, true, PS_LEFT, INK);
  if (subtitle)
    ps_text(x->c, 40, 60, subtitle, 14, false, PS_LEFT, GREY);
}

static void footer(struct ctx *x, const char *note) {
  char src[160];
  snprintf(src, sizeof src, x->zh ? "来源：psst，数据截至 %s" : "Source: psst, data as of %s",
           x->as_of);
  ps_text(x->c, 40, H - 34, src, 12, false, PS_LEFT, GREY);
  if (note && *note)
    ps_text(x->c, W - 40, H - 34, note, 12, false, PS_RIGHT, GREY);
}

/* y axis with gridlines from 0 to top over [y0 (bottom), y1 (top)]; returns the axis maximum */
static double y_axis(struct ctx *x, double left, double right, double y0, double y1, double max,
                     const char *label) {
  double step = nice_step(max > 0 ? max : 1, 5);
  double top = ceil((max > 0 ? max : 1) / step) * step;
  for (double v = 0; v <= top + step / 2; v += step) {
    double y = y0 - (y0 - y1) * v / top;
    ps_line(x->c, left, y, right, y, 1, v == 0 ? 0x999999 : GRID);
    char num[32];
    snprintf(num, sizeof num, "%g", v);
    ps_text(x->c, left - 8, y - 9, num, 12, false, PS_RIGHT, GREY);
  }
  ps_text_up(x->c, left - 44, (y0 + y1) / 2, label, 13, GREY);
  return top;
}

static void legend(struct ctx *x, double lx, double ly, const char *const *labels,
                   const uint32_t *colours, size_t n) {
  for (size_t i = 0; i < n; i++) {
    ps_rect(x->c, lx, ly + i * 26, 16, 16, colours[i]);
    ps_text(x->c, lx + 24, ly + i * 26 - 2, labels[i], 13, false, PS_LEFT, INK);
  }
}

/* ---- topics by year ---- */

static int last_full_year(void) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900 - 1;
}

static int topics_by_year(struct ctx *x) {
  int y0 = x->o->from_year ? x->o->from_year : 2002;
  int y1 = x->o->to_year ? x->o->to_year : last_full_year();
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
  header(x, title,
         x->zh ? "每场学习按其主要主题计一次" : "Each session counted once, by its primary topic");

  /* the legend takes what its longest label needs; the plot the rest */
  double legend_w = 0;
  for (size_t k = 0; k < ntop; k++) {
    double w = ps_text_width(
        x->c, psst_label(x->p, "topic", t->cols[k + 1], x->zh ? PSST_LANG_ZH : PSST_LANG_EN), 13,
        false, NULL);
    legend_w = w > legend_w ? w : legend_w;
  }
  double left = 90, right = W - 40 - 24 - legend_w - 30, bottom = H - 110, top = 110;
  double ymax = y_axis(x, left, right, bottom, top, (double)max, x->zh ? "场次" : "Sessions");
  double band = (right - left) / (double)nyears, bw = band * 0.72;
  for (size_t yi = 0; yi < nyears; yi++) {
    double bx = left + band * (double)yi + (band - bw) / 2, y = bottom;
    for (size_t k = 0; k < ntop; k++) {
      long n = grid[yi * ntop + k];
      if (!n)
        continue;
      double h = (bottom - top) * (double)n / ymax;
      ps_rect(x->c, bx, y - h, bw, h, topic_colour(r, t->cols[k + 1]));
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
    colours[nl++] = topic_colour(r, t->cols[k + 1]);
  }
  legend(x, right + 30, top, labels, colours, nl);
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
  footer(x, note);
  free(grid), free(totals);
  psst_table_free(t);
  return PSST_OK;
}

/* ---- technology timeline ---- */

static double year_pos(const char *date) {
  int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
  return y + ((m - 1) * 30.5 + (d - 1)) / 366.0;
}

static int tech_timeline(struct ctx *x) {
  enum psst_lang lang = x->zh ? PSST_LANG_ZH : PSST_LANG_EN;
  struct psst_table *tl = NULL;
  int rc = psst_timeline(x->p, lang, &tl, x->err);
  if (rc)
    return rc;
  header(x,
         x->zh ? "新兴技术进入中央政治局集体学习的时间线"
               : "Technologies on the Politburo's study agenda",
         x->zh ? "每个点为一场带有该技术标签的集体学习；橙色为首次"
               : "Each mark a session carrying the technology; the first in orange");
  int first = 2002, last = atoi(x->as_of) ? atoi(x->as_of) : 2025;
  double left = 300, right = W - 60, top = 110, bottom = H - 100;
  double row = tl->nrows ? (bottom - top) / (double)tl->nrows : 0;
  if (row > 40)
    row = 40;
  double span = last + 1 - first;
  for (int y = first; y <= last + 1; y++) {
    double px = left + (right - left) * (y - first) / span;
    ps_line(x->c, px, top - 10, px, top + row * (double)tl->nrows, 1, GRID);
    if ((y - first) % 2 == 0 || y == last + 1) {
      char yr[16];
      snprintf(yr, sizeof yr, "%d", y);
      ps_text(x->c, px, top + row * (double)tl->nrows + 6, yr, 12, false, PS_CENTER, GREY);
    }
  }
  long undated = 0;
  for (size_t i = 0; i < tl->nrows && !rc; i++) {
    const char *tag = psst_cell(tl, i, 0);
    double cy = top + row * ((double)i + 0.5);
    ps_text(x->c, left - 16, cy - 10, psst_label(x->p, "tech", tag, lang), 13, false, PS_RIGHT,
            INK);
    ps_line(x->c, left, cy, right, cy, 1, 0xF0F0F0);
    struct psst_filter f = {.tech = tag};
    struct psst_table *s = NULL;
    if ((rc = psst_list(x->p, &f, lang, &s, x->err)))
      break;
    bool first_mark = true;
    for (size_t k = 0; k < s->nrows; k++) {
      const char *date = psst_cell(s, k, 1);
      if (!date) {
        undated++;
        continue;
      }
      double px = left + (right - left) * (year_pos(date) - first) / span;
      ps_circle(x->c, px, cy, first_mark ? 7 : 5, first_mark ? ACCENT : MARK, 0xFFFFFF);
      if (first_mark) {
        char lab[64];
        snprintf(lab, sizeof lab, "%.7s · %s", date, psst_cell(s, k, 0));
        ps_text(x->c, px + 11, cy - 22, lab, 11, false, PS_LEFT, GREY);
      }
      first_mark = false;
    }
    psst_table_free(s);
  }
  ps_text(x->c, (left + right) / 2, top + row * (double)tl->nrows + 28, x->zh ? "年份" : "Year", 13,
          false, PS_CENTER, GREY);
  char note[128] = "";
  if (undated)
    snprintf(note, sizeof note,
             x->zh ? "%ld 场日期不详，未标出" : "%ld session(s) without a known date not shown",
             undated);
  footer(x, note);
  psst_table_free(tl);
  return rc;
}

/* ---- institutions ---- */

static int institutions(struct ctx *x) {
  enum psst_lang lang = x->zh ? PSST_LANG_ZH : PSST_LANG_EN;
  struct psst_table *t = NULL;
  int rc = psst_institutions(x->p, NULL, lang, &t, x->err);
  if (rc)
    return rc;
  size_t n =
      t->nrows < (x->o->limit ? x->o->limit : 15) ? t->nrows : (x->o->limit ? x->o->limit : 15);
  header(x,
         x->zh ? "为中央政治局集体学习讲解的机构"
               : "Who briefs the Politburo: institutions of the lecturers",
         x->zh ? "按其专家讲解的场次排序" : "Sessions at which the institution's experts lectured");
  double left = 420, right = W - 80, top = 110, bottom = H - 90;
  double row = n ? (bottom - top) / (double)n : 0;
  if (row > 36)
    row = 36;
  long max = n ? atol(psst_cell(t, 0, 2)) : 1;
  for (size_t i = 0; i < n; i++) {
    long v = atol(psst_cell(t, i, 2));
    double y = top + row * (double)i;
    ps_text(x->c, left - 12, y + row / 2 - 10, psst_cell(t, i, 1), 13, false, PS_RIGHT, INK);
    double w = (right - left - 40) * (double)v / (double)(max ? max : 1);
    ps_rect(x->c, left, y + row * 0.18, w, row * 0.64, palette[0]);
    char num[32];
    snprintf(num, sizeof num, "%ld", v);
    ps_text(x->c, left + w + 6, y + row / 2 - 10, num, 12, true, PS_LEFT, INK);
  }
  footer(x, t->note);
  psst_table_free(t);
  return PSST_OK;
}

/* ---- by leader ---- */

static double days_between(const char *a, const char *b) {
  return (double)(ps_days(b) - ps_days(a));
}

static int by_leader(struct ctx *x) {
  enum psst_lang lang = x->zh ? PSST_LANG_ZH : PSST_LANG_EN;
  const struct ps_refdata *r = &x->p->ref;
  struct psst_table *t = NULL;
  int rc = psst_stats(x->p, "leader,topic", NULL, lang, &t, x->err);
  if (rc)
    return rc;
  header(x,
         x->zh ? "胡锦涛与习近平时期的集体学习" : "Collective study under Hu Jintao and Xi Jinping",
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
    ps_rect(x->c, lx0, y + row * 0.2, w, row * 0.5, palette[0]);
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
      ps_rect(x->c, sx, y + row * 0.2, sw, row * 0.5, topic_colour(r, t->cols[k]));
      ps_line(x->c, sx, y + row * 0.2, sx, y + row * 0.7, 1, 0xFFFFFF);
      if (sw >= 34) {
        char pct[16];
        snprintf(pct, sizeof pct, "%.0f%%", 100.0 * (double)v / (double)sum);
        uint32_t c = topic_colour(r, t->cols[k]);
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
    ps_rect(x->c, lx, ly + (double)line * 24, 14, 14, topic_colour(r, t->cols[k]));
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
  footer(x, note);
  psst_table_free(t);
  return rc;
}

/* ---- output ---- */

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len) {
  return ps_buf_add(closure, (const char *)data, len) ? CAIRO_STATUS_NO_MEMORY
                                                      : CAIRO_STATUS_SUCCESS;
}

/* cairo writes text as glyph outlines: put the title and the labels back as text */
static int svg_annotate(struct ps_buf *svg, const char *title, const char *labels) {
  const char *root = strstr(svg->s ? svg->s : "", "<svg");
  const char *end = root ? strchr(root, '>') : NULL;
  if (!end)
    return PSST_EIO;
  struct ps_buf b = {0};
  ps_buf_add(&b, svg->s, (size_t)(end - svg->s) + 1);
  ps_buf_puts(&b, "\n<title>");
  ps_buf_xml_str(&b, title);
  ps_buf_puts(&b, "</title>\n<desc>");
  ps_buf_xml_str(&b, labels);
  ps_buf_puts(&b, "</desc>");
  if (ps_buf_puts(&b, end + 1)) {
    ps_buf_release(&b);
    return PSST_ENOMEM;
  }
  ps_buf_release(svg);
  *svg = b;
  return PSST_OK;
}

int ps_mod_chart_render(struct psst *p, enum psst_chart_kind kind, const struct psst_chart_opts *o,
                        const char *format, char **out, size_t *len, struct psst_error *err) {
  *out = NULL;
  *len = 0;
  struct psst_chart_opts defaults = {0};
  if (!o)
    o = &defaults;
  bool svg = !strcmp(format, "svg"), png = !strcmp(format, "png"), pdf = !strcmp(format, "pdf");
  if (!svg && !png && !pdf)
    return ps_err(err, PSST_EINVAL, "chart: '%s' is not svg, png or pdf", format);
  double dpi = o->dpi > 0 ? o->dpi : 192;
  if (dpi < 36 || dpi > 1200)
    return ps_err(err, PSST_EINVAL, "chart: --dpi %g is outside 36 to 1200", dpi);
  struct ps_buf data = {0};
  struct ps_canvas c = {.w = W, .h = H};
  struct ctx x = {.p = p, .c = &c, .o = o, .zh = o->lang == PSST_LANG_ZH, .err = err};
  long n;
  int rc = psst_summary(p, x.as_of, sizeof x.as_of, &n, err);
  if (rc)
    return rc;
  cairo_surface_t *s;
  if (svg) {
    s = cairo_svg_surface_create_for_stream(to_buf, &data, W, H);
    cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1);
    cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PX);
  } else if (pdf) {
    s = cairo_pdf_surface_create_for_stream(to_buf, &data, W * 0.75, H * 0.75);
    /* a fixed date keeps the same data rendering to the same bytes */
    char date[32];
    snprintf(date, sizeof date, "%sT00:00:00Z", x.as_of);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "psst " PSST_VERSION);
  } else {
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)lround(W * dpi / 96),
                                   (int)lround(H * dpi / 96));
  }
  c.cr = cairo_create(s);
  if (pdf)
    cairo_scale(c.cr, 0.75, 0.75);
  else if (png)
    cairo_scale(c.cr, dpi / 96, dpi / 96);
  ps_rect(&c, 0, 0, W, H, 0xFFFFFF);
  switch (kind) {
  case PSST_CHART_TOPICS_BY_YEAR:
    rc = topics_by_year(&x);
    break;
  case PSST_CHART_TECH_TIMELINE:
    rc = tech_timeline(&x);
    break;
  case PSST_CHART_INSTITUTIONS:
    rc = institutions(&x);
    break;
  case PSST_CHART_BY_LEADER:
    rc = by_leader(&x);
    break;
  default:
    rc = ps_err(err, PSST_EINVAL, "chart: unknown kind");
  }
  cairo_destroy(c.cr);
  if (!rc && png && cairo_surface_write_to_png_stream(s, to_buf, &data) != CAIRO_STATUS_SUCCESS)
    rc = ps_err(err, PSST_ENOMEM, "chart: cannot encode the PNG");
  cairo_surface_finish(s);
  if (!rc && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
    rc = ps_err(err, PSST_ENOMEM, "chart: %s", cairo_status_to_string(cairo_surface_status(s)));
  cairo_surface_destroy(s);
  if (!rc && svg) {
    char *title = NULL;
    size_t tl = strcspn(c.labels.s ? c.labels.s : "", "\n");
    title = c.labels.s ? strndup(c.labels.s, tl) : ps_strdup("");
    rc = title ? svg_annotate(&data, title, c.labels.s ? c.labels.s + tl : "") : PSST_ENOMEM;
    free(title);
    if (rc)
      ps_err(err, rc, "chart: cannot annotate the SVG");
  }
  ps_buf_release(&c.labels);
  if (rc) {
    ps_buf_release(&data);
    return rc;
  }
  *len = data.len;
  *out = ps_buf_detach(&data);
  return PSST_OK;
}
