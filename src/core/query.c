/*
 * query.c: the search syntax (query.h, docs/search.md) compiled to an FTS5 expression.
 *
 * The query is first folded as the index is: NFKC (full-width letters, digits and
 * punctuation become ASCII) and traditional characters simplified. It is then read as a
 * list of lexemes (words, quoted phrases, parentheses, OR, AND, NOT, a leading '-', a field
 * prefix, a trailing '*') and parsed by recursive descent:
 *
 *   or   := and ("OR" and)*
 *   and  := unary+                    (implicit AND; "AND" may be written)
 *   unary:= ("NOT" | "-") prim | prim
 *   prim := [field ":"] ( word["*"] | '"' phrase '"' | "(" or ")" )
 *
 * FTS5's NOT is binary, so an AND group is written as its positive terms with each negative
 * one subtracted; a group of negatives alone is refused with a message. Every word and
 * phrase is quoted for FTS5, so nothing the user types can reach FTS5's own syntax: the
 * only errors are this parser's, never SQLite's.
 */
#include "query.h"

#include "fts_markers.h"
#include "pinyin.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

enum lex_kind { L_WORD, L_PHRASE, L_OPEN, L_CLOSE, L_OR, L_AND, L_NOT };

struct lexeme {
  enum lex_kind kind;
  char *s;           /* words and phrases: the text */
  bool neg, prefix;  /* "-word", "word*" */
  const char *field; /* the column filter ("{title_zh title_en}"), or NULL */
  bool pinyin_ok;    /* the field lets pinyin match (titles, names) */
  const char *py_cols;
};

struct parser {
  struct psst *p;
  struct lexeme *v;
  size_t n, i;
  struct ps_query *q;
  struct psst_error *err;
  struct sb_stemmer *stem;
  sqlite3_stmt *probe; /* whether a Latin word is in the English text at all */
  int rc;
};

static const struct {
  const char *name, *cols, *py_cols;
} fields[] = {
    {"title", "{title_zh title_en}", "{title_zh}"},
    {"lecturer", "{people}", "{people}"},
    {"lecturers", "{people}", "{people}"},
    {"speaker", "{people}", "{people}"},
    {"name", "{people}", "{people}"},
    {"institution", "{affiliations}", NULL},
    {"affiliation", "{affiliations}", NULL},
    {"note", "{notes}", NULL},
    {"notes", "{notes}", NULL},
    {"tag", "{codes}", NULL},
    {"topic", "{codes}", NULL},
};

static int fail(struct parser *ps, const char *msg) {
  if (!ps->rc)
    ps->rc = ps_err(ps->err, PSST_EINVAL, "search: %s", msg);
  return ps->rc;
}

static int nomem(struct parser *ps) {
  if (!ps->rc)
    ps->rc = ps_err(ps->err, PSST_ENOMEM, "out of memory");
  return ps->rc;
}

/* ---- folding and reading the query ---- */

static bool is_space(const char *s) {
  return *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r';
}

static bool latin_word(const char *s) {
  if (!*s)
    return false;
  for (; *s; s++)
    if (!((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z'))
      return false;
  return true;
}

/* The pinyin form of a word: marks gone, ü as v, lower case; false when it is not letters. */
static bool pinyin_form(const char *w, char *out, size_t size) {
  size_t k = 0;
  for (utf8proc_ssize_t i = 0; w[i];) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)w + i, -1, &cp);
    if (l <= 0)
      return false;
    i += l;
    if (cp == 0xFC || cp == 0xDC || cp == 0x1D6 || cp == 0x1D8 || cp == 0x1DA || cp == 0x1DC) {
      cp = 'v';
    } else if (cp >= 0x80) {
      utf8proc_int32_t d[4];
      int bc = 0;
      utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, 4, UTF8PROC_DECOMPOSE, &bc);
      if (n < 1)
        return false;
      cp = d[0];
    }
    cp = utf8proc_tolower(cp);
    if (cp < 'a' || cp > 'z' || k + 1 >= size)
      return false;
    out[k++] = (char)cp;
  }
  out[k] = '\0';
  return k > 0;
}

