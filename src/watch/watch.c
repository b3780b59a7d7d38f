/*
 * watch.c: one run of psst watch. Each source's list is fetched (a dated list for today
 * and the days before, Beijing time, when the readout may have been broadcast), its links
 * are filtered (the address says it is an article, the words say 集体学习), and each article
 * not seen before is fetched, its pages joined, its body read by psst scan's reader and
 * reconciled with the record. What is new is proposed (printed or written to the review
 * folder) or, with apply, added to the record and its page archived.
 *
 * Killed at any point, a run applies each readout once or not at all: before applying, the
 * article is marked pending in the state (saved); the record is then written atomically
 * (psst_add or psst_fill), and only then the state says done. A run that finds an article
 * pending reads it again: the record then agrees (applied) or not (not applied, and it is
 * applied now), and the command for new sessions runs if it may not have.
 */
#include "module.h"
#include "watch_int.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

PS_MODULE_VERSION;

enum { MAX_PAGES = 10, KEEP_DAYS = 400 };

struct run {
  struct psst *p;
  const struct psst_watch_opts *o;
  struct psst_watch_result *res;
  struct pw_state st;
  struct pw_fetcher *f;
  FILE *log;
  char *archive_dir;
};

/* ---- small things ---- */

static void logf_(struct run *r, const char *fmt, ...) PS_PRINTF(2, 3);
static void logf_(struct run *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("psst watch: ", r->log);
  vfprintf(r->log, fmt, ap);
  fputc('\n', r->log);
  fflush(r->log);
  va_end(ap);
}

/* The day in Beijing, days before today, as YYYY-MM-DD: the lists are dated there. */
static void beijing_day(int days_before, char out[11]) {
  time_t t = time(NULL) + 8 * 3600 - (time_t)days_before * 86400;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 11, "%Y-%m-%d", &tm);
}

static json_t *entry(const char *outcome, const char *source, const char *session,
                     const char *detail) {
  char now[21];
  pw_now(now);
  json_t *v = json_pack("{s:s, s:s, s:s}", "outcome", outcome, "source", source, "at", now);
  if (v && session)
    json_object_set_new(v, "session", json_string(session));
  if (v && detail && *detail)
    json_object_set_new(v, "detail", json_string(detail));
  return v;
}

static int save(struct run *r, struct psst_error *err) {
  int rc = pw_state_save(&r->st, err);
  if (rc)
    logf_(r, "%s", err->msg);
  return rc;
}

/* ---- an article's text ---- */

struct article {
  const struct pw_source *src;
  const char *url;
  const char *day; /* the dated list's day, or NULL */
  struct ps_buf body;
  char *title;
  char date[11];
  struct {
    char *url, *bytes;
    size_t len;
  } pages[MAX_PAGES]; /* as fetched, for the archive */
  size_t n_pages;
};

static void article_release(struct article *a) {
  ps_buf_release(&a->body);
  free(a->title);
  for (size_t i = 0; i < a->n_pages; i++) {
    free(a->pages[i].url);
    free(a->pages[i].bytes);
  }
  a->n_pages = 0;
}

/*
 * Fetches the article and the pages it is split over, each page's body joined to the text.
 * PSST_OK; PSST_EIO with *transient when it may come next time; PSST_EINVAL for a page that
 * will not change (a 404, too large, another charset than it says).
 */
