/*
 * pages.h: what the files of the web view share (pages.c and pages_*.c):
 * the interface strings in English and Chinese, escaping, links within the site, the
 * page's head and foot, and the pages themselves for pages.c's routing.
 */
#ifndef PSST_SERVER_PAGES_H
#define PSST_SERVER_PAGES_H

#include "server_int.h"

#include <stdio.h>

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
  S_SYNTAX,
  S_SYNTAX_BODY,
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
  S_FEED,
  S_RECORD_DAYS,
  S_NAV_SITE,
  S_NAV_PAGES,
  S_EXCEL,
  S_EXCEL_TITLE,
  S_TOPIC_NOTE,
  S_FORMAT_NOTE,
  S_API_DOC,
  S_CODEBOOK,
  S_SUBJECT_UNKNOWN,
  S_COUNT
};

/* Each string in English and Chinese; T(r, S_X) is the one in the request's language. */
extern const char *const sv_strs[S_COUNT][2];
#define T(r, s) sv_strs[s][(r)->lang == PSST_LANG_ZH]

/* The page of the navigation a page belongs to, marked in the header. */
enum nav { N_HOME, N_SESSIONS, N_LECTURERS, N_INSTITUTIONS, N_FINDINGS, N_NONE };

/* s as HTML text or a quoted attribute value. */
void sv_esc(FILE *m, const char *s);
/* Escaped, with the search's match marks (\1 ... \2) as <mark>, always balanced. */
void sv_esc_marked(FILE *m, const char *s);
/* A query value: everything but the unreserved characters as %XX. */
void sv_url_enc(FILE *m, const char *s);
/* path?k=v&amp;... from the values given. */
void sv_href(FILE *m, const char *path, const char *const vals[P_COUNT]);
/* A link within the site: path, with the language carried along. */
void sv_site_href(FILE *m, const struct sv_request *r, const char *path);
/* <a href="/sessions?KEY=VALUE[&lang=zh]">text</a> */
void sv_filter_link(FILE *m, const struct sv_request *r, enum sv_param key, const char *value,
                    const char *text);
/* A link to a session's page, its id as the text when text is NULL. */
void sv_session_link(FILE *m, const struct sv_request *r, const char *id, const char *text);
/*
 * A session's title as a page in the request's language shows it, into out (n bytes): the
 * title; or, with none, "Session 16-19 (subject not known)" / "第十六届第19次（题目不详）"; on
 * a Chinese page whose title is the English one (no Chinese title is known), "第…次（中文题目
 * 不详）". Returns true in that last case, when the English title is to be shown beside it.
 */
bool sv_title_text(const struct sv_request *r, const char *id, const char *title, char *out,
                   size_t n);
/* A link to a session with its title as sv_title_text makes it, the English beside it. */
void sv_session_title_link(FILE *m, const struct sv_request *r, const char *id, const char *title);
/* A day YYYY-MM-DD as the page's language writes it (2013年1月28日), "unknown" for NULL. */
void sv_date(FILE *m, const struct sv_request *r, const char *iso);
/* "16-1, 16-3" as links, the rest counted with a link to /sessions?key=value. */
void sv_session_links(FILE *m, const struct sv_request *r, const char *ids, enum sv_param key,
                      const char *value);
/* The page up to <main>: head, navigation, language switch; and from </main> on. */
void sv_head(FILE *m, const struct sv_request *r, const char *title, enum nav on);
/* The same, and when base (the site's absolute address) is given, the page's canonical link
   and its Open Graph description (og:title, og:type, og:url, og:description). */
void sv_head_meta(FILE *m, const struct sv_request *r, const char *title, enum nav on,
                  const char *base, const char *description);
void sv_foot(FILE *m, struct psst *p, const struct sv_request *r);
/* A code's label in the language, the code itself when it has none. */
const char *sv_label(struct psst *p, const char *kind, const char *code, enum psst_lang l);
/* The library's error as the page's error reply. */
void sv_lib_fail(struct sv_reply *out, const struct sv_request *r, const struct psst_error *e);
/* A listing's rows as the sessions table of the overview and /sessions. */
void sv_session_table(FILE *m, struct psst *p, const struct sv_request *r,
                      const struct psst_table *t);

/* /sessions' facets, an <aside> (pages_facets.c). */
int sv_facets(FILE *m, struct psst *p, const struct sv_request *r, struct psst_error *err);

/* The pages, one file each (pages_home.c, pages_list.c, pages_people.c, pages_session.c,
   pages_findings.c), and what is not a page (pages_files.c); pages.c routes to them. */
void sv_page_home(struct psst *p, const struct sv_request *r, struct sv_reply *out);
void sv_page_sessions(struct psst *p, const struct sv_request *r, struct sv_reply *out);
void sv_page_people(struct psst *p, const struct sv_request *r, struct sv_reply *out);
void sv_page_session(struct psst *p, const struct sv_request *r, const char *base,
                     struct sv_reply *out);
void sv_page_findings(struct psst *p, const struct sv_request *r, struct sv_reply *out);
void sv_page_chart(struct psst *p, const struct sv_request *r, struct sv_reply *out);
void sv_page_asset(const struct sv_request *r, struct sv_reply *out);

#endif
