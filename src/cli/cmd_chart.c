/*
 * cmd_chart.c: psst chart TYPE -o FILE: a publication chart as SVG, PNG or PDF (by
 * the file's extension). --from and --to take a year (from its 1 January, to its 31
 * December) or a date. Each type takes the filters the library's table names
 * (psst_chart_filters) and refuses the others (exit 2), so that no option is silently
 * ignored; 'psst chart TYPE --help' lists only what the type takes.
 */
#include "cli.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* the options that choose sessions, with the bit of psst_chart_filters that takes them */
static const struct {
  const char *option;
  unsigned bit;
} chart_options[] = {
    {"--from", PSST_CHART_F_FROM},         {"--to", PSST_CHART_F_TO},
    {"--term", PSST_CHART_F_TERM},         {"--year", PSST_CHART_F_YEAR},
    {"--leader", PSST_CHART_F_LEADER},     {"--topic", PSST_CHART_F_TOPIC},
    {"--tech", PSST_CHART_F_TECH},         {"--session-format", PSST_CHART_F_FORMAT},
    {"--lecturer", PSST_CHART_F_LECTURER}, {"--institution", PSST_CHART_F_INSTITUTION},
    {"--limit", PSST_CHART_F_LIMIT},
};
enum { NCHART_OPTIONS = sizeof chart_options / sizeof *chart_options };

static unsigned option_bit(const char *option) {
  for (int i = 0; i < NCHART_OPTIONS; i++)
    if (!strcmp(chart_options[i].option, option))
      return chart_options[i].bit;
  return 0;
}

/* what the help says of an option for a chart; NULL for a filter the type does not take */
static const char *option_help(const char *option, const char *help, const void *ctx) {
  const unsigned *takes = ctx;
  unsigned bit = option_bit(option);
  if (bit && (!takes || !(*takes & bit)))
    return NULL;
  if (!strcmp(option, "--from"))
    return "held on or after DATE, or from the 1 January of a year YYYY";
  if (!strcmp(option, "--to"))
    return "held on or before DATE, or to the 31 December of a year YYYY";
  if (!strcmp(option, "--session-format"))
    return "lecture, self-study or field";
  if (!strcmp(option, "--limit"))
    return "draw at most N bars (default 15)";
  return help;
}

void cli_chart_usage(FILE *fp, const struct cli_command *cmd) {
  cli_usage_with(fp, cmd, "chart TYPE", "-o FILE", cmd->summary, option_help, NULL);
  fprintf(fp, "\ntypes, and the options each takes besides these:\n");
  const char *name, *summary;
  for (int k = 0; (name = psst_chart_kind_name((enum psst_chart_kind)k, &summary)); k++) {
    fprintf(fp, "  %-16s %s\n", name, summary);
    unsigned takes = psst_chart_filters((enum psst_chart_kind)k);
    /* the options under the summary, lines kept within 80 columns */
    int col = fprintf(fp, "  %-16s", "");
    for (int i = 0; i < NCHART_OPTIONS; i++)
      if (takes & chart_options[i].bit) {
        if (col + 1 + (int)strlen(chart_options[i].option) > 80)
          col = fprintf(fp, "\n  %-16s", "") - 1;
        col += fprintf(fp, " %s", chart_options[i].option);
      }
    fprintf(fp, "\n");
  }
  fprintf(fp, "\n'psst chart TYPE --help' shows a type's options.\n");
}

static int type_usage(const struct cli *c, enum psst_chart_kind kind) {
  const char *summary = "";
  const char *name = psst_chart_kind_name(kind, &summary);
  char words[96], what[256];
  snprintf(words, sizeof words, "chart %s", name);
  snprintf(what, sizeof what, "Draw %s (-o FILE.svg, .png or .pdf).", summary);
  unsigned takes = psst_chart_filters(kind);
  cli_usage_with(stdout, c->cmd, words, "-o FILE", what, option_help, &takes);
  return EXIT_OK;
}

/* --from and --to as dates: a year is its first or last day, a date is taken as is */
static int range_end(const char *v, bool end, char out[11], int *year) {
  size_t n = strlen(v);
  bool digits = n >= 4;
  for (size_t i = 0; i < 4 && i < n; i++)
    digits &= isdigit((unsigned char)v[i]) != 0;
  if (!digits || (n != 4 && n != 10))
    return -1;
  if (n == 4)
    snprintf(out, 11, "%s-%s", v, end ? "12-31" : "01-01");
  else
    snprintf(out, 11, "%s", v);
  *year = atoi(v);
  return *year >= 1900 ? 0 : -1;
}

int cmd_chart(struct cli *c) {
  struct psst_error err = {0};
  enum psst_chart_kind kind;
  if (psst_chart_kind_parse(c->argv[0], &kind, &err))
    return cli_fail(&err);
  if (c->help)
    return type_usage(c, kind);
  struct psst_filter f = c->filter;
  unsigned given = psst_chart_filter_bits(&f) | (c->limit >= 0 ? PSST_CHART_F_LIMIT : 0);
  unsigned refused = given & ~psst_chart_filters(kind);
  for (int i = 0; refused && i < NCHART_OPTIONS; i++)
    if (refused & chart_options[i].bit) {
      fprintf(stderr,
              "psst chart: %s does not take %s\n"
              "Try 'psst chart %s --help' for the options it takes.\n",
              c->argv[0], chart_options[i].option, c->argv[0]);
      return EXIT_USAGE;
    }
  if (!c->output) {
    fprintf(stderr, "psst chart: -o FILE is required (FILE.svg, FILE.png or FILE.pdf)\n"
                    "Try 'psst chart --help'.\n");
    return EXIT_USAGE;
  }
  char from[11], to[11];
  int from_year = 0, to_year = 0;
  if ((f.from && range_end(f.from, false, from, &from_year)) ||
      (f.to && range_end(f.to, true, to, &to_year))) {
    fprintf(stderr, "psst chart: --from and --to take a year such as 2002 or a date "
                    "YYYY-MM-DD\n");
    return EXIT_USAGE;
  }
  f.from = f.from ? from : NULL;
  f.to = f.to ? to : NULL;
  struct psst_chart_opts o = {.lang = c->lang,
                              .from_year = from_year,
                              .to_year = to_year,
                              .filter = &f,
                              .title = c->title,
                              .dpi = c->dpi,
                              .limit = c->limit > 0 ? (size_t)c->limit : 0};
  int rc = cli_open(c);
  if (rc)
    return rc;
  if (psst_chart_write(c->p, kind, &o, c->output, &err))
    return cli_fail(&err);
  fprintf(stderr, "wrote %s\n", c->output);
  return EXIT_OK;
}
