/*
 * cmd_overview.c: psst overview, what `make run` prints: the record at a glance,
 * sessions per year with their topics as bars, and the technology timeline.
 */
#include "cli.h"
#include "width.h"

#include <stdlib.h>
#include <string.h>

struct topic_count {
  size_t col;
  long n;
};

static int by_count(const void *a, const void *b) {
  const struct topic_count *x = a, *y = b;
  if (x->n != y->n)
    return x->n < y->n ? 1 : -1;
  return x->col < y->col ? -1 : x->col > y->col;
}

static void years(struct cli *c, const struct psst_table *t) {
  bool zh = c->lang == PSST_LANG_ZH;
  printf("%s\n", zh ? "各年份集体学习场次（按主要主题）" : "Sessions per year, by primary topic");
  size_t ntopics = t->ncols - 2;
  struct topic_count *tc = calloc(ntopics ? ntopics : 1, sizeof *tc);
  if (!tc)
    return;
  /* a year, or the row of the sessions whose date is uncertain */
  int w = 4;
  for (size_t r = 0; r < t->nrows; r++)
    if (!psst_cell(t, r, 0) && t->null_labels && t->null_labels[0])
      w = (int)ps_cli_width(t->null_labels[0]);
  for (size_t r = 0; r < t->nrows; r++) {
    long total = atol(psst_cell(t, r, t->ncols - 1));
    const char *y = psst_cell(t, r, 0);
    if (!y)
      y = t->null_labels && t->null_labels[0] ? t->null_labels[0] : "?";
    printf("  %s%*s %3ld  ", y, w - (int)ps_cli_width(y), "", total);
    for (long i = 0; i < 12; i++)
      fputs(i < total ? "█" : " ", stdout);
    /* the topics take what is left of the line, cut with an ellipsis past it */
    size_t used = 2 + (size_t)w + 1 + 3 + 2 + 12, width = cli_width();
    char *line = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&line, &len);
    if (!m)
      break;
    size_t k = 0;
    for (size_t col = 1; col <= ntopics; col++) {
      long n = atol(psst_cell(t, r, col));
      if (n > 0)
        tc[k].col = col, tc[k++].n = n;
    }
    qsort(tc, k, sizeof *tc, by_count);
    /* the four largest topics keep the line readable; psst stats --by year,topic has all */
    for (size_t i = 0; i < k && i < 4; i++)
      fprintf(m, "%s%s %ld", i ? (zh ? "，" : "; ") : " ",
              psst_label(c->p, "topic", t->cols[tc[i].col], c->lang), tc[i].n);
    if (k > 4)
      fprintf(m, zh ? "，另 %zu 类" : "; %zu more", k - 4);
    fclose(m);
    ps_out_cut(stdout, line ? line : "", width > used ? width - used : 1);
    free(line);
    printf("\n");
  }
  free(tc);
  if (t->note) {
    char *note = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&note, &n);
    if (m) {
      fprintf(m, "(%s)", t->note);
      fclose(m);
      ps_out_wrap(stdout, "  ", note ? note : "", cli_width(), 3);
    }
    free(note);
  }
}

int cmd_overview(struct cli *c) {
  int rc = cli_open(c);
  if (rc)
    return rc;
  bool zh = c->lang == PSST_LANG_ZH;
  struct psst_error err = {0};
  struct psst_table *y = NULL, *l = NULL, *tl = NULL;
  char as_of[16];
  long n = 0;
  if (psst_summary(c->p, as_of, sizeof as_of, &n, &err) ||
      psst_stats(c->p, "year,topic", NULL, c->lang, &y, &err) ||
      psst_stats(c->p, "leader", NULL, c->lang, &l, &err) ||
      psst_timeline(c->p, c->lang, &tl, &err)) {
    rc = cli_fail(&err);
    goto out;
  }
  /* the first line wrapped to the width, as every line of the overview fits it */
  char head[256];
  if (zh)
    snprintf(head, sizeof head, "中共中央政治局集体学习记录，共 %ld 场，数据截至 %s", n, as_of);
  else
    snprintf(head, sizeof head,
             "the record of the CCP Politburo's collective study sessions: %ld sessions, data "
             "as of %s",
             n, as_of);
  ps_out_wrap(stdout, zh ? "psst：" : "psst: ", head, cli_width(), 2);
  for (size_t r = 0; r < l->nrows; r++)
    printf("%s%s %s%s", r ? (zh ? "；" : "; ") : "  ",
           psst_label(c->p, "leader", psst_cell(l, r, 0), c->lang), psst_cell(l, r, 1),
           zh ? " 场" : " sessions");
  printf("\n\n");
  years(c, y);
  printf("\n%s\n", zh ? "新兴技术时间线：每项技术首次进入集体学习"
                      : "Technology timeline: the first session on each technology");
  enum ps_out_format saved = c->format;
  c->format = PS_OUT_TABLE;
  rc = cli_print_table(c, tl);
  c->format = saved;
out:
  psst_table_free(y);
  psst_table_free(l);
  psst_table_free(tl);
  return rc;
}
