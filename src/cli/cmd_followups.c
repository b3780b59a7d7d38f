/*
 * cmd_followups.c: psst followups: the documents that followed the sessions
 * (docs/followups.md).
 *
 *   psst followups ID                    the documents on the session's subject, with lags
 *   psst followups                       a row a technology session: documents before, after
 *   psst followups --tech TAG            the event study: per quarter relative to its sessions
 *   psst followups --tech TAG --quarters the calendar quarters, its sessions in theirs
 *   psst followups --tech TAG --summary  a row a session of the tag
 *
 * Empty results follow the rule of the query commands (cli_print_result): exit 1.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(const char *msg) {
  fprintf(stderr, "psst followups: %s\nTry 'psst followups --help'.\n", msg);
  return EXIT_USAGE;
}

/* the event study's sum over sessions: no document in the window is an empty result */
static bool event_empty(const struct psst_table *t) {
  for (size_t r = 0; r < t->nrows; r++)
    if (strcmp(psst_cell(t, r, 1), "0"))
      return false;
  return true;
}

/*
 * A session's documents for a person: a block a document (its date and lag, the title in
 * both languages, who issued it with its number, and its first source), which a table of
 * thirteen columns cannot show in a terminal's width.
 */
static int print_documents(struct cli *c, const struct psst_table *t) {
  bool zh = c->lang == PSST_LANG_ZH;
  size_t width = cli_width();
  int rc = 0;
  for (size_t r = 0; r < t->nrows && !rc; r++) {
    const char *date = psst_cell(t, r, 1), *by = psst_cell(t, r, 2), *lag = psst_cell(t, r, 3);
    const char *from = psst_cell(t, r, 4), *kind = psst_cell(t, r, 5);
    const char *issuers = psst_cell(t, r, 8), *number = psst_cell(t, r, 9);
    const char *url = psst_cell(t, r, 10), *publisher = psst_cell(t, r, 11);
    char when[160];
    long days = lag ? atol(lag) : 0;
    const char *edge =
        !strcmp(from, "window_start") ? (zh ? "（自日期区间起点）" : " (from the window's start)")
        : !strcmp(from, "window_end") ? (zh ? "（自日期区间终点）" : " (from the window's end)")
                                      : "";
    if (!lag)
      snprintf(when, sizeof when, "%s",
               zh ? "在集体学习可能的日期区间内" : "within the session's date window");
    else if (zh)
      snprintf(when, sizeof when, "%s %ld 天%s", days < 0 ? "之前" : "之后",
               days < 0 ? -days : days, edge);
    else
      snprintf(when, sizeof when, "%ld day%s %s%s", days < 0 ? -days : days,
               days == 1 || days == -1 ? "" : "s", days < 0 ? "before" : "after", edge);
    printf("%s%s %s (%s)  %s  %s\n", r ? "\n" : "", date,
           zh ? (!strcmp(by, "issued") ? "印发" : "宣布") : by, when, kind ? kind : "-",
           psst_cell(t, r, 0));
    rc |= ps_out_wrap(stdout, "  ", psst_cell(t, r, 6), width, 2);
    if (*psst_cell(t, r, 7))
      rc |= ps_out_wrap(stdout, "  ", psst_cell(t, r, 7), width, 2);
    char who[1024];
    snprintf(who, sizeof who, "%s; %s", issuers ? issuers : "-",
             number ? number
             : zh   ? "文号不详"
                    : "no number known");
    rc |= ps_out_wrap(stdout, "  ", who, width, 2);
    printf("  %s %s\n", publisher ? publisher : "-", url ? url : "-");
  }
  if (t->note)
    rc |= ps_out_wrap(stdout, "note: ", t->note, width, 6);
  fflush(stdout);
  return rc || ferror(stdout) ? EXIT_SYSTEM : EXIT_OK;
}

/* The sessions' counts for a person: the window's days in the date column of an uncertain
   session, and the columns a terminal has room for. */
