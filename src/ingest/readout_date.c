/*
 * readout_date.c: the session's year and term. A readout gives the month and
 * day; the year comes from the publication date, a date printed on the page or the
 * numbering of the record, weighed against each other.
 */
#include "readout_int.h"

#include <stdio.h>
#include <time.h>
/* ---- dating ---- */

static bool in_term(const struct ps_term *t, const char *date) {
  return strcmp(date, t->from) >= 0 && (!t->to[0] || strcmp(date, t->to) < 0);
}

static const struct ps_term *term_of_date(const struct ps_refdata *ref, const char *date) {
  for (size_t i = 0; ref && i < ref->n_terms; i++)
    if (in_term(&ref->terms[i], date))
      return &ref->terms[i];
  return NULL;
}

/* The neighbouring dated sessions of (term, number) in the database. */
static void neighbours(const struct ps_ingest_ctx *ctx, int term, long number, char prev[11],
                       long *prev_n, char next[11], long *next_n, char same[11], bool *exists) {
  prev[0] = next[0] = same[0] = '\0';
  *prev_n = *next_n = 0;
  *exists = false;
  const struct ps_ingest_index *ix = ctx ? ctx->ix : NULL;
  if (!ix)
    return;
  /* the keys are sorted by term and number: the term's run, walked in order */
  struct ps_key probe = {.term = term, .number = 0};
  size_t lo = 0, hi = ix->n_keys;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (ps_rd_cmp_key(&ix->keys[mid], &probe) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t i = lo; i < ix->n_keys && ix->keys[i].term == term; i++) {
    const struct ps_key *k = &ix->keys[i];
    if (k->number == number) {
      *exists = true;
      snprintf(same, 11, "%s", k->date);
    } else if (k->number < number && k->date[0]) {
      snprintf(prev, 11, "%s", k->date);
      *prev_n = k->number;
    } else if (k->number > number && k->date[0] && !next[0]) {
      snprintf(next, 11, "%s", k->date);
      *next_n = k->number;
    }
  }
}

static int this_year(void) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

/* The General Secretary the readout names, when it names exactly one; NULL otherwise. */
static const char *named_leader(const struct reading *r, const struct ps_refdata *ref) {
  const char *named = NULL;
  int n_named = 0;
  for (size_t i = 0; i < ref->n_terms; i++) {
    const char *lz = ref->terms[i].leader_zh;
    if (lz && lz[0] && find_in(r->t.s, 0, r->t.len, lz) && (!named || strcmp(named, lz)))
      named = lz, n_named++;
  }
  return n_named == 1 ? named : NULL;
}

/*
 * The numbering: the (term, year) pairs that put month/day of session number between
 * its neighbours in the record (or on the record's own date for it). Returns how many;
 * the last in *fy, *ft and the reason in why.
 */
static int numbering_years(const struct reading *r, const struct lead *L,
                           const struct ps_term *term, int month, int day, int *fy,
                           const struct ps_term **ft, char *why, size_t why_size) {
  const struct ps_refdata *ref = r->ctx->ref;
  int found = 0;
  int y_now = this_year();
  const char *named = named_leader(r, ref);
  for (size_t i = 0; i < ref->n_terms; i++) {
    const struct ps_term *tt = &ref->terms[i];
    if (term && tt != term)
      continue;
    if (named && tt->leader_zh && strcmp(tt->leader_zh, named))
      continue;
    /* a term whose total is stated has no session beyond it */
    if (tt->sessions_stated && L->number > tt->sessions_stated)
      continue;
    char prev[11], next[11], same[11];
    long pn, nn;
    bool exists;
    neighbours(r->ctx, tt->term, L->number, prev, &pn, next, &nn, same, &exists);
    int y0 = atoi(tt->from), y1 = tt->to[0] ? atoi(tt->to) : y_now + 1;
    for (int y = y0; y <= y1; y++) {
      char d[11];
      snprintf(d, sizeof d, "%04d-%02d-%02d", y, month, day);
      if (!ps_valid_date(d) || !in_term(tt, d))
        continue;
      if (same[0] ? strcmp(d, same) != 0
                  : ((prev[0] && strcmp(d, prev) <= 0) || (next[0] && strcmp(d, next) >= 0) ||
                     (!prev[0] && !next[0])))
        continue;
      /* with one neighbour only, the session is within a year of it: no term
       * has gone a year between two sessions */
      if (!same[0] && !next[0] && ps_days(d) - ps_days(prev) > 366)
        continue;
      if (!same[0] && !prev[0] && ps_days(next) - ps_days(d) > 366)
        continue;
      found++, *fy = y, *ft = tt;
      if (same[0])
        snprintf(why, why_size, "the record's %d-%ld on %s", tt->term, L->number, same);
      else if (prev[0] && next[0])
        snprintf(why, why_size, "between %d-%ld (%s) and %d-%ld (%s)", tt->term, pn, prev, tt->term,
                 nn, next);
      else if (prev[0])
        snprintf(why, why_size, "within a year after %d-%ld (%s), the term's latest", tt->term, pn,
                 prev);
      else
        snprintf(why, why_size, "within a year before %d-%ld (%s)", tt->term, nn, next);
    }
  }
  return found;
}

