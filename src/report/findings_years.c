/*
 * findings_years.c: claim 1, between one (2002) and ten (2006, 2015) sessions a year from
 * 2002 to 2021, split into its parts: the fewest, the most, the range.
 *
 * A year's count is not one number while some sessions' dates are unknown: it lies
 * between the sessions counted in the year (dated in it, or undated with a window inside
 * it) and that plus the undated sessions whose window touches it. Each part asks every
 * year for a count within bounds (2002: exactly 1, the others at least 2; ...). It agrees
 * when every year's whole interval lies within its bounds; it differs when no placement of
 * the undated sessions, each in one year of its window, meets all the bounds at once (a
 * search over the placements, which the bounds prune); else it cannot be checked, and the
 * sessions whose placement decides it are named.
 */
#include "findings_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE LONG_MAX /* no upper bound */
#define BUDGET                                                                                     \
  1000000L /* placements tried before the search gives up (then: cannot be checked)                \
            */

struct years {
  long lo[FS_NY], hi[FS_NY];
  const struct fs_session **u; /* the undated sessions whose window touches 2002-2021 */
  int *first, *last;           /* the years each may fall in */
  size_t nu;
  long *suffix; /* (nu + 1) rows of FS_NY: the sessions from u[i] on that may fall in a year */
};

struct part {
  const char *name;
  long a[FS_NY], b[FS_NY]; /* the count each year needs */
  int claimed[2];          /* the years the claim names (0: none) */
  enum fs_verdict v;
  bool cut; /* the search gave up */
};

static int setup(struct report *r, struct years *ys) {
  memset(ys, 0, sizeof *ys);
  ys->u = calloc(r->n + 1, sizeof *ys->u);
  ys->first = calloc(r->n + 1, sizeof *ys->first);
  ys->last = calloc(r->n + 1, sizeof *ys->last);
  if (!ys->u || !ys->first || !ys->last)
    return ps_err(r->err, PSST_ENOMEM, "out of memory");
  for (size_t i = 0; i < r->n; i++) {
    const struct fs_session *s = &r->s[i];
    int a, b;
    fs_span(r, s, &a, &b);
    if (s->year) {
      if (s->year >= FS_Y0 && s->year <= FS_Y1)
        ys->lo[s->year - FS_Y0]++;
    } else if (a <= FS_Y1 && b >= FS_Y0) {
      ys->u[ys->nu] = s, ys->first[ys->nu] = a, ys->last[ys->nu] = b;
      ys->nu++;
    }
  }
  ys->suffix = calloc((ys->nu + 1) * FS_NY, sizeof *ys->suffix);
  if (!ys->suffix)
    return ps_err(r->err, PSST_ENOMEM, "out of memory");
  for (size_t i = ys->nu; i-- > 0;)
    for (int y = 0; y < FS_NY; y++)
      ys->suffix[i * FS_NY + y] =
          ys->suffix[(i + 1) * FS_NY + y] + (ys->first[i] <= FS_Y0 + y && FS_Y0 + y <= ys->last[i]);
  for (int y = 0; y < FS_NY; y++)
    ys->hi[y] = ys->lo[y] + ys->suffix[y];
  return PSST_OK;
}

static void release(struct years *ys) {
  free(ys->u), free(ys->first), free(ys->last), free(ys->suffix);
}

/* Whether the undated sessions from u[i] on can be placed so that every year meets its
   bounds: 1 yes, 0 no, -1 the budget ran out. */
static int place(const struct years *ys, size_t i, long *c, const struct part *pt, long *budget) {
  if (--*budget < 0)
    return -1;
  for (int y = 0; y < FS_NY; y++)
    if (c[y] + ys->suffix[i * FS_NY + y] < pt->a[y])
      return 0;
  if (i == ys->nu)
    return 1;
  for (int year = ys->first[i]; year <= ys->last[i]; year++) {
    int res;
    if (year < FS_Y0 || year > FS_Y1) {
      /* outside 2002-2021: one choice, however many years out there */
      if (year != ys->first[i] && year != FS_Y1 + 1)
        continue;
      res = place(ys, i + 1, c, pt, budget);
    } else {
      int y = year - FS_Y0;
      if (c[y] >= pt->b[y])
        continue;
      c[y]++;
      res = place(ys, i + 1, c, pt, budget);
      c[y]--;
    }
    if (res)
      return res;
  }
  return 0;
}

static void judge(const struct years *ys, struct part *pt) {
  bool always = true;
  for (int y = 0; y < FS_NY; y++)
    always &= ys->lo[y] >= pt->a[y] && ys->hi[y] <= pt->b[y];
  if (always) {
    pt->v = FS_AGREES;
    return;
  }
  long c[FS_NY], budget = BUDGET;
  int ok = 1;
  for (int y = 0; y < FS_NY; y++) {
    c[y] = ys->lo[y];
    ok &= c[y] <= pt->b[y];
  }
  if (ok)
    ok = place(ys, 0, c, pt, &budget);
  pt->cut = ok < 0;
  pt->v = ok ? FS_OPEN : FS_DIFFERS;
}

