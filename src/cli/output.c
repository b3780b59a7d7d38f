/*
 * output.c: prints a struct psst_table as an aligned text table, CSV or JSON.
 *
 * Cells come from the data files and may hold anything: Chinese, stray control
 * characters, even bytes that are not UTF-8. The table replaces control characters
 * with spaces (a newline would break the layout, an escape would drive the terminal)
 * and invalid UTF-8 with U+FFFD, and measures display width rather than bytes. CSV
 * and JSON are libpsst's writers (psst_table_write_csv/json), shared with the server.
 */
#include "output.h"
#include "width.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */
#define ELLIPSIS    "\xE2\x80\xA6" /* U+2026, display width 1 */
#define RULE        "\xE2\x94\x80" /* U+2500 */
#define BOLD        "\033[1m"
#define RESET       "\033[0m"

/*
 * How a table is fitted to its width (ps_out_opts.max_width): the columns that hold an
 * id, a date or a number (fixed_col) are never shortened; the widest text column gives
 * way first, one display column at a time, down to MIN_SHRINK; then the headers of the
 * fixed columns that are wider than their values are cut down to them; then the text
 * columns go on down to MIN_TEXT. Cells are cut with an ellipsis, not wrapped: a row stays
 * a line, for grep and less -S. A list of ids is cut between ids, never inside one.
 */
enum { MIN_SHRINK = 8, MIN_TEXT = 3, GAP = 2 };
int ps_out_parse_format(const char *s, enum ps_out_format *out) {
  if (!s)
    return -1;
  if (!strcmp(s, "table"))
    *out = PS_OUT_TABLE;
  else if (!strcmp(s, "csv"))
    *out = PS_OUT_CSV;
  else if (!strcmp(s, "json"))
    *out = PS_OUT_JSON;
  else
    return -1;
  return 0;
}

/* A growable string reused for every cell, so cleaning costs no allocation per cell. */
struct scratch {
  char *p;
  size_t len, cap;
};

static int scratch_put(struct scratch *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
      return -1;
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
  return 0;
}

/*
 * Copies s into b with every invalid byte replaced by U+FFFD; with `terminal`,
 * control characters (C0, DEL, C1) become a space as well. One replacement per
 * invalid byte matches ps_cli_width, which counts each such byte 1.
 */
static int clean(struct scratch *b, const char *s, bool terminal) {
  size_t len = strlen(s);
  b->len = 0;
  if (scratch_put(b, "", 0))
    return -1;
  for (size_t i = 0; i < len;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
    int rc;
    if (n <= 0) {
      rc = scratch_put(b, REPLACEMENT, sizeof REPLACEMENT - 1);
      n = 1;
    } else if (terminal && utf8proc_category(cp) == UTF8PROC_CATEGORY_CC) {
      rc = scratch_put(b, " ", 1);
    } else {
      rc = scratch_put(b, s + i, (size_t)n);
    }
    if (rc)
      return -1;
    i += (size_t)n;
  }
  return 0;
}

/* Numbers are right-aligned and never cut, whatever their kind. */
static bool is_int_col(const struct psst_table *t, size_t col) {
  return t->types && (t->types[col] == PSST_COL_INT || t->types[col] == PSST_COL_REAL ||
                      t->types[col] == PSST_COL_PCT);
}

/* Columns that are never shortened: numbers, and by their (machine) name the ids and
   dates; a cut id or date ("2013-01…") reads as another one. */
static bool fixed_col(const struct psst_table *t, size_t col) {
  /* leader: the presiding General Secretary's name is short and is what a row is read by */
  static const char *const names[] = {"id",        "date",      "from",       "to",
                                      "year",      "term",      "number",     "session",
                                      "line",      "retrieved", "first_date", "first_session",
                                      "last_date", "leader",    "code"};
  if (is_int_col(t, col))
    return true;
  const char *n = t->cols ? t->cols[col] : NULL;
  if (!n)
    return false;
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (!strcmp(n, names[i]))
      return true;
  size_t len = strlen(n);
  return (len > 5 && !strcmp(n + len - 5, "_date")) || (len > 3 && !strcmp(n + len - 3, "_id"));
}

static bool is_list_col(const struct psst_table *t, size_t col) {
  return t->types && t->types[col] == PSST_COL_LIST;
}

static const char *display_header(const struct psst_table *t, const struct ps_out_opts *o,
                                  size_t col) {
  if (o->headers && o->headers[col])
    return o->headers[col];
  if (t->headers && t->headers[col])
    return t->headers[col];
  return t->cols[col];
}

