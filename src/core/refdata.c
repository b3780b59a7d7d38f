/*
 * refdata.c: the reference files beside sessions.jsonl: codebook.json (topic codes,
 * technology tags, formats, confidence levels with bilingual labels), terms.json
 * (each Central Committee term: leader, dates, stated total) and institutions.json
 * (canonical institutions and the strings that identify them in an affiliation).
 */
#include "internal.h"
#include "jsonutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ctx {
  const char *file; /* display name: the path */
  char path[4096];
  const char *text; /* raw text, to find lines */
  struct psst_diags *d;
  int errors;
};

/* Where the entry of code starts: its "code" member first, since a code such as "law"
   may also be a keyword of an earlier entry; else the first mention. */
static const char *entry_of(const struct ctx *c, const char *code) {
  if (!code)
    return NULL;
  char needle[160];
  snprintf(needle, sizeof needle, "\"code\": \"%s\"", code);
  const char *at = strstr(c->text, needle);
  snprintf(needle, sizeof needle, "\"%s\"", code);
  return at ? at : strstr(c->text, needle);
}

static size_t line_at(const struct ctx *c, const char *at) {
  size_t line = 1;
  if (!at)
    return 0;
  for (const char *s = c->text; s < at; s++)
    line += *s == '\n';
  return line;
}

static size_t line_for(const struct ctx *c, const char *code) {
  return line_at(c, entry_of(c, code));
}

static int bad(struct ctx *c, size_t line, const char *field, const char *kind, const char *fmt,
               ...) PS_PRINTF(5, 6);
static int bad(struct ctx *c, size_t line, const char *field, const char *kind, const char *fmt,
               ...) {
  c->errors++;
  va_list ap;
  va_start(ap, fmt);
  int rc = ps_diag_addv(c->d, PSST_ERROR, c->file, line, field, kind, fmt, ap);
  va_end(ap);
  return rc;
}

/* A required string member; NULL (with a diagnostic) when absent or not a string. */
static const char *get_str(struct ctx *c, json_t *obj, const char *key, const char *where,
                           size_t line) {
  json_t *v = json_object_get(obj, key);
  if (!v) {
    bad(c, line, where, "missing-key", "missing key '%s'", key);
    return NULL;
  }
  if (!json_is_string(v)) {
    bad(c, line, where, "bad-type", "'%s' must be a string", key);
    return NULL;
  }
  return json_string_value(v);
}

static int load_json(struct ctx *c, const char *dir, const char *name, char **text, json_t **root,
                     struct psst_error *err) {
  snprintf(c->path, sizeof c->path, "%s/%s", dir, name);
  c->file = c->path;
  size_t len;
  int rc = ps_read_file(c->path, text, &len, err);
  if (rc)
    return rc;
  c->text = *text;
  size_t bad_at = ps_utf8_check(*text, len);
  if (bad_at) {
    size_t line = 1, col = 1;
    for (size_t i = 0; i + 1 < bad_at; i++)
      (*text)[i] == '\n' ? (line++, col = 1) : col++;
    c->errors++;
    return ps_diag_add(c->d, PSST_ERROR, c->file, line, "", "bad-utf8",
                       "invalid UTF-8 at column %zu", col);
  }
  json_error_t je;
  *root = ps_json_parse(*text, len, JSON_REJECT_DUPLICATES, &je);
  if (!*root && ps_json_nomem(&je))
    return ps_err(err, PSST_ENOMEM, "out of memory reading %s", name);
  if (!*root) {
    c->errors++;
    return ps_diag_add(c->d, PSST_ERROR, c->file, (size_t)(je.line > 0 ? je.line : 0), "",
                       "bad-json", "invalid JSON at column %d: %s", je.column,
                       ps_json_error_text(&je, *text, len));
  }
  return PSST_OK;
}