/* Whether date fits the record for session number of term: on the record's date for it,
   or between its neighbours; true when nothing is known. */
static bool fits_record(const struct reading *r, const struct ps_term *term, long number,
                        const char *date) {
  if (!term || !in_term(term, date))
    return false;
  if (!r->ctx || !r->ctx->ix)
    return true;
  char prev[11], next[11], same[11];
  long pn, nn;
  bool exists;
  neighbours(r->ctx, term->term, number, prev, &pn, next, &nn, same, &exists);
  if (same[0])
    return !strcmp(same, date);
  return !(prev[0] && strcmp(date, prev) <= 0) && !(next[0] && strcmp(date, next) >= 0);
}

/*
 * Gives the date its year and the session its term. The year can come from the
 * publication date (--published, the bulletin's date), a date printed on the page, or
 * the numbering of the record (the one year in which month/day falls between the
 * neighbouring sessions of a term). A readout re-posted years later carries a
 * publication date that is not the session's year: when the publication year does not
 * fit the term named or the record's numbering and the numbering gives exactly one
 * year, the numbering wins, and the reading says which evidence won.
 */
int ps_rd_date_and_term(struct reading *r, struct lead *L, const struct dateline *D,
                        const struct psst_ingest_opts *o, int month, int day, size_t date_at,
                        size_t date_end, struct psst_error *err) {
  const struct ps_refdata *ref = r->ctx ? r->ctx->ref : NULL;
  struct psst_session *rec = &r->pr->rec;
  int year = 0;
  const char *year_how = NULL;
  int py = 0, pm = 0, pd = 0;
  if (o && o->published && ps_valid_date(o->published)) {
    sscanf(o->published, "%4d-%2d-%2d", &py, &pm, &pd);
    year_how = o->scan ? "year from the item's publication date" : "year from --published";
  } else if (D->y) {
    py = D->y, pm = D->m, pd = D->d;
    year_how = "year from the date printed on the page";
  }
  if (py) {
    /* a session is reported the same day or soon after: a December session
     * published in January belongs to the year before */
    year = (month > pm || (month == pm && day > pd)) ? py - 1 : py;
  }
  char date[11];
  const struct ps_term *term = NULL;
  if (L->term && ref) {
    term = ps_term_find(ref, L->term);
    if (!term)
      ps_rd_warn(r, "the readout names the %dth Central Committee, which terms.json does not have",
                 L->term);
  }
  int found = 0, fy = 0;
  const struct ps_term *ft = NULL;
  char why[160] = "";
  if (r->ctx && r->ctx->db && ref)
    found = numbering_years(r, L, term, month, day, &fy, &ft, why, sizeof why);
  if (year) {
    snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
    if (!ps_valid_date(date))
      return ps_err(err, PSST_EINVAL, "the readout's date %d月%d日 does not exist in %d", month,
                    day, year);
    const struct ps_term *dt = term ? term : term_of_date(ref, date);
    /* a re-post is published after the session: only an earlier year can win */
    if (found == 1 && fy < year && !fits_record(r, dt, L->number, date)) {
      /* the publication date is a re-post's: the numbering wins */
      char how[400];
      snprintf(how, sizeof how,
               "year from the numbering (%s), which outweighs the publication date %04d-%02d-%02d "
               "(a later re-post: %d does not fit the record)",
               why, py, pm, pd, year);
      ps_rd_warn(r,
                 "the publication date %04d-%02d-%02d is not the session's year: the numbering "
                 "(%s) gives %d",
                 py, pm, pd, why, fy);
      year = fy;
      term = ft;
      year_how = NULL;
      snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
      ps_rd_note(r, "date", how, date_at, date_end);
    } else {
      dt = term_of_date(ref, date);
      if (term && dt && dt != term)
        ps_rd_warn(r, "the date %s falls in the %dth term but the readout names the %dth", date,
                   dt->term, term->term);
      if (!term)
        term = dt;
    }
  } else if (found == 1) {
    /* without a stated year, the first year after the latest session is the
     * guess for a new session of a sitting term; say so plainly */
    year = fy;
    term = ft;
    snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
    char how[256];
    snprintf(how, sizeof how, "year inferred from the numbering: %s", why);
    ps_rd_note(r, "date", how, date_at, date_end);
    ps_rd_warn(r, "the year %d was inferred, not read: confirm it or give --published", year);
  } else if (found > 1) {
    ps_rd_warn(r, "the year of %d月%d日 is ambiguous from the numbering; give --published", month,
               day);
  } else if (r->ctx && r->ctx->db && ref) {
    ps_rd_warn(r, "no term's numbering has room for 第%ld次 on %d月%d日; give --published",
               L->number, month, day);
  }
  if (term) {
    rec->term = term->term;
    if (L->term)
      ps_rd_note(r, "term", "the readout names the Central Committee", L->term_at, L->term_end);
    else
      ps_rd_note(r, "term", year ? "the term in office on that date" : "the term", (size_t)-1,
                 (size_t)-1);
  } else {
    ps_rd_missing(r, "term");
  }
  if (year && term) {
    snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
    if (!ps_valid_date(date))
      return ps_err(err, PSST_EINVAL, "the readout's date %d月%d日 does not exist in %d", month,
                    day, year);
    free(rec->date);
    if (!(rec->date = ps_strdup(date)))
      return ps_err(err, PSST_ENOMEM, "out of memory");
    if (year_how)
      ps_rd_note(r, "date", year_how, date_at, date_end);
    /* against the record: the number must fit between the neighbours' dates. A scan
     * returns the reading as read: its reconciliation reports the disagreement */
    if (r->ctx && r->ctx->ix) {
      char prev[11], next[11], same[11];
      long pn, nn;
      bool exists;
      neighbours(r->ctx, term->term, L->number, prev, &pn, next, &nn, same, &exists);
      char msg[300] = "";
      if (same[0] && strcmp(same, date))
        snprintf(msg, sizeof msg,
                 "the readout's 第%ld次 on %s contradicts the record: %d-%ld was held on %s",
                 L->number, date, term->term, L->number, same);
      else if (prev[0] && strcmp(date, prev) <= 0)
        snprintf(msg, sizeof msg,
                 "the readout's 第%ld次 on %s contradicts the record: the earlier %d-%ld was "
                 "held on %s",
                 L->number, date, term->term, pn, prev);
      else if (next[0] && strcmp(date, next) >= 0)
        snprintf(msg, sizeof msg,
                 "the readout's 第%ld次 on %s contradicts the record: the later %d-%ld was held "
                 "on %s",
                 L->number, date, term->term, nn, next);
      if (msg[0] && !(o && o->scan))
        return ps_err(err, PSST_EDATA, "%s", msg);
      if (msg[0])
        ps_rd_warn(r, "%s", msg);
      else if (exists && !(o && o->scan))
        ps_rd_warn(r, "the record already has %d-%ld: applying would be refused as a duplicate",
                   term->term, L->number);
    }
  } else if (!rec->date) {
    ps_rd_missing(r, "date");
  }
  return PSST_OK;
}

