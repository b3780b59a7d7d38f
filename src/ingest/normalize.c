/*
 * normalize.c: from the bytes an analyst pastes to the text the readout parser
 * reads. Mirrors re-publish readouts as HTML, in traditional characters, with
 * ASCII or full-width punctuation, paragraphs broken in the middle of a sentence
 * and stray invisible characters; the parser should see one spelling of each.
 */
#include "mod_opencc.h"
#include "module.h"
#include "pinyin.h"
#include "readout.h"

#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

static bool is_cjk(int32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0xF900 && c <= 0xFAFF);
}

/* CJK punctuation and full-width forms: no space is kept next to them either. */
static bool is_cjk_punct(int32_t c) {
  return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) || c == 0x2014 ||
         c == 0x2026 || (c >= 0x2018 && c <= 0x201F) || c == 0x00B7;
}

static bool is_wide(int32_t c) {
  return is_cjk(c) || is_cjk_punct(c);
}

static int put_cp(struct ps_buf *b, int32_t c) {
  uint8_t u[4];
  utf8proc_ssize_t n = utf8proc_encode_char(c, u);
  return ps_buf_add(b, (const char *)u, (size_t)n);
}

/* ---- HTML ---- */

static bool looks_like_html(const char *s, size_t len) {
  size_t tags = 0;
  for (size_t i = 0; i + 1 < len && tags < 3; i++)
    if (s[i] == '<' && (s[i + 1] == '/' || s[i + 1] == '!' ||
                        ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z')))
      tags++;
  return tags >= 2;
}

static bool tag_is(const char *t, size_t n, const char *name) {
  size_t k = strlen(name);
  if (n < k || strncasecmp(t, name, k))
    return false;
  return n == k || t[k] == ' ' || t[k] == '>' || t[k] == '/' || t[k] == '\t' || t[k] == '\n';
}

static const struct {
  const char *name;
  int32_t cp;
} entities[] = {{"nbsp", ' '},     {"amp", '&'},      {"lt", '<'},       {"gt", '>'},
                {"quot", '"'},     {"apos", '\''},    {"ldquo", 0x201C}, {"rdquo", 0x201D},
                {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"mdash", 0x2014}, {"hellip", 0x2026},
                {"middot", 0xB7},  {"emsp", ' '},     {"ensp", ' '}};

/* Decodes the entity at s (after '&'); returns its length through `;`, or 0. */
static size_t entity(const char *s, size_t left, int32_t *cp) {
  size_t i = 0;
  while (i < left && i < 12 && s[i] != ';')
    i++;
  if (i == left || s[i] != ';' || i == 0)
    return 0;
  if (s[0] == '#') {
    long v = 0;
    bool hex = i > 1 && (s[1] == 'x' || s[1] == 'X');
    size_t k = hex ? 2 : 1;
    if (k == i)
      return 0;
    for (; k < i; k++) {
      int d = s[k] >= '0' && s[k] <= '9'                            ? s[k] - '0'
              : hex && (s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'f' ? (s[k] | 0x20) - 'a' + 10
                                                                    : -1;
      if (d < 0)
        return 0;
      v = v * (hex ? 16 : 10) + d;
      if (v > 0x10FFFF)
        return 0;
    }
    if (!utf8proc_codepoint_valid((utf8proc_int32_t)v) || v == 0)
      return 0;
    *cp = (int32_t)v;
    return i + 1;
  }
  for (size_t e = 0; e < sizeof entities / sizeof *entities; e++)
    if (strlen(entities[e].name) == i && !strncmp(s, entities[e].name, i)) {
      *cp = entities[e].cp;
      return i + 1;
    }
  return 0;
}

/* Text of an HTML page: tags out (a line break for block tags), scripts and styles out, entities
 * decoded. */
static int strip_html(const char *s, size_t len, struct ps_buf *out) {
  static const char *const blocks[] = {"p",   "/p",    "br",     "div",    "/div", "li",
                                       "tr",  "h1",    "h2",     "h3",     "/h1",  "/h2",
                                       "/h3", "table", "/table", "section"};
  for (size_t i = 0; i < len;) {
    if (s[i] == '<') {
      size_t j = i + 1;
      if (len - j >= 3 && !strncmp(s + j, "!--", 3)) {
        const char *end = NULL;
        for (size_t k = j + 3; k + 2 < len; k++)
          if (!strncmp(s + k, "-->", 3)) {
            end = s + k + 3;
            break;
          }
        i = end ? (size_t)(end - s) : len;
        continue;
      }
      while (j < len && s[j] != '>')
        j++;
      const char *t = s + i + 1;
      size_t tn = j - i - 1;
      bool skip_body = tag_is(t, tn, "script") || tag_is(t, tn, "style");
      for (size_t k = 0; k < sizeof blocks / sizeof *blocks; k++)
        if (tag_is(t, tn, blocks[k])) {
          if (ps_buf_putc(out, '\n'))
            return PSST_ENOMEM;
          break;
        }
      i = j < len ? j + 1 : len;
      if (skip_body) {
        const char *close = tag_is(t, tn, "script") ? "</script" : "</style";
        size_t cl = strlen(close);
        while (i + cl <= len && strncasecmp(s + i, close, cl))
          i++;
        if (i + cl > len)
          i = len;
      }
      continue;
    }
    int32_t cp;
    size_t n;
    if (s[i] == '&' && (n = entity(s + i + 1, len - i - 1, &cp))) {
      if (put_cp(out, cp))
        return PSST_ENOMEM;
      i += n + 1;
      continue;
    }
    if (ps_buf_putc(out, s[i]))
      return PSST_ENOMEM;
    i++;
  }
  return PSST_OK;
}

int ps_html_to_text(const char *s, size_t len, struct ps_buf *out) {
  return strip_html(s, len, out);
}

/* ---- traditional characters ---- */

/*
 * Characters written only in traditional texts and frequent in every readout
 * (學習, 會, 國, 進行, 這, 發展 ...). Two of them mark a traditional text; a
 * simplified readout has none, so it is never run through the converter, which
 * keeps the batch reading fast.
 */
static const int32_t trad_marks[] = {
    0x500B, 0x5011, 0x50B3, 0x512A, 0x5167, 0x5287, 0x52D5, 0x52DE, 0x570B, 0x5718, 0x5834,
    0x5B78, 0x5BE6, 0x5C0D, 0x5C0E, 0x5E2B, 0x5E36, 0x5E73, 0x5F9E, 0x61C9, 0x6210, 0x6230,
    0x6578, 0x6703, 0x689D, 0x696D, 0x6A5F, 0x6C23, 0x6C7A, 0x6E2C, 0x70BA, 0x7121, 0x767C,
    0x7A2E, 0x7BC0, 0x7D1A, 0x7D93, 0x7E3D, 0x7FD2, 0x8077, 0x8207, 0x8209, 0x8853, 0x898F,
    0x89C0, 0x8A18, 0x8A2D, 0x8A71, 0x8AAA, 0x8ABF, 0x8AD6, 0x8B1B, 0x8B70, 0x8B77, 0x8CC7,
    0x8CEA, 0x8ECD, 0x8F03, 0x9019, 0x9032, 0x904E, 0x9054, 0x9078, 0x9577, 0x9580, 0x958B,
    0x9593, 0x969B, 0x96D9, 0x96E3, 0x9818, 0x984C, 0x9AD4, 0x9EE8};

static bool is_trad_mark(int32_t c) {
  size_t lo = 0, hi = sizeof trad_marks / sizeof *trad_marks;
  if (c == 0x5E73 || c == 0x6210) /* 平, 成: in both scripts; kept out of the test */
    return false;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (trad_marks[mid] == c)
      return true;
    if (trad_marks[mid] < c)
      lo = mid + 1;
    else
      hi = mid;
  }
  return false;
}

/*
 * One converter for the process: opening it loads OpenCC's dictionaries, which
 * costs more than converting a readout. OpenCC's converter is not documented as
 * thread-safe, so conversions are serialised. OpenCC itself is loaded then, from the
 * psst-opencc module (module.h): most runs never meet a traditional character.
 */
static pthread_mutex_t cc_lock = PTHREAD_MUTEX_INITIALIZER;
static opencc_t cc = (opencc_t)-1;
static const struct ps_opencc_api *occ;

static int to_simplified(struct ps_buf *b, struct psst_error *err) {
  pthread_mutex_lock(&cc_lock);
  int rc = occ ? PSST_OK : ps_module_get("opencc", "ps_mod_opencc", (const void **)&occ, err);
  if (rc) {
    pthread_mutex_unlock(&cc_lock);
    return rc;
  }
  if (cc == (opencc_t)-1)
    cc = occ->open("t2s.json");
  if (cc == (opencc_t)-1) {
    pthread_mutex_unlock(&cc_lock);
    return ps_err(err, PSST_EIO, "cannot load OpenCC's t2s conversion: %s", occ->error());
  }
  char *s = occ->convert_utf8(cc, b->s, b->len);
  pthread_mutex_unlock(&cc_lock);
  if (!s)
    return ps_err(err, PSST_ENOMEM, "OpenCC conversion failed");
  b->len = 0;
  rc = ps_buf_puts(b, s);
  occ->convert_utf8_free(s);
  return rc ? ps_err(err, rc, "out of memory") : PSST_OK;
}

int ps_simplify(const char *s, size_t n, struct ps_buf *out, bool *converted,
                struct psst_error *err) {
  *converted = false;
  bool trad = false;
  for (utf8proc_ssize_t i = 0; (size_t)i < n && !trad;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t l =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)n - i, &cp);
    if (l <= 0) {
      i++;
      continue;
    }
    trad = cp >= 0x3400 && ps_is_traditional(cp);
    i += l;
  }
  if (ps_buf_add(out, s, n) || ps_buf_puts(out, ""))
    return ps_err(err, PSST_ENOMEM, "out of memory");
  if (!trad)
    return PSST_OK;
  *converted = true;
  return to_simplified(out, err);
}

