/* Chapter 8, the slow path: staged pressure, the reserves of atomic requests, direct
 * reclaim, __GFP_NOFAIL, warn_alloc's report, the drain. */
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
START_TEST(test_at_low_kswapd_is_woken_and_the_atomic_request_served)
{
	boot_reference();
	ck_assert_int_eq(set_memory_pressure(&machine, "low", GFP_ATOMIC), 0);
	ck_assert_uint_eq(zone_of(ZONE_NORMAL)->nr_free_pages, 3678);
	struct page *page = alloc_pages(&machine, GFP_ATOMIC, 0);
	ck_assert_ptr_eq(page_zone(&machine, page), zone_of(ZONE_NORMAL));
	ck_assert_uint_ge(atomic_load(&machine.kswapd[0].wakeups), 1);
	/* kswapd then reclaims until Normal is above high (4413) again. */
	ck_assert(!pgdat_balanced(&machine, 0, 0, ZONE_NORMAL));
	ck_assert_uint_gt(kswapd_balance(&machine, 0), 0);
	ck_assert(pgdat_balanced(&machine, 0, 0, ZONE_NORMAL));
	ck_assert_uint_gt(zone_of(ZONE_NORMAL)->nr_free_pages, 4413);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_at_min_atomic_succeeds_kernel_reclaims_nowait_fails)
{
	boot_reference();
	ck_assert_int_eq(set_memory_pressure(&machine, "min", GFP_ATOMIC), 0);
	ck_assert_uint_eq(zone_of(ZONE_NORMAL)->nr_free_pages, 2943);
	unsigned long cache = machine.cache.nr_pages;
	/* GFP_NOWAIT: no reserve, cannot sleep: nothing. */
	ck_assert_ptr_null(alloc_pages(&machine, GFP_NOWAIT, 0));
	ck_assert_uint_eq(machine.cache.nr_pages, cache);
	/* GFP_ATOMIC: below min with its reductions: served, without any reclaim. */
	struct page *page = alloc_pages(&machine, GFP_ATOMIC, 0);
	ck_assert_ptr_eq(page_zone(&machine, page), zone_of(ZONE_NORMAL));
	ck_assert_uint_eq(machine.cache.nr_pages, cache);
	/* GFP_KERNEL: must reclaim first, and does. */
	page = alloc_pages(&machine, GFP_KERNEL, 0);
	ck_assert_ptr_nonnull(page);
	ck_assert_uint_lt(machine.cache.nr_pages, cache);
	machine_shutdown(&machine);
}
END_TEST

/* Between min and low only the slow path serves an order-2 request.  GFP_ATOMIC has
 * ALLOC_HIGHATOMIC there and sets the block's pageblock aside; GFP_NOWAIT cannot sleep
 * but is not __GFP_HIGH, so it neither has the flag nor reserves (gfp_to_alloc_flags()). */
START_TEST(test_only_high_priority_atomic_requests_reserve_highatomic_blocks)
{
	boot_reference();
	ck_assert_int_eq(set_memory_pressure(&machine, "low", GFP_ATOMIC), 0);
	struct page *page = alloc_pages(&machine, GFP_NOWAIT, 2);
	ck_assert_ptr_eq(page_zone(&machine, page), zone_of(ZONE_NORMAL));
	ck_assert_uint_eq(zone_of(ZONE_NORMAL)->nr_reserved_highatomic, 0);
	__free_pages(&machine, page, 2);
	page = alloc_pages(&machine, GFP_ATOMIC, 2);
	ck_assert_ptr_eq(page_zone(&machine, page), zone_of(ZONE_NORMAL));
	ck_assert_uint_eq(zone_of(ZONE_NORMAL)->nr_reserved_highatomic, pageblock_nr_pages);
	__free_pages(&machine, page, 2);
	ck_assert_int_eq(buddy_check_zone(zone_of(ZONE_NORMAL)), 0);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_exhausted_atomic_fails_with_one_report)
{
	boot_reference();
	ck_assert_int_eq(set_memory_pressure(&machine, "exhausted", GFP_ATOMIC), 0);
	ck_assert_uint_eq(zone_of(ZONE_NORMAL)->nr_free_pages, 1104);
	kmsg_clear(&machine.log);
	ck_assert_ptr_null(alloc_pages(&machine, GFP_ATOMIC, 0));
	ck_assert(kmsg_contains(&machine.log, "ch08-slow-path: page allocation failure: order:0, "
				"mode:0x820(GFP_ATOMIC), nodemask=(null),cpuset=/,mems_allowed=0\nMem-Info:\n"));
	ck_assert(kmsg_contains(&machine.log, "lowmem_reserve[]: 0 3019 3659 3659 3659\n"));
	/* A second failure within ten seconds is suppressed; __GFP_NOWARN never prints. */
	size_t len = machine.log.len;
	ck_assert_ptr_null(alloc_pages(&machine, GFP_ATOMIC, 0));
	ck_assert_ptr_null(alloc_pages(&machine, GFP_ATOMIC | __GFP_NOWARN, 0));
	ck_assert_uint_eq(machine.log.len, len);
	ck_assert_int_eq(machine.warn_missed, 1);
	/* The failed requests took nothing and left everything consistent. */
	ck_assert_uint_eq(zone_of(ZONE_NORMAL)->nr_free_pages, 1104);
	for (int z = 0; z <= ZONE_NORMAL; z++)
		ck_assert_int_eq(buddy_check_zone(zone_of(z)), 0);
	/* A sleeping request reclaims and succeeds. */
	ck_assert_ptr_nonnull(alloc_pages(&machine, GFP_KERNEL, 0));
	machine_shutdown(&machine);
}
END_TEST

