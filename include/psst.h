/*
 * psst.h: the public interface of libpsst, the Party Study Session Tracker core.
 *
 * The data files (sessions.jsonl, codebook.json, terms.json, institutions.json in
 * one data folder) are the source of truth; libpsst validates them and derives an
 * SQLite database from them, which every query reads.
 *
 * Conventions, for every function below:
 *  - The return value is a status from enum psst_status; PSST_OK is 0.
 *  - On failure the optional `struct psst_error *err` receives the status and a
 *    one-line message that names what failed (file, line, field where relevant).
 *  - Output pointers are owned by the caller and released with the matching
 *    *_free or *_release function; inputs are borrowed and never kept.
 *  - Nothing here prints or exits: the front ends decide what to show.
 */
#ifndef PSST_H
#define PSST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define PSST_VERSION "0.1.0"

struct psst_table;

/* Values are stable: front ends map them to exit codes and HTTP statuses. */
enum psst_status {
  PSST_OK = 0,
  PSST_ENOMEM = 1,    /* out of memory */
  PSST_EIO = 2,       /* a file could not be read or written */
  PSST_EDATA = 3,     /* the data files have errors (see the diagnostics) */
  PSST_EDB = 4,       /* the database failed */
  PSST_ENOTFOUND = 5, /* no such session, lecturer, ... */
  PSST_EINVAL = 6,    /* an argument from the caller is invalid (filter, query) */
};

struct psst_error {
  int status;
  char msg[512];
};

/* A short, stable English name of a status ("out of memory"). */
const char *psst_strerror(int status);

/* ---- diagnostics (psst check, database build) ---- */

enum psst_severity { PSST_WARNING = 0, PSST_ERROR = 1 };

struct psst_diag {
  char *file;    /* data file name as given to the loader */
  size_t line;   /* 1-based; 0 when the problem concerns the whole file */
  char *field;   /* JSON key path, e.g. "lecturers[1].name_zh"; "" for the record */
  char *kind;    /* stable machine name, e.g. "bad-date", "unknown-date" */
  char *message; /* human sentence, lower case, no final period */
  enum psst_severity severity;
};

struct psst_diags {
  struct psst_diag *v;
  size_t n, cap;
  size_t n_errors, n_warnings;
  bool errors_only; /* set by the caller: count warnings without keeping them */
  bool as_errors;   /* warnings counted and reported as errors (psst_check's strict) */
  /* set by the caller: each problem handed to sink as it is found, and not kept (v stays
     empty, the counts are kept), so that a file with millions of problems is checked in
     constant memory; the diag and its strings live for the call only */
  void (*sink)(const struct psst_diag *diag, void *ctx);
  void *sink_ctx;
};

void psst_diags_release(struct psst_diags *diags);

/* The diagnostics as a table (file, line, field, severity, kind, message), for output;
   warnings only when `warnings` is set. */
int psst_diags_table(const struct psst_diags *diags, bool warnings, struct psst_table **out);

/*
 * Validate the data folder `data_dir` without touching any database.
 * Every problem is appended to `out` (caller-initialised to zeros, released with
 * psst_diags_release). With `strict`, warnings are reported as errors.
 * Returns PSST_OK when the files could be read, even if they hold errors:
 * look at out->n_errors. PSST_EIO/PSST_EDATA only when a file is unreadable.
 */
int psst_check(const char *data_dir, bool strict, struct psst_diags *out, struct psst_error *err);

/* ---- the open database ---- */

struct psst;

struct psst_open_opts {
  const char *data_dir; /* folder with the data files; required */
  const char *db_path;  /* SQLite file; required */
  bool force_rebuild;   /* rebuild even when the database is current */
  /* open the database as it is, never building it (psst serve taking up a database that
     another process rebuilt): PSST_EDB when it is missing or of another schema */
  bool no_build;
  /* a process that answers many queries (psst serve): the database is read through a
     memory map its connections share; a one-shot command maps nothing, which costs it
     more than it saves */
  bool long_lived;
  /* a database on a read-only mount (psst serve --immutable): opened as no_build does, and
     by SQLite as immutable (no lock, no journal, nothing written beside it); a database
     older than the data is served and psst_open_note says so */
  bool immutable;
};

/*
 * Open the database at opts->db_path, building it from opts->data_dir first when
 * it is missing, built from other files or versions, or damaged (psst_open_note). A
 * build runs the same checks as psst_check and refuses data with errors (PSST_EDATA): the
 * problems go to `diags` when given. The build writes a temporary file and renames
 * it, so readers never see half a database. *rebuilt (optional) tells whether a
 * build happened.
 */
int psst_open(struct psst **out, const struct psst_open_opts *opts, struct psst_diags *diags,
              bool *rebuilt, struct psst_error *err);
/* What psst_open found that the user should hear (a damaged database it rebuilt, or with
   immutable a database older than the data), or NULL. Owned by p. */
const char *psst_open_note(const struct psst *p);
/*
 * After a query failed on a damaged page (SQLite's "database disk image is malformed"):
 * checks the database (PRAGMA quick_check) and, when it is damaged, rebuilds it from the
 * data files. problem receives what was found ("" when the database is sound: nothing is
 * done). The status is the rebuild's.
 */
int psst_db_repair(const struct psst_open_opts *opts, char *problem, size_t len,
                   struct psst_error *err);
void psst_close(struct psst *p);

/*
 * What the open database was built from: content receives a SHA-256 (hex) over the bytes of
 * the data files and the versions of psst and of the schema, the same whenever the same data
 * is built by the same psst; *built (optional) the time of the build, in seconds since the
 * epoch. Caches (psst serve's ETag and Last-Modified) key on these.
 */
