# psst scan: synthetic archives in every format (tests/data/scan), one item per pattern of
# the reader, the four outcomes of the reconciliation, the sessions absent from the
# archive, what is skipped, and --apply.
. "$(dirname "$0")/lib.sh"
# the tables checked here for their content, as a wide terminal shows them whole (t0160
# checks the 80-column fitting)
export COLUMNS=200
S="$SRC/tests/data/scan"
# the record the fixtures are written against: the shipped one up to 20-23, with the
# sessions the fixtures read set to known values (the shipped record is curated on)
python3 - "$SRC/data/sessions.jsonl" "$WORK/base.jsonl" <<'PY'
import json, sys
want = {
    (19, 12): dict(date="2019-01-25", title_zh="全媒体时代和媒体融合发展", format="field",
                   lecturers=[dict(name_zh="叶蓁蓁", name_en="Ye Zhenzhen", affiliation_zh="人民网总裁",
                                   affiliation_en="President, People's Daily Online")]),
    (19, 16): dict(date="2019-07-30", title_zh="推进军事政策制度改革", format="lecture",
                   lecturers=[dict(name_zh="谭亚东", name_en="Tan Yadong", affiliation_zh="军事科学院研究员",
                                   affiliation_en="Researcher, Academy of Military Science")]),
    (19, 17): dict(date="2019-09-24", title_zh="新中国国家制度和法律制度的形成和发展", format=None,
                   lecturers=[]),
    (19, 18): dict(date="2019-10-24", title_zh="区块链技术发展现状和趋势", format="lecture",
                   lecturers=[dict(name_zh="陈纯", name_en="Chen Chun", affiliation_zh="浙江大学教授、中国工程院院士",
                                   affiliation_en="Professor, Zhejiang University")]),
    (19, 8): dict(date="2018-09-21", title_zh="实施乡村振兴战略", format="lecture",
                  lecturers=[dict(name_zh="韩长赋", name_en="Han Changfu", affiliation_zh="农业农村部部长",
                                  affiliation_en="Minister of Agriculture and Rural Affairs"),
                             dict(name_zh="刘永富", name_en="Liu Yongfu", affiliation_zh="国务院扶贫办主任",
                                  affiliation_en="Director, State Council Leading Group Office of Poverty Alleviation")]),
    (20, 1): dict(date="2022-10-25", title_zh="学习贯彻党的二十大精神", format="self-study", lecturers=[]),
}
out = open(sys.argv[2], "w", encoding="utf-8")
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r["term"] == 20 and r["number"] > 23:
        continue
    if (r["term"], r["number"]) in want:
        r.update(want[(r["term"], r["number"])])
        r["confidence"] = "medium"
        if r["format"] != "self-study":
            r["speakers"] = []
    out.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
D=$(datadir d "$WORK/base.jsonl")
cp "$D/sessions.jsonl" "$WORK/old.jsonl"
run_in "$D" check
expect_status "the test record checks" 0

# ---- an archive in four formats ----
run_in "$D" scan "$S/archive" --format csv
expect_status "a disagreement: exit 1" 1
row() { grep -F ",$1," "$WORK/out" | head -1; }
r=$(row 19-18)
case "$r" in *20191025.md,,13,习近平在中央政治局第十八次集体学习时强调*,agrees,19-18,2019-10-24,区块链技术发展现状和趋势,lecture,陈纯,*) pass ;;
  *) fail "Markdown bulletin: 19-18 agrees, with its line and headline" "$r" ;; esac
case "$r" in *"year from the item's publication date"*) pass ;; *) fail "19-18: the date from the bulletin's date" "$r" ;; esac
expect_eq "the bulletin's headlines and the story quoting the session are mentions" \
  "$(grep -c ',19-18,' "$WORK/out")" 1
r=$(row 19-17)
case "$r" in *20190925.json,2,,*,fills,19-17,2019-09-24,新中国国家制度和法律制度的形成和发展,lecture,于志刚,*format*lecturers*) pass ;;
  *) fail "CCTV JSON day file: 19-17 fills format and lecturers (a post holding 和)" "$r" ;; esac
r=$(row 19-16)
case "$r" in *articles.json,2,,中共中央政治局进行第十六次集体学习,disagrees,19-16,2019-07-29,推进军事政策制度改革,lecture,谭亚东,date,*"record 2019-07-30, readout 2019-07-29"*) pass ;;
  *) fail "article list: 19-16 disagrees on the date" "$r" ;; esac
