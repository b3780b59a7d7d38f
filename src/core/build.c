/*
 * build.c: derives the SQLite database from the data files.
 *
 * The build streams sessions.jsonl once, validating each record with the same code
 * as psst check and inserting it into normalised tables and the full-text index in
 * one transaction. It writes to a temporary file beside the target and renames it
 * over the target only when every check passed, so a reader never sees a half-built
 * database and a data file with errors never replaces a good database.
 */
#include "followups_int.h"
#include "fts_markers.h"
#include "internal.h"
#include "load_int.h"
#include "phrase_int.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char schema[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    "CREATE TABLE topics(code TEXT PRIMARY KEY, ord INTEGER, label_en TEXT, label_zh TEXT);"
    "CREATE TABLE tags(code TEXT PRIMARY KEY, ord INTEGER, label_en TEXT, label_zh TEXT);"
    "CREATE TABLE formats(code TEXT PRIMARY KEY, ord INTEGER, label_en TEXT, label_zh TEXT);"
    "CREATE TABLE terms(term INTEGER PRIMARY KEY, leader TEXT, leader_zh TEXT, date_from TEXT,"
    " date_to TEXT, sessions_stated INTEGER);"
    "CREATE TABLE sessions(id INTEGER PRIMARY KEY, term INTEGER NOT NULL, number INTEGER NOT NULL,"
    " date TEXT, year INTEGER, leader TEXT NOT NULL, title_zh TEXT NOT NULL, title_en TEXT NOT "
    "NULL,"
    " format TEXT, topic TEXT, confidence TEXT NOT NULL, notes TEXT NOT NULL, line INTEGER,"
    " record TEXT NOT NULL, date_from TEXT, date_to TEXT, date_status TEXT, added TEXT,"
    " updated TEXT);"
    "CREATE TABLE session_topics(session_id INTEGER, topic TEXT, is_primary INTEGER,"
    " PRIMARY KEY(session_id, topic)) WITHOUT ROWID;"
    "CREATE TABLE session_tech(session_id INTEGER, tag TEXT, PRIMARY KEY(session_id, tag))"
    " WITHOUT ROWID;"
    "CREATE TABLE persons(id INTEGER PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL);"
    "CREATE TABLE institutions(id INTEGER PRIMARY KEY, code TEXT UNIQUE, name_zh TEXT,"
    " name_en TEXT);"
    "CREATE TABLE lectures(session_id INTEGER, ord INTEGER, person_id INTEGER,"
    " affiliation_zh TEXT, affiliation_en TEXT, PRIMARY KEY(session_id, ord)) WITHOUT ROWID;"
    "CREATE TABLE lecture_institutions(session_id INTEGER, ord INTEGER, institution_id INTEGER,"
    " PRIMARY KEY(session_id, ord, institution_id)) WITHOUT ROWID;"
    "CREATE TABLE speakers(session_id INTEGER, ord INTEGER, name TEXT,"
    " PRIMARY KEY(session_id, ord)) WITHOUT ROWID;"
    "CREATE TABLE sources(session_id INTEGER, ord INTEGER, url TEXT, publisher TEXT, kind TEXT,"
    " published TEXT, supports TEXT, via TEXT, quote TEXT, note TEXT,"
    " PRIMARY KEY(session_id, ord)) WITHOUT ROWID;"
    /* contentless: the index alone, 0.77 of the corpus's bytes less at a million sessions.
       The few rows a search shows get their texts back from the record (ps_index_text) */
    "CREATE VIRTUAL TABLE sessions_fts USING fts5(title_zh, title_en, people, affiliations,"
    " codes, notes, tokenize='psst', content='');"
    /* what the analyses count over the whole record, computed once (stats.c) */
    "CREATE TABLE counts(dims TEXT NOT NULL, a, b, n INTEGER NOT NULL);";

/*
 * The window of every undated session: after the latest dated session numbered before
 * it in its term (or the term's start) and before the earliest one numbered after it
 * (or the term's end; today for the sitting term), narrowed by its curated bounds. A
 * window within one calendar year gives the session its year, so that the analyses
 * count it there; the others are "uncertain" (docs/data-format.md, "Unknown dates").
 * Runs after the load, with the index on (term, number) in place.
 */
