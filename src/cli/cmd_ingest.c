/*
 * cmd_ingest.c: psst ingest FILE|- [--published DATE] [--url URL] [--set F=V]...
 * [--apply [--yes]] [--archive|--no-archive] [--batch]
 *
 * Shows the proposed record with, for each field, how it was read and the words of
 * the readout it came from, so that the analyst reviews a reading rather than
 * retyping a record. --apply adds it to the data file (after a yes, or with --yes).
 * --batch reads many readouts and writes one record a line (JSON Lines).
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int read_input(const char *name, char **out, size_t *len) {
  FILE *fp = strcmp(name, "-") ? fopen(name, "rb") : stdin;
  if (!fp) {
    fprintf(stderr, "psst ingest: %s: %s\n", name, strerror(errno));
    return EXIT_FAIL;
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
    n += got;
    if (n == cap) {
      char *b = realloc(buf, cap *= 2);
      if (!b) {
        free(buf);
        buf = NULL;
      }
      buf = b;
    }
  }
  int failed = !buf || ferror(fp);
  if (fp != stdin)
    fclose(fp);
  if (failed) {
    free(buf);
    fprintf(stderr, "psst ingest: %s: cannot read\n", name);
    return EXIT_SYSTEM;
  }
  *out = buf;
  *len = n;
  return EXIT_OK;
}

static void print_value(const struct psst_session *s, const char *field) {
  if (!strcmp(field, "term"))
    s->term ? printf("%d", s->term) : printf("?");
  else if (!strcmp(field, "number"))
    printf("%d", s->number);
  else if (!strcmp(field, "date"))
    printf("%s", s->date ? s->date : "?");
  else if (!strcmp(field, "leader"))
    printf("%s", s->leader);
  else if (!strcmp(field, "title_zh"))
    printf("%s", s->title_zh);
  else if (!strcmp(field, "format"))
    printf("%s", s->format ? s->format : "?");
  else if (!strcmp(field, "topic")) {
    printf("%s", s->topic ? s->topic : "?");
    for (size_t i = 0; i < s->n_topics; i++)
      printf("%s%s", i ? ", " : "  (secondary: ", s->topics[i]);
    if (s->n_topics)
      printf(")");
    for (size_t i = 0; i < s->n_tech; i++)
      printf("%s%s", i ? ", " : "  tech: ", s->tech[i]);
  }
}

static void show_human(const struct psst_proposal *pr, const char *name) {
  const struct psst_session *s = &pr->rec;
  char term[16] = "?";
  if (s->term)
    snprintf(term, sizeof term, "%d", s->term);
  printf("Proposed record %s-%d, read from %s (confidence %s%s):\n\n", term, s->number, name,
         s->confidence, pr->traditional ? "; converted from traditional characters" : "");
  for (size_t i = 0; i < pr->n_sources; i++) {
    const struct psst_field_source *f = &pr->sources[i];
    bool repeat = false;
    for (size_t j = 0; j < i && !repeat; j++)
      repeat = !strcmp(pr->sources[j].field, f->field);
    if (!repeat && strcmp(f->field, "lecturers") && strcmp(f->field, "speakers")) {
      printf("  %-10s ", f->field);
      print_value(s, f->field);
      printf("\n");
    } else if (!repeat) {
      printf("  %-10s\n", f->field);
    }
    printf("  %-10s   %s\n", "", f->how);
    if (f->excerpt)
      printf("  %-10s   \xC2\xAB%s\xC2\xBB\n", "", f->excerpt);
  }
  for (size_t i = 0; i < s->n_lecturers; i++)
    printf("  lecturer   %s  %s%s%s\n", s->lecturers[i].name_zh, s->lecturers[i].affiliation_zh,
           s->lecturers[i].name_en[0] ? "  = " : "", s->lecturers[i].name_en);
  for (size_t i = 0; i < s->n_speakers; i++)
    printf("  speaker    %s\n", s->speakers[i]);
  for (size_t i = 0; i < s->n_sources; i++)
    printf("  source     %s (%s, %s)\n", s->sources[i].url,
           s->sources[i].publisher ? s->sources[i].publisher : "?",
           s->sources[i].kind ? s->sources[i].kind : "?");
  if (pr->n_missing) {
    printf("\nnot read (give with --set FIELD=VALUE to apply):");
    for (size_t i = 0; i < pr->n_missing; i++)
      printf(" %s", pr->missing[i]);
    printf("\n");
  }
  if (pr->n_warnings) {
    printf("\nto review:\n");
    for (size_t i = 0; i < pr->n_warnings; i++)
      printf("  - %s\n", pr->warnings[i]);
  }
  char *line = NULL;
  struct psst_error err = {0};
  if (!psst_session_to_json(s, &line, &err)) {
    printf("\nthe record as it would be written:\n%s\n", line);
    free(line);
  }
}

/* Appends s as a JSON string (only for this command's own JSON view). */
static void json_str(const char *s) {
  putchar('"');
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    if (*p == '"' || *p == '\\')
      printf("\\%c", *p);
    else if (*p < 0x20)
      printf("\\u%04x", *p);
    else
      putchar(*p);
  }
  putchar('"');
}

