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
#include "readout.h"

#include "classify.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

/* ---- text helpers ---- */

struct text {
  const char *s;
  size_t len;
};

static const char *find_in(const char *s, size_t from, size_t to, const char *pat) {
  size_t n = strlen(pat);
  if (to < from + n)
    return NULL;
  for (size_t i = from; i + n <= to; i++)
    if (s[i] == pat[0] && !memcmp(s + i, pat, n))
      return s + i;
  return NULL;
}

/* The last occurrence of pat in [from, to). */
static const char *rfind_in(const char *s, size_t from, size_t to, const char *pat) {
  size_t n = strlen(pat);
  if (to < from + n)
    return NULL;
  for (size_t i = to - n + 1; i-- > from;)
    if (s[i] == pat[0] && !memcmp(s + i, pat, n))
      return s + i;
  return NULL;
}

static bool starts(const char *s, size_t left, const char *pat) {
  size_t n = strlen(pat);
  return left >= n && !memcmp(s, pat, n);
}

/* Length of the UTF-8 character at s (1 for a stray byte, which normalized text has not). */
static size_t clen(const char *s) {
  unsigned char c = (unsigned char)*s;
  return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Start of the character before position i. */
static size_t prev_char(const char *s, size_t i) {
  if (i == 0)
    return 0;
  i--;
  while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
    i--;
  return i;
}

static size_t nchars(const char *s, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i += clen(s + i))
    k++;
  return k;
}

static bool is_sentence_end(const char *s, size_t left) {
  return starts(s, left, "。") || starts(s, left, "！") || starts(s, left, "？") || *s == '\n';
}

/* Start of the sentence holding position i. */
static size_t sentence_start(const struct text *t, size_t i) {
  while (i > 0) {
    size_t p = prev_char(t->s, i);
    if (is_sentence_end(t->s + p, t->len - p))
      return i;
    i = p;
  }
  return 0;
}

/* End of the sentence holding position i (the position of its full stop, or the text's end). */
static size_t sentence_end(const struct text *t, size_t i) {
  while (i < t->len && !is_sentence_end(t->s + i, t->len - i))
    i += clen(t->s + i);
  return i;
}

static char *dup_range(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (d) {
    memcpy(d, s, n);
    d[n] = '\0';
  }
  return d;
}

/* ---- numbers ---- */

