/*
 * findings_policy.c: claim 6 of the founding article, that the leadership studies a
 * technology to harness it politically and that policy follows the session: for each of
 * the article's five technology sessions, the documents of data/documents.jsonl on its
 * technology in the two years before the session and in the two years after.
 *
 * The documents record is a selection (the documents the evening news announced in its
 * headlines, docs/documents.md), not every document issued, so a verdict here cannot be
 * one over all completions of the record as the other claims' are: "agrees" says that the
 * selection shows more documents after than before; anything else "cannot be checked",
 * never "differs", because documents the selection lacks could change it.
 */
#include "findings_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The article's technology sessions (claim 3): the tag and the year it was studied in. */
static const struct {
  const char *tag;
  int year;
} policy_tags[] = {{"big-data", 2017},
                   {"ai", 2018},
                   {"blockchain", 2019},
                   {"quantum", 2020},
                   {"digital-economy", 2021}};
enum { NPT = sizeof policy_tags / sizeof *policy_tags };

/* Documents listed under each session, at most; the rest are counted. */
enum { SHOWN = 5 };

struct wave {
  const struct fs_session *s; /* the record's session on the tag in its year (dated) */
  long before, after;         /* documents in the two years before it and after it */
  enum fs_verdict v;
};

static int bit_of(const struct report *r, const char *tag) {
  return fs_tag(r, tag);
}

/* The first coded, dated session carrying the tag in the year. */
static const struct fs_session *session_of(const struct report *r, const char *tag, int year) {
  int b = bit_of(r, tag);
  if (b < 0)
    return NULL;
  for (size_t i = 0; i < r->n; i++) {
    const struct fs_session *s = &r->s[i];
    if (s->coded && *s->date && s->year == year && (s->tags >> b & 1))
      return s;
  }
  return NULL;
}

static const char count_sql[] =
    "SELECT"
    " (SELECT count(*) FROM document_tech t JOIN documents d ON d.id = t.document_id"
    "  WHERE t.tag = ?1 AND d.date >= date(?2, '-2 years') AND d.date < ?2),"
    " (SELECT count(*) FROM document_tech t JOIN documents d ON d.id = t.document_id"
    "  WHERE t.tag = ?1 AND d.date >= ?2 AND d.date < date(?2, '+2 years'))";

static int count_wave(struct report *r, const char *tag, struct wave *w) {
  sqlite3_stmt *st = NULL;
  int rc = PSST_OK;
  if (sqlite3_prepare_v2(r->p->db, count_sql, -1, &st, NULL) != SQLITE_OK)
    return ps_err_db(r->err, r->p->db, "findings: documents");
  sqlite3_bind_text(st, 1, tag, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, w->s->date, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) {
    w->before = sqlite3_column_int64(st, 0);
    w->after = sqlite3_column_int64(st, 1);
  } else {
    rc = ps_err_db(r->err, r->p->db, "findings: documents");
  }
  sqlite3_finalize(st);
  return rc;
}

static const char list_sql[] =
    "SELECT d.date, d.dated_by, CAST(julianday(d.date) - julianday(?2) AS INTEGER),"
    " d.title_zh, d.title_en, d.kind,"
    " (SELECT url FROM document_sources s WHERE s.document_id = d.id ORDER BY ord LIMIT 1),"
    " (SELECT publisher FROM document_sources s WHERE s.document_id = d.id ORDER BY ord LIMIT 1)"
    " FROM document_tech t JOIN documents d ON d.id = t.document_id"
    " WHERE t.tag = ?1 AND d.date >= ?2 AND d.date < date(?2, '+2 years')"
    " ORDER BY d.date, d.ord LIMIT ?3";

static const char *col(sqlite3_stmt *st, int k) {
  const unsigned char *t = sqlite3_column_text(st, k);
  return t ? (const char *)t : "";
}

