/* cmd_lecturers.c: psst lecturers: who briefs the leadership, ranked. */
#include "cli.h"

int cmd_lecturers(struct cli *c) {
  int rc = cli_open(c);
  if (rc)
    return rc;
  struct psst_table *t = NULL;
  struct psst_error err = {0};
  if (psst_lecturers(c->p, &c->filter, c->lang, &t, &err))
    return cli_fail(&err);
  if (c->limit > 0)
    psst_table_truncate(t, (size_t)c->limit);
  rc = cli_print_table(c, t);
  psst_table_free(t);
  return rc;
}
