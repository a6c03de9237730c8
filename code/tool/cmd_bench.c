/* cmd_bench.c: the microbenchmarks (chapter 10).
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "tool.h"

static double seconds_now(void)
{
        struct timespec now;

        clock_gettime(CLOCK_MONOTONIC, &now);
        return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}
#define BENCH_RUNS 5

struct bench {
        struct machine *machine;
        void (*loop)(struct bench *bench, struct cpu *cpu);
        unsigned long long ops;              /* pairs per CPU per run */
        gfp_t gfp;
        unsigned int order;
        struct tree_buddy *tree;             /* the yardstick, while it runs */
        volatile uintptr_t sink;
        const char *only;                    /* --case: the one case to run */
        pthread_barrier_t start;
        /* loops that stopped at an allocation that failed */
        atomic_int failed;
};

struct bench_thread {
        struct bench *bench;
        struct cpu *cpu;
        double start, end;
};

static void *bench_cpu_thread(void *data)
{
        struct bench_thread *self = data;

        cpu_bind(self->cpu);
        local_irq_enable();
        pthread_barrier_wait(&self->bench->start);
        self->start = seconds_now();
        self->bench->loop(self->bench, self->cpu);
        self->end = seconds_now();
        return NULL;
}

static double bench_time(struct bench *bench, int nr_cpus)
{
        pthread_t threads[2];
        struct bench_thread selves[2];

        pthread_barrier_init(&bench->start, NULL, (unsigned)nr_cpus + 1);
        for (int i = 0; i < nr_cpus; i++) {
                selves[i] = (struct bench_thread){
                        .bench = bench, .cpu = &bench->machine->cpus[i]
                };
                cpu_init(&bench->machine->cpus[i], i);
                pthread_create(&threads[i], NULL, bench_cpu_thread, &selves[i]);
        }
        pthread_barrier_wait(&bench->start);
        double start = 0, end = 0;
        for (int i = 0; i < nr_cpus; i++) {
                pthread_join(threads[i], NULL);
                start = i == 0 || selves[i].start < start ? selves[i].start
                                                          : start;
                end = selves[i].end > end ? selves[i].end : end;
        }
        double elapsed = end - start;
        pthread_barrier_destroy(&bench->start);
        return elapsed * 1e9 /
               (double)(bench->ops * (unsigned long long)nr_cpus);
}
static int compare_doubles(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;

        return (x > y) - (x < y);
}

static double bench_case(const char *name, struct bench *bench, int nr_cpus)
{
        double runs[BENCH_RUNS];
        int failed_before = atomic_load(&bench->failed);

        if (bench->only && strcmp(bench->only, name) != 0)
                return NAN;

        /* warm up: caches, lists, high marks */
        bench_time(bench, nr_cpus);
        for (int run = 0; run < BENCH_RUNS; run++)
                runs[run] = bench_time(bench, nr_cpus);
        if (atomic_load(&bench->failed) != failed_before) {
                /* a time of fewer pairs than counted means nothing */
                printf("bench: %s failed: an order-%u allocation failed: the "
                       "machine is out of memory\n",
                       name, bench->order);
                return NAN;   /* its ratios print as "not run" */
        }
        qsort(runs, BENCH_RUNS, sizeof(runs[0]), compare_doubles);
        int digits = runs[BENCH_RUNS / 2] < 1 ? 3 : 1;   /* a clock cycle */
        printf("bench: %s %.*f ns/op (runs %.*f-%.*f)\n", name, digits,
               runs[BENCH_RUNS / 2], digits, runs[0], digits,
               runs[BENCH_RUNS - 1]);
        fflush(stdout);
        return runs[BENCH_RUNS / 2];
}
static void bench_floor(struct bench *bench, struct cpu *cpu)
{
        struct node {
                struct node *next;
        } nodes[2] = { { &nodes[1] }, { NULL } }, *head = &nodes[0];
        spinlock_t lock;

        (void)cpu;
        spin_lock_init(&lock);
        for (unsigned long long i = 0; i < bench->ops; i++) {
                struct node *taken = NULL;
                if (spin_trylock(&lock)) {
                        taken = head;
                        head = taken->next;
                        spin_unlock(&lock);
                }
                if (taken && spin_trylock(&lock)) {
                        taken->next = head;
                        head = taken;
                        spin_unlock(&lock);
                }
        }
}