/* One keyword list: an array of non-empty strings, lower case in English. */
static int load_keyword_list(struct ctx *c, json_t *v, const char *where, const char *lang,
                             size_t line, char ***out, size_t *n) {
  if (!v)
    return bad(c, line, where, "missing-key", "missing key '%s'", lang);
  if (!json_is_array(v))
    return bad(c, line, where, "bad-type", "'%s' must be an array of non-empty strings", lang);
  *out = calloc(json_array_size(v) + 1, sizeof **out);
  if (!*out)
    return PSST_ENOMEM;
  size_t i;
  json_t *s;
  json_array_foreach(v, i, s) {
    const char *k = json_is_string(s) ? json_string_value(s) : NULL;
    if (!k || !*k) {
      bad(c, line, where, "bad-type", "'%s' must be an array of non-empty strings", lang);
      continue;
    }
    /* the matcher folds English text to lower case, so an upper-case keyword never matches */
    bool upper = false;
    for (const char *p = k; *p && !upper; p++)
      upper = *p >= 'A' && *p <= 'Z';
    if (upper && !strcmp(lang, "en")) {
      bad(c, line, where, "bad-keyword", "English keyword '%s' must be lower case", k);
      continue;
    }
    if (!((*out)[(*n)++] = ps_strdup(k)))
      return PSST_ENOMEM;
  }
  return PSST_OK;
}

/* "keywords": {"zh": [...], "en": [...]}, required of topics and tags. */
static int load_keywords(struct ctx *c, json_t *item, const char *where, struct ps_code *k) {
  const char *entry = entry_of(c, k->code);
  const char *kw = entry ? strstr(entry, "\"keywords\"") : NULL;
  size_t line = line_at(c, kw ? kw : entry);
  char field[96];
  snprintf(field, sizeof field, "%s.keywords", where);
  json_t *v = json_object_get(item, "keywords");
  if (!v)
    return bad(c, line, where, "missing-key", "missing key 'keywords'");
  if (!json_is_object(v))
    return bad(c, line, field, "bad-type", "'keywords' must be an object with 'zh' and 'en' lists");
  const char *name;
  json_t *member;
  json_object_foreach(v, name, member) {
    if (strcmp(name, "zh") && strcmp(name, "en"))
      bad(c, line, field, "unknown-key", "unknown key '%s' (keywords are 'zh' and 'en')", name);
  }
  int rc;
  snprintf(field, sizeof field, "%s.keywords.zh", where);
  if ((rc = load_keyword_list(c, json_object_get(v, "zh"), field, "zh", line, &k->kw_zh,
                              &k->n_kw_zh)))
    return rc;
  snprintf(field, sizeof field, "%s.keywords.en", where);
  return load_keyword_list(c, json_object_get(v, "en"), field, "en", line, &k->kw_en, &k->n_kw_en);
}

static int load_codes(struct ctx *c, json_t *root, const char *key, bool keywords,
                      struct ps_code **out, size_t *n) {
  json_t *arr = json_object_get(root, key);
  if (!json_is_array(arr))
    return bad(c, line_for(c, key), key, "missing-key", "'%s' must be an array of codes", key);
  size_t cnt = json_array_size(arr);
  *out = calloc(cnt ? cnt : 1, sizeof **out);
  if (!*out)
    return PSST_ENOMEM;
  size_t i;
  json_t *item;
  json_array_foreach(arr, i, item) {
    char where[64];
    snprintf(where, sizeof where, "%s[%zu]", key, i);
    if (!json_is_object(item)) {
      bad(c, line_for(c, key), where, "bad-type", "each entry must be an object");
      continue;
    }
    const char *code = get_str(c, item, "code", where, line_for(c, key));
    size_t line = line_for(c, code);
    const char *en = get_str(c, item, "en", where, line);
    const char *zh = get_str(c, item, "zh", where, line);
    if (!code || !en || !zh)
      continue;
    if (ps_code_find(*out, *n, code)) {
      bad(c, line, where, "duplicate-code", "code '%s' defined twice", code);
      continue;
    }
    struct ps_code *k = &(*out)[(*n)++];
    k->code = ps_strdup(code), k->en = ps_strdup(en), k->zh = ps_strdup(zh);
    if (!k->code || !k->en || !k->zh)
      return PSST_ENOMEM;
    json_t *official = json_object_get(item, "official");
    if (official && !json_is_boolean(official))
      bad(c, line, where, "bad-type", "'official' must be true or false");
    k->official = json_is_true(official);
    int rc = keywords ? load_keywords(c, item, where, k) : PSST_OK;
    if (rc == PSST_ENOMEM)
      return rc;
  }
  return PSST_OK;
}

/* "synonyms": [["AI", "artificial intelligence", "人工智能"], ...]: each a list of two or more
   words or phrases, in any language, that a search treats as one. */
