/* labyrinth.c: the command-line tool: main, the options, the tables of
 * commands. Generated from the chapters by notangle; edit the chapters, not
 * this file. */
#include "tool.h"

int usage_error(const char *fmt, ...)
{
        va_list args;

        /* the machine echo first, even when both go to one pipe */
        fflush(stdout);
        fputs("labyrinth: ", stderr);
        va_start(args, fmt);
        vfprintf(stderr, fmt, args);
        va_end(args);
        fputc('\n', stderr);
        return EXIT_USAGE;
}
bool parse_number(const char *text, unsigned long long *value)
{
        char *end;

        if (!text || !*text || *text == '-' || *text == '+' ||
            (text[0] == '0' && isdigit((unsigned char)text[1])))
                /* 010 would be octal to strtoull: refused, not misread */
                return false;
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
        { "--mem", "SIZE",
          "RAM laid out like an x86_64 QEMU guest (default 4G): holes below\n"
          "1 MiB, nothing between 3 and 4 GiB, the rest above 4 GiB" },
        { "--seed", "N", "the seed of every random choice (default 1)" },
        { "--config", "CMA=y|n,PAGE_POISONING=y|n,DEBUG_PAGEALLOC=y|n",
          "the kernel's configuration: CONFIG_CMA (default n, as\n"
          "in Debian's kernels); page poisoning on (page_poison=1, ch. 9);\n"
          "freed pages unmapped (debug_pagealloc=on, ch. 9)" },
        { "--kernel", "6.18|6.12",
          "the kernel version (default 6.18, the book's); 6.12: its\n"
          "gfp names order, its ALLOC_HIGHATOMIC rule (ch. 2) and its\n"
          "/proc/zoneinfo lines (ch. 14)" },
        { "--nodes", "N", "NUMA nodes, memory split evenly (default 1)" },
                { "--cpus", "N", "CPUs, split evenly over the nodes (default 2)" },
                { "--zones", "SPEC",
                  "managed pages per zone instead of --mem, e.g.\n"
                  "DMA=3840,DMA32=772917,Normal=163840 or\n"
                  "'node0:DMA32=..;node1:Normal=..'" },
                { "--from", "FILE",
                  "nodes, zones, managed pages and CPUs from a real /proc/zoneinfo\n"
                  "(x86_64, or arm64 with 4 KiB pages)" },
                { "--thp", "always|madvise|never",
                  "THP raises min_free_kbytes (default always)" },
                { "--min-free-kbytes", "N|auto",
                  "vm.min_free_kbytes, applied after boot" },
                { "--watermark-scale-factor", "N",
                  "vm.watermark_scale_factor (default 10)" },
                { "--lowmem-reserve-ratio", "A,B,C,D,E",
                  "vm.lowmem_reserve_ratio (default 256,256,32,0,0)" },
                { "--percpu-pagelist-high-fraction", "N",
                  "vm.percpu_pagelist_high_fraction (default 0)" },
        { "--ops", "a0,a3u,f0",
          "allocations (order, type m/u/r) and frees run after boot" },
};

static const struct machine_option *find_machine_option(const char *name)
{
        for (size_t i = 0;
             i < sizeof(machine_options) / sizeof(machine_options[0]); i++)
                if (strcmp(name, machine_options[i].name) == 0)
                        return &machine_options[i];
        return NULL;
}
/* The switchable options, as a .config file spells them without CONFIG_,
 * each with its bool in struct kernel_config. */
static const struct {
        const char *name;
        size_t offset;
} kernel_options[] = {
        { "CMA", offsetof(struct kernel_config, cma) },
        { "PAGE_POISONING", offsetof(struct kernel_config, page_poisoning) },
        { "DEBUG_PAGEALLOC", offsetof(struct kernel_config, debug_pagealloc) },
};
enum { NR_KERNEL_OPTIONS = sizeof(kernel_options) / sizeof(kernel_options[0]) };

static bool *kernel_option(struct kernel_config *kernel, int i)
{
        return (bool *)((char *)kernel + kernel_options[i].offset);
}

static bool kernel_option_on(const struct kernel_config *kernel, int i)
{
        return *(const bool *)((const char *)kernel + kernel_options[i].offset);
}

