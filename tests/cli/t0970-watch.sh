# psst watch against the official sites' layouts served on 127.0.0.1 (tests/watch/site.py):
# a new readout found once and proposed once, 304 honoured, every failure one log line with
# nothing written from it, --apply adding the session with its pages archived and its other
# official addresses as sources, --exec, --review, the sources file's errors.
. "$(dirname "$0")/lib.sh"
# the tables checked here for their content, as a wide terminal shows them whole (t0160
# checks the 80-column fitting)
export COLUMNS=200
start_site
CT="::127.0.0.1:$PORT"
FAST="--timeout 1 --retries 1 --retry-wait 0.05 --pause 0"
# the record without 20-27: the site's readout of it is then new
grep -v '"term": 20, "number": 27,' "$SRC/data/sessions.jsonl" >"$WORK/without.jsonl"
D=$(datadir d "$WORK/without.jsonl")
cp "$D/sessions.jsonl" "$WORK/before.jsonl"
watch() { run_in "$D" watch --once --sources "$SOURCES" --state "$WORK/state.json" --connect-to "$CT" $FAST "$@"; }

# ---- the first poll: one proposal, each failure one line ----
watch
expect_status "something new, and pages that failed: exit 0 + 4" 4
n=$(wc -l <"$WORK/out")
expect_eq "one proposal for the four official copies of the readout" "$n" 1
got=$(python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).readline()); r=d["record"]; print(d["outcome"], d["session"], r["date"], r["title_zh"], r["format"], r["lecturers"][0]["name_zh"], r["sources"][0]["kind"], r["sources"][0]["url"])' "$WORK/out")
expect_eq "the proposal is the readout of 20-27 as broadcast" "$got" \
  "new 20-27 2026-07-30 高质量推进国防和军队现代化 lecture 孙正 broadcast http://tv.cctv.com/2026/07/31/VIDEreadout00000000000000260731.shtml"
expect_err "a story that mentions a session is not its readout" "VIDEmention00000000000000260731.shtml: mentions a study session but is not its readout"
expect_err "the same readout from Xinhua is not proposed again" "c.html: the readout of 20-27, proposed already from http://tv.cctv.com/"
expect_err "a GBK page (gov.cn) is read" "content_7000001.htm: the readout of 20-27, proposed already"
expect_err "a redirect is followed" "c1024-6.html: the readout of 20-27, proposed already"
expect_err "a 404 is one line" "c1024-1.html: HTTP status 404; not read"
expect_err "a 500 is retried, then left for the next run" "c1024-2.html: HTTP status 500; tried again next run"
expect_err "a timeout is retried, then left for the next run" "c1024-3.html: no complete answer within 1.0 s (timed out); tried again next run"
expect_err "a redirect loop ends" "c1024-4.html: more than 5 redirects (a redirect loop?); not read"
expect_err "a page of 50 MB is not read" "c1024-5.html: larger than 8388608 bytes; not read"
expect_err "the run's summary" "5 list page(s) read, 0 unchanged; 5 article(s) read, 4 readout(s); 1 proposed, 0 applied, 1 new session(s); 5 failed"
if cmp -s "$D/sessions.jsonl" "$WORK/before.jsonl"; then pass; else fail "a proposal leaves the data file as it was"; fi
[ -e "$WORK/archive" ] && fail "nothing is archived without --apply" || pass
n=$(grep -c 'c1024-2.html 500' "$SITE_LOG")
expect_eq "a 500 is tried twice (--retries 1)" "$n" 2
if grep -q 'VIDEother' "$SITE_LOG"; then fail "an article whose words are not a study session's is fetched"; else pass; fi
expect_eq "the split article's second page is fetched" "$(grep -c '/c_2.html 200' "$SITE_LOG")" 1

