/* Chapter 9, returning void *: addresses, zeroing, compound pages, references and the
 * trailing-buddy rule, split pages, exact sizes, bad frees. */
#include <check.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mm/api.h"
#include "tool/pressure.h"
#include "exercises.h"
#include "tool.h"

static struct machine machine;

static void boot_default(void)
{
	struct machine_config config;
	machine_config_init(&config);
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
}

static unsigned long allocated(void)
{
	unsigned long total = 0;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		total += zone_allocated_pages(&machine.topo.node_data[0].node_zones[z]);
	return total;
}

static void assert_consistent(void)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		ck_assert_msg(buddy_check_zone(&machine.topo.node_data[0].node_zones[z]) == 0, "%s", machine.log.text);
}

START_TEST(test_get_free_pages_returns_the_frame_address)
{
	boot_default();
	unsigned long addr = __get_free_pages(&machine, GFP_KERNEL, 2);
	ck_assert_uint_ne(addr, 0);
	struct page *page = virt_to_page(&machine.map, (void *)addr);
	ck_assert_ptr_eq(page_address(&machine.map, page), (void *)addr);
	ck_assert_int_eq(page_ref_count(page), 1);
	memset((void *)addr, 0x5a, 4 * PAGE_SIZE);   /* real memory, all four frames */
	free_pages(&machine, addr, 2);
	ck_assert_uint_eq(allocated(), 0);
	free_pages(&machine, 0, 3);                   /* ignored */
	kmsg_clear(&machine.log);
	int stack_variable = 0;
	free_pages(&machine, (unsigned long)&stack_variable, 0);
	ck_assert(kmsg_contains(&machine.log, "BUG: virt_to_page: "));
	assert_consistent();
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_failure_is_zero_and_highmem_is_stripped)
{
	boot_default();
	ck_assert_int_eq(set_memory_pressure(&machine, "exhausted", GFP_ATOMIC), 0);
	ck_assert_uint_eq(__get_free_pages(&machine, GFP_ATOMIC | __GFP_NOWARN, 0), 0);
	machine_shutdown(&machine);
	boot_default();
	unsigned long addr = __get_free_page(&machine, GFP_HIGHUSER_MOVABLE);
	struct page *page = virt_to_page(&machine.map, (void *)addr);
	ck_assert_int_eq(page_zonenum(page), ZONE_NORMAL);
	unsigned long dma = __get_dma_pages(&machine, GFP_KERNEL, 0);
	ck_assert_int_eq(page_zonenum(virt_to_page(&machine.map, (void *)dma)), ZONE_DMA);
	free_page(&machine, addr);
	free_page(&machine, dma);
	ck_assert_uint_eq(allocated(), 0);
	machine_shutdown(&machine);
}
END_TEST

/* A node the machine does not have is the kernel's VM_BUG_ON: reported, and no page;
 * NUMA_NO_NODE is the running CPU's node.  After shutdown nothing is served. */
START_TEST(test_alloc_pages_node_and_a_machine_shut_down)
{
	boot_default();
	kmsg_clear(&machine.log);
	ck_assert_ptr_null(alloc_pages_node(&machine, 99, GFP_KERNEL, 0));
	ck_assert_ptr_null(alloc_pages_node(&machine, -7, GFP_KERNEL, 0));
	ck_assert_str_eq(machine.log.text,
			 "BUG: alloc_pages_node: node 99 is not a node of this machine (0 to 0)\n"
			 "BUG: alloc_pages_node: node -7 is not a node of this machine (0 to 0)\n");
	struct page *page = alloc_pages_node(&machine, NUMA_NO_NODE, GFP_KERNEL, 0);
	ck_assert_ptr_nonnull(page);
	__free_pages(&machine, page, 0);
	assert_consistent();
	machine_shutdown(&machine);
	kmsg_clear(&machine.log);
	ck_assert_ptr_null(alloc_pages(&machine, GFP_KERNEL, 0));
	__free_pages(&machine, page, 0);
	ck_assert_str_eq(machine.log.text,
			 "BUG: alloc_pages: the machine is not running (shut down or never booted)\n"
			 "BUG: __free_pages: the machine is not running (shut down or never booted)\n");
}
END_TEST

/* --config PAGE_POISONING=y: a write after free is reported when the page is allocated again,
 * with the changed bytes dumped; one flipped bit is a "single bit error"; off, nothing is said. */
