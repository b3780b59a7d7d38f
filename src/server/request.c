/*
 * request.c: a request to psst serve from its first byte to its log line (http_int.h).
 *
 * Hostile and slow clients: the raw query string is taken from libmicrohttpd before it
 * splits it (sv_on_uri) and parsed by sv_query_parse, the parser fuzz/fuzz_params.c runs;
 * the framing of the request (Content-Length, Transfer-Encoding, Host) is checked before
 * anything else (sv_check_framing), and nothing here takes a body, so one that is large or
 * chunked is refused before it is read. A checked request is answered at once when it can
 * be (an error, a 304, a cached response), else queued for a query thread (queries.c) while
 * its connection waits, suspended. A request is answered wholly from the generation of the
 * database that was current when it arrived (gen.c).
 */
#include "http_int.h"

#include <stdlib.h>
#include <string.h>

/*
 * libmicrohttpd's URI callback, called once per request with the request line's target
 * before anything else: the request's record starts here. The raw query string is copied,
 * and libmicrohttpd is left an empty one: it would otherwise split it into records in the
 * connection's fixed memory, where a few hundred parameters do not fit and, in 0.9.75, leave
 * the connection hanging without an answer. The server parses the copy (sv_query_parse: the
 * parser the fuzz target runs). uri lies in the connection's own read buffer, which
 * libmicrohttpd itself rewrites in place as it parses.
 */
void *sv_on_uri(void *cls, const char *uri, struct MHD_Connection *c) {
  (void)cls, (void)c;
  struct reqlog *lg = calloc(1, sizeof *lg);
  if (!lg)
    return NULL; /* the handler closes the connection */
  clock_gettime(CLOCK_MONOTONIC, &lg->t0);
  char *q = strchr(uri, '?');
  /* the handler sees the path decoded, where "%00" ends the string: /static/style.css%00.png
     would be served as /static/style.css */
  for (const char *e = uri; *e && e != q && !lg->nul_in_path; e++)
    lg->nul_in_path = e[0] == '%' && e[1] == '0' && e[2] == '0';
  /* the log's path until the handler has the decoded one */
  sv_copy_printable(
      lg->path, q && (size_t)(q - uri) < sizeof lg->path ? (size_t)(q - uri) + 1 : sizeof lg->path,
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

/* A checked request, answered from the cache or at once, else handed to a query thread. */
static enum MHD_Result respond(struct MHD_Connection *c, struct server *s, struct reqlog *lg,
                               const char *url) {
  char msg[SV_MSG] = "";
  if (atomic_load(&s->stopping)) {
    lg->closing = true;
    return sv_send_error(c, s, lg, url, 503, "the server is stopping");
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
    return sv_send_error(c, s, lg, url, status, msg);
  }
  /* the generation answers the whole request: its tag, its cache, its handles */
  lg->gen = sv_gen_acquire(&s->gens);
  lg->klen = sv_cache_key(r, lg->key, sizeof lg->key);
  if (lg->klen) {
    sv_gen_etag(lg->gen, lg->key, lg->klen, lg->etag);
    if (sv_not_modified(c, lg)) {
      free(r);
      return sv_send_not_modified(c, s, lg);
    }
    size_t len = 0;
    struct MHD_Response *cached = sv_gen_cached(lg->gen, lg->key, lg->klen, &len);
    if (cached) {
      lg->status = 200;
      lg->bytes = len;
      free(r);
      enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, cached);
      sv_let_go(s, lg);
      return ok;
    }
  }
  /* a damaged database answers only from its cache until a rebuilt one is taken up */
  if (atomic_load(&lg->gen->damaged)) {
    free(r);
    sv_let_go(s, lg);
    return sv_send_error(c, s, lg, url, 503, "the database is being rebuilt; retry shortly");
  }
  /* the query runs in a query thread; this connection waits, suspended */
  lg->conn = c;
  lg->r = r;
  lg->rep = (struct sv_reply){.total = -1};
  if (sv_enqueue_or_refuse(&s->queue, lg))
    return MHD_YES;
  lg->r = NULL;
  free(r);
  sv_let_go(s, lg);
  lg->closing = true;
  return sv_send_error(c, s, lg, url, 503, "the server is stopping");
}

enum MHD_Result sv_handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                          const char *version, const char *upload_data, size_t *upload_data_size,
                          void **con_cls) {
  (void)upload_data;
  struct server *s = cls;
  struct reqlog *lg = *con_cls;
  if (!lg)
    return MHD_NO; /* sv_on_uri ran out of memory: the connection closes */
  if (!lg->started) {
    lg->started = true;
    sv_guard_busy(&s->guard, c, true);
    sv_copy_printable(lg->method, sizeof lg->method, method);
    sv_copy_printable(lg->path, sizeof lg->path, url);
    char msg[SV_MSG] = "";
    unsigned long long body = 0;
    int status = sv_check_framing(c, method, version, lg->query_too_long, &body, msg);
    if (!status && lg->nul_in_path)
      status = 400, snprintf(msg, sizeof msg, "%s", "a path cannot hold a NUL (%00)");
    if (status) {
      /* refused before any body is read: the connection closes after the answer */
      lg->answered = true;
      return sv_send_error(c, s, lg, url, status, msg);
    }
    /* answered on a later call, once the request (and a small body, read and dropped) is
       in: a response queued before that makes libmicrohttpd close the connection */
    (void)body;
    return MHD_YES;
  } else if (lg->ready) {
    /* back from a query thread */
    lg->ready = false;
    enum MHD_Result ok = sv_send_reply(c, s, lg, &lg->rep, lg->key, lg->klen);
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

void sv_completed(void *cls, struct MHD_Connection *c, void **con_cls,
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
  sv_let_go(s, lg);
  free(lg->r);
  free(lg->rep.body);
  free(lg->query);
  free(lg);
  *con_cls = NULL;
}
