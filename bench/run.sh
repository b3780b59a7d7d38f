#!/usr/bin/env bash
# bench/run.sh: the performance benchmark of psst at BENCH_N sessions (default 1,000,000).
#
# Measures, each against the sqlite3 shell doing the same work on the same data:
#   - the database build from the data files (psst build) vs the shell importing the same
#     rows as CSV into the same schema, filling the same FTS5 index (same tokenizer, loaded
#     with .load) with INSERT ... SELECT, and making the same indexes;
#   - its peak memory (max RSS, /usr/bin/time);
#   - psst stats --by year,topic vs the shell running the same GROUP BY, and the same with
#     --tech ai;
#   - psst list --limit 20, without a filter and with --year 2015, vs the shell running the
#     statements psst runs (the page and the filter's caveat count), and list's peak memory;
#   - psst search of a three-character Chinese, a two-character Chinese and an English
#     word vs the shell running the same FTS5 MATCH query;
#   - the size of the database against the corpus's bytes.
# Every figure is the median of several runs of the whole process (builds: 3, queries: 15
# after a warm-up), psst and the shell alternating run by run. Run from anywhere:
# `make bench` or `BENCH_N=100000 bench/run.sh`.
#
# Environment: BENCH_N (sessions, default 1000000), BENCH_SEED (default 1),
# BENCH_BUILD_RUNS (default 3), BENCH_QUERY_RUNS (default 15), BENCH_NO_BUILD=1 to use the
# binaries in build/ without running make first, BENCH_BUILD_DIR (default build) to take
# psst, psst_fts.so and gen_corpus from another CMake build folder (no make then),
# BENCH_WORK (default bench/) the folder of corpus/ and results/.
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
WORKROOT=${BENCH_WORK:-$ROOT/bench}
CORPUS=$WORKROOT/corpus/n$N
OUT=$WORKROOT/results/n$N
BIN=$WORKROOT/results/bin
BUILD_DIR=${BENCH_BUILD_DIR:-build}
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
if [[ -z ${BENCH_NO_BUILD:-} && $BUILD_DIR == build ]]; then
  if ! make --no-print-directory build >&2; then
    [[ -x build/psst && -f build/psst_fts.so ]] || die "the build failed and build/psst is missing"
    say "bench: the build failed; using the binaries already in build/"
  fi
fi
[[ -x $BUILD_DIR/psst && -f $BUILD_DIR/psst_fts.so ]] ||
  die "$BUILD_DIR/psst or $BUILD_DIR/psst_fts.so missing (make build)"
if [[ ! -x $BUILD_DIR/gen_corpus || bench/gen_corpus.c -nt $BUILD_DIR/gen_corpus ]]; then
  cc -O2 -o "$BUILD_DIR/gen_corpus" bench/gen_corpus.c
fi
# A private copy of the binaries, so that a rebuild in build/ during the run changes nothing.
mkdir -p "$BIN" "$OUT"
cp "$BUILD_DIR/psst" "$BIN/psst"
cp "$BUILD_DIR/psst_fts.so" "$BIN/psst_fts.so"
# the modules psst loads on first use (src/core/module.c), found beside the binary
rm -rf "$BIN/modules"
cp -r "$BUILD_DIR/modules" "$BIN/modules"
PSST=$BIN/psst
EXT=$BIN/psst_fts # .load adds the .so

# ---- the corpus ----

if [[ ! -s $CORPUS/sessions.jsonl || "$(cat "$CORPUS/.made" 2>/dev/null)" != "$N $SEED" ]]; then
  say "bench: generating $N sessions into ${CORPUS#"$ROOT"/} ..."
  rm -rf "$CORPUS"
  mkdir -p "$CORPUS"
  # the generator reads the reference files it writes records for
  cp data/codebook.json data/institutions.json "$CORPUS/"
  "$BUILD_DIR/gen_corpus" "$N" "$CORPUS" "$SEED"
  echo "$N $SEED" >"$CORPUS/.made"
fi
# the reference files follow the project's (a codebook change must not leave an old corpus
# invalid); copied only when they differ, so that an unchanged corpus keeps its database
for f in codebook.json institutions.json; do
  cmp -s "data/$f" "$CORPUS/$f" || cp "data/$f" "$CORPUS/$f"
done
CORPUS_BYTES=$(stat -c %s "$CORPUS/sessions.jsonl")
CORPUS_RECORDS=$(wc -l <"$CORPUS/sessions.jsonl")

# ---- timing helpers (elapsed_us, median, time_pair, the table) ----

