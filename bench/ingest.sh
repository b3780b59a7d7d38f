#!/usr/bin/env bash
# bench/ingest.sh: readout parsing throughput (the ingest issue).
#
# Writes BENCH_READOUTS synthetic readouts (default 100,000; bench/gen_readouts.py,
# seeded) into one file separated by form feeds, then times `psst ingest --batch` on it
# (one JSON record a line to /dev/null) next to `wc -c` reading the same file through a
# pipe (on a regular file `wc -c` only asks the size) and `wc -m` counting its UTF-8
# characters: the references for what reading and decoding the bytes alone cost. Medians of BENCH_RUNS whole-process
# runs (default 5), the two alternating. Run: `bench/ingest.sh` or `make bench-ingest`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${BENCH_READOUTS:-100000}
RUNS=${BENCH_RUNS:-5}
OUT=$ROOT/bench/results/ingest
mkdir -p "$OUT"
[[ -n ${BENCH_NO_BUILD:-} ]] || make --no-print-directory build >&2
command -v python3 >/dev/null || scripts/install-deps.sh bench
FILE=$OUT/readouts-$N.txt
[[ -s $FILE ]] || python3 bench/gen_readouts.py "$N" >"$FILE"
BYTES=$(stat -c %s "$FILE")
DB=$OUT/psst.db
build/psst --data data --db "$DB" build >/dev/null

now() { date +%s%N; }
psst_t=()
wc_t=()
wcm_t=()
for ((i = 0; i < RUNS; i++)); do
  t0=$(now)
  build/psst --data data --db "$DB" ingest --batch "$FILE" >/dev/null 2>"$OUT/stderr"
  t1=$(now)
  cat "$FILE" | wc -c >/dev/null
  t2=$(now)
  LC_ALL=C.UTF-8 wc -m "$FILE" >/dev/null
  t3=$(now)
  psst_t+=($(((t1 - t0) / 1000)))
  wc_t+=($(((t2 - t1) / 1000)))
  wcm_t+=($(((t3 - t2) / 1000)))
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
mp=$(median "${psst_t[@]}")
mw=$(median "${wc_t[@]}")
mm=$(median "${wcm_t[@]}")
read_n=$(grep -o '[0-9]* record(s) read' "$OUT/stderr" | cut -d' ' -f1)
{
  echo "| what | time (median of $RUNS) | throughput |"
  echo "|---|---:|---:|"
  awk -v b="$BYTES" -v t="$mp" 'BEGIN { printf "| psst ingest --batch | %.2f s | %.1f MB/s |\n", t / 1e6, b / t }'
  awk -v b="$BYTES" -v t="$mw" -v p="$mp" 'BEGIN { printf "| cat FILE \\| wc -c | %.2f s | %.0f MB/s (psst at %.2f× this) |\n", t / 1e6, b / t, t / p }'
  awk -v b="$BYTES" -v t="$mm" -v p="$mp" 'BEGIN { printf "| wc -m (UTF-8 characters) | %.2f s | %.0f MB/s (psst at %.2f× this) |\n", t / 1e6, b / t, t / p }'
  echo
  echo "$N readouts, $BYTES bytes ($((BYTES / N)) bytes a readout), $read_n records read; target: at least 20 MB/s."
} | tee "$OUT/results.md"
