/*
 * cmd_scan.c: psst scan PATH... [--format table|csv|json] [--apply] [--archive
 * [--archive-dir DIR]]
 *
 * Finds the study-session readouts in a news archive (files and folders, plain text,
 * Markdown, HTML, JSON, JSON Lines, gzip), reconciles each with the record and lists the
 * record's sessions the archive does not hold. What could not be read is named on
 * standard error and skipped. Exit status: 0, or 1 when a readout disagrees with the
 * record, plus 4 when something was skipped (so 1, 4 or 5); 2 usage, 3 system.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

enum { EXIT_SKIPPED = 4 };

/* Applies the new sessions and the fills, each session once (an archive holds copies). */
static int apply(struct cli *c, const struct psst_scan_result *res) {
  int rc = EXIT_OK;
  size_t applied = 0, refused = 0;
  for (size_t i = 0; i < res->n_findings; i++) {
    const struct psst_scan_finding *f = &res->findings[i];
    if (f->outcome == PSST_SCAN_AGREES)
      continue;
    bool seen = false;
    for (size_t j = 0; j < i && !seen; j++)
      seen = res->findings[j].pr.rec.term == f->pr.rec.term &&
             res->findings[j].pr.rec.number == f->pr.rec.number &&
             (res->findings[j].outcome == PSST_SCAN_NEW ||
              res->findings[j].outcome == PSST_SCAN_FILLS);
    if (seen)
      continue;
    struct psst_diags d = {0};
    struct psst_error err = {0};
    char where[64] = "";
    if (f->at.line)
      snprintf(where, sizeof where, ":%ld", f->at.line);
    else if (f->at.item)
      snprintf(where, sizeof where, " item %ld", f->at.item);
    if (psst_scan_apply(c->p, f, &d, &err)) {
      for (size_t k = 0; k < d.n; k++)
        if (d.v[k].severity == PSST_ERROR)
          cli_print_diag(stderr, &d.v[k]);
      fprintf(stderr, "psst scan: %s%s: not applied: %s\n", f->at.file, where, err.msg);
      refused++;
      if (err.status == PSST_ENOMEM || err.status == PSST_EIO)
        rc = EXIT_SYSTEM;
    } else {
      fprintf(stderr, "psst scan: %s%s: %s %d-%d in the data file\n", f->at.file, where,
              f->outcome == PSST_SCAN_NEW ? "added" : "filled", f->pr.rec.term, f->pr.rec.number);
      applied++;
    }
    psst_diags_release(&d);
  }
  fprintf(stderr, "psst scan: %zu session(s) applied, %zu refused\n", applied, refused);
  return rc;
}

int cmd_scan(struct cli *c) {
  int rc = cli_open(c);
  if (rc)
    return rc;
  struct psst_scan_opts o = {.archive = c->archive == 1, .archive_dir = c->archive_dir};
  struct psst_scan_result res = {0};
  struct psst_error err = {0};
  if (psst_scan(c->p, (const char *const *)c->argv, (size_t)c->argc, &o, &res, &err)) {
    psst_scan_result_release(&res);
    return cli_fail(&err);
  }
  for (size_t i = 0; i < res.n_skipped; i++)
    fprintf(stderr, "psst scan: %s: %s; skipped\n", res.skipped[i].path, res.skipped[i].reason);
  struct psst_table *t = NULL;
  if (psst_scan_table(&res, &t, &err)) {
    psst_scan_result_release(&res);
    return cli_fail(&err);
  }
  rc = cli_print_table(c, t);
  if (c->format == PS_OUT_TABLE && t->note)
    fprintf(stderr, "psst scan: %s\n", t->note);
  psst_table_free(t);
  bool disagree = false;
  for (size_t i = 0; i < res.n_findings; i++)
    disagree |= res.findings[i].outcome == PSST_SCAN_DISAGREES;
  if (rc == EXIT_OK && c->apply)
    rc = apply(c, &res);
  if (rc == EXIT_OK)
    rc = (disagree ? EXIT_FAIL : EXIT_OK) | (res.n_skipped ? EXIT_SKIPPED : 0);
  psst_scan_result_release(&res);
  return rc;
}
