/*
 * cmd_phrases.c: psst phrases [PHRASE] [--archive [--archive-dir DIR]]: the phrases said at
 * the study sessions (data/phrases.jsonl) and where they travelled: without PHRASE, each
 * with its session and the first document whose title holds it; with PHRASE (its id, the
 * phrase or a variant, or any text), every session record and document title that holds
 * it, earliest first. --archive runs the same search over the full texts of the local
 * archive. Exit 1 when nothing matches.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Chinese headers for the columns the shared list does not name. */
static const char *const header_zh[][2] = {
    {"phrase", "提法"},
    {"phrase_en", "英文"},
    {"session", "集体学习"},
    {"session_date", "学习日期"},
    {"first_document", "首个文件"},
    {"first_title", "文件标题"},
    {"first_date", "首次日期"},
    {"lag_days", "间隔天数"},
    {"documents", "文件数"},
    {"kind", "类别"},
    {"found_in", "出处"},
    {"dated_by", "日期依据"},
    {"first_url", "首个文本"},
    {"first_sha256", "SHA-256"},
    {"texts", "文本数"},
    {"context", "上下文"},
    {"url", "地址"},
    {"sha256", "SHA-256"},
};

/* The table's headers in Chinese for --lang zh (a table; CSV and JSON keep the names). */
static int zh_headers(struct psst_table *t) {
  if (!(t->headers = calloc(t->ncols, sizeof *t->headers)))
    return EXIT_SYSTEM;
  for (size_t k = 0; k < t->ncols; k++) {
    const char *h = NULL;
    for (size_t i = 0; !h && i < sizeof header_zh / sizeof *header_zh; i++)
      if (!strcmp(header_zh[i][0], t->cols[k]))
        h = header_zh[i][1];
    if (!h && !strcmp(t->cols[k], "id"))
      h = "编号";
    else if (!h && !strcmp(t->cols[k], "date"))
      h = "日期";
    else if (!h && !strcmp(t->cols[k], "title"))
      h = "题目";
    if (!(t->headers[k] = strdup(h ? h : t->cols[k])))
      return EXIT_SYSTEM;
  }
  return EXIT_OK;
}

/* Drops the named column in place (a terminal table of every phrase has no room for the
   ids of the phrase and its first document: the titles and the phrase say them). */
static void drop_column(struct psst_table *t, const char *name) {
  size_t k = 0;
  while (k < t->ncols && strcmp(t->cols[k], name))
    k++;
  if (k == t->ncols)
    return;
  size_t n = t->ncols;
  for (size_t r = 0; r < t->nrows; r++)
    free(t->cells[r * n + k]);
  free(t->cols[k]);
  if (t->null_labels)
    free(t->null_labels[k]);
  /* compact the row-major cells, then the per-column arrays */
  size_t w = 0;
  for (size_t i = 0; i < t->nrows * n; i++)
    if (i % n != k)
      t->cells[w++] = t->cells[i];
  for (size_t j = k; j + 1 < n; j++) {
    t->cols[j] = t->cols[j + 1];
    t->types[j] = t->types[j + 1];
    if (t->null_labels)
      t->null_labels[j] = t->null_labels[j + 1];
  }
  t->ncols = n - 1;
}

int cmd_phrases(struct cli *c) {
  int rc = cli_open(c);
  if (rc)
    return rc;
  const char *phrase = c->argc ? c->argv[0] : NULL;
  if (phrase && !*phrase) {
    fprintf(stderr, "psst phrases: the phrase is empty\nTry 'psst phrases --help'.\n");
    return EXIT_USAGE;
  }
  bool archive = c->archive == 1 || c->archive_dir;
  struct psst_table *t = NULL;
  struct psst_error err = {0};
  if (archive  ? psst_phrase_archive(c->p, c->archive_dir, phrase, &t, &err)
      : phrase ? psst_phrase_trace(c->p, phrase, c->lang, &t, &err)
               : psst_phrases(c->p, c->lang, &t, &err))
    return cli_fail(&err);
  if (!archive && !phrase && c->format == PS_OUT_TABLE && !t->headers) {
    drop_column(t, "id");
    drop_column(t, "first_document");
    if (c->lang == PSST_LANG_ZH)
      drop_column(t, "phrase_en");
  }
  if (c->lang == PSST_LANG_ZH && c->format == PS_OUT_TABLE && (rc = zh_headers(t))) {
    psst_table_free(t);
    return rc;
  }
  rc = cli_print_result(c, t, archive ? "archived text" : phrase ? "record" : "phrase");
  psst_table_free(t);
  return rc;
}
