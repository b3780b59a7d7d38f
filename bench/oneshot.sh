#!/usr/bin/env bash
# bench/oneshot.sh: what an analyst waits for at the terminal: one-shot commands on the
# shipped data (show, search, list, stats, --version), each against the sqlite3 shell
# doing the equivalent on the same database, whole processes timed, medians of
# BENCH_QUERY_RUNS (default 21) with psst and the shell alternating.
#
# Targets (the performance issue): every command <= 1.5x the shell, --version <= 2x
# `sqlite3 -version`. `make bench` runs it; BENCH_PSST=path/to/psst to time another build.
# Results: bench/results/oneshot/ (results.md, raw.txt), gitignored.
set -euo pipefail
shopt -s inherit_errexit

cd "$(dirname "$0")/.."
ROOT=$PWD
QUERY_RUNS=${BENCH_QUERY_RUNS:-21}
PSST=${BENCH_PSST:-$ROOT/build/psst}
EXT=$(dirname "$PSST")/psst_fts # .load adds the .so
OUT=${BENCH_OUT:-$ROOT/bench/results/oneshot}
RAW=$OUT/raw.txt
DB=$OUT/psst.db
say() { printf '%s\n' "$*" >&2; }
die() {
  say "bench: $*"
  exit 1
}
. bench/lib.sh

[[ $QUERY_RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_QUERY_RUNS must be a positive integer"
command -v sqlite3 >/dev/null || scripts/install-deps.sh bench
[[ -x $PSST && -f $EXT.so ]] || die "$PSST or $EXT.so missing (make build)"
mkdir -p "$OUT"
: >"$RAW"
: >"$OUT/stderr.log"
rm -f "$DB"
"$PSST" --data data --db "$DB" build >/dev/null
echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nproc) cores, psst $("$PSST" --version |
  cut -d' ' -f2) at commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)" >>"$RAW"

p() { "$PSST" --data data --db "$DB" "$@"; }
sh_q() { sqlite3 -readonly "$DB" "$1"; }

# show: psst reads the record and its date window (src/core/show.c) and prints them
psst_show() { p show 19-18; }
shell_show() {
  sh_q "SELECT record, line FROM sessions WHERE term = 19 AND number = 18;
        SELECT date_from, date_to, year FROM sessions WHERE term = 19 AND number = 18;"
}
# list: the first 20 sessions with the columns of the table (src/core/list.c)
LIST_SQL="SELECT s.term || '-' || s.number, s.date, s.leader, s.format, s.topic,
 (SELECT group_concat(tag, ',') FROM (SELECT st.tag FROM session_tech st JOIN tags g
   ON g.code = st.tag WHERE st.session_id = s.id ORDER BY g.ord)),
 coalesce(nullif(s.title_en, ''), s.title_zh),
 (SELECT group_concat(n, ', ') FROM (SELECT coalesce(nullif(pe.name_en, ''), pe.name_zh) AS n
   FROM lectures l JOIN persons pe ON pe.id = l.person_id WHERE l.session_id = s.id
   ORDER BY l.ord))
 FROM sessions s ORDER BY s.term, s.number LIMIT 20;"
psst_list() { p list --limit 20; }
shell_list() { sh_q "$LIST_SQL"; }
psst_stats() { p stats --by year,topic; }
shell_stats() { sh_q "SELECT s.year, s.topic, count(*) FROM sessions s WHERE 1 GROUP BY 1, 2;"; }
# search: the shell runs the FTS5 expression psst makes of the word (psst search
# --explain), ranked as psst ranks, with the tokenizer loaded
Q=$(p search --explain 区块链 | python3 -c '
import json, sys
e = json.loads(sys.stdin.read())
print("".join("\x27 || char(%d) || \x27" % ord(c) if ord(c) < 32 else ("\x27\x27" if c == "\x27" else c) for c in e))')
psst_search() { p search 区块链; }
shell_search() {
  sqlite3 -readonly -cmd ".load $EXT" "$DB" "SELECT s.term || '-' || s.number, s.date,
   coalesce(nullif(s.title_en, ''), s.title_zh) FROM sessions_fts f JOIN sessions s
   ON s.id = f.rowid WHERE sessions_fts MATCH '$Q'
   ORDER BY bm25(sessions_fts, 10.0, 10.0, 8.0, 3.0, 5.0, 1.0) LIMIT 20;"
}
psst_version() { "$PSST" --version; }
shell_version() { sqlite3 -version; }

row "what" "psst" "reference (sqlite3 shell)" "ratio" "target" "verdict"
for c in version show list stats search; do
  say "bench: $c, psst and the shell alternately, x$QUERY_RUNS each ..."
  read -r a b <<<"$(time_pair "$c" "psst_$c" "shell_$c")"
  limit=1.5
  what="$c (median of $QUERY_RUNS)"
  case $c in
  version) limit=2 what="--version (median of $QUERY_RUNS)" ;;
  show) what="show 19-18 (median of $QUERY_RUNS)" ;;
  list) what="list --limit 20 (median of $QUERY_RUNS)" ;;
  stats) what="stats --by year,topic (median of $QUERY_RUNS)" ;;
  search) what="search 区块链 (median of $QUERY_RUNS)" ;;
  esac
  r=$(ratio "$a" "$b")
  row "$what" "$(ms "$a")" "$(ms "$b")" "$r" "<= ${limit}x shell" "$(verdict le "$r" "$limit")"
done

{
  echo "## psst one-shot commands on the shipped data, $(date -u '+%Y-%m-%d')"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//');"
  echo "sqlite3 $(sqlite3 --version | cut -d' ' -f1); psst $(ldd "$PSST" | grep -c '=>') shared"
  echo "libraries at start, the shell $(ldd "$(command -v sqlite3)" | grep -c '=>')."
  echo
  table_md
} >"$OUT/results.md"
echo
table_text
echo
echo "raw timings: ${RAW#"$ROOT"/}; markdown: ${OUT#"$ROOT"/}/results.md"
