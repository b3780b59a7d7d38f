/*
 * export.c: psst_export, the record (or the part a filter selects) written out for
 * other tools: CSV for spreadsheets and R or pandas, the stored JSON records, an
 * Excel workbook, or a copy of the normalised SQLite database.
 *
 * Every file is written under a temporary name beside its target (path.tmp-PID),
 * synced to disk and renamed over the target only when all of it was written, so
 * that a failed export (full disk, bad filter, a spreadsheet limit) leaves an
 * existing file as it was and no partial file behind.
 *
 * CSV and XLSX share one row writer, fed by SQL statements over the normalised
 * tables: a session's lists come back in a stable order (lectures, speakers and
 * sources as in the record, topics and tags in codebook order, like psst list).
 */
#include "internal.h"
#include "mod_xlsx.h"
#include "module.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* A column of an exported table: its name, whether it holds integers, and a width
   for the spreadsheet in characters (Chinese text counts double). */
struct col {
  const char *name;
  bool is_int;
  double width;
};

static const struct col session_cols[] = {
    {"id", false, 7},
    {"term", true, 6},
    {"number", true, 8},
    {"date", false, 11},
    {"date_from", false, 11},
    {"date_to", false, 11},
    {"year", true, 6},
    {"leader", false, 12},
    {"leader_zh", false, 10},
    {"title_zh", false, 40},
    {"title_en", false, 50},
    {"format", false, 10},
    {"topic", false, 10},
    {"topics", false, 14},
    {"tech", false, 14},
    {"lecturers_zh", false, 20},
    {"lecturers_en", false, 24},
    {"affiliations_zh", false, 36},
    {"affiliations_en", false, 44},
    {"speakers", false, 24},
    {"sources", false, 50},
    {"source_publishers", false, 24},
    {"source_kinds", false, 20},
    {"confidence", false, 11},
    {"notes", false, 60},
};

/* One column per entry of session_cols; the filter's conditions and the order follow. */
static const char session_sql[] =
    "SELECT s.term || '-' || s.number, s.term, s.number, s.date, s.date_from, s.date_to, s.year,"
    " s.leader, t.leader_zh,"
    " s.title_zh, s.title_en, s.format, s.topic,"
    " (SELECT group_concat(topic, ';') FROM (SELECT st.topic FROM session_topics st"
    "   JOIN topics c ON c.code = st.topic WHERE st.session_id = s.id AND NOT st.is_primary"
    "   ORDER BY c.ord)),"
    " (SELECT group_concat(tag, ';') FROM (SELECT st.tag FROM session_tech st"
    "   JOIN tags g ON g.code = st.tag WHERE st.session_id = s.id ORDER BY g.ord)),"
    " (SELECT group_concat(n, '; ') FROM (SELECT pe.name_zh AS n FROM lectures l"
    "   JOIN persons pe ON pe.id = l.person_id WHERE l.session_id = s.id ORDER BY l.ord)),"
    " (SELECT group_concat(n, '; ') FROM (SELECT pe.name_en AS n FROM lectures l"
    "   JOIN persons pe ON pe.id = l.person_id WHERE l.session_id = s.id ORDER BY l.ord)),"
    " (SELECT group_concat(a, '; ') FROM (SELECT l.affiliation_zh AS a FROM lectures l"
    "   WHERE l.session_id = s.id ORDER BY l.ord)),"
    " (SELECT group_concat(a, '; ') FROM (SELECT l.affiliation_en AS a FROM lectures l"
    "   WHERE l.session_id = s.id ORDER BY l.ord)),"
    " (SELECT group_concat(name, '; ') FROM (SELECT sp.name FROM speakers sp"
    "   WHERE sp.session_id = s.id ORDER BY sp.ord)),"
    " (SELECT group_concat(url, ' ') FROM (SELECT so.url FROM sources so"
    "   WHERE so.session_id = s.id ORDER BY so.ord)),"
    " (SELECT group_concat(publisher, '; ') FROM (SELECT so.publisher FROM sources so"
    "   WHERE so.session_id = s.id ORDER BY so.ord)),"
    " (SELECT group_concat(kind, ';') FROM (SELECT so.kind FROM sources so"
    "   WHERE so.session_id = s.id ORDER BY so.ord)),"
    " s.confidence, s.notes"
    " FROM sessions s LEFT JOIN terms t ON t.term = s.term WHERE 1";