. bench/lib.sh

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
    # the derived columns of the full-text index (the others come from sessions), made
    # from the tables as src/core/build.c makes them from the record: the index keeps no
    # copy of its texts (content=''). The titles and names start with the pinyin marker.
    echo ".once $CSV/fts_people.csv"
    echo "SELECT s.id, char(3) || s.title_zh,
      char(3) || coalesce((SELECT group_concat(x, '') FROM (SELECT pe.name_zh || ' ' ||
        pe.name_en || ' / ' AS x FROM lectures l JOIN persons pe ON pe.id = l.person_id
        WHERE l.session_id = s.id ORDER BY l.ord)), '') ||
        coalesce((SELECT group_concat(x, '') FROM (SELECT name || ' / ' AS x FROM speakers
        WHERE session_id = s.id ORDER BY ord)), ''),
      coalesce((SELECT group_concat(x, '') FROM (SELECT affiliation_zh || ' ' ||
        affiliation_en || ' / ' AS x FROM lectures WHERE session_id = s.id ORDER BY ord)), ''),
      coalesce((SELECT group_concat(x, '') FROM (SELECT c.code || ' ' || c.label_en || ' ' ||
        c.label_zh || ' / ' AS x FROM session_topics st JOIN topics c ON c.code = st.topic
        WHERE st.session_id = s.id ORDER BY st.is_primary DESC, c.ord)), '') ||
        coalesce((SELECT group_concat(x, '') FROM (SELECT c.code || ' ' || c.label_en || ' ' ||
        c.label_zh || ' / ' AS x FROM session_tech st JOIN tags c ON c.code = st.tag
        WHERE st.session_id = s.id ORDER BY c.ord)), '')
      FROM sessions s;"
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

# ---- 3b. stats with a filter: no stored counts, the GROUP BY over the tag's sessions ----

say "bench: stats --tech ai, psst and the shell alternately, x$QUERY_RUNS each ..."
STATS_AI_SQL="SELECT s.year, s.topic, count(*) FROM sessions s WHERE 1 AND s.id IN
  (SELECT session_id FROM session_tech WHERE tag = 'ai') GROUP BY 1, 2;"
psst_stats_ai_q() { "$PSST" --data "$CORPUS" --db "$DB" stats --by year,topic --tech ai --format csv; }
shell_stats_ai_q() { sqlite3 -readonly "$DB" "$STATS_AI_SQL"; }
read -r psst_stats_ai ref_stats_ai <<<"$(time_pair "stats --tech ai" psst_stats_ai_q \
  shell_stats_ai_q)"
# psst names its covering index (INDEXED BY sessions_keys, src/core/stats.c), which the
# planner would not pick; the shell given the same statement, for the record (raw.txt)
shell_stats_ai_hint_q() { sqlite3 -readonly "$DB" "${STATS_AI_SQL/FROM sessions s/FROM sessions s INDEXED BY sessions_keys}"; }
read -r _ ref_stats_ai_hint <<<"$(time_pair "stats --tech ai (shell with psst's index hint)" \
  psst_stats_ai_q shell_stats_ai_hint_q)"
echo "# stats --tech ai: the shell with INDEXED BY sessions_keys, median $ref_stats_ai_hint us" >>"$RAW"

# ---- 3c. list --limit 20: the first page, read in order from an index ----

# What psst runs (src/core/list.c, filter.c) for --lang en: the page, and for --year the
# count of undated sessions whose window reaches outside the year (the note).
LIST_COLS="s.term || '-' || s.number, s.date, s.term, s.number, s.leader, s.format, s.topic,
 (SELECT group_concat(tag, ',') FROM (SELECT st.tag FROM session_tech st JOIN tags g
   ON g.code = st.tag WHERE st.session_id = s.id ORDER BY g.ord)),
 coalesce(nullif(s.title_en, ''), s.title_zh),
 (SELECT group_concat(n, ', ') FROM (SELECT coalesce(nullif(pe.name_en, ''), pe.name_zh) AS n
   FROM lectures l JOIN persons pe ON pe.id = l.person_id WHERE l.session_id = s.id
   ORDER BY l.ord))"
LIST_SQL="SELECT $LIST_COLS FROM sessions s WHERE 1 ORDER BY s.term, s.number LIMIT 20;"
LIST_YEAR_SQL="SELECT $LIST_COLS FROM sessions s WHERE 1 AND s.year = 2015
 ORDER BY s.term, s.number LIMIT 20;
 SELECT count(*) FROM sessions WHERE date IS NULL AND date_to >= '2015-01-01'
 AND date_from <= '2015-12-31' AND NOT (date_from >= '2015-01-01' AND date_to <= '2015-12-31');"
psst_list_q() { "$PSST" --data "$CORPUS" --db "$DB" list --limit 20 --format csv; }
shell_list_q() { sqlite3 -readonly "$DB" "$LIST_SQL"; }
psst_list_year_q() { "$PSST" --data "$CORPUS" --db "$DB" list --year 2015 --limit 20 --format csv; }
shell_list_year_q() { sqlite3 -readonly "$DB" "$LIST_YEAR_SQL"; }
say "bench: list --limit 20, psst and the shell alternately, x$QUERY_RUNS each ..."
read -r psst_list ref_list <<<"$(time_pair "list --limit 20" psst_list_q shell_list_q)"
read -r psst_list_year ref_list_year <<<"$(time_pair "list --year 2015 --limit 20" \
  psst_list_year_q shell_list_year_q)"
# the page's peak memory: the same at any size, nothing read beyond the page
/usr/bin/time -f '%M' -o "$OUT/rss.txt" "$PSST" --data "$CORPUS" --db "$DB" list --limit 20 \
  >/dev/null 2>>"$OUT/stderr.log"
list_rss=$(tail -n1 "$OUT/rss.txt")
/usr/bin/time -f '%M' -o "$OUT/rss.txt" sqlite3 -readonly "$DB" "$LIST_SQL" >/dev/null
list_ref_rss=$(tail -n1 "$OUT/rss.txt")
echo "list --limit 20: max RSS psst $list_rss, shell $list_ref_rss (KiB)" >>"$RAW"

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

build_p=$(median "${psst_build[@]}")
build_r=$(median "${ref_build[@]}")
pm=$(printf '%s\n' "${psst_rss[@]}" | sort -n | tail -n1)
rm_=$(printf '%s\n' "${ref_rss[@]}" | sort -n | tail -n1)
mib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }

