# psst serve: the Cite block of a session's page (the text citation with the Chinese title
# marked as Chinese, the BibTeX, links to the files for reference managers, in English and
# Chinese) and the API's citations (/api/sessions/T-N/cite, /api/cite): byte for byte what
# psst cite prints, each under its media type, the files as downloads.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
LOG=$WORK/server.log
trap 'serve_stop' EXIT
serve_start "$SRC/data" "$WORK/psst.db" "$LOG" || exit 1
cli() { "$PSST" --data "$SRC/data" --db "$WORK/psst.db" "$@"; }

# ---- the page ----
get /sessions/19-18
expect_code "the session page" 200
expect_body "a Cite section named by its heading" '<section class="cite" aria-labelledby="cite"><h2 id="cite">Cite</h2>'
expect_body "the citation is English, the Chinese title marked as Chinese" \
  '<p class="cite-text" lang="en">&quot;<span lang="zh-Hans">区块链技术发展现状和趋势</span>&quot; [The current state'
expect_body "the readout's publisher, date and address" \
  "CCTV (Broadcast text), 25 October 2019 &lt;https://tv.cctv.com/2019/10/25/VIDEhAgeHhZp1PQbdw4wMbfY191025.shtml&gt;.<br>The psst maintainers."
V=$(sed -n 's/^## \([0-9]\{4\}-[0-9][0-9]-[0-9][0-9]\)\([: ].*\)\{0,1\}$/\1/p' "$SRC/data/CHANGELOG.md" | sort | tail -n 1)
expect_body "the dataset's version, the CHANGELOG's newest entry" "version of $V."
for s in bibtex ris csl-json; do
  expect_body "a link to the $s file" "href=\"/api/sessions/19-18/cite?style=$s\""
done
# the BibTeX to copy: the page's <code> holds psst cite's BibTeX, escaped
python3 - "$WORK/body" >"$WORK/page.bib" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding='utf-8').read()
m = re.search(r'<details class="cite-bibtex"><summary>[^<]*</summary><pre lang="en"><code>(.*?)</code></pre></details>', page, re.S)
sys.stdout.write(html.unescape(m.group(1)) if m else '')
PY
cli cite 19-18 --style bibtex >"$WORK/cli.bib" 2>/dev/null
if [ -s "$WORK/page.bib" ] && cmp -s "$WORK/page.bib" "$WORK/cli.bib"; then pass; else
  fail "the page's BibTeX is psst cite's" "$(diff "$WORK/cli.bib" "$WORK/page.bib" | head -n 6)"
fi
get "/sessions/19-18?lang=zh"
expect_body "in Chinese: the heading" '<h2 id="cite">引用</h2>'
expect_body "in Chinese: the downloads" "下载："
expect_body "the citation itself stays English" '<p class="cite-text" lang="en">'
get /sessions/17-17
expect_body "a session without a source is cited too" "[untitled], CCP Politburo collective study session 17-17.<br>"

# ---- the API ----
check_cite() { # TITLE PATH MEDIA-TYPE DISPOSITION-OR-EMPTY CLI-ARGS...
  title=$1 path=$2 type=$3 disp=$4
  shift 4
  get "$path"
  expect_code "$title" 200
  expect_header "$title: $type" "content-type: $type"
  if [ -n "$disp" ]; then
    expect_header "$title: a download" "content-disposition: $disp"
  elif grep -qi '^content-disposition' "$WORK/headers"; then
    fail "$title: shown, not a download"
  else
    pass
  fi
  cli cite "$@" >"$WORK/cli.out" 2>/dev/null
  if cmp -s "$WORK/body" "$WORK/cli.out"; then pass; else
    fail "$title: the body is psst cite $*" "$(diff "$WORK/cli.out" "$WORK/body" | head -n 6)"
  fi
}
check_cite "text" "/api/sessions/19-18/cite" "text/plain; charset=utf-8" "" 19-18
check_cite "BibTeX" "/api/sessions/19-18/cite?style=bibtex" "application/x-bibtex" \
  'attachment; filename="psst-session.bib"' 19-18 --style bibtex
check_cite "RIS" "/api/sessions/19-18/cite?style=ris" "application/x-research-info-systems" \
  'attachment; filename="psst-session.ris"' 19-18 --style ris
check_cite "CSL-JSON" "/api/sessions/19-18/cite?style=csl-json" \
  "application/vnd.citationstyles.csl+json" 'attachment; filename="psst-session.json"' 19-18 --style csl-json
json_check "CSL-JSON is JSON: the session and the dataset" "[i['id'] for i in d] == ['psst-19-18', 'psst-dataset']"
check_cite "the dataset alone" "/api/cite" "text/plain; charset=utf-8" ""
check_cite "CITATION.cff" "/api/cite?style=cff" "application/yaml" 'attachment; filename="CITATION.cff"' --style cff
if cmp -s "$WORK/body" "$SRC/CITATION.cff"; then pass; else fail "the API's CITATION.cff is the committed one"; fi
get "/api/sessions/19-18/cite?style=cff"
expect_code "cff with a session is refused" 400
json_check "with the reason" "'dataset alone' in d['error']['message']"
get "/api/sessions/19-18/cite?style=apa"
expect_code "an unknown style" 400
get "/api/sessions/19-99/cite"
expect_code "an unknown session" 404
get "/api/sessions/19-18/cite?lang=zh"
expect_code "a parameter the route does not take" 400
get "/api/sessions/19-18/cites"
expect_code "another path under a session" 404
serve_stop
expect_eq "the server stops cleanly" "$serve_status" 0

# a description of the dataset that is not valid: no Cite block, and the API says so without
# the server's paths
D=$(datadir baddesc "$SRC/data/sessions.jsonl")
printf '{"title": "t"}\n' >"$D/dataset.json"
serve_start "$D" "$WORK/bad.db" "$WORK/bad.log" || exit 1
get /sessions/19-18
expect_code "the page without a citation" 200
expect_no_body "has no Cite block" 'class="cite"'
get /api/cite
expect_code "the citation is a server error" 500
# a 500 tells the client no more than that (t0830-query-limits.sh); the log names the file
json_check "that the server failed" "d['error']['message'].startswith('the server failed')"
if grep -q '^psst: GET /api/cite: 500: .*dataset\.json' "$WORK/bad.log"; then pass; else fail "the log names the file" "$(tail -n 3 "$WORK/bad.log")"; fi
expect_no_body "but not where the server keeps it" "$WORK"
serve_stop
finish
