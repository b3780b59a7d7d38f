/* cmd_lecturers.c: psst lecturers: who briefs the leadership, ranked. */
#include "cli.h"

int cmd_lecturers(struct cli *c) {
  return cli_listing(c, psst_lecturers);
}
