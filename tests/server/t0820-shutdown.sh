# A stop under load is graceful and bounded: 6 times, 16 clients send uncached requests as
# fast as they can and the server gets SIGTERM or SIGINT in the middle. It must exit 0 (never
# abort with connections left suspended), within the shutdown deadline, and every response a
# client got is whole: 200, or 503 for what arrived during the stop.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
trap 'serve_stop' EXIT
export PSST_SERVE_SHUTDOWN_MS=3000
# build the database once, outside the timed runs
"$PSST" --data "$SRC/data" --db "$WORK/psst.db" stats --by year >/dev/null 2>&1
for i in 1 2 3 4 5 6; do
  sig=TERM
  [ $((i % 2)) -eq 0 ] && sig=INT
  LOG=$WORK/server-$i.log
  serve_start "$SRC/data" "$WORK/psst.db" "$LOG" --cache-mb 0 || exit 1
  python3 - "${BASE##*:}" "$SERVER_PID" "$sig" >"$WORK/load-$i" <<'PY'
import http.client, os, signal, sys, threading, time
port, pid, sig = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
codes, lock, stop = {}, threading.Lock(), [time.time() + 20]
paths = ["/api/sessions?_format=csv", "/sessions?limit=200", "/api/stats?by=year,topic", "/"]
def load(n):
    c = None
    while time.time() < stop[0]:
        try:
            if c is None:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=8)
            c.request("GET", paths[n % len(paths)])
            r = c.getresponse()
            body = r.read()
            key = str(r.status) if len(body) == int(r.getheader("Content-Length", len(body))) else "short"
            if r.getheader("Connection", "").lower() == "close":
                c.close(); c = None
        except (OSError, http.client.HTTPException):
            key = "closed"  # refused or reset once the server stopped listening
            if c: c.close()
            c = None
            time.sleep(0.05)
        with lock:
            codes[key] = codes.get(key, 0) + 1
        n += 1
threads = [threading.Thread(target=load, args=(i,)) for i in range(16)]
for t in threads: t.start()
time.sleep(1.0)
t0 = time.time()
os.kill(pid, signal.SIGTERM if sig == "TERM" else signal.SIGINT)
stop[0] = time.time() + 1.5  # what arrives during the stop, and the refusals after it
for t in threads: t.join()
print(" ".join("%s=%d" % kv for kv in sorted(codes.items())))
PY
  start=$(date +%s)
  serve_stop
  took=$(($(date +%s) - start))
  expect_eq "run $i: SIG$sig under load exits 0" "$serve_status" 0
  if grep -q "^psst: stopped (SIG$sig) in [0-9]* ms" "$LOG"; then pass; else fail "run $i: the log says it stopped" "$(tail -n 3 "$LOG")"; fi
  if [ "$took" -le 8 ]; then pass; else fail "run $i: the stop is bounded" "$took s"; fi
  if grep -qE '(^| )200=' "$WORK/load-$i"; then pass; else fail "run $i: the load was served" "$(cat "$WORK/load-$i")"; fi
  if grep -qvE '^((200|503|closed)=[0-9]+ ?)+$' "$WORK/load-$i"; then fail "run $i: only whole 200s and 503s" "$(cat "$WORK/load-$i")"; else pass; fi
  if grep -q "suspended connections" "$LOG"; then fail "run $i: no abort" "$(grep suspended "$LOG")"; else pass; fi
done
finish
