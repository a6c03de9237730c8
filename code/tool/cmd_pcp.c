/* cmd_pcp.c: the `pcp` command and quiz (chapter 5).
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "tool.h"

bool dot_pcp(FILE *out, struct machine *machine)
{
        struct zone *zone = ops_zone(machine);
        struct per_cpu_pages *pcp = &zone->per_cpu_pageset[0];
        struct page *pages[100];

        /* fewer than 100 on a tiny machine: draw what there is */
        int allocated = 0;
        while (allocated < 100 &&
               (pages[allocated] = pcp_alloc(zone, 0, MIGRATE_UNMOVABLE, 0, 0)))
                allocated++;
        for (int i = 0; i < 40 && i < allocated; i++)
                pcp_free(zone, pages[i], 0, 0);
        int pairs = 0;
        while (pairs < 3 && pcp_alloc(zone, 1, MIGRATE_MOVABLE, 0, 0))
                pairs++;
        fprintf(out, "digraph pcp {\n\trankdir=TB;\n\tnode [shape=box, "
                     "style=\"rounded,filled\", "
                     "fillcolor=\"#f4f1e8\", fontname=\"Helvetica\", "
                     "fontsize=10];\n");
        fprintf(out,
                "\tcpu [label=\"CPU 0, zone %s\\ncount %d, high %d\\nbatch %d, "
                "high_min %d, high_max %d\", "
                "fillcolor=\"#e3ecf7\"];\n",
                zone->name, pcp->count, pcp->high, pcp->batch, pcp->high_min,
                pcp->high_max);
        for (int pindex = 0; pindex < NR_PCP_LISTS; pindex++)
                {
                        struct list_head *head = &pcp->lists[pindex];
                        if (list_empty(head))
                                continue;
                        int length = 0;
                        for (struct list_head *link = head->next; link != head;
                             link = link->next)
                                length++;
                        fprintf(out,
                                "\tl%d [label=\"list %d: order %u %s\\n%d blocks\"];\n\tcpu -> "
                                "l%d;\n",
                                pindex, pindex, pindex_to_order(pindex),
                                migratetype_names[pindex < NR_LOWORDER_PCP_LISTS
                                                          ? pindex % MIGRATE_PCPTYPES
                                                          : MIGRATE_MOVABLE],
                                length, pindex);
                        int shown = 0;
                        for (struct list_head *link = head->next; link != head && shown < 4;
                             link = link->next, shown++) {
                                fprintf(out,
                                        "\tp%d_%d [label=\"pfn %#lx\", fillcolor=\"white\"];\n",
                                        pindex, shown,
                                        page_to_pfn(zone->map,
                                                    list_entry(link, struct page, lru)));
                                if (shown == 0)
                                        fprintf(out, "\tl%d -> p%d_0;\n", pindex, pindex);
                                else
                                        fprintf(out, "\tp%d_%d -> p%d_%d;\n", pindex, shown - 1,
                                                pindex, shown);
                        }
                }
        fprintf(out, "}\n");
        return allocated == 100 && pairs == 3;
}