/* Text, line by line: the first line that differs, with its number, or the missing lines. */
static void assert_same_lines(const char *actual, const char *expected)
{
	ck_assert_ptr_nonnull(actual);
	for (int line = 1; *expected; line++) {
		size_t a = strcspn(actual, "\n"), e = strcspn(expected, "\n");
		ck_assert_msg(a == e && strncmp(actual, expected, e) == 0 && actual[a] == expected[e],
			      "line %d is '%.*s', expected '%.*s'", line, (int)a, actual, (int)e, expected);
		actual += a + (actual[a] != '\0');
		expected += e + (expected[e] != '\0');
	}
	ck_assert_msg(*actual == '\0', "more lines than expected: '%.100s'", actual);
}

/* show_free_areas() (mm/show_mem.c) prints, in this order: the machine's counts, a line per node,
 * each zone's line and its lowmem_reserve[] line, and only then, in a second pass over the
 * zones, each zone's free blocks by order; then huge pages, the page cache, swap, and
 * __show_mem()'s totals.  Every line of the report, exactly, on the reference machine. */
START_TEST(test_warn_alloc_report_is_show_mem_in_the_kernels_order)
{
	boot_reference();
	ck_assert_int_eq(set_memory_pressure(&machine, "exhausted", GFP_ATOMIC), 0);
	kmsg_clear(&machine.log);
	ck_assert_ptr_null(alloc_pages(&machine, GFP_ATOMIC, 0));
	assert_same_lines(strstr(machine.log.text, "ch08-slow-path: page allocation failure"),
		"ch08-slow-path: page allocation failure: order:0, mode:0x820(GFP_ATOMIC), "
		"nodemask=(null),cpuset=/,mems_allowed=0\n"
		"Mem-Info:\n"
		"active_anon:0 inactive_anon:0 isolated_anon:0\n"
		" active_file:0 inactive_file:0 isolated_file:0\n"
		" unevictable:0 dirty:0 writeback:0\n"
		" slab_reclaimable:0 slab_unreclaimable:0\n"
		" mapped:0 shmem:0 pagetables:0\n"
		" sec_pagetables:0 bounce:0\n"
		" kernel_misc_reclaimable:0\n"
		" free:10636 free_pcp:0 free_cma:0\n"
		"Node 0 active_anon:0kB inactive_anon:0kB active_file:0kB inactive_file:0kB "
		"unevictable:0kB isolated(anon):0kB isolated(file):0kB mapped:0kB dirty:0kB "
		"writeback:0kB shmem:0kB shmem_thp:0kB shmem_pmdmapped:0kB anon_thp:0kB "
		"kernel_stack:0kB pagetables:0kB sec_pagetables:0kB all_unreclaimable? no "
		"Balloon:0kB\n"
		"Node 0 DMA free:14740kB boost:0kB min:272kB low:340kB high:408kB "
		"reserved_highatomic:0KB free_highatomic:0KB active_anon:0kB inactive_anon:0kB "
		"active_file:0kB inactive_file:0kB unevictable:0kB writepending:0kB "
		"zspages:0kB present:15360kB managed:15360kB mlocked:0kB bounce:0kB "
		"free_pcp:0kB local_pcp:0kB free_cma:0kB\n"
		"lowmem_reserve[]: 0 3019 3659 3659 3659\n"
		"Node 0 DMA32 free:23388kB boost:0kB min:55532kB low:69412kB high:83292kB "
		"reserved_highatomic:0KB free_highatomic:0KB active_anon:0kB inactive_anon:0kB "
		"active_file:0kB inactive_file:0kB unevictable:0kB writepending:0kB "
		"zspages:0kB present:3091668kB managed:3091668kB mlocked:0kB bounce:0kB "
		"free_pcp:0kB local_pcp:0kB free_cma:0kB\n"
		"lowmem_reserve[]: 0 0 640 640 640\n"
		"Node 0 Normal free:4416kB boost:0kB min:11772kB low:14712kB high:17652kB "
		"reserved_highatomic:0KB free_highatomic:0KB active_anon:0kB inactive_anon:0kB "
		"active_file:0kB inactive_file:0kB unevictable:0kB writepending:0kB "
		"zspages:0kB present:655360kB managed:655360kB mlocked:0kB bounce:0kB "
		"free_pcp:0kB local_pcp:0kB free_cma:0kB\n"
		"lowmem_reserve[]: 0 0 0 0 0\n"
		"Node 0 DMA: 1*4kB (M) 0*8kB 1*16kB (M) 0*32kB 0*64kB 1*128kB (M) 1*256kB (M) "
		"0*512kB 2*1024kB (M) 2*2048kB (M) 2*4096kB (M) = 14740kB\n"
		"Node 0 DMA32: 1*4kB (M) 1*8kB (M) 1*16kB (M) 0*32kB 1*64kB (M) 0*128kB "
		"1*256kB (M) 1*512kB (M) 0*1024kB 1*2048kB (M) 5*4096kB (M) = 23388kB\n"
		"Node 0 Normal: 0*4kB 0*8kB 0*16kB 0*32kB 1*64kB (M) 0*128kB 1*256kB (M) "
		"0*512kB 0*1024kB 0*2048kB 1*4096kB (M) = 4416kB\n"
		"Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 "
		"hugepages_size=1048576kB\n"
		"Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 "
		"hugepages_size=2048kB\n"
		"929961 total pagecache pages\n"
		"0 pages in swap cache\n"
		"Free swap  = 0kB\n"
		"Total swap = 0kB\n"
		"940597 pages RAM\n"
		"0 pages HighMem/MovableOnly\n"
		"0 pages reserved\n"
		"0 pages hwpoisoned\n");
	machine_shutdown(&machine);
}
END_TEST

