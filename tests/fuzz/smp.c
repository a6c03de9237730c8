/* tests/fuzz/smp.c: libFuzzer harness for the allocator on several CPUs, with interrupts,
 * a reclaimable page cache and kswapd.
 *
 * tests/fuzz/alloc.c drives one CPU of a one-node machine.  Here the first input byte picks
 * one of two machines (one node and four CPUs, or two nodes of four CPUs between them), and
 * the rest is a program of 4-byte steps, each naming the CPU it runs on.  A block allocated
 * on one CPU is often freed on another, so it lands on a per-CPU list that did not hand it
 * out; interrupt-context steps run in that CPU's real interrupt handler; page-cache steps fill
 * memory until GFP_KERNEL requests must reclaim directly and GFP_ATOMIC ones reach into the
 * reserves; kswapd steps run a node's balancing pass.
 *
 * Why every step runs to its end before the next begins (a fresh CPU thread per step, not
 * four threads at once): a fuzzer must be deterministic from its input, or a crash it finds
 * cannot be replayed.  For the same reason kswapd is not a thread here: a step calls the pass
 * kswapd's thread would (kswapd_balance), at a point the input chooses.  The races between
 * CPUs are the storm's and TSan's business (make stress, make sanitize).
 *
 * After every step every zone passes buddy_check_zone and every live block still holds the
 * stamp written when it was allocated.  At the end the harness frees every block, empties the
 * page cache, drains every CPU's lists and requires each zone's free count of boot. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labyrinth.h"

enum { MAX_LIVE = 96, STEP = 4, NR_MACHINES = 2, NR_FUZZ_CPUS = 4 };

static struct machine machines[NR_MACHINES];
static unsigned long boot_free[NR_MACHINES][MAX_NUMNODES][MAX_NR_ZONES];

static const gfp_t masks[] = {
	GFP_KERNEL, GFP_ATOMIC, GFP_NOWAIT, GFP_NOIO, GFP_USER, GFP_DMA32, GFP_HIGHUSER_MOVABLE,
	GFP_TRANSHUGE_LIGHT, GFP_KERNEL | __GFP_NORETRY, GFP_ATOMIC | __GFP_NOMEMALLOC,
	GFP_KERNEL | __GFP_RECLAIMABLE, GFP_ATOMIC | __GFP_MEMALLOC, GFP_NOWAIT | __GFP_NOWARN,
	GFP_KERNEL | __GFP_THISNODE, GFP_ATOMIC | __GFP_COMP,
};

struct live {
	struct page *page;
	unsigned int order;
};

struct program {
	struct machine *machine;
	struct live live[MAX_LIVE];
	int nr_live;
	const uint8_t *step;                 /* the step to run, on its CPU */
};

static void fail(struct machine *machine, const char *what)
{
	fprintf(stderr, "smp fuzz: %s\n--- kmsg ---\n%s\n", what, machine->log.text);
	abort();
}

static void check_zones(struct machine *machine)
{
	for (int nid = 0; nid < machine->topo.nr_nodes; nid++)
		for (int z = 0; z < machine->topo.nr_zone_types; z++) {
			struct zone *zone = &machine->topo.node_data[nid].node_zones[z];
			if (zone->spanned_pages && buddy_check_zone(zone) != 0)
				fail(machine, "buddy_check_zone found an inconsistency");
		}
}

static uint64_t stamp_of(struct machine *machine, const struct page *page, unsigned int order)
{
	return ((uint64_t)page_to_pfn(&machine->map, page) << 8) | order | 0x5a5a000000000000ULL;
}

static uint64_t *last_word(struct machine *machine, struct page *page, unsigned int order)
{
	return (uint64_t *)((char *)page_address(&machine->map, page) + (PAGE_SIZE << order)) - 1;
}

static void check_stamps(const struct program *program)
{
	struct machine *machine = program->machine;
	for (int i = 0; i < program->nr_live; i++) {
		const struct live *live = &program->live[i];
		uint64_t want = stamp_of(machine, live->page, live->order);
		if (*(uint64_t *)page_address(&machine->map, live->page) != want ||
		    *last_word(machine, live->page, live->order) != want)
			fail(machine, "a live block's stamp was overwritten: two owners");
	}
}

static void keep(struct program *program, struct page *page, unsigned int order)
{
	struct machine *machine = program->machine;
	uint64_t stamp = stamp_of(machine, page, order);
	*(uint64_t *)page_address(&machine->map, page) = stamp;
	*last_word(machine, page, order) = stamp;
	program->live[program->nr_live++] = (struct live){ page, order };
}

static void do_alloc(struct program *program, const uint8_t *step, bool on_node)
{
	struct machine *machine = program->machine;
	/* Mostly small orders, as real traffic is; now and then a large one. */
	unsigned int order = step[1] & 0x80 ? step[1] % NR_PAGE_ORDERS : step[1] % 4;
	gfp_t gfp = masks[step[2] % (sizeof(masks) / sizeof(masks[0]))];
	if (program->nr_live == MAX_LIVE)
		return;
	struct page *page = on_node ?
		alloc_pages_node(machine, step[3] % machine->topo.nr_nodes, gfp, order) :
		alloc_pages(machine, gfp, order);
	if (page)
		keep(program, page, order);
}