static int fetch_article(struct run *r, struct article *a, bool *transient) {
  char *url = ps_strdup(a->url);
  int rc = url ? PSST_OK : PSST_ENOMEM;
  *transient = false;
  while (url && !rc) {
    struct pw_response res;
    rc = pw_fetch(r->f, url, r->o->interval >= 0 ? r->o->interval : a->src->interval, NULL, NULL,
                  &res);
    if (rc == PSST_EIO) {
      logf_(r, "%s: %s: %s%s", a->src->name, url, res.error,
            res.transient ? "; tried again next run" : "; not read");
      *transient = res.transient;
      rc = res.transient ? PSST_EIO : PSST_EINVAL;
    }
    char *text = NULL, cs[32] = "", why[200] = "";
    size_t tlen = 0;
    if (!rc && (rc = pw_decode(res.body, res.len, res.content_type, &text, &tlen, cs, why,
                               sizeof why)) == PSST_EINVAL)
      logf_(r, "%s: %s: %s; not read", a->src->name, url, why);
    if (!rc) {
      size_t s, e;
      bool found;
      pw_body(text, tlen, (const char *const *)a->src->body, a->src->n_body, &s, &e, &found);
      if (!a->title)
        a->title = pw_title(text, tlen);
      if (!a->date[0] && !pw_page_date(text, tlen, url, a->date) && a->day)
        snprintf(a->date, sizeof a->date, "%s", a->day);
      rc = ps_buf_add(&a->body, text + s, e - s) || ps_buf_puts(&a->body, "\n") ? PSST_ENOMEM
                                                                                : PSST_OK;
      a->pages[a->n_pages].url = res.final_url, res.final_url = NULL;
      a->pages[a->n_pages].bytes = res.body, res.body = NULL;
      a->pages[a->n_pages++].len = res.len;
      char *next = rc ? NULL : pw_next_page(text, tlen, a->pages[a->n_pages - 1].url);
      free(url);
      url = NULL;
      if (next && a->n_pages == MAX_PAGES) {
        logf_(r, "%s: %s: more than %d pages; read the first %d", a->src->name, a->url, MAX_PAGES,
              MAX_PAGES);
        free(next);
      } else if (next) {
        bool again = false; /* a page that links back to one read: the end */
        for (size_t i = 0; i < a->n_pages && !again; i++)
          again = !strcmp(a->pages[i].url, next);
        if (again)
          free(next);
        else
          url = next;
      }
    }
    free(text);
    pw_response_release(&res);
  }
  free(url);
  return rc;
}

/* ---- what is done with a readout ---- */

static char *finding_json(const struct psst_scan_finding *f, const char *url, const char *source) {
  char *rec = NULL;
  struct psst_error e = {0};
  if (psst_session_to_json(&f->pr.rec, &rec, &e))
    return NULL;
  json_error_t je;
  json_t *record = json_loads(rec, 0, &je);
  free(rec);
  char id[32];
  snprintf(id, sizeof id, "%d-%d", f->pr.rec.term, f->pr.rec.number);
  json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "outcome",
                        psst_scan_outcome_name(f->outcome), "session", id, "url", url, "source",
                        source, "fields", f->fields ? f->fields : "", "detail",
                        f->detail ? f->detail : "", "record", record ? record : json_null());
  if (!o)
    return NULL;
  json_t *miss = json_array(), *warn = json_array();
  for (size_t i = 0; i < f->pr.n_missing; i++)
    json_array_append_new(miss, json_string(f->pr.missing[i]));
  for (size_t i = 0; i < f->pr.n_warnings; i++)
    json_array_append_new(warn, json_string(f->pr.warnings[i]));
  json_object_set_new(o, "missing", miss);
  json_object_set_new(o, "warnings", warn);
  char *s = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  return s;
}

/* Writes the proposal to the review folder (one file a session and address) or prints it. */
static int propose(struct run *r, const struct psst_scan_finding *f, const char *url,
                   const char *source, struct psst_error *err) {
  char *line = finding_json(f, url, source);
  if (!line)
    return ps_err(err, PSST_ENOMEM, "out of memory");
  int rc = PSST_OK;
  if (r->o->review_dir) {
    struct sha256_ctx c;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, strlen(url), (const uint8_t *)url);
    sha256_digest(&c, sizeof d, d);
    char path[4096];
    snprintf(path, sizeof path, "%s/%d-%d-%02x%02x%02x%02x%02x%02x.json", r->o->review_dir,
             f->pr.rec.term, f->pr.rec.number, d[0], d[1], d[2], d[3], d[4], d[5]);
    if (mkdir(r->o->review_dir, 0755) && errno != EEXIST) {
      rc = ps_err(err, PSST_EIO, "%s: cannot make the folder: %s", r->o->review_dir,
                  strerror(errno));
    } else {
      size_t n = strlen(line);
      line[n] = '\n';
      rc = ps_write_file_atomic(path, line, n + 1, err);
      line[n] = '\0';
      if (!rc)
        logf_(r, "%s: proposal written to %s", source, path);
    }
  } else {
    fprintf(r->o->out ? r->o->out : stdout, "%s\n", line);
    fflush(r->o->out ? r->o->out : stdout);
  }
  free(line);
  return rc;
}

