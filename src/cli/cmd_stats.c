/* cmd_stats.c: psst stats --by DIM[,DIM]: counts of sessions, e.g. by year and topic. */
#include "cli.h"

int cmd_stats(struct cli *c) {
  if (!c->by) {
    fprintf(stderr, "psst stats: --by is required, e.g. --by year or --by year,topic\n"
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
  rc = cli_print_table(c, t);
  psst_table_free(t);
  return rc;
}
