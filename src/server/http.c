/*
 * http.c: the HTTP side of psst serve: libmicrohttpd's epoll thread pool, the limits
 * on what a client may send, the routing of a checked request to api.c, pages.c or
 * feed.c, conditional requests, the headers every response carries, a log line per
 * request, and the main thread's watch over the database (gen.c).
 *
 * Threads and the database: libmicrohttpd's pool threads read requests, answer the
 * ones they can at once (errors, 304s, cached responses) and hand every other one to a
 * pool of query threads, suspending the connection meanwhile. libmicrohttpd binds a
 * connection to the pool thread that accepted it, and one thread accepts a burst of
 * connections together, so queries run in the pool threads would queue behind each
 * other on one core while the other idles; the query threads take the next request
 * whichever connection it came on. Each query borrows a whole database handle (its own
 * SQLite connection, opened read-only, with its own copy of the reference data) from the
 * pool of the request's generation, which holds one handle per query thread. No
 * connection or prepared statement is ever used by two threads at once, so nothing
 * depends on SQLite's own locking. Charts are drawn one at a time (sv_draw_lock).
 *
 * The database changes while the server runs: a writer (psst add, psst build, ...)
 * renames a new file over it, and the main thread, which otherwise waits for SIGINT or
 * SIGTERM, looks at the path about once a second and takes up the new file as a new
 * generation (gen.c). A request is answered wholly from the generation that was current
 * when it arrived.
 *
 * The cache: within a generation a response to a valid request is the same every time;
 * the first one is kept (as libmicrohttpd's reference-counted response, queued to every
 * later client as it is) up to a bound in entries and bytes, and dropped with its
 * generation. Errors are never kept.
 *
 * Hostile and slow clients: every request is answered or its connection closed within bounded
 * time. The raw query string is taken from libmicrohttpd before it splits it (on_uri) and
 * parsed by sv_query_parse, the parser fuzz/fuzz_params.c runs; the framing of the request
 * (Content-Length, Transfer-Encoding, Host) is checked before anything else
 * (check_framing), and nothing here takes a body, so one that is large or chunked is refused
 * before it is read. guard.c keeps the connection limits and the deadline for a request's
 * headers. Every query runs under a time limit (SQLite's progress handler) and is answered
 * 503 past it.
 *
 * Shutdown: on SIGINT or SIGTERM the daemon stops accepting, requests that arrive on open
 * connections are answered 503, the queued ones are answered (503 once the shutdown deadline
 * has passed: a running query is stopped), and when every connection's request is done, or
 * at the deadline, the daemon stops. No connection is suspended once the query threads are
 * told to stop (enqueue_or_refuse), which libmicrohttpd requires of MHD_stop_daemon.
 *
 * Conditional requests: every 200 carries an ETag, the generation's content tag and a hash
 * of the request's cache key, and Last-Modified, the database's build time. Both are known
 * before any query runs, so If-None-Match (which takes precedence) and If-Modified-Since
 * are answered with a 304 at once.
 */
#include "gen.h"
#include "guard.h"
#include "internal.h" /* the handle's SQLite connection, for the query time limit */
#include "module.h"
#include "server.h"
#include "server_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <sqlite3.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

PS_MODULE_VERSION;

enum {
  MAX_CONNECTIONS = 512,   /* open connections in all */
  MAX_PER_IP = 256,        /* open connections from one address */
  IDLE_SECONDS = 15,       /* a connection idle this long is closed */
  HEADER_MS = 10000,       /* a request's line and headers arrive within this */
  QUERY_MS = 5000,         /* a query runs at most this long */
  SHUTDOWN_MS = 10000,     /* a stop takes at most this long */
  TICK_MS = 200,           /* the main thread's watch: deadlines, then the database */
  CONN_MEMORY = 16 * 1024, /* request line and headers must fit here (else 431) */
  CACHE_MB = 64,           /* MiB of cached bodies, unless told otherwise */
  LOG_PATH = 120,          /* bytes of a path in the log */
  MAX_BASE = 512           /* bytes of the base URL */
};

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                          "base-uri 'none'; frame-ancestors 'none'";

/* ---- requests ---- */

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

static long ms_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (long)(t1.tv_sec - t0->tv_sec) * 1000L + (t1.tv_nsec - t0->tv_nsec) / 1000000L;
}