/* The report follows the kernel's configuration and the request: with CONFIG_CMA, __show_mem()
 * adds "pages cma reserved"; a GFP_DMA32 request shows the zones up to DMA32 only (its
 * max_zone_idx), while the totals are of every zone. */
START_TEST(test_warn_alloc_report_follows_the_config_and_the_mask)
{
	boot_reference_configured(true);
	ck_assert_int_eq(set_memory_pressure(&machine, "exhausted", GFP_ATOMIC | GFP_DMA32), 0);
	kmsg_clear(&machine.log);
	ck_assert_ptr_null(alloc_pages(&machine, GFP_ATOMIC | GFP_DMA32, 0));
	const char *report = strstr(machine.log.text, "ch08-slow-path: page allocation failure");
	ck_assert_ptr_nonnull(report);
	ck_assert_ptr_nonnull(strstr(report, "mode:0x824(GFP_ATOMIC|GFP_DMA32), nodemask=(null),cpuset=/,"
				     "mems_allowed=0\nMem-Info:\n"));
	ck_assert_ptr_nonnull(strstr(report, "\nNode 0 DMA32 free:"));
	ck_assert_ptr_null(strstr(report, "Normal"));
	ck_assert_ptr_nonnull(strstr(report, "lowmem_reserve[]: 0 0 640 640 640\nNode 0 DMA: "));
	ck_assert_ptr_nonnull(strstr(report, "\n940597 pages RAM\n0 pages HighMem/MovableOnly\n"
				     "0 pages reserved\n0 pages cma reserved\n0 pages hwpoisoned\n"));
	machine_shutdown(&machine);
}
END_TEST

