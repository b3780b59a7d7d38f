/*
 * scan_walk.c: the paths given to psst scan into files, and each file into the
 * splitter: folders recursively (names starting with a dot are left out, like .git),
 * gzip-compressed files through zlib (which reads an uncompressed file as it is), the
 * format from the name or, when the name says nothing, from the first bytes. A file
 * that is not UTF-8 is tried as GB18030 (which holds GBK and GB2312), converted with
 * iconv when it is small enough to convert whole. Whatever cannot be read is a skip
 * with its reason, and the walk goes on.
 */
#define _GNU_SOURCE
#include "scan_int.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

enum { GBK_MAX = 16 << 20, MAX_DEPTH = 64 };

int ps_scan_skip(struct psst_scan_result *r, const char *path, const char *fmt, ...) {
  struct psst_scan_skip *v = realloc(r->skipped, (r->n_skipped + 1) * sizeof *v);
  if (!v)
    return PSST_ENOMEM;
  r->skipped = v;
  struct ps_buf b = {0};
  va_list ap;
  va_start(ap, fmt);
  int rc = ps_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  char *p = ps_strdup(path);
  if (rc || !p) {
    free(p);
    ps_buf_release(&b);
    return PSST_ENOMEM;
  }
  v[r->n_skipped].path = p;
  v[r->n_skipped].reason = ps_buf_detach(&b);
  r->n_skipped++;
  return PSST_OK;
}

/* ---- formats ---- */

static bool ends_with(const char *s, size_t n, const char *suf) {
  size_t k = strlen(suf);
  return n >= k && !strncasecmp(s + n - k, suf, k);
}

/* The format from the name (without .gz); -1 when the name does not say. */
static int format_of_name(const char *path) {
  size_t n = strlen(path);
  if (ends_with(path, n, ".gz"))
    n -= 3;
  if (ends_with(path, n, ".md") || ends_with(path, n, ".markdown"))
    return PS_FMT_MD;
  if (ends_with(path, n, ".txt") || ends_with(path, n, ".text"))
    return PS_FMT_TEXT;
  if (ends_with(path, n, ".html") || ends_with(path, n, ".htm") || ends_with(path, n, ".shtml") ||
      ends_with(path, n, ".xhtml"))
    return PS_FMT_HTML;
  if (ends_with(path, n, ".jsonl") || ends_with(path, n, ".ndjson"))
    return PS_FMT_JSONL;
  if (ends_with(path, n, ".json"))
    return PS_FMT_JSON;
  return -1;
}

static enum ps_fmt format_of_bytes(const char *s, size_t n) {
  size_t i = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
    i++;
  if (i + 3 <= n && !memcmp(s + i, "\xEF\xBB\xBF", 3))
    i += 3;
  if (i < n && s[i] == '<')
    return PS_FMT_HTML;
  if (i < n && (s[i] == '{' || s[i] == '[')) {
    /* one object a line is JSON Lines */
    const char *nl = memchr(s + i, '\n', n - i);
    return s[i] == '{' && nl && (size_t)(nl - s) + 1 < n && s[nl - s + 1] == '{' ? PS_FMT_JSONL
                                                                                 : PS_FMT_JSON;
  }
  return PS_FMT_TEXT;
}

/* The publication date a file's name gives (xwlb/20221024.md), "" when none. */
static void date_of_name(const char *path, char out[11]) {
  out[0] = '\0';
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t n = strlen(base);
  /* a date is a word of its own in the name (20221024.md, xwlb-2022-10-24.json), not
   * digits inside an identifier (VIDEx20221024y.shtml) */
  for (size_t i = 0; i + 8 <= n; i++) {
    if (i > 0 && isalnum((unsigned char)base[i - 1]))
      continue;
    size_t k = i;
    while (k < n && (isdigit((unsigned char)base[k]) || base[k] == '-'))
      k++;
    if ((k == n || !isalnum((unsigned char)base[k])) && ps_date_at(base + i, k - i, out) &&
        strcmp(out, "1949-10-01") >= 0 && strcmp(out, "2100-01-01") < 0)
      return;
  }
  out[0] = '\0';
}

/* ---- readers ---- */

static long gz_read(void *h, char *buf, size_t n) {
  if (n > (1u << 30))
    n = 1u << 30;
  int got = gzread((gzFile)h, buf, (unsigned)n);
  return got < 0 ? -1 : got;
}

struct mem_reader {
  const char *s;
  size_t len, pos;
};

static long mem_read(void *h, char *buf, size_t n) {
  struct mem_reader *m = h;
  size_t k = m->len - m->pos < n ? m->len - m->pos : n;
  memcpy(buf, m->s + m->pos, k);
  m->pos += k;
  return (long)k;
}