static bool past(const struct timespec *deadline) {
  return ms_since(deadline) >= 0;
}

/*
 * Suspends the connection and queues its request, unless the query threads were told to
 * stop: then false, and the caller answers at once. Both under the queue's lock, so no
 * connection is suspended after the last query thread has looked at the queue.
 */
static bool enqueue_or_refuse(struct queue *q, struct reqlog *lg) {
  pthread_mutex_lock(&q->mu);
  if (q->stop) {
    pthread_mutex_unlock(&q->mu);
    return false;
  }
  MHD_suspend_connection(lg->conn);
  lg->next = NULL;
  if (q->tail)
    q->tail->next = lg;
  else
    q->head = lg;
  q->tail = lg;
  pthread_cond_signal(&q->cv);
  pthread_mutex_unlock(&q->mu);
  return true;
}

/* A running query's clock: SQLite calls over_time every few thousand steps. */
struct qclock {
  struct timespec t0;
  long limit_ms;
  const struct server *s;
  bool fired;
};

static int over_time(void *arg) {
  struct qclock *k = arg;
  if (ms_since(&k->t0) >= k->limit_ms || (atomic_load(&k->s->stopping) && past(&k->s->stop_by)))
    k->fired = true;
  return k->fired; /* non-zero stops the statement with SQLITE_INTERRUPT */
}

/* Answers one queued request from a handle of its generation, within the time limit. */
static void answer(struct server *s, struct reqlog *lg) {
  if (atomic_load(&s->stopping) && past(&s->stop_by)) {
    sv_error(&lg->rep, lg->r, 503, "the server is stopping");
    return;
  }
  struct psst *p = sv_gen_take(lg->gen);
  struct qclock k = {.limit_ms = s->query_ms, .s = s};
  clock_gettime(CLOCK_MONOTONIC, &k.t0);
  sqlite3_progress_handler(p->db, 1000, over_time, &k);
  if (lg->r->route == SV_FEED)
    sv_feed(p, lg->r, s->base, &lg->rep);
  else if (sv_route_is_api(lg->r->route))
    sv_api(p, lg->r, &lg->rep);
  else
    sv_page(p, lg->r, s->base, &lg->rep);
  sqlite3_progress_handler(p->db, 0, NULL, NULL);
  sv_gen_give(lg->gen, p);
  if (k.fired) {
    char msg[SV_MSG];
    snprintf(msg, sizeof msg, "the query took longer than the %ld ms the server allows",
             s->query_ms);
    sv_error(&lg->rep, lg->r, 503, atomic_load(&s->stopping) ? "the server is stopping" : msg);
  }
}

/* A query thread: answers queued requests until told to stop and the queue is empty. */
static void *query_thread(void *arg) {
  struct server *s = arg;
  struct queue *q = &s->queue;
  for (;;) {
    pthread_mutex_lock(&q->mu);
    while (!q->head && !q->stop)
      pthread_cond_wait(&q->cv, &q->mu);
    struct reqlog *lg = q->head;
    if (lg && !(q->head = lg->next))
      q->tail = NULL;
    pthread_mutex_unlock(&q->mu);
    if (!lg)
      return NULL;
    answer(s, lg);
    lg->ready = true;
    /* after this the connection's pool thread owns lg again */
    MHD_resume_connection(lg->conn);
  }
}

/* The log shows the path with anything unprintable as '?': a client cannot forge lines. */
static void copy_printable(char *dst, size_t n, const char *src) {
  size_t i = 0;
  for (; src && src[i] && i + 1 < n; i++)
    dst[i] = src[i] > 0x20 && src[i] < 0x7f ? src[i] : '?';
  dst[i] = '\0';
}

/* The headers of every response, and of a 200 or a 304 the validators and caching. */
static void add_headers(struct MHD_Response *resp, int status, const struct reqlog *lg) {
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(resp, "Content-Security-Policy", csp);
  bool fresh = (status == 200 || status == 304) && lg->gen && lg->etag[0];
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                          status == 200 || status == 304 ? "public, max-age=300" : "no-store");
  if (fresh) {
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, lg->etag);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, lg->gen->last_modified);
  }
  if (status == 405)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
  if (status == 503)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "5");
  /* a refused framing or body leaves bytes unread that are not another request */
  if (status == 400 || status == 405 || status == 413 || status == 414 || status == 431 ||
      lg->closing)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
}

