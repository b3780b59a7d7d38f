# The web view's markup: a session page's canonical link and Open Graph tags (absolute with
# --base-url), the Chinese pages in Chinese (titles, dates, a session without a title), the
# facets of the unknown values and what the topic facet counts, the Excel CSV link, the
# landmarks told apart, no empty link. The browser test (tests/browser) runs axe-core on the
# same pages.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
LOG=$WORK/server.log
trap 'serve_stop' EXIT
serve_start "$SRC/data" "$WORK/psst.db" "$LOG" --base-url https://psst.example.org/ || exit 1
need_python "import html.parser" python3

# ---- a session's page: canonical and Open Graph ----
get /sessions/19-18
expect_body "the canonical link is absolute, from --base-url" '<link rel="canonical" href="https://psst.example.org/sessions/19-18">'
expect_body "og:url" '<meta property="og:url" content="https://psst.example.org/sessions/19-18">'
expect_body "og:title is the title" '<meta property="og:title" content="The current state and trends of blockchain technology development">'
expect_body "og:type" '<meta property="og:type" content="article">'
expect_body "og:description says when and who" '<meta property="og:description" content="Politburo study sessions 19-18, 2019-10-24. Topic: Science, technology and innovation. Lecturers: Chen Chun.">'
get "/sessions/19-18?lang=zh"
expect_body "the Chinese page's canonical keeps its language" '<link rel="canonical" href="https://psst.example.org/sessions/19-18?lang=zh">'
expect_body "its og:title is the Chinese title" '<meta property="og:title" content="区块链技术发展现状和趋势">'
expect_body "its description is Chinese" '<meta property="og:description" content="中央政治局集体学习 19-18，2019年10月24日。主题：科技创新。讲解人：陈纯。">'
expect_body "its date is written the Chinese way" '<p class="kicker">19-18 · 2019年10月24日</p>'
expect_body "the source's date too" 'CCTV</a> <span class="src-kind">'
expect_no_body "no ISO date in the kicker" '19-18 · 2019-10-24'
get /sessions
expect_no_body "a list has no canonical link of its own" 'rel="canonical"'

# ---- sessions without a title ----
get /sessions/16-19
expect_body "an untitled session is named, in English" '<h1>Session 16-19 (subject not known)</h1>'
get "/sessions/16-19?lang=zh"
expect_body "and in Chinese" '<h1>第十六届第19次（题目不详）</h1>'
get "/sessions/16-12?lang=zh"
expect_body "a session with an English title alone: the Chinese page says so" '<h1>第十六届第12次（中文题目不详）</h1>'
expect_body "the English beside it, marked English" '<p class="other" lang="en">'
get "/sessions?term=16&limit=100&lang=zh"
expect_body "the list names them in Chinese" '>第十六届第19次（题目不详）</a>'
expect_body "with the English title apart" '>第十六届第12次（中文题目不详）</a> <span class="other" lang="en">'
expect_body "a list's dates in Chinese" '<td class="date">2002年12月26日</td>'
get "/sessions?term=16&limit=100"
expect_body "the English list names them too" '>Session 16-19 (subject not known)</a>'

# no empty link and no English title link on any page, in either language (parsed, not grepped)
cat >"$WORK/links.py" <<'EOF'
import re, sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.links, self.landmarks, self.lang = [], [], [], None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("nav", "aside"):
            self.landmarks.append((tag, a.get("aria-label")))
        if tag == "a":
            self.stack.append([a, ""])
    def handle_data(self, data):
        for s in self.stack:
            s[1] += data
    def handle_endtag(self, tag):
        if tag == "a" and self.stack:
            self.links.append(self.stack.pop())
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
bad = [a.get("href") for a, text in p.links if not text.strip() and not a.get("aria-label")]
if bad:
    print("empty links:", bad[:5])
seen = {}
for tag, label in p.landmarks:
    if (tag, label) in seen:
        print("landmarks not told apart:", tag, label)
        bad.append(tag)
    seen[(tag, label)] = 1
if p.lang == "zh-Hans":
    # a session's title link on a Chinese page holds Chinese
    for a, text in p.links:
        if re.fullmatch(r"/sessions/\d+-\d+\?lang=zh", a.get("href", "")) and not re.fullmatch(r"\d+-\d+", text.strip()):
            if not re.search(r"[\u3400-\u9fff]", text):
                print("English title on a Chinese page:", text)
                bad.append(text)
