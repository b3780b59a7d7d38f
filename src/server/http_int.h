/*
 * http_int.h: what the HTTP side of psst serve shares between its files:
 *
 *   http.c     the daemon: the listening socket, libmicrohttpd's options and limits, the
 *              main thread's watch (deadlines, the database) and the bounded shutdown
 *   request.c  a request from its first byte to its end: the raw query string, the framing
 *              and parameter checks, conditional requests and the cache, the log line
 *   queries.c  the queue of requests for the query threads and their time limit
 *   reply.c    turning a reply into a response, with the headers every response carries
 */
#ifndef PSST_SERVER_HTTP_INT_H
#define PSST_SERVER_HTTP_INT_H

#include "gen.h"
#include "guard.h"
#include "server_int.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

enum {
  LOG_PATH = 120, /* bytes of a path in the log */
  MAX_BASE = 512  /* bytes of the base URL */
};

/* What the log line needs, kept from the first call for a request to its end, and the
 * request while a query thread answers it. */
struct reqlog {
  struct timespec t0;
  char method[8];
  char path[LOG_PATH];
  int status;
  size_t bytes;
  bool answered;
  /* the generation the request is answered from, held from its check to its reply */
  struct sv_gen *gen;
  char etag[SV_ETAG];
  /* a request handed to the query threads */
  struct MHD_Connection *conn;
  struct sv_request *r;
  struct sv_reply rep;
  char key[SV_MAX_KEY];
  size_t klen;
  bool ready;          /* rep is filled: queue it on the next call */
  struct reqlog *next; /* in the queue */
  /* the raw query string, copied before libmicrohttpd would split it (on_uri) */
  char *query;
  size_t qlen;
  bool query_too_long;
  bool nul_in_path; /* "%00" in the path, which libmicrohttpd decodes into an end of string */
  bool started;     /* the handler has seen the request */
  bool closing;     /* the connection closes after this response (the server is stopping) */
};

/* Requests waiting for a query thread, first in first out. */
struct queue {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  struct reqlog *head, *tail;
  bool stop;
  pthread_t *threads;
  size_t n_threads;
};

struct server {
  struct sv_gens gens;
  struct queue queue;
  struct sv_guard guard;
  long query_ms;
  atomic_bool stopping;    /* SIGINT or SIGTERM came: new requests get 503 */
  struct timespec stop_by; /* the shutdown's deadline, set before stopping */
  FILE *log;
  char base[MAX_BASE]; /* the feed's links start with it: no final slash */
};

/* Milliseconds from t0 (CLOCK_MONOTONIC) to now. */
static inline long sv_ms_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (long)(t1.tv_sec - t0->tv_sec) * 1000L + (t1.tv_nsec - t0->tv_nsec) / 1000000L;
}

static inline bool sv_past(const struct timespec *deadline) {
  return sv_ms_since(deadline) >= 0;
}

/* ---- request.c: libmicrohttpd's callbacks (cls: the server) ---- */

void *sv_on_uri(void *cls, const char *uri, struct MHD_Connection *c);
enum MHD_Result sv_handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                          const char *version, const char *upload_data, size_t *upload_data_size,
                          void **con_cls);
void sv_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                  enum MHD_RequestTerminationCode toe);

/* ---- http.c (and queries.c: sv_start_queries) ---- */

/* psst serve's defaults (http.c; the fuzz target's daemon, fuzz_entry.c, starts from the
   same) */
enum {
  SV_MAX_CONNECTIONS = 512,   /* open connections in all */
  SV_MAX_PER_IP = 256,        /* open connections from one address */
  SV_IDLE_SECONDS = 15,       /* a connection idle this long is closed */
  SV_HEADER_MS = 10000,       /* a request's line and headers arrive within this */
  SV_QUERY_MS = 5000,         /* a query runs at most this long */
  SV_SHUTDOWN_MS = 10000,     /* a stop takes at most this long */
  SV_CONN_MEMORY = 16 * 1024, /* request line and headers must fit here (else 431) */
  SV_CACHE_MB = 64            /* MiB of cached bodies, unless told otherwise */
};

/* Starts the query threads (s->queue.threads allocated here, n_threads counts those
   started, for sv_stop_queries); PSST_OK or an error in err. */
int sv_start_queries(struct server *s, unsigned threads, struct psst_error *err);

/* libmicrohttpd started as psst serve runs it: its epoll thread pool of `threads`, suspend
   and resume, strict parsing, the limits, and every callback of the server (the guard's,
   the handler, the URI and completion callbacks). listen_fd -1 with MHD_USE_NO_LISTEN_SOCKET
   in extra_flags for connections handed over by MHD_add_connection; logger NULL for
   libmicrohttpd's own log on standard error. NULL when it does not start (errno). */
struct MHD_Daemon *sv_daemon_start(struct server *s, unsigned extra_flags, int listen_fd,
                                   unsigned threads, unsigned max_conn, unsigned idle_seconds,
                                   MHD_LogCallback logger);

/* ---- queries.c ---- */

/*
 * Suspends the connection and queues its request, unless the query threads were told to
 * stop: then false, and the caller answers at once. Both under the queue's lock, so no
 * connection is suspended after the last query thread has looked at the queue.
 */
bool sv_enqueue_or_refuse(struct queue *q, struct reqlog *lg);
/* A query thread (arg: the server): answers queued requests until told to stop and the
   queue is empty. */
void *sv_query_thread(void *arg);
/* Tells the query threads to stop and waits for them. */
void sv_stop_queries(struct queue *q);

/* ---- reply.c ---- */

/* The log shows the path with anything unprintable as '?': a client cannot forge lines. */
void sv_copy_printable(char *dst, size_t n, const char *src);
/* Lets go of the request's generation once its reply is queued (the cache has it). */
void sv_let_go(struct server *s, struct reqlog *lg);
/* Queues the reply; the body passes to libmicrohttpd, which frees it. A 200 that may be kept
   goes into the generation's cache under key. */
enum MHD_Result sv_send_reply(struct MHD_Connection *c, struct server *s, struct reqlog *lg,
                              struct sv_reply *rep, const char *key, size_t klen);
/* Whether the client holds the response already (If-None-Match, If-Modified-Since). */
bool sv_not_modified(struct MHD_Connection *c, const struct reqlog *lg);
enum MHD_Result sv_send_not_modified(struct MHD_Connection *c, struct server *s, struct reqlog *lg);
/* An error for the request, in the language and format asked for even when the path named
   nothing and the parameters were never read. */
enum MHD_Result sv_send_error(struct MHD_Connection *c, struct server *s, struct reqlog *lg,
                              const char *url, int status, const char *msg);

#endif
