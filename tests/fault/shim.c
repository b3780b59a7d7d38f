/*
 * shim.c: a preloaded library (LD_PRELOAD) that injects faults into psst, as SQLite's own
 * tests do: the Nth call that writes (open for writing, write, pwrite, ftruncate, fsync,
 * fdatasync, rename) or the Nth allocation (malloc, calloc, realloc) fails, or the power is
 * lost at the Nth write call. Driven by the environment:
 *
 *   PSST_FAULT=count   count the calls; PSST_FAULT_REPORT gets a line "call N what path" for
 *                      each io call, then "io N" and "alloc M"
 *   PSST_FAULT=fail    the Nth call of PSST_FAULT_ON (io or alloc) fails once (EIO, ENOSPC
 *                      for a write, ENOMEM for an allocation); PSST_FAULT_REPORT gets
 *                      what failed ("write /path")
 *   PSST_FAULT=power   at the Nth io call the files are put back as the disk would hold
 *                      them after a power cut (see lose_power) and the process ends with
 *                      _exit(86) at once
 *   PSST_FAULT_N=N     the point, from 1
 *
 * Only calls made once main has started are counted (the loader's and the libraries'
 * set-up are not psst's), and only those on regular files: standard output, standard
 * error and pipes are left alone. Under AddressSanitizer the executable's own write and
 * fdopen interceptors call the "real" functions found with dlsym(RTLD_NEXT), which are
 * these: the I/O faults work there too. Its allocator is the executable's, so the
 * allocation faults need a build without sanitizers (tests/fault/CMakeLists.txt).
 *
 * Streams: stdio writes through glibc's internal write, which no library can interpose, so
 * fdopen and fopen for writing return a stream (fopencookie) whose bytes go through the
 * write below: a buffered fwrite fails at the flush the failed write belongs to.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define POWER_EXIT 86
#define MAX_FILES  64

/* glibc's allocator under its own names: the shim's bookkeeping never counts itself */
void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);
void __libc_free(void *p);
int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv, void (*init)(void),
                      void (*fini)(void), void (*rtld_fini)(void), void *stack_end);

enum mode { OFF, COUNT, FAIL, POWER };
static enum mode mode;
static bool on_alloc; /* PSST_FAULT_ON=alloc */
static bool armed;    /* main has started */
static bool fired;
static long target, n_io, n_alloc;
static const char *report;

