/*
 * scan.c: psst scan's engine. Each item the splitter passes on (it says 集体 or 集體)
 * is first tested cheaply (it names the Politburo), then read by the readout parser in
 * its scan mode, which refuses a mention ("在…集体学习时的讲话", a bulletin's list of
 * headlines) and returns a reading that contradicts the record as read. The reading is
 * then reconciled with the record: a new session, the record's session with fields it
 * lacks, a disagreement, or an agreement. The item's own address and date make its
 * source (a CCTV address makes a broadcast source dated by the bulletin).
 */
#define _GNU_SOURCE /* memmem */
#include "scan_int.h"

#include "readout_int.h"

#include <stdlib.h>
#include <string.h>

/* A session an item names without being its readout: a headline, a later story. */
struct mention {
  char date[11]; /* the item's publication date */
  int number;
  char *where; /* file:line or file item N */
};

struct engine {
  struct psst *p;
  const struct psst_scan_opts *o;
  struct psst_scan_result *res;
  struct ps_walk w;
  char *archive_dir;
  struct mention *mentions; /* with a date and a number, for the absent sessions' rows */
  size_t n_mentions;
  const char *publisher, *kind; /* the source's, when the caller knows them (psst watch) */
};

/* Keeps the numbers "第N次集体学习" an item names, with its date and place: an absent
   session the archive only mentions (a bulletin that kept the headline and lost the text)
   is then said to be so. */
static int note_mentions(struct engine *g, const struct ps_item *it) {
  if (!ps_valid_date(it->published))
    return PSST_OK;
  const char *s = it->text, *end = it->text + it->len;
  for (const char *h = s; (h = memmem(h, (size_t)(end - h), "次集体学习", 15)); h += 15) {
    size_t at = (size_t)(h - s);
    size_t nn = number_before(s, at > 30 ? at - 30 : 0, at);
    if (!nn || at < nn + 3 || memcmp(s + at - nn - 3, "第", 3))
      continue;
    long n = ps_cn_number(s + at - nn, nn);
    if (n < 1 || n > 999)
      continue;
    struct mention *v = realloc(g->mentions, (g->n_mentions + 1) * sizeof *v);
    if (!v)
      return PSST_ENOMEM;
    g->mentions = v;
    struct mention *m = &v[g->n_mentions];
    struct ps_buf w = {0};
    if (ps_buf_printf(&w, it->number ? "%s item %ld" : "%s:%ld", g->w.file,
                      it->number ? it->number : it->line)) {
      ps_buf_release(&w);
      return PSST_ENOMEM;
    }
    memcpy(m->date, it->published, 11);
    m->number = (int)n;
    m->where = ps_buf_detach(&w);
    g->n_mentions++;
  }
  return PSST_OK;
}

void ps_scan_span(struct psst_scan_result *r, const char *date) {
  if (!date || !ps_valid_date(date))
    return;
  if (!r->span_from[0] || strcmp(date, r->span_from) < 0)
    memcpy(r->span_from, date, 11);
  if (!r->span_to[0] || strcmp(date, r->span_to) > 0)
    memcpy(r->span_to, date, 11);
}

const char *psst_scan_outcome_name(enum psst_scan_outcome o) {
  switch (o) {
  case PSST_SCAN_NEW:
    return "new";
  case PSST_SCAN_FILLS:
    return "fills";
  case PSST_SCAN_DISAGREES:
    return "disagrees";
  case PSST_SCAN_AGREES:
    return "agrees";
  }
  return "?";
}

/* ---- the item's text, address and date ---- */

/* The item's address: a Markdown link's or the first http(s) address, a CCTV one first. */
static void find_url(const char *s, size_t n, char *out, size_t size) {
  out[0] = '\0';
  const char *first = NULL, *p = s, *end = s + n;
  size_t first_n = 0;
  while ((p = memmem(p, (size_t)(end - p), "http", 4))) {
    if (!(end - p > 7 && (!memcmp(p, "http://", 7) || !memcmp(p, "https://", 8)))) {
      p += 4;
      continue;
    }
    size_t k = 0;
    while (p + k < end && p[k] > ' ' && p[k] != ')' && p[k] != '"' && p[k] != '\'' && p[k] != '<' &&
           p[k] != '>' && (unsigned char)p[k] < 0x80)
      k++;
    bool cctv = memmem(p, k, "cctv.com", 8) || memmem(p, k, "cntv.cn", 7);
    /* pictures and scripts are not the article's address */
    bool media = (k > 4 && (!memcmp(p + k - 4, ".jpg", 4) || !memcmp(p + k - 4, ".png", 4) ||
                            !memcmp(p + k - 3, ".js", 3)));
    if (!media && cctv && k < size) {
      memcpy(out, p, k);
      out[k] = '\0';
      return;
    }
    if (!media && !first)
      first = p, first_n = k;
    p += k ? k : 4;
  }
  if (first && first_n < size) {
    memcpy(out, first, first_n);
    out[first_n] = '\0';
  }
}

