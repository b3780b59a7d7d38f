/*
 * daemon.c: libmicrohttpd started as psst serve runs it (sv_daemon_start), shared by the
 * server's start (http.c) and the fuzz target's daemon on socket pairs (fuzz_entry.c), so
 * that the fuzzer drives the flags, limits and callbacks the server runs with.
 */
#include "http_int.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * libmicrohttpd 0.9.75 aborts the process ("Failed to remove listen FD from epoll set") when
 * MHD_quiesce_daemon and a worker's event loop both take the listening socket out of the
 * worker's epoll set: neither flag they read is atomic or locked, the loser's epoll_ctl
 * answers ENOENT, and that branch panics (a known defect of that version). The socket is then
 * out of the set, which is what both wanted, and the code after the panic marks it so: that
 * one case returns; every other panic aborts, as libmicrohttpd's own handler does.
 */
static void on_panic(void *cls, const char *file, unsigned int line, const char *reason) {
  (void)cls;
  int e = errno;
  if (e == ENOENT && reason && strstr(reason, "Failed to remove listen FD from epoll set"))
    return;
  fprintf(stderr, "psst: libmicrohttpd: fatal error in %s:%u: %s\n", file ? file : "?", line,
          reason ? reason : "");
  abort();
}

struct MHD_Daemon *sv_daemon_start(struct server *s, unsigned extra_flags, int listen_fd,
                                   unsigned threads, unsigned max_conn, unsigned idle_seconds,
                                   MHD_LogCallback logger) {
  /* MHD_ALLOW_SUSPEND_RESUME brings MHD_USE_ITC, which MHD_quiesce_daemon needs */
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
                   MHD_ALLOW_SUSPEND_RESUME | extra_flags;
  /* the per-address limit is the guard's (sv_guard_accept), which keeps a share for new
     addresses; libmicrohttpd keeps the global one too. Strict: HTTP/1.1 without Host and
     spaces in the target are refused by libmicrohttpd itself. The listening socket and the
     logger are options only when given. */
  struct MHD_OptionItem extra[3];
  size_t n = 0;
  if (listen_fd >= 0)
    extra[n++] = (struct MHD_OptionItem){MHD_OPTION_LISTEN_SOCKET, listen_fd, NULL};
  if (logger)
    extra[n++] = (struct MHD_OptionItem){MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)logger, NULL};
  extra[n] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
  MHD_set_panic_func(on_panic, NULL);
  return MHD_start_daemon(
      flags, 0, sv_guard_accept, &s->guard, sv_handle, s, MHD_OPTION_THREAD_POOL_SIZE, threads,
      MHD_OPTION_CONNECTION_LIMIT, max_conn, MHD_OPTION_CONNECTION_TIMEOUT, idle_seconds,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SV_CONN_MEMORY, MHD_OPTION_STRICT_FOR_CLIENT, 1,
      MHD_OPTION_URI_LOG_CALLBACK, sv_on_uri, s, MHD_OPTION_NOTIFY_CONNECTION, sv_guard_notify,
      &s->guard, MHD_OPTION_NOTIFY_COMPLETED, sv_completed, s, MHD_OPTION_ARRAY, extra,
      MHD_OPTION_END);
}
