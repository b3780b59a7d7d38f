/* cmd_timeline.c: psst timeline: the first session on each technology, then every later one. */
#include "cli.h"

int cmd_timeline(struct cli *c) {
  int rc = cli_open(c);
  if (rc)
    return rc;
  struct psst_table *t = NULL;
  struct psst_error err = {0};
  if (psst_timeline(c->p, c->lang, &t, &err))
    return cli_fail(&err);
  rc = cli_print_table(c, t);
  psst_table_free(t);
  return rc;
}
