/* labyrinth.h: the model of the Linux page allocator, for use in other
 * programs. Generated from the chapters by notangle; edit the chapters, not
 * this file. */
#ifndef LABYRINTH_H
#define LABYRINTH_H

#include "mm/api.h"
#include "tool/gfp_parse.h"
#include "tool/pressure.h"
#include "tool/procfs.h"

/* The page API of api.h (alloc_pages, alloc_pages_node, __free_pages,
 * __get_free_pages, free_pages, alloc_pages_exact, ...) behaves as the
 * kernel's.  Checked: an order above MAX_PAGE_ORDER, an invalid zone modifier
 * or __GFP_MOVABLE|__GFP_RECLAIMABLE (a WARNING or BUG line in machine->log,
 * NULL); a node the machine lacks (BUG, NULL); a sleeping mask in atomic
 * context (reported, then served); freeing twice, with the wrong order, from
 * inside a block, or what is no page of the machine (BUG: Bad page state,
 * nothing changes); any call on a machine not running (BUG, nothing done);
 * alloc_pages_exact(0) (no order fits: NULL). With --config PAGE_POISONING=y, a
 * write to a freed page is reported when it is allocated again.  Unchecked:
 * using a page after freeing it otherwise, writing beyond a block, freeing a
 * page another owner holds now, and __GFP_NOFAIL from a caller that cannot
 * sleep. */

/* Boots MACHINE as CONFIG describes, with kswapd on every node and the vmstat
 * worker. Returns 0, or a negative errno with the reason as machine->log's
 * first line. Checked: an impossible configuration (-EINVAL: counts out of
 * range, memory ranges that overlap or lie on no node, zones that do not fit);
 * MACHINE running already (-EBUSY). Unchecked: MACHINE or CONFIG not pointing
 * at memory of their types. */
int labyrinth_boot(struct machine *machine,
                   const struct machine_config *config);

/* Stops the machine's threads and frees its memory.  Checked: a machine not
 * running (nothing happens).  Unchecked: a body still running on one of its
 * CPUs. */
void labyrinth_shutdown(struct machine *machine);

/* Runs BODY(MACHINE, ARG) on a new thread that is CPU, interrupts enabled, and
 * returns when it has.  Checked: a CPU the machine lacks (-EINVAL).  Unchecked:
 * two bodies on one CPU at once; a body that never returns. */
int labyrinth_run_on_cpu(struct machine *machine, int cpu,
                         void (*body)(struct machine *machine, void *arg),
                         void *arg);

/* Makes HANDLER(cpu, ARG) the CPU's interrupt handler.  Checked: a CPU the
 * machine lacks
 * (-EINVAL).  Unchecked: a handler that is not async-signal-safe or sleeps. */
int labyrinth_set_irq_handler(struct machine *machine, int cpu,
                              void (*handler)(struct cpu *cpu, void *arg),
                              void *arg);

/* Interrupts CPU: its handler runs on its thread, at once or when it enables
 * interrupts. Checked: a CPU the machine lacks (-EINVAL); a CPU that no body is
 * running on (-ESRCH). */
int labyrinth_raise_irq(struct machine *machine, int cpu);

#endif
