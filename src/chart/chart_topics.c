/*
 * chart_topics.c: the leading chart, sessions per year stacked by primary topic
 * (psst chart topics-by-year).
 *
 * Every session the filters select is drawn. A session known to fall in a year (dated,
 * or its window within one year) is a solid segment in its topic's colour, or an
 * outlined white one when no topic is coded. A session whose window spans two or more
 * years ("uncertain" in psst stats) is split evenly over those years as hatched blocks
 * on top of the solid ones: each year gets 1/k of it for a window over k years, so that
 * the bars still add up to the sessions and the reader sees where a year may hold more
 * (the Hu era's "dips" are largely such sessions). Its window may reach outside the
 * period: then only its share within the period is drawn, and the note says how many.
 */
#include "chart_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct grid {
  size_t ny, nt;   /* years, topics (the codebook's); column nt is "no topic coded" */
  long *solid;     /* ny * (nt + 1) sessions known to fall in the year */
  double *hatched; /* ny * (nt + 1) shares of the sessions of uncertain year */
  long uncertain;  /* sessions of uncertain year drawn */
  long partly;     /* of which the window reaches outside the period */
};

static size_t topic_index(const struct ps_refdata *r, const char *code) {
  const struct ps_code *c = code ? ps_code_find(r->topics, r->n_topics, code) : NULL;
  return c ? (size_t)(c - r->topics) : r->n_topics;
}

/* the sessions known to a year: psst stats --by year,topic and --by year, with the filter */
static int count_known(struct ctx *x, struct grid *g) {
  const struct ps_refdata *r = &x->p->ref;
  struct psst_table *t = NULL, *all = NULL;
  int rc = psst_stats(x->p, "year,topic", &x->f, x->lang, &t, x->err);
  if (!rc)
    rc = psst_stats(x->p, "year", &x->f, x->lang, &all, x->err);
  for (size_t row = 0; !rc && row < t->nrows; row++) {
    if (!psst_cell(t, row, 0)) /* the uncertain row: count_uncertain has them one by one */
      continue;
    int year = atoi(psst_cell(t, row, 0));
    if (year < x->y0 || year > x->y1)
      continue;
    size_t yi = (size_t)(year - x->y0);
    for (size_t k = 1; k + 1 < t->ncols; k++) {
      size_t ti = topic_index(r, t->cols[k]);
      g->solid[yi * (g->nt + 1) + ti] += atol(psst_cell(t, row, k));
    }
  }
  /* what the years hold beyond their coded sessions has no primary topic */
  for (size_t row = 0; !rc && row < all->nrows; row++) {
    if (!psst_cell(all, row, 0))
      continue;
    int year = atoi(psst_cell(all, row, 0));
    if (year < x->y0 || year > x->y1)
      continue;
    size_t yi = (size_t)(year - x->y0);
    long coded = 0;
    for (size_t ti = 0; ti < g->nt; ti++)
      coded += g->solid[yi * (g->nt + 1) + ti];
    long n = atol(psst_cell(all, row, 1)) - coded;
    g->solid[yi * (g->nt + 1) + g->nt] = n > 0 ? n : 0;
  }
  psst_table_free(t);
  psst_table_free(all);
  return rc;
}

/* the sessions of uncertain year whose window meets the period, with the other filters */
static int count_uncertain(struct ctx *x, struct grid *g) {
  const struct ps_refdata *r = &x->p->ref;
  struct psst_filter f = x->f;
  f.from = f.to = NULL; /* the window meets the period, not lies within it: below */
  struct ps_buf sql = {0};
  struct ps_binds b = {0};
  sqlite3_stmt *st = NULL;
  int rc = ps_buf_puts(&sql, "SELECT s.date_from, s.date_to, s.topic FROM sessions s"
                             " WHERE s.year IS NULL AND s.date_from IS NOT NULL"
                             " AND s.date_to >= ? AND s.date_from <= ?")
               ? ps_err(x->err, PSST_ENOMEM, "out of memory")
               : ps_filter_sql(x->p, &f, &sql, &b, x->err);
  if (!rc)
    rc = ps_prepare(x->p, sql.s, &st, x->err);
  if (!rc) {
    sqlite3_bind_text(st, 1, x->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, x->to, -1, SQLITE_STATIC);
    ps_binds_apply(st, &b, 3);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
      const char *from = (const char *)sqlite3_column_text(st, 0);
      const char *to = (const char *)sqlite3_column_text(st, 1);
      const char *topic = (const char *)sqlite3_column_text(st, 2);
      int a = atoi(from), z = to ? atoi(to) : a;
      if (z < a)
        continue;
      size_t ti = topic_index(r, topic);
      for (int y = a; y <= z; y++)
        if (y >= x->y0 && y <= x->y1)
          g->hatched[(size_t)(y - x->y0) * (g->nt + 1) + ti] += 1.0 / (z - a + 1);
      g->uncertain++;
      if (strcmp(from, x->from) < 0 || (to && strcmp(to, x->to) > 0))
        g->partly++;
    }
    if (step != SQLITE_DONE)
      rc = ps_err_db(x->err, x->p->db, "query");
  }
  sqlite3_finalize(st);
  ps_binds_release(&b);
  ps_buf_release(&sql);
  return rc;
}

