/*
 * chart.c: the publication charts (psst chart): the data from the library's own
 * queries, laid out once and drawn through the canvas for SVG, PNG and PDF.
 *
 * Every chart has a title that names its period, a subtitle that names its filters,
 * axis labels where there are axes, a legend where colours or patterns carry meaning
 * (listed in the order the marks are stacked), and a source line with the data's date.
 * Labels come from the codebook in the chosen language. The palette is Paul Tol's
 * colour-blind-safe "muted" set extended to thirteen colours ordered so that
 * neighbouring stack segments also differ in lightness (readable in greyscale print),
 * with a white rule between segments. What is not known is drawn, not left out: an
 * outlined white box for no topic, hatching for a date not known to the year.
 *
 * A chart applies every filter it takes (psst_chart_filters) to every figure it draws,
 * and is refused any other, so that no option is silently ignored.
 *
 * This file and canvas.c are the psst-chart module (module.h): only the commands
 * that draw load cairo and pango.
 */
#include "chart_int.h"
#include "module.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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

/* ---- the period and the filters in words ---- */

void ps_period(const struct ctx *x, char *out, size_t len) {
  bool whole = !strcmp(x->from + 4, "-01-01") && !strcmp(x->to + 4, "-12-31");
  if (whole && x->y0 == x->y1)
    snprintf(out, len, x->zh ? "%d年" : "%d", x->y0);
  else if (whole)
    snprintf(out, len, x->zh ? "%d—%d年" : "%d to %d", x->y0, x->y1);
  else
    snprintf(out, len, x->zh ? "%s至%s" : "%s to %s", x->from, x->to);
}

const char *ps_leader_named(const struct ps_refdata *r, const char *v) {
  const char *found = NULL;
  size_t n = strlen(v);
  for (size_t i = 0; i < r->n_terms && n; i++) {
    const struct ps_term *t = &r->terms[i];
    bool hit = !strcasecmp(t->leader, v) || !strcmp(t->leader_zh, v) || strstr(t->leader_zh, v);
    for (size_t k = 0; !hit && k + n <= strlen(t->leader); k++)
      hit = !strncasecmp(t->leader + k, v, n);
    if (hit && found && strcmp(found, t->leader))
      return NULL; /* more than one: the query refuses it */
    if (hit)
      found = t->leader;
  }
  return found;
}

/* 16 as 十六: the Central Committees are numbered in Chinese numerals */
static void zh_number(int n, char *out, size_t len) {
  static const char *const d[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n < 10)
    snprintf(out, len, "%s", n > 0 ? d[n] : "〇");
  else if (n < 100)
    snprintf(out, len, "%s十%s", n / 10 > 1 ? d[n / 10] : "", d[n % 10]);
  else
    snprintf(out, len, "%d", n);
}

void ps_filter_words(const struct ctx *x, char *out, size_t len) {
  const struct psst_filter *f = x->o->filter;
  struct ps_buf b = {0};
  const char *q = "\u201C", *uq = "\u201D"; /* the words given, quoted */
  *out = '\0';
  if (!f)
    return;
  /* English: "Sessions under X tagged Y"; Chinese: "仅计X主持、带有Y标签的集体学习" */
  const char *sep = x->zh ? "" : " ";
#define PART(...)                                                                                  \
  do {                                                                                             \
    if (b.len)                                                                                     \
      ps_buf_puts(&b, x->zh ? "、" : sep);                                                         \
    ps_buf_printf(&b, __VA_ARGS__);                                                                \
  } while (0)
  if (f->term) {
    char num[32];
    zh_number(f->term, num, sizeof num);
    int t = f->term % 100;
    const char *suf = t / 10 == 1   ? "th"
                      : t % 10 == 1 ? "st"
                      : t % 10 == 2 ? "nd"
                      : t % 10 == 3 ? "rd"
                                    : "th";
    if (x->zh)
      PART("第%s届中央委员会", num);
    else
      PART("of the %d%s Central Committee", f->term, suf);
  }
  if (f->leader) {
    const char *name = ps_leader_named(&x->p->ref, f->leader);
    const char *label = name ? psst_label(x->p, "leader", name, x->lang) : f->leader;
    PART(x->zh ? "%s主持" : "under %s", label);
  }
  if (f->topic)
    PART(x->zh ? "主题含%s" : "on %s (primary or secondary topic)",
         psst_label(x->p, "topic", f->topic, x->lang));
  if (f->tech)
    PART(x->zh ? "带有%s标签" : "tagged %s", psst_label(x->p, "tech", f->tech, x->lang));
  if (f->format)
    PART(x->zh ? "形式为%s" : "in the form %s", psst_label(x->p, "format", f->format, x->lang));
  if (f->lecturer)
    PART(x->zh ? "讲解人含%s%s%s" : "at which %s%s%s lectured", q, f->lecturer, uq);
  if (f->institution) {
    const char *label = psst_label(x->p, "institution", f->institution, x->lang);
    PART(x->zh ? "讲解人来自%s%s%s" : "with a lecturer from %s%s%s", q, label, uq);
  }
#undef PART
  if (b.len)
    snprintf(out, len, x->zh ? "仅计%s的集体学习" : "Sessions %s", b.s);
  ps_buf_release(&b);
}

