/*
 * width.h: how many terminal columns UTF-8 text takes, so that tables line up
 * when cells mix Chinese (two columns a character) and Latin text (one column).
 * The widths are those of utf8proc, which follow Unicode's East Asian Width.
 */
#ifndef PS_CLI_WIDTH_H
#define PS_CLI_WIDTH_H

#include <stddef.h>

/*
 * Display width of the NUL-terminated string s: wide and full-width characters
 * count 2, combining marks and control characters 0, every byte that is not part
 * of valid UTF-8 counts 1 (terminals show each as one replacement character).
 */
size_t ps_cli_width(const char *s);

/*
 * The byte length of the longest prefix of s whose display width is at most
 * max_width, never ending inside a code point. Zero-width characters that follow
 * the last character that fits are kept with it (a combining accent stays with
 * its letter). *width_out (optional) receives the prefix's width.
 */
size_t ps_cli_fit(const char *s, size_t max_width, size_t *width_out);

/* Display width of the first n bytes of s (n at a code point's boundary). */
size_t ps_cli_width_n(const char *s, size_t n);

#endif
