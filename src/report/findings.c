/*
 * findings.c: psst findings: each claim of the founding article (PRODUCT.md) checked
 * against the record, with the evidence (the sessions, the counts and their sources)
 * and the leading chart, as Markdown or as one self-contained HTML file.
 *
 * The verdicts are computed, never written in: when the record changes, the report
 * changes with it. Where the record disagrees with the article, the report says so
 * and shows the sessions behind the difference.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum verdict { AGREES, DIFFERS };

struct report {
  struct psst *p;
  bool html;
  struct ps_buf out;
  int nomem;
  struct psst_error *err;
};

static void put(struct report *r, const char *s) {
  r->nomem |= ps_buf_puts(&r->out, s);
}

/* Text for the report: escaped for HTML, as is for Markdown (our own strings). */
static void text(struct report *r, const char *s) {
  if (!r->html) {
    put(r, s);
    return;
  }
  r->nomem |= ps_buf_xml_str(&r->out, s);
}

static void heading(struct report *r, const char *title, enum verdict v) {
  const char *tag = v == AGREES ? "the record agrees" : "the record differs";
  if (r->html) {
    put(r, "<section><h2>");
    text(r, title);
    put(r, v == AGREES ? " <span class=\"ok\">" : " <span class=\"diff\">");
    text(r, tag);
    put(r, "</span></h2>\n");
  } else {
    put(r, "## ");
    text(r, title);
    put(r, v == AGREES ? " (the record agrees)\n\n" : " (the record differs)\n\n");
  }
}

static void para(struct report *r, const char *s) {
  put(r, r->html ? "<p>" : "");
  text(r, s);
  put(r, r->html ? "</p>\n" : "\n\n");
}

static void end_section(struct report *r) {
  if (r->html)
    put(r, "</section>\n");
}

/* The evidence: selected columns of a table, and each session's first source. */
static void table(struct report *r, const struct psst_table *t, const size_t *cols, size_t n) {
  if (r->html)
    put(r, "<table><tr>");
  else
    put(r, "|");
  for (size_t k = 0; k < n; k++) {
    put(r, r->html ? "<th>" : " ");
    text(r, t->cols[cols[k]]);
    put(r, r->html ? "</th>" : " |");
  }
  put(r, r->html ? "</tr>\n" : "\n|");
  if (!r->html) {
    for (size_t k = 0; k < n; k++)
      put(r, "---|");
    put(r, "\n");
  }
  for (size_t row = 0; row < t->nrows; row++) {
    put(r, r->html ? "<tr>" : "|");
    for (size_t k = 0; k < n; k++) {
      const char *v = psst_cell(t, row, cols[k]);
      put(r, r->html ? "<td>" : " ");
      text(r, v ? v : "");
      put(r, r->html ? "</td>" : " |");
    }
    put(r, r->html ? "</tr>\n" : "\n");
  }
  put(r, r->html ? "</table>\n" : "\n");
}

static void sources(struct report *r, const struct psst_table *t) {
  for (size_t row = 0; row < t->nrows; row++) {
    int term, number;
    struct psst_session s;
    if (psst_parse_id(psst_cell(t, row, 0), &term, &number, NULL) ||
        psst_show(r->p, term, number, &s, NULL, NULL))
      continue;
    if (s.n_sources) {
      put(r, r->html ? "<p class=\"src\">" : "");
      text(r, psst_cell(t, row, 0));
      put(r, ": ");
      for (size_t i = 0; i < s.n_sources; i++) {
        const struct psst_source *src = &s.sources[i];
        const char *kind = psst_label(r->p, "source_kind", src->kind, PSST_LANG_EN);
        /* "CCTV (Broadcast text, 2019-10-25)": a link in HTML, the address after it in
           Markdown */
        put(r, i ? ", " : "");
        if (r->html) {
          put(r, "<a href=\"");
          text(r, src->url);
          put(r, "\">");
        }
        text(r, src->publisher);
        put(r, " (");
        text(r, kind);
        put(r, src->published ? ", " : "");
        text(r, src->published ? src->published : "");
        put(r, r->html ? ")</a>" : ") <");
        if (!r->html) {
          put(r, src->url);
          put(r, ">");
        }
      }
      put(r, r->html ? "</p>\n" : "  \n");
    }
    psst_session_release(&s);
  }
  put(r, r->html ? "" : "\n");
}

