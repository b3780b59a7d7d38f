# psst findings: the verdicts on the shipped data (checked against the commands they rest on),
# the verdicts on a made-up record with known gaps (tests/data/findings/gaps.py), the Chinese
# report, the Markdown and HTML outputs with their two charts, and /findings?lang=zh.
. "$(dirname "$0")/lib.sh"
export LSAN_OPTIONS="suppressions=$SRC/tests/lsan.supp:print_suppressions=0"
expect_in() { # TITLE FIXED-STRING: in the English report of the shipped data
  if grep -qF -- "$2" "$WORK/en.md"; then pass; else fail "$1" "the report lacks: $2"; fi
}

# ---- the shipped data ----
run findings
expect_status "findings prints Markdown" 0
cp "$WORK/out" "$WORK/en.md"
expect_out "it names the article it checks" \
  "Kai von Carnap, \"Xi Jinping and the CCP's expanding technology agenda\", The Strategist (ASPI), 2021, a version of his MERICS comment \"Xi's worrying tech curriculum\"."
expect_eq "one section per claim, and the chart" "$(grep -c '^## ' "$WORK/en.md")" 7

# claim 1, in three parts: 2002's count depends on 16-2, 2013 had ten as well, 2004 and 2006
# may have had more than ten
expect_out "claim 1: its parts' verdicts" "## 1. Sessions per year, 2002 to 2021 (1 part differs, 2 cannot be checked)"
expect_out "the fewest: 16-2 decides" \
  "- **One session in 2002, the fewest of any year**: *cannot be checked*. 2002: 1 to 2, where the claim needs exactly 1. Decided by where 16-2 was held"
expect_out "the most: 2013 had ten as well" \
  "- **Ten sessions in 2006 and in 2015, the most of any year**: *differs*. 2013: 10, where the claim needs at most 9."
expect_out "the range: 2004 and 2006 may have had more than ten" \
  "- **Between one and ten sessions every year**: *cannot be checked*. 2004: 9 to 11, where the claim needs between 1 and 10; 2006: 10 to 13, where the claim needs between 1 and 10. Decided by where 16-19, 16-20, 16-25, 16-26, 16-27 were held"
expect_out "2013's sessions are the evidence, with their sources" "18-3: CCTV (Broadcast text, 2013-01-29) <http"
# the year table against psst stats (the counted sessions) and psst show (the windows of the
# sessions of uncertain date)
run stats --by year --from 2002-01-01 --to 2021-12-31 --format csv
tr -d '\r' <"$WORK/out" >"$WORK/years.csv"
run list --format csv
tr -d '\r' <"$WORK/out" | awk -F, 'NR > 1 && $2 == "" { print $1 }' >"$WORK/undated"
: >"$WORK/windows"
while read -r id; do
  run show "$id"
  sed -n "s/^Held  *between \([0-9]\{4\}\)-[0-9-]* and \([0-9]\{4\}\)-[0-9-]* (date uncertain)$/$id \1 \2/p" "$WORK/out" >>"$WORK/windows"
done <"$WORK/undated"
bad=$(python3 - "$WORK/en.md" "$WORK/years.csv" "$WORK/windows" <<'PY'
import csv, sys
md, stats, windows = sys.argv[1:]
counted = {r["year"]: int(r["sessions"]) for r in csv.DictReader(open(stats)) if r["year"]}
spans = [l.split() for l in open(windows)]
rows = {}
for line in open(md, encoding="utf-8"):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) == 4 and cells[0].isdigit() and 2002 <= int(cells[0]) <= 2021:
        rows[cells[0]] = cells
assert len(rows) == 20, sorted(rows)
for year, (y, lo, may, held) in sorted(rows.items()):
    want_may = [i for i, a, b in spans if int(a) <= int(year) <= int(b)]
    want_lo = counted.get(year, 0)
    hi = want_lo + len(want_may)
    want_held = str(want_lo) if hi == want_lo else "%d to %d" % (want_lo, hi)
    if [lo, may, held] != [str(want_lo), ", ".join(want_may), want_held]:
        print(year, [lo, may, held], "want", [str(want_lo), ", ".join(want_may), want_held])