r=$(row 20-24)
case "$r" in *feed.jsonl,2,2,,new,20-24,2026-01-30,前瞻布局和发展未来产业,lecture,王建华、刘明远,*) pass ;;
  *) fail "JSON Lines found by content: 20-24 new, two lecturers joined by 和" "$r" ;; esac
expect_eq "the record's sessions in the archive's span that it does not hold" \
  "$(grep -c ',absent,' "$WORK/out")" \
  "$(python3 -c "
import json
n=0
for l in open('$D/sessions.jsonl'):
    r=json.loads(l)
    if r.get('date') and '2019-07-31' <= r['date'] < '2026-01-31' and (r['term'],r['number']) not in [(19,16),(19,17),(19,18)]: n+=1
print(n)")"
run_in "$D" scan "$S/archive" --format json
python3 -c "import json,sys; t=json.load(open('$WORK/out')); assert all('words' in r and 'file' in r for r in t); assert any(r['outcome']=='new' and r['item']==2 for r in t)" \
  && pass || fail "JSON output: rows with locator and words"
run_in "$D" scan "$S/archive"
expect_out_any "table output" "disagrees"
expect_err "a summary on standard error" "4 readout(s): 1 new, 1 fill, 1 disagree, 1 agree"

# ---- the reader's patterns, one item each ----
P="$WORK/patterns"
mkdir -p "$P"
iconv -f UTF-8 -t GB18030 "$S/patterns/field.html" | gzip -c >"$P/field.html.gz"
cp "$S/patterns/traditional.txt" "$S/patterns/repost.txt" "$S/patterns/undated.txt" "$S/patterns/unknown.txt" \
  "$S/patterns/heads-20180922.txt" "$P/"
run_in "$D" scan "$P" --format csv
expect_status "no disagreement, nothing skipped" 0
r=$(row 19-12)
case "$r" in *field.html.gz,,1,,agrees,19-12,2019-01-25,全媒体时代和媒体融合发展,field,叶蓁蓁,*) pass ;;
  *) fail "a GB18030 page, gzip-compressed: the field session's place after the lead" "$r" ;; esac
r=$(row 20-1)
case "$r" in *traditional.txt,,1,,agrees,20-1,2022-10-25,学习贯彻党的二十大精神,self-study,李强、赵乐际、王沪宁、蔡奇、丁薛祥、李希,*) pass ;;
  *) fail "traditional, annotated, half-width punctuation: the self-study speakers" "$r" ;; esac
r=$(row 19-8)
case "$r" in *heads-20180922.txt,,1,,agrees,19-8,2018-09-21,实施乡村振兴战略,lecture,韩长赋、刘永富,*) pass ;;
  *) fail "heads of departments who spoke on their work are lecturers" "$r" ;; esac
r=$(grep -F 'repost.txt' "$WORK/out")
case "$r" in *agrees,19-18,2019-10-24,*"outweighs the publication date 2023-05-04"*) pass ;;
  *) fail "a re-post: the numbering outweighs the page's date, and says so" "$r" ;; esac
r=$(grep -F 'undated.txt' "$WORK/out")
case "$r" in *agrees,19-18,2019-10-24,*"the same number and subject"*) pass ;;
  *) fail "no month, no publication date: matched by number and subject" "$r" ;; esac
r=$(grep -F 'unknown.txt' "$WORK/out")
case "$r" in *,new,?-99,,*) pass ;; *) fail "an unknown term is unknown (?), never 0" "$r" ;; esac

# ---- a session the archive names only in a headline: absent, and said so ----
H="$WORK/headlines"
mkdir -p "$H"
printf '# 《新闻联播》 (20191128)\n\n### 某地集体经济发展\n\n为测试写的新闻。\n' >"$H/20191128.md"
printf '# 《新闻联播》 (20191130)\n\n### 习近平在中央政治局第十九次集体学习时强调 为测试写的标题\n\n[查看原文](https://tv.cctv.com/2019/11/30/x.shtml)\n' >"$H/20191130.md"
run_in "$D" scan "$H" --format csv
r=$(grep -F ',absent,19-19,' "$WORK/out")
case "$r" in *"the archive names it ("*"20191130.md:3) but holds no readout of it"*) pass ;;
  *) fail "an absent session named only in a headline" "$r" ;; esac

