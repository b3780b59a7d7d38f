/*
 * readout.c: reads the formula of a study session's readout.
 *
 * A readout is one sentence naming the session ("中共中央政治局10月24日下午就区块链
 * 技术发展现状和趋势进行第十八次集体学习"), one naming the lecturers and their
 * posts or the members who spoke, then the General Secretary's remarks. The formula
 * drifted over twenty years (see the ingest section of README.md); every field is
 * looked for in each of its known shapes and recorded with the words it came from,
 * so that a reviewer checks the reading against the text instead of redoing it.
 *
 * Positions are byte offsets into the normalized text; every search works on whole
 * UTF-8 characters because all the markers are whole characters.
 */
#include "readout_int.h"

#include "classify.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

/* ---- queries on the record ---- */

const char *const ps_ingest_sql[PS_ST_COUNT] = {
    [PS_ST_LECTURER] = "SELECT p.name_en, (SELECT l.affiliation_en FROM lectures l WHERE "
                       "l.person_id = p.id AND l.affiliation_zh = ?2 LIMIT 1) "
                       "FROM persons p WHERE p.name_zh = ?1 LIMIT 1",
};

int ps_rd_cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int ps_rd_cmp_key(const void *a, const void *b) {
  const struct ps_key *x = a, *y = b;
  return x->term != y->term ? (x->term > y->term) - (x->term < y->term)
                            : (x->number > y->number) - (x->number < y->number);
}

int ps_ingest_index_load(sqlite3 *db, struct ps_ingest_index *ix) {
  memset(ix, 0, sizeof *ix);
  sqlite3_stmt *st;
  int rc = PSST_OK;
  if (sqlite3_prepare_v2(db, "SELECT DISTINCT name_zh FROM persons WHERE name_zh <> ''", -1, &st,
                         NULL) != SQLITE_OK)
    return PSST_EDB;
  size_t cap = 0;
  int step = SQLITE_DONE;
  while (rc == PSST_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
    if (ix->n_names == cap) {
      char **v = realloc(ix->names, (cap = cap ? 2 * cap : 256) * sizeof *v);
      if (!v) {
        rc = PSST_ENOMEM;
        break;
      }
      ix->names = v;
    }
    if (!(ix->names[ix->n_names] = ps_strdup((const char *)sqlite3_column_text(st, 0))))
      rc = PSST_ENOMEM;
    else
      ix->n_names++;
  }
  sqlite3_finalize(st);
  /* a step that fails ends the rows early: a short index would read as names unknown */
  if (rc == PSST_OK && step != SQLITE_DONE)
    rc = step == SQLITE_NOMEM ? PSST_ENOMEM : PSST_EDB;
  if (rc == PSST_OK &&
      sqlite3_prepare_v2(db,
                         "SELECT term, number, date, title_zh FROM sessions ORDER BY term, number",
                         -1, &st, NULL) != SQLITE_OK)
    rc = PSST_EDB;
  else if (rc == PSST_OK) {
    cap = 0;
    step = SQLITE_DONE;
    while (rc == PSST_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
      if (ix->n_keys == cap) {
        struct ps_key *v = realloc(ix->keys, (cap = cap ? 2 * cap : 256) * sizeof *v);
        if (!v) {
          rc = PSST_ENOMEM;
          break;
        }
        ix->keys = v;
        char **tv = realloc(ix->titles, cap * sizeof *tv);
        if (!tv) {
          rc = PSST_ENOMEM;
          break;
        }
        ix->titles = tv;
      }
      const char *title = (const char *)sqlite3_column_text(st, 3);
      if (!(ix->titles[ix->n_keys] = ps_strdup(title ? title : ""))) {
        rc = PSST_ENOMEM;
        break;
      }
      struct ps_key *k = &ix->keys[ix->n_keys++];
      k->term = sqlite3_column_int(st, 0);
      k->number = sqlite3_column_int(st, 1);
      const char *d = (const char *)sqlite3_column_text(st, 2);
      snprintf(k->date, sizeof k->date, "%s", d ? d : "");
      k->line = 0;
    }
    sqlite3_finalize(st);
    if (rc == PSST_OK && step != SQLITE_DONE)
      rc = step == SQLITE_NOMEM ? PSST_ENOMEM : PSST_EDB;
  }
  if (rc) {
    ps_ingest_index_release(ix);
    return rc;
  }
  if (ix->n_names)
    qsort(ix->names, ix->n_names, sizeof *ix->names, ps_rd_cmp_str);
  /* the keys come sorted by (term, number), the titles beside them */
  return PSST_OK;
}