static const char *field_of(const char *name, size_t n, const char **py_cols, bool *known) {
  *known = false;
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
    if (strlen(fields[i].name) == n && !strncasecmp(fields[i].name, name, n)) {
      *known = true;
      *py_cols = fields[i].py_cols;
      return fields[i].cols;
    }
  return NULL;
}

static int lex_add(struct parser *ps, struct lexeme l) {
  struct lexeme *v = realloc(ps->v, (ps->n + 1) * sizeof *v);
  if (!v) {
    free(l.s);
    return nomem(ps);
  }
  ps->v = v;
  ps->v[ps->n++] = l;
  return PSST_OK;
}

static char *dup_n(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (d) {
    memcpy(d, s, n);
    d[n] = '\0';
  }
  return d;
}

static int lex(struct parser *ps, const char *s) {
  const char *field = NULL, *py_cols = NULL;
  bool neg = false, fielded = false;
  while (*s && !ps->rc) {
    if (is_space(s)) {
      if (neg || fielded)
        return fail(ps, "'-' and a field name go right before what they apply to");
      s++;
      continue;
    }
    struct lexeme l = {.neg = neg, .field = field, .py_cols = py_cols};
    l.pinyin_ok = !fielded || py_cols;
    if (*s == '(' || *s == ')') {
      if (*s == ')' && (neg || fielded))
        return fail(ps, "a ')' follows a '-' or a field name");
      l.kind = *s == '(' ? L_OPEN : L_CLOSE;
      s++;
    } else if (*s == '"') {
      const char *end = strchr(s + 1, '"');
      if (!end)
        return fail(ps, "a '\"' is not closed");
      l.kind = L_PHRASE;
      if (!(l.s = dup_n(s + 1, (size_t)(end - s - 1))))
        return nomem(ps);
      s = end + 1;
      if (*s == '*')
        l.prefix = true, s++;
    } else if (*s == '-' && !neg && !fielded && s[1] && !is_space(s + 1) && s[1] != '-') {
      neg = true;
      s++;
      continue;
    } else {
      const char *start = s;
      while (*s && !is_space(s) && *s != '(' && *s != ')' && *s != '"' && *s != ':')
        s++;
      size_t n = (size_t)(s - start);
      if (*s == ':' && n && !fielded) {
        bool known;
        const char *cols = field_of(start, n, &py_cols, &known);
        bool letters = true;
        for (size_t i = 0; i < n; i++)
          letters &= ((start[i] | 0x20) >= 'a' && (start[i] | 0x20) <= 'z');
        if (letters && !known) {
          char msg[200];
          snprintf(msg, sizeof msg,
                   "unknown field '%.*s:' (title:, lecturer:, institution:, note:, tag:)",
                   (int)(n < 40 ? n : 40), start);
          return fail(ps, msg);
        }
        if (known) {
          field = cols;
          fielded = true;
          s++;
          if (!*s || is_space(s))
            return fail(ps, "a field name needs what to find right after it (title:量子)");
          continue;
        }
      }
      if (*s == ':') {
        /* "19:00", ":" and the like: the colon is part of the word */
        while (*s && !is_space(s) && *s != '(' && *s != ')' && *s != '"')
          s++;
        n = (size_t)(s - start);
      }
      if (!neg && !fielded && n == 2 && !strncmp(start, "OR", 2))
        l.kind = L_OR;
      else if (!neg && !fielded && n == 3 && !strncmp(start, "AND", 3))
        l.kind = L_AND;
      else if (!neg && !fielded && n == 3 && !strncmp(start, "NOT", 3))
        l.kind = L_NOT;
      else {
        l.kind = L_WORD;
        if (n > 1 && start[n - 1] == '*')
          l.prefix = true, n--;
        if (!(l.s = dup_n(start, n)))
          return nomem(ps);
      }
    }
    if (lex_add(ps, l))
      return ps->rc;
    neg = fielded = false;
    field = py_cols = NULL;
  }
  if (neg || fielded)
    return fail(ps, "the query ends with a '-' or a field name");
  return ps->rc;
}