# ---- bad input: reported with its path, skipped, the scan goes on ----
B="$WORK/bad"
mkdir -p "$B/loop"
cp "$S/archive/bulletin/20191025.md" "$B/"
printf 'PK\003\004\000\000binary\000集体学习' >"$B/binary.bin"
head -c 3000000 /dev/zero | tr '\0' 'a' >"$B/oneline.txt"
printf '中共中央政治局\377\376集体学习\n' >"$B/invalid.txt"
printf '{"a": 1, "b": [1, 2], "c": "集体学习"}' >"$B/notalist.json"
ln -s .. "$B/loop/up"
gzip -c "$S/archive/bulletin/20191025.md" | head -c 700 >"$B/cut.md.gz"
run_in "$D" scan "$B" --format csv
expect_status "something skipped: exit 4" 4
expect_err "a binary file" "binary.bin: binary file"
expect_err "a file with no line break" "oneline.txt: no line break in"
expect_err "invalid UTF-8, nor GB18030" "invalid.txt: not UTF-8"
expect_err "JSON that is not an article list" "notalist.json: JSON that is not an article list"
expect_err "a symbolic-link loop" "loop/up: symbolic-link loop"
expect_err "a cut gzip file, read as far as it goes" "cut.md.gz: damaged or truncated gzip data (unexpected end of file)"
expect_out_any "the good file is still read" ",agrees,19-18,"
if [ "$(id -u)" -ne 0 ]; then
  mkdir -p "$B/locked" && chmod 000 "$B/locked"
  run_in "$D" scan "$B/locked"
  expect_err "an unreadable folder" "cannot read the folder"
  chmod 755 "$B/locked"
fi

# ---- --apply: new sessions added, empty fields filled, never a value overwritten ----
cp "$WORK/old.jsonl" "$D/sessions.jsonl"
run_in "$D" scan "$S/archive" --apply --format csv
expect_status "applied, the disagreement still reported" 1
expect_err "20-24 added" "added 20-24 in the data file"
expect_err "19-17 filled" "filled 19-17 in the data file"
expect_err "the disagreement is not applied" "not applied: it disagrees with the record (date)"
# the day the records were written (UTC), and the day after in case midnight fell between
days="$(date -u +%F) $(date -u -d tomorrow +%F)"
python3 - "$D/sessions.jsonl" "$WORK/old.jsonl" $days <<'PY' && pass || fail "the data file after --apply"
import json, sys
rec = {(r["term"], r["number"]): r for r in map(json.loads, open(sys.argv[1], encoding="utf-8"))}
old = {(r["term"], r["number"]): r for r in map(json.loads, open(sys.argv[2], encoding="utf-8"))}
today = sys.argv[3:]
new = rec[(20, 24)]
assert new["date"] == "2026-01-30" and new["title_zh"] == "前瞻布局和发展未来产业", new
assert [l["name_zh"] for l in new["lecturers"]] == ["王建华", "刘明远"], new["lecturers"]
src = new["sources"][0]
assert src["url"].startswith("https://tv.cctv.com/2026/01/31/") and src["publisher"] == "CCTV"
assert src["kind"] == "broadcast" and src["published"] == "2026-01-31", src
assert {"date", "title_zh", "lecturers"} <= set(src["supports"]) and "第二十四次" in src["quote"], src
assert len(src["quote"]) <= 120
filled = rec[(19, 17)]
assert filled["format"] == "lecture" and filled["lecturers"][0]["name_zh"] == "于志刚", filled
assert any(s["url"].endswith("VIDEtest0000000000190926.shtml") for s in filled["sources"])
assert rec[(19, 16)]["date"] == "2019-07-30"  # never overwritten
# a new record enters the data today; a filled one changed today; the others did not change
assert new["added"] in today and new["updated"] == new["added"], new
assert filled["updated"] in today and filled.get("added") == old[(19, 17)].get("added"), filled
for k, r in rec.items():
    if k not in ((20, 24), (19, 17)):
        assert r.get("updated") == old[k].get("updated"), (k, r.get("updated"))
PY
run_in "$D" check
expect_status "the data checks after --apply" 0
run_in "$D" scan "$S/archive" --format csv
expect_out_any "a second scan: 20-24 now agrees" ",agrees,20-24,"

# ---- --archive: each readout's text by its hash ----
run_in "$D" scan "$S/archive/feed.jsonl" --archive --archive-dir "$WORK/arch" --format csv
n=$(ls "$WORK/arch"/*.txt 2>/dev/null | wc -l)
expect_eq "one readout archived" "$n" 1
run_in "$D" archive --archive-dir "$WORK/arch"
expect_status "the archive verifies" 0

run scan --help
expect_out "scan --help" "usage: psst scan [options] PATH..."
finish