void ps_ingest_index_release(struct ps_ingest_index *ix) {
  for (size_t i = 0; i < ix->n_names; i++)
    free(ix->names[i]);
  free(ix->names);
  for (size_t i = 0; ix->titles && i < ix->n_keys; i++)
    free(ix->titles[i]);
  free(ix->titles);
  free(ix->keys);
  memset(ix, 0, sizeof *ix);
}

/* The statement for query `which`: the batch's own, reset, or one made for this call. */
sqlite3_stmt *ps_rd_query(const struct ps_ingest_ctx *ctx, int which) {
  if (!ctx || !ctx->db)
    return NULL;
  if (ctx->st && ctx->st[which]) {
    sqlite3_reset(ctx->st[which]);
    sqlite3_clear_bindings(ctx->st[which]);
    return ctx->st[which];
  }
  sqlite3_stmt *st;
  return sqlite3_prepare_v2(ctx->db, ps_ingest_sql[which], -1, &st, NULL) == SQLITE_OK ? st : NULL;
}

void ps_rd_done(const struct ps_ingest_ctx *ctx, sqlite3_stmt *st) {
  for (int i = 0; ctx->st && i < PS_ST_COUNT; i++)
    if (ctx->st[i] == st) {
      sqlite3_reset(st);
      return;
    }
  sqlite3_finalize(st);
}

/* ---- the proposal being built ---- */

/* An excerpt of the text around [a, b): the words a field was read from. */
char *ps_rd_excerpt(const struct text *t, size_t a, size_t b) {
  size_t from = a, to = b;
  for (int k = 0; k < 8 && from > 0; k++) {
    size_t p = prev_char(t->s, from);
    if (t->s[p] == '\n')
      break;
    from = p;
  }
  for (int k = 0; k < 8 && to < t->len && t->s[to] != '\n'; k++)
    to += clen(t->s + to);
  struct ps_buf b2 = {0};
  int rc = ps_buf_puts(&b2, from > 0 ? "…" : "");
  rc |= ps_buf_add(&b2, t->s + from, to - from);
  rc |= ps_buf_puts(&b2, to < t->len ? "…" : "");
  if (rc) {
    ps_buf_release(&b2);
    return NULL;
  }
  return ps_buf_detach(&b2);
}

void ps_rd_note(struct reading *r, const char *field, const char *how, size_t a, size_t b) {
  struct psst_proposal *pr = r->pr;
  struct psst_field_source *v = realloc(pr->sources, (pr->n_sources + 1) * sizeof *v);
  if (!v) {
    r->rc = PSST_ENOMEM;
    return;
  }
  pr->sources = v;
  struct psst_field_source *fs = &v[pr->n_sources++];
  fs->field = ps_strdup(field);
  fs->how = ps_strdup(how);
  /* (size_t)-1 marks a field read from no particular words (the term from a date) */
  fs->excerpt = a != (size_t)-1 && b > a && b <= r->t.len ? ps_rd_excerpt(&r->t, a, b) : NULL;
  if (!fs->field || !fs->how)
    r->rc = PSST_ENOMEM;
}

void ps_rd_add_str(struct reading *r, char ***v, size_t *n, const char *s) {
  char **nv = realloc(*v, (*n + 1) * sizeof **v);
  if (!nv) {
    r->rc = PSST_ENOMEM;
    return;
  }
  *v = nv;
  if (!(nv[*n] = ps_strdup(s)))
    r->rc = PSST_ENOMEM;
  else
    ++*n;
}

/* The first characters of s, at most max of them, cut at a character boundary. */
static char *clip_utf8(const char *s, size_t max) {
  size_t i = 0, n = 0;
  while (s[i] && n < max) {
    i++;
    while (((unsigned char)s[i] & 0xC0) == 0x80)
      i++;
    n++;
  }
  char *d = malloc(i + 1);
  if (d) {
    memcpy(d, s, i);
    d[i] = '\0';
  }
  return d;
}

/*
 * The lead sentence (…进行第N次集体学习。), without a dateline (新华社北京1月29日电) or a
 * broadcast's lead-in (央视网消息（新闻联播）：), at most 120 characters: the words the
 * record's date, number and subject were read from. NULL when there is none.
 */
