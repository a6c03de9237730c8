/* labyrinth.c: the command-line tool.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/machine.h"
#include <stdarg.h>
#include "gfp_parse.h"
#include "dot.h"
#include "procfs.h"
#include "storm.h"
#include "mm/page_alloc.h"
#include "pressure.h"
#include "mm/api.h"
#include <time.h>

struct tool {
        struct machine_config config;
        const char *memory_option;      /* how the memory was given: --mem, --zones or --from */
        const char *memory_value;       /* and its value, e.g. 4G */
        bool mem_given, quiet;          /* --mem was given; --quiet: no echo of the machine */
        struct machine machine;
        struct zoneinfo_file from_file;      /* --from: the file, kept for --compare */
        const char *from_name;
        bool nodes_given, cpus_given, zones_given;
        const char *ops;                     /* --ops */
};

struct command {
        const char *name;
        int (*run)(struct tool *tool, int argc, char **argv);
        const char *usage;
};
struct machine_option {
        const char *name, *value, *help;
};
struct quiz {
        bool answer;            /* --answer: fill every blank with the model's value */
        uint64_t state;         /* the random generator, started from --seed */
};

struct quiz_topic {
        const char *name;
        void (*ask)(struct tool *tool, struct quiz *quiz);
        const char *usage;
};

enum { EXIT_USAGE = 2 };

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
        va_list args;

        fflush(stdout);   /* the machine echo first, even when both go to one pipe */
        fputs("labyrinth: ", stderr);
        va_start(args, fmt);
        vfprintf(stderr, fmt, args);
        va_end(args);
        fputc('\n', stderr);
        return EXIT_USAGE;
}
static bool parse_number(const char *text, unsigned long long *value)
{
        char *end;

        if (!text || !*text || *text == '-' || *text == '+' || (text[0] == '0' && isdigit((unsigned char)text[1])))
                return false;                    /* 010 would be octal to strtoull: refused, not misread */
        errno = 0;
        *value = strtoull(text, &end, 0);
        return errno == 0 && *end == '\0';
}
static bool parse_size(const char *text, unsigned long long *bytes)
{
        static const char suffixes[] = "KMGT";
        char digits[32];
        size_t len = text ? strlen(text) : 0;
        const char *suffix;
        unsigned shift = 0;

        if (len == 0 || len >= sizeof(digits))
                return false;
        memcpy(digits, text, len + 1);
        suffix = strchr(suffixes, toupper((unsigned char)digits[len - 1]));
        if (suffix) {
                shift = 10 * (unsigned)(suffix - suffixes + 1);
                digits[len - 1] = '\0';
        }
        if (!parse_number(digits, bytes) || *bytes > (~0ULL >> shift))
                return false;
        *bytes <<= shift;
        return true;
}
static const struct machine_option machine_options[] = {
        { "--mem", "SIZE", "RAM laid out like an x86_64 QEMU guest (default 4G): holes below\n"
                           "1 MiB, nothing between 3 and 4 GiB, the rest above 4 GiB" },
        { "--seed", "N", "the seed of every random choice (default 1)" },
        { "--config", "CMA=y|n,PAGE_POISONING=y|n", "the kernel's configuration: CONFIG_CMA (default n, as\n"
                                 "in Debian's kernels); page poisoning on (page_poison=1, ch. 8)" },
        { "--nodes", "N", "NUMA nodes, memory split evenly (default 1)" },
        { "--cpus", "N", "CPUs, split evenly over the nodes (default 2)" },
        { "--zones", "SPEC", "managed pages per zone instead of --mem, e.g.\n"
                             "DMA=3840,DMA32=772917,Normal=163840 or\n"
                             "'node0:DMA32=..;node1:Normal=..'" },
        { "--from", "FILE", "nodes, zones, managed pages and CPUs from a real /proc/zoneinfo" },
        { "--thp", "always|madvise|never", "THP raises min_free_kbytes (default always)" },
        { "--min-free-kbytes", "N|auto", "vm.min_free_kbytes, applied after boot" },
        { "--watermark-scale-factor", "N", "vm.watermark_scale_factor (default 10)" },
        { "--lowmem-reserve-ratio", "A,B,C,D,E", "vm.lowmem_reserve_ratio (default 256,256,32,0,0)" },
        { "--percpu-pagelist-high-fraction", "N", "vm.percpu_pagelist_high_fraction (default 0)" },
        { "--ops", "a0,a3u,f0", "allocations (order, type m/u/r) and frees run after boot" },
};

static const struct machine_option *find_machine_option(const char *name)
{
        for (size_t i = 0; i < sizeof(machine_options) / sizeof(machine_options[0]); i++)
                if (strcmp(name, machine_options[i].name) == 0)
                        return &machine_options[i];
        return NULL;
}
static int parse_kernel_config(struct tool *tool, const char *value)
{
        char copy[128];
        int parts = 0;

        snprintf(copy, sizeof(copy), "%s", value);
        for (char *part = strtok(copy, ","); part; part = strtok(NULL, ","), parts++) {
                const char *name = strncmp(part, "CONFIG_", 7) == 0 ? part + 7 : part;
                if (strcmp(name, "CMA=y") == 0 || strcmp(name, "CMA=n") == 0)
                        tool->config.kernel.cma = name[4] == 'y';
                else if (strcmp(name, "PAGE_POISONING=y") == 0 || strcmp(name, "PAGE_POISONING=n") == 0)
                        tool->config.kernel.page_poisoning = name[15] == 'y';
                else
                        return usage_error("--config %s: '%s' is not CMA=y|n or PAGE_POISONING=y|n",
                                           value, part);
        }
        if (parts == 0 || strlen(value) >= sizeof(copy))
                return usage_error("--config %s: not OPTION=y|n joined by ',', e.g. CMA=y",
                                   value);
        return 0;
}
static int parse_lowmem_reserve_ratio(struct tool *tool, const char *value)
{
        char copy[128];
        int i = 0;

        snprintf(copy, sizeof(copy), "%s", value);
        for (char *part = strtok(copy, ","); part; part = strtok(NULL, ","), i++) {
                unsigned long long number;
                if (i >= MAX_NR_ZONES || !parse_number(part, &number) || number > 0x7fffffff)
                        return usage_error("--lowmem-reserve-ratio %s: not up to %d numbers joined by ','",
                                           value, MAX_NR_ZONES);
                tool->config.lowmem_reserve_ratio[i] = (int)number;
        }
        return i ? 0 : usage_error("--lowmem-reserve-ratio: no numbers given");
}
static int parse_zones_of_node(struct tool *tool, const char *spec, char *node_spec, int nid,
                               unsigned long *cursor);

static int parse_zones(struct tool *tool, const char *spec)
{
        struct machine_config *config = &tool->config;
        char *copy = strdup(spec);           /* whole, however long: strtok writes into it */
        unsigned long cursor = 0;
        int nid = 0, status = 0;

        if (!copy)
                return usage_error("--zones: out of memory");
        config->nr_ranges = 0;
        for (char *node_spec = copy, *next; node_spec && status == 0; node_spec = next, nid++) {
                next = strchr(node_spec, ';');
                if (next)
                        *next++ = '\0';
                status = parse_zones_of_node(tool, spec, node_spec, nid, &cursor);
        }
        free(copy);
        config->nr_nodes = nid;
        config->zones_given = true;
        return status;
}
static int parse_zones_of_node(struct tool *tool, const char *spec, char *node_spec, int nid,
                               unsigned long *cursor)
{
        static const unsigned long natural_start[MAX_NR_ZONES] = { 1, 0x1000, 0x100000, 0x100000, 0 };
        struct machine_config *config = &tool->config;
        bool seen[MAX_NR_ZONES] = { false };

        char prefix[16];
        snprintf(prefix, sizeof(prefix), "node%d:", nid);
        if (nid >= MAX_NUMNODES)                 /* before anything is written for this node */
                return usage_error("--zones %s: nodes must be node0:, node1:, ... in order, at most %d",
                                   spec, MAX_NUMNODES);
        if (strncmp(node_spec, prefix, strlen(prefix)) == 0)
                node_spec += strlen(prefix);
        else if (strncmp(node_spec, "node", 4) == 0)
                return usage_error("--zones %s: nodes must be node0:, node1:, ... in order, at most %d",
                                   spec, MAX_NUMNODES);
        for (char *zone_spec = strtok(node_spec, ","); zone_spec; zone_spec = strtok(NULL, ",")) {
                char *equals = strchr(zone_spec, '=');
                unsigned long long managed;
                int z = 0;
                if (equals)
                        *equals = '\0';
                while (z < ZONE_DEVICE && strcmp(zone_spec, zone_names[z]) != 0)
                        z++;
                if (!equals || z == ZONE_DEVICE || !parse_number(equals + 1, &managed) ||
                    managed > (1ULL << 36) || config->nr_ranges == MAX_MEMORY_RANGES)
                        return usage_error("--zones %s: '%s%s%s' is not ZONE=PAGES with ZONE one of "
                                           "DMA, DMA32, Normal, Movable", spec, zone_spec, equals ? "=" : "",
                                           equals ? equals + 1 : "");
                if (seen[z])
                        return usage_error("--zones %s: node %d has zone %s twice", spec, nid, zone_names[z]);
                seen[z] = true;
                unsigned long start = *cursor > natural_start[z] ? *cursor : natural_start[z];
                config->zones[nid][z] = (struct zone_geometry){ start, managed, managed, managed, true };
                if (managed) {
                        config->ranges[config->nr_ranges++] = (struct memory_range){ start, start + managed, nid };
                        *cursor = start + managed;
                }
        }
        return 0;
}
static int read_zoneinfo_file(struct tool *tool, const char *name)
{
        char error[256];
        FILE *in = fopen(name, "r");

        if (!in)
                return usage_error("--from %s: %s", name, strerror(errno));
        int status = zoneinfo_read(in, name, &tool->from_file, error, sizeof(error));
        fclose(in);
        if (status != 0)
                return usage_error("--from %s", error);
        machine_config_from_zoneinfo(&tool->from_file, &tool->config);
        tool->from_name = name;
        return 0;
}

