/*
 * findings_int.h: what the files of the findings report share (findings.c: the record and
 * the report's frame; findings_out.c: writing Markdown or HTML and the evidence;
 * findings_years.c: the sessions per year; findings_claims.c: the other claims).
 *
 * The report reads the record once into a compact array (one struct a session, no text)
 * and computes every verdict from it; the few sessions shown as evidence are read in full
 * with psst_show.
 */
#ifndef PSST_FINDINGS_INT_H
#define PSST_FINDINGS_INT_H

#include "../core/internal.h"

#include <stdint.h>

/* A verdict on a claim or on a part of one. */
enum fs_verdict {
  FS_AGREES = 0, /* every completion of the record agrees */
  FS_DIFFERS,    /* no completion does */
  FS_OPEN        /* some do, some do not: cannot be checked */
};

/* One session, as the verdicts need it. */
struct fs_session {
  int term, number;
  char date[11];         /* "" when not known */
  char from[11], to[11]; /* the days it was held within ("" when open); the date twice */
  int year;              /* the year it counts in; 0 when its window spans two or more */
  const char *leader;    /* the term's leader (English), from the reference data */
  bool titled;           /* a Chinese title is known */
  bool coded;            /* a primary topic is known: its topics and tags are coded */
  bool high;             /* confidence high */
  bool missing;          /* not in the record: implied by the term's stated total */
  int format;            /* codebook index, -1 when not known */
  uint64_t tags, topics; /* bit i: codebook tag i; topic i, primary or secondary */
};

/* Years of the first claim (the article's span). */
enum { FS_Y0 = 2002, FS_Y1 = 2021, FS_NY = FS_Y1 - FS_Y0 + 1 };

struct report {
  struct psst *p;
  bool html, zh;
  enum psst_lang lang;
  struct ps_buf out;
  int nomem;
  struct psst_error *err;
  struct fs_session *s; /* the record (and the sessions it lacks), by term and number */
  size_t n;
  char as_of[16]; /* the latest date of the record */
  int last_year;  /* its last full year */
  int max_tags;   /* the most technology tags (general S&T aside) one coded session carries */
};

/* A string in the report's language: both written side by side where it is used. */
#define L(r, en_, zh_) ((r)->zh ? (zh_) : (en_))

/* ---- findings_out.c ---- */

void fs_put(struct report *r, const char *markup);
void fs_text(struct report *r, const char *s);
void fs_textf(struct report *r, const char *fmt, ...) PS_PRINTF(2, 3);
/* A claim's heading, numbered, with the verdicts of its parts summed up (none: no verdict). */
void fs_heading(struct report *r, int n, const char *title, const enum fs_verdict *v, size_t nv);
void fs_end_section(struct report *r);
void fs_para(struct report *r);     /* opens a paragraph */
void fs_para_end(struct report *r); /* closes it */
/* "The article: CLAIM", quoted. */
void fs_claim(struct report *r, const char *claim);
/* A part of a claim: its name and verdict open an item that fs_part_end closes. */
void fs_parts(struct report *r);
void fs_part(struct report *r, const char *name, enum fs_verdict v);
void fs_part_end(struct report *r);
void fs_parts_end(struct report *r);
const char *fs_verdict_name(const struct report *r, enum fs_verdict v);
/* A table of text cells. */
void fs_table(struct report *r, const char *const *headers, size_t ncols);
void fs_row(struct report *r, const char *const *cells, size_t ncols);
void fs_table_end(struct report *r);
/* The sessions as evidence: a row each (id, date, subject, format, topic, technologies),
   then each one's sources. */
int fs_evidence(struct report *r, const struct fs_session *const *v, size_t n);
/* "16-2" */
void fs_id(char out[16], const struct fs_session *s);
/* "2007-01-23", or "between 2005-08-27 and 2006-01-24" */
void fs_when(const struct report *r, const struct fs_session *s, char *out, size_t len);
/* The ids of v, comma-separated, appended to b. */
int fs_ids(const struct report *r, struct ps_buf *b, const struct fs_session *const *v, size_t n);
/* The labels of the tags in mask, in codebook order, appended to b ("none" when empty). */
int fs_tag_labels(const struct report *r, struct ps_buf *b, uint64_t mask);

/* ---- findings.c ---- */

const struct fs_session *fs_find(const struct report *r, int term, int number);
int fs_tag(const struct report *r, const char *code);   /* bit index, -1 when not in the codebook */
int fs_topic(const struct report *r, const char *code); /* the same for topics */
/* The years the session may have been held in. */
void fs_span(const struct report *r, const struct fs_session *s, int *first, int *last);

/* ---- the claims ---- */

int fs_claim_years(struct report *r); /* findings_years.c */
int fs_claim_16_38(struct report *r); /* findings_claims.c */
int fs_claim_tech_years(struct report *r);
int fs_claim_general_sti(struct report *r);
int fs_claim_more_tech(struct report *r);
int fs_claim_policy(struct report *r); /* findings_policy.c */

#endif
