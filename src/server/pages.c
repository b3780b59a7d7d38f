/*
 * pages.c: the web view: what its pages share (the strings in both languages, escaping,
 * links, the layout, the replies), the findings report, the charts, the files of web/,
 * and the routing of a page request to pages_list.c (the overview, /sessions,
 * /lecturers, /institutions) or pages_session.c (/sessions/T-N).
 *
 * Everything that comes from the data (titles, names, notes, sources) or from the
 * request goes out through sv_esc() or sv_url_enc(): a name or a note holding markup
 * shows as text. Only the strings of the page files are written as markup. Sources
 * become links only when they are http or https URLs.
 */
#include "pages.h"

#include <stdlib.h>
#include <string.h>

const char *const sv_strs[S_COUNT][2] = {
    [S_SITE] = {"Politburo study sessions", "中央政治局集体学习"},
    [S_HOME] = {"Overview", "概览"},
    [S_SESSIONS] = {"Sessions", "学习会"},
    [S_LECTURERS] = {"Lecturers", "讲解人"},
    [S_INSTITUTIONS] = {"Institutions", "机构"},
    [S_FINDINGS] = {"Findings", "核查"},
    [S_SWITCH] = {"中文", "English"},
    [S_SWITCH_TITLE] = {"切换到中文", "Switch to English"},
    [S_SEARCH_PH] = {"Search titles, lecturers, notes: 区块链, quantum, 法治…",
                     "搜索题目、讲解人、备注：区块链、量子、法治……"},
    [S_SYNTAX] = {"How to search", "搜索语法"},
    [S_SYNTAX_BODY] =
        {"<ul><li><kbd>区块链 blockchain</kbd>: both words (traditional characters, pinyin "
         "<kbd>qukuailian</kbd>, <kbd>qu kuai lian</kbd>, initials <kbd>qkl</kbd> and synonyms "
         "such "
         "as <kbd>AI</kbd> for 人工智能 are found too)</li><li><kbd>\"rule of law\"</kbd>: a "
         "phrase</li><li><kbd>量子 OR quantum</kbd>: either</li><li><kbd>ai -military</kbd> or "
         "<kbd>ai NOT military</kbd>: without</li><li><kbd>title:</kbd>, <kbd>lecturer:</kbd>, "
         "<kbd>institution:</kbd>, <kbd>note:</kbd>, <kbd>tag:</kbd>: in one field</li>"
         "<li><kbd>techno*</kbd>: words that start so</li></ul>",
         "<ul><li><kbd>区块链 blockchain</kbd>：两个词都要有（繁体字、拼音 <kbd>qukuailian</kbd>、"
         "<kbd>qu kuai lian</kbd>、首字母 <kbd>qkl</kbd> 以及 <kbd>AI</kbd> 等同义词都能找到）</li>"
         "<li><kbd>\"rule of law\"</kbd>：短语</li><li><kbd>量子 OR quantum</kbd>：任一</li>"
         "<li><kbd>ai -military</kbd> 或 <kbd>ai NOT "
         "military</kbd>：排除</li><li><kbd>title:</kbd>、"
         "<kbd>lecturer:</kbd>、<kbd>institution:</kbd>、<kbd>note:</kbd>、<kbd>tag:</"
         "kbd>：只在一个字段中"
         "</li><li><kbd>techno*</kbd>：以此开头的词</li></ul>"},
    [S_SEARCH] = {"Search", "搜索"},
    [S_SORT] = {"Sort", "排序"},
    [S_OLDEST] = {"Oldest first", "由早到晚"},
    [S_NEWEST] = {"Newest first", "由晚到早"},
    [S_BEST] = {"Best match", "最相关"},
    [S_MATCH_PRE] = {"", "共 "},
    [S_MATCH_POST] = {" sessions", " 场"},
    [S_SHOWING] = {"showing", "显示"},
    [S_CSV] = {"Download CSV", "下载 CSV"},
    [S_PREV] = {"← Previous", "← 上一页"},
    [S_NEXT] = {"Next →", "下一页 →"},
    [S_NONE] = {"No session matches.", "没有符合条件的学习会。"},
    [S_ID] = {"Session", "场次"},
    [S_DATE] = {"Date", "日期"},
    [S_SUBJECT] = {"Subject", "题目"},
    [S_LEADER] = {"Leader", "总书记"},
    [S_TOPIC] = {"Topic", "主题"},
    [S_LECT] = {"Lecturers", "讲解人"},
    [S_FORMAT] = {"Format", "形式"},
    [S_TECH] = {"Technology", "技术"},
    [S_TERM] = {"Term", "届"},
    [S_YEAR] = {"Year", "年份"},
    [S_UNKNOWN] = {"unknown", "不详"},
    [S_CLEAR] = {"Clear all filters", "清除全部筛选"},
    [S_TITLE_ZH] = {"Title (Chinese)", "中文题目"},
    [S_TITLE_EN] = {"Title (English)", "英文题目"},
    [S_ALSO] = {"also", "其他"},
    [S_SPEAKERS] = {"Speakers", "发言"},
    [S_CONFIDENCE] = {"Confidence", "可信度"},
    [S_SOURCES] = {"Sources", "来源"},
    [S_NOTES] = {"Notes", "备注"},
    [S_RECORD] = {"The record as JSON", "JSON 记录"},
    [S_TERM_ALL] = {"Every session of this term", "本届全部学习会"},
    [S_LEAD] = {"The sourced record of the Chinese Communist Party Politburo's collective study "
                "sessions, December 2002 to today: who briefed the leadership, on what, and when.",
                "中共中央政治局集体学习的有据可查的记录（2002年12月至今）：谁、在何时、为中央领导"
                "讲解了什么。"},
    [S_N_SESSIONS] = {"sessions", "场学习会"},
    [S_N_LECTURERS] = {"lecturers", "位讲解人"},
    [S_N_INSTITUTIONS] = {"institutions", "家机构"},
    [S_N_TECH] = {"technologies studied", "项技术"},
    [S_AS_OF] = {"data as of", "数据截至"},
    [S_CHART_TOPICS] = {"Sessions by topic, 2002 to 2021", "各年集体学习的主题，2002—2021年"},
    [S_TIMELINE] = {"Technology timeline: the first session on each technology",
                    "技术时间线：每项技术的首次集体学习"},
    [S_LATEST] = {"Latest sessions", "最近的集体学习"},
    [S_ALL] = {"All sessions →", "全部学习会 →"},
    [S_BY_LEADER] = {"Sessions by leader", "按总书记统计"},
    [S_NAME] = {"Name", "姓名"},
    [S_AFFILIATION] = {"Latest affiliation", "最近单位"},
    [S_SESSION_LIST] = {"Sessions", "场次"},
    [S_LECT_INTRO] = {"Lecturers ranked by the sessions they lectured at.",
                      "按讲解场次排列的讲解人。"},
    [S_INST_INTRO] = {"Institutions ranked by the sessions their experts lectured at.",
                      "按其专家讲解场次排列的机构。"},
    [S_FINDINGS_NOTE] = {"The founding article's claims checked against the record.",
                         "创始文章的论断与记录的核对（报告为英文）。"},
    [S_ERROR] = {"Error", "出错"},
    [S_BACK] = {"Back to the overview", "返回概览"},
    [S_FIRST] = {"First session", "首次"},
    [S_LECTURER_OF] = {"Every session of this lecturer", "该讲解人的全部场次"},
    [S_INSTITUTION_OF] = {"Every session with a lecturer from here", "该机构讲解的全部场次"},
    [S_FILTERS] = {"Filters", "筛选"},
    [S_API] = {"JSON API", "JSON 接口"},
    [S_FROM] = {"From", "起"},
    [S_TO] = {"To", "止"},
    [S_FEED] = {"Sessions added or changed (Atom)", "新增或修改的学习会（Atom）"},
    [S_RECORD_DAYS] = {"Record", "记录"},
};