int psst_db_identity(struct psst *p, char content[65], long long *built, struct psst_error *err);

/* ---- results ---- */

/* What a column holds, for typed output (JSON) and alignment; the cells stay text. */
enum psst_coltype {
  PSST_COL_TEXT = 0,
  PSST_COL_INT = 1,
  PSST_COL_REAL = 2, /* a decimal number ("7.70") */
  /* a percentage as people read it ("0.7%" or "0.7"): JSON gives the fraction of one (0.007) */
  PSST_COL_PCT = 3,
  /* a list, its items joined with "," or "、", spaces after either not part of an item
     (codes, session ids, names): JSON gives an array of strings, [] for NULL or "". A
     column whose items may themselves hold a comma stays PSST_COL_TEXT. */
  PSST_COL_LIST = 4
};

/* The UTF-8 byte-order mark, which a CSV file needs for Excel to read it as UTF-8 (other
   readers, pandas with encoding="utf-8-sig", R's readr, skip it). */
#define PSST_UTF8_BOM "\xEF\xBB\xBF"

/* A rectangular result: every cell is text (NULL when unknown). */
struct psst_table {
  size_t ncols, nrows;
  char **cols;              /* column names: stable, English, snake_case */
  enum psst_coltype *types; /* per column, for typed output such as JSON */
  char **cells;             /* row-major, nrows * ncols */
  char *note;               /* e.g. "2 sessions without a known date left out"; may be NULL */
  char **headers;           /* display names in the requested language; NULL = cols */
  char **null_labels;       /* per column, what a table shows for NULL ("uncertain"); NULL: "-" */
  size_t cap;               /* allocated rows */
};

void psst_table_free(struct psst_table *t);
/*
 * t as CSV (RFC 4180: a header row of t->cols, CRLF line ends, fields quoted when they
 * hold , " CR or LF, NULL as an empty field, every cell as it is) or as a JSON array of
 * objects keyed by t->cols, typed by t->types: integers, decimals and percentages (as the
 * fraction of one) as numbers, lists as arrays of strings, dates and the rest as strings,
 * NULL as null (a list's as []). A cell that is not a number as its type says goes out as
 * a string, never as invalid JSON. Invalid UTF-8 becomes U+FFFD. The note is left out.
 * PSST_EIO when fp reports an error after the flush.
 */
int psst_table_write_csv(FILE *fp, const struct psst_table *t, struct psst_error *err);
int psst_table_write_json(FILE *fp, const struct psst_table *t, struct psst_error *err);
/* s as a JSON string literal, quotes included, invalid UTF-8 as U+FFFD. */
void psst_json_string(FILE *fp, const char *s);
/* Keeps the first n rows. */
void psst_table_truncate(struct psst_table *t, size_t n);
static inline const char *psst_cell(const struct psst_table *t, size_t row, size_t col) {
  return t->cells[row * t->ncols + col];
}

enum psst_lang { PSST_LANG_EN = 0, PSST_LANG_ZH = 1 };

/* Filters for listings; zero/NULL fields do not filter. Strings are borrowed. */
struct psst_filter {
  int term;
  int year;
  const char *from, *to;   /* inclusive dates YYYY-MM-DD */
  const char *leader;      /* "Hu Jintao", "胡锦涛", or a case-insensitive part */
  const char *topic;       /* codebook code, primary or secondary */
  const char *tech;        /* codebook tag */
  const char *format;      /* lecture | self-study | field */
  const char *lecturer;    /* part of a name, Chinese or English */
  const char *institution; /* institution code or part of its name */
  const char *since;       /* YYYY-MM-DD: records added or last changed on or after it */
};

/* Sessions matching `f`, in date order (term, number). */
int psst_list(struct psst *p, const struct psst_filter *f, enum psst_lang lang,
              struct psst_table **out, struct psst_error *err);

/* A page of a listing: at most `limit` rows (0 = all) after skipping `offset`. */
enum psst_order {
  PSST_ORDER_DEFAULT = 0, /* list: oldest first; search: best match first */
  PSST_ORDER_OLDEST = 1,  /* date order (term, number), which also places undated sessions */
  PSST_ORDER_NEWEST = 2,
  /* the records added or changed last first (their `updated`, else `added`), then the
     newest sessions (the Atom feed) */
  PSST_ORDER_CHANGED = 3
};
struct psst_page {
  size_t limit, offset;
  enum psst_order order;
};

/*
 * psst_list with paging: the same columns and rows, the page's slice of them, and in
 * *total (optional) how many sessions match before paging. A NULL page is every row.
 */
int psst_list_page(struct psst *p, const struct psst_filter *f, const struct psst_page *page,
                   enum psst_lang lang, struct psst_table **out, long *total,
                   struct psst_error *err);

/*
 * Full-text search over titles, lecturers, affiliations, speakers and notes.
 * Chinese needs no word segmentation: any substring of one or more characters
 * matches. Words are ANDed; English words match as prefixes. Results are ranked,
 * each with a snippet in which matches are wrapped in `open`/`close`.
 */
int psst_search(struct psst *p, const char *query, const struct psst_filter *f, enum psst_lang lang,
                size_t limit, const char *open, const char *close, struct psst_table **out,
                struct psst_error *err);

/* psst_search with paging and ordering, and in *total (optional) every match's count. */
/* The FTS5 expression a query becomes (docs/search.md), as a JSON string literal (to free());
   PSST_EINVAL with the parser's message for a malformed query. */
int psst_search_explain(struct psst *p, const char *query, char **out, struct psst_error *err);

int psst_search_page(struct psst *p, const char *query, const struct psst_filter *f,
                     const struct psst_page *page, enum psst_lang lang, const char *open,
                     const char *close, struct psst_table **out, long *total,
                     struct psst_error *err);

