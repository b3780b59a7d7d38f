# psst check and the build: every error class of the data files, named by file, line and
# field; warnings counted; --strict; a build refuses data with errors and keeps the old database.
. "$(dirname "$0")/lib.sh"

run check
expect_status "the shipped data has no errors" 0
expect_err "the summary counts warnings by kind" "warnings"

good=$(datadir good "$SRC/tests/data/sessions/good.jsonl")
run_in "$good" check
expect_status "a good fixture passes" 0
expect_err "its unknown values are warnings" "0 errors, 5 warnings"
run_in "$good" check --strict
expect_status "--strict turns the warning into an error" 1
expect_out_any "--strict lists it with file, line and field" "sessions.jsonl:2: date: date not known yet"
run_in "$good" check --warnings
expect_out "--warnings lists each warning" "sessions.jsonl:2: date: warning: date not known yet"
run_in "$good" check --format json
expect_out "JSON output is an array of problems" '"kind": "no-date"'

for expect in "$SRC"/tests/data/sessions/*.expect; do
  name=$(basename "$expect" .expect)
  dir=$(datadir "$name" "$SRC/tests/data/sessions/$name.jsonl")
  run_in "$dir" check
  expect_status "$name: check exits 1" 1
  line=$(cut -d, -f1 "$expect")
  field=$(cut -d, -f2 "$expect")
  if grep -qF "sessions.jsonl:$line: ${field:+$field: }" "$WORK/out"; then pass; else
    fail "$name: reported at line $line, field '$field'"
  fi
  run_in "$dir" check --format csv
  want=$(cat "$expect")
  if tr -d '\r' <"$WORK/out" | grep -qF ",$want,"; then pass; else fail "$name: csv row $want"; fi
done

# the build runs the same checks and refuses data with errors, with the same messages
dir=$(datadir rebuild "$SRC/tests/data/sessions/good.jsonl")
run_in "$dir" list
expect_status "a good folder builds" 0
cp "$dir/psst.db" "$WORK/before.db"
cp "$SRC/tests/data/sessions/bad-date.jsonl" "$dir/sessions.jsonl"
run_in "$dir" list
expect_status "a build of data with errors fails" 1
expect_err "with the check's message" "sessions.jsonl:3: date: '2003-02-30' is not a calendar date"
if cmp -s "$dir/psst.db" "$WORK/before.db"; then pass; else fail "the old database is kept"; fi
if ls "$dir" | grep -q tmp; then fail "no temporary file is left"; else pass; fi

# a file of 200,000 bad records: every problem listed (13 each), in memory that does not grow
# with their number (they are printed as they are found, not kept)
many=$(datadir many /dev/null)
python3 -c 'import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(200000):
        f.write(json.dumps({"term": 20, "number": i + 1, "date": "2026-13-45"}) + "\n")' "$many/sessions.jsonl"
rss=$(python3 - "$PSST" "$many" "$WORK/many.out" <<'PY'
import os, resource, subprocess, sys
# under AddressSanitizer, freed memory waits in a quarantine of 256 MB: a small one here, so
# that what is measured is what the check keeps
env = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=16")
with open(sys.argv[3], "wb") as out:
    subprocess.run([sys.argv[1], "--data", sys.argv[2], "check"], stdout=out,
                   stderr=subprocess.DEVNULL, env=env)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
PY
)
expect_eq "every problem of 200,000 records is listed" "$(grep -c 'sessions.jsonl:' "$WORK/many.out")" 2600000
if [ "$rss" -lt 250 ]; then pass; else fail "checking them stays within 250 MB" "$rss MB"; fi

# missing and unreadable files
empty="$WORK/empty"
mkdir -p "$empty"
run_in "$empty" check
expect_status "a folder without data files fails" 3
expect_err "naming the file" "codebook.json: cannot open"
finish