/* Lets go of the request's generation once its reply is queued (the cache has it). */
static void let_go(struct server *s, struct reqlog *lg) {
  if (lg->gen)
    sv_gen_release(&s->gens, lg->gen);
  lg->gen = NULL;
}

/* Queues the reply; the body passes to libmicrohttpd, which frees it. */
static enum MHD_Result send_reply(struct MHD_Connection *c, struct server *s, struct reqlog *lg,
                                  struct sv_reply *rep, const char *key, size_t klen) {
  if (!rep->type)
    rep->type = "text/plain; charset=utf-8";
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(rep->len, rep->body ? rep->body : (void *)"",
                                      rep->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
  if (!resp) {
    free(rep->body);
    rep->body = NULL;
    return MHD_NO;
  }
  rep->body = NULL;
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rep->type);
  if (rep->disposition)
    MHD_add_response_header(resp, "Content-Disposition", rep->disposition);
  if (rep->total >= 0) {
    char n[32];
    snprintf(n, sizeof n, "%ld", rep->total);
    MHD_add_response_header(resp, "X-Total-Count", n);
  }
  add_headers(resp, rep->status, lg);
  lg->status = rep->status;
  lg->bytes = rep->len;
  if (rep->status == 500 && s->log)
    /* the reason a 500's body does not give, for whoever runs the server */
    fprintf(s->log, "psst: %s %s: 500: %s\n", lg->method, lg->path, rep->detail);
  enum MHD_Result ok = MHD_queue_response(c, (unsigned)rep->status, resp);
  bool kept = rep->status == 200 && rep->cacheable && klen && lg->gen &&
              sv_gen_keep(lg->gen, key, klen, resp, rep->len);
  if (!kept)
    MHD_destroy_response(resp);
  let_go(s, lg);
  return ok;
}

/*
 * Whether the client holds the response already: If-None-Match names its ETag, or, without
 * If-None-Match, If-Modified-Since is no earlier than the database's build (RFC 9110,
 * 13.2.2).
 */
static bool not_modified(struct MHD_Connection *c, const struct reqlog *lg) {
  const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
  if (inm)
    return sv_etag_match(inm, lg->etag);
  const char *ims =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
  long long t;
  return ims && sv_http_date_parse(ims, &t) && lg->gen->built <= t;
}

static enum MHD_Result send_not_modified(struct MHD_Connection *c, struct server *s,
                                         struct reqlog *lg) {
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
  if (!resp)
    return MHD_NO;
  add_headers(resp, 304, lg);
  lg->status = 304;
  lg->bytes = 0;
  enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_NOT_MODIFIED, resp);
  MHD_destroy_response(resp);
  let_go(s, lg);
  return ok;
}

/*
 * libmicrohttpd's URI callback, called once per request with the request line's target
 * before anything else: the request's record starts here. The raw query string is copied,
 * and libmicrohttpd is left an empty one: it would otherwise split it into records in the
 * connection's fixed memory, where a few hundred parameters do not fit and, in 0.9.75, leave
 * the connection hanging without an answer. The server parses the copy (sv_query_parse: the
 * parser the fuzz target runs). uri lies in the connection's own read buffer, which
 * libmicrohttpd itself rewrites in place as it parses.
 */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c) {
  (void)cls, (void)c;
  struct reqlog *lg = calloc(1, sizeof *lg);
  if (!lg)
    return NULL; /* the handler closes the connection */
  clock_gettime(CLOCK_MONOTONIC, &lg->t0);
  char *q = strchr(uri, '?');
  /* the log's path until the handler has the decoded one */
  copy_printable(lg->path,
                 q && (size_t)(q - uri) < sizeof lg->path ? (size_t)(q - uri) + 1 : sizeof lg->path,
                 uri);
  if (q) {
    size_t n = strlen(q + 1);
    if (n > SV_MAX_QUERY)
      lg->query_too_long = true;
    else if ((lg->query = malloc(n + 1))) {
      memcpy(lg->query, q + 1, n + 1);
      lg->qlen = n;
    } else {
      /* answered as if it had no parameters would be a wrong answer: none at all */
      free(lg);
      lg = NULL;
    }
    q[1] = '\0';
  }
  return lg;
}