/* a share of a session: "0.5", "1", "1.3" */
static void share(double v, char *out, size_t len) {
  snprintf(out, len, "%.1f", v);
  size_t n = strlen(out);
  if (n > 2 && !strcmp(out + n - 2, ".0"))
    out[n - 2] = '\0';
}

static void draw(struct ctx *x, const struct grid *g, double left, double right, double top,
                 double bottom) {
  const struct ps_refdata *r = &x->p->ref;
  size_t nt = g->nt, ny = g->ny;
  double max = 0;
  for (size_t yi = 0; yi < ny; yi++) {
    double v = 0;
    for (size_t ti = 0; ti <= nt; ti++)
      v += (double)g->solid[yi * (nt + 1) + ti] + g->hatched[yi * (nt + 1) + ti];
    max = v > max ? v : max;
  }
  double ymax = ps_y_axis(x, left, right, bottom, top, max, x->zh ? "场次" : "Sessions");
  double band = (right - left) / (double)ny, bw = band * 0.72, unit = (bottom - top) / ymax;
  /* year labels: every year when they fit, else every other one (the last too when room) */
  double yw = ps_text_width(x->c, "0000", 12, false, NULL) + 8;
  size_t every = band >= yw ? 1 : band * 2 >= yw ? 2 : (size_t)(yw / band) + 1;
  for (size_t yi = 0; yi < ny; yi++) {
    double bx = left + band * (double)yi + (band - bw) / 2, y = bottom;
    /* from the bottom: the topics in reverse codebook order, so that the legend, from the
       top, reads in codebook order; then no topic; then the hatched shares likewise */
    for (size_t pass = 0; pass < 2; pass++)
      for (size_t k = 0; k <= nt; k++) {
        size_t ti = k < nt ? nt - 1 - k : nt;
        double v = pass ? g->hatched[yi * (nt + 1) + ti] : (double)g->solid[yi * (nt + 1) + ti];
        if (v <= 0)
          continue;
        double h = unit * v;
        uint32_t colour = ti < nt ? ps_topic_colour(r, r->topics[ti].code) : UNKNOWN;
        if (pass)
          ps_hatch(x->c, bx, y - h, bw, h, colour);
        else if (ti == nt)
          ps_rect_outline(x->c, bx, y - h, bw, h, 1, UNKNOWN); /* white: not known */
        else
          ps_rect(x->c, bx, y - h, bw, h, colour);
        if (y < bottom && !pass && ti < nt)
          ps_line(x->c, bx, y, bx + bw, y, 1, 0xFFFFFF); /* the rule between segments */
        y -= h;
      }
    long known = 0;
    double maybe = 0;
    for (size_t ti = 0; ti <= nt; ti++)
      known += g->solid[yi * (nt + 1) + ti], maybe += g->hatched[yi * (nt + 1) + ti];
    /* over the bar: the sessions known to the year and, above the hatching, "+" the
       shares of the uncertain ones */
    char num[32];
    double ly = y - 1, h;
    if (maybe > 0) {
      char s[24];
      share(maybe, s, sizeof s);
      snprintf(num, sizeof num, "+%s", s);
      ps_text_width(x->c, num, 11, false, &h);
      ly -= h;
      ps_text(x->c, bx + bw / 2, ly, num, 11, false, PS_CENTER, GREY);
    }
    if (known || maybe > 0) {
      snprintf(num, sizeof num, "%ld", known);
      ps_text_width(x->c, num, 12, true, &h);
      ly -= h;
      ps_text(x->c, bx + bw / 2, ly, num, 12, true, PS_CENTER, INK);
    }
    if (yi % every == 0 || (yi + 1 == ny && band * (double)(yi % every) >= yw)) {
      snprintf(num, sizeof num, "%d", x->y0 + (int)yi);
      ps_text(x->c, bx + bw / 2, bottom + 6, num, 12, false, PS_CENTER, GREY);
    }
  }
  ps_text(x->c, (left + right) / 2, bottom + 28, x->zh ? "年份" : "Year", 13, false, PS_CENTER,
          GREY);
}

