# Malformed and hostile requests, sent over raw sockets: every one is answered (400, 405,
# 413, 414) within seconds, never left hanging, and the server still serves afterwards.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
LOG=$WORK/server.log
trap 'serve_stop' EXIT
serve_start "$SRC/data" "$WORK/psst.db" "$LOG" || exit 1
port=${BASE##*:}

# one line per case: its name, the status wanted, the status got (or "none" after 5 s)
python3 - "$port" >"$WORK/cases" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
def params(n):
    return b"&".join(b"lang=" for _ in range(n))
cases = [
    ("300 parameters", 400, b"GET /api/sessions?" + params(300) + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("1300 parameters (7.8 KB)", 400, b"GET /api/sessions?" + params(1300) + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("2000 parameters (12 KB)", 414, b"GET /api/sessions?" + params(2000) + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("a query over 8 KiB", 414, b"GET /api/sessions?q=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("Transfer-Encoding: xchunked", 400, b"POST /api/sessions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n"),
    ("two Content-Lengths", 400, b"GET /api/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
    ("Content-Length with Transfer-Encoding", 400, b"GET /api/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    ("a Content-Length that is not a number", 400, b"GET /api/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n"),
    ("HTTP/1.1 without Host", 400, b"GET /api/sessions HTTP/1.1\r\n\r\n"),
    ("two Hosts", 400, b"GET /api/sessions HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
    ("POST", 405, b"POST /api/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nx=1"),
    ("a body over the limit", 413, b"GET /api/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\n\r\n"),
    # the first chunk only: the answer must come before the rest of 50 MB is sent
    ("a chunked body", 413, b"GET /api/sessions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1000\r\n" + b"a" * 4096 + b"\r\n"),
    # libmicrohttpd decodes %00 into the end of the path: style.css must not be served
    ("a NUL (%00) in the path", 400, b"GET /static/style.css%00.png HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("a NUL (%00) in a session's path", 400, b"GET /api/sessions/19-18%00x HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("a well-formed request", 200, b"GET /api/sessions?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n"),
]
for name, want, req in cases:
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(5)
    got = "none"
    try:
        s.sendall(req)
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        if data.startswith(b"HTTP/1.1 "):
            got = data[9:12].decode()
    except OSError:
        pass
    s.close()
    print("%s|%d|%s" % (name, want, got))
PY
while IFS='|' read -r name want got; do
  if [ "$got" = "$want" ]; then pass; else fail "$name" "HTTP $got, want $want"; fi
done <"$WORK/cases"
expect_eq "every case ran" "$(wc -l <"$WORK/cases" | tr -d ' ')" 16

# a client that gives up halfway is logged with why, not with a status it never got
python3 - "$port" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /api/sessions HTTP/1.1\r\nHost: x\r\n")
s.close()
PY
get "/api/sessions?limit=1"
expect_code "the server still serves" 200
serve_stop
expect_eq "and stops cleanly" "$serve_status" 0
if grep -qE ' 0 [0-9]+ [0-9]+us$' "$LOG"; then fail "no request is logged with status 0" "$(grep -E ' 0 [0-9]+ [0-9]+us$' "$LOG" | head -3)"; else pass; fi
# with why it got no answer: the client's abort when libmicrohttpd saw it, else the shutdown
# that ended the connection (a half-sent request is not always seen closed before)
if grep -qE '^- /api/sessions - 0 [0-9]+us (client-abort|read-error|error|shutdown)$' "$LOG"; then pass; else fail "the abandoned request is logged as such" "$(tail -n 5 "$LOG")"; fi
finish
