/* storm.h: demonstrations and a stress test of CPUs and interrupts allocating at once.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#ifndef LABYRINTH_STORM_H
#define LABYRINTH_STORM_H

#include "machine.h"

struct irq_demo {
        bool handled_while_held;             /* the interrupt ran inside the critical section */
        bool handler_got_lock;               /* ...and still got the lock */
        unsigned long pfn;                   /* what the handler allocated, if it did */
        int pcp_count_before, pcp_count_after;
};
struct storm_result {
        unsigned long operations;            /* allocations and frees by the CPUs */
        unsigned long irq_allocations;       /* by interrupt handlers */
        unsigned long irq_failures;          /* handler allocations that found nothing */
        unsigned long irqs;                  /* interrupts delivered */
        unsigned long stolen;                /* stamps found overwritten: double owners */
        int check_errors;                    /* invariant violations at the end */
        unsigned long free_pages, managed_pages;
};
int irq_demo_zone_lock(struct machine *machine, bool irqsave, struct irq_demo *demo);
int irq_demo_pcp_lock(struct machine *machine, struct irq_demo *demo);
int storm_run(struct machine *machine, double seconds, unsigned long operations_per_cpu,
              struct storm_result *result);

#endif
