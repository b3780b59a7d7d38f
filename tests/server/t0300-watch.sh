# The whole path of a new session, as an analyst's cron sets it up: psst serve runs on a data
# folder, `psst watch --once --apply` finds the readout on the official sites (their layouts
# served on 127.0.0.1, tests/watch/site.py), and the session is in the API, its page and the
# feed without anyone touching the server.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
start_site
grep -v '"term": 20, "number": 27,' "$SRC/data/sessions.jsonl" >"$WORK/without.jsonl"
D=$(datadir d "$WORK/without.jsonl")
serve_start "$D" "$D/psst.db" "$WORK/serve.log" || { fail "the server starts"; finish; exit 1; }
trap 'serve_stop; kill $SITE_PID 2>/dev/null' EXIT

get /api/sessions/20-27
expect_code "before the poll the record lacks 20-27" 404
get /feed.atom
expect_no_body "nor has the feed it" "/sessions/20-27"
etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' "$WORK/headers" | tr -d '\r')

run_in "$D" watch --once --apply --sources "$SOURCES" --state "$WORK/state.json" \
  --connect-to "::127.0.0.1:$PORT" --source cctv-xwlb --pause 0
expect_status "the poll adds a session" 0
expect_err "20-27 is added" "added 20-27 in the record"

# the server takes the rebuilt database up within about a second
for _ in $(seq 1 50); do
  get /api/sessions/20-27
  [ "$code" = 200 ] && break
  sleep 0.1
done
expect_code "the API has 20-27 without a restart" 200
json_check "with the broadcast as its source" 'd["sources"][0]["kind"] == "broadcast" and d["sources"][0]["url"].endswith("VIDEreadout00000000000000260731.shtml")'
get /sessions/20-27
expect_code "its page" 200
expect_body "shows the subject" "高质量推进国防和军队现代化"
get /feed.atom -H "If-None-Match: $etag"
expect_code "the feed changed (no 304 for the old ETag)" 200
expect_body "the feed has an entry for it" "/sessions/20-27"
today=$(date -u +%F)
get "/api/sessions?since=$today&limit=500"
json_check "?since=today lists it" 'any(s["id"] == "20-27" for s in d["rows"])'
expect_err_log() { if grep -qF -- "$2" "$WORK/serve.log"; then pass; else fail "$1" "the log lacks: $2"; fi; }
expect_err_log "the server says it took up a new database" "database"
finish