/* "10" or "10 to 13" sessions */
static void count_text(const struct report *r, long lo, long hi, char *out, size_t len) {
  if (lo == hi)
    snprintf(out, len, r->zh ? "%ld 场" : "%ld", lo);
  else
    snprintf(out, len, r->zh ? "%ld 至 %ld 场" : "%ld to %ld", lo, hi);
}

/* what the claim needs of a year */
static void need_text(const struct report *r, long a, long b, char *out, size_t len) {
  if (a == b)
    snprintf(out, len, r->zh ? "正好 %ld 场" : "exactly %ld", a);
  else if (b == NONE)
    snprintf(out, len, r->zh ? "至少 %ld 场" : "at least %ld", a);
  else if (a <= 0)
    snprintf(out, len, r->zh ? "至多 %ld 场" : "at most %ld", b);
  else
    snprintf(out, len, r->zh ? "在 %ld 至 %ld 场之间" : "between %ld and %ld", a, b);
}

/* "2013: 10, where the claim needs at most 9" */
static void year_text(struct report *r, int y, const struct years *ys, const struct part *pt,
                      bool first) {
  char count[48], need[48];
  count_text(r, ys->lo[y], ys->hi[y], count, sizeof count);
  need_text(r, pt->a[y], pt->b[y], need, sizeof need);
  fs_textf(r, L(r, "%s%d: %s, where the claim needs %s", "%s%d年：%s，而论断要求%s"),
           first ? "" : L(r, "; ", "；"), FS_Y0 + y, count, need);
}

/* The part's verdict in words, marking in `decide` the sessions that decide it. */
static void explain(struct report *r, const struct years *ys, const struct part *pt, bool *decide) {
  bool first = true;
  if (pt->v == FS_AGREES) {
    for (int k = 0; k < 2 && pt->claimed[k]; k++) {
      int y = pt->claimed[k] - FS_Y0;
      fs_textf(r, L(r, "%s%d: %ld", "%s%d年：%ld 场"), k ? L(r, "; ", "；") : "", FS_Y0 + y,
               ys->lo[y]);
      first = false;
    }
    long mn = NONE, mx = 0;
    for (int y = 0; y < FS_NY; y++) {
      if (y == pt->claimed[0] - FS_Y0 || y == pt->claimed[1] - FS_Y0)
        continue;
      mn = ys->lo[y] < mn ? ys->lo[y] : mn;
      mx = ys->hi[y] > mx ? ys->hi[y] : mx;
    }
    fs_textf(r,
             L(r, "%s%s %ld to %ld sessions, wherever the undated sessions were held.",
               "%s%s %ld 至 %ld 场，无论未知日期的场次在哪一年举行。"),
             first ? "" : L(r, "; ", "；"),
             first ? L(r, "Every year had", "每年") : L(r, "the other years had", "其余各年"), mn,
             mx);
    return;
  }
  for (int y = 0; y < FS_NY; y++) {
    bool forced = ys->lo[y] > pt->b[y] || ys->hi[y] < pt->a[y];
    bool open = !forced && (ys->lo[y] < pt->a[y] || ys->hi[y] > pt->b[y]);
    if (pt->v == FS_DIFFERS ? !forced : !open)
      continue;
    year_text(r, y, ys, pt, first);
    first = false;
    for (size_t i = 0; i < ys->nu; i++)
      if (ys->first[i] <= FS_Y0 + y && FS_Y0 + y <= ys->last[i])
        decide[ys->u[i] - r->s] = true;
    if (forced) /* the sessions counted in that year are the evidence */
      for (size_t i = 0; i < r->n; i++)
        if (r->s[i].year == FS_Y0 + y)
          decide[i] = true;
  }
  if (pt->v == FS_DIFFERS) {
    fs_text(r, first ? L(r,
                         "No placement of the undated sessions in their windows gives every "
                         "year the count the claim needs.",
                         "无论未知日期的场次如何落在各自的时间窗内，都不能使每一年符合论断。")
                     : L(r, ". No dating of the undated sessions changes this.",
                         "。未知日期的场次无论定在哪天，都改变不了这一点。"));
    return;
  }
  struct ps_buf ids = {0};
  const struct fs_session **v = calloc(ys->nu + 1, sizeof *v);
  size_t nv = 0;
  for (size_t i = 0; v && i < ys->nu; i++) {
    bool touches = false;
    for (int y = ys->first[i]; y <= ys->last[i]; y++)
      touches |= y >= FS_Y0 && y <= FS_Y1 &&
                 (ys->lo[y - FS_Y0] < pt->a[y - FS_Y0] || ys->hi[y - FS_Y0] > pt->b[y - FS_Y0]);
    if (touches)
      v[nv++] = ys->u[i];
  }
  r->nomem |= !v || fs_ids(r, &ids, v, nv);
  fs_textf(r, L(r, ". Decided by where %s %s held (%s)%s.", "。取决于 %s%s 在哪一年举行（%s）%s。"),
           ids.s ? ids.s : "",
           r->zh     ? ""
           : nv == 1 ? "was"
                     : "were",
           L(r, "the table below", "见下表"),
           pt->cut ? L(r, "; too many placements to try them all", "；可能的组合太多，未能逐一尝试")
                   : "");
  ps_buf_release(&ids);
  free(v);
}

