/*
 * page.c: a fetched page as psst watch reads it. Pages come as they are: UTF-8 or
 * GBK/GB18030 (older Chinese sites), declared in the header, in a <meta> or not at all;
 * links absolute or relative; RSS and Atom feeds as well as HTML lists; an article's text
 * inside a page of menus, or split over several pages. Everything here reads bytes from
 * the network, so every loop is bounded by the input's length (fuzz/fuzz_page.c).
 *
 * The HTML is scanned, not parsed into a tree: a list page is only asked for its links
 * and an article for one element's extent, and a tolerant scan of tags does both on the
 * malformed markup real sites serve without a parser's memory for a whole document.
 */
#include "watch_int.h"

#include "jsonutil.h"

#include <curl/curl.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- small scanning helpers ---- */

/* The first place of needle (ASCII, any case) in s[0, n), or NULL. */
static const char *find_ci(const char *s, size_t n, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = 0; k && i + k <= n; i++)
    if (!strncasecmp(s + i, needle, k))
      return s + i;
  return NULL;
}

static bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_name_char(char c) {
  return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* The end of the tag starting at s[i] == '<': the index after its '>' (quotes respected),
   or n when the tag is not closed. */
static size_t tag_end(const char *s, size_t n, size_t i) {
  char q = 0;
  for (size_t j = i + 1; j < n; j++) {
    if (q) {
      if (s[j] == q)
        q = 0;
    } else if (s[j] == '"' || s[j] == '\'') {
      /* a quote only opens a value after '=' (a stray one in a broken tag does not) */
      size_t k = j;
      while (k > i && is_space(s[k - 1]))
        k--;
      if (k > i && s[k - 1] == '=')
        q = s[j];
    } else if (s[j] == '>') {
      return j + 1;
    }
  }
  return n;
}

/* Whether the tag at s[i] == '<' is named name (ASCII, any case) and not a longer name. */
static bool tag_named(const char *s, size_t n, size_t i, const char *name) {
  size_t k = strlen(name);
  if (i + 1 + k > n || strncasecmp(s + i + 1, name, k))
    return false;
  return i + 1 + k == n || !is_name_char(s[i + 1 + k]);
}

/* The value of attribute name in the tag s[a, b) (to free(); entities decoded), or NULL. */
static char *attr(const char *s, size_t a, size_t b, const char *name) {
  size_t k = strlen(name);
  size_t i = a + 1;
  while (i < b && !is_space(s[i]) && s[i] != '>' && s[i] != '/')
    i++; /* the tag's name */
  while (i < b) {
    while (i < b && (is_space(s[i]) || s[i] == '/'))
      i++;
    size_t ns = i;
    while (i < b && !is_space(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/')
      i++;
    size_t nn = i - ns;
    while (i < b && is_space(s[i]))
      i++;
    size_t vs = i, ve = i;
    if (i < b && s[i] == '=') {
      i++;
      while (i < b && is_space(s[i]))
        i++;
      if (i < b && (s[i] == '"' || s[i] == '\'')) {
        char q = s[i++];
        vs = i;
        while (i < b && s[i] != q)
          i++;
        ve = i;
        if (i < b)
          i++;
      } else {
        vs = i;
        while (i < b && !is_space(s[i]) && s[i] != '>')
          i++;
        ve = i;
      }
    }
    if (nn == k && !strncasecmp(s + ns, name, k))
      return pw_text(s + vs, ve - vs);
    if (nn == 0 && i == vs)
      i++; /* a character that starts nothing: step over it */
  }
  return NULL;
}

char *pw_text(const char *s, size_t len) {
  struct ps_buf raw = {0}, out = {0};
  if (ps_html_to_text(s, len, &raw) || ps_buf_puts(&raw, "")) {
    ps_buf_release(&raw);
    return NULL;
  }
  /* white space (and the no-break space) collapsed to single spaces, trimmed */
  bool space = false;
  int rc = ps_buf_puts(&out, "");
  for (size_t i = 0; i < raw.len && !rc; i++) {
    char c = raw.s[i];
    if (is_space(c) || c == '\v') {
      space = out.len > 0;
      continue;
    }
    if (space)
      rc |= ps_buf_putc(&out, ' ');
    space = false;
    rc |= ps_buf_putc(&out, c);
  }
  ps_buf_release(&raw);
  if (rc) {
    ps_buf_release(&out);
    return NULL;
  }
  return ps_buf_detach(&out);
}

/* ---- charsets ---- */

/* The charset named after "charset=" (or encoding= in an XML declaration) in s[0, n). */
static bool charset_in(const char *s, size_t n, const char *key, char out[32]) {
  const char *p = find_ci(s, n, key);
  if (!p)
    return false;
  p += strlen(key);
  const char *end = s + n;
  while (p < end && (is_space(*p) || *p == '"' || *p == '\''))
    p++;
  size_t k = 0;
  while (p + k < end && k < 31 &&
         (is_name_char(p[k]) || (p[k] >= '0' && p[k] <= '9') || p[k] == '-' || p[k] == '_' ||
          p[k] == ':' || p[k] == '.'))
    k++;
  if (!k)
    return false;
  for (size_t i = 0; i < k; i++)
    out[i] = (char)((p[i] >= 'A' && p[i] <= 'Z') ? p[i] + 32 : p[i]);
  out[k] = '\0';
  return true;
}

/* The charset a page declares in its first bytes: <meta charset>, <meta http-equiv>'s
   content, or an XML declaration's encoding. */
static bool declared_charset(const char *body, size_t len, char out[32]) {
  size_t n = len < 4096 ? len : 4096;
  for (size_t i = 0; i < n; i++) {
    if (body[i] != '<')
      continue;
    size_t e = tag_end(body, n, i);
    if (tag_named(body, n, i, "meta") && charset_in(body + i, e - i, "charset=", out))
      return true;
    if (i + 5 < n && !strncmp(body + i, "<?xml", 5) &&
        charset_in(body + i, e - i, "encoding=", out))
      return true;
    i = e ? e - 1 : i;
  }
  return false;
}

/* The name iconv knows for a declared charset; the Chinese national ones are all read as
   GB18030, which contains GB2312 and GBK (pages declaring gb2312 often use GBK's characters). */
static const char *iconv_name(const char *cs) {
  static const char *const gb[] = {"gb2312", "gbk",    "gb18030",    "x-gbk",
                                   "cp936",  "euc-cn", "windows-936"};
  for (size_t i = 0; i < sizeof gb / sizeof *gb; i++)
    if (!strcmp(cs, gb[i]))
      return "GB18030";
  if (!strcmp(cs, "utf-8") || !strcmp(cs, "utf8"))
    return "UTF-8";
  return cs;
}

static int convert(const char *body, size_t len, const char *from, char **out, size_t *out_len,
                   char *why, size_t why_size) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1) {
    snprintf(why, why_size, "the page's charset '%s' is not one psst can read", from);
    return PSST_EINVAL;
  }
  size_t cap = len * 2 + 16; /* GB18030 to UTF-8 grows by half at most; room for more */
  char *buf = malloc(cap + 1);
  if (!buf) {
    iconv_close(cd);
    return PSST_ENOMEM;
  }
  char *in = (char *)body, *o = buf;
  size_t left = len, room = cap;
  int rc = PSST_OK;
  while (left) {
    if (iconv(cd, &in, &left, &o, &room) != (size_t)-1)
      continue;
    if (errno == E2BIG) {
      size_t used = (size_t)(o - buf);
      char *nb = realloc(buf, cap * 2 + 1);
      if (!nb) {
        rc = PSST_ENOMEM;
        break;
      }
      buf = nb, o = buf + used, cap *= 2, room = cap - used;
      continue;
    }
    snprintf(why, why_size, "the page is not valid %s (byte %zu)", from, len - left + 1);
    rc = PSST_EINVAL;
    break;
  }
  iconv_close(cd);
  if (rc) {
    free(buf);
    return rc;
  }
  *o = '\0';
  *out = buf;
  *out_len = (size_t)(o - buf);
  return PSST_OK;
}

int pw_decode(const char *body, size_t len, const char *content_type, char **out, size_t *out_len,
              char charset[32], char *why, size_t why_size) {
  *out = NULL;
  *out_len = 0;
  char cs[32] = "";
  bool declared =
      (content_type && charset_in(content_type, strlen(content_type), "charset=", cs)) ||
      declared_charset(body, len, cs);
  if (len >= 3 && !memcmp(body, "\xEF\xBB\xBF", 3)) {
    /* a byte-order mark overrides any declaration */
    body += 3, len -= 3;
    snprintf(cs, sizeof cs, "utf-8");
    declared = true;
  }
  const char *name = declared ? iconv_name(cs) : "UTF-8";
  if (!strcmp(name, "UTF-8")) {
    size_t bad = ps_utf8_check(body, len);
    if (bad && declared) {
      snprintf(why, why_size, "the page says it is UTF-8 but byte %zu is not", bad);
      return PSST_EINVAL;
    }
    if (!bad) {
      snprintf(charset, 32, "UTF-8");
      if (!(*out = malloc(len + 1)))
        return PSST_ENOMEM;
      memcpy(*out, body, len);
      (*out)[len] = '\0';
      *out_len = len;
      return PSST_OK;
    }
    name = "GB18030"; /* undeclared and not UTF-8: the other charset of Chinese sites */
  }
  snprintf(charset, 32, "%s", name);
  return convert(body, len, name, out, out_len, why, why_size);
}

/* ---- links ---- */

char *pw_resolve(const char *base, const char *href) {
  if (!href || !*href || href[0] == '#')
    return NULL;
  size_t k = strspn(href, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
  if (href[k] == ':' && strncasecmp(href, "http:", 5) && strncasecmp(href, "https:", 6))
    return NULL; /* javascript:, mailto:, ... */
  CURLU *u = curl_url();
  char *res = NULL, *got = NULL;
  if (!u)
    return NULL;
  if ((base && curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
       curl_url_set(u, CURLUPART_URL, href, 0) == CURLUE_OK) ||
      (!base && curl_url_set(u, CURLUPART_URL, href, 0) == CURLUE_OK)) {
    char *scheme = NULL;
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        (!strcmp(scheme, "http") || !strcmp(scheme, "https")) &&
        curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_URL, &got, 0) == CURLUE_OK)
      res = ps_strdup(got);
    curl_free(scheme);
    curl_free(got);
  }
  curl_url_cleanup(u);
  return res;
}

