# lib.sh: starting and stopping psst serve for the HTTP and browser tests, on top of the
# CLI tests' helpers (tests/cli/lib.sh: pass, fail, expect_*, finish).
#   serve_start DATA_DIR DB LOG: starts the server on a free port (port 0: the kernel picks
#     one, the server logs it); sets SERVER_PID and BASE (http://127.0.0.1:PORT)
#   serve_stop: SIGTERM, then waits; the status of the server is in $serve_status
serve_start() {
  "$PSST" --data "$1" --db "$2" serve --port 0 2>"$3" &
  SERVER_PID=$!
  BASE=""
  # under the sanitizers the first start (which may build the database) takes seconds
  for _ in $(seq 1 300); do
    port=$(sed -n 's|^psst: serving http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$3" | head -n 1)
    if [ -n "$port" ]; then
      BASE="http://127.0.0.1:$port"
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "the server did not start:"
  sed 's/^/  log: /' "$3"
  return 1
}

serve_stop() {
  serve_status=0
  [ -n "${SERVER_PID:-}" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" || serve_status=$?
  SERVER_PID=""
}