/* Whether the raw query asks for Chinese, for an error page when the rest was refused. */
static bool asks_zh(const char *q) {
  for (const char *p = q; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL)
    if (!strncmp(p, "lang=zh", 7) && (p[7] == '&' || !p[7]))
      return true;
  return false;
}

/* An error for the request, in the language and format asked for even when the path named
   nothing and the parameters were never read. */
static enum MHD_Result send_error(struct MHD_Connection *c, struct server *s, struct reqlog *lg,
                                  const char *url, int status, const char *msg) {
  struct sv_request *r = malloc(sizeof *r);
  if (!r)
    return MHD_NO;
  struct sv_reply rep = {.total = -1};
  sv_route_parse(r, url, (char[SV_MSG]){0}); /* for the error's format: JSON or HTML */
  if (asks_zh(lg->query))
    r->lang = PSST_LANG_ZH;
  sv_error(&rep, r, status, msg);
  enum MHD_Result ok = send_reply(c, s, lg, &rep, NULL, 0);
  free(r);
  return ok;
}

/* A checked request, answered from the cache or at once, else handed to a query thread. */
static enum MHD_Result respond(struct MHD_Connection *c, struct server *s, struct reqlog *lg,
                               const char *url) {
  char msg[SV_MSG] = "";
  if (atomic_load(&s->stopping)) {
    lg->closing = true;
    return send_error(c, s, lg, url, 503, "the server is stopping");
  }
  /* a heap copy: the request and its arena are larger than a worker's stack needs to hold */
  struct sv_request *r = malloc(sizeof *r);
  if (!r)
    return MHD_NO;
  int status = sv_route_parse(r, url, msg);
  if (!status && lg->query)
    status = sv_query_parse(r, lg->query, lg->qlen, msg);
  if (!status)
    status = sv_params_finish(r, msg);
  if (status) {
    free(r);
    return send_error(c, s, lg, url, status, msg);
  }
  /* the generation answers the whole request: its tag, its cache, its handles */
  lg->gen = sv_gen_acquire(&s->gens);
  lg->klen = sv_cache_key(r, lg->key, sizeof lg->key);
  if (lg->klen) {
    sv_gen_etag(lg->gen, lg->key, lg->klen, lg->etag);
    if (not_modified(c, lg)) {
      free(r);
      return send_not_modified(c, s, lg);
    }
    size_t len = 0;
    struct MHD_Response *cached = sv_gen_cached(lg->gen, lg->key, lg->klen, &len);
    if (cached) {
      lg->status = 200;
      lg->bytes = len;
      free(r);
      enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, cached);
      let_go(s, lg);
      return ok;
    }
  }
  /* the query runs in a query thread; this connection waits, suspended */
  lg->conn = c;
  lg->r = r;
  lg->rep = (struct sv_reply){.total = -1};
  if (enqueue_or_refuse(&s->queue, lg))
    return MHD_YES;
  lg->r = NULL;
  free(r);
  let_go(s, lg);
  lg->closing = true;
  return send_error(c, s, lg, url, 503, "the server is stopping");
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls) {
  (void)upload_data;
  struct server *s = cls;
  struct reqlog *lg = *con_cls;
  if (!lg)
    return MHD_NO; /* on_uri ran out of memory: the connection closes */
  if (!lg->started) {
    lg->started = true;
    sv_guard_busy(&s->guard, c, true);
    copy_printable(lg->method, sizeof lg->method, method);
    copy_printable(lg->path, sizeof lg->path, url);
    char msg[SV_MSG] = "";
    unsigned long long body = 0;
    int status = sv_check_framing(c, method, version, lg->query_too_long, &body, msg);
    if (status) {
      /* refused before any body is read: the connection closes after the answer */
      lg->answered = true;
      return send_error(c, s, lg, url, status, msg);
    }
    if (body)
      return MHD_YES; /* a small body, read and dropped; answered once it is in */
  } else if (lg->ready) {
    /* back from a query thread */
    lg->ready = false;
    enum MHD_Result ok = send_reply(c, s, lg, &lg->rep, lg->key, lg->klen);
    free(lg->r);
    lg->r = NULL;
    return ok;
  } else if (lg->answered || *upload_data_size) {
    /* a body, which nothing here reads */
    *upload_data_size = 0;
    return MHD_YES;
  }
  lg->answered = true;
  return respond(c, s, lg, url);
}

