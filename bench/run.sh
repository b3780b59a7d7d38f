#!/usr/bin/env bash
# bench/run.sh: the performance benchmark of psst at BENCH_N sessions (default 1,000,000).
#
# Measures, each against the sqlite3 shell doing the same work on the same data:
#   - the database build from the data files (psst build) vs the shell importing the same
#     rows as CSV into the same schema, filling the same FTS5 index (same tokenizer, loaded
#     with .load) with INSERT ... SELECT, and making the same indexes;
#   - its peak memory (max RSS, /usr/bin/time);
#   - psst stats --by year,topic vs the shell running the same GROUP BY;
#   - psst search of a three-character Chinese, a two-character Chinese and an English
#     word vs the shell running the same FTS5 MATCH query.
# Every figure is the median of several runs of the whole process (builds: 3, queries: 15
# after a warm-up), psst and the shell alternating run by run. Run from anywhere:
# `make bench` or `BENCH_N=100000 bench/run.sh`.
#
# Environment: BENCH_N (sessions, default 1000000), BENCH_SEED (default 1),
# BENCH_BUILD_RUNS (default 3), BENCH_QUERY_RUNS (default 15), BENCH_NO_BUILD=1 to use the
# binaries in build/ without running make first.
# Files: bench/corpus/nN/ (the generated data folder), bench/results/nN/ (databases, CSV
# export, the reference script, raw timings, results.md); both are gitignored.
set -euo pipefail
shopt -s inherit_errexit

cd "$(dirname "$0")/.."
ROOT=$PWD
N=${BENCH_N:-1000000}
SEED=${BENCH_SEED:-1}
BUILD_RUNS=${BENCH_BUILD_RUNS:-3}
QUERY_RUNS=${BENCH_QUERY_RUNS:-15}
CORPUS=$ROOT/bench/corpus/n$N
OUT=$ROOT/bench/results/n$N
BIN=$ROOT/bench/results/bin
RAW=$OUT/raw.txt

say() { printf '%s\n' "$*" >&2; }
die() {
  say "bench: $*"
  exit 1
}

[[ $N =~ ^[1-9][0-9]*$ ]] || die "BENCH_N must be a positive integer, not '$N'"

# ---- tools and binaries ----

if ! command -v sqlite3 >/dev/null || [[ ! -x /usr/bin/time ]]; then
  scripts/install-deps.sh bench
fi
if [[ -z ${BENCH_NO_BUILD:-} ]]; then
  if ! make --no-print-directory build >&2; then
    [[ -x build/psst && -f build/psst_fts.so ]] || die "the build failed and build/psst is missing"
    say "bench: the build failed; using the binaries already in build/"
  fi
fi
[[ -x build/psst && -f build/psst_fts.so ]] || die "build/psst or build/psst_fts.so missing (make build)"
if [[ ! -x build/gen_corpus || bench/gen_corpus.c -nt build/gen_corpus ]]; then
  cc -O2 -o build/gen_corpus bench/gen_corpus.c
fi
# A private copy of the binaries, so that a rebuild in build/ during the run changes nothing.
mkdir -p "$BIN" "$OUT"
cp build/psst "$BIN/psst"
cp build/psst_fts.so "$BIN/psst_fts.so"
PSST=$BIN/psst
EXT=$BIN/psst_fts # .load adds the .so

# ---- the corpus ----

if [[ ! -s $CORPUS/sessions.jsonl || "$(cat "$CORPUS/.made" 2>/dev/null)" != "$N $SEED" ]]; then
  say "bench: generating $N sessions into ${CORPUS#"$ROOT"/} ..."
  rm -rf "$CORPUS"
  mkdir -p "$CORPUS"
  # the generator reads the reference files it writes records for
  cp data/codebook.json data/institutions.json "$CORPUS/"
  build/gen_corpus "$N" "$CORPUS" "$SEED"
  echo "$N $SEED" >"$CORPUS/.made"
fi
# the reference files follow the project's (a codebook change must not leave an old corpus
# invalid); copied only when they differ, so that an unchanged corpus keeps its database
for f in codebook.json institutions.json; do
  cmp -s "data/$f" "$CORPUS/$f" || cp "data/$f" "$CORPUS/$f"