/* ---- the character pass ---- */

static int32_t map_char(int32_t c) {
  if (c >= 0xFF10 && c <= 0xFF19) /* full-width digits */
    return '0' + (c - 0xFF10);
  if ((c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A))
    return c - 0xFF21 + 'A';
  if (c == 0x3000 || c == 0xA0 || c == '\t' || c == '\r' || c == '\f' || c == 0x2002 || c == 0x2003)
    return ' ';
  if (c == 0xFE50 || c == 0xFE51) /* small comma forms */
    return c == 0xFE50 ? 0xFF0C : 0x3001;
  return c;
}

static bool dropped(int32_t c) {
  return c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF || c == 0xAD || c == 0x2060 ||
         (c < 0x20 && c != '\n') || (c >= 0x7F && c < 0xA0);
}

static int32_t ascii_punct_to_wide(int32_t c) {
  switch (c) {
  case ',':
    return 0xFF0C;
  case ';':
    return 0xFF1B;
  case ':':
    return 0xFF1A;
  case '(':
    return 0xFF08;
  case ')':
    return 0xFF09;
  case '?':
    return 0xFF1F;
  case '!':
    return 0xFF01;
  case '.':
    return 0x3002;
  default:
    return 0;
  }
}

/* A letter of pinyin (with its tone marks) or of zhuyin (bopomofo and its tones). */
static bool is_annotation_letter(int32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F) ||
         (c >= 0x3100 && c <= 0x312F) || (c >= 0x31A0 && c <= 0x31BF) || c == 0x2CA || c == 0x2C7 ||
         c == 0x2CB || c == 0x2D9 || c == 0x301;
}