static int parse_kernel_config(struct tool *tool, const char *value)
{
        char copy[128];
        int parts = 0;

        snprintf(copy, sizeof(copy), "%s", value);
        for (char *part = strtok(copy, ","); part;
             part = strtok(NULL, ","), parts++) {
                const char *name =
                        strncmp(part, "CONFIG_", 7) == 0 ? part + 7 : part;
                int i = 0;
                size_t n = 0;
                for (; i < NR_KERNEL_OPTIONS; i++) {
                        n = strlen(kernel_options[i].name);
                        if (strncmp(name, kernel_options[i].name, n) == 0 &&
                            name[n] == '=' && strchr("yn", name[n + 1]) &&
                            name[n + 1] && !name[n + 2])
                                break;
                }
                if (i == NR_KERNEL_OPTIONS)
                        return usage_error("--config %s: '%s' is not CMA=y|n, "
                                           "PAGE_POISONING=y|n or "
                                           "DEBUG_PAGEALLOC=y|n",
                                           value, part);
                *kernel_option(&tool->config.kernel, i) = name[n + 1] == 'y';
        }
        if (parts == 0 || strlen(value) >= sizeof(copy))
                return usage_error(
                        "--config %s: not OPTION=y|n joined by ',', e.g. CMA=y",
                        value);
        return 0;
}
static int parse_kernel_version(struct tool *tool, const char *value)
{
        if (strcmp(value, "6.18") == 0)
                tool->config.kernel.version = KERNEL_6_18;
        else if (strcmp(value, "6.12") == 0)
                tool->config.kernel.version = KERNEL_6_12;
        else
                return usage_error("--kernel %s: the model knows 6.18 (the "
                                   "book's) and 6.12, not this one",
                                   value);
        return 0;
}
static int parse_lowmem_reserve_ratio(struct tool *tool, const char *value)
{
        char copy[128];
        int i = 0;

        snprintf(copy, sizeof(copy), "%s", value);
        for (char *part = strtok(copy, ","); part;
             part = strtok(NULL, ","), i++) {
                unsigned long long number;
                if (i >= MAX_NR_ZONES || !parse_number(part, &number) ||
                    number > 0x7fffffff)
                        return usage_error("--lowmem-reserve-ratio %s: not up "
                                           "to %d numbers joined by ','",
                                           value, MAX_NR_ZONES);
                tool->config.lowmem_reserve_ratio[i] = (int)number;
        }
        return i ? 0 : usage_error("--lowmem-reserve-ratio: no numbers given");
}
static int parse_zones_of_node(struct tool *tool, const char *spec,
                               char *node_spec, int nid, unsigned long *cursor);

