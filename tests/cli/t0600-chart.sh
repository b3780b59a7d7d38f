# psst chart: the charts in SVG, PNG and PDF; well-formed, sized, labelled, with the bars
# the data holds; each type applies the period and every filter it lists and refuses the
# others; the sessions of uncertain date are drawn (hatched) and the legend reads in the
# stack's order; by-leader shows each era's completeness. The figures are read from the
# SVG's annotations (<desc>, and the boxes of every text in <metadata id="psst-labels">).
# (t0605-chart-layout.sh checks that no text leaves the canvas or covers another.)
. "$(dirname "$0")/lib.sh"
export LSAN_OPTIONS="suppressions=$SRC/tests/lsan.supp:print_suppressions=0"

# the annotations, for the checks below
cat >"$WORK/chartlib.py" <<'PY'
import json, re, xml.dom.minidom as m

def labels(path):
    """the metadata: width, height and every text with its box, in drawing order"""
    doc = m.parse(path)
    meta = [e for e in doc.getElementsByTagName('metadata') if e.getAttribute('id') == 'psst-labels']
    return json.loads(''.join(n.data for n in meta[0].childNodes))

def bars(path):
    """{year: (sessions known to the year, share of the uncertain ones)} from the figures over
    the bars: the texts standing over a year label of the axis"""
    t = labels(path)['texts']
    years = [b for b in t if re.fullmatch(r'\d{4}', b['text'])]
    axis = max(b['y'] for b in years)
    out = {}
    for y in (b for b in years if b['y'] == axis):
        cx = y['x'] + y['w'] / 2
        over = [b for b in t if abs(b['x'] + b['w'] / 2 - cx) < 0.5 and b['y'] < axis]
        known = [int(b['text']) for b in over if re.fullmatch(r'\d+', b['text'])]
        maybe = [float(b['text'][1:]) for b in over if re.fullmatch(r'\+[\d.]+', b['text'])]
        out[int(y['text'])] = (known[0] if known else 0, maybe[0] if maybe else 0.0)
    return out

def fills(path):
    """every filled rectangle cairo wrote: (colour, x, y, w, h)"""
    rect = re.compile(r'M (\S+) (\S+) L (\S+) \2 L \3 (\S+) L \1 \4 Z')
    out = []
    for style, d in re.findall(r'<path style="([^"]*)" d="([^"]*)"', open(path).read()):
        c = re.search(r'fill:rgb\(([^)]*)\)', style)
        r = rect.match(d)
        if c and r:
            x1, y1, x2, y2 = (float(v) for v in r.groups())
            out.append((c.group(1), min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)))
    return out

def stats(path):
    """psst stats --by year --format csv: {year: sessions}, and the uncertain row's"""
    rows = [l.rstrip('\r\n').split(',') for l in open(path)][1:]
    return {int(r[0]): int(r[1]) for r in rows if r[0]}, sum(int(r[1]) for r in rows if not r[0])
PY
py() { # CODE ARGS...: python with the helpers above
  code=$1
  shift
  PYTHONPATH="$WORK" python3 -c "from chartlib import *; import sys, json
$code" "$@"
}

for kind in topics-by-year tech-timeline institutions by-leader; do
  for ext in svg png pdf; do
    run chart "$kind" --from 2002 --to 2021 -o "$WORK/$kind.$ext"
    expect_status "$kind.$ext is written" 0
  done
  if python3 -c "import sys, xml.dom.minidom as m; m.parse(sys.argv[1])" "$WORK/$kind.svg"; then pass; else
    fail "$kind.svg is well-formed XML"
  fi
  size=$(python3 -c "import struct, sys; d = open(sys.argv[1], 'rb').read(24); print(d[:8] == b'\x89PNG\r\n\x1a\n' and '%dx%d' % struct.unpack('>II', d[16:24]))" "$WORK/$kind.png")
  expect_eq "$kind.png is a 2400x1440 PNG at the default 192 dpi" "$size" "2400x1440"
  head=$(head -c 5 "$WORK/$kind.pdf")
  expect_eq "$kind.pdf is a PDF" "$head" "%PDF-"
  if tail -c 16 "$WORK/$kind.pdf" | grep -q '%%EOF'; then pass; else fail "$kind.pdf is complete"; fi
