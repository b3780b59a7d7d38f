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
#include "parse_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The data model, in the order records are written. */
static const char *const keys[] = {"term",     "number", "date",      "leader",     "title_zh",
                                   "title_en", "format", "lecturers", "speakers",   "topic",
                                   "topics",   "tech",   "sources",   "confidence", "notes"};
enum { NKEYS = sizeof keys / sizeof *keys };
/* Keys a record may leave out. */
static const char *const optional_keys[] = {"date_window", "added", "updated"};

/* What a source of a session may support. */
static const char *const session_support_names[] = {"date",   "number",    "title_zh",
                                                    "format", "lecturers", "speakers"};
static const struct ps_supports session_supports = {
    session_support_names, sizeof session_support_names / sizeof *session_support_names,
    "date, number, title_zh, format, lecturers, speakers"};

static const char *const lecturer_keys[] = {"name_zh", "name_en", "affiliation_zh",
                                            "affiliation_en"};

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
static void parse_lecturers(struct ps_pctx *c, json_t *o, struct psst_session *s) {
  json_t *v = json_object_get(o, "lecturers");
  if (!v)
    return;
  if (!json_is_array(v)) {
    ps_perror(c, "lecturers", "bad-type", "must be an array, not %s", ps_json_type_name(v));
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
      ps_perror(c, field, "bad-type", "must be an object, not %s", ps_json_type_name(item));
      continue;
    }
    const char *val[4] = {0};
    bool ok = true;
    for (int k = 0; k < 4; k++) {
      json_t *f = json_object_get(item, lecturer_keys[k]);
      snprintf(field, sizeof field, "lecturers[%zu].%s", i, lecturer_keys[k]);
      if (!f) {
        ps_perror(c, field, "missing-key", "missing key '%s'", lecturer_keys[k]);
        ok = false;
      } else if (!json_is_string(f)) {
        ps_perror(c, field, "bad-type", "must be a string, not %s", ps_json_type_name(f));
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
        ps_perror(c, field, "unknown-key", "unknown key '%s'", key);
      }
    }
    if (!ok)
      continue;
    snprintf(field, sizeof field, "lecturers[%zu]", i);
    if (!*val[0] && !*val[1]) {
      ps_perror(c, field, "bad-lecturer", "a lecturer needs name_zh or name_en");
      continue;
    }
    if (!*val[0])
      ps_pwarn(c, field, "no-name-zh", "lecturer without a Chinese name");
    struct psst_lecturer *l = &s->lecturers[s->n_lecturers++];
    l->name_zh = ps_pdup(c, val[0]);
    l->name_en = ps_pdup(c, val[1]);
    l->affiliation_zh = ps_pdup(c, val[2]);
    l->affiliation_en = ps_pdup(c, val[3]);
  }
}

/* The fields a source may say it supports. */
static void parse_date_window(struct ps_pctx *c, json_t *o, struct psst_session *s,
                              const struct ps_term *term) {
  json_t *v = json_object_get(o, "date_window");
  if (!v || json_is_null(v))
    return;
  if (!json_is_object(v)) {
    ps_perror(c, "date_window", "bad-type", "must be an object {from, to, basis, sources}, not %s",
              ps_json_type_name(v));
    return;
  }
  const char *key;
  json_t *unused;
  json_object_foreach(v, key, unused) if (strcmp(key, "from") && strcmp(key, "to") &&
                                          strcmp(key, "basis") && strcmp(key, "sources")) {
    char f[96];
    snprintf(f, sizeof f, "date_window.%s", key);
    ps_perror(c, f, "unknown-key", "unknown key '%s' (a window has from, to, basis, sources)", key);
  }
  const char *from = ps_src_str(c, v, "from", "date_window", true, false);
  const char *to = ps_src_str(c, v, "to", "date_window", true, false);
  const char *basis = ps_src_str(c, v, "basis", "date_window", true, false);
  if (s->date) {
    ps_perror(c, "date_window", "window-with-date", "a session with a known date needs no window");
    return;
  }
  if (!from || !to || !basis)
    return;
  if (!ps_valid_date(from) || !ps_valid_date(to) || strcmp(from, to) > 0) {
    ps_perror(c, "date_window", "bad-window", "'%s' to '%s' is not a window of calendar dates",
              from, to);
    return;
  }
  if (term && (strcmp(from, term->from) < 0 || (*term->to && strcmp(to, term->to) > 0)))
    ps_perror(c, "date_window", "date-outside-term", "%s to %s reaches outside term %d", from, to,
              term->term);
  if (!*basis)
    ps_perror(c, "date_window.basis", "bad-window", "say what bounds the date");
  struct psst_date_window *w = calloc(1, sizeof *w);
  if (!w) {
    c->nomem = 1;
    return;
  }
  s->date_window = w;
  w->from = ps_pdup(c, from), w->to = ps_pdup(c, to), w->basis = ps_pdup(c, basis);
  ps_str_array(c, v, "sources", &w->sources, &w->n_sources, NULL, 0, NULL);
  if (!w->n_sources)
    ps_perror(c, "date_window.sources", "no-sources", "a window needs the source of its bounds");
  for (size_t i = 0; i < w->n_sources; i++) {
    char f[64];
    snprintf(f, sizeof f, "date_window.sources[%zu]", i);
    ps_check_url(c, w->sources[i], f);
  }
}

