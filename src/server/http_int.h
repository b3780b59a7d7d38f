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
  bool started; /* the handler has seen the request */
  bool closing; /* the connection closes after this response (the server is stopping) */
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
