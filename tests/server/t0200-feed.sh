# psst serve: the Atom feed, ?since=, conditional requests (ETag, Last-Modified, 304), and a
# database rebuilt while the server runs (psst add on a copy of the data, a broken file, psst
# build) taken up without a restart; markup in the data escaped in the feed and the pages;
# --base-url.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
trap 'touch "$WORK/stop-load"; serve_stop' EXIT

# feedparser from python3-feedparser: the python3 on PATH may be another one
need_python 'import feedparser' python3-feedparser
if ! command -v xmllint >/dev/null 2>&1; then
  fail "xmllint (libxml2-utils) is installed (scripts/install-deps.sh check)"
  finish
  exit 1
fi

D=$(datadir copy "$SRC/data/sessions.jsonl")
DB=$WORK/copy.db
LOG=$WORK/server.log
serve_start "$D" "$DB" "$LOG" || exit 1

# the facts the checks expect, from the data: the session the test adds (the next number of
# the latest term, the day after its last dated session), the newest day a record changed
# and how many records changed on it
eval "$(python3 - "$D/sessions.jsonl" <<'PY'
import datetime, json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
term = max(r["term"] for r in recs)
mine = [r for r in recs if r["term"] == term]
last = max(r["date"] for r in mine if r["date"])
day = datetime.date.fromisoformat(last) + datetime.timedelta(days=1)
changed = [r.get("updated") or r.get("added") for r in recs]
newest = max(c for c in changed if c)
print(f"NEW_TERM={term} NEW_NUMBER={max(r['number'] for r in mine) + 1} NEW_DATE={day}")
print(f"NEWEST={newest} N_NEWEST={sum(1 for c in changed if c and c >= newest)}")
print(f"N_ENTRIES={min(50, len(recs))}")
PY
)"
NEW=$NEW_TERM-$NEW_NUMBER

# header NAME: a header of the last answer, without its name
header() { sed -n "s/^$1: *//Ip" "$WORK/headers" | tr -d '\r' | head -n 1; }
# py_check TITLE PYTHON-CODE: runs the code (feedparser and uuid imported, the body parsed as
# `f`, the data's records in `recs` by id, `base`, `new`) and expects it to exit quietly
py_check() {
  if "$PY" - "$WORK/body" "$D/sessions.jsonl" "$BASE" "$NEW" >"$WORK/pyout" 2>&1 <<PY; then
import feedparser, json, sys, uuid
f = feedparser.parse(sys.argv[1])
recs = {}
for l in open(sys.argv[2], encoding="utf-8"):
    if l.strip():
        r = json.loads(l)
        recs[f"{r['term']}-{r['number']}"] = r
base, new = sys.argv[3], sys.argv[4]
def urn(sid):
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:psst:session:" + sid))
$2
PY
    pass
  else
    fail "$1" "$(head -c 600 "$WORK/pyout")"
  fi
}
# xpath_is TITLE XPATH WANT: the value of an XPath expression over the body (the feed)
xpath_is() {
  got=$(xmllint --xpath "$2" "$WORK/body" 2>&1)
  expect_eq "$1" "$got" "$3"
}
A="local-name()"

# ---- the feed ----
get /feed.atom
expect_code "the feed" 200
expect_eq "the feed is Atom" "$(header content-type)" "application/atom+xml; charset=utf-8"
if xmllint --noout "$WORK/body" 2>"$WORK/xmlerr"; then pass; else fail "the feed is well-formed XML" "$(head -c 300 "$WORK/xmlerr")"; fi
cp "$WORK/body" "$WORK/feed-before.xml"
# RFC 4287: a feed has one id, title and updated, an author (or every entry has one); an
# entry has one id, title and updated, and a link rel=alternate or a content
xpath_is "the feed is an Atom feed" "namespace-uri(/*)" "http://www.w3.org/2005/Atom"
for el in id title updated author; do
  xpath_is "the feed has one $el" "count(/*[$A='feed']/*[$A='$el'])" 1
done
xpath_is "the author has a name" "string(/*[$A='feed']/*[$A='author']/*[$A='name'])" psst
xpath_is "the feed has its entries" "count(/*[$A='feed']/*[$A='entry'])" "$N_ENTRIES"
for el in id title updated; do
  xpath_is "every entry has one $el" "count(/*[$A='feed']/*[$A='entry'][count(*[$A='$el']) = 1])" "$N_ENTRIES"
