/*
 * findings.c: psst findings: the claims of the article that motivated psst checked against
 * the record, each with the evidence (the sessions, the counts and their sources), and the
 * article's leading chart recreated beside the same chart from the record today; as
 * Markdown or as one self-contained HTML page, in English or Chinese.
 *
 * The verdicts are computed, never written in: when the record changes, the report
 * changes with it. A verdict counts what the record does not know yet (docs/findings.md):
 * the dates of undated sessions (each somewhere in its window), the subjects of sessions
 * not yet coded, the sessions a term's stated total implies but the record lacks. A claim
 * agrees when every completion of the record agrees, differs when none does, and cannot
 * be checked otherwise, with the sessions that would decide it.
 *
 * This file reads the record and writes the report's frame and the chart; findings_out.c
 * writes, findings_years.c and findings_claims.c decide.
 */
#include "findings_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the record ---- */

static int code_index(const struct ps_code *v, size_t n, const char *code) {
  for (size_t i = 0; i < n && i < 64; i++)
    if (!strcmp(v[i].code, code))
      return (int)i;
  return -1;
}

int fs_tag(const struct report *r, const char *code) {
  return code_index(r->p->ref.tags, r->p->ref.n_tags, code);
}

int fs_topic(const struct report *r, const char *code) {
  return code_index(r->p->ref.topics, r->p->ref.n_topics, code);
}

static uint64_t mask_of(const struct ps_code *v, size_t n, const char *list) {
  uint64_t m = 0;
  char code[128];
  for (const char *s = list; s && *s; s += strcspn(s, ","), s += *s == ',') {
    size_t len = strcspn(s, ",");
    if (len >= sizeof code)
      continue;
    memcpy(code, s, len);
    code[len] = '\0';
    int i = code_index(v, n, code);
    if (i >= 0)
      m |= (uint64_t)1 << i;
  }
  return m;
}

static int cmp_session(const void *a, const void *b) {
  const struct fs_session *x = a, *y = b;
  return x->term != y->term ? (x->term > y->term) - (x->term < y->term)
                            : (x->number > y->number) - (x->number < y->number);
}

const struct fs_session *fs_find(const struct report *r, int term, int number) {
  struct fs_session key = {.term = term, .number = number};
  return bsearch(&key, r->s, r->n, sizeof *r->s, cmp_session);
}

void fs_span(const struct report *r, const struct fs_session *s, int *first, int *last) {
  if (s->year) {
    *first = *last = s->year;
    return;
  }
  *first = *s->from ? atoi(s->from) : 1900;
  *last = *s->to ? atoi(s->to) : atoi(r->as_of);
}

static void copy_day(char out[11], const unsigned char *day) {
  snprintf(out, 11, "%s", day ? (const char *)day : "");
}

/* The day after a YYYY-MM-DD date. */
static void next_day(const char *date, char out[11]) {
  int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int dim = days[(m - 1) % 12] + (m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0));
  if (++d > dim)
    d = 1, m++;
  if (m > 12)
    m = 1, y++;
  /* the moduli bound each field, so that the compiler can see the 10 characters */
  snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

static int grow(struct report *r, size_t *cap) {
  if (r->n < *cap)
    return PSST_OK;
  size_t c = *cap ? *cap * 2 : 256;
  struct fs_session *v = realloc(r->s, c * sizeof *v);
  if (!v)
    return ps_err(r->err, PSST_ENOMEM, "out of memory");
  r->s = v, *cap = c;
  return PSST_OK;
}

/* The sessions a term's stated total implies beyond the record's last: each held after the
   term's last known day and before its end, subject unknown. */
static int add_missing(struct report *r, size_t *cap) {
  const struct ps_refdata *ref = &r->p->ref;
  size_t recorded = r->n;
  for (size_t t = 0; t < ref->n_terms; t++) {
    const struct ps_term *term = &ref->terms[t];
    int last = 0;
    char after[11] = "";
    for (size_t i = 0; i < recorded; i++)
      if (r->s[i].term == term->term && r->s[i].number > last) {
        last = r->s[i].number;
        if (*r->s[i].to)
          next_day(r->s[i].to, after);
      }
    for (int k = last + 1; k <= term->sessions_stated; k++) {
      int rc = grow(r, cap);
      if (rc)
        return rc;
      struct fs_session *s = &r->s[r->n++];
      *s = (struct fs_session){
          .term = term->term, .number = k, .leader = term->leader, .format = -1, .missing = true};
      snprintf(s->from, sizeof s->from, "%s", *after ? after : term->from);
      snprintf(s->to, sizeof s->to, "%.10s", *term->to ? term->to : r->as_of);
      s->year = atoi(s->from) == atoi(s->to) ? atoi(s->from) : 0;
    }
  }
  qsort(r->s, r->n, sizeof *r->s, cmp_session);
  return PSST_OK;
}

