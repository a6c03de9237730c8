/* Chapter 4, the buddy allocator: split, merge, placement, fallback, the highatomic
 * reserve, bad frees, /proc/buddyinfo and /proc/pagetypeinfo, fragmentation indices. */
#include <check.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "exercises.h"
#include "mm/machine.h"
#include "tool/procfs.h"
#include "tool.h"

static struct machine machine;

/* A machine whose only low zone is Normal with `pages` managed pages from pfn 0x100000
 * (aligned to order 10), plus a small DMA32 zone as every x86_64 machine has. */
static struct zone *boot_normal(unsigned long pages)
{
	struct machine_config config;
	machine_config_init(&config);
	config.zones[0][ZONE_DMA32] = (struct zone_geometry){ 0x1000, 1024, 1024, 1024, true };
	config.ranges[config.nr_ranges++] = (struct memory_range){ 0x1000, 0x1400, 0 };
	config.zones[0][ZONE_NORMAL] = (struct zone_geometry){ 0x100000, pages, pages, pages, true };
	config.ranges[config.nr_ranges++] = (struct memory_range){ 0x100000, 0x100000 + pages, 0 };
	config.zones_given = true;
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
	return &machine.topo.node_data[0].node_zones[ZONE_NORMAL];
}

static unsigned long pfn_of(const struct zone *zone, const struct page *page)
{
	return page_to_pfn(zone->map, page) - 0x100000;   /* relative to the zone */
}

static unsigned long first_on(const struct zone *zone, unsigned int order, int type)
{
	const struct list_head *head = &zone->free_area[order].free_list[type];
	return list_empty(head) ? -1UL : pfn_of(zone, list_entry(head->next, struct page, lru));
}

/* The pfns on one free list, head first, as "0 2 4". */
static const char *list_text(const struct zone *zone, unsigned int order, int type)
{
	static char text[256];
	const struct list_head *head = &zone->free_area[order].free_list[type];
	text[0] = '\0';
	for (const struct list_head *link = head->next; link != head; link = link->next)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s%lu", text[0] ? " " : "",
			 pfn_of(zone, list_entry(link, struct page, lru)));
	return text;
}

static void assert_consistent(const struct zone *zone)
{
	ck_assert_msg(buddy_check_zone(zone) == 0, "checker: %s", machine.log.text);
}

