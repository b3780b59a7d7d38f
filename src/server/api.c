/*
 * api.c: the JSON API under /api/, and CSV for every list (?_format=csv). A list is
 * an object {"total", "offset", "limit", "note", "rows"}, its rows the same table the
 * CLI prints, written by the same libpsst writer: a CSV download is byte for byte what
 * `psst list ... --format csv` prints for the same filters.
 */
#include "server_int.h"

#include <stdlib.h>
#include <string.h>

int sv_http_status(int psst_status) {
  switch (psst_status) {
  case PSST_EINVAL:
    return 400;
  case PSST_ENOTFOUND:
    return 404;
  default:
    return 500;
  }
}

static void lib_error(struct sv_reply *out, const struct sv_request *r,
                      const struct psst_error *err) {
  const char *m = err->msg[0] ? err->msg : psst_strerror(err->status);
  /* the library names the CLI's options (--topic); the API calls them parameters */
  if (!strncmp(m, "--", 2))
    m += 2;
  sv_error(out, r, sv_http_status(err->status), m);
}

static const char *list_name(enum sv_route route) {
  switch (route) {
  case SV_API_STATS:
    return "stats";
  case SV_API_CODEBOOK:
    return "codebook";
  case SV_API_LECTURERS:
    return "lecturers";
  case SV_API_INSTITUTIONS:
    return "institutions";
  case SV_API_TIMELINE:
    return "timeline";
  default:
    return "sessions";
  }
}

/* Writes rows [offset, offset + limit) of t; total is the count before paging. */
static void write_list(struct sv_reply *out, const struct sv_request *r, struct psst_table *t,
                       long total, bool paged_already) {
  struct psst_table view = *t;
  size_t offset = paged_already ? 0 : r->offset;
  if (!paged_already) {
    size_t from = offset < t->nrows ? offset : t->nrows;
    view.cells = t->cells ? t->cells + from * t->ncols : NULL;
    view.nrows = t->nrows - from;
    if (r->limit && view.nrows > r->limit)
      view.nrows = r->limit;
  }
  FILE *fp = sv_begin(out);
  if (!fp)
    return;
  if (r->csv) {
    psst_table_write_csv(fp, &view, NULL);
    out->type = "text/csv; charset=utf-8";
    out->disposition = !strcmp(list_name(r->route), "sessions")
                           ? "attachment; filename=\"psst-sessions.csv\""
                           : "attachment; filename=\"psst-list.csv\"";
  } else {
    bool whole =
        r->route == SV_API_STATS || r->route == SV_API_TIMELINE || r->route == SV_API_CODEBOOK;
    fprintf(fp, "{\"total\": %ld, \"offset\": %zu, \"limit\": %zu, \"note\": ",
            total >= 0 ? total : (long)t->nrows, whole ? 0 : r->offset,
            whole ? t->nrows : r->limit);
    if (t->note)
      psst_json_string(fp, t->note);
    else
      fputs("null", fp);
    fputs(", \"rows\": ", fp);
    psst_table_write_json(fp, &view, NULL);
    fputs("}\n", fp);
    out->type = "application/json; charset=utf-8";
  }
  out->total = total >= 0 ? total : (long)t->nrows;
  if (!sv_finish(out, r, fp))
    out->cacheable = true;
}

static void codebook(struct psst *p, const struct sv_request *r, struct sv_reply *out) {
  static const char *const kinds[] = {"topic",      "tech",        "format",
                                      "confidence", "institution", "term"};
  struct psst_error err = {0};
  struct psst_table *t = NULL;
  if (r->val[P_KIND]) {
    if (psst_codebook(p, r->val[P_KIND], &t, &err)) {
      lib_error(out, r, &err);
      return;
    }
    write_list(out, r, t, -1, true);
    psst_table_free(t);
    return;
  }
  FILE *fp = sv_begin(out);
  if (!fp)
    return;
  fputs("{", fp);
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
    if (psst_codebook(p, kinds[i], &t, &err)) {
      fclose(fp);
      free(out->body);
      out->body = NULL;
      lib_error(out, r, &err);
      return;
    }
    fprintf(fp, "%s\"%s\": ", i ? ",\n" : "", kinds[i]);
    psst_table_write_json(fp, t, NULL);
    psst_table_free(t);
    t = NULL;
  }
  fputs("}\n", fp);
  out->type = "application/json; charset=utf-8";
  if (!sv_finish(out, r, fp))
    out->cacheable = true;
}

void sv_api(struct psst *p, const struct sv_request *r, struct sv_reply *out) {
  struct psst_error err = {0};
  struct psst_table *t = NULL;
  long total = -1;
  bool paged = false;
  int rc = PSST_OK;
  const struct psst_filter *f = &r->filter;
  struct psst_page page = {.limit = r->limit, .offset = r->offset, .order = r->order};
  switch (r->route) {
  case SV_API_SESSION: {
    struct psst_session s;
    char *json = NULL;
    if (psst_show(p, r->term, r->number, &s, &json, &err)) {
      lib_error(out, r, &err);
      return;
    }
    psst_session_release(&s);
    FILE *fp = sv_begin(out);
    if (fp)
      fprintf(fp, "%s\n", json);
    free(json);
    out->type = "application/json; charset=utf-8";
    if (fp && !sv_finish(out, r, fp))
      out->cacheable = true;
    return;
  }
  case SV_API_CODEBOOK:
    codebook(p, r, out);
    return;
  case SV_API_SESSIONS:
  case SV_API_SEARCH:
    rc = r->val[P_Q]
             ? psst_search_page(p, r->val[P_Q], f, &page, r->lang, "[", "]", &t, &total, &err)
             : psst_list_page(p, f, &page, r->lang, &t, &total, &err);
    paged = true;
    break;
  case SV_API_STATS:
    rc = psst_stats(p, r->val[P_BY], f, r->lang, &t, &err);
    break;
  case SV_API_LECTURERS:
    rc = psst_lecturers(p, f, r->lang, &t, &err);
    break;
  case SV_API_INSTITUTIONS:
    rc = psst_institutions(p, f, r->lang, &t, &err);
    break;
  case SV_API_TIMELINE:
    rc = psst_timeline(p, r->lang, &t, &err);
    break;
  default:
    sv_error(out, r, 404, "no such API");
    return;
  }
  if (rc) {
    lib_error(out, r, &err);
    return;
  }
  /* stats and the timeline are not paged: all their rows, whatever limit says */
  if (r->route == SV_API_STATS || r->route == SV_API_TIMELINE)
    paged = true;
  write_list(out, r, t, total, paged);
  psst_table_free(t);
}
