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
#include <pthread.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
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

/* ---- writes that respect their target ---- */

/* A leftover of a killed writer is removed after this long even when its pid is alive
   again (pids are reused, and another pid namespace may share the folder); no write of
   psst takes a day. */
#define STALE_SECONDS (24 * 60 * 60)
#define TMP_MARK      ".psst-tmp-"

bool ps_write_is_direct(const char *path) {
  struct stat sb;
  /* the process's own descriptors (/dev/stdout, /dev/fd/1, /proc/self/fd/1) name whatever
     the descriptor is, a regular file included: replacing that name would write nowhere
     useful. /dev/shm and the like hold ordinary files. */
  if (!strncmp(path, "/dev/std", 8) || !strncmp(path, "/dev/fd/", 8) || !strncmp(path, "/proc/", 6))
    return true;
  return !stat(path, &sb) && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode);
}

/* The file a write lands in: path, its symbolic links followed (also a dangling one, whose
   target is then created), relative links against the folder of the link. */
static int real_target(const char *path, char *out, size_t len) {
  char cur[4096], link[4096];
  if ((size_t)snprintf(cur, sizeof cur, "%s", path) >= sizeof cur)
    return ENAMETOOLONG;
  for (int hops = 0; hops < 40; hops++) {
    ssize_t n = readlink(cur, link, sizeof link - 1);
    if (n < 0) {
      if (errno != EINVAL && errno != ENOENT)
        return errno;
      return (size_t)snprintf(out, len, "%s", cur) >= len ? ENAMETOOLONG : 0;
    }
    link[n] = '\0';
    char *slash = strrchr(cur, '/');
    if (link[0] == '/' || !slash) {
      memcpy(cur, link, (size_t)n + 1);
    } else {
      slash[1] = '\0';
      if (strlen(cur) + (size_t)n >= sizeof cur)
        return ENAMETOOLONG;
      strcat(cur, link);
    }
  }
  return ELOOP;
}

/* Splits a path into its folder ("." when none) and its last name. */
static void split_path(const char *path, char *dir, size_t dlen, const char **base) {
  const char *slash = strrchr(path, '/');
  *base = slash ? slash + 1 : path;
  if (!slash)
    snprintf(dir, dlen, ".");
  else if (slash == path)
    snprintf(dir, dlen, "/");
  else
    snprintf(dir, dlen, "%.*s", (int)(slash - path), path);
}

/* Whether name is a temporary file of base left by a writer that is gone: "<base>.psst-tmp-
   <pid>-<random>", or the "<base>.tmp-<pid>" of earlier versions of psst. */
static bool is_leftover(int dfd, const char *base, const char *name, time_t now) {
  size_t bl = strlen(base);
  if (strncmp(name, base, bl))
    return false;
  const char *rest = name + bl;
  if (!strncmp(rest, TMP_MARK, strlen(TMP_MARK)))
    rest += strlen(TMP_MARK);
  else if (!strncmp(rest, ".tmp-", 5))
    rest += 5;
  else
    return false;
  char *end;
  errno = 0;
  long pid = strtol(rest, &end, 10);
  if (errno || end == rest || pid <= 0 || (*end && *end != '-'))
    return false;
  if (*end == '-' && (!end[1] || end[1 + strspn(end + 1, "0123456789abcdef")]))
    return false;
  struct stat sb;
  if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) || !S_ISREG(sb.st_mode))
    return false;
  /* a live writer's file is never taken: only a dead pid's, or one older than any write */
  if (pid == (long)getpid())
    return now - sb.st_mtime > STALE_SECONDS;
  return (kill((pid_t)pid, 0) && errno == ESRCH) || now - sb.st_mtime > STALE_SECONDS;
}

void ps_tmp_sweep(const char *real_path) {
  char dir[4096];
  const char *base;
  split_path(real_path, dir, sizeof dir, &base);
  DIR *d = opendir(dir);
  if (!d)
    return;
  time_t now = time(NULL);
  struct dirent *e;
  while ((e = readdir(d)))
    if (is_leftover(dirfd(d), base, e->d_name, now))
      (void)unlinkat(dirfd(d), e->d_name, 0); /* another sweeper may have been first */
  closedir(d);
}

