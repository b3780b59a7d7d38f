/*
 * cmd_search.c: psst search QUERY... [--explain]: full-text search in Chinese or English,
 * in the query syntax of docs/search.md. Matches in the snippet are [bracketed] (the table
 * writer shows escape codes as text, so bold is not an option). --explain prints the FTS5
 * expression the query became, as a JSON string, instead of searching.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cmd_search(struct cli *c) {
  int rc = cli_open(c);
  if (rc)
    return rc;
  size_t len = 0;
  for (int i = 0; i < c->argc; i++)
    len += strlen(c->argv[i]) + 1;
  char *q = malloc(len + 1);
  if (!q)
    return EXIT_SYSTEM;
  size_t off = 0;
  for (int i = 0; i < c->argc; i++) {
    size_t n = strlen(c->argv[i]);
    if (i)
      q[off++] = ' ';
    memcpy(q + off, c->argv[i], n);
    off += n;
  }
  q[off] = '\0';
  struct psst_table *t = NULL;
  struct psst_error err = {0};
  if (c->explain) {
    char *fts = NULL;
    rc = psst_search_explain(c->p, q, &fts, &err);
    free(q);
    if (rc)
      return cli_fail(&err);
    printf("%s\n", fts);
    free(fts);
    return EXIT_OK;
  }
  rc = psst_search(c->p, q, &c->filter, c->lang, c->limit > 0 ? (size_t)c->limit : 20, "[", "]", &t,
                   &err);
  free(q);
  if (rc)
    return cli_fail(&err);
  if (t->nrows == 0) {
    /* the rule of every query command (cli_print_result), with the search's suggestion */
    if (c->format != PS_OUT_TABLE && cli_print_table(c, t)) {
      psst_table_free(t);
      return EXIT_SYSTEM;
    }
    fprintf(stderr, "psst search: no session matches%s%s\n", t->note ? "; " : "",
            t->note && !strncmp(t->note, "no match; ", 10) ? t->note + 10
            : t->note                                      ? t->note
                                                           : "");
    psst_table_free(t);
    return EXIT_FAIL;
  }
  rc = cli_print_table(c, t);
  psst_table_free(t);
  return rc;
}
