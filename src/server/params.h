/*
 * params.h: what a request asks for, from its path and query parameters, checked
 * before anything reaches the library: the route, then each parameter against the
 * set that route accepts, its type and its bounds. Nothing here allocates: values
 * are copied into a fixed arena inside the request, so a request's size is bounded
 * by construction. The fuzz target fuzz/fuzz_params.c drives these functions.
 */
#ifndef PSST_SERVER_PARAMS_H
#define PSST_SERVER_PARAMS_H

#include "psst.h"

#include <stdbool.h>
#include <stddef.h>

enum sv_route {
  SV_HOME,
  SV_SESSIONS,
  SV_SESSION,
  SV_LECTURERS,
  SV_INSTITUTIONS,
  SV_FINDINGS,
  SV_CHART,
  SV_ASSET,
  SV_API_SESSIONS,
  SV_API_SESSION,
  SV_API_SEARCH,
  SV_API_STATS,
  SV_API_CODEBOOK,
  SV_API_LECTURERS,
  SV_API_INSTITUTIONS,
  SV_API_TIMELINE,
  SV_FEED,          /* /feed.atom */
  SV_API_CITE,      /* /api/sessions/T-N/cite, and /api/cite for the dataset alone (term 0) */
  SV_API_DOC,       /* /api: the OpenAPI description of the API (docs/openapi.json) */
  SV_API_FOLLOWUPS, /* /api/sessions/T-N/followups: the documents around the session */
  SV_ROUTE_COUNT
};

enum sv_param {
  P_LANG,
  P_TERM,
  P_YEAR,
  P_FROM,
  P_TO,
  P_LEADER,
  P_TOPIC,
  P_TECH,
  P_FORMAT,
  P_LECTURER,
  P_INSTITUTION,
  P_Q,
  P_SORT,
  P_LIMIT,
  P_OFFSET,
  P_OUT, /* _format: json, csv, or excel-csv (CSV after a UTF-8 byte-order mark) */
  P_BY,
  P_KIND,
  P_FRAGMENT, /* _fragment=1: the sessions page's results alone, for search-as-you-type */
  P_SINCE,    /* the records added or changed on or after a day */
  P_STYLE,    /* a citation's style: text, bibtex, csl-json, ris, cff */
  P_COUNT
};

enum {
  SV_MSG = 256,             /* an error message for the client */
  SV_MAX_PARAMS = 24,       /* parameters in one query string */
  SV_MAX_PATH = 256,        /* bytes of a path */
  SV_MAX_PAGE = 1000,       /* rows of a JSON or HTML page */
  SV_MAX_CSV = 200000,      /* rows of one CSV download */
  SV_DEFAULT_PAGE = 50,     /* rows when limit is not given */
  SV_DEFAULT_PEOPLE = 100,  /* rows of /lecturers and /institutions */
  SV_MAX_OFFSET = 10000000, /* rows skipped */
  /* bytes of a cache key: the route's part, and each parameter's number, length and value,
     all of which lie within the arena; every request's key fits */
  SV_MAX_KEY = 3072
};

struct sv_request {
  enum sv_route route;
  int term, number;         /* the session of SV_SESSION, SV_API_SESSION and SV_API_CITE */
  char name[32];            /* the chart's kind (SV_CHART) or the file (SV_ASSET) */
  char ext[4];              /* the chart's format: svg or png */
  const char *val[P_COUNT]; /* every parameter given, validated, in the arena; else NULL */
  int nparams;
  /* the values in the form the library takes, filled by sv_params_finish */
  enum psst_lang lang;
  struct psst_filter filter; /* its strings point into the arena */
  size_t limit, offset;      /* limit 0: every row (a CSV download without limit) */
  enum psst_order order;
  bool csv, fragment;
  bool bom; /* _format=excel-csv: the CSV starts with PSST_UTF8_BOM, which Excel needs */
  int from_year, to_year; /* charts */
  char arena[2048];
  size_t used;
};

/* Whether the route answers in JSON (errors included). */
bool sv_route_is_api(enum sv_route r);

/*
 * The route of a path as the server received it (percent-decoding done): a path
 * with a "." or ".." segment, "//", a backslash, a control character or more than
 * SV_MAX_PATH bytes is refused with 400; one that names nothing with 404. On success
 * r is reset and its route set, and 0 is returned; otherwise the HTTP status, with
 * the reason in msg (SV_MSG bytes).
 */
int sv_route_parse(struct sv_request *r, const char *path, char *msg);

/*
 * One query parameter, key and value decoded, of the lengths given (a NUL inside is
 * refused). An empty value counts as not given, as an unselected form field sends it.
 * Returns 0 or 400 with msg: a name the route does not take, a repeated name, a value
 * of the wrong type or out of bounds, invalid UTF-8 or a control character.
 */
int sv_param(struct sv_request *r, const char *key, size_t klen, const char *val, size_t vlen,
             char *msg);

/* After the last parameter: defaults, required parameters, the library's forms. 0 or 400. */
int sv_params_finish(struct sv_request *r, char *msg);

/*
 * A raw query string (what follows '?'): split on '&' and '=', '+' and %XX decoded,
 * each pair given to sv_param. The server gets the pairs decoded from libmicrohttpd;
 * this is the same path for the tests and the fuzz target. 0 or 400.
 */
int sv_query_parse(struct sv_request *r, const char *qs, size_t len, char *msg);

/*
 * A key that names the response to this request exactly (route, session, chart and
 * every parameter, each with its length so that no two requests share one). Returns
 * its length, or 0 when it does not fit in n bytes (SV_MAX_KEY always suffices).
 */
size_t sv_cache_key(const struct sv_request *r, char *out, size_t n);

/* The parameter's name in a query string ("_format" for P_OUT). */
const char *sv_param_name(enum sv_param p);

/* The canonical path of the request's route ("/sessions/19-18"), into out (n bytes). */
void sv_route_path(const struct sv_request *r, char *out, size_t n);

/* Whether s (len bytes) is valid UTF-8 without control characters. */
bool sv_text_ok(const char *s, size_t len);

#endif
