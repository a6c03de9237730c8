/* Chapter 7, the first pass: watermark arithmetic, get_page_from_freelist over one and two
 * nodes, kswapd and its boosts, the entry checks and the might-sleep report, tracepoints. */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include "exercises.h"
#include "mm/page_alloc.h"
#include "tool/narrate.h"
#include "tool/pressure.h"
#include "tool/storm.h"
#include "tool.h"

static struct machine machine;

static void boot_reference_configured(bool cma)
{
	struct machine_config config;
	machine_config_init(&config);
	config.kernel.cma = cma;
	config.zones[0][ZONE_DMA] = (struct zone_geometry){ 1, 3840, 3840, 3840, true };
	config.ranges[config.nr_ranges++] = (struct memory_range){ 1, 1 + 3840, 0 };
	config.zones[0][ZONE_DMA32] = (struct zone_geometry){ 0x1000, 772917, 772917, 772917, true };
	config.ranges[config.nr_ranges++] = (struct memory_range){ 0x1000, 0x1000 + 772917, 0 };
	config.zones[0][ZONE_NORMAL] = (struct zone_geometry){ 0x100000, 163840, 163840, 163840, true };
	config.ranges[config.nr_ranges++] = (struct memory_range){ 0x100000, 0x100000 + 163840, 0 };
	config.zones_given = true;
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
}

static void boot_reference(void)
{
	boot_reference_configured(false);
}

static struct zone *zone_of(int z)
{
	return &machine.topo.node_data[0].node_zones[z];
}
START_TEST(test_thresholds_of_the_reference_machine)
{
	boot_reference();
	unsigned int atomic = gfp_to_alloc_flags(GFP_ATOMIC, 0, &debian_kernel_config), kernel = gfp_to_alloc_flags(GFP_KERNEL, 0, &debian_kernel_config);
	unsigned int nowait = gfp_to_alloc_flags(GFP_NOWAIT, 0, &debian_kernel_config);
	/* Normal, min 2943: GFP_ATOMIC 2943 - 1471 = 1472, - 368 = 1104. */
	ck_assert_int_eq(zone_watermark_threshold(zone_of(ZONE_NORMAL), 2943, ZONE_NORMAL, atomic), 1104);
	ck_assert_int_eq(zone_watermark_threshold(zone_of(ZONE_NORMAL), 2943, ZONE_NORMAL, kernel), 2943);
	ck_assert_int_eq(zone_watermark_threshold(zone_of(ZONE_NORMAL), 2943, ZONE_NORMAL, nowait), 2943);
	/* DMA32 and DMA for a request whose highest zone is Normal add their protection. */
	ck_assert_int_eq(zone_watermark_threshold(zone_of(ZONE_DMA32), 17353, ZONE_NORMAL, ALLOC_WMARK_LOW),
			 17353 + 640);
	ck_assert_int_eq(zone_watermark_threshold(zone_of(ZONE_DMA), 85, ZONE_NORMAL, ALLOC_WMARK_LOW), 85 + 3659);
	ck_assert_int_eq(zone_watermark_threshold(zone_of(ZONE_DMA32), 13883, ZONE_NORMAL, atomic), 5207 + 640);
	ck_assert_int_eq(zone_watermark_threshold(zone_of(ZONE_DMA), 68, ZONE_NORMAL, atomic), 26 + 3659);
	/* ALLOC_OOM halves again; it applies after the other reductions. */
	ck_assert_int_eq(zone_watermark_threshold(zone_of(ZONE_NORMAL), 2943, ZONE_NORMAL, ALLOC_OOM), 1472);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_watermark_ok_boundaries)
{
	boot_reference();
	const struct zone *normal = zone_of(ZONE_NORMAL);
	unsigned int atomic = gfp_to_alloc_flags(GFP_ATOMIC, 0, &debian_kernel_config);
	ck_assert(!__zone_watermark_ok(normal, 0, 2943, ZONE_NORMAL, atomic, 1104));
	ck_assert(__zone_watermark_ok(normal, 0, 2943, ZONE_NORMAL, atomic, 1105));
	ck_assert(!__zone_watermark_ok(normal, 0, 2943, ZONE_NORMAL, ALLOC_WMARK_MIN, 2943));
	ck_assert(__zone_watermark_ok(normal, 0, 2943, ZONE_NORMAL, ALLOC_WMARK_MIN, 2944));
	/* Order 3 needs 7 more pages, and a block of order 3 or more, which a fresh zone has. */
	ck_assert(!__zone_watermark_ok(normal, 3, 2943, ZONE_NORMAL, ALLOC_WMARK_MIN, 2950));
	ck_assert(__zone_watermark_ok(normal, 3, 2943, ZONE_NORMAL, ALLOC_WMARK_MIN, 2951));
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_highatomic_free_pages_do_not_count_for_ordinary_requests)
{
	boot_reference();
	struct zone *normal = zone_of(ZONE_NORMAL);
	normal->nr_free_highatomic = 100;   /* as if a reserved pageblock had 100 free pages */
	ck_assert(!__zone_watermark_ok(normal, 0, 2943, ZONE_NORMAL, ALLOC_WMARK_MIN, 3043));
	ck_assert(__zone_watermark_ok(normal, 0, 2943, ZONE_NORMAL, ALLOC_WMARK_MIN, 3044));
	/* A caller with reserve rights counts them. */
	ck_assert(__zone_watermark_ok(normal, 0, 2943, ZONE_NORMAL, gfp_to_alloc_flags(GFP_ATOMIC, 0, &debian_kernel_config), 1105));
	normal->nr_free_highatomic = 0;
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_plenty_of_memory_fast_path_from_normal)
{
	boot_reference();
	struct page *page = alloc_pages(&machine, GFP_ATOMIC, 0);
	ck_assert_ptr_nonnull(page);
	ck_assert_ptr_eq(page_zone(&machine, page), zone_of(ZONE_NORMAL));
	ck_assert_uint_eq(page_to_pfn(&machine.map, page), 0x100000);
	ck_assert_uint_eq(atomic_load(&machine.kswapd[0].wakeups), 0);
	__free_pages(&machine, page, 0);
	ck_assert_int_eq(buddy_check_zone(zone_of(ZONE_NORMAL)), 0);
	/* GFP_DMA32 starts at DMA32, GFP_DMA at DMA. */
	page = alloc_pages(&machine, GFP_KERNEL | GFP_DMA32, 0);
	ck_assert_ptr_eq(page_zone(&machine, page), zone_of(ZONE_DMA32));
	page = alloc_pages(&machine, GFP_ATOMIC | GFP_DMA, 0);
	ck_assert_ptr_eq(page_zone(&machine, page), zone_of(ZONE_DMA));
	machine_shutdown(&machine);
}
END_TEST

