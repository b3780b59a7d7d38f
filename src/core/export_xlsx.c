/*
 * export_xlsx.c: the Excel workbook of psst_export. A workbook passed around on its own
 * has to say what it is: the first sheet, "About", gives the dataset, its date and
 * version, how to cite it, what an uncertain date and the confidence levels mean, and
 * every column. Then sessions and lecturers, dates as date cells (an analyst sorts and
 * filters them as dates), numbers as numbers, and the codebook's tables. Every data sheet
 * has its header frozen, an autofilter and columns as wide as their content.
 *
 * libxlsxwriter comes from the psst-xlsx module (mod_xlsx.h). The workbook is written in
 * its constant-memory mode: each row goes to disk when the next begins, so the sheets are
 * written in order, top to bottom; column widths, the autofilter and the frozen pane are
 * kept apart from the rows and can be set once the rows are known.
 */
#include "export_int.h"
#include "mod_xlsx.h"
#include "module.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* A column wider than this would push the next ones off the screen: its cells are cut at
   the edge and shown whole in the formula bar. */
#define MAX_WIDTH 60.0
#define MAX_COLS  32

struct book {
  const struct ps_xlsx_api *X;
  lxw_workbook *wb;
  const char *path; /* for messages */
  lxw_format *bold, *date, *wrap, *title;
  lxw_worksheet *sheets[8]; /* each sheet's rows wait in its own temporary file */
  size_t nsheets;
};

struct sheet {
  struct book *B;
  lxw_worksheet *ws;
  const char *name;
  lxw_row_t row;
  size_t ncols;
  double width[MAX_COLS]; /* the widest cell of each column so far */
};

static int xlsx_error(struct psst_error *err, const struct sheet *sh, lxw_error e) {
  if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
    return ps_err(err, PSST_ENOMEM, "%s: out of memory", sh->B->path);
  /* a spreadsheet limit (rows, cell length) is not a file error: the data does not fit */
  int status =
      e == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE || e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED
          ? PSST_EINVAL
          : PSST_EIO;
  return ps_err(err, status, "%s: sheet %s, row %lu: %s", sh->B->path, sh->name,
                (unsigned long)sh->row + 1, sh->B->X->strerror(e));
}

/* The width of s in Excel's units, about a Latin character: wide (Chinese) characters count
   two, and a cell of several lines is as wide as its longest line. */
static double text_width(const char *s) {
  size_t len = strlen(s);
  double widest = 0, line = 0;
  for (size_t i = 0; i < len;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
    if (n <= 0) {
      line += 1;
      n = 1;
    } else if (cp == '\n') {
      widest = line > widest ? line : widest;
      line = 0;
    } else {
      int w = utf8proc_charwidth(cp);
      line += w > 0 ? w : 0;
    }
    i += (size_t)n;
  }
  return line > widest ? line : widest;
}

static void measure(struct sheet *sh, lxw_col_t k, double w) {
  if (k < MAX_COLS && w > sh->width[k])
    sh->width[k] = w;
}

/* "YYYY-MM-DD" as a date; false for anything else, which is then written as text. */
static bool parse_date(const char *s, lxw_datetime *dt) {
  for (int i = 0; i < 10; i++)
    if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
      return false;
  if (s[10])
    return false;
  *dt = (lxw_datetime){.year = atoi(s), .month = atoi(s + 5), .day = atoi(s + 8)};
  return dt->year >= 1900 && dt->month >= 1 && dt->month <= 12 && dt->day >= 1 && dt->day <= 31;
}

static int put_text(struct sheet *sh, lxw_col_t k, const char *s, lxw_format *fmt,
                    struct psst_error *err) {
  if (!s || !*s) /* an unknown value stays an empty cell */
    return PSST_OK;
  lxw_error e = sh->B->X->worksheet_write_string(sh->ws, sh->row, k, s, fmt);
  measure(sh, k, text_width(s));
  return e ? xlsx_error(err, sh, e) : PSST_OK;
}

static int put_date(struct sheet *sh, lxw_col_t k, const char *s, struct psst_error *err) {
  lxw_datetime dt;
  if (!s || !parse_date(s, &dt))
    return put_text(sh, k, s, NULL, err);
  lxw_error e = sh->B->X->worksheet_write_datetime(sh->ws, sh->row, k, &dt, sh->B->date);
  measure(sh, k, 10);
  return e ? xlsx_error(err, sh, e) : PSST_OK;
}

static int put_number(struct sheet *sh, lxw_col_t k, long long n, struct psst_error *err) {
  char digits[32];
  lxw_error e = sh->B->X->worksheet_write_number(sh->ws, sh->row, k, (double)n, NULL);
  measure(sh, k, (double)snprintf(digits, sizeof digits, "%lld", n));
  return e ? xlsx_error(err, sh, e) : PSST_OK;
}

