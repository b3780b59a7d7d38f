/*
 * opts.c: the command line after the command name. Every command shares one
 * parser; a command's row in the table says which options it accepts, so that an
 * option a command would ignore is refused instead (exit 2).
 *
 * `--format` takes both the output format (table, csv, json) and, where filters
 * apply, a session format (lecture, self-study, field): the two sets of values do
 * not overlap, and the issue asks for both spellings.
 */
#include "cli.h"
#include "suggest.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const struct cli_option options[] = {
    {"--term", O_FILTER, "N", "sessions of the Nth Central Committee (16 to 20)"},
    {"--year", O_FILTER, "YYYY", "sessions held in that year"},
    {"--from", O_FILTER, "DATE", "held on or after DATE (YYYY-MM-DD)"},
    {"--to", O_FILTER, "DATE", "held on or before DATE (YYYY-MM-DD)"},
    {"--leader", O_FILTER, "NAME", "General Secretary presiding (Hu Jintao, 习近平, xi)"},
    {"--topic", O_FILTER, "CODE", "primary or secondary topic code (see codebook.json)"},
    {"--tech", O_FILTER, "TAG", "technology tag (see codebook.json)"},
    {"--session-format", O_FILTER, "F", "lecture, self-study or field (also accepted by --format)"},
    {"--lecturer", O_FILTER, "NAME", "a lecturer's name or part of it, Chinese or English"},
    {"--institution", O_FILTER, "NAME", "an institution's code or part of its name"},
    {"--format", O_FORMAT, "FMT", "output: table (default), csv or json"},
    {"--format", O_XFORMAT, "FMT", "csv, json, xlsx, sqlite or dta (default: by -o's extension)"},
    {"--bom", O_FORMAT | O_XFORMAT, NULL, "CSV: start with a UTF-8 byte-order mark, for Excel"},
    {"--style", O_STYLE, "STYLE", "text (default), bibtex, csl-json, ris or cff"},
    {"--lang", O_LANG, "LANG", "labels and titles in en (default) or zh"},
    {"--by", O_BY, "DIMS", "year, term, leader, topic, tech, format, confidence; one or two"},
    {"--by", O_BYERA, "GROUP", "leader (default) or term"},
    {"--evaluate", O_CLASSIFY, NULL, "evaluate the suggestions on the record (leave-one-out)"},
    {"--en", O_CLASSIFY, "TITLE", "the subject in English, besides the Chinese"},
    {"--body", O_CLASSIFY, "FILE", "the readout's text (simplified Chinese); - reads stdin"},
    {"--chart", O_CHART, NULL, "draw the counts as bars in the terminal instead of a table"},
    {"--strict", O_STRICT, NULL, "treat warnings (unknown values) as errors"},
    {"--warnings", O_STRICT, NULL, "list every warning, not only their counts"},
    {"--limit", O_LIMIT, "N", "show at most N rows"},
    {"--force", O_FORCE, NULL, "rebuild even when the database is current"},
    {"-o", O_OUTPUT, "FILE", "write to FILE"},
    {"--output", O_OUTPUT, "FILE", "write to FILE (same as -o)"},
    {"--title", O_CHARTOPT, "TEXT", "the chart's title instead of its own"},
    {"--dpi", O_CHARTOPT, "N", "PNG resolution (default 192)"},
    {"--published", O_INGEST, "DATE", "the day the readout was published (gives the year)"},
    {"--url", O_INGEST | O_SET, "URL", "where the readout was read: the record's source"},
    {"--set", O_INGEST | O_SET, "FIELD=VALUE",
     "set a field (repeatable; lecturer=zh|en|affiliation_zh|affiliation_en)"},
    {"--apply", O_INGEST, NULL, "add the record to the data file after showing it"},
    {"--yes", O_INGEST, NULL, "apply without asking"},
    {"--batch", O_INGEST, NULL, "read many readouts (files, form-feed separated): JSON Lines out"},
    {"--archive", O_INGEST, NULL, "keep the input in the archive (default with --apply)"},
    {"--no-archive", O_INGEST, NULL, "do not keep the input"},
    {"--apply", O_SCAN, NULL, "add the new sessions and fill the record's empty fields"},
    {"--archive", O_SCAN, NULL, "keep each readout's text in the archive, named by its hash"},
    {"--archive", O_PHRASES, NULL,
     "search the full texts of the local archive (see --archive-dir)"},
    {"--explain", O_EXPLAIN, NULL, "print the FTS5 expression the query becomes (JSON)"},
    {"--once", O_WATCH, NULL, "poll every source once and exit (for cron or a systemd timer)"},
    {"--apply", O_WATCH, NULL, "add new sessions and fill known ones (never overwriting)"},
    {"--review", O_WATCH, "DIR", "write each proposal to DIR as a file (default: print it)"},
    {"--exec", O_WATCH, "CMD", "run CMD (sh -c) for each new session, its record on stdin"},
    {"--sources", O_WATCH, "FILE", "the sources to poll (default: watch.json in the data folder)"},
    {"--source", O_WATCH, "NAME", "poll only the source of that name"},
    {"--state", O_WATCH, "FILE", "what was seen (default: watch-state.json beside data/)"},
    {"--days", O_WATCH, "N", "dated lists: today and the N-1 days before (default 2)"},
    {"--interval", O_WATCH, "SECONDS", "without --once: seconds between polls (default 3600)"},
    {"--pause", O_WATCH, "SECONDS", "seconds between requests to one site (default: the source's)"},
    {"--timeout", O_WATCH, "SECONDS", "seconds for one request in all (default 30)"},
    {"--retries", O_WATCH, "N", "further tries after a timeout or a 5xx (default 2)"},
    {"--retry-wait", O_WATCH, "SECONDS", "before the first retry, doubled each time (default 2)"},
    {"--max-bytes", O_WATCH, "N", "the largest page read (default 8388608)"},
    {"--connect-to", O_WATCH, "H:P:H2:P2", "connect to H2:P2 for H:P (a test site, a mirror)"},
    {"--tech", O_FOLLOWUPS, "TAG", "a technology tag: its documents per quarter, its sessions"},
    {"--topic", O_FOLLOWUPS, "CODE", "a topic: its documents per quarter around its sessions"},
    {"--before", O_FOLLOWUPS, "MONTHS", "months before a session (default 12)"},
    {"--after", O_FOLLOWUPS, "MONTHS", "months after a session (default 24)"},
    {"--quarters", O_FOLLOWUPS, NULL, "with --tech or --topic: the calendar quarters' counts"},
    {"--summary", O_FOLLOWUPS, NULL, "with --tech or --topic: a row a session, its counts"},
    {"--all-topics", O_FOLLOWUPS, NULL, "a session without a tag: match all its topics"},
    {"--archive-dir", O_ARCHIVEDIR, "DIR", "the archive folder (default: archive/ beside data/)"},
    {"--host", O_SERVE, "ADDR", "address to listen on (default 127.0.0.1; 0.0.0.0 for all)"},
    {"--port", O_SERVE, "N", "port to listen on (default 8080; 0 for any free port)"},
    {"--threads", O_SERVE, "N", "worker threads (default: one per processor, at most 8)"},
    {"--cache-mb", O_SERVE, "N", "memory for finished responses in MiB (default 64; 0: none)"},
    {"--base-url", O_SERVE, "URL",
     "the site's address, for the feed's links (default: http://HOST:PORT listened on)"},
    {"--immutable", O_SERVE, NULL,
     "the database is on a read-only medium: never build, lock or write beside it"},
    {"--max-connections", O_SERVE, "N", "open connections in all (default 512)"},
    {"--per-address", O_SERVE, "N", "open connections from one client address (default 256)"},
    {"--header-timeout", O_SERVE, "SECS", "for a request's line and headers (default 10)"},
    {"--query-timeout", O_SERVE, "MS", "a longer query is stopped and answered 503 (default 5000)"},
    {"--shutdown-timeout", O_SERVE, "SECS", "from SIGTERM or Ctrl-C to the end (default 10)"},
    {"--data", 0, "DIR", "data folder (default: $PSST_DATA, ./data, or the installed data)"},
    {"--db", 0, "FILE", "database file (default: $PSST_DB or ~/.cache/psst/psst.db)"},
};
enum { NOPTIONS = sizeof options / sizeof *options };

