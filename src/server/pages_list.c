/*
 * pages_list.c: the pages that list: the overview (/), the sessions with their search,
 * facets and pager (/sessions), and the rankings of lecturers and institutions
 * (/lecturers, /institutions).
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
  sv_esc(m, as_of);
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
    sv_esc(m, psst_cell(timeline, i, 1) ? psst_cell(timeline, i, 1) : T(r, S_UNKNOWN));
    fputs(" ", m);
    sv_session_link(m, r, psst_cell(timeline, i, 2), NULL);
    fputs("</td><td>", m);
    sv_esc(m, psst_cell(timeline, i, 3));
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

/* ---- /sessions ---- */

static const struct {
  enum sv_param param;
  const char *dim;
  enum str title;
} facet_dims[] = {
    {P_TERM, "term", S_TERM},    {P_YEAR, "year", S_YEAR}, {P_LEADER, "leader", S_LEADER},
    {P_TOPIC, "topic", S_TOPIC}, {P_TECH, "tech", S_TECH}, {P_FORMAT, "format", S_FORMAT},
};

/* The filter without the facet's own dimension, so that its other values show their counts. */
static struct psst_filter without(const struct psst_filter *f, enum sv_param p) {
  struct psst_filter g = *f;
  switch (p) {
  case P_TERM:
    g.term = 0;
    break;
  case P_YEAR:
    g.year = 0;
    break;
  case P_LEADER:
    g.leader = NULL;
    break;
  case P_TOPIC:
    g.topic = NULL;
    break;
  case P_TECH:
    g.tech = NULL;
    break;
  default:
    g.format = NULL;
  }
  return g;
}

static int facets(FILE *m, struct psst *p, const struct sv_request *r, struct psst_error *err) {
  static const struct {
    enum sv_param param;
    enum str title;
  } chips[] = {
      {P_LECTURER, S_LECT}, {P_INSTITUTION, S_INSTITUTIONS}, {P_FROM, S_FROM}, {P_TO, S_TO}};
  fprintf(m, "<aside class=\"facets\" aria-label=\"%s\">", T(r, S_FILTERS));
  bool any = false;
  /* the filters that are not facets show as chips that remove them */
  for (size_t i = 0; i < sizeof chips / sizeof *chips; i++) {
    if (!r->val[chips[i].param])
      continue;
    const char *vals[P_COUNT];
    memcpy(vals, r->val, sizeof vals);
    vals[P_OFFSET] = vals[P_FRAGMENT] = vals[chips[i].param] = NULL;
    fputs("<p class=\"chip\"><a href=\"", m);
    sv_href(m, "/sessions", vals);
    fprintf(m, "\"><span class=\"x\" aria-hidden=\"true\">×</span> %s: ", T(r, chips[i].title));
    sv_esc(m, r->val[chips[i].param]);
    fputs("</a></p>", m);
    any = true;
  }
  for (size_t d = 0; d < sizeof facet_dims / sizeof *facet_dims; d++) {
    enum sv_param key = facet_dims[d].param;
    struct psst_filter g = without(&r->filter, key);
    struct psst_table *t = NULL;
    int rc = psst_facet(p, facet_dims[d].dim, r->val[P_Q], &g, r->lang, &t, err);
    if (rc)
      return rc;
    any |= r->val[key] != NULL;
    fprintf(m, "<details class=\"facet\" data-facet=\"%s\"%s><summary>%s</summary><ul>",
            facet_dims[d].dim, key == P_YEAR && !r->val[key] ? "" : " open",
            T(r, facet_dims[d].title));
    for (size_t i = 0; i < t->nrows; i++) {
      const char *v = psst_cell(t, i, 0);
      bool on = r->val[key] && !strcmp(r->val[key], v);
      const char *vals[P_COUNT];
      memcpy(vals, r->val, sizeof vals);
      vals[P_OFFSET] = vals[P_FRAGMENT] = NULL;
      vals[key] = on ? NULL : v;
      fprintf(m, "<li%s><a href=\"", on ? " class=\"on\"" : "");
      sv_href(m, "/sessions", vals);
      fputs("\">", m);
      if (on)
        fputs("<span class=\"x\" aria-hidden=\"true\">×</span> ", m);
      if (key == P_TERM)
        fprintf(m, r->lang == PSST_LANG_ZH ? "第%s届" : "Term %s", v);
      else
        sv_esc(m, psst_cell(t, i, 1));
      fputs("</a> <span class=\"n\">", m);
      sv_esc(m, psst_cell(t, i, 2));
      fputs("</span></li>", m);
    }
    fputs("</ul></details>", m);
    psst_table_free(t);
  }
  if (any) {
    const char *vals[P_COUNT] = {0};
    vals[P_LANG] = r->val[P_LANG];
    vals[P_Q] = r->val[P_Q];
    fputs("<p><a class=\"clear\" href=\"", m);
    sv_href(m, "/sessions", vals);
    fprintf(m, "\">%s</a></p>", T(r, S_CLEAR));
  }
  fputs("</aside>\n", m);
  return PSST_OK;
}

