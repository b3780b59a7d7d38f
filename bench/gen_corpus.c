/*
 * gen_corpus.c: a synthetic psst data folder of any size, for the benchmark.
 *
 *   cc -O2 -o build/gen_corpus bench/gen_corpus.c
 *   gen_corpus N OUTDIR [SEED]
 *
 * Reads OUTDIR/codebook.json and OUTDIR/institutions.json (bench/run.sh copies them
 * from data/ first) and writes OUTDIR/terms.json and OUTDIR/sessions.jsonl with N
 * sessions. The same N and SEED always give the same bytes.
 *
 * The records pass psst check with zero errors: terms of 5,000 sessions each (term 1,
 * 2, ...), every term's window 2002-01-01 to 2025-12-31, leaders alternating Hu Jintao
 * and Xi Jinping, numbers 1..5000 and strictly increasing dates (5,000 distinct days
 * out of the 8,766 in the window) within a term. Field sizes follow the real record:
 * title_zh 8-30 characters of policy vocabulary, title_en 40-120 characters, 1-4
 * lecturers per lecture with 2-3 character names and pinyin, affiliations from the
 * real institutions with a post, notes 50-300 characters of mixed Chinese and
 * English, 1-2 sources, technology tags on about 15% of the sessions. The tag words
 * (区块链, 量子, blockchain, ...) appear only with their tag, so each of them is in
 * about 0.8% of the records (8,198 of 1,000,000 for 区块链 with seed 1).
 *
 * No dependency beyond the C11 library.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_TERM   5000
#define FIRST_YEAR 2002
#define LAST_YEAR  2025

/* ---- random numbers: splitmix64, deterministic for a seed ---- */

static uint64_t rng_state;

static uint64_t rnd(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

/* uniform in [0, n) */
static size_t pick(size_t n) {
  return (size_t)(rnd() % n);
}

/* true with probability pct/1000 */
static int chance(unsigned permille) {
  return pick(1000) < permille;
}

static int range(int lo, int hi) {
  return lo + (int)pick((size_t)(hi - lo + 1));
}

/* ---- output buffer ---- */

struct out {
  char *s;
  size_t len, cap;
};

static void die(const char *msg) {
  fprintf(stderr, "gen_corpus: %s\n", msg);
  exit(1);
}

static void reserve(struct out *o, size_t more) {
  if (o->len + more <= o->cap)
    return;
  size_t cap = o->cap ? o->cap : 1 << 16;
  while (cap < o->len + more)
    cap *= 2;
  char *s = realloc(o->s, cap);
  if (!s)
    die("out of memory");
  o->s = s;
  o->cap = cap;
}

static void put(struct out *o, const char *s, size_t n) {
  reserve(o, n);
  memcpy(o->s + o->len, s, n);
  o->len += n;
}

static void puts_(struct out *o, const char *s) {
  put(o, s, strlen(s));
}

static void putint(struct out *o, long v) {
  char b[32];
  int n = snprintf(b, sizeof b, "%ld", v);
  put(o, b, (size_t)n);
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void putjson(struct out *o, const char *s, size_t n) {
  reserve(o, n * 6 + 2);
  o->s[o->len++] = '"';
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      o->s[o->len++] = '\\';
      o->s[o->len++] = (char)c;
    } else if (c < 0x20) {
      o->len += (size_t)snprintf(o->s + o->len, 7, "\\u%04x", c);
    } else {
      o->s[o->len++] = (char)c;
    }
  }
  o->s[o->len++] = '"';
}

static void putjs(struct out *o, const char *s) {
  putjson(o, s, strlen(s));
}

/* Number of code points of UTF-8 text. */
static size_t u8len(const char *s, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    k += ((unsigned char)s[i] & 0xC0) != 0x80;
  return k;
}

/* Byte length of the first `cps` code points. */
static size_t u8prefix(const char *s, size_t n, size_t cps) {
  size_t i = 0, k = 0;
  while (i < n) {
    if (((unsigned char)s[i] & 0xC0) != 0x80) {
      if (k == cps)
        break;
      k++;
    }
    i++;
  }
  return i;
}

/* ---- a minimal JSON reader, for the two reference files ---- */

struct jp {
  const char *p, *end;
};

static void ws(struct jp *j) {
  while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t'))
    j->p++;
}