static int load_synonyms(struct ctx *c, json_t *root, struct ps_refdata *r) {
  json_t *arr = json_object_get(root, "synonyms");
  if (!arr)
    return PSST_OK;
  size_t line = line_for(c, "synonyms");
  if (!json_is_array(arr))
    return bad(c, line, "synonyms", "bad-type", "'synonyms' must be a list of lists of words");
  if (!(r->synonyms = calloc(json_array_size(arr) + 1, sizeof *r->synonyms)))
    return PSST_ENOMEM;
  size_t i;
  json_t *g;
  json_array_foreach(arr, i, g) {
    char where[32];
    snprintf(where, sizeof where, "synonyms[%zu]", i);
    if (!json_is_array(g) || json_array_size(g) < 2) {
      bad(c, line, where, "bad-type", "each group must list two or more words");
      continue;
    }
    struct ps_synonyms *s = &r->synonyms[r->n_synonyms++];
    if (!(s->words = calloc(json_array_size(g), sizeof *s->words)))
      return PSST_ENOMEM;
    size_t k;
    json_t *w;
    json_array_foreach(g, k, w) {
      const char *v = json_string_value(w);
      if (!v || !*v) {
        bad(c, line, where, "bad-type", "each word must be a non-empty string");
        continue;
      }
      if (!(s->words[s->n++] = ps_strdup(v)))
        return PSST_ENOMEM;
    }
  }
  return PSST_OK;
}

static int load_codebook(struct ps_refdata *r, const char *dir, struct ctx *c,
                         struct psst_error *err) {
  char *text = NULL;
  json_t *root = NULL;
  int rc = load_json(c, dir, "codebook.json", &text, &root, err);
  if (!rc && root) {
    if (!json_is_object(root))
      bad(c, 1, "", "bad-type", "the codebook must be a JSON object");
    else if (!(rc = load_codes(c, root, "topics", true, &r->topics, &r->n_topics)) &&
             !(rc = load_codes(c, root, "tags", true, &r->tags, &r->n_tags)) &&
             !(rc = load_codes(c, root, "formats", false, &r->formats, &r->n_formats)) &&
             !(rc = load_codes(c, root, "confidence", false, &r->confidence, &r->n_confidence)) &&
             !(rc = load_codes(c, root, "source_kinds", false, &r->source_kinds,
                               &r->n_source_kinds)))
      rc = load_synonyms(c, root, r);
  }
  json_decref(root);
  free(text);
  return rc;
}

static int load_terms(struct ps_refdata *r, const char *dir, struct ctx *c,
                      struct psst_error *err) {
  char *text = NULL;
  json_t *root = NULL;
  int rc = load_json(c, dir, "terms.json", &text, &root, err);
  json_t *arr = root ? json_object_get(root, "terms") : NULL;
  if (!rc && root && !json_is_array(arr))
    bad(c, 1, "terms", "missing-key", "'terms' must be an array");
  if (!rc && json_is_array(arr)) {
    size_t cnt = json_array_size(arr), i;
    json_t *item;
    /* the terms' lines, found going forward from the last one: a search from the top for
       each made loading 200 terms quadratic, a millisecond of every command */
    const char *cursor = text;
    size_t cursor_line = 1;
    r->terms = calloc(cnt ? cnt : 1, sizeof *r->terms);
    if (!r->terms)
      rc = PSST_ENOMEM;
    json_array_foreach(arr, i, item) {
      if (rc)
        break;
      char where[32], num[32];
      snprintf(where, sizeof where, "terms[%zu]", i);
      json_t *t = json_object_get(item, "term");
      snprintf(num, sizeof num, "\"term\": %lld", json_is_integer(t) ? json_integer_value(t) : -1);
      const char *hit = strstr(cursor, num);
      size_t line;
      if (hit) {
        for (; cursor < hit; cursor++)
          cursor_line += *cursor == '\n';
        line = cursor_line;
      } else {
        line = ps_line_of(text, num); /* out of order, or not there (0) */
      }
      if (!json_is_integer(t) || json_integer_value(t) < 1 || json_integer_value(t) > 1000) {
        bad(c, line, where, "bad-type", "'term' must be a positive integer");
        continue;
      }
      const char *leader = get_str(c, item, "leader", where, line);
      const char *leader_zh = get_str(c, item, "leader_zh", where, line);
      const char *from = get_str(c, item, "from", where, line);
      json_t *to = json_object_get(item, "to");
      json_t *stated = json_object_get(item, "sessions_stated");
      if (!leader || !leader_zh || !from)
        continue;
      if (!ps_valid_date(from)) {
        bad(c, line, where, "bad-date", "'from' is not a date: '%s'", from);
        continue;
      }
      if (to && !json_is_null(to) &&
          (!json_is_string(to) || !ps_valid_date(json_string_value(to)))) {
        bad(c, line, where, "bad-date", "'to' must be a date or null");
        continue;
      }
      if (stated && !json_is_null(stated) && !json_is_integer(stated)) {
        bad(c, line, where, "bad-type", "'sessions_stated' must be an integer or null");
        continue;
      }
      if (ps_term_find(r, (int)json_integer_value(t))) {
        bad(c, line, where, "duplicate-code", "term defined twice");
        continue;
      }
      struct ps_term *m = &r->terms[r->n_terms++];
      m->term = (int)json_integer_value(t);
      m->leader = ps_strdup(leader);
      m->leader_zh = ps_strdup(leader_zh);
      snprintf(m->from, sizeof m->from, "%s", from);
      snprintf(m->to, sizeof m->to, "%s", json_is_string(to) ? json_string_value(to) : "");
      m->sessions_stated = json_is_integer(stated) ? (int)json_integer_value(stated) : 0;
      if (!m->leader || !m->leader_zh)
        rc = PSST_ENOMEM;
    }
  }
  json_decref(root);
  free(text);
  return rc;
}

