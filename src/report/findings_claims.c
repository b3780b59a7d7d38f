/*
 * findings_claims.c: claims 2 to 5 of the founding article, each split into the parts a
 * reviewer would check, each part's verdict computed over the completions of the record
 * (findings.c): the undated sessions held anywhere in their windows, the sessions not yet
 * coded (no primary topic: their topics and technologies are not known) on any subject.
 */
#include "findings_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HU "Hu Jintao"
#define XI "Xi Jinping"

static int popcount(uint64_t m) {
  int n = 0;
  for (; m; m &= m - 1)
    n++;
  return n;
}

static uint64_t bit(int i) {
  return i >= 0 ? (uint64_t)1 << i : 0;
}

static enum fs_verdict worst(const enum fs_verdict *v, size_t n) {
  enum fs_verdict w = FS_AGREES;
  for (size_t i = 0; i < n; i++)
    w = v[i] == FS_DIFFERS || w == FS_DIFFERS ? FS_DIFFERS : v[i] == FS_OPEN ? FS_OPEN : w;
  return w;
}

/* A list of sessions collected for the evidence. */
struct picks {
  const struct fs_session **v;
  size_t n;
};

static int pick(struct report *r, struct picks *p, const struct fs_session *s) {
  for (size_t i = 0; i < p->n; i++)
    if (p->v[i] == s)
      return PSST_OK;
  if (!p->v && !(p->v = calloc(r->n + 1, sizeof *p->v)))
    return ps_err(r->err, PSST_ENOMEM, "out of memory");
  p->v[p->n++] = s;
  return PSST_OK;
}

static int by_number(const void *a, const void *b) {
  const struct fs_session *x = *(const struct fs_session *const *)a;
  const struct fs_session *y = *(const struct fs_session *const *)b;
  return x->term != y->term ? (x->term > y->term) - (x->term < y->term)
                            : (x->number > y->number) - (x->number < y->number);
}

/* The picked sessions as evidence, in the order of the numbering, under a lead line. */
static int show_picks(struct report *r, struct picks *p, const char *lead) {
  int rc = PSST_OK;
  if (p->n) {
    qsort(p->v, p->n, sizeof *p->v, by_number);
    fs_para(r);
    fs_text(r, lead);
    fs_para_end(r);
    rc = fs_evidence(r, p->v, p->n);
  }
  free(p->v);
  p->v = NULL, p->n = 0;
  return rc;
}

static void topic_labels(struct report *r, struct ps_buf *b, uint64_t mask) {
  const struct ps_refdata *ref = &r->p->ref;
  bool first = true;
  for (size_t i = 0; i < ref->n_topics && i < 64; i++)
    if (mask >> i & 1) {
      r->nomem |= ps_buf_printf(b, "%s%s", first ? "" : L(r, "; ", "、"),
                                psst_label(r->p, "topic", ref->topics[i].code, r->lang));
      first = false;
    }
}

/* ---- 2. The 16th Politburo's 38th session, January 2007 ---- */

