/*
 * state.c: what psst watch has seen, in one JSON file (watch-state.json beside the data
 * folder unless told otherwise): each list page's validators (ETag, Last-Modified), each
 * article read with what came of it, and each session proposed. It is written whole and
 * atomically after every change that matters, so a run killed at any point leaves the state
 * of before or after that change. An exclusive lock on a file beside it keeps two runs (a
 * slow cron run and the next) from reading the same articles.
 */
#include "watch_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

static const char *const sections[] = {"pages", "articles", "proposed"};

void pw_now(char out[21]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int pw_state_open(const char *path, struct pw_state *out, struct psst_error *err) {
  memset(out, 0, sizeof *out);
  out->lock_fd = -1;
  if (!(out->path = ps_strdup(path)))
    return ps_err(err, PSST_ENOMEM, "out of memory");
  char lock[4200];
  snprintf(lock, sizeof lock, "%s.lock", path);
  out->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (out->lock_fd < 0) {
    int e = errno;
    pw_state_close(out);
    return ps_err(err, PSST_EIO, "%s: cannot create the lock: %s", lock, strerror(e));
  }
  if (flock(out->lock_fd, LOCK_EX | LOCK_NB)) {
    pw_state_close(out);
    return ps_err(err, PSST_EIO, "%s: another psst watch is running with this state", path);
  }
  json_error_t je;
  FILE *fp = fopen(path, "rb");
  if (!fp && errno != ENOENT) {
    int e = errno;
    pw_state_close(out);
    return ps_err(err, PSST_EIO, "%s: cannot read: %s", path, strerror(e));
  }
  out->root = fp ? json_loadf(fp, 0, &je) : json_object();
  if (fp)
    fclose(fp);
  if (!out->root || !json_is_object(out->root)) {
    int rc = fp ? ps_err(err, PSST_EINVAL,
                         "%s:%d: not the state of psst watch (%s); move it away to start afresh",
                         path, out->root ? 1 : je.line, out->root ? "not an object" : je.text)
                : ps_err(err, PSST_ENOMEM, "out of memory");
    pw_state_close(out);
    return rc;
  }
  json_object_set_new(out->root, "version", json_integer(1));
  for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
    json_t *s = json_object_get(out->root, sections[i]);
    if (s && !json_is_object(s)) {
      int rc = ps_err(err, PSST_EINVAL,
                      "%s: \"%s\" is not an object; move the file away to "
                      "start afresh",
                      path, sections[i]);
      pw_state_close(out);
      return rc;
    }
    if (!s && json_object_set_new(out->root, sections[i], json_object())) {
      pw_state_close(out);
      return ps_err(err, PSST_ENOMEM, "out of memory");
    }
  }
  return PSST_OK;
}

int pw_state_save(struct pw_state *s, struct psst_error *err) {
  char *text = json_dumps(s->root, JSON_INDENT(1) | JSON_SORT_KEYS);
  if (!text)
    return ps_err(err, PSST_ENOMEM, "out of memory");
  size_t n = strlen(text);
  text[n] = '\n'; /* json_dumps's NUL becomes the final line break */
  int rc = ps_write_file_atomic(s->path, text, n + 1, err);
  free(text);
  return rc;
}

void pw_state_close(struct pw_state *s) {
  json_decref(s->root);
  if (s->lock_fd >= 0)
    close(s->lock_fd); /* releases the lock */
  free(s->path);
  memset(s, 0, sizeof *s);
  s->lock_fd = -1;
}

json_t *pw_state_get(struct pw_state *s, const char *section, const char *key) {
  return json_object_get(json_object_get(s->root, section), key);
}

int pw_state_set(struct pw_state *s, const char *section, const char *key, json_t *v) {
  if (!v || json_object_set_new(json_object_get(s->root, section), key, v))
    return PSST_ENOMEM;
  return PSST_OK;
}

void pw_state_prune(struct pw_state *s, long days) {
  time_t cut = time(NULL) - days * 86400;
  struct tm tm;
  gmtime_r(&cut, &tm);
  char limit[21];
  strftime(limit, sizeof limit, "%Y-%m-%dT%H:%M:%SZ", &tm);
  for (size_t i = 0; i < 2; i++) {
    json_t *sec = json_object_get(s->root, sections[i]);
    const char *key;
    json_t *v, *tmp;
    json_object_foreach_safe(sec, tmp, key, v) {
      const char *at = json_string_value(json_object_get(v, "at"));
      /* an article being applied is never forgotten: the next run finishes it */
      bool pending = json_is_true(json_object_get(v, "pending"));
      if (!pending && (!at || strcmp(at, limit) < 0))
        json_object_del(sec, key);
    }
  }
}
