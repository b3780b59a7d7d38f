/*
 * cmd_add.c: psst add FIELD=VALUE... [--set FIELD=VALUE]... [--url URL]: a session
 * from its fields, for when there is no readout to read (or it is a scan). The
 * same validation and the same atomic write as psst ingest --apply.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cmd_add(struct cli *c) {
  int rc = cli_open(c);
  if (rc)
    return rc;
  struct psst_session s = {0};
  struct psst_error err = {0};
  /* what a hand-made record starts from: unknown values, low confidence */
  static const char *const start[] = {"leader=", "title_zh=", "title_en=", "confidence=low",
                                      "notes="};
  for (size_t i = 0; i < sizeof start / sizeof *start && rc == EXIT_OK; i++)
    if (psst_session_set(c->p, &s, start[i], &err))
      rc = cli_fail(&err);
  bool leader_given = false;
  for (int i = 0; i < c->argc + c->n_sets && rc == EXIT_OK; i++) {
    const char *a = i < c->argc ? c->argv[i] : c->sets[i - c->argc];
    leader_given |= !strncmp(a, "leader=", 7);
    if (psst_session_set(c->p, &s, a, &err)) {
      fprintf(stderr, "psst add: %s\nTry 'psst add --help'.\n", err.msg);
      rc = EXIT_USAGE;
    }
  }
  /* the address the fields were read at supports every field given by hand; its
     publisher and kind come from the address (a --set source=URL|publisher|kind|date|fields
     says them itself) */
  if (rc == EXIT_OK && c->url && psst_session_set(c->p, &s, "source=", &err) == PSST_OK) {
    size_t n = strlen(c->url) + 128;
    char *kv = malloc(n);
    if (!kv)
      rc = EXIT_SYSTEM;
    else {
      snprintf(kv, n, "source=%s|||%s|%s%s%s%s%s", c->url, "", s.date ? "date;" : "", "number",
               s.title_zh && *s.title_zh ? ";title_zh" : "", s.format ? ";format" : "",
               s.n_lecturers  ? ";lecturers"
               : s.n_speakers ? ";speakers"
                              : "");
      if (psst_session_set(c->p, &s, kv, &err))
        rc = cli_fail(&err);
      free(kv);
    }
  }
  if (rc == EXIT_OK && (!s.term || !s.number)) {
    fprintf(stderr, "psst add: term=N and number=N are needed\nTry 'psst add --help'.\n");
    rc = EXIT_USAGE;
  }
  /* the presiding General Secretary follows from the term */
  if (rc == EXIT_OK && !leader_given) {
    char kv[128];
    const char *name = psst_term_leader(c->p, s.term);
    if (name) {
      snprintf(kv, sizeof kv, "leader=%s", name);
      psst_session_set(c->p, &s, kv, &err);
    }
  }
  if (rc == EXIT_OK) {
    struct psst_diags d = {0};
    if (psst_add(c->p, &s, &d, &err)) {
      for (size_t i = 0; i < d.n; i++)
        if (d.v[i].severity == PSST_ERROR)
          cli_print_diag(stderr, &d.v[i]);
      fprintf(stderr, "psst add: %s\n", err.msg);
      rc = err.status == PSST_EDATA ? EXIT_FAIL : EXIT_SYSTEM;
    } else {
      /* the record as it was written, with the days psst_add gave it */
      struct psst_session written;
      char *line = NULL;
      if (!psst_show(c->p, s.term, s.number, &written, &line, &err)) {
        printf("%s\n", line);
        free(line);
        psst_session_release(&written);
      }
      fprintf(stderr, "psst add: added %d-%d to the data file; the database is rebuilt\n", s.term,
              s.number);
    }
    psst_diags_release(&d);
  }
  psst_session_release(&s);
  return rc;
}