struct irq_alloc {
	struct machine *machine;
	struct cpu cpu;
	struct page *page;
};

static void *kernel_alloc_in_irq(void *data)
{
	struct irq_alloc *run = data;
	cpu_bind(&run->cpu);
	atomic_store(&run->cpu.hardirq_count, 1);   /* as irq_entry() sets them */
	atomic_store(&run->cpu.irqs_disabled, 1);
	run->page = alloc_pages(run->machine, GFP_KERNEL, 0);
	atomic_store(&run->cpu.irqs_disabled, 0);
	atomic_store(&run->cpu.hardirq_count, 0);
	return NULL;
}

START_TEST(test_sleeping_mask_in_an_interrupt_is_reported)
{
	static struct irq_alloc run;
	pthread_t thread;
	boot_reference();
	run.machine = &machine;
	cpu_init(&run.cpu, 0);
	kmsg_clear(&machine.log);
	pthread_create(&thread, NULL, kernel_alloc_in_irq, &run);
	pthread_join(thread, NULL);
	ck_assert_ptr_nonnull(run.page);     /* like the kernel: reported, then carried on */
	char expected[256];
	snprintf(expected, sizeof(expected),
		 "BUG: sleeping function called from invalid context at include/linux/sched/mm.h:321\n"
		 "in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: %d, name: ch07-first-pass\n"
		 "preempt_count: 10000, expected: 0\n"
		 "RCU nest depth: 0, expected: 0\n", (int)getpid());
	ck_assert_str_eq(machine.log.text, expected);
	/* GFP_ATOMIC in the same place is fine. */
	kmsg_clear(&machine.log);
	ck_assert_ptr_nonnull(alloc_pages(&machine, GFP_ATOMIC, 0));
	ck_assert_uint_eq(machine.log.len, 0);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_bad_requests_are_refused)
{
	boot_reference();
	unsigned long free_before[MAX_NR_ZONES];
	for (int z = 0; z < MAX_NR_ZONES; z++)
		free_before[z] = zone_of(z)->nr_free_pages;
	kmsg_clear(&machine.log);
	ck_assert_ptr_null(alloc_pages(&machine, GFP_KERNEL, 11));
	ck_assert_str_eq(machine.log.text, "WARNING: alloc_pages: order 11 above MAX_PAGE_ORDER 10\n");
	kmsg_clear(&machine.log);
	ck_assert_ptr_null(alloc_pages(&machine, GFP_KERNEL | __GFP_NOWARN, 11));
	ck_assert_uint_eq(machine.log.len, 0);
	ck_assert_ptr_null(alloc_pages(&machine, GFP_KERNEL | __GFP_DMA | __GFP_DMA32, 0));
	ck_assert_str_eq(machine.log.text, "BUG: gfp_zone: invalid zone modifiers 0x5 in mode:0xcc5\n");
	kmsg_clear(&machine.log);
	ck_assert_ptr_null(alloc_pages(&machine, GFP_KERNEL | __GFP_DMA | __GFP_HIGHMEM, 0));
	ck_assert_str_eq(machine.log.text, "BUG: gfp_zone: invalid zone modifiers 0x3 in mode:0xcc3\n");
	/* Both mobility bits: gfp_migratetype() would give MIGRATE_HIGHATOMIC, which has no
	 * per-CPU list and no fallback row (found by make fuzz). */
	kmsg_clear(&machine.log);
	ck_assert_ptr_null(alloc_pages(&machine, GFP_KERNEL | __GFP_MOVABLE | __GFP_RECLAIMABLE, 9));
	ck_assert_str_eq(machine.log.text, "WARNING: gfp_migratetype: __GFP_MOVABLE and __GFP_RECLAIMABLE "
			 "together in mode:0xcd8\n");
	/* Nothing else changed: every zone has its free pages and passes its checks. */
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		ck_assert_uint_eq(zone_of(z)->nr_free_pages, free_before[z]);
		ck_assert_int_eq(buddy_check_zone(zone_of(z)), 0);
	}
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_kswapd_thread_balances_in_the_background)
{
	boot_reference();
	ck_assert_int_eq(kswapd_start(&machine), 0);
	ck_assert_int_eq(set_memory_pressure(&machine, "low", GFP_ATOMIC), 0);
	ck_assert(!pgdat_balanced(&machine, 0, 0, ZONE_NORMAL));
	/* Woken directly, not by an allocation: an allocation that wakes kswapd goes on to
	 * refill its per-CPU list, and may do so after kswapd has finished, which leaves the
	 * node a batch short of balanced (as in the kernel; the next wakeup fixes it). */
	wakeup_kswapd(&machine, zone_of(ZONE_NORMAL), 0, ZONE_NORMAL);
	struct timespec pause = { 0, 1000000 };
	for (int i = 0; i < 5000 && !atomic_load(&machine.kswapd[0].runs); i++)
		nanosleep(&pause, NULL);
	kswapd_stop(&machine);
	ck_assert_uint_eq(atomic_load(&machine.kswapd[0].runs), 1);
	ck_assert_uint_gt(atomic_load(&machine.kswapd[0].reclaimed), 0);
	ck_assert(pgdat_balanced(&machine, 0, 0, ZONE_NORMAL));
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_alloc_and_free_keep_the_books)
{
	boot_reference();
	static struct page *pages[2000];
	for (int i = 0; i < 2000; i++)
		pages[i] = alloc_pages(&machine, i % 3 ? GFP_KERNEL : GFP_ATOMIC, (unsigned int)(i % 5 == 0 ? 2 : 0));
	for (int i = 0; i < 2000; i++)
		__free_pages(&machine, pages[i], (unsigned int)(i % 5 == 0 ? 2 : 0));
	for (int z = 0; z <= ZONE_NORMAL; z++) {
		ck_assert_int_eq(buddy_check_zone(zone_of(z)), 0);
		ck_assert_uint_eq(zone_allocated_pages(zone_of(z)), 0);
	}
	machine_shutdown(&machine);
}
END_TEST

