/* tests/fuzz/alloc.c: libFuzzer harness for the whole allocator.
 *
 * The input is a program of 4-byte steps.  Each step allocates (mixed orders 0..10, gfp masks,
 * task or interrupt context), frees one of the live blocks (right order, in task or interrupt
 * context), or misuses the API on purpose: a double free, a free with the wrong order, a
 * pointer that is no page of the machine.  Misuse must be reported in the machine's log and
 * change nothing.  After every step every zone's invariant checker (buddy_check_zone) must
 * pass, and every live block must still hold the stamp written into it when it was allocated
 * (a block handed out twice would have been overwritten).  At the end everything is freed,
 * the per-CPU lists are drained, and each zone must have exactly its free pages of boot.
 *
 * The machine (64 MiB, 2 CPUs, no kswapd or vmstat threads) is booted once per process; an
 * input runs on one model CPU thread, and its interrupt-context steps run in a real interrupt
 * handler: the step raises an interrupt on its own CPU (labyrinth_raise_irq). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labyrinth.h"

enum { MAX_LIVE = 64, STEP = 4 };

static struct machine machine;
static unsigned long boot_free[MAX_NUMNODES][MAX_NR_ZONES];

static const gfp_t masks[] = {
	GFP_KERNEL, GFP_ATOMIC, GFP_NOWAIT, GFP_NOIO, GFP_NOFS, GFP_USER, GFP_DMA, GFP_DMA32,
	GFP_HIGHUSER, GFP_HIGHUSER_MOVABLE, GFP_TRANSHUGE_LIGHT, GFP_TRANSHUGE, GFP_KERNEL_ACCOUNT,
	GFP_KERNEL | __GFP_RETRY_MAYFAIL, GFP_KERNEL | __GFP_NORETRY, GFP_ATOMIC | __GFP_NOMEMALLOC,
	GFP_KERNEL | __GFP_RECLAIMABLE, GFP_ATOMIC | __GFP_MEMALLOC, 0,
};
/* Modifiers a step may add: bit i of the step's third byte adds extra[i].  Some make the zone
 * modifiers a bad combination (__GFP_DMA with __GFP_DMA32, say), which must be refused. */
static const gfp_t extra[] = {
	__GFP_ZERO, __GFP_COMP, __GFP_NOWARN, __GFP_DMA, __GFP_DMA32, __GFP_HIGHMEM, __GFP_MOVABLE,
	__GFP_THISNODE,
};

struct live {
	struct page *page;
	unsigned int order;
};

struct program {
	const uint8_t *data;
	size_t size;
	int cpu;
	struct live live[MAX_LIVE];
	int nr_live;
	const uint8_t *step;                 /* the step an interrupt handler is to run */
};

static void fail(const char *what)
{
	fprintf(stderr, "alloc fuzz: %s\n--- kmsg ---\n%s\n", what, machine.log.text);
	abort();
}

static void for_each_zone_check(void)
{
	for (int nid = 0; nid < machine.topo.nr_nodes; nid++)
		for (int z = 0; z < machine.topo.nr_zone_types; z++) {
			struct zone *zone = &machine.topo.node_data[nid].node_zones[z];
			if (zone->spanned_pages && buddy_check_zone(zone) != 0)
				fail("buddy_check_zone found an inconsistency");
		}
}

/* The first and last word of a block hold its pfn and order while it is allocated. */
static uint64_t stamp_of(const struct page *page, unsigned int order)
{
	return ((uint64_t)page_to_pfn(&machine.map, page) << 8) | order | 0xa5a5000000000000ULL;
}

static uint64_t *last_word(struct page *page, unsigned int order)
{
	return (uint64_t *)((char *)page_address(&machine.map, page) + (PAGE_SIZE << order)) - 1;
}

static void check_stamps(const struct program *program)
{
	for (int i = 0; i < program->nr_live; i++) {
		const struct live *live = &program->live[i];
		uint64_t want = stamp_of(live->page, live->order);
		if (*(uint64_t *)page_address(&machine.map, live->page) != want ||
		    *last_word(live->page, live->order) != want)
			fail("a live block's stamp was overwritten: two owners");
	}
}

static void expect_report(const char *what, size_t log_before)
{
	if (machine.log.len == log_before && !machine.log.dropped)
		fail(what);
}

static void do_alloc(struct program *program, const uint8_t *step)
{
	unsigned int order = step[1] % NR_PAGE_ORDERS;
	gfp_t gfp = masks[step[2] % (sizeof(masks) / sizeof(masks[0]))];
	for (unsigned int bit = 0; bit < sizeof(extra) / sizeof(extra[0]); bit++)
		if (step[3] & (1u << bit) && (step[3] & 0x80) == 0)   /* bit 7 clear: add modifiers */
			gfp |= extra[bit];
	if (program->nr_live == MAX_LIVE)
		return;
	struct page *page;
	if (step[0] & 0x10) {
		unsigned long addr = __get_free_pages(&machine, gfp & ~__GFP_HIGHMEM, order);
		page = addr ? virt_to_page(&machine.map, (void *)addr) : NULL;
	} else {
		page = alloc_pages(&machine, gfp, order);
	}
	if (!page)
		return;
	if (gfp & __GFP_ZERO)
		for (size_t i = 0; i < (PAGE_SIZE << order) / sizeof(uint64_t); i++)
			if (((uint64_t *)page_address(&machine.map, page))[i] != 0)
				fail("a __GFP_ZERO block is not zero");
	uint64_t stamp = stamp_of(page, order);
	*(uint64_t *)page_address(&machine.map, page) = stamp;
	*last_word(page, order) = stamp;
	program->live[program->nr_live++] = (struct live){ page, order };
}

