/*
 * pages_people.c: the rankings of lecturers and institutions (/lecturers, /institutions).
 */
#include "pages.h"

#include <stdlib.h>
#include <string.h>

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
  fprintf(m, "</tbody></table>\n<nav class=\"pager\" aria-label=\"%s\">", T(r, S_NAV_PAGES));
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