int fs_claim_16_38(struct report *r) {
  const struct fs_session *s = fs_find(r, 16, 38);
  int internet = fs_tag(r, "internet"), culture = fs_topic(r, "culture");
  enum fs_verdict v[2] = {FS_OPEN, FS_OPEN};
  if (s && *s->date)
    v[0] = !strncmp(s->date, "2007-01", 7) ? FS_AGREES : FS_DIFFERS;
  else if (s && *s->from && *s->to)
    v[0] = strcmp(s->from, "2007-01-01") >= 0 && strcmp(s->to, "2007-01-31") <= 0 ? FS_AGREES
           : strcmp(s->to, "2007-01-01") < 0 || strcmp(s->from, "2007-01-31") > 0 ? FS_DIFFERS
                                                                                  : FS_OPEN;
  if (s && s->coded)
    v[1] = s->tags & bit(internet) && s->topics & bit(culture) ? FS_AGREES : FS_DIFFERS;
  fs_heading(r, 2,
             L(r, "The 16th Politburo's 38th session, January 2007",
               "第十六届中央政治局第三十八次集体学习，2007年1月"),
             v, 2);
  fs_claim(r, L(r,
                "the 38th session of the 16th Politburo, January 2007, was on the development "
                "of internet technology and the construction and management of network culture.",
                "2007年1月，第十六届中央政治局第三十八次集体学习的内容是互联网技术的发展和网络"
                "文化的建设与管理。"));
  fs_parts(r);
  char when[64] = "";
  if (s)
    fs_when(r, s, when, sizeof when);
  fs_part(r, L(r, "Held in January 2007", "2007年1月举行"), v[0]);
  if (!s)
    fs_text(r, L(r, "The record has no session 16-38 yet.", "记录中还没有第 16-38 次。"));
  else if (*s->date)
    fs_textf(r, L(r, "16-38 was held on %s.", "16-38 于 %s 举行。"), s->date);
  else
    fs_textf(
        r, L(r, "16-38's date is not known: it was held %s%s.", "16-38 的日期不详：于%s举行%s。"),
        when,
        v[0] == FS_OPEN ? L(r, ", in January 2007 or not", "，可能在2007年1月，也可能不在") : "");
  fs_part_end(r);
  fs_part(r, L(r, "On internet technology and network culture", "内容为互联网技术与网络文化"),
          v[1]);
  if (!s || !s->coded) {
    fs_text(r, s ? L(r, "Its subject is not coded yet: a complete record decides it.",
                     "其题目尚未编码：须待记录补全。")
                 : L(r, "A complete record decides it.", "须待记录补全。"));
  } else {
    struct ps_buf topics = {0}, tags = {0};
    topic_labels(r, &topics, s->topics);
    r->nomem |= fs_tag_labels(r, &tags, s->tags);
    fs_textf(r,
             L(r, "The record codes 16-38 with the topics %s and the technologies %s%s.",
               "记录为 16-38 编码的主题为%s，技术为%s%s。"),
             topics.s ? topics.s : "", tags.s ? tags.s : "",
             v[1] == FS_AGREES ? ""
                               : L(r, ", not with both internet technology and culture",
                                   "，并非同时有互联网技术与文化"));
    ps_buf_release(&topics), ps_buf_release(&tags);
  }
  fs_part_end(r);
  fs_parts_end(r);
  int rc = PSST_OK;
  if (s) {
    const struct fs_session *ev[] = {s};
    rc = fs_evidence(r, ev, 1);
  }
  fs_end_section(r);
  return rc;
}

/* ---- 3. A new technology every year from 2017 ---- */

static const struct {
  const char *tag;
  int year;
} tech_years[] = {{"big-data", 2017},
                  {"ai", 2018},
                  {"blockchain", 2019},
                  {"quantum", 2020},
                  {"digital-economy", 2021}};
enum { NTY = sizeof tech_years / sizeof *tech_years };

struct tech_year {
  enum fs_verdict studied, first;
  const struct fs_session *earliest; /* the record's first session on it (coded) */
  long in_year;                      /* sessions on it counted in the year */
};

static void judge_tech(struct report *r, int k, struct tech_year *t, struct picks *ev,
                       struct picks *decide) {
  uint64_t m = bit(fs_tag(r, tech_years[k].tag));
  int year = tech_years[k].year;
  bool may_in = false, before = false, may_before = false;
  memset(t, 0, sizeof *t);
  for (size_t i = 0; i < r->n; i++) {
    const struct fs_session *s = &r->s[i];
    int a, b;
    fs_span(r, s, &a, &b);
    bool on = s->coded && (s->tags & m);
    if (on && !t->earliest) /* the numbering is in time order */
      t->earliest = s;
    if (on && s->year == year) {
      t->in_year++;
      r->nomem |= pick(r, ev, s) != PSST_OK;
    }
    if (((on && s->year != year) || !s->coded) && a <= year && year <= b)
      may_in = true;
    if (on && b < year) {
      before = true;
      r->nomem |= pick(r, ev, s) != PSST_OK;
    } else if ((on || !s->coded) && a < year) {
      may_before = true;
      r->nomem |= pick(r, decide, s) != PSST_OK;
    }
  }
  t->studied = t->in_year ? FS_AGREES : may_in ? FS_OPEN : FS_DIFFERS;
  t->first = before ? FS_DIFFERS : may_before ? FS_OPEN : FS_AGREES;
}