/* ---- writing the expression ---- */

static int add_hl(struct parser *ps, enum ps_hl_kind kind, const char *s) {
  struct ps_query *q = ps->q;
  for (size_t i = 0; i < q->n_hl; i++)
    if (q->hl[i].kind == kind && !strcmp(q->hl[i].s, s))
      return PSST_OK;
  if (q->n_hl == q->cap_hl) {
    size_t cap = q->cap_hl ? q->cap_hl * 2 : 16;
    struct ps_hl *v = realloc(q->hl, cap * sizeof *v);
    if (!v)
      return nomem(ps);
    q->hl = v, q->cap_hl = cap;
  }
  if (!(q->hl[q->n_hl].s = ps_strdup(s)))
    return nomem(ps);
  q->hl[q->n_hl++].kind = kind;
  return PSST_OK;
}

/* s as an FTS5 string: quoted, its quotes doubled. */
static int quoted(struct ps_buf *b, const char *s, bool prefix) {
  int rc = ps_buf_putc(b, '"');
  for (; *s && !rc; s++)
    rc = *s == '"' ? ps_buf_puts(b, "\"\"") : ps_buf_putc(b, *s);
  return rc || ps_buf_putc(b, '"') || (prefix && ps_buf_putc(b, '*'));
}

/* Whether a word or phrase holds a letter, digit or ideograph (else it finds nothing). */
static bool has_word_char(const char *s) {
  for (utf8proc_ssize_t i = 0; s[i];) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i, -1, &cp);
    if (l <= 0)
      return false;
    utf8proc_category_t c = utf8proc_category(cp);
    if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO)
      return true;
    i += l;
  }
  return false;
}

/* Whether the English text (titles, names, institutions, notes) has the word at all. */
static bool in_english(struct parser *ps, const char *w) {
  if (!ps->probe) {
    if (sqlite3_prepare_v2(ps->p->db,
                           "SELECT 1 FROM sessions_fts WHERE sessions_fts MATCH ?1 LIMIT 1", -1,
                           &ps->probe, NULL) != SQLITE_OK)
      return true; /* cannot tell: English only, the safe reading */
  }
  struct ps_buf b = {0};
  bool found = true;
  if (!ps_buf_puts(&b, "{title_en people affiliations notes codes} : ") && !quoted(&b, w, false)) {
    sqlite3_bind_text(ps->probe, 1, b.s, -1, SQLITE_STATIC);
    found = sqlite3_step(ps->probe) == SQLITE_ROW;
    sqlite3_reset(ps->probe);
  }
  ps_buf_release(&b);
  return found;
}

/* The pinyin phrase of the syllables of one split: "\1qukuai \1kuailian", or "\1qu". */
static int pinyin_phrase(struct ps_buf *b, const char *w, const struct ps_pinyin_split *sp) {
  int rc = ps_buf_putc(b, '"');
  if (sp->n == 1)
    rc |= ps_buf_printf(b, "%c%.*s", PS_FTS_SYLLABLE, sp->len[0], w + sp->at[0]);
  for (size_t k = 0; k + 1 < sp->n; k++)
    rc |= ps_buf_printf(b, "%s%c%.*s%.*s", k ? " " : "", PS_FTS_SYLLABLE, sp->len[k], w + sp->at[k],
                        sp->len[k + 1], w + sp->at[k + 1]);
  return rc || ps_buf_putc(b, '"');
}

static int initials_phrase(struct ps_buf *b, const char *w) {
  size_t n = strlen(w);
  int rc = ps_buf_putc(b, '"');
  for (size_t k = 0; k + 1 < n; k++)
    rc |= ps_buf_printf(b, "%s%c%c%c", k ? " " : "", PS_FTS_INITIALS, w[k], w[k + 1]);
  return rc || ps_buf_putc(b, '"');
}

