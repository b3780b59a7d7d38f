/*
 * parse_int.h: what the parsers of the data files share (source_parse.c): the context
 * of the line being read, its diagnostics, and the parsing of a record's sources.
 */
#ifndef PSST_PARSE_INT_H
#define PSST_PARSE_INT_H

#include "internal.h"

#include <jansson.h>

/* One line of a data file being parsed: where it is, and what was found wrong. */
struct ps_pctx {
  const char *file;
  size_t line;
  const struct ps_refdata *r;
  struct psst_diags *d;
  int errors;
  int nomem;
};

void ps_perror(struct ps_pctx *c, const char *field, const char *kind, const char *fmt, ...)
    PS_PRINTF(4, 5);
void ps_pwarn(struct ps_pctx *c, const char *field, const char *kind, const char *msg);
/* A copy of s; NULL (and c->nomem set) when memory ran out. */
char *ps_pdup(struct ps_pctx *c, const char *s);

/* o[key] as a string; NULL when missing (missing keys are reported apart), null (when
   nullable) or not a string (an error, and *ok false). */
const char *ps_opt_str(struct ps_pctx *c, json_t *o, const char *key, bool nullable, bool *ok);
/* o[key], an array of strings, each a known code when `codes` is given (else an error of
   kind unknown_kind); fills *out and *n (the caller frees them). */
void ps_str_array(struct ps_pctx *c, json_t *o, const char *key, char ***out, size_t *n,
                  const struct ps_code *codes, size_t ncodes, const char *unknown_kind);
/* An http(s) URL with a dotted host name and no blanks or quotes. */
bool ps_valid_url(const char *s);
/* A valid URL whose host is not a bare IP address; else an error on field. */
bool ps_check_url(struct ps_pctx *c, const char *url, const char *field);
/* item[key] as a string ("field.key" in errors), NULL when missing (an error if required),
   null (when nullable) or not a string (an error). */
const char *ps_src_str(struct ps_pctx *c, json_t *item, const char *key, const char *field,
                       bool required, bool nullable);

/*
 * A line of a JSON Lines data file as a JSON object (the caller json_decrefs it), with its
 * keys checked: each not in keys is an error, and each of keys missing (but those in
 * optional, NULL-terminated, may be NULL) is one. NULL when the line is not an object (the
 * error reported; *rc PSST_EDATA) or memory ran out (*rc PSST_ENOMEM).
 */
json_t *ps_record_open(struct ps_pctx *c, const char *text, size_t len, const char *const *keys,
                       size_t nkeys, const char *const *optional, int *rc);
/* An id of a record: 3 to 80 lower-case ASCII letters, digits and single hyphens, neither
   first nor last. */
bool ps_valid_id(const char *s);

/* The records of a data file read so far, to find repeats: each one's id and the key that
   must be unique too (a document's title and day, a phrase), either NULL when not known. */
struct ps_seen {
  char *id, *key;
  size_t line;
};
struct ps_seen_list {
  struct ps_seen *v;
  size_t n, cap;
};
/* Keeps copies of id and key (PSST_ENOMEM when memory ran out; nothing kept then). */
int ps_seen_add(struct ps_seen_list *l, const char *id, const char *key, size_t line);
/* Each repeat of an id or a key as an error of the given kind, at its later line, naming the
   first ("the same id as line 3", "the same KEY_NAME as line 3"; field "id" or key_field);
   a quadratic pass, for the few hundred records these files hold. Then frees the list. */
int ps_seen_report(struct ps_seen_list *l, struct psst_diags *diags, const char *file,
                   const char *kind, const char *key_field, const char *key_name,
                   struct psst_error *err);

/* The fields a source of a given kind of record may support, and how to name them. */
struct ps_supports {
  const char *const *names;
  size_t n;
  const char *text; /* "date, number, title_zh, ..." for the error message */
};

/* o["sources"] into *sources (n_sources of them; the caller releases them). */
void ps_parse_sources(struct ps_pctx *c, json_t *o, const struct ps_supports *sup,
                      struct psst_source **sources, size_t *n_sources);

#endif