/* The whole of a not-UTF-8 file as UTF-8, from GB18030; PSST_EINVAL when it is not that. */
static int from_gb18030(const struct ps_reader *rd, gzFile gz, int fd, struct ps_buf *out,
                        struct psst_error *err) {
  struct ps_buf raw = {0};
  char tmp[65536];
  long got;
  if (gz ? gzrewind(gz) != 0 : lseek(fd, 0, SEEK_SET) != 0)
    return ps_err(err, PSST_EIO, "cannot read it again: %s", strerror(errno));
  while ((got = rd->read(rd->h, tmp, sizeof tmp)) > 0) {
    if (raw.len + (size_t)got > GBK_MAX) {
      ps_buf_release(&raw);
      return ps_err(err, PSST_EINVAL,
                    "not UTF-8, and larger than %d MiB to convert: convert it with iconv first",
                    GBK_MAX >> 20);
    }
    if (ps_buf_add(&raw, tmp, (size_t)got)) {
      ps_buf_release(&raw);
      return ps_err(err, PSST_ENOMEM, "out of memory");
    }
  }
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == (iconv_t)-1) {
    ps_buf_release(&raw);
    return ps_err(err, PSST_EINVAL, "not UTF-8, and iconv cannot convert from GB18030 here");
  }
  int rc = PSST_OK;
  char *in = raw.s;
  size_t left = raw.len;
  while (left && rc == PSST_OK) {
    char obuf[65536], *o = obuf;
    size_t room = sizeof obuf;
    size_t r = iconv(cd, &in, &left, &o, &room);
    if (ps_buf_add(out, obuf, (size_t)(o - obuf)))
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
    else if (r == (size_t)-1 && errno != E2BIG)
      rc = ps_err(err, PSST_EINVAL, "not UTF-8 (invalid byte near offset %zu), nor GB18030/GBK",
                  (size_t)(in - raw.s));
  }
  iconv_close(cd);
  ps_buf_release(&raw);
  return rc;
}

/* ---- one file ---- */

static long fd_read(void *h, char *buf, size_t n) {
  int fd = *(int *)h;
  for (;;) {
    ssize_t got = read(fd, buf, n > (1u << 30) ? 1u << 30 : n);
    if (got >= 0 || errno != EINTR)
      return (long)got;
  }
}

static int scan_file(struct ps_walk *w, const char *path, struct psst_error *err) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return ps_scan_skip(w->res, path, "cannot open: %s", strerror(errno));
  /* the first bytes, read in place: gzip's magic, and the format when the name is silent */
  char peek[512];
  int named = format_of_name(path);
  size_t plen = strlen(path);
  /* a name that gives the format and is not .gz needs no peek: one read less a file */
  ssize_t np = named >= 0 && !ends_with(path, plen, ".gz") ? 0 : pread(fd, peek, sizeof peek, 0);
  if (np < 0) {
    close(fd);
    return ps_scan_skip(w->res, path, "cannot read: %s", strerror(errno));
  }
  gzFile gz = NULL;
  if (np >= 2 && (unsigned char)peek[0] == 0x1f && (unsigned char)peek[1] == 0x8b) {
    /* a plain file is read with read(2): zlib would copy every byte once more */
    if (!(gz = gzdopen(fd, "rb"))) {
      close(fd);
      return ps_scan_skip(w->res, path, "cannot read: out of memory");
    }
    gzbuffer(gz, 1 << 17);
    np = gzread(gz, peek, sizeof peek);
    if (np < 0) {
      gzclose(gz);
      return ps_scan_skip(w->res, path, "cannot read: not a valid gzip file");
    }
    gzrewind(gz);
  }
  struct ps_split_opts o = {.fmt = named >= 0 ? (enum ps_fmt)named
                                              : format_of_bytes(peek, (size_t)np)};
  char date[11];
  date_of_name(path, date);
  o.file_date = date;
  struct ps_reader rd = gz ? (struct ps_reader){gz_read, gz} : (struct ps_reader){fd_read, &fd};
  struct ps_split_stats st = {0};
  struct psst_error e = {0};
  w->file = path;
  w->res->files++;
  int rc = ps_split(&o, &rd, w->fn, w->ctx, &st, &e);
  if (rc == PSST_EINVAL && st.not_utf8) {
    struct ps_buf utf8 = {0};
    unsigned long long before = st.bytes;
    rc = from_gb18030(&rd, gz, fd, &utf8, &e);
    if (rc == PSST_OK) {
      struct mem_reader m = {utf8.s, utf8.len, 0};
      struct ps_reader mr = {mem_read, &m};
      memset(&st, 0, sizeof st);
      rc = ps_split(&o, &mr, w->fn, w->ctx, &st, &e);
      st.bytes = before > st.bytes ? before : st.bytes;
    }
    ps_buf_release(&utf8);
  }
  if (gz) {
    /* a damaged or cut gzip stream reads as a short file: say so */
    int zerr = Z_OK;
    const char *zmsg = gzerror(gz, &zerr);
    const char *colon = !strncmp(zmsg, "<fd:", 4) ? strstr(zmsg, ": ") : NULL;
    if (colon) /* zlib names the stream by its descriptor; the path is said already */
      zmsg = colon + 2;
    if (rc == PSST_OK && zerr != Z_OK && zerr != Z_STREAM_END)
      rc = ps_err(&e, PSST_EIO, "damaged or truncated gzip data (%s)", zmsg);
    gzclose(gz);
  } else {
    close(fd);
  }
  ps_scan_span(w->res, st.date[0] ? st.date : date);
  w->res->bytes += st.bytes;
  w->res->items += st.items;
  if (rc == PSST_EINVAL || rc == PSST_EIO)
    return ps_scan_skip(w->res, path, "%s", e.msg);
  if (rc && err)
    *err = e;
  return rc;
}

