/*
 * cmd_findings.c: psst findings [--lang en|zh] [-o FILE.md|FILE.html]: the founding
 * article's claims against the record. Markdown goes to standard output, or to FILE.md
 * with the two charts beside it (FILE.svg, the article's chart recreated, and
 * FILE.today.svg, the same chart from the record today); FILE.html is one self-contained
 * page.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static bool ends_with(const char *s, const char *end) {
  size_t n = strlen(s), m = strlen(end);
  return n >= m && !strcmp(s + n - m, end);
}

int cmd_findings(struct cli *c) {
  const char *path = c->output;
  bool html = path && (ends_with(path, ".html") || ends_with(path, ".htm"));
  if (path && !html && !ends_with(path, ".md")) {
    fprintf(stderr, "psst findings: -o takes FILE.md or FILE.html\n");
    return EXIT_USAGE;
  }
  int rc = cli_open(c);
  if (rc)
    return rc;
  char chart[4096] = "", today[4096] = "";
  if (path && !html) {
    int stem = (int)(strlen(path) - 3);
    snprintf(chart, sizeof chart, "%.*s.svg", stem, path);
    snprintf(today, sizeof today, "%.*s.today.svg", stem, path);
  }
  struct psst_findings_opts o = {.html = html,
                                 .lang = c->lang,
                                 .chart_path = chart[0] ? chart : NULL,
                                 .today_path = today[0] ? today : NULL};
  struct psst_error err = {0};
  char *report = NULL;
  if (psst_findings(c->p, &o, &report, &err))
    return cli_fail(&err);
  if (!path) {
    fputs(report, stdout);
  } else if (psst_write_file(path, report, strlen(report), &err)) {
    free(report);
    return cli_fail(&err);
  } else if (chart[0]) {
    fprintf(stderr, "wrote %s, %s and %s\n", path, chart, today);
  } else {
    fprintf(stderr, "wrote %s\n", path);
  }
  free(report);
  return EXIT_OK;
}
