# The database's derived parts against what they stand for: the counts the build stores
# (src/core/stats.c, ps_counts_store) against the GROUP BY they replace, and a listing's
# --limit, read from an index in order (src/core/filter.c), against the whole listing cut.
. "$(dirname "$0")/lib.sh"

run build
expect_status "build" 0
DB=$PSST_DB
q() { sqlite3 -readonly "$DB" "$1"; }

# every dimension and every pair, stored once in enum order, as the live GROUP BY gives it
expr() {
  case $1 in
  tech) echo st.tag ;;
  *) echo "s.$1" ;;
  esac
}
dims="year term leader topic tech format confidence"
i=0
for a in $dims; do
  i=$((i + 1))
  join=""
  [ "$a" = tech ] && join=" JOIN session_tech st ON st.session_id = s.id"
  diff=$(q "SELECT a, b, n FROM counts WHERE dims = '$a' EXCEPT
    SELECT $(expr "$a"), '', count(*) FROM sessions s$join GROUP BY 1;
    SELECT $(expr "$a"), '', count(*) FROM sessions s$join GROUP BY 1 EXCEPT
    SELECT a, b, n FROM counts WHERE dims = '$a';")
  expect_eq "the stored counts by $a are the GROUP BY's" "$diff" ""
  j=0
  for b in $dims; do
    j=$((j + 1))
    [ $j -le $i ] && continue
    join=""
    { [ "$a" = tech ] || [ "$b" = tech ]; } && join=" JOIN session_tech st ON st.session_id = s.id"
    live="SELECT $(expr "$a"), $(expr "$b"), count(*) FROM sessions s$join GROUP BY 1, 2"
    diff=$(q "SELECT a, b, n FROM counts WHERE dims = '$a,$b' EXCEPT $live;
      $live EXCEPT SELECT a, b, n FROM counts WHERE dims = '$a,$b';")
    expect_eq "the stored counts by $a,$b are the GROUP BY's" "$diff" ""
  done
done
expect_eq "the stored number of sessions" "$(q "SELECT n FROM counts WHERE dims = 'sessions'")" \
  "$(q 'SELECT count(*) FROM sessions')"
expect_eq "the stored count of lectures without lecturers" \
  "$(q "SELECT n FROM counts WHERE dims = 'no-lecturers'")" \
  "$(q "SELECT count(*) FROM sessions s WHERE (s.format = 'lecture' OR s.format IS NULL)
        AND NOT EXISTS (SELECT 1 FROM lectures l WHERE l.session_id = s.id)")"
expect_eq "the stored count of sessions without the day they were added or changed" \
  "$(q "SELECT n FROM counts WHERE dims = 'no-change-date'")" \
  "$(q 'SELECT count(*) FROM sessions WHERE coalesce(updated, added) IS NULL')"

# stats in both orders of a pair: the same table turned
run stats --by year,topic --format csv
expect_out "stats --by year,topic from the stored counts" "2013,"
run stats --by tech --format csv
expect_out "stats --by tech from the stored counts: the tag sessions" "blockchain,"

# --limit N is the first N rows of the whole listing, whichever way the filter is read:
# a large set tested in order, a small one fetched and sorted (the threshold is
# sqrt(rows * sessions / 4), about 31 sessions for 20 rows of the shipped record)
for f in "" "--year 2015" "--term 18" "--topic sti" "--topic party" "--tech ai" \
  "--tech internet" "--topic sti --tech ai" "--year 2019 --topic party" "--leader hu --topic econ" \
  "--from 2010-01-01 --to 2016-12-31" "--format lecture --topic law"; do
  for n in 1 3 20 40; do
    # shellcheck disable=SC2086
    whole=$("$PSST" --data "$SRC/data" list $f --format csv 2>/dev/null | head -n $((n + 1)))
    # shellcheck disable=SC2086
    run list $f --limit $n --format csv
    expect_eq "list $f --limit $n is the listing's first $n rows" "$(cat "$WORK/out")" "$whole"
  done
done

# the reference files as parsed, stored by the build (refdata_pack.c): the same answers read
# back, and a damaged packing falls back to the files themselves
expect_eq "the build stores the parsed reference files" \
  "$(q "SELECT substr(value, 1, 14) FROM meta WHERE key = 'refdata'")" "psst-refdata 1"
run show 19-18
before=$(cat "$WORK/out")
run list --topic sti --tech ai --format csv
listed=$(cat "$WORK/out")
sqlite3 "$DB" "UPDATE meta SET value = substr(value, 1, length(value) / 2) WHERE key = 'refdata'"
run show 19-18
expect_status "show with a damaged packing" 0
expect_eq "show reads the files instead, the same" "$(cat "$WORK/out")" "$before"
run list --topic sti --tech ai --format csv
expect_eq "a filter by codes reads them too" "$(cat "$WORK/out")" "$listed"

finish