/* ---- folders ---- */

static int cmp_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

static int walk(struct ps_walk *w, const char *path, size_t depth, unsigned char type,
                struct psst_error *err);

static int scan_dir(struct ps_walk *w, const char *path, const struct stat *sb, size_t depth,
                    struct psst_error *err) {
  /* a folder among its own ancestors is a loop; one seen before elsewhere is read once */
  for (size_t i = 0; i < w->n_dirs; i++)
    if (w->dirs[i].dev == (unsigned long long)sb->st_dev &&
        w->dirs[i].ino == (unsigned long long)sb->st_ino)
      return i < depth
                 ? ps_scan_skip(w->res, path, "symbolic-link loop: the folder contains itself")
                 : PSST_OK;
  if (depth >= MAX_DEPTH)
    return ps_scan_skip(w->res, path, "folders nested deeper than %d", MAX_DEPTH);
  DIR *d = opendir(path);
  if (!d)
    return ps_scan_skip(w->res, path, "cannot read the folder: %s", strerror(errno));
  if (w->n_dirs == w->cap_dirs) {
    size_t cap = w->cap_dirs ? 2 * w->cap_dirs : 64;
    struct ps_dir_id *v = realloc(w->dirs, cap * sizeof *v);
    if (!v) {
      closedir(d);
      return ps_err(err, PSST_ENOMEM, "out of memory");
    }
    w->dirs = v, w->cap_dirs = cap;
  }
  /* the ancestors are the first `depth` entries: keep this folder's place for its
   * children, and its identity after them for "seen before" */
  struct ps_dir_id me = {(unsigned long long)sb->st_dev, (unsigned long long)sb->st_ino};
  char **names = NULL; /* each name is prefixed by its d_type byte, for the sort to skip */
  size_t n = 0, cap = 0;
  int rc = PSST_OK;
  struct dirent *de;
  errno = 0;
  while ((de = readdir(d))) {
    if (de->d_name[0] == '.')
      continue;
    if (n == cap) {
      char **v = realloc(names, (cap = cap ? 2 * cap : 256) * sizeof *v);
      if (!v) {
        rc = ps_err(err, PSST_ENOMEM, "out of memory");
        break;
      }
      names = v;
    }
    size_t nl = strlen(de->d_name);
    if (!(names[n] = malloc(nl + 2))) {
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
      break;
    }
    /* DT_UNKNOWN is 0: keep a byte that is never NUL in front */
    names[n][0] = (char)(de->d_type + 1);
    memcpy(names[n] + 1, de->d_name, nl + 1);
    n++;
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof *names, cmp_name);
  /* insert me at position depth (the ancestor chain), moving later entries up */
  memmove(w->dirs + depth + 1, w->dirs + depth, (w->n_dirs - depth) * sizeof *w->dirs);
  w->dirs[depth] = me;
  w->n_dirs++;
  for (size_t i = 0; i < n && rc == PSST_OK; i++) {
    struct ps_buf p = {0};
    if (ps_buf_printf(&p, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", names[i] + 1))
      rc = ps_err(err, PSST_ENOMEM, "out of memory");
    else
      rc = walk(w, p.s, depth + 1, (unsigned char)(names[i][0] - 1), err);
    ps_buf_release(&p);
  }
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
  return rc;
}

static int walk(struct ps_walk *w, const char *path, size_t depth, unsigned char type,
                struct psst_error *err) {
  /* a regular file the folder listing names as such needs no stat */
  if (type == DT_REG)
    return scan_file(w, path, err);
  struct stat sb;
  if (stat(path, &sb) != 0) {
    struct stat lb;
    if (errno == ELOOP || (lstat(path, &lb) == 0 && S_ISLNK(lb.st_mode)))
      return ps_scan_skip(w->res, path, "symbolic link that leads nowhere or loops: %s",
                          strerror(errno));
    return ps_scan_skip(w->res, path, "%s", strerror(errno));
  }
  if (S_ISDIR(sb.st_mode))
    return scan_dir(w, path, &sb, depth, err);
  if (!S_ISREG(sb.st_mode))
    return ps_scan_skip(w->res, path, "not a regular file");
  return scan_file(w, path, err);
}

int ps_walk_paths(struct ps_walk *w, const char *const *paths, size_t n, struct psst_error *err) {
  for (size_t i = 0; i < n; i++) {
    int rc = walk(w, paths[i], 0, DT_UNKNOWN, err);
    if (rc)
      return rc;
  }
  return PSST_OK;
}

void ps_walk_release(struct ps_walk *w) {
  free(w->dirs);
  w->dirs = NULL;
  w->n_dirs = w->cap_dirs = 0;
}
