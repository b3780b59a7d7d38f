/*
 * canvas.c: drawing primitives over cairo, and text through pango so that Chinese
 * labels are shaped with Noto Sans CJK (never boxes) and measured exactly for layout.
 */
#include "canvas.h"

#include <pango/pangocairo.h>

/* One family for both languages: Noto Sans CJK carries Latin glyphs that match. */
#define PS_FONT "Noto Sans CJK SC"

static void set_rgb(cairo_t *cr, uint32_t rgb) {
  cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                       (rgb & 0xff) / 255.0);
}

void ps_rect(struct ps_canvas *c, double x, double y, double w, double h, uint32_t rgb) {
  if (w <= 0 || h <= 0)
    return;
  set_rgb(c->cr, rgb);
  cairo_rectangle(c->cr, x, y, w, h);
  cairo_fill(c->cr);
}

void ps_line(struct ps_canvas *c, double x1, double y1, double x2, double y2, double width,
             uint32_t rgb) {
  set_rgb(c->cr, rgb);
  cairo_set_line_width(c->cr, width);
  cairo_move_to(c->cr, x1, y1);
  cairo_line_to(c->cr, x2, y2);
  cairo_stroke(c->cr);
}

void ps_circle(struct ps_canvas *c, double x, double y, double r, uint32_t fill, uint32_t stroke) {
  cairo_new_sub_path(c->cr);
  cairo_arc(c->cr, x, y, r, 0, 6.283185307179586);
  set_rgb(c->cr, fill);
  cairo_fill_preserve(c->cr);
  set_rgb(c->cr, stroke);
  cairo_set_line_width(c->cr, 1.2);
  cairo_stroke(c->cr);
}

static PangoLayout *layout(struct ps_canvas *c, const char *s, double size, bool bold) {
  PangoLayout *l = pango_cairo_create_layout(c->cr);
  PangoFontDescription *fd = pango_font_description_from_string(PS_FONT);
  pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
  pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(l, fd);
  pango_font_description_free(fd);
  pango_layout_set_text(l, s, -1);
  return l;
}

double ps_text_width(struct ps_canvas *c, const char *s, double size, bool bold, double *height) {
  PangoLayout *l = layout(c, s, size, bold);
  PangoRectangle ink, logical;
  pango_layout_get_extents(l, &ink, &logical);
  g_object_unref(l);
  if (height)
    *height = (double)logical.height / PANGO_SCALE;
  return (double)logical.width / PANGO_SCALE;
}

double ps_text(struct ps_canvas *c, double x, double y, const char *s, double size, bool bold,
               enum ps_align align, uint32_t rgb) {
  PangoLayout *l = layout(c, s, size, bold);
  PangoRectangle ink, logical;
  pango_layout_get_extents(l, &ink, &logical);
  double w = (double)logical.width / PANGO_SCALE;
  double x0 = align == PS_LEFT ? x : align == PS_CENTER ? x - w / 2 : x - w;
  set_rgb(c->cr, rgb);
  cairo_move_to(c->cr, x0, y);
  pango_cairo_show_layout(c->cr, l);
  g_object_unref(l);
  ps_buf_puts(&c->labels, s);
  ps_buf_putc(&c->labels, '\n');
  return w;
}

void ps_text_up(struct ps_canvas *c, double x, double y, const char *s, double size, uint32_t rgb) {
  double h;
  double w = ps_text_width(c, s, size, false, &h);
  cairo_save(c->cr);
  cairo_translate(c->cr, x, y);
  cairo_rotate(c->cr, -1.5707963267948966);
  ps_text(c, -w / 2 + w / 2, -h / 2, s, size, false, PS_CENTER, rgb);
  cairo_restore(c->cr);
}