pthread_mutex_t sv_draw_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- escaping ---- */

void sv_esc(FILE *m, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '&':
      fputs("&amp;", m);
      break;
    case '<':
      fputs("&lt;", m);
      break;
    case '>':
      fputs("&gt;", m);
      break;
    case '"':
      fputs("&quot;", m);
      break;
    case '\'':
      fputs("&#39;", m);
      break;
    default:
      fputc(*s, m);
    }
  }
}

/* Escaped, with the search's match marks (\1 ... \2) as <mark>, always balanced. */
void sv_esc_marked(FILE *m, const char *s) {
  bool open = false;
  char one[2] = {0};
  for (; s && *s; s++) {
    if (*s == '\1' && !open) {
      fputs("<mark>", m);
      open = true;
    } else if (*s == '\2' && open) {
      fputs("</mark>", m);
      open = false;
    } else if (*s != '\1' && *s != '\2') {
      one[0] = *s;
      sv_esc(m, one);
    }
  }
  if (open)
    fputs("</mark>", m);
}

/* A query value: everything but the unreserved characters as %XX, so safe in an attribute. */
void sv_url_enc(FILE *m, const char *s) {
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~')
      fputc(c, m);
    else
      fprintf(m, "%%%02X", c);
  }
}

/* path?k=v&amp;... from the values given (our paths are plain ASCII). */
void sv_href(FILE *m, const char *path, const char *const vals[P_COUNT]) {
  sv_esc(m, path);
  char sep = '?';
  for (int p = 0; p < P_COUNT; p++) {
    if (!vals[p])
      continue;
    if (sep == '?')
      fputc('?', m);
    else
      fputs("&amp;", m);
    sep = '&';
    fputs(sv_param_name((enum sv_param)p), m);
    fputc('=', m);
    sv_url_enc(m, vals[p]);
  }
}

