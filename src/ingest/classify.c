/*
 * classify.c: suggests a session's primary topic, secondary topics and technology
 * tags from its subject and, when there is one, the readout's text.
 *
 * Two kinds of evidence, added in log space:
 *  - the codebook's keyword lists (codebook.json, not this file), found in the
 *    Chinese title, or in the English one when the Chinese names no keyword. The
 *    longest match wins and two matches never overlap, so that 金融安全 counts for
 *    the economy without 安全 also counting for security. A keyword in the title
 *    weighs KW_TITLE; keywords in the body add KW_BODY * log2(1 + hits), so that a
 *    long readout mentioning a topic in passing cannot outvote its own subject.
 *  - multinomial naive Bayes learned from the training sessions' titles: Chinese
 *    character bigrams (no word segmentation, as in the search index) and English
 *    words, with additive smoothing. It settles what the keywords leave tied and
 *    carries titles whose words no list names.
 * Tags come from the tags' keyword lists (the title, or at least BODY_TAG_MIN hits
 * in the body), plus one learned rule: a topic whose every training session carries
 * a tag (DEFAULT_TAG_MIN of them at least) lends its most common tag to a subject
 * that names none, which is how a session on science in general gets general-sti.
 *
 * The weights below were chosen on the record's leave-one-out figures (psst classify
 * --evaluate), as the keyword lists were written with the record in view: those
 * figures are an upper bound for readouts the record has not seen.
 */
#include "classify.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define NB_ALPHA        0.5  /* additive smoothing of the bigram and word counts */
#define NB_WEIGHT       0.2  /* the learned log-likelihood, tempered: ten titles a topic are few */
#define KW_TITLE        5.0  /* log-odds a keyword in the title adds to its topic */
#define KW_BODY         1.0  /* per doubling of a topic's keyword hits in the body */
#define SECONDARY_P     0.15 /* posterior a runner-up needs to be a secondary topic */
#define BODY_TAG_MIN    2    /* body hits that make a tag; one may be a passing mention */
#define DEFAULT_TAG_MIN 3    /* training sessions of a topic before its default tag holds */
#define NONE            SIZE_MAX

/* The English keywords of one code, folded as English text is (see fold_en). */
struct kwlist {
  char **en;
  size_t n;
};

struct ps_classifier {
  const struct ps_refdata *r;
  size_t k; /* topics */
  size_t n_train;
  double *log_prior; /* per topic */
  double *log_den;   /* per topic: log(tokens + alpha * vocabulary) */
  /* the vocabulary: feature strings and their counts per topic, k a row */
  char **feat;
  unsigned *count;
  size_t n_feat, cap_feat;
  size_t *slot; /* open addressing over feat: index + 1, 0 empty */
  size_t n_slot;
  unsigned long *tokens; /* per topic */
  struct kwlist *topic_kw, *tag_kw;
  size_t *default_tag; /* per topic: a tag index, NONE */
};

/* ---- text ---- */

static bool is_cjk(utf8proc_int32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2EBEF);
}

/*
 * English text for matching: ASCII letters and digits in lower case, every other
 * run of characters one space, a space at each end: "China's all-media era" is
 * " china s all media era ". Keywords are folded the same way, without the spaces.
 */
static char *fold_en(const char *s, bool pad) {
  size_t n = strlen(s);
  char *o = malloc(n + 3), *w = o;
  if (!o)
    return NULL;
  if (pad)
    *w++ = ' ';
  for (; *s; s++) {
    char c = *s;
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (word)
      *w++ = c;
    else if (w > o && w[-1] != ' ')
      *w++ = ' ';
  }
  if (!pad && w > o && w[-1] == ' ')
    w--;
  if (pad && w[-1] != ' ')
    *w++ = ' ';
  *w = '\0';
  return o;
}

static const char *const stopwords[] = {
    "a",  "an",  "and", "as",    "at",   "by",    "for", "from", "in",    "into", "its", "of",
    "on", "the", "to",  "under", "with", "china", "our", "s",    "their", "it",   "is",  "be"};

static bool is_stopword(const char *w) {
  for (size_t i = 0; i < sizeof stopwords / sizeof *stopwords; i++)
    if (!strcmp(stopwords[i], w))
      return true;
  return false;
}

