/*
 * fuzz_entry.c: psst serve without a listening socket, for the fuzz target fuzz/fuzz_server.c.
 * The daemon is started as http.c starts it: the same generations of the database, query
 * threads, guard, libmicrohttpd flags (its epoll thread pool, suspend and resume), limits and
 * callbacks, so that a request takes the path it takes in psst serve. Only the socket differs:
 * there is none to listen on (MHD_USE_NO_LISTEN_SOCKET); each connection is one end of a
 * socket pair handed to libmicrohttpd (MHD_add_connection), the other end the fuzzer's. A
 * thread of its own does what http.c's main thread does while it waits for a signal: cut the
 * connections whose request is overdue (guard.c), here every SWEEP_MS.
 *
 * The daemon is sv_daemon_start's, with psst serve's defaults (http_int.h) but for the idle
 * timeout, and the header deadline, which the caller gives (o->header_ms).
 * Not part of the module: only the fuzz target compiles this file.
 */
#include "http_int.h"
#include "server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* psst serve's defaults (http_int.h), but for two */
enum {
  /* SV_IDLE_SECONDS (15) in psst serve. A connection that libmicrohttpd keeps until its idle
     timeout (a client that closed its side inside a body it announced: libmicrohttpd does
     not notice the end of the stream then) would cost the fuzzer 15 s an input */
  FZ_IDLE_SECONDS = 1,
  SWEEP_MS = 10 /* http.c looks every 200 ms; the fuzzer's deadlines are shorter */
};

struct sv_fuzz {
  struct server s;
  struct MHD_Daemon *d;
  bool gens, guard, sweeping;
  pthread_t sweeper;
  atomic_bool stop;
};

static void *sweep(void *arg) {
  struct sv_fuzz *f = arg;
  while (!atomic_load(&f->stop)) {
    sv_guard_sweep(&f->s.guard);
    nanosleep(&(struct timespec){0, SWEEP_MS * 1000000L}, NULL);
  }
  return NULL;
}

/* libmicrohttpd's complaints about malformed requests are the fuzzer's daily bread: the
   answers are what is checked, not the log */
static void quiet(void *cls, const char *fmt, va_list ap) {
  (void)cls, (void)fmt, (void)ap;
}

void sv_fuzz_stop(struct sv_fuzz *f) {
  if (!f)
    return;
  if (f->sweeping) {
    atomic_store(&f->stop, true);
    pthread_join(f->sweeper, NULL);
  }
  if (f->d) {
    atomic_store(&f->s.stopping, true);
    sv_stop_queries(&f->s.queue);
    MHD_stop_daemon(f->d);
  } else {
    sv_stop_queries(&f->s.queue);
  }
  free(f->s.queue.threads);
  pthread_mutex_destroy(&f->s.queue.mu);
  pthread_cond_destroy(&f->s.queue.cv);
  if (f->guard)
    sv_guard_destroy(&f->s.guard);
  if (f->gens)
    sv_gens_stop(&f->s.gens);
  free(f);
}

int sv_fuzz_start(const struct psst_serve_opts *o, struct sv_fuzz **out, struct psst_error *err) {
  *out = NULL;
  struct sv_fuzz *f = calloc(1, sizeof *f);
  if (!f) {
    snprintf(err->msg, sizeof err->msg, "out of memory");
    return err->status = PSST_ENOMEM;
  }
  struct server *s = &f->s;
  s->log = o->log;
  s->query_ms = o->query_ms > 0 ? o->query_ms : SV_QUERY_MS;
  snprintf(s->base, sizeof s->base, "%s", o->base_url ? o->base_url : "http://127.0.0.1:8080");
  unsigned threads = o->threads ? o->threads : 2;
  pthread_mutex_init(&s->queue.mu, NULL);
  pthread_cond_init(&s->queue.cv, NULL);
  if (sv_guard_init(&s->guard, SV_MAX_CONNECTIONS, SV_MAX_PER_IP,
                    o->header_ms > 0 ? o->header_ms : SV_HEADER_MS)) {
    snprintf(err->msg, sizeof err->msg, "cannot start the guard");
    err->status = PSST_EIO;
    goto fail;
  }
  f->guard = true;
  s->gens.data_dir = o->data_dir;
  s->gens.db_path = o->db_path;
  s->gens.base_url = s->base;
  s->gens.threads = threads;
  s->gens.cache_bytes = (size_t)(o->cache_mb >= 0 ? o->cache_mb : SV_CACHE_MB) << 20;
  s->gens.log = o->log;
  s->gens.immutable = o->immutable;
  if (sv_gens_start(&s->gens, err))
    goto fail;
  f->gens = true;
  signal(SIGPIPE, SIG_IGN);
  if (sv_start_queries(s, threads, err))
    goto fail;
  f->d = sv_daemon_start(s, MHD_USE_NO_LISTEN_SOCKET, -1, threads, SV_MAX_CONNECTIONS,
                         FZ_IDLE_SECONDS, quiet);
  if (!f->d) {
    snprintf(err->msg, sizeof err->msg, "cannot start libmicrohttpd");
    err->status = PSST_EIO;
    goto fail;
  }
  if (pthread_create(&f->sweeper, NULL, sweep, f)) {
    snprintf(err->msg, sizeof err->msg, "cannot start the guard's sweeper");
    err->status = PSST_EIO;
    goto fail;
  }
  f->sweeping = true;
  *out = f;
  return PSST_OK;
fail:
  sv_fuzz_stop(f);
  return err->status;
}

int sv_fuzz_connect(struct sv_fuzz *f) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
    return -1;
  /* libmicrohttpd's end is non-blocking, as an accepted socket of the daemon's would be */
  int fl = fcntl(sv[1], F_GETFL);
  if (fl < 0 || fcntl(sv[1], F_SETFL, fl | O_NONBLOCK)) {
    close(sv[0]);
    close(sv[1]);
    return -1;
  }
  /* the address the guard counts it under: a local client's */
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(40000)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (MHD_add_connection(f->d, sv[1], (const struct sockaddr *)&a, sizeof a) != MHD_YES) {
    close(sv[0]); /* libmicrohttpd closed its end */
    return -1;
  }
  return sv[0];
}