static int load(struct report *r) {
  const struct ps_refdata *ref = &r->p->ref;
  if (ref->n_tags > 64 || ref->n_topics > 64)
    return ps_err(r->err, PSST_EDATA, "findings: the codebook has more than 64 tags or topics");
  sqlite3_stmt *st = NULL;
  int rc = ps_prepare(
      r->p,
      "SELECT s.term, s.number, s.date, s.date_from, s.date_to, s.year, s.title_zh <> '',"
      " s.topic, s.confidence = 'high', s.format,"
      " (SELECT group_concat(tag, ',') FROM session_tech WHERE session_id = s.id),"
      " (SELECT group_concat(topic, ',') FROM session_topics WHERE session_id = s.id)"
      " FROM sessions s ORDER BY s.term, s.number",
      &st, r->err);
  if (rc)
    return rc;
  size_t cap = 0;
  int general = fs_tag(r, "general-sti");
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    if ((rc = grow(r, &cap)))
      break;
    struct fs_session *s = &r->s[r->n++];
    memset(s, 0, sizeof *s);
    s->term = sqlite3_column_int(st, 0);
    s->number = sqlite3_column_int(st, 1);
    copy_day(s->date, sqlite3_column_text(st, 2));
    copy_day(s->from, sqlite3_column_text(st, 3));
    copy_day(s->to, sqlite3_column_text(st, 4));
    s->year = sqlite3_column_int(st, 5); /* NULL, a window over two years: 0 */
    const struct ps_term *t = ps_term_find(ref, s->term);
    s->leader = t ? t->leader : "";
    s->titled = sqlite3_column_int(st, 6);
    s->coded = sqlite3_column_type(st, 7) != SQLITE_NULL;
    s->high = sqlite3_column_int(st, 8);
    const unsigned char *fmt = sqlite3_column_text(st, 9);
    s->format = fmt ? code_index(ref->formats, ref->n_formats, (const char *)fmt) : -1;
    s->tags = mask_of(ref->tags, ref->n_tags, (const char *)sqlite3_column_text(st, 10));
    s->topics = mask_of(ref->topics, ref->n_topics, (const char *)sqlite3_column_text(st, 11));
    uint64_t other = s->tags & ~(general >= 0 ? (uint64_t)1 << general : 0);
    int ntags = 0;
    for (; other; other &= other - 1)
      ntags++;
    if (s->coded && ntags > r->max_tags)
      r->max_tags = ntags;
  }
  if (!rc && step != SQLITE_DONE)
    rc = ps_err_db(r->err, r->p->db, "findings");
  sqlite3_finalize(st);
  if (r->max_tags < 1)
    r->max_tags = 1;
  return rc ? rc : add_missing(r, &cap);
}

/* ---- the report's frame ---- */

static void intro(struct report *r, long n) {
  fs_para(r);
  fs_text(r, L(r, "This report checks the claims of the article that motivated psst: ",
               "本报告核查促成 psst 的文章中的论断："));
  fs_text(r, L(r,
               "Kai von Carnap, \"Xi Jinping and the CCP's expanding technology agenda\", "
               "The Strategist (ASPI), 2021, a version of his MERICS comment \"Xi's worrying "
               "tech curriculum\".",
               "Kai von Carnap，“Xi Jinping and the CCP's expanding technology agenda”，"
               "The Strategist（澳大利亚战略政策研究所），2021年；该文是其 MERICS 评论"
               "“Xi's worrying tech curriculum”的另一版本。"));
  fs_textf(r,
           L(r,
             " Each claim is quoted briefly and checked against the record: %ld sessions, "
             "data as of %s.",
             "下文逐条简述文章的论断（中文为本报告的译述），并与记录对照：记录共 %ld 场，"
             "数据截至 %s。"),
           n, r->as_of);
  fs_para_end(r);
  long dated = 0, titled = 0, coded = 0, high = 0, in_record = 0;
  for (size_t i = 0; i < r->n; i++) {
    const struct fs_session *s = &r->s[i];
    if (s->missing)
      continue;
    in_record++;
    dated += *s->date != '\0', titled += s->titled, coded += s->coded, high += s->high;
  }
  fs_para(r);
  fs_textf(r,
           L(r,
             "A verdict is \"agrees\" when the record agrees however what it does not know yet "
             "turns out (an undated session held on any day of its window, a session not yet "
             "coded on any subject), \"differs\" when it disagrees however that turns out, and "
             "\"cannot be checked\" otherwise: then the report names the sessions that would "
             "decide it. Of the %ld sessions, %ld have a known date, %ld a Chinese title, "
             "%ld a primary topic and %ld confidence high.",
             "结论分三种：无论记录尚不知道的内容如何补全（未知日期的学习会可能在其时间窗内的任何"
             "一天举行，尚未编码的学习会可能涉及任何主题），记录都与论断一致，为“相符”；"
             "无论如何补全都不一致，为“不符”；其余为“无法核实”，并列出起决定作用的场次。"
             "记录的 %ld 场中，日期已知 %ld 场，中文题目已知 %ld 场，主要主题已编码 %ld 场，"
             "可信度高 %ld 场。"),
           in_record, dated, titled, coded, high);
  fs_para_end(r);
}