const struct cli_option *cli_options(size_t *n) {
  *n = NOPTIONS;
  return options;
}

bool cli_takes(const struct cli_command *cmd, const struct cli_option *o) {
  return !o->set || (o->set & cmd->opts);
}

void cli_usage_with(FILE *fp, const struct cli_command *cmd, const char *name, const char *args,
                    const char *summary, cli_option_help_fn fn, const void *ctx) {
  fprintf(fp, "usage: psst %s [options]%s%s\n\n%s\n\noptions:\n", name ? name : cmd->name,
          args ? " " : "", args ? args : "", summary);
  for (int i = 0; i < NOPTIONS; i++)
    if (!options[i].set || (options[i].set & cmd->opts)) {
      const char *help = fn ? fn(options[i].name, options[i].help, ctx) : options[i].help;
      if (!help)
        continue;
      char left[40];
      snprintf(left, sizeof left, "%s%s%s", options[i].name, options[i].arg ? " " : "",
               options[i].arg ? options[i].arg : "");
      fprintf(fp, "  %-24s %s\n", left, help);
    }
  fprintf(fp, "  %-24s %s\n", "-h, --help", "show this help");
}

void cli_usage(FILE *fp, const struct cli_command *cmd) {
  /* the chart types take different filters: psst chart --help lists them per type */
  if (cmd->fn == cmd_chart) {
    cli_chart_usage(fp, cmd);
    return;
  }
  cli_usage_with(fp, cmd, NULL, cmd->args, cmd->summary, NULL, NULL);
  if (cmd->more)
    fprintf(fp, "\n%s", cmd->more);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int
usage_error(const struct cli *c, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "psst %s: ", c->cmd->name);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nTry 'psst %s --help'.\n", c->cmd->name);
  return EXIT_USAGE;
}