int ps_target_open(struct ps_target *t, const char *path, bool allow_direct,
                   struct psst_error *err) {
  memset(t, 0, sizeof *t);
  t->fd = -1;
  t->shown = path;
  if (ps_write_is_direct(path)) {
    if (!allow_direct)
      return ps_err(err, PSST_EIO, "%s: not a regular file (it is not replaced by one)", path);
    /* a pipe, a device, standard output: the data goes there; there is nothing to
       replace (O_TRUNC means nothing to a pipe or a device, and empties a file that
       /dev/stdout names, as the shell's > would) */
    t->direct = true;
    if ((t->fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)) < 0)
      return ps_err(err, PSST_EIO, "%s: cannot write: %s", path, strerror(errno));
    return PSST_OK;
  }
  int e = real_target(path, t->path, sizeof t->path);
  if (e)
    return ps_err(err, PSST_EIO, "%s: cannot write: %s", path, strerror(e));
  struct stat sb;
  if (!stat(t->path, &sb)) {
    if (S_ISDIR(sb.st_mode))
      return ps_err(err, PSST_EIO, "%s: cannot write: %s", path, strerror(EISDIR));
    t->keep = true, t->mode = sb.st_mode & 07777, t->uid = sb.st_uid, t->gid = sb.st_gid;
  }
  ps_tmp_sweep(t->path);
  for (int tries = 0; tries < 16; tries++) {
    unsigned char rnd[6];
    if (getentropy(rnd, sizeof rnd))
      return ps_err(err, PSST_EIO, "%s: no random bytes for a temporary name: %s", path,
                    strerror(errno));
    if ((size_t)snprintf(t->tmp, sizeof t->tmp, "%s" TMP_MARK "%ld-%02x%02x%02x%02x%02x%02x",
                         t->path, (long)getpid(), rnd[0], rnd[1], rnd[2], rnd[3], rnd[4],
                         rnd[5]) >= sizeof t->tmp)
      return ps_err(err, PSST_EIO, "%s: cannot write: %s", path, strerror(ENAMETOOLONG));
    /* O_EXCL: a name another writer holds is never opened, let alone truncated */
    t->fd = open(t->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (t->fd >= 0 || errno != EEXIST)
      break;
  }
  if (t->fd < 0) {
    int saved = errno;
    t->tmp[0] = '\0';
    return ps_err(err, PSST_EIO, "%s: cannot write: %s", path, strerror(saved));
  }
  /* the replacement keeps the mode and, where the writer may give it, the owner of the
     file it replaces: a private file stays private from the start. The writer may write
     it meanwhile (a read-only database is still built); the mode is exact at the commit */
  if (t->keep &&
      (fchmod(t->fd, t->mode | S_IWUSR) || (geteuid() == 0 && fchown(t->fd, t->uid, t->gid)))) {
    int saved = errno;
    ps_target_abort(t);
    return ps_err(err, PSST_EIO, "%s: cannot keep its mode and owner: %s", path, strerror(saved));
  }
  return PSST_OK;
}

