/*
 * output.h: how the psst command prints a result table: aligned columns for a
 * person at a terminal, CSV (RFC 4180) for spreadsheets, JSON for programs.
 * The library hands every result over as a struct psst_table; nothing here knows
 * which command produced it.
 */
#ifndef PS_CLI_OUTPUT_H
#define PS_CLI_OUTPUT_H

#include "psst.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum ps_out_format { PS_OUT_TABLE, PS_OUT_CSV, PS_OUT_JSON };

struct ps_out_opts {
  enum ps_out_format format;
  size_t max_width; /* terminal width for tables; 0 = unlimited */
  /* Display headers for tables, one per column (e.g. translated); NULL = t->headers,
   * then t->cols. CSV and JSON always use the machine names t->cols. */
  const char *const *headers;
  bool color; /* bold header on a tty */
  bool bom;   /* CSV: the UTF-8 byte-order mark first, for Excel (--bom) */
};

/* "table", "csv" or "json" into *out; returns 0, or -1 for anything else. */
int ps_out_parse_format(const char *s, enum ps_out_format *out);

/*
 * Writes t to fp in o->format and flushes fp. Returns 0, or -1 when writing
 * failed (ferror, e.g. a full disk or closed pipe) or memory ran out (errno
 * ENOMEM). The table's note is printed after a table as "note: ..." and left
 * out of CSV and JSON, where the caller shows it on stderr if it wants.
 */
int ps_out_table(FILE *fp, const struct psst_table *t, const struct ps_out_opts *o);

/*
 * Writes `first` then text, wrapped at spaces so that no line is wider than width display
 * columns (0: no limit), the lines after the first indented by `indent` spaces; a word
 * longer than a line (Chinese, with no spaces) is broken between characters. Ends the
 * line. Returns 0, or -1 on a write or memory failure.
 */
int ps_out_wrap(FILE *fp, const char *first, const char *text, size_t width, size_t indent);

/* Writes text cut with an ellipsis to at most width display columns (0: no limit), without
   ending the line. Returns 0, or -1 on a write failure. */
int ps_out_cut(FILE *fp, const char *text, size_t width);

#endif