static void show_json(const struct psst_proposal *pr) {
  char *line = NULL;
  struct psst_error err = {0};
  if (psst_session_to_json(&pr->rec, &line, &err))
    return;
  printf("{\"record\": %s, \"read\": [", line);
  free(line);
  for (size_t i = 0; i < pr->n_sources; i++) {
    printf("%s{\"field\": ", i ? ", " : "");
    json_str(pr->sources[i].field);
    printf(", \"how\": ");
    json_str(pr->sources[i].how);
    printf(", \"excerpt\": ");
    pr->sources[i].excerpt ? json_str(pr->sources[i].excerpt) : (void)printf("null");
    printf("}");
  }
  printf("], \"missing\": [");
  for (size_t i = 0; i < pr->n_missing; i++)
    printf("%s", i ? ", " : ""), json_str(pr->missing[i]);
  printf("], \"warnings\": [");
  for (size_t i = 0; i < pr->n_warnings; i++)
    printf("%s", i ? ", " : ""), json_str(pr->warnings[i]);
  printf("], \"traditional\": %s}\n", pr->traditional ? "true" : "false");
}

/* The field a --set names, in the spelling of the missing list. */
static bool set_covers(const struct cli *c, const char *field) {
  for (int i = 0; i < c->n_sets; i++) {
    const char *eq = strchr(c->sets[i], '=');
    size_t n = eq ? (size_t)(eq - c->sets[i]) : strlen(c->sets[i]);
    char key[32];
    snprintf(key, sizeof key, "%.*s", (int)n, c->sets[i]);
    if (!strcmp(key, "lecturer"))
      snprintf(key, sizeof key, "lecturers");
    if (!strcmp(key, "speaker"))
      snprintf(key, sizeof key, "speakers");
    if (!strcmp(key, field) && eq && eq[1])
      return true;
  }
  return false;
}

static bool confirm(void) {
  FILE *tty = fopen("/dev/tty", "r+");
  if (!tty)
    return false;
  fprintf(tty, "Add this record to the data file? [y/N] ");
  fflush(tty);
  char ans[16] = "";
  bool yes = fgets(ans, sizeof ans, tty) && (ans[0] == 'y' || ans[0] == 'Y');
  fclose(tty);
  return yes;
}

static int batch(struct cli *c) {
  int failed = 0;
  long n_ok = 0;
  for (int a = 0; a < c->argc; a++) {
    char *text;
    size_t len;
    int rc = read_input(c->argv[a], &text, &len);
    if (rc)
      return rc;
    /* readouts in one file are separated by form feeds */
    size_t k = 0;
    for (size_t start = 0; start < len || (start == 0 && len == 0);) {
      const char *ff = memchr(text + start, '\f', len - start);
      size_t end = ff ? (size_t)(ff - text) : len;
      k++;
      struct psst_proposal pr = {0};
      struct psst_error err = {0};
      struct psst_ingest_opts o = {.published = c->published, .url = c->url};
      bool blank = true;
      for (size_t i = start; i < end && blank; i++)
        blank = text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t';
      if (!blank) {
        if (psst_ingest(c->p, text + start, end - start, &o, &pr, &err)) {
          fprintf(stderr, "psst ingest: %s: readout %zu: %s\n", c->argv[a], k, err.msg);
          failed++;
        } else {
          char *line = NULL;
          if (!psst_session_to_json(&pr.rec, &line, &err)) {
            fputs(line, stdout);
            putchar('\n');
            free(line);
            n_ok++;
          }
        }
      }
      psst_proposal_release(&pr);
      if (!ff)
        break;
      start = end + 1;
    }
    free(text);
  }
  fprintf(stderr, "psst ingest: %ld record(s) read, %d readout(s) refused\n", n_ok, failed);
  return failed ? EXIT_FAIL : EXIT_OK;
}

