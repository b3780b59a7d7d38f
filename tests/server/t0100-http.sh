# HTTP tests of psst serve with curl: status codes, headers, JSON shape, CSV equal to
# the CLI's for the same filters, the limits and the error cases, escaping, a clean stop.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
LOG=$WORK/server.log
trap 'serve_stop' EXIT
serve_start "$SRC/data" "$WORK/psst.db" "$LOG" || exit 1

# ---- pages ----
for p in / /sessions /sessions/19-18 /lecturers /institutions /findings "/sessions?lang=zh" \
  "/sessions?q=%E5%8C%BA%E5%9D%97%E9%93%BE" "/sessions?term=19&tech=ai&sort=-date" "/sessions/16-38?lang=zh"; do
  get "$p"
  expect_code "GET $p" 200
  expect_header "$p is HTML" "content-type: text/html; charset=utf-8"
done
get /
expect_body "the home page draws the leading chart" '/charts/topics-by-year.svg?from=2002&amp;to=2021'
expect_body "the home page shows the counts" "$(grep -c . "$SRC/data/sessions.jsonl")</b> sessions"
expect_body "the count of lecturers is the ranking's" "$("$PSST" --data "$SRC/data" --db "$WORK/psst.db" lecturers --format csv 2>/dev/null | tail -n +2 | wc -l | tr -d " ")</b> lecturers"
expect_body "the home page has the timeline" "Blockchain"
get "/?lang=zh"
expect_body "the home page in Chinese" "中央政治局集体学习"
expect_body "the language switch goes back to English" 'hreflang="en"'
get "/sessions?q=%E5%8C%BA%E5%9D%97%E9%93%BE"
expect_body "a Chinese search finds the blockchain session" 'href="/sessions/19-18"'
expect_body "the match is highlighted" "<mark>区块链</mark>"
get "/sessions?q=blockchain&_fragment=1"
expect_body "the fragment has the results" 'href="/sessions/19-18"'
expect_no_body "the fragment has no page around it" "<html"
get /sessions/19-18
expect_body "a session shows its Chinese title" "区块链技术发展现状和趋势"
expect_body "a lecturer links to the lecturer's sessions" 'href="/sessions?lecturer='
expect_body "sources are links" '<a rel="noopener noreferrer" href="http'
expect_body "named by publisher, with their kind and date" 'CCTV</a> <span class="src-kind">Broadcast text, 2019-10-25</span>'
get /sessions/16-19
expect_body "an undated session shows its window" "held between 2004-12-28 and 2005-04-14 (date uncertain)"
get /sessions/99-1
expect_code "an unknown session is 404" 404
get "/charts/topics-by-year.svg?from=2002&to=2021&lang=zh"
expect_code "a chart" 200
expect_header "a chart is SVG" "content-type: image/svg+xml"
expect_body "the chart is the library's SVG" "<svg"
get "/charts/topics-by-year.svg?from=2021&to=2002"
expect_code "a chart with from after to" 400
get /charts/pie.svg
expect_code "an unknown chart" 404
get /static/style.css
expect_code "the stylesheet is embedded" 200
expect_header "CSS type" "content-type: text/css"
get /static/app.js
expect_header "JavaScript type" "content-type: text/javascript"
get /static/missing.css
expect_code "a missing file" 404

# ---- headers on every response, errors included ----
for p in / /api/sessions /nope; do
  get "$p"
  expect_header "CSP on $p" "content-security-policy: default-src 'none'; script-src 'self'"
  expect_header "nosniff on $p" "x-content-type-options: nosniff"
  expect_header "Referrer-Policy on $p" "referrer-policy: no-referrer"
done
code=$(curl -s -I -o "$WORK/headers" -w '%{http_code}' "$BASE/api/sessions")
expect_code "HEAD" 200