static char *lead_sentence(const char *text, size_t len) {
  const char *hit = text ? find_in(text, 0, len, "集体学习") : NULL;
  if (!hit)
    return NULL;
  const char *end = text + len;
  const char *a = hit;
  while (a > text && !(a - text >= 3 && (!memcmp(a - 3, "。", 3) || !memcmp(a - 3, "：", 3))) &&
         a[-1] != '\n')
    a--;
  const char *z = hit;
  while (z < end && *z != '\n' && !(end - z >= 3 && !memcmp(z, "。", 3)))
    z++;
  if (end - z >= 3 && !memcmp(z, "。", 3))
    z += 3;
  const char *dl = find_in(a, 0, (size_t)(hit - a), "日电");
  if (dl && dl - a < 60)
    a = dl + 6;
  while (a < z && (*a == ' ' || *a == '\t'))
    a++;
  char *seg = malloc((size_t)(z - a) + 1);
  if (!seg)
    return NULL;
  memcpy(seg, a, (size_t)(z - a));
  seg[z - a] = '\0';
  char *q = clip_utf8(seg, 120);
  free(seg);
  return q;
}

/* The readout's address as the record's source, supporting the fields read from it;
   its quotation is the lead sentence the number was read from. */
static void add_url_source(struct reading *r, const struct psst_ingest_opts *o, bool lecture,
                           bool spoke, const char *text, size_t len) {
  struct psst_session *s = &r->pr->rec;
  struct psst_source *v = realloc(s->sources, (s->n_sources + 1) * sizeof *v);
  if (!v) {
    r->rc = PSST_ENOMEM;
    return;
  }
  s->sources = v;
  struct psst_source *src = &v[s->n_sources];
  if (ps_source_from_url(o->url, o->publisher, o->kind, o->published, src)) {
    r->rc = PSST_ENOMEM;
    return;
  }
  s->n_sources++;
  int rc = PSST_OK;
  /* the fields in the data format's order, whatever the order they were read in */
  bool date = s->date != NULL, number = false, title = false;
  for (size_t i = 0; i < r->pr->n_sources; i++) {
    const struct psst_field_source *f = &r->pr->sources[i];
    bool inferred = f->how && (strstr(f->how, "inferred") || strstr(f->how, "the record's"));
    /* a year inferred, or a date taken from the record, is not this text's to support */
    if (!strcmp(f->field, "date") && inferred)
      date = false;
    else if (!strcmp(f->field, "number"))
      number = true;
    else if (!strcmp(f->field, "title_zh"))
      title = true;
  }
  if (date)
    rc |= ps_source_support(src, "date");
  if (number)
    rc |= ps_source_support(src, "number");
  if (title)
    rc |= ps_source_support(src, "title_zh");
  if (!(src->quote = lead_sentence(text, len)) && text && find_in(text, 0, len, "集体学习"))
    rc = PSST_ENOMEM;
  if (s->format)
    rc |= ps_source_support(src, "format");
  if (lecture && s->n_lecturers)
    rc |= ps_source_support(src, "lecturers");
  if (spoke && s->n_speakers)
    rc |= ps_source_support(src, "speakers");
  if (rc)
    r->rc = PSST_ENOMEM;
}

void ps_rd_warn(struct reading *r, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  ps_rd_add_str(r, &r->pr->warnings, &r->pr->n_warnings, msg);
}

void ps_rd_missing(struct reading *r, const char *field) {
  ps_rd_add_str(r, &r->pr->missing, &r->pr->n_missing, field);
}

/* A subject as compared: quotes, brackets and spaces left out. */
static void subject_key(const char *s, struct ps_buf *b) {
  static const char *const drop[] = {"“", "”", "《", "》", "\"", " ", "　", "「", "」"};
  while (s && *s) {
    bool skipped = false;
    for (size_t k = 0; k < sizeof drop / sizeof *drop && !skipped; k++) {
      size_t l = strlen(drop[k]);
      if (!strncmp(s, drop[k], l))
        s += l, skipped = true;
    }
    if (!skipped)
      ps_buf_putc(b, *s++);
  }
}

bool ps_rd_same_subject(const char *a, const char *b) {
  struct ps_buf x = {0}, y = {0};
  subject_key(a, &x);
  subject_key(b, &y);
  bool same = x.s && y.s && !strcmp(x.s, y.s);
  ps_buf_release(&x);
  ps_buf_release(&y);
  return same;
}

/* Whether an official source of the record supports its date, title_zh and lecturers (or
   speakers), as psst check's confidence rule asks of a high record. */
