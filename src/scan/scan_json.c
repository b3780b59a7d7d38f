/*
 * scan_json.c: the articles of a JSON document or of one JSON Lines line.
 *
 * Archives store articles as arrays of objects, at the top or under a key ({"videoList":
 * [...]}), each object with its text, title, date and address under names that differ
 * from one crawler to the next, sometimes inside a nested object ("video_detail"). The
 * fields are found by name first (the names below), then by content: the longest string
 * is the text, a string that starts with http is the address, a string that starts with
 * a date is the date.
 */
#define _GNU_SOURCE /* memmem */
#include "jsonutil.h"
#include "scan_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const text_names[] = {"content", "text",         "body",        "article",
                                         "正文",    "article_body", "articleBody", "内容"};
static const char *const title_names[] = {"title", "video_title", "headline",
                                          "标题",  "desc",        "name"};
static const char *const date_names[] = {"pub_date",  "pubtime", "pubDate",
                                         "published", "date",    "publish_time",
                                         "time",      "日期",    "datePublished"};
static const char *const url_names[] = {"url", "video_url", "link", "href", "source_url", "网址"};
/* a short summary, the text when the article has no other */
static const char *const brief_names[] = {"brief", "summary", "description", "摘要"};

struct fields {
  const char *text, *title, *date, *url, *brief;
  int text_rank, title_rank, date_rank, url_rank,
      brief_rank; /* index of the name found; lower wins */
  const char *longest, *any_url, *any_date;
};

static int rank_of(const char *key, const char *const *names, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(key, names[i]))
      return (int)i;
  return -1;
}

static void take(const char **slot, int *slot_rank, const char *v, int rank) {
  if (rank < 0 || !v[0])
    return;
  if (!*slot || rank < *slot_rank) {
    *slot = v;
    *slot_rank = rank;
  }
}

#define N(a) (sizeof a / sizeof *a)

static void collect(json_t *obj, struct fields *f, int depth) {
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    if (json_is_object(v) && depth < 3) {
      collect(v, f, depth + 1);
      continue;
    }
    if (!json_is_string(v))
      continue;
    const char *s = json_string_value(v);
    take(&f->text, &f->text_rank, s, rank_of(key, text_names, N(text_names)));
    take(&f->title, &f->title_rank, s, rank_of(key, title_names, N(title_names)));
    take(&f->date, &f->date_rank, s, rank_of(key, date_names, N(date_names)));
    take(&f->url, &f->url_rank, s, rank_of(key, url_names, N(url_names)));
    take(&f->brief, &f->brief_rank, s, rank_of(key, brief_names, N(brief_names)));
    if (!f->longest || json_string_length(v) > strlen(f->longest))
      f->longest = s;
    if (!f->any_url && (!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8)))
      f->any_url = s;
    char d[11];
    if (!f->any_date && ps_date_at(s, strlen(s), d))
      f->any_date = s;
  }
}

/* Whether an object carries an article's text (by name, or a string of some length). */
static bool is_article(json_t *obj) {
  struct fields f = {0};
  collect(obj, &f, 0);
  return f.text || (f.longest && strlen(f.longest) >= 60);
}

/* The article list: the first array of objects, depth first; NULL when none. */
static json_t *find_list(json_t *v, int depth) {
  if (json_is_array(v)) {
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) if (json_is_object(e) && is_article(e)) return v;
    return NULL;
  }
  if (!json_is_object(v) || depth > 3)
    return NULL;
  const char *key;
  json_t *m;
  json_object_foreach(v, key, m) {
    (void)key;
    json_t *l = find_list(m, depth + 1);
    if (l)
      return l;
  }
  return NULL;
}

static int article(json_t *obj, long number, long line, const char *file_date, ps_item_fn fn,
                   void *ctx, size_t *n_items) {
  struct fields f = {0};
  collect(obj, &f, 0);
  const char *text = f.text ? f.text : f.brief ? f.brief : f.longest;
  if (!text)
    return PSST_OK;
  /* only an article that may be a readout goes on: the same test as a text file's */
  if (!ps_prefilter_any(text, strlen(text), false) &&
      !(f.title && ps_prefilter_any(f.title, strlen(f.title), false)))
    return PSST_OK;
  char date[11] = "";
  const char *ds = f.date ? f.date : f.any_date;
  if (!ds || !ps_date_at(ds, strlen(ds), date))
    snprintf(date, sizeof date, "%s", file_date ? file_date : "");
  const char *url = f.url ? f.url : f.any_url ? f.any_url : "";
  struct ps_item it = {.number = number,
                       .line = line,
                       .headline = f.title ? f.title : "",
                       .text = text,
                       .len = strlen(text),
                       .published = date,
                       .url = url};
  ++*n_items;
  return fn(ctx, &it);
}

int ps_json_items(const char *doc, size_t len, bool one_line, long line, const char *file_date,
                  ps_item_fn fn, void *ctx, size_t *n_items, struct psst_error *err) {
  json_error_t je;
  /* a line of JSON Lines may end in CR */
  while (len && (doc[len - 1] == '\r' || doc[len - 1] == ' '))
    len--;
  if (!len)
    return PSST_OK;
  json_t *root = ps_json_parse(doc, len, JSON_DECODE_ANY, &je);
  if (!root && ps_json_nomem(&je))
    return ps_err(err, PSST_ENOMEM, "out of memory reading JSON");
  if (!root)
    return ps_err(err, PSST_EINVAL, "not JSON (line %d: %s)", je.line, je.text);
  int rc = PSST_OK;
  if (one_line || (json_is_object(root) && is_article(root) && !find_list(root, 0))) {
    if (json_is_object(root))
      rc = article(root, one_line ? line : 1, line, file_date, fn, ctx, n_items);
    else
      rc = ps_err(err, PSST_EINVAL, "a line that is not a JSON object");
  } else {
    json_t *list = find_list(root, 0);
    if (!list) {
      rc = ps_err(err, PSST_EINVAL,
                  "JSON that is not an article list (no array of objects with a text)");
    } else {
      size_t i;
      json_t *e;
      json_array_foreach(list, i, e) {
        if (json_is_object(e) &&
            (rc = article(e, (long)i + 1, 0, file_date, fn, ctx, n_items)) != PSST_OK)
          break;
      }
    }
  }
  json_decref(root);
  return rc;
}
