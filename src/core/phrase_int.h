/*
 * phrase_int.h: what the database build, psst check and the phrase queries share about
 * data/phrases.jsonl (phrase.c parses, checks and loads it; phrase_query.c reads it).
 */
#ifndef PS_PHRASE_INT_H
#define PS_PHRASE_INT_H

#include "internal.h"

/* The phrases file in the data folder: optional (absent, the record has no phrases). */
#define PS_PHRASES_FILE "phrases.jsonl"

/* The longest quotation, in characters: a sentence, never a copied paragraph. */
enum { PS_PHRASE_QUOTE_MAX = 120 };

/*
 * A line of phrases.jsonl into *ph (released by the caller with psst_phrase_release, also
 * on error): each field checked, problems to diags by file, line and field. sessions, when
 * not NULL, is the list of "term-number" ids of the record (n of them): a phrase's session
 * must be one. PSST_EDATA when the line has errors, PSST_ENOMEM.
 */
int ps_phrase_parse(const char *text, size_t len, const char *file, size_t line,
                    const struct ps_refdata *r, const char *const *sessions, size_t n_sessions,
                    struct psst_diags *diags, struct psst_phrase *ph);

/*
 * Every line of a phrases file checked, the sessions named checked against
 * sessions_path's records, and repeated ids or phrases reported at the later line.
 * fn, when given, gets each line that parsed without errors (with its line number).
 * Problems go to diags; the return is PSST_OK unless a file cannot be read (PSST_EIO) or
 * memory runs out.
 */
typedef int (*ps_phrase_fn)(void *ctx, const struct psst_phrase *ph, size_t line);
int ps_phrases_check(const char *path, const char *display_name, const char *sessions_path,
                     const struct ps_refdata *r, struct psst_diags *diags, size_t *n_phrases,
                     ps_phrase_fn fn, void *ctx, struct psst_error *err);

/*
 * Creates the phrases tables in db (inside the build's transaction) and loads
 * data_dir/phrases.jsonl into them when it exists, checked as psst check does; with
 * errors nothing is loaded and PSST_EDATA returned, as for sessions and documents.
 */
int ps_phrases_load(sqlite3 *db, const char *data_dir, const struct ps_refdata *ref,
                    struct psst_diags *diags, struct psst_error *err);

#endif