/* A zone is marked below high by the allocation that finds it there, keeps the mark while it
 * stays there, and loses it at the first per-CPU drain that leaves it above high again. */
START_TEST(test_below_high_mark_is_set_by_allocation_and_cleared_by_a_drain)
{
	boot_reference();
	struct zone *normal = zone_of(ZONE_NORMAL);
	long above = (long)wmark_pages(normal, WMARK_HIGH) + normal->lowmem_reserve[ZONE_MOVABLE];
	struct page **pages = calloc(163840, sizeof(*pages));
	int held = 0;
	ck_assert_ptr_nonnull(pages);
	ck_assert(!zone_flag(normal, ZONE_BELOW_HIGH));
	while (!zone_flag(normal, ZONE_BELOW_HIGH)) {
		pages[held] = alloc_pages(&machine, GFP_KERNEL | __GFP_THISNODE, 0);
		ck_assert_ptr_nonnull(pages[held]);
		ck_assert_ptr_eq(page_zone(&machine, pages[held]), normal);
		held++;
	}
	/* The allocation that set it found at most high free pages (its own refill came after). */
	ck_assert_int_le((long)normal->nr_free_pages, above + normal->per_cpu_pageset[0].count + 1);
	int cleared_at = -1;
	while (held > 0 && cleared_at < 0) {
		__free_pages(&machine, pages[--held], 0);
		if (!zone_flag(normal, ZONE_BELOW_HIGH))
			cleared_at = held;
		else
			ck_assert_int_le((long)normal->nr_free_pages, above);
	}
	ck_assert_int_ge(cleared_at, 0);
	ck_assert_int_gt((long)normal->nr_free_pages, above);
	while (held > 0)
		__free_pages(&machine, pages[--held], 0);
	free(pages);
	ck_assert_int_eq(buddy_check_zone(normal), 0);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_tool_trace_and_dot_path)
{
	static char out[65536];
	ck_assert_int_eq(run_tool("trace atomic", out, sizeof(out)), 0);
	const char *events = after_echo(out);
	ck_assert_int_eq(strncmp(events,
		"[000] mm_page_alloc_extfrag: page=ffffea0004000000 pfn=0x100000 alloc_order=0 fallback_order=10 "
		"pageblock_order=9 alloc_migratetype=0 fallback_migratetype=1 fragmenting=0 change_ownership=1\n"
		"[000] mm_page_alloc_zone_locked: page=ffffea0004000040 pfn=0x100001 order=0 migratetype=0 "
		"percpu_refill=1\n", 260), 0);
	ck_assert_ptr_nonnull(strstr(events,
		"[000] mm_page_alloc_zone_locked: page=ffffea0004000f80 pfn=0x10003e order=0 migratetype=0 percpu_refill=1\n"
		"[000] mm_page_alloc: page=ffffea0004000000 pfn=0x100000 order=0 migratetype=0 gfp_flags=GFP_ATOMIC\n"
		"[000] mm_page_free: page=ffffea0004000000 pfn=0x100000 order=0\n"));
	int locked = 0;
	for (const char *p = events; (p = strstr(p, "mm_page_alloc_zone_locked")); p++)
		locked++;
	ck_assert_int_eq(locked, 62);
	ck_assert_int_eq(run_tool("trace drain", out, sizeof(out)), 0);
	int drained = 0;
	for (const char *p = out; (p = strstr(p, "mm_page_pcpu_drain: ")); p++)
		drained++;
	ck_assert_int_eq(drained, 63);
	ck_assert_int_eq(run_tool("trace", out, sizeof(out)), 2);
	ck_assert_int_eq(strncmp(after_echo(out), "labyrinth: trace: give one scenario: atomic, fallback, drain", 60), 0);
	ck_assert_int_eq(run_tool("dot path", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "digraph path {"));
	ck_assert_ptr_nonnull(strstr(out, "result [label=\"void *: page_address(page)\""));
}
END_TEST

/* percpu_refill is pcp_allowed_order() of the order (and a per-CPU type), as in
 * __rmqueue_smallest(): order 9, the THP order, says 1 although it is above the
 * costly order; order 4 says 0. */
START_TEST(test_zone_locked_event_says_percpu_refill_for_the_thp_order)
{
	boot_reference();
	ck_assert_int_eq(trace_enable(&machine), 0);
	struct page *thp = alloc_pages(&machine, GFP_HIGHUSER_MOVABLE | __GFP_COMP, 9);
	struct page *four = alloc_pages(&machine, GFP_HIGHUSER_MOVABLE, 4);
	ck_assert_ptr_nonnull(thp);
	ck_assert_ptr_nonnull(four);
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	trace_print(out, machine.trace);
	fclose(out);
	ck_assert_ptr_nonnull(strstr(text, " order=9 migratetype=1 percpu_refill=1\n"));
	ck_assert_ptr_nonnull(strstr(text, " order=4 migratetype=1 percpu_refill=0\n"));
	free(text);
	__free_pages(&machine, thp, 9);
	__free_pages(&machine, four, 4);
	machine_shutdown(&machine);
}
END_TEST

/* On a machine too small for a scenario the tool says so and exits 2, with no BUG: of its own. */
START_TEST(test_tool_scenarios_on_a_tiny_machine)
{
	static char out[65536];
	ck_assert_int_eq(run_tool("--quiet --zones Normal=32 trace drain", out, sizeof(out)), 2);
	ck_assert_ptr_null(strstr(out, "BUG"));
	const char *error = "labyrinth: trace drain: an allocation failed: the machine is too small for the scenario\n";
	ck_assert_str_eq(out + strlen(out) - strlen(error), error);
	/* dot pcp draws what it had, then says that it fell short */
	ck_assert_int_eq(run_tool("--quiet --zones Normal=32 dot pcp", out, sizeof(out)), 2);
	ck_assert_ptr_null(strstr(out, "BUG"));
	ck_assert_ptr_nonnull(strstr(out, "\tcpu [label=\"CPU 0, zone Normal\\ncount 2, high 4\\n"));
	ck_assert_str_eq(strstr(out, "labyrinth: "),
			 "labyrinth: dot pcp: an allocation failed: the machine is out of memory; drew what it had\n");
	ck_assert_int_eq(run_tool("--quiet --zones Normal=32 pcp --allocs 270000 --frees 270000", out, sizeof(out)), 2);
	ck_assert_str_eq(strstr(out, "labyrinth: "),
			 "labyrinth: pcp: allocation 33 of 270000 failed: zone Normal (32 pages) is out of memory; "
			 "freed the 32 pages it had\n");
	ck_assert_ptr_null(strstr(out, "BUG"));
}
END_TEST