static int load_institutions(struct ps_refdata *r, const char *dir, struct ctx *c,
                             struct psst_error *err) {
  char *text = NULL;
  json_t *root = NULL;
  int rc = load_json(c, dir, "institutions.json", &text, &root, err);
  json_t *arr = root ? json_object_get(root, "institutions") : NULL;
  if (!rc && root && !json_is_array(arr))
    bad(c, 1, "institutions", "missing-key", "'institutions' must be an array");
  if (!rc && json_is_array(arr)) {
    size_t cnt = json_array_size(arr), i;
    json_t *item;
    r->institutions = calloc(cnt ? cnt : 1, sizeof *r->institutions);
    if (!r->institutions)
      rc = PSST_ENOMEM;
    json_array_foreach(arr, i, item) {
      if (rc)
        break;
      char where[48];
      snprintf(where, sizeof where, "institutions[%zu]", i);
      const char *code = get_str(c, item, "code", where, 0);
      size_t line = line_for(c, code);
      const char *zh = get_str(c, item, "zh", where, line);
      const char *en = get_str(c, item, "en", where, line);
      json_t *match = json_object_get(item, "match");
      if (!code || !zh || !en)
        continue;
      if (!json_is_array(match) || !json_array_size(match)) {
        bad(c, line, where, "bad-type", "'match' must be a non-empty array of strings");
        continue;
      }
      for (size_t k = 0; k < r->n_institutions; k++)
        if (!strcmp(r->institutions[k].code, code))
          code = NULL;
      if (!code) {
        bad(c, line, where, "duplicate-code", "institution code defined twice");
        continue;
      }
      struct ps_institution *m = &r->institutions[r->n_institutions++];
      m->code = ps_strdup(code), m->zh = ps_strdup(zh), m->en = ps_strdup(en);
      m->match = calloc(json_array_size(match), sizeof *m->match);
      if (!m->code || !m->zh || !m->en || !m->match) {
        rc = PSST_ENOMEM;
        break;
      }
      size_t k;
      json_t *s;
      json_array_foreach(match, k, s) {
        if (!json_is_string(s) || !*json_string_value(s)) {
          bad(c, line, where, "bad-type", "'match' entries must be non-empty strings");
          continue;
        }
        if (!(m->match[m->n_match++] = ps_strdup(json_string_value(s))))
          rc = PSST_ENOMEM;
      }
    }
  }
  json_decref(root);
  free(text);
  return rc;
}

