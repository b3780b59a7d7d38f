/*
 * fetch.c: psst watch's HTTP client, on libcurl. It behaves as a polite robot should on
 * sites that are not ours: it names itself (the user agent says psst and where to read about
 * it), asks conditionally (If-None-Match, If-Modified-Since) so that an unchanged list costs
 * the site a 304, waits between two requests to the same host, and gives up on a page that
 * is too slow or too large rather than holding a connection or memory. Only http and https
 * are followed, redirects included, at most five of them (a loop ends there).
 */
#include "watch_int.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

enum { MAX_HOSTS = 64, MAX_REDIRECTS = 5 };

struct host_clock {
  char host[128];
  struct timespec last; /* when the last request to it ended */
};

struct pw_fetcher {
  CURL *curl;
  struct curl_slist *connect_to;
  struct pw_fetch_opts o;
  struct host_clock hosts[MAX_HOSTS];
  size_t n_hosts;
};

static const char user_agent[] =
    "psst/" PSST_VERSION " (Party Study Session Tracker; polls official news lists for "
    "study-session readouts; see docs/watch.md)";

int pw_fetcher_new(const struct pw_fetch_opts *o, struct pw_fetcher **out, struct psst_error *err) {
  *out = NULL;
  static bool global;
  if (!global) {
    /* once per process; psst watch is the only user of libcurl in psst */
    if (curl_global_init(CURL_GLOBAL_DEFAULT))
      return ps_err(err, PSST_EIO, "libcurl could not be initialised");
    global = true;
  }
  struct pw_fetcher *f = calloc(1, sizeof *f);
  if (!f || !(f->curl = curl_easy_init())) {
    free(f);
    return ps_err(err, PSST_ENOMEM, "out of memory");
  }
  f->o = *o;
  if (o->connect_to && !(f->connect_to = curl_slist_append(NULL, o->connect_to))) {
    pw_fetcher_free(f);
    return ps_err(err, PSST_ENOMEM, "out of memory");
  }
  *out = f;
  return PSST_OK;
}

void pw_fetcher_free(struct pw_fetcher *f) {
  if (!f)
    return;
  curl_easy_cleanup(f->curl);
  curl_slist_free_all(f->connect_to);
  free(f);
}

void pw_response_release(struct pw_response *r) {
  free(r->body);
  free(r->content_type);
  free(r->etag);
  free(r->last_modified);
  free(r->final_url);
  memset(r, 0, sizeof *r);
}

/* ---- the transfer's callbacks ---- */

struct sink {
  struct ps_buf body;
  long max;
  bool too_large, nomem;
  char *content_type, *etag, *last_modified;
};

static size_t on_body(char *data, size_t size, size_t n, void *ctx) {
  struct sink *s = ctx;
  size_t len = size * n;
  if (s->body.len + len > (size_t)s->max) {
    s->too_large = true;
    return 0; /* libcurl ends the transfer with a write error */
  }
  if (ps_buf_add(&s->body, data, len)) {
    s->nomem = true;
    return 0;
  }
  return len;
}

/* A header's value (trimmed) when line is "name: value", else NULL (to free()). */
static char *header_value(const char *line, size_t n, const char *name) {
  size_t k = strlen(name);
  if (n <= k + 1 || strncasecmp(line, name, k) || line[k] != ':')
    return NULL;
  const char *v = line + k + 1, *end = line + n;
  while (v < end && (*v == ' ' || *v == '\t'))
    v++;
  while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
    end--;
  char *out = malloc((size_t)(end - v) + 1);
  if (out) {
    memcpy(out, v, (size_t)(end - v));
    out[end - v] = '\0';
  }
  return out;
}

static void keep(char **slot, char *v) {
  if (v) {
    free(*slot);
    *slot = v;
  }
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx) {
  struct sink *s = ctx;
  size_t len = size * n;
  if (len >= 5 && !strncmp(data, "HTTP/", 5)) {
    /* a new response (after a redirect): only the last one's headers count */
    free(s->content_type), free(s->etag), free(s->last_modified);
    s->content_type = s->etag = s->last_modified = NULL;
    return len;
  }
  keep(&s->content_type, header_value(data, len, "content-type"));
  keep(&s->etag, header_value(data, len, "etag"));
  keep(&s->last_modified, header_value(data, len, "last-modified"));
  return len;
}

/* ---- politeness ---- */

static double since(const struct timespec *t) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void pause_for(double seconds) {
  if (seconds <= 0)
    return;
  struct timespec ts = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
  while (nanosleep(&ts, &ts))
    ;
}

