# psst export: CSV (RFC 4180, with the long lecturers file), JSON, XLSX, SQLite and Stata
# exports of the shipped data, filtered and not, written atomically or to standard output
# (-o -). Each read by the tools it is for: t0450-export-tools.sh; the JSON against its
# schema: t0455-export-json.sh. psst cite: t0420-cite.sh.
. "$(dirname "$0")/lib.sh"
export LSAN_OPTIONS="suppressions=$SRC/tests/lsan.supp:print_suppressions=0"
J="$SRC/data/sessions.jsonl"
N=$(grep -c . "$J") # the sessions of the shipped record

# ---- CSV ----
run export --format csv -o "$WORK/all.csv"
expect_status "export --format csv" 0
expect_err "the summary names both files" "wrote $N sessions to $WORK/all.csv and $WORK/all.lecturers.csv"
run list --format csv
tail -n +2 "$WORK/out" | tr -d '\r' | cut -d, -f1 >"$WORK/list-ids"
got=$(python3 - "$WORK/all.csv" "$J" "$WORK/list-ids" <<'EOF'
import csv, json, sys
raw = open(sys.argv[1], 'rb').read()
problems = []
if raw.startswith(b'\xef\xbb\xbf'):
    problems.append('BOM')
if not raw.endswith(b'\r\n'):
    problems.append('last line not CRLF')
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
want_header = ('id,term,number,date,date_from,date_to,year,leader,leader_zh,title_zh,title_en,format,topic,topics,'
               'tech,lecturers_zh,lecturers_en,affiliations_zh,affiliations_en,speakers,sources,'
               'source_publishers,source_kinds,confidence,notes').split(',')
if rows[0] != want_header:
    problems.append('header %r' % rows[0])
data = rows[1:]
if len(data) != sum(1 for l in open(sys.argv[2]) if l.strip()):
    problems.append('%d rows' % len(data))
if any(len(r) != len(want_header) for r in data):
    problems.append('a row with the wrong number of fields')
ids = [l.strip() for l in open(sys.argv[3])]
if [r[0] for r in data] != ids:
    problems.append('ids differ from psst list')
# the quoted fields come back exactly as the record has them
recs = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8') if l.strip()]
for r, rec in zip(data, recs):
    d = dict(zip(want_header, r))
    if (d['title_zh'], d['title_en'], d['notes']) != (rec['title_zh'], rec['title_en'], rec['notes']):
        problems.append('text of %s' % d['id'])
    if d['sources'] != ' '.join(x['url'] for x in rec['sources']) or d['lecturers_en'] != '; '.join(l['name_en'] for l in rec['lecturers']):
        problems.append('lists of %s' % d['id'])
    if (d['source_publishers'] != '; '.join(x['publisher'] for x in rec['sources'])
            or d['source_kinds'] != ';'.join(x['kind'] for x in rec['sources'])):
        problems.append('sources of %s' % d['id'])
    if d['date'] != (rec['date'] or '') or (rec['date'] and (d['year'] != rec['date'][:4]
            or d['date_from'] != rec['date'] or d['date_to'] != rec['date'])):
        problems.append('date of %s' % d['id'])
    # an undated session: its window, and a year only when the window lies within one
    if not rec['date'] and (not d['date_from'] or d['date_from'] > d['date_to']
            or d['year'] != (d['date_from'][:4] if d['date_from'][:4] == d['date_to'][:4] else '')):
        problems.append('window of %s' % d['id'])
print('; '.join(problems) or 'ok')
EOF
)
expect_eq "CSV: header, a row a session, RFC 4180 quoting, the ids of psst list" "$got" "ok"

