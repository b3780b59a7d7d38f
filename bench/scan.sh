#!/usr/bin/env bash
# bench/scan.sh: psst scan's throughput against grep (the archive issue).
#
# Generates a synthetic archive of BENCH_SCAN_MB megabytes (default 3072; bench/gen_archive.c,
# seeded: daily Markdown bulletins, one readout in a thousand items) under
# bench/results/scan/ (never committed), then times, in the same run and alternating,
# `grep -r -c -F 集体学习` over it and `psst scan` over it (CSV to /dev/null). Medians of
# BENCH_RUNS whole-process runs (default 5) after one warm-up read of the archive, as MB/s,
# the ratio (target: psst scan at least half of grep's throughput) and psst's peak memory
# (target: flat, whatever the archive's size: it is also measured on a tenth of the archive).
# Run: `bench/scan.sh` or `make bench-scan`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MB=${BENCH_SCAN_MB:-3072}
RUNS=${BENCH_RUNS:-5}
OUT=$ROOT/bench/results/scan
mkdir -p "$OUT"
[[ -n ${BENCH_NO_BUILD:-} ]] || make --no-print-directory build >&2
if [[ ! -x $OUT/gen_archive || bench/gen_archive.c -nt $OUT/gen_archive ]]; then
  cc -O2 -std=c11 -o "$OUT/gen_archive" bench/gen_archive.c
fi
ARCH=$OUT/archive-$MB
if [[ ! -f $ARCH/.done ]]; then
  rm -rf "$ARCH"
  "$OUT/gen_archive" "$ARCH" "$MB" 1 >"$OUT/gen.txt"
  touch "$ARCH/.done"
fi
SMALL=$ARCH/2003
BYTES=$(du -sb --exclude=.done "$ARCH" | cut -f1)
DB=$OUT/psst.db
build/psst --data data --db "$DB" build >/dev/null
find "$ARCH" -name "*.md" -exec cat {} + >/dev/null # warm the page cache: both read from memory

now() { date +%s%N; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
grep_t=()
psst_t=()
for ((i = 0; i < RUNS; i++)); do
  t0=$(now)
  grep -r -c -F 集体学习 "$ARCH" >/dev/null
  t1=$(now)
  build/psst --data data --db "$DB" scan "$ARCH" --format csv >/dev/null 2>"$OUT/stderr" || true
  t2=$(now)
  grep_t+=($(((t1 - t0) / 1000)))
  psst_t+=($(((t2 - t1) / 1000)))
done
g=$(median "${grep_t[@]}")
p=$(median "${psst_t[@]}")
rss() { { /usr/bin/time -f %M build/psst --data data --db "$DB" scan "$1" --format csv 2>&1 >/dev/null || true; } | tail -1; }
rss_all=$(rss "$ARCH")
rss_small=$(rss "$SMALL")
awk -v b="$BYTES" -v g="$g" -v p="$p" -v ra="$rss_all" -v rs="$rss_small" -v runs="$RUNS" \
  -v note="$(tail -1 "$OUT/stderr")" 'BEGIN {
  mbs_g = b / g; mbs_p = b / p; ratio = mbs_p / mbs_g
  printf "archive: %.0f MB (%s)\n", b / 1e6, note
  printf "| tool | median of %d runs | throughput |\n|---|---|---|\n", runs
  printf "| grep -r -c -F 集体学习 | %.2f s | %.0f MB/s |\n", g / 1e6, mbs_g
  printf "| psst scan | %.2f s | %.0f MB/s |\n", p / 1e6, mbs_p
  printf "psst scan / grep throughput: %.2f (target >= 0.50): %s\n", ratio, (ratio >= 0.5 ? "PASS" : "FAIL")
  printf "peak memory of psst scan: %d KB on the whole archive, %d KB on its first year\n", ra, rs
}' | tee "$OUT/result.txt"
