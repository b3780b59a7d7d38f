/*
 * readout_people.c: who lectured, with their posts as the readout gives them, or
 * which members spoke at a self-study session, and the presiding leader.
 */
#include "readout_int.h"

/* ---- lecturers ---- */

/* Post titles: a lecturer's post ends with one; in Hu-era readouts it follows the name. */
static const char *const titles[] = {"教授级高级工程师",
                                     "正高级工程师",
                                     "首席科学家",
                                     "高级工程师",
                                     "总工程师",
                                     "学部委员",
                                     "副研究员",
                                     "研究员",
                                     "副教授",
                                     "教授",
                                     "院士",
                                     "副院长",
                                     "院长",
                                     "副所长",
                                     "所长",
                                     "副主任",
                                     "主任",
                                     "副部长",
                                     "部长",
                                     "副校长",
                                     "校长",
                                     "副局长",
                                     "局长",
                                     "副书记",
                                     "书记",
                                     "秘书长",
                                     "副主席",
                                     "主席",
                                     "理事长",
                                     "会长",
                                     "馆长",
                                     "司长",
                                     "总经理",
                                     "董事长",
                                     "委员",
                                     "专家",
                                     "博士",
                                     "编审",
                                     "大使",
                                     "社长",
                                     "总编辑",
                                     "主编",
                                     "政委",
                                     "司令员",
                                     "参谋长",
                                     "负责人",
                                     "副总经理",
                                     "组长",
                                     "处长",
                                     "讲师",
                                     "高级编辑",
                                     "副检察长",
                                     "检察长",
                                     "副院长",
                                     "法官",
                                     "研究馆员",
                                     "总师",
                                     "副总师"};

/* Institutions end with one of these: in "北京大学王博教授" the name follows it. */
static const char *const inst_ends[] = {"大学", "学院", "研究院", "研究所", "研究中心", "科学院",
                                        "中心", "部",   "委员会", "委",     "局",       "院",
                                        "所",   "校",   "办公室", "办",     "署",       "会",
                                        "集团", "公司", "馆",     "社",     "室"};

/*
 * Surnames, single and double: the first character of a name is one of them. The
 * list holds the surnames of most of the population; a name outside it still
 * reads, with a lower score.
 */
static const char single_surnames[] =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘"
    "祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟"
    "艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞"
    "姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕"
    "楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣"
    "晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉"
    "银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由";
static const char *const double_surnames[] = {"欧阳", "司马", "诸葛", "上官", "司徒", "东方",
                                              "夏侯", "皇甫", "令狐", "尉迟", "慕容", "宇文",
                                              "长孙", "公孙", "轩辕", "端木", "南宫", "西门"};

static bool is_surname_at(const char *s, size_t left, size_t *n) {
  for (size_t k = 0; k < sizeof double_surnames / sizeof *double_surnames; k++)
    if (starts(s, left, double_surnames[k])) {
      *n = 6;
      return true;
    }
  size_t c = clen(s);
  if (c != 3 || left < 3)
    return false;
  for (size_t i = 0; i + 3 <= sizeof single_surnames - 1; i += 3)
    if (!memcmp(single_surnames + i, s, 3)) {
      *n = 3;
      return true;
    }
  return false;
}

/* Characters that occur in posts and institutions but hardly in given names. */
static bool is_post_char(const char *s) {
  /* not 国, 军, 民, 学, 华, 文 ...: frequent in given names (建国, 建军, 学勤) */
  static const char chars[] = "大院所部委会心授员士师司局处科室厅省市县党研究的任书记副总程社"
                              "组织宣传办公署和与";
  for (size_t i = 0; i + 3 <= sizeof chars - 1; i += 3)
    if (!memcmp(chars + i, s, 3))
      return true;
  return false;
}

static bool ends_with_any(const char *s, size_t n, const char *const *v, size_t nv, size_t *len) {
  for (size_t k = 0; k < nv; k++) {
    size_t l = strlen(v[k]);
    if (n >= l && !memcmp(s + n - l, v[k], l)) {
      *len = l;
      return true;
    }
  }
  return false;
}