/* The date in an address's path (tv.cctv.com/2022/10/26/...); false when none. */
static bool url_date(const char *url, char out[11]) {
  const char *p = strstr(url, "://");
  if (!p)
    return false;
  for (p = strchr(p + 3, '/'); p && p[1]; p = strchr(p + 1, '/')) {
    int y, m, d;
    char tail;
    if (sscanf(p, "/%4d/%2d/%2d%c", &y, &m, &d, &tail) == 4 && tail == '/') {
      snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
      if (ps_valid_date(out))
        return true;
    }
  }
  return false;
}

/*
 * The words of the item for the parser: the heading line left out (a headline is a
 * mention of the session, not its readout), Markdown's emphasis and links left out, the
 * rest as it is (normalization strips HTML).
 */
static int clean_text(const char *s, size_t n, struct ps_buf *out) {
  size_t i = 0;
  if (n && s[0] == '#') {
    const char *nl = memchr(s, '\n', n);
    i = nl ? (size_t)(nl - s) + 1 : n;
  }
  while (i < n) {
    if (s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
      i += 2;
      continue;
    }
    if (s[i] == '[') {
      /* [words](address): the words stay, the address goes */
      const char *close = memchr(s + i, ']', n - i < 400 ? n - i : 400);
      if (close && (size_t)(close - s) + 1 < n && close[1] == '(') {
        const char *paren = memchr(close, ')', (size_t)(s + n - close));
        if (paren) {
          if (ps_buf_add(out, s + i + 1, (size_t)(close - s) - i - 1))
            return PSST_ENOMEM;
          i = (size_t)(paren - s) + 1;
          continue;
        }
      }
    }
    if (ps_buf_putc(out, s[i]))
      return PSST_ENOMEM;
    i++;
  }
  return PSST_OK;
}

/* ---- reconciling ---- */

/* Two subjects as compared by the reader (quotes, brackets and spaces aside); two empty
   ones are the same, an unknown title being no disagreement. */
static bool same_title(const char *a, const char *b) {
  if ((!a || !*a) && (!b || !*b))
    return true;
  return ps_rd_same_subject(a, b);
}

static int cmp_cstr(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lecturers' Chinese names, sorted and joined: "李四、张三". */
static char *names_key(const struct psst_lecturer *l, size_t n) {
  const char **v = calloc(n ? n : 1, sizeof *v);
  if (!v)
    return NULL;
  for (size_t i = 0; i < n; i++)
    v[i] = l[i].name_zh ? l[i].name_zh : "";
  qsort(v, n, sizeof *v, cmp_cstr);
  struct ps_buf b = {0};
  int rc = ps_buf_puts(&b, "");
  for (size_t i = 0; i < n; i++)
    rc |= ps_buf_printf(&b, "%s%s", i ? "、" : "", v[i]);
  free(v);
  if (rc) {
    ps_buf_release(&b);
    return NULL;
  }
  return ps_buf_detach(&b);
}

/* Whether the record's lecturers lack their Chinese names (all of them). */
static bool names_missing(const struct psst_session *rec) {
  for (size_t i = 0; i < rec->n_lecturers; i++)
    if (rec->lecturers[i].name_zh && rec->lecturers[i].name_zh[0])
      return false;
  return rec->n_lecturers > 0;
}

struct diff {
  struct ps_buf fields, detail;
  bool disagree, fill;
  int rc;
};

static void differs(struct diff *d, const char *field, const char *rec, const char *read) {
  d->disagree = true;
  d->rc |= ps_buf_printf(&d->fields, "%s%s", d->fields.len ? ", " : "", field);
  d->rc |= ps_buf_printf(&d->detail, "%s%s: record %s, readout %s", d->detail.len ? "; " : "",
                         field, rec, read);
}

static void fills(struct diff *d, const char *field, const char *read) {
  d->fill = true;
  d->rc |= ps_buf_printf(&d->fields, "%s%s", d->fields.len ? ", " : "", field);
  d->rc |= ps_buf_printf(&d->detail, "%s%s: the record has none, readout %s",
                         d->detail.len ? "; " : "", field, read);
}

/* The record's session held on date in term (another number than the reading's), or 0. */
static int session_on(struct psst *p, int term, const char *date, int *number) {
  sqlite3_stmt *st = NULL;
  *number = 0;
  if (ps_prepare(p, "SELECT number FROM sessions WHERE term = ?1 AND date = ?2", &st, NULL))
    return 0;
  sqlite3_bind_int(st, 1, term);
  sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW)
    *number = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return *number;
}

