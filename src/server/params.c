/*
 * params.c: routes and query parameters, validated and bounded (see params.h).
 * Every check here runs before a value reaches the library, which checks again what
 * only it can know (a topic code against the codebook, a leader's name); both give
 * the client a 400 with the reason.
 */
#include "params.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BIT(p) (1u << (p))
#define FILTERS                                                                                    \
  (BIT(P_TERM) | BIT(P_YEAR) | BIT(P_FROM) | BIT(P_TO) | BIT(P_LEADER) | BIT(P_TOPIC) |            \
   BIT(P_TECH) | BIT(P_FORMAT) | BIT(P_LECTURER) | BIT(P_INSTITUTION))
#define LISTING (BIT(P_LANG) | FILTERS | BIT(P_Q) | BIT(P_SORT) | BIT(P_LIMIT) | BIT(P_OFFSET))

static const struct {
  const char *path; /* exact path; NULL for the routes with an argument */
  unsigned params;  /* the parameters the route takes */
  bool api;
} routes[SV_ROUTE_COUNT] = {
    [SV_HOME] = {"/", BIT(P_LANG), false},
    [SV_SESSIONS] = {"/sessions", LISTING | BIT(P_FRAGMENT), false},
    [SV_SESSION] = {NULL, BIT(P_LANG), false},
    [SV_LECTURERS] = {"/lecturers", BIT(P_LANG) | FILTERS | BIT(P_LIMIT) | BIT(P_OFFSET), false},
    [SV_INSTITUTIONS] = {"/institutions", BIT(P_LANG) | FILTERS | BIT(P_LIMIT) | BIT(P_OFFSET),
                         false},
    [SV_FINDINGS] = {"/findings", BIT(P_LANG), false},
    [SV_CHART] = {NULL, BIT(P_LANG) | BIT(P_FROM) | BIT(P_TO), false},
    [SV_ASSET] = {NULL, 0, false},
    [SV_API_SESSIONS] = {"/api/sessions", LISTING | BIT(P_OUT) | BIT(P_SINCE), true},
    [SV_API_SESSION] = {NULL, 0, true},
    [SV_API_SEARCH] = {"/api/search", LISTING | BIT(P_OUT) | BIT(P_SINCE), true},
    [SV_API_STATS] = {"/api/stats", BIT(P_LANG) | FILTERS | BIT(P_BY) | BIT(P_OUT), true},
    [SV_API_CODEBOOK] = {"/api/codebook", BIT(P_KIND) | BIT(P_OUT), true},
    [SV_API_LECTURERS] = {"/api/lecturers",
                          BIT(P_LANG) | FILTERS | BIT(P_LIMIT) | BIT(P_OFFSET) | BIT(P_OUT), true},
    [SV_API_INSTITUTIONS] = {"/api/institutions",
                             BIT(P_LANG) | FILTERS | BIT(P_LIMIT) | BIT(P_OFFSET) | BIT(P_OUT),
                             true},
    [SV_API_TIMELINE] = {"/api/timeline", BIT(P_LANG) | BIT(P_OUT), true},
    [SV_FEED] = {"/feed.atom", 0, false},
    [SV_API_CITE] = {"/api/cite", BIT(P_STYLE), true},
    [SV_API_DOC] = {"/api", 0, true},
    [SV_API_FOLLOWUPS] = {NULL, BIT(P_LANG) | BIT(P_OUT), true},
};

static const char *const names[P_COUNT] = {
    [P_LANG] = "lang",
    [P_TERM] = "term",
    [P_YEAR] = "year",
    [P_FROM] = "from",
    [P_TO] = "to",
    [P_LEADER] = "leader",
    [P_TOPIC] = "topic",
    [P_TECH] = "tech",
    [P_FORMAT] = "format",
    [P_LECTURER] = "lecturer",
    [P_INSTITUTION] = "institution",
    [P_Q] = "q",
    [P_SORT] = "sort",
    [P_LIMIT] = "limit",
    [P_OFFSET] = "offset",
    [P_OUT] = "_format",
    [P_BY] = "by",
    [P_KIND] = "kind",
    [P_FRAGMENT] = "_fragment",
    [P_SINCE] = "since",
    [P_STYLE] = "style",
};