static int parse_machine_option(struct tool *tool, const char *option, const char *value)
{
        unsigned long long number;

        if (!value)
                return usage_error("option %s needs a value", option);
        if (strcmp(option, "--mem") == 0) {
                if (!parse_size(value, &tool->config.mem_bytes) || tool->config.mem_bytes < (2ULL << 20) ||
                    tool->config.mem_bytes % PAGE_SIZE != 0 || tool->config.mem_bytes > (1ULL << 46))
                        return usage_error("--mem %s: not a size from 2M to 64T in whole pages, "
                                           "e.g. 4G or 512M", value);
                tool->memory_option = "--mem";
                tool->memory_value = value;
                tool->mem_given = true;
                return 0;
        }
        if (strcmp(option, "--seed") == 0) {
                if (!parse_number(value, &number) || number > 0xffffffffULL)
                        return usage_error("--seed %s: not a number from 0 to 4294967295", value);
                tool->config.seed = (unsigned long)number;
                return 0;
        }
        if (strcmp(option, "--config") == 0)
                return parse_kernel_config(tool, value);
        if (strcmp(option, "--nodes") == 0 || strcmp(option, "--cpus") == 0) {
                bool nodes = option[2] == 'n';
                unsigned long long limit = nodes ? MAX_NUMNODES : MAX_CPUS;
                if (!parse_number(value, &number) || number < 1 || number > limit)
                        return usage_error("%s %s: not a number from 1 to %llu", option, value, limit);
                *(nodes ? &tool->config.nr_nodes : &tool->config.nr_cpus) = (int)number;
                *(nodes ? &tool->nodes_given : &tool->cpus_given) = true;
                return 0;
        }
        if (strcmp(option, "--thp") == 0) {
                static const char *const modes[] = { "never", "madvise", "always" };
                for (int mode = THP_NEVER; mode <= THP_ALWAYS; mode++)
                        if (strcmp(value, modes[mode]) == 0) {
                                tool->config.thp = (enum thp_mode)mode;
                                return 0;
                        }
                return usage_error("--thp %s: not always, madvise or never", value);
        }
        if (strcmp(option, "--min-free-kbytes") == 0) {
                if (strcmp(value, "auto") == 0)
                        number = (unsigned long long)-1;
                else if (!parse_number(value, &number) || number > 0x7fffffff)
                        return usage_error("--min-free-kbytes %s: not auto or a number of KiB", value);
                tool->config.min_free_kbytes = (int)number;
                return 0;
        }
        if (strcmp(option, "--watermark-scale-factor") == 0) {
                if (!parse_number(value, &number) || number < 1 || number > 3000)
                        return usage_error("--watermark-scale-factor %s: not a number from 1 to 3000", value);
                tool->config.watermark_scale_factor = (int)number;
                return 0;
        }
        if (strcmp(option, "--percpu-pagelist-high-fraction") == 0) {
                if (!parse_number(value, &number) || (number != 0 && number < 8) || number > 0x7fffffff)
                        return usage_error("--percpu-pagelist-high-fraction %s: not 0 or a number from 8 up", value);
                tool->config.percpu_pagelist_high_fraction = (int)number;
                return 0;
        }
        if (strcmp(option, "--lowmem-reserve-ratio") == 0)
                return parse_lowmem_reserve_ratio(tool, value);
        if (strcmp(option, "--zones") == 0 || strcmp(option, "--from") == 0) {
                if (tool->zones_given)
                        return usage_error("--zones and --from: give the memory only once");
                tool->zones_given = true;
                tool->memory_option = option;
                tool->memory_value = value;
                if (option[2] == 'z')
                        return parse_zones(tool, value);
                return read_zoneinfo_file(tool, value);
        }
        if (strcmp(option, "--ops") == 0) {
                tool->ops = value;
                return 0;
        }
        return usage_error("option %s is in the table but has no parser", option);
}
static void echo_word(const char *word)
{
        if (word[strspn(word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                              "_-+=:,./@%")] == '\0' && *word) {
                printf(" %s", word);
                return;
        }
        printf(" '");
        for (const char *c = word; *c; c++)
                printf(*c == '\'' ? "'\\''" : "%c", *c);
        printf("'");
}

static void echo_machine(const struct tool *tool)
{
        const struct machine *machine = &tool->machine;
        const struct machine_config *config = &machine->config;

        printf("# labyrinth %s", tool->memory_option);
        echo_word(tool->memory_value);
        if (config->kernel.cma || config->kernel.page_poisoning)
                printf(" --config %s%s%s", config->kernel.cma ? "CMA=y" : "",
                       config->kernel.cma && config->kernel.page_poisoning ? "," : "",
                       config->kernel.page_poisoning ? "PAGE_POISONING=y" : "");
        static const char *const thp_modes[] = { "never", "madvise", "always" };
        if (!tool->zones_given)
                printf(" --nodes %d", config->nr_nodes);     /* --zones and --from give the nodes */
        if (!tool->from_name)
                printf(" --cpus %d", config->nr_cpus);
        printf(" --thp %s", thp_modes[config->thp]);
        if (config->min_free_kbytes >= 0)
                printf(" --min-free-kbytes %d", config->min_free_kbytes);
        else
                printf(" --min-free-kbytes auto");
        printf(" --watermark-scale-factor %d --lowmem-reserve-ratio", config->watermark_scale_factor);
        for (int i = 0; i < config->nr_zone_types; i++)
                printf("%c%d", i ? ',' : ' ', config->lowmem_reserve_ratio[i]);
        if (config->percpu_pagelist_high_fraction)
                printf(" --percpu-pagelist-high-fraction %d", config->percpu_pagelist_high_fraction);
        if (tool->ops)
                printf(" --ops %s", tool->ops);
        printf(" --seed %lu\n", config->seed);
        printf("# memory: %lu pages present in", machine_present_pages(machine));
        for (int i = 0; i < config->nr_ranges; i++)
                printf("%s pfn %#lx-%#lx", i ? "," : "", config->ranges[i].start_pfn,
                       config->ranges[i].end_pfn - 1);
        printf("; mem_map %lu KiB\n",
               machine->map.end_pfn * (unsigned long)sizeof(struct page) / 1024);
        for (int nid = 0; nid < machine->topo.nr_nodes; nid++) {
                const pg_data_t *pgdat = &machine->topo.node_data[nid];
                printf("# node %d: %d CPUs; managed pages:", nid, pgdat->nr_cpus);
                for (int z = 0; z < machine->topo.nr_zone_types; z++)
                        if (populated_zone(&pgdat->node_zones[z]))
                                printf(" %s %lu", pgdat->node_zones[z].name, pgdat->node_zones[z].managed_pages);
                printf("\n");
        }
        printf("# min_free_kbytes %d (%s; the square-root rule gives %d)\n", machine->min_free_kbytes,
               config->min_free_kbytes >= 0 ? "set by --min-free-kbytes"
               : machine->min_free_kbytes > machine->boot_min_free_kbytes ? "raised for THP by khugepaged"
               : "the square-root rule", machine->boot_min_free_kbytes);
}
static size_t synopsis_length(const char *usage)
{
        const char *end = strstr(usage, "  ");
        return end ? (size_t)(end - usage) : strlen(usage);
}

static bool command_has_option(const struct command *command, const char *option)
{
        const char *synopsis = command->usage, *end = synopsis + synopsis_length(synopsis);
        size_t len = strlen(option);

        for (const char *at = synopsis; (at = strstr(at, option)) && at + len <= end; at += len)
                if ((at == synopsis || at[-1] == ' ' || at[-1] == '[') &&
                    !isalnum((unsigned char)at[len]) && at[len] != '-')
                        return true;
        return false;
}
static uint64_t quiz_next(struct quiz *quiz)
{
        uint64_t z = (quiz->state += 0x9e3779b97f4a7c15ULL);

        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
}

