/* cmd_buddy.c: scripted allocations, the buddy views and quiz (chapter 4).
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "tool.h"

struct zone *ops_zone(struct machine *machine)
{
        pg_data_t *pgdat = &machine->topo.node_data[0];

        for (int z = ZONE_NORMAL; z >= 0; z--)
                if (populated_zone(&pgdat->node_zones[z]))
                        return &pgdat->node_zones[z];
        return &pgdat->node_zones[ZONE_NORMAL];
}
enum { MAX_OPS = 256 };

int run_ops(struct tool *tool)
{
        struct zone *zone = ops_zone(&tool->machine);
        struct page *allocated[MAX_OPS];
        unsigned int orders[MAX_OPS];
        int nr = 0, status = 0;
        /* whole, however long: strtok writes into it */
        char *copy = strdup(tool->ops);

        if (!copy)
                return usage_error("--ops: out of memory");
        size_t len = strlen(copy);
        if (len == 0 || copy[0] == ',' || copy[len - 1] == ',' ||
            strstr(copy, ",,")) {
                /* strtok would skip an empty step silently */
                free(copy);
                return usage_error("--ops '%s': an empty step", tool->ops);
        }
        for (char *op = strtok(copy, ","); op && status == 0;
             op = strtok(NULL, ",")) {
                char *end;
                unsigned long number = strtoul(op + 1, &end, 10);
                if (op[0] == 'a' && nr == MAX_OPS)
                        status = usage_error("--ops: more than %d allocations",
                                             MAX_OPS);
                else if (op[0] == 'a' && end != op + 1 &&
                         number <= MAX_PAGE_ORDER &&
                         (*end == '\0' ||
                          ((*end == 'm' || *end == 'u' || *end == 'r') &&
                           end[1] == '\0'))) {
                        int type = *end == 'u'   ? MIGRATE_UNMOVABLE
                                   : *end == 'r' ? MIGRATE_RECLAIMABLE
                                                 : MIGRATE_MOVABLE;
                        orders[nr] = (unsigned int)number;
                        allocated[nr] = buddy_alloc(zone, (unsigned int)number, type, 0);
                        if (allocated[nr])
                                printf("# op %d: alloc order %lu %s -> pfn %#lx\n", nr, number,
                                       migratetype_names[type], page_to_pfn(zone->map, allocated[nr]));
                        else
                                printf("# op %d: alloc order %lu %s -> failed\n", nr, number,
                                       migratetype_names[type]);
                        nr++;
                } else if (op[0] == 'f' && end != op + 1 && *end == '\0' &&
                           number < (unsigned long)nr && allocated[number]) {
                        buddy_free(zone, allocated[number], orders[number]);
                        printf("# op f%lu: free pfn %#lx order %u\n", number,
                               page_to_pfn(zone->map, allocated[number]),
                               orders[number]);
                        allocated[number] = NULL;
                } else {
                        status = usage_error("--ops: '%s' is not aORDER[m|u|r] "
                                             "or fSTEP of an allocated step",
                                             op);
                }
        }
        free(copy);
        return status;
}
/* For an answer that is a block of output: the blank, or true when the block is
 * wanted. */
bool quiz_show_block(const struct quiz *quiz)
{
        if (!quiz->answer)
                printf("   ________\n");
        return quiz->answer;
}

static int compare_proc_file(struct tool *tool, const char *command,
                             const char *name,
                             int (*compare)(FILE *, const struct machine *,
                                            FILE *, const char *, char *,
                                            size_t))
{
        char error[256];
        FILE *in = fopen(name, "r");

        if (!in)
                return usage_error("%s --compare %s: %s", command, name,
                                   strerror(errno));
        int differ = compare(stdout, &tool->machine, in, name, error,
                             sizeof(error));
        fclose(in);
        if (differ < 0)
                return usage_error("%s --compare %s", command, error);
        return differ > 0 ? 1 : 0;
}

int cmd_buddyinfo(struct tool *tool, int argc, char **argv)
{
        if (argc == 0) {
                buddyinfo_show(stdout, &tool->machine);
                return 0;
        }
        if (argc != 2 || strcmp(argv[0], "--compare") != 0)
                return usage_error("buddyinfo: the only option is --compare "
                                   "FILE");
        return compare_proc_file(tool, "buddyinfo", argv[1],
                                 buddyinfo_compare);
}

int cmd_pagetypeinfo(struct tool *tool, int argc, char **argv)
{
        if (argc == 0) {
                pagetypeinfo_show(stdout, &tool->machine);
                return 0;
        }
        if (argc != 2 || strcmp(argv[0], "--compare") != 0)
                return usage_error("pagetypeinfo: the only option is --compare "
                                   "FILE");
        return compare_proc_file(tool, "pagetypeinfo", argv[1],
                                 pagetypeinfo_compare);
}
int cmd_extfrag(struct tool *tool, int argc, char **argv)
{
        unsigned long counts[NR_PAGE_ORDERS];
        char copy[256];
        int n = 0;

        if (argc == 0) {
                extfrag_show(stdout, &tool->machine, NULL);
                return 0;
        }
        if (argc != 2 || strcmp(argv[0], "--counts") != 0)
                return usage_error(
                        "extfrag: the only option is --counts C0,C1,...,C10");
        snprintf(copy, sizeof(copy), "%s", argv[1]);
        for (char *part = strtok(copy, ","); part; part = strtok(NULL, ",")) {
                unsigned long long value;
                if (n == NR_PAGE_ORDERS || !parse_number(part, &value) ||
                    value > (1ULL << 40))
                        return usage_error("extfrag --counts %s: not %d counts "
                                           "joined by ','",
                                           argv[1], NR_PAGE_ORDERS);
                counts[n++] = (unsigned long)value;
        }
        if (n != NR_PAGE_ORDERS)
                return usage_error(
                        "extfrag --counts %s: not %d counts joined by ','",
                        argv[1], NR_PAGE_ORDERS);
        extfrag_show(stdout, &tool->machine, counts);
        return 0;
}
void quiz_buddy(struct tool *tool, struct quiz *quiz)
{
        char ops[128] = "";
        bool live[8] = { false };
        int nr_allocs = 0, nr_ops = 3 + (int)quiz_random(quiz, 3);

        for (int i = 0; i < nr_ops; i++) {
                int victim = nr_allocs ? (int)quiz_random(
                                                 quiz, (unsigned long)nr_allocs)
                                       : 0;
                bool free_one =
                        nr_allocs && live[victim] && quiz_random(quiz, 3) == 0;
                if (free_one)
                        live[victim] = false;
                else
                        live[nr_allocs++] = true;
                if (free_one)
                        snprintf(ops + strlen(ops), sizeof(ops) - strlen(ops),
                                 "%sf%d", i ? "," : "", victim);
                else
                        snprintf(ops + strlen(ops), sizeof(ops) - strlen(ops),
                                 "%sa%lu", i ? "," : "", quiz_random(quiz, 6));
        }
        printf("The machine's buddyinfo now:\n");
        buddyinfo_show(stdout, &tool->machine);
        printf("   Zone %s runs --ops %s (aN: allocate order N, movable; fK: "
               "free the K-th "
               "allocation, from 0).  The buddyinfo after:\n",
               ops_zone(&tool->machine)->name, ops);
        if (quiz_show_block(quiz)) {
                tool->ops = ops;
                run_ops(tool);
                buddyinfo_show(stdout, &tool->machine);
        }
}