int fs_claim_tech_years(struct report *r) {
  struct tech_year t[NTY];
  struct picks ev = {0}, decide = {0};
  enum fs_verdict studied[NTY], first[NTY];
  for (int k = 0; k < NTY; k++) {
    judge_tech(r, k, &t[k], &ev, &decide);
    studied[k] = t[k].studied, first[k] = t[k].first;
  }
  enum fs_verdict v[2] = {worst(studied, NTY), worst(first, NTY)};
  fs_heading(r, 3, L(r, "A new technology every year from 2017", "2017年起每年一项新技术"), v, 2);
  fs_claim(r, L(r,
                "from 2017 a new emerging technology has been studied every year: big data "
                "(2017), artificial intelligence (2018), blockchain (2019), quantum technology "
                "(2020), then the digital economy (2021).",
                "自2017年起，每年都学习一项新兴技术：大数据（2017年）、人工智能（2018年）、"
                "区块链（2019年）、量子技术（2020年），然后是数字经济（2021年）。"));
  fs_parts(r);
  fs_part(r, L(r, "Each studied in the year the article gives", "各项技术在文章所说的年份学习"),
          v[0]);
  struct ps_buf b = {0};
  for (int k = 0; k < NTY; k++)
    if (t[k].studied == v[0] && v[0] != FS_AGREES)
      r->nomem |= ps_buf_printf(&b, "%s%s", b.len ? L(r, "; ", "、") : "",
                                psst_label(r->p, "tech", tech_years[k].tag, r->lang));
  if (v[0] == FS_AGREES)
    fs_text(r, L(r, "Each has a session in its year (table below).",
                 "每项技术在其年份都有一场学习（见下表）。"));
  else if (v[0] == FS_DIFFERS)
    fs_textf(r,
             L(r, "%s: no session in its year, and no undated or uncoded session could be one.",
               "%s：该年没有相应的学习，也没有哪场未知日期或未编码的学习可能是。"),
             b.s ? b.s : "");
  else
    fs_textf(r,
             L(r, "%s: no coded session in its year; an undated or uncoded session could be one.",
               "%s：该年没有已编码的相应学习；某场未知日期或未编码的学习可能是。"),
             b.s ? b.s : "");
  ps_buf_release(&b);
  fs_part_end(r);
  fs_part(r, L(r, "Each new that year: no session on it before", "各项技术当年为新：此前未学习过"),
          v[1]);
  if (v[1] == FS_AGREES) {
    fs_text(r, L(r, "No earlier session carries any of them, and every earlier session is coded.",
                 "此前没有任何一场涉及这些技术，且此前各场都已编码。"));
  } else if (v[1] == FS_DIFFERS) {
    bool more = false;
    for (int k = 0; k < NTY; k++)
      if (t[k].first == FS_DIFFERS && t[k].earliest) {
        char id[16], when[64];
        fs_id(id, t[k].earliest);
        fs_when(r, t[k].earliest, when, sizeof when);
        fs_textf(r, L(r, "%s%s was studied before %d: %s, %s", "%s%s在%d年之前已学习：%s，%s"),
                 more ? L(r, "; ", "；") : "", psst_label(r->p, "tech", tech_years[k].tag, r->lang),
                 tech_years[k].year, id, when);
        more = true;
      }
    fs_text(r, L(r, ".", "。"));
  } else {
    qsort(decide.v, decide.n, sizeof *decide.v, by_number);
    r->nomem |= fs_ids(r, &b, decide.v, decide.n);
    fs_textf(r,
             L(r,
               "No earlier session in the record carries any of them, but %zu earlier sessions "
               "are not coded yet (%s): a complete record could show one of them on one of "
               "these technologies.",
               "记录中此前没有任何一场涉及这些技术，但此前有 %zu 场尚未编码（%s）：补全后的记录"
               "可能显示其中某场涉及这些技术之一。"),
             decide.n, b.s ? b.s : "");
  }
  ps_buf_release(&b);
  fs_part_end(r);
  fs_parts_end(r);
  const char *head[] = {L(r, "Technology", "技术"),
                        L(r, "The article", "文章"),
                        L(r, "The record's first session", "记录中的首场"),
                        L(r, "Sessions that year", "当年场次"),
                        L(r, "Studied that year", "当年学习"),
                        L(r, "New that year", "当年为新")};
  fs_table(r, head, 6);
  for (int k = 0; k < NTY; k++) {
    char year[16], first_s[96] = "", n[24];
    snprintf(year, sizeof year, "%d", tech_years[k].year);
    snprintf(n, sizeof n, "%ld", t[k].in_year);
    if (t[k].earliest) {
      char id[16], when[64];
      fs_id(id, t[k].earliest);
      fs_when(r, t[k].earliest, when, sizeof when);
      snprintf(first_s, sizeof first_s, r->zh ? "%s，%s" : "%s, %s", id, when);
    }
    const char *row[] = {psst_label(r->p, "tech", tech_years[k].tag, r->lang),
                         year,
                         *first_s ? first_s : L(r, "none", "无"),
                         n,
                         fs_verdict_name(r, t[k].studied),
                         fs_verdict_name(r, t[k].first)};
    fs_row(r, row, 6);
  }
  fs_table_end(r);
  free(decide.v);
  int rc = show_picks(r, &ev, L(r, "The sessions on them:", "相关场次："));
  fs_end_section(r);
  return rc;
}