bool ps_rd_known_name(const struct reading *r, const char *s, size_t n) {
  const struct ps_ingest_index *ix = r->ctx ? r->ctx->ix : NULL;
  if (!ix || !ix->n_names || n >= 64)
    return false;
  char key[64];
  memcpy(key, s, n);
  key[n] = '\0';
  const char *k = key;
  return bsearch(&k, ix->names, ix->n_names, sizeof *ix->names, ps_rd_cmp_str) != NULL;
}

/* How much [s, s+n) looks like a personal name. */
int ps_rd_name_score(const struct reading *r, const char *s, size_t n) {
  size_t chars = nchars(s, n);
  if (chars < 2 || chars > 4)
    return -100;
  /* a name is CJK ideographs only (U+4E00 to U+9FFF: lead bytes E4 to E9): never
   * punctuation such as 、 */
  int score = 0;
  for (size_t i = 0; i < n; i += clen(s + i)) {
    if (clen(s + i) != 3 || (unsigned char)s[i] < 0xE4 || (unsigned char)s[i] > 0xE9)
      return -100;
    /* a character of posts inside a name is rare, not impossible (宋大涵); the
     * function words never are */
    if (i > 0 && (!memcmp(s + i, "的", 3) || !memcmp(s + i, "和", 3) || !memcmp(s + i, "与", 3)))
      return -100;
    if (i > 0 && is_post_char(s + i))
      score -= 3;
  }
  size_t sn;
  if (is_surname_at(s, n, &sn))
    score += sn == 6 ? (chars >= 3 ? 3 : -100) : 2;
  else
    score -= 2;
  if (is_post_char(s))
    score -= 2;
  score += chars == 3 ? 1 : chars == 2 ? 0 : -1;
  if (ps_rd_known_name(r, s, n))
    score += 6;
  return score;
}

struct person {
  size_t name_a, name_b; /* the name in the text */
  struct ps_buf aff;     /* the post as the readout gives it */
};

/*
 * One lecturer's words, "中国社会科学院学部委员、中国历史研究院副院长李国强" (post,
 * name) or "中国人民大学许崇德教授" (institution, name, title). Returns the score
 * of the best reading, or a negative number when no name is found.
 */
/*
 * The names of two to four characters ending at `end`, each scored; the best so far is
 * kept in out with its post: the words before the name, then the title after it (Hu-era
 * order) when there is one. What comes before the name should end with one of `before`
 * (a post title, or an institution when a title follows the name); nothing before it
 * costs `alone`.
 */
static void try_names(struct reading *r, size_t a, size_t end, size_t title_len,
                      const char *const *before, size_t n_before, int alone, int *best,
                      struct person *out) {
  const char *s = r->t.s;
  for (size_t k = 2; k <= 4; k++) {
    size_t na = end;
    for (size_t i = 0; i < k && na > a; i++)
      na = prev_char(s, na);
    if (nchars(s + na, end - na) != k)
      continue;
    int sc = ps_rd_name_score(r, s + na, end - na);
    size_t bl;
    if (na > a && ends_with_any(s + a, na - a, before, n_before, &bl))
      sc += 3;
    /* a unit without a title before the name (中央外宣办网络宣传局李伍峰, as Hu-era
       readouts name officials) reads as a post, less surely than a title */
    else if (na > a &&
             ends_with_any(s + a, na - a, inst_ends, sizeof inst_ends / sizeof *inst_ends, &bl))
      sc += 1;
    else
      sc -= na == a ? alone : 3;
    if (sc > *best) {
      *best = sc;
      out->name_a = na, out->name_b = end;
      out->aff.len = 0;
      if (ps_buf_add(&out->aff, s + a, na - a) || ps_buf_add(&out->aff, s + end, title_len))
        r->rc = PSST_ENOMEM;
    }
  }
}