PY
)
expect_eq "the year table: counted sessions as psst stats, undated ones as psst show's windows" "$bad" ""

# claim 2
expect_in "claim 2 agrees" "## 2. The 16th Politburo's 38th session, January 2007 (the record agrees)"
expect_in "with the session as evidence, labels not codes" \
  "| 16-38 | 2007-01-23 | World network technology development and the construction and management of China's network culture | Lecture | Culture, media and ideological work (also Science, technology and innovation) | Internet technology; Media technology and convergence |"
expect_in "and its sources, publisher and kind first" "16-38: CCTV (Broadcast text, 2007-01-24) <http"

# claim 3: each technology in its year; whether each was new cannot be checked while sessions
# before 2017 are not coded
expect_in "claim 3" "## 3. A new technology every year from 2017 (1 part agrees, 1 cannot be checked)"
for row in "Big data | 2017 | 19-2, 2017-12-08" "Artificial intelligence | 2018 | 19-9, 2018-10-31" \
  "Blockchain | 2019 | 19-18, 2019-10-24" "Quantum science and technology | 2020 | 19-24, 2020-10-16" \
  "Digital economy | 2021 | 19-34, 2021-10-18"; do
  expect_in "claim 3: $row" "| $row | 1 | agrees | cannot be checked |"
done
uncoded_before=$(python3 -c '
import json, sys
ids = []
for l in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(l)
    if r["topic"] is None and (r["date"] or "2017") < "2017" or r["topic"] is None and not r["date"] and r["term"] < 19:
        ids.append("%d-%d" % (r["term"], r["number"]))
print("%d earlier sessions are not coded yet (%s)" % (len(ids), ", ".join(ids)))' "$SRC/data/sessions.jsonl")
expect_in "the sessions without a topic before 2017 decide whether each was new" "$uncoded_before"

# claim 4
expect_in "claim 4 agrees" "## 4. Science and technology in general under Xi, 2012 to 2016 (the record agrees)"
expect_in "18-9 as evidence" "| 18-9 | 2013-09-30 | Implementing the innovation-driven development strategy | Field visit |"
run list --tech general-sti --leader xi --to 2016-12-31 --format csv
n=$(($(wc -l <"$WORK/out") - 1))
expect_in "claim 4: the count is psst list's" "science and technology in general: $n."

# claim 5: the counts as psst stats gives them, and the Hu sessions not coded yet
count_tags() { # LEADER: tags other than general-sti with at least one session, in $WORK/lt
  awk -F, -v who="$1" 'NR == 1 { for (i = 2; i < NF; i++) name[i] = $i }
    $1 == who { for (i = 2; i < NF; i++) if ($i > 0 && name[i] != "general-sti") n++ }
    END { print n + 0 }' "$WORK/lt"
}
run stats --by leader,tech --format csv
tr -d '\r' <"$WORK/out" >"$WORK/lt"
hu=$(count_tags "Hu Jintao")
run stats --by leader,tech --to 2021-12-31 --format csv
tr -d '\r' <"$WORK/out" >"$WORK/lt"
xi=$(count_tags "Xi Jinping")
nhu=$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["leader"] == "Hu Jintao" and json.loads(l)["topic"] is None))' "$SRC/data/sessions.jsonl")
expect_in "claim 5 cannot be checked" "## 5. More technologies under Xi than under Hu (cannot be checked)"
expect_in "Hu's technologies" "Hu Jintao $hu ("
expect_in "Xi's to 2021" "Xi Jinping to 2021 $xi ("
expect_in "Hu's sessions not coded" "But Hu Jintao has $nhu sessions not coded yet"
expect_in "how many would overturn it" "If $((xi - hu)) of them each carried one technology not counted yet, Hu Jintao would have as many as Xi Jinping"
expect_in "each era's completeness" "| Hu Jintao | 77 |"

