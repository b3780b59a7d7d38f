/*
 * record.c: one line of sessions.jsonl, parsed into struct psst_session and checked
 * field by field against the codebook and the terms file.
 *
 * Errors are values that cannot be right (a date that does not exist, an unknown
 * topic code); warnings are values not known yet (a null date, an empty title),
 * which the record may keep while it is being completed (docs/data-format.md).
 */
#include "internal.h"
#include "jsonutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The data model, in the order records are written. */
static const char *const keys[] = {"term",     "number", "date",      "leader",     "title_zh",
                                   "title_en", "format", "lecturers", "speakers",   "topic",
                                   "topics",   "tech",   "sources",   "confidence", "notes"};
enum { NKEYS = sizeof keys / sizeof *keys };

static const char *const lecturer_keys[] = {"name_zh", "name_en", "affiliation_zh",
                                            "affiliation_en"};

struct rctx {
  const char *file;
  size_t line;
  const struct ps_refdata *r;
  struct psst_diags *d;
  int errors;
  int nomem;
};

static void error(struct rctx *c, const char *field, const char *kind, const char *fmt, ...)
    PS_PRINTF(4, 5);
static void error(struct rctx *c, const char *field, const char *kind, const char *fmt, ...) {
  c->errors++;
  va_list ap;
  va_start(ap, fmt);
  if (ps_diag_addv(c->d, PSST_ERROR, c->file, c->line, field, kind, fmt, ap))
    c->nomem = 1;
  va_end(ap);
}

static void warn(struct rctx *c, const char *field, const char *kind, const char *msg) {
  if (ps_diag_add(c->d, PSST_WARNING, c->file, c->line, field, kind, "%s", msg))
    c->nomem = 1;
}

static char *dup(struct rctx *c, const char *s) {
  char *d = ps_strdup(s);
  if (!d)
    c->nomem = 1;
  return d;
}

bool ps_valid_date(const char *s) {
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    return false;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
      return false;
  int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || m < 1 || m > 12 || d < 1)
    return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= mdays[m - 1] + (m == 2 && leap);
}

/* Days since 1970-01-01 of a YYYY-MM-DD date (Howard Hinnant's days_from_civil). */
long ps_days(const char *d) {
  long y = atol(d), m = atol(d + 5), dd = atol(d + 8);
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* A string member that may be null (returns NULL) or must be a string. */
static const char *opt_str(struct rctx *c, json_t *o, const char *key, bool nullable, bool *ok) {
  json_t *v = json_object_get(o, key);
  *ok = true;
  if (!v)
    return NULL; /* missing keys are reported once, up front */
  if (json_is_null(v) && nullable)
    return NULL;
  if (!json_is_string(v)) {
    error(c, key, "bad-type",
          nullable ? "must be a string or null, not %s" : "must be a string, not %s",
          ps_json_type_name(v));
    *ok = false;
    return NULL;
  }
  return json_string_value(v);
}

/* An array of strings, each a known code when `codes` is given; fills out and n. */
static void str_array(struct rctx *c, json_t *o, const char *key, char ***out, size_t *n,
                      const struct ps_code *codes, size_t ncodes, const char *unknown_kind) {
  json_t *v = json_object_get(o, key);
  if (!v)
    return;
  if (!json_is_array(v)) {
    error(c, key, "bad-type", "must be an array, not %s", ps_json_type_name(v));
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
      error(c, field, "bad-type", "must be a string, not %s", ps_json_type_name(item));
      continue;
    }
    const char *s = json_string_value(item);
    if (codes && !ps_code_find(codes, ncodes, s)) {
      error(c, field, unknown_kind, "unknown code '%s' (see codebook.json)", s);
      continue;
    }
    for (size_t k = 0; k < *n; k++)
      if (!strcmp((*out)[k], s)) {
        error(c, field, "duplicate-value", "'%s' is listed twice", s);
        s = NULL;
        break;
      }
    if (s)
      (*out)[(*n)++] = dup(c, s);
  }
}

