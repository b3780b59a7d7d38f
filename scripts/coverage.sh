#!/bin/sh
# The test suite's coverage (make coverage): psst built by clang with source-based coverage
# (-fprofile-instr-generate -fcoverage-mapping, no sanitizers), every test run by ctest with
# each process writing its own profile, the profiles merged by llvm-profdata and reported by
# llvm-cov (Debian's, of clang's version): line, function and region coverage of libpsst, the
# command, the server and the other modules, and an HTML report of every source file.
# Usage: scripts/coverage.sh [BUILD [OUT]]   (build-cov and out/coverage unless given; JOBS=N;
#        COVERAGE_REPORT_ONLY=1 reports the profiles of the last run again)
set -eu
build=${1:-build-cov}
out=${2:-out/coverage}
jobs=${JOBS:-2}
src=$(pwd)/src

# the LLVM tools of the clang that compiles: a profile is read by its own version only
ver=$(clang -dumpversion | cut -d. -f1)
profdata=llvm-profdata-$ver cov=llvm-cov-$ver
command -v "$profdata" >/dev/null 2>&1 || profdata=llvm-profdata
command -v "$cov" >/dev/null 2>&1 || cov=llvm-cov
for t in "$profdata" "$cov"; do
  command -v "$t" >/dev/null 2>&1 || { echo "coverage: $t is missing (Debian: llvm)" >&2; exit 1; }
done

start=$(date +%s)
status=0
mkdir -p "$out"
if [ -z "${COVERAGE_REPORT_ONLY:-}" ]; then
  CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DPSST_COVERAGE=ON -DPSST_SANITIZE=OFF \
    -DPSST_FUZZ=OFF >/dev/null
  cmake --build "$build" -j "$jobs" -- --no-print-directory
  # one profile per process and binary (%p; %m: psst and the modules it loads write apart)
  rm -rf "$build/profiles"
  mkdir -p "$build/profiles"
  prof=$(cd "$build/profiles" && pwd)
  (cd "$build" && LLVM_PROFILE_FILE="$prof/%p-%m.profraw" ctest -j "$jobs" --output-on-failure) ||
    status=$?
fi
build=$(cd "$build" && pwd)
prof=$build/profiles
tested=$(date +%s)
find "$prof" -name '*.profraw' >"$build/profiles.list"
echo "coverage: merging $(wc -l <"$build/profiles.list" | tr -d ' ') profiles"
# a process killed by a test (the kill and power-cut tests do that) leaves a torn profile:
# skipped, and counted
"$profdata" merge -sparse --failure-mode=all -f "$build/profiles.list" \
  -o "$build/coverage.profdata" 2>"$build/merge.log" || { cat "$build/merge.log" >&2; exit 1; }
torn=$(grep -c 'invalid instrumentation profile' "$build/merge.log" || true)
[ "$torn" -eq 0 ] || echo "coverage: $torn torn profiles skipped (processes killed by the tests)"

# every binary the tests ran: the command, the modules, the tokenizer extension, the unit tests
first=$build/psst
objects=""
for f in "$build"/modules/*.so "$build"/psst_fts.so "$build"/tests/test_*; do
  [ -f "$f" ] && [ -x "$f" ] && objects="$objects -object $f"
done
report() { # report NAME DIR...: the totals of those folders of src/
  name=$1
  shift
  dirs=""
  for d in "$@"; do dirs="$dirs $src/$d"; done
  # shellcheck disable=SC2086
  "$cov" report "$first" $objects -instr-profile="$build/coverage.profdata" $dirs |
    awk -v n="$name" '/^TOTAL/ { printf "%-38s lines %s of %s (%s)  functions %s of %s (%s)\n",
      n, $8 - $9, $8, $10, $5 - $6, $5, $7 }'
}
{
  report "libpsst (core, report, ingest, scan)" core report ingest scan
  report "command (cli)" cli
  report "server (serve module)" server
  report "other modules (chart, watch, export)" chart watch modules
  report "all of src/" core report ingest scan cli server chart watch modules
} | tee "$out/summary.txt"
# shellcheck disable=SC2086
"$cov" report "$first" $objects -instr-profile="$build/coverage.profdata" "$src" >"$out/files.txt"
# shellcheck disable=SC2086
"$cov" show "$first" $objects -instr-profile="$build/coverage.profdata" -format=html \
  -show-line-counts-or-regions -output-dir="$out" "$src" >/dev/null
end=$(date +%s)
echo "coverage: $out/index.html ($out/summary.txt, $out/files.txt); tests $((tested - start)) s, all $((end - start)) s"
[ "$status" -eq 0 ] || echo "coverage: some tests failed (ctest exit $status); the figures count what ran" >&2
exit "$status"
