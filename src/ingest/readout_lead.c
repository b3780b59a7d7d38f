/*
 * readout_lead.c: the lead sentence of a readout: the session's number, the
 * Central Committee it names, the dateline, the subject and the venue.
 */
#include "readout_int.h"

/* ---- numbers ---- */

long ps_cn_number(const char *s, size_t len) {
  if (!len)
    return -1;
  if (isdigit((unsigned char)s[0])) {
    long v = 0;
    for (size_t i = 0; i < len; i++) {
      if (!isdigit((unsigned char)s[i]) || v > 100000)
        return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  }
  /* 四十四, 十八, 二十, 一百零二: units and a pending digit */
  long total = 0, digit = -1, last_unit = 1000;
  bool any = false;
  for (size_t i = 0; i < len;) {
    size_t n;
    int d = cn_digit(s + i, len - i, &n);
    if (d >= 0) {
      if (digit >= 0 && digit != 0)
        return -1; /* two digits in a row: 二三 is not a number here */
      digit = d;
      i += n;
      any = true;
    } else if (starts(s + i, len - i, "十")) {
      if (last_unit <= 10)
        return -1; /* 十十 */
      last_unit = 10;
      total += (digit < 0 ? 1 : digit) * 10;
      digit = -1;
      i += 3;
      any = true;
    } else if (starts(s + i, len - i, "百")) {
      if (digit <= 0 || last_unit <= 100)
        return -1;
      last_unit = 100;
      total += digit * 100;
      digit = -1;
      i += 3;
      any = true;
    } else {
      return -1;
    }
  }
  if (!any)
    return -1;
  return total + (digit > 0 ? digit : 0);
}

/* ---- the lead: number, date, subject, venue ---- */

/* Month and day ending at `end` ("10月24日", "十月二十四日", "24日"). */
bool ps_rd_month_day(const struct text *t, size_t from, size_t ri, int *month, int *day,
                     size_t *at) {
  /* ri is the position of 日 */
  size_t dn = number_before(t->s, from, ri);
  if (!dn)
    return false;
  long d = ps_cn_number(t->s + ri - dn, dn);
  if (d < 1 || d > 31)
    return false;
  size_t p = ri - dn;
  *day = (int)d;
  *at = p;
  *month = 0;
  if (p >= from + 3 && starts(t->s + p - 3, 3, "月")) {
    size_t mn = number_before(t->s, from, p - 3);
    long m = mn ? ps_cn_number(t->s + p - 3 - mn, mn) : -1;
    if (m >= 1 && m <= 12) {
      *month = (int)m;
      *at = p - 3 - mn;
    }
  }
  return true;
}

/*
 * The lead is the first "第N次集体学习" in a sentence that names the Politburo; a
 * later one can be a round-up's count ("这是十八大以来的第N次").
 */
/*
 * The readout's own formula, "…进行第N次集体学习" or "…举行第N次集体学习" and the
 * sentence going on to other words, not "…第N次集体学习时(的讲话)": a later story that
 * quotes the session, or a bulletin's headline, says the second.
 */
static bool is_formula(const struct text *t, size_t ss, size_t di, size_t after) {
  static const char *const verbs[] = {"进行了", "举行了", "进行", "举行"};
  bool verb = false;
  for (size_t k = 0; k < sizeof verbs / sizeof *verbs && !verb; k++) {
    size_t n = strlen(verbs[k]);
    verb = di >= ss + n && !memcmp(t->s + di - n, verbs[k], n);
  }
  if (!verb)
    return false;
  static const char *const mention[] = {"时", "中", "上", "的", "会", "以来", "精神"};
  for (size_t k = 0; k < sizeof mention / sizeof *mention; k++)
    if (starts(t->s + after, t->len - after, mention[k]))
      return false;
  return true;
}

int ps_rd_find_lead(struct reading *r, struct lead *L, struct psst_error *err) {
  const struct text *t = &r->t;
  const char *any = find_in(t->s, 0, t->len, "集体学习");
  if (!any)
    return ps_err(err, PSST_EINVAL,
                  "this is not a study-session readout: it never says 集体学习 "
                  "(collective study session)");
  /* a headline also says "第N次集体学习"; the lead is the sentence that also
   * gives the day and the subject, the first such when several do */
  size_t pos = 0;
  const char *hit;
  int best = -1;
  while ((hit = find_in(t->s, pos, t->len, "次集体学习"))) {
    size_t ci = (size_t)(hit - t->s);
    pos = ci + 3;
    size_t nn = number_before(t->s, 0, ci);
    if (!nn || ci - nn < 3 || !starts(t->s + ci - nn - 3, 3, "第"))
      continue;
    long num = ps_cn_number(t->s + ci - nn, nn);
    if (num < 1 || num > 999)
      continue;
    size_t ss = sentence_start(t, ci - nn - 3), se = sentence_end(t, ci);
    if (!find_in(t->s, ss, se, "政治局"))
      continue;
    /* a scan reads only a readout's own lead: the formula, and the day it was held (a
     * retrospective quotes the formula without it) */
    if (r->scan) {
      /* the day comes after 政治局 ("中共中央政治局10月24日下午就…"); a story that
       * recalls the session puts it first ("今年1月31日，中共中央政治局就…") */
      const char *pb = find_in(t->s, ss, ci, "政治局");
      if (!is_formula(t, ss, ci - nn - 3, ci + strlen("次集体学习")) || !pb ||
          !(find_in(t->s, (size_t)(pb - t->s), ci, "日") ||
            find_in(t->s, (size_t)(pb - t->s), ci, "今天")))
        continue;
    }
    int score = (find_in(t->s, ss, ci, "日") ? 2 : 0) +
                (find_in(t->s, ss, ci, "就") || find_in(t->s, ss, ci, "为题") ||
                         find_in(t->s, ss, ci, "主持") || find_in(t->s, ci, se, "主持")
                     ? 1
                     : 0);
    if (score <= best)
      continue;
    best = score;
    L->start = ss;
    L->end = se;
    L->num_at = ci - nn - 3;
    L->num_end = ci + strlen("次集体学习");
    L->number = num;
    if (score == 3)
      break;
  }
  /* a readout goes on with the General Secretary presiding (主持学习); a later story
   * that repeats the lead and goes on about something else is a mention */
  if (best >= 0 && r->scan && t->len - L->end > 600 && !find_in(t->s, L->start, t->len, "主持"))
    return ps_err(err, PSST_EINVAL,
                  "a story that repeats the lead of a session, not its readout (no one presides)");
  if (best >= 0)
    return PSST_OK;
  return ps_err(err, PSST_EINVAL,
                "no session number: the readout never says 第N次集体学习 in a sentence "
                "naming the Politburo (give it with --set number=N if the text is right)");
}

void ps_rd_term(struct reading *r, struct lead *L) {
  const struct text *t = &r->t;
  /* "十九届中央政治局", "第十六届中共中央政治局", "19届" anywhere in the lead or the headline */
  size_t pos = 0, stop = L->end;
  const char *hit;
  while ((hit = find_in(t->s, pos, stop, "届"))) {
    size_t hi = (size_t)(hit - t->s);
    pos = hi + 3;
    size_t nn = number_before(t->s, 0, hi);
    long v = nn ? ps_cn_number(t->s + hi - nn, nn) : -1;
    if (v < 1 || v > 100)
      continue;
    size_t after = hi + 3, left = t->len - after;
    if (starts(t->s + after, left, "中央") || starts(t->s + after, left, "中共中央")) {
      L->term = (int)v;
      L->term_at = hi - nn;
      L->term_end = hi + 3;
      return;
    }
  }
}

/* ---- dateline and page date ---- */

void ps_rd_dateline(struct reading *r, size_t lead_start, size_t num_at, struct dateline *D) {
  const struct text *t = &r->t;
  size_t stop = lead_start + 1 < t->len ? lead_start + 1 : t->len;
  /* the dateline is "新华社北京10月24日电" or "中新社北京10月24日电" before the lead */
  const char *e = rfind_in(t->s, 0, stop + 60 < t->len ? stop + 60 : t->len, "日电");
  if (e && (size_t)(e - t->s) < lead_start + 60) {
    size_t ri = (size_t)(e - t->s);
    int m, d;
    size_t at;
    size_t from = ri > 60 ? ri - 60 : 0;
    if (ps_rd_month_day(t, from, ri, &m, &d, &at) && m) {
      D->month = m;
      D->day = d;
      D->at = at;
      D->end = ri + strlen("日电");
    }
  }
  /* a full date on the page before the session's number: "2019年10月25日 08:12
   * 来源：新华网" (a page's date line often runs into the lead once tags are gone) */
  size_t head = num_at;
  for (size_t i = 0; i + 8 <= head && i < t->len; i++) {
    if (!isdigit((unsigned char)t->s[i]) || (i > 0 && isdigit((unsigned char)t->s[i - 1])))
      continue;
    int y = 0, k = 0;
    while (k < 4 && i + (size_t)k < t->len && isdigit((unsigned char)t->s[i + k]))
      y = y * 10 + (t->s[i + k] - '0'), k++;
    if (k != 4 || y < 2000 || y > 2999)
      continue;
    size_t j = i + 4;
    bool cn = starts(t->s + j, t->len - j, "年");
    if (!cn && !(j < t->len && (t->s[j] == '-' || t->s[j] == '/' || t->s[j] == '.')))
      continue;
    j += cn ? 3 : 1;
    int m = 0, d = 0;
    while (j < t->len && isdigit((unsigned char)t->s[j]) && m < 100)
      m = m * 10 + (t->s[j++] - '0');
    if (cn ? !starts(t->s + j, t->len - j, "月")
           : !(j < t->len && (t->s[j] == '-' || t->s[j] == '/' || t->s[j] == '.')))
      continue;
    j += cn ? 3 : 1;
    while (j < t->len && isdigit((unsigned char)t->s[j]) && d < 100)
      d = d * 10 + (t->s[j++] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31)
      continue;
    if (cn && starts(t->s + j, t->len - j, "日"))
      j += 3;
    D->y = y, D->m = m, D->d = d;
    D->page_at = i;
    D->page_end = j;
    break;
  }
}

/* ---- subject ---- */

static const char *const subject_intros[] = {"这次集体学习安排的内容是",
                                             "这次集体学习的内容是",
                                             "这次学习安排的内容是",
                                             "集体学习安排的内容是",
                                             "集体学习的内容是",
                                             "这次集体学习的主题是",
                                             "集体学习的主题是",
                                             "这次学习的主题是",
                                             "集体学习的题目是",
                                             "学习的内容是",
                                             "学习的主题是"};

/* Trims quotes, brackets and a trailing comma around a subject. */
static void trim_subject(const char *s, size_t *a, size_t *b) {
  static const char *const wrap[] = {"“", "”", "《", "》", "「", "」", "\"", "：", "，", " "};
  bool changed = true;
  while (changed && *b > *a) {
    changed = false;
    for (size_t k = 0; k < sizeof wrap / sizeof *wrap; k++) {
      size_t n = strlen(wrap[k]);
      if (*b - *a >= n && !memcmp(s + *a, wrap[k], n))
        *a += n, changed = true;
      if (*b - *a >= n && !memcmp(s + *b - n, wrap[k], n))
        *b -= n, changed = true;
    }
  }
}

void ps_rd_subject(struct reading *r, const struct lead *L, size_t after_date) {
  const struct text *t = &r->t;
  size_t a = 0, b = 0;
  const char *how = NULL;
  /* 就X进行第N次 / 就X举行第N次 / 围绕X进行 / 以X为题 ... 举行 */
  size_t from = after_date > L->start ? after_date : L->start;
  const char *jiu = find_in(t->s, from, L->num_at, "就");
  const char *weirao = find_in(t->s, from, L->num_at, "围绕");
  const char *yi = find_in(t->s, from, L->num_at, "以");
  const char *weiti = yi ? find_in(t->s, (size_t)(yi - t->s), L->num_at, "为题") : NULL;
  if (weiti) {
    a = (size_t)(yi - t->s) + 3;
    b = (size_t)(weiti - t->s);
    how = "lead sentence (以…为题)";
  } else if (jiu || weirao) {
    const char *k = jiu && (!weirao || jiu < weirao) ? jiu : weirao;
    a = (size_t)(k - t->s) + (k == jiu ? 3 : 6);
    const char *v = rfind_in(t->s, a, L->num_at, "进行");
    const char *v2 = rfind_in(t->s, a, L->num_at, "举行");
    if (v2 && (!v || v2 > v))
      v = v2;
    b = v ? (size_t)(v - t->s) : L->num_at;
    how = "lead sentence (就…进行)";
    /* "就X为题举行": a mix of the two formulas */
    if (b >= a + 6 && !memcmp(t->s + b - 6, "为题", 6))
      b -= 6;
  }
  if (!how) {
    for (size_t k = 0; k < sizeof subject_intros / sizeof *subject_intros && !how; k++) {
      const char *h = find_in(t->s, L->start, t->len, subject_intros[k]);
      if (h) {
        a = (size_t)(h - t->s) + strlen(subject_intros[k]);
        b = sentence_end(t, a);
        how = "the sentence giving the subject (这次集体学习安排的内容是…)";
      }
    }
  }
  if (how) {
    trim_subject(t->s, &a, &b);
    /* a subject runs to the end of its clause: 就X进行 never holds a full stop */
    size_t chars = nchars(t->s + a, b - a);
    if (b > a && chars >= 2 && chars <= 80) {
      free(r->pr->rec.title_zh);
      r->pr->rec.title_zh = ps_rd_dup(t->s + a, b - a);
      if (!r->pr->rec.title_zh)
        r->rc = PSST_ENOMEM;
      ps_rd_note(r, "title_zh", how, a, b);
      return;
    }
  }
  ps_rd_missing(r, "title_zh");
}

/* ---- venue (field sessions) ---- */

/* A field session: the format, and the place in the notes. */
static void set_field(struct reading *r, size_t a, size_t b, const char *how) {
  const struct text *t = &r->t;
  char *place = ps_rd_dup(t->s + a, b - a);
  if (!place) {
    r->rc = PSST_ENOMEM;
    return;
  }
  free(r->pr->rec.format);
  r->pr->rec.format = ps_strdup("field");
  ps_rd_note(r, "format", how, a, b);
  struct ps_buf all = {0};
  if (ps_buf_puts(&all, r->pr->rec.notes) ||
      ps_buf_printf(&all, "%sHeld at %s (as the readout says).", r->pr->rec.notes[0] ? " " : "",
                    place))
    r->rc = PSST_ENOMEM;
  else {
    free(r->pr->rec.notes);
    r->pr->rec.notes = ps_buf_detach(&all);
  }
  ps_buf_release(&all);
  free(place);
}

static bool is_place(const struct text *t, size_t a, size_t b) {
  size_t chars = nchars(t->s + a, b - a);
  if (chars < 2 || chars > 30 || find_in(t->s, a, b, "中南海") || find_in(t->s, a, b, "怀仁堂"))
    return false;
  /* "在八一建军节前夕举行" names a time, not a place */
  static const char *const times[] = {"前夕", "之际", "期间", "前后", "时", "之前", "之后", "节"};
  for (size_t k = 0; k < sizeof times / sizeof *times; k++) {
    size_t n = strlen(times[k]);
    if (b - a >= n && !memcmp(t->s + b - n, times[k], n))
      return false;
  }
  return true;
}

/*
 * The place named after the lead ("…进行第十二次集体学习。…中共中央政治局同志来到人民日报
 * 社新媒体大厦。"): in the next six sentences that speak of the Politburo or the study
 * session, a place after 来到, 走进 or "集体学习在", else where the "classroom" was set.
 */
static bool venue_after_lead(struct reading *r, const struct lead *L) {
  const struct text *t = &r->t;
  static const char *const first[] = {"来到", "走进", "集体学习在"};
  static const char *const then[] = {"课堂”设在了", "课堂设在了", "课堂”搬到", "课堂搬到"};
  static const char *const stops[] = {"，", "。", "进行", "举行", "调研", "考察", "参观", "、"};
  for (int pass = 0; pass < 2; pass++) {
    size_t pos = L->end;
    for (int k = 0; k < 6 && pos < t->len; k++) {
      /* the full stop and the blank lines after it */
      while (pos < t->len && (is_sentence_end(t->s + pos, t->len - pos) || t->s[pos] == ' '))
        pos += clen(t->s + pos);
      size_t se = sentence_end(t, pos);
      if (find_in(t->s, pos, se, "政治局") || find_in(t->s, pos, se, "集体学习")) {
        const char *const *v = pass ? then : first;
        size_t nv = pass ? sizeof then / sizeof *then : sizeof first / sizeof *first;
        for (size_t i = 0; i < nv; i++) {
          const char *h = find_in(t->s, pos, se, v[i]);
          if (!h)
            continue;
          size_t a = (size_t)(h - t->s) + strlen(v[i]), b = se;
          for (size_t q = 0; q < sizeof stops / sizeof *stops; q++) {
            const char *e = find_in(t->s, a, b, stops[q]);
            if (e)
              b = (size_t)(e - t->s);
          }
          if (is_place(t, a, b)) {
            set_field(r, a, b,
                      "held away from Zhongnanhai: the readout names the place after "
                      "the lead");
            return true;
          }
        }
      }
      pos = se;
    }
  }
  return false;
}

void ps_rd_venue(struct reading *r, const struct lead *L, size_t after_date) {
  const struct text *t = &r->t;
  size_t from = after_date > L->start ? after_date : L->start;
  /* "在北京中关村举行", "来到X进行", "走出中南海", "把集体学习课堂搬到X" */
  static const char *const intro[] = {"把集体学习课堂搬到", "来到", "走进", "在", "到"};
  for (size_t k = 0; k < sizeof intro / sizeof *intro; k++) {
    const char *h = find_in(t->s, from, L->num_at, intro[k]);
    if (!h)
      continue;
    size_t a = (size_t)(h - t->s) + strlen(intro[k]);
    const char *v = find_in(t->s, a, L->num_at, "举行");
    const char *v2 = find_in(t->s, a, L->num_at, "进行");
    if (!v || (v2 && v2 < v))
      v = v2;
    if (!v)
      continue;
    size_t b = (size_t)(v - t->s);
    if (find_in(t->s, a, b, "就"))
      continue; /* "在…就…进行": the 就 clause is the subject, not a place */
    if (!is_place(t, a, b))
      continue;
    set_field(r, a, b, "held away from Zhongnanhai: the lead names a place");
    return;
  }
  venue_after_lead(r, L);
}