static void put_utf8(struct out *o, unsigned cp) {
  char b[4];
  size_t n;
  if (cp < 0x80)
    b[0] = (char)cp, n = 1;
  else if (cp < 0x800)
    b[0] = (char)(0xC0 | (cp >> 6)), b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
  else if (cp < 0x10000)
    b[0] = (char)(0xE0 | (cp >> 12)), b[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
    b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
  else
    b[0] = (char)(0xF0 | (cp >> 18)), b[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
    b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), b[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
  put(o, b, n);
}

/* Reads a string at j->p (which must be '"'); returns a malloc'd, decoded copy. */
static char *jstring(struct jp *j) {
  ws(j);
  if (j->p >= j->end || *j->p != '"')
    die("reference file: expected a string");
  j->p++;
  struct out o = {0};
  while (j->p < j->end && *j->p != '"') {
    if (*j->p != '\\') {
      put(&o, j->p++, 1);
      continue;
    }
    if (++j->p >= j->end)
      break;
    char e = *j->p++;
    switch (e) {
    case 'n':
      put(&o, "\n", 1);
      break;
    case 't':
      put(&o, "\t", 1);
      break;
    case 'r':
      put(&o, "\r", 1);
      break;
    case 'b':
      put(&o, "\b", 1);
      break;
    case 'f':
      put(&o, "\f", 1);
      break;
    case 'u': {
      if (j->end - j->p < 4)
        die("reference file: bad \\u escape");
      char h[5] = {j->p[0], j->p[1], j->p[2], j->p[3], 0};
      unsigned cp = (unsigned)strtoul(h, NULL, 16);
      j->p += 4;
      if (cp >= 0xD800 && cp < 0xDC00 && j->end - j->p >= 6 && j->p[0] == '\\' && j->p[1] == 'u') {
        char l[5] = {j->p[2], j->p[3], j->p[4], j->p[5], 0};
        unsigned lo = (unsigned)strtoul(l, NULL, 16);
        j->p += 6;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      }
      put_utf8(&o, cp);
      break;
    }
    default:
      put(&o, &e, 1);
    }
  }
  if (j->p >= j->end)
    die("reference file: unterminated string");
  j->p++;
  put(&o, "", 1);
  return o.s;
}

static void jskip(struct jp *j);

static void jskip_container(struct jp *j, char close) {
  j->p++;
  ws(j);
  if (j->p < j->end && *j->p == close) {
    j->p++;
    return;
  }
  for (;;) {
    if (close == '}') {
      free(jstring(j));
      ws(j);
      if (j->p >= j->end || *j->p != ':')
        die("reference file: expected ':'");
      j->p++;
    }
    jskip(j);
    ws(j);
    if (j->p < j->end && *j->p == ',') {
      j->p++;
      continue;
    }
    if (j->p < j->end && *j->p == close) {
      j->p++;
      return;
    }
    die("reference file: malformed JSON");
  }
}

static void jskip(struct jp *j) {
  ws(j);
  if (j->p >= j->end)
    die("reference file: unexpected end");
  if (*j->p == '"')
    free(jstring(j));
  else if (*j->p == '{')
    jskip_container(j, '}');
  else if (*j->p == '[')
    jskip_container(j, ']');
  else
    while (j->p < j->end && !strchr(",}] \n\r\t", *j->p))
      j->p++;
}

/* Positions j at the value of `key` in the object at j->p; returns 0 when absent. */
static int jfind(struct jp *j, const char *key) {
  ws(j);
  if (j->p >= j->end || *j->p != '{')
    die("reference file: expected an object");
  j->p++;
  for (;;) {
    ws(j);
    if (j->p < j->end && *j->p == '}')
      return 0;
    char *k = jstring(j);
    ws(j);
    if (j->p >= j->end || *j->p != ':')
      die("reference file: expected ':'");
    j->p++;
    int hit = !strcmp(k, key);
    free(k);
    if (hit) {
      ws(j);
      return 1;
    }
    jskip(j);
    ws(j);
    if (j->p < j->end && *j->p == ',')
      j->p++;
  }
}

/* Calls fn for each element of the array at j->p, with j positioned on it. */
static void jarray(struct jp *j, void (*fn)(struct jp *, void *), void *ctx) {
  ws(j);
  if (j->p >= j->end || *j->p != '[')
    die("reference file: expected an array");
  j->p++;
  for (;;) {
    ws(j);
    if (j->p < j->end && *j->p == ']') {
      j->p++;
      return;
    }
    struct jp elem = *j;
    fn(&elem, ctx);
    jskip(j);
    ws(j);
    if (j->p < j->end && *j->p == ',')
      j->p++;
  }
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "gen_corpus: %s: %s\n", path, strerror(errno));
    exit(1);
  }
  struct out o = {0};
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0)
    put(&o, buf, n);
  fclose(f);
  *len = o.len;
  put(&o, "", 1);
  return o.s;
}

struct strs {
  char **v;
  size_t n;
};

static void strs_add(struct strs *s, char *v) {
  char **nv = realloc(s->v, (s->n + 1) * sizeof *nv);
  if (!nv)
    die("out of memory");
  s->v = nv;
  s->v[s->n++] = v;
}

static void code_of(struct jp *j, void *ctx) {
  if (jfind(j, "code"))
    strs_add(ctx, jstring(j));
}

/* Reads the codes of one list of codebook.json. */
static void codes(const char *text, size_t len, const char *key, struct strs *out) {
  struct jp j = {text, text + len};
  if (!jfind(&j, key))
    die("codebook.json: a list of codes is missing");
  jarray(&j, code_of, out);
  if (!out->n)
    die("codebook.json: an empty list of codes");
}