/* --mem 16M: the pcp command's zone is DMA (3840 pages); it stops at the first failure and gives back
 * what it had, the 3840 pages, with no BUG: of its own. */
START_TEST(test_tool_pcp_stops_and_frees_what_it_had)
{
	static char out[65536];
	ck_assert_int_eq(run_tool("--quiet --mem 16M pcp --allocs 270000 --frees 270000", out, sizeof(out)), 2);
	ck_assert_ptr_null(strstr(out, "BUG"));
	ck_assert_str_eq(strstr(out, "labyrinth: "),
			 "labyrinth: pcp: allocation 3841 of 270000 failed: zone DMA (3840 pages) is out of memory; "
			 "freed the 3840 pages it had\n");
	/* no free of the allocations that never happened */
	ck_assert_ptr_null(strstr(out, "\nfree "));
}
END_TEST

/* The reserve reductions, in their order, each an integer division. */
START_TEST(test_reserve_reductions)
{
	boot_reference();
	const struct zone *normal = zone_of(ZONE_NORMAL);
	ck_assert_int_eq(zone_watermark_threshold(normal, 2943, ZONE_NORMAL, ALLOC_MIN_RESERVE), 1472);
	ck_assert_int_eq(zone_watermark_threshold(normal, 2943, ZONE_NORMAL, ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK), 1104);
	ck_assert_int_eq(zone_watermark_threshold(normal, 2943, ZONE_NORMAL, ALLOC_NON_BLOCK), 2943);
	ck_assert_int_eq(zone_watermark_threshold(normal, 2943, ZONE_NORMAL, ALLOC_OOM), 1472);
	ck_assert_int_eq(zone_watermark_threshold(normal, 2943, ZONE_NORMAL,
						  ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK | ALLOC_OOM), 552);
	machine_shutdown(&machine);
}
END_TEST

/* Exercise 7.3: the reductions of 6.2, with ALLOC_HIGH and ALLOC_HARDER. */
START_TEST(test_exercise_7_3_gfp_atomic_then_and_now)
{
	boot_reference();
	const struct zone *normal = zone_of(ZONE_NORMAL);
	ck_assert_int_eq(zone_watermark_threshold_6_2(normal, 2943, ZONE_NORMAL, ALLOC_HIGH_6_2 | ALLOC_HARDER_6_2), 1104);
	ck_assert_int_eq(zone_watermark_threshold_6_2(normal, 2943, ZONE_NORMAL, ALLOC_HIGH_6_2), 1472);
	ck_assert_int_eq(zone_watermark_threshold_6_2(normal, 2943, ZONE_NORMAL, 0), 2943);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_exercise_7_3_harder_alone)
{
	boot_reference();
	const struct zone *normal = zone_of(ZONE_NORMAL);
	ck_assert_int_eq(zone_watermark_threshold_6_2(normal, 2943, ZONE_NORMAL, ALLOC_HARDER_6_2), 2208);
	ck_assert_int_eq(zone_watermark_threshold_6_2(normal, 2943, ZONE_NORMAL, ALLOC_HARDER_6_2 | ALLOC_WMARK_LOW), 2208);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_exercise_7_3_oom_victims)
{
	boot_reference();
	const struct zone *normal = zone_of(ZONE_NORMAL);
	ck_assert_int_eq(zone_watermark_threshold_6_2(normal, 2943, ZONE_NORMAL, ALLOC_OOM_6_2), 1472);
	ck_assert_int_eq(zone_watermark_threshold_6_2(normal, 2943, ZONE_NORMAL, ALLOC_OOM_6_2 | ALLOC_HIGH_6_2), 736);
	ck_assert_int_eq(zone_watermark_threshold_6_2(normal, 2943, ZONE_NORMAL,
						      ALLOC_OOM_6_2 | ALLOC_HIGH_6_2 | ALLOC_HARDER_6_2), 736);
	ck_assert_int_eq(zone_watermark_threshold_6_2(normal, 2943, ZONE_NORMAL, ALLOC_OOM_6_2 | ALLOC_HARDER_6_2), 1472);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_exercise_7_3_a_lower_zone_keeps_its_reserve)
{
	boot_reference();
	const struct zone *dma32 = zone_of(ZONE_DMA32);
	ck_assert_int_eq(dma32->lowmem_reserve[ZONE_NORMAL], 640);
	ck_assert_int_eq(zone_watermark_threshold_6_2(dma32, 1000, ZONE_NORMAL, ALLOC_HARDER_6_2), 1390);
	ck_assert_int_eq(zone_watermark_threshold_6_2(dma32, 1000, ZONE_DMA32, ALLOC_HARDER_6_2), 750);
	machine_shutdown(&machine);
}
END_TEST

/* The vmstat worker decays a CPU's high mark back to high_min, tick by tick. */
START_TEST(test_vmstat_worker_decays_high_marks)
{
	struct machine_config config;
	machine_config_init(&config);
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
	struct zone *normal = &machine.topo.node_data[0].node_zones[ZONE_NORMAL];
	struct per_cpu_pages *pcp = &normal->per_cpu_pageset[0];
	static struct page *pages[4000];
	for (int i = 0; i < 4000; i++)
		pages[i] = pcp_alloc(normal, 0, MIGRATE_MOVABLE, 0, 0);
	for (int i = 0; i < 4000; i++)
		pcp_free(normal, pages[i], 0, 0);
	ck_assert_int_eq(pcp->high, pcp->high_min + 5985);
	ck_assert_int_eq(vmstat_start(&machine, 1000000), 0);
	struct timespec pause = { 0, 1000000 };
	/* Wait for the ticks, not for the high mark: the worker writes it under the list's
	 * lock, which this thread does not take, so it may only look once the worker stopped. */
	for (int i = 0; i < 5000 && atomic_load(&machine.vmstat.ticks) < 9; i++)
		nanosleep(&pause, NULL);
	vmstat_stop(&machine);
	ck_assert_int_eq(pcp->high, pcp->high_min);
	ck_assert_int_le(pcp->count, pcp->high);
	ck_assert_uint_ge(atomic_load(&machine.vmstat.ticks), 9);    /* 8625 -> 2640 takes nine */
	ck_assert_int_eq(buddy_check_zone(normal), 0);
	machine_shutdown(&machine);
}
END_TEST

