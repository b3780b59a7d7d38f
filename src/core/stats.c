/*
 * stats.c: counts of sessions by one or two dimensions (psst stats --by year,topic).
 *
 * SQLite does the grouping; this file orders the values the way an analyst reads
 * them (years in order, topics in codebook order, leaders in the order they held
 * office), lays two dimensions out as a wide table, and says how many sessions were
 * left out because the value was not known yet.
 */
#include "internal.h"
#include "listing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum dim { D_YEAR, D_TERM, D_LEADER, D_TOPIC, D_TECH, D_FORMAT, D_CONFIDENCE, D_COUNT };

static const struct {
  const char *name, *expr, *unknown_en, *unknown_zh;
} dims[D_COUNT] = {
    [D_YEAR] = {"year", "s.year", "without a known date", "日期不详"},
    [D_TERM] = {"term", "s.term", "without a term", "届不详"},
    [D_LEADER] = {"leader", "s.leader", "without a leader", "总书记不详"},
    [D_TOPIC] = {"topic", "s.topic", "without a primary topic", "主题未编码"},
    [D_TECH] = {"tech", "st.tag", "without a tag", "无标签"},
    [D_FORMAT] = {"format", "s.format", "without a known format", "形式不详"},
    [D_CONFIDENCE] = {"confidence", "s.confidence", "without a confidence", "可信度不详"},
};

static const char *const dim_zh[D_COUNT] = {"年份", "届",   "总书记", "主题",
                                            "技术", "形式", "可信度"};

static int parse_dim(const char *s, size_t n) {
  for (int i = 0; i < D_COUNT; i++)
    if (strlen(dims[i].name) == n && !strncmp(dims[i].name, s, n))
      return i;
  return -1;
}

/* Where a value sorts: numbers by value, codes by their place in the reference files. */
static long rank(const struct ps_refdata *r, int d, const char *v) {
  switch (d) {
  case D_YEAR:
  case D_TERM:
    return atol(v);
  case D_TOPIC: {
    const struct ps_code *c = ps_code_find(r->topics, r->n_topics, v);
    return c ? c - r->topics : 1000;
  }
  case D_TECH: {
    const struct ps_code *c = ps_code_find(r->tags, r->n_tags, v);
    return c ? c - r->tags : 1000;
  }
  case D_FORMAT: {
    const struct ps_code *c = ps_code_find(r->formats, r->n_formats, v);
    return c ? c - r->formats : 1000;
  }
  case D_CONFIDENCE: {
    const struct ps_code *c = ps_code_find(r->confidence, r->n_confidence, v);
    return c ? c - r->confidence : 1000;
  }
  case D_LEADER:
    for (size_t i = 0; i < r->n_terms; i++)
      if (!strcmp(r->terms[i].leader, v))
        return r->terms[i].term;
    return 100000;
  }
  return 0;
}

struct vals {
  char **v;
  long *rank;
  size_t n, cap;
};

static long find_or_add(struct vals *s, const char *v, long rk) {
  for (size_t i = 0; i < s->n; i++)
    if (!strcmp(s->v[i], v))
      return (long)i;
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 32;
    char **nv = realloc(s->v, cap * sizeof *nv);
    if (!nv)
      return -1;
    s->v = nv;
    long *nr = realloc(s->rank, cap * sizeof *nr);
    if (!nr)
      return -1;
    s->rank = nr;
    s->cap = cap;
  }
  if (!(s->v[s->n] = ps_strdup(v)))
    return -1;
  s->rank[s->n] = rk;
  return (long)s->n++;
}

static void vals_release(struct vals *s) {
  for (size_t i = 0; i < s->n; i++)
    free(s->v[i]);
  free(s->v), free(s->rank);
}

/* order[i] = index of the i-th value in rank order */
static size_t *sorted(const struct vals *s) {
  size_t *o = malloc((s->n ? s->n : 1) * sizeof *o);
  if (!o)
    return NULL;
  for (size_t i = 0; i < s->n; i++) {
    size_t k = i;
    while (k > 0 && (s->rank[o[k - 1]] > s->rank[i] ||
                     (s->rank[o[k - 1]] == s->rank[i] && strcmp(s->v[o[k - 1]], s->v[i]) > 0))) {
      o[k] = o[k - 1];
      k--;
    }
    o[k] = i;
  }
  return o;
}