/* Flushing here is what reveals a full disk or a closed pipe on buffered streams. */
static int finish(FILE *fp) {
  if (fflush(fp) != 0 || ferror(fp))
    return -1;
  return 0;
}

/* ---- table ---- */

/*
 * A line being written. Spaces are held back in `pending` and only written when
 * something visible follows, so no line ends in spaces whatever the padding.
 */
struct line {
  FILE *fp;
  size_t pending;
};

static void put_text(struct line *l, const char *s, size_t n) {
  size_t end = n;
  while (end > 0 && s[end - 1] == ' ')
    end--;
  if (end > 0) {
    for (; l->pending > 0; l->pending--)
      fputc(' ', l->fp);
    fwrite(s, 1, end, l->fp);
  }
  l->pending += n - end;
}

static void end_line(struct line *l, bool bold) {
  if (bold)
    fputs(RESET, l->fp);
  fputc('\n', l->fp);
  l->pending = 0;
}

/* The byte length of the longest run of whole items of the list s ("16-3, 17-25, ...")
   whose display width is at most max_width: the cut falls before a separator. */
static size_t fit_items(const char *s, size_t max_width) {
  size_t n = ps_cli_fit(s, max_width, NULL), best = 0;
  for (size_t i = 1; i <= n; i++)
    if (s[i] == ',' || !strncmp(s + i, "\xE3\x80\x81", 3) || s[i] == '\0')
      best = i;
  return best;
}

/* Writes text (already cleaned) in a column `w` wide, cut with an ellipsis (a list between
   its items). */
static void put_cell(struct line *l, const char *s, size_t w, bool right, bool list) {
  size_t sw = ps_cli_width(s), n = strlen(s), pad = 0;
  bool cut = sw > w;
  if (cut) {
    if (w == 0)
      return;
    /* a list of ids ("16-5, 16-15") loses whole ids, down to none; a list of names whose
       first does not fit is cut inside it, as other text */
    if (list && ((n = fit_items(s, w - 1)) > 0 || (*s >= '0' && *s <= '9'))) {
      sw = ps_cli_width_n(s, n);
    } else {
      n = ps_cli_fit(s, w - 1, &sw);
    }
    sw++; /* the ellipsis */
  }
  pad = w - sw;
  if (right)
    l->pending += pad;
  put_text(l, s, n);
  if (cut)
    put_text(l, ELLIPSIS, sizeof ELLIPSIS - 1);
  if (!right)
    l->pending += pad;
}

/* Takes one display column from the widest of the columns `pick` allows down to `floor`
   (per column: lo[i] when given); false when none can give. */
static bool narrow_one(const struct psst_table *t, size_t *w, const size_t *lo, size_t floor,
                       bool fixed) {
  size_t best = SIZE_MAX;
  for (size_t i = 0; i < t->ncols; i++) {
    size_t min = lo ? lo[i] : floor;
    if (fixed_col(t, i) == fixed && w[i] > min && (best == SIZE_MAX || w[i] > w[best]))
      best = i;
  }
  if (best == SIZE_MAX)
    return false;
  w[best]--;
  return true;
}

/*
 * Narrows the table to max_width in the order the comment at the top gives. When even
 * that is not enough (ids and dates alone wider than the terminal), the table stays
 * wider: a row cut short would lose exactly what is never to be cut.
 */
static void shrink(const struct psst_table *t, size_t *w, const size_t *cells, size_t max_width) {
  size_t total = GAP * (t->ncols - 1);
  for (size_t i = 0; i < t->ncols; i++)
    total += w[i];
  while (max_width > 0 && total > max_width && narrow_one(t, w, NULL, MIN_SHRINK, false))
    total--;
  while (max_width > 0 && total > max_width && narrow_one(t, w, cells, 0, true))
    total--;
  while (max_width > 0 && total > max_width && narrow_one(t, w, NULL, MIN_TEXT, false))
    total--;
}

/* What a table shows for an unknown value: the column's own word, else a dash. */
static const char *null_text(const struct psst_table *t, size_t col) {
  return t->null_labels && t->null_labels[col] ? t->null_labels[col] : "-";
}