static void bench_malloc(struct bench *bench, struct cpu *cpu)
{
        (void)cpu;
        for (unsigned long long i = 0; i < bench->ops; i++) {
                void *volatile block = malloc(4096);
                free(block);
        }
}

/* Eight additions an iteration, each of the result of the one before: the
 * empty asm makes the compiler keep x in a register and add one at a time,
 * and eight of them keep the loop's own increment and branch out of the
 * way.  One addition is one cycle, so ns/op is the length of a cycle. */
#define BENCH_ADD_ONE(x) \
        do { \
                (x) += 1; \
                __asm__ volatile("" : "+r"(x)); \
        } while (0)

static void bench_clock_cycle(struct bench *bench, struct cpu *cpu)
{
        unsigned long long x = 0;

        (void)cpu;
        for (unsigned long long i = 0; i < (bench->ops + 7) / 8; i++) {
                BENCH_ADD_ONE(x);
                BENCH_ADD_ONE(x);
                BENCH_ADD_ONE(x);
                BENCH_ADD_ONE(x);
                BENCH_ADD_ONE(x);
                BENCH_ADD_ONE(x);
                BENCH_ADD_ONE(x);
                BENCH_ADD_ONE(x);
        }
        bench->sink = (uintptr_t)x;
}

static void bench_alloc_pages(struct bench *bench, struct cpu *cpu)
{
        (void)cpu;
        for (unsigned long long i = 0; i < bench->ops; i++) {
                struct page *page =
                        alloc_pages(bench->machine, bench->gfp, bench->order);
                if (!page) {
                        /* stop, as a caller does: there is nothing to free */
                        atomic_fetch_add(&bench->failed, 1);
                        return;
                }
                __free_pages(bench->machine, page, bench->order);
        }
}
static void bench_tree_buddy(struct bench *bench, struct cpu *cpu)
{
        (void)cpu;
        for (unsigned long long i = 0; i < bench->ops; i++) {
                long first = tree_buddy_alloc(bench->tree, 0);
                if (first < 0) {
                        atomic_fetch_add(&bench->failed, 1);
                        return;
                }
                bench->sink = (uintptr_t)first << PAGE_SHIFT;
                tree_buddy_free(bench->tree, (unsigned long)first, 0);
        }
}
static void bench_pcp_lists(struct machine *machine, bool enable)
{
        for (int z = 0; z < machine->topo.nr_zone_types; z++) {
                struct zone *zone = &machine->topo.node_data[0].node_zones[z];
                if (!populated_zone(zone))
                        continue;
                if (enable)
                        zone_pcp_enable(zone);
                else
                        zone_pcp_disable(zone);
        }
}
static const char *const bench_case_names[] = {
        "clock-cycle", "floor-pair", "malloc-4k-pair", "tree-buddy-order0-pair",
        "pcp-order0-pair", "atomic-order0-pair", "pcp-order0-pair-2cpu",
        "buddy-order0-pair", "buddy-order1-pair", "buddy-order2-pair",
        "buddy-order3-pair", "buddy-order4-pair", "buddy-order5-pair",
        "buddy-order6-pair", "buddy-order7-pair", "buddy-order8-pair",
        "buddy-order9-pair", "buddy-order10-pair", "buddy-order0-pair-2cpu",
        "buddy-order0-pair-fresh", "pcp-order0-pair-16G",
};

static bool bench_case_known(const char *name)
{
        for (size_t i = 0;
             i < sizeof(bench_case_names) / sizeof(bench_case_names[0]); i++)
                if (strcmp(bench_case_names[i], name) == 0)
                        return true;
        return false;
}
enum {
        BENCH_CLOCK,
        BENCH_FLOOR,
        BENCH_MALLOC,
        BENCH_TREE,
        BENCH_PCP,
        BENCH_PCP_2CPU,
        BENCH_BUDDY,
        BENCH_BUDDY_FRESH,
        BENCH_PCP_16G,
        BENCH_NR_RESULTS
};