int cmd_pcp(struct tool *tool, int argc, char **argv)
{
        unsigned long long allocs = 0, frees = 0, decays = 0, cpu = 0;

        for (int i = 0; i + 1 < argc + 1; i += 2) {
                unsigned long long *target =
                        i + 1 >= argc                      ? NULL
                        : strcmp(argv[i], "--allocs") == 0 ? &allocs
                        : strcmp(argv[i], "--frees") == 0  ? &frees
                        : strcmp(argv[i], "--decay") == 0  ? &decays
                        : strcmp(argv[i], "--cpu") == 0    ? &cpu
                                                           : NULL;
                if (i >= argc)
                        break;
                if (!target || !parse_number(argv[i + 1], target) ||
                    *target > 1000000)
                        return usage_error("pcp: options are --allocs N "
                                           "--frees N --decay N --cpu N");
        }
        if (frees > allocs ||
            cpu >= (unsigned long long)tool->machine.topo.nr_cpus)
                return usage_error(
                        "pcp: --frees at most --allocs, --cpu below %d",
                        tool->machine.topo.nr_cpus);
        struct zone *zone = ops_zone(&tool->machine);
        struct page **pages = calloc(allocs ? allocs : 1, sizeof(*pages));
        struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
        if (!pages)
                return usage_error("pcp: out of memory");
        printf("zone %s, CPU %llu: batch %d, high_min %d, high_max %d\n", zone->name,
               cpu, pcp->batch, pcp->high_min, pcp->high_max);
        for (unsigned long long i = 0; i < allocs + frees + decays; i++) {
                unsigned long before = zone->nr_free_pages;
                const char *what = i < allocs           ? "alloc"
                                   : i < allocs + frees ? "free"
                                                        : "decay";
                if (i < allocs &&
                    !(pages[i] = pcp_alloc(zone, 0, MIGRATE_MOVABLE, 0, (int)cpu))) {
                        /* stop as a kernel caller does: give back all it got */
                        for (unsigned long long got = i; got-- > 0;)
                                pcp_free(zone, pages[got], 0, (int)cpu);
                        free(pages);
                        return usage_error("pcp: allocation %llu of %llu failed: "
                                           "zone %s (%lu pages) is out of memory; "
                                           "freed the %llu pages it had",
                                           i + 1, allocs, zone->name,
                                           zone->managed_pages, i);
                }
                if (i < allocs)
                        ;
                else if (i < allocs + frees)
                        pcp_free(zone, pages[allocs - 1 - (i - allocs)], 0, (int)cpu);
                else
                        decay_pcp_high(zone, pcp);
                if (zone->nr_free_pages != before)
                        printf("%-5s %6llu: %s %4ld pages; count %5d high %5d "
                               "alloc_factor %d free_count %d\n",
                               what,
                               i < allocs           ? i + 1
                               : i < allocs + frees ? i - allocs + 1
                                                    : i - allocs - frees + 1,
                               zone->nr_free_pages < before ? "refill" : "drain ",
                               labs((long)zone->nr_free_pages - (long)before),
                               pcp->count, pcp->high, pcp->alloc_factor,
                               pcp->free_count);
        }
        printf("end: count %d high %d\n", pcp->count, pcp->high);
        free(pages);
        return 0;
}
void quiz_pcp(struct tool *tool, struct quiz *quiz)
{
        struct zone *zone = ops_zone(&tool->machine);
        const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[0];
        /* a problem the machine can do: no more pages than CPU 0 can get */
        unsigned long room = zone->nr_free_pages + (unsigned long)pcp->count;
        unsigned long most = room < 700 ? room : 700;
        unsigned long allocs = most ? 1 + quiz_random(quiz, most) : 0;
        unsigned long frees =
                quiz_random(quiz, 2) ? quiz_random(quiz, allocs + 1) : 0;
        char option_allocs[] = "--allocs", option_frees[] = "--frees",
             number_allocs[24], number_frees[24];
        char *argv[] = { option_allocs, number_allocs, option_frees,
                         number_frees };

        snprintf(number_allocs, sizeof(number_allocs), "%lu", allocs);
        snprintf(number_frees, sizeof(number_frees), "%lu", frees);
        printf("CPU 0's empty list for zone %s has batch %d, high_min %d, "
               "high_max %d.\n",
               zone->name, pcp->batch, pcp->high_min, pcp->high_max);
        printf("The CPU allocates %lu order-0 movable pages one at a time, "
               "then frees %lu of them, the\n"
               "last allocated first (labyrinth pcp --allocs %lu --frees %lu). "
               " Every refill and drain,\n"
               "its size, and the list at the end:\n",
               allocs, frees, allocs, frees);
        if (quiz_show_block(quiz))
                cmd_pcp(tool, 4, argv);
}
