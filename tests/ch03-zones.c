/* Chapter 3, zones and nodes: spans, zonelists, lowmem reserve, min_free_kbytes,
 * watermarks and per-CPU list sizes, exact to Linux 6.18; /proc/zoneinfo out and in. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "exercises.h"
#include "mm/machine.h"
#include "tool/procfs.h"
#include "tool.h"

static struct machine machine;   /* large: static, rebuilt by every test (fork mode) */

/* A zone of `managed` pages from `start`, with no holes, as --zones lays it out. */
static void give_zone(struct machine_config *config, int nid, int z, unsigned long start,
		      unsigned long managed)
{
	config->zones[nid][z] = (struct zone_geometry){ start, managed, managed, managed, true };
	config->ranges[config->nr_ranges++] = (struct memory_range){ start, start + managed, nid };
	config->zones_given = true;
	if (nid + 1 > config->nr_nodes)
		config->nr_nodes = nid + 1;
}

/* The fact sheet's worked example: DMA 3840, DMA32 772917, Normal 163840, 2 CPUs. */
static void reference_config(struct machine_config *config)
{
	machine_config_init(config);
	give_zone(config, 0, ZONE_DMA, 1, 3840);
	give_zone(config, 0, ZONE_DMA32, 0x1000, 772917);
	give_zone(config, 0, ZONE_NORMAL, 0x100000, 163840);
}

static const struct zone *zone_of(int nid, int z)
{
	return &machine.topo.node_data[nid].node_zones[z];
}

static void assert_marks(int nid, int z, unsigned long min, unsigned long low,
			 unsigned long high, unsigned long promo)
{
	const struct zone *zone = zone_of(nid, z);
	ck_assert_uint_eq(zone->_watermark[WMARK_MIN], min);
	ck_assert_uint_eq(zone->_watermark[WMARK_LOW], low);
	ck_assert_uint_eq(zone->_watermark[WMARK_HIGH], high);
	ck_assert_uint_eq(zone->_watermark[WMARK_PROMO], promo);
}

static void assert_protection(int nid, int z, long a, long b, long c, long d, long e)
{
	const long *reserve = zone_of(nid, z)->lowmem_reserve;
	ck_assert_int_eq(reserve[0], a);
	ck_assert_int_eq(reserve[1], b);
	ck_assert_int_eq(reserve[2], c);
	ck_assert_int_eq(reserve[3], d);
	ck_assert_int_eq(reserve[4], e);
}

static void assert_pageset(int nid, int z, int batch, int high_min, int high_max)
{
	ck_assert_int_eq(zone_of(nid, z)->pageset_batch, batch);
	ck_assert_int_eq(zone_of(nid, z)->pageset_high_min, high_min);
	ck_assert_int_eq(zone_of(nid, z)->pageset_high_max, high_max);
}

static void boot(const struct machine_config *config)
{
	ck_assert_int_eq(machine_boot(&machine, config), 0);
}

START_TEST(test_worked_example_every_field)
{
	struct machine_config config;
	reference_config(&config);
	boot(&config);
	ck_assert_int_eq(machine.boot_min_free_kbytes, 7758);
	ck_assert_int_eq(machine.min_free_kbytes, 67584);
	assert_marks(0, ZONE_DMA, 68, 85, 102, 119);
	assert_marks(0, ZONE_DMA32, 13883, 17353, 20823, 24293);
	assert_marks(0, ZONE_NORMAL, 2943, 3678, 4413, 5148);
	assert_marks(0, ZONE_MOVABLE, 32, 32, 32, 32);
	assert_marks(0, ZONE_DEVICE, 0, 0, 0, 0);
	assert_protection(0, ZONE_DMA, 0, 3019, 3659, 3659, 3659);
	assert_protection(0, ZONE_DMA32, 0, 0, 640, 640, 640);
	assert_protection(0, ZONE_NORMAL, 0, 0, 0, 0, 0);
	assert_protection(0, ZONE_MOVABLE, 0, 0, 0, 0, 0);
	assert_pageset(0, ZONE_DMA, 1, 42, 240);
	assert_pageset(0, ZONE_DMA32, 63, 8676, 48307);
	assert_pageset(0, ZONE_NORMAL, 31, 1839, 10240);
	ck_assert_uint_eq(zone_of(0, ZONE_DMA32)->watermark_boost, 0);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_thp_never_keeps_the_square_root_rule)
{
	struct machine_config config;
	reference_config(&config);
	config.thp = THP_NEVER;
	boot(&config);
	ck_assert_int_eq(machine.min_free_kbytes, 7758);
	assert_marks(0, ZONE_DMA, 7, 10, 13, 16);
	assert_marks(0, ZONE_DMA32, 1593, 2365, 3137, 3909);
	assert_marks(0, ZONE_NORMAL, 337, 500, 663, 826);
	assert_pageset(0, ZONE_NORMAL, 31, 250, 10240);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_madvise_thp_raises_like_always)
{
	struct machine_config config;
	reference_config(&config);
	config.thp = THP_MADVISE;
	boot(&config);
	ck_assert_int_eq(machine.min_free_kbytes, 67584);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_watermark_scale_factor_200)
{
	struct machine_config config;
	reference_config(&config);
	config.watermark_scale_factor = 200;
	boot(&config);
	/* min_free_kbytes was chosen at boot with the default factor of 10. */
	ck_assert_int_eq(machine.min_free_kbytes, 67584);
	assert_marks(0, ZONE_DMA, 68, 144, 220, 296);
	assert_marks(0, ZONE_DMA32, 13883, 29341, 44799, 60257);
	assert_marks(0, ZONE_NORMAL, 2943, 6219, 9495, 12771);
	assert_pageset(0, ZONE_DMA32, 63, 14670, 48307);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_user_min_free_kbytes_and_reserve_ratio)
{
	struct machine_config config;
	reference_config(&config);
	config.min_free_kbytes = 16384;
	memcpy(config.lowmem_reserve_ratio, (int[MAX_NR_ZONES]){ 128, 0, 32, 0, 0 },
	       sizeof(config.lowmem_reserve_ratio));
	boot(&config);
	ck_assert_int_eq(machine.min_free_kbytes, 16384);
	/* pages_min 4096: DMA 4096*3840/940597 = 16, DMA32 3365, Normal 713. */
	ck_assert_uint_eq(zone_of(0, ZONE_DMA)->_watermark[WMARK_MIN], 16);
	ck_assert_uint_eq(zone_of(0, ZONE_DMA32)->_watermark[WMARK_MIN], 3365);
	ck_assert_uint_eq(zone_of(0, ZONE_NORMAL)->_watermark[WMARK_MIN], 713);
	assert_protection(0, ZONE_DMA, 0, 6038, 7318, 7318, 7318);
	assert_protection(0, ZONE_DMA32, 0, 0, 0, 0, 0);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_small_machine_clamps_min_free_kbytes_to_128)
{
	struct machine_config config;
	machine_config_init(&config);
	give_zone(&config, 0, ZONE_DMA, 1, 200);
	boot(&config);
	/* 4 * sqrt(800 KiB) = 113, clamped up; the THP raise is capped at 5 %, 7 pages. */
	ck_assert_int_eq(machine.boot_min_free_kbytes, 128);
	ck_assert_int_eq(machine.min_free_kbytes, 128);
	assert_marks(0, ZONE_DMA, 32, 40, 48, 56);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_huge_machine_clamps_min_free_kbytes_to_256_mib)
{
	/* No memory map needed: the rule only reads managed pages. */
	static struct topology topo;
	topology_init(&topo, 1, 2, MAX_NR_ZONES);
	topo.node_data[0].node_zones[ZONE_NORMAL].present_pages = 1UL << 31;
	topo.node_data[0].node_zones[ZONE_NORMAL].managed_pages = 1UL << 31;   /* 8 TiB */
	ck_assert_int_eq(calculate_min_free_kbytes(&topo), 262144);
	topo.node_data[0].node_zones[ZONE_NORMAL].managed_pages = 1UL << 20;   /* 4 GiB */
	ck_assert_int_eq(calculate_min_free_kbytes(&topo), 8192);
}
END_TEST

START_TEST(test_movable_zone_gets_the_clamped_min)
{
	struct machine_config config;
	reference_config(&config);
	give_zone(&config, 0, ZONE_MOVABLE, 0x128000, 100000);
	boot(&config);
	/* Movable does not count as lowmem: DMA, DMA32 and Normal keep their numbers. */
	assert_marks(0, ZONE_NORMAL, 2943, 3678, 4413, 5148);
	/* min = 100000/1024 = 97; the step still uses the proportional share 1796. */
	assert_marks(0, ZONE_MOVABLE, 97, 546, 995, 1444);
	assert_protection(0, ZONE_DMA, 0, 3019, 3659, 4049, 4049);
	assert_protection(0, ZONE_DMA32, 0, 0, 640, 1030, 1030);
	assert_protection(0, ZONE_NORMAL, 0, 0, 0, 3125, 3125);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_movable_clamp_bounds)
{
	struct machine_config config;
	reference_config(&config);
	give_zone(&config, 0, ZONE_MOVABLE, 0x128000, 300000);
	boot(&config);
	ck_assert_uint_eq(zone_of(0, ZONE_MOVABLE)->_watermark[WMARK_MIN], 128);
	machine_shutdown(&machine);
	reference_config(&config);
	give_zone(&config, 0, ZONE_MOVABLE, 0x128000, 1000);
	boot(&config);
	ck_assert_uint_eq(zone_of(0, ZONE_MOVABLE)->_watermark[WMARK_MIN], 32);
	machine_shutdown(&machine);
}
END_TEST

