/*
 * cmd_cite.c: psst cite [ID] [--style text|bibtex|csl-json|ris|cff]: how to cite a session's
 * readout and the psst dataset, or the dataset alone without an ID, ready to paste or to
 * import in a reference manager. `psst cite --style cff` writes CITATION.cff.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cmd_cite(struct cli *c) {
  static const struct {
    const char *name;
    enum psst_cite_style style;
  } styles[] = {{"text", PSST_CITE_TEXT},
                {"bibtex", PSST_CITE_BIBTEX},
                {"csl-json", PSST_CITE_CSL_JSON},
                {"ris", PSST_CITE_RIS},
                {"cff", PSST_CITE_CFF}};
  struct psst_error err = {0};
  size_t k = 0;
  while (c->style && k < sizeof styles / sizeof *styles && strcmp(styles[k].name, c->style))
    k++;
  if (k == sizeof styles / sizeof *styles) {
    fprintf(stderr,
            "psst cite: --style: '%s' is not text, bibtex, csl-json, ris or cff\n"
            "Try 'psst cite --help'.\n",
            c->style);
    return EXIT_USAGE;
  }
  int term = 0, number = 0;
  if (c->argc && psst_parse_id(c->argv[0], &term, &number, &err))
    return cli_fail(&err);
  if (term && styles[k].style == PSST_CITE_CFF) {
    fprintf(stderr, "psst cite: --style cff cites the dataset alone (CITATION.cff): give no ID\n"
                    "Try 'psst cite --help'.\n");
    return EXIT_USAGE;
  }
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
