/*
 * pages_session.c: one session's page (/sessions/T-N): every field of the record, its
 * sources with what each supports, the window of an undated session, and how to cite it.
 */
#include "pages.h"

#include <stdlib.h>
#include <string.h>

/* ---- /sessions/T-N ---- */

static bool is_web_url(const char *s) {
  return !strncmp(s, "https://", 8) || !strncmp(s, "http://", 7);
}

static void field(FILE *m, const char *name) {
  fputs("<dt>", m);
  sv_esc(m, name);
  fputs("</dt><dd>", m);
}

/* s[0, n) as HTML text. */
static void esc_n(FILE *m, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char one[2] = {s[i], '\0'};
    sv_esc(m, one);
  }
}

/* Whether the UTF-8 sequence at s is a CJK character or punctuation (Chinese text); *len
   receives its length in bytes. */
static bool cjk_at(const unsigned char *s, size_t *len) {
  unsigned cp = s[0];
  *len = 1;
  if (cp >= 0xF0 && s[1] && s[2] && s[3]) {
    cp = (cp & 0x07u) << 18 | (s[1] & 0x3Fu) << 12 | (s[2] & 0x3Fu) << 6 | (s[3] & 0x3Fu);
    *len = 4;
  } else if (cp >= 0xE0 && s[1] && s[2]) {
    cp = (cp & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
    *len = 3;
  } else if (cp >= 0xC0 && s[1]) {
    cp = (cp & 0x1Fu) << 6 | (s[1] & 0x3Fu);
    *len = 2;
  }
  return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

/*
 * One line of an English citation, escaped, its Chinese runs (the title as the readout gives
 * it) marked lang="zh-Hans" so that a screen reader reads them in Chinese.
 */
static void esc_citation(FILE *m, const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    size_t len, start = i;
    bool zh = cjk_at(u + i, &len);
    while (i < n && cjk_at(u + i, &len) == zh)
      i += len;
    if (i > n)
      i = n;
    if (zh)
      fputs("<span lang=\"zh-Hans\">", m);
    esc_n(m, s + start, i - start);
    if (zh)
      fputs("</span>", m);
  }
}

/*
 * "Documents that followed": the documents on the session's subject from a year before it
 * to two years after (psst followups ID), each with its lag and its title linked to its
 * first source, an official text. The method's caveats are one link away (the note).
 */
static void followups_block(FILE *m, struct psst *p, const struct sv_request *r, int term,
                            int number) {
  bool zh = r->lang == PSST_LANG_ZH;
  struct psst_table *t = NULL;
  if (psst_followups(p, term, number, NULL, r->lang, &t, NULL))
    return; /* the record's fields above are the page; psst followups ID says why */
  fprintf(
      m,
      "<section class=\"followups\" aria-labelledby=\"followups\"><h2 id=\"followups\">%s</h2>"
      "<p>%s</p>",
      zh ? "其后的文件" : "Documents that followed",
      zh ? "与本次集体学习的技术标签（无标签时为主要议题）相同的文件，自学习前12个月至其后24个月；"
           "日期为印发日，未知时为新闻联播宣布日。"
         : "Documents sharing a technology tag of this session (without a tag, its primary "
           "topic), from 12 months before it to 24 months after; dated by the day they were "
           "issued, else the day the evening news announced them.");
  if (!t->nrows) {
    fprintf(m, "<p class=\"none\">%s</p></section>",
            zh ? "记录中没有此期间的相关文件。"
               : "The record holds no such document in that window.");
    psst_table_free(t);
    return;
  }
  fprintf(m,
          "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
          "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
          "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
          zh ? "日期" : "Date", zh ? "相隔" : "Lag", zh ? "类别" : "Kind", zh ? "文件" : "Document",
          zh ? "发布机关" : "Issued by", zh ? "文号" : "Number");
  for (size_t i = 0; i < t->nrows; i++) {
    const char *lag = psst_cell(t, i, 3), *url = psst_cell(t, i, 10);
    const char *title_zh = psst_cell(t, i, 6), *title_en = psst_cell(t, i, 7);
    fputs("<tr><td class=\"date\">", m);
    sv_date(m, r, psst_cell(t, i, 1));
    fprintf(m, " <small>(%s)</small></td><td class=\"num\">",
            !strcmp(psst_cell(t, i, 2), "issued") ? (zh ? "印发" : "issued")
                                                  : (zh ? "宣布" : "announced"));
    if (lag) {
      long d = atol(lag), a = d < 0 ? -d : d;
      if (zh)
        fprintf(m, "%s %ld 天", d < 0 ? "之前" : "之后", a);
      else
        fprintf(m, "%ld day%s %s", a, a == 1 ? "" : "s", d < 0 ? "before" : "after");
      const char *from = psst_cell(t, i, 4);
      if (strcmp(from, "date"))
        fputs(zh ? "<br><small>自日期区间的一端</small>"
                 : "<br><small>from the date window's end</small>",
              m);
    } else {
      fputs(zh ? "在日期区间内" : "within the date window", m);
    }
    fputs("</td><td>", m);
    sv_esc(m, psst_document_kind_label(psst_cell(t, i, 5), r->lang));
    fputs("</td><td>", m);
    if (url && is_web_url(url)) {
      fputs("<a rel=\"noopener noreferrer\" href=\"", m);
      sv_esc(m, url);
      fputs("\">", m);
    }
    fputs(zh || !*title_en ? "<span lang=\"zh-Hans\">" : "<span lang=\"en\">", m);
    sv_esc(m, zh || !*title_en ? title_zh : title_en);
    fputs("</span>", m);
    if (url && is_web_url(url))
      fputs("</a>", m);
    if (!zh && *title_en) {
      fputs("<br><small lang=\"zh-Hans\">", m);
      sv_esc(m, title_zh);
      fputs("</small>", m);
    }
    if (psst_cell(t, i, 11)) {
      fputs(zh ? "<br><small>来源：" : "<br><small>source: ", m);
      sv_esc(m, psst_cell(t, i, 11));
      fputs("</small>", m);
    }
    fputs("</td><td>", m);
    sv_esc(m, psst_cell(t, i, 8) ? psst_cell(t, i, 8) : "");
    fputs("</td><td>", m);
    sv_esc(m, psst_cell(t, i, 9) ? psst_cell(t, i, 9) : (zh ? "不详" : "not known"));
    fputs("</td></tr>\n", m);
  }
  fputs("</tbody></table></section>\n", m);
  psst_table_free(t);
}

/*
 * The Cite block: the citation as psst cite prints it (the readout, then the dataset), the
 * files for reference managers from the API, and the BibTeX to copy. A citation that cannot
 * be made (a dataset.json that is not valid) leaves the block out; /api/.../cite says why.
 */
static void cite_block(FILE *m, struct psst *p, const struct sv_request *r, const char *id,
                       int term, int number) {
  bool zh = r->lang == PSST_LANG_ZH;
  char *text = NULL, *bib = NULL;
  if (psst_cite(p, term, number, PSST_CITE_TEXT, &text, NULL) ||
      psst_cite(p, term, number, PSST_CITE_BIBTEX, &bib, NULL)) {
    free(text);
    return;
  }
  fprintf(m,
          "<section class=\"cite\" aria-labelledby=\"cite\"><h2 id=\"cite\">%s</h2>"
          "<p class=\"cite-intro\">%s</p><p class=\"cite-text\" lang=\"en\">",
          zh ? "引用" : "Cite",
          zh ? "本次学习的官方通稿及收录它的数据集（版本为 data/CHANGELOG.md 最新一条的日期）："
             : "The session's readout, and the dataset that records it (its version is the date "
               "of the newest entry of data/CHANGELOG.md):");
  for (const char *line = text; *line;) {
    size_t n = strcspn(line, "\n");
    esc_citation(m, line, n);
    line += n;
    if (*line && *++line)
      fputs("<br>", m);
  }
  fprintf(m, "</p><p class=\"cite-files\">%s", zh ? "下载：" : "Download: ");
  static const struct {
    const char *style, *name, *type;
  } files[] = {{"bibtex", "BibTeX", "application/x-bibtex"},
               {"ris", "RIS", "application/x-research-info-systems"},
               {"csl-json", "CSL-JSON", "application/vnd.citationstyles.csl+json"}};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++)
    fprintf(m, "%s<a href=\"/api/sessions/%s/cite?style=%s\" type=\"%s\" download>%s</a>",
            i ? " · " : "", id, files[i].style, files[i].type, files[i].name);
  fprintf(m,
          "</p><details class=\"cite-bibtex\"><summary>%s</summary>"
          "<pre lang=\"en\"><code>",
          zh ? "BibTeX（复制）" : "BibTeX to copy");
  sv_esc(m, bib);
  fputs("</code></pre></details></section>", m);
  free(text);
  free(bib);
}