/* Fill the page cache: order-0 movable pages nobody holds, which direct reclaim and kswapd
 * may take back at any later step. */
static void do_cache(struct program *program, const uint8_t *step)
{
	struct machine *machine = program->machine;
	for (unsigned int i = 0; i < 1u + step[1] * 4u; i++) {
		struct page *page = alloc_pages(machine, GFP_HIGHUSER_MOVABLE | __GFP_NOWARN, 0);
		if (!page)
			break;
		page_cache_add(machine, page);
	}
}

static void free_live(struct program *program, int i)
{
	struct live live = program->live[i];
	program->live[i] = program->live[--program->nr_live];
	__free_pages(program->machine, live.page, live.order);
}

static void do_step(struct program *program, const uint8_t *step, bool in_irq)
{
	struct machine *machine = program->machine;
	switch (step[0] % 8) {
	case 0: case 1:
		do_alloc(program, step, false);
		break;
	case 2:
		do_alloc(program, step, true);
		break;
	case 3: case 4:
		if (program->nr_live)
			free_live(program, step[1] % program->nr_live);
		break;
	case 5:
		if (!in_irq)                      /* the cache grows in process context only */
			do_cache(program, step);
		break;
	case 6:                               /* kswapd's pass over one node */
		if (!in_irq)
			kswapd_balance(machine, step[1] % machine->topo.nr_nodes);
		break;
	case 7: {                             /* empty every CPU's lists of one zone */
		int nid = step[1] % machine->topo.nr_nodes;
		struct zone *zone = &machine->topo.node_data[nid]
					     .node_zones[step[2] % machine->topo.nr_zone_types];
		if (!in_irq && zone->spanned_pages)
			drain_all_pages(zone);
		break;
	}
	}
}

static void irq_step(struct cpu *cpu, void *arg)
{
	struct program *program = arg;
	(void)cpu;
	if (program->step)
		do_step(program, program->step, true);
	program->step = NULL;
}

static void run_step(struct machine *machine, void *arg)
{
	struct program *program = arg;
	const uint8_t *step = program->step;
	int cpu = (step[0] >> 6) % machine->topo.nr_cpus;
	if (step[0] & 0x20) {                /* this step runs in an interrupt handler */
		labyrinth_raise_irq(machine, cpu);
		if (program->step)
			fail(machine, "the interrupt was not delivered");
	} else {
		do_step(program, step, false);
		program->step = NULL;
	}
}

static void count_free(struct machine *machine, unsigned long counts[MAX_NUMNODES][MAX_NR_ZONES])
{
	for (int nid = 0; nid < machine->topo.nr_nodes; nid++)
		for (int z = 0; z < machine->topo.nr_zone_types; z++) {
			struct zone *zone = &machine->topo.node_data[nid].node_zones[z];
			if (!zone->spanned_pages)
				continue;
			drain_all_pages(zone);
			counts[nid][z] = zone->nr_free_pages;
		}
}

static void release_all(struct machine *machine, void *arg)
{
	struct program *program = arg;
	while (program->nr_live)
		free_live(program, 0);
	for (int nid = 0; nid < machine->topo.nr_nodes; nid++)
		while (shrink_page_cache(machine, nid, 1024) > 0)
			;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	for (int m = 0; m < NR_MACHINES; m++) {
		struct machine_config config;
		machine_config_init(&config);
		config.mem_bytes = m == 0 ? 64ULL << 20 : 96ULL << 20;
		config.nr_nodes = m == 0 ? 1 : 2;
		config.nr_cpus = NR_FUZZ_CPUS;
		if (machine_boot(&machines[m], &config) != 0) {
			fprintf(stderr, "smp fuzz: cannot boot machine %d\n%s", m, machines[m].log.text);
			exit(1);
		}
		count_free(&machines[m], boot_free[m]);
		check_zones(&machines[m]);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int m = data[0] % NR_MACHINES;
	struct machine *machine = &machines[m];
	struct program program = { .machine = machine };
	for (int cpu = 0; cpu < machine->topo.nr_cpus; cpu++)
		labyrinth_set_irq_handler(machine, cpu, irq_step, &program);
	for (size_t offset = 1; offset + STEP <= size; offset += STEP) {
		program.step = data + offset;
		int cpu = (data[offset] >> 6) % machine->topo.nr_cpus;
		if (labyrinth_run_on_cpu(machine, cpu, run_step, &program) != 0)
			fail(machine, "cannot start the CPU thread");
		check_zones(machine);
		check_stamps(&program);
		if (machine->log.len > KMSG_SIZE / 2)
			kmsg_clear(&machine->log);
	}
	if (labyrinth_run_on_cpu(machine, 0, release_all, &program) != 0)
		fail(machine, "cannot start the CPU thread");
	unsigned long counts[MAX_NUMNODES][MAX_NR_ZONES] = { { 0 } };
	count_free(machine, counts);
	check_zones(machine);
	if (memcmp(counts, boot_free[m], sizeof(counts)) != 0)
		fail(machine, "not every page came back");
	kmsg_clear(&machine->log);
	return 0;
}