/* The reference machine at "exhausted", its page cache thrown away: it becomes unreclaimable
 * memory, and nothing a sleeping request can reclaim is left. */
static void boot_exhausted_with_nothing_to_reclaim(void)
{
	boot_reference();
	ck_assert_int_eq(set_memory_pressure(&machine, "exhausted", GFP_ATOMIC), 0);
	machine.cache.nr_pages = 0;
	INIT_LIST_HEAD(&machine.cache.lru);
}

START_TEST(test_sleeping_request_gives_up_when_nothing_can_be_reclaimed)
{
	boot_exhausted_with_nothing_to_reclaim();
	kmsg_clear(&machine.log);
	ck_assert_ptr_null(alloc_pages(&machine, GFP_KERNEL, 0));
	ck_assert(kmsg_contains(&machine.log, "page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)"));
	machine_shutdown(&machine);
}
END_TEST

/* __GFP_NOFAIL never returns NULL to a caller that may sleep: where GFP_KERNEL gives up,
 * it is served from the reserves; without __GFP_DIRECT_RECLAIM it warns and can fail. */
START_TEST(test_nofail_is_served_from_the_reserves)
{
	boot_exhausted_with_nothing_to_reclaim();
	ck_assert_ptr_null(alloc_pages(&machine, GFP_KERNEL | __GFP_NOWARN, 0));
	kmsg_clear(&machine.log);
	struct page *page = alloc_pages(&machine, GFP_KERNEL | __GFP_NOFAIL, 0);
	ck_assert_ptr_nonnull(page);
	ck_assert_uint_eq(machine.log.len, 0);
	ck_assert_ptr_null(alloc_pages(&machine, GFP_ATOMIC | __GFP_NOFAIL | __GFP_NOWARN, 0));
	ck_assert(kmsg_contains(&machine.log, "WARNING: __alloc_pages_slowpath: __GFP_NOFAIL without "
				"__GFP_DIRECT_RECLAIM: it can fail\n"));
	__free_pages(&machine, page, 0);
	machine_shutdown(&machine);
}
END_TEST

/* With no free page at all and nothing to reclaim, a __GFP_NOFAIL request ends as the kernel's
 * out_of_memory() does with no task to kill: a report and a panic (the test expects SIGABRT). */
START_TEST(test_nofail_with_nothing_left_panics)
{
	boot_exhausted_with_nothing_to_reclaim();
	while (alloc_pages(&machine, GFP_ATOMIC | __GFP_MEMALLOC | __GFP_NOWARN, 0))
		;
	alloc_pages(&machine, GFP_KERNEL | __GFP_NOFAIL, 0);
	ck_abort_msg("a __GFP_NOFAIL allocation returned");
}
END_TEST

/* --kernel 6.12: the walk's request line and warn_alloc's mode: print the mask with 6.12's
 * names table, __GFP_COMP before __GFP_ZERO; 6.18's puts the bits in bit order. */
START_TEST(test_tool_walk_names_masks_as_its_kernel)
{
	static char out[65536];
	ck_assert_int_eq(run_tool("--kernel 6.12 walk --gfp 'GFP_ATOMIC|__GFP_ZERO|__GFP_COMP' "
				  "--pressure exhausted", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "\nalloc_pages(GFP_ATOMIC|__GFP_COMP|__GFP_ZERO, 0) on CPU 0,"));
	ck_assert_ptr_nonnull(strstr(out, "page allocation failure: order:0, "
					  "mode:0x40920(GFP_ATOMIC|__GFP_COMP|__GFP_ZERO), "));
	ck_assert_int_eq(run_tool("walk --gfp 'GFP_ATOMIC|__GFP_ZERO|__GFP_COMP' --pressure exhausted",
				  out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "mode:0x40920(GFP_ATOMIC|__GFP_ZERO|__GFP_COMP), "));
}
END_TEST

