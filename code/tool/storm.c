/* storm.c: demonstrations and a stress test of CPUs and interrupts allocating
 * at once. Generated from the chapters by notangle; edit the chapters, not this
 * file. */
#include "storm.h"
#include "mm/page_alloc.h"
#include "pressure.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct demo_run {
        struct machine *machine;
        struct zone *zone;
        struct cpu *cpu;
        bool irqsave;
        struct irq_demo *demo;
        bool inside;                         /* set while the lock is held */
};

static struct zone *storm_zone(struct machine *machine)
{
        pg_data_t *pgdat = &machine->topo.node_data[0];

        for (int z = ZONE_NORMAL; z > 0; z--)
                if (populated_zone(&pgdat->node_zones[z]))
                        return &pgdat->node_zones[z];
        return &pgdat->node_zones[ZONE_DMA];
}
static void zone_lock_demo_handler(struct cpu *cpu, void *data)
{
        struct demo_run *run = data;

        (void)cpu;
        run->demo->handled_while_held = run->inside;
        run->demo->handler_got_lock =
                spin_lock_bounded(&run->zone->lock, 1000000);
        if (run->demo->handler_got_lock)
                spin_unlock(&run->zone->lock);
}

static void *zone_lock_demo_thread(void *data)
{
        struct demo_run *run = data;

        cpu_bind(run->cpu);
        run->cpu->irq_handler = zone_lock_demo_handler;
        run->cpu->irq_data = run;
        unsigned long flags = 0;
        if (run->irqsave)
                flags = spin_lock_irqsave(&run->zone->lock);
        else
                spin_lock(&run->zone->lock);
        run->inside = true;
        /* delivered now, or when interrupts are back on */
        cpu_raise_irq(run->cpu);
        run->inside = false;
        if (run->irqsave)
                spin_unlock_irqrestore(&run->zone->lock, flags);
        else
                spin_unlock(&run->zone->lock);
        return NULL;
}
static int run_on_cpu0(struct machine *machine, void *(*body)(void *),
                       struct demo_run *run)
{
        pthread_t thread;

        run->machine = machine;
        run->zone = storm_zone(machine);
        run->cpu = &machine->cpus[0];
        cpu_init(run->cpu, 0);
        if (pthread_create(&thread, NULL, body, run) != 0)
                return -EAGAIN;
        pthread_join(thread, NULL);
        return 0;
}

int irq_demo_zone_lock(struct machine *machine, bool irqsave,
                       struct irq_demo *demo)
{
        struct demo_run run = { .irqsave = irqsave, .demo = demo };

        memset(demo, 0, sizeof(*demo));
        return run_on_cpu0(machine, zone_lock_demo_thread, &run);
}
static void pcp_lock_demo_handler(struct cpu *cpu, void *data)
{
        struct demo_run *run = data;
        struct page *page =
                pcp_alloc(run->zone, 0, MIGRATE_UNMOVABLE, 0, cpu->id);

        run->demo->handled_while_held = run->inside;
        /* NULL: an interrupt handler must cope, as every caller must */
        run->demo->allocated = page != NULL;
        if (page) {
                run->demo->pfn = page_to_pfn(run->zone->map, page);
                run->demo->pcp_count_after =
                        run->zone->per_cpu_pageset[cpu->id].count;
                /* tried again: still held, so to the buddy */
                pcp_free(run->zone, page, 0, cpu->id);
        }
}

static void *pcp_lock_demo_thread(void *data)
{
        struct demo_run *run = data;
        struct per_cpu_pages *pcp = &run->zone->per_cpu_pageset[0];

        cpu_bind(run->cpu);
        run->cpu->irq_handler = pcp_lock_demo_handler;
        run->cpu->irq_data = run;
        /* fill the list, if the machine has a page for it */
        struct page *fill = pcp_alloc(run->zone, 0, MIGRATE_UNMOVABLE, 0, 0);
        if (fill)
                pcp_free(run->zone, fill, 0, 0);
        run->demo->pcp_count_before = pcp->count;
        /* as if inside rmqueue_pcplist() */
        atomic_store(&pcp->lock, 1);
        run->inside = true;
        cpu_raise_irq(run->cpu);
        run->inside = false;
        atomic_store(&pcp->lock, 0);
        return NULL;
}

int irq_demo_pcp_lock(struct machine *machine, struct irq_demo *demo)
{
        struct demo_run run = { .demo = demo };

        memset(demo, 0, sizeof(*demo));
        return run_on_cpu0(machine, pcp_lock_demo_thread, &run);
}
enum { STASH = 64, IRQ_STASH = 8 };

struct storm_cpu {
        struct storm *storm;
        struct cpu *cpu;
        struct page *pages[STASH];
        unsigned int orders[STASH];
        unsigned long stamps[STASH];
        struct page *irq_pages[IRQ_STASH];
        unsigned long irq_stamps[IRQ_STASH];
        unsigned long irq_next, operations, irq_allocations, irq_failures,
                stolen;
        unsigned int random;
};

