/*
 * pages_home.c: the overview (/): the record at a glance, the leading chart, the
 * technology timeline and the latest sessions.
 */
#include "pages.h"

#include <stdlib.h>
#include <string.h>

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
  fprintf(m, "</tbody></table></section>\n<section><h2>%s</h2>\n", T(r, S_LATEST));
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
