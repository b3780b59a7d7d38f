/*
 * document.c: one line of documents.jsonl, the documents the leadership issued on the
 * subjects of its study sessions, parsed into struct psst_document and checked field by
 * field, and the whole file checked across its lines (ids and titles not repeated).
 *
 * A document is curated like a session: every value rests on a source that supports it,
 * and the first source is an official text (the broadcast or readout that announced it,
 * or the document's own page). A value no official text states stays null.
 */
#include "internal.h"
#include "jsonutil.h"
#include "parse_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const keys[] = {"id",     "title_zh", "title_en",  "issuers",
                                   "kind",   "issued",   "announced", "number",
                                   "topics", "tech",     "sources",   "notes"};
enum { NKEYS = sizeof keys / sizeof *keys };

static const char *const kinds[] = {"law",      "central",    "state-council",
                                    "ministry", "provincial", "other"};

static const char *const support_names[] = {"title_zh",  "issuers", "issued",
                                            "announced", "number",  "kind"};
static const struct ps_supports supports = {support_names,
                                            sizeof support_names / sizeof *support_names,
                                            "title_zh, issuers, issued, announced, number, kind"};

/* id: lower-case ASCII letters, digits and single hyphens, as in a file name or a URL */
/* o[key] as a string (nullable: or null); errors name the key */
static const char *str(struct ps_pctx *c, json_t *o, const char *key, bool nullable) {
  bool ok;
  return ps_opt_str(c, o, key, nullable, &ok);
}

static char *date_field(struct ps_pctx *c, json_t *o, const char *key) {
  const char *v = str(c, o, key, true);
  if (v && !ps_valid_date(v)) {
    ps_perror(c, key, "bad-date", "'%s' is not a calendar date YYYY-MM-DD", v);
    return NULL;
  }
  return v ? ps_pdup(c, v) : NULL;
}

static void parse_issuers(struct ps_pctx *c, json_t *o, struct psst_document *d) {
  json_t *v = json_object_get(o, "issuers"), *item;
  if (!v)
    return;
  if (!json_is_array(v)) {
    ps_perror(c, "issuers", "bad-type", "must be an array, not %s", ps_json_type_name(v));
    return;
  }
  size_t i;
  if (!(d->issuers = calloc(json_array_size(v) + 1, sizeof *d->issuers))) {
    c->nomem = 1;
    return;
  }
  json_array_foreach(v, i, item) {
    char field[32];
    snprintf(field, sizeof field, "issuers[%zu]", i);
    const char *zh = json_is_object(item) ? ps_src_str(c, item, "zh", field, true, false) : NULL;
    const char *en = json_is_object(item) ? ps_src_str(c, item, "en", field, false, false) : NULL;
    if (!json_is_object(item))
      ps_perror(c, field, "bad-type", "an issuer is an object {zh, en}, not %s",
                ps_json_type_name(item));
    else if (zh && !*zh)
      ps_perror(c, field, "bad-issuer", "an issuer's Chinese name is empty");
    if (!zh || !*zh)
      continue;
    struct psst_issuer *x = &d->issuers[d->n_issuers++];
    x->zh = ps_pdup(c, zh);
    x->en = ps_pdup(c, en ? en : "");
  }
  if (!d->n_issuers)
    ps_pwarn(c, "issuers", "no-issuer", "no issuer known yet");
}

