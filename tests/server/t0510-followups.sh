# The web view of the documents that followed (docs/followups.md), on the CLI test's fixture
# (tests/data/followups): a session's page lists its documents with their lags, each title
# linked to its first source, in English and Chinese; a session without any says so; the
# home page has the follow-up chart inline (its title and text for screen readers, no XML
# prologue, no id twice) and a row a tag with its documents and its sessions' counts.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
need_python "import html.parser" python3
FX=$(datadir fx "$SRC/tests/data/followups/sessions.jsonl")
cp "$SRC/tests/data/followups/documents.jsonl" "$FX/"
LOG=$WORK/server.log
trap 'serve_stop' EXIT
serve_start "$FX" "$WORK/psst.db" "$LOG" || exit 1

# the rows of <section class="followups">'s table: cells' text and each row's first link
cat >"$WORK/rows.py" <<'PY'
import html.parser, json, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.depth = 0; self.rows = []; self.cell = None; self.ids = []; self.svg = []
    def handle_starttag(self, tag, a):
        a = dict(a)
        if 'id' in a: self.ids.append(a['id'])
        if tag == 'section' and a.get('class') == 'followups': self.depth = 1
        elif tag == 'section' and self.depth: self.depth += 1
        if not self.depth: return
        if tag == 'svg': self.svg.append(a)
        if tag == 'tr': self.rows.append({'cells': [], 'links': []})
        if tag == 'td' and self.rows: self.rows[-1]['cells'].append(''); self.cell = True
        if tag == 'a' and self.rows and self.cell: self.rows[-1]['links'].append(a.get('href'))
    def handle_endtag(self, tag):
        if tag == 'section' and self.depth: self.depth -= 1
        if tag == 'td': self.cell = None
    def handle_data(self, d):
        if self.depth and self.cell and self.rows: self.rows[-1]['cells'][-1] += d
p = P(); p.feed(open(sys.argv[1], encoding='utf-8').read())
dup = sorted({i for i in p.ids if p.ids.count(i) > 1})
print(json.dumps({'rows': [r for r in p.rows if r['cells']], 'dup': dup, 'svg': p.svg}, ensure_ascii=False))
PY
rows() { "$PY" "$WORK/rows.py" "$WORK/body" >"$WORK/rows.json"; }
check_rows() { # TITLE PYTHON over r (rows), dup, svg
  if "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); r=d['rows']; dup=d['dup']; svg=d['svg']; sys.exit(0 if ($2) else 1)" "$WORK/rows.json"; then pass; else
    fail "$1" "$(head -c 600 "$WORK/rows.json")"; fi
}

# ---- a session's page ----
get /sessions/19-9
expect_code "the session's page" 200
expect_body "the section" '<h2 id="followups">Documents that followed</h2>'
rows
check_rows "two documents, oldest first" "len(r) == 2 and '2018' in r[0]['cells'][0] and '2019' in r[1]['cells'][0]"
check_rows "their lags" "r[0]['cells'][1].startswith('202 days before') and r[1]['cells'][1].startswith('139 days after')"
check_rows "each title linked to its first source" "r[0]['links'] == ['https://tv.cctv.com/2018/04/12/VIDEBC1Uz74qIWYCzDsBtvK0180412.shtml'] and r[1]['links'] == ['https://tv.cctv.com/2019/03/19/VIDE7VtoUcii1ZEoaBda3gR8190319.shtml']"
check_rows "kind (its name), issuers, number" "r[1]['cells'][2] == 'CPC Central Committee' and r[1]['cells'][4] == 'Central Commission for Comprehensively Deepening Reform' and r[1]['cells'][5] == 'not known'"
expect_body "the English title, the Chinese beside it" '<small lang="zh-Hans">关于促进人工智能和实体经济深度融合的指导意见</small>'
get "/sessions/19-9?lang=zh"
expect_body "in Chinese" '<h2 id="followups">其后的文件</h2>'
expect_body "the lag in Chinese" '之后 139 天'
expect_body "the Chinese title" '<span lang="zh-Hans">关于促进人工智能和实体经济深度融合的指导意见</span>'
get /sessions/19-18
expect_body "a session without documents says so" 'The record holds no such document in that window.'

# ---- the home page ----
get /
expect_code "the home page" 200
rows
check_rows "the chart inline, an image with its title" "len(svg) == 1 and svg[0].get('role') == 'img' and svg[0].get('width') == '100%' and svg[0].get('viewbox') == '0 0 1200 720'"
expect_body "the chart's title" '<title>The documents that followed the technology sessions, '
expect_no_body "no XML prologue inside the page" '<?xml'
expect_no_body "no style attribute, which the page's policy refuses" ' style="'
expect_body "its colours as attributes" ' fill="rgb('
check_rows "no id twice in the page" "dup == []"
check_rows "a row a tag with documents, each with some" "{'Big data', 'Artificial intelligence'} <= {x['cells'][0] for x in r} and all(int(x['cells'][1]) > 0 for x in r)"
check_rows "no row for a tag without documents" "'Blockchain' not in {x['cells'][0] for x in r}"
check_rows "ai: 20 documents; 19-9 one after it, 20-20 twelve" "[x['cells'][1:] for x in r if x['cells'][0] == 'Artificial intelligence'] == [['20', '19-9: 1; 20-20: 12']]"
get "/?lang=zh"
expect_body "in Chinese" '<h2 id="followups">集体学习之后的文件</h2>'
finish
