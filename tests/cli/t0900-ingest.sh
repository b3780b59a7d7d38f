# psst ingest, psst add, psst archive: a readout read against the record (the year
# from the numbering, contradictions, duplicates), applied atomically with its
# archive copy, fields given by hand, batches; bad input refused with nothing written.
. "$(dirname "$0")/lib.sh"
R="$SRC/tests/data/readouts"
# the shipped record up to 20-23, so that the readouts' sessions 20-24 on are new
python3 - "$SRC/data/sessions.jsonl" "$WORK/base.jsonl" <<'PY'
import json, sys
out = open(sys.argv[2], 'w', encoding='utf-8')
for line in open(sys.argv[1], encoding='utf-8'):
    r = json.loads(line)
    if not (r['term'] == 20 and r['number'] > 23):
        out.write(line)
PY
D=$(datadir d "$WORK/base.jsonl")
cp "$D/sessions.jsonl" "$WORK/before.jsonl"
same_data() { # TITLE: the data file is unchanged
  if cmp -s "$D/sessions.jsonl" "$WORK/before.jsonl"; then pass; else fail "$1" "the data file changed"; fi
}

# ---- reading against the record ----
run_in "$D" ingest "$R/xi-lecture-1.txt"
expect_status "a readout without a year" 0
expect_out "the year comes from the numbering" "year inferred from the numbering: within a year after 20-23 (2025-11-28)"
expect_out "the date" '"date": "2026-01-28"'
expect_out "inferred year: medium confidence" '"confidence": "medium"'
expect_out "every field with its words" "«"
run_in "$D" ingest "$R/xi-lecture-1.txt" --published 2026-01-29 --format json \
  --url https://tv.cctv.com/2026/01/29/VIDEa.shtml
expect_status "--format json" 0
got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d["record"]; s=r["sources"][0]; print(r["term"], r["number"], r["date"], r["confidence"], r["lecturers"][0]["name_zh"], len(d["read"]) > 5, s["publisher"], s["kind"], s["published"], "lecturers" in s["supports"], s["quote"][:8])' "$WORK/out")
expect_eq "the JSON view, the address a structured source" "$got" "20 24 2026-01-28 high 王明远 True CCTV broadcast 2026-01-29 True 中共中央政治局1"
run_in "$D" ingest "$R/xi-lecture-1.txt" --published 2026-01-29
expect_out "without an address, not high" '"confidence": "medium"'
run_in "$D" ingest "$R/xi-lecture-1.txt" --format csv
expect_status "--format csv is not a view of a proposal" 2
run_in "$D" ingest - --published 2026-01-29 <"$R/xi-lecture-1.txt"
expect_out "standard input" '"number": 24'
run_in "$D" ingest "$R/xi-lecture-1.txt" --published 2025-11-29
expect_status "a readout contradicting the record (20-24 before 20-23)" 1
expect_err "names both dates" "contradicts the record"
run_in "$D" ingest "$R/traditional.txt" --published 2026-04-29
expect_out "traditional input: simplified title" '"title_zh": "加强人工智能治理"'
expect_out "the classifier's topic" '"topic": "sti"'
expect_out "the classifier's tag" '"tech": ["ai"]'

# ---- bad input: exit 1, nothing written ----
for f in empty not-readout no-number bad-date; do
  run_in "$D" ingest "$R/$f.txt" --apply --yes --published 2026-03-01
  expect_status "$f refused" 1
done
expect_err "the last says why" "does not exist"
head -c 2000 "$PSST" >"$WORK/binary"
run_in "$D" ingest "$WORK/binary" --apply --yes
expect_status "binary refused" 1
expect_err "binary named" "binary"
printf '\377\376 not utf-8' >"$WORK/latin"
run_in "$D" ingest "$WORK/latin" --apply --yes
expect_status "non-UTF-8 refused" 1
run_in "$D" ingest "$R/xi-lecture-1.txt" --published 2027-13-01
expect_status "a bad --published" 1
run_in "$D" ingest "$WORK/none.txt"
expect_status "a missing file" 1
same_data "nothing was written by the refusals"

# ---- apply ----
run_in "$D" ingest "$R/four-lecturers.txt" --apply --yes --no-archive
expect_status "missing fields block the apply" 1
expect_err "named" "could not be read: term date leader"
same_data "nothing written without them"
run_in "$D" ingest "$R/xi-lecture-1.txt" --published 2026-01-29 --apply </dev/null
expect_status "no answer, no apply" 1
same_data "nothing written without a yes"
run_in "$D" ingest "$R/xi-lecture-1.txt" --published 2026-01-29 --url https://www.news.cn/a.htm \
  --apply --yes --archive-dir "$WORK/arch" --set "title_en=Advancing self-reliance in marine science and technology"
