#!/usr/bin/env bash
# bench/serve.sh: psst serve under load from wrk on loopback, side by side with nginx
# serving a static copy of the very same response bodies.
#
# Measures, each with wrk (1 thread, BENCH_SERVE_CONNECTIONS connections, BENCH_SERVE_SECONDS
# seconds, after a 2-second warm-up):
#   - the cached page /: psst serve, then nginx serving its bytes as a file;
#   - the cached API query /api/sessions?q=WORD: psst serve, then nginx the same;
#   - the API query uncached: psst serve with --cache-mb 0, every request running the
#     search (ranking, snippets, total count) and writing the JSON: its latency with one
#     connection (the p99 target: a query's own time, no queueing behind others), and its
#     throughput with BENCH_SERVE_UNCACHED_CONNECTIONS.
# The server, nginx and wrk share the machine's cores. Results: bench/results/serve/results-N.md.
#
# Environment: BENCH_SERVE_DATA (data folder, default data/), BENCH_SERVE_DB (its database,
# default bench/results/serve/psst.db), BENCH_SERVE_SECONDS (10), BENCH_SERVE_CONNECTIONS (32),
# BENCH_SERVE_UNCACHED_CONNECTIONS (4), BENCH_SERVE_THREADS (server threads and nginx
# workers, default 2), BENCH_SERVE_QUERY (区块链), BENCH_SERVE_P99_MS (the uncached query's
# p99 target: 10, or 50 for the 1M-session corpus), BENCH_SERVE_P99_N_MS (the same with
# BENCH_SERVE_UNCACHED_CONNECTIONS connections: 50).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=${BENCH_SERVE_DATA:-$ROOT/data}
OUT=$ROOT/bench/results/serve
DB=${BENCH_SERVE_DB:-$OUT/psst.db}
mkdir -p "$OUT"
# a database that is missing or older than its data is built now, not inside the first request
"$ROOT/build/psst" --data "$DATA" --db "$DB" build >/dev/null
SECONDS_EACH=${BENCH_SERVE_SECONDS:-10}
CONNS=${BENCH_SERVE_CONNECTIONS:-32}
UNCACHED_CONNS=${BENCH_SERVE_UNCACHED_CONNECTIONS:-4}
THREADS=${BENCH_SERVE_THREADS:-2}
WORD=${BENCH_SERVE_QUERY:-区块链}
P99_MS=${BENCH_SERVE_P99_MS:-10}
P99_N_MS=${BENCH_SERVE_P99_N_MS:-50}
PSST=$ROOT/build/psst
mkdir -p "$OUT"

die() {
  echo "bench/serve: $*" >&2
  exit 1
}
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] || die "$tool is missing (make bench-serve installs it)"
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $PSST ]] || die "build/psst is missing (make build)"

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# start_psst LOG [options]: psst serve on a free port; sets PSST_URL
start_psst() {
  local log=$1
  shift
  "$PSST" --data "$DATA" --db "$DB" serve --port 0 --threads "$THREADS" "$@" 2>"$log" &
  PIDS+=($!)
  for _ in $(seq 1 600); do
    PSST_URL=$(sed -n 's|^psst: serving \(http://[^ ]*\)/ .*|\1|p' "$log" | head -n 1)
    [[ -n $PSST_URL ]] && return 0
    sleep 0.1
  done
  die "psst serve did not start: $(cat "$log")"
}

stop_last() {
  local pid=${PIDS[-1]}
  kill -TERM "$pid"
  wait "$pid" || true
  unset 'PIDS[-1]'
}

QUERY="/api/sessions?q=$(printf '%s' "$WORD" | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/%\1/g')"

# ---- the bodies nginx serves: exactly what psst serve answered ----
start_psst "$OUT/psst-cached.log"
rm -rf "$OUT/www"
mkdir -p "$OUT/www/api" "$OUT/tmp"
curl -sf -o "$OUT/www/index.html" "$PSST_URL/"
curl -sf -o "$OUT/www/api/sessions" "$PSST_URL$QUERY"
[[ -s $OUT/www/index.html && -s $OUT/www/api/sessions ]] || die "psst serve gave empty bodies"