# ---- the JSON API ----
t19=$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["term"] == 19))' "$SRC/data/sessions.jsonl")
get "/api/sessions?term=19&limit=5&offset=2"
expect_code "api/sessions" 200
expect_header "JSON type" "content-type: application/json; charset=utf-8"
json_check "a page of sessions with the total" "d['total'] == $t19 and d['offset'] == 2 and d['limit'] == 5 and len(d['rows']) == 5"
json_check "rows carry the listing's columns, numbers typed" "list(d['rows'][0]) == ['id','date','term','number','leader','format','topic','tech','title','lecturers'] and d['rows'][0]['term'] == 19 and d['rows'][0]['id'] == '19-3'"
expect_header "the total in a header too" "x-total-count: $t19"
get "/api/sessions?sort=-date&limit=1"
json_check "newest first" "d['rows'][0]['id'] == '20-23' or d['rows'][0]['term'] == 20"
get "/api/sessions?leader=xi&tech=ai&lang=zh"
json_check "filters and language" "d['total'] >= 2 and all(r['leader'] == 'Xi Jinping' for r in d['rows']) and any('人工智能' in r['title'] for r in d['rows'])"
get /api/sessions/19-18
json_check "one session is its stored record" "d['term'] == 19 and d['number'] == 18 and d['tech'] == ['blockchain']"
json_check "its sources are objects, official first" "d['sources'][0]['publisher'] == 'CCTV' and d['sources'][0]['kind'] == 'broadcast' and 'lecturers' in d['sources'][0]['supports']"
get "/api/search?q=%E5%8C%BA%E5%9D%97%E9%93%BE"
json_check "search in Chinese" "d['total'] == 1 and d['rows'][0]['id'] == '19-18' and '[区块链]' in d['rows'][0]['snippet']"
get "/api/search?q=quantum"
json_check "search in English" "d['rows'][0]['id'] == '19-24'"
get "/api/stats?by=year,topic&from=2002-01-01&to=2021-12-31"
json_check "stats by year and topic" "d['rows'][0]['year'] == 2002 and 'total' in d['rows'][0] and d['note']"
get "/api/codebook"
json_check "the codebook" "set(d) == {'topic','tech','format','confidence','institution','term'} and any(t['code'] == 'blockchain' for t in d['tech'])"
get "/api/codebook?kind=tech&_format=csv"
expect_body "one list of the codebook as CSV" "blockchain,"
get /api/lecturers
json_check "lecturers" "d['total'] > 50 and 'name_zh' in d['rows'][0]"
get /api/institutions
json_check "institutions" "d['rows'][0]['code'] == 'cass' or d['total'] > 10"
get /api/timeline
json_check "the timeline" "d['rows'][0]['tech'] == 'military' or len(d['rows']) == 13"

# ---- CSV: the same bytes as the CLI's --format csv for the same filters ----
csv_same() { # TITLE QUERY CLI-ARGS...
  title=$1
  query=$2
  shift 2
  curl -s -o "$WORK/api.csv" "$BASE$query"
  "$PSST" --data "$SRC/data" --db "$WORK/psst.db" "$@" --format csv >"$WORK/cli.csv" 2>/dev/null
  if [ -s "$WORK/cli.csv" ] && cmp -s "$WORK/api.csv" "$WORK/cli.csv"; then
    pass
  else
    fail "$title" "$(diff "$WORK/api.csv" "$WORK/cli.csv" | head -5)"
  fi
}
csv_same "CSV of every session" "/api/sessions?_format=csv" list
csv_same "CSV of term 19" "/api/sessions?term=19&_format=csv" list --term 19
csv_same "CSV of 2013" "/api/sessions?year=2013&_format=csv" list --year 2013
csv_same "CSV of Xi's AI sessions" "/api/sessions?leader=xi&tech=ai&_format=csv" list --leader xi --tech ai
csv_same "CSV of a lecturer" "/api/sessions?lecturer=%E8%AE%B8%E5%B4%87%E5%BE%B7&_format=csv" list --lecturer 许崇德
csv_same "CSV of a date range in Chinese" "/api/sessions?from=2019-01-01&to=2019-12-31&lang=zh&_format=csv" list --from 2019-01-01 --to 2019-12-31 --lang zh
csv_same "CSV of a search" "/api/sessions?q=%E9%87%8F%E5%AD%90&limit=20&_format=csv" search 量子 --limit 20
csv_same "CSV of stats" "/api/stats?by=leader,tech&_format=csv" stats --by leader,tech
csv_same "CSV of lecturers" "/api/lecturers?_format=csv" lecturers
csv_same "CSV of institutions" "/api/institutions?leader=xi&_format=csv" institutions --leader xi
get "/api/sessions?term=19&_format=csv"
expect_header "CSV type" "content-type: text/csv; charset=utf-8"
expect_header "CSV is a download" "content-disposition: attachment"