static void base64(struct report *r, const unsigned char *d, size_t n) {
  static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)d[i] << 16 | (i + 1 < n ? (unsigned)d[i + 1] << 8 : 0) |
                 (i + 2 < n ? d[i + 2] : 0);
    char q[4] = {a[v >> 18], a[(v >> 12) & 63], i + 1 < n ? a[(v >> 6) & 63] : '=',
                 i + 2 < n ? a[v & 63] : '='};
    r->nomem |= ps_buf_add(&r->out, q, 4);
  }
}

static const char *base_name(const char *path) {
  const char *b = strrchr(path, '/');
  return b ? b + 1 : path;
}

/* One chart: embedded in HTML (a data URI keeps the glyph ids of the two SVGs apart),
   written to path and linked from Markdown. */
static int one_chart(struct report *r, int to_year, const char *path, const char *caption) {
  struct psst_chart_opts o = {.lang = r->lang, .from_year = FS_Y0, .to_year = to_year};
  char alt[200];
  snprintf(alt, sizeof alt,
           r->zh ? "中共中央政治局集体学习：各年主题，%d—%d年"
                 : "CCP collective study sessions by topic, %d to %d",
           FS_Y0, to_year);
  if (r->html) {
    char *svg = NULL;
    size_t len = 0;
    int rc = psst_chart_render(r->p, PSST_CHART_TOPICS_BY_YEAR, &o, "svg", &svg, &len, r->err);
    if (rc)
      return rc;
    fs_put(r, "<figure><img alt=\"");
    fs_text(r, alt);
    fs_put(r, "\" src=\"data:image/svg+xml;base64,");
    base64(r, (const unsigned char *)svg, len);
    fs_put(r, "\"><figcaption>");
    fs_text(r, caption);
    fs_put(r, "</figcaption></figure>\n");
    free(svg);
    return PSST_OK;
  }
  if (!path)
    return PSST_OK;
  int rc = psst_chart_write(r->p, PSST_CHART_TOPICS_BY_YEAR, &o, path, r->err);
  fs_put(r, "![");
  fs_text(r, alt);
  fs_put(r, "](");
  fs_put(r, base_name(path));
  fs_put(r, ") ");
  return rc;
}

