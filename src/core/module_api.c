/*
 * module_api.c: the public functions whose code is in a module (module.h): each loads
 * its module on first use and calls it. What needs no large library stays here:
 * naming a chart, and writing one to a file.
 */
#include "internal.h"
#include "module.h"
#include "server.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"topics-by-year", "tech-timeline", "institutions",
                                         "by-leader",      "cadence",       "session-timeline"};
enum { NKINDS = sizeof kind_names / sizeof *kind_names };

int psst_chart_kind_parse(const char *name, enum psst_chart_kind *out, struct psst_error *err) {
  for (int i = 0; i < NKINDS; i++)
    if (name && !strcmp(name, kind_names[i])) {
      *out = (enum psst_chart_kind)i;
      return PSST_OK;
    }
  return ps_err(err, PSST_EINVAL,
                "'%s' is not a chart: topics-by-year, tech-timeline, institutions, by-leader, "
                "cadence, session-timeline",
                name ? name : "");
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
