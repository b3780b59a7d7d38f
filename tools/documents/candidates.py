#!/usr/bin/env python3
"""The candidate documents for codebook tags: every 《title》 that CCTV's 新闻联播 announced
as issued, published or adopted, whose title holds one of the tag's keywords.

Reads local checkouts of the public transcript archives (github.com/china-data/xwlb: July 2012
on; github.com/DuckBurnIncense/xin-wen-lian-bo and github.com/yuekcc/cctv_news: 2022 on) and
prints one tab-separated line per (tag, day, title): the sentence it was read in, the item's
headline, the CCTV address of the item and the address of the transcript file, the first
archive that has the day winning. A candidate is a 《title》 that
  - has an issuing or adopting verb (印发 发布 出台 通过 公布 颁布 制定 发出 批复 签署 施行 实施
    审议 修订 修改) earlier in its sentence or within 12 characters after the closing 》
    (《…》近日正式发布), or is a law (a title ending in 法) in an item that names a vote
    (表决) or a presidential order (主席令), and
  - holds a keyword of the tag (codebook.json keywords.zh; 数字中国, 数字政府 and 数字乡村 also
    count for digital-economy).
The candidates are then read one by one: docs/documents.md says how a candidate becomes a
record of data/documents.jsonl.

Usage: tools/documents/candidates.py --china-data DIR [--duckburnincense DIR] [--yuekcc DIR]
           [--tags big-data,ai] [--all-verbs] > candidates.tsv
"""
import argparse
import glob
import json
import os
import re
import sys

DEFAULT_TAGS = ['big-data', 'ai', 'blockchain', 'quantum', 'digital-economy', 'internet',
                'cyberspace', 'informatization', 'energy-tech', 'productivity', 'semiconductors',
                'biotech']
# the parts of 数字中国 that the codebook files elsewhere
EXTRA = {'digital-economy': ['数字中国', '数字政府', '数字乡村']}

VERB = re.compile(r'(印发|发布|出台|通过|公布|颁布|制定|发出|批复|签署|施行|实施|审议|修订|修改)')
TITLE = re.compile(r'《([^《》]{2,80})》')


def keywords(codebook, tags):
    cb = json.load(open(codebook, encoding='utf-8'))
    kw = {}
    for t in cb['tags']:
        if t['code'] in tags:
            kw[t['code']] = list(t['keywords']['zh']) + EXTRA.get(t['code'], [])
    unknown = set(tags) - set(kw)
    if unknown:
        sys.exit('candidates.py: not tags of %s: %s' % (codebook, ', '.join(sorted(unknown))))
    return kw


def strip_html(s):
    s = re.sub(r'<[^>]+>', '\n', s or '')
    s = s.replace('&nbsp;', ' ').replace('&ldquo;', '“').replace('&rdquo;', '”')
    return s


def items_chinadata(root):
    for f in sorted(glob.glob(f'{root}/assets/*/*.json')):
        day = os.path.basename(f)[:8]
        gh = 'https://github.com/china-data/xwlb/blob/master/assets/%s/%s.json' % (day[:4], day)
        try:
            d = json.load(open(f))
        except Exception:
            continue
        for v in d.get('videoList') or []:
            title = v.get('video_title') or ''
            content = strip_html((v.get('video_detail') or {}).get('content') or '')
            yield 'china-data', day, title, content, v.get('video_url') or '', gh


def items_md(root, name, ghbase):
    for f in sorted(glob.glob(f'{root}/news/*.md')):
        day = os.path.basename(f)[:8]
        if not re.fullmatch(r'\d{8}', day):
            continue
        gh = ghbase + day + '.md'
        text = open(f, encoding='utf-8', errors='replace').read()
        if '## 详细新闻' not in text:
            continue
        body = text.split('## 详细新闻', 1)[1]
        for blk in re.split(r'\n### ', '\n' + body)[1:]:
            lines = blk.split('\n', 1)
            title = lines[0].strip()
            rest = lines[1] if len(lines) > 1 else ''
            m = re.search(r'\[查看原文\]\((https?://[^)]+)\)', rest)
            url = m.group(1) if m else ''
            yield name, day, title, strip_html(rest), url, gh


def sentences(s):
    return [x for x in re.split(r'(?<=[。！？\n])', s) if x.strip()]


def scan(args, kw, tags):
    seen = {}
    out = []
    srcs = []
    if args.china_data:
        srcs.append(items_chinadata(args.china_data))
    if args.duckburnincense:
        srcs.append(items_md(args.duckburnincense, 'DuckBurnIncense',
                             'https://github.com/DuckBurnIncense/xin-wen-lian-bo/blob/master/news/'))
    if args.yuekcc:
        srcs.append(items_md(args.yuekcc, 'yuekcc',
                             'https://github.com/yuekcc/cctv_news/blob/main/news/'))
    all_verbs = args.all_verbs
    for gen in srcs:
        for src, day, head, content, url, gh in gen:
            item_text = head + '\n' + content
            lawctx = bool(re.search(r'表决|主席令', item_text))
            for sent in sentences(item_text):
                for m in TITLE.finditer(sent):
                    t = m.group(1)
                    found = [c for c in tags if any(k in t for k in kw[c])]
                    if not found:
                        continue
                    before = sent[:m.start()]
                    after = sent[m.end():m.end() + 12]
                    vm = VERB.search(before) or VERB.search(after)
                    is_law = t.endswith('法') and (lawctx or vm)
                    if not (vm or is_law or all_verbs):
                        continue
                    for tag in found:
                        key = (tag, day, t)
                        if key in seen:
                            continue
                        seen[key] = 1
                        ctx = sent[max(0, m.start() - 40):m.end() + 10].strip().replace('\t', ' ')
                        out.append((tag, day, src, t, ctx, head.strip(), url, gh))
    out.sort(key=lambda r: (tags.index(r[0]), r[1]))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--codebook', default=os.path.join(os.path.dirname(__file__), '..', '..',
                                                         'data', 'codebook.json'))
    ap.add_argument('--tags', default=','.join(DEFAULT_TAGS),
                    help='comma-separated codebook tags (default: %(default)s)')
    ap.add_argument('--china-data', metavar='DIR', help='a checkout of github.com/china-data/xwlb')
    ap.add_argument('--duckburnincense', metavar='DIR',
                    help='a checkout of github.com/DuckBurnIncense/xin-wen-lian-bo')
    ap.add_argument('--yuekcc', metavar='DIR', help='a checkout of github.com/yuekcc/cctv_news')
    ap.add_argument('--all-verbs', action='store_true',
                    help='every 《title》 with a keyword, with or without an issuing verb')
    args = ap.parse_args()
    if not (args.china_data or args.duckburnincense or args.yuekcc):
        ap.error('name at least one transcript archive')
    tags = [t for t in args.tags.split(',') if t]
    rows = scan(args, keywords(args.codebook, tags), tags)
    print('\t'.join(['tag', 'day', 'src', 'title', 'context', 'headline', 'cctv_url', 'transcript']))
    for r in rows:
        print('\t'.join(x.replace('\n', ' ') for x in r))
    counts = {}
    titles = {}
    for r in rows:
        counts[r[0]] = counts.get(r[0], 0) + 1
        titles.setdefault(r[0], set()).add(r[3])
    for t in tags:
        print('# %s: %d candidate rows, %d distinct titles' % (t, counts.get(t, 0), len(titles.get(t, ()))),
              file=sys.stderr)


if __name__ == '__main__':
    main()