static const struct col lecturer_cols[] = {
    {"session_id", false, 10},
    {"term", true, 6},
    {"number", true, 8},
    {"date", false, 11},
    {"ord", true, 5},
    {"name_zh", false, 12},
    {"name_en", false, 20},
    {"affiliation_zh", false, 36},
    {"affiliation_en", false, 44},
    {"institutions", false, 16},
};

/* ord counts from 1 for people reading the file (the database counts from 0). */
static const char lecturer_sql[] =
    "SELECT s.term || '-' || s.number, s.term, s.number, s.date, l.ord + 1, pe.name_zh,"
    " pe.name_en, l.affiliation_zh, l.affiliation_en,"
    " (SELECT group_concat(code, ';') FROM (SELECT i.code FROM lecture_institutions li"
    "   JOIN institutions i ON i.id = li.institution_id"
    "   WHERE li.session_id = l.session_id AND li.ord = l.ord ORDER BY i.id))"
    " FROM lectures l JOIN sessions s ON s.id = l.session_id"
    " JOIN persons pe ON pe.id = l.person_id WHERE 1";

static const struct col code_cols[] = {
    {"code", false, 16}, {"label_en", false, 44}, {"label_zh", false, 24}};
static const struct col institution_cols[] = {
    {"code", false, 16}, {"name_zh", false, 30}, {"name_en", false, 50}};

#define NCOLS(v) (sizeof v / sizeof *v)

/* ---- CSV fields ---- */

int ps_csv_field(struct ps_buf *b, const char *s) {
  if (!s)
    return PSST_OK;
  if (!s[strcspn(s, ",\"\r\n")])
    return ps_buf_puts(b, s);
  int rc = ps_buf_putc(b, '"');
  for (; *s && !rc; s++)
    rc = *s == '"' ? ps_buf_puts(b, "\"\"") : ps_buf_putc(b, *s);
  return rc ? rc : ps_buf_putc(b, '"');
}

/* ---- files written under a temporary name ---- */

struct afile {
  const char *path;
  char tmp[4096];
  FILE *fp;     /* NULL once closed, or for files another library writes */
  bool created; /* the temporary file exists and must go on failure */
};

static int write_error(struct psst_error *err, const char *path, int e) {
  return ps_err(err, e == ENOMEM ? PSST_ENOMEM : PSST_EIO, "%s: cannot write: %s", path,
                strerror(e));
}

/* Creates the temporary file empty (also for writers that take a file name, so that
   an unwritable folder is reported with its reason, and VACUUM INTO finds it empty). */
static int afile_open(struct afile *a, const char *path, bool stream, struct psst_error *err) {
  memset(a, 0, sizeof *a);
  a->path = path;
  if ((size_t)snprintf(a->tmp, sizeof a->tmp, "%s.tmp-%ld", path, (long)getpid()) >= sizeof a->tmp)
    return write_error(err, path, ENAMETOOLONG);
  int fd = open(a->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return write_error(err, path, errno);
  a->created = true;
  if (!stream)
    return close(fd) ? write_error(err, path, errno) : PSST_OK;
  if (!(a->fp = fdopen(fd, "wb"))) {
    int e = errno;
    close(fd);
    return write_error(err, path, e);
  }
  return PSST_OK;
}

/* The data reaches the disk before the name points at it. */
static int afile_sync(struct afile *a, struct psst_error *err) {
  int e = 0;
  if (a->fp) {
    if (fflush(a->fp) || ferror(a->fp) || fsync(fileno(a->fp)))
      e = errno ? errno : EIO;
    if (fclose(a->fp) && !e)
      e = errno;
    a->fp = NULL;
  } else {
    int fd = open(a->tmp, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd))
      e = errno;
    if (fd >= 0)
      close(fd);
  }
  return e ? write_error(err, a->path, e) : PSST_OK;
}