/* The zone references of a zonelist as "Normal(0) DMA32(0) ...". */
static const char *zonelist_text(int nid, int which)
{
	static char text[512];
	text[0] = '\0';
	for (const struct zoneref *ref = machine.topo.node_data[nid].node_zonelists[which]._zonerefs;
	     ref->zone; ref++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s%s(%d)", text[0] ? " " : "",
			 ref->zone->name, ref->zone->zone_pgdat->node_id);
	return text;
}

START_TEST(test_one_node_default_machine)
{
	struct machine_config config;
	machine_config_init(&config);
	boot(&config);
	ck_assert_uint_eq(zone_of(0, ZONE_DMA)->zone_start_pfn, 1);
	ck_assert_uint_eq(zone_of(0, ZONE_DMA)->spanned_pages, 4095);
	ck_assert_uint_eq(zone_of(0, ZONE_DMA)->present_pages, 3998);
	ck_assert_uint_eq(zone_of(0, ZONE_DMA)->managed_pages, 3840);
	ck_assert_uint_eq(zone_of(0, ZONE_DMA32)->zone_start_pfn, 0x1000);
	ck_assert_uint_eq(zone_of(0, ZONE_DMA32)->spanned_pages, 1044480);
	ck_assert_uint_eq(zone_of(0, ZONE_DMA32)->present_pages, 782336);
	ck_assert_uint_eq(zone_of(0, ZONE_NORMAL)->zone_start_pfn, 0x100000);
	ck_assert_uint_eq(zone_of(0, ZONE_NORMAL)->spanned_pages, 262144);
	ck_assert_str_eq(zonelist_text(0, ZONELIST_FALLBACK), "Normal(0) DMA32(0) DMA(0)");
	ck_assert_str_eq(zonelist_text(0, ZONELIST_NOFALLBACK), "Normal(0) DMA32(0) DMA(0)");
	ck_assert(kmsg_contains(&machine.log, "Fallback order for Node 0: 0 \n"));
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_two_node_machine)
{
	struct machine_config config;
	machine_config_init(&config);
	config.mem_bytes = 8ULL << 30;
	config.nr_nodes = 2;
	boot(&config);
	/* 2097054 present pages, 1048527 per node; node 0 has the low zones. */
	ck_assert_uint_eq(machine.topo.node_data[0].node_present_pages, 1048527);
	ck_assert_uint_eq(machine.topo.node_data[1].node_present_pages, 1048527);
	ck_assert_uint_eq(zone_of(0, ZONE_NORMAL)->managed_pages, 262193);
	ck_assert_uint_eq(zone_of(1, ZONE_NORMAL)->zone_start_pfn, 0x100000 + 262193);
	ck_assert_uint_eq(zone_of(1, ZONE_NORMAL)->managed_pages, 1048527);
	ck_assert(!populated_zone(zone_of(1, ZONE_DMA32)));
	ck_assert_int_eq(machine.topo.node_data[0].nr_cpus, 1);
	ck_assert_int_eq(machine.topo.node_data[1].nr_cpus, 1);
	ck_assert_str_eq(zonelist_text(0, ZONELIST_FALLBACK), "Normal(0) DMA32(0) DMA(0) Normal(1)");
	ck_assert_str_eq(zonelist_text(1, ZONELIST_FALLBACK), "Normal(1) Normal(0) DMA32(0) DMA(0)");
	ck_assert_str_eq(zonelist_text(1, ZONELIST_NOFALLBACK), "Normal(1)");
	/* Four populated low zones: 4 * 11 pageblocks = 22528 pages. */
	ck_assert_int_eq(machine.min_free_kbytes, 90112);
	/* A CPU-less share: high_min splits the low watermark by the node's one CPU. */
	ck_assert_int_eq(zone_of(1, ZONE_NORMAL)->pageset_high_min,
			 (int)zone_of(1, ZONE_NORMAL)->_watermark[WMARK_LOW]);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_four_node_round_robin)
{
	struct machine_config config;
	machine_config_init(&config);
	config.mem_bytes = 16ULL << 30;
	config.nr_nodes = 4;
	config.nr_cpus = 4;
	boot(&config);
	static const char *const expected[4] = { "0 1 2 3 \n", "1 2 3 0 \n", "2 3 0 1 \n", "3 0 1 2 \n" };
	for (int nid = 0; nid < 4; nid++) {
		char line[64];
		snprintf(line, sizeof(line), "Fallback order for Node %d: %s", nid, expected[nid]);
		ck_assert_msg(kmsg_contains(&machine.log, line), "missing '%s' in:\n%s", line, machine.log.text);
	}
	ck_assert_str_eq(zonelist_text(2, ZONELIST_FALLBACK), "Normal(2) Normal(3) Normal(0) DMA32(0) DMA(0) Normal(1)");
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_memoryless_node_starts_at_the_nearest_lowest_node)
{
	struct machine_config config;
	machine_config_init(&config);
	give_zone(&config, 0, ZONE_DMA32, 0x1000, 100000);
	give_zone(&config, 1, ZONE_NORMAL, 0x100000, 100000);
	config.nr_nodes = 3;    /* node 2: CPUs but no memory */
	config.nr_cpus = 3;
	boot(&config);
	/* Nodes 0 and 1 tie (both remote, both lower, both with CPUs): 0 wins. */
	ck_assert_str_eq(zonelist_text(2, ZONELIST_FALLBACK), "DMA32(0) Normal(1)");
	ck_assert_str_eq(zonelist_text(2, ZONELIST_NOFALLBACK), "");
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_zones_that_do_not_fit_are_refused)
{
	struct machine_config config;
	machine_config_init(&config);
	give_zone(&config, 0, ZONE_DMA, 1, 5000);
	ck_assert_int_eq(machine_boot(&machine, &config), -EINVAL);
	ck_assert(kmsg_contains(&machine.log, "zones: node 0 zone DMA: 5000 managed, 5000 present, "
				"5000 spanned pages from pfn 0x1 do not fit the zone\n"));
	/* A refused machine keeps nothing, not even its memory map (found by make fuzz). */
	ck_assert_ptr_null(machine.map.pages);
	ck_assert_ptr_null(machine.map.arena);
	machine_shutdown(&machine);             /* and a shutdown after it is harmless */
	machine_config_init(&config);
	give_zone(&config, 0, ZONE_MOVABLE, 0x100000, 5000);
	ck_assert_int_eq(machine_boot(&machine, &config), -EINVAL);
	ck_assert(kmsg_contains(&machine.log, "zones: no managed memory in DMA, DMA32 or Normal\n"));
	machine_shutdown(&machine);
}
END_TEST

/* A program's configuration is checked as the tool's options are: every count in range, every
 * range on a node; a bad one is -EINVAL and a line, never a crash (nr_cpus 0 divided by zero,
 * nr_nodes 100 and nr_zone_types 9 wrote past the tables). */
START_TEST(test_impossible_configurations_are_refused)
{
	static const struct { int nodes, cpus, zone_types; } bad[] = {
		{ 1, 0, 5 }, { 100, 2, 5 }, { 1, 1000, 5 }, { 1, 2, 9 }, { 0, 2, 5 }, { 1, 2, 2 },
	};
	struct machine_config config;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		machine_config_init(&config);
		config.nr_nodes = bad[i].nodes;
		config.nr_cpus = bad[i].cpus;
		config.nr_zone_types = bad[i].zone_types;
		ck_assert_int_eq(machine_boot(&machine, &config), -EINVAL);
		char expected[128];
		snprintf(expected, sizeof(expected), "machine: %d nodes, %d CPUs, %d zone types: not 1-16, 1-256, 3-5\n",
			 bad[i].nodes, bad[i].cpus, bad[i].zone_types);
		ck_assert_str_eq(machine.log.text, expected);
		machine_shutdown(&machine);
	}
	machine_config_init(&config);
	config.ranges[0] = (struct memory_range){ 0x100, 0x200, 1 };
	config.nr_ranges = 1;
	ck_assert_int_eq(machine_boot(&machine, &config), -EINVAL);
	ck_assert_str_eq(machine.log.text, "memory: range 0 (pfn 0x100-0x200 on node 1) is empty or on no node\n");
	machine_config_init(&config);
	config.nr_ranges = 65;
	ck_assert_int_eq(machine_boot(&machine, &config), -EINVAL);
	ck_assert_str_eq(machine.log.text, "memory: 65 ranges, not 0 to 64\n");
}
END_TEST

