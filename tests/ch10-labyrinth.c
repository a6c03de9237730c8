/* Chapter 10, the whole labyrinth: the walk from mask to memory, and the benchmark's output
 * format (never its numbers: speed is measured by make bench, not tested). */
#include <check.h>
#include <stdlib.h>

#include <errno.h>

#include "exercises.h"
#include "labyrinth.h"
#include "tool.h"
#include "tool/tree_buddy.h"

START_TEST(test_the_whole_walk_ends_in_a_page_address)
{
	static char out[65536];
	ck_assert_int_eq(run_tool("walk --gfp GFP_ATOMIC --order 0 --context irq", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(after_echo(out),
		"alloc_pages(GFP_ATOMIC, 0) on CPU 0, interrupt context: highest zone Normal, preferred Normal\n"
		"fast path: alloc_flags 0x901 ALLOC_WMARK_LOW|ALLOC_NOFRAGMENT|ALLOC_KSWAPD\n"
		"  node 0 Normal  free 262144 > threshold 6337 (high 6337 + lowmem_reserve 0): ok\n"
		"  per-CPU list empty: refilled with 63 pages under zone->lock, then taken from it\n"
		"result: pfn 0x100000 in zone Normal, kernel address 0xffff888100000000, refcount 1\n"));
}
END_TEST

/* A zone big enough for the benchmark whose memory --ops holds: bench refuses it, or, when one order-10
 * block is left for the check but not for the timed loop, stops that loop, prints that the case failed
 * and exits 2 (it used to free the NULL pages: 600 BUG: lines, status 0). */
START_TEST(test_bench_on_a_machine_whose_memory_is_held)
{
	static char out[65536];
	ck_assert_int_eq(run_tool("--quiet --zones Normal=8192 --ops a10,a10,a10,a10,a10,a10,a10 bench --ops 100",
				  out, sizeof(out)), 2);
	ck_assert_ptr_null(strstr(out, "BUG"));
	ck_assert_str_eq(strstr(out, "labyrinth: "), "labyrinth: bench: no order-10 block free in zone Normal above "
			 "its watermarks: the machine is out of memory\n");
	ck_assert_int_eq(run_tool("--quiet --zones Normal=8192 --ops a10,a10,a10,a10,a10,a10,a9 bench --ops 100",
				  out, sizeof(out)), 2);
	ck_assert_ptr_null(strstr(out, "BUG"));
	ck_assert_ptr_nonnull(strstr(out, "\nbench: buddy-order10-pair failed: an order-10 allocation failed: "
				     "the machine is out of memory\nbench: buddy-order0-pair-2cpu "));
	ck_assert_ptr_nonnull(strstr(out, "\n  buddy-order0-pair / pcp-order0-pair "));
	ck_assert_str_eq(strstr(out, "labyrinth: bench"), "labyrinth: bench: 6 timed loops stopped at an allocation "
			 "that failed: the machine is out of memory\n");
}
END_TEST

START_TEST(test_bench_prints_one_line_per_benchmark)
{
	static char out[16384];
	ck_assert_int_eq(run_tool("--mem 1G bench --ops 200", out, sizeof(out)), 0);
	/* Every case, in the order of the book's list, each a number of nanoseconds. */
	static const char *const names[] = {
		"clock-cycle", "floor-pair", "malloc-4k-pair", "tree-buddy-order0-pair", "pcp-order0-pair", "atomic-order0-pair", "pcp-order0-pair-2cpu",
		"buddy-order0-pair", "buddy-order1-pair", "buddy-order2-pair", "buddy-order3-pair",
		"buddy-order4-pair", "buddy-order5-pair", "buddy-order6-pair", "buddy-order7-pair",
		"buddy-order8-pair", "buddy-order9-pair", "buddy-order10-pair", "buddy-order0-pair-2cpu",
		"buddy-order0-pair-fresh",
		"pcp-order0-pair-16G" };
	const char *line = after_echo(out);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char prefix[64];
		double ns = 0;
		char unit[8] = "";
		snprintf(prefix, sizeof(prefix), "bench: %s ", names[i]);
		ck_assert_msg(strncmp(line, prefix, strlen(prefix)) == 0, "expected %s at: %.60s", prefix, line);
		ck_assert_int_eq(sscanf(line + strlen(prefix), "%lf %7s", &ns, unit), 2);
		ck_assert_msg(ns > 0 && strcmp(unit, "ns/op") == 0, "%s: %.60s", names[i], line);
		line = strchr(line, '\n') + 1;
	}
	/* Then the ratios against the goals, each judged. */
	static const char *const ratios[] = {
		"pcp-order0-pair / tree-buddy-order0-pair", "pcp-order0-pair / floor-pair",
		"pcp-order0-pair / malloc-4k-pair", "pcp-order0-pair-2cpu / pcp-order0-pair",
		"pcp-order0-pair-16G / pcp-order0-pair", "buddy-order0-pair / tree-buddy-order0-pair" };
	for (size_t i = 0; i < sizeof(ratios) / sizeof(ratios[0]); i++) {
		const char *ratio = strstr(line, ratios[i]);
		ck_assert_msg(ratio != NULL, "missing ratio %s", ratios[i]);
		const char *end = strchr(ratio, '\n');
		ck_assert(end != NULL);
		ck_assert_msg(strncmp(end - 3, "met", 3) == 0 || strncmp(end - 6, "missed", 6) == 0,
			      "%.*s", (int)(end - ratio), ratio);
	}
	/* The buddy path against the per-CPU path, the fresh zone's, and the per-CPU pair in cycles are
	 * shown for scale, and judged against no goal. */
	static const char *const for_scale[] = { "buddy-order0-pair / pcp-order0-pair",
						  "buddy-order0-pair-fresh / pcp-order0-pair",
						  "pcp-order0-pair / clock-cycle (cycles)" };
	for (size_t i = 0; i < sizeof(for_scale) / sizeof(for_scale[0]); i++) {
		const char *ratio = strstr(line, for_scale[i]);
		ck_assert_msg(ratio != NULL, "missing ratio %s", for_scale[i]);
		ck_assert_ptr_nonnull(strchr(ratio, '\n'));
		ck_assert_int_eq(strncmp(strchr(ratio, '\n') - 9, "for scale", 9), 0);
	}
	ck_assert_int_eq(run_tool("bench --ops 0", out, sizeof(out)), 2);
	ck_assert_str_eq(after_echo(out), "labyrinth: bench: --ops N, from 1 to 1000000000\n");
	ck_assert_int_eq(run_tool("bench --frobnicate 3", out, sizeof(out)), 2);
	ck_assert_str_eq(after_echo(out), "labyrinth: bench: the options are --ops N and --case NAME\n");
}
END_TEST