/*
 * A readout without a date that can be placed (no dateline month, no publication
 * date): the record's session with the same number and the same subject gives the
 * term, and its date when the day the readout gives is the record's. The term is never
 * guessed: without such a session it stays unknown.
 */
void ps_rd_match_record(struct reading *r, const struct lead *L, int day) {
  const struct ps_ingest_index *ix = r->ctx ? r->ctx->ix : NULL;
  const struct ps_refdata *ref = r->ctx ? r->ctx->ref : NULL;
  struct psst_session *rec = &r->pr->rec;
  if (!ix || !ref || !ix->titles || !rec->title_zh[0])
    return;
  const char *named = named_leader(r, ref);
  size_t hit = SIZE_MAX;
  int n = 0;
  for (size_t i = 0; i < ix->n_keys; i++) {
    const struct ps_key *k = &ix->keys[i];
    if (k->number != L->number || (L->term && k->term != L->term))
      continue;
    const struct ps_term *tt = ps_term_find(ref, k->term);
    if (named && tt && tt->leader_zh && strcmp(tt->leader_zh, named))
      continue;
    if (ix->titles[i] && ps_rd_same_subject(ix->titles[i], rec->title_zh))
      hit = i, n++;
  }
  if (n != 1)
    return;
  const struct ps_key *k = &ix->keys[hit];
  rec->term = k->term;
  char how[200];
  snprintf(how, sizeof how, "the record's %d-%d: the same number and subject", k->term, k->number);
  ps_rd_note(r, "term", how, (size_t)-1, (size_t)-1);
  if (k->date[0] && day && atoi(k->date + 8) == day) {
    if (!(rec->date = ps_strdup(k->date))) {
      r->rc = PSST_ENOMEM;
      return;
    }
    snprintf(how, sizeof how,
             "the record's %d-%d (the same number and subject, the same day %d日); the text "
             "gives no month or year",
             k->term, k->number, day);
    ps_rd_note(r, "date", how, (size_t)-1, (size_t)-1);
    ps_rd_warn(r, "the date was matched with the record, not read: the text gives only the day");
  }
}