static const char windows[] =
    /* one pass in (term, number) order: the dates before and after each session (dates
       rise with the numbers within a term, which psst check ensures) */
    "WITH o AS (SELECT id, term,"
    "  max(date) OVER (PARTITION BY term ORDER BY number"
    "    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev,"
    "  min(date) OVER (PARTITION BY term ORDER BY number"
    "    ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next, date"
    "  FROM sessions),"
    " w AS (SELECT o.id,"
    "  date(coalesce(o.prev, date(t.date_from, '-1 day')), '+1 day') AS lo,"
    "  date(coalesce(o.next, date(coalesce(nullif(t.date_to, ''), date('now')), '+1 day')),"
    "    '-1 day') AS hi"
    "  FROM o JOIN terms t ON t.term = o.term WHERE o.date IS NULL)"
    " UPDATE sessions SET"
    "  date_from = CASE WHEN date_from IS NULL OR date_from < w.lo THEN w.lo ELSE date_from END,"
    "  date_to = CASE WHEN date_to IS NULL OR date_to > w.hi THEN w.hi ELSE date_to END"
    " FROM w WHERE sessions.id = w.id;"
    "UPDATE sessions SET year = CAST(substr(date_from, 1, 4) AS INTEGER)"
    " WHERE date IS NULL AND substr(date_from, 1, 4) = substr(date_to, 1, 4);"
    "UPDATE sessions SET date_status = CASE WHEN date IS NOT NULL THEN 'exact'"
    " WHEN year IS NOT NULL THEN 'year' ELSE 'uncertain' END;";

/* Indexes are made after the load: one sort each instead of a b-tree update per row. */
static const char indexes[] =
    "CREATE INDEX sessions_year_topic ON sessions(year, topic, date);"
    /* a year's sessions in the listing's order: its first page without a sort */
    "CREATE INDEX sessions_year_order ON sessions(year, term, number);"
    /* the undated sessions' windows, for the date filters' caveat (filter.c): a few
       thousand entries at a million sessions, read without a lookup of each row */
    "CREATE INDEX sessions_undated ON sessions(date, date_from, date_to) WHERE date IS NULL;"
    "CREATE INDEX counts_dims ON counts(dims);"
    /* the columns the analyses group and filter by, narrow: a filter's set of sessions is
       looked up here rather than in the wide rows (stats.c, sessions_from) */
    "CREATE INDEX sessions_keys ON sessions(id, year, term, leader, topic, format, confidence,"
    " date, date_from, date_to);"
    "CREATE INDEX sessions_date ON sessions(date);"
    "CREATE INDEX sessions_date_from ON sessions(date_from, date_to);"
    /* the records changed since a day, and the latest changes first (the Atom feed) */
    "CREATE INDEX sessions_changed ON sessions(coalesce(updated, added));"
    "CREATE INDEX session_topics_topic ON session_topics(topic, session_id);"
    "CREATE INDEX session_tech_tag ON session_tech(tag, session_id);"
    "CREATE INDEX lectures_person ON lectures(person_id, session_id);"
    "CREATE INDEX lecture_institutions_inst ON lecture_institutions(institution_id, session_id);"
    "ANALYZE;";

enum stmt_id {
  ST_SESSION,
  ST_TOPIC,
  ST_TECH,
  ST_PERSON,
  ST_LECTURE,
  ST_LECTURE_INST,
  ST_SPEAKER,
  ST_SOURCE,
  ST_FTS,
  ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
    "INSERT INTO sessions VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,?,?)",
    "INSERT INTO session_topics VALUES(?,?,?)",
    "INSERT INTO session_tech VALUES(?,?)",
    "INSERT INTO persons VALUES(?,?,?)",
    "INSERT INTO lectures VALUES(?,?,?,?,?)",
    "INSERT OR IGNORE INTO lecture_institutions VALUES(?,?,?)",
    "INSERT INTO speakers VALUES(?,?,?)",
    "INSERT INTO sources VALUES(?,?,?,?,?,?,?,?,?,?)",
    ("INSERT INTO sessions_fts(rowid, title_zh, title_en, people, affiliations, codes, notes)"
     " VALUES(?,?,?,?,?,?,?)"),
};

/* A small open-addressing map from a string key to an integer, for the identities
   (persons, affiliations) that repeat across a million records. */
struct smap {
  char **keys;
  int64_t *vals;
  size_t cap, n;
};

