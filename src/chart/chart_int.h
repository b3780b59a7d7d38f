/*
 * chart_int.h: what the chart files share: the drawing context, the palette and
 * the frame every chart has (title, axes, legend, source line). chart.c holds these
 * and the output; each chart_*.c file draws one or two kinds of chart.
 */
#ifndef PSST_CHART_INT_H
#define PSST_CHART_INT_H

#include "canvas.h"

enum { W = 1200, H = 720 };

extern const uint32_t ps_palette[];
extern const size_t ps_npalette;

#define INK    0x222222
#define GREY   0x666666
#define GRID   0xE4E4E4
#define ACCENT 0xEE7733
#define MARK   0x0077BB

struct ctx {
  struct psst *p;
  struct ps_canvas *c;
  const struct psst_chart_opts *o;
  bool zh;
  char as_of[16];
  struct psst_error *err;
};

uint32_t ps_topic_colour(const struct ps_refdata *r, const char *code);
/* A round step for an axis up to max: 1, 2, 5, 10, 20, ... */
double ps_nice_step(double max, int ticks);
void ps_chart_header(struct ctx *x, const char *title, const char *subtitle);
void ps_chart_footer(struct ctx *x, const char *note);
/* y axis with gridlines from 0 to top over [y0 (bottom), y1 (top)]; returns the axis maximum */
double ps_y_axis(struct ctx *x, double left, double right, double y0, double y1, double max,
                 const char *label);
void ps_legend(struct ctx *x, double lx, double ly, const char *const *labels,
               const uint32_t *colours, size_t n);
/* The last full calendar year (the default end of a yearly chart). */
int ps_last_full_year(void);
/* Fractional year of a YYYY-MM-DD date, for a time axis. */
double ps_year_pos(const char *date);

/* the charts, one function a kind */
int ps_chart_topics_by_year(struct ctx *x);
int ps_chart_tech_timeline(struct ctx *x);
int ps_chart_institutions(struct ctx *x);
int ps_chart_by_leader(struct ctx *x);
int ps_chart_cadence(struct ctx *x);          /* chart_time.c */
int ps_chart_session_timeline(struct ctx *x); /* chart_time.c */

#endif
