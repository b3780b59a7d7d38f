# psst classify: topic and tag suggestions for a subject, and their leave-one-out
# evaluation on the shipped record. The floors below sit a little under the figures
# the classifier reaches (accuracy 0.972, tag recall 0.923), so that a regression in
# the code or the keyword lists fails here.
. "$(dirname "$0")/lib.sh"
# the tables checked here for their content, as a wide terminal shows them whole (t0160
# checks the 80-column fitting)
export COLUMNS=200

# ---- the evaluation, for people ----
run classify --evaluate
expect_status "classify --evaluate" 0
expect_out "a line for the accuracy" "accuracy"
expect_out "a line for Cohen's kappa" "Cohen's kappa"
expect_out "the keyword-only baseline beside it" "keyword-only accuracy"
expect_out "a row a topic, labelled" "Marxist theory and ideology"
expect_out "the note says what was left out" "with a topic but no title left out"
in_range=$(awk '/^  (accuracy|Cohen.s kappa) / { v = $NF; if ($0 ~ /\(/) v = $(NF - 3);
  n++; if (v + 0 < 0 || v + 0 > 1) bad = bad " " $0 } END { print n + 0, bad }' "$WORK/out")
expect_eq "accuracy and kappa lines, each between 0 and 1" "$in_range" "2 "

# ---- the evaluation, for programs ----
run classify --evaluate --format csv
expect_status "classify --evaluate --format csv" 0
tr -d '\r' <"$WORK/out" >"$WORK/eval.csv"
expect_eq "the header" "$(head -n 1 "$WORK/eval.csv")" "measure,topic,value,count,total"
fig() { grep "^$1,," "$WORK/eval.csv" | cut -d, -f"$2"; } # MEASURE COLUMN
at_least() { # TITLE VALUE FLOOR
  if awk -v v="$2" -v f="$3" 'BEGIN { exit !(v != "" && v + 0 >= f && v + 0 <= 1) }'; then
    pass
  else
    fail "$1" "got '$2', want at least $3"
  fi
}
# floors under the figures reached (0.92-0.97 as the record was completed), at or above the
# issue's 0.85: a real regression of the classifier fails, a session more or less does not.
# Tag recall is measured on titles alone, while four tags of the record (16-15, 20-11, 20-24,
# 20-27) rest on what their readouts say beyond the title: 25 of 29 (0.862) on the record
# read from official texts (2026-12-06)
at_least "leave-one-out accuracy" "$(fig accuracy 3)" 0.9
at_least "Cohen's kappa" "$(fig kappa 3)" 0.89
at_least "tag recall" "$(fig tag_recall 3)" 0.85
at_least "tag precision" "$(fig tag_precision 3)" 0.9
at_least "keyword-only accuracy, the baseline" "$(fig keyword_accuracy 3)" 0.88
expect_eq "every session with a topic and a title is evaluated" "$(fig sessions 4),$(fig sessions 5)" \
  "$(python3 -c 'import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
topic = [r for r in rows if r["topic"]]
print("%d,%d" % (sum(1 for r in topic if r["title_zh"] or r["title_en"]), len(topic)))' \
    "$SRC/data/sessions.jsonl")"
expect_eq "the accuracy is correct / evaluated" "$(fig accuracy 5)" "$(fig sessions 4)"
expect_eq "the curated tags are those of the record" "$(fig tag_recall 5)" \
  "$(python3 -c 'import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
print(sum(len(r["tech"]) for r in rows if r["topic"] and (r["title_zh"] or r["title_en"])))' \
    "$SRC/data/sessions.jsonl")"