typedef int (*feature_fn)(void *ctx, const char *f, size_t len);

/*
 * The model's features of a title: each pair of adjacent Chinese characters, and
 * each English word that is not a stop word, a plural folded to its singular.
 */
static int each_feature(const char *zh, const char *en, feature_fn fn, void *ctx) {
  int rc;
  const char *prev = NULL;
  size_t prev_len = 0;
  for (size_t i = 0, len = zh ? strlen(zh) : 0; i < len;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)zh + i, (utf8proc_ssize_t)(len - i), &cp);
    if (n <= 0) {
      prev = NULL;
      i++;
      continue;
    }
    if (is_cjk(cp)) {
      if (prev && (rc = fn(ctx, prev, prev_len + (size_t)n)))
        return rc;
      prev = zh + i, prev_len = (size_t)n;
    } else {
      prev = NULL;
    }
    i += (size_t)n;
  }
  char word[48];
  for (const char *s = en ? en : ""; *s;) {
    size_t n = 0;
    while (s[n] && ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
                    (s[n] >= '0' && s[n] <= '9')))
      n++;
    if (!n) {
      s++;
      continue;
    }
    if (n < sizeof word) {
      for (size_t i = 0; i < n; i++)
        word[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
      word[n] = '\0';
      size_t wl = n;
      if (wl > 4 && !strcmp(word + wl - 3, "ies"))
        strcpy(word + wl - 3, "y"), wl -= 2;
      else if (wl > 3 && word[wl - 1] == 's' && word[wl - 2] != 's')
        word[--wl] = '\0';
      if (!is_stopword(word) && (rc = fn(ctx, word, wl)))
        return rc;
    }
    s += n;
  }
  return PSST_OK;
}

/* ---- the vocabulary ---- */

static uint64_t hash(const char *s, size_t n) {
  uint64_t h = 1469598103934665603u;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211u;
  return h;
}

static size_t lookup(const struct ps_classifier *c, const char *f, size_t len) {
  if (!c->n_slot)
    return NONE;
  for (size_t i = hash(f, len) & (c->n_slot - 1);; i = (i + 1) & (c->n_slot - 1)) {
    size_t at = c->slot[i];
    if (!at)
      return NONE;
    if (!strncmp(c->feat[at - 1], f, len) && !c->feat[at - 1][len])
      return at - 1;
  }
}

static int rehash(struct ps_classifier *c) {
  size_t n = c->n_slot ? c->n_slot * 2 : 1024;
  size_t *slot = calloc(n, sizeof *slot);
  if (!slot)
    return PSST_ENOMEM;
  for (size_t f = 0; f < c->n_feat; f++) {
    size_t i = hash(c->feat[f], strlen(c->feat[f])) & (n - 1);
    while (slot[i])
      i = (i + 1) & (n - 1);
    slot[i] = f + 1;
  }
  free(c->slot);
  c->slot = slot, c->n_slot = n;
  return PSST_OK;
}

/* The index of feature f, added with zero counts when new; NONE when memory ran out. */
static size_t intern(struct ps_classifier *c, const char *f, size_t len) {
  size_t at = lookup(c, f, len);
  if (at != NONE)
    return at;
  if (c->n_feat == c->cap_feat) {
    size_t cap = c->cap_feat ? c->cap_feat * 2 : 512;
    char **feat = realloc(c->feat, cap * sizeof *feat);
    if (!feat)
      return NONE;
    c->feat = feat;
    unsigned *count = realloc(c->count, cap * c->k * sizeof *count);
    if (!count)
      return NONE;
    c->count = count;
    c->cap_feat = cap;
  }
  if (2 * (c->n_feat + 1) > c->n_slot && rehash(c))
    return NONE;
  char *copy = malloc(len + 1);
  if (!copy)
    return NONE;
  memcpy(copy, f, len);
  copy[len] = '\0';
  at = c->n_feat++;
  c->feat[at] = copy;
  memset(c->count + at * c->k, 0, c->k * sizeof *c->count);
  size_t i = hash(f, len) & (c->n_slot - 1);
  while (c->slot[i])
    i = (i + 1) & (c->n_slot - 1);
  c->slot[i] = at + 1;
  return at;
}

struct train_ctx {
  struct ps_classifier *c;
  size_t topic;
};

