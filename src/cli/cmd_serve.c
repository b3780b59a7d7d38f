/*
 * cmd_serve.c: psst serve: the web view, the JSON API and the Atom feed (src/server/) over
 * the database, read-only, on 127.0.0.1:8080 unless --host and --port say otherwise; the
 * feed's links start with --base-url when it is given.
 */
#include "cli.h"
#include "server.h"

int cmd_serve(struct cli *c) {
  /* builds the database first when the data changed, with the diagnostics of any build */
  int rc = cli_open(c);
  if (rc)
    return rc;
  psst_close(c->p);
  c->p = NULL;
  struct psst_serve_opts o = {.host = c->host ? c->host : "127.0.0.1",
                              .port = c->port >= 0 ? (unsigned)c->port : 8080,
                              .data_dir = cli_data_dir(c),
                              .db_path = cli_db_path(c),
                              .threads = c->threads > 0 ? (unsigned)c->threads : 0,
                              .cache_mb = c->cache_mb,
                              .log = stderr,
                              .base_url = c->base_url};
  struct psst_error err = {0};
  if (psst_serve(&o, &err))
    return cli_fail(&err);
  return EXIT_OK;
}