/* The page's description where a link to it is shared: what, when, who lectured. */
static void describe(char *out, size_t n, struct psst *p, const struct sv_request *r,
                     const struct psst_session *s, const char *id) {
  bool zh = r->lang == PSST_LANG_ZH;
  char date[32];
  int y, mo, d;
  if (s->date && zh && sscanf(s->date, "%4d-%2d-%2d", &y, &mo, &d) == 3)
    snprintf(date, sizeof date, "%d年%d月%d日", y, mo, d);
  else
    snprintf(date, sizeof date, "%s", s->date ? s->date : T(r, S_UNKNOWN));
  const char *topic = s->topic ? sv_label(p, "topic", s->topic, r->lang) : T(r, S_UNKNOWN);
  size_t k = (size_t)snprintf(out, n, zh ? "%s %s，%s。%s：%s。" : "%s %s, %s. %s: %s.",
                              T(r, S_SITE), id, date, T(r, S_TOPIC), topic);
  for (size_t i = 0; i < s->n_lecturers && k < n; i++) {
    const struct psst_lecturer *l = &s->lecturers[i];
    const char *name =
        zh ? (*l->name_zh ? l->name_zh : l->name_en) : (*l->name_en ? l->name_en : l->name_zh);
    k += (size_t)snprintf(out + k, n - k, "%s%s",
                          i ? (zh ? "、" : ", ") : (zh ? "讲解人：" : " Lecturers: "), name);
  }
  if (s->n_lecturers && k < n)
    snprintf(out + k, n - k, "%s", zh ? "。" : ".");
}