/* A link within the site: path, with the language carried along. */
void sv_site_href(FILE *m, const struct sv_request *r, const char *path) {
  sv_esc(m, path);
  if (r->lang == PSST_LANG_ZH)
    fputs(strchr(path, '?') ? "&amp;lang=zh" : "?lang=zh", m);
}

/* <a href="/sessions?KEY=VALUE[&lang=zh]">text</a> */
void sv_filter_link(FILE *m, const struct sv_request *r, enum sv_param key, const char *value,
                    const char *text) {
  const char *vals[P_COUNT] = {0};
  vals[key] = value;
  vals[P_LANG] = r->val[P_LANG];
  fputs("<a href=\"", m);
  sv_href(m, "/sessions", vals);
  fputs("\">", m);
  sv_esc(m, text);
  fputs("</a>", m);
}

void sv_session_link(FILE *m, const struct sv_request *r, const char *id, const char *text) {
  fputs("<a href=\"/sessions/", m);
  sv_url_enc(m, id);
  if (r->lang == PSST_LANG_ZH)
    fputs("?lang=zh", m);
  fputs("\">", m);
  sv_esc(m, text ? text : id);
  fputs("</a>", m);
}

/*
 * "16-1, 16-3": each id a link, the first MAX_IDS of them; the rest are counted, with a
 * link to the listing that holds them all (key=value), so that a row stays a row at any size.
 */
enum { MAX_IDS = 12 };
void sv_session_links(FILE *m, const struct sv_request *r, const char *ids, enum sv_param key,
                      const char *value) {
  char id[32];
  size_t shown = 0, more = 0;
  for (const char *s = ids; s && *s;) {
    size_t n = strcspn(s, ", ");
    if (n && n < sizeof id && shown < MAX_IDS) {
      memcpy(id, s, n);
      id[n] = '\0';
      sv_session_link(m, r, id, NULL);
      fputc(' ', m);
      shown++;
    } else if (n) {
      more++;
    }
    s += n;
    s += strspn(s, ", ");
  }
  if (more) {
    char text[48];
    snprintf(text, sizeof text, r->lang == PSST_LANG_ZH ? "……另 %zu 场" : "… %zu more", more);
    sv_filter_link(m, r, key, value, text);
  }
}

/* ---- layout ---- */

