# The nginx configuration of docs/deploy-nginx.md, run as it stands in front of psst serve
# (only its two addresses replaced by loopback ports): requests pass through with their
# validators, nginx refuses what the document says it refuses, and the rate limit holds.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
LOG=$WORK/server.log
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ]; then
  fail "nginx is installed (scripts/install-deps.sh check)"
  finish
fi
serve_start "$SRC/data" "$WORK/psst.db" "$LOG" || exit 1
psst_port=${BASE##*:}
nginx_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$WORK/nginx/logs"
# the document's block, with its addresses replaced
awk '/^```nginx$/ { on = 1; next } /^```$/ { on = 0 } on' "$SRC/docs/deploy-nginx.md" |
  sed -e "s/listen 80;/listen 127.0.0.1:$nginx_port;/" \
    -e "s/server 127\.0\.0\.1:8080;/server 127.0.0.1:$psst_port;/" >"$WORK/nginx/psst.conf"
expect_eq "the document has the block, with both addresses" \
  "$(grep -cE "listen 127.0.0.1:$nginx_port;|server 127.0.0.1:$psst_port;" "$WORK/nginx/psst.conf")" 2
cat >"$WORK/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log;
events { worker_connections 256; }
http {
  access_log $WORK/nginx/logs/access.log;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  include $WORK/nginx/psst.conf;
}
CONF
"$NGINX" -t -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" >"$WORK/nginx-t" 2>&1
expect_eq "nginx takes the configuration" "$?" 0
"$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" 2>"$WORK/nginx/stderr" &
NGINX_PID=$!
trap 'kill "$NGINX_PID" 2>/dev/null; serve_stop' EXIT
PSST_BASE=$BASE
BASE=http://127.0.0.1:$nginx_port
for _ in $(seq 1 50); do
  curl -s -o /dev/null "$BASE/" && break
  sleep 0.1
done

get /api/sessions/19-18
expect_code "a request passes through" 200
json_check "with psst serve's answer" "d['term'] == 19 and d['number'] == 18"
etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' "$WORK/headers" | tr -d '\r')
get /api/sessions/19-18 -H "If-None-Match: $etag"
expect_code "a conditional request gets psst serve's 304" 304
get "/sessions?term=abc"
expect_code "psst serve's own errors pass through" 400
head -c 4096 /dev/zero | tr '\0' x >"$WORK/big"
get /api/sessions -X POST --data-binary "@$WORK/big"
expect_code "a body over 1 KiB is refused by nginx" 413
get "/api/sessions?q=$(head -c 9000 /dev/zero | tr '\0' a)"
expect_code "a request line over 8 KiB is refused" 414
code=$(python3 - "$nginx_port" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(5)
s.sendall(b"GET /api/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")
print(s.recv(64)[9:12].decode())
PY
)
expect_code "two Content-Lengths are refused" 400
# what libmicrohttpd 0.9.75 lets through (docs/deploy-nginx.md): a NUL inside a header is
# refused in front, and a bare LF line end reaches psst serve as a normal request
code=$(python3 - "$nginx_port" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(5)
s.sendall(b"GET /api/sessions/19-18 HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n")
print(s.recv(64)[9:12].decode())
PY
)
expect_code "a NUL in a header is refused by nginx" 400
code=$(python3 - "$nginx_port" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(5)
s.sendall(b"GET /api/sessions/19-18 HTTP/1.1\nHost: x\nConnection: close\n\n")
print(s.recv(64)[9:12].decode())
PY
)
expect_code "a request with bare LF line ends is normalised and answered" 200
# 20 a second with a burst of 40: 100 requests at once cannot all pass
python3 - "$nginx_port" >"$WORK/burst" <<'PY'
import http.client, sys, threading
port, codes, go = int(sys.argv[1]), [], threading.Barrier(100)
def one():
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    c.connect()
    go.wait()
    c.request("GET", "/api/sessions/19-18")
    codes.append(c.getresponse().status)
threads = [threading.Thread(target=one) for _ in range(100)]
for t in threads: t.start()
for t in threads: t.join()
print("\n".join(map(str, codes)))
PY
n429=$(grep -c '^429$' "$WORK/burst")
n200=$(grep -c '^200$' "$WORK/burst")
if [ "$n429" -gt 0 ] && [ "$n200" -ge 20 ] && [ $((n429 + n200)) -eq 100 ]; then pass; else fail "the rate limit holds" "$n200 served, $n429 refused"; fi
kill "$NGINX_PID"
wait "$NGINX_PID" 2>/dev/null
BASE=$PSST_BASE
serve_stop
expect_eq "psst serve stops cleanly" "$serve_status" 0
finish