/* Runs the --exec command with the record on its standard input; its failure is logged. */
static void run_exec(struct run *r, const char *record, const char *id, const char *url,
                     bool applied) {
  if (!r->o->exec)
    return;
  int fds[2];
  if (pipe(fds)) {
    logf_(r, "--exec: cannot make a pipe: %s", strerror(errno));
    return;
  }
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) {
    logf_(r, "--exec: cannot start: %s", strerror(errno));
    close(fds[0]), close(fds[1]);
    return;
  }
  if (pid == 0) {
    dup2(fds[0], 0);
    close(fds[0]), close(fds[1]);
    setenv("PSST_SESSION", id, 1);
    setenv("PSST_URL", url, 1);
    setenv("PSST_APPLIED", applied ? "1" : "0", 1);
    execl("/bin/sh", "sh", "-c", r->o->exec, (char *)NULL);
    _exit(127);
  }
  close(fds[0]);
  /* a command that does not read its input must not kill psst with SIGPIPE */
  struct sigaction ign = {.sa_handler = SIG_IGN}, old;
  sigaction(SIGPIPE, &ign, &old);
  size_t n = strlen(record), off = 0;
  while (off < n) {
    ssize_t w = write(fds[1], record + off, n - off);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      break;
    off += (size_t)w;
  }
  if (off == n)
    (void)!write(fds[1], "\n", 1);
  close(fds[1]);
  sigaction(SIGPIPE, &old, NULL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (!WIFEXITED(status) || WEXITSTATUS(status))
    logf_(r, "--exec for %s: the command %s %d", id,
          WIFEXITED(status) ? "exited with" : "was killed by signal",
          WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}

/* The record as the data file now has it (after an apply), else as read. */
static char *record_line(struct run *r, const struct psst_scan_finding *f) {
  struct psst_session s = {0};
  struct psst_error e = {0};
  char *json = NULL;
  if (psst_show(r->p, f->pr.rec.term, f->pr.rec.number, &s, &json, &e) == PSST_OK) {
    psst_session_release(&s);
    return json;
  }
  psst_session_release(&s);
  return psst_session_to_json(&f->pr.rec, &json, &e) ? NULL : json;
}

/* A new session: counted, and the --exec command run with its record. */
static void announce(struct run *r, const struct psst_scan_finding *f, const char *id,
                     const char *url, bool applied) {
  r->res->new_sessions++;
  char *line = record_line(r, f);
  if (line)
    run_exec(r, line, id, url, applied);
  free(line);
}

static int archive_pages(struct run *r, const struct article *a, const char *id,
                         struct psst_error *err) {
  for (size_t i = 0; i < a->n_pages; i++) {
    char sha[65];
    int rc = psst_archive_put(r->archive_dir, a->pages[i].bytes, a->pages[i].len, a->pages[i].url,
                              id, sha, err);
    if (rc)
      return rc;
  }
  return PSST_OK;
}

/* Applies a finding (a new session or new fields): pending, archived, applied, done. */
static int apply(struct run *r, struct article *a, const struct psst_scan_finding *f,
                 const char *id, bool *applied, struct psst_error *err) {
  *applied = false;
  json_t *pend = entry(psst_scan_outcome_name(f->outcome), a->src->name, id, NULL);
  if (!pend || json_object_set_new(pend, "pending", json_true()))
    return ps_err(err, PSST_ENOMEM, "out of memory");
  int rc = pw_state_set(&r->st, "articles", a->url, pend);
  if (rc || (rc = save(r, err)))
    return rc ? rc : PSST_ENOMEM;
  if ((rc = archive_pages(r, a, id, err))) {
    logf_(r, "%s: %s: the page could not be archived: %s; not applied", a->src->name, a->url,
          err->msg);
    return rc;
  }
  struct psst_diags d = {0};
  struct psst_error e = {0};
  bool changed = true;
  /* a readout the record agrees with still adds its address to the record's sources */
  rc = f->outcome == PSST_SCAN_AGREES ? psst_fill(r->p, &f->pr.rec, &d, &changed, &e)
                                      : psst_scan_apply(r->p, f, &d, &e);
  if (!rc && !changed) {
    logf_(r, "%s: %s: the readout of %s, which the record has with this source", a->src->name,
          a->url, id);
  } else if (!rc && f->outcome == PSST_SCAN_AGREES) {
    *applied = true;
    logf_(r, "%s: %s: the readout of %s, which the record has: its address added to the sources",
          a->src->name, a->url, id);
  } else if (rc) {
    for (size_t i = 0; i < d.n; i++)
      if (d.v[i].severity == PSST_ERROR)
        logf_(r, "%s: %s: %s: %s", a->src->name, id, d.v[i].field ? d.v[i].field : "",
              d.v[i].message);
    logf_(r, "%s: %s: %s not applied: %s", a->src->name, a->url, id, e.msg);
  } else {
    *applied = true;
    logf_(r, "%s: %s: %s %s in the record", a->src->name, a->url,
          f->outcome == PSST_SCAN_NEW ? "added" : "filled", id);
  }
  psst_diags_release(&d);
  /* refused (fields missing, the data's checks): a person decides, from the proposal */
  return rc == PSST_ENOMEM || rc == PSST_EIO ? (ps_err(err, rc, "%s", e.msg), rc) : PSST_OK;
}

/* Reads one article; what came of it goes to the state (saved). */
static int read_article(struct run *r, const struct pw_source *src, const char *url,
                        const char *day, struct psst_error *err) {
  json_t *before = pw_state_get(&r->st, "articles", url);
  bool was_pending = before && json_is_true(json_object_get(before, "pending"));
  bool was_new = was_pending && json_is_string(json_object_get(before, "outcome")) &&
                 !strcmp(json_string_value(json_object_get(before, "outcome")), "new");
  struct article a = {.src = src, .url = url, .day = day};
  bool transient;
  int rc = fetch_article(r, &a, &transient);
  if (rc == PSST_ENOMEM) {
    article_release(&a);
    return ps_err(err, rc, "out of memory");
  }
  if (rc) {
    r->res->failed++;
    article_release(&a);
    if (was_pending) /* left pending: the next run tries again */
      return PSST_OK;
    rc = pw_state_set(&r->st, "articles", url,
                      entry(transient ? "retry" : "failed", src->name, NULL, NULL));
    return rc ? ps_err(err, rc, "out of memory") : save(r, err);
  }
  r->res->articles++;
  /* the address the text was read at, after redirects, is the one the record cites */
  struct psst_article art = {.url = a.n_pages ? a.pages[0].url : url,
                             .published = a.date[0] ? a.date : NULL,
                             .title = a.title,
                             .publisher = src->publisher,
                             .kind = src->kind};
  struct psst_scan_result sr = {0};
  if ((rc = psst_scan_article(r->p, a.body.s ? a.body.s : "", a.body.len, &art, &sr, err))) {
    psst_scan_result_release(&sr);
    article_release(&a);
    return rc;
  }
  const char *outcome = "not a readout";
  char id[32] = "";
  if (!sr.n_findings) {
    outcome = sr.mentions ? "mentions a session" : "not a readout";
    logf_(r, "%s: %s: %s (\"%.60s\"); nothing taken from it", src->name, url,
          sr.mentions ? "mentions a study session but is not its readout" : "not a readout",
          a.title ? a.title : "");
  } else {
    const struct psst_scan_finding *f = &sr.findings[0];
    r->res->readouts++;
    snprintf(id, sizeof id, "%d-%d", f->pr.rec.term, f->pr.rec.number);
    outcome = psst_scan_outcome_name(f->outcome);
    json_t *prop = pw_state_get(&r->st, "proposed", id);
    if (f->outcome == PSST_SCAN_AGREES) {
      bool applied = false;
      if (r->o->apply)
        rc = apply(r, &a, f, id, &applied, err);
      else
        logf_(r, "%s: %s: the readout of %s, which the record has", src->name, url, id);
      r->res->applied += applied;
      if (!rc && was_new) /* applied by a run that was stopped before it could say so */
        announce(r, f, id, url, true);
    } else if (!r->o->apply && prop && f->outcome == PSST_SCAN_NEW) {
      logf_(r, "%s: %s: the readout of %s, proposed already from %s", src->name, url, id,
            json_is_string(json_object_get(prop, "url"))
                ? json_string_value(json_object_get(prop, "url"))
                : "another page");
    } else if (r->o->apply && f->outcome != PSST_SCAN_DISAGREES) {
      bool applied = false;
      rc = apply(r, &a, f, id, &applied, err);
      if (!rc && applied) {
        r->res->applied++;
        if (f->outcome == PSST_SCAN_NEW)
          announce(r, f, id, url, true);
      } else if (!rc) {
        rc = propose(r, f, url, src->name, err); /* refused: for a person to finish */
        r->res->proposed += !rc;
      }
    } else {
      if (f->outcome == PSST_SCAN_DISAGREES)
        logf_(r, "%s: %s: the readout of %s disagrees with the record: %s", src->name, url, id,
              f->detail);
      rc = propose(r, f, url, src->name, err);
      if (!rc) {
        r->res->proposed++;
        if (f->outcome == PSST_SCAN_NEW)
          announce(r, f, id, url, false);
        json_t *pv = json_pack("{s:s}", "url", url);
        rc = pw_state_set(&r->st, "proposed", id, pv) ? ps_err(err, PSST_ENOMEM, "out of memory")
                                                      : PSST_OK;
      }
    }
  }
  if (!rc)
    rc = pw_state_set(&r->st, "articles", url, entry(outcome, src->name, id[0] ? id : NULL, NULL));
  if (!rc)
    rc = save(r, err);
  psst_scan_result_release(&sr);
  article_release(&a);
  return rc;
}

/* ---- a source ---- */

struct todo {
  const struct pw_source *src;
  char *url;
  char day[11];
};

struct todos {
  struct todo *v;
  size_t n, cap;
};

static int todo_add(struct todos *t, const struct pw_source *src, const char *url,
                    const char *day) {
  for (size_t i = 0; i < t->n; i++)
    if (!strcmp(t->v[i].url, url))
      return PSST_OK; /* on two lists, or on two days' lists */
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 16;
    struct todo *v = realloc(t->v, cap * sizeof *v);
    if (!v)
      return PSST_ENOMEM;
    t->v = v, t->cap = cap;
  }
  struct todo *x = &t->v[t->n];
  if (!(x->url = ps_strdup(url)))
    return PSST_ENOMEM;
  x->src = src;
  snprintf(x->day, sizeof x->day, "%s", day ? day : "");
  t->n++;
  return PSST_OK;
}

