# t0160-width.sh: every table command fits 80 display columns when not writing to a
# terminal and $COLUMNS is unset, and $COLUMNS when set; ids, dates and numbers are never
# cut (each value of the CSV's id and date columns is found whole in the table).
. "$(dirname "$0")/lib.sh"

# widest WIDTH FILE: fails when a line of FILE is wider than WIDTH display columns
# (East Asian wide and full-width characters count 2), printing the widest otherwise
widest() {
  python3 - "$1" "$2" <<'PY'
import sys, unicodedata
limit, worst = int(sys.argv[1]), 0
for line in open(sys.argv[2], encoding='utf-8').read().split('\n'):
    w = sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in 'WF' else 1
            for c in line)
    worst = max(worst, w)
print(worst)
sys.exit(worst > limit)
PY
}

# whole TABLE CSV COL...: every value of the CSV's columns COL (names) is in the table whole
whole() {
  python3 - "$@" <<'PY'
import csv, sys
table = open(sys.argv[1], encoding='utf-8').read()
rows = list(csv.DictReader(open(sys.argv[2], encoding='utf-8', newline='')))
bad = [(c, r[c]) for r in rows for c in sys.argv[3:] if r[c] and r[c] not in table]
for c, v in bad[:5]:
    print('cut:', c, v)
sys.exit(1 if bad or not rows else 0)
PY
}

unset COLUMNS
for cmd in "list" "list --lang zh" "search quantum" "search 量子 --lang zh" "stats --by year" \
  "stats --by year,topic" "stats --by leader,tech" "stats --by year,topic --lang zh" "lecturers" \
  "institutions" "timeline" "timeline --lang zh" "compare" "compare --by term" "overview" \
  "overview --lang zh" "archive" "check --format table"; do
  for cols in 80 120; do
    status=0
    if [ "$cols" = 80 ]; then
      # shellcheck disable=SC2086
      "$PSST" --data "$SRC/data" $cmd >"$WORK/out" 2>"$WORK/err" </dev/null || status=$?
    else
      # shellcheck disable=SC2086
      COLUMNS=$cols "$PSST" --data "$SRC/data" $cmd >"$WORK/out" 2>"$WORK/err" </dev/null || status=$?
    fi
    if w=$(widest "$cols" "$WORK/out"); then pass; else fail "$cmd fits $cols columns" "widest line: $w"; fi
  done
done

# the tables show less at 80 columns than at 120, and all of it when wide enough
run list
expect_out "at 80 columns a long title is cut with an ellipsis" "…"
COLUMNS=400 "$PSST" --data "$SRC/data" list >"$WORK/out" 2>&1
expect_out "at 400 columns nothing is cut" "A historical review of the development of the world's major countries since the 15th century"
expect_no_out "and no ellipsis" "…"
COLUMNS=notanumber "$PSST" --data "$SRC/data" list >"$WORK/out" 2>&1
if w=$(widest 80 "$WORK/out"); then pass; else fail "a COLUMNS that is not a number: 80" "$w"; fi

# ids, dates and numbers whole at 80 columns
for spec in "list:id,date,leader" "timeline:first_date,first_session,sessions" \
  "lecturers:sessions" "institutions:code,sessions" "search quantum:id,date" \
  "stats --by year:year,sessions,share"; do
  cmd=${spec%%:*}
  # shellcheck disable=SC2086
  "$PSST" --data "$SRC/data" $cmd >"$WORK/table" 2>/dev/null
  # shellcheck disable=SC2086
  "$PSST" --data "$SRC/data" $cmd --format csv >"$WORK/csv" 2>/dev/null
  # shellcheck disable=SC2046
  if whole "$WORK/table" "$WORK/csv" $(echo "${spec#*:}" | tr , ' ') >"$WORK/out"; then pass; else
    fail "$cmd keeps ${spec#*:} whole" "$(head -3 "$WORK/out")"
  fi
done
# a list of ids is cut between ids: every id shown in timeline's session_ids is a real one
run timeline
python3 - "$WORK/out" "$SRC/data/sessions.jsonl" <<'PY' >"$WORK/err" && pass || fail "session_ids cut between ids" "$(cat "$WORK/err")"
import json, re, sys
ids = {'%d-%d' % (r['term'], r['number']) for r in map(json.loads, open(sys.argv[2], encoding='utf-8'))}
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')[2:]
shown = [i for l in lines if l.strip() for i in re.findall(r'\b\d+-\d+\b', l.split('  ')[-1])]
bad = [i for i in shown if i not in ids]
print(bad)
sys.exit(1 if bad or not shown else 0)
PY

finish