int parse_zones(struct tool *tool, const char *spec)
{
        struct machine_config *config = &tool->config;
        /* whole, however long: strtok writes into it */
        char *copy = strdup(spec);
        unsigned long cursor = 0;
        int nid = 0, status = 0;

        if (!copy)
                return usage_error("--zones: out of memory");
        config->nr_ranges = 0;
        for (char *node_spec = copy, *next; node_spec && status == 0;
             node_spec = next, nid++) {
                next = strchr(node_spec, ';');
                if (next)
                        *next++ = '\0';
                status = parse_zones_of_node(tool, spec, node_spec, nid,
                                             &cursor);
        }
        free(copy);
        config->nr_nodes = nid;
        config->zones_given = true;
        return status;
}
static int parse_zones_of_node(struct tool *tool, const char *spec,
                               char *node_spec, int nid, unsigned long *cursor)
{
        static const unsigned long natural_start[MAX_NR_ZONES] = {
                1, 0x1000, 0x100000, 0x100000, 0
        };
        struct machine_config *config = &tool->config;
        bool seen[MAX_NR_ZONES] = { false };

        char prefix[16];
        snprintf(prefix, sizeof(prefix), "node%d:", nid);
        /* before anything is written for this node */
        if (nid >= MAX_NUMNODES)
                return usage_error("--zones %s: nodes must be node0:, node1:, ... in "
                                   "order, at most %d",
                                   spec, MAX_NUMNODES);
        if (strncmp(node_spec, prefix, strlen(prefix)) == 0)
                node_spec += strlen(prefix);
        else if (strncmp(node_spec, "node", 4) == 0)
                return usage_error("--zones %s: nodes must be node0:, node1:, ... in "
                                   "order, at most %d",
                                   spec, MAX_NUMNODES);
        for (char *zone_spec = strtok(node_spec, ","); zone_spec;
             zone_spec = strtok(NULL, ",")) {
                char *equals = strchr(zone_spec, '=');
                unsigned long long managed;
                int z = 0;
                if (equals)
                        *equals = '\0';
                while (z < ZONE_DEVICE && strcmp(zone_spec, zone_names[z]) != 0)
                        z++;
                if (!equals || z == ZONE_DEVICE ||
                    !parse_number(equals + 1, &managed) || managed > (1ULL << 36) ||
                    config->nr_ranges == MAX_MEMORY_RANGES)
                        return usage_error("--zones %s: '%s%s%s' is not ZONE=PAGES "
                                           "with ZONE one of "
                                           "DMA, DMA32, Normal, Movable",
                                           spec, zone_spec, equals ? "=" : "",
                                           equals ? equals + 1 : "");
                if (seen[z])
                        return usage_error("--zones %s: node %d has zone %s twice",
                                           spec, nid, zone_names[z]);
                seen[z] = true;
                unsigned long start =
                        *cursor > natural_start[z] ? *cursor : natural_start[z];
                config->zones[nid][z] = (struct zone_geometry){ start, managed, managed,
                                                                managed, true };
                if (managed) {
                        config->ranges[config->nr_ranges++] =
                                (struct memory_range){ start, start + managed, nid };
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
        int status =
                zoneinfo_read(in, name, &tool->from_file, error, sizeof(error));
        fclose(in);
        if (status != 0)
                return usage_error("--from %s", error);
        machine_config_from_zoneinfo(&tool->from_file, &tool->config);
        tool->from_name = name;
        return 0;
}

static int parse_machine_option(struct tool *tool, const char *option,
                                const char *value)
{
        unsigned long long number;

        if (!value)
                return usage_error("option %s needs a value", option);
        if (strcmp(option, "--mem") == 0) {
                if (!parse_size(value, &tool->config.mem_bytes) ||
                    tool->config.mem_bytes < (2ULL << 20) ||
                    tool->config.mem_bytes % PAGE_SIZE != 0 ||
                    tool->config.mem_bytes > (1ULL << 46))
                        return usage_error("--mem %s: not a size from 2M to "
                                           "64T in whole pages, "
                                           "e.g. 4G or 512M",
                                           value);
                tool->memory_option = "--mem";
                tool->memory_value = value;
                tool->mem_given = true;
                return 0;
        }
        if (strcmp(option, "--seed") == 0) {
                if (!parse_number(value, &number) || number > 0xffffffffULL)
                        return usage_error(
                                "--seed %s: not a number from 0 to 4294967295",
                                value);
                tool->config.seed = (unsigned long)number;
                return 0;
        }
        if (strcmp(option, "--config") == 0)
                return parse_kernel_config(tool, value);
        if (strcmp(option, "--kernel") == 0)
                return parse_kernel_version(tool, value);
        if (strcmp(option, "--nodes") == 0 || strcmp(option, "--cpus") == 0) {
                bool nodes = option[2] == 'n';
                unsigned long long limit = nodes ? MAX_NUMNODES : MAX_CPUS;
                if (!parse_number(value, &number) || number < 1 || number > limit)
                        return usage_error("%s %s: not a number from 1 to %llu", option,
                                           value, limit);
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
                        return usage_error(
                                "--min-free-kbytes %s: not auto or a number of KiB",
                                value);
                tool->config.min_free_kbytes = (int)number;
                return 0;
        }
        if (strcmp(option, "--watermark-scale-factor") == 0) {
                if (!parse_number(value, &number) || number < 1 || number > 3000)
                        return usage_error("--watermark-scale-factor %s: not a number "
                                           "from 1 to 3000",
                                           value);
                tool->config.watermark_scale_factor = (int)number;
                return 0;
        }
        if (strcmp(option, "--percpu-pagelist-high-fraction") == 0) {
                if (!parse_number(value, &number) || (number != 0 && number < 8) ||
                    number > 0x7fffffff)
                        return usage_error("--percpu-pagelist-high-fraction %s: not 0 "
                                           "or a number from 8 up",
                                           value);
                tool->config.percpu_pagelist_high_fraction = (int)number;
                return 0;
        }
        if (strcmp(option, "--lowmem-reserve-ratio") == 0)
                return parse_lowmem_reserve_ratio(tool, value);
        if (strcmp(option, "--zones") == 0 || strcmp(option, "--from") == 0) {
                if (tool->zones_given)
                        return usage_error(
                                "--zones and --from: give the memory only once");
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
        return usage_error("option %s is in the table but has no parser",
                           option);
}
static void echo_word(const char *word)
{
        if (word[strspn(word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV"
                              "WXYZ0123456789"
                              "_-+=:,./@%")] == '\0' &&
            *word) {
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
        for (int i = 0, echoed = 0; i < NR_KERNEL_OPTIONS; i++)
                if (kernel_option_on(&config->kernel, i))
                        printf("%s%s=y", echoed++ ? "," : " --config ",
                               kernel_options[i].name);
        if (config->kernel.version == KERNEL_6_12)
                printf(" --kernel 6.12");
        static const char *const thp_modes[] = { "never", "madvise", "always" };
        if (!tool->zones_given)
                /* --zones and --from give the nodes */
                printf(" --nodes %d", config->nr_nodes);
        if (!tool->from_name)
                printf(" --cpus %d", config->nr_cpus);
        printf(" --thp %s", thp_modes[config->thp]);
        if (config->min_free_kbytes >= 0)
                printf(" --min-free-kbytes %d", config->min_free_kbytes);
        else
                printf(" --min-free-kbytes auto");
        printf(" --watermark-scale-factor %d --lowmem-reserve-ratio",
               config->watermark_scale_factor);
        for (int i = 0; i < config->nr_zone_types; i++)
                printf("%c%d", i ? ',' : ' ', config->lowmem_reserve_ratio[i]);
        if (config->percpu_pagelist_high_fraction)
                printf(" --percpu-pagelist-high-fraction %d",
                       config->percpu_pagelist_high_fraction);
        if (tool->ops)
                printf(" --ops %s", tool->ops);
        printf(" --seed %lu\n", config->seed);
        printf("# memory: %lu pages present in",
               machine_present_pages(machine));
        for (int i = 0; i < config->nr_ranges; i++)
                printf("%s pfn %#lx-%#lx", i ? "," : "",
                       config->ranges[i].start_pfn,
                       config->ranges[i].end_pfn - 1);
        printf("; mem_map %lu KiB\n",
               machine->map.end_pfn * (unsigned long)sizeof(struct page) /
                       1024);
        for (int nid = 0; nid < machine->topo.nr_nodes; nid++) {
                const pg_data_t *pgdat = &machine->topo.node_data[nid];
                printf("# node %d: %d CPUs; managed pages:", nid, pgdat->nr_cpus);
                for (int z = 0; z < machine->topo.nr_zone_types; z++)
                        if (populated_zone(&pgdat->node_zones[z]))
                                printf(" %s %lu", pgdat->node_zones[z].name,
                                       pgdat->node_zones[z].managed_pages);
                printf("\n");
        }
        if (config->min_free_kbytes < 0 &&
            machine->min_free_kbytes == machine->boot_min_free_kbytes)
                printf("# min_free_kbytes %d (the square-root rule)\n",
                       machine->min_free_kbytes);
        else
                printf("# min_free_kbytes %d (%s; the square-root rule gives %d)\n",
                       machine->min_free_kbytes,
                       config->min_free_kbytes >= 0 ? "set by --min-free-kbytes"
                                                    : "raised for THP by khugepaged",
                       machine->boot_min_free_kbytes);
}
static size_t synopsis_length(const char *usage)
{
        const char *end = strstr(usage, "  ");
        return end ? (size_t)(end - usage) : strlen(usage);
}

static bool command_has_option(const struct command *command,
                               const char *option)
{
        const char *synopsis = command->usage,
                   *end = synopsis + synopsis_length(synopsis);
        size_t len = strlen(option);

        for (const char *at = synopsis;
             (at = strstr(at, option)) && at + len <= end; at += len)
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
unsigned long quiz_random(struct quiz *quiz, unsigned long below)
{
        return below ? (unsigned long)(quiz_next(quiz) % below) : 0;
}
void quiz_blank(const struct quiz *quiz, const char *label, const char *fmt,
                ...)
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

static bool pfn_from_argument(const struct tool *tool, const char *text,
                              unsigned long *pfn)
{
        unsigned long long value;
        unsigned long nr_pages =
                tool->machine.map.end_pfn - tool->machine.map.start_pfn;

        if (!parse_number(text, &value))
                return false;
        if (value >= VMEMMAP_START &&
            value < VMEMMAP_START + (uint64_t)nr_pages * sizeof(struct page))
                value = (value - VMEMMAP_START) / sizeof(struct page);
        else if (value >= PAGE_OFFSET &&
                 value < PAGE_OFFSET + ((uint64_t)nr_pages << PAGE_SHIFT))
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
                        return usage_error("page: '%s' is not a pfn or kernel "
                                           "address of this "
                                           "machine (pfn 0 to %#lx)",
                                           argv[i],
                                           tool->machine.map.end_pfn - 1);
                struct page *page = pfn_to_page(&tool->machine.map, pfn);
                unsigned char *frame = page_address(&tool->machine.map, page);
                frame[PAGE_SIZE - 1] = 0xa5;   /* the frame is real memory */
                printf("pfn %#lx\n", pfn);
                printf("  physical address    %#" PRIx64 "\n",
                       (uint64_t)pfn << PAGE_SHIFT);
                printf("  kernel direct map   %#" PRIx64 "  (page_address)\n",
                       kernel_direct_map_address(pfn));
                printf("  kernel struct page  %#" PRIx64 "  (vmemmap + pfn)\n",
                       kernel_vmemmap_address(pfn));
                bool waits = false;   /* its record is not written yet */
                for (int nid = 0; nid < tool->machine.topo.nr_nodes; nid++)
                        for (int z = 0; z < tool->machine.topo.nr_zone_types; z++) {
                                const struct zone *zone =
                                        &tool->machine.topo.node_data[nid].node_zones[z];
                                waits |= pfn >= zone->deferred_pfn &&
                                         pfn < zone->deferred_end_pfn;
                        }
                printf("  model struct page   mem_map[%lu], ",
                       pfn - tool->machine.map.start_pfn);
                if (waits)
                        printf("free, not written yet (chapter 18)\n");
                else
                        printf("refcount %d, mapcount %d\n",
                               atomic_load(&page->_refcount),
                               atomic_load(&page->_mapcount));
                printf("  model frame         arena + %#lx, last byte written "
                       "and read back: %#x\n",
                       (pfn - tool->machine.map.start_pfn) * PAGE_SIZE,
                       frame[PAGE_SIZE - 1]);
        }
        return 0;
}
static unsigned long quiz_pfn(const struct tool *tool, struct quiz *quiz)
{
        const struct machine_config *config = &tool->machine.config;
        unsigned long nth =
                quiz_random(quiz, machine_present_pages(&tool->machine));
        int i = 0;

        /* Every present frame is as likely as any other: walk the ranges to the
         * nth. */
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
        quiz_blank(quiz, "physical address", "%#" PRIx64,
                   (uint64_t)pfn << PAGE_SHIFT);
        quiz_blank(quiz, "kernel direct-map address", "%#" PRIx64,
                   kernel_direct_map_address(pfn));
        quiz_blank(quiz, "kernel struct page address", "%#" PRIx64,
                   kernel_vmemmap_address(pfn));
        for (int z = 0; z < tool->machine.topo.nr_zone_types; z++) {
                const struct zone *zone =
                        &tool->machine.topo.node_data[0].node_zones[z];
                if (populated_zone(zone) && pfn >= zone->zone_start_pfn &&
                    pfn < zone->zone_start_pfn + zone->spanned_pages)
                        quiz_blank(quiz, "zone", "%s", zone->name);
        }
        uint64_t offset = quiz_random(quiz, PAGE_SIZE);
        snprintf(address, sizeof(address), "%#" PRIx64,
                 kernel_direct_map_address(quiz_pfn(tool, quiz)) + offset);
        printf("2. An oops names the kernel address %s:\n", address);
        pfn_from_argument(tool, address, &back);
        quiz_blank(quiz, "pfn", "%#lx", back);
        quiz_blank(quiz, "physical address", "%#" PRIx64,
                   ((uint64_t)back << PAGE_SHIFT) + offset);
        snprintf(address, sizeof(address), "%#" PRIx64,
                 kernel_vmemmap_address(quiz_pfn(tool, quiz)));
        printf("3. A struct page at %s:\n", address);
        pfn_from_argument(tool, address, &back);
        quiz_blank(quiz, "pfn", "%#lx", back);
        quiz_blank(quiz, "kernel direct-map address", "%#" PRIx64,
                   kernel_direct_map_address(back));
}

static const struct quiz_topic quiz_topics[] = {
        { "page", quiz_page, "a frame's addresses, and the way back from an address" },
        { "gfp", quiz_gfp,
          "a mask: its value, its printed names, zone, migratetype, sleeping" },
        { "zones", quiz_zones,
          "random zone sizes: min_free_kbytes and each zone's min, low, high" },
        { "buddy", quiz_buddy,
          "a script of allocations and frees: buddyinfo after it" },
        { "pcp", quiz_pcp,
          "allocations and frees on one CPU: the refills and drains of its list" },
        { "locks", quiz_locks,
          "an interrupt against a held zone lock or per-CPU lock" },
        { "atomic", quiz_atomic,
          "an allocation from an interrupt under pressure: where it is served" },
        { "order", quiz_order,
          "buffer sizes: get_order, the block, what alloc_pages_exact keeps" },
        { "path", quiz_path,
          "one request through every decision: zone, type, per-CPU list, refill" },
};

static int cmd_quiz(struct tool *tool, int argc, char **argv)
{
        const struct quiz_topic *topic = NULL;
        char names[256] = "";

        for (size_t i = 0; i < sizeof(quiz_topics) / sizeof(quiz_topics[0]);
             i++) {
                if (argc >= 1 && strcmp(argv[0], quiz_topics[i].name) == 0)
                        topic = &quiz_topics[i];
                snprintf(names + strlen(names), sizeof(names) - strlen(names),
                         "%s%s", i ? ", " : "", quiz_topics[i].name);
        }
        if (argc < 1 || argc > 2 ||
            (argc == 2 && strcmp(argv[1], "--answer") != 0))
                return usage_error("quiz: give a topic (%s), then --answer for "
                                   "the answers",
                                   names);
        if (!topic)
                return usage_error(
                        "quiz: unknown topic '%s'; the topics are %s", argv[0],
                        names);
        struct quiz quiz = { .answer = argc == 2,
                             .state = tool->machine.config.seed };
        printf("quiz %s, seed %lu: %s\n", topic->name,
               tool->machine.config.seed, topic->usage);
        topic->ask(tool, &quiz);
        return 0;
}

static const struct command commands[] = {
        { "page", cmd_page,
          "PFN|KADDR...  one frame: pfn, physical, kernel and model addresses" },
        { "quiz", cmd_quiz,
          "TOPIC [--answer]  a random problem (the seed picks it), answered by the "
          "model" },
        { "gfp", cmd_gfp,
          "MASK|NAME...  decode gfp masks: names, zone, migratetype, alloc flags" },
        { "zoneinfo", cmd_zoneinfo,
          "[--compare|--modelled]  /proc/zoneinfo of the machine; --compare: field "
          "by field vs. the file; --modelled: only the lines the model computes" },
                { "zonelist", cmd_zonelist,
                  "  each node's fallback order and zonelists" },
                { "dot", cmd_dot,
                  "VIEW  graphviz of the live model (the views are listed below)" },
        { "buddyinfo", cmd_buddyinfo,
                  "[--compare FILE]  /proc/buddyinfo of the machine" },
                { "pagetypeinfo", cmd_pagetypeinfo,
                  "[--compare FILE]  /proc/pagetypeinfo of the machine" },
                { "extfrag", cmd_extfrag,
                  "[--counts C0,..,C10]  unusable_index and extfrag_index" },
        { "pcp", cmd_pcp,
          "[--allocs N] [--frees N] [--decay N] [--cpu C]  one CPU's list at work" },
        { "locks", cmd_locks, "  interrupts against held locks: what happens" },
                { "storm", cmd_storm,
                  "[--seconds S] [--operations N]  CPUs and interrupts allocating at "
                  "once" },
        { "walk", cmd_walk,
          "[--gfp G] [--order N] [--context task|irq] [--pressure "
          "none|low|min|exhausted] "
          "[--kswapd-awake NODE]  one allocation explained" },
        { "trace", cmd_trace,
          "SCENARIO  allocator tracepoints of a scenario: atomic, fallback, drain, "
          "refs" },
        { "drain", cmd_drain,
          "[--gfp FIRST,SECOND]  allocate until GFP_KERNEL, then GFP_ATOMIC fail: "
          "a table to plot" },
        { "bench", cmd_bench,
          "[--ops N] [--case NAME]  microbenchmarks: \"bench: NAME NS ns/op\", "
          "then the ratios" },
        { "explain", cmd_explain,
          "[FILE] [--kernel VERSION]  why each page allocation failure of a "
          "kernel log failed, by the rules of the kernel that printed it" },
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
        printf("usage: labyrinth [machine options] COMMAND [ARGS] [machine "
               "options]\n\n"
               "machine options (before or after the command)\n");
        for (size_t i = 0;
             i < sizeof(machine_options) / sizeof(machine_options[0]); i++) {
                const struct machine_option *option = &machine_options[i];
                char head[64];
                snprintf(head, sizeof(head), "%s %s", option->name,
                         option->value);
                /* too long to share a line with its help */
                if (strlen(head) > 22) {
                        printf("  %s\n", head);
                        head[0] = '\0';
                }
                for (const char *line = option->help; *line; head[0] = '\0') {
                        int len = (int)strcspn(line, "\n");
                        printf("  %-23s %.*s\n", head, len, line);
                        line += len + (line[len] == '\n');
                }
        }
        printf("  --quiet                 no '#' lines describing the machine "
               "before the output\n"
               "  --help                  this text\n\ncommands\n");
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
                const char *usage = commands[i].usage,
                           *what = usage + synopsis_length(usage);
                char head[128];
                snprintf(head, sizeof(head), "%s %.*s", commands[i].name,
                         (int)(what - usage), usage);
                what += strspn(what, " ");
                if (strlen(head) > 22 && *what)
                        printf("  %s\n%26s%s\n", head, "", what);
                else
                        printf("  %-23s %s\n", head, what);
        }
        printf("\ndot views\n ");
        for (size_t i = 0; i < nr_dot_views; i++)
                printf(" %s", dot_views[i].name);
        printf("\n");
}

int main(int argc, char **argv)
{
        static struct tool tool;             /* static: the log is large */

        /* afresh for every call: make fuzz calls main again */
        memset(&tool, 0, sizeof(tool));
        tool.memory_option = "--mem";
        tool.memory_value = "4G";
        machine_config_init(&tool.config);
        const struct command *command = NULL;
        /* the command and its arguments, from argv[1] */
        int nr_words = 0;
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
                if (strncmp(word, "--", 2) == 0 &&
                    !(command && command_has_option(command, word))) {
                        if (find_machine_option(word)) {
                                int status = parse_machine_option(
                                        &tool, word, i + 1 < argc ? argv[i + 1] : NULL);
                                if (status != 0)
                                        return status;
                                i++;
                                continue;
                        }
                        if (!command)
                                return usage_error("unknown machine option %s (try "
                                                   "labyrinth --help)",
                                                   word);
                }
                if (!command && !(command = find_command(word)))
                        return usage_error(
                                "unknown command '%s' (try labyrinth --help)", word);
                argv[1 + nr_words++] = argv[i];
        }
        if (!command)
                return usage_error("no command given (try labyrinth --help)");
        if (tool.from_name && (tool.nodes_given || tool.cpus_given))
                return usage_error("--from takes the nodes and CPUs from the file; "
                                   "drop --nodes and --cpus");
        if (tool.zones_given && !tool.from_name && tool.nodes_given)
                return usage_error(
                        "--zones gives the nodes (node0:...;node1:...); drop --nodes");
        if (tool.zones_given && tool.mem_given)
                return usage_error(
                        "--mem and --zones/--from: give the memory only once");
        if (machine_boot(&tool.machine, &tool.config) != 0)
                return usage_error("cannot build the machine: %.*s",
                                   (int)strcspn(tool.machine.log.text, "\n"),
                                   tool.machine.log.text);
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
