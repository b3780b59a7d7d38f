/*
 * pages.c: the web view: HTML pages rendered on the server from the library's
 * tables, charts and the findings report, and the files of web/.
 *
 * Everything that comes from the data (titles, names, notes, sources) or from the
 * request goes out through esc() or url_enc(): a name or a note holding markup shows
 * as text. Only the strings of this file are written as markup. Sources become links
 * only when they are http or https URLs.
 */
#include "server_int.h"

#include <stdlib.h>
#include <string.h>

enum str {
  S_SITE,
  S_HOME,
  S_SESSIONS,
  S_LECTURERS,
  S_INSTITUTIONS,
  S_FINDINGS,
  S_SWITCH,
  S_SWITCH_TITLE,
  S_SEARCH_PH,
  S_SEARCH,
  S_SORT,
  S_OLDEST,
  S_NEWEST,
  S_BEST,
  S_MATCH_PRE,
  S_MATCH_POST,
  S_SHOWING,
  S_CSV,
  S_PREV,
  S_NEXT,
  S_NONE,
  S_ID,
  S_DATE,
  S_SUBJECT,
  S_LEADER,
  S_TOPIC,
  S_LECT,
  S_FORMAT,
  S_TECH,
  S_TERM,
  S_YEAR,
  S_UNKNOWN,
  S_CLEAR,
  S_TITLE_ZH,
  S_TITLE_EN,
  S_ALSO,
  S_SPEAKERS,
  S_CONFIDENCE,
  S_SOURCES,
  S_NOTES,
  S_RECORD,
  S_TERM_ALL,
  S_LEAD,
  S_N_SESSIONS,
  S_N_LECTURERS,
  S_N_INSTITUTIONS,
  S_N_TECH,
  S_AS_OF,
  S_CHART_TOPICS,
  S_TIMELINE,
  S_LATEST,
  S_ALL,
  S_BY_LEADER,
  S_NAME,
  S_AFFILIATION,
  S_SESSION_LIST,
  S_LECT_INTRO,
  S_INST_INTRO,
  S_FINDINGS_NOTE,
  S_ERROR,
  S_BACK,
  S_FIRST,
  S_LECTURER_OF,
  S_INSTITUTION_OF,
  S_FILTERS,
  S_API,
  S_FROM,
  S_TO,
  S_COUNT
};

static const char *const strs[S_COUNT][2] = {
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
};

#define T(r, s) strs[s][(r)->lang == PSST_LANG_ZH]

pthread_mutex_t sv_draw_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- escaping ---- */

static void esc(FILE *m, const char *s) {
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
static void esc_marked(FILE *m, const char *s) {
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
      esc(m, one);
    }
  }
  if (open)
    fputs("</mark>", m);
}

/* A query value: everything but the unreserved characters as %XX, so safe in an attribute. */
static void url_enc(FILE *m, const char *s) {
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
static void href(FILE *m, const char *path, const char *const vals[P_COUNT]) {
  esc(m, path);
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
    url_enc(m, vals[p]);
  }
}

/* A link within the site: path, with the language carried along. */
static void site_href(FILE *m, const struct sv_request *r, const char *path) {
  esc(m, path);
  if (r->lang == PSST_LANG_ZH)
    fputs(strchr(path, '?') ? "&amp;lang=zh" : "?lang=zh", m);
}

/* <a href="/sessions?KEY=VALUE[&lang=zh]">text</a> */
static void filter_link(FILE *m, const struct sv_request *r, enum sv_param key, const char *value,
                        const char *text) {
  const char *vals[P_COUNT] = {0};
  vals[key] = value;
  vals[P_LANG] = r->val[P_LANG];
  fputs("<a href=\"", m);
  href(m, "/sessions", vals);
  fputs("\">", m);
  esc(m, text);
  fputs("</a>", m);
}

static void session_link(FILE *m, const struct sv_request *r, const char *id, const char *text) {
  fputs("<a href=\"/sessions/", m);
  url_enc(m, id);
  if (r->lang == PSST_LANG_ZH)
    fputs("?lang=zh", m);
  fputs("\">", m);
  esc(m, text ? text : id);
  fputs("</a>", m);
}

/*
 * "16-1, 16-3": each id a link, the first MAX_IDS of them; the rest are counted, with a
 * link to the listing that holds them all (key=value), so that a row stays a row at any size.
 */