/*
 * Mirror sites insert the reading of a character after it: 集體學(xué)習, 学（ㄒㄩㄝˊ）习.
 * At an opening bracket after a Chinese character, the length of such an annotation
 * through its closing bracket (letters, tone digits and spaces only, at most twelve), or
 * 0 when what follows is ordinary text.
 */
static size_t annotation_len(const char *s, size_t left) {
  size_t j = 0, letters = 0, chars = 0;
  while (j < left && chars <= 12) {
    utf8proc_int32_t d;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)s + j, (utf8proc_ssize_t)(left - j), &d);
    if (n < 0)
      return 0;
    j += (size_t)n;
    if (d == ')' || d == 0xFF09)
      return letters ? j : 0;
    if (is_annotation_letter(d))
      letters++;
    else if (!(d >= '1' && d <= '5') && d != ' ')
      return 0;
    chars++;
  }
  return 0;
}

int ps_readout_normalize(const char *in, size_t len, struct ps_buf *out, bool *traditional,
                         struct psst_error *err) {
  *traditional = false;
  out->len = 0;
  if (out->s)
    out->s[0] = '\0';
  /* a byte-order mark is not text */
  if (len >= 3 && !memcmp(in, "\xEF\xBB\xBF", 3))
    in += 3, len -= 3;
  size_t ctrl = 0;
  for (size_t i = 0; i < len;) {
    utf8proc_int32_t c;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)in + i, (utf8proc_ssize_t)(len - i), &c);
    if (n < 0)
      return ps_err(err, PSST_EINVAL, "the input is not UTF-8 text (invalid byte at offset %zu)",
                    i);
    if (c == 0)
      return ps_err(err, PSST_EINVAL, "the input is binary, not text (NUL byte at offset %zu)", i);
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
      ctrl++;
    i += (size_t)n;
  }
  if (ctrl > 8 && ctrl * 50 > len)
    return ps_err(err, PSST_EINVAL, "the input is binary, not text (%zu control characters)", ctrl);

  struct ps_buf raw = {0};
  const char *s = in;
  size_t slen = len;
  if (looks_like_html(in, len)) {
    if (strip_html(in, len, &raw)) {
      ps_buf_release(&raw);
      return ps_err(err, PSST_ENOMEM, "out of memory");
    }
    s = raw.s ? raw.s : "";
    slen = raw.len;
  }

  /*
   * One pass over the characters. A run of spaces and line breaks is written out
   * only when it is not between two wide (Chinese) characters: there it is a
   * broken paragraph or a mirror's padding, not a word boundary.
   */
  int rc = PSST_OK;
  int32_t prev = 0; /* the last character written, after mapping */
  bool pending_space = false, pending_newline = false;
  size_t marks = 0;
  for (size_t i = 0; i < slen && rc == PSST_OK;) {
    utf8proc_int32_t c;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(slen - i), &c);
    if (n < 0) { /* entities may decode to anything; cannot happen for valid input */
      i++;
      continue;
    }
    i += (size_t)n;
    if (dropped(c))
      continue;
    if ((c == '(' || c == 0xFF08) && is_cjk(prev)) {
      size_t skip = annotation_len(s + i, slen - i);
      if (skip) {
        i += skip;
        continue;
      }
    }
    c = map_char(c);
    if (c == ' ' || c == '\n') {
      pending_newline |= c == '\n';
      pending_space = true;
      continue;
    }
    int32_t wide = ascii_punct_to_wide(c);
    /* ASCII punctuation after a Chinese character is Chinese punctuation; a full
     * stop only when no digit follows (2019.10.24 stays) */
    if (wide && is_wide(prev) && !(c == '.' && i < slen && s[i] >= '0' && s[i] <= '9'))
      c = wide;
    if (pending_space && prev) {
      if (!(is_wide(prev) && is_wide(c)))
        rc = ps_buf_putc(out, pending_newline ? '\n' : ' ');
      else if (pending_newline && (prev == 0x3002 || prev == 0xFF01 || prev == 0xFF1F ||
                                   prev == 0x201D || prev == 0x7535 /* 电 of a dateline */))
        rc = ps_buf_putc(out, '\n'); /* a paragraph that ended a sentence stays one */
    }
    pending_space = pending_newline = false;
    if (rc == PSST_OK)
      rc = put_cp(out, c);
    if (is_trad_mark(c))
      marks++;
    prev = c;
  }
  ps_buf_release(&raw);
  if (rc)
    return ps_err(err, PSST_ENOMEM, "out of memory");
  if (!out->s && ps_buf_puts(out, ""))
    return ps_err(err, PSST_ENOMEM, "out of memory");
  if (marks >= 2) {
    *traditional = true;
    return to_simplified(out, err);
  }
  return PSST_OK;
}