void sv_head(FILE *m, const struct sv_request *r, const char *title, enum nav on) {
  static const struct {
    const char *path;
    enum str label;
  } nav[] = {{"/", S_HOME},
             {"/sessions", S_SESSIONS},
             {"/lecturers", S_LECTURERS},
             {"/institutions", S_INSTITUTIONS},
             {"/findings", S_FINDINGS}};
  bool zh = r->lang == PSST_LANG_ZH;
  fprintf(m,
          "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<title>",
          zh ? "zh-Hans" : "en");
  sv_esc(m, title);
  /* the feed, for a browser or a reader that finds feeds from a page */
  fprintf(m,
          " · psst</title><link rel=\"stylesheet\" href=\"/static/style.css\">"
          "<link rel=\"icon\" type=\"image/svg+xml\" href=\"/static/favicon.svg\">"
          "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"%s\" "
          "href=\"/feed.atom\">"
          "<script src=\"/static/app.js\" defer></script></head>\n<body>"
          "<header class=\"top\"><div class=\"wrap\"><a class=\"brand\" href=\"",
          T(r, S_FEED));
  sv_site_href(m, r, "/");
  fprintf(m, "\"><b>psst</b> <span>%s</span></a><nav>", T(r, S_SITE));
  for (size_t i = 0; i < sizeof nav / sizeof *nav; i++) {
    fputs("<a href=\"", m);
    sv_site_href(m, r, nav[i].path);
    fprintf(m, "\"%s>%s</a>", (size_t)on == i ? " class=\"on\" aria-current=\"page\"" : "",
            T(r, nav[i].label));
  }
  /* the same page in the other language: every parameter kept but lang */
  char path[SV_MAX_PATH + 32];
  sv_route_path(r, path, sizeof path);
  const char *vals[P_COUNT];
  memcpy(vals, r->val, sizeof vals);
  vals[P_LANG] = zh ? NULL : "zh";
  vals[P_FRAGMENT] = NULL;
  fprintf(m, "</nav><a class=\"lang-switch\" hreflang=\"%s\" title=\"%s\" href=\"",
          zh ? "en" : "zh-Hans", T(r, S_SWITCH_TITLE));
  sv_href(m, path, vals);
  fprintf(m, "\">%s</a></div></header>\n<main class=\"wrap\">\n", T(r, S_SWITCH));
}

void sv_foot(FILE *m, struct psst *p, const struct sv_request *r) {
  char as_of[16] = "";
  long n = 0;
  psst_summary(p, as_of, sizeof as_of, &n, NULL);
  fprintf(m,
          "</main>\n<footer class=\"wrap\"><p>psst %s · %ld %s · %s %s · "
          "<a href=\"/api/sessions\">%s</a> (<a href=\"/api/codebook\">codebook</a>)</p>"
          "</footer></body></html>\n",
          PSST_VERSION, n, T(r, S_N_SESSIONS), T(r, S_AS_OF), as_of, T(r, S_API));
}

const char *sv_label(struct psst *p, const char *kind, const char *code, enum psst_lang l) {
  const char *s = code ? psst_label(p, kind, code, l) : NULL;
  return s ? s : code;
}

/* ---- replies ---- */

FILE *sv_begin(struct sv_reply *out) {
  out->body = NULL;
  out->len = 0;
  FILE *fp = open_memstream(&out->body, &out->len);
  if (!fp) {
    out->status = 500;
    out->type = "text/plain; charset=utf-8";
  }
  return fp;
}

int sv_finish(struct sv_reply *out, const struct sv_request *r, FILE *fp) {
  bool bad = ferror(fp) != 0;
  if (fclose(fp) || bad) {
    free(out->body);
    out->body = NULL;
    out->len = 0;
    sv_error(out, r, 500, "out of memory");
    return -1;
  }
  if (!out->status)
    out->status = 200;
  return 0;
}