/* --case runs the one case it names, in either order of the options, and prints no ratios; the
 * 16 GiB case boots its machine only when asked for. */
START_TEST(test_bench_case_runs_one_case)
{
	static char out[4096];
	static const char *const cases[] = { "clock-cycle", "tree-buddy-order0-pair", "buddy-order7-pair",
					     "pcp-order0-pair-2cpu", "pcp-order0-pair-16G" };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char command[128], prefix[64];
		snprintf(command, sizeof(command), "--quiet --mem 1G bench --case %s --ops 100", cases[i]);
		ck_assert_int_eq(run_tool(command, out, sizeof(out)), 0);
		snprintf(prefix, sizeof(prefix), "bench: %s ", cases[i]);
		ck_assert_msg(strncmp(after_echo(out), prefix, strlen(prefix)) == 0, "%s: %s", command, out);
		ck_assert_msg(strchr(after_echo(out), '\n')[1] == '\0', "%s: more than one line: %s", command, out);
	}
}
END_TEST

/* The yardstick is a buddy allocator: first fit from the left, blocks aligned to their size, every
 * page handed out once, and the tree whole again when all come back. */
START_TEST(test_the_tree_buddy_splits_and_merges)
{
	struct tree_buddy tree;
	ck_assert_int_eq(tree_buddy_init(&tree, 4), 0);
	ck_assert_int_eq(tree.longest[1], 5);
	static const unsigned int orders[] = { 0, 0, 1, 3, 2 };
	static const long firsts[] = { 0, 1, 2, 8, 4 };
	for (size_t i = 0; i < 5; i++)
		ck_assert_int_eq(tree_buddy_alloc(&tree, orders[i]), firsts[i]);
	ck_assert_int_eq(tree.longest[1], 0);   /* all sixteen pages taken */
	ck_assert_int_eq(tree_buddy_alloc(&tree, 0), -1);
	tree_buddy_free(&tree, 2, 1);
	ck_assert_int_eq(tree.longest[1], 2);   /* one order-1 run */
	ck_assert_int_eq(tree_buddy_alloc(&tree, 2), -1);
	ck_assert_int_eq(tree_buddy_alloc(&tree, 0), 2);
	tree_buddy_free(&tree, 2, 0);
	for (size_t i = 0; i < 5; i++)
		if (firsts[i] != 2)
			tree_buddy_free(&tree, (unsigned long)firsts[i], orders[i]);
	ck_assert_int_eq(tree.longest[1], 5);   /* merged back to one order-4 run */
	ck_assert_int_eq(tree_buddy_alloc(&tree, 4), 0);
	ck_assert_int_eq(tree_buddy_alloc(&tree, 5), -1);
	tree_buddy_destroy(&tree);
	ck_assert_int_eq(tree_buddy_init(&tree, 31), -1);
}
END_TEST