int ps_target_write(struct ps_target *t, const void *data, size_t len, struct psst_error *err) {
  const char *p = data;
  while (len) {
    ssize_t n = write(t->fd, p, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return ps_err(err, PSST_EIO, "%s: cannot write: %s", t->shown,
                    strerror(n < 0 ? errno : ENOSPC));
    p += n;
    len -= (size_t)n;
  }
  return PSST_OK;
}

int ps_target_sync(struct ps_target *t, struct psst_error *err) {
  int saved = 0;
  if (t->synced)
    return PSST_OK;
  if (t->fd < 0 && !t->direct && (t->fd = open(t->tmp, O_RDONLY | O_CLOEXEC)) < 0)
    saved = errno;
  /* the data reaches the disk before the name points at it; a pipe or a terminal has
     nothing to sync (EINVAL, ENOTSUP) */
  if (!saved && fsync(t->fd) && !(t->direct && (errno == EINVAL || errno == ENOTSUP)))
    saved = errno;
  if (!saved && !t->direct && t->keep && fchmod(t->fd, t->mode))
    saved = errno;
  if (t->fd >= 0 && close(t->fd) && !saved)
    saved = errno;
  t->fd = -1;
  if (saved) {
    ps_target_abort(t);
    return ps_err(err, PSST_EIO, "%s: cannot write: %s", t->shown, strerror(saved));
  }
  t->synced = true;
  return PSST_OK;
}

int ps_target_rename(struct ps_target *t, struct psst_error *err) {
  int rc = ps_target_sync(t, err);
  if (rc || t->direct)
    return rc;
  if (rename(t->tmp, t->path)) {
    int saved = errno;
    ps_target_abort(t);
    return ps_err(err, PSST_EIO, "%s: cannot write: %s", t->shown, strerror(saved));
  }
  t->tmp[0] = '\0';
  return PSST_OK;
}

void ps_target_sync_folder(const struct ps_target *t) {
  if (t->direct)
    return;
  char dir[4096];
  const char *base;
  split_path(t->path, dir, sizeof dir, &base);
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)fsync(dfd); /* some file systems refuse fsync on a directory; the data is safe */
    close(dfd);
  }
}

int ps_target_commit(struct ps_target *t, struct psst_error *err) {
  int rc = ps_target_rename(t, err);
  /* the rename itself reaches the disk with the folder: without this a crash right after
     could bring back the old name */
  if (!rc)
    ps_target_sync_folder(t);
  return rc;
}

void ps_target_abort(struct ps_target *t) {
  if (t->fd >= 0)
    close(t->fd);
  t->fd = -1;
  if (!t->direct && t->tmp[0])
    unlink(t->tmp);
  t->tmp[0] = '\0';
}

int ps_write_file_atomic(const char *path, const void *data, size_t len, struct psst_error *err) {
  struct ps_target t;
  int rc = ps_target_open(&t, path, true, err);
  if (!rc && !(rc = ps_target_write(&t, data, len, err)))
    return ps_target_commit(&t, err);
  ps_target_abort(&t);
  return rc;
}

int psst_write_file(const char *path, const void *data, size_t len, struct psst_error *err) {
  return ps_write_file_atomic(path, data, len, err);
}

/* Jansson reports most of its allocation failures as faults of the text ("invalid token"
   when its lexer cannot grow a buffer): its allocations go through json_alloc, which notes
   a failure for the thread that parses. */
static _Thread_local bool json_oom;
/* inside ps_json_parse: once an allocation failed, the rest of the parse fails too */
static _Thread_local bool json_parsing;
static pthread_once_t json_alloc_once = PTHREAD_ONCE_INIT;

static void *json_alloc(size_t n) {
  /* Jansson's lexer drops a byte it cannot save (lex_save ignores the failure of its
     buffer's growth) and then copies the saved string up to its closing quote, which
     may be the dropped byte: it reads and writes past the buffers. Failing every later
     allocation of the parse makes that copy's own allocation fail first; the parse has
     failed for want of memory anyway. */
  if (json_parsing && json_oom)
    return NULL;
  void *p = malloc(n);
  if (!p)
    json_oom = true;
  return p;
}

static void json_alloc_install(void) {
  json_set_alloc_funcs(json_alloc, free); /* free: what Jansson allocated before is malloc's */
}

void ps_json_watch(void) {
  pthread_once(&json_alloc_once, json_alloc_install);
  json_oom = false;
}

json_t *ps_json_parse(const char *text, size_t len, size_t flags, json_error_t *je) {
  ps_json_watch();
  json_parsing = true;
  json_t *o = json_loadb(text, len, flags, je);
  json_parsing = false;
  return o;
}

bool ps_json_nomem(const json_error_t *je) {
  return json_oom || json_error_code(je) == json_error_out_of_memory;
}

const char *ps_json_error_text(const json_error_t *je, const char *text, size_t len) {
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
    return "the text starts with a byte-order mark (EF BB BF): save it as UTF-8 without one";
  if (memchr(text, '\0', len))
    return "a NUL byte (\\u0000) in the text: a data file holds no NUL";
  return je->text;
}