static int add_sheet(struct book *B, struct sheet *sh, const char *name, size_t ncols,
                     struct psst_error *err) {
  memset(sh, 0, sizeof *sh);
  sh->B = B;
  sh->name = name;
  sh->ncols = ncols;
  if (!(sh->ws = B->X->workbook_add_worksheet(B->wb, name)))
    return ps_err(err, PSST_ENOMEM, "%s: cannot add the sheet %s", B->path, name);
  if (B->nsheets < sizeof B->sheets / sizeof *B->sheets)
    B->sheets[B->nsheets++] = sh->ws;
  return PSST_OK;
}

/* A data sheet: the header and every row of t, then its widths, frozen header and filter. */
static int data_sheet(struct psst *p, struct book *B, const struct ps_xtable *t,
                      const struct psst_filter *f, struct psst_error *err) {
  struct sheet sh;
  struct ps_xquery q = {0};
  int rc = add_sheet(B, &sh, t->name, t->ncols, err);
  if (rc || (rc = ps_x_query(p, t, f, &q, err))) {
    ps_x_query_end(&q);
    return rc;
  }
  for (size_t k = 0; k < t->ncols && !rc; k++) {
    rc = put_text(&sh, (lxw_col_t)k, t->cols[k].name, B->bold, err);
    /* room for the autofilter's button beside the name */
    measure(&sh, (lxw_col_t)k, text_width(t->cols[k].name) + 2);
  }
  sh.row++;
  int step = SQLITE_ROW;
  while (!rc && (step = sqlite3_step(q.st)) == SQLITE_ROW) {
    for (size_t k = 0; k < t->ncols && !rc; k++) {
      lxw_col_t c = (lxw_col_t)k;
      /* one accessor a cell: reading a value as another type may convert it in place */
      if (sqlite3_column_type(q.st, (int)k) == SQLITE_NULL)
        continue;
      if (t->cols[k].kind == PS_X_INT)
        rc = put_number(&sh, c, sqlite3_column_int64(q.st, (int)k), err);
      else if (t->cols[k].kind == PS_X_DATE)
        rc = put_date(&sh, c, (const char *)sqlite3_column_text(q.st, (int)k), err);
      else
        rc = put_text(&sh, c, (const char *)sqlite3_column_text(q.st, (int)k), NULL, err);
    }
    sh.row++;
  }
  if (!rc && step != SQLITE_DONE)
    rc = ps_err_db(err, p->db, "export");
  ps_x_query_end(&q);
  if (rc)
    return rc;
  for (size_t k = 0; k < t->ncols && k < MAX_COLS; k++) {
    double w = sh.width[k] + 1;
    B->X->worksheet_set_column(sh.ws, (lxw_col_t)k, (lxw_col_t)k, w > MAX_WIDTH ? MAX_WIDTH : w,
                               NULL);
  }
  B->X->worksheet_freeze_panes(sh.ws, 1, 0);
  lxw_error e = B->X->worksheet_autofilter(sh.ws, 0, 0, sh.row - 1, (lxw_col_t)(t->ncols - 1));
  return e ? xlsx_error(err, &sh, e) : PSST_OK;
}

/* ---- the About sheet ---- */

static const char sheets_text[] =
    "sessions: a row a session. lecturers: a row a lecture appearance, joined to sessions by "
    "session_id. topics and tags: the codebook's codes of the columns topic, topics and tech, "
    "with their labels. institutions: the codes of the lecturers sheet's institutions column.";

static int about_row(struct sheet *sh, const char *key, const char *value, bool is_date,
                     struct psst_error *err) {
  int rc = put_text(sh, 0, key, sh->B->bold, err);
  if (!rc)
    rc = is_date ? put_date(sh, 1, value, err) : put_text(sh, 1, value, sh->B->wrap, err);
  sh->row++;
  return rc;
}

/* The columns of a table, a row each: name and what it holds. */
static int about_columns(struct sheet *sh, const struct ps_xtable *t, struct psst_error *err) {
  char head[64];
  snprintf(head, sizeof head, "Columns of %s", t->name);
  int rc = put_text(sh, 0, head, sh->B->bold, err);
  sh->row++;
  for (size_t k = 0; k < t->ncols && !rc; k++)
    rc = about_row(sh, t->cols[k].name, t->cols[k].label, false, err);
  sh->row++;
  return rc;
}

static int about_sheet(struct book *B, const struct ps_x_about *a, struct psst_error *err) {
  struct sheet sh;
  int rc = add_sheet(B, &sh, "About", 2, err);
  if (rc)
    return rc;
  B->X->worksheet_set_column(sh.ws, 0, 0, 24, NULL);
  B->X->worksheet_set_column(sh.ws, 1, 1, 100, NULL);
  if ((rc = put_text(&sh, 0, a->title, B->title, err)))
    return rc;
  sh.row += 2;
  for (size_t i = 0; i < a->n && !rc; i++)
    rc = about_row(&sh, a->v[i].key, a->v[i].value, a->v[i].is_date, err);
  if (!rc)
    rc = about_row(&sh, "Sheets", sheets_text, false, err);
  sh.row++;
  if (!rc && !(rc = about_columns(&sh, &ps_x_sessions, err)))
    rc = about_columns(&sh, &ps_x_lecturers, err);
  return rc;
}

