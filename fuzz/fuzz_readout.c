/*
 * fuzz_readout.c: libFuzzer target for the readout parser: the UTF-8 and binary
 * checks, HTML stripping, the character pass, the traditional-to-simplified
 * conversion and every reading of the formula, on any bytes. The first byte picks
 * whether a publication date is given, so that the dating code runs too. Whatever
 * the input, the parse either refuses it with a message or gives a record that
 * writes back to a well-formed data line.
 */
#include "internal.h"
#include "readout.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ps_refdata ref;
static int loaded;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!loaded) {
    struct psst_diags d = {0};
    if (ps_refdata_load(&ref, PSST_SOURCE_DIR "/data", &d, NULL))
      abort();
    psst_diags_release(&d);
    loaded = 1;
  }
  struct psst_ingest_opts o = {.url = "https://example.org/"};
  if (size && data[0] == '#') {
    static const char *const days[] = {"2005-05-27", "2013-01-01", "2026-01-29"};
    o.published = days[size % 3];
    data++, size--;
  }
  struct ps_ingest_ctx ctx = {.ref = &ref};
  struct psst_proposal pr = {0};
  struct psst_error err = {0};
  int rc = ps_readout_parse(&ctx, (const char *)data, size, &o, &pr, &err);
  if (rc == PSST_OK) {
    struct ps_buf b = {0};
    struct psst_session again = {0};
    struct psst_diags d = {.errors_only = true};
    if (ps_record_to_json(&pr.rec, &b) == PSST_OK) {
      /* a proposed record is a well-formed line; codes and dates may still be
       * checked out (a term not in terms.json), but never the JSON */
      int prc = ps_record_parse(b.s, b.len, "fuzz", 1, &ref, &again, &d);
      if (prc != PSST_OK && prc != PSST_EDATA)
        abort();
      for (size_t i = 0; i < d.n; i++)
        if (!strcmp(d.v[i].kind, "bad-json") || !strcmp(d.v[i].kind, "bad-utf8"))
          abort();
    }
    psst_session_release(&again);
    psst_diags_release(&d);
    ps_buf_release(&b);
  } else if (!err.msg[0]) {
    abort(); /* every refusal says why */
  }
  psst_proposal_release(&pr);
  return 0;
}