# claim 6: the documents on each technology in the two years before and after its session,
# counted here from the data files (a document dated by its issue day, else its announcement)
python3 - "$SRC/data/sessions.jsonl" "$SRC/data/documents.jsonl" >"$WORK/waves" <<'PY'
import json, sys, datetime as dt
sessions = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
docs = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
for tag, year in [("big-data", 2017), ("ai", 2018), ("blockchain", 2019), ("quantum", 2020), ("digital-economy", 2021)]:
    s = next(s for s in sessions if tag in (s.get("tech") or []) and (s.get("date") or "").startswith(str(year)))
    d = dt.date.fromisoformat(s["date"])
    lo, hi = d.replace(year=d.year - 2).isoformat(), d.replace(year=d.year + 2).isoformat()
    days = [x.get("issued") or x["announced"] for x in docs if tag in x["tech"]]
    before = sum(lo <= x < s["date"] for x in days)
    after = sum(s["date"] <= x < hi for x in days)
    print(f'{s["term"]}-{s["number"]}|{s["date"]}|{before}|{after}|{"agrees" if after > before else "cannot be checked"}')
PY
while IFS='|' read -r id day before after verdict; do
  expect_in "claim 6: $id's documents" "| $id | $day | $before | $after |"
  expect_in "claim 6: $id's verdict" "*$verdict*. $id ($day): $before document"
done <"$WORK/waves"
expect_in "claim 6 lists the first documents with their official addresses" "| CCTV https://tv.cctv.com/"
# and the vocabulary: each recorded phrase of those sessions in the documents' titles
python3 - "$SRC/data/sessions.jsonl" "$SRC/data/documents.jsonl" "$SRC/data/phrases.jsonl" >"$WORK/vocab" <<'PY'
import json, sys, datetime as dt
sessions = {f'{s["term"]}-{s["number"]}': s for s in map(json.loads, filter(str.strip, open(sys.argv[1])))}
docs = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
for p in (json.loads(l) for l in open(sys.argv[3]) if l.strip()):
    if p["session"] not in ("19-2", "19-9", "19-18", "19-24", "19-34"):
        continue
    day = sessions[p["session"]]["date"]
    words = [p["phrase_zh"]] + p.get("variants", [])
    dates = sorted(d.get("issued") or d["announced"] for d in docs if any(w in d["title_zh"] for w in words))
    before, after = [x for x in dates if x < day], [x for x in dates if x >= day]
    first = f'{after[0]} ({(dt.date.fromisoformat(after[0]) - dt.date.fromisoformat(day)).days})' if after else ""
    print(f'| {p["session"]} | {p["phrase_zh"]} ({p["phrase_en"]}) | {len(before)} | {len(after)} | {first} |')
PY
if [ -s "$WORK/vocab" ]; then pass; else fail "the shipped phrases include the technology sessions'"; fi
while IFS= read -r row; do expect_in "claim 6's vocabulary: ${row%% (*}" "$row"; done <"$WORK/vocab"

# the chart is a recreation, not a verdict; no codes in the prose
expect_in "the chart has no verdict" "## 7. The leading chart, recreated"
for code in big-data general-sti military-tech digital-economy media-tech; do
  if grep -v '<http' "$WORK/en.md" | grep -qw -- "$code"; then fail "no code in the report: $code"; else pass; fi
done