static struct page *write_after_free(bool poisoning, size_t offset, const char *bytes, size_t len)
{
	struct machine_config config;
	machine_config_init(&config);
	config.mem_bytes = 64 << 20;
	config.kernel.page_poisoning = poisoning;
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
	struct page *page = alloc_pages(&machine, GFP_KERNEL, 0);
	unsigned char *frame = page_address(&machine.map, page);
	__free_pages(&machine, page, 0);
	if (poisoning)
		ck_assert_uint_eq(frame[0], PAGE_POISON);
	memcpy(frame + offset, bytes, len);
	kmsg_clear(&machine.log);
	struct page *again = alloc_pages(&machine, GFP_KERNEL, 0);
	ck_assert_ptr_eq(again, page);          /* the per-CPU list gives the same page back */
	return again;
}

START_TEST(test_page_poisoning_reports_a_write_after_free)
{
	struct page *page = write_after_free(true, 0x10, "owner", 5);
	ck_assert_str_eq(machine.log.text,
			 "pagealloc: memory corruption\n"
			 "ffff888001000010: 6f 77 6e 65 72                                   owner\n");
	__free_pages(&machine, page, 0);
	machine_shutdown(&machine);
	page = write_after_free(true, 0x123, "\xab", 1);
	ck_assert_str_eq(machine.log.text,
			 "pagealloc: single bit error\n"
			 "ffff888001000123: ab                                               .\n");
	machine_shutdown(&machine);
	page = write_after_free(false, 0x10, "owner", 5);
	ck_assert_uint_eq(machine.log.len, 0);
	machine_shutdown(&machine);
}
END_TEST

/* BODY on a new thread that is CPU 0 of the machine (chapter 10's labyrinth_run_on_cpu(),
 * which this chapter's snapshot does not have yet): the fault report finds the machine through
 * the CPU that faulted. */
struct on_cpu0 {
	void (*body)(struct machine *m, void *arg);
	void *arg;
};

static void *cpu0_thread(void *data)
{
	struct on_cpu0 *run = data;
	cpu_bind(&machine.cpus[0]);
	run->body(&machine, run->arg);
	cpu_unbind(&machine.cpus[0]);
	return NULL;
}

static void run_on_cpu0(void (*body)(struct machine *m, void *arg), void *arg)
{
	struct on_cpu0 run = { body, arg };
	pthread_t thread;
	ck_assert_int_eq(pthread_create(&thread, NULL, cpu0_thread, &run), 0);
	pthread_join(thread, NULL);
}

/* --config DEBUG_PAGEALLOC=y: a touch of a freed page faults at once.  The touch runs in a
 * child process, on a CPU of the machine; the parent reads the child's standard error and how
 * it died. */
struct touch {
	unsigned int order;
	bool debug_pagealloc, write, through_pcp;
	char pfn[32];                          /* the freed block's pfn, as the child saw it */
};

static void touch_after_free(struct machine *m, void *arg)
{
	struct touch *touch = arg;
	struct page *page = alloc_pages(m, GFP_KERNEL, touch->order);
	volatile unsigned char *frame = page_address(&m->map, page);
	fprintf(stdout, "%lx\n", page_to_pfn(&m->map, page));
	fflush(stdout);
	frame[0] = 1;                          /* mapped while allocated */
	__free_pages(m, page, touch->order);
	if (touch->write)
		frame[0x234] = 0x5a;
	else if (frame[0x234] == 0x77)
		fputs("impossible\n", stdout);
	fputs("survived\n", stdout);
	fflush(stdout);                        /* the child leaves by _exit */
}

