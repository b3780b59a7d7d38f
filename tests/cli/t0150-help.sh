# t0150-help.sh: psst help, "did you mean" for commands, options and codebook values, and
# the one rule for empty results (a query that selects nothing exits 1, as grep).
. "$(dirname "$0")/lib.sh"

run help
expect_out "psst help is psst --help" "usage: psst [--data DIR] [--db FILE] COMMAND"
"$PSST" --help >"$WORK/help.txt"
expect_eq "psst help prints what --help prints" "$(cat "$WORK/out")" "$(cat "$WORK/help.txt")"
expect_out "the help states the rule for empty results" "selects nothing"
run help list
expect_out "psst help list is psst list --help" "usage: psst list [options]"
"$PSST" list --help >"$WORK/help.txt"
expect_eq "the same text" "$(cat "$WORK/out")" "$(cat "$WORK/help.txt")"
run help lst
expect_status "psst help with an unknown command" 2
expect_err "suggests the command" "did you mean 'list'?"

run lst
expect_status "an unknown command is a usage error" 2
expect_err "did you mean for a command" "psst: 'lst' is not a psst command; did you mean 'list'?"
run sarch blockchain
expect_err "a letter left out" "did you mean 'search'?"
run frobnicate
expect_status "nothing near" 2
if grep -q "did you mean" "$WORK/err"; then fail "no suggestion when nothing is near"; else pass; fi
run list --yaer 2013
expect_status "an unknown option" 2
expect_err "did you mean for an option (two letters swapped)" "unknown option '--yaer'; did you mean '--year'?"
run stats --bye year
expect_err "an option of that command" "did you mean '--by'?"
"$PSST" --dta "$SRC/data" list >"$WORK/out" 2>"$WORK/err" && status=0 || status=$?
expect_status "a global option mistyped" 2
expect_err "did you mean for a global option" "did you mean '--data'?"
run list --format jsn
expect_status "a bad --format" 2
expect_err "did you mean for a format" "did you mean 'json'?"
run list --format lectur
expect_err "a session format" "did you mean 'lecture'?"
run list --lang zhh
expect_err "did you mean for a language" "did you mean 'zh'?"
run list --topic histroy
expect_status "an unknown topic code" 2
expect_err "did you mean for a topic code" "unknown code 'histroy'; did you mean 'history' (History)?"
run list --topic economy
expect_err "a topic found by its label" "did you mean 'econ' (Economy and finance)?"
run list --tech blockchian
expect_err "a technology tag" "did you mean 'blockchain' (Blockchain)?"
run list --tech artifical
expect_err "a tag found by a word of its label" "did you mean 'ai' (Artificial intelligence)?"
run list --tech 人工智能
expect_err "a tag found by its Chinese label" "did you mean 'ai'"
run list --tech xyz
expect_status "an unknown tag, nothing near" 2
if grep -q "did you mean" "$WORK/err"; then fail "no suggestion for xyz"; else pass; fi
expect_err "the known codes listed" "known: internet"

# the empty-result rule: every query command exits 1 when it selects nothing
for cmd in list lecturers institutions "stats --by year"; do
  # shellcheck disable=SC2086
  run $cmd --year 1999
  expect_status "$cmd selecting nothing exits 1" 1
  expect_err "$cmd says so" "matches"
  expect_eq "$cmd prints no table" "$(wc -c <"$WORK/out")" 0
  # shellcheck disable=SC2086
  run $cmd --year 1999 --format json
  expect_status "$cmd --format json selecting nothing exits 1" 1
  expect_eq "$cmd --format json prints []" "$(tr -d ' \n' <"$WORK/out")" "[]"
  # shellcheck disable=SC2086
  run $cmd --year 2013 --format csv
  expect_status "$cmd selecting something exits 0" 0
done
run list --year 1999 --format csv
expect_eq "CSV keeps its header row" "$(tr -d '\r' <"$WORK/out")" "id,date,term,number,leader,format,topic,tech,title,lecturers"
run search blockchain --year 1999 --format json
expect_status "search selecting nothing exits 1" 1
expect_eq "search --format json prints []" "$(tr -d ' \n' <"$WORK/out")" "[]"
run search blockchain
expect_status "search finding something exits 0" 0

finish
