/*
 * pages_findings.c: /findings, the founding article's claims checked against the record:
 * the report libpsst writes (psst findings --html), its body set in the site's page.
 */
#include "pages.h"

#include <stdlib.h>
#include <string.h>

/* ---- /findings ---- */

void sv_page_findings(struct psst *p, const struct sv_request *r, struct sv_reply *out) {
  struct psst_error err = {0};
  char *html = NULL;
  pthread_mutex_lock(&sv_draw_lock);
  struct psst_findings_opts o = {.html = true, .lang = r->lang};
  int rc = psst_findings(p, &o, &html, &err);
  pthread_mutex_unlock(&sv_draw_lock);
  if (rc) {
    sv_lib_fail(out, r, &err);
    return;
  }
  FILE *m = sv_begin(out);
  if (!m) {
    free(html);
    return;
  }
  sv_head(m, r, T(r, S_FINDINGS), N_FINDINGS);
  fprintf(m, "<p class=\"lead\">%s</p><div class=\"findings\" lang=\"%s\">", T(r, S_FINDINGS_NOTE),
          r->lang == PSST_LANG_ZH ? "zh-Hans" : "en");
  /* the report is a whole page written (and escaped) by libpsst: its body goes in ours */
  const char *body = strstr(html, "<body");
  body = body ? strchr(body, '>') : NULL;
  const char *end = body ? strstr(body, "</body>") : NULL;
  if (body && end)
    fwrite(body + 1, 1, (size_t)(end - body - 1), m);
  else
    sv_esc(m, html);
  fputs("</div>\n", m);
  sv_foot(m, p, r);
  free(html);
  if (!sv_finish(out, r, m)) {
    out->type = "text/html; charset=utf-8";
    out->cacheable = true;
  }
}
