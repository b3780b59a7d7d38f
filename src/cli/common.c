/*
 * common.c: what every command needs: finding the data folder and the database,
 * opening it (which may build it), turning library errors into messages and exit
 * codes, and printing a result table with labels in the chosen language.
 */
#include "cli.h"
#include "suggest.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PSST_DEFAULT_DATADIR
#define PSST_DEFAULT_DATADIR "/usr/local/share/psst/data"
#endif

static char db_default[4096];

const char *cli_data_dir(const struct cli *c) {
  struct stat sb;
  if (c->data_dir)
    return c->data_dir;
  const char *env = getenv("PSST_DATA");
  if (env && *env)
    return env;
  if (!stat("data/sessions.jsonl", &sb))
    return "data";
  return PSST_DEFAULT_DATADIR;
}

/* mkdir -p for the default cache folder */
static void make_parents(char *path) {
  for (char *s = path + 1; *s; s++) {
    if (*s != '/')
      continue;
    *s = '\0';
    mkdir(path, 0755);
    *s = '/';
  }
}

const char *cli_db_path(const struct cli *c) {
  if (c->db_path)
    return c->db_path;
  const char *env = getenv("PSST_DB");
  if (env && *env)
    return env;
  const char *cache = getenv("XDG_CACHE_HOME");
  const char *home = getenv("HOME");
  if (cache && *cache)
    snprintf(db_default, sizeof db_default, "%s/psst/psst.db", cache);
  else
    snprintf(db_default, sizeof db_default, "%s/.cache/psst/psst.db", home && *home ? home : ".");
  make_parents(db_default);
  return db_default;
}

/* The database the command opened, for cli_fail's repair of a damaged one. */
static struct psst_open_opts opened;

/* SQLite's words for a damaged file, at the end of a library message */
static bool says_damaged(const struct psst_error *err) {
  return err->status == PSST_EDB && (strstr(err->msg, "database disk image is malformed") ||
                                     strstr(err->msg, "file is not a database"));
}

int cli_fail(const struct psst_error *err) {
  fprintf(stderr, "psst: %s\n", err->msg[0] ? err->msg : psst_strerror(err->status));
  /* a page met by the query, not by the checks of psst_open: checked and rebuilt now, so
     that the user is told what happened and the same command works when run again */
  if (says_damaged(err) && opened.db_path) {
    char problem[200];
    struct psst_error rerr = {0};
    int rc = psst_db_repair(&opened, problem, sizeof problem, &rerr);
    if (*problem && !rc)
      fprintf(stderr, "psst: the database %s was damaged (%s); rebuilt it: run the command again\n",
              opened.db_path, problem);
    else if (*problem)
      fprintf(stderr, "psst: the database %s is damaged (%s); rebuilding it failed: %s\n",
              opened.db_path, problem, rerr.msg);
  }
  switch (err->status) {
  case PSST_EINVAL:
    return EXIT_USAGE;
  case PSST_ENOTFOUND:
  case PSST_EDATA:
    return EXIT_FAIL;
  default:
    return EXIT_SYSTEM;
  }
}

void cli_print_diag(FILE *fp, const struct psst_diag *d) {
  fprintf(fp, "%s:%zu: %s%s%s%s\n", d->file, d->line, d->field, *d->field ? ": " : "",
          d->severity == PSST_WARNING ? "warning: " : "", d->message);
}

/*
 * --topic and --tech against the codebook before the query: the library would refuse an
 * unknown code too, but here the refusal can name the code meant, found by its code or
 * its label in either language ("economy", "artifical intelligence", "人工智能").
 */
static int check_code(struct cli *c, const char *opt, const char *kind, const char *val) {
  struct psst_table *t = NULL;
  struct psst_error err = {0};
  if (!val || psst_codebook(c->p, kind, &t, &err))
    return val ? cli_fail(&err) : EXIT_OK;
  const char *best = NULL;
  size_t best_d = SIZE_MAX, d;
  for (size_t r = 0; r < t->nrows; r++) {
    const char *code = psst_cell(t, r, 0);
    if (code && !strcmp(code, val)) {
      psst_table_free(t);
      return EXIT_OK;
    }
    for (size_t k = 0; code && k < 3 && k < t->ncols; k++) {
      const char *label = psst_cell(t, r, k);
      if (label && ps_cli_near(val, label, &d) && d < best_d)
        best = code, best_d = d;
      /* a word of the label ("artifical" for Artificial intelligence) */
      char word[64];
      for (const char *w = label; w && *w; w += strcspn(w, " ")) {
        w += strspn(w, " ");
        size_t n = strcspn(w, " ");
        if (n && n < sizeof word) {
          memcpy(word, w, n);
          word[n] = '\0';
          if (ps_cli_near(val, word, &d) && d + 1 < best_d)
            best = code, best_d = d + 1;
        }
      }
    }
    /* the code that starts the value or that the value starts ("economy", "quant") */
    size_t n = code ? strlen(code) : 0, vn = strlen(val);
    if (n >= 2 && vn >= 2 && !strncasecmp(code, val, n < vn ? n : vn) && 2 < best_d)
      best = code, best_d = 2;
  }
  fprintf(stderr, "psst %s: %s: unknown code '%s'", c->cmd ? c->cmd->name : "", opt, val);
  if (best)
    fprintf(stderr, "; did you mean '%s' (%s)?", best, psst_label(c->p, kind, best, c->lang));
  fprintf(stderr, "\nknown:");
  for (size_t r = 0; r < t->nrows; r++)
    fprintf(stderr, "%s%s", r ? ", " : " ", psst_cell(t, r, 0) ? psst_cell(t, r, 0) : "");
  fprintf(stderr, "\n");
  psst_table_free(t);
  return EXIT_USAGE;
}