int ps_refdata_load(struct ps_refdata *r, const char *data_dir, struct psst_diags *d,
                    struct psst_error *err) {
  memset(r, 0, sizeof *r);
  struct ctx c = {.d = d};
  int rc;
  if ((rc = load_codebook(r, data_dir, &c, err)))
    goto out;
  if ((rc = load_terms(r, data_dir, &c, err)))
    goto out;
  rc = load_institutions(r, data_dir, &c, err);
out:
  if (rc == PSST_ENOMEM)
    return ps_err(err, rc, "out of memory loading the reference files");
  if (!rc && c.errors)
    return ps_err(err, PSST_EDATA, "the reference files of '%s' have %d error(s)", data_dir,
                  c.errors);
  return rc;
}

static void free_list(char **v, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

static void free_codes(struct ps_code *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(v[i].code), free(v[i].en), free(v[i].zh);
    free_list(v[i].kw_zh, v[i].n_kw_zh), free_list(v[i].kw_en, v[i].n_kw_en);
  }
  free(v);
}

void ps_refdata_release(struct ps_refdata *r) {
  free_codes(r->topics, r->n_topics);
  free_codes(r->tags, r->n_tags);
  free_codes(r->formats, r->n_formats);
  free_codes(r->confidence, r->n_confidence);
  free_codes(r->source_kinds, r->n_source_kinds);
  for (size_t i = 0; i < r->n_terms; i++)
    free(r->terms[i].leader), free(r->terms[i].leader_zh);
  free(r->terms);
  for (size_t i = 0; i < r->n_institutions; i++) {
    struct ps_institution *m = &r->institutions[i];
    for (size_t k = 0; k < m->n_match; k++)
      free(m->match[k]);
    free(m->match), free(m->code), free(m->zh), free(m->en);
  }
  free(r->institutions);
  for (size_t i = 0; i < r->n_synonyms; i++)
    free_list(r->synonyms[i].words, r->synonyms[i].n);
  free(r->synonyms);
  memset(r, 0, sizeof *r);
}

const struct ps_code *ps_code_find(const struct ps_code *v, size_t n, const char *code) {
  for (size_t i = 0; code && i < n; i++)
    if (!strcmp(v[i].code, code))
      return &v[i];
  return NULL;
}

const struct ps_term *ps_term_find(const struct ps_refdata *r, int term) {
  for (size_t i = 0; i < r->n_terms; i++)
    if (r->terms[i].term == term)
      return &r->terms[i];
  return NULL;
}

struct hit {
  size_t inst, start, len;
};

static size_t match_in(const struct ps_refdata *r, const char *text, size_t *idx, size_t max) {
  if (!text || !*text)
    return 0;
  struct hit hits[16];
  size_t nh = 0;
  /* longest match first, so 中国社会科学院 wins over a shorter string inside it */
  for (size_t i = 0; i < r->n_institutions; i++) {
    const struct ps_institution *m = &r->institutions[i];
    for (size_t k = 0; k < m->n_match; k++) {
      const char *at = strstr(text, m->match[k]);
      if (!at)
        continue;
      struct hit h = {i, (size_t)(at - text), strlen(m->match[k])};
      size_t pos = nh;
      while (pos > 0 && hits[pos - 1].len < h.len)
        pos--;
      if (nh == sizeof hits / sizeof *hits) {
        if (pos == nh)
          continue;
        nh--;
      }
      memmove(&hits[pos + 1], &hits[pos], (nh - pos) * sizeof *hits);
      hits[pos] = h;
      nh++;
    }
  }
  size_t n = 0;
  struct hit kept[16];
  size_t nk = 0;
  for (size_t i = 0; i < nh && n < max; i++) {
    bool clash = false;
    for (size_t k = 0; k < nk && !clash; k++)
      clash = hits[i].start < kept[k].start + kept[k].len &&
              kept[k].start < hits[i].start + hits[i].len;
    for (size_t k = 0; k < n && !clash; k++)
      clash = idx[k] == hits[i].inst;
    if (clash)
      continue;
    kept[nk++] = hits[i];
    idx[n++] = hits[i].inst;
  }
  return n;
}

size_t ps_match_institutions(const struct ps_refdata *r, const char *aff_zh, const char *aff_en,
                             size_t *idx, size_t max) {
  size_t n = match_in(r, aff_zh, idx, max);
  return n ? n : match_in(r, aff_en, idx, max);
}
