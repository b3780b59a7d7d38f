/*
 * guard.c: per-address and global connection limits with a share kept for new addresses,
 * and a deadline for every request's line and headers (guard.h says why).
 */
#include "guard.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

enum { LIGHT = 4 };

struct sv_conn {
  struct sv_conn *prev, *next;
  int fd;
  struct sockaddr_storage addr;
  struct timespec deadline; /* while not busy: the request must have arrived by then */
  bool busy;                /* a request is being answered: no deadline */
  bool cut;                 /* shut down already */
};

static struct timespec after_ms(long ms) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  t.tv_sec += ms / 1000;
  t.tv_nsec += (ms % 1000) * 1000000L;
  if (t.tv_nsec >= 1000000000L) {
    t.tv_sec++;
    t.tv_nsec -= 1000000000L;
  }
  return t;
}

static bool passed(const struct timespec *deadline, const struct timespec *now) {
  return now->tv_sec > deadline->tv_sec ||
         (now->tv_sec == deadline->tv_sec && now->tv_nsec >= deadline->tv_nsec);
}

/* Whether a and b are the same client address (the port aside). */
static bool same_host(const struct sockaddr *a, const struct sockaddr_storage *b) {
  if (a->sa_family != b->ss_family)
    return false;
  if (a->sa_family == AF_INET)
    return !memcmp(&((const struct sockaddr_in *)a)->sin_addr,
                   &((const struct sockaddr_in *)b)->sin_addr, sizeof(struct in_addr));
  if (a->sa_family == AF_INET6)
    return !memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
                   &((const struct sockaddr_in6 *)b)->sin6_addr, sizeof(struct in6_addr));
  return false;
}

int sv_guard_init(struct sv_guard *g, unsigned max_conn, unsigned max_per_ip, long header_ms) {
  memset(g, 0, sizeof *g);
  g->max_conn = max_conn;
  g->max_per_ip = max_per_ip;
  g->reserve = max_conn / 4;
  g->light = LIGHT;
  g->header_ms = header_ms;
  return pthread_mutex_init(&g->mu, NULL) ? -1 : 0;
}

void sv_guard_destroy(struct sv_guard *g) {
  /* libmicrohttpd has closed every connection (and said so) before this is called */
  pthread_mutex_destroy(&g->mu);
}

enum MHD_Result sv_guard_accept(void *cls, const struct sockaddr *addr, socklen_t len) {
  struct sv_guard *g = cls;
  (void)len;
  pthread_mutex_lock(&g->mu);
  size_t mine = 0;
  for (const struct sv_conn *c = g->head; c; c = c->next)
    mine += same_host(addr, &c->addr);
  bool ok = g->n < g->max_conn && mine < g->max_per_ip &&
            (g->n + g->reserve < g->max_conn || mine < g->light);
  pthread_mutex_unlock(&g->mu);
  return ok ? MHD_YES : MHD_NO;
}

void sv_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                     enum MHD_ConnectionNotificationCode code) {
  struct sv_guard *g = cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    const union MHD_ConnectionInfo *fd =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *ad =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    struct sv_conn *k = calloc(1, sizeof *k);
    /* without a record the connection has only libmicrohttpd's idle timeout */
    if (!k || !fd || !ad || !ad->client_addr) {
      free(k);
      *socket_context = NULL;
      return;
    }
    k->fd = fd->connect_fd;
    size_t alen = ad->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                         : sizeof(struct sockaddr_in);
    memcpy(&k->addr, ad->client_addr, alen);
    k->deadline = after_ms(g->header_ms);
    pthread_mutex_lock(&g->mu);
    k->next = g->head;
    if (g->head)
      g->head->prev = k;
    g->head = k;
    g->n++;
    pthread_mutex_unlock(&g->mu);
    *socket_context = k;
  } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
    struct sv_conn *k = *socket_context;
    pthread_mutex_lock(&g->mu);
    if (k->prev)
      k->prev->next = k->next;
    else
      g->head = k->next;
    if (k->next)
      k->next->prev = k->prev;
    g->n--;
    pthread_mutex_unlock(&g->mu);
    free(k);
    *socket_context = NULL;
  }
}

void sv_guard_busy(struct sv_guard *g, struct MHD_Connection *c, bool busy) {
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  struct sv_conn *k = ci ? ci->socket_context : NULL;
  if (!k)
    return;
  pthread_mutex_lock(&g->mu);
  k->busy = busy;
  if (!busy)
    k->deadline = after_ms(g->header_ms);
  pthread_mutex_unlock(&g->mu);
}

size_t sv_guard_busy_count(struct sv_guard *g) {
  size_t n = 0;
  pthread_mutex_lock(&g->mu);
  for (const struct sv_conn *k = g->head; k; k = k->next)
    n += k->busy;
  pthread_mutex_unlock(&g->mu);
  return n;
}

size_t sv_guard_sweep(struct sv_guard *g) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  size_t n = 0;
  pthread_mutex_lock(&g->mu);
  for (struct sv_conn *k = g->head; k; k = k->next)
    if (!k->busy && !k->cut && passed(&k->deadline, &now)) {
      /* the descriptor is still libmicrohttpd's and open: its "closed" notice, which comes
         first, takes the mutex held here */
      shutdown(k->fd, SHUT_RDWR);
      k->cut = true;
      n++;
    }
  g->cut += n;
  pthread_mutex_unlock(&g->mu);
  return n;
}