/* The part of /sessions that search-as-you-type replaces: facets, counts, table, pager. */
static int results(FILE *m, struct psst *p, const struct sv_request *r, struct psst_error *err) {
  struct psst_table *t = NULL;
  long total = 0;
  struct psst_page page = {.limit = r->limit, .offset = r->offset, .order = r->order};
  int rc = r->val[P_Q] ? psst_search_page(p, r->val[P_Q], &r->filter, &page, r->lang, "\1", "\2",
                                          &t, &total, err)
                       : psst_list_page(p, &r->filter, &page, r->lang, &t, &total, err);
  if (rc)
    return rc;
  fputs("<div class=\"layout\">", m);
  if ((rc = facets(m, p, r, err))) {
    psst_table_free(t);
    return rc;
  }
  fprintf(m,
          "<section class=\"list\"><p class=\"summary\"><span id=\"total\">%s<b>%ld</b>%s</span>",
          T(r, S_MATCH_PRE), total,
          total == 1 && r->lang == PSST_LANG_EN ? " session" : T(r, S_MATCH_POST));
  if (t->nrows)
    fprintf(m, " · %s %zu–%zu", T(r, S_SHOWING), r->offset + 1, r->offset + t->nrows);
  /* the download: every row the filters select, not only this page */
  const char *vals[P_COUNT];
  memcpy(vals, r->val, sizeof vals);
  vals[P_OFFSET] = vals[P_LIMIT] = vals[P_FRAGMENT] = NULL;
  vals[P_OUT] = "csv";
  fputs(" · <a id=\"csv\" class=\"button\" download href=\"", m);
  sv_href(m, "/api/sessions", vals);
  fprintf(m, "\">%s</a> <a class=\"json\" href=\"", T(r, S_CSV));
  vals[P_OUT] = NULL;
  sv_href(m, "/api/sessions", vals);
  fputs("\">JSON</a></p>\n", m);
  if (t->note) {
    fputs("<p class=\"note\">", m);
    sv_esc(m, t->note);
    fputs("</p>\n", m);
  }
  if (t->nrows)
    sv_session_table(m, p, r, t);
  else
    fprintf(m, "<p class=\"empty\">%s</p>", T(r, S_NONE));
  /* the pager */
  memcpy(vals, r->val, sizeof vals);
  vals[P_FRAGMENT] = NULL;
  char prev[16], next[16];
  fputs("<nav class=\"pager\">", m);
  if (r->offset > 0) {
    snprintf(prev, sizeof prev, "%zu", r->offset > r->limit ? r->offset - r->limit : 0);
    vals[P_OFFSET] = strcmp(prev, "0") ? prev : NULL;
    fputs("<a rel=\"prev\" href=\"", m);
    sv_href(m, "/sessions", vals);
    fprintf(m, "\">%s</a>", T(r, S_PREV));
  }
  if (r->offset + t->nrows < (size_t)total && r->offset + r->limit <= SV_MAX_OFFSET) {
    snprintf(next, sizeof next, "%zu", r->offset + r->limit);
    vals[P_OFFSET] = next;
    fputs("<a rel=\"next\" href=\"", m);
    sv_href(m, "/sessions", vals);
    fprintf(m, "\">%s</a>", T(r, S_NEXT));
  }
  fputs("</nav></section></div>\n", m);
  psst_table_free(t);
  return PSST_OK;
}