static int train_feature(void *ctx, const char *f, size_t len) {
  struct train_ctx *t = ctx;
  size_t at = intern(t->c, f, len);
  if (at == NONE)
    return PSST_ENOMEM;
  t->c->count[at * t->c->k + t->topic]++;
  t->c->tokens[t->topic]++;
  return PSST_OK;
}

static size_t code_index(const struct ps_code *v, size_t n, const char *code) {
  const struct ps_code *at = ps_code_find(v, n, code);
  return at ? (size_t)(at - v) : NONE;
}

static int fold_keywords(const struct ps_code *codes, size_t n, struct kwlist **out) {
  *out = calloc(n + 1, sizeof **out);
  if (!*out)
    return PSST_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    struct kwlist *l = &(*out)[i];
    if (!(l->en = calloc(codes[i].n_kw_en + 1, sizeof *l->en)))
      return PSST_ENOMEM;
    for (size_t j = 0; j < codes[i].n_kw_en; j++, l->n++)
      if (!(l->en[j] = fold_en(codes[i].kw_en[j], false)))
        return PSST_ENOMEM;
  }
  return PSST_OK;
}

static void free_keywords(struct kwlist *l, size_t n) {
  for (size_t i = 0; l && i < n; i++) {
    for (size_t j = 0; j < l[i].n; j++)
      free(l[i].en[j]);
    free(l[i].en);
  }
  free(l);
}

void ps_classifier_free(struct ps_classifier *c) {
  if (!c)
    return;
  for (size_t i = 0; i < c->n_feat; i++)
    free(c->feat[i]);
  free(c->feat), free(c->count), free(c->slot), free(c->tokens);
  free(c->log_prior), free(c->log_den), free(c->default_tag);
  free_keywords(c->topic_kw, c->r->n_topics);
  free_keywords(c->tag_kw, c->r->n_tags);
  free(c);
}

/* Per topic, the tag its training sessions all carry most often, when they all carry one. */
static int learn_default_tags(struct ps_classifier *c, const struct psst_session *train,
                              size_t n_train) {
  const struct ps_refdata *r = c->r;
  size_t *sessions = calloc(c->k + 1, sizeof *sessions);
  size_t *tagged = calloc(c->k + 1, sizeof *tagged);
  size_t *tags = calloc(c->k * r->n_tags + 1, sizeof *tags);
  if (!sessions || !tagged || !tags) {
    free(sessions), free(tagged), free(tags);
    return PSST_ENOMEM;
  }
  for (size_t i = 0; i < n_train; i++) {
    size_t t = code_index(r->topics, r->n_topics, train[i].topic);
    if (t == NONE)
      continue;
    sessions[t]++;
    tagged[t] += train[i].n_tech > 0;
    for (size_t j = 0; j < train[i].n_tech; j++) {
      size_t g = code_index(r->tags, r->n_tags, train[i].tech[j]);
      if (g != NONE)
        tags[t * r->n_tags + g]++;
    }
  }
  for (size_t t = 0; t < c->k; t++) {
    c->default_tag[t] = NONE;
    if (sessions[t] < DEFAULT_TAG_MIN || tagged[t] < sessions[t])
      continue;
    for (size_t g = 0; g < r->n_tags; g++)
      if (tags[t * r->n_tags + g] &&
          (c->default_tag[t] == NONE ||
           tags[t * r->n_tags + g] > tags[t * r->n_tags + c->default_tag[t]]))
        c->default_tag[t] = g;
  }
  free(sessions), free(tagged), free(tags);
  return PSST_OK;
}