static int read_person(struct reading *r, size_t a, size_t b, struct person *out) {
  int best = -1;
  /* post then name (Xi era): "中国社会科学院学部委员、中国历史研究院副院长李国强" */
  try_names(r, a, b, 0, titles, sizeof titles / sizeof *titles, 1, &best, out);
  /* institution, name, title (Hu era): "中国人民大学许崇德教授" */
  size_t tl;
  if (ends_with_any(r->t.s + a, b - a, titles, sizeof titles / sizeof *titles, &tl))
    try_names(r, a, b - tl, tl, inst_ends, sizeof inst_ends / sizeof *inst_ends, 0, &best, out);
  return best;
}

static const char *const separators[] = {"、", "和", "以及", "及", "与", "，"};

/* Next separator in [from, to): its position and length. */
bool ps_rd_next_sep(const char *s, size_t from, size_t to, size_t *at, size_t *n) {
  for (size_t i = from; i < to; i += clen(s + i))
    for (size_t k = 0; k < sizeof separators / sizeof *separators; k++)
      if (starts(s + i, to - i, separators[k])) {
        *at = i;
        *n = strlen(separators[k]);
        return true;
      }
  return false;
}

static int add_lecturer(struct reading *r, const struct person *p) {
  struct psst_session *rec = &r->pr->rec;
  struct psst_lecturer *v = realloc(rec->lecturers, (rec->n_lecturers + 1) * sizeof *v);
  if (!v)
    return r->rc = PSST_ENOMEM;
  rec->lecturers = v;
  struct psst_lecturer *l = &v[rec->n_lecturers++];
  *l = (struct psst_lecturer){0};
  l->name_zh = ps_rd_dup(r->t.s + p->name_a, p->name_b - p->name_a);
  l->affiliation_zh = ps_strdup(p->aff.s ? p->aff.s : "");
  l->name_en = NULL;
  l->affiliation_en = NULL;
  /* a lecturer seen before keeps the English name the record gives them, and the
   * English post when the Chinese one is the same */
  /* only a name the record knows has an English form to look up */
  sqlite3_stmt *st = l->name_zh && ps_rd_known_name(r, l->name_zh, strlen(l->name_zh))
                         ? ps_rd_query(r->ctx, PS_ST_LECTURER)
                         : NULL;
  if (st) {
    sqlite3_bind_text(st, 1, l->name_zh, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, l->affiliation_zh ? l->affiliation_zh : "", -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
      const char *en = (const char *)sqlite3_column_text(st, 0);
      const char *aen = (const char *)sqlite3_column_text(st, 1);
      l->name_en = ps_strdup(en ? en : "");
      if (aen)
        l->affiliation_en = ps_strdup(aen);
    } else if (step != SQLITE_DONE) {
      /* not "a lecturer without an English name": the lookup failed */
      r->rc = step == SQLITE_NOMEM ? PSST_ENOMEM : PSST_EDB;
    }
    ps_rd_done(r->ctx, st);
  }
  if (!l->name_en)
    l->name_en = ps_strdup("");
  if (!l->affiliation_en)
    l->affiliation_en = ps_strdup("");
  if (!l->name_zh || !l->affiliation_zh || !l->name_en || !l->affiliation_en)
    return r->rc = PSST_ENOMEM;
  return PSST_OK;
}

/*
 * The lecturers' words: pieces between separators, a piece without a name joined
 * to the next one, since posts hold 、 and 和 themselves (国家发展和改革委员会,
 * 学部委员、中国历史研究院副院长).
 */
static void split_lecturers(struct reading *r, size_t a, size_t b) {
  const char *s = r->t.s;
  size_t start = a, from = a;
  int found = 0;
  while (start < b) {
    size_t at, n;
    bool more = ps_rd_next_sep(s, from, b, &at, &n);
    size_t end = more ? at : b;
    /* "同志" closes a lecturer in Xi-era readouts */
    size_t e2 = end;
    if (e2 - start >= 6 && !memcmp(s + e2 - 6, "同志", 6))
      e2 -= 6;
    struct person p = {0};
    int sc = e2 > start ? read_person(r, start, e2, &p) : -1;
    if (sc >= 2 || (!more && sc >= 0)) {
      if (add_lecturer(r, &p) == PSST_OK) {
        ps_rd_note(r, "lecturers", "the sentence naming who lectured (…进行讲解)", start, end);
        found++;
      }
      start = more ? at + n : b;
    } else if (!more) {
      if (e2 > start)
        ps_rd_warn(r, "could not find a name in the lecturer words \"%.*s\"", (int)(e2 - start),
                   s + start);
      start = b;
    }
    ps_buf_release(&p.aff);
    from = more ? at + n : b;
  }
  if (!found)
    ps_rd_missing(r, "lecturers");
}

