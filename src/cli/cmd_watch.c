/*
 * cmd_watch.c: psst watch [--once] [--apply] [--review DIR] [--exec CMD] [--sources FILE]
 * [--source NAME] [--state FILE] [--days N] [--interval S] [--pause S] [--timeout S]
 * [--retries N] [--retry-wait S] [--max-bytes N] [--connect-to H:P:H2:P2] [--archive-dir DIR]
 *
 * Polls the official sites for new study-session readouts (docs/watch.md). With --once, one
 * poll and the exit status says what came of it: 0 something new (a session, or fields of
 * one), 1 nothing new, plus 4 when a page could not be read (so 4 or 5); 2 usage, 3 system
 * (the state or data could not be written). Without --once it polls every --interval
 * seconds until SIGINT or SIGTERM, then exits 0.
 */
#include "cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { EXIT_FAILED_PAGES = 4, DEFAULT_INTERVAL = 3600 };

static int once(struct cli *c, bool *new_found, bool *failed) {
  const struct cli_watch *w = &c->watch;
  struct psst_watch_opts o = {.sources = w->sources,
                              .state = w->state,
                              .review_dir = w->review,
                              .archive_dir = c->archive_dir,
                              .exec = w->exec,
                              .only = w->source,
                              .connect_to = w->connect_to,
                              .apply = c->apply,
                              .days = (int)(w->days > 0 ? w->days : 0),
                              .interval = w->pause,
                              .timeout = w->timeout > 0 ? w->timeout : 0,
                              .retries = (int)w->retries,
                              .retry_wait = w->retry_wait > 0 ? w->retry_wait : 0,
                              .max_bytes = w->max_bytes > 0 ? w->max_bytes : 0,
                              .log = stderr,
                              .out = stdout};
  struct psst_watch_result r;
  struct psst_error err = {0};
  int rc = cli_open(c);
  if (rc)
    return rc;
  if (psst_watch_once(c->p, &o, &r, &err))
    return cli_fail(&err);
  fprintf(stderr,
          "psst watch: %zu list page(s) read, %zu unchanged; %zu article(s) read, %zu "
          "readout(s); %zu proposed, %zu applied, %zu new session(s); %zu failed\n",
          r.pages, r.not_modified, r.articles, r.readouts, r.proposed, r.applied, r.new_sessions,
          r.failed);
  *new_found = r.proposed || r.applied || r.new_sessions;
  *failed = r.failed > 0;
  return EXIT_OK;
}

int cmd_watch(struct cli *c) {
  bool new_found = false, failed = false;
  if (c->watch.once) {
    int rc = once(c, &new_found, &failed);
    if (rc)
      return rc;
    return (new_found ? EXIT_OK : EXIT_FAIL) | (failed ? EXIT_FAILED_PAGES : 0);
  }
  /* a long-running watch: a signal ends the wait between polls, never a poll half done */
  sigset_t stop, old;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  sigprocmask(SIG_BLOCK, &stop, &old);
  double every = c->watch.interval > 0 ? c->watch.interval : DEFAULT_INTERVAL;
  int rc = EXIT_OK;
  for (;;) {
    rc = once(c, &new_found, &failed);
    if (rc == EXIT_SYSTEM || rc == EXIT_USAGE)
      break;
    /* the next poll reads the record as it is then (someone may have edited it) */
    psst_close(c->p);
    c->p = NULL;
    struct timespec ts = {(time_t)every, (long)((every - (double)(time_t)every) * 1e9)};
    int sig = sigtimedwait(&stop, NULL, &ts);
    if (sig == SIGINT || sig == SIGTERM) {
      fprintf(stderr, "psst watch: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
      rc = EXIT_OK;
      break;
    }
  }
  sigprocmask(SIG_SETMASK, &old, NULL);
  return rc;
}