/* ---- 4. Science and technology in general under Xi, 2012 to 2016 ---- */

/* Whether a session is the one the article describes: innovation-driven development in
   2013, a field session, and where: its record names Zhongguancun. *place tells the last. */
static int is_zhongguancun(struct report *r, const struct fs_session *s, bool *match, bool *place) {
  *match = *place = false;
  if (s->missing || s->year != 2013)
    return PSST_OK;
  struct psst_session full;
  int rc = psst_show(r->p, s->term, s->number, &full, NULL, r->err);
  if (rc)
    return rc;
  *match = full.title_zh && strstr(full.title_zh, "创新驱动") && full.format &&
           !strcmp(full.format, "field");
  *place = (full.notes && (strstr(full.notes, "Zhongguancun") || strstr(full.notes, "中关村"))) ||
           (full.title_zh && strstr(full.title_zh, "中关村"));
  psst_session_release(&full);
  return PSST_OK;
}

int fs_claim_general_sti(struct report *r) {
  uint64_t m = bit(fs_tag(r, "general-sti"));
  long lo = 0, hi = 0;
  struct picks ev = {0};
  const struct fs_session *found = NULL;
  bool place = false;
  int rc = PSST_OK;
  for (size_t i = 0; i < r->n && !rc; i++) {
    const struct fs_session *s = &r->s[i];
    int a, b;
    fs_span(r, s, &a, &b);
    if (strcmp(s->leader, XI) || a > 2016)
      continue;
    bool on = s->coded && (s->tags & m);
    if (on && b <= 2016) {
      lo++, hi++;
      rc = pick(r, &ev, s);
      bool match = false, at = false;
      if (!rc)
        rc = is_zhongguancun(r, s, &match, &at);
      if (match && (!found || (at && !place)))
        found = s, place = at;
    } else if (on || !s->coded) {
      hi++;
      rc = rc ? rc : pick(r, &ev, s);
    }
  }
  if (rc) {
    free(ev.v);
    return rc;
  }
  enum fs_verdict v[2] = {lo == 1 && hi == 1 ? FS_AGREES
                          : lo > 1 || hi < 1 ? FS_DIFFERS
                                             : FS_OPEN,
                          found && place      ? FS_AGREES
                          : found || lo != hi ? FS_OPEN
                                              : FS_DIFFERS};
  fs_heading(r, 4,
             L(r, "Science and technology in general under Xi, 2012 to 2016",
               "习近平任内的科技总体发展，2012至2016年"),
             v, 2);
  fs_claim(r, L(r,
                "under Xi, the overall development of science and technology was on the agenda "
                "only once between 2012 and 2016 (innovation-driven development, held at "
                "Zhongguancun in 2013).",
                "习近平任内，2012年至2016年间科技总体发展只列入学习议程一次（创新驱动发展，"
                "2013年在中关村举行）。"));
  fs_parts(r);
  fs_part(r, L(r, "Only once", "只有一次"), v[0]);
  char count[48];
  if (lo == hi)
    snprintf(count, sizeof count, "%ld", lo);
  else
    snprintf(count, sizeof count, r->zh ? "%ld 至 %ld" : "%ld to %ld", lo, hi);
  fs_textf(r,
           L(r,
             "Sessions under Xi Jinping to the end of 2016 on science and technology in "
             "general: %s%s.",
             "习近平任内截至2016年底以科技总体发展为内容的学习：%s 场%s。"),
           count,
           lo == hi ? ""
                    : L(r, " (the others undated or not coded yet: a complete record decides)",
                        "（其余为未知日期或未编码的场次：须待记录补全）"));
  fs_part_end(r);
  fs_part(r,
          L(r, "Innovation-driven development, at Zhongguancun in 2013",
            "创新驱动发展，2013年在中关村"),
          v[1]);
  if (found) {
    char id[16], when[64];
    fs_id(id, found);
    fs_when(r, found, when, sizeof when);
    fs_textf(r,
             L(r, "%s, %s, on innovation-driven development, a field session; %s.",
               "%s，%s，以创新驱动发展为题，实地学习；%s。"),
             id, when,
             place ? L(r, "its record places it at Zhongguancun", "记录注明地点在中关村")
                   : L(r, "its record does not name the place", "记录未写明地点"));
  } else {
    fs_text(r, lo == hi
                   ? L(r, "No such session in 2013.", "2013年没有这样的学习。")
                   : L(r, "No such session in 2013 among those coded; a complete record decides.",
                       "已编码的场次中2013年没有这样的学习；须待记录补全。"));
  }
  fs_part_end(r);
  fs_parts_end(r);
  rc = show_picks(r, &ev, L(r, "The sessions:", "相关场次："));
  fs_end_section(r);
  return rc;
}

