/*
 * http.c: the HTTP side of psst serve: libmicrohttpd's epoll thread pool, the limits
 * on what a client may send, the routing of a checked request to api.c or pages.c,
 * the headers every response carries, a cache of finished responses, and a log line
 * per request.
 *
 * Threads and the database: libmicrohttpd's pool threads read requests, answer the
 * ones they can at once (errors, cached responses) and hand every other one to a pool
 * of query threads, suspending the connection meanwhile. libmicrohttpd binds a
 * connection to the pool thread that accepted it, and one thread accepts a burst of
 * connections together, so queries run in the pool threads would queue behind each
 * other on one core while the other idles; the query threads take the next request
 * whichever connection it came on. Each query borrows a whole database handle (its own
 * SQLite connection, opened read-only, with its own copy of the reference data) from a
 * pool holding one handle per query thread. No connection or prepared statement is ever
 * used by two threads at once, so nothing depends on SQLite's own locking. Charts are
 * drawn one at a time (sv_draw_lock).
 *
 * The cache: the database does not change while the server runs, so a response to a
 * valid request is the same every time; the first one is kept (as libmicrohttpd's
 * reference-counted response, queued to every later client as it is) up to a bound in
 * entries and bytes, and never evicted. Errors are never kept.
 */
#include "server.h"
#include "server_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <sqlite3.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum {
  MAX_BODY = 1024,         /* bytes of a request body (nothing here takes one) */
  MAX_CONNECTIONS = 512,   /* open connections in all */
  MAX_PER_IP = 256,        /* open connections from one address */
  IDLE_SECONDS = 15,       /* a connection idle this long is closed */
  CONN_MEMORY = 16 * 1024, /* request line and headers must fit here (else 431) */
  CACHE_SLOTS = 4096,      /* cache capacity; at most half is used */
  CACHE_MB = 64,           /* MiB of cached bodies, unless told otherwise */
  LOG_PATH = 120           /* bytes of a path in the log */
};

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                          "base-uri 'none'; frame-ancestors 'none'";

/* ---- the pool of database handles ---- */

struct pool {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  struct psst **all, **free;
  size_t n, nfree;
};

static struct psst *pool_take(struct pool *pl) {
  pthread_mutex_lock(&pl->mu);
  while (pl->nfree == 0)
    pthread_cond_wait(&pl->cv, &pl->mu);
  struct psst *p = pl->free[--pl->nfree];
  pthread_mutex_unlock(&pl->mu);
  return p;
}

static void pool_give(struct pool *pl, struct psst *p) {
  pthread_mutex_lock(&pl->mu);
  pl->free[pl->nfree++] = p;
  pthread_cond_signal(&pl->cv);
  pthread_mutex_unlock(&pl->mu);
}

/* ---- the response cache ---- */

struct entry {
  char *key;
  uint64_t hash;
  struct MHD_Response *resp;
  size_t len;
};

struct cache {
  pthread_rwlock_t lock;
  struct entry *v; /* CACHE_SLOTS, open addressing */
  size_t n, bytes, max_bytes;
};

static uint64_t fnv1a(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  return h;
}

/* The slot of key, or of the empty slot where it would go. Caller holds the lock. */
static struct entry *slot(struct cache *c, const char *key, uint64_t h) {
  for (size_t i = h % CACHE_SLOTS;; i = (i + 1) % CACHE_SLOTS)
    if (!c->v[i].key || (c->v[i].hash == h && !strcmp(c->v[i].key, key)))
      return &c->v[i];
}

static struct entry cache_get(struct cache *c, const char *key, size_t klen) {
  struct entry e = {0};
  uint64_t h = fnv1a(key, klen);
  pthread_rwlock_rdlock(&c->lock);
  struct entry *s = slot(c, key, h);
  if (s->key)
    e = *s;
  pthread_rwlock_unlock(&c->lock);
  return e;
}

