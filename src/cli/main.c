/*
 * main.c: the psst command: global options, then one command from the table below.
 * Each command lives in its own cmd_*.c file; this file only dispatches and checks
 * that the output reached its destination.
 */
#include "cli.h"
#include "suggest.h"

#include <stdlib.h>
#include <string.h>

static const struct cli_command commands[] = {
    {"add", cmd_add, O_SET, 0, -1, "[FIELD=VALUE...]",
     "Add a session from its fields (as for --set), validated and written atomically.", NULL},
    {"archive", cmd_archive, O_FORMAT | O_ARCHIVEDIR, 0, 0, NULL,
     "List the archived readouts and verify each against its SHA-256.", NULL},
    {"build", cmd_build, O_FORCE, 0, 0, NULL,
     "Build the database from the data files (done automatically when they change).", NULL},
    {"chart", cmd_chart, O_FILTER | O_LANG | O_LIMIT | O_OUTPUT | O_CHARTOPT, 1, 1, "TYPE",
     "Draw a chart (topics-by-year, tech-timeline, institutions, by-leader, cadence, "
     "session-timeline, followups) to -o FILE.svg, .png or .pdf.",
     NULL},
    {"check", cmd_check, O_STRICT | O_FORMAT, 0, 0, NULL,
     "Validate the data files: every problem as file:line: field: reason; exit 1 on errors.", NULL},
    {"cite", cmd_cite, O_STYLE, 0, 1, "[ID]",
     "Cite a session's readout and the dataset, or the dataset alone (text, BibTeX, CSL-JSON, "
     "RIS, CFF).",
     "styles (--style): text (the default), bibtex, csl-json, ris, and cff: the dataset alone as\n"
     "CITATION.cff. The dataset is cited at the version of the newest dated entry of the data\n"
     "folder's CHANGELOG.md, as dataset.json describes it; a session by the source its date and\n"
     "subject were read from (publisher, date, address).\n"},
    {"classify", cmd_classify, O_CLASSIFY | O_FORMAT | O_LANG, 0, 1, "TITLE_ZH",
     "Suggest a topic and tags for a subject, or --evaluate the suggestions on the record.", NULL},
    {"compare", cmd_compare, O_BYERA | O_FORMAT | O_LANG, 0, 0, NULL,
     "Compare leaders or terms (--by leader|term): pace, technologies, topic shares.", NULL},
    {"export", cmd_export, O_FILTER | O_XFORMAT | O_OUTPUT, 0, 0, NULL,
     "Write the sessions to -o FILE as CSV (with a lecturers file), JSON, XLSX, SQLite or "
     "Stata (.dta).",
     NULL},
    {"findings", cmd_findings, O_LANG | O_OUTPUT, 0, 0, NULL,
     "Check the founding article's claims against the record: Markdown, or -o FILE.html.", NULL},
    {"followups", cmd_followups, O_FOLLOWUPS | O_FORMAT | O_LANG, 0, 1, "[ID]",
     "The documents that followed a session (lag in days), or a tag's per quarter around its "
     "sessions.",
     NULL},
    {"ingest", cmd_ingest, O_INGEST | O_ARCHIVEDIR | O_FORMAT, 1, -1, "FILE|-",
     "Read a readout into a proposed record, each field with its words; --apply adds it.", NULL},
    {"institutions", cmd_institutions, O_FILTER | O_FORMAT | O_LANG | O_LIMIT, 0, 0, NULL,
     "Institutions ranked by the sessions their experts lectured at.", NULL},
    {"lecturers", cmd_lecturers, O_FILTER | O_FORMAT | O_LANG | O_LIMIT, 0, 0, NULL,
     "Lecturers ranked by the sessions they lectured at, with the sessions.", NULL},
    {"list", cmd_list, O_FILTER | O_FORMAT | O_LANG | O_LIMIT, 0, 0, NULL,
     "List sessions, filtered, in date order.", NULL},
    {"overview", cmd_overview, O_LANG, 0, 0, NULL,
     "Sessions per year with their topics, and the technology timeline.", NULL},
    {"phrases", cmd_phrases, O_PHRASES | O_ARCHIVEDIR | O_FORMAT | O_LANG, 0, 1, "[PHRASE]",
     "Phrases said at the sessions: where each first appears in documents' titles (lag in days).",
     NULL},
    {"scan", cmd_scan, O_SCAN | O_ARCHIVEDIR | O_FORMAT, 1, -1, "PATH...",
     "Find the readouts in a news archive and reconcile them with the record (exit 1: a "
     "disagreement; +4: something skipped).",
     NULL},
    {"search", cmd_search, O_FILTER | O_FORMAT | O_LANG | O_LIMIT | O_EXPLAIN, 1, -1, "QUERY...",
     "Full-text search in Chinese or English, ranked, with the matched snippet.",
     "query syntax:\n"
     "  区块链 blockchain       both words (implicit AND)\n"
     "  \"rule of law\"          a phrase\n"
     "  量子 OR quantum         either\n"
     "  ai -military           without (also: ai NOT military)\n"
     "  title:量子              in one field: title:, lecturer:, institution:, note:, tag:\n"
     "  techno*                words that start so\n"
     "  ( ... )                grouping: (量子 OR quantum) -military\n"
     "Each word is also found as what it may mean: traditional characters (區塊鏈), pinyin\n"
     "of titles and names (qukuailian, qu kuai lian, qūkuàiliàn), their initials (qkl),\n"
     "English word forms (technologies finds technology) and the codebook's synonyms (AI,\n"
     "artificial intelligence, 人工智能). Titles and lecturers rank above notes. A malformed\n"
     "query is a usage error (exit 2); no match exits 1 with a suggestion when one is near.\n"
     "More: docs/search.md.\n"},
    {"serve", cmd_serve, O_SERVE, 0, 0, NULL,
     "Serve the web view and the JSON API (--host 127.0.0.1 --port 8080), read-only.", NULL},
    {"show", cmd_show, O_FORMAT | O_LANG, 1, 1, "ID",
     "Show one session (ID is term-number, e.g. 19-18) with every field and its sources.", NULL},
    {"stats", cmd_stats, O_FILTER | O_FORMAT | O_LANG | O_BY | O_CHART, 0, 0, NULL,
     "Count sessions by one or two dimensions (--by year,topic: the leading chart's table).", NULL},
    {"timeline", cmd_timeline, O_FORMAT | O_LANG, 0, 0, NULL,
     "The technology timeline: the first session on each technology, then every later one.", NULL},
    {"watch", cmd_watch, O_WATCH | O_ARCHIVEDIR, 0, 0, NULL,
     "Poll the official sites for new readouts; propose them, or --apply them (exit 0 new, "
     "1 nothing new, +4 a page failed).",
     NULL},
};
enum { NCOMMANDS = sizeof commands / sizeof *commands };