/* Every figure of the book comes from a dot view; each must produce a graph of the model. */
START_TEST(test_every_dot_view_draws_the_model)
{
	static const struct { const char *view, *expected; } views[] = {
		{ "memmap", "ram1 [label=\"RAM, node 0: pfn 0x100-0xbffff\\n786176 pages\"];" },
		{ "gfp", "mask0 [label=\"GFP_ATOMIC = 0x820\"" },
		{ "zones", "digraph zones {" },
		{ "zonelist", "digraph zonelist {" },
		{ "buddy", "digraph buddy {" },
		{ "pcp", "l0 [label=\"list 0: order 0 Unmovable\\n" },
		{ "locks", "handler spins on the lock its own CPU holds: deadlock" },
		{ "path", "result [label=\"void *: page_address(page)\"" },
		{ "compound", "head [label=\"head: pfn 0x100000\\nPG_head, order 2, refcount 1\"" },
	};
	static char out[65536];
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		char args[64];
		snprintf(args, sizeof(args), "dot %s", views[i].view);
		ck_assert_int_eq(run_tool(args, out, sizeof(out)), 0);
		ck_assert_msg(strstr(out, views[i].expected) != NULL, "dot %s lacks %s", views[i].view, views[i].expected);
	}
}
END_TEST

/* The README's list of options, commands and dot views and --help name the same ones. */
static bool has_word(const char *text, const char *prefix, const char *word)
{
	char needle[96];
	snprintf(needle, sizeof(needle), "%s%s", prefix, word);
	for (const char *at = text; (at = strstr(at, needle)); at++) {
		char after = at[strlen(needle)];
		if (after == ' ' || after == '\n' || after == ',' || after == '|')
			return true;
	}
	return false;
}

