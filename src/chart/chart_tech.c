/*
 * chart_tech.c: the technology timeline (a row per technology, a mark per session)
 * and the institutions whose experts lectured (psst chart tech-timeline, institutions).
 */
#include "chart_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- technology timeline ---- */

struct tech_row {
  const char *tag;
  struct psst_table *s; /* its sessions within the filter, in order */
};

/* the time axis: years y0 to y1 + 1 over [left, right] */
struct axis {
  double left, right;
  int y0, y1;
};

static double px(const struct axis *a, double year) {
  return a->left + (a->right - a->left) * (year - a->y0) / (double)(a->y1 + 1 - a->y0);
}

/* A session of unknown date: a hatched band over the days it may have been held. */
static int draw_window(struct ctx *x, const struct axis *ax, const char *id, double cy, bool first,
                       double *at) {
  int term = 0, number = 0;
  char from[11], to[11];
  int rc = psst_parse_id(id, &term, &number, x->err);
  if (!rc)
    rc = psst_date_window(x->p, term, number, from, to, NULL, x->err);
  if (rc)
    return rc;
  double a = px(ax, ps_year_pos(from)), z = px(ax, ps_year_pos(to) + 1 / 366.0);
  ps_hatch(x->c, a, cy - 5, z - a > 3 ? z - a : 3, 10, first ? ACCENT : MARK);
  *at = a;
  return PSST_OK;
}

int ps_chart_tech_timeline(struct ctx *x) {
  struct psst_table *tl = NULL;
  int rc = psst_timeline(x->p, x->lang, &tl, x->err);
  if (rc)
    return rc;
  /* the rows: the technologies with a session the filters select */
  struct tech_row *rows = calloc(tl->nrows + 1, sizeof *rows);
  size_t n = 0;
  long undated = 0;
  if (!rows)
    rc = ps_err(x->err, PSST_ENOMEM, "out of memory");
  double labw = 0;
  for (size_t i = 0; !rc && i < tl->nrows; i++) {
    struct psst_filter f = x->f;
    f.tech = psst_cell(tl, i, 0);
    struct psst_table *s = NULL;
    if ((rc = psst_list(x->p, &f, x->lang, &s, x->err)))
      break;
    if (!s->nrows) {
      psst_table_free(s);
      continue;
    }
    rows[n].tag = f.tech;
    rows[n++].s = s;
    double w = ps_text_width(x->c, psst_label(x->p, "tech", f.tech, x->lang), 13, false, NULL);
    labw = w > labw ? w : labw;
    for (size_t k = 0; k < s->nrows; k++)
      undated += !psst_cell(s, k, 1);
  }
  double top = rc ? 0
                  : ps_chart_header(x,
                                    x->zh ? "新兴技术进入中央政治局集体学习的时间线"
                                          : "Technologies on the Politburo's study agenda",
                                    x->zh ? "每个点为一场带有该技术标签的集体学习；橙色为首次"
                                          : "Each mark a session carrying the technology; the "
                                            "first in orange");
  struct axis ax = {40 + (labw < 320 ? labw : 320) + 16, W - 60, x->y0, x->y1};
  double bottom = H - 130;
  double row = n ? (bottom - top - 10) / (double)n : 0;
  if (row > 40)
    row = 40;
  double axis_y = top + 10 + row * (double)n;
  /* a gridline a year; a label every year or every few, the last when it has room */
  double yw = ps_text_width(x->c, "0000", 12, false, NULL) + 10;
  double per = (ax.right - ax.left) / (double)(x->y1 + 1 - x->y0);
  int every = per >= yw ? 1 : per * 2 >= yw ? 2 : (int)(yw / per) + 1;
  double last_label = -1e9;
  for (int y = x->y0; !rc && y <= x->y1 + 1; y++) {
    double p = px(&ax, y);
    ps_line(x->c, p, top, p, axis_y, 1, GRID);
    if (((y - x->y0) % every == 0 || y == x->y1 + 1) && p - last_label >= yw) {
      char yr[16];
      snprintf(yr, sizeof yr, "%d", y);
      ps_text(x->c, p, axis_y + 6, yr, 12, false, PS_CENTER, GREY);
      last_label = p;
    }
  }
  for (size_t i = 0; !rc && i < n; i++) {
    struct psst_table *s = rows[i].s;
    double cy = top + 10 + row * ((double)i + 0.5);
    const char *label = psst_label(x->p, "tech", rows[i].tag, x->lang);
    char *fit = ps_text_fit(x->c, label, 13, false, ax.left - 56);
    if (fit && strcmp(fit, label))
      ps_annotate(x->c, label);
    ps_text(x->c, ax.left - 16, cy - 10, fit ? fit : label, 13, false, PS_RIGHT, INK);
    free(fit);
    ps_line(x->c, ax.left, cy, ax.right, cy, 1, 0xF0F0F0);
    double at = ax.left, later; /* where the first session is drawn */
    for (size_t k = 0; !rc && k < s->nrows; k++) {
      const char *date = psst_cell(s, k, 1);
      if (!date) {
        rc = draw_window(x, &ax, psst_cell(s, k, 0), cy, k == 0, k ? &later : &at);
        continue;
      }
      ps_circle(x->c, px(&ax, ps_year_pos(date)), cy, k == 0 ? 7 : 5, k == 0 ? ACCENT : MARK,
                0xFFFFFF);
    }
    /* the first session named beside its mark, on the side that has room */
    const char *d0 = psst_cell(s, 0, 1);
    char lab[80];
    if (d0)
      snprintf(lab, sizeof lab, "%.7s · %s", d0, psst_cell(s, 0, 0));
    else
      snprintf(lab, sizeof lab, x->zh ? "%s · 日期不详" : "%s · date unknown", psst_cell(s, 0, 0));
    if (d0)
      at = px(&ax, ps_year_pos(d0));
    double lw = ps_text_width(x->c, lab, 11, false, NULL);
    bool on_right = at + 11 + lw <= W - 20;
    ps_text(x->c, on_right ? at + 11 : at - 11, cy - 24, lab, 11, false,
            on_right ? PS_LEFT : PS_RIGHT, GREY);
  }
  if (!rc) {
    ps_text(x->c, (ax.left + ax.right) / 2, axis_y + 28, x->zh ? "年份" : "Year", 13, false,
            PS_CENTER, GREY);
    struct ps_legend_item items[3] = {{x->zh ? "首次" : "First session", ACCENT, PS_SWATCH_DOT},
                                      {x->zh ? "其后各场" : "Later session", MARK, PS_SWATCH_DOT},
                                      {x->zh ? "日期不详：斜线覆盖其可能举行的日期"
                                             : "Date unknown: hatched over the days it may "
                                               "have been held",
                                       MARK, PS_SWATCH_HATCH}};
    /* the legend in a row under the axis, each item as wide as its label */
    double lx = ax.left;
    for (size_t k = 0; k < (undated ? 3u : 2u); k++) {
      ps_swatch(x, lx, axis_y + 58, 14, items[k].colour, items[k].swatch);
      lx += 20 + ps_text(x->c, lx + 20, axis_y + 56, items[k].label, 12, false, PS_LEFT, INK) + 28;
    }
    char note[160] = "";
    if (!n)
      snprintf(note, sizeof note,
               x->zh ? "所选学习均无技术标签" : "No session selected carries a technology tag");
    ps_chart_footer(x, note);
  }
  for (size_t i = 0; rows && i < n; i++)
    psst_table_free(rows[i].s);
  free(rows);
  psst_table_free(tl);
  return rc;
}

