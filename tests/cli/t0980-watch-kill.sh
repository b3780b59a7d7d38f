# psst watch --apply killed at random points: each readout is applied once or not at all.
# After every kill the data file holds the new session once or not at all, the state is whole
# JSON (or absent), and the next complete run finishes the work: the session once, the data
# checking, and the --exec command run at least once for it (again if the kill may have come
# between the apply and the command).
. "$(dirname "$0")/lib.sh"
RUNS=${PSST_KILL_RUNS:-20}
start_site
python3 - "$SOURCES" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["sources"] = [s for s in d["sources"] if s["name"] in ("cctv-xwlb", "xinhua-politics")]
json.dump(d, open(sys.argv[1], "w"), ensure_ascii=False)
PY
# the shipped record without 20-27, each note padded so that a write takes long enough for
# random kills to land inside it
python3 - "$SRC/data/sessions.jsonl" "$WORK/base.jsonl" <<'PY'
import json, sys
out = open(sys.argv[2], "w", encoding="utf-8")
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if (r["term"], r["number"]) == (20, 27):
        continue
    r["notes"] = (r["notes"] + " " + "padding for the kill test. " * 800).strip()
    out.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
D=$(datadir d "$WORK/base.jsonl")
cp "$D/sessions.jsonl" "$WORK/old.jsonl"
export EXEC_DIR="$WORK"
W="--once --apply --sources $SOURCES --state $WORK/state.json --connect-to ::127.0.0.1:$PORT --pause 0"
X='echo "$PSST_SESSION" >>"$EXEC_DIR/exec.log"'
count() { grep -c '"term": 20, "number": 27,' "$D/sessions.jsonl"; }
reset() { cp "$WORK/old.jsonl" "$D/sessions.jsonl"; rm -f "$WORK/state.json" "$WORK/exec.log"; }

reset
t0=$(date +%s%N)
"$PSST" --data "$D" --db "$D/psst.db" watch $W --exec "$X" >/dev/null 2>&1
t1=$(date +%s%N)
expect_eq "a whole run adds 20-27" "$(count)" 1
span=$(((t1 - t0) / 1000))
echo "a whole watch --apply took $span us; killing $RUNS runs at random points in it"
zero=0 one=0 i=0
while [ "$i" -lt "$RUNS" ]; do
  i=$((i + 1))
  reset
  delay=$(awk -v s="$i" -v span="$span" 'BEGIN { srand(s * 7919); printf "%.6f", rand() * span / 1e6 }')
  "$PSST" --data "$D" --db "$D/psst.db" watch $W --exec "$X" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  c=$(count)
  case "$c" in
  0) zero=$((zero + 1)) ;;
  1) one=$((one + 1)) ;;
  *) fail "run $i (killed after ${delay}s): 20-27 is in the data file $c times" ;;
  esac
  if [ -e "$WORK/state.json" ] && ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/state.json" 2>/dev/null; then
    fail "run $i: the state is not whole JSON"
  fi
  "$PSST" --data "$D" --db "$D/psst.db" watch $W --exec "$X" >/dev/null 2>"$WORK/err"
  c=$(count)
  [ "$c" -eq 1 ] || fail "run $i: after the next run 20-27 is in the data file $c times"
  [ -s "$WORK/exec.log" ] || fail "run $i (killed after ${delay}s): the command never ran for 20-27"
done
echo "the kill left 20-27 out after $zero kills, in after $one"
expect_eq "every kill left the session once or not at all" "$((zero + one))" "$RUNS"
run_in "$D" check
expect_status "the data checks after the kills" 0
finish
