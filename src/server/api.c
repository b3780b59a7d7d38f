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
    /* Excel reads a CSV without a byte-order mark in the system's code page, which turns
       every Chinese title into mojibake; with it, as UTF-8 */
    if (r->bom)
      fputs(PSST_UTF8_BOM, fp);
    psst_table_write_csv(fp, &view, NULL);
    out->type = "text/csv; charset=utf-8";
    bool sessions = !strcmp(list_name(r->route), "sessions");
    out->disposition = r->bom     ? (sessions ? "attachment; filename=\"psst-sessions-excel.csv\""
                                              : "attachment; filename=\"psst-list-excel.csv\"")
                       : sessions ? "attachment; filename=\"psst-sessions.csv\""
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

/*
 * /api/sessions/T-N/cite?style=...: the session's citation, as psst cite prints it;
 * /api/cite: the dataset's alone. The formats a reference manager imports are downloads,
 * each under its registered or customary media type; text is shown.
 */
static void cite(struct psst *p, const struct sv_request *r, struct sv_reply *out) {
  static const struct {
    const char *name, *type;
    const char *session_file, *dataset_file; /* Content-Disposition; NULL: shown inline */
    enum psst_cite_style style;
  } styles[] = {
      {"text", "text/plain; charset=utf-8", NULL, NULL, PSST_CITE_TEXT},
      {"bibtex", "application/x-bibtex; charset=utf-8", "attachment; filename=\"psst-session.bib\"",
       "attachment; filename=\"psst-dataset.bib\"", PSST_CITE_BIBTEX},
      {"csl-json", "application/vnd.citationstyles.csl+json",
       "attachment; filename=\"psst-session.json\"", "attachment; filename=\"psst-dataset.json\"",
       PSST_CITE_CSL_JSON},
      {"ris", "application/x-research-info-systems; charset=utf-8",
       "attachment; filename=\"psst-session.ris\"", "attachment; filename=\"psst-dataset.ris\"",
       PSST_CITE_RIS},
      {"cff", "application/yaml; charset=utf-8", NULL, "attachment; filename=\"CITATION.cff\"",
       PSST_CITE_CFF},
  };
  size_t k = 0; /* params.c let through only these names; none given: text */
  while (r->val[P_STYLE] && k + 1 < sizeof styles / sizeof *styles &&
         strcmp(styles[k].name, r->val[P_STYLE]))
    k++;
  if (r->term && styles[k].style == PSST_CITE_CFF) {
    sv_error(out, r, 400, "style=cff cites the dataset alone: ask /api/cite?style=cff");
    return;
  }
  struct psst_error err = {0};
  char *text = NULL;
  if (psst_cite(p, r->term, r->number, styles[k].style, &text, &err)) {
    /* the library names the file with the server's path to it, which is not the client's
       business: the maintainer runs psst cite there */
    if (err.status == PSST_EDATA)
      sv_error(out, r, 500,
               "the dataset's description (dataset.json) is not valid: psst cite on the server "
               "says where");
    else
      lib_error(out, r, &err);
    return;
  }
  FILE *fp = sv_begin(out);
  if (fp)
    fputs(text, fp);
  free(text);
  if (!fp)
    return;
  out->type = styles[k].type;
  out->disposition = r->term ? styles[k].session_file : styles[k].dataset_file;
  /* kept with the generation: a new version of the data (a CHANGELOG entry) comes with a
     change to a data file, so a rebuild and a new generation; dataset.json edited alone
     shows after the next rebuild or restart */
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
  case SV_API_CITE:
    cite(p, r, out);
    return;
  case SV_API_DOC: {
    /* docs/openapi.json, embedded at build beside web/ (CMakeLists.txt): the description
       the repository keeps is the one served */
    const struct sv_asset *a = sv_asset_find(SV_OPENAPI_ASSET);
    if (!a || !(out->body = malloc(a->len ? a->len : 1))) {
      sv_error(out, r, 500, a ? "out of memory" : "the API description was not built in");
      return;
    }
    memcpy(out->body, a->data, a->len);
    out->len = a->len;
    out->status = 200;
    out->type = "application/vnd.oai.openapi+json; charset=utf-8";
    out->cacheable = true;
    return;
  }
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
  case SV_API_FOLLOWUPS:
    /* the command's window: 12 months before, 24 after */
    rc = psst_followups(p, r->term, r->number, NULL, r->lang, &t, &err);
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
  if (r->route == SV_API_STATS || r->route == SV_API_TIMELINE || r->route == SV_API_FOLLOWUPS)
    paged = true;
  write_list(out, r, t, total, paged);
  psst_table_free(t);
}
