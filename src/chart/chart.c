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
#include "chart_int.h"
#include "module.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const uint32_t ps_palette[] = {0x332288, 0xDDCC77, 0x882255, 0x88CCEE, 0x117733, 0xEE8866, 0xAA4499,
                               0xBBCC33, 0x44AA99, 0xCC6677, 0x999933, 0xDDDDDD, 0x77AADD};
const size_t ps_npalette = sizeof ps_palette / sizeof *ps_palette;

PS_MODULE_VERSION;

uint32_t ps_topic_colour(const struct ps_refdata *r, const char *code) {
  const struct ps_code *c = ps_code_find(r->topics, r->n_topics, code);
  return ps_palette[(c ? (size_t)(c - r->topics) : 0) % ps_npalette];
}

double ps_nice_step(double max, int ticks) {
  double raw = max / ticks, mag = pow(10, floor(log10(raw > 0 ? raw : 1)));
  double f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

void ps_chart_header(struct ctx *x, const char *title, const char *subtitle) {
  ps_text(x->c, 40, 24, x->o->title ? x->o->title : title, 24, true, PS_LEFT, INK);
  if (subtitle)
    ps_text(x->c, 40, 60, subtitle, 14, false, PS_LEFT, GREY);
}

void ps_chart_footer(struct ctx *x, const char *note) {
  char src[160];
  snprintf(src, sizeof src, x->zh ? "来源：psst，数据截至 %s" : "Source: psst, data as of %s",
           x->as_of);
  ps_text(x->c, 40, H - 34, src, 12, false, PS_LEFT, GREY);
  if (note && *note)
    ps_text(x->c, W - 40, H - 34, note, 12, false, PS_RIGHT, GREY);
}

double ps_y_axis(struct ctx *x, double left, double right, double y0, double y1, double max,
                 const char *label) {
  double step = ps_nice_step(max > 0 ? max : 1, 5);
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

void ps_legend(struct ctx *x, double lx, double ly, const char *const *labels,
               const uint32_t *colours, size_t n) {
  for (size_t i = 0; i < n; i++) {
    ps_rect(x->c, lx, ly + i * 26, 16, 16, colours[i]);
    ps_text(x->c, lx + 24, ly + i * 26 - 2, labels[i], 13, false, PS_LEFT, INK);
  }
}

int ps_last_full_year(void) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900 - 1;
}

double ps_year_pos(const char *date) {
  int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
  return y + ((m - 1) * 30.5 + (d - 1)) / 366.0;
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
    rc = ps_chart_topics_by_year(&x);
    break;
  case PSST_CHART_TECH_TIMELINE:
    rc = ps_chart_tech_timeline(&x);
    break;
  case PSST_CHART_INSTITUTIONS:
    rc = ps_chart_institutions(&x);
    break;
  case PSST_CHART_BY_LEADER:
    rc = ps_chart_by_leader(&x);
    break;
  case PSST_CHART_CADENCE:
    rc = ps_chart_cadence(&x);
    break;
  case PSST_CHART_SESSION_TIMELINE:
    rc = ps_chart_session_timeline(&x);
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