/* ---- 5. More technologies under Xi than under Hu ---- */

struct era {
  const char *leader;
  int to_year; /* 0: the whole era */
  long sessions, dated, titled, coded, high, uncoded;
  uint64_t known;    /* the technologies of its coded sessions, general S&T aside */
  uint64_t possible; /* and those an undated session may add */
};

static int count_era(struct report *r, struct era *e, uint64_t general, struct picks *decide) {
  for (size_t i = 0; i < r->n; i++) {
    const struct fs_session *s = &r->s[i];
    int a, b;
    fs_span(r, s, &a, &b);
    if (strcmp(s->leader, e->leader) || (e->to_year && a > e->to_year))
      continue;
    bool certain = !e->to_year || b <= e->to_year;
    if (!s->missing && certain) {
      e->sessions++;
      e->dated += *s->date != '\0', e->titled += s->titled, e->coded += s->coded,
          e->high += s->high;
    }
    if (!s->coded) {
      e->uncoded++;
      if (decide && pick(r, decide, s))
        return PSST_ENOMEM;
    } else {
      *(certain ? &e->known : &e->possible) |= s->tags & ~general;
    }
  }
  return PSST_OK;
}

static void era_row(struct report *r, const struct era *e, const char *name) {
  char c[6][24];
  long v[6] = {e->sessions, e->dated, e->titled, e->coded, e->high, e->uncoded};
  for (int k = 0; k < 6; k++)
    snprintf(c[k], sizeof c[k], "%ld", v[k]);
  const char *row[] = {name, c[0], c[1], c[2], c[3], c[4], c[5]};
  fs_row(r, row, 7);
}

