# psst chart: the four charts in SVG, PNG and PDF; well-formed, sized, labelled,
# with the bars the data holds, and byte-identical SVG across runs.
. "$(dirname "$0")/lib.sh"
export LSAN_OPTIONS="suppressions=$SRC/tests/lsan.supp:print_suppressions=0"

for kind in topics-by-year tech-timeline institutions by-leader; do
  for ext in svg png pdf; do
    run chart "$kind" --from 2002 --to 2021 -o "$WORK/$kind.$ext"
    expect_status "$kind.$ext is written" 0
  done
  if python3 -c "import sys, xml.dom.minidom as m; m.parse(sys.argv[1])" "$WORK/$kind.svg"; then pass; else
    fail "$kind.svg is well-formed XML"
  fi
  size=$(python3 -c "import struct, sys; d = open(sys.argv[1], 'rb').read(24); print(d[:8] == b'\x89PNG\r\n\x1a\n' and '%dx%d' % struct.unpack('>II', d[16:24]))" "$WORK/$kind.png")
  expect_eq "$kind.png is a 2400x1440 PNG at the default 192 dpi" "$size" "2400x1440"
  head=$(head -c 5 "$WORK/$kind.pdf")
  expect_eq "$kind.pdf is a PDF" "$head" "%PDF-"
  if tail -c 16 "$WORK/$kind.pdf" | grep -q '%%EOF'; then pass; else fail "$kind.pdf is complete"; fi
done

run chart topics-by-year --dpi 96 -o "$WORK/small.png"
size=$(python3 -c "import struct, sys; d = open(sys.argv[1], 'rb').read(24); print('%dx%d' % struct.unpack('>II', d[16:24]))" "$WORK/small.png")
expect_eq "--dpi 96 gives 1200x720" "$size" "1200x720"

# the same data and options give the same SVG bytes
run chart topics-by-year --from 2002 --to 2021 -o "$WORK/again.svg"
if cmp -s "$WORK/topics-by-year.svg" "$WORK/again.svg"; then pass; else fail "SVG is deterministic"; fi

# title, labels and the source line are in the SVG as text
svg="$WORK/topics-by-year.svg"
if grep -qF "<title>CCP collective study sessions by topic, 2002 to 2021</title>" "$svg"; then pass; else
  fail "the title"
fi
for label in "Economy and finance" "Science, technology and innovation" "Source: psst, data as of" Sessions Year 2002 2021; do
  if grep -qF "$label" "$svg"; then pass; else fail "the SVG has the label '$label'"; fi
done
run chart topics-by-year --from 2002 --to 2021 --lang zh -o "$WORK/zh.svg"
if grep -qF "<title>中共中央政治局集体学习：各年主题，2002—2021年</title>" "$WORK/zh.svg" &&
  grep -qF "经济与金融" "$WORK/zh.svg" && grep -qF "来源：psst" "$WORK/zh.svg"; then pass; else
  fail "--lang zh labels everything in Chinese"
fi
run chart institutions --title "Who lectures" -o "$WORK/t.svg"
if grep -qF "<title>Who lectures</title>" "$WORK/t.svg"; then pass; else fail "--title"; fi

# one bar segment per non-zero year and topic, plus one legend swatch per topic
run stats --by year,topic --from 2002-01-01 --to 2021-12-31 --format csv
tr -d '\r' <"$WORK/out" >"$WORK/grid.csv"
want=$(python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
topics = rows[0][1:-1]
# the row of uncertain dates (no year) has no bar of its own in the yearly chart
print(sum(1 for r in rows[1:] if r[0] for v in r[1:-1] if int(v) > 0) + len(topics))" "$WORK/grid.csv")
got=$(python3 -c "
import re, sys
text = open(sys.argv[1]).read()
# text is drawn in 0x222222 and 0x666666, the background in white: the rest are bars and swatches
skip = {'13.333333%,13.333333%,13.333333%', '40%,40%,40%', '100%,100%,100%'}
print(sum(1 for c in re.findall(r'fill:rgb\(([^)]*)\)', text) if c not in skip))" "$svg")
expect_eq "one segment per year and topic with sessions, one swatch per topic" "$got" "$want"

# bad requests
run chart pie -o "$WORK/x.svg"
expect_status "an unknown chart is a usage error" 2
run chart topics-by-year
expect_status "-o is required" 2
run chart topics-by-year -o "$WORK/x.gif"
expect_status "an unknown extension is a usage error" 2
run chart topics-by-year -o /nonexistent/dir/x.svg
expect_status "an unwritable path is a system error" 3
expect_err "naming the path" "/nonexistent/dir/x.svg"
run chart topics-by-year --from 2021 --to 2002 -o "$WORK/x.svg"
expect_status "a reversed range is refused" 2
run chart topics-by-year --topic econ -o "$WORK/x.svg"
expect_status "filters other than years are refused" 2
finish