START_TEST(test_boot_frees_aligned_order_10_blocks)
{
	struct zone *zone = boot_normal(262144);
	ck_assert_uint_eq(zone->free_area[MAX_PAGE_ORDER].nr_free, 256);
	for (unsigned int order = 0; order < MAX_PAGE_ORDER; order++)
		ck_assert_uint_eq(zone->free_area[order].nr_free, 0);
	ck_assert_uint_eq(zone->nr_free_pages, 262144);
	/* Boot frees to the tail, in ascending order: the first block is at the head. */
	ck_assert_uint_eq(first_on(zone, MAX_PAGE_ORDER, MIGRATE_MOVABLE), 0);
	ck_assert_int_eq(get_pageblock_migratetype(zone, 0x100000), MIGRATE_MOVABLE);
	ck_assert_int_eq(get_pageblock_migratetype(zone, 0x13fe00), MIGRATE_MOVABLE);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_boot_of_an_unaligned_range)
{
	/* The default machine: DMA's managed pages start at pfn 0x100 after the first MiB. */
	struct machine_config config;
	machine_config_init(&config);
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
	const struct zone *dma = &machine.topo.node_data[0].node_zones[ZONE_DMA];
	ck_assert_uint_eq(dma->nr_free_pages, 3840);
	/* 0x100-0xfff: order 8 at 0x100, order 9 at 0x200, order 10 at 0x400, 0x800, 0xc00. */
	static const unsigned long expected[NR_PAGE_ORDERS] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3 };
	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		ck_assert_uint_eq(dma->free_area[order].nr_free, expected[order]);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		assert_consistent(&machine.topo.node_data[0].node_zones[z]);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_split_puts_upper_halves_back_at_the_head)
{
	struct zone *zone = boot_normal(2048);
	struct page *page = buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0);
	ck_assert_uint_eq(pfn_of(zone, page), 0);
	for (unsigned int order = 0; order < MAX_PAGE_ORDER; order++) {
		ck_assert_uint_eq(zone->free_area[order].nr_free, 1);
		ck_assert_uint_eq(first_on(zone, order, MIGRATE_MOVABLE), 1UL << order);
	}
	ck_assert_uint_eq(zone->free_area[MAX_PAGE_ORDER].nr_free, 1);
	ck_assert_uint_eq(first_on(zone, MAX_PAGE_ORDER, MIGRATE_MOVABLE), 1024);
	ck_assert_uint_eq(zone->nr_free_pages, 2047);
	ck_assert_int_eq(atomic_load(&page->_refcount), 1);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_order_0_allocations_return_ascending_pfns)
{
	struct zone *zone = boot_normal(1024);
	for (unsigned long expected = 0; expected < 1024; expected++) {
		struct page *page = buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0);
		ck_assert_uint_eq(pfn_of(zone, page), expected);
	}
	ck_assert_ptr_null(buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0));
	ck_assert_uint_eq(zone->nr_free_pages, 0);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_mixed_orders_split_exactly)
{
	struct zone *zone = boot_normal(1024);
	ck_assert_uint_eq(pfn_of(zone, buddy_alloc(zone, 3, MIGRATE_MOVABLE, 0)), 0);
	ck_assert_uint_eq(pfn_of(zone, buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0)), 8);
	ck_assert_uint_eq(pfn_of(zone, buddy_alloc(zone, 2, MIGRATE_MOVABLE, 0)), 12);
	ck_assert_uint_eq(pfn_of(zone, buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0)), 9);
	ck_assert_uint_eq(pfn_of(zone, buddy_alloc(zone, 1, MIGRATE_MOVABLE, 0)), 10);
	ck_assert_uint_eq(pfn_of(zone, buddy_alloc(zone, 4, MIGRATE_MOVABLE, 0)), 16);
	ck_assert_uint_eq(zone->free_area[0].nr_free + zone->free_area[1].nr_free +
			  zone->free_area[2].nr_free + zone->free_area[3].nr_free + zone->free_area[4].nr_free, 0);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_free_everything_in_random_order_merges_back)
{
	struct zone *zone = boot_normal(4096);
	static struct page *pages[4096];
	for (int i = 0; i < 4096; i++)
		pages[i] = buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0);
	unsigned int state = 42;
	for (int i = 4095; i > 0; i--) {   /* Fisher-Yates with a fixed seed */
		state = state * 1103515245u + 12345u;
		int j = (int)((state >> 8) % (unsigned int)(i + 1));
		struct page *swap = pages[i];
		pages[i] = pages[j];
		pages[j] = swap;
	}
	for (int i = 0; i < 4096; i++)
		ck_assert_int_eq(buddy_free(zone, pages[i], 0), 0);
	ck_assert_uint_eq(zone->free_area[MAX_PAGE_ORDER].nr_free, 4);
	ck_assert_uint_eq(zone->nr_free_pages, 4096);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_merge_sequence)
{
	struct zone *zone = boot_normal(1024);
	struct page *p[4];
	for (int i = 0; i < 4; i++)
		p[i] = buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0);
	buddy_free(zone, p[2], 0);          /* buddy 3 is allocated: stays order 0 */
	ck_assert_str_eq(list_text(zone, 0, MIGRATE_MOVABLE), "2");
	buddy_free(zone, p[3], 0);          /* 2+3 -> order 1 at 2; its buddy 0 is allocated */
	ck_assert_str_eq(list_text(zone, 0, MIGRATE_MOVABLE), "");
	ck_assert_str_eq(list_text(zone, 1, MIGRATE_MOVABLE), "2");
	buddy_free(zone, p[1], 0);          /* buddy 0 allocated */
	buddy_free(zone, p[0], 0);          /* 0+1 -> 0..1, + 2..3 -> 0..3, + 4..7 -> ... -> order 10 */
	ck_assert_uint_eq(zone->free_area[MAX_PAGE_ORDER].nr_free, 1);
	for (unsigned int order = 0; order < MAX_PAGE_ORDER; order++)
		ck_assert_uint_eq(zone->free_area[order].nr_free, 0);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_tail_placement_when_a_merge_is_likely)
{
	struct zone *zone = boot_normal(1024);
	struct page *p[6];
	for (int i = 0; i < 6; i++)
		p[i] = buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0);
	/* Free now: order 1 at 6, order 3 at 8, ... */
	buddy_free(zone, p[0], 0);   /* order-1 buddy of 0 is 2, allocated: head */
	buddy_free(zone, p[2], 0);   /* order-1 buddy of 2 is 0, free but order 0: head */
	ck_assert_str_eq(list_text(zone, 0, MIGRATE_MOVABLE), "2 0");
	buddy_free(zone, p[4], 0);   /* order-1 buddy of 4 is 6, a free order-1 block: tail */
	ck_assert_str_eq(list_text(zone, 0, MIGRATE_MOVABLE), "2 0 4");
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_unmovable_request_claims_the_largest_block)
{
	struct zone *zone = boot_normal(2048);
	struct page *page = buddy_alloc(zone, 0, MIGRATE_UNMOVABLE, 0);
	/* CLAIM searches from order 10 down: the first order-10 block, both pageblocks relabelled. */
	ck_assert_uint_eq(pfn_of(zone, page), 0);
	ck_assert_int_eq(get_pageblock_migratetype(zone, 0x100000), MIGRATE_UNMOVABLE);
	ck_assert_int_eq(get_pageblock_migratetype(zone, 0x100200), MIGRATE_UNMOVABLE);
	ck_assert_int_eq(get_pageblock_migratetype(zone, 0x100400), MIGRATE_MOVABLE);
	ck_assert_uint_eq(first_on(zone, 9, MIGRATE_UNMOVABLE), 512);
	ck_assert_uint_eq(first_on(zone, MAX_PAGE_ORDER, MIGRATE_MOVABLE), 1024);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_claim_needs_half_a_pageblock)
{
	/* One pageblock; 256 pages allocated movable, 256 free: free + alike = 256, claimed. */
	struct zone *zone = boot_normal(512);
	buddy_alloc(zone, 8, MIGRATE_MOVABLE, 0);
	struct page *page = buddy_alloc(zone, 0, MIGRATE_UNMOVABLE, 0);
	ck_assert_uint_eq(pfn_of(zone, page), 256);
	ck_assert_int_eq(get_pageblock_migratetype(zone, 0x100000), MIGRATE_UNMOVABLE);
	ck_assert_uint_eq(zone->free_area[7].nr_free, 1);
	ck_assert_uint_eq(first_on(zone, 7, MIGRATE_UNMOVABLE), 384);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_small_fallback_is_stolen_not_claimed)
{
	/* 384 pages allocated movable, 128 free: the claim fails, the request steals a page. */
	struct zone *zone = boot_normal(512);
	buddy_alloc(zone, 8, MIGRATE_MOVABLE, 0);
	buddy_alloc(zone, 7, MIGRATE_MOVABLE, 0);
	struct page *page = buddy_alloc(zone, 0, MIGRATE_UNMOVABLE, 0);
	ck_assert_uint_eq(pfn_of(zone, page), 384);
	ck_assert_int_eq(get_pageblock_migratetype(zone, 0x100000), MIGRATE_MOVABLE);
	/* The remainders of the stolen block stay on the movable lists. */
	ck_assert_uint_eq(first_on(zone, 0, MIGRATE_MOVABLE), 385);
	ck_assert_uint_eq(first_on(zone, 6, MIGRATE_MOVABLE), 448);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_nofragment_forbids_stealing)
{
	struct zone *zone = boot_normal(512);
	buddy_alloc(zone, 8, MIGRATE_MOVABLE, 0);
	buddy_alloc(zone, 7, MIGRATE_MOVABLE, 0);
	ck_assert_ptr_null(buddy_alloc(zone, 0, MIGRATE_UNMOVABLE, ALLOC_NOFRAGMENT));
	ck_assert_uint_eq(zone->nr_free_pages, 128);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_small_movable_request_does_not_claim)
{
	/* Only unmovable memory is free, in blocks below half a pageblock: a movable order-0
	 * request skips CLAIM (should_try_claim_block is false) and steals. */
	struct zone *zone = boot_normal(512);
	struct page *big = buddy_alloc(zone, 0, MIGRATE_UNMOVABLE, 0);   /* claims the block */
	ck_assert_int_eq(get_pageblock_migratetype(zone, 0x100000), MIGRATE_UNMOVABLE);
	buddy_alloc(zone, 8, MIGRATE_UNMOVABLE, 0);
	buddy_alloc(zone, 7, MIGRATE_UNMOVABLE, 0);
	struct page *page = buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0);
	ck_assert_ptr_nonnull(page);
	ck_assert_int_eq(get_pageblock_migratetype(zone, 0x100000), MIGRATE_UNMOVABLE);
	(void)big;
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_fallback_boosts_the_watermark)
{
	struct zone *zone = boot_normal(65536);
	buddy_alloc(zone, 9, MIGRATE_MOVABLE, 0);
	struct page *p = buddy_alloc(zone, 8, MIGRATE_MOVABLE, 0);
	(void)p;
	/* Every free block is movable; an unmovable order-8 request claims from order 10 first,
	 * which needs no boost. A request that finds only a sub-pageblock fallback boosts. */
	ck_assert_uint_eq(zone->watermark_boost, 0);
	struct machine_config config;   /* rebuild: all order-10 blocks taken but one half */
	machine_shutdown(&machine);
	(void)config;
	zone = boot_normal(65536);
	for (int i = 0; i < 63; i++)
		buddy_alloc(zone, 10, MIGRATE_MOVABLE, 0);
	buddy_alloc(zone, 9, MIGRATE_MOVABLE, 0);
	buddy_alloc(zone, 7, MIGRATE_MOVABLE, 0);   /* free: 128 + 256 in the last pageblock */
	ck_assert_ptr_nonnull(buddy_alloc(zone, 0, MIGRATE_UNMOVABLE, ALLOC_KSWAPD));
	ck_assert_uint_eq(zone->watermark_boost, 512);
	ck_assert_uint_eq(zone->flags & ZONE_BOOSTED_WATERMARK, ZONE_BOOSTED_WATERMARK);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_highatomic_reserve_and_release)
{
	struct zone *zone = boot_normal(65536);   /* managed/100 = 655: at most 1024 reserved */
	struct page *page = buddy_alloc(zone, 1, MIGRATE_UNMOVABLE, ALLOC_HIGHATOMIC);
	reserve_highatomic_pageblock(page, 1, zone);
	unsigned long pfn = page_to_pfn(zone->map, page);
	ck_assert_int_eq(get_pageblock_migratetype(zone, pfn), MIGRATE_HIGHATOMIC);
	ck_assert_uint_eq(zone->nr_reserved_highatomic, 512);
	ck_assert_uint_eq(zone->nr_free_highatomic, 510);
	assert_consistent(zone);
	/* The next high-order atomic request is served from the reserve. */
	struct page *next = buddy_alloc(zone, 1, MIGRATE_UNMOVABLE, ALLOC_HIGHATOMIC);
	ck_assert_uint_eq(page_to_pfn(zone->map, next), pfn + 2);
	ck_assert_uint_eq(zone->nr_free_highatomic, 508);
	/* An ordinary request does not touch it: it claims elsewhere. */
	struct page *ordinary = buddy_alloc(zone, 1, MIGRATE_UNMOVABLE, 0);
	ck_assert_int_ne(get_pageblock_migratetype(zone, page_to_pfn(zone->map, ordinary)), MIGRATE_HIGHATOMIC);
	/* The last reserved pageblock is kept unless forced. */
	ck_assert(!unreserve_highatomic_pageblock(zone, MIGRATE_MOVABLE, false));
	ck_assert(unreserve_highatomic_pageblock(zone, MIGRATE_MOVABLE, true));
	ck_assert_uint_eq(zone->nr_reserved_highatomic, 0);
	ck_assert_uint_eq(zone->nr_free_highatomic, 0);
	ck_assert_int_eq(get_pageblock_migratetype(zone, pfn), MIGRATE_MOVABLE);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_highatomic_reserve_is_capped)
{
	struct zone *zone = boot_normal(65536);
	for (int i = 0; i < 4; i++) {
		struct page *page = buddy_alloc(zone, 1, MIGRATE_UNMOVABLE, 0);
		reserve_highatomic_pageblock(page, 1, zone);
	}
	ck_assert_uint_eq(zone->nr_reserved_highatomic, 1024);   /* ALIGN(655, 512) */
	assert_consistent(zone);
	machine_shutdown(&machine);
	zone = boot_normal(4096);   /* managed/100 = 40 < 512: no reserve at all */
	struct page *page = buddy_alloc(zone, 1, MIGRATE_UNMOVABLE, 0);
	reserve_highatomic_pageblock(page, 1, zone);
	ck_assert_uint_eq(zone->nr_reserved_highatomic, 0);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_bad_frees_are_reported_and_harmless)
{
	struct zone *zone = boot_normal(1024);
	struct page *a = buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0);
	struct page *b = buddy_alloc(zone, 2, MIGRATE_MOVABLE, 0);
	ck_assert_int_eq(buddy_free(zone, a, 0), 0);
	kmsg_clear(&machine.log);
	/* Double free. */
	ck_assert_int_eq(buddy_free(zone, a, 0), -EINVAL);
	ck_assert_str_eq(machine.log.text,
		"BUG: Bad page state in process ch04-buddy  pfn:100000\n"
		"page: refcount:0 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x100000\n"
		"flags: 0x2000000000000000(node=0 zone=Normal)\n"
		"page_type: f0000000(buddy)\n"
		"page dumped because: VM_BUG_ON_PAGE(page_ref_count(page) == 0)\n");
	assert_consistent(zone);
	kmsg_clear(&machine.log);
	/* Wrong order. */
	ck_assert_int_eq(buddy_free(zone, b, 1), -EINVAL);
	ck_assert(kmsg_contains(&machine.log, "BUG: Bad page state in process ch04-buddy  pfn:100004\n"));
	ck_assert(kmsg_contains(&machine.log, "page dumped because: freed with order 1, allocated with order 2\n"));
	assert_consistent(zone);
	kmsg_clear(&machine.log);
	/* A page inside a larger allocation. */
	ck_assert_int_eq(buddy_free(zone, b + 1, 0), -EINVAL);
	ck_assert(kmsg_contains(&machine.log, "page dumped because: freeing pfn 0x100005 inside the "
				"allocation at pfn 0x100004\n"));
	assert_consistent(zone);
	kmsg_clear(&machine.log);
	/* Not a page of this zone, nor of this machine. */
	struct page stranger = { 0 };
	ck_assert_int_eq(buddy_free(zone, &stranger, 0), -EINVAL);
	ck_assert(kmsg_contains(&machine.log, "is not a page of zone Normal\n"));
	ck_assert_int_eq(buddy_free(zone, pfn_to_page(zone->map, 0x1000), 0), -EINVAL);
	assert_consistent(zone);
	/* The allocation is still there, and frees correctly afterwards. */
	ck_assert_int_eq(buddy_free(zone, b, 2), 0);
	ck_assert_uint_eq(zone->free_area[MAX_PAGE_ORDER].nr_free, 1);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_checker_catches_corruption)
{
	struct zone *zone = boot_normal(1024);
	struct page *page = buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0);
	zone->nr_free_pages++;                 /* a counter out of step */
	ck_assert_int_gt(buddy_check_zone(zone), 0);
	ck_assert(kmsg_contains(&machine.log, "buddy check: zone Normal: 1023 pages on lists, NR_FREE_PAGES 1024\n"));
	zone->nr_free_pages--;
	page->flags &= ~(unsigned long)PG_owned; /* an owner mark lost */
	kmsg_clear(&machine.log);
	ck_assert_int_eq(buddy_check_zone(zone), 0);   /* a lone head without marks is fine... */
	page[1].flags |= PG_owned;             /* ...a stray owned page is not */
	ck_assert_int_gt(buddy_check_zone(zone), 0);
	machine_shutdown(&machine);
}
END_TEST

