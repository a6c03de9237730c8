/* cmd_explain.c: the `explain` command (chapter 19).
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "tool.h"

#define EXPLAIN_MAX_BYTES (16u << 20)
#define EXPLAIN_MAX_ZONES 16
#define EXPLAIN_MAX_ORDERS 16
#define EXPLAIN_MAX_RESERVE 8
/* One whitespace-separated word of the log and the line it stands on. */
struct word {
        const char *text;
        unsigned line;
};
struct log_words {
        struct word *words;
        size_t nr_words;
};
enum { ZONE_TYPE_DMA, ZONE_TYPE_DMA32, ZONE_TYPE_NORMAL, ZONE_TYPE_HIGHMEM,
       ZONE_TYPE_MOVABLE, ZONE_TYPE_DEVICE, NR_ZONE_TYPES };
/* A zone as the report's Mem-Info shows it: its zone line, its
 * lowmem_reserve[] line and its line of free blocks. */
struct report_zone {
        int node, type;
        unsigned line;
        /* kB from the zone line; -1: the field is not in the report */
        long long free_kb, min_kb, cma_kb, highatomic_kb;
        const char *highatomic_field;
        long long reserve[EXPLAIN_MAX_RESERVE];
        int nr_reserve;              /* 0: no lowmem_reserve[] line */
        bool has_blocks, has_letters;
        long long blocks[EXPLAIN_MAX_ORDERS];
        unsigned letters[EXPLAIN_MAX_ORDERS];   /* a bit per letter - 'A' */
        int nr_orders;
        long long page_kb;           /* the size of an order-0 block */
};
struct report {
        unsigned line;
        char task[64];
        int order;
        unsigned long mode;
        char names[256];             /* the report's own spelling, or "" */
        char version[64];            /* e.g. "5.4.30", or "" */
        int major, minor;
        bool in_irq, oom_interleaved, has_mem_info;
        struct report_zone zones[EXPLAIN_MAX_ZONES];
        int nr_zones;
        long long highmem_pages;     /* "N pages HighMem/MovableOnly" */
        char problem[200];           /* why the report cannot be read */
};

static const char *const zone_type_names[NR_ZONE_TYPES] = {
        "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device"
};
static bool is_quote_mark(const char *word)
{
        /* mail quoting: "> > [ 12.3] ..." has words of '>' alone */
        return word[strspn(word, ">")] == '\0';
}
static int add_word(struct log_words *log, size_t *capacity,
                    const char *text, unsigned line)
{
        if (log->nr_words == *capacity) {
                size_t more = *capacity ? 2 * *capacity : 4096;
                struct word *words =
                        realloc(log->words, more * sizeof(*words));
                if (!words)
                        return -1;
                log->words = words;
                *capacity = more;
        }
        log->words[log->nr_words++] = (struct word){ text, line };
        return 0;
}
static int split_words(struct log_words *log, char *text, size_t len)
{
        size_t capacity = 0;
        unsigned line = 1;

        for (size_t at = 0; at < len;) {
                if (isspace((unsigned char)text[at])) {
                        line += text[at++] == '\n';
                        continue;
                }
                size_t start = at;
                while (at < len && !isspace((unsigned char)text[at]))
                        at++;
                bool newline = at < len && text[at] == '\n';
                if (at < len)
                        text[at++] = '\0';
                if (!is_quote_mark(text + start) &&
                    add_word(log, &capacity, text + start, line) != 0)
                        return -1;
                line += newline;
        }
        return 0;
}
static bool word_starts(const struct word *word, const char *prefix)
{
        return strncmp(word->text, prefix, strlen(prefix)) == 0;
}
static bool word_is(const struct word *word, const char *text)
{
        return strcmp(word->text, text) == 0;
}
/* "page allocation failure: order:N, mode:0xHEX(NAMES)" from word i on;
 * the kernels before 3.x wrote "failure." instead of "failure:". */
static bool is_failure(const struct log_words *log, size_t i)
{
        return i + 2 < log->nr_words && word_is(&log->words[i], "page") &&
               word_is(&log->words[i + 1], "allocation") &&
               (word_is(&log->words[i + 2], "failure:") ||
                word_is(&log->words[i + 2], "failure."));
}
static void read_failure(const struct log_words *log, size_t i,
                         struct report *report)
{
        const struct word *words = log->words;

        memset(report, 0, sizeof(*report));
        report->line = words[i].line;
        report->order = -1;
        snprintf(report->task, sizeof(report->task), "?");
        if (i > 0) {
                /* the task is the word before, up to its colon; a console
                 * may glue other text before it with a ']' */
                const char *task = words[i - 1].text, *cut;
                if ((cut = strrchr(task, ']')))
                        task = cut + 1;
                size_t len = strlen(task);
                if (len > 1 && task[len - 1] == ':')
                        snprintf(report->task, sizeof(report->task), "%.*s",
                                 (int)(len - 1), task);
        }
        for (size_t j = i + 3; j < log->nr_words && j < i + 7; j++) {
                const char *text = words[j].text;
                if (strncmp(text, "order:", 6) == 0)
                        report->order = atoi(text + 6);
                if (strncmp(text, "mode:0x", 7) == 0) {
                        char *end;
                        report->mode = strtoul(text + 7, &end, 16);
                        if (*end == '(')
                                snprintf(report->names, sizeof(report->names),
                                         "%.*s", (int)strcspn(end + 1, ")"),
                                         end + 1);
                }
        }
}
static int zone_type_of(const char *name, size_t len)
{
        for (int type = 0; type < NR_ZONE_TYPES; type++)
                if (strlen(zone_type_names[type]) == len &&
                    strncmp(name, zone_type_names[type], len) == 0)
                        return type;
        return -1;
}
/* The value of "KEY:NkB" (or "NKB", as reserved_highatomic is spelled),
 * or -1 when the word is not that key. */