const struct cli_command *cli_commands(size_t *n) {
  *n = NCOMMANDS;
  return commands;
}

static const struct cli_command *find_command(const char *name) {
  for (int k = 0; k < NCOMMANDS; k++)
    if (!strcmp(commands[k].name, name))
      return &commands[k];
  return NULL;
}

/* An unknown command, with the nearest one (help included) when one is near. */
static int unknown_command(const char *name) {
  const char *known[NCOMMANDS + 1];
  for (int k = 0; k < NCOMMANDS; k++)
    known[k] = commands[k].name;
  known[NCOMMANDS] = "help";
  const char *near = ps_cli_suggest(name, known, NCOMMANDS + 1);
  fprintf(stderr, "psst: '%s' is not a psst command", name);
  if (near)
    fprintf(stderr, "; did you mean '%s'?", near);
  fprintf(stderr, "\nTry 'psst help'.\n");
  return EXIT_USAGE;
}

static void usage(FILE *fp) {
  fprintf(fp, "usage: psst [--data DIR] [--db FILE] COMMAND [options]\n\n"
              "psst, the Party Study Session Tracker: the sourced record of the CCP Politburo's\n"
              "collective study sessions, 2002 to today.\n\ncommands:\n");
  for (int i = 0; i < NCOMMANDS; i++)
    fprintf(fp, "  %-14s %s\n", commands[i].name, commands[i].summary);
  fprintf(fp, "\n'psst help COMMAND' (or 'psst COMMAND --help') shows a command's options;\n"
              "'psst --version' prints the version; 'man psst' has every command.\n\n"
              "Exit codes: 0 ok; 1 not found, no match or check failed; 2 usage error;\n"
              "3 system error. A query that selects nothing (list, search, lecturers,\n"
              "institutions, stats) exits 1, as grep does, after printing the empty result.\n");
}

