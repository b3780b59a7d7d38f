/*
 * cmd_stats.c: psst stats --by DIM[,DIM]: counts of sessions, e.g. by year and topic,
 * as a table or, with --chart, as bars in the terminal (termchart.c).
 */
#include "cli.h"
#include "termchart.h"

#include <stdlib.h>
#include <string.h>

/* Labels for people: codes (topic, tech, ...) become their names in --lang. */
static int chart(struct cli *c, struct psst_table *t) {
  const char **labels = calloc(t->nrows + 1, sizeof *labels);
  const char *dim2 = strchr(c->by, ',');
  int rc = EXIT_SYSTEM;
  if (!labels)
    goto out;
  for (size_t r = 0; r < t->nrows; r++)
    labels[r] = psst_label(c->p, t->cols[0], psst_cell(t, r, 0), c->lang);
  /* the legend reads t->headers, which psst_stats leaves as codes in English */
  if (dim2 && !t->headers && !(t->headers = calloc(t->ncols, sizeof *t->headers)))
    goto out;
  for (size_t k = 1; dim2 && k + 1 < t->ncols; k++) {
    char *h = strdup(psst_label(c->p, dim2 + 1, t->cols[k], c->lang));
    if (!h)
      goto out;
    free(t->headers[k]);
    t->headers[k] = h;
  }
  rc = ps_termchart(stdout, t, labels, cli_width(), cli_color()) ? EXIT_SYSTEM : EXIT_OK;
out:
  free(labels);
  return rc;
}

int cmd_stats(struct cli *c) {
  if (!c->by) {
    fprintf(stderr, "psst stats: --by is required, e.g. --by year or --by year,topic\n"
                    "Try 'psst stats --help'.\n");
    return EXIT_USAGE;
  }
  if (c->chart && c->format != PS_OUT_TABLE) {
    fprintf(stderr, "psst stats: --chart draws for the terminal; it takes no --format csv or json\n"
                    "Try 'psst stats --help'.\n");
    return EXIT_USAGE;
  }
  int rc = cli_open(c);
  if (rc)
    return rc;
  struct psst_table *t = NULL;
  struct psst_error err = {0};
  if (psst_stats(c->p, c->by, &c->filter, c->lang, &t, &err))
    return cli_fail(&err);
  /* as grep: nothing selected exits 1 */
  rc = !t->nrows || !c->chart ? cli_print_result(c, t, "session") : chart(c, t);
  psst_table_free(t);
  return rc;
}
