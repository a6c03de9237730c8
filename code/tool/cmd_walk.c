/* cmd_walk.c: `walk`, `trace`, `drain`, `dot path` and their quizzes (chapters
 * 7 and 9). Generated from the chapters by notangle; edit the chapters, not
 * this file. */
#include "tool.h"

static struct page *alloc_on_cpu0(struct machine *machine, gfp_t gfp,
                                  unsigned int order, bool in_irq)
{
        cpu_init(&machine->cpus[0], 0);
        cpu_bind(&machine->cpus[0]);
        if (in_irq) {
                atomic_store(&machine->cpus[0].hardirq_count, 1);
                atomic_store(&machine->cpus[0].irqs_disabled, 1);
        }
        struct page *page = alloc_pages(machine, gfp, order);
        atomic_store(&machine->cpus[0].irqs_disabled, 0);
        atomic_store(&machine->cpus[0].hardirq_count, 0);
        return page;
}
static bool scenario_atomic(struct machine *machine)
{
        struct page *page = alloc_pages(machine, GFP_ATOMIC, 0);
        if (page)
                __free_pages(machine, page, 0);
        return page != NULL;
}

static bool scenario_fallback(struct machine *machine)
{
        struct page *page = alloc_pages(machine, GFP_KERNEL, 0);
        if (page)
                __free_pages(machine, page, 0);
        return page != NULL;
}

static bool scenario_drain(struct machine *machine)
{
        struct page *pages[8];
        int allocated = 0;

        while (allocated < 8 &&
               (pages[allocated] = alloc_pages(machine, GFP_KERNEL, 0)))
                allocated++;
        for (int i = 0; i < allocated; i++)
                __free_pages(machine, pages[i], 0);
        if (allocated > 0)
                drain_pages_zone(page_zone(machine, pages[0]), 0);
        return allocated == 8;
}

static bool scenario_refs(struct machine *machine)
{
        struct page *page = alloc_pages(machine, GFP_KERNEL, 3);

        if (!page)
                return false;
        get_page(page);
        __free_pages(machine, page, 3);
        __free_pages(machine, page, 0);
        return true;
}

struct trace_scenario {
        const char *name;
        /* false: an allocation failed */
        bool (*run)(struct machine *machine);
};

static const struct trace_scenario trace_scenarios[] = {
        { "atomic", scenario_atomic },
        { "fallback", scenario_fallback },
        { "drain", scenario_drain },
        { "refs", scenario_refs },
};
/* A label's words, at most 38 columns a line (a longer word stands alone), each
 * line ended by END, dot's \n (centred) or \l (set left), so that the figure
 * of a long walk stays narrower than a printed page. */
static void dot_wrapped(FILE *out, const char *text, const char *end)
{
        int column = 0;
        for (const char *word = text; *word; ) {
                int length = (int)strcspn(word, " ");
                if (column > 0 && column + 1 + length > 38) {
                        fputs(end, out);
                        column = 0;
                } else if (column > 0) {
                        fputc(' ', out);
                        column++;
                }
                fprintf(out, "%.*s", length, word);
                column += length;
                word += length + strspn(word + length, " ");
        }
        fputs(end, out);
}

