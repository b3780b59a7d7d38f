/*
 * mod_dta.h: the Stata writer of the psst-dta module (module.h), over ReadStat. The module
 * is psst's own code that needs the library throughout; it takes the table as text, so that
 * the core needs none of ReadStat's types and only `psst export --format dta` loads it.
 */
#ifndef PSST_MOD_DTA_H
#define PSST_MOD_DTA_H

#include "export_int.h"

struct ps_dta_table {
  const char *label; /* the dataset's label, at most 80 bytes */
  const struct ps_xcol *cols;
  size_t ncols, nrows;
  char *const *cells;       /* row-major text; NULL is a missing value */
  const char *const *notes; /* the dataset's notes (Stata's `notes`), in order */
  size_t n_notes;
};

/* Writes t to path (which exists, empty; messages call it name) as a Stata 14 file (.dta version
   118: UTF-8): text as str# (strL beyond 2045 bytes), PS_X_INT as long, PS_X_DATE as a long with
   format %td (days since 1960-01-01), each variable labelled. PSST_EIO, PSST_ENOMEM or PSST_EINVAL
   (a value Stata cannot hold) with err filled. The module's symbol: ps_mod_dta_write. */
typedef int (*ps_dta_write_fn)(const struct ps_dta_table *t, const char *path, const char *name,
                               struct psst_error *err);

#endif