/* goal 0: for scale only */
static void bench_goal(const char *what, double value, double goal)
{
        if (!(value > 0))
                printf("  %-42s %6s   <= %-5.2f  %s\n", what, "-", goal,
                       "not run");
        else if (goal > 0)
                printf("  %-42s %6.2f   <= %-5.2f  %s\n", what, value, goal,
                       value <= goal ? "met" : "missed");
        else
                printf("  %-42s %6.2f   %-8s %s\n", what, value, "-",
                       "for scale");
}

int cmd_bench(struct tool *tool, int argc, char **argv)
{
        unsigned long long ops = 1000000;
        struct machine *machine = &tool->machine;
        double ns[BENCH_NR_RESULTS] = { 0 };

        const char *only = NULL;

        for (int i = 0; i < argc; i += 2) {
                if (strcmp(argv[i], "--ops") == 0 && i + 1 < argc) {
                        if (!parse_number(argv[i + 1], &ops) || ops == 0 ||
                            ops > 1000000000)
                                return usage_error(
                                        "bench: --ops N, from 1 to 1000000000");
                } else if (strcmp(argv[i], "--case") == 0 && i + 1 < argc) {
                        if (!bench_case_known(argv[i + 1]))
                                return usage_error("bench: no case '%s' (the cases: "
                                                   "clock-cycle, floor-pair, "
                                                   "malloc-4k-pair, "
                                                   "tree-buddy-order0-pair, "
                                                   "pcp-order0-pair[-2cpu|-16G], "
                                                   "atomic-order0-pair, "
                                                   "buddy-orderN-pair (N 0 to 10), "
                                                   "buddy-order0-pair-2cpu, "
                                                   "buddy-order0-pair-fresh)",
                                                   argv[i + 1]);
                        only = argv[i + 1];
                } else {
                        return usage_error("bench: the options are --ops N and "
                                           "--case NAME");
                }
        }
        /* order-10 blocks to spare, and lists */
        if (ops_zone(machine)->managed_pages < 8192)
                return usage_error("bench: zone %s manages %lu pages; the "
                                   "benchmarks need 8192 (32 MiB)",
                                   ops_zone(machine)->name,
                                   ops_zone(machine)->managed_pages);
        cpu_init(&machine->cpus[0], 0);
        cpu_bind(&machine->cpus[0]);
        struct page *spare =
                alloc_pages(machine, GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER);
        if (!spare)
                return usage_error("bench: no order-%d block free in zone %s above "
                                   "its watermarks: the machine is out of memory",
                                   MAX_PAGE_ORDER, ops_zone(machine)->name);
        __free_pages(machine, spare, MAX_PAGE_ORDER);
        int nr_cpus = machine->topo.nr_cpus < 2 ? 1 : 2;
        if (only && nr_cpus == 1 && strstr(only, "-2cpu"))
                return usage_error("bench: %s needs a machine of two CPUs",
                                   only);
        struct bench bench = { .machine = machine,
                               .ops = ops,
                               .gfp = GFP_KERNEL,
                               .only = only };
        bench.loop = bench_clock_cycle;
        ns[BENCH_CLOCK] = bench_case("clock-cycle", &bench, 1);
        bench.loop = bench_floor;
        ns[BENCH_FLOOR] = bench_case("floor-pair", &bench, 1);
        bench.loop = bench_malloc;
        ns[BENCH_MALLOC] = bench_case("malloc-4k-pair", &bench, 1);
        if (!only || strcmp(only, "tree-buddy-order0-pair") == 0) {
                unsigned int top_order = 0;
                while ((1UL << top_order) < ops_zone(machine)->spanned_pages && top_order < 30)
                        top_order++;
                struct tree_buddy tree;
                if (tree_buddy_init(&tree, top_order) == 0) {
                        long held = tree_buddy_alloc(&tree, 0);
                        bench.tree = &tree;
                        bench.loop = bench_tree_buddy;
                        ns[BENCH_TREE] = bench_case("tree-buddy-order0-pair", &bench, 1);
                        tree_buddy_free(&tree, (unsigned long)held, 0);
                        tree_buddy_destroy(&tree);
                }
        }
        bench.loop = bench_alloc_pages;
        ns[BENCH_PCP] = bench_case("pcp-order0-pair", &bench, 1);
        bench.gfp = GFP_ATOMIC;
        bench_case("atomic-order0-pair", &bench, 1);
        bench.gfp = GFP_KERNEL;
        if (nr_cpus == 2)
                ns[BENCH_PCP_2CPU] = bench_case("pcp-order0-pair-2cpu", &bench, 2);
        bench_pcp_lists(machine, false);
        cpu_init(&machine->cpus[0], 0);
        cpu_bind(&machine->cpus[0]);
        struct page *in_use = alloc_pages(machine, GFP_KERNEL, 0);
        for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
                char name[32];
                snprintf(name, sizeof(name), "buddy-order%u-pair", order);
                bench.order = order;
                double result = bench_case(name, &bench, 1);
                if (order == 0)
                        ns[BENCH_BUDDY] = result;
        }
        bench.order = 0;
        if (nr_cpus == 2)
                bench_case("buddy-order0-pair-2cpu", &bench, 2);
        if (in_use)
                __free_pages(machine, in_use, 0);
        ns[BENCH_BUDDY_FRESH] = bench_case("buddy-order0-pair-fresh", &bench, 1);
        bench_pcp_lists(machine, true);
        if (!only || strcmp(only, "pcp-order0-pair-16G") == 0) {
                struct machine_config big_config = machine->config;
                big_config.mem_bytes = 16ULL << 30;
                big_config.nr_ranges = 0;
                big_config.zones_given = false;
                struct machine *big = calloc(1, sizeof(*big));
                if (big && machine_boot(big, &big_config) == 0) {
                        bench.machine = big;
                        ns[BENCH_PCP_16G] = bench_case("pcp-order0-pair-16G", &bench, 1);
                        machine_shutdown(big);
                } else {
                        printf("bench: pcp-order0-pair-16G skipped: no room for a 16 GiB model "
                               "machine\n");
                }
                free(big);
        }
        if (!only) {
                printf("\n  %-42s %6s   %-8s %s\n", "ratio", "value", "goal", "");
                bench_goal("pcp-order0-pair / tree-buddy-order0-pair",
                           ns[BENCH_PCP] / ns[BENCH_TREE], 0.67);
                bench_goal("pcp-order0-pair / floor-pair", ns[BENCH_PCP] / ns[BENCH_FLOOR],
                           2.0);
                bench_goal("pcp-order0-pair / malloc-4k-pair", ns[BENCH_PCP] / ns[BENCH_MALLOC],
                           1.5);
                bench_goal("pcp-order0-pair-2cpu / pcp-order0-pair",
                           ns[BENCH_PCP_2CPU] / ns[BENCH_PCP], 0.55);
                bench_goal("pcp-order0-pair-16G / pcp-order0-pair",
                           ns[BENCH_PCP_16G] / ns[BENCH_PCP], 1.10);
                bench_goal("buddy-order0-pair / tree-buddy-order0-pair",
                           ns[BENCH_BUDDY] / ns[BENCH_TREE], 1.5);
                bench_goal("buddy-order0-pair / pcp-order0-pair",
                           ns[BENCH_BUDDY] / ns[BENCH_PCP], 0);
                bench_goal("buddy-order0-pair-fresh / pcp-order0-pair",
                           ns[BENCH_BUDDY_FRESH] / ns[BENCH_PCP], 0);
                bench_goal("pcp-order0-pair / clock-cycle (cycles)",
                           ns[BENCH_PCP] / ns[BENCH_CLOCK], 0);
        }
        if (atomic_load(&bench.failed))
                return usage_error("bench: %d timed loops stopped at an "
                                   "allocation that failed: the machine is "
                                   "out of memory",
                                   atomic_load(&bench.failed));
        return 0;
}