/*
 * The values of one dimension (term, year, leader, topic, tech, format) among the
 * sessions that match f and, when query is not NULL or empty, the full-text query:
 * columns value (the code), label (in lang) and sessions, the most frequent first for
 * codes and in order for numbers. A session counts once for each of its topics (primary
 * or secondary, as the topic filter matches them) and each of its tags.
 */
int psst_facet(struct psst *p, const char *dim, const char *query, const struct psst_filter *f,
               enum psst_lang lang, struct psst_table **out, struct psst_error *err);

/* The record at a glance, counted by the index alone (cheap at any size). */
struct psst_counts {
  long sessions;
  long lecturers;    /* distinct people who lectured */
  long institutions; /* distinct known institutions their affiliations name */
  long technologies; /* distinct technology tags studied, general S&T aside */
};
int psst_counts(struct psst *p, struct psst_counts *out, struct psst_error *err);

/*
 * The codebook and reference lists, in file order: kind "topic", "tech", "format",
 * "confidence" or "institution" give columns code, en, zh; "term" gives term, leader,
 * leader_zh, from, to.
 */
int psst_codebook(struct psst *p, const char *kind, struct psst_table **out,
                  struct psst_error *err);

/*
 * Counts of sessions grouped by one or two dimensions, given as a comma list of
 * year, term, leader, topic, tech, format, confidence (e.g. "year,topic"). With two
 * dimensions the table is wide: one row per value of the first, one column per value
 * of the second, and a total column. The note says how many sessions were left out
 * for an unknown value.
 */
int psst_stats(struct psst *p, const char *by, const struct psst_filter *f, enum psst_lang lang,
               struct psst_table **out, struct psst_error *err);

/* Lecturers ranked by number of sessions, with the sessions listed. */
int psst_lecturers(struct psst *p, const struct psst_filter *f, enum psst_lang lang,
                   struct psst_table **out, struct psst_error *err);

/* Institutions ranked by number of sessions their experts lectured at. */
int psst_institutions(struct psst *p, const struct psst_filter *f, enum psst_lang lang,
                      struct psst_table **out, struct psst_error *err);

/* The technology timeline: per tag, first session and every session carrying it. */
int psst_timeline(struct psst *p, enum psst_lang lang, struct psst_table **out,
                  struct psst_error *err);

/* ---- one session ---- */

struct psst_lecturer {
  char *name_zh, *name_en, *affiliation_zh, *affiliation_en;
};

/*
 * One source of a record: the text that was read and the fields it supports. Kinds
 * (codebook.json, "source_kinds"): readout (the Xinhua text at an official address),
 * broadcast (CCTV's 新闻联播 text of it), copy (a faithful copy of either), roundup,
 * translation, secondary. The first three are official: docs/sources.md.
 */
struct psst_source {
  char *url;       /* the text's address; the original's when a copy shows it */
  char *publisher; /* "Xinhua", "CCTV", "People's Daily", ... */
  char *kind;      /* a source_kinds code */
  char *published; /* YYYY-MM-DD, NULL when unknown */
  char **supports; /* fields it confirms: date, number, title_zh, format, lecturers, speakers */
  size_t n_supports;
  char *via;   /* the copy that was actually read, when it is not url; NULL otherwise */
  char *quote; /* the words it was read from (a sentence at most), NULL when none */
  char *note;  /* what a reader of the source should know (its provenance), NULL when none */
};

/* Curated bounds of an unknown date, narrower than the numbering's, with their sources. */
struct psst_date_window {
  char *from, *to; /* inclusive YYYY-MM-DD */
  char *basis;     /* why the date lies within them */
  char **sources;  /* URLs */
  size_t n_sources;
};

struct psst_session {
  int term, number;
  char *date;                           /* YYYY-MM-DD, NULL when unknown */
  struct psst_date_window *date_window; /* curated bounds of an unknown date, or NULL */
  char *leader;
  char *title_zh, *title_en;
  char *format; /* NULL when unknown */
  struct psst_lecturer *lecturers;
  size_t n_lecturers;
  char **speakers;
  size_t n_speakers;
  char *topic; /* NULL when unknown */
  char **topics;
  size_t n_topics;
  char **tech;
  size_t n_tech;
  struct psst_source *sources;
  size_t n_sources;
  char *confidence;
  char *notes;
  char *added;   /* YYYY-MM-DD, the day the record entered the data; NULL when not recorded */
  char *updated; /* YYYY-MM-DD, the day it last changed; NULL when not recorded */
};

void psst_session_release(struct psst_session *s);

/* ---- the documents that followed the sessions (data/documents.jsonl) ---- */

/* Who issued a document, as it names itself ("国务院", State Council). */
struct psst_issuer {
  char *zh, *en;
};

struct psst_document {
  char *id;                  /* "ai-development-plan-2017": ASCII, unique */
  char *title_zh, *title_en; /* as issued, without 《》; our English rendering */
  struct psst_issuer *issuers;
  size_t n_issuers;
  char *kind;      /* law | central | state-council | ministry | provincial | other */
  char *issued;    /* YYYY-MM-DD on the document; NULL when no official text states it */
  char *announced; /* YYYY-MM-DD, the day it was announced (the broadcast, the readout) */
  char *number;    /* its number (国发〔2017〕35号); NULL when none is known */
  char **topics;
  size_t n_topics;
  char **tech;
  size_t n_tech;
  struct psst_source *sources; /* an official text first */
  size_t n_sources;
  char *notes;
};

void psst_document_release(struct psst_document *d);
/* A document kind's name in lang ("State Council" for state-council); an unknown kind as
   it is. */