static int reconcile(struct psst *p, struct psst_scan_finding *f) {
  const struct psst_session *r = &f->pr.rec;
  struct psst_session rec = {0};
  struct psst_error e = {0};
  struct diff d = {0};
  int rc = r->term ? psst_show(p, r->term, r->number, &rec, NULL, &e) : PSST_ENOTFOUND;
  if (rc == PSST_ENOMEM)
    return rc;
  if (rc) {
    /* not in the record under this number: the same day under another is a
     * disagreement on the number; otherwise a new session */
    int other;
    if (r->term && r->date && session_on(p, r->term, r->date, &other)) {
      char a[16], b[16];
      snprintf(a, sizeof a, "%d-%d", r->term, other);
      snprintf(b, sizeof b, "%d-%d", r->term, r->number);
      differs(&d, "number", a, b);
      f->term = r->term, f->number = other;
      f->outcome = PSST_SCAN_DISAGREES;
    } else {
      f->outcome = PSST_SCAN_NEW;
    }
    goto out;
  }
  f->term = rec.term, f->number = rec.number;
  if (r->date && rec.date && strcmp(r->date, rec.date))
    differs(&d, "date", rec.date, r->date);
  else if (r->date && !rec.date)
    fills(&d, "date", r->date);
  if (r->title_zh[0] && rec.title_zh[0] && !same_title(r->title_zh, rec.title_zh)) {
    struct ps_buf a = {0}, b = {0};
    d.rc |= ps_buf_printf(&a, "'%s'", rec.title_zh) | ps_buf_printf(&b, "'%s'", r->title_zh);
    if (!d.rc)
      differs(&d, "title_zh", a.s, b.s);
    ps_buf_release(&a);
    ps_buf_release(&b);
  } else if (r->title_zh[0] && !rec.title_zh[0]) {
    fills(&d, "title_zh", r->title_zh);
  }
  if (r->format && rec.format && strcmp(r->format, rec.format))
    differs(&d, "format", rec.format, r->format);
  else if (r->format && !rec.format)
    fills(&d, "format", r->format);
  if (r->n_lecturers) {
    char *a = names_key(rec.lecturers, rec.n_lecturers),
         *b = names_key(r->lecturers, r->n_lecturers);
    if (!a || !b)
      d.rc = PSST_ENOMEM;
    else if (!rec.n_lecturers && (!rec.format || !strcmp(rec.format, "lecture")))
      fills(&d, "lecturers", b);
    else if (rec.n_lecturers == r->n_lecturers && names_missing(&rec))
      fills(&d, "lecturers", b); /* the record names them in English only */
    else if (strcmp(a, b))
      differs(&d, "lecturers", rec.n_lecturers ? a : "none", b);
    free(a);
    free(b);
  }
  f->outcome = d.disagree ? PSST_SCAN_DISAGREES : d.fill ? PSST_SCAN_FILLS : PSST_SCAN_AGREES;
out:
  psst_session_release(&rec);
  d.rc |= ps_buf_puts(&d.fields, "") | ps_buf_puts(&d.detail, "");
  f->fields = ps_buf_detach(&d.fields);
  f->detail = ps_buf_detach(&d.detail);
  return d.rc || !f->fields || !f->detail ? PSST_ENOMEM : PSST_OK;
}

/* ---- one item ---- */