/* Keeps resp under key when there is room; true when the cache now owns a reference. */
static bool cache_put(struct cache *c, const char *key, size_t klen, struct MHD_Response *resp,
                      size_t len) {
  uint64_t h = fnv1a(key, klen);
  bool kept = false;
  pthread_rwlock_wrlock(&c->lock);
  struct entry *s = slot(c, key, h);
  if (!s->key && c->n < CACHE_SLOTS / 2 && c->bytes + len <= c->max_bytes) {
    char *k = malloc(klen + 1);
    if (k) {
      memcpy(k, key, klen + 1);
      *s = (struct entry){k, h, resp, len};
      c->n++;
      c->bytes += len;
      kept = true;
    }
  }
  pthread_rwlock_unlock(&c->lock);
  return kept;
}

static void cache_release(struct cache *c) {
  for (size_t i = 0; c->v && i < CACHE_SLOTS; i++)
    if (c->v[i].key) {
      free(c->v[i].key);
      MHD_destroy_response(c->v[i].resp);
    }
  free(c->v);
}

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
  /* a request handed to the query threads */
  struct MHD_Connection *conn;
  struct sv_request *r;
  struct sv_reply rep;
  char key[1024];
  size_t klen;
  bool ready;          /* rep is filled: queue it on the next call */
  struct reqlog *next; /* in the queue */
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
  struct pool pool;
  struct cache cache;
  struct queue queue;
  FILE *log;
};

static void enqueue(struct queue *q, struct reqlog *lg) {
  pthread_mutex_lock(&q->mu);
  lg->next = NULL;
  if (q->tail)
    q->tail->next = lg;
  else
    q->head = lg;
  q->tail = lg;
  pthread_cond_signal(&q->cv);
  pthread_mutex_unlock(&q->mu);
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
    struct psst *p = pool_take(&s->pool);
    if (sv_route_is_api(lg->r->route))
      sv_api(p, lg->r, &lg->rep);
    else
      sv_page(p, lg->r, &lg->rep);
    pool_give(&s->pool, p);
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

static void add_headers(struct MHD_Response *resp, const struct sv_reply *rep) {
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rep->type);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(resp, "Content-Security-Policy", csp);
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                          rep->status == 200 ? "public, max-age=300" : "no-store");
  if (rep->disposition)
    MHD_add_response_header(resp, "Content-Disposition", rep->disposition);
  if (rep->total >= 0) {
    char n[32];
    snprintf(n, sizeof n, "%ld", rep->total);
    MHD_add_response_header(resp, "X-Total-Count", n);
  }
  if (rep->status == 405)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
}