START_TEST(test_tool_walk)
{
	static char out[65536];
	ck_assert_int_eq(run_tool("--zones DMA=3840,DMA32=772917,Normal=163840 walk --pressure min", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "slow path: alloc_flags 0x830 ALLOC_WMARK_MIN|ALLOC_NON_BLOCK|"
					  "ALLOC_MIN_RESERVE|ALLOC_KSWAPD\n"));
	ck_assert_ptr_nonnull(strstr(out, "  node 0 Normal  free 2943 > threshold 1104 (min 2943 + "
					  "lowmem_reserve 0, reduced for reserves): ok\n"));
	ck_assert_ptr_nonnull(strstr(out, "result: pfn "));
	ck_assert_int_eq(run_tool("walk --gfp GFP_NOWAIT --order 2 --pressure min", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "slow path: alloc_flags 0x850 ALLOC_WMARK_MIN|ALLOC_NON_BLOCK|"
					  "ALLOC_CPUSET|ALLOC_KSWAPD\n"));
	ck_assert_int_eq(run_tool("walk --pressure exhausted", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "no __GFP_DIRECT_RECLAIM: the caller cannot sleep, so the allocator gives up\n"));
	ck_assert_ptr_nonnull(strstr(out, "result: NULL\n"));
	/* A zone let through only by ALLOC_NO_WATERMARKS is not said to be above a threshold. */
	ck_assert_int_eq(run_tool("walk --gfp 'GFP_ATOMIC|__GFP_MEMALLOC' --context irq --pressure exhausted",
				  out, sizeof(out)), 0);
	const char *retry = strstr(out, "retry: __GFP_MEMALLOC: watermarks ignored\n");
	ck_assert_ptr_nonnull(retry);
	ck_assert_ptr_nonnull(strstr(retry, "  node 0 Normal  free 1585, below its watermark, which "
					    "ALLOC_NO_WATERMARKS ignores: ok\n"));
	ck_assert_ptr_null(strstr(retry, "> threshold"));
	ck_assert_int_eq(run_tool("walk --pressure high", out, sizeof(out)), 2);
	ck_assert_str_eq(after_echo(out), "labyrinth: walk: --pressure high: not none, low, min or exhausted\n");
	ck_assert_int_eq(run_tool("walk --gfp GFP_WHATEVER", out, sizeof(out)), 2);
}
END_TEST

/* A failed allocation is traced too, with no page. */
START_TEST(test_failed_allocation_is_traced_without_a_page)
{
	boot_reference();
	ck_assert_int_eq(trace_enable(&machine), 0);
	ck_assert_int_eq(set_memory_pressure(&machine, "exhausted", GFP_ATOMIC), 0);
	ck_assert_ptr_null(alloc_pages(&machine, GFP_ATOMIC | __GFP_NOWARN, 0));
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	trace_print(out, machine.trace);
	fclose(out);
	ck_assert_ptr_nonnull(strstr(text, "[-01] mm_page_alloc: page=0000000000000000 pfn=0x0 order=0 migratetype=0 "
					   "gfp_flags=GFP_ATOMIC|__GFP_NOWARN\n"));
	free(text);
	trace_disable(&machine);
	machine_shutdown(&machine);
}
END_TEST

/* Exercise 8.4: the free pages a zone must have more than, for a mask given by name. */
START_TEST(test_exercise_8_4_normal_zone)
{
	boot_reference();
	const struct zone *normal = zone_of(ZONE_NORMAL);
	ck_assert_int_eq(watermark_to_beat(&machine, normal, "GFP_ATOMIC", 0), 1104);
	ck_assert_int_eq(watermark_to_beat(&machine, normal, "0x820", 0), 1104);
	ck_assert_int_eq(watermark_to_beat(&machine, normal, "GFP_KERNEL", 0), 2943);
	ck_assert_int_eq(watermark_to_beat(&machine, normal, "GFP_NOWAIT", 0), 2943);
	ck_assert_int_eq(watermark_to_beat(&machine, normal, "GFP_KERNEL|__GFP_HIGH", 0), 1472);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_exercise_8_4_orders)
{
	boot_reference();
	const struct zone *normal = zone_of(ZONE_NORMAL);
	ck_assert_int_eq(watermark_to_beat(&machine, normal, "GFP_ATOMIC", 3), 1111);
	ck_assert_int_eq(watermark_to_beat(&machine, normal, "GFP_KERNEL", 2), 2946);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_exercise_8_4_dma32_zone_and_its_reserve)
{
	boot_reference();
	const struct zone *dma32 = zone_of(ZONE_DMA32);
	ck_assert_int_eq(watermark_to_beat(&machine, dma32, "GFP_KERNEL", 0), 13883 + 640);
	ck_assert_int_eq(watermark_to_beat(&machine, dma32, "GFP_ATOMIC", 0), 5207 + 640);
	ck_assert_int_eq(watermark_to_beat(&machine, dma32, "GFP_ATOMIC|GFP_DMA32", 0), 5207);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_exercise_8_4_a_mask_that_does_not_parse)
{
	boot_reference();
	ck_assert_int_eq(watermark_to_beat(&machine, zone_of(ZONE_NORMAL), "GFP_ATOMC", 0), -1);
	ck_assert_int_eq(watermark_to_beat(&machine, zone_of(ZONE_NORMAL), "", 0), -1);
	machine_shutdown(&machine);
}
END_TEST

