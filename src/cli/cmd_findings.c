/*
 * cmd_findings.c: psst findings [-o FILE.md|FILE.html]: the founding article's claims
 * against the record. Markdown goes to standard output, or to FILE.md with the leading
 * chart beside it (FILE.svg); FILE.html is one self-contained page.
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
  char chart[4096] = "";
  if (path && !html)
    snprintf(chart, sizeof chart, "%.*s.svg", (int)(strlen(path) - 3), path);
  struct psst_error err = {0};
  char *report = NULL;
  if (psst_findings(c->p, html, chart[0] ? chart : NULL, &report, &err))
    return cli_fail(&err);
  if (!path) {
    fputs(report, stdout);
  } else if (psst_write_file(path, report, strlen(report), &err)) {
    free(report);
    return cli_fail(&err);
  } else {
    fprintf(stderr, "wrote %s%s%s\n", path, chart[0] ? " and " : "", chart);
  }
  free(report);
  return EXIT_OK;
}
