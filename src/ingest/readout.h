/*
 * readout.h: reading a study session's official readout into a proposed record.
 *
 * The parser works on the text alone; what the database knows (the neighbouring
 * sessions that date a readout without a year, the names of lecturers seen before)
 * comes through `struct ps_ingest_ctx`, so that the fuzz target and the unit tests
 * can run it without a database.
 */
#ifndef PSST_READOUT_H
#define PSST_READOUT_H

#include "internal.h"

/* What the record already holds, for dating and for names. Any member may be NULL. */
enum { PS_ST_LECTURER, PS_ST_COUNT };

/*
 * What the parser looks up for every readout, read from the database once: the
 * Chinese names of lecturers seen before (sorted, for names) and every session's
 * term, number and date (sorted, for dating and the numbering checks).
 */
struct ps_ingest_index {
  char **names;
  size_t n_names;
  struct ps_key *keys;
  char **titles; /* title_zh of keys[i] ("" when none) */
  size_t n_keys;
};

int ps_ingest_index_load(sqlite3 *db, struct ps_ingest_index *ix);
void ps_ingest_index_release(struct ps_ingest_index *ix);

struct ps_ingest_ctx {
  const struct ps_refdata *ref;
  sqlite3 *db;                        /* the built database, or NULL */
  const struct ps_ingest_index *ix;   /* what the database knows, or NULL */
  const struct ps_classifier *classy; /* topic suggestion, or NULL */
  /* statements prepared once for a batch (psst keeps them with the handle); NULL
   * slots are prepared for the call and finalized after it */
  sqlite3_stmt **st;
};

/* The parser's queries, by PS_ST_*. */
extern const char *const ps_ingest_sql[PS_ST_COUNT];

/*
 * Turns raw input into the text the parser reads: checks UTF-8 (refusing binary
 * input), strips HTML tags and decodes entities when the input is HTML, maps
 * full-width digits and letters to ASCII and ASCII punctuation between Chinese
 * characters to the full-width forms, drops zero-width and stray control
 * characters and the spaces and line breaks between Chinese characters, and
 * converts traditional characters to simplified (OpenCC) when the text is in
 * traditional characters. *traditional tells whether it was.
 */
int ps_readout_normalize(const char *in, size_t len, struct ps_buf *out, bool *traditional,
                         struct psst_error *err);

/* Parses "四十四", "十八", "二十三", "35", "３５" (after normalizing); -1 when not a number. */
long ps_cn_number(const char *s, size_t len);

/*
 * The whole reading: normalize, find the formula's parts, date, suggest codes.
 * out is zeroed by the caller and released with psst_proposal_release.
 * PSST_EINVAL with a message for input that is not a readout (the message names
 * what is missing), PSST_EDATA when the readout contradicts the record.
 */
int ps_readout_parse(const struct ps_ingest_ctx *ctx, const char *text, size_t len,
                     const struct psst_ingest_opts *o, struct psst_proposal *out,
                     struct psst_error *err);

#endif