static int afile_commit(struct afile *a, struct psst_error *err) {
  if (rename(a->tmp, a->path))
    return ps_err(err, PSST_EIO, "%s: cannot replace: %s", a->path, strerror(errno));
  a->created = false;
  return PSST_OK;
}

static void afile_abort(struct afile *a) {
  if (a->fp)
    fclose(a->fp);
  a->fp = NULL;
  if (a->created)
    unlink(a->tmp);
  a->created = false;
}

/* ---- one writer for CSV files and XLSX sheets ---- */

struct sheet {
  const struct ps_xlsx_api *X; /* XLSX: libxlsxwriter, from the psst-xlsx module */
  const char *path;            /* for messages */
  FILE *fp;                    /* CSV */
  struct ps_buf line;
  lxw_worksheet *ws; /* XLSX */
  const char *name;
  lxw_format *bold;
  lxw_row_t row;
};

static int xlsx_error(struct psst_error *err, const struct sheet *sh, lxw_error e) {
  if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
    return ps_err(err, PSST_ENOMEM, "%s: out of memory", sh->path);
  /* a spreadsheet limit (rows, cell length) is not a file error: the data does not fit */
  int status =
      e == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE || e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED
          ? PSST_EINVAL
          : PSST_EIO;
  return ps_err(err, status, "%s: sheet %s, row %lu: %s", sh->path, sh->name,
                (unsigned long)sh->row + 1, sh->X->strerror(e));
}

static int sheet_cell(struct sheet *sh, lxw_col_t k, const char *text, bool number, long long n,
                      lxw_format *fmt, struct psst_error *err) {
  if (sh->ws) {
    lxw_error e = LXW_NO_ERROR;
    if (number)
      e = sh->X->worksheet_write_number(sh->ws, sh->row, k, (double)n, fmt);
    else if (text && *text)
      e = sh->X->worksheet_write_string(sh->ws, sh->row, k, text, fmt);
    return e ? xlsx_error(err, sh, e) : PSST_OK;
  }
  if ((k && ps_buf_putc(&sh->line, ',')) || ps_csv_field(&sh->line, text))
    return ps_err(err, PSST_ENOMEM, "out of memory");
  return PSST_OK;
}

static int sheet_end_row(struct sheet *sh, struct psst_error *err) {
  sh->row++;
  if (sh->ws)
    return PSST_OK;
  if (ps_buf_puts(&sh->line, "\r\n"))
    return ps_err(err, PSST_ENOMEM, "out of memory");
  size_t len = sh->line.len;
  sh->line.len = 0;
  errno = 0;
  if (fwrite(sh->line.s, 1, len, sh->fp) != len || ferror(sh->fp))
    return write_error(err, sh->path, errno ? errno : EIO);
  return PSST_OK;
}

static int sheet_header(struct sheet *sh, const struct col *cols, size_t n,
                        struct psst_error *err) {
  if (sh->ws) {
    for (size_t k = 0; k < n; k++)
      sh->X->worksheet_set_column(sh->ws, (lxw_col_t)k, (lxw_col_t)k, cols[k].width, NULL);
    sh->X->worksheet_freeze_panes(sh->ws, 1, 0);
  }
  for (size_t k = 0; k < n; k++) {
    int rc = sheet_cell(sh, (lxw_col_t)k, cols[k].name, false, 0, sh->bold, err);
    if (rc)
      return rc;
  }
  return sheet_end_row(sh, err);
}