/* Pinyin (two syllables or more) and initials readings of a Latin word, as alternatives. */
static int pinyin_alts(struct parser *ps, const char *py, const char *cols, struct ps_buf *alts,
                       int *n_alts, bool hl) {
  struct ps_pinyin_split sp[PS_PINYIN_SPLITS];
  int n = ps_pinyin_split(py, strlen(py), sp);
  int rc = PSST_OK;
  for (int i = 0; i < n && i < 2 && !rc; i++) {
    if (sp[i].n < 2 || (i > 0 && sp[i].n > sp[0].n + 1))
      continue;
    rc = ps_buf_printf(alts, "%s%s : ", (*n_alts)++ ? " OR " : "", cols) ||
         pinyin_phrase(alts, py, &sp[i]);
    struct ps_buf syl = {0};
    for (size_t k = 0; k < sp[i].n && !rc; k++)
      rc = ps_buf_printf(&syl, "%s%.*s", k ? " " : "", sp[i].len[k], py + sp[i].at[k]);
    if (!rc && hl)
      rc = add_hl(ps, PS_HL_PINYIN, syl.s);
    ps_buf_release(&syl);
  }
  size_t len = strlen(py);
  if (!rc && len >= 3 && len <= 8 && !strpbrk(py, "aeiouv")) {
    rc = ps_buf_printf(alts, "%s%s : ", (*n_alts)++ ? " OR " : "", cols) ||
         initials_phrase(alts, py);
    if (!rc && hl)
      rc = add_hl(ps, PS_HL_INITIALS, py);
  }
  return rc ? nomem(ps) : PSST_OK;
}

/* The synonyms of w (case aside for Latin letters) as alternatives. */
static int synonym_alts(struct parser *ps, const char *w, struct ps_buf *alts, int *n_alts,
                        bool hl) {
  const struct ps_refdata *r = &ps->p->ref;
  for (size_t g = 0; g < r->n_synonyms; g++) {
    const struct ps_synonyms *s = &r->synonyms[g];
    bool in = false;
    for (size_t k = 0; k < s->n && !in; k++)
      in = !strcasecmp(s->words[k], w);
    for (size_t k = 0; in && k < s->n; k++) {
      if (!strcasecmp(s->words[k], w))
        continue;
      if (ps_buf_puts(alts, (*n_alts)++ ? " OR " : "") || quoted(alts, s->words[k], false) ||
          (hl && add_hl(ps, PS_HL_TEXT, s->words[k])))
        return nomem(ps);
    }
  }
  return PSST_OK;
}