#define REAL(name) real_##name
#define DECL(ret, name, ...)                                                                       \
  static ret (*real_##name)(__VA_ARGS__);                                                          \
  static ret (*get_##name(void))(__VA_ARGS__) {                                                    \
    if (!real_##name)                                                                              \
      *(void **)&real_##name = dlsym(RTLD_NEXT, #name);                                            \
    return real_##name;                                                                            \
  }
DECL(int, open, const char *, int, ...)
DECL(int, open64, const char *, int, ...)
DECL(int, openat, int, const char *, int, ...)
DECL(int, openat64, int, const char *, int, ...)
DECL(ssize_t, write, int, const void *, size_t)
DECL(ssize_t, pwrite, int, const void *, size_t, off_t)
DECL(ssize_t, pwrite64, int, const void *, size_t, off_t)
DECL(int, ftruncate, int, off_t)
DECL(int, ftruncate64, int, off_t)
DECL(int, fsync, int)
DECL(int, fdatasync, int)
DECL(int, rename, const char *, const char *)
DECL(int, renameat, int, const char *, int, const char *)
DECL(FILE *, fopen, const char *, const char *)
DECL(FILE *, fopen64, const char *, const char *)
DECL(FILE *, fdopen, int, const char *)

__attribute__((format(printf, 1, 2))) static void say(const char *fmt, ...) {
  if (!report)
    return;
  int fd = get_open()(report, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    return;
  char line[4300];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (n > 0)
    (void)!get_write()(fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
  close(fd);
}

static void setup(void) {
  static bool done;
  if (done)
    return;
  done = true;
  const char *m = getenv("PSST_FAULT");
  mode = !m                    ? OFF
         : !strcmp(m, "count") ? COUNT
         : !strcmp(m, "fail")  ? FAIL
         : !strcmp(m, "power") ? POWER
                               : OFF;
  const char *on = getenv("PSST_FAULT_ON");
  on_alloc = on && !strcmp(on, "alloc") && mode == FAIL;
  const char *n = getenv("PSST_FAULT_N");
  target = n ? atol(n) : 0;
  report = getenv("PSST_FAULT_REPORT");
}

int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv, void (*init)(void),
                      void (*fini)(void), void (*rtld_fini)(void), void *stack_end) {
  int (*real)(int (*)(int, char **, char **), int, char **, void (*)(void), void (*)(void),
              void (*)(void), void *);
  *(void **)&real = dlsym(RTLD_NEXT, "__libc_start_main");
  setup();
  armed = mode != OFF;
  return real(main, argc, argv, init, fini, rtld_fini, stack_end);
}

__attribute__((destructor)) static void at_exit(void) {
  if (mode == COUNT)
    say("io %ld\nalloc %ld\n", n_io, n_alloc);
}

/* ---- the power cut: what the disk holds is what was synced ---- */

/* A regular file written since the process started: its content at the last fsync (or as
   it was before the first write), and whether its name is on the disk yet. */
struct file {
  dev_t dev;
  ino_t ino, dir;
  char path[4096];
  bool created, named; /* made here; its folder synced since */
  bool saved;          /* snap holds the synced content */
  char *snap;
  size_t len;
  mode_t perm;
};
/* A rename whose folder was not synced since: undone by the cut. */
struct move {
  char from[4096], to[4096];
  ino_t dir;
  bool had_old;
  char *old;
  size_t old_len;
  mode_t old_perm;
  bool done;
};
static struct file files[MAX_FILES];
static size_t n_files;
static struct move moves[MAX_FILES];
static size_t n_moves;

static bool slurp(int fd, char **out, size_t *len) {
  size_t cap = 1 << 16, n = 0;
  char *b = __libc_malloc(cap);
  ssize_t k;
  while (b && (k = pread(fd, b + n, cap - n, (off_t)n)) > 0) {
    n += (size_t)k;
    if (n == cap)
      b = __libc_realloc(b, cap *= 2);
  }
  *out = b, *len = n;
  return b != NULL;
}

/* the content of what fd names, read through /proc (fd may be open for writing only) */
static bool snapshot_fd(int fd, char **out, size_t *len) {
  char p[64];
  snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
  int r = get_open()(p, O_RDONLY | O_CLOEXEC);
  if (r < 0)
    return false;
  bool ok = slurp(r, out, len);
  close(r);
  return ok;
}

static bool snapshot_path(const char *path, char **out, size_t *len) {
  int r = get_open()(path, O_RDONLY | O_CLOEXEC);
  if (r < 0)
    return false;
  bool ok = slurp(r, out, len);
  close(r);
  return ok;
}

static ino_t dir_of(const char *path) {
  char d[4096];
  snprintf(d, sizeof d, "%s", path);
  char *slash = strrchr(d, '/');
  if (!slash)
    snprintf(d, sizeof d, ".");
  else
    slash == d ? (void)(d[1] = '\0') : (void)(*slash = '\0');
  struct stat sb;
  return stat(d, &sb) ? 0 : sb.st_ino;
}

static struct file *file_of(dev_t dev, ino_t ino) {
  for (size_t i = 0; i < n_files; i++)
    if (files[i].dev == dev && files[i].ino == ino)
      return &files[i];
  return NULL;
}

/* Before an open for writing: a file that exists keeps its content as the synced one
   (taken now when the open truncates it, else at the first write). */
static void track_before_open(const char *path, int flags, bool *existed) {
  struct stat sb;
  *existed = !stat(path, &sb);
  if (!*existed || !S_ISREG(sb.st_mode) || file_of(sb.st_dev, sb.st_ino) || n_files == MAX_FILES)
    return;
  struct file *f = &files[n_files++];
  memset(f, 0, sizeof *f);
  f->dev = sb.st_dev, f->ino = sb.st_ino, f->perm = sb.st_mode & 07777, f->named = true;
  snprintf(f->path, sizeof f->path, "%s", path);
  if (flags & O_TRUNC)
    f->saved = snapshot_path(path, &f->snap, &f->len);
}

static void track_after_open(const char *path, int fd, bool existed) {
  struct stat sb;
  if (existed || fd < 0 || fstat(fd, &sb) || !S_ISREG(sb.st_mode) || n_files == MAX_FILES)
    return;
  struct file *f = &files[n_files++];
  memset(f, 0, sizeof *f);
  f->dev = sb.st_dev, f->ino = sb.st_ino, f->created = true, f->saved = true;
  f->dir = dir_of(path), f->perm = sb.st_mode & 07777;
  snprintf(f->path, sizeof f->path, "%s", path);
}

/* before a write or a truncation of fd: the content so far is the synced one */
static void track_write(int fd) {
  struct stat sb;
  struct file *f;
  if (mode != POWER || fstat(fd, &sb) || !(f = file_of(sb.st_dev, sb.st_ino)) || f->saved)
    return;
  f->saved = snapshot_fd(fd, &f->snap, &f->len);
}

static void track_sync(int fd) {
  struct stat sb;
  if (mode != POWER || fstat(fd, &sb))
    return;
  if (S_ISDIR(sb.st_mode)) {
    /* the folder's names reach the disk: its files' and its renames' */
    for (size_t i = 0; i < n_files; i++)
      if (files[i].dir == sb.st_ino)
        files[i].named = true;
    for (size_t i = 0; i < n_moves; i++)
      if (moves[i].dir == sb.st_ino)
        moves[i].done = true;
    return;
  }
  struct file *f = file_of(sb.st_dev, sb.st_ino);
  if (!f)
    return;
  __libc_free(f->snap);
  f->snap = NULL;
  f->saved = snapshot_fd(fd, &f->snap, &f->len);
}

static void track_rename(const char *from, const char *to) {
  if (mode != POWER || n_moves == MAX_FILES)
    return;
  struct move *m = &moves[n_moves++];
  memset(m, 0, sizeof *m);
  snprintf(m->from, sizeof m->from, "%s", from);
  snprintf(m->to, sizeof m->to, "%s", to);
  m->dir = dir_of(to);
  struct stat sb;
  if (!stat(to, &sb) && S_ISREG(sb.st_mode)) {
    /* what the replaced name held on the disk: its synced content if written here */
    struct file *old = file_of(sb.st_dev, sb.st_ino);
    m->old_perm = sb.st_mode & 07777;
    if (old && old->saved) {
      m->old = __libc_malloc(old->len + 1);
      if (m->old)
        memcpy(m->old, old->snap, old->len), m->old_len = old->len;
    } else {
      snapshot_path(to, &m->old, &m->old_len);
    }
    m->had_old = m->old != NULL;
  }
}

static void after_rename(const char *from, const char *to) {
  (void)from;
  struct stat sb;
  struct file *f;
  if (mode == POWER && !stat(to, &sb) && (f = file_of(sb.st_dev, sb.st_ino)))
    snprintf(f->path, sizeof f->path, "%s", to);
}

static void put_back(const char *path, const char *data, size_t len, mode_t perm) {
  int fd = get_open()(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, perm);
  if (fd < 0)
    return;
  for (size_t off = 0; off < len;) {
    ssize_t k = get_write()(fd, data + off, len - off);
    if (k <= 0)
      break;
    off += (size_t)k;
  }
  close(fd);
}

/* What a power cut leaves: every file written here holds its synced content, a rename
   whose folder was not synced afterwards is undone, a file made here whose folder was not
   synced has no name. Then the process is gone, with no exit handler run. */
static void lose_power(const char *what, const char *path) {
  say("power %s %s\n", what, path ? path : "");
  for (size_t i = 0; i < n_files; i++)
    if (files[i].saved)
      put_back(files[i].path, files[i].snap, files[i].len, files[i].perm);
  for (size_t i = n_moves; i-- > 0;) {
    struct move *m = &moves[i];
    if (m->done)
      continue;
    if (get_rename()(m->to, m->from) == 0) {
      struct stat sb;
      struct file *f;
      if (!stat(m->from, &sb) && (f = file_of(sb.st_dev, sb.st_ino)))
        snprintf(f->path, sizeof f->path, "%s", m->from);
    }
    if (m->had_old)
      put_back(m->to, m->old, m->old_len, m->old_perm);
  }
  for (size_t i = 0; i < n_files; i++)
    if (files[i].created && !files[i].named)
      unlink(files[i].path);
  _exit(POWER_EXIT);
}

/* ---- the counting and the faults ---- */

/* Files that are not psst's: devices, /proc, and the profiles a coverage build (make
   coverage) writes at exit, which would otherwise be counted as the last points; the
   descriptors opened on them, by number (a number reused for another file is counted again). */
enum { MAX_FD = 4096 };
static bool ignored_fd[MAX_FD];

static bool untracked_path(const char *path) {
  size_t n = strlen(path);
  return !strncmp(path, "/dev/", 5) || !strncmp(path, "/proc/", 6) ||
         (n > 8 && !strcmp(path + n - 8, ".profraw"));
}

static void note_fd(int fd, const char *path) {
  if (fd >= 0 && fd < MAX_FD)
    ignored_fd[fd] = untracked_path(path);
}

static bool regular_fd(int fd) {
  struct stat sb;
  return fd > 2 && !(fd < MAX_FD && ignored_fd[fd]) && !fstat(fd, &sb) && S_ISREG(sb.st_mode);
}

static const char *fd_path(int fd, char *buf, size_t len) {
  char p[64];
  snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(p, buf, len - 1);
  buf[n > 0 ? n : 0] = '\0';
  return buf;
}

/* Whether this io call is the one that fails (or where the power goes). */
static bool io_fault(const char *what, const char *path, int fd) {
  setup();
  if (!armed || mode == OFF || on_alloc || fired)
    return false;
  n_io++;
  char buf[4096];
  if (mode == COUNT && report) {
    say("call %ld %s %s\n", n_io, what, path ? path : fd_path(fd, buf, sizeof buf));
    return false;
  }
  if (mode == COUNT || n_io != target)
    return false;
  fired = true;
  if (!path)
    path = fd >= 0 ? fd_path(fd, buf, sizeof buf) : "";
  if (mode == POWER)
    lose_power(what, path);
  say("fail %s %s\n", what, path);
  return true;
}

static bool writing(int flags) {
  return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0;
}

static int do_open(int (*real)(const char *, int, ...), int at, const char *path, int flags,
                   mode_t perm, bool is_at) {
  bool watch = writing(flags) && !untracked_path(path);
  if (watch && io_fault("open", path, -1)) {
    errno = EIO;
    return -1;
  }
  bool existed = true;
  if (watch && mode == POWER && armed)
    track_before_open(path, flags, &existed);
  int fd;
  if (is_at)
    fd = ((int (*)(int, const char *, int, ...))(void (*)(void))real)(at, path, flags, perm);
  else
    fd = real(path, flags, perm);
  note_fd(fd, path);
  if (watch && mode == POWER && armed)
    track_after_open(path, fd, existed);
  return fd;
}

int open(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t perm = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
  va_end(ap);
  return do_open(get_open(), 0, path, flags, perm, false);
}

int open64(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t perm = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
  va_end(ap);
  return do_open(get_open64(), 0, path, flags, perm, false);
}

int openat(int at, const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t perm = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
  va_end(ap);
  return do_open((int (*)(const char *, int, ...))(void (*)(void))get_openat(), at, path, flags,
                 perm, true);
}

int openat64(int at, const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t perm = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
  va_end(ap);
  return do_open((int (*)(const char *, int, ...))(void (*)(void))get_openat64(), at, path, flags,
                 perm, true);
}

ssize_t write(int fd, const void *data, size_t len) {
  if (regular_fd(fd)) {
    if (io_fault("write", NULL, fd)) {
      errno = ENOSPC;
      return -1;
    }
    track_write(fd);
  }
  return get_write()(fd, data, len);
}

ssize_t pwrite(int fd, const void *data, size_t len, off_t off) {
  if (regular_fd(fd)) {
    if (io_fault("pwrite", NULL, fd)) {
      errno = ENOSPC;
      return -1;
    }
    track_write(fd);
  }
  return get_pwrite()(fd, data, len, off);
}

ssize_t pwrite64(int fd, const void *data, size_t len, off_t off) {
  if (regular_fd(fd)) {
    if (io_fault("pwrite", NULL, fd)) {
      errno = ENOSPC;
      return -1;
    }
    track_write(fd);
  }
  return get_pwrite64()(fd, data, len, off);
}

int ftruncate(int fd, off_t len) {
  if (regular_fd(fd)) {
    if (io_fault("ftruncate", NULL, fd)) {
      errno = EIO;
      return -1;
    }
    track_write(fd);
  }
  return get_ftruncate()(fd, len);
}

int ftruncate64(int fd, off_t len) {
  if (regular_fd(fd)) {
    if (io_fault("ftruncate", NULL, fd)) {
      errno = EIO;
      return -1;
    }
    track_write(fd);
  }
  return get_ftruncate64()(fd, len);
}

static int sync_call(int (*real)(int), const char *what, int fd) {
  struct stat sb;
  if (fd > 2 && !(fd < MAX_FD && ignored_fd[fd]) && !fstat(fd, &sb) &&
      (S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode)) && io_fault(what, NULL, fd)) {
    errno = EIO;
    return -1;
  }
  int rc = real(fd);
  if (!rc)
    track_sync(fd);
  return rc;
}

int fsync(int fd) {
  return sync_call(get_fsync(), "fsync", fd);
}

int fdatasync(int fd) {
  return sync_call(get_fdatasync(), "fdatasync", fd);
}

int rename(const char *from, const char *to) {
  if (io_fault("rename", to, -1)) {
    errno = EIO;
    return -1;
  }
  if (armed)
    track_rename(from, to);
  int rc = get_rename()(from, to);
  if (!rc && armed)
    after_rename(from, to);
  return rc;
}

int renameat(int a, const char *from, int b, const char *to) {
  if (io_fault("rename", to, -1)) {
    errno = EIO;
    return -1;
  }
  if (armed && a == AT_FDCWD && b == AT_FDCWD)
    track_rename(from, to);
  int rc = get_renameat()(a, from, b, to);
  if (!rc && armed && a == AT_FDCWD && b == AT_FDCWD)
    after_rename(from, to);
  return rc;
}

/* ---- streams: their bytes through write above ---- */

static ssize_t c_read(void *c, char *buf, size_t len) {
  return read((int)(intptr_t)c, buf, len);
}
static ssize_t c_write(void *c, const char *buf, size_t len) {
  ssize_t n = write((int)(intptr_t)c, buf, len);
  return n < 0 ? -1 : n; /* glibc treats 0 as an error too */
}
static int c_seek(void *c, off64_t *off, int whence) {
  off64_t r = lseek((int)(intptr_t)c, *off, whence);
  if (r < 0)
    return -1;
  *off = r;
  return 0;
}
static int c_close(void *c) {
  return close((int)(intptr_t)c);
}

static FILE *cookie_stream(int fd, const char *how) {
  cookie_io_functions_t io = {c_read, c_write, c_seek, c_close};
  return fopencookie((void *)(intptr_t)fd, how, io);
}

static bool stream_writes(const char *how) {
  return strchr(how, 'w') || strchr(how, 'a') || strchr(how, '+');
}

FILE *fdopen(int fd, const char *how) {
  setup();
  if (!armed || !stream_writes(how) || !regular_fd(fd))
    return get_fdopen()(fd, how);
  return cookie_stream(fd, how);
}

static FILE *open_stream(FILE *(*real)(const char *, const char *), const char *path,
                         const char *how) {
  setup();
  if (!armed || !stream_writes(how) || untracked_path(path))
    return real(path, how);
  int flags = strchr(how, '+') ? O_RDWR : O_WRONLY;
  flags |= strchr(how, 'a') ? O_CREAT | O_APPEND : strchr(how, 'w') ? O_CREAT | O_TRUNC : 0;
  if (strchr(how, 'r'))
    flags = strchr(how, '+') ? O_RDWR : O_RDONLY;
  if (strchr(how, 'x'))
    flags |= O_EXCL;
  int fd = open(path, flags | O_CLOEXEC, 0666);
  if (fd < 0)
    return NULL;
  FILE *fp = cookie_stream(fd, how);
  if (!fp)
    close(fd);
  return fp;
}

FILE *fopen(const char *path, const char *how) {
  return open_stream(get_fopen(), path, how);
}

FILE *fopen64(const char *path, const char *how) {
  return open_stream(get_fopen64(), path, how);
}

/* ---- allocations ---- */

static bool alloc_fault(void) {
  if (!armed || (!on_alloc && mode != COUNT) || fired)
    return false;
  if (++n_alloc != target || mode == COUNT)
    return false;
  fired = true;
  say("fail alloc %ld\n", n_alloc);
  return true;
}

void *malloc(size_t n) {
  if (alloc_fault()) {
    errno = ENOMEM;
    return NULL;
  }
  return __libc_malloc(n);
}

void *calloc(size_t n, size_t size) {
  if (alloc_fault()) {
    errno = ENOMEM;
    return NULL;
  }
  return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n) {
  if (alloc_fault()) {
    errno = ENOMEM;
    return NULL;
  }
  return __libc_realloc(p, n);
}
