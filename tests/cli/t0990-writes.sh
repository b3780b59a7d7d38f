# Writes that respect their target: a pipe, /dev/stdout and a device are written in place,
# a symbolic link is followed to its file, a file's mode is kept, a folder that cannot be
# written is refused cleanly; temporary files of killed writers are removed by the next
# write, a live writer's are not. And the small fixes of the command line: --from/--to
# shapes, over-long filter values, the message of an add whose rebuild failed.
. "$(dirname "$0")/lib.sh"

D=$(datadir d "$SRC/data/sessions.jsonl")
run_in "$D" export --format csv -o -
expect_status "export to standard output with -o -" 0
cp "$WORK/out" "$WORK/want.csv"
rows=$(wc -l <"$WORK/want.csv")
expect_eq "the shipped record exported: a header and a row per session" "$rows" \
  "$(($(wc -l <"$SRC/data/sessions.jsonl") + 1))"

# ---- /dev/stdout: written, not replaced ----
run_in "$D" export --format csv -o /dev/stdout
expect_status "export -o /dev/stdout" 0
if cmp -s "$WORK/out" "$WORK/want.csv"; then pass; else fail "-o /dev/stdout writes to standard output"; fi
if [ -L /dev/stdout ] || [ -c /dev/stdout ]; then pass; else fail "/dev/stdout is left as it was"; fi
# and through a pipe, the binary formats too (made in a temporary file, then copied)
status=0
"$PSST" --data "$D" --db "$D/psst.db" export --format xlsx -o /dev/stdout 2>"$WORK/err" | cat >"$WORK/pipe.xlsx" || status=$?
expect_status "xlsx to /dev/stdout in a pipe" 0
expect_eq "the workbook came through the pipe (a zip file)" "$(head -c 2 "$WORK/pipe.xlsx")" "PK"

# ---- a named pipe: written in place, still a pipe ----
mkfifo "$WORK/fifo"
cat "$WORK/fifo" >"$WORK/from-fifo.csv" &
reader=$!
run_in "$D" export --format csv -o "$WORK/fifo"
expect_status "export to a named pipe" 0
wait "$reader"
if cmp -s "$WORK/from-fifo.csv" "$WORK/want.csv"; then pass; else fail "the reader of the pipe got the export"; fi
if [ -p "$WORK/fifo" ]; then pass; else fail "the named pipe is still a pipe"; fi
if ls "$WORK" | grep -q '^fifo\.'; then fail "no file beside the pipe" "$(ls "$WORK")"; else pass; fi
if grep -q 'lecturers' "$WORK/err"; then fail "the summary names no lecturers file beside a pipe" "$(cat "$WORK/err")"; else pass; fi

# ---- a device: written in place, its error reported, never replaced ----
run_in "$D" export --format csv -o /dev/full
expect_status "export to a full device fails as a system error" 3
expect_err "with the reason" "No space left on device"
if [ -c /dev/full ]; then pass; else fail "/dev/full is still a device"; fi
run_in "$D" export --format csv -o /dev/null
expect_status "export to /dev/null" 0
if [ -c /dev/null ]; then pass; else fail "/dev/null is still a device"; fi

# ---- the database is a regular file: a pipe or a device is refused, not replaced ----
mkfifo "$WORK/dbfifo"
status=0
"$PSST" --data "$D" --db "$WORK/dbfifo" list >"$WORK/out" 2>"$WORK/err" || status=$?
expect_status "a pipe as the database is refused" 3
expect_err "as not a regular file" "dbfifo: not a regular file"
if [ -p "$WORK/dbfifo" ]; then pass; else fail "the pipe given as the database is left alone"; fi

# ---- symbolic links: the file behind them is written ----
mkdir "$WORK/real"
printf 'old\n' >"$WORK/real/sessions.csv"
ln -s real/sessions.csv "$WORK/link.csv"
run_in "$D" export --format csv -o "$WORK/link.csv"
expect_status "export through a symbolic link" 0
if [ -L "$WORK/link.csv" ]; then pass; else fail "the link is still a link"; fi
if cmp -s "$WORK/real/sessions.csv" "$WORK/want.csv"; then pass; else fail "the linked file has the export"; fi
# a dangling link: its target is created
ln -s real/new.json "$WORK/dangling.json"
run_in "$D" export --format json -o "$WORK/dangling.json"
expect_status "export through a dangling link" 0
if [ -L "$WORK/dangling.json" ] && [ -s "$WORK/real/new.json" ]; then pass; else
  fail "the dangling link's target is written, the link kept"
fi
# the database behind a link
ln -s "$D/psst.db" "$WORK/db-link"
status=0
"$PSST" --data "$D" --db "$WORK/db-link" build --force >"$WORK/out" 2>"$WORK/err" || status=$?
expect_status "a rebuild through a linked database" 0
if [ -L "$WORK/db-link" ]; then pass; else fail "the database link is still a link"; fi

# ---- a file's mode is kept ----
chmod 600 "$WORK/real/sessions.csv"
run_in "$D" export --format csv -o "$WORK/real/sessions.csv"
expect_status "export over a private file" 0
expect_eq "the export keeps mode 600" "$(stat -c %a "$WORK/real/sessions.csv")" 600
chmod 640 "$D/psst.db"
run_in "$D" build --force
expect_status "a rebuild" 0
expect_eq "the rebuilt database keeps mode 640" "$(stat -c %a "$D/psst.db")" 640
chmod 600 "$D/sessions.jsonl"
cp "$D/sessions.jsonl" "$WORK/before.jsonl"
# the data file rewritten by add keeps its mode (a record for the test only, removed after)
run_in "$D" add term=20 number=28 date=2026-09-29 title_zh=测试 format=self-study topic=party \
  confidence=medium
