/*
 * server.h: psst serve, the web view and JSON API over libpsst, on libmicrohttpd.
 * The psst command's cmd_serve.c is its only caller.
 */
#ifndef PSST_SERVER_H
#define PSST_SERVER_H

#include "psst.h"

#include <stdio.h>

struct psst_serve_opts {
  const char *host;     /* an IPv4 or IPv6 address, or "localhost"; NULL = 127.0.0.1 */
  unsigned port;        /* 0 = any free port (the one chosen is logged) */
  const char *data_dir; /* as for psst_open; the database is current when this is called */
  const char *db_path;
  unsigned threads; /* worker threads; 0 = one per processor, at most 8 */
  long cache_mb;    /* MiB of finished responses kept; -1 = 64, 0 = none */
  FILE *log;        /* where the start line and a line per request go */
  /* the absolute address the feed's links start with, http(s)://host[:port][/path];
     NULL: the address listened on */
  const char *base_url;
  /* the limits that keep slow or hostile clients from locking others out, and a stop from
     hanging; 0 = the environment's PSST_SERVE_MAX_CONNECTIONS, PSST_SERVE_MAX_PER_IP,
     PSST_SERVE_HEADER_MS, PSST_SERVE_QUERY_MS and PSST_SERVE_SHUTDOWN_MS, else the defaults
     (512, 256, 10000, 5000, 10000) */
  unsigned max_connections; /* open connections in all; a quarter kept for new addresses */
  unsigned max_per_ip;      /* open connections from one address */
  long header_ms;           /* a request's line and headers must arrive within this */
  long query_ms;            /* a query running longer is stopped and answered 503 */
  long shutdown_ms;         /* from SIGINT or SIGTERM to the end, at most */
  /* the database is on a read-only medium: opened as it is (psst_open_opts.immutable), never
     built, locked, written beside or repaired; a damaged one is answered 503 until a good
     file is renamed over it */
  bool immutable;
};

/*
 * Serves until SIGINT or SIGTERM, then stops cleanly and returns PSST_OK: it stops accepting,
 * answers 503 to requests that arrive on open connections, finishes the requests under way
 * (those still running at shutdown_ms are answered 503) and closes. A database that a
 * writer rebuilds meanwhile (a new file renamed over db_path) is taken up within about a
 * second, without a restart. PSST_EINVAL for a bad host or base URL, PSST_EIO when the
 * address cannot be listened on, or a status from opening the database.
 */
int psst_serve(const struct psst_serve_opts *o, struct psst_error *err);
/* psst_serve's code, the entry of the psst-serve module (module.h) */
int ps_mod_serve(const struct psst_serve_opts *o, struct psst_error *err);

#endif
