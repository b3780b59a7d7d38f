# Faults injected on purpose (docs/robustness.md): the writers of psst (build, ingest
# --apply, add, export) run with a preloaded shim (tests/fault/shim.c) that makes the Nth
# write call fail (io), the Nth allocation fail (alloc), or the power go at the Nth write
# call (power). Run by ctest as
#   sh tests/fault/fault.sh PSST SOURCE_DIR WORK_DIR SHIM io|alloc|power
# Each point starts from the same old folder (data, database, export files) and must end
# in a clear error (exit 3) or a success (exit 0, a failure psst may ignore), never a
# crash or a sanitizer report, with every file the old or the new version and no
# temporary file left; after a power cut the data file is the old or the new version and
# psst list answers what that version holds. The exceptions, each documented there: the
# CSV pair after the first of its two renames; aborts inside OpenCC or glibc (alloc).
. "$(dirname "$0")/../cli/lib.sh"
SHIM=$4
MODE=$5
# how many points of the sampled kinds per command (write, pwrite and libxlsxwriter's
# temporary files: SAMPLE evenly spread from the first, and the last; allocations: SAMPLE
# evenly spread, and the last). 1 in io and power keeps those two modes within two minutes
SAMPLE=${PSST_FAULT_SAMPLE:-$(case $MODE in io | power) echo 1 ;; *) echo 40 ;; esac)}
unset PSST_FAULT PSST_FAULT_ON PSST_FAULT_N PSST_FAULT_REPORT
points_total=0
known=0
continue_left=
# the aborts allowed under allocation faults, by their message: the C++ library of the
# OpenCC module throws std::bad_alloc through C, and glibc cannot start a thread without
# memory for its thread-local data; OpenCC's marisa-trie throws its own exception
# (docs/robustness.md)
KNOWN_ABORTS="terminate called after throwing an instance of '(std::bad_alloc|marisa::Exception)'|cannot allocate memory for thread-local data"

# the old folder: the shipped record without 20-24 onward (ingest adds 20-24), its
# database, and export files that an export replaces
S="$WORK/s"
# built where each run works (the database notes its data folder), then kept aside
mkdir -p "$S/data" "$S/out"
python3 - "$SRC/data/sessions.jsonl" "$S/data/sessions.jsonl" <<'PY'
import json, sys
with open(sys.argv[2], 'w', encoding='utf-8') as out:
    for line in open(sys.argv[1], encoding='utf-8'):
        r = json.loads(line)
        if not (r['term'] == 20 and r['number'] > 23):
            out.write(line)
PY
cp "$SRC/data/codebook.json" "$SRC/data/terms.json" "$SRC/data/institutions.json" "$S/data/"
"$PSST" --data "$S/data" --db "$S/data/psst.db" build >/dev/null 2>&1 || fail "the old database is built"
for f in s.csv s.lecturers.csv s.json s.sqlite s.xlsx; do printf 'old %s\n' "$f" >"$S/out/$f"; done
cp -a "$S" "$WORK/old"

reset() { rm -rf "$S" && cp -a "$WORK/old" "$S"; }
# psst on the scenario folder; output in $WORK/out, $WORK/err, status in $status
psst_s() {
  status=0
  "$PSST" --data "$S/data" --db "$S/data/psst.db" "$@" >"$WORK/out" 2>"$WORK/err" || status=$?
}
# sums FOLDER: a line "SHA-256 PATH" per file of the scenario folder, the database's
# included; a workbook that is not byte-identical to the old one by its parts but the one
# with the time it was made (Python only then: it starts slowly)
raw_sums() {
  (cd "$1" && find . -type f ! -name .sessions.lock -exec sha256sum {} + |
    sed 's#^\([0-9a-f]*\)  \./#\1 #' | LC_ALL=C sort -k2)
}
sums() {
  raw_sums "$1" | while read -r h n; do
    case $n in
    *.xlsx)
      grep -qxF "$h $n" "$WORK/old_raw" || h=$(python3 -c 'import hashlib, sys, zipfile
try:
    z = zipfile.ZipFile(sys.argv[1])
    h = hashlib.sha256()
    for n in sorted(z.namelist()):
        if n != "docProps/core.xml":
            h.update(n.encode() + z.read(n))
    print(h.hexdigest())
except zipfile.BadZipFile:
    print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1/$n") ;;
    esac
    echo "$h $n"
  done
}
# files: the sums but the database's; db: the database's
files() { printf '%s\n' "$1" | grep -v ' data/psst.db$'; }
db() { printf '%s\n' "$1" | grep ' data/psst.db$'; }
# listing: what psst list answers on the scenario folder (the database rebuilt if stale)
listing() { psst_s list --format csv && [ "$status" -eq 0 ] && cat "$WORK/out"; }
leftovers() { find "$S" -name '*psst-tmp*' | sed "s#$S/##" | tr '\n' ' '; }

