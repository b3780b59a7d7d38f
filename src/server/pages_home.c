/*
 * pages_home.c: the overview (/): the record at a glance, the leading chart, the
 * technology timeline and the latest sessions.
 */
#include "pages.h"

#include <stdlib.h>
#include <string.h>

/* ---- the documents that followed ---- */

/*
 * SVG text with each style="k:v;..." written as presentation attributes k="v": the page's
 * policy (style-src 'self') refuses inline style attributes, and every property cairo writes
 * (fill, stroke and their kin) is also an attribute of the element.
 */
static void put_svg_attrs(FILE *m, const char *s) {
  static const char key[] = " style=\"";
  const char *at;
  while ((at = strstr(s, key))) {
    const char *v = at + sizeof key - 1, *end = strchr(v, '"');
    if (!end)
      break;
    fwrite(s, 1, (size_t)(at - s), m);
    while (v < end) {
      const char *semi = memchr(v, ';', (size_t)(end - v));
      const char *stop = semi ? semi : end, *colon = memchr(v, ':', (size_t)(stop - v));
      while (v < stop && *v == ' ')
        v++;
      if (colon && colon > v)
        fprintf(m, " %.*s=\"%.*s\"", (int)(colon - v), v, (int)(stop - colon - 1), colon + 1);
      v = stop + (stop < end);
    }
    s = end + 1;
  }
  fputs(s, m);
}

/*
 * The follow-up chart of every technology tag (psst chart followups) inline, so that its
 * title and text reach screen readers, scaled to the page by its viewBox; and a row a tag
 * with documents: its sessions and the documents in the two years after each. Returns
 * nonzero when the chart cannot be drawn (the section is then left out).
 */
static int followups_section(FILE *m, struct psst *p, const struct sv_request *r,
                             const struct psst_table *timeline) {
  bool zh = r->lang == PSST_LANG_ZH;
  struct psst_chart_opts o = {.lang = r->lang};
  char *svg = NULL;
  size_t len = 0;
  pthread_mutex_lock(&sv_draw_lock);
  int rc = psst_chart_render(p, PSST_CHART_FOLLOWUPS, &o, "svg", &svg, &len, NULL);
  pthread_mutex_unlock(&sv_draw_lock);
  const char *root = rc ? NULL : strstr(svg, "<svg");
  const char *size = root ? strstr(root, " width=\"") : NULL;
  const char *end = size ? strchr(root, '>') : NULL;
  if (!end || size > end) {
    free(svg);
    return -1;
  }
  fprintf(m,
          "<section class=\"followups\" aria-labelledby=\"followups\"><h2 id=\"followups\">%s</h2>"
          "<p>%s</p><figure>",
          zh ? "集体学习之后的文件" : "The documents that followed",
          zh ? "每季度发布或宣布的、带有技术标签的文件数，竖线为带有技术标签的集体学习。"
             : "Documents on the technologies per quarter, issued or announced; a line for each "
               "session with a technology tag.");
  /* the root's fixed size gives way to the page's width: attributes, as the page's policy
     allows no inline style */
  fputs("<svg role=\"img\" width=\"100%\"", m);
  const char *after = strstr(root, " viewBox=");
  fwrite(after, 1, (size_t)(end - after) + 1, m);
  put_svg_attrs(m, end + 1);
  fputs("</figure>\n", m);
  free(svg);
  fprintf(m,
          "<table class=\"followups\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
          "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
          zh ? "技术" : "Technology", zh ? "文件" : "Documents",
          zh ? "各场集体学习之后两年内的文件" : "Documents within two years after each session");
  for (size_t i = 0; i < timeline->nrows; i++) {
    const char *tag = psst_cell(timeline, i, 0);
    struct psst_table *q = NULL, *s = NULL;
    long docs = 0;
    if (psst_followups_quarters(p, tag, NULL, r->lang, &q, NULL) ||
        psst_followups_summary(p, tag, NULL, NULL, r->lang, &s, NULL)) {
      psst_table_free(q);
      continue;
    }
    for (size_t k = 0; k < q->nrows; k++)
      docs += atol(psst_cell(q, k, 3));
    if (docs) {
      fputs("<tr><td>", m);
      sv_filter_link(m, r, P_TECH, tag, sv_label(p, "tech", tag, r->lang));
      fprintf(m, "</td><td class=\"num\">%ld</td><td>", docs);
      for (size_t k = 0; k < s->nrows; k++) {
        fputs(k ? (zh ? "；" : "; ") : "", m);
        sv_session_link(m, r, psst_cell(s, k, 0), NULL);
        fprintf(m, zh ? "：%s 份" : ": %s", psst_cell(s, k, 6));
      }
      fputs("</td></tr>\n", m);
    }
    psst_table_free(q);
    psst_table_free(s);
  }
  fputs("</tbody></table></section>\n", m);
  return 0;
}

/* ---- / ---- */

