/*
 * cite_dataset.c: the psst dataset as a citable work. Who made it, who publishes it and
 * under which licence live beside the data, in dataset.json; its version is the date of the
 * newest dated entry of the data folder's CHANGELOG.md, so that the version a citation gives
 * changes with the data and names an entry a reader can look up. The software's version
 * (PSST_VERSION) is never the data's.
 *
 * Every style leaves out what the data folder does not give: a folder without dataset.json is
 * cited by its title alone, one without a dated CHANGELOG entry without a version.
 */
#include "cite.h"
#include "jsonutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The title when dataset.json is absent; the shipped dataset.json gives the same. */
static const char dataset_title[] = "psst, the Party Study Session Tracker: the record of the CCP "
                                    "Politburo's collective study sessions";

static const char *const keys[] = {"title",   "authors",      "publisher",   "url",
                                   "licence", "licence_name", "licence_url", NULL};

void ps_dataset_release(struct ps_dataset *d) {
  free(d->title);
  for (size_t i = 0; i < d->n_authors; i++)
    free(d->authors[i]);
  free(d->authors);
  free(d->publisher);
  free(d->url);
  free(d->licence);
  free(d->licence_name);
  free(d->licence_url);
  memset(d, 0, sizeof *d);
}

/* ---- reading dataset.json ---- */

struct reader {
  const char *path, *text;
  struct psst_error *err;
};

/* The error for field: file, the line where the key is written (the file's first line when
   it is not), the field and why. */
static int bad(const struct reader *r, const char *field, const char *why) {
  char needle[64];
  snprintf(needle, sizeof needle, "\"%s\"", field);
  size_t line = ps_line_of(r->text, needle);
  return ps_err(r->err, PSST_EDATA, "%s:%zu: %s: %s", r->path, line ? line : 1, field, why);
}

/* Text a citation can carry on one line: no control characters (a line break would split a
   RIS line or the text citation). */
static bool one_line(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 || *s == 0x7f)
      return false;
  return true;
}

/* An address a citation can give as it is: http(s), printable ASCII, nothing that needs
   quoting in any of the styles. */
static bool web_address(const char *s) {
  if (strncmp(s, "https://", 8) && strncmp(s, "http://", 7))
    return false;
  for (; *s; s++)
    if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f || strchr("\"<>\\{}|^`", *s))
      return false;
  return true;
}

/* The member key, a one-line string, copied into *out, which stays NULL when the member is
   absent or "" and not required; PSST_EDATA (file, line, key) when it is required and
   missing or empty, not a string, or not one line. */
static int text_field(const struct reader *r, json_t *root, const char *key, bool required,
                      char **out) {
  json_t *v = json_object_get(root, key);
  if (!v && !required)
    return PSST_OK;
  if (!v)
    return bad(r, key, "missing: a citation needs it (docs/data-format.md)");
  if (!json_is_string(v))
    return bad(r, key, "must be a string");
  const char *s = json_string_value(v);
  if (required && !*s)
    return bad(r, key, "must not be empty");
  if (!one_line(s))
    return bad(r, key, "must be one line, without control characters");
  if (!*s)
    return PSST_OK;
  if (!(*out = ps_strdup(s)))
    return ps_err(r->err, PSST_ENOMEM, "out of memory");
  return PSST_OK;
}

static int read_authors(const struct reader *r, json_t *root, struct ps_dataset *d) {
  json_t *a = json_object_get(root, "authors");
  if (!a)
    return bad(r, "authors", "missing: a citation needs it (docs/data-format.md)");
  if (!json_is_array(a) || !json_array_size(a))
    return bad(r, "authors", "must be a non-empty list of {\"name\": ...}");
  if (!(d->authors = calloc(json_array_size(a), sizeof *d->authors)))
    return ps_err(r->err, PSST_ENOMEM, "out of memory");
  size_t i;
  json_t *v;
  json_array_foreach(a, i, v) {
    /* an author is an entity, named as a whole: psst records no person as an author, and a
       key for a person's parts (family, given) would be a guess at how to split a name */
    json_t *name = json_is_object(v) ? json_object_get(v, "name") : NULL;
    if (!name || json_object_size(v) != 1 || !json_is_string(name) || !*json_string_value(name) ||
        !one_line(json_string_value(name)))
      return bad(r, "authors",
                 "each author must be {\"name\": \"...\"}, a non-empty one-line name");
    if (!(d->authors[d->n_authors] = ps_strdup(json_string_value(name))))
      return ps_err(r->err, PSST_ENOMEM, "out of memory");
    d->n_authors++;
  }
  return PSST_OK;
}