# reason: a failure says what failed, in words, and carries no sanitizer report
reason_ok() {
  if grep -qE 'Sanitizer|runtime error|SUMMARY' "$WORK/err"; then return 1; fi
  grep -qE '^psst[^:]*: .*(cannot|Input/output error|No space left|out of memory|Cannot allocate|disk I/O error|disk is full|failed)' "$WORK/err"
}

# points KIND-COUNT-FILE: the fault points of a counting run: every call that opens,
# truncates, syncs or renames, and SAMPLE of the writes, evenly spread (first and last
# included), libxlsxwriter's opens of its own temporary files ("tmp.XXXXXXXXXX", one per
# part of the workbook) counted with the writes; or SAMPLE allocations evenly spread over
# them all
points() {
  if [ "$MODE" = alloc ]; then
    awk -v k="$SAMPLE" '/^alloc / { n = $2; if (n < 1) exit; s = n / k; if (s < 1) s = 1
      for (x = 1; x <= n; x += s) print int(x); print n }' "$1" | sort -un
  else
    awk -v k="$SAMPLE" '/^call / { if ($3 ~ /write/ || ($3 == "open" && $4 ~ /\/tmp\.[^\/]*$/)) w[nw++] = $2; else print $2 }
      END { s = nw / k; if (s < 1) s = 1; for (x = 0; x < nw; x += s) print w[int(x)]
            if (nw) print w[nw - 1] }' "$1" | sort -un
  fi
}

