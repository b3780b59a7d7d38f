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
  /* every text's box as JSON objects, comma-separated: the SVG's <metadata>, from which a
     test checks that no text leaves the canvas or covers another */
  struct ps_buf boxes;
  int rc; /* PSST_ENOMEM once a record could not be kept */
};

void ps_rect(struct ps_canvas *c, double x, double y, double w, double h, uint32_t rgb);
/* A rectangle's outline, drawn inside it. */
void ps_rect_outline(struct ps_canvas *c, double x, double y, double w, double h, double width,
                     uint32_t rgb);
/* A rectangle hatched with diagonal lines of rgb on white, outlined in rgb: what is not
   certain (a session whose year is not known). */
void ps_hatch(struct ps_canvas *c, double x, double y, double w, double h, uint32_t rgb);
void ps_line(struct ps_canvas *c, double x1, double y1, double x2, double y2, double width,
             uint32_t rgb);
void ps_circle(struct ps_canvas *c, double x, double y, double r, uint32_t fill, uint32_t stroke);
/* Draws UTF-8 text (lines split at \n) with its top at y, aligned on x; returns its width. */
double ps_text(struct ps_canvas *c, double x, double y, const char *s, double size, bool bold,
               enum ps_align align, uint32_t rgb);
/* The width and height text would take. */
double ps_text_width(struct ps_canvas *c, const char *s, double size, bool bold, double *height);
/* Text turned by -90 degrees (reading upwards), centred on (x, y). */
void ps_text_up(struct ps_canvas *c, double x, double y, const char *s, double size, uint32_t rgb);
/* s cut at a character boundary with "…" so that it takes at most maxw (s itself when it
   fits); to free(), NULL when out of memory. */
char *ps_text_fit(struct ps_canvas *c, const char *s, double size, bool bold, double maxw);
/* s broken at spaces (or, without spaces, anywhere) into lines of at most maxw, joined
   with \n; to free(), NULL when out of memory. */
char *ps_text_wrap(struct ps_canvas *c, const char *s, double size, bool bold, double maxw);
/* Adds s to the SVG's text (<desc>) without drawing it: the full form of a shortened label. */
void ps_annotate(struct ps_canvas *c, const char *s);

/* chart.c: psst_chart_render's code, the entry of the psst-chart module (module.h) */
int ps_mod_chart_render(struct psst *p, enum psst_chart_kind kind, const struct psst_chart_opts *o,
                        const char *format, char **out, size_t *len, struct psst_error *err);

#endif