static const char *const lecture_verbs[] = {"进行讲解", "进行了讲解", "作讲解",
                                            "作了讲解", "讲解",       "发表了意见"};

bool ps_rd_lecturers(struct reading *r, const struct lead *L) {
  const struct text *t = &r->t;
  const char *v = NULL;
  /* "认真听取了他们的讲解" looks back at the lecture: the sentence naming the
   * lecturers is another */
  for (size_t k = 0; k < sizeof lecture_verbs / sizeof *lecture_verbs && !v; k++)
    for (size_t from = L->end; (v = find_in(t->s, from, t->len, lecture_verbs[k]));) {
      size_t vi = (size_t)(v - t->s);
      if (!find_in(t->s, sentence_start(t, vi), vi, "听取"))
        break;
      from = vi + 3;
    }
  if (!v)
    v = find_in(t->s, L->start, L->end, "讲解");
  if (!v)
    return false;
  size_t vi = (size_t)(v - t->s);
  size_t ss = sentence_start(t, vi);
  /* the lecturers come before "就这个问题" or before the verb */
  const char *jiu = find_in(t->s, ss, vi, "就");
  size_t b = jiu ? (size_t)(jiu - t->s) : vi;
  const char *comma = rfind_in(t->s, ss, b, "，");
  size_t a = comma ? (size_t)(comma - t->s) + 3 : ss;
  /* "X、Y结合实际工作，(先后)就这个问题发表了意见": the names are the clause before the
   * comma, up to 结合 */
  if (comma && nchars(t->s + a, b - a) <= 3) {
    const char *pc = rfind_in(t->s, ss, (size_t)(comma - t->s), "，");
    size_t ca = pc ? (size_t)(pc - t->s) + 3 : ss;
    const char *jh = find_in(t->s, ca, (size_t)(comma - t->s), "结合");
    b = jh ? (size_t)(jh - t->s) : (size_t)(comma - t->s);
    a = ca;
    comma = pc;
  }
  /* lecturers listed with commas ("…院士郝吉明，…院士孟伟就这个问题…"): a clause before
   * the comma that ends in a name belongs to the list */
  while (comma && (size_t)(comma - t->s) > ss) {
    size_t ce = (size_t)(comma - t->s);
    const char *pc = rfind_in(t->s, ss, ce, "，");
    size_t ca = pc ? (size_t)(pc - t->s) + 3 : ss;
    struct person p = {0};
    int sc = ce > ca ? read_person(r, ca, ce, &p) : -1;
    ps_buf_release(&p.aff);
    if (sc < 4)
      break;
    a = ca;
    comma = pc;
  }
  /* lead-in words: "请", "由", "邀请", "会上" */
  static const char *const leadin[] = {"中央政治局邀请", "邀请", "请", "由"};
  for (size_t k = 0; k < sizeof leadin / sizeof *leadin; k++)
    if (starts(t->s + a, b - a, leadin[k])) {
      a += strlen(leadin[k]);
      break;
    }
  /* "他们" / "他" is the readout looking back, not a name */
  if (b - a < 6 || starts(t->s + a, b - a, "他"))
    return false;
  split_lecturers(r, a, b);
  return true;
}

/* ---- self-study: who spoke ---- */

static const char *const speak_verbs[] = {
    "作了重点发言", "作重点发言", "作了交流发言", "作交流发言",   "作了发言",
    "分别发言",     "谈了体会",   "谈了认识",     "作了书面发言", "先后发言"};

