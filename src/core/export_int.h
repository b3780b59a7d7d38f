/*
 * export_int.h: what the files of psst_export share (export.c: CSV, JSON, SQLite and the
 * choice of format; export_xlsx.c: the workbook; export_dta.c: Stata files): the tables
 * exported, the statements that read them, and files written under a temporary name.
 */
#ifndef PSST_EXPORT_INT_H
#define PSST_EXPORT_INT_H

#include "internal.h"

#include <stdio.h>

/* What a column of an exported table holds: a date becomes a date cell in a spreadsheet
   and a Stata date, a number a number; CSV writes them all as text. */
enum ps_xkind { PS_X_TEXT = 0, PS_X_INT = 1, PS_X_DATE = 2 };

struct ps_xcol {
  const char *name;
  enum ps_xkind kind;
  const char *label; /* what it holds, at most 80 bytes (a Stata variable label) */
};

/* A table of the export: its columns and the statement giving one row a column. A filtered
   table's statement ends in "WHERE 1", for the filter's conditions, and takes `order`. */
struct ps_xtable {
  const char *name; /* the sheet's name */
  const struct ps_xcol *cols;
  size_t ncols;
  const char *sql;
  const char *order; /* NULL: not filtered (the codebook's tables) */
};

extern const struct ps_xtable ps_x_sessions, ps_x_lecturers, ps_x_topics, ps_x_tags,
    ps_x_institutions;

/* A table's statement, prepared, and the filter's values it is bound to, which must live as
   long as it. */
struct ps_xquery {
  sqlite3_stmt *st;
  struct ps_binds binds;
};

/* The table's statement with the filter's conditions and its order, prepared, its values
   bound; f NULL or empty selects every session. End q with ps_x_query_end (also after a
   failure). */
int ps_x_query(struct psst *p, const struct ps_xtable *t, const struct psst_filter *f,
               struct ps_xquery *q, struct psst_error *err);
void ps_x_query_end(struct ps_xquery *q);
/* PSST_EINVAL, naming the option, for a filter with a value no session can have (an unknown
   topic code, a bad date): checked before an export creates any file. */
int ps_x_check_filter(struct psst *p, const struct psst_filter *f, struct psst_error *err);

/* "the sessions of term 19, with tech blockchain" for f, "every session" without one
   (to free()); NULL when out of memory. */
char *ps_x_selection(const struct psst_filter *f);

/* The companion file of a table beside path: X.csv and "lecturers" give X.lecturers.csv;
   a name without the extension gets ".lecturers.EXT" appended (to free()). */
char *ps_x_companion(const char *path, const char *ext, const char *table);

/* ---- export_about.c: what a file says about itself ---- */

/* A fact about the export: "Data as of" and its value (a YYYY-MM-DD date with is_date). */
struct ps_x_fact {
  const char *key;
  char *value;
  bool is_date;
};

struct ps_x_about {
  char *title; /* the dataset's */
  struct ps_x_fact v[12];
  size_t n;
};

/* What the data is, the selection f makes, the data's date and version, how to cite it, its
   licence, and how to read the codes, the dates and empty values. Release a with
   ps_x_about_release (also after a failure). */
int ps_x_about(struct psst *p, const struct psst_filter *f, struct ps_x_about *a,
               struct psst_error *err);
void ps_x_about_release(struct ps_x_about *a);

/* ---- files written under a temporary name beside them (ps_target), then renamed ---- */

struct ps_afile {
  const char *path;
  const char *tmp; /* the temporary file's name, for the libraries that write to a name */
  FILE *fp;        /* NULL once closed, or for files another library writes */
  struct ps_target t;
};

/* Creates the temporary file: open as a stream with `stream`, else closed and empty for a
   library that writes to a name. */
int ps_afile_open(struct ps_afile *a, const char *path, bool stream, struct psst_error *err);
/* Flushes and syncs the temporary file, so that the data reaches the disk before the name
   points at it. */
int ps_afile_sync(struct ps_afile *a, struct psst_error *err);
int ps_afile_commit(struct ps_afile *a, struct psst_error *err);
/* Removes the temporary file unless committed; safe to call twice. */
void ps_afile_abort(struct ps_afile *a);
/* "PATH: cannot write: REASON" (PSST_ENOMEM for ENOMEM, else PSST_EIO). */
int ps_x_write_error(struct psst_error *err, const char *path, int e);

/* ---- the formats that need a library: export_xlsx.c, export_dta.c ---- */

int ps_export_xlsx(struct psst *p, const struct psst_filter *f, const char *path,
                   struct psst_error *err);
/* The sessions to path as a Stata file and, with `lecturers`, their lecturers to its
   companion file (X.lecturers.dta). */
int ps_export_dta(struct psst *p, const struct psst_filter *f, const char *path, bool lecturers,
                  struct psst_error *err);

#endif
