/*
 * gen.c: the generations of the database psst serve answers from (gen.h).
 *
 * psst build, psst add, psst scan --apply and every command that finds the data changed
 * rebuild the database by writing a new file and renaming it over the old one (build.c):
 * the path then names a new, complete file, while the server's handles still read the old
 * one, which stays whole for as long as they hold it. The main thread looks at the path
 * about once a second (device, inode, size, modification time: a stat, never a query).
 * When it names another file, a new generation is opened beside the current one: a handle
 * per query thread, its own response cache, and its identity, the content hash and build
 * time the build stored (the ETags and Last-Modified). New requests get the new generation
 * from then on; a request keeps the one it started with until its reply is queued, so that
 * no request mixes two databases, and the last one to let go of an old generation closes
 * its handles and drops its responses. A file that cannot be opened (another schema, a
 * broken file, none) is logged once and the current generation goes on serving. The
 * server never builds on a reload: the data's writers do.
 */
#include "gen.h"
#include "server_int.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum {
  CACHE_SLOTS = 4096 /* cache capacity; at most half is used */
};

/* ---- the pool of database handles ---- */

struct psst *sv_gen_take(struct sv_gen *gen) {
  struct sv_pool *pl = &gen->pool;
  pthread_mutex_lock(&pl->mu);
  while (pl->nfree == 0)
    pthread_cond_wait(&pl->cv, &pl->mu);
  struct psst *p = pl->free[--pl->nfree];
  pthread_mutex_unlock(&pl->mu);
  return p;
}

void sv_gen_give(struct sv_gen *gen, struct psst *p) {
  struct sv_pool *pl = &gen->pool;
  pthread_mutex_lock(&pl->mu);
  pl->free[pl->nfree++] = p;
  pthread_cond_signal(&pl->cv);
  pthread_mutex_unlock(&pl->mu);
}

/* ---- the response cache ---- */

static uint64_t fnv1a(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  return h;
}

/* The slot of key, or of the empty slot where it would go. Caller holds the lock. */
static struct sv_cache_entry *slot(struct sv_cache *c, const char *key, uint64_t h) {
  for (size_t i = h % CACHE_SLOTS;; i = (i + 1) % CACHE_SLOTS)
    if (!c->v[i].key || (c->v[i].hash == h && !strcmp(c->v[i].key, key)))
      return &c->v[i];
}

struct MHD_Response *sv_gen_cached(struct sv_gen *gen, const char *key, size_t klen, size_t *len) {
  struct sv_cache *c = &gen->cache;
  struct MHD_Response *resp = NULL;
  uint64_t h = fnv1a(key, klen);
  pthread_rwlock_rdlock(&c->lock);
  struct sv_cache_entry *s = slot(c, key, h);
  if (s->key) {
    resp = s->resp;
    *len = s->len;
  }
  pthread_rwlock_unlock(&c->lock);
  return resp;
}

bool sv_gen_keep(struct sv_gen *gen, const char *key, size_t klen, struct MHD_Response *resp,
                 size_t len) {
  struct sv_cache *c = &gen->cache;
  uint64_t h = fnv1a(key, klen);
  bool kept = false;
  pthread_rwlock_wrlock(&c->lock);
  struct sv_cache_entry *s = slot(c, key, h);
  if (!s->key && c->n < CACHE_SLOTS / 2 && c->bytes + len <= c->max_bytes) {
    char *k = malloc(klen + 1);
    if (k) {
      memcpy(k, key, klen + 1);
      *s = (struct sv_cache_entry){k, h, resp, len};
      c->n++;
      c->bytes += len;
      kept = true;
    }
  }
  pthread_rwlock_unlock(&c->lock);
  return kept;
}

/* ---- conditional requests ---- */

static void hex(const uint8_t *b, size_t n, char *out) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[b[i] >> 4];
    out[2 * i + 1] = digits[b[i] & 15];
  }
  out[2 * n] = '\0';
}

