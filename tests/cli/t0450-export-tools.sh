# The exports opened by the tools they are for, and every value read back against the data
# file: CSV with --bom by Python's csv (encoding utf-8-sig, as Excel reads it) and pandas, the
# XLSX by openpyxl (date cells, the About sheet, frozen headers, autofilters, column widths,
# Chinese text), the Stata files by pandas.read_stata (dates, labels, long text as strL).
. "$(dirname "$0")/lib.sh"
export LSAN_OPTIONS="suppressions=$SRC/tests/lsan.supp:print_suppressions=0"
J="$SRC/data/sessions.jsonl"

need_python 'import openpyxl, pandas' "python3-openpyxl and python3-pandas"

# ---- CSV with a byte-order mark ----
run export --format csv --bom -o "$WORK/bom.csv"
expect_status "export --format csv --bom" 0
got=$("$PY" - "$WORK/bom.csv" "$WORK/bom.lecturers.csv" "$J" <<'EOF'
import csv, json, sys
import pandas as pd
problems = []
recs = {'%d-%d' % (r['term'], r['number']): r
        for r in map(json.loads, open(sys.argv[3], encoding='utf-8'))}
for path in sys.argv[1:3]:
    if not open(path, 'rb').read(3) == b'\xef\xbb\xbf':
        problems.append('no BOM in %s' % path)
# Python's csv with utf-8-sig, the way Excel reads a file with a BOM: the mark is not part
# of the first header
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8-sig')))
if list(rows[0])[0] != 'id':
    problems.append('first header %r' % list(rows[0])[0])
if len(rows) != len(recs):
    problems.append('%d rows' % len(rows))
for r in rows:
    rec = recs[r['id']]
    if (r['title_zh'], r['title_en'], r['notes']) != (rec['title_zh'], rec['title_en'], rec['notes']):
        problems.append('text of %s' % r['id'])
    if r['lecturers_zh'] != '; '.join(l['name_zh'] for l in rec['lecturers']):
        problems.append('lecturers of %s' % r['id'])
if rows[0]['title_zh'] != '宪法':
    problems.append('16-1 is %r' % rows[0]['title_zh'])
# pandas: numbers as numbers, Chinese intact
df = pd.read_csv(sys.argv[1], encoding='utf-8-sig')
if str(df['term'].dtype) != 'int64' or str(df['number'].dtype) != 'int64':
    problems.append('pandas types %s %s' % (df['term'].dtype, df['number'].dtype))
if df.columns[0] != 'id' or df.loc[df['id'] == '19-18', 'title_zh'].item() != '区块链技术发展现状和趋势':
    problems.append('pandas text')
lect = pd.read_csv(sys.argv[2], encoding='utf-8-sig')
if lect.columns[0] != 'session_id' or len(lect) != sum(len(r['lecturers']) for r in recs.values()):
    problems.append('lecturers file')
print('; '.join(problems[:5]) or 'ok')
EOF
)
expect_eq "CSV --bom: the mark first, read by csv (utf-8-sig) and pandas with Chinese intact" "$got" "ok"
run export --format csv -o "$WORK/plain.csv"
expect_eq "CSV without --bom starts with the header" "$(head -c 3 "$WORK/plain.csv" | od -An -c | tr -d ' ')" "id,"
expect_eq "and is the --bom file without its mark" "$(tail -c +4 "$WORK/bom.csv" | cmp - "$WORK/plain.csv" && echo same)" "same"
run export --format csv --bom -o - --tech blockchain
expect_eq "--bom to standard output too" "$(head -c 5 "$WORK/out" | od -An -tx1 | tr -d ' ')" "efbbbf6964"

