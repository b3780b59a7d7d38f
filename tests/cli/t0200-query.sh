# Query commands on the shipped data: list and its filters, show, search, stats, the rankings.
. "$(dirname "$0")/lib.sh"

run list --term 16 --format csv
expect_lines "list --term 16 gives the 44 sessions and a header" 45
run list --year 2013 --format csv
expect_lines "2013 had ten sessions" 11
run list --from 2019-01-01 --to 2019-12-31 --format csv
expect_out "a date range" "19-12,2019-01-25"
run list --leader 胡锦涛 --format csv
expect_lines "the leader in Chinese: 77 Hu-era sessions" 78
run list --leader xi --format csv
xi=$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["term"] >= 18))' "$SRC/data/sessions.jsonl")
expect_lines "part of the leader's name, any case: the Xi-era sessions" $((xi + 1))
run list --tech blockchain --format csv
expect_out "by technology tag" "19-18,2019-10-24"
run list --topic sti --format field --format csv
expect_out "--format takes a session format and an output format together" "18-9,2013-09-30"
run list --format self-study --format csv
n=$(csv_col 6 | sort -u)
expect_eq "--format self-study keeps only self-study sessions" "$n" "self-study"
run list --lecturer 许崇德 --format csv
expect_out "by lecturer, Chinese name" "16-1,"
run list --lecturer "xu chongde" --format csv
expect_out "by lecturer, English name in any case" "16-1,"
run list --institution cass --format csv
expect_out "by institution code" "16-3,"
run list --institution 人民大学 --format csv
expect_out "by part of an institution's name" "16-1,"
run list --term 20 --format json
expect_out "JSON output types numbers" '"term": 20'
run list --term 16 --limit 3 --format csv
expect_lines "--limit" 4
run list --term 18 --lang zh
expect_out "Chinese titles with --lang zh" "习近平"

run show 19-18
expect_out "show prints the subject" "blockchain"
expect_out "show prints the sources" "http"
expect_out "each with its publisher, kind, date and the fields it supports" \
  "CCTV, Broadcast text, 2019-10-25 (supports date, number, title_zh, format, lecturers)"
expect_out "and the words it was read from" "«中共中央政治局10月24日下午就区块链技术发展现状和趋势进行第十八次集体学习"
run show 16-19
expect_out "an undated session: the window the numbering gives" \
  "between 2004-12-28 and 2005-04-14 (date uncertain)"
run show 20-26
expect_out "a window within one year counts in that year" "(counted in 2026)"
run list --year 2026 --format csv
expect_out "and the year's listing holds it" "20-26,"
run show 19-18 --format json
expect_out "show --format json is the stored record" '"term": 19, "number": 18'
run show 16-1 --lang zh
expect_out "show in Chinese" "宪法"

run search 区块链
expect_out "a three-character Chinese search" "19-18"
run search 量子
expect_out "a two-character Chinese search" "19-24"
run search 网 --limit 50 --format csv
expect_out "a one-character Chinese search" "16-38"
run search blockchain
expect_out "an English search" "19-18"
run search 'BLOCK*'
expect_out "an English prefix, in any case" "19-18"
run search BLOCK
expect_status "a word is a whole word (AI is not air)" 1
expect_err "with the prefix suggested" "did you mean: BLOCK*?"
run search 区块链 --format csv
expect_out "the snippet marks the match" "[区块链]"
run search 量子 科技 --format csv
expect_out "words are ANDed" "19-24"
run search zzzqqq
expect_status "no match exits 1" 1

# undated: the number of sessions of the shipped record without a known date
undated=$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["date"] is None))' "$SRC/data/sessions.jsonl")
run stats --by year --format csv
expect_out "stats by year" "2013,10,"
run stats --by year,topic --format csv
head -n 1 "$WORK/out" | tr -d '\r' >"$WORK/header"
if grep -q "^year,theory,party" "$WORK/header"; then pass; else fail "year,topic has topics in codebook order" "$(cat "$WORK/header")"; fi
if tr -d '\r' <"$WORK/out" | grep -q '^,'; then pass; else fail "sessions of uncertain date are a row (no year)"; fi
expect_err "and the note says what the row is" "the row 'uncertain' counts the sessions whose date is not known"
run stats --by leader,tech --format csv
expect_out "two dimensions with tech" "Xi Jinping"
run stats --by topic --lang zh
expect_out "labels in Chinese" "科技创新"

run lecturers --format csv
expect_out "lecturers ranked" "name,name_zh,name_en,sessions"
run institutions --format csv
expect_out "institutions ranked" "cass,Chinese Academy of Social Sciences"
run timeline --format csv
expect_out "the timeline has the internet first in 2007" "internet,2007-01-23,16-38"
run overview
expect_out "the overview shows the years" "2013"
expect_out "and the technology timeline" "Technology timeline"
finish
