/*
 * cite.c: psst_cite, how to cite a session: its readout (the first source, with the
 * session's date and titles) and the psst dataset the record comes from (version and
 * "as of" date), as plain text, BibTeX or CSL-JSON for reference managers.
 *
 * A value the record does not know yet is left out of the citation, never filled
 * in: a session without a date gets no date field.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char dataset_title[] = "psst, the Party Study Session Tracker: the record of the CCP "
                                    "Politburo's collective study sessions";
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
static int bibtex_url(struct ps_buf *b, const char *s) {
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

struct citation {
  struct psst_session s;
  char as_of[16];
  int y, m, d; /* 0 when the date is unknown */
  char id[32];
  const char *kind; /* the first source's kind, as a label ("Broadcast text"); NULL without one */
};

static int cite_text(const struct citation *c, struct ps_buf *b) {
  const struct psst_session *s = &c->s;
  int rc = PSST_OK;
  if (*s->title_zh)
    rc |= ps_buf_printf(b, "\"%s\"%s", s->title_zh, *s->title_en ? " " : "");
  if (*s->title_en)
    rc |= ps_buf_printf(b, "[%s]", s->title_en);
  if (!*s->title_zh && !*s->title_en)
    rc |= ps_buf_puts(b, "[untitled]");
  rc |= ps_buf_printf(b, ", CCP Politburo collective study session %s", c->id);
  if (c->y)
    rc |= ps_buf_printf(b, ", %d %s %d", c->d, month_names[c->m - 1], c->y);
  rc |= ps_buf_putc(b, '.');
  if (s->n_sources)
    rc |= ps_buf_printf(b, " %s (%s), %s <%s>", s->sources[0].publisher, c->kind,
                        s->sources[0].published ? s->sources[0].published : "n.d.",
                        s->sources[0].url);
  rc |= ps_buf_printf(b, "\npsst dataset, version %s", PSST_VERSION);
  if (*c->as_of)
    rc |= ps_buf_printf(b, ", data as of %s", c->as_of);
  rc |= ps_buf_puts(b, ".\n");
  return rc ? PSST_ENOMEM : PSST_OK;
}

static int cite_bibtex(const struct citation *c, struct ps_buf *b) {
  const struct psst_session *s = &c->s;
  int rc = ps_buf_printf(b, "@misc{psst-%s,\n  title = {{", c->id);
  /* the outer braces keep styles from lower-casing the title (CCP, names) */
  if (*s->title_zh)
    rc |= ps_bibtex_escape(b, s->title_zh) | ps_buf_puts(b, *s->title_en ? " " : "");
  if (*s->title_en)
    rc |= ps_buf_putc(b, '[') | ps_bibtex_escape(b, s->title_en) | ps_buf_putc(b, ']');
  if (!*s->title_zh && !*s->title_en)
    rc |= ps_buf_puts(b, "[untitled]");
  rc |= ps_buf_printf(b, "}},\n  howpublished = {{CCP} Politburo collective study session %s}",
                      c->id);
  if (c->y)
    rc |= ps_buf_printf(b, ",\n  year = {%d},\n  month = %s,\n  date = {%s}", c->y,
                        month_macros[c->m - 1], s->date);
  if (s->n_sources) {
    rc |= ps_buf_puts(b, ",\n  publisher = {") | ps_bibtex_escape(b, s->sources[0].publisher);
    rc |= ps_buf_puts(b, "},\n  note = {") | ps_bibtex_escape(b, c->kind);
    if (s->sources[0].published)
      rc |= ps_buf_printf(b, ", %s", s->sources[0].published);
    rc |= ps_buf_puts(b, "},\n  url = {") | bibtex_url(b, s->sources[0].url) | ps_buf_putc(b, '}');
  }
  rc |= ps_buf_puts(b, "\n}\n\n@misc{psst-dataset,\n  title = {{");
  rc |= ps_bibtex_escape(b, dataset_title);
  rc |=
      ps_buf_printf(b, "}},\n  version = {%s},\n  note = {Version %s", PSST_VERSION, PSST_VERSION);
  if (*c->as_of)
    rc |= ps_buf_printf(b, ", data as of %s", c->as_of);
  rc |= ps_buf_puts(b, "}\n}\n");
  return rc ? PSST_ENOMEM : PSST_OK;
}