done
xpath_is "every entry links to its page" "count(/*[$A='feed']/*[$A='entry'][*[$A='link'][@rel='alternate']])" "$N_ENTRIES"
xpath_is "the self link" "string(/*[$A='feed']/*[$A='link'][@rel='self']/@href)" "$BASE/feed.atom"
xpath_is "the link to the site" "string(/*[$A='feed']/*[$A='link'][@rel='alternate']/@href)" "$BASE/"
xpath_is "the feed changed when its newest record did" "string(/*[$A='feed']/*[$A='updated'])" "${NEWEST}T00:00:00Z"
py_check "feedparser reads Atom 1.0" "sys.exit(f.bozo or f.version != 'atom10' or len(f.entries) != $N_ENTRIES)"
py_check "the feed's id" "assert f.feed.id == 'urn:uuid:' + str(uuid.uuid5(uuid.NAMESPACE_URL, 'urn:psst:sessions')), f.feed.id"
py_check "each entry: id, link, title, updated and published from its record" "
for e in f.entries:
    sid = e.link.rsplit('/', 1)[1]
    r = recs[sid]
    assert e.link == base + '/sessions/' + sid, e.link
    assert e.id == urn(sid), (sid, e.id)
    day = r.get('updated') or r.get('added') or r['date']
    assert e.updated == day + 'T00:00:00Z', (sid, e.updated)
    assert e.get('published') == (r['date'] + 'T00:00:00Z' if r['date'] else None), (sid, e.get('published'))
    zh, en = r['title_zh'], r['title_en']
    want = zh + ' — ' + en if zh and en else zh or en or 'Session %s (subject unknown)' % sid
    assert e.title == want, (sid, e.title, want)
    assert 'Date: ' + (r['date'] or 'unknown') in e.content[0].value, (sid, e.content[0].value[:200])
    for s in r['sources']:
        assert 'href=\"' + s['url'].replace('&', '&amp;') + '\"' in e.content[0].value, (sid, s['url'])
"
py_check "the latest changes first" "
days = [e.updated for e in f.entries]
assert days == sorted(days, reverse=True), days
"
get /
expect_body "the pages name the feed" '<link rel="alternate" type="application/atom+xml" title="Sessions added or changed (Atom)" href="/feed.atom">'

# ---- ?since= ----
get "/api/sessions?since=$NEWEST&limit=1000"
expect_code "since" 200
json_check "the records changed on or after the day" "d['total'] == $N_NEWEST and len(d['rows']) == $N_NEWEST"
get "/api/sessions?since=2030-01-01"
json_check "none changed since a later day" "d['total'] == 0 and d['rows'] == []"
get "/api/search?q=blockchain&since=$NEWEST"
json_check "since with a search" "d['total'] == 1 and d['rows'][0]['id'] == '19-18'"
for bad in 2019-02-30 2019-13-01 yesterday 20191024; do
  get "/api/sessions?since=$bad"
  expect_code "since=$bad is refused" 400
  json_check "since=$bad: the API's JSON error" "d['error']['status'] == 400 and 'since' in d['error']['message']"
done
get "/sessions?since=$NEWEST"
expect_code "the pages do not take since" 400

