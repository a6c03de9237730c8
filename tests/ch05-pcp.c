/* Chapter 5, per-CPU page lists: lists, refill batches, free to the head, drains from
 * the tail, high tuning and decay, the trylock fallback. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "exercises.h"
#include "mm/machine.h"
#include "mm/pcp.h"
#include "tool.h"

static struct machine machine;

/* The default machine (4 GiB, two CPUs); its Normal zone is 262144 pages from
 * pfn 0x100000, with batch 63, high_min 2640 and high_max 16384. */
static struct zone *boot_normal(void)
{
	struct machine_config config;
	machine_config_init(&config);
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
	return &machine.topo.node_data[0].node_zones[ZONE_NORMAL];
}

static unsigned long rel(const struct zone *zone, const struct page *page)
{
	return page_to_pfn(zone->map, page) - 0x100000;
}

static void assert_consistent(const struct zone *zone)
{
	ck_assert_msg(buddy_check_zone(zone) == 0, "checker: %s", machine.log.text);
}

/* Allocates n order-0 movable pages on CPU 0, then empties CPU 0's list, so that
 * the frees that follow start from an empty list. */
static void take_pages(struct zone *zone, struct page **pages, int n)
{
	for (int i = 0; i < n; i++)
		pages[i] = pcp_alloc(zone, 0, MIGRATE_MOVABLE, 0, 0);
	drain_pages_zone(zone, 0);
}

START_TEST(test_list_indices)
{
	ck_assert_int_eq(NR_PCP_LISTS, 14);
	ck_assert_int_eq(order_to_pindex(MIGRATE_UNMOVABLE, 0), 0);
	ck_assert_int_eq(order_to_pindex(MIGRATE_MOVABLE, 0), 1);
	ck_assert_int_eq(order_to_pindex(MIGRATE_RECLAIMABLE, 3), 11);
	ck_assert_int_eq(order_to_pindex(MIGRATE_UNMOVABLE, 9), 12);
	ck_assert_int_eq(order_to_pindex(MIGRATE_MOVABLE, 9), 13);
	for (int pindex = 0; pindex < NR_LOWORDER_PCP_LISTS; pindex++)
		ck_assert_uint_eq(pindex_to_order(pindex), (unsigned int)pindex / 3);
	ck_assert_uint_eq(pindex_to_order(13), 9);
	ck_assert(pcp_allowed_order(0) && pcp_allowed_order(3) && pcp_allowed_order(9));
	ck_assert(!pcp_allowed_order(4) && !pcp_allowed_order(8) && !pcp_allowed_order(10));
}
END_TEST