/* What the log says of a request that got no response. */
static const char *termination(enum MHD_RequestTerminationCode toe) {
  switch (toe) {
  case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED:
    return "timeout";
  case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN:
    return "shutdown";
  case MHD_REQUEST_TERMINATED_READ_ERROR:
    return "read-error";
  case MHD_REQUEST_TERMINATED_CLIENT_ABORT:
    return "client-abort";
  default:
    return "error";
  }
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe) {
  struct server *s = cls;
  struct reqlog *lg = *con_cls;
  /* the next request on this connection has the whole deadline to arrive */
  sv_guard_busy(&s->guard, c, false);
  if (!lg)
    return;
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  long us = (long)(t1.tv_sec - lg->t0.tv_sec) * 1000000L + (t1.tv_nsec - lg->t0.tv_nsec) / 1000;
  /* an answer libmicrohttpd gave itself (a request it could not parse) */
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_HTTP_STATUS);
  if (!lg->status && ci && ci->http_status)
    lg->status = (int)ci->http_status;
  if (s->log && lg->status)
    fprintf(s->log, "%s %s %d %zu %ldus\n", lg->method[0] ? lg->method : "-", lg->path, lg->status,
            lg->bytes, us);
  else if (s->log)
    /* no response was sent: the log says why rather than a status no client saw */
    fprintf(s->log, "%s %s - 0 %ldus %s\n", lg->method[0] ? lg->method : "-",
            lg->path[0] ? lg->path : "-", us, termination(toe));
  let_go(s, lg);
  free(lg->r);
  free(lg->rep.body);
  free(lg->query);
  free(lg);
  *con_cls = NULL;
}

/* ---- start and stop ---- */

static int parse_host(const char *host, unsigned port, struct sockaddr_storage *ss, bool *v6) {
  memset(ss, 0, sizeof *ss);
  if (!host || !strcmp(host, "localhost"))
    host = "127.0.0.1";
  struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
  if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    *v6 = false;
    return 0;
  }
  if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((uint16_t)port);
    *v6 = true;
    return 0;
  }
  return -1;
}

/*
 * The listening socket, made here rather than by libmicrohttpd so that the port (chosen by
 * the kernel for port 0) is known before the first request, which may need it for the
 * feed's links. Returns the socket or -1 with errno set.
 */
static int listen_on(const struct sockaddr_storage *ss, bool v6, unsigned *port) {
  int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0)
    return -1;
  int one = 1;
  socklen_t len = v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
  struct sockaddr_storage bound;
  socklen_t blen = sizeof bound;
  /* as libmicrohttpd does: a restart may reuse the port at once; IPv6 means IPv6 only */
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
      (v6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one)) ||
      bind(fd, (const struct sockaddr *)ss, len) || listen(fd, SOMAXCONN) ||
      getsockname(fd, (struct sockaddr *)&bound, &blen)) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  *port = ntohs(v6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
                   : ((struct sockaddr_in *)&bound)->sin_port);
  return fd;
}

/* A base URL as the feed writes it: http(s), a host, printable ASCII that needs no quoting
   in XML or HTML, no final slash. */
static bool base_ok(const char *b, size_t n) {
  const char *host = !strncmp(b, "https://", 8) ? b + 8 : !strncmp(b, "http://", 7) ? b + 7 : NULL;
  if (!host || !*host || *host == '/' || n >= MAX_BASE)
    return false;
  for (size_t i = 0; i < n; i++)
    if (b[i] <= 0x20 || b[i] >= 0x7f || strchr("\"'<>\\`{}|^?#", b[i]))
      return false;
  return true;
}

static void stop_queries(struct queue *q) {
  pthread_mutex_lock(&q->mu);
  q->stop = true;
  pthread_cond_broadcast(&q->cv);
  pthread_mutex_unlock(&q->mu);
  for (size_t i = 0; i < q->n_threads; i++)
    pthread_join(q->threads[i], NULL);
  q->n_threads = 0;
}

/* Waits for SIGINT or SIGTERM, cutting the connections whose request is overdue a few times
   a second and looking at the database about once a second meanwhile. */
static int serve_until_stopped(struct server *s, const sigset_t *stop) {
  for (unsigned tick = 1;; tick++) {
    struct timespec wait = {0, TICK_MS * 1000000L};
    int sig = sigtimedwait(stop, NULL, &wait);
    if (sig == SIGINT || sig == SIGTERM)
      return sig;
    sv_guard_sweep(&s->guard);
    if (tick % (1000 / TICK_MS) == 0)
      sv_gens_refresh(&s->gens);
  }
}