done

run chart topics-by-year --dpi 96 -o "$WORK/small.png"
size=$(python3 -c "import struct, sys; d = open(sys.argv[1], 'rb').read(24); print('%dx%d' % struct.unpack('>II', d[16:24]))" "$WORK/small.png")
expect_eq "--dpi 96 gives 1200x720" "$size" "1200x720"

# the same data and options give the same SVG bytes
run chart topics-by-year --from 2002 --to 2021 -o "$WORK/again.svg"
if cmp -s "$WORK/topics-by-year.svg" "$WORK/again.svg"; then pass; else fail "SVG is deterministic"; fi

# title, labels and the source line are in the SVG as text
svg="$WORK/topics-by-year.svg"
if grep -qF "<title>CCP collective study sessions by topic, 2002 to 2021</title>" "$svg"; then pass; else
  fail "the title"
fi
for label in "Economy and finance" "Science, technology and innovation" "Source: psst, data as of" Sessions Year 2002 2021 "No topic coded" "Date uncertain"; do
  if grep -qF "$label" "$svg"; then pass; else fail "the SVG has the label '$label'"; fi
done
run chart topics-by-year --from 2002 --to 2021 --lang zh -o "$WORK/zh.svg"
if grep -qF "<title>中共中央政治局集体学习：各年主题，2002—2021年</title>" "$WORK/zh.svg" &&
  grep -qF "经济与金融" "$WORK/zh.svg" && grep -qF "来源：psst" "$WORK/zh.svg" &&
  grep -qF "日期不确定" "$WORK/zh.svg"; then pass; else
  fail "--lang zh labels everything in Chinese"
fi
run chart institutions --title "Who lectures" -o "$WORK/t.svg"
if grep -qF "<title>Who lectures</title>" "$WORK/t.svg" && grep -qF "(2002 to " "$WORK/t.svg"; then pass; else
  fail "--title, and the period said in the subtitle"
fi

# ---- the bars are the record's, and a range and a filter change them ----