/* Two nodes on 4 GiB: node 0 has DMA and DMA32, node 1 DMA32 and Normal, so a request from
 * CPU 0 prefers node 0's DMA32 and carries no ALLOC_NOFRAGMENT (its preferred zone is not
 * Normal).  Node 0's zonelist for a Normal request: DMA32(0) DMA(0) Normal(1) DMA32(1). */
static void boot_two_nodes(void)
{
	struct machine_config config;
	machine_config_init(&config);
	config.mem_bytes = 4ULL << 30;
	config.nr_nodes = 2;
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
}

static struct kmsg walk_log;

static void record_the_walk(void)
{
	kmsg_init(&walk_log, NULL);
	walk_narrate(&machine, &walk_log);
}

/* get_page_from_freelist: with more than one node, the first walk passes over the zones of a
 * node whose kswapd is awake, though they pass their watermarks. */
START_TEST(test_first_walk_skips_a_node_whose_kswapd_is_awake)
{
	boot_two_nodes();
	record_the_walk();
	atomic_store(&machine.kswapd[0].awake, 1);
	struct page *page = alloc_pages(&machine, GFP_KERNEL, 0);
	ck_assert_int_eq(page_to_nid(page), 1);
	ck_assert_ptr_eq(page_zone(&machine, page), &machine.topo.node_data[1].node_zones[ZONE_NORMAL]);
	ck_assert_uint_eq(page_to_pfn(&machine.map, page), 0x100000);
	ck_assert(kmsg_contains(&walk_log, "  node 0 DMA32   skip: kswapd awake here; nodes whose kswapd sleeps first\n"
				"  node 0 DMA     skip: kswapd awake here; nodes whose kswapd sleeps first\n"
				"  node 1 Normal  free 262144 > threshold 8449 "));
	ck_assert(!kmsg_contains(&walk_log, "again, the skipped nodes included"));
	/* Nobody woke anybody: node 0's kswapd is still at work, node 1's still asleep. */
	ck_assert_uint_eq(atomic_load(&machine.kswapd[0].wakeups), 0);
	ck_assert_int_eq(atomic_load(&machine.kswapd[0].awake), 1);
	ck_assert_int_eq(atomic_load(&machine.kswapd[1].awake), 0);
	walk_narrate(&machine, NULL);
	machine_shutdown(&machine);
}
END_TEST

/* When every node was skipped, the walk goes again without skipping and the watermarks decide:
 * node 0's DMA32, the first zone of the list, serves. */
START_TEST(test_every_node_skipped_walks_again_with_them)
{
	boot_two_nodes();
	record_the_walk();
	atomic_store(&machine.kswapd[0].awake, 1);
	atomic_store(&machine.kswapd[1].awake, 1);
	struct page *page = alloc_pages(&machine, GFP_KERNEL, 0);
	ck_assert_ptr_eq(page_zone(&machine, page), &machine.topo.node_data[0].node_zones[ZONE_DMA32]);
	ck_assert_uint_eq(page_to_pfn(&machine.map, page), 0x1000);
	ck_assert(kmsg_contains(&walk_log, "  node 1 DMA32   skip: kswapd awake here; nodes whose kswapd sleeps first\n"
				"  no node whose kswapd sleeps could serve: again, the skipped nodes included\n"
				"  node 0 DMA32   free 520241 > threshold 16767 "));
	walk_narrate(&machine, NULL);
	machine_shutdown(&machine);
}
END_TEST

/* One node has nowhere else to go: its kswapd's state changes nothing. */
START_TEST(test_one_node_ignores_whether_kswapd_is_awake)
{
	boot_reference();
	record_the_walk();
	atomic_store(&machine.kswapd[0].awake, 1);
	struct page *page = alloc_pages(&machine, GFP_ATOMIC, 0);
	ck_assert_ptr_eq(page_zone(&machine, page), zone_of(ZONE_NORMAL));
	ck_assert_uint_eq(page_to_pfn(&machine.map, page), 0x100000);
	ck_assert(!kmsg_contains(&walk_log, "skip: kswapd awake here"));
	walk_narrate(&machine, NULL);
	machine_shutdown(&machine);
}
END_TEST

/* Node 0 has 256 pages in DMA32 and in Normal, too few for a whole pageblock; node 1 has a
 * Normal zone of 65536.  An unmovable request from CPU 0 prefers Normal(0) with ALLOC_NOFRAGMENT,
 * under which node 0 has nothing (only a whole pageblock may be claimed, and none fits). */
static void boot_small_node_0(void)
{
	static const struct { int nid, z; unsigned long start, pages; } zones[] = {
		{ 0, ZONE_DMA32, 0x1000, 256 }, { 0, ZONE_NORMAL, 0x100000, 256 },
		{ 1, ZONE_NORMAL, 0x100100, 65536 },
	};
	struct machine_config config;
	machine_config_init(&config);
	for (int i = 0; i < 3; i++) {
		config.zones[zones[i].nid][zones[i].z] = (struct zone_geometry){
			zones[i].start, zones[i].pages, zones[i].pages, zones[i].pages, true };
		config.ranges[config.nr_ranges++] = (struct memory_range){
			zones[i].start, zones[i].start + zones[i].pages, zones[i].nid };
	}
	config.nr_nodes = 2;
	config.zones_given = true;
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
}

/* get_page_from_freelist: a no-fragmentation walk that reaches a remote node starts again at
 * home without the flag, and node 0 serves by stealing a page from a movable pageblock, as the
 * kernel does, instead of node 1 serving without fragmenting. */