/* One word or phrase with everything it may mean, as "(a OR b ...)" under its field. */
static int term(struct parser *ps, const struct lexeme *l, struct ps_buf *out, bool hl) {
  if (!has_word_char(l->s))
    return PSST_OK; /* punctuation alone finds nothing and asks for nothing */
  struct ps_buf alts = {0};
  int n_alts = 1;
  int rc = quoted(&alts, l->s, l->prefix) ? PSST_ENOMEM : PSST_OK;
  bool latin = latin_word(l->s);
  if (!rc && hl) {
    if (latin && !l->prefix && l->kind == L_WORD) {
      const sb_symbol *st = NULL;
      char low[256];
      size_t n = strlen(l->s);
      for (size_t i = 0; i < n && i < sizeof low - 1; i++)
        low[i] = (char)(l->s[i] | 0x20);
      low[n < sizeof low - 1 ? n : sizeof low - 1] = '\0';
      if (ps->stem && (st = sb_stemmer_stem(ps->stem, (const sb_symbol *)low, (int)strlen(low))))
        rc = add_hl(ps, PS_HL_STEM, (const char *)st);
    } else {
      rc = add_hl(ps, PS_HL_TEXT, l->s);
    }
  }
  if (!rc && !l->prefix)
    rc = synonym_alts(ps, l->s, &alts, &n_alts, hl);
  char py[64];
  if (!rc && !l->prefix && l->kind == L_WORD && l->pinyin_ok && pinyin_form(l->s, py, sizeof py) &&
      !(latin && in_english(ps, l->s)))
    rc = pinyin_alts(ps, py, l->py_cols ? l->py_cols : "{title_zh people}", &alts, &n_alts, hl);
  if (!rc && latin && l->kind == L_WORD) {
    char **v = realloc(ps->q->latin, (ps->q->n_latin + 1) * sizeof *v);
    if (!v || !(v[ps->q->n_latin] = ps_strdup(l->s)))
      rc = PSST_ENOMEM;
    if (v)
      ps->q->latin = v, ps->q->n_latin += !rc;
  }
  if (!rc) {
    bool group = n_alts > 1;
    rc = (l->field && ps_buf_printf(out, "%s : ", l->field)) ||
                 ps_buf_puts(out, group || l->field ? "(" : "") ||
                 ps_buf_add(out, alts.s, alts.len) || ps_buf_puts(out, group || l->field ? ")" : "")
             ? PSST_ENOMEM
             : PSST_OK;
  }
  ps_buf_release(&alts);
  return rc ? (rc == PSST_ENOMEM ? nomem(ps) : rc) : PSST_OK;
}

static int parse_or(struct parser *ps, struct ps_buf *out, bool hl);

/* One operand: a term, or a group in parentheses (with its field, if any). *empty when it
   found nothing to look for (punctuation). */
static int primary(struct parser *ps, struct ps_buf *out, bool hl, bool *empty) {
  const struct lexeme *l = &ps->v[ps->i];
  *empty = false;
  if (l->kind == L_OPEN) {
    ps->i++;
    struct ps_buf inner = {0};
    int rc = parse_or(ps, &inner, hl);
    if (!rc && (ps->i == ps->n || ps->v[ps->i].kind != L_CLOSE))
      rc = fail(ps, "a '(' is not closed");
    if (!rc && !inner.len)
      rc = fail(ps, "empty parentheses");
    ps->i++;
    if (!rc && ((l->field && ps_buf_printf(out, "%s : ", l->field)) ||
                ps_buf_printf(out, "(%s)", inner.s)))
      rc = nomem(ps);
    ps_buf_release(&inner);
    return rc;
  }
  ps->i++;
  size_t before = out->len;
  int rc = term(ps, l, out, hl);
  *empty = out->len == before;
  return rc;
}

/* A run of two or more plain words that are each a syllable ("qu kuai lian"): the pinyin of
   the run as one more way to read them. */
static size_t syllable_run(struct parser *ps, size_t i) {
  size_t k = i;
  char py[64];
  while (k < ps->n && ps->v[k].kind == L_WORD && !ps->v[k].neg && !ps->v[k].prefix &&
         !ps->v[k].field && pinyin_form(ps->v[k].s, py, sizeof py) &&
         ps_pinyin_is_syllable(py, strlen(py)))
    k++;
  return k - i >= 2 ? k - i : 0;
}

