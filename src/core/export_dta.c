/*
 * export_dta.c: Stata files of psst_export: the sessions (the CSV's columns) and, beside
 * them, the lecturers, each a dataset with its variables labelled, dates as Stata dates
 * (%td) and what the XLSX's About sheet says as the dataset's notes (`notes` in Stata).
 *
 * The writing is the psst-dta module's (ReadStat, mod_dta.h): here the rows are read into
 * memory, since a Stata file needs its row count and string widths before its first row.
 */
#include "export_int.h"
#include "mod_dta.h"
#include "module.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The rows of t as text, row-major, in *cells (to free with free_cells). */
static int read_rows(struct psst *p, const struct ps_xtable *t, const struct psst_filter *f,
                     char ***cells, size_t *nrows, struct psst_error *err) {
  struct ps_xquery q;
  size_t n = 0, cap = 0;
  char **v = NULL;
  int rc = ps_x_query(p, t, f, &q, err), step = SQLITE_DONE;
  while (!rc && (step = sqlite3_step(q.st)) == SQLITE_ROW) {
    if (n == cap) {
      size_t c = cap ? cap * 2 : 64;
      char **nv = realloc(v, c * t->ncols * sizeof *nv);
      if (!nv) {
        rc = ps_err(err, PSST_ENOMEM, "out of memory");
        break;
      }
      v = nv, cap = c;
    }
    for (size_t k = 0; k < t->ncols; k++) {
      const char *s = (const char *)sqlite3_column_text(q.st, (int)k);
      v[n * t->ncols + k] = NULL;
      if (s && !(v[n * t->ncols + k] = ps_strdup(s)))
        rc = ps_err(err, PSST_ENOMEM, "out of memory");
    }
    n++;
  }
  if (!rc && step != SQLITE_DONE)
    rc = ps_err_db(err, p->db, "export");
  ps_x_query_end(&q);
  *cells = v;
  *nrows = n;
  return rc;
}

static void free_cells(char **cells, size_t n) {
  for (size_t i = 0; cells && i < n; i++)
    free(cells[i]);
  free(cells);
}

/* One table to one file, written under a temporary name and renamed. */
static int write_table(struct psst *p, ps_dta_write_fn write, const struct ps_xtable *t,
                       const struct psst_filter *f, const char *label,
                       const struct ps_x_about *about, struct ps_afile *a, struct psst_error *err) {
  char **cells = NULL;
  size_t nrows = 0;
  const char *notes[sizeof about->v / sizeof *about->v];
  struct ps_buf text[sizeof about->v / sizeof *about->v] = {0};
  int rc = read_rows(p, t, f, &cells, &nrows, err);
  for (size_t i = 0; !rc && i < about->n; i++) {
    /* a note is a line of its own: "Version: 2026-12-06" */
    if (ps_buf_printf(&text[i], "%s: %s", about->v[i].key, about->v[i].value))
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
    notes[i] = text[i].s;
  }
  if (!rc) {
    struct ps_dta_table dt = {.label = label,
                              .cols = t->cols,
                              .ncols = t->ncols,
                              .nrows = nrows,
                              .cells = cells,
                              .notes = notes,
                              .n_notes = about->n};
    rc = write(&dt, a->tmp, a->path, err);
  }
  if (!rc)
    rc = ps_afile_sync(a, err);
  for (size_t i = 0; i < about->n; i++)
    ps_buf_release(&text[i]);
  free_cells(cells, nrows * t->ncols);
  return rc;
}

int ps_export_dta(struct psst *p, const struct psst_filter *f, const char *path, bool lecturers,
                  struct psst_error *err) {
  struct ps_afile main_file = {0}, lect_file = {0};
  struct ps_x_about about = {0};
  char *lpath = NULL;
  const void *fn;
  int rc = ps_module_get("dta", "ps_mod_dta_write", &fn, err);
  if (rc) {
    /* the module is built only where ReadStat is installed (CMakeLists.txt) */
    char why[sizeof err->msg];
    snprintf(why, sizeof why, "%s", err ? err->msg : "");
    return ps_err(err, PSST_EIO,
                  "Stata files need psst built with ReadStat (libreadstat-dev): %s; CSV read "
                  "with Stata's import delimited does as well (README)",
                  why);
  }
  ps_dta_write_fn write = (ps_dta_write_fn)(uintptr_t)fn;
  if (lecturers && !(lpath = ps_x_companion(path, ".dta", "lecturers"))) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  /* the filter and the dataset's description are checked before any file is created */
  if ((rc = ps_x_check_filter(p, f, err)) || (rc = ps_x_about(p, f, &about, err)) ||
      (rc = ps_afile_open(&main_file, path, false, err)) ||
      (lpath && (rc = ps_afile_open(&lect_file, lpath, false, err))))
    goto out;
  if ((rc =
           write_table(p, write, &ps_x_sessions, f, "psst: CCP Politburo collective study sessions",
                       &about, &main_file, err)) ||
      (lpath && (rc = write_table(p, write, &ps_x_lecturers, f,
                                  "psst: lecturers at CCP Politburo collective study sessions",
                                  &about, &lect_file, err))))
    goto out;
  /* the companion first: when the file the user named is new, so is the other */
  if ((lpath && (rc = ps_afile_commit(&lect_file, err))) || (rc = ps_afile_commit(&main_file, err)))
    goto out;
out:
  ps_afile_abort(&main_file);
  ps_afile_abort(&lect_file);
  ps_x_about_release(&about);
  free(lpath);
  return rc;
}
