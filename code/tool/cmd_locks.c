/* cmd_locks.c: the `locks` and `storm` commands and quiz (chapter 6).
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "tool.h"

bool dot_locks(FILE *out, struct machine *machine)
{
        fprintf(out, "digraph locks {\n\tnode [shape=box, "
                     "style=\"rounded,filled\", fillcolor=\"#f4f1e8\", "
                     "fontname=\"Helvetica\", fontsize=10];\n");
        for (int irqsave = 0; irqsave <= 1; irqsave++) {
                struct irq_demo demo;
                irq_demo_zone_lock(machine, irqsave, &demo);
                const char *steps[4] = {
                        irqsave ? "spin_lock_irqsave(&zone->lock)"
                                : "spin_lock(&zone->lock)",
                        demo.handled_while_held
                                ? "interrupt: handler runs now, inside"
                                : "interrupt: pending (interrupts off)",
                        demo.handled_while_held
                                ? (demo.handler_got_lock
                                           ? "handler gets the lock"
                                           : "handler spins on the lock its "
                                             "own CPU holds: deadlock")
                                : "spin_unlock_irqrestore: the interrupt is "
                                  "delivered",
                        demo.handled_while_held
                                ? "(never reached on a real CPU)"
                                : "handler gets the lock"
                };
                fprintf(out, "\tsubgraph cluster%d {\n\t\tlabel=\"%s\";\n",
                        irqsave,
                        irqsave ? "with interrupts off" : "with interrupts on");
                for (int i = 0; i < 4; i++)
                        fprintf(out, "\t\ts%d_%d [label=\"%s\"%s];\n", irqsave,
                                i, steps[i],
                                strstr(steps[i], "deadlock")
                                        ? ", fillcolor=\"#f4d6cc\""
                                        : "");
                for (int i = 1; i < 4; i++)
                        fprintf(out, "\t\ts%d_%d -> s%d_%d;\n", irqsave, i - 1,
                                irqsave, i);
                fprintf(out, "\t}\n");
        }
        /* one run above the other */
        fprintf(out, "\tranksep=0.2;\n\ts0_3 -> s1_0 [style=invis];\n");
        fprintf(out, "}\n");
        return true;   /* the zone lock's runs allocate nothing */
}

