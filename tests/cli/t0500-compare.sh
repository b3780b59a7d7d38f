# psst compare (eras side by side) and psst stats --chart (bars in the terminal), on the
# shipped data. Derived figures are recomputed here from the columns they come from.
. "$(dirname "$0")/lib.sh"
unset COLUMNS

# ---- compare --by leader ----
run compare --by leader --format csv
expect_status "compare --by leader --format csv" 0
tr -d '\r' <"$WORK/out" >"$WORK/leader.csv"
# the columns up to tech_list (the 13th) hold no quoted commas: cut can read them
field() { grep "^$1," "$WORK/$2.csv" | cut -d, -f"$3"; } # GROUP FILE COLUMN
expect_eq "the header" "$(head -n 1 "$WORK/leader.csv" | cut -d, -f1-13)" \
  "leader,terms,sessions,dated,titled,coded,high,from,to,years_in_office,sessions_per_year,technologies,tech_list"
# each era's completeness, counted again from the data file: dated, a Chinese title, a
# primary topic, confidence high
completeness() { # MIN_TERM MAX_TERM
  python3 -c 'import json, sys
lo, hi = int(sys.argv[2]), int(sys.argv[3])
rs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
rs = [r for r in rs if lo <= r["term"] <= hi]
print(len(rs), sum(1 for r in rs if r.get("date")), sum(1 for r in rs if r.get("title_zh")),
      sum(1 for r in rs if r.get("topic")), sum(1 for r in rs if r.get("confidence") == "high"))' \
    "$SRC/data/sessions.jsonl" "$1" "$2"
}
expect_eq "Hu Jintao's completeness: sessions, dated, titled, coded, high" \
  "$(field 'Hu Jintao' leader 3-7 | tr , ' ')" "$(completeness 16 17)"
expect_eq "Xi Jinping's completeness" "$(field 'Xi Jinping' leader 3-7 | tr , ' ')" \
  "$(completeness 18 99)"
expect_eq "two leaders" "$(tail -n +2 "$WORK/leader.csv" | cut -d, -f1 | tr '\n' ' ')" \
  "Hu Jintao Xi Jinping "
expect_eq "Hu Jintao: 77 sessions" "$(field 'Hu Jintao' leader 3)" 77
nxi=$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["term"] >= 18))' "$SRC/data/sessions.jsonl")
expect_eq "Xi Jinping: every session of the 18th term on" "$(field 'Xi Jinping' leader 3)" "$nxi"
expect_eq "Hu Jintao: terms 16-17" "$(field 'Hu Jintao' leader 2)" 16-17
expect_eq "Xi Jinping: from 2012-11-15" "$(field 'Xi Jinping' leader 8)" 2012-11-15
hu=$(field 'Hu Jintao' leader 12)
xi=$(field 'Xi Jinping' leader 12)
if [ "$xi" -gt "$hu" ]; then pass; else fail "Xi studied more technologies ($xi) than Hu ($hu)"; fi
expect_err "the note says what the shares leave out" "without one"

# sessions_per_year = sessions / years_in_office, where years_in_office is rounded to a
# tenth: the rate must lie between sessions / (years + 0.05) and sessions / (years - 0.05)
bad=$(tail -n +2 "$WORK/leader.csv" | awk -F, '{ lo = $3 / ($10 + 0.05) - 0.005;
  hi = $3 / ($10 - 0.05) + 0.005; if ($11 < lo || $11 > hi) print $1 ": " $11 " not " $3 "/" $10 }')
expect_eq "sessions_per_year is sessions / years_in_office" "$bad" ""