static void year_table(struct report *r, const struct years *ys) {
  const struct fs_session **v = calloc(ys->nu + 1, sizeof *v);
  if (!v) {
    r->nomem = 1;
    return;
  }
  const char *head[] = {L(r, "Year", "年份"), L(r, "Sessions counted in it", "计入该年的场次"),
                        L(r, "Undated sessions that may fall in it", "可能属于该年的未知日期场次"),
                        L(r, "Sessions held", "实际场次")};
  fs_table(r, head, 4);
  for (int y = 0; y < FS_NY; y++) {
    char year[16], lo[24], count[48];
    snprintf(year, sizeof year, "%d", FS_Y0 + y);
    snprintf(lo, sizeof lo, "%ld", ys->lo[y]);
    count_text(r, ys->lo[y], ys->hi[y], count, sizeof count);
    struct ps_buf ids = {0};
    size_t nv = 0;
    for (size_t i = 0; i < ys->nu; i++)
      if (ys->first[i] <= FS_Y0 + y && FS_Y0 + y <= ys->last[i])
        v[nv++] = ys->u[i];
    r->nomem |= fs_ids(r, &ids, v, nv);
    const char *row[] = {year, lo, ids.s ? ids.s : "", count};
    fs_row(r, row, 4);
    ps_buf_release(&ids);
  }
  fs_table_end(r);
  free(v);
}

int fs_claim_years(struct report *r) {
  struct years ys;
  int rc = setup(r, &ys);
  bool *decide = calloc(r->n + 1, sizeof *decide);
  struct part parts[3] = {
      {.name = L(r, "One session in 2002, the fewest of any year", "2002年一场，为各年最少"),
       .claimed = {2002}},
      {.name = L(r, "Ten sessions in 2006 and in 2015, the most of any year",
                 "2006年和2015年各十场，为各年最多"),
       .claimed = {2006, 2015}},
      {.name = L(r, "Between one and ten sessions every year", "每年一至十场")},
  };
  for (int y = 0; y < FS_NY; y++) {
    int year = FS_Y0 + y;
    parts[0].a[y] = year == 2002 ? 1 : 2, parts[0].b[y] = year == 2002 ? 1 : NONE;
    parts[1].a[y] = year == 2006 || year == 2015 ? 10 : 0, parts[1].b[y] = parts[1].a[y] ? 10 : 9;
    parts[2].a[y] = 1, parts[2].b[y] = 10;
  }
  if (!rc && !decide)
    rc = ps_err(r->err, PSST_ENOMEM, "out of memory");
  if (rc) {
    release(&ys), free(decide);
    return rc;
  }
  enum fs_verdict v[3];
  for (int k = 0; k < 3; k++)
    judge(&ys, &parts[k]), v[k] = parts[k].v;
  fs_heading(r, 1, L(r, "Sessions per year, 2002 to 2021", "2002至2021年每年的学习场次"), v, 3);
  fs_claim(r, L(r,
                "between 2002 and 2021 the Politburo held between one (2002) and ten (2006, "
                "2015) study sessions a year.",
                "2002年至2021年间，政治局每年举行的集体学习在一次（2002年）到十次（2006年、"
                "2015年）之间。"));
  fs_parts(r);
  for (int k = 0; k < 3; k++) {
    fs_part(r, parts[k].name, parts[k].v);
    explain(r, &ys, &parts[k], decide);
    fs_part_end(r);
  }
  fs_parts_end(r);
  fs_para(r);
  fs_text(r, L(r,
               "A year counts the sessions dated in it and the undated ones whose window (from "
               "their neighbours in the numbering, narrowed by curated bounds) lies within it; "
               "an undated session whose window spans two years may belong to either.",
               "每年计入日期在该年的场次，以及时间窗（由编号前后的场次确定，并以有出处的界限收窄）"
               "完全在该年之内的未知日期场次；时间窗跨年的未知日期场次可能属于其中任一年。"));
  fs_para_end(r);
  year_table(r, &ys);
  const struct fs_session **ev = calloc(r->n + 1, sizeof *ev);
  size_t nev = 0;
  for (size_t i = 0; ev && i < r->n; i++)
    if (decide[i])
      ev[nev++] = &r->s[i];
  if (!ev) {
    rc = ps_err(r->err, PSST_ENOMEM, "out of memory");
  } else if (nev) {
    fs_para(r);
    fs_text(r, L(r, "The sessions that decide these verdicts:", "决定以上结论的场次："));
    fs_para_end(r);
    rc = fs_evidence(r, ev, nev);
  }
  fs_end_section(r);
  free(ev), free(decide);
  release(&ys);
  return rc;
}
