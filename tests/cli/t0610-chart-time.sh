# psst chart cadence and session-timeline: the figures drawn are the record's, recomputed
# here from the data file (the SVG's <desc> holds every text the chart draws, one a line).
. "$(dirname "$0")/lib.sh"
export LSAN_OPTIONS="suppressions=$SRC/tests/lsan.supp:print_suppressions=0"

desc() { # SVG: its <desc>, one label a line
  python3 -c 'import sys, xml.dom.minidom as m
d = m.parse(sys.argv[1]).getElementsByTagName("desc")[0]
print("".join(n.data for n in d.childNodes))' "$1"
}

# the gaps between consecutive sessions of each term, both dated, and their medians (as
# R's and numpy's default quantile), from sessions.jsonl itself
gaps() { # FROM TO: "term median unknown" per term, for the sessions dated within [FROM, TO]
  python3 - "$SRC/data/sessions.jsonl" "$1" "$2" <<'PY'
import datetime, json, statistics, sys
lo, hi = sys.argv[2], sys.argv[3]
rs = sorted((json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()),
            key=lambda r: (r["term"], r["number"]))
# the listing a range gives: the dated sessions in it and the undated ones whose window
# psst places there are not known here, so the test uses ranges no undated session is in
rs = [r for r in rs if not r.get("date") or lo <= r["date"] <= hi] if lo else rs
out = {}
for a, b in zip(rs, rs[1:]):
    if a["term"] != b["term"] or b["number"] != a["number"] + 1:
        continue
    g = out.setdefault(a["term"], [[], 0])
    if a.get("date") and b.get("date"):
        d = datetime.date.fromisoformat
        g[0].append((d(b["date"]) - d(a["date"])).days)
    else:
        g[1] += 1
for t, (v, unknown) in sorted(out.items()):
    print(t, "%.0f" % statistics.median(v) if v else "-", unknown)
PY
}

run chart cadence -o "$WORK/cadence.svg"
expect_status "cadence.svg is written" 0
desc "$WORK/cadence.svg" >"$WORK/cadence.txt"
want=$(gaps "" "" | awk '$2 != "-" { print "median " $2 " days" }')
got=$(grep '^median ' "$WORK/cadence.txt")
expect_eq "a median per term, as the data file's gaps give" "$got" "$want"
unknown=$(gaps "" "" | awk '{ s += $3 } END { print s }')
if grep -qxF "$unknown gaps next to an undated session not drawn" "$WORK/cadence.txt"; then pass; else
  fail "the footer counts the $unknown gaps next to an undated session"
fi
if grep -qF "<title>Days between sessions, by term, 2002 to " "$WORK/cadence.svg"; then pass; else
  fail "the period is in the cadence's title"
fi

# a range: the terms 18 and 19 (dated from 2013 to 2021, none of them undated) only
run chart cadence --from 2013 --to 2021 -o "$WORK/cadence-range.svg"
expect_status "cadence --from 2013 --to 2021" 0
desc "$WORK/cadence-range.svg" >"$WORK/range.txt"
want=$(gaps 2013-01-01 2021-12-31 | awk '$2 != "-" { print "median " $2 " days" }')
expect_eq "the range's medians" "$(grep '^median ' "$WORK/range.txt")" "$want"
if grep -qF "<title>Days between sessions, by term, 2013 to 2021</title>" "$WORK/cadence-range.svg"; then
  pass
else
  fail "the range is in the title"
fi
if [ "$(grep '^median ' "$WORK/range.txt")" != "$(grep '^median ' "$WORK/cadence.txt")" ]; then pass; else
  fail "a range changes the medians drawn"
fi

run chart cadence --lang zh -o "$WORK/cadence.zh.svg"
if grep -qF "<title>集体学习的间隔：各届相邻两次学习相隔天数，2002—" "$WORK/cadence.zh.svg" &&
  desc "$WORK/cadence.zh.svg" | grep -qF "第十六届"; then pass; else
  fail "the cadence in Chinese names the terms 第十六届 ..."
fi

# ---- session-timeline ----
run chart session-timeline -o "$WORK/timeline.svg"
expect_status "session-timeline.svg is written" 0
desc "$WORK/timeline.svg" >"$WORK/timeline.txt"
undated=$(python3 -c 'import json, sys
print(sum(1 for l in open(sys.argv[1], encoding="utf-8") if l.strip() and not json.loads(l).get("date")))' \
  "$SRC/data/sessions.jsonl")
if grep -qxF "$undated sessions of unknown date drawn as their windows" "$WORK/timeline.txt"; then pass; else
  fail "the footer counts the $undated undated sessions, drawn as windows"
fi
for label in "16th Politburo · Hu Jintao" "Economy and finance" "No primary topic coded" Year; do
  if grep -qxF "$label" "$WORK/timeline.txt"; then pass; else fail "the timeline has the label '$label'"; fi
done
# a row per primary topic met: with a range of one term, the rows are that term's topics
run chart session-timeline --from 2023 --to 2025 -o "$WORK/timeline-range.svg"
expect_status "session-timeline --from 2023 --to 2025" 0
if grep -qF "<title>Every collective study session by primary topic, 2023 to 2025</title>" \
  "$WORK/timeline-range.svg"; then pass; else fail "the range is in the timeline's title"; fi
want=$(python3 -c 'import json, sys
cb = json.load(open(sys.argv[2], encoding="utf-8"))
rs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
met = {r.get("topic") for r in rs if "2023-01-01" <= (r.get("date") or "") <= "2025-12-31"}
print("\n".join(t["en"] for t in cb["topics"] if t["code"] in met))' \
  "$SRC/data/sessions.jsonl" "$SRC/data/codebook.json")
python3 -c 'import json, sys
print("\n".join(t["en"] for t in json.load(open(sys.argv[1], encoding="utf-8"))["topics"]))' \
  "$SRC/data/codebook.json" >"$WORK/topics.txt"
got=$(desc "$WORK/timeline-range.svg" | grep -xF -f "$WORK/topics.txt")
expect_eq "the rows are the topics of the range's sessions, in codebook order" "$got" "$want"
finish