# ---- conditional requests ----
etag_re='^"[0-9a-f]{16}-[0-9a-f]{16}"$'
# conditional TITLE PATH: the ETag and Last-Modified of a 200, and the 304s they give
conditional() {
  get "$2"
  expect_code "$1" 200
  etag=$(header etag)
  lm=$(header last-modified)
  if printf '%s\n' "$etag" | grep -qE "$etag_re"; then pass; else fail "$1: an ETag" "'$etag'"; fi
  case "$lm" in
    [A-Z][a-z][a-z],\ [0-9][0-9]\ [A-Z][a-z][a-z]\ [0-9][0-9][0-9][0-9]\ [0-9][0-9]:[0-9][0-9]:[0-9][0-9]\ GMT) pass ;;
    *) fail "$1: a Last-Modified" "'$lm'" ;;
  esac
  get "$2"
  expect_eq "$1: the same ETag again (the cached response)" "$(header etag)" "$etag"
  expect_eq "$1: and the same Last-Modified" "$(header last-modified)" "$lm"
  get "$2" -H "If-None-Match: $etag"
  expect_code "$1: If-None-Match" 304
  expect_eq "$1: a 304 has no body" "$(wc -c <"$WORK/body" | tr -d ' ')" 0
  expect_eq "$1: a 304 has the ETag" "$(header etag)" "$etag"
  get "$2" -H "If-None-Match: \"other\", W/$etag"
  expect_code "$1: a weak ETag in a list" 304
  get "$2" -H "If-Modified-Since: $lm"
  expect_code "$1: If-Modified-Since" 304
  get "$2" -H "If-None-Match: \"other\"" -H "If-Modified-Since: $lm"
  expect_code "$1: If-None-Match comes first" 200
  get "$2" -H "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT"
  expect_code "$1: modified since 1970" 200
  get "$2" -H "If-Modified-Since: yesterday"
  expect_code "$1: not a date: ignored" 200
}
conditional "the API" "/api/sessions?term=19"
api_etag=$etag api_lm=$lm
conditional "a page" "/sessions/19-18"
page_etag=$etag
conditional "the feed" "/feed.atom"
feed_etag=$etag feed_lm=$lm
get "/api/sessions?term=18"
other=$(header etag)
if [ "$other" != "$api_etag" ] && [ "${other%%-*}" = "${api_etag%%-*}" ]; then pass; else
  fail "another request: another ETag, the same database's tag" "$other vs $api_etag"
fi
get "/api/sessions?term=19" -H "If-None-Match: *"
expect_code "If-None-Match: *" 304
get /nope -H "If-None-Match: *"
expect_code "an error is never a 304" 404
expect_eq "nor has an ETag" "$(header etag)" ""

# ---- a session added while the server runs ----
# requests all through the rebuild, each answered whole from one database or the other: the
# sessions of a term the new one is not in, the same bytes every time, and the feed
get "/api/sessions?term=19&limit=3"
want_sum=$(md5sum <"$WORK/body")
(
  while [ ! -e "$WORK/stop-load" ]; do
    curl -s "$BASE/api/sessions?term=19&limit=3" | md5sum
    curl -s -o /dev/null -w '%{http_code}\n' "$BASE/feed.atom"
  done >"$WORK/load"
) &
load_pid=$!
status=0
"$PSST" --data "$D" --db "$DB" add "term=$NEW_TERM" "number=$NEW_NUMBER" "date=$NEW_DATE" \
  'title_zh=<script>alert(1)</script> & 学习' 'title_en=<b>Bold</b> & study' format=lecture \
  topic=sti 'lecturer=张三|Zhang San|<i>某大学</i>|A & B University' added=2030-01-01 \
  updated=2030-01-02 --url https://www.news.cn/politics/feed-test.htm >"$WORK/out" 2>"$WORK/err" ||
  status=$?
expect_status "psst add beside the server" 0
expect_out "psst add prints the record with its days" '"added": "2030-01-01", "updated": "2030-01-02"}'
for _ in $(seq 1 150); do
  get "/api/sessions/$NEW"
  [ "$code" = 200 ] && break
  sleep 0.2
done
expect_code "the new session, without a restart" 200
sleep 1
touch "$WORK/stop-load"
wait "$load_pid"
n_load=$(grep -c . "$WORK/load")
n_good=$(grep -cxF -e "$want_sum" -e 200 "$WORK/load")
if [ "$n_load" -ge 10 ] && [ "$n_good" -eq "$n_load" ]; then pass; else
  fail "every request during the rebuild answered whole" "$n_good of $n_load: $(grep -vxF -e "$want_sum" -e 200 "$WORK/load" | head -3)"
