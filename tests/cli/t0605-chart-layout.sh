# psst chart: no text leaves the canvas or covers another. Every chart type (as psst chart
# --help lists them), in English and Chinese, over the whole record and over a period, and
# with the filters that lengthen the subtitle: the boxes of the texts drawn, from the SVG's
# <metadata id="psst-labels">, lie within the canvas and no two overlap (a turned axis
# label's box is turned too).
. "$(dirname "$0")/lib.sh"
export LSAN_OPTIONS="suppressions=$SRC/tests/lsan.supp:print_suppressions=0"

check() { # SVG TITLE: prints nothing when every box is inside and apart
  python3 - "$1" <<'PY' >"$WORK/problems"
import json, sys, xml.dom.minidom as m
doc = m.parse(sys.argv[1])
meta = [e for e in doc.getElementsByTagName('metadata') if e.getAttribute('id') == 'psst-labels']
d = json.loads(''.join(n.data for n in meta[0].childNodes))
W, H, t = d['width'], d['height'], d['texts']
if len(t) < 5:
    print('only %d texts' % len(t))
for b in t:
    if b['w'] <= 0 or b['h'] <= 0:
        print('empty box:', b)
    if b['x'] < 0 or b['y'] < 0 or b['x'] + b['w'] > W or b['y'] + b['h'] > H:
        print('outside the %dx%d canvas: %r at (%.1f, %.1f) %.1fx%.1f' % (W, H, b['text'], b['x'], b['y'], b['w'], b['h']))
# the boxes are the fonts' line boxes, taller than the glyphs: a pixel of overlap is no
# collision of ink
for i, a in enumerate(t):
    for b in t[i + 1:]:
        ox = min(a['x'] + a['w'], b['x'] + b['w']) - max(a['x'], b['x'])
        oy = min(a['y'] + a['h'], b['y'] + b['h']) - max(a['y'], b['y'])
        if ox > 1 and oy > 1:
            print('%r covers %r (%.1f by %.1f px)' % (a['text'][:50], b['text'][:50], ox, oy))
PY
  if [ ! -s "$WORK/problems" ]; then pass; else
    fail "$2" "$(head -5 "$WORK/problems" | tr '\n' ';')"
  fi
}

run chart --help
kinds=$(awk '/^types/ { on = 1; next } on && /^  [a-z]/ { print $1 }' "$WORK/out")
[ -n "$kinds" ] && pass || fail "psst chart --help lists the types"
for kind in $kinds; do
  for lang in en zh; do
    for range in "" "--from 2002 --to 2021" "--from 2019 --to 2019"; do
      name="$kind-$lang-$(echo "$range" | tr -d ' -')"
      # shellcheck disable=SC2086
      run chart "$kind" --lang "$lang" $range -o "$WORK/$name.svg"
      expect_status "$kind --lang $lang $range is drawn" 0
      check "$WORK/$name.svg" "$kind --lang $lang $range: every text inside the canvas, none over another"
    done
  done
done

# the longest subtitles and the longest labels
run chart topics-by-year --leader xi --tech ai --session-format lecture --from 2013 -o "$WORK/f.svg"
check "$WORK/f.svg" "topics-by-year with three filters"
run chart topics-by-year --lang zh --leader xi --tech ai --session-format lecture --from 2013 -o "$WORK/fz.svg"
check "$WORK/fz.svg" "topics-by-year with three filters, in Chinese"
run chart institutions --limit 40 -o "$WORK/i40.svg"
check "$WORK/i40.svg" "institutions --limit 40"
run chart institutions --from 2013 --to 2021 -o "$WORK/i.svg"
n=$(grep -c "Central Commission for Discipline Inspection and National Supervisory Commission" "$WORK/i.svg")
[ "$n" -ge 1 ] && pass || fail "the institutions' longest name is kept whole in the SVG's text"
run chart by-leader --topic econ --lang zh -o "$WORK/l.svg"
check "$WORK/l.svg" "by-leader --topic econ in Chinese"
run chart tech-timeline --leader xi --from 2019 --to 2025 -o "$WORK/t.svg"
check "$WORK/t.svg" "tech-timeline, Xi, 2019-2025"
# the follow-up chart of a tag, a topic and every technology: the sessions' labels above
run chart followups --tech ai -o "$WORK/fa.svg"
check "$WORK/fa.svg" "followups --tech ai"
run chart followups --tech internet --lang zh -o "$WORK/fiz.svg"
check "$WORK/fiz.svg" "followups --tech internet in Chinese"
run chart followups --topic sti --from 2012 -o "$WORK/ft.svg"
check "$WORK/ft.svg" "followups --topic sti from 2012"
finish
