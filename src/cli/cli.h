/*
 * cli.h: what the psst command's files share: the parsed command line, the
 * command table, and helpers to open the database and print results.
 *
 * Adding a command:
 *  1. write src/cli/cmd_NAME.c with `int cmd_NAME(struct cli *c)`;
 *  2. declare it below and add a row to `commands[]` in main.c (name, options, usage);
 *  3. add the file to PSST_CLI_SOURCES in CMakeLists.txt;
 *  4. add a CLI test under tests/cli/ and document it in README.md and docs/cli.md.
 */
#ifndef PSST_CLI_H
#define PSST_CLI_H

#include "output.h"
#include "psst.h"

#include <stdbool.h>
#include <stdio.h>

/* Exit codes, documented in README.md. */
enum cli_exit {
  EXIT_OK = 0,
  EXIT_FAIL = 1,  /* not found, check failed, data with errors */
  EXIT_USAGE = 2, /* bad command line */
  EXIT_SYSTEM = 3 /* input/output, database or memory failure */
};

/* Options a command accepts, as bits; the parser refuses the others. */
enum cli_optset {
  O_FILTER = 1 << 0,      /* --term --year --from --to --leader --topic --tech --format-of... */
  O_FORMAT = 1 << 1,      /* --format table|csv|json */
  O_LANG = 1 << 2,        /* --lang en|zh */
  O_BY = 1 << 3,          /* --by */
  O_STRICT = 1 << 4,      /* --strict --warnings */
  O_LIMIT = 1 << 5,       /* --limit N */
  O_FORCE = 1 << 6,       /* --force */
  O_OUTPUT = 1 << 7,      /* -o, --output FILE */
  O_CHARTOPT = 1 << 8,    /* --title --dpi */
  O_CLASSIFY = 1 << 9,    /* --evaluate --en --body (classify) */
  O_STYLE = 1 << 12,      /* --style (cite) */
  O_XFORMAT = 1 << 13,    /* --format also takes the export formats xlsx and sqlite */
  O_CHART = 1 << 16,      /* --chart (stats: bars in the terminal) */
  O_BYERA = 1 << 17,      /* --by leader|term (compare); O_BY is stats' dimensions */
  O_INGEST = 1 << 20,     /* --published --url --apply --yes --batch --archive --no-archive */
  O_SET = 1 << 21,        /* --set FIELD=VALUE (repeatable), --url */
  O_ARCHIVEDIR = 1 << 22, /* --archive-dir DIR */
  O_SERVE = 1 << 18,      /* --host --port --threads --cache-mb --base-url (serve) */
  O_SCAN = 1 << 23,       /* --apply --archive (scan) */
  O_WATCH = 1 << 24,
  O_EXPLAIN = 1 << 25,
  O_PHRASES = 1 << 29, /* --archive (phrases: search the archive's full texts) */
  /* --tech --topic --before --after --quarters --summary --all-topics (followups) */
  O_FOLLOWUPS = 1 << 28,
  /* --explain (search) */ /* --once --apply --sources --state --review --exec ... (watch) */
};

/* psst watch's options; numbers are -1 when not given. */
struct cli_watch {
  const char *sources, *state, *review, *exec, *source, *connect_to;
  bool once;
  long days, retries, max_bytes;
  double interval, pause, timeout, retry_wait;
};

/* psst serve's --immutable and its limits; 0 when not given (the server's defaults) */
struct cli_serve {
  bool immutable;
  long max_connections, per_address, header_ms, query_ms, shutdown_ms;
};

struct cli {
  const char *data_dir, *db_path;
  enum psst_lang lang;
  enum ps_out_format format;
  struct psst_filter filter;
  const char *by;
  bool strict, warnings, force;
  bool chart;              /* --chart */
  bool bom;                /* --bom: CSV starts with the UTF-8 byte-order mark */
  const char *output;      /* -o FILE */
  const char *format_name; /* --format's output format as given (csv, xlsx, ...) */
  const char *style;       /* --style */
  const char *title;       /* --title */
  double dpi;              /* --dpi, 0 when not given */
  long limit;              /* -1 when not given */
  const char *published;   /* --published YYYY-MM-DD */
  const char *url;         /* --url */
  const char *archive_dir; /* --archive-dir */
  bool apply, yes, batch;  /* --apply, --yes, --batch */
  int archive;             /* --archive 1, --no-archive 0, -1 when not given */
  const char **sets;       /* --set FIELD=VALUE, in order */
  int n_sets;
  bool evaluate;          /* --evaluate */
  const char *title_en;   /* --en */
  const char *body;       /* --body FILE */
  const char *host;       /* --host */
  const char *base_url;   /* --base-url */
  long port, threads;     /* --port, --threads; -1 when not given */
  long cache_mb;          /* --cache-mb; -1 when not given */
  struct cli_serve serve; /* serve's --immutable and limits (cmd_serve.c) */
  struct cli_watch watch;
  /* psst followups: --before, --after (months; 0 when not given), --quarters, --summary,
     --all-topics */
  struct {
    int before, after;
    bool quarters, summary, all_topics;
  } fu;
  bool explain; /* --explain */
  bool help;    /* --help with a chart TYPE: cmd_chart prints that type's options */
  int argc;     /* positional arguments after the command */
  char **argv;
  const struct cli_command *cmd;
  struct psst *p; /* opened by cli_open */
};

