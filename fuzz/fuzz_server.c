/*
 * fuzz_server.c: libFuzzer target for psst serve as clients reach it: the input is the raw
 * bytes of a connection, written to a socket pair whose other end libmicrohttpd serves with
 * the server's own options and handlers (src/server/fuzz_entry.c), over the database of the
 * shipped record. So the request line, the headers, the framing checks and the query string
 * are decoded by libmicrohttpd and the server exactly as in psst serve (fuzz_params checks
 * psst's own parser alone).
 *
 * The input is written whole, then the write side is closed, and the answer read until the
 * server closes the connection: that must happen within ANSWER_MS, whatever the bytes. (A
 * request that never ends is closed at the guard's header deadline, or, inside a body, at
 * libmicrohttpd's idle timeout: libmicrohttpd does not notice that the client closed its side.
 * Both are shortened here, to HEADER_MS and a second, from psst serve's 10 and 15 s.) An answer,
 * when there is one, must start with a well-formed status line (HTTP/1.x, three digits, a
 * reason, CRLF) of a status psst serve or libmicrohttpd gives, and its headers must end; a
 * plain GET or HEAD request (plain_request) must be answered.
 * Seeds: the requests of fuzz_params as HTTP requests, and the malformed requests of the
 * server's tests (tests/server/t0800-malformed.sh), in seeds/server.
 */
#include "server.h"
#include "server_int.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum {
  ANSWER_MS = 10000, /* the query limit (5 s) and time to spare */
  HEADER_MS = 200,   /* a request's headers arrive within this (10 s in psst serve) */
  KEEP = 64 * 1024   /* bytes of the answer kept for the checks; the rest is read and dropped */
};

/* What psst serve answers (src/server) and what libmicrohttpd answers by itself (a request it
   cannot parse, too long, an HTTP version it does not speak). No 500: a request must never
   make the server fail. */
static const int statuses[] = {200, 304, 400, 404, 405, 412, 413, 414, 431, 501, 503, 505};

static struct sv_fuzz *srv;
static char db[64];

/* The database and what SQLite keeps beside it, once open: the open handles keep them while
   the fuzzer runs, and nothing is left behind however it ends. */
static void remove_db(void) {
  static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
  for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
    char p[80];
    snprintf(p, sizeof p, "%s%s", db, ext[i]);
    unlink(p);
  }
}

static void stop(void) {
  sv_fuzz_stop(srv);
  srv = NULL;
}

static void start_once(void) {
  snprintf(db, sizeof db, "/tmp/psst-fuzz-server-%ld.db", (long)getpid());
  struct psst_serve_opts o = {.data_dir = PSST_SOURCE_DIR "/data",
                              .db_path = db,
                              .threads = 2,
                              .cache_mb = -1,
                              .base_url = "http://127.0.0.1:8080",
                              .header_ms = HEADER_MS};
  struct psst_error err = {0};
  if (sv_fuzz_start(&o, &srv, &err)) {
    fprintf(stderr, "fuzz_server: %s\n", err.msg);
    remove_db();
    abort();
  }
  remove_db();
  atexit(stop);
}

static long ms_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (long)(t1.tv_sec - t0->tv_sec) * 1000L + (t1.tv_nsec - t0->tv_nsec) / 1000000L;
}

static void fail(const char *why, const char *got, size_t n) {
  fprintf(stderr, "fuzz_server: %s; the answer began: %.*s\n", why, (int)(n < 300 ? n : 300), got);
  abort();
}

/* Whether the input starts with a plain request that must be answered: GET or HEAD, a target
   of printable bytes, HTTP/1.1, header lines of a name and a printable value (neither
   Content-Length nor Transfer-Encoding: no body), a Host, and the empty line. */