static long long kb_field(const char *word, const char *key)
{
        size_t len = strlen(key);
        char *end;

        if (strncmp(word, key, len) != 0 || !isdigit((unsigned char)word[len]))
                return -1;
        long long value = strtoll(word + len, &end, 10);
        return strcasecmp(end, "kB") == 0 ? value : -1;
}
static int node_before(const struct log_words *log, size_t j)
{
        if (j >= 2 && word_is(&log->words[j - 2], "Node"))
                return atoi(log->words[j - 1].text);
        return 0;
}
static struct report_zone *find_zone(struct report *report, int node,
                                     int type)
{
        for (int z = 0; z < report->nr_zones; z++)
                if (report->zones[z].node == node &&
                    report->zones[z].type == type)
                        return &report->zones[z];
        return NULL;
}
static void report_problem(struct report *report, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
static void report_problem(struct report *report, const char *fmt, ...)
{
        va_list args;

        if (report->problem[0])
                return;                  /* the first one is the one to fix */
        va_start(args, fmt);
        vsnprintf(report->problem, sizeof(report->problem), fmt, args);
        va_end(args);
}
static bool is_zone_line(const struct log_words *log, size_t j, size_t end)
{
        const char *name = log->words[j].text;

        return j + 1 < end && zone_type_of(name, strlen(name)) >= 0 &&
               word_starts(&log->words[j + 1], "free:");
}
/* "Node 0 Normal free:..kB min:..kB ..." up to its lowmem_reserve[] line */
static size_t read_zone_line(const struct log_words *log, size_t j,
                             size_t end, struct report *report)
{
        const struct word *words = log->words;
        int type = zone_type_of(words[j].text, strlen(words[j].text));

        if (report->nr_zones == EXPLAIN_MAX_ZONES) {
                report_problem(report, "line %u: more than %d zones",
                               words[j].line, EXPLAIN_MAX_ZONES);
                return j + 1;
        }
        struct report_zone *zone = &report->zones[report->nr_zones++];
        *zone = (struct report_zone){
                .node = node_before(log, j), .type = type,
                .line = words[j].line, .free_kb = -1, .min_kb = -1,
                .cma_kb = -1, .highatomic_kb = -1, .page_kb = 4,
        };
        size_t k = j + 1;
        for (; k < end && !word_is(&words[k], "lowmem_reserve[]:") &&
               !is_zone_line(log, k, end);
             k++) {
                const char *text = words[k].text;
                long long value;
                if ((value = kb_field(text, "free:")) >= 0)
                        zone->free_kb = value;
                else if ((value = kb_field(text, "min:")) >= 0)
                        zone->min_kb = value;
                else if ((value = kb_field(text, "free_cma:")) >= 0)
                        zone->cma_kb = value;
                /* 6.15 and later print the free part of the reserve too,
                 * and that is what their check subtracts */
                else if ((value = kb_field(text, "free_highatomic:")) >= 0) {
                        zone->highatomic_kb = value;
                        zone->highatomic_field = "free_highatomic";
                } else if ((value = kb_field(text, "reserved_highatomic:")) >=
                                   0 &&
                           !zone->highatomic_field) {
                        zone->highatomic_kb = value;
                        zone->highatomic_field = "reserved_highatomic";
                }
        }
        if (k < end) {
                /* lowmem_reserve[]: one number a zone type, in pages */
                for (k++; k < end && zone->nr_reserve < EXPLAIN_MAX_RESERVE &&
                          isdigit((unsigned char)words[k].text[0]) &&
                          words[k].text[strspn(words[k].text, "0123456789")] ==
                                  '\0';
                     k++)
                        zone->reserve[zone->nr_reserve++] =
                                atoll(words[k].text);
        }
        if (zone->free_kb < 0 || zone->min_kb < 0)
                report_problem(report,
                               "line %u: the zone line of %s has no %s field",
                               zone->line, zone_type_names[type],
                               zone->free_kb < 0 ? "free:" : "min:");
        else if (zone->nr_reserve == 0)
                report_problem(report,
                               "line %u: the zone line of %s has no "
                               "lowmem_reserve[] line after it",
                               zone->line, zone_type_names[type]);
        return k;
}
static bool is_block_count(const char *word, long long *count,
                           long long *size_kb)
{
        int used = 0;

        return sscanf(word, "%lld*%lldkB%n", count, size_kb, &used) == 2 &&
               word[used] == '\0' && *size_kb > 0;
}
static bool is_buddy_line(const struct log_words *log, size_t j, size_t end)
{
        const char *name = log->words[j].text;
        size_t len = strlen(name);
        long long count, size;

        return j + 1 < end && len > 1 && name[len - 1] == ':' &&
               zone_type_of(name, len - 1) >= 0 &&
               is_block_count(log->words[j + 1].text, &count, &size);
}
/* "Node 0 Normal: 8*4kB (H) 5*8kB (H) 0*16kB ... = 1080kB" */
static size_t read_buddy_line(const struct log_words *log, size_t j,
                              size_t end, struct report *report)
{
        const struct word *words = log->words;
        int type = zone_type_of(words[j].text, strlen(words[j].text) - 1);
        struct report_zone *zone =
                find_zone(report, node_before(log, j), type);
        long long count, size;
        size_t k = j + 1;

        if (!zone) {
                report_problem(report,
                               "line %u: free blocks of %s, which has no "
                               "zone line",
                               words[j].line, zone_type_names[type]);
                return k;
        }
        zone->has_blocks = true;
        for (; k < end && is_block_count(words[k].text, &count, &size); k++) {
                if (zone->nr_orders == 0)
                        zone->page_kb = size;
                int order = 0;
                while ((zone->page_kb << order) < size)
                        order++;
                if ((zone->page_kb << order) != size ||
                    order >= EXPLAIN_MAX_ORDERS) {
                        report_problem(report,
                                       "line %u: %s is not a block of the "
                                       "zone's orders",
                                       words[k].line, words[k].text);
                        return k;
                }
                zone->blocks[order] = count;
                zone->nr_orders = order + 1;
                if (k + 1 < end && words[k + 1].text[0] == '(') {
                        const char *letter = words[++k].text + 1;
                        for (; isupper((unsigned char)*letter); letter++)
                                zone->letters[order] |= 1u << (*letter - 'A');
                        zone->has_letters = true;
                }
        }
        return k;
}
/* The version from "CPU: 1 PID: 40 Comm: kswapd0 Not tainted 6.8.9 #1"
 * (or 2.6's "Pid: 0, comm: swapper Not tainted 2.6.32 #1"): the first
 * word after the taint that starts like a version. */
static void read_version(const struct log_words *log, size_t j, size_t end,
                         struct report *report)
{
        for (size_t k = j + 1; k < end && k < j + 12; k++) {
                const char *text = log->words[k].text;
                int major, minor, used = 0;
                if (sscanf(text, "%d.%d%n", &major, &minor, &used) == 2 &&
                    major >= 2 && major < 100) {
                        snprintf(report->version, sizeof(report->version),
                                 "%s", text);
                        report->major = major;
                        report->minor = minor;
                        return;
                }
        }
}
static void read_report(const struct log_words *log, size_t start,
                        size_t end, struct report *report)
{
        const struct word *words = log->words;

        for (size_t j = start + 3; j < end; j++) {
                const char *text = words[j].text;
                if (strcasecmp(text, "Mem-Info:") == 0) {
                        if (report->has_mem_info)
                                break;   /* a second one: another report's */
                        report->has_mem_info = true;
                } else if (word_is(&words[j], "oom-killer:"))
                        report->oom_interleaved = true;
                else if (!report->has_mem_info) {
                        if (word_is(&words[j], "<IRQ>"))
                                report->in_irq = true;
                        else if (!report->version[0] &&
                                 (word_is(&words[j], "tainted") ||
                                  word_is(&words[j], "Tainted:")))
                                read_version(log, j, end, report);
                } else if (is_zone_line(log, j, end))
                        j = read_zone_line(log, j, end, report) - 1;
                else if (is_buddy_line(log, j, end))
                        j = read_buddy_line(log, j, end, report) - 1;
                else if (word_is(&words[j], "HighMem/MovableOnly") && j >= 2)
                        report->highmem_pages = atoll(words[j - 2].text);
        }
        if (report->order < 0)
                report_problem(report, "line %u: no order: after the failure",
                               report->line);
        else if (!report->has_mem_info)
                report_problem(report,
                               "no Mem-Info follows the report of line %u",
                               report->line);
        else if (report->nr_zones == 0)
                report_problem(report,
                               "the Mem-Info after line %u has no zone line",
                               report->line);
}
/* What a mask asks for, whatever bits spell it in a given kernel. */
enum {
        F_DMA = 1u << 0, F_HIGHMEM = 1u << 1, F_DMA32 = 1u << 2,
        F_MOVABLE = 1u << 3, F_RECLAIMABLE = 1u << 4, F_HIGH = 1u << 5,
        F_ATOMIC = 1u << 6, F_WAIT = 1u << 7, F_DIRECT_RECLAIM = 1u << 8,
        F_KSWAPD_RECLAIM = 1u << 9, F_NO_KSWAPD = 1u << 10,
        F_MEMALLOC = 1u << 11, F_NOMEMALLOC = 1u << 12, F_NOWARN = 1u << 13,
        F_IO = 1u << 14, F_FS = 1u << 15, F_HARDWALL = 1u << 16,
        F_COMP = 1u << 17, F_ACCOUNT = 1u << 18,
};
struct flag_name {
        const char *name;
        unsigned flags;
};
/* The __GFP_ names that change what the allocator does with a request;
 * the others (__GFP_ZERO, __GFP_NOTRACK, ...) are only printed. */
static const struct flag_name gfp_meanings[] = {
        { "__GFP_DMA", F_DMA }, { "__GFP_HIGHMEM", F_HIGHMEM },
        { "__GFP_DMA32", F_DMA32 }, { "__GFP_MOVABLE", F_MOVABLE },
        { "__GFP_RECLAIMABLE", F_RECLAIMABLE }, { "__GFP_HIGH", F_HIGH },
        { "__GFP_ATOMIC", F_ATOMIC }, { "__GFP_WAIT", F_WAIT },
        { "__GFP_DIRECT_RECLAIM", F_DIRECT_RECLAIM },
        { "__GFP_KSWAPD_RECLAIM", F_KSWAPD_RECLAIM },
        { "__GFP_NO_KSWAPD", F_NO_KSWAPD }, { "__GFP_MEMALLOC", F_MEMALLOC },
        { "__GFP_NOMEMALLOC", F_NOMEMALLOC }, { "__GFP_NOWARN", F_NOWARN },
        { "__GFP_IO", F_IO }, { "__GFP_FS", F_FS },
        { "__GFP_HARDWALL", F_HARDWALL }, { "__GFP_COMP", F_COMP },
        { "__GFP_ACCOUNT", F_ACCOUNT },
        { "__GFP_RECLAIM", F_DIRECT_RECLAIM | F_KSWAPD_RECLAIM },
};
/* The combined names a report prints (4.6 and later), as the kernels that
 * print them define them; GFP_ATOMIC lost __GFP_ATOMIC in 6.3. */
#define RECLAIM (F_DIRECT_RECLAIM | F_KSWAPD_RECLAIM)
#define USER (RECLAIM | F_IO | F_FS | F_HARDWALL)
static const struct flag_name gfp_combinations[] = {
        { "GFP_ATOMIC", F_HIGH | F_ATOMIC | F_KSWAPD_RECLAIM },
        { "GFP_KERNEL", RECLAIM | F_IO | F_FS },
        { "GFP_KERNEL_ACCOUNT", RECLAIM | F_IO | F_FS | F_ACCOUNT },
        { "GFP_TEMPORARY", RECLAIM | F_IO | F_FS | F_RECLAIMABLE },
        { "GFP_NOWAIT", F_KSWAPD_RECLAIM }, { "GFP_NOIO", RECLAIM },
        { "GFP_NOFS", RECLAIM | F_IO }, { "GFP_USER", USER },
        { "GFP_DMA", F_DMA }, { "GFP_DMA32", F_DMA32 },
        { "GFP_HIGHUSER", USER | F_HIGHMEM },
        { "GFP_HIGHUSER_MOVABLE", USER | F_HIGHMEM | F_MOVABLE },
        { "GFP_TRANSHUGE_LIGHT", F_IO | F_FS | F_HARDWALL | F_HIGHMEM |
                F_MOVABLE | F_COMP | F_NOMEMALLOC | F_NOWARN },
        { "GFP_TRANSHUGE", F_IO | F_FS | F_HARDWALL | F_HIGHMEM |
                F_MOVABLE | F_COMP | F_NOMEMALLOC | F_NOWARN |
                F_DIRECT_RECLAIM },
};
#undef RECLAIM
#undef USER
static unsigned meaning_of(const char *name, size_t len, bool combinations)
{
        const struct flag_name *table =
                combinations ? gfp_combinations : gfp_meanings;
        size_t n = combinations
                           ? sizeof(gfp_combinations) / sizeof(*table)
                           : sizeof(gfp_meanings) / sizeof(*table);

        for (size_t i = 0; i < n; i++)
                if (strlen(table[i].name) == len &&
                    strncmp(table[i].name, name, len) == 0)
                        return table[i].flags;
        return 0;
}
/* One layout of the ___GFP_ bits: the versions that use it, from and
 * up to (not including), as major * 100 + minor. */
struct gfp_layout {
        int from, to;
        const char *range;
        const char *names[28];       /* names[b]: the bit 1 << b */
};
#define ZONE_BITS "__GFP_DMA", "__GFP_HIGHMEM", "__GFP_DMA32", "__GFP_MOVABLE"
static const struct gfp_layout gfp_layouts[] = {
        /* v3.10 include/linux/gfp.h; __GFP_WAIT went in 4.4 */
        { 300, 404, "3.0-4.3",
          { ZONE_BITS, "__GFP_WAIT", "__GFP_HIGH", "__GFP_IO", "__GFP_FS",
            "__GFP_COLD", "__GFP_NOWARN", "__GFP_REPEAT", "__GFP_NOFAIL",
            "__GFP_NORETRY", "__GFP_MEMALLOC", "__GFP_COMP", "__GFP_ZERO",
            "__GFP_NOMEMALLOC", "__GFP_HARDWALL", "__GFP_THISNODE",
            "__GFP_RECLAIMABLE", "__GFP_KMEMCG", "__GFP_NOTRACK",
            "__GFP_NO_KSWAPD", "__GFP_OTHER_NODE", "__GFP_WRITE" } },
        /* v4.9 include/linux/gfp.h */
        { 404, 410, "4.4-4.9",
          { ZONE_BITS, "__GFP_RECLAIMABLE", "__GFP_HIGH", "__GFP_IO",
            "__GFP_FS", "__GFP_COLD", "__GFP_NOWARN", "__GFP_REPEAT",
            "__GFP_NOFAIL", "__GFP_NORETRY", "__GFP_MEMALLOC", "__GFP_COMP",
            "__GFP_ZERO", "__GFP_NOMEMALLOC", "__GFP_HARDWALL",
            "__GFP_THISNODE", "__GFP_ATOMIC", "__GFP_ACCOUNT",
            "__GFP_NOTRACK", "__GFP_DIRECT_RECLAIM", "__GFP_OTHER_NODE",
            "__GFP_WRITE", "__GFP_KSWAPD_RECLAIM" } },
        /* v4.19 include/linux/gfp.h */
        { 419, 420, "4.19",
          { ZONE_BITS, "__GFP_RECLAIMABLE", "__GFP_HIGH", "__GFP_IO",
            "__GFP_FS", "__GFP_WRITE", "__GFP_NOWARN", "__GFP_RETRY_MAYFAIL",
            "__GFP_NOFAIL", "__GFP_NORETRY", "__GFP_MEMALLOC", "__GFP_COMP",
            "__GFP_ZERO", "__GFP_NOMEMALLOC", "__GFP_HARDWALL",
            "__GFP_THISNODE", "__GFP_ATOMIC", "__GFP_ACCOUNT",
            "__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM",
            "__GFP_NOLOCKDEP" } },
        /* v5.10 include/linux/gfp.h; a 5.3 report spells the same bits */
        { 503, 603, "5.3-6.2",
          { ZONE_BITS, "__GFP_RECLAIMABLE", "__GFP_HIGH", "__GFP_IO",
            "__GFP_FS", "__GFP_ZERO", "__GFP_ATOMIC",
            "__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM", "__GFP_WRITE",
            "__GFP_NOWARN", "__GFP_RETRY_MAYFAIL", "__GFP_NOFAIL",
            "__GFP_NORETRY", "__GFP_MEMALLOC", "__GFP_COMP",
            "__GFP_NOMEMALLOC", "__GFP_HARDWALL", "__GFP_THISNODE",
            "__GFP_ACCOUNT", "__GFP_NOLOCKDEP" } },
        /* 6.12's and 6.18's include/linux/gfp_types.h: __GFP_ATOMIC's bit
         * is unused from 6.3 on; the bits above __GFP_ZEROTAGS depend on
         * the configuration (KASAN, lockdep, slab object extensions) */
        { 603, 10000, "6.3-6.18",
          { ZONE_BITS, "__GFP_RECLAIMABLE", "__GFP_HIGH", "__GFP_IO",
            "__GFP_FS", "__GFP_ZERO", NULL, "__GFP_DIRECT_RECLAIM",
            "__GFP_KSWAPD_RECLAIM", "__GFP_WRITE", "__GFP_NOWARN",
            "__GFP_RETRY_MAYFAIL", "__GFP_NOFAIL", "__GFP_NORETRY",
            "__GFP_MEMALLOC", "__GFP_COMP", "__GFP_NOMEMALLOC",
            "__GFP_HARDWALL", "__GFP_THISNODE", "__GFP_ACCOUNT",
            "__GFP_ZEROTAGS" } },
};
#undef ZONE_BITS
static const struct gfp_layout *layout_of(int version)
{
        for (size_t i = 0; i < sizeof(gfp_layouts) / sizeof(gfp_layouts[0]);
             i++)
                if (version >= gfp_layouts[i].from &&
                    version < gfp_layouts[i].to)
                        return &gfp_layouts[i];
        return NULL;
}
struct request {
        unsigned flags;
        char spelled[400];
        char how[160];
        int version;                 /* major * 100 + minor, 0: unknown */
        int rules;                   /* 1: before 4.4, 2: 4.4-6.2, 3: 6.3- */
};
static unsigned meaning_of_names(const char *names, int rules)
{
        unsigned flags = 0;

        for (const char *name = names; *name;) {
                size_t len = strcspn(name, "|");
                bool combined = strncmp(name, "GFP_", 4) == 0;
                unsigned meaning = meaning_of(name, len, combined);
                if (combined && rules == 3)
                        meaning &= ~(unsigned)F_ATOMIC;  /* gone in 6.3 */
                flags |= meaning;
                name += len + (name[len] == '|');
        }
        return flags;
}
static void spell_bits(const struct gfp_layout *layout, unsigned long mode,
                       struct request *request)
{
        char *out = request->spelled;
        size_t room = sizeof(request->spelled);

        *out = '\0';
        for (int bit = 0; bit < 64 && room > 1; bit++) {
                if (!(mode & (1ul << bit)))
                        continue;
                const char *name = bit < 28 ? layout->names[bit] : NULL;
                int n = name ? snprintf(out, room, "%s%s", out ==
                                request->spelled ? "" : "|", name)
                             : snprintf(out, room, "%sbit %#lx (not in %s)",
                                        out == request->spelled ? "" : "|",
                                        1ul << bit, layout->range);
                if (n < 0 || (size_t)n >= room)
                        break;
                out += n;
                room -= (size_t)n;
                if (name)
                        request->flags |= meaning_of(name, strlen(name), false);
        }
        if (!mode)
                snprintf(request->spelled, sizeof(request->spelled), "0");
}
static bool decode_request(struct report *report, int version,
                           struct request *request)
{
        const struct gfp_layout *layout = version ? layout_of(version) : NULL;

        memset(request, 0, sizeof(*request));
        request->version = version;
        request->rules = version < 404 ? 1 : version < 603 ? 2 : 3;
        if (!version) {
                report_problem(report,
                               "no kernel version in the report (no CPU: or "
                               "Pid: line); give --kernel VERSION");
                return false;
        }
        if (layout) {
                spell_bits(layout, report->mode, request);
                snprintf(request->how, sizeof(request->how), "bits of %s",
                         layout->range);
                if (report->names[0] &&
                    meaning_of_names(report->names, request->rules) !=
                            request->flags)
                        snprintf(request->how, sizeof(request->how),
                                 "bits of %s, which the report's names "
                                 "contradict: its names win",
                                 layout->range);
                else
                        return true;
        }
        if (!report->names[0]) {
                report_problem(report,
                               "no bit layout for %d.%d here and no names in "
                               "the report",
                               version / 100, version % 100);
                return false;
        }
        if (!layout)
                snprintf(request->how, sizeof(request->how),
                         "the report's names (no bit layout for %d.%d here)",
                         version / 100, version % 100);
        snprintf(request->spelled, sizeof(request->spelled), "%s",
                 report->names);
        request->flags = meaning_of_names(report->names, request->rules);
        return true;
}
/* The allocation flags the slow path's last attempt had: the rules of
 * gfp_to_alloc_flags() and __zone_watermark_ok() of the report's era. */
struct attempt {
        bool no_watermarks;          /* PF_MEMALLOC or __GFP_MEMALLOC */
        const char *no_watermarks_why;
        bool high, harder;           /* the names of each era, below */
        bool reserves;               /* 6.3-: ALLOC_RESERVES: no H cut */
        bool highatomic;             /* may take blocks of the H lists */
        bool cma;                    /* ALLOC_CMA: movable requests */
        const char *high_name, *harder_name;
        int highest;                 /* the highest zone type allowed */
};
static bool is_kswapd(const char *task)
{
        return strncmp(task, "kswapd", 6) == 0;
}
static void work_out_attempt(const struct report *report,
                             const struct request *request,
                             struct attempt *attempt)
{
        unsigned f = request->flags;
        bool nomemalloc = f & F_NOMEMALLOC;

        memset(attempt, 0, sizeof(*attempt));
        attempt->cma = (f & F_MOVABLE) && !(f & F_RECLAIMABLE);
        if (request->rules == 1) {
                /* 3.x: atomic = !(__GFP_WAIT | __GFP_NO_KSWAPD) */
                attempt->high = f & F_HIGH;
                attempt->harder =
                        !(f & (F_WAIT | F_NO_KSWAPD)) && !nomemalloc;
                attempt->high_name = "ALLOC_HIGH";
                attempt->harder_name = "ALLOC_HARDER";
        } else if (request->rules == 2) {
                attempt->high = f & F_HIGH;
                attempt->harder = (f & F_ATOMIC) && !nomemalloc;
                attempt->highatomic = attempt->harder && report->order > 0;
                attempt->high_name = "ALLOC_HIGH";
                attempt->harder_name = "ALLOC_HARDER";
        } else {
                bool non_block = !(f & F_DIRECT_RECLAIM) && !nomemalloc;
                attempt->high = f & F_HIGH;
                /* ALLOC_NON_BLOCK cuts min only together with the other */
                attempt->harder = attempt->high && non_block;
                attempt->reserves = attempt->high || non_block;
                attempt->highatomic = attempt->harder && report->order > 0;
                /* 6.12: order-0 GFP_ATOMIC may fall back to the reserve */
                if (non_block && request->version >= 612)
                        attempt->highatomic = true;
                attempt->high_name = "ALLOC_MIN_RESERVE";
                attempt->harder_name = "ALLOC_NON_BLOCK";
        }
        if ((f & F_MEMALLOC) && !nomemalloc) {
                attempt->no_watermarks = true;
                attempt->no_watermarks_why = "__GFP_MEMALLOC";
        } else if (is_kswapd(report->task) && !report->in_irq && !nomemalloc) {
                attempt->no_watermarks = true;
                attempt->no_watermarks_why =
                        "kswapd runs with PF_MEMALLOC, outside an interrupt";
        }
}
/* The zone types the kernel was built with, in order, as many as each
 * lowmem_reserve[] line has numbers: the zones the report shows, Normal
 * and Movable (always built), then HighMem when the report counts
 * HighMem pages, then Device.  Returns how many, or 0 when that does not
 * come to the count of the lowmem_reserve[] lines. */
static int zone_types_built(const struct report *report, int *types)
{
        bool built[NR_ZONE_TYPES] = { [ZONE_TYPE_NORMAL] = true,
                                      [ZONE_TYPE_MOVABLE] = true };
        int want = report->zones[0].nr_reserve, count = 0;

        for (int z = 0; z < report->nr_zones; z++)
                built[report->zones[z].type] = true;
        for (int type = 0; type < NR_ZONE_TYPES; type++)
                count += built[type];
        if (count < want && report->highmem_pages > 0 &&
            !built[ZONE_TYPE_HIGHMEM]) {
                built[ZONE_TYPE_HIGHMEM] = true;
                count++;
        }
        if (count < want) {
                built[ZONE_TYPE_DEVICE] = true;
                count++;
        }
        if (count != want)
                return 0;
        count = 0;
        for (int type = 0; type < NR_ZONE_TYPES; type++)
                if (built[type])
                        types[count++] = type;
        return count;
}
/* gfp_zone(): the highest zone type the mask allows, of those built */
static int highest_zone(unsigned flags, const int *types, int nr_types)
{
        int want = ZONE_TYPE_NORMAL;

        if (flags & F_DMA)
                want = ZONE_TYPE_DMA;
        else if (flags & F_DMA32)
                want = ZONE_TYPE_DMA32;
        else if ((flags & F_HIGHMEM) && (flags & F_MOVABLE))
                want = ZONE_TYPE_MOVABLE;
        else if (flags & F_HIGHMEM)
                want = ZONE_TYPE_HIGHMEM;
        if (nr_types == 0)
                return want;
        for (int i = 0; i < nr_types; i++)
                if (types[i] == want)
                        return want;
        return ZONE_TYPE_NORMAL;     /* OPT_ZONE_*: Normal stands in */
}
enum zone_verdict {
        ZONE_NOT_ALLOWED, ZONE_BELOW, ZONE_NO_BLOCK, ZONE_ONLY_HIGHATOMIC,
        ZONE_PASSES, ZONE_UNKNOWN
};
struct zone_check {
        long long free, order_cut, cma, highatomic, usable;
        long long min, high_cut, harder_cut, reserve, threshold;
        bool below, any_block, usable_block, highatomic_block;
        bool short_of_large_blocks;  /* 3.x: the order loop refused */
        enum zone_verdict verdict;
};
#define LETTER(c) (1u << ((c) - 'A'))
/* The migrate types whose free blocks the request may take: its own
 * and those it falls back to (U, M, E; R, the reserve of 3.x), CMA
 * for movable requests, the H lists when the era allows. */
static unsigned usable_letters(const struct attempt *attempt)
{
        unsigned letters = LETTER('U') | LETTER('M') | LETTER('E') |
                           LETTER('R');

        if (attempt->cma)
                letters |= LETTER('C');
        if (attempt->highatomic)
                letters |= LETTER('H');
        return letters;
}
static void find_blocks(const struct report_zone *zone, int order,
                        const struct attempt *attempt,
                        struct zone_check *check)
{
        for (int o = order; o < zone->nr_orders; o++) {
                if (!zone->blocks[o])
                        continue;
                unsigned letters = zone->letters[o];
                check->any_block = true;
                /* a report without letters: every block counts as usable */
                if (!zone->has_letters || (letters & usable_letters(attempt)))
                        check->usable_block = true;
                if (letters & LETTER('H'))
                        check->highatomic_block = true;
        }
}
static void check_zone(const struct report *report,
                       const struct report_zone *zone,
                       const struct request *request,
                       const struct attempt *attempt, long long reserve,
                       struct zone_check *check)
{
        long long page_kb = zone->page_kb;
        int order = report->order;

        memset(check, 0, sizeof(*check));
        check->free = zone->free_kb / page_kb;
        check->min = zone->min_kb / page_kb;
        check->reserve = reserve;
        find_blocks(zone, order, attempt, check);
        check->verdict = !zone->has_blocks      ? ZONE_UNKNOWN
                         : check->usable_block  ? ZONE_PASSES
                         : check->highatomic_block ? ZONE_ONLY_HIGHATOMIC
                                                : ZONE_NO_BLOCK;
        if (attempt->no_watermarks)
                return;
        long long min = check->min;
        if (attempt->high) {
                check->high_cut = min / 2;
                min -= check->high_cut;
        }
        if (attempt->harder) {
                check->harder_cut = min / 4;
                min -= check->harder_cut;
        }
        check->order_cut = (1LL << order) - 1;
        if (!attempt->cma && zone->cma_kb > 0)
                check->cma = zone->cma_kb / page_kb;
        /* the H reserve is cut from free unless the request may dip into
         * reserves: ALLOC_HARDER before 6.3, any of ALLOC_RESERVES after */
        if (zone->highatomic_kb > 0 &&
            ((request->rules == 2 && !attempt->harder) ||
             (request->rules == 3 && !attempt->reserves)))
                check->highatomic = zone->highatomic_kb / page_kb;
        check->usable = check->free - check->order_cut - check->cma -
                        check->highatomic;
        check->threshold = min + reserve;
        check->below = check->usable <= check->threshold;
        if (check->below) {
                check->verdict = ZONE_BELOW;
                return;
        }
        if (request->rules == 1 && order > 0 && zone->has_blocks) {
                /* 3.x: the pages in blocks below the order do not count,
                 * and each order up halves what must remain */
                long long left = check->free - check->order_cut;
                for (int o = 0; o < order; o++) {
                        left -= zone->blocks[o] << o;
                        min >>= 1;
                        if (left <= min && check->verdict == ZONE_PASSES) {
                                check->verdict = ZONE_NO_BLOCK;
                                check->short_of_large_blocks = true;
                        }
                }
        }
}
static const char *const migrate_type_names[] = {
        "Unmovable", "Reclaimable", "Movable"
};
static void print_request(const struct report *report,
                          const struct request *request,
                          const struct attempt *attempt, bool version_given)
{
        unsigned f = request->flags;
        int migrate = (f & F_MOVABLE) ? 2 : (f & F_RECLAIMABLE) ? 1 : 0;

        static const char *const rules[] = { "", "3.0-4.3", "4.4-6.2",
                                             "6.3-6.18" };

        printf("  kernel %.*s (%s): %s, rules of %s\n",
               (int)strcspn(report->version, "-"), report->version,
               version_given ? "given with --kernel" : "its CPU line",
               request->how, rules[request->rules]);
        printf("  mask: %s\n", request->spelled);
        bool may_sleep = request->rules == 1 ? (f & F_WAIT)
                                             : (f & F_DIRECT_RECLAIM);
        printf("  context: %s%s%s%s%s%s\n",
               may_sleep ? "may sleep and reclaim" : "may not sleep or reclaim",
               report->in_irq ? ", in an interrupt" : "",
               attempt->high ? "; " : "",
               attempt->high ? attempt->high_name : "",
               attempt->harder ? ", " : "",
               attempt->harder ? attempt->harder_name : "");
        printf("  takes: %s blocks%s%s, %s and below\n",
               migrate_type_names[migrate],
               attempt->cma ? ", CMA" : "",
               attempt->highatomic ? ", the highatomic reserve" : "",
               zone_type_names[attempt->highest]);
        if (attempt->no_watermarks)
                printf("  no watermark applies: %s\n",
                       attempt->no_watermarks_why);
        if (report->oom_interleaved)
                printf("  an OOM report is interleaved: the Mem-Info may be "
                       "the OOM killer's\n");
}
static void print_zone(const struct report_zone *zone,
                       const struct zone_check *check,
                       const struct attempt *attempt, int order)
{
        printf("  Node %d %s:", zone->node, zone_type_names[zone->type]);
        if (check->verdict == ZONE_NOT_ALLOWED) {
                printf(" not allowed by the mask\n");
                return;
        }
        printf(" free %lld", check->free);
        if (attempt->no_watermarks) {
                printf(", no watermark\n");
        } else {
                if (check->order_cut)
                        printf(" - %lld (order)", check->order_cut);
                if (check->cma)
                        printf(" - %lld CMA", check->cma);
                if (check->highatomic)
                        printf(" - %lld highatomic", check->highatomic);
                printf(" %s %lld = min %lld", check->below ? "<=" : ">",
                       check->threshold, check->min);
                if (check->high_cut)
                        printf(" - %lld", check->high_cut);
                if (check->harder_cut)
                        printf(" - %lld", check->harder_cut);
                printf(" + reserve %lld\n", check->reserve);
        }
        if (check->verdict == ZONE_BELOW) {
                printf("    below the watermark\n");
                return;
        }
        const char *what =
                check->verdict == ZONE_PASSES ? "a block it may take"
                : check->verdict == ZONE_ONLY_HIGHATOMIC
                        ? "only highatomic (H) blocks"
                : check->short_of_large_blocks
                        ? "too few free pages in blocks"
                : check->verdict == ZONE_NO_BLOCK
                        ? (check->any_block ? "no block it may take"
                                            : "no free block at all")
                        : "no line of free blocks for the zone";
        printf("    %s%s, order >= %d\n",
               attempt->no_watermarks ? "" : "above the watermark; ", what,
               order);
}
enum cause { CAUSE_EXHAUSTED, CAUSE_WATERMARK, CAUSE_FRAGMENTATION,
             CAUSE_HIGHATOMIC, CAUSE_RECOVERED, CAUSE_UNKNOWN };
static const char *const cause_names[] = {
        "exhausted", "watermark", "fragmentation", "highatomic", "recovered",
        "unknown"
};
/* The verdict from the zones the request may use, in this order: one
 * zone that passes means the numbers came back; no block anywhere is
 * exhaustion; every zone below its mark is the watermark; the rest had
 * the pages but not a block the request may take. */
static enum cause find_cause(const struct zone_check *checks, int nr_zones)
{
        bool any_allowed = false, all_below = true, any_block = false;
        bool any_unknown = false, any_highatomic = false;

        for (int z = 0; z < nr_zones; z++) {
                const struct zone_check *check = &checks[z];
                if (check->verdict == ZONE_NOT_ALLOWED)
                        continue;
                any_allowed = true;
                if (check->verdict == ZONE_PASSES)
                        return CAUSE_RECOVERED;
                all_below &= check->verdict == ZONE_BELOW;
                any_block |= check->any_block;
                any_unknown |= check->verdict == ZONE_UNKNOWN;
                any_highatomic |= check->verdict == ZONE_ONLY_HIGHATOMIC;
        }
        if (!any_allowed || any_unknown)
                return CAUSE_UNKNOWN;
        if (!any_block)
                return CAUSE_EXHAUSTED;
        if (all_below)
                return CAUSE_WATERMARK;
        return any_highatomic ? CAUSE_HIGHATOMIC : CAUSE_FRAGMENTATION;
}
static void print_advice(enum cause cause, const struct report *report,
                         const struct attempt *attempt,
                         const struct zone_check *checks)
{
        bool cma_heavy = false;

        for (int z = 0; z < report->nr_zones; z++)
                cma_heavy |= checks[z].verdict == ZONE_BELOW &&
                             checks[z].cma * 2 > checks[z].free;
        switch (cause) {
        case CAUSE_EXHAUSTED:
                printf("  what to do: nothing was free to take; find what "
                       "holds the memory\n    (slab, page cache, anon in the "
                       "Mem-Info), add memory or lower the load\n");
                break;
        case CAUSE_WATERMARK:
                if (cma_heavy)
                        printf("  what to do: most free pages are CMA, which "
                               "only movable requests take;\n    shrink the "
                               "CMA area or move this user to movable "
                               "memory\n");
                else if (attempt->harder)
                        printf("  what to do: raise vm.min_free_kbytes (a "
                               "bigger atomic reserve) or\n    "
                               "vm.watermark_scale_factor (kswapd wakes "
                               "earlier); __GFP_NOWARN if it copes\n");
                else
                        printf("  what to do: reclaim did not keep up; find "
                               "what holds the memory,\n    raise "
                               "vm.min_free_kbytes, add memory\n");
                break;
        case CAUSE_FRAGMENTATION:
                printf("  what to do: fewer high-order allocations "
                       "(kvmalloc, order-0 fallbacks);\n    compaction "
                       "(vm.compact_memory, and from 5.9 "
                       "vm.compaction_proactiveness)\n");
                break;
        case CAUSE_HIGHATOMIC:
                printf("  what to do: fewer high-order atomic allocations "
                       "(they fill the reserve);\n    from 6.12 order-0 "
                       "atomic requests may take from it\n");
                break;
        case CAUSE_RECOVERED:
                printf("  what to do: the numbers were printed after the "
                       "failure, or a cpuset,\n    nodemask or "
                       "__GFP_THISNODE narrowed the request; __GFP_NOWARN "
                       "if it copes\n");
                break;
        case CAUSE_UNKNOWN:
                break;
        }
}
static int version_number(const char *text)
{
        int major, minor;

        if (!text || sscanf(text, "%d.%d", &major, &minor) != 2 ||
            major < 2 || major > 99 || minor < 0 || minor > 99)
                return 0;
        return major * 100 + minor;
}
/* Zonelist order: the nodes as the report lists them, the highest zone
 * of each first. */
static int zonelist_order(const struct report *report, int *order)
{
        int count = 0;

        for (int first = 0; first < report->nr_zones; first++) {
                int node = report->zones[first].node;
                bool seen = false;
                for (int z = 0; z < first; z++)
                        seen |= report->zones[z].node == node;
                if (seen)
                        continue;
                for (int type = NR_ZONE_TYPES - 1; type >= 0; type--)
                        for (int z = 0; z < report->nr_zones; z++)
                                if (report->zones[z].node == node &&
                                    report->zones[z].type == type)
                                        order[count++] = z;
        }
        return count;
}
static long long reserve_for(const struct report_zone *zone,
                             const int *types, int nr_types, int highest)
{
        for (int i = 0; i < nr_types; i++)
                if (types[i] == highest)
                        return zone->reserve[i];
        /* the types are not known: only a line of zeros can be read */
        for (int i = 0; i < zone->nr_reserve; i++)
                if (zone->reserve[i])
                        return -1;
        return 0;
}
static enum cause explain_report(struct report *report, int number,
                                 const char *kernel)
{
        struct request request;
        struct attempt attempt;
        struct zone_check checks[EXPLAIN_MAX_ZONES];
        int types[NR_ZONE_TYPES], order[EXPLAIN_MAX_ZONES];
        bool version_given = false;

        printf("report %d, line %u: %s, order %d, mode %#lx%s%s%s\n", number,
               report->line, report->task, report->order, report->mode,
               report->names[0] ? " (" : "", report->names,
               report->names[0] ? ")" : "");
        if (!report->version[0] && kernel) {
                snprintf(report->version, sizeof(report->version), "%s",
                         kernel);
                version_given = true;
        }
        if (report->problem[0] ||
            !decode_request(report, version_number(report->version),
                            &request)) {
                printf("  cause: unknown: %s\n", report->problem);
                return CAUSE_UNKNOWN;
        }
        work_out_attempt(report, &request, &attempt);
        int nr_types = zone_types_built(report, types);
        attempt.highest = highest_zone(request.flags, types, nr_types);
        print_request(report, &request, &attempt, version_given);
        int nr = zonelist_order(report, order);
        for (int i = 0; i < nr; i++) {
                const struct report_zone *zone = &report->zones[order[i]];
                struct zone_check *check = &checks[i];
                long long reserve =
                        reserve_for(zone, types, nr_types, attempt.highest);
                if (zone->type > attempt.highest) {
                        memset(check, 0, sizeof(*check));
                        check->verdict = ZONE_NOT_ALLOWED;
                } else if (reserve < 0) {
                        report_problem(report,
                                       "line %u: lowmem_reserve[] has %d "
                                       "numbers, more zone types than the "
                                       "report shows",
                                       zone->line, zone->nr_reserve);
                        printf("  cause: unknown: %s\n", report->problem);
                        return CAUSE_UNKNOWN;
                } else
                        check_zone(report, zone, &request, &attempt, reserve,
                                   check);
                print_zone(zone, check, &attempt, report->order);
        }
        enum cause cause = find_cause(checks, nr);
        printf("  cause: %s", cause_names[cause]);
        if (cause == CAUSE_UNKNOWN)
                printf(": %s", nr ? "a zone it may use has no line of free "
                                    "blocks"
                                  : "no zone it may use is in the report");
        printf("\n");
        print_advice(cause, report, &attempt, checks);
        return cause;
}
/* The whole log in memory, NUL-terminated; a control character that no
 * text log holds is taken for binary data. */
static char *read_log(FILE *in, const char *name, size_t *len, int *status)
{
        char *text = malloc(EXPLAIN_MAX_BYTES + 1);

        *status = 0;
        if (!text) {
                *status = usage_error("explain %s: out of memory", name);
                return NULL;
        }
        *len = fread(text, 1, EXPLAIN_MAX_BYTES + 1, in);
        if (ferror(in))
                *status = usage_error("explain %s: cannot read: %s", name,
                                      strerror(errno));
        else if (*len > EXPLAIN_MAX_BYTES)
                *status = usage_error("explain %s: larger than 16 MiB", name);
        for (size_t at = 0; !*status && at < *len; at++) {
                unsigned char c = (unsigned char)text[at];
                if (c < 0x20 && !strchr("\t\n\v\f\r\033", c))
                        *status = usage_error("explain %s: binary data at "
                                              "byte %zu, not a kernel log",
                                              name, at);
        }
        if (*status) {
                free(text);
                return NULL;
        }
        text[*len] = '\0';
        return text;
}
static int parse_explain_arguments(int argc, char **argv,
                                   const char **file, const char **kernel)
{
        *file = *kernel = NULL;
        for (int i = 0; i < argc; i++) {
                if (strcmp(argv[i], "--kernel") == 0) {
                        if (i + 1 == argc)
                                return usage_error(
                                        "option --kernel needs a value");
                        *kernel = argv[++i];
                        if (!version_number(*kernel))
                                return usage_error(
                                        "explain --kernel %s: not a version "
                                        "such as 3.10 or 6.6.43",
                                        *kernel);
                } else if (argv[i][0] == '-' && argv[i][1])
                        return usage_error("explain: unknown option %s",
                                           argv[i]);
                else if (*file)
                        return usage_error("explain: one FILE at most (none: "
                                           "standard input)");
                else
                        *file = argv[i];
        }
        return 0;
}
static bool has_mem_info(const struct log_words *log, size_t from,
                         size_t to)
{
        for (size_t j = from; j < to; j++)
                if (strcasecmp(log->words[j].text, "Mem-Info:") == 0)
                        return true;
        return false;
}
static int explain_log(const struct log_words *log, const char *name,
                       const char *kernel)
{
        struct report report, twin;
        int number = 0, bad = 0;
        unsigned bad_line = 0;
        char bad_problem[sizeof(report.problem)] = "";

        for (size_t i = 0; i < log->nr_words; i++) {
                if (!is_failure(log, i))
                        continue;
                size_t next = i + 3;
                while (next < log->nr_words && !is_failure(log, next))
                        next++;
                read_failure(log, i, &report);
                if (next < log->nr_words && !has_mem_info(log, i, next)) {
                        /* printed twice before its dump (two consoles, or
                         * a printk race): the second copy is the report */
                        read_failure(log, next, &twin);
                        if (strcmp(twin.task, report.task) == 0 &&
                            twin.order == report.order &&
                            twin.mode == report.mode)
                                continue;
                }
                read_report(log, i, next, &report);
                if (number++)
                        printf("\n");
                bool readable = !report.problem[0];
                explain_report(&report, number, kernel);
                if (!readable && !bad) {
                        bad = number;
                        bad_line = report.line;
                        snprintf(bad_problem, sizeof(bad_problem), "%s",
                                 report.problem);
                }
                i = next - 1;
        }
        if (number == 0)
                return usage_error("explain %s: no page allocation failure "
                                   "report in it",
                                   name);
        if (bad)
                return usage_error("explain %s: report %d (line %u) cannot be "
                                   "read: %s",
                                   name, bad, bad_line, bad_problem);
        return 0;
}
int cmd_explain(struct tool *tool, int argc, char **argv)
{
        const char *file, *kernel, *name;
        struct log_words log = { 0 };
        size_t len;
        int status = parse_explain_arguments(argc, argv, &file, &kernel);

        (void)tool;
        if (status)
                return status;
        name = file && strcmp(file, "-") != 0 ? file : "(standard input)";
        FILE *in = name == file ? fopen(file, "r") : stdin;
        if (!in)
                return usage_error("explain %s: cannot read: %s", file,
                                   strerror(errno));
        char *text = read_log(in, name, &len, &status);
        if (in != stdin)
                fclose(in);
        if (!text)
                return status;
        if (split_words(&log, text, len) != 0) {
                free(text);
                return usage_error("explain %s: out of memory", name);
        }
        status = explain_log(&log, name, kernel);
        free(log.words);
        free(text);
        return status;
}