void sv_error(struct sv_reply *out, const struct sv_request *r, int status, const char *msg) {
  free(out->body);
  out->body = NULL;
  out->len = 0;
  out->status = status;
  out->cacheable = false;
  out->disposition = NULL;
  out->total = -1;
  FILE *fp = open_memstream(&out->body, &out->len);
  if (!fp) {
    out->type = "text/plain; charset=utf-8";
    return;
  }
  if (!r || sv_route_is_api(r->route)) {
    fprintf(fp, "{\"error\": {\"status\": %d, \"message\": ", status);
    psst_json_string(fp, msg);
    fputs("}}\n", fp);
    out->type = "application/json; charset=utf-8";
  } else {
    static const struct sv_request plain = {.lang = PSST_LANG_EN};
    const struct sv_request *q = r->route == SV_ASSET || r->route == SV_CHART ? &plain : r;
    sv_head(fp, q, T(q, S_ERROR), N_NONE);
    fprintf(fp, "<h1>%d</h1><p class=\"error\">", status);
    sv_esc(fp, msg);
    fputs("</p><p><a href=\"", fp);
    sv_site_href(fp, q, "/");
    fprintf(fp, "\">%s</a></p></main></body></html>\n", T(q, S_BACK));
    out->type = "text/html; charset=utf-8";
  }
  if (fclose(fp)) {
    free(out->body);
    out->body = NULL;
    out->len = 0;
  }
}

void sv_lib_fail(struct sv_reply *out, const struct sv_request *r, const struct psst_error *e) {
  const char *m = e->msg[0] ? e->msg : psst_strerror(e->status);
  sv_error(out, r, sv_http_status(e->status), !strncmp(m, "--", 2) ? m + 2 : m);
}

/* ---- the session table, shared by the home page and /sessions ---- */

void sv_session_table(FILE *m, struct psst *p, const struct sv_request *r,
                      const struct psst_table *t) {
  /* the listing's columns: id date term number leader format topic tech title lecturers
     [snippet] */
  bool snip = t->ncols > 10;
  fprintf(m,
          "<table class=\"sessions\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
          "<th>%s</th><th>%s</th></tr></thead><tbody>\n",
          T(r, S_ID), T(r, S_DATE), T(r, S_SUBJECT), T(r, S_TOPIC), T(r, S_LECT), T(r, S_LEADER));
  for (size_t i = 0; i < t->nrows; i++) {
    const char *id = psst_cell(t, i, 0), *date = psst_cell(t, i, 1);
    fputs("<tr><td class=\"id\">", m);
    sv_session_link(m, r, id, NULL);
    fputs("</td><td class=\"date\">", m);
    sv_esc(m, date ? date : T(r, S_UNKNOWN));
    fputs("</td><td class=\"title\">", m);
    sv_session_link(m, r, id, psst_cell(t, i, 8) ? psst_cell(t, i, 8) : id);
    if (snip && psst_cell(t, i, 10)) {
      fputs("<div class=\"snippet\">", m);
      sv_esc_marked(m, psst_cell(t, i, 10));
      fputs("</div>", m);
    }
    if (psst_cell(t, i, 7)) {
      fputs("<div class=\"tags\">", m);
      char code[64];
      for (const char *s = psst_cell(t, i, 7); *s;) {
        size_t n = strcspn(s, ",");
        if (n && n < sizeof code) {
          memcpy(code, s, n);
          code[n] = '\0';
          fputs("<span class=\"tag\">", m);
          sv_esc(m, sv_label(p, "tech", code, r->lang));
          fputs("</span>", m);
        }
        s += n;
        s += *s == ',';
      }
      fputs("</div>", m);
    }
    fputs("</td><td>", m);
    sv_esc(m, psst_cell(t, i, 6) ? sv_label(p, "topic", psst_cell(t, i, 6), r->lang) : "");
    fputs("</td><td>", m);
    sv_esc(m, psst_cell(t, i, 9) ? psst_cell(t, i, 9) : "");
    fputs("</td><td>", m);
    sv_esc(m, sv_label(p, "leader", psst_cell(t, i, 4), r->lang));
    fputs("</td></tr>\n", m);
  }
  fputs("</tbody></table>\n", m);
}

/* ---- /findings ---- */