int fs_claim_more_tech(struct report *r) {
  uint64_t general = bit(fs_tag(r, "general-sti")), all = 0;
  for (size_t i = 0; i < r->p->ref.n_tags && i < 64; i++)
    all |= bit((int)i);
  all &= ~general;
  struct era hu = {.leader = HU}, xi = {.leader = XI, .to_year = FS_Y1}, now = {.leader = XI};
  struct picks decide = {0};
  if (count_era(r, &hu, general, &decide) || count_era(r, &xi, general, NULL) ||
      count_era(r, &now, general, NULL)) {
    free(decide.v);
    return ps_err(r->err, PSST_ENOMEM, "out of memory");
  }
  int total = popcount(all), nh = popcount(hu.known), nx = popcount(xi.known);
  long hu_max = nh + hu.uncoded * r->max_tags,
       xi_max = popcount(xi.known | xi.possible) + xi.uncoded * r->max_tags;
  hu_max = hu_max < total ? hu_max : total, xi_max = xi_max < total ? xi_max : total;
  enum fs_verdict v = nx > hu_max ? FS_AGREES : xi_max <= nh ? FS_DIFFERS : FS_OPEN;
  const char *hu_name = psst_label(r->p, "leader", HU, r->lang);
  const char *xi_name = psst_label(r->p, "leader", XI, r->lang);
  fs_heading(r, 5,
             L(r, "More technologies under Xi than under Hu", "习近平任内学习的技术多于胡锦涛"), &v,
             1);
  fs_claim(r, L(r, "Xi put more technologies on the study agenda than his predecessor.",
                "习近平列入学习议程的技术多于其前任。"));
  struct ps_buf hl = {0}, xl = {0}, nl = {0}, ids = {0};
  r->nomem |= fs_tag_labels(r, &hl, hu.known) || fs_tag_labels(r, &xl, xi.known) ||
              fs_tag_labels(r, &nl, now.known & ~xi.known) || fs_ids(r, &ids, decide.v, decide.n);
  fs_parts(r);
  fs_part(r,
          L(r, "More technologies under Xi, to 2021, than under Hu",
            "截至2021年，习近平任内的技术多于胡锦涛任内"),
          v);
  fs_textf(r,
           L(r,
             "Counting every technology but science and technology in general: %s %d (%s); "
             "%s to 2021 %d (%s), and %d to date (data as of %s; adding %s).",
             "技术按标签计，不含科技总体发展：%s %d 项（%s）；%s截至2021年 %d 项（%s），至今 "
             "%d 项（数据截至 %s，另有%s）。"),
           hu_name, nh, hl.s ? hl.s : "", xi_name, nx, xl.s ? xl.s : "", popcount(now.known),
           r->as_of, nl.s ? nl.s : "");
  if (hu.uncoded)
    fs_textf(r,
             L(r, " But %s has %ld sessions not coded yet (%s): their technologies are not known.",
               "但%s任内有 %ld 场尚未编码（%s），其技术不详。"),
             hu_name, hu.uncoded, ids.s ? ids.s : "");
  long need1 = nx - nh, needm = (nx - nh + r->max_tags - 1) / r->max_tags;
  if (v == FS_AGREES && !hu.uncoded)
    fs_textf(r,
             L(r, " Every session under %s is coded: no completion changes this.",
               "%s任内各场都已编码：补全记录改变不了这一点。"),
             hu_name);
  else if (v == FS_AGREES)
    fs_textf(r,
             L(r,
               " Even if each carried %d technologies not counted yet, %s would have %ld, "
               "fewer than %d.",
               "即使每场都涉及 %d 项尚未计入的技术，%s也只有 %ld 项，少于 %d 项。"),
             r->max_tags, hu_name, hu_max, nx);
  else if (v == FS_DIFFERS)
    fs_textf(
        r,
        L(r, " Whatever the uncoded sessions carried, %s would have at most %ld, no more than %d.",
          "无论未编码的场次内容如何，%s至多 %ld 项，不多于 %d 项。"),
        xi_name, xi_max, nh);
  else
    fs_textf(r,
             L(r,
               " If %ld of them each carried one technology not counted yet, %s would have as "
               "many as %s (%ld of them would do, if each carried %d, the most any session of "
               "the record carries): the claim holds only if fewer did.",
               "若其中 %ld 场各涉及一项尚未计入的技术，%s的技术就与%s一样多（若每场涉及记录中"
               "单场最多的项数，只需 %ld 场，每场 %d 项）：只有少于此数时论断才成立。"),
             need1, hu_name, xi_name, needm, r->max_tags);
  ps_buf_release(&hl), ps_buf_release(&xl), ps_buf_release(&nl), ps_buf_release(&ids);
  fs_part_end(r);
  fs_parts_end(r);
  fs_para(r);
  fs_text(r, L(r, "How complete each era's record is:", "各任期记录的完整程度："));
  fs_para_end(r);
  const char *head[] = {L(r, "Era", "任期"),
                        L(r, "Sessions", "场次"),
                        L(r, "Known date", "日期已知"),
                        L(r, "Chinese title", "中文题目已知"),
                        L(r, "Primary topic", "主要主题已编码"),
                        L(r, "Confidence high", "可信度高"),
                        L(r, "Not coded (or not in the record)", "未编码（或记录中没有）")};
  fs_table(r, head, 7);
  char name[3][96];
  snprintf(name[0], sizeof name[0], "%s", hu_name);
  snprintf(name[1], sizeof name[1], r->zh ? "%s，截至2021年" : "%s, to 2021", xi_name);
  snprintf(name[2], sizeof name[2], r->zh ? "%s，截至 %s" : "%s, to %s", xi_name, r->as_of);
  era_row(r, &hu, name[0]);
  era_row(r, &xi, name[1]);
  era_row(r, &now, name[2]);
  fs_table_end(r);
  int rc = show_picks(r, &decide,
                      L(r, "The sessions under Hu Jintao not coded yet, which decide it:",
                        "胡锦涛任内尚未编码、起决定作用的场次："));
  fs_end_section(r);
  return rc;
}