bool dot_path(FILE *out, struct machine *machine)
{
        static struct kmsg path;
        kmsg_init(&path, NULL);
        walk_narrate(machine, &path);
        struct page *page = alloc_on_cpu0(machine, GFP_ATOMIC, 0, true);
        walk_narrate(machine, NULL);
        fprintf(out, "digraph path {\n\tgraph [fontname=\"Helvetica\", fontsize=10, "
                     "ranksep=0.25];\n"
                     "\tnode [shape=box, style=\"rounded,filled\", "
                     "fillcolor=\"#f4f1e8\", color=\"#8a7f63\", "
                     "fontname=\"Helvetica\", fontsize=10];\n");
        int step = 0, previous_note = -1;
        char *saveptr = NULL;
        for (char *line = strtok_r(path.text, "\n", &saveptr); line;
             line = strtok_r(NULL, "\n", &saveptr)) {
                for (char *q = line; *q; q++)
                        if (*q == '"')
                                *q = '\'';
                if (line[0] == ' ') {
                        /* A step's notes hang one under the other, each from the one
                         * before. */
                        int note = step * 100 + (int)(line - path.text) % 97;
                        fprintf(out,
                                "\t%c%d -> d%d [style=dotted, arrowhead=none];\n\td%d "
                                "[label=\"",
                                previous_note < 0 ? 's' : 'd',
                                previous_note < 0 ? step : previous_note, note, note);
                        dot_wrapped(out, line + 2, "\\l");
                        fprintf(out, "\", shape=plaintext, style=\"\"];\n");
                        previous_note = note;
                        continue;
                }
                step++;
                previous_note = -1;
                fprintf(out, "\ts%d [label=\"", step);
                dot_wrapped(out, line, "\\n");
                fprintf(out, "\"];\n");
                if (step > 1)
                        fprintf(out, "\ts%d -> s%d;\n", step - 1, step);
        }
        fprintf(out,
                "\ts%d -> result;\n\tresult [label=\"%s\", fillcolor=\"%s\"];\n}\n",
                step, page ? "void *: page_address(page)" : "NULL: allocation failure",
                page ? "#e3f2e1" : "#f4d6cc");
        return true;   /* a NULL is the walk's outcome, drawn as such */
}