/* A number from 0 to below - 1. */
static unsigned long quiz_random(struct quiz *quiz, unsigned long below)
{
        return below ? (unsigned long)(quiz_next(quiz) % below) : 0;
}
static void quiz_blank(const struct quiz *quiz, const char *label, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void quiz_blank(const struct quiz *quiz, const char *label, const char *fmt, ...)
{
        va_list args;

        printf("   %-30s ", label);
        if (!quiz->answer) {
                printf("________\n");
                return;
        }
        va_start(args, fmt);
        vprintf(fmt, args);
        va_end(args);
        putchar('\n');
}
static struct zone *ops_zone(struct machine *machine)
{
        pg_data_t *pgdat = &machine->topo.node_data[0];

        for (int z = ZONE_NORMAL; z >= 0; z--)
                if (populated_zone(&pgdat->node_zones[z]))
                        return &pgdat->node_zones[z];
        return &pgdat->node_zones[ZONE_NORMAL];
}
enum { MAX_OPS = 256 };

static int run_ops(struct tool *tool)
{
        struct zone *zone = ops_zone(&tool->machine);
        struct page *allocated[MAX_OPS];
        unsigned int orders[MAX_OPS];
        int nr = 0, status = 0;
        char *copy = strdup(tool->ops);      /* whole, however long: strtok writes into it */

        if (!copy)
                return usage_error("--ops: out of memory");
        size_t len = strlen(copy);
        if (len == 0 || copy[0] == ',' || copy[len - 1] == ',' || strstr(copy, ",,")) {
                free(copy);                      /* strtok would skip an empty step silently */
                return usage_error("--ops '%s': an empty step", tool->ops);
        }
        for (char *op = strtok(copy, ","); op && status == 0; op = strtok(NULL, ",")) {
                char *end;
                unsigned long number = strtoul(op + 1, &end, 10);
                if (op[0] == 'a' && nr == MAX_OPS)
                        status = usage_error("--ops: more than %d allocations", MAX_OPS);
                else if (op[0] == 'a' && end != op + 1 && number <= MAX_PAGE_ORDER &&
                    (*end == '\0' || ((*end == 'm' || *end == 'u' || *end == 'r') && end[1] == '\0'))) {
                        int type = *end == 'u' ? MIGRATE_UNMOVABLE : *end == 'r' ? MIGRATE_RECLAIMABLE : MIGRATE_MOVABLE;
                        orders[nr] = (unsigned int)number;
                        allocated[nr] = buddy_alloc(zone, (unsigned int)number, type, 0);
                        if (allocated[nr])
                                printf("# op %d: alloc order %lu %s -> pfn %#lx\n", nr, number, migratetype_names[type],
                                       page_to_pfn(zone->map, allocated[nr]));
                        else
                                printf("# op %d: alloc order %lu %s -> failed\n", nr, number, migratetype_names[type]);
                        nr++;
                } else if (op[0] == 'f' && end != op + 1 && *end == '\0' && number < (unsigned long)nr &&
                           allocated[number]) {
                        buddy_free(zone, allocated[number], orders[number]);
                        printf("# op f%lu: free pfn %#lx order %u\n", number,
                               page_to_pfn(zone->map, allocated[number]), orders[number]);
                        allocated[number] = NULL;
                } else {
                        status = usage_error("--ops: '%s' is not aORDER[m|u|r] or fSTEP of an allocated step", op);
                }
        }
        free(copy);
        return status;
}
/* For an answer that is a block of output: the blank, or true when the block is wanted. */
static bool quiz_show_block(const struct quiz *quiz)
{
        if (!quiz->answer)
                printf("   ________\n");
        return quiz->answer;
}
static void dot_pcp(FILE *out, struct machine *machine)
{
        struct zone *zone = ops_zone(machine);
        struct per_cpu_pages *pcp = &zone->per_cpu_pageset[0];
        struct page *pages[100];

        int allocated = 0;                   /* fewer than 100 on a tiny machine: draw what there is */
        while (allocated < 100 && (pages[allocated] = pcp_alloc(zone, 0, MIGRATE_UNMOVABLE, 0, 0)))
                allocated++;
        for (int i = 0; i < 40 && i < allocated; i++)
                pcp_free(zone, pages[i], 0, 0);
        for (int i = 0; i < 3; i++)
                pcp_alloc(zone, 1, MIGRATE_MOVABLE, 0, 0);
        fprintf(out, "digraph pcp {\n\trankdir=TB;\n\tnode [shape=box, style=\"rounded,filled\", "
                     "fillcolor=\"#f4f1e8\", fontname=\"Helvetica\", fontsize=10];\n");
        fprintf(out, "\tcpu [label=\"CPU 0, zone %s\\ncount %d, high %d\\nbatch %d, high_min %d, high_max %d\", "
                     "fillcolor=\"#e3ecf7\"];\n", zone->name, pcp->count, pcp->high, pcp->batch, pcp->high_min,
                pcp->high_max);
        for (int pindex = 0; pindex < NR_PCP_LISTS; pindex++)
                {
                        struct list_head *head = &pcp->lists[pindex];
                        if (list_empty(head))
                                continue;
                        int length = 0;
                        for (struct list_head *link = head->next; link != head; link = link->next)
                                length++;
                        fprintf(out, "\tl%d [label=\"list %d: order %u %s\\n%d blocks\"];\n\tcpu -> l%d;\n", pindex, pindex,
                                pindex_to_order(pindex), migratetype_names[pindex < NR_LOWORDER_PCP_LISTS ? pindex % MIGRATE_PCPTYPES
                                                                                     : MIGRATE_MOVABLE], length, pindex);
                        int shown = 0;
                        for (struct list_head *link = head->next; link != head && shown < 4; link = link->next, shown++) {
                                fprintf(out, "\tp%d_%d [label=\"pfn %#lx\", fillcolor=\"white\"];\n", pindex, shown,
                                        page_to_pfn(zone->map, list_entry(link, struct page, lru)));
                                if (shown == 0)
                                        fprintf(out, "\tl%d -> p%d_0;\n", pindex, pindex);
                                else
                                        fprintf(out, "\tp%d_%d -> p%d_%d;\n", pindex, shown - 1, pindex, shown);
                        }
                }
        fprintf(out, "}\n");
}
static void dot_locks(FILE *out, struct machine *machine)
{
        fprintf(out, "digraph locks {\n\tnode [shape=box, style=\"rounded,filled\", fillcolor=\"#f4f1e8\", "
                     "fontname=\"Helvetica\", fontsize=10];\n");
        for (int irqsave = 0; irqsave <= 1; irqsave++) {
                struct irq_demo demo;
                irq_demo_zone_lock(machine, irqsave, &demo);
                const char *steps[4] = {
                        irqsave ? "spin_lock_irqsave(&zone->lock)" : "spin_lock(&zone->lock)",
                        demo.handled_while_held ? "interrupt: handler runs now, inside" : "interrupt: pending (interrupts off)",
                        demo.handled_while_held ? (demo.handler_got_lock ? "handler gets the lock" :
                                                   "handler spins on the lock its own CPU holds: deadlock")
                                                : "spin_unlock_irqrestore: the interrupt is delivered",
                        demo.handled_while_held ? "(never reached on a real CPU)" : "handler gets the lock" };
                fprintf(out, "\tsubgraph cluster%d {\n\t\tlabel=\"%s\";\n", irqsave,
                        irqsave ? "with interrupts off" : "with interrupts on");
                for (int i = 0; i < 4; i++)
                        fprintf(out, "\t\ts%d_%d [label=\"%s\"%s];\n", irqsave, i, steps[i],
                                strstr(steps[i], "deadlock") ? ", fillcolor=\"#f4d6cc\"" : "");
                for (int i = 1; i < 4; i++)
                        fprintf(out, "\t\ts%d_%d -> s%d_%d;\n", irqsave, i - 1, irqsave, i);
                fprintf(out, "\t}\n");
        }
        fprintf(out, "\tranksep=0.2;\n\ts0_3 -> s1_0 [style=invis];\n");        /* one run above the other */
        fprintf(out, "}\n");
}
static struct page *alloc_on_cpu0(struct machine *machine, gfp_t gfp, unsigned int order, bool in_irq)
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

        while (allocated < 8 && (pages[allocated] = alloc_pages(machine, GFP_KERNEL, 0)))
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
        bool (*run)(struct machine *machine);     /* false: an allocation failed */
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

static void dot_path(FILE *out, struct machine *machine)
{
        static struct kmsg path;
        kmsg_init(&path, NULL);
        machine->walk = &path;
        struct page *page = alloc_on_cpu0(machine, GFP_ATOMIC, 0, true);
        machine->walk = NULL;
        fprintf(out, "digraph path {\n\tgraph [fontname=\"Helvetica\", fontsize=10, ranksep=0.25];\n"
                     "\tnode [shape=box, style=\"rounded,filled\", fillcolor=\"#f4f1e8\", color=\"#8a7f63\", "
                     "fontname=\"Helvetica\", fontsize=10];\n");
        int step = 0, previous_note = -1;
        char *saveptr = NULL;
        for (char *line = strtok_r(path.text, "\n", &saveptr); line; line = strtok_r(NULL, "\n", &saveptr)) {
                for (char *q = line; *q; q++)
                        if (*q == '"')
                                *q = '\'';
                if (line[0] == ' ') {
                        /* A step's notes hang one under the other, each from the one before. */
                        int note = step * 100 + (int)(line - path.text) % 97;
                        fprintf(out, "\t%c%d -> d%d [style=dotted, arrowhead=none];\n\td%d [label=\"",
                                previous_note < 0 ? 's' : 'd', previous_note < 0 ? step : previous_note, note, note);
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
        fprintf(out, "\ts%d -> result;\n\tresult [label=\"%s\", fillcolor=\"%s\"];\n}\n", step,
                page ? "void *: page_address(page)" : "NULL: allocation failure", page ? "#e3f2e1" : "#f4d6cc");
}
static void dot_compound(FILE *out, struct machine *machine)
{
        struct page *head = alloc_pages(machine, GFP_KERNEL | __GFP_COMP, 2);

        fprintf(out, "digraph compound {\n\trankdir=LR;\n\tnode [shape=box, style=\"rounded,filled\", "
                     "fillcolor=\"#f4f1e8\", fontname=\"Helvetica\", fontsize=10];\n");
        if (head) {
                unsigned long pfn = page_to_pfn(&machine->map, head);
                fprintf(out, "\thead [label=\"head: pfn %#lx\\nPG_head, order %u, refcount %d\", "
                             "fillcolor=\"#e3ecf7\"];\n", pfn, compound_order(head), page_ref_count(head));
                for (int i = 1; i < 4; i++)
                        fprintf(out, "\tt%d [label=\"tail: pfn %#lx\\nrefcount %d\"];\n\tt%d -> head [label=\"%s\", "
                                     "fontsize=9];\n", i, pfn + (unsigned long)i, page_ref_count(head + i), i,
                                compound_head(head + i) == head ? "compound_head" : "?");
        }
        fprintf(out, "}\n");
}
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
        pthread_barrier_t start;
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
                selves[i] = (struct bench_thread){ .bench = bench, .cpu = &bench->machine->cpus[i] };
                cpu_init(&bench->machine->cpus[i], i);
                pthread_create(&threads[i], NULL, bench_cpu_thread, &selves[i]);
        }
        pthread_barrier_wait(&bench->start);
        double start = 0, end = 0;
        for (int i = 0; i < nr_cpus; i++) {
                pthread_join(threads[i], NULL);
                start = i == 0 || selves[i].start < start ? selves[i].start : start;
                end = selves[i].end > end ? selves[i].end : end;
        }
        double elapsed = end - start;
        pthread_barrier_destroy(&bench->start);
        return elapsed * 1e9 / (double)(bench->ops * (unsigned long long)nr_cpus);
}
static int compare_doubles(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;

        return (x > y) - (x < y);
}

static double bench_case(const char *name, struct bench *bench, int nr_cpus)
{
        double runs[BENCH_RUNS];

        bench_time(bench, nr_cpus);                  /* warm up: caches, lists, high marks */
        for (int run = 0; run < BENCH_RUNS; run++)
                runs[run] = bench_time(bench, nr_cpus);
        qsort(runs, BENCH_RUNS, sizeof(runs[0]), compare_doubles);
        printf("bench: %s %.1f ns/op\n", name, runs[BENCH_RUNS / 2]);
        fflush(stdout);
        return runs[BENCH_RUNS / 2];
}
static void bench_floor(struct bench *bench, struct cpu *cpu)
{
        struct node { struct node *next; } nodes[2] = { { &nodes[1] }, { NULL } }, *head = &nodes[0];
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

static void bench_alloc_pages(struct bench *bench, struct cpu *cpu)
{
        (void)cpu;
        for (unsigned long long i = 0; i < bench->ops; i++)
                __free_pages(bench->machine, alloc_pages(bench->machine, bench->gfp, bench->order), bench->order);
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
enum { BENCH_FLOOR, BENCH_MALLOC, BENCH_PCP, BENCH_PCP_2CPU, BENCH_BUDDY, BENCH_BUDDY_FRESH,
       BENCH_PCP_16G, BENCH_NR_RESULTS };

static void bench_goal(const char *what, double value, double goal)   /* goal 0: for scale only */
{
        if (!(value > 0))
                printf("  %-42s %6s   <= %-5.2f  %s\n", what, "-", goal, "not run");
        else if (goal > 0)
                printf("  %-42s %6.2f   <= %-5.2f  %s\n", what, value, goal, value <= goal ? "met" : "missed");
        else
                printf("  %-42s %6.2f   %-8s %s\n", what, value, "-", "for scale");
}

static bool pfn_from_argument(const struct tool *tool, const char *text, unsigned long *pfn)
{
        unsigned long long value;
        unsigned long nr_pages = tool->machine.map.end_pfn - tool->machine.map.start_pfn;

        if (!parse_number(text, &value))
                return false;
        if (value >= VMEMMAP_START && value < VMEMMAP_START + (uint64_t)nr_pages * sizeof(struct page))
                value = (value - VMEMMAP_START) / sizeof(struct page);
        else if (value >= PAGE_OFFSET && value < PAGE_OFFSET + ((uint64_t)nr_pages << PAGE_SHIFT))
                value = (value - PAGE_OFFSET) >> PAGE_SHIFT;
        *pfn = (unsigned long)value;
        return value < nr_pages;
}
static int cmd_page(struct tool *tool, int argc, char **argv)
{
        if (argc == 0)
                return usage_error("page: give a pfn or a kernel address");
        for (int i = 0; i < argc; i++) {
                unsigned long pfn;
                if (!pfn_from_argument(tool, argv[i], &pfn))
                        return usage_error("page: '%s' is not a pfn or kernel address of this "
                                           "machine (pfn 0 to %#lx)", argv[i], tool->machine.map.end_pfn - 1);
                struct page *page = pfn_to_page(&tool->machine.map, pfn);
                unsigned char *frame = page_address(&tool->machine.map, page);
                frame[PAGE_SIZE - 1] = 0xa5;   /* the frame is real memory */
                printf("pfn %#lx\n", pfn);
                printf("  physical address    %#" PRIx64 "\n", (uint64_t)pfn << PAGE_SHIFT);
                printf("  kernel direct map   %#" PRIx64 "  (page_address)\n", kernel_direct_map_address(pfn));
                printf("  kernel struct page  %#" PRIx64 "  (vmemmap + pfn)\n", kernel_vmemmap_address(pfn));
                printf("  model struct page   mem_map[%lu], refcount %d, mapcount %d\n",
                       pfn - tool->machine.map.start_pfn, atomic_load(&page->_refcount),
                       atomic_load(&page->_mapcount));
                printf("  model frame         arena + %#lx, last byte written and read back: %#x\n",
                       (pfn - tool->machine.map.start_pfn) * PAGE_SIZE, frame[PAGE_SIZE - 1]);
        }
        return 0;
}
static unsigned long quiz_pfn(const struct tool *tool, struct quiz *quiz)
{
        const struct machine_config *config = &tool->machine.config;
        unsigned long nth = quiz_random(quiz, machine_present_pages(&tool->machine));
        int i = 0;

        /* Every present frame is as likely as any other: walk the ranges to the nth. */
        while (nth >= config->ranges[i].end_pfn - config->ranges[i].start_pfn) {
                nth -= config->ranges[i].end_pfn - config->ranges[i].start_pfn;
                i++;
        }
        return config->ranges[i].start_pfn + nth;
}

static void quiz_page(struct tool *tool, struct quiz *quiz)
{
        unsigned long pfn = quiz_pfn(tool, quiz), back;
        char address[32];

        printf("1. The frame with pfn %#lx:\n", pfn);
        quiz_blank(quiz, "physical address", "%#" PRIx64, (uint64_t)pfn << PAGE_SHIFT);
        quiz_blank(quiz, "kernel direct-map address", "%#" PRIx64, kernel_direct_map_address(pfn));
        quiz_blank(quiz, "kernel struct page address", "%#" PRIx64, kernel_vmemmap_address(pfn));
        for (int z = 0; z < tool->machine.topo.nr_zone_types; z++) {
                const struct zone *zone = &tool->machine.topo.node_data[0].node_zones[z];
                if (populated_zone(zone) && pfn >= zone->zone_start_pfn &&
                    pfn < zone->zone_start_pfn + zone->spanned_pages)
                        quiz_blank(quiz, "zone", "%s", zone->name);
        }
        uint64_t offset = quiz_random(quiz, PAGE_SIZE);
        snprintf(address, sizeof(address), "%#" PRIx64, kernel_direct_map_address(quiz_pfn(tool, quiz)) + offset);
        printf("2. An oops names the kernel address %s:\n", address);
        pfn_from_argument(tool, address, &back);
        quiz_blank(quiz, "pfn", "%#lx", back);
        quiz_blank(quiz, "physical address", "%#" PRIx64, ((uint64_t)back << PAGE_SHIFT) + offset);
        snprintf(address, sizeof(address), "%#" PRIx64, kernel_vmemmap_address(quiz_pfn(tool, quiz)));
        printf("3. A struct page at %s:\n", address);
        pfn_from_argument(tool, address, &back);
        quiz_blank(quiz, "pfn", "%#lx", back);
        quiz_blank(quiz, "kernel direct-map address", "%#" PRIx64, kernel_direct_map_address(back));
}
static enum zone_type preferred_zone_by_default(gfp_t flags)
{
        enum zone_type highest = gfp_zone(flags);

        return highest == ZONE_MOVABLE ? ZONE_NORMAL : highest;
}
static void print_gfp(gfp_t flags, const struct kernel_config *config)
{
        char names[512], bits[512], first[256], slow0[256], slow1[256];

        gfp_format(flags, names, sizeof(names));
        gfp_format_with(gfp_names + GFP_FIRST_SINGLE_BIT_NAME, flags, bits, sizeof(bits));
        unsigned int first_flags = alloc_flags_first_attempt(flags, preferred_zone_by_default(flags),
                                                             true, config);
        unsigned int slow_flags0 = gfp_to_alloc_flags(flags, 0, config);
        unsigned int slow_flags1 = gfp_to_alloc_flags(flags, 1, config);

        alloc_flags_format(first_flags, first, sizeof(first));
        alloc_flags_format(slow_flags0, slow0, sizeof(slow0));
        alloc_flags_format(slow_flags1, slow1, sizeof(slow1));
        printf("%#x\n", flags);
        printf("  printed as   mode:%#x(%s)\n", flags, names);
        printf("  single bits  %s\n", flags ? bits : "none");
        if (gfp_zone_bad(flags))
                printf("  zone         invalid: zone modifiers %#x are in GFP_ZONE_BAD; the table gives %s, "
                       "a CONFIG_DEBUG_VM kernel stops with VM_BUG_ON\n",
                       flags & GFP_ZONEMASK, zone_names[gfp_zone(flags)]);
        else
                printf("  zone         %s (gfp_zone %d)\n", zone_names[gfp_zone(flags)], gfp_zone(flags));
        enum migratetype type = gfp_migratetype(flags);
        printf("  migratetype  %s (%d)%s\n", migratetype_names[type], type,
               type == MIGRATE_HIGHATOMIC ? ": __GFP_MOVABLE and __GFP_RECLAIMABLE together are invalid" : "");
        printf("  may sleep    %s\n", gfpflags_allow_blocking(flags)
               ? "yes: __GFP_DIRECT_RECLAIM, the caller may wait for reclaim"
               : "no: no __GFP_DIRECT_RECLAIM, the allocator must decide now");
        printf("  first try    %#x %s\n", first_flags, first);
        printf("  slow path    order 0:  %#x %s\n", slow_flags0, slow0);
        printf("               order 1+: %#x %s\n", slow_flags1, slow1);
}
static int cmd_gfp(struct tool *tool, int argc, char **argv)
{
        if (argc == 0)
                return usage_error("gfp: give a mask, e.g. GFP_ATOMIC or 0x820");
        for (int i = 0; i < argc; i++) {
                gfp_t flags;
                char error[160];
                if (gfp_parse(argv[i], &flags, error, sizeof(error)) != 0)
                        return usage_error("gfp: %s", error);
                print_gfp(flags, &tool->machine.config.kernel);
        }
        return 0;
}
static void quiz_gfp(struct tool *tool, struct quiz *quiz)
{
        static const char *const bases[] = { "GFP_KERNEL", "GFP_ATOMIC", "GFP_NOWAIT", "GFP_NOIO",
                "GFP_NOFS", "GFP_USER", "GFP_HIGHUSER_MOVABLE", "GFP_KERNEL_ACCOUNT", "GFP_DMA" };
        static const char *const modifiers[] = { "__GFP_ZERO", "__GFP_NOWARN", "__GFP_COMP",
                "__GFP_RECLAIMABLE", "__GFP_MOVABLE", "__GFP_DMA32", "__GFP_HIGH", "__GFP_NORETRY",
                "__GFP_NOMEMALLOC", "__GFP_DIRECT_RECLAIM" };
        (void)tool;
        for (int question = 1; question <= 2; question++) {
                char text[160], names[512], error[160];
                gfp_t flags;
                do {
                        snprintf(text, sizeof(text), "%s", bases[quiz_random(quiz, sizeof(bases) / sizeof(bases[0]))]);
                        for (unsigned long extra = quiz_random(quiz, 3); extra > 0; extra--)
                                snprintf(text + strlen(text), sizeof(text) - strlen(text), "|%s",
                                         modifiers[quiz_random(quiz, sizeof(modifiers) / sizeof(modifiers[0]))]);
                } while (gfp_parse(text, &flags, error, sizeof(error)) != 0 || gfp_zone_bad(flags) ||
                         gfp_migratetype(flags) == MIGRATE_HIGHATOMIC);
                gfp_format(flags, names, sizeof(names));
                printf("%d. The mask %s:\n", question, text);
                quiz_blank(quiz, "value", "%#x", flags);
                quiz_blank(quiz, "printed by the kernel as", "mode:%#x(%s)", flags, names);
                quiz_blank(quiz, "highest zone", "%s", zone_names[gfp_zone(flags)]);
                quiz_blank(quiz, "migratetype", "%s", migratetype_names[gfp_migratetype(flags)]);
                quiz_blank(quiz, "may it sleep", "%s", gfpflags_allow_blocking(flags) ? "yes" : "no");
        }
}
static int cmd_zoneinfo(struct tool *tool, int argc, char **argv)
{
        if (argc == 0) {
                zoneinfo_show(stdout, &tool->machine);
                return 0;
        }
        if (argc > 1 || strcmp(argv[0], "--compare") != 0)
                return usage_error("zoneinfo: the only option is --compare");
        if (!tool->from_name)
                return usage_error("zoneinfo --compare: give the file with --from FILE");
        return zoneinfo_compare(stdout, &tool->machine, &tool->from_file) ? 1 : 0;
}
static void print_zonerefs(const char *title, int nid, const struct zoneref *ref)
{
        printf("Node %d %s:", nid, title);
        for (; ref->zone; ref++)
                printf(" %s(%d)", ref->zone->name, ref->zone->zone_pgdat->node_id);
        printf("\n");
}

static int cmd_zonelist(struct tool *tool, int argc, char **argv)
{
        (void)argv;
        if (argc != 0)
                return usage_error("zonelist: no arguments");
        const struct topology *topo = &tool->machine.topo;
        for (int nid = 0; nid < topo->nr_nodes; nid++) {
                const pg_data_t *pgdat = &topo->node_data[nid];
                printf("Fallback order for Node %d:", nid);
                for (int i = 0; i < pgdat->nr_fallback_nodes; i++)
                        printf(" %d", pgdat->fallback_order[i]);
                printf("\n");
                print_zonerefs("fallback zonelist", nid, pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs);
                print_zonerefs("__GFP_THISNODE zonelist", nid, pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs);
        }
        return 0;
}
struct dot_view {
        const char *name;
        void (*draw)(FILE *out, const struct machine *machine);
        void (*run_and_draw)(FILE *out, struct machine *machine);
};

static const struct dot_view dot_views[] = {
        { "memmap", dot_memmap, NULL },
        { "gfp", dot_gfp, NULL },
        { "zones", dot_zones, NULL },
        { "zonelist", dot_zonelist, NULL },
        { "buddy", dot_buddy, NULL },
        { "pcp", NULL, dot_pcp },
        { "locks", NULL, dot_locks },
        { "path", NULL, dot_path },
        { "compound", NULL, dot_compound },
};

static int cmd_dot(struct tool *tool, int argc, char **argv)
{
        for (size_t i = 0; argc == 1 && i < sizeof(dot_views) / sizeof(dot_views[0]); i++)
                if (strcmp(argv[0], dot_views[i].name) == 0) {
                        if (dot_views[i].draw)
                                dot_views[i].draw(stdout, &tool->machine);
                        else
                                dot_views[i].run_and_draw(stdout, &tool->machine);
                        return 0;
                }
        char names[160] = "";
        for (size_t i = 0; i < sizeof(dot_views) / sizeof(dot_views[0]); i++)
                snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s", i ? ", " : "",
                         dot_views[i].name);
        return usage_error("dot: give one view: %s", names);
}
static void quiz_zones(struct tool *tool, struct quiz *quiz)
{
        static struct tool scratch;   /* static: a machine is large */
        char spec[96];

        snprintf(spec, sizeof(spec), "DMA=3840,DMA32=%lu,Normal=%lu", 65536 + quiz_random(quiz, 720000),
                 quiz_random(quiz, 4) ? 16384 + quiz_random(quiz, 1000000) : 0);
        scratch.config = tool->config;
        memset(scratch.config.zones, 0, sizeof(scratch.config.zones));
        if (parse_zones(&scratch, spec) != 0 || machine_boot(&scratch.machine, &scratch.config) != 0) {
                printf("(the machine --zones %s cannot be built)\n", spec);
                return;
        }
        printf("The machine --zones %s, its other options as above:\n", spec);
        quiz_blank(quiz, "min_free_kbytes", "%d", scratch.machine.min_free_kbytes);
        for (int z = 0; z < scratch.machine.topo.nr_zone_types; z++) {
                const struct zone *zone = &scratch.machine.topo.node_data[0].node_zones[z];
                if (!populated_zone(zone))
                        continue;
                printf("zone %s, %lu managed pages:\n", zone->name, zone->managed_pages);
                quiz_blank(quiz, "min", "%lu", wmark_pages(zone, WMARK_MIN));
                quiz_blank(quiz, "low", "%lu", wmark_pages(zone, WMARK_LOW));
                quiz_blank(quiz, "high", "%lu", wmark_pages(zone, WMARK_HIGH));
        }
        machine_shutdown(&scratch.machine);
}
static int cmd_buddyinfo(struct tool *tool, int argc, char **argv)
{
        (void)argv;
        if (argc != 0)
                return usage_error("buddyinfo: no arguments");
        buddyinfo_show(stdout, &tool->machine);
        return 0;
}

static int cmd_pagetypeinfo(struct tool *tool, int argc, char **argv)
{
        (void)argv;
        if (argc != 0)
                return usage_error("pagetypeinfo: no arguments");
        pagetypeinfo_show(stdout, &tool->machine);
        return 0;
}
static int cmd_extfrag(struct tool *tool, int argc, char **argv)
{
        unsigned long counts[NR_PAGE_ORDERS];
        char copy[256];
        int n = 0;

        if (argc == 0) {
                extfrag_show(stdout, &tool->machine, NULL);
                return 0;
        }
        if (argc != 2 || strcmp(argv[0], "--counts") != 0)
                return usage_error("extfrag: the only option is --counts C0,C1,...,C10");
        snprintf(copy, sizeof(copy), "%s", argv[1]);
        for (char *part = strtok(copy, ","); part; part = strtok(NULL, ",")) {
                unsigned long long value;
                if (n == NR_PAGE_ORDERS || !parse_number(part, &value) || value > (1ULL << 40))
                        return usage_error("extfrag --counts %s: not %d counts joined by ','", argv[1], NR_PAGE_ORDERS);
                counts[n++] = (unsigned long)value;
        }
        if (n != NR_PAGE_ORDERS)
                return usage_error("extfrag --counts %s: not %d counts joined by ','", argv[1], NR_PAGE_ORDERS);
        extfrag_show(stdout, &tool->machine, counts);
        return 0;
}
static void quiz_buddy(struct tool *tool, struct quiz *quiz)
{
        char ops[128] = "";
        bool live[8] = { false };
        int nr_allocs = 0, nr_ops = 3 + (int)quiz_random(quiz, 3);

        for (int i = 0; i < nr_ops; i++) {
                int victim = nr_allocs ? (int)quiz_random(quiz, (unsigned long)nr_allocs) : 0;
                bool free_one = nr_allocs && live[victim] && quiz_random(quiz, 3) == 0;
                if (free_one)
                        live[victim] = false;
                else
                        live[nr_allocs++] = true;
                if (free_one)
                        snprintf(ops + strlen(ops), sizeof(ops) - strlen(ops), "%sf%d", i ? "," : "", victim);
                else
                        snprintf(ops + strlen(ops), sizeof(ops) - strlen(ops), "%sa%lu", i ? "," : "",
                                 quiz_random(quiz, 6));
        }
        printf("The machine's buddyinfo now:\n");
        buddyinfo_show(stdout, &tool->machine);
        printf("   Zone %s runs --ops %s (aN: allocate order N, movable; fK: free the K-th "
               "allocation, from 0).  The buddyinfo after:\n", ops_zone(&tool->machine)->name, ops);
        if (quiz_show_block(quiz)) {
                tool->ops = ops;
                run_ops(tool);
                buddyinfo_show(stdout, &tool->machine);
        }
}
static int cmd_pcp(struct tool *tool, int argc, char **argv)
{
        unsigned long long allocs = 0, frees = 0, decays = 0, cpu = 0;

        for (int i = 0; i + 1 < argc + 1; i += 2) {
                unsigned long long *target = i + 1 >= argc ? NULL
                        : strcmp(argv[i], "--allocs") == 0 ? &allocs : strcmp(argv[i], "--frees") == 0 ? &frees
                        : strcmp(argv[i], "--decay") == 0 ? &decays : strcmp(argv[i], "--cpu") == 0 ? &cpu : NULL;
                if (i >= argc)
                        break;
                if (!target || !parse_number(argv[i + 1], target) || *target > 1000000)
                        return usage_error("pcp: options are --allocs N --frees N --decay N --cpu N");
        }
        if (frees > allocs || cpu >= (unsigned long long)tool->machine.topo.nr_cpus)
                return usage_error("pcp: --frees at most --allocs, --cpu below %d", tool->machine.topo.nr_cpus);
        struct zone *zone = ops_zone(&tool->machine);
        struct page **pages = calloc(allocs ? allocs : 1, sizeof(*pages));
        struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
        if (!pages)
                return usage_error("pcp: out of memory");
        printf("zone %s, CPU %llu: batch %d, high_min %d, high_max %d\n", zone->name, cpu, pcp->batch,
               pcp->high_min, pcp->high_max);
        for (unsigned long long i = 0; i < allocs + frees + decays; i++) {
                unsigned long before = zone->nr_free_pages;
                const char *what = i < allocs ? "alloc" : i < allocs + frees ? "free" : "decay";
                if (i < allocs && !(pages[i] = pcp_alloc(zone, 0, MIGRATE_MOVABLE, 0, (int)cpu))) {
                        free(pages);                     /* the machine is too small for the demonstration */
                        return usage_error("pcp: allocation %llu failed: zone %s manages %lu pages; give fewer --allocs",
                                           i + 1, zone->name, zone->managed_pages);
                }
                if (i < allocs)
                        ;
                else if (i < allocs + frees)
                        pcp_free(zone, pages[allocs - 1 - (i - allocs)], 0, (int)cpu);
                else
                        decay_pcp_high(zone, pcp);
                if (zone->nr_free_pages != before)
                        printf("%-5s %6llu: %s %4ld pages; count %5d high %5d alloc_factor %d free_count %d\n",
                               what, i < allocs ? i + 1 : i < allocs + frees ? i - allocs + 1 : i - allocs - frees + 1,
                               zone->nr_free_pages < before ? "refill" : "drain ",
                               labs((long)zone->nr_free_pages - (long)before), pcp->count, pcp->high,
                               pcp->alloc_factor, pcp->free_count);
        }
        printf("end: count %d high %d\n", pcp->count, pcp->high);
        free(pages);
        return 0;
}
static void quiz_pcp(struct tool *tool, struct quiz *quiz)
{
        struct zone *zone = ops_zone(&tool->machine);
        const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[0];
        unsigned long allocs = 1 + quiz_random(quiz, 700);
        unsigned long frees = quiz_random(quiz, 2) ? quiz_random(quiz, allocs + 1) : 0;
        char option_allocs[] = "--allocs", option_frees[] = "--frees", number_allocs[24], number_frees[24];
        char *argv[] = { option_allocs, number_allocs, option_frees, number_frees };

        snprintf(number_allocs, sizeof(number_allocs), "%lu", allocs);
        snprintf(number_frees, sizeof(number_frees), "%lu", frees);
        printf("CPU 0's empty list for zone %s has batch %d, high_min %d, high_max %d.\n", zone->name,
               pcp->batch, pcp->high_min, pcp->high_max);
        printf("The CPU allocates %lu order-0 movable pages one at a time, then frees %lu of them, the\n"
               "last allocated first (labyrinth pcp --allocs %lu --frees %lu).  Every refill and drain,\n"
               "its size, and the list at the end:\n", allocs, frees, allocs, frees);
        if (quiz_show_block(quiz))
                cmd_pcp(tool, 4, argv);
}
static int cmd_locks(struct tool *tool, int argc, char **argv)
{
        struct irq_demo demo;

        (void)argv;
        if (argc != 0)
                return usage_error("locks: no arguments");
        for (int irqsave = 0; irqsave <= 1; irqsave++) {
                if (irq_demo_zone_lock(&tool->machine, irqsave, &demo) != 0)
                        return usage_error("locks: cannot start a CPU thread");
                printf("zone->lock taken with %-17s the interrupt ran %s the critical section and %s\n",
                       irqsave ? "spin_lock_irqsave:" : "spin_lock:", demo.handled_while_held ? "inside" : "after",
                       demo.handler_got_lock ? "got the lock"
                                             : "spun 1000000 times without getting it: a deadlock");
        }
        if (irq_demo_pcp_lock(&tool->machine, &demo) != 0)
                return usage_error("locks: cannot start a CPU thread");
        printf("pcp lock held when the interrupt came: its allocation got pfn %#lx from the %s "
               "(per-CPU count %d before, %d after)\n", demo.pfn,
               demo.pcp_count_after == demo.pcp_count_before ? "buddy lists" : "per-CPU list",
               demo.pcp_count_before, demo.pcp_count_after);
        return 0;
}
static void quiz_locks(struct tool *tool, struct quiz *quiz)
{
        struct irq_demo demo;
        bool irqsave = quiz_random(quiz, 2) != 0;

        printf("1. CPU 0 takes zone->lock with %s; an interrupt arrives, and its handler\n"
               "   allocates GFP_ATOMIC, misses its per-CPU list and asks for zone->lock:\n",
               irqsave ? "spin_lock_irqsave" : "spin_lock");
        if (irq_demo_zone_lock(&tool->machine, irqsave, &demo) != 0)
                return;
        quiz_blank(quiz, "the handler runs", "%s", demo.handled_while_held ? "inside the critical section"
                                                                        : "after spin_unlock_irqrestore");
        quiz_blank(quiz, "it gets the lock", "%s", demo.handler_got_lock ? "yes" : "no: it spins, a deadlock");
        printf("2. CPU 0 holds its own per-CPU list's lock when the interrupt comes, and\n"
               "   the handler allocates an order-0 page:\n");
        if (irq_demo_pcp_lock(&tool->machine, &demo) != 0)
                return;
        bool fell_back = demo.pcp_count_after == demo.pcp_count_before;
        quiz_blank(quiz, "the per-CPU trylock", "%s", fell_back ? "fails" : "succeeds");
        quiz_blank(quiz, "the page comes from", "%s", fell_back ? "the buddy lists, under zone->lock"
                                                                : "the per-CPU list");
}
static int cmd_storm(struct tool *tool, int argc, char **argv)
{
        unsigned long long seconds = 1, operations = 1000000;
        struct storm_result result;

        for (int i = 0; i < argc; i += 2) {
                unsigned long long *target = i + 1 >= argc ? NULL
                        : strcmp(argv[i], "--seconds") == 0 ? &seconds
                        : strcmp(argv[i], "--operations") == 0 ? &operations : NULL;
                if (!target || !parse_number(argv[i + 1], target) || *target == 0 ||
                    *target > (target == &seconds ? 86400ULL : 1000000000000ULL))
                        return usage_error("storm: options are --seconds S (up to a day) and "
                                           "--operations N (per CPU, up to 10^12)");
        }
        const struct storm_ops *ops = &storm_pcp_ops;
        ops = &storm_page_alloc_ops;             /* from chapter 7 on: the whole allocator */
        if (storm_run(&tool->machine, ops, (double)seconds, operations, &result) != 0)
                return usage_error("storm: cannot start the CPU threads");
        printf("CPUs %d through %s, interrupts %lu\n", tool->machine.topo.nr_cpus, ops->name, result.irqs);
        printf("operations by CPUs     %lu\n", result.operations);
        printf("atomic allocations     %lu in interrupts, %lu failed\n", result.irq_allocations,
               result.irq_failures);
        printf("pages with two owners  %lu\n", result.stolen);
        printf("after the storm        %lu of %lu managed pages free, %d invariant violations\n",
               result.free_pages, result.managed_pages, result.check_errors);
        unsigned long wakeups = 0, reclaimed = 0;
        for (int nid = 0; nid < tool->machine.topo.nr_nodes; nid++) {
                wakeups += atomic_load(&tool->machine.kswapd[nid].wakeups);
                reclaimed += atomic_load(&tool->machine.kswapd[nid].reclaimed);
        }
        printf("kswapd                 woken %lu times, reclaimed %lu pages\n", wakeups, reclaimed);
        printf("from the reserves      %lu allocations got past a watermark only by its reductions\n",
               atomic_load(&tool->machine.reserve_allocations));
        printf("failed allocations     %lu\n", atomic_load(&tool->machine.failed_allocations));
        unsigned long hits = 0, refills = 0;
        for (int nid = 0; nid < tool->machine.topo.nr_nodes; nid++)
                for (int z = 0; z < tool->machine.topo.nr_zone_types; z++) {
                        const struct zone *zone = &tool->machine.topo.node_data[nid].node_zones[z];
                        for (int cpu = 0; cpu < zone->nr_pagesets; cpu++) {
                                hits += zone->per_cpu_pageset[cpu].alloc_hits;
                                refills += zone->per_cpu_pageset[cpu].alloc_refills;
                        }
                }
        printf("per-CPU lists          %.1f%% of their allocations were hits, %lu refills\n",
               hits + refills ? 100.0 * (double)hits / (double)(hits + refills) : 0.0, refills);
        bool ok = result.stolen == 0 && result.check_errors == 0 && result.free_pages == result.managed_pages;
        printf("%s\n", ok ? "every page had one owner at a time, and every page came back"
                          : "EXCLUSIVITY BROKEN");
        return ok ? 0 : 1;
}
static int cmd_walk(struct tool *tool, int argc, char **argv)
{
        const char *gfp_text = "GFP_ATOMIC", *context = "task", *pressure = "none", *awake = NULL;
        unsigned long long order = 0, awake_nid = 0;
        char error[160];
        gfp_t gfp;

        for (int i = 0; i < argc; i += 2) {
                if (i + 1 >= argc)
                        return usage_error("walk: option %s needs a value", argv[i]);
                if (strcmp(argv[i], "--gfp") == 0) gfp_text = argv[i + 1];
                else if (strcmp(argv[i], "--context") == 0) context = argv[i + 1];
                else if (strcmp(argv[i], "--pressure") == 0) pressure = argv[i + 1];
                else if (strcmp(argv[i], "--kswapd-awake") == 0) awake = argv[i + 1];
                else if (strcmp(argv[i], "--order") != 0 || !parse_number(argv[i + 1], &order) || order > 31)
                        return usage_error("walk: options are --gfp G --order N --context task|irq "
                                           "--pressure none|low|min|exhausted --kswapd-awake NODE");
        }
        if (gfp_parse(gfp_text, &gfp, error, sizeof(error)) != 0)
                return usage_error("walk: --gfp: %s", error);
        if (strcmp(context, "task") != 0 && strcmp(context, "irq") != 0)
                return usage_error("walk: --context %s: not task or irq", context);
        if (awake && (!parse_number(awake, &awake_nid) || awake_nid >= (unsigned long long)tool->machine.topo.nr_nodes))
                return usage_error("walk: --kswapd-awake %s: not a node of this machine", awake);
        if (set_memory_pressure(&tool->machine, pressure, gfp) != 0)
                return usage_error("walk: --pressure %s: not none, low, min or exhausted", pressure);
        if (awake)
                atomic_store(&tool->machine.kswapd[awake_nid].awake, 1);
        static struct kmsg walk_log;
        struct machine *machine = &tool->machine;
        kmsg_init(&walk_log, NULL);
        machine->walk = &walk_log;
        machine->log.echo = NULL;                /* reports are printed in order, after the walk */
        size_t log_start = machine->log.len;
        struct page *page = alloc_on_cpu0(machine, gfp, (unsigned int)order, strcmp(context, "irq") == 0);
        machine->walk = NULL;
        fputs(walk_log.text, stdout);
        fputs(machine->log.text + log_start, stdout);
        if (page) {
                unsigned long pfn = page_to_pfn(&machine->map, page);
                printf("result: pfn %#lx in zone %s, kernel address %#lx, refcount %d\n", pfn,
                       page_zone(machine, page)->name, (unsigned long)kernel_direct_map_address(pfn),
                       atomic_load(&page->_refcount));
        } else {
                printf("result: NULL\n");
        }
        fflush(stdout);
        for (int nid = 0; nid < machine->topo.nr_nodes; nid++)
                if (atomic_load(&machine->kswapd[nid].awake)) {
                        unsigned long reclaimed = kswapd_balance(machine, nid);
                        printf("then kswapd on node %d runs: %lu pages reclaimed, node %s\n", nid, reclaimed,
                               pgdat_balanced(machine, nid, 0, ZONE_NORMAL) ? "balanced" : "still short");
                }
        return 0;
}
static void quiz_atomic(struct tool *tool, struct quiz *quiz)
{
        static const char *const pressures[] = { "none", "low", "min", "exhausted" };
        static const char *const masks[] = { "GFP_ATOMIC", "GFP_ATOMIC", "GFP_NOWAIT" };
        struct machine *machine = &tool->machine;
        const char *pressure = pressures[quiz_random(quiz, 4)], *mask = masks[quiz_random(quiz, 3)];
        gfp_t gfp;
        char error[160];

        gfp_parse(mask, &gfp, error, sizeof(error));
        printf("alloc_page(%s) from an interrupt on CPU 0, memory drained to pressure %s\n"
               "(labyrinth walk --gfp %s --context irq --pressure %s):\n", mask, pressure, mask, pressure);
        set_memory_pressure(machine, pressure, gfp);
        machine->log.echo = NULL;               /* a failure's report is not part of the answer */
        unsigned long reserve = atomic_load(&machine->reserve_allocations);
        struct page *page = alloc_on_cpu0(machine, gfp, 0, true);
        quiz_blank(quiz, "served from zone", "%s", page ? page_zone(machine, page)->name : "none: NULL");
        quiz_blank(quiz, "needed the reserve below min", "%s",
                   atomic_load(&machine->reserve_allocations) > reserve ? "yes" : "no");
        quiz_blank(quiz, "kswapd woken", "%s", atomic_load(&machine->kswapd[0].wakeups) ? "yes" : "no");
}
static int cmd_trace(struct tool *tool, int argc, char **argv)
{
        struct machine *machine = &tool->machine;
        const struct trace_scenario *scenario = NULL;
        char names[256] = "";

        for (size_t i = 0; i < sizeof(trace_scenarios) / sizeof(trace_scenarios[0]); i++) {
                if (argc == 1 && strcmp(argv[0], trace_scenarios[i].name) == 0)
                        scenario = &trace_scenarios[i];
                snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s", i ? ", " : "",
                         trace_scenarios[i].name);
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
                return usage_error("trace %s: an allocation failed: the machine is too small for the scenario",
                                   scenario->name);
        return 0;
}
static void drain_row(struct machine *machine, const struct zone *zone, unsigned long held, int phase)
{
        printf("%8lu %8lu %6lu %6lu %6lu %3lu %6lu %d\n", held, zone->nr_free_pages,
               wmark_pages(zone, WMARK_MIN), wmark_pages(zone, WMARK_LOW), wmark_pages(zone, WMARK_HIGH),
               atomic_load(&machine->kswapd[zone->zone_pgdat->node_id].wakeups),
               atomic_load(&machine->reserve_allocations), phase);
}

static int cmd_drain(struct tool *tool, int argc, char **argv)
{
        static const gfp_t masks[] = { GFP_KERNEL | __GFP_NOWARN, GFP_ATOMIC | __GFP_NOWARN };
        struct machine *machine = &tool->machine;
        const struct zone *zone = ops_zone(machine);
        unsigned long held = 0;

        (void)argv;
        if (argc != 0)
                return usage_error("drain: no arguments");
        machine->log.echo = NULL;
        cpu_init(&machine->cpus[0], 0);
        cpu_bind(&machine->cpus[0]);
        printf("# zone %s: pages held, free pages, min, low, high, kswapd wakeups, reserve allocations, "
               "phase (0 GFP_KERNEL, 1 GFP_ATOMIC)\n", zone->name);
        drain_row(machine, zone, held, 0);
        for (int phase = 0; phase < 2; phase++) {
                for (;;) {
                        unsigned long free_before = zone->nr_free_pages;
                        bool woken_before = atomic_load(&machine->kswapd[zone->zone_pgdat->node_id].wakeups) != 0;
                        bool reserve_before = atomic_load(&machine->reserve_allocations) != 0;
                        if (!alloc_pages(machine, masks[phase], 0))
                                break;
                        held++;
                        if (zone->nr_free_pages != free_before ||
                            woken_before != (atomic_load(&machine->kswapd[zone->zone_pgdat->node_id].wakeups) != 0) ||
                            reserve_before != (atomic_load(&machine->reserve_allocations) != 0))
                                drain_row(machine, zone, held, phase);
                }
                drain_row(machine, zone, held, phase);
        }
        return 0;
}
static void quiz_order(struct tool *tool, struct quiz *quiz)
{
        (void)tool;
        for (int question = 1; question <= 3; question++) {
                unsigned long size = 1 + quiz_random(quiz, PAGE_SIZE << quiz_random(quiz, MAX_PAGE_ORDER + 1));
                unsigned int order = get_order(size);
                printf("%d. A buffer of %lu bytes:\n", question, size);
                quiz_blank(quiz, "get_order", "%u", order);
                quiz_blank(quiz, "bytes in that block", "%lu", PAGE_SIZE << order);
                quiz_blank(quiz, "pages alloc_pages_exact keeps", "%lu of %lu",
                           (size + PAGE_SIZE - 1) / PAGE_SIZE, 1UL << order);
        }
}
static void quiz_path(struct tool *tool, struct quiz *quiz)
{
        static const char *const masks[] = { "GFP_KERNEL", "GFP_ATOMIC", "GFP_HIGHUSER_MOVABLE", "GFP_DMA32" };
        static const unsigned int orders[] = { 0, 0, 1, 3, 4, 9 };
        struct machine *machine = &tool->machine;
        const char *mask = masks[quiz_random(quiz, 4)];
        unsigned int order = orders[quiz_random(quiz, 6)];
        gfp_t gfp;
        char error[160];

        gfp_parse(mask, &gfp, error, sizeof(error));
        printf("alloc_pages(%s, %u) on CPU 0 of a freshly booted machine:\n", mask, order);
        quiz_blank(quiz, "highest zone it may use", "%s", zone_names[gfp_zone(gfp)]);
        quiz_blank(quiz, "migrate type", "%s", migratetype_names[gfp_migratetype(gfp)]);
        quiz_blank(quiz, "per-CPU lists serve the order", "%s", pcp_allowed_order(order) ? "yes" : "no");
        cpu_init(&machine->cpus[0], 0);
        cpu_bind(&machine->cpus[0]);
        struct page *page = alloc_pages(machine, gfp, order);
        if (!page)
                return;
        struct zone *zone = page_zone(machine, page);
        int pcp_pages = zone->per_cpu_pageset[0].count;
        quiz_blank(quiz, "the page comes from zone", "%s", zone->name);
        if (pcp_allowed_order(order))
                quiz_blank(quiz, "pages the first refill moved", "%d (%d blocks of order %u)",
                           pcp_pages + (1 << order), pcp_pages / (1 << order) + 1, order);
        else
                quiz_blank(quiz, "pages the first refill moved", "%s", "none: straight from the buddy lists");
        __free_pages(machine, page, order);
}
static int cmd_bench(struct tool *tool, int argc, char **argv)
{
        unsigned long long ops = 1000000;
        struct machine *machine = &tool->machine;
        double ns[BENCH_NR_RESULTS] = { 0 };

        if (argc == 2 && strcmp(argv[0], "--ops") == 0) {
                if (!parse_number(argv[1], &ops) || ops == 0 || ops > 1000000000)
                        return usage_error("bench: --ops N, from 1 to 1000000000");
        } else if (argc != 0) {
                return usage_error("bench: the only option is --ops N");
        }
        if (ops_zone(machine)->managed_pages < 8192)   /* order-10 blocks to spare, and lists */
                return usage_error("bench: zone %s manages %lu pages; the benchmarks need 8192 (32 MiB)",
                                   ops_zone(machine)->name, ops_zone(machine)->managed_pages);
        int nr_cpus = machine->topo.nr_cpus < 2 ? 1 : 2;
        struct bench bench = { .machine = machine, .ops = ops, .gfp = GFP_KERNEL };
        bench.loop = bench_floor;
        ns[BENCH_FLOOR] = bench_case("floor-pair", &bench, 1);
        bench.loop = bench_malloc;
        ns[BENCH_MALLOC] = bench_case("malloc-4k-pair", &bench, 1);
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
                printf("bench: pcp-order0-pair-16G skipped: no room for a 16 GiB model machine\n");
        }
        free(big);
        printf("\n  %-42s %6s   %-8s %s\n", "ratio", "value", "goal", "");
        bench_goal("pcp-order0-pair / floor-pair", ns[BENCH_PCP] / ns[BENCH_FLOOR], 5.0);
        bench_goal("pcp-order0-pair / malloc-4k-pair", ns[BENCH_PCP] / ns[BENCH_MALLOC], 1.5);
        bench_goal("pcp-order0-pair-2cpu / pcp-order0-pair", ns[BENCH_PCP_2CPU] / ns[BENCH_PCP], 0.56);
        bench_goal("pcp-order0-pair-16G / pcp-order0-pair", ns[BENCH_PCP_16G] / ns[BENCH_PCP], 1.10);
        bench_goal("buddy-order0-pair / pcp-order0-pair", ns[BENCH_BUDDY] / ns[BENCH_PCP], 2.5);
        bench_goal("buddy-order0-pair-fresh / pcp-order0-pair", ns[BENCH_BUDDY_FRESH] / ns[BENCH_PCP], 0);
        return 0;
}

static const struct quiz_topic quiz_topics[] = {
        { "page", quiz_page, "a frame's addresses, and the way back from an address" },
        { "gfp", quiz_gfp, "a mask: its value, its printed names, zone, migratetype, sleeping" },
        { "zones", quiz_zones, "random zone sizes: min_free_kbytes and each zone's min, low, high" },
        { "buddy", quiz_buddy, "a script of allocations and frees: buddyinfo after it" },
        { "pcp", quiz_pcp, "allocations and frees on one CPU: the refills and drains of its list" },
        { "locks", quiz_locks, "an interrupt against a held zone lock or per-CPU lock" },
        { "atomic", quiz_atomic, "an allocation from an interrupt under pressure: where it is served" },
        { "order", quiz_order, "buffer sizes: get_order, the block, what alloc_pages_exact keeps" },
        { "path", quiz_path, "one request through every decision: zone, type, per-CPU list, refill" },
};

static int cmd_quiz(struct tool *tool, int argc, char **argv)
{
        const struct quiz_topic *topic = NULL;
        char names[256] = "";

        for (size_t i = 0; i < sizeof(quiz_topics) / sizeof(quiz_topics[0]); i++) {
                if (argc >= 1 && strcmp(argv[0], quiz_topics[i].name) == 0)
                        topic = &quiz_topics[i];
                snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s", i ? ", " : "",
                         quiz_topics[i].name);
        }
        if (argc < 1 || argc > 2 || (argc == 2 && strcmp(argv[1], "--answer") != 0))
                return usage_error("quiz: give a topic (%s), then --answer for the answers", names);
        if (!topic)
                return usage_error("quiz: unknown topic '%s'; the topics are %s", argv[0], names);
        struct quiz quiz = { .answer = argc == 2, .state = tool->machine.config.seed };
        printf("quiz %s, seed %lu: %s\n", topic->name, tool->machine.config.seed, topic->usage);
        topic->ask(tool, &quiz);
        return 0;
}