/* The option this command takes that is nearest to a mistyped name, or NULL. */
static const char *near_option(const struct cli *c, const char *name) {
  const char *best = NULL;
  size_t best_d = SIZE_MAX, d;
  for (int k = 0; k < NOPTIONS; k++)
    if (cli_takes(c->cmd, &options[k]) && ps_cli_near(name, options[k].name, &d) && d < best_d)
      best = options[k].name, best_d = d;
  return best ? best : ps_cli_near(name, "--help", NULL) ? "--help" : NULL;
}

/* A bad value of an option with a fixed set of values: the message, with the nearest. */
static int bad_value(const struct cli *c, const char *msg, const char *val,
                     const char *const *known, size_t n) {
  const char *near = ps_cli_suggest(val, known, n);
  if (near)
    return usage_error(c, "%s; did you mean '%s'?", msg, near);
  return usage_error(c, "%s", msg);
}

static bool parse_long(const char *s, long lo, long hi, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi)
    return false;
  *out = v;
  return true;
}

#define MAX_FILTER_VALUE 1024

/* YYYY or YYYY-MM-DD, digits where digits go */
static bool is_date_or_year(const char *v) {
  static const char shape[] = "dddd-dd-dd";
  size_t n = strlen(v);
  if (n != 4 && n != 10)
    return false;
  for (size_t i = 0; i < n; i++)
    if (shape[i] == 'd' ? !isdigit((unsigned char)v[i]) : v[i] != '-')
      return false;
  return true;
}

static bool parse_seconds(const char *s, double lo, double hi, double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || *end || !(v >= lo && v <= hi))
    return false;
  *out = v;
  return true;
}

static bool is_session_format(const char *v) {
  return !strcmp(v, "lecture") || !strcmp(v, "self-study") || !strcmp(v, "field");
}

static bool is_export_format(const char *v) {
  return !strcmp(v, "csv") || !strcmp(v, "json") || !strcmp(v, "xlsx") || !strcmp(v, "sqlite") ||
         !strcmp(v, "dta");
}

/* The chart type named before --help, or after it: the first word that is one. */
static const char *chart_type(const struct cli *c, int argc, char **argv, int from) {
  enum psst_chart_kind kind;
  if (c->argc && !psst_chart_kind_parse(c->argv[0], &kind, NULL))
    return c->argv[0];
  for (int k = from; k < argc; k++)
    if (argv[k][0] != '-' && !psst_chart_kind_parse(argv[k], &kind, NULL))
      return argv[k];
  return NULL;
}