static bool plain_request(const uint8_t *d, size_t n) {
  size_t i = n >= 4 && !memcmp(d, "GET ", 4) ? 4 : n >= 5 && !memcmp(d, "HEAD ", 5) ? 5 : 0;
  if (!i || i >= n || d[i] != '/')
    return false;
  while (i < n && d[i] > 0x20 && d[i] < 0x7f)
    i++;
  if (n - i < 11 || memcmp(d + i, " HTTP/1.1\r\n", 11))
    return false;
  i += 11;
  bool host = false;
  for (;;) {
    if (n - i >= 2 && !memcmp(d + i, "\r\n", 2))
      return host;
    size_t name = i;
    while (i < n && d[i] > 0x20 && d[i] < 0x7f && d[i] != ':')
      i++;
    if (i == name || i >= n || d[i] != ':')
      return false;
    size_t len = i - name;
    if ((len == 14 && !strncasecmp((const char *)d + name, "Content-Length", 14)) ||
        (len == 17 && !strncasecmp((const char *)d + name, "Transfer-Encoding", 17)))
      return false;
    host |= len == 4 && !strncasecmp((const char *)d + name, "Host", 4);
    for (i++; i < n && d[i] >= 0x20 && d[i] < 0x7f; i++)
      ;
    if (n - i < 2 || memcmp(d + i, "\r\n", 2))
      return false;
    i += 2;
  }
}

static void check_answer(const char *a, size_t n, bool must) {
  if (!n && must)
    fail("a plain request left unanswered", a, n);
  if (!n)
    return; /* the connection was closed unanswered: a request that never ended */
  if (n < 15 || (memcmp(a, "HTTP/1.1 ", 9) && memcmp(a, "HTTP/1.0 ", 9)))
    fail("not an HTTP status line", a, n);
  int status = 0;
  for (int i = 9; i < 12; i++) {
    if (a[i] < '0' || a[i] > '9')
      fail("no three-digit status", a, n);
    status = status * 10 + (a[i] - '0');
  }
  bool known = false;
  for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++)
    known |= statuses[i] == status;
  if (!known)
    fail("a status the server does not give", a, n);
  const char *eol = memchr(a, '\r', n);
  if (a[12] != ' ' || !eol || eol == a + 13 || (size_t)(eol - a) + 1 >= n || eol[1] != '\n')
    fail("a malformed status line", a, n);
  for (const char *c = a + 13; c < eol; c++)
    if ((unsigned char)*c < 0x20 || *c == 0x7f)
      fail("a control byte in the reason", a, n);
  bool ended = false;
  for (size_t i = 0; i + 3 < n && !ended; i++)
    ended = !memcmp(a + i, "\r\n\r\n", 4);
  if (!ended && n < KEEP)
    fail("the headers never end", a, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!srv)
    start_once();
  int fd = sv_fuzz_connect(srv);
  if (fd < 0) {
    perror("fuzz_server: a connection refused");
    abort();
  }
  static char answer[KEEP];
  size_t got = 0, sent = 0;
  char drop[16384];
  bool wr_open = true;
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  /* write and read at once: the server may answer (and wait for its answer to be read)
     before it has read the whole input */
  for (;;) {
    if (wr_open && sent == size) {
      shutdown(fd, SHUT_WR);
      wr_open = false;
    }
    long left = ANSWER_MS - ms_since(&t0);
    if (left <= 0)
      fail("no end to the answer in time", answer, got);
    struct pollfd p = {.fd = fd, .events = (short)(POLLIN | (wr_open ? POLLOUT : 0))};
    int r = poll(&p, 1, (int)left);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      abort();
    if (p.revents & POLLOUT) {
      ssize_t w = send(fd, data + sent, size - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (w > 0)
        sent += (size_t)w;
      else if (w < 0 && errno != EAGAIN && errno != EINTR)
        wr_open = false; /* the server closed its side: what was not sent is not read */
    }
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      char *to = got < KEEP ? answer + got : drop;
      size_t room = got < KEEP ? KEEP - got : sizeof drop;
      ssize_t n = recv(fd, to, room, MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
        break;
      if (n > 0 && got < KEEP)
        got += (size_t)n;
    }
  }
  close(fd);
  check_answer(answer, got, plain_request(data, size));
  return 0;
}