/* 100,000 seeded allocations and frees of mixed orders and types, checked after each. */
START_TEST(test_random_sequence_keeps_every_invariant)
{
	struct zone *zone = boot_normal(2048);
	enum { SLOTS = 64 };
	struct page *held[SLOTS] = { NULL };
	unsigned int held_order[SLOTS] = { 0 };
	unsigned int state = 2026;
	for (int step = 0; step < 100000; step++) {
		state = state * 1103515245u + 12345u;
		unsigned int slot = (state >> 10) % SLOTS;
		if (held[slot]) {
			ck_assert_int_eq(buddy_free(zone, held[slot], held_order[slot]), 0);
			held[slot] = NULL;
		} else {
			unsigned int order = (state >> 20) % 4 == 0 ? (state >> 16) % 8 : 0;
			int type = (int)((state >> 24) % 3);
			held[slot] = buddy_alloc(zone, order, type, (state & 1) ? ALLOC_NOFRAGMENT : 0);
			held_order[slot] = order;
		}
		if (buddy_check_zone(zone) != 0)
			ck_abort_msg("step %d: %s", step, machine.log.text);
	}
	for (int slot = 0; slot < SLOTS; slot++)
		if (held[slot])
			buddy_free(zone, held[slot], held_order[slot]);
	ck_assert_uint_eq(zone->nr_free_pages, 2048);
	ck_assert_uint_eq(zone->free_area[MAX_PAGE_ORDER].nr_free, 2);
	assert_consistent(zone);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_buddyinfo_byte_for_byte)
{
	char out[8192];
	ck_assert_int_eq(run_tool("--zones DMA32=4096,Normal=262144 --ops a3,a0,f0 buddyinfo", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "# op 0: alloc order 3 Movable -> pfn 0x100000\n"
					  "# op 1: alloc order 0 Movable -> pfn 0x100008\n"
					  "# op f0: free pfn 0x100000 order 3\n"));
	ck_assert_str_eq(after_echo(strstr(out, "# op f0")),
		"Node 0, zone    DMA32      0      0      0      0      0      0      0      0      0      0      4 \n"
		"Node 0, zone   Normal      1      1      1      1      1      1      1      1      1      1    255 \n");
}
END_TEST

