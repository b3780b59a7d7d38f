/*
 * width.c: display width of UTF-8 text for the CLI's tables. Byte counts and
 * code point counts both misalign columns holding Chinese, so every padding and
 * truncation decision in output.c goes through these two functions.
 */
#include "width.h"

#include <string.h>
#include <utf8proc.h>

/*
 * Decodes the code point at s (len bytes left) and returns its byte length and
 * width. An invalid byte is consumed alone with width 1, so that bad input still
 * advances and still occupies the column a terminal gives its replacement glyph.
 */
static size_t next_char(const char *s, size_t len, size_t *width) {
  utf8proc_int32_t cp;
  utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp);
  if (n <= 0) {
    *width = 1;
    return 1;
  }
  /* utf8proc gives control characters 0 already; the category test keeps that
   * true whatever its version says about C0/C1 codes. */
  if (utf8proc_category(cp) == UTF8PROC_CATEGORY_CC)
    *width = 0;
  else
    *width = (size_t)utf8proc_charwidth(cp);
  return (size_t)n;
}

size_t ps_cli_width(const char *s) {
  return ps_cli_width_n(s, strlen(s));
}

size_t ps_cli_width_n(const char *s, size_t len) {
  size_t total = 0;
  for (size_t i = 0; i < len;) {
    size_t w;
    i += next_char(s + i, len - i, &w);
    total += w;
  }
  return total;
}

size_t ps_cli_fit(const char *s, size_t max_width, size_t *width_out) {
  size_t len = strlen(s), total = 0, i = 0;
  while (i < len) {
    size_t w, n = next_char(s + i, len - i, &w);
    if (total + w > max_width)
      break;
    total += w;
    i += n;
  }
  if (width_out)
    *width_out = total;
  return i;
}