/* Whether an official source supports field. */
static bool official_support(struct ps_pctx *c, const struct psst_session *s, const char *field) {
  for (size_t i = 0; i < s->n_sources; i++) {
    const struct psst_source *src = &s->sources[i];
    const struct ps_code *k =
        src->kind ? ps_code_find(c->r->source_kinds, c->r->n_source_kinds, src->kind) : NULL;
    if (!k || !k->official)
      continue;
    for (size_t j = 0; j < src->n_supports; j++)
      if (!strcmp(src->supports[j], field))
        return true;
  }
  return false;
}

/*
 * The confidence rule (docs/sources.md): a high record's date, Chinese title and
 * lecturers (or speakers) each rest on an official text, so a forum, a blog or a
 * round-up can never be all that a high record stands on.
 */
static void check_high(struct ps_pctx *c, const struct psst_session *s) {
  const char *missing[4];
  size_t n = 0;
  if (!s->date || !official_support(c, s, "date"))
    missing[n++] = "date";
  if (!s->title_zh || !*s->title_zh || !official_support(c, s, "title_zh"))
    missing[n++] = "title_zh";
  if (s->format && !strcmp(s->format, "lecture") &&
      (!s->n_lecturers || !official_support(c, s, "lecturers")))
    missing[n++] = "lecturers";
  if (s->format && !strcmp(s->format, "self-study") &&
      (!s->n_speakers || !official_support(c, s, "speakers")))
    missing[n++] = "speakers";
  if (!n)
    return;
  char list[64] = "";
  for (size_t i = 0; i < n; i++) {
    strcat(list, i ? (i + 1 == n ? " and " : ", ") : "");
    strcat(list, missing[i]);
  }
  ps_perror(c, "confidence", "unsupported-high",
            "'high' needs a readout, a broadcast text or a faithful copy that supports %s "
            "(give it in sources with \"supports\"), or a lower confidence",
            list);
}

/* A day of the record's own history (added, updated): a calendar date when given. */
static char *record_day(struct ps_pctx *c, json_t *o, const char *key, const char *kind) {
  bool ok;
  const char *str = ps_opt_str(c, o, key, false, &ok);
  if (str && !ps_valid_date(str)) {
    ps_perror(c, key, kind, "'%s' is not a calendar date YYYY-MM-DD", str);
    return NULL;
  }
  return str ? ps_pdup(c, str) : NULL;
}

