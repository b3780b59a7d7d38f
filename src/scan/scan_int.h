/*
 * scan_int.h: what the parts of psst scan share.
 *
 *   scan_split.c   a file's bytes into news items (the streaming splitter, the fuzz
 *                  target's entry), with the fast pre-filter
 *   scan_json.c    a JSON document or a JSON Lines line into articles
 *   scan_walk.c    paths into files: folders, gzip, encodings, what is skipped
 *   scan.c         the items that are readouts, read and reconciled with the record
 *   scan_report.c  the findings as a table; applying them
 */
#ifndef PSST_SCAN_INT_H
#define PSST_SCAN_INT_H

#include "internal.h"

#include <stddef.h>

enum ps_fmt {
  PS_FMT_TEXT = 0, /* items between headings (# lines) and form feeds */
  PS_FMT_MD = 1,   /* the same: a bulletin's items are its headings' sections */
  PS_FMT_HTML = 2, /* one item a page */
  PS_FMT_JSON = 3, /* an article list (or one article) */
  PS_FMT_JSONL = 4 /* one article a line */
};

/* One news item, borrowed for the time of the callback. */
struct ps_item {
  long number;          /* 1-based within the file (lists), 0 otherwise */
  long line;            /* line of the item's first byte, 0 when unknown */
  const char *headline; /* NUL-terminated, "" when none */
  const char *text;     /* the item's words (raw: HTML and Markdown still in) */
  size_t len;
  const char *published; /* YYYY-MM-DD from the item or its file, "" when unknown */
  const char *url;       /* the item's own address, "" when none */
  bool truncated;        /* cut at the item size limit */
};

typedef int (*ps_item_fn)(void *ctx, const struct ps_item *it);

/* A source of bytes: returns the count read, 0 at the end, -1 on error. */
struct ps_reader {
  long (*read)(void *h, char *buf, size_t n);
  void *h;
};

struct ps_split_opts {
  enum ps_fmt fmt;
  const char *file_date; /* YYYY-MM-DD from the file's name, "" when none */
  size_t chunk;          /* bytes read at a time; 0 = 4 MiB */
  size_t item_max;       /* the largest item; 0 = 1 MiB */
  size_t json_max;       /* the largest JSON document read whole; 0 = 64 MiB */
  bool prefilter_off;    /* pass every item (tests); normally only items that may be readouts */
};

struct ps_split_stats {
  unsigned long long bytes;
  size_t items;  /* items passed to the callback */
  bool not_utf8; /* refused at the start as not UTF-8: the caller may convert it */
  char date[11]; /* a publication date seen in the file (bulletin heading), "" */
};

/*
 * Splits the bytes of one file into items and calls fn for each item that passes the
 * pre-filter (it says 集体/集體, or their JSON escapes). PSST_OK; PSST_EINVAL when the
 * file is refused (binary, no line break within item_max, JSON that is not an article
 * list, not UTF-8: st->not_utf8), with the reason in err; PSST_EIO on a read error;
 * what fn returns when it is not PSST_OK.
 */
int ps_split(const struct ps_split_opts *o, const struct ps_reader *rd, ps_item_fn fn, void *ctx,
             struct ps_split_stats *st, struct psst_error *err);

/* Whether the first bytes of a file look like the start of valid UTF-8 (a character cut at
   the end of the sample is allowed). */
bool ps_utf8_prefix_ok(const char *s, size_t n);

/* The articles of a JSON document (or one JSON Lines line) as items. */
int ps_json_items(const char *doc, size_t len, bool one_line, long line, const char *file_date,
                  ps_item_fn fn, void *ctx, size_t *n_items, struct psst_error *err);

/* The pre-filter: the first position >= from of any pattern, or len when none. */
struct ps_prefilter {
  size_t next[6]; /* cached next hit of each pattern, SIZE_MAX unknown */
  size_t n_pats;
};
void ps_prefilter_reset(struct ps_prefilter *pf, bool json);
size_t ps_prefilter_next(struct ps_prefilter *pf, const char *buf, size_t len, size_t from);
/* Whether s holds a pattern at all (a whole item or document). */
bool ps_prefilter_any(const char *s, size_t n, bool json);

/* ---- scan_walk.c ---- */

/* The walk over the paths: every file is split and its items passed to fn. */
struct ps_walk {
  ps_item_fn fn;
  void *ctx;
  const char *file;             /* the file being read, for fn */
  struct psst_scan_result *res; /* files, bytes, items and what is skipped are counted here */
  struct ps_dir_id {
    unsigned long long dev, ino;
  } * dirs; /* the folders entered so far (symbolic-link loops, folders seen twice) */
  size_t n_dirs, cap_dirs; /* dirs[0, depth) are the current folder's ancestors */
};

/* Walks the paths; PSST_OK unless memory runs out or fn fails (problems are skips). */
int ps_walk_paths(struct ps_walk *w, const char *const *paths, size_t n, struct psst_error *err);
void ps_walk_release(struct ps_walk *w);
/* Adds a skipped path with its reason to the result. */
int ps_scan_skip(struct psst_scan_result *r, const char *path, const char *fmt, ...)
    PS_PRINTF(3, 4);

/* Widens the result's span to hold date (YYYY-MM-DD; "" is ignored). */
void ps_scan_span(struct psst_scan_result *r, const char *date);

/* YYYY-MM-DD from 8 digits (20221024) or "YYYY-MM-DD"/"YYYY/MM/DD" at s; false when none. */
bool ps_date_at(const char *s, size_t n, char out[11]);

#endif
