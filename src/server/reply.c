/*
 * reply.c: a reply (server_int.h) made into libmicrohttpd's response, with the headers
 * every response carries, and the answers given without a query: 304s and errors.
 *
 * Conditional requests: every 200 carries an ETag, the generation's content tag and a hash
 * of the request's cache key, and Last-Modified, the database's build time. Both are known
 * before any query runs, so If-None-Match (which takes precedence) and If-Modified-Since
 * are answered with a 304 at once.
 *
 * The cache: within a generation a response to a valid request is the same every time;
 * the first one is kept (as libmicrohttpd's reference-counted response, queued to every
 * later client as it is) up to a bound in entries and bytes, and dropped with its
 * generation. Errors are never kept.
 */
#include "http_int.h"

#include <stdlib.h>
#include <string.h>

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                          "base-uri 'none'; frame-ancestors 'none'";

void sv_copy_printable(char *dst, size_t n, const char *src) {
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

void sv_let_go(struct server *s, struct reqlog *lg) {
  if (lg->gen)
    sv_gen_release(&s->gens, lg->gen);
  lg->gen = NULL;
}

enum MHD_Result sv_send_reply(struct MHD_Connection *c, struct server *s, struct reqlog *lg,
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
  sv_let_go(s, lg);
  return ok;
}

/*
 * Whether the client holds the response already: If-None-Match names its ETag, or, without
 * If-None-Match, If-Modified-Since is no earlier than the database's build (RFC 9110,
 * 13.2.2).
 */
bool sv_not_modified(struct MHD_Connection *c, const struct reqlog *lg) {
  const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
  if (inm)
    return sv_etag_match(inm, lg->etag);
  const char *ims =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
  long long t;
  return ims && sv_http_date_parse(ims, &t) && lg->gen->built <= t;
}

enum MHD_Result sv_send_not_modified(struct MHD_Connection *c, struct server *s,
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
  sv_let_go(s, lg);
  return ok;
}

/* Whether the raw query asks for Chinese, for an error page when the rest was refused. */
static bool asks_zh(const char *q) {
  for (const char *p = q; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL)
    if (!strncmp(p, "lang=zh", 7) && (p[7] == '&' || !p[7]))
      return true;
  return false;
}

enum MHD_Result sv_send_error(struct MHD_Connection *c, struct server *s, struct reqlog *lg,
                              const char *url, int status, const char *msg) {
  struct sv_request *r = malloc(sizeof *r);
  if (!r)
    return MHD_NO;
  struct sv_reply rep = {.total = -1};
  sv_route_parse(r, url, (char[SV_MSG]){0}); /* for the error's format: JSON or HTML */
  if (asks_zh(lg->query))
    r->lang = PSST_LANG_ZH;
  sv_error(&rep, r, status, msg);
  enum MHD_Result ok = sv_send_reply(c, s, lg, &rep, NULL, 0);
  free(r);
  return ok;
}