/* Runs TOUCH in a child; returns its signal (0 if it exited), its stderr in ERR. */
static int run_touch(struct touch *touch, char *out, size_t out_size, char *err, size_t err_size)
{
	int out_pipe[2], err_pipe[2];
	ck_assert_int_eq(pipe(out_pipe), 0);
	ck_assert_int_eq(pipe(err_pipe), 0);
	pid_t child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		dup2(out_pipe[1], STDOUT_FILENO);
		dup2(err_pipe[1], STDERR_FILENO);
		struct machine_config config;
		machine_config_init(&config);
		config.mem_bytes = 64 << 20;
		config.kernel.debug_pagealloc = touch->debug_pagealloc;
		if (machine_boot(&machine, &config) != 0)
			_exit(3);
		run_on_cpu0(touch_after_free, touch);
		_exit(0);
	}
	close(out_pipe[1]);
	close(err_pipe[1]);
	ssize_t n;
	size_t got = 0;
	while ((n = read(out_pipe[0], out + got, out_size - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	got = 0;
	while ((n = read(err_pipe[0], err + got, err_size - 1 - got)) > 0)
		got += (size_t)n;
	err[got] = '\0';
	int status;
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	close(out_pipe[0]);
	close(err_pipe[0]);
	if (WIFSIGNALED(status))
		return WTERMSIG(status);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	return 0;
}

START_TEST(test_debug_pagealloc_faults_at_a_touch_after_free)
{
	char out[256], err[1024], expected[512];
	unsigned long pfn;
	/* A write to a freed order-2 block (straight to the buddy lists). */
	struct touch touch = { .order = 2, .debug_pagealloc = true, .write = true };
	ck_assert_int_eq(run_touch(&touch, out, sizeof(out), err, sizeof(err)), SIGSEGV);
	ck_assert_int_eq(sscanf(out, "%lx", &pfn), 1);
	ck_assert_ptr_null(strstr(out, "survived"));
	snprintf(expected, sizeof(expected),
		 "BUG: unable to handle page fault for address: %016lx\n"
		 "#PF: supervisor write access in kernel mode\n"
		 "#PF: error_code(0x0002) - not-present page\n"
		 "Oops: Oops: 0002 [#1] SMP DEBUG_PAGEALLOC\n",
		 0xffff888000000000UL + (pfn << 12) + 0x234);
	ck_assert_str_eq(err, expected);
	/* A read of a freed page that waits on a per-CPU list: unmapped there too. */
	touch = (struct touch){ .order = 0, .debug_pagealloc = true, .write = false };
	ck_assert_int_eq(run_touch(&touch, out, sizeof(out), err, sizeof(err)), SIGSEGV);
	ck_assert_int_eq(sscanf(out, "%lx", &pfn), 1);
	snprintf(expected, sizeof(expected),
		 "BUG: unable to handle page fault for address: %016lx\n"
		 "#PF: supervisor read access in kernel mode\n"
		 "#PF: error_code(0x0000) - not-present page\n"
		 "Oops: Oops: 0000 [#1] SMP DEBUG_PAGEALLOC\n",
		 0xffff888000000000UL + (pfn << 12) + 0x234);
	ck_assert_str_eq(err, expected);
	/* Without the option the same write goes unnoticed, as in Debian's kernel. */
	touch = (struct touch){ .order = 2, .debug_pagealloc = false, .write = true };
	ck_assert_int_eq(run_touch(&touch, out, sizeof(out), err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(out, "survived"));
	ck_assert_str_eq(err, "");
}
END_TEST

/* Freed pages come back usable, with their poison checked when both options are on; past the
 * host's limit on mappings the arena is mapped back whole and every page stays usable. */
struct churn {
	unsigned long nr, gave_up_at;
	struct page **pages;
};

static void churn(struct machine *m, void *arg)
{
	struct churn *c = arg;
	for (unsigned long i = 0; i < c->nr; i++) {
		c->pages[i] = alloc_pages(m, GFP_KERNEL, 0);
		ck_assert_ptr_nonnull(c->pages[i]);
		memset(page_address(&m->map, c->pages[i]), 0x11, PAGE_SIZE);
	}
	/* Every other page freed: each free splits the arena's mapping twice. */
	for (unsigned long i = 0; i < c->nr; i += 2) {
		__free_pages(m, c->pages[i], 0);
		if (!c->gave_up_at && strstr(m->log.text, "debug_pagealloc: cannot"))
			c->gave_up_at = i;
	}
	for (unsigned long i = 1; i < c->nr; i += 2)
		memset(page_address(&m->map, c->pages[i]), 0x22, PAGE_SIZE);
	for (unsigned long i = 0; i < c->nr; i += 2) {
		c->pages[i] = alloc_pages(m, GFP_KERNEL, 0);
		memset(page_address(&m->map, c->pages[i]), 0x33, PAGE_SIZE);
	}
	for (unsigned long i = 0; i < c->nr; i++)
		__free_pages(m, c->pages[i], 0);
}

START_TEST(test_debug_pagealloc_maps_back_and_fails_open)
{
	struct machine_config config;
	machine_config_init(&config);
	config.mem_bytes = 1ULL << 30;
	config.kernel.debug_pagealloc = true;
	config.kernel.page_poisoning = true;
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
	FILE *limit = fopen("/proc/sys/vm/max_map_count", "r");
	unsigned long max_map_count = 65530;
	if (limit) {
		ck_assert_int_eq(fscanf(limit, "%lu", &max_map_count), 1);
		fclose(limit);
	}
	struct churn c = { .nr = max_map_count + 4096 };
	c.pages = calloc(c.nr, sizeof(*c.pages));
	ck_assert_ptr_nonnull(c.pages);
	run_on_cpu0(churn, &c);
	/* The limit was reached about halfway (two mappings per free) and said so once per zone. */
	ck_assert_uint_gt(c.gave_up_at, 0);
	ck_assert_uint_lt(c.gave_up_at, max_map_count);
	ck_assert_ptr_nonnull(strstr(machine.log.text,
				     "debug_pagealloc: cannot unmap pages (Cannot allocate memory): "
				     "memory mapped back, zone "));
	ck_assert_ptr_null(strstr(machine.log.text, "pagealloc: memory corruption"));
	ck_assert_uint_eq(allocated(), 0);
	assert_consistent();
	free(c.pages);
}
END_TEST

START_TEST(test_alloc_pages_exact_of_nothing_or_everything_fails)
{
	boot_default();
	kmsg_clear(&machine.log);
	ck_assert_ptr_null(alloc_pages_exact(&machine, 0, GFP_KERNEL));
	ck_assert_ptr_null(alloc_pages_exact(&machine, SIZE_MAX, GFP_KERNEL));
	ck_assert_str_eq(machine.log.text, "WARNING: alloc_pages: order 52 above MAX_PAGE_ORDER 10\n"
					   "WARNING: alloc_pages: order 52 above MAX_PAGE_ORDER 10\n");
	ck_assert_uint_eq(allocated(), 0);
	assert_consistent();
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_zeroed_pages_are_zero)
{
	boot_default();
	unsigned long addr = __get_free_page(&machine, GFP_KERNEL);
	memset((void *)addr, 0xff, PAGE_SIZE);
	free_page(&machine, addr);
	unsigned long again = get_zeroed_page(&machine, GFP_KERNEL);
	ck_assert_uint_eq(again, addr);               /* the per-CPU list gives it straight back */
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		ck_assert_int_eq(((unsigned char *)again)[i], 0);
	struct page *block = alloc_pages(&machine, GFP_KERNEL, 2);
	memset(page_address(&machine.map, block), 0xff, 4 * PAGE_SIZE);
	__free_pages(&machine, block, 2);
	block = alloc_pages(&machine, GFP_KERNEL | __GFP_ZERO, 2);
	for (unsigned long i = 0; i < 4 * PAGE_SIZE; i++)
		ck_assert_int_eq(((unsigned char *)page_address(&machine.map, block))[i], 0);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_compound_page_head_and_tails)
{
	boot_default();
	struct page *head = alloc_pages(&machine, GFP_KERNEL | __GFP_COMP, 3);
	ck_assert(PageHead(head) && !PageTail(head));
	ck_assert_uint_eq(compound_order(head), 3);
	for (int i = 1; i < 8; i++) {
		ck_assert(PageTail(head + i) && !PageHead(head + i));
		ck_assert_ptr_eq(compound_head(head + i), head);
		ck_assert_int_eq(page_ref_count(head + i), 0);
	}
	/* A tail is never freed alone: reported, and nothing changes. */
	kmsg_clear(&machine.log);
	__free_pages(&machine, head + 3, 0);
	ck_assert(kmsg_contains(&machine.log, "page dumped because: freeing a tail page of the compound page at pfn"));
	ck_assert_uint_eq(allocated(), 8);
	/* A reference on a compound page keeps all of it. */
	get_page(head);
	__free_pages(&machine, head, 3);
	ck_assert_uint_eq(allocated(), 8);
	__free_pages(&machine, head, 3);
	ck_assert_uint_eq(allocated(), 0);
	ck_assert(!PageHead(head) && !PageTail(head + 1));
	assert_consistent();
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_extra_reference_keeps_page_0_and_frees_the_trailing_buddies)
{
	boot_default();
	struct page *page = alloc_pages(&machine, GFP_KERNEL, 3);
	get_page(page);
	__free_pages(&machine, page, 3);
	/* pages 4-7 (order 2), 2-3 (order 1) and 1 (order 0) went back; page 0 stays. */
	ck_assert_uint_eq(allocated(), 1);
	ck_assert_int_eq(page_ref_count(page), 1);
	ck_assert(page->flags & PG_owned);
	for (int i = 1; i < 8; i++)
		ck_assert(!(page[i].flags & PG_owned));
	assert_consistent();
	__free_page(&machine, page);
	ck_assert_uint_eq(allocated(), 0);
	assert_consistent();
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_split_pages_free_one_by_one_and_merge_back)
{
	boot_default();
	struct zone *normal = &machine.topo.node_data[0].node_zones[ZONE_NORMAL];
	struct page *page = alloc_pages(&machine, GFP_KERNEL, 4);   /* order 4: not cached per CPU */
	split_page(&machine, page, 4);
	for (int i = 0; i < 16; i++)
		ck_assert_int_eq(page_ref_count(page + i), 1);
	for (int i = 15; i >= 0; i--)
		__free_page(&machine, page + i);
	ck_assert_uint_eq(allocated(), 0);
	for (int cpu = 0; cpu < machine.topo.nr_cpus; cpu++)
		drain_pages_zone(normal, cpu);
	ck_assert_uint_eq(normal->nr_free_pages, normal->managed_pages);
	ck_assert_uint_eq(normal->free_area[MAX_PAGE_ORDER].nr_free, 256);
	assert_consistent();
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_exact_allocation_frees_the_tail_at_once)
{
	boot_default();
	ck_assert_uint_eq(get_order(1), 0);
	ck_assert_uint_eq(get_order(4096), 0);
	ck_assert_uint_eq(get_order(4097), 1);
	ck_assert_uint_eq(get_order(20 * 1024), 3);
	void *buffer = alloc_pages_exact(&machine, 20 * 1024, GFP_KERNEL);
	ck_assert_ptr_nonnull(buffer);
	ck_assert_uint_eq(allocated(), 5);           /* 8 allocated, 3 freed at once */
	memset(buffer, 1, 20 * 1024);
	free_pages_exact(&machine, buffer, 20 * 1024);
	ck_assert_uint_eq(allocated(), 0);
	assert_consistent();
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_double_free_is_reported_and_harmless)
{
	boot_default();
	struct page *page = alloc_pages(&machine, GFP_KERNEL, 0);
	__free_page(&machine, page);
	kmsg_clear(&machine.log);
	__free_page(&machine, page);
	ck_assert(kmsg_contains(&machine.log, "page dumped because: VM_BUG_ON_PAGE(page_ref_count(page) == 0)\n"));
	ck_assert_int_eq(page_ref_count(page), 0);
	assert_consistent();
	machine_shutdown(&machine);
}
END_TEST

static unsigned long free_pages_now(void)
{
	unsigned long total = 0;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		total += machine.topo.node_data[0].node_zones[z].nr_free_pages;
	return total;
}

/* Found by make fuzz: a compound page freed with the wrong order had its compound marks
 * cleared over 2^order pages (the neighbours' list links included) before the order was
 * checked.  Now the order is checked first, and nothing changes. */
START_TEST(test_wrong_order_free_is_refused_and_changes_nothing)
{
	boot_default();
	struct page *head = alloc_pages(&machine, GFP_KERNEL | __GFP_COMP, 2);
	struct page *plain = alloc_pages(&machine, GFP_KERNEL, 1);
	unsigned long free_before = free_pages_now(), allocated_before = allocated();
	static const unsigned int wrong[] = { 0, 1, 3, 10, 31 };
	for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
		kmsg_clear(&machine.log);
		__free_pages(&machine, head, wrong[i]);
		char reason[80];
		snprintf(reason, sizeof(reason), "page dumped because: freed with order %u, allocated with order 2\n",
			 wrong[i]);
		ck_assert_msg(kmsg_contains(&machine.log, reason), "%s", machine.log.text);
		ck_assert(kmsg_contains(&machine.log, "BUG: Bad page state in process ch09-void  pfn:"));
		ck_assert_int_eq(page_ref_count(head), 1);
		ck_assert(PageHead(head));
		ck_assert_uint_eq(compound_order(head), 2);
		ck_assert_ptr_eq(compound_head(head + 3), head);
	}
	kmsg_clear(&machine.log);
	__free_pages(&machine, plain, 0);
	ck_assert(kmsg_contains(&machine.log, "page dumped because: freed with order 0, allocated with order 1\n"));
	ck_assert_int_eq(page_ref_count(plain), 1);
	ck_assert_uint_eq(free_pages_now(), free_before);
	ck_assert_uint_eq(allocated(), allocated_before);
	assert_consistent();
	/* Both still free correctly afterwards. */
	kmsg_clear(&machine.log);
	__free_pages(&machine, head, 2);
	__free_pages(&machine, plain, 1);
	ck_assert_uint_eq(machine.log.len, 0);
	ck_assert_uint_eq(allocated(), allocated_before - 6);
	assert_consistent();
	machine_shutdown(&machine);
}
END_TEST

/* Pointers that are no page of the machine: reported, and nothing is freed. */
START_TEST(test_foreign_pointers_are_reported_and_harmless)
{
	boot_default();
	struct page *page = alloc_pages(&machine, GFP_KERNEL, 0);
	unsigned long free_before = free_pages_now(), allocated_before = allocated();
	static char outside[2 * PAGE_SIZE];
	char expected[128];
	kmsg_clear(&machine.log);
	free_pages(&machine, (unsigned long)outside, 0);
	snprintf(expected, sizeof(expected), "BUG: virt_to_page: %p is not in the direct map\n", (void *)outside);
	ck_assert_str_eq(machine.log.text, expected);
	struct page stranger = { 0 };
	kmsg_clear(&machine.log);
	__free_pages(&machine, &stranger, 0);
	snprintf(expected, sizeof(expected), "BUG: page_to_pfn: %p is not a struct page of this machine\n",
		 (void *)&stranger);
	ck_assert_str_eq(machine.log.text, expected);
	kmsg_clear(&machine.log);
	__free_pages(&machine, (struct page *)((char *)page + 1), 0);   /* inside a record */
	ck_assert(kmsg_contains(&machine.log, "is not a struct page of this machine\n"));
	ck_assert_uint_eq(free_pages_now(), free_before);
	ck_assert_uint_eq(allocated(), allocated_before);
	ck_assert_int_eq(page_ref_count(page), 1);
	assert_consistent();
	__free_page(&machine, page);
	assert_consistent();
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_alloc_pages_node_prefers_its_node)
{
	struct machine_config config;
	machine_config_init(&config);
	config.mem_bytes = 8ULL << 30;
	config.nr_nodes = 2;
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
	struct page *page = alloc_pages_node(&machine, 1, GFP_KERNEL, 0);
	ck_assert_int_eq(page_to_nid(page), 1);
	page = alloc_pages_node(&machine, 1, GFP_KERNEL | GFP_DMA32, 0);
	ck_assert_int_eq(page_to_nid(page), 0);       /* node 1 has no DMA32: falls back to node 0 */
	page = alloc_pages_node(&machine, 0, GFP_KERNEL, 0);
	ck_assert_int_eq(page_to_nid(page), 0);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_tool_trace_refs)
{
	static char out[65536];
	ck_assert_int_eq(run_tool("trace refs", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out,
		"[000] mm_page_alloc: page=ffffea0004000000 pfn=0x100000 order=3 migratetype=0 gfp_flags=GFP_KERNEL\n"));
	ck_assert_ptr_nonnull(strstr(out,
		"[000] mm_page_free: page=ffffea0004000100 pfn=0x100004 order=2\n"
		"[000] mm_page_free: page=ffffea0004000080 pfn=0x100002 order=1\n"
		"[000] mm_page_free: page=ffffea0004000040 pfn=0x100001 order=0\n"
		"[000] mm_page_free: page=ffffea0004000000 pfn=0x100000 order=0\n"));
}
END_TEST

/* dot compound on a machine with no order-2 block: a node that says NULL, a line that says why, status 2. */
START_TEST(test_tool_dot_compound_on_a_full_machine)
{
	static char out[65536];
	ck_assert_int_eq(run_tool("--quiet --zones Normal=32 dot compound", out, sizeof(out)), 2);
	ck_assert_ptr_null(strstr(out, "BUG"));
	ck_assert_ptr_nonnull(strstr(out, "\tfailed [label=\"alloc_pages(GFP_KERNEL | __GFP_COMP, 2): NULL\""));
	ck_assert_str_eq(strstr(out, "labyrinth: dot"),
			 "labyrinth: dot compound: an allocation failed: the machine is out of memory; drew what it had\n");
	/* trace refs on the same machine: no order-3 block, the trace of the failure, status 2 */
	ck_assert_int_eq(run_tool("--quiet --zones Normal=32 trace refs", out, sizeof(out)), 2);
	ck_assert_ptr_null(strstr(out, "BUG"));
	ck_assert_ptr_nonnull(strstr(out, "[000] mm_page_alloc: page=0000000000000000 pfn=0x0 order=3 migratetype=0 "
				     "gfp_flags=GFP_KERNEL\n"));
	const char *error = "labyrinth: trace refs: an allocation failed: the machine is too small for the scenario\n";
	ck_assert_str_eq(out + strlen(out) - strlen(error), error);
}
END_TEST

/* get_order: the smallest order whose block holds the size; 0 bytes and sizes beyond any block
 * are 52, as the kernel's; alloc_pages_exact of either fails with a warning (it handed out a
 * freed page for 0 and never ended for SIZE_MAX). */
START_TEST(test_get_order_at_the_powers_of_two)
{
	ck_assert_uint_eq(get_order(0), 52);
	ck_assert_uint_eq(get_order(SIZE_MAX), 52);
	ck_assert_uint_eq(get_order(1UL << 63), 51);
	ck_assert_uint_eq(get_order(1), 0);
	ck_assert_uint_eq(get_order(4096), 0);
	ck_assert_uint_eq(get_order(4097), 1);
	ck_assert_uint_eq(get_order(8192), 1);
	ck_assert_uint_eq(get_order(20 * 1024), 3);
	ck_assert_uint_eq(get_order(4UL << 20), 10);
}
END_TEST

/* Exercise 9.4: get_order by a bit search. */
START_TEST(test_exercise_9_4_both_sides_of_each_power)
{
	ck_assert_uint_eq(get_order_fls(1), 0);
	ck_assert_uint_eq(get_order_fls(4096), 0);
	for (unsigned int order = 1; order <= 30; order++) {
		unsigned long size = PAGE_SIZE << order;
		ck_assert_msg(get_order_fls(size) == order, "get_order_fls(%lu) is %u, not %u", size,
			      get_order_fls(size), order);
		ck_assert_msg(get_order_fls(size + 1) == order + 1, "get_order_fls(%lu) is %u, not %u", size + 1,
			      get_order_fls(size + 1), order + 1);
	}
}
END_TEST

START_TEST(test_exercise_9_4_sizes_of_the_book)
{
	ck_assert_uint_eq(get_order_fls(20 * 1024), 3);
	ck_assert_uint_eq(get_order_fls(43402), 4);
	ck_assert_uint_eq(get_order_fls(248272), 6);
	ck_assert_uint_eq(get_order_fls(3848), 0);
}
END_TEST

START_TEST(test_exercise_9_4_agrees_with_get_order)
{
	for (unsigned long size = 512; size <= 8UL << 20; size += 512)
		if (get_order_fls(size) != get_order(size))
			ck_abort_msg("size %lu: get_order_fls %u, get_order %u", size, get_order_fls(size),
				     get_order(size));
}
END_TEST

/* Exercise 9.6: virt_to_head_page. */
START_TEST(test_exercise_9_6_every_page_of_a_compound_page)
{
	boot_default();
	struct page *head = alloc_pages(&machine, GFP_KERNEL | __GFP_COMP, 3);
	ck_assert_ptr_nonnull(head);
	for (int i = 0; i < 8; i++) {
		unsigned char *frame = page_address(&machine.map, head + i);
		ck_assert_ptr_eq(virt_to_head_page(&machine.map, frame), head);
		ck_assert_ptr_eq(virt_to_head_page(&machine.map, frame + PAGE_SIZE - 1), head);
	}
	__free_pages(&machine, head, 3);
}
END_TEST

START_TEST(test_exercise_9_6_a_plain_block)
{
	boot_default();
	struct page *page = alloc_pages(&machine, GFP_KERNEL, 2);
	ck_assert_ptr_nonnull(page);
	for (int i = 0; i < 4; i++)
		ck_assert_ptr_eq(virt_to_head_page(&machine.map, (char *)page_address(&machine.map, page + i) + 123),
				 page + i);
	__free_pages(&machine, page, 2);
}
END_TEST

START_TEST(test_exercise_9_6_outside_the_arena)
{
	boot_default();
	ck_assert_ptr_null(virt_to_head_page(&machine.map, &machine));
	ck_assert_ptr_nonnull(strstr(machine.log.text, "BUG: virt_to_page: "));
}
END_TEST

/* Quiz order: every size's order is get_order's. */
START_TEST(test_quiz_order_answers_with_get_order)
{
	static char answer[32768];
	assert_quiz_answers_its_question("--seed 3", "order", answer, sizeof(answer));

	const char *question = answer;
	for (int i = 1; i <= 3; i++) {
		unsigned long size;
		char value[64], expected[32];
		question = strstr(question, ". A buffer of ");
		ck_assert_ptr_nonnull(question);
		ck_assert_int_eq(sscanf(question, ". A buffer of %lu bytes", &size), 1);
		ck_assert_int_eq(quiz_value(question, "get_order", value, sizeof(value)), 0);
		snprintf(expected, sizeof(expected), "%u", get_order(size));
		ck_assert_str_eq(value, expected);
		question++;
	}
}
END_TEST

static Suite *void_suite(void)
{
	Suite *suite = suite_create("ch09-void");
	TCase *api = tcase_create("api");
	tcase_set_timeout(api, 30);
	tcase_add_test(api, test_get_free_pages_returns_the_frame_address);
	tcase_add_test(api, test_failure_is_zero_and_highmem_is_stripped);
	tcase_add_test(api, test_zeroed_pages_are_zero);
	tcase_add_test(api, test_alloc_pages_node_and_a_machine_shut_down);
	tcase_add_test(api, test_page_poisoning_reports_a_write_after_free);
	tcase_add_test(api, test_debug_pagealloc_faults_at_a_touch_after_free);
	tcase_add_test(api, test_debug_pagealloc_maps_back_and_fails_open);
	tcase_add_test(api, test_alloc_pages_exact_of_nothing_or_everything_fails);
	tcase_add_test(api, test_compound_page_head_and_tails);
	tcase_add_test(api, test_extra_reference_keeps_page_0_and_frees_the_trailing_buddies);
	tcase_add_test(api, test_split_pages_free_one_by_one_and_merge_back);
	tcase_add_test(api, test_exact_allocation_frees_the_tail_at_once);
	tcase_add_test(api, test_double_free_is_reported_and_harmless);
	tcase_add_test(api, test_wrong_order_free_is_refused_and_changes_nothing);
	tcase_add_test(api, test_foreign_pointers_are_reported_and_harmless);
	tcase_add_test(api, test_alloc_pages_node_prefers_its_node);
	tcase_add_test(api, test_tool_trace_refs);
	tcase_add_test(api, test_tool_dot_compound_on_a_full_machine);
	tcase_add_test(api, test_get_order_at_the_powers_of_two);
	suite_add_tcase(suite, api);
	/* One test case per coding exercise, named after it: make exercise runs it first. */
	TCase *exercise_9_4 = tcase_create("exercise-9.4");
	tcase_add_test(exercise_9_4, test_exercise_9_4_both_sides_of_each_power);
	tcase_add_test(exercise_9_4, test_exercise_9_4_sizes_of_the_book);
	tcase_add_test(exercise_9_4, test_exercise_9_4_agrees_with_get_order);
	suite_add_tcase(suite, exercise_9_4);
	TCase *exercise_9_6 = tcase_create("exercise-9.6");
	tcase_set_timeout(exercise_9_6, 30);
	tcase_add_test(exercise_9_6, test_exercise_9_6_every_page_of_a_compound_page);
	tcase_add_test(exercise_9_6, test_exercise_9_6_a_plain_block);
	tcase_add_test(exercise_9_6, test_exercise_9_6_outside_the_arena);
	suite_add_tcase(suite, exercise_9_6);
	TCase *quiz = tcase_create("quiz");
	tcase_set_timeout(quiz, 60);
	tcase_add_test(quiz, test_quiz_order_answers_with_get_order);
	suite_add_tcase(suite, quiz);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(void_suite());
	srunner_run_all(runner, CK_ENV);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