const char *psst_document_kind_label(const char *kind, enum psst_lang lang);

/* ---- Documents and follow-ups (docs/followups.md) ---- */

/*
 * A document's date is the day it was issued when an official text states it, else the day
 * it was announced (column dated_by says which). A session matches the documents that share
 * one of its technology tags; a session without a tag, those on its primary topic (with
 * all_topics, on any of its topics). A session of uncertain date is its window of days: a
 * lag counts from the window's nearer end (lag_from says so) and a document within the
 * window has no lag.
 */
struct psst_followups_opts {
  int before, after; /* months before the session and after it; 0: 12 and 24; at most 240 */
  bool all_topics;   /* an untagged session: its secondary topics match too */
};

/*
 * The documents on session term-number's subject from `before` months before it to `after`
 * months after, oldest first. Columns: document, date, dated_by (issued|announced),
 * lag_days (negative before; NULL within an uncertain session's window), lag_from (date,
 * window_start, window_end, within_window), kind, title_zh, title_en, issuers (joined with
 * "; ": a name may hold a comma), number, source_url and publisher (the first source, an
 * official text), matched (the codes shared). PSST_ENOTFOUND for no such session.
 */
int psst_followups(struct psst *p, int term, int number, const struct psst_followups_opts *o,
                   enum psst_lang lang, struct psst_table **out, struct psst_error *err);

/*
 * A row a session: every session with a technology tag, or with tech (topic) the sessions
 * of that tag (topic, primary or secondary), matched by it alone. Columns: session, date
 * (NULL when uncertain), window_from, window_to, matched, before, after (documents in the
 * months before and after), within_window (an uncertain date's), first_after,
 * first_after_date, first_after_lag (days). PSST_EINVAL for an unknown code.
 */
int psst_followups_summary(struct psst *p, const char *tech, const char *topic,
                           const struct psst_followups_opts *o, enum psst_lang lang,
                           struct psst_table **out, struct psst_error *err);

/*
 * Calendar quarters from the first document or session of the tag (the topic; neither:
 * every document, and the sessions with a technology tag) to the last: quarter
 * ("2019-Q4"), start, end, documents (the count), sessions (the ids held in it). A session
 * whose uncertain window spans two quarters is in none (the note names it).
 */
int psst_followups_quarters(struct psst *p, const char *tech, const char *topic,
                            enum psst_lang lang, struct psst_table **out, struct psst_error *err);

/*
 * The event study: a row a quarter relative to the session's (-quarters..+quarters; 0:
 * 8), columns rel_quarter, documents (the sum over sessions) and one a session (its id)
 * with its count. A document is counted for every session whose window holds it, so the
 * sum may count one document more than once.
 */
int psst_followups_event(struct psst *p, const char *tech, const char *topic, int quarters,
                         struct psst_table **out, struct psst_error *err);

/* Parse an id such as "19-18" (term-number). */
int psst_parse_id(const char *id, int *term, int *number, struct psst_error *err);

/*
 * Look up one session. *out is filled (release it with psst_session_release);
 * `json` (optional) receives the record exactly as stored in the data file, to free().
 */
int psst_show(struct psst *p, int term, int number, struct psst_session *out, char **json,
              struct psst_error *err);

/*
 * A source's publisher, kind, date and the fields it supports in one line for people
 * ("CCTV, Broadcast text, 2013-01-29 (supports date, title_zh)"); *out is to free().
 */
int psst_source_describe(struct psst *p, const struct psst_source *src, enum psst_lang lang,
                         char **out, struct psst_error *err);

/*
 * A source from "URL|publisher|kind|published|field;field" (every part after the URL
 * optional: the publisher and kind then come from the address's host). Release with
 * psst_source_release.
 */
int psst_source_parse(const char *spec, struct psst_source *out, struct psst_error *err);
void psst_source_release(struct psst_source *src);

/*
 * The days a session was held within: its date twice when known; for an undated one,
 * after the last dated session numbered before it and before the first numbered after
 * it (or the term's bounds), narrowed by its curated date_window. *year (optional) is
 * the year the analyses count it in: the date's, the window's when it lies within one
 * year, else 0 ("date uncertain").
 */
int psst_date_window(struct psst *p, int term, int number, char from[11], char to[11], int *year,
                     struct psst_error *err);

/* Labels from the codebook and terms file: kind "topic", "tech", "format", "confidence",
   "source_kind", "leader" or "institution"; the code itself when unknown. */
const char *psst_label(struct psst *p, const char *kind, const char *code, enum psst_lang lang);

/* The data folder's facts: "as of" date (latest session), number of sessions. */
int psst_summary(struct psst *p, char *as_of, size_t as_of_len, long *n_sessions,
                 struct psst_error *err);

/* ---- charts ---- */

enum psst_chart_kind {
  PSST_CHART_TOPICS_BY_YEAR = 0,   /* stacked bars: sessions per year by primary topic */
  PSST_CHART_TECH_TIMELINE = 1,    /* a row per technology, a mark per session */
  PSST_CHART_INSTITUTIONS = 2,     /* the institutions whose experts lectured most */
  PSST_CHART_BY_LEADER = 3,        /* sessions per year in office and topic shares, by leader */
  PSST_CHART_CADENCE = 4,          /* days between consecutive sessions, per term, with median */
  PSST_CHART_SESSION_TIMELINE = 5, /* every session as a dot by primary topic, terms as bands */
  PSST_CHART_FOLLOWUPS = 6 /* documents per quarter on a tag's subject, its sessions marked */
};