fi
json_check "its record" "d['term'] == $NEW_TERM and d['number'] == $NEW_NUMBER and d['added'] == '2030-01-01' and d['updated'] == '2030-01-02'"
expect_eq "one log line for the new database" "$(grep -c '^psst: took up the rebuilt database' "$LOG")" 1
get "/api/sessions?since=2030-01-01"
json_check "since finds it" "d['total'] == 1 and d['rows'][0]['id'] == '$NEW'"
get "/api/sessions?since=2030-01-03"
json_check "and nothing later" "d['total'] == 0"
get "/api/sessions?term=$NEW_TERM&sort=-date&limit=1"
json_check "the listing has it" "d['rows'][0]['id'] == '$NEW'"
get /feed.atom
if xmllint --noout "$WORK/body" 2>"$WORK/xmlerr"; then pass; else fail "the feed is still well-formed" "$(head -c 300 "$WORK/xmlerr")"; fi
py_check "the new session heads the feed" "
assert not f.bozo and len(f.entries) == $N_ENTRIES, f.bozo
e = f.entries[0]
assert e.id == urn(new) and e.link == base + '/sessions/' + new, (e.id, e.link)
assert e.title == '<script>alert(1)</script> & 学习 — <b>Bold</b> & study', e.title
assert e.updated == '2030-01-02T00:00:00Z' and e.published == '$NEW_DATE' + 'T00:00:00Z', e.updated
assert f.feed.updated == '2030-01-02T00:00:00Z', f.feed.updated
assert 'Zhang San (A &amp; B University)' in e.content[0].value, e.content[0].value
"
expect_body "markup in a subject is escaped in the feed" '<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; 学习 — &lt;b&gt;Bold&lt;/b&gt; &amp; study</title>'
expect_no_body "no element from the data in the feed" "<script>"
expect_no_body "nor in its content" "<b>Bold"
get "/sessions/$NEW"
expect_code "its page" 200
expect_body "markup in a subject is escaped in the page" "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 学习"
expect_body "in the page's title too" "<title>&lt;b&gt;Bold&lt;/b&gt; &amp; study · psst</title>"
expect_no_body "no script from the data in the page" "<script>alert"
expect_no_body "no element from the data in the page" "<b>Bold"
expect_body "the page says when the record was added and changed" "added 2030-01-01, last changed 2030-01-02"
get "/sessions?q=alert"
expect_no_body "search results escape it too" "<script>alert"

# ---- the old validators no longer hold ----
get "/api/sessions?term=19" -H "If-None-Match: $api_etag"
expect_code "the API after the change" 200
if [ -n "$(header etag)" ] && [ "$(header etag)" != "$api_etag" ]; then pass; else fail "a new ETag after the change" "$(header etag)"; fi
get "/api/sessions?term=19" -H "If-Modified-Since: $api_lm"
expect_code "modified since the old database" 200
get "/sessions/19-18" -H "If-None-Match: $page_etag"
expect_code "the page after the change" 200
get /feed.atom -H "If-None-Match: $feed_etag"
expect_code "the feed after the change" 200
new_etag=$(header etag)
get /feed.atom -H "If-Modified-Since: $feed_lm"
expect_code "the feed modified since" 200
get /feed.atom -H "If-None-Match: $new_etag"
expect_code "the new ETag gives a 304" 304

# ---- a database that cannot be opened is not taken up ----
printf 'not a database\n' >"$WORK/broken.db"
mv "$WORK/broken.db" "$DB"
sleep 3
expect_eq "one log line for a database that cannot be taken up" "$(grep -c '^psst: cannot take up the new database' "$LOG")" 1
get "/api/sessions/$NEW"
expect_code "the server goes on with the database it has" 200
"$PSST" --data "$D" --db "$DB" build >/dev/null 2>&1
expect_eq "psst build replaces the broken file" "$?" 0
for _ in $(seq 1 150); do
  [ "$(grep -c '^psst: took up the rebuilt database' "$LOG")" -ge 2 ] && break
  sleep 0.2
done
expect_eq "and the server takes it up" "$(grep -c '^psst: took up the rebuilt database' "$LOG")" 2
get "/api/sessions/$NEW"
expect_code "from the rebuilt database" 200
get /feed.atom -H "If-None-Match: $new_etag"
expect_code "the same data built again: the same ETag" 304
serve_stop
expect_eq "the server stops cleanly" "$serve_status" 0

# ---- --base-url ----
"$PSST" --data "$D" --db "$DB" serve --port 0 --base-url 'ftp://psst.example.org' >"$WORK/out" 2>"$WORK/err"
expect_eq "a base URL that is not http(s) is a usage error" "$?" 2
expect_err "and says so" "--base-url"
serve_start "$D" "$DB" "$WORK/base.log" --base-url https://psst.example.org/archive/ || exit 1
get /feed.atom
xpath_is "the self link under --base-url" "string(/*[$A='feed']/*[$A='link'][@rel='self']/@href)" "https://psst.example.org/archive/feed.atom"
BASE_SAVED=$BASE
BASE=https://psst.example.org/archive
py_check "entries link under --base-url, with the same ids" "
e = f.entries[0]
assert e.link == base + '/sessions/' + new and e.id == urn(new), (e.link, e.id)
"
BASE=$BASE_SAVED
serve_stop
finish