static int parse_and(struct parser *ps, struct ps_buf *out, bool hl) {
  struct ps_buf pos = {0}, neg = {0};
  int n_pos = 0, rc = PSST_OK;
  while (!rc && ps->i < ps->n && ps->v[ps->i].kind != L_OR && ps->v[ps->i].kind != L_CLOSE) {
    struct lexeme *l = &ps->v[ps->i];
    if (l->kind == L_AND) {
      ps->i++;
      continue;
    }
    bool negated = l->neg;
    if (l->kind == L_NOT) {
      ps->i++;
      if (ps->i == ps->n || ps->v[ps->i].kind == L_OR || ps->v[ps->i].kind == L_CLOSE ||
          ps->v[ps->i].kind == L_NOT) {
        rc = fail(ps, "NOT needs a term after it");
        break;
      }
      negated = true;
    }
    size_t run = negated ? 0 : syllable_run(ps, ps->i);
    struct ps_buf one = {0};
    bool empty = false;
    if (run) {
      /* each word as itself, and the run as the pinyin of one word */
      struct ps_buf words = {0}, joined = {0};
      for (size_t k = 0; k < run && !rc; k++) {
        bool e;
        struct ps_buf w = {0};
        rc = primary(ps, &w, hl, &e);
        if (!rc && !e && ps_buf_printf(&words, "%s%s", words.len ? " AND " : "", w.s))
          rc = nomem(ps);
        char py[64];
        if (!rc && pinyin_form(ps->v[ps->i - 1].s, py, sizeof py) && ps_buf_puts(&joined, py))
          rc = nomem(ps);
        ps_buf_release(&w);
      }
      int n_alts = 1;
      struct ps_buf alts = {0};
      if (!rc && ps_buf_printf(&alts, "(%s)", words.s ? words.s : ""))
        rc = nomem(ps);
      if (!rc)
        rc = pinyin_alts(ps, joined.s, "{title_zh people}", &alts, &n_alts, hl);
      if (!rc && ps_buf_printf(&one, "(%s)", alts.s))
        rc = nomem(ps);
      ps_buf_release(&words);
      ps_buf_release(&joined);
      ps_buf_release(&alts);
    } else {
      rc = primary(ps, &one, hl && !negated, &empty);
    }
    if (!rc && !empty && one.len) {
      struct ps_buf *to = negated ? &neg : &pos;
      if (negated ? ps_buf_printf(to, " NOT %s", one.s)
                  : ps_buf_printf(to, "%s%s", n_pos++ ? " AND " : "", one.s))
        rc = nomem(ps);
    }
    ps_buf_release(&one);
  }
  if (!rc && !n_pos && neg.len)
    rc = fail(ps, "a query cannot only exclude: say what to find before '-word' or NOT");
  if (!rc && n_pos &&
      ps_buf_printf(out, n_pos > 1 || neg.len ? "(%s%s)" : "%s%s", pos.s, neg.len ? neg.s : ""))
    rc = nomem(ps);
  ps_buf_release(&pos);
  ps_buf_release(&neg);
  return rc;
}

static int parse_or(struct parser *ps, struct ps_buf *out, bool hl) {
  int n = 0, rc = PSST_OK;
  struct ps_buf parts = {0};
  for (;;) {
    if (ps->i < ps->n && ps->v[ps->i].kind == L_OR) {
      rc = fail(ps, "OR needs a term on each side");
      break;
    }
    struct ps_buf one = {0};
    rc = parse_and(ps, &one, hl);
    if (!rc && one.len && ps_buf_printf(&parts, "%s%s", n++ ? " OR " : "", one.s))
      rc = nomem(ps);
    ps_buf_release(&one);
    if (rc || ps->i == ps->n || ps->v[ps->i].kind != L_OR)
      break;
    ps->i++;
    if (ps->i == ps->n || ps->v[ps->i].kind == L_CLOSE) {
      rc = fail(ps, "OR needs a term on each side");
      break;
    }
  }
  if (!rc && n && ps_buf_printf(out, n > 1 ? "(%s)" : "%s", parts.s))
    rc = nomem(ps);
  ps_buf_release(&parts);
  return rc;
}

