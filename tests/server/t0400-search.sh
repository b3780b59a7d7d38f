# The search table (tests/data/search/queries.tsv) through the JSON API: the same sessions as
# the CLI, a malformed query a 400 with the parser's message (never SQLite's), a suggestion
# when nothing matches; the search page explains the syntax beside its box.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
trap 'serve_stop' EXIT
serve_start "$SRC/data" "$WORK/psst.db" "$WORK/serve.log" || { fail "the server starts"; finish; exit 1; }
status=0
python3 "$SRC/tests/data/search/check.py" api "$BASE" >"$WORK/out" 2>&1 || status=$?
cat "$WORK/out"
expect_status "every query of the table gives its sessions through the API" 0
status=0
python3 "$SRC/tests/data/search/check.py" web "$BASE" >"$WORK/out" 2>&1 || status=$?
cat "$WORK/out"
expect_status "and on the web page" 0
get "/api/search?q=%E9%87%8F%E5%AD%90%20OR"
expect_code "a malformed query is a 400" 400
expect_body "with what is wrong" "search: OR needs a term on each side"
get "/api/search?q=-quantum"
expect_code "a query that only excludes is a 400" 400
expect_body "saying so" "a query cannot only exclude"
get "/sessions"
expect_body "the search page explains the syntax" "<details class=\"syntax\"><summary>How to search</summary>"
get "/sessions?lang=zh"
expect_body "in Chinese too" "<summary>搜索语法</summary>"
get "/sessions?q=qukuailian"
expect_body "the page finds pinyin" "/sessions/19-18"
finish