int cli_open(struct cli *c) {
  struct psst_open_opts o = {
      .data_dir = cli_data_dir(c), .db_path = cli_db_path(c), .force_rebuild = c->force};
  struct psst_diags d = {.errors_only = true};
  struct psst_error err = {0};
  int rc = psst_open(&c->p, &o, &d, NULL, &err);
  if (!rc) {
    opened = o;
    if (psst_open_note(c->p))
      fprintf(stderr, "psst: %s\n", psst_open_note(c->p));
  }
  if (rc) {
    size_t shown = 0;
    for (size_t i = 0; i < d.n && shown < 50; i++, shown++)
      cli_print_diag(stderr, &d.v[i]);
    if (d.n > shown)
      fprintf(stderr, "... and %zu more; run 'psst check'\n", d.n - shown);
    psst_diags_release(&d);
    return cli_fail(&err);
  }
  psst_diags_release(&d);
  int bad = check_code(c, "--topic", "topic", c->filter.topic);
  return bad ? bad : check_code(c, "--tech", "tech", c->filter.tech);
}

/* As ls and git: $COLUMNS first (set by the user for this run, or exported by the shell),
   the terminal's own width next, 80 for a pipe or a file. Below 20 nothing fits. */
size_t cli_width(void) {
  const char *cols = getenv("COLUMNS");
  if (cols && *cols) {
    char *end;
    errno = 0;
    long n = strtol(cols, &end, 10);
    if (!errno && !*end && n > 0)
      return n < 20 ? 20 : n > 10000 ? 10000 : (size_t)n;
  }
  struct winsize ws;
  if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col >= 20)
    return ws.ws_col;
  return 80;
}

int cli_print_result(struct cli *c, struct psst_table *t, const char *what) {
  if (t->nrows || c->format != PS_OUT_TABLE) {
    int rc = cli_print_table(c, t);
    if (rc || t->nrows)
      return rc;
  }
  fprintf(stderr, "psst %s: no %s matches\n", c->cmd ? c->cmd->name : "", what);
  return EXIT_FAIL;
}

bool cli_color(void) {
  const char *nc = getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && !(nc && *nc);
}

static const char *const header_zh[][2] = {
    {"id", "编号"},
    {"date", "日期"},
    {"term", "届"},
    {"number", "次"},
    {"leader", "总书记"},
    {"format", "形式"},
    {"topic", "主题"},
    {"tech", "技术"},
    {"title", "题目"},
    {"lecturers", "讲解人"},
    {"snippet", "摘要"},
    {"name", "姓名"},
    {"name_zh", "中文名"},
    {"name_en", "英文名"},
    {"sessions", "场次"},
    {"affiliation", "单位"},
    {"session_ids", "会议"},
    {"institution", "机构"},
    {"code", "代码"},
    {"first_date", "首次日期"},
    {"first_session", "首次会议"},
    {"first_title", "首次题目"},
    {"share", "占比"},
    {"total", "合计"},
};

/* Columns whose codes read better as labels in a table for people. */
static const char *label_kind(const char *col) {
  static const char *const kinds[] = {"topic", "tech", "format", "leader", "confidence"};
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
    if (!strcmp(col, kinds[i]))
      return kinds[i];
  return NULL;
}

