/*
 * sources.c: the sources file of psst watch (data/watch.json, docs/watch.md): for each
 * source, the address of its list (a day's page for dated lists), which of the list's links
 * are articles (a regular expression on the address), which articles are worth fetching (a
 * regular expression on the link's words), and where an article's text is on its page.
 * Regular expressions are PCRE2's, compiled once with UTF-8 matching.
 */
#include "watch_int.h"

#include "jsonutil.h"

#include <stdlib.h>
#include <string.h>

/* An error naming the file, the line of the source's name, the source and the field. */
static int field_err(struct psst_error *err, const char *path, const char *text, const char *name,
                     const char *field, const char *msg) {
  char needle[160];
  snprintf(needle, sizeof needle, "\"%s\"", name ? name : "");
  size_t line = name ? ps_line_of(text, needle) : 0;
  return ps_err(err, PSST_EINVAL, "%s:%zu: source '%s': %s: %s", path, line ? line : 1,
                name ? name : "?", field, msg);
}

static pcre2_code *compile(const char *pattern, char *why, size_t why_size) {
  int code;
  PCRE2_SIZE off;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                                 &code, &off, NULL);
  if (!re) {
    PCRE2_UCHAR buf[200];
    pcre2_get_error_message(code, buf, sizeof buf);
    snprintf(why, why_size, "not a regular expression: %s at character %zu", (const char *)buf,
             (size_t)off + 1);
  }
  return re;
}

bool pw_match(const pcre2_code *re, const char *subject) {
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
  if (!md)
    return false;
  int rc = pcre2_match(re, (PCRE2_SPTR)subject, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL);
  pcre2_match_data_free(md);
  return rc >= 0;
}

