/*
 * source_parse.c: a record's `sources` (and the helpers every data-file parser shares):
 * each source an object {url, publisher, kind, published, supports, via, quote, note},
 * checked against the codebook's source kinds and the fields the record's kind lets a
 * source support. Sessions (record.c) and the documents that followed them share it, so
 * that a source means the same in both files.
 */
#include "internal.h"
#include "jsonutil.h"
#include "parse_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ps_perror(struct ps_pctx *c, const char *field, const char *kind, const char *fmt, ...) {
  c->errors++;
  va_list ap;
  va_start(ap, fmt);
  if (ps_diag_addv(c->d, PSST_ERROR, c->file, c->line, field, kind, fmt, ap))
    c->nomem = 1;
  va_end(ap);
}

void ps_pwarn(struct ps_pctx *c, const char *field, const char *kind, const char *msg) {
  if (ps_diag_add(c->d, PSST_WARNING, c->file, c->line, field, kind, "%s", msg))
    c->nomem = 1;
}

char *ps_pdup(struct ps_pctx *c, const char *s) {
  char *d = ps_strdup(s);
  if (!d)
    c->nomem = 1;
  return d;
}

/* An array of strings, each a known code when `codes` is given; fills out and n. */
void ps_str_array(struct ps_pctx *c, json_t *o, const char *key, char ***out, size_t *n,
                  const struct ps_code *codes, size_t ncodes, const char *unknown_kind) {
  json_t *v = json_object_get(o, key);
  if (!v)
    return;
  if (!json_is_array(v)) {
    ps_perror(c, key, "bad-type", "must be an array, not %s", ps_json_type_name(v));
    return;
  }
  size_t cnt = json_array_size(v), i;
  json_t *item;
  *out = calloc(cnt ? cnt : 1, sizeof **out);
  if (!*out) {
    c->nomem = 1;
    return;
  }
  json_array_foreach(v, i, item) {
    char field[64];
    snprintf(field, sizeof field, "%s[%zu]", key, i);
    if (!json_is_string(item)) {
      ps_perror(c, field, "bad-type", "must be a string, not %s", ps_json_type_name(item));
      continue;
    }
    const char *s = json_string_value(item);
    if (codes && !ps_code_find(codes, ncodes, s)) {
      ps_perror(c, field, unknown_kind, "unknown code '%s' (see codebook.json)", s);
      continue;
    }
    for (size_t k = 0; k < *n; k++)
      if (!strcmp((*out)[k], s)) {
        ps_perror(c, field, "duplicate-value", "'%s' is listed twice", s);
        s = NULL;
        break;
      }
    /* a copy that failed (noted by ps_pdup) is not kept: a NULL would meet strcmp above */
    if (s && ((*out)[*n] = ps_pdup(c, s)))
      (*n)++;
  }
}

const char *ps_opt_str(struct ps_pctx *c, json_t *o, const char *key, bool nullable, bool *ok) {
  json_t *v = json_object_get(o, key);
  *ok = true;
  if (!v)
    return NULL; /* missing keys are reported once, up front */
  if (json_is_null(v) && nullable)
    return NULL;
  if (!json_is_string(v)) {
    ps_perror(c, key, "bad-type",
              nullable ? "must be a string or null, not %s" : "must be a string, not %s",
              ps_json_type_name(v));
    *ok = false;
    return NULL;
  }
  return json_string_value(v);
}

bool ps_valid_url(const char *s) {
  const char *host;
  if (!strncmp(s, "https://", 8))
    host = s + 8;
  else if (!strncmp(s, "http://", 7))
    host = s + 7;
  else
    return false;
  size_t hl = strcspn(host, "/?#");
  if (hl == 0 || !memchr(host, '.', hl))
    return false;
  for (const unsigned char *u = (const unsigned char *)s; *u; u++)
    if (*u <= 0x20 || *u == 0x7f || *u == '"' || *u == '<' || *u == '>')
      return false;
  return true;
}

static const char *const source_keys[] = {"url",      "publisher", "kind",  "published",
                                          "supports", "via",       "quote", "note"};
enum { QUOTE_MAX_CHARS = 200 }; /* a sentence, never a copied text */

/* A host that is a bare IPv4 or IPv6 address: no reader can tell whose page it is. */
static bool ip_host(const char *url) {
  const char *host = strstr(url, "://");
  host = host ? host + 3 : url;
  if (*host == '[')
    return true;
  size_t hl = strcspn(host, "/?#:");
  for (size_t i = 0; i < hl; i++)
    if (host[i] != '.' && (host[i] < '0' || host[i] > '9'))
      return false;
  return hl > 0;
}