# ---- errors: JSON with a message and the right status ----
err_case() { # TITLE PATH WANT [curl options]
  t=$1
  p=$2
  w=$3
  shift 3
  get "$p" "$@"
  expect_code "$t" "$w"
  json_check "$t: JSON error" "d['error']['status'] == $w and len(d['error']['message']) > 0"
}
err_case "unknown parameter" "/api/sessions?colour=red" 400
err_case "malformed number" "/api/sessions?term=abc" 400
err_case "a number out of range" "/api/sessions?year=1800" 400
err_case "a parameter twice" "/api/sessions?term=18&term=19" 400
err_case "limit 0" "/api/sessions?limit=0" 400
err_case "limit above a page" "/api/sessions?limit=5000" 400
err_case "negative offset" "/api/sessions?offset=-1" 400
err_case "invalid UTF-8" "/api/sessions?q=%FF%FE" 400
err_case "a control character" "/api/sessions?leader=x%01" 400
err_case "a bad date" "/api/sessions?from=2019-13-45" 400
err_case "an unknown topic code" "/api/sessions?topic=astrology" 400
err_case "an unknown leader" "/api/sessions?leader=mao" 400
err_case "an unknown sort" "/api/sessions?sort=random" 400
err_case "search without q" "/api/search" 400
err_case "a query without words" "/api/search?q=%2B%2B%2B" 400
err_case "stats without by" "/api/stats" 400
err_case "stats by an unknown dimension" "/api/stats?by=colour" 400
err_case "too many parameters" "/api/sessions?$(seq -s '&' 1 30 | sed 's/\([0-9]*\)/lang=/g')" 400
err_case "an over-long value" "/api/sessions?q=$(head -c 300 /dev/zero | tr '\0' a)" 400
err_case "no such session" "/api/sessions/99-1" 404
err_case "not a session id" "/api/sessions/abc" 404
err_case "no such API" "/api/nothing" 404
err_case "POST" "/api/sessions" 405 -X POST -d x=1
expect_header "405 says what is allowed" "allow: GET, HEAD"
err_case "DELETE" "/api/sessions/19-18" 405 -X DELETE
head -c 4096 /dev/zero | tr '\0' x >"$WORK/big"
err_case "a request body too large" "/api/sessions" 413 -X POST --data-binary "@$WORK/big"
get "/static/../../etc/passwd"
expect_code "a path with .. is refused" 400
get "/%2e%2e/etc/passwd"
expect_code "an encoded .. is refused" 400
get "/static//style.css"
expect_code "a path with // is refused" 400
get "/" -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' a)"
if [ "$code" -ge 400 ] && [ "$code" -lt 500 ]; then pass; else fail "an oversized header is refused" "HTTP $code"; fi
get "/sessions?term=abc"
expect_code "a page with a bad parameter" 400
expect_header "a page's error is HTML" "content-type: text/html"

# ---- the command line ----
port=${BASE##*:}
run serve --port 70000
expect_status "a port out of range is a usage error" 2
run serve --host nowhere --port 0
expect_status "a host that is not an address is a usage error" 2
run --db "$WORK/psst.db" serve --port "$port"
expect_status "a port in use is a system error" 3
expect_err "and says so" "cannot listen on 127.0.0.1 port $port"

# ---- the same request twice gives the same bytes (the second from the cache) ----
curl -s -o "$WORK/a" "$BASE/api/sessions?term=18"
curl -s -o "$WORK/b" "$BASE/api/sessions?term=18"
if cmp -s "$WORK/a" "$WORK/b"; then pass; else fail "a cached response is the same"; fi

# ---- markup in the data renders as text ----
d=$(datadir markup "$SRC/data/sessions.jsonl")
python3 - "$d/sessions.jsonl" <<'PY'
import json, sys
path = sys.argv[1]
lines = open(path, encoding="utf-8").read().splitlines()
out = []
for line in lines:
    r = json.loads(line)
    if r["term"] == 19 and r["number"] == 18:
        r["notes"] = "<script>alert('note')</script> & \"quoted\""
        r["lecturers"][0]["name_en"] = "<img src=x onerror=alert(1)>"
    out.append(json.dumps(r, ensure_ascii=False))
open(path, "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
serve_stop
expect_eq "the server stops cleanly on SIGTERM" "$serve_status" 0
if grep -q "^psst: stopped (SIGTERM)" "$LOG"; then pass; else fail "the log says it stopped"; fi
if grep -qE '^GET /api/sessions 200 [0-9]+ [0-9]+us$' "$LOG"; then pass; else fail "a log line per request: method, path, status, bytes, microseconds" "$(tail -n 3 "$LOG")"; fi
serve_start "$d" "$WORK/markup.db" "$WORK/markup.log" || exit 1
# keep-alive: two requests, a page and an API answer, over one connection, neither closing it
curl -sv --max-time 30 -o /dev/null -o /dev/null "$BASE/api/sessions?limit=1" "$BASE/" 2>"$WORK/keepalive"
if grep -q "Re-using existing connection" "$WORK/keepalive" && ! grep -qi "^< connection: close" "$WORK/keepalive"; then
  pass
else
  fail "connections are kept alive between requests" "$(grep -i 'connection' "$WORK/keepalive")"
fi
get /sessions/19-18
expect_body "a note with markup is escaped" "&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"
expect_no_body "no script from the data" "<script>alert"
expect_body "a lecturer's name with markup is escaped" "&lt;img src=x onerror=alert(1)&gt;"
expect_no_body "no element from the data" "<img src=x"
get "/sessions?q=script"
expect_no_body "search results escape too" "<script>alert"
get "/lecturers"
expect_no_body "the lecturers page escapes too" "<img src=x"
get "/sessions?q=%3Cb%3Ebold%3C%2Fb%3E"
expect_body "the query is escaped where it is shown" 'value="&lt;b&gt;bold&lt;/b&gt;"'
serve_stop
finish
