/*
 * feed.c: /feed.atom, an Atom 1.0 feed (RFC 4287) of the records added or changed last,
 * so that a feed reader learns of a new session, or of one completed, without watching
 * the site.
 *
 * The entries are the FEED_ENTRIES sessions whose record changed last (their `updated`,
 * else `added`), then the newest sessions. An entry's id is the urn:uuid: of a name-based
 * (SHA-1, version 5) UUID of the session id in the URL namespace, so that it is the same on
 * every host and after every rebuild; its links are absolute, made with the server's base
 * URL. Everything from the data goes out through xml(): markup shows as text, and the
 * characters XML cannot hold as U+FFFD, so that the feed is always well-formed.
 */
#include "server_int.h"

#include <nettle/sha1.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
  FEED_ENTRIES = 50,
  UUID_URN = 46 /* "urn:uuid:" and 36 characters, NUL */
};

#define REPLACEMENT "\xEF\xBF\xBD"

/*
 * s as XML character data or an attribute value (either quote): the markup characters as
 * entities, and as U+FFFD what XML 1.0 does not allow (the C0 controls but tab, LF and
 * CR; U+FFFE and U+FFFF) and bytes that are not UTF-8.
 */
static void xml(FILE *m, const char *s) {
  static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
  const unsigned char *u = (const unsigned char *)s;
  while (u && *u) {
    unsigned c = *u;
    if (c < 0x80) {
      if (c == '&')
        fputs("&amp;", m);
      else if (c == '<')
        fputs("&lt;", m);
      else if (c == '>')
        fputs("&gt;", m);
      else if (c == '"')
        fputs("&quot;", m);
      else if (c == '\'')
        fputs("&apos;", m);
      else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        fputs(REPLACEMENT, m);
      else
        fputc((int)c, m);
      u++;
      continue;
    }
    size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    uint32_t cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    bool ok = n != 0;
    /* stops at the first byte that is not a continuation, the NUL included */
    for (size_t k = 1; ok && k < n; k++)
      if ((ok = (u[k] & 0xC0) == 0x80))
        cp = cp << 6 | (u[k] & 0x3F);
    if (ok && cp >= least[n] && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF) && cp != 0xFFFE &&
        cp != 0xFFFF) {
      fwrite(u, 1, n, m);
      u += n;
    } else {
      fputs(REPLACEMENT, m);
      u++;
    }
  }
}

/* urn:uuid: of the RFC 4122 name-based UUID (version 5, SHA-1) of name in the URL namespace:
   Python's uuid.uuid5(uuid.NAMESPACE_URL, name) */