int cmd_walk(struct tool *tool, int argc, char **argv)
{
        const char *gfp_text = "GFP_ATOMIC", *context = "task",
                   *pressure = "none", *awake = NULL;
        unsigned long long order = 0, awake_nid = 0;
        char error[160];
        gfp_t gfp;

        for (int i = 0; i < argc; i += 2) {
                if (i + 1 >= argc)
                        return usage_error("walk: option %s needs a value",
                                           argv[i]);
                if (strcmp(argv[i], "--gfp") == 0) gfp_text = argv[i + 1];
                else if (strcmp(argv[i], "--context") == 0)
                        context = argv[i + 1];
                else if (strcmp(argv[i], "--pressure") == 0)
                        pressure = argv[i + 1];
                else if (strcmp(argv[i], "--kswapd-awake") == 0)
                        awake = argv[i + 1];
                else if (strcmp(argv[i], "--order") != 0 ||
                         !parse_number(argv[i + 1], &order) || order > 31)
                        return usage_error("walk: options are --gfp G --order "
                                           "N --context task|irq "
                                           "--pressure none|low|min|exhausted "
                                           "--kswapd-awake NODE");
        }
        if (gfp_parse(gfp_text, &gfp, error, sizeof(error)) != 0)
                return usage_error("walk: --gfp: %s", error);
        if (strcmp(context, "task") != 0 && strcmp(context, "irq") != 0)
                return usage_error("walk: --context %s: not task or irq",
                                   context);
        if (awake &&
            (!parse_number(awake, &awake_nid) ||
             awake_nid >= (unsigned long long)tool->machine.topo.nr_nodes))
                return usage_error(
                        "walk: --kswapd-awake %s: not a node of this machine",
                        awake);
        if (set_memory_pressure(&tool->machine, pressure, gfp) != 0)
                return usage_error(
                        "walk: --pressure %s: not none, low, min or exhausted",
                        pressure);
        if (awake)
                atomic_store(&tool->machine.kswapd[awake_nid].awake, 1);
        static struct kmsg walk_log;
        struct machine *machine = &tool->machine;
        kmsg_init(&walk_log, NULL);
        walk_narrate(machine, &walk_log);
        /* reports are printed in order, after the walk */
        machine->log.echo = NULL;
        size_t log_start = machine->log.len, log_dropped = machine->log.dropped;
        struct page *page = alloc_on_cpu0(machine, gfp, (unsigned int)order,
                                          strcmp(context, "irq") == 0);
        walk_narrate(machine, NULL);
        fputs(walk_log.text, stdout);
        /* a full log moved its lines down to make room (chapter 18) */
        size_t moved = machine->log.dropped - log_dropped;
        fputs(machine->log.text + (moved < log_start ? log_start - moved : 0),
              stdout);
        if (page) {
                unsigned long pfn = page_to_pfn(&machine->map, page);
                printf("result: pfn %#lx in zone %s, kernel address %#lx, refcount "
                       "%d\n",
                       pfn, page_zone(machine, page)->name,
                       (unsigned long)kernel_direct_map_address(pfn),
                       atomic_load(&page->_refcount));
        } else {
                printf("result: NULL\n");
        }
        fflush(stdout);
        for (int nid = 0; nid < machine->topo.nr_nodes; nid++)
                if (atomic_load(&machine->kswapd[nid].awake)) {
                        unsigned long reclaimed = kswapd_balance(machine, nid);
                        printf("then kswapd on node %d runs: %lu pages reclaimed, node "
                               "%s\n",
                               nid, reclaimed,
                               pgdat_balanced(machine, nid, 0, ZONE_NORMAL)
                                       ? "balanced"
                                       : "still short");
                }
        return 0;
}
void quiz_atomic(struct tool *tool, struct quiz *quiz)
{
        static const char *const pressures[] = { "none", "low", "min",
                                                 "exhausted" };
        static const char *const masks[] = { "GFP_ATOMIC", "GFP_ATOMIC",
                                             "GFP_NOWAIT" };
        struct machine *machine = &tool->machine;
        const char *pressure = pressures[quiz_random(quiz, 4)],
                   *mask = masks[quiz_random(quiz, 3)];
        gfp_t gfp;
        char error[160];

        gfp_parse(mask, &gfp, error, sizeof(error));
        printf("alloc_page(%s) from an interrupt on CPU 0, memory drained to "
               "pressure %s\n"
               "(labyrinth walk --gfp %s --context irq --pressure %s):\n",
               mask, pressure, mask, pressure);
        set_memory_pressure(machine, pressure, gfp);
        /* a failure's report is not part of the answer */
        machine->log.echo = NULL;
        unsigned long reserve = atomic_load(&machine->reserve_allocations);
        struct page *page = alloc_on_cpu0(machine, gfp, 0, true);
        quiz_blank(quiz, "served from zone", "%s",
                   page ? page_zone(machine, page)->name : "none: NULL");
        quiz_blank(quiz, "needed the reserve below min", "%s",
                   atomic_load(&machine->reserve_allocations) > reserve ? "yes"
                                                                        : "no");
        quiz_blank(quiz, "kswapd woken", "%s",
                   atomic_load(&machine->kswapd[0].wakeups) ? "yes" : "no");
}
int cmd_trace(struct tool *tool, int argc, char **argv)
{
        struct machine *machine = &tool->machine;
        const struct trace_scenario *scenario = NULL;
        char names[256] = "";

        for (size_t i = 0;
             i < sizeof(trace_scenarios) / sizeof(trace_scenarios[0]); i++) {
                if (argc == 1 && strcmp(argv[0], trace_scenarios[i].name) == 0)
                        scenario = &trace_scenarios[i];
                snprintf(names + strlen(names), sizeof(names) - strlen(names),
                         "%s%s", i ? ", " : "", trace_scenarios[i].name);
        }
        if (!scenario)
                return usage_error("trace: give one scenario: %s", names);
        if (trace_enable(machine) != 0)
                return usage_error("trace: no memory for the trace buffers");
        cpu_init(&machine->cpus[0], 0);
        cpu_bind(&machine->cpus[0]);
        bool whole = scenario->run(machine);
        trace_print(stdout, machine->trace);
        trace_disable(machine);
        if (!whole)
                return usage_error("trace %s: an allocation failed: the "
                                   "machine is too small for the scenario",
                                   scenario->name);
        return 0;
}
static void drain_row(struct machine *machine, const struct zone *zone,
                      unsigned long held, int phase)
{
        printf("%8lu %8lu %6lu %6lu %6lu %3lu %6lu %d\n", held,
               zone->nr_free_pages, wmark_pages(zone, WMARK_MIN),
               wmark_pages(zone, WMARK_LOW), wmark_pages(zone, WMARK_HIGH),
               atomic_load(&machine->kswapd[zone->zone_pgdat->node_id].wakeups),
               atomic_load(&machine->reserve_allocations), phase);
}