struct inst {
  char *zh, *en;
};

struct insts {
  struct inst *v;
  size_t n;
};

static int has_cjk(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s >= 0xE0)
      return 1;
  return 0;
}

struct inst_ctx {
  struct insts *out;
  char *zh, *en, *match_zh;
};

static void match_of(struct jp *j, void *ctx) {
  struct inst_ctx *c = ctx;
  char *m = jstring(j);
  if (!c->match_zh && has_cjk(m))
    c->match_zh = m;
  else
    free(m);
}

/* An institution as lecturers' affiliations name it: the first Chinese match string
   (军事科学院, not the full 中国人民解放军军事科学院), and the English name. */
static void inst_of(struct jp *j, void *ctx) {
  struct inst_ctx c = {((struct inst_ctx *)ctx)->out, NULL, NULL, NULL};
  struct jp k = *j;
  if (jfind(&k, "zh"))
    c.zh = jstring(&k);
  k = *j;
  if (jfind(&k, "en"))
    c.en = jstring(&k);
  k = *j;
  if (jfind(&k, "match"))
    jarray(&k, match_of, &c);
  if (!c.zh || !c.en)
    die("institutions.json: an institution without zh or en");
  struct insts *o = c.out;
  struct inst *nv = realloc(o->v, (o->n + 1) * sizeof *nv);
  if (!nv)
    die("out of memory");
  o->v = nv;
  o->v[o->n].zh = c.match_zh ? c.match_zh : c.zh;
  o->v[o->n].en = c.en;
  if (c.match_zh)
    free(c.zh);
  o->n++;
}

/* ---- vocabulary ---- */

#define COUNT(a) (sizeof a / sizeof *a)

/* Policy words for Chinese titles. None contains 量子 or 区块链, and no word ends in
   量 or 区 before one that starts with 子 or 块, so those appear only with their tag. */
static const char *const zh_words[] = {
    "推进",   "科技",     "发展",   "治理",       "网络",     "经济",   "安全", "法治",   "生态",
    "文明",   "改革",     "创新",   "数字",       "建设",     "国家",   "社会", "体系",   "能力",
    "现代化", "高质量",   "战略",   "全面",       "深化",     "加强",   "推动", "构建",   "完善",
    "制度",   "文化",     "历史",   "马克思主义", "理论",     "党的",   "领导", "人民",   "民族",
    "复兴",   "共同体",   "农业",   "农村",       "乡村振兴", "城乡",   "区域", "协调",   "开放",
    "合作",   "国际",     "全球",   "金融",       "风险",     "防范",   "化解", "产业",   "资源",
    "能源",   "环境",     "保护",   "教育",       "人才",     "卫生",   "健康", "就业",   "民生",
    "保障",   "意识形态", "宣传",   "舆论",       "融合",     "军事",   "国防", "军队",   "反腐败",
    "廉政",   "纪律",     "监督",   "宪法",       "法律",     "司法",   "行政", "政府",   "职能",
    "市场",   "企业",     "国有",   "贸易",       "海洋",     "粮食",   "水利", "气候",   "碳达峰",
    "碳中和", "知识产权", "标准",   "规划",       "实践",     "经验",   "道路", "自信",   "精神",
    "传统",   "优秀",     "中华",   "世界",       "形势",     "政策",   "研究", "问题",   "重大",
    "基础",   "核心",     "关键",   "技术",       "基本",     "方略",   "格局", "新时代", "新征程",
    "中国式", "强国",     "外交",   "统一战线",   "宗教",     "边疆",   "稳定", "公共",   "服务",
    "应急",   "管理",     "城市",   "住房",       "人口",     "老龄化", "家庭", "青年",   "体育",
    "交通",   "供给侧",   "结构性", "消费",       "投资",     "财政",   "税收", "货币",   "我国",
    "坚持",   "健全",     "提高",
};
static const char *const zh_joins[] = {"和", "与", "的", "及"};

static const char *const en_lead[] = {
    "Advancing", "Promoting", "Strengthening", "Deepening",    "Improving",  "Building",
    "Studying",  "Upholding", "Modernising",   "Safeguarding", "Developing", "Reforming",
};
static const char *const en_words[] = {
    "the",
    "development",
    "of",
    "governance",
    "national",
    "security",
    "economic",
    "reform",
    "and",
    "innovation",
    "rule",
    "law",
    "ecological",
    "civilisation",
    "digital",
    "China's",
    "modern",
    "system",
    "capacity",
    "strategy",
    "high-quality",
    "growth",
    "Party",
    "leadership",
    "people",
    "rural",
    "revitalisation",
    "regional",
    "coordinated",
    "opening-up",
    "international",
    "cooperation",
    "global",
    "financial",
    "risk",
    "prevention",
    "industry",
    "resources",
    "energy",
    "environment",
    "protection",
    "education",
    "talent",
    "public",
    "health",
    "employment",
    "welfare",
    "ideology",
    "culture",
    "history",
    "Marxism",
    "theory",
    "military",
    "defence",
    "discipline",
    "supervision",
    "constitution",
    "judicial",
    "government",
    "market",
    "enterprises",
    "trade",
    "maritime",
    "food",
    "climate",
    "carbon",
    "intellectual",
    "property",
    "standards",
    "planning",
    "practice",
    "in",
    "new",
    "era",
    "for",
    "a",
    "world",
    "situation",
    "policy",
    "major",
    "issues",
    "basic",
    "core",
    "key",
};

