# lib.sh: starting and stopping psst serve for the HTTP and browser tests, on top of the
# CLI tests' helpers (tests/cli/lib.sh: pass, fail, expect_*, finish).
#   serve_start DATA_DIR DB LOG [OPTION...]: starts the server on a free port (port 0: the
#     kernel picks one, the server logs it) with the options given; sets SERVER_PID and BASE
#     (http://127.0.0.1:PORT)
#   serve_stop: SIGTERM, then waits; the status of the server is in $serve_status
#   get PATH [curl options], then expect_code, expect_header, expect_body, expect_no_body,
#     json_check: a request to the server and checks of its answer
serve_start() {
  serve_data=$1 serve_db=$2 serve_log=$3
  shift 3
  "$PSST" --data "$serve_data" --db "$serve_db" serve --port 0 "$@" 2>"$serve_log" &
  SERVER_PID=$!
  BASE=""
  # under the sanitizers the first start (which may build the database) takes seconds
  for _ in $(seq 1 300); do
    port=$(sed -n 's|^psst: serving http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$serve_log" | head -n 1)
    if [ -n "$port" ]; then
      BASE="http://127.0.0.1:$port"
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "the server did not start:"
  sed 's/^/  log: /' "$serve_log"
  return 1
}

serve_stop() {
  serve_status=0
  [ -n "${SERVER_PID:-}" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" || serve_status=$?
  SERVER_PID=""
}

# get PATH [curl options]: body in $WORK/body, headers in $WORK/headers, status in $code
get() {
  path=$1
  shift
  : >"$WORK/body" # curl writes nothing for a 304
  # a bounded wait: a server that died fails the check instead of hanging the test
  code=$(curl -s --max-time 30 --path-as-is -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "$@" "$BASE$path")
}
expect_code() { # TITLE WANT
  if [ "$code" = "$2" ]; then pass; else fail "$1" "HTTP $code, want $2: $(head -c 300 "$WORK/body")"; fi
}
expect_header() { # TITLE FIXED-STRING (case-insensitive)
  if grep -qiF -- "$2" "$WORK/headers"; then pass; else fail "$1" "headers lack: $2"; fi
}
expect_body() { # TITLE FIXED-STRING
  if grep -qF -- "$2" "$WORK/body"; then pass; else fail "$1" "body lacks: $2"; fi
}
expect_no_body() { # TITLE FIXED-STRING
  if ! grep -qF -- "$2" "$WORK/body"; then pass; else fail "$1" "body has: $2"; fi
}
# json_check TITLE PYTHON-EXPRESSION over the body as `d`
json_check() {
  if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$WORK/body" 2>"$WORK/pyerr"; then
    pass
  else
    fail "$1" "not true of the JSON: $2 $(head -c 200 "$WORK/pyerr")"
  fi
}
