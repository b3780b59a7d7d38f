# psst check on documents.jsonl, the documents that followed the sessions: the shipped file
# passes, and each kind of error is named by file, line, field and kind (check --format csv).
. "$(dirname "$0")/lib.sh"

run check --format csv
expect_status "the shipped data, documents included, has no errors" 0
n=$(grep -c . "$SRC/data/documents.jsonl")
if [ "$n" -ge 40 ]; then pass; else fail "at least forty documents ($n)"; fi
# every document's first source is an official text at an official address (CCTV's broadcast,
# a gov.cn page, a Xinhua or People's Daily report): the kinds codebook.json marks official
bad=$(python3 -c 'import json, sys
cb = json.load(open(sys.argv[2], encoding="utf-8"))
official = {k["code"] for k in cb["source_kinds"] if k.get("official")}
for l in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(l)
    s = d["sources"][0]
    if s["kind"] not in official or not s["url"].startswith("https://"):
        print(d["id"], s["kind"], s["url"])' "$SRC/data/documents.jsonl" "$SRC/data/codebook.json")
expect_eq "each document's first source is official" "$bad" ""

# a good line, then one line per error: FIELD KIND JSON (the good line's keys changed)
good='{"id": "test-plan-2017", "title_zh": "测试规划", "title_en": "A test plan", "issuers": [{"zh": "国务院", "en": "State Council"}], "kind": "state-council", "issued": "2017-07-08", "announced": "2017-07-20", "number": null, "topics": ["sti"], "tech": ["ai"], "sources": [{"url": "https://tv.cctv.com/2017/07/20/VIDEtest.shtml", "publisher": "CCTV", "kind": "broadcast", "published": "2017-07-20", "supports": ["title_zh", "issuers", "announced"], "quote": "国务院印发《测试规划》"}], "notes": ""}'
case_line() { # JQ-LIKE PYTHON EDIT: the good line edited by a Python expression on d
  python3 -c 'import json, sys
d = json.loads(sys.argv[1]); exec(sys.argv[2]); print(json.dumps(d, ensure_ascii=False))' "$good" "$1"
}
check_case() { # NAME FIELD KIND EDIT
  d=$(datadir "doc-$1" "$SRC/tests/data/sessions/good.jsonl")
  { echo "$good"; case_line "$4"; } >"$d/documents.jsonl"
  run_in "$d" check --format csv
  expect_status "$1: check exits 1" 1
  if tr -d '\r' <"$WORK/out" | grep -qF "documents.jsonl,2,$2,error,$3,"; then pass; else
    fail "$1: reported at line 2, field '$2', kind '$3'" "$(cat "$WORK/out")"
  fi
}
check_case "bad id" id bad-id 'd["id"] = "Test Plan"'
check_case "repeated id" id duplicate-document 'd["title_zh"] = "另一规划"'
check_case "repeated document" title_zh duplicate-document 'd["id"] = "test-plan-again"'
check_case "title with 《》" title_zh bad-title 'd["id"] = "x-1"; d["title_zh"] = "《测试规划》"'
check_case "unknown kind" kind bad-kind 'd["id"] = "x-2"; d["kind"] = "decree"'
check_case "bad date" issued bad-date 'd["id"] = "x-3"; d["issued"] = "2017-02-30"'
check_case "issued after announced" issued bad-date 'd["id"] = "x-4"; d["issued"] = "2017-08-01"'
check_case "no day at all" announced no-date 'd["id"] = "x-5"; d["issued"] = None; d["announced"] = None'
check_case "unknown tag" "tech[0]" unknown-tag 'd["id"] = "x-6"; d["tech"] = ["telepathy"]'
check_case "no subject" topics no-subject 'd["id"] = "x-7"; d["topics"] = []; d["tech"] = []'
check_case "empty number" number bad-number 'd["id"] = "x-8"; d["number"] = ""'
check_case "unknown key" issuer unknown-key 'd["id"] = "x-9"; d["issuer"] = "国务院"'
check_case "missing key" notes missing-key 'd["id"] = "x-10"; del d["notes"]'
check_case "a secondary source first" "sources[0]" first-source-not-official \
  'd["id"] = "x-11"; d["sources"][0]["kind"] = "secondary"'
check_case "a source supporting a session's field" "sources[0].supports[0]" bad-supports \
  'd["id"] = "x-12"; d["sources"][0]["supports"] = ["lecturers"]'
check_case "no sources" sources no-sources 'd["id"] = "x-13"; d["sources"] = []'
check_case "an issuer without a name" "issuers[0]" bad-issuer 'd["id"] = "x-14"; d["issuers"] = [{"zh": "", "en": "x"}]'
d=$(datadir doc-json "$SRC/tests/data/sessions/good.jsonl")
printf '%s\n{"id": \n' "$good" >"$d/documents.jsonl"
run_in "$d" check
expect_status "a line that is not JSON: exit 1" 1
expect_out_any "named by file and line" "documents.jsonl:2:"
# a byte-order mark is named as such, in the documents and in the reference files
d=$(datadir doc-bom "$SRC/tests/data/sessions/good.jsonl")
printf '\357\273\277%s\n' "$good" >"$d/documents.jsonl"
run_in "$d" check
expect_out_any "a BOM in documents.jsonl is named" "documents.jsonl:1: invalid JSON at column 1: the text starts with a byte-order mark"
d=$(datadir ref-bom "$SRC/tests/data/sessions/good.jsonl")
printf '\357\273\277' | cat - "$SRC/data/terms.json" >"$d/terms.json"
run_in "$d" check
expect_status "a BOM in terms.json: exit 1" 1
expect_out_any "and named" "terms.json:1: invalid JSON at column 1: the text starts with a byte-order mark"
finish