int ps_classifier_new(const struct ps_refdata *r, const struct psst_session *train, size_t n_train,
                      struct ps_classifier **out, struct psst_error *err) {
  *out = NULL;
  if (!r || (n_train && !train))
    return ps_err(err, PSST_EINVAL, "the classifier needs the reference data");
  struct ps_classifier *c = calloc(1, sizeof *c);
  size_t *sessions = calloc(r->n_topics + 1, sizeof *sessions);
  int rc = PSST_ENOMEM;
  if (!c || !sessions) {
    free(c), free(sessions);
    return ps_err(err, PSST_ENOMEM, "out of memory");
  }
  c->r = r;
  c->k = r->n_topics;
  c->log_prior = calloc(c->k + 1, sizeof *c->log_prior);
  c->log_den = calloc(c->k + 1, sizeof *c->log_den);
  c->tokens = calloc(c->k + 1, sizeof *c->tokens);
  c->default_tag = calloc(c->k + 1, sizeof *c->default_tag);
  if (!c->log_prior || !c->log_den || !c->tokens || !c->default_tag ||
      fold_keywords(r->topics, r->n_topics, &c->topic_kw) ||
      fold_keywords(r->tags, r->n_tags, &c->tag_kw))
    goto fail;
  for (size_t i = 0; i < n_train; i++) {
    const struct psst_session *s = &train[i];
    if (!s->topic)
      continue; /* not curated yet: nothing to learn */
    struct train_ctx t = {c, code_index(r->topics, r->n_topics, s->topic)};
    if (t.topic == NONE) {
      rc = ps_err(err, PSST_EINVAL, "training session %d-%d: unknown topic '%s'", s->term,
                  s->number, s->topic);
      goto fail_quiet;
    }
    sessions[t.topic]++;
    c->n_train++;
    if (each_feature(s->title_zh, s->title_en, train_feature, &t))
      goto fail;
  }
  /* add-one on the prior too, so that a topic no session has had yet stays possible */
  for (size_t t = 0; t < c->k; t++) {
    c->log_prior[t] = log((double)(sessions[t] + 1) / (double)(c->n_train + c->k));
    c->log_den[t] = log((double)c->tokens[t] + NB_ALPHA * (double)c->n_feat);
  }
  if (learn_default_tags(c, train, n_train))
    goto fail;
  free(sessions);
  *out = c;
  return PSST_OK;
fail:
  rc = ps_err(err, PSST_ENOMEM, "out of memory building the classifier");
fail_quiet:
  free(sessions);
  ps_classifier_free(c);
  return rc;
}

/* ---- keyword matching ---- */

struct hit {
  size_t start, len; /* bytes of the searched text */
  size_t code;       /* index into the codes searched */
  const char *kw;    /* the keyword as the codebook writes it */
};

struct hits {
  struct hit *v;
  size_t n, cap;
};

static int hit_add(struct hits *h, size_t start, size_t len, size_t code, const char *kw) {
  if (h->n == h->cap) {
    size_t cap = h->cap ? h->cap * 2 : 32;
    struct hit *v = realloc(h->v, cap * sizeof *v);
    if (!v)
      return PSST_ENOMEM;
    h->v = v, h->cap = cap;
  }
  h->v[h->n++] = (struct hit){start, len, code, kw};
  return PSST_OK;
}

static int longest_first(const void *a, const void *b) {
  const struct hit *x = a, *y = b;
  if (x->len != y->len)
    return x->len > y->len ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->code < y->code ? -1 : x->code > y->code;
}

/*
 * Keeps the longest matches, never two that overlap, except that one span may
 * count for several codes: 网络强国 names both the internet and cyberspace tags.
 */
static void resolve(struct hits *h) {
  if (!h->n)
    return;
  qsort(h->v, h->n, sizeof *h->v, longest_first);
  size_t kept = 0;
  for (size_t i = 0; i < h->n; i++) {
    const struct hit *x = &h->v[i];
    bool clash = false;
    for (size_t j = 0; j < kept && !clash; j++) {
      const struct hit *y = &h->v[j];
      bool same = x->start == y->start && x->len == y->len;
      clash = (same && x->code == y->code) ||
              (!same && x->start < y->start + y->len && y->start < x->start + x->len);
    }
    if (!clash)
      h->v[kept++] = *x;
  }
  h->n = kept;
}

/* Chinese keywords: any substring (UTF-8 cannot match in the middle of a character). */
static int scan_zh(const struct ps_code *codes, size_t n, const char *text, struct hits *h) {
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < codes[i].n_kw_zh; j++) {
      const char *kw = codes[i].kw_zh[j];
      size_t len = strlen(kw);
      for (const char *at = strstr(text, kw); at; at = strstr(at + 1, kw))
        if (hit_add(h, (size_t)(at - text), len, i, kw))
          return PSST_ENOMEM;
    }
  resolve(h);
  return PSST_OK;
}