/* 6. The leading chart: a recreation beside the record today, not a verdict. */
static int chart_section(struct report *r, const struct psst_findings_opts *o) {
  int today = r->last_year > FS_Y1 ? r->last_year : FS_Y1;
  long no_topic = 0, uncertain = 0;
  for (size_t i = 0; i < r->n; i++) {
    const struct fs_session *s = &r->s[i];
    int a, b;
    fs_span(r, s, &a, &b);
    if (s->year >= FS_Y0 && s->year <= FS_Y1 && !s->coded)
      no_topic++;
    else if (!s->year && a <= FS_Y1 && b >= FS_Y0)
      uncertain++;
  }
  fs_heading(r, 7, L(r, "The leading chart, recreated", "文章的主图：据记录重绘"), NULL, 0);
  fs_claim(r, L(r, "the leading chart, \"CCP collective study sessions by topic, 2002 to 2021\".",
                "主图“CCP collective study sessions by topic, 2002 to 2021”（按主题划分的中共"
                "集体学习，2002至2021年）。"));
  fs_para(r);
  fs_textf(r,
           L(r,
             "The first chart draws it from the record; the second is the same chart to %d, the "
             "last full year of the record. This is a recreation, not a verdict: the article's "
             "figures per topic are not among the claims checked here, and its yearly totals "
             "are claim 1. Each session counts once, by its primary topic; %ld sessions of "
             "2002 to 2021 have no primary topic yet and %ld a date known only within a window "
             "over two years: the charts mark how they draw them.",
             "第一幅图据记录重绘该图；第二幅是截至 %d 年（记录中最后一个完整年份）的同一图表。"
             "这是重绘，不是核查：文章各主题的数字不在本报告核查的论断之内，各年总数见第 1 条。"
             "每场学习按其主要主题计一次；2002至2021年间有 %ld 场尚无主要主题，%ld 场的日期只知"
             "在跨年的时间窗内：图中标明了这些场次的画法。"),
           today, no_topic, uncertain);
  fs_para_end(r);
  char cap1[160], cap2[160];
  snprintf(cap1, sizeof cap1,
           r->zh ? "文章的图表，据记录重绘：%d—%d年"
                 : "The article's chart from the record: %d to %d",
           FS_Y0, FS_Y1);
  snprintf(cap2, sizeof cap2, r->zh ? "今天的记录：%d—%d年" : "The record today: %d to %d", FS_Y0,
           today);
  fs_put(r, r->html ? "<div class=\"charts\">\n" : "");
  int rc = one_chart(r, FS_Y1, o->chart_path, cap1);
  if (!rc)
    rc = one_chart(r, today, o->today_path, cap2);
  if (r->html) {
    fs_put(r, "</div>\n");
  } else if (o->chart_path || o->today_path) {
    fs_put(r, "\n\n");
  } else {
    fs_para(r);
    fs_textf(r,
             L(r,
               "psst chart topics-by-year --from %d --to %d draws the first, --to %d the "
               "second; psst findings -o FILE.md writes both beside the report.",
               "psst chart topics-by-year --from %d --to %d 画第一幅，--to %d 画第二幅；"
               "psst findings -o FILE.md 把两幅图写在报告旁边。"),
             FS_Y0, FS_Y1, today);
    fs_para_end(r);
  }
  fs_end_section(r);
  return rc;
}

static const char css[] =
    "body{font-family:'Noto Sans CJK SC',sans-serif;max-width:64em;margin:2em auto;padding:0 1em;"
    "color:#222;line-height:1.45}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px "
    "solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f4f4f4}"
    "blockquote{margin:.5em 0;padding:.25em 1em;border-left:3px solid #ccc;color:#444}"
    ".ok{color:#117733}.diff{color:#CC3311}.open{color:#8a6d00}h2 span{font-size:.7em}"
    ".charts{display:flex;flex-wrap:wrap;gap:1em}figure{flex:1 1 26em;margin:0}"
    "img{max-width:100%}.src{font-size:.85em;color:#555;word-break:break-all}";

int psst_findings(struct psst *p, const struct psst_findings_opts *o, char **out,
                  struct psst_error *err) {
  *out = NULL;
  struct psst_findings_opts none = {0};
  o = o ? o : &none;
  struct report r = {
      .p = p, .html = o->html, .zh = o->lang == PSST_LANG_ZH, .lang = o->lang, .err = err};
  long n;
  int rc = psst_summary(p, r.as_of, sizeof r.as_of, &n, err);
  if (!rc)
    rc = load(&r);
  if (rc) {
    free(r.s);
    return rc;
  }
  r.last_year = atoi(r.as_of) - 1;
  if (r.html) {
    fs_put(&r, r.zh ? "<!DOCTYPE html>\n<html lang=\"zh-Hans\">"
                    : "<!DOCTYPE html>\n<html lang=\"en\">");
    fs_put(&r, "<head><meta charset=\"utf-8\"><title>");
    fs_text(&r, L(&r, "psst findings", "psst 核查报告"));
    fs_put(&r, "</title>\n<style>");
    fs_put(&r, css);
    fs_put(&r, "</style></head><body>\n<h1>");
  } else {
    fs_put(&r, "# ");
  }
  fs_text(&r, L(&r, "psst findings: the founding article against the record",
                "psst 核查报告：文章的论断与记录对照"));
  fs_put(&r, r.html ? "</h1>\n" : "\n\n");
  intro(&r, n);
  if (!(rc = fs_claim_years(&r)) && !(rc = fs_claim_16_38(&r)) && !(rc = fs_claim_tech_years(&r)) &&
      !(rc = fs_claim_general_sti(&r)) && !(rc = fs_claim_more_tech(&r)) &&
      !(rc = fs_claim_policy(&r)))
    rc = chart_section(&r, o);
  if (r.html)
    fs_put(&r, "</body></html>\n");
  free(r.s);
  if (!rc && r.nomem)
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  if (rc) {
    ps_buf_release(&r.out);
    return rc;
  }
  *out = ps_buf_detach(&r.out);
  return PSST_OK;
}
