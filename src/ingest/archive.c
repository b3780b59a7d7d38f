/*
 * archive.c: the analyst's own copy of each readout. Official pages move and
 * disappear; the exact bytes that a record was read from are kept under the
 * archive folder, named by their SHA-256 so that a copy is stored once and can be
 * verified, with an index (one JSON object a line) giving the URL, the retrieval
 * time and the session. Both the copy and the index are written atomically.
 */
#include "internal.h"
#include "jsonutil.h"

#include <errno.h>
#include <jansson.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void sha256_hex(const void *data, size_t len, char hex[65]) {
  struct sha256_ctx c;
  uint8_t d[SHA256_DIGEST_SIZE];
  sha256_init(&c);
  sha256_update(&c, len, data);
  sha256_digest(&c, sizeof d, d);
  for (size_t i = 0; i < sizeof d; i++)
    snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

static int ensure_dir(const char *dir, struct psst_error *err) {
  struct stat sb;
  if (!stat(dir, &sb))
    return S_ISDIR(sb.st_mode) ? PSST_OK : ps_err(err, PSST_EIO, "%s: not a folder", dir);
  if (mkdir(dir, 0755) && errno != EEXIST)
    return ps_err(err, PSST_EIO, "%s: cannot create the archive folder: %s", dir, strerror(errno));
  return PSST_OK;
}

char *ps_beside_data(const char *data_dir, const char *name) {
  struct ps_buf b = {0};
  size_t n = strlen(data_dir);
  while (n > 1 && data_dir[n - 1] == '/')
    n--;
  size_t cut = n;
  while (cut > 0 && data_dir[cut - 1] != '/')
    cut--;
  if (ps_buf_add(&b, data_dir, cut) || ps_buf_puts(&b, name)) {
    ps_buf_release(&b);
    return NULL;
  }
  return ps_buf_detach(&b);
}

char *psst_archive_default_dir(struct psst *p) {
  return ps_beside_data(p->data_dir, "archive");
}

int psst_archive_put(const char *dir, const void *data, size_t len, const char *url,
                     const char *session_id, char sha_hex[65], struct psst_error *err) {
  int rc = ensure_dir(dir, err);
  if (rc)
    return rc;
  sha256_hex(data, len, sha_hex);
  char path[4096];
  snprintf(path, sizeof path, "%s/%s.txt", dir, sha_hex);
  struct stat sb;
  /* a copy already there with the right size is the same text (its name is its hash) */
  if (stat(path, &sb) || (size_t)sb.st_size != len)
    if ((rc = ps_write_file_atomic(path, data, len, err)))
      return rc;
  /* the index gains a line; rewritten whole so that it is never half written */
  char ipath[4096];
  snprintf(ipath, sizeof ipath, "%s/index.jsonl", dir);
  char *old = NULL;
  size_t old_len = 0;
  if (!stat(ipath, &sb) && (rc = ps_read_file(ipath, &old, &old_len, err)))
    return rc;
  char when[32];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  struct ps_buf b = {0};
  rc = ps_buf_add(&b, old ? old : "", old_len);
  if (old_len && old[old_len - 1] != '\n')
    rc |= ps_buf_putc(&b, '\n');
  rc |= ps_buf_puts(&b, "{\"sha256\": ");
  rc |= ps_buf_json_str(&b, sha_hex);
  rc |= ps_buf_printf(&b, ", \"bytes\": %zu, \"url\": ", len);
  rc |= url && url[0] ? ps_buf_json_str(&b, url) : ps_buf_puts(&b, "null");
  rc |= ps_buf_puts(&b, ", \"retrieved\": ");
  rc |= ps_buf_json_str(&b, when);
  rc |= ps_buf_puts(&b, ", \"session\": ");
  rc |= session_id && session_id[0] ? ps_buf_json_str(&b, session_id) : ps_buf_puts(&b, "null");
  rc |= ps_buf_puts(&b, "}\n");
  free(old);
  if (rc) {
    ps_buf_release(&b);
    return ps_err(err, PSST_ENOMEM, "out of memory");
  }
  rc = ps_write_file_atomic(ipath, b.s, b.len, err);
  ps_buf_release(&b);
  return rc;
}

int psst_archive_verify(const char *dir, struct psst_table **out, size_t *bad,
                        struct psst_error *err) {
  static const char *const cols[] = {"sha256", "session", "url", "retrieved", "bytes", "status"};
  static const enum psst_coltype types[] = {PSST_COL_TEXT, PSST_COL_TEXT, PSST_COL_TEXT,
                                            PSST_COL_TEXT, PSST_COL_INT,  PSST_COL_TEXT};
  *out = NULL;
  *bad = 0;
  char ipath[4096];
  snprintf(ipath, sizeof ipath, "%s/index.jsonl", dir);
  struct psst_table *t = ps_table_new(6, cols, types);
  if (!t)
    return ps_err(err, PSST_ENOMEM, "out of memory");
  struct stat sb;
  if (stat(ipath, &sb)) {
    ps_table_set_note(t, "the archive %s is empty (psst ingest --apply keeps each readout there)",
                      dir);
    *out = t;
    return PSST_OK;
  }
  char *text = NULL;
  size_t len = 0;
  int rc = ps_read_file(ipath, &text, &len, err);
  if (rc) {
    psst_table_free(t);
    return rc;
  }
  size_t line = 0;
  for (char *p = text, *nl; p < text + len; p = nl + 1) {
    nl = memchr(p, '\n', (size_t)(text + len - p));
    if (!nl)
      nl = text + len;
    line++;
    if (nl == p)
      continue;
    json_error_t je;
    json_t *o = ps_json_parse(p, (size_t)(nl - p), 0, &je);
    const char *sha = o ? json_string_value(json_object_get(o, "sha256")) : NULL;
    if (!sha || strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64) {
      bool nomem = !o && ps_json_nomem(&je); /* not the entry's fault */
      json_decref(o);
      free(text);
      psst_table_free(t);
      if (nomem)
        return ps_err(err, PSST_ENOMEM, "out of memory reading %s", ipath);
      return ps_err(err, PSST_EDATA, "%s:%zu: sha256: not an archive index entry", ipath, line);
    }
    const char *status = "ok";
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.txt", dir, sha);
    char *copy = NULL;
    size_t clen2 = 0;
    struct psst_error e2 = {0};
    if (ps_read_file(path, &copy, &clen2, &e2)) {
      status = "missing";
    } else {
      char hex[65];
      sha256_hex(copy, clen2, hex);
      if (strcmp(hex, sha))
        status = "changed";
      free(copy);
    }
    if (strcmp(status, "ok"))
      ++*bad;
    char bytes[32];
    snprintf(bytes, sizeof bytes, "%lld",
             (long long)json_integer_value(json_object_get(o, "bytes")));
    const char *cells[6] = {sha,
                            json_string_value(json_object_get(o, "session")),
                            json_string_value(json_object_get(o, "url")),
                            json_string_value(json_object_get(o, "retrieved")),
                            bytes,
                            status};
    rc = ps_table_add_row(t, cells);
    json_decref(o);
    if (rc) {
      free(text);
      psst_table_free(t);
      return ps_err(err, PSST_ENOMEM, "out of memory");
    }
  }
  free(text);
  if (*bad)
    ps_table_set_note(t, "%zu archived readout(s) missing or changed since they were archived",
                      *bad);
  *out = t;
  return PSST_OK;
}
