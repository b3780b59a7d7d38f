/*
 * cmd_chart.c: psst chart TYPE -o FILE: a publication chart as SVG, PNG or PDF (by
 * the file's extension). --from and --to take a year (or a date, whose year is used).
 */
#include "cli.h"

#include <stdlib.h>

int cmd_chart(struct cli *c) {
  struct psst_error err = {0};
  enum psst_chart_kind kind;
  if (psst_chart_kind_parse(c->argv[0], &kind, &err))
    return cli_fail(&err);
  if (!c->output) {
    fprintf(stderr, "psst chart: -o FILE is required (FILE.svg, FILE.png or FILE.pdf)\n"
                    "Try 'psst chart --help'.\n");
    return EXIT_USAGE;
  }
  const struct psst_filter *f = &c->filter;
  if (f->term || f->year || f->leader || f->topic || f->tech || f->format || f->lecturer ||
      f->institution) {
    fprintf(stderr, "psst chart: only --from and --to (years) apply to charts\n");
    return EXIT_USAGE;
  }
  struct psst_chart_opts o = {.lang = c->lang,
                              .from_year = f->from ? atoi(f->from) : 0,
                              .to_year = f->to ? atoi(f->to) : 0,
                              .title = c->title,
                              .dpi = c->dpi,
                              .limit = c->limit > 0 ? (size_t)c->limit : 0};
  if ((f->from && o.from_year < 1900) || (f->to && o.to_year < 1900)) {
    fprintf(stderr, "psst chart: --from and --to take a year such as 2002\n");
    return EXIT_USAGE;
  }
  int rc = cli_open(c);
  if (rc)
    return rc;
  if (psst_chart_write(c->p, kind, &o, c->output, &err))
    return cli_fail(&err);
  fprintf(stderr, "wrote %s\n", c->output);
  return EXIT_OK;
}