static int write_table(FILE *fp, const struct psst_table *t, const struct ps_out_opts *o) {
  struct scratch b = {0};
  struct line l = {fp, 0};
  size_t *w = NULL;
  int rc = -1;

  if (t->ncols > 0) {
    /* w: each column's width; cells: its cells' alone, which a fixed column keeps */
    if (!(w = calloc(2 * t->ncols, sizeof *w)))
      goto out;
    size_t *cells = w + t->ncols;
    for (size_t c = 0; c < t->ncols; c++) {
      if (clean(&b, display_header(t, o, c), true))
        goto out;
      w[c] = ps_cli_width(b.p);
      for (size_t r = 0; r < t->nrows; r++) {
        const char *v = psst_cell(t, r, c);
        if (clean(&b, v ? v : null_text(t, c), true))
          goto out;
        size_t cw = ps_cli_width(b.p);
        if (cw > cells[c])
          cells[c] = cw;
      }
      if (cells[c] > w[c])
        w[c] = cells[c];
      if (!cells[c])
        cells[c] = 1;
    }
    shrink(t, w, cells, o->max_width);

    if (o->color)
      fputs(BOLD, fp);
    for (size_t c = 0; c < t->ncols; c++) {
      if (clean(&b, display_header(t, o, c), true))
        goto out;
      if (c > 0)
        l.pending += GAP;
      put_cell(&l, b.p, w[c], is_int_col(t, c), false);
    }
    end_line(&l, o->color);

    for (size_t c = 0; c < t->ncols; c++) {
      if (c > 0)
        l.pending += GAP;
      for (size_t i = 0; i < w[c]; i++)
        put_text(&l, RULE, sizeof RULE - 1);
    }
    end_line(&l, false);

    for (size_t r = 0; r < t->nrows; r++) {
      for (size_t c = 0; c < t->ncols; c++) {
        const char *v = psst_cell(t, r, c);
        if (clean(&b, v ? v : null_text(t, c), true))
          goto out;
        if (c > 0)
          l.pending += GAP;
        put_cell(&l, b.p, w[c], is_int_col(t, c), is_list_col(t, c));
      }
      end_line(&l, false);
    }
  }

  if (t->note) {
    if (clean(&b, t->note, true))
      goto out;
    if (ps_out_wrap(fp, "note: ", b.p, o->max_width, 6))
      goto out;
  }
  rc = 0;
out:
  free(w);
  free(b.p);
  return rc;
}

int ps_out_wrap(FILE *fp, const char *first, const char *text, size_t width, size_t indent) {
  size_t col = ps_cli_width(first);
  bool empty = true; /* nothing on this line after the prefix or the indent yet */
  fputs(first, fp);
  for (const char *s = text; *s;) {
    s += strspn(s, " ");
    size_t n = strcspn(s, " ");
    if (!n)
      break;
    char *word = strndup(s, n);
    if (!word)
      return -1;
    s += n;
    size_t ww = ps_cli_width(word);
    if (!empty && width && col + 1 + ww > width) {
      fprintf(fp, "\n%*s", (int)indent, "");
      col = indent, empty = true;
    }
    if (!empty)
      fputc(' ', fp), col++;
    /* a word longer than a line (Chinese has no spaces): as much as fits, then on */
    const char *w = word;
    while (width && col + ps_cli_width(w) > width && width > col) {
      size_t fw, k = ps_cli_fit(w, width - col, &fw);
      if (!k)
        break;
      fwrite(w, 1, k, fp);
      fprintf(fp, "\n%*s", (int)indent, "");
      w += k, col = indent;
    }
    fputs(w, fp);
    col += ps_cli_width(w), empty = false;
    free(word);
  }
  fputc('\n', fp);
  return ferror(fp) ? -1 : 0;
}

int ps_out_cut(FILE *fp, const char *text, size_t width) {
  size_t tw = ps_cli_width(text);
  if (!width || tw <= width) {
    fputs(text, fp);
  } else if (width > 0) {
    size_t n = ps_cli_fit(text, width - 1, NULL);
    fwrite(text, 1, n, fp);
    fputs(ELLIPSIS, fp);
  }
  return ferror(fp) ? -1 : 0;
}

int ps_out_table(FILE *fp, const struct psst_table *t, const struct ps_out_opts *o) {
  int rc = 0;
  switch (o->format) {
  case PS_OUT_TABLE:
    rc = write_table(fp, t, o);
    break;
  /* one writer with the web server's downloads (libpsst), so both give the same bytes */
  case PS_OUT_CSV:
    if (o->bom)
      fputs(PSST_UTF8_BOM, fp);
    rc = psst_table_write_csv(fp, t, NULL) ? -1 : 0;
    break;
  case PS_OUT_JSON:
    rc = psst_table_write_json(fp, t, NULL) ? -1 : 0;
    break;
  default:
    errno = EINVAL;
    return -1;
  }
  if (finish(fp))
    rc = -1;
  return rc;
}
