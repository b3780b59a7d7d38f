/*
 * source.c: the sources of a record: who published a text, what kind of text it is,
 * and which fields it supports (docs/sources.md).
 *
 * A source made from an address alone (psst ingest --url, psst scan) takes its
 * publisher and kind from the address's host: the table below names the official
 * publishers whose sites carry the readouts. Any other site holding the readout's text
 * is a copy of it; whoever runs that site is the publisher we can name, its host.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct host_rule {
  const char *suffix; /* the host, or a domain the host ends in */
  const char *publisher;
  const char *kind;
};

static const struct host_rule hosts[] = {
    {"xinhuanet.com", "Xinhua", "readout"},
    {"news.cn", "Xinhua", "readout"},
    {"people.com.cn", "People's Daily", "readout"},
    {"gov.cn", "gov.cn", "readout"},
    {"qstheory.cn", "Qiushi", "readout"},
    {"cctv.com", "CCTV", "broadcast"},
    {"cntv.cn", "CCTV", "broadcast"},
    {"chinanews.com", "China News Service", "copy"},
    {"chinanews.com.cn", "China News Service", "copy"},
    {"github.com", "GitHub", "copy"},
};

/* The host of an http(s) URL into buf (lower case, without port); "" when none. */
static void url_host(const char *url, char *buf, size_t size) {
  const char *h = strstr(url, "://");
  h = h ? h + 3 : url;
  size_t n = strcspn(h, "/?#:");
  if (n >= size)
    n = size - 1;
  for (size_t i = 0; i < n; i++)
    buf[i] = (char)((h[i] >= 'A' && h[i] <= 'Z') ? h[i] + 32 : h[i]);
  buf[n] = '\0';
}

static const struct host_rule *rule_for(const char *host) {
  size_t hl = strlen(host);
  for (size_t i = 0; i < sizeof hosts / sizeof *hosts; i++) {
    size_t sl = strlen(hosts[i].suffix);
    if (hl == sl ? !strcmp(host, hosts[i].suffix)
                 : hl > sl && host[hl - sl - 1] == '.' && !strcmp(host + hl - sl, hosts[i].suffix))
      return &hosts[i];
  }
  return NULL;
}

int ps_source_from_url(const char *url, const char *publisher, const char *kind,
                       const char *published, struct psst_source *out) {
  char host[256];
  url_host(url, host, sizeof host);
  const struct host_rule *r = rule_for(host);
  memset(out, 0, sizeof *out);
  out->url = ps_strdup(url);
  out->publisher = ps_strdup(publisher ? publisher : r ? r->publisher : host);
  out->kind = ps_strdup(kind ? kind : r ? r->kind : "copy");
  out->published = published ? ps_strdup(published) : NULL;
  out->supports = calloc(8, sizeof *out->supports);
  if (!out->url || !out->publisher || !out->kind || (published && !out->published) ||
      !out->supports) {
    ps_source_release(out);
    return PSST_ENOMEM;
  }
  return PSST_OK;
}

/* The order fields are listed in, the record's own. */
static int field_rank(const char *f) {
  static const char *const order[] = {"date",   "number",    "title_zh",
                                      "format", "lecturers", "speakers"};
  for (int i = 0; i < (int)(sizeof order / sizeof *order); i++)
    if (!strcmp(order[i], f))
      return i;
  return 99;
}

int ps_source_support(struct psst_source *src, const char *field) {
  for (size_t i = 0; i < src->n_supports; i++)
    if (!strcmp(src->supports[i], field))
      return PSST_OK;
  char **v = realloc(src->supports, (src->n_supports + 1) * sizeof *v);
  if (!v)
    return PSST_ENOMEM;
  src->supports = v;
  char *d = ps_strdup(field);
  if (!d)
    return PSST_ENOMEM;
  size_t at = src->n_supports;
  while (at > 0 && field_rank(v[at - 1]) > field_rank(field)) {
    v[at] = v[at - 1];
    at--;
  }
  v[at] = d;
  src->n_supports++;
  return PSST_OK;
}

int psst_source_parse(const char *spec, struct psst_source *out, struct psst_error *err) {
  /* URL|publisher|kind|published|field;field */
  char *copy = ps_strdup(spec);
  if (!copy)
    return ps_err(err, PSST_ENOMEM, "out of memory");
  char *part[5] = {0};
  char *p = copy;
  for (int i = 0; i < 5 && p; i++) {
    part[i] = p;
    p = strchr(p, '|');
    if (p)
      *p++ = '\0';
  }
  int rc = PSST_OK;
  if (p)
    rc = ps_err(err, PSST_EINVAL,
                "a source has at most five parts: URL|publisher|kind|published|"
                "supports");
  else if (strncmp(part[0], "http://", 7) && strncmp(part[0], "https://", 8))
    rc = ps_err(err, PSST_EINVAL, "'%s' is not an http(s) URL", part[0]);
  else if (part[3] && *part[3] && !ps_valid_date(part[3]))
    rc = ps_err(err, PSST_EINVAL, "'%s' is not a date YYYY-MM-DD", part[3]);
  else if (ps_source_from_url(part[0], part[1] && *part[1] ? part[1] : NULL,
                              part[2] && *part[2] ? part[2] : NULL,
                              part[3] && *part[3] ? part[3] : NULL, out))
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  for (char *f = part[4]; !rc && f && *f;) {
    char *next = strchr(f, ';');
    if (next)
      *next++ = '\0';
    if (*f && ps_source_support(out, f))
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
    f = next;
  }
  if (rc && rc != PSST_ENOMEM && out->url)
    ps_source_release(out);
  free(copy);
  return rc;
}
