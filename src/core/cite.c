/*
 * cite.c: psst_cite, how to cite a session: the text of its readout (publisher, date and
 * address from the record's structured source, with the session's titles and date) and the
 * psst dataset the record comes from (cite_dataset.c), as plain text, BibTeX, CSL-JSON or
 * RIS for reference managers; the dataset alone also as CITATION.cff.
 *
 * A value the record does not know yet is left out of the citation, never filled
 * in: a session without a date gets no date field.
 */
#include "cite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
static const char *const month_macros[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                             "jul", "aug", "sep", "oct", "nov", "dec"};

/*
 * BibTeX counts braces even after a backslash, so \{ would unbalance the field:
 * braces become \textbraceleft{} and \textbraceright{}; the other characters TeX
 * treats specially get a backslash or a text command.
 */
int ps_bibtex_escape(struct ps_buf *b, const char *s) {
  int rc = PSST_OK;
  for (; s && *s && !rc; s++) {
    switch (*s) {
    case '{':
      rc = ps_buf_puts(b, "\\textbraceleft{}");
      break;
    case '}':
      rc = ps_buf_puts(b, "\\textbraceright{}");
      break;
    case '\\':
      rc = ps_buf_puts(b, "\\textbackslash{}");
      break;
    case '~':
      rc = ps_buf_puts(b, "\\textasciitilde{}");
      break;
    case '^':
      rc = ps_buf_puts(b, "\\textasciicircum{}");
      break;
    case '%':
    case '&':
    case '$':
    case '#':
    case '_':
      rc = ps_buf_putc(b, '\\');
      if (!rc)
        rc = ps_buf_putc(b, *s);
      break;
    default:
      rc = ps_buf_putc(b, *s);
    }
  }
  return rc;
}

/*
 * A URL is typeset by \url (url.sty, hyperref) or kept verbatim (biblatex), both of
 * which take % # & _ $ as they are: a backslash would end up in the address. Only
 * what would unbalance the field or break the verbatim reading (braces, backslash,
 * white space) is percent-encoded, which leaves the address the same.
 */
int ps_bibtex_url(struct ps_buf *b, const char *s) {
  int rc = PSST_OK;
  for (; *s && !rc; s++) {
    unsigned char u = (unsigned char)*s;
    if (u == '{' || u == '}' || u == '\\' || u <= ' ' || u == 0x7f)
      rc = ps_buf_printf(b, "%%%02X", (unsigned)u);
    else
      rc = ps_buf_putc(b, *s);
  }
  return rc;
}

const char *ps_cite_month(int m) {
  return m >= 1 && m <= 12 ? month_names[m - 1] : "";
}

const char *ps_cite_month_macro(int m) {
  return m >= 1 && m <= 12 ? month_macros[m - 1] : "";
}

int ps_ris_line(struct ps_buf *b, const char *tag, const char *value) {
  if (!value || !*value)
    return PSST_OK;
  int rc = ps_buf_printf(b, "%s  - ", tag);
  /* a tag's value is one line: a line break would start a line RIS readers cannot place */
  for (const char *s = value; *s && !rc; s++)
    rc = ps_buf_putc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
  return rc | ps_buf_putc(b, '\n');
}

/* ---- the session ---- */

struct citation {
  struct psst_session s;
  const struct psst_source *src; /* the source cited as the readout; NULL when none */
  const char *kind;              /* its kind as a label ("Broadcast text") */
  int y, m, d;                   /* the session's date; 0 when unknown */
  int py, pm, pd;                /* the source's publication date; 0 when unknown */
  char id[32];
  struct ps_buf title; /* "title_zh [title_en]" */
  struct ps_buf event; /* "CCP Politburo collective study session 19-18" */
};

static bool supports(const struct psst_source *src, const char *field) {
  for (size_t i = 0; i < src->n_supports; i++)
    if (!strcmp(src->supports[i], field))
      return true;
  return false;
}

/*
 * The source a citation of the session names: the text the record's date and subject were
 * read from. An official text (docs/sources.md) that supports the date or the Chinese title
 * comes first, then any official text, then the others; among them the kind the codebook
 * lists first (readout, then broadcast, then copy, ...), then the one that supports more of
 * the two, then the record's order.
 */