row "what" "psst" "reference (sqlite3 shell)" "ratio" "target" "verdict"
row "build, $N sessions (median of $BUILD_RUNS)" "$(secs "$build_p")" "$(secs "$build_r")" \
  "$(ratio "$build_p" "$build_r")" "<= 1.0x shell" \
  "$(verdict le "$(ratio "$build_p" "$build_r")" 1.0)"
row "build peak memory (max RSS, max of $BUILD_RUNS)" "$(mib "$pm")" "$(mib "$rm_")" \
  "$(ratio "$pm" "$rm_")" "< 512 MiB" "$(verdict test "$pm" -lt 524288)"
# unfiltered, psst reads the counts its build stored; the shell runs the GROUP BY
stats_ok() { ((psst_stats < 20000)); }
row "stats --by year,topic (median of $QUERY_RUNS)" "$(ms "$psst_stats")" "$(ms "$ref_stats")" \
  "$(ratio "$psst_stats" "$ref_stats")" "< 20 ms" "$(verdict stats_ok)"
row "stats --by year,topic --tech ai (median of $QUERY_RUNS)" "$(ms "$psst_stats_ai")" \
  "$(ms "$ref_stats_ai")" "$(ratio "$psst_stats_ai" "$ref_stats_ai")" "<= 1x shell" \
  "$(verdict le "$(ratio "$psst_stats_ai" "$ref_stats_ai")" 1)"
# the whole process: psst's start-up (the --version row) is in it, the shell's too
row "list --limit 20 (median of $QUERY_RUNS)" "$(ms "$psst_list")" "$(ms "$ref_list")" \
  "$(ratio "$psst_list" "$ref_list")" "< 10 ms" "$(verdict test "$psst_list" -lt 10000)"
row "list --year 2015 --limit 20 (median of $QUERY_RUNS)" "$(ms "$psst_list_year")" \
  "$(ms "$ref_list_year")" "$(ratio "$psst_list_year" "$ref_list_year")" "< 10 ms" \
  "$(verdict test "$psst_list_year" -lt 10000)"
row "list --limit 20 peak memory (max RSS)" "$(mib "$list_rss")" "$(mib "$list_ref_rss")" \
  "$(ratio "$list_rss" "$list_ref_rss")" "< 64 MiB" "$(verdict le "$list_rss" 65535)"
db_bytes=$(stat -c %s "$DB")
gb() { awk -v b="$1" 'BEGIN { printf "%.2f GB", b / 1e9 }'; }
# the reference column is the corpus (sessions.jsonl); the target is 1.5 times it
row "database size (psst / corpus bytes)" "$(gb "$db_bytes")" "$(gb "$CORPUS_BYTES")" \
  "$(ratio "$db_bytes" "$CORPUS_BYTES")" "<= 1.5x corpus" \
  "$(verdict le "$(ratio "$db_bytes" "$CORPUS_BYTES")" 1.5)"
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
  table_md
} >"$OUT/results.md"

echo
echo "Corpus: $CORPUS_RECORDS records, $CORPUS_BYTES bytes ($CORPUS/sessions.jsonl)"
echo "$SAME"
echo
table_text
echo
echo "raw timings: ${RAW#"$ROOT"/}; markdown: ${OUT#"$ROOT"/}/results.md"