int cmd_drain(struct tool *tool, int argc, char **argv)
{
        char names[2][64] = { "GFP_KERNEL", "GFP_ATOMIC" }, error[160];
        gfp_t masks[2];
        struct machine *machine = &tool->machine;
        const struct zone *zone = ops_zone(machine);
        unsigned long held = 0;

        if (argc == 2 && strcmp(argv[0], "--gfp") == 0) {
                const char *comma = strchr(argv[1], ',');
                if (!comma || comma - argv[1] >= 64 || strlen(comma + 1) >= 64)
                        return usage_error("drain: --gfp FIRST,SECOND: two masks");
                snprintf(names[0], sizeof(names[0]), "%.*s", (int)(comma - argv[1]),
                         argv[1]);
                snprintf(names[1], sizeof(names[1]), "%s", comma + 1);
        } else if (argc != 0) {
                return usage_error("drain: the only option is --gfp FIRST,SECOND");
        }
        for (int phase = 0; phase < 2; phase++) {
                if (gfp_parse(names[phase], &masks[phase], error, sizeof(error)) != 0)
                        return usage_error("drain: --gfp: %s", error);
                masks[phase] |= __GFP_NOWARN;
        }
        machine->log.echo = NULL;
        cpu_init(&machine->cpus[0], 0);
        cpu_bind(&machine->cpus[0]);
        printf("# zone %s: pages held, free pages, min, low, high, kswapd "
               "wakeups, reserve allocations, "
               "phase (0 %s, 1 %s)\n",
               zone->name, names[0], names[1]);
        drain_row(machine, zone, held, 0);
        for (int phase = 0; phase < 2; phase++) {
                for (;;) {
                        unsigned long free_before = zone->nr_free_pages;
                        bool woken_before =
                                atomic_load(
                                        &machine->kswapd[zone->zone_pgdat->node_id].wakeups) !=
                                0;
                        bool reserve_before = atomic_load(&machine->reserve_allocations) != 0;
                        if (!alloc_pages(machine, masks[phase], 0))
                                break;
                        held++;
                        if (zone->nr_free_pages != free_before ||
                            woken_before !=
                                    (atomic_load(&machine->kswapd[zone->zone_pgdat->node_id]
                                                          .wakeups) != 0) ||
                            reserve_before != (atomic_load(&machine->reserve_allocations) != 0))
                                drain_row(machine, zone, held, phase);
                }
                drain_row(machine, zone, held, phase);
        }
        return 0;
}
void quiz_path(struct tool *tool, struct quiz *quiz)
{
        static const char *const masks[] = { "GFP_KERNEL", "GFP_ATOMIC",
                                             "GFP_HIGHUSER_MOVABLE",
                                             "GFP_DMA32" };
        static const unsigned int orders[] = { 0, 0, 1, 3, 4, 9 };
        struct machine *machine = &tool->machine;
        const char *mask = masks[quiz_random(quiz, 4)];
        unsigned int order = orders[quiz_random(quiz, 6)];
        gfp_t gfp;
        char error[160];

        gfp_parse(mask, &gfp, error, sizeof(error));
        printf("alloc_pages(%s, %u) on CPU 0 of a freshly booted machine:\n",
               mask, order);
        quiz_blank(quiz, "highest zone it may use", "%s",
                   zone_names[gfp_zone(gfp)]);
        quiz_blank(quiz, "migrate type", "%s",
                   migratetype_names[gfp_migratetype(gfp)]);
        quiz_blank(quiz, "per-CPU lists serve the order", "%s",
                   pcp_allowed_order(order) ? "yes" : "no");
        cpu_init(&machine->cpus[0], 0);
        cpu_bind(&machine->cpus[0]);
        struct page *page = alloc_pages(machine, gfp, order);
        if (!page)
                return;
        struct zone *zone = page_zone(machine, page);
        int pcp_pages = zone->per_cpu_pageset[0].count;
        quiz_blank(quiz, "the page comes from zone", "%s", zone->name);
        if (pcp_allowed_order(order))
                quiz_blank(quiz, "pages the first refill moved",
                           "%d (%d blocks of order %u)",
                           pcp_pages + (1 << order),
                           pcp_pages / (1 << order) + 1, order);
        else
                quiz_blank(quiz, "pages the first refill moved", "%s",
                           "none: straight from the buddy lists");
        __free_pages(machine, page, order);
}