/* Exercise 8.7: 4.11's should_reclaim_retry() for one zone, which counted fewer of the
 * reclaimable pages after every round without progress: n/16 of them off, rounded up.
 * Normal at "exhausted" has 1104 free pages against a min of 2943 for GFP_KERNEL. */
static unsigned int gfp_kernel_slow_path_flags(void)
{
	return gfp_to_alloc_flags(GFP_KERNEL, 0, &machine.config.kernel);
}

START_TEST(test_exercise_8_7_hope_fades_round_by_round)
{
	boot_reference();
	ck_assert_int_eq(set_memory_pressure(&machine, "exhausted", GFP_ATOMIC), 0);
	const struct zone *normal = zone_of(ZONE_NORMAL);
	ck_assert_uint_eq(normal->nr_free_pages, 1104);
	ck_assert_uint_eq(wmark_pages(normal, WMARK_MIN), 2943);
	unsigned int flags = gfp_kernel_slow_path_flags();
	/* 4000 reclaimable: 250 pages for each of the 16 - n rounds still to come */
	ck_assert(reclaim_retry_worthwhile_4_11(normal, 0, flags, ZONE_NORMAL, 4000, 0));
	ck_assert(reclaim_retry_worthwhile_4_11(normal, 0, flags, ZONE_NORMAL, 4000, 8));
	ck_assert(!reclaim_retry_worthwhile_4_11(normal, 0, flags, ZONE_NORMAL, 4000, 9));
	ck_assert(!reclaim_retry_worthwhile_4_11(normal, 0, flags, ZONE_NORMAL, 4000, 16));
	/* with nothing reclaimable, not even at round 0 */
	ck_assert(!reclaim_retry_worthwhile_4_11(normal, 0, flags, ZONE_NORMAL, 0, 0));
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_exercise_8_7_the_share_is_rounded_up)
{
	boot_reference();
	ck_assert_int_eq(set_memory_pressure(&machine, "exhausted", GFP_ATOMIC), 0);
	const struct zone *normal = zone_of(ZONE_NORMAL);
	unsigned int flags = gfp_kernel_slow_path_flags();
	/* 3679 - ceil(7 * 3679 / 16) = 2069 counted: 3173 > 2943 */
	ck_assert(reclaim_retry_worthwhile_4_11(normal, 0, flags, ZONE_NORMAL, 3679, 7));
	/* 3679 - ceil(3679 / 2) = 1839: 2943, not more; rounded down, 1840 would pass */
	ck_assert(!reclaim_retry_worthwhile_4_11(normal, 0, flags, ZONE_NORMAL, 3679, 8));
	ck_assert(reclaim_retry_worthwhile_4_11(normal, 0, flags, ZONE_NORMAL, 3680, 8));
	machine_shutdown(&machine);
}
END_TEST

/* At "low" the free pages alone pass min: 16 rounds still say yes, the 17th gives up. */
START_TEST(test_exercise_8_7_past_sixteen_rounds_no_zone_is_asked)
{
	boot_reference();
	ck_assert_int_eq(set_memory_pressure(&machine, "low", GFP_ATOMIC), 0);
	const struct zone *normal = zone_of(ZONE_NORMAL);
	ck_assert_uint_eq(normal->nr_free_pages, 3678);
	unsigned int flags = gfp_kernel_slow_path_flags();
	ck_assert(reclaim_retry_worthwhile_4_11(normal, 0, flags, ZONE_NORMAL, 0, 16));
	ck_assert(!reclaim_retry_worthwhile_4_11(normal, 0, flags, ZONE_NORMAL, 0, 17));
	ck_assert(!reclaim_retry_worthwhile_4_11(normal, 0, flags, ZONE_NORMAL, 4000, 17));
	machine_shutdown(&machine);
}
END_TEST

