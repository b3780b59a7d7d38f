# psst scan --apply killed at random points: the data file is always the old or the new
# version, never a mix or a truncation (as t0910 for ingest). The records carry long notes
# so that the write takes long enough for the kills to land inside it.
. "$(dirname "$0")/lib.sh"
RUNS=${PSST_KILL_RUNS:-40}
A="$SRC/tests/data/scan/archive/feed.jsonl"
python3 - "$SRC/data/sessions.jsonl" "$WORK/base.jsonl" <<'PY'
import json, sys
out = open(sys.argv[2], 'w', encoding='utf-8')
for line in open(sys.argv[1], encoding='utf-8'):
    r = json.loads(line)
    if r['term'] == 20 and r['number'] > 23:
        continue
    r['notes'] = (r['notes'] + ' ' + 'padding for the kill test. ' * 800).strip()
    out.write(json.dumps(r, ensure_ascii=False) + '\n')
PY
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
old_seen=0
new_seen=0
i=0
while [ "$i" -lt "$RUNS" ]; do
  i=$((i + 1))
  cp "$WORK/old.jsonl" "$D/sessions.jsonl"
  delay=$(awk -v s="$i" -v span="$span" 'BEGIN { srand(s * 7907); f = s % 2 ? rand() : 0.6 + rand() * 0.5; printf "%.6f", f * span / 1e6 }')
  "$PSST" --data "$D" --db "$D/psst.db" scan "$A" --apply >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if cmp -s "$D/sessions.jsonl" "$WORK/old.jsonl"; then
    old_seen=$((old_seen + 1))
  elif cmp -s "$D/sessions.jsonl" "$WORK/new.jsonl"; then
    new_seen=$((new_seen + 1))
  else
    fail "run $i (killed after ${delay}s): the data file is neither the old nor the new version"
    cp "$D/sessions.jsonl" "$WORK/mixed-$i.jsonl"
  fi
done
echo "old version after $old_seen kills, new version after $new_seen"
expect_eq "every run left the old or the new file" "$((old_seen + new_seen))" "$RUNS"
run_in "$D" check
expect_status "the data checks after the kills" 0
finish
