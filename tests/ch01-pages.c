/* Chapter 1, pages and frames: the arena, the memory map and the four conversions. */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "exercises.h"
#include "mm/machine.h"
#include "mm/memmap.h"
#include "tool.h"

enum { TEST_PAGES = 16384 };   /* a 64 MiB machine: big enough to span many arena pages */

static struct kmsg log_buffer;
static struct memmap map;

static void build_machine(void)
{
	kmsg_init(&log_buffer, NULL);
	ck_assert_int_eq(memmap_init(&map, &log_buffer, 0, TEST_PAGES), 0);
}

static void destroy_machine(void)
{
	memmap_destroy(&map);
}

START_TEST(test_struct_page_is_one_cache_line)
{
	ck_assert_uint_eq(sizeof(struct page), 64);
	ck_assert_uint_eq(PAGE_SIZE, 4096);
}
END_TEST

START_TEST(test_fresh_map_is_unowned_and_unmapped)
{
	ck_assert_uint_eq(map.start_pfn, 0);
	ck_assert_uint_eq(map.end_pfn, TEST_PAGES);
	for (unsigned long pfn = 0; pfn < TEST_PAGES; pfn++) {
		struct page *page = pfn_to_page(&map, pfn);
		ck_assert_int_eq(atomic_load(&page->_refcount), 0);
		ck_assert_int_eq(atomic_load(&page->_mapcount), -1);
		ck_assert_uint_eq(page->flags, 0);
		ck_assert_ptr_eq(page->mapping, NULL);
		ck_assert_ptr_eq(page->lru.next, &page->lru);
	}
	ck_assert_uint_eq(log_buffer.len, 0);
}
END_TEST

START_TEST(test_round_trips_over_the_whole_arena)
{
	for (unsigned long pfn = 0; pfn < TEST_PAGES; pfn++) {
		struct page *page = pfn_to_page(&map, pfn);
		unsigned char *frame = page_address(&map, page);
		ck_assert_ptr_eq(page, &map.pages[pfn]);
		ck_assert_uint_eq(page_to_pfn(&map, page), pfn);
		ck_assert_ptr_eq(frame, map.arena + pfn * PAGE_SIZE);
		ck_assert_ptr_eq(virt_to_page(&map, frame), page);
		ck_assert_ptr_eq(virt_to_page(&map, frame + 2048), page);
		ck_assert_ptr_eq(virt_to_page(&map, frame + PAGE_SIZE - 1), page);
	}
	ck_assert_uint_eq(log_buffer.len, 0);
}
END_TEST

START_TEST(test_frames_are_writable_and_distinct)
{
	/* Stamp every frame at both ends with its own pfn, then read all stamps back:
	 * a frame that overlapped another would show the other's stamp. */
	for (unsigned long pfn = 0; pfn < TEST_PAGES; pfn++) {
		unsigned long *frame = page_address(&map, pfn_to_page(&map, pfn));
		frame[0] = pfn;
		frame[PAGE_SIZE / sizeof(unsigned long) - 1] = ~pfn;
	}
	for (unsigned long pfn = 0; pfn < TEST_PAGES; pfn++) {
		unsigned long *frame = page_address(&map, pfn_to_page(&map, pfn));
		ck_assert_uint_eq(frame[0], pfn);
		ck_assert_uint_eq(frame[PAGE_SIZE / sizeof(unsigned long) - 1], ~pfn);
	}
}
END_TEST

START_TEST(test_map_can_start_above_pfn_zero)
{
	struct memmap high;
	ck_assert_int_eq(memmap_init(&high, &log_buffer, 0x100000, 256), 0);
	ck_assert(!pfn_valid(&high, 0xfffff));
	ck_assert(pfn_valid(&high, 0x100000));
	ck_assert(pfn_valid(&high, 0x1000ff));
	ck_assert(!pfn_valid(&high, 0x100100));
	ck_assert_ptr_eq(page_address(&high, pfn_to_page(&high, 0x100000)), high.arena);
	ck_assert_uint_eq(page_to_pfn(&high, &high.pages[255]), 0x1000ff);
	memmap_destroy(&high);
}
END_TEST

