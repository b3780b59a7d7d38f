# JSON for programs: the export's records and psst list's rows validated against their JSON
# Schemas (docs/schema/, draft 2020-12, by python3-jsonschema), lists as arrays and numbers as
# numbers in every table command's JSON, and the same rows from psst serve's API as from the
# command line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../server/lib.sh"
export LSAN_OPTIONS="suppressions=$SRC/tests/lsan.supp:print_suppressions=0"
J="$SRC/data/sessions.jsonl"
S="$SRC/docs/schema"

need_python 'from jsonschema import Draft202012Validator' python3-jsonschema

# validate SCHEMA FILE: "ok", or the first errors; FILE is a JSON array, each of its items
# checked when the schema is an item's (the export's records), else the whole
cat >"$WORK/validate.py" <<'EOF'
import json, sys
from jsonschema import Draft202012Validator, FormatChecker
schema = json.load(open(sys.argv[1], encoding='utf-8'))
Draft202012Validator.check_schema(schema)
v = Draft202012Validator(schema, format_checker=FormatChecker())
data = json.load(open(sys.argv[2], encoding='utf-8'))
docs = data if schema.get('type') == 'object' else [data]
if not data:
    print('empty')
    sys.exit()
errors = ['%s: %s' % (list(e.absolute_path), e.message) for d in docs for e in v.iter_errors(d)]
print('; '.join(errors[:3]) or 'ok')
EOF
validate() { "$PY" "$WORK/validate.py" "$@" 2>&1; }

# ---- the export ----
run export --format json -o "$WORK/all.json"
expect_eq "every exported record is valid (export-session.schema.json)" \
  "$(validate "$S/export-session.schema.json" "$WORK/all.json")" "ok"
run export --format json --leader xi --tech ai -o "$WORK/ai.json"
expect_eq "a filtered export too" "$(validate "$S/export-session.schema.json" "$WORK/ai.json")" "ok"
got=$("$PY" -c '
import json, sys
print(" ".join(r["id"] for r in json.load(open(sys.argv[1]))))' "$WORK/ai.json")
run list --leader xi --tech ai --format csv
expect_eq "each with its id, the sessions of psst list" "$got" "$(csv_col 1 | tr '\n' ' ' | sed 's/ $//')"

# the schema can fail: a record with a list joined into a string, a share as a string
"$PY" - "$WORK/all.json" "$WORK/bad.json" <<'EOF'
import json, sys
recs = json.load(open(sys.argv[1], encoding='utf-8'))
recs[0]['tech'] = 'internet,media-tech'
json.dump(recs[:1], open(sys.argv[2], 'w'))
EOF
case "$(validate "$S/export-session.schema.json" "$WORK/bad.json")" in
  "['tech']: 'internet,media-tech' is not of type 'array'"*) pass ;;
  *) fail "the schema refuses a list joined into a string" "$(validate "$S/export-session.schema.json" "$WORK/bad.json")" ;;
esac
"$PY" - "$WORK/all.json" "$WORK/bad2.json" <<'EOF'
import json, sys
recs = json.load(open(sys.argv[1], encoding='utf-8'))
del recs[0]['id']
recs[1]['date'] = '2019-02-30'
json.dump(recs[:2], open(sys.argv[2], 'w'))
EOF
got=$(validate "$S/export-session.schema.json" "$WORK/bad2.json")
case "$got" in
  # 2019-02-30 has the pattern of a date: only the date format can refuse it
  *"'id' is a required property"*"['date']: '2019-02-30'"*) pass ;;
  *) fail "the schema requires the id and checks dates" "$got" ;;
esac

# ---- psst list and psst search ----
for args in "list" "list --lang zh" "list --term 16" "search 人工智能" "search blockchain --lang zh"; do
  # shellcheck disable=SC2086
  run $args --format json
  expect_eq "psst $args --format json is valid (list.schema.json)" "$(validate "$S/list.schema.json" "$WORK/out")" "ok"
done
run list --format json --limit 1
expect_eq "lists are arrays: lecturers and tech" "$("$PY" -c '
import json, sys; r = json.load(open(sys.argv[1]))[0]; print(r["lecturers"], r["tech"])' "$WORK/out")" \
  "['Xu Chongde', 'Zhou Yezhong'] []"