int cmd_locks(struct tool *tool, int argc, char **argv)
{
        struct irq_demo demo;

        (void)argv;
        if (argc != 0)
                return usage_error("locks: no arguments");
        for (int irqsave = 0; irqsave <= 1; irqsave++) {
                if (irq_demo_zone_lock(&tool->machine, irqsave, &demo) != 0)
                        return usage_error("locks: cannot start a CPU thread");
                printf("zone->lock taken with %-17s the interrupt ran %s the "
                       "critical section and %s\n",
                       irqsave ? "spin_lock_irqsave:" : "spin_lock:",
                       demo.handled_while_held ? "inside" : "after",
                       demo.handler_got_lock ? "got the lock"
                                             : "spun 1000000 times without "
                                               "getting it: a deadlock");
        }
        if (irq_demo_pcp_lock(&tool->machine, &demo) != 0)
                return usage_error("locks: cannot start a CPU thread");
        if (!demo.allocated) {
                printf("pcp lock held when the interrupt came: its allocation "
                       "failed: the list is locked and the buddy lists are "
                       "empty (per-CPU count %d)\n",
                       demo.pcp_count_before);
                return usage_error("locks: the interrupt's allocation "
                                   "failed: the machine is out of memory");
        }
        printf("pcp lock held when the interrupt came: its allocation got pfn "
               "%#lx from the %s "
               "(per-CPU count %d before, %d after)\n",
               demo.pfn,
               demo.pcp_count_after == demo.pcp_count_before ? "buddy lists"
                                                             : "per-CPU list",
               demo.pcp_count_before, demo.pcp_count_after);
        return 0;
}
void quiz_locks(struct tool *tool, struct quiz *quiz)
{
        struct irq_demo demo;
        bool irqsave = quiz_random(quiz, 2) != 0;

        printf("1. CPU 0 takes zone->lock with %s; an interrupt arrives, and "
               "its handler\n"
               "   allocates GFP_ATOMIC, misses its per-CPU list and asks for "
               "zone->lock:\n",
               irqsave ? "spin_lock_irqsave" : "spin_lock");
        if (irq_demo_zone_lock(&tool->machine, irqsave, &demo) != 0)
                return;
        quiz_blank(quiz, "the handler runs", "%s",
                   demo.handled_while_held ? "inside the critical section"
                                           : "after spin_unlock_irqrestore");
        quiz_blank(quiz, "it gets the lock", "%s",
                   demo.handler_got_lock ? "yes" : "no: it spins, a deadlock");
        printf("2. CPU 0 holds its own per-CPU list's lock when the interrupt "
               "comes, and\n"
               "   the handler allocates an order-0 page:\n");
        if (irq_demo_pcp_lock(&tool->machine, &demo) != 0)
                return;
        bool fell_back = !demo.allocated ||
                         demo.pcp_count_after == demo.pcp_count_before;
        quiz_blank(quiz, "the per-CPU trylock", "%s",
                   fell_back ? "fails" : "succeeds");
        quiz_blank(quiz, "the page comes from", "%s",
                   !demo.allocated ? "nowhere: the buddy lists are empty, NULL"
                   : fell_back     ? "the buddy lists, under zone->lock"
                                   : "the per-CPU list");
}
int cmd_storm(struct tool *tool, int argc, char **argv)
{
        unsigned long long seconds = 1, operations = 1000000;
        struct storm_result result;

        for (int i = 0; i < argc; i += 2) {
                unsigned long long *target =
                        i + 1 >= argc                          ? NULL
                        : strcmp(argv[i], "--seconds") == 0    ? &seconds
                        : strcmp(argv[i], "--operations") == 0 ? &operations
                                                               : NULL;
                if (!target || !parse_number(argv[i + 1], target) ||
                    *target == 0 ||
                    *target >
                            (target == &seconds ? 86400ULL : 1000000000000ULL))
                        return usage_error(
                                "storm: options are --seconds S (up to a day) "
                                "and "
                                "--operations N (per CPU, up to 10^12)");
        }
        const struct storm_ops *ops = &storm_pcp_ops;
        /* from chapter 8 on: the whole allocator */
        ops = &storm_page_alloc_ops;
        if (storm_run(&tool->machine, ops, (double)seconds, operations,
                      &result) != 0)
                return usage_error("storm: cannot start the CPU threads");
        printf("CPUs %d through %s, interrupts %lu\n", tool->machine.topo.nr_cpus,
               ops->name, result.irqs);
        printf("operations by CPUs     %lu\n", result.operations);
        printf("atomic allocations     %lu in interrupts, %lu failed\n",
               result.irq_allocations, result.irq_failures);
        printf("pages with two owners  %lu\n", result.stolen);
        printf("after the storm        %lu of %lu managed pages free (%lu before), "
               "%d invariant violations\n",
               result.free_pages, result.managed_pages, result.free_before,
               result.check_errors);
        unsigned long wakeups = 0, reclaimed = 0;
        for (int nid = 0; nid < tool->machine.topo.nr_nodes; nid++) {
                wakeups += atomic_load(&tool->machine.kswapd[nid].wakeups);
                reclaimed += atomic_load(&tool->machine.kswapd[nid].reclaimed);
        }
        printf("kswapd                 woken %lu times, reclaimed %lu pages\n", wakeups,
               reclaimed);
        printf("from the reserves      %lu allocations got past a watermark only by "
               "its reductions\n",
               atomic_load(&tool->machine.reserve_allocations));
        printf("failed allocations     %lu\n",
               atomic_load(&tool->machine.failed_allocations));
        unsigned long hits = 0, refills = 0;
        for (int nid = 0; nid < tool->machine.topo.nr_nodes; nid++)
                for (int z = 0; z < tool->machine.topo.nr_zone_types; z++) {
                        const struct zone *zone =
                                &tool->machine.topo.node_data[nid].node_zones[z];
                        for (int cpu = 0; cpu < zone->nr_pagesets; cpu++) {
                                hits += zone->per_cpu_pageset[cpu].alloc_hits;
                                refills += zone->per_cpu_pageset[cpu].alloc_refills;
                        }
                }
        printf("per-CPU lists          %.1f%% of their allocations were hits, %lu "
               "refills\n",
               hits + refills ? 100.0 * (double)hits / (double)(hits + refills) : 0.0,
               refills);
        bool ok = result.stolen == 0 && result.check_errors == 0 &&
                  result.free_pages == result.free_before;
        printf("%s\n", ok ? "every page had one owner at a time, and every "
                            "page came back"
                          : "EXCLUSIVITY BROKEN");
        return ok ? 0 : 1;
}