/* Quiz atomic: for seeds 1 to 8 (every pressure, both masks), the zone it answers is the walk's. */
START_TEST(test_quiz_atomic_answers_as_the_walk_does)
{
	static char answer[32768];
	assert_quiz_answers_its_question("--seed 3", "atomic", answer, sizeof(answer));

	static char walk[65536];
	int failures = 0, successes = 0;
	for (int seed = 1; seed <= 8; seed++) {
		char args[256], gfp[64], pressure[32], zone[64], expected[96];
		snprintf(args, sizeof(args), "--seed %d quiz atomic --answer", seed);
		ck_assert_int_eq(run_tool(args, answer, sizeof(answer)), 0);
		ck_assert_int_eq(sscanf(strstr(answer, "(labyrinth walk --gfp "),
					"(labyrinth walk --gfp %63s --context irq --pressure %31[a-z]", gfp, pressure), 2);
		ck_assert_int_eq(quiz_value(answer, "served from zone", zone, sizeof(zone)), 0);
		snprintf(args, sizeof(args), "walk --gfp %s --context irq --pressure %s", gfp, pressure);
		ck_assert_int_eq(run_tool(args, walk, sizeof(walk)), 0);
		if (strcmp(zone, "none: NULL") == 0) {
			failures++;
			ck_assert_msg(strstr(walk, "\nresult: NULL\n") != NULL, "seed %d: the walk did not fail", seed);
		} else {
			successes++;
			snprintf(expected, sizeof(expected), " in zone %s, kernel address", zone);
			ck_assert_msg(strstr(walk, expected) != NULL, "seed %d: the walk lacks %s", seed, expected);
		}
	}
	ck_assert_int_gt(failures, 0);
	ck_assert_int_gt(successes, 0);
}
END_TEST

/* The drain table: one row per change, eight numeric columns, ending in the atomic phase's failure. */
START_TEST(test_drain_table_ends_below_the_atomic_threshold)
{
	static char out[131072];
	ck_assert_int_eq(run_tool("--zones Normal=65536 drain", out, sizeof(out)), 0);
	const char *last = out + strlen(out) - 1;
	while (last > out && last[-1] != '\n')
		last--;
	unsigned long held, free_pages, min, low, high, wakeups, reserve;
	int phase;
	ck_assert_int_eq(sscanf(last, "%lu %lu %lu %lu %lu %lu %lu %d", &held, &free_pages, &min, &low, &high,
				&wakeups, &reserve, &phase), 8);
	ck_assert_uint_eq(min, 3238);
	ck_assert_uint_eq(low, 4047);
	ck_assert_uint_eq(high, 4856);
	ck_assert_int_eq(phase, 1);
	ck_assert_uint_lt(free_pages, min - min / 2 - (min - min / 2) / 4);
	ck_assert_uint_gt(reserve, 0);
	ck_assert_uint_gt(wakeups, 0);
	ck_assert_uint_eq(held, 64219);
	ck_assert_ptr_nonnull(strstr(out, "\n       0    65536   3238   4047   4856   0      0 0\n"));
}
END_TEST

/* drain --gfp: the real-kernel lab's masks (chapter 7).  GFP_NOWAIT stops one refill
 * below min, where GFP_KERNEL would have reclaimed; GFP_ATOMIC goes on below
 * the atomic threshold.  A --gfp without two masks is refused with status 2. */
START_TEST(test_drain_with_the_labs_masks)
{
	static char out[131072];
	ck_assert_int_eq(run_tool("--zones Normal=65536 --quiet drain --gfp GFP_NOWAIT,GFP_ATOMIC", out,
				  sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "phase (0 GFP_NOWAIT, 1 GFP_ATOMIC)\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n   61906     3151   3238   4047   4856   1      1 0\n   "));
	ck_assert_ptr_nonnull(strstr(out, "\n   64306      751   3238   4047   4856   1   2401 1\n"));
	ck_assert_int_eq(run_tool("drain --gfp GFP_NOWAIT", out, sizeof(out)), 2);
	ck_assert_ptr_nonnull(strstr(out, "labyrinth: drain: --gfp FIRST,SECOND: two masks\n"));
	ck_assert_int_eq(run_tool("drain --gfp GFP_NOWAIT,NO_SUCH_FLAG", out, sizeof(out)), 2);
	ck_assert_ptr_nonnull(strstr(out, "labyrinth: drain: --gfp: "));
}
END_TEST