/* Per technology tag: the words a title and the notes use for it. */
static const struct {
  const char *code, *zh, *en;
} tag_words[] = {
    {"internet", "互联网", "Internet"},
    {"cyberspace", "网络空间", "cyberspace"},
    {"informatization", "信息化", "informatization"},
    {"big-data", "大数据", "big data"},
    {"ai", "人工智能", "artificial intelligence"},
    {"blockchain", "区块链", "blockchain"},
    {"quantum", "量子科技", "quantum technology"},
    {"digital-economy", "数字经济", "digital economy"},
    {"biotech", "生物技术", "biotechnology"},
    {"energy-tech", "能源技术", "energy technology"},
    {"space", "航天", "space exploration"},
    {"semiconductors", "集成电路", "semiconductors"},
    {"manufacturing", "智能制造", "advanced manufacturing"},
    {"materials", "新材料", "new materials"},
    {"media-tech", "媒体融合", "media convergence"},
    {"military-tech", "军事科技", "military technology"},
    {"productivity", "新质生产力", "new quality productive forces"},
    {"general-sti", "科技创新", "science and technology"},
};

static const struct {
  const char *zh, *en;
} surnames[] = {
    {"王", "Wang"},  {"李", "Li"},    {"张", "Zhang"}, {"刘", "Liu"},   {"陈", "Chen"},
    {"杨", "Yang"},  {"黄", "Huang"}, {"赵", "Zhao"},  {"吴", "Wu"},    {"周", "Zhou"},
    {"徐", "Xu"},    {"孙", "Sun"},   {"马", "Ma"},    {"朱", "Zhu"},   {"胡", "Hu"},
    {"郭", "Guo"},   {"何", "He"},    {"高", "Gao"},   {"林", "Lin"},   {"罗", "Luo"},
    {"郑", "Zheng"}, {"梁", "Liang"}, {"谢", "Xie"},   {"宋", "Song"},  {"唐", "Tang"},
    {"许", "Xu"},    {"韩", "Han"},   {"冯", "Feng"},  {"邓", "Deng"},  {"曹", "Cao"},
    {"彭", "Peng"},  {"曾", "Zeng"},  {"肖", "Xiao"},  {"田", "Tian"},  {"董", "Dong"},
    {"袁", "Yuan"},  {"潘", "Pan"},   {"于", "Yu"},    {"蒋", "Jiang"}, {"蔡", "Cai"},
    {"余", "Yu"},    {"杜", "Du"},    {"叶", "Ye"},    {"程", "Cheng"}, {"苏", "Su"},
    {"魏", "Wei"},   {"吕", "Lyu"},   {"丁", "Ding"},  {"任", "Ren"},   {"沈", "Shen"},
    {"姚", "Yao"},   {"卢", "Lu"},    {"姜", "Jiang"}, {"崔", "Cui"},   {"钟", "Zhong"},
    {"谭", "Tan"},   {"陆", "Lu"},    {"汪", "Wang"},  {"范", "Fan"},   {"金", "Jin"},
};

static const struct {
  const char *zh, *en;
} given[] = {
    {"伟", "wei"},   {"强", "qiang"}, {"磊", "lei"},   {"军", "jun"},   {"勇", "yong"},
    {"杰", "jie"},   {"涛", "tao"},   {"明", "ming"},  {"超", "chao"},  {"华", "hua"},
    {"平", "ping"},  {"刚", "gang"},  {"辉", "hui"},   {"建", "jian"},  {"国", "guo"},
    {"新", "xin"},   {"文", "wen"},   {"东", "dong"},  {"海", "hai"},   {"林", "lin"},
    {"斌", "bin"},   {"宇", "yu"},    {"波", "bo"},    {"峰", "feng"},  {"志", "zhi"},
    {"俊", "jun"},   {"鹏", "peng"},  {"晓", "xiao"},  {"红", "hong"},  {"英", "ying"},
    {"芳", "fang"},  {"敏", "min"},   {"静", "jing"},  {"丽", "li"},    {"燕", "yan"},
    {"玲", "ling"},  {"婷", "ting"},  {"颖", "ying"},  {"慧", "hui"},   {"雪", "xue"},
    {"春", "chun"},  {"秋", "qiu"},   {"立", "li"},    {"民", "min"},   {"德", "de"},
    {"庆", "qing"},  {"荣", "rong"},  {"昌", "chang"}, {"光", "guang"}, {"清", "qing"},
    {"宏", "hong"},  {"坤", "kun"},   {"振", "zhen"},  {"铭", "ming"},  {"远", "yuan"},
    {"毅", "yi"},    {"翔", "xiang"}, {"博", "bo"},    {"耀", "yao"},   {"松", "song"},
    {"岩", "yan"},   {"河", "he"},    {"山", "shan"},  {"云", "yun"},   {"泽", "ze"},
    {"洪", "hong"},  {"家", "jia"},   {"启", "qi"},    {"安", "an"},    {"和", "he"},
    {"仁", "ren"},   {"卫", "wei"},   {"兴", "xing"},  {"胜", "sheng"}, {"福", "fu"},
    {"良", "liang"}, {"永", "yong"},  {"成", "cheng"}, {"恩", "en"},    {"奥", "ao"},
};

