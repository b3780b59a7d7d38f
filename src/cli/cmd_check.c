/*
 * cmd_check.c: psst check: validate the data files. Errors are listed one a line as
 * file:line: field: reason; warnings (values not known yet) are counted by kind,
 * listed with --warnings, and become errors with --strict. Exit 1 on any error.
 * With --format csv or json the problems come as a table, for scripts. In a table they are
 * printed as they are found and not kept, so that memory stays flat however many there are.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

struct kind_count {
  char *kind;
  size_t n;
};

/* What the table output keeps while the problems stream past: the warnings' counts by kind
   (the problems themselves are printed as they are found, so that memory stays flat). */
struct tally {
  const struct cli *c;
  struct kind_count kinds[64];
  size_t nk;
  bool nomem;
};

static void print_one(const struct psst_diag *g, void *ctx) {
  struct tally *t = ctx;
  if (g->severity == PSST_ERROR || t->c->warnings)
    cli_print_diag(stdout, g);
  if (g->severity != PSST_WARNING)
    return;
  size_t k = 0;
  while (k < t->nk && strcmp(t->kinds[k].kind, g->kind))
    k++;
  if (k == t->nk && t->nk < 64) {
    if (!(t->kinds[k].kind = strdup(g->kind))) {
      t->nomem = true;
      return;
    }
    t->kinds[t->nk++].n = 0;
  }
  if (k < t->nk)
    t->kinds[k].n++;
}

static void count_warnings(struct tally *t, const struct psst_diags *d, const char *dir) {
  struct kind_count *kinds = t->kinds;
  size_t nk = t->nk;
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
  struct tally tally = {.c = c};
  if (c->format == PS_OUT_TABLE)
    d.sink = print_one, d.sink_ctx = &tally;
  int rc = psst_check(dir, c->strict, &d, &err);
  if (rc) {
    psst_diags_release(&d);
    for (size_t i = 0; i < tally.nk; i++)
      free(tally.kinds[i].kind);
    return cli_fail(&err);
  }
  if (c->format != PS_OUT_TABLE) {
    struct psst_table *t = NULL;
    rc = psst_diags_table(&d, true, &t) ? EXIT_SYSTEM : cli_print_table(c, t);
    psst_table_free(t);
  } else {
    count_warnings(&tally, &d, dir);
    if (d.n_warnings && !c->warnings)
      fprintf(stderr, "(--warnings lists them; --strict makes them errors)\n");
  }
  if (!rc)
    rc = tally.nomem ? EXIT_SYSTEM : d.n_errors ? EXIT_FAIL : EXIT_OK;
  psst_diags_release(&d);
  for (size_t i = 0; i < tally.nk; i++)
    free(tally.kinds[i].kind);
  return rc;
}
