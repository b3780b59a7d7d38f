/*
 * cmd_cite.c: psst cite ID [--style text|bibtex|csl-json]: how to cite a session's
 * readout and the psst dataset, ready to paste or to import in a reference manager.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cmd_cite(struct cli *c) {
  static const struct {
    const char *name;
    enum psst_cite_style style;
  } styles[] = {
      {"text", PSST_CITE_TEXT}, {"bibtex", PSST_CITE_BIBTEX}, {"csl-json", PSST_CITE_CSL_JSON}};
  struct psst_error err = {0};
  size_t k = 0;
  while (c->style && k < sizeof styles / sizeof *styles && strcmp(styles[k].name, c->style))
    k++;
  if (k == sizeof styles / sizeof *styles) {
    fprintf(stderr,
            "psst cite: --style: '%s' is not text, bibtex or csl-json\n"
            "Try 'psst cite --help'.\n",
            c->style);
    return EXIT_USAGE;
  }
  int term, number;
  if (psst_parse_id(c->argv[0], &term, &number, &err))
    return cli_fail(&err);
  int rc = cli_open(c);
  if (rc)
    return rc;
  char *text = NULL;
  if (psst_cite(c->p, term, number, styles[k].style, &text, &err))
    return cli_fail(&err);
  fputs(text, stdout);
  free(text);
  return EXIT_OK;
}