# ---- in Chinese ----
run findings --lang zh
expect_status "findings --lang zh" 0
expect_out "claim 1 in Chinese" "## 1. 2002至2021年每年的学习场次（1 项不符，2 项无法核实）"
expect_out "claim 2 in Chinese, with the Chinese title" "| 16-38 | 2007-01-23 | 世界网络技术发展和我国网络文化建设与管理 | 专家讲解 |"
expect_out "Chinese labels" "| 大数据 | 2017 | 19-2，2017-12-08 | 1 | 相符 | 无法核实 |"
expect_out "the sources' kinds in Chinese" "16-38：CCTV（新闻联播文字稿，2007-01-24）"
for en in "cannot be checked" "the record agrees" "The article" "Sessions per year" "not coded"; do
  expect_no_out "no English sentence: $en" "$en"
done
expect_eq "the same sections" "$(grep -c '^## ' "$WORK/out")" 7

# ---- the files ----
run findings -o "$WORK/report.md"
expect_status "findings -o FILE.md" 0
expect_err "it says what it wrote" "wrote $WORK/report.md, $WORK/report.svg and $WORK/report.today.svg"
if grep -qF "](report.svg) ![" "$WORK/report.md" && grep -qF "](report.today.svg)" "$WORK/report.md"; then pass; else
  fail "the Markdown links the two charts, side by side"