START_TEST(test_nofragment_walk_turns_back_before_a_remote_node)
{
	boot_small_node_0();
	record_the_walk();
	struct zone *normal0 = &machine.topo.node_data[0].node_zones[ZONE_NORMAL];
	struct zone *normal1 = &machine.topo.node_data[1].node_zones[ZONE_NORMAL];
	struct page *page = alloc_pages(&machine, GFP_ATOMIC, 0);
	ck_assert_ptr_eq(page_zone(&machine, page), normal0);
	ck_assert_uint_eq(page_to_pfn(&machine.map, page), 0x100000);
	ck_assert_int_eq(get_pageblock_migratetype(normal0, 0x100000), MIGRATE_MOVABLE);   /* stolen */
	ck_assert_uint_eq(normal1->nr_free_pages, 65536);
	ck_assert(kmsg_contains(&walk_log, "fast path: alloc_flags 0x901 ALLOC_WMARK_LOW|ALLOC_NOFRAGMENT|"
				"ALLOC_KSWAPD\n"));
	ck_assert(kmsg_contains(&walk_log, "  node 0 DMA32   free 256 > threshold 19 (high 18 + "
				"lowmem_reserve 1): ok\n"
				"  but rmqueue finds no block this request may take here: next zone\n"
				"  node 1 Normal  is remote: drop ALLOC_NOFRAGMENT, start again on node 0\n"
				"  node 0 Normal  free 256 > threshold 18 "));
	/* The flag is gone after the turn: no second retry at the end of the walk. */
	ck_assert(!kmsg_contains(&walk_log, "nothing without fragmenting"));
	walk_narrate(&machine, NULL);
	machine_shutdown(&machine);
}
END_TEST

/* The turn happens once: an order-9 request that node 0 cannot serve at all turns back at
 * Normal(1) once, then takes Normal(1) on the second walk. */
START_TEST(test_nofragment_turn_happens_once)
{
	boot_small_node_0();
	record_the_walk();
	struct page *page = alloc_pages(&machine, GFP_ATOMIC, 9);
	ck_assert_ptr_eq(page_zone(&machine, page), &machine.topo.node_data[1].node_zones[ZONE_NORMAL]);
	const char *turn = strstr(walk_log.text, "  node 1 Normal  is remote: drop ALLOC_NOFRAGMENT");
	ck_assert_ptr_nonnull(turn);
	ck_assert_ptr_null(strstr(strchr(turn, '\n'), "is remote"));
	ck_assert_ptr_nonnull(strstr(turn, "  node 1 Normal  free 65536 > threshold 5367 "));
	ck_assert_uint_eq(page_to_pfn(&machine.map, page), 0x100400);
	walk_narrate(&machine, NULL);
	machine_shutdown(&machine);
}
END_TEST

/* wakeup_kswapd (mm/vmscan.c): a balanced node is left asleep only if no zone the request may
 * use is boosted; the order is recorded even when kswapd is not woken again. */
START_TEST(test_balanced_but_boosted_node_wakes_kswapd)
{
	boot_reference();
	struct zone *normal = zone_of(ZONE_NORMAL);
	ck_assert(pgdat_balanced(&machine, 0, 0, ZONE_NORMAL));
	wakeup_kswapd(&machine, normal, 0, ZONE_NORMAL);
	ck_assert_uint_eq(atomic_load(&machine.kswapd[0].wakeups), 0);
	WRITE_ONCE(normal->watermark_boost, 512);
	ck_assert(pgdat_balanced(&machine, 0, 0, ZONE_NORMAL));       /* 163840 free, far above */
	wakeup_kswapd(&machine, normal, 0, ZONE_DMA32);               /* Normal is above DMA32 */
	ck_assert_uint_eq(atomic_load(&machine.kswapd[0].wakeups), 0);
	wakeup_kswapd(&machine, normal, 0, ZONE_NORMAL);
	ck_assert_uint_eq(atomic_load(&machine.kswapd[0].wakeups), 1);
	/* Awake now: a second wake-up only raises the order kswapd balances for. */
	wakeup_kswapd(&machine, normal, 3, ZONE_NORMAL);
	ck_assert_uint_eq(atomic_load(&machine.kswapd[0].wakeups), 1);
	ck_assert_int_eq(atomic_load(&machine.kswapd[0].order), 3);
	ck_assert_uint_eq(kswapd_balance(&machine, 0), 0);
	ck_assert_uint_eq(normal->watermark_boost, 0);
	machine_shutdown(&machine);
}
END_TEST

/* balance_pgdat (mm/vmscan.c): on a balanced node, kswapd reclaims the boosts' worth of pages,
 * in the model's clusters of 32, then clears the boosts. */
START_TEST(test_kswapd_reclaims_the_boost_on_a_balanced_node)
{
	boot_reference();
	struct zone *normal = zone_of(ZONE_NORMAL);
	for (int i = 0; i < 1000; i++)
		page_cache_add(&machine, buddy_alloc(normal, 0, MIGRATE_MOVABLE, 0));
	WRITE_ONCE(normal->watermark_boost, 500);
	ck_assert(pgdat_balanced(&machine, 0, 0, ZONE_NORMAL));
	wakeup_kswapd(&machine, normal, 0, ZONE_NORMAL);
	ck_assert_uint_eq(kswapd_balance(&machine, 0), 512);          /* 16 clusters of 32 */
	ck_assert_uint_eq(machine.cache.nr_pages, 488);
	ck_assert_uint_eq(normal->watermark_boost, 0);
	/* Without a boost, a balanced node gives kswapd nothing to do. */
	wakeup_kswapd(&machine, normal, 0, ZONE_NORMAL);
	ck_assert_uint_eq(kswapd_balance(&machine, 0), 0);
	machine_shutdown(&machine);
}
END_TEST

/* DMA32 of 65536 pages from pfn 0x1000 and Normal of 1000 from 0x100000: no order-10 block
 * fits in Normal. */
static void boot_small_normal(void)
{
	struct machine_config config;
	machine_config_init(&config);
	config.zones[0][ZONE_DMA32] = (struct zone_geometry){ 0x1000, 65536, 65536, 65536, true };
	config.ranges[config.nr_ranges++] = (struct memory_range){ 0x1000, 0x1000 + 65536, 0 };
	config.zones[0][ZONE_NORMAL] = (struct zone_geometry){ 0x100000, 1000, 1000, 1000, true };
	config.ranges[config.nr_ranges++] = (struct memory_range){ 0x100000, 0x100000 + 1000, 0 };
	config.zones_given = true;
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
}

