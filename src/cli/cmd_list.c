/* cmd_list.c: psst list: sessions matching the filters, in date order. */
#include "cli.h"

int cmd_list(struct cli *c) {
  return cli_listing(c, psst_list);
}
