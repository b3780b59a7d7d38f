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
  if (psst_summary(c->p, as_of, sizeof as_of, &n, &err))
    return cli_fail(&err);
  printf("%ld sessions, data as of %s, database ready in %.2f s\n", n, as_of[0] ? as_of : "-",
         (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
  return EXIT_OK;
}