enum { MAX_IDS = 12 };
static void session_links(FILE *m, const struct sv_request *r, const char *ids, enum sv_param key,
                          const char *value) {
  char id[32];
  size_t shown = 0, more = 0;
  for (const char *s = ids; s && *s;) {
    size_t n = strcspn(s, ", ");
    if (n && n < sizeof id && shown < MAX_IDS) {
      memcpy(id, s, n);
      id[n] = '\0';
      session_link(m, r, id, NULL);
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
    filter_link(m, r, key, value, text);
  }
}

/* ---- layout ---- */

enum nav { N_HOME, N_SESSIONS, N_LECTURERS, N_INSTITUTIONS, N_FINDINGS, N_NONE };

static void head(FILE *m, const struct sv_request *r, const char *title, enum nav on) {
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
  esc(m, title);
  fputs(" · psst</title><link rel=\"stylesheet\" href=\"/static/style.css\">"
        "<link rel=\"icon\" type=\"image/svg+xml\" href=\"/static/favicon.svg\">"
        "<script src=\"/static/app.js\" defer></script></head>\n<body>"
        "<header class=\"top\"><div class=\"wrap\"><a class=\"brand\" href=\"",
        m);
  site_href(m, r, "/");
  fprintf(m, "\"><b>psst</b> <span>%s</span></a><nav>", T(r, S_SITE));
  for (size_t i = 0; i < sizeof nav / sizeof *nav; i++) {
    fputs("<a href=\"", m);
    site_href(m, r, nav[i].path);
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
  href(m, path, vals);
  fprintf(m, "\">%s</a></div></header>\n<main class=\"wrap\">\n", T(r, S_SWITCH));
}

static void foot(FILE *m, struct psst *p, const struct sv_request *r) {
  char as_of[16] = "";
  long n = 0;
  psst_summary(p, as_of, sizeof as_of, &n, NULL);
  fprintf(m,
          "</main>\n<footer class=\"wrap\"><p>psst %s · %ld %s · %s %s · "
          "<a href=\"/api/sessions\">%s</a> (<a href=\"/api/codebook\">codebook</a>)</p>"
          "</footer></body></html>\n",
          PSST_VERSION, n, T(r, S_N_SESSIONS), T(r, S_AS_OF), as_of, T(r, S_API));
}

static const char *label(struct psst *p, const char *kind, const char *code, enum psst_lang l) {
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
    head(fp, q, T(q, S_ERROR), N_NONE);
    fprintf(fp, "<h1>%d</h1><p class=\"error\">", status);
    esc(fp, msg);
    fputs("</p><p><a href=\"", fp);
    site_href(fp, q, "/");
    fprintf(fp, "\">%s</a></p></main></body></html>\n", T(q, S_BACK));
    out->type = "text/html; charset=utf-8";
  }
  if (fclose(fp)) {
    free(out->body);
    out->body = NULL;
    out->len = 0;
  }
}

static void lib_fail(struct sv_reply *out, const struct sv_request *r, const struct psst_error *e) {
  const char *m = e->msg[0] ? e->msg : psst_strerror(e->status);
  sv_error(out, r, sv_http_status(e->status), !strncmp(m, "--", 2) ? m + 2 : m);
}

/* ---- the session table, shared by the home page and /sessions ---- */

static void session_table(FILE *m, struct psst *p, const struct sv_request *r,
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
    session_link(m, r, id, NULL);
    fputs("</td><td class=\"date\">", m);
    esc(m, date ? date : T(r, S_UNKNOWN));
    fputs("</td><td class=\"title\">", m);
    session_link(m, r, id, psst_cell(t, i, 8) ? psst_cell(t, i, 8) : id);
    if (snip && psst_cell(t, i, 10)) {
      fputs("<div class=\"snippet\">", m);
      esc_marked(m, psst_cell(t, i, 10));
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
          esc(m, label(p, "tech", code, r->lang));
          fputs("</span>", m);
        }
        s += n;
        s += *s == ',';
      }
      fputs("</div>", m);
    }
    fputs("</td><td>", m);
    esc(m, psst_cell(t, i, 6) ? label(p, "topic", psst_cell(t, i, 6), r->lang) : "");
    fputs("</td><td>", m);
    esc(m, psst_cell(t, i, 9) ? psst_cell(t, i, 9) : "");
    fputs("</td><td>", m);
    esc(m, label(p, "leader", psst_cell(t, i, 4), r->lang));
    fputs("</td></tr>\n", m);
  }
  fputs("</tbody></table>\n", m);
}

/* ---- / ---- */