int ps_query_compile(struct psst *p, const char *q, struct ps_query *out, struct psst_error *err) {
  memset(out, 0, sizeof *out);
  struct parser ps = {.p = p, .q = out, .err = err};
  /* folded as the index is: full-width forms to ASCII (NFKC), traditional to simplified */
  utf8proc_uint8_t *nfkc = utf8proc_NFKC((const utf8proc_uint8_t *)(q ? q : ""));
  struct ps_buf simple = {0};
  bool converted;
  int rc =
      nfkc ? ps_simplify((const char *)nfkc, strlen((const char *)nfkc), &simple, &converted, err)
           : ps_err(err, PSST_EINVAL, "search: the query is not valid UTF-8");
  free(nfkc);
  if (!rc && !(out->stem = ps.stem = sb_stemmer_new("english", NULL)))
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  if (!rc)
    rc = lex(&ps, simple.s);
  if (!rc)
    rc = parse_or(&ps, &out->fts, true);
  if (!rc && ps.i < ps.n)
    rc = fail(&ps, "a ')' without its '('");
  if (!rc && !out->fts.len)
    rc = fail(&ps, "the query has no letters, digits or characters to look for");
  if (!rc && ps_buf_puts(&out->fts, ""))
    rc = nomem(&ps);
  for (size_t i = 0; i < ps.n; i++)
    free(ps.v[i].s);
  free(ps.v);
  sqlite3_finalize(ps.probe);
  ps_buf_release(&simple);
  if (rc)
    ps_query_release(out);
  return rc;
}

void ps_query_release(struct ps_query *q) {
  ps_buf_release(&q->fts);
  for (size_t i = 0; i < q->n_hl; i++)
    free(q->hl[i].s);
  free(q->hl);
  for (size_t i = 0; i < q->n_latin; i++)
    free(q->latin[i]);
  free(q->latin);
  if (q->stem)
    sb_stemmer_delete(q->stem);
  memset(q, 0, sizeof *q);
}

/* ---- marking what matched ---- */

static bool ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The ideograph at text + i and its length in bytes; 0 when none. */
static int32_t ideograph(const char *text, size_t i, size_t len, size_t *n) {
  utf8proc_int32_t cp;
  utf8proc_ssize_t l =
      utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &cp);
  if (l <= 0 || cp < 0x3400)
    return 0;
  *n = (size_t)l;
  return cp;
}

size_t ps_hl_match(const struct ps_hl *h, const char *text, size_t i, size_t len, void *stem) {
  const char *s = h->s;
  size_t n = strlen(s);
  switch (h->kind) {
  case PS_HL_TEXT: {
    if (i + n > len)
      return 0;
    bool latin = ascii_alnum(s[0]);
    if (latin ? strncasecmp(text + i, s, n) : memcmp(text + i, s, n))
      return 0;
    if (latin && ((i > 0 && ascii_alnum(text[i - 1])) || (i + n < len && ascii_alnum(text[i + n]))))
      return 0;
    return n;
  }
  case PS_HL_STEM: {
    if (!stem || !((text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z') ||
        (i > 0 && ascii_alnum(text[i - 1])))
      return 0;
    char w[128];
    size_t k = 0;
    while (i + k < len && ((text[i + k] | 0x20) >= 'a' && (text[i + k] | 0x20) <= 'z') &&
           k < sizeof w - 1)
      w[k] = (char)(text[i + k] | 0x20), k++;
    if (i + k < len && ascii_alnum(text[i + k]))
      return 0;
    const sb_symbol *st = sb_stemmer_stem(stem, (const sb_symbol *)w, (int)k);
    return st && !strcmp((const char *)st, s) ? k : 0;
  }
  case PS_HL_PINYIN:
  case PS_HL_INITIALS: {
    size_t at = i;
    const char *want = s;
    while (*want) {
      size_t wl = h->kind == PS_HL_INITIALS ? 1 : strcspn(want, " ");
      size_t cl;
      int32_t cp = at < len ? ideograph(text, at, len, &cl) : 0;
      const char *r[PS_PINYIN_MAX];
      int nr = cp ? ps_pinyin_of(cp, r) : 0;
      bool ok = false;
      for (int k = 0; k < nr && !ok; k++)
        ok = h->kind == PS_HL_INITIALS ? r[k][0] == *want
                                       : strlen(r[k]) == wl && !strncmp(r[k], want, wl);
      if (!ok)
        return 0;
      at += cl;
      want += wl;
      while (*want == ' ')
        want++;
    }
    return at - i;
  }
  }
  return 0;
}
