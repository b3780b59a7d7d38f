/*
 * canvas.c: drawing primitives over cairo, and text through pango so that Chinese
 * labels are shaped with Noto Sans CJK (never boxes) and measured exactly for layout.
 * Every text drawn is also recorded with the box it takes, for the SVG's annotations.
 */
#include "canvas.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

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

void ps_rect_outline(struct ps_canvas *c, double x, double y, double w, double h, double width,
                     uint32_t rgb) {
  if (w <= width || h <= width)
    return;
  set_rgb(c->cr, rgb);
  cairo_set_line_width(c->cr, width);
  cairo_rectangle(c->cr, x + width / 2, y + width / 2, w - width, h - width);
  cairo_stroke(c->cr);
}

void ps_hatch(struct ps_canvas *c, double x, double y, double w, double h, uint32_t rgb) {
  if (w <= 0 || h <= 0)
    return;
  ps_rect(c, x, y, w, h, 0xFFFFFF);
  cairo_save(c->cr);
  cairo_rectangle(c->cr, x, y, w, h);
  cairo_clip(c->cr);
  set_rgb(c->cr, rgb);
  cairo_set_line_width(c->cr, 1.6);
  /* lines x + y = k on a grid of the whole canvas, so that neighbouring hatched blocks
     continue each other's lines */
  const double step = 6;
  for (double k = ceil((x + y) / step) * step; k <= x + w + y + h; k += step) {
    cairo_move_to(c->cr, k - (y + h), y + h);
    cairo_line_to(c->cr, k - y, y);
  }
  cairo_stroke(c->cr);
  cairo_restore(c->cr);
  ps_rect_outline(c, x, y, w, h, 1, rgb);
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

static PangoLayout *layout(struct ps_canvas *c, const char *s, double size, bool bold,
                           enum ps_align align) {
  PangoLayout *l = pango_cairo_create_layout(c->cr);
  PangoFontDescription *fd = pango_font_description_from_string(PS_FONT);
  pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
  pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(l, fd);
  pango_font_description_free(fd);
  /* the lines of a text of several align among themselves as the text aligns on x */
  pango_layout_set_alignment(l, align == PS_LEFT     ? PANGO_ALIGN_LEFT
                                : align == PS_CENTER ? PANGO_ALIGN_CENTER
                                                     : PANGO_ALIGN_RIGHT);
  pango_layout_set_text(l, s, -1);
  return l;
}

double ps_text_width(struct ps_canvas *c, const char *s, double size, bool bold, double *height) {
  PangoLayout *l = layout(c, s, size, bold, PS_LEFT);
  PangoRectangle ink, logical;
  pango_layout_get_extents(l, &ink, &logical);
  g_object_unref(l);
  if (height)
    *height = (double)logical.height / PANGO_SCALE;
  return (double)logical.width / PANGO_SCALE;
}

static void record(struct ps_canvas *c, double x, double y, double w, double h, const char *s) {
  c->rc |= ps_buf_puts(&c->labels, s) | ps_buf_putc(&c->labels, '\n') |
           ps_buf_printf(&c->boxes, "%s{\"x\":%.2f,\"y\":%.2f,\"w\":%.2f,\"h\":%.2f,\"text\":",
                         c->boxes.len ? ",\n" : "", x, y, w, h) |
           ps_buf_json_str(&c->boxes, s) | ps_buf_putc(&c->boxes, '}');
}

/* Draws s at (x, y) of the current user space; the layout's logical box in *box (x, y, w, h). */
static void show(struct ps_canvas *c, double x, double y, const char *s, double size, bool bold,
                 enum ps_align align, uint32_t rgb, double box[4]) {
  PangoLayout *l = layout(c, s, size, bold, align);
  PangoRectangle ink, logical;
  pango_layout_get_extents(l, &ink, &logical);
  double w = (double)logical.width / PANGO_SCALE, h = (double)logical.height / PANGO_SCALE;
  double x0 = align == PS_LEFT ? x : align == PS_CENTER ? x - w / 2 : x - w;
  set_rgb(c->cr, rgb);
  cairo_move_to(c->cr, x0 - (double)logical.x / PANGO_SCALE, y - (double)logical.y / PANGO_SCALE);
  pango_cairo_show_layout(c->cr, l);
  g_object_unref(l);
  box[0] = x0, box[1] = y, box[2] = w, box[3] = h;
}

double ps_text(struct ps_canvas *c, double x, double y, const char *s, double size, bool bold,
               enum ps_align align, uint32_t rgb) {
  double b[4];
  show(c, x, y, s, size, bold, align, rgb, b);
  record(c, b[0], b[1], b[2], b[3], s);
  return b[2];
}

void ps_text_up(struct ps_canvas *c, double x, double y, const char *s, double size, uint32_t rgb) {
  double b[4];
  double h, w = ps_text_width(c, s, size, false, &h);
  cairo_save(c->cr);
  cairo_translate(c->cr, x, y);
  cairo_rotate(c->cr, -1.5707963267948966);
  show(c, 0, -h / 2, s, size, false, PS_CENTER, rgb, b);
  cairo_restore(c->cr);
  /* turned, the box is as wide as the text is high */
  record(c, x - h / 2, y - w / 2, h, w, s);
}

void ps_annotate(struct ps_canvas *c, const char *s) {
  c->rc |= ps_buf_puts(&c->labels, s) | ps_buf_putc(&c->labels, '\n');
}

/* the length of the UTF-8 character that ends at s[n - 1] */
static size_t last_char(const char *s, size_t n) {
  size_t k = 1;
  while (k < n && ((unsigned char)s[n - k] & 0xC0) == 0x80)
    k++;
  return k;
}

char *ps_text_fit(struct ps_canvas *c, const char *s, double size, bool bold, double maxw) {
  size_t n = strlen(s);
  char *t = malloc(n + 4);
  if (!t)
    return NULL;
  memcpy(t, s, n + 1);
  if (ps_text_width(c, s, size, bold, NULL) <= maxw)
    return t;
  while (n > 0) {
    n -= last_char(t, n);
    while (n > 0 && t[n - 1] == ' ')
      n--;
    memcpy(t + n, "\xE2\x80\xA6", 4); /* … */
    if (ps_text_width(c, t, size, bold, NULL) <= maxw)
      break;
  }
  return t;
}

char *ps_text_wrap(struct ps_canvas *c, const char *s, double size, bool bold, double maxw) {
  struct ps_buf out = {0}, line = {0};
  const char *p = s;
  int rc = 0;
  while (*p && !rc) {
    bool space = false;
    while (*p == ' ')
      p++, space = true;
    if (!*p)
      break;
    /* a token: a word of ASCII letters, or a single other character (CJK breaks anywhere) */
    size_t n = 0;
    if ((unsigned char)*p < 0x80) {
      while (p[n] && p[n] != ' ' && (unsigned char)p[n] < 0x80)
        n++;
    } else {
      n = 1;
      while (p[n] && ((unsigned char)p[n] & 0xC0) == 0x80)
        n++;
    }
    size_t keep = line.len;
    if (line.len && space)
      rc |= ps_buf_putc(&line, ' ');
    rc |= ps_buf_add(&line, p, n);
    if (!rc && keep && ps_text_width(c, line.s, size, bold, NULL) > maxw) {
      /* the token starts the next line */
      line.len = keep;
      line.s[keep] = '\0';
      rc |= ps_buf_add(&out, line.s, line.len) | ps_buf_putc(&out, '\n');
      line.len = 0;
      rc |= ps_buf_add(&line, p, n);
    }
    p += n;
  }
  if (line.len)
    rc |= ps_buf_add(&out, line.s, line.len);
  ps_buf_release(&line);
  if (rc) {
    ps_buf_release(&out);
    return NULL;
  }
  return out.s ? ps_buf_detach(&out) : ps_strdup("");
}