/* The first documents after the session: date, lag, kind, title, source. */
static int list_after(struct report *r, const char *tag, const struct wave *w) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(r->p->db, list_sql, -1, &st, NULL) != SQLITE_OK)
    return ps_err_db(r->err, r->p->db, "findings: documents");
  sqlite3_bind_text(st, 1, tag, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, w->s->date, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 3, SHOWN);
  const char *head[] = {L(r, "Date", "日期"), L(r, "Days after", "间隔天数"), L(r, "Kind", "类别"),
                        L(r, "Title", "标题"), L(r, "Source", "来源")};
  fs_table(r, head, 5);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    char date[48], lag[24], src[1200];
    bool announced = !strcmp(col(st, 1), "announced");
    snprintf(date, sizeof date, "%s%s", col(st, 0),
             announced ? L(r, " (announced)", "（公布）") : "");
    snprintf(lag, sizeof lag, "%d", sqlite3_column_int(st, 2));
    snprintf(src, sizeof src, "%s %s", col(st, 7), col(st, 6));
    char title[1024];
    if (r->zh)
      snprintf(title, sizeof title, "《%s》", col(st, 3));
    else
      snprintf(title, sizeof title, "%s (《%s》)", col(st, 4), col(st, 3));
    const char *row[] = {date, lag, psst_document_kind_label(col(st, 5), r->lang), title, src};
    fs_row(r, row, 5);
  }
  fs_table_end(r);
  int rc = step == SQLITE_DONE ? PSST_OK : ps_err_db(r->err, r->p->db, "findings: documents");
  sqlite3_finalize(st);
  if (!rc && w->after > SHOWN) {
    char id[16];
    fs_id(id, w->s);
    fs_para(r);
    fs_textf(r,
             L(r, "And %ld more: psst followups %s lists them all.",
               "另有 %ld 份：psst followups %s 列出全部。"),
             w->after - SHOWN, id);
    fs_para_end(r);
  }
  return rc;
}

/* A document's title holds the phrase, or one of its variants. */
#define HOLDS                                                                                      \
  "EXISTS(SELECT 1 FROM phrase_terms t WHERE t.phrase_id = p.id AND instr(d.title_zh, t.text))"

static const char vocab_sql[] =
    "SELECT p.phrase_zh, p.phrase_en,"
    " (SELECT count(*) FROM documents d WHERE d.date < ?1 AND " HOLDS "),"
    " (SELECT count(*) FROM documents d WHERE d.date >= ?1 AND " HOLDS "),"
    " (SELECT min(d.date) FROM documents d WHERE d.date >= ?1 AND " HOLDS "),"
    " (SELECT CAST(julianday(min(d.date)) - julianday(?1) AS INTEGER) FROM documents d"
    "  WHERE d.date >= ?1 AND " HOLDS ")"
    " FROM phrases p WHERE p.term = ?2 AND p.number = ?3 ORDER BY p.ord";

/* The vocabulary: the phrases recorded for the sessions (data/phrases.jsonl) and the
   documents' titles that carry them, before and after the session; evidence, no verdict,
   as a title is only one place a phrase can travel to. */
static int vocabulary(struct report *r, const struct wave *w) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(r->p->db, vocab_sql, -1, &st, NULL) != SQLITE_OK)
    return ps_err_db(r->err, r->p->db, "findings: phrases");
  bool any = false;
  int rc = PSST_OK;
  for (int k = 0; k < NPT && !rc; k++) {
    if (!w[k].s)
      continue;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, w[k].s->date, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, w[k].s->term);
    sqlite3_bind_int(st, 3, w[k].s->number);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
      if (!any) {
        fs_para(r);
        fs_text(r, L(r,
                     "The vocabulary: the phrases the General Secretary used at these sessions "
                     "(data/phrases.jsonl, each with its quotation and source) and the titles of "
                     "the recorded documents that carry them (psst phrases shows where each "
                     "first appears). A title is only one place a phrase can travel to, so "
                     "this is evidence, not a verdict.",
                     "用语：总书记在这几次学习中使用的提法（data/phrases.jsonl，各附原话与出处）"
                     "及标题中含有这些提法的已记录文件（psst phrases 列出各提法首次出现之处）。"
                     "标题只是提法可能传播到的地方之一，故此处只列证据，不下结论。"));
        fs_para_end(r);
        const char *head[] = {
            L(r, "Session", "场次"), L(r, "Phrase", "提法"), L(r, "Titles before", "此前的标题"),
            L(r, "Titles after", "此后的标题"), L(r, "First after (days)", "此后首个（天数）")};
        fs_table(r, head, 5);
        any = true;
      }
      char id[16], phrase[512], before[24], after[24], first[64] = "";
      fs_id(id, w[k].s);
      if (r->zh)
        snprintf(phrase, sizeof phrase, "%s", col(st, 0));
      else
        snprintf(phrase, sizeof phrase, "%s (%s)", col(st, 0), col(st, 1));
      snprintf(before, sizeof before, "%d", sqlite3_column_int(st, 2));
      snprintf(after, sizeof after, "%d", sqlite3_column_int(st, 3));
      if (sqlite3_column_type(st, 4) != SQLITE_NULL)
        snprintf(first, sizeof first, "%s (%d)", col(st, 4), sqlite3_column_int(st, 5));
      const char *row[] = {id, phrase, before, after, first};
      fs_row(r, row, 5);
    }
    if (step != SQLITE_DONE)
      rc = ps_err_db(r->err, r->p->db, "findings: phrases");
  }
  if (any)
    fs_table_end(r);
  sqlite3_finalize(st);
  return rc;
}

