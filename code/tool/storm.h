/* storm.h: demonstrations and a stress test of CPUs and interrupts allocating
 * at once. Generated from the chapters by notangle; edit the chapters, not this
 * file. */
#ifndef LABYRINTH_STORM_H
#define LABYRINTH_STORM_H

#include "mm/machine.h"

struct irq_demo {
        /* the interrupt ran inside the critical section */
        bool handled_while_held;
        bool handler_got_lock;               /* ...and still got the lock */
        /* what the handler allocated, if it did */
        bool allocated;
        unsigned long pfn;
        int pcp_count_before, pcp_count_after;
};
struct storm_result {
        /* allocations and frees by the CPUs */
        unsigned long operations;
        unsigned long irq_allocations;       /* by interrupt handlers */
        /* handler allocations that found nothing */
        unsigned long irq_failures;
        unsigned long irqs;                  /* interrupts delivered */
        /* stamps found overwritten: double owners */
        unsigned long stolen;
        /* invariant violations at the end */
        int check_errors;
        unsigned long free_pages, managed_pages;
        /* free before, on the buddy and per-CPU lists: what must come back */
        unsigned long free_before;
};
struct storm_ops {
        const char *name;
        struct page *(*alloc)(struct machine *machine, struct zone *zone,
                              unsigned int order, int migratetype, bool in_irq,
                              int cpu);
        void (*free)(struct machine *machine, struct zone *zone,
                     struct page *page, unsigned int order, int cpu);
        void (*start)(struct machine *machine);   /* may be NULL */
        /* give back what start took; may be NULL */
        void (*stop)(struct machine *machine);
};
int irq_demo_zone_lock(struct machine *machine, bool irqsave,
                       struct irq_demo *demo);
int irq_demo_pcp_lock(struct machine *machine, struct irq_demo *demo);
extern const struct storm_ops storm_pcp_ops;
int storm_run(struct machine *machine, const struct storm_ops *ops,
              double seconds, unsigned long operations_per_cpu,
              struct storm_result *result);
extern const struct storm_ops storm_page_alloc_ops;

#endif