/* Queues the reply; the body passes to libmicrohttpd, which frees it. */
static enum MHD_Result send_reply(struct MHD_Connection *c, struct reqlog *lg, struct sv_reply *rep,
                                  struct cache *cache, const char *key, size_t klen) {
  if (!rep->type)
    rep->type = "text/plain; charset=utf-8";
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(rep->len, rep->body ? rep->body : (void *)"",
                                      rep->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
  if (!resp) {
    free(rep->body);
    return MHD_NO;
  }
  rep->body = NULL;
  add_headers(resp, rep);
  lg->status = rep->status;
  lg->bytes = rep->len;
  enum MHD_Result ok = MHD_queue_response(c, (unsigned)rep->status, resp);
  bool kept =
      rep->status == 200 && rep->cacheable && klen && cache_put(cache, key, klen, resp, rep->len);
  if (!kept)
    MHD_destroy_response(resp);
  return ok;
}

struct args {
  struct sv_request *r;
  char *msg;
  int status;
};

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                size_t key_size, const char *value, size_t value_size) {
  (void)kind;
  struct args *a = cls;
  a->status = sv_param(a->r, key, key_size, value, value ? value_size : 0, a->msg);
  return a->status ? MHD_NO : MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls) {
  (void)version, (void)upload_data;
  struct server *s = cls;
  struct reqlog *lg = *con_cls;
  if (!lg) {
    if (!(lg = calloc(1, sizeof *lg)))
      return MHD_NO;
    *con_cls = lg;
    clock_gettime(CLOCK_MONOTONIC, &lg->t0);
    copy_printable(lg->method, sizeof lg->method, method);
    copy_printable(lg->path, sizeof lg->path, url);
    /* a body too large is refused before it is read (the connection then closes) */
    const char *cl =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!cl || strtoull(cl, NULL, 10) <= MAX_BODY)
      return MHD_YES; /* answered on a later call, once the request is read: kept alive */
  } else if (lg->ready) {
    /* back from a query thread */
    lg->ready = false;
    enum MHD_Result ok = send_reply(c, lg, &lg->rep, &s->cache, lg->key, lg->klen);
    free(lg->r);
    lg->r = NULL;
    return ok;
  } else if (lg->answered || *upload_data_size) {
    /* a body, which nothing here reads */
    *upload_data_size = 0;
    return MHD_YES;
  }
  lg->answered = true;

  /* a heap copy: the request and its arena are larger than a worker's stack needs to hold */
  struct sv_request *r = malloc(sizeof *r);
  struct sv_reply rep = {.total = -1};
  char msg[SV_MSG] = "";
  char key[1024];
  size_t klen = 0;
  if (!r)
    return MHD_NO;
  const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  int status = 0;
  if (cl && strtoull(cl, NULL, 10) > MAX_BODY) {
    status = 413;
    snprintf(msg, sizeof msg, "request bodies are limited to %d bytes", MAX_BODY);
  } else if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD)) {
    status = 405;
    snprintf(msg, sizeof msg, "only GET and HEAD are served");
  }
  if (!status)
    status = sv_route_parse(r, url, msg);
  else
    sv_route_parse(r, url, (char[SV_MSG]){0}); /* for the error's format: JSON or HTML */
  if (!status) {
    struct args a = {r, msg, 0};
    MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, each_arg, &a);
    status = a.status ? a.status : sv_params_finish(r, msg);
  }
  if (status) {
    sv_error(&rep, r, status, msg);
  } else {
    klen = sv_cache_key(r, key, sizeof key);
    if (klen) {
      struct entry e = cache_get(&s->cache, key, klen);
      if (e.resp) {
        lg->status = 200;
        lg->bytes = e.len;
        free(r);
        return MHD_queue_response(c, MHD_HTTP_OK, e.resp);
      }
    }
    /* the query runs in a query thread; this connection waits, suspended */
    lg->conn = c;
    lg->r = r;
    lg->rep = rep;
    memcpy(lg->key, key, klen);
    lg->klen = klen;
    MHD_suspend_connection(c);
    enqueue(&s->queue, lg);
    return MHD_YES;
  }
  enum MHD_Result ok = send_reply(c, lg, &rep, &s->cache, key, klen);
  free(r);
  return ok;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe) {
  (void)c, (void)toe;
  struct server *s = cls;
  struct reqlog *lg = *con_cls;
  if (!lg)
    return;
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  long us = (long)(t1.tv_sec - lg->t0.tv_sec) * 1000000L + (t1.tv_nsec - lg->t0.tv_nsec) / 1000;
  if (s->log)
    fprintf(s->log, "%s %s %d %zu %ldus\n", lg->method, lg->path, lg->status, lg->bytes, us);
  free(lg->r);
  free(lg->rep.body);
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

static void stop_queries(struct queue *q) {
  pthread_mutex_lock(&q->mu);
  q->stop = true;
  pthread_cond_broadcast(&q->cv);
  pthread_mutex_unlock(&q->mu);
  for (size_t i = 0; i < q->n_threads; i++)
    pthread_join(q->threads[i], NULL);
  q->n_threads = 0;
}

static void pool_release(struct pool *pl) {
  for (size_t i = 0; pl->all && i < pl->n; i++)
    psst_close(pl->all[i]);
  free(pl->all);
  free(pl->free);
  pthread_mutex_destroy(&pl->mu);
  pthread_cond_destroy(&pl->cv);
}

int psst_serve(const struct psst_serve_opts *o, struct psst_error *err) {
  struct sockaddr_storage ss;
  bool v6 = false;
  if (o->port > 65535 || parse_host(o->host, o->port, &ss, &v6)) {
    snprintf(err->msg, sizeof err->msg, "--host: '%s' is not an IP address", o->host);
    return err->status = PSST_EINVAL;
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
  struct server s = {.log = o->log};
  s.cache.max_bytes = (size_t)(o->cache_mb >= 0 ? o->cache_mb : CACHE_MB) << 20;
  pthread_mutex_init(&s.pool.mu, NULL);
  pthread_cond_init(&s.pool.cv, NULL);
  pthread_rwlock_init(&s.cache.lock, NULL);
  pthread_mutex_init(&s.queue.mu, NULL);
  pthread_cond_init(&s.queue.cv, NULL);
  int rc = PSST_OK;
  s.pool.all = calloc(threads, sizeof *s.pool.all);
  s.pool.free = calloc(threads, sizeof *s.pool.free);
  s.cache.v = calloc(CACHE_SLOTS, sizeof *s.cache.v);
  if (!s.pool.all || !s.pool.free || !s.cache.v) {
    snprintf(err->msg, sizeof err->msg, "out of memory");
    rc = err->status = PSST_ENOMEM;
    goto out;
  }
  struct psst_open_opts oo = {.data_dir = o->data_dir, .db_path = o->db_path};
  for (; s.pool.n < threads; s.pool.n++) {
    if ((rc = psst_open(&s.pool.all[s.pool.n], &oo, NULL, NULL, err)))
      goto out;
    s.pool.free[s.pool.nfree++] = s.pool.all[s.pool.n];
  }

  /* the workers inherit a mask without SIGINT and SIGTERM: only this thread takes them */
  sigset_t stop, old;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, &old);
  signal(SIGPIPE, SIG_IGN);
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
  struct MHD_Daemon *d = MHD_start_daemon(
      flags, (uint16_t)o->port, NULL, NULL, handle, &s, MHD_OPTION_SOCK_ADDR,
      (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
      (unsigned)MAX_CONNECTIONS, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)MAX_PER_IP,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_SECONDS, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
      (size_t)CONN_MEMORY, MHD_OPTION_NOTIFY_COMPLETED, completed, &s, MHD_OPTION_END);
  if (!d) {
    int e = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    snprintf(err->msg, sizeof err->msg, "cannot listen on %s port %u: %s",
             o->host ? o->host : "127.0.0.1", o->port, e ? strerror(e) : "failed");
    rc = err->status = PSST_EIO;
    goto out;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  unsigned port = info ? info->port : o->port;
  if (o->log) {
    fprintf(o->log, "psst: serving http://%s%s%s:%u/ with %u threads (Ctrl-C stops)\n",
            v6 ? "[" : "", o->host ? o->host : "127.0.0.1", v6 ? "]" : "", port, threads);
    fflush(o->log);
  }
  int sig = 0;
  while (sigwait(&stop, &sig) != 0)
    ;
  /* the queued requests are answered and their connections resumed before the daemon
   * stops; it then closes them */
  stop_queries(&s.queue);
  MHD_stop_daemon(d);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (o->log) {
    fprintf(o->log, "psst: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    fflush(o->log);
  }
out:
  stop_queries(&s.queue);
  free(s.queue.threads);
  pthread_mutex_destroy(&s.queue.mu);
  pthread_cond_destroy(&s.queue.cv);
  cache_release(&s.cache);
  pthread_rwlock_destroy(&s.cache.lock);
  pool_release(&s.pool);
  return rc;
}