/* A kernel without CONFIG_CMA (Debian's, the model's default) has no CMA row and no CMA column. */
START_TEST(test_pagetypeinfo_byte_for_byte)
{
	char out[8192];
	ck_assert_int_eq(run_tool("--zones DMA32=1024,Normal=1024 --ops a0u pagetypeinfo", out, sizeof(out)), 0);
	ck_assert_str_eq(after_echo(strstr(out, "# op 0")),
		"Page block order: 9\n"
		"Pages per block:  512\n"
		"\n"
		"Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 \n"
		"Node    0, zone    DMA32, type    Unmovable      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone    DMA32, type      Movable      0      0      0      0      0      0      0      0      0      0      1 \n"
		"Node    0, zone    DMA32, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone    DMA32, type   HighAtomic      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone    DMA32, type      Isolate      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type    Unmovable      1      1      1      1      1      1      1      1      1      1      0 \n"
		"Node    0, zone   Normal, type      Movable      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type   HighAtomic      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type      Isolate      0      0      0      0      0      0      0      0      0      0      0 \n"
		"\n"
		"Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate \n"
		"Node 0, zone    DMA32            0            2            0            0            0 \n"
		"Node 0, zone   Normal            2            0            0            0            0 \n");
}
END_TEST

/* With CONFIG_CMA the kernel's migrate types include MIGRATE_CMA before MIGRATE_ISOLATE. */
START_TEST(test_pagetypeinfo_with_config_cma)
{
	char out[8192];
	ck_assert_int_eq(run_tool("--config CMA=y --zones DMA32=1024,Normal=1024 --ops a0u pagetypeinfo",
				  out, sizeof(out)), 0);
	ck_assert_str_eq(after_echo(strstr(out, "# op 0")),
		"Page block order: 9\n"
		"Pages per block:  512\n"
		"\n"
		"Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 \n"
		"Node    0, zone    DMA32, type    Unmovable      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone    DMA32, type      Movable      0      0      0      0      0      0      0      0      0      0      1 \n"
		"Node    0, zone    DMA32, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone    DMA32, type   HighAtomic      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone    DMA32, type          CMA      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone    DMA32, type      Isolate      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type    Unmovable      1      1      1      1      1      1      1      1      1      1      0 \n"
		"Node    0, zone   Normal, type      Movable      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type   HighAtomic      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type          CMA      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone   Normal, type      Isolate      0      0      0      0      0      0      0      0      0      0      0 \n"
		"\n"
		"Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic          CMA      Isolate \n"
		"Node 0, zone    DMA32            0            2            0            0            0            0 \n"
		"Node 0, zone   Normal            2            0            0            0            0            0 \n");
}
END_TEST

/* pagetypeinfo_showblockcount_print() (mm/vmstat.c) skips a pfn without an online page: DMA32 of a
 * 4 GiB machine spans pfn 0x1000-0xfffff, 2040 pageblocks, but 0xc0000-0xfffff is the PCI hole,
 * whole 2 MiB subsections without memory, so 2040 - 512 = 1528 count.  DMA starts at pfn 1 and
 * tests pfns 1, 513, ..., 3585: all 8 count. */
START_TEST(test_pagetypeinfo_counts_no_blocks_in_holes)
{
	char out[16384];
	ck_assert_int_eq(run_tool("--mem 4G pagetypeinfo", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out,
		"Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate \n"
		"Node 0, zone      DMA            0            8            0            0            0 \n"
		"Node 0, zone    DMA32            0         1528            0            0            0 \n"
		"Node 0, zone   Normal            0          512            0            0            0 \n"));
}
END_TEST

/* The pfn tested is the one the walk lands on, and it counts when memory shares its 2 MiB
 * subsection: DMA32 from 0x1000 with memory in 0x1000-0x13ff, 0x1480-0x15ff, 0x1800-0x1fff.
 * Blocks 0x1000, 0x1200: memory; 0x1400: a hole, but 0x1480 is in its subsection; 0x1600: a
 * whole subsection of hole, skipped; 0x1800-0x1e00: memory.  7 of the 8 blocks count. */
START_TEST(test_pagetypeinfo_tests_the_subsection_of_the_walked_pfn)
{
	struct machine_config config;
	machine_config_init(&config);
	config.zones[0][ZONE_DMA32] = (struct zone_geometry){ 0x1000, 0x1000, 3456, 3456, true };
	config.ranges[config.nr_ranges++] = (struct memory_range){ 0x1000, 0x1400, 0 };
	config.ranges[config.nr_ranges++] = (struct memory_range){ 0x1480, 0x1600, 0 };
	config.ranges[config.nr_ranges++] = (struct memory_range){ 0x1800, 0x2000, 0 };
	config.zones_given = true;
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	pagetypeinfo_show(out, &machine);
	fclose(out);
	ck_assert_ptr_nonnull(strstr(text, "Node 0, zone    DMA32            0            7            0            0            0 \n"));
	free(text);
	machine_shutdown(&machine);
}
END_TEST

/* A real 6.18 /proc/pagetypeinfo (tests/data/pagetypeinfo-6.18-host, from a 6.18 kernel without
 * CONFIG_CMA whose DMA and DMA32 zones are laid out as the model's 4 GiB machine: DMA spans 4095
 * pages from pfn 1, DMA32 1044480 from pfn 0x1000 with 782336 present).  The model's file has the
 * same lines, each the same length, with the same words; and DMA and DMA32 the same number of
 * pageblocks.  The counts per type, and the host's Normal zone, whose memory is partly offline,
 * are the host's own. */
static int split_lines(char *text, char **lines, int max)
{
	int n = 0;
	for (char *line = strtok(text, "\n"); line && n < max; line = strtok(NULL, "\n"))
		lines[n++] = line;
	return n;
}

static unsigned long sum_of_numbers(const char *line)
{
	unsigned long sum = 0;
	for (const char *p = strstr(line, "zone") + 13; *p; ) {
		char *end;
		sum += strtoul(p, &end, 10);
		p = end == p ? p + 1 : end;
	}
	return sum;
}

START_TEST(test_pagetypeinfo_layout_matches_a_real_6_18)
{
	static char out[16384], host[16384];
	char *model_lines[64], *host_lines[64];
	FILE *in = fopen(TESTS_DIR "/data/pagetypeinfo-6.18-host", "r");
	ck_assert_ptr_nonnull(in);
	host[fread(host, 1, sizeof(host) - 1, in)] = '\0';
	fclose(in);
	ck_assert_int_eq(run_tool("--mem 4G pagetypeinfo", out, sizeof(out)), 0);
	int n = split_lines((char *)after_echo(out), model_lines, 64);
	ck_assert_int_eq(split_lines(host, host_lines, 64), n);
	ck_assert_int_eq(n, 22);
	for (int i = 0; i < n; i++) {
		ck_assert_uint_eq(strlen(model_lines[i]), strlen(host_lines[i]));
		for (const char *m = model_lines[i], *h = host_lines[i]; *m; m++, h++)
			if (!isdigit((unsigned char)*m) && !isdigit((unsigned char)*h))
				ck_assert_msg(*m == *h, "line %d: '%s' against '%s'", i + 1, model_lines[i], host_lines[i]);
		if (strncmp(host_lines[i], "Node 0, zone ", 13) == 0 && !strstr(host_lines[i], "Normal"))
			ck_assert_uint_eq(sum_of_numbers(model_lines[i]), sum_of_numbers(host_lines[i]));
	}
	ck_assert_str_eq(host_lines[20], "Node 0, zone    DMA32            0         1528            0            0            0 ");
}
END_TEST

#define HOST_PAGETYPEINFO TESTS_DIR "/data/pagetypeinfo-6.18-host"

/* Writes `text` to a temporary file, whose name it returns (static). */
static const char *write_temp(const char *text)
{
	static char name[64];
	snprintf(name, sizeof(name), "/tmp/labyrinth-proc-XXXXXX");
	int fd = mkstemp(name);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return name;
}

