/*
 * guard.h: the server's watch over its connections, so that slow or greedy clients cannot
 * lock others out. libmicrohttpd's own idle timeout restarts with every byte received, so a
 * client that sends a header line every few seconds would hold its slot for ever; here every
 * request must arrive whole within a deadline from the moment its connection may send it (the
 * connection opened, or the previous response was sent). Connections are counted per client
 * address, and when most slots are taken only addresses that hold few of them may open more:
 * a share is kept for newcomers.
 *
 * libmicrohttpd calls sv_guard_accept (its accept policy) and sv_guard_notify (connection
 * opened and closed) from its pool threads; the main thread calls sv_guard_sweep a few times a
 * second, which cuts (shutdown(2)) the connections past their deadline: libmicrohttpd then
 * reads the end of the stream and closes them itself. A socket is registered until
 * libmicrohttpd's "closed" notice, which comes before it closes the descriptor, so the sweep
 * never touches a descriptor that was reused.
 */
#ifndef PSST_SERVER_GUARD_H
#define PSST_SERVER_GUARD_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <time.h>

struct sv_conn; /* one open connection, the socket context libmicrohttpd keeps for us */

struct sv_guard {
  pthread_mutex_t mu;
  struct sv_conn *head; /* the open connections */
  size_t n;             /* how many */
  unsigned max_conn;    /* open connections in all */
  unsigned max_per_ip;  /* from one address */
  unsigned reserve;     /* the last slots, for addresses holding fewer than `light` */
  unsigned light;
  long header_ms; /* a request's line and headers must arrive within this */
  size_t cut;     /* connections cut for missing their deadline, for the log */
};

/* Sets the limits (reserve = max_conn / 4, light = 4); 0 or -1 when the mutex fails. */
int sv_guard_init(struct sv_guard *g, unsigned max_conn, unsigned max_per_ip, long header_ms);
void sv_guard_destroy(struct sv_guard *g);

/* libmicrohttpd's accept policy (cls: the guard): MHD_NO refuses the connection. */
enum MHD_Result sv_guard_accept(void *cls, const struct sockaddr *addr, socklen_t len);
/* libmicrohttpd's connection notice (cls: the guard). */
void sv_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                     enum MHD_ConnectionNotificationCode code);
/* The connection's request has arrived (busy) or its response was sent (not busy, and the
   next request's deadline starts). Connections not registered are ignored. */
void sv_guard_busy(struct sv_guard *g, struct MHD_Connection *c, bool busy);
/* How many connections have a request under way (from its arrival to its response sent). */
size_t sv_guard_busy_count(struct sv_guard *g);
/* Cuts the connections whose request is overdue; returns how many. */
size_t sv_guard_sweep(struct sv_guard *g);

#endif