START_TEST(test_pfn_outside_map_is_reported)
{
	ck_assert_ptr_null(pfn_to_page(&map, TEST_PAGES));
	ck_assert_str_eq(log_buffer.text,
			 "BUG: pfn_to_page: pfn 0x4000 outside memory map [0, 0x4000)\n");
}
END_TEST

START_TEST(test_pointer_that_is_not_a_page_is_reported)
{
	struct page stranger = { 0 };
	ck_assert_uint_eq(page_to_pfn(&map, &stranger), -1UL);
	ck_assert(kmsg_contains(&log_buffer, "BUG: page_to_pfn: "));
	ck_assert(kmsg_contains(&log_buffer, "is not a struct page of this machine\n"));
	kmsg_clear(&log_buffer);
	/* A pointer into the middle of a real record is no better. */
	ck_assert_ptr_null(page_address(&map, (struct page *)((char *)&map.pages[3] + 8)));
	ck_assert(kmsg_contains(&log_buffer, "BUG: page_to_pfn: "));
}
END_TEST

START_TEST(test_address_outside_arena_is_reported)
{
	int on_the_stack = 0;
	ck_assert_ptr_null(virt_to_page(&map, &on_the_stack));
	ck_assert(kmsg_contains(&log_buffer, "BUG: virt_to_page: "));
	ck_assert(kmsg_contains(&log_buffer, "is not in the direct map\n"));
	kmsg_clear(&log_buffer);
	ck_assert_ptr_null(virt_to_page(&map, map.arena + TEST_PAGES * PAGE_SIZE));
	ck_assert(kmsg_contains(&log_buffer, "BUG: virt_to_page: "));
	/* The state is untouched: the last frame still converts. */
	ck_assert_ptr_eq(virt_to_page(&map, map.arena + TEST_PAGES * PAGE_SIZE - 1),
			 &map.pages[TEST_PAGES - 1]);
}
END_TEST

START_TEST(test_impossible_maps_are_refused)
{
	struct memmap bad;
	ck_assert_int_eq(memmap_init(&bad, &log_buffer, 0, 0), -EINVAL);
	ck_assert_str_eq(log_buffer.text, "memmap: cannot map 0 pages from pfn 0\n");
	ck_assert_ptr_null(bad.arena);
	kmsg_clear(&log_buffer);
	ck_assert_int_eq(memmap_init(&bad, &log_buffer, (1UL << 40) - 1, 2), -EINVAL);
	ck_assert(kmsg_contains(&log_buffer, "memmap: cannot map 2 pages from pfn 0xffffffffff\n"));
	memmap_destroy(&bad);   /* harmless on a refused map */
}
END_TEST

START_TEST(test_kernel_addresses_of_a_frame)
{
	ck_assert_uint_eq(kernel_direct_map_address(0), 0xffff888000000000UL);
	ck_assert_uint_eq(kernel_direct_map_address(0x12345), 0xffff888012345000UL);
	ck_assert_uint_eq(kernel_vmemmap_address(0x12345), 0xffffea000048d140UL);
}
END_TEST

START_TEST(test_full_log_drops_lines_whole)
{
	for (int i = 0; i < 2000; i++)
		printk(&log_buffer, "line %04d of a long report\n", i);
	ck_assert_uint_lt(log_buffer.len, KMSG_SIZE);
	ck_assert_uint_gt(log_buffer.dropped, 0);
	ck_assert_int_eq(log_buffer.text[log_buffer.len - 1], '\n');
	ck_assert_uint_eq(strlen(log_buffer.text), log_buffer.len);
}
END_TEST