/* Writes the header and every row of `sql` (with the filter's values bound from 1). */
static int sheet_query(struct psst *p, struct sheet *sh, const char *sql, const struct ps_binds *b,
                       const struct col *cols, size_t n, struct psst_error *err) {
  sqlite3_stmt *st = NULL;
  int rc = ps_prepare(p, sql, &st, err);
  if (rc)
    return rc;
  if (b)
    ps_binds_apply(st, b, 1);
  if ((rc = sheet_header(sh, cols, n, err)))
    goto out;
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    for (size_t k = 0; k < n && !rc; k++) {
      /* one accessor a cell: reading a value as another type may convert it in place */
      bool number = sh->ws && cols[k].is_int && sqlite3_column_type(st, (int)k) != SQLITE_NULL;
      if (number)
        rc = sheet_cell(sh, (lxw_col_t)k, NULL, true, sqlite3_column_int64(st, (int)k), NULL, err);
      else
        rc = sheet_cell(sh, (lxw_col_t)k, (const char *)sqlite3_column_text(st, (int)k), false, 0,
                        NULL, err);
    }
    if (rc || (rc = sheet_end_row(sh, err)))
      goto out;
  }
  if (step != SQLITE_DONE)
    rc = ps_err_db(err, p->db, "export");
out:
  sqlite3_finalize(st);
  return rc;
}

/* ---- the formats ---- */

/* The filter's conditions and the session order appended to a statement. */
static int filtered_sql(struct psst *p, const struct psst_filter *f, const char *base,
                        const char *order, struct ps_buf *sql, struct ps_binds *b,
                        struct psst_error *err) {
  if (ps_buf_puts(sql, base))
    return ps_err(err, PSST_ENOMEM, "out of memory");
  int rc = ps_filter_sql(p, f, sql, b, err);
  if (!rc && ps_buf_puts(sql, order))
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  return rc;
}

/* X.csv gives X.lecturers.csv; any other name gets .lecturers.csv appended. */
static char *lecturers_path(const char *path) {
  struct ps_buf b = {0};
  size_t n = strlen(path);
  bool csv = n > 4 && !strcasecmp(path + n - 4, ".csv");
  if (ps_buf_add(&b, path, csv ? n - 4 : n) || ps_buf_puts(&b, ".lecturers.csv")) {
    ps_buf_release(&b);
    return NULL;
  }
  return ps_buf_detach(&b);
}

static int export_csv(struct psst *p, const struct psst_filter *f, const char *path,
                      struct psst_error *err) {
  struct afile main_file = {0}, lect_file = {0};
  struct ps_buf sql = {0}, sql_l = {0};
  struct ps_binds b = {0}, b_l = {0};
  struct sheet sh = {.path = path, .name = "sessions"}, sh_l = {.name = "lecturers"};
  char *lpath = lecturers_path(path);
  int rc = PSST_OK;
  if (!lpath) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  sh_l.path = lpath;
  /* the filter is checked before any file is created */
  if ((rc = filtered_sql(p, f, session_sql, " ORDER BY s.term, s.number", &sql, &b, err)) ||
      (rc = filtered_sql(p, f, lecturer_sql, " ORDER BY s.term, s.number, l.ord", &sql_l, &b_l,
                         err)))
    goto out;
  if ((rc = afile_open(&main_file, path, true, err)) ||
      (rc = afile_open(&lect_file, lpath, true, err)))
    goto out;
  sh.fp = main_file.fp;
  sh_l.fp = lect_file.fp;
  if ((rc = sheet_query(p, &sh, sql.s, &b, session_cols, NCOLS(session_cols), err)) ||
      (rc = sheet_query(p, &sh_l, sql_l.s, &b_l, lecturer_cols, NCOLS(lecturer_cols), err)) ||
      (rc = afile_sync(&main_file, err)) || (rc = afile_sync(&lect_file, err)))
    goto out;
  /* the companion first: when the file the user named is new, so is the other */
  if ((rc = afile_commit(&lect_file, err)) || (rc = afile_commit(&main_file, err)))
    goto out;
out:
  afile_abort(&main_file);
  afile_abort(&lect_file);
  ps_buf_release(&sh.line);
  ps_buf_release(&sh_l.line);
  ps_binds_release(&b);
  ps_binds_release(&b_l);
  ps_buf_release(&sql);
  ps_buf_release(&sql_l);
  free(lpath);
  return rc;
}