static uint64_t hash(const char *s) {
  uint64_t h = 1469598103934665603u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

static int64_t *smap_slot(struct smap *m, const char *key, bool *found) {
  if (m->n * 2 >= m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 1024;
    char **keys = calloc(cap, sizeof *keys);
    int64_t *vals = calloc(cap, sizeof *vals);
    if (!keys || !vals) {
      free(keys), free(vals);
      return NULL;
    }
    for (size_t i = 0; i < m->cap; i++) {
      if (!m->keys[i])
        continue;
      size_t j = hash(m->keys[i]) & (cap - 1);
      while (keys[j])
        j = (j + 1) & (cap - 1);
      keys[j] = m->keys[i];
      vals[j] = m->vals[i];
    }
    free(m->keys), free(m->vals);
    m->keys = keys, m->vals = vals, m->cap = cap;
  }
  size_t j = hash(key) & (m->cap - 1);
  while (m->keys[j] && strcmp(m->keys[j], key))
    j = (j + 1) & (m->cap - 1);
  *found = m->keys[j] != NULL;
  if (!*found) {
    if (!(m->keys[j] = ps_strdup(key)))
      return NULL;
    m->n++;
  }
  return &m->vals[j];
}

static void smap_release(struct smap *m) {
  for (size_t i = 0; i < m->cap; i++)
    free(m->keys[i]);
  free(m->keys), free(m->vals);
  memset(m, 0, sizeof *m);
}

struct builder {
  sqlite3 *db;
  sqlite3_stmt *st[ST_COUNT];
  const struct ps_refdata *ref;
  struct smap persons, affiliations;
  int64_t next_session, next_person;
  struct ps_buf key, tmp;
  struct ps_index_text ix;
  char max_date[11];
  struct psst_error *err;
};

static int step(struct builder *b, enum stmt_id id) {
  sqlite3_stmt *st = b->st[id];
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return ps_err_db(b->err, b->db, "building the database");
  return PSST_OK;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s) {
  if (s)
    sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(st, i);
}

static int person_id(struct builder *b, const struct psst_lecturer *l, int64_t *id) {
  b->key.len = 0;
  if (ps_buf_puts(&b->key, l->name_zh) || ps_buf_putc(&b->key, '\x1f') ||
      ps_buf_puts(&b->key, *l->name_zh ? "" : l->name_en))
    return PSST_ENOMEM;
  bool found;
  int64_t *slot = smap_slot(&b->persons, b->key.s, &found);
  if (!slot)
    return PSST_ENOMEM;
  if (found) {
    *id = *slot;
    return PSST_OK;
  }
  *slot = *id = ++b->next_person;
  sqlite3_stmt *st = b->st[ST_PERSON];
  sqlite3_bind_int64(st, 1, *id);
  bind_text(st, 2, l->name_zh);
  bind_text(st, 3, l->name_en);
  return step(b, ST_PERSON);
}

/* Institution indexes of an affiliation, cached: packed as count + 4 x 12 bits. */
static int institutions_of(struct builder *b, const struct psst_lecturer *l, size_t *idx,
                           size_t *n) {
  b->key.len = 0;
  if (ps_buf_puts(&b->key, l->affiliation_zh) || ps_buf_putc(&b->key, '\x1f') ||
      ps_buf_puts(&b->key, l->affiliation_en))
    return PSST_ENOMEM;
  bool found;
  int64_t *slot = smap_slot(&b->affiliations, b->key.s, &found);
  if (!slot)
    return PSST_ENOMEM;
  if (!found) {
    size_t m = ps_match_institutions(b->ref, l->affiliation_zh, l->affiliation_en, idx, 4);
    int64_t packed = (int64_t)m;
    for (size_t i = 0; i < m; i++)
      packed |= (int64_t)(idx[i] & 0xfff) << (4 + 12 * i);
    *slot = packed;
  }
  *n = (size_t)(*slot & 0xf);
  for (size_t i = 0; i < *n; i++)
    idx[i] = (size_t)((*slot >> (4 + 12 * i)) & 0xfff);
  return PSST_OK;
}

/* The codes' labels in both languages, so that a tag's or topic's name finds its sessions. */
static int code_labels(struct ps_buf *b, const struct ps_code *v, size_t n, const char *code) {
  const struct ps_code *c = code ? ps_code_find(v, n, code) : NULL;
  return c ? ps_buf_printf(b, "%s %s %s / ", c->code, c->en, c->zh) : PSST_OK;
}

/*
 * The record in the search index: the titles and names marked for pinyin tokens
 * (fts_tokenizer.c), every Chinese text in simplified characters (a record quoting a
 * traditional text is found by a simplified query, and the query is simplified too), the
 * codes' labels in a column of their own. The index keeps no copy of these texts, so a
 * search makes them again here, from the stored record, for the rows it shows.
 */
int ps_index_text(struct ps_index_text *x, const struct ps_refdata *ref,
                  const struct psst_session *s, struct psst_error *err) {
  int rc = PSST_OK;
  x->people.len = x->affs.len = x->codes.len = 0;
  for (size_t i = 0; i < s->n_lecturers; i++) {
    const struct psst_lecturer *l = &s->lecturers[i];
    rc |= ps_buf_printf(&x->people, "%s %s / ", l->name_zh, l->name_en) ||
          ps_buf_printf(&x->affs, "%s %s / ", l->affiliation_zh, l->affiliation_en);
  }
  for (size_t i = 0; i < s->n_speakers; i++)
    rc |= ps_buf_printf(&x->people, "%s / ", s->speakers[i]);
  rc |= code_labels(&x->codes, ref->topics, ref->n_topics, s->topic);
  for (size_t i = 0; i < s->n_topics; i++)
    rc |= code_labels(&x->codes, ref->topics, ref->n_topics, s->topics[i]);
  for (size_t i = 0; i < s->n_tech; i++)
    rc |= code_labels(&x->codes, ref->tags, ref->n_tags, s->tech[i]);
  rc |= ps_buf_puts(&x->codes, "");
  x->title_en.len = 0;
  rc |= s->title_en ? ps_buf_puts(&x->title_en, s->title_en) : PSST_OK;
  const char *src[4] = {s->title_zh, x->people.len ? x->people.s : "", x->affs.len ? x->affs.s : "",
                        s->notes};
  for (int k = 0; k < 4 && !rc; k++) {
    bool converted;
    x->fts[k].len = 0;
    if ((k == 0 || k == 1) && ps_buf_puts(&x->fts[k], PS_FTS_PINYIN_COLUMN_S))
      rc = PSST_ENOMEM;
    struct ps_buf t = {0};
    const char *v = src[k] ? src[k] : "";
    if (!rc && (rc = ps_simplify(v, strlen(v), &t, &converted, err)) == PSST_OK)
      rc =
          ps_buf_add(&x->fts[k], t.s, t.len) || ps_buf_puts(&x->fts[k], "") ? PSST_ENOMEM : PSST_OK;
    ps_buf_release(&t);
  }
  if (rc)
    return rc == PSST_ENOMEM ? ps_err(err, rc, "out of memory indexing a record") : rc;
  x->col[0] = x->fts[0].s, x->col[1] = s->title_en ? x->title_en.s : NULL;
  x->col[2] = x->fts[1].s, x->col[3] = x->fts[2].s, x->col[4] = x->codes.s;
  x->col[5] = x->fts[3].s;
  return PSST_OK;
}

void ps_index_text_release(struct ps_index_text *x) {
  ps_buf_release(&x->people), ps_buf_release(&x->affs), ps_buf_release(&x->codes);
  ps_buf_release(&x->title_en);
  for (int k = 0; k < 4; k++)
    ps_buf_release(&x->fts[k]);
}

static int index_text(struct builder *b, const struct psst_session *s, int64_t id) {
  int rc = ps_index_text(&b->ix, b->ref, s, b->err);
  if (rc)
    return rc;
  sqlite3_stmt *st = b->st[ST_FTS];
  sqlite3_bind_int64(st, 1, id);
  for (int k = 0; k < 6; k++)
    bind_text(st, k + 2, b->ix.col[k]);
  return step(b, ST_FTS);
}

static int add_record(void *ctx, const struct psst_session *s, const char *text, size_t len,
                      size_t line) {
  struct builder *b = ctx;
  int64_t id = ++b->next_session;
  sqlite3_stmt *st = b->st[ST_SESSION];
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int(st, 2, s->term);
  sqlite3_bind_int(st, 3, s->number);
  bind_text(st, 4, s->date);
  if (s->date)
    sqlite3_bind_int(st, 5, atoi(s->date));
  else
    sqlite3_bind_null(st, 5);
  bind_text(st, 6, s->leader);
  bind_text(st, 7, s->title_zh);
  bind_text(st, 8, s->title_en);
  bind_text(st, 9, s->format);
  bind_text(st, 10, s->topic);
  bind_text(st, 11, s->confidence);
  bind_text(st, 12, s->notes);
  sqlite3_bind_int64(st, 13, (int64_t)line);
  sqlite3_bind_text(st, 14, text, (int)len, SQLITE_STATIC);
  /* a date is its own window; an undated session starts from its curated bounds, which
     the numbering narrows once every session is in (windows, below) */
  bind_text(st, 15, s->date ? s->date : s->date_window ? s->date_window->from : NULL);
  bind_text(st, 16, s->date ? s->date : s->date_window ? s->date_window->to : NULL);
  bind_text(st, 17, s->added);
  bind_text(st, 18, s->updated);
  int rc = step(b, ST_SESSION);
  if (s->date && strcmp(s->date, b->max_date) > 0)
    memcpy(b->max_date, s->date, 11);

  for (size_t i = 0; !rc && i < s->n_topics + (s->topic != NULL); i++) {
    bool primary = i == s->n_topics;
    st = b->st[ST_TOPIC];
    sqlite3_bind_int64(st, 1, id);
    bind_text(st, 2, primary ? s->topic : s->topics[i]);
    sqlite3_bind_int(st, 3, primary);
    rc = step(b, ST_TOPIC);
  }
  for (size_t i = 0; !rc && i < s->n_tech; i++) {
    st = b->st[ST_TECH];
    sqlite3_bind_int64(st, 1, id);
    bind_text(st, 2, s->tech[i]);
    rc = step(b, ST_TECH);
  }
  for (size_t i = 0; !rc && i < s->n_lecturers; i++) {
    const struct psst_lecturer *l = &s->lecturers[i];
    int64_t pid;
    size_t idx[4], n;
    if ((rc = person_id(b, l, &pid)) || (rc = institutions_of(b, l, idx, &n)))
      break;
    st = b->st[ST_LECTURE];
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, (int64_t)i);
    sqlite3_bind_int64(st, 3, pid);
    bind_text(st, 4, l->affiliation_zh);
    bind_text(st, 5, l->affiliation_en);
    rc = step(b, ST_LECTURE);
    for (size_t k = 0; !rc && k < n; k++) {
      st = b->st[ST_LECTURE_INST];
      sqlite3_bind_int64(st, 1, id);
      sqlite3_bind_int64(st, 2, (int64_t)i);
      sqlite3_bind_int64(st, 3, (int64_t)idx[k] + 1);
      rc = step(b, ST_LECTURE_INST);
    }
  }
  for (size_t i = 0; !rc && i < s->n_speakers; i++) {
    st = b->st[ST_SPEAKER];
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, (int64_t)i);
    bind_text(st, 3, s->speakers[i]);
    rc = step(b, ST_SPEAKER);
  }
  for (size_t i = 0; !rc && i < s->n_sources; i++) {
    st = b->st[ST_SOURCE];
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, (int64_t)i);
    const struct psst_source *src = &s->sources[i];
    bind_text(st, 3, src->url);
    bind_text(st, 4, src->publisher);
    bind_text(st, 5, src->kind);
    bind_text(st, 6, src->published);
    b->tmp.len = 0;
    for (size_t k = 0; k < src->n_supports; k++)
      if (ps_buf_printf(&b->tmp, "%s%s", k ? "," : "", src->supports[k]))
        rc = PSST_ENOMEM;
    sqlite3_bind_text(st, 7, b->tmp.len ? b->tmp.s : "", -1, SQLITE_STATIC);
    bind_text(st, 8, src->via);
    bind_text(st, 9, src->quote);
    bind_text(st, 10, src->note);
    if (!rc)
      rc = step(b, ST_SOURCE);
  }
  if (!rc)
    rc = index_text(b, s, id);
  if (rc == PSST_ENOMEM)
    ps_err(b->err, rc, "out of memory building the database");
  return rc;
}