struct psst_chart_opts {
  enum psst_lang lang;
  /* the period: the axis of a time chart and the sessions drawn (a year from 1 January to
     31 December), unless filter->from or filter->to name other days; 0 = the chart's
     default (2002 and the last full year for topics-by-year, else the record's years) */
  int from_year, to_year;
  /* the sessions drawn (from, to, term, leader, topic, ...; NULL: all); each chart takes
     the filters psst_chart_filters names and refuses the others with PSST_EINVAL */
  const struct psst_filter *filter;
  const char *title; /* NULL: the chart's own title in lang */
  double dpi;        /* PNG resolution; 0 = 192 */
  size_t limit;      /* institutions: bars; 0 = 15 */
};

/* What a chart kind takes beyond the language, title and resolution: the fields of its
   filter, and --limit. */
enum psst_chart_filter {
  PSST_CHART_F_FROM = 1 << 0,
  PSST_CHART_F_TO = 1 << 1,
  PSST_CHART_F_TERM = 1 << 2,
  PSST_CHART_F_YEAR = 1 << 3, /* taken by none: a chart's period is from and to */
  PSST_CHART_F_LEADER = 1 << 4,
  PSST_CHART_F_TOPIC = 1 << 5,
  PSST_CHART_F_TECH = 1 << 6,
  PSST_CHART_F_FORMAT = 1 << 7,
  PSST_CHART_F_LECTURER = 1 << 8,
  PSST_CHART_F_INSTITUTION = 1 << 9,
  PSST_CHART_F_SINCE = 1 << 10, /* taken by none */
  PSST_CHART_F_LIMIT = 1 << 11  /* psst_chart_opts.limit, the number of bars */
};

/* The psst_chart_filter bits kind takes; 0 for an unknown kind. */
unsigned psst_chart_filters(enum psst_chart_kind kind);
/* The bits of the fields set in f (NULL: none). */
unsigned psst_chart_filter_bits(const struct psst_filter *f);
/* The name of a kind ("topics-by-year") and in *summary (optional) what it draws, in a line
   of English; NULL past the last kind, so that kinds 0, 1, ... until NULL are all of them. */
const char *psst_chart_kind_name(enum psst_chart_kind kind, const char **summary);

/* A kind's name ("topics-by-year", "by-leader", ...: psst_chart_kind_name's) to the kind. */
int psst_chart_kind_parse(const char *name, enum psst_chart_kind *out, struct psst_error *err);

/*
 * Renders a chart as "svg", "png" or "pdf" into *out (len bytes, to free()). The same
 * data and options give the same SVG bytes. Every chart names its period in its title and
 * its filters in its subtitle. The SVG carries the title in <title> and every label in
 * <desc>, for screen readers and text search, and in <metadata id="psst-labels"> a JSON
 * object {"width", "height", "texts": [{"x", "y", "w", "h", "text"}, ...]}: the box every
 * text takes on the canvas (CSS pixels from the top left), in drawing order.
 */
int psst_chart_render(struct psst *p, enum psst_chart_kind kind, const struct psst_chart_opts *o,
                      const char *format, char **out, size_t *len, struct psst_error *err);

/* Renders to a file, the format chosen by its extension (.svg, .png, .pdf), atomically. */
int psst_chart_write(struct psst *p, enum psst_chart_kind kind, const struct psst_chart_opts *o,
                     const char *path, struct psst_error *err);

/* Writes data to path atomically (temporary file, fsync, rename). */
int psst_write_file(const char *path, const void *data, size_t len, struct psst_error *err);

/* ---- the findings report ---- */

struct psst_findings_opts {
  bool html;           /* one self-contained HTML page, the charts embedded; else Markdown */
  enum psst_lang lang; /* the report's language: its sentences, titles, labels and charts */
  /* Markdown: where the article's leading chart recreated (2002 to 2021) and the same chart
     to the record's last full year are written and linked from (e.g. "out/findings.svg" and
     "out/findings.today.svg"); NULL: not drawn */
  const char *chart_path, *today_path;
};

/*
 * Checks each claim of the founding article (Kai von Carnap, The Strategist, 2021) against
 * the record and writes the report into *out (to free()). Each claim is split into parts;
 * each part "agrees", "differs" or "cannot be checked" over every completion of the record
 * (undated sessions anywhere in their windows, uncoded sessions on any subject, sessions a
 * term's stated total implies), with the numbers and the sessions and sources that decide
 * it (docs/findings.md). o NULL: Markdown in English, no charts.
 */
int psst_findings(struct psst *p, const struct psst_findings_opts *o, char **out,
                  struct psst_error *err);

/* ---- comparisons, exports, citations ---- */

/*
 * Eras compared (by = "leader" or "term"): one row a group with its sessions, years
 * in office, sessions per year, distinct technologies studied and the share of each
 * primary topic, with the counts behind each figure.
 */
int psst_compare(struct psst *p, const char *by, enum psst_lang lang, struct psst_table **out,
                 struct psst_error *err);

enum psst_export_format {
  PSST_EXPORT_CSV = 0,
  PSST_EXPORT_JSON = 1,
  PSST_EXPORT_XLSX = 2,
  PSST_EXPORT_SQLITE = 3,
  PSST_EXPORT_DTA = 4 /* Stata 14 and later (.dta version 118), through ReadStat */
};

struct psst_export_opts {
  enum psst_export_format format;
  const char *path; /* the file written; NULL: to stream */
  FILE *stream;     /* with no path: the export is written here, and flushed */
  bool bom;         /* CSV: each file starts with PSST_UTF8_BOM, which Excel needs */
};