static const size_t session_cols[] = {0, 1, 5, 6, 7, 8};

/* 1. Between 2002 and 2021, from one session (2002) to ten (2006, 2015) a year. */
static int fact_years(struct report *r) {
  struct psst_filter f = {.from = "2002-01-01", .to = "2021-12-31"};
  struct psst_table *t = NULL;
  int rc = psst_stats(r->p, "year", &f, PSST_LANG_EN, &t, r->err);
  if (rc)
    return rc;
  long min = -1, max = -1, uncertain = 0;
  size_t years = 0;
  for (size_t i = 0; i < t->nrows; i++) {
    long n = atol(psst_cell(t, i, 1));
    if (!psst_cell(t, i, 0)) { /* the sessions whose date is uncertain: in no year */
      uncertain = n;
      continue;
    }
    years++;
    min = min < 0 || n < min ? n : min;
    max = n > max ? n : max;
  }
  /* years with no session at all count as zero */
  if (years < 20)
    min = 0;
  struct ps_buf lo = {0}, hi = {0};
  for (size_t i = 0; i < t->nrows; i++) {
    if (!psst_cell(t, i, 0))
      continue;
    long n = atol(psst_cell(t, i, 1));
    if (n == min)
      ps_buf_printf(&lo, "%s%s", lo.len ? ", " : "", psst_cell(t, i, 0));
    if (n == max)
      ps_buf_printf(&hi, "%s%s", hi.len ? ", " : "", psst_cell(t, i, 0));
  }
  bool agrees =
      min == 1 && max == 10 && lo.s && !strcmp(lo.s, "2002") && hi.s && !strcmp(hi.s, "2006, 2015");
  heading(r, "Sessions per year, 2002 to 2021", agrees ? AGREES : DIFFERS);
  para(r, "The article: between 2002 and 2021 the Politburo held between one (2002) and ten "
          "(2006, 2015) study sessions a year.");
  char msg[512];
  snprintf(msg, sizeof msg, "The record: the fewest, %ld, in %s; the most, %ld, in %s.", min,
           lo.s ? lo.s : "-", max, hi.s ? hi.s : "-");
  para(r, msg);
  if (!agrees) {
    snprintf(msg, sizeof msg,
             "Years count the sessions whose date is known, and the undated ones whose window "
             "(between their neighbours in the numbering) lies within one year. %ld session%s "
             "whose window spans two years %s in no year, so the years around %s may show "
             "fewer sessions than were held.",
             uncertain, uncertain == 1 ? "" : "s", uncertain == 1 ? "is" : "are",
             uncertain ? "them" : "the gaps");
    para(r, msg);
  }
  static const size_t cols[] = {0, 1};
  table(r, t, cols, 2);
  end_section(r);
  ps_buf_release(&lo), ps_buf_release(&hi);
  psst_table_free(t);
  return PSST_OK;
}

/* 2. The 38th session of the 16th Politburo, January 2007: internet technology and network culture.
 */
static int fact_16_38(struct report *r) {
  struct psst_filter f = {.term = 16};
  struct psst_table *t = NULL;
  int rc = psst_list(r->p, &f, PSST_LANG_EN, &t, r->err);
  if (rc)
    return rc;
  size_t row = t->nrows;
  for (size_t i = 0; i < t->nrows; i++)
    if (!strcmp(psst_cell(t, i, 0), "16-38"))
      row = i;
  const char *date = row < t->nrows ? psst_cell(t, row, 1) : NULL;
  const char *tech = row < t->nrows ? psst_cell(t, row, 7) : NULL;
  bool agrees = date && !strncmp(date, "2007-01", 7) && tech && strstr(tech, "internet");
  heading(r, "The 16th Politburo's 38th session, January 2007", agrees ? AGREES : DIFFERS);
  para(r, "The article: the 38th session of the 16th Politburo, in January 2007, was on the "
          "development of internet technology and the construction and management of network "
          "culture.");
  /* keep that one row as the evidence */
  if (row < t->nrows) {
    for (size_t k = 0; row && k < t->ncols; k++) {
      char *tmp = t->cells[k];
      t->cells[k] = t->cells[row * t->ncols + k];
      t->cells[row * t->ncols + k] = tmp;
    }
    psst_table_truncate(t, 1);
  } else {
    psst_table_truncate(t, 0);
  }
  table(r, t, session_cols, 6);
  sources(r, t);
  end_section(r);
  psst_table_free(t);
  return PSST_OK;
}

