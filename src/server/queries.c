/*
 * queries.c: the query threads of psst serve and their queue (http_int.h).
 *
 * libmicrohttpd's pool threads read requests, answer the ones they can at once (errors,
 * 304s, cached responses) and hand every other one to a pool of query threads, suspending
 * the connection meanwhile. libmicrohttpd binds a connection to the pool thread that
 * accepted it, and one thread accepts a burst of connections together, so queries run in the
 * pool threads would queue behind each other on one core while the other idles; the query
 * threads take the next request whichever connection it came on. Each query borrows a whole
 * database handle (its own SQLite connection, opened read-only, with its own copy of the
 * reference data) from the pool of the request's generation, which holds one handle per
 * query thread. No connection or prepared statement is ever used by two threads at once, so
 * nothing depends on SQLite's own locking.
 *
 * Every query runs under a time limit (SQLite's progress handler, set through db_swap.h)
 * and is answered 503 past it, as are queries still running at the shutdown's deadline.
 */
#include "db_swap.h"
#include "http_int.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

bool sv_enqueue_or_refuse(struct queue *q, struct reqlog *lg) {
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
  if (sv_ms_since(&k->t0) >= k->limit_ms ||
      (atomic_load(&k->s->stopping) && sv_past(&k->s->stop_by)))
    k->fired = true;
  return k->fired; /* non-zero stops the statement with SQLITE_INTERRUPT */
}

/* Answers one queued request from a handle of its generation, within the time limit. */
static void answer(struct server *s, struct reqlog *lg) {
  if (atomic_load(&s->stopping) && sv_past(&s->stop_by)) {
    sv_error(&lg->rep, lg->r, 503, "the server is stopping");
    return;
  }
  struct psst *p = sv_gen_take(lg->gen);
  struct qclock k = {.limit_ms = s->query_ms, .s = s};
  clock_gettime(CLOCK_MONOTONIC, &k.t0);
  ps_db_progress(p, over_time, &k);
  if (lg->r->route == SV_FEED)
    sv_feed(p, lg->r, s->base, &lg->rep);
  else if (sv_route_is_api(lg->r->route))
    sv_api(p, lg->r, &lg->rep);
  else
    sv_page(p, lg->r, s->base, &lg->rep);
  ps_db_progress(p, NULL, NULL);
  /* a damaged file is not the server's failure: the database is rebuilt (gen.c), and the
     client is told to come back rather than shown a 500 */
  bool damaged = lg->rep.status == 500 && ps_db_damaged(p, lg->rep.detail);
  sv_gen_give(lg->gen, p);
  if (damaged) {
    sv_gen_damaged(&s->gens, lg->gen, lg->rep.detail);
    sv_error(&lg->rep, lg->r, 503, "the database is being rebuilt; retry shortly");
    return;
  }
  if (k.fired) {
    char msg[SV_MSG];
    snprintf(msg, sizeof msg, "the query took longer than the %ld ms the server allows",
             s->query_ms);
    sv_error(&lg->rep, lg->r, 503, atomic_load(&s->stopping) ? "the server is stopping" : msg);
  }
}

void *sv_query_thread(void *arg) {
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

void sv_stop_queries(struct queue *q) {
  pthread_mutex_lock(&q->mu);
  q->stop = true;
  pthread_cond_broadcast(&q->cv);
  pthread_mutex_unlock(&q->mu);
  for (size_t i = 0; i < q->n_threads; i++)
    pthread_join(q->threads[i], NULL);
  q->n_threads = 0;
}

int sv_start_queries(struct server *s, unsigned threads, struct psst_error *err) {
  if (!(s->queue.threads = calloc(threads, sizeof *s->queue.threads))) {
    snprintf(err->msg, sizeof err->msg, "out of memory");
    return err->status = PSST_ENOMEM;
  }
  for (; s->queue.n_threads < threads; s->queue.n_threads++)
    if (pthread_create(&s->queue.threads[s->queue.n_threads], NULL, sv_query_thread, s)) {
      snprintf(err->msg, sizeof err->msg, "cannot start the query threads");
      return err->status = PSST_EIO;
    }
  return PSST_OK;
}