static const struct {
  const char *zh, *en;
} posts[] = {
    {"教授", "Professor"},
    {"研究员", "Research Fellow"},
    {"院士", "Academician"},
    {"副教授", "Associate Professor"},
    {"主任、研究员", "Director and Research Fellow"},
    {"院长、教授", "President and Professor"},
    {"教授级高级工程师", "Professor-level Senior Engineer"},
    {"副研究员", "Associate Research Fellow"},
};
static const unsigned post_weight[] = {40, 30, 8, 6, 6, 4, 3, 3}; /* sums to 100 */

static const struct {
  const char *zh, *en;
} departments[] = {
    {"经济研究所", "Institute of Economics"},
    {"法学院", "Law School"},
    {"马克思主义学院", "School of Marxism"},
    {"国际关系学院", "School of International Studies"},
    {"信息科学技术学院", "School of Information Science and Technology"},
    {"物理学院", "School of Physics"},
    {"公共管理学院", "School of Public Administration"},
    {"历史学系", "Department of History"},
    {"战略研究中心", "Center for Strategic Studies"},
};

static const char *const notes_zh[] = {
    "新华社通稿日期为当天",
    "通稿表述为'这次集体学习安排的内容是…'",
    "据学习时报综述确认",
    "讲解人名单见新华社报道",
    "日期据人民日报头版",
    "题目依通稿原文",
    "两个来源对日期有分歧",
    "会议在中南海怀仁堂举行",
    "总书记在主持学习时发表重要讲话",
    "学习材料见求是杂志",
    "讲解人职务以当时为准",
    "次数据中国政府网转载核对",
    "瞭望周刊的综述给出相同题目",
    "讲解人就这个问题进行讲解，并谈了意见和建议",
};
static const char *const notes_en[] = {
    "Xinhua readout dated the same day.",
    "Confirmed via Study Times round-up, not the Xinhua readout itself.",
    "Lecturers per the People's Daily report.",
    "Readout wording checked against the gov.cn copy.",
    "Date window from the neighbouring sessions.",
    "Title per Liaowang round-up.",
    "Secondary sources disagree on the lecturer's post.",
    "Number confirmed by the round-up in Qiushi.",
    "The English title is our rendering of the readout.",
    "Mirror of the gov.cn copy; original link dead.",
};

/* A source URL in the style of one of four sites, for the day y-m-d. */
static void source_url(char *url, size_t len, size_t site, int y, int m, int d, unsigned long id) {
  switch (site % 4) {
  case 0:
    snprintf(url, len, "https://www.gov.cn/xinwen/%04d-%02d/%02d/content_%07lu.htm", y, m, d, id);
    break;
  case 1:
    snprintf(url, len, "http://www.xinhuanet.com/politics/%04d-%02d/%02d/c_%010lu.htm", y, m, d,
             id);
    break;
  case 2:
    snprintf(url, len, "https://www.12371.cn/%04d/%02d/%02d/ARTI%013lu.shtml", y, m, d, id);
    break;
  default:
    snprintf(url, len, "http://cpc.people.com.cn/n1/%04d/%02d%02d/c64094-%08lu.html", y, m, d, id);
  }
}

/* ---- dates ---- */

static char (*days)[16];
static size_t ndays;

