# psst ingest --apply killed at random points: the data file is always the old or
# the new version, never a mix or a truncation. The records carry long notes so that
# the write takes long enough for the kills to land inside it.
. "$(dirname "$0")/lib.sh"
RUNS=${PSST_KILL_RUNS:-60}
R="$SRC/tests/data/readouts"
kill_base "$WORK/base.jsonl"
D=$(datadir d "$WORK/base.jsonl")
cp "$D/sessions.jsonl" "$WORK/old.jsonl"
apply() {
  "$PSST" --data "$D" --db "$D/psst.db" ingest "$R/xi-lecture-1.txt" --published 2026-01-29 \
    --apply --yes --no-archive >/dev/null 2>&1
}
# the new version, and how long a whole apply takes
"$PSST" --data "$D" --db "$D/psst.db" build >/dev/null 2>&1
t0=$(date +%s%N)
apply
t1=$(date +%s%N)
cp "$D/sessions.jsonl" "$WORK/new.jsonl"
if cmp -s "$WORK/old.jsonl" "$WORK/new.jsonl"; then fail "the apply changed nothing"; else pass; fi
span=$(((t1 - t0) / 1000))
[ "$span" -gt 0 ] || span=100000
echo "a whole apply took $span us; killing $RUNS runs at random points in it"
kill_runs "$RUNS" 7919 "$span" "$PSST" --data "$D" --db "$D/psst.db" ingest "$R/xi-lecture-1.txt" \
  --published 2026-01-29 --apply --yes --no-archive
# a later command after the kills still works: the database is rebuilt from the file
run_in "$D" check
expect_status "the data checks after the kills" 0
finish
