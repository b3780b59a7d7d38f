# The modules (src/core/module.c): the large libraries are loaded by the commands that use
# them, never by the others; an installed psst finds its modules; a missing or foreign
# module is a clear error, and only for the command that needs it.
. "$(dirname "$0")/lib.sh"

# the program itself needs none of the large libraries
ldd "$PSST" >"$WORK/ldd"
for lib in libcairo libpango libcurl libmicrohttpd libxlsxwriter libopencc libX11 libgnutls; do
  if grep -q "$lib" "$WORK/ldd"; then fail "psst does not load $lib at start" "$(grep "$lib" "$WORK/ldd")"; else pass; fi
done

# an installation (the build's own install rules, into a prefix of the test's)
BUILD=$(dirname "$PSST")
if cmake --install "$BUILD" --prefix "$WORK/prefix" >"$WORK/install.log" 2>&1; then pass; else
  fail "cmake --install succeeds" "$(tail -3 "$WORK/install.log")"
fi
P="$WORK/prefix/bin/psst"
for m in chart serve watch xlsx opencc; do
  if [ -f "$WORK/prefix/lib/psst/modules/psst-$m.so" ]; then pass; else fail "module $m is installed"; fi
done
# moved after installation: the modules are found beside bin/, not where they were built
mv "$WORK/prefix" "$WORK/moved"
P="$WORK/moved/bin/psst"
export PSST_DB="$WORK/moved.db"
status=0
"$P" --data "$SRC/data" chart by-leader -o "$WORK/c.svg" >"$WORK/out" 2>"$WORK/err" || status=$?
expect_status "an installed psst draws a chart" 0
if grep -q "<svg" "$WORK/c.svg" 2>/dev/null; then pass; else fail "the chart is an SVG"; fi
status=0
"$P" --data "$SRC/data" export --format xlsx -o "$WORK/x.xlsx" >"$WORK/out" 2>"$WORK/err" || status=$?
expect_status "an installed psst writes XLSX" 0
# traditional characters go through OpenCC: 區塊鏈 finds what 区块链 finds
status=0
"$P" --data "$SRC/data" search 區塊鏈 --format csv >"$WORK/out" 2>"$WORK/err" || status=$?
expect_status "an installed psst searches in traditional characters" 0
expect_out "the blockchain session is found" "19-18"
status=0
"$P" --data "$SRC/data" watch --sources /nonexistent.json >"$WORK/out" 2>"$WORK/err" || status=$?
expect_err "the watch module is loaded and reads its sources" "/nonexistent.json"

# without its modules, psst still answers what needs none, and names what is missing
# (the database is built first: the record's few traditional characters need OpenCC)
export PSST_DB="$WORK/psst.db"
run build
expect_status "the database is built with the modules" 0
mkdir -p "$WORK/nomods"
export PSST_MODULE_DIR="$WORK/nomods"
run show 19-18
expect_status "show needs no module" 0
run search blockchain
expect_status "search (simplified) needs no module" 0
run chart by-leader -o "$WORK/d.svg"
expect_status "a chart without its module fails" 3
expect_err "the missing module is named" "cannot load the chart module"
if [ -e "$WORK/d.svg" ]; then fail "nothing is written without the module"; else pass; fi
run export --format xlsx -o "$WORK/d.xlsx"
expect_err "the missing xlsx module is named" "cannot load the xlsx module"

# a module of another version is refused (its structures may differ)
if command -v cc >/dev/null; then
  mkdir -p "$WORK/foreign"
  printf 'const char *const psst_module_version = "0.0.0-other";\n' >"$WORK/foreign/v.c"
  cc -shared -fPIC -o "$WORK/foreign/psst-chart.so" "$WORK/foreign/v.c"
  export PSST_MODULE_DIR="$WORK/foreign"
  run chart by-leader -o "$WORK/e.svg"
  expect_status "a foreign module is refused" 3
  expect_err "its version is named" "module of psst 0.0.0-other"
fi
unset PSST_MODULE_DIR
finish