/* Replaces the one occurrence of `from` in `text` (a static buffer) by `to`, of equal length. */
static void replace_in(char *text, const char *from, const char *to)
{
	char *at = strstr(text, from);
	ck_assert_msg(at != NULL, "no '%s'", from);
	ck_assert_uint_eq(strlen(from), strlen(to));
	memcpy(at, to, strlen(to));
}

/* The host's file with its blocks table typed as at boot: the free counts are the host's,
 * nothing like the model's, and are not compared; everything else matches the 4 GiB machine. */
static char *host_pagetypeinfo_at_boot(void)
{
	static char text[16384];
	FILE *in = fopen(HOST_PAGETYPEINFO, "r");
	ck_assert_ptr_nonnull(in);
	text[fread(text, 1, sizeof(text) - 1, in)] = '\0';
	fclose(in);
	replace_in(text, "zone      DMA            1            7 ", "zone      DMA            0            8 ");
	replace_in(text, "zone   Normal           76         1278           54 ",
		   "zone   Normal            0          512            0 ");
	return text;
}

START_TEST(test_pagetypeinfo_compare_a_matching_file)
{
	static char out[16384];
	const char *name = write_temp(host_pagetypeinfo_at_boot());
	char args[256];
	snprintf(args, sizeof(args), "--quiet --mem 4G pagetypeinfo --compare %s", name);
	ck_assert_int_eq(run_tool(args, out, sizeof(out)), 0);
	/* 3 layout fields, 15 free rows + their count, 5 types + their count, 3 zones of
	 * 1 row + 5 types + all types. */
	ck_assert_ptr_nonnull(strstr(out, "\n46 fields match, 0 differ\n"
					  "free pages: not compared; they are what ran since boot\n"));
	ck_assert_ptr_nonnull(strstr(out, "Node 0, zone    DMA32\n  Unmovable               0          0\n"
					  "  Movable              1528       1528\n"));
	unlink(name);
}
END_TEST

START_TEST(test_pagetypeinfo_compare_names_a_changed_block_count)
{
	static char out[16384];
	char *text = host_pagetypeinfo_at_boot();
	replace_in(text, "zone    DMA32            0         1528 ", "zone    DMA32            0         1527 ");
	const char *name = write_temp(text);
	char args[256];
	snprintf(args, sizeof(args), "--quiet --mem 4G pagetypeinfo --compare %s", name);
	ck_assert_int_eq(run_tool(args, out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "Node 0, zone    DMA32\n  Unmovable               0          0\n"
					  "  Movable              1528       1527   <- differs\n"));
	ck_assert_ptr_nonnull(strstr(out, "  all types            1528       1527   <- differs\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n44 fields match, 2 differ\n"));
	unlink(name);
}
END_TEST

/* The host's real file against the model of the same layout: DMA's and DMA32's pageblocks
 * agree in number, DMA has one block relabelled Unmovable since boot, and Normal's memory
 * is laid out differently (hot-plugged sections the model does not have). */
START_TEST(test_pagetypeinfo_compare_the_host_file)
{
	static char out[16384];
	ck_assert_int_eq(run_tool("--quiet --mem 4G pagetypeinfo --compare " HOST_PAGETYPEINFO,
				  out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "Node 0, zone      DMA\n"
					  "  Unmovable               0          1   <- differs\n"
					  "  Movable                 8          7   <- differs\n"));
	ck_assert_ptr_nonnull(strstr(out, "  all types               8          8\n"));
	ck_assert_ptr_nonnull(strstr(out, "  all types             512       1408   <- differs\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n40 fields match, 6 differ\n"));
}
END_TEST

START_TEST(test_proc_compare_malformed_files)
{
	static char out[4096];
	char args[256], expected[512];
	char *text = host_pagetypeinfo_at_boot();
	replace_in(text, "zone    DMA32            0         1528 ", "zone    DMA32            0         15x8 ");
	const char *name = write_temp(text);
	snprintf(args, sizeof(args), "pagetypeinfo --compare %s", name);
	ck_assert_int_eq(run_tool(args, out, sizeof(out)), 2);
	snprintf(expected, sizeof(expected), "labyrinth: pagetypeinfo --compare %s:23: not a line of "
		 "/proc/buddyinfo or /proc/pagetypeinfo\n", name);
	ck_assert_str_eq(after_echo(out), expected);
	unlink(name);
	/* A buddyinfo without its last field's numbers. */
	name = write_temp("Node 0, zone      DMA      0      1\nNode 0, zone    DMA32\n");
	snprintf(args, sizeof(args), "buddyinfo --compare %s", name);
	ck_assert_int_eq(run_tool(args, out, sizeof(out)), 2);
	snprintf(expected, sizeof(expected), "labyrinth: buddyinfo --compare %s:2: not a line of "
		 "/proc/buddyinfo or /proc/pagetypeinfo\n", name);
	ck_assert_str_eq(after_echo(out), expected);
	unlink(name);
}
END_TEST