static int export_json(struct psst *p, const struct psst_filter *f, const char *path,
                       struct psst_error *err) {
  struct afile a = {0};
  struct ps_buf sql = {0};
  struct ps_binds b = {0};
  sqlite3_stmt *st = NULL;
  int rc = filtered_sql(p, f, "SELECT s.record FROM sessions s WHERE 1",
                        " ORDER BY s.term, s.number", &sql, &b, err);
  if (rc || (rc = ps_prepare(p, sql.s, &st, err)) || (rc = afile_open(&a, path, true, err)))
    goto out;
  ps_binds_apply(st, &b, 1);
  size_t n = 0;
  int step;
  fputs("[\n", a.fp);
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    if (n++)
      fputs(",\n", a.fp);
    fwrite(sqlite3_column_text(st, 0), 1, (size_t)sqlite3_column_bytes(st, 0), a.fp);
    if (ferror(a.fp)) {
      rc = write_error(err, path, errno);
      goto out;
    }
  }
  if (step != SQLITE_DONE) {
    rc = ps_err_db(err, p->db, "export");
    goto out;
  }
  fputs(n ? "\n]\n" : "]\n", a.fp);
  if ((rc = afile_sync(&a, err)) || (rc = afile_commit(&a, err)))
    goto out;
out:
  afile_abort(&a);
  sqlite3_finalize(st);
  ps_binds_release(&b);
  ps_buf_release(&sql);
  return rc;
}

static int add_sheet(const struct ps_xlsx_api *X, lxw_workbook *wb, struct sheet *sh,
                     const char *path, const char *name, lxw_format *bold, struct psst_error *err) {
  memset(sh, 0, sizeof *sh);
  sh->X = X;
  sh->path = path;
  sh->name = name;
  sh->bold = bold;
  if (!(sh->ws = X->workbook_add_worksheet(wb, name)))
    return ps_err(err, PSST_ENOMEM, "%s: cannot add the sheet %s", path, name);
  return PSST_OK;
}

static int export_xlsx(struct psst *p, const struct psst_filter *f, const char *path,
                       struct psst_error *err) {
  struct afile a = {0};
  struct ps_buf sql = {0}, sql_l = {0};
  struct ps_binds b = {0}, b_l = {0};
  struct sheet sh;
  lxw_workbook *wb = NULL;
  int rc;
  const struct ps_xlsx_api *X;
  if ((rc = ps_module_get("xlsx", "ps_mod_xlsx", (const void **)&X, err)))
    return rc;
  if ((rc = filtered_sql(p, f, session_sql, " ORDER BY s.term, s.number", &sql, &b, err)) ||
      (rc = filtered_sql(p, f, lecturer_sql, " ORDER BY s.term, s.number, l.ord", &sql_l, &b_l,
                         err)) ||
      (rc = afile_open(&a, path, false, err)))
    goto out;
  /* rows are written in order, so each sheet can go to disk as it is written */
  lxw_workbook_options opts = {.constant_memory = LXW_TRUE};
  lxw_format *bold;
  if (!(wb = X->workbook_new_opt(a.tmp, &opts)) || !(bold = X->workbook_add_format(wb))) {
    rc = ps_err(err, PSST_ENOMEM, "%s: out of memory", path);
    goto out;
  }
  X->format_set_bold(bold);
  if ((rc = add_sheet(X, wb, &sh, path, "sessions", bold, err)) ||
      (rc = sheet_query(p, &sh, sql.s, &b, session_cols, NCOLS(session_cols), err)) ||
      (rc = add_sheet(X, wb, &sh, path, "lecturers", bold, err)) ||
      (rc = sheet_query(p, &sh, sql_l.s, &b_l, lecturer_cols, NCOLS(lecturer_cols), err)) ||
      (rc = add_sheet(X, wb, &sh, path, "topics", bold, err)) ||
      (rc = sheet_query(p, &sh, "SELECT code, label_en, label_zh FROM topics ORDER BY ord", NULL,
                        code_cols, NCOLS(code_cols), err)) ||
      (rc = add_sheet(X, wb, &sh, path, "tags", bold, err)) ||
      (rc = sheet_query(p, &sh, "SELECT code, label_en, label_zh FROM tags ORDER BY ord", NULL,
                        code_cols, NCOLS(code_cols), err)) ||
      (rc = add_sheet(X, wb, &sh, path, "institutions", bold, err)) ||
      (rc = sheet_query(p, &sh, "SELECT code, name_zh, name_en FROM institutions ORDER BY id", NULL,
                        institution_cols, NCOLS(institution_cols), err)))
    goto out;
  errno = 0;
  lxw_error e = X->workbook_close(wb);
  wb = NULL;
  if (e) {
    /* the system's reason, when there is one, says more than the zip library's */
    int saved = errno;
    if (e == LXW_ERROR_MEMORY_MALLOC_FAILED || saved == ENOMEM)
      rc = ps_err(err, PSST_ENOMEM, "%s: out of memory", path);
    else
      rc = ps_err(err, PSST_EIO, "%s: cannot write: %s", path,
                  saved ? strerror(saved) : X->strerror(e));
    goto out;
  }
  if ((rc = afile_sync(&a, err)) || (rc = afile_commit(&a, err)))
    goto out;
out:
  if (wb)
    X->workbook_free(wb);
  afile_abort(&a);
  ps_binds_release(&b);
  ps_binds_release(&b_l);
  ps_buf_release(&sql);
  ps_buf_release(&sql_l);
  return rc;
}

