/*
 * pages_list.c: /sessions, the sessions with their search, facets (pages_facets.c) and
 * pager, and the table of sessions that the overview shares.
 */
#include "pages.h"

#include <stdlib.h>
#include <string.h>

/* ---- the session table, shared by the home page and /sessions ---- */

void sv_session_table(FILE *m, struct psst *p, const struct sv_request *r,
                      const struct psst_table *t) {
  /* the listing's columns: id date term number leader format topic tech title lecturers
     [snippet] */
  bool snip = t->ncols > 10;
  fprintf(m,
          "<table class=\"sessions\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
          "<th>%s</th><th>%s</th></tr></thead><tbody>\n",
          T(r, S_ID), T(r, S_DATE), T(r, S_SUBJECT), T(r, S_TOPIC), T(r, S_LECT), T(r, S_LEADER));
  for (size_t i = 0; i < t->nrows; i++) {
    const char *id = psst_cell(t, i, 0), *date = psst_cell(t, i, 1);
    fputs("<tr><td class=\"id\">", m);
    sv_session_link(m, r, id, NULL);
    fputs("</td><td class=\"date\">", m);
    sv_date(m, r, date);
    fputs("</td><td class=\"title\">", m);
    /* never an empty link, nor an English title on a Chinese page unsaid */
    sv_session_title_link(m, r, id, psst_cell(t, i, 8));
    if (snip && psst_cell(t, i, 10)) {
      fputs("<div class=\"snippet\">", m);
      sv_esc_marked(m, psst_cell(t, i, 10));
      fputs("</div>", m);
    }
    if (psst_cell(t, i, 7)) {
      fputs("<div class=\"tags\">", m);
      char code[64];
      for (const char *s = psst_cell(t, i, 7); *s;) {
        size_t n = strcspn(s, ",");
        if (n && n < sizeof code) {
          memcpy(code, s, n);
          code[n] = '\0';
          fputs("<span class=\"tag\">", m);
          sv_esc(m, sv_label(p, "tech", code, r->lang));
          fputs("</span>", m);
        }
        s += n;
        s += *s == ',';
      }
      fputs("</div>", m);
    }
    fputs("</td><td>", m);
    sv_esc(m, psst_cell(t, i, 6) ? sv_label(p, "topic", psst_cell(t, i, 6), r->lang) : "");
    fputs("</td><td>", m);
    sv_esc(m, psst_cell(t, i, 9) ? psst_cell(t, i, 9) : "");
    fputs("</td><td>", m);
    sv_esc(m, sv_label(p, "leader", psst_cell(t, i, 4), r->lang));
    fputs("</td></tr>\n", m);
  }
  fputs("</tbody></table>\n", m);
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
  if ((rc = sv_facets(m, p, r, err))) {
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
  fprintf(m, "\">%s</a> <a id=\"excel-csv\" download title=\"%s\" href=\"", T(r, S_CSV),
          T(r, S_EXCEL_TITLE));
  vals[P_OUT] = "excel-csv";
  sv_href(m, "/api/sessions", vals);
  fprintf(m, "\">%s</a> <a class=\"json\" href=\"", T(r, S_EXCEL));
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
  fprintf(m, "<nav class=\"pager\" aria-label=\"%s\">", T(r, S_NAV_PAGES));
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