/* "<generation tag>-<hash of the request>": the same request in the same content has the
   same tag in every generation and in every run of the server, and no other */
void sv_gen_etag(const struct sv_gen *gen, const char *key, size_t klen, char out[SV_ETAG]) {
  snprintf(out, SV_ETAG, "\"%s-%016llx\"", gen->tag, (unsigned long long)fnv1a(key, klen));
}

bool sv_etag_match(const char *header, const char *etag) {
  size_t n = strlen(etag);
  for (const char *s = header; *s;) {
    s += strspn(s, " \t,");
    if (*s == '*')
      return true;
    /* If-None-Match compares weakly: W/"x" names the same as "x" */
    if (!strncmp(s, "W/", 2))
      s += 2;
    if (*s != '"') {
      s += strcspn(s, ",");
      continue;
    }
    const char *end = strchr(s + 1, '"');
    if (!end)
      return false;
    if ((size_t)(end + 1 - s) == n && !memcmp(s, etag, n))
      return true;
    s = end + 1;
  }
  return false;
}

static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

/* Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
static long long days_from_civil(long long y, long long m, long long d) {
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  long long yoe = y - era * 400;
  long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

bool sv_http_date_parse(const char *s, long long *out) {
  /* only the IMF-fixdate that HTTP/1.1 sends; a recipient ignores the obsolete forms */
  char wday[4], mon[4];
  int d, y, hh, mm, ss, used = 0;
  if (sscanf(s, "%3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d GMT%n", wday, &d, mon, &y, &hh, &mm,
             &ss, &used) != 7 ||
      !used || s[used])
    return false;
  const char *at = strlen(mon) == 3 ? strstr(months, mon) : NULL;
  if (!at || (at - months) % 3 || d < 1 || d > 31 || y < 1970 || hh > 23 || mm > 59 || ss > 60 ||
      hh < 0 || mm < 0 || ss < 0)
    return false;
  long long m = (at - months) / 3 + 1;
  *out = days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
  return true;
}