int cli_parse(struct cli *c, int argc, char **argv, int *help) {
  *help = 0;
  c->limit = -1;
  c->archive = -1;
  c->port = c->threads = c->cache_mb = -1;
  c->watch.days = c->watch.retries = c->watch.max_bytes = -1;
  c->watch.interval = c->watch.pause = c->watch.timeout = c->watch.retry_wait = -1;
  c->argv = calloc((size_t)argc + 1, sizeof *c->argv);
  if (!c->argv)
    return EXIT_SYSTEM;
  bool only_args = false;
  for (int i = 0; i < argc; i++) {
    char *a = argv[i];
    if (only_args || a[0] != '-' || !a[1]) {
      c->argv[c->argc++] = a;
      continue;
    }
    if (!strcmp(a, "--")) {
      only_args = true;
      continue;
    }
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      /* psst chart TYPE --help (or --help TYPE): the type's own options, by cmd_chart */
      const char *type = c->cmd->fn == cmd_chart ? chart_type(c, argc, argv, i + 1) : NULL;
      if (type) {
        c->argv[0] = (char *)type;
        c->argc = 1;
        c->help = true;
      }
      *help = !c->help;
      return EXIT_OK;
    }
    /* --name=value or --name value */
    char name[64];
    const char *val = NULL;
    const char *eq = strchr(a, '=');
    size_t nl = eq ? (size_t)(eq - a) : strlen(a);
    if (nl >= sizeof name)
      return usage_error(c, "unknown option '%s'", a);
    memcpy(name, a, nl);
    name[nl] = '\0';
    /* a name may have a row per option set (--format): the one this command takes */
    int k = 0;
    bool known = false;
    while (k < NOPTIONS &&
           (strcmp(options[k].name, name) || (options[k].set && !(options[k].set & c->cmd->opts))))
      known |= !strcmp(options[k++].name, name);
    if (k == NOPTIONS && known)
      return usage_error(c, "option '%s' does not apply here", name);
    if (k == NOPTIONS) {
      const char *near = near_option(c, name);
      if (near)
        return usage_error(c, "unknown option '%s'; did you mean '%s'?", name, near);
      return usage_error(c, "unknown option '%s'", name);
    }
    if (options[k].arg) {
      if (eq)
        val = eq + 1;
      else if (i + 1 < argc)
        val = argv[++i];
      else
        return usage_error(c, "option '%s' needs a value", name);
      /* a filter is a name, a code or a date: a longer value is a mistake (a file pasted
         in), refused here rather than failing in SQLite's pattern matching as a system
         error */
      size_t vl = strlen(val);
      if (options[k].set == O_FILTER && vl > MAX_FILTER_VALUE)
        return usage_error(c, "%s: the value is %zu bytes long; a filter takes at most %d", name,
                           vl, MAX_FILTER_VALUE);
    } else if (eq) {
      return usage_error(c, "option '%s' takes no value", name);
    }
    long n;
    if (!strcmp(name, "--term")) {
      if (!parse_long(val, 1, 1000, &n))
        return usage_error(c, "--term: '%s' is not a term number", val);
      c->filter.term = (int)n;
    } else if (!strcmp(name, "--year")) {
      if (!parse_long(val, 1900, 2999, &n))
        return usage_error(c, "--year: '%s' is not a year", val);
      c->filter.year = (int)n;
    } else if (!strcmp(name, "--from") || !strcmp(name, "--to")) {
      /* the shape here, the calendar in the library: a number read whole would overflow */
      if (!is_date_or_year(val))
        return usage_error(c, "%s: '%s' is not a date YYYY-MM-DD or a year YYYY", name, val);
      if (name[2] == 'f')
        c->filter.from = val;
      else
        c->filter.to = val;
    } else if (!strcmp(name, "--leader")) {
      c->filter.leader = val;
    } else if (!strcmp(name, "--topic")) {
      c->filter.topic = val;
    } else if (!strcmp(name, "--tech")) {
      c->filter.tech = val;
    } else if (!strcmp(name, "--session-format")) {
      c->filter.format = val;
    } else if (!strcmp(name, "--lecturer")) {
      c->filter.lecturer = val;
    } else if (!strcmp(name, "--institution")) {
      c->filter.institution = val;
    } else if (!strcmp(name, "--format")) {
      /* the values this command's --format takes, for the message and its suggestion */
      static const char *const outputs[] = {"table",   "csv",        "json",
                                            "lecture", "self-study", "field"};
      static const char *const exports[] = {"csv", "json",    "xlsx",       "sqlite",
                                            "dta", "lecture", "self-study", "field"};
      char msg[160];
      if ((c->cmd->opts & O_FILTER) && is_session_format(val))
        c->filter.format = val;
      else if ((c->cmd->opts & O_XFORMAT) && is_export_format(val))
        c->format_name = val;
      else if (c->cmd->opts & O_XFORMAT) {
        snprintf(msg, sizeof msg,
                 "--format: '%s' is neither csv, json, xlsx, sqlite, dta nor lecture, "
                 "self-study, field",
                 val);
        return bad_value(c, msg, val, exports, 8);
      } else if (ps_out_parse_format(val, &c->format)) {
        snprintf(msg, sizeof msg,
                 (c->cmd->opts & O_FILTER) ? "--format: '%s' is neither table, csv, json nor "
                                             "lecture, self-study, field"
                                           : "--format: '%s' is not table, csv or json",
                 val);
        return bad_value(c, msg, val, outputs, (c->cmd->opts & O_FILTER) ? 6 : 3);
      }
    } else if (!strcmp(name, "--bom")) {
      c->bom = true;
    } else if (!strcmp(name, "--lang")) {
      if (!strcmp(val, "en"))
        c->lang = PSST_LANG_EN;
      else if (!strcmp(val, "zh"))
        c->lang = PSST_LANG_ZH;
      else {
        static const char *const langs[] = {"en", "zh"};
        char msg[120];
        snprintf(msg, sizeof msg, "--lang: '%s' is not en or zh", val);
        return bad_value(c, msg, val, langs, 2);
      }
    } else if (!strcmp(name, "--by")) {
      c->by = val;
    } else if (!strcmp(name, "--strict")) {
      c->strict = true;
    } else if (!strcmp(name, "--warnings")) {
      c->warnings = true;
    } else if (!strcmp(name, "--limit")) {
      if (!parse_long(val, 1, LONG_MAX, &n))
        return usage_error(c, "--limit: '%s' is not a positive number", val);
      c->limit = n;
    } else if (!strcmp(name, "--force")) {
      c->force = true;
    } else if (!strcmp(name, "--evaluate")) {
      c->evaluate = true;
    } else if (!strcmp(name, "--en")) {
      c->title_en = val;
    } else if (!strcmp(name, "--body")) {
      c->body = val;
    } else if (!strcmp(name, "--chart")) {
      c->chart = true;
    } else if (!strcmp(name, "-o") || !strcmp(name, "--output")) {
      c->output = val;
    } else if (!strcmp(name, "--style")) {
      c->style = val;
    } else if (!strcmp(name, "--title")) {
      c->title = val;
    } else if (!strcmp(name, "--dpi")) {
      if (!parse_long(val, 36, 1200, &n))
        return usage_error(c, "--dpi: '%s' is not a number from 36 to 1200", val);
      c->dpi = (double)n;
    } else if (!strcmp(name, "--published")) {
      c->published = val;
    } else if (!strcmp(name, "--url")) {
      c->url = val;
    } else if (!strcmp(name, "--set")) {
      const char **v = realloc(c->sets, ((size_t)c->n_sets + 1) * sizeof *v);
      if (!v)
        return EXIT_SYSTEM;
      c->sets = v;
      c->sets[c->n_sets++] = val;
    } else if (!strcmp(name, "--apply")) {
      c->apply = true;
    } else if (!strcmp(name, "--yes")) {
      c->yes = true;
    } else if (!strcmp(name, "--batch")) {
      c->batch = true;
    } else if (!strcmp(name, "--archive")) {
      c->archive = 1;
    } else if (!strcmp(name, "--no-archive")) {
      c->archive = 0;
    } else if (!strcmp(name, "--before") || !strcmp(name, "--after")) {
      if (!parse_long(val, 1, 240, &n))
        return usage_error(c, "%s: '%s' is not a number of months from 1 to 240", name, val);
      *(name[2] == 'b' ? &c->fu.before : &c->fu.after) = (int)n;
    } else if (!strcmp(name, "--quarters")) {
      c->fu.quarters = true;
    } else if (!strcmp(name, "--summary")) {
      c->fu.summary = true;
    } else if (!strcmp(name, "--all-topics")) {
      c->fu.all_topics = true;
    } else if (!strcmp(name, "--archive-dir")) {
      c->archive_dir = val;
    } else if (!strcmp(name, "--host")) {
      c->host = val;
    } else if (!strcmp(name, "--base-url")) {
      c->base_url = val;
    } else if (!strcmp(name, "--port")) {
      if (!parse_long(val, 0, 65535, &n))
        return usage_error(c, "--port: '%s' is not a port number (0 to 65535)", val);
      c->port = n;
    } else if (!strcmp(name, "--threads")) {
      if (!parse_long(val, 1, 64, &n))
        return usage_error(c, "--threads: '%s' is not a number from 1 to 64", val);
      c->threads = n;
    } else if (!strcmp(name, "--cache-mb")) {
      if (!parse_long(val, 0, 4096, &n))
        return usage_error(c, "--cache-mb: '%s' is not a number from 0 to 4096", val);
      c->cache_mb = n;
    } else if (options[k].set == O_SERVE) {
      int rc = cli_serve_option(c, name, val);
      if (rc)
        return rc;
    } else if (!strcmp(name, "--explain")) {
      c->explain = true;
    } else if (!strcmp(name, "--once")) {
      c->watch.once = true;
    } else if (!strcmp(name, "--review")) {
      c->watch.review = val;
    } else if (!strcmp(name, "--exec")) {
      c->watch.exec = val;
    } else if (!strcmp(name, "--sources")) {
      c->watch.sources = val;
    } else if (!strcmp(name, "--source")) {
      c->watch.source = val;
    } else if (!strcmp(name, "--state")) {
      c->watch.state = val;
    } else if (!strcmp(name, "--connect-to")) {
      c->watch.connect_to = val;
    } else if (!strcmp(name, "--days")) {
      if (!parse_long(val, 1, 366, &n))
        return usage_error(c, "--days: '%s' is not a number from 1 to 366", val);
      c->watch.days = n;
    } else if (!strcmp(name, "--retries")) {
      if (!parse_long(val, 0, 10, &n))
        return usage_error(c, "--retries: '%s' is not a number from 0 to 10", val);
      c->watch.retries = n;
    } else if (!strcmp(name, "--max-bytes")) {
      if (!parse_long(val, 1024, 1L << 30, &n))
        return usage_error(c, "--max-bytes: '%s' is not a number from 1024 to 1073741824", val);
      c->watch.max_bytes = n;
    } else if (!strcmp(name, "--interval")) {
      if (!parse_seconds(val, 60, 86400 * 7, &c->watch.interval))
        return usage_error(c, "--interval: '%s' is not a number of seconds from 60 to 604800", val);
    } else if (!strcmp(name, "--pause")) {
      if (!parse_seconds(val, 0, 3600, &c->watch.pause))
        return usage_error(c, "--pause: '%s' is not a number of seconds from 0 to 3600", val);
    } else if (!strcmp(name, "--timeout")) {
      if (!parse_seconds(val, 0.1, 3600, &c->watch.timeout))
        return usage_error(c, "--timeout: '%s' is not a number of seconds from 0.1 to 3600", val);
    } else if (!strcmp(name, "--retry-wait")) {
      if (!parse_seconds(val, 0.01, 3600, &c->watch.retry_wait))
        return usage_error(c, "--retry-wait: '%s' is not a number of seconds from 0.01 to 3600",
                           val);
    } else if (!strcmp(name, "--data")) {
      c->data_dir = val;
    } else if (!strcmp(name, "--db")) {
      c->db_path = val;
    }
  }
  if (c->argc < c->cmd->min_args)
    return usage_error(c, "missing %s", c->cmd->args ? c->cmd->args : "argument");
  if (c->cmd->max_args >= 0 && c->argc > c->cmd->max_args)
    return usage_error(c, "unexpected argument '%s'", c->argv[c->cmd->max_args]);
  return EXIT_OK;
}
