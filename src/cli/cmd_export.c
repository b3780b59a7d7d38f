/*
 * cmd_export.c: psst export --format csv|json|xlsx|sqlite -o FILE [filters]: the
 * sessions the filters select, written for other tools. Without --format the file's
 * extension names the format. The summary goes to standard error, so that a script
 * sees nothing on standard output.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
  const char *name, *ext;
  enum psst_export_format fmt;
} formats[] = {
    {"csv", ".csv", PSST_EXPORT_CSV},           {"json", ".json", PSST_EXPORT_JSON},
    {"xlsx", ".xlsx", PSST_EXPORT_XLSX},        {"sqlite", ".sqlite", PSST_EXPORT_SQLITE},
    {"sqlite", ".sqlite3", PSST_EXPORT_SQLITE}, {"sqlite", ".db", PSST_EXPORT_SQLITE},
};
enum { NFORMATS = sizeof formats / sizeof *formats };

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n > m && !strcasecmp(s + n - m, suffix);
}

/* The sessions the filters select, counted by psst stats, whose note says which
   sessions a filter cannot see (no known date, ...): the export lacks them too. */
static int count_sessions(struct cli *c, long *n, struct psst_table **t, struct psst_error *err) {
  *n = 0;
  int rc = psst_stats(c->p, "term", &c->filter, PSST_LANG_EN, t, err);
  if (rc)
    return rc;
  for (size_t r = 0; r < (*t)->nrows; r++)
    *n += atol(psst_cell(*t, r, 1));
  return 0;
}

int cmd_export(struct cli *c) {
  struct psst_error err = {0};
  int k = 0;
  if (!c->output) {
    fprintf(stderr, "psst export: -o FILE is required\nTry 'psst export --help'.\n");
    return EXIT_USAGE;
  }
  if (c->format_name) {
    while (strcmp(formats[k].name, c->format_name))
      k++;
  } else {
    while (k < NFORMATS && !ends_with(c->output, formats[k].ext))
      k++;
    if (k == NFORMATS) {
      fprintf(stderr,
              "psst export: --format csv, json, xlsx or sqlite is required: '%s' does not say\n"
              "Try 'psst export --help'.\n",
              c->output);
      return EXIT_USAGE;
    }
  }
  int rc = cli_open(c);
  if (rc)
    return rc;
  long n;
  struct psst_table *t = NULL;
  if (psst_export(c->p, &c->filter, formats[k].fmt, c->output, &err) ||
      count_sessions(c, &n, &t, &err)) {
    psst_table_free(t);
    return cli_fail(&err);
  }
  fprintf(stderr, "wrote %ld session%s to %s", n, n == 1 ? "" : "s", c->output);
  if (formats[k].fmt == PSST_EXPORT_CSV) {
    /* the name psst_export gives the lecturers file */
    size_t len = strlen(c->output);
    int stem = (int)(ends_with(c->output, ".csv") ? len - 4 : len);
    fprintf(stderr, " and %.*s.lecturers.csv", stem, c->output);
  }
  fprintf(stderr, "\n");
  if (t->note)
    fprintf(stderr, "note: %s\n", t->note);
  psst_table_free(t);
  return EXIT_OK;
}