# bars_match TITLE SVG STATS-ARGS...: each bar's figure is the year's count in psst stats
bars_match() {
  title=$1 chart=$2
  shift 2
  run stats --by year --format csv "$@"
  cp "$WORK/out" "$WORK/stats.csv"
  got=$(py "
b = bars(sys.argv[1]); known, _ = stats(sys.argv[2])
bad = [(y, b[y][0], known.get(y, 0)) for y in b if b[y][0] != known.get(y, 0)]
print('ok' if b and not bad and set(known) <= set(b) else 'bars %s, stats %s' % (b, known))" "$chart" "$WORK/stats.csv")
  expect_eq "$title" "$got" ok
}
bars_match "2002-2021: every bar is its year's sessions" "$svg" --from 2002-01-01 --to 2021-12-31
run chart topics-by-year --from 2013 --to 2021 -o "$WORK/r13.svg"
bars_match "2013-2021: every bar is its year's sessions" "$WORK/r13.svg" --from 2013-01-01 --to 2021-12-31
got=$(py "print(sorted(bars(sys.argv[1])) == list(range(2013, 2022)), bars(sys.argv[1]) != bars(sys.argv[2]))" "$WORK/r13.svg" "$svg")
expect_eq "a range draws its years only" "$got" "True True"
run chart topics-by-year --from 2002 --to 2021 --leader xi -o "$WORK/xi.svg"
bars_match "--leader xi: the bars are Xi's sessions" "$WORK/xi.svg" --from 2002-01-01 --to 2021-12-31 --leader xi
run chart topics-by-year --from 2002 --to 2021 --tech ai -o "$WORK/ai.svg"
bars_match "--tech ai: the bars are the AI sessions" "$WORK/ai.svg" --from 2002-01-01 --to 2021-12-31 --tech ai
got=$(py "print(len({json.dumps(bars(p), sort_keys=True) for p in sys.argv[1:]}))" "$svg" "$WORK/xi.svg" "$WORK/ai.svg")
expect_eq "a filter changes the drawn bars" "$got" 3
run chart topics-by-year --from 2002 --to 2021 --leader xi --tech ai -o "$WORK/xiai.svg"
if grep -qF "Sessions under Xi Jinping tagged Artificial intelligence" "$WORK/xiai.svg"; then pass; else
  fail "the subtitle names the filters"
fi
run chart topics-by-year --from 2002 --to 2021 --leader xi --lang zh -o "$WORK/xizh.svg"
if grep -qF "仅计习近平主持的集体学习" "$WORK/xizh.svg"; then pass; else fail "the filters named in Chinese"; fi

# the sessions of uncertain date: hatched shares that add up to them, over the years of
# their windows (16-19 and 16-20: 2004-12-28 to 2005-04-14; 16-25 to 16-27: 2005-08-27 to
# 2006-01-24, each half in each year)
run stats --by year --format csv --from 2002-01-01 --to 2021-12-31
cp "$WORK/out" "$WORK/stats.csv"
got=$(py "
b = bars(sys.argv[1]); _, uncertain = stats(sys.argv[2])
print(uncertain > 0 and abs(sum(v[1] for v in b.values()) - uncertain) < 0.01, b[2005][1])" "$svg" "$WORK/stats.csv")
expect_eq "the hatched shares add up to the sessions of uncertain date" "$got" "True 2.5"

# the legend from the top is the stack from the top: uncertain, no topic, the topics in
# codebook order; every bar's coloured segments in the legend's order, its hatching on top
got=$(py "
fl = [f for f in fills(sys.argv[1]) if f[3] < 1000]
white = '100%,100%,100%'
swatches = sorted((f for f in fl if abs(f[3] - 16) < 0.01 and abs(f[4] - 16) < 0.01), key=lambda f: f[2])
order = [f[0] for f in swatches if f[0] != white]
bars_ = {}
for f in fl:
    if f[3] > 17:
        bars_.setdefault(round(f[1], 1), []).append(f)
bad = 0
for x, segs in bars_.items():
    segs.sort(key=lambda f: f[2])
    colours = [f[0] for f in segs if f[0] != white]
    idx = [order.index(c) for c in colours]
    # y grows downwards: the white grounds of the hatching lie above every coloured segment
    whites = [f[2] for f in segs if f[0] == white]
    coloured = [f[2] for f in segs if f[0] != white]
    if idx != sorted(idx) or len(set(idx)) != len(idx) or (whites and coloured and max(whites) > min(coloured)):
        bad += 1
t = labels(sys.argv[1])['texts']
codebook = json.load(open(sys.argv[2]))['topics']
names = [c['en'] for c in codebook]
legend = sorted((b for b in t if b['text'] in names + ['No topic coded'] or b['text'].startswith('Date uncertain')), key=lambda b: b['y'])
texts = [b['text'] for b in legend]
want = [n for n in names if n in texts]
print(len(bars_) > 10 and bad == 0, texts[0].startswith('Date uncertain'), texts[1], texts[2:] == want)" "$svg" "$SRC/data/codebook.json")
expect_eq "legend order is stack order" "$got" "True True No topic coded True"

# ---- every type applies the period ----
for kind in tech-timeline institutions by-leader; do
  run chart "$kind" -o "$WORK/$kind-all.svg"
  run chart "$kind" --from 2015 --to 2019 -o "$WORK/$kind-r.svg"
  a=$(sed -n '/<desc>/,/<\/desc>/p' "$WORK/$kind-all.svg" | md5sum)
  b=$(sed -n '/<desc>/,/<\/desc>/p' "$WORK/$kind-r.svg" | md5sum)
  if [ "$a" != "$b" ] && grep -qF ", 2015 to 2019</title>" "$WORK/$kind-r.svg"; then pass; else
    fail "$kind: a range changes what is drawn and is in the title"
  fi
done
run chart institutions --from 2015 --to 2019 --format csv -o "$WORK/x.svg"
expect_status "--format (an output format) does not apply to charts" 2
run institutions --from 2015-01-01 --to 2019-12-31 --format csv
got=$(py "
import csv, re, collections
want = [(r['institution'], r['sessions']) for r in csv.DictReader(open(sys.argv[2], newline=''))][:15]
t = labels(sys.argv[1])['texts']
# the names end where the bars begin: the right edge most texts share
edge = collections.Counter(round(b['x'] + b['w']) for b in t if not b['text'].isdigit()).most_common(1)[0][0]
names = [b for b in t if round(b['x'] + b['w']) == edge]
drawn = [(b['text'], min((c for c in t if c['text'].isdigit() and abs(c['y'] - b['y']) < 2 and c['x'] > edge), key=lambda c: c['x'])['text']) for b in names]
print(drawn == want or (drawn, want))" "$WORK/institutions-r.svg" "$WORK/out")
expect_eq "institutions 2015-2019: the bars are psst institutions' counts for the period" "$got" True
run chart tech-timeline --from 2015 --to 2019 -o "$WORK/tt.svg"
if grep -qF "Blockchain" "$WORK/tt.svg" && ! grep -qF "Digital economy" "$WORK/tt.svg" &&
  ! grep -qF "2007-01" "$WORK/tt.svg"; then pass; else
  fail "tech-timeline 2015-2019: the technologies studied in the period, nothing before"
fi

# a session of unknown date carrying a tag: hatched over the days it may have been held,
# and the legend says so (16-19 tagged here; the shipped data tags no undated session)
python3 - "$SRC/data/sessions.jsonl" "$WORK/tagged.jsonl" <<'PY'
import json, sys
with open(sys.argv[2], 'w', encoding='utf-8') as out:
    for line in open(sys.argv[1], encoding='utf-8'):
        r = json.loads(line)
        if (r['term'], r['number']) == (16, 19):
            r['tech'] = ['internet']
        out.write(json.dumps(r, ensure_ascii=False) + '\n')
PY
D=$(datadir tagged "$WORK/tagged.jsonl")
run_in "$D" chart tech-timeline -o "$WORK/tt-undated.svg"
if grep -qF "16-19 · date unknown" "$WORK/tt-undated.svg" &&
  grep -qF "Date unknown: hatched over the days it may have been held" "$WORK/tt-undated.svg" &&
  ! grep -qF "Date unknown" "$WORK/tech-timeline.svg"; then pass; else
  fail "tech-timeline: an undated session is drawn over its window, and the legend says so"
fi

# ---- by-leader: each era's completeness, as psst compare and the database count it ----
run compare --format json
cp "$WORK/out" "$WORK/compare.json"
leader_figures='
def figures(path):
    t = labels(path)["texts"]
    out = {}
    for name in ("Hu Jintao", "Xi Jinping"):
        row = [b for b in t if b["text"] == name][0]
        sub = [b for b in t if abs(b["y"] - row["y"] - 22) < 1 and b["x"] + b["w"] <= row["x"] + row["w"] + 1][0]
        figs = sorted((b for b in t if re.fullmatch(r"\d+ \(\d+%\)", b["text"]) and 0 <= b["y"] - row["y"] < 40), key=lambda b: b["x"])
        out[name] = [int(sub["text"].split()[0])] + [int(b["text"].split()[0]) for b in figs]
    return out
import re'
run chart by-leader -o "$WORK/leader.svg"
got=$(py "$leader_figures
f = figures(sys.argv[1])
c = {r['leader']: [r['sessions'], r['dated'], r['titled'], r['coded'], r['high']] for r in json.load(open(sys.argv[2]))}
print(f == c or (f, c))" "$WORK/leader.svg" "$WORK/compare.json")
expect_eq "by-leader: sessions, dated, titled, coded, high as psst compare counts them" "$got" True
run chart by-leader --from 2002 --to 2021 -o "$WORK/leader-r.svg"
got=$(py "$leader_figures
import sqlite3
db = sqlite3.connect(sys.argv[2])
q = '''SELECT leader, count(*), count(date), sum(title_zh <> ''), count(topic), sum(confidence = 'high')
       FROM sessions WHERE date_from >= '2002-01-01' AND date_to <= '2021-12-31' GROUP BY leader'''
want = {r[0]: list(r[1:]) for r in db.execute(q)}
f = figures(sys.argv[1])
print(f == want and f != figures(sys.argv[3]) or (f, want))" "$WORK/leader-r.svg" "$PSST_DB" "$WORK/leader.svg")
expect_eq "by-leader 2002-2021: the completeness of the sessions in the period" "$got" True
if grep -qF "Rates: the sessions on record in the period" "$WORK/leader.svg" &&
  grep -qF "Topic coded" "$WORK/leader.svg"; then pass; else fail "by-leader says what the rate counts"; fi

# ---- options: each type takes what its help lists and refuses the rest ----
run chart --help
cp "$WORK/out" "$WORK/help"
kinds=$(awk '/^types/ { on = 1; next } on && /^  [a-z]/ { print $1 }' "$WORK/help")
expect_eq "psst chart --help lists the types" "$(echo $kinds | cut -d' ' -f1-4)" "topics-by-year tech-timeline institutions by-leader"
if grep -qF "'psst chart TYPE --help'" "$WORK/help" && ! grep -q '^  --leader' "$WORK/help"; then pass; else
  fail "psst chart --help points to the types' own help, lists no filter as taken by all"
fi
value() {
  case $1 in
  --from) echo 2010 ;; --to) echo 2021 ;; --term) echo 18 ;; --year) echo 2019 ;;
  --leader) echo xi ;; --topic) echo econ ;; --tech) echo ai ;; --session-format) echo lecture ;;
  --lecturer) echo "Xue Lan" ;; --institution) echo cass ;; --limit) echo 5 ;;
  esac
}
for kind in $kinds; do
  run chart "$kind" --help
  cp "$WORK/out" "$WORK/help-$kind"
  expect_out "psst chart $kind --help" "usage: psst chart $kind"
  for opt in --from --to --term --year --leader --topic --tech --session-format --lecturer --institution --limit; do
    if grep -q -- "^  $opt " "$WORK/help-$kind"; then
      run chart "$kind" "$opt" "$(value "$opt")" -o "$WORK/opt.svg"
      expect_status "$kind takes $opt, as its help says" 0
    else
      run chart "$kind" "$opt" "$(value "$opt")" -o "$WORK/opt.svg"
      expect_status "$kind refuses $opt, which its help leaves out" 2
      expect_err "the refusal names the option and the chart" "$kind does not take $opt"
    fi
  done