const char *sv_param_name(enum sv_param p) {
  return p < P_COUNT ? names[p] : "";
}

void sv_route_path(const struct sv_request *r, char *out, size_t n) {
  if (r->route == SV_SESSION || r->route == SV_API_SESSION)
    snprintf(out, n, "%s/%d-%d", r->route == SV_SESSION ? "/sessions" : "/api/sessions", r->term,
             r->number);
  else if (r->route == SV_API_CITE && r->term)
    snprintf(out, n, "/api/sessions/%d-%d/cite", r->term, r->number);
  else if (r->route == SV_API_FOLLOWUPS)
    snprintf(out, n, "/api/sessions/%d-%d/followups", r->term, r->number);
  else if (r->route == SV_CHART)
    snprintf(out, n, "/charts/%s.%s", r->name, r->ext);
  else if (r->route == SV_ASSET)
    snprintf(out, n, "/static/%s", r->name);
  else
    snprintf(out, n, "%s", r->route < SV_ROUTE_COUNT ? routes[r->route].path : "/");
}

bool sv_route_is_api(enum sv_route r) {
  return r < SV_ROUTE_COUNT && routes[r].api;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int
fail(char *msg, int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, SV_MSG, fmt, ap);
  va_end(ap);
  return status;
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF; no C0 or DEL. */
bool sv_text_ok(const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < len;) {
    unsigned c = u[i];
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f)
        return false;
      i++;
      continue;
    }
    size_t n;
    unsigned cp, min;
    if ((c & 0xE0) == 0xC0)
      n = 2, cp = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0)
      n = 3, cp = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0)
      n = 4, cp = c & 0x07, min = 0x10000;
    else
      return false;
    if (i + n > len)
      return false;
    for (size_t k = 1; k < n; k++) {
      if ((u[i + k] & 0xC0) != 0x80)
        return false;
      cp = cp << 6 | (u[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp < 0xA0))
      return false;
    i += n;
  }
  return true;
}

/* A decimal in [lo, hi], digits only: no sign, no spaces, no more digits than hi has. */
static bool parse_num(const char *s, size_t len, long lo, long hi, long *out) {
  if (len == 0 || len > 9)
    return false;
  long v = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    v = v * 10 + (s[i] - '0');
  }
  if (v < lo || v > hi)
    return false;
  *out = v;
  return true;
}

static bool all_of(const char *s, size_t len, const char *set, size_t max) {
  if (len == 0 || len > max)
    return false;
  for (size_t i = 0; i < len; i++)
    if (!s[i] || !strchr(set, s[i]))
      return false;
  return true;
}

static bool is_date(const char *s, size_t len) {
  static const char shape[] = "dddd-dd-dd";
  if (len != sizeof shape - 1)
    return false;
  for (size_t i = 0; i < len; i++)
    if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
      return false;
  return true;
}

static bool one_of(const char *s, size_t len, const char *const *v) {
  for (; *v; v++)
    if (strlen(*v) == len && !memcmp(*v, s, len))
      return true;
  return false;
}

#define CODE_CHARS "abcdefghijklmnopqrstuvwxyz0123456789-"