/* buddyinfo: the zones, their order and 11 orders are predicted; the free blocks are not. */
START_TEST(test_buddyinfo_compare)
{
	static char out[8192];
	/* The host's free blocks: its pagetypeinfo's rows summed per order. */
	static const char host[] =
		"Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 \n"
		"Node 0, zone    DMA32      4      1      2      2      2      2      1      4      4      2    752 \n"
		"Node 0, zone   Normal    622   5451  10441   1934    264    138    134     74    115    106    270 \n";
	const char *name = write_temp(host);
	char args[256];
	snprintf(args, sizeof(args), "--quiet --mem 4G buddyinfo --compare %s", name);
	ck_assert_int_eq(run_tool(args, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "                      model       file\n"
			 "Node 0, zone      DMA\n  orders                 11         11\n"
			 "Node 0, zone    DMA32\n  orders                 11         11\n"
			 "Node 0, zone   Normal\n  orders                 11         11\n"
			 "6 fields match, 0 differ\n"
			 "free blocks: not compared; they are what ran since boot\n");
	unlink(name);
	/* Without Normal, and with DMA32 of 12 orders: two differences. */
	name = write_temp("Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 \n"
			  "Node 0, zone    DMA32      4      1      2      2      2      2      1      4      4      2    752      1 \n");
	snprintf(args, sizeof(args), "--quiet --mem 4G buddyinfo --compare %s", name);
	ck_assert_int_eq(run_tool(args, out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "  orders                 11         12   <- differs\n"
					  "  model: Node 0, zone Normal; file: nothing   <- differs\n"
					  "3 fields match, 2 differ\n"));
	unlink(name);
}
END_TEST

START_TEST(test_fragmentation_indices_by_hand)
{
	struct contig_page_info info;
	const unsigned long counts[NR_PAGE_ORDERS] = { 100, 50, 0, 0, 10, 0, 0, 0, 0, 0, 0 };
	/* free pages 100 + 100 + 160 = 360, blocks 160. */
	fill_contig_page_info(counts, 2, &info);
	ck_assert_uint_eq(info.free_pages, 360);
	ck_assert_uint_eq(info.free_blocks_total, 160);
	ck_assert_uint_eq(info.free_blocks_suitable, 40);     /* 10 order-4 = 40 order-2 */
	ck_assert_int_eq(unusable_free_index(2, &info), 555);  /* (360 - 160) * 1000 / 360 */
	ck_assert_int_eq(fragmentation_index(2, &info), -1000);
	fill_contig_page_info(counts, 5, &info);
	ck_assert_int_eq(unusable_free_index(5, &info), 1000);
	/* 1000 - (1000 + 360000/32) / 160 = 1000 - 12250/160 = 1000 - 76 = 924 */
	ck_assert_int_eq(fragmentation_index(5, &info), 924);
	const unsigned long none[NR_PAGE_ORDERS] = { 0 };
	fill_contig_page_info(none, 3, &info);
	ck_assert_int_eq(unusable_free_index(3, &info), 1000);
	ck_assert_int_eq(fragmentation_index(3, &info), 0);
	char out[4096];
	ck_assert_int_eq(run_tool("extfrag --counts 100,50,0,0,10,0,0,0,0,0,0", out, sizeof(out)), 0);
	ck_assert_str_eq(after_echo(out),
		"unusable_index\n"
		"Node 0, zone   counts 0.000 0.277 0.555 0.555 0.555 1.000 1.000 1.000 1.000 1.000 1.000 \n"
		"extfrag_index\n"
		"Node 0, zone   counts -1.000 -1.000 -1.000 -1.000 -1.000  0.924  0.959  0.977  0.985  0.990  0.992 \n");
}
END_TEST

START_TEST(test_tool_bad_ops_and_counts)
{
	static const struct { const char *args, *error; } cases[] = {
		{ "--ops a11 buddyinfo", "labyrinth: --ops: 'a11' is not aORDER[m|u|r] or fSTEP of an allocated step\n" },
		{ "--ops a0,f1 buddyinfo", "labyrinth: --ops: 'f1' is not aORDER[m|u|r] or fSTEP of an allocated step\n" },
		{ "--ops a0x buddyinfo", "labyrinth: --ops: 'a0x' is not aORDER[m|u|r] or fSTEP of an allocated step\n" },
		{ "extfrag --counts 1,2,3", "labyrinth: extfrag --counts 1,2,3: not 11 counts joined by ','\n" },
		{ "extfrag --count 1", "labyrinth: extfrag: the only option is --counts C0,C1,...,C10\n" },
	};
	char out[8192];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(run_tool(cases[i].args, out, sizeof(out)), 2);
		ck_assert_str_eq(strstr(out, "labyrinth: "), cases[i].error);
	}
	ck_assert_int_eq(run_tool("--ops a0,f0,f0 buddyinfo", out, sizeof(out)), 2);
	/* A script is read whole, however long; allocations beyond the table are refused. */
	static char ops[4096], args[4200], big[262144];
	ops[0] = '\0';
	for (int step = 0; step < 200; step++)
		snprintf(ops + strlen(ops), sizeof(ops) - strlen(ops), "%sa0,f%d", step ? "," : "", step);
	ck_assert_uint_gt(strlen(ops), 1024);
	snprintf(args, sizeof(args), "--ops %s buddyinfo", ops);
	ck_assert_int_eq(run_tool(args, big, sizeof(big)), 0);
	ck_assert_ptr_nonnull(strstr(big, "\n# op f199: free pfn "));
	ops[0] = '\0';
	for (int step = 0; step < 257; step++)
		strcat(ops, step ? ",a0" : "a0");
	snprintf(args, sizeof(args), "--ops %s buddyinfo", ops);
	ck_assert_int_eq(run_tool(args, big, sizeof(big)), 2);
	ck_assert_str_eq(strstr(big, "labyrinth: "), "labyrinth: --ops: more than 256 allocations\n");
}
END_TEST

/* expand() puts the upper halves back and keeps the lower one for the next request. */
START_TEST(test_expand_keeps_the_lower_half)
{
	struct zone *zone = boot_normal(1024);
	struct page *page = buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0);
	ck_assert_uint_eq(pfn_of(zone, page), 0);
	for (unsigned int order = 0; order < MAX_PAGE_ORDER; order++)
		ck_assert_uint_eq(first_on(zone, order, MIGRATE_MOVABLE), 1UL << order);
	ck_assert_uint_eq(zone->nr_free_pages, 1023);
	ck_assert_uint_eq(pfn_of(zone, buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0)), 1);
	ck_assert_uint_eq(pfn_of(zone, buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0)), 2);
	machine_shutdown(&machine);
}
END_TEST

/* Exercise 4.1: page_is_buddy, after an order-10 block was split for one page at pfn 0. */
static struct page *zone_page(struct zone *zone, unsigned long pfn)
{
	return pfn_to_page(zone->map, 0x100000 + pfn);
}

START_TEST(test_exercise_4_1_the_pieces_of_a_split)
{
	struct zone *zone = boot_normal(1024);
	struct page *page = buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0);
	for (unsigned int order = 0; order < MAX_PAGE_ORDER; order++)
		ck_assert_msg(page_is_buddy(zone, page, zone_page(zone, 1UL << order), order),
			      "pfn %lu is the buddy of pfn 0 at order %u", 1UL << order, order);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_exercise_4_1_free_but_not_the_buddy)
{
	struct zone *zone = boot_normal(1024);
	struct page *page = buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0);
	ck_assert(!page_is_buddy(zone, page, zone_page(zone, 2), 0));    /* pfn 0's buddy is 1 */
	ck_assert(!page_is_buddy(zone, page, zone_page(zone, 4), 3));    /* free, but of order 2 */
	ck_assert(!page_is_buddy(zone, page, zone_page(zone, 1), 1));    /* order 0, and not 0 ^ 2 */
	ck_assert(!page_is_buddy(zone, zone_page(zone, 8), zone_page(zone, 4), 2));   /* 8 ^ 4 is 12 */
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_exercise_4_1_allocated_and_tail_pages)
{
	struct zone *zone = boot_normal(1024);
	struct page *page = buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0);
	ck_assert(!page_is_buddy(zone, zone_page(zone, 2), zone_page(zone, 3), 0));   /* a tail page */
	ck_assert_ptr_eq(buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0), zone_page(zone, 1));
	ck_assert(!page_is_buddy(zone, page, zone_page(zone, 1), 0));    /* allocated now */
	machine_shutdown(&machine);
}
END_TEST

/* Exercise 4.6: split_plan, the blocks expand() puts back. */
START_TEST(test_exercise_4_6_order_3_to_0)
{
	unsigned long pfns[NR_PAGE_ORDERS];
	unsigned int orders[NR_PAGE_ORDERS];
	ck_assert_int_eq(split_plan(0x100000, 0, 3, pfns, orders), 3);
	ck_assert_uint_eq(pfns[0], 0x100004);
	ck_assert_uint_eq(orders[0], 2);
	ck_assert_uint_eq(pfns[1], 0x100002);
	ck_assert_uint_eq(orders[1], 1);
	ck_assert_uint_eq(pfns[2], 0x100001);
	ck_assert_uint_eq(orders[2], 0);
	ck_assert_int_eq(split_plan(0x1a0, 4, 5, pfns, orders), 1);
	ck_assert_uint_eq(pfns[0], 0x1b0);
	ck_assert_uint_eq(orders[0], 4);
}
END_TEST

START_TEST(test_exercise_4_6_no_split)
{
	unsigned long pfns[NR_PAGE_ORDERS] = { 0 };
	unsigned int orders[NR_PAGE_ORDERS] = { 0 };
	ck_assert_int_eq(split_plan(0x100000, 2, 2, pfns, orders), 0);
	ck_assert_int_eq(split_plan(0x400, 10, 10, pfns, orders), 0);
}
END_TEST

START_TEST(test_exercise_4_6_the_plan_is_what_expand_does)
{
	struct zone *zone = boot_normal(1024);
	unsigned long pfns[NR_PAGE_ORDERS];
	unsigned int orders[NR_PAGE_ORDERS];
	struct page *page = __rmqueue_smallest(zone, 2, MIGRATE_MOVABLE);
	ck_assert_ptr_eq(page, zone_page(zone, 0));
	ck_assert_int_eq(split_plan(0x100000, 2, 10, pfns, orders), 8);
	for (int i = 0; i < 8; i++) {
		ck_assert_uint_eq(orders[i], 9 - i);
		ck_assert_uint_eq(first_on(zone, orders[i], MIGRATE_MOVABLE), pfns[i] - 0x100000);
	}
	machine_shutdown(&machine);
}
END_TEST