/* ---- the frame ---- */

double ps_chart_header(struct ctx *x, const char *title, const char *subtitle) {
  char period[64], full[320], words[512];
  ps_period(x, period, sizeof period);
  /* a title that names its period itself (its own wording of it) keeps it */
  if (x->o->title || strstr(title, period))
    snprintf(full, sizeof full, "%s", x->o->title ? x->o->title : title);
  else
    snprintf(full, sizeof full, x->zh ? "%s，%s" : "%s, %s", title, period);
  double h, y = 24;
  ps_text_width(x->c, full, 24, true, &h);
  ps_text(x->c, 40, y, full, 24, true, PS_LEFT, INK);
  y += h + 2;
  /* a title of the caller's own: the period goes to the subtitle, so that it is always said */
  char sub[400];
  if (x->o->title)
    snprintf(sub, sizeof sub, x->zh ? "%s（%s）" : "%s (%s)", subtitle ? subtitle : "", period);
  else
    snprintf(sub, sizeof sub, "%s", subtitle ? subtitle : "");
  if (*sub) {
    ps_text_width(x->c, sub, 14, false, &h);
    ps_text(x->c, 40, y, sub, 14, false, PS_LEFT, GREY);
    y += h;
  }
  ps_filter_words(x, words, sizeof words);
  if (*words) {
    char *wrapped = ps_text_wrap(x->c, words, 14, true, W - 80);
    if (wrapped) {
      ps_text_width(x->c, wrapped, 14, true, &h);
      ps_text(x->c, 40, y, wrapped, 14, true, PS_LEFT, INK);
      y += h;
      free(wrapped);
    }
  }
  return y + 12;
}

void ps_chart_footer(struct ctx *x, const char *note) {
  char src[160];
  snprintf(src, sizeof src, x->zh ? "来源：psst，数据截至 %s" : "Source: psst, data as of %s",
           x->as_of);
  double h, w = ps_text_width(x->c, src, 12, false, &h);
  ps_text(x->c, 40, H - 34, src, 12, false, PS_LEFT, GREY);
  if (!note || !*note)
    return;
  /* the note at the right, its lines growing upwards from the source line's */
  char *wrapped = ps_text_wrap(x->c, note, 12, false, W - 80 - w - 40);
  if (!wrapped)
    return;
  double nh;
  ps_text_width(x->c, wrapped, 12, false, &nh);
  ps_text(x->c, W - 40, H - 34 + h - nh, wrapped, 12, false, PS_RIGHT, GREY);
  free(wrapped);
}