/* Booting a running machine is refused; shutting down twice is harmless. */
START_TEST(test_booting_a_running_machine_is_refused)
{
	struct machine_config config;
	machine_config_init(&config);
	config.mem_bytes = 64ULL << 20;
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
	unsigned long managed = machine.topo.node_data[0].node_zones[ZONE_DMA32].managed_pages;
	ck_assert_int_eq(machine_boot(&machine, &config), -EBUSY);
	ck_assert_uint_eq(machine.topo.node_data[0].node_zones[ZONE_DMA32].managed_pages, managed);
	machine_shutdown(&machine);
	machine_shutdown(&machine);
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_batch_and_high_formulas)
{
	static struct topology topo;
	topology_init(&topo, 1, 2, MAX_NR_ZONES);
	struct zone *zone = &topo.node_data[0].node_zones[ZONE_NORMAL];
	static const unsigned long managed[] = { 0, 1023, 4096, 163840, 262144, 1UL << 30 };
	static const int batch[] = { 1, 1, 1, 31, 63, 63 };
	for (size_t i = 0; i < sizeof(managed) / sizeof(managed[0]); i++) {
		zone->managed_pages = managed[i];
		ck_assert_int_eq(zone_batchsize(zone), batch[i]);
	}
	zone->managed_pages = 163840;
	zone->_watermark[WMARK_LOW] = 3678;
	ck_assert_int_eq(zone_highsize(zone, 31, 0, 2), 1839);
	ck_assert_int_eq(zone_highsize(zone, 31, 8, 2), 10240);
	zone->_watermark[WMARK_LOW] = 100;
	ck_assert_int_eq(zone_highsize(zone, 31, 0, 2), 124);   /* at least four batches */
	topo.node_data[0].nr_cpus = 0;
	ck_assert_int_eq(zone_highsize(zone, 31, 8, 4), 5120);  /* no CPUs: all online CPUs */
}
END_TEST

/* /proc/zoneinfo written: the DMA zone of the reference machine, whole. */
START_TEST(test_zoneinfo_format)
{
	struct machine_config config;
	reference_config(&config);
	boot(&config);
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	zoneinfo_show(out, &machine);
	fclose(out);
	/* DMA is node 0's first populated zone: the per-node stats come first, 51 lines of 0. */
	static const char node_stats[] = "Node 0, zone      DMA\n  per-node stats\n      nr_inactive_anon 0\n";
	ck_assert_int_eq(strncmp(text, node_stats, strlen(node_stats)), 0);
	ck_assert_ptr_nonnull(strstr(text, "      nr_balloon_pages 0\n      nr_kernel_file_pages 0\n"
					   "  pages free     "));
	/* Free pages are 0 until chapter 4 hands memory to the buddy allocator. */
	char expected_head[64];
	snprintf(expected_head, sizeof(expected_head), "  pages free     %lu\n",
		 zone_of(0, ZONE_DMA)->nr_free_pages);
	char *rest = strstr(text, expected_head);
	ck_assert_ptr_nonnull(rest);
	rest += strlen(expected_head);
	static const char marks[] =
		"        boost    0\n"
		"        min      68\n"
		"        low      85\n"
		"        high     102\n"
		"        promo    119\n"
		"        spanned  3840\n"
		"        present  3840\n"
		"        managed  3840\n"
		"        cma      0\n"
		"        protection: (0, 3019, 3659, 3659, 3659)\n"
		"      nr_free_pages ";
	ck_assert_int_eq(strncmp(rest, marks, strlen(marks)), 0);
	ck_assert_ptr_nonnull(strstr(rest,
		"\n  pagesets\n"
		"    cpu: 0\n"
		"              count:    0\n"
		"              high:     0\n"
		"              batch:    1\n"
		"              high_min: 42\n"
		"              high_max: 240\n"
		"  vm stats threshold: 4\n"
		"    cpu: 1\n"));
	/* The per-node stats once per node: DMA32 goes straight to its free pages. */
	ck_assert_ptr_nonnull(strstr(text, "Node 0, zone    DMA32\n  pages free     "));
	ck_assert_ptr_null(strstr(strstr(text, "DMA32"), "per-node stats"));
	ck_assert_ptr_nonnull(strstr(text, "  start_pfn:           1\nNode 0, zone    DMA32\n"));
	ck_assert_ptr_nonnull(strstr(text, "Node 0, zone  Movable\n  pages free     0\n        boost    0\n"
					   "        min      32\n"));
	ck_assert_ptr_nonnull(strstr(text, "        protection: (0, 0, 0, 0, 0)\nNode 0, zone   Device\n"));
	free(text);
	machine_shutdown(&machine);
}
END_TEST

#define FIXTURE TESTS_DIR "/data/zoneinfo-6.18-host"

START_TEST(test_from_host_fixture_matches_every_field)
{
	char out[16384];
	ck_assert_int_eq(run_tool("--from " FIXTURE " zoneinfo --compare", out, sizeof(out)), 0);
	/* Per populated zone 4 marks, 5 protection entries, batch, high_min, high_max and the
	 * vm stats threshold; Movable and Device 4 + 5: 3 x 13 + 2 x 9. */
	ck_assert_ptr_nonnull(strstr(out, "\n57 fields match, 0 differ\n"));
	ck_assert_ptr_nonnull(strstr(out, "  high_max:           48307      48307\n"
					  "  threshold:             24         24\n"));
	ck_assert_ptr_null(strstr(out, "<- differs"));
	ck_assert_ptr_nonnull(strstr(out, "# node 0: 2 CPUs; managed pages: DMA 3840 DMA32 772915 Normal 491520\n"));
}
END_TEST

static const char *temp_file(const char *text);

/* The whole file, read into a static buffer. */
static const char *read_whole(const char *name)
{
	static char text[65536];
	FILE *in = fopen(name, "r");
	ck_assert_ptr_nonnull(in);
	size_t n = fread(text, 1, sizeof(text) - 1, in);
	text[n] = '\0';
	fclose(in);
	return text;
}

/* A line's label: the line with every run of digits replaced by one '#'. */
static void label_of(const char *line, size_t len, char *label, size_t size)
{
	size_t out = 0;
	for (size_t i = 0; i < len && out + 1 < size; i++) {
		if (line[i] >= '0' && line[i] <= '9') {
			if (i == 0 || line[i - 1] < '0' || line[i - 1] > '9')
				label[out++] = '#';
			continue;
		}
		label[out++] = line[i];
	}
	label[out] = '\0';
}

/* zoneinfo_show_print() (mm/vmstat.c) of 6.18: the model booted from the host's file prints
 * every line of it, in its order, with the same labels; per-node stats once, before DMA's
 * watermarks; a vm stats threshold after each CPU's pageset. */
/* zoneinfo --modelled: the same zones, only the lines the model computes: no per-node block,
 * of the zone counters only the two free counts, every watermark, pageset and threshold. */
START_TEST(test_zoneinfo_modelled_keeps_only_computed_lines)
{
	char full[65536], modelled[65536];
	ck_assert_int_eq(run_tool("--quiet zoneinfo", full, sizeof(full)), 0);
	ck_assert_int_eq(run_tool("--quiet zoneinfo --modelled", modelled, sizeof(modelled)), 0);
	ck_assert_ptr_nonnull(strstr(full, "  per-node stats\n"));
	ck_assert_ptr_null(strstr(modelled, "per-node stats"));
	ck_assert_ptr_nonnull(strstr(full, "nr_zone_active_anon"));
	ck_assert_ptr_null(strstr(modelled, "nr_zone_active_anon"));
	/* 262144 free in Normal once chapter 4 frees the memory; 0 in chapter 3's snapshot */
	ck_assert_ptr_nonnull(strstr(modelled, "\n      nr_free_pages "));
	ck_assert_ptr_nonnull(strstr(modelled, "\n      nr_free_pages_blocks "));
	ck_assert_ptr_nonnull(strstr(modelled, "  vm stats threshold: 20\n"));
	ck_assert_ptr_nonnull(strstr(modelled, "        min      4225\n"));
	int full_lines = 0, modelled_lines = 0;
	for (const char *c = full; *c; c++)
		full_lines += *c == '\n';
	for (const char *c = modelled; *c; c++)
		modelled_lines += *c == '\n';
	/* 51 node statistics once, 15 zero counters in each of 3 populated zones */
	ck_assert_int_eq(full_lines - modelled_lines, 1 + 51 + 3 * 15);
}
END_TEST