START_TEST(test_first_refill_is_one_batch_in_physical_order)
{
	struct zone *zone = boot_normal();
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[0];
	ck_assert_int_eq(pcp->batch, 63);
	ck_assert_int_eq(pcp->high, 0);              /* BOOT_PAGESET_HIGH until first use */
	struct page *page = pcp_alloc(zone, 0, MIGRATE_MOVABLE, 0, 0);
	ck_assert_uint_eq(rel(zone, page), 0);
	ck_assert_int_eq(pcp->count, 62);
	ck_assert_int_eq(pcp->high, pcp->high_min + 63);
	ck_assert_int_eq(pcp->alloc_factor, 1);
	ck_assert_uint_eq(zone->nr_free_pages, 262144 - 63);
	/* The rest of the batch, ascending from the head. */
	struct list_head *list = &pcp->lists[order_to_pindex(MIGRATE_MOVABLE, 0)];
	ck_assert_uint_eq(rel(zone, list_entry(list->next, struct page, lru)), 1);
	ck_assert_uint_eq(rel(zone, list_entry(list->prev, struct page, lru)), 62);
	/* The next 62 allocations come from the list, with no refill. */
	for (unsigned long expected = 1; expected <= 62; expected++)
		ck_assert_uint_eq(rel(zone, pcp_alloc(zone, 0, MIGRATE_MOVABLE, 0, 0)), expected);
	ck_assert_uint_eq(zone->nr_free_pages, 262144 - 63);
	ck_assert_int_eq(pcp->count, 0);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_refills_grow_with_alloc_factor)
{
	struct zone *zone = boot_normal();
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[0];
	static const long expected[] = { 63, 126, 252, 504, 1008, 2016, 2016 };
	int refill = 0;
	for (int i = 0; i < 4000; i++) {
		unsigned long before = zone->nr_free_pages;
		pcp_alloc(zone, 0, MIGRATE_MOVABLE, 0, 0);
		if (zone->nr_free_pages != before) {
			ck_assert_int_lt(refill, 7);
			ck_assert_int_eq((long)(before - zone->nr_free_pages), expected[refill]);
			refill++;
		}
	}
	ck_assert_int_eq(refill, 7);
	ck_assert_int_eq(pcp->alloc_factor, PCP_BATCH_SCALE_MAX);
	ck_assert_int_eq(pcp->high, pcp->high_min + 5985);
	ck_assert_int_le(pcp->high, pcp->high_max);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_free_goes_to_the_head_of_its_pageblock_list)
{
	struct zone *zone = boot_normal();
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[0];
	struct page *a = pcp_alloc(zone, 0, MIGRATE_MOVABLE, 0, 0);
	struct page *b = pcp_alloc(zone, 0, MIGRATE_MOVABLE, 0, 0);
	ck_assert_int_eq(pcp_free(zone, a, 0, 0), 0);
	struct list_head *movable = &pcp->lists[order_to_pindex(MIGRATE_MOVABLE, 0)];
	ck_assert_ptr_eq(list_entry(movable->next, struct page, lru), a);
	ck_assert_int_eq(pcp->alloc_factor, 0);      /* halved from 1 */
	ck_assert_int_eq(pcp->free_count, 1);
	/* The list is chosen by the pageblock's type now, not by the allocation's. */
	set_pageblock_migratetype(zone, page_to_pfn(zone->map, b), MIGRATE_UNMOVABLE);
	ck_assert_int_eq(pcp_free(zone, b, 0, 0), 0);
	struct list_head *unmovable = &pcp->lists[order_to_pindex(MIGRATE_UNMOVABLE, 0)];
	ck_assert_ptr_eq(list_entry(unmovable->next, struct page, lru), b);
	set_pageblock_migratetype(zone, page_to_pfn(zone->map, b), MIGRATE_MOVABLE);
	drain_pages_zone(zone, 0);
	ck_assert_uint_eq(zone->nr_free_pages, 262144);
	ck_assert_uint_eq(zone->free_area[MAX_PAGE_ORDER].nr_free, 256);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_fixed_high_drains_from_the_tail)
{
	struct zone *zone = boot_normal();
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[0];
	static struct page *pages[400];
	take_pages(zone, pages, 400);
	pcp->high_min = pcp->high_max = 200;         /* as percpu_pagelist_high_fraction would */
	for (int i = 0; i < 400; i++) {
		ck_assert_int_eq(pcp_free(zone, pages[i], 0, 0), 0);
		ck_assert_int_lt(pcp->count, 200);
		if (i == 199) {
			/* The 200th free reached high: free_count 200 clamped to high - batch = 137
			 * pages went back, the coldest first: pfns 0..136. */
			ck_assert_int_eq(pcp->count, 63);
			struct list_head *list = &pcp->lists[order_to_pindex(MIGRATE_MOVABLE, 0)];
			ck_assert_uint_eq(rel(zone, list_entry(list->prev, struct page, lru)), 137);
			ck_assert_uint_eq(rel(zone, list_entry(list->next, struct page, lru)), 199);
		}
		assert_consistent(zone);
	}
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_high_rises_for_a_freeing_cpu)
{
	struct zone *zone = boot_normal();
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[0];
	static struct page *pages[3000];
	take_pages(zone, pages, 3000);
	/* A zone whose floor is below what a freeing CPU needs: high rises to the pages
	 * freed recently (free_count, capped at 32 batches) plus a batch. */
	pcp->high_min = pcp->high = 500;
	for (int i = 0; i < 3000; i++)
		pcp_free(zone, pages[i], 0, 0);
	ck_assert_int_eq(pcp->free_count, 2016);
	/* The last raise happened when free_count had reached 2000: high = 2000 + 63. */
	ck_assert_int_eq(pcp->high, 2000 + 63);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_high_min_is_not_raised_by_frees_alone)
{
	struct zone *zone = boot_normal();
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[0];
	static struct page *pages[3000];
	take_pages(zone, pages, 3000);
	pcp->high = pcp->high_min;                   /* 2640 > 2016 + 63: no raise */
	for (int i = 0; i < 3000; i++) {
		pcp_free(zone, pages[i], 0, 0);
		ck_assert_int_lt(pcp->count, 2640);
	}
	ck_assert_int_eq(pcp->high, 2640);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_decay_lowers_high_by_an_eighth_and_drains)
{
	struct zone *zone = boot_normal();
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[0];
	static struct page *pages[4000];
	for (int i = 0; i < 4000; i++)
		pages[i] = pcp_alloc(zone, 0, MIGRATE_MOVABLE, 0, 0);
	for (int i = 3999; i >= 0; i--)
		pcp_free(zone, pages[i], 0, 0);
	ck_assert_int_eq(pcp->count, 5985);
	ck_assert_int_eq(pcp->high, pcp->high_min + 5985);    /* 8625 */
	static const int high[] = { 7547, 6604, 5779, 5057, 4425 };
	static const bool drained[] = { false, false, true, true, true };
	for (int tick = 0; tick < 5; tick++) {
		ck_assert_int_eq(decay_pcp_high(zone, pcp), drained[tick]);
		ck_assert_int_eq(pcp->high, high[tick]);
		ck_assert_int_eq(pcp->count, drained[tick] ? high[tick] : 5985);
	}
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_trylock_failure_uses_the_buddy_lists)
{
	struct zone *zone = boot_normal();
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[0];
	struct page *first = pcp_alloc(zone, 0, MIGRATE_MOVABLE, 0, 0);   /* list: 1..62 */
	/* An "interrupt" arrives while this CPU holds its pcp lock. */
	atomic_store(&pcp->lock, 1);
	struct page *page = pcp_alloc(zone, 0, MIGRATE_MOVABLE, 0, 0);
	ck_assert_uint_eq(rel(zone, page), 63);      /* from the buddy lists, not the list */
	ck_assert_int_eq(pcp->count, 62);
	ck_assert_int_eq(pcp_free(zone, first, 0, 0), 0);
	ck_assert_int_eq(pcp->count, 62);            /* straight back to the buddy lists */
	ck_assert_uint_eq(zone->nr_free_pages, 262144 - 63 - 1 + 1);
	atomic_store(&pcp->lock, 0);
	/* High-order requests not cached per CPU never touch the list. */
	struct page *big = pcp_alloc(zone, 5, MIGRATE_MOVABLE, 0, 0);
	ck_assert_int_eq(pcp->count, 62);
	ck_assert_int_eq(pcp_free(zone, big, 5, 0), 0);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_checker_counts_per_cpu_pages)
{
	struct zone *zone = boot_normal();
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[1];
	pcp_alloc(zone, 0, MIGRATE_MOVABLE, 0, 1);
	assert_consistent(zone);
	pcp->count++;
	ck_assert_int_gt(buddy_check_zone(zone), 0);
	ck_assert(kmsg_contains(&machine.log, "buddy check: CPU 1: 62 pages on per-CPU lists, count 63\n"));
	pcp->count--;
	/* A bad free through the per-CPU path is refused like any other. */
	kmsg_clear(&machine.log);
	struct page *page = pcp_alloc(zone, 0, MIGRATE_MOVABLE, 0, 1);
	ck_assert_int_eq(pcp_free(zone, page, 0, 1), 0);
	ck_assert_int_eq(pcp_free(zone, page, 0, 1), -EINVAL);
	ck_assert(kmsg_contains(&machine.log, "page dumped because: VM_BUG_ON_PAGE(page_ref_count(page) == 0)\n"));
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_random_mixed_use_of_two_cpus)
{
	struct zone *zone = boot_normal();
	enum { SLOTS = 512 };
	static struct page *held[SLOTS];
	static unsigned int held_order[SLOTS];
	unsigned int state = 5;
	for (int step = 0; step < 100000; step++) {
		state = state * 1103515245u + 12345u;
		unsigned int slot = (state >> 8) % SLOTS;
		int cpu = (int)((state >> 20) & 1);
		if (held[slot]) {
			ck_assert_int_eq(pcp_free(zone, held[slot], held_order[slot], cpu), 0);
			held[slot] = NULL;
		} else {
			held_order[slot] = (state >> 24) % 8 == 0 ? (state >> 28) % 4 : 0;
			held[slot] = pcp_alloc(zone, held_order[slot], (int)((state >> 16) % 3), 0, cpu);
		}
		if (step % 1000 == 0)
			assert_consistent(zone);
		if (step % 10000 == 0)
			decay_pcp_high(zone, &zone->per_cpu_pageset[cpu]);
	}
	for (int slot = 0; slot < SLOTS; slot++)
		if (held[slot])
			pcp_free(zone, held[slot], held_order[slot], 0);
	drain_pages_zone(zone, 0);
	drain_pages_zone(zone, 1);
	ck_assert_uint_eq(zone->nr_free_pages, 262144);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_tool_pcp_and_zoneinfo)
{
	char out[16384];
	ck_assert_int_eq(run_tool("pcp --allocs 100", out, sizeof(out)), 0);
	ck_assert_str_eq(after_echo(out),
		"zone Normal, CPU 0: batch 63, high_min 2640, high_max 16384\n"
		"alloc      1: refill   63 pages; count    62 high  2703 alloc_factor 1 free_count 0\n"
		"alloc     64: refill  126 pages; count   125 high  2829 alloc_factor 2 free_count 0\n"
		"end: count 89 high 2829\n");
	ck_assert_int_eq(run_tool("pcp --frees 2", out, sizeof(out)), 2);
	ck_assert_str_eq(after_echo(out), "labyrinth: pcp: --frees at most --allocs, --cpu below 2\n");
	ck_assert_int_eq(run_tool("pcp --allocs", out, sizeof(out)), 2);
}
END_TEST