/* A full log is a ring, as the kernel's printk buffer is: the oldest lines make room whole, every
 * line read back is complete, the newest is there, and the echo wrote each line whole. */
START_TEST(test_full_log_overwrites_the_oldest_lines_whole)
{
	char *echoed = NULL;
	size_t echoed_size = 0;
	FILE *echo = open_memstream(&echoed, &echoed_size);
	kmsg_init(&log_buffer, echo);
	/* 1000 lines of 13 to 62 bytes: 37500 bytes, more than twice the 16384 of the buffer */
	for (int i = 0; i < 1000; i++)
		printk(&log_buffer, "record %04d %.*s\n", i, i % 50,
		       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	fclose(echo);
	ck_assert_uint_eq(echoed_size, 37500);
	/* the longest run of newest lines that fits: records 572 to 999 */
	ck_assert_uint_eq(log_buffer.len, 16358);
	ck_assert_uint_eq(log_buffer.dropped, 37500 - 16358);
	ck_assert_uint_eq(strlen(log_buffer.text), log_buffer.len);
	ck_assert_str_eq(log_buffer.text, echoed + log_buffer.dropped);
	const char *line = log_buffer.text;
	for (int i = 572; i < 1000; i++) {
		char expected[64];
		int n = snprintf(expected, sizeof(expected), "record %04d %.*s\n", i, i % 50,
				 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		ck_assert_int_eq(strncmp(line, expected, (size_t)n), 0);
		line += n;
	}
	ck_assert_str_eq(line, "");
	free(echoed);

	/* a line longer than the whole buffer is cut to fit and still ends its line */
	static char wide[20000];
	memset(wide, 'y', sizeof(wide) - 1);
	printk(&log_buffer, "%s\n", wide);
	ck_assert_uint_eq(log_buffer.len, KMSG_SIZE - 1);
	ck_assert_uint_eq(strlen(log_buffer.text), KMSG_SIZE - 1);
	ck_assert_int_eq(log_buffer.text[KMSG_SIZE - 2], '\n');
	ck_assert_int_eq(log_buffer.text[0], 'y');
	printk(&log_buffer, "after\n");
	ck_assert_str_eq(log_buffer.text, "after\n");
	log_buffer.echo = NULL;
}
END_TEST

START_TEST(test_tool_page_by_pfn_and_kernel_address)
{
	char out[4096];
	ck_assert_int_eq(run_tool("page 0x12345 0xffff888012345678", out, sizeof(out)), 0);
	/* The echo grows with the chapters; this chapter's part of it is fixed. */
	ck_assert_int_eq(strncmp(out, "# labyrinth --mem 4G ", 21), 0);
	ck_assert_ptr_nonnull(strstr(out, " --seed 1\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n# memory: 1048478 pages present in pfn 0x1-0x9e, pfn 0x100-0xbffff, "
				    "pfn 0x100000-0x13ffff; mem_map 81920 KiB\n"));
	ck_assert_str_eq(after_echo(out),
		"pfn 0x12345\n"
		"  physical address    0x12345000\n"
		"  kernel direct map   0xffff888012345000  (page_address)\n"
		"  kernel struct page  0xffffea000048d140  (vmemmap + pfn)\n"
		"  model struct page   mem_map[74565], refcount 0, mapcount -1\n"
		"  model frame         arena + 0x12345000, last byte written and read back: 0xa5\n"
		"pfn 0x12345\n"
		"  physical address    0x12345000\n"
		"  kernel direct map   0xffff888012345000  (page_address)\n"
		"  kernel struct page  0xffffea000048d140  (vmemmap + pfn)\n"
		"  model struct page   mem_map[74565], refcount 0, mapcount -1\n"
		"  model frame         arena + 0x12345000, last byte written and read back: 0xa5\n");
}
END_TEST

START_TEST(test_tool_bad_input_is_one_line_and_exit_2)
{
	static const struct { const char *args, *error; } cases[] = {
		{ "--mem 64M page 0x4000",
		  "labyrinth: page: '0x4000' is not a pfn or kernel address of this machine (pfn 0 to 0x3fff)\n" },
		{ "--mem 12Q page 1",
		  "labyrinth: --mem 12Q: not a size from 2M to 64T in whole pages, e.g. 4G or 512M\n" },
		{ "--mem 1M page 1",
		  "labyrinth: --mem 1M: not a size from 2M to 64T in whole pages, e.g. 4G or 512M\n" },
		{ "--mem 6000 page 1",
		  "labyrinth: --mem 6000: not a size from 2M to 64T in whole pages, e.g. 4G or 512M\n" },
		{ "--seed -1 page 1", "labyrinth: --seed -1: not a number from 0 to 4294967295\n" },
		{ "--seed 010 page 1", "labyrinth: --seed 010: not a number from 0 to 4294967295\n" },
		{ "--frobnicate 1 page 1", "labyrinth: unknown machine option --frobnicate (try labyrinth --help)\n" },
		{ "--mem", "labyrinth: option --mem needs a value\n" },
		{ "", "labyrinth: no command given (try labyrinth --help)\n" },
		{ "pages 1", "labyrinth: unknown command 'pages' (try labyrinth --help)\n" },
		{ "page 12abc", NULL },
	};
	char out[4096];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(run_tool(cases[i].args, out, sizeof(out)), 2);
		const char *error = after_echo(out);
		ck_assert_msg(strchr(error, '\n') == error + strlen(error) - 1,
			      "'%s' printed more than one error line: %s", cases[i].args, error);
		if (cases[i].error)
			ck_assert_str_eq(error, cases[i].error);
	}
}
END_TEST

START_TEST(test_x86_layout_of_4g_and_8g)
{
	struct memory_range ranges[MAX_MEMORY_RANGES];
	ck_assert_int_eq(machine_layout_x86(4ULL << 30, ranges), 3);
	ck_assert_uint_eq(ranges[0].start_pfn, 0x1);
	ck_assert_uint_eq(ranges[0].end_pfn, 0x9f);
	ck_assert_uint_eq(ranges[1].start_pfn, 0x100);
	ck_assert_uint_eq(ranges[1].end_pfn, 0xc0000);
	ck_assert_uint_eq(ranges[2].start_pfn, 0x100000);
	ck_assert_uint_eq(ranges[2].end_pfn, 0x140000);
	ck_assert_int_eq(machine_layout_x86(8ULL << 30, ranges), 3);
	ck_assert_uint_eq(ranges[2].end_pfn, 0x240000);
	/* 3 GiB is exactly what fits below the PCI hole: the lost pages are the holes. */
	ck_assert_int_eq(machine_layout_x86(3ULL << 30, ranges), 2);
	ck_assert_uint_eq(ranges[1].end_pfn, 0xc0000);
}
END_TEST

START_TEST(test_machine_boot_maps_every_pfn_up_to_the_last_range)
{
	struct machine_config config;
	static struct machine machine;
	machine_config_init(&config);
	config.mem_bytes = 2ULL << 20;
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
	ck_assert_int_eq(machine.config.nr_ranges, 2);
	ck_assert_uint_eq(machine_present_pages(&machine), 414);
	ck_assert_uint_eq(machine.map.start_pfn, 0);
	ck_assert_uint_eq(machine.map.end_pfn, 0x200);
	/* Later chapters log their boot steps; none of them may report a bug. */
	ck_assert(!kmsg_contains(&machine.log, "BUG"));
	machine_shutdown(&machine);
}
END_TEST

/* Found by make fuzz: the map ended at the last range, not the highest, and overlapping
 * ranges were taken as they came.  Out of order is fine; overlapping is refused. */
START_TEST(test_ranges_out_of_order_are_mapped_and_overlaps_refused)
{
	struct machine_config config;
	static struct machine machine;
	machine_config_init(&config);
	config.ranges[0] = (struct memory_range){ 0x100, 0x400, 0 };
	config.ranges[1] = (struct memory_range){ 1, 0x9f, 0 };
	config.nr_ranges = 2;
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
	ck_assert_uint_eq(machine.map.end_pfn, 0x400);
	machine_shutdown(&machine);
	config.ranges[1] = (struct memory_range){ 1, 0x101, 0 };
	ck_assert_int_eq(machine_boot(&machine, &config), -EINVAL);
	ck_assert_str_eq(machine.log.text, "memory: pfn 0x1-0x100 overlaps pfn 0x100-0x3ff\n");
	ck_assert_ptr_null(machine.map.pages);
	machine_shutdown(&machine);
}
END_TEST

/* pfn_valid: both ends of the map's range, for a map that does not start at pfn 0. */
START_TEST(test_pfn_valid_checks_both_ends)
{
	struct memmap high;
	ck_assert_int_eq(memmap_init(&high, &log_buffer, 0x100, 16), 0);
	ck_assert(!pfn_valid(&high, 0xff));
	ck_assert(pfn_valid(&high, 0x100));
	ck_assert(pfn_valid(&high, 0x10f));
	ck_assert(!pfn_valid(&high, 0x110));
	ck_assert(!pfn_valid(&high, ~0UL));
	memmap_destroy(&high);
}
END_TEST

/* Exercise 1.5: page_is_ram, RAM where pfn_valid only finds a record. */
START_TEST(test_exercise_1_5_default_machine)
{
	static struct machine machine;
	struct machine_config config;
	machine_config_init(&config);
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
	static const unsigned long ram[] = { 0x1, 0x9e, 0x100, 0xbffff, 0x100000, 0x13ffff };
	for (size_t i = 0; i < sizeof(ram) / sizeof(ram[0]); i++)
		ck_assert_msg(page_is_ram(&machine, ram[i]), "pfn %#lx is RAM", ram[i]);
	ck_assert(!page_is_ram(&machine, 0x140000));   /* past the end: no record either */
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_exercise_1_5_holes)
{
	static struct machine machine;
	struct machine_config config;
	machine_config_init(&config);
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
	static const unsigned long holes[] = { 0x0, 0x9f, 0xff, 0xc0000, 0xfffff };
	for (size_t i = 0; i < sizeof(holes) / sizeof(holes[0]); i++) {
		ck_assert(pfn_valid(&machine.map, holes[i]));
		ck_assert_msg(!page_is_ram(&machine, holes[i]), "pfn %#lx is a hole", holes[i]);
	}
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_exercise_1_5_ranges_out_of_order)
{
	static struct machine machine;
	struct machine_config config;
	machine_config_init(&config);
	config.ranges[0] = (struct memory_range){ 0x100, 0x400, 0 };
	config.ranges[1] = (struct memory_range){ 1, 0x9f, 0 };
	config.nr_ranges = 2;
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
	ck_assert(page_is_ram(&machine, 0x50));
	ck_assert(!page_is_ram(&machine, 0xa0));
	ck_assert(page_is_ram(&machine, 0x3ff));
	ck_assert(!page_is_ram(&machine, 0x0));
	machine_shutdown(&machine);
}
END_TEST

/* Exercise 1.7: kernel_address_to_pfn, the inverse of both kernel addresses. */
START_TEST(test_exercise_1_7_direct_map)
{
	ck_assert_uint_eq(kernel_address_to_pfn(&map, PAGE_OFFSET), 0);
	ck_assert_uint_eq(kernel_address_to_pfn(&map, 0xffff888003fff123UL), 0x3fff);
	ck_assert_uint_eq(kernel_address_to_pfn(&map, kernel_direct_map_address(0x1234) + 4095), 0x1234);
	ck_assert_uint_eq(kernel_address_to_pfn(&map, kernel_direct_map_address(TEST_PAGES)), -1UL);
	ck_assert_uint_eq(kernel_address_to_pfn(&map, PAGE_OFFSET - 1), -1UL);
	ck_assert_uint_eq(kernel_address_to_pfn(&map, 0x7ffd12345000UL), -1UL);   /* a user address */
}
END_TEST

START_TEST(test_exercise_1_7_vmemmap)
{
	ck_assert_uint_eq(kernel_address_to_pfn(&map, VMEMMAP_START), 0);
	ck_assert_uint_eq(kernel_address_to_pfn(&map, 0xffffea0000000140UL), 5);
	ck_assert_uint_eq(kernel_address_to_pfn(&map, kernel_vmemmap_address(TEST_PAGES - 1)), TEST_PAGES - 1);
	ck_assert_uint_eq(kernel_address_to_pfn(&map, 0xffffea0000000148UL), -1UL);   /* inside record 5 */
	ck_assert_uint_eq(kernel_address_to_pfn(&map, kernel_vmemmap_address(TEST_PAGES)), -1UL);
}
END_TEST

START_TEST(test_exercise_1_7_map_above_pfn_zero)
{
	struct memmap high;
	ck_assert_int_eq(memmap_init(&high, &log_buffer, 0x100, 16), 0);
	ck_assert_uint_eq(kernel_address_to_pfn(&high, 0xffff8880000ff000UL), -1UL);
	ck_assert_uint_eq(kernel_address_to_pfn(&high, 0xffff888000100000UL), 0x100);
	ck_assert_uint_eq(kernel_address_to_pfn(&high, kernel_vmemmap_address(0x10f)), 0x10f);
	ck_assert_uint_eq(kernel_address_to_pfn(&high, kernel_vmemmap_address(0xff)), -1UL);
	memmap_destroy(&high);
}
END_TEST

/* The quiz: the seed decides the problem, --answer fills the blanks with the model's values, and
 * a topic that does not exist is bad input. */
START_TEST(test_quiz_page_is_decided_by_the_seed_and_answered_by_the_model)
{
	static char first[8192], again[8192], other[8192], answer[8192], page[8192];
	char frame[32], kernel[64], back[64], expected[128];
	ck_assert_int_eq(run_tool("--seed 3 quiz page", first, sizeof(first)), 0);
	ck_assert_int_eq(run_tool("--seed 3 quiz page", again, sizeof(again)), 0);
	ck_assert_int_eq(run_tool("--seed 4 quiz page", other, sizeof(other)), 0);
	ck_assert_str_eq(first, again);
	ck_assert_str_ne(after_echo(first), after_echo(other));
	ck_assert_ptr_nonnull(strstr(first, "   physical address               ________\n"));
	ck_assert_int_eq(run_tool("--seed 3 quiz page --answer", answer, sizeof(answer)), 0);
	const char *mismatch = quiz_mismatch(first, answer);
	ck_assert_msg(mismatch == NULL, "%s", mismatch);

	/* The frame of question 1, asked of the page command: the same kernel address. */
	ck_assert_int_eq(sscanf(strstr(answer, "1. The frame with pfn "), "1. The frame with pfn %31[0-9a-fx]", frame), 1);
	ck_assert_int_eq(quiz_value(answer, "kernel direct-map address", kernel, sizeof(kernel)), 0);
	char args[128];
	snprintf(args, sizeof(args), "page %s", frame);
	ck_assert_int_eq(run_tool(args, page, sizeof(page)), 0);
	snprintf(expected, sizeof(expected), "  kernel direct map   %s  (page_address)\n", kernel);
	ck_assert_msg(strstr(page, expected) != NULL, "page %s does not say %s", frame, expected);

	/* Question 2's address, given to the page command, is the frame the quiz names. */
	ck_assert_int_eq(sscanf(strstr(answer, "2. An oops names the kernel address "),
				"2. An oops names the kernel address %63[0-9a-fx]", kernel), 1);
	ck_assert_int_eq(quiz_value(strstr(answer, "2. "), "pfn", back, sizeof(back)), 0);
	snprintf(args, sizeof(args), "page %s", kernel);
	ck_assert_int_eq(run_tool(args, page, sizeof(page)), 0);
	snprintf(expected, sizeof(expected), "pfn %s\n", back);
	ck_assert_msg(strncmp(after_echo(page), expected, strlen(expected)) == 0, "page %s is not %s", kernel, back);
}
END_TEST

START_TEST(test_quiz_bad_topic_is_one_line_and_exit_2)
{
	static char out[4096];
	ck_assert_int_eq(run_tool("quiz nope", out, sizeof(out)), 2);
	ck_assert_ptr_nonnull(strstr(after_echo(out), "labyrinth: quiz: unknown topic 'nope'; the topics are page"));
	ck_assert_int_eq(run_tool("quiz", out, sizeof(out)), 2);
	ck_assert_ptr_nonnull(strstr(after_echo(out), "labyrinth: quiz: give a topic (page"));
	ck_assert_int_eq(run_tool("quiz page --answers", out, sizeof(out)), 2);
	ck_assert_ptr_nonnull(strstr(after_echo(out), "), then --answer for the answers\n"));
}
END_TEST

/* Machine options may follow the command; the run is the same either way. */
START_TEST(test_tool_machine_options_anywhere)
{
	static char before[8192], after[8192];
	ck_assert_int_eq(run_tool("--seed 3 --mem 64M quiz page", before, sizeof(before)), 0);
	ck_assert_int_eq(run_tool("quiz page --seed 3 --mem 64M", after, sizeof(after)), 0);
	ck_assert_str_eq(before, after);
	ck_assert_int_eq(run_tool("--mem 64M quiz --seed 3 page", after, sizeof(after)), 0);
	ck_assert_str_eq(before, after);
	/* A command's own words stay its own; a machine option at the end still needs its value. */
	ck_assert_int_eq(run_tool("page 1 --mem", after, sizeof(after)), 2);
	ck_assert_str_eq(after, "labyrinth: option --mem needs a value\n");
	ck_assert_int_eq(run_tool("page --frobnicate", after, sizeof(after)), 2);
	ck_assert_str_eq(after_echo(after),
			 "labyrinth: page: '--frobnicate' is not a pfn or kernel address of this machine "
			 "(pfn 0 to 0x13ffff)\n");
}
END_TEST

/* --quiet drops the echo; the echo's first line runs the same machine again. */
START_TEST(test_tool_quiet_and_the_echo_replays)
{
	static char out[8192], again[8192];
	ck_assert_int_eq(run_tool("--quiet --mem 64M page 1", out, sizeof(out)), 0);
	ck_assert_int_eq(strncmp(out, "pfn 0x1\n", 8), 0);
	ck_assert_int_eq(run_tool("page 1 --mem 64M --seed 7", out, sizeof(out)), 0);
	ck_assert_int_eq(strncmp(out, "# labyrinth --mem 64M ", 22), 0);
	char args[1024];
	snprintf(args, sizeof(args), "%.*s page 1", (int)(strchr(out, '\n') - out - 12), out + 12);
	ck_assert_int_eq(run_tool(args, again, sizeof(again)), 0);
	ck_assert_str_eq(out, again);
}
END_TEST

/* --help names every machine option and command, wherever it stands. */
START_TEST(test_tool_help)
{
	static char out[16384];
	ck_assert_int_eq(run_tool("page --help", out, sizeof(out)), 0);
	ck_assert_int_eq(strncmp(out, "usage: labyrinth [machine options] COMMAND [ARGS] [machine options]\n", 68), 0);
	static const char *const words[] = { "\n  --mem SIZE ", "\n  --seed N ", "\n  --quiet ", "\n  --help ",
					     "\n  page PFN|KADDR... ", "\n  quiz TOPIC [--answer] " };
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		ck_assert_msg(strstr(out, words[i]), "--help lacks '%s'", words[i] + 1);
}
END_TEST

static Suite *pages_suite(void)
{
	Suite *suite = suite_create("ch01-pages");
	TCase *memmap = tcase_create("memmap");
	tcase_add_checked_fixture(memmap, build_machine, destroy_machine);
	tcase_add_test(memmap, test_struct_page_is_one_cache_line);
	tcase_add_test(memmap, test_fresh_map_is_unowned_and_unmapped);
	tcase_add_test(memmap, test_round_trips_over_the_whole_arena);
	tcase_add_test(memmap, test_frames_are_writable_and_distinct);
	tcase_add_test(memmap, test_map_can_start_above_pfn_zero);
	tcase_add_test(memmap, test_kernel_addresses_of_a_frame);
	tcase_add_test(memmap, test_full_log_drops_lines_whole);
	tcase_add_test(memmap, test_full_log_overwrites_the_oldest_lines_whole);
	tcase_add_test(memmap, test_x86_layout_of_4g_and_8g);
	tcase_add_test(memmap, test_machine_boot_maps_every_pfn_up_to_the_last_range);
	tcase_add_test(memmap, test_ranges_out_of_order_are_mapped_and_overlaps_refused);
	tcase_add_test(memmap, test_pfn_valid_checks_both_ends);
	suite_add_tcase(suite, memmap);

	TCase *misuse = tcase_create("checked-errors");
	tcase_add_checked_fixture(misuse, build_machine, destroy_machine);
	tcase_add_test(misuse, test_pfn_outside_map_is_reported);
	tcase_add_test(misuse, test_pointer_that_is_not_a_page_is_reported);
	tcase_add_test(misuse, test_address_outside_arena_is_reported);
	tcase_add_test(misuse, test_impossible_maps_are_refused);
	suite_add_tcase(suite, misuse);

	TCase *tool = tcase_create("tool");
	tcase_set_timeout(tool, 30);
	tcase_add_test(tool, test_tool_page_by_pfn_and_kernel_address);
	tcase_add_test(tool, test_tool_bad_input_is_one_line_and_exit_2);
	tcase_add_test(tool, test_tool_machine_options_anywhere);
	tcase_add_test(tool, test_tool_quiet_and_the_echo_replays);
	tcase_add_test(tool, test_tool_help);
	suite_add_tcase(suite, tool);
	/* One test case per coding exercise, named after it: make exercise runs it first. */
	TCase *exercise_1_5 = tcase_create("exercise-1.5");
	tcase_add_test(exercise_1_5, test_exercise_1_5_default_machine);
	tcase_add_test(exercise_1_5, test_exercise_1_5_holes);
	tcase_add_test(exercise_1_5, test_exercise_1_5_ranges_out_of_order);
	suite_add_tcase(suite, exercise_1_5);
	TCase *exercise_1_7 = tcase_create("exercise-1.7");
	tcase_add_checked_fixture(exercise_1_7, build_machine, destroy_machine);
	tcase_add_test(exercise_1_7, test_exercise_1_7_direct_map);
	tcase_add_test(exercise_1_7, test_exercise_1_7_vmemmap);
	tcase_add_test(exercise_1_7, test_exercise_1_7_map_above_pfn_zero);
	suite_add_tcase(suite, exercise_1_7);
	TCase *quiz = tcase_create("quiz");
	tcase_set_timeout(quiz, 30);
	tcase_add_test(quiz, test_quiz_page_is_decided_by_the_seed_and_answered_by_the_model);
	tcase_add_test(quiz, test_quiz_bad_topic_is_one_line_and_exit_2);
	suite_add_tcase(suite, quiz);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(pages_suite());
	srunner_run_all(runner, CK_ENV);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