static const struct psst_source *cited_source(struct psst *p, const struct psst_session *s) {
  const struct psst_source *best = NULL;
  long best_key = 0;
  for (size_t i = 0; i < s->n_sources; i++) {
    const struct psst_source *src = &s->sources[i];
    const struct ps_code *k =
        ps_code_find(p->ref.source_kinds, p->ref.n_source_kinds, src->kind ? src->kind : "");
    long rank = k ? (long)(k - p->ref.source_kinds) : (long)p->ref.n_source_kinds;
    int both = supports(src, "date") + supports(src, "title_zh");
    long tier = k && k->official ? (both ? 0 : 1) : 2;
    /* lexicographic: tier, then the kind's place, then fewer of date and title missing */
    long key = (tier * 1000 + rank) * 4 + (2 - both);
    if (!best || key < best_key)
      best = src, best_key = key;
  }
  return best;
}

static void read_date(const char *date, int *y, int *m, int *d) {
  /* the record's dates are checked calendar dates: the fields can be read as they are */
  if (!date || sscanf(date, "%d-%d-%d", y, m, d) != 3 || *m < 1 || *m > 12)
    *y = *m = *d = 0;
}

static int session_text(const struct citation *c, struct ps_buf *b) {
  const struct psst_session *s = &c->s;
  int rc = PSST_OK;
  if (*s->title_zh)
    rc |= ps_buf_printf(b, "\"%s\"%s", s->title_zh, *s->title_en ? " " : "");
  if (*s->title_en)
    rc |= ps_buf_printf(b, "[%s]", s->title_en);
  if (!*s->title_zh && !*s->title_en)
    rc |= ps_buf_puts(b, "[untitled]");
  rc |= ps_buf_printf(b, ", %s", c->event.s);
  if (c->y)
    rc |= ps_buf_printf(b, ", %d %s %d", c->d, ps_cite_month(c->m), c->y);
  rc |= ps_buf_putc(b, '.');
  if (c->src) {
    rc |= ps_buf_printf(b, " %s (%s), ", c->src->publisher, c->kind);
    if (c->py)
      rc |= ps_buf_printf(b, "%d %s %d", c->pd, ps_cite_month(c->pm), c->py);
    else
      rc |= ps_buf_puts(b, "n.d.");
    rc |= ps_buf_printf(b, " <%s>.", c->src->url);
  }
  rc |= ps_buf_putc(b, '\n');
  return rc ? PSST_ENOMEM : PSST_OK;
}

static int session_bibtex(const struct citation *c, struct ps_buf *b) {
  /* the outer braces keep styles from lower-casing the title (CCP, names) */
  int rc =
      ps_buf_printf(b, "@misc{psst-%s,\n  title = {{", c->id) | ps_bibtex_escape(b, c->title.s) |
      ps_buf_printf(b, "}},\n  howpublished = {{CCP} Politburo collective study session %s", c->id);
  if (c->y)
    rc |= ps_buf_printf(b, ", held %d %s %d", c->d, ps_cite_month(c->m), c->y);
  rc |= ps_buf_putc(b, '}');
  if (c->src)
    rc |= ps_buf_puts(b, ",\n  publisher = {") | ps_bibtex_escape(b, c->src->publisher) |
          ps_buf_putc(b, '}');
  if (c->py)
    rc |= ps_buf_printf(b, ",\n  year = {%d},\n  month = %s,\n  date = {%s}", c->py,
                        ps_cite_month_macro(c->pm), c->src->published);
  if (c->y)
    rc |= ps_buf_printf(b, ",\n  eventdate = {%s}", c->s.date);
  if (c->src)
    rc |= ps_buf_puts(b, ",\n  note = {") | ps_bibtex_escape(b, c->kind) |
          ps_buf_puts(b, "},\n  url = {") | ps_bibtex_url(b, c->src->url) | ps_buf_putc(b, '}');
  rc |= ps_buf_puts(b, "\n}\n");
  return rc ? PSST_ENOMEM : PSST_OK;
}

static int session_csl(const struct citation *c, struct ps_buf *b) {
  int rc = ps_buf_printf(b,
                         "  {\n    \"id\": \"psst-%s\",\n    \"type\": \"webpage\",\n"
                         "    \"title\": ",
                         c->id) |
           ps_buf_json_str(b, c->title.s) | ps_buf_puts(b, ",\n    \"event-title\": ") |
           ps_buf_json_str(b, c->event.s);
  if (c->y)
    rc |= ps_buf_printf(b, ",\n    \"event-date\": {\"date-parts\": [[%d, %d, %d]]}", c->y, c->m,
                        c->d);
  if (c->src)
    rc |= ps_buf_puts(b, ",\n    \"publisher\": ") | ps_buf_json_str(b, c->src->publisher) |
          ps_buf_puts(b, ",\n    \"medium\": ") | ps_buf_json_str(b, c->kind);
  if (c->py)
    rc |= ps_buf_printf(b, ",\n    \"issued\": {\"date-parts\": [[%d, %d, %d]]}", c->py, c->pm,
                        c->pd);
  if (c->src)
    rc |= ps_buf_puts(b, ",\n    \"URL\": ") | ps_buf_json_str(b, c->src->url);
  rc |= ps_buf_puts(b, "\n  }");
  return rc ? PSST_ENOMEM : PSST_OK;
}