int fs_claim_policy(struct report *r) {
  struct wave w[NPT];
  enum fs_verdict v[NPT];
  int rc = PSST_OK;
  for (int k = 0; k < NPT && !rc; k++) {
    memset(&w[k], 0, sizeof w[k]);
    w[k].v = FS_OPEN;
    w[k].s = session_of(r, policy_tags[k].tag, policy_tags[k].year);
    if (w[k].s && !(rc = count_wave(r, policy_tags[k].tag, &w[k])))
      w[k].v = w[k].after > w[k].before ? FS_AGREES : FS_OPEN;
    v[k] = w[k].v;
  }
  if (rc)
    return rc;
  fs_heading(r, 6,
             L(r, "Studied, then harnessed: policy after each technology session",
               "先学习，后施策：每次技术专题学习之后的政策文件"),
             v, NPT);
  fs_claim(r, L(r,
                "the leadership uses the sessions to identify technologies it intends to "
                "\"harness politically\"; the vocabulary a session established was then "
                "\"implemented throughout the party and across provinces through policies "
                "and laws\".",
                "领导层借集体学习选定意在从政治上加以驾驭的技术；一次学习确立的提法随后"
                "“通过政策和法律在全党和各省贯彻落实”。"));
  fs_para(r);
  fs_text(r, L(r,
               "Checked against the documents record (data/documents.jsonl): the documents "
               "on each technology dated (issued, else announced) in the two years before "
               "the session and in the two years after it. That record holds the documents "
               "the evening news announced in its headlines, not every document issued, so "
               "more documents after than before agrees with the claim, and anything else "
               "cannot be checked: it may be a document the record lacks.",
               "以文件记录（data/documents.jsonl）核对：各项技术的文件按日期（印发日期，"
               "不详时为公布日期）计入学习前两年和学习后两年。该记录收录的是《新闻联播》"
               "头条公布的文件，并非全部文件；因此学习后多于学习前即与论断相符，其他情形"
               "无法核查：可能是记录中缺少的文件。"));
  fs_para_end(r);
  fs_parts(r);
  for (int k = 0; k < NPT; k++) {
    const char *label = psst_label(r->p, "tech", policy_tags[k].tag, r->lang);
    char name[160], id[16] = "";
    snprintf(name, sizeof name,
             L(r, "%s (%d): more documents after the session than before",
               "%s（%d年）：学习后的文件多于学习前"),
             label ? label : policy_tags[k].tag, policy_tags[k].year);
    fs_part(r, name, w[k].v);
    if (!w[k].s) {
      fs_textf(r,
               L(r, "The record has no dated session on it in %d.",
                 "记录中 %d 年没有该主题的已知日期场次。"),
               policy_tags[k].year);
    } else {
      fs_id(id, w[k].s);
      fs_textf(r,
               L(r, "%s (%s): %ld document%s in the two years before, %ld in the two years after.",
                 "%s（%s）：学习前两年 %ld 份%s，学习后两年 %ld 份。"),
               id, w[k].s->date, w[k].before, r->zh || w[k].before == 1 ? "" : "s", w[k].after);
      if (!w[k].before && !w[k].after)
        fs_text(r, L(r, " The record holds no document on it in those four years.",
                     " 这四年间记录中没有该技术的文件。"));
    }
    fs_part_end(r);
  }
  fs_parts_end(r);
  const char *head[] = {L(r, "Technology", "技术"), L(r, "Session", "场次"), L(r, "Date", "日期"),
                        L(r, "Documents, two years before", "学习前两年的文件"),
                        L(r, "Documents, two years after", "学习后两年的文件")};
  fs_table(r, head, 5);
  for (int k = 0; k < NPT; k++) {
    if (!w[k].s)
      continue;
    char id[16], b[24], a[24];
    fs_id(id, w[k].s);
    snprintf(b, sizeof b, "%ld", w[k].before);
    snprintf(a, sizeof a, "%ld", w[k].after);
    const char *label = psst_label(r->p, "tech", policy_tags[k].tag, r->lang);
    const char *row[] = {label ? label : policy_tags[k].tag, id, w[k].s->date, b, a};
    fs_row(r, row, 5);
  }
  fs_table_end(r);
  for (int k = 0; k < NPT && !rc; k++) {
    if (!w[k].s || !w[k].after)
      continue;
    char id[16];
    fs_id(id, w[k].s);
    fs_para(r);
    const char *label = psst_label(r->p, "tech", policy_tags[k].tag, r->lang);
    fs_textf(r, L(r, "The first documents on %s after %s:", "%s之后第一批%s文件："),
             r->zh ? id : (label ? label : policy_tags[k].tag),
             r->zh ? (label ? label : policy_tags[k].tag) : id);
    fs_para_end(r);
    rc = list_after(r, policy_tags[k].tag, &w[k]);
  }
  if (!rc)
    rc = vocabulary(r, w);
  fs_end_section(r);
  return rc;
}
