# The browser test under ctest: starts psst serve on a free port with the shipped data,
# runs browser.mjs (playwright-core, installed by `make check` with npm ci), stops it.
#   sh tests/browser/run.sh PSST_BINARY SOURCE_DIR WORK_DIR [--docs OUT_DIR]
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../server/lib.sh"
OUTDIR=$WORK/screenshots
[ "${4:-}" = "--docs" ] && OUTDIR=$5
if [ ! -d "$SRC/tests/browser/node_modules/playwright-core" ]; then
  echo "playwright-core is missing: run 'make check' (or npm ci in tests/browser)"
  exit 1
fi
trap 'serve_stop' EXIT
serve_start "$SRC/data" "$WORK/psst.db" "$WORK/server.log" || exit 1
status=0
PSST_SESSIONS=$(grep -c . "$SRC/data/sessions.jsonl") node "$SRC/tests/browser/browser.mjs" "$BASE" "$OUTDIR" ${4:+--docs} || status=$?
serve_stop
if [ "$status" -ne 0 ]; then
  echo "server log (last lines):"
  tail -n 20 "$WORK/server.log"
fi
exit "$status"