static int session_ris(const struct citation *c, struct ps_buf *b) {
  char year[8] = "", date[16] = "";
  struct ps_buf note = {0};
  if (c->py) {
    snprintf(year, sizeof year, "%d", c->py);
    snprintf(date, sizeof date, "%04d/%02d/%02d", c->py, c->pm, c->pd);
  }
  int rc = ps_buf_puts(&note, c->event.s);
  if (c->y)
    rc |= ps_buf_printf(&note, ", held %d %s %d", c->d, ps_cite_month(c->m), c->y);
  if (c->src)
    rc |= ps_buf_printf(&note, "; %s", c->kind);
  rc |= ps_ris_line(b, "TY", "ELEC") | ps_ris_line(b, "TI", c->title.s);
  if (c->src)
    rc |= ps_ris_line(b, "PB", c->src->publisher);
  rc |= ps_ris_line(b, "PY", year) | ps_ris_line(b, "DA", date);
  if (c->src)
    rc |= ps_ris_line(b, "UR", c->src->url);
  rc |= ps_ris_line(b, "N1", note.s) | ps_buf_puts(b, "ER  - \n");
  ps_buf_release(&note);
  return rc ? PSST_ENOMEM : PSST_OK;
}

static int cite_session(struct psst *p, int term, int number, struct citation *c,
                        struct psst_error *err) {
  int rc = psst_show(p, term, number, &c->s, NULL, err);
  if (rc)
    return rc;
  const struct psst_session *s = &c->s;
  snprintf(c->id, sizeof c->id, "%d-%d", term, number);
  read_date(s->date, &c->y, &c->m, &c->d);
  if ((c->src = cited_source(p, s))) {
    c->kind = psst_label(p, "source_kind", c->src->kind, PSST_LANG_EN);
    read_date(c->src->published, &c->py, &c->pm, &c->pd);
  }
  if (*s->title_zh)
    rc |= ps_buf_printf(&c->title, "%s%s", s->title_zh, *s->title_en ? " " : "");
  if (*s->title_en)
    rc |= ps_buf_printf(&c->title, "[%s]", s->title_en);
  if (!*s->title_zh && !*s->title_en)
    rc |= ps_buf_puts(&c->title, "[untitled]");
  rc |= ps_buf_printf(&c->event, "CCP Politburo collective study session %s", c->id);
  return rc ? ps_err(err, PSST_ENOMEM, "out of memory") : PSST_OK;
}

int psst_cite(struct psst *p, int term, int number, enum psst_cite_style style, char **out,
              struct psst_error *err) {
  *out = NULL;
  struct citation c = {0};
  struct ps_dataset d;
  struct ps_buf b = {0};
  bool session = term > 0;
  if (style < PSST_CITE_TEXT || style > PSST_CITE_CFF)
    return ps_err(err, PSST_EINVAL, "cite: unknown style %d", (int)style);
  if (session && style == PSST_CITE_CFF)
    return ps_err(err, PSST_EINVAL,
                  "the CFF style cites the dataset alone (CITATION.cff): give no session");
  int rc = ps_dataset_load(p->data_dir, &d, err);
  if (rc)
    return rc;
  if (session && (rc = cite_session(p, term, number, &c, err)))
    goto out;
  if (style == PSST_CITE_CSL_JSON)
    rc = ps_buf_puts(&b, "[\n");
  if (!rc && session) {
    switch (style) {
    case PSST_CITE_TEXT:
      rc = session_text(&c, &b);
      break;
    case PSST_CITE_BIBTEX:
      rc = session_bibtex(&c, &b) || ps_buf_putc(&b, '\n');
      break;
    case PSST_CITE_CSL_JSON:
      rc = session_csl(&c, &b) || ps_buf_puts(&b, ",\n");
      break;
    default: /* RIS: the records one after the other, a blank line between them */
      rc = session_ris(&c, &b) || ps_buf_putc(&b, '\n');
    }
  }
  if (rc) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  if ((rc = ps_dataset_cite(&d, style, &b, err)))
    goto out;
  if (style == PSST_CITE_CSL_JSON && ps_buf_puts(&b, "\n]\n"))
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
  else if (!(*out = ps_buf_detach(&b)))
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
out:
  ps_buf_release(&b);
  ps_buf_release(&c.title);
  ps_buf_release(&c.event);
  if (session)
    psst_session_release(&c.s);
  ps_dataset_release(&d);
  return rc;
}