static bool valid_url(const char *s) {
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

static void parse_lecturers(struct rctx *c, json_t *o, struct psst_session *s) {
  json_t *v = json_object_get(o, "lecturers");
  if (!v)
    return;
  if (!json_is_array(v)) {
    error(c, "lecturers", "bad-type", "must be an array, not %s", ps_json_type_name(v));
    return;
  }
  size_t cnt = json_array_size(v), i;
  json_t *item;
  s->lecturers = calloc(cnt ? cnt : 1, sizeof *s->lecturers);
  if (!s->lecturers) {
    c->nomem = 1;
    return;
  }
  json_array_foreach(v, i, item) {
    char field[80];
    snprintf(field, sizeof field, "lecturers[%zu]", i);
    if (!json_is_object(item)) {
      error(c, field, "bad-type", "must be an object, not %s", ps_json_type_name(item));
      continue;
    }
    const char *val[4] = {0};
    bool ok = true;
    for (int k = 0; k < 4; k++) {
      json_t *f = json_object_get(item, lecturer_keys[k]);
      snprintf(field, sizeof field, "lecturers[%zu].%s", i, lecturer_keys[k]);
      if (!f) {
        error(c, field, "missing-key", "missing key '%s'", lecturer_keys[k]);
        ok = false;
      } else if (!json_is_string(f)) {
        error(c, field, "bad-type", "must be a string, not %s", ps_json_type_name(f));
        ok = false;
      } else {
        val[k] = json_string_value(f);
      }
    }
    const char *key;
    json_t *unused;
    json_object_foreach(item, key, unused) {
      bool known = false;
      for (int k = 0; k < 4; k++)
        known |= !strcmp(key, lecturer_keys[k]);
      if (!known) {
        snprintf(field, sizeof field, "lecturers[%zu].%s", i, key);
        error(c, field, "unknown-key", "unknown key '%s'", key);
      }
    }
    if (!ok)
      continue;
    snprintf(field, sizeof field, "lecturers[%zu]", i);
    if (!*val[0] && !*val[1]) {
      error(c, field, "bad-lecturer", "a lecturer needs name_zh or name_en");
      continue;
    }
    if (!*val[0])
      warn(c, field, "no-name-zh", "lecturer without a Chinese name");
    struct psst_lecturer *l = &s->lecturers[s->n_lecturers++];
    l->name_zh = dup(c, val[0]);
    l->name_en = dup(c, val[1]);
    l->affiliation_zh = dup(c, val[2]);
    l->affiliation_en = dup(c, val[3]);
  }
}

int ps_record_parse(const char *text, size_t len, const char *file, size_t line,
                    const struct ps_refdata *r, struct psst_session *s, struct psst_diags *d) {
  struct rctx c = {.file = file, .line = line, .r = r, .d = d};
  size_t bad_at = ps_utf8_check(text, len);
  if (bad_at) {
    error(&c, "", "bad-utf8", "invalid UTF-8 at column %zu", bad_at);
    return c.nomem ? PSST_ENOMEM : PSST_EDATA;
  }
  json_error_t je;
  json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
  if (!o) {
    error(&c, "", "bad-json", "invalid JSON at column %d: %s", je.column, je.text);
    return c.nomem ? PSST_ENOMEM : PSST_EDATA;
  }
  if (!json_is_object(o)) {
    error(&c, "", "bad-json", "a record must be a JSON object, not %s", ps_json_type_name(o));
    json_decref(o);
    return PSST_EDATA;
  }
  for (int k = 0; k < NKEYS; k++)
    if (!json_object_get(o, keys[k]))
      error(&c, keys[k], "missing-key", "missing key '%s'", keys[k]);
  const char *key;
  json_t *v;
  json_object_foreach(o, key, v) {
    bool known = false;
    for (int k = 0; k < NKEYS && !known; k++)
      known = !strcmp(key, keys[k]);
    if (!known)
      error(&c, key, "unknown-key", "unknown key '%s' (see docs/data-format.md)", key);
  }

  /* term and number */
  const struct ps_term *term = NULL;
  v = json_object_get(o, "term");
  if (v && (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000)) {
    error(&c, "term", "bad-type", "must be a positive integer");
  } else if (v) {
    s->term = (int)json_integer_value(v);
    if (!(term = ps_term_find(r, s->term)))
      error(&c, "term", "unknown-term", "term %d is not in terms.json", s->term);
  }
  v = json_object_get(o, "number");
  if (v && (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000000))
    error(&c, "number", "bad-number", "must be a positive integer");
  else if (v)
    s->number = (int)json_integer_value(v);

  bool ok;
  const char *str;

  /* date: the day the session was held */
  str = opt_str(&c, o, "date", true, &ok);
  if (ok && str && !ps_valid_date(str)) {
    error(&c, "date", "bad-date", "'%s' is not a calendar date YYYY-MM-DD", str);
  } else if (ok && str) {
    s->date = dup(&c, str);
    if (term && (strcmp(str, term->from) < 0 || (*term->to && strcmp(str, term->to) > 0)))
      error(&c, "date", "date-outside-term", "%s is outside term %d (%s to %s)", str, term->term,
            term->from, *term->to ? term->to : "today");
  } else if (ok && json_object_get(o, "date")) {
    warn(&c, "date", "no-date", "date not known yet");
  }

  str = opt_str(&c, o, "leader", false, &ok);
  if (str) {
    s->leader = dup(&c, str);
    if (term && strcmp(str, term->leader))
      error(&c, "leader", "leader-mismatch", "'%s' did not lead this term (terms.json says '%s')",
            str, term->leader);
  }

  str = opt_str(&c, o, "title_zh", false, &ok);
  if (str) {
    s->title_zh = dup(&c, str);
    if (!*str)
      warn(&c, "title_zh", "no-title-zh", "Chinese title not known yet");
  }
  str = opt_str(&c, o, "title_en", false, &ok);
  if (str) {
    s->title_en = dup(&c, str);
    if (!*str)
      warn(&c, "title_en", "no-title-en", "English title not written yet");
  }

  str = opt_str(&c, o, "format", true, &ok);
  if (ok && str && !ps_code_find(r->formats, r->n_formats, str))
    error(&c, "format", "unknown-format", "unknown format '%s' (see codebook.json)", str);
  else if (ok && str)
    s->format = dup(&c, str);
  else if (ok && json_object_get(o, "format"))
    warn(&c, "format", "no-format", "format not known yet");

  parse_lecturers(&c, o, s);
  str_array(&c, o, "speakers", &s->speakers, &s->n_speakers, NULL, 0, NULL);
  if (s->format && !strcmp(s->format, "lecture") && !s->n_lecturers &&
      json_is_array(json_object_get(o, "lecturers")))
    warn(&c, "lecturers", "no-lecturers", "lecture without lecturers");
  if (s->format && !strcmp(s->format, "self-study") && !s->n_speakers &&
      json_is_array(json_object_get(o, "speakers")))
    warn(&c, "speakers", "no-speakers", "self-study session without speakers");

  str = opt_str(&c, o, "topic", true, &ok);
  if (ok && str && !ps_code_find(r->topics, r->n_topics, str))
    error(&c, "topic", "unknown-topic", "unknown topic code '%s' (see codebook.json)", str);
  else if (ok && str)
    s->topic = dup(&c, str);
  else if (ok && json_object_get(o, "topic"))
    warn(&c, "topic", "no-topic", "primary topic not coded yet");

  str_array(&c, o, "topics", &s->topics, &s->n_topics, r->topics, r->n_topics, "unknown-topic");
  if (s->n_topics > 2)
    error(&c, "topics", "too-many-topics", "at most two secondary topics, not %zu", s->n_topics);
  for (size_t i = 0; s->topic && i < s->n_topics; i++)
    if (!strcmp(s->topics[i], s->topic))
      error(&c, "topics", "duplicate-value", "'%s' is already the primary topic", s->topic);
  str_array(&c, o, "tech", &s->tech, &s->n_tech, r->tags, r->n_tags, "unknown-tag");

  str_array(&c, o, "sources", &s->sources, &s->n_sources, NULL, 0, NULL);
  for (size_t i = 0; i < s->n_sources; i++)
    if (!valid_url(s->sources[i])) {
      char field[32];
      snprintf(field, sizeof field, "sources[%zu]", i);
      error(&c, field, "bad-source", "'%s' is not an http(s) URL", s->sources[i]);
    }
  if (!s->n_sources && json_is_array(json_object_get(o, "sources")))
    warn(&c, "sources", "no-sources", "no source yet");

  str = opt_str(&c, o, "confidence", false, &ok);
  if (str && !ps_code_find(r->confidence, r->n_confidence, str))
    error(&c, "confidence", "bad-confidence", "'%s' is not high, medium or low", str);
  else if (str) {
    s->confidence = dup(&c, str);
    if (strcmp(str, "high"))
      warn(&c, "confidence", "not-high-confidence", "confidence below high");
  }
  str = opt_str(&c, o, "notes", false, &ok);
  if (str)
    s->notes = dup(&c, str);

  json_decref(o);
  if (c.nomem)
    return PSST_ENOMEM;
  return c.errors ? PSST_EDATA : PSST_OK;
}

static int put_key(struct ps_buf *b, const char *key, bool first) {
  int rc = first ? PSST_OK : ps_buf_puts(b, ", ");
  rc |= ps_buf_json_str(b, key);
  return rc | ps_buf_puts(b, ": ");
}

static int put_str(struct ps_buf *b, const char *key, const char *v, bool first) {
  int rc = put_key(b, key, first);
  return rc | (v ? ps_buf_json_str(b, v) : ps_buf_puts(b, "null"));
}

static int put_list(struct ps_buf *b, const char *key, char **v, size_t n) {
  int rc = put_key(b, key, false) | ps_buf_putc(b, '[');
  for (size_t i = 0; i < n; i++)
    rc |= (i ? ps_buf_puts(b, ", ") : 0) | ps_buf_json_str(b, v[i]);
  return rc | ps_buf_putc(b, ']');
}

int ps_record_to_json(const struct psst_session *s, struct ps_buf *b) {
  int rc = ps_buf_putc(b, '{');
  rc |= put_key(b, "term", true) | ps_buf_printf(b, "%d", s->term);
  rc |= put_key(b, "number", false) | ps_buf_printf(b, "%d", s->number);
  rc |= put_str(b, "date", s->date, false);
  rc |= put_str(b, "leader", s->leader ? s->leader : "", false);
  rc |= put_str(b, "title_zh", s->title_zh ? s->title_zh : "", false);
  rc |= put_str(b, "title_en", s->title_en ? s->title_en : "", false);
  rc |= put_str(b, "format", s->format, false);
  rc |= put_key(b, "lecturers", false) | ps_buf_putc(b, '[');
  for (size_t i = 0; i < s->n_lecturers; i++) {
    const struct psst_lecturer *l = &s->lecturers[i];
    rc |= (i ? ps_buf_puts(b, ", ") : 0) | ps_buf_putc(b, '{');
    rc |= put_str(b, "name_zh", l->name_zh ? l->name_zh : "", true);
    rc |= put_str(b, "name_en", l->name_en ? l->name_en : "", false);
    rc |= put_str(b, "affiliation_zh", l->affiliation_zh ? l->affiliation_zh : "", false);
    rc |= put_str(b, "affiliation_en", l->affiliation_en ? l->affiliation_en : "", false);
    rc |= ps_buf_putc(b, '}');
  }
  rc |= ps_buf_putc(b, ']');
  rc |= put_list(b, "speakers", s->speakers, s->n_speakers);
  rc |= put_str(b, "topic", s->topic, false);
  rc |= put_list(b, "topics", s->topics, s->n_topics);
  rc |= put_list(b, "tech", s->tech, s->n_tech);
  rc |= put_list(b, "sources", s->sources, s->n_sources);
  rc |= put_str(b, "confidence", s->confidence ? s->confidence : "low", false);
  rc |= put_str(b, "notes", s->notes ? s->notes : "", false);
  rc |= ps_buf_putc(b, '}');
  return rc ? PSST_ENOMEM : PSST_OK;
}

static void free_list(char **v, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

void psst_session_release(struct psst_session *s) {
  if (!s)
    return;
  free(s->date), free(s->leader), free(s->title_zh), free(s->title_en), free(s->format);
  for (size_t i = 0; i < s->n_lecturers; i++) {
    struct psst_lecturer *l = &s->lecturers[i];
    free(l->name_zh), free(l->name_en), free(l->affiliation_zh), free(l->affiliation_en);
  }
  free(s->lecturers);
  free_list(s->speakers, s->n_speakers);
  free(s->topic);
  free_list(s->topics, s->n_topics);
  free_list(s->tech, s->n_tech);
  free_list(s->sources, s->n_sources);
  free(s->confidence), free(s->notes);
  memset(s, 0, sizeof *s);
}