# ---- the second poll: 304s, nothing proposed twice, only the transient failures again ----
: >"$SITE_LOG"
watch
expect_status "nothing new, pages that failed: exit 1 + 4" 5
expect_eq "nothing is proposed twice" "$(wc -c <"$WORK/out" | tr -d ' ')" 0
expect_eq "the dated CCTV lists answer 304 to If-None-Match" "$(grep -c '^tv.cctv.com /lm/xwlb/day/.* 304 "day-v1"' "$SITE_LOG")" 2
expect_eq "gov.cn's list answers 304 to If-Modified-Since" "$(grep -c '^www.gov.cn /yaowen/liebiao/home.htm 304 - Thu,_30_Jul_2026' "$SITE_LOG")" 1
expect_eq "the 404 is not asked for again" "$(grep -c 'c1024-1.html' "$SITE_LOG")" 0
expect_eq "the 500 is asked for again" "$(grep -c 'c1024-2.html 500' "$SITE_LOG")" 2
expect_eq "the readouts seen are not fetched again" "$(grep -c 'VIDEreadout\|content_7000001\|/c.html' "$SITE_LOG")" 0
expect_err "the summary counts the unchanged lists" "2 list page(s) read, 3 unchanged; 0 article(s) read"

# ---- --review: proposals as files ----
rm -f "$WORK/state.json"
watch --source xinhua-politics --review "$WORK/review"
expect_status "a new session from Xinhua alone" 0
expect_eq "nothing printed with --review" "$(wc -c <"$WORK/out" | tr -d ' ')" 0
f=$(ls "$WORK/review"/20-27-*.json 2>/dev/null | head -1)
if [ -n "$f" ]; then pass; else fail "the proposal is a file in the review folder"; fi
got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d["record"]; print(r["lecturers"][0]["name_zh"], r["sources"][0]["publisher"], r["sources"][0]["kind"], r["date"])' "$f")
expect_eq "the split article is read whole (the lecturer is on its second page)" "$got" "孙正 Xinhua readout 2026-07-30"

# ---- --apply with --exec ----
rm -f "$WORK/state.json"
export EXEC_DIR="$WORK"
watch --apply --exec 'cat >"$EXEC_DIR/exec-$PSST_SESSION.json"; echo "$PSST_SESSION $PSST_APPLIED" >>"$EXEC_DIR/exec.log"'
expect_status "applied, with pages that failed: exit 4" 4
expect_err "the new session is added" "VIDEreadout00000000000000260731.shtml: added 20-27 in the record"
expect_err "Xinhua's address is added to its sources" "c.html: the readout of 20-27, which the record has: its address added to the sources"
n=$(grep -c '"term": 20, "number": 27,' "$D/sessions.jsonl")
expect_eq "20-27 is in the data file once" "$n" 1
got=$(grep '"term": 20, "number": 27,' "$D/sessions.jsonl" | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); print(" ".join(s["publisher"] + ":" + s["kind"] for s in r["sources"]))')
expect_eq "its sources: the broadcast, then Xinhua's and the copies (a redirect cited where it led)" "$got" \
  "CCTV:broadcast Xinhua:readout gov.cn:readout"
run_in "$D" check
expect_status "the data checks after the apply" 0
run_in "$D" show 20-27
expect_out "the database was rebuilt" "高质量推进国防和军队现代化"
run_in "$D" archive --archive-dir "$WORK/archive"
expect_status "the archived pages verify" 0
expect_out "the broadcast page is archived" "VIDEreadout00000000000000260731.shtml"
expect_out "both pages of the split article are archived" "c_2.html"
expect_eq "the command ran once, for the new session" "$(cat "$WORK/exec.log" 2>/dev/null)" "20-27 1"
got=$(python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).read()); print(r["term"], r["number"], r["date"])' "$WORK/exec-20-27.json" 2>&1)
expect_eq "the command read the record on its standard input" "$got" "20 27 2026-07-30"

cp "$D/sessions.jsonl" "$WORK/applied.jsonl"
watch --apply --exec 'echo "$PSST_SESSION" >>"$EXEC_DIR/exec.log"'
expect_status "the next poll: nothing new (exit 1 + 4)" 5
if cmp -s "$D/sessions.jsonl" "$WORK/applied.jsonl"; then pass; else fail "the next poll changes nothing"; fi
expect_eq "the command does not run again" "$(wc -l <"$WORK/exec.log" | tr -d ' ')" 1

# ---- the state: kept atomically, locked, and refused when it is not psst's ----
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted(d), d["articles"][sys.argv[2]]["outcome"])' \
  "$WORK/state.json" "http://politics.people.com.cn/n1/2026/0730/c1024-2.html" >"$WORK/st" 2>&1
