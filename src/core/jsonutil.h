/* jsonutil.h: file reading and JSON helpers shared by the loaders. */
#ifndef PSST_JSONUTIL_H
#define PSST_JSONUTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct psst_error;

/* Reads a whole file; *out is NUL-terminated and owned by the caller. */
int ps_read_file(const char *path, char **out, size_t *len, struct psst_error *err);
/* 1-based line of the first occurrence of needle in text, 0 when absent. */
size_t ps_line_of(const char *text, const char *needle);
/* 0 when s[0..len) is valid UTF-8, else the 1-based byte column of the first bad byte. */
size_t ps_utf8_check(const char *s, size_t len);
/* Before a json_loadb whose failure ps_json_nomem then tells apart: whether it failed for
   want of memory (in this thread) rather than for the text. */
void ps_json_watch(void);
/* json_loadb watched as ps_json_watch says, and safe when an allocation fails (Jansson's
   lexer overruns its buffers after one: jsonutil.c); ps_json_nomem then tells why. */
json_t *ps_json_parse(const char *text, size_t len, size_t flags, json_error_t *je);
/* After ps_json_watch or ps_json_parse: the parse failed for want of memory. */
bool ps_json_nomem(const json_error_t *je);
/* Jansson's message for text that did not parse, in the data files' terms: a byte-order
   mark or a NUL byte named as such rather than as Jansson's flags. */
const char *ps_json_error_text(const json_error_t *je, const char *text, size_t len);
/* "a string", "an integer", ... for messages. */
const char *ps_json_type_name(const json_t *v);

#endif