/* Whether the value suits the parameter, by type and bound (params.h says which). */
static bool value_ok(const struct sv_request *r, enum sv_param p, const char *v, size_t len) {
  static const char *const langs[] = {"en", "zh", NULL};
  static const char *const sorts[] = {"date", "-date", "relevance", NULL};
  static const char *const outs[] = {"json", "csv", "excel-csv", NULL};
  static const char *const styles[] = {"text", "bibtex", "csl-json", "ris", "cff", NULL};
  long n;
  switch (p) {
  case P_LANG:
    return one_of(v, len, langs);
  case P_TERM:
    return parse_num(v, len, 1, 999, &n);
  case P_YEAR:
    return parse_num(v, len, 1900, 2999, &n);
  case P_FROM:
  case P_TO:
    return r->route == SV_CHART ? parse_num(v, len, 1900, 2999, &n) : is_date(v, len);
  case P_SINCE:
    return is_date(v, len);
  case P_LEADER:
  case P_LECTURER:
  case P_INSTITUTION:
    return len <= 100 && sv_text_ok(v, len);
  case P_Q:
    return len <= 200 && sv_text_ok(v, len);
  case P_TOPIC:
  case P_TECH:
  case P_FORMAT:
    return all_of(v, len, CODE_CHARS, 32);
  case P_SORT:
    return one_of(v, len, sorts);
  case P_LIMIT:
    return parse_num(v, len, 1, SV_MAX_CSV, &n);
  case P_OFFSET:
    return parse_num(v, len, 0, SV_MAX_OFFSET, &n);
  case P_OUT:
    return one_of(v, len, outs);
  case P_BY:
    return all_of(v, len, "abcdefghijklmnopqrstuvwxyz,", 32);
  case P_KIND:
    return all_of(v, len, "abcdefghijklmnopqrstuvwxyz", 16);
  case P_FRAGMENT:
    return len == 1 && *v == '1';
  case P_STYLE:
    return one_of(v, len, styles);
  default:
    return false;
  }
}

int sv_route_parse(struct sv_request *r, const char *path, char *msg) {
  memset(r, 0, offsetof(struct sv_request, arena));
  r->used = 0;
  /* until the route is known, an error under /api/ is answered in JSON */
  r->route = !strncmp(path, "/api/", 5) || !strcmp(path, "/api") ? SV_API_SESSIONS : SV_HOME;
  size_t len = strlen(path);
  if (len == 0 || path[0] != '/' || len > SV_MAX_PATH)
    return fail(msg, 400, "%s", "the path must start with / and be at most 256 bytes");
  if (!sv_text_ok(path, len) || strchr(path, '\\') || strstr(path, "//"))
    return fail(msg, 400, "%s", "the path holds a character or sequence that is refused");
  /* no "." or ".." segment anywhere, decoded or not: nothing resolves upwards */
  for (const char *s = path; s; s = strchr(s + 1, '/')) {
    const char *seg = s + 1;
    size_t sl = strcspn(seg, "/");
    if ((sl == 1 && seg[0] == '.') || (sl == 2 && seg[0] == '.' && seg[1] == '.'))
      return fail(msg, 400, "%s", "a path with . or .. segments is refused");
  }
  char p[SV_MAX_PATH + 1];
  memcpy(p, path, len + 1);
  if (len > 1 && p[len - 1] == '/')
    p[--len] = '\0';
  for (int i = 0; i < SV_ROUTE_COUNT; i++)
    if (routes[i].path && !strcmp(routes[i].path, p)) {
      r->route = (enum sv_route)i;
      return 0;
    }
  const char *rest;
  if (!strncmp(p, "/sessions/", 10) || !strncmp(p, "/api/sessions/", 14)) {
    r->route = p[1] == 'a' ? SV_API_SESSION : SV_SESSION;
    rest = p + (p[1] == 'a' ? 14 : 10);
    /* /api/sessions/T-N/cite: the session's citation; the id is read as for the record */
    if (r->route == SV_API_SESSION && len > 19 && !strcmp(p + len - 5, "/cite")) {
      r->route = SV_API_CITE;
      p[len - 5] = '\0';
    } else if (r->route == SV_API_SESSION && len > 24 && !strcmp(p + len - 10, "/followups")) {
      /* the documents that followed it (and came before it), as psst followups ID */
      r->route = SV_API_FOLLOWUPS;
      p[len - 10] = '\0';
    }
    size_t dash = strcspn(rest, "-");
    long t, n;
    if (!rest[dash] || !parse_num(rest, dash, 1, 999, &t) ||
        !parse_num(rest + dash + 1, strlen(rest + dash + 1), 1, 99999, &n))
      return fail(msg, 404, "%s", "a session is named term-number, such as 19-18");
    r->term = (int)t;
    r->number = (int)n;
    return 0;
  }
  if (!strncmp(p, "/charts/", 8)) {
    rest = p + 8;
    const char *dot = strrchr(rest, '.');
    if (!dot || (strcmp(dot, ".svg") && strcmp(dot, ".png")) ||
        !all_of(rest, (size_t)(dot - rest), "abcdefghijklmnopqrstuvwxyz-", sizeof r->name - 1))
      return fail(msg, 404, "%s", "a chart is /charts/NAME.svg or /charts/NAME.png");
    memcpy(r->name, rest, (size_t)(dot - rest));
    r->name[dot - rest] = '\0';
    memcpy(r->ext, dot + 1, 4);
    r->route = SV_CHART;
    return 0;
  }
  if (!strncmp(p, "/static/", 8)) {
    rest = p + 8;
    if (rest[0] == '.' || !all_of(rest, strlen(rest), CODE_CHARS ".", sizeof r->name - 1))
      return fail(msg, 404, "%s", "no such file");
    memcpy(r->name, rest, strlen(rest) + 1);
    r->route = SV_ASSET;
    return 0;
  }
  return fail(msg, 404, "%s", "no such page");
}

