/*
 * findings_out.c: writing the findings report, as Markdown or as HTML, in English or
 * Chinese: headings with their verdicts, the article's claims, the parts of a verdict,
 * tables, and the evidence (the sessions and their sources).
 *
 * Everything from the record is written through fs_text, which escapes it for HTML and
 * keeps a Markdown table's cells whole; only this file's own strings are markup.
 */
#include "findings_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fs_put(struct report *r, const char *markup) {
  r->nomem |= ps_buf_puts(&r->out, markup);
}

void fs_text(struct report *r, const char *s) {
  if (r->html) {
    r->nomem |= ps_buf_xml_str(&r->out, s);
    return;
  }
  /* a '|' or a line break would end a Markdown table's cell */
  for (; *s; s++) {
    if (*s == '|')
      r->nomem |= ps_buf_puts(&r->out, "\\|");
    else
      r->nomem |= ps_buf_putc(&r->out, *s == '\n' || *s == '\r' ? ' ' : *s);
  }
}

void fs_textf(struct report *r, const char *fmt, ...) {
  struct ps_buf b = {0};
  va_list ap;
  va_start(ap, fmt);
  r->nomem |= ps_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  fs_text(r, b.s ? b.s : "");
  ps_buf_release(&b);
}

const char *fs_verdict_name(const struct report *r, enum fs_verdict v) {
  switch (v) {
  case FS_AGREES:
    return L(r, "agrees", "相符");
  case FS_DIFFERS:
    return L(r, "differs", "不符");
  default:
    return L(r, "cannot be checked", "无法核实");
  }
}

static const char *verdict_class(enum fs_verdict v) {
  return v == FS_AGREES ? "ok" : v == FS_DIFFERS ? "diff" : "open";
}

/* The verdicts of a claim's parts in a few words: "the record agrees" when they are one,
   else each verdict counted ("1 part agrees, 2 cannot be checked"). */
static void summary(struct report *r, const enum fs_verdict *v, size_t nv, struct ps_buf *b,
                    enum fs_verdict *worst) {
  size_t c[3] = {0};
  for (size_t i = 0; i < nv; i++)
    c[v[i]]++;
  *worst = c[FS_DIFFERS] ? FS_DIFFERS : c[FS_OPEN] ? FS_OPEN : FS_AGREES;
  for (int k = 0; k < 3; k++)
    if (c[k] == nv) {
      r->nomem |= ps_buf_puts(b, k == FS_AGREES    ? L(r, "the record agrees", "记录相符")
                                 : k == FS_DIFFERS ? L(r, "the record differs", "记录不符")
                                                   : L(r, "cannot be checked", "无法核实"));
      return;
    }
  bool first = true;
  for (int k = 0; k < 3; k++) {
    if (!c[k])
      continue;
    if (r->zh)
      r->nomem |= ps_buf_printf(b, "%s%zu 项%s", first ? "" : "，", c[k],
                                fs_verdict_name(r, (enum fs_verdict)k));
    else
      r->nomem |= ps_buf_printf(b, "%s%zu%s %s", first ? "" : ", ", c[k],
                                first ? (c[k] == 1 ? " part" : " parts") : "",
                                k == FS_AGREES    ? (c[k] == 1 ? "agrees" : "agree")
                                : k == FS_DIFFERS ? (c[k] == 1 ? "differs" : "differ")
                                                  : "cannot be checked");
    first = false;
  }
}

void fs_heading(struct report *r, int n, const char *title, const enum fs_verdict *v, size_t nv) {
  struct ps_buf sum = {0};
  enum fs_verdict worst = FS_AGREES;
  if (nv)
    summary(r, v, nv, &sum, &worst);
  char num[16];
  snprintf(num, sizeof num, "%d. ", n);
  if (r->html) {
    fs_put(r, "<section><h2>");
    fs_text(r, num);
    fs_text(r, title);
    if (nv) {
      fs_put(r, " <span class=\"");
      fs_put(r, verdict_class(worst));
      fs_put(r, "\">");
      fs_text(r, sum.s ? sum.s : "");
      fs_put(r, "</span>");
    }
    fs_put(r, "</h2>\n");
  } else {
    fs_put(r, "## ");
    fs_text(r, num);
    fs_text(r, title);
    if (nv) {
      fs_put(r, r->zh ? "（" : " (");
      fs_text(r, sum.s ? sum.s : "");
      fs_put(r, r->zh ? "）" : ")");
    }
    fs_put(r, "\n\n");
  }
  ps_buf_release(&sum);
}

void fs_end_section(struct report *r) {
  if (r->html)
    fs_put(r, "</section>\n");
}

void fs_para(struct report *r) {
  fs_put(r, r->html ? "<p>" : "");
}

void fs_para_end(struct report *r) {
  fs_put(r, r->html ? "</p>\n" : "\n\n");
}

