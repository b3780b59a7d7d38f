# psst serve --immutable: a database and data folder on a read-only medium are served as they
# are: nothing in the folder is written, locked or created (no -journal, -wal or -shm), even
# when the tests run as root and the modes would not stop a write; a database older than the
# data is served and the log says so.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
LOG=$WORK/server.log
RO=$WORK/ro
trap 'serve_stop; chmod -R u+w "$RO" 2>/dev/null' EXIT

mkdir -p "$RO"
cp -R "$SRC/data" "$RO/data"
"$PSST" --data "$RO/data" --db "$RO/psst.db" build >/dev/null 2>"$WORK/err" || { fail "the build" "$(cat "$WORK/err")"; finish; exit; }
want=$(python3 -c 'import sys; print(sum(1 for l in open(sys.argv[1], encoding="utf-8") if l.strip()))' "$RO/data/sessions.jsonl")

# listing: every file's name, size, mode and modification time, to the nanosecond
listing() { find "$RO" -printf '%P %s %m %T@\n' | sort; }
readonly_run() { # TITLE: starts, checks and stops an immutable server on the read-only folder
  chmod -R a-w "$RO"
  listing >"$WORK/before"
  sleep 1.1 # a write within the second would not be newer than the marker
  touch "$WORK/marker"
  serve_start "$RO/data" "$RO/psst.db" "$LOG" --immutable --cache-mb 0 || return 1
  get /api/sessions
  expect_code "$1: /api/sessions" 200
  expect_header "$1: every session counted" "x-total-count: $want"
  json_check "$1: every session" "d['total'] == $want and len(d['rows']) == 50"
  get /api/sessions/19-18
  json_check "$1: one session" "d['term'] == 19 and d['number'] == 18"
  get /sessions
  expect_code "$1: a page" 200
  serve_stop
  expect_eq "$1: the server stops cleanly" "$serve_status" 0
  listing >"$WORK/after"
  if cmp -s "$WORK/before" "$WORK/after"; then pass; else fail "$1: no file in the folder changed or appeared" "$(diff "$WORK/before" "$WORK/after" | head -n 10)"; fi
  newer=$(find "$RO" -newer "$WORK/marker" | head -n 5)
  expect_eq "$1: nothing newer than the start" "$newer" ""
  extra=$(find "$RO" -name '*-journal' -o -name '*-wal' -o -name '*-shm' | head -n 5)
  expect_eq "$1: no journal, WAL or shared-memory file" "$extra" ""
  chmod -R u+w "$RO"
}

# ---- current: served, and nothing said about the data ----
readonly_run "current" || exit 1
if grep -q "serving it as it is" "$LOG"; then fail "a current database gets no note" "$(cat "$LOG")"; else pass; fi

# ---- stale: the data changed after the build; served as it is, and said ----
printf '\n' >>"$RO/data/sessions.jsonl"
readonly_run "stale" || exit 1
if grep -q "^psst: the database $RO/psst.db is not built from the data files as they are now (run psst build); serving it as it is$" "$LOG"; then pass; else fail "the log says the database is older than the data" "$(head -n 3 "$LOG")"; fi

# ---- a missing database is an error, not a build ----
status=0
"$PSST" --data "$RO/data" --db "$RO/none.db" serve --port 0 --immutable >"$WORK/out" 2>"$WORK/err" || status=$?
expect_status "a missing immutable database: a database error" 3
expect_err "says there is none" "no database"
if [ -e "$RO/none.db" ]; then fail "and builds none"; else pass; fi
finish