int sv_param(struct sv_request *r, const char *key, size_t klen, const char *val, size_t vlen,
             char *msg) {
  if (++r->nparams > SV_MAX_PARAMS)
    return fail(msg, 400, "%s", "too many parameters (at most 24)");
  int p = 0;
  while (p < P_COUNT && (strlen(names[p]) != klen || memcmp(names[p], key, klen)))
    p++;
  if (p == P_COUNT || !(routes[r->route].params & BIT(p))) {
    char shown[40];
    bool printable = klen < sizeof shown && klen > 0;
    for (size_t i = 0; i < klen && printable; i++)
      printable = key[i] > 0x20 && key[i] < 0x7f;
    snprintf(shown, sizeof shown, "%.*s", printable ? (int)klen : 0, key);
    snprintf(msg, SV_MSG, "unknown parameter '%s' here", printable ? shown : "?");
    return 400;
  }
  if (!val || vlen == 0)
    return 0;
  if (r->val[p])
    return fail(msg, 400, "parameter '%s' given twice", names[p]);
  if (memchr(val, '\0', vlen) || !value_ok(r, (enum sv_param)p, val, vlen))
    return fail(msg, 400, "parameter '%s' has a malformed or out-of-range value", names[p]);
  if (r->used + vlen + 1 > sizeof r->arena)
    return fail(msg, 400, "%s", "the parameters are too long");
  char *copy = r->arena + r->used;
  memcpy(copy, val, vlen);
  copy[vlen] = '\0';
  r->used += vlen + 1;
  r->val[p] = copy;
  return 0;
}