void sv_page_sessions(struct psst *p, const struct sv_request *r, struct sv_reply *out) {
  struct psst_error err = {0};
  FILE *m = sv_begin(out);
  if (!m)
    return;
  if (!r->fragment) {
    sv_head(m, r, T(r, S_SESSIONS), N_SESSIONS);
    fprintf(m,
            "<h1>%s</h1><form id=\"filters\" class=\"search\" role=\"search\" method=\"get\" "
            "action=\"/sessions\"><input id=\"q\" type=\"search\" name=\"q\" autocomplete=\"off\" "
            "aria-label=\"%s\" placeholder=\"%s\" value=\"",
            T(r, S_SESSIONS), T(r, S_SEARCH), T(r, S_SEARCH_PH));
    sv_esc(m, r->val[P_Q] ? r->val[P_Q] : "");
    fprintf(m, "\"><label>%s <select name=\"sort\">", T(r, S_SORT));
    const char *sort = r->val[P_SORT] ? r->val[P_SORT] : "";
    /* the default order follows the query: app.js relabels it as one is typed */
    fprintf(m, "<option value=\"\" data-q=\"%s\" data-noq=\"%s\"%s>%s</option>", T(r, S_BEST),
            T(r, S_OLDEST), !*sort ? " selected" : "", r->val[P_Q] ? T(r, S_BEST) : T(r, S_OLDEST));
    if (r->val[P_Q])
      fprintf(m, "<option value=\"date\"%s>%s</option>", !strcmp(sort, "date") ? " selected" : "",
              T(r, S_OLDEST));
    fprintf(m, "<option value=\"-date\"%s>%s</option></select></label>",
            !strcmp(sort, "-date") ? " selected" : "", T(r, S_NEWEST));
    /* the filters chosen so far ride along with every search */
    for (int k = 0; k < P_COUNT; k++) {
      if (!r->val[k] || k == P_Q || k == P_SORT || k == P_OFFSET || k == P_FRAGMENT)
        continue;
      fprintf(m, "<input type=\"hidden\" name=\"%s\" value=\"", sv_param_name((enum sv_param)k));
      sv_esc(m, r->val[k]);
      fputs("\">", m);
    }
    fprintf(m,
            "<button type=\"submit\">%s</button></form>\n<details class=\"syntax\"><summary>%s"
            "</summary>%s</details>\n<div id=\"results\" aria-live=\"polite\">",
            T(r, S_SEARCH), T(r, S_SYNTAX), T(r, S_SYNTAX_BODY));
  }
  if (results(m, p, r, &err)) {
    fclose(m);
    sv_lib_fail(out, r, &err);
    return;
  }
  if (!r->fragment) {
    fputs("</div>\n", m);
    sv_foot(m, p, r);
  }
  if (!sv_finish(out, r, m)) {
    out->type = "text/html; charset=utf-8";
    out->cacheable = true;
  }
}

/* ---- /lecturers, /institutions ---- */