struct storm {
        struct machine *machine;
        const struct storm_ops *ops;
        struct zone *zone;
        struct storm_cpu cpus[MAX_CPUS];
        unsigned long operations_per_cpu;
        atomic_int stop;
        atomic_int started;                  /* CPUs that have begun */
        atomic_int running;                  /* CPUs that have not finished */
};
static struct page *pcp_storm_alloc(struct machine *machine, struct zone *zone,
                                    unsigned int order, int migratetype,
                                    bool in_irq, int cpu)
{
        (void)machine; (void)in_irq;
        return pcp_alloc(zone, order, migratetype, 0, cpu);
}

static void pcp_storm_free(struct machine *machine, struct zone *zone,
                           struct page *page, unsigned int order, int cpu)
{
        (void)machine;
        pcp_free(zone, page, order, cpu);
}

const struct storm_ops storm_pcp_ops = { "per-CPU lists", pcp_storm_alloc,
                                         pcp_storm_free, NULL, NULL };
static unsigned long stamp_page(struct zone *zone, struct page *page,
                                unsigned long stamp)
{
        *(unsigned long *)page_address(zone->map, page) = stamp;
        return stamp;
}

static bool stamp_intact(struct zone *zone, struct page *page,
                         unsigned long stamp)
{
        return *(unsigned long *)page_address(zone->map, page) == stamp;
}
static void storm_irq(struct cpu *cpu, void *data)
{
        struct storm_cpu *self = data;
        struct zone *zone = self->storm->zone;
        unsigned long slot = self->irq_next++ % IRQ_STASH;

        if (self->irq_pages[slot]) {
                if (!stamp_intact(zone, self->irq_pages[slot],
                                  self->irq_stamps[slot]))
                        self->stolen++;
                self->storm->ops->free(self->storm->machine, zone,
                                       self->irq_pages[slot], 0, cpu->id);
        }
        self->irq_pages[slot] =
                self->storm->ops->alloc(self->storm->machine, zone, 0,
                                        MIGRATE_UNMOVABLE, true, cpu->id);
        if (!self->irq_pages[slot]) {
                self->irq_failures++;
                return;
        }
        self->irq_allocations++;
        self->irq_stamps[slot] = stamp_page(zone, self->irq_pages[slot],
                                            (unsigned long)cpu->id << 56 |
                                                    1UL << 55 | self->irq_next);
}
static void *storm_cpu_thread(void *data)
{
        struct storm_cpu *self = data;
        struct zone *zone = self->storm->zone;

        cpu_bind(self->cpu);
        self->cpu->irq_handler = storm_irq;
        self->cpu->irq_data = self;
        atomic_fetch_add(&self->storm->started, 1);
        while (!atomic_load(&self->storm->stop) &&
               self->operations < self->storm->operations_per_cpu) {
                self->random = self->random * 1103515245u + 12345u;
                unsigned int slot = (self->random >> 8) % STASH;
                if (self->pages[slot]) {
                        if (!stamp_intact(zone, self->pages[slot],
                                          self->stamps[slot]))
                                self->stolen++;
                        self->storm->ops->free(
                                self->storm->machine, zone, self->pages[slot],
                                self->orders[slot], self->cpu->id);
                        self->pages[slot] = NULL;
                } else {
                        self->orders[slot] = (self->random >> 20) % 4 == 0
                                                     ? (self->random >> 24) % 4
                                                     : 0;
                        self->pages[slot] = self->storm->ops->alloc(
                                self->storm->machine, zone, self->orders[slot],
                                (int)((self->random >> 16) % 3), false,
                                self->cpu->id);
                        if (self->pages[slot])
                                self->stamps[slot] = stamp_page(
                                        zone, self->pages[slot],
                                        (unsigned long)self->cpu->id << 56 |
                                                self->operations);
                }
                self->operations++;
        }
        while (!atomic_load(&self->storm->stop) &&
               atomic_load(&self->cpu->irqs_handled) == 0)
                sched_yield();
        local_irq_save();
        atomic_fetch_sub(&self->storm->running, 1);
        cpu_unbind(self->cpu);
        return NULL;
}
static void storm_interrupts(struct storm *storm, int nr_cpus, double seconds)
{
        struct timespec start, now, pause = { 0, 20000 };
        unsigned int random = 7;

        clock_gettime(CLOCK_MONOTONIC, &start);
        while (atomic_load(&storm->running) > 0) {
                clock_gettime(CLOCK_MONOTONIC, &now);
                if ((double)(now.tv_sec - start.tv_sec) +
                            (double)(now.tv_nsec - start.tv_nsec) / 1e9 >
                    seconds)
                        atomic_store(&storm->stop, 1);
                random = random * 1103515245u + 12345u;
                struct storm_cpu *target =
                        &storm->cpus[(random >> 8) % (unsigned int)nr_cpus];
                if (atomic_load(&target->cpu->irqs_disabled) == 0 &&
                    !atomic_load(&storm->stop))
                        cpu_raise_irq(target->cpu);
                nanosleep(&pause, NULL);
        }
}
int storm_run(struct machine *machine, const struct storm_ops *ops,
              double seconds, unsigned long operations_per_cpu,
              struct storm_result *result)
{
        int nr_cpus = machine->topo.nr_cpus;
        struct storm *storm = calloc(1, sizeof(*storm));
        pthread_t threads[MAX_CPUS];