done
for pair in "by-leader --leader" "by-leader --term" "tech-timeline --tech" "institutions --lecturer" "topics-by-year --limit"; do
  set -- $pair
  if ! grep -q -- "^  $2 " "$WORK/help-$1"; then pass; else fail "$1 does not take $2"; fi
done
for pair in "topics-by-year --topic" "institutions --limit" "by-leader --tech" "tech-timeline --leader"; do
  set -- $pair
  if grep -q -- "^  $2 " "$WORK/help-$1"; then pass; else fail "$1 takes $2"; fi
done
run chart --help by-leader
if cmp -s "$WORK/out" "$WORK/help-by-leader"; then pass; else fail "psst chart --help TYPE is TYPE's help"; fi

# bad requests
run chart pie -o "$WORK/x.svg"
expect_status "an unknown chart is a usage error" 2
run chart topics-by-year
expect_status "-o is required" 2
run chart topics-by-year -o "$WORK/x.gif"
expect_status "an unknown extension is a usage error" 2
run chart topics-by-year -o /nonexistent/dir/x.svg
expect_status "an unwritable path is a system error" 3
expect_err "naming the path" "/nonexistent/dir/x.svg"
run chart topics-by-year --from 2021 --to 2002 -o "$WORK/x.svg"
expect_status "a reversed range is refused" 2
run chart topics-by-year --from 21 -o "$WORK/x.svg"
expect_status "a year that is not one is refused" 2
run chart topics-by-year --from 2019-02-30 -o "$WORK/x.svg"
expect_status "a date that is not one is refused" 2
run chart topics-by-year --from 2019-03-01 --to 2021-06-30 -o "$WORK/d.svg"
if [ "$status" -eq 0 ] && grep -qF "2019-03-01 to 2021-06-30</title>" "$WORK/d.svg"; then pass; else
  fail "a range of dates is taken as is and named in the title"
fi
finish
