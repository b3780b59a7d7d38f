# psst scan --apply killed at random points: the data file is always the old or the new
# version, never a mix or a truncation (as t0910 for ingest). The records carry long notes
# so that the write takes long enough for the kills to land inside it.
. "$(dirname "$0")/lib.sh"
RUNS=${PSST_KILL_RUNS:-40}
A="$SRC/tests/data/scan/archive/feed.jsonl"
kill_base "$WORK/base.jsonl"
D=$(datadir d "$WORK/base.jsonl")
cp "$D/sessions.jsonl" "$WORK/old.jsonl"
"$PSST" --data "$D" --db "$D/psst.db" build >/dev/null 2>&1
t0=$(date +%s%N)
"$PSST" --data "$D" --db "$D/psst.db" scan "$A" --apply >/dev/null 2>&1
t1=$(date +%s%N)
cp "$D/sessions.jsonl" "$WORK/new.jsonl"
if cmp -s "$WORK/old.jsonl" "$WORK/new.jsonl"; then fail "the apply changed nothing"; else pass; fi
span=$(((t1 - t0) / 1000))
[ "$span" -gt 0 ] || span=100000
echo "a whole scan --apply took $span us; killing $RUNS runs at random points in it"
kill_runs "$RUNS" 7907 "$span" "$PSST" --data "$D" --db "$D/psst.db" scan "$A" --apply
run_in "$D" check
expect_status "the data checks after the kills" 0
finish
