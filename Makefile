# The Labyrinth: every entry point.  See README.md for what each target does.
#
#   make              dependencies, tangle, compile, figures, build/book.html, build/html/, build/book.pdf, .epub
#   make check        dependencies, then every Check suite; closing line "N passed, M failed"
#   make tangle       regenerate code/ from chapters/ (no #line directives)
#   make html | pdf | epub   one format of the book (html: build/book.html and the web edition build/html/)
#   make serve        the web edition on http://127.0.0.1:8000/
#   make snapshot N=2 | snapshots      chapters 0..N alone compile and pass their tests
#   make exercise EX=2.1 | exercises   an exercise workspace | prove stubs fail, solutions pass
#                     (make exercises EX="2.1 4.6": only those)
#   make sanitize     the suites under ASan+UBSan, the concurrency tests under TSan
#   make fuzz [FUZZ_SECONDS=60]       libFuzzer (clang, ASan+UBSan) on the allocator (one CPU, four CPUs) and the parsers
#   make stress [STRESS_SECONDS=60]   the storm on 4 CPUs with a watchdog: one owner, exact counts
#   make memcheck     valgrind over every labyrinth command the book shows: no error, no leak
#   make bench        microbenchmarks, one line each: "bench: NAME NS ns/op"
#   make example      the README's program, built and run as the README shows
#   make lab [CH=N]   the real-kernel lab: each chapter's experiments on Debian's Linux 6.12
#                     in QEMU against the model; "N experiments agree, M differ"
#                     (LAB_UPDATE=1 rewrites lab/results/, LAB_ACCEL=kvm uses KVM)
#   make test-book    the book as a tested artifact: HTML in headless Chromium, PDF's LaTeX
#                     log and outline, kernel functions in the appendix, transcripts re-run
#   make clean

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DELETE_ON_ERROR:
.SUFFIXES:

