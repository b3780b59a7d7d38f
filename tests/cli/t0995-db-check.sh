# A derived database that is checked: a damaged database (bytes overwritten in the middle,
# truncated, replaced by text) is rebuilt by the next command with a message; a data file
# changed behind its size and time is noticed by its hash; a data file only touched is not
# a reason to rebuild. SQLite's own PRAGMA quick_check (Python's sqlite3) judges the result.
. "$(dirname "$0")/lib.sh"

need_python "import sqlite3" python3
quick_check() { "$PY" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA quick_check").fetchone()[0])' "$1" 2>&1; }

D=$(datadir d "$SRC/data/sessions.jsonl")
run_in "$D" export --format csv -o -
expect_status "the first command builds the database" 0
cp "$WORK/out" "$WORK/want.csv"
cp "$D/psst.db" "$WORK/good.db"
expect_eq "the built database passes quick_check" "$(quick_check "$D/psst.db")" ok

# the export after damage: rebuilt at the open (the header or the first page tells), or the
# query meets the damaged page, is told so, and the command works when run again
after_damage() { # TITLE
  run_in "$D" export --format csv -o -
  if [ "$status" -eq 0 ]; then
    pass
    expect_err "$1: rebuilt at the open, with a message" "was damaged ("
  else
    expect_status "$1: the failed query is a system error" 3
    expect_err "$1: the message says what happened" "was damaged ("
    expect_err "$1: and what to do" "rebuilt it: run the command again"
    run_in "$D" export --format csv -o -
    expect_status "$1: the command run again" 0
  fi
  if cmp -s "$WORK/out" "$WORK/want.csv"; then pass; else fail "$1: the export is whole again"; fi
  expect_eq "$1: the database passes quick_check" "$(quick_check "$D/psst.db")" ok
  run_in "$D" export --format csv -o -
  expect_eq "$1: the next command says nothing of damage" "$(grep -c damaged "$WORK/err")" 0
}

# ---- bytes overwritten in the middle (the header and the size as they were) ----
size=$(stat -c %s "$D/psst.db")
"$PY" - "$D/psst.db" "$size" <<'PY'
import sys
f = open(sys.argv[1], 'r+b')
size = int(sys.argv[2])
f.seek(size // 4)
f.write(b'\xa5' * (size // 2))
PY
expect_eq "the damage is real: quick_check finds it" "$(quick_check "$D/psst.db" | grep -c '^ok$')" 0
after_damage "overwritten"

# ---- truncated ----
truncate -s $((size / 2)) "$D/psst.db"
after_damage "truncated"
cp "$WORK/good.db" "$D/psst.db"
truncate -s $((size / 2)) "$D/psst.db"
run_in "$D" list --limit 1
expect_err "the message gives the sizes" "bytes where its header says $size"

# ---- replaced by text ----
printf 'this is not a database\n' >"$D/psst.db"
after_damage "replaced by text"
printf 'this is not a database\n' >"$D/psst.db"
run_in "$D" list --limit 1
expect_err "the message says what it is not" "(not an SQLite database); rebuilt it"

# ---- a data file changed behind its size and modification time ----
run_in "$D" show 20-1
expect_status "show 20-1" 0
old_title=$(sed -n 's/^.*"term": 20, "number": 1, .*"title_en": "\([^"]*\)".*$/\1/p' "$D/sessions.jsonl")
cp -p "$D/sessions.jsonl" "$WORK/orig.jsonl"
# the same length: one letter of the English title in upper case
new_title=$(printf '%s' "$old_title" | sed 's/^\(.\)\(.\)/\1\U\2/')
if [ "$new_title" != "$old_title" ] && [ ${#new_title} -eq ${#old_title} ]; then pass; else
  fail "the changed title has the same length" "'$old_title' -> '$new_title'"
fi
"$PY" - "$D/sessions.jsonl" "$old_title" "$new_title" <<'PY'
import sys
p, old, new = sys.argv[1:]
text = open(p, encoding='utf-8').read()
open(p, 'w', encoding='utf-8').write(text.replace('"title_en": "%s"' % old, '"title_en": "%s"' % new, 1))
PY
touch -r "$WORK/orig.jsonl" "$D/sessions.jsonl"
expect_eq "the size is the same" "$(stat -c %s "$D/sessions.jsonl")" "$(stat -c %s "$WORK/orig.jsonl")"
expect_eq "the modification time is the same" "$(stat -c %Y "$D/sessions.jsonl")" "$(stat -c %Y "$WORK/orig.jsonl")"
run_in "$D" show 20-1
expect_out "the change is seen" "$new_title"

# ---- a data file only touched: the hash is the same, nothing is rebuilt ----
ino=$(stat -c %i "$D/psst.db")
touch "$D/sessions.jsonl" "$D/codebook.json"
run_in "$D" show 20-1
expect_out "show after a touch" "$new_title"
expect_eq "the database was not rebuilt (the same file)" "$(stat -c %i "$D/psst.db")" "$ino"

finish