/* Quiz buddy: its answer is the buddyinfo after the same script given to --ops. */
START_TEST(test_quiz_buddy_answers_as_ops_and_buddyinfo_do)
{
	static char answer[32768];
	assert_quiz_answers_its_question("--zones DMA32=4096,Normal=1024 --seed 3", "buddy", answer, sizeof(answer));

	char ops[128], args[256];
	static char buddyinfo[8192];
	ck_assert_int_eq(sscanf(strstr(answer, " runs --ops "), " runs --ops %127s", ops), 1);
	ck_assert_str_eq(ops, "a3,a0,f1");
	snprintf(args, sizeof(args), "--zones DMA32=4096,Normal=1024 --ops %s buddyinfo", ops);
	ck_assert_int_eq(run_tool(args, buddyinfo, sizeof(buddyinfo)), 0);
	const char *after = after_echo(buddyinfo);
	ck_assert_str_eq(after, "Node 0, zone    DMA32      0      0      0      0      0      0      0      0      0      0      4 \n"
				"Node 0, zone   Normal      0      0      0      1      1      1      1      1      1      1      0 \n");
	size_t answer_len = strlen(answer), after_len = strlen(after);
	ck_assert_str_eq(answer + answer_len - after_len, after);
}
END_TEST

/* Chapter 18's deferred struct page init is invisible to a caller: a 1 GiB machine whose records past
 * 64 MiB wait until their blocks are needed hands out the same blocks, in the same order, with the same
 * counts, as the same machine written in full at boot, through splits, merges, frees to the head and
 * the tail (a movable order-10 block behind the blocks that wait), and fallbacks that claim movable
 * blocks for other types; the checker passes throughout. */
static struct page *deferred_held_a[4096], *deferred_held_b[4096];
static unsigned int deferred_held_order[4096];

static void assert_same_free_lists(const struct zone *a, const struct zone *b)
{
	ck_assert_uint_eq(a->nr_free_pages, b->nr_free_pages);
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		ck_assert_uint_eq(a->free_area[order].nr_free, b->free_area[order].nr_free);
		for (int type = 0; type < MIGRATE_TYPES; type++) {
			const struct list_head *ha = &a->free_area[order].free_list[type];
			const struct list_head *hb = &b->free_area[order].free_list[type];
			const struct list_head *la = ha->next, *lb = hb->next;
			unsigned long waiting = 0;
			for (; la != ha && lb != hb; la = la->next, lb = lb->next) {
				ck_assert_uint_eq(page_to_pfn(a->map, list_entry(la, struct page, lru)),
						  page_to_pfn(b->map, list_entry(lb, struct page, lru)));
				if (list_entry(lb, struct page, lru) != b->deferred_anchor)
					continue;
				/* what b has not put on its list yet a has right behind it,
				 * in order, and a block freed to the tail comes after them */
				for (unsigned long k = 0; k < zone_deferred_blocks(b); k++) {
					la = la->next;
					ck_assert_ptr_ne(la, ha);
					ck_assert_uint_eq(page_to_pfn(a->map, list_entry(la, struct page, lru)),
							  b->deferred_pfn + (k << MAX_PAGE_ORDER));
					waiting++;
				}
			}
			ck_assert_ptr_eq(la, ha);
			ck_assert_ptr_eq(lb, hb);
			ck_assert_uint_eq(waiting, order == MAX_PAGE_ORDER && type == MIGRATE_MOVABLE
						   ? zone_deferred_blocks(b) : 0);
		}
	}
}

START_TEST(test_deferred_struct_page_init_changes_nothing)
{
	static struct machine eager, lazy;
	struct machine_config config;
	machine_config_init(&config);
	config.mem_bytes = 1ULL << 30;
	config.memmap_eager_pages = 1UL << 30;      /* past the end: every record at boot */
	ck_assert_int_eq(machine_boot(&eager, &config), 0);
	config.memmap_eager_pages = 16384;          /* 64 MiB */
	ck_assert_int_eq(machine_boot(&lazy, &config), 0);
	struct zone *a = &eager.topo.node_data[0].node_zones[ZONE_DMA32];
	struct zone *b = &lazy.topo.node_data[0].node_zones[ZONE_DMA32];
	ck_assert_uint_eq(zone_deferred_blocks(a), 0);
	unsigned long deferred_at_boot = zone_deferred_blocks(b);
	ck_assert_uint_gt(deferred_at_boot, 150);
	assert_same_free_lists(a, b);
	/* A movable order-10 block freed to the tail (FPI_TO_TAIL, as memory
	 * coming online is) goes behind the blocks that wait on b, as on a. */
	struct page *tail_a = buddy_alloc(a, MAX_PAGE_ORDER, MIGRATE_MOVABLE, 0);
	struct page *tail_b = buddy_alloc(b, MAX_PAGE_ORDER, MIGRATE_MOVABLE, 0);
	ck_assert_ptr_nonnull(tail_a);
	ck_assert_ptr_nonnull(tail_b);
	unsigned long tail_pfn = page_to_pfn(a->map, tail_a);
	ck_assert_uint_eq(page_to_pfn(b->map, tail_b), tail_pfn);
	ck_assert_int_eq(free_pages_prepare(a, tail_a, MAX_PAGE_ORDER), 0);
	ck_assert_int_eq(free_pages_prepare(b, tail_b, MAX_PAGE_ORDER), 0);
	free_one_page(a, tail_a, tail_pfn, MAX_PAGE_ORDER, MIGRATE_MOVABLE, FPI_TO_TAIL);
	free_one_page(b, tail_b, tail_pfn, MAX_PAGE_ORDER, MIGRATE_MOVABLE, FPI_TO_TAIL);
	const struct list_head *movable10 = &a->free_area[MAX_PAGE_ORDER].free_list[MIGRATE_MOVABLE];
	ck_assert_ptr_eq(list_entry(movable10->prev, struct page, lru), tail_a);
	ck_assert_ptr_ne(b->deferred_anchor, tail_b);     /* b's is behind its anchor */
	assert_same_free_lists(a, b);
	static const int types[] = { MIGRATE_MOVABLE, MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE };
	unsigned long long seed = 12345;
	int nr_held = 0, failed = 0;
	for (int op = 0; op < 6000; op++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		unsigned int r = (unsigned int)(seed >> 33);
		if (nr_held > 0 && (r % 3 == 0 || nr_held == 4096)) {
			int i = (int)(r / 3 % (unsigned int)nr_held);
			ck_assert_int_eq(buddy_free(a, deferred_held_a[i], deferred_held_order[i]), 0);
			ck_assert_int_eq(buddy_free(b, deferred_held_b[i], deferred_held_order[i]), 0);
			nr_held--;
			deferred_held_a[i] = deferred_held_a[nr_held];
			deferred_held_b[i] = deferred_held_b[nr_held];
			deferred_held_order[i] = deferred_held_order[nr_held];
		} else {
			unsigned int order = r / 3 % 11;
			int type = types[r / 33 % 3];
			struct page *pa = buddy_alloc(a, order, type, 0);
			struct page *pb = buddy_alloc(b, order, type, 0);
			ck_assert_msg((pa == NULL) == (pb == NULL), "op %d: order %u", op, order);
			if (!pa) {
				failed++;
				continue;
			}
			ck_assert_uint_eq(page_to_pfn(a->map, pa), page_to_pfn(b->map, pb));
			deferred_held_a[nr_held] = pa;
			deferred_held_b[nr_held] = pb;
			deferred_held_order[nr_held++] = order;
		}
		if (op % 500 == 0) {
			ck_assert_int_eq(buddy_check_zone(a), 0);
			ck_assert_int_eq(buddy_check_zone(b), 0);
			assert_same_free_lists(a, b);
		}
	}
	/* the run took blocks from the deferred part and ran the zone out */
	ck_assert_uint_lt(zone_deferred_blocks(b), deferred_at_boot);
	ck_assert_int_gt(failed, 0);
	while (nr_held > 0) {
		nr_held--;
		ck_assert_int_eq(buddy_free(a, deferred_held_a[nr_held], deferred_held_order[nr_held]), 0);
		ck_assert_int_eq(buddy_free(b, deferred_held_b[nr_held], deferred_held_order[nr_held]), 0);
	}
	ck_assert_int_eq(buddy_check_zone(a), 0);
	ck_assert_int_eq(buddy_check_zone(b), 0);
	assert_same_free_lists(a, b);
	machine_shutdown(&eager);
	machine_shutdown(&lazy);
}
END_TEST

