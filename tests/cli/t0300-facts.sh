# One test per fact of the founding article (PRODUCT.md), computed from the shipped data.
# Where the record disagrees with the article, the test asserts what the record says and
# README.md ("Findings") explains the difference with sources.
. "$(dirname "$0")/lib.sh"

# 1. Between 2002 and 2021, from one session a year (2002) to ten (2006, 2015).
run stats --by year --from 2002-01-01 --to 2021-12-31 --format csv
tr -d '\r' <"$WORK/out" | tail -n +2 | cut -d, -f1,2 >"$WORK/years"
expect_eq "fact 1: 2002 had one session" "$(grep '^2002,' "$WORK/years")" "2002,1"
expect_eq "fact 1: 2015 had ten sessions" "$(grep '^2015,' "$WORK/years")" "2015,10"
expect_eq "fact 1: no year had more than ten" "$(cut -d, -f2 "$WORK/years" | sort -n | tail -n 1)" "10"
expect_eq "fact 1 (record differs): 2013 had ten as well" "$(grep '^2013,' "$WORK/years")" "2013,10"
dated2006=$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if (json.loads(l)["date"] or "").startswith("2006-")))' "$SRC/data/sessions.jsonl")
got2006=$(grep '^2006,' "$WORK/years" | cut -d, -f2)
if [ "$got2006" -ge "$dated2006" ] && [ "$got2006" -le 10 ]; then pass; else
  fail "fact 1 (record incomplete): 2006 counts its dated sessions and those whose window lies in it, at most ten" "$got2006 (dated $dated2006)"
fi
# the sessions whose window spans two years are a row of their own, never silently dropped
if grep -q '^,' "$WORK/years"; then pass; else fail "fact 1: the sessions of uncertain date are a row"; fi
expect_err "fact 1: and the note says what that row is" "the row 'uncertain'"

# 2. The 38th session of the 16th Politburo, January 2007: internet technology and network culture.
run show 16-38 --format json
expect_out "fact 2: 16-38 was held in January 2007" '"date": "2007-01-23"'
expect_out "fact 2: its subject is network technology" "世界网络技术发展"
expect_out "fact 2: and network culture" "网络文化建设与管理"
expect_out "fact 2: it carries the internet tag" '"internet"'

# 3. From 2017 a new technology every year: big data, AI, blockchain, quantum, digital economy.
run timeline --format csv
for want in big-data,2017,19-2 ai,2018,19-9 blockchain,2019,19-18 quantum,2020,19-24 \
  digital-economy,2021,19-34; do
  tag=${want%%,*}
  got=$(tr -d '\r' <"$WORK/out" | grep "^$tag," | cut -d, -f1-3 | sed 's/,\([0-9]\{4\}\)-[0-9-]*,/,\1,/')
  expect_eq "fact 3: first session on $tag" "$got" "$want"
done

# 4. Under Xi, science and technology in general only once from 2012 to 2016: innovation-driven
#    development, held at Zhongguancun in 2013 (a field session).
run list --tech general-sti --leader xi --to 2016-12-31 --format csv
expect_lines "fact 4: one general S&T session under Xi by 2016" 2
expect_out "fact 4: it is 18-9, 2013-09-30, a field session" "18-9,2013-09-30,18,9,Xi Jinping,field"

# 5. Xi put more technologies on the agenda than his predecessor.
run stats --by leader,tech --format csv
tr -d '\r' <"$WORK/out" >"$WORK/lt"
count_tags() { # LEADER: tags other than general-sti with at least one session
  awk -F, -v who="$1" 'NR == 1 { for (i = 2; i < NF; i++) name[i] = $i }
    $1 == who { for (i = 2; i < NF; i++) if ($i > 0 && name[i] != "general-sti") n++ }
    END { print n + 0 }' "$WORK/lt"
}
hu=$(count_tags "Hu Jintao")
xi=$(count_tags "Xi Jinping")
if [ "$xi" -gt "$hu" ]; then pass; else fail "fact 5: Xi ($xi technologies) more than Hu ($hu)"; fi

# 6. The leading chart: sessions by topic per year, 2002 to 2021, adds up to the sessions by year.
run stats --by year,topic --from 2002-01-01 --to 2021-12-31 --format csv
tr -d '\r' <"$WORK/out" | tail -n +2 | awk -F, '{ s = 0; for (i = 2; i < NF; i++) s += $i;
  if (s != $NF) bad = 1 } END { exit bad }'
expect_status "fact 6: the chart table's rows add up" 0
first=$(tr -d '\r' <"$WORK/out" | sed -n 2p | cut -d, -f1)
last=$(tr -d '\r' <"$WORK/out" | grep -v '^,' | tail -n 1 | cut -d, -f1)
expect_eq "fact 6: the chart spans 2002 to 2021" "$first-$last" "2002-2021"
finish