/* 3. From 2017 a new technology every year. */
static int fact_tech_years(struct report *r) {
  static const struct {
    const char *tag;
    int year;
  } claims[] = {{"big-data", 2017},
                {"ai", 2018},
                {"blockchain", 2019},
                {"quantum", 2020},
                {"digital-economy", 2021}};
  struct psst_table *t = NULL;
  int rc = psst_timeline(r->p, PSST_LANG_EN, &t, r->err);
  if (rc)
    return rc;
  bool agrees = true;
  for (size_t c = 0; c < 5; c++) {
    bool seen = false;
    for (size_t i = 0; i < t->nrows; i++)
      if (!strcmp(psst_cell(t, i, 0), claims[c].tag)) {
        const char *d = psst_cell(t, i, 1);
        seen = d && atoi(d) == claims[c].year;
      }
    agrees &= seen;
  }
  heading(r, "A new technology every year from 2017", agrees ? AGREES : DIFFERS);
  para(r, "The article: big data (2017), artificial intelligence (2018), blockchain (2019), "
          "quantum technology (2020), then the digital economy (2021). The record's technology "
          "timeline (first session carrying each tag):");
  static const size_t cols[] = {0, 1, 2, 3, 4};
  table(r, t, cols, 5);
  end_section(r);
  psst_table_free(t);
  return PSST_OK;
}

/* 4. Under Xi, S&T in general only once from 2012 to 2016: Zhongguancun, 2013. */
static int fact_general_sti(struct report *r) {
  struct psst_filter f = {.tech = "general-sti", .leader = "Xi Jinping", .to = "2016-12-31"};
  struct psst_table *t = NULL;
  int rc = psst_list(r->p, &f, PSST_LANG_EN, &t, r->err);
  if (rc)
    return rc;
  bool agrees = t->nrows == 1 && psst_cell(t, 0, 1) && atoi(psst_cell(t, 0, 1)) == 2013 &&
                psst_cell(t, 0, 5) && !strcmp(psst_cell(t, 0, 5), "field");
  heading(r, "Science and technology in general under Xi, 2012 to 2016", agrees ? AGREES : DIFFERS);
  para(r, "The article: under Xi, the overall development of science and technology was on the "
          "agenda only once between 2012 and 2016 (innovation-driven development, held at "
          "Zhongguancun in 2013). Sessions tagged general-sti under Xi to the end of 2016:");
  table(r, t, session_cols, 6);
  sources(r, t);
  end_section(r);
  psst_table_free(t);
  return PSST_OK;
}

/* 5. Xi put more technologies on the agenda than Hu. */
static int fact_more_tech(struct report *r) {
  struct psst_table *t = NULL;
  int rc = psst_stats(r->p, "leader,tech", NULL, PSST_LANG_EN, &t, r->err);
  if (rc)
    return rc;
  long hu = 0, xi = 0;
  struct ps_buf hus = {0}, xis = {0};
  for (size_t i = 0; i < t->nrows; i++)
    for (size_t k = 1; k + 1 < t->ncols; k++) {
      if (!strcmp(t->cols[k], "general-sti") || atol(psst_cell(t, i, k)) == 0)
        continue;
      bool is_xi = !strcmp(psst_cell(t, i, 0), "Xi Jinping");
      struct ps_buf *list = is_xi ? &xis : &hus;
      *(is_xi ? &xi : &hu) += 1;
      ps_buf_printf(list, "%s%s", list->len ? ", " : "", t->cols[k]);
    }
  heading(r, "More technologies under Xi than under Hu", xi > hu ? AGREES : DIFFERS);
  para(r, "The article: Xi put more technologies on the study agenda than his predecessor.");
  char msg[1024];
  snprintf(msg, sizeof msg,
           "The record: %ld technologies under Hu Jintao (%s); %ld under Xi "
           "Jinping (%s), counting every technology tag but general S&T.",
           hu, hus.s ? hus.s : "none", xi, xis.s ? xis.s : "none");
  para(r, msg);
  ps_buf_release(&hus), ps_buf_release(&xis);
  end_section(r);
  psst_table_free(t);
  return PSST_OK;
}