/*
 * The stop, bounded by stop_by: no new connections; requests on open ones get 503 (respond);
 * the queued ones are answered and their connections resumed; then, once every response is
 * sent or at the deadline, the daemon stops. Returns how many connections were still busy.
 */
static size_t shut_down(struct server *s, struct MHD_Daemon *d) {
  atomic_store(&s->stopping, true);
  /* libmicrohttpd hands the listening socket back; it is closed once the daemon stops */
  MHD_socket lfd = MHD_quiesce_daemon(d);
  stop_queries(&s->queue);
  size_t busy;
  while ((busy = sv_guard_busy_count(&s->guard)) && !past(&s->stop_by)) {
    sv_guard_sweep(&s->guard);
    nanosleep(&(struct timespec){0, 10 * 1000000L}, NULL);
  }
  MHD_stop_daemon(d);
  if (lfd != MHD_INVALID_SOCKET)
    close(lfd);
  return busy;
}

/* A limit: the option's when given, else the environment's (tests lower them), else def. */
static long limit(long given, const char *env, long def, long lo, long hi) {
  if (given > 0)
    return given < lo ? lo : given > hi ? hi : given;
  const char *v = getenv(env);
  char *end = NULL;
  errno = 0;
  long n = v && *v ? strtol(v, &end, 10) : 0;
  return v && *v && !*end && !errno && n >= lo && n <= hi ? n : def;
}