static int links_add(struct pw_links *l, const char *base, const char *href, char *text) {
  char *url = pw_resolve(base, href);
  if (!url) {
    free(text);
    return PSST_OK;
  }
  for (size_t i = 0; i < l->n; i++)
    if (!strcmp(l->v[i].url, url)) {
      /* the same article linked twice (a picture with a title, then its headline): the
         fuller words are kept */
      if (text && strlen(text) > strlen(l->v[i].text)) {
        free(l->v[i].text);
        l->v[i].text = text;
        text = NULL;
      }
      free(url);
      free(text);
      return PSST_OK;
    }
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    struct pw_link *v = realloc(l->v, cap * sizeof *v);
    if (!v) {
      free(url);
      free(text);
      return PSST_ENOMEM;
    }
    l->v = v, l->cap = cap;
  }
  if (!text && !(text = ps_strdup(""))) {
    free(url);
    return PSST_ENOMEM;
  }
  l->v[l->n++] = (struct pw_link){url, text};
  return PSST_OK;
}

/* The content of the first element named name in s[a, b) (CDATA unwrapped), to free(). */
static char *element_text(const char *s, size_t a, size_t b, const char *name) {
  for (size_t i = a; i < b; i++) {
    if (s[i] != '<' || !tag_named(s, b, i, name))
      continue;
    size_t e = tag_end(s, b, i);
    char close[32];
    snprintf(close, sizeof close, "</%s", name);
    const char *c = find_ci(s + e, b - e, close);
    size_t ce = c ? (size_t)(c - s) : b;
    const char *cd = find_ci(s + e, ce - e, "<![CDATA[");
    if (cd) {
      size_t cs = (size_t)(cd - s) + 9;
      const char *cend = find_ci(s + cs, ce - cs, "]]>");
      return pw_text(s + cs, (cend ? (size_t)(cend - s) : ce) - cs);
    }
    return pw_text(s + e, ce - e);
  }
  return NULL;
}