START_TEST(test_help_and_readme_list_the_same_options_commands_and_views)
{
	static char help[16384], readme[65536];
	ck_assert_int_eq(run_tool("--help", help, sizeof(help)), 0);
	FILE *in = fopen(TESTS_DIR "/../README.md", "r");
	ck_assert_ptr_nonnull(in);
	readme[fread(readme, 1, sizeof(readme) - 1, in)] = '\0';
	fclose(in);
	char *block = strstr(readme, "```\nlabyrinth [machine options] COMMAND");
	ck_assert_ptr_nonnull(block);
	*strstr(block + 3, "```") = '\0';
	char *commands = strstr(block, "\ncommands\n");
	ck_assert_ptr_nonnull(commands);
	int options = 0, names = 0, views = 0;
	for (char *at = block; (at = strstr(at, " --")) && at < commands; at++) {
		char option[48];
		sscanf(at + 1, "%47[a-z-]", option);
		ck_assert_msg(has_word(help, "", option), "--help lacks %s", option);
		options++;
	}
	for (char *line = commands + 10; *line; line = strchr(line, '\n') + 1) {
		char name[32];
		if (sscanf(line, "  %31[a-z]", name) == 1 && line[2] != ' ') {
			ck_assert_msg(has_word(help, "\n  ", name), "--help lacks the command %s", name);
			names++;
		}
		if (strncmp(line, "  dot ", 6) == 0)
			for (char *view = line + 6; *view != ' ' && *view != '\n'; view += strcspn(view, "| \n")) {
				view += *view == '|';
				char word[32];
				sscanf(view, "%31[a-z]", word);
				ck_assert_msg(has_word(strstr(help, "\ndot views\n"), " ", word), "--help lacks dot %s", word);
				views++;
			}
		if (!strchr(line, '\n'))
			break;
	}
	ck_assert_int_ge(options, 14);
	ck_assert_int_eq(names, 17);
	ck_assert_int_eq(views, 9);
	/* And the other way: every option --help names is in the README. */
	for (char *at = help; (at = strstr(at, "\n  --")); at++) {
		char option[48];
		sscanf(at + 3, "%47[a-z-]", option);
		ck_assert_msg(has_word(block, " ", option), "the README lacks %s", option);
	}
}
END_TEST

/* tests/bad-input.txt: every command line in it is refused with status 2 and exactly its
 * one line on stderr, from the top of the repository (some name files in tests/data). */
START_TEST(test_every_bad_input_is_one_line_and_exit_2)
{
	FILE *table = fopen(TESTS_DIR "/bad-input.txt", "r");
	ck_assert_ptr_nonnull(table);
	static char args[4096], expected[4096], command[8192], err[8192];
	int cases = 0;
	while (fgets(args, sizeof(args), table)) {
		if (args[0] == '#' || args[0] == '\n')
			continue;
		ck_assert_ptr_nonnull(fgets(expected, sizeof(expected), table));
		args[strcspn(args, "\n")] = '\0';
		snprintf(command, sizeof(command), "cd %s/.. && %s %s 2>&1 >/dev/null </dev/null",
			 TESTS_DIR, LABYRINTH_TOOL, args);
		FILE *pipe = popen(command, "r");
		ck_assert_ptr_nonnull(pipe);
		err[fread(err, 1, sizeof(err) - 1, pipe)] = '\0';
		int status = pclose(pipe);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 2, "labyrinth %s: exit status %d, not 2",
			      args, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		ck_assert_msg(strcmp(err, expected) == 0, "labyrinth %s: stderr\n%s\nnot\n%s", args, err, expected);
		cases++;
	}
	fclose(table);
	ck_assert_int_ge(cases, 150);
}
END_TEST

/* A CPU the machine does not have is refused by all three functions that take one. */
static void count_runs(struct machine *machine, void *arg)
{
	(void)machine;
	++*(int *)arg;
}

static void ignore_interrupt(struct cpu *cpu, void *arg)
{
	(void)cpu;
	(void)arg;
}

/* An interrupt raised on a CPU that no thread is, before its body or after it, is refused:
 * a signal to a finished thread would be undefined (it crashed). */
static void raise_on_itself(struct machine *machine, void *arg)
{
	*(int *)arg = labyrinth_raise_irq(machine, 1);
}

