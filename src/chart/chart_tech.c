/*
 * chart_tech.c: the technology timeline (a row per technology, a mark per session)
 * and the institutions whose experts lectured (psst chart tech-timeline, institutions).
 */
#include "chart_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- technology timeline ---- */

int ps_chart_tech_timeline(struct ctx *x) {
  enum psst_lang lang = x->zh ? PSST_LANG_ZH : PSST_LANG_EN;
  struct psst_table *tl = NULL;
  int rc = psst_timeline(x->p, lang, &tl, x->err);
  if (rc)
    return rc;
  ps_chart_header(x,
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
      double px = left + (right - left) * (ps_year_pos(date) - first) / span;
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
  ps_chart_footer(x, note);
  psst_table_free(tl);
  return rc;
}

/* ---- institutions ---- */

int ps_chart_institutions(struct ctx *x) {
  enum psst_lang lang = x->zh ? PSST_LANG_ZH : PSST_LANG_EN;
  struct psst_table *t = NULL;
  int rc = psst_institutions(x->p, NULL, lang, &t, x->err);
  if (rc)
    return rc;
  size_t n =
      t->nrows < (x->o->limit ? x->o->limit : 15) ? t->nrows : (x->o->limit ? x->o->limit : 15);
  ps_chart_header(x,
                  x->zh ? "为中央政治局集体学习讲解的机构"
                        : "Who briefs the Politburo: institutions of the lecturers",
                  x->zh ? "按其专家讲解的场次排序"
                        : "Sessions at which the institution's experts lectured");
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
    ps_rect(x->c, left, y + row * 0.18, w, row * 0.64, ps_palette[0]);
    char num[32];
    snprintf(num, sizeof num, "%ld", v);
    ps_text(x->c, left + w + 6, y + row / 2 - 10, num, 12, true, PS_LEFT, INK);
  }
  ps_chart_footer(x, t->note);
  psst_table_free(t);
  return PSST_OK;
}