/*
 * Writes the sessions matching f (all when f is NULL or empty) to o->path, atomically
 * (a temporary file renamed over it), or to o->stream.
 *  - CSV: RFC 4180, UTF-8, a header row, one row a session; beside a file (not a
 *    stream) a long-format lecturers file, NAME.lecturers.csv.
 *  - JSON: an array of the records as the data file holds them, each with "id"
 *    ("19-18") first and "date_from", "date_to" (the days it was held within) and
 *    "year" (the year it counts in, null when uncertain) last (docs/schema/).
 *  - XLSX: a first sheet "About" (what the data is, its date and version, how to cite it,
 *    what an uncertain date is, the columns), then sessions and lecturers with dates as
 *    dates, and the codebook; every sheet with its header frozen, an autofilter and
 *    columns as wide as their content.
 *  - SQLite: the normalised database.
 *  - DTA: the CSV's columns as a Stata dataset, dates as %td dates, the About facts as
 *    its notes; beside a file, NAME.lecturers.dta.
 * XLSX, SQLite and DTA to a stream are made in a temporary file ($TMPDIR) and copied.
 */
int psst_export_to(struct psst *p, const struct psst_filter *f, const struct psst_export_opts *o,
                   struct psst_error *err);
/* psst_export_to a file, without a byte-order mark. */
int psst_export(struct psst *p, const struct psst_filter *f, enum psst_export_format fmt,
                const char *path, struct psst_error *err);

enum psst_cite_style {
  PSST_CITE_TEXT = 0,
  PSST_CITE_BIBTEX = 1,
  PSST_CITE_CSL_JSON = 2,
  PSST_CITE_RIS = 3,
  PSST_CITE_CFF = 4 /* CITATION.cff (Citation File Format 1.2.0): the dataset alone */
};

/*
 * A citation of session term-number's readout (publisher, date and address from the source
 * the record's date and subject were read from, an official one first) and of the dataset;
 * with term 0, of the dataset alone. The dataset is described by the data folder's
 * dataset.json (title, authors, publisher, url, licence) and versioned by the date of the
 * newest dated entry of its CHANGELOG.md; what they do not give is left out. *out is to
 * free(). PSST_EDATA (file, line, field) for a dataset.json that is not valid; PSST_EINVAL
 * for PSST_CITE_CFF with a session.
 */
int psst_cite(struct psst *p, int term, int number, enum psst_cite_style style, char **out,
              struct psst_error *err);

/* ---- ingest: a new session from its readout, or from fields ---- */

struct psst_ingest_opts {
  const char *published; /* YYYY-MM-DD, the day the readout was published: gives the year */
  const char *url;       /* where the readout was read: becomes the record's first source */
  const char *publisher; /* who published it; NULL: from the address */
  const char *kind;      /* source kind (readout, broadcast, copy, ...); NULL: from the address */
  /* psst scan: only a readout's own lead is read ("…就X进行第N次集体学习"; a story that
     mentions a session, "在…集体学习时的讲话", is refused with PSST_EINVAL), and a reading
     that contradicts the record is returned as read, for the caller to reconcile */
  bool scan;
};

/* Where one field of a proposed record came from. */
struct psst_field_source {
  char *field;   /* "date", "lecturers", ... */
  char *how;     /* e.g. "lead sentence", "year from --published" */
  char *excerpt; /* the words of the readout it was read from, or NULL */
};

struct psst_proposal {
  struct psst_session rec;
  struct psst_field_source *sources;
  size_t n_sources;
  char **missing; /* fields that could not be read; the record is not applied while any is */
  size_t n_missing;
  char **warnings; /* what a reviewer should look at */
  size_t n_warnings;
  bool traditional; /* the input was in traditional characters (converted) */
};

void psst_proposal_release(struct psst_proposal *pr);

/*
 * Reads one readout (UTF-8 text or HTML) into a proposed record: term, number, date,
 * subject, format, lecturers or speakers, suggested codes, each with where it came
 * from. The database dates a readout that gives no year (from the neighbouring
 * sessions) and names lecturers seen before. PSST_EINVAL for input that is not a
 * readout, PSST_EDATA when it contradicts the record.
 */
int psst_ingest(struct psst *p, const char *text, size_t len, const struct psst_ingest_opts *o,
                struct psst_proposal *out, struct psst_error *err);

/*
 * Sets one field of a record from "field=value" (the keys of the data format;
 * lists comma-separated; a lecturer as "name_zh|name_en|affiliation_zh|affiliation_en",
 * each --set of lecturers= or speakers= adding one). An empty value clears the field.
 */
int psst_session_set(struct psst *p, struct psst_session *s, const char *assignment,
                     struct psst_error *err);

/* The General Secretary presiding over a term (terms.json), NULL for an unknown term. */
const char *psst_term_leader(struct psst *p, int term);

/* The record as one line of sessions.jsonl (to free()). */
int psst_session_to_json(const struct psst_session *s, char **out, struct psst_error *err);

/*
 * Adds a record to the data file: validates it with the data as psst check does
 * (errors go to diags), refuses a duplicate (same term and number, or same date and
 * subject), writes the file atomically with the record in its place and rebuilds
 * the database. PSST_EDATA when refused; the data file is then untouched.
 */
int psst_add(struct psst *p, const struct psst_session *s, struct psst_diags *diags,
             struct psst_error *err);

/*
 * The archive of readouts: the exact input under dir as SHA256.txt, with the URL, the
 * retrieval time and the session in dir/index.jsonl. sha_hex receives the hash.
 */
int psst_archive_put(const char *dir, const void *data, size_t len, const char *url,
                     const char *session_id, char sha_hex[65], struct psst_error *err);
/* Lists the archive and checks every file against its hash; *bad counts the failures. */
int psst_archive_verify(const char *dir, struct psst_table **out, size_t *bad,
                        struct psst_error *err);
/* The default archive folder: "archive" beside the data folder (to free()). */
char *psst_archive_default_dir(struct psst *p);
/* ---- scan: the readouts in a news archive, reconciled with the record ---- */

