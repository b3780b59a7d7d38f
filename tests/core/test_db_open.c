/* test_db_open.c: psst_open with `immutable` (psst serve --immutable on a read-only mount)
   never builds and never writes: not a stale database, not a missing one, not a damaged
   one; nothing appears or changes in the database's folder. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256], data[300], db[300];

static void copy(const char *name) {
  char from[512], to[512], *text;
  size_t len;
  snprintf(from, sizeof from, "%s/data/%s", PSST_SOURCE_DIR, name);
  snprintf(to, sizeof to, "%s/%s", data, name);
  assert_int_equal(ps_read_file(from, &text, &len, NULL), PSST_OK);
  assert_int_equal(ps_write_file_atomic(to, text, len, NULL), PSST_OK);
  free(text);
}

/* The names in the database's folder and the database's inode, size and times: what a write
   would change. */
static void snapshot(char *out, size_t len) {
  struct stat sb;
  assert_int_equal(stat(db, &sb), 0);
  int n = snprintf(out, len, "%llu %lld %lld.%09ld |", (unsigned long long)sb.st_ino,
                   (long long)sb.st_size, (long long)sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec);
  DIR *d = opendir(dir);
  assert_non_null(d);
  struct dirent *e;
  while ((e = readdir(d)) && n > 0 && (size_t)n < len)
    n += snprintf(out + n, len - (size_t)n, " %s", e->d_name);
  closedir(d);
}

static int setup(void **state) {
  (void)state;
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/psst-test-db-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir))
    return -1;
  snprintf(data, sizeof data, "%s/data", dir);
  snprintf(db, sizeof db, "%s/psst.db", dir);
  return mkdir(data, 0755);
}

static int teardown(void **state) {
  (void)state;
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd);
}

static void test_immutable(void **state) {
  (void)state;
  const char *files[] = {"sessions.jsonl", "codebook.json", "terms.json", "institutions.json"};
  for (size_t i = 0; i < 4; i++)
    copy(files[i]);
  struct psst_open_opts o = {.data_dir = data, .db_path = db, .immutable = true};
  struct psst *p = NULL;
  struct psst_error err = {0};

  /* no database: an error naming what to run, and nothing built */
  assert_int_equal(psst_open(&p, &o, NULL, NULL, &err), PSST_EDB);
  assert_non_null(strstr(err.msg, "run psst build"));
  assert_int_not_equal(access(db, F_OK), 0);

  /* built by an ordinary open, then taken as it is */
  struct psst_open_opts build = {.data_dir = data, .db_path = db};
  bool rebuilt = false;
  assert_int_equal(psst_open(&p, &build, NULL, &rebuilt, &err), PSST_OK);
  assert_true(rebuilt);
  psst_close(p);
  chmod(dir, 0555); /* a read-only folder (root writes anyway: the snapshot is the check) */
  char before[4096], after[4096];
  snapshot(before, sizeof before);
  assert_int_equal(psst_open(&p, &o, NULL, &rebuilt, &err), PSST_OK);
  assert_false(rebuilt);
  assert_null(psst_open_note(p));
  long n = 0;
  char as_of[16];
  assert_int_equal(psst_summary(p, as_of, sizeof as_of, &n, &err), PSST_OK);
  assert_true(n > 100);
  psst_close(p);

  /* older than the data: served as it is, and said */
  char path[512];
  snprintf(path, sizeof path, "%s/terms.json", data);
  FILE *fp = fopen(path, "a");
  assert_non_null(fp);
  fputs("\n", fp);
  fclose(fp);
  assert_int_equal(psst_open(&p, &o, NULL, &rebuilt, &err), PSST_OK);
  assert_false(rebuilt);
  assert_non_null(psst_open_note(p));
  assert_non_null(strstr(psst_open_note(p), "run psst build"));
  assert_int_equal(psst_summary(p, as_of, sizeof as_of, &n, &err), PSST_OK);
  psst_close(p);
  snapshot(after, sizeof after);
  assert_string_equal(before, after);

  /* damaged (cut short): refused with what to run, the file left as it is */
  chmod(dir, 0755);
  assert_int_equal(truncate(db, 4096 * 3), 0);
  snapshot(before, sizeof before);
  assert_int_equal(psst_open(&p, &o, NULL, &rebuilt, &err), PSST_EDB);
  assert_non_null(strstr(err.msg, "damaged"));
  snapshot(after, sizeof after);
  assert_string_equal(before, after);

  /* an ordinary open rebuilds it and says why */
  assert_int_equal(psst_open(&p, &build, NULL, &rebuilt, &err), PSST_OK);
  assert_true(rebuilt);
  assert_non_null(psst_open_note(p));
  assert_non_null(strstr(psst_open_note(p), "was damaged"));
  psst_close(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_immutable)};
  return cmocka_run_group_tests(tests, setup, teardown);
}