START_TEST(test_zoneinfo_has_every_line_of_a_6_18_host)
{
	static char out[65536];
	ck_assert_int_eq(run_tool("--quiet --from " FIXTURE " zoneinfo", out, sizeof(out)), 0);
	const char *model = out, *host = read_whole(FIXTURE);
	int lines = 0;
	while (*model && *host) {
		size_t model_len = strcspn(model, "\n"), host_len = strcspn(host, "\n");
		char model_label[256], host_label[256];
		label_of(model, model_len, model_label, sizeof(model_label));
		label_of(host, host_len, host_label, sizeof(host_label));
		lines++;
		ck_assert_msg(strcmp(model_label, host_label) == 0, "line %d: model '%s', host '%s'",
			      lines, model_label, host_label);
		model += model_len + (model[model_len] == '\n');
		host += host_len + (host[host_len] == '\n');
	}
	ck_assert_str_eq(model, "");
	ck_assert_str_eq(host, "");
	ck_assert_int_eq(lines, 214);
	/* What the model keeps: DMA's free pages, and those in free blocks of order 9 and 10
	 * (two of each after boot, as its buddyinfo shows): 2 x 512 + 2 x 1024; before
	 * chapter 4 has free lists (the chapter 3 snapshot), none. */
	ck_assert_ptr_nonnull(strstr(out, "      nr_free_pages 3840\n      nr_free_pages_blocks 3072\n") ?
			      strstr(out, "      nr_free_pages 3840\n") :
			      strstr(out, "      nr_free_pages 0\n      nr_free_pages_blocks 0\n"));
}
END_TEST

/* calculate_normal_threshold() (mm/vmstat.c): 2 * fls(cpus) * (1 + fls(managed / 128 MiB)),
 * at most 125.  The host's file says 4, 24 and 20 for its 2 CPUs. */
START_TEST(test_vm_stats_threshold)
{
	struct zone zone = { .managed_pages = 3840 };
	ck_assert_int_eq(calculate_normal_threshold(&zone, 2), 4);      /* below 128 MiB: fls 0 */
	zone.managed_pages = 772915;                                    /* 23 units: fls 5 */
	ck_assert_int_eq(calculate_normal_threshold(&zone, 2), 24);
	zone.managed_pages = 491520;                                    /* 15 units: fls 4 */
	ck_assert_int_eq(calculate_normal_threshold(&zone, 2), 20);
	zone.managed_pages = 32767;                                     /* just under 128 MiB */
	ck_assert_int_eq(calculate_normal_threshold(&zone, 16), 10);
	zone.managed_pages = 32768;
	ck_assert_int_eq(calculate_normal_threshold(&zone, 16), 20);
	zone.managed_pages = 4194304;                                   /* 16 GiB, 256 CPUs: 162 */
	ck_assert_int_eq(calculate_normal_threshold(&zone, 256), 125);
	/* The tool prints the host's values, CPU by CPU. */
	static char out[65536];
	ck_assert_int_eq(run_tool("--quiet --from " FIXTURE " zoneinfo", out, sizeof(out)), 0);
	char model[256] = "", host[256] = "";
	const char *text = read_whole(FIXTURE);
	for (const char *p = out; (p = strstr(p, "vm stats threshold: ")); p++)
		snprintf(model + strlen(model), sizeof(model) - strlen(model), "%d ", atoi(p + 20));
	for (const char *p = text; (p = strstr(p, "vm stats threshold: ")); p++)
		snprintf(host + strlen(host), sizeof(host) - strlen(host), "%d ", atoi(p + 20));
	ck_assert_str_eq(host, "4 4 24 24 20 20 ");
	ck_assert_str_eq(model, host);
}
END_TEST

/* --compare reads the threshold and compares it: a file that says 25 differs by one line. */
START_TEST(test_compare_finds_a_changed_threshold)
{
	static char out[65536];
	char *text = strdup(read_whole(FIXTURE));
	char *line = strstr(strstr(text, "zone    DMA32"), "vm stats threshold: 24");
	ck_assert_ptr_nonnull(line);
	line[strlen("vm stats threshold: 2")] = '5';
	const char *name = temp_file(text);
	char args[256];
	snprintf(args, sizeof(args), "--from %s zoneinfo --compare", name);
	ck_assert_int_eq(run_tool(args, out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "  threshold:             24         25   <- differs\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n56 fields match, 1 differ\n"));
	unlink(name);
	free(text);
}
END_TEST

START_TEST(test_from_fixture_with_other_sysctls_differs)
{
	char out[16384];
	/* Factor 100: DMA32's step becomes 772915/100 = 7729 instead of a quarter of its share. */
	ck_assert_int_eq(run_tool("--from " FIXTURE " --watermark-scale-factor 100 zoneinfo --compare",
				  out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "  low                 18025      12870   <- differs\n"));
	ck_assert_ptr_nonnull(strstr(out, "  min                 10296      10296\n"));
	/* The threshold depends on managed pages and CPUs only: still 3 matches. */
	ck_assert_ptr_nonnull(strstr(out, "\n45 fields match, 12 differ\n"));
}
END_TEST

#define ARM64_FIXTURE TESTS_DIR "/data/zoneinfo-6.12-arm64-qemu-2G"
#define X86_612_FIXTURE TESTS_DIR "/data/zoneinfo-6.12-x86_64-qemu-1G-settled"

/* Every run of digits becomes one '#': what is left is a file's layout, its lines and their
 * names and spacing, which --kernel chooses and the numbers do not. */
static void skeleton(const char *text, char *out, size_t size)
{
	size_t n = 0;
	for (const char *c = text; *c && n + 1 < size; c++)
		if (*c < '0' || *c > '9')
			out[n++] = *c;
		else if (c == text || c[-1] < '0' || c[-1] > '9')
			out[n++] = '#';
	out[n] = '\0';
}

/* Debian's 6.12 on a 1 GiB, two-CPU x86_64 QEMU guest, after min_free_kbytes and
 * lowmem_reserve_ratio were written back (the lab's settle step). With --kernel 6.12 the
 * model's zoneinfo of that machine has the file's 170 lines exactly: 6.12's node counters
 * (nr_writeback_temp, none from 6.13 on), its zone counters (nr_bounce, nr_unaccepted, no
 * nr_free_pages_blocks) and three pageset lines per CPU, aligned after "count:". The
 * comparison matches all 50 fields: DMA and DMA32 11 and 12, three empty zones 9 each. */
START_TEST(test_kernel_6_12_zoneinfo_has_every_line_of_a_6_12_guest)
{
	static char out[65536], file_text[65536], model[65536], real[65536];
	FILE *file = fopen(X86_612_FIXTURE, "r");
	ck_assert_ptr_nonnull(file);
	size_t len = fread(file_text, 1, sizeof(file_text) - 1, file);
	file_text[len] = '\0';
	fclose(file);
	ck_assert_int_eq(run_tool("--quiet --kernel 6.12 --from " X86_612_FIXTURE " zoneinfo",
				  out, sizeof(out)), 0);
	skeleton(out, model, sizeof(model));
	skeleton(file_text, real, sizeof(real));
	ck_assert_str_eq(model, real);
	ck_assert_ptr_nonnull(strstr(out, "    cpu: 1\n              count: 0\n"
					  "              high:  0\n              batch: 63\n"
					  "  vm stats threshold: 16\n"));
	/* 6.18's layout differs from the file's, 6.12's does not */
	ck_assert_int_eq(run_tool("--quiet --from " X86_612_FIXTURE " zoneinfo", out, sizeof(out)), 0);
	skeleton(out, model, sizeof(model));
	ck_assert_str_ne(model, real);
	ck_assert_int_eq(run_tool("--kernel 6.12 --from " X86_612_FIXTURE " zoneinfo --compare",
				  out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "# labyrinth --from " X86_612_FIXTURE " --kernel 6.12 "));
	ck_assert_ptr_nonnull(strstr(out, "# node 0: 2 CPUs; managed pages: DMA 3840 DMA32 243283\n"));
	ck_assert_ptr_nonnull(strstr(out,
		"Node 0, zone    DMA32\n"
		"  min                 11088      11088\n"
		"  low                 13860      13860\n"
		"  high                16632      16632\n"
		"  promo               19404      19404\n"));
	ck_assert_ptr_nonnull(strstr(out, "  batch:                 63         63\n"
					  "  threshold:             16         16\n"
					  "  high:                6930       6930\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n50 fields match, 0 differ\n"));
	ck_assert_ptr_null(strstr(out, "<- differs"));
}
END_TEST

/* An arm64 6.12 guest has no nr_unaccepted (Debian configures unaccepted memory on x86_64
 * only): --kernel 6.12 on a machine read from its file leaves the line out. */
START_TEST(test_kernel_6_12_zoneinfo_of_an_arm64_guest)
{
	static char out[65536], file_text[65536], model[65536], real[65536];
	FILE *file = fopen(ARM64_FIXTURE, "r");
	ck_assert_ptr_nonnull(file);
	size_t len = fread(file_text, 1, sizeof(file_text) - 1, file);
	file_text[len] = '\0';
	fclose(file);
	ck_assert_int_eq(run_tool("--quiet --kernel 6.12 --from " ARM64_FIXTURE " zoneinfo",
				  out, sizeof(out)), 0);
	skeleton(out, model, sizeof(model));
	skeleton(file_text, real, sizeof(real));
	ck_assert_str_eq(model, real);
	ck_assert_ptr_null(strstr(out, "nr_unaccepted"));
}
END_TEST
#define ARM64_64K_FIXTURE TESTS_DIR "/data/zoneinfo-6.12-arm64-64k-constructed"