static void page_home(struct psst *p, const struct sv_request *r, struct sv_reply *out) {
  struct psst_error err = {0};
  struct psst_table *latest = NULL, *timeline = NULL, *leaders = NULL;
  struct psst_counts n = {0};
  char as_of[16] = "";
  long sessions = 0;
  struct psst_page page = {.limit = 8, .order = PSST_ORDER_NEWEST};
  if (psst_summary(p, as_of, sizeof as_of, &sessions, &err) || psst_counts(p, &n, &err) ||
      psst_list_page(p, NULL, &page, r->lang, &latest, NULL, &err) ||
      psst_timeline(p, r->lang, &timeline, &err) ||
      psst_stats(p, "leader", NULL, r->lang, &leaders, &err)) {
    psst_table_free(latest);
    psst_table_free(timeline);
    lib_fail(out, r, &err);
    return;
  }
  FILE *m = sv_begin(out);
  if (!m)
    goto done;
  const char *lq = r->lang == PSST_LANG_ZH ? "&amp;lang=zh" : "";
  head(m, r, T(r, S_HOME), N_HOME);
  fprintf(m, "<section class=\"hero\"><h1>%s</h1><p class=\"lead\">%s</p>\n<ul class=\"glance\">",
          T(r, S_SITE), T(r, S_LEAD));
  fprintf(m, "<li><b>%ld</b> %s</li><li><b>%ld</b> %s</li><li><b>%ld</b> %s</li>", n.sessions,
          T(r, S_N_SESSIONS), n.lecturers, T(r, S_N_LECTURERS), n.institutions,
          T(r, S_N_INSTITUTIONS));
  fprintf(m, "<li><b>%ld</b> %s</li><li>%s <b>", n.technologies, T(r, S_N_TECH), T(r, S_AS_OF));
  esc(m, as_of);
  fputs("</b></li></ul>\n<ul class=\"leaders\">", m);
  for (size_t i = 0; i < leaders->nrows; i++) {
    fputs("<li>", m);
    filter_link(m, r, P_LEADER, psst_cell(leaders, i, 0),
                label(p, "leader", psst_cell(leaders, i, 0), r->lang));
    fputs(" <b>", m);
    esc(m, psst_cell(leaders, i, 1));
    fprintf(m, "</b> %s</li>", T(r, S_N_SESSIONS));
  }
  fputs("</ul></section>\n", m);
  fprintf(m,
          "<section class=\"chart\"><h2>%s</h2><figure><img id=\"leading-chart\" "
          "src=\"/charts/topics-by-year.svg?from=2002&amp;to=2021%s\" alt=\"%s\" width=\"960\" "
          "height=\"600\"></figure></section>\n",
          T(r, S_CHART_TOPICS), lq, T(r, S_CHART_TOPICS));
  fprintf(m,
          "<section><h2>%s</h2><figure><img src=\"/charts/tech-timeline.svg%s\" alt=\"%s\" "
          "loading=\"lazy\"></figure>\n",
          T(r, S_TIMELINE), r->lang == PSST_LANG_ZH ? "?lang=zh" : "", T(r, S_TIMELINE));
  fprintf(m,
          "<table class=\"timeline\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
          "</tr></thead><tbody>\n",
          T(r, S_TECH), T(r, S_FIRST), T(r, S_SUBJECT), T(r, S_SESSION_LIST));
  for (size_t i = 0; i < timeline->nrows; i++) {
    fputs("<tr><td>", m);
    filter_link(m, r, P_TECH, psst_cell(timeline, i, 0),
                label(p, "tech", psst_cell(timeline, i, 0), r->lang));
    fputs("</td><td class=\"date\">", m);
    esc(m, psst_cell(timeline, i, 1) ? psst_cell(timeline, i, 1) : T(r, S_UNKNOWN));
    fputs(" ", m);
    session_link(m, r, psst_cell(timeline, i, 2), NULL);
    fputs("</td><td>", m);
    esc(m, psst_cell(timeline, i, 3));
    fputs("</td><td class=\"ids\">", m);
    session_links(m, r, psst_cell(timeline, i, 5), P_TECH, psst_cell(timeline, i, 0));
    fputs("</td></tr>\n", m);
  }
  fprintf(m, "</tbody></table></section>\n<section><h2>%s</h2>\n", T(r, S_LATEST));
  session_table(m, p, r, latest);
  fputs("<p><a class=\"more\" href=\"", m);
  site_href(m, r, "/sessions");
  fprintf(m, "\">%s</a></p></section>\n", T(r, S_ALL));
  foot(m, p, r);
  if (!sv_finish(out, r, m)) {
    out->type = "text/html; charset=utf-8";
    out->cacheable = true;
  }
done:
  psst_table_free(latest);
  psst_table_free(timeline);
  psst_table_free(leaders);
}

/* ---- /sessions ---- */

static const struct {
  enum sv_param param;
  const char *dim;
  enum str title;
} facet_dims[] = {
    {P_TERM, "term", S_TERM},    {P_YEAR, "year", S_YEAR}, {P_LEADER, "leader", S_LEADER},
    {P_TOPIC, "topic", S_TOPIC}, {P_TECH, "tech", S_TECH}, {P_FORMAT, "format", S_FORMAT},
};