int main(int argc, char **argv) {
  struct cli c = {.format = PS_OUT_TABLE};
  int i = 1;
  /* global options before the command */
  for (; i < argc && argv[i][0] == '-'; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--version")) {
      printf("psst %s\n", PSST_VERSION);
      return fclose(stdout) ? EXIT_SYSTEM : EXIT_OK;
    } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      return fclose(stdout) ? EXIT_SYSTEM : EXIT_OK;
    } else if ((!strcmp(a, "--data") || !strcmp(a, "--db")) && i + 1 < argc) {
      *(a[2] == 'd' && a[3] == 'a' ? &c.data_dir : &c.db_path) = argv[++i];
    } else if (!strncmp(a, "--data=", 7)) {
      c.data_dir = a + 7;
    } else if (!strncmp(a, "--db=", 5)) {
      c.db_path = a + 5;
    } else {
      static const char *const globals[] = {"--data", "--db", "--help", "--version"};
      const char *near = ps_cli_suggest(a, globals, 4);
      fprintf(stderr, "psst: unknown option '%s'", a);
      if (near)
        fprintf(stderr, "; did you mean '%s'?", near);
      fprintf(stderr, "\nTry 'psst --help'.\n");
      return EXIT_USAGE;
    }
  }
  if (i == argc) {
    usage(stderr);
    return EXIT_USAGE;
  }
  /* psst help [COMMAND], as git help: the same text as --help */
  if (!strcmp(argv[i], "help")) {
    if (i + 2 < argc) {
      fprintf(stderr, "psst help: one command at most\nTry 'psst help'.\n");
      return EXIT_USAGE;
    }
    if (i + 1 == argc) {
      usage(stdout);
    } else if (!(c.cmd = find_command(argv[i + 1]))) {
      return unknown_command(argv[i + 1]);
    } else {
      cli_usage(stdout, c.cmd);
    }
    return fclose(stdout) ? EXIT_SYSTEM : EXIT_OK;
  }
  /* hidden: what the man page and the completion scripts are generated from, and the
     values completion asks for as it completes (so that they follow the data) */
  if (!strcmp(argv[i], "__man") && i + 1 == argc) {
    int rc = cli_man(stdout) ? EXIT_SYSTEM : EXIT_OK;
    return fclose(stdout) || rc ? EXIT_SYSTEM : EXIT_OK;
  }
  if (!strcmp(argv[i], "__completion") && i + 2 == argc) {
    if (cli_completion(stdout, argv[i + 1])) {
      fprintf(stderr, "psst: no completion for '%s' (bash, zsh)\n", argv[i + 1]);
      return EXIT_USAGE;
    }
    return fclose(stdout) ? EXIT_SYSTEM : EXIT_OK;
  }
  if (!strcmp(argv[i], "__complete") && i + 2 <= argc && i + 3 >= argc) {
    int rc = cli_complete(&c, argv[i + 1], i + 2 < argc ? argv[i + 2] : NULL);
    psst_close(c.p);
    return fclose(stdout) && !rc ? EXIT_SYSTEM : rc;
  }
  if (!(c.cmd = find_command(argv[i])))
    return unknown_command(argv[i]);
  int help;
  int rc = cli_parse(&c, argc - i - 1, argv + i + 1, &help);
  /* cli_parse ends in EXIT_SYSTEM only when it cannot allocate, and says nothing then */
  if (rc == EXIT_SYSTEM)
    fprintf(stderr, "psst: out of memory\n");
  if (rc == EXIT_OK && help) {
    cli_usage(stdout, c.cmd);
  } else if (rc == EXIT_OK) {
    rc = c.cmd->fn(&c);
  }
  psst_close(c.p);
  free(c.argv);
  free(c.sets);
  /* a full disk or a closed pipe must not end in exit 0 */
  if (fflush(stdout) || ferror(stdout) || fclose(stdout)) {
    if (rc == EXIT_OK) {
      fprintf(stderr, "psst: writing the output failed\n");
      rc = EXIT_SYSTEM;
    }
  }
  return rc;
}