/* A real arm64 guest (Debian's 6.12 kernel on QEMU's virt machine, 2 GiB from 1 GiB up, two
 * CPUs): DMA holds all of it, from pfn 0x40000, and DMA32 and Normal are empty. The model
 * predicts its watermarks, protection and per-CPU batch and high exactly. The file prints no
 * high_min line, so the CPUs' high (3520 on both, low / 2) is compared with high_min. */
START_TEST(test_from_arm64_guest_matches_every_field)
{
	char out[16384];
	ck_assert_int_eq(run_tool("--from " ARM64_FIXTURE " zoneinfo --compare", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "# memory: 504284 pages present in pfn 0x40000-0xbb1db;"));
	ck_assert_ptr_nonnull(strstr(out, "# node 0: 2 CPUs; managed pages: DMA 504284\n"
					  "# min_free_kbytes 22528 (raised for THP by khugepaged; "
					  "the square-root rule gives 5681)\n"));
	ck_assert_ptr_nonnull(strstr(out,
		"Node 0, zone      DMA\n"
		"  min                  5632       5632\n"
		"  low                  7040       7040\n"
		"  high                 8448       8448\n"
		"  promo                9856       9856\n"
		"  protection[0]           0          0\n"
		"  protection[1]           0          0\n"
		"  protection[2]           0          0\n"
		"  protection[3]           0          0\n"
		"  protection[4]           0          0\n"
		"  batch:                 63         63\n"
		"  threshold:             20         20\n"
		"  high:                3520       3520\n"
		"Node 0, zone    DMA32\n"));
	ck_assert_ptr_nonnull(strstr(out, "Node 0, zone  Movable\n  min                    32         32\n"));
	/* DMA: 4 marks + 5 protection + batch + high; four empty zones: 4 + 5 each. */
	ck_assert_ptr_nonnull(strstr(out, "\n48 fields match, 0 differ\n"));
	ck_assert_ptr_null(strstr(out, "<- differs"));
	/* The model's own zoneinfo of that machine puts DMA where the guest had it. */
	ck_assert_int_eq(run_tool("--from " ARM64_FIXTURE " zoneinfo", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "        spanned  524288\n        present  524288\n"
					  "        managed  504284\n"));
	ck_assert_ptr_nonnull(strstr(out, "  start_pfn:           262144\nNode 0, zone    DMA32\n"));
}
END_TEST

/* A real 6 GiB, four-CPU arm64 guest: DMA from 1 GiB to 4 GiB, DMA32 empty, Normal from 4 GiB
 * (pfn 0x100000) up. It wrote vm.min_free_kbytes back to itself before the capture, so that the
 * watermarks are those of its managed pages now (tools/capture-arm64-guest ... settled); they
 * and DMA's protection of Normal/256 = 2948 match. The one difference is real: the write set
 * DMA's high_min to 7068/4 = 1767, but pageset_update() leaves each CPU's current high where it
 * was, at the old 7055/4 = 1763, until that CPU next uses its lists. */
START_TEST(test_from_arm64_guest_with_normal_memory)
{
	char out[16384];
	ck_assert_int_eq(run_tool("--from " TESTS_DIR "/data/zoneinfo-6.12-arm64-qemu-6G-settled zoneinfo --compare",
				  out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "# node 0: 4 CPUs; managed pages: DMA 761135 Normal 754858\n"));
	ck_assert_ptr_nonnull(strstr(out,
		"Node 0, zone      DMA\n"
		"  min                  5655       5655\n"
		"  low                  7068       7068\n"
		"  high                 8481       8481\n"
		"  promo                9894       9894\n"
		"  protection[0]           0          0\n"
		"  protection[1]           0          0\n"
		"  protection[2]        2948       2948\n"
		"  protection[3]        2948       2948\n"
		"  protection[4]        2948       2948\n"
		"  batch:                 63         63\n"
		"  threshold:             36         36\n"
		"  high:                1767       1763   <- differs\n"));
	ck_assert_ptr_nonnull(strstr(out,
		"Node 0, zone   Normal\n"
		"  min                  5608       5608\n"
		"  low                  7010       7010\n"
		"  high                 8412       8412\n"
		"  promo                9814       9814\n"));
	ck_assert_ptr_nonnull(strstr(out, "  batch:                 63         63\n"
					  "  threshold:             36         36\n"
					  "  high:                1752       1752\nNode 0, zone  Movable\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n50 fields match, 1 differ\n"));
}
END_TEST

/* The same guest as a kernel with 64 KiB pages would show it (a constructed file): 2 GiB from
 * 1 GiB is 32768 pages from pfn 0x4000, which would fit arm64's DMA zone in 4 KiB pages too,
 * but its per-CPU batch of 3 is zone_batchsize() with a 1 MiB cap of 16 pages; 4 KiB pages
 * give 7 for 31517 managed pages. Refused, naming the zone's line. */
START_TEST(test_from_64k_page_file_is_refused)
{
	char out[4096];
	ck_assert_int_eq(run_tool("--from " ARM64_64K_FIXTURE " zoneinfo", out, sizeof(out)), 2);
	ck_assert_str_eq(after_echo(out), "labyrinth: --from " ARM64_64K_FIXTURE ":3: zone DMA: batch 3 for "
			 "31517 managed pages: that is 64 KiB pages (4 KiB give 7), and the model has "
			 "only 4 KiB pages\n");
}
END_TEST

/* Writes `text` to a temporary file and returns its name. */
static const char *temp_file(const char *text)
{
	static char name[64];
	snprintf(name, sizeof(name), "/tmp/labyrinth-zoneinfo-XXXXXX");
	int fd = mkstemp(name);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return name;
}

static void assert_from_fails(const char *contents, const char *message)
{
	char args[256], out[4096], expected[512];
	const char *name = temp_file(contents);
	snprintf(args, sizeof(args), "--from %s zoneinfo", name);
	ck_assert_int_eq(run_tool(args, out, sizeof(out)), 2);
	snprintf(expected, sizeof(expected), "labyrinth: --from %s:%s\n", name, message);
	ck_assert_str_eq(out, expected);
	unlink(name);
}

static const char zone_dma[] =
	"Node 0, zone      DMA\n"
	"  pages free     3840\n"
	"        min      51\n"
	"        spanned  4095\n"
	"        present  3998\n"
	"        managed  3840\n"
	"        protection: (0, 3019, 4939, 4939, 4939)\n"
	"  pagesets\n"
	"    cpu: 0\n"
	"              count:    0\n";

START_TEST(test_from_malformed_files)
{
	char text[2048];
	/* Truncated after the managed line of the second zone. */
	snprintf(text, sizeof(text), "%sNode 0, zone    DMA32\n        spanned  1044480\n"
		 "        present  782336\n        managed  772915\n", zone_dma);
	assert_from_fails(text, "14: file ends before zone DMA32 of node 0 (line 11) has its spanned, "
			  "present, managed and protection lines");
	/* A managed line that is not a number. */
	snprintf(text, sizeof(text), "Node 0, zone      DMA\n        spanned  4095\n"
		 "        present  3998\n        managed  lots\n");
	assert_from_fails(text, "4: managed 'lots' is not a number");
	/* No zones at all. */
	assert_from_fails("MemTotal: 1024 kB\n", "1: no 'Node N, zone NAME' line: not a /proc/zoneinfo file");
	/* A zone x86_64 does not have. */
	snprintf(text, sizeof(text), "Node 0, zone  HighMem\n");
	assert_from_fails(text, "1: zone HighMem where x86_64 and arm64 have DMA");
	/* A protection line that is not a list of numbers. */
	snprintf(text, sizeof(text), "%s", zone_dma);
	char *protection = strstr(text, "(0, 3019");
	memcpy(protection, "(0, x019", 8);
	assert_from_fails(text, "7: protection: not a list of numbers");
}
END_TEST

/* Zones that claim the same frames (found by make fuzz, which crashed the boot): the
 * machine is refused with the overlap named, exit 2. */
START_TEST(test_from_overlapping_zones_is_refused)
{
	static char out[65536];
	ck_assert_int_eq(run_tool("--mem 64M zoneinfo", out, sizeof(out)), 0);
	char *text = strdup(after_echo(out));
	char *dma32 = strstr(text, "  start_pfn:           4096\n");
	ck_assert_ptr_nonnull(dma32);
	memcpy(dma32, "  start_pfn:              1\n", 28);
	const char *name = temp_file(text);
	char args[256];
	snprintf(args, sizeof(args), "--from %s zoneinfo", name);
	ck_assert_int_eq(run_tool(args, out, sizeof(out)), 2);
	ck_assert_str_eq(after_echo(out), "labyrinth: cannot build the machine: memory: pfn 0x1-0x3000 "
			 "overlaps pfn 0x1-0xf00\n");
	unlink(name);
	free(text);
}
END_TEST