int ps_chart_topics_by_year(struct ctx *x) {
  const struct ps_refdata *r = &x->p->ref;
  struct grid g = {.ny = (size_t)(x->y1 - x->y0 + 1), .nt = r->n_topics};
  g.solid = calloc(g.ny * (g.nt + 1), sizeof *g.solid);
  g.hatched = calloc(g.ny * (g.nt + 1), sizeof *g.hatched);
  int rc = !g.solid || !g.hatched ? ps_err(x->err, PSST_ENOMEM, "out of memory") : PSST_OK;
  if (!rc)
    rc = count_known(x, &g);
  if (!rc)
    rc = count_uncertain(x, &g);
  if (rc) {
    free(g.solid), free(g.hatched);
    return rc;
  }
  double top = ps_chart_header(
      x, x->zh ? "中共中央政治局集体学习：各年主题" : "CCP collective study sessions by topic",
      x->zh ? "每场学习按其主要主题计一次" : "Each session counted once, by its primary topic");

  /* the legend, from the top as the stacks from theirs: uncertain, no topic, the topics */
  struct ps_legend_item items[80];
  size_t n = 0;
  bool any_solid_unknown = false;
  long total = 0;
  for (size_t yi = 0; yi < g.ny; yi++)
    for (size_t ti = 0; ti <= g.nt; ti++)
      total += g.solid[yi * (g.nt + 1) + ti];
  if (g.uncertain)
    items[n++] = (struct ps_legend_item){
        x->zh ? "日期不确定（时间窗跨年）：平均分摊到其可能所在的各年"
              : "Date uncertain (window over two or more years): split evenly over the years "
                "it may fall in",
        UNKNOWN, PS_SWATCH_HATCH};
  for (size_t yi = 0; yi < g.ny; yi++)
    any_solid_unknown |= g.solid[yi * (g.nt + 1) + g.nt] > 0;
  if (any_solid_unknown)
    items[n++] = (struct ps_legend_item){x->zh ? "主要主题未编码" : "No topic coded", UNKNOWN,
                                         PS_SWATCH_EMPTY};
  for (size_t ti = 0; ti < g.nt && n < sizeof items / sizeof *items; ti++) {
    bool seen = false;
    for (size_t yi = 0; yi < g.ny; yi++)
      seen |= g.solid[yi * (g.nt + 1) + ti] > 0 || g.hatched[yi * (g.nt + 1) + ti] > 0;
    if (seen)
      items[n++] = (struct ps_legend_item){psst_label(x->p, "topic", r->topics[ti].code, x->lang),
                                           ps_topic_colour(r, r->topics[ti].code), PS_SWATCH_FILL};
  }
  double legend_w = ps_legend_width(x, items, n, 250);
  double lx = W - 40 - legend_w, right = lx - 30, left = 90, bottom = H - 110;
  /* room above the tallest bar for its two labels */
  draw(x, &g, left, right, top + 40, bottom);
  ps_legend(x, lx, top + 40, items, n, 250);

  char note[400];
  int k = g.uncertain ? snprintf(note, sizeof note,
                                 x->zh ? "共 %ld 场，其中 %ld 场日期不确定"
                                       : "%ld sessions, %ld of uncertain date",
                                 total + g.uncertain, g.uncertain)
                      : snprintf(note, sizeof note, x->zh ? "共 %ld 场" : "%ld sessions", total);
  if (g.partly && k > 0 && (size_t)k < sizeof note)
    snprintf(note + k, sizeof note - (size_t)k,
             x->zh ? "；其中 %ld 场的时间窗超出所示时期，只画出时期内的部分"
                   : "; %ld of these may fall outside the period: only the share within it is "
                     "drawn",
             g.partly);
  ps_chart_footer(x, note);
  free(g.solid), free(g.hatched);
  return PSST_OK;
}
