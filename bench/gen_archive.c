/*
 * gen_archive.c: a synthetic news archive for the psst scan benchmark (bench/scan.sh).
 *
 *   gen_archive DIR MEGABYTES [SEED]
 *
 * Writes daily bulletins in Markdown, DIR/YYYY/YYYYMMDD.md from 2003-01-01 on, each a
 * list of headlines and some thirty items of generated Chinese text, until MEGABYTES are
 * written. One item in a thousand is a study-session readout (lead sentence, lecturer,
 * remarks); one in two hundred says 集体 in another sense (集体经济), and the bulletin's
 * headline list names the readout, so that the pre-filter has near misses to pass over.
 * The same arguments always give the same bytes. C11 and libc only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static unsigned long long rng = 88172645463325252ULL;

static unsigned next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng >> 32);
}

static const char *const words[] = {
    "经济", "发展", "改革", "创新", "建设", "推进", "全面", "加强", "工作", "会议", "企业",
    "农村", "城市", "科技", "文化", "教育", "生态", "环境", "群众", "服务", "基层", "产业",
    "市场", "项目", "政策", "安全", "质量", "数字", "交通", "能源", "水利", "医疗", "就业",
    "社会", "治理", "开放", "合作", "国际", "地区", "实施", "完善", "提高", "稳定", "增长"};
enum { NWORDS = sizeof words / sizeof *words };

static void phrase(FILE *f, int n) {
  for (int i = 0; i < n; i++)
    fputs(words[next() % NWORDS], f);
}

static void sentence(FILE *f, int n) {
  phrase(f, n);
  fputs("。", f);
}

static void paragraph(FILE *f, int sentences) {
  for (int i = 0; i < sentences; i++)
    sentence(f, 6 + (int)(next() % 10));
  fputc('\n', f);
}

static const char *const cn[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

static void cn_number(char *out, size_t size, int n) {
  if (n < 10)
    snprintf(out, size, "%s", cn[n]);
  else
    snprintf(out, size, "%s十%s", n / 10 > 1 ? cn[n / 10] : "", cn[n % 10]);
}

static void readout(FILE *f, int month, int day, int number) {
  char num[32];
  cn_number(num, sizeof num, number);
  fprintf(f, "### 习近平在中共中央政治局第%s次集体学习时强调 生成的标题\n\n", num);
  fprintf(f, "**央视网消息**（新闻联播）：中共中央政治局%d月%d日下午就", month, day);
  phrase(f, 4);
  fprintf(f, "进行第%s次集体学习。中共中央总书记在主持学习时强调，", num);
  paragraph(f, 3);
  fputs("\n某大学教授张明华就这个问题进行讲解，提出了意见和建议。\n\n", f);
  paragraph(f, 6);
  fputs("\n", f);
}

static int mkdirs(const char *path) {
  if (mkdir(path, 0755) != 0 && errno != EEXIST) {
    perror(path);
    return -1;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: gen_archive DIR MEGABYTES [SEED]\n");
    return 2;
  }
  const char *dir = argv[1];
  unsigned long long want = strtoull(argv[2], NULL, 10) << 20, written = 0;
  if (argc > 3)
    rng ^= strtoull(argv[3], NULL, 10) * 0x9E3779B97F4A7C15ULL;
  if (mkdirs(dir))
    return 1;
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  long items = 0;
  int number = 0;
  for (int y = 2003; written < want; y++) {
    char yd[4096];
    snprintf(yd, sizeof yd, "%s/%04d", dir, y);
    if (mkdirs(yd))
      return 1;
    for (int m = 1; m <= 12 && written < want; m++)
      for (int d = 1; d <= mdays[m - 1] && written < want; d++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%04d%02d%02d.md", yd, y, m, d);
        FILE *f = fopen(path, "w");
        if (!f) {
          perror(path);
          return 1;
        }
        int n = 25 + (int)(next() % 10);
        /* the items of the day are decided first: the headline list names them */
        long first = items;
        fprintf(f, "# 《新闻联播》 (%04d%02d%02d)\n\n## 新闻摘要\n\n本期节目主要内容：\n\n", y, m,
                d);
        for (int i = 0; i < n; i++) {
          if ((first + i + 1) % 1000 == 0)
            fprintf(f, "%d.习近平在中共中央政治局集体学习时强调 生成的标题；\n\n", i + 1);
          else {
            fprintf(f, "%d.", i + 1);
            sentence(f, 5);
            fputs("\n\n", f);
          }
        }
        fputs("## 详细新闻\n\n", f);
        for (int i = 0; i < n; i++) {
          items++;
          if (items % 1000 == 0) {
            readout(f, m, d, number % 40 + 1);
            number++;
            continue;
          }
          fputs("### ", f);
          sentence(f, 5);
          fputs("\n\n**央视网消息**（新闻联播）：", f);
          if (items % 200 == 7)
            fputs("某地发展集体经济，", f);
          for (int p = 0; p < 3; p++)
            paragraph(f, 2 + (int)(next() % 3));
          fprintf(f, "\n[查看原文](https://tv.cctv.com/%04d/%02d/%02d/VIDE%08x.shtml)\n\n", y, m, d,
                  next());
        }
        long pos = ftell(f);
        if (fclose(f) != 0 || pos < 0) {
          perror(path);
          return 1;
        }
        written += (unsigned long long)pos;
      }
  }
  printf("%llu bytes, %ld items, %d readouts\n", written, items, number);
  return 0;
}