fi
last=$(($(sed -n 's/.*data as of \([0-9]\{4\}\)-.*/\1/p' "$WORK/en.md" | head -n 1) - 1))
svg_title() { python3 -c 'import sys, xml.etree.ElementTree as E
t = E.parse(sys.argv[1]).getroot().find("{http://www.w3.org/2000/svg}title")
print(t.text if t is not None else "")' "$1"; }
expect_eq "the first chart is the article's" "$(svg_title "$WORK/report.svg")" "CCP collective study sessions by topic, 2002 to 2021"
expect_eq "the second the record to its last full year" "$(svg_title "$WORK/report.today.svg")" "CCP collective study sessions by topic, 2002 to $last"
run findings --lang zh -o "$WORK/report.zh.md"
expect_eq "the charts of the Chinese report are in Chinese" "$(svg_title "$WORK/report.zh.svg")" "中共中央政治局集体学习：各年主题，2002—2021年"

for lang in en zh; do
  run findings --lang "$lang" -o "$WORK/report.$lang.html"
  expect_status "findings --lang $lang -o FILE.html" 0
  python3 - "$WORK/report.$lang.html" "$lang" "$last" <<'PY' && pass || fail "the $lang HTML is one page in its language with both charts embedded"
import base64, sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.imgs = []; self.ext = []; self.h2 = 0; self.lang = None; self.spans = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html": self.lang = a.get("lang")
        if tag == "img": self.imgs.append(a.get("src", ""))
        if tag in ("script", "link"): self.ext.append(tag)
        if tag == "h2": self.h2 += 1
        if tag == "span": self.spans.append(a.get("class"))
path, lang, last = sys.argv[1:]
p = P(); p.feed(open(path, encoding="utf-8").read())
assert p.lang == ("zh-Hans" if lang == "zh" else "en"), p.lang
assert p.h2 == 7, p.h2
assert not p.ext
assert len(p.imgs) == 2 and all(i.startswith("data:image/svg+xml;base64,") for i in p.imgs), p.imgs
svgs = [base64.b64decode(i.split(",", 1)[1]).decode("utf-8") for i in p.imgs]
years = ["2002—2021年", "2002—%s年" % last] if lang == "zh" else ["2002 to 2021", "2002 to %s" % last]
assert all(y in s for y, s in zip(years, svgs)), years
assert {"ok", "diff", "open"} <= set(p.spans), p.spans
PY
done
run findings -o "$WORK/report.txt"
expect_status "another extension is a usage error" 2

# ---- a record with known gaps ----
gaps=$(datadir gaps /dev/null)
python3 "$SRC/tests/data/findings/gaps.py" "$gaps/sessions.jsonl"
run_in "$gaps" findings
expect_status "findings on the record with gaps" 0
cp "$WORK/out" "$WORK/gaps.md"
expect_out "claim 1: 16-38 decides the most" "## 1. Sessions per year, 2002 to 2021 (2 parts agree, 1 cannot be checked)"
expect_out "the fewest agrees" "- **One session in 2002, the fewest of any year**: *agrees*. 2002: 1; the other years had 6 to 10 sessions"
expect_out "2006 had nine or ten" "- **Ten sessions in 2006 and in 2015, the most of any year**: *cannot be checked*. 2006: 9 to 10, where the claim needs exactly 10. Decided by where 16-38 was held"
expect_out "the range agrees" "- **Between one and ten sessions every year**: *agrees*. Every year had 1 to 10 sessions"
expect_out "2007 counts the sessions the 16th term's stated total implies" "| 2007 | 7 | 16-38 | 7 to 8 |"
expect_out "claim 2: undated and uncoded" "## 2. The 16th Politburo's 38th session, January 2007 (cannot be checked)"
expect_out "its window spans two months" "16-38's date is not known: it was held between 2006-12-11 and 2007-01-24, in January 2007 or not."
expect_out "claim 3: the digital economy only in 2022" "## 3. A new technology every year from 2017 (1 part differs, 1 cannot be checked)"
expect_out "no session could be it" "Digital economy: no session in its year, and no undated or uncoded session could be one."
expect_out "the sessions the record lacks may have been on them" "5 earlier sessions are not coded yet (16-38, 16-41, 16-42, 16-43, 16-44)"
expect_out "claim 4: twice" "## 4. Science and technology in general under Xi, 2012 to 2016 (1 part agrees, 1 differs)"
expect_out "claim 5: Hu's gaps could overturn it" "## 5. More technologies under Xi than under Hu (cannot be checked)"
expect_out "by how many" "If 4 of them each carried one technology not counted yet, Hu Jintao would have as many as Xi Jinping (2 of them would do, if each carried 2"
expect_out "a session the record lacks is evidence too" "| 16-41 | between 2007-03-21 and 2007-10-22 | (not in the record) |"

python3 "$SRC/tests/data/findings/gaps.py" "$gaps/sessions.jsonl" --filled
run_in "$gaps" findings
expect_status "findings on the record with its gaps filled" 0
expect_out "claim 1 still waits for 16-38's date" "## 1. Sessions per year, 2002 to 2021 (2 parts agree, 1 cannot be checked)"
expect_out "claim 2: the subject now agrees" "## 2. The 16th Politburo's 38th session, January 2007 (1 part agrees, 1 cannot be checked)"
expect_out "claim 3: each new, now that every earlier session is coded" "## 3. A new technology every year from 2017 (1 part agrees, 1 differs)"
expect_out "claim 5 agrees once Hu's sessions are coded" "## 5. More technologies under Xi than under Hu (the record agrees)"
expect_out "and says why" "Every session under Hu Jintao is coded: no completion changes this."
expect_out "claim 6 without a documents record" "## 6. Studied, then harnessed: policy after each technology session (cannot be checked)"
expect_out "and says so" "The record holds no document on it in those four years."
run_in "$gaps" findings --lang zh
expect_out "the verdicts in Chinese" "## 5. 习近平任内学习的技术多于胡锦涛（记录相符）"

# ---- the web page ----
if command -v curl >/dev/null 2>&1; then
  . "$SRC/tests/server/lib.sh"
  trap 'serve_stop' EXIT
  if serve_start "$SRC/data" "$WORK/psst.db" "$WORK/server.log"; then
    get "/findings?lang=zh"
    expect_code "GET /findings?lang=zh" 200
    expect_body "the report in Chinese" "1. 2002至2021年每年的学习场次"
    expect_body "marked as Chinese" '<div class="findings" lang="zh-Hans">'
    expect_no_body "no English verdict" "cannot be checked"
    get /findings
    expect_body "and in English" '<div class="findings" lang="en">'
    expect_body "with its verdicts" "the record agrees"
    serve_stop
  else
    fail "psst serve starts"
  fi
fi
finish