/* SQLite's file errors are the user's (a full disk, a folder they cannot write). */
static int copy_error(struct psst_error *err, sqlite3 *db, const char *path, const char *what) {
  int code = db ? sqlite3_errcode(db) : SQLITE_CANTOPEN;
  const char *msg = db ? sqlite3_errmsg(db) : "cannot open";
  if (code == SQLITE_NOMEM)
    return ps_err(err, PSST_ENOMEM, "%s: out of memory", path);
  if (code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_CANTOPEN ||
      code == SQLITE_READONLY || code == SQLITE_PERM) {
    int e = db ? sqlite3_system_errno(db) : 0;
    return ps_err(err, PSST_EIO, "%s: cannot write: %s", path, e ? strerror(e) : msg);
  }
  return ps_err(err, PSST_EDB, "%s: %s: %s", path, what, msg);
}

static int exec_copy(sqlite3 *db, const char *path, const char *sql, struct psst_error *err) {
  return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK
             ? PSST_OK
             : copy_error(err, db, path, "preparing the copy");
}

/*
 * The sessions the filter leaves out go, with their rows in the child tables and the
 * people no longer lecturing anywhere; the codebook, terms and institutions stay whole.
 */
static const char prune_sql[] =
    "DELETE FROM session_topics WHERE session_id NOT IN (SELECT id FROM temp.keep);"
    "DELETE FROM session_tech WHERE session_id NOT IN (SELECT id FROM temp.keep);"
    "DELETE FROM lectures WHERE session_id NOT IN (SELECT id FROM temp.keep);"
    "DELETE FROM lecture_institutions WHERE session_id NOT IN (SELECT id FROM temp.keep);"
    "DELETE FROM speakers WHERE session_id NOT IN (SELECT id FROM temp.keep);"
    "DELETE FROM sources WHERE session_id NOT IN (SELECT id FROM temp.keep);"
    "DELETE FROM sessions WHERE id NOT IN (SELECT id FROM temp.keep);"
    "DELETE FROM persons WHERE id NOT IN (SELECT person_id FROM lectures);"
    "DROP TABLE temp.keep;"
    "ANALYZE;";

static int prune(struct psst *p, const struct psst_filter *f, sqlite3 *db, const char *path,
                 struct psst_error *err) {
  struct ps_buf sql = {0};
  struct ps_binds b = {0};
  sqlite3_stmt *st = NULL;
  int rc = filtered_sql(p, f, "INSERT INTO temp.keep SELECT s.id FROM sessions s WHERE 1", "", &sql,
                        &b, err);
  if (rc || (rc = exec_copy(db, path, "CREATE TEMP TABLE keep(id INTEGER PRIMARY KEY)", err)))
    goto out;
  if (sqlite3_prepare_v2(db, sql.s, -1, &st, NULL) != SQLITE_OK) {
    rc = copy_error(err, db, path, "filtering the copy");
    goto out;
  }
  ps_binds_apply(st, &b, 1);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = copy_error(err, db, path, "filtering the copy");
    goto out;
  }
  rc = exec_copy(db, path, prune_sql, err);
