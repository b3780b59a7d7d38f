# t0170-man-completion.sh: the manual page and the completion scripts are what psst
# generates from its command table (scripts/gen-cli-docs.sh writes them), the page
# renders without a warning, and bash loads the completion and completes from it.
. "$(dirname "$0")/lib.sh"

"$PSST" __man >"$WORK/psst.1"
if cmp -s "$WORK/psst.1" "$SRC/man/psst.1"; then pass; else
  fail "man/psst.1 is current (run scripts/gen-cli-docs.sh)" "$(diff "$SRC/man/psst.1" "$WORK/psst.1" | head -5)"
fi
for shell in bash zsh; do
  f=psst.bash
  [ "$shell" = zsh ] && f=_psst
  "$PSST" __completion $shell >"$WORK/$f"
  if cmp -s "$WORK/$f" "$SRC/completion/$f"; then pass; else
    fail "completion/$f is current (run scripts/gen-cli-docs.sh)" "$(diff "$SRC/completion/$f" "$WORK/$f" | head -5)"
  fi
done

# every command has its section, and the rule for empty results is in the page
for cmd in $("$PSST" __complete command); do
  if grep -q "^\.SS \"psst $cmd " "$SRC/man/psst.1"; then pass; else fail "the man page has psst $cmd"; fi
done
if command -v man >/dev/null 2>&1; then
  MANWIDTH=80 man -l --warnings=w "$SRC/man/psst.1" >"$WORK/out" 2>"$WORK/err"
  status=$?
  expect_status "man -l renders the page" 0
  expect_eq "without a warning" "$(cat "$WORK/err")" ""
  expect_out "the page's name section" "the Party Study Session Tracker"
  expect_out "an option with its argument" "--year YYYY"
  expect_out "the exit status" "EXIT STATUS"
else
  fail "man (man-db) is installed"
fi

# bash: the script loads, and completes commands, options, fixed values and codebook codes
comp() { # WORDS...: what _psst offers for the last word
  PATH="$(dirname "$PSST"):$PATH" bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _psst; echo "${COMPREPLY[@]}"' \
    sh "$SRC/completion/psst.bash" "$@" 2>&1
}
expect_eq "bash loads the script" "$(bash -c ". '$SRC/completion/psst.bash'; complete -p psst" 2>&1)" "complete -F _psst psst"
expect_eq "commands" "$(comp psst li)" "list"
expect_eq "commands by a letter" "$(comp psst l)" "lecturers list"
expect_eq "help's commands" "$(comp psst help se)" "search serve"
expect_eq "a command's options" "$(comp psst list --ye)" "--year"
expect_eq "an option another command lacks is not offered" "$(comp psst show --ye)" ""
expect_eq "--format's values for list" "$(comp psst list --format j)" "json"
expect_eq "--format's values for export" "$(comp psst export --format x)" "xlsx"
expect_eq "--topic's codes, from the codebook" "$(comp psst --data "$SRC/data" list --topic e)" "econ environment"
expect_eq "--tech's codes, from the codebook" "$(comp psst --data "$SRC/data" list --tech bl)" "blockchain"
expect_eq "chart types" "$(comp psst chart topics)" "topics-by-year"
# the codes follow the data folder: a codebook with one more tag completes it
d=$(datadir extra "$SRC/data/sessions.jsonl")
python3 - "$d/codebook.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1], encoding='utf-8'))
c['tags'].append({'code': 'blockcraft', 'en': 'Test tag', 'zh': '测试', 'keywords': {'zh': ['测试标签'], 'en': ['test tag']}})
json.dump(c, open(sys.argv[1], 'w', encoding='utf-8'), ensure_ascii=False)
PY
expect_eq "codes asked of psst as it completes" "$(comp psst --data "$d" --db "$d/psst.db" list --tech bl)" "blockchain blockcraft"

# zsh: the real completion system, driven as a user at a terminal (tests/cli/zcomp.zsh)
if zsh -n "$SRC/completion/_psst" 2>"$WORK/err"; then pass; else fail "zsh parses _psst" "$(cat "$WORK/err")"; fi
bindir=$(dirname "$PSST")
zcomp() { (cd "$SRC" && zsh -f "$SRC/tests/cli/zcomp.zsh" "$SRC/completion" "$bindir" "$@" | tr '\n' ' '); }
expect_eq "zsh completes a command" "$(zcomp psst li)" "list "
expect_eq "zsh completes an option" "$(zcomp psst list --to)" "--to --topic "
expect_eq "zsh completes a codebook tag, asked of psst" "$(zcomp psst list --tech bl)" "blockchain "
expect_eq "zsh completes a chart type" "$(zcomp psst chart c)" "cadence "
finish