static int is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static void make_days(void) {
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  size_t cap = (LAST_YEAR - FIRST_YEAR + 1) * 366;
  days = malloc(cap * sizeof *days);
  if (!days)
    die("out of memory");
  for (int y = FIRST_YEAR; y <= LAST_YEAR; y++)
    for (int m = 1; m <= 12; m++)
      for (int d = 1; d <= mdays[m - 1] + (m == 2 && is_leap(y)); d++)
        snprintf(days[ndays++], 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
}

/* ---- one record ---- */

struct corpus {
  struct strs topics, tags, formats;
  struct insts inst;
};

static long tag_word(const struct corpus *c, size_t tag) {
  for (size_t i = 0; i < COUNT(tag_words); i++)
    if (!strcmp(tag_words[i].code, c->tags.v[tag]))
      return (long)i;
  return -1;
}

static int has_code(const struct strs *s, const char *code) {
  for (size_t i = 0; i < s->n; i++)
    if (!strcmp(s->v[i], code))
      return 1;
  return 0;
}

/* Chinese title of 8-30 characters, opening with `lead` when given. */
static void title_zh(struct out *o, const char *lead) {
  struct out t = {0};
  size_t n = 0, target = (size_t)range(8, 30);
  int last_join = 1;
  if (lead) {
    if (chance(500)) {
      const char *v = zh_words[pick(4)]; /* 推进 科技 发展 治理 */
      puts_(&t, v);
      n += u8len(v, strlen(v));
    }
    puts_(&t, lead);
    n += u8len(lead, strlen(lead));
    last_join = 0;
  }
  while (n < target) {
    const char *w = !last_join && chance(120) ? zh_joins[pick(COUNT(zh_joins))]
                                              : zh_words[pick(COUNT(zh_words))];
    size_t k = u8len(w, strlen(w));
    if (n + k > 30) {
      if (n >= 8)
        break;
      continue;
    }
    puts_(&t, w);
    n += k;
    last_join = strlen(w) == 3; /* the joins are one character */
  }
  putjson(o, t.s, t.len);
  free(t.s);
}

/* English title of 40-120 characters. */
static void title_en(struct out *o, const char *topic_words) {
  struct out t = {0};
  size_t target = (size_t)range(40, 120);
  puts_(&t, en_lead[pick(COUNT(en_lead))]);
  if (topic_words) {
    puts_(&t, " ");
    puts_(&t, topic_words);
  }
  while (t.len < target) {
    const char *w = en_words[pick(COUNT(en_words))];
    size_t k = strlen(w);
    if (t.len + 1 + k > 120) {
      if (t.len >= 40)
        break;
      continue;
    }
    puts_(&t, " ");
    puts_(&t, w);
  }
  putjson(o, t.s, t.len);
  free(t.s);
}

static void person(struct out *zh, struct out *en) {
  size_t s = pick(COUNT(surnames));
  int three = chance(650);
  size_t g1 = pick(COUNT(given)), g2 = pick(COUNT(given));
  puts_(zh, surnames[s].zh);
  puts_(zh, given[g1].zh);
  if (three)
    puts_(zh, given[g2].zh);
  puts_(en, surnames[s].en);
  puts_(en, " ");
  char first = given[g1].en[0];
  put(en, &(char){(char)(first - 'a' + 'A')}, 1);
  puts_(en, given[g1].en + 1);
  if (three) {
    if (strchr("aeo", given[g2].en[0]))
      puts_(en, "'");
    puts_(en, given[g2].en);
  }
}

static void lecturer(struct out *o, const struct corpus *c) {
  struct out zh = {0}, en = {0}, azh = {0}, aen = {0};
  person(&zh, &en);
  const struct inst *in = &c->inst.v[pick(c->inst.n)];
  unsigned w = (unsigned)pick(100), acc = 0;
  size_t p = 0;
  while (p + 1 < COUNT(posts) && w >= (acc += post_weight[p]))
    p++;
  int dept = chance(300);
  size_t d = pick(COUNT(departments));
  puts_(&azh, in->zh);
  if (dept)
    puts_(&azh, departments[d].zh);
  puts_(&azh, posts[p].zh);
  puts_(&aen, posts[p].en);
  if (dept) {
    puts_(&aen, ", ");
    puts_(&aen, departments[d].en);
  }
  puts_(&aen, ", ");
  puts_(&aen, in->en);
  if (p != 2 && chance(60)) { /* also an academician */
    int cae = chance(400);
    puts_(&azh, cae ? "、中国工程院院士" : "、中国科学院院士");
    puts_(&aen, cae ? "; Academician, Chinese Academy of Engineering"
                    : "; Academician, Chinese Academy of Sciences");
  }
  puts_(o, "{\"name_zh\": ");
  putjson(o, zh.s, zh.len);
  puts_(o, ", \"name_en\": ");
  putjson(o, en.s, en.len);
  puts_(o, ", \"affiliation_zh\": ");
  putjson(o, azh.s, azh.len);
  puts_(o, ", \"affiliation_en\": ");
  putjson(o, aen.s, aen.len);
  puts_(o, "}");
  free(zh.s), free(en.s), free(azh.s), free(aen.s);
}

/* Notes of 50-300 characters, Chinese and English fragments mixed. */
static void notes(struct out *o, const char *date, const char *tag_zh) {
  struct out t = {0};
  size_t target = (size_t)range(50, 300);
  if (tag_zh && chance(500)) {
    puts_(&t, "讲解涉及");
    puts_(&t, tag_zh);
    puts_(&t, "的前沿进展；");
  }
  int after_en = 0;
  while (u8len(t.s ? t.s : "", t.len) < target) {
    if (chance(500)) {
      if (after_en)
        puts_(&t, " ");
      puts_(&t, notes_zh[pick(COUNT(notes_zh))]);
      puts_(&t, chance(500) ? "；" : "。");
      after_en = 0;
    } else {
      if (t.len)
        puts_(&t, " ");
      if (date && chance(150)) {
        puts_(&t, "Readout of ");
        puts_(&t, date);
        puts_(&t, " read in full.");
      } else {
        puts_(&t, notes_en[pick(COUNT(notes_en))]);
      }
      after_en = 1;
    }
  }
  size_t len = u8prefix(t.s, t.len, 300);
  while (len && t.s[len - 1] == ' ')
    len--;
  putjson(o, t.s, len);
  free(t.s);
}

static void record(struct out *o, const struct corpus *c, int term, int number, size_t day) {
  const char *date = chance(5) ? NULL : days[day];
  const char *leader = term % 2 ? "Hu Jintao" : "Xi Jinping";

  /* technology tags on about 15% of the sessions; mostly one */
  size_t tags[2];
  int ntags = 0;
  if (chance(150)) {
    tags[ntags++] = pick(c->tags.n);
    if (chance(200)) {
      size_t t2 = pick(c->tags.n);
      if (t2 != tags[0])
        tags[ntags++] = t2;
    }
  }
  long tw = ntags ? tag_word(c, tags[0]) : -1;

  /* format: mostly lectures */
  unsigned f = (unsigned)pick(1000);
  const char *format = f < 850 ? "lecture" : f < 940 ? "self-study" : f < 980 ? "field" : NULL;
  if (format && !has_code(&c->formats, format))
    format = c->formats.v[0];

  /* primary topic: science and technology for most tech sessions */
  const char *topic = NULL;
  if (!chance(5)) {
    if (ntags && has_code(&c->topics, "sti") && chance(700))
      topic = "sti";
    else
      topic = c->topics.v[pick(c->topics.n)];
  }
  const char *sec[2];
  int nsec = 0, want = chance(500) ? 0 : chance(800) ? 1 : 2;
  for (int tries = 0; nsec < want && tries < 20; tries++) {
    const char *s = c->topics.v[pick(c->topics.n)];
    if ((topic && !strcmp(s, topic)) || (nsec && !strcmp(s, sec[0])))
      continue;
    sec[nsec++] = s;
  }

  puts_(o, "{\"term\": ");
  putint(o, term);
  puts_(o, ", \"number\": ");
  putint(o, number);
  puts_(o, ", \"date\": ");
  if (date)
    putjs(o, date);
  else
    puts_(o, "null");
  puts_(o, ", \"leader\": ");
  putjs(o, leader);
  puts_(o, ", \"title_zh\": ");
  title_zh(o, tw >= 0 ? tag_words[tw].zh : NULL);
  puts_(o, ", \"title_en\": ");
  title_en(o, tw >= 0 ? tag_words[tw].en : NULL);
  puts_(o, ", \"format\": ");
  if (format)
    putjs(o, format);
  else
    puts_(o, "null");

  puts_(o, ", \"lecturers\": [");
  if (format && !strcmp(format, "lecture")) {
    unsigned k = (unsigned)pick(100);
    int n = k < 45 ? 1 : k < 80 ? 2 : k < 95 ? 3 : 4;
    for (int i = 0; i < n; i++) {
      if (i)
        puts_(o, ", ");
      lecturer(o, c);
    }
  }
  puts_(o, "], \"speakers\": [");
  if (format && !strcmp(format, "self-study")) {
    /* distinct names: psst check rejects a speaker listed twice */
    int n = range(2, 6);
    char names[6][64];
    for (int i = 0; i < n; i++) {
      struct out zh = {0}, en = {0};
      person(&zh, &en);
      put(&en, "", 1);
      snprintf(names[i], sizeof names[i], "%s", en.s);
      free(zh.s), free(en.s);
      int dup = 0;
      for (int k = 0; k < i; k++)
        dup |= !strcmp(names[k], names[i]);
      if (dup) {
        i--;
        continue;
      }
      if (i)
        puts_(o, ", ");
      putjs(o, names[i]);
    }
  }
  puts_(o, "], \"topic\": ");
  if (topic)
    putjs(o, topic);
  else
    puts_(o, "null");
  puts_(o, ", \"topics\": [");
  for (int i = 0; i < nsec; i++) {
    if (i)
      puts_(o, ", ");
    putjs(o, sec[i]);
  }
  puts_(o, "], \"tech\": [");
  for (int i = 0; i < ntags; i++) {
    if (i)
      puts_(o, ", ");
    putjs(o, c->tags.v[tags[i]]);
  }
  puts_(o, "], \"sources\": [");
  /* structured sources (docs/sources.md): the official sites' readouts, each supporting the
     fields the record has; a record is high only where psst check's rule allows it */
  static const char *const publishers[] = {"gov.cn", "Xinhua", "12371.cn", "People's Daily"};
  int nsrc = chance(450) ? 2 : 1;
  int y = atoi(days[day]), m = atoi(days[day] + 5), d = atoi(days[day] + 8);
  size_t first = pick(4);
  int lecture = format && !strcmp(format, "lecture"),
      study = format && !strcmp(format, "self-study");
  for (int i = 0; i < nsrc; i++) {
    char url[160];
    size_t site = first + (size_t)i;
    source_url(url, sizeof url, site, y, m, d, (unsigned long)(rnd() % 10000000u));
    puts_(o, i ? ", {\"url\": " : "{\"url\": ");
    putjs(o, url);
    puts_(o, ", \"publisher\": ");
    putjs(o, publishers[site % 4]);
    puts_(o, site % 4 == 2 ? ", \"kind\": \"copy\"" : ", \"kind\": \"readout\"");
    puts_(o, ", \"published\": ");
    if (date)
      putjs(o, date);
    else
      puts_(o, "null");
    puts_(o, date ? ", \"supports\": [\"date\", \"number\", \"title_zh\""
                  : ", \"supports\": [\"number\", \"title_zh\"");
    if (format)
      puts_(o, ", \"format\"");
    if (lecture)
      puts_(o, ", \"lecturers\"");
    if (study)
      puts_(o, ", \"speakers\"");
    puts_(o, "]}");
  }
  unsigned conf = (unsigned)pick(100);
  puts_(o, "], \"confidence\": ");
  putjs(o, conf < 88 && date ? "high" : conf < 96 ? "medium" : "low");
  puts_(o, ", \"notes\": ");
  notes(o, date, tw >= 0 ? tag_words[tw].zh : NULL);
  puts_(o, "}\n");
}

/* ---- main ---- */

static FILE *create(const char *dir, const char *name) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "gen_corpus: %s: %s\n", path, strerror(errno));
    exit(1);
  }
  return f;
}