/*
 * A filter by topic, tag, lecturer or institution is a set of sessions looked up one by
 * one: in the narrow covering index sessions_keys (build.c) they cost a fraction of the
 * lookups in the table's wide rows, which SQLite's planner would take, estimating every
 * row narrow (at a million sessions, --tech ai counts in 17 ms instead of 68).
 */
static const char *sessions_from(const struct psst_filter *f) {
  return f && (f->topic || f->tech || f->lecturer || f->institution)
             ? "sessions s INDEXED BY sessions_keys"
             : "sessions s";
}

static int count_sessions(struct psst *p, const struct psst_filter *f, const char *where,
                          const struct ps_binds *b, long *n, struct psst_error *err) {
  struct ps_buf from = {0};
  int rc = ps_buf_printf(&from, "FROM %s WHERE 1%s", sessions_from(f), where)
               ? ps_err(err, PSST_ENOMEM, "out of memory")
               : ps_count_where(p, from.s, b, 1, NULL, n, err);
  ps_buf_release(&from);
  return rc;
}

/* ---- the counts of the whole record, made at build time (table counts) ---- */

/*
 * Without a filter, a stats table is read from the counts the build made: the rows the
 * GROUP BY below would return, for every dimension and every pair of them (a pair stored
 * once, in the order of enum dim). A million sessions are grouped once at build time
 * instead of at every call (tens of ms, a full scan for the dimensions without an index).
 * Also kept: the number of sessions and the counts the filters' caveats give (filter.c).
 * One pass over the sessions in id order, tallied here, rather than the 28 GROUP BYs it
 * stands for: those took 35.6 s at a million sessions in the shell (each join with
 * session_tech looks up the wide rows), about a seventh of the whole build.
 */
struct dimvals {
  char **v; /* v[0] is NULL: the unknown value */
  size_t n, cap, last;
};

static long dim_index(struct dimvals *d, const char *v) {
  if (!v)
    return 0;
  if (d->last && !strcmp(d->v[d->last], v))
    return (long)d->last;
  for (size_t i = 1; i < d->n; i++)
    if (!strcmp(d->v[i], v))
      return (long)(d->last = i);
  if (d->n == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 16;
    char **nv = realloc(d->v, cap * sizeof *nv);
    if (!nv)
      return -1;
    d->v = nv, d->cap = cap;
  }
  if (d->n == 0)
    d->v[d->n++] = NULL;
  if (d->n >= 0xffffff || !(d->v[d->n] = ps_strdup(v)))
    return -1;
  return (long)(d->last = d->n++);
}

/* counts by key: the pair (or D_COUNT for one dimension) and the two values' indexes */
struct tally {
  uint64_t *keys; /* 0: empty slot; else key + 1 */
  long *n;
  size_t cap, used;
};

static uint64_t tally_key(int i, int j, long a, long b) {
  return ((uint64_t)i << 56 | (uint64_t)j << 48 | (uint64_t)a << 24 | (uint64_t)b) + 1;
}

static int tally_add(struct tally *t, uint64_t key) {
  if (2 * (t->used + 1) > t->cap) {
    size_t cap = t->cap ? 2 * t->cap : 4096;
    uint64_t *keys = calloc(cap, sizeof *keys);
    long *n = calloc(cap, sizeof *n);
    if (!keys || !n) {
      free(keys), free(n);
      return PSST_ENOMEM;
    }
    for (size_t k = 0; k < t->cap; k++) {
      size_t h = t->keys[k] ? (size_t)(t->keys[k] * 0x9E3779B97F4A7C15u >> 20) & (cap - 1) : 0;
      while (t->keys[k] && keys[h])
        h = (h + 1) & (cap - 1);
      if (t->keys[k])
        keys[h] = t->keys[k], n[h] = t->n[k];
    }
    free(t->keys), free(t->n);
    t->keys = keys, t->n = n, t->cap = cap;
  }
  size_t h = (size_t)(key * 0x9E3779B97F4A7C15u >> 20) & (t->cap - 1);
  while (t->keys[h] && t->keys[h] != key)
    h = (h + 1) & (t->cap - 1);
  if (!t->keys[h])
    t->keys[h] = key, t->used++;
  t->n[h]++;
  return PSST_OK;
}