static void page_findings(struct psst *p, const struct sv_request *r, struct sv_reply *out) {
  struct psst_error err = {0};
  char *html = NULL;
  pthread_mutex_lock(&sv_draw_lock);
  struct psst_findings_opts o = {.html = true, .lang = r->lang};
  int rc = psst_findings(p, &o, &html, &err);
  pthread_mutex_unlock(&sv_draw_lock);
  if (rc) {
    sv_lib_fail(out, r, &err);
    return;
  }
  FILE *m = sv_begin(out);
  if (!m) {
    free(html);
    return;
  }
  sv_head(m, r, T(r, S_FINDINGS), N_FINDINGS);
  fprintf(m, "<p class=\"lead\">%s</p><div class=\"findings\" lang=\"%s\">", T(r, S_FINDINGS_NOTE),
          r->lang == PSST_LANG_ZH ? "zh-Hans" : "en");
  /* the report is a whole page written (and escaped) by libpsst: its body goes in ours */
  const char *body = strstr(html, "<body");
  body = body ? strchr(body, '>') : NULL;
  const char *end = body ? strstr(body, "</body>") : NULL;
  if (body && end)
    fwrite(body + 1, 1, (size_t)(end - body - 1), m);
  else
    sv_esc(m, html);
  fputs("</div>\n", m);
  sv_foot(m, p, r);
  free(html);
  if (!sv_finish(out, r, m)) {
    out->type = "text/html; charset=utf-8";
    out->cacheable = true;
  }
}

/* ---- charts and files ---- */

static void chart(struct psst *p, const struct sv_request *r, struct sv_reply *out) {
  struct psst_error err = {0};
  enum psst_chart_kind kind;
  if (psst_chart_kind_parse(r->name, &kind, &err)) {
    sv_error(out, r, 404,
             "no such chart: topics-by-year, tech-timeline, institutions, "
             "by-leader");
    return;
  }
  struct psst_chart_opts o = {.lang = r->lang, .from_year = r->from_year, .to_year = r->to_year};
  char *data = NULL;
  size_t len = 0;
  pthread_mutex_lock(&sv_draw_lock);
  int rc = psst_chart_render(p, kind, &o, r->ext, &data, &len, &err);
  pthread_mutex_unlock(&sv_draw_lock);
  if (rc) {
    sv_lib_fail(out, r, &err);
    return;
  }
  out->body = data;
  out->len = len;
  out->status = 200;
  out->type = !strcmp(r->ext, "svg") ? "image/svg+xml" : "image/png";
  out->cacheable = true;
}

static const char *asset_type(const char *name) {
  const char *dot = strrchr(name, '.');
  if (!dot)
    return "application/octet-stream";
  if (!strcmp(dot, ".css"))
    return "text/css; charset=utf-8";
  if (!strcmp(dot, ".js"))
    return "text/javascript; charset=utf-8";
  if (!strcmp(dot, ".svg"))
    return "image/svg+xml";
  if (!strcmp(dot, ".png"))
    return "image/png";
  return "text/plain; charset=utf-8";
}

const struct sv_asset *sv_asset_find(const char *name) {
  for (size_t i = 0; i < sv_nassets; i++)
    if (!strcmp(sv_assets[i].name, name))
      return &sv_assets[i];
  return NULL;
}

void sv_page(struct psst *p, const struct sv_request *r, struct sv_reply *out) {
  switch (r->route) {
  case SV_HOME:
    sv_page_home(p, r, out);
    return;
  case SV_SESSIONS:
    sv_page_sessions(p, r, out);
    return;
  case SV_SESSION:
    sv_page_session(p, r, out);
    return;
  case SV_LECTURERS:
  case SV_INSTITUTIONS:
    sv_page_people(p, r, out);
    return;
  case SV_FINDINGS:
    page_findings(p, r, out);
    return;
  case SV_CHART:
    chart(p, r, out);
    return;
  case SV_ASSET: {
    const struct sv_asset *a = sv_asset_find(r->name);
    if (!a || !(out->body = malloc(a->len ? a->len : 1))) {
      sv_error(out, r, a ? 500 : 404, a ? "out of memory" : "no such file");
      return;
    }
    memcpy(out->body, a->data, a->len);
    out->len = a->len;
    out->status = 200;
    out->type = asset_type(a->name);
    out->cacheable = true;
    return;
  }
  default:
    sv_error(out, r, 404, "no such page");
    return;
  }
}