/* rmqueue (mm/page_alloc.c): a boosted zone wakes kswapd for order 0 and its own index after
 * the attempt, whether or not it found a page; only with ALLOC_KSWAPD, once per boost. */
START_TEST(test_rmqueue_wakes_kswapd_for_a_boosted_zone_page_or_not)
{
	boot_small_normal();
	struct zone *normal = &machine.topo.node_data[0].node_zones[ZONE_NORMAL];
	WRITE_ONCE(normal->watermark_boost, 512);
	zone_set_flag(normal, ZONE_BOOSTED_WATERMARK);
	ck_assert_ptr_null(rmqueue(normal, 10, MIGRATE_MOVABLE, 0, 0));
	ck_assert_uint_eq(atomic_load(&machine.kswapd[0].wakeups), 0);      /* no ALLOC_KSWAPD */
	ck_assert(zone_flag(normal, ZONE_BOOSTED_WATERMARK));
	ck_assert_ptr_null(rmqueue(normal, 10, MIGRATE_MOVABLE, ALLOC_KSWAPD, 0));
	ck_assert_uint_eq(atomic_load(&machine.kswapd[0].wakeups), 1);
	ck_assert_int_eq(atomic_load(&machine.kswapd[0].order), 0);
	ck_assert_int_eq(atomic_load(&machine.kswapd[0].highest_zoneidx), ZONE_NORMAL);
	ck_assert(!zone_flag(normal, ZONE_BOOSTED_WATERMARK));
	machine_shutdown(&machine);
}
END_TEST

/* Through alloc_pages: an order-10 GFP_KERNEL request fails Normal's watermark (no block that
 * large) and is served by a boosted DMA32; kswapd is woken for order 0 up to DMA32, not for the
 * request's order 10 up to Normal. */
START_TEST(test_boosted_zone_wakes_kswapd_for_its_own_index_and_order_0)
{
	boot_small_normal();
	struct zone *dma32 = &machine.topo.node_data[0].node_zones[ZONE_DMA32];
	WRITE_ONCE(dma32->watermark_boost, 512);
	zone_set_flag(dma32, ZONE_BOOSTED_WATERMARK);
	ck_assert(pgdat_balanced(&machine, 0, 10, ZONE_NORMAL));
	struct page *page = alloc_pages(&machine, GFP_KERNEL, 10);
	ck_assert_ptr_eq(page_zone(&machine, page), dma32);
	ck_assert_uint_eq(page_to_pfn(&machine.map, page), 0x1000);
	ck_assert_uint_eq(atomic_load(&machine.kswapd[0].wakeups), 1);
	ck_assert_int_eq(atomic_load(&machine.kswapd[0].order), 0);
	ck_assert_int_eq(atomic_load(&machine.kswapd[0].highest_zoneidx), ZONE_DMA32);
	ck_assert(!zone_flag(dma32, ZONE_BOOSTED_WATERMARK));
	machine_shutdown(&machine);
}
END_TEST

/* The walk shows both multi-node rules. */
START_TEST(test_tool_walk_on_two_nodes)
{
	static char out[65536];
	ck_assert_int_eq(run_tool("--nodes 2 walk --gfp GFP_ATOMIC --kswapd-awake 0", out, sizeof(out)), 0);
	ck_assert_str_eq(after_echo(out),
		"alloc_pages(GFP_ATOMIC, 0) on CPU 0, task context: highest zone Normal, preferred DMA32\n"
		"fast path: alloc_flags 0x801 ALLOC_WMARK_LOW|ALLOC_KSWAPD\n"
		"  node 0 DMA32   skip: kswapd awake here; nodes whose kswapd sleeps first\n"
		"  node 0 DMA     skip: kswapd awake here; nodes whose kswapd sleeps first\n"
		"  node 1 Normal  free 262144 > threshold 8449 (high 8449 + lowmem_reserve 0): ok\n"
		"  per-CPU list empty: refilled with 63 pages under zone->lock, then taken from it\n"
		"result: pfn 0x100000 in zone Normal, kernel address 0xffff888100000000, refcount 1\n"
		"then kswapd on node 0 runs: 0 pages reclaimed, node balanced\n");
	ck_assert_int_eq(run_tool("--zones 'node0:DMA32=256,Normal=256;node1:Normal=65536' walk --gfp GFP_ATOMIC",
				  out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "  node 1 Normal  is remote: drop ALLOC_NOFRAGMENT, start again on node 0\n"));
	ck_assert_ptr_nonnull(strstr(out, "result: pfn 0x100000 in zone Normal, "));
	ck_assert_int_eq(run_tool("--nodes 2 walk --kswapd-awake 2", out, sizeof(out)), 2);
	ck_assert_str_eq(after_echo(out), "labyrinth: walk: --kswapd-awake 2: not a node of this machine\n");
}
END_TEST

static struct machine fast_machine;

/* Exercise 7.4: fast_path_zone predicts the zone of the first attempt. */
static struct zone *fast_zone(int z)
{
	return &fast_machine.topo.node_data[0].node_zones[z];
}

START_TEST(test_exercise_7_4_a_fresh_machine)
{
	struct machine_config config;
	machine_config_init(&config);
	ck_assert_int_eq(machine_boot(&fast_machine, &config), 0);
	ck_assert_ptr_eq(fast_path_zone(&fast_machine, GFP_KERNEL, 0), fast_zone(ZONE_NORMAL));
	ck_assert_ptr_eq(fast_path_zone(&fast_machine, GFP_HIGHUSER_MOVABLE, 0), fast_zone(ZONE_NORMAL));
	ck_assert_ptr_eq(fast_path_zone(&fast_machine, GFP_DMA32, 3), fast_zone(ZONE_DMA32));
	ck_assert_ptr_eq(fast_path_zone(&fast_machine, GFP_ATOMIC | GFP_DMA, 0), fast_zone(ZONE_DMA));
	struct page *page = alloc_pages(&fast_machine, GFP_DMA32, 3);
	ck_assert_ptr_eq(page_zone(&fast_machine, page), fast_zone(ZONE_DMA32));
	machine_shutdown(&fast_machine);
}
END_TEST

