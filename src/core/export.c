/*
 * export.c: psst_export, the record (or the part a filter selects) written out for
 * other tools: CSV for spreadsheets and R or pandas, the stored JSON records, an Excel
 * workbook (export_xlsx.c), Stata files (export_dta.c), or a copy of the normalised
 * SQLite database.
 *
 * Every file is written under a temporary name beside its target (ps_target, jsonutil.c),
 * synced to disk and renamed over the target only when all of it was written, so
 * that a failed export (full disk, bad filter, a spreadsheet limit) leaves an
 * existing file as it was and no partial file behind. An export to a stream (psst
 * export -o -) writes CSV and JSON as it reads them; the binary formats are made in a
 * temporary file first, since their libraries write to a name, and then copied.
 *
 * CSV, XLSX and DTA read the same tables (ps_x_sessions, ...): SQL statements over the
 * normalised tables, in which a session's lists come back in a stable order (lectures,
 * speakers and sources as in the record, topics and tags in codebook order, like psst
 * list).
 */
#include "export_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define NCOLS(v) (sizeof v / sizeof *v)

/* ---- the tables ---- */

static const struct ps_xcol session_cols[] = {
    {"id", PS_X_TEXT, "session id, term-number: 19-18 is the 19th term's 18th session"},
    {"term", PS_X_INT, "term of the Central Committee (16: elected 2002)"},
    {"number", PS_X_INT, "number of the session within its term"},
    {"date", PS_X_DATE, "day the session was held; empty when not known"},
    {"date_from", PS_X_DATE, "first day it can have been held (the date when known)"},
    {"date_to", PS_X_DATE, "last day it can have been held (the date when known)"},
    {"year", PS_X_INT, "year counted in: the date's, or the window's within one year"},
    {"leader", PS_X_TEXT, "General Secretary presiding"},
    {"leader_zh", PS_X_TEXT, "General Secretary presiding, in Chinese"},
    {"title_zh", PS_X_TEXT, "subject as the readout words it, in Chinese"},
    {"title_en", PS_X_TEXT, "subject in English (the record's rendering)"},
    {"format", PS_X_TEXT, "lecture, self-study or field; empty when not known"},
    {"topic", PS_X_TEXT, "primary topic (a code of the codebook); empty when not known"},
    {"topics", PS_X_TEXT, "secondary topics (codes), joined with ;"},
    {"tech", PS_X_TEXT, "technology tags (codes), joined with ;"},
    {"lecturers_zh", PS_X_TEXT, "lecturers' names in Chinese, in order, joined with ;"},
    {"lecturers_en", PS_X_TEXT, "lecturers' names in English, in order, joined with ;"},
    {"affiliations_zh", PS_X_TEXT, "lecturers' posts then, in Chinese, joined with ;"},
    {"affiliations_en", PS_X_TEXT, "lecturers' posts then, in English, joined with ;"},
    {"speakers", PS_X_TEXT, "members who spoke at a self-study session, joined with ;"},
    {"sources", PS_X_TEXT, "addresses of the texts the record rests on, space-separated"},
    {"source_publishers", PS_X_TEXT, "publisher of each source, joined with ;"},
    {"source_kinds", PS_X_TEXT, "kind of each source (readout, broadcast, ...), joined with ;"},
    {"confidence", PS_X_TEXT, "high, medium or low: how well official texts support it"},
    {"notes", PS_X_TEXT, "what the curators noted: sources tried, disagreements"},
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

const struct ps_xtable ps_x_sessions = {"sessions", session_cols, NCOLS(session_cols), session_sql,
                                        " ORDER BY s.term, s.number"};

static const struct ps_xcol lecturer_cols[] = {
    {"session_id", PS_X_TEXT, "session id, term-number"},
    {"term", PS_X_INT, "term of the Central Committee"},
    {"number", PS_X_INT, "number of the session within its term"},
    {"date", PS_X_DATE, "day the session was held; empty when not known"},
    {"ord", PS_X_INT, "place among the session's lecturers (1: the first)"},
    {"name_zh", PS_X_TEXT, "lecturer's name in Chinese"},
    {"name_en", PS_X_TEXT, "lecturer's name in English"},
    {"affiliation_zh", PS_X_TEXT, "lecturer's post at the time, in Chinese"},
    {"affiliation_en", PS_X_TEXT, "lecturer's post at the time, in English"},
    {"institutions", PS_X_TEXT, "institutions the post names (codes), joined with ;"},
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

const struct ps_xtable ps_x_lecturers = {"lecturers", lecturer_cols, NCOLS(lecturer_cols),
                                         lecturer_sql, " ORDER BY s.term, s.number, l.ord"};

static const struct ps_xcol code_cols[] = {{"code", PS_X_TEXT, "the code the data uses"},
                                           {"label_en", PS_X_TEXT, "what it means, in English"},
                                           {"label_zh", PS_X_TEXT, "what it means, in Chinese"}};
static const struct ps_xcol institution_cols[] = {
    {"code", PS_X_TEXT, "the code the data uses"},
    {"name_zh", PS_X_TEXT, "the institution's name in Chinese"},
    {"name_en", PS_X_TEXT, "the institution's name in English"}};

const struct ps_xtable ps_x_topics = {"topics", code_cols, NCOLS(code_cols),
                                      "SELECT code, label_en, label_zh FROM topics ORDER BY ord",
                                      NULL};
const struct ps_xtable ps_x_tags = {"tags", code_cols, NCOLS(code_cols),
                                    "SELECT code, label_en, label_zh FROM tags ORDER BY ord", NULL};
const struct ps_xtable ps_x_institutions = {
    "institutions", institution_cols, NCOLS(institution_cols),
    "SELECT code, name_zh, name_en FROM institutions ORDER BY id", NULL};

/* The filter's conditions and the order appended to a statement. */
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

int ps_x_query(struct psst *p, const struct ps_xtable *t, const struct psst_filter *f,
               struct ps_xquery *q, struct psst_error *err) {
  memset(q, 0, sizeof *q);
  if (!t->order)
    return ps_prepare(p, t->sql, &q->st, err);
  struct ps_buf sql = {0};
  int rc = filtered_sql(p, f, t->sql, t->order, &sql, &q->binds, err);
  if (!rc && !(rc = ps_prepare(p, sql.s, &q->st, err)))
    ps_binds_apply(q->st, &q->binds, 1);
  ps_buf_release(&sql);
  return rc;
}

void ps_x_query_end(struct ps_xquery *q) {
  sqlite3_finalize(q->st);
  q->st = NULL;
  ps_binds_release(&q->binds);
}

int ps_x_check_filter(struct psst *p, const struct psst_filter *f, struct psst_error *err) {
  struct ps_buf sql = {0};
  struct ps_binds b = {0};
  int rc = filtered_sql(p, f, "", "", &sql, &b, err);
  ps_binds_release(&b);
  ps_buf_release(&sql);
  return rc;
}

char *ps_x_selection(const struct psst_filter *f) {
  if (ps_filter_empty(f))
    return ps_strdup("every session");
  struct ps_buf b = {0};
  int rc = ps_buf_puts(&b, "the sessions");
  const char *sep = " with ";
  /* the options' own words, so that the line says how to select the same again */
  if (f->term)
    rc |= ps_buf_printf(&b, " of term %d", f->term);
  if (f->year)
    rc |= ps_buf_printf(&b, " of %d", f->year);
  if (f->from)
    rc |= ps_buf_printf(&b, " from %s", f->from);
  if (f->to)
    rc |= ps_buf_printf(&b, " to %s", f->to);
  const struct {
    const char *name, *value;
  } words[] = {{"leader", f->leader},      {"topic", f->topic},
               {"tech", f->tech},          {"format", f->format},
               {"lecturer", f->lecturer},  {"institution", f->institution},
               {"changes since", f->since}};
  for (size_t i = 0; i < NCOLS(words); i++)
    if (words[i].value) {
      rc |= ps_buf_printf(&b, "%s%s %s", sep, words[i].name, words[i].value);
      sep = ", ";
    }
  if (rc) {
    ps_buf_release(&b);
    return NULL;
  }
  return ps_buf_detach(&b);
}

char *ps_x_companion(const char *path, const char *ext, const char *table) {
  struct ps_buf b = {0};
  size_t n = strlen(path), e = strlen(ext);
  bool has_ext = n > e && !strcasecmp(path + n - e, ext);
  if (ps_buf_add(&b, path, has_ext ? n - e : n) || ps_buf_printf(&b, ".%s%s", table, ext)) {
    ps_buf_release(&b);
    return NULL;
  }
  return ps_buf_detach(&b);
}

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

int ps_x_write_error(struct psst_error *err, const char *path, int e) {
  return ps_err(err, e == ENOMEM ? PSST_ENOMEM : PSST_EIO, "%s: cannot write: %s", path,
                strerror(e));
}

/* Creates the temporary file empty (also for writers that take a file name, so that
   an unwritable folder is reported with its reason, and VACUUM INTO finds it empty). */
int ps_afile_open(struct ps_afile *a, const char *path, bool stream, struct psst_error *err) {
  memset(a, 0, sizeof *a);
  a->path = path;
  a->t.fd = -1;
  /* a pipe or a device was sent to the stream export (psst_export_to); the companion
     files are always regular */
  int rc = ps_target_open(&a->t, path, false, err);
  if (rc)
    return rc;
  a->tmp = a->t.tmp;
  if (!stream) {
    int e = close(a->t.fd) ? errno : 0;
    a->t.fd = -1;
    return e ? ps_x_write_error(err, path, e) : PSST_OK;
  }
  if (!(a->fp = fdopen(a->t.fd, "wb")))
    return ps_x_write_error(err, path, errno);
  a->t.fd = -1; /* the stream owns it now */
  return PSST_OK;
}

int ps_afile_sync(struct ps_afile *a, struct psst_error *err) {
  int e = 0;
  if (a->fp) {
    if (fflush(a->fp) || ferror(a->fp))
      e = errno ? errno : EIO;
    if (fclose(a->fp) && !e)
      e = errno;
    a->fp = NULL;
  }
  if (e)
    return ps_x_write_error(err, a->path, e);
  /* the file as the library left it reaches the disk now, before any rename: a writer of
     two files (CSV, DTA) renames them only when both are safe */
  return ps_target_sync(&a->t, err);
}

int ps_afile_commit(struct ps_afile *a, struct psst_error *err) {
  return ps_target_commit(&a->t, err);
}

void ps_afile_abort(struct ps_afile *a) {
  if (a->fp)
    fclose(a->fp);
  a->fp = NULL;
  ps_target_abort(&a->t);
}

/* ---- CSV ---- */

/* Writes the header and every row of t to fp, the byte-order mark first with `bom`. */
static int csv_table(struct psst *p, const struct ps_xtable *t, const struct psst_filter *f,
                     bool bom, FILE *fp, const char *name, struct psst_error *err) {
  struct ps_xquery q;
  struct ps_buf line = {0};
  int rc = ps_x_query(p, t, f, &q, err);
  if (rc)
    goto out;
  if (bom)
    fputs(PSST_UTF8_BOM, fp);
  bool oom = false;
  for (size_t k = 0; k < t->ncols; k++)
    oom |= (k && ps_buf_putc(&line, ',')) || ps_csv_field(&line, t->cols[k].name);
  oom |= ps_buf_puts(&line, "\r\n") != 0;
  int step = SQLITE_ROW;
  while (!oom) {
    errno = 0;
    if (fwrite(line.s, 1, line.len, fp) != line.len || ferror(fp)) {
      rc = ps_x_write_error(err, name, errno ? errno : EIO);
      goto out;
    }
    line.len = 0;
    if ((step = sqlite3_step(q.st)) != SQLITE_ROW)
      break;
    for (size_t k = 0; k < t->ncols; k++)
      oom |= (k && ps_buf_putc(&line, ',')) ||
             ps_csv_field(&line, (const char *)sqlite3_column_text(q.st, (int)k));
    oom |= ps_buf_puts(&line, "\r\n") != 0;
  }
  if (oom)
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  else if (step != SQLITE_DONE)
    rc = ps_err_db(err, p->db, "export");
out:
  ps_buf_release(&line);
  ps_x_query_end(&q);
  return rc;
}

static int export_csv(struct psst *p, const struct psst_filter *f, bool bom, const char *path,
                      struct psst_error *err) {
  struct ps_afile main_file = {0}, lect_file = {0};
  char *lpath = ps_x_companion(path, ".csv", "lecturers");
  int rc = PSST_OK;
  if (!lpath) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  /* the filter is checked before any file is created */
  if ((rc = ps_x_check_filter(p, f, err)) || (rc = ps_afile_open(&main_file, path, true, err)) ||
      (rc = ps_afile_open(&lect_file, lpath, true, err)))
    goto out;
  if ((rc = csv_table(p, &ps_x_sessions, f, bom, main_file.fp, path, err)) ||
      (rc = csv_table(p, &ps_x_lecturers, f, bom, lect_file.fp, lpath, err)) ||
      (rc = ps_afile_sync(&main_file, err)) || (rc = ps_afile_sync(&lect_file, err)))
    goto out;
  /* both are on the disk now. The companion is renamed first, so that when the file the
     user named is new, so is the other; the folder is synced once, after both renames. A
     power cut before that sync keeps neither, one or both renames: where the file system
     keeps them in order (a journal does), the only mix is the new lecturers beside the old
     sessions, never the reverse; a failed second rename leaves the same, with exit 3
     (docs/robustness.md) */
  if ((rc = ps_target_rename(&lect_file.t, err)) || (rc = ps_target_rename(&main_file.t, err)))
    goto out;
  ps_target_sync_folder(&main_file.t);
out:
  ps_afile_abort(&main_file);
  ps_afile_abort(&lect_file);
  free(lpath);
  return rc;
}

/* ---- JSON ---- */

/*
 * The records as the data file holds them, each with its id first and, last, the days it
 * was held within and the year it counts in (as CSV's date_from, date_to and year), so that
 * a program needs neither to join term and number nor to work out an undated session's
 * window. The record is spliced, not re-encoded: its keys keep their order and values.
 */
static int json_records(struct psst *p, const struct psst_filter *f, FILE *fp, const char *name,
                        struct psst_error *err) {
  struct ps_buf sql = {0};
  struct ps_binds b = {0};
  sqlite3_stmt *st = NULL;
  int rc = filtered_sql(p, f,
                        "SELECT s.term || '-' || s.number, s.record, s.date_from, s.date_to,"
                        " s.year FROM sessions s WHERE 1",
                        " ORDER BY s.term, s.number", &sql, &b, err);
  if (rc || (rc = ps_prepare(p, sql.s, &st, err)))
    goto out;
  ps_binds_apply(st, &b, 1);
  size_t n = 0;
  int step;
  fputs("[\n", fp);
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    const char *rec = (const char *)sqlite3_column_text(st, 1);
    const char *open = rec ? strchr(rec, '{') : NULL, *close = rec ? strrchr(rec, '}') : NULL;
    if (!open || close <= open) {
      rc = ps_err(err, PSST_EDB, "export: the stored record of %s is not a JSON object",
                  (const char *)sqlite3_column_text(st, 0));
      goto out;
    }
    fputs(n++ ? ",\n{\"id\": " : "{\"id\": ", fp);
    psst_json_string(fp, (const char *)sqlite3_column_text(st, 0));
    /* an empty object would need no comma; every record has term and number */
    fputs(", ", fp);
    fwrite(open + 1, 1, (size_t)(close - open - 1), fp);
    for (int k = 2; k <= 3; k++) {
      fputs(k == 2 ? ", \"date_from\": " : ", \"date_to\": ", fp);
      if (sqlite3_column_type(st, k) == SQLITE_NULL)
        fputs("null", fp);
      else
        psst_json_string(fp, (const char *)sqlite3_column_text(st, k));
    }
    if (sqlite3_column_type(st, 4) == SQLITE_NULL)
      fputs(", \"year\": null}", fp);
    else
      fprintf(fp, ", \"year\": %lld}", (long long)sqlite3_column_int64(st, 4));
    if (ferror(fp)) {
      rc = ps_x_write_error(err, name, errno ? errno : EIO);
      goto out;
    }
  }
  if (step != SQLITE_DONE) {
    rc = ps_err_db(err, p->db, "export");
    goto out;
  }
  fputs(n ? "\n]\n" : "]\n", fp);
out:
  sqlite3_finalize(st);
  ps_binds_release(&b);
  ps_buf_release(&sql);
  return rc;
}

static int export_json(struct psst *p, const struct psst_filter *f, const char *path,
                       struct psst_error *err) {
  struct ps_afile a = {0};
  int rc = ps_x_check_filter(p, f, err);
  if (!rc && !(rc = ps_afile_open(&a, path, true, err)) &&
      !(rc = json_records(p, f, a.fp, path, err)) && !(rc = ps_afile_sync(&a, err)))
    rc = ps_afile_commit(&a, err);
  ps_afile_abort(&a);
  return rc;
}

/* ---- SQLite ---- */

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

/* The connection's PRAGMA synchronous (FULL, SQLite's default, when it cannot say). */
static int sync_level(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  int level = 2;
  if (sqlite3_prepare_v2(db, "PRAGMA synchronous", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    level = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return level;
}

static int export_sqlite(struct psst *p, const struct psst_filter *f, const char *path,
                         struct psst_error *err) {
  struct ps_afile a = {0};
  sqlite3_stmt *st = NULL;
  sqlite3 *db = NULL;
  /* a bad filter is reported before the copy is made */
  int rc = ps_x_check_filter(p, f, err);
  if (rc || (rc = ps_afile_open(&a, path, false, err)))
    goto out;
  /* VACUUM INTO copies a consistent snapshot, also from a read-only connection */
  if (ps_prepare(p, "VACUUM INTO ?", &st, err) != PSST_OK) {
    rc = copy_error(err, p->db, path, "copying the database");
    goto out;
  }
  sqlite3_bind_text(st, 1, a.tmp, -1, SQLITE_STATIC);
  /* VACUUM INTO syncs the copy as the source connection's synchronous says, and with it
     the folder, which names its rollback journal and the temporary file on the disk: a
     power cut then left both beside the export. The copy is worthless until psst syncs
     and renames it (ps_afile_commit), so SQLite need not sync it at all. */
  int sync_was = sync_level(p->db);
  if (sqlite3_exec(p->db, "PRAGMA synchronous=OFF", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_step(st) != SQLITE_DONE)
    rc = copy_error(err, p->db, path, "copying the database");
  char restore[40];
  snprintf(restore, sizeof restore, "PRAGMA synchronous=%d", sync_was);
  (void)sqlite3_exec(p->db, restore, NULL, NULL, NULL);
  if (rc)
    goto out;
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
  if ((rc = ps_afile_sync(&a, err)) || (rc = ps_afile_commit(&a, err)))
    goto out;
out:
  sqlite3_finalize(st);
  if (db)
    sqlite3_close(db);
  ps_afile_abort(&a);
  return rc;
}

/* ---- to a stream ---- */

static const char stream_name[] = "the output";

/* The file's bytes to fp. */
static int copy_file(const char *path, FILE *fp, struct psst_error *err) {
  FILE *in = fopen(path, "rb");
  if (!in)
    return ps_err(err, PSST_EIO, "%s: cannot read: %s", path, strerror(errno));
  char buf[65536];
  size_t n;
  int rc = PSST_OK;
  while (!rc && (n = fread(buf, 1, sizeof buf, in)) > 0)
    if (fwrite(buf, 1, n, fp) != n)
      rc = ps_x_write_error(err, stream_name, errno ? errno : EIO);
  if (!rc && ferror(in))
    rc = ps_err(err, PSST_EIO, "%s: cannot read: %s", path, strerror(errno));
  fclose(in);
  return rc;
}

/* A binary format made in a temporary file (its library writes to a name), then copied. */
static int export_via_file(struct psst *p, const struct psst_filter *f, enum psst_export_format fmt,
                           FILE *fp, struct psst_error *err) {
  const char *dir = getenv("TMPDIR");
  char path[4096];
  if ((size_t)snprintf(path, sizeof path, "%s/psst-export-XXXXXX", dir && *dir ? dir : "/tmp") >=
      sizeof path)
    return ps_x_write_error(err, "the temporary file", ENAMETOOLONG);
  int fd = mkstemp(path);
  if (fd < 0)
    return ps_err(err, PSST_EIO, "%s: cannot create a temporary file: %s", path, strerror(errno));
  close(fd);
  int rc;
  if (fmt == PSST_EXPORT_XLSX)
    rc = ps_export_xlsx(p, f, path, err);
  else if (fmt == PSST_EXPORT_DTA)
    rc = ps_export_dta(p, f, path, false, err);
  else
    rc = export_sqlite(p, f, path, err);
  if (!rc)
    rc = copy_file(path, fp, err);
  unlink(path);
  return rc;
}

static int export_stream(struct psst *p, const struct psst_filter *f,
                         const struct psst_export_opts *o, FILE *fp, struct psst_error *err) {
  int rc;
  switch (o->format) {
  case PSST_EXPORT_CSV:
    rc = csv_table(p, &ps_x_sessions, f, o->bom, fp, stream_name, err);
    break;
  case PSST_EXPORT_JSON:
    rc = json_records(p, f, fp, stream_name, err);
    break;
  default:
    rc = export_via_file(p, f, o->format, fp, err);
  }
  if (!rc && (fflush(fp) || ferror(fp)))
    rc = ps_x_write_error(err, stream_name, errno ? errno : EIO);
  return rc;
}

int psst_export_to(struct psst *p, const struct psst_filter *f, const struct psst_export_opts *o,
                   struct psst_error *err) {
  if (!p || !o || (!o->stream && (!o->path || !*o->path)))
    return ps_err(err, PSST_EINVAL, "export: no file name");
  if ((unsigned)o->format > PSST_EXPORT_DTA)
    return ps_err(err, PSST_EINVAL, "export: unknown format %d", (int)o->format);
  if (ps_filter_empty(f))
    f = NULL;
  if (!o->path)
    return export_stream(p, f, o, o->stream, err);
  /* a pipe, a device or /dev/stdout is written in place, as a stream: there is no file
     to replace, and a name renamed over it would take its place (the companion file of
     the lecturers has no place there) */
  if (ps_write_is_direct(o->path)) {
    struct ps_target t;
    int rc = ps_target_open(&t, o->path, true, err);
    FILE *fp = rc ? NULL : fdopen(t.fd, "wb");
    if (!rc && !fp)
      rc = ps_x_write_error(err, o->path, errno);
    if (fp)
      t.fd = -1;
    if (!rc)
      rc = export_stream(p, f, o, fp, err);
    if (fp && fclose(fp) && !rc)
      rc = ps_x_write_error(err, o->path, errno);
    ps_target_abort(&t);
    return rc;
  }
  switch (o->format) {
  case PSST_EXPORT_CSV:
    return export_csv(p, f, o->bom, o->path, err);
  case PSST_EXPORT_JSON:
    return export_json(p, f, o->path, err);
  case PSST_EXPORT_XLSX:
    return ps_export_xlsx(p, f, o->path, err);
  case PSST_EXPORT_SQLITE:
    return export_sqlite(p, f, o->path, err);
  case PSST_EXPORT_DTA:
    return ps_export_dta(p, f, o->path, true, err);
  }
  return ps_err(err, PSST_EINVAL, "export: unknown format %d", (int)o->format);
}

int psst_export(struct psst *p, const struct psst_filter *f, enum psst_export_format fmt,
                const char *path, struct psst_error *err) {
  struct psst_export_opts o = {.format = fmt, .path = path};
  return psst_export_to(p, f, &o, err);
}
