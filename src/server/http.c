/*
 * http.c: the HTTP side of psst serve: libmicrohttpd's epoll thread pool on a socket made
 * here, the limits on what clients may hold, the query threads (queries.c), the main
 * thread's watch over deadlines and the database (gen.c), and the shutdown. A request's
 * path through the server is in request.c, its answer in reply.c (http_int.h).
 *
 * Threads: libmicrohttpd's pool threads read requests and answer what needs no query; the
 * query threads answer the rest (queries.c). Charts are drawn one at a time (sv_draw_lock).
 *
 * The database changes while the server runs: a writer (psst add, psst build, ...)
 * renames a new file over it, and the main thread, which otherwise waits for SIGINT or
 * SIGTERM, looks at the path about once a second and takes up the new file as a new
 * generation (gen.c).
 *
 * Hostile and slow clients: every request is answered or its connection closed within
 * bounded time. guard.c keeps the connection limits and the deadline for a request's
 * headers, which the main thread enforces a few times a second.
 *
 * Shutdown: on SIGINT or SIGTERM the daemon stops accepting, requests that arrive on open
 * connections are answered 503, the queued ones are answered (503 once the shutdown deadline
 * has passed: a running query is stopped), and when every connection's request is done, or
 * at the deadline, the daemon stops. No connection is suspended once the query threads are
 * told to stop (sv_enqueue_or_refuse), which libmicrohttpd requires of MHD_stop_daemon.
 */
#include "http_int.h"
#include "module.h"
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

PS_MODULE_VERSION;

/* the main thread's watch: deadlines, then the database (the defaults: http_int.h) */
enum { TICK_MS = 200 };

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
  sv_stop_queries(&s->queue);
  size_t busy;
  while ((busy = sv_guard_busy_count(&s->guard)) && !sv_past(&s->stop_by)) {
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
  unsigned max_conn = (unsigned)limit(o->max_connections, "PSST_SERVE_MAX_CONNECTIONS",
                                      SV_MAX_CONNECTIONS, 4, 65536);
  unsigned max_per_ip =
      (unsigned)limit(o->max_per_ip, "PSST_SERVE_MAX_PER_IP", SV_MAX_PER_IP, 1, 65536);
  long header_ms = limit(o->header_ms, "PSST_SERVE_HEADER_MS", SV_HEADER_MS, 100, 3600000);
  long shutdown_ms = limit(o->shutdown_ms, "PSST_SERVE_SHUTDOWN_MS", SV_SHUTDOWN_MS, 100, 3600000);
  s.query_ms = limit(o->query_ms, "PSST_SERVE_QUERY_MS", SV_QUERY_MS, 1, 3600000);
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
  s.gens.cache_bytes = (size_t)(o->cache_mb >= 0 ? o->cache_mb : SV_CACHE_MB) << 20;
  s.gens.log = o->log;
  s.gens.immutable = o->immutable;
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
  /* the query threads, started with SIGINT and SIGTERM blocked like the pool's */
  if ((rc = sv_start_queries(&s, threads, err))) {
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    goto out;
  }
  /* from here libmicrohttpd owns the socket, whether it starts or not */
  int listen_fd = fd;
  fd = -1;
  struct MHD_Daemon *d = sv_daemon_start(&s, v6 ? MHD_USE_IPv6 : 0, listen_fd, threads, max_conn,
                                         SV_IDLE_SECONDS, NULL);
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
  /* a second signal sent during the stop (a supervisor's, a second Ctrl-C) is taken here:
     unblocked, its default action would end the process with a failure status */
  while (sigtimedwait(&stop, NULL, &(struct timespec){0, 0}) > 0)
    ;
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (o->log) {
    fprintf(o->log, "psst: stopped (%s) in %ld ms", sig == SIGINT ? "SIGINT" : "SIGTERM",
            sv_ms_since(&t0));
    if (dropped)
      fprintf(o->log, ", %zu connections dropped at the deadline", dropped);
    fprintf(o->log, "\n");
    fflush(o->log);
  }
out:
  if (fd >= 0)
    close(fd);
  sv_stop_queries(&s.queue);
  free(s.queue.threads);
  pthread_mutex_destroy(&s.queue.mu);
  pthread_cond_destroy(&s.queue.cv);
  sv_guard_destroy(&s.guard);
  if (started)
    sv_gens_stop(&s.gens);
  return rc;
}
