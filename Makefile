# psst: the two set-up commands are `make run` and `make check` (see README.md).
# Everything is built with CMake; this file only names the usual entry points.

PREFIX ?= /usr/local
BUILD ?= build
CHECK_BUILD ?= build-check
JOBS ?= 2
OUT ?= out
FUZZ_SECONDS ?= 30

.PHONY: all deps build run docs-charts docs-screenshots browser-deps check test fuzz coverage bench \
  bench-ingest bench-scan bench-serve install format format-check clean

all: build

deps:
	@scripts/install-deps.sh build

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DPSST_TESTS=OFF \
	  -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

# Build, build the database from data/, check the data, print the overview, and write
# the findings report and the charts into $(OUT)/.
PSST_RUN = $(BUILD)/psst --data data --db $(OUT)/psst.db
CHARTS = topics-by-year tech-timeline institutions by-leader cadence session-timeline

run: build
	@mkdir -p $(OUT)/charts
	@$(PSST_RUN) build
	@$(BUILD)/psst --data data check || true
	@echo
	@$(PSST_RUN) overview
	@echo
	@for c in $(CHARTS); do for ext in svg png pdf; do \
	  $(PSST_RUN) chart $$c --from 2002 --to 2021 -o $(OUT)/charts/$$c.$$ext 2>/dev/null || exit 1; \
	done; done
	@$(PSST_RUN) chart topics-by-year --from 2002 --to 2021 --lang zh -o $(OUT)/charts/topics-by-year.zh.png 2>/dev/null
	@$(PSST_RUN) findings -o $(OUT)/findings.html 2>/dev/null
	@$(PSST_RUN) findings -o $(OUT)/findings.md 2>/dev/null
	@$(PSST_RUN) findings --lang zh -o $(OUT)/findings.zh.html 2>/dev/null
	@$(PSST_RUN) findings --lang zh -o $(OUT)/findings.zh.md 2>/dev/null
	@echo "findings report: $(OUT)/findings.html and $(OUT)/findings.md; in Chinese: $(OUT)/findings.zh.html and $(OUT)/findings.zh.md"
	@echo "charts (SVG, PNG, PDF): $(OUT)/charts/"

# The chart images shown in README.md, regenerated from the data: the article's period,
# 2002 to 2021, and the record's rhythm (cadence, session-timeline) over the whole record.
docs-charts: build
	@mkdir -p docs/charts $(OUT)
	@for c in $(CHARTS); do \
	  case $$c in cadence|session-timeline) range="";; *) range="--from 2002 --to 2021";; esac; \
	  $(BUILD)/psst --data data --db $(OUT)/psst.db chart $$c $$range --dpi 96 \
	    -o docs/charts/$$c.png 2>/dev/null || exit 1; done
	@$(BUILD)/psst --data data --db $(OUT)/psst.db chart topics-by-year --from 2002 --to 2021 \
	  --dpi 96 --lang zh -o docs/charts/topics-by-year.zh.png 2>/dev/null

# Every test, under AddressSanitizer and UndefinedBehaviorSanitizer, with clang so that
# the libFuzzer targets build too; a short fuzz run is one of the tests. The allocation
# faults (fault_alloc, docs/robustness.md) need a psst without sanitizers (under
# AddressSanitizer the executable's allocator wins over the test's): a plain Debug psst
# and the modules it loads, built with gcc into $(CHECK_PLAIN_BUILD) first.
# FAULT_ALLOC=OFF leaves them out.
CHECK_PLAIN_BUILD ?= build-check-plain
FAULT_ALLOC ?= ON
check: browser-deps
ifeq ($(FAULT_ALLOC),ON)
	@CC=gcc cmake -S . -B $(CHECK_PLAIN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPSST_TESTS=OFF \
	  -DPSST_SANITIZE=OFF >/dev/null
	@cmake --build $(CHECK_PLAIN_BUILD) --target psst -j $(JOBS) -- --no-print-directory
endif
	@CC=clang cmake -S . -B $(CHECK_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPSST_SANITIZE=ON \
	  -DPSST_FUZZ=ON -DPSST_FUZZ_SECONDS=$(FUZZ_SECONDS) -DPSST_FAULT_ALLOC=$(FAULT_ALLOC) \
	  -DPSST_FAULT_PLAIN_PSST=$(if $(filter ON,$(FAULT_ALLOC)),$(CURDIR)/$(CHECK_PLAIN_BUILD)/psst) \
	  >/dev/null
	@cmake --build $(CHECK_BUILD) -j $(JOBS) -- --no-print-directory
	@cd $(CHECK_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

test: check

# playwright-core for psst serve's browser test, from the committed lock file; it drives
# Debian's chromium and never downloads a browser.
browser-deps:
	@scripts/install-deps.sh check
	@[ -d tests/browser/node_modules/playwright-core ] || \
	  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
	@[ -d tests/cite/node_modules/cffjs ] || \
	  (cd tests/cite && npm ci --no-audit --no-fund --loglevel=error)

# The screenshots of psst serve in README.md, taken by the browser test's script.
docs-screenshots: build browser-deps
	@sh tests/browser/run.sh $(CURDIR)/$(BUILD)/psst $(CURDIR) $(CURDIR)/$(OUT)/screenshots \
	  --docs $(CURDIR)/docs

# A longer fuzz run of every target.
fuzz:
	@$(MAKE) check FUZZ_SECONDS=300

# The test suite's coverage: a clang build with source-based coverage, ctest, llvm-cov's
# summary per part and an HTML report in $(OUT)/coverage/ (scripts/coverage.sh).
coverage: browser-deps
	@JOBS=$(JOBS) scripts/coverage.sh build-cov $(OUT)/coverage

# One-shot commands on the shipped data, then the million-session benchmark, each against
# the sqlite3 shell (bench/README.md); BENCH_N=100000 for a smaller corpus.
bench: build
	@scripts/install-deps.sh bench
	@bench/oneshot.sh
	@BENCH_NO_BUILD=1 bench/run.sh

bench-ingest: build
	@BENCH_NO_BUILD=1 bench/ingest.sh
# psst scan against grep -c -F over a multi-gigabyte synthetic archive (bench/scan.sh).
bench-scan: build
	@scripts/install-deps.sh bench
	@BENCH_NO_BUILD=1 bench/scan.sh
# psst serve against nginx serving the same bytes, with wrk (see bench/README.md).
bench-serve: build
	@scripts/install-deps.sh bench
	@bench/serve.sh

install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

format-check:
	@clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h')

clean:
	@rm -rf $(BUILD) $(CHECK_BUILD) $(CHECK_PLAIN_BUILD) $(OUT)