/* Writes an arm64 zoneinfo of one node and two CPUs with the given DMA and Normal zones (start
 * pfn and spanned pages; 0 pages: unpopulated; DMA has holes: a sixteenth of it is present and
 * managed, Normal none) and returns what the tool says on reading it, exit status 2 asserted. */
static const char *arm64_layout_refusal(unsigned long dma_start, unsigned long dma_pages,
					unsigned long normal_start, unsigned long normal_pages)
{
	static char text[4096], out[4096];
	const unsigned long starts[3] = { dma_start, 0, normal_start };
	const unsigned long pages[3] = { dma_pages, 0, normal_pages };
	const unsigned long present[3] = { dma_pages / 16, 0, normal_pages };
	static const char *const names[3] = { "DMA", "DMA32", "Normal" };
	text[0] = '\0';
	for (int z = 0; z < 3; z++) {
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
			 "Node 0, zone %8s\n        spanned  %lu\n        present  %lu\n"
			 "        managed  %lu\n        protection: (0, 0, 0, 0, 0)\n",
			 names[z], pages[z], present[z], present[z]);
		if (pages[z])
			snprintf(text + strlen(text), sizeof(text) - strlen(text),
				 "  pagesets\n    cpu: 0\n              batch: 1\n"
				 "    cpu: 1\n              batch: 1\n  start_pfn:           %lu\n",
				 starts[z]);
	}
	const char *name = temp_file(text);
	char args[256];
	snprintf(args, sizeof(args), "--from %s zoneinfo", name);
	ck_assert_int_eq(run_tool(args, out, sizeof(out)), 2);
	unlink(name);
	return after_echo(out);
}

/* arm64 puts DMA and DMA32 below 4 GiB while RAM starts there, and Normal from 4 GiB up; a
 * zone elsewhere is refused with the rule it breaks, and one that would fit if 4 GiB were pfn
 * 0x10000 is named as what a 64 KiB-page kernel writes. */
START_TEST(test_from_arm64_zones_outside_the_layout_are_refused)
{
	/* DMA across 4 GiB. */
	ck_assert_str_eq(arm64_layout_refusal(0xe0000, 0x80000, 0, 0),
			 "labyrinth: cannot build the machine: zones: node 0 zone DMA: pfn 0xe0000-0x15ffff "
			 "is not where arm64 with 4 KiB pages puts DMA (below 4 GiB, pfn 0x100000, if RAM "
			 "starts below it)\n");
	/* Normal at 4 GiB of 64 KiB pages (a batch of 1 says no page size, so the layout must). */
	ck_assert_str_eq(arm64_layout_refusal(0x4000, 0xc000, 0x10000, 0x8000),
			 "labyrinth: cannot build the machine: zones: node 0 zone Normal: pfn 0x10000-0x17fff "
			 "is not where arm64 with 4 KiB pages puts Normal (from 4 GiB, pfn 0x100000, up); "
			 "with 64 KiB pages 4 GiB is pfn 0x10000, and the model has only 4 KiB pages\n");
	/* Normal starting inside a DMA zone that the firmware let run on above 4 GiB. */
	ck_assert_str_eq(arm64_layout_refusal(0x800000, 0x40000, 0x820000, 0x1000),
			 "labyrinth: cannot build the machine: zones: node 0 zone Normal: starts at pfn "
			 "0x820000, inside zone DMA below it, which ends at pfn 0x83ffff\n");
	/* The same two zones one after the other are a machine whose RAM is all above 4 GiB. */
	static char out[16384];
	const char *text = "Node 0, zone      DMA\n        spanned  262144\n        present  262144\n"
		"        managed  262144\n        protection: (0, 0, 0, 0, 0)\n  pagesets\n    cpu: 0\n"
		"              batch: 63\n  start_pfn:           8388608\n"
		"Node 0, zone    DMA32\n        spanned  0\n        present  0\n        managed  0\n"
		"        protection: (0, 0, 0, 0, 0)\n"
		"Node 0, zone   Normal\n        spanned  4096\n        present  4096\n"
		"        managed  4096\n        protection: (0, 0, 0, 0, 0)\n  pagesets\n    cpu: 0\n"
		"              batch: 1\n  start_pfn:           8650752\n";
	const char *name = temp_file(text);
	char args[256];
	snprintf(args, sizeof(args), "--from %s zoneinfo", name);
	ck_assert_int_eq(run_tool(args, out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "# node 0: 1 CPUs; managed pages: DMA 262144 Normal 4096\n"));
	unlink(name);
}
END_TEST

/* The model's own zoneinfo, read back: two nodes, four CPUs, every field must match. */
START_TEST(test_from_two_node_zoneinfo_round_trip)
{
	static char out[65536];
	ck_assert_int_eq(run_tool("--mem 8G --nodes 2 --cpus 4 zoneinfo", out, sizeof(out)), 0);
	const char *name = temp_file(after_echo(out));
	char args[256];
	snprintf(args, sizeof(args), "--from %s zoneinfo --compare", name);
	ck_assert_int_eq(run_tool(args, out, sizeof(out)), 0);
	/* Populated zones: DMA, DMA32, Normal on node 0, Normal on node 1: 4 x 13 fields;
	 * the six empty zones: 9 fields each. */
	ck_assert_ptr_nonnull(strstr(out, "\n106 fields match, 0 differ\n"));
	ck_assert_ptr_nonnull(strstr(out, "# node 1: 2 CPUs; managed pages: Normal 1048527\n"));
	unlink(name);
}
END_TEST

/* A file from an older kernel: no promo (before 6.1), no boost (before 5.0), no
 * high_min/high_max (before 6.7). Those fields are simply not compared. */
START_TEST(test_from_file_without_optional_lines)
{
	static char out[65536], old[65536];
	ck_assert_int_eq(run_tool("--zones DMA=3840,DMA32=772917,Normal=163840 zoneinfo", out, sizeof(out)), 0);
	old[0] = '\0';
	for (char *line = strtok((char *)after_echo(out), "\n"); line; line = strtok(NULL, "\n"))
		if (!strstr(line, "promo") && !strstr(line, "boost") && !strstr(line, "high_m")) {
			strcat(old, line);
			strcat(old, "\n");
		}
	const char *name = temp_file(old);
	char args[256];
	snprintf(args, sizeof(args), "--from %s zoneinfo --compare", name);
	ck_assert_int_eq(run_tool(args, out, sizeof(out)), 0);
	/* DMA, DMA32, Normal: 3 marks + 5 protection + batch + threshold; Movable, Device:
	 * 3 + 5. */
	ck_assert_ptr_nonnull(strstr(out, "\n46 fields match, 0 differ\n"));
	ck_assert_ptr_null(strstr(out, "promo"));
	unlink(name);
}
END_TEST

START_TEST(test_tool_bad_machine_options)
{
	static const struct { const char *args, *error; } cases[] = {
		{ "--nodes 0 zoneinfo", "labyrinth: --nodes 0: not a number from 1 to 16\n" },
		{ "--cpus 1000 zoneinfo", "labyrinth: --cpus 1000: not a number from 1 to 256\n" },
		{ "--thp sometimes zoneinfo", "labyrinth: --thp sometimes: not always, madvise or never\n" },
		{ "--watermark-scale-factor 0 zoneinfo",
		  "labyrinth: --watermark-scale-factor 0: not a number from 1 to 3000\n" },
		{ "--percpu-pagelist-high-fraction 4 zoneinfo",
		  "labyrinth: --percpu-pagelist-high-fraction 4: not 0 or a number from 8 up\n" },
		{ "--zones DMA=5000 zoneinfo", "labyrinth: cannot build the machine: zones: node 0 zone DMA: "
		  "5000 managed, 5000 present, 5000 spanned pages from pfn 0x1 do not fit the zone\n" },
		{ "--zones Highmem=10 zoneinfo", "labyrinth: --zones Highmem=10: 'Highmem=10' is not ZONE=PAGES "
		  "with ZONE one of DMA, DMA32, Normal, Movable\n" },
		{ "--from /nonexistent zoneinfo", "labyrinth: --from /nonexistent: No such file or directory\n" },
		{ "--from " FIXTURE " --nodes 2 zoneinfo",
		  "labyrinth: --from takes the nodes and CPUs from the file; drop --nodes and --cpus\n" },
		{ "zoneinfo --compare", "labyrinth: zoneinfo --compare: give the file with --from FILE\n" },
		{ "--from /dev/zero zoneinfo", "labyrinth: --from /dev/zero:1: a NUL byte: not a text file\n" },
		{ "--from /dev/stdin zoneinfo < /dev/zero",
		  "labyrinth: --from /dev/stdin:1: a NUL byte: not a text file\n" },
		{ "--zones 'node0:Normal=9;node1:Normal=9;node2:Normal=9;node3:Normal=9;node4:Normal=9;"
		  "node5:Normal=9;node6:Normal=9;node7:Normal=9;node8:Normal=9;node9:Normal=9;node10:Normal=9;"
		  "node11:Normal=9;node12:Normal=9;node13:Normal=9;node14:Normal=9;node15:Normal=9;"
		  "node16:Normal=9' zoneinfo", NULL },
		{ "--zones Normal=100,Normal=100 zoneinfo",
		  "labyrinth: --zones Normal=100,Normal=100: node 0 has zone Normal twice\n" },
		{ "--mem 8G --zones Normal=1000 zoneinfo", "labyrinth: --mem and --zones/--from: give the memory only once\n" },
		{ "--zones Normal=1000 zoneinfo --mem 8G", "labyrinth: --mem and --zones/--from: give the memory only once\n" },

	};
	char out[4096];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(run_tool(cases[i].args, out, sizeof(out)), 2);
		if (cases[i].error)
			ck_assert_str_eq(after_echo(out), cases[i].error);
		else
			ck_assert_int_eq(strncmp(after_echo(out), "labyrinth: --zones node0:", 25), 0);
	}
	/* Later chapters add views to the list; this chapter's come first. */
	ck_assert_int_eq(run_tool("dot buddies", out, sizeof(out)), 2);
	ck_assert_int_eq(strncmp(after_echo(out), "labyrinth: dot: give one view: memmap, gfp, zones, zonelist", 59), 0);
}
END_TEST