/* The filter without the facet's own dimension, so that its other values show their counts. */
static struct psst_filter without(const struct psst_filter *f, enum sv_param p) {
  struct psst_filter g = *f;
  switch (p) {
  case P_TERM:
    g.term = 0;
    break;
  case P_YEAR:
    g.year = 0;
    break;
  case P_LEADER:
    g.leader = NULL;
    break;
  case P_TOPIC:
    g.topic = NULL;
    break;
  case P_TECH:
    g.tech = NULL;
    break;
  default:
    g.format = NULL;
  }
  return g;
}

static int facets(FILE *m, struct psst *p, const struct sv_request *r, struct psst_error *err) {
  static const struct {
    enum sv_param param;
    enum str title;
  } chips[] = {
      {P_LECTURER, S_LECT}, {P_INSTITUTION, S_INSTITUTIONS}, {P_FROM, S_FROM}, {P_TO, S_TO}};
  fprintf(m, "<aside class=\"facets\" aria-label=\"%s\">", T(r, S_FILTERS));
  bool any = false;
  /* the filters that are not facets show as chips that remove them */
  for (size_t i = 0; i < sizeof chips / sizeof *chips; i++) {
    if (!r->val[chips[i].param])
      continue;
    const char *vals[P_COUNT];
    memcpy(vals, r->val, sizeof vals);
    vals[P_OFFSET] = vals[P_FRAGMENT] = vals[chips[i].param] = NULL;
    fputs("<p class=\"chip\"><a href=\"", m);
    href(m, "/sessions", vals);
    fprintf(m, "\"><span class=\"x\" aria-hidden=\"true\">×</span> %s: ", T(r, chips[i].title));
    esc(m, r->val[chips[i].param]);
    fputs("</a></p>", m);
    any = true;
  }
  for (size_t d = 0; d < sizeof facet_dims / sizeof *facet_dims; d++) {
    enum sv_param key = facet_dims[d].param;
    struct psst_filter g = without(&r->filter, key);
    struct psst_table *t = NULL;
    int rc = psst_facet(p, facet_dims[d].dim, r->val[P_Q], &g, r->lang, &t, err);
    if (rc)
      return rc;
    any |= r->val[key] != NULL;
    fprintf(m, "<details class=\"facet\" data-facet=\"%s\"%s><summary>%s</summary><ul>",
            facet_dims[d].dim, key == P_YEAR && !r->val[key] ? "" : " open",
            T(r, facet_dims[d].title));
    for (size_t i = 0; i < t->nrows; i++) {
      const char *v = psst_cell(t, i, 0);
      bool on = r->val[key] && !strcmp(r->val[key], v);
      const char *vals[P_COUNT];
      memcpy(vals, r->val, sizeof vals);
      vals[P_OFFSET] = vals[P_FRAGMENT] = NULL;
      vals[key] = on ? NULL : v;
      fprintf(m, "<li%s><a href=\"", on ? " class=\"on\"" : "");
      href(m, "/sessions", vals);
      fputs("\">", m);
      if (on)
        fputs("<span class=\"x\" aria-hidden=\"true\">×</span> ", m);
      if (key == P_TERM)
        fprintf(m, r->lang == PSST_LANG_ZH ? "第%s届" : "Term %s", v);
      else
        esc(m, psst_cell(t, i, 1));
      fputs("</a> <span class=\"n\">", m);
      esc(m, psst_cell(t, i, 2));
      fputs("</span></li>", m);
    }
    fputs("</ul></details>", m);
    psst_table_free(t);
  }
  if (any) {
    const char *vals[P_COUNT] = {0};
    vals[P_LANG] = r->val[P_LANG];
    vals[P_Q] = r->val[P_Q];
    fputs("<p><a class=\"clear\" href=\"", m);
    href(m, "/sessions", vals);
    fprintf(m, "\">%s</a></p>", T(r, S_CLEAR));
  }
  fputs("</aside>\n", m);
  return PSST_OK;
}

