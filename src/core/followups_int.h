/*
 * followups_int.h: what the database build and the follow-up queries share about the
 * documents tables (followups_build.c loads them, followups.c reads them).
 */
#ifndef PS_FOLLOWUPS_INT_H
#define PS_FOLLOWUPS_INT_H

#include "internal.h"

/* The documents file in the data folder: optional (absent, the record has no documents). */
#define PS_DOCUMENTS_FILE "documents.jsonl"

/*
 * Creates the documents tables in db (inside the build's transaction) and loads
 * data_dir/documents.jsonl into them when it exists: every line checked as psst check
 * does (ps_documents_check: problems to diags), and with errors nothing is loaded and
 * PSST_EDATA returned, so that a build refuses documents with errors as it refuses sessions.
 */
int ps_documents_load(sqlite3 *db, const char *data_dir, const struct ps_refdata *ref,
                      struct psst_diags *diags, struct psst_error *err);

#endif