/* one stored value: a number for year and term, as the sessions table holds them */
static void bind_val(sqlite3_stmt *st, int col, int d, const struct dimvals *v, long i) {
  if (i < 0) /* the constant second column of a one-dimension table */
    sqlite3_bind_text(st, col, "", 0, SQLITE_STATIC);
  else if (!i)
    sqlite3_bind_null(st, col);
  else if (d == D_YEAR || d == D_TERM)
    sqlite3_bind_int64(st, col, strtoll(v->v[i], NULL, 10));
  else
    sqlite3_bind_text(st, col, v->v[i], -1, SQLITE_STATIC);
}

static int put_count(sqlite3_stmt *st, const char *name, long n) {
  sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_null(st, 2), sqlite3_bind_null(st, 3);
  sqlite3_bind_int64(st, 4, n);
  int rc = sqlite3_step(st) == SQLITE_DONE ? PSST_OK : PSST_EDB;
  sqlite3_reset(st);
  return rc;
}

int ps_counts_store(sqlite3 *db, struct psst_error *err) {
  /* the sessions in id order, their tags and whether they have lecturers merged in */
  static const char *const sql[] = {("SELECT id, year, term, leader, topic, format, confidence,"
                                     " coalesce(updated, added) IS NULL FROM sessions ORDER BY id"),
                                    "SELECT session_id, tag FROM session_tech ORDER BY session_id",
                                    "SELECT DISTINCT session_id FROM lectures ORDER BY session_id",
                                    "INSERT INTO counts VALUES(?,?,?,?)"};
  static const int col_of[D_COUNT] = {
      [D_YEAR] = 1,  [D_TERM] = 2,   [D_LEADER] = 3,    [D_TOPIC] = 4,
      [D_TECH] = -1, [D_FORMAT] = 5, [D_CONFIDENCE] = 6};
  sqlite3_stmt *st[4] = {NULL};
  struct dimvals v[D_COUNT] = {{0}};
  struct tally t = {0};
  long sessions = 0, no_lecturers = 0, no_change = 0, tags[64];
  int rc = PSST_OK, tech_rc = SQLITE_ROW, lect_rc = SQLITE_ROW;
  for (int i = 0; i < 4 && !rc; i++)
    if (sqlite3_prepare_v2(db, sql[i], -1, &st[i], NULL) != SQLITE_OK)
      rc = PSST_EDB;
  if (!rc)
    tech_rc = sqlite3_step(st[1]), lect_rc = sqlite3_step(st[2]);
  int row = SQLITE_DONE;
  while (!rc && (row = sqlite3_step(st[0])) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st[0], 0);
    long x[D_COUNT];
    size_t nt = 0;
    for (int d = 0; d < D_COUNT && !rc; d++)
      if (d != D_TECH &&
          (x[d] = dim_index(&v[d], (const char *)sqlite3_column_text(st[0], col_of[d]))) < 0)
        rc = PSST_ENOMEM;
    for (; !rc && tech_rc == SQLITE_ROW && sqlite3_column_int64(st[1], 0) <= id;
         tech_rc = sqlite3_step(st[1])) {
      if (sqlite3_column_int64(st[1], 0) < id)
        continue;
      if (nt == sizeof tags / sizeof *tags ||
          (tags[nt++] = dim_index(&v[D_TECH], (const char *)sqlite3_column_text(st[1], 1))) < 0)
        rc = PSST_ENOMEM;
    }
    bool lectured = false;
    for (; lect_rc == SQLITE_ROW && sqlite3_column_int64(st[2], 0) <= id;
         lect_rc = sqlite3_step(st[2]))
      lectured |= sqlite3_column_int64(st[2], 0) == id;
    if (rc)
      break;
    const char *format = (const char *)sqlite3_column_text(st[0], 5);
    sessions++;
    no_lecturers += (!format || !strcmp(format, "lecture")) && !lectured;
    no_change += sqlite3_column_int(st[0], 7);
    /* the tag of each of the session's rows in the join with session_tech, or none */
    for (int i = 0; i < D_COUNT && !rc; i++) {
      for (size_t a = 0; a < (i == D_TECH ? nt : 1) && !rc; a++) {
        long xa = i == D_TECH ? tags[a] : x[i];
        rc = tally_add(&t, tally_key(i, D_COUNT, xa, 0));
        for (int j = i + 1; j < D_COUNT && !rc; j++)
          for (size_t b = 0; b < (j == D_TECH ? nt : 1) && !rc; b++)
            rc = tally_add(&t, tally_key(i, j, xa, j == D_TECH ? tags[b] : x[j]));
      }
    }
  }
  if (!rc && (row != SQLITE_DONE || (tech_rc != SQLITE_DONE && tech_rc != SQLITE_ROW) ||
              (lect_rc != SQLITE_DONE && lect_rc != SQLITE_ROW)))
    rc = PSST_EDB;
  char name[32];
  for (size_t k = 0; !rc && k < t.cap; k++) {
    if (!t.keys[k])
      continue;
    uint64_t key = t.keys[k] - 1;
    int i = (int)(key >> 56), j = (int)(key >> 48 & 0xff);
    long a = (long)(key >> 24 & 0xffffff), b = (long)(key & 0xffffff);
    snprintf(name, sizeof name, "%s%s%s", dims[i].name, j < D_COUNT ? "," : "",
             j < D_COUNT ? dims[j].name : "");
    sqlite3_bind_text(st[3], 1, name, -1, SQLITE_TRANSIENT);
    bind_val(st[3], 2, i, &v[i], a);
    bind_val(st[3], 3, j, j < D_COUNT ? &v[j] : NULL, j < D_COUNT ? b : -1);
    sqlite3_bind_int64(st[3], 4, t.n[k]);
    if (sqlite3_step(st[3]) != SQLITE_DONE)
      rc = PSST_EDB;
    sqlite3_reset(st[3]);
  }
  if (!rc)
    rc = put_count(st[3], "sessions", sessions) || put_count(st[3], "no-lecturers", no_lecturers) ||
                 put_count(st[3], "no-change-date", no_change)
             ? PSST_EDB
             : PSST_OK;
  /* SQLite's message now: the finalize below resets it to "not an error" */
  if (rc == PSST_EDB)
    rc = ps_err_db(err, db, "counting the record");
  for (int i = 0; i < 4; i++)
    sqlite3_finalize(st[i]);
  for (int d = 0; d < D_COUNT; d++) {
    for (size_t i = 1; i < v[d].n; i++)
      free(v[d].v[i]);
    free(v[d].v);
  }
  free(t.keys), free(t.n);
  if (rc == PSST_ENOMEM)
    return ps_err(err, rc, "out of memory counting the record");
  return rc;
}