static const char *str_of(json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

static int load_one(json_t *o, const char *path, const char *text, struct pw_source *s,
                    struct psst_error *err) {
  static const char *const known[] = {"name",      "list", "links",    "titles", "body",
                                      "publisher", "kind", "interval", "about"};
  const char *name = str_of(o, "name");
  if (!json_is_object(o))
    return ps_err(err, PSST_EINVAL, "%s: a source is not an object", path);
  if (!name || !*name)
    return field_err(err, path, text, NULL, "name", "a name is required");
  const char *key;
  json_t *v;
  json_object_foreach(o, key, v) {
    bool ok = false;
    for (size_t i = 0; i < sizeof known / sizeof *known && !ok; i++)
      ok = !strcmp(key, known[i]);
    if (!ok)
      return field_err(err, path, text, name, key, "unknown field");
  }
  const char *list = str_of(o, "list"), *links = str_of(o, "links"), *titles = str_of(o, "titles");
  if (!list || (strncmp(list, "http://", 7) && strncmp(list, "https://", 8)))
    return field_err(err, path, text, name, "list", "an http(s) address is required");
  if (!links)
    return field_err(err, path, text, name, "links", "a regular expression is required");
  char why[300];
  s->name = ps_strdup(name);
  s->list = ps_strdup(list);
  s->dated = strstr(list, "{yyyy") || strstr(list, "{dd}") || strstr(list, "{mm}");
  if (!s->name || !s->list)
    return ps_err(err, PSST_ENOMEM, "out of memory");
  if (!(s->links = compile(links, why, sizeof why)))
    return field_err(err, path, text, name, "links", why);
  if (titles && !(s->titles = compile(titles, why, sizeof why)))
    return field_err(err, path, text, name, "titles", why);
  const char *pub = str_of(o, "publisher"), *kind = str_of(o, "kind");
  if ((pub && !(s->publisher = ps_strdup(pub))) || (kind && !(s->kind = ps_strdup(kind))))
    return ps_err(err, PSST_ENOMEM, "out of memory");
  json_t *body = json_object_get(o, "body");
  if (json_is_string(body)) {
    body = json_pack("[O]", body);
  } else if (body && !json_is_array(body)) {
    return field_err(err, path, text, name, "body", "a string or a list of strings");
  } else {
    json_incref(body);
  }
  size_t n = body ? json_array_size(body) : 0;
  s->body = calloc(n ? n : 1, sizeof *s->body);
  for (size_t i = 0; s->body && i < n; i++) {
    const char *m = json_string_value(json_array_get(body, i));
    if (!m || !*m) {
      json_decref(body);
      return field_err(err, path, text, name, "body", "a marker is an attribute text");
    }
    if (!(s->body[s->n_body++] = ps_strdup(m)))
      break;
  }
  json_decref(body);
  if (!s->body || s->n_body != n)
    return ps_err(err, PSST_ENOMEM, "out of memory");
  json_t *iv = json_object_get(o, "interval");
  s->interval = 2.0;
  if (iv && (!json_is_number(iv) || json_number_value(iv) < 0 || json_number_value(iv) > 3600))
    return field_err(err, path, text, name, "interval", "seconds from 0 to 3600");
  if (iv)
    s->interval = json_number_value(iv);
  return PSST_OK;
}

int pw_sources_load(const char *path, struct pw_sources *out, struct psst_error *err) {
  memset(out, 0, sizeof *out);
  char *text = NULL;
  size_t len = 0;
  int rc = ps_read_file(path, &text, &len, err);
  if (rc)
    return rc;
  json_error_t je;
  json_t *root = ps_json_parse(text, len, 0, &je);
  if (!root) {
    rc = ps_json_nomem(&je)
             ? ps_err(err, PSST_ENOMEM, "out of memory reading %s", path)
             : ps_err(err, PSST_EINVAL, "%s:%d: not JSON: %s", path, je.line, je.text);
    free(text);
    return rc;
  }
  json_t *list = json_object_get(root, "sources");
  if (!json_is_array(list) || !json_array_size(list)) {
    rc = ps_err(err, PSST_EINVAL, "%s:1: sources: a list of sources is required", path);
  } else if (!(out->v = calloc(json_array_size(list), sizeof *out->v)) ||
             !(out->path = ps_strdup(path))) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  } else {
    for (size_t i = 0; i < json_array_size(list) && !rc; i++) {
      rc = load_one(json_array_get(list, i), path, text, &out->v[i], err);
      out->n = i + 1;
      for (size_t j = 0; j < i && !rc; j++)
        if (!strcmp(out->v[j].name, out->v[i].name))
          rc = field_err(err, path, text, out->v[i].name, "name", "the name is used twice");
    }
  }
  json_decref(root);
  free(text);
  if (rc)
    pw_sources_release(out);
  return rc;
}

void pw_sources_release(struct pw_sources *s) {
  for (size_t i = 0; s && i < s->n; i++) {
    struct pw_source *x = &s->v[i];
    free(x->name);
    free(x->publisher);
    free(x->kind);
    free(x->list);
    pcre2_code_free(x->links);
    pcre2_code_free(x->titles);
    for (size_t k = 0; k < x->n_body; k++)
      free(x->body[k]);
    free(x->body);
  }
  if (s) {
    free(s->v);
    free(s->path);
    memset(s, 0, sizeof *s);
  }
}

char *pw_list_url(const struct pw_source *s, const char *day) {
  struct ps_buf b = {0};
  int rc = ps_buf_puts(&b, "");
  for (const char *p = s->list; *p && !rc; p++) {
    if (!strncmp(p, "{yyyymmdd}", 10))
      rc = ps_buf_printf(&b, "%.4s%.2s%.2s", day, day + 5, day + 8), p += 9;
    else if (!strncmp(p, "{yyyy}", 6))
      rc = ps_buf_add(&b, day, 4), p += 5;
    else if (!strncmp(p, "{mm}", 4))
      rc = ps_buf_add(&b, day + 5, 2), p += 3;
    else if (!strncmp(p, "{dd}", 4))
      rc = ps_buf_add(&b, day + 8, 2), p += 3;
    else
      rc = ps_buf_putc(&b, *p);
  }
  if (rc) {
    ps_buf_release(&b);
    return NULL;
  }
  return ps_buf_detach(&b);
}
