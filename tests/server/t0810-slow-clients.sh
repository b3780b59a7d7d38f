# Slow clients cannot lock others out: 40 connections from 127.0.0.2, each sending a header
# line every half second (which resets an idle timeout but not the request deadline), against
# limits lowered for the test (32 connections, 20 per address, 2 s for a request's headers).
# Another address still gets in at once (a quarter of the slots is kept for new addresses),
# and the slow address's own clients within the deadline; the slow connections are cut.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
LOG=$WORK/server.log
trap 'serve_stop' EXIT
export PSST_SERVE_MAX_CONNECTIONS=32 PSST_SERVE_MAX_PER_IP=20 PSST_SERVE_HEADER_MS=2000
serve_start "$SRC/data" "$WORK/psst.db" "$LOG" || exit 1
port=${BASE##*:}

python3 - "$port" >"$WORK/result" <<'PY'
import socket, sys, threading, time
port = int(sys.argv[1])
slow, cut = [], []
def trickle():
    try:
        s = socket.socket()
        s.bind(("127.0.0.2", 0))
        s.settimeout(10)
        s.connect(("127.0.0.1", port))
        slow.append(1)
        s.sendall(b"GET /api/sessions HTTP/1.1\r\nHost: x\r\n")
        t0 = time.time()
        for i in range(20):  # 10 s of header lines, if nobody stops it
            time.sleep(0.5)
            s.sendall(b"X-Slow-%d: a\r\n" % i)
    except OSError:
        cut.append(time.time() - t0 if "t0" in locals() else 0)
threads = [threading.Thread(target=trickle) for _ in range(40)]
for t in threads:
    t.start()
time.sleep(0.5)
def fetch(src):
    t0 = time.time()
    try:
        s = socket.socket()
        s.bind((src, 0))
        s.settimeout(10)
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /api/sessions?limit=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = s.recv(64)
        s.close()
        return data[9:12].decode(), time.time() - t0
    except OSError:
        return "none", time.time() - t0
# another address, at once
print("other %s %.1f" % fetch("127.0.0.1"))
# the slow address itself: refused while its slots are full, then let in once they are cut
deadline = time.time() + 8
while True:
    code, _ = fetch("127.0.0.2")
    if code == "200" or time.time() > deadline:
        break
    time.sleep(0.25)
print("same %s %.1f" % (code, time.time() - (deadline - 8) + 0.5))
for t in threads:
    t.join()
print("slow %d" % len(slow))
print("cut %d %.1f" % (len(cut), max(cut) if cut else 99))
PY
read -r _ code secs <<EOF2
$(grep '^other' "$WORK/result")
EOF2
expect_eq "another address is served while 40 slow clients trickle" "$code" 200
if awk "BEGIN { exit !($secs < 1.5) }"; then pass; else fail "and at once" "after $secs s"; fi
read -r _ code secs <<EOF2
$(grep '^same' "$WORK/result")
EOF2
expect_eq "the slow address's other clients are served" "$code" 200
if awk "BEGIN { exit !($secs < 6) }"; then pass; else fail "within the header deadline" "after $secs s"; fi
read -r _ n <<EOF2
$(grep '^slow' "$WORK/result")
EOF2
if [ "$n" -ge 20 ] && [ "$n" -le 40 ]; then pass; else fail "the slow clients held slots" "$n connected"; fi
read -r _ n secs <<EOF2
$(grep '^cut' "$WORK/result")
EOF2
if [ "$n" -ge 20 ]; then pass; else fail "the slow connections are cut" "$n cut"; fi
if awk "BEGIN { exit !($secs < 5) }"; then pass; else fail "by the deadline, though they kept sending" "the last after $secs s"; fi
serve_stop
expect_eq "the server stops cleanly" "$serve_status" 0
finish