static const struct command commands[] = {
        { "page", cmd_page, "PFN|KADDR...  one frame: pfn, physical, kernel and model addresses" },
        { "quiz", cmd_quiz, "TOPIC [--answer]  a random problem (the seed picks it), answered by the model" },
        { "gfp", cmd_gfp, "MASK|NAME...  decode gfp masks: names, zone, migratetype, alloc flags" },
        { "zoneinfo", cmd_zoneinfo, "[--compare]  /proc/zoneinfo of the machine; --compare: field by field vs. the file" },
        { "zonelist", cmd_zonelist, "  each node's fallback order and zonelists" },
        { "dot", cmd_dot, "VIEW  graphviz of the live model (the views are listed below)" },
        { "buddyinfo", cmd_buddyinfo, "  /proc/buddyinfo of the machine" },
        { "pagetypeinfo", cmd_pagetypeinfo, "  /proc/pagetypeinfo of the machine" },
        { "extfrag", cmd_extfrag, "[--counts C0,..,C10]  unusable_index and extfrag_index" },
        { "pcp", cmd_pcp, "[--allocs N] [--frees N] [--decay N] [--cpu C]  one CPU's list at work" },
        { "locks", cmd_locks, "  interrupts against held locks: what happens" },
        { "storm", cmd_storm, "[--seconds S] [--operations N]  CPUs and interrupts allocating at once" },
        { "walk", cmd_walk, "[--gfp G] [--order N] [--context task|irq] [--pressure none|low|min|exhausted] "
                  "[--kswapd-awake NODE]  one allocation explained" },
        { "trace", cmd_trace, "SCENARIO  allocator tracepoints of a scenario: atomic, fallback, drain, refs" },
        { "drain", cmd_drain, "  allocate until GFP_KERNEL, then GFP_ATOMIC fail: a table to plot" },
        { "bench", cmd_bench, "[--ops N]  microbenchmarks: \"bench: NAME NS ns/op\", then the ratios" },
};

