/*
 * gen_pinyin.c: the pinyin table of the search index (src/core/pinyin_table.c, generated at
 * build time), from Unicode's Unihan readings as Debian ships them (package unicode-data,
 * /usr/share/unicode/Unihan_Readings.txt.bz2, read decompressed on standard input).
 *
 * For every ideograph of the Basic Multilingual Plane, its Mandarin readings without tones,
 * the customary one first: kMandarin, then the readings of kHanyuPinlu (modern frequency),
 * kTGHZ2013 (the 2013 standard list), kXHC1983 (Xiandai Hanyu Cidian) and kHanyuPinyin, at
 * most four. Tone marks go (qū -> qu); ü becomes v, as pinyin keyboards type it.
 *
 * And the characters written only in traditional texts: those whose kSimplifiedVariant
 * (Unihan_Variants.txt) is another character, so that a text holding none of them is never
 * run through OpenCC.
 *
 * Usage: bzcat Unihan_Readings.txt.bz2 Unihan_Variants.txt.bz2 | gen_pinyin > pinyin_table.c
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_READINGS = 4, MAX_SYLL = 1024, FIRST = 0x3400, LAST = 0xFFFF };

static char syll[MAX_SYLL][8];
static int n_syll;
static unsigned short readings[LAST + 1][MAX_READINGS];
static unsigned char n_read[LAST + 1];
static unsigned trad[16384];
static size_t n_trad;

/* "U+5340\tkSimplifiedVariant\tU+533A": traditional when its own code is not a variant */
static void simplified_variant(const char *line) {
  unsigned cp = (unsigned)strtoul(line + 2, NULL, 16);
  const char *v = strstr(line, "kSimplifiedVariant\t") + 19;
  bool self = false;
  for (const char *u = strstr(v, "U+"); u; u = strstr(u + 2, "U+"))
    self |= (unsigned)strtoul(u + 2, NULL, 16) == cp;
  if (!self && n_trad < sizeof trad / sizeof *trad)
    trad[n_trad++] = cp;
}

static const char *const fields[] = {"kMandarin", "kHanyuPinlu", "kTGHZ2013", "kXHC1983",
                                     "kHanyuPinyin"};

/* The toneless ASCII form of one reading ("qū" -> "qu", "lǜ" -> "lv"); 0 when it is not one. */
static int toneless(const char *s, size_t n, char out[8]) {
  static const struct {
    const char *from;
    char to;
  } marks[] = {{"ā", 'a'},      {"á", 'a'},      {"ǎ", 'a'},      {"à", 'a'},     {"ē", 'e'},
               {"é", 'e'},      {"ě", 'e'},      {"è", 'e'},      {"ê", 'e'},     {"ī", 'i'},
               {"í", 'i'},      {"ǐ", 'i'},      {"ì", 'i'},      {"ō", 'o'},     {"ó", 'o'},
               {"ǒ", 'o'},      {"ò", 'o'},      {"ū", 'u'},      {"ú", 'u'},     {"ǔ", 'u'},
               {"ù", 'u'},      {"ǖ", 'v'},      {"ǘ", 'v'},      {"ǚ", 'v'},     {"ǜ", 'v'},
               {"ü", 'v'},      {"ń", 'n'},      {"ň", 'n'},      {"ǹ", 'n'},     {"ḿ", 'm'},
               {"\xcc\x84", 0}, {"\xcc\x81", 0}, {"\xcc\x8c", 0}, {"\xcc\x80", 0}};
  size_t k = 0;
  for (size_t i = 0; i < n;) {
    if (s[i] >= 'a' && s[i] <= 'z') {
      if (k >= 7)
        return 0;
      out[k++] = s[i++];
      continue;
    }
    size_t j = 0;
    for (; j < sizeof marks / sizeof *marks; j++) {
      size_t l = strlen(marks[j].from);
      if (i + l <= n && !memcmp(s + i, marks[j].from, l)) {
        if (marks[j].to) {
          if (k >= 7)
            return 0;
          out[k++] = marks[j].to;
        }
        i += l;
        break;
      }
    }
    if (j == sizeof marks / sizeof *marks)
      return 0;
  }
  out[k] = '\0';
  return k > 0;
}

static int syllable(const char *s) {
  for (int i = 0; i < n_syll; i++)
    if (!strcmp(syll[i], s))
      return i;
  if (n_syll == MAX_SYLL) {
    fprintf(stderr, "gen_pinyin: more than %d syllables\n", MAX_SYLL);
    exit(1);
  }
  strcpy(syll[n_syll], s);
  return n_syll++;
}

