# lib.sh: helpers for the CLI black-box tests. Each test script is run by ctest as
#   sh tests/cli/tNNNN-name.sh PSST_BINARY SOURCE_DIR WORK_DIR
# and sources this file. A case runs a command and compares its exit code and output.
set -u
PSST=$1
SRC=$2
WORK=$3
rm -rf "$WORK"
mkdir -p "$WORK"
export PSST_DB="$WORK/psst.db"
unset PSST_DATA NO_COLOR
passed=0
failed=0

fail() {
  failed=$((failed + 1))
  printf 'FAIL: %s\n' "$1"
  [ -n "${2:-}" ] && printf '  %s\n' "$2"
  [ -f "$WORK/out" ] && sed -n '1,15s/^/  out: /p' "$WORK/out"
  [ -f "$WORK/err" ] && sed -n '1,10s/^/  err: /p' "$WORK/err"
  return 0
}
pass() { passed=$((passed + 1)); }

# run CMD...: runs psst with the shipped data; output in $WORK/out, $WORK/err, status in $status
run() {
  status=0
  "$PSST" --data "$SRC/data" "$@" >"$WORK/out" 2>"$WORK/err" || status=$?
}
# run_in DIR CMD...: the same with another data folder
run_in() {
  dir=$1
  shift
  status=0
  "$PSST" --data "$dir" --db "$dir/psst.db" "$@" >"$WORK/out" 2>"$WORK/err" || status=$?
}

expect_status() { # TITLE WANT
  if [ "$status" -eq "$2" ]; then pass; else fail "$1" "exit $status, want $2"; fi
}
expect_out() { # TITLE FIXED-STRING
  if [ "$status" -eq 0 ] && grep -qF -- "$2" "$WORK/out"; then pass; else fail "$1" "stdout lacks: $2"; fi
}
expect_out_any() { # TITLE FIXED-STRING, whatever the exit status
  if grep -qF -- "$2" "$WORK/out"; then pass; else fail "$1" "stdout lacks: $2"; fi
}
expect_no_out() { # TITLE FIXED-STRING
  if ! grep -qF -- "$2" "$WORK/out"; then pass; else fail "$1" "stdout has: $2"; fi
}
expect_err() { # TITLE FIXED-STRING
  if grep -qF -- "$2" "$WORK/err"; then pass; else fail "$1" "stderr lacks: $2"; fi
}
expect_lines() { # TITLE N: stdout has exactly N lines
  n=$(wc -l <"$WORK/out")
  if [ "$status" -eq 0 ] && [ "$n" -eq "$2" ]; then pass; else fail "$1" "$n lines (exit $status), want $2"; fi
}
expect_eq() { # TITLE GOT WANT
  if [ "$2" = "$3" ]; then pass; else fail "$1" "got '$2', want '$3'"; fi
}

# csv_col N: the Nth column of the CSV output (no quoted commas in the fields read this way)
csv_col() { tail -n +2 "$WORK/out" | tr -d '\r' | cut -d, -f"$1"; }

# datadir NAME SESSIONS_FILE: a data folder with the shipped reference files
datadir() {
  d="$WORK/$1"
  mkdir -p "$d"
  cp "$SRC/data/codebook.json" "$SRC/data/terms.json" "$SRC/data/institutions.json" "$d/"
  cp "$2" "$d/sessions.jsonl"
  echo "$d"
}

# kill_base OUT: the shipped record up to 20-23, each note padded so that a write takes long
# enough for random kills to land inside it (the kill tests)
kill_base() {
  python3 - "$SRC/data/sessions.jsonl" "$1" <<'PY'
import json, sys
out = open(sys.argv[2], 'w', encoding='utf-8')
for line in open(sys.argv[1], encoding='utf-8'):
    r = json.loads(line)
    if r['term'] == 20 and r['number'] > 23:
        continue
    r['notes'] = (r['notes'] + ' ' + 'padding for the kill test. ' * 800).strip()
    out.write(json.dumps(r, ensure_ascii=False) + '\n')
PY
}

# kill_runs RUNS SEED SPAN_US COMMAND...: runs the writer COMMAND RUNS times on
# $D/sessions.jsonl reset to $WORK/old.jsonl, kills it with SIGKILL after a random delay
# (half anywhere in its SPAN_US, half in its last part, where the write and the rebuild
# are), and checks that the file is then $WORK/old.jsonl or $WORK/new.jsonl, never a mix
kill_runs() {
  runs=$1 seed=$2 span=$3
  shift 3
  old_seen=0 new_seen=0 i=0
  while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    cp "$WORK/old.jsonl" "$D/sessions.jsonl"
    delay=$(awk -v s="$i" -v k="$seed" -v span="$span" 'BEGIN { srand(s * k); f = s % 2 ? rand() : 0.6 + rand() * 0.5; printf "%.6f", f * span / 1e6 }')
    # the command itself in the background (not a function: its subshell would survive
    # the kill)
    "$@" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if cmp -s "$D/sessions.jsonl" "$WORK/old.jsonl"; then
      old_seen=$((old_seen + 1))
    elif cmp -s "$D/sessions.jsonl" "$WORK/new.jsonl"; then
      new_seen=$((new_seen + 1))
    else
      fail "run $i (killed after ${delay}s): the data file is neither the old nor the new version"
      cp "$D/sessions.jsonl" "$WORK/mixed-$i.jsonl"
    fi
  done
  echo "old version after $old_seen kills, new version after $new_seen"
  expect_eq "every run left the old or the new file" "$((old_seen + new_seen))" "$runs"
}

# start_site: the official sites of psst watch's tests (tests/watch/site.py) on a free port
# of 127.0.0.1, stopped when the script exits; sets $PORT, $SITE_LOG (a line per request)
# and $SOURCES (the default sources over http, for --connect-to ::127.0.0.1:$PORT)
start_site() {
  SITE_LOG="$WORK/site.log"
  : >"$SITE_LOG"
  python3 "$SRC/tests/watch/site.py" "$WORK/site.port" "$SITE_LOG" &
  SITE_PID=$!
  trap 'kill $SITE_PID 2>/dev/null' EXIT
  n=0
  while [ ! -s "$WORK/site.port" ] && [ "$n" -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
  PORT=$(cat "$WORK/site.port")
  SOURCES="$WORK/sources.json"
  sed 's#https://#http://#g' "$SRC/data/watch.json" >"$SOURCES"
}

# need_python CODE PACKAGES: sets PY to a python3 that runs CODE (an import), the one on PATH
# or Debian's (the one on PATH may be another installation); else fails the test naming the
# Debian PACKAGES to install (scripts/install-deps.sh check) and ends it.
need_python() {
  PY=python3
  "$PY" -c "$1" 2>/dev/null || PY=/usr/bin/python3
  if ! "$PY" -c "$1" 2>/dev/null; then
    fail "$2 installed (scripts/install-deps.sh check)"
    finish
    exit 1
  fi
}

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