got=$(python3 - "$WORK/all.lecturers.csv" "$J" <<'EOF'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
want = sum(len(json.loads(l)['lecturers']) for l in open(sys.argv[2], encoding='utf-8') if l.strip())
head = 'session_id,term,number,date,ord,name_zh,name_en,affiliation_zh,affiliation_en,institutions'
ok = rows[0] == head.split(',') and len(rows) - 1 == want and all(len(r) == 10 for r in rows)
print('ok' if ok else 'header %r, %d rows, want %d' % (rows[0], len(rows) - 1, want))
EOF
)
expect_eq "the lecturers file has a row per lecture appearance" "$got" "ok"
if grep -q '^16-1,16,1,2002-12-26,1,许崇德,Xu Chongde,中国人民大学教授,"Professor, Renmin University of China",ruc' "$WORK/all.lecturers.csv"; then
  pass
else
  fail "a lecturer row with its institution code"
fi

run export --format csv --term 19 -o "$WORK/t19.csv"
expect_status "a filtered export" 0
run list --term 19 --format csv
tail -n +2 "$WORK/out" | tr -d '\r' | cut -d, -f1 >"$WORK/want-ids"
python3 -c "
import csv, sys
for r in list(csv.reader(open(sys.argv[1], newline='')))[1:]: print(r[0])" "$WORK/t19.csv" >"$WORK/got-ids"
if cmp -s "$WORK/want-ids" "$WORK/got-ids"; then pass; else fail "--term 19 exports the rows of psst list --term 19"; fi
expect_eq "--term 19: the lecturers of the 19th term only" "$(cut -d, -f2 "$WORK/t19.lecturers.csv" | tail -n +2 | sort -u)" "19"
run export -o "$WORK/named.data"
expect_status "an unknown extension without --format" 2
run export --format csv -o "$WORK/named.data"
expect_status "--format csv to any name" 0
if [ -f "$WORK/named.data.lecturers.csv" ]; then pass; else fail "NAME.lecturers.csv beside a name without .csv"; fi