sys.exit(1 if bad else 0)
EOF
for p in / "/sessions?term=16&limit=200" "/sessions?q=quantum" /sessions/16-19 /sessions/19-18 /lecturers \
  /institutions /findings; do
  for l in "" zh; do
    u=$p
    [ -n "$l" ] && case $p in *\?*) u="$p&lang=zh" ;; *) u="$p?lang=zh" ;; esac
    get "$u"
    if "$PY" "$WORK/links.py" "$WORK/body" >"$WORK/links.out"; then pass; else fail "$u: links and landmarks" "$(cat "$WORK/links.out")"; fi
  done
done
# the check can fail
printf '<html lang="zh-Hans"><nav></nav><nav></nav><a href="/x"> </a><a href="/sessions/1-2?lang=zh">The title</a></html>' >"$WORK/bad.html"
"$PY" "$WORK/links.py" "$WORK/bad.html" >"$WORK/links.out" && fail "the link check finds faults" || pass
expect_eq "it finds all three" "$(wc -l <"$WORK/links.out" | tr -d ' ')" 3

# ---- landmarks ----
get /sessions
expect_body "the site's navigation is named" '<nav aria-label="Site">'
expect_body "the pager is named apart" '<nav class="pager" aria-label="Pages of results">'
get "/sessions?lang=zh"
expect_body "in Chinese too" '<nav aria-label="网站导航">'

# ---- facets ----
get /sessions
expect_body "the sessions of unknown format have their facet" '<li><a href="/sessions?format=unknown">unknown</a> <span class="n">3</span></li>'
expect_body "and of unknown topic" '<li><a href="/sessions?topic=unknown">unknown</a> <span class="n">15</span></li>'
expect_body "the topic facet says what it counts" '<summary title="Sessions with this topic, primary or secondary'
expect_body "in a caption too" '<p class="facet-note">Sessions with this topic, primary or secondary'
get "/sessions?lang=zh"
expect_body "in Chinese" '<p class="facet-note">含该主题（主要或次要）的学习会'
expect_body "the unknown facet in Chinese" '<li><a href="/sessions?lang=zh&amp;format=unknown">不详</a> <span class="n">3</span></li>'
get "/sessions?format=unknown"
expect_body "the facet selects them" '<b>3</b> sessions'
expect_body "17-17 is one" 'href="/sessions/17-17"'
expect_body "the chosen facet can be removed" '<li class="on"><a href="/sessions"><span class="x" aria-hidden="true">×</span> unknown</a>'
get "/api/sessions?topic=unknown"
json_check "the API selects the sessions without a topic" "d['total'] == 15 and all(r['topic'] is None for r in d['rows'])"
# the topic facet's counts add up to more than the sessions; stats count primary topics
get "/api/stats?by=topic"
cp "$WORK/body" "$WORK/stats.json"
get /sessions
"$PY" - "$WORK/body" "$WORK/stats.json" <<'EOF' && pass || fail "the topic facet counts primary and secondary topics, stats the primary ones"
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
block = re.search(r'data-facet="topic".*?</details>', html, re.S).group(0)
facet = {m[0]: int(m[1]) for m in re.findall(r'topic=([a-z-]+)">[^<]*</a> <span class="n">(\d+)</span>', block)}
stats = {r["topic"]: r["sessions"] for r in json.load(open(sys.argv[2]))["rows"]}
# every primary topic counted by stats is within the facet's count, and some facet counts more
ok = all(facet.get(k, 0) >= v for k, v in stats.items()) and any(facet[k] > stats.get(k, 0) for k in facet if k != "unknown")
sys.exit(0 if ok else 1)
EOF

# ---- the Excel CSV link ----
get "/sessions?term=19"
expect_body "the page offers the CSV for Excel" 'href="/api/sessions?term=19&amp;_format=excel-csv">CSV for Excel</a>'
get "/sessions?term=19&lang=zh"
expect_body "in Chinese" '>CSV（Excel 用）</a>'

# ---- the footer: the API's description ----
get /
expect_body "the footer links the API's description" '<a href="/api">OpenAPI description</a>'

# ---- an error page in the language asked for ----
get "/no-such-page?lang=zh"
expect_code "a missing page" 404
expect_body "is Chinese" '<html lang="zh-Hans">'
expect_body "says so in Chinese" '找不到该页面。'

serve_stop
finish
