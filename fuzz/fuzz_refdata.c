/*
 * fuzz_refdata.c: libFuzzer target for the packed reference data read back from a
 * database (src/core/refdata_pack.c): a damaged or foreign database's text must be
 * refused or read whole, within its bounds, without leaks.
 */
#include "internal.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct ps_refdata r;
  if (ps_refdata_unpack((const char *)data, size, &r) == PSST_OK) {
    /* what was read packs again */
    struct ps_buf b = {0};
    if (ps_refdata_pack(&r, &b))
      __builtin_trap();
    ps_buf_release(&b);
    ps_refdata_release(&r);
  }
  return 0;
}