/* The first megabyte is reserved from the DMA zone of the node it belongs to: a 2 MiB
 * machine of three nodes has node 0's low pages in node 0 and node 1's in node 1. */
START_TEST(test_first_megabyte_is_reserved_from_its_own_nodes)
{
	static char out[65536];
	ck_assert_int_eq(run_tool("--nodes 3 --mem 2M zonelist", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "pfn 0x1-0x8a, pfn 0x8b-0x9e, pfn 0x100-0x175, pfn 0x176-0x1ff;"));
	ck_assert_ptr_nonnull(strstr(out, "# node 0: 1 CPUs; managed pages: DMA 0\n"
					  "# node 1: 1 CPUs; managed pages: DMA 118\n"
					  "# node 2: 0 CPUs; managed pages: DMA 138\n"));
}
END_TEST

/* An endless text file ends too: no /proc/zoneinfo has 200,000 lines. */
START_TEST(test_from_endless_input_is_refused)
{
	char command[512], out[4096];
	snprintf(command, sizeof(command), "yes '  pages free 1' | %s --from /dev/stdin zoneinfo 2>&1", LABYRINTH_TOOL);
	FILE *pipe = popen(command, "r");
	ck_assert_ptr_nonnull(pipe);
	out[fread(out, 1, sizeof(out) - 1, pipe)] = '\0';
	int status = pclose(pipe);
	ck_assert_int_eq(WEXITSTATUS(status), 2);
	ck_assert_str_eq(out, "labyrinth: --from /dev/stdin:200001: more lines than any /proc/zoneinfo has (200000)\n");
}
END_TEST

/* A --zones machine echoes its list whole, quoted for the shell, without a --nodes that
 * the list already gives; the echoed line runs the same machine. */
START_TEST(test_tool_zones_echo_replays)
{
	static char out[16384], again[16384];
	char spec[700] = "node0:DMA32=4000";
	for (int nid = 1; nid < 16; nid++)
		snprintf(spec + strlen(spec), sizeof(spec) - strlen(spec), ";node%d:Normal=32768,Movable=32768", nid);
	ck_assert_uint_gt(strlen(spec), 511);
	char args[1024];
	snprintf(args, sizeof(args), "--zones '%s' --cpus 4 zonelist", spec);
	ck_assert_int_eq(run_tool(args, out, sizeof(out)), 0);
	char expected[1024];
	snprintf(expected, sizeof(expected), "# labyrinth --zones '%s' --cpus 4 --thp always", spec);
	ck_assert_int_eq(strncmp(out, expected, strlen(expected)), 0);
	snprintf(args, sizeof(args), "%.*s zonelist", (int)(strchr(out, '\n') - out - 12), out + 12);
	ck_assert_int_eq(run_tool(args, again, sizeof(again)), 0);
	ck_assert_str_eq(out, again);
}
END_TEST

START_TEST(test_tool_zones_option_and_dot)
{
	char out[16384];
	ck_assert_int_eq(run_tool("--zones 'node0:DMA32=100000;node1:Normal=50000' --cpus 4 zonelist",
				  out, sizeof(out)), 0);
	ck_assert_str_eq(after_echo(out),
		"Fallback order for Node 0: 0 1\n"
		"Node 0 fallback zonelist: DMA32(0) Normal(1)\n"
		"Node 0 __GFP_THISNODE zonelist: DMA32(0)\n"
		"Fallback order for Node 1: 1 0\n"
		"Node 1 fallback zonelist: Normal(1) DMA32(0)\n"
		"Node 1 __GFP_THISNODE zonelist: Normal(1)\n");
	ck_assert_int_eq(run_tool("dot zones", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "digraph zones {"));
	ck_assert_ptr_nonnull(strstr(out, "z0_2 [label=\"Normal  pfn 0x100000-0x13ffff\\n"));
	ck_assert_ptr_nonnull(strstr(out, "z0_3 [label=\"Movable: empty\", style=\"rounded,dashed\"];"));
}
END_TEST

/* vm.percpu_pagelist_high_fraction fixes both marks. */
START_TEST(test_high_fraction_fixes_both_marks)
{
	struct machine_config config;
	reference_config(&config);
	config.percpu_pagelist_high_fraction = 8;
	boot(&config);
	assert_pageset(0, ZONE_DMA, 1, 240, 240);
	assert_pageset(0, ZONE_DMA32, 63, 48307, 48307);
	assert_pageset(0, ZONE_NORMAL, 31, 10240, 10240);
	machine_shutdown(&machine);
	reference_config(&config);
	config.percpu_pagelist_high_fraction = 4096;
	boot(&config);
	assert_pageset(0, ZONE_DMA, 1, 4, 4);           /* four batches at least */
	assert_pageset(0, ZONE_NORMAL, 31, 124, 124);
	machine_shutdown(&machine);
}
END_TEST

/* Exercise 3.1: the watermarks of a 4.5 kernel, for a min_free_kbytes of the test's choosing. */
static void assert_marks_4_5(int nid, int z, int min_free_kbytes, unsigned long min, unsigned long low,
			     unsigned long high)
{
	const struct zone *zone = zone_of(nid, z);
	ck_assert_uint_eq(zone_wmark_4_5(&machine.topo, zone, min_free_kbytes, WMARK_MIN), min);
	ck_assert_uint_eq(zone_wmark_4_5(&machine.topo, zone, min_free_kbytes, WMARK_LOW), low);
	ck_assert_uint_eq(zone_wmark_4_5(&machine.topo, zone, min_free_kbytes, WMARK_HIGH), high);
}

START_TEST(test_exercise_3_1_reference_machine)
{
	struct machine_config config;
	reference_config(&config);
	boot(&config);
	/* 16384 KiB are 4096 pages, shared out over 940597 managed pages. */
	assert_marks_4_5(0, ZONE_DMA, 16384, 16, 20, 24);
	assert_marks_4_5(0, ZONE_DMA32, 16384, 3365, 4206, 5047);
	assert_marks_4_5(0, ZONE_NORMAL, 16384, 713, 891, 1069);
	/* The zones themselves keep their 6.18 marks. */
	assert_marks(0, ZONE_NORMAL, 2943, 3678, 4413, 5148);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_exercise_3_1_two_nodes)
{
	struct machine_config config;
	machine_config_init(&config);
	config.mem_bytes = 8ULL << 30;
	config.nr_nodes = 2;
	boot(&config);
	assert_marks_4_5(0, ZONE_NORMAL, 45056, 1408, 1760, 2112);
	assert_marks_4_5(1, ZONE_NORMAL, 45056, 5632, 7040, 8448);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_exercise_3_1_movable_zone_gets_its_share)
{
	struct machine_config config;
	reference_config(&config);
	give_zone(&config, 0, ZONE_MOVABLE, 0x128000, 100000);
	boot(&config);
	ck_assert_uint_eq(zone_of(0, ZONE_MOVABLE)->_watermark[WMARK_MIN], 97);   /* 6.18's token */
	assert_marks_4_5(0, ZONE_MOVABLE, 16384, 393, 491, 589);
	assert_marks_4_5(0, ZONE_NORMAL, 16384, 644, 805, 966);
	machine_shutdown(&machine);
}
END_TEST

