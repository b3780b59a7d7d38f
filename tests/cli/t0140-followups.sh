# psst followups and psst chart followups on a fixture (tests/data/followups: the shipped
# sessions of the 19th and 20th terms and the shipped documents tagged ai or big-data):
# exact lags, the window options, the typed CSV and JSON, the summary, the calendar quarters
# and the event study against counts made here from the fixture's own lines, the chart's bars
# against the table, a session of uncertain date (19-9 with its date withheld), a data folder
# without documents, a documents file with an error, and the usage errors.
. "$(dirname "$0")/lib.sh"
export LSAN_OPTIONS="suppressions=$SRC/tests/lsan.supp:print_suppressions=0"
need_python "import json" python3
FX=$(datadir fx "$SRC/tests/data/followups/sessions.jsonl")
cp "$SRC/tests/data/followups/documents.jsonl" "$FX/"

# ---- one session: the documents around it, their lags ----
run_in "$FX" followups 19-9 --format csv
expect_status "followups 19-9" 0
expect_eq "19-9: two documents" "$(csv_col 1 | tr '\n' ' ')" "icv-road-testing-rules-2018 ai-real-economy-integration-guideline-2019 "
expect_eq "their lags in days (before negative)" "$(csv_col 4 | tr '\n' ' ')" "-202 139 "
expect_eq "counted from the session's day" "$(csv_col 5 | tr '\n' ' ')" "date date "
expect_eq "dated by their announcement (no issue date known)" "$(csv_col 3 | tr '\n' ' ')" "announced announced "
head -n 1 "$WORK/out" | tr -d '\r' >"$WORK/h"
expect_eq "the columns" "$(cat "$WORK/h")" "document,date,dated_by,lag_days,lag_from,kind,title_zh,title_en,issuers,number,source_url,publisher,matched"
run_in "$FX" followups 19-9 --format json
"$PY" - "$WORK/out" <<'PY' >"$WORK/problems"
import json, sys
d = json.load(open(sys.argv[1]))
if [r['lag_days'] for r in d] != [-202, 139]: print('lag_days', [r['lag_days'] for r in d])
if any(r['matched'] != ['ai'] for r in d): print('matched is not a list', d[0]['matched'])
if any(not r['source_url'].startswith('https://tv.cctv.com/') for r in d): print('source_url')
if d[0]['number'] is not None: print('an unknown number is null')
if d[1]['publisher'] != 'CCTV': print('publisher', d[1]['publisher'])
PY
expect_eq "JSON: typed (integers, lists, null)" "$(cat "$WORK/problems")" ""
run_in "$FX" followups 19-9
expect_out "the table for people names the lag" "139 days after"
expect_out "and the source" "CCTV https://tv.cctv.com/2019/03/19/"
run_in "$FX" followups 19-9 --lang zh
expect_out "in Chinese" "之后 139 天"
# a narrower window: 3 months either side holds none of them: the empty-result rule
run_in "$FX" followups 19-9 --before 3 --after 3 --format csv
expect_status "nothing in 3 months either side: exit 1" 1
expect_err "and says so" "no document matches"
expect_lines_any() { n=$(wc -l <"$WORK/out"); expect_eq "$1" "$n" "$2"; }
expect_lines_any "CSV still prints its header" 1
run_in "$FX" followups 20-20 --before 1 --format csv
expect_eq "20-20 with one month before: the documents after it only" "$(csv_col 4 | awk '$1 < 0' | wc -l)" "0"
run_in "$FX" followups 20-20 --format csv
expect_eq "20-20: 3 documents in the year before, 12 in the two years after" "$(csv_col 4 | awk '$1 < 0 { b++ } $1 >= 0 { a++ } END { print b, a }')" "3 12"
run_in "$FX" followups 19-99
expect_status "no such session" 1