        if (!storm)
                return -ENOMEM;
        storm->machine = machine;
        storm->ops = ops;
        storm->zone = storm_zone(machine);
        /* pages held before the storm (--ops) are not the storm's to return */
        struct zone *zone = storm->zone;
        unsigned long free_before = zone->nr_free_pages;
        for (int i = 0; i < nr_cpus; i++)
                free_before += (unsigned long)zone->per_cpu_pageset[i].count;
        if (ops->start)
                ops->start(machine);
        storm->operations_per_cpu = operations_per_cpu;
        for (int i = 0; i < nr_cpus; i++) {
                cpu_init(&machine->cpus[i], i);
                storm->cpus[i] = (struct storm_cpu){ .storm = storm,
                                                     .cpu = &machine->cpus[i],
                                                     .random = 1u + (unsigned)i };
        }
        atomic_store(&storm->running, nr_cpus);
        for (int i = 0; i < nr_cpus; i++)
                pthread_create(&threads[i], NULL, storm_cpu_thread, &storm->cpus[i]);
        while (atomic_load(&storm->started) < nr_cpus)
                ;   /* a CPU that is not yet bound must not be interrupted */
        storm_interrupts(storm, nr_cpus, seconds);
        for (int i = 0; i < nr_cpus; i++)
                pthread_join(threads[i], NULL);
        *result = (struct storm_result){ 0 };
        for (int i = 0; i < nr_cpus; i++) {
                struct storm_cpu *self = &storm->cpus[i];
                for (int slot = 0; slot < STASH; slot++)
                        if (self->pages[slot])
                                ops->free(machine, storm->zone, self->pages[slot],
                                          self->orders[slot], i);
                for (int slot = 0; slot < IRQ_STASH; slot++)
                        if (self->irq_pages[slot])
                                ops->free(machine, storm->zone, self->irq_pages[slot],
                                          0, i);
                result->operations += self->operations;
                result->irq_allocations += self->irq_allocations;
                result->irq_failures += self->irq_failures;
                result->stolen += self->stolen;
                result->irqs += atomic_load(&machine->cpus[i].irqs_handled);
        }
        if (ops->stop)
                ops->stop(machine);
        for (int i = 0; i < nr_cpus; i++)
                drain_pages_zone(storm->zone, i);
        result->check_errors = buddy_check_zone(storm->zone);
        result->free_pages = storm->zone->nr_free_pages;
        result->managed_pages = storm->zone->managed_pages;
        result->free_before = free_before;
        free(storm);
        return 0;
}
static struct page *page_alloc_storm_alloc(struct machine *machine,
                                           struct zone *zone,
                                           unsigned int order, int migratetype,
                                           bool in_irq, int cpu)
{
        static const gfp_t task_gfp[MIGRATE_PCPTYPES] = {
                GFP_KERNEL, GFP_HIGHUSER_MOVABLE, GFP_KERNEL | __GFP_RECLAIMABLE
        };
        (void)zone; (void)cpu;
        return alloc_pages(machine,
                           in_irq ? GFP_ATOMIC | __GFP_NOWARN
                                  : task_gfp[migratetype] | __GFP_NOWARN,
                           order);
}

static void page_alloc_storm_free(struct machine *machine, struct zone *zone,
                                  struct page *page, unsigned int order,
                                  int cpu)
{
        (void)zone; (void)cpu;
        __free_pages(machine, page, order);
}

static void page_alloc_storm_start(struct machine *machine)
{
        set_memory_pressure(machine, "low", GFP_KERNEL);
        kswapd_start(machine);
        /* a tick every millisecond: a storm is short */
        vmstat_start(machine, 1000000);
}
static void page_alloc_storm_stop(struct machine *machine)
{
        vmstat_stop(machine);
        kswapd_stop(machine);
        for (int nid = 0; nid < machine->topo.nr_nodes; nid++)
                while (shrink_page_cache(machine, nid, 1024) > 0)
                        ;
}

const struct storm_ops storm_page_alloc_ops = {
        "alloc_pages", page_alloc_storm_alloc, page_alloc_storm_free,
        page_alloc_storm_start, page_alloc_storm_stop
};