static void uuid5(const char *name, char out[UUID_URN]) {
  static const uint8_t url_ns[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                     0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
  struct sha1_ctx h;
  uint8_t d[SHA1_DIGEST_SIZE];
  sha1_init(&h);
  sha1_update(&h, sizeof url_ns, url_ns);
  sha1_update(&h, strlen(name), (const uint8_t *)name);
  sha1_digest(&h, sizeof d, d);
  d[6] = (uint8_t)((d[6] & 0x0F) | 0x50); /* version 5 */
  d[8] = (uint8_t)((d[8] & 0x3F) | 0x80); /* the RFC 4122 variant */
  char *o = out + snprintf(out, UUID_URN, "urn:uuid:");
  for (int i = 0; i < 16; i++)
    o += snprintf(o, 4, "%s%02x", i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "", d[i]);
}

/* A day (YYYY-MM-DD) as an RFC 3339 time at its start, UTC. */
static void day_time(const char *day, char out[32]) {
  snprintf(out, 32, "%.10sT00:00:00Z", day);
}

/* The time an entry changed: the record's own days, else the session's. */
static const char *entry_day(const struct psst_session *s) {
  return s->updated ? s->updated : s->added ? s->added : s->date;
}

static void item(FILE *m, const char *name) {
  fputs("<li>", m);
  xml(m, name);
  fputs(": ", m);
}

static void entry(FILE *m, struct psst *p, const struct psst_session *s, const char *base,
                  const char *fallback) {
  char id[32], name[64], urn[UUID_URN], t[32];
  snprintf(id, sizeof id, "%d-%d", s->term, s->number);
  snprintf(name, sizeof name, "urn:psst:session:%s", id);
  uuid5(name, urn);
  fprintf(m, "<entry>\n<id>%s</id>\n<title>", urn);
  bool zh = s->title_zh && *s->title_zh, en = s->title_en && *s->title_en;
  xml(m, zh ? s->title_zh : "");
  fputs(zh && en ? " — " : "", m);
  xml(m, en ? s->title_en : "");
  if (!zh && !en)
    fprintf(m, "Session %s (subject unknown)", id);
  const char *day = entry_day(s);
  if (day)
    day_time(day, t);
  fprintf(m, "</title>\n<updated>%s</updated>\n", day ? t : fallback);
  if (s->date) {
    day_time(s->date, t);
    fprintf(m, "<published>%s</published>\n", t);
  }
  fputs("<link rel=\"alternate\" type=\"text/html\" href=\"", m);
  xml(m, base);
  fprintf(m, "/sessions/%s\"/>\n", id);
  if (s->topic) {
    fputs("<category term=\"", m);
    xml(m, s->topic);
    fputs("\" label=\"", m);
    xml(m, psst_label(p, "topic", s->topic, PSST_LANG_EN));
    fputs("\"/>\n", m);
  }
  fputs("<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><ul>", m);
  item(m, "Session");
  fprintf(m, "%s, ", id);
  xml(m, psst_label(p, "leader", s->leader, PSST_LANG_EN));
  fputs("</li>", m);
  item(m, "Date");
  char from[11], to[11];
  if (s->date)
    xml(m, s->date);
  else if (!psst_date_window(p, s->term, s->number, from, to, NULL, NULL) && *from)
    fprintf(m, "unknown; held between %s and %s", from, to);
  else
    fputs("unknown", m);
  fputs("</li>", m);
  item(m, "Format");
  xml(m, s->format ? psst_label(p, "format", s->format, PSST_LANG_EN) : "unknown");
  fputs("</li>", m);
  if (s->n_lecturers) {
    item(m, "Lecturers");
    for (size_t i = 0; i < s->n_lecturers; i++) {
      const struct psst_lecturer *l = &s->lecturers[i];
      fputs(i ? "; " : "", m);
      xml(m, l->name_zh);
      fputs(*l->name_zh && *l->name_en ? " " : "", m);
      xml(m, l->name_en);
      const char *aff = *l->affiliation_en ? l->affiliation_en : l->affiliation_zh;
      if (*aff) {
        fputs(" (", m);
        xml(m, aff);
        fputs(")", m);
      }
    }
    fputs("</li>", m);
  }
  if (s->n_speakers) {
    item(m, "Speakers");
    for (size_t i = 0; i < s->n_speakers; i++) {
      fputs(i ? ", " : "", m);
      xml(m, s->speakers[i]);
    }
    fputs("</li>", m);
  }
  item(m, "Sources");
  fputs(s->n_sources ? "<ul>" : "none yet", m);
  for (size_t i = 0; i < s->n_sources; i++) {
    const struct psst_source *src = &s->sources[i];
    /* the record's check admits only http(s) addresses */
    fputs("<li>", m);
    xml(m, src->publisher ? src->publisher : "?");
    fputs(", ", m);
    xml(m, psst_label(p, "source_kind", src->kind, PSST_LANG_EN));
    if (src->published) {
      fputs(", ", m);
      xml(m, src->published);
    }
    fputs(": <a href=\"", m);
    xml(m, src->url);
    fputs("\">", m);
    xml(m, src->url);
    fputs("</a></li>", m);
  }
  fputs(s->n_sources ? "</ul></li>" : "</li>", m);
  if (s->added || s->updated) {
    item(m, "Record");
    if (s->added)
      fprintf(m, "added %s", s->added);
    if (s->updated)
      fprintf(m, "%slast changed %s", s->added ? ", " : "", s->updated);
    fputs("</li>", m);
  }
  fputs("</ul></div></content>\n</entry>\n", m);
}

void sv_feed(struct psst *p, const struct sv_request *r, const char *base, struct sv_reply *out) {
  struct psst_error err = {0};
  struct psst_table *t = NULL;
  struct psst_session *v = NULL;
  size_t n = 0;
  char content[65], fallback[32] = "", updated[32] = "", urn[UUID_URN];
  long long built = 0;
  struct psst_page page = {.limit = FEED_ENTRIES, .order = PSST_ORDER_CHANGED};
  if (psst_db_identity(p, content, &built, &err) ||
      psst_list_page(p, NULL, &page, PSST_LANG_EN, &t, NULL, &err))
    goto fail;
  /* an entry that gives no day of its own, and an empty feed, take the build's time */
  time_t bt = (time_t)built;
  struct tm tm;
  if (gmtime_r(&bt, &tm))
    strftime(fallback, sizeof fallback, "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (!(v = calloc(t->nrows ? t->nrows : 1, sizeof *v))) {
    err.status = PSST_ENOMEM;
    goto fail;
  }
  /* listing columns: id date term number ... */
  for (; n < t->nrows; n++)
    if (psst_show(p, atoi(psst_cell(t, n, 2)), atoi(psst_cell(t, n, 3)), &v[n], NULL, &err))
      goto fail;
  /* the feed changed when its newest entry did */
  snprintf(updated, sizeof updated, "%s", fallback);
  for (size_t i = 0; i < n; i++) {
    char e[32];
    const char *day = entry_day(&v[i]);
    if (day)
      day_time(day, e);
    else
      snprintf(e, sizeof e, "%s", fallback);
    if (i == 0 || strcmp(e, updated) > 0)
      snprintf(updated, sizeof updated, "%s", e);
  }
  FILE *m = sv_begin(out);
  if (!m)
    goto done;
  uuid5("urn:psst:sessions", urn);
  fprintf(m,
          "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
          "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n"
          "<title>Politburo study sessions: records added or changed</title>\n"
          "<subtitle>psst, the sourced record of the Chinese Communist Party Politburo's "
          "collective study sessions: the %d records added or changed last, newest "
          "first</subtitle>\n<id>%s</id>\n<updated>%s</updated>\n<author><name>psst</name><uri>",
          FEED_ENTRIES, urn, updated);
  xml(m, base);
  fputs("/</uri></author>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"", m);
  xml(m, base);
  fputs("/feed.atom\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"", m);
  xml(m, base);
  fprintf(m, "/\"/>\n<generator version=\"%s\">psst</generator>\n", PSST_VERSION);
  for (size_t i = 0; i < n; i++)
    entry(m, p, &v[i], base, fallback);
  fputs("</feed>\n", m);
  if (!sv_finish(out, r, m)) {
    out->type = "application/atom+xml; charset=utf-8";
    out->cacheable = true;
  }
  goto done;
fail:
  sv_error(out, r, sv_http_status(err.status), err.msg[0] ? err.msg : psst_strerror(err.status));
done:
  for (size_t i = 0; v && i < n; i++)
    psst_session_release(&v[i]);
  free(v);
  psst_table_free(t);
}