void sv_page_people(struct psst *p, const struct sv_request *r, struct sv_reply *out) {
  struct psst_error err = {0};
  struct psst_table *t = NULL;
  bool lect = r->route == SV_LECTURERS;
  if (lect ? psst_lecturers(p, &r->filter, r->lang, &t, &err)
           : psst_institutions(p, &r->filter, r->lang, &t, &err)) {
    sv_lib_fail(out, r, &err);
    return;
  }
  FILE *m = sv_begin(out);
  if (!m) {
    psst_table_free(t);
    return;
  }
  sv_head(m, r, T(r, lect ? S_LECTURERS : S_INSTITUTIONS), lect ? N_LECTURERS : N_INSTITUTIONS);
  fprintf(m, "<h1>%s</h1><p class=\"lead\">%s</p>", T(r, lect ? S_LECTURERS : S_INSTITUTIONS),
          T(r, lect ? S_LECT_INTRO : S_INST_INTRO));
  if (t->note) {
    fputs("<p class=\"note\">", m);
    sv_esc(m, t->note);
    fputs("</p>", m);
  }
  if (lect)
    fprintf(m,
            "<table class=\"people\"><thead><tr><th>%s</th><th class=\"num\">%s</th><th>%s</th>"
            "<th>%s</th></tr></thead><tbody>\n",
            T(r, S_NAME), T(r, S_SESSIONS), T(r, S_AFFILIATION), T(r, S_SESSION_LIST));
  else
    fprintf(m,
            "<table class=\"people\"><thead><tr><th>%s</th><th class=\"num\">%s</th>"
            "<th class=\"num\">%s</th><th>%s</th></tr></thead><tbody>\n",
            T(r, S_INSTITUTIONS), T(r, S_SESSIONS), T(r, S_LECTURERS), T(r, S_SESSION_LIST));
  size_t from = r->offset < t->nrows ? r->offset : t->nrows;
  size_t to = t->nrows - from > r->limit ? from + r->limit : t->nrows;
  for (size_t i = from; i < to; i++) {
    fputs("<tr><td>", m);
    if (lect) {
      /* columns: name name_zh name_en sessions affiliation session_ids */
      const char *zhn = psst_cell(t, i, 1), *enn = psst_cell(t, i, 2);
      const char *key = zhn && *zhn ? zhn : enn;
      sv_filter_link(m, r, P_LECTURER, key, psst_cell(t, i, 0) ? psst_cell(t, i, 0) : key);
      fputs("</td><td class=\"num\">", m);
      sv_esc(m, psst_cell(t, i, 3));
      fputs("</td><td>", m);
      sv_esc(m, psst_cell(t, i, 4));
      fputs("</td><td class=\"ids\">", m);
      sv_session_links(m, r, psst_cell(t, i, 5), P_LECTURER, key);
    } else {
      /* columns: code institution sessions lecturers session_ids */
      sv_filter_link(m, r, P_INSTITUTION, psst_cell(t, i, 0), psst_cell(t, i, 1));
      fputs("</td><td class=\"num\">", m);
      sv_esc(m, psst_cell(t, i, 2));
      fputs("</td><td class=\"num\">", m);
      sv_esc(m, psst_cell(t, i, 3));
      fputs("</td><td class=\"ids\">", m);
      sv_session_links(m, r, psst_cell(t, i, 4), P_INSTITUTION, psst_cell(t, i, 0));
    }
    fputs("</td></tr>\n", m);
  }
  fputs("</tbody></table>\n<nav class=\"pager\">", m);
  const char *vals[P_COUNT];
  memcpy(vals, r->val, sizeof vals);
  char prev[16], next[16];
  if (from > 0) {
    snprintf(prev, sizeof prev, "%zu", from > r->limit ? from - r->limit : 0);
    vals[P_OFFSET] = strcmp(prev, "0") ? prev : NULL;
    fputs("<a rel=\"prev\" href=\"", m);
    sv_href(m, lect ? "/lecturers" : "/institutions", vals);
    fprintf(m, "\">%s</a>", T(r, S_PREV));
  }
  if (to < t->nrows && to <= SV_MAX_OFFSET) {
    snprintf(next, sizeof next, "%zu", to);
    vals[P_OFFSET] = next;
    fputs("<a rel=\"next\" href=\"", m);
    sv_href(m, lect ? "/lecturers" : "/institutions", vals);
    fprintf(m, "\">%s</a>", T(r, S_NEXT));
  }
  fputs("</nav>\n", m);
  sv_foot(m, p, r);
  psst_table_free(t);
  if (!sv_finish(out, r, m)) {
    out->type = "text/html; charset=utf-8";
    out->cacheable = true;
  }
}