# ---- every technology session ----
run_in "$FX" followups --format csv
expect_status "followups (all technology sessions)" 0
expect_eq "20-20's row: before, after, first after, its lag" "$(grep '^20-20,' "$WORK/out" | tr -d '\r' | cut -d, -f6,7,10,11)" "3,12,2025-08-26,123"
expect_eq "19-2's row: matched by both its tags, a quoted list" "$(grep '^19-2,' "$WORK/out" | tr -d '\r' | cut -d, -f5-8)" '"big-data,informatization",2,3'

run_in "$FX" followups --tech ai --summary --format csv
expect_eq "--summary: the tag's sessions" "$(csv_col 1 | tr '\n' ' ')" "19-9 20-20 "

# ---- the calendar quarters and the event study, against counts made here ----
cat >"$WORK/oracle.py" <<'PY'
import csv, io, json, sys
docs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
dates = [d['issued'] or d['announced'] for d in docs if 'ai' in d['tech']]
q = lambda s: int(s[:4]) * 4 + (int(s[5:7]) - 1) // 3
sessions = {'19-9': q('2018-10-31'), '20-20': q('2025-04-25')}
rows = list(csv.DictReader(io.StringIO(open(sys.argv[2], encoding='utf-8').read())))
if sys.argv[3] == 'quarters':
    lo, hi = min(map(q, dates)), max(map(q, dates))
    lo, hi = min([lo] + list(sessions.values())), max([hi] + list(sessions.values()))
    want = [('%d-Q%d' % (k // 4, k % 4 + 1), sum(q(d) == k for d in dates),
             ','.join(s for s, v in sessions.items() if v == k)) for k in range(lo, hi + 1)]
    got = [(r['quarter'], int(r['documents']), r['sessions']) for r in rows]
else:
    want = [(rel, sum(q(d) - v == rel for s, v in sessions.items() for d in dates),
             [sum(q(d) - v == rel for d in dates) for v in sessions.values()]) for rel in range(-8, 9)]
    got = [(int(r['rel_quarter']), int(r['documents']), [int(r['19-9']), int(r['20-20'])]) for r in rows]
if got != want:
    print('got', got[:6], 'want', want[:6])
PY
run_in "$FX" followups --tech ai --quarters --format csv
expect_status "followups --tech ai --quarters" 0
"$PY" "$WORK/oracle.py" "$FX/documents.jsonl" "$WORK/out" quarters >"$WORK/problems" 2>&1
expect_eq "every calendar quarter's count and sessions, as counted from the fixture" "$(cat "$WORK/problems")" ""
expect_eq "2018-Q4 holds 19-9" "$(grep '^2018-Q4,' "$WORK/out" | tr -d '\r')" "2018-Q4,2018-10-01,2018-12-31,0,19-9"
cp "$WORK/out" "$WORK/quarters.csv"
run_in "$FX" followups --tech ai --format csv
expect_status "followups --tech ai (event study)" 0
"$PY" "$WORK/oracle.py" "$FX/documents.jsonl" "$WORK/out" event >"$WORK/problems" 2>&1
expect_eq "the event study: per session and summed, -8 to +8 quarters" "$(cat "$WORK/problems")" ""
expect_eq "quarter +4 after 20-20 (2026-Q2): 6 documents" "$(grep '^4,' "$WORK/out" | tr -d '\r')" "4,6,0,6"
run_in "$FX" followups --tech ai --format json
"$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (len(d) == 17 and d[0]['rel_quarter'] == -8 and isinstance(d[8]['20-20'], int)))" "$WORK/out"
expect_status "the event study in JSON: 17 rows of integers" 0

# ---- the chart: its bars are the table's quarters ----
run_in "$FX" chart followups --tech ai -o "$WORK/ai.svg"
expect_status "chart followups --tech ai" 0
"$PY" - "$WORK/ai.svg" "$WORK/quarters.csv" <<'PY' >"$WORK/problems"
import csv, re, sys, xml.dom.minidom as m
doc = m.parse(sys.argv[1])
desc = ''.join(n.data for n in doc.getElementsByTagName('desc')[0].childNodes)
bars = {k: int(v) for k, v in re.findall(r'^(\d{4}-Q\d): (\d+) documents?$', desc, re.M)}
table = {r['quarter']: int(r['documents']) for r in csv.DictReader(open(sys.argv[2], encoding='utf-8'))}
if not bars: print('no bars told')
for k, v in table.items():
    if bars.get(k) != v: print('quarter', k, 'table', v, 'chart', bars.get(k))
for k, v in bars.items():
    if k not in table and v: print('a bar outside the table', k, v)
if sum(bars.values()) != sum(table.values()): print('totals differ')
title = doc.getElementsByTagName('title')[0].firstChild.data
if 'Artificial intelligence' not in title or '2017 to 2026' not in title: print('title', title)
if '19-9' not in desc or '20-20' not in desc: print('the sessions are not labelled')
PY
expect_eq "the chart's bars equal the table's counts, quarter by quarter" "$(cat "$WORK/problems")" ""
run_in "$FX" chart followups --tech ai --lang zh -o "$WORK/ai.png"
expect_status "the chart as PNG, in Chinese" 0
run_in "$FX" chart followups --leader xi -o "$WORK/x.svg"
expect_status "the chart refuses a filter it does not take" 2

# ---- a session of uncertain date: 19-9 with its date withheld (confidence medium) ----
UN=$(datadir un "$SRC/tests/data/followups/sessions.jsonl")
cp "$SRC/tests/data/followups/documents.jsonl" "$UN/"
"$PY" - "$UN/sessions.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
for r in rows:
    if (r['term'], r['number']) == (19, 9):
        r['date'], r['confidence'] = None, 'medium'
open(sys.argv[1], 'w', encoding='utf-8').write(''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in rows))
PY
run_in "$UN" followups 19-9 --format csv
expect_status "an uncertain session's documents" 0
expect_eq "lags from the window's nearer end (2018-09-22 to 2018-11-25)" "$(csv_col 4 | tr '\n' ' ')" "-163 114 "
expect_eq "and said so" "$(csv_col 5 | tr '\n' ' ')" "window_start window_end "
expect_err "the note names the window" "between 2018-09-22 and 2018-11-25"
run_in "$UN" followups --tech ai --format csv
expect_no_out "an uncertain session across two quarters has no column in the event study" "19-9"
expect_err "and the note names it" "in none: 19-9 (2018-09-22 to 2018-11-25)"
run_in "$UN" followups --format csv
expect_eq "the summary: its window, its counts from the window's ends" "$(grep '^19-9,' "$WORK/out" | tr -d '\r' | cut -d, -f2-7)" ",2018-09-22,2018-11-25,ai,1,1"

