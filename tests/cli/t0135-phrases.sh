# psst phrases and the check of phrases.jsonl: the shipped file passes and each kind of
# error is named by file, line, field and kind; the first document title holding each
# phrase and its lag, one phrase's sessions and documents, and the same search over the
# full texts of an archive, on the fixtures of tests/data/phrases (real documents and real
# sentences of CCTV's 新闻联播, as data/ has them).
. "$(dirname "$0")/lib.sh"
FIX="$SRC/tests/data/phrases"

run check --format csv
expect_status "the shipped data, phrases included, has no errors" 0
n=$(grep -c . "$SRC/data/phrases.jsonl")
if [ "$n" -ge 10 ]; then pass; else fail "at least ten phrases ($n)"; fi
# each quote is a sentence at most, holds its phrase, and is found in its first source's
# quote, an official text
bad=$(python3 -c 'import json, sys
cb = json.load(open(sys.argv[2], encoding="utf-8"))
official = {k["code"] for k in cb["source_kinds"] if k.get("official")}
for l in open(sys.argv[1], encoding="utf-8"):
    p = json.loads(l)
    s = p["sources"][0]
    if (s["kind"] not in official or p["quote"] not in s["quote"] or len(p["quote"]) > 120
            or p["phrase_zh"] not in p["quote"] and not any(v in p["quote"] for v in p["variants"])):
        print(p["id"])' "$SRC/data/phrases.jsonl" "$SRC/data/codebook.json")
expect_eq "each quote is short, holds its phrase and is its official source's words" "$bad" ""

# ---- check: a good line, then one line per error ----
good=$(grep '"lead-goose"' "$FIX/phrases.jsonl")
case_line() { # PYTHON EDIT of d, the good line
  python3 -c 'import json, sys
d = json.loads(sys.argv[1]); exec(sys.argv[2]); print(json.dumps(d, ensure_ascii=False))' "$good" "$1"
}
check_case() { # NAME FIELD KIND EDIT
  d=$(datadir "ph-$1" "$SRC/data/sessions.jsonl")
  { echo "$good"; case_line "$4"; } >"$d/phrases.jsonl"
  run_in "$d" check --format csv
  expect_status "$1: check exits 1" 1
  if tr -d '\r' <"$WORK/out" | grep -qF "phrases.jsonl,2,$2,error,$3,"; then pass; else
    fail "$1: reported at line 2, field '$2', kind '$3'" "$(cat "$WORK/out")"
  fi
}
check_case "bad id" id bad-id 'd["id"] = "Lead Goose"'
check_case "repeated id" id duplicate-phrase \
  'd["phrase_zh"] = "人工智能"; d["quote"] = d["sources"][0]["quote"]'
check_case "repeated phrase" phrase_zh duplicate-phrase 'd["id"] = "lead-goose-again"'
check_case "unknown session" session unknown-session 'd["id"] = "x-1"; d["phrase_zh"] = "x1"; d["session"] = "19-99"'
check_case "not a session id" session bad-session 'd["id"] = "x-2"; d["phrase_zh"] = "x2"; d["session"] = "19/9"'
check_case "quote without the phrase" quote quote-without-phrase 'd["id"] = "x-3"; d["phrase_zh"] = "新质生产力"'
check_case "long quote" quote long-quote \
  'd["id"] = "x-4"; d["phrase_zh"] = "x4"; d["quote"] = "x4" + "长" * 119 + "。"; d["sources"][0]["quote"] = d["quote"]'
check_case "two sentences" quote long-quote \
  'd["id"] = "x-5"; d["phrase_zh"] = "x5"; d["quote"] = "x5。再一句。"; d["sources"][0]["quote"] = d["quote"]'
check_case "quote in no source" quote quote-not-in-source \
  'd["id"] = "x-6"; d["phrase_zh"] = "战略性技术"; d["quote"] = "人工智能是引领这一轮科技革命和产业变革的战略性技术。"'
check_case "a secondary source first" "sources[0]" first-source-not-official \
  'd["id"] = "x-7"; d["phrase_zh"] = "x7"; d["variants"] = ["头雁"]; d["sources"][0]["kind"] = "secondary"'
check_case "a source without an address" "sources[0].url" bad-source \
  'd["id"] = "x-8"; d["phrase_zh"] = "x8"; d["variants"] = ["头雁"]; d["sources"][0]["url"] = "tv.cctv.com/x"'
check_case "a source supporting a session field" "sources[0].supports[0]" bad-supports \
  'd["id"] = "x-9"; d["phrase_zh"] = "x9"; d["variants"] = ["头雁"]; d["sources"][0]["supports"] = ["lecturers"]'
check_case "no sources" sources no-sources 'd["id"] = "x-10"; d["phrase_zh"] = "x10"; d["variants"] = ["头雁"]; d["sources"] = []'
check_case "the phrase as its own variant" "variants[0]" bad-variant 'd["id"] = "x-11"; d["phrase_zh"] = "x11"; d["variants"] = ["x11", "头雁"]'
check_case "quotation marks in the phrase" phrase_zh bad-phrase 'd["id"] = "x-12"; d["phrase_zh"] = "“头雁”"'
check_case "unknown key" phrase unknown-key 'd["id"] = "x-13"; d["phrase_zh"] = "x13"; d["variants"] = ["头雁"]; d["phrase"] = "头雁"'
check_case "missing key" quote missing-key 'd["id"] = "x-14"; d["phrase_zh"] = "x14"; del d["quote"]'
d=$(datadir ph-json "$SRC/data/sessions.jsonl")
printf '%s\n{"id": \n' "$good" >"$d/phrases.jsonl"
run_in "$d" check
expect_status "a line that is not JSON: exit 1" 1
expect_out_any "named by file and line" "phrases.jsonl:2:"
# the build refuses phrases with errors as it refuses sessions with errors
run_in "$d" list --year 2018
if [ "$status" -ne 0 ] && grep -qF "phrases.jsonl" "$WORK/err"; then pass; else
  fail "a build with a bad phrases.jsonl fails and names it" "exit $status"
fi

# ---- psst phrases on the fixtures: the shipped sessions, four documents, four phrases ----
D=$(datadir phrases "$SRC/data/sessions.jsonl")
cp "$FIX/phrases.jsonl" "$FIX/documents.jsonl" "$D/"
run_in "$D" phrases --format csv
expect_status "phrases: exit 0" 0
got=$(tr -d '\r' <"$WORK/out" | cut -d, -f1,4,5,6,8,9,10)
want='id,session,session_date,first_document,first_date,lag_days,documents
lead-goose,19-9,2018-10-31,,,,0
blockchain-plus,19-18,2019-10-24,,,,0
digital-economy,19-34,2021-10-18,digital-economy-statistical-classification-2021,2021-06-04,-136,2
new-quality-productive-forces,20-11,2024-01-31,heilongjiang-new-quality-productive-forces-action-plan-2024,2024-01-29,-2,2'
expect_eq "each phrase: its session, first document, lag (days) and count, in session order" "$got" "$want"
run_in "$D" phrases --format json
got=$(python3 -c 'import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
r = rows[3]
print(len(rows), sorted(r), type(r["lag_days"]).__name__, type(r["documents"]).__name__,
      rows[0]["lag_days"], rows[0]["first_document"], r["phrase"])' "$WORK/out")
expect_eq "JSON: typed (lags and counts are numbers, none null)" "$got" \
  "4 ['documents', 'first_date', 'first_document', 'first_title', 'id', 'lag_days', 'phrase', 'phrase_en', 'session', 'session_date'] int int None None 新质生产力"

# one phrase: the session it was said at and every document holding it, earliest first
run_in "$D" phrases 新质生产力 --format csv
got=$(tr -d '\r' <"$WORK/out" | cut -d, -f1-4,6)
want='kind,id,date,lag_days,found_in
document,heilongjiang-new-quality-productive-forces-action-plan-2024,2024-01-29,-2,title
said,20-11,2024-01-31,0,phrases.jsonl
document,chinext-reform-new-quality-productive-forces-opinions-2026,2026-04-10,800,title'
expect_eq "新质生产力: a title two days before the session, one 800 days after" "$got" "$want"
expect_err "the note gives the quotation" "said at session 20-11 on 2024-01-31: “概括地说，新质生产力是创新起主导作用"
run_in "$D" phrases digital-economy --format csv
got=$(tr -d '\r' <"$WORK/out" | tail -n +2 | cut -d, -f1-4 | tr '\n' ' ')
expect_eq "by id: digital-economy" "$got" \
  "document,digital-economy-statistical-classification-2021,2021-06-04,-136 said,19-34,2021-10-18,0 document,digital-economy-14th-five-year-plan-2022,2022-01-12,86 "
run_in "$D" phrases 区块链＋ --format csv
expect_out "a variant names its phrase" "said,19-18,2019-10-24,0,"
# a text that is not a recorded phrase: the sessions whose records hold it, without lags
run_in "$D" phrases 人工智能 --format csv
got=$(tr -d '\r' <"$WORK/out" | tail -n +2 | cut -d, -f1-4,6 | tr '\n' ' ')
expect_eq "人工智能: the two AI sessions by title, no lag" "$got" \
  "session,19-9,2018-10-31,,title session,20-20,2025-04-25,,title "
run_in "$D" phrases 没有这个提法
expect_status "nothing matches: exit 1" 1
expect_err "and says so" "psst phrases: no record matches"
COLUMNS=250
export COLUMNS
run_in "$D" phrases 新质生产力 --lang zh
unset COLUMNS
expect_out "--lang zh: Chinese headers and titles" "间隔天数"
expect_out "--lang zh: the title as issued" "黑龙江省加快形成新质生产力行动方案"
run_in "$D" phrases a b
expect_status "two phrases: a usage error" 2

# ---- --archive: the same search over the archive's full texts ----
A="$FIX/archive"
run_in "$D" phrases --archive-dir "$A" --format csv
got=$(tr -d '\r' <"$WORK/out" | cut -d, -f1,3,5,6,9)
want='id,session,first_date,lag_days,texts
lead-goose,19-9,2018-01-13,-291,3
new-quality-productive-forces,20-11,2024-01-31,0,1'
expect_eq "archive: the first dated text of each phrase found, and how many texts" "$got" "$want"
run_in "$D" phrases 头雁 --archive-dir "$A" --format csv
got=$(tr -d '\r' <"$WORK/out" | tail -n +2 | cut -d, -f1-4 | tr '\n' ' ')
expect_eq "archive: 头雁's texts by date (published, else the session's), undated last" "$got" \
  "2018-01-13,published,,-291 2018-10-31,session,19-9,0 ,,, "
expect_out "with the words around it" "以上率下，形成“头雁效应”。"
run_in "$D" phrases 头雁 --archive-dir "$A" --format json
got=$(python3 -c 'import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
print(len(rows), rows[0]["lag_days"], rows[2]["date"], rows[2]["sha256"][:12])' "$WORK/out")
expect_eq "archive JSON: lags as numbers, an undated text's date null" "$got" "3 -291 None f2d4b9c88a3c"
run_in "$D" phrases 量子 --archive-dir "$A"
expect_status "archive: nothing matches, exit 1" 1
# --archive alone reads the archive beside the data folder
cp -R "$A" "$WORK/archive"
run_in "$D" phrases --archive --format csv
expect_out "--archive: archive/ beside the data folder" "lead-goose,头雁,19-9,2018-10-31,2018-01-13,-291,"
finish