struct cli_command {
  const char *name;
  int (*fn)(struct cli *c);
  unsigned opts;
  int min_args, max_args; /* positional arguments; max -1 = any */
  const char *args;       /* e.g. "ID" */
  const char *summary;
  const char *more; /* printed after the options by --help, or NULL */
};

int cmd_build(struct cli *c);
int cmd_check(struct cli *c);
int cmd_compare(struct cli *c);
int cmd_cite(struct cli *c);
int cmd_classify(struct cli *c);
int cmd_export(struct cli *c);
int cmd_list(struct cli *c);
int cmd_show(struct cli *c);
int cmd_search(struct cli *c);
int cmd_stats(struct cli *c);
int cmd_lecturers(struct cli *c);
int cmd_institutions(struct cli *c);
int cmd_timeline(struct cli *c);
int cmd_phrases(struct cli *c);
int cmd_followups(struct cli *c);
int cmd_chart(struct cli *c);
int cmd_findings(struct cli *c);
int cmd_overview(struct cli *c);
int cmd_ingest(struct cli *c);
int cmd_add(struct cli *c);
int cmd_archive(struct cli *c);
int cmd_serve(struct cli *c);
/* serve's options besides --host, --port, --threads, --cache-mb and --base-url: checks val
   and keeps it in c->serve; EXIT_OK, or EXIT_USAGE after saying what is wrong */
int cli_serve_option(struct cli *c, const char *name, const char *val);
int cmd_scan(struct cli *c);
int cmd_watch(struct cli *c);

/* main.c: the command table, in the order --help lists it (for help, man page, completion). */
const struct cli_command *cli_commands(size_t *n);
/* opts.c: an option's row: its name, the option sets that take it (0: every command, as
   --data and --db), its argument's name (NULL: a switch) and its help. */
struct cli_option {
  const char *name;
  unsigned set;
  const char *arg, *help;
};
/* The options table, every row (a name may have a row per option set). */
const struct cli_option *cli_options(size_t *n);
/* Whether a command takes the option row o. */
bool cli_takes(const struct cli_command *cmd, const struct cli_option *o);

/* gendoc.c: the manual page (roff) of psst and every command, from the two tables. */
int cli_man(FILE *fp);
/* gendoc.c: the bash or zsh completion script, from the two tables; -1 for another shell. */
int cli_completion(FILE *fp, const char *shell);
/* gendoc.c: psst __complete WHAT: the words completion offers for topic, tech (codes from
   the codebook of the data folder), command, or the options of a command. Exit code. */
int cli_complete(struct cli *c, const char *what, const char *arg);

/* Prints the result of a query command (list, search, lecturers, institutions, stats)
   under the one rule for empty results, as grep's: nothing selected exits 1, with a line
   on stderr saying so ("no session matches"); CSV and JSON still print the empty
   document (the header row, []) for the programs reading them, a table prints nothing.
   what: the kind of row, for the message. Exit code. */
int cli_print_result(struct cli *c, struct psst_table *t, const char *what);

/* Parses argv after the command name into c; returns EXIT_OK or prints and returns EXIT_USAGE. */
int cli_parse(struct cli *c, int argc, char **argv, int *help);
void cli_usage(FILE *fp, const struct cli_command *cmd);
/* The help of a command's options as shown by cli_usage, or NULL to leave the option out. */
typedef const char *(*cli_option_help_fn)(const char *option, const char *help, const void *ctx);
/* cli_usage with other words for the command (NULL: its name), argument list and summary,
   showing the options as fn decides. */
void cli_usage_with(FILE *fp, const struct cli_command *cmd, const char *name, const char *args,
                    const char *summary, cli_option_help_fn fn, const void *ctx);
/* cmd_chart.c: psst chart --help without a TYPE: the options every chart takes, the types
   with the filters each takes, and that 'psst chart TYPE --help' shows a type's own. */
void cli_chart_usage(FILE *fp, const struct cli_command *cmd);

/* The data folder: --data, $PSST_DATA, ./data when it holds sessions.jsonl, the installed one. */
const char *cli_data_dir(const struct cli *c);
/* The database file: --db, $PSST_DB, else ~/.cache/psst/psst.db (its folder made). */
const char *cli_db_path(const struct cli *c);
/* Opens (building when needed) the database; prints build problems. Exit code. */
int cli_open(struct cli *c);
/* Prints an error from the library and returns the exit code for its status. */
int cli_fail(const struct psst_error *err);
/* Prints a result table in c->format, with labels in c->lang for table output. */
int cli_print_table(struct cli *c, struct psst_table *t);
/* Opens the database, runs a filtered listing, applies --limit and prints it. */
typedef int (*cli_listing_fn)(struct psst *p, const struct psst_filter *f, enum psst_lang lang,
                              struct psst_table **out, struct psst_error *err);
int cli_listing(struct cli *c, cli_listing_fn fn);
/* A table made by a command, shaped like the library's so that psst_table_free releases
   it: ncols columns (names and headers to fill in) and room for cap rows. */
struct psst_table *cli_table_new(size_t ncols, size_t cap);
/* Appends a row: label, then ncols - 1 cells (copied; NULL stays NULL). -1 when full or
   out of memory. */
int cli_table_add_row(struct psst_table *t, const char *label, const char *const *cells);
/* The width tables and charts fit in: $COLUMNS when set to a number, else the terminal's
   (when standard output is one), else 80. */
size_t cli_width(void);
bool cli_color(void);
/* file:line: field: [warning: ]message */
void cli_print_diag(FILE *fp, const struct psst_diag *d);

#endif