/* The part of /sessions that search-as-you-type replaces: facets, counts, table, pager. */
static int results(FILE *m, struct psst *p, const struct sv_request *r, struct psst_error *err) {
  struct psst_table *t = NULL;
  long total = 0;
  struct psst_page page = {.limit = r->limit, .offset = r->offset, .order = r->order};
  int rc = r->val[P_Q] ? psst_search_page(p, r->val[P_Q], &r->filter, &page, r->lang, "\1", "\2",
                                          &t, &total, err)
                       : psst_list_page(p, &r->filter, &page, r->lang, &t, &total, err);
  if (rc)
    return rc;
  fputs("<div class=\"layout\">", m);
  if ((rc = facets(m, p, r, err))) {
    psst_table_free(t);
    return rc;
  }
  fprintf(m,
          "<section class=\"list\"><p class=\"summary\"><span id=\"total\">%s<b>%ld</b>%s</span>",
          T(r, S_MATCH_PRE), total,
          total == 1 && r->lang == PSST_LANG_EN ? " session" : T(r, S_MATCH_POST));
  if (t->nrows)
    fprintf(m, " · %s %zu–%zu", T(r, S_SHOWING), r->offset + 1, r->offset + t->nrows);
  /* the download: every row the filters select, not only this page */
  const char *vals[P_COUNT];
  memcpy(vals, r->val, sizeof vals);
  vals[P_OFFSET] = vals[P_LIMIT] = vals[P_FRAGMENT] = NULL;
  vals[P_OUT] = "csv";
  fputs(" · <a id=\"csv\" class=\"button\" download href=\"", m);
  href(m, "/api/sessions", vals);
  fprintf(m, "\">%s</a> <a class=\"json\" href=\"", T(r, S_CSV));
  vals[P_OUT] = NULL;
  href(m, "/api/sessions", vals);
  fputs("\">JSON</a></p>\n", m);
  if (t->note) {
    fputs("<p class=\"note\">", m);
    esc(m, t->note);
    fputs("</p>\n", m);
  }
  if (t->nrows)
    session_table(m, p, r, t);
  else
    fprintf(m, "<p class=\"empty\">%s</p>", T(r, S_NONE));
  /* the pager */
  memcpy(vals, r->val, sizeof vals);
  vals[P_FRAGMENT] = NULL;
  char prev[16], next[16];
  fputs("<nav class=\"pager\">", m);
  if (r->offset > 0) {
    snprintf(prev, sizeof prev, "%zu", r->offset > r->limit ? r->offset - r->limit : 0);
    vals[P_OFFSET] = strcmp(prev, "0") ? prev : NULL;
    fputs("<a rel=\"prev\" href=\"", m);
    href(m, "/sessions", vals);
    fprintf(m, "\">%s</a>", T(r, S_PREV));
  }
  if (r->offset + t->nrows < (size_t)total && r->offset + r->limit <= SV_MAX_OFFSET) {
    snprintf(next, sizeof next, "%zu", r->offset + r->limit);
    vals[P_OFFSET] = next;
    fputs("<a rel=\"next\" href=\"", m);
    href(m, "/sessions", vals);
    fprintf(m, "\">%s</a>", T(r, S_NEXT));
  }
  fputs("</nav></section></div>\n", m);
  psst_table_free(t);
  return PSST_OK;
}

static void page_sessions(struct psst *p, const struct sv_request *r, struct sv_reply *out) {
  struct psst_error err = {0};
  FILE *m = sv_begin(out);
  if (!m)
    return;
  if (!r->fragment) {
    head(m, r, T(r, S_SESSIONS), N_SESSIONS);
    fprintf(m,
            "<h1>%s</h1><form id=\"filters\" class=\"search\" role=\"search\" method=\"get\" "
            "action=\"/sessions\"><input id=\"q\" type=\"search\" name=\"q\" autocomplete=\"off\" "
            "aria-label=\"%s\" placeholder=\"%s\" value=\"",
            T(r, S_SESSIONS), T(r, S_SEARCH), T(r, S_SEARCH_PH));
    esc(m, r->val[P_Q] ? r->val[P_Q] : "");
    fprintf(m, "\"><label>%s <select name=\"sort\">", T(r, S_SORT));
    const char *sort = r->val[P_SORT] ? r->val[P_SORT] : "";
    /* the default order follows the query: app.js relabels it as one is typed */
    fprintf(m, "<option value=\"\" data-q=\"%s\" data-noq=\"%s\"%s>%s</option>", T(r, S_BEST),
            T(r, S_OLDEST), !*sort ? " selected" : "", r->val[P_Q] ? T(r, S_BEST) : T(r, S_OLDEST));
    if (r->val[P_Q])
      fprintf(m, "<option value=\"date\"%s>%s</option>", !strcmp(sort, "date") ? " selected" : "",
              T(r, S_OLDEST));
    fprintf(m, "<option value=\"-date\"%s>%s</option></select></label>",
            !strcmp(sort, "-date") ? " selected" : "", T(r, S_NEWEST));
    /* the filters chosen so far ride along with every search */
    for (int k = 0; k < P_COUNT; k++) {
      if (!r->val[k] || k == P_Q || k == P_SORT || k == P_OFFSET || k == P_FRAGMENT)
        continue;
      fprintf(m, "<input type=\"hidden\" name=\"%s\" value=\"", sv_param_name((enum sv_param)k));
      esc(m, r->val[k]);
      fputs("\">", m);
    }
    fprintf(m,
            "<button type=\"submit\">%s</button></form>\n<div id=\"results\" aria-live=\"polite\">",
            T(r, S_SEARCH));
  }
  if (results(m, p, r, &err)) {
    fclose(m);
    lib_fail(out, r, &err);
    return;
  }
  if (!r->fragment) {
    fputs("</div>\n", m);
    foot(m, p, r);
  }
  if (!sv_finish(out, r, m)) {
    out->type = "text/html; charset=utf-8";
    out->cacheable = true;
  }
}