expect_status "apply" 0
expect_err "applied" "added 20-24 to the data file"
tail -n 1 "$D/sessions.jsonl" >"$WORK/last"
got=$(python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).read()); src=r["sources"][0]; print(r["number"], r["date"], src["url"], src["publisher"], src["kind"], ",".join(src["supports"]), r["title_en"][:9])' "$WORK/last")
expect_eq "the record appended" "$got" "24 2026-01-28 https://www.news.cn/a.htm Xinhua readout date,number,title_zh,format,lecturers Advancing"
run_in "$D" show 20-24
expect_out "the database is rebuilt" "推进海洋科技自立自强"
run_in "$D" check
expect_status "the data still checks" 0
sha=$(sha256sum "$R/xi-lecture-1.txt" | cut -c1-64)
if cmp -s "$WORK/arch/$sha.txt" "$R/xi-lecture-1.txt"; then pass; else fail "the exact input archived under its hash"; fi
run_in "$D" archive --archive-dir "$WORK/arch" --format csv
expect_out "the archive lists it" "$sha,20-24,https://www.news.cn/a.htm"
expect_out "and verifies it" ",ok"
cp "$D/sessions.jsonl" "$WORK/before.jsonl"
run_in "$D" ingest "$R/page.html" --apply --yes --no-archive
expect_status "a duplicate refused" 1
expect_err "named" "refused, a duplicate"
same_data "nothing written for a duplicate"

# a gap in the numbering is refused by the same checks as psst check
run_in "$D" ingest "$R/field.txt" --published 2026-10-31 --apply --yes --no-archive
expect_status "a gap (20-27 after 20-24)" 1
expect_err "the check's error" "20-25 to 20-26 are missing before this one"
same_data "nothing written for a gap"

# --set completes what the readout lacks
run_in "$D" ingest "$R/xi-lecture-3.txt" --apply --yes --no-archive --set date=2026-03-26 \
  --set term=20 --set leader="Xi Jinping" --set 'lecturer=' --set 'lecturer=李建平|Li Jianping|国家发展和改革委员会宏观经济研究院院长|President, Academy of Macroeconomic Research, NDRC'
expect_status "--set fills the missing fields" 0
run_in "$D" show 20-25 --format json
expect_out "the lecturer given by hand" "Li Jianping"

# ---- the archive notices a changed copy ----
echo "changed" >>"$WORK/arch/$sha.txt"
run_in "$D" archive --archive-dir "$WORK/arch"
expect_status "a changed copy fails the verification" 1
expect_out_any "and is named" "changed"

# ---- psst add ----
cp "$D/sessions.jsonl" "$WORK/before.jsonl"
run_in "$D" add term=20 number=26 date=2026-09-29 title_zh=深入推进全面从严治党 format=self-study \
  "speakers=Zhang Guoqiang, Li Wenming" topic=party confidence=medium --url https://www.news.cn/b.htm
expect_status "add" 0
expect_out "the record as written" '"speakers": ["Zhang Guoqiang", "Li Wenming"]'
# it enters the data today (UTC; the day after too, in case midnight fell between)
day=$(sed -n 's/.*"added": "\([0-9-]*\)", "updated": "\1"}$/\1/p' "$WORK/out")
case "$day" in
  "$(date -u +%F)" | "$(date -u -d tomorrow +%F)") pass ;;
  *) fail "a new record is added and updated today" "$(tail -c 80 "$WORK/out")" ;;
esac
run_in "$D" show 20-26
expect_out "leader from the term" "Xi Jinping"
expect_out "show says when the record was added and changed" "added $day, last changed $day"
cp "$D/sessions.jsonl" "$WORK/before.jsonl"
run_in "$D" add term=20 number=27 date=2026-09-01 title_zh=测试
expect_status "add: a date before the previous session" 1
expect_err "the check's error" "is not after session 20-26"
run_in "$D" add term=20 number=27 date=2026-10-30 topic=nonsense
expect_status "add: an unknown code" 1
expect_err "names the field" "topic"
run_in "$D" add term=20 number=27 colour=red
expect_status "add: an unknown field" 2
run_in "$D" add number=27
expect_status "add: no term" 2
run_in "$D" add term=20 number=27 date=2026-10-30 added=2026-13-01
expect_status "add: a day that is not a date" 2
expect_err "names the field" "added: '2026-13-01' is not a date"
run_in "$D" add term=20 number=27 date=2026-10-30 title_zh=测试二 added=2026-12-06 updated=2026-12-01
expect_status "add: changed before it was added" 1
expect_err "the check's error" "updated: 2026-12-01 is before the day the record was added (2026-12-06)"
same_data "nothing written by the failed adds"

# ---- batch ----
printf '\f' >"$WORK/ff"
cat "$R/xi-lecture-1.txt" "$WORK/ff" "$R/not-readout.txt" "$WORK/ff" "$R/hu-lecture-2.txt" >"$WORK/batch.txt"
run_in "$D" ingest --batch "$WORK/batch.txt" "$R/four-lecturers.txt"
expect_status "a batch with a refused readout" 1
n=$(wc -l <"$WORK/out")
expect_eq "one JSON line per readout read" "$n" 3
expect_err "the refused one named" "readout 2: this is not a study-session readout"
finish