static int cn_digit(const char *s, size_t left, size_t *n) {
  static const char *const d[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  for (int k = 0; k < 10; k++)
    if (starts(s, left, d[k])) {
      *n = 3;
      return k;
    }
  if (starts(s, left, "〇")) {
    *n = 3;
    return 0;
  }
  if (starts(s, left, "两")) {
    *n = 3;
    return 2;
  }
  return -1;
}

long ps_cn_number(const char *s, size_t len) {
  if (!len)
    return -1;
  if (isdigit((unsigned char)s[0])) {
    long v = 0;
    for (size_t i = 0; i < len; i++) {
      if (!isdigit((unsigned char)s[i]) || v > 100000)
        return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  }
  /* 四十四, 十八, 二十, 一百零二: units and a pending digit */
  long total = 0, digit = -1, last_unit = 1000;
  bool any = false;
  for (size_t i = 0; i < len;) {
    size_t n;
    int d = cn_digit(s + i, len - i, &n);
    if (d >= 0) {
      if (digit >= 0 && digit != 0)
        return -1; /* two digits in a row: 二三 is not a number here */
      digit = d;
      i += n;
      any = true;
    } else if (starts(s + i, len - i, "十")) {
      if (last_unit <= 10)
        return -1; /* 十十 */
      last_unit = 10;
      total += (digit < 0 ? 1 : digit) * 10;
      digit = -1;
      i += 3;
      any = true;
    } else if (starts(s + i, len - i, "百")) {
      if (digit <= 0 || last_unit <= 100)
        return -1;
      last_unit = 100;
      total += digit * 100;
      digit = -1;
      i += 3;
      any = true;
    } else {
      return -1;
    }
  }
  if (!any)
    return -1;
  return total + (digit > 0 ? digit : 0);
}

/* Length of the number (digits or Chinese numerals) ending at position end, scanning back. */
static size_t number_before(const char *s, size_t from, size_t end) {
  size_t i = end;
  while (i > from) {
    size_t p = prev_char(s, i);
    size_t n;
    if (isdigit((unsigned char)s[p]) || cn_digit(s + p, end - p, &n) >= 0 ||
        starts(s + p, end - p, "十") || starts(s + p, end - p, "百"))
      i = p;
    else
      break;
  }
  return end - i;
}

/* ---- queries on the record ---- */

const char *const ps_ingest_sql[PS_ST_COUNT] = {
    [PS_ST_LECTURER] = "SELECT p.name_en, (SELECT l.affiliation_en FROM lectures l WHERE "
                       "l.person_id = p.id AND l.affiliation_zh = ?2 LIMIT 1) "
                       "FROM persons p WHERE p.name_zh = ?1 LIMIT 1",
};

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_key(const void *a, const void *b) {
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
  while (rc == PSST_OK && sqlite3_step(st) == SQLITE_ROW) {
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
  if (rc == PSST_OK &&
      sqlite3_prepare_v2(db, "SELECT term, number, date FROM sessions", -1, &st, NULL) != SQLITE_OK)
    rc = PSST_EDB;
  else if (rc == PSST_OK) {
    cap = 0;
    while (rc == PSST_OK && sqlite3_step(st) == SQLITE_ROW) {
      if (ix->n_keys == cap) {
        struct ps_key *v = realloc(ix->keys, (cap = cap ? 2 * cap : 256) * sizeof *v);
        if (!v) {
          rc = PSST_ENOMEM;
          break;
        }
        ix->keys = v;
      }
      struct ps_key *k = &ix->keys[ix->n_keys++];
      k->term = sqlite3_column_int(st, 0);
      k->number = sqlite3_column_int(st, 1);
      const char *d = (const char *)sqlite3_column_text(st, 2);
      snprintf(k->date, sizeof k->date, "%s", d ? d : "");
      k->line = 0;
    }
    sqlite3_finalize(st);
  }
  if (rc) {
    ps_ingest_index_release(ix);
    return rc;
  }
  if (ix->n_names)
    qsort(ix->names, ix->n_names, sizeof *ix->names, cmp_str);
  if (ix->n_keys)
    qsort(ix->keys, ix->n_keys, sizeof *ix->keys, cmp_key);
  return PSST_OK;
}

void ps_ingest_index_release(struct ps_ingest_index *ix) {
  for (size_t i = 0; i < ix->n_names; i++)
    free(ix->names[i]);
  free(ix->names);
  free(ix->keys);
  memset(ix, 0, sizeof *ix);
}

/* The statement for query `which`: the batch's own, reset, or one made for this call. */
static sqlite3_stmt *query(const struct ps_ingest_ctx *ctx, int which) {
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

static void done(const struct ps_ingest_ctx *ctx, sqlite3_stmt *st) {
  for (int i = 0; ctx->st && i < PS_ST_COUNT; i++)
    if (ctx->st[i] == st) {
      sqlite3_reset(st);
      return;
    }
  sqlite3_finalize(st);
}

/* ---- the proposal being built ---- */

struct reading {
  const struct ps_ingest_ctx *ctx;
  struct text t;
  struct psst_proposal *pr;
  int rc; /* the first allocation failure */
};

/* An excerpt of the text around [a, b): the words a field was read from. */
static char *excerpt(const struct text *t, size_t a, size_t b) {
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

static void note_source(struct reading *r, const char *field, const char *how, size_t a, size_t b) {
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
  fs->excerpt = a != (size_t)-1 && b > a && b <= r->t.len ? excerpt(&r->t, a, b) : NULL;
  if (!fs->field || !fs->how)
    r->rc = PSST_ENOMEM;
}

static void add_str(struct reading *r, char ***v, size_t *n, const char *s) {
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
  for (size_t i = 0; i < r->pr->n_sources; i++) {
    const struct psst_field_source *f = &r->pr->sources[i];
    bool inferred = f->how && strstr(f->how, "inferred");
    if (!strcmp(f->field, "date") && !inferred && s->date)
      rc |= ps_source_support(src, "date");
    else if (!strcmp(f->field, "number"))
      rc |= ps_source_support(src, "number");
    else if (!strcmp(f->field, "title_zh"))
      rc |= ps_source_support(src, "title_zh");
  }
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

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
warn(struct reading *r, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  add_str(r, &r->pr->warnings, &r->pr->n_warnings, msg);
}

static void missing(struct reading *r, const char *field) {
  add_str(r, &r->pr->missing, &r->pr->n_missing, field);
}

/* ---- the lead: number, date, subject, venue ---- */

struct lead {
  size_t start, end;      /* the lead sentence */
  size_t num_at, num_end; /* "第十八次集体学习" */
  long number;
  int month, day;           /* 0 when not in the lead */
  size_t date_at, date_end; /* where month/day were read */
  int term;                 /* from "十九届", 0 when not said */
  size_t term_at, term_end;
};

/* Month and day ending at `end` ("10月24日", "十月二十四日", "24日"). */
static bool read_month_day(const struct text *t, size_t from, size_t ri, int *month, int *day,
                           size_t *at) {
  /* ri is the position of 日 */
  size_t dn = number_before(t->s, from, ri);
  if (!dn)
    return false;
  long d = ps_cn_number(t->s + ri - dn, dn);
  if (d < 1 || d > 31)
    return false;
  size_t p = ri - dn;
  *day = (int)d;
  *at = p;
  *month = 0;
  if (p >= from + 3 && starts(t->s + p - 3, 3, "月")) {
    size_t mn = number_before(t->s, from, p - 3);
    long m = mn ? ps_cn_number(t->s + p - 3 - mn, mn) : -1;
    if (m >= 1 && m <= 12) {
      *month = (int)m;
      *at = p - 3 - mn;
    }
  }
  return true;
}

/*
 * The lead is the first "第N次集体学习" in a sentence that names the Politburo; a
 * later one can be a round-up's count ("这是十八大以来的第N次").
 */
static int find_lead(struct reading *r, struct lead *L, struct psst_error *err) {
  const struct text *t = &r->t;
  const char *any = find_in(t->s, 0, t->len, "集体学习");
  if (!any)
    return ps_err(err, PSST_EINVAL,
                  "this is not a study-session readout: it never says 集体学习 "
                  "(collective study session)");
  /* a headline also says "第N次集体学习"; the lead is the sentence that also
   * gives the day and the subject, the first such when several do */
  size_t pos = 0;
  const char *hit;
  int best = -1;
  while ((hit = find_in(t->s, pos, t->len, "次集体学习"))) {
    size_t ci = (size_t)(hit - t->s);
    pos = ci + 3;
    size_t nn = number_before(t->s, 0, ci);
    if (!nn || ci - nn < 3 || !starts(t->s + ci - nn - 3, 3, "第"))
      continue;
    long num = ps_cn_number(t->s + ci - nn, nn);
    if (num < 1 || num > 999)
      continue;
    size_t ss = sentence_start(t, ci - nn - 3), se = sentence_end(t, ci);
    if (!find_in(t->s, ss, se, "政治局"))
      continue;
    int score = (find_in(t->s, ss, ci, "日") ? 2 : 0) +
                (find_in(t->s, ss, ci, "就") || find_in(t->s, ss, ci, "为题") ||
                         find_in(t->s, ss, ci, "主持") || find_in(t->s, ci, se, "主持")
                     ? 1
                     : 0);
    if (score <= best)
      continue;
    best = score;
    L->start = ss;
    L->end = se;
    L->num_at = ci - nn - 3;
    L->num_end = ci + strlen("次集体学习");
    L->number = num;
    if (score == 3)
      break;
  }
  if (best >= 0)
    return PSST_OK;
  return ps_err(err, PSST_EINVAL,
                "no session number: the readout never says 第N次集体学习 in a sentence "
                "naming the Politburo (give it with --set number=N if the text is right)");
}

static void read_term(struct reading *r, struct lead *L) {
  const struct text *t = &r->t;
  /* "十九届中央政治局", "第十六届中共中央政治局", "19届" anywhere in the lead or the headline */
  size_t pos = 0, stop = L->end;
  const char *hit;
  while ((hit = find_in(t->s, pos, stop, "届"))) {
    size_t hi = (size_t)(hit - t->s);
    pos = hi + 3;
    size_t nn = number_before(t->s, 0, hi);
    long v = nn ? ps_cn_number(t->s + hi - nn, nn) : -1;
    if (v < 1 || v > 100)
      continue;
    size_t after = hi + 3, left = t->len - after;
    if (starts(t->s + after, left, "中央") || starts(t->s + after, left, "中共中央")) {
      L->term = (int)v;
      L->term_at = hi - nn;
      L->term_end = hi + 3;
      return;
    }
  }
}

/* ---- dateline and page date ---- */

struct dateline {
  int month, day;
  size_t at, end;
  int y, m, d; /* a full date printed on the page (YYYY年M月D日 or YYYY-MM-DD), 0 when none */
  size_t page_at, page_end;
};

static void read_dateline(struct reading *r, size_t lead_start, size_t num_at, struct dateline *D) {
  const struct text *t = &r->t;
  size_t stop = lead_start + 1 < t->len ? lead_start + 1 : t->len;
  /* the dateline is "新华社北京10月24日电" or "中新社北京10月24日电" before the lead */
  const char *e = rfind_in(t->s, 0, stop + 60 < t->len ? stop + 60 : t->len, "日电");
  if (e && (size_t)(e - t->s) < lead_start + 60) {
    size_t ri = (size_t)(e - t->s);
    int m, d;
    size_t at;
    size_t from = ri > 60 ? ri - 60 : 0;
    if (read_month_day(t, from, ri, &m, &d, &at) && m) {
      D->month = m;
      D->day = d;
      D->at = at;
      D->end = ri + strlen("日电");
    }
  }
  /* a full date on the page before the session's number: "2019年10月25日 08:12
   * 来源：新华网" (a page's date line often runs into the lead once tags are gone) */
  size_t head = num_at;
  for (size_t i = 0; i + 8 <= head && i < t->len; i++) {
    if (!isdigit((unsigned char)t->s[i]) || (i > 0 && isdigit((unsigned char)t->s[i - 1])))
      continue;
    int y = 0, k = 0;
    while (k < 4 && i + (size_t)k < t->len && isdigit((unsigned char)t->s[i + k]))
      y = y * 10 + (t->s[i + k] - '0'), k++;
    if (k != 4 || y < 2000 || y > 2999)
      continue;
    size_t j = i + 4;
    bool cn = starts(t->s + j, t->len - j, "年");
    if (!cn && !(j < t->len && (t->s[j] == '-' || t->s[j] == '/' || t->s[j] == '.')))
      continue;
    j += cn ? 3 : 1;
    int m = 0, d = 0;
    while (j < t->len && isdigit((unsigned char)t->s[j]) && m < 100)
      m = m * 10 + (t->s[j++] - '0');
    if (cn ? !starts(t->s + j, t->len - j, "月")
           : !(j < t->len && (t->s[j] == '-' || t->s[j] == '/' || t->s[j] == '.')))
      continue;
    j += cn ? 3 : 1;
    while (j < t->len && isdigit((unsigned char)t->s[j]) && d < 100)
      d = d * 10 + (t->s[j++] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31)
      continue;
    if (cn && starts(t->s + j, t->len - j, "日"))
      j += 3;
    D->y = y, D->m = m, D->d = d;
    D->page_at = i;
    D->page_end = j;
    break;
  }
}

/* ---- subject ---- */

static const char *const subject_intros[] = {"这次集体学习安排的内容是",
                                             "这次集体学习的内容是",
                                             "这次学习安排的内容是",
                                             "集体学习安排的内容是",
                                             "集体学习的内容是",
                                             "这次集体学习的主题是",
                                             "集体学习的主题是",
                                             "这次学习的主题是",
                                             "集体学习的题目是",
                                             "学习的内容是",
                                             "学习的主题是"};

/* Trims quotes, brackets and a trailing comma around a subject. */
static void trim_subject(const char *s, size_t *a, size_t *b) {
  static const char *const wrap[] = {"“", "”", "《", "》", "「", "」", "\"", "：", "，", " "};
  bool changed = true;
  while (changed && *b > *a) {
    changed = false;
    for (size_t k = 0; k < sizeof wrap / sizeof *wrap; k++) {
      size_t n = strlen(wrap[k]);
      if (*b - *a >= n && !memcmp(s + *a, wrap[k], n))
        *a += n, changed = true;
      if (*b - *a >= n && !memcmp(s + *b - n, wrap[k], n))
        *b -= n, changed = true;
    }
  }
}

static void read_subject(struct reading *r, const struct lead *L, size_t after_date) {
  const struct text *t = &r->t;
  size_t a = 0, b = 0;
  const char *how = NULL;
  /* 就X进行第N次 / 就X举行第N次 / 围绕X进行 / 以X为题 ... 举行 */
  size_t from = after_date > L->start ? after_date : L->start;
  const char *jiu = find_in(t->s, from, L->num_at, "就");
  const char *weirao = find_in(t->s, from, L->num_at, "围绕");
  const char *yi = find_in(t->s, from, L->num_at, "以");
  const char *weiti = yi ? find_in(t->s, (size_t)(yi - t->s), L->num_at, "为题") : NULL;
  if (weiti) {
    a = (size_t)(yi - t->s) + 3;
    b = (size_t)(weiti - t->s);
    how = "lead sentence (以…为题)";
  } else if (jiu || weirao) {
    const char *k = jiu && (!weirao || jiu < weirao) ? jiu : weirao;
    a = (size_t)(k - t->s) + (k == jiu ? 3 : 6);
    const char *v = rfind_in(t->s, a, L->num_at, "进行");
    const char *v2 = rfind_in(t->s, a, L->num_at, "举行");
    if (v2 && (!v || v2 > v))
      v = v2;
    b = v ? (size_t)(v - t->s) : L->num_at;
    how = "lead sentence (就…进行)";
  }
  if (!how) {
    for (size_t k = 0; k < sizeof subject_intros / sizeof *subject_intros && !how; k++) {
      const char *h = find_in(t->s, L->start, t->len, subject_intros[k]);
      if (h) {
        a = (size_t)(h - t->s) + strlen(subject_intros[k]);
        b = sentence_end(t, a);
        how = "the sentence giving the subject (这次集体学习安排的内容是…)";
      }
    }
  }
  if (how) {
    trim_subject(t->s, &a, &b);
    /* a subject runs to the end of its clause: 就X进行 never holds a full stop */
    size_t chars = nchars(t->s + a, b - a);
    if (b > a && chars >= 2 && chars <= 80) {
      free(r->pr->rec.title_zh);
      r->pr->rec.title_zh = dup_range(t->s + a, b - a);
      if (!r->pr->rec.title_zh)
        r->rc = PSST_ENOMEM;
      note_source(r, "title_zh", how, a, b);
      return;
    }
  }
  missing(r, "title_zh");
}

/* ---- venue (field sessions) ---- */

static void read_venue(struct reading *r, const struct lead *L, size_t after_date) {
  const struct text *t = &r->t;
  size_t from = after_date > L->start ? after_date : L->start;
  /* "在北京中关村举行", "来到X进行", "走出中南海", "把集体学习课堂搬到X" */
  static const char *const intro[] = {"把集体学习课堂搬到", "来到", "走进", "在", "到"};
  for (size_t k = 0; k < sizeof intro / sizeof *intro; k++) {
    const char *h = find_in(t->s, from, L->num_at, intro[k]);
    if (!h)
      continue;
    size_t a = (size_t)(h - t->s) + strlen(intro[k]);
    const char *v = find_in(t->s, a, L->num_at, "举行");
    const char *v2 = find_in(t->s, a, L->num_at, "进行");
    if (!v || (v2 && v2 < v))
      v = v2;
    if (!v)
      continue;
    size_t b = (size_t)(v - t->s);
    const char *jiu = find_in(t->s, a, b, "就");
    if (jiu)
      continue; /* "在…就…进行": the 就 clause is the subject, not a place */
    size_t chars = nchars(t->s + a, b - a);
    if (chars < 2 || chars > 30 || find_in(t->s, a, b, "中南海") || find_in(t->s, a, b, "怀仁堂"))
      continue;
    char *place = dup_range(t->s + a, b - a);
    if (!place) {
      r->rc = PSST_ENOMEM;
      return;
    }
    free(r->pr->rec.format);
    r->pr->rec.format = ps_strdup("field");
    note_source(r, "format", "held away from Zhongnanhai: the lead names a place", a, b);
    struct ps_buf nb = {0};
    if (ps_buf_printf(&nb, "%sHeld at %s (as the readout says).", r->pr->rec.notes[0] ? " " : "",
                      place) ||
        ps_buf_puts(&nb, "")) {
      r->rc = PSST_ENOMEM;
    } else {
      struct ps_buf all = {0};
      if (ps_buf_puts(&all, r->pr->rec.notes) || ps_buf_puts(&all, nb.s))
        r->rc = PSST_ENOMEM;
      else {
        free(r->pr->rec.notes);
        r->pr->rec.notes = ps_buf_detach(&all);
      }
      ps_buf_release(&all);
    }
    ps_buf_release(&nb);
    free(place);
    return;
  }
}

/* ---- lecturers ---- */

/* Post titles: a lecturer's post ends with one; in Hu-era readouts it follows the name. */
static const char *const titles[] = {
    "首席科学家", "高级工程师", "总工程师", "学部委员", "副研究员", "研究员", "副教授",
    "教授",       "院士",       "副院长",   "院长",     "副所长",   "所长",   "副主任",
    "主任",       "副部长",     "部长",     "副校长",   "校长",     "副局长", "局长",
    "副书记",     "书记",       "秘书长",   "副主席",   "主席",     "理事长", "会长",
    "馆长",       "司长",       "总经理",   "董事长",   "委员",     "专家",   "博士",
    "编审",       "大使",       "社长",     "总编辑",   "主编",     "政委",   "司令员",
    "参谋长",     "负责人",     "副总经理", "组长",     "处长",     "讲师",   "高级编辑"};

/* Institutions end with one of these: in "北京大学王博教授" the name follows it. */
static const char *const inst_ends[] = {"大学", "学院", "研究院", "研究所", "研究中心", "科学院",
                                        "中心", "部",   "委员会", "委",     "局",       "院",
                                        "所",   "校",   "办公室", "办",     "署",       "会",
                                        "集团", "公司", "馆",     "社",     "室"};

/*
 * Surnames, single and double: the first character of a name is one of them. The
 * list holds the surnames of most of the population; a name outside it still
 * reads, with a lower score.
 */
static const char single_surnames[] =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘"
    "祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟"
    "艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞"
    "姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕"
    "楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣"
    "晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉"
    "银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由";
static const char *const double_surnames[] = {"欧阳", "司马", "诸葛", "上官", "司徒", "东方",
                                              "夏侯", "皇甫", "令狐", "尉迟", "慕容", "宇文",
                                              "长孙", "公孙", "轩辕", "端木", "南宫", "西门"};

static bool is_surname_at(const char *s, size_t left, size_t *n) {
  for (size_t k = 0; k < sizeof double_surnames / sizeof *double_surnames; k++)
    if (starts(s, left, double_surnames[k])) {
      *n = 6;
      return true;
    }
  size_t c = clen(s);
  if (c != 3 || left < 3)
    return false;
  for (size_t i = 0; i + 3 <= sizeof single_surnames - 1; i += 3)
    if (!memcmp(single_surnames + i, s, 3)) {
      *n = 3;
      return true;
    }
  return false;
}

/* Characters that occur in posts and institutions but hardly in given names. */
static bool is_post_char(const char *s) {
  /* not 国, 军, 民, 学, 华, 文 ...: frequent in given names (建国, 建军, 学勤) */
  static const char chars[] = "大院所部委会心授员士师司局处科室厅省市县党研究的任书记副总程社"
                              "组织宣传办公署和与";
  for (size_t i = 0; i + 3 <= sizeof chars - 1; i += 3)
    if (!memcmp(chars + i, s, 3))
      return true;
  return false;
}

static bool ends_with_any(const char *s, size_t n, const char *const *v, size_t nv, size_t *len) {
  for (size_t k = 0; k < nv; k++) {
    size_t l = strlen(v[k]);
    if (n >= l && !memcmp(s + n - l, v[k], l)) {
      *len = l;
      return true;
    }
  }
  return false;
}

static bool known_name(const struct reading *r, const char *s, size_t n) {
  const struct ps_ingest_index *ix = r->ctx ? r->ctx->ix : NULL;
  if (!ix || !ix->n_names || n >= 64)
    return false;
  char key[64];
  memcpy(key, s, n);
  key[n] = '\0';
  const char *k = key;
  return bsearch(&k, ix->names, ix->n_names, sizeof *ix->names, cmp_str) != NULL;
}

/* How much [s, s+n) looks like a personal name. */
static int name_score(const struct reading *r, const char *s, size_t n) {
  size_t chars = nchars(s, n);
  if (chars < 2 || chars > 4)
    return -100;
  for (size_t i = 0; i < n; i += clen(s + i))
    if (clen(s + i) != 3 || (i > 0 && is_post_char(s + i)))
      return -100;
  int score = 0;
  size_t sn;
  if (is_surname_at(s, n, &sn))
    score += sn == 6 ? (chars >= 3 ? 3 : -100) : 2;
  else
    score -= 2;
  if (is_post_char(s))
    score -= 2;
  score += chars == 3 ? 1 : chars == 2 ? 0 : -1;
  if (known_name(r, s, n))
    score += 6;
  return score;
}

struct person {
  size_t name_a, name_b; /* the name in the text */
  struct ps_buf aff;     /* the post as the readout gives it */
};

/*
 * One lecturer's words, "中国社会科学院学部委员、中国历史研究院副院长李国强" (post,
 * name) or "中国人民大学许崇德教授" (institution, name, title). Returns the score
 * of the best reading, or a negative number when no name is found.
 */
/*
 * The names of two to four characters ending at `end`, each scored; the best so far is
 * kept in out with its post: the words before the name, then the title after it (Hu-era
 * order) when there is one. What comes before the name should end with one of `before`
 * (a post title, or an institution when a title follows the name); nothing before it
 * costs `alone`.
 */
static void try_names(struct reading *r, size_t a, size_t end, size_t title_len,
                      const char *const *before, size_t n_before, int alone, int *best,
                      struct person *out) {
  const char *s = r->t.s;
  for (size_t k = 2; k <= 4; k++) {
    size_t na = end;
    for (size_t i = 0; i < k && na > a; i++)
      na = prev_char(s, na);
    if (nchars(s + na, end - na) != k)
      continue;
    int sc = name_score(r, s + na, end - na);
    size_t bl;
    if (na > a && ends_with_any(s + a, na - a, before, n_before, &bl))
      sc += 3;
    else
      sc -= na == a ? alone : 3;
    if (sc > *best) {
      *best = sc;
      out->name_a = na, out->name_b = end;
      out->aff.len = 0;
      if (ps_buf_add(&out->aff, s + a, na - a) || ps_buf_add(&out->aff, s + end, title_len))
        r->rc = PSST_ENOMEM;
    }
  }
}

static int read_person(struct reading *r, size_t a, size_t b, struct person *out) {
  int best = -1;
  /* post then name (Xi era): "中国社会科学院学部委员、中国历史研究院副院长李国强" */
  try_names(r, a, b, 0, titles, sizeof titles / sizeof *titles, 1, &best, out);
  /* institution, name, title (Hu era): "中国人民大学许崇德教授" */
  size_t tl;
  if (ends_with_any(r->t.s + a, b - a, titles, sizeof titles / sizeof *titles, &tl))
    try_names(r, a, b - tl, tl, inst_ends, sizeof inst_ends / sizeof *inst_ends, 0, &best, out);
  return best;
}

static const char *const separators[] = {"、", "和", "以及", "及", "与", "，"};

/* Next separator in [from, to): its position and length. */
static bool next_sep(const char *s, size_t from, size_t to, size_t *at, size_t *n) {
  for (size_t i = from; i < to; i += clen(s + i))
    for (size_t k = 0; k < sizeof separators / sizeof *separators; k++)
      if (starts(s + i, to - i, separators[k])) {
        *at = i;
        *n = strlen(separators[k]);
        return true;
      }
  return false;
}

static int add_lecturer(struct reading *r, const struct person *p) {
  struct psst_session *rec = &r->pr->rec;
  struct psst_lecturer *v = realloc(rec->lecturers, (rec->n_lecturers + 1) * sizeof *v);
  if (!v)
    return r->rc = PSST_ENOMEM;
  rec->lecturers = v;
  struct psst_lecturer *l = &v[rec->n_lecturers++];
  *l = (struct psst_lecturer){0};
  l->name_zh = dup_range(r->t.s + p->name_a, p->name_b - p->name_a);
  l->affiliation_zh = ps_strdup(p->aff.s ? p->aff.s : "");
  l->name_en = NULL;
  l->affiliation_en = NULL;
  /* a lecturer seen before keeps the English name the record gives them, and the
   * English post when the Chinese one is the same */
  /* only a name the record knows has an English form to look up */
  sqlite3_stmt *st = l->name_zh && known_name(r, l->name_zh, strlen(l->name_zh))
                         ? query(r->ctx, PS_ST_LECTURER)
                         : NULL;
  if (st) {
    sqlite3_bind_text(st, 1, l->name_zh, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, l->affiliation_zh ? l->affiliation_zh : "", -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
      const char *en = (const char *)sqlite3_column_text(st, 0);
      const char *aen = (const char *)sqlite3_column_text(st, 1);
      l->name_en = ps_strdup(en ? en : "");
      if (aen)
        l->affiliation_en = ps_strdup(aen);
    }
    done(r->ctx, st);
  }
  if (!l->name_en)
    l->name_en = ps_strdup("");
  if (!l->affiliation_en)
    l->affiliation_en = ps_strdup("");
  if (!l->name_zh || !l->affiliation_zh || !l->name_en || !l->affiliation_en)
    return r->rc = PSST_ENOMEM;
  return PSST_OK;
}

/*
 * The lecturers' words: pieces between separators, a piece without a name joined
 * to the next one, since posts hold 、 and 和 themselves (国家发展和改革委员会,
 * 学部委员、中国历史研究院副院长).
 */
static void split_lecturers(struct reading *r, size_t a, size_t b) {
  const char *s = r->t.s;
  size_t start = a, from = a;
  int found = 0;
  while (start < b) {
    size_t at, n;
    bool more = next_sep(s, from, b, &at, &n);
    size_t end = more ? at : b;
    /* "同志" closes a lecturer in Xi-era readouts */
    size_t e2 = end;
    if (e2 - start >= 6 && !memcmp(s + e2 - 6, "同志", 6))
      e2 -= 6;
    struct person p = {0};
    int sc = e2 > start ? read_person(r, start, e2, &p) : -1;
    if (sc >= 2 || (!more && sc >= 0)) {
      if (add_lecturer(r, &p) == PSST_OK) {
        note_source(r, "lecturers", "the sentence naming who lectured (…进行讲解)", start, end);
        found++;
      }
      start = more ? at + n : b;
    } else if (!more) {
      if (e2 > start)
        warn(r, "could not find a name in the lecturer words \"%.*s\"", (int)(e2 - start),
             s + start);
      start = b;
    }
    ps_buf_release(&p.aff);
    from = more ? at + n : b;
  }
  if (!found)
    missing(r, "lecturers");
}

static const char *const lecture_verbs[] = {"进行讲解", "进行了讲解", "作讲解", "作了讲解", "讲解"};

static bool read_lecturers(struct reading *r, const struct lead *L) {
  const struct text *t = &r->t;
  const char *v = NULL;
  for (size_t k = 0; k < sizeof lecture_verbs / sizeof *lecture_verbs && !v; k++)
    v = find_in(t->s, L->end, t->len, lecture_verbs[k]);
  if (!v)
    v = find_in(t->s, L->start, L->end, "讲解");
  if (!v)
    return false;
  size_t vi = (size_t)(v - t->s);
  size_t ss = sentence_start(t, vi);
  /* the lecturers come before "就这个问题" or before the verb */
  const char *jiu = find_in(t->s, ss, vi, "就");
  size_t b = jiu ? (size_t)(jiu - t->s) : vi;
  const char *comma = rfind_in(t->s, ss, b, "，");
  size_t a = comma ? (size_t)(comma - t->s) + 3 : ss;
  /* lead-in words: "请", "由", "邀请", "会上" */
  static const char *const leadin[] = {"中央政治局邀请", "邀请", "请", "由"};
  for (size_t k = 0; k < sizeof leadin / sizeof *leadin; k++)
    if (starts(t->s + a, b - a, leadin[k])) {
      a += strlen(leadin[k]);
      break;
    }
  /* "他们" / "他" is the readout looking back, not a name */
  if (b - a < 6 || starts(t->s + a, b - a, "他"))
    return false;
  split_lecturers(r, a, b);
  return true;
}

/* ---- self-study: who spoke ---- */

static const char *const speak_verbs[] = {"作了重点发言", "作重点发言", "作了交流发言",
                                          "作交流发言",   "作了发言",   "分别发言"};

static bool read_speakers(struct reading *r, const struct lead *L) {
  const struct text *t = &r->t;
  const char *v = NULL;
  for (size_t k = 0; k < sizeof speak_verbs / sizeof *speak_verbs && !v; k++)
    v = find_in(t->s, L->start, t->len, speak_verbs[k]);
  if (!v)
    return false;
  size_t vi = (size_t)(v - t->s);
  size_t ss = sentence_start(t, vi);
  const char *comma = rfind_in(t->s, ss, vi, "，");
  size_t a = comma ? (size_t)(comma - t->s) + 3 : ss;
  static const char *const leadin[] = {"中央政治局委员", "中央政治局常委", "政治局委员"};
  for (size_t k = 0; k < sizeof leadin / sizeof *leadin; k++)
    if (starts(t->s + a, vi - a, leadin[k])) {
      a += strlen(leadin[k]);
      break;
    }
  /* names joined by 、 and 和, each optionally with 同志; "结合分管工作" and the like
   * before the verb are not names */
  const char *jh = find_in(t->s, a, vi, "结合");
  size_t b = jh ? (size_t)(jh - t->s) : vi;
  struct psst_session *rec = &r->pr->rec;
  size_t start = a;
  while (start < b) {
    size_t at, n;
    bool more = next_sep(t->s, start, b, &at, &n);
    size_t end = more ? at : b;
    size_t e2 = end;
    if (e2 - start >= 6 && !memcmp(t->s + e2 - 6, "同志", 6))
      e2 -= 6;
    if (name_score(r, t->s + start, e2 - start) > -100) {
      char *name = dup_range(t->s + start, e2 - start);
      if (!name) {
        r->rc = PSST_ENOMEM;
        return true;
      }
      add_str(r, &rec->speakers, &rec->n_speakers, name);
      free(name);
    } else if (e2 > start) {
      warn(r, "\"%.*s\" among the speakers does not read as a name", (int)(e2 - start),
           t->s + start);
    }
    start = more ? at + n : b;
  }
  if (rec->n_speakers) {
    note_source(r, "speakers", "the sentence naming who spoke (…作了重点发言)", a, vi);
    warn(r, "speakers are as the readout names them, in Chinese: give their English names with "
            "--set speakers=... before applying");
  } else {
    missing(r, "speakers");
  }
  return true;
}

/* ---- leader ---- */

static void read_leader(struct reading *r, const struct ps_term *term) {
  const struct text *t = &r->t;
  if (!term)
    return;
  free(r->pr->rec.leader);
  r->pr->rec.leader = ps_strdup(term->leader);
  if (!r->pr->rec.leader) {
    r->rc = PSST_ENOMEM;
    return;
  }
  const char *h = find_in(t->s, 0, t->len, term->leader_zh ? term->leader_zh : "");
  if (h && term->leader_zh && term->leader_zh[0]) {
    size_t a = (size_t)(h - t->s);
    note_source(r, "leader", "the General Secretary the readout names, as the term's leader", a,
                a + strlen(term->leader_zh));
  } else {
    note_source(r, "leader",
                "the term's General Secretary (terms.json); the readout does not "
                "name him",
                (size_t)-1, (size_t)-1);
    warn(r, "the readout does not name %s; check that it is of the %dth term", term->leader_zh,
         term->term);
  }
}

/* ---- dating ---- */

static bool in_term(const struct ps_term *t, const char *date) {
  return strcmp(date, t->from) >= 0 && (!t->to[0] || strcmp(date, t->to) < 0);
}

static const struct ps_term *term_of_date(const struct ps_refdata *ref, const char *date) {
  for (size_t i = 0; ref && i < ref->n_terms; i++)
    if (in_term(&ref->terms[i], date))
      return &ref->terms[i];
  return NULL;
}

/* The neighbouring dated sessions of (term, number) in the database. */
static void neighbours(const struct ps_ingest_ctx *ctx, int term, long number, char prev[11],
                       long *prev_n, char next[11], long *next_n, char same[11], bool *exists) {
  prev[0] = next[0] = same[0] = '\0';
  *prev_n = *next_n = 0;
  *exists = false;
  const struct ps_ingest_index *ix = ctx ? ctx->ix : NULL;
  if (!ix)
    return;
  /* the keys are sorted by term and number: the term's run, walked in order */
  struct ps_key probe = {.term = term, .number = 0};
  size_t lo = 0, hi = ix->n_keys;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cmp_key(&ix->keys[mid], &probe) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t i = lo; i < ix->n_keys && ix->keys[i].term == term; i++) {
    const struct ps_key *k = &ix->keys[i];
    if (k->number == number) {
      *exists = true;
      snprintf(same, 11, "%s", k->date);
    } else if (k->number < number && k->date[0]) {
      snprintf(prev, 11, "%s", k->date);
      *prev_n = k->number;
    } else if (k->number > number && k->date[0] && !next[0]) {
      snprintf(next, 11, "%s", k->date);
      *next_n = k->number;
    }
  }
}

static int this_year(void) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

/*
 * Gives the date its year and the session its term. The year comes from
 * --published, else from a date printed on the page, else from the numbering: the
 * one year in which month/day falls between the neighbouring sessions of a term.
 */
static int date_and_term(struct reading *r, struct lead *L, const struct dateline *D,
                         const struct psst_ingest_opts *o, int month, int day, size_t date_at,
                         size_t date_end, struct psst_error *err) {
  const struct ps_refdata *ref = r->ctx ? r->ctx->ref : NULL;
  struct psst_session *rec = &r->pr->rec;
  int year = 0;
  const char *year_how = NULL;
  int py = 0, pm = 0, pd = 0;
  if (o && o->published && ps_valid_date(o->published)) {
    sscanf(o->published, "%4d-%2d-%2d", &py, &pm, &pd);
    year_how = "year from --published";
  } else if (D->y) {
    py = D->y, pm = D->m, pd = D->d;
    year_how = "year from the date printed on the page";
  }
  if (py) {
    /* a session is reported the same day or soon after: a December session
     * published in January belongs to the year before */
    year = (month > pm || (month == pm && day > pd)) ? py - 1 : py;
  }
  char date[11];
  const struct ps_term *term = NULL;
  if (L->term && ref) {
    term = ps_term_find(ref, L->term);
    if (!term)
      warn(r, "the readout names the %dth Central Committee, which terms.json does not have",
           L->term);
  }
  if (year) {
    snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
    if (!ps_valid_date(date))
      return ps_err(err, PSST_EINVAL, "the readout's date %d月%d日 does not exist in %d", month,
                    day, year);
    const struct ps_term *dt = term_of_date(ref, date);
    if (term && dt && dt != term)
      warn(r, "the date %s falls in the %dth term but the readout names the %dth", date, dt->term,
           term->term);
    if (!term)
      term = dt;
  } else if (r->ctx && r->ctx->db && ref) {
    /* the numbering: which (term, year) puts this session between its neighbours */
    int found = 0, fy = 0;
    const struct ps_term *ft = NULL;
    char why[160] = "";
    int y_now = this_year();
    /* the General Secretary the readout names narrows the terms to his */
    const char *named = NULL;
    int n_named = 0;
    for (size_t i = 0; i < ref->n_terms; i++) {
      const char *lz = ref->terms[i].leader_zh;
      if (lz && lz[0] && find_in(r->t.s, 0, r->t.len, lz) && (!named || strcmp(named, lz)))
        named = lz, n_named++;
    }
    for (size_t i = 0; i < ref->n_terms; i++) {
      const struct ps_term *tt = &ref->terms[i];
      if (term && tt != term)
        continue;
      if (n_named == 1 && tt->leader_zh && strcmp(tt->leader_zh, named))
        continue;
      /* a term whose total is stated has no session beyond it */
      if (tt->sessions_stated && L->number > tt->sessions_stated)
        continue;
      char prev[11], next[11], same[11];
      long pn, nn;
      bool exists;
      neighbours(r->ctx, tt->term, L->number, prev, &pn, next, &nn, same, &exists);
      int y0 = atoi(tt->from), y1 = tt->to[0] ? atoi(tt->to) : y_now + 1;
      for (int y = y0; y <= y1; y++) {
        char d[11];
        snprintf(d, sizeof d, "%04d-%02d-%02d", y, month, day);
        if (!ps_valid_date(d) || !in_term(tt, d))
          continue;
        if (same[0] ? strcmp(d, same) != 0
                    : ((prev[0] && strcmp(d, prev) <= 0) || (next[0] && strcmp(d, next) >= 0) ||
                       (!prev[0] && !next[0])))
          continue;
        /* with one neighbour only, the session is within a year of it: no term
         * has gone a year between two sessions */
        if (!same[0] && !next[0] && ps_days(d) - ps_days(prev) > 366)
          continue;
        if (!same[0] && !prev[0] && ps_days(next) - ps_days(d) > 366)
          continue;
        found++, fy = y, ft = tt;
        if (same[0])
          snprintf(why, sizeof why, "the record's %d-%ld on %s", tt->term, L->number, same);
        else if (prev[0] && next[0])
          snprintf(why, sizeof why, "between %d-%ld (%s) and %d-%ld (%s)", tt->term, pn, prev,
                   tt->term, nn, next);
        else if (prev[0])
          snprintf(why, sizeof why, "within a year after %d-%ld (%s), the term's latest", tt->term,
                   pn, prev);
        else
          snprintf(why, sizeof why, "within a year before %d-%ld (%s)", tt->term, nn, next);
      }
    }
    if (found == 1) {
      /* without a stated year, the first year after the latest session is the
       * guess for a new session of a sitting term; say so plainly */
      year = fy;
      term = ft;
      snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
      char how[256];
      snprintf(how, sizeof how, "year inferred from the numbering: %s", why);
      note_source(r, "date", how, date_at, date_end);
      warn(r, "the year %d was inferred, not read: confirm it or give --published", year);
    } else if (found > 1) {
      warn(r, "the year of %d月%d日 is ambiguous from the numbering; give --published", month, day);
    } else {
      warn(r, "no term's numbering has room for 第%ld次 on %d月%d日; give --published", L->number,
           month, day);
    }
  }
  if (term) {
    rec->term = term->term;
    if (L->term)
      note_source(r, "term", "the readout names the Central Committee", L->term_at, L->term_end);
    else
      note_source(r, "term", year ? "the term in office on that date" : "the term", (size_t)-1,
                  (size_t)-1);
  } else {
    missing(r, "term");
  }
  if (year && term) {
    snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
    if (!ps_valid_date(date))
      return ps_err(err, PSST_EINVAL, "the readout's date %d月%d日 does not exist in %d", month,
                    day, year);
    free(rec->date);
    if (!(rec->date = ps_strdup(date)))
      return ps_err(err, PSST_ENOMEM, "out of memory");
    if (year_how)
      note_source(r, "date", year_how, date_at, date_end);
    /* against the record: the number must fit between the neighbours' dates */
    if (r->ctx && r->ctx->ix) {
      char prev[11], next[11], same[11];
      long pn, nn;
      bool exists;
      neighbours(r->ctx, term->term, L->number, prev, &pn, next, &nn, same, &exists);
      if (same[0] && strcmp(same, date))
        return ps_err(err, PSST_EDATA,
                      "the readout's 第%ld次 on %s contradicts the record: %d-%ld was held on %s",
                      L->number, date, term->term, L->number, same);
      if (prev[0] && strcmp(date, prev) <= 0)
        return ps_err(err, PSST_EDATA,
                      "the readout's 第%ld次 on %s contradicts the record: the earlier %d-%ld "
                      "was held on %s",
                      L->number, date, term->term, pn, prev);
      if (next[0] && strcmp(date, next) >= 0)
        return ps_err(err, PSST_EDATA,
                      "the readout's 第%ld次 on %s contradicts the record: the later %d-%ld "
                      "was held on %s",
                      L->number, date, term->term, nn, next);
      if (exists)
        warn(r, "the record already has %d-%ld: applying would be refused as a duplicate",
             term->term, L->number);
    }
  } else if (!rec->date) {
    missing(r, "date");
  }
  return PSST_OK;
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
    if (!(head = dup_range(body, cut))) {
      r->rc = PSST_ENOMEM;
      return;
    }
  }
  int crc = ps_classify(r->ctx->classy, rec->title_zh, NULL, head ? head : body, &cr);
  free(head);
  if (crc != PSST_OK)
    return;
  if (cr.topic) {
    free(rec->topic);
    rec->topic = ps_strdup(cr.topic);
    for (size_t i = 0; i < cr.n_topics && i < 2; i++)
      add_str(r, &rec->topics, &rec->n_topics, cr.topics[i]);
  }
  for (size_t i = 0; i < cr.n_tech && i < 8; i++)
    add_str(r, &rec->tech, &rec->n_tech, cr.tech[i]);
  char how[600];
  snprintf(how, sizeof how, "suggested by the classifier: %s",
           cr.evidence[0] ? cr.evidence : "no keyword matched");
  note_source(r, "topic", how, (size_t)-1, (size_t)-1);
  if (!cr.topic)
    missing(r, "topic");
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
  struct reading r = {.ctx = ctx, .t = {norm.s, norm.len}, .pr = out};
  if ((rc = set_defaults(&out->rec))) {
    ps_buf_release(&norm);
    return ps_err(err, rc, "out of memory");
  }
  struct lead L = {0};
  if ((rc = find_lead(&r, &L, err))) {
    ps_buf_release(&norm);
    return rc;
  }
  out->rec.number = (int)L.number;
  note_source(&r, "number", "lead sentence (第N次集体学习)", L.num_at, L.num_end);
  read_term(&r, &L);

  struct dateline D = {0};
  read_dateline(&r, L.start, L.num_at, &D);
  /* the day held: the last month/day before the number in the lead sentence */
  int month = 0, day = 0;
  size_t date_at = 0, date_end = 0, after_date = L.start;
  for (const char *ri = find_in(norm.s, L.start, L.num_at, "日"); ri;
       ri = find_in(norm.s, (size_t)(ri - norm.s) + 3, L.num_at, "日")) {
    size_t p = (size_t)(ri - norm.s);
    int m, d;
    size_t at;
    if (read_month_day(&r.t, L.start, p, &m, &d, &at)) {
      month = m, day = d, date_at = at, date_end = p + 3, after_date = p + 3;
    }
  }
  const char *how_day = "lead sentence";
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
    /* "24日下午": the month is the dateline's, or the one before when the day is later */
    if (D.month) {
      month = day > D.day ? (D.month == 1 ? 12 : D.month - 1) : D.month;
      how_day = "day from the lead sentence, month from the dateline";
    } else {
      day = 0;
    }
  }
  if (month && day) {
    char md[16];
    snprintf(md, sizeof md, "2000-%02d-%02d", month, day); /* 2000 is a leap year */
    if (!ps_valid_date(md)) {
      ps_buf_release(&norm);
      return ps_err(err, PSST_EINVAL, "the readout's date %d月%d日 does not exist", month, day);
    }
    note_source(&r, "date", how_day, date_at, date_end);
    rc = date_and_term(&r, &L, &D, o, month, day, date_at, date_end, err);
    if (rc) {
      ps_buf_release(&norm);
      return rc;
    }
  } else {
    missing(&r, "date");
    /* the term still follows from the readout or --published */
    if (L.term && ctx && ctx->ref && ps_term_find(ctx->ref, L.term)) {
      out->rec.term = L.term;
      note_source(&r, "term", "the readout names the Central Committee", L.term_at, L.term_end);
    } else {
      missing(&r, "term");
    }
  }
  const struct ps_term *term =
      out->rec.term && ctx && ctx->ref ? ps_term_find(ctx->ref, out->rec.term) : NULL;
  if (term)
    read_leader(&r, term);
  else
    missing(&r, "leader");

  read_subject(&r, &L, after_date);
  read_venue(&r, &L, after_date);
  bool lecture = read_lecturers(&r, &L);
  bool spoke = !lecture && read_speakers(&r, &L);
  bool self_study = find_in(norm.s, L.start, norm.len, "自学") != NULL;
  if (!out->rec.format) {
    if (lecture) {
      out->rec.format = ps_strdup("lecture");
      note_source(&r, "format", "experts lectured (讲解)", (size_t)-1, (size_t)-1);
    } else if (spoke || self_study) {
      out->rec.format = ps_strdup("self-study");
      note_source(&r, "format", "members studied and spoke (自学, 发言)", (size_t)-1, (size_t)-1);
      if (!spoke)
        missing(&r, "speakers");
    } else {
      missing(&r, "format");
    }
  }

  suggest_codes(&r, norm.s + L.start);
  if (o && o->url && o->url[0])
    add_url_source(&r, o, lecture, spoke, norm.s, norm.len);
  if (!out->rec.n_sources)
    warn(&r, "no source URL: give --url so that the record carries its source");
  warn(&r, "title_en is empty: write the English title (--set title_en=...)");

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
  free(out->rec.confidence);
  out->rec.confidence = ps_strdup(conf);
  if (out->traditional)
    warn(&r, "the input was in traditional characters and was converted to simplified");
  if (!out->rec.confidence)
    r.rc = PSST_ENOMEM;
  ps_buf_release(&norm);
  if (r.rc)
    return ps_err(err, r.rc, "out of memory");
  return PSST_OK;
}
