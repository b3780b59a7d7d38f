/*
 * cmd_check.c: psst check: validate the data files. Errors are listed one a line as
 * file:line: field: reason; warnings (values not known yet) are counted by kind,
 * listed with --warnings, and become errors with --strict. Exit 1 on any error.
 * With --format csv or json the problems come as a table, for scripts.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

struct kind_count {
  const char *kind;
  size_t n;
};

static void count_warnings(const struct psst_diags *d, const char *dir) {
  struct kind_count kinds[64];
  size_t nk = 0;
  for (size_t i = 0; i < d->n; i++) {
    if (d->v[i].severity != PSST_WARNING)
      continue;
    size_t k = 0;
    while (k < nk && strcmp(kinds[k].kind, d->v[i].kind))
      k++;
    if (k == nk && nk < 64)
      kinds[nk].kind = d->v[i].kind, kinds[nk++].n = 0;
    if (k < nk)
      kinds[k].n++;
  }
  for (size_t i = 1; i < nk; i++)
    for (size_t k = i; k > 0 && kinds[k].n > kinds[k - 1].n; k--) {
      struct kind_count tmp = kinds[k];
      kinds[k] = kinds[k - 1];
      kinds[k - 1] = tmp;
    }
  fprintf(stderr, "%s: %zu error%s, %zu warning%s\n", dir, d->n_errors, d->n_errors == 1 ? "" : "s",
          d->n_warnings, d->n_warnings == 1 ? "" : "s");
  for (size_t i = 0; i < nk; i++)
    fprintf(stderr, "  %6zu  %s\n", kinds[i].n, kinds[i].kind);
}

int cmd_check(struct cli *c) {
  const char *dir = cli_data_dir(c);
  struct psst_diags d = {0};
  struct psst_error err = {0};
  int rc = psst_check(dir, c->strict, &d, &err);
  if (rc) {
    psst_diags_release(&d);
    return cli_fail(&err);
  }
  if (c->format != PS_OUT_TABLE) {
    struct psst_table *t = NULL;
    rc = psst_diags_table(&d, true, &t) ? EXIT_SYSTEM : cli_print_table(c, t);
    psst_table_free(t);
  } else {
    for (size_t i = 0; i < d.n; i++)
      if (d.v[i].severity == PSST_ERROR || c->warnings)
        cli_print_diag(stdout, &d.v[i]);
    count_warnings(&d, dir);
    if (d.n_warnings && !c->warnings)
      fprintf(stderr, "(--warnings lists them; --strict makes them errors)\n");
  }
  if (!rc)
    rc = d.n_errors ? EXIT_FAIL : EXIT_OK;
  psst_diags_release(&d);
  return rc;
}
