/*
 * cmd_serve.c: psst serve: the web view, the JSON API and the Atom feed (src/server/) over
 * the database, read-only, on 127.0.0.1:8080 unless --host and --port say otherwise; the
 * feed's links start with --base-url when it is given. --immutable serves a database on a
 * read-only medium as it is; the limits on clients and queries have options of their own.
 */
#include "cli.h"
#include "server.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The options with a number: its bounds, the unit the server takes (ms) per unit given, and
   where it goes. */
struct serve_limit {
  const char *name;
  long lo, hi, scale;
  const char *what;
  size_t at; /* offset in struct cli_serve */
};

static const struct serve_limit limits[] = {
    {"--max-connections", 4, 65536, 1, "a number of connections from 4 to 65536",
     offsetof(struct cli_serve, max_connections)},
    {"--per-address", 1, 65536, 1, "a number of connections from 1 to 65536",
     offsetof(struct cli_serve, per_address)},
    {"--header-timeout", 1, 3600, 1000, "a number of seconds from 1 to 3600",
     offsetof(struct cli_serve, header_ms)},
    {"--query-timeout", 1, 3600000, 1, "a number of milliseconds from 1 to 3600000",
     offsetof(struct cli_serve, query_ms)},
    {"--shutdown-timeout", 1, 3600, 1000, "a number of seconds from 1 to 3600",
     offsetof(struct cli_serve, shutdown_ms)},
};

int cli_serve_option(struct cli *c, const char *name, const char *val) {
  if (!strcmp(name, "--immutable")) {
    c->serve.immutable = true;
    return EXIT_OK;
  }
  for (size_t i = 0; i < sizeof limits / sizeof *limits; i++) {
    const struct serve_limit *l = &limits[i];
    if (strcmp(name, l->name))
      continue;
    char *end = NULL;
    errno = 0;
    long n = val && *val >= '0' && *val <= '9' ? strtol(val, &end, 10) : 0;
    if (!end || *end || errno || n < l->lo || n > l->hi) {
      fprintf(stderr, "psst %s: %s: '%s' is not %s\nTry 'psst %s --help'.\n", c->cmd->name, name,
              val ? val : "", l->what, c->cmd->name);
      return EXIT_USAGE;
    }
    *(long *)((char *)&c->serve + l->at) = n * l->scale;
    return EXIT_OK;
  }
  fprintf(stderr, "psst %s: option '%s' does not apply here\n", c->cmd->name, name);
  return EXIT_USAGE;
}

int cmd_serve(struct cli *c) {
  /* builds the database first when the data changed, with the diagnostics of any build;
     an immutable database is served as it is (the server says when it is older than the
     data), and a check here would open it without SQLite's immutable flag */
  if (!c->serve.immutable) {
    int rc = cli_open(c);
    if (rc)
      return rc;
    psst_close(c->p);
    c->p = NULL;
  }
  struct psst_serve_opts o = {.host = c->host ? c->host : "127.0.0.1",
                              .port = c->port >= 0 ? (unsigned)c->port : 8080,
                              .data_dir = cli_data_dir(c),
                              .db_path = cli_db_path(c),
                              .threads = c->threads > 0 ? (unsigned)c->threads : 0,
                              .cache_mb = c->cache_mb,
                              .log = stderr,
                              .base_url = c->base_url,
                              .immutable = c->serve.immutable,
                              .max_connections = (unsigned)c->serve.max_connections,
                              .max_per_ip = (unsigned)c->serve.per_address,
                              .header_ms = c->serve.header_ms,
                              .query_ms = c->serve.query_ms,
                              .shutdown_ms = c->serve.shutdown_ms};
  struct psst_error err = {0};
  /* the server takes SIGINT and SIGTERM itself (sigtimedwait) and restores this mask when it
     returns: blocked here, a signal that comes after its stop (a supervisor's second, a
     second Ctrl-C) stays pending until the process exits 0, instead of killing it with 143 */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  if (psst_serve(&o, &err))
    return cli_fail(&err);
  return EXIT_OK;
}