/* A 64 TiB machine boots and prints its zoneinfo, pagetypeinfo capped as the kernel caps it, in under
 * 200 MB: its records past 4 GiB wait, and so do the pages of its arena (a test of memory, not time). */
START_TEST(test_a_64_tib_machine_boots_in_little_memory)
{
#ifdef __SANITIZE_THREAD__
	/* ThreadSanitizer keeps most of the address space for its shadow: an arena of 1 TiB or more
	 * cannot be mapped (the tool says so and exits 2).  make check runs this test. */
	return;
#endif
	static char out[1 << 16];
	ck_assert_int_eq(run_tool("--quiet --mem 64T pagetypeinfo", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "Node    0, zone   Normal, type      Movable      0      0      0      0"
					  "      0      0      0      0      0      0 >100000 \n"));
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(3);
		execl(LABYRINTH_TOOL, LABYRINTH_TOOL, "--quiet", "--mem", "64T", "zoneinfo", (char *)NULL);
		_exit(4);
	}
	int status;
	struct rusage usage;
	ck_assert_int_eq(wait4(pid, &status, 0, &usage), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_msg(usage.ru_maxrss < 200 * 1024, "%ld KiB resident", usage.ru_maxrss);
	/* a large server's file: the machine built from it prints it back */
	char path[] = "/tmp/labyrinth-4t-XXXXXX", command[128];
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(command, sizeof(command), "--quiet --mem 4T --nodes 8 --cpus 256 zoneinfo > %s", path);
	ck_assert_int_eq(run_tool(command, out, sizeof(out)), 0);
	snprintf(command, sizeof(command), "--quiet --from %s zoneinfo --compare", path);
	ck_assert_int_eq(run_tool(command, out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "\n400 fields match, 0 differ\n"));
	unlink(path);
	ck_assert_int_eq(run_tool("--quiet --mem 1T page 0x1000000", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "  model struct page   mem_map[16777216], free, not written yet "
					  "(chapter 18)\n"));
}
END_TEST

static Suite *buddy_suite(void)
{
	Suite *suite = suite_create("ch04-buddy");
	TCase *core = tcase_create("split-and-merge");
	tcase_set_timeout(core, 20);
	tcase_add_test(core, test_boot_frees_aligned_order_10_blocks);
	tcase_add_test(core, test_boot_of_an_unaligned_range);
	tcase_add_test(core, test_split_puts_upper_halves_back_at_the_head);
	tcase_add_test(core, test_expand_keeps_the_lower_half);
	tcase_add_test(core, test_order_0_allocations_return_ascending_pfns);
	tcase_add_test(core, test_mixed_orders_split_exactly);
	tcase_add_test(core, test_free_everything_in_random_order_merges_back);
	tcase_add_test(core, test_merge_sequence);
	tcase_add_test(core, test_tail_placement_when_a_merge_is_likely);
	suite_add_tcase(suite, core);

	TCase *fallback = tcase_create("fallback");
	tcase_set_timeout(fallback, 20);
	tcase_add_test(fallback, test_unmovable_request_claims_the_largest_block);
	tcase_add_test(fallback, test_claim_needs_half_a_pageblock);
	tcase_add_test(fallback, test_small_fallback_is_stolen_not_claimed);
	tcase_add_test(fallback, test_nofragment_forbids_stealing);
	tcase_add_test(fallback, test_small_movable_request_does_not_claim);
	tcase_add_test(fallback, test_fallback_boosts_the_watermark);
	tcase_add_test(fallback, test_highatomic_reserve_and_release);
	tcase_add_test(fallback, test_highatomic_reserve_is_capped);
	suite_add_tcase(suite, fallback);

	TCase *checks = tcase_create("checked-errors");
	tcase_set_timeout(checks, 120);
	tcase_add_test(checks, test_bad_frees_are_reported_and_harmless);
	tcase_add_test(checks, test_checker_catches_corruption);
	tcase_add_test(checks, test_random_sequence_keeps_every_invariant);
	tcase_add_test(checks, test_deferred_struct_page_init_changes_nothing);
	tcase_add_test(checks, test_a_64_tib_machine_boots_in_little_memory);
	suite_add_tcase(suite, checks);

	TCase *procfs = tcase_create("procfs");
	tcase_set_timeout(procfs, 30);
	tcase_add_test(procfs, test_buddyinfo_byte_for_byte);
	tcase_add_test(procfs, test_pagetypeinfo_byte_for_byte);
	tcase_add_test(procfs, test_pagetypeinfo_with_config_cma);
	tcase_add_test(procfs, test_pagetypeinfo_counts_no_blocks_in_holes);
	tcase_add_test(procfs, test_pagetypeinfo_tests_the_subsection_of_the_walked_pfn);
	tcase_add_test(procfs, test_pagetypeinfo_layout_matches_a_real_6_18);
	tcase_add_test(procfs, test_pagetypeinfo_compare_a_matching_file);
	tcase_add_test(procfs, test_pagetypeinfo_compare_names_a_changed_block_count);
	tcase_add_test(procfs, test_pagetypeinfo_compare_the_host_file);
	tcase_add_test(procfs, test_proc_compare_malformed_files);
	tcase_add_test(procfs, test_buddyinfo_compare);
	tcase_add_test(procfs, test_fragmentation_indices_by_hand);
	tcase_add_test(procfs, test_tool_bad_ops_and_counts);
	suite_add_tcase(suite, procfs);

	/* One test case per coding exercise, named after it: make exercise runs it first. */
	TCase *exercise_4_1 = tcase_create("exercise-4.1");
	tcase_add_test(exercise_4_1, test_exercise_4_1_the_pieces_of_a_split);
	tcase_add_test(exercise_4_1, test_exercise_4_1_free_but_not_the_buddy);
	tcase_add_test(exercise_4_1, test_exercise_4_1_allocated_and_tail_pages);
	suite_add_tcase(suite, exercise_4_1);
	TCase *exercise_4_6 = tcase_create("exercise-4.6");
	tcase_add_test(exercise_4_6, test_exercise_4_6_order_3_to_0);
	tcase_add_test(exercise_4_6, test_exercise_4_6_no_split);
	tcase_add_test(exercise_4_6, test_exercise_4_6_the_plan_is_what_expand_does);
	suite_add_tcase(suite, exercise_4_6);
	TCase *quiz = tcase_create("quiz");
	tcase_set_timeout(quiz, 60);
	tcase_add_test(quiz, test_quiz_buddy_answers_as_ops_and_buddyinfo_do);
	suite_add_tcase(suite, quiz);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(buddy_suite());
	srunner_run_all(runner, CK_ENV);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