void fs_claim(struct report *r, const char *claim) {
  fs_put(r, r->html ? "<blockquote>" : "> ");
  fs_text(r, L(r, "The article: ", "文章称："));
  fs_text(r, claim);
  fs_put(r, r->html ? "</blockquote>\n" : "\n\n");
}

void fs_parts(struct report *r) {
  fs_put(r, r->html ? "<ul class=\"parts\">\n" : "");
}

void fs_part(struct report *r, const char *name, enum fs_verdict v) {
  if (r->html) {
    fs_put(r, "<li><b>");
    fs_text(r, name);
    fs_put(r, "</b>");
    fs_text(r, L(r, ": ", "："));
    fs_put(r, "<span class=\"");
    fs_put(r, verdict_class(v));
    fs_put(r, "\">");
    fs_text(r, fs_verdict_name(r, v));
    fs_put(r, "</span>");
  } else {
    fs_put(r, "- **");
    fs_text(r, name);
    fs_put(r, "**");
    fs_text(r, L(r, ": *", "：*"));
    fs_text(r, fs_verdict_name(r, v));
    fs_put(r, "*");
  }
  fs_text(r, L(r, ". ", "。"));
}

void fs_part_end(struct report *r) {
  fs_put(r, r->html ? "</li>\n" : "\n");
}

void fs_parts_end(struct report *r) {
  fs_put(r, r->html ? "</ul>\n" : "\n");
}

void fs_table(struct report *r, const char *const *headers, size_t ncols) {
  fs_put(r, r->html ? "<table><tr>" : "|");
  for (size_t k = 0; k < ncols; k++) {
    fs_put(r, r->html ? "<th>" : " ");
    fs_text(r, headers[k]);
    fs_put(r, r->html ? "</th>" : " |");
  }
  fs_put(r, r->html ? "</tr>\n" : "\n|");
  if (!r->html) {
    for (size_t k = 0; k < ncols; k++)
      fs_put(r, "---|");
    fs_put(r, "\n");
  }
}

void fs_row(struct report *r, const char *const *cells, size_t ncols) {
  fs_put(r, r->html ? "<tr>" : "|");
  for (size_t k = 0; k < ncols; k++) {
    fs_put(r, r->html ? "<td>" : " ");
    fs_text(r, cells[k] ? cells[k] : "");
    fs_put(r, r->html ? "</td>" : " |");
  }
  fs_put(r, r->html ? "</tr>\n" : "\n");
}

void fs_table_end(struct report *r) {
  fs_put(r, r->html ? "</table>\n" : "\n");
}

void fs_id(char out[16], const struct fs_session *s) {
  snprintf(out, 16, "%d-%d", s->term, s->number);
}

void fs_when(const struct report *r, const struct fs_session *s, char *out, size_t len) {
  if (*s->date)
    snprintf(out, len, "%s", s->date);
  else if (*s->from && *s->to && r->zh)
    snprintf(out, len, "%s至%s之间", s->from, s->to);
  else if (*s->from && *s->to)
    snprintf(out, len, "between %s and %s", s->from, s->to);
  else
    snprintf(out, len, "%s", L(r, "not known", "不详"));
}

int fs_ids(const struct report *r, struct ps_buf *b, const struct fs_session *const *v, size_t n) {
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    char id[16];
    fs_id(id, v[i]);
    rc |= ps_buf_printf(b, "%s%s", i ? L(r, ", ", "、") : "", id);
  }
  return rc;
}

int fs_tag_labels(const struct report *r, struct ps_buf *b, uint64_t mask) {
  const struct ps_refdata *ref = &r->p->ref;
  int rc = 0;
  bool first = true;
  for (size_t i = 0; i < ref->n_tags && i < 64; i++) {
    if (!(mask >> i & 1))
      continue;
    /* English labels hold commas ("Culture, media and ideological work"): a list of them
       is joined with semicolons */
    rc |= ps_buf_printf(b, "%s%s", first ? "" : L(r, "; ", "、"),
                        psst_label(r->p, "tech", ref->tags[i].code, r->lang));
    first = false;
  }
  if (first)
    rc |= ps_buf_puts(b, L(r, "none", "无"));
  return rc;
}

/* A session's subject in the report's language, else in the other one. */
static const char *subject(const struct report *r, const struct psst_session *s) {
  const char *mine = r->zh ? s->title_zh : s->title_en, *other = r->zh ? s->title_en : s->title_zh;
  if (mine && *mine)
    return mine;
  if (other && *other)
    return other;
  return L(r, "(subject not known)", "（题目不详）");
}

/* Its sources: "CCTV (Broadcast text, 2019-10-25)", a link in HTML, the address after it
   in Markdown; for an undated session, what its curated window rests on. */