double ps_y_axis(struct ctx *x, double left, double right, double y0, double y1, double max,
                 const char *label) {
  /* counts of sessions: whole steps */
  double step = ps_nice_step(max > 0 ? max : 1, 5);
  step = step < 1 ? 1 : step;
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

void ps_swatch(struct ctx *x, double sx, double sy, double s, uint32_t colour,
               enum ps_swatch kind) {
  switch (kind) {
  case PS_SWATCH_FILL:
    ps_rect(x->c, sx, sy, s, s, colour);
    break;
  case PS_SWATCH_EMPTY:
    ps_rect(x->c, sx, sy, s, s, 0xFFFFFF);
    ps_rect_outline(x->c, sx, sy, s, s, 1, colour);
    break;
  case PS_SWATCH_HATCH:
    ps_hatch(x->c, sx, sy, s, s, colour);
    break;
  case PS_SWATCH_DOT:
    ps_circle(x->c, sx + s / 2, sy + s / 2, s * 0.36, colour, 0xFFFFFF);
    break;
  }
}

double ps_legend_width(struct ctx *x, const struct ps_legend_item *items, size_t n, double maxw) {
  double w = 0;
  for (size_t i = 0; i < n; i++) {
    char *t = ps_text_wrap(x->c, items[i].label, 13, false, maxw);
    double tw = t ? ps_text_width(x->c, t, 13, false, NULL) : maxw;
    free(t);
    w = tw > w ? tw : w;
  }
  return 24 + w;
}

double ps_legend(struct ctx *x, double lx, double ly, const struct ps_legend_item *items, size_t n,
                 double maxw) {
  for (size_t i = 0; i < n; i++) {
    char *t = ps_text_wrap(x->c, items[i].label, 13, false, maxw);
    if (!t)
      continue;
    double h;
    ps_text_width(x->c, t, 13, false, &h);
    ps_swatch(x, lx, ly + 1, 16, items[i].colour, items[i].swatch);
    ps_text(x->c, lx + 24, ly - 1, t, 13, false, PS_LEFT, INK);
    ly += (h > 20 ? h : 20) + 6;
    free(t);
  }
  return ly;
}

double ps_legend_rows(struct ctx *x, double lx, double rx, double ly,
                      const struct ps_legend_item *items, size_t n) {
  double maxw = 0;
  for (size_t i = 0; i < n; i++) {
    double w = ps_text_width(x->c, items[i].label, 12, false, NULL);
    maxw = w > maxw ? w : maxw;
  }
  size_t ncol = (size_t)((rx - lx + 24) / (maxw + 20 + 24));
  if (ncol < 1)
    ncol = 1;
  double colw = (rx - lx) / (double)ncol;
  for (size_t i = 0; i < n; i++) {
    double cx = lx + (double)(i % ncol) * colw, cy = ly + (double)(i / ncol) * 24;
    ps_swatch(x, cx, cy + 2, 14, items[i].colour, items[i].swatch);
    char *t = ps_text_fit(x->c, items[i].label, 12, false, colw - 24);
    if (t && strcmp(t, items[i].label))
      ps_annotate(x->c, items[i].label);
    ps_text(x->c, cx + 20, cy, t ? t : "", 12, false, PS_LEFT, INK);
    free(t);
  }
  return ly + (double)((n + ncol - 1) / ncol) * 24;
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

/* cairo writes text as glyph outlines: put the title and the labels back as text, and the
   boxes of the labels as data (psst.h, psst_chart_render) */
static int svg_annotate(struct ps_buf *svg, const char *title, const char *labels,
                        const char *boxes) {
  const char *root = strstr(svg->s ? svg->s : "", "<svg");
  const char *end = root ? strchr(root, '>') : NULL;
  if (!end)
    return PSST_EIO;
  struct ps_buf b = {0}, json = {0};
  int rc = ps_buf_printf(&json, "{\"width\":%d,\"height\":%d,\"texts\":[\n%s]}", W, H, boxes);
  rc |= ps_buf_add(&b, svg->s, (size_t)(end - svg->s) + 1);
  rc |= ps_buf_puts(&b, "\n<title>") | ps_buf_xml_str(&b, title);
  rc |= ps_buf_puts(&b, "</title>\n<desc>") | ps_buf_xml_str(&b, labels);
  rc |= ps_buf_puts(&b, "</desc>\n<metadata id=\"psst-labels\">");
  rc |= ps_buf_xml_str(&b, json.s ? json.s : "") | ps_buf_puts(&b, "</metadata>");
  rc |= ps_buf_puts(&b, end + 1);
  ps_buf_release(&json);
  if (rc) {
    ps_buf_release(&b);
    return PSST_ENOMEM;
  }
  ps_buf_release(svg);
  *svg = b;
  return PSST_OK;
}

/* the option of each psst_chart_filter bit, for the message that refuses it */
static const char *const filter_options[] = {
    "--from",           "--to",       "--term",        "--year",  "--leader", "--topic", "--tech",
    "--session-format", "--lecturer", "--institution", "--since", "--limit"};

/* The filter and the period a chart draws, in x: refuses what the kind does not take. */
static int resolve(struct ctx *x, enum psst_chart_kind kind) {
  const struct psst_chart_opts *o = x->o;
  if (o->filter)
    x->f = *o->filter;
  unsigned given = psst_chart_filter_bits(&x->f) | (o->limit ? PSST_CHART_F_LIMIT : 0);
  unsigned refused = given & ~psst_chart_filters(kind);
  for (size_t i = 0; refused && i < sizeof filter_options / sizeof *filter_options; i++)
    if (refused & (1u << i)) {
      const char *name = psst_chart_kind_name(kind, NULL);
      return ps_err(x->err, PSST_EINVAL, "chart %s does not take %s", name ? name : "?",
                    filter_options[i]);
    }
  if (x->f.from && !ps_valid_date(x->f.from))
    return ps_err(x->err, PSST_EINVAL, "--from: '%s' is not a date YYYY-MM-DD", x->f.from);
  if (x->f.to && !ps_valid_date(x->f.to))
    return ps_err(x->err, PSST_EINVAL, "--to: '%s' is not a date YYYY-MM-DD", x->f.to);
  /* the period asked for, else the chart's own: topics-by-year stops at the last full
     year, the others show the record from its first term to the data's date */
  const struct ps_refdata *r = &x->p->ref;
  int first = 0;
  for (size_t i = 0; i < r->n_terms; i++)
    if (!first || atoi(r->terms[i].from) < first)
      first = atoi(r->terms[i].from);
  bool asked = o->from_year || o->to_year || x->f.from || x->f.to;
  x->y0 = o->from_year ? o->from_year : x->f.from ? atoi(x->f.from) : first ? first : 2002;
  x->y1 = o->to_year                          ? o->to_year
          : x->f.to                           ? atoi(x->f.to)
          : kind == PSST_CHART_TOPICS_BY_YEAR ? ps_last_full_year()
                                              : atoi(x->as_of);
  if (x->y1 < x->y0 || x->y1 - x->y0 > 200 || x->y0 < 1000 || x->y1 > 9999)
    return ps_err(x->err, PSST_EINVAL, "chart: the years %d to %d are not a range", x->y0, x->y1);
  if (x->f.from)
    snprintf(x->from, sizeof x->from, "%s", x->f.from);
  else
    snprintf(x->from, sizeof x->from, "%04d-01-01", x->y0);
  if (x->f.to)
    snprintf(x->to, sizeof x->to, "%s", x->f.to);
  else
    snprintf(x->to, sizeof x->to, "%04d-12-31", x->y1);
  if (strcmp(x->from, x->to) > 0)
    return ps_err(x->err, PSST_EINVAL, "chart: %s is after %s", x->from, x->to);
  /* the whole record needs no condition (and its counts are the ones the build made) */
  if (asked || kind == PSST_CHART_TOPICS_BY_YEAR)
    x->f.from = x->from, x->f.to = x->to;
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
  struct ctx x = {.p = p,
                  .c = &c,
                  .o = o,
                  .zh = o->lang == PSST_LANG_ZH,
                  .lang = o->lang == PSST_LANG_ZH ? PSST_LANG_ZH : PSST_LANG_EN,
                  .err = err};
  long n;
  int rc = psst_summary(p, x.as_of, sizeof x.as_of, &n, err);
  if (rc || (rc = resolve(&x, kind)))
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
  case PSST_CHART_FOLLOWUPS:
    rc = ps_chart_followups(&x);
    break;
  default:
    rc = ps_err(err, PSST_EINVAL, "chart: unknown kind");
  }
  if (!rc && c.rc)
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
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
    rc = title ? svg_annotate(&data, title, c.labels.s ? c.labels.s + tl : "",
                              c.boxes.s ? c.boxes.s : "")
               : PSST_ENOMEM;
    free(title);
    if (rc)
      ps_err(err, rc, "chart: cannot annotate the SVG");
  }
  ps_buf_release(&c.labels);
  ps_buf_release(&c.boxes);
  if (rc) {
    ps_buf_release(&data);
    return rc;
  }
  *len = data.len;
  *out = ps_buf_detach(&data);
  return PSST_OK;
}
