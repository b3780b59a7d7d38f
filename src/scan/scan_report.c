/*
 * scan_report.c: a scan's findings as a table (the library's table writers give CSV and
 * JSON), and applying one finding to the data file.
 */
#include "scan_int.h"

#include <stdlib.h>
#include <string.h>

static const char *const cols[] = {"file",    "item",   "line",     "headline", "outcome",
                                   "session", "date",   "title_zh", "format",   "lecturers",
                                   "fields",  "detail", "words",    "date_from"};
enum { NCOLS = sizeof cols / sizeof *cols };

int psst_scan_table(const struct psst_scan_result *r, struct psst_table **out,
                    struct psst_error *err) {
  static const enum psst_coltype types[NCOLS] = {PSST_COL_TEXT, PSST_COL_INT, PSST_COL_INT};
  struct psst_table *t = ps_table_new(NCOLS, cols, types);
  if (!t)
    return ps_err(err, PSST_ENOMEM, "out of memory");
  int rc = PSST_OK;
  size_t counts[4] = {0};
  for (size_t i = 0; i < r->n_findings && rc == PSST_OK; i++) {
    const struct psst_scan_finding *f = &r->findings[i];
    const struct psst_session *s = &f->pr.rec;
    char item[24], line[24], id[32];
    snprintf(item, sizeof item, "%ld", f->at.item);
    snprintf(line, sizeof line, "%ld", f->at.line);
    /* the session as read; an unknown term is "?", never 0 */
    if (s->term)
      snprintf(id, sizeof id, "%d-%d", s->term, s->number);
    else
      snprintf(id, sizeof id, "?-%d", s->number);
    struct ps_buf names = {0};
    for (size_t k = 0; k < s->n_lecturers; k++)
      rc |= ps_buf_printf(&names, "%s%s", k ? "、" : "", s->lecturers[k].name_zh);
    for (size_t k = 0; k < s->n_speakers; k++)
      rc |= ps_buf_printf(&names, "%s%s", k ? "、" : "", s->speakers[k]);
    const char *date_from = NULL; /* the evidence that won for the date */
    for (size_t k = 0; k < f->pr.n_sources; k++)
      if (!strcmp(f->pr.sources[k].field, "date"))
        date_from = f->pr.sources[k].how;
    const char *cells[NCOLS] = {f->at.file,
                                f->at.item ? item : NULL,
                                f->at.line ? line : NULL,
                                f->at.headline[0] ? f->at.headline : NULL,
                                psst_scan_outcome_name(f->outcome),
                                id,
                                s->date,
                                s->title_zh,
                                s->format,
                                names.s,
                                f->fields,
                                f->detail,
                                f->words,
                                date_from};
    counts[f->outcome]++;
    rc |= ps_table_add_row(t, cells);
    ps_buf_release(&names);
  }
  for (size_t i = 0; i < r->n_absent && rc == PSST_OK; i++) {
    const struct psst_session *s = &r->absent[i];
    char id[32];
    snprintf(id, sizeof id, "%d-%d", s->term, s->number);
    const char *cells[NCOLS] = {[4] = "absent",
                                [5] = id,
                                [6] = s->date,
                                [7] = s->title_zh,
                                [11] = s->notes ? s->notes
                                                : "in the record, within the archive's span, "
                                                  "in no item"};
    rc = ps_table_add_row(t, cells);
  }
  if (rc == PSST_OK)
    rc = ps_table_set_note(
        t,
        "%zu file(s), %llu bytes, %zu item(s) examined; %zu readout(s): %zu "
        "new, %zu fill, %zu disagree, %zu agree; %zu mention(s) passed over; "
        "%zu session(s) of the record absent (span %s to %s); %zu skipped",
        r->files, r->bytes, r->items, r->n_findings, counts[PSST_SCAN_NEW], counts[PSST_SCAN_FILLS],
        counts[PSST_SCAN_DISAGREES], counts[PSST_SCAN_AGREES], r->mentions, r->n_absent,
        r->span_from[0] ? r->span_from : "?", r->span_to[0] ? r->span_to : "?", r->n_skipped);
  if (rc) {
    psst_table_free(t);
    return ps_err(err, PSST_ENOMEM, "out of memory");
  }
  *out = t;
  return PSST_OK;
}

int psst_scan_apply(struct psst *p, const struct psst_scan_finding *f, struct psst_diags *diags,
                    struct psst_error *err) {
  const struct psst_proposal *pr = &f->pr;
  if (f->outcome == PSST_SCAN_DISAGREES)
    return ps_err(err, PSST_EINVAL,
                  "it disagrees with the record (%s): nothing is applied, the record's values "
                  "stand until someone corrects them",
                  f->fields);
  if (f->outcome == PSST_SCAN_AGREES)
    return ps_err(err, PSST_EINVAL, "it agrees with the record: nothing to apply");
  if (!pr->rec.n_sources)
    return ps_err(err, PSST_EINVAL, "the item gives no address to cite: nothing is applied");
  if (f->outcome == PSST_SCAN_NEW) {
    if (pr->n_missing) {
      struct ps_buf b = {0};
      for (size_t i = 0; i < pr->n_missing; i++)
        ps_buf_printf(&b, "%s%s", i ? ", " : "", pr->missing[i]);
      int rc =
          ps_err(err, PSST_EINVAL, "fields not read (%s): nothing is applied", b.s ? b.s : "?");
      ps_buf_release(&b);
      return rc;
    }
    return psst_add(p, &pr->rec, diags, err);
  }
  bool changed = false;
  return psst_fill(p, &pr->rec, diags, &changed, err);
}
