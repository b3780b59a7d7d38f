/* testutil.h: what the core unit tests share: the project's reference files, loaded once. */
#ifndef PSST_TESTUTIL_H
#define PSST_TESTUTIL_H

#include "internal.h"

static struct ps_refdata ref;

static int setup(void **state) {
  (void)state;
  struct psst_diags d = {0};
  int rc = ps_refdata_load(&ref, PSST_SOURCE_DIR "/data", &d, NULL);
  psst_diags_release(&d);
  return rc;
}

static int teardown(void **state) {
  (void)state;
  ps_refdata_release(&ref);
  return 0;
}

#endif