struct psst_scan_opts {
  bool archive;            /* keep each readout's text in archive_dir, named by its hash */
  const char *archive_dir; /* NULL: psst_archive_default_dir */
};

/* Where an item was found: the file, its number in the file (JSON, JSON Lines) or its
   headline (a bulletin's heading), and the line of its first byte (0 when unknown). */
struct psst_locator {
  char *file;
  long item; /* 1-based, 0 when the file is not a list */
  char *headline;
  long line;
};

/* How a readout compares with the record. */
enum psst_scan_outcome {
  PSST_SCAN_NEW = 0,       /* a session the record does not have */
  PSST_SCAN_FILLS = 1,     /* the record's session, with fields the record lacks */
  PSST_SCAN_DISAGREES = 2, /* the record's session, a field with another value */
  PSST_SCAN_AGREES = 3,    /* the record's session, every field read the same */
};

struct psst_scan_finding {
  struct psst_locator at;
  enum psst_scan_outcome outcome;
  struct psst_proposal pr; /* the reading, its source the item (address, date, quote) */
  int term, number;        /* the record's session it was matched with; 0 when new */
  char *fields;            /* the fields that disagree or fill, "date, lecturers"; "" */
  char *detail;            /* "date: record 2019-10-24, readout 2019-10-25; ..."; "" */
  char *words;             /* the lead sentence it was read from */
  char *text;              /* the item's text as read with opts.archive, else "" */
  size_t text_len;
};

/* What could not be read, with why; the scan went on. */
struct psst_scan_skip {
  char *path;   /* the file or folder, or file:line for one item */
  char *reason; /* "binary file", "symbolic-link loop", ... */
};

struct psst_scan_result {
  struct psst_scan_finding *findings;
  size_t n_findings;
  struct psst_scan_skip *skipped;
  size_t n_skipped;
  struct psst_session *absent; /* the record's sessions within the span found in no item
                                  (term, number, date, title_zh; notes: an item naming it) */
  size_t n_absent;
  char span_from[11], span_to[11]; /* the archive's publication dates; "" when none */
  size_t files, items, mentions;   /* files read; items examined; mentions, not readouts */
  unsigned long long bytes;        /* bytes read (after decompression) */
};

/*
 * Reads every file under paths (folders recursively; plain text, Markdown, HTML, JSON,
 * JSON Lines, each possibly gzip-compressed), splits them into news items, reads each
 * item that is a study-session readout and reconciles it with the record. Files that
 * cannot be read are listed in out->skipped and the scan goes on. Memory does not grow
 * with the archive's size: files are streamed and items are bounded. Release out with
 * psst_scan_result_release.
 */
int psst_scan(struct psst *p, const char *const *paths, size_t n_paths,
              const struct psst_scan_opts *o, struct psst_scan_result *out, struct psst_error *err);
void psst_scan_result_release(struct psst_scan_result *r);
/* One article read on its own (psst watch): its address, publication date, title and, when
   the caller knows them, the source's publisher and kind (else they come from the host). */
struct psst_article {
  const char *url, *published, *title, *publisher, *kind;
};

/*
 * Reads one article (HTML or text, UTF-8) as psst scan reads an item: a readout gives one
 * finding, reconciled with the record (its text kept in the finding for the archive); a
 * story that only mentions a session counts in out->mentions; anything else gives nothing.
 */
int psst_scan_article(struct psst *p, const char *text, size_t len, const struct psst_article *a,
                      struct psst_scan_result *out, struct psst_error *err);
/* "new", "fills", "disagrees", "agrees". */
const char *psst_scan_outcome_name(enum psst_scan_outcome o);

/*
 * The scan as a table: one row a readout found (file, item, line, headline, outcome,
 * session, date, title_zh, format, lecturers (or the speakers), fields, detail, words,
 * date_from: the evidence the date was read from, which won when they differ), then one row a
 * session of the record the archive does not hold (outcome "absent"). The note counts what was
 * read.
 */
int psst_scan_table(const struct psst_scan_result *r, struct psst_table **out,
                    struct psst_error *err);

/*
 * Applies a finding: a new session is added (psst_add), a session with fields the
 * record lacks gets them, and the item as a source; no value of the record is ever
 * overwritten. The same validation and atomic write as psst_add; PSST_EDATA when
 * refused (diags say why), PSST_EINVAL for a finding that has nothing to apply.
 */
int psst_scan_apply(struct psst *p, const struct psst_scan_finding *f, struct psst_diags *diags,
                    struct psst_error *err);

/*
 * Fills the empty fields of the record's session s->term, s->number from s (date, title_zh,
 * format, lecturers) and adds its sources not already there: validated, written
 * atomically and the database rebuilt, as psst_add. *changed tells whether anything was.
 */
int psst_fill(struct psst *p, const struct psst_session *s, struct psst_diags *diags, bool *changed,
              struct psst_error *err);

/* ---- topic suggestion ---- */

/*
 * Suggests codes for a subject: a primary topic, up to two secondary topics and the
 * technology tags, from the codebook's keyword lists and a model learned from every
 * session with a curated topic. title_zh is the subject in simplified Chinese;
 * title_en and body (the readout's text) may be NULL. One row: topic (NULL when
 * nothing in the text points to any), topics and tech (codes joined with ','),
 * and evidence, the cues that decided ("人工智能 -> sti, ai; 监管 -> law").
 */
int psst_classify(struct psst *p, const char *title_zh, const char *title_en, const char *body,
                  struct psst_table **out, struct psst_error *err);