static int cite_csl(const struct citation *c, struct ps_buf *b) {
  const struct psst_session *s = &c->s;
  struct ps_buf title = {0}, genre = {0};
  int rc = PSST_OK;
  if (*s->title_zh)
    rc |= ps_buf_printf(&title, "%s%s", s->title_zh, *s->title_en ? " " : "");
  if (*s->title_en)
    rc |= ps_buf_printf(&title, "[%s]", s->title_en);
  if (!*s->title_zh && !*s->title_en)
    rc |= ps_buf_puts(&title, "[untitled]");
  rc |= ps_buf_printf(&genre, "CCP Politburo collective study session %s", c->id);
  rc |= ps_buf_printf(b,
                      "[\n  {\n    \"id\": \"psst-%s\",\n    \"type\": \"webpage\",\n"
                      "    \"title\": ",
                      c->id);
  rc |= ps_buf_json_str(b, title.s ? title.s : "");
  rc |= ps_buf_puts(b, ",\n    \"genre\": ") | ps_buf_json_str(b, genre.s ? genre.s : "");
  if (c->y)
    rc |= ps_buf_printf(b, ",\n    \"issued\": {\"date-parts\": [[%d, %d, %d]]}", c->y, c->m, c->d);
  if (s->n_sources) {
    rc |= ps_buf_puts(b, ",\n    \"publisher\": ") | ps_buf_json_str(b, s->sources[0].publisher);
    rc |= ps_buf_puts(b, ",\n    \"medium\": ") | ps_buf_json_str(b, c->kind);
    rc |= ps_buf_puts(b, ",\n    \"URL\": ") | ps_buf_json_str(b, s->sources[0].url);
  }
  rc |= ps_buf_puts(b, "\n  },\n  {\n    \"id\": \"psst-dataset\",\n    \"type\": \"dataset\","
                       "\n    \"title\": ");
  rc |= ps_buf_json_str(b, dataset_title);
  rc |= ps_buf_printf(b, ",\n    \"version\": \"%s\"", PSST_VERSION);
  if (*c->as_of)
    rc |= ps_buf_printf(b, ",\n    \"note\": \"data as of %s\"", c->as_of);
  rc |= ps_buf_puts(b, "\n  }\n]\n");
  ps_buf_release(&title);
  ps_buf_release(&genre);
  return rc ? PSST_ENOMEM : PSST_OK;
}

int psst_cite(struct psst *p, int term, int number, enum psst_cite_style style, char **out,
              struct psst_error *err) {
  *out = NULL;
  struct citation c = {0};
  struct ps_buf b = {0};
  long n;
  int rc = psst_show(p, term, number, &c.s, NULL, err);
  if (rc)
    return rc;
  if ((rc = psst_summary(p, c.as_of, sizeof c.as_of, &n, err)))
    goto out;
  snprintf(c.id, sizeof c.id, "%d-%d", term, number);
  if (c.s.n_sources)
    c.kind = psst_label(p, "source_kind", c.s.sources[0].kind, PSST_LANG_EN);
  /* the record's dates are checked calendar dates: the fields can be read as they are */
  if (c.s.date && sscanf(c.s.date, "%d-%d-%d", &c.y, &c.m, &c.d) != 3)
    c.y = c.m = c.d = 0;
  if (c.m < 1 || c.m > 12)
    c.y = 0;
  switch (style) {
  case PSST_CITE_TEXT:
    rc = cite_text(&c, &b);
    break;
  case PSST_CITE_BIBTEX:
    rc = cite_bibtex(&c, &b);
    break;
  case PSST_CITE_CSL_JSON:
    rc = cite_csl(&c, &b);
    break;
  default:
    rc = ps_err(err, PSST_EINVAL, "cite: unknown style %d", (int)style);
    goto out;
  }
  if (rc || !(*out = ps_buf_detach(&b)))
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
out:
  ps_buf_release(&b);
  psst_session_release(&c.s);
  return rc;
}