out:
  sqlite3_finalize(st);
  ps_binds_release(&b);
  ps_buf_release(&sql);
  return rc;
}

static int export_sqlite(struct psst *p, const struct psst_filter *f, const char *path,
                         struct psst_error *err) {
  struct afile a = {0};
  sqlite3_stmt *st = NULL;
  sqlite3 *db = NULL;
  struct ps_buf check = {0};
  struct ps_binds b = {0};
  /* a bad filter is reported before the copy is made */
  int rc = filtered_sql(p, f, "SELECT 1 FROM sessions s WHERE 1", "", &check, &b, err);
  if (rc || (rc = afile_open(&a, path, false, err)))
    goto out;
  /* VACUUM INTO copies a consistent snapshot, also from a read-only connection */
  if (ps_prepare(p, "VACUUM INTO ?", &st, err) != PSST_OK) {
    rc = copy_error(err, p->db, path, "copying the database");
    goto out;
  }
  sqlite3_bind_text(st, 1, a.tmp, -1, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = copy_error(err, p->db, path, "copying the database");
    goto out;
  }
  if (sqlite3_open_v2(a.tmp, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    rc = copy_error(err, db, path, "opening the copy");
    goto out;
  }
  /* dropping the full-text table needs its tokenizer; the copy goes without it, since
     no other program could read it without psst's tokenizer loaded */
  if (ps_fts_register(db) != SQLITE_OK) {
    rc = copy_error(err, db, path, "registering the full-text tokenizer");
    goto out;
  }
  /* the temporary file is deleted on any failure: a journal would protect nothing */
  if ((rc = exec_copy(db, path, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;", err)) ||
      (rc = exec_copy(db, path, "BEGIN", err)))
    goto out;
  if (!ps_filter_empty(f) && (rc = prune(p, f, db, path, err)))
    goto out;
  /* where and when the exporter built it means nothing to the reader of the copy; the
     precomputed counts (stats.c) are the whole record's, wrong for a filtered copy and
     derivable from the rows in any other */
  if ((rc = exec_copy(db, path,
                      "DROP TABLE sessions_fts;"
                      "DROP TABLE counts;"
                      "DELETE FROM meta WHERE key = 'data_dir' OR key LIKE 'stamp:%';"
                      "COMMIT; VACUUM;",
                      err)))
    goto out;
  if (sqlite3_close(db) != SQLITE_OK) {
    rc = copy_error(err, db, path, "closing the copy");
    goto out;
  }
  db = NULL;
  if ((rc = afile_sync(&a, err)) || (rc = afile_commit(&a, err)))
    goto out;
out:
  sqlite3_finalize(st);
  if (db)
    sqlite3_close(db);
  afile_abort(&a);
  ps_binds_release(&b);
  ps_buf_release(&check);
  return rc;
}

int psst_export(struct psst *p, const struct psst_filter *f, enum psst_export_format fmt,
                const char *path, struct psst_error *err) {
  if (!p || !path || !*path)
    return ps_err(err, PSST_EINVAL, "export: no file name");
  if (ps_filter_empty(f))
    f = NULL;
  switch (fmt) {
  case PSST_EXPORT_CSV:
    return export_csv(p, f, path, err);
  case PSST_EXPORT_JSON:
    return export_json(p, f, path, err);
  case PSST_EXPORT_XLSX:
    return export_xlsx(p, f, path, err);
  case PSST_EXPORT_SQLITE:
    return export_sqlite(p, f, path, err);
  }
  return ps_err(err, PSST_EINVAL, "export: unknown format %d", (int)fmt);
}