START_TEST(test_exercise_7_4_at_the_low_watermark)
{
	struct machine_config config;
	machine_config_init(&config);
	ck_assert_int_eq(machine_boot(&fast_machine, &config), 0);
	ck_assert_int_eq(set_memory_pressure(&fast_machine, "low", GFP_KERNEL), 0);
	ck_assert_ptr_null(fast_path_zone(&fast_machine, GFP_KERNEL, 0));
	ck_assert_ptr_null(fast_path_zone(&fast_machine, GFP_ATOMIC, 0));    /* no reserves on the first try */
	/* DMA32 kept its lowmem reserve for Normal's requests; a DMA32 request need not leave it. */
	ck_assert_ptr_eq(fast_path_zone(&fast_machine, GFP_DMA32, 0), fast_zone(ZONE_DMA32));
	struct page *page = alloc_pages(&fast_machine, GFP_DMA32, 0);
	ck_assert_ptr_eq(page_zone(&fast_machine, page), fast_zone(ZONE_DMA32));
	machine_shutdown(&fast_machine);
}
END_TEST

START_TEST(test_exercise_7_4_the_order_counts)
{
	struct machine_config config;
	machine_config_init(&config);
	ck_assert_int_eq(machine_boot(&fast_machine, &config), 0);
	struct zone *normal = fast_zone(ZONE_NORMAL);
	while (normal->nr_free_pages > wmark_pages(normal, WMARK_LOW) + 100)
		ck_assert_ptr_nonnull(buddy_alloc(normal, 0, MIGRATE_MOVABLE, 0));
	ck_assert_ptr_eq(fast_path_zone(&fast_machine, GFP_KERNEL, 0), normal);
	ck_assert_ptr_eq(fast_path_zone(&fast_machine, GFP_KERNEL, 6), normal);    /* 63 pages off: 37 left over */
	ck_assert_ptr_eq(fast_path_zone(&fast_machine, GFP_KERNEL, 7), fast_zone(ZONE_DMA32));
	struct page *page = alloc_pages(&fast_machine, GFP_KERNEL, 7);
	ck_assert_ptr_eq(page_zone(&fast_machine, page), fast_zone(ZONE_DMA32));
	machine_shutdown(&fast_machine);
}
END_TEST

static Suite *first_pass_suite(void)
{
	Suite *suite = suite_create("ch07-first-pass");
	TCase *marks = tcase_create("watermarks");
	tcase_add_test(marks, test_thresholds_of_the_reference_machine);
	tcase_add_test(marks, test_watermark_ok_boundaries);
	tcase_add_test(marks, test_highatomic_free_pages_do_not_count_for_ordinary_requests);
	tcase_add_test(marks, test_below_high_mark_is_set_by_allocation_and_cleared_by_a_drain);
	tcase_add_test(marks, test_reserve_reductions);
	suite_add_tcase(suite, marks);

	TCase *paths = tcase_create("paths");
	tcase_set_timeout(paths, 120);
	tcase_add_test(paths, test_plenty_of_memory_fast_path_from_normal);
	tcase_add_test(paths, test_sleeping_mask_in_an_interrupt_is_reported);
	tcase_add_test(paths, test_bad_requests_are_refused);
	tcase_add_test(paths, test_kswapd_thread_balances_in_the_background);
	tcase_add_test(paths, test_vmstat_worker_decays_high_marks);
	tcase_add_test(paths, test_alloc_and_free_keep_the_books);
	tcase_add_test(paths, test_tool_trace_and_dot_path);
	tcase_add_test(paths, test_tool_pcp_stops_and_frees_what_it_had);
	tcase_add_test(paths, test_zone_locked_event_says_percpu_refill_for_the_thp_order);
	tcase_add_test(paths, test_tool_scenarios_on_a_tiny_machine);
	suite_add_tcase(suite, paths);
	TCase *nodes = tcase_create("nodes");
	tcase_add_test(nodes, test_first_walk_skips_a_node_whose_kswapd_is_awake);
	tcase_add_test(nodes, test_every_node_skipped_walks_again_with_them);
	tcase_add_test(nodes, test_one_node_ignores_whether_kswapd_is_awake);
	tcase_add_test(nodes, test_nofragment_walk_turns_back_before_a_remote_node);
	tcase_add_test(nodes, test_nofragment_turn_happens_once);
	tcase_add_test(nodes, test_tool_walk_on_two_nodes);
	suite_add_tcase(suite, nodes);
	TCase *boosts = tcase_create("boosts");
	tcase_add_test(boosts, test_balanced_but_boosted_node_wakes_kswapd);
	tcase_add_test(boosts, test_kswapd_reclaims_the_boost_on_a_balanced_node);
	tcase_add_test(boosts, test_rmqueue_wakes_kswapd_for_a_boosted_zone_page_or_not);
	tcase_add_test(boosts, test_boosted_zone_wakes_kswapd_for_its_own_index_and_order_0);
	suite_add_tcase(suite, boosts);
	/* One test case per coding exercise, named after it: make exercise runs it first. */
	TCase *exercise_7_3 = tcase_create("exercise-7.3");
	tcase_set_timeout(exercise_7_3, 30);
	tcase_add_test(exercise_7_3, test_exercise_7_3_gfp_atomic_then_and_now);
	tcase_add_test(exercise_7_3, test_exercise_7_3_harder_alone);
	tcase_add_test(exercise_7_3, test_exercise_7_3_oom_victims);
	tcase_add_test(exercise_7_3, test_exercise_7_3_a_lower_zone_keeps_its_reserve);
	suite_add_tcase(suite, exercise_7_3);
	TCase *exercise_7_4 = tcase_create("exercise-7.4");
	tcase_set_timeout(exercise_7_4, 30);
	tcase_add_test(exercise_7_4, test_exercise_7_4_a_fresh_machine);
	tcase_add_test(exercise_7_4, test_exercise_7_4_at_the_low_watermark);
	tcase_add_test(exercise_7_4, test_exercise_7_4_the_order_counts);
	suite_add_tcase(suite, exercise_7_4);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(first_pass_suite());
	srunner_run_all(runner, CK_ENV);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