/* An RSS <item> or Atom <entry> in s[a, b): its link with its title. */
static int feed_item(const char *s, size_t a, size_t b, const char *base, struct pw_links *out) {
  char *title = element_text(s, a, b, "title");
  char *link = NULL;
  for (size_t i = a; i < b && !link; i++) {
    if (s[i] != '<' || !tag_named(s, b, i, "link"))
      continue;
    size_t e = tag_end(s, b, i);
    char *rel = attr(s, i, e, "rel");
    if (!rel || !strcmp(rel, "alternate"))
      link = attr(s, i, e, "href"); /* Atom */
    free(rel);
    if (!link && !(e >= 2 && s[e - 2] == '/'))
      link = element_text(s, i, b, "link"); /* RSS */
  }
  int rc = link ? links_add(out, base, link, title) : PSST_OK;
  if (!link)
    free(title);
  free(link);
  return rc;
}

int pw_links_find(const char *html, size_t len, const char *base_url, struct pw_links *out) {
  memset(out, 0, sizeof *out);
  char *base = ps_strdup(base_url ? base_url : "");
  int rc = base ? PSST_OK : PSST_ENOMEM;
  for (size_t i = 0; i < len && !rc; i++) {
    if (html[i] != '<')
      continue;
    if (i + 4 <= len && !strncmp(html + i, "<!--", 4)) {
      const char *c = find_ci(html + i, len - i, "-->");
      i = c ? (size_t)(c - html) + 2 : len;
      continue;
    }
    size_t e = tag_end(html, len, i);
    if (tag_named(html, len, i, "base")) {
      char *h = attr(html, i, e, "href");
      char *abs = h ? pw_resolve(base, h) : NULL;
      if (abs)
        free(base), base = abs;
      free(h);
    } else if (tag_named(html, len, i, "a")) {
      char *href = attr(html, i, e, "href");
      const char *c = find_ci(html + e, len - e < 8192 ? len - e : 8192, "</a");
      char *text = c ? pw_text(html + e, (size_t)(c - html) - e) : NULL;
      if (text && !text[0]) {
        free(text);
        text = attr(html, i, e, "title");
      }
      if (href)
        rc = links_add(out, base, href, text);
      else
        free(text);
      free(href);
    } else if (tag_named(html, len, i, "item") || tag_named(html, len, i, "entry")) {
      const char *close =
          find_ci(html + e, len - e, tag_named(html, len, i, "item") ? "</item" : "</entry");
      size_t ce = close ? (size_t)(close - html) : len;
      rc = feed_item(html, e, ce, base, out);
      e = ce;
    }
    i = e > i ? e - 1 : i;
  }
  free(base);
  if (rc)
    pw_links_release(out);
  return rc;
}