# table-printing commands take --bom with --format csv
run list --format csv --bom --year 2013
expect_eq "psst list --format csv --bom: the mark, then the header" "$(head -c 5 "$WORK/out" | od -An -tx1 | tr -d ' ')" "efbbbf6964"
got=$("$PY" -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
print(len(rows), list(rows[0])[0])' "$WORK/out")
expect_eq "and reads with utf-8-sig" "$got" "10 id"
run list --format csv --year 2013
expect_eq "psst list --format csv has no mark without --bom" "$(head -c 2 "$WORK/out")" "id"
run stats --by year --format csv --bom
expect_eq "psst stats --format csv --bom" "$(head -c 7 "$WORK/out" | od -An -tx1 | tr -d ' ')" "efbbbf79656172"

# ---- XLSX ----
run export --format xlsx -o "$WORK/all.xlsx"
expect_status "export --format xlsx" 0
run export --format json -o "$WORK/all.json"
got=$("$PY" - "$WORK/all.xlsx" "$WORK/all.json" "$SRC/data" <<'EOF'
import datetime, json, re, sys, unicodedata
import openpyxl
problems = []
wb = openpyxl.load_workbook(sys.argv[1])
recs = json.load(open(sys.argv[2], encoding='utf-8'))
data = sys.argv[3]
if wb.sheetnames != ['About', 'sessions', 'lecturers', 'topics', 'tags', 'institutions']:
    problems.append('sheets %r' % wb.sheetnames)

def day(s):
    return datetime.datetime.strptime(s, '%Y-%m-%d') if s else None

# About: what the data is, its date, version and citation, what "uncertain" means
about = {r[0]: r[1] for r in wb['About'].iter_rows(values_only=True) if r[0]}
title = json.load(open(data + '/dataset.json', encoding='utf-8'))['title']
if wb['About']['A1'].value != title:
    problems.append('About title %r' % wb['About']['A1'].value)
newest = re.findall(r'^## (\d{4}-\d{2}-\d{2})', open(data + '/CHANGELOG.md', encoding='utf-8').read(), re.M)[0]
if about.get('Version') != day(newest):
    problems.append('version %r, want %s' % (about.get('Version'), newest))
as_of = max(r['date'] for r in recs if r['date'])
if about.get('Data as of') != day(as_of):
    problems.append('as of %r, want %s' % (about.get('Data as of'), as_of))
if 'version of %s' % newest not in (about.get('How to cite') or ''):
    problems.append('citation %r' % about.get('How to cite'))
undated = [r for r in recs if not r['date']]
uncertain = [r for r in undated if r['year'] is None]
if about.get('Selection') != 'every session: %d sessions, %d of them without a known date (%d uncertain)' % (
        len(recs), len(undated), len(uncertain)):
    problems.append('selection %r' % about.get('Selection'))
if 'two or more years' not in (about.get('Uncertain dates') or '') or 'topics' not in (about.get('Codebook') or ''):
    problems.append('uncertain/codebook text')
if about.get('title_zh') is None or about.get('confidence') is None:
    problems.append('the columns are not described')

# sessions: dates as date cells, numbers as numbers, Chinese intact, header frozen, filter
ws = wb['sessions']
head = [c.value for c in ws[1]]
if ws.freeze_panes != 'A2' or ws.auto_filter.ref != 'A1:Y%d' % (len(recs) + 1):
    problems.append('sessions: frozen %s, filter %s' % (ws.freeze_panes, ws.auto_filter.ref))
rows = list(ws.iter_rows(min_row=2))
tag_order = [t['code'] for t in json.load(open(data + '/codebook.json', encoding='utf-8'))['tags']]
if len(rows) != len(recs):
    problems.append('%d rows' % len(rows))
for cells, rec in zip(rows, recs):
    r = dict(zip(head, cells))
    for k in ('date', 'date_from', 'date_to'):
        want = day(rec[k])
        if r[k].value != want or (want and not r[k].is_date) or (want and r[k].number_format != 'yyyy-mm-dd'):
            problems.append('%s of %s: %r' % (k, rec['id'], r[k].value))
    if r['term'].value != rec['term'] or r['number'].value != rec['number'] or r['year'].value != rec['year']:
        problems.append('numbers of %s' % rec['id'])
    if (r['title_zh'].value or '') != rec['title_zh'] or r['leader'].value != rec['leader']:
        problems.append('text of %s' % rec['id'])
    # tags in codebook order, as psst list gives them
    if (r['tech'].value or '') != ';'.join(sorted(rec['tech'], key=tag_order.index)):
        problems.append('tech of %s' % rec['id'])
if ws['J2'].value != '宪法' or head[9] != 'title_zh':
    problems.append('16-1 title %r' % ws['J2'].value)

# columns as wide as their content, a Chinese character counting two, at most 60
def width(v):
    if v is None:
        return 0
    if isinstance(v, datetime.datetime):
        return 10
    return sum(2 if unicodedata.east_asian_width(ch) in 'WF' else 1 for ch in str(v))
for k, name in enumerate(head):
    letter = openpyxl.utils.get_column_letter(k + 1)
    want = min(60, max([width(name) + 2] + [width(c[k].value) for c in rows]) + 1)
    got = ws.column_dimensions[letter].width
    if abs(got - want) > 1:
        problems.append('width of %s: %s, want %s' % (name, got, want))

lw = wb['lecturers']
if lw.freeze_panes != 'A2' or not lw.auto_filter.ref or not lw['D2'].is_date or lw['F2'].value != '许崇德':
    problems.append('lecturers sheet')
codes = [t['code'] for t in json.load(open(data + '/codebook.json', encoding='utf-8'))['topics']]
if [r[0] for r in wb['topics'].iter_rows(min_row=2, values_only=True)] != codes or wb['topics'].freeze_panes != 'A2':
    problems.append('topics sheet')
print('; '.join(problems[:6]) or 'ok')
EOF
)
expect_eq "XLSX read by openpyxl: About, date cells, numbers, Chinese, frozen headers, filters, widths" "$got" "ok"

# ---- Stata ----
run export --format dta -o "$WORK/all.dta"
expect_status "export --format dta" 0
got=$("$PY" - "$WORK/all.dta" "$WORK/all.lecturers.dta" "$WORK/all.json" "$WORK/plain.csv" <<'EOF'
import csv, json, sys
import pandas as pd
problems = []
recs = json.load(open(sys.argv[3], encoding='utf-8'))
header = next(csv.reader(open(sys.argv[4], newline='', encoding='utf-8')))
df = pd.read_stata(sys.argv[1])
if list(df.columns) != header or len(df) != len(recs):
    problems.append('columns %r, %d rows' % (list(df.columns)[:3], len(df)))
for (_, row), rec in zip(df.iterrows(), recs):
    for k in ('date', 'date_from', 'date_to'):
        got = None if pd.isna(row[k]) else row[k].strftime('%Y-%m-%d')
        if got != rec[k]:
            problems.append('%s of %s: %r' % (k, rec['id'], got))
    year = None if pd.isna(row['year']) else int(row['year'])
    if (row['id'], row['term'], row['number'], year) != (rec['id'], rec['term'], rec['number'], rec['year']):
        problems.append('numbers of %s' % rec['id'])
    if (row['title_zh'], row['title_en'], row['notes']) != (rec['title_zh'], rec['title_en'], rec['notes']):
        problems.append('text of %s' % rec['id'])
reader = pd.io.stata.StataReader(sys.argv[1])
labels = reader.variable_labels()
if reader.data_label != 'psst: CCP Politburo collective study sessions' or not all(labels[c] for c in header):
    problems.append('labels')
reader.close()
raw = open(sys.argv[1], 'rb').read()
as_of = max(r['date'] for r in recs if r['date'])
if ('Data as of: %s' % as_of).encode() not in raw or b'Uncertain dates: ' not in raw:
    problems.append('the notes')
lect = pd.read_stata(sys.argv[2])
if list(lect.columns)[:2] != ['session_id', 'term'] or len(lect) != sum(len(r['lecturers']) for r in recs) \
        or lect['name_zh'][0] != '许崇德' or str(lect['date'].dtype) != 'datetime64[ns]':
    problems.append('lecturers file')
print('; '.join(problems[:6]) or 'ok')
EOF
)
expect_eq "DTA read by pandas: the CSV's columns, dates as dates, Chinese, labels and notes" "$got" "ok"

# a text longer than a Stata str# holds (2045 bytes) goes in a strL, whole
"$PY" - "$J" "$WORK/long.jsonl" <<'EOF'
import json, sys
out = open(sys.argv[2], 'w', encoding='utf-8')
for line in open(sys.argv[1], encoding='utf-8'):
    r = json.loads(line)
    if (r['term'], r['number']) == (19, 18):
        r['notes'] = '区块链。' * 300
    out.write(json.dumps(r, ensure_ascii=False) + '\n')
EOF
L=$(datadir long "$WORK/long.jsonl")
run_in "$L" export --format dta --term 19 -o "$WORK/long.dta"
expect_status "a Stata file with a long note" 0
got=$("$PY" -c '
import sys, pandas as pd
df = pd.read_stata(sys.argv[1])
print(df.loc[df["id"] == "19-18", "notes"].item() == "区块链。" * 300, len(df))' "$WORK/long.dta")
expect_eq "the 3600-byte note comes back whole" "$got" "True 41"
finish