/* nr_pcp_free, seen through the drain it sizes. */
START_TEST(test_nr_pcp_free_sizes_the_drain)
{
	struct zone *zone = boot_normal();
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[0];
	static struct page *pages[200];
	take_pages(zone, pages, 200);
	pcp->high_min = pcp->high_max = 200;
	for (int i = 0; i < 200; i++)
		pcp_free(zone, pages[i], 0, 0);
	/* free_count 200 clamped to [batch 63, high - batch 137]: 137 go, 63 stay. */
	ck_assert_int_eq(pcp->count, 63);
	pcp->high_min = pcp->high_max = 50;          /* high below a batch: one page at a time */
	pcp->high = 50;
	struct page *page = pcp_alloc(zone, 0, MIGRATE_MOVABLE, 0, 0);
	int before = pcp->count;
	pcp_free(zone, page, 0, 0);
	ck_assert_int_eq(pcp->count, before);        /* added one, gave one back */
	machine_shutdown(&machine);
}
END_TEST

/* Exercise 5.4: the drain of kernels 6.1 to 6.6, doubling with free_factor. */
START_TEST(test_exercise_5_4_drains_double)
{
	struct per_cpu_pages_6_6 pcp = { .count = 400, .high = 400, .batch = 63, .free_factor = 0 };
	static const int expected[] = { 63, 126, 252, 337, 337 };
	static const int factor_after[] = { 1, 2, 3, 3, 3 };
	for (int i = 0; i < 5; i++) {
		ck_assert_int_eq(nr_pcp_free_6_6(&pcp, false), expected[i]);
		ck_assert_int_eq(pcp.free_factor, factor_after[i]);
	}
}
END_TEST