/* A count the build stored (ps_counts_store), by its name. */
int ps_count_stored(struct psst *p, const char *name, long *n, struct psst_error *err) {
  sqlite3_stmt *st;
  int rc = ps_prepare(p, "SELECT n FROM counts WHERE dims = ?", &st, err);
  if (rc)
    return rc;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW)
    *n = (long)sqlite3_column_int64(st, 0);
  else
    rc = ps_err(err, PSST_EDB, "the database has no count of %s (run psst build --force)", name);
  sqlite3_finalize(st);
  return rc;
}

int psst_stats(struct psst *p, const char *by, const struct psst_filter *f, enum psst_lang lang,
               struct psst_table **out, struct psst_error *err) {
  *out = NULL;
  int d[2] = {-1, -1}, nd = 0;
  const char *c = by ? by : "";
  while (*c) {
    size_t n = strcspn(c, ",");
    int k = parse_dim(c, n);
    if (k < 0 || nd == 2 || (nd == 1 && d[0] == k))
      return ps_err(err, PSST_EINVAL,
                    "--by: '%s' must be one or two different dimensions out of year, term, "
                    "leader, topic, tech, format, confidence",
                    by);
    d[nd++] = k;
    c += n + (c[n] == ',');
  }
  if (!nd)
    return ps_err(err, PSST_EINVAL, "--by: give one or two dimensions, e.g. --by year,topic");
  bool tech = d[0] == D_TECH || (nd == 2 && d[1] == D_TECH);

  struct ps_buf where = {0}, sql = {0};
  struct ps_binds b = {0};
  sqlite3_stmt *st = NULL;
  struct psst_table *t = NULL;
  struct vals v1 = {0}, v2 = {0};
  long *cells = NULL;
  size_t ncell = 0, capcell = 0;
  size_t *o1 = NULL, *o2 = NULL;
  long total = 0, unknown[3] = {0}; /* by first, by second dimension, in all */
  long *uncertain = NULL;           /* year unknown: per value of the second dimension */
  size_t n_uncertain = 0;
  int rc = ps_filter_sql_scan(p, f, &where, &b, err);
  if (rc)
    goto out;
  bool stored = ps_filter_empty(f), swap = nd == 2 && d[0] > d[1];
  if (stored) {
    /* the whole record: the rows the build counted (ps_counts_store), a pair stored once */
    if (ps_buf_printf(&sql, "SELECT %s, n FROM counts WHERE dims = '%s%s%s'",
                      swap ? "b, a" : "a, b", dims[d[swap]].name, nd == 2 ? "," : "",
                      nd == 2 ? dims[d[!swap]].name : "")) {
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
      goto out;
    }
  } else if (ps_buf_printf(&sql, "SELECT %s, %s, count(*) FROM %s%s WHERE 1%s GROUP BY %s",
                           dims[d[0]].expr, nd == 2 ? dims[d[1]].expr : "''", sessions_from(f),
                           tech ? " JOIN session_tech st ON st.session_id = s.id" : "",
                           /* a constant second key would make SQLite sort instead of scanning the
                              covering index in order */
                           where.s ? where.s : "", nd == 2 ? "1, 2" : "1")) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  if ((rc = ps_prepare(p, sql.s, &st, err)))
    goto out;
  ps_binds_apply(st, &b, 1);
  /* cells holds (i1, i2, n) triples until the values are known */
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *a = (const char *)sqlite3_column_text(st, 0);
    const char *z = (const char *)sqlite3_column_text(st, 1);
    if (!a && d[0] == D_YEAR && z) {
      /* sessions whose date is uncertain (a window over two years or more) are a row of
         their own, last, never silently left out */
      long i2 = nd == 2 ? find_or_add(&v2, z, rank(&p->ref, d[1], z)) : 0;
      if (i2 < 0 || (!uncertain && !(uncertain = calloc(v2.cap + 1, sizeof *uncertain))))
        goto oom;
      if ((size_t)i2 >= n_uncertain) {
        long *nu = realloc(uncertain, ((size_t)i2 + 1) * sizeof *nu);
        if (!nu)
          goto oom;
        for (size_t k = n_uncertain; k <= (size_t)i2; k++)
          nu[k] = 0;
        uncertain = nu, n_uncertain = (size_t)i2 + 1;
      }
      uncertain[i2] += (long)sqlite3_column_int64(st, 2);
      continue;
    }
    if (!a || !z) {
      long n = (long)sqlite3_column_int64(st, 2);
      /* an uncertain year has its own row: what leaves such a session out is the other value */
      unknown[!a && d[0] != D_YEAR ? 0 : 1] += n;
      unknown[2] += n;
      continue;
    }
    long i1 = find_or_add(&v1, a, rank(&p->ref, d[0], a));
    long i2 = nd == 2 ? find_or_add(&v2, z, rank(&p->ref, d[1], z)) : 0;
    if (i1 < 0 || i2 < 0)
      goto oom;
    if (ncell + 3 > capcell) {
      capcell = capcell ? capcell * 2 : 96;
      long *nc = realloc(cells, capcell * sizeof *nc);
      if (!nc)
        goto oom;
      cells = nc;
    }
    cells[ncell++] = i1, cells[ncell++] = i2, cells[ncell++] = (long)sqlite3_column_int64(st, 2);
  }
  if (rc != SQLITE_DONE) {
    rc = ps_err_db(err, p->db, "query");
    goto out;
  }
  rc = PSST_OK;
  if (tech && (rc = stored ? ps_count_stored(p, "sessions", &total, err)
                           : count_sessions(p, f, where.s ? where.s : "", &b, &total, err)))
    goto out;
  if (!(o1 = sorted(&v1)) || (nd == 2 && !(o2 = sorted(&v2))))
    goto oom;

  size_t n2 = nd == 2 ? v2.n : 0;
  size_t ncols = nd == 2 ? n2 + 2 : 3;
  long *grid = calloc(v1.n * (n2 ? n2 : 1) + 1, sizeof *grid);
  if (!grid)
    goto oom;
  for (size_t i = 0; i < ncell; i += 3)
    grid[cells[i] * (long)(n2 ? n2 : 1) + cells[i + 1]] += cells[i + 2];
  const char **cols = calloc(ncols, sizeof *cols);
  enum psst_coltype *types = calloc(ncols, sizeof *types);
  char **cellv = calloc(ncols, sizeof *cellv);
  char(*num)[32] = calloc(ncols, sizeof *num);
  if (!cols || !types || !cellv || !num) {
    free(grid), free(cols), free(types), free(cellv), free(num);
    goto oom;
  }
  cols[0] = dims[d[0]].name;
  types[0] = d[0] == D_YEAR || d[0] == D_TERM ? PSST_COL_INT : PSST_COL_TEXT;
  if (nd == 1) {
    cols[1] = "sessions", cols[2] = "share";
    types[1] = PSST_COL_INT, types[2] = PSST_COL_PCT;
  } else {
    for (size_t k = 0; k < n2; k++)
      cols[k + 1] = v2.v[o2[k]], types[k + 1] = PSST_COL_INT;
    cols[n2 + 1] = "total", types[n2 + 1] = PSST_COL_INT;
  }
  t = ps_table_new(ncols, cols, types);
  long known = 0;
  /* shares are of the sessions with a known value (or, for tags, of the selection) */
  for (size_t i = 0; i < ncell; i += 3)
    known += cells[i + 2];
  for (size_t k = 0; k < n_uncertain; k++)
    known += uncertain[k];
  if (tech)
    known = total;
  for (size_t r = 0; t && r < v1.n; r++) {
    size_t i = o1[r];
    cellv[0] = v1.v[i];
    long rowsum = 0;
    if (nd == 1) {
      rowsum = grid[i];
      snprintf(num[1], sizeof num[1], "%ld", rowsum);
      snprintf(num[2], sizeof num[2], "%.1f%%", known ? 100.0 * (double)rowsum / (double)known : 0);
      cellv[1] = num[1], cellv[2] = num[2];
    } else {
      for (size_t k = 0; k < n2; k++) {
        long x = grid[i * n2 + o2[k]];
        rowsum += x;
        snprintf(num[k + 1], sizeof num[k + 1], "%ld", x);
        cellv[k + 1] = num[k + 1];
      }
      snprintf(num[n2 + 1], sizeof num[n2 + 1], "%ld", rowsum);
      cellv[n2 + 1] = num[n2 + 1];
    }
    if (ps_table_add_row(t, (const char *const *)cellv)) {
      psst_table_free(t);
      t = NULL;
    }
  }
  if (t && uncertain) {
    long rowsum = 0;
    cellv[0] = NULL;
    if (nd == 1) {
      rowsum = uncertain[0];
      snprintf(num[1], sizeof num[1], "%ld", rowsum);
      snprintf(num[2], sizeof num[2], "%.1f%%", known ? 100.0 * (double)rowsum / (double)known : 0);
      cellv[1] = num[1], cellv[2] = num[2];
    } else {
      for (size_t k = 0; k < n2; k++) {
        long x = o2[k] < n_uncertain ? uncertain[o2[k]] : 0;
        rowsum += x;
        snprintf(num[k + 1], sizeof num[k + 1], "%ld", x);
        cellv[k + 1] = num[k + 1];
      }
      snprintf(num[n2 + 1], sizeof num[n2 + 1], "%ld", rowsum);
      cellv[n2 + 1] = num[n2 + 1];
    }
    if (ps_table_add_row(t, (const char *const *)cellv) ||
        !(t->null_labels = calloc(ncols, sizeof *t->null_labels)) ||
        !(t->null_labels[0] = ps_strdup(lang == PSST_LANG_ZH ? "日期不确定" : "uncertain"))) {
      psst_table_free(t);
      t = NULL;
    }
  }
  /* display headers: the dimension's name and, for a wide table, the labels of its values */
  if (t && (t->headers = calloc(ncols, sizeof *t->headers))) {
    t->headers[0] = ps_strdup(lang == PSST_LANG_ZH ? dim_zh[d[0]] : dims[d[0]].name);
    for (size_t k = 1; k < ncols; k++) {
      const char *h = cols[k];
      if (nd == 1)
        h = lang == PSST_LANG_ZH ? (k == 1 ? "场次" : "占比") : cols[k];
      else if (k <= n2) /* codes are short English words; Chinese labels are short too */
        h = d[1] == D_YEAR || d[1] == D_TERM || lang == PSST_LANG_EN
                ? cols[k]
                : psst_label(p, dims[d[1]].name, cols[k], lang);
      else
        h = lang == PSST_LANG_ZH ? "合计" : "total";
      t->headers[k] = ps_strdup(h);
    }
  }
  free(grid), free(cols), free(types), free(cellv), free(num);
  if (!t)
    goto oom;
  /* a session with an unknown value for a dimension is left out, and the note says so */
  if (!tech && unknown[2]) {
    struct ps_buf why = {0};
    bool zh = lang == PSST_LANG_ZH;
    for (int k = 0; k < nd; k++)
      if (unknown[k] && ps_buf_printf(&why, "%s%ld %s%s", why.len ? (zh ? "，另 " : ", ") : "",
                                      unknown[k], why.len && !zh ? "more " : "",
                                      zh ? dims[d[k]].unknown_zh : dims[d[k]].unknown_en))
        goto oom;
    if (zh)
      rc = ps_table_set_note(t, "未计入 %ld 场：%s", unknown[2], why.s);
    else
      rc = ps_table_set_note(t, "%ld session%s left out: %s", unknown[2],
                             unknown[2] == 1 ? "" : "s", why.s);
    ps_buf_release(&why);
    if (rc)
      goto oom;
  } else if (tech && ps_table_set_note(t,
                                       lang == PSST_LANG_ZH
                                           ? "一场会议可带多个技术标签；共 %ld 场会议"
                                           : "a session may carry several tags; %ld sessions "
                                             "in the selection",
                                       total)) {
    goto oom;
  }
  if (uncertain) {
    long n = 0;
    for (size_t k = 0; k < n_uncertain; k++)
      n += uncertain[k];
    if (ps_table_add_note(
            t, lang == PSST_LANG_ZH ? "；" : "; ",
            lang == PSST_LANG_ZH
                ? "“日期不确定”一行：日期未知、且按编号推得的时间窗跨越两个年份以上的会议"
                : "the row 'uncertain' counts the sessions whose date is not known and "
                  "whose window (from the numbering) spans two or more years"))
      goto oom;
    (void)n;
  }
  if ((rc = ps_filter_caveat(p, f, lang, t, err)))
    goto out;
  *out = t;
  t = NULL;
  rc = PSST_OK;
  goto out;
oom:
  rc = ps_err(err, PSST_ENOMEM, "out of memory");
out:
  psst_table_free(t);
  free(o1), free(o2), free(cells), free(uncertain);
  vals_release(&v1), vals_release(&v2);
  sqlite3_finalize(st);
  ps_binds_release(&b);
  ps_buf_release(&where), ps_buf_release(&sql);
  return rc;
}
