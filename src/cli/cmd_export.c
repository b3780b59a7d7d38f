/*
 * cmd_export.c: psst export --format csv|json|xlsx|sqlite|dta -o FILE [--bom] [filters]:
 * the sessions the filters select, written for other tools. Without --format the file's
 * extension names the format. -o - writes to standard output: CSV (the sessions, without
 * the lecturers file) and JSON always, the binary formats only when standard output is not
 * a terminal, where they would only garble the screen. The summary goes to standard error,
 * so that a script sees nothing on standard output but the export.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>
#include <unistd.h>

static const struct {
  const char *name, *ext;
  enum psst_export_format fmt;
} formats[] = {
    {"csv", ".csv", PSST_EXPORT_CSV},           {"json", ".json", PSST_EXPORT_JSON},
    {"xlsx", ".xlsx", PSST_EXPORT_XLSX},        {"sqlite", ".sqlite", PSST_EXPORT_SQLITE},
    {"sqlite", ".sqlite3", PSST_EXPORT_SQLITE}, {"sqlite", ".db", PSST_EXPORT_SQLITE},
    {"dta", ".dta", PSST_EXPORT_DTA},
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
    fprintf(stderr, "psst export: -o FILE is required (-o - for standard output)\n"
                    "Try 'psst export --help'.\n");
    return EXIT_USAGE;
  }
  bool to_stdout = !strcmp(c->output, "-");
  if (c->format_name) {
    while (strcmp(formats[k].name, c->format_name))
      k++;
  } else {
    while (!to_stdout && k < NFORMATS && !ends_with(c->output, formats[k].ext))
      k++;
    if (to_stdout || k == NFORMATS) {
      fprintf(stderr,
              "psst export: --format csv, json, xlsx, sqlite or dta is required: '%s' does not "
              "say\nTry 'psst export --help'.\n",
              c->output);
      return EXIT_USAGE;
    }
  }
  enum psst_export_format fmt = formats[k].fmt;
  if (c->bom && fmt != PSST_EXPORT_CSV) {
    fprintf(stderr, "psst export: --bom is for CSV only: a %s file has no byte-order mark\n",
            formats[k].name);
    return EXIT_USAGE;
  }
  if (to_stdout && fmt != PSST_EXPORT_CSV && fmt != PSST_EXPORT_JSON && isatty(STDOUT_FILENO)) {
    fprintf(stderr,
            "psst export: a %s file is binary: redirect standard output to a file or a pipe, "
            "or give -o FILE\n",
            formats[k].name);
    return EXIT_USAGE;
  }
  int rc = cli_open(c);
  if (rc)
    return rc;
  long n;
  struct psst_table *t = NULL;
  struct psst_export_opts o = {.format = fmt,
                               .path = to_stdout ? NULL : c->output,
                               .stream = to_stdout ? stdout : NULL,
                               .bom = c->bom};
  /* counted first: a failure after the file is written would report an export that was made */
  if (count_sessions(c, &n, &t, &err) || psst_export_to(c->p, &c->filter, &o, &err)) {
    psst_table_free(t);
    return cli_fail(&err);
  }
  fprintf(stderr, "wrote %ld session%s to %s", n, n == 1 ? "" : "s",
          to_stdout ? "standard output" : c->output);
  /* a pipe or a device gets the sessions alone, written in place: no file beside it */
  struct stat st;
  bool regular = stat(c->output ? c->output : "", &st) != 0 || S_ISREG(st.st_mode);
  if (!to_stdout && regular && (fmt == PSST_EXPORT_CSV || fmt == PSST_EXPORT_DTA)) {
    /* the name psst_export gives the lecturers file */
    const char *ext = fmt == PSST_EXPORT_CSV ? ".csv" : ".dta";
    size_t len = strlen(c->output);
    int stem = (int)(ends_with(c->output, ext) ? len - 4 : len);
    fprintf(stderr, " and %.*s.lecturers%s", stem, c->output, ext);
  }
  fprintf(stderr, "\n");
  if (t->note)
    fprintf(stderr, "note: %s\n", t->note);
  psst_table_free(t);
  return EXIT_OK;
}