NGINX_PORT=$((20000 + RANDOM % 20000))
cat >"$OUT/nginx.conf" <<CONF
worker_processes $THREADS;
daemon off;
pid $OUT/nginx.pid;
error_log $OUT/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log $OUT/nginx-access.log;
  client_body_temp_path $OUT/tmp/body;
  proxy_temp_path $OUT/tmp/proxy;
  fastcgi_temp_path $OUT/tmp/fastcgi;
  uwsgi_temp_path $OUT/tmp/uwsgi;
  scgi_temp_path $OUT/tmp/scgi;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $OUT/www;
    location = / { default_type "text/html; charset=utf-8"; try_files /index.html =404; }
    location /api/ { default_type "application/json; charset=utf-8"; }
  }
}
CONF
"$NGINX" -c "$OUT/nginx.conf" -p "$OUT" &
PIDS+=($!)
NGINX_URL=http://127.0.0.1:$NGINX_PORT
for _ in $(seq 1 50); do curl -sf -o /dev/null "$NGINX_URL/" && break; sleep 0.1; done
for path in / "$QUERY"; do
  cmp -s <(curl -sf "$PSST_URL$path") <(curl -sf "$NGINX_URL$path") || die "nginx and psst differ on $path"
done

# ---- wrk ----
# run_wrk LABEL URL CONNECTIONS: prints "rps p50 p90 p99" (latencies in ms)
to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }'; }
run_wrk() {
  local label=$1 url=$2 conns=$3 raw="$OUT/wrk-$1.txt"
  wrk -t1 -c"$conns" -d2s "$url" >/dev/null
  wrk -t1 -c"$conns" -d"${SECONDS_EACH}s" --latency "$url" >"$raw"
  local rps p50 p90 p99
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$raw")
  p50=$(awk '$1 == "50%" { print $2 }' "$raw" | to_ms)
  p90=$(awk '$1 == "90%" { print $2 }' "$raw" | to_ms)
  p99=$(awk '$1 == "99%" { print $2 }' "$raw" | to_ms)
  grep -q "Non-2xx" "$raw" && die "$label: wrk saw errors: $(cat "$raw")"
  echo "$rps $p50 $p90 $p99"
}

declare -A R
R[psst_home]=$(run_wrk psst-home "$PSST_URL/" "$CONNS")
R[nginx_home]=$(run_wrk nginx-home "$NGINX_URL/" "$CONNS")
R[psst_api]=$(run_wrk psst-api "$PSST_URL$QUERY" "$CONNS")
R[nginx_api]=$(run_wrk nginx-api "$NGINX_URL$QUERY" "$CONNS")
stop_last # nginx
stop_last # psst, cached
start_psst "$OUT/psst-uncached.log" --cache-mb 0
R[psst_api_uncached]=$(run_wrk psst-api-uncached "$PSST_URL$QUERY" 1)
R[psst_api_uncached_n]=$(run_wrk psst-api-uncached-c$UNCACHED_CONNS "$PSST_URL$QUERY" "$UNCACHED_CONNS")
stop_last

field() { echo "${R[$1]}" | cut -d' ' -f"$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = op == ">=" ? v >= t : v < t; print ok ? "PASS" : "FAIL" }'; }
sessions=$("$PSST" --data "$DATA" --db "$DB" list --format csv 2>/dev/null | tail -n +2 | wc -l)
{
  echo "psst serve against nginx, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $sessions sessions,"
  echo "psst at $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $THREADS server threads and nginx workers,"
  echo "wrk -t1 -c$CONNS -d${SECONDS_EACH}s (uncached: -c1 and -c$UNCACHED_CONNS); latencies in ms."
  echo
  echo "| what | psst rps | nginx rps | ratio | psst p50 / p90 / p99 | nginx p50 / p90 / p99 | target | verdict |"
  echo "|---|---:|---:|---:|---|---|---|---|"
  for k in home api; do
    path=$([[ $k == home ]] && echo "/" || echo "/api/sessions?q=$WORD")
    r=$(ratio "$(field psst_$k 1)" "$(field nginx_$k 1)")
    echo "| \`$path\`, cached | $(field psst_$k 1) | $(field nginx_$k 1) | $r | $(field psst_$k 2) / $(field psst_$k 3) / $(field psst_$k 4) | $(field nginx_$k 2) / $(field nginx_$k 3) / $(field nginx_$k 4) | ratio >= 0.5 | $(verdict "$r" 0.5 '>=') |"
  done
  echo "| \`/api/sessions?q=$WORD\`, uncached, -c1 | $(field psst_api_uncached 1) | - | - | $(field psst_api_uncached 2) / $(field psst_api_uncached 3) / $(field psst_api_uncached 4) | - | p99 < $P99_MS ms | $(verdict "$(field psst_api_uncached 4)" "$P99_MS" '<') |"
  echo "| \`/api/sessions?q=$WORD\`, uncached, -c$UNCACHED_CONNS | $(field psst_api_uncached_n 1) | - | - | $(field psst_api_uncached_n 2) / $(field psst_api_uncached_n 3) / $(field psst_api_uncached_n 4) | - | p99 < $P99_N_MS ms | $(verdict "$(field psst_api_uncached_n 4)" "$P99_N_MS" '<') |"
} | tee "$OUT/results-$sessions.md"