int ps_mod_serve(const struct psst_serve_opts *o, struct psst_error *err) {
  struct sockaddr_storage ss;
  bool v6 = false;
  if (o->port > 65535 || parse_host(o->host, o->port, &ss, &v6)) {
    snprintf(err->msg, sizeof err->msg, "--host: '%s' is not an IP address", o->host);
    return err->status = PSST_EINVAL;
  }
  struct server s = {.log = o->log};
  unsigned max_conn =
      (unsigned)limit(o->max_connections, "PSST_SERVE_MAX_CONNECTIONS", MAX_CONNECTIONS, 4, 65536);
  unsigned max_per_ip =
      (unsigned)limit(o->max_per_ip, "PSST_SERVE_MAX_PER_IP", MAX_PER_IP, 1, 65536);
  long header_ms = limit(o->header_ms, "PSST_SERVE_HEADER_MS", HEADER_MS, 100, 3600000);
  long shutdown_ms = limit(o->shutdown_ms, "PSST_SERVE_SHUTDOWN_MS", SHUTDOWN_MS, 100, 3600000);
  s.query_ms = limit(o->query_ms, "PSST_SERVE_QUERY_MS", QUERY_MS, 1, 3600000);
  if (o->base_url) {
    size_t n = strlen(o->base_url);
    while (n > 0 && o->base_url[n - 1] == '/')
      n--;
    if (!base_ok(o->base_url, n)) {
      snprintf(err->msg, sizeof err->msg,
               "--base-url: '%.200s' is not an http:// or https:// address (printable ASCII, "
               "no quotes or spaces)",
               o->base_url);
      return err->status = PSST_EINVAL;
    }
    memcpy(s.base, o->base_url, n);
    s.base[n] = '\0';
  }
  /*
   * SQLite counts every allocation under one process-wide mutex unless told not to;
   * with queries on several threads that mutex is where they would wait for each other.
   * It has to be said before SQLite is first used; a failure (it was used already)
   * only costs that wait.
   */
  (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  unsigned threads = o->threads ? o->threads : ncpu > 0 ? (unsigned)(ncpu < 8 ? ncpu : 8) : 2;
  const char *shown_host = o->host ? o->host : "127.0.0.1";
  unsigned port = 0;
  int fd = listen_on(&ss, v6, &port);
  if (fd < 0) {
    snprintf(err->msg, sizeof err->msg, "cannot listen on %s port %u: %s", shown_host, o->port,
             strerror(errno));
    return err->status = PSST_EIO;
  }
  if (!o->base_url)
    snprintf(s.base, sizeof s.base, "http://%s%s%s:%u", v6 ? "[" : "", shown_host, v6 ? "]" : "",
             port);
  pthread_mutex_init(&s.queue.mu, NULL);
  pthread_cond_init(&s.queue.cv, NULL);
  sv_guard_init(&s.guard, max_conn, max_per_ip, header_ms); /* a mutex: as the queue's */
  s.gens.data_dir = o->data_dir;
  s.gens.db_path = o->db_path;
  s.gens.base_url = s.base;
  s.gens.threads = threads;
  s.gens.cache_bytes = (size_t)(o->cache_mb >= 0 ? o->cache_mb : CACHE_MB) << 20;
  s.gens.log = o->log;
  bool started = false;
  int rc = sv_gens_start(&s.gens, err);
  if (rc)
    goto out;
  started = true;

  /* the workers inherit a mask without SIGINT and SIGTERM: only this thread takes them */
  sigset_t stop, old;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, &old);
  signal(SIGPIPE, SIG_IGN);
  /* MHD_ALLOW_SUSPEND_RESUME brings MHD_USE_ITC, which MHD_quiesce_daemon needs */
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
                   MHD_ALLOW_SUSPEND_RESUME | (v6 ? MHD_USE_IPv6 : 0);
  /* the query threads, started with SIGINT and SIGTERM blocked like the pool's */
  if (!(s.queue.threads = calloc(threads, sizeof *s.queue.threads))) {
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    snprintf(err->msg, sizeof err->msg, "out of memory");
    rc = err->status = PSST_ENOMEM;
    goto out;
  }
  for (; s.queue.n_threads < threads; s.queue.n_threads++)
    if (pthread_create(&s.queue.threads[s.queue.n_threads], NULL, query_thread, &s)) {
      pthread_sigmask(SIG_SETMASK, &old, NULL);
      snprintf(err->msg, sizeof err->msg, "cannot start the query threads");
      rc = err->status = PSST_EIO;
      goto out;
    }
  /* from here libmicrohttpd owns the socket, whether it starts or not */
  int listen_fd = fd;
  fd = -1;
  /* the per-address limit is the guard's (sv_guard_accept), which keeps a share for new
     addresses; libmicrohttpd keeps the global one too. Strict: HTTP/1.1 without Host and
     spaces in the target are refused by libmicrohttpd itself. */
  struct MHD_Daemon *d = MHD_start_daemon(
      flags, 0, sv_guard_accept, &s.guard, handle, &s, MHD_OPTION_LISTEN_SOCKET, listen_fd,
      MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, max_conn,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_SECONDS, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
      (size_t)CONN_MEMORY, MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_URI_LOG_CALLBACK, on_uri, &s,
      MHD_OPTION_NOTIFY_CONNECTION, sv_guard_notify, &s.guard, MHD_OPTION_NOTIFY_COMPLETED,
      completed, &s, MHD_OPTION_END);
  if (!d) {
    int e = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    snprintf(err->msg, sizeof err->msg, "cannot listen on %s port %u: %s", shown_host, port,
             e ? strerror(e) : "failed");
    rc = err->status = PSST_EIO;
    goto out;
  }
  if (o->log) {
    fprintf(o->log, "psst: serving http://%s%s%s:%u/ with %u threads (Ctrl-C stops)\n",
            v6 ? "[" : "", shown_host, v6 ? "]" : "", port, threads);
    fflush(o->log);
  }
  int sig = serve_until_stopped(&s, &stop);
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  s.stop_by = t0;
  s.stop_by.tv_sec += shutdown_ms / 1000;
  s.stop_by.tv_nsec += (shutdown_ms % 1000) * 1000000L;
  if (s.stop_by.tv_nsec >= 1000000000L)
    s.stop_by.tv_sec++, s.stop_by.tv_nsec -= 1000000000L;
  size_t dropped = shut_down(&s, d);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (o->log) {
    fprintf(o->log, "psst: stopped (%s) in %ld ms", sig == SIGINT ? "SIGINT" : "SIGTERM",
            ms_since(&t0));
    if (dropped)
      fprintf(o->log, ", %zu connections dropped at the deadline", dropped);
    fprintf(o->log, "\n");
    fflush(o->log);
  }
out:
  if (fd >= 0)
    close(fd);
  stop_queries(&s.queue);
  free(s.queue.threads);
  pthread_mutex_destroy(&s.queue.mu);
  pthread_cond_destroy(&s.queue.cv);
  sv_guard_destroy(&s.guard);
  if (started)
    sv_gens_stop(&s.gens);
  return rc;
}