static size_t utf8_chars(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

const char *ps_src_str(struct ps_pctx *c, json_t *item, const char *key, const char *field,
                       bool required, bool nullable) {
  json_t *v = json_object_get(item, key);
  char f[96];
  snprintf(f, sizeof f, "%s.%s", field, key);
  if (!v) {
    if (required)
      ps_perror(c, f, "missing-key", "missing key '%s'", key);
    return NULL;
  }
  if (nullable && json_is_null(v))
    return NULL;
  if (!json_is_string(v)) {
    ps_perror(c, f, "bad-type",
              nullable ? "must be a string or null, not %s" : "must be a string, not %s",
              ps_json_type_name(v));
    return NULL;
  }
  return json_string_value(v);
}

bool ps_check_url(struct ps_pctx *c, const char *url, const char *field) {
  if (!ps_valid_url(url)) {
    ps_perror(c, field, "bad-source", "'%s' is not an http(s) URL", url);
    return false;
  }
  if (ip_host(url)) {
    ps_perror(c, field, "bad-source",
              "'%s' names its host by a bare IP address: give the site's own address", url);
    return false;
  }
  return true;
}

static void parse_source(struct ps_pctx *c, json_t *item, const char *field,
                         const struct ps_supports *sup_fields, struct psst_source *src) {
  const char *key;
  json_t *unused;
  json_object_foreach(item, key, unused) {
    bool known = false;
    for (size_t k = 0; k < sizeof source_keys / sizeof *source_keys; k++)
      known |= !strcmp(key, source_keys[k]);
    if (!known) {
      char f[96];
      snprintf(f, sizeof f, "%s.%s", field, key);
      ps_perror(c, f, "unknown-key", "unknown key '%s' (a source has %s)", key,
                "url, publisher, kind, published, supports, via, quote, note");
    }
  }
  char f[96];
  const char *url = ps_src_str(c, item, "url", field, true, false);
  snprintf(f, sizeof f, "%s.url", field);
  if (url && ps_check_url(c, url, f))
    src->url = ps_pdup(c, url);
  const char *publisher = ps_src_str(c, item, "publisher", field, true, false);
  snprintf(f, sizeof f, "%s.publisher", field);
  if (publisher && !*publisher)
    ps_perror(c, f, "bad-source", "say who published it (Xinhua, CCTV, People's Daily, ...)");
  else if (publisher)
    src->publisher = ps_pdup(c, publisher);
  const char *kind = ps_src_str(c, item, "kind", field, true, false);
  snprintf(f, sizeof f, "%s.kind", field);
  if (kind && !ps_code_find(c->r->source_kinds, c->r->n_source_kinds, kind))
    ps_perror(c, f, "unknown-source-kind",
              "unknown kind '%s' (readout, broadcast, document, copy, roundup, translation, "
              "secondary)",
              kind);
  else if (kind)
    src->kind = ps_pdup(c, kind);
  const char *published = ps_src_str(c, item, "published", field, false, true);
  snprintf(f, sizeof f, "%s.published", field);
  if (published && !ps_valid_date(published))
    ps_perror(c, f, "bad-date", "'%s' is not a calendar date YYYY-MM-DD", published);
  else if (published)
    src->published = ps_pdup(c, published);
  const char *via = ps_src_str(c, item, "via", field, false, true);
  snprintf(f, sizeof f, "%s.via", field);
  if (via && ps_check_url(c, via, f))
    src->via = ps_pdup(c, via);
  const char *quote = ps_src_str(c, item, "quote", field, false, true);
  snprintf(f, sizeof f, "%s.quote", field);
  if (quote && utf8_chars(quote) > QUOTE_MAX_CHARS)
    ps_perror(c, f, "quote-too-long",
              "a quotation of %zu characters: keep at most %d (the words a fact was read from), "
              "never a copied text",
              utf8_chars(quote), QUOTE_MAX_CHARS);
  else if (quote && *quote)
    src->quote = ps_pdup(c, quote);
  const char *note = ps_src_str(c, item, "note", field, false, true);
  if (note && *note)
    src->note = ps_pdup(c, note);

  json_t *sup = json_object_get(item, "supports");
  snprintf(f, sizeof f, "%s.supports", field);
  if (sup && !json_is_array(sup)) {
    ps_perror(c, f, "bad-type", "must be an array of field names, not %s", ps_json_type_name(sup));
    return;
  }
  size_t cnt = sup ? json_array_size(sup) : 0, i;
  json_t *v;
  src->supports = calloc(cnt ? cnt : 1, sizeof *src->supports);
  if (!src->supports) {
    c->nomem = 1;
    return;
  }
  json_array_foreach(sup, i, v) {
    const char *name = json_is_string(v) ? json_string_value(v) : NULL;
    bool known = false;
    for (size_t k = 0; name && k < sup_fields->n; k++)
      known |= !strcmp(name, sup_fields->names[k]);
    for (size_t k = 0; known && k < src->n_supports; k++)
      if (!strcmp(src->supports[k], name))
        known = false;
    if (!known) {
      char fi[160];
      snprintf(fi, sizeof fi, "%s[%zu]", f, i);
      ps_perror(c, fi, "bad-supports", "not a field a source supports, or listed twice (%s)",
                sup_fields->text);
      continue;
    }
    /* out of memory (c->nomem): the name is left out, never stored as NULL */
    char *dup = ps_pdup(c, name);
    if (dup)
      src->supports[src->n_supports++] = dup;
  }
}

void ps_parse_sources(struct ps_pctx *c, json_t *o, const struct ps_supports *sup_fields,
                      struct psst_source **sources, size_t *n_sources) {
  json_t *v = json_object_get(o, "sources");
  if (!v)
    return;
  if (!json_is_array(v)) {
    ps_perror(c, "sources", "bad-type", "must be an array, not %s", ps_json_type_name(v));
    return;
  }
  size_t cnt = json_array_size(v), i;
  json_t *item;
  *sources = calloc(cnt ? cnt : 1, sizeof **sources);
  if (!*sources) {
    c->nomem = 1;
    return;
  }
  json_array_foreach(v, i, item) {
    char field[32];
    snprintf(field, sizeof field, "sources[%zu]", i);
    if (!json_is_object(item)) {
      ps_perror(c, field, "bad-type",
                "a source is an object {url, publisher, kind, published, supports}, not %s",
                ps_json_type_name(item));
      continue;
    }
    struct psst_source *src = &(*sources)[(*n_sources)++];
    parse_source(c, item, field, sup_fields, src);
    for (size_t k = 0; src->url && k + 1 < *n_sources; k++)
      if ((*sources)[k].url && !strcmp((*sources)[k].url, src->url))
        ps_perror(c, field, "duplicate-value", "'%s' is listed twice", src->url);
  }
}

json_t *ps_record_open(struct ps_pctx *c, const char *text, size_t len, const char *const *keys,
                       size_t nkeys, const char *const *optional, int *rc) {
  json_error_t jerr;
  json_t *o = ps_json_parse(text, len, JSON_REJECT_DUPLICATES, &jerr);
  if (!o && ps_json_nomem(&jerr)) {
    *rc = PSST_ENOMEM; /* the parser's own allocation: not the record's fault */
    return NULL;
  }
  if (!o || !json_is_object(o)) {
    if (o)
      ps_perror(c, "", "bad-json", "a record is a JSON object");
    else
      ps_perror(c, "", "bad-json", "invalid JSON at column %d: %s", jerr.column,
                ps_json_error_text(&jerr, text, len));
    json_decref(o);
    *rc = c->nomem ? PSST_ENOMEM : PSST_EDATA;
    return NULL;
  }
  const char *key;
  json_t *unused;
  json_object_foreach(o, key, unused) {
    bool known = false;
    for (size_t k = 0; k < nkeys; k++)
      known |= !strcmp(key, keys[k]);
    if (!known)
      ps_perror(c, key, "unknown-key", "unknown key '%s'", key);
  }
  for (size_t k = 0; k < nkeys; k++) {
    bool opt = false;
    for (size_t i = 0; optional && optional[i]; i++)
      opt |= !strcmp(optional[i], keys[k]);
    if (!opt && !json_object_get(o, keys[k]))
      ps_perror(c, keys[k], "missing-key", "missing key '%s'", keys[k]);
  }
  *rc = PSST_OK;
  return o;
}

bool ps_valid_id(const char *s) {
  size_t n = strlen(s);
  if (n < 3 || n > 80 || s[0] == '-' || s[n - 1] == '-')
    return false;
  for (size_t i = 0; i < n; i++) {
    bool ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
              (s[i] == '-' && s[i + 1] != '-');
    if (!ok)
      return false;
  }
  return true;
}

int ps_seen_add(struct ps_seen_list *l, const char *id, const char *key, size_t line) {
  if (l->n == l->cap) {
    size_t c2 = l->cap ? l->cap * 2 : 64;
    struct ps_seen *w = realloc(l->v, c2 * sizeof *w);
    if (!w)
      return PSST_ENOMEM;
    l->v = w, l->cap = c2;
  }
  struct ps_seen e = {
      .id = id ? ps_strdup(id) : NULL, .key = key ? ps_strdup(key) : NULL, .line = line};
  if ((id && !e.id) || (key && !e.key)) {
    free(e.id), free(e.key);
    return PSST_ENOMEM;
  }
  l->v[l->n++] = e;
  return PSST_OK;
}

int ps_seen_report(struct ps_seen_list *l, struct psst_diags *diags, const char *file,
                   const char *kind, const char *key_field, const char *key_name,
                   struct psst_error *err) {
  int rc = PSST_OK;
  struct ps_seen *v = l->v;
  for (size_t i = 0; !rc && i < l->n; i++)
    for (size_t j = 0; j < i; j++) {
      bool same_id = v[i].id && v[j].id && !strcmp(v[i].id, v[j].id);
      bool same_key = v[i].key && v[j].key && !strcmp(v[i].key, v[j].key);
      if (!same_id && !same_key)
        continue;
      if (same_id ? ps_diag_add(diags, PSST_ERROR, file, v[i].line, "id", kind,
                                "the same id as line %zu", v[j].line)
                  : ps_diag_add(diags, PSST_ERROR, file, v[i].line, key_field, kind,
                                "the same %s as line %zu", key_name, v[j].line))
        rc = ps_err(err, PSST_ENOMEM, "out of memory");
      break;
    }
  for (size_t i = 0; i < l->n; i++)
    free(v[i].id), free(v[i].key);
  free(l->v);
  *l = (struct ps_seen_list){0};
  return rc;
}