/* Fetches one list page and queues its new articles. */
static int poll_list(struct run *r, const struct pw_source *src, const char *day, struct todos *t,
                     struct psst_error *err) {
  char *list = day ? pw_list_url(src, day) : ps_strdup(src->list);
  if (!list)
    return ps_err(err, PSST_ENOMEM, "out of memory");
  json_t *prev = pw_state_get(&r->st, "pages", list);
  const char *etag = json_string_value(json_object_get(prev, "etag"));
  const char *lm = json_string_value(json_object_get(prev, "last_modified"));
  struct pw_response res;
  int rc =
      pw_fetch(r->f, list, r->o->interval >= 0 ? r->o->interval : src->interval, etag, lm, &res);
  if (rc == PSST_ENOMEM)
    goto out;
  if (rc) {
    logf_(r, "%s: %s: %s", src->name, list, res.error);
    r->res->failed++;
    rc = PSST_OK;
    goto out;
  }
  char now[21];
  pw_now(now);
  if (res.status == 304) {
    r->res->not_modified++;
    json_t *v = json_deep_copy(prev);
    rc = v ? pw_state_set(&r->st, "pages", list, v) : PSST_ENOMEM;
    if (!rc)
      json_object_set_new(v, "at", json_string(now));
    goto out;
  }
  r->res->pages++;
  char *text = NULL, cs[32], why[200] = "";
  size_t tlen = 0;
  rc = pw_decode(res.body, res.len, res.content_type, &text, &tlen, cs, why, sizeof why);
  if (rc == PSST_EINVAL) {
    logf_(r, "%s: %s: %s", src->name, list, why);
    r->res->failed++;
    rc = PSST_OK;
    goto out;
  }
  struct pw_links links;
  if (!rc && !(rc = pw_links_find(text, tlen, res.final_url, &links))) {
    size_t matched = 0;
    for (size_t i = 0; i < links.n && !rc; i++) {
      if (!pw_match(src->links, links.v[i].url) ||
          (src->titles && !pw_match(src->titles, links.v[i].text)))
        continue;
      matched++;
      json_t *seen = pw_state_get(&r->st, "articles", links.v[i].url);
      const char *o = json_string_value(json_object_get(seen, "outcome"));
      if (!seen || (o && !strcmp(o, "retry")) || json_is_true(json_object_get(seen, "pending")))
        rc = todo_add(t, src, links.v[i].url, day);
    }
    pw_links_release(&links);
    json_t *v = json_pack("{s:s}", "at", now);
    if (v && res.etag)
      json_object_set_new(v, "etag", json_string(res.etag));
    if (v && res.last_modified)
      json_object_set_new(v, "last_modified", json_string(res.last_modified));
    if (!rc)
      rc = pw_state_set(&r->st, "pages", list, v);
    else
      json_decref(v);
    (void)matched;
  }
  free(text);
out:
  pw_response_release(&res);
  free(list);
  return rc == PSST_ENOMEM ? ps_err(err, rc, "out of memory") : rc;
}

