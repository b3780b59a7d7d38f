/*
 * pages_facets.c: the facets of /sessions: for each dimension its values among the
 * sessions the other filters select, with their counts, each a link that adds or removes
 * it; the sessions whose value is not known as a value of their own; the filters that are
 * not facets as chips.
 */
#include "pages.h"

#include <stdlib.h>
#include <string.h>

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

/*
 * The sessions among g (and the query) whose value of the dimension is not known, for the
 * format and the topic, which the record may leave out; 0 for the others, whose value is
 * always known or whose absence is no value (a session without a technology). The filter's
 * value "unknown" selects them (src/core/filter.c).
 */
static int count_unknown(struct psst *p, const struct sv_request *r, enum sv_param key,
                         const struct psst_filter *g, long *n, struct psst_error *err) {
  *n = 0;
  if (key != P_FORMAT && key != P_TOPIC)
    return PSST_OK;
  struct psst_filter u = *g;
  if (key == P_FORMAT)
    u.format = "unknown";
  else
    u.topic = "unknown";
  struct psst_table *t = NULL;
  struct psst_page page = {.limit = 1};
  int rc = r->val[P_Q] ? psst_search_page(p, r->val[P_Q], &u, &page, r->lang, "", "", &t, n, err)
                       : psst_list_page(p, &u, &page, r->lang, &t, n, err);
  psst_table_free(t);
  return rc;
}

/* One value of a facet: a link that adds it to the filters, or removes it when chosen. */
static void facet_value(FILE *m, const struct sv_request *r, enum sv_param key, const char *v,
                        const char *label, const char *count) {
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
  sv_esc(m, label);
  fputs("</a> <span class=\"n\">", m);
  sv_esc(m, count);
  fputs("</span></li>", m);
}

int sv_facets(FILE *m, struct psst *p, const struct sv_request *r, struct psst_error *err) {
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
    long unknown = 0;
    if ((rc = count_unknown(p, r, key, &g, &unknown, err))) {
      psst_table_free(t);
      return rc;
    }
    /* what a count counts, said where a reader compares it with the statistics' */
    enum str note = key == P_TOPIC ? S_TOPIC_NOTE : key == P_FORMAT ? S_FORMAT_NOTE : S_COUNT;
    fprintf(m, "<details class=\"facet\" data-facet=\"%s\"%s><summary", facet_dims[d].dim,
            key == P_YEAR && !r->val[key] ? "" : " open");
    if (note != S_COUNT)
      fprintf(m, " title=\"%s\"", T(r, note));
    fprintf(m, ">%s</summary>", T(r, facet_dims[d].title));
    if (note != S_COUNT)
      fprintf(m, "<p class=\"facet-note\">%s</p>", T(r, note));
    fputs("<ul>", m);
    for (size_t i = 0; i < t->nrows; i++) {
      const char *v = psst_cell(t, i, 0);
      char label[64];
      if (key == P_TERM) {
        /* the term's ordinal as the page's language names it */
        snprintf(label, sizeof label, r->lang == PSST_LANG_ZH ? "第%s届" : "Term %s", v);
        facet_value(m, r, key, v, label, psst_cell(t, i, 2));
      } else {
        facet_value(m, r, key, v, psst_cell(t, i, 1), psst_cell(t, i, 2));
      }
    }
    if (unknown > 0 || (r->val[key] && !strcmp(r->val[key], "unknown"))) {
      char count[24];
      snprintf(count, sizeof count, "%ld", unknown);
      facet_value(m, r, key, "unknown", T(r, S_UNKNOWN), count);
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