/* Exercise 3.7: the zone whose span holds a pfn, holes included. */
static void assert_zone_of_pfn(unsigned long pfn, int nid, int z)
{
	struct zone *zone = zone_of_pfn(&machine.topo, pfn);
	if (z < 0) {
		ck_assert_msg(zone == NULL, "pfn %#lx: no zone spans it, got %s", pfn, zone ? zone->name : "");
		return;
	}
	ck_assert_msg(zone == zone_of(nid, z), "pfn %#lx: expected %s of node %d, got %s", pfn,
		      zone_names[z], nid, zone ? zone->name : "NULL");
}

START_TEST(test_exercise_3_7_default_machine)
{
	struct machine_config config;
	machine_config_init(&config);
	boot(&config);
	assert_zone_of_pfn(0x1, 0, ZONE_DMA);
	assert_zone_of_pfn(0xfff, 0, ZONE_DMA);
	assert_zone_of_pfn(0x1000, 0, ZONE_DMA32);
	assert_zone_of_pfn(0xc0000, 0, ZONE_DMA32);      /* the PCI hole is inside DMA32's span */
	assert_zone_of_pfn(0xfffff, 0, ZONE_DMA32);
	assert_zone_of_pfn(0x100000, 0, ZONE_NORMAL);
	assert_zone_of_pfn(0x13ffff, 0, ZONE_NORMAL);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_exercise_3_7_outside_every_zone)
{
	struct machine_config config;
	machine_config_init(&config);
	boot(&config);
	assert_zone_of_pfn(0x0, 0, -1);             /* page 0 belongs to the firmware */
	assert_zone_of_pfn(0x140000, 0, -1);
	assert_zone_of_pfn(~0UL, 0, -1);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_exercise_3_7_two_nodes)
{
	struct machine_config config;
	machine_config_init(&config);
	config.mem_bytes = 8ULL << 30;
	config.nr_nodes = 2;
	boot(&config);
	assert_zone_of_pfn(0x100000 + 262192, 0, ZONE_NORMAL);
	assert_zone_of_pfn(0x100000 + 262193, 1, ZONE_NORMAL);
	assert_zone_of_pfn(0x100000 + 262193 + 1048526, 1, ZONE_NORMAL);
	assert_zone_of_pfn(0x100000 + 262193 + 1048527, 0, -1);
	machine_shutdown(&machine);
}
END_TEST

/* Quiz zones: the machine it poses, built with --zones, has the watermarks it answers. */
START_TEST(test_quiz_zones_answers_as_zoneinfo_does)
{
	static char answer[32768];
	assert_quiz_answers_its_question("--seed 3", "zones", answer, sizeof(answer));

	char spec[128], value[64], args[256], expected[128];
	static char zoneinfo[65536];
	ck_assert_int_eq(sscanf(strstr(answer, "The machine --zones "), "The machine --zones %127s", spec), 1);
	spec[strlen(spec) - 1] = '\0';          /* the comma that ends the specification */
	snprintf(args, sizeof(args), "--zones %s zoneinfo", spec);
	ck_assert_int_eq(run_tool(args, zoneinfo, sizeof(zoneinfo)), 0);
	ck_assert_int_eq(quiz_value(answer, "min_free_kbytes", value, sizeof(value)), 0);
	snprintf(expected, sizeof(expected), "# min_free_kbytes %s (", value);
	ck_assert_msg(strstr(zoneinfo, expected) != NULL, "zoneinfo lacks %s", expected);
	const char *dma32 = strstr(answer, "zone DMA32, ");
	ck_assert_ptr_nonnull(dma32);
	ck_assert_int_eq(quiz_value(dma32, "min", value, sizeof(value)), 0);
	snprintf(expected, sizeof(expected), "zone    DMA32\n  pages free     ");
	const char *zone = strstr(zoneinfo, expected);
	ck_assert_ptr_nonnull(zone);
	snprintf(expected, sizeof(expected), "\n        min      %s\n", value);
	ck_assert_msg(strstr(zone, expected) != NULL, "DMA32 of zoneinfo lacks min %s", value);
	/* The page quiz asks for the zone of its frame now. */
	ck_assert_int_eq(run_tool("--seed 3 quiz page --answer", answer, sizeof(answer)), 0);
	ck_assert_int_eq(quiz_value(answer, "zone", value, sizeof(value)), 0);
	ck_assert_str_eq(value, "DMA32");
}
END_TEST

static Suite *zones_suite(void)
{
	Suite *suite = suite_create("ch03-zones");
	TCase *numbers = tcase_create("numbers");
	tcase_set_timeout(numbers, 20);
	tcase_add_test(numbers, test_worked_example_every_field);
	tcase_add_test(numbers, test_thp_never_keeps_the_square_root_rule);
	tcase_add_test(numbers, test_madvise_thp_raises_like_always);
	tcase_add_test(numbers, test_watermark_scale_factor_200);
	tcase_add_test(numbers, test_user_min_free_kbytes_and_reserve_ratio);
	tcase_add_test(numbers, test_small_machine_clamps_min_free_kbytes_to_128);
	tcase_add_test(numbers, test_huge_machine_clamps_min_free_kbytes_to_256_mib);
	tcase_add_test(numbers, test_movable_zone_gets_the_clamped_min);
	tcase_add_test(numbers, test_movable_clamp_bounds);
	tcase_add_test(numbers, test_batch_and_high_formulas);
	tcase_add_test(numbers, test_high_fraction_fixes_both_marks);
	suite_add_tcase(suite, numbers);

	TCase *layout = tcase_create("layout-and-zonelists");
	tcase_set_timeout(layout, 20);
	tcase_add_test(layout, test_one_node_default_machine);
	tcase_add_test(layout, test_two_node_machine);
	tcase_add_test(layout, test_four_node_round_robin);
	tcase_add_test(layout, test_memoryless_node_starts_at_the_nearest_lowest_node);
	tcase_add_test(layout, test_zones_that_do_not_fit_are_refused);
	tcase_add_test(layout, test_impossible_configurations_are_refused);
	tcase_add_test(layout, test_booting_a_running_machine_is_refused);
	suite_add_tcase(suite, layout);

	TCase *procfs = tcase_create("zoneinfo");
	tcase_set_timeout(procfs, 30);
	tcase_add_test(procfs, test_zoneinfo_format);
	tcase_add_test(procfs, test_from_host_fixture_matches_every_field);
	tcase_add_test(procfs, test_zoneinfo_has_every_line_of_a_6_18_host);
	tcase_add_test(procfs, test_zoneinfo_modelled_keeps_only_computed_lines);
	tcase_add_test(procfs, test_vm_stats_threshold);
	tcase_add_test(procfs, test_compare_finds_a_changed_threshold);
	tcase_add_test(procfs, test_from_fixture_with_other_sysctls_differs);
	tcase_add_test(procfs, test_from_arm64_guest_matches_every_field);
	tcase_add_test(procfs, test_kernel_6_12_zoneinfo_has_every_line_of_a_6_12_guest);
	tcase_add_test(procfs, test_kernel_6_12_zoneinfo_of_an_arm64_guest);
	tcase_add_test(procfs, test_from_arm64_guest_with_normal_memory);
	tcase_add_test(procfs, test_from_64k_page_file_is_refused);
	tcase_add_test(procfs, test_from_arm64_zones_outside_the_layout_are_refused);
	tcase_add_test(procfs, test_from_malformed_files);
	tcase_add_test(procfs, test_from_two_node_zoneinfo_round_trip);
	tcase_add_test(procfs, test_from_file_without_optional_lines);
	tcase_add_test(procfs, test_tool_bad_machine_options);
	tcase_add_test(procfs, test_tool_zones_echo_replays);
	tcase_add_test(procfs, test_from_endless_input_is_refused);
	tcase_add_test(procfs, test_first_megabyte_is_reserved_from_its_own_nodes);
	tcase_add_test(procfs, test_from_overlapping_zones_is_refused);
	tcase_add_test(procfs, test_tool_zones_option_and_dot);
	suite_add_tcase(suite, procfs);

	/* One test case per coding exercise, named after it: make exercise runs it first. */
	TCase *exercise_3_1 = tcase_create("exercise-3.1");
	tcase_add_test(exercise_3_1, test_exercise_3_1_reference_machine);
	tcase_add_test(exercise_3_1, test_exercise_3_1_two_nodes);
	tcase_add_test(exercise_3_1, test_exercise_3_1_movable_zone_gets_its_share);
	suite_add_tcase(suite, exercise_3_1);
	TCase *exercise_3_7 = tcase_create("exercise-3.7");
	tcase_add_test(exercise_3_7, test_exercise_3_7_default_machine);
	tcase_add_test(exercise_3_7, test_exercise_3_7_outside_every_zone);
	tcase_add_test(exercise_3_7, test_exercise_3_7_two_nodes);
	suite_add_tcase(suite, exercise_3_7);
	TCase *quiz = tcase_create("quiz");
	tcase_set_timeout(quiz, 60);
	tcase_add_test(quiz, test_quiz_zones_answers_as_zoneinfo_does);
	suite_add_tcase(suite, quiz);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(zones_suite());
	srunner_run_all(runner, CK_ENV);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
