/*
 * gen.h: the generations of the database that psst serve answers from (gen.c), and the
 * pieces of a conditional request (ETag, If-None-Match, HTTP dates) they identify.
 *
 * A generation is one database file as it was opened: a handle per query thread on it,
 * the responses made from it, and what identifies its content. A request holds the
 * generation it started with until its reply is queued; the last request to let go of a
 * generation that is no longer current closes it.
 */
#ifndef PSST_SERVER_GEN_H
#define PSST_SERVER_GEN_H

#include "psst.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

enum {
  SV_ETAG = 40,     /* bytes of an ETag, quotes and NUL included */
  SV_HTTP_DATE = 32 /* bytes of an HTTP date ("Sun, 06 Nov 1994 08:49:37 GMT") */
};

/* The handles of one generation: a whole database handle per query thread. */
struct sv_pool {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  struct psst **all, **free;
  size_t n, nfree;
};

/* Finished responses of one generation, kept until the generation is closed. */
struct sv_cache_entry {
  char *key;
  uint64_t hash;
  struct MHD_Response *resp;
  size_t len;
};
struct sv_cache {
  pthread_rwlock_t lock;
  struct sv_cache_entry *v; /* open addressing */
  size_t n, bytes, max_bytes;
};

struct sv_gen {
  struct sv_pool pool;
  struct sv_cache cache;
  char content[65];                 /* the build's content hash (psst_db_identity) */
  char tag[17];                     /* hex: content, base URL and web files; ETag prefix */
  long long built;                  /* when the database was built: Last-Modified */
  char last_modified[SV_HTTP_DATE]; /* the same as an HTTP date */
  unsigned long long number;        /* 1 for the database served first, then 2, ... */
  size_t refs;                      /* requests holding it, and one while it is current */
  /* a query met a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB): what is not cached is
     answered 503 until a rebuilt database is taken up */
  atomic_bool damaged;
};

/* The identity of the file at the database's path, to notice that a rebuild replaced it. */
struct sv_file_id {
  bool missing;
  dev_t dev;
  ino_t ino;
  off_t size;
  struct timespec mtime;
};

struct sv_gens {
  pthread_mutex_t mu;
  struct sv_gen *cur;        /* the generation new requests get */
  struct sv_file_id seen;    /* the file last tried, taken up or not */
  struct timespec checked;   /* when the path was last looked at (monotonic) */
  unsigned long long opened; /* generations taken up so far */
  /* fixed at the start */
  const char *data_dir, *db_path, *base_url;
  size_t threads, cache_bytes;
  bool immutable; /* psst_serve_opts.immutable */
  FILE *log;
  uint8_t web[32]; /* SHA-256 of the embedded files of web/ */
  /* a damaged database: what was found (under mu), and its repair in a thread of its own,
     which the main thread starts and joins (sv_gens_refresh, sv_gens_stop) */
  char damage[200];
  bool damage_said;     /* the log has it */
  bool repairing;       /* the repair thread runs or is to be joined */
  atomic_bool repaired; /* it is done: repair_status, repair_msg, problem */
  int repair_status;
  char repair_msg[sizeof((struct psst_error *)0)->msg], problem[200];
  pthread_t repairer;
  struct timespec retry_at; /* a failed repair is tried again from then on */
};

/*
 * Opens the first generation (building the database when it is not current, as psst_open
 * does) with one handle per thread. g->data_dir, db_path, base_url, threads, cache_bytes and
 * log are set by the caller. Release with sv_gens_stop.
 */
int sv_gens_start(struct sv_gens *g, struct psst_error *err);
/* Lets go of the current generation; call once no request is left. */
void sv_gens_stop(struct sv_gens *g);
/*
 * Looks at the database's path, at most about once a second: when a rebuild put another
 * file there, opens it as a new generation (never building) and makes it current. A file
 * that cannot be opened is logged once and the current generation goes on.
 */
void sv_gens_refresh(struct sv_gens *g);

/* A query on gen met a damaged file (why: SQLite's message): gen answers 503 from then on
   except from its cache, and the main thread's next look repairs the database. */
void sv_gen_damaged(struct sv_gens *g, struct sv_gen *gen, const char *why);

/* The current generation, held until sv_gen_release. */
struct sv_gen *sv_gen_acquire(struct sv_gens *g);
void sv_gen_release(struct sv_gens *g, struct sv_gen *gen);

/* A database handle of the generation, for one query; given back with sv_gen_give. */
struct psst *sv_gen_take(struct sv_gen *gen);
void sv_gen_give(struct sv_gen *gen, struct psst *p);

/* The cached response for key, or NULL; it stays valid while the generation is held. */
struct MHD_Response *sv_gen_cached(struct sv_gen *gen, const char *key, size_t klen, size_t *len);
/* Keeps resp under key when there is room; true when the cache now owns a reference. */
bool sv_gen_keep(struct sv_gen *gen, const char *key, size_t klen, struct MHD_Response *resp,
                 size_t len);

/* The ETag of the response to the request whose cache key is key, in this generation. */
void sv_gen_etag(const struct sv_gen *gen, const char *key, size_t klen, char out[SV_ETAG]);

/* Whether an If-None-Match header names etag (weak comparison, or "*"). */
bool sv_etag_match(const char *header, const char *etag);
/* An HTTP date (IMF-fixdate) to seconds since the epoch; false when it is not one. */
bool sv_http_date_parse(const char *s, long long *out);
/* Seconds since the epoch as an HTTP date. */
void sv_http_date(long long t, char out[SV_HTTP_DATE]);

#endif