int ps_document_parse(const char *text, size_t len, const char *file, size_t line,
                      const struct ps_refdata *r, struct psst_diags *diags,
                      struct psst_document *d) {
  *d = (struct psst_document){0};
  struct ps_pctx c = {.file = file, .line = line, .r = r, .d = diags};
  int rc;
  json_t *o = ps_record_open(&c, text, len, keys, NKEYS, NULL, &rc);
  if (!o)
    return rc;

  const char *id = str(&c, o, "id", false);
  if (id && !ps_valid_id(id))
    ps_perror(&c, "id", "bad-id",
              "'%s' is not an id: 3 to 80 lower-case ASCII letters, digits and single hyphens", id);
  else if (id)
    d->id = ps_pdup(&c, id);
  const char *title_zh = str(&c, o, "title_zh", false), *title_en = str(&c, o, "title_en", false);
  if (title_zh && (!*title_zh || strstr(title_zh, "《")))
    ps_perror(&c, "title_zh", "bad-title",
              *title_zh ? "give the title without 《》" : "the title as issued is required");
  d->title_zh = ps_pdup(&c, title_zh ? title_zh : "");
  d->title_en = ps_pdup(&c, title_en ? title_en : "");
  if (title_en && !*title_en)
    ps_pwarn(&c, "title_en", "no-title-en", "no English title yet");
  parse_issuers(&c, o, d);
  const char *kind = str(&c, o, "kind", false);
  bool kind_ok = false;
  for (size_t k = 0; kind && k < sizeof kinds / sizeof *kinds; k++)
    kind_ok |= !strcmp(kind, kinds[k]);
  if (kind && !kind_ok)
    ps_perror(&c, "kind", "bad-kind",
              "'%s' is not law, central, state-council, ministry, provincial or other", kind);
  else if (kind)
    d->kind = ps_pdup(&c, kind);
  d->issued = date_field(&c, o, "issued");
  d->announced = date_field(&c, o, "announced");
  if (json_object_get(o, "announced") && json_is_null(json_object_get(o, "announced")) &&
      !d->issued)
    ps_perror(&c, "announced", "no-date", "a document needs the day it was issued or announced");
  if (d->issued && d->announced && strcmp(d->issued, d->announced) > 0)
    ps_perror(&c, "issued", "bad-date", "issued on %s, after it was announced on %s", d->issued,
              d->announced);
  const char *number = str(&c, o, "number", true);
  if (number && !*number)
    ps_perror(&c, "number", "bad-number", "an unknown number is null, not \"\"");
  else if (number)
    d->number = ps_pdup(&c, number);
  ps_str_array(&c, o, "topics", &d->topics, &d->n_topics, r->topics, r->n_topics, "unknown-topic");
  ps_str_array(&c, o, "tech", &d->tech, &d->n_tech, r->tags, r->n_tags, "unknown-tag");
  if (!d->n_topics && !d->n_tech && json_object_get(o, "topics"))
    ps_perror(&c, "topics", "no-subject", "a document needs a topic or a technology tag");
  ps_parse_sources(&c, o, &supports, &d->sources, &d->n_sources);
  if (json_object_get(o, "sources") && !d->n_sources)
    ps_perror(&c, "sources", "no-sources", "a document needs a source, an official text first");
  else if (d->n_sources && d->sources[0].kind) {
    const struct ps_code *k = ps_code_find(r->source_kinds, r->n_source_kinds, d->sources[0].kind);
    if (k && !k->official)
      ps_perror(&c, "sources[0]", "first-source-not-official",
                "the first source is a %s: an official text comes first (see codebook.json's "
                "source_kinds)",
                d->sources[0].kind);
  }
  const char *notes = str(&c, o, "notes", false);
  d->notes = ps_pdup(&c, notes ? notes : "");
  json_decref(o);
  if (c.nomem)
    return PSST_ENOMEM;
  return c.errors ? PSST_EDATA : PSST_OK;
}

void psst_document_release(struct psst_document *d) {
  if (!d)
    return;
  for (size_t i = 0; i < d->n_issuers; i++)
    free(d->issuers[i].zh), free(d->issuers[i].en);
  for (size_t i = 0; i < d->n_topics; i++)
    free(d->topics[i]);
  for (size_t i = 0; i < d->n_tech; i++)
    free(d->tech[i]);
  for (size_t i = 0; i < d->n_sources; i++)
    ps_source_release(&d->sources[i]);
  free(d->issuers), free(d->topics), free(d->tech), free(d->sources);
  free(d->id), free(d->title_zh), free(d->title_en), free(d->kind), free(d->issued);
  free(d->announced), free(d->number), free(d->notes);
  *d = (struct psst_document){0};
}

int ps_documents_check(const char *path, const char *display_name, const struct ps_refdata *r,
                       struct psst_diags *diags, size_t *n_documents, ps_document_fn fn, void *ctx,
                       struct psst_error *err) {
  *n_documents = 0;
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return ps_err(err, PSST_EIO, "%s: %s", display_name, strerror(errno));
  char *text = NULL;
  size_t cap = 0, line = 0;
  struct ps_seen_list seen = {0};
  ssize_t len;
  int rc = PSST_OK;
  while (!rc && (len = getline(&text, &cap, fp)) >= 0) {
    line++;
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
      text[--len] = '\0';
    if (!len)
      continue;
    struct psst_document d;
    int prc = ps_document_parse(text, (size_t)len, display_name, line, r, diags, &d);
    if (prc == PSST_ENOMEM) {
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
    } else if (d.id) {
      struct ps_buf k = {0};
      /* the key of a repeat: the same title on the same day */
      if ((d.title_zh && ps_buf_printf(&k, "%s|%s", d.title_zh,
                                       d.issued      ? d.issued
                                       : d.announced ? d.announced
                                                     : "")) ||
          ps_seen_add(&seen, d.id, d.title_zh ? k.s : NULL, line))
        rc = ps_err(err, PSST_ENOMEM, "out of memory");
      ps_buf_release(&k);
      (*n_documents)++;
    }
    if (!rc && !prc && fn)
      rc = fn(ctx, &d, line);
    psst_document_release(&d);
  }
  if (!rc && ferror(fp))
    rc = ps_err(err, PSST_EIO, "%s: %s", display_name, strerror(errno));
  fclose(fp);
  free(text);
  /* repeats: each at its later line, naming the first */
  int rrc = ps_seen_report(&seen, diags, display_name, "duplicate-document", "title_zh",
                           "title and day", err);
  return rc ? rc : rrc;
}

/* The kinds' names, as the pages and the findings show them (docs/data-format.md). */
const char *psst_document_kind_label(const char *kind, enum psst_lang lang) {
  static const char *const labels[][2] = {{"Law", "法律"},
                                          {"CPC Central Committee", "党中央文件"},
                                          {"State Council", "国务院文件"},
                                          {"Ministry", "部委文件"},
                                          {"Provincial", "省级文件"},
                                          {"Other", "其他"}};
  for (size_t i = 0; kind && i < sizeof kinds / sizeof *kinds; i++)
    if (!strcmp(kinds[i], kind))
      return labels[i][lang == PSST_LANG_ZH];
  return kind;
}
