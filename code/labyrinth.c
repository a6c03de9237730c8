/* labyrinth.c: the command-line tool.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include <stdarg.h>
#include "gfp.h"

struct tool {
        struct machine_config config;
        const char *memory_option;      /* how the memory was given, e.g. "--mem 4G" */
        char memory_option_text[80];
        struct machine machine;
};

struct command {
        const char *name;
        int (*run)(struct tool *tool, int argc, char **argv);
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

        if (!text || !*text || *text == '-' || *text == '+')
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
                snprintf(tool->memory_option_text, sizeof(tool->memory_option_text), "--mem %s", value);
                tool->memory_option = tool->memory_option_text;
                return 0;
        }
        if (strcmp(option, "--seed") == 0) {
                if (!parse_number(value, &number) || number > 0xffffffffULL)
                        return usage_error("--seed %s: not a number from 0 to 4294967295", value);
                tool->config.seed = (unsigned long)number;
                return 0;
        }
        
        return usage_error("unknown machine option %s (try labyrinth --help)", option);
}
static void echo_machine(const struct tool *tool)
{
        const struct machine *machine = &tool->machine;
        const struct machine_config *config = &machine->config;

        printf("# labyrinth %s", tool->memory_option);
        
        printf(" --seed %lu\n", config->seed);
        printf("# memory: %lu pages present in", machine_present_pages(machine));
        for (int i = 0; i < config->nr_ranges; i++)
                printf("%s pfn %#lx-%#lx", i ? "," : "", config->ranges[i].start_pfn,
                       config->ranges[i].end_pfn - 1);
        printf("; mem_map %lu KiB\n",
               machine->map.end_pfn * (unsigned long)sizeof(struct page) / 1024);
        
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
static enum zone_type preferred_zone_by_default(gfp_t flags)
{
        enum zone_type highest = gfp_zone(flags);

        return highest == ZONE_MOVABLE ? ZONE_NORMAL : highest;
}
static void print_gfp(gfp_t flags)
{
        char names[512], bits[512], first[256], slow0[256], slow1[256];

        gfp_format(flags, names, sizeof(names));
        gfp_format_with(gfp_names + GFP_FIRST_SINGLE_BIT_NAME, flags, bits, sizeof(bits));
        unsigned int first_flags = alloc_flags_first_attempt(flags, preferred_zone_by_default(flags), true);

        alloc_flags_format(first_flags, first, sizeof(first));
        alloc_flags_format(gfp_to_alloc_flags(flags, 0), slow0, sizeof(slow0));
        alloc_flags_format(gfp_to_alloc_flags(flags, 1), slow1, sizeof(slow1));
        printf("%#x\n", flags);
        printf("  printed as   mode:%#x(%s)\n", flags, names);
        printf("  single bits  %s\n", flags ? bits : "none");
        static const char *const zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable", "Device" };
        if (gfp_zone_bad(flags))
                printf("  zone         invalid: zone modifiers %#x are in GFP_ZONE_BAD; the table gives %s, "
                       "a CONFIG_DEBUG_VM kernel stops with VM_BUG_ON\n",
                       flags & GFP_ZONEMASK, zone_names[gfp_zone(flags)]);
        else
                printf("  zone         %s (gfp_zone %d)\n", zone_names[gfp_zone(flags)], gfp_zone(flags));
        static const char *const type_names[] = { "Unmovable", "Movable", "Reclaimable", "HighAtomic" };
        enum migratetype type = gfp_migratetype(flags);
        printf("  migratetype  %s (%d)%s\n", type_names[type], type,
               type == MIGRATE_HIGHATOMIC ? ": __GFP_MOVABLE and __GFP_RECLAIMABLE together are invalid" : "");
        printf("  may sleep    %s\n", gfpflags_allow_blocking(flags)
               ? "yes: __GFP_DIRECT_RECLAIM, the caller may wait for reclaim"
               : "no: no __GFP_DIRECT_RECLAIM, the allocator must decide now");
        printf("  first try    %#x %s\n", first_flags, first);
        printf("  slow path    order 0:  %#x %s\n", gfp_to_alloc_flags(flags, 0), slow0);
        printf("               order 1+: %#x %s\n", gfp_to_alloc_flags(flags, 1), slow1);
}
static int cmd_gfp(struct tool *tool, int argc, char **argv)
{
        (void)tool;
        if (argc == 0)
                return usage_error("gfp: give a mask, e.g. GFP_ATOMIC or 0x820");
        for (int i = 0; i < argc; i++) {
                gfp_t flags;
                char error[160];
                if (gfp_parse(argv[i], &flags, error, sizeof(error)) != 0)
                        return usage_error("gfp: %s", error);
                print_gfp(flags);
        }
        return 0;
}

static const struct command commands[] = {
        { "page", cmd_page, "PFN|KADDR...  one frame: pfn, physical, kernel and model addresses" },
        { "gfp", cmd_gfp, "MASK|NAME...  decode gfp masks: names, zone, migratetype, alloc flags" },
};

static void print_help(void)
{
        printf("usage: labyrinth [--mem SIZE] [--seed N] COMMAND [ARGS]\n\ncommands:\n");
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                printf("  %-8s %s\n", commands[i].name, commands[i].usage);
}

int main(int argc, char **argv)
{
        static struct tool tool = { .memory_option = "--mem 4G" };   /* static: the log is large */
        int arg = 1;

        machine_config_init(&tool.config);
        while (arg < argc && strncmp(argv[arg], "--", 2) == 0) {
                if (strcmp(argv[arg], "--help") == 0) {
                        print_help();
                        return 0;
                }
                int status = parse_machine_option(&tool, argv[arg], arg + 1 < argc ? argv[arg + 1] : NULL);
                if (status != 0)
                        return status;
                arg += 2;
        }
        if (arg == argc)
                return usage_error("no command given (try labyrinth --help)");
        const struct command *command = NULL;
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                if (strcmp(argv[arg], commands[i].name) == 0)
                        command = &commands[i];
        if (!command)
                return usage_error("unknown command '%s' (try labyrinth --help)", argv[arg]);
        if (machine_boot(&tool.machine, &tool.config) != 0)
                return usage_error("cannot build the machine: %.*s",
                                   (int)strcspn(tool.machine.log.text, "\n"), tool.machine.log.text);
        tool.machine.log.echo = stderr;
        echo_machine(&tool);
        int status = command->run(&tool, argc - arg - 1, argv + arg + 1);
        machine_shutdown(&tool.machine);
        return status;
}