START_TEST(test_raise_irq_needs_a_running_cpu)
{
	static struct machine machine;
	struct machine_config config;
	int during = 1;

	machine_config_init(&config);
	config.mem_bytes = 64 << 20;
	ck_assert_int_eq(labyrinth_boot(&machine, &config), 0);
	ck_assert_int_eq(labyrinth_raise_irq(&machine, 1), -ESRCH);
	ck_assert_int_eq(labyrinth_set_irq_handler(&machine, 1, ignore_interrupt, NULL), 0);
	ck_assert_int_eq(labyrinth_run_on_cpu(&machine, 1, raise_on_itself, &during), 0);
	ck_assert_int_eq(during, 0);
	ck_assert_int_eq(labyrinth_raise_irq(&machine, 1), -ESRCH);
	labyrinth_shutdown(&machine);
}
END_TEST

START_TEST(test_cpus_the_machine_does_not_have_are_refused)
{
	static struct machine machine;
	struct machine_config config;
	int runs = 0;

	machine_config_init(&config);
	config.mem_bytes = 64 << 20;
	config.nr_cpus = 2;
	ck_assert_int_eq(labyrinth_boot(&machine, &config), 0);
	ck_assert_int_eq(labyrinth_run_on_cpu(&machine, 2, count_runs, &runs), -EINVAL);
	ck_assert_int_eq(runs, 0);
	ck_assert_int_eq(labyrinth_set_irq_handler(&machine, 2, ignore_interrupt, NULL), -EINVAL);
	ck_assert_int_eq(labyrinth_raise_irq(&machine, 2), -EINVAL);
	ck_assert_int_eq(labyrinth_run_on_cpu(&machine, -1, count_runs, &runs), -EINVAL);
	ck_assert_int_eq(labyrinth_set_irq_handler(&machine, -1, ignore_interrupt, NULL), -EINVAL);
	ck_assert_int_eq(labyrinth_raise_irq(&machine, -1), -EINVAL);
	ck_assert_int_eq(runs, 0);
	ck_assert_int_eq(labyrinth_run_on_cpu(&machine, 1, count_runs, &runs), 0);
	ck_assert_int_eq(labyrinth_set_irq_handler(&machine, 1, ignore_interrupt, NULL), 0);
	ck_assert_int_eq(runs, 1);
	labyrinth_shutdown(&machine);
}
END_TEST

/* Exercise 10.4: alloc_pages_bulk fills the holes of an array and stops at the first failure. */
static struct machine bulk_machine;

static void boot_64m(void)
{
	struct machine_config config;
	machine_config_init(&config);
	config.mem_bytes = 64 << 20;
	ck_assert_int_eq(machine_boot(&bulk_machine, &config), 0);
}

START_TEST(test_exercise_10_4_an_array_with_a_hole)
{
	boot_64m();
	struct page *pages[8] = { NULL };
	pages[3] = alloc_page(&bulk_machine, GFP_KERNEL);
	struct page *kept = pages[3];
	ck_assert_uint_eq(alloc_pages_bulk(&bulk_machine, GFP_KERNEL, 8, pages), 8);
	ck_assert_ptr_eq(pages[3], kept);
	for (int i = 0; i < 8; i++) {
		ck_assert_ptr_nonnull(pages[i]);
		ck_assert_int_eq(page_ref_count(pages[i]), 1);
		for (int j = 0; j < i; j++)
			ck_assert_ptr_ne(pages[i], pages[j]);
	}
	ck_assert_uint_eq(alloc_pages_bulk(&bulk_machine, GFP_KERNEL, 0, pages), 0);
	for (int i = 0; i < 8; i++)
		__free_page(&bulk_machine, pages[i]);
	machine_shutdown(&bulk_machine);
}
END_TEST

