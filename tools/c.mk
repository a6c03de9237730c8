# Compile one tangled source directory: the library, the tool, the tests.
# Used by the top-level Makefile for the book, for each snapshot and for each
# exercise workspace:
#   make -f tools/c.mk SRC=build/src OUT=build TESTS="tests/ch01-pages.c ..." [all|check]
# It is a separate makefile because the list of C files is only known after
# tangling, and make reads wildcards when it parses a makefile.

SRC ?= build/src
OUT ?= build
TESTS ?=
TOP := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))..

CC ?= cc
# -flto lets the compiler inline across files what the kernel inlines from its headers
# (this_cpu(), page_to_pfn(), the context tests): about a quarter of the per-CPU fast
# path's cost.  gcc-ar stores the objects' LTO data in the archive as well as plain ar.
CFLAGS ?= -O2 -g -flto=auto
AR := gcc-ar
WARNINGS := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
ALL_CFLAGS := $(WARNINGS) -D_GNU_SOURCE -pthread -I$(SRC) $(CFLAGS) $(EXTRA_CFLAGS)
CHECK_FLAGS := $(shell pkg-config --cflags --libs check)

# code/mm: the allocator; code/tool: the labyrinth tool, whose main() is tool/labyrinth.c;
# code/: the public header and the exercises.  Includes name the directory (#include
# "mm/gfp.h") except between files of one directory.
MAIN := $(SRC)/tool/labyrinth.c
LIB_SRCS := $(filter-out $(MAIN),$(wildcard $(SRC)/*.c $(SRC)/mm/*.c $(SRC)/tool/*.c))
LIB_OBJS := $(patsubst $(SRC)/%.c,$(OUT)/obj/%.o,$(LIB_SRCS))
TEST_BINS := $(patsubst %.c,$(OUT)/tests/%,$(notdir $(TESTS)))

.DELETE_ON_ERROR:
.PHONY: all check
all: $(OUT)/labyrinth $(TEST_BINS)

$(OUT)/obj/%.o: $(SRC)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/liblabyrinth.a: $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

# Linked under another name and renamed: the book's build may be running the
# tool while `make build` relinks it.  .code-id records the code it was linked
# from (tools/code-id), whichever target linked it, for the top Makefile's test
# of whether the tool must be rebuilt.
$(OUT)/labyrinth: $(MAIN) $(OUT)/liblabyrinth.a
	$(CC) $(ALL_CFLAGS) -o $@.new $< $(OUT)/liblabyrinth.a -lm
	mv $@.new $@
	$(TOP)/tools/code-id $(SRC) > $(OUT)/.code-id

# Tests are plain C (not literate) and see the library only through its headers.
# Some tests run the tool itself; they find it through LABYRINTH_TOOL.
$(OUT)/tests/%: $(TOP)/tests/%.c $(wildcard $(TOP)/tests/*.h) $(OUT)/liblabyrinth.a $(OUT)/labyrinth $(wildcard $(SRC)/*.h $(SRC)/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -Wno-unused-function \
		-DLABYRINTH_TOOL='"$(abspath $(OUT))/labyrinth"' -DTESTS_DIR='"$(TOP)/tests"' -o $@ $< $(OUT)/liblabyrinth.a $(CHECK_FLAGS) -lm

check: all
	$(TOP)/tools/run-tests $(TEST_BINS)

-include $(LIB_OBJS:.o=.d)
