/*
 * fuzz_params.c: libFuzzer target for the web server's request checks (src/server/
 * params.c): a path and a query string, as bytes, through the route, every parameter
 * and the cache key. The server parses the raw query string with the same sv_query_parse
 * (request.c takes it before libmicrohttpd would split it), so this is the parser it runs;
 * what libmicrohttpd does first (the request line, the path's percent-decoding) is fuzzed
 * with the rest of the server by fuzz_server.c.
 * Whatever the input, a request that is accepted must hold only values within the bounds
 * params.h promises; anything else must be a 400 or a 404.
 */
#include "params.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[SV_MAX_PATH * 2 + 1], msg[SV_MSG], key[SV_MAX_KEY];
  const uint8_t *q = memchr(data, '?', size);
  size_t plen = q ? (size_t)(q - data) : size;
  if (plen >= sizeof path)
    return 0;
  memcpy(path, data, plen);
  path[plen] = '\0';
  struct sv_request *r = malloc(sizeof *r);
  if (!r)
    return 0;
  int status = sv_route_parse(r, path, msg);
  if (status == 0 && q)
    status = sv_query_parse(r, (const char *)q + 1, size - plen - 1, msg);
  if (status == 0)
    status = sv_params_finish(r, msg);
  if (status != 0 && status != 400 && status != 404)
    abort();
  if (status != 0 && !memchr(msg, '\0', sizeof msg))
    abort();
  if (status == 0) {
    if (r->route >= SV_ROUTE_COUNT || r->used > sizeof r->arena || r->nparams > SV_MAX_PARAMS)
      abort();
    for (int p = 0; p < P_COUNT; p++)
      if (r->val[p] &&
          (!*r->val[p] || !sv_text_ok(r->val[p], strlen(r->val[p])) || strlen(r->val[p]) > 200))
        abort();
    if (r->limit > SV_MAX_CSV || (!r->csv && r->limit > SV_MAX_PAGE) || r->offset > SV_MAX_OFFSET)
      abort();
    if ((r->route == SV_SESSION || r->route == SV_API_SESSION) &&
        (r->term < 1 || r->term > 999 || r->number < 1 || r->number > 99999))
      abort();
    /* two different requests never share a cache key: the key is a function of the values;
       every request has one (its ETag is made from it) */
    size_t n = sv_cache_key(r, key, sizeof key);
    if (!n || strlen(key) != n)
      abort();
    /* the canonical path has no "." or ".." segment ("a..b" is a name, not a step up) */
    char canon[SV_MAX_PATH + 32];
    sv_route_path(r, canon, sizeof canon);
    if (canon[0] != '/' || strstr(canon, "/../") || strstr(canon, "/./") ||
        (strlen(canon) >= 3 && !strcmp(canon + strlen(canon) - 3, "/..")))
      abort();
  }
  free(r);
  return 0;
}
