# psst: the two set-up commands are `make run` and `make check` (see README.md).
# Everything is built with CMake; this file only names the usual entry points.

PREFIX ?= /usr/local
BUILD ?= build
CHECK_BUILD ?= build-check
JOBS ?= 2
OUT ?= out
FUZZ_SECONDS ?= 30

.PHONY: all deps build run check test fuzz bench install format format-check clean

all: build

deps:
	@scripts/install-deps.sh build

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DPSST_TESTS=OFF \
	  -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

# Build, build the database from data/, check the data and print the overview.
run: build
	@mkdir -p $(OUT)
	@$(BUILD)/psst --data data --db $(OUT)/psst.db build
	@$(BUILD)/psst --data data check || true
	@echo
	@$(BUILD)/psst --data data --db $(OUT)/psst.db overview

# Every test, under AddressSanitizer and UndefinedBehaviorSanitizer, with clang so that
# the libFuzzer targets build too; a short fuzz run is one of the tests.
check:
	@scripts/install-deps.sh check
	@CC=clang cmake -S . -B $(CHECK_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPSST_SANITIZE=ON \
	  -DPSST_FUZZ=ON -DPSST_FUZZ_SECONDS=$(FUZZ_SECONDS) >/dev/null
	@cmake --build $(CHECK_BUILD) -j $(JOBS) -- --no-print-directory
	@cd $(CHECK_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

test: check

# A longer fuzz run of every target.
fuzz:
	@$(MAKE) check FUZZ_SECONDS=300

bench: build
	@scripts/install-deps.sh bench
	@bench/run.sh

install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

format-check:
	@clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h')

clean:
	@rm -rf $(BUILD) $(CHECK_BUILD) $(OUT)