static void sources(struct report *r, const char *id, const struct psst_session *s) {
  if (s->n_sources) {
    fs_put(r, r->html ? "<p class=\"src\">" : "");
    fs_text(r, id);
    fs_text(r, L(r, ": ", "："));
    for (size_t i = 0; i < s->n_sources; i++) {
      const struct psst_source *src = &s->sources[i];
      fs_text(r, i ? L(r, ", ", "；") : "");
      if (r->html) {
        fs_put(r, "<a href=\"");
        fs_text(r, src->url);
        fs_put(r, "\">");
      }
      fs_text(r, src->publisher);
      fs_text(r, L(r, " (", "（"));
      fs_text(r, psst_label(r->p, "source_kind", src->kind, r->lang));
      if (src->published) {
        fs_text(r, L(r, ", ", "，"));
        fs_text(r, src->published);
      }
      fs_text(r, L(r, ")", "）"));
      if (r->html) {
        fs_put(r, "</a>");
      } else {
        fs_put(r, " <");
        fs_put(r, src->url);
        fs_put(r, ">");
      }
    }
    fs_put(r, r->html ? "</p>\n" : "  \n");
  }
  const struct psst_date_window *w = s->date_window;
  if (w) {
    fs_put(r, r->html ? "<p class=\"src\">" : "");
    fs_textf(r, L(r, "%s, the window %s to %s: ", "%s，时间窗 %s 至 %s："), id, w->from, w->to);
    fs_text(r, w->basis ? w->basis : "");
    for (size_t i = 0; i < w->n_sources; i++) {
      fs_put(r, i ? ", " : " ");
      if (r->html) {
        fs_put(r, "<a href=\"");
        fs_text(r, w->sources[i]);
        fs_put(r, "\">");
        fs_text(r, w->sources[i]);
        fs_put(r, "</a>");
      } else {
        fs_put(r, "<");
        fs_put(r, w->sources[i]);
        fs_put(r, ">");
      }
    }
    fs_put(r, r->html ? "</p>\n" : "  \n");
  }
}

int fs_evidence(struct report *r, const struct fs_session *const *v, size_t n) {
  if (!n)
    return PSST_OK;
  const char *head[] = {L(r, "Session", "场次"), L(r, "Date", "日期"),
                        L(r, "Subject", "题目"), L(r, "Format", "形式"),
                        L(r, "Topic", "主题"),   L(r, "Technologies", "技术")};
  struct psst_session *full = calloc(n, sizeof *full);
  if (!full)
    return ps_err(r->err, PSST_ENOMEM, "out of memory");
  int rc = PSST_OK;
  fs_table(r, head, 6);
  for (size_t i = 0; i < n && !rc; i++) {
    char id[16], when[64];
    fs_id(id, v[i]);
    fs_when(r, v[i], when, sizeof when);
    if (v[i]->missing) {
      const char *row[] = {id, when, L(r, "(not in the record)", "（记录中没有）"), "", "", ""};
      fs_row(r, row, 6);
      continue;
    }
    rc = psst_show(r->p, v[i]->term, v[i]->number, &full[i], NULL, r->err);
    if (rc)
      break;
    const struct psst_session *s = &full[i];
    struct ps_buf topic = {0}, tech = {0};
    const char *unknown = L(r, "not known", "不详");
    if (s->topic) {
      r->nomem |= ps_buf_puts(&topic, psst_label(r->p, "topic", s->topic, r->lang));
      for (size_t k = 0; k < s->n_topics; k++)
        r->nomem |= ps_buf_printf(&topic, "%s%s", k ? L(r, "; ", "、") : L(r, " (also ", "（兼"),
                                  psst_label(r->p, "topic", s->topics[k], r->lang));
      r->nomem |= ps_buf_puts(&topic, s->n_topics ? L(r, ")", "）") : "");
    }
    for (size_t k = 0; k < s->n_tech; k++)
      r->nomem |= ps_buf_printf(&tech, "%s%s", k ? L(r, "; ", "、") : "",
                                psst_label(r->p, "tech", s->tech[k], r->lang));
    const char *row[] = {id,
                         when,
                         subject(r, s),
                         s->format ? psst_label(r->p, "format", s->format, r->lang) : unknown,
                         topic.s ? topic.s : unknown,
                         tech.s ? tech.s : (s->topic ? L(r, "none", "无") : unknown)};
    fs_row(r, row, 6);
    ps_buf_release(&topic), ps_buf_release(&tech);
  }
  fs_table_end(r);
  for (size_t i = 0; i < n && !rc; i++) {
    char id[16];
    fs_id(id, v[i]);
    if (!v[i]->missing)
      sources(r, id, &full[i]);
  }
  if (!rc && !r->html)
    fs_put(r, "\n");
  for (size_t i = 0; i < n; i++)
    psst_session_release(&full[i]);
  free(full);
  return rc;
}