static bool official_rests(const struct reading *r) {
  const struct psst_session *s = &r->pr->rec;
  const struct ps_refdata *ref = r->ctx ? r->ctx->ref : NULL;
  const char *need[3] = {"date", "title_zh", NULL};
  if (s->format && !strcmp(s->format, "lecture"))
    need[2] = "lecturers";
  else if (s->format && !strcmp(s->format, "self-study"))
    need[2] = "speakers";
  for (size_t k = 0; k < 3; k++) {
    bool ok = !need[k];
    for (size_t i = 0; i < s->n_sources && !ok; i++) {
      const struct psst_source *src = &s->sources[i];
      const struct ps_code *c =
          ref && src->kind ? ps_code_find(ref->source_kinds, ref->n_source_kinds, src->kind) : NULL;
      for (size_t j = 0; c && c->official && j < src->n_supports && !ok; j++)
        ok = !strcmp(src->supports[j], need[k]);
    }
    if (!ok)
      return false;
  }
  return true;
}

/* The speakers read are heads of departments who presented their work: the record has
   them as lecturers (their posts are not in the sentence). */
static bool heads_lectured(struct reading *r) {
  struct psst_session *rec = &r->pr->rec;
  rec->lecturers = calloc(rec->n_speakers, sizeof *rec->lecturers);
  if (!rec->lecturers) {
    r->rc = PSST_ENOMEM;
    return false;
  }
  for (size_t i = 0; i < rec->n_speakers; i++) {
    struct psst_lecturer *l = &rec->lecturers[rec->n_lecturers++];
    l->name_zh = rec->speakers[i]; /* the name moves: the speakers list lets go of it */
    l->name_en = ps_strdup("");
    l->affiliation_zh = ps_strdup("");
    l->affiliation_en = ps_strdup("");
    if (!l->name_en || !l->affiliation_zh || !l->affiliation_en)
      r->rc = PSST_ENOMEM;
  }
  free(rec->speakers);
  rec->speakers = NULL;
  rec->n_speakers = 0;
  for (size_t i = 0; i < r->pr->n_sources; i++)
    if (!strcmp(r->pr->sources[i].field, "speakers")) {
      char *f = ps_strdup("lecturers");
      if (!f) {
        r->rc = PSST_ENOMEM;
        break;
      }
      free(r->pr->sources[i].field);
      r->pr->sources[i].field = f;
    }
  ps_rd_warn(r, "the lecturers are heads of departments who spoke on their work (本部门): "
                "give their posts with --set lecturer=...");
  return true;
}

/* ---- the whole reading ---- */

static int set_defaults(struct psst_session *s) {
  s->leader = ps_strdup("");
  s->title_zh = ps_strdup("");
  s->title_en = ps_strdup("");
  s->confidence = ps_strdup("low");
  s->notes = ps_strdup("");
  return s->leader && s->title_zh && s->title_en && s->confidence && s->notes ? PSST_OK
                                                                              : PSST_ENOMEM;
}

/*
 * The classifier reads the subject and the opening of the readout (the lead and
 * the General Secretary's first remarks): what the session was about is said
 * there, and a whole readout's boilerplate would only add noise and time.
 */
enum { CLASSIFY_BODY_BYTES = 1500 };

static void suggest_codes(struct reading *r, const char *body) {
  struct psst_session *rec = &r->pr->rec;
  if (!r->ctx || !r->ctx->classy || !rec->title_zh[0])
    return;
  struct ps_class_result cr;
  memset(&cr, 0, sizeof cr);
  size_t blen = strlen(body);
  char *head = NULL;
  if (blen > CLASSIFY_BODY_BYTES) {
    size_t cut = CLASSIFY_BODY_BYTES;
    while (cut > 0 && ((unsigned char)body[cut] & 0xC0) == 0x80)
      cut--;
    if (!(head = ps_rd_dup(body, cut))) {
      r->rc = PSST_ENOMEM;
      return;
    }
  }
  int crc = ps_classify(r->ctx->classy, rec->title_zh, NULL, head ? head : body, &cr);
  free(head);
  if (crc == PSST_ENOMEM)
    r->rc = PSST_ENOMEM; /* not "no code fitted": the proposal would lose its codes */
  if (crc != PSST_OK)
    return;
  if (cr.topic) {
    free(rec->topic);
    if (!(rec->topic = ps_strdup(cr.topic)))
      r->rc = PSST_ENOMEM;
    for (size_t i = 0; i < cr.n_topics && i < 2; i++)
      ps_rd_add_str(r, &rec->topics, &rec->n_topics, cr.topics[i]);
  }
  for (size_t i = 0; i < cr.n_tech && i < 8; i++)
    ps_rd_add_str(r, &rec->tech, &rec->n_tech, cr.tech[i]);
  char how[600];
  snprintf(how, sizeof how, "suggested by the classifier: %s",
           cr.evidence[0] ? cr.evidence : "no keyword matched");
  ps_rd_note(r, "topic", how, (size_t)-1, (size_t)-1);
  if (!cr.topic)
    ps_rd_missing(r, "topic");
}