/*
 * How well psst_classify does on the record: each session with a curated topic and a
 * title is held out in turn and classified by a model trained on the others. A row
 * a figure: measure, topic (per-topic rows), value (3 decimals; NULL when
 * undefined), count and total (the counts behind a ratio). Measures: sessions
 * (evaluated of curated), accuracy, kappa (Cohen's), macro_f1, keyword_accuracy (the
 * keyword lists alone), tag_recall and tag_precision (micro), secondary_recall and
 * secondary_precision, then precision, recall and f1 for each topic.
 */
int psst_classify_evaluate(struct psst *p, struct psst_table **out, struct psst_error *err);

/* ---- watch: the official sites polled for new readouts ---- */

struct psst_watch_opts {
  const char *sources;     /* the sources file; NULL: watch.json in the data folder */
  const char *state;       /* what was seen; NULL: watch-state.json beside the data folder */
  const char *review_dir;  /* proposals written here, one file each; NULL: printed to out */
  const char *archive_dir; /* where applied readouts' pages are kept; NULL: the default */
  const char *exec;        /* run with /bin/sh -c for each new session, the record on stdin */
  const char *only;        /* poll only the source of this name; NULL: all */
  const char *connect_to;  /* "HOST:PORT:HOST2:PORT2": connect there instead (tests, proxies) */
  bool apply;              /* add new sessions and fill known ones (never overwriting) */
  int days;                /* dated list pages: today and the days before; 0 = 2 */
  double interval;         /* seconds between two requests to one host; < 0 = the source's */
  double timeout;          /* seconds for one request in all; 0 = 30 */
  int retries;             /* further tries after a transient failure; < 0 = 2 */
  double retry_wait;       /* seconds before the first retry, doubled each time; 0 = 2 */
  long max_bytes;          /* the largest page; 0 = 8 MiB */
  FILE *log;               /* one line per event (stderr when NULL) */
  FILE *out;               /* proposals as JSON Lines when review_dir is NULL */
};

struct psst_watch_result {
  size_t pages;        /* list pages fetched (200) */
  size_t not_modified; /* list pages unchanged (304) */
  size_t articles;     /* articles fetched and read */
  size_t readouts;     /* of which readouts */
  size_t proposed;     /* proposals printed or written (new sessions, new fields) */
  size_t applied;      /* sessions added or filled (--apply) */
  size_t new_sessions; /* sessions the record did not have (proposed or applied) */
  size_t failed;       /* pages or articles that could not be fetched or read */
};

/*
 * Polls each source once: fetches its list pages (conditional requests, retries with
 * backoff, a polite interval per host), follows the links to articles not seen before
 * whose titles match, reads each with the scan reader (charset converted, pages of a split
 * article joined) and proposes or applies what is new. What was seen is kept in the state
 * file, written atomically, so that nothing is proposed twice; a run killed at any point
 * applies each readout once or not at all. Problems with a page are logged, counted in
 * res->failed and do not stop the run. PSST_OK unless the sources or state file is unusable
 * (PSST_EINVAL, PSST_EIO), another watch holds the state (PSST_EIO), or memory runs out.
 */
int psst_watch_once(struct psst *p, const struct psst_watch_opts *o, struct psst_watch_result *res,
                    struct psst_error *err);

/* ---- phrases that travelled from the sessions into documents (data/phrases.jsonl) ---- */

/* A phrase the General Secretary used at a study session, with the words it was said in. */
struct psst_phrase {
  char *id;        /* lower-case ASCII letters, digits and hyphens, as a document's */
  char *phrase_zh; /* as said: 头雁, 新质生产力 */
  char *phrase_en;
  char *session; /* "19-9": the session it was said at */
  int term, number;
  char *quote;     /* the sentence (or less) it was said in, verbatim from a source */
  char **variants; /* other spellings that count as the phrase (区块链＋ for 区块链+) */
  size_t n_variants;
  struct psst_source *sources; /* an official text first */
  size_t n_sources;
  char *notes;
};

void psst_phrase_release(struct psst_phrase *ph);

/*
 * Every recorded phrase, in the order of its session: id, phrase (Chinese), phrase_en,
 * session, session_date, then the first document whose Chinese title holds the phrase or
 * a variant (first_document, first_title in lang, first_date, lag_days from the session,
 * negative when the title came first; NULL when none) and documents, how many titles hold
 * it. Documents are dated by the day issued, else announced.
 */
int psst_phrases(struct psst *p, enum psst_lang lang, struct psst_table **out,
                 struct psst_error *err);
/*
 * Where one phrase appears: `phrase` is a recorded phrase's id, its Chinese text or a
 * variant, or any other text (then matched as it is, without a session to count lags
 * from). A row each for the session it was said at (kind "said"), every session whose
 * record (title, notes, sources' quotations) holds it ("session") and every document whose
 * title holds it ("document"), earliest first: kind, id, date, lag_days, title (in lang),
 * found_in. The note names the recorded phrase and its quotation.
 */
int psst_phrase_trace(struct psst *p, const char *phrase, enum psst_lang lang,
                      struct psst_table **out, struct psst_error *err);
/*
 * The same search over the full texts of a local archive (dir: psst_archive_default_dir
 * when NULL): its index.jsonl and SHA256.txt files, as psst scan --archive and psst ingest
 * keep them. A text is dated by the index entry's "published" when it has one, else by
 * the date of the session it belongs to; undated texts come last. With phrase NULL, a row
 * per recorded phrase: id, phrase, session, session_date, first_date, lag_days, first_url,
 * first_sha256 and texts (how many hold it). With a phrase, a row per text that holds it:
 * date, dated_by, session, lag_days, url, sha256 and context (the words around it).
 */
int psst_phrase_archive(struct psst *p, const char *dir, const char *phrase,
                        struct psst_table **out, struct psst_error *err);

#endif
