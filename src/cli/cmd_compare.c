/*
 * cmd_compare.c: psst compare --by leader|term: eras side by side.
 *
 * CSV and JSON give psst_compare's table as it is, a row a group, for programs. For
 * a person at a terminal the table is turned: a column a group and a row a figure,
 * because two to five groups fit side by side where two dozen columns do not. The
 * technology list becomes a row a technology, in the order the record first met
 * them (psst timeline), with a mark under each group that studied it.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define MARK "✓"

/* Whether tag is in the comma-separated list. */
static bool in_list(const char *list, const char *tag) {
  size_t n = strlen(tag);
  for (const char *s = list; s && *s; s += strcspn(s, ","), s += *s == ',')
    if (strcspn(s, ",") == n && !strncmp(s, tag, n))
      return true;
  return false;
}

/* A row label, indented under its heading when `in`; to free(). */
static char *indented(const char *s, bool in) {
  size_t n = strlen(s) + 3;
  char *l = malloc(n);
  if (l)
    snprintf(l, n, "%s%s", in ? "  " : "", s);
  return l;
}

static size_t col_of(const struct psst_table *t, const char *name) {
  for (size_t k = 0; k < t->ncols; k++)
    if (!strcmp(t->cols[k], name))
      return k;
  return t->ncols;
}

/* The figures of t (a row a group) as a table with a column a group. */
static int turn(struct cli *c, const struct psst_table *t, const struct psst_table *tl,
                struct psst_table **out) {
  bool zh = c->lang == PSST_LANG_ZH;
  size_t ng = t->nrows, techs = col_of(t, "tech_list"), terms = col_of(t, "terms");
  struct psst_table *v = cli_table_new(ng + 1, t->ncols + tl->nrows + 2);
  const char **cells = calloc(ng + 1, sizeof *cells);
  char *label = NULL;
  int rc = -1;
  if (!v || !cells || !(v->cols[0] = strdup("figure")) || !(v->headers[0] = strdup(t->headers[0])))
    goto out;
  for (size_t g = 0; g < ng; g++) {
    if (!(v->cols[g + 1] = strdup(psst_cell(t, g, 0))) ||
        !(v->headers[g + 1] = strdup(psst_cell(t, g, 0))))
      goto out;
    v->types[g + 1] = PSST_COL_INT; /* right-aligned and never cut, as numbers are */
  }
  for (size_t k = 1; k < t->ncols; k++) {
    bool share = !strncmp(t->cols[k], "share_", 6);
    if (k == terms && !strcmp(t->cols[0], "term"))
      continue; /* a term's terms are itself */
    if (k == techs) {
      /* a row a technology, under the count of them */
      for (size_t r = 0; r < tl->nrows; r++) {
        const char *tag = psst_cell(tl, r, 0);
        bool any = false;
        for (size_t g = 0; g < ng; g++) {
          bool has = in_list(psst_cell(t, g, techs), tag);
          cells[g] = has ? MARK : "";
          any = any || has;
        }
        free(label);
        if (!(label = indented(psst_label(c->p, "tech", tag, c->lang), true)) ||
            (any && cli_table_add_row(v, label, cells)))
          goto out;
      }
      continue;
    }
    if (share && strncmp(t->cols[k - 1], "share_", 6)) {
      for (size_t g = 0; g < ng; g++)
        cells[g] = "";
      if (cli_table_add_row(v, zh ? "主要主题占比（%）" : "share of primary topics (%)", cells))
        goto out;
    }
    for (size_t g = 0; g < ng; g++)
      cells[g] = psst_cell(t, g, k);
    free(label);
    const char *name = share ? psst_label(c->p, "topic", t->cols[k] + 6, c->lang) : t->headers[k];
    if (!(label = indented(name, share)) || cli_table_add_row(v, label, cells))
      goto out;
  }
  if (t->note && !(v->note = strdup(t->note)))
    goto out;
  *out = v;
  v = NULL;
  rc = 0;
out:
  psst_table_free(v);
  free(cells), free(label);
  return rc;
}

int cmd_compare(struct cli *c) {
  int rc = cli_open(c);
  if (rc)
    return rc;
  struct psst_table *t = NULL, *tl = NULL, *v = NULL;
  struct psst_error err = {0};
  if (psst_compare(c->p, c->by ? c->by : "leader", c->lang, &t, &err) ||
      (c->format == PS_OUT_TABLE && psst_timeline(c->p, c->lang, &tl, &err))) {
    rc = cli_fail(&err);
    goto out;
  }
  if (c->format != PS_OUT_TABLE) {
    rc = cli_print_table(c, t);
    goto out;
  }
  if (turn(c, t, tl, &v)) {
    fprintf(stderr, "psst compare: out of memory\n");
    rc = EXIT_SYSTEM;
    goto out;
  }
  rc = cli_print_table(c, v);
out:
  psst_table_free(t), psst_table_free(tl), psst_table_free(v);
  return rc;
}
