/*
 * pages_files.c: what the web view serves that is not a page: the charts the library
 * draws (/charts/NAME.svg|png) and the files of web/ embedded at build (/static/NAME).
 */
#include "pages.h"

#include <stdlib.h>
#include <string.h>

/* ---- charts and files ---- */

void sv_page_chart(struct psst *p, const struct sv_request *r, struct sv_reply *out) {
  struct psst_error err = {0};
  enum psst_chart_kind kind;
  if (psst_chart_kind_parse(r->name, &kind, &err)) {
    sv_error(out, r, 404,
             "no such chart: topics-by-year, tech-timeline, institutions, "
             "by-leader");
    return;
  }
  struct psst_chart_opts o = {.lang = r->lang, .from_year = r->from_year, .to_year = r->to_year};
  char *data = NULL;
  size_t len = 0;
  pthread_mutex_lock(&sv_draw_lock);
  int rc = psst_chart_render(p, kind, &o, r->ext, &data, &len, &err);
  pthread_mutex_unlock(&sv_draw_lock);
  if (rc) {
    sv_lib_fail(out, r, &err);
    return;
  }
  out->body = data;
  out->len = len;
  out->status = 200;
  out->type = !strcmp(r->ext, "svg") ? "image/svg+xml" : "image/png";
  out->cacheable = true;
}

static const char *asset_type(const char *name) {
  const char *dot = strrchr(name, '.');
  if (!dot)
    return "application/octet-stream";
  if (!strcmp(dot, ".css"))
    return "text/css; charset=utf-8";
  if (!strcmp(dot, ".js"))
    return "text/javascript; charset=utf-8";
  if (!strcmp(dot, ".svg"))
    return "image/svg+xml";
  if (!strcmp(dot, ".png"))
    return "image/png";
  return "text/plain; charset=utf-8";
}

const struct sv_asset *sv_asset_find(const char *name) {
  for (size_t i = 0; i < sv_nassets; i++)
    if (!strcmp(sv_assets[i].name, name))
      return &sv_assets[i];
  return NULL;
}

void sv_page_asset(const struct sv_request *r, struct sv_reply *out) {
  const struct sv_asset *a = sv_asset_find(r->name);
  if (!a || !(out->body = malloc(a->len ? a->len : 1))) {
    sv_error(out, r, a ? 500 : 404, a ? "out of memory" : "no such file");
    return;
  }
  memcpy(out->body, a->data, a->len);
  out->len = a->len;
  out->status = 200;
  out->type = asset_type(a->name);
  out->cacheable = true;
}