expect_eq "the state names what became of each article" "$(cat "$WORK/st")" "['articles', 'pages', 'proposed', 'version'] retry"
ls "$WORK" | grep -q 'state.json.psst-tmp\|state.json.tmp' && fail "no temporary state file is left" || pass
exec 9>>"$WORK/state.json.lock"
flock -n 9 && {
  watch
  expect_status "a second watch on the same state is refused" 3
  expect_err "and says why" "another psst watch is running with this state"
  flock -u 9
}
exec 9>&-
echo '[1, 2' >"$WORK/bad-state.json"
run_in "$D" watch --once --sources "$SOURCES" --state "$WORK/bad-state.json" --connect-to "$CT" $FAST
expect_status "a state that is not JSON is refused" 2
expect_err "naming the file and line" "bad-state.json:2: not the state of psst watch (']' expected near end of file)"

# ---- the sources file: errors name the file, the line, the source and the field ----
printf '{"sources": [\n {"name": "a", "list": "http://x.test/", "links": "(["}\n]}\n' >"$WORK/s1.json"
run_in "$D" watch --once --sources "$WORK/s1.json" --state "$WORK/s.json"
expect_status "a bad regular expression is refused" 2
expect_err "with file, line, source and field" "s1.json:2: source 'a': links: not a regular expression"
printf '{"sources": [\n {"name": "a", "list": "ftp://x.test/", "links": "x"}\n]}\n' >"$WORK/s2.json"
run_in "$D" watch --once --sources "$WORK/s2.json" --state "$WORK/s.json"
expect_err "a list that is not http(s) is refused" "s2.json:2: source 'a': list: an http(s) address is required"
printf '{"sources": [\n {"name": "a", "list": "http://x.test/", "links": "x", "colour": 1}\n]}\n' >"$WORK/s3.json"
run_in "$D" watch --once --sources "$WORK/s3.json" --state "$WORK/s.json"
expect_err "an unknown field is refused" "s3.json:2: source 'a': colour: unknown field"
run_in "$D" watch --once --sources "$SOURCES" --source nowhere --state "$WORK/s.json"
expect_err "an unknown --source is refused" "no source is named 'nowhere'"
run_in "$D" watch --once --interval 5
expect_status "--interval below a minute is a usage error" 2
run_in "$SRC/data" watch --once --sources "$SOURCES" --state "$WORK/s.json" --source cctv-xwlb \
  --connect-to "::127.0.0.1:1" --timeout 1 --retries 0 --pause 0
expect_status "an unreachable site: nothing new, a page failed" 5
expect_err "one line for each list" "cctv-xwlb: http://tv.cctv.com/lm/xwlb/day/"

# ---- without --once: polls until SIGTERM ----
# a log of its own, empty before it starts: the poll's summary in it is this run's
rm -f "$WORK/out" "$WORK/err" "$WORK/loop.err"
"$PSST" --data "$D" --db "$D/psst.db" watch --sources "$SOURCES" --state "$WORK/state.json" \
  --connect-to "$CT" --source xinhua-politics --pause 0 --interval 60 >"$WORK/out" 2>"$WORK/loop.err" &
pid=$!
n=0
while ! grep -q "list page(s) read" "$WORK/loop.err" 2>/dev/null && [ "$n" -lt 300 ]; do
  sleep 0.1
  n=$((n + 1))
done
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
expect_status "a long-running watch stops cleanly on SIGTERM" 0
cp "$WORK/loop.err" "$WORK/err"
expect_err "and says so" "psst watch: stopped (SIGTERM)"

# ---- the systemd units of docs/ are valid (where systemd-analyze is installed) ----
if command -v systemd-analyze >/dev/null 2>&1; then
  mkdir -p "$WORK/units"
  sed "s#/usr/local/bin/psst#$PSST#; s#^User=psst#User=root#; s#/srv/psst/notify.sh#/bin/true#" \
    "$SRC/docs/systemd/psst-watch.service" >"$WORK/units/psst-watch.service"
  cp "$SRC/docs/systemd/psst-watch.timer" "$WORK/units/"
  status=0
  systemd-analyze verify "$WORK/units/psst-watch.service" "$WORK/units/psst-watch.timer" \
    >"$WORK/out" 2>"$WORK/err" || status=$?
  expect_status "systemd-analyze verifies the service and the timer" 0
  [ -s "$WORK/err" ] && fail "systemd-analyze has remarks" "$(head -3 "$WORK/err")" || pass
else
  echo "systemd-analyze is not installed: the units are not verified here"
fi
finish
