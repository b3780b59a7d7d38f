/*
 * cite.h: what cite.c (a session's citation, the styles' escaping) and cite_dataset.c (the
 * dataset's description and its entry in each style) share.
 */
#ifndef PSST_CITE_H
#define PSST_CITE_H

#include "internal.h"

/*
 * The dataset as a citable work: data/dataset.json (who made it, who publishes it, under
 * which licence) and the version, the date of the newest dated entry of data/CHANGELOG.md.
 * A field the data folder does not give is NULL (or "" for the version): every style then
 * leaves it out.
 */
struct ps_dataset {
  char *title;    /* never NULL: dataset.json's, else the built-in title */
  char **authors; /* names of entities (a group, an organisation), never invented persons */
  size_t n_authors;
  char *publisher;
  char *url;          /* NULL when dataset.json gives none or "" */
  char *licence;      /* SPDX identifier, "CC-BY-4.0" */
  char *licence_name; /* as people write it, "CC BY 4.0" */
  char *licence_url;
  char version[11]; /* YYYY-MM-DD, "" without a dated CHANGELOG entry */
  int y, m, d;      /* the version's date; 0 without one */
};

/*
 * Reads data_dir/dataset.json (when there is one) and data_dir/CHANGELOG.md (when there is
 * one). PSST_EDATA, with the file, line and field in err, for a description that is not
 * valid; PSST_EIO for a file that exists and cannot be read. Release with ps_dataset_release.
 */
int ps_dataset_load(const char *data_dir, struct ps_dataset *d, struct psst_error *err);
void ps_dataset_release(struct ps_dataset *d);

/* The dataset's entry in one style appended to b (CSL-JSON: one item of the array; CFF: the
   whole CITATION.cff, which needs the authors: PSST_EDATA without them). */
int ps_dataset_cite(const struct ps_dataset *d, enum psst_cite_style style, struct ps_buf *b,
                    struct psst_error *err);

/* ---- cite.c: what both files write with ---- */

/* "January" ... for m in 1..12. */
const char *ps_cite_month(int m);
/* BibTeX's month macro, "jan" ... for m in 1..12. */
const char *ps_cite_month_macro(int m);
/* A URL for a BibTeX field: what would unbalance it percent-encoded, the rest as it is. */
int ps_bibtex_url(struct ps_buf *b, const char *url);
/* One RIS line "TAG  - value": line breaks in the value become spaces. Nothing for a NULL
   or empty value. */
int ps_ris_line(struct ps_buf *b, const char *tag, const char *value);

#endif