START_TEST(test_exercise_5_4_high_order_run_and_tiny_high)
{
	struct per_cpu_pages_6_6 pcp = { .count = 3000, .high = 4000, .batch = 63, .free_factor = 2 };
	ck_assert_int_eq(nr_pcp_free_6_6(&pcp, true), 3000);     /* all of it: no cap of 32 batches */
	ck_assert_int_eq(pcp.free_factor, 2);
	pcp = (struct per_cpu_pages_6_6){ .count = 50, .high = 50, .batch = 63, .free_factor = 0 };
	ck_assert_int_eq(nr_pcp_free_6_6(&pcp, false), 1);
	ck_assert_int_eq(pcp.free_factor, 0);
}
END_TEST

START_TEST(test_exercise_5_4_high_below_two_batches)
{
	struct per_cpu_pages_6_6 pcp = { .count = 100, .high = 100, .batch = 63, .free_factor = 0 };
	ck_assert_int_eq(nr_pcp_free_6_6(&pcp, false), 37);      /* clamp: at most high - batch */
	ck_assert_int_eq(pcp.free_factor, 0);
}
END_TEST

/* Exercise 5.6: the refill of kernels 5.14 to 6.6, in blocks. */
START_TEST(test_exercise_5_6_batch_63)
{
	static const int expected[10] = { 63, 31, 15, 7, 3, 2, 2, 2, 2, 2 };
	for (unsigned int order = 0; order < 10; order++)
		ck_assert_msg(nr_pcp_alloc_6_6(63, order) == expected[order], "order %u: %d blocks, expected %d",
			      order, nr_pcp_alloc_6_6(63, order), expected[order]);
}
END_TEST

START_TEST(test_exercise_5_6_batch_of_one)
{
	ck_assert_int_eq(nr_pcp_alloc_6_6(1, 0), 1);
	ck_assert_int_eq(nr_pcp_alloc_6_6(1, 3), 1);
	ck_assert_int_eq(nr_pcp_alloc_6_6(1, 9), 1);
}
END_TEST

START_TEST(test_exercise_5_6_at_least_two_blocks)
{
	ck_assert_int_eq(nr_pcp_alloc_6_6(2, 5), 2);
	ck_assert_int_eq(nr_pcp_alloc_6_6(31, 4), 2);
	ck_assert_int_eq(nr_pcp_alloc_6_6(31, 3), 3);
}
END_TEST

