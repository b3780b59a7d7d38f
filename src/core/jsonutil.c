/*
 * jsonutil.c: reading whole files, and the small JSON helpers the loaders share.
 * Jansson does not keep the line of each value, so reference-file diagnostics find
 * the line of an item by its code in the raw text (the files keep one item a line).
 */
#include "internal.h"
#include "jsonutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

int ps_read_file(const char *path, char **out, size_t *len, struct psst_error *err) {
  *out = NULL;
  *len = 0;
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return ps_err(err, PSST_EIO, "%s: cannot open: %s", path, strerror(errno));
  struct ps_buf b = {0};
  char chunk[65536];
  size_t n;
  int rc = PSST_OK;
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
    if (ps_buf_add(&b, chunk, n)) {
      rc = ps_err(err, PSST_ENOMEM, "%s: out of memory", path);
      break;
    }
  }
  if (!rc && ferror(fp))
    rc = ps_err(err, PSST_EIO, "%s: read error: %s", path, strerror(errno));
  fclose(fp);
  if (rc) {
    ps_buf_release(&b);
    return rc;
  }
  *len = b.len;
  *out = ps_buf_detach(&b);
  return *out ? PSST_OK : ps_err(err, PSST_ENOMEM, "out of memory");
}

size_t ps_line_of(const char *text, const char *needle) {
  const char *hit = needle && *needle ? strstr(text, needle) : NULL;
  if (!hit)
    return 0;
  size_t line = 1;
  for (const char *c = text; c < hit; c++)
    line += *c == '\n';
  return line;
}

size_t ps_utf8_check(const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    unsigned char c = u[i];
    size_t n;
    uint32_t cp;
    if (c < 0x80) {
      i++;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07;
    } else {
      return i + 1;
    }
    if (i + n >= len)
      return i + 1;
    for (size_t k = 1; k <= n; k++) {
      if ((u[i + k] & 0xC0) != 0x80)
        return i + 1;
      cp = (cp << 6) | (u[i + k] & 0x3F);
    }
    /* overlong forms, surrogates and values past U+10FFFF are not UTF-8 */
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return i + 1;
    i += n + 1;
  }
  return 0;
}

const char *ps_json_type_name(const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT:
    return "an object";
  case JSON_ARRAY:
    return "an array";
  case JSON_STRING:
    return "a string";
  case JSON_INTEGER:
    return "an integer";
  case JSON_REAL:
    return "a number";
  case JSON_TRUE:
  case JSON_FALSE:
    return "a boolean";
  case JSON_NULL:
    return "null";
  }
  return "a value";
}

int ps_write_file_atomic(const char *path, const void *data, size_t len, struct psst_error *err) {
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0)
    return ps_err(err, PSST_EIO, "%s: cannot write: %s", path, strerror(errno));
  const char *p = data;
  size_t left = len;
  while (left) {
    ssize_t n = write(fd, p, left);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    p += n;
    left -= (size_t)n;
  }
  /* the data reaches the disk before the name points at it */
  int failed = left || fsync(fd);
  int saved = errno;
  if (close(fd))
    failed = 1, saved = errno;
  if (failed || rename(tmp, path)) {
    if (!failed)
      saved = errno;
    unlink(tmp);
    return ps_err(err, PSST_EIO, "%s: cannot write: %s", path, strerror(saved));
  }
  /* the rename itself reaches the disk with the directory: without this a crash
   * right after could bring back the old name */
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash)
    *(slash == dir ? slash + 1 : slash) = '\0';
  int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    (void)fsync(dfd); /* some file systems refuse fsync on a directory; the data is safe */
    close(dfd);
  }
  return PSST_OK;
}

int psst_write_file(const char *path, const void *data, size_t len, struct psst_error *err) {
  return ps_write_file_atomic(path, data, len, err);
}