int ps_readout_parse(const struct ps_ingest_ctx *ctx, const char *text, size_t len,
                     const struct psst_ingest_opts *o, struct psst_proposal *out,
                     struct psst_error *err) {
  struct ps_buf norm = {0};
  int rc = ps_readout_normalize(text, len, &norm, &out->traditional, err);
  if (rc) {
    ps_buf_release(&norm);
    return rc;
  }
  size_t visible = 0;
  for (size_t i = 0; i < norm.len; i++)
    visible += norm.s[i] != ' ' && norm.s[i] != '\n';
  if (!visible) {
    ps_buf_release(&norm);
    return ps_err(err, PSST_EINVAL, "the input is empty");
  }
  if (o && o->published && !ps_valid_date(o->published)) {
    ps_buf_release(&norm);
    return ps_err(err, PSST_EINVAL, "--published: '%s' is not a date (YYYY-MM-DD)", o->published);
  }
  struct reading r = {.ctx = ctx, .t = {norm.s, norm.len}, .pr = out, .scan = o && o->scan};
  if ((rc = set_defaults(&out->rec))) {
    ps_buf_release(&norm);
    return ps_err(err, rc, "out of memory");
  }
  struct lead L = {0};
  if ((rc = ps_rd_find_lead(&r, &L, err))) {
    ps_buf_release(&norm);
    return rc;
  }
  out->rec.number = (int)L.number;
  ps_rd_note(&r, "number", "lead sentence (第N次集体学习)", L.num_at, L.num_end);
  ps_rd_term(&r, &L);

  struct dateline D = {0};
  ps_rd_dateline(&r, L.start, L.num_at, &D);
  /* the day held: the last month/day before the number in the lead sentence */
  int month = 0, day = 0;
  size_t date_at = 0, date_end = 0, after_date = L.start;
  for (const char *ri = find_in(norm.s, L.start, L.num_at, "日"); ri;
       ri = find_in(norm.s, (size_t)(ri - norm.s) + 3, L.num_at, "日")) {
    size_t p = (size_t)(ri - norm.s);
    int m, d;
    size_t at;
    if (ps_rd_month_day(&r.t, L.start, p, &m, &d, &at)) {
      month = m, day = d, date_at = at, date_end = p + 3, after_date = p + 3;
    }
  }
  const char *how_day = "lead sentence";
  int day_only = 0; /* a day without a month to place it */
  if (!day) {
    /* "今天下午" / "昨天" count from the dateline */
    const char *today = find_in(norm.s, L.start, L.num_at, "今天");
    if (!today)
      today = find_in(norm.s, L.start, L.num_at, "今日");
    if (today && D.month) {
      month = D.month, day = D.day, date_at = (size_t)(today - norm.s), date_end = date_at + 6;
      how_day = "lead sentence (今天) and the dateline";
    }
  } else if (!month) {
    /* "24日下午": the month is the dateline's (or the publication date's), or the one
     * before when the day is later */
    int pm = 0, pd = 0, py = 0;
    if (D.month)
      pm = D.month, pd = D.day, how_day = "day from the lead sentence, month from the dateline";
    else if (o && o->published && ps_valid_date(o->published) &&
             sscanf(o->published, "%4d-%2d-%2d", &py, &pm, &pd) == 3)
      how_day = "day from the lead sentence, month from the publication date";
    if (pm)
      month = day > pd ? (pm == 1 ? 12 : pm - 1) : pm;
    else
      day_only = day, day = 0;
  }
  /* the subject before the dating: a readout that cannot be dated is matched with the
   * record by its number and subject */
  ps_rd_subject(&r, &L, after_date);
  if (month && day) {
    char md[16];
    snprintf(md, sizeof md, "2000-%02d-%02d", month, day); /* 2000 is a leap year */
    if (!ps_valid_date(md)) {
      ps_buf_release(&norm);
      return ps_err(err, PSST_EINVAL, "the readout's date %d月%d日 does not exist", month, day);
    }
    ps_rd_note(&r, "date", how_day, date_at, date_end);
    rc = ps_rd_date_and_term(&r, &L, &D, o, month, day, date_at, date_end, err);
    if (rc) {
      ps_buf_release(&norm);
      return rc;
    }
  } else {
    /* the term follows from the readout, or from the record's session with the same
     * number and subject; an unknown term stays unknown (0 is never a term) */
    ps_rd_match_record(&r, &L, day_only);
    if (!out->rec.date)
      ps_rd_missing(&r, "date");
    if (!out->rec.term && L.term && ctx && ctx->ref && ps_term_find(ctx->ref, L.term)) {
      out->rec.term = L.term;
      ps_rd_note(&r, "term", "the readout names the Central Committee", L.term_at, L.term_end);
    } else if (!out->rec.term) {
      ps_rd_missing(&r, "term");
    }
  }
  const struct ps_term *term =
      out->rec.term && ctx && ctx->ref ? ps_term_find(ctx->ref, out->rec.term) : NULL;
  if (term)
    ps_rd_leader(&r, term);
  else
    ps_rd_missing(&r, "leader");

  ps_rd_venue(&r, &L, after_date);
  bool lecture = ps_rd_lecturers(&r, &L);
  bool spoke = !lecture && ps_rd_speakers(&r, &L);
  if (spoke && r.heads)
    lecture = heads_lectured(&r), spoke = false;
  bool self_study = find_in(norm.s, L.start, norm.len, "自学") != NULL;
  if (!out->rec.format) {
    if (lecture) {
      out->rec.format = ps_strdup("lecture");
      ps_rd_note(&r, "format", "experts lectured (讲解)", (size_t)-1, (size_t)-1);
    } else if (spoke || self_study) {
      out->rec.format = ps_strdup("self-study");
      ps_rd_note(&r, "format", "members studied and spoke (自学, 发言)", (size_t)-1, (size_t)-1);
      if (!spoke)
        ps_rd_missing(&r, "speakers");
    } else if (find_in(norm.s, L.end, norm.len, "主持学习") && norm.len - L.end > 600) {
      /* the General Secretary presided and spoke, and no one lectured or is named as
       * speaking: the members studied on their own */
      out->rec.format = ps_strdup("self-study");
      ps_rd_note(&r, "format", "no lecturer is named (no 讲解): the members studied themselves",
                 (size_t)-1, (size_t)-1);
    } else {
      ps_rd_missing(&r, "format");
    }
  }

  suggest_codes(&r, norm.s + L.start);
  if (o && o->url && o->url[0])
    add_url_source(&r, o, lecture, spoke, norm.s, norm.len);
  if (!out->rec.n_sources)
    ps_rd_warn(&r, "no source URL: give --url so that the record carries its source");
  ps_rd_warn(&r, "title_en is empty: write the English title (--set title_en=...)");

  /* confidence: high when number, date and subject were all read from this text and
   * the year was stated (not inferred) */
  bool inferred = false;
  for (size_t i = 0; i < out->n_sources; i++)
    if (!strcmp(out->sources[i].field, "date") && strstr(out->sources[i].how, "inferred"))
      inferred = true;
  /* and a source to trace it to: without --url the record cannot be high */
  bool traced = out->rec.n_sources > 0;
  const char *conf = out->rec.date && out->rec.title_zh[0] && out->rec.number
                         ? (inferred || !traced ? "medium" : "high")
                         : "low";
  /* the confidence rule of psst check: high rests on an official text (the address
   * given) supporting the date, the subject and who lectured or spoke */
  if (!strcmp(conf, "high") && !official_rests(&r)) {
    conf = "medium";
    ps_rd_warn(&r, "confidence medium, not high: no official source (a readout's or "
                   "broadcast's address, --url) supports the date, subject and lecturers");
  }
  free(out->rec.confidence);
  out->rec.confidence = ps_strdup(conf);
  if (out->traditional)
    ps_rd_warn(&r, "the input was in traditional characters and was converted to simplified");
  if (!out->rec.confidence)
    r.rc = PSST_ENOMEM;
  ps_buf_release(&norm);
  if (r.rc)
    return ps_err(err, r.rc, "out of memory");
  return PSST_OK;
}
