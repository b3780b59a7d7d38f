/*
 * cmd_show.c: psst show ID: one session with every field and its sources; with
 * --format json, the record exactly as the data file holds it.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

struct labels {
  const char *title_zh, *title_en, *topic, *also, *tech, *lecturers, *speakers, *confidence,
      *sources, *notes, *unknown, *record;
};

static const struct labels en = {"Title (zh)", "Title (en)", "Topic",    "Also",
                                 "Technology", "Lecturers",  "Speakers", "Confidence",
                                 "Sources",    "Notes",      "unknown",  "Record"};
static const struct labels zh = {"中文题目", "英文题目", "主题", "其他主题", "技术", "讲解人",
                                 "发言",     "可信度",   "来源", "备注",     "不详", "记录"};

static void list_codes(struct cli *c, const char *kind, char **v, size_t n) {
  for (size_t i = 0; i < n; i++)
    printf("%s%s", i ? (c->lang == PSST_LANG_ZH ? "、" : ", ") : "",
           psst_label(c->p, kind, v[i], c->lang));
}

int cmd_show(struct cli *c) {
  int term, number;
  struct psst_error err = {0};
  if (c->format == PS_OUT_CSV) {
    fprintf(stderr, "psst show: --format csv is not available here; try psst list --format csv\n");
    return EXIT_USAGE;
  }
  if (psst_parse_id(c->argv[0], &term, &number, &err))
    return cli_fail(&err);
  int rc = cli_open(c);
  if (rc)
    return rc;
  struct psst_session s;
  char *json = NULL;
  if (psst_show(c->p, term, number, &s, &json, &err))
    return cli_fail(&err);
  if (c->format == PS_OUT_JSON) {
    printf("%s\n", json);
  } else {
    const struct labels *L = c->lang == PSST_LANG_ZH ? &zh : &en;
    bool bold = cli_color();
    printf("%s%d-%d%s  %s  %s  %s\n", bold ? "\033[1m" : "", s.term, s.number,
           bold ? "\033[0m" : "", s.date ? s.date : L->unknown,
           psst_label(c->p, "leader", s.leader, c->lang),
           s.format ? psst_label(c->p, "format", s.format, c->lang) : L->unknown);
    if (!s.date) {
      char from[11], to[11];
      int year = 0;
      if (!psst_date_window(c->p, s.term, s.number, from, to, &year, NULL) && *from) {
        bool z = c->lang == PSST_LANG_ZH;
        printf("%-11s %s %s %s %s", z ? "日期窗口" : "Held", z ? "介于" : "between", from,
               z ? "与" : "and", to);
        if (year)
          printf(z ? "（计入 %d 年）" : " (counted in %d)", year);
        else
          printf(z ? "（日期不确定）" : " (date uncertain)");
        printf("\n");
        if (s.date_window)
          printf("%-11s %s\n", "", s.date_window->basis);
      }
    }
    printf("%-11s %s\n", L->title_zh, *s.title_zh ? s.title_zh : L->unknown);
    printf("%-11s %s\n", L->title_en, *s.title_en ? s.title_en : L->unknown);
    printf("%-11s %s", L->topic,
           s.topic ? psst_label(c->p, "topic", s.topic, c->lang) : L->unknown);
    if (s.n_topics) {
      printf(" (%s: ", L->also);
      list_codes(c, "topic", s.topics, s.n_topics);
      printf(")");
    }
    printf("\n");
    if (s.n_tech) {
      printf("%-11s ", L->tech);
      list_codes(c, "tech", s.tech, s.n_tech);
      printf("\n");
    }
    if (s.n_lecturers) {
      printf("%s\n", L->lecturers);
      for (size_t i = 0; i < s.n_lecturers; i++) {
        const struct psst_lecturer *l = &s.lecturers[i];
        printf("  %s%s%s", l->name_zh, *l->name_zh && *l->name_en ? " " : "", l->name_en);
        if (*l->affiliation_zh || *l->affiliation_en)
          printf(" — %s%s%s", l->affiliation_zh,
                 *l->affiliation_zh && *l->affiliation_en ? " / " : "", l->affiliation_en);
        printf("\n");
      }
    }
    if (s.n_speakers) {
      printf("%-11s ", L->speakers);
      for (size_t i = 0; i < s.n_speakers; i++)
        printf("%s%s", i ? ", " : "", s.speakers[i]);
      printf("\n");
    }
    printf("%-11s %s\n", L->confidence, psst_label(c->p, "confidence", s.confidence, c->lang));
    printf("%s\n", L->sources);
    for (size_t i = 0; i < s.n_sources; i++) {
      char *d = NULL;
      psst_source_describe(c->p, &s.sources[i], c->lang, &d, NULL);
      printf("  %s\n    %s\n", d ? d : "", s.sources[i].url);
      if (s.sources[i].via)
        printf("    %s %s\n", c->lang == PSST_LANG_ZH ? "阅读副本" : "read at", s.sources[i].via);
      if (s.sources[i].quote)
        printf("    \xC2\xAB%s\xC2\xBB\n", s.sources[i].quote);
      if (s.sources[i].note)
        printf("    %s\n", s.sources[i].note);
      free(d);
    }
    if (!s.n_sources)
      printf("  (%s)\n", L->unknown);
    if (*s.notes)
      printf("%-11s %s\n", L->notes, s.notes);
    /* the record's own history, when it is recorded */
    if (s.added || s.updated) {
      bool z = c->lang == PSST_LANG_ZH;
      printf("%-11s ", L->record);
      if (s.added)
        printf(z ? "%s 收录" : "added %s", s.added);
      if (s.added && s.updated)
        printf("%s", z ? "，" : ", ");
      if (s.updated)
        printf(z ? "%s 最后修改" : "last changed %s", s.updated);
      printf("\n");
    }
  }
  free(json);
  psst_session_release(&s);
  return EXIT_OK;
}
