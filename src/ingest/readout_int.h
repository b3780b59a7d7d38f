/*
 * readout_int.h: what the parts of the readout parser share. Not part of the
 * library's interface: the parser's files and its tests include it.
 *
 * The parser, by the order a readout is read in:
 *   readout.c         the whole reading (ps_readout_parse), the proposal being built,
 *                     what the record knows (names, numbering, titles)
 *   readout_lead.c    the lead sentence: number, term, dateline, subject, venue
 *   readout_people.c  lecturers with their posts, self-study speakers, the leader
 *   readout_date.c    the year and the term: publication date, numbering, the record
 *   normalize.c       the text as the parser reads it (HTML, traditional, annotations)
 *
 * Positions are byte offsets into the normalized text; every search works on whole
 * UTF-8 characters because all the markers are whole characters.
 */
#ifndef PSST_READOUT_INT_H
#define PSST_READOUT_INT_H

#include "readout.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct text {
  const char *s;
  size_t len;
};

static inline const char *find_in(const char *s, size_t from, size_t to, const char *pat) {
  size_t n = strlen(pat);
  if (to < from + n)
    return NULL;
  for (size_t i = from; i + n <= to; i++)
    if (s[i] == pat[0] && !memcmp(s + i, pat, n))
      return s + i;
  return NULL;
}

/* The last occurrence of pat in [from, to). */
static inline const char *rfind_in(const char *s, size_t from, size_t to, const char *pat) {
  size_t n = strlen(pat);
  if (to < from + n)
    return NULL;
  for (size_t i = to - n + 1; i-- > from;)
    if (s[i] == pat[0] && !memcmp(s + i, pat, n))
      return s + i;
  return NULL;
}

static inline bool starts(const char *s, size_t left, const char *pat) {
  size_t n = strlen(pat);
  return left >= n && !memcmp(s, pat, n);
}

/* Length of the UTF-8 character at s (1 for a stray byte, which normalized text has not). */
static inline size_t clen(const char *s) {
  unsigned char c = (unsigned char)*s;
  return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Start of the character before position i. */
static inline size_t prev_char(const char *s, size_t i) {
  if (i == 0)
    return 0;
  i--;
  while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
    i--;
  return i;
}

static inline size_t nchars(const char *s, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i += clen(s + i))
    k++;
  return k;
}

static inline bool is_sentence_end(const char *s, size_t left) {
  return starts(s, left, "。") || starts(s, left, "！") || starts(s, left, "？") || *s == '\n';
}

/* Start of the sentence holding position i. */
static inline size_t sentence_start(const struct text *t, size_t i) {
  while (i > 0) {
    size_t p = prev_char(t->s, i);
    if (is_sentence_end(t->s + p, t->len - p))
      return i;
    i = p;
  }
  return 0;
}

/* End of the sentence holding position i (the position of its full stop, or the text's end). */
static inline size_t sentence_end(const struct text *t, size_t i) {
  while (i < t->len && !is_sentence_end(t->s + i, t->len - i))
    i += clen(t->s + i);
  return i;
}

static inline char *ps_rd_dup(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (d) {
    memcpy(d, s, n);
    d[n] = '\0';
  }
  return d;
}

/* ---- numbers ---- */

static inline int cn_digit(const char *s, size_t left, size_t *n) {
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

/* Length of the number (digits or Chinese numerals) ending at position end, scanning back. */
static inline size_t number_before(const char *s, size_t from, size_t end) {
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

/* ---- the reading in progress ---- */

struct reading {
  const struct ps_ingest_ctx *ctx;
  struct text t;
  struct psst_proposal *pr;
  bool scan;  /* psst scan: a mention is no readout, a contradiction is returned as read */
  bool heads; /* the speakers are heads of departments, presenting their work: lecturers */
  int rc;     /* the first allocation failure */
};

struct lead {
  size_t start, end;      /* the lead sentence */
  size_t num_at, num_end; /* "第十八次集体学习" */
  long number;
  int month, day;           /* 0 when not in the lead */
  size_t date_at, date_end; /* where month/day were read */
  int term;                 /* from "十九届", 0 when not said */
  size_t term_at, term_end;
};

struct dateline {
  int month, day;
  size_t at, end;
  int y, m, d; /* a full date printed on the page (YYYY年M月D日 or YYYY-MM-DD), 0 when none */
  size_t page_at, page_end;
};

/* readout.c: the proposal being built */
char *ps_rd_excerpt(const struct text *t, size_t a, size_t b);
void ps_rd_note(struct reading *r, const char *field, const char *how, size_t a, size_t b);
void ps_rd_add_str(struct reading *r, char ***v, size_t *n, const char *s);
void ps_rd_warn(struct reading *r, const char *fmt, ...) PS_PRINTF(2, 3);
void ps_rd_missing(struct reading *r, const char *field);
int ps_rd_cmp_str(const void *a, const void *b);
int ps_rd_cmp_key(const void *a, const void *b);
sqlite3_stmt *ps_rd_query(const struct ps_ingest_ctx *ctx, int which);
void ps_rd_done(const struct ps_ingest_ctx *ctx, sqlite3_stmt *st);
bool ps_rd_known_name(const struct reading *r, const char *s, size_t n);

/* readout_lead.c */
bool ps_rd_month_day(const struct text *t, size_t from, size_t ri, int *month, int *day,
                     size_t *at);
int ps_rd_find_lead(struct reading *r, struct lead *L, struct psst_error *err);
void ps_rd_term(struct reading *r, struct lead *L);
void ps_rd_dateline(struct reading *r, size_t lead_start, size_t num_at, struct dateline *D);
void ps_rd_subject(struct reading *r, const struct lead *L, size_t after_date);
void ps_rd_venue(struct reading *r, const struct lead *L, size_t after_date);

/* readout_people.c */
int ps_rd_name_score(const struct reading *r, const char *s, size_t n);
bool ps_rd_next_sep(const char *s, size_t from, size_t to, size_t *at, size_t *n);
bool ps_rd_lecturers(struct reading *r, const struct lead *L);
bool ps_rd_speakers(struct reading *r, const struct lead *L);
void ps_rd_leader(struct reading *r, const struct ps_term *term);

/* readout_date.c */
int ps_rd_date_and_term(struct reading *r, struct lead *L, const struct dateline *D,
                        const struct psst_ingest_opts *o, int month, int day, size_t date_at,
                        size_t date_end, struct psst_error *err);
void ps_rd_match_record(struct reading *r, const struct lead *L, int day);
/* readout.c: two subjects are the same, quotes, brackets and spaces aside */
bool ps_rd_same_subject(const char *a, const char *b);

#endif