# scenario NAME COMMAND...: the command on the old folder, once plainly (the new version),
# once counting, then at each point. psst list (which rebuilds a stale database, the
# slowest step) runs only where the database may differ from the old one: after the
# commands that write it (build, ingest, add); an export must leave it byte-identical.
scenario() {
  name=$1
  shift
  case $name in build | ingest | add) writes_db=1 ;; *) writes_db=0 ;; esac
  reset
  psst_s "$@"
  expect_status "$name: runs without a fault" 0
  new_all=$(sums "$S")
  new_files=$(files "$new_all")
  new_list=$old_list
  [ "$writes_db" = 1 ] && new_list=$(listing)
  [ "$name" = build ] || [ "$new_files" != "$old_files" ] || fail "$name: changes a file"
  reset
  rm -f "$WORK/count"
  PSST_FAULT=count PSST_FAULT_REPORT="$WORK/count" LD_PRELOAD="$SHIM" psst_s "$@"
  expect_status "$name: runs while counting" 0
  pts=$(points "$WORK/count")
  n=$(echo $pts | wc -w)
  [ "$n" -gt 0 ] || fail "$name: the counting run found fault points" "$(tail -2 "$WORK/count")"
  points_total=$((points_total + n))
  echo "$name: $(grep -c '^call ' "$WORK/count") io calls, $(sed -n 's/^alloc //p' "$WORK/count") allocations; $n points"
  # the CSV export renames the lecturers file, then the sessions file: a fault after the
  # first rename may leave the new lecturers beside the old sessions (docs/robustness.md)
  mixed=none
  mixed_after=$(awk '$1 == "call" && $3 == "rename" && $4 ~ /s\.lecturers\.csv$/ { print $2; exit }' "$WORK/count")
  if [ "$name" = export-csv ]; then
    [ -n "$mixed_after" ] || fail "$name: the counting run renames the lecturers file"
    mixed=$(printf '%s\n' "$new_files" | awk 'NR == FNR { if ($2 == "out/s.lecturers.csv") h = $1; next }
      $2 == "out/s.lecturers.csv" { $1 = h } 1' - "$WORK/old_files")
  fi
  bad=0
  for p in $pts; do
    reset
    rm -f "$WORK/rep"
    if [ "$MODE" = alloc ]; then on=alloc; else on=io; fi
    kind=fail
    [ "$MODE" = power ] && kind=power
    PSST_FAULT=$kind PSST_FAULT_ON=$on PSST_FAULT_N=$p PSST_FAULT_REPORT="$WORK/rep" \
      LD_PRELOAD="$SHIM" psst_s "$@"
    what=$(head -1 "$WORK/rep" 2>/dev/null)
    why=
    got_all=$(sums "$S")
    got_files=$(files "$got_all")
    got_db=$(db "$got_all")
    old_ok=0
    [ "$got_files" = "$old_files" ] && old_ok=1
    # the mixed CSV pair stands for the old version, where the fault came after the first rename
    [ "$mixed" != none ] && [ "$p" -gt "$mixed_after" ] && [ "$got_files" = "$mixed" ] && old_ok=1
    if [ "$MODE" = power ]; then
      if [ "$status" -ne 86 ]; then
        why="exit $status, not a power cut ($what)"
      elif [ "$old_ok" = 0 ] && [ "$got_files" != "$new_files" ]; then
        why="the files are neither the old nor the new version"
      elif [ "$writes_db" = 0 ]; then
        [ "$got_db" = "$old_db" ] || why="the export changed the database"
      elif [ "$got_files" != "$old_files" ] || [ "$got_db" != "$old_db" ]; then
        # the database answers for the data file as it is (rebuilt if stale or damaged)
        if ! got_list=$(listing) || { [ "$got_list" != "$old_list" ] && [ "$got_list" != "$new_list" ]; }; then
          why="psst list after the cut: exit $status, or another answer"
        elif [ "$got_files" = "$old_files" ] && [ "$got_list" != "$old_list" ]; then
          why="the old data but the new database"
        fi
      fi
    elif grep -qE 'Sanitizer|runtime error' "$WORK/err"; then
      why="a sanitizer report"
    elif [ "$MODE" = alloc ] && { [ "$status" -eq 134 ] || [ "$status" -eq 127 ]; } &&
      grep -qE "$KNOWN_ABORTS" "$WORK/err"; then
      # (glibc ends with 127 when a thread cannot get its thread-local data)
      # a library psst cannot make fail cleanly (docs/robustness.md): the files must still
      # be the old or the new version; its temporary file is swept by the next writer
      known=$((known + 1))
      kept=$(printf '%s\n' "$got_files" | grep -v psst-tmp)
      [ "$kept" = "$old_files" ] || [ "$kept" = "$new_files" ] || why="abort in a library, and the files are neither the old nor the new version"
      continue_left=1
    elif [ "$status" -eq 3 ]; then
      if ! reason_ok; then
        why="no clear message"
      elif [ "$old_ok" = 0 ] && ! { [ "$got_files" = "$new_files" ] &&
        grep -q 'the record was written to' "$WORK/err"; }; then
        why="a data or export file changed"
      elif [ "$got_db" != "$old_db" ]; then
        why="the database changed"
      fi
    elif [ "$status" -eq 0 ]; then
      if [ "$got_files" != "$new_files" ]; then
        why="exit 0 without the new version"
      elif [ "$writes_db" = 1 ] && [ "$(listing)" != "$new_list" ]; then
        why="exit 0 without the new database"
      elif [ "$writes_db" = 0 ] && [ "$got_db" != "$old_db" ]; then
        why="the export changed the database"
      fi
    else
      why="exit $status"
    fi
    left=$(leftovers)
    [ -z "$why" ] && [ -z "$continue_left" ] && [ -n "$left" ] && why="temporary files left: $left"
    continue_left=
    if [ -n "$why" ]; then
      bad=$((bad + 1))
      fail "$name, $MODE at $p ($what): $why"
      mkdir -p "$WORK/failed" && cp -a "$S" "$WORK/failed/$name-$p" 2>/dev/null
    fi
  done
  expect_eq "$name: every $MODE point ends cleanly" "$bad" 0
}

# what the old folder holds, and what psst list answers on it
raw_sums "$WORK/old" >"$WORK/old_raw"
old_all=$(sums "$WORK/old")
old_files=$(files "$old_all")
old_db=$(db "$old_all")
printf '%s\n' "$old_files" >"$WORK/old_files"
reset
old_list=$(listing)
[ -n "$old_list" ] || fail "psst list answers on the old folder"

R="$SRC/tests/data/readouts/xi-lecture-1.txt"
start=$(date +%s)
scenario build build --force
scenario ingest ingest "$R" --published 2026-01-29 --apply --yes --no-archive
scenario add add term=20 number=24 date=2026-09-29 title_zh=测试 format=self-study topic=party confidence=medium
scenario export-json export --format json -o "$S/out/s.json"
scenario export-csv export --format csv -o "$S/out/s.csv"
scenario export-sqlite export --format sqlite -o "$S/out/s.sqlite"
[ "$MODE" = alloc ] || scenario export-xlsx export --format xlsx -o "$S/out/s.xlsx"
echo "$MODE: $points_total fault points in $(($(date +%s) - start)) s; $known known aborts in libraries"
finish
