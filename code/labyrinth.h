/* labyrinth.h: the model of the Linux page allocator, for use in other programs.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#ifndef LABYRINTH_H
#define LABYRINTH_H

#include "api.h"
#include "procfs.h"

int labyrinth_boot(struct machine *machine, const struct machine_config *config);
void labyrinth_shutdown(struct machine *machine);
int labyrinth_run_on_cpu(struct machine *machine, int cpu,
                         void (*body)(struct machine *machine, void *arg), void *arg);
int labyrinth_set_irq_handler(struct machine *machine, int cpu,
                              void (*handler)(struct cpu *cpu, void *arg), void *arg);
int labyrinth_raise_irq(struct machine *machine, int cpu);

#endif
