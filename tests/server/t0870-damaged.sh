# A database overwritten in place while served (garbage over its pages): the answers are 503
# (with Retry-After) or 200, never a 500 with SQLite's text; the log names the damage once;
# the server rebuilds the database from the data and within seconds answers 200 with the
# right content again. With --immutable it answers 503, says what to run, and takes up a
# good database renamed over the damaged one.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
LOG=$WORK/server.log
trap 'serve_stop' EXIT
"$PSST" --data "$SRC/data" --db "$WORK/good.db" build >/dev/null 2>&1 || { fail "the build"; finish; exit; }
PATHS="/api/sessions/19-18 /api/sessions?term=19 /sessions /feed.atom"

# damage DB: random bytes over pages 2 to 201 (of 4096 bytes), the file kept in place
damage() { dd if=/dev/urandom of="$1" bs=4096 seek=1 count=200 conv=notrunc 2>/dev/null; }
# poll TITLE SECONDS: requests every path until all are 200 with the right content; fails on a
# 500 or any other status than 200 and 503
poll() {
  ok=""
  end=$(($(date +%s) + $2))
  while [ "$(date +%s)" -le "$end" ]; do
    all=1
    for p in $PATHS; do
      get "$p"
      case $code in
      200) ;;
      503) all=0 && expect_header "$1: a 503 says when to retry" "retry-after:" ;;
      *) fail "$1: $p answers 200 or 503" "HTTP $code: $(head -c 200 "$WORK/body")" && return ;;
      esac
      if [ "$code" = 200 ] && [ "$p" = /api/sessions/19-18 ] && ! cmp -s "$WORK/body" "$WORK/want"; then all=0; fi
    done
    [ $all = 1 ] && ok=1 && break
    sleep 0.2
  done
  if [ -n "$ok" ]; then pass; else fail "$1: 200 with the right content within $2 s" "last: $code"; fi
}

# ---- rebuilt from the data ----
cp "$WORK/good.db" "$WORK/served.db"
serve_start "$SRC/data" "$WORK/served.db" "$LOG" --cache-mb 0 || exit 1
get /api/sessions/19-18
expect_code "served before the damage" 200
cp "$WORK/body" "$WORK/want"
ino=$(stat -c %i "$WORK/served.db")
damage "$WORK/served.db"
get /api/sessions/19-18
case $code in 200 | 503) pass ;; *) fail "right after the damage: 200 or 503" "HTTP $code" ;; esac
if grep -qiE 'sqlite|malformed|disk image|not a database' "$WORK/body"; then fail "no SQLite text in an answer" "$(head -c 200 "$WORK/body")"; else pass; fi
poll "rebuilt" 30
expect_eq "the log names the damage once" "$(grep -c '^psst: database damaged: ' "$LOG")" 1
if grep -q "^psst: rebuilding from the data" "$LOG" && grep -q "^psst: rebuilt the database from the data" "$LOG" &&
  grep -q "^psst: took up the rebuilt database" "$LOG"; then pass; else fail "the log says it rebuilt" "$(grep '^psst:' "$LOG")"; fi
if grep -q ' 500 ' "$LOG"; then fail "no 500 in the log" "$(grep ' 500 ' "$LOG" | head -n 3)"; else pass; fi
if [ "$(stat -c %i "$WORK/served.db")" != "$ino" ]; then pass; else fail "the rebuilt database is a new file renamed over the damaged one"; fi
serve_stop
expect_eq "the server stops cleanly" "$serve_status" 0

# ---- immutable: 503 and what to run, then a good database renamed over it ----
cp "$WORK/good.db" "$WORK/ro.db"
serve_start "$SRC/data" "$WORK/ro.db" "$WORK/ro.log" --cache-mb 0 --immutable || exit 1
get /api/sessions/19-18
expect_code "immutable: served before the damage" 200
damage "$WORK/ro.db"
sleep 2.5 # the server's look at the file, about once a second
saw503=""
for p in $PATHS; do
  get "$p"
  case $code in
  200) ;;
  503) saw503=1 ;;
  *) fail "immutable: $p answers 200 or 503" "HTTP $code" ;;
  esac
done
expect_eq "immutable: a damaged database answers 503" "$saw503" 1
sleep 1.2
if grep -q "^psst: run psst build (the database is immutable here)" "$WORK/ro.log"; then pass; else fail "immutable: the log says what to run" "$(grep '^psst:' "$WORK/ro.log")"; fi
if grep -q "^psst: rebuilding" "$WORK/ro.log"; then fail "immutable: nothing rebuilt"; else pass; fi
cp "$WORK/good.db" "$WORK/new.db" && mv "$WORK/new.db" "$WORK/ro.db"
poll "immutable: a good database renamed over it" 15
serve_stop
finish