static int add_finding(struct engine *g, const struct ps_item *it, struct psst_proposal *pr,
                       const char *text, size_t len) {
  struct psst_scan_result *res = g->res;
  struct psst_scan_finding *v = realloc(res->findings, (res->n_findings + 1) * sizeof *v);
  if (!v)
    return PSST_ENOMEM;
  res->findings = v;
  struct psst_scan_finding *f = &v[res->n_findings++];
  memset(f, 0, sizeof *f);
  f->pr = *pr;
  memset(pr, 0, sizeof *pr);
  f->at.file = ps_strdup(g->w.file);
  f->at.item = it->number;
  f->at.line = it->line;
  f->at.headline = ps_strdup(it->headline);
  /* the item's text is kept for --archive only: memory then grows with the readouts
   * found, a few hundred bytes each, not with their texts */
  f->text = malloc(g->o->archive ? len + 1 : 1);
  const char *words = "";
  for (size_t i = 0; i < f->pr.n_sources; i++)
    if (!strcmp(f->pr.sources[i].field, "number") && f->pr.sources[i].excerpt)
      words = f->pr.sources[i].excerpt;
  f->words = ps_strdup(words);
  if (!f->at.file || !f->at.headline || !f->text || !f->words)
    return PSST_ENOMEM;
  f->text_len = g->o->archive ? len : 0;
  memcpy(f->text, text, f->text_len);
  f->text[f->text_len] = '\0';
  return reconcile(g->p, f);
}

static int on_item(void *ctx, const struct ps_item *it) {
  struct engine *g = ctx;
  ps_scan_span(g->res, it->published);
  /* a readout names the Politburo (政治局, the same in both scripts) */
  if (!memmem(it->text, it->len, "政治局", 9) && !memmem(it->text, it->len, "\\u653f\\u6cbb", 12))
    return PSST_OK;
  if (!ps_utf8_prefix_ok(it->text, it->len)) {
    char where[64];
    snprintf(where, sizeof where, it->number ? "item %ld" : "line %ld",
             it->number ? it->number : it->line);
    struct ps_buf p = {0};
    int rc = ps_buf_printf(&p, "%s:%s", g->w.file, where)
                 ? PSST_ENOMEM
                 : ps_scan_skip(g->res, p.s, "invalid UTF-8 in the item");
    ps_buf_release(&p);
    return rc;
  }
  struct ps_buf text = {0};
  if (clean_text(it->text, it->len, &text) || ps_buf_puts(&text, "")) {
    ps_buf_release(&text);
    return PSST_ENOMEM;
  }
  char url[1024], date[11] = "";
  if (it->url[0])
    snprintf(url, sizeof url, "%s", it->url);
  else
    find_url(it->text, it->len, url, sizeof url);
  if (!(url[0] && url_date(url, date)))
    snprintf(date, sizeof date, "%s", it->published);
  struct psst_ingest_opts io = {.published = date[0] ? date : NULL,
                                .url = url[0] ? url : NULL,
                                .publisher = g->publisher,
                                .kind = g->kind,
                                .scan = true};
  struct psst_proposal pr = {0};
  struct psst_error e = {0};
  int rc = psst_ingest(g->p, text.s, text.len, &io, &pr, &e);
  if (rc == PSST_OK) {
    rc = add_finding(g, it, &pr, it->text, it->len);
  } else if (rc == PSST_EINVAL || rc == PSST_EDATA) {
    g->res->mentions++;
    rc = note_mentions(g, it);
  }
  psst_proposal_release(&pr);
  ps_buf_release(&text);
  return rc;
}

/* ---- the scan ---- */

/* The record's sessions within the archive's span that no finding matched. A session
   held on the span's last day may be in the next day's bulletin, beyond it. */
static int absent_sessions(struct engine *g, struct psst_scan_result *res, struct psst_error *err) {
  struct psst *p = g->p;
  if (!res->span_from[0])
    return PSST_OK;
  sqlite3_stmt *st;
  int rc = ps_prepare(p,
                      "SELECT term, number, date, title_zh FROM sessions WHERE date >= ?1 AND "
                      "date < ?2 ORDER BY date",
                      &st, err);
  if (rc)
    return rc;
  sqlite3_bind_text(st, 1, res->span_from, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, res->span_to, -1, SQLITE_STATIC);
  while (rc == PSST_OK && sqlite3_step(st) == SQLITE_ROW) {
    int term = sqlite3_column_int(st, 0), number = sqlite3_column_int(st, 1);
    bool found = false;
    for (size_t i = 0; i < res->n_findings && !found; i++)
      found = res->findings[i].term == term && res->findings[i].number == number;
    if (found)
      continue;
    struct psst_session *v = realloc(res->absent, (res->n_absent + 1) * sizeof *v);
    if (!v) {
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
      break;
    }
    res->absent = v;
    struct psst_session *s = &v[res->n_absent++];
    memset(s, 0, sizeof *s);
    s->term = term, s->number = number;
    s->date = ps_strdup((const char *)sqlite3_column_text(st, 2));
    s->title_zh = ps_strdup((const char *)sqlite3_column_text(st, 3));
    if (!s->date || !s->title_zh) {
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
      break;
    }
    /* named by an item of its day or the next two, without its readout */
    long d0 = ps_days(s->date);
    for (size_t i = 0; i < g->n_mentions; i++) {
      long d = ps_days(g->mentions[i].date) - d0;
      if (g->mentions[i].number == number && d >= 0 && d <= 2) {
        struct ps_buf nb = {0};
        if (ps_buf_printf(&nb, "the archive names it (%s) but holds no readout of it",
                          g->mentions[i].where)) {
          ps_buf_release(&nb);
          rc = ps_err(err, PSST_ENOMEM, "out of memory");
        } else {
          s->notes = ps_buf_detach(&nb);
        }
        break;
      }
    }
  }
  sqlite3_finalize(st);
  return rc;
}