static void add(unsigned cp, const char *s, size_t n) {
  char t[8];
  if (!toneless(s, n, t))
    return;
  int id = syllable(t);
  for (int i = 0; i < n_read[cp]; i++)
    if (readings[cp][i] == id)
      return;
  if (n_read[cp] < MAX_READINGS)
    readings[cp][n_read[cp]++] = (unsigned short)id;
}

int main(void) {
  static char line[4096];
  /* the fields in their order of preference: one pass each over the lines kept */
  char **kept = NULL;
  size_t n_kept = 0, cap = 0;
  while (fgets(line, sizeof line, stdin)) {
    if (strncmp(line, "U+", 2))
      continue;
    if (strstr(line, "\tkSimplifiedVariant\t")) {
      simplified_variant(line);
      continue;
    }
    if (n_kept == cap) {
      cap = cap ? cap * 2 : 65536;
      kept = realloc(kept, cap * sizeof *kept);
    }
    kept[n_kept++] = strdup(line);
  }
  for (size_t f = 0; f < sizeof fields / sizeof *fields; f++) {
    size_t fl = strlen(fields[f]);
    for (size_t i = 0; i < n_kept; i++) {
      char *l = kept[i];
      char *tab = strchr(l, '\t');
      if (!tab || strncmp(tab + 1, fields[f], fl) || tab[1 + fl] != '\t')
        continue;
      unsigned cp = (unsigned)strtoul(l + 2, NULL, 16);
      if (cp < FIRST || cp > LAST)
        continue;
      /* values: "qū ōu", "qū(1211) ...", "272.040:ōu 306.220:qū", "10428.050:kuài,yué" */
      char *v = tab + 1 + fl + 1;
      while (*v && *v != '\n') {
        while (*v == ' ')
          v++;
        char *colon = NULL, *end = v;
        while (*end && *end != ' ' && *end != '\n') {
          if (*end == ':')
            colon = end;
          end++;
        }
        char *r = colon ? colon + 1 : v;
        while (r < end) {
          char *stop = r;
          while (stop < end && *stop != ',' && *stop != '(')
            stop++;
          add(cp, r, (size_t)(stop - r));
          if (stop < end && *stop == '(')
            break;
          r = stop + 1;
        }
        v = end;
      }
    }
  }
  /* the syllables in alphabetical order, so that the index can search them */
  static int order[MAX_SYLL], rank[MAX_SYLL];
  for (int i = 0; i < n_syll; i++)
    order[i] = i;
  for (int i = 1; i < n_syll; i++)
    for (int j = i; j > 0 && strcmp(syll[order[j - 1]], syll[order[j]]) > 0; j--) {
      int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  for (int i = 0; i < n_syll; i++)
    rank[order[i]] = i;
  size_t entries = 0;
  for (unsigned cp = FIRST; cp <= LAST; cp++)
    entries += n_read[cp] > 0;
  printf("/* Generated by tools/gen_pinyin.c from Unicode's Unihan_Readings.txt: do not edit. */\n"
         "#include \"pinyin.h\"\n\nconst char *const ps_pinyin_syllables[] = {");
  for (int i = 0; i < n_syll; i++)
    printf("%s\"%s\"", i == 0 ? "\n    " : i % 10 ? ", " : ",\n    ", syll[order[i]]);
  printf("};\nconst unsigned ps_pinyin_n_syllables = %d;\n\n", n_syll);
  printf("const struct ps_pinyin_entry ps_pinyin_entries[] = {\n");
  for (unsigned cp = FIRST; cp <= LAST; cp++) {
    if (!n_read[cp])
      continue;
    printf("    {0x%04X, %u, {", cp, n_read[cp]);
    for (int i = 0; i < MAX_READINGS; i++)
      printf("%s%d", i ? ", " : "", i < n_read[cp] ? rank[readings[cp][i]] : 0);
    printf("}},\n");
  }
  printf("};\nconst unsigned ps_pinyin_n_entries = %zu;\n\n", entries);
  /* the lines come in code point order */
  printf("const unsigned ps_traditional_chars[] = {");
  for (size_t i = 0; i < n_trad; i++)
    printf("%s0x%X", i == 0 ? "\n    " : i % 10 ? ", " : ",\n    ", trad[i]);
  printf("};\nconst unsigned ps_n_traditional_chars = %zu;\n", n_trad);
  for (size_t i = 0; i < n_kept; i++)
    free(kept[i]);
  free(kept);
  return 0;
}