# ---- no documents file: no documents; the file coming back rebuilds ----
NO=$(datadir no "$SRC/tests/data/followups/sessions.jsonl")
run_in "$NO" followups 19-9
expect_status "without documents.jsonl: nothing, exit 1" 1
run_in "$NO" check
expect_status "and check passes" 0
cp "$SRC/tests/data/followups/documents.jsonl" "$NO/"
run_in "$NO" followups 19-9 --format csv
expect_eq "documents.jsonl added: the database is rebuilt with them" "$(csv_col 4 | tr '\n' ' ')" "-202 139 "
# a documents file with an error: the build refuses it, as it refuses sessions with errors
sed '1s/"kind": "[a-z-]*"/"kind": "decree"/' "$SRC/tests/data/followups/documents.jsonl" >"$NO/documents.jsonl"
run_in "$NO" followups 19-9
expect_status "a document with an error: no database" 1
expect_err "the error names the file and the line" "documents.jsonl:1: kind"

# ---- usage ----
run_in "$FX" followups --tech blokchain
expect_status "an unknown tag: usage error" 2
expect_err "with the tag meant" "did you mean 'blockchain'"
run_in "$FX" followups --tech blockchain
expect_status "a tag without documents: exit 1" 1
run_in "$FX" followups --quarters
expect_status "--quarters without a tag" 2
run_in "$FX" followups 19-9 --tech ai
expect_status "an ID and a tag" 2
run_in "$FX" followups 19-9 --after 0
expect_status "--after 0" 2
finish