/* Articles left pending or to be retried by an earlier run, whatever their list says now
   (a list may answer 304, or have moved on). */
static int earlier(struct run *r, const struct pw_sources *srcs, struct todos *t) {
  const char *url;
  json_t *v;
  json_object_foreach(json_object_get(r->st.root, "articles"), url, v) {
    const char *o = json_string_value(json_object_get(v, "outcome"));
    const char *name = json_string_value(json_object_get(v, "source"));
    if (!(json_is_true(json_object_get(v, "pending")) || (o && !strcmp(o, "retry"))))
      continue;
    for (size_t i = 0; i < srcs->n; i++)
      if (name && !strcmp(srcs->v[i].name, name) && (!r->o->only || !strcmp(r->o->only, name)) &&
          todo_add(t, &srcs->v[i], url, NULL))
        return PSST_ENOMEM;
  }
  return PSST_OK;
}

int ps_mod_watch_once(struct psst *p, const struct psst_watch_opts *o,
                      struct psst_watch_result *res, struct psst_error *err) {
  memset(res, 0, sizeof *res);
  struct run r = {.p = p, .o = o, .res = res, .log = o->log ? o->log : stderr, .st.lock_fd = -1};
  struct pw_sources srcs = {0};
  struct todos t = {0};
  char *sources = o->sources ? ps_strdup(o->sources) : NULL;
  char *state = o->state ? ps_strdup(o->state) : ps_beside_data(p->data_dir, "watch-state.json");
  if (!sources) {
    struct ps_buf b = {0};
    if (!ps_buf_printf(&b, "%s/watch.json", p->data_dir))
      sources = ps_buf_detach(&b);
    ps_buf_release(&b);
  }
  r.archive_dir = o->archive_dir ? ps_strdup(o->archive_dir) : psst_archive_default_dir(p);
  int rc = sources && state && r.archive_dir ? PSST_OK : ps_err(err, PSST_ENOMEM, "out of memory");
  if (!rc)
    rc = pw_sources_load(sources, &srcs, err);
  bool found = !o->only;
  for (size_t i = 0; !rc && o->only && i < srcs.n; i++)
    found |= !strcmp(srcs.v[i].name, o->only);
  if (!rc && !found)
    rc = ps_err(err, PSST_EINVAL, "%s: no source is named '%s'", sources, o->only);
  if (!rc)
    rc = pw_state_open(state, &r.st, err);
  struct pw_fetch_opts fo = {.timeout = o->timeout > 0 ? o->timeout : 30,
                             .retry_wait = o->retry_wait > 0 ? o->retry_wait : 2,
                             .retries = o->retries >= 0 ? o->retries : 2,
                             .max_bytes = o->max_bytes > 0 ? o->max_bytes : 8L << 20,
                             .connect_to = o->connect_to,
                             .log = r.log};
  if (!rc)
    rc = pw_fetcher_new(&fo, &r.f, err);
  if (!rc)
    rc = earlier(&r, &srcs, &t) ? ps_err(err, PSST_ENOMEM, "out of memory") : PSST_OK;
  int days = o->days > 0 ? o->days : 2;
  for (size_t i = 0; !rc && i < srcs.n; i++) {
    const struct pw_source *s = &srcs.v[i];
    if (o->only && strcmp(o->only, s->name))
      continue;
    for (int d = 0; !rc && d < (s->dated ? days : 1); d++) {
      char day[11];
      beijing_day(d, day);
      rc = poll_list(&r, s, s->dated ? day : NULL, &t, err);
    }
  }
  if (!rc)
    rc = save(&r, err);
  for (size_t i = 0; !rc && i < t.n; i++)
    rc = read_article(&r, t.v[i].src, t.v[i].url, t.v[i].day[0] ? t.v[i].day : NULL, err);
  if (!rc) {
    pw_state_prune(&r.st, KEEP_DAYS);
    rc = save(&r, err);
  }
  pw_state_close(&r.st);
  for (size_t i = 0; i < t.n; i++)
    free(t.v[i].url);
  free(t.v);
  pw_fetcher_free(r.f);
  pw_sources_release(&srcs);
  free(sources);
  free(state);
  free(r.archive_dir);
  return rc;
}