/* English keywords in folded text: whole words, a final plural s allowed. */
static int scan_en(const struct ps_code *codes, const struct kwlist *folded, size_t n,
                   const char *text, struct hits *h) {
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < folded[i].n; j++) {
      const char *kw = folded[i].en[j];
      size_t len = strlen(kw);
      if (!len)
        continue;
      for (const char *at = strstr(text, kw); at; at = strstr(at + 1, kw)) {
        if (at[-1] != ' ')
          continue;
        size_t end = at[len] == ' ' ? len : at[len] == 's' && at[len + 1] == ' ' ? len + 1 : 0;
        if (end && hit_add(h, (size_t)(at - text), end, i, codes[i].kw_en[j]))
          return PSST_ENOMEM;
      }
    }
  resolve(h);
  return PSST_OK;
}

/* The hits of a title: the Chinese, or the English when the Chinese has none. */
static int scan_title(const struct ps_code *codes, const struct kwlist *folded, size_t n,
                      const char *zh, const char *en_folded, struct hits *h) {
  int rc = zh ? scan_zh(codes, n, zh, h) : PSST_OK;
  if (!rc && !h->n && en_folded)
    rc = scan_en(codes, folded, n, en_folded, h);
  return rc;
}

/* ---- the evidence line ---- */

static const char *topic_code(const struct ps_classifier *c, size_t i) {
  return c->r->topics[i].code;
}

struct cue {
  const char *kw;
  size_t start, len; /* in the title; body cues: start is NONE */
  size_t hits;
  char codes[96];
};

struct cues {
  struct cue v[48];
  size_t n;
};

static bool has_code(const char *list, const char *code) {
  size_t n = strlen(code);
  for (const char *s = list; *s; s += strcspn(s, ","), s += strspn(s, ", "))
    if (strcspn(s, ",") == n && !strncmp(s, code, n))
      return true;
  return false;
}

/*
 * A title span once, with every code it names (人工智能 -> sti, ai); a keyword of
 * the body once, with its codes and the times it occurs.
 */
static void cue_add(struct cues *q, const char *kw, size_t start, size_t len, const char *code) {
  size_t i = 0;
  while (i < q->n && !(start == NONE ? q->v[i].start == NONE && !strcmp(q->v[i].kw, kw)
                                     : q->v[i].start == start && q->v[i].len == len))
    i++;
  if (i == q->n) {
    if (q->n == sizeof q->v / sizeof *q->v)
      return;
    q->v[q->n++] = (struct cue){.kw = kw, .start = start, .len = len, .hits = 1};
    snprintf(q->v[i].codes, sizeof q->v[i].codes, "%s", code);
    return;
  }
  struct cue *x = &q->v[i];
  size_t used = strlen(x->codes);
  if (!has_code(x->codes, code))
    snprintf(x->codes + used, sizeof x->codes - used, ", %s", code);
  else if (start == NONE && strcspn(x->codes, ",") == strlen(code) &&
           !strncmp(x->codes, code, strlen(code)))
    x->hits++; /* the body's occurrences, counted for its first code only */
}

static int by_position(const void *a, const void *b) {
  const struct cue *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->hits > y->hits ? -1 : x->hits < y->hits;
}

/* Copies the items of b into out, whole items only, so that no character is cut. */
static void set_evidence(struct ps_class_result *out, const struct ps_buf *b) {
  size_t max = sizeof out->evidence - 1, n = b->len;
  if (n > max) {
    n = 0;
    for (const char *s = strstr(b->s, "; "); s && (size_t)(s - b->s) <= max;
         s = strstr(s + 2, "; "))
      n = (size_t)(s - b->s);
  }
  memcpy(out->evidence, b->s ? b->s : "", n);
  out->evidence[n] = '\0';
}

/* ---- classification ---- */

static bool in_result(const struct ps_class_result *o, const char *code) {
  if (o->topic == code)
    return true;
  for (size_t i = 0; i < o->n_topics; i++)
    if (o->topics[i] == code)
      return true;
  for (size_t i = 0; i < o->n_tech; i++)
    if (o->tech[i] == code)
      return true;
  return false;
}

struct scratch {
  char *en;                     /* the folded English title */
  struct hits topic_t, topic_b; /* topic keywords in the title, in the body */
  struct hits tag_t, tag_b;     /* the same for tags */
  double *score, *nb;
  size_t *body_hits;
  struct ps_buf ev;
};