int ps_record_parse(const char *text, size_t len, const char *file, size_t line,
                    const struct ps_refdata *r, struct psst_session *s, struct psst_diags *d) {
  struct ps_pctx c = {.file = file, .line = line, .r = r, .d = d};
  size_t bad_at = ps_utf8_check(text, len);
  if (bad_at) {
    ps_perror(&c, "", "bad-utf8", "invalid UTF-8 at column %zu", bad_at);
    return c.nomem ? PSST_ENOMEM : PSST_EDATA;
  }
  json_error_t je;
  json_t *o = ps_json_parse(text, len, JSON_REJECT_DUPLICATES, &je);
  if (!o && ps_json_nomem(&je))
    return PSST_ENOMEM; /* the parser's own allocation: not the record's fault */
  if (!o) {
    ps_perror(&c, "", "bad-json", "invalid JSON at column %d: %s", je.column,
              ps_json_error_text(&je, text, len));
    return c.nomem ? PSST_ENOMEM : PSST_EDATA;
  }
  if (!json_is_object(o)) {
    ps_perror(&c, "", "bad-json", "a record must be a JSON object, not %s", ps_json_type_name(o));
    json_decref(o);
    return PSST_EDATA;
  }
  for (int k = 0; k < NKEYS; k++)
    if (!json_object_get(o, keys[k]))
      ps_perror(&c, keys[k], "missing-key", "missing key '%s'", keys[k]);
  const char *key;
  json_t *v;
  json_object_foreach(o, key, v) {
    bool known = false;
    for (int k = 0; k < NKEYS && !known; k++)
      known = !strcmp(key, keys[k]);
    for (size_t k = 0; k < sizeof optional_keys / sizeof *optional_keys && !known; k++)
      known = !strcmp(key, optional_keys[k]);
    if (!known)
      ps_perror(&c, key, "unknown-key", "unknown key '%s' (see docs/data-format.md)", key);
  }

  /* term and number */
  const struct ps_term *term = NULL;
  v = json_object_get(o, "term");
  if (v && (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000)) {
    ps_perror(&c, "term", "bad-type", "must be a positive integer");
  } else if (v) {
    s->term = (int)json_integer_value(v);
    if (!(term = ps_term_find(r, s->term)))
      ps_perror(&c, "term", "unknown-term", "term %d is not in terms.json", s->term);
  }
  v = json_object_get(o, "number");
  if (v && (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000000))
    ps_perror(&c, "number", "bad-number", "must be a positive integer");
  else if (v)
    s->number = (int)json_integer_value(v);

  bool ok;
  const char *str;

  /* date: the day the session was held */
  str = ps_opt_str(&c, o, "date", true, &ok);
  if (ok && str && !ps_valid_date(str)) {
    ps_perror(&c, "date", "bad-date", "'%s' is not a calendar date YYYY-MM-DD", str);
  } else if (ok && str) {
    s->date = ps_pdup(&c, str);
    if (term && (strcmp(str, term->from) < 0 || (*term->to && strcmp(str, term->to) > 0)))
      ps_perror(&c, "date", "date-outside-term", "%s is outside term %d (%s to %s)", str,
                term->term, term->from, *term->to ? term->to : "today");
  } else if (ok && json_object_get(o, "date")) {
    ps_pwarn(&c, "date", "no-date", "date not known yet");
  }

  str = ps_opt_str(&c, o, "leader", false, &ok);
  if (str) {
    s->leader = ps_pdup(&c, str);
    if (term && strcmp(str, term->leader))
      ps_perror(&c, "leader", "leader-mismatch",
                "'%s' did not lead this term (terms.json says '%s')", str, term->leader);
  }

  str = ps_opt_str(&c, o, "title_zh", false, &ok);
  if (str) {
    s->title_zh = ps_pdup(&c, str);
    if (!*str)
      ps_pwarn(&c, "title_zh", "no-title-zh", "Chinese title not known yet");
  }
  str = ps_opt_str(&c, o, "title_en", false, &ok);
  if (str) {
    s->title_en = ps_pdup(&c, str);
    if (!*str)
      ps_pwarn(&c, "title_en", "no-title-en", "English title not written yet");
  }

  str = ps_opt_str(&c, o, "format", true, &ok);
  if (ok && str && !ps_code_find(r->formats, r->n_formats, str))
    ps_perror(&c, "format", "unknown-format", "unknown format '%s' (see codebook.json)", str);
  else if (ok && str)
    s->format = ps_pdup(&c, str);
  else if (ok && json_object_get(o, "format"))
    ps_pwarn(&c, "format", "no-format", "format not known yet");

  parse_lecturers(&c, o, s);
  ps_str_array(&c, o, "speakers", &s->speakers, &s->n_speakers, NULL, 0, NULL);
  if (s->format && !strcmp(s->format, "lecture") && !s->n_lecturers &&
      json_is_array(json_object_get(o, "lecturers")))
    ps_pwarn(&c, "lecturers", "no-lecturers", "lecture without lecturers");
  if (s->format && !strcmp(s->format, "self-study") && !s->n_speakers &&
      json_is_array(json_object_get(o, "speakers")))
    ps_pwarn(&c, "speakers", "no-speakers", "self-study session without speakers");

  str = ps_opt_str(&c, o, "topic", true, &ok);
  if (ok && str && !ps_code_find(r->topics, r->n_topics, str))
    ps_perror(&c, "topic", "unknown-topic", "unknown topic code '%s' (see codebook.json)", str);
  else if (ok && str)
    s->topic = ps_pdup(&c, str);
  else if (ok && json_object_get(o, "topic"))
    ps_pwarn(&c, "topic", "no-topic", "primary topic not coded yet");

  ps_str_array(&c, o, "topics", &s->topics, &s->n_topics, r->topics, r->n_topics, "unknown-topic");
  if (s->n_topics > 2)
    ps_perror(&c, "topics", "too-many-topics", "at most two secondary topics, not %zu",
              s->n_topics);
  for (size_t i = 0; s->topic && i < s->n_topics; i++)
    if (!strcmp(s->topics[i], s->topic))
      ps_perror(&c, "topics", "duplicate-value", "'%s' is already the primary topic", s->topic);
  ps_str_array(&c, o, "tech", &s->tech, &s->n_tech, r->tags, r->n_tags, "unknown-tag");

  ps_parse_sources(&c, o, &session_supports, &s->sources, &s->n_sources);
  if (!s->n_sources && json_is_array(json_object_get(o, "sources")))
    ps_pwarn(&c, "sources", "no-sources", "no source yet");
  parse_date_window(&c, o, s, term);

  str = ps_opt_str(&c, o, "confidence", false, &ok);
  if (str && !ps_code_find(r->confidence, r->n_confidence, str))
    ps_perror(&c, "confidence", "bad-confidence", "'%s' is not high, medium or low", str);
  else if (str) {
    s->confidence = ps_pdup(&c, str);
    if (strcmp(str, "high"))
      ps_pwarn(&c, "confidence", "not-high-confidence", "confidence below high");
  }
  str = ps_opt_str(&c, o, "notes", false, &ok);
  if (str)
    s->notes = ps_pdup(&c, str);
  if (s->confidence && !strcmp(s->confidence, "high"))
    check_high(&c, s);
  s->added = record_day(&c, o, "added", "bad-added");
  s->updated = record_day(&c, o, "updated", "bad-updated");
  if (s->added && s->updated && strcmp(s->updated, s->added) < 0)
    ps_perror(&c, "updated", "updated-before-added",
              "%s is before the day the record was added (%s)", s->updated, s->added);

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
  if (s->date_window) {
    const struct psst_date_window *w = s->date_window;
    rc |= put_key(b, "date_window", false) | ps_buf_putc(b, '{');
    rc |= put_str(b, "from", w->from, true) | put_str(b, "to", w->to, false);
    rc |= put_str(b, "basis", w->basis ? w->basis : "", false);
    rc |= put_list(b, "sources", w->sources, w->n_sources) | ps_buf_putc(b, '}');
  }
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
  rc |= put_key(b, "sources", false) | ps_buf_putc(b, '[');
  for (size_t i = 0; i < s->n_sources; i++) {
    const struct psst_source *src = &s->sources[i];
    rc |= (i ? ps_buf_puts(b, ", ") : 0) | ps_buf_putc(b, '{');
    rc |= put_str(b, "url", src->url ? src->url : "", true);
    rc |= put_str(b, "publisher", src->publisher ? src->publisher : "", false);
    rc |= put_str(b, "kind", src->kind ? src->kind : "secondary", false);
    rc |= put_str(b, "published", src->published, false);
    rc |= put_list(b, "supports", src->supports, src->n_supports);
    if (src->via)
      rc |= put_str(b, "via", src->via, false);
    if (src->quote)
      rc |= put_str(b, "quote", src->quote, false);
    if (src->note)
      rc |= put_str(b, "note", src->note, false);
    rc |= ps_buf_putc(b, '}');
  }
  rc |= ps_buf_putc(b, ']');
  rc |= put_str(b, "confidence", s->confidence ? s->confidence : "low", false);
  rc |= put_str(b, "notes", s->notes ? s->notes : "", false);
  if (s->added)
    rc |= put_str(b, "added", s->added, false);
  if (s->updated)
    rc |= put_str(b, "updated", s->updated, false);
  rc |= ps_buf_putc(b, '}');
  return rc ? PSST_ENOMEM : PSST_OK;
}

static void free_list(char **v, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

void ps_source_release(struct psst_source *src) {
  free(src->url), free(src->publisher), free(src->kind), free(src->published);
  free_list(src->supports, src->n_supports);
  free(src->via), free(src->quote), free(src->note);
  memset(src, 0, sizeof *src);
}

void psst_source_release(struct psst_source *src) {
  ps_source_release(src);
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
  for (size_t i = 0; i < s->n_sources; i++)
    ps_source_release(&s->sources[i]);
  free(s->sources);
  if (s->date_window) {
    free(s->date_window->from), free(s->date_window->to), free(s->date_window->basis);
    free_list(s->date_window->sources, s->date_window->n_sources);
    free(s->date_window);
  }
  free(s->confidence), free(s->notes), free(s->added), free(s->updated);
  memset(s, 0, sizeof *s);
}