static int insert_codes(sqlite3 *db, const char *table, const struct ps_code *v, size_t n,
                        struct psst_error *err) {
  char sql[128];
  snprintf(sql, sizeof sql, "INSERT INTO %s VALUES(?,?,?,?)", table);
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
    return ps_err_db(err, db, "building the database");
  int rc = PSST_OK;
  for (size_t i = 0; i < n && !rc; i++) {
    sqlite3_bind_text(st, 1, v[i].code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (int64_t)i);
    sqlite3_bind_text(st, 3, v[i].en, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, v[i].zh, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
      rc = ps_err_db(err, db, "building the database");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  return rc;
}

static int insert_refdata(sqlite3 *db, const struct ps_refdata *r, struct psst_error *err) {
  int rc = insert_codes(db, "topics", r->topics, r->n_topics, err);
  if (!rc)
    rc = insert_codes(db, "tags", r->tags, r->n_tags, err);
  if (!rc)
    rc = insert_codes(db, "formats", r->formats, r->n_formats, err);
  sqlite3_stmt *st = NULL;
  if (!rc && sqlite3_prepare_v2(db, "INSERT INTO terms VALUES(?,?,?,?,?,?)", -1, &st, NULL))
    rc = ps_err_db(err, db, "building the database");
  for (size_t i = 0; !rc && i < r->n_terms; i++) {
    const struct ps_term *t = &r->terms[i];
    sqlite3_bind_int(st, 1, t->term);
    bind_text(st, 2, t->leader);
    bind_text(st, 3, t->leader_zh);
    bind_text(st, 4, t->from);
    bind_text(st, 5, *t->to ? t->to : NULL);
    if (t->sessions_stated)
      sqlite3_bind_int(st, 6, t->sessions_stated);
    else
      sqlite3_bind_null(st, 6);
    if (sqlite3_step(st) != SQLITE_DONE)
      rc = ps_err_db(err, db, "building the database");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  st = NULL;
  if (!rc && sqlite3_prepare_v2(db, "INSERT INTO institutions VALUES(?,?,?,?)", -1, &st, NULL))
    rc = ps_err_db(err, db, "building the database");
  for (size_t i = 0; !rc && i < r->n_institutions; i++) {
    sqlite3_bind_int64(st, 1, (int64_t)i + 1);
    bind_text(st, 2, r->institutions[i].code);
    bind_text(st, 3, r->institutions[i].zh);
    bind_text(st, 4, r->institutions[i].en);
    if (sqlite3_step(st) != SQLITE_DONE)
      rc = ps_err_db(err, db, "building the database");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  return rc;
}

/* The stamp of a data file: size, modification and change times and inode. A write that
   keeps the size and sets the old modification time back (touch -d, a copy keeping times)
   still moves the change time, which no program can set; a stamp that differs is only a
   hint, settled by the hash of the contents (db.c). */
int ps_file_stamp(const char *path, char *out, size_t len) {
  struct stat sb;
  /* an optional data file (documents.jsonl) that is not there has a stamp too: its
     appearing later moves it */
  if (stat(path, &sb)) {
    if (errno != ENOENT)
      return PSST_EIO;
    snprintf(out, len, "absent");
    return PSST_OK;
  }
  snprintf(out, len, "%lld:%lld.%09ld:%lld.%09ld:%llu", (long long)sb.st_size,
           (long long)sb.st_mtim.tv_sec, (long)sb.st_mtim.tv_nsec, (long long)sb.st_ctim.tv_sec,
           (long)sb.st_ctim.tv_nsec, (unsigned long long)sb.st_ino);
  return PSST_OK;
}

const char *const ps_data_files[] = {
    "sessions.jsonl",  "codebook.json", "terms.json", "institutions.json",
    PS_DOCUMENTS_FILE, PS_PHRASES_FILE, NULL};

/*
 * The identity of what is built: SHA-256 over the versions of psst and of the schema and
 * each data file's name, size and bytes, as hex. The same data built by the same psst gives
 * the same value wherever it lies, so that a cache keyed on it (psst serve's ETags) survives
 * a rebuild that changed nothing and never survives one that changed anything.
 */
int ps_content_hash(const char *data_dir, char hex[65], struct psst_error *err) {
  struct sha256_ctx h;
  sha256_init(&h);
  sha256_update(&h, sizeof PSST_VERSION, (const uint8_t *)PSST_VERSION);
  sha256_update(&h, sizeof PS_SCHEMA_VERSION, (const uint8_t *)PS_SCHEMA_VERSION);
  enum { CHUNK = 1 << 16 };
  uint8_t *chunk = malloc(CHUNK);
  if (!chunk)
    return ps_err(err, PSST_ENOMEM, "out of memory");
  int rc = PSST_OK;
  for (size_t i = 0; !rc && ps_data_files[i]; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", data_dir, ps_data_files[i]);
    FILE *fp = fopen(path, "rb");
    /* the documents are optional: their absence is hashed as such */
    if (!fp && errno == ENOENT &&
        (!strcmp(ps_data_files[i], PS_DOCUMENTS_FILE) ||
         !strcmp(ps_data_files[i], PS_PHRASES_FILE))) {
      sha256_update(&h, strlen(ps_data_files[i]) + 1, (const uint8_t *)ps_data_files[i]);
      sha256_update(&h, sizeof "/absent", (const uint8_t *)"/absent");
      continue;
    }
    if (!fp) {
      /* fopen allocates its buffer: without memory the file is not unreadable, and a
         caller checking whether the database is current must not rebuild it */
      rc = ps_err(err, errno == ENOMEM ? PSST_ENOMEM : PSST_EIO, "%s: cannot read: %s", path,
                  strerror(errno));
      break;
    }
    sha256_update(&h, strlen(ps_data_files[i]) + 1, (const uint8_t *)ps_data_files[i]);
    size_t n;
    unsigned long long size = 0;
    while ((n = fread(chunk, 1, CHUNK, fp)) > 0) {
      sha256_update(&h, n, chunk);
      size += n;
    }
    bool bad = ferror(fp) != 0;
    fclose(fp);
    if (bad) {
      rc = ps_err(err, PSST_EIO, "%s: cannot read", path);
      break;
    }
    /* the size after the bytes: one file's bytes cannot pass for the start of the next */
    char sz[32];
    snprintf(sz, sizeof sz, "/%llu", size);
    sha256_update(&h, strlen(sz) + 1, (const uint8_t *)sz);
  }
  free(chunk);
  if (rc)
    return rc;
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&h, sizeof digest, digest);
  for (size_t i = 0; i < sizeof digest; i++)
    snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  return PSST_OK;
}

static int write_meta(sqlite3 *db, const char *data_dir, const char *max_date,
                      const struct ps_refdata *ref, struct psst_error *err) {
  char abs[4096], stamp[128], key[160], content[65], built[32];
  int rc = ps_content_hash(data_dir, content, err);
  if (rc)
    return rc;
  snprintf(built, sizeof built, "%lld", (long long)time(NULL));
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, "INSERT INTO meta VALUES(?,?)", -1, &st, NULL))
    return ps_err_db(err, db, "building the database");
  if (!realpath(data_dir, abs))
    snprintf(abs, sizeof abs, "%s", data_dir);
  const char *pairs[][2] = {
      {"schema", PS_SCHEMA_VERSION}, {"psst_version", PSST_VERSION}, {"data_dir", abs},
      {"as_of", max_date},           {"content", content},           {"built", built}};
  for (size_t i = 0; !rc && i < sizeof pairs / sizeof *pairs; i++) {
    sqlite3_bind_text(st, 1, pairs[i][0], -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, pairs[i][1], -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
      rc = ps_err_db(err, db, "building the database");
    sqlite3_reset(st);
  }
  for (size_t i = 0; !rc && ps_data_files[i]; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", data_dir, ps_data_files[i]);
    snprintf(key, sizeof key, "stamp:%s", ps_data_files[i]);
    if (ps_file_stamp(path, stamp, sizeof stamp))
      rc = ps_err(err, PSST_EIO, "%s: cannot stat: %s", path, strerror(errno));
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, stamp, -1, SQLITE_TRANSIENT);
    if (!rc && sqlite3_step(st) != SQLITE_DONE)
      rc = ps_err_db(err, db, "building the database");
    sqlite3_reset(st);
  }
  /* the reference files as parsed, read back by commands instead of parsing them again
     (refdata_pack.c) */
  struct ps_buf packed = {0};
  if (!rc && ps_refdata_pack(ref, &packed))
    rc = ps_err(err, PSST_ENOMEM, "out of memory building the database");
  if (!rc) {
    sqlite3_bind_text(st, 1, "refdata", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, packed.s, (int)packed.len, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
      rc = ps_err_db(err, db, "building the database");
  }
  ps_buf_release(&packed);
  sqlite3_finalize(st);
  return rc;
}

int ps_build(const char *data_dir, const char *db_path, struct psst_diags *d,
             struct psst_error *err) {
  struct ps_refdata ref;
  struct builder b = {.err = err};
  struct ps_target t = {.fd = -1};
  char sessions[4096];
  snprintf(sessions, sizeof sessions, "%s/sessions.jsonl", data_dir);
  int rc = ps_refdata_load(&ref, data_dir, d, err);
  if (rc)
    goto out_ref;
  b.ref = &ref;
  /* the database is a file SQLite opens by name: a device or a pipe cannot hold it (and
     must not be replaced by one); the new file keeps the old one's mode */
  if ((rc = ps_target_open(&t, db_path, false, err)))
    goto out;
  close(t.fd);
  t.fd = -1;
  const char *tmp = t.tmp;
  if (sqlite3_open_v2(tmp, &b.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    rc = ps_err_db(err, b.db, tmp);
    goto out;
  }
  /* a file SQLite cannot open for writing it opens read-only instead, and the build would
     fail later as "attempt to write a readonly database": name the file and the reason */
  if (sqlite3_db_readonly(b.db, "main") == 1) {
    int e = sqlite3_system_errno(b.db);
    rc = ps_err(err, PSST_EIO, "%s: cannot open the new database for writing: %s", tmp,
                strerror(e ? e : EACCES));
    goto out;
  }
  if (ps_fts_register(b.db) != SQLITE_OK) {
    rc = ps_err_db(err, b.db, "registering the full-text tokenizer");
    goto out;
  }
  /* the file is thrown away on any failure, so durability during the build buys nothing */
  if ((rc = ps_build_exec(
           b.db,
           "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE;"
           "PRAGMA cache_size=-131072; PRAGMA page_size=8192;",
           err)) ||
      (rc = ps_build_exec(b.db, schema, err)) || (rc = ps_build_exec(b.db, "BEGIN", err)) ||
      (rc = insert_refdata(b.db, &ref, err)))
    goto out;
  for (int i = 0; i < ST_COUNT; i++)
    if (sqlite3_prepare_v3(b.db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &b.st[i], NULL)) {
      rc = ps_err_db(err, b.db, "building the database");
      goto out;
    }
  size_t errors_before = d ? d->n_errors : 0;
  if ((rc = ps_scan_sessions_pipelined(sessions, sessions, &ref, d, add_record, &b, err)))
    goto out;
  if (d && d->n_errors > errors_before) {
    rc = ps_err(err, PSST_EDATA, "%s: %zu error(s); the database was not built (run psst check)",
                sessions, d->n_errors - errors_before);
    goto out;
  }
  /* the documents that followed the sessions (followups_build.c), in the same transaction */
  if ((rc = ps_documents_load(b.db, data_dir, &ref, d, err)))
    goto out;
  /* the phrases said at the sessions (phrase.c), checked against the sessions' file */
  if ((rc = ps_phrases_load(b.db, data_dir, &ref, d, err)))
    goto out;
  if ((rc = write_meta(b.db, data_dir, b.max_date, &ref, err)) ||
      (rc = ps_build_exec(
           b.db, "CREATE UNIQUE INDEX sessions_term_number ON sessions(term, number);", err)) ||
      (rc = ps_build_exec(b.db, windows, err)) || (rc = ps_counts_store(b.db, err)) ||
      (rc = ps_build_exec(b.db, indexes, err)) ||
      (rc = ps_build_exec(
           b.db, "INSERT INTO sessions_fts(sessions_fts) VALUES('optimize'); COMMIT;", err)))
    goto out;
  for (int i = 0; i < ST_COUNT; i++)
    sqlite3_finalize(b.st[i]), b.st[i] = NULL;
  if (sqlite3_close(b.db) != SQLITE_OK) {
    rc = ps_err(err, PSST_EDB, "%s: cannot close the new database", tmp);
    b.db = NULL;
    goto out;
  }
  b.db = NULL;
  rc = ps_target_commit(&t, err);
out:
  for (int i = 0; i < ST_COUNT; i++)
    sqlite3_finalize(b.st[i]);
  if (b.db)
    sqlite3_close(b.db);
  ps_target_abort(&t);
  smap_release(&b.persons);
  smap_release(&b.affiliations);
  ps_buf_release(&b.key);
  ps_index_text_release(&b.ix);
  ps_buf_release(&b.tmp);
out_ref:
  ps_refdata_release(&ref);
  return rc;
}