static struct host_clock *clock_of(struct pw_fetcher *f, const char *url) {
  char host[128] = "";
  CURLU *u = curl_url();
  char *h = NULL;
  if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK)
    snprintf(host, sizeof host, "%s", h);
  curl_free(h);
  curl_url_cleanup(u);
  for (size_t i = 0; i < f->n_hosts; i++)
    if (!strcmp(f->hosts[i].host, host))
      return &f->hosts[i];
  /* a full table forgets the oldest host: the pause is a courtesy, not a guarantee */
  size_t i = f->n_hosts < MAX_HOSTS ? f->n_hosts++ : 0;
  snprintf(f->hosts[i].host, sizeof f->hosts[i].host, "%s", host);
  f->hosts[i].last = (struct timespec){0, 0};
  return &f->hosts[i];
}

/* ---- one request ---- */

static void attempt(struct pw_fetcher *f, const char *url, const char *etag,
                    const char *last_modified, struct pw_response *r) {
  CURL *c = f->curl;
  struct sink s = {.max = f->o.max_bytes};
  struct curl_slist *hdrs = NULL;
  char line[600];
  bool nomem = false;
  if (etag) {
    snprintf(line, sizeof line, "If-None-Match: %s", etag);
    nomem |= !(hdrs = curl_slist_append(hdrs, line));
  }
  if (last_modified && !nomem) {
    snprintf(line, sizeof line, "If-Modified-Since: %s", last_modified);
    struct curl_slist *h2 = curl_slist_append(hdrs, line);
    nomem |= !h2;
    hdrs = h2 ? h2 : hdrs;
  }
  if (nomem) {
    curl_slist_free_all(hdrs);
    snprintf(r->error, sizeof r->error, "out of memory");
    return;
  }
  curl_easy_reset(c);
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_USERAGENT, user_agent);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)MAX_REDIRECTS);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* whatever libcurl can decode */
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(f->o.timeout * 1000));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   (long)(f->o.timeout * 1000 < 10000 ? f->o.timeout * 1000 : 10000));
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->o.max_bytes);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &s);
  if (f->connect_to)
    curl_easy_setopt(c, CURLOPT_CONNECT_TO, f->connect_to);
  CURLcode cc = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
  char *eff = NULL;
  curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff);
  r->final_url = ps_strdup(eff ? eff : url);
  curl_slist_free_all(hdrs);
  if (s.too_large || cc == CURLE_FILESIZE_EXCEEDED) {
    snprintf(r->error, sizeof r->error, "larger than %ld bytes", f->o.max_bytes);
  } else if (s.nomem || !r->final_url) {
    snprintf(r->error, sizeof r->error, "out of memory");
  } else if (cc == CURLE_TOO_MANY_REDIRECTS) {
    snprintf(r->error, sizeof r->error, "more than %d redirects (a redirect loop?)", MAX_REDIRECTS);
  } else if (cc == CURLE_OPERATION_TIMEDOUT) {
    snprintf(r->error, sizeof r->error, "no complete answer within %.1f s (timed out)",
             f->o.timeout);
    r->transient = true;
  } else if (cc != CURLE_OK) {
    snprintf(r->error, sizeof r->error, "%s", curl_easy_strerror(cc));
    r->transient = cc == CURLE_OPERATION_TIMEDOUT || cc == CURLE_COULDNT_CONNECT ||
                   cc == CURLE_COULDNT_RESOLVE_HOST || cc == CURLE_RECV_ERROR ||
                   cc == CURLE_SEND_ERROR || cc == CURLE_GOT_NOTHING || cc == CURLE_PARTIAL_FILE ||
                   cc == CURLE_SSL_CONNECT_ERROR;
  } else if (r->status != 200 && r->status != 304) {
    snprintf(r->error, sizeof r->error, "HTTP status %ld", r->status);
    r->transient = r->status >= 500 || r->status == 429 || r->status == 408;
  }
  r->content_type = s.content_type;
  r->etag = s.etag;
  r->last_modified = s.last_modified;
  if (!r->error[0] && r->status == 200) {
    if (ps_buf_puts(&s.body, "")) {
      snprintf(r->error, sizeof r->error, "out of memory");
    } else {
      r->len = s.body.len;
      r->body = ps_buf_detach(&s.body);
    }
  }
  ps_buf_release(&s.body);
}

int pw_fetch(struct pw_fetcher *f, const char *url, double interval, const char *etag,
             const char *last_modified, struct pw_response *r) {
  memset(r, 0, sizeof *r);
  struct host_clock *hc = clock_of(f, url);
  double wait = f->o.retry_wait;
  for (int tries = 0;; tries++) {
    if (hc->last.tv_sec)
      pause_for(interval - since(&hc->last));
    attempt(f, url, etag, last_modified, r);
    clock_gettime(CLOCK_MONOTONIC, &hc->last);
    if (!r->error[0])
      return PSST_OK;
    if (!strcmp(r->error, "out of memory"))
      return PSST_ENOMEM;
    if (!r->transient || tries >= f->o.retries)
      return PSST_EIO;
    if (f->o.log)
      fprintf(f->o.log, "psst watch: %s: %s; trying again in %.1f s\n", url, r->error, wait);
    pause_for(wait);
    wait *= 2;
    pw_response_release(r);
  }
}