# ---- JSON ----
run export -o "$WORK/all.json"
expect_status "export by the extension .json" 0
got=$(python3 - "$WORK/all.json" "$J" <<'EOF'
import json, sys
text = open(sys.argv[1], encoding='utf-8').read()
got = json.loads(text)
want = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8') if l.strip()]
problems = []
if len(got) != len(want) or not text.startswith('[\n{"id": ') or not text.endswith('}\n]\n'):
    problems.append('layout')
if len(text.splitlines()) != len(want) + 2:
    problems.append('not one record a line')
for g, w in zip(got, want):
    ident = '%d-%d' % (w['term'], w['number'])
    # the id first, the record's keys in their order, the window and the year last
    if list(g) != ['id'] + list(w) + ['date_from', 'date_to', 'year']:
        problems.append('keys of %s' % ident)
    if g['id'] != ident or {k: g[k] for k in w} != w:
        problems.append('values of %s' % ident)
    if w['date'] and (g['date_from'], g['date_to'], g['year']) != (w['date'], w['date'], int(w['date'][:4])):
        problems.append('the date of %s' % ident)
    if not w['date'] and not (g['date_from'] < g['date_to']
            and g['year'] == (int(g['date_from'][:4]) if g['date_from'][:4] == g['date_to'][:4] else None)):
        problems.append('the window of %s' % ident)
print('; '.join(problems[:5]) or 'ok')
EOF
)
expect_eq "JSON: the records of sessions.jsonl, one a line, with id, window and year" "$got" "ok"
run export --format json --tech blockchain -o "$WORK/bc.json"
got=$(python3 -c "
import json, sys
print(' '.join('%d-%d' % (r['term'], r['number']) for r in json.load(open(sys.argv[1]))))" "$WORK/bc.json")
expect_eq "a filtered JSON export" "$got" "19-18"

# ---- XLSX ----
run export --format xlsx -o "$WORK/all.xlsx"
expect_status "export --format xlsx" 0
got=$(python3 - "$WORK/all.xlsx" <<'EOF'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = re.findall(r'<sheet name="([^"]+)"', z.read('xl/workbook.xml').decode())
sheet = z.read('xl/worksheets/sheet2.xml').decode()
rows = len(re.findall(r'<row ', sheet))
frozen = 'state="frozen"' in sheet
number = re.search(r'<c r="B2"( s="\d+")?><v>16</v>', sheet) is not None
autofilter = '<autoFilter ref="A1:Y%d"/>' % rows in sheet
print(' '.join(names), rows, frozen, number, autofilter)
EOF
)
expect_eq "XLSX: About first, then sessions with a frozen header, an autofilter and a row a session; terms are numbers" \
  "$got" "About sessions lecturers topics tags institutions $((N + 1)) True True True"
run export --format xlsx --term 19 -o "$WORK/t19.xlsx"
got=$(python3 - "$WORK/t19.xlsx" <<'EOF'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(len(re.findall(r'<row ', z.read('xl/worksheets/sheet2.xml').decode())) - 1,
      'the sessions of term 19: ' in z.read('xl/worksheets/sheet1.xml').decode())
EOF
)
expect_eq "XLSX --term 19: its sessions, and About says which" "$got" \
  "$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["term"] == 19))' "$J") True"

# ---- Stata ----
run export -o "$WORK/all.dta"
expect_status "export by the extension .dta" 0
expect_err "the summary names both files" "wrote $N sessions to $WORK/all.dta and $WORK/all.lecturers.dta"
expect_eq "DTA: a Stata file of release 118 (Stata 14, UTF-8)" "$(head -c 41 "$WORK/all.dta")" \
  "<stata_dta><header><release>118</release>"

# ---- to standard output ----
T19=$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["term"] == 19))' "$J")
run export --format csv --term 19 -o -
expect_status "CSV to standard output" 0
expect_err "the summary names it" "wrote $T19 sessions to standard output"
cp "$WORK/out" "$WORK/stdout.csv"
run export --format csv --term 19 -o "$WORK/t19b.csv"
if cmp -s "$WORK/stdout.csv" "$WORK/t19b.csv"; then pass; else fail "-o - writes the bytes of the file"; fi
if [ ! -e "$WORK/-" ] && [ ! -e ./- ] && [ ! -e ./-.lecturers.csv ]; then pass; else fail "-o - writes no file named -"; fi
run export --format json -o -
cp "$WORK/out" "$WORK/stdout.json"
run export --format json -o "$WORK/all2.json"
if cmp -s "$WORK/stdout.json" "$WORK/all2.json"; then pass; else fail "JSON to standard output is the file's bytes"; fi
for fmt in xlsx sqlite dta; do
  run export --format "$fmt" --term 19 -o -
  expect_status "$fmt to standard output that is not a terminal" 0
  cp "$WORK/out" "$WORK/stdout.$fmt"
done
expect_eq "XLSX to a pipe is the workbook" "$(python3 -c '
import sys, zipfile; print("xl/worksheets/sheet6.xml" in zipfile.ZipFile(sys.argv[1]).namelist())' "$WORK/stdout.xlsx")" "True"
expect_eq "SQLite to a pipe is the database" "$(sqlite3 "$WORK/stdout.sqlite" 'select count(*) from sessions')" "$T19"
expect_eq "DTA to a pipe is a Stata file" "$(head -c 11 "$WORK/stdout.dta")" "<stata_dta>"
if [ -z "$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name "psst-export-*" -newer "$WORK/stdout.csv" 2>/dev/null)" ]; then pass; else
  fail "the temporary file of a binary export to standard output is removed"; fi
# on a terminal the bytes of a binary format would garble the screen: refused (script(1)
# gives the command a terminal)
if command -v script >/dev/null 2>&1; then
  status=0
  script -qec "\"$PSST\" --data \"$SRC/data\" export --format xlsx -o -" /dev/null >"$WORK/out" 2>&1 </dev/null || status=$?
  expect_status "XLSX to a terminal is refused" 2
  expect_out_any "saying why" "a xlsx file is binary: redirect standard output"
else
  fail "script (bsdutils) is installed"
