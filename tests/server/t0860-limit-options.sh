# psst serve's limits as options: --per-address, --header-timeout and --query-timeout take
# effect; a bad value is a usage error (exit 2) that names the option; --help lists them.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
LOG=$WORK/server.log
trap 'serve_stop' EXIT

# ---- the command line ----
run serve --help
for o in --immutable --max-connections --per-address --header-timeout --query-timeout --shutdown-timeout; do
  expect_out "--help lists $o" "$o"
done
for bad in "--per-address 0" "--per-address x" "--max-connections 3" "--header-timeout 0" \
  "--header-timeout 1.5" "--query-timeout -1" "--query-timeout 3600001" "--shutdown-timeout abc"; do
  # shellcheck disable=SC2086 # the option and its value
  run serve --port 0 $bad
  expect_status "$bad: a usage error" 2
  expect_err "$bad: names the option" "psst serve: ${bad% *}: '${bad#* }' is not"
done

# ---- --per-address 2: a third connection from 127.0.0.1 is refused, 127.0.0.2 is served ----
serve_start "$SRC/data" "$WORK/psst.db" "$LOG" --per-address 2 --header-timeout 2 || exit 1
port=${BASE##*:}
python3 - "$port" >"$WORK/out" 2>&1 <<'PY'
import socket, sys, time
port = int(sys.argv[1])
def ask(src, path="/api/sessions/19-18"):
    s = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(src, 0))
    s.sendall(b"GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % path.encode())
    return s
def status(s):
    try:
        data = s.recv(64)
    except OSError:
        return "closed"
    return data.split(b" ")[1].decode() if data.startswith(b"HTTP/1.1 ") else "closed"
# two connections held open with a request under way (its headers not finished)
held = []
for _ in range(2):
    s = socket.create_connection(("127.0.0.1", port), timeout=8)
    s.sendall(b"GET /api/sessions/19-18 HTTP/1.1\r\n")
    held.append(s)
time.sleep(0.3)
print("third", status(ask("127.0.0.1")))
print("other", status(ask("127.0.0.2")))
# --header-timeout 2: the held requests are cut within about 2 seconds of their start
t0 = time.time()
try:
    data = held[0].recv(64)
except OSError:
    data = b""
print("cut %s %.0f" % (data[:12].decode() or "closed", time.time() - t0 + 0.3))
for s in held: s.close()
time.sleep(0.3)
print("after", status(ask("127.0.0.1")))
PY
expect_out_any "a third from it is refused" "third closed"
expect_out_any "another address is served meanwhile" "other 200"
expect_out_any "once they are gone the address is served again" "after 200"
cut=$(sed -n 's/^cut \([^ ]*\) \([0-9]*\)$/\1 \2/p' "$WORK/out")
case "$cut" in
"HTTP/1.1 408 "[1-4] | "closed "[1-4] | "HTTP/1.1 408 "[1-4]) pass ;;
*) fail "an unfinished request is cut after the header timeout (2 s)" "$cut" ;;
esac
serve_stop

# ---- --query-timeout 1: a long query answers 503; a short one 200 ----
serve_start "$SRC/data" "$WORK/psst.db" "$LOG" --cache-mb 0 --threads 1 --query-timeout 1 || exit 1
get "/api/sessions?_format=csv"
expect_code "a query over --query-timeout" 503
json_check "its error names the limit" "'took longer than the 1 ms' in d['error']['message']"
get /api/sessions/19-18
expect_code "a short query is answered" 200
serve_stop
expect_eq "the server stops cleanly" "$serve_status" 0
finish