/* The storm through the whole allocator: four CPUs, interrupts allocating GFP_ATOMIC,
 * kswapd threads, memory starting at the low watermark. */
START_TEST(test_storm_through_alloc_pages_keeps_every_page_exclusive)
{
	struct machine_config config;
	machine_config_init(&config);
	config.nr_cpus = 4;
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
	struct storm_result result;
	ck_assert_int_eq(storm_run(&machine, &storm_page_alloc_ops, 60.0, 250000, &result), 0);
	ck_assert_uint_eq(result.operations, 1000000);
	ck_assert_uint_eq(result.stolen, 0);
	ck_assert_int_eq(result.check_errors, 0);
	ck_assert_uint_eq(result.free_pages, result.managed_pages);
	ck_assert_uint_eq(machine.cache.nr_pages, 0);
	ck_assert_uint_gt(atomic_load(&machine.kswapd[0].wakeups), 0);
	machine_shutdown(&machine);
}
END_TEST

static Suite *slow_path_suite(void)
{
	Suite *suite = suite_create("ch08-slow-path");

	TCase *paths = tcase_create("paths");
	tcase_set_timeout(paths, 120);
	tcase_add_test(paths, test_at_low_kswapd_is_woken_and_the_atomic_request_served);
	tcase_add_test(paths, test_at_min_atomic_succeeds_kernel_reclaims_nowait_fails);
	tcase_add_test(paths, test_only_high_priority_atomic_requests_reserve_highatomic_blocks);
	tcase_add_test(paths, test_exhausted_atomic_fails_with_one_report);
	tcase_add_test(paths, test_warn_alloc_report_is_show_mem_in_the_kernels_order);
	tcase_add_test(paths, test_warn_alloc_report_follows_the_config_and_the_mask);
	tcase_add_test(paths, test_sleeping_request_gives_up_when_nothing_can_be_reclaimed);
	tcase_add_test(paths, test_nofail_is_served_from_the_reserves);
	tcase_add_test_raise_signal(paths, test_nofail_with_nothing_left_panics, SIGABRT);
	tcase_add_test(paths, test_tool_walk);
	tcase_add_test(paths, test_tool_walk_names_masks_as_its_kernel);
	tcase_add_test(paths, test_failed_allocation_is_traced_without_a_page);
	tcase_add_test(paths, test_storm_through_alloc_pages_keeps_every_page_exclusive);
	suite_add_tcase(suite, paths);
	/* One test case per coding exercise, named after it: make exercise runs it first. */
	TCase *exercise_8_4 = tcase_create("exercise-8.4");
	tcase_set_timeout(exercise_8_4, 30);
	tcase_add_test(exercise_8_4, test_exercise_8_4_normal_zone);
	tcase_add_test(exercise_8_4, test_exercise_8_4_orders);
	tcase_add_test(exercise_8_4, test_exercise_8_4_dma32_zone_and_its_reserve);
	tcase_add_test(exercise_8_4, test_exercise_8_4_a_mask_that_does_not_parse);
	suite_add_tcase(suite, exercise_8_4);
	TCase *exercise_8_7 = tcase_create("exercise-8.7");
	tcase_set_timeout(exercise_8_7, 30);
	tcase_add_test(exercise_8_7, test_exercise_8_7_hope_fades_round_by_round);
	tcase_add_test(exercise_8_7, test_exercise_8_7_the_share_is_rounded_up);
	tcase_add_test(exercise_8_7, test_exercise_8_7_past_sixteen_rounds_no_zone_is_asked);
	suite_add_tcase(suite, exercise_8_7);
	TCase *quiz = tcase_create("quiz");
	tcase_set_timeout(quiz, 60);
	tcase_add_test(quiz, test_quiz_atomic_answers_as_the_walk_does);
	tcase_add_test(quiz, test_drain_table_ends_below_the_atomic_threshold);
	tcase_add_test(quiz, test_drain_with_the_labs_masks);
	suite_add_tcase(suite, quiz);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(slow_path_suite());
	srunner_run_all(runner, CK_ENV);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