void sv_http_date(long long t, char out[SV_HTTP_DATE]) {
  static const char *const wdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  time_t tt = (time_t)t;
  struct tm tm;
  /* the names are HTTP's, never the locale's */
  if (!gmtime_r(&tt, &tm)) {
    snprintf(out, SV_HTTP_DATE, "Thu, 01 Jan 1970 00:00:00 GMT");
    return;
  }
  /* the fields are within their ranges; the remainders let the compiler see that they fit */
  snprintf(out, SV_HTTP_DATE, "%s, %02u %.3s %04u %02u:%02u:%02u GMT", wdays[tm.tm_wday % 7],
           (unsigned)tm.tm_mday % 100u, months + 3 * (tm.tm_mon % 12),
           (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)tm.tm_hour % 100u,
           (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
}

/* ---- a generation ---- */

static void gen_free(struct sv_gen *gen) {
  if (!gen)
    return;
  for (size_t i = 0; gen->pool.all && i < gen->pool.n; i++)
    psst_close(gen->pool.all[i]);
  free(gen->pool.all);
  free(gen->pool.free);
  pthread_mutex_destroy(&gen->pool.mu);
  pthread_cond_destroy(&gen->pool.cv);
  for (size_t i = 0; gen->cache.v && i < CACHE_SLOTS; i++)
    if (gen->cache.v[i].key) {
      free(gen->cache.v[i].key);
      MHD_destroy_response(gen->cache.v[i].resp);
    }
  free(gen->cache.v);
  pthread_rwlock_destroy(&gen->cache.lock);
  free(gen);
}

/*
 * Opens a generation on the file at the path: a handle per thread, each of which must be
 * on a database with the same content and build time (another rebuild between two opens
 * would give two: then *retry is set, for the next look). The first generation may build
 * the database, as every command does; a reload never does.
 */
static struct sv_gen *gen_open(struct sv_gens *g, bool first, bool *retry, struct psst_error *err) {
  *retry = false;
  struct sv_gen *gen = calloc(1, sizeof *gen);
  if (!gen) {
    snprintf(err->msg, sizeof err->msg, "out of memory");
    err->status = PSST_ENOMEM;
    return NULL;
  }
  pthread_mutex_init(&gen->pool.mu, NULL);
  pthread_cond_init(&gen->pool.cv, NULL);
  pthread_rwlock_init(&gen->cache.lock, NULL);
  gen->cache.max_bytes = g->cache_bytes;
  gen->pool.all = calloc(g->threads, sizeof *gen->pool.all);
  gen->pool.free = calloc(g->threads, sizeof *gen->pool.free);
  gen->cache.v = calloc(CACHE_SLOTS, sizeof *gen->cache.v);
  if (!gen->pool.all || !gen->pool.free || !gen->cache.v) {
    snprintf(err->msg, sizeof err->msg, "out of memory");
    err->status = PSST_ENOMEM;
    gen_free(gen);
    return NULL;
  }
  struct psst_open_opts oo = {.data_dir = g->data_dir,
                              .db_path = g->db_path,
                              .no_build = !first,
                              .long_lived = true,
                              .immutable = g->immutable};
  while (gen->pool.n < g->threads) {
    struct psst **p = &gen->pool.all[gen->pool.n];
    char content[65];
    long long built = 0;
    if (psst_open(p, &oo, NULL, NULL, err)) {
      gen_free(gen);
      return NULL;
    }
    gen->pool.free[gen->pool.nfree++] = *p;
    if (psst_db_identity(*p, content, &built, err)) {
      gen->pool.n++; /* closed with the others */
      gen_free(gen);
      return NULL;
    }
    if (gen->pool.n++ == 0) {
      memcpy(gen->content, content, sizeof content);
      gen->built = built;
    } else if (strcmp(content, gen->content) || built != gen->built) {
      *retry = true;
      snprintf(err->msg, sizeof err->msg, "the database changed while it was being opened");
      err->status = PSST_EDB;
      gen_free(gen);
      return NULL;
    }
  }
  /* the tag: what the responses are made of besides the request, the data's content, the
     address links are made with (the feed) and the embedded files of web/ */
  struct sha256_ctx h;
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_init(&h);
  sha256_update(&h, sizeof gen->content, (const uint8_t *)gen->content);
  sha256_update(&h, strlen(g->base_url) + 1, (const uint8_t *)g->base_url);
  sha256_update(&h, sizeof g->web, g->web);
  sha256_digest(&h, sizeof digest, digest);
  hex(digest, 8, gen->tag);
  sv_http_date(gen->built, gen->last_modified);
  gen->refs = 1; /* the current generation's own reference */
  return gen;
}

static struct sv_file_id file_id(const char *path) {
  struct sv_file_id id = {0};
  struct stat sb;
  if (stat(path, &sb)) {
    id.missing = true;
    return id;
  }
  id.dev = sb.st_dev;
  id.ino = sb.st_ino;
  id.size = sb.st_size;
  id.mtime = sb.st_mtim;
  return id;
}

static bool same_file(const struct sv_file_id *a, const struct sv_file_id *b) {
  if (a->missing || b->missing)
    return a->missing == b->missing;
  return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
         a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

int sv_gens_start(struct sv_gens *g, struct psst_error *err) {
  pthread_mutex_init(&g->mu, NULL);
  clock_gettime(CLOCK_MONOTONIC, &g->checked);
  struct sha256_ctx h;
  sha256_init(&h);
  for (size_t i = 0; i < sv_nassets; i++) {
    char len[32];
    snprintf(len, sizeof len, "%zu", sv_assets[i].len);
    sha256_update(&h, strlen(sv_assets[i].name) + 1, (const uint8_t *)sv_assets[i].name);
    sha256_update(&h, strlen(len) + 1, (const uint8_t *)len);
    sha256_update(&h, sv_assets[i].len, sv_assets[i].data);
  }
  sha256_digest(&h, sizeof g->web, g->web);
  /* the file must be the same before and after the open: a build by the open itself, or
     another process's rebuild meanwhile, has the handles opened again */
  for (int attempt = 0;; attempt++) {
    struct sv_file_id before = file_id(g->db_path);
    bool retry;
    g->cur = gen_open(g, true, &retry, err);
    struct sv_file_id after = file_id(g->db_path);
    if (g->cur && same_file(&before, &after)) {
      g->seen = before;
      g->cur->number = ++g->opened;
      /* what the open found: with --immutable, a database older than the data */
      const char *note = psst_open_note(g->cur->pool.all[0]);
      if (note && g->log) {
        fprintf(g->log, "psst: %s; serving it as it is\n", note);
        fflush(g->log);
      }
      return PSST_OK;
    }
    if (g->cur) {
      gen_free(g->cur);
      g->cur = NULL;
      retry = true;
    }
    if (!retry || attempt == 10) {
      if (!err->status) {
        snprintf(err->msg, sizeof err->msg, "%s kept changing while it was being opened",
                 g->db_path);
        err->status = PSST_EDB;
      }
      return err->status;
    }
  }
}

void sv_gens_stop(struct sv_gens *g) {
  if (g->repairing)
    pthread_join(g->repairer, NULL);
  if (g->cur)
    sv_gen_release(g, g->cur);
  g->cur = NULL;
  pthread_mutex_destroy(&g->mu);
}

struct sv_gen *sv_gen_acquire(struct sv_gens *g) {
  pthread_mutex_lock(&g->mu);
  struct sv_gen *gen = g->cur;
  gen->refs++;
  pthread_mutex_unlock(&g->mu);
  return gen;
}

void sv_gen_release(struct sv_gens *g, struct sv_gen *gen) {
  pthread_mutex_lock(&g->mu);
  bool last = --gen->refs == 0;
  pthread_mutex_unlock(&g->mu);
  /* no request holds it and it is not current: every handle is back in its pool */
  if (last)
    gen_free(gen);
}

void sv_gen_damaged(struct sv_gens *g, struct sv_gen *gen, const char *why) {
  pthread_mutex_lock(&g->mu);
  if (!atomic_exchange(&gen->damaged, true) && gen == g->cur && !g->damage[0])
    snprintf(g->damage, sizeof g->damage, "%s", why && *why ? why : "damaged");
  pthread_mutex_unlock(&g->mu);
}

/* The repair: psst_db_repair checks the file and rebuilds it from the data (a new file
   renamed over it), which the main thread's next look takes up as a new generation. */
static void *repair_thread(void *arg) {
  struct sv_gens *g = arg;
  struct psst_open_opts oo = {.data_dir = g->data_dir, .db_path = g->db_path};
  struct psst_error err = {0};
  g->repair_status = psst_db_repair(&oo, g->problem, sizeof g->problem, &err);
  snprintf(g->repair_msg, sizeof g->repair_msg, "%s",
           err.msg[0] ? err.msg : psst_strerror(err.status));
  atomic_store(&g->repaired, true);
  return NULL;
}

/*
 * The current generation met a damaged file: said once in the log, and, unless the database
 * is immutable, repaired in a thread while requests not in the cache are answered 503. The
 * old generation cannot be served instead: a file overwritten in place is gone for every
 * handle on it. A writer that renames a good file over it meanwhile is taken up as ever.
 */
static void watch_damage(struct sv_gens *g, const struct timespec *now) {
  if (g->repairing && atomic_load(&g->repaired)) {
    pthread_join(g->repairer, NULL);
    g->repairing = false;
    atomic_store(&g->repaired, false);
    if (g->repair_status) {
      g->retry_at = *now;
      g->retry_at.tv_sec += 30;
      if (g->log)
        fprintf(g->log, "psst: cannot rebuild the database: %s; trying again in 30 s\n",
                g->repair_msg);
    } else if (!g->problem[0]) {
      /* the file checks sound now: it is opened again, as if replaced */
      g->seen = (struct sv_file_id){0};
      if (g->log)
        fprintf(g->log, "psst: the database checks sound; opening it again\n");
    } else if (g->log) {
      fprintf(g->log, "psst: rebuilt the database from the data (it had: %s)\n", g->problem);
    }
    if (g->log)
      fflush(g->log);
  }
  char why[sizeof g->damage];
  pthread_mutex_lock(&g->mu);
  bool damaged = atomic_load(&g->cur->damaged);
  memcpy(why, g->damage, sizeof why);
  pthread_mutex_unlock(&g->mu);
  if (!damaged || g->repairing)
    return;
  if (!g->damage_said && g->log) {
    /* an open's message names the file already; a query's does not */
    bool named = !strncmp(why, g->db_path, strlen(g->db_path));
    fprintf(g->log, "psst: database damaged: %s%s%s\n", named ? "" : g->db_path, named ? "" : ": ",
            why);
    fprintf(g->log, g->immutable
                        ? "psst: run psst build (the database is immutable here); answering "
                          "503 until a good database is renamed over it\n"
                        : "psst: rebuilding from the data; answering 503 meanwhile\n");
    fflush(g->log);
  }
  g->damage_said = true;
  if (g->immutable || (g->retry_at.tv_sec && (now->tv_sec < g->retry_at.tv_sec)))
    return;
  g->retry_at = (struct timespec){0};
  if (pthread_create(&g->repairer, NULL, repair_thread, g) == 0)
    g->repairing = true;
}

void sv_gens_refresh(struct sv_gens *g) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  long long ms = (long long)(now.tv_sec - g->checked.tv_sec) * 1000 +
                 (now.tv_nsec - g->checked.tv_nsec) / 1000000;
  if (ms < 900)
    return;
  g->checked = now;
  watch_damage(g, &now);
  struct sv_file_id before = file_id(g->db_path);
  if (same_file(&before, &g->seen))
    return;
  struct psst_error err = {0};
  bool retry = false;
  struct sv_gen *gen = gen_open(g, false, &retry, &err);
  struct sv_file_id after = file_id(g->db_path);
  if (retry || !same_file(&before, &after)) {
    /* replaced again while it was being opened: the next look takes up the newest */
    gen_free(gen);
    return;
  }
  bool in_place =
      !before.missing && !g->seen.missing && before.dev == g->seen.dev && before.ino == g->seen.ino;
  g->seen = before;
  if (!gen && in_place) {
    /* no writer of psst rewrites the file in place: it was overwritten, and the handles of
       the current generation read the same bytes */
    sv_gen_damaged(g, g->cur, err.msg[0] ? err.msg : psst_strerror(err.status));
    return;
  }
  if (!gen) {
    if (g->log) {
      fprintf(g->log,
              "psst: cannot take up the new database: %s; still serving the one of "
              "generation %llu\n",
              err.msg[0] ? err.msg : psst_strerror(err.status), g->cur->number);
      fflush(g->log);
    }
    return;
  }
  /* Last-Modified counts seconds: a rebuild within the second of the one before still gets
     a later date, so that If-Modified-Since never takes its responses for the old ones */
  if (gen->built <= g->cur->built) {
    gen->built = g->cur->built + 1;
    sv_http_date(gen->built, gen->last_modified);
  }
  gen->number = ++g->opened;
  pthread_mutex_lock(&g->mu);
  struct sv_gen *old = g->cur;
  g->cur = gen;
  g->damage[0] = '\0';
  pthread_mutex_unlock(&g->mu);
  g->damage_said = false;
  if (g->log) {
    fprintf(g->log,
            "psst: took up the rebuilt database %s (generation %llu, built %s, data %.12s)\n",
            g->db_path, gen->number, gen->last_modified, gen->content);
    fflush(g->log);
  }
  /* the requests still on the old one finish there; the last of them closes it */
  sv_gen_release(g, old);
}
