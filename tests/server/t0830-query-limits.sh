# A query over the time limit is stopped and answered 503 (the handle serves on afterwards);
# a damaged database answers 503, never a 500 with SQLite's or the file system's text, which
# goes to the server's log instead.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
LOG=$WORK/server.log
trap 'serve_stop' EXIT

# ---- the time limit: 1 ms, which the CSV of every session exceeds and one session does not ----
PSST_SERVE_QUERY_MS=1 serve_start "$SRC/data" "$WORK/psst.db" "$LOG" --cache-mb 0 --threads 1 || exit 1
get "/api/sessions?_format=csv"
expect_code "a query over the time limit" 503
json_check "its error says so" "d['error']['status'] == 503 and 'took longer than the 1 ms' in d['error']['message']"
expect_header "a 503 says when to retry" "retry-after: 5"
expect_header "and is not cached" "cache-control: no-store"
get "/sessions?limit=1000"
expect_code "a page over the time limit" 503
get /api/sessions/19-18
expect_code "the same handle then answers a short query" 200
json_check "in full" "d['term'] == 19 and d['number'] == 18"
serve_stop
expect_eq "the server stops cleanly" "$serve_status" 0
serve_start "$SRC/data" "$WORK/psst.db" "$WORK/unlimited.log" --cache-mb 0 || exit 1
get "/api/sessions?_format=csv"
expect_code "under the default limit the same query is answered" 200
serve_stop

# ---- a database overwritten in place while served: 503s (or 200s once rebuilt), never a
# 500, and nothing of SQLite's or the file system's text (t0870 follows the rebuild) ----
cp "$WORK/psst.db" "$WORK/copy.db"
serve_start "$SRC/data" "$WORK/copy.db" "$LOG" --cache-mb 0 || exit 1
get /api/sessions/19-18
expect_code "served before the damage" 200
python3 -c '
import os, sys
n = os.path.getsize(sys.argv[1])
with open(sys.argv[1], "r+b") as f:
    f.write(b"\0" * n)
' "$WORK/copy.db"
for p in /api/sessions/19-18 "/api/sessions?term=19" /sessions /feed.atom; do
  get "$p"
  case $code in 200 | 503) pass ;; *) fail "$p on a ruined database: 503 or 200" "HTTP $code" ;; esac
  if grep -qiE 'sqlite|not a database|malformed|disk image|copy\.db|built from' "$WORK/body"; then
    fail "$p shows no SQLite or file text" "$(head -c 300 "$WORK/body")"
  else
    pass
  fi
done
sleep 1.5
if grep -qE "^psst: database damaged: .*copy\.db: .*not (an SQLite database|a database)" "$LOG"; then pass; else fail "the log has the reason" "$(tail -n 5 "$LOG")"; fi
serve_stop
finish
