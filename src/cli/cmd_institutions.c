/* cmd_institutions.c: psst institutions: the institutions whose experts lectured, ranked. */
#include "cli.h"

int cmd_institutions(struct cli *c) {
  return cli_listing(c, psst_institutions);
}
