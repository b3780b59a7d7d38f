# psst export and psst cite: CSV (RFC 4180, with the long lecturers file), JSON, XLSX
# and SQLite exports of the shipped data, filtered and not, written atomically; the
# three citation styles.
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
print('ok' if got == want and len(got) == len(want) and text.startswith('[\n{') and text.endswith('}\n]\n')
      else 'differs')
EOF
)
expect_eq "JSON: the records of sessions.jsonl, one a line" "$got" "ok"
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
sheet = z.read('xl/worksheets/sheet1.xml').decode()
rows = len(re.findall(r'<row ', sheet))
frozen = 'state="frozen"' in sheet
number = re.search(r'<c r="B2"( s="\d+")?><v>16</v>', sheet) is not None
print(' '.join(names), rows, frozen, number)
EOF
)
expect_eq "XLSX: five sheets; sessions has a frozen header and a row a session; terms are numbers" \
  "$got" "sessions lecturers topics tags institutions $((N + 1)) True True"

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
for ext in csv json xlsx sqlite; do
  run export -o "/nonexistent/x.$ext"
  expect_status "an unwritable path ($ext) exits 3" 3
  expect_err "the message names the file ($ext)" "/nonexistent/x.$ext: cannot write"
done
if [ -e /nonexistent ]; then fail "nothing is created for an unwritable path"; else pass; fi

mkdir -p "$WORK/keep"
for ext in csv json xlsx sqlite; do
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
expect_eq "no temporary or partial file is left" "$(ls "$WORK/keep" | tr '\n' ' ')" "old.csv old.json old.sqlite old.xlsx "
run export -o "$WORK/keep/old.csv"
expect_status "a successful export replaces the old file" 0
expect_eq "with the new content" "$(head -c 3 "$WORK/keep/old.csv")" "id,"

run export --format csv
expect_status "-o is required" 2
run export --format table -o "$WORK/x.csv"
expect_status "--format table is not an export format" 2
run export --format lecture -o "$WORK/lect.csv"
expect_status "--format also takes a session format" 0

# ---- cite ----
run cite 19-18
expect_out "text: the Chinese title quoted, the English in brackets, the id and the date" \
  '"区块链技术发展现状和趋势" [The current state and trends of blockchain technology development], CCP Politburo collective study session 19-18, 24 October 2019. CCTV (Broadcast text), 2019-10-25 <https://tv.cctv.com/'
expect_out "text: the dataset line" "psst dataset, version 0.1.0, data as of "
expect_lines "text: two lines" 2
run cite 19-18 --style bibtex
expect_out "bibtex: the session's key" "@misc{psst-19-18,"
expect_out "bibtex: the dataset entry" "@misc{psst-dataset,"
expect_out "bibtex: the date" "date = {2019-10-24}"
expect_out "bibtex: the month as a macro" "month = oct,"
got=$(python3 -c "
import sys
t = open(sys.argv[1]).read()
d = 0
for c in t:
    d += (c == '{') - (c == '}')
    if d < 0: break
print(d)" "$WORK/out")
expect_eq "bibtex: braces balanced" "$got" "0"
run cite 19-18 --style csl-json
expect_status "csl-json" 0
if python3 -m json.tool "$WORK/out" >/dev/null; then pass; else fail "csl-json is valid JSON"; fi
got=$(python3 -c "
import json, sys
a = json.load(open(sys.argv[1]))
print(a[0]['id'], a[0]['type'], a[0]['issued']['date-parts'], a[1]['type'], a[1]['version'])" "$WORK/out")
expect_eq "csl-json: the session and the dataset" "$got" "psst-19-18 webpage [[2019, 10, 24]] dataset 0.1.0"
run cite 16-2 --style csl-json
expect_no_out "an unknown date gives no date" "issued"
run cite 16-2 --style bibtex
expect_no_out "an unknown date gives no year" "year ="
run cite 16-2
expect_out "text without a date" "collective study session 16-2. China News Service (Round-up), 2003-07-28 <http"
run cite 19-99
expect_status "a missing session exits 1" 1
expect_err "and says so" "19-99"
run cite 19-18 --style apa
expect_status "an unknown style exits 2" 2
run cite nope
expect_status "a bad id exits 2" 2
finish