void sv_page_home(struct psst *p, const struct sv_request *r, struct sv_reply *out) {
  struct psst_error err = {0};
  struct psst_table *latest = NULL, *timeline = NULL, *leaders = NULL;
  struct psst_counts n = {0};
  char as_of[16] = "";
  long sessions = 0;
  struct psst_page page = {.limit = 8, .order = PSST_ORDER_NEWEST};
  if (psst_summary(p, as_of, sizeof as_of, &sessions, &err) || psst_counts(p, &n, &err) ||
      psst_list_page(p, NULL, &page, r->lang, &latest, NULL, &err) ||
      psst_timeline(p, r->lang, &timeline, &err) ||
      psst_stats(p, "leader", NULL, r->lang, &leaders, &err)) {
    psst_table_free(latest);
    psst_table_free(timeline);
    sv_lib_fail(out, r, &err);
    return;
  }
  FILE *m = sv_begin(out);
  if (!m)
    goto done;
  const char *lq = r->lang == PSST_LANG_ZH ? "&amp;lang=zh" : "";
  sv_head(m, r, T(r, S_HOME), N_HOME);
  fprintf(m, "<section class=\"hero\"><h1>%s</h1><p class=\"lead\">%s</p>\n<ul class=\"glance\">",
          T(r, S_SITE), T(r, S_LEAD));
  fprintf(m, "<li><b>%ld</b> %s</li><li><b>%ld</b> %s</li><li><b>%ld</b> %s</li>", n.sessions,
          T(r, S_N_SESSIONS), n.lecturers, T(r, S_N_LECTURERS), n.institutions,
          T(r, S_N_INSTITUTIONS));
  fprintf(m, "<li><b>%ld</b> %s</li><li>%s <b>", n.technologies, T(r, S_N_TECH), T(r, S_AS_OF));
  sv_date(m, r, as_of);
  fputs("</b></li></ul>\n<ul class=\"leaders\">", m);
  for (size_t i = 0; i < leaders->nrows; i++) {
    fputs("<li>", m);
    sv_filter_link(m, r, P_LEADER, psst_cell(leaders, i, 0),
                   sv_label(p, "leader", psst_cell(leaders, i, 0), r->lang));
    fputs(" <b>", m);
    sv_esc(m, psst_cell(leaders, i, 1));
    fprintf(m, "</b> %s</li>", T(r, S_N_SESSIONS));
  }
  fputs("</ul></section>\n", m);
  fprintf(m,
          "<section class=\"chart\"><h2>%s</h2><figure><img id=\"leading-chart\" "
          "src=\"/charts/topics-by-year.svg?from=2002&amp;to=2021%s\" alt=\"%s\" width=\"960\" "
          "height=\"600\"></figure></section>\n",
          T(r, S_CHART_TOPICS), lq, T(r, S_CHART_TOPICS));
  fprintf(m,
          "<section><h2>%s</h2><figure><img src=\"/charts/tech-timeline.svg%s\" alt=\"%s\" "
          "loading=\"lazy\"></figure>\n",
          T(r, S_TIMELINE), r->lang == PSST_LANG_ZH ? "?lang=zh" : "", T(r, S_TIMELINE));
  fprintf(m,
          "<table class=\"timeline\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
          "</tr></thead><tbody>\n",
          T(r, S_TECH), T(r, S_FIRST), T(r, S_SUBJECT), T(r, S_SESSION_LIST));
  for (size_t i = 0; i < timeline->nrows; i++) {
    fputs("<tr><td>", m);
    sv_filter_link(m, r, P_TECH, psst_cell(timeline, i, 0),
                   sv_label(p, "tech", psst_cell(timeline, i, 0), r->lang));
    fputs("</td><td class=\"date\">", m);
    sv_date(m, r, psst_cell(timeline, i, 1));
    fputs(" ", m);
    sv_session_link(m, r, psst_cell(timeline, i, 2), NULL);
    fputs("</td><td>", m);
    char subject[1024];
    bool english = sv_title_text(r, psst_cell(timeline, i, 2), psst_cell(timeline, i, 3), subject,
                                 sizeof subject);
    sv_esc(m, subject);
    if (english) {
      fputs(" <span class=\"other\" lang=\"en\">", m);
      sv_esc(m, psst_cell(timeline, i, 3));
      fputs("</span>", m);
    }
    fputs("</td><td class=\"ids\">", m);
    sv_session_links(m, r, psst_cell(timeline, i, 5), P_TECH, psst_cell(timeline, i, 0));
    fputs("</td></tr>\n", m);
  }
  fputs("</tbody></table></section>\n", m);
  followups_section(m, p, r, timeline);
  fprintf(m, "<section><h2>%s</h2>\n", T(r, S_LATEST));
  sv_session_table(m, p, r, latest);
  fputs("<p><a class=\"more\" href=\"", m);
  sv_site_href(m, r, "/sessions");
  fprintf(m, "\">%s</a></p></section>\n", T(r, S_ALL));
  sv_foot(m, p, r);
  if (!sv_finish(out, r, m)) {
    out->type = "text/html; charset=utf-8";
    out->cacheable = true;
  }
done:
  psst_table_free(latest);
  psst_table_free(timeline);
  psst_table_free(leaders);
}