static const struct command *find_command(const char *name)
{
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                if (strcmp(name, commands[i].name) == 0)
                        return &commands[i];
        return NULL;
}

static void print_help(void)
{
        printf("usage: labyrinth [machine options] COMMAND [ARGS] [machine options]\n\n"
               "machine options (before or after the command)\n");
        for (size_t i = 0; i < sizeof(machine_options) / sizeof(machine_options[0]); i++) {
                const struct machine_option *option = &machine_options[i];
                char head[64];
                snprintf(head, sizeof(head), "%s %s", option->name, option->value);
                if (strlen(head) > 22) {         /* too long to share a line with its help */
                        printf("  %s\n", head);
                        head[0] = '\0';
                }
                for (const char *line = option->help; *line; head[0] = '\0') {
                        int len = (int)strcspn(line, "\n");
                        printf("  %-23s %.*s\n", head, len, line);
                        line += len + (line[len] == '\n');
                }
        }
        printf("  --quiet                 no '#' lines describing the machine before the output\n"
               "  --help                  this text\n\ncommands\n");
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
                const char *usage = commands[i].usage, *what = usage + synopsis_length(usage);
                char head[128];
                snprintf(head, sizeof(head), "%s %.*s", commands[i].name, (int)(what - usage), usage);
                what += strspn(what, " ");
                if (strlen(head) > 22 && *what)
                        printf("  %s\n%26s%s\n", head, "", what);
                else
                        printf("  %-23s %s\n", head, what);
        }
        printf("\ndot views\n ");
        for (size_t i = 0; i < sizeof(dot_views) / sizeof(dot_views[0]); i++)
                printf(" %s", dot_views[i].name);
        printf("\n");
}