/* ---- the workbook ---- */

static int new_format(struct book *B, lxw_format **out, struct psst_error *err) {
  if (!(*out = B->X->workbook_add_format(B->wb)))
    return ps_err(err, PSST_ENOMEM, "%s: out of memory", B->path);
  return PSST_OK;
}

static int formats(struct book *B, struct psst_error *err) {
  int rc = new_format(B, &B->bold, err);
  if (rc || (rc = new_format(B, &B->date, err)) || (rc = new_format(B, &B->wrap, err)) ||
      (rc = new_format(B, &B->title, err)))
    return rc;
  B->X->format_set_bold(B->bold);
  /* ISO dates, which every locale reads the same way */
  B->X->format_set_num_format(B->date, "yyyy-mm-dd");
  B->X->format_set_text_wrap(B->wrap);
  B->X->format_set_align(B->wrap, LXW_ALIGN_VERTICAL_TOP);
  B->X->format_set_bold(B->title);
  B->X->format_set_font_size(B->title, 14);
  return PSST_OK;
}

/* The errors a write to a file can end in. */
static bool is_write_errno(int e) {
  return e == EIO || e == ENOSPC || e == EDQUOT || e == EFBIG;
}

int ps_export_xlsx(struct psst *p, const struct psst_filter *f, const char *path,
                   struct psst_error *err) {
  struct ps_afile a = {0};
  struct book B = {.path = path};
  struct ps_x_about about = {0};
  int rc;
  if ((rc = ps_module_get("xlsx", "ps_mod_xlsx", (const void **)&B.X, err)))
    return rc;
  /* the filter and the dataset's description are checked before any file is created */
  if ((rc = ps_x_check_filter(p, f, err)) || (rc = ps_x_about(p, f, &about, err)) ||
      (rc = ps_afile_open(&a, path, false, err)))
    goto out;
  /* the library's own temporary files (the rows of each sheet, then each part of the
     zip) go in the target's folder: a full disk there is the one that fails the export,
     not a small /tmp */
  char tmpdir[sizeof a.t.tmp];
  snprintf(tmpdir, sizeof tmpdir, "%s", a.tmp);
  char *slash = strrchr(tmpdir, '/');
  if (slash)
    slash[slash == tmpdir] = '\0';
  lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = slash ? tmpdir : NULL};
  if (!(B.wb = B.X->workbook_new_opt(a.tmp, &opts))) {
    rc = ps_err(err, PSST_ENOMEM, "%s: out of memory", path);
    goto out;
  }
  /* the library's fields are not const; it only copies them */
  char subject[] = "CCP Politburo collective study sessions";
  char comments[] = "Written by psst " PSST_VERSION "; the sheet About says what the data is";
  lxw_doc_properties props = {.title = about.title, .subject = subject, .comments = comments};
  B.X->workbook_set_properties(B.wb, &props);
  if ((rc = formats(&B, err)) || (rc = about_sheet(&B, &about, err)) ||
      (rc = data_sheet(p, &B, &ps_x_sessions, f, err)) ||
      (rc = data_sheet(p, &B, &ps_x_lecturers, f, err)) ||
      (rc = data_sheet(p, &B, &ps_x_topics, NULL, err)) ||
      (rc = data_sheet(p, &B, &ps_x_tags, NULL, err)) ||
      (rc = data_sheet(p, &B, &ps_x_institutions, NULL, err)))
    goto out;
  /* the rows so far are in each sheet's temporary file, whose writes the library does not
     check: a stream that failed keeps its error until the library rewinds it at the close */
  for (size_t k = 0; k < B.nsheets; k++) {
    FILE *rows = B.sheets[k]->optimize_tmpfile;
    if (rows && (fflush(rows) || ferror(rows))) {
      rc = ps_x_write_error(err, path, is_write_errno(errno) ? errno : EIO);
      goto out;
    }
  }
  /* nor its writes at the close, where each part of the zip goes through a temporary
     file: a failed one only leaves its errno, which no call that succeeds sets */
  errno = 0;
  lxw_error e = B.X->workbook_close(B.wb);
  B.wb = NULL;
  if (!e && is_write_errno(errno))
    e = LXW_ERROR_CREATING_TMPFILE; /* any error: the message is errno's */
  if (e) {
    /* the system's reason, when there is one, says more than the zip library's */
    int saved = errno;
    if (e == LXW_ERROR_MEMORY_MALLOC_FAILED || saved == ENOMEM)
      rc = ps_err(err, PSST_ENOMEM, "%s: out of memory", path);
    else
      rc = ps_err(err, PSST_EIO, "%s: cannot write: %s", path,
                  saved ? strerror(saved) : B.X->strerror(e));
    goto out;
  }
  if ((rc = ps_afile_sync(&a, err)) || (rc = ps_afile_commit(&a, err)))
    goto out;
out:
  if (B.wb)
    B.X->workbook_free(B.wb);
  ps_afile_abort(&a);
  ps_x_about_release(&about);
  return rc;
}
