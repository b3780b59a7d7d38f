/*
 * chart_int.h: what the chart files share: the drawing context, the palette and
 * the frame every chart has (title with the period, subtitle with the filters, axes,
 * legend, source line). chart.c holds these and the output; each chart_*.c file draws
 * one or two kinds of chart.
 */
#ifndef PSST_CHART_INT_H
#define PSST_CHART_INT_H

#include "canvas.h"

enum { W = 1200, H = 720 };

extern const uint32_t ps_palette[];
extern const size_t ps_npalette;

#define INK     0x222222
#define GREY    0x666666
#define GRID    0xE4E4E4
#define ACCENT  0xEE7733
#define MARK    0x0077BB
#define UNKNOWN 0x888888 /* the outline of what is not known (no topic coded) */

struct ctx {
  struct psst *p;
  struct ps_canvas *c;
  const struct psst_chart_opts *o;
  bool zh;
  enum psst_lang lang;
  char as_of[16];
  struct psst_error *err;
  /* the sessions drawn: the caller's filter, with the period's days when a period was
     asked for (or the chart always has one: topics-by-year) */
  struct psst_filter f;
  char from[24], to[24]; /* the period's first and last day (YYYY-MM-DD), always set */
  int y0, y1;            /* the period's years: the time axis */
};

uint32_t ps_topic_colour(const struct ps_refdata *r, const char *code);
/* A round step for an axis up to max: 1, 2, 5, 10, 20, ... */
double ps_nice_step(double max, int ticks);
/* "2002 to 2021", "2019", "2019-03-01 to 2021-06-30" (zh: "2002—2021年", ...). */
void ps_period(const struct ctx *x, char *out, size_t len);
/* The filters other than the period in words ("Sessions under Xi Jinping tagged
   Artificial intelligence"), "" when there are none. */
void ps_filter_words(const struct ctx *x, char *out, size_t len);
/* The title (the caller's, or title and the period), the subtitle and, on a line of their
   own, the filters; returns the y under them, where the chart may begin. */
double ps_chart_header(struct ctx *x, const char *title, const char *subtitle);
/* The source line at the bottom left and the note (wrapped) at the bottom right. */
void ps_chart_footer(struct ctx *x, const char *note);
/* y axis with gridlines from 0 to top over [y0 (bottom), y1 (top)]; returns the axis maximum */
double ps_y_axis(struct ctx *x, double left, double right, double y0, double y1, double max,
                 const char *label);

enum ps_swatch {
  PS_SWATCH_FILL,  /* a square of the colour */
  PS_SWATCH_EMPTY, /* an outlined white square: not known */
  PS_SWATCH_HATCH, /* a hatched square: not certain */
  PS_SWATCH_DOT    /* a mark of the timeline */
};
struct ps_legend_item {
  const char *label;
  uint32_t colour;
  enum ps_swatch swatch;
};
/* The items from the top down at (lx, ly), labels wrapped to maxw; returns the bottom. */
double ps_legend(struct ctx *x, double lx, double ly, const struct ps_legend_item *items, size_t n,
                 double maxw);
/* The width ps_legend needs for the items with labels wrapped to maxw. */
double ps_legend_width(struct ctx *x, const struct ps_legend_item *items, size_t n, double maxw);
/* The items in rows of as many columns as fit in [lx, rx]; returns the bottom. */
double ps_legend_rows(struct ctx *x, double lx, double rx, double ly,
                      const struct ps_legend_item *items, size_t n);
/* A legend swatch of size s at (sx, sy). */
void ps_swatch(struct ctx *x, double sx, double sy, double s, uint32_t colour, enum ps_swatch kind);
/* The last full calendar year (the default end of a yearly chart). */
int ps_last_full_year(void);
/* Fractional year of a YYYY-MM-DD date, for a time axis. */
double ps_year_pos(const char *date);
/* A leader's name in the terms file that the filter's value names (as filter.c reads it), or
   NULL. */
const char *ps_leader_named(const struct ps_refdata *r, const char *v);

/* the charts, one function a kind */
int ps_chart_topics_by_year(struct ctx *x);
int ps_chart_tech_timeline(struct ctx *x);
int ps_chart_institutions(struct ctx *x);
int ps_chart_by_leader(struct ctx *x);
int ps_chart_cadence(struct ctx *x);          /* chart_time.c */
int ps_chart_session_timeline(struct ctx *x); /* chart_time.c */
int ps_chart_followups(struct ctx *x);        /* chart_followups.c */

#endif