expect_status "add" 0
expect_eq "add keeps the data file's mode 600" "$(stat -c %a "$D/sessions.jsonl")" 600
cp "$WORK/before.jsonl" "$D/sessions.jsonl"

# ---- a folder that cannot be written: refused with the reason, nothing left ----
run_in "$D" export --format csv -o "$WORK/no-such-folder/x.csv"
expect_status "a missing folder is a system error" 3
expect_err "with the reason" "No such file or directory"
if [ "$(id -u)" != 0 ]; then
  mkdir "$WORK/ro"
  chmod a-w "$WORK/ro"
  run_in "$D" export --format csv -o "$WORK/ro/x.csv"
  expect_status "a read-only folder is a system error" 3
  expect_err "with the reason" "Permission denied"
  expect_eq "and nothing is left in it" "$(ls -A "$WORK/ro")" ""
  chmod u+w "$WORK/ro"
fi

# ---- leftovers of killed writers: removed by the next write, a live writer's kept ----
sleep 300 &
live=$!
dead=$(sh -c 'echo $$')                    # a pid that has ended
while kill -0 "$dead" 2>/dev/null; do dead=$((dead + 1)); done
mkdir "$WORK/left"
for f in "out.csv.psst-tmp-$dead-0123456789ab" "out.csv.tmp-$dead" \
  "out.csv.psst-tmp-$live-0123456789ab" "other.csv.psst-tmp-$dead-0123456789ab" \
  "out.csv.psst-tmp-notapid"; do
  printf 'partial' >"$WORK/left/$f"
done
# one of a live pid, but older than any write (a day)
printf 'partial' >"$WORK/left/out.csv.psst-tmp-$live-aaaaaaaaaaaa"
touch -d '2 days ago' "$WORK/left/out.csv.psst-tmp-$live-aaaaaaaaaaaa"
run_in "$D" export --format csv -o "$WORK/left/out.csv"
expect_status "an export beside leftovers" 0
kill "$live" 2>/dev/null
left=$(cd "$WORK/left" && ls | tr '\n' ' ')
expect_eq "a dead writer's and an old one's removed; a live one's, another name's and a foreign file kept" \
  "$left" "other.csv.psst-tmp-$dead-0123456789ab out.csv out.csv.psst-tmp-$live-0123456789ab out.csv.psst-tmp-notapid out.lecturers.csv "
# a killed build's temporary database is removed by the next build
printf 'partial' >"$D/psst.db.psst-tmp-$dead-0123456789ab"
run_in "$D" build --force
expect_status "a rebuild beside a killed one's file" 0
if [ -e "$D/psst.db.psst-tmp-$dead-0123456789ab" ]; then fail "the killed build's file is removed"; else pass; fi
# and a killed add's temporary data file by the next write of the data file
printf 'partial' >"$D/sessions.jsonl.psst-tmp-$dead-0123456789ab"
run_in "$D" add term=20 number=28 date=2026-09-29 title_zh=测试 format=self-study topic=party \
  confidence=medium
expect_status "add beside a killed add's file" 0
if [ -e "$D/sessions.jsonl.psst-tmp-$dead-0123456789ab" ]; then fail "the killed add's file is removed"; else pass; fi
cp "$WORK/before.jsonl" "$D/sessions.jsonl"

# ---- small fixes of the command line ----
run chart topics-by-year --from 4294969298 -o "$WORK/x.svg"
expect_status "--from past what a number holds is a usage error" 2
expect_err "named" "--from: '4294969298' is not a date YYYY-MM-DD or a year YYYY"
run list --to 2021-1-1
expect_status "--to in another shape is a usage error" 2
run list --from 2019-03-01 --to 2019-12-31
expect_status "a date range still works" 0
long=$(head -c 130000 /dev/zero | tr '\0' a)
run list --lecturer "$long"
expect_status "a 130 KB --lecturer is a usage error" 2
expect_err "saying why" "--lecturer: the value is 130000 bytes long; a filter takes at most 1024"

# an add whose record was written but whose rebuild failed says so (the file-size limit lets
# the data file through and stops the database; SIGXFSZ ignored, the write fails with EFBIG)
run_in "$D" list --limit 1
status=0
(
  trap '' XFSZ
  ulimit -f 700
  exec "$PSST" --data "$D" --db "$D/psst.db" add term=20 number=28 date=2026-09-29 \
    title_zh=测试 format=self-study topic=party confidence=medium
) >"$WORK/out" 2>"$WORK/err" || status=$?
expect_status "add with a failed rebuild is a system error" 3
expect_err "it says the record was written" "the record was written to"
expect_err "and not to add it again" "do not add it again: run 'psst build'"
if grep -q '"number": 28' "$D/sessions.jsonl"; then pass; else fail "the record is in the data file"; fi
run_in "$D" build --force
expect_status "psst build afterwards" 0
cp "$WORK/before.jsonl" "$D/sessions.jsonl"

finish
