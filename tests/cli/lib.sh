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

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