START_TEST(test_exercise_10_4_a_full_array)
{
	boot_64m();
	struct page *pages[4];
	for (int i = 0; i < 4; i++)
		pages[i] = alloc_page(&bulk_machine, GFP_KERNEL);
	struct page *before[4];
	memcpy(before, pages, sizeof(pages));
	unsigned long allocated_before = 0, allocated_after = 0;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		allocated_before += zone_allocated_pages(&bulk_machine.topo.node_data[0].node_zones[z]);
	ck_assert_uint_eq(alloc_pages_bulk(&bulk_machine, GFP_KERNEL, 4, pages), 4);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		allocated_after += zone_allocated_pages(&bulk_machine.topo.node_data[0].node_zones[z]);
	ck_assert_uint_eq(allocated_after, allocated_before);      /* nothing new */
	ck_assert_mem_eq(pages, before, sizeof(pages));
	machine_shutdown(&bulk_machine);
}
END_TEST

START_TEST(test_exercise_10_4_stops_at_the_first_failure)
{
	/* No DMA zone at all: every GFP_DMA request fails. */
	struct machine_config config;
	machine_config_init(&config);
	config.zones[0][ZONE_NORMAL] = (struct zone_geometry){ 0x100000, 4096, 4096, 4096, true };
	config.ranges[config.nr_ranges++] = (struct memory_range){ 0x100000, 0x101000, 0 };
	config.zones_given = true;
	ck_assert_int_eq(machine_boot(&bulk_machine, &config), 0);
	struct page *first = alloc_page(&bulk_machine, GFP_KERNEL), *third = alloc_page(&bulk_machine, GFP_KERNEL);
	struct page *pages[3] = { first, NULL, third };
	ck_assert_uint_eq(alloc_pages_bulk(&bulk_machine, GFP_DMA, 3, pages), 1);
	ck_assert_ptr_eq(pages[0], first);
	ck_assert_ptr_null(pages[1]);
	ck_assert_ptr_eq(pages[2], third);
	machine_shutdown(&bulk_machine);
}
END_TEST

/* Exercise 10.6: atomic_failure_cause says why, before alloc_pages() tries. */
static struct machine cause_machine;

static struct zone *cause_zone(int z)
{
	return &cause_machine.topo.node_data[0].node_zones[z];
}

START_TEST(test_exercise_10_6_a_fresh_machine)
{
	struct machine_config config;
	machine_config_init(&config);
	ck_assert_int_eq(machine_boot(&cause_machine, &config), 0);
	ck_assert_int_eq(atomic_failure_cause(&cause_machine, GFP_ATOMIC, 0), ALLOC_WOULD_SUCCEED);
	ck_assert_int_eq(atomic_failure_cause(&cause_machine, GFP_NOWAIT, 3), ALLOC_WOULD_SUCCEED);
	ck_assert_int_eq(atomic_failure_cause(&cause_machine, GFP_ATOMIC, MAX_PAGE_ORDER), ALLOC_WOULD_SUCCEED);
	ck_assert_ptr_nonnull(alloc_pages(&cause_machine, GFP_ATOMIC, MAX_PAGE_ORDER));
	ck_assert_ptr_nonnull(alloc_pages(&cause_machine, GFP_ATOMIC, 0));
	machine_shutdown(&cause_machine);
}
END_TEST

START_TEST(test_exercise_10_6_exhausted_is_the_count)
{
	struct machine_config config;
	machine_config_init(&config);
	ck_assert_int_eq(machine_boot(&cause_machine, &config), 0);
	ck_assert_int_eq(set_memory_pressure(&cause_machine, "exhausted", GFP_ATOMIC), 0);
	/* Normal holds its GFP_ATOMIC threshold: 4225 - 2112 - 528 = 1585, and needs one more. */
	ck_assert_uint_eq(cause_zone(ZONE_NORMAL)->nr_free_pages, 1585);
	ck_assert_int_eq(atomic_failure_cause(&cause_machine, GFP_ATOMIC, 0), FAIL_WATERMARK);
	ck_assert_int_eq(atomic_failure_cause(&cause_machine, GFP_ATOMIC, 2), FAIL_WATERMARK);
	ck_assert_int_eq(atomic_failure_cause(&cause_machine, GFP_NOWAIT, 0), FAIL_WATERMARK);
	ck_assert_ptr_null(alloc_pages(&cause_machine, GFP_ATOMIC | __GFP_NOWARN, 0));
	ck_assert_ptr_null(alloc_pages(&cause_machine, GFP_ATOMIC | __GFP_NOWARN, 2));
	machine_shutdown(&cause_machine);
}
END_TEST

