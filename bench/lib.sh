# bench/lib.sh: the timing helpers the benchmark scripts share (sourced, bash).
# The sourcing script sets OUT (its results folder), RAW (the raw timings file) and
# QUERY_RUNS, and defines say().

# Wall time of a command in microseconds, its output discarded.
elapsed_us() {
  local t0 t1
  t0=${EPOCHREALTIME/./}
  "$@" >/dev/null 2>>"$OUT/stderr.log" || {
    say "bench: failed ($?): ${*:1:6} ... (see $OUT/stderr.log)"
    return 1
  }
  t1=${EPOCHREALTIME/./}
  echo $((t1 - t0))
}

median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {
  if (NR % 2) print v[(NR + 1) / 2]; else printf "%d\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ms() { awk -v u="$1" 'BEGIN { printf "%.1f ms", u / 1000 }'; }
secs() { awk -v u="$1" 'BEGIN { printf "%.2f s", u / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
verdict() { if "$@"; then echo PASS; else echo FAIL; fi; }

# Runs the commands (functions) $2 and $3 alternately, QUERY_RUNS times each after a
# warm-up of each, so that a slow spell falls on both; prints their medians in
# microseconds and keeps every run in $RAW.
time_pair() {
  local label=$1 a=$2 b=$3 ra=() rb=() i us
  elapsed_us "$a" >/dev/null
  elapsed_us "$b" >/dev/null
  for ((i = 0; i < QUERY_RUNS; i++)); do
    us=$(elapsed_us "$a")
    ra+=("$us")
    us=$(elapsed_us "$b")
    rb+=("$us")
  done
  echo "psst $label: ${ra[*]} (us)" >>"$RAW"
  echo "shell $label: ${rb[*]} (us)" >>"$RAW"
  echo "$(median "${ra[@]}") $(median "${rb[@]}")"
}

# The table: row adds one (tab-separated fields), table_md and table_text print them.
rows=()
row() { rows+=("$(printf '%s\t' "$@")"); }
table_md() {
  local r f line
  for r in "${rows[@]}"; do
    IFS=$'\t' read -r -a f <<<"$r"
    line=$(printf '%s | ' "${f[@]}")
    echo "| ${line% }"
    if [[ ${f[0]} == what ]]; then echo "|---|---:|---:|---:|---|---|"; fi
  done
}
table_text() {
  local r f
  for r in "${rows[@]}"; do
    IFS=$'\t' read -r -a f <<<"$r"
    printf '%-46s %12s %14s %6s  %-27s %s\n' "${f[@]}"
  done
}
