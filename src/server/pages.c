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

/* 1 to 999 in Chinese numerals, as a term is named: 十六, 二十, 一百零五. */
static void zh_numeral(char *out, size_t n, int v) {
  static const char *const d[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (v <= 0 || v > 999) {
    snprintf(out, n, "%d", v);
    return;
  }
  int h = v / 100, t = v / 10 % 10, u = v % 10;
  /* 十六, not 一十六, when the tens lead; 一百零五 with the zero said */
  snprintf(out, n, "%s%s%s%s%s%s", h ? d[h] : "", h ? "百" : "", h && !t && u ? "零" : "",
           t && (t > 1 || h) ? d[t] : "", t ? "十" : "", u ? d[u] : "");
}

/* Whether s holds a CJK character: a title in Chinese does, an English one never. */
static bool has_cjk(const char *s) {
  for (const unsigned char *u = (const unsigned char *)s; u && *u; u++)
    /* U+3000 to U+9FFF (CJK punctuation, kana, ideographs) have lead bytes E3 to E9 */
    if (*u >= 0xE3 && *u <= 0xE9)
      return true;
  return false;
}

bool sv_title_text(const struct sv_request *r, const char *id, const char *title, char *out,
                   size_t n) {
  bool zh = r->lang == PSST_LANG_ZH;
  if (title && *title && (!zh || has_cjk(title))) {
    snprintf(out, n, "%s", title);
    return false;
  }
  int term = 0, number = 0;
  if (sscanf(id, "%d-%d", &term, &number) != 2)
    term = number = 0;
  if (zh) {
    char num[64];
    zh_numeral(num, sizeof num, term);
    /* the library gave the English title for want of a Chinese one: the page says so, in
       Chinese, and the caller shows the English beside it, marked as English */
    snprintf(out, n, "第%s届第%d次（%s）", num, number,
             title && *title ? "中文题目不详" : "题目不详");
  } else {
    snprintf(out, n, "Session %s (subject not known)", id);
  }
  return title && *title;
}

void sv_session_title_link(FILE *m, const struct sv_request *r, const char *id, const char *title) {
  char text[1024];
  bool english = sv_title_text(r, id, title, text, sizeof text);
  sv_session_link(m, r, id, text);
  if (english) {
    fputs(" <span class=\"other\" lang=\"en\">", m);
    sv_esc(m, title);
    fputs("</span>", m);
  }
}

void sv_date(FILE *m, const struct sv_request *r, const char *iso) {
  int y, mo, d;
  char tail;
  if (!iso || !*iso) {
    sv_esc(m, T(r, S_UNKNOWN));
    return;
  }
  /* 2013年1月28日: a day as a Chinese text writes it, without leading zeros */
  if (r->lang == PSST_LANG_ZH && strlen(iso) == 10 &&
      sscanf(iso, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) == 3) {
    fprintf(m, "%d年%d月%d日", y, mo, d);
    return;
  }
  sv_esc(m, iso);
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
  sv_head_meta(m, r, title, on, NULL, NULL);
}

/* The page's own absolute address: base, its path, its language. */
static void own_url(FILE *m, const struct sv_request *r, const char *base) {
  char path[SV_MAX_PATH + 32];
  sv_route_path(r, path, sizeof path);
  sv_esc(m, base);
  sv_site_href(m, r, path);
}

void sv_head_meta(FILE *m, const struct sv_request *r, const char *title, enum nav on,
                  const char *base, const char *description) {
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
  fputs(" · psst</title>", m);
  if (base) {
    /* one address for the page, whatever query or host it was reached by, and what a link
       to it shows where it is shared (Open Graph) */
    fputs("<link rel=\"canonical\" href=\"", m);
    own_url(m, r, base);
    fputs("\"><meta property=\"og:type\" content=\"article\">"
          "<meta property=\"og:title\" content=\"",
          m);
    sv_esc(m, title);
    fputs("\"><meta property=\"og:url\" content=\"", m);
    own_url(m, r, base);
    fprintf(m,
            "\"><meta property=\"og:site_name\" content=\"psst: %s\">"
            "<meta property=\"og:locale\" content=\"%s\">",
            T(r, S_SITE), zh ? "zh_CN" : "en_US");
    if (description) {
      fputs("<meta property=\"og:description\" content=\"", m);
      sv_esc(m, description);
      fputs("\"><meta name=\"description\" content=\"", m);
      sv_esc(m, description);
      fputs("\">", m);
    }
  }
  /* the feed, for a browser or a reader that finds feeds from a page */
  fprintf(m,
          "<link rel=\"stylesheet\" href=\"/static/style.css\">"
          "<link rel=\"icon\" type=\"image/svg+xml\" href=\"/static/favicon.svg\">"
          "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"%s\" "
          "href=\"/feed.atom\">"
          "<script src=\"/static/app.js\" defer></script></head>\n<body>"
          "<header class=\"top\"><div class=\"wrap\"><a class=\"brand\" href=\"",
          T(r, S_FEED));
  sv_site_href(m, r, "/");
  /* named: the pager is a navigation landmark too, and landmarks must be told apart */
  fprintf(m, "\"><b>psst</b> <span>%s</span></a><nav aria-label=\"%s\">", T(r, S_SITE),
          T(r, S_NAV_SITE));
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
  fprintf(m, "</nav><a class=\"lang-switch\" hreflang=\"%s\" lang=\"%s\" title=\"%s\" href=\"",
          zh ? "en" : "zh-Hans", zh ? "en" : "zh-Hans", T(r, S_SWITCH_TITLE));
  sv_href(m, path, vals);
  fprintf(m, "\">%s</a></div></header>\n<main class=\"wrap\">\n", T(r, S_SWITCH));
}

void sv_foot(FILE *m, struct psst *p, const struct sv_request *r) {
  char as_of[16] = "";
  long n = 0;
  psst_summary(p, as_of, sizeof as_of, &n, NULL);
  fprintf(m, "</main>\n<footer class=\"wrap\"><p>psst %s · %ld %s · %s ", PSST_VERSION, n,
          T(r, S_N_SESSIONS), T(r, S_AS_OF));
  sv_date(m, r, as_of);
  fprintf(m,
          " · <a href=\"/api/sessions\">%s</a> (<a href=\"/api\">%s</a>, "
          "<a href=\"/api/codebook\">%s</a>)</p></footer></body></html>\n",
          T(r, S_API), T(r, S_API_DOC), T(r, S_CODEBOOK));
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
  if (status == 500) {
    snprintf(out->detail, sizeof out->detail, "%s", msg ? msg : "");
    msg = "the server failed to answer; its log has the reason";
  }
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
    fprintf(fp, "<h1>%d</h1>", status);
    if (q->lang == PSST_LANG_ZH)
      /* the reason is the checks' English: said in Chinese first, then given as it is */
      fprintf(fp, "<p class=\"error\">%s</p>",
              status == 404   ? "找不到该页面。"
              : status == 400 ? "请求有误。"
                              : "服务器出错。");
    fprintf(fp, "<p class=\"error\"%s>", q->lang == PSST_LANG_ZH ? " lang=\"en\"" : "");
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

void sv_page(struct psst *p, const struct sv_request *r, const char *base, struct sv_reply *out) {
  switch (r->route) {
  case SV_HOME:
    sv_page_home(p, r, out);
    return;
  case SV_SESSIONS:
    sv_page_sessions(p, r, out);
    return;
  case SV_SESSION:
    sv_page_session(p, r, base, out);
    return;
  case SV_LECTURERS:
  case SV_INSTITUTIONS:
    sv_page_people(p, r, out);
    return;
  case SV_FINDINGS:
    sv_page_findings(p, r, out);
    return;
  case SV_CHART:
    sv_page_chart(p, r, out);
    return;
  case SV_ASSET:
    sv_page_asset(r, out);
    return;
  default:
    sv_error(out, r, 404, "no such page");
    return;
  }
}