static void base64(struct report *r, const unsigned char *d, size_t n) {
  static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)d[i] << 16 | (i + 1 < n ? (unsigned)d[i + 1] << 8 : 0) |
                 (i + 2 < n ? d[i + 2] : 0);
    char q[4] = {a[v >> 18], a[(v >> 12) & 63], i + 1 < n ? a[(v >> 6) & 63] : '=',
                 i + 2 < n ? a[v & 63] : '='};
    r->nomem |= ps_buf_add(&r->out, q, 4);
  }
}

/* 6. The leading chart. */
static int fact_chart(struct report *r, const char *chart_path) {
  heading(r, "The leading chart: sessions by topic, 2002 to 2021", AGREES);
  para(r, "Each session counted once, by its primary topic; psst chart topics-by-year "
          "--from 2002 --to 2021 draws it, psst stats --by year,topic gives its table.");
  struct psst_chart_opts o = {.from_year = 2002, .to_year = 2021};
  char *svg = NULL;
  size_t len = 0;
  int rc = PSST_OK;
  if (r->html) {
    rc = psst_chart_render(r->p, PSST_CHART_TOPICS_BY_YEAR, &o, "svg", &svg, &len, r->err);
    if (!rc) {
      /* a data URI keeps the glyph ids of each SVG apart from the others' */
      put(r, "<img alt=\"CCP collective study sessions by topic, 2002 to 2021\" "
             "src=\"data:image/svg+xml;base64,");
      base64(r, (const unsigned char *)svg, len);
      put(r, "\">\n");
    }
    free(svg);
  } else if (chart_path) {
    rc = psst_chart_write(r->p, PSST_CHART_TOPICS_BY_YEAR, &o, chart_path, r->err);
    const char *base = strrchr(chart_path, '/');
    put(r, "![CCP collective study sessions by topic, 2002 to 2021](");
    put(r, base ? base + 1 : chart_path);
    put(r, ")\n\n");
  }
  end_section(r);
  return rc;
}

int psst_findings(struct psst *p, bool html, const char *chart_path, char **out,
                  struct psst_error *err) {
  *out = NULL;
  struct report r = {.p = p, .html = html, .err = err};
  char as_of[16];
  long n;
  int rc = psst_summary(p, as_of, sizeof as_of, &n, err);
  if (rc)
    return rc;
  char intro[256];
  snprintf(intro, sizeof intro,
           "Each claim of the article that motivated psst, checked against the record: %ld "
           "sessions, data as of %s.",
           n, as_of);
  if (html)
    put(&r, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>psst findings</title>\n<style>body{font-family:'Noto Sans CJK SC',sans-serif;"
            "max-width:60em;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}"
            "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;"
            "padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f4f4f4}"
            ".ok{color:#117733;font-size:.7em}.diff{color:#CC3311;font-size:.7em}"
            "img{max-width:100%}.src{font-size:.85em;color:#555;word-break:break-all}"
            "</style></head><body>\n<h1>psst findings</h1>\n");
  else
    put(&r, "# psst findings\n\n");
  para(&r, intro);
  if (!(rc = fact_years(&r)) && !(rc = fact_16_38(&r)) && !(rc = fact_tech_years(&r)) &&
      !(rc = fact_general_sti(&r)) && !(rc = fact_more_tech(&r)))
    rc = fact_chart(&r, chart_path);
  if (html)
    put(&r, "</body></html>\n");
  if (!rc && r.nomem)
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  if (rc) {
    ps_buf_release(&r.out);
    return rc;
  }
  *out = ps_buf_detach(&r.out);
  return PSST_OK;
}