static int print_summary(struct cli *c, const struct psst_table *t) {
  static const char *const cols[] = {"session",          "date",           "matched",
                                     "before",           "after",          "within_window",
                                     "first_after_date", "first_after_lag"};
  static const char *const zh[] = {"集体学习", "日期",   "匹配",         "之前",
                                   "之后",     "区间内", "其后首份文件", "相隔天数"};
  static const enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_LIST,
                                            PSST_COL_INT,  PSST_COL_INT,  PSST_COL_INT,
                                            PSST_COL_TEXT, PSST_COL_INT};
  struct psst_table *v = cli_table_new(8, t->nrows);
  if (!v)
    return EXIT_SYSTEM;
  for (size_t k = 0; k < 8; k++)
    if (!(v->cols[k] = strdup(cols[k])) ||
        !(v->headers[k] = strdup(c->lang == PSST_LANG_ZH ? zh[k] : cols[k]))) {
      psst_table_free(v);
      return EXIT_SYSTEM;
    }
  memcpy(v->types, types, sizeof types);
  int rc = 0;
  for (size_t r = 0; r < t->nrows && !rc; r++) {
    char window[32];
    const char *date = psst_cell(t, r, 1);
    if (!date)
      snprintf(window, sizeof window, "%s..%s", psst_cell(t, r, 2), psst_cell(t, r, 3));
    const char *cells[] = {date ? date : window, psst_cell(t, r, 4), psst_cell(t, r, 5),
                           psst_cell(t, r, 6),   psst_cell(t, r, 7), psst_cell(t, r, 9),
                           psst_cell(t, r, 10)};
    rc = cli_table_add_row(v, psst_cell(t, r, 0), cells);
  }
  if (!rc && t->note && !(v->note = strdup(t->note)))
    rc = -1;
  if (!rc)
    rc = cli_print_table(c, v);
  else
    rc = EXIT_SYSTEM;
  psst_table_free(v);
  return rc;
}

int cmd_followups(struct cli *c) {
  const char *tech = c->filter.tech, *topic = c->filter.topic;
  bool code = tech || topic;
  if (tech && topic)
    return usage("give --tech or --topic, not both");
  if (c->argc && code)
    return usage("give a session ID or --tech/--topic, not both");
  if ((c->fu.quarters || c->fu.summary) && !code)
    return usage(c->fu.quarters ? "--quarters needs --tech or --topic"
                                : "--summary needs --tech or --topic");
  if (c->fu.quarters && c->fu.summary)
    return usage("give --quarters or --summary, not both");
  if (c->fu.all_topics && !c->argc)
    return usage("--all-topics applies to a session ID");
  if ((c->fu.before || c->fu.after) && code && !c->fu.summary)
    return usage("--before and --after apply to a session ID or --summary");
  int term = 0, number = 0;
  struct psst_error err = {0};
  if (c->argc && psst_parse_id(c->argv[0], &term, &number, &err)) {
    fprintf(stderr, "psst followups: %s\n", err.msg);
    return EXIT_USAGE;
  }
  int rc = cli_open(c);
  if (rc)
    return rc;
  struct psst_followups_opts o = {
      .before = c->fu.before, .after = c->fu.after, .all_topics = c->fu.all_topics};
  struct psst_table *t = NULL;
  const char *what = "document";
  if (c->argc)
    rc = psst_followups(c->p, term, number, &o, c->lang, &t, &err);
  else if (!code || c->fu.summary)
    rc = psst_followups_summary(c->p, tech, topic, &o, c->lang, &t, &err), what = "session";
  else if (c->fu.quarters)
    rc = psst_followups_quarters(c->p, tech, topic, c->lang, &t, &err);
  else
    rc = psst_followups_event(c->p, tech, topic, 0, &t, &err);
  if (rc)
    return cli_fail(&err);
  /* a table of quarters always has rows: empty is no document in them */
  bool empty = !t->nrows;
  if (!c->argc && code && !c->fu.summary) {
    empty = c->fu.quarters ? true : event_empty(t);
    for (size_t r = 0; c->fu.quarters && r < t->nrows; r++)
      empty &= !strcmp(psst_cell(t, r, 3), "0");
  }
  if (empty) {
    if (c->format != PS_OUT_TABLE)
      rc = cli_print_table(c, t);
    fprintf(stderr, "psst followups: no %s matches\n", what);
    psst_table_free(t);
    return rc ? rc : EXIT_FAIL;
  }
  if (c->format != PS_OUT_TABLE)
    rc = cli_print_table(c, t);
  else if (c->argc)
    rc = print_documents(c, t);
  else if (!code || c->fu.summary)
    rc = print_summary(c, t);
  else
    rc = cli_print_table(c, t);
  psst_table_free(t);
  return rc;
}