/* ---- institutions ---- */

int ps_chart_institutions(struct ctx *x) {
  struct psst_table *t = NULL;
  int rc = psst_institutions(x->p, &x->f, x->lang, &t, x->err);
  if (rc)
    return rc;
  size_t limit = x->o->limit ? x->o->limit : 15;
  size_t n = t->nrows < limit ? t->nrows : limit;
  double top = ps_chart_header(x,
                               x->zh ? "为中央政治局集体学习讲解的机构"
                                     : "Who briefs the Politburo: institutions of the lecturers",
                               x->zh ? "按其专家讲解的场次排序"
                                     : "Sessions at which the institution's experts lectured");
  /* a bar a row, its text shrinking with the rows down to 9 px: bars beyond what rows of
     that size hold are left out, and the note says so */
  double bottom = H - 90, space = bottom - top;
  size_t shown = n < (size_t)(space / 16) ? n : (size_t)(space / 16);
  double row = shown ? space / (double)shown : 0;
  if (row > 36)
    row = 36;
  double size = (row - 3) / 1.45;
  size = size > 13 ? 13 : size < 9 ? 9 : size;
  /* the labels take what the longest needs, up to 45% of the width: a longer one is cut
     with an ellipsis, its full name kept in the SVG's text */
  double labw = 0, maxlab = W * 0.45;
  for (size_t i = 0; i < shown; i++) {
    double w = ps_text_width(x->c, psst_cell(t, i, 1), size, false, NULL);
    labw = w > labw ? w : labw;
  }
  if (labw > maxlab)
    labw = maxlab;
  double left = 40 + labw + 12, right = W - 80;
  long max = shown ? atol(psst_cell(t, 0, 2)) : 1;
  for (size_t i = 0; i < shown; i++) {
    long v = atol(psst_cell(t, i, 2));
    double y = top + row * (double)i, h;
    const char *name = psst_cell(t, i, 1);
    char *fit = ps_text_fit(x->c, name, size, false, labw);
    if (fit && strcmp(fit, name))
      ps_annotate(x->c, name);
    ps_text_width(x->c, fit ? fit : name, size, false, &h);
    ps_text(x->c, left - 12, y + (row - h) / 2, fit ? fit : name, size, false, PS_RIGHT, INK);
    free(fit);
    double w = (right - left - 40) * (double)v / (double)(max ? max : 1);
    ps_rect(x->c, left, y + row * 0.18, w, row * 0.64, ps_palette[0]);
    char num[32];
    snprintf(num, sizeof num, "%ld", v);
    ps_text(x->c, left + w + 6, y + (row - h) / 2, num, size - 1, true, PS_LEFT, INK);
  }
  char note[400] = "";
  int k = 0;
  if (!n)
    k = snprintf(note, sizeof note, "%s",
                 x->zh ? "所选学习中没有讲解人所属机构可识别的"
                       : "No lecturer of the sessions selected names a known institution");
  else if (shown < n)
    k = snprintf(note, sizeof note,
                 x->zh ? "仅画出前 %zu 个（共要求 %zu 个）" : "The first %zu of %zu drawn", shown,
                 n);
  if (n && t->note && k >= 0 && (size_t)k < sizeof note)
    snprintf(note + k, sizeof note - (size_t)k, "%s%s", k ? (x->zh ? "；" : "; ") : "", t->note);
  ps_chart_footer(x, note);
  psst_table_free(t);
  return PSST_OK;
}