# the exact figures from the dates, and topic shares adding up to 100
check_csv() { # FILE: prints what is wrong, nothing when all is right
  python3 -c '
import csv, datetime, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
day = lambda s: datetime.date.fromisoformat(s)
for r in rows:
    years = (day(r["to"]) - day(r["from"])).days / 365.25
    if r["years_in_office"] != "%.1f" % years:
        print(r["terms"], "years", r["years_in_office"], "want %.1f" % years)
    if r["sessions_per_year"] != "%.2f" % (int(r["sessions"]) / years):
        print(r["terms"], "rate", r["sessions_per_year"])
    shares = [float(v) for k, v in r.items() if k.startswith("share_")]
    if abs(sum(shares) - 100) > 0.5:
        print(r["terms"], "shares add up to", sum(shares))
    tags = [t for t in r["tech_list"].split(",") if t]
    if len(tags) != int(r["technologies"]) or "general-sti" in tags:
        print(r["terms"], "tech_list", r["tech_list"], "technologies", r["technologies"])
    if int(r["dated"]) > int(r["sessions"]) or int(r["topic_unknown"]) > int(r["sessions"]):
        print(r["terms"], "counts", r["sessions"], r["dated"], r["topic_unknown"])
    if int(r["coded"]) + int(r["topic_unknown"]) != int(r["sessions"]):
        print(r["terms"], "coded", r["coded"], "+ topic_unknown", r["topic_unknown"])
' "$1"
}
expect_eq "by leader: years, rates, shares and technologies add up" "$(check_csv "$WORK/leader.csv")" ""
unknown=$(tail -n +2 "$WORK/leader.csv" | awk -F, '{ s += $NF } END { print s }')
run stats --by topic --format csv
expect_err "the sessions without a topic are those stats leaves out" \
  "$unknown sessions left out: $unknown without a primary topic"

# ---- compare --by term ----
run compare --by term --format csv
expect_status "compare --by term --format csv" 0
tr -d '\r' <"$WORK/out" >"$WORK/term.csv"
expect_eq "five terms, 16 to 20" "$(tail -n +2 "$WORK/term.csv" | cut -d, -f1 | tr '\n' ' ')" \
  "16 17 18 19 20 "
expect_eq "sessions of terms 16, 17, 18" \
  "$(field 16 term 3) $(field 17 term 3) $(field 18 term 3)" "44 33 43"
expect_eq "term 20 runs to the data's date" "$(field 20 term 9)" \
  "$(python3 -c 'import json, sys
print(max(json.loads(l).get("date") or "" for l in open(sys.argv[1], encoding="utf-8")))' \
    "$SRC/data/sessions.jsonl")"
expect_eq "by term: years, rates, shares and technologies add up" "$(check_csv "$WORK/term.csv")" ""
expect_eq "the terms' sessions add up to the leaders'" \
  "$(tail -n +2 "$WORK/term.csv" | awk -F, '{ s += $3 } END { print s }')" "$(grep -c . "$SRC/data/sessions.jsonl")"

run compare --by term --format json
if python3 -c 'import json, sys
rows = json.load(open(sys.argv[1]))
assert len(rows) == 5 and rows[0]["term"] == 16 and rows[0]["sessions"] == 44' "$WORK/out"; then
  pass
else
  fail "compare --format json: five objects with numbers typed"
fi

run compare --by nonsense
expect_status "compare --by nonsense is a usage error" 2
expect_err "and says what --by takes" "leader or term"
run compare --limit 3
expect_status "compare takes no --limit" 2

# ---- the table for people ----
run compare
expect_out "compare defaults to --by leader" "Xi Jinping"
expect_out "the rate is a row" "sessions per year"
expect_out "a technology is a row" "Artificial intelligence"
expect_out "the note follows" "note: topic shares are of the sessions with a known primary topic"
run compare --lang zh
expect_out "compare --lang zh names 习近平" "习近平"
expect_out "and labels the rows in Chinese" "年均场次"
run compare --lang zh --format csv
expect_out "the CSV's group names follow --lang" "习近平,18-20,$nxi"

# ---- stats --chart ----
# display width of the widest line, colour codes left out, wide and full-width characters 2
max_width() {
  python3 -c '
import re, sys, unicodedata
w = 0
for line in open(sys.argv[1], encoding="utf-8"):
    line = re.sub(r"\x1b\[[0-9;]*m", "", line.rstrip("\r\n"))
    w = max(w, sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line))
print(w)' "$1"
}

run stats --by year --format csv
years=$(tail -n +2 "$WORK/out" | tr -d '\r' | cut -d, -f1,2 | sed 's/^,/uncertain,/' | tr ',' ' ')
nyears=$(printf '%s\n' "$years" | wc -l)
run stats --by year --chart
expect_lines "stats --by year --chart: a line a year and one of uncertain dates, then the note" $((nyears + 2))
expect_eq "each line is the year, its bar and its count" \
  "$(head -n "$nyears" "$WORK/out" | awk '{ print $1, $NF }')" "$years"
