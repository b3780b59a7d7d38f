# psst findings: the verdicts on the shipped data, the Markdown and HTML outputs.
. "$(dirname "$0")/lib.sh"
export LSAN_OPTIONS="suppressions=$SRC/tests/lsan.supp:print_suppressions=0"

run findings
expect_status "findings prints Markdown" 0
# the record agrees with five claims and differs on the sessions per year (README, Findings)
expect_out "claim 1 differs: 2013 also had ten sessions" "## Sessions per year, 2002 to 2021 (the record differs)"
expect_out "the record's extremes are given" "the most, 10, in 2006, 2013, 2015"
expect_out "claim 2 agrees" "## The 16th Politburo's 38th session, January 2007 (the record agrees)"
expect_out "with the session as evidence" "| 16-38 | 2007-01-23 |"
expect_out "and its sources, publisher and kind first" "16-38: CCTV (Broadcast text, 2007-01-24) <http"
expect_out "claim 3 agrees" "## A new technology every year from 2017 (the record agrees)"
expect_out "claim 4 agrees" "## Science and technology in general under Xi, 2012 to 2016 (the record agrees)"
expect_out "with 18-9 as evidence" "| 18-9 | 2013-09-30 | field |"
expect_out "claim 5 agrees" "## More technologies under Xi than under Hu (the record agrees)"
n=$(grep -c '^## ' "$WORK/out")
expect_eq "one section per claim" "$n" "6"

run findings -o "$WORK/report.md"
expect_status "findings -o FILE.md" 0
if [ -s "$WORK/report.svg" ] && grep -qF "](report.svg)" "$WORK/report.md"; then pass; else
  fail "the Markdown links the leading chart written beside it"
fi
run findings -o "$WORK/report.html"
expect_status "findings -o FILE.html" 0
python3 - "$WORK/report.html" <<'PY' && pass || fail "the HTML is one self-contained page with the chart embedded"
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.imgs = []; self.ext = []; self.h2 = 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img": self.imgs.append(a.get("src", ""))
        if tag in ("script", "link"): self.ext.append(tag)
        if tag == "h2": self.h2 += 1
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
assert p.h2 == 6, p.h2
assert len(p.imgs) == 1 and p.imgs[0].startswith("data:image/svg+xml;base64,"), p.imgs
assert not p.ext
PY
run findings -o "$WORK/report.txt"
expect_status "another extension is a usage error" 2
finish
