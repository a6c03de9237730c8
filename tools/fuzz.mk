# libFuzzer harnesses (tests/fuzz/*.c) against the library compiled by clang with
# AddressSanitizer and UndefinedBehaviorSanitizer.  Called by the top-level Makefile:
#   make -f tools/fuzz.mk SRC=build/src OUT=build/fuzz FUZZ_SECONDS=60 [build|run]
# FUZZ_SECONDS is the budget of the whole run, split evenly between the targets
# (60 s and three targets: 20 s each).  Each target starts from its seed corpus in
# tests/fuzz/corpus/TARGET, copied into OUT/corpus/TARGET, where what the fuzzer finds
# is kept for the next run.  A crash, a sanitizer report, a leak or an input slower
# than 10 s stops the target, leaves the input in OUT/crashes/ and fails the run.

SRC ?= build/src
OUT ?= build/fuzz
FUZZ_SECONDS ?= 60
TOP := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))..
# Debian 12: clang-14 and libclang-rt-14-dev (libFuzzer and the sanitizer runtimes).
CLANG := clang-14

TARGETS := $(patsubst $(TOP)/tests/fuzz/%.c,%,$(sort $(wildcard $(TOP)/tests/fuzz/*.c)))
SECONDS_EACH := $(shell echo $$(( $(FUZZ_SECONDS) / $(words $(TARGETS)) > 0 ? $(FUZZ_SECONDS) / $(words $(TARGETS)) : 1 )))

# -fsanitize=fuzzer-no-link instruments the library for coverage without a main();
# the harness links libFuzzer's main with -fsanitize=fuzzer.
SANITIZERS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
LIB_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(SANITIZERS)
HARNESS_CFLAGS := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -pthread -I$(SRC) $(LIB_CFLAGS)

# Per target: the longest input, and libFuzzer options.
MAX_LEN_alloc := 1024
MAX_LEN_gfp := 256
MAX_LEN_zoneinfo := 32768
MAX_LEN_cmdline := 512
MAX_LEN_smp := 2048

.PHONY: build harnesses run
.DELETE_ON_ERROR:
# The library first (its own makefile knows its sources), then the harnesses against it.
build:
	$(MAKE) --no-print-directory -f $(TOP)/tools/c.mk SRC=$(SRC) OUT=$(OUT) CC=$(CLANG) CFLAGS="$(LIB_CFLAGS)" \
		$(OUT)/liblabyrinth.a
	$(MAKE) --no-print-directory -f $(TOP)/tools/fuzz.mk SRC=$(SRC) OUT=$(OUT) harnesses
harnesses: $(foreach t,$(TARGETS),$(OUT)/$(t))

$(OUT)/%: $(TOP)/tests/fuzz/%.c $(OUT)/liblabyrinth.a
	$(CLANG) $(HARNESS_CFLAGS) -fsanitize=fuzzer -o $@ $< $(OUT)/liblabyrinth.a -lm

# One target after the other (not in parallel: the machine has two cores).
run: $(foreach t,$(TARGETS),run-$(t))
run-%: build
	@mkdir -p $(OUT)/corpus/$* $(OUT)/crashes
	@cp -n $(TOP)/tests/fuzz/corpus/$*/* $(OUT)/corpus/$*/
	@echo "fuzz: $* for $(SECONDS_EACH) s"
	@$(OUT)/$* -max_total_time=$(SECONDS_EACH) -timeout=10 -max_len=$(MAX_LEN_$*) \
		$(if $(wildcard $(TOP)/tests/fuzz/$*.dict),-dict=$(TOP)/tests/fuzz/$*.dict) \
		-print_final_stats=1 -artifact_prefix=$(OUT)/crashes/$*- \
		$(OUT)/corpus/$* > $(OUT)/$*.log 2>&1 \
	|| { tail -60 $(OUT)/$*.log; echo "fuzz: $* FAILED; the input is in $(OUT)/crashes/"; exit 1; }
	@grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)' $(OUT)/$*.log \
		| sed 's/^stat::/fuzz: $*: /'