void sv_page_session(struct psst *p, const struct sv_request *r, const char *base,
                     struct sv_reply *out) {
  struct psst_error err = {0};
  struct psst_session s;
  if (psst_show(p, r->term, r->number, &s, NULL, &err)) {
    sv_lib_fail(out, r, &err);
    return;
  }
  FILE *m = sv_begin(out);
  if (!m) {
    psst_session_release(&s);
    return;
  }
  bool zh = r->lang == PSST_LANG_ZH;
  /* the title in the page's language; never the other language's unsaid, never empty */
  char id[32], title[1024], description[2048];
  snprintf(id, sizeof id, "%d-%d", s.term, s.number);
  sv_title_text(
      r, id, zh ? (*s.title_zh ? s.title_zh : s.title_en) : (*s.title_en ? s.title_en : s.title_zh),
      title, sizeof title);
  const char *other = zh ? s.title_en : s.title_zh;
  describe(description, sizeof description, p, r, &s, id);
  sv_head_meta(m, r, title, N_SESSIONS, base, description);
  fputs("<article class=\"session\"><p class=\"kicker\">", m);
  sv_esc(m, id);
  fputs(" · ", m);
  sv_date(m, r, s.date);
  fputs("</p><h1>", m);
  sv_esc(m, title);
  fputs("</h1>", m);
  if (other && *other && strcmp(other, title)) {
    fprintf(m, "<p class=\"other\" lang=\"%s\">", zh ? "en" : "zh-Hans");
    sv_esc(m, other);
    fputs("</p>", m);
  }
  fputs("<dl class=\"fields\">", m);
  field(m, T(r, S_ID));
  sv_esc(m, id);
  fputs(" · <a href=\"", m);
  char term_q[32];
  snprintf(term_q, sizeof term_q, "/sessions?term=%d", s.term);
  sv_site_href(m, r, term_q);
  fprintf(m, "\">%s</a></dd>", T(r, S_TERM_ALL));
  field(m, T(r, S_DATE));
  sv_date(m, r, s.date);
  if (!s.date) {
    char from[11], to[11];
    int year = 0;
    if (!psst_date_window(p, s.term, s.number, from, to, &year, NULL) && *from) {
      fputs(zh ? "<br><small>介于 " : "<br><small>held between ", m);
      sv_date(m, r, from);
      fputs(zh ? " 与 " : " and ", m);
      sv_date(m, r, to);
      if (year)
        fprintf(m, zh ? "（计入 %d 年）" : " (counted in %d)", year);
      else
        fputs(zh ? "（日期不确定）" : " (date uncertain)", m);
      if (s.date_window) {
        fputs(zh ? "：" : ": ", m);
        sv_esc(m, s.date_window->basis);
      }
      fputs("</small>", m);
    }
  }
  fputs("</dd>", m);
  field(m, T(r, S_LEADER));
  sv_filter_link(m, r, P_LEADER, s.leader, sv_label(p, "leader", s.leader, r->lang));
  fputs("</dd>", m);
  field(m, T(r, S_FORMAT));
  sv_esc(m, s.format ? sv_label(p, "format", s.format, r->lang) : T(r, S_UNKNOWN));
  fputs("</dd>", m);
  field(m, T(r, S_TITLE_ZH));
  fputs("<span lang=\"zh-Hans\">", m);
  sv_esc(m, *s.title_zh ? s.title_zh : T(r, S_UNKNOWN));
  fputs("</span></dd>", m);
  field(m, T(r, S_TITLE_EN));
  fputs("<span lang=\"en\">", m);
  sv_esc(m, *s.title_en ? s.title_en : T(r, S_UNKNOWN));
  fputs("</span></dd>", m);
  field(m, T(r, S_TOPIC));
  if (s.topic)
    sv_filter_link(m, r, P_TOPIC, s.topic, sv_label(p, "topic", s.topic, r->lang));
  else
    sv_esc(m, T(r, S_UNKNOWN));
  for (size_t i = 0; i < s.n_topics; i++) {
    fputs(i ? ", " : " (", m);
    if (!i)
      fprintf(m, "%s: ", T(r, S_ALSO));
    sv_filter_link(m, r, P_TOPIC, s.topics[i], sv_label(p, "topic", s.topics[i], r->lang));
  }
  fputs(s.n_topics ? ")</dd>" : "</dd>", m);
  if (s.n_tech) {
    field(m, T(r, S_TECH));
    for (size_t i = 0; i < s.n_tech; i++) {
      fputs(" ", m);
      sv_filter_link(m, r, P_TECH, s.tech[i], sv_label(p, "tech", s.tech[i], r->lang));
    }
    fputs("</dd>", m);
  }
  if (s.n_lecturers) {
    field(m, T(r, S_LECT));
    fputs("<ul class=\"lecturers\">", m);
    for (size_t i = 0; i < s.n_lecturers; i++) {
      const struct psst_lecturer *l = &s.lecturers[i];
      const char *key = *l->name_zh ? l->name_zh : l->name_en;
      const char *vals[P_COUNT] = {0};
      vals[P_LECTURER] = key;
      vals[P_LANG] = r->val[P_LANG];
      fprintf(m, "<li><a class=\"lecturer\" title=\"%s\" href=\"", T(r, S_LECTURER_OF));
      sv_href(m, "/sessions", vals);
      fputs("\">", m);
      sv_esc(m, l->name_zh);
      if (*l->name_zh && *l->name_en)
        fputs(" ", m);
      sv_esc(m, l->name_en);
      fputs("</a>", m);
      if (*l->affiliation_zh || *l->affiliation_en) {
        fputs(" — ", m);
        sv_esc(m, zh ? (*l->affiliation_zh ? l->affiliation_zh : l->affiliation_en)
                     : (*l->affiliation_en ? l->affiliation_en : l->affiliation_zh));
      }
      fputs("</li>", m);
    }
    fputs("</ul></dd>", m);
  }
  if (s.n_speakers) {
    field(m, T(r, S_SPEAKERS));
    for (size_t i = 0; i < s.n_speakers; i++) {
      fputs(i ? (zh ? "、" : ", ") : "", m);
      sv_esc(m, s.speakers[i]);
    }
    fputs("</dd>", m);
  }
  field(m, T(r, S_CONFIDENCE));
  sv_esc(m, sv_label(p, "confidence", s.confidence, r->lang));
  fputs("</dd>", m);
  field(m, T(r, S_SOURCES));
  fputs("<ul class=\"sources\">", m);
  for (size_t i = 0; i < s.n_sources; i++) {
    const struct psst_source *src = &s.sources[i];
    fputs("<li>", m);
    if (is_web_url(src->url)) {
      fputs("<a rel=\"noopener noreferrer\" href=\"", m);
      sv_esc(m, src->url);
      fputs("\">", m);
      sv_esc(m, src->publisher);
      fputs("</a>", m);
    } else {
      sv_esc(m, src->publisher);
    }
    fputs(" <span class=\"src-kind\">", m);
    sv_esc(m, sv_label(p, "source_kind", src->kind, r->lang));
    if (src->published) {
      fputs(zh ? "，" : ", ", m);
      sv_date(m, r, src->published);
    }
    fputs("</span>", m);
    if (src->n_supports) {
      fputs(zh ? "<br><small>支持：" : "<br><small>supports: ", m);
      for (size_t k = 0; k < src->n_supports; k++) {
        fputs(k ? ", " : "", m);
        sv_esc(m, src->supports[k]);
      }
      fputs("</small>", m);
    }
    if (src->via && is_web_url(src->via)) {
      fputs(zh ? "<br><small>阅读副本：<a rel=\"noopener noreferrer\" href=\""
               : "<br><small>read at: <a rel=\"noopener noreferrer\" href=\"",
            m);
      sv_esc(m, src->via);
      fputs("\">", m);
      sv_esc(m, src->via);
      fputs("</a></small>", m);
    }
    if (src->quote) {
      fputs("<blockquote lang=\"zh\">", m);
      sv_esc(m, src->quote);
      fputs("</blockquote>", m);
    }
    if (src->note) {
      fputs("<br><small>", m);
      sv_esc(m, src->note);
      fputs("</small>", m);
    }
    fputs("</li>", m);
  }
  if (!s.n_sources)
    fprintf(m, "<li>%s</li>", T(r, S_UNKNOWN));
  fputs("</ul></dd>", m);
  if (s.notes && *s.notes) {
    field(m, T(r, S_NOTES));
    sv_esc(m, s.notes);
    fputs("</dd>", m);
  }
  if (s.added || s.updated) {
    field(m, T(r, S_RECORD_DAYS));
    if (s.added) {
      fputs(zh ? "" : "added ", m);
      sv_date(m, r, s.added);
      fputs(zh ? " 收录" : "", m);
    }
    fputs(s.added && s.updated ? (zh ? "，" : ", ") : "", m);
    if (s.updated) {
      fputs(zh ? "" : "last changed ", m);
      sv_date(m, r, s.updated);
      fputs(zh ? " 最后修改" : "", m);
    }
    fputs("</dd>", m);
  }
  fputs("</dl>", m);
  followups_block(m, p, r, s.term, s.number);
  cite_block(m, p, r, id, s.term, s.number);
  fprintf(m, "<p><a href=\"/api/sessions/%s\">%s</a></p></article>\n", id, T(r, S_RECORD));
  sv_foot(m, p, r);
  psst_session_release(&s);
  if (!sv_finish(out, r, m)) {
    out->type = "text/html; charset=utf-8";
    out->cacheable = true;
  }
}