static int read_description(const char *path, struct ps_dataset *d, struct psst_error *err) {
  char *text = NULL;
  size_t len;
  int rc = ps_read_file(path, &text, &len, err);
  if (rc)
    return rc;
  struct reader r = {.path = path, .text = text, .err = err};
  json_error_t je;
  json_t *root = NULL;
  size_t bad_at = ps_utf8_check(text, len);
  if (bad_at) {
    size_t line = 1;
    for (size_t i = 0; i + 1 < bad_at; i++)
      line += text[i] == '\n';
    rc = ps_err(err, PSST_EDATA, "%s:%zu: invalid UTF-8", path, line);
    goto out;
  }
  if (!(root = ps_json_parse(text, len, JSON_REJECT_DUPLICATES, &je))) {
    rc = ps_json_nomem(&je) ? ps_err(err, PSST_ENOMEM, "out of memory reading %s", path)
                            : ps_err(err, PSST_EDATA, "%s:%d: invalid JSON at column %d: %s", path,
                                     je.line > 0 ? je.line : 1, je.column, je.text);
    goto out;
  }
  if (!json_is_object(root)) {
    rc = ps_err(err, PSST_EDATA, "%s:1: the description must be a JSON object", path);
    goto out;
  }
  const char *key;
  json_t *v;
  json_object_foreach(root, key, v) {
    size_t k = 0;
    while (keys[k] && strcmp(keys[k], key))
      k++;
    if (!keys[k]) {
      rc = bad(&r, key,
               "unknown key (the keys are title, authors, publisher, url, licence, "
               "licence_name, licence_url)");
      goto out;
    }
  }
  free(d->title);
  d->title = NULL;
  if ((rc = text_field(&r, root, "title", true, &d->title)) || (rc = read_authors(&r, root, d)) ||
      (rc = text_field(&r, root, "publisher", true, &d->publisher)) ||
      (rc = text_field(&r, root, "url", false, &d->url)) ||
      (rc = text_field(&r, root, "licence", true, &d->licence)) ||
      (rc = text_field(&r, root, "licence_name", true, &d->licence_name)) ||
      (rc = text_field(&r, root, "licence_url", true, &d->licence_url)))
    goto out;
  if (d->url && !web_address(d->url)) {
    rc = bad(&r, "url", "must be an http:// or https:// address without spaces or quotes, or \"\"");
    goto out;
  }
  if (!web_address(d->licence_url)) {
    rc = bad(&r, "licence_url", "must be an http:// or https:// address without spaces or quotes");
    goto out;
  }
  /* an SPDX identifier: letters, digits, '.', '-' and '+' (CITATION.cff takes it as it is) */
  if (strspn(d->licence, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-+") !=
      strlen(d->licence))
    rc = bad(&r, "licence", "must be an SPDX licence identifier, such as CC-BY-4.0");
out:
  json_decref(root);
  free(text);
  return rc;
}

/* ---- the version: CHANGELOG.md's newest dated entry ---- */

/*
 * The entries are "## YYYY-MM-DD: what changed" (or "## YYYY-MM-DD" alone), newest first;
 * the newest date is taken whatever the order, so that an entry written in the wrong place
 * still dates the data.
 */
static int read_version(const char *path, struct ps_dataset *d, struct psst_error *err) {
  char *text = NULL;
  size_t len;
  int rc = ps_read_file(path, &text, &len, err);
  if (rc)
    return rc;
  for (const char *line = text; line && *line;) {
    const char *end = strchr(line, '\n');
    size_t n = end ? (size_t)(end - line) : strlen(line);
    if (n >= 13 && !strncmp(line, "## ", 3) &&
        (n == 13 || line[13] == ':' || line[13] == ' ' || line[13] == '\r')) {
      char date[11];
      memcpy(date, line + 3, 10);
      date[10] = '\0';
      if (ps_valid_date(date) && strcmp(date, d->version) > 0)
        memcpy(d->version, date, sizeof date);
    }
    line = end ? end + 1 : NULL;
  }
  free(text);
  if (*d->version && sscanf(d->version, "%d-%d-%d", &d->y, &d->m, &d->d) != 3)
    d->y = d->m = d->d = 0;
  return PSST_OK;
}

/* Whether path exists; a file that cannot be looked at for another reason is an error. */
static int exists(const char *path, bool *yes, struct psst_error *err) {
  struct stat st;
  *yes = !stat(path, &st);
  if (!*yes && errno != ENOENT && errno != ENOTDIR)
    return ps_err(err, PSST_EIO, "%s: %s", path, strerror(errno));
  return PSST_OK;
}

int ps_dataset_load(const char *data_dir, struct ps_dataset *d, struct psst_error *err) {
  memset(d, 0, sizeof *d);
  struct ps_buf path = {0};
  bool there;
  int rc = PSST_OK;
  if (!(d->title = ps_strdup(dataset_title)))
    return ps_err(err, PSST_ENOMEM, "out of memory");
  if (ps_buf_printf(&path, "%s/dataset.json", data_dir)) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  if ((rc = exists(path.s, &there, err)) || (there && (rc = read_description(path.s, d, err))))
    goto out;
  path.len = 0;
  if (ps_buf_printf(&path, "%s/CHANGELOG.md", data_dir)) {
    rc = ps_err(err, PSST_ENOMEM, "out of memory");
    goto out;
  }
  if ((rc = exists(path.s, &there, err)) || (there && (rc = read_version(path.s, d, err))))
    goto out;
out:
  ps_buf_release(&path);
  if (rc)
    ps_dataset_release(d);
  return rc;
}

/* ---- the dataset's entry in each style ---- */

static int cite_text(const struct ps_dataset *d, struct ps_buf *b) {
  int rc = PSST_OK;
  for (size_t i = 0; i < d->n_authors; i++)
    rc |= ps_buf_printf(b, "%s%s", i ? "; " : "", d->authors[i]);
  rc |= ps_buf_printf(b, "%s%s [data set]", d->n_authors ? ". " : "", d->title);
  if (*d->version)
    rc |= ps_buf_printf(b, ", version of %s", d->version);
  rc |= ps_buf_putc(b, '.');
  if (d->publisher)
    rc |= ps_buf_printf(b, " %s", d->publisher);
  if (d->y)
    rc |= ps_buf_printf(b, "%s%d", d->publisher ? ", " : " ", d->y);
  if (d->url)
    rc |= ps_buf_printf(b, " <%s>", d->url);
  if (d->publisher || d->y || d->url)
    rc |= ps_buf_putc(b, '.');
  if (d->licence)
    rc |= ps_buf_printf(b, " Licence: %s <%s>.", d->licence_name, d->licence_url);
  rc |= ps_buf_putc(b, '\n');
  return rc ? PSST_ENOMEM : PSST_OK;
}

static int cite_bibtex(const struct ps_dataset *d, struct ps_buf *b) {
  int rc = ps_buf_puts(b, "@misc{psst-dataset,\n");
  if (d->n_authors) {
    /* each name braced whole: BibTeX would otherwise read "The psst maintainers" as a
       person with the family name "maintainers" */
    rc |= ps_buf_puts(b, "  author = {");
    for (size_t i = 0; i < d->n_authors; i++)
      rc |= ps_buf_puts(b, i ? " and {" : "{") | ps_bibtex_escape(b, d->authors[i]) |
            ps_buf_putc(b, '}');
    rc |= ps_buf_puts(b, "},\n");
  }
  /* the outer braces keep styles from lower-casing the title (CCP, names) */
  rc |= ps_buf_puts(b, "  title = {{") | ps_bibtex_escape(b, d->title) | ps_buf_puts(b, "}}");
  if (d->publisher)
    rc |= ps_buf_puts(b, ",\n  publisher = {") | ps_bibtex_escape(b, d->publisher) |
          ps_buf_putc(b, '}');
  if (d->y)
    rc |= ps_buf_printf(b, ",\n  year = {%d},\n  month = %s,\n  date = {%s},\n  version = {%s}",
                        d->y, ps_cite_month_macro(d->m), d->version, d->version);
  if (d->url)
    rc |= ps_buf_puts(b, ",\n  url = {") | ps_bibtex_url(b, d->url) | ps_buf_putc(b, '}');
  rc |= ps_buf_puts(b, ",\n  note = {Data set");
  if (d->y)
    rc |= ps_buf_printf(b, ", version of %s", d->version);
  if (d->licence)
    rc |= ps_buf_puts(b, ". Licence: ") | ps_bibtex_escape(b, d->licence_name) |
          ps_buf_puts(b, ", ") | ps_bibtex_escape(b, d->licence_url);
  rc |= ps_buf_puts(b, "}\n}\n");
  return rc ? PSST_ENOMEM : PSST_OK;
}

/* One item of a CSL-JSON array, indented as the array's items. */
static int cite_csl(const struct ps_dataset *d, struct ps_buf *b) {
  int rc = ps_buf_puts(b, "  {\n    \"id\": \"psst-dataset\",\n    \"type\": \"dataset\",\n"
                          "    \"title\": ") |
           ps_buf_json_str(b, d->title);
  if (d->n_authors) {
    /* "literal": a name CSL processors print as it is, never split into family and given */
    rc |= ps_buf_puts(b, ",\n    \"author\": [");
    for (size_t i = 0; i < d->n_authors; i++)
      rc |= ps_buf_puts(b, i ? ", {\"literal\": " : "{\"literal\": ") |
            ps_buf_json_str(b, d->authors[i]) | ps_buf_putc(b, '}');
    rc |= ps_buf_putc(b, ']');
  }
  if (d->publisher)
    rc |= ps_buf_puts(b, ",\n    \"publisher\": ") | ps_buf_json_str(b, d->publisher);
  if (d->y)
    rc |= ps_buf_printf(b,
                        ",\n    \"version\": \"%s\",\n"
                        "    \"issued\": {\"date-parts\": [[%d, %d, %d]]}",
                        d->version, d->y, d->m, d->d);
  if (d->url)
    rc |= ps_buf_puts(b, ",\n    \"URL\": ") | ps_buf_json_str(b, d->url);
  if (d->licence) {
    /* CSL-JSON has no variable for a licence: a note is where processors and reference
       managers keep it */
    struct ps_buf note = {0};
    rc |= ps_buf_printf(&note, "Licence: %s, %s", d->licence_name, d->licence_url);
    rc |= ps_buf_puts(b, ",\n    \"note\": ") | ps_buf_json_str(b, note.s ? note.s : "");
    ps_buf_release(&note);
  }
  rc |= ps_buf_puts(b, "\n  }");
  return rc ? PSST_ENOMEM : PSST_OK;
}

static int cite_ris(const struct ps_dataset *d, struct ps_buf *b) {
  char year[8] = "", date[16] = "";
  if (d->y) {
    snprintf(year, sizeof year, "%d", d->y);
    snprintf(date, sizeof date, "%04d/%02d/%02d", d->y, d->m, d->d);
  }
  int rc = ps_ris_line(b, "TY", "DATA") | ps_ris_line(b, "TI", d->title);
  /* one AU a name, without the comma that would make it "family, given" */
  for (size_t i = 0; i < d->n_authors; i++)
    rc |= ps_ris_line(b, "AU", d->authors[i]);
  rc |= ps_ris_line(b, "PB", d->publisher) | ps_ris_line(b, "PY", year) |
        ps_ris_line(b, "DA", date) | ps_ris_line(b, "ET", d->version) |
        ps_ris_line(b, "UR", d->url);
  if (d->licence) {
    struct ps_buf note = {0};
    rc |= ps_buf_printf(&note, "Licence: %s, %s", d->licence_name, d->licence_url);
    rc |= ps_ris_line(b, "N1", note.s);
    ps_buf_release(&note);
  }
  rc |= ps_buf_puts(b, "ER  - \n");
  return rc ? PSST_ENOMEM : PSST_OK;
}

/*
 * s as a YAML double-quoted scalar: JSON's escapes, which YAML shares, and escapes for what
 * YAML does not take as printable (DEL, the C1 controls) or may read as a line break (U+2028,
 * U+2029 in YAML 1.1 readers).
 */
static int yaml_str(struct ps_buf *b, const char *s) {
  int rc = ps_buf_putc(b, '"');
  for (const unsigned char *u = (const unsigned char *)s; *u && !rc; u++) {
    if (*u == '"' || *u == '\\')
      rc = ps_buf_printf(b, "\\%c", *u);
    else if (*u < 0x20 || *u == 0x7f)
      rc = ps_buf_printf(b, "\\x%02X", *u);
    else if (u[0] == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F) {
      rc = ps_buf_printf(b, "\\x%02X", u[1]);
      u++;
    } else if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9)) {
      rc = ps_buf_printf(b, "\\u%04X", 0x2000 + (u[2] - 0x80));
      u += 2;
    } else
      rc = ps_buf_putc(b, (char)*u);
  }
  return rc | ps_buf_putc(b, '"');
}

