/*
 * watch_int.h: what the parts of psst watch share.
 *
 *   page.c     a fetched page as text: its charset (iconv), its links (absolute, with their
 *              words), its article body, the next page of a split article (the fuzz target)
 *   fetch.c    HTTP with libcurl: conditional requests, limits, retries, a polite interval
 *   sources.c  the sources file: where each source's list is and how its links are found
 *   state.c    what was seen, kept atomically under a lock
 *   watch.c    a run: the sources polled, the articles read, proposed or applied
 */
#ifndef PSST_WATCH_INT_H
#define PSST_WATCH_INT_H

#include "internal.h"

#include <jansson.h>
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>

/* ---- page.c ---- */

/*
 * The page's bytes as UTF-8 in *out (to free()): the charset of the Content-Type header,
 * else of the page's <meta>, else UTF-8 when valid, else GB18030 (GBK and GB2312 are read
 * as GB18030, which holds them). PSST_EINVAL with the reason in why when the bytes are not
 * valid in their charset or the charset is unknown; *charset names what was used.
 */
int pw_decode(const char *body, size_t len, const char *content_type, char **out, size_t *out_len,
              char charset[32], char *why, size_t why_size);

/* A link of a list page: its absolute address and its words (the anchor's text, else its
   title attribute; an RSS or Atom item's title). */
struct pw_link {
  char *url;
  char *text;
};

struct pw_links {
  struct pw_link *v;
  size_t n, cap;
};

/*
 * The links of an HTML page (<a href>, resolved against base_url or the page's <base>) or of
 * an RSS/Atom feed (each item's link with its title), in page order, each address once.
 * Only http and https addresses are kept.
 */
int pw_links_find(const char *html, size_t len, const char *base_url, struct pw_links *out);
void pw_links_release(struct pw_links *l);

/* s with tags left out, entities of the usual kinds decoded and white space collapsed (to
   free()); NULL when out of memory. */
char *pw_text(const char *s, size_t len);

/* An absolute address for href read on the page at base (to free()), NULL when it is not
   an http(s) address or cannot be resolved. */
char *pw_resolve(const char *base, const char *href);

/*
 * The article's body: the element whose start tag holds one of the markers (an attribute
 * such as id="content_area"), up to its matching end tag; the <body> when no marker is
 * found, else the whole page. *found tells whether a marker was.
 */
void pw_body(const char *html, size_t len, const char *const *markers, size_t n_markers,
             size_t *start, size_t *end, bool *found);

/* The page's title: <title>, else og:title (to free(); "" when none). */
char *pw_title(const char *html, size_t len);

/* The address of the next page of a split article (a link whose words are 下一页, 下页 or
   "next page"), resolved against url; NULL when none. */
char *pw_next_page(const char *html, size_t len, const char *url);

/* The publication date a page states (<meta name="publishdate">, a YYYY-MM-DD or
   YYYY年M月D日 near the top), or from its address; false when none. */
bool pw_page_date(const char *html, size_t len, const char *url, char out[11]);

/* ---- sources.c ---- */

struct pw_source {
  char *name;
  char *publisher, *kind; /* NULL: from the article's host */
  char *list;             /* the list's address; {yyyymmdd} {yyyy} {mm} {dd} for dated lists */
  pcre2_code *links;      /* which links are articles */
  pcre2_code *titles;     /* which articles are read (their link's words); NULL: all */
  char **body;            /* markers of the article's body */
  size_t n_body;
  double interval; /* seconds between requests to its host */
  bool dated;      /* the list address holds a date */
};

struct pw_sources {
  struct pw_source *v;
  size_t n;
  char *path;
};

/* Loads and checks the sources file; errors name the file, the source and the field. */
int pw_sources_load(const char *path, struct pw_sources *out, struct psst_error *err);
void pw_sources_release(struct pw_sources *s);
/* Whether subject (NUL-terminated) matches re. */
bool pw_match(const pcre2_code *re, const char *subject);
/* The list's address for a day (YYYY-MM-DD), to free(). */
char *pw_list_url(const struct pw_source *s, const char *day);

/* ---- fetch.c ---- */

struct pw_fetcher;

struct pw_fetch_opts {
  double timeout, retry_wait;
  int retries;
  long max_bytes;
  const char *connect_to;
  FILE *log;
};

struct pw_response {
  long status; /* the last response's HTTP status; 0 when none came */
  char *body;  /* NUL-terminated; NULL for a 304 or a failure */
  size_t len;
  char *content_type;  /* or NULL */
  char *etag;          /* or NULL */
  char *last_modified; /* or NULL */
  char *final_url;     /* after redirects */
  char error[256];     /* why it failed, "" when it did not */
  bool transient;      /* a failure worth trying again later (timeout, 5xx, connection) */
};

int pw_fetcher_new(const struct pw_fetch_opts *o, struct pw_fetcher **out, struct psst_error *err);
void pw_fetcher_free(struct pw_fetcher *f);
/*
 * GETs url, after waiting until interval seconds have passed since the last request to its
 * host; with etag or last_modified, conditionally (a 304 leaves body NULL). Transient
 * failures are tried again after retry_wait, doubled each time. Returns PSST_OK when an
 * answer of 200 or 304 came, PSST_EIO otherwise (res->error says why), PSST_ENOMEM.
 */
int pw_fetch(struct pw_fetcher *f, const char *url, double interval, const char *etag,
             const char *last_modified, struct pw_response *res);
void pw_response_release(struct pw_response *r);

/* ---- state.c ---- */

struct pw_state {
  char *path;
  int lock_fd;
  json_t *root; /* {"version":1, "pages":{url:{etag,last_modified,checked}},
                   "articles":{url:{...}}, "proposed":{id:url}} */
};

/* Opens the state (a missing file is an empty state) and takes its lock: PSST_EIO when
   another watch holds it. */
int pw_state_open(const char *path, struct pw_state *out, struct psst_error *err);
/* Writes the state atomically. */
int pw_state_save(struct pw_state *s, struct psst_error *err);
void pw_state_close(struct pw_state *s);
/* The object kept for key in section ("pages", "articles", "proposed"), or NULL. */
json_t *pw_state_get(struct pw_state *s, const char *section, const char *key);
/* Sets (replaces) it; v's reference is taken. */
int pw_state_set(struct pw_state *s, const char *section, const char *key, json_t *v);
/* Drops the entries of pages and articles whose "at" is older than days before now. */
void pw_state_prune(struct pw_state *s, long days);
/* Now as YYYY-MM-DDTHH:MM:SSZ. */
void pw_now(char out[21]);

/* watch.c: psst_watch_once's code, the entry of the psst-watch module (module.h) */
int ps_mod_watch_once(struct psst *p, const struct psst_watch_opts *o,
                      struct psst_watch_result *res, struct psst_error *err);

#endif
