/*
 * canvas.h: the few drawing operations the charts need, over cairo and pango, so
 * that one drawing code serves SVG, PNG and PDF alike. Coordinates are CSS pixels
 * (96 per inch) from the top left; colours are 0xRRGGBB.
 */
#ifndef PSST_CANVAS_H
#define PSST_CANVAS_H

#include <cairo.h>
#include <stdbool.h>
#include <stdint.h>

#include "internal.h"

enum ps_align { PS_LEFT, PS_CENTER, PS_RIGHT };

struct ps_canvas {
  cairo_t *cr;
  double w, h;
  struct ps_buf labels; /* every text drawn, one a line: the SVG's <desc>, and what tests read */
};

void ps_rect(struct ps_canvas *c, double x, double y, double w, double h, uint32_t rgb);
void ps_line(struct ps_canvas *c, double x1, double y1, double x2, double y2, double width,
             uint32_t rgb);
void ps_circle(struct ps_canvas *c, double x, double y, double r, uint32_t fill, uint32_t stroke);
/* Draws UTF-8 text with its top at y, aligned on x; returns its width. */
double ps_text(struct ps_canvas *c, double x, double y, const char *s, double size, bool bold,
               enum ps_align align, uint32_t rgb);
/* The width and height text would take. */
double ps_text_width(struct ps_canvas *c, const char *s, double size, bool bold, double *height);
/* Text turned by -90 degrees (reading upwards), centred on (x, y). */
void ps_text_up(struct ps_canvas *c, double x, double y, const char *s, double size, uint32_t rgb);

/* chart.c: psst_chart_render's code, the entry of the psst-chart module (module.h) */
int ps_mod_chart_render(struct psst *p, enum psst_chart_kind kind, const struct psst_chart_opts *o,
                        const char *format, char **out, size_t *len, struct psst_error *err);

#endif