static int cff_authors(struct ps_buf *b, const struct ps_dataset *d, const char *indent) {
  int rc = ps_buf_printf(b, "%sauthors:\n", indent);
  for (size_t i = 0; i < d->n_authors; i++)
    rc |= ps_buf_printf(b, "%s  - name: ", indent) | yaml_str(b, d->authors[i]) |
          ps_buf_putc(b, '\n');
  return rc;
}

/*
 * The Citation File Format 1.2.0 (CITATION.cff): the dataset, and a preferred citation that
 * can also name the publisher, which the file's top level has no key for. Dates and the
 * version are quoted: a YAML reader would otherwise make dates of them, which the format's
 * schema refuses.
 */
static int cite_cff(const struct ps_dataset *d, struct ps_buf *b) {
  int rc = ps_buf_puts(b, "# The citation of the psst dataset, written by `psst cite --style cff` "
                          "from the data\n# folder's dataset.json and CHANGELOG.md: write it "
                          "again when they change.\n"
                          "cff-version: 1.2.0\n"
                          "message: \"If you use this dataset, please cite it as below.\"\n"
                          "type: dataset\ntitle: ") |
           yaml_str(b, d->title) | ps_buf_putc(b, '\n') | cff_authors(b, d, "");
  if (d->y)
    rc |= ps_buf_printf(b, "version: \"%s\"\ndate-released: \"%s\"\n", d->version, d->version);
  if (d->licence)
    rc |= ps_buf_puts(b, "license: ") | yaml_str(b, d->licence) | ps_buf_putc(b, '\n');
  if (d->url)
    rc |= ps_buf_puts(b, "url: ") | yaml_str(b, d->url) | ps_buf_putc(b, '\n');
  rc |= ps_buf_puts(b, "preferred-citation:\n  type: data\n  title: ") | yaml_str(b, d->title) |
        ps_buf_putc(b, '\n') | cff_authors(b, d, "  ");
  if (d->publisher)
    rc |= ps_buf_puts(b, "  publisher:\n    name: ") | yaml_str(b, d->publisher) |
          ps_buf_putc(b, '\n');
  if (d->y)
    rc |= ps_buf_printf(b, "  version: \"%s\"\n  date-released: \"%s\"\n  year: %d\n  month: %d\n",
                        d->version, d->version, d->y, d->m);
  if (d->licence)
    rc |= ps_buf_puts(b, "  license: ") | yaml_str(b, d->licence) | ps_buf_putc(b, '\n');
  if (d->url)
    rc |= ps_buf_puts(b, "  url: ") | yaml_str(b, d->url) | ps_buf_putc(b, '\n');
  return rc ? PSST_ENOMEM : PSST_OK;
}

int ps_dataset_cite(const struct ps_dataset *d, enum psst_cite_style style, struct ps_buf *b,
                    struct psst_error *err) {
  int rc;
  switch (style) {
  case PSST_CITE_TEXT:
    rc = cite_text(d, b);
    break;
  case PSST_CITE_BIBTEX:
    rc = cite_bibtex(d, b);
    break;
  case PSST_CITE_CSL_JSON:
    rc = cite_csl(d, b);
    break;
  case PSST_CITE_RIS:
    rc = cite_ris(d, b);
    break;
  case PSST_CITE_CFF:
    /* the format requires authors: a data folder without its description cannot have one */
    if (!d->n_authors)
      return ps_err(err, PSST_EDATA,
                    "CITATION.cff needs the dataset's authors: the data folder has no "
                    "dataset.json (docs/data-format.md)");
    rc = cite_cff(d, b);
    break;
  default:
    return ps_err(err, PSST_EINVAL, "cite: unknown style %d", (int)style);
  }
  return rc ? ps_err(err, PSST_ENOMEM, "out of memory") : PSST_OK;
}