void pw_links_release(struct pw_links *l) {
  for (size_t i = 0; l && i < l->n; i++) {
    free(l->v[i].url);
    free(l->v[i].text);
  }
  if (l) {
    free(l->v);
    memset(l, 0, sizeof *l);
  }
}

/* ---- an article ---- */

/* The end of the element whose start tag is at s[i]: after its matching end tag (elements
   of the same name nested inside counted), or n. */
static size_t element_end(const char *s, size_t n, size_t i) {
  char name[16];
  size_t k = 0;
  while (i + 1 + k < n && k < sizeof name - 1 && is_name_char(s[i + 1 + k]))
    name[k] = s[i + 1 + k], k++;
  name[k] = '\0';
  if (!k)
    return n;
  int depth = 0;
  for (size_t j = i; j < n; j++) {
    if (s[j] != '<')
      continue;
    size_t e = tag_end(s, n, j);
    if (tag_named(s, n, j, name) && !(e >= 2 && s[e - 2] == '/'))
      depth++;
    else if (j + 1 < n && s[j + 1] == '/' && tag_named(s + 1, n - 1, j, name) && --depth == 0)
      return e;
    j = e > j ? e - 1 : j;
  }
  return n;
}

void pw_body(const char *html, size_t len, const char *const *markers, size_t n_markers,
             size_t *start, size_t *end, bool *found) {
  *found = false;
  for (size_t m = 0; m < n_markers; m++) {
    const char *hit = find_ci(html, len, markers[m]);
    if (!hit)
      continue;
    /* the start tag holding the marker */
    size_t i = (size_t)(hit - html);
    while (i > 0 && html[i] != '<')
      i--;
    if (html[i] != '<')
      continue;
    *start = tag_end(html, len, i);
    size_t e = element_end(html, len, i);
    /* the end tag itself is not the body's */
    while (e > *start && html[e - 1] != '<')
      e--;
    *end = e > *start ? e - 1 : *start;
    *found = true;
    return;
  }
  const char *b = NULL;
  for (size_t i = 0; i < len && !b; i++)
    if (html[i] == '<' && tag_named(html, len, i, "body"))
      b = html + i;
  *start = b ? tag_end(html, len, (size_t)(b - html)) : 0;
  const char *c = find_ci(html + *start, len - *start, "</body");
  *end = c ? (size_t)(c - html) : len;
}