/* One Normal zone of 4096 pages, all taken, then every page at an even pfn given back
 * straight to the buddy lists: 2048 free pages, and no two of them buddies. */
START_TEST(test_exercise_10_6_every_other_page_is_fragmentation)
{
	struct machine_config config;
	machine_config_init(&config);
	config.zones[0][ZONE_NORMAL] = (struct zone_geometry){ 0x100000, 4096, 4096, 4096, true };
	config.ranges[config.nr_ranges++] = (struct memory_range){ 0x100000, 0x101000, 0 };
	config.zones_given = true;
	ck_assert_int_eq(machine_boot(&cause_machine, &config), 0);
	struct zone *normal = cause_zone(ZONE_NORMAL);
	static struct page *taken[4096];
	int nr_taken = 0;
	for (struct page *page; (page = buddy_alloc(normal, 0, MIGRATE_MOVABLE, 0));)
		taken[nr_taken++] = page;
	ck_assert_int_eq(nr_taken, 4096);
	for (int i = 0; i < nr_taken; i++)
		if (page_to_pfn(&cause_machine.map, taken[i]) % 2 == 0)
			ck_assert_int_eq(buddy_free(normal, taken[i], 0), 0);
	ck_assert_uint_eq(normal->nr_free_pages, 2048);
	ck_assert_uint_eq(normal->free_area[0].nr_free, 2048);
	ck_assert_int_eq(normal->per_cpu_pageset[0].count, 0);    /* nothing on the CPUs' lists */
	ck_assert_int_eq(normal->per_cpu_pageset[1].count, 0);
	ck_assert_int_eq(atomic_failure_cause(&cause_machine, GFP_ATOMIC, 2), FAIL_FRAGMENTATION);
	ck_assert_int_eq(atomic_failure_cause(&cause_machine, GFP_ATOMIC, 1), FAIL_FRAGMENTATION);
	ck_assert_int_eq(atomic_failure_cause(&cause_machine, GFP_ATOMIC, 0), ALLOC_WOULD_SUCCEED);
	/* The real request fails, and its report shows the reason: blocks of one page only. */
	kmsg_clear(&cause_machine.log);
	ck_assert_ptr_null(alloc_pages(&cause_machine, GFP_ATOMIC, 2));
	ck_assert(kmsg_contains(&cause_machine.log, "Node 0 Normal: 2048*4kB (M) 0*8kB 0*16kB 0*32kB 0*64kB "
				"0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 8192kB\n"));
	ck_assert_ptr_nonnull(alloc_pages(&cause_machine, GFP_ATOMIC, 0));
	machine_shutdown(&cause_machine);
}
END_TEST