BUILD := build
CHAPTERS := $(sort $(wildcard chapters/*.nw))
TESTS := $(sort $(wildcard tests/ch*.c))
FIGURES := $(patsubst figures/%.dot,%,$(wildcard figures/*.dot))
DEPS := $(BUILD)/.deps-installed
NOWEB_LIB := /usr/lib/noweb

# The number of a chapter or test file: chapters/02-gfp.nw -> 2, tests/ch02-gfp.c -> 2.
chapter_number = $(shell echo $(notdir $(1)) | sed -E 's/^(ch)?0*([0-9]+).*/\2/')
# The book at the end of chapter N (Part I chapters 0..N, the Part II sections serving
# them, the appendices) is copied into a directory by tools/snapshot-chapters.
tests_upto = $(foreach t,$(TESTS),$(if $(shell [ $(call chapter_number,$(t)) -le $(1) ] && echo y),$(t)))
# Part I (chapters 1-10) carries the allocator; Part II (11-89) the instruments; 90- appendices.
CODE_CHAPTERS := $(filter-out 0,$(foreach c,$(CHAPTERS),$(if $(shell [ $(call chapter_number,$(c)) -lt 11 ] && echo y),$(call chapter_number,$(c)))))

PANDOC_COMMON := --from json --standalone --toc --toc-depth=2 --number-sections \
	--top-level-division=chapter --resource-path=$(BUILD) --lua-filter tools/book.lua

.PHONY: FORCE all deps tangle build html pdf epub man serve figures check snapshot snapshots exercise exercises exercises-check bench example sanitize fuzz stress memcheck diffs test-book lab clean
all: build html pdf epub man

deps: $(DEPS)
$(DEPS): tools/install-deps
	tools/install-deps $@

# --- Tangle ---------------------------------------------------------------
# code/ is for reading: no #line directives.  build/src is for compiling: with them,
# so that a compiler error names the .nw file and line.
tangle: | $(DEPS)
	tools/tangle code $(CHAPTERS)

$(BUILD)/src/.tangled: $(CHAPTERS) tools/tangle | $(DEPS)
	tools/tangle -L $(BUILD)/src $(CHAPTERS)
	touch $@

# --- Compile ----------------------------------------------------------------
# The sub-make, tools/c.mk, knows the file list (only known after tangling).
# The book and the other targets that run the tool need the tool alone, and only
# when its code changed: after an edit of prose only the #line directives move,
# tools/code-id (which c.mk records in $(BUILD)/.code-id at every link) tells,
# and the tool is left as it is, neither recompiled nor relinked (a
# link-time-optimised link is most of a rebuild's time); $(BUILD)/labyrinth's
# date changes only when it was relinked, and only then is the book re-woven.
# `make build` and `make check` bring everything up to date, #line directives
# and tests too.
build: $(BUILD)/labyrinth
	$(MAKE) --no-print-directory -f tools/c.mk SRC=$(BUILD)/src OUT=$(BUILD) TESTS="$(TESTS)" all
$(BUILD)/labyrinth: $(BUILD)/src/.tangled FORCE
	@id=$$(tools/code-id $(BUILD)/src); \
	if [ -x $@ ] && [ "$$id" = "$$(cat $(BUILD)/.code-id 2>/dev/null)" ]; then \
		echo "labyrinth: code unchanged since $@ was linked (tools/code-id)"; \
	else \
		$(MAKE) --no-print-directory -f tools/c.mk SRC=$(BUILD)/src OUT=$(BUILD) $@; \
	fi
FORCE:

check: $(BUILD)/src/.tangled
	$(MAKE) --no-print-directory -f tools/c.mk SRC=$(BUILD)/src OUT=$(BUILD) TESTS="$(TESTS)" check

# --- Figures ----------------------------------------------------------------
# The map of the labyrinth: one source, figures/labyrinth.dot, and figures/map.gvpr
# makes each variant from it: labyrinth-all (Figure 1, the preface) and
# labyrinth-chN, the map that opens chapter N with its own part highlighted.
MAP_VARIANTS := all $(foreach n,$(CODE_CHAPTERS),ch$(n))
MAPS := $(foreach v,$(MAP_VARIANTS),labyrinth-$(v))
FIGURES := $(filter-out labyrinth,$(FIGURES)) $(MAPS)
FIGURE_FILES := $(foreach f,$(FIGURES),$(BUILD)/figures/$(f).svg $(BUILD)/figures/$(f).pdf) \
	$(foreach f,$(MAPS),$(BUILD)/figures/$(f).dot)
figures: $(FIGURE_FILES)
$(BUILD)/figures/labyrinth-all.dot: figures/labyrinth.dot figures/map.gvpr | $(DEPS)
	@mkdir -p $(dir $@)
	gvpr -c -a all -f figures/map.gvpr $< > $@
$(BUILD)/figures/labyrinth-ch%.dot: figures/labyrinth.dot figures/map.gvpr | $(DEPS)
	@mkdir -p $(dir $@)
	gvpr -c -a $* -f figures/map.gvpr $< > $@
# SVG without its document type declaration, which names an external DTD
# (the EPUB forbids it; the HTML book does not need it).
$(BUILD)/figures/%.svg: $(BUILD)/figures/%.dot
	dot -Tsvg $< | perl -0pe 's/<!DOCTYPE[^>]*>\n?//' > $@
$(BUILD)/figures/%.pdf: $(BUILD)/figures/%.dot
	dot -Tpdf -o $@ $<
$(BUILD)/figures/%.svg: figures/%.dot | $(DEPS)
	@mkdir -p $(dir $@)
	dot -Tsvg $< | perl -0pe 's/<!DOCTYPE[^>]*>\n?//' > $@
$(BUILD)/figures/%.pdf: figures/%.dot | $(DEPS)
	@mkdir -p $(dir $@)
	dot -Tpdf -o $@ $<

# --- Weave ------------------------------------------------------------------
# noweb's own front end and indexer, then our back end, which writes Pandoc Markdown.
$(BUILD)/chapters.md: $(CHAPTERS) tools/nw2md | $(DEPS)
	@mkdir -p $(dir $@)
	$(NOWEB_LIB)/markup $(CHAPTERS) | $(NOWEB_LIB)/finduses -noquote | $(NOWEB_LIB)/noidx | tools/nw2md > $@

# The book's parts in reading order: the chapters and appendices, the appendix of
# the code each chapter adds, then the two indexes, which nw2md writes last.
# One recipe makes both files (a grouped target), so make -j never runs it twice.
$(BUILD)/chapters-text.md $(BUILD)/chapters-index.md &: $(BUILD)/chapters.md
	awk -v text=$(BUILD)/chapters-text.md -v idx=$(BUILD)/chapters-index.md \
		'/^# Index of chunks/ { out = idx } { print > (out ? out : text) }' $<
	@grep -q '^# Index of chunks' $(BUILD)/chapters-index.md

# The code each chapter adds, for the last appendix (and build/diffs/chNN.diff to read).
diffs: $(BUILD)/diffs/summary.md
$(BUILD)/diffs/summary.md: $(CHAPTERS) tools/chapter-diffs tools/tangle | $(DEPS)
	tools/chapter-diffs --cache $(BUILD)/diffs-cache $(BUILD)/diffs $(CHAPTERS)

# Plot scripts (figures/*.gp) are read by tools/book.lua for ```{.plotrun} blocks.
PLOT_SCRIPTS := $(wildcard figures/*.gp)
BOOK_SOURCES := book.md $(BUILD)/chapters-text.md $(BUILD)/diffs/summary.md $(BUILD)/chapters-index.md
# The real-kernel lab's results (```{.lab} blocks): committed by make lab, which the
# book does not run; tools/test-lab-results lists every missing one before pandoc
# stops at the first.
LAB_RESULTS := $(wildcard lab/results/*.txt)
BOOK_INPUTS := $(BUILD)/book.json $(BUILD)/book-print.json tools/book.lua $(FIGURE_FILES) $(PLOT_SCRIPTS) $(BUILD)/labyrinth \
	$(LAB_RESULTS) $(BUILD)/.lab-results-checked
$(BUILD)/.lab-results-checked: $(CHAPTERS) lab/experiments $(LAB_RESULTS) $(wildcard tools/lab-compare/*) tools/test-lab-results
	@mkdir -p $(dir $@)
	tools/test-lab-results $(CHAPTERS)
	touch $@

# The Markdown read into one document, a chapter at a time, each chapter's reading
# kept until its text changes (tools/book-ast); the three editions are written from it.
$(BUILD)/book.json $(BUILD)/book-print.json &: $(BOOK_SOURCES) tools/book-ast | $(DEPS)
	tools/book-ast $(BUILD)/ast-cache $(BUILD)/book.json $(BUILD)/book-print.json $(BOOK_SOURCES)

html: $(BUILD)/book.html $(BUILD)/html/index.html
# Self-contained (opens from file:// alone): pandoc writes the page with its images
# in build/html-media and tools/inline-html puts them and the style sheet inside,
# as pandoc's --self-contained would, in 0.1 s instead of its 6 s.  --wrap=none: no
# tag broken across lines, as --self-contained left them for tools/split-html.
$(BUILD)/book.html: $(BOOK_INPUTS) tools/book.css tools/inline-html
	rm -rf $(BUILD)/html-media
	LABYRINTH_BUILD=$(abspath $(BUILD)) pandoc $(PANDOC_COMMON) --to html5 --wrap=none \
		--extract-media=$(BUILD)/html-media --css tools/book.css \
		-o $@.linked $(BUILD)/book.json
	tools/inline-html $@.linked $@
	tools/check-links $@

# The web edition: the same book, a page per chapter, with a contents sidebar,
# previous/next links, identifiers linked in code and a search box.
$(BUILD)/html/index.html: $(BUILD)/book.html tools/split-html tools/web.css tools/web.js
	tools/split-html $< $(BUILD)/html

# make serve: the web edition on http://127.0.0.1:8000/ (any static host will do;
# the book also opens from file://).
serve: $(BUILD)/html/index.html
	@echo "serving $(BUILD)/html on http://127.0.0.1:8000/ (Ctrl-C stops)"
	cd $(BUILD)/html && python3 -m http.server --bind 127.0.0.1 8000

# tools/make-pdf has pandoc write the LaTeX and runs pdflatex in build/latex-NAME/
# until the cross-references settle (the chunk labels by page may need more runs
# than pandoc's three); build/book.pdf.log keeps the LaTeX source and pdflatex's
# output of every run (unwrapped: max_print_line), which tools/test-book-pdf reads.
# The print edition comes in US letter (the default) and A4: make pdf PAPER=a4.
# build/paper remembers which paper build/book.pdf was set for, so that a change
# of PAPER remakes it; make test-book also sets an A4 copy, build/book-a4.pdf,
# and checks both.
PAPER ?= letter
ifeq ($(filter $(PAPER),letter a4),)
$(error PAPER=$(PAPER): the print edition comes in letter (the default) or a4)
endif
$(BUILD)/paper: FORCE
	@mkdir -p $(BUILD)
	@echo $(PAPER) | cmp -s - $@ 2>/dev/null || echo $(PAPER) > $@

# $(call book_pdf,OUTPUT,PAPER): pdflatex only warns about a glyph its fonts
# lack; the book must have none (anchored: the log also holds the LaTeX source,
# whose prose may say the words).
define book_pdf
LABYRINTH_BUILD=$(abspath $(BUILD)) tools/make-pdf $(1) -- $(PANDOC_COMMON) \
	-V documentclass=book -V papersize=$(2) -V geometry:margin=2.5cm -V colorlinks=true \
	--include-in-header tools/latex-header.tex $(BUILD)/book-print.json
! grep -E '^(\[WARNING\] )?Missing character' $(1).log
endef

pdf: $(BUILD)/book.pdf
$(BUILD)/book.pdf: $(BOOK_INPUTS) tools/latex-header.tex tools/make-pdf $(BUILD)/paper
	$(call book_pdf,$@,$(PAPER))
$(BUILD)/book-a4.pdf: $(BOOK_INPUTS) tools/latex-header.tex tools/make-pdf
	$(call book_pdf,$@,a4)

# The e-book: EPUB 3 from the same sources, figures as SVG; make test-book runs
# epubcheck on it.  Chunk code is plain there (see tools/book.lua).
epub: $(BUILD)/book.epub
$(BUILD)/book.epub: $(BOOK_INPUTS) tools/book.css
	LABYRINTH_BUILD=$(abspath $(BUILD)) pandoc $(PANDOC_COMMON) --to epub3 \
		--css tools/book.css \
		-o $@ $(BUILD)/book.json

# --- The manual page ---------------------------------------------------------
# man build/labyrinth.1 (or man -l): from man/labyrinth.1.md; tools/test-man checks
# that it and --help name the same options, commands and dot views.
man: $(BUILD)/labyrinth.1
$(BUILD)/labyrinth.1: man/labyrinth.1.md | $(DEPS)
	@mkdir -p $(dir $@)
	pandoc --standalone --from markdown --to man -o $@ $<

# --- The book as a tested artifact --------------------------------------------
# The HTML opens in headless Chromium without console errors, its links resolve
# and its figures have a size; the PDF's LaTeX log has no undefined reference,
# missing character or overfull code line and its outline lists every chapter;
# every kernel function the prose names is in the cross-reference appendix;
# every labyrinth transcript comes from a .run block and matches a fresh run.
# Each checker first proves that it rejects a broken fixture.  See tools/test-book.
test-book: $(BUILD)/book.html $(BUILD)/html/index.html $(BUILD)/book.pdf $(BUILD)/book-a4.pdf $(BUILD)/book.epub $(BUILD)/labyrinth.1 | $(DEPS)
	tools/test-book $(BUILD) $(CHAPTERS)
	tools/test-man $(BUILD)/labyrinth.1 $(BUILD)/labyrinth

# --- Snapshots: the book as it stands at the end of chapter N ---------------
snapshot: | $(DEPS)
	@[ -n "$(N)" ] || { echo "usage: make snapshot N=<chapter number>"; exit 2; }
	@mkdir -p $(BUILD)/snapshots
	tools/snapshot-chapters $(N) $(BUILD)/snapshots/ch$(N)/chapters $(CHAPTERS) > $(BUILD)/snapshots/ch$(N).list
	tools/tangle -L --snapshot $(BUILD)/snapshots/ch$(N)/src $$(cat $(BUILD)/snapshots/ch$(N).list)
	$(MAKE) --no-print-directory -f tools/c.mk SRC=$(BUILD)/snapshots/ch$(N)/src \
		OUT=$(BUILD)/snapshots/ch$(N) TESTS="$(call tests_upto,$(N))" check

snapshots: | $(DEPS)
	for n in $(CODE_CHAPTERS); do $(MAKE) --no-print-directory snapshot N=$$n; done

# --- Exercises ----------------------------------------------------------------
# A workspace: the book at the end of chapter c (tools/snapshot-chapters), the exercise's solution replaced by its
# stub; its "make check" runs the exercise's own test case (exercise-c.n) first.
exercise: | $(DEPS)
	@[ -n "$(EX)" ] || { echo "usage: make exercise EX=<chapter.number>, e.g. EX=2.1"; exit 2; }
	@mkdir -p $(BUILD)/exercises
	tools/snapshot-chapters $(firstword $(subst ., ,$(EX))) $(BUILD)/exercises/.chapters-$(EX) $(CHAPTERS) \
		> $(BUILD)/exercises/.chapters-$(EX).list
	tools/make-exercise $(EX) $(BUILD)/exercises/$(EX) $$(cat $(BUILD)/exercises/.chapters-$(EX).list)

# Every stub fails its test case, every solution passes it (or only the exercises in EX).
exercises exercises-check: | $(DEPS)
	tools/check-exercises $(BUILD)/exercises $(EX)

# --- Sanitizers ------------------------------------------------------------------
# Every suite under AddressSanitizer and UndefinedBehaviorSanitizer, then every suite
# and a storm of four CPUs with interrupts under ThreadSanitizer: lockless reads are
# READ_ONCE/WRITE_ONCE, as in the kernel, so no race is suppressed.
SANITIZE_ASAN := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
# Instrumented code runs 3-15 times slower: Check's per-test watchdogs (not timings:
# no test measures speed) are stretched so that a busy machine cannot fail a run.
sanitize: export CK_TIMEOUT_MULTIPLIER := 8
sanitize: $(BUILD)/src/.tangled
	$(MAKE) --no-print-directory -f tools/c.mk SRC=$(BUILD)/src OUT=$(BUILD)/asan TESTS="$(TESTS)" \
		CFLAGS="$(SANITIZE_ASAN)" check
	$(MAKE) --no-print-directory -f tools/c.mk SRC=$(BUILD)/src OUT=$(BUILD)/tsan TESTS="$(TESTS)" \
		CFLAGS="-O1 -g -fsanitize=thread" check
	TSAN_OPTIONS=halt_on_error=1 $(BUILD)/tsan/labyrinth --cpus 4 storm --seconds 5 > $(BUILD)/tsan/storm.out
	tail -n 1 $(BUILD)/tsan/storm.out

# --- Reliability ----------------------------------------------------------------
# fuzz: each harness of tests/fuzz/ for an equal share of FUZZ_SECONDS (60: 12 s each of five),
# from its seed corpus; the working corpus and any crash are kept in build/fuzz/.
# stress: the storm for STRESS_SECONDS on STRESS_CPUS model CPUs; killed and failed if it
# has not ended 10 s after its deadline.  memcheck: see tools/memcheck for the two
# commands it runs smaller than the book.
FUZZ_SECONDS ?= 60
STRESS_SECONDS ?= 60
STRESS_CPUS ?= 4
fuzz: $(BUILD)/src/.tangled
	$(MAKE) --no-print-directory -f tools/fuzz.mk SRC=$(BUILD)/src OUT=$(BUILD)/fuzz FUZZ_SECONDS=$(FUZZ_SECONDS) run

stress: $(BUILD)/labyrinth
	tools/stress $(BUILD)/labyrinth $(STRESS_SECONDS) $(STRESS_CPUS)

memcheck: $(BUILD)/labyrinth
	tools/memcheck $(BUILD) $(CHAPTERS)

# --- The real-kernel lab (issue 16) ----------------------------------------------
# Installs its own packages (QEMU, busybox, Debian's 6.12 kernel and headers),
# builds the modules the chapters tangle to build/src/lab/, boots one guest per
# machine shape of lab/experiments, runs each tools/lab-compare/NAME and checks
# its text against lab/results/NAME.txt.  See tools/lab and README.md.
LAB_DEPS := $(BUILD)/.lab-deps-installed
$(LAB_DEPS): tools/install-deps
	tools/install-deps --lab $@
lab: $(BUILD)/labyrinth | $(LAB_DEPS)
	LAB_UPDATE=$(LAB_UPDATE) LAB_ACCEL=$(LAB_ACCEL) tools/lab $(BUILD) $(CH)

# --- Benchmarks: ratios within one run; never a timed test --------------------
bench: $(BUILD)/labyrinth
	$(BUILD)/labyrinth --mem 1G bench --ops 1000000

# --- The README's example program, built exactly as the README shows ------------
example: $(BUILD)/labyrinth
	tools/check-readme-example README.md examples/rx_ring.c
	tools/check-readme-example README.md examples/rx_ring.expected
	cc -std=c11 -pthread -Icode examples/rx_ring.c build/liblabyrinth.a -o build/rx_ring
	build/rx_ring | tee build/rx_ring.out
	diff -u examples/rx_ring.expected build/rx_ring.out

clean:
	rm -rf $(BUILD)
