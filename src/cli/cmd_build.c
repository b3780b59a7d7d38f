/* cmd_build.c: psst build: (re)build the database now and say what it holds. */
#include "cli.h"

#include <time.h>

int cmd_build(struct cli *c) {
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int rc = cli_open(c);
  if (rc)
    return rc;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  char as_of[16];
  long n = 0;
  struct psst_error err = {0};
  double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  /* the database is built and in place: a count that fails now does not undo that */
  if (psst_summary(c->p, as_of, sizeof as_of, &n, &err)) {
    printf("database ready in %.2f s\n", secs);
    fprintf(stderr, "psst: the database is built; counting what it holds failed: %s\n",
            err.msg[0] ? err.msg : psst_strerror(err.status));
    return EXIT_OK;
  }
  printf("%ld sessions, data as of %s, database ready in %.2f s\n", n, as_of[0] ? as_of : "-",
         secs);
  return EXIT_OK;
}
