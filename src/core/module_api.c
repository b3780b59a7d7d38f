/*
 * module_api.c: the public functions whose code is in a module (module.h): each loads
 * its module on first use and calls it. What needs no large library stays here:
 * naming a chart and the options it takes, and writing one to a file.
 */
#include "internal.h"
#include "module.h"
#include "server.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The chart kinds: a row each, indexed by enum psst_chart_kind, with the filters it takes
 * (psst_chart_filters: the CLI refuses the others and lists these in 'psst chart TYPE
 * --help'; the module refuses the others too) and a line for the help. A chart takes a
 * filter only when it applies it to every figure it draws.
 */
#define F_RANGE (PSST_CHART_F_FROM | PSST_CHART_F_TO)
static const struct {
  const char *name;
  unsigned filters;
  const char *summary;
} kinds[] = {
    /* --topic too: the sessions with that topic, primary or secondary, stacked by primary */
    [PSST_CHART_TOPICS_BY_YEAR] = {"topics-by-year",
                                   F_RANGE | PSST_CHART_F_TERM | PSST_CHART_F_LEADER |
                                       PSST_CHART_F_TOPIC | PSST_CHART_F_TECH |
                                       PSST_CHART_F_FORMAT | PSST_CHART_F_LECTURER |
                                       PSST_CHART_F_INSTITUTION,
                                   "sessions per year, stacked by primary topic"},
    /* not --tech: a row is a technology */
    [PSST_CHART_TECH_TIMELINE] = {"tech-timeline",
                                  F_RANGE | PSST_CHART_F_TERM | PSST_CHART_F_LEADER |
                                      PSST_CHART_F_TOPIC | PSST_CHART_F_FORMAT |
                                      PSST_CHART_F_LECTURER | PSST_CHART_F_INSTITUTION,
                                  "a row per technology, a mark per session carrying it"},
    /* not --lecturer, --institution: the chart ranks them */
    [PSST_CHART_INSTITUTIONS] = {"institutions",
                                 F_RANGE | PSST_CHART_F_TERM | PSST_CHART_F_LEADER |
                                     PSST_CHART_F_TOPIC | PSST_CHART_F_TECH | PSST_CHART_F_FORMAT |
                                     PSST_CHART_F_LIMIT,
                                 "the institutions whose experts lectured most (--limit bars)"},
    /* not --leader, --term: the chart compares the leaders' eras */
    [PSST_CHART_BY_LEADER] = {"by-leader",
                              F_RANGE | PSST_CHART_F_TOPIC | PSST_CHART_F_TECH |
                                  PSST_CHART_F_FORMAT,
                              "each era's sessions per year, completeness and topics"},
    /* the gaps between a term's consecutive sessions: a topic or tag would measure
       other gaps */
    [PSST_CHART_CADENCE] = {"cadence", F_RANGE | PSST_CHART_F_TERM | PSST_CHART_F_LEADER,
                            "days between a term's consecutive sessions, with the median"},
    [PSST_CHART_SESSION_TIMELINE] = {"session-timeline",
                                     F_RANGE | PSST_CHART_F_TERM | PSST_CHART_F_LEADER |
                                         PSST_CHART_F_TOPIC | PSST_CHART_F_TECH |
                                         PSST_CHART_F_FORMAT | PSST_CHART_F_LECTURER |
                                         PSST_CHART_F_INSTITUTION,
                                     "every session on its day by primary topic, the terms as "
                                     "bands"},
    /* the documents of a tag or a topic (neither: all), the sessions carrying it */
    [PSST_CHART_FOLLOWUPS] = {"followups", F_RANGE | PSST_CHART_F_TECH | PSST_CHART_F_TOPIC,
                              "documents per quarter on a tag's subject, its sessions marked"},
};
enum { NKINDS = sizeof kinds / sizeof *kinds };

const char *psst_chart_kind_name(enum psst_chart_kind kind, const char **summary) {
  if ((unsigned)kind >= NKINDS || !kinds[kind].name)
    return NULL;
  if (summary)
    *summary = kinds[kind].summary;
  return kinds[kind].name;
}

unsigned psst_chart_filters(enum psst_chart_kind kind) {
  return (unsigned)kind < NKINDS ? kinds[kind].filters : 0;
}

unsigned psst_chart_filter_bits(const struct psst_filter *f) {
  if (!f)
    return 0;
  return (f->from ? PSST_CHART_F_FROM : 0) | (f->to ? PSST_CHART_F_TO : 0) |
         (f->term ? PSST_CHART_F_TERM : 0) | (f->year ? PSST_CHART_F_YEAR : 0) |
         (f->leader ? PSST_CHART_F_LEADER : 0) | (f->topic ? PSST_CHART_F_TOPIC : 0) |
         (f->tech ? PSST_CHART_F_TECH : 0) | (f->format ? PSST_CHART_F_FORMAT : 0) |
         (f->lecturer ? PSST_CHART_F_LECTURER : 0) |
         (f->institution ? PSST_CHART_F_INSTITUTION : 0) | (f->since ? PSST_CHART_F_SINCE : 0);
}

int psst_chart_kind_parse(const char *name, enum psst_chart_kind *out, struct psst_error *err) {
  for (int i = 0; i < NKINDS; i++)
    if (name && kinds[i].name && !strcmp(name, kinds[i].name)) {
      *out = (enum psst_chart_kind)i;
      return PSST_OK;
    }
  char known[256] = "";
  size_t n = 0;
  for (int i = 0; i < NKINDS && n < sizeof known; i++)
    if (kinds[i].name)
      n += (size_t)snprintf(known + n, sizeof known - n, "%s%s", n ? ", " : "", kinds[i].name);
  return ps_err(err, PSST_EINVAL, "'%s' is not a chart: %s", name ? name : "", known);
}

typedef int (*chart_render_fn)(struct psst *, enum psst_chart_kind, const struct psst_chart_opts *,
                               const char *, char **, size_t *, struct psst_error *);

int psst_chart_render(struct psst *p, enum psst_chart_kind kind, const struct psst_chart_opts *o,
                      const char *format, char **out, size_t *len, struct psst_error *err) {
  *out = NULL;
  *len = 0;
  const void *fn;
  int rc = ps_module_get("chart", "ps_mod_chart_render", &fn, err);
  return rc ? rc : ((chart_render_fn)(uintptr_t)fn)(p, kind, o, format, out, len, err);
}

int psst_chart_write(struct psst *p, enum psst_chart_kind kind, const struct psst_chart_opts *o,
                     const char *path, struct psst_error *err) {
  const char *dot = strrchr(path, '.');
  const char *fmt = dot ? dot + 1 : "";
  if (strcmp(fmt, "svg") && strcmp(fmt, "png") && strcmp(fmt, "pdf"))
    return ps_err(err, PSST_EINVAL, "%s: the file name must end in .svg, .png or .pdf", path);
  char *data;
  size_t len;
  int rc = psst_chart_render(p, kind, o, fmt, &data, &len, err);
  if (rc)
    return rc;
  rc = ps_write_file_atomic(path, data, len, err);
  free(data);
  return rc;
}

typedef int (*watch_once_fn)(struct psst *, const struct psst_watch_opts *,
                             struct psst_watch_result *, struct psst_error *);

int psst_watch_once(struct psst *p, const struct psst_watch_opts *o, struct psst_watch_result *res,
                    struct psst_error *err) {
  memset(res, 0, sizeof *res);
  const void *fn;
  int rc = ps_module_get("watch", "ps_mod_watch_once", &fn, err);
  return rc ? rc : ((watch_once_fn)(uintptr_t)fn)(p, o, res, err);
}

typedef int (*serve_fn)(const struct psst_serve_opts *, struct psst_error *);

int psst_serve(const struct psst_serve_opts *o, struct psst_error *err) {
  const void *fn;
  int rc = ps_module_get("serve", "ps_mod_serve", &fn, err);
  return rc ? rc : ((serve_fn)(uintptr_t)fn)(o, err);
}