static void flush(struct out *o, FILE *f) {
  if (o->len && fwrite(o->s, 1, o->len, f) != o->len)
    die("write error");
  o->len = 0;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: gen_corpus N OUTDIR [SEED]\n"
                    "  writes OUTDIR/sessions.jsonl (N sessions) and OUTDIR/terms.json;\n"
                    "  OUTDIR must hold codebook.json and institutions.json\n");
    return 2;
  }
  char *end;
  errno = 0;
  unsigned long long n = strtoull(argv[1], &end, 10);
  if (errno || *end || n == 0 || n > 1000ull * PER_TERM)
    die("N must be between 1 and 5000000 (1000 terms of 5000 sessions)");
  const char *dir = argv[2];
  uint64_t seed = argc == 4 ? strtoull(argv[3], NULL, 10) : 1;
  rng_state = seed * 0x2545F4914F6CDD1Du + 12345u;

  struct corpus c = {0};
  char path[4096];
  size_t len;
  snprintf(path, sizeof path, "%s/codebook.json", dir);
  char *text = read_file(path, &len);
  codes(text, len, "topics", &c.topics);
  codes(text, len, "tags", &c.tags);
  codes(text, len, "formats", &c.formats);
  free(text);
  snprintf(path, sizeof path, "%s/institutions.json", dir);
  text = read_file(path, &len);
  struct jp j = {text, text + len};
  struct inst_ctx ic = {&c.inst, NULL, NULL, NULL};
  if (!jfind(&j, "institutions"))
    die("institutions.json: no 'institutions' list");
  jarray(&j, inst_of, &ic);
  free(text);
  if (!c.inst.n)
    die("institutions.json: no institutions");

  make_days();
  int nterms = (int)((n + PER_TERM - 1) / PER_TERM);

  struct out o = {0};
  FILE *f = create(dir, "terms.json");
  puts_(&o, "{\"terms\": [\n");
  for (int t = 1; t <= nterms; t++) {
    puts_(&o, "  {\"term\": ");
    putint(&o, t);
    puts_(&o, t % 2 ? ", \"leader\": \"Hu Jintao\", \"leader_zh\": \"胡锦涛\""
                    : ", \"leader\": \"Xi Jinping\", \"leader_zh\": \"习近平\"");
    puts_(&o, ", \"from\": \"");
    puts_(&o, days[0]);
    puts_(&o, "\", \"to\": \"");
    puts_(&o, days[ndays - 1]);
    puts_(&o, "\", \"sessions_stated\": null, \"sources\": []}");
    puts_(&o, t < nterms ? ",\n" : "\n");
  }
  puts_(&o, "]}\n");
  flush(&o, f);
  if (fclose(f))
    die("write error");

  f = create(dir, "sessions.jsonl");
  unsigned long long done = 0;
  for (int t = 1; t <= nterms; t++) {
    size_t k = (size_t)(n - done < PER_TERM ? n - done : PER_TERM);
    /* k distinct days in increasing order (selection sampling, Knuth's algorithm S) */
    size_t chosen = 0;
    for (size_t d = 0; d < ndays && chosen < k; d++) {
      if (pick(ndays - d) >= k - chosen)
        continue;
      record(&o, &c, t, (int)++chosen, d);
      if (o.len > (1u << 22))
        flush(&o, f);
    }
    done += k;
  }
  flush(&o, f);
  if (fclose(f))
    die("write error");
  free(o.s);
  return 0;
}
