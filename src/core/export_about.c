/*
 * export_about.c: what an exported file says about itself (the XLSX's About sheet, the
 * Stata file's notes): a file passed around on its own has to tell what the data is, of
 * which date and version, how to cite it and how to read its dates and codes.
 *
 * Every fact comes from the data folder or the database: the dataset's title and licence
 * from dataset.json and its version from CHANGELOG.md (cite_dataset.c), its citation from
 * psst_cite, its date from psst_summary; nothing the data does not say is added.
 */
#include "cite.h"
#include "export_int.h"

#include <stdlib.h>
#include <string.h>

static const char what_it_is[] =
    "The record of the collective study sessions (集体学习) of the Political Bureau of the "
    "Central Committee of the Communist Party of China: a row a session, with its date, "
    "subject, format, lecturers or speakers, codes for its topics and technologies, and the "
    "texts it rests on (official ones first). Written by psst " PSST_VERSION
    " from the data files sessions.jsonl, terms.json, codebook.json and institutions.json.";

static const char uncertain_text[] =
    "A session whose date is not known has an empty date; date_from and date_to then hold the "
    "window it was held in: after the latest dated session numbered before it and before the "
    "earliest dated one numbered after it (or the term's bounds), narrowed by a curated window "
    "where the record has one. When the window lies within one year, year is that year and "
    "the session counts in it; a window over two or more years makes the date uncertain: year "
    "is empty, and psst stats --by year counts the session in a row 'uncertain'.";

static const char confidence_text[] =
    "high: the date, the Chinese title and the lecturers (or speakers) each rest on an official "
    "text (a readout, a broadcast text or a faithful copy of one); medium: one of them rests "
    "only on a round-up, a translation or a secondary source; low: not confirmed.";

static const char empty_text[] =
    "An empty value is one not known yet, never a guess. Lists are joined with ';' (codes) or "
    "'; ' (names, posts, publishers) in order; source addresses with a space.";

static const char codebook_text[] =
    "topic, topics and tech hold codes of codebook.json, whose labels (English and Chinese) "
    "and definitions it gives; the XLSX export carries the labels in its sheets topics and "
    "tags, and the institutions' codes in its sheet institutions.";

/* How many sessions the filter selects, how many of them have no date, and how many of
   those an uncertain one. */
static const struct ps_xcol count_cols[] = {
    {"sessions", PS_X_INT, ""}, {"undated", PS_X_INT, ""}, {"uncertain", PS_X_INT, ""}};
static const struct ps_xtable count_table = {
    "count", count_cols, 3,
    "SELECT count(*), count(*) - count(s.date), sum(s.date IS NULL AND s.year IS NULL)"
    " FROM sessions s WHERE 1",
    ""};

static int add(struct ps_x_about *a, const char *key, const char *value, bool is_date) {
  if (a->n == sizeof a->v / sizeof *a->v)
    return PSST_ENOMEM; /* a programming error, caught by the tests */
  if (!(a->v[a->n].value = ps_strdup(value)))
    return PSST_ENOMEM;
  a->v[a->n].key = key;
  a->v[a->n++].is_date = is_date;
  return PSST_OK;
}

static int selection(struct psst *p, const struct psst_filter *f, struct ps_x_about *a,
                     struct psst_error *err) {
  struct ps_xquery q = {0};
  char *what = ps_x_selection(f);
  struct ps_buf b = {0};
  int rc =
      what ? ps_x_query(p, &count_table, f, &q, err) : ps_err(err, PSST_ENOMEM, "out of memory");
  if (rc)
    goto out;
  if (sqlite3_step(q.st) != SQLITE_ROW) {
    rc = ps_err_db(err, p->db, "export");
    goto out;
  }
  long long n = sqlite3_column_int64(q.st, 0), undated = sqlite3_column_int64(q.st, 1),
            uncertain = sqlite3_column_int64(q.st, 2);
  if (ps_buf_printf(&b, "%s: %lld session%s, %lld of them without a known date (%lld uncertain)",
                    what, n, n == 1 ? "" : "s", undated, uncertain) ||
      add(a, "Selection", b.s, false))
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
out:
  ps_x_query_end(&q);
  ps_buf_release(&b);
  free(what);
  return rc;
}

int ps_x_about(struct psst *p, const struct psst_filter *f, struct ps_x_about *a,
               struct psst_error *err) {
  memset(a, 0, sizeof *a);
  struct ps_dataset d = {0};
  char as_of[16] = "";
  long total = 0;
  char *cite = NULL;
  struct ps_buf licence = {0};
  int rc = ps_dataset_load(p->data_dir, &d, err);
  if (rc || (rc = psst_summary(p, as_of, sizeof as_of, &total, err)) ||
      (rc = psst_cite(p, 0, 0, PSST_CITE_TEXT, &cite, err)))
    goto out;
  /* the citation is a line of text: its line break would show in a cell */
  for (size_t n = strlen(cite); n && (cite[n - 1] == '\n' || cite[n - 1] == ' ');)
    cite[--n] = '\0';
  if (d.licence_name && (ps_buf_puts(&licence, d.licence_name) ||
                         (d.licence_url && ps_buf_printf(&licence, " <%s>", d.licence_url))))
    goto oom;
  if (!(a->title = ps_strdup(d.title)) || add(a, "What it is", what_it_is, false))
    goto oom;
  if ((rc = selection(p, f, a, err)))
    goto out;
  if ((*as_of && add(a, "Data as of", as_of, true)) ||
      (*d.version && add(a, "Version", d.version, true)) || add(a, "How to cite", cite, false) ||
      (licence.s && add(a, "Licence", licence.s, false)) ||
      add(a, "Codebook", codebook_text, false) ||
      add(a, "Uncertain dates", uncertain_text, false) ||
      add(a, "Confidence", confidence_text, false) ||
      add(a, "Empty values and lists", empty_text, false))
    goto oom;
  goto out;
oom:
  rc = ps_err(err, PSST_ENOMEM, "out of memory");
out:
  if (rc)
    ps_x_about_release(a);
  free(cite);
  ps_buf_release(&licence);
  ps_dataset_release(&d);
  return rc;
}

void ps_x_about_release(struct ps_x_about *a) {
  for (size_t i = 0; i < a->n; i++)
    free(a->v[i].value);
  free(a->title);
  memset(a, 0, sizeof *a);
}