/* Quiz pcp: its answer is the pcp command's output for the counts it poses. */
START_TEST(test_quiz_pcp_answers_as_the_pcp_command_does)
{
	static char answer[32768];
	assert_quiz_answers_its_question("--seed 3", "pcp", answer, sizeof(answer));

	unsigned long allocs, frees;
	char args[128];
	static char pcp[16384];
	ck_assert_int_eq(sscanf(strstr(answer, "(labyrinth pcp "), "(labyrinth pcp --allocs %lu --frees %lu)", &allocs, &frees), 2);
	snprintf(args, sizeof(args), "pcp --allocs %lu --frees %lu", allocs, frees);
	ck_assert_int_eq(run_tool(args, pcp, sizeof(pcp)), 0);
	const char *after = after_echo(pcp);
	ck_assert_ptr_nonnull(strstr(after, "alloc      1: refill   63 pages"));
	size_t answer_len = strlen(answer), after_len = strlen(after);
	ck_assert_str_eq(answer + answer_len - after_len, after);
}
END_TEST

/* On a 64-page zone the quiz poses a problem the machine can do: 46 allocations, not the 66 that
 * failed at the 65th and exited 0 with the failure in its answer. */
START_TEST(test_quiz_pcp_fits_a_small_machine)
{
	static char answer[32768];
	assert_quiz_answers_its_question("--quiet --zones Normal=64 --seed 3", "pcp", answer, sizeof(answer));
	ck_assert_ptr_nonnull(strstr(answer, "(labyrinth pcp --allocs 46 --frees 5)"));
	ck_assert_ptr_nonnull(strstr(answer, "\nend: count 2 high 4\n"));
	ck_assert_ptr_null(strstr(answer, "failed"));
	ck_assert_ptr_null(strstr(answer, "BUG"));
}
END_TEST

static Suite *pcp_suite(void)
{
	Suite *suite = suite_create("ch05-pcp");
	TCase *lists = tcase_create("lists");
	tcase_set_timeout(lists, 30);
	tcase_add_test(lists, test_list_indices);
	tcase_add_test(lists, test_first_refill_is_one_batch_in_physical_order);
	tcase_add_test(lists, test_refills_grow_with_alloc_factor);
	tcase_add_test(lists, test_free_goes_to_the_head_of_its_pageblock_list);
	tcase_add_test(lists, test_fixed_high_drains_from_the_tail);
	tcase_add_test(lists, test_high_rises_for_a_freeing_cpu);
	tcase_add_test(lists, test_high_min_is_not_raised_by_frees_alone);
	tcase_add_test(lists, test_decay_lowers_high_by_an_eighth_and_drains);
	tcase_add_test(lists, test_trylock_failure_uses_the_buddy_lists);
	tcase_add_test(lists, test_nr_pcp_free_sizes_the_drain);
	suite_add_tcase(suite, lists);

	TCase *checks = tcase_create("checked");
	tcase_set_timeout(checks, 60);
	tcase_add_test(checks, test_checker_counts_per_cpu_pages);
	tcase_add_test(checks, test_random_mixed_use_of_two_cpus);
	tcase_add_test(checks, test_tool_pcp_and_zoneinfo);
	suite_add_tcase(suite, checks);
	/* One test case per coding exercise, named after it: make exercise runs it first. */
	TCase *exercise_5_4 = tcase_create("exercise-5.4");
	tcase_add_test(exercise_5_4, test_exercise_5_4_drains_double);
	tcase_add_test(exercise_5_4, test_exercise_5_4_high_order_run_and_tiny_high);
	tcase_add_test(exercise_5_4, test_exercise_5_4_high_below_two_batches);
	suite_add_tcase(suite, exercise_5_4);
	TCase *exercise_5_6 = tcase_create("exercise-5.6");
	tcase_add_test(exercise_5_6, test_exercise_5_6_batch_63);
	tcase_add_test(exercise_5_6, test_exercise_5_6_batch_of_one);
	tcase_add_test(exercise_5_6, test_exercise_5_6_at_least_two_blocks);
	suite_add_tcase(suite, exercise_5_6);
	TCase *quiz = tcase_create("quiz");
	tcase_set_timeout(quiz, 60);
	tcase_add_test(quiz, test_quiz_pcp_answers_as_the_pcp_command_does);
	tcase_add_test(quiz, test_quiz_pcp_fits_a_small_machine);
	suite_add_tcase(suite, quiz);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(pcp_suite());
	srunner_run_all(runner, CK_ENV);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