/* ---- /sessions/T-N ---- */

static bool is_web_url(const char *s) {
  return !strncmp(s, "https://", 8) || !strncmp(s, "http://", 7);
}

static void field(FILE *m, const char *name) {
  fputs("<dt>", m);
  esc(m, name);
  fputs("</dt><dd>", m);
}

static void page_session(struct psst *p, const struct sv_request *r, struct sv_reply *out) {
  struct psst_error err = {0};
  struct psst_session s;
  if (psst_show(p, r->term, r->number, &s, NULL, &err)) {
    lib_fail(out, r, &err);
    return;
  }
  FILE *m = sv_begin(out);
  if (!m) {
    psst_session_release(&s);
    return;
  }
  bool zh = r->lang == PSST_LANG_ZH;
  const char *title =
      zh ? (*s.title_zh ? s.title_zh : s.title_en) : (*s.title_en ? s.title_en : s.title_zh);
  const char *other = zh ? s.title_en : s.title_zh;
  char id[32];
  snprintf(id, sizeof id, "%d-%d", s.term, s.number);
  head(m, r, title, N_SESSIONS);
  fputs("<article class=\"session\"><p class=\"kicker\">", m);
  esc(m, id);
  fputs(" · ", m);
  esc(m, s.date ? s.date : T(r, S_UNKNOWN));
  fputs("</p><h1>", m);
  esc(m, title);
  fputs("</h1>", m);
  if (other && *other && strcmp(other, title)) {
    fprintf(m, "<p class=\"other\" lang=\"%s\">", zh ? "en" : "zh-Hans");
    esc(m, other);
    fputs("</p>", m);
  }
  fputs("<dl class=\"fields\">", m);
  field(m, T(r, S_ID));
  esc(m, id);
  fputs(" · <a href=\"", m);
  char term_q[32];
  snprintf(term_q, sizeof term_q, "/sessions?term=%d", s.term);
  site_href(m, r, term_q);
  fprintf(m, "\">%s</a></dd>", T(r, S_TERM_ALL));
  field(m, T(r, S_DATE));
  esc(m, s.date ? s.date : T(r, S_UNKNOWN));
  if (!s.date) {
    char from[11], to[11];
    int year = 0;
    if (!psst_date_window(p, s.term, s.number, from, to, &year, NULL) && *from) {
      fprintf(m, zh ? "<br><small>介于 %s 与 %s" : "<br><small>held between %s and %s", from, to);
      if (year)
        fprintf(m, zh ? "（计入 %d 年）" : " (counted in %d)", year);
      else
        fputs(zh ? "（日期不确定）" : " (date uncertain)", m);
      if (s.date_window) {
        fputs(zh ? "：" : ": ", m);
        esc(m, s.date_window->basis);
      }
      fputs("</small>", m);
    }
  }
  fputs("</dd>", m);
  field(m, T(r, S_LEADER));
  filter_link(m, r, P_LEADER, s.leader, label(p, "leader", s.leader, r->lang));
  fputs("</dd>", m);
  field(m, T(r, S_FORMAT));
  esc(m, s.format ? label(p, "format", s.format, r->lang) : T(r, S_UNKNOWN));
  fputs("</dd>", m);
  field(m, T(r, S_TITLE_ZH));
  fputs("<span lang=\"zh-Hans\">", m);
  esc(m, *s.title_zh ? s.title_zh : T(r, S_UNKNOWN));
  fputs("</span></dd>", m);
  field(m, T(r, S_TITLE_EN));
  fputs("<span lang=\"en\">", m);
  esc(m, *s.title_en ? s.title_en : T(r, S_UNKNOWN));
  fputs("</span></dd>", m);
  field(m, T(r, S_TOPIC));
  if (s.topic)
    filter_link(m, r, P_TOPIC, s.topic, label(p, "topic", s.topic, r->lang));
  else
    esc(m, T(r, S_UNKNOWN));
  for (size_t i = 0; i < s.n_topics; i++) {
    fputs(i ? ", " : " (", m);
    if (!i)
      fprintf(m, "%s: ", T(r, S_ALSO));
    filter_link(m, r, P_TOPIC, s.topics[i], label(p, "topic", s.topics[i], r->lang));
  }
  fputs(s.n_topics ? ")</dd>" : "</dd>", m);
  if (s.n_tech) {
    field(m, T(r, S_TECH));
    for (size_t i = 0; i < s.n_tech; i++) {
      fputs(" ", m);
      filter_link(m, r, P_TECH, s.tech[i], label(p, "tech", s.tech[i], r->lang));
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
      href(m, "/sessions", vals);
      fputs("\">", m);
      esc(m, l->name_zh);
      if (*l->name_zh && *l->name_en)
        fputs(" ", m);
      esc(m, l->name_en);
      fputs("</a>", m);
      if (*l->affiliation_zh || *l->affiliation_en) {
        fputs(" — ", m);
        esc(m, zh ? (*l->affiliation_zh ? l->affiliation_zh : l->affiliation_en)
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
      esc(m, s.speakers[i]);
    }
    fputs("</dd>", m);
  }
  field(m, T(r, S_CONFIDENCE));
  esc(m, label(p, "confidence", s.confidence, r->lang));
  fputs("</dd>", m);
  field(m, T(r, S_SOURCES));
  fputs("<ul class=\"sources\">", m);
  for (size_t i = 0; i < s.n_sources; i++) {
    const struct psst_source *src = &s.sources[i];
    fputs("<li>", m);
    if (is_web_url(src->url)) {
      fputs("<a rel=\"noopener noreferrer\" href=\"", m);
      esc(m, src->url);
      fputs("\">", m);
      esc(m, src->publisher);
      fputs("</a>", m);
    } else {
      esc(m, src->publisher);
    }
    fputs(" <span class=\"src-kind\">", m);
    esc(m, label(p, "source_kind", src->kind, r->lang));
    if (src->published) {
      fputs(zh ? "，" : ", ", m);
      esc(m, src->published);
    }
    fputs("</span>", m);
    if (src->n_supports) {
      fputs(zh ? "<br><small>支持：" : "<br><small>supports: ", m);
      for (size_t k = 0; k < src->n_supports; k++) {
        fputs(k ? ", " : "", m);
        esc(m, src->supports[k]);
      }
      fputs("</small>", m);
    }
    if (src->via && is_web_url(src->via)) {
      fputs(zh ? "<br><small>阅读副本：<a rel=\"noopener noreferrer\" href=\""
               : "<br><small>read at: <a rel=\"noopener noreferrer\" href=\"",
            m);
      esc(m, src->via);
      fputs("\">", m);
      esc(m, src->via);
      fputs("</a></small>", m);
    }
    if (src->quote) {
      fputs("<blockquote lang=\"zh\">", m);
      esc(m, src->quote);
      fputs("</blockquote>", m);
    }
    if (src->note) {
      fputs("<br><small>", m);
      esc(m, src->note);
      fputs("</small>", m);
    }
    fputs("</li>", m);
  }
  if (!s.n_sources)
    fprintf(m, "<li>%s</li>", T(r, S_UNKNOWN));
  fputs("</ul></dd>", m);
  if (s.notes && *s.notes) {
    field(m, T(r, S_NOTES));
    esc(m, s.notes);
    fputs("</dd>", m);
  }
  fprintf(m, "</dl><p><a href=\"/api/sessions/%s\">%s</a></p></article>\n", id, T(r, S_RECORD));
  foot(m, p, r);
  psst_session_release(&s);
  if (!sv_finish(out, r, m)) {
    out->type = "text/html; charset=utf-8";
    out->cacheable = true;
  }
}

/* ---- /lecturers, /institutions ---- */

static void page_people(struct psst *p, const struct sv_request *r, struct sv_reply *out) {
  struct psst_error err = {0};
  struct psst_table *t = NULL;
  bool lect = r->route == SV_LECTURERS;
  if (lect ? psst_lecturers(p, &r->filter, r->lang, &t, &err)
           : psst_institutions(p, &r->filter, r->lang, &t, &err)) {
    lib_fail(out, r, &err);
    return;
  }
  FILE *m = sv_begin(out);
  if (!m) {
    psst_table_free(t);
    return;
  }
  head(m, r, T(r, lect ? S_LECTURERS : S_INSTITUTIONS), lect ? N_LECTURERS : N_INSTITUTIONS);
  fprintf(m, "<h1>%s</h1><p class=\"lead\">%s</p>", T(r, lect ? S_LECTURERS : S_INSTITUTIONS),
          T(r, lect ? S_LECT_INTRO : S_INST_INTRO));
  if (t->note) {
    fputs("<p class=\"note\">", m);
    esc(m, t->note);
    fputs("</p>", m);
  }
  if (lect)
    fprintf(m,
            "<table class=\"people\"><thead><tr><th>%s</th><th class=\"num\">%s</th><th>%s</th>"
            "<th>%s</th></tr></thead><tbody>\n",
            T(r, S_NAME), T(r, S_SESSIONS), T(r, S_AFFILIATION), T(r, S_SESSION_LIST));
  else
    fprintf(m,
            "<table class=\"people\"><thead><tr><th>%s</th><th class=\"num\">%s</th>"
            "<th class=\"num\">%s</th><th>%s</th></tr></thead><tbody>\n",
            T(r, S_INSTITUTIONS), T(r, S_SESSIONS), T(r, S_LECTURERS), T(r, S_SESSION_LIST));
  size_t from = r->offset < t->nrows ? r->offset : t->nrows;
  size_t to = t->nrows - from > r->limit ? from + r->limit : t->nrows;
  for (size_t i = from; i < to; i++) {
    fputs("<tr><td>", m);
    if (lect) {
      /* columns: name name_zh name_en sessions affiliation session_ids */
      const char *zhn = psst_cell(t, i, 1), *enn = psst_cell(t, i, 2);
      const char *key = zhn && *zhn ? zhn : enn;
      filter_link(m, r, P_LECTURER, key, psst_cell(t, i, 0) ? psst_cell(t, i, 0) : key);
      fputs("</td><td class=\"num\">", m);
      esc(m, psst_cell(t, i, 3));
      fputs("</td><td>", m);
      esc(m, psst_cell(t, i, 4));
      fputs("</td><td class=\"ids\">", m);
      session_links(m, r, psst_cell(t, i, 5), P_LECTURER, key);
    } else {
      /* columns: code institution sessions lecturers session_ids */
      filter_link(m, r, P_INSTITUTION, psst_cell(t, i, 0), psst_cell(t, i, 1));
      fputs("</td><td class=\"num\">", m);
      esc(m, psst_cell(t, i, 2));
      fputs("</td><td class=\"num\">", m);
      esc(m, psst_cell(t, i, 3));
      fputs("</td><td class=\"ids\">", m);
      session_links(m, r, psst_cell(t, i, 4), P_INSTITUTION, psst_cell(t, i, 0));
    }
    fputs("</td></tr>\n", m);
  }
  fputs("</tbody></table>\n<nav class=\"pager\">", m);
  const char *vals[P_COUNT];
  memcpy(vals, r->val, sizeof vals);
  char prev[16], next[16];
  if (from > 0) {
    snprintf(prev, sizeof prev, "%zu", from > r->limit ? from - r->limit : 0);
    vals[P_OFFSET] = strcmp(prev, "0") ? prev : NULL;
    fputs("<a rel=\"prev\" href=\"", m);
    href(m, lect ? "/lecturers" : "/institutions", vals);
    fprintf(m, "\">%s</a>", T(r, S_PREV));
  }
  if (to < t->nrows && to <= SV_MAX_OFFSET) {
    snprintf(next, sizeof next, "%zu", to);
    vals[P_OFFSET] = next;
    fputs("<a rel=\"next\" href=\"", m);
    href(m, lect ? "/lecturers" : "/institutions", vals);
    fprintf(m, "\">%s</a>", T(r, S_NEXT));
  }
  fputs("</nav>\n", m);
  foot(m, p, r);
  psst_table_free(t);
  if (!sv_finish(out, r, m)) {
    out->type = "text/html; charset=utf-8";
    out->cacheable = true;
  }
}

/* ---- /findings ---- */

static void page_findings(struct psst *p, const struct sv_request *r, struct sv_reply *out) {
  struct psst_error err = {0};
  char *html = NULL;
  pthread_mutex_lock(&sv_draw_lock);
  int rc = psst_findings(p, true, NULL, &html, &err);
  pthread_mutex_unlock(&sv_draw_lock);
  if (rc) {
    lib_fail(out, r, &err);
    return;
  }
  FILE *m = sv_begin(out);
  if (!m) {
    free(html);
    return;
  }
  head(m, r, T(r, S_FINDINGS), N_FINDINGS);
  fprintf(m, "<p class=\"lead\">%s</p><div class=\"findings\" lang=\"en\">", T(r, S_FINDINGS_NOTE));
  /* the report is a whole page written (and escaped) by libpsst: its body goes in ours */
  const char *body = strstr(html, "<body");
  body = body ? strchr(body, '>') : NULL;
  const char *end = body ? strstr(body, "</body>") : NULL;
  if (body && end)
    fwrite(body + 1, 1, (size_t)(end - body - 1), m);
  else
    esc(m, html);
  fputs("</div>\n", m);
  foot(m, p, r);
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
    lib_fail(out, r, &err);
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
    page_home(p, r, out);
    return;
  case SV_SESSIONS:
    page_sessions(p, r, out);
    return;
  case SV_SESSION:
    page_session(p, r, out);
    return;
  case SV_LECTURERS:
  case SV_INSTITUTIONS:
    page_people(p, r, out);
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
