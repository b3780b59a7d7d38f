/*
 * cmd_classify.c: psst classify TITLE_ZH [--en TITLE_EN] [--body FILE]: the primary
 * topic, secondary topics and technology tags suggested for a subject, with the cues
 * that decided; psst classify --evaluate: how often the suggestions agree with the
 * record's curators, each session held out of the model that judges it.
 *
 * CSV and JSON give the library's tables as they are. For a person a suggestion is a
 * field a line, and the evaluation its headline figures, then a row a topic.
 */
#include "cli.h"
#include "width.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int usage(const char *msg) {
  fprintf(stderr, "psst classify: %s\nTry 'psst classify --help'.\n", msg);
  return EXIT_USAGE;
}

/* The whole of a file, or of standard input for "-"; to free(). NULL on failure. */
static char *read_all(const char *path) {
  FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!fp)
    return NULL;
  size_t len = 0, cap = 1 << 14;
  char *s = malloc(cap);
  while (s) {
    len += fread(s + len, 1, cap - len - 1, fp);
    if (len < cap - 1)
      break;
    char *grown = realloc(s, cap *= 2);
    if (!grown)
      free(s);
    s = grown;
  }
  bool failed = ferror(fp);
  if (fp != stdin)
    fclose(fp);
  if (s && failed) {
    free(s);
    return NULL;
  }
  if (s)
    s[len] = '\0';
  return s;
}

/* label, padded to width columns whatever its script, then a space */
static void label(const char *s, size_t width) {
  size_t w = ps_cli_width(s);
  printf("%s%*s ", s, (int)(w < width ? width - w : 0), "");
}

/* "sti,ai" as labels: "Science, technology and innovation (sti), ..." */
static void codes(struct cli *c, const char *kind, const char *list) {
  bool first = true;
  for (const char *s = list; s && *s; s += strcspn(s, ","), s += *s == ',', first = false) {
    char code[64];
    snprintf(code, sizeof code, "%.*s", (int)strcspn(s, ","), s);
    printf("%s%s (%s)", first ? "" : (c->lang == PSST_LANG_ZH ? "、" : "; "),
           psst_label(c->p, kind, code, c->lang), code);
  }
  printf("%s\n", first ? "-" : "");
}

static int suggest(struct cli *c) {
  char *body = NULL;
  if (c->body && !(body = read_all(c->body))) {
    fprintf(stderr, "psst classify: cannot read '%s'\n", c->body);
    return EXIT_SYSTEM;
  }
  struct psst_table *t = NULL;
  struct psst_error err = {0};
  int rc = cli_open(c);
  if (!rc && psst_classify(c->p, c->argv[0], c->title_en, body, &t, &err))
    rc = cli_fail(&err);
  free(body);
  if (rc)
    return rc;
  const char *topic = psst_cell(t, 0, 0);
  if (c->format != PS_OUT_TABLE) {
    rc = cli_print_table(c, t);
  } else {
    bool zh = c->lang == PSST_LANG_ZH;
    const char *names[] = {zh ? "主题" : "topic", zh ? "次要主题" : "secondary",
                           zh ? "技术" : "tech", zh ? "依据" : "evidence"};
    size_t w = 0;
    for (size_t i = 0; i < 4; i++)
      w = ps_cli_width(names[i]) > w ? ps_cli_width(names[i]) : w;
    label(names[0], w), codes(c, "topic", topic);
    label(names[1], w), codes(c, "topic", psst_cell(t, 0, 1));
    label(names[2], w), codes(c, "tech", psst_cell(t, 0, 2));
    label(names[3], w);
    printf("%s\n", *psst_cell(t, 0, 3) ? psst_cell(t, 0, 3) : "-");
  }
  if (!rc && !topic) {
    fprintf(stderr, "psst classify: no topic suggested: no keyword or known word in the text\n");
    rc = EXIT_FAIL;
  }
  psst_table_free(t);
  return rc;
}

/* The row of measure (and topic, for per-topic rows), or SIZE_MAX. */
static size_t find(const struct psst_table *t, const char *measure, const char *topic) {
  for (size_t r = 0; r < t->nrows; r++) {
    const char *tp = psst_cell(t, r, 1);
    if (!strcmp(psst_cell(t, r, 0), measure) && (topic ? tp && !strcmp(tp, topic) : !tp))
      return r;
  }
  return SIZE_MAX;
}

static const char *value(const struct psst_table *t, const char *measure, const char *topic,
                         size_t col) {
  size_t r = find(t, measure, topic);
  return r == SIZE_MAX ? NULL : psst_cell(t, r, col);
}