int cmd_ingest(struct cli *c) {
  if (c->format == PS_OUT_CSV) {
    fprintf(stderr, "psst ingest: --format: a proposed record is shown as a table or as JSON\n"
                    "Try 'psst ingest --help'.\n");
    return EXIT_USAGE;
  }
  int rc = cli_open(c);
  if (rc)
    return rc;
  if (c->batch) {
    if (c->apply || c->n_sets) {
      fprintf(stderr, "psst ingest: --batch proposes records only; apply them one by one\n");
      return EXIT_USAGE;
    }
    return batch(c);
  }
  if (c->argc != 1) {
    fprintf(stderr, "psst ingest: one readout at a time (or --batch)\n");
    return EXIT_USAGE;
  }
  const char *name = c->argv[0];
  char *text;
  size_t len;
  if ((rc = read_input(name, &text, &len)))
    return rc;
  struct psst_proposal pr = {0};
  struct psst_error err = {0};
  struct psst_ingest_opts o = {.published = c->published, .url = c->url};
  if (psst_ingest(c->p, text, len, &o, &pr, &err)) {
    fprintf(stderr, "psst ingest: %s: %s\n", strcmp(name, "-") ? name : "(standard input)",
            err.msg);
    free(text);
    psst_proposal_release(&pr);
    return err.status == PSST_ENOMEM || err.status == PSST_EIO ? EXIT_SYSTEM : EXIT_FAIL;
  }
  for (int i = 0; i < c->n_sets && rc == EXIT_OK; i++)
    if (psst_session_set(c->p, &pr.rec, c->sets[i], &err)) {
      fprintf(stderr, "psst ingest: --set %s\n", err.msg);
      rc = EXIT_USAGE;
    }
  if (rc == EXIT_OK) {
    if (c->format == PS_OUT_JSON)
      show_json(&pr);
    else
      show_human(&pr, strcmp(name, "-") ? name : "standard input");
    fflush(stdout);
  }
  bool archive = c->archive == 1 || (c->archive == -1 && c->apply);
  if (rc == EXIT_OK && c->apply) {
    /* fields the readout did not give must come from --set */
    bool blocked = false;
    for (size_t i = 0; i < pr.n_missing; i++)
      if (!set_covers(c, pr.missing[i])) {
        if (!blocked)
          fprintf(stderr, "psst ingest: not applied: these fields could not be read:");
        fprintf(stderr, " %s", pr.missing[i]);
        blocked = true;
      }
    if (blocked) {
      fprintf(stderr, "\ngive them with --set FIELD=VALUE and run again\n");
      rc = EXIT_FAIL;
    } else if (!c->yes && !confirm()) {
      fprintf(stderr, "psst ingest: not applied (answer y, or give --yes)\n");
      rc = EXIT_FAIL;
    } else {
      struct psst_diags d = {0};
      if (psst_add(c->p, &pr.rec, &d, &err)) {
        for (size_t i = 0; i < d.n; i++)
          if (d.v[i].severity == PSST_ERROR)
            cli_print_diag(stderr, &d.v[i]);
        fprintf(stderr, "psst ingest: %s\n", err.msg);
        rc = err.status == PSST_EDATA ? EXIT_FAIL : EXIT_SYSTEM;
        archive = archive && c->archive == 1;
      } else {
        fprintf(stderr, "psst ingest: added %d-%d to the data file; the database is rebuilt\n",
                pr.rec.term, pr.rec.number);
      }
      psst_diags_release(&d);
    }
    if (rc)
      archive = archive && c->archive == 1;
  }
  if (archive && (rc == EXIT_OK || c->archive == 1)) {
    char *dir = c->archive_dir ? NULL : psst_archive_default_dir(c->p);
    char sha[65], id[32];
    snprintf(id, sizeof id, "%d-%d", pr.rec.term, pr.rec.number);
    struct psst_error aerr = {0};
    if (psst_archive_put(c->archive_dir ? c->archive_dir : dir, text, len, c->url, id, sha,
                         &aerr)) {
      fprintf(stderr, "psst ingest: %s\n", aerr.msg);
      if (rc == EXIT_OK)
        rc = EXIT_SYSTEM;
    } else {
      fprintf(stderr, "psst ingest: archived as %s/%s.txt\n", c->archive_dir ? c->archive_dir : dir,
              sha);
    }
    free(dir);
  }
  free(text);
  psst_proposal_release(&pr);
  return rc;
}