char *pw_title(const char *html, size_t len) {
  char *t = element_text(html, 0, len, "title");
  if (t && t[0])
    return t;
  free(t);
  for (size_t i = 0; i < len; i++) {
    if (html[i] != '<' || !tag_named(html, len, i, "meta"))
      continue;
    size_t e = tag_end(html, len, i);
    char *prop = attr(html, i, e, "property");
    bool og = prop && !strcmp(prop, "og:title");
    free(prop);
    if (og)
      return attr(html, i, e, "content");
    i = e - 1;
  }
  return ps_strdup("");
}

char *pw_next_page(const char *html, size_t len, const char *url) {
  struct pw_links l;
  if (pw_links_find(html, len, url, &l))
    return NULL;
  char *next = NULL;
  for (size_t i = 0; i < l.n && !next; i++) {
    const char *t = l.v[i].text;
    if ((!strcmp(t, "下一页") || !strcmp(t, "下页") || !strcmp(t, "下一頁") ||
         !strcasecmp(t, "next page") || !strcasecmp(t, "next")) &&
        strcmp(l.v[i].url, url))
      next = ps_strdup(l.v[i].url);
  }
  pw_links_release(&l);
  return next;
}

/* YYYY-MM-DD or YYYY年M月D日 at s; false when none. */
static bool date_at(const char *s, size_t n, char out[11]) {
  int y, m, d, k = 0;
  char buf[40];
  size_t c = n < sizeof buf - 1 ? n : sizeof buf - 1;
  memcpy(buf, s, c);
  buf[c] = '\0';
  if ((sscanf(buf, "%4d-%2d-%2d%n", &y, &m, &d, &k) == 3 ||
       sscanf(buf, "%4d年%2d月%2d日%n", &y, &m, &d, &k) == 3) &&
      k) {
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return ps_valid_date(out);
  }
  return false;
}

bool pw_page_date(const char *html, size_t len, const char *url, char out[11]) {
  for (size_t i = 0; i < len; i++) {
    if (html[i] != '<' || !tag_named(html, len, i, "meta"))
      continue;
    size_t e = tag_end(html, len, i);
    char *name = attr(html, i, e, "name");
    bool pub = name && (!strcasecmp(name, "publishdate") || !strcasecmp(name, "pubdate") ||
                        !strcasecmp(name, "firstpublishedtime"));
    free(name);
    if (pub) {
      char *v = attr(html, i, e, "content");
      bool ok = v && date_at(v, strlen(v), out);
      if (!ok && v && strspn(v, "0123456789") >= 8) { /* 20240131... */
        snprintf(out, 11, "%.4s-%.2s-%.2s", v, v + 4, v + 6);
        ok = ps_valid_date(out);
      }
      free(v);
      if (ok)
        return true;
    }
    i = e - 1;
  }
  /* the address's date: /2024/01/31/, /2024-01/31/, /20240131/ */
  const char *p = url ? strstr(url, "://") : NULL;
  for (p = p ? strchr(p + 3, '/') : NULL; p && p[1]; p = strchr(p + 1, '/')) {
    int y, m, d;
    char t;
    if ((sscanf(p, "/%4d/%2d/%2d%c", &y, &m, &d, &t) == 4 ||
         sscanf(p, "/%4d-%2d/%2d%c", &y, &m, &d, &t) == 4) &&
        t == '/') {
      snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
      if (ps_valid_date(out))
        return true;
    }
    if (strlen(p) >= 10 && strspn(p + 1, "0123456789") == 8 && p[9] == '/') {
      snprintf(out, 11, "%.4s-%.2s-%.2s", p + 1, p + 5, p + 7);
      if (ps_valid_date(out))
        return true;
    }
  }
  /* a date written near the top of the page, beside the title ("2024-02-01 19:18 来源：") */
  const char *body = find_ci(html, len, "<body");
  size_t from = body ? (size_t)(body - html) : 0;
  for (size_t i = from; i + 10 <= len && i < from + 65536; i++) {
    if (html[i] == '<') {
      size_t e = tag_end(html, len, i);
      if (tag_named(html, len, i, "script") || tag_named(html, len, i, "style")) {
        const char *c =
            find_ci(html + e, len - e, tag_named(html, len, i, "script") ? "</script" : "</style");
        e = c ? (size_t)(c - html) : len;
      }
      i = e > i ? e - 1 : i;
      continue;
    }
    if (html[i] == '2' && html[i + 1] == '0' && date_at(html + i, len - i, out))
      return true;
  }
  return false;
}