static const struct {
  const char *measure, *en, *zh;
} figures[] = {
    {"accuracy", "accuracy", "准确率"},
    {"kappa", "Cohen's kappa", "科恩 kappa"},
    {"macro_f1", "macro F1", "宏平均 F1"},
    {"keyword_accuracy", "keyword-only accuracy", "仅关键词准确率"},
    {"tag_recall", "tag recall", "技术标签召回率"},
    {"tag_precision", "tag precision", "技术标签精确率"},
    {"secondary_recall", "secondary-topic recall", "次要主题召回率"},
    {"secondary_precision", "secondary-topic precision", "次要主题精确率"},
};

/* A row a topic: sessions, suggested, correct, precision, recall, F1. */
static struct psst_table *per_topic(struct cli *c, const struct psst_table *t) {
  static const char *const cols[] = {"topic",     "sessions", "suggested", "correct",
                                     "precision", "recall",   "f1"};
  static const char *const zh[] = {"主题", "场次", "建议", "正确", "精确率", "召回率", "F1"};
  size_t n = 0;
  for (size_t r = 0; r < t->nrows; r++)
    n += !strcmp(psst_cell(t, r, 0), "recall");
  struct psst_table *v = cli_table_new(7, n);
  if (!v)
    return NULL;
  for (size_t k = 0; k < 7; k++) {
    if (!(v->cols[k] = strdup(cols[k])) ||
        !(v->headers[k] = strdup(c->lang == PSST_LANG_ZH ? zh[k] : cols[k])))
      goto fail;
    v->types[k] = k ? PSST_COL_INT : PSST_COL_TEXT; /* right-aligned, as numbers are */
  }
  for (size_t r = 0; r < t->nrows; r++) {
    const char *topic = psst_cell(t, r, 1);
    if (strcmp(psst_cell(t, r, 0), "recall"))
      continue;
    const char *cells[] = {psst_cell(t, r, 4), value(t, "precision", topic, 4),
                           psst_cell(t, r, 3), value(t, "precision", topic, 2),
                           psst_cell(t, r, 2), value(t, "f1", topic, 2)};
    if (cli_table_add_row(v, topic, cells))
      goto fail;
  }
  return v;
fail:
  psst_table_free(v);
  return NULL;
}

static int evaluate(struct cli *c) {
  int rc = cli_open(c);
  if (rc)
    return rc;
  struct psst_table *t = NULL, *v = NULL;
  struct psst_error err = {0};
  if (psst_classify_evaluate(c->p, &t, &err))
    return cli_fail(&err);
  if (c->format != PS_OUT_TABLE) {
    rc = cli_print_table(c, t);
    psst_table_free(t);
    return rc;
  }
  bool zh = c->lang == PSST_LANG_ZH;
  size_t w = 0, nfig = sizeof figures / sizeof *figures;
  for (size_t i = 0; i < nfig; i++) {
    size_t fw = ps_cli_width(zh ? figures[i].zh : figures[i].en);
    w = fw > w ? fw : w;
  }
  printf(zh ? "主题建议的留一法评估：%s 场有主要主题和题目的会议\n"
            : "The topic suggestions, leave-one-out over %s sessions with a topic and a title\n",
         value(t, "sessions", NULL, 3));
  for (size_t i = 0; i < nfig; i++) {
    size_t r = find(t, figures[i].measure, NULL);
    if (r == SIZE_MAX)
      continue;
    const char *val = psst_cell(t, r, 2), *cnt = psst_cell(t, r, 3), *tot = psst_cell(t, r, 4);
    printf("  ");
    label(zh ? figures[i].zh : figures[i].en, w);
    printf("%s", val ? val : "-");
    if (cnt && tot)
      printf(zh ? "（%s / %s）" : "  (%s of %s)", cnt, tot);
    printf("\n");
  }
  printf("\n");
  if (!(v = per_topic(c, t))) {
    fprintf(stderr, "psst classify: out of memory\n");
    psst_table_free(t);
    return EXIT_SYSTEM;
  }
  if (t->note && !(v->note = strdup(t->note)))
    rc = EXIT_SYSTEM;
  if (!rc)
    rc = cli_print_table(c, v);
  psst_table_free(t), psst_table_free(v);
  return rc;
}

int cmd_classify(struct cli *c) {
  if (c->evaluate && (c->argc || c->title_en || c->body))
    return usage("--evaluate takes no title, --en or --body");
  if (!c->evaluate && !c->argc)
    return usage("missing TITLE_ZH (or --evaluate)");
  return c->evaluate ? evaluate(c) : suggest(c);
}