/* Quiz path: every answer agrees with the model's own functions and the default machine. */
START_TEST(test_quiz_path_answers_from_the_allocation)
{
	static char answer[8192];
	assert_quiz_answers_its_question("--seed 4", "path", answer, sizeof(answer));
	for (int seed = 1; seed <= 10; seed++) {
		char args[64], mask[64], value[96], expected[96];
		unsigned int order;
		gfp_t gfp;
		snprintf(args, sizeof(args), "--seed %d quiz path --answer", seed);
		ck_assert_int_eq(run_tool(args, answer, sizeof(answer)), 0);
		const char *request = strstr(answer, "alloc_pages(");
		ck_assert_ptr_nonnull(request);
		ck_assert_int_eq(sscanf(request, "alloc_pages(%63[A-Z_0-9], %u)", mask, &order), 2);
		ck_assert_int_eq(gfp_parse(mask, &gfp, value, sizeof(value)), 0);
		ck_assert_int_eq(quiz_value(answer, "highest zone it may use", value, sizeof(value)), 0);
		ck_assert_str_eq(value, zone_names[gfp_zone(gfp)]);
		ck_assert_int_eq(quiz_value(answer, "per-CPU lists serve the order", value, sizeof(value)), 0);
		ck_assert_str_eq(value, order <= 3 || order == 9 ? "yes" : "no");
		ck_assert_int_eq(quiz_value(answer, "the page comes from zone", value, sizeof(value)), 0);
		ck_assert_str_eq(value, gfp_zone(gfp) == ZONE_DMA32 ? "DMA32" : "Normal");
		/* The default machine's batch is 63: order 0 moves 63 pages, higher orders
		 * max(63 >> order, 2) blocks (chapter 5's nr_pcp_alloc). */
		ck_assert_int_eq(quiz_value(answer, "pages the first refill moved", value, sizeof(value)), 0);
		unsigned int blocks = order == 0 ? 63 : (63u >> order) > 2 ? 63u >> order : 2;
		if (order <= 3 || order == 9)
			snprintf(expected, sizeof(expected), "%u (%u blocks of order %u)", blocks << order, blocks, order);
		else
			snprintf(expected, sizeof(expected), "none: straight from the buddy lists");
		ck_assert_str_eq(value, expected);
	}
}
END_TEST

static Suite *labyrinth_suite(void)
{
	Suite *suite = suite_create("ch10-labyrinth");
	TCase *whole = tcase_create("whole");
	tcase_set_timeout(whole, 60);
	tcase_add_test(whole, test_the_whole_walk_ends_in_a_page_address);
	tcase_add_test(whole, test_bench_prints_one_line_per_benchmark);
	tcase_add_test(whole, test_bench_on_a_machine_whose_memory_is_held);
	tcase_add_test(whole, test_bench_case_runs_one_case);
	tcase_add_test(whole, test_the_tree_buddy_splits_and_merges);
	tcase_add_test(whole, test_every_dot_view_draws_the_model);
	tcase_add_test(whole, test_help_and_readme_list_the_same_options_commands_and_views);
	tcase_add_test(whole, test_every_bad_input_is_one_line_and_exit_2);
	tcase_add_test(whole, test_raise_irq_needs_a_running_cpu);
	tcase_add_test(whole, test_quiz_path_answers_from_the_allocation);
	tcase_add_test(whole, test_cpus_the_machine_does_not_have_are_refused);
	suite_add_tcase(suite, whole);
	/* One test case per coding exercise, named after it: make exercise runs it first. */
	TCase *exercise_10_4 = tcase_create("exercise-10.4");
	tcase_set_timeout(exercise_10_4, 30);
	tcase_add_test(exercise_10_4, test_exercise_10_4_an_array_with_a_hole);
	tcase_add_test(exercise_10_4, test_exercise_10_4_a_full_array);
	tcase_add_test(exercise_10_4, test_exercise_10_4_stops_at_the_first_failure);
	suite_add_tcase(suite, exercise_10_4);
	TCase *exercise_10_6 = tcase_create("exercise-10.6");
	tcase_set_timeout(exercise_10_6, 30);
	tcase_add_test(exercise_10_6, test_exercise_10_6_a_fresh_machine);
	tcase_add_test(exercise_10_6, test_exercise_10_6_exhausted_is_the_count);
	tcase_add_test(exercise_10_6, test_exercise_10_6_every_other_page_is_fragmentation);
	suite_add_tcase(suite, exercise_10_6);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(labyrinth_suite());
	srunner_run_all(runner, CK_ENV);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