int cli_print_table(struct cli *c, struct psst_table *t) {
  const char **headers = calloc(t->ncols ? t->ncols : 1, sizeof *headers);
  if (!headers)
    return EXIT_SYSTEM;
  for (size_t k = 0; k < t->ncols; k++) {
    headers[k] = t->headers ? t->headers[k] : t->cols[k];
    if (!t->headers && c->lang == PSST_LANG_ZH)
      for (size_t h = 0; h < sizeof header_zh / sizeof *header_zh; h++)
        if (!strcmp(header_zh[h][0], t->cols[k]))
          headers[k] = header_zh[h][1];
  }
  /* codes become labels for people; csv and json keep the stable codes */
  if (c->format == PS_OUT_TABLE && c->p) {
    for (size_t k = 0; k < t->ncols; k++) {
      const char *kind = label_kind(t->cols[k]);
      if (!kind)
        continue;
      for (size_t r = 0; r < t->nrows; r++) {
        char **cell = &t->cells[r * t->ncols + k];
        if (!*cell)
          continue;
        char *out = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&out, &len);
        if (!m)
          continue;
        char *save = NULL, *copy = strdup(*cell);
        int first = 1;
        for (char *tok = copy ? strtok_r(copy, ",", &save) : NULL; tok;
             tok = strtok_r(NULL, ",", &save), first = 0)
          fprintf(m, "%s%s", first ? "" : (c->lang == PSST_LANG_ZH ? "、" : ", "),
                  psst_label(c->p, kind, tok, c->lang));
        fclose(m);
        free(copy);
        if (out) {
          free(*cell);
          *cell = out;
        }
      }
    }
  }
  /* a table for people drops term and number where the id (term-number) says them */
  struct psst_table view = *t;
  char **cells = NULL;
  const char **vheaders = headers;
  bool has_id = t->ncols && !strcmp(t->cols[0], "id");
  if (c->format == PS_OUT_TABLE && has_id) {
    size_t keep = 0;
    cells = calloc(t->nrows * t->ncols + 1, sizeof *cells);
    view.cols = calloc(t->ncols, sizeof *view.cols);
    view.types = calloc(t->ncols, sizeof *view.types);
    vheaders = calloc(t->ncols, sizeof *vheaders);
    if (!cells || !view.cols || !view.types || !vheaders) {
      free(cells), free(view.cols), free(view.types), free((void *)vheaders), free(headers);
      return EXIT_SYSTEM;
    }
    for (size_t k = 0; k < t->ncols; k++) {
      if (!strcmp(t->cols[k], "term") || !strcmp(t->cols[k], "number"))
        continue;
      view.cols[keep] = t->cols[k];
      view.types[keep] = t->types[k];
      vheaders[keep] = headers[k];
      for (size_t r = 0; r < t->nrows; r++)
        cells[r * t->ncols + keep] = t->cells[r * t->ncols + k];
      keep++;
    }
    /* rows keep the original stride: compact them */
    for (size_t r = 0; r < t->nrows; r++)
      memmove(cells + r * keep, cells + r * t->ncols, keep * sizeof *cells);
    view.ncols = keep;
    view.cells = cells;
    view.headers = NULL;
  }
  struct ps_out_opts o = {.format = c->format,
                          .max_width = c->format == PS_OUT_TABLE ? cli_width() : 0,
                          .headers = vheaders,
                          .color = c->format == PS_OUT_TABLE && cli_color(),
                          .bom = c->bom};
  int rc = ps_out_table(stdout, &view, &o) ? EXIT_SYSTEM : EXIT_OK;
  if (cells) {
    free(cells), free(view.cols), free(view.types), free((void *)vheaders);
  }
  if (t->note && c->format != PS_OUT_TABLE)
    fprintf(stderr, "note: %s\n", t->note);
  free(headers);
  return rc;
}

int cli_listing(struct cli *c, cli_listing_fn fn) {
  int rc = cli_open(c);
  if (rc)
    return rc;
  struct psst_table *t = NULL;
  struct psst_error err = {0};
  if (fn(c->p, &c->filter, c->lang, &t, &err))
    return cli_fail(&err);
  if (c->limit > 0)
    psst_table_truncate(t, (size_t)c->limit);
  rc = cli_print_result(c, t, c->cmd->fn == cmd_lecturers ? "lecturer" : "institution");
  psst_table_free(t);
  return rc;
}

struct psst_table *cli_table_new(size_t ncols, size_t cap) {
  struct psst_table *t = calloc(1, sizeof *t);
  if (!t)
    return NULL;
  t->ncols = ncols;
  t->cap = cap;
  t->cols = calloc(ncols, sizeof *t->cols);
  t->headers = calloc(ncols, sizeof *t->headers);
  t->types = calloc(ncols, sizeof *t->types);
  t->cells = calloc(ncols * cap + 1, sizeof *t->cells);
  if (!t->cols || !t->headers || !t->types || !t->cells) {
    psst_table_free(t);
    return NULL;
  }
  return t;
}

int cli_table_add_row(struct psst_table *t, const char *label, const char *const *cells) {
  if (t->nrows == t->cap)
    return -1;
  char **row = t->cells + t->nrows * t->ncols;
  t->nrows++; /* counted first, so that psst_table_free releases a half-made row */
  if (!(row[0] = strdup(label)))
    return -1;
  for (size_t k = 1; k < t->ncols; k++)
    if (cells[k - 1] && !(row[k] = strdup(cells[k - 1])))
      return -1;
  return 0;
}