static void free_live(struct program *program, int i, bool by_address)
{
	struct live live = program->live[i];
	program->live[i] = program->live[--program->nr_live];
	if (by_address)
		free_pages(&machine, (unsigned long)page_address(&machine.map, live.page), live.order);
	else
		__free_pages(&machine, live.page, live.order);
}

static bool verbose;                     /* FUZZ_VERBOSE=1: print each step, to read a crash */

static void do_step(struct program *program, const uint8_t *step)
{
	size_t log_before = machine.log.len;
	if (verbose)
		fprintf(stderr, "step %02x %02x %02x %02x, %d live\n", step[0], step[1], step[2], step[3],
			program->nr_live);
	switch (step[0] % 8) {
	case 0: case 1: case 2:
		do_alloc(program, step);
		break;
	case 3: case 4:
		if (program->nr_live)
			free_live(program, step[1] % program->nr_live, step[2] & 1);
		break;
	case 5:                               /* double free: free, then free again at once */
		if (program->nr_live) {
			int i = step[1] % program->nr_live;
			struct live live = program->live[i];
			free_live(program, i, false);
			log_before = machine.log.len;
			__free_pages(&machine, live.page, live.order);
			expect_report("a double free was not reported", log_before);
		}
		break;
	case 6:                               /* the wrong order, perhaps far out of range */
		if (program->nr_live) {
			struct live *live = &program->live[step[1] % program->nr_live];
			unsigned int order = step[2] & 0x80 ? step[2] & 31u : step[2] % NR_PAGE_ORDERS;
			if (order == live->order)
				break;
			__free_pages(&machine, live->page, order);
			expect_report("a free with the wrong order was not reported", log_before);
			/* A reference may have been dropped before the order was found wrong, as in
			 * the kernel; give it back so the block can still be freed normally. */
			if (page_ref_count(live->page) == 0)
				get_page(live->page);
		}
		break;
	case 7: {                             /* a pointer that is no page of this machine */
		struct page stranger;
		memset(&stranger, step[1], sizeof(stranger));
		if (step[2] & 1) {
			__free_pages(&machine, &stranger, step[3] % NR_PAGE_ORDERS);
		} else {
			static char outside[PAGE_SIZE];
			free_pages(&machine, (unsigned long)outside, step[3] % NR_PAGE_ORDERS);
		}
		expect_report("a foreign pointer was not reported", log_before);
		break;
	}
	}
}

static void irq_step(struct cpu *cpu, void *arg)
{
	struct program *program = arg;
	(void)cpu;
	do_step(program, program->step);
	program->step = NULL;
}

static void run_program(struct machine *m, void *arg)
{
	struct program *program = arg;
	(void)m;
	for (size_t offset = 0; offset + STEP <= program->size; offset += STEP) {
		const uint8_t *step = program->data + offset;
		if (step[0] & 0x20) {            /* this step runs in an interrupt handler */
			program->step = step;
			labyrinth_raise_irq(&machine, program->cpu);
			if (program->step)
				fail("the interrupt was not delivered");
		} else {
			do_step(program, step);
		}
		for_each_zone_check();
		check_stamps(program);
		if (machine.log.len > KMSG_SIZE / 2)
			kmsg_clear(&machine.log);
	}
	while (program->nr_live)
		free_live(program, 0, false);
}

static void drain_and_count(unsigned long counts[MAX_NUMNODES][MAX_NR_ZONES])
{
	for (int nid = 0; nid < machine.topo.nr_nodes; nid++)
		for (int z = 0; z < machine.topo.nr_zone_types; z++) {
			struct zone *zone = &machine.topo.node_data[nid].node_zones[z];
			if (!zone->spanned_pages)
				continue;
			drain_all_pages(zone);
			counts[nid][z] = zone->nr_free_pages;
		}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	verbose = getenv("FUZZ_VERBOSE") != NULL;
	struct machine_config config;
	machine_config_init(&config);
	config.mem_bytes = 64ULL << 20;
	config.nr_cpus = 2;
	if (machine_boot(&machine, &config) != 0) {
		fprintf(stderr, "alloc fuzz: cannot boot the machine\n%s", machine.log.text);
		exit(1);
	}
	drain_and_count(boot_free);
	for_each_zone_check();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct program program = { .data = data + 1, .size = size - 1, .cpu = data[0] % 2 };
	labyrinth_set_irq_handler(&machine, program.cpu, irq_step, &program);
	if (labyrinth_run_on_cpu(&machine, program.cpu, run_program, &program) != 0)
		fail("cannot start the CPU thread");
	unsigned long counts[MAX_NUMNODES][MAX_NR_ZONES] = { { 0 } };
	drain_and_count(counts);
	for_each_zone_check();
	if (memcmp(counts, boot_free, sizeof(counts)) != 0)
		fail("not every page came back");
	kmsg_clear(&machine.log);
	return 0;
}
