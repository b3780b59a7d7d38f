/*
 * framing.c: the checks of a request's framing that come before anything else: what
 * libmicrohttpd 0.9.75 lets through (two Content-Lengths, Content-Length with
 * Transfer-Encoding, a transfer coding it does not know, which left the connection
 * hanging) is refused here with an answer, and a body that nothing here would read is
 * refused before it is read.
 */
#include "server_int.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct framing {
  unsigned cl, te, host;
  const char *cl_val, *te_val;
  bool nul;
};

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                    size_t key_size, const char *value, size_t value_size) {
  (void)kind;
  struct framing *f = cls;
  if (strlen(key) != key_size || (value && strlen(value) != value_size))
    f->nul = true;
  if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH))
    f->cl++, f->cl_val = value;
  else if (!strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING))
    f->te++, f->te_val = value;
  else if (!strcasecmp(key, MHD_HTTP_HEADER_HOST))
    f->host++;
  return MHD_YES;
}

/* server_int.h lists the checks; the order makes a malformed request a 400 before
   anything else is said of it. */
int sv_check_framing(struct MHD_Connection *c, const char *method, const char *version,
                     bool query_too_long, unsigned long long *body, char *msg) {
  struct framing f = {0};
  MHD_get_connection_values_n(c, MHD_HEADER_KIND, count_header, &f);
  *body = 0;
  if (f.nul)
    return snprintf(msg, SV_MSG, "a header holds a NUL byte"), 400;
  if (f.cl > 1 || f.te > 1)
    return snprintf(msg, SV_MSG, "a framing header is given more than once"), 400;
  if (f.cl && f.te)
    return snprintf(msg, SV_MSG, "Content-Length and Transfer-Encoding together"), 400;
  if (f.te && strcasecmp(f.te_val, "chunked"))
    return snprintf(msg, SV_MSG, "a transfer coding other than chunked"), 400;
  if (f.cl && (!*f.cl_val || strspn(f.cl_val, "0123456789") != strlen(f.cl_val) ||
               (*body = strtoull(f.cl_val, NULL, 10), strlen(f.cl_val) > 19)))
    return snprintf(msg, SV_MSG, "a malformed Content-Length"), 400;
  if (!strcmp(version, MHD_HTTP_VERSION_1_1) ? f.host != 1 : f.host > 1)
    return snprintf(msg, SV_MSG, "HTTP/1.1 needs one Host header"), 400;
  if (query_too_long)
    return snprintf(msg, SV_MSG, "query strings are limited to %d bytes", SV_MAX_QUERY), 414;
  if (f.te || *body > SV_MAX_BODY)
    return snprintf(msg, SV_MSG, "request bodies are limited to %d bytes", SV_MAX_BODY), 413;
  if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
    return snprintf(msg, SV_MSG, "only GET and HEAD are served"), 405;
  return 0;
}