done
CORPUS_BYTES=$(stat -c %s "$CORPUS/sessions.jsonl")
CORPUS_RECORDS=$(wc -l <"$CORPUS/sessions.jsonl")

# ---- timing helpers ----

# Wall time of a command in microseconds, its output discarded.
elapsed_us() {
  local t0 t1
  t0=${EPOCHREALTIME/./}
  "$@" >/dev/null 2>>"$OUT/stderr.log" || {
    say "bench: failed ($?): ${*:1:6} ... (see ${OUT#"$ROOT"/}/stderr.log)"
    return 1
  }
  t1=${EPOCHREALTIME/./}
  echo $((t1 - t0))
}

median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {
  if (NR % 2) print v[(NR + 1) / 2]; else printf "%d\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ms() { awk -v u="$1" 'BEGIN { printf "%.1f ms", u / 1000 }'; }
secs() { awk -v u="$1" 'BEGIN { printf "%.2f s", u / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }

# Runs the commands (functions) $2 and $3 alternately, QUERY_RUNS times each after a
# warm-up of each, so that a slow spell falls on both; prints their medians in
# microseconds and keeps every run in raw.txt.
time_pair() {
  local label=$1 a=$2 b=$3 ra=() rb=() i us
  elapsed_us "$a" >/dev/null
  elapsed_us "$b" >/dev/null
  for ((i = 0; i < QUERY_RUNS; i++)); do
    us=$(elapsed_us "$a")
    ra+=("$us")
    us=$(elapsed_us "$b")
    rb+=("$us")
  done
  echo "psst $label: ${ra[*]} (us)" >>"$RAW"
  echo "shell $label: ${rb[*]} (us)" >>"$RAW"
  echo "$(median "${ra[@]}") $(median "${rb[@]}")"
}

: >"$RAW"
: >"$OUT/stderr.log"
{
  echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'), N=$N seed=$SEED, $(nproc) cores,"
  echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "# sqlite3 $(sqlite3 --version | cut -d' ' -f1), psst $("$PSST" --version | cut -d' ' -f2)," \
    "source at commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
} >>"$RAW"

# ---- 1. the builds: psst, and the sqlite3 shell doing the same work ----

# The two alternate (psst, shell, psst, shell, ...) so that a slow spell of a noisy
# machine falls on both.
DB=$OUT/psst.db
REF_DB=$OUT/reference.db
CSV=$OUT/csv
REF_SQL=$OUT/reference-build.sql
psst_build=()
psst_rss=()
ref_build=()
ref_rss=()

psst_build_once() {
  local us
  rm -f "$DB"
  sync
  us=$(elapsed_us /usr/bin/time -f '%M' -o "$OUT/rss.txt" \
    "$PSST" --data "$CORPUS" --db "$DB" build --force)
  psst_build+=("$us")
  psst_rss+=("$(tail -n1 "$OUT/rss.txt")")
}

ref_build_once() {
  local us
  rm -f "$REF_DB"
  sync
  us=$(elapsed_us /usr/bin/time -f '%M' -o "$OUT/rss.txt" \
    sqlite3 -bail "$REF_DB" ".read $REF_SQL")
  ref_build+=("$us")
  ref_rss+=("$(tail -n1 "$OUT/rss.txt")")
}

# The reference's input and script, from the first database psst built.
prepare_reference() {
  local t c cols nulls set_list where
  # The rows of the psst database as CSV, not timed. NULL is written as \N and put
  # back by the import script, since CSV cannot tell NULL from ''.
  TABLES=$(sqlite3 -readonly "$DB" "SELECT name FROM sqlite_schema WHERE type = 'table'
    AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'sessions_fts%' ORDER BY rowid")
  say "bench: exporting the psst database as CSV (not timed) ..."
  rm -rf "$CSV"
  mkdir -p "$CSV"
  {
    echo ".mode csv"
    echo ".headers off"
    echo ".nullvalue '\\N'"
    for t in $TABLES; do
      echo ".once $CSV/$t.csv"
      echo "SELECT * FROM $t;"
    done
    # the derived columns of the full-text index; the others come from sessions
    echo ".once $CSV/fts_people.csv"
    echo "SELECT rowid, title_zh, people, affiliations, codes FROM sessions_fts;"
  } | sqlite3 -readonly -bail -cmd ".load $EXT" "$DB"

  # The script: the schema as psst made it (its tables, the FTS5 table, its indexes), with
  # the PRAGMAs of src/core/build.c, then one transaction as psst does: import, index,
  # ANALYZE, optimize the FTS5 index.
  {
    echo "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE;"
    echo "PRAGMA cache_size=-131072; PRAGMA page_size=8192;"
    echo ".load $EXT"
    sqlite3 -readonly "$DB" "SELECT sql || ';' FROM sqlite_schema WHERE type = 'table'
      AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'sessions_fts_%' ORDER BY rowid"
    echo "BEGIN;"
    for t in $TABLES; do
      echo ".import --csv $CSV/$t.csv $t"
      # columns holding NULLs in the psst database
      cols=$(sqlite3 -readonly "$DB" "SELECT group_concat(name, ' ') FROM pragma_table_info('$t')")
      nulls=()
      for c in $cols; do
        [[ $(sqlite3 -readonly "$DB" "SELECT EXISTS(SELECT 1 FROM $t WHERE $c IS NULL)") == 1 ]] &&
          nulls+=("$c")
      done
      if ((${#nulls[@]})); then
        set_list="" where=""
        for c in "${nulls[@]}"; do
          set_list+="${set_list:+, }$c = nullif($c, '\\N')"
          where+="${where:+ OR }$c = '\\N'"
        done
        echo "UPDATE $t SET $set_list WHERE $where;"
      fi
    done
    echo "CREATE TEMP TABLE fts_people(id INTEGER PRIMARY KEY, title_zh TEXT, people TEXT,"
    echo "  affiliations TEXT, codes TEXT);"
    echo ".import --csv --schema temp $CSV/fts_people.csv fts_people"
    echo "INSERT INTO sessions_fts(rowid, title_zh, title_en, people, affiliations, codes, notes)"
    echo "  SELECT s.id, f.title_zh, s.title_en, f.people, f.affiliations, f.codes, s.notes"
    echo "  FROM sessions s JOIN temp.fts_people f ON f.id = s.id;"
    echo "DROP TABLE temp.fts_people;"
    sqlite3 -readonly "$DB" "SELECT sql || ';' FROM sqlite_schema WHERE type = 'index'
      AND sql IS NOT NULL ORDER BY rowid"
    echo "ANALYZE;"
    echo "INSERT INTO sessions_fts(sessions_fts) VALUES('optimize');"
    echo "COMMIT;"
  } >"$REF_SQL"
}

say "bench: builds, psst and the sqlite3 shell alternately, x$BUILD_RUNS each ..."
for ((i = 0; i < BUILD_RUNS; i++)); do
  psst_build_once
  ((i)) || prepare_reference
  ref_build_once
done
{
  echo "psst build: ${psst_build[*]} (us); max RSS ${psst_rss[*]} (KiB)"
  echo "shell build: ${ref_build[*]} (us); max RSS ${ref_rss[*]} (KiB)"
  "$PSST" --data "$CORPUS" --db "$DB" build # says the count; must not rebuild
} >>"$RAW"

# The two databases must hold the same rows and find the same matches.
check_sql=""
for t in $TABLES; do check_sql+="SELECT '$t', count(*) FROM $t;"; done
check_sql+="SELECT 'null dates', count(*) FROM sessions WHERE date IS NULL;"
for q in '"区块链"' '"量子"' '"blockchain"' '{title_zh people} : "'"'"' || char(1) || '"'"'qukuai '"'"' || char(1) || '"'"'kuailian"'; do
  check_sql+="SELECT 'match', count(*) FROM sessions_fts WHERE sessions_fts MATCH '$q';"
done
a=$(sqlite3 -readonly -cmd ".load $EXT" "$DB" "$check_sql")
b=$(sqlite3 -readonly -cmd ".load $EXT" "$REF_DB" "$check_sql")
if [[ $a == "$b" ]]; then
  SAME="the reference database holds the same rows and finds the same matches"
else
  SAME="WARNING: the reference database differs from psst's (see $RAW)"
  diff <(echo "$a") <(echo "$b") >>"$RAW" || true
fi
while IFS= read -r line; do echo "# rows: $line"; done <<<"$a" >>"$RAW"

# ---- 3. stats --by year,topic ----

say "bench: stats, psst and the shell alternately, x$QUERY_RUNS each ..."
STATS_SQL="SELECT s.year, s.topic, count(*) FROM sessions s WHERE 1 GROUP BY 1, 2;"
psst_stats_q() { "$PSST" --data "$CORPUS" --db "$DB" stats --by year,topic --format csv; }
shell_stats_q() { sqlite3 -readonly "$DB" "$STATS_SQL"; }
read -r psst_stats ref_stats <<<"$(time_pair stats psst_stats_q shell_stats_q)"

# ---- 4. search ----

# What psst runs (src/core/search.c): the ranking on the full-text index alone, then the
# columns of src/core/list.c and a snippet for the 20 rows shown, here as one statement
# with the parameters psst binds for --lang en and the default highlighting. (psst makes
# its snippet in C; the shell uses FTS5's snippet() on the same 20 rows.)
SEARCH_SQL="WITH top AS MATERIALIZED (SELECT rowid AS id,
   bm25(sessions_fts, 10.0, 10.0, 8.0, 3.0, 5.0, 1.0) AS r FROM sessions_fts
   WHERE sessions_fts MATCH ?4 ORDER BY r, sessions_fts.rowid LIMIT 20)
 SELECT s.term || '-' || s.number, s.date, s.term, s.number, s.leader, s.format, s.topic,
 (SELECT group_concat(tag, ',') FROM (SELECT st.tag FROM session_tech st JOIN tags g
   ON g.code = st.tag WHERE st.session_id = s.id ORDER BY g.ord)),
 CASE WHEN ?1 THEN coalesce(nullif(s.title_zh, ''), s.title_en)
   ELSE coalesce(nullif(s.title_en, ''), s.title_zh) END,
 (SELECT group_concat(n, CASE WHEN ?1 THEN '、' ELSE ', ' END) FROM (SELECT CASE WHEN ?1
   THEN coalesce(nullif(pe.name_zh, ''), pe.name_en) ELSE coalesce(nullif(pe.name_en, ''),
   pe.name_zh) END AS n FROM lectures l JOIN persons pe ON pe.id = l.person_id
   WHERE l.session_id = s.id ORDER BY l.ord)),
 snippet(sessions_fts, -1, ?2, ?3, '…', 24)
 FROM top CROSS JOIN sessions_fts CROSS JOIN sessions s
 WHERE sessions_fts.rowid = top.id AND sessions_fts MATCH ?4 AND s.id = top.id
 ORDER BY top.r, top.id;"

psst_search_q() { "$PSST" --data "$CORPUS" --db "$DB" search "$w" --format csv --limit 20; }
shell_search_q() {
  sqlite3 -readonly -cmd ".load $EXT" -cmd ".parameter init" -cmd ".parameter set ?1 0" \
    -cmd ".parameter set ?2 \"'['\"" -cmd ".parameter set ?3 \"']'\"" \
    -cmd ".parameter set ?4 \"$q_arg\"" "$DB" "$SEARCH_SQL"
}
declare -A psst_search ref_search hits
# a two- and a three-character Chinese word, an English one, pinyin and initials (each in
# about 0.8% of the records), and a Chinese word in about a fifth of them
WORDS=(区块链 量子 blockchain qukuailian qkl 发展)
for w in "${WORDS[@]}"; do
  # the FTS5 expression psst makes of the word (synonyms, pinyin: docs/search.md), as an
  # SQL literal for the shell: its control bytes written as char(N)
  q_sql=$("$PSST" --data "$CORPUS" --db "$DB" search --explain "$w" | python3 -c '
import json, sys
e = json.loads(sys.stdin.read())
out = "'"'"'"
for ch in e:
    out += "'"'"' || char(%d) || '"'"'" % ord(ch) if ord(ch) < 32 else ("'"'"''"'"'" if ch == "'"'"'" else ch)
print(out + "'"'"'")')
  q_arg="(${q_sql//\"/\\\"})" # as a double-quoted dot-command argument
  say "bench: search $w, x$QUERY_RUNS each ..."
  read -r "psst_search[$w]" "ref_search[$w]" <<<"$(time_pair "search $w" psst_search_q \
    shell_search_q)"
  hits[$w]=$(sqlite3 -readonly -cmd ".load $EXT" "$DB" \
    "SELECT count(*) FROM sessions_fts WHERE sessions_fts MATCH $q_sql")
done

# ---- 4b. what every command pays before its work: starting the process ----
psst_version_q() { "$PSST" --version; }
shell_version_q() { sqlite3 -version; }
read -r psst_version ref_version <<<"$(time_pair version psst_version_q shell_version_q)"

# ---- 5. the table ----

verdict() { if "$@"; then echo PASS; else echo FAIL; fi; }
build_p=$(median "${psst_build[@]}")
build_r=$(median "${ref_build[@]}")
pm=$(printf '%s\n' "${psst_rss[@]}" | sort -n | tail -n1)
rm_=$(printf '%s\n' "${ref_rss[@]}" | sort -n | tail -n1)
mib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }

rows=()
row() { rows+=("$(printf '%s\t' "$@")"); }
row "what" "psst" "reference (sqlite3 shell)" "ratio" "target" "verdict"
row "build, $N sessions (median of $BUILD_RUNS)" "$(secs "$build_p")" "$(secs "$build_r")" \
  "$(ratio "$build_p" "$build_r")" "<= 1.5x shell" \
  "$(verdict le "$(ratio "$build_p" "$build_r")" 1.5)"
row "build peak memory (max RSS, max of $BUILD_RUNS)" "$(mib "$pm")" "$(mib "$rm_")" \
  "$(ratio "$pm" "$rm_")" "< 1024 MiB" "$(verdict le "$pm" 1048575)"
stats_ok() { ((psst_stats < 100000)) && le "$(ratio "$psst_stats" "$ref_stats")" 1.5; }
row "stats --by year,topic (median of $QUERY_RUNS)" "$(ms "$psst_stats")" "$(ms "$ref_stats")" \
  "$(ratio "$psst_stats" "$ref_stats")" "< 100 ms and <= 1.5x shell" "$(verdict stats_ok)"
row "--version: starting the process (median of $QUERY_RUNS)" "$(ms "$psst_version")" \
  "$(ms "$ref_version")" "$(ratio "$psst_version" "$ref_version")" "<= 2x shell" \
  "$(verdict le "$(ratio "$psst_version" "$ref_version")" 2)"
for w in "${WORDS[@]}"; do
  limit=10000
  [[ $w == 发展 ]] && limit=50000
  row "search $w (${hits[$w]} matches; median of $QUERY_RUNS)" "$(ms "${psst_search[$w]}")" \
    "$(ms "${ref_search[$w]}")" "$(ratio "${psst_search[$w]}" "${ref_search[$w]}")" \
    "< $((limit / 1000)) ms" "$(verdict test "${psst_search[$w]}" -lt "$limit")"
done

{
  echo "## psst benchmark, $(date -u '+%Y-%m-%d')"
  echo
  echo "Corpus: $CORPUS_RECORDS records, $CORPUS_BYTES bytes of sessions.jsonl (seed $SEED)."
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//');"
  echo "sqlite3 $(sqlite3 --version | cut -d' ' -f1). Databases: psst $(stat -c %s "$DB") bytes,"
  echo "reference $(stat -c %s "$REF_DB") bytes; $SAME."
  echo
  for r in "${rows[@]}"; do
    IFS=$'\t' read -r -a f <<<"$r"
    line=$(printf '%s | ' "${f[@]}")
    echo "| ${line% }"
    [[ ${f[0]} == what ]] && echo "|---|---:|---:|---:|---|---|"
  done
} >"$OUT/results.md"

echo
echo "Corpus: $CORPUS_RECORDS records, $CORPUS_BYTES bytes ($CORPUS/sessions.jsonl)"
echo "$SAME"
echo
for r in "${rows[@]}"; do
  IFS=$'\t' read -r -a f <<<"$r"
  printf '%-46s %12s %14s %6s  %-27s %s\n' "${f[@]}"
done
echo
echo "raw timings: ${RAW#"$ROOT"/}; markdown: ${OUT#"$ROOT"/}/results.md"