static void scratch_release(struct scratch *s) {
  free(s->en), free(s->topic_t.v), free(s->topic_b.v), free(s->tag_t.v), free(s->tag_b.v);
  free(s->score), free(s->nb), free(s->body_hits);
  ps_buf_release(&s->ev);
}

struct score_ctx {
  const struct ps_classifier *c;
  double *nb;
  size_t known;
};

static int score_feature(void *ctx, const char *f, size_t len) {
  struct score_ctx *s = ctx;
  const struct ps_classifier *c = s->c;
  size_t at = lookup(c, f, len);
  if (at == NONE)
    return PSST_OK; /* a word no training title had says nothing about any topic */
  s->known++;
  for (size_t t = 0; t < c->k; t++)
    s->nb[t] += log((double)c->count[at * c->k + t] + NB_ALPHA) - c->log_den[t];
  return PSST_OK;
}

static int write_evidence(const struct ps_classifier *c, struct scratch *x, size_t known,
                          size_t nb_best, bool default_tag, struct ps_class_result *out) {
  const struct ps_refdata *r = c->r;
  struct cues q = {0};
  const struct hits *title[2] = {&x->topic_t, &x->tag_t}, *body[2] = {&x->topic_b, &x->tag_b};
  for (int k = 0; k < 2; k++) {
    const struct ps_code *codes = k ? r->tags : r->topics;
    for (size_t i = 0; i < title[k]->n; i++) {
      const struct hit *h = &title[k]->v[i];
      cue_add(&q, h->kw, h->start, h->len, codes[h->code].code);
    }
  }
  qsort(q.v, q.n, sizeof *q.v, by_position);
  size_t n_title = q.n;
  struct cues qb = {0};
  for (int k = 0; k < 2; k++) {
    const struct ps_code *codes = k ? r->tags : r->topics;
    for (size_t i = 0; i < body[k]->n; i++) {
      const struct hit *h = &body[k]->v[i];
      if (in_result(out, codes[h->code].code))
        cue_add(&qb, h->kw, NONE, 0, codes[h->code].code);
    }
  }
  qsort(qb.v, qb.n, sizeof *qb.v, by_position);
  struct ps_buf *b = &x->ev;
  for (size_t i = 0; i < n_title; i++) {
    /* a keyword the title repeats is one cue, counted */
    size_t times = 1, first = 0;
    while (first < i &&
           (strcmp(q.v[first].kw, q.v[i].kw) || strcmp(q.v[first].codes, q.v[i].codes)))
      first++;
    if (first < i)
      continue;
    for (size_t j = i + 1; j < n_title; j++)
      times += !strcmp(q.v[j].kw, q.v[i].kw) && !strcmp(q.v[j].codes, q.v[i].codes);
    if (ps_buf_printf(b, "%s%s", b->len ? "; " : "", q.v[i].kw) ||
        (times > 1 && ps_buf_printf(b, " x%zu", times)) || ps_buf_printf(b, " -> %s", q.v[i].codes))
      return PSST_ENOMEM;
  }
  for (size_t i = 0; i < qb.n; i++)
    if (ps_buf_printf(b, "%s%s", b->len ? "; " : "", qb.v[i].kw) ||
        (qb.v[i].hits > 1 && ps_buf_printf(b, " x%zu", qb.v[i].hits)) ||
        ps_buf_printf(b, " in the text -> %s", qb.v[i].codes))
      return PSST_ENOMEM;
  if (known && nb_best != NONE &&
      ps_buf_printf(b, "%stitle model (%zu sessions, %zu known feature%s) -> %s",
                    b->len ? "; " : "", c->n_train, known, known == 1 ? "" : "s",
                    topic_code(c, nb_best)))
    return PSST_ENOMEM;
  if (default_tag && ps_buf_printf(b, "%severy %s session so far has a tag -> %s",
                                   b->len ? "; " : "", out->topic, out->tech[0]))
    return PSST_ENOMEM;
  set_evidence(out, b);
  return PSST_OK;
}