run list --format json --lang zh --tech blockchain
expect_eq "Chinese names split at 、" "$("$PY" -c '
import json, sys; r = json.load(open(sys.argv[1]))[0]; print(r["id"], r["lecturers"], r["tech"])' "$WORK/out")" \
  "19-18 ['陈纯'] ['blockchain']"
echo '[{"id": "16-1", "date": "2002-12-26", "term": 16, "number": 1, "leader": "Hu Jintao", "format": "lecture", "topic": "law", "tech": "", "title": "The Constitution", "lecturers": "Xu Chongde, Zhou Yezhong"}]' >"$WORK/old-row.json"
case "$(validate "$S/list.schema.json" "$WORK/old-row.json")" in
  *"is not of type 'array'"*) pass ;;
  *) fail "the list schema refuses lists joined into strings" ;;
esac

# ---- every table command: lists as arrays, numbers as numbers ----
run stats --by year --format json
got=$("$PY" - "$WORK/out" "$J" <<'EOF'
import json, sys
rows = json.load(open(sys.argv[1]))
n = sum(1 for l in open(sys.argv[2]) if l.strip())
bad = [r for r in rows if not isinstance(r['share'], float) or abs(r['share'] - r['sessions'] / n) > 0.0005]
print('ok' if rows and not bad and abs(sum(r['share'] for r in rows) - 1) < 0.01 else 'bad: %r' % bad[:2])
EOF
)
expect_eq "stats: share a fraction of one, as a number" "$got" "ok"
run stats --by year
expect_out "the table still shows a percentage" "0.5%"
run lecturers --format json --limit 3
expect_eq "lecturers: session_ids an array as long as sessions" "$("$PY" -c '
import json, sys
print(all(isinstance(r["session_ids"], list) and len(r["session_ids"]) == r["sessions"] for r in json.load(open(sys.argv[1]))))' "$WORK/out")" "True"
run institutions --format json --limit 3
expect_eq "institutions: session_ids an array" "$("$PY" -c '
import json, sys
print(all(len(r["session_ids"]) == r["sessions"] for r in json.load(open(sys.argv[1]))))' "$WORK/out")" "True"
run timeline --format json
expect_eq "timeline: session_ids an array, the first session first" "$("$PY" -c '
import json, sys
print(all(r["session_ids"][0] == r["first_session"] and len(r["session_ids"]) == r["sessions"] for r in json.load(open(sys.argv[1]))))' "$WORK/out")" "True"
run classify 区块链技术发展现状和趋势 --format json
expect_eq "classify: topics and tech arrays" "$("$PY" -c '
import json, sys; r = json.load(open(sys.argv[1]))[0]; print(r["topic"], r["topics"], r["tech"])' "$WORK/out")" \
  "sti [] ['blockchain']"

# ---- the API gives the same rows ----
serve_start "$SRC/data" "$WORK/psst.db" "$WORK/serve.log" || { fail "the server starts"; finish; exit 1; }
same() { # TITLE API-PATH CLI-ARGS...: the API's rows are the command's JSON
  title=$1 path=$2
  shift 2
  get "$path"
  "$PY" -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["rows"], open(sys.argv[2], "w"))' \
    "$WORK/body" "$WORK/api.json" 2>/dev/null
  "$PSST" --data "$SRC/data" "$@" --format json >"$WORK/cli.json" 2>/dev/null
  if "$PY" -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' \
    "$WORK/api.json" "$WORK/cli.json"; then pass; else fail "$title" "$(head -c 300 "$WORK/body")"; fi
}
same "API sessions = psst list" "/api/sessions?term=19&limit=100" list --term 19
same "API sessions in Chinese = psst list --lang zh" "/api/sessions?year=2013&lang=zh" list --year 2013 --lang zh
same "API stats = psst stats" "/api/stats?by=year" stats --by year
same "API lecturers = psst lecturers" "/api/lecturers?limit=1000" lecturers
same "API timeline = psst timeline" "/api/timeline" timeline
get "/api/sessions?term=19&limit=100"
"$PY" -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["rows"], open(sys.argv[2], "w"))' "$WORK/body" "$WORK/api.json"
expect_eq "the API's rows are valid (list.schema.json)" "$(validate "$S/list.schema.json" "$WORK/api.json")" "ok"
serve_stop
finish