bool ps_rd_speakers(struct reading *r, const struct lead *L) {
  const struct text *t = &r->t;
  const char *v = NULL;
  /* the first verb in the text: a later "谈了体会" is what the speakers did next */
  for (size_t k = 0; k < sizeof speak_verbs / sizeof *speak_verbs; k++) {
    const char *h = find_in(t->s, L->start, v ? (size_t)(v - t->s) : t->len, speak_verbs[k]);
    if (h)
      v = h;
  }
  if (!v)
    return false;
  size_t vi = (size_t)(v - t->s);
  size_t ss = sentence_start(t, vi);
  const char *comma = rfind_in(t->s, ss, vi, "，");
  size_t a = comma ? (size_t)(comma - t->s) + 3 : ss;
  static const char *const leadin[] = {"中央政治局委员", "中央政治局常委", "政治局委员"};
  for (size_t k = 0; k < sizeof leadin / sizeof *leadin; k++)
    if (starts(t->s + a, vi - a, leadin[k])) {
      a += strlen(leadin[k]);
      break;
    }
  /* names joined by 、 and 和, each optionally with 同志; "结合分管工作" and the like
   * before the verb are not names */
  const char *jh = find_in(t->s, a, vi, "结合");
  size_t b = jh ? (size_t)(jh - t->s) : vi;
  /* "X、Y就Z谈了体会": the names come before 就 */
  const char *jiu = find_in(t->s, a, b, "就");
  if (jiu)
    b = (size_t)(jiu - t->s);
  struct psst_session *rec = &r->pr->rec;
  size_t start = a;
  while (start < b) {
    size_t at, n;
    bool more = ps_rd_next_sep(t->s, start, b, &at, &n);
    size_t end = more ? at : b;
    size_t e2 = end;
    if (e2 - start >= 6 && !memcmp(t->s + e2 - 6, "同志", 6))
      e2 -= 6;
    if (ps_rd_name_score(r, t->s + start, e2 - start) > -100) {
      char *name = ps_rd_dup(t->s + start, e2 - start);
      if (!name) {
        r->rc = PSST_ENOMEM;
        return true;
      }
      ps_rd_add_str(r, &rec->speakers, &rec->n_speakers, name);
      free(name);
    } else if (e2 > start) {
      ps_rd_warn(r, "\"%.*s\" among the speakers does not read as a name", (int)(e2 - start),
                 t->s + start);
    }
    start = more ? at + n : b;
  }
  /* heads of departments who spoke on their departments' work (…同志先后发言，他们结合
   * 本部门工作实际…) presented, as lecturers do; the members of a self-study speak on the
   * work they oversee (分管) */
  size_t near_end = vi + 240 < t->len ? vi + 240 : t->len;
  r->heads = rec->n_speakers && find_in(t->s, vi, near_end, "本部门") &&
             !find_in(t->s, ss, near_end, "分管");
  if (rec->n_speakers) {
    ps_rd_note(r, "speakers", "the sentence naming who spoke (…作了重点发言)", a, vi);
    ps_rd_warn(r,
               "speakers are as the readout names them, in Chinese: give their English names with "
               "--set speakers=... before applying");
  } else {
    ps_rd_missing(r, "speakers");
  }
  return true;
}

/* ---- leader ---- */

void ps_rd_leader(struct reading *r, const struct ps_term *term) {
  const struct text *t = &r->t;
  if (!term)
    return;
  free(r->pr->rec.leader);
  r->pr->rec.leader = ps_strdup(term->leader);
  if (!r->pr->rec.leader) {
    r->rc = PSST_ENOMEM;
    return;
  }
  const char *h = find_in(t->s, 0, t->len, term->leader_zh ? term->leader_zh : "");
  if (h && term->leader_zh && term->leader_zh[0]) {
    size_t a = (size_t)(h - t->s);
    ps_rd_note(r, "leader", "the General Secretary the readout names, as the term's leader", a,
               a + strlen(term->leader_zh));
  } else {
    ps_rd_note(r, "leader",
               "the term's General Secretary (terms.json); the readout does not "
               "name him",
               (size_t)-1, (size_t)-1);
    ps_rd_warn(r, "the readout does not name %s; check that it is of the %dth term",
               term->leader_zh, term->term);
  }
}