expect_out "the note comes last" "note: the row 'uncertain' counts the sessions whose date is not known"
expect_eq "not a terminal: 80 columns, the largest bar filling them" "$(max_width "$WORK/out")" 80
if grep -q "$(printf '\033')" "$WORK/out"; then fail "no colour when not a terminal"; else pass; fi

export COLUMNS=60
run stats --by year,topic --chart
expect_status "stats --by year,topic --chart" 0
expect_eq "COLUMNS=60: the largest bar fills 60 columns and no line is wider" "$(max_width "$WORK/out")" 60
run stats --by year,topic --format csv
tr -d '\r' <"$WORK/out" >"$WORK/grid.csv"
run stats --by year,topic --chart
missing=$(python3 -c '
import csv, json, sys
topics = {t["code"]: t["en"] for t in json.load(open(sys.argv[1], encoding="utf-8"))["topics"]}
out = open(sys.argv[2], encoding="utf-8").read()
header = next(csv.reader(open(sys.argv[3], encoding="utf-8")))
print(" ".join(c for c in header[1:-1] if topics.get(c, c) not in out))' \
  "$SRC/data/codebook.json" "$WORK/out" "$WORK/grid.csv")
expect_eq "the legend names every topic present" "$missing" ""
expect_eq "the first lines are the years, in order" \
  "$(head -n "$nyears" "$WORK/out" | cut -d' ' -f1)" "$(tail -n +2 "$WORK/grid.csv" | cut -d, -f1 | sed 's/^$/uncertain/')"
expect_out "the note follows the legend" "note: "

for cols in 21 40 100; do
  export COLUMNS=$cols
  run stats --by leader,tech --chart --lang zh
  w=$(max_width "$WORK/out")
  if [ "$status" -eq 0 ] && [ "$w" -le "$cols" ]; then pass; else
    fail "COLUMNS=$cols, --lang zh: no line wider than $cols" "widest $w, exit $status"
  fi
  run stats --by topic --chart
  w=$(max_width "$WORK/out")
  if [ "$status" -eq 0 ] && [ "$w" -le "$cols" ]; then pass; else
    fail "COLUMNS=$cols, --by topic: no line wider than $cols" "widest $w, exit $status"
  fi
done
unset COLUMNS

run stats --by topic --chart --lang zh
expect_out "Chinese labels" "马克思主义理论"
starts=$(python3 -c '
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = [l for l in open(sys.argv[1], encoding="utf-8") if "█" in l]
print(" ".join(sorted({str(w(l[:l.index("█")])) for l in lines})))' "$WORK/out")
# the widest label, 马克思主义理论, takes 14 columns; a space follows
expect_eq "the bars of Chinese labels of every length start in one column" "$starts" 15

run list --chart
expect_status "--chart on a command without charts is a usage error" 2
expect_err "and says so" "option '--chart' does not apply here"
run stats --by year --chart --format csv
expect_status "--chart with --format csv is a usage error" 2

# in a real terminal (when script(1) can make one): its width, and colour unless NO_COLOR
if command -v script >/dev/null 2>&1 && script -qc true /dev/null </dev/null >/dev/null 2>&1; then
  term() { # COLS ARGS: runs psst in a terminal COLS wide
    c=$1
    shift
    script -qc "stty cols $c 2>/dev/null; '$PSST' --data '$SRC/data' $*" /dev/null \
      </dev/null >"$WORK/out" 2>&1
  }
  term 60 stats --by year,topic --chart
  expect_eq "a terminal 60 columns wide: the largest bar fills it and no line is wider" "$(max_width "$WORK/out")" 60
  if grep -q "$(printf '\033')\[38;5;" "$WORK/out"; then pass; else fail "colour in a terminal"; fi
  export NO_COLOR=1
  term 60 stats --by year,topic --chart
  if grep -q "$(printf '\033')" "$WORK/out"; then fail "NO_COLOR: no colour"; else pass; fi
  unset NO_COLOR
fi
finish
