/*
 * cmd_archive.c: psst archive [--archive-dir DIR]: every readout kept by psst ingest,
 * with its URL, retrieval time and session, each checked against its SHA-256.
 * Exit 1 when a copy is missing or changed.
 */
#include "cli.h"

#include <stdlib.h>

int cmd_archive(struct cli *c) {
  int rc = cli_open(c);
  if (rc)
    return rc;
  char *dir = c->archive_dir ? NULL : psst_archive_default_dir(c->p);
  struct psst_table *t = NULL;
  struct psst_error err = {0};
  size_t bad = 0;
  if (psst_archive_verify(c->archive_dir ? c->archive_dir : dir, &t, &bad, &err)) {
    free(dir);
    return cli_fail(&err);
  }
  free(dir);
  rc = cli_print_table(c, t);
  psst_table_free(t);
  return rc ? rc : bad ? EXIT_FAIL : EXIT_OK;
}