int ps_classify(const struct ps_classifier *c, const char *title_zh, const char *title_en,
                const char *body, struct ps_class_result *out) {
  if (!c || !out)
    return PSST_EINVAL;
  memset(out, 0, sizeof *out);
  const struct ps_refdata *r = c->r;
  struct scratch x = {0};
  int rc = PSST_ENOMEM;
  if (!(x.score = calloc(c->k + 1, sizeof *x.score)) || !(x.nb = calloc(c->k + 1, sizeof *x.nb)) ||
      !(x.body_hits = calloc(r->n_tags + c->k + 1, sizeof *x.body_hits)))
    goto out;
  if (title_en && *title_en && !(x.en = fold_en(title_en, true)))
    goto out;
  if (scan_title(r->topics, c->topic_kw, c->k, title_zh, x.en, &x.topic_t) ||
      scan_title(r->tags, c->tag_kw, r->n_tags, title_zh, x.en, &x.tag_t) ||
      (body &&
       (scan_zh(r->topics, c->k, body, &x.topic_b) || scan_zh(r->tags, r->n_tags, body, &x.tag_b))))
    goto out;

  /* the learned part, when there is a model and the title has a word it knows */
  struct score_ctx sc = {c, x.nb, 0};
  if (c->n_train && (rc = each_feature(title_zh, title_en, score_feature, &sc)))
    goto out;
  rc = PSST_ENOMEM;
  size_t nb_best = NONE;
  for (size_t t = 0; t < c->k; t++) {
    if (sc.known &&
        (nb_best == NONE || x.nb[t] + c->log_prior[t] > x.nb[nb_best] + c->log_prior[nb_best]))
      nb_best = t;
    x.score[t] = c->log_prior[t] + NB_WEIGHT * x.nb[t];
  }
  for (size_t i = 0; i < x.topic_t.n; i++)
    x.score[x.topic_t.v[i].code] += KW_TITLE;
  size_t *topic_body = x.body_hits + r->n_tags;
  for (size_t i = 0; i < x.topic_b.n; i++)
    topic_body[x.topic_b.v[i].code]++;
  for (size_t t = 0; t < c->k; t++)
    x.score[t] += KW_BODY * log2(1.0 + (double)topic_body[t]);

  if (sc.known || x.topic_t.n || x.topic_b.n) {
    size_t best = 0;
    for (size_t t = 1; t < c->k; t++)
      if (x.score[t] > x.score[best])
        best = t;
    out->topic = topic_code(c, best);
    /*
     * Runners-up: a topic the title names by a keyword of its own, or one the scores
     * (log-odds up to a constant) make likely enough, the best first.
     */
    double sum = 0;
    for (size_t t = 0; t < c->k; t++)
      sum += exp(x.score[t] - x.score[best]);
    while (out->n_topics < 2) {
      size_t next = NONE;
      for (size_t t = 0; t < c->k; t++) {
        bool named = false;
        for (size_t i = 0; i < x.topic_t.n && !named; i++)
          named = x.topic_t.v[i].code == t;
        bool likely = exp(x.score[t] - x.score[best]) / sum >= SECONDARY_P;
        if (t != best && !in_result(out, topic_code(c, t)) && (named || likely) &&
            (next == NONE || x.score[t] > x.score[next]))
          next = t;
      }
      if (next == NONE)
        break;
      out->topics[out->n_topics++] = topic_code(c, next);
    }
  }

  /* tags: a keyword in the title, or a few in the body; codebook order */
  for (size_t i = 0; i < x.tag_b.n; i++)
    x.body_hits[x.tag_b.v[i].code]++;
  bool *tag = calloc(r->n_tags + 1, sizeof *tag);
  if (!tag)
    goto out;
  for (size_t i = 0; i < x.tag_t.n; i++)
    tag[x.tag_t.v[i].code] = true;
  for (size_t g = 0; g < r->n_tags; g++)
    if ((tag[g] || x.body_hits[g] >= BODY_TAG_MIN) &&
        out->n_tech < sizeof out->tech / sizeof *out->tech)
      out->tech[out->n_tech++] = r->tags[g].code;
  free(tag);
  bool default_tag = false;
  if (!out->n_tech && out->topic) {
    size_t g = c->default_tag[code_index(r->topics, r->n_topics, out->topic)];
    if (g != NONE) {
      out->tech[out->n_tech++] = r->tags[g].code;
      default_tag = true;
    }
  }
  rc = write_evidence(c, &x, sc.known, nb_best, default_tag, out);
out:
  scratch_release(&x);
  return rc;
}
