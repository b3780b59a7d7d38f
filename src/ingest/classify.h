/*
 * classify.h: topic and technology-tag suggestion for a session's subject, from the
 * codebook's keyword lists and a model learned from curated sessions. Internal to
 * libpsst; the readout parser and psst_classify build on it.
 */
#ifndef PSST_CLASSIFY_H
#define PSST_CLASSIFY_H

#include "internal.h"

struct ps_classifier; /* opaque */

struct ps_class_result {
  /* primary topic code (points into the refdata), NULL when nothing scored */
  const char *topic;
  const char *topics[2]; /* secondary topic codes */
  size_t n_topics;
  const char *tech[8]; /* technology tag codes */
  size_t n_tech;
  /* human-readable: which keywords/cues decided, e.g. "人工智能 -> ai; 监管 -> law" */
  char evidence[512];
};

/*
 * Training examples are curated sessions (title_zh, title_en, topic, topics, tech);
 * `r` must outlive the classifier.
 */
int ps_classifier_new(const struct ps_refdata *r, const struct psst_session *train, size_t n_train,
                      struct ps_classifier **out, struct psst_error *err);
/*
 * title_zh: the subject in simplified Chinese; title_en may be NULL or ""; body: the
 * readout text (simplified) or NULL.
 */
int ps_classify(const struct ps_classifier *c, const char *title_zh, const char *title_en,
                const char *body, struct ps_class_result *out);
void ps_classifier_free(struct ps_classifier *c);

#endif