bad=$(python3 -c '
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
topics = [t["code"] for t in json.load(open(sys.argv[2], encoding="utf-8"))["topics"]]
n = int(next(r for r in rows if r["measure"] == "sessions")["count"])
recall = {r["topic"]: r for r in rows if r["measure"] == "recall"}
prec = {r["topic"]: r for r in rows if r["measure"] == "precision"}
if list(recall) != topics: print("topics", list(recall))
if sum(int(r["total"]) for r in recall.values()) != n: print("supports do not add up to", n)
if sum(int(r["total"]) for r in prec.values()) > n: print("more suggestions than sessions")
correct = sum(int(r["count"]) for r in recall.values())
acc = next(r for r in rows if r["measure"] == "accuracy")
if correct != int(acc["count"]): print("correct", correct, "accuracy count", acc["count"])
for r in rows:
    if r["value"] and not 0 <= float(r["value"]) <= 1: print("out of range", r)
' "$WORK/eval.csv" "$SRC/data/codebook.json")
expect_eq "per-topic rows: every topic, supports adding up, values in 0..1" "$bad" ""

run classify --evaluate --format json
if python3 -c 'import json, sys
rows = json.load(open(sys.argv[1]))
acc = [r for r in rows if r["measure"] == "accuracy"][0]
assert isinstance(acc["count"], int) and acc["topic"] is None' "$WORK/out"; then
  pass
else
  fail "classify --evaluate --format json: objects with counts typed"
fi

# ---- one subject ----
suggest() { # TITLE_ZH WANT_TOPIC [WANT_TAG]: the suggestion for a subject not in the record
  run classify "$1" --format csv
  got=$(tail -n +2 "$WORK/out" | tr -d '\r' | cut -d, -f1,3)
  expect_eq "classify $1" "$got" "$2,${3:-}"
}
suggest 加快建设农业强国 rural
suggest 健全国家安全体系 security
suggest 加强党的作风建设 party
suggest 深化财税体制改革 econ
suggest 推进量子计算研究 sti quantum
suggest 加强生态文明建设 environment
suggest 铸牢中华民族共同体意识 unity

run classify 加强人工智能发展和监管
expect_out "the topic, labelled" "Science, technology and innovation (sti)"
expect_out "the secondary topic" "Law and state governance (law)"
expect_out "the tag" "Artificial intelligence (ai)"
expect_out "the cues that decided" "人工智能 -> sti, ai; 监管 -> law"
run classify 加强人工智能发展和监管 --lang zh
expect_out "--lang zh labels the fields and codes in Chinese" "次要主题 法治与国家治理 (law)"

run classify "" --en "Strengthening the rule of law" --format csv
expect_out "an English title alone" "law,,,"
printf '会议强调，要加快区块链技术和产业创新发展，推动区块链和实体经济深度融合。' >"$WORK/body.txt"
run classify 一次集体学习 --body "$WORK/body.txt" --format csv
expect_out "the readout's text gives a tag mentioned twice" ",blockchain,"
run classify 一次集体学习 --body - --format csv <"$WORK/body.txt"
expect_out "--body - reads standard input" ",blockchain,"
run classify 甲乙丙丁
expect_status "a subject with nothing to go on exits 1" 1
expect_err "and says so" "no topic suggested"

# ---- usage ----
run classify
expect_status "classify without a title is a usage error" 2
run classify ""
expect_status "an empty title is a usage error" 2
run classify --evaluate 标题
expect_status "--evaluate takes no title" 2
run classify 标题 --body "$WORK/missing.txt"
expect_status "an unreadable --body is a system error" 3
run list --evaluate
expect_status "--evaluate belongs to classify" 2
run classify --help
expect_out "classify --help lists --en" "--en TITLE"

# ---- the keyword lists are checked like the rest of the codebook ----
d=$(datadir badkw "$SRC/data/sessions.jsonl")
sed -i '0,/"keywords": {"zh": \[/s//"keywords": {"zh": ["", /' "$d/codebook.json"
run_in "$d" check
expect_status "check: an empty keyword is an error" 1
expect_out_any "with file, line and field" "codebook.json:5: topics[0].keywords.zh: 'zh' must be an array of non-empty strings"
finish
