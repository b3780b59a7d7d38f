/*
 * apply.c: a new record into the data file: fields set from the command line,
 * the same validation as psst check over the data with the record in its place,
 * refusal of duplicates, one atomic write, then the database rebuilt.
 *
 * The data file is the source of truth, so the write is whole-file: the new text
 * goes to a temporary file, is fsynced and renamed over the old one. A reader, or
 * a crash at any point, sees either the old file or the new one. Two writers are
 * kept apart by an advisory lock beside the data file, so that neither loses the
 * other's record.
 */
#include "internal.h"
#include "readout.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

/* ---- field=value ---- */

static int set_str(char **slot, const char *v, bool nullable) {
  free(*slot);
  *slot = nullable && !v[0] ? NULL : ps_strdup(v);
  return (*slot || (nullable && !v[0])) ? PSST_OK : PSST_ENOMEM;
}

static void free_list(char **v, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

/* "a, b,c" into a list; an empty value clears it. */
static int set_list(char ***v, size_t *n, const char *value) {
  free_list(*v, *n);
  *v = NULL;
  *n = 0;
  const char *p = value;
  while (*p) {
    while (*p == ' ' || *p == ',')
      p++;
    const char *e = p;
    while (*e && *e != ',')
      e++;
    const char *t = e;
    while (t > p && t[-1] == ' ')
      t--;
    if (t > p) {
      char **nv = realloc(*v, (*n + 1) * sizeof **v);
      if (!nv)
        return PSST_ENOMEM;
      *v = nv;
      if (!(nv[*n] = malloc((size_t)(t - p) + 1)))
        return PSST_ENOMEM;
      memcpy(nv[*n], p, (size_t)(t - p));
      nv[(*n)++][t - p] = '\0';
    }
    p = e;
  }
  return PSST_OK;
}

/* "name_zh|name_en|affiliation_zh|affiliation_en", missing parts empty. */
static int add_lecturer(struct psst_session *s, const char *value, struct psst_error *err) {
  char *parts[4] = {0};
  const char *p = value;
  for (int k = 0; k < 4; k++) {
    const char *e = strchr(p, '|');
    if (k == 3 && e)
      return ps_err(err, PSST_EINVAL,
                    "lecturers: '%s' has more than four parts (name_zh|name_en|affiliation_zh|"
                    "affiliation_en)",
                    value);
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (!(parts[k] = malloc(n + 1))) {
      for (int j = 0; j < k; j++)
        free(parts[j]);
      return ps_err(err, PSST_ENOMEM, "out of memory");
    }
    memcpy(parts[k], p, n);
    parts[k][n] = '\0';
    p = e ? e + 1 : p + n;
  }
  struct psst_lecturer *v = realloc(s->lecturers, (s->n_lecturers + 1) * sizeof *v);
  if (!v) {
    for (int k = 0; k < 4; k++)
      free(parts[k]);
    return ps_err(err, PSST_ENOMEM, "out of memory");
  }
  s->lecturers = v;
  v[s->n_lecturers++] = (struct psst_lecturer){parts[0], parts[1], parts[2], parts[3]};
  return PSST_OK;
}

static bool parse_int(const char *v, long lo, long hi, int *out) {
  char *end;
  errno = 0;
  long n = strtol(v, &end, 10);
  if (errno || end == v || *end || n < lo || n > hi)
    return false;
  *out = (int)n;
  return true;
}

int psst_session_set(struct psst *p, struct psst_session *s, const char *assignment,
                     struct psst_error *err) {
  (void)p;
  const char *eq = strchr(assignment, '=');
  if (!eq)
    return ps_err(err, PSST_EINVAL, "'%s' is not field=value", assignment);
  size_t kn = (size_t)(eq - assignment);
  const char *v = eq + 1;
  char key[32];
  if (kn == 0 || kn >= sizeof key)
    return ps_err(err, PSST_EINVAL, "'%s' is not field=value", assignment);
  memcpy(key, assignment, kn);
  key[kn] = '\0';
  int rc = PSST_OK;
  if (!strcmp(key, "term") || !strcmp(key, "number")) {
    int n;
    if (!parse_int(v, 1, 100000, &n))
      return ps_err(err, PSST_EINVAL, "%s: '%s' is not a positive number", key, v);
    *(key[0] == 't' ? &s->term : &s->number) = n;
  } else if (!strcmp(key, "date")) {
    if (v[0] && !ps_valid_date(v))
      return ps_err(err, PSST_EINVAL, "date: '%s' is not a date (YYYY-MM-DD)", v);
    rc = set_str(&s->date, v, true);
  } else if (!strcmp(key, "leader")) {
    rc = set_str(&s->leader, v, false);
  } else if (!strcmp(key, "title_zh")) {
    rc = set_str(&s->title_zh, v, false);
  } else if (!strcmp(key, "title_en")) {
    rc = set_str(&s->title_en, v, false);
  } else if (!strcmp(key, "format")) {
    rc = set_str(&s->format, v, true);
  } else if (!strcmp(key, "topic")) {
    rc = set_str(&s->topic, v, true);
  } else if (!strcmp(key, "confidence")) {
    rc = set_str(&s->confidence, v, false);
  } else if (!strcmp(key, "notes")) {
    rc = set_str(&s->notes, v, false);
  } else if (!strcmp(key, "added") || !strcmp(key, "updated")) {
    if (v[0] && !ps_valid_date(v))
      return ps_err(err, PSST_EINVAL, "%s: '%s' is not a date (YYYY-MM-DD)", key, v);
    rc = set_str(key[0] == 'a' ? &s->added : &s->updated, v, true);
  } else if (!strcmp(key, "topics")) {
    rc = set_list(&s->topics, &s->n_topics, v);
  } else if (!strcmp(key, "tech")) {
    rc = set_list(&s->tech, &s->n_tech, v);
  } else if (!strcmp(key, "sources") || !strcmp(key, "source")) {
    if (!v[0]) {
      for (size_t i = 0; i < s->n_sources; i++)
        ps_source_release(&s->sources[i]);
      free(s->sources);
      s->sources = NULL, s->n_sources = 0;
      return PSST_OK;
    }
    struct psst_source src;
    if ((rc = psst_source_parse(v, &src, err)))
      return rc;
    struct psst_source *nv = realloc(s->sources, (s->n_sources + 1) * sizeof *nv);
    if (!nv) {
      ps_source_release(&src);
      rc = PSST_ENOMEM;
    } else {
      s->sources = nv;
      s->sources[s->n_sources++] = src;
    }
  } else if (!strcmp(key, "speakers") || !strcmp(key, "speaker")) {
    /* the first --set replaces what the readout gave, later ones add */
    rc = set_list(&s->speakers, &s->n_speakers, v);
  } else if (!strcmp(key, "lecturers") || !strcmp(key, "lecturer")) {
    if (!v[0]) {
      for (size_t i = 0; i < s->n_lecturers; i++) {
        struct psst_lecturer *l = &s->lecturers[i];
        free(l->name_zh), free(l->name_en), free(l->affiliation_zh), free(l->affiliation_en);
      }
      free(s->lecturers);
      s->lecturers = NULL;
      s->n_lecturers = 0;
      return PSST_OK;
    }
    return add_lecturer(s, v, err);
  } else {
    return ps_err(err, PSST_EINVAL,
                  "'%s' is not a field of a record (term, number, date, leader, title_zh, "
                  "title_en, format, lecturer, speakers, topic, topics, tech, source, "
                  "confidence, notes, added, updated)",
                  key);
  }
  return rc ? ps_err(err, rc, "out of memory") : PSST_OK;
}

int psst_session_to_json(const struct psst_session *s, char **out, struct psst_error *err) {
  struct ps_buf b = {0};
  if (ps_record_to_json(s, &b)) {
    ps_buf_release(&b);
    return ps_err(err, PSST_ENOMEM, "out of memory");
  }
  *out = ps_buf_detach(&b);
  return PSST_OK;
}

/* ---- the write ---- */

/* Today in UTC, YYYY-MM-DD: the day a record enters the data or changes. */
static void today_utc(char out[11]) {
  time_t now = time(NULL);
  struct tm tm;
  if (!gmtime_r(&now, &tm) || !strftime(out, 11, "%Y-%m-%d", &tm))
    snprintf(out, 11, "1970-01-01");
}

struct placing {
  const struct psst_session *s;
  size_t insert_after; /* line after which the record goes (0: at the top) */
  char dup[256];       /* the duplicate found, "" when none */
};

static int place(void *ctx, const struct psst_session *r, const char *text, size_t len,
                 size_t line) {
  (void)text, (void)len;
  struct placing *pl = ctx;
  const struct psst_session *s = pl->s;
  if (r->term == s->term && r->number == s->number)
    snprintf(pl->dup, sizeof pl->dup, "%zu: %d-%d is there already (%s)", line, r->term, r->number,
             r->title_zh[0] ? r->title_zh : "no title yet");
  else if (s->date && r->date && !strcmp(r->date, s->date) && s->title_zh[0] &&
           !strcmp(r->title_zh, s->title_zh))
    snprintf(pl->dup, sizeof pl->dup, "%zu: %d-%d has the same date and subject", line, r->term,
             r->number);
  if (r->term < s->term || (r->term == s->term && r->number < s->number))
    pl->insert_after = line;
  return PSST_OK;
}

static int lock_data(const char *data_dir, int *fd, struct psst_error *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/.sessions.lock", data_dir);
  *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (*fd < 0)
    return ps_err(err, PSST_EIO, "%s: cannot lock the data folder: %s", path, strerror(errno));
  while (flock(*fd, LOCK_EX) != 0)
    if (errno != EINTR) {
      close(*fd);
      return ps_err(err, PSST_EIO, "%s: cannot lock: %s", path, strerror(errno));
    }
  return PSST_OK;
}

/*
 * The new text of the data file: the whole check over it, as psst check runs it (every
 * field of every record, then numbering, order and dates across them), the atomic
 * write, the database rebuilt. Called with the data folder locked.
 */
static int commit(struct psst *p, const char *path, const struct ps_buf *next,
                  struct psst_diags *diags, struct psst_error *err) {
  FILE *mem = fmemopen(next->s, next->len, "r");
  if (!mem)
    return ps_err(err, PSST_EIO, "cannot check the new data: %s", strerror(errno));
  size_t before = diags->n_errors;
  int rc = ps_scan_stream(mem, path, &p->ref, diags, NULL, NULL, err);
  fclose(mem);
  if (rc && rc != PSST_EDATA)
    return rc;
  if (rc || diags->n_errors > before)
    return ps_err(err, PSST_EDATA,
                  "with the record in place the data has errors (the lines are those of the "
                  "file as it would be); nothing was written");
  if ((rc = ps_write_file_atomic(path, next->s, next->len, err)))
    return rc;
  /* the data file is written; a failed rebuild leaves the database to the next command */
  struct psst_diags bd = {.errors_only = true};
  rc = ps_rebuild(p, &bd, err);
  psst_diags_release(&bd);
  /* the record is in: say so, or the user retries and the retry is refused as a
     duplicate of what the failed command did write */
  if (rc && err) {
    char why[sizeof err->msg];
    snprintf(why, sizeof why, "%s", err->msg);
    rc = ps_err(err, rc,
                "the record was written to %s, but the database could not be rebuilt (%s); "
                "do not add it again: run 'psst build' once the cause is fixed",
                path, why);
  }
  return rc;
}

int psst_add(struct psst *p, const struct psst_session *s, struct psst_diags *diags,
             struct psst_error *err) {
  struct ps_buf line = {0};
  struct psst_session again = {0};
  char *old = NULL;
  size_t old_len = 0;
  struct ps_buf next = {0};
  struct placing pl = {.s = s};
  FILE *mem = NULL;
  int lock_fd = -1;
  char path[4096];
  snprintf(path, sizeof path, "%s/sessions.jsonl", p->data_dir);
  /* the record enters the data today, unless the caller dated it: a copy of s that
     borrows its strings */
  char today[11];
  today_utc(today);
  struct psst_session dated = *s;
  if (!dated.added)
    dated.added = today;
  if (!dated.updated)
    dated.updated = strcmp(today, dated.added) > 0 ? today : dated.added;
  int rc = ps_record_to_json(&dated, &line);
  if (rc) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  /* the record alone: every field check, with the new record as the place named */
  if ((rc = ps_record_parse(line.s, line.len, "new record", 1, &p->ref, &again, diags))) {
    rc = rc == PSST_EDATA ? ps_err(err, PSST_EDATA, "the record has errors; nothing was written")
                          : ps_err(err, rc, "out of memory");
    goto out;
  }
  if ((rc = lock_data(p->data_dir, &lock_fd, err)))
    goto out;
  if ((rc = ps_read_file(path, &old, &old_len, err)))
    goto out;
  /* where it goes and whether it is already there */
  if (!(mem = fmemopen(old_len ? old : (char *)"", old_len ? old_len : 1, "r"))) {
    rc = ps_err(err, PSST_EIO, "cannot read %s: %s", path, strerror(errno));
    goto out;
  }
  struct psst_diags scan = {.errors_only = true};
  rc = ps_scan_stream(mem, path, &p->ref, &scan, place, &pl, err);
  fclose(mem);
  mem = NULL;
  size_t scan_errors = scan.n_errors;
  psst_diags_release(&scan);
  if (rc && rc != PSST_EDATA)
    goto out;
  if (rc || scan_errors) {
    rc = ps_err(err, PSST_EDATA, "%s has errors already (see psst check); nothing was written",
                path);
    goto out;
  }
  if (pl.dup[0]) {
    rc = ps_err(err, PSST_EDATA, "refused, a duplicate: %s:%s; nothing was written", path, pl.dup);
    goto out;
  }
  /* the new text: the old lines up to the place, the record, the rest */
  size_t cut = 0, ln = 0;
  while (cut < old_len && ln < pl.insert_after) {
    const char *nl = memchr(old + cut, '\n', old_len - cut);
    cut = nl ? (size_t)(nl - old) + 1 : old_len;
    ln++;
  }
  rc = ps_buf_add(&next, old, cut);
  if (cut > 0 && old[cut - 1] != '\n')
    rc |= ps_buf_putc(&next, '\n');
  rc |= ps_buf_add(&next, line.s, line.len) | ps_buf_putc(&next, '\n');
  rc |= ps_buf_add(&next, old + cut, old_len - cut);
  if (rc) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  rc = commit(p, path, &next, diags, err);
out:
  if (lock_fd >= 0)
    close(lock_fd); /* releases the lock */
  ps_buf_release(&next);
  free(old);
  psst_session_release(&again);
  ps_buf_release(&line);
  return rc;
}

/* ---- filling the empty fields of a record ---- */

struct finding_line {
  int term, number;
  size_t line; /* 0 when not found */
};

static int find_line(void *ctx, const struct psst_session *r, const char *text, size_t len,
                     size_t line) {
  (void)text, (void)len;
  struct finding_line *fl = ctx;
  if (r->term == fl->term && r->number == fl->number)
    fl->line = line;
  return PSST_OK;
}

static int copy_str(char **dst, const char *src) {
  free(*dst);
  *dst = ps_strdup(src);
  return *dst ? PSST_OK : PSST_ENOMEM;
}

/* Fills rec's empty fields from s; *changed tells whether any was. */
static int fill_fields(struct psst_session *rec, const struct psst_session *s, bool *changed) {
  int rc = PSST_OK;
  if (!rec->date && s->date)
    rc |= copy_str(&rec->date, s->date), *changed = true;
  if (!rec->title_zh[0] && s->title_zh && s->title_zh[0])
    rc |= copy_str(&rec->title_zh, s->title_zh), *changed = true;
  if (!rec->format && s->format)
    rc |= copy_str(&rec->format, s->format), *changed = true;
  if (!rec->n_lecturers && s->n_lecturers && rec->format && !strcmp(rec->format, "lecture")) {
    free(rec->lecturers); /* an empty list may still be an allocation */
    rec->lecturers = calloc(s->n_lecturers, sizeof *rec->lecturers);
    if (!rec->lecturers)
      return PSST_ENOMEM;
    for (size_t i = 0; i < s->n_lecturers; i++) {
      const struct psst_lecturer *a = &s->lecturers[i];
      struct psst_lecturer *b = &rec->lecturers[i];
      rc |= copy_str(&b->name_zh, a->name_zh ? a->name_zh : "") |
            copy_str(&b->name_en, a->name_en ? a->name_en : "") |
            copy_str(&b->affiliation_zh, a->affiliation_zh ? a->affiliation_zh : "") |
            copy_str(&b->affiliation_en, a->affiliation_en ? a->affiliation_en : "");
      rec->n_lecturers++;
    }
    *changed = true;
  }
  /* lecturers the record names in English only get their Chinese names and posts, in
   * the readout's order, when the counts agree */
  bool no_zh = rec->n_lecturers && rec->n_lecturers == s->n_lecturers;
  for (size_t i = 0; i < rec->n_lecturers && no_zh; i++)
    no_zh = !rec->lecturers[i].name_zh || !rec->lecturers[i].name_zh[0];
  for (size_t i = 0; no_zh && i < rec->n_lecturers; i++) {
    struct psst_lecturer *b = &rec->lecturers[i];
    const struct psst_lecturer *a = &s->lecturers[i];
    rc |= copy_str(&b->name_zh, a->name_zh ? a->name_zh : "");
    if ((!b->affiliation_zh || !b->affiliation_zh[0]) && a->affiliation_zh)
      rc |= copy_str(&b->affiliation_zh, a->affiliation_zh);
    *changed = true;
  }
  /* the new sources go after the record's own, once each address */
  for (size_t i = 0; i < s->n_sources && rc == PSST_OK; i++) {
    bool have = false;
    for (size_t j = 0; j < rec->n_sources && !have; j++)
      have = !strcmp(rec->sources[j].url, s->sources[i].url);
    if (have)
      continue;
    struct psst_source *v = realloc(rec->sources, (rec->n_sources + 1) * sizeof *v);
    if (!v)
      return PSST_ENOMEM;
    rec->sources = v;
    const struct psst_source *a = &s->sources[i];
    struct psst_source *b = &v[rec->n_sources];
    if (ps_source_from_url(a->url, a->publisher, a->kind, a->published, b))
      return PSST_ENOMEM;
    rec->n_sources++;
    for (size_t k = 0; k < a->n_supports; k++)
      rc |= ps_source_support(b, a->supports[k]);
    if (a->quote && !(b->quote = ps_strdup(a->quote)))
      rc = PSST_ENOMEM;
    *changed = true;
  }
  return rc ? PSST_ENOMEM : PSST_OK;
}

int psst_fill(struct psst *p, const struct psst_session *s, struct psst_diags *diags, bool *changed,
              struct psst_error *err) {
  char *old = NULL;
  size_t old_len = 0;
  struct ps_buf line = {0}, next = {0};
  struct psst_session rec = {0};
  int lock_fd = -1;
  char path[4096];
  snprintf(path, sizeof path, "%s/sessions.jsonl", p->data_dir);
  *changed = false;
  int rc = lock_data(p->data_dir, &lock_fd, err);
  if (rc)
    goto out;
  if ((rc = ps_read_file(path, &old, &old_len, err)))
    goto out;
  FILE *mem = fmemopen(old_len ? old : (char *)"", old_len ? old_len : 1, "r");
  if (!mem) {
    rc = ps_err(err, PSST_EIO, "cannot read %s: %s", path, strerror(errno));
    goto out;
  }
  struct finding_line fl = {.term = s->term, .number = s->number};
  struct psst_diags scan = {.errors_only = true};
  rc = ps_scan_stream(mem, path, &p->ref, &scan, find_line, &fl, err);
  fclose(mem);
  size_t scan_errors = scan.n_errors;
  psst_diags_release(&scan);
  if (rc && rc != PSST_EDATA)
    goto out;
  if (rc || scan_errors) {
    rc = ps_err(err, PSST_EDATA, "%s has errors already (see psst check); nothing was written",
                path);
    goto out;
  }
  if (!fl.line) {
    rc = ps_err(err, PSST_ENOTFOUND, "no session %d-%d in %s", s->term, s->number, path);
    goto out;
  }
  /* the record's line, parsed, filled and written back in its place */
  size_t a = 0, ln = 1;
  while (ln < fl.line && a < old_len) {
    const char *nl = memchr(old + a, '\n', old_len - a);
    a = nl ? (size_t)(nl - old) + 1 : old_len;
    ln++;
  }
  const char *nl = memchr(old + a, '\n', old_len - a);
  size_t b = nl ? (size_t)(nl - old) : old_len;
  struct psst_diags d1 = {.errors_only = true};
  rc = ps_record_parse(old + a, b - a, path, fl.line, &p->ref, &rec, &d1);
  psst_diags_release(&d1);
  if (rc) {
    rc = ps_err(err, rc == PSST_ENOMEM ? rc : PSST_EDATA, "%s:%zu: the record does not parse", path,
                fl.line);
    goto out;
  }
  if ((rc = fill_fields(&rec, s, changed))) {
    rc = ps_err(err, rc, "out of memory");
    goto out;
  }
  if (!*changed)
    goto out;
  /* the record changed today */
  char today[11];
  today_utc(today);
  if (copy_str(&rec.updated, today)) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  if (ps_record_to_json(&rec, &line) || ps_buf_add(&next, old, a) ||
      ps_buf_add(&next, line.s, line.len) || ps_buf_add(&next, old + b, old_len - b)) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  rc = commit(p, path, &next, diags, err);
  if (rc)
    *changed = false;
out:
  if (lock_fd >= 0)
    close(lock_fd);
  psst_session_release(&rec);
  ps_buf_release(&line);
  ps_buf_release(&next);
  free(old);
  return rc;
}