int sv_params_finish(struct sv_request *r, char *msg) {
  const char *const *v = r->val;
  r->lang = v[P_LANG] && !strcmp(v[P_LANG], "zh") ? PSST_LANG_ZH : PSST_LANG_EN;
  r->bom = v[P_OUT] && !strcmp(v[P_OUT], "excel-csv");
  r->csv = (v[P_OUT] && !strcmp(v[P_OUT], "csv")) || r->bom;
  r->fragment = v[P_FRAGMENT] != NULL;
  if (r->route == SV_CHART) {
    r->from_year = v[P_FROM] ? atoi(v[P_FROM]) : 0;
    r->to_year = v[P_TO] ? atoi(v[P_TO]) : 0;
    if (r->from_year && r->to_year && r->from_year > r->to_year)
      return fail(msg, 400, "%s", "'from' is after 'to'");
    return 0;
  }
  struct psst_filter *f = &r->filter;
  f->term = v[P_TERM] ? atoi(v[P_TERM]) : 0;
  f->year = v[P_YEAR] ? atoi(v[P_YEAR]) : 0;
  f->from = v[P_FROM];
  f->to = v[P_TO];
  f->leader = v[P_LEADER];
  f->topic = v[P_TOPIC];
  f->tech = v[P_TECH];
  f->format = v[P_FORMAT];
  f->lecturer = v[P_LECTURER];
  f->institution = v[P_INSTITUTION];
  f->since = v[P_SINCE];
  if (r->route == SV_API_SEARCH && !v[P_Q])
    return fail(msg, 400, "%s", "parameter 'q' is required");
  if (r->route == SV_API_STATS && !v[P_BY])
    return fail(msg, 400, "%s", "parameter 'by' is required (e.g. by=year,topic)");
  if (r->route == SV_API_CODEBOOK && r->csv && !v[P_KIND])
    return fail(msg, 400, "%s", "CSV needs one list: add kind=topic, tech, format, ...");
  long n = 0;
  if (v[P_LIMIT])
    n = atol(v[P_LIMIT]);
  /* a CSV download is every matching row unless a page is asked for; JSON and HTML pages */
  if (n > SV_MAX_PAGE && !r->csv)
    return fail(msg, 400, "%s", "parameter 'limit' is at most 1000 (200000 for CSV)");
  r->limit = n                                                         ? (size_t)n
             : r->csv                                                  ? SV_MAX_CSV
             : r->route == SV_LECTURERS || r->route == SV_INSTITUTIONS ? SV_DEFAULT_PEOPLE
                                                                       : SV_DEFAULT_PAGE;
  r->offset = v[P_OFFSET] ? (size_t)atol(v[P_OFFSET]) : 0;
  r->order = !v[P_SORT] || !strcmp(v[P_SORT], "relevance") ? PSST_ORDER_DEFAULT
             : !strcmp(v[P_SORT], "date")                  ? PSST_ORDER_OLDEST
                                                           : PSST_ORDER_NEWEST;
  if (r->order == PSST_ORDER_DEFAULT && v[P_SORT] && !v[P_Q])
    return fail(msg, 400, "%s", "sort=relevance needs a query q");
  return 0;
}

static int hex(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  c |= 32;
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes s[0..len) into out (at least len bytes); -1 on a malformed %XX. */
static long decode(const char *s, size_t len, char *out) {
  size_t o = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '+') {
      out[o++] = ' ';
    } else if (s[i] == '%') {
      int hi = i + 2 < len ? hex(s[i + 1]) : -1, lo = hi >= 0 ? hex(s[i + 2]) : -1;
      if (lo < 0)
        return -1;
      out[o++] = (char)(hi << 4 | lo);
      i += 2;
    } else {
      out[o++] = s[i];
    }
  }
  return (long)o;
}

int sv_query_parse(struct sv_request *r, const char *qs, size_t len, char *msg) {
  char key[64], val[512];
  for (size_t i = 0; i < len;) {
    size_t end = i;
    while (end < len && qs[end] != '&')
      end++;
    if (end > i) {
      const char *eq = memchr(qs + i, '=', end - i);
      size_t kl = eq ? (size_t)(eq - (qs + i)) : end - i;
      size_t vl = eq ? (size_t)(qs + end - eq - 1) : 0;
      if (kl >= sizeof key || vl >= sizeof val)
        return fail(msg, 400, "%s", "a parameter is too long");
      long dk = decode(qs + i, kl, key), dv = eq ? decode(eq + 1, vl, val) : 0;
      if (dk < 0 || dv < 0)
        return fail(msg, 400, "%s", "malformed percent-encoding");
      int rc = sv_param(r, key, (size_t)dk, eq ? val : NULL, (size_t)dv, msg);
      if (rc)
        return rc;
    }
    i = end + 1;
  }
  return 0;
}

size_t sv_cache_key(const struct sv_request *r, char *out, size_t n) {
  size_t used = 0;
  int k = snprintf(out, n, "%d|%d-%d|%s.%s|", (int)r->route, r->term, r->number, r->name, r->ext);
  if (k < 0 || (size_t)k >= n)
    return 0;
  used = (size_t)k;
  for (int p = 0; p < P_COUNT; p++) {
    if (!r->val[p])
      continue;
    k = snprintf(out + used, n - used, "%d:%zu:%s|", p, strlen(r->val[p]), r->val[p]);
    if (k < 0 || (size_t)k >= n - used)
      return 0;
    used += (size_t)k;
  }
  return used;
}