fi
run export -o -
expect_status "-o - needs --format" 2
run export --format xlsx --bom -o "$WORK/bom.xlsx"
expect_status "--bom is for CSV only" 2

# ---- SQLite ----
run export --format sqlite -o "$WORK/all.sqlite"
expect_status "export --format sqlite" 0
expect_eq "SQLite: every session" "$(sqlite3 "$WORK/all.sqlite" 'select count(*) from sessions')" "$N"
expect_eq "SQLite: no full-text table (it needs psst's tokenizer)" \
  "$(sqlite3 "$WORK/all.sqlite" "select count(*) from sqlite_master where name like 'sessions_fts%'")" "0"
expect_eq "SQLite: the exporter's folder is not in the copy" \
  "$(sqlite3 "$WORK/all.sqlite" "select count(*) from meta where key = 'data_dir'")" "0"
expect_eq "SQLite: no precomputed counts (they would not match a filtered copy)" \
  "$(sqlite3 "$WORK/all.sqlite" "select count(*) from sqlite_master where name = 'counts'")" "0"
run export --format sqlite --term 19 -o "$WORK/t19.sqlite"
expect_eq "SQLite --term 19: its sessions" "$(sqlite3 "$WORK/t19.sqlite" 'select count(*) from sessions')" \
  "$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["term"] == 19))' "$J")"
orphans=$(sqlite3 "$WORK/t19.sqlite" "select (select count(*) from lectures where session_id not in (select id from sessions))
  + (select count(*) from sources where session_id not in (select id from sessions))
  + (select count(*) from session_topics where session_id not in (select id from sessions))
  + (select count(*) from persons where id not in (select person_id from lectures))")
expect_eq "SQLite --term 19: no rows of other sessions left in the child tables" "$orphans" "0"
expect_eq "SQLite --term 19: the codebook is whole" \
  "$(sqlite3 "$WORK/t19.sqlite" 'select count(*) from topics')" "$(sqlite3 "$WORK/all.sqlite" 'select count(*) from topics')"

# ---- failures leave nothing behind and existing files as they were ----
for ext in csv json xlsx sqlite dta; do
  run export -o "/nonexistent/x.$ext"
  expect_status "an unwritable path ($ext) exits 3" 3
  expect_err "the message names the file ($ext)" "/nonexistent/x.$ext: cannot write"
done
if [ -e /nonexistent ]; then fail "nothing is created for an unwritable path"; else pass; fi

mkdir -p "$WORK/keep"
for ext in csv json xlsx sqlite dta; do
  f="$WORK/keep/old.$ext"
  echo old >"$f"
  # a file size limit makes the write fail half-way (ENOSPC would do the same)
  status=0
  (ulimit -f 16 && trap '' XFSZ && "$PSST" --data "$SRC/data" export -o "$f") >"$WORK/out" 2>"$WORK/err" || status=$?
  expect_status "a write that fails half-way ($ext) exits 3" 3
  expect_err "and names the file ($ext)" "$f: cannot write"
  expect_eq "the old $ext file is left as it was" "$(cat "$f")" "old"
done
run export --topic nope -o "$WORK/keep/old.csv"
expect_status "a bad filter is a usage error" 2
expect_eq "and leaves the old file" "$(cat "$WORK/keep/old.csv")" "old"
expect_eq "no temporary or partial file is left" "$(ls "$WORK/keep" | tr '\n' ' ')" "old.csv old.dta old.json old.sqlite old.xlsx "
run export -o "$WORK/keep/old.csv"
expect_status "a successful export replaces the old file" 0
expect_eq "with the new content" "$(head -c 3 "$WORK/keep/old.csv")" "id,"

run export --format csv
expect_status "-o is required" 2
run export --format table -o "$WORK/x.csv"
expect_status "--format table is not an export format" 2
run export --format lecture -o "$WORK/lect.csv"
expect_status "--format also takes a session format" 0

finish