int main(int argc, char **argv)
{
        static struct tool tool;             /* static: the log is large */

        memset(&tool, 0, sizeof(tool));      /* afresh for every call: make fuzz calls main again */
        tool.memory_option = "--mem";
        tool.memory_value = "4G";
        machine_config_init(&tool.config);
        const struct command *command = NULL;
        int nr_words = 0;                        /* the command and its arguments, from argv[1] */
        for (int i = 1; i < argc; i++) {
                const char *word = argv[i];
                if (strcmp(word, "--help") == 0) {
                        print_help();
                        return 0;
                }
                if (strcmp(word, "--quiet") == 0) {
                        tool.quiet = true;
                        continue;
                }
                if (strncmp(word, "--", 2) == 0 && !(command && command_has_option(command, word))) {
                        if (find_machine_option(word)) {
                                int status = parse_machine_option(&tool, word, i + 1 < argc ? argv[i + 1] : NULL);
                                if (status != 0)
                                        return status;
                                i++;
                                continue;
                        }
                        if (!command)
                                return usage_error("unknown machine option %s (try labyrinth --help)", word);
                }
                if (!command && !(command = find_command(word)))
                        return usage_error("unknown command '%s' (try labyrinth --help)", word);
                argv[1 + nr_words++] = argv[i];
        }
        if (!command)
                return usage_error("no command given (try labyrinth --help)");
        if (tool.from_name && (tool.nodes_given || tool.cpus_given))
                return usage_error("--from takes the nodes and CPUs from the file; drop --nodes and --cpus");
        if (tool.zones_given && !tool.from_name && tool.nodes_given)
                return usage_error("--zones gives the nodes (node0:...;node1:...); drop --nodes");
        if (tool.zones_given && tool.mem_given)
                return usage_error("--mem and --zones/--from: give the memory only once");
        if (machine_boot(&tool.machine, &tool.config) != 0)
                return usage_error("cannot build the machine: %.*s",
                                   (int)strcspn(tool.machine.log.text, "\n"), tool.machine.log.text);
        tool.machine.log.echo = stderr;
        if (!tool.quiet)
                echo_machine(&tool);
        if (tool.ops) {
                int ops_status = run_ops(&tool);
                if (ops_status != 0) {
                        machine_shutdown(&tool.machine);
                        return ops_status;
                }
        }
        int status = command->run(&tool, nr_words - 1, argv + 2);
        machine_shutdown(&tool.machine);
        return status;
}