static int archive_findings(struct engine *g, struct psst_error *err) {
  for (size_t i = 0; i < g->res->n_findings; i++) {
    struct psst_scan_finding *f = &g->res->findings[i];
    char id[32], sha[65];
    snprintf(id, sizeof id, "%d-%d", f->pr.rec.term, f->pr.rec.number);
    const char *url = f->pr.rec.n_sources ? f->pr.rec.sources[0].url : NULL;
    int rc = psst_archive_put(g->archive_dir, f->text, f->text_len, url, id, sha, err);
    if (rc)
      return rc;
  }
  return PSST_OK;
}

int psst_scan(struct psst *p, const char *const *paths, size_t n_paths,
              const struct psst_scan_opts *o, struct psst_scan_result *out,
              struct psst_error *err) {
  memset(out, 0, sizeof *out);
  struct psst_scan_opts none = {0};
  struct engine g = {.p = p, .o = o ? o : &none, .res = out};
  g.w.fn = on_item;
  g.w.ctx = &g;
  g.w.res = out;
  int rc = ps_walk_paths(&g.w, paths, n_paths, err);
  ps_walk_release(&g.w);
  if (rc == PSST_OK)
    rc = absent_sessions(&g, out, err);
  for (size_t i = 0; i < g.n_mentions; i++)
    free(g.mentions[i].where);
  free(g.mentions);
  if (rc == PSST_OK && g.o->archive) {
    g.archive_dir = g.o->archive_dir ? ps_strdup(g.o->archive_dir) : psst_archive_default_dir(p);
    rc = g.archive_dir ? archive_findings(&g, err) : ps_err(err, PSST_ENOMEM, "out of memory");
    free(g.archive_dir);
  }
  if (rc == PSST_ENOMEM)
    ps_err(err, rc, "out of memory");
  return rc;
}

int psst_scan_article(struct psst *p, const char *text, size_t len, const struct psst_article *a,
                      struct psst_scan_result *out, struct psst_error *err) {
  memset(out, 0, sizeof *out);
  struct psst_scan_opts o = {.archive = true}; /* keeps the text in the finding */
  struct engine g = {.p = p, .o = &o, .res = out, .publisher = a->publisher, .kind = a->kind};
  g.w.file = a->url ? a->url : "";
  g.w.res = out;
  struct ps_item it = {.headline = a->title ? a->title : "",
                       .text = text,
                       .len = len,
                       .published = a->published ? a->published : "",
                       .url = a->url ? a->url : ""};
  int rc = on_item(&g, &it);
  for (size_t i = 0; i < g.n_mentions; i++)
    free(g.mentions[i].where);
  free(g.mentions);
  if (rc)
    ps_err(err, rc, rc == PSST_ENOMEM ? "out of memory" : "reading the article failed");
  return rc;
}

void psst_scan_result_release(struct psst_scan_result *r) {
  if (!r)
    return;
  for (size_t i = 0; i < r->n_findings; i++) {
    struct psst_scan_finding *f = &r->findings[i];
    free(f->at.file);
    free(f->at.headline);
    psst_proposal_release(&f->pr);
    free(f->fields);
    free(f->detail);
    free(f->words);
    free(f->text);
  }
  free(r->findings);
  for (size_t i = 0; i < r->n_skipped; i++) {
    free(r->skipped[i].path);
    free(r->skipped[i].reason);
  }
  free(r->skipped);
  for (size_t i = 0; i < r->n_absent; i++)
    psst_session_release(&r->absent[i]);
  free(r->absent);
  memset(r, 0, sizeof *r);
}
