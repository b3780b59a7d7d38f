/*
 * fuzz_loader.c: libFuzzer target for the sessions.jsonl loader: the UTF-8 check,
 * the JSON parse, every field check and the checks across records, on any bytes.
 * The reference files are the project's own, loaded once.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ps_refdata ref;
static int loaded;

/* A record accepted without errors must write back to JSON that parses to the same record. */
static int round_trip(void *ctx, const struct psst_session *s, const char *text, size_t len,
                      size_t line) {
  (void)text, (void)len;
  struct ps_buf a = {0}, b = {0};
  struct psst_session again = {0};
  struct psst_diags d = {.errors_only = true};
  if (ps_record_to_json(s, &a) == PSST_OK) {
    int rc = ps_record_parse(a.s, a.len, "fuzz", line, &ref, &again, &d);
    if (rc == PSST_EDATA)
      abort();
    if (rc == PSST_OK && ps_record_to_json(&again, &b) == PSST_OK && strcmp(a.s, b.s))
      abort();
  }
  psst_session_release(&again);
  psst_diags_release(&d);
  ps_buf_release(&a);
  ps_buf_release(&b);
  ++*(size_t *)ctx;
  return PSST_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!loaded) {
    struct psst_diags d = {0};
    if (ps_refdata_load(&ref, PSST_SOURCE_DIR "/data", &d, NULL))
      abort();
    psst_diags_release(&d);
    loaded = 1;
  }
  FILE *fp = fmemopen((void *)data, size ? size : 1, "rb");
  if (!fp)
    return 0;
  if (!size)
    fgetc(fp); /* fmemopen cannot open an empty buffer: read its one byte away */
  struct psst_diags d = {0};
  size_t good = 0;
  int rc = ps_scan_stream(fp, "fuzz", &ref, &d, round_trip, &good, NULL);
  if (rc != PSST_OK && rc != PSST_ENOMEM && rc != PSST_EIO)
    abort();
  fclose(fp);
  psst_diags_release(&d);
  return 0;
}
