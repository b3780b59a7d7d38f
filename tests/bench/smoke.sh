# smoke.sh: the benchmark scripts, run tiny, so that they cannot rot between benchmark runs:
#   sh tests/bench/smoke.sh PSST_BINARY SOURCE_DIR WORK_DIR
# Each script runs end to end with one timing of each measurement on a small corpus, with
# this build's psst; its table must have every row with a figure. The figures themselves
# (a sanitizer build, one run) mean nothing and are not checked.
# the arguments, the work folder and fail/pass/finish: the CLI tests' own
. "$(dirname "$0")/../cli/lib.sh"

# rows: FILE N: the markdown table in FILE has N rows after its header, each with a time
rows() {
  got=$(grep -cE '^\| [^|]+ \| [0-9.,]+ (ms|s|MiB|GB|B|x) \|' "$1" 2>/dev/null || true)
  if [ "$got" -ge "$2" ]; then pass; else fail "$1: $got rows with figures, want $2"; fi
}

if BENCH_QUERY_RUNS=1 BENCH_PSST="$PSST" BENCH_OUT="$WORK/oneshot" \
  bash "$SRC/bench/oneshot.sh" >"$WORK/oneshot.log" 2>&1; then
  rows "$WORK/oneshot/results.md" 5
else
  fail "bench/oneshot.sh failed"
  tail -5 "$WORK/oneshot.log"
fi

# the million-session benchmark's script at 2,000 sessions: corpus, both builds, every query
BUILD=$(dirname "$PSST")
if BENCH_N=2000 BENCH_BUILD_RUNS=1 BENCH_QUERY_RUNS=1 BENCH_NO_BUILD=1 BENCH_BUILD_DIR="$BUILD" \
  BENCH_WORK="$WORK/run" bash "$SRC/bench/run.sh" >"$WORK/run.log" 2>&1; then
  rows "$WORK/run/results/n2000/results.md" 10
  if grep -q "holds the same rows" "$WORK/run/results/n2000/results.md"; then pass; else
    fail "run.sh: the reference database differs from psst's"
  fi
else
  fail "bench/run.sh failed"
  tail -5 "$WORK/run.log"
fi

finish
