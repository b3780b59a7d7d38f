# psst search as analysts type it: the table of queries (tests/data/search/queries.tsv) with
# the sessions each must and must not return, in Chinese, traditional Chinese, pinyin,
# initials and English, and the malformed ones; the snippet marks what the query meant; the
# name filters match whole words; --help documents the syntax.
. "$(dirname "$0")/lib.sh"
D=$(datadir d "$SRC/data/sessions.jsonl")
"$PSST" --data "$D" --db "$D/psst.db" build >/dev/null 2>&1
status=0
python3 "$SRC/tests/data/search/check.py" cli "$PSST" "$D" "$D/psst.db" >"$WORK/out" 2>&1 || status=$?
cat "$WORK/out"
expect_status "every query of the table gives its sessions" 0

snip() { # QUERY ID: the snippet of session ID for QUERY
  "$PSST" --data "$D" --db "$D/psst.db" search --format json -- "$1" 2>/dev/null |
    python3 -c 'import json,sys; print(next((r["snippet"] for r in json.load(sys.stdin) if r["id"] == sys.argv[1]), "none"))' "$2"
}
expect_eq "AI marks its synonym" "$(snip AI 19-9)" "[人工智能]发展现状和趋势"
expect_eq "traditional characters mark the simplified" "$(snip 區塊鏈 19-18)" "[区块链]技术发展现状和趋势"
expect_eq "pinyin marks the ideographs" "$(snip qukuailian 19-18)" "[区块链]技术发展现状和趋势"
expect_eq "spaced pinyin too" "$(snip 'qu kuai lian' 19-18)" "[区块链]技术发展现状和趋势"
expect_eq "initials too" "$(snip qkl 19-18)" "[区块链]技术发展现状和趋势"
expect_eq "a word form marks the other form" "$(snip technologies 20-12)" "… energy [technology] and China's e…"

run_in "$D" search AI --format csv
expect_no_out "AI is not air (20-16)" "20-16,"
expect_no_out "nor against (18-25)" "18-25,"
run_in "$D" search blokchain
expect_status "no match" 1
expect_err "a suggestion" "no session matches; did you mean: blockchain?"
run_in "$D" search '"unclosed'
expect_status "a malformed query is a usage error" 2
expect_err "that says what is wrong" "search: a '\"' is not closed"

run_in "$D" list --institution mit --format csv
expect_no_out "--institution mit is not Committee (17-10)" "17-10,"
expect_no_out "nor 19-17" "19-17,"
run_in "$D" list --lecturer wang --format csv
n=$(csv_col 1 | wc -l)
bad=$(tail -n +2 "$WORK/out" | python3 -c '
import csv, re, sys
rows = list(csv.reader(sys.stdin))
print(sum(1 for r in rows if not re.search(r"\bWang\b", r[-1] if r else "", re.I) and not any(re.search(r"\bWang\b", c) for c in r)))')
expect_eq "every session --lecturer wang lists has a lecturer named Wang" "$bad" 0
[ "$n" -gt 0 ] && pass || fail "--lecturer wang lists sessions"
run_in "$D" list --lecturer 王 --format csv
expect_out "a Chinese name part still matches inside names (王学东 of 19-5)" "19-5,"

# the synonyms are data: a malformed group is an error of the codebook, with its line
B=$(datadir b "$SRC/data/sessions.jsonl")
python3 - "$B/codebook.json" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read().replace('["AI", "artificial intelligence", "人工智能"]', '["AI"]')
open(p, "w", encoding="utf-8").write(s)
PY
run_in "$B" check
expect_status "a synonyms group of one word is refused" 1
line=$(grep -n '"synonyms"' "$B/codebook.json" | cut -d: -f1)
expect_out_any "naming the file, line and group" "codebook.json:$line: synonyms[0]: each group must list two or more words"

# many matches: past a thousand the sessions matching in their titles come first, newest
# first, instead of every match being scored (bench/README.md); the synthetic corpus of the
# benchmark, 6,000 sessions, where 国 is in most of them
G="$WORK/g"
mkdir -p "$G"
cp "$SRC/data/codebook.json" "$SRC/data/institutions.json" "$G/"
if cc -O1 -o "$WORK/gen_corpus" "$SRC/bench/gen_corpus.c" 2>"$WORK/err" && "$WORK/gen_corpus" 6000 "$G" 7; then
  "$PSST" --data "$G" --db "$G/psst.db" search 国 --format json --limit 30 >"$WORK/out" 2>/dev/null
  got=$(python3 - "$WORK/out" "$G/sessions.jsonl" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
recs = {"%d-%d" % (r["term"], r["number"]): r for r in map(json.loads, open(sys.argv[2], encoding="utf-8"))}
total = sum(1 for r in recs.values() if "国" in json.dumps(r, ensure_ascii=False))
order = [(r["term"], r["number"]) for r in rows]
rises = sum(1 for i in range(len(order) - 1) if order[i] < order[i + 1])
# newest first within each tier, so at most one rise (where the tier of titles and names ends)
print(total > 1000, len(rows), "国" in recs[rows[0]["id"]]["title_zh"], rises <= 1)
PY
)
  expect_eq "over a thousand matches: title matches first, each tier newest first" "$got" "True 30 True True"
else
  fail "the benchmark's generator builds and runs"
fi

run_in "$D" search --help
expect_out "--help gives the query syntax" "ai -military           without (also: ai NOT military)"
expect_out "and the fields" "title:, lecturer:, institution:, note:, tag:"
finish
