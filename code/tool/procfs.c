/* procfs.c: the model's /proc files, and reading a real /proc/zoneinfo.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "procfs.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const node_stat_names[] = {
        "nr_inactive_anon", "nr_active_anon", "nr_inactive_file",
        "nr_active_file", "nr_unevictable", "nr_slab_reclaimable",
        "nr_slab_unreclaimable", "nr_isolated_anon", "nr_isolated_file",
        "workingset_nodes", "workingset_refault_anon",
        "workingset_refault_file", "workingset_activate_anon",
        "workingset_activate_file", "workingset_restore_anon",
        "workingset_restore_file", "workingset_nodereclaim", "nr_anon_pages",
        "nr_mapped", "nr_file_pages", "nr_dirty", "nr_writeback", "nr_shmem",
        "nr_shmem_hugepages", "nr_shmem_pmdmapped", "nr_file_hugepages",
        "nr_file_pmdmapped", "nr_anon_transparent_hugepages",
        "nr_vmscan_write", "nr_vmscan_immediate_reclaim", "nr_dirtied",
        "nr_written", "nr_throttled_written", "nr_kernel_misc_reclaimable",
        "nr_foll_pin_acquired", "nr_foll_pin_released", "nr_kernel_stack",
        "nr_page_table_pages", "nr_sec_page_table_pages", "nr_iommu_pages",
        "nr_swapcached", "pgpromote_success", "pgpromote_candidate",
        "pgpromote_candidate_nrl", "pgdemote_kswapd", "pgdemote_direct",
        "pgdemote_khugepaged", "pgdemote_proactive", "nr_hugetlb",
        "nr_balloon_pages", "nr_kernel_file_pages"
};

/* enum zone_stat_item, then enum numa_stat_item */
static const char *const zone_stat_names[] = {
        "nr_free_pages", "nr_free_pages_blocks", "nr_zone_inactive_anon",
        "nr_zone_active_anon", "nr_zone_inactive_file", "nr_zone_active_file",
        "nr_zone_unevictable", "nr_zone_write_pending", "nr_mlock",
        "nr_zspages", "nr_free_cma", "numa_hit", "numa_miss", "numa_foreign",
        "numa_interleave", "numa_local", "numa_other"
};

#define NAMES(array) ((int)(sizeof(array) / sizeof((array)[0])))
static const char *const node_stat_names_6_12[] = {
        "nr_inactive_anon", "nr_active_anon", "nr_inactive_file",
        "nr_active_file", "nr_unevictable", "nr_slab_reclaimable",
        "nr_slab_unreclaimable", "nr_isolated_anon", "nr_isolated_file",
        "workingset_nodes", "workingset_refault_anon",
        "workingset_refault_file", "workingset_activate_anon",
        "workingset_activate_file", "workingset_restore_anon",
        "workingset_restore_file", "workingset_nodereclaim", "nr_anon_pages",
        "nr_mapped", "nr_file_pages", "nr_dirty", "nr_writeback",
        "nr_writeback_temp", "nr_shmem", "nr_shmem_hugepages",
        "nr_shmem_pmdmapped", "nr_file_hugepages", "nr_file_pmdmapped",
        "nr_anon_transparent_hugepages", "nr_vmscan_write",
        "nr_vmscan_immediate_reclaim", "nr_dirtied", "nr_written",
        "nr_throttled_written", "nr_kernel_misc_reclaimable",
        "nr_foll_pin_acquired", "nr_foll_pin_released", "nr_kernel_stack",
        "nr_page_table_pages", "nr_sec_page_table_pages", "nr_iommu_pages",
        "nr_swapcached", "pgpromote_success", "pgpromote_candidate",
        "pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged"
};

static const char *const zone_stat_names_6_12[] = {
        "nr_free_pages", "nr_zone_inactive_anon", "nr_zone_active_anon",
        "nr_zone_inactive_file", "nr_zone_active_file",
        "nr_zone_unevictable", "nr_zone_write_pending", "nr_mlock",
        "nr_bounce", "nr_zspages", "nr_free_cma", "nr_unaccepted",
        "numa_hit", "numa_miss", "numa_foreign", "numa_interleave",
        "numa_local", "numa_other"
};

struct zoneinfo_counters {
        const char *const *node, *const *zone;
        int nr_node, nr_zone;
};

static struct zoneinfo_counters
zoneinfo_counters_of(const struct kernel_config *config)
{
        if (config->version == KERNEL_6_12)
                return (struct zoneinfo_counters){
                        node_stat_names_6_12, zone_stat_names_6_12,
                        NAMES(node_stat_names_6_12), NAMES(zone_stat_names_6_12)
                };
        return (struct zoneinfo_counters){ node_stat_names, zone_stat_names,
                                           NAMES(node_stat_names),
                                           NAMES(zone_stat_names) };
}
static bool is_zone_first_populated(const struct zone *zone)
{
        const pg_data_t *pgdat = zone->zone_pgdat;

        for (int z = 0; z < MAX_NR_ZONES; z++)
                if (populated_zone(&pgdat->node_zones[z]))
                        return zone == &pgdat->node_zones[z];
        return false;
}
static bool zone_stat_modelled(const char *name)
{
        return strcmp(name, "nr_free_pages") == 0 ||
               strcmp(name, "nr_free_pages_blocks") == 0;
}

static unsigned long zone_stat(const struct zone *zone, const char *name)
{
        unsigned long pages = 0;

        if (strcmp(name, "nr_free_pages") == 0)
                return zone->nr_free_pages;
        if (!zone_stat_modelled(name))
                return 0;       /* pages the model does not have */
        /* chapter 4's free lists are counted here */
        for (int order = pageblock_order; order < NR_PAGE_ORDERS; order++)
                pages += zone->free_area[order].nr_free << order;
        return pages;
}
static void zoneinfo_show_zone(FILE *out, const struct machine *machine,
                               const struct zone *zone, bool every_line)
{
        const struct topology *topo = &machine->topo;
        const struct zoneinfo_counters counters =
                zoneinfo_counters_of(&machine->config.kernel);

        fprintf(out, "Node %d, zone %8s", zone->zone_pgdat->node_id,
                zone->name);
        if (every_line && is_zone_first_populated(zone)) {
                fprintf(out, "\n  per-node stats");
                for (int i = 0; i < counters.nr_node; i++)
                        fprintf(out, "\n      %-12s %lu", counters.node[i],
                                0UL);
        }
        fprintf(out, "\n  pages free     %lu", zone->nr_free_pages);
        fprintf(out, "\n        boost    %lu", zone->watermark_boost);
        fprintf(out, "\n        min      %lu", wmark_pages(zone, WMARK_MIN));
        fprintf(out, "\n        low      %lu", wmark_pages(zone, WMARK_LOW));
        fprintf(out, "\n        high     %lu", wmark_pages(zone, WMARK_HIGH));
        fprintf(out, "\n        promo    %lu", wmark_pages(zone, WMARK_PROMO));
        fprintf(out, "\n        spanned  %lu", zone->spanned_pages);
        fprintf(out, "\n        present  %lu", zone->present_pages);
        fprintf(out, "\n        managed  %lu", zone->managed_pages);
        fprintf(out, "\n        cma      %lu", 0UL);
        fprintf(out, "\n        protection: (%ld", zone->lowmem_reserve[0]);
        for (int i = 1; i < topo->nr_zone_types; i++)
                fprintf(out, ", %ld", zone->lowmem_reserve[i]);
        fprintf(out, ")");
        if (!populated_zone(zone)) {
                fprintf(out, "\n");
                return;
        }
        for (int i = 0; i < counters.nr_zone; i++)
                if ((every_line || zone_stat_modelled(counters.zone[i])) &&
                    (strcmp(counters.zone[i], "nr_unaccepted") != 0 ||
                     machine->config.zone_layout == ZONE_LAYOUT_X86_64))
                        fprintf(out, "\n      %-12s %lu", counters.zone[i],
                                zone_stat(zone, counters.zone[i]));
        fprintf(out, "\n  pagesets");
        for (int cpu = 0; cpu < topo->nr_cpus; cpu++) {
                fprintf(out, "\n    cpu: %i", cpu);
                const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
                if (machine->config.kernel.version == KERNEL_6_12) {
                        fprintf(out, "\n              count: %i", pcp->count);
                        fprintf(out, "\n              high:  %i", pcp->high);
                        fprintf(out, "\n              batch: %i", zone->pageset_batch);
                } else {
                        fprintf(out, "\n              count:    %i", pcp->count);
                        fprintf(out, "\n              high:     %i", pcp->high);
                        fprintf(out, "\n              batch:    %i", zone->pageset_batch);
                        fprintf(out, "\n              high_min: %i", zone->pageset_high_min);
                        fprintf(out, "\n              high_max: %i", zone->pageset_high_max);
                }
                fprintf(out, "\n  vm stats threshold: %d",
                        calculate_normal_threshold(zone, topo->nr_cpus));
        }
        fprintf(out, "\n  node_unreclaimable:  %u", 0u);
        fprintf(out, "\n  start_pfn:           %lu", zone->zone_start_pfn);
        fprintf(out, "\n");
}
static void zoneinfo_show_lines(FILE *out, const struct machine *machine,
                                bool every_line)
{
        const struct topology *topo = &machine->topo;

        for (int nid = 0; nid < topo->nr_nodes; nid++)
                for (int z = 0; z < topo->nr_zone_types; z++)
                        zoneinfo_show_zone(out, machine,
                                           &topo->node_data[nid].node_zones[z],
                                           every_line);
}

void zoneinfo_show(FILE *out, const struct machine *machine)
{
        zoneinfo_show_lines(out, machine, true);
}

void zoneinfo_show_modelled(FILE *out, const struct machine *machine)
{
        zoneinfo_show_lines(out, machine, false);
}
static int fls_long(unsigned long x)
{
        int bits = 0;

        for (; x; x >>= 1)
                bits++;
        return bits;
}

int calculate_normal_threshold(const struct zone *zone, int nr_online_cpus)
{
        /* managed pages in 128 MiB units: 2^27 bytes */
        unsigned long mem = zone->managed_pages >> (27 - PAGE_SHIFT);
        int threshold = 2 * fls_long((unsigned long)nr_online_cpus) *
                        (1 + fls_long(mem));

        return threshold < 125 ? threshold : 125;
}
const char *const zoneinfo_field_names[NR_ZONEINFO_FIELDS] = {
        "boost", "min", "low", "high", "promo", "spanned", "present", "managed",
        "batch:", "high_min:", "high_max:", "start_pfn:",
        "vm stats threshold:", "high:"
};
static int zoneinfo_error(char *error, size_t size, const char *file_name,
                          int line, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));

static int zoneinfo_error(char *error, size_t size, const char *file_name,
                          int line, const char *fmt, ...)
{
        va_list args;
        int n = snprintf(error, size, "%s:%d: ", file_name, line);

        va_start(args, fmt);
        if (n >= 0 && (size_t)n < size)
                vsnprintf(error + n, size - (size_t)n, fmt, args);
        va_end(args);
        return -EINVAL;
}
int zoneinfo_read(FILE *in, const char *file_name, struct zoneinfo_file *file,
                  char *error, size_t error_size)
{
        char text[512];
        int line = 0;
        struct zoneinfo_zone *zone = NULL, *first = NULL;
        int zone_index = 0;

        memset(file, 0, sizeof(*file));
        while (fgets(text, sizeof(text), in)) {
                line++;
                enum { ZONEINFO_MAX_LINES = 200000 };
                size_t len = strlen(text);
                if (len == 0 || (text[len - 1] != '\n' && !feof(in)))
                        return zoneinfo_error(
                                error, error_size, file_name, line,
                                len + 1 < sizeof(text)
                                        ? "a NUL byte: not a text file"
                                        : "a line longer than any of /proc/zoneinfo");
                if (line > ZONEINFO_MAX_LINES)
                        return zoneinfo_error(error, error_size, file_name, line,
                                              "more lines than any /proc/zoneinfo has (%d)",
                                              ZONEINFO_MAX_LINES);
                int nid;
                char name[32];
                if (sscanf(text, "Node %d, zone %31s", &nid, name) == 2) {
                        if (nid < 0 || nid >= MAX_NUMNODES || nid > file->nr_nodes)
                                return zoneinfo_error(error, error_size, file_name, line,
                                                      "node %d out of order or above %d", nid,
                                                      MAX_NUMNODES - 1);
                        zone_index = nid == file->nr_nodes - 1 ? zone_index + 1 : 0;
                        file->nr_nodes = nid + 1;
                        if (zone_index >= MAX_NR_ZONES ||
                            strcmp(name, zone_names[zone_index]) != 0)
                                return zoneinfo_error(error, error_size, file_name, line,
                                                      "zone %s where x86_64 and arm64 have %s",
                                                      name,
                                                      zone_index < MAX_NR_ZONES
                                                              ? zone_names[zone_index]
                                                              : "no more zones");
                        zone = &file->zones[nid][zone_index];
                        zone->seen = true;
                        zone->line = line;
                        for (int f = 0; f < NR_ZONEINFO_FIELDS; f++)
                                zone->field[f] = -1;
                        if (!first)
                                first = zone;
                        continue;
                }
                if (!zone)
                        continue;
                char *protection = strstr(text, "protection: (");
                if (protection) {
                        char *p = protection + strlen("protection: (");
                        zone->nr_protection = 0;
                        while (zone->nr_protection < MAX_NR_ZONES) {
                                char *end;
                                errno = 0;
                                long value = strtol(p, &end, 10);
                                if (end == p || errno)
                                        return zoneinfo_error(
                                                error, error_size, file_name, line,
                                                "protection: not a list of numbers");
                                zone->protection[zone->nr_protection++] = value;
                                p = end;
                                if (*p != ',')
                                        break;
                                p++;
                        }
                        if (*p != ')')
                                return zoneinfo_error(
                                        error, error_size, file_name, line,
                                        "protection: more than %d entries, or no ')'",
                                        MAX_NR_ZONES);
                        continue;
                }
                char key[64], value[64];
                if (sscanf(text, " vm stats threshold: %63s", value) == 1)
                        snprintf(key, sizeof(key), "%s", zoneinfo_field_names[ZI_THRESHOLD]);
                else if (sscanf(text, " %63s %63s", key, value) != 2)
                        continue;
                if (strcmp(key, "cpu:") == 0)
                        zone->nr_cpus++;
                for (int f = 0; f < NR_ZONEINFO_FIELDS; f++) {
                        if (strcmp(key, zoneinfo_field_names[f]) != 0)
                                continue;
                        char *end;
                        errno = 0;
                        long number = strtol(value, &end, 10);
                        if (*end != '\0' || errno || number < 0)
                                return zoneinfo_error(error, error_size, file_name, line,
                                                      "%s '%s' is not a number", key, value);
                        if (zone->field[f] < 0)
                                zone->field[f] = number;
                        /* a CPU at rest shows high_min: keep the least non-zero high */
                        if (f == ZI_PCP_HIGH && number > 0 &&
                            (zone->field[f] == 0 || number < zone->field[f]))
                                zone->field[f] = number;
                }
        }
        if (!first)
                return zoneinfo_error(
                        error, error_size, file_name, line,
                        "no 'Node N, zone NAME' line: not a /proc/zoneinfo file");
        file->nr_zone_types = first->nr_protection;
        file->nr_cpus = 0;
        for (int nid = 0; nid < file->nr_nodes; nid++)
                for (int z = 0; z < MAX_NR_ZONES; z++) {
                        struct zoneinfo_zone *zi = &file->zones[nid][z];
                        if (!zi->seen)
                                continue;
                        if (zi->field[ZI_MANAGED] < 0 || zi->field[ZI_PRESENT] < 0 ||
                            zi->field[ZI_SPANNED] < 0 || zi->nr_protection == 0)
                                return zoneinfo_error(error, error_size, file_name,
                                                      line,
                                                      "file ends before zone %s of "
                                                      "node %d (line %d) has its "
                                                      "spanned, present, managed and "
                                                      "protection lines",
                                                      zone_names[z], nid, zi->line);
                        if (zi->nr_protection != file->nr_zone_types)
                                return zoneinfo_error(
                                        error, error_size, file_name, zi->line,
                                        "zone %s has %d protection entries, not %d",
                                        zone_names[z], zi->nr_protection,
                                        file->nr_zone_types);
                        if (file->nr_cpus == 0)
                                file->nr_cpus = zi->nr_cpus;
                        for (int kib = 16; kib <= 64 && zi->field[ZI_BATCH] > 0; kib *= 4) {
                                unsigned long managed = (unsigned long)zi->field[ZI_MANAGED];
                                /* capping managed pages at 1 MiB's worth of batch caps the batch */
                                unsigned long cap = (1024UL / (unsigned long)kib) << 10;
                                struct zone small = { .managed_pages = managed };
                                struct zone large = { .managed_pages = managed < cap ? managed : cap };
                                int batch_small = zone_batchsize(&small);
                                if (zi->field[ZI_BATCH] != batch_small &&
                                    zi->field[ZI_BATCH] == zone_batchsize(&large))
                                        return zoneinfo_error(
                                                error, error_size, file_name, zi->line,
                                                "zone %s: batch %ld for %ld managed pages: that is "
                                                "%d KiB pages (4 KiB give %d), and the model has "
                                                "only 4 KiB pages",
                                                zone_names[z], zi->field[ZI_BATCH], (long)managed, kib,
                                                batch_small);
                        }
                }
        if (file->nr_cpus == 0 || file->nr_cpus > MAX_CPUS)
                return zoneinfo_error(error, error_size, file_name, line,
                                      "no pagesets, or more than %d CPUs", MAX_CPUS);
        return 0;
}
void machine_config_from_zoneinfo(const struct zoneinfo_file *file,
                                  struct machine_config *config)
{
        config->nr_nodes = file->nr_nodes;
        config->nr_cpus = file->nr_cpus;
        config->nr_zone_types = file->nr_zone_types;
        config->zones_given = true;
        config->nr_ranges = 0;
        for (int nid = 0; nid < file->nr_nodes; nid++)
                for (int z = 0; z < file->nr_zone_types; z++) {
                        const struct zoneinfo_zone *zi = &file->zones[nid][z];
                        struct zone_geometry *g = &config->zones[nid][z];
                        *g = (struct zone_geometry){
                                0, (unsigned long)zi->field[ZI_SPANNED],
                                (unsigned long)zi->field[ZI_PRESENT],
                                (unsigned long)zi->field[ZI_MANAGED], true
                        };
                        static const unsigned long natural_start[MAX_NR_ZONES] = { 1, 0x1000, 0x100000,
                                                                                   0x100000, 0 };
                        unsigned long start = natural_start[z];
                        for (int r = 0; r < config->nr_ranges; r++)
                                if (config->ranges[r].end_pfn > start)
                                        start = config->ranges[r].end_pfn;
                        if (zi->field[ZI_START_PFN] >= 0)
                                start = (unsigned long)zi->field[ZI_START_PFN];
                        g->start_pfn = g->present ? start : 0;
                        if (g->managed > 0 && config->nr_ranges < MAX_MEMORY_RANGES)
                                config->ranges[config->nr_ranges++] =
                                        (struct memory_range){ start, start + g->managed, nid };
                }
        config->zone_layout = ZONE_LAYOUT_X86_64;
        for (int nid = 0; nid < file->nr_nodes; nid++) {
                const struct zone_geometry *dma = &config->zones[nid][ZONE_DMA];
                if (dma->spanned && dma->start_pfn + dma->spanned > 0x1000)
                        config->zone_layout = ZONE_LAYOUT_ARM64;
        }
}
static void compare_field(FILE *out, const char *name, long predicted,
                          long in_file, int *match, int *differ)
{
        bool same = predicted == in_file;

        fprintf(out, "  %-14s %10ld %10ld%s\n", name, predicted, in_file,
                same ? "" : "   <- differs");
        *(same ? match : differ) += 1;
}
int zoneinfo_compare(FILE *out, const struct machine *machine,
                     const struct zoneinfo_file *file)
{
        const struct topology *topo = &machine->topo;
        int match = 0, differ = 0;

        fprintf(out, "%-16s %10s %10s\n", "", "model", "file");
        for (int nid = 0; nid < file->nr_nodes; nid++)
                for (int z = 0; z < file->nr_zone_types; z++) {
                        const struct zoneinfo_zone *zi = &file->zones[nid][z];
                        const struct zone *zone =
                                &topo->node_data[nid].node_zones[z];
                        fprintf(out, "Node %d, zone %8s\n", nid, zone->name);
                        long boost = zi->field[ZI_BOOST] > 0 ? zi->field[ZI_BOOST] : 0;
                        for (int mark = WMARK_MIN; mark <= WMARK_PROMO; mark++)
                                if (zi->field[ZI_MIN + mark] >= 0)
                                        compare_field(out, zoneinfo_field_names[ZI_MIN + mark],
                                                      (long)zone->_watermark[mark],
                                                      zi->field[ZI_MIN + mark] - boost, &match,
                                                      &differ);
                        for (int j = 0; j < zi->nr_protection; j++) {
                                char name[32];
                                snprintf(name, sizeof(name), "protection[%d]", j);
                                compare_field(out, name, zone->lowmem_reserve[j], zi->protection[j],
                                              &match, &differ);
                        }
                        static const int pageset_fields[] = { ZI_BATCH, ZI_HIGH_MIN, ZI_HIGH_MAX,
                                                              ZI_THRESHOLD };
                        /* the threshold's name shortened to fit the column */
                        static const char *const pageset_names[] = { "batch:", "high_min:",
                                                                     "high_max:", "threshold:" };
                        const int pageset_values[] = {
                                zone->pageset_batch, zone->pageset_high_min, zone->pageset_high_max,
                                calculate_normal_threshold(zone, topo->nr_cpus)
                        };
                        for (int f = 0; f < 4 && populated_zone(zone); f++)
                                if (zi->field[pageset_fields[f]] >= 0)
                                        compare_field(out, pageset_names[f],
                                                      pageset_values[f], zi->field[pageset_fields[f]],
                                                      &match, &differ);
                        if (populated_zone(zone) && zi->field[ZI_HIGH_MIN] < 0 &&
                            zi->field[ZI_PCP_HIGH] > 0)
                                compare_field(out, zoneinfo_field_names[ZI_PCP_HIGH],
                                              zone->pageset_high_min, zi->field[ZI_PCP_HIGH], &match,
                                              &differ);
                }
        fprintf(out, "%d fields match, %d differ\n", match, differ);
        return differ;
}
void buddyinfo_show(FILE *out, const struct machine *machine)
{
        const struct topology *topo = &machine->topo;

        for (int nid = 0; nid < topo->nr_nodes; nid++)
                for (int z = 0; z < topo->nr_zone_types; z++) {
                        const struct zone *zone =
                                &topo->node_data[nid].node_zones[z];
                        if (!populated_zone(zone))
                                continue;
                        fprintf(out, "Node %d, zone %8s ", nid, zone->name);
                        for (int order = 0; order < NR_PAGE_ORDERS; order++)
                                fprintf(out, "%6lu ",
                                        zone->free_area[order].nr_free);
                        fprintf(out, "\n");
                }
}
/* x86_64's SUBSECTION_SHIFT is 21: 2 MiB */
enum { PAGES_PER_SUBSECTION = 512 };

static bool pfn_online_in_zone(const struct machine *machine,
                               const struct zone *zone, unsigned long pfn)
{
        unsigned long first = pfn & ~(PAGES_PER_SUBSECTION - 1UL);
        bool online = false;

        for (int r = 0; r < machine->config.nr_ranges; r++) {
                const struct memory_range *range = &machine->config.ranges[r];
                if (pfn >= range->start_pfn && pfn < range->end_pfn)
                        return range->nid == zone->zone_pgdat->node_id;
                if (range->start_pfn < first + PAGES_PER_SUBSECTION &&
                    first < range->end_pfn)
                        online = true;
        }
        return online;
}
enum { FREE_COUNT_CAP = 100000 };

static unsigned long free_list_count(const struct zone *zone,
                                     unsigned int order, int type)
{
        const struct list_head *head = &zone->free_area[order].free_list[type];
        unsigned long n = order == MAX_PAGE_ORDER && type == MIGRATE_MOVABLE
                                  ? zone_deferred_blocks(zone) : 0;

        for (const struct list_head *link = head->next;
             link != head && n < FREE_COUNT_CAP; link = link->next)
                n++;
        return n < FREE_COUNT_CAP ? n : FREE_COUNT_CAP;
}

void pagetypeinfo_show(FILE *out, const struct machine *machine)
{
        const struct topology *topo = &machine->topo;
        const struct kernel_config *config = &machine->config.kernel;

        for (int nid = 0; nid < topo->nr_nodes; nid++) {
                const pg_data_t *pgdat = &topo->node_data[nid];
                if (!pgdat->node_present_pages)
                        continue;
                fprintf(out, "Page block order: %d\n", pageblock_order);
                fprintf(out, "Pages per block:  %lu\n\n", pageblock_nr_pages);
                fprintf(out, "%-43s ", "Free pages count per migrate type at order");
                for (int order = 0; order < NR_PAGE_ORDERS; order++)
                        fprintf(out, "%6d ", order);
                fprintf(out, "\n");
                for (int z = 0; z < topo->nr_zone_types; z++) {
                        const struct zone *zone = &pgdat->node_zones[z];
                        if (!populated_zone(zone))
                                continue;
                        for (int type = 0; type < MIGRATE_TYPES; type++) {
                                if (!migratetype_configured(type, config))
                                        continue;
                                fprintf(out, "Node %4d, zone %8s, type %12s ", nid, zone->name,
                                        migratetype_names[type]);
                                for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
                                        unsigned long n = free_list_count(zone, order, type);
                                        fprintf(out, "%s%6lu ",
                                                n >= FREE_COUNT_CAP ? ">" : "", n);
                                }
                                fprintf(out, "\n");
                        }
                }
                fprintf(out, "\n%-23s", "Number of blocks type ");
                for (int type = 0; type < MIGRATE_TYPES; type++)
                        if (migratetype_configured(type, config))
                                fprintf(out, "%12s ", migratetype_names[type]);
                fprintf(out, "\n");
                for (int z = 0; z < topo->nr_zone_types; z++) {
                        const struct zone *zone = &pgdat->node_zones[z];
                        unsigned long count[MIGRATE_TYPES] = { 0 };
                        if (!populated_zone(zone))
                                continue;
                        for (unsigned long pfn = zone->zone_start_pfn;
                             pfn < zone->zone_start_pfn + zone->spanned_pages;
                             pfn += pageblock_nr_pages)
                                if (pfn_online_in_zone(machine, zone, pfn))
                                        count[get_pageblock_migratetype(zone, pfn)]++;
                        fprintf(out, "Node %d, zone %8s ", nid, zone->name);
                        for (int type = 0; type < MIGRATE_TYPES; type++)
                                if (migratetype_configured(type, config))
                                        fprintf(out, "%12lu ", count[type]);
                        fprintf(out, "\n");
                }
        }
}
static bool read_proc_row(const char *text, struct proc_row *row)
{
        int used = 0;

        memset(row, 0, sizeof(*row));
        if (sscanf(text, "Node %d, zone %15[^, \n]%n", &row->nid, row->zone,
                   &used) != 2)
                return false;
        text += used;
        if (sscanf(text, ", type %15s%n", row->type, &used) == 1)
                text += used;
        for (;;) {
                char *end;
                while (*text == ' ' || *text == '>')
                        text++;
                if (*text == '\n' || *text == '\0')
                        return row->nr_counts > 0;
                errno = 0;
                unsigned long value = strtoul(text, &end, 10);
                if (end == text || errno || *text == '-' ||
                    row->nr_counts == PROC_MAX_COLUMNS)
                        return false;
                row->count[row->nr_counts++] = value;
                text = end;
        }
}
static int read_proc_free_file(FILE *in, const char *file_name,
                               struct proc_free_file *file, char *error,
                               size_t error_size)
{
        char text[512];
        int line = 0;
        bool mixed = false;

        memset(file, 0, sizeof(*file));
        file->block_order = -1;
        file->pages_per_block = -1;
        while (fgets(text, sizeof(text), in)) {
                line++;
                size_t len = strlen(text);
                if (len == 0 || (text[len - 1] != '\n' && !feof(in)))
                        return zoneinfo_error(error, error_size, file_name, line,
                                              len + 1 < sizeof(text)
                                                      ? "a NUL byte: not a text file"
                                                      : "a line longer than any /proc file's");
                if (line > 4 * PROC_MAX_ROWS)
                        return zoneinfo_error(error, error_size, file_name, line,
                                              "more lines than any such file has");
                int number;
                if (strspn(text, " \n") == len)
                        continue;
                if (sscanf(text, "Page block order: %d", &number) == 1) {
                        if (file->block_order < 0)
                                file->block_order = number;
                        mixed = false;
                        continue;
                }
                if (sscanf(text, "Pages per block: %d", &number) == 1) {
                        if (file->pages_per_block < 0)
                                file->pages_per_block = number;
                        continue;
                }
                if (strncmp(text, "Free pages count per migrate type at order", 42) == 0) {
                        struct proc_row orders;
                        char row_text[600];
                        snprintf(row_text, sizeof(row_text), "Node 0, zone x%s", text + 42);
                        if (!read_proc_row(row_text, &orders))
                                return zoneinfo_error(error, error_size, file_name, line,
                                                      "no orders after 'at order'");
                        file->nr_orders = orders.nr_counts;
                        continue;
                }
                if (strncmp(text, "Number of mixed blocks", 22) == 0) {
                        mixed = true;
                        continue;
                }
                if (strncmp(text, "Number of blocks type", 21) == 0) {
                        char *p = text + 21;
                        int used;
                        file->nr_types = 0;
                        while (file->nr_types < PROC_MAX_COLUMNS &&
                               sscanf(p, " %15s%n", file->types[file->nr_types], &used) == 1) {
                                file->nr_types++;
                                p += used;
                        }
                        continue;
                }
                struct proc_row row;
                if (!read_proc_row(text, &row))
                        return zoneinfo_error(error, error_size, file_name,
                                              line,
                                              "not a line of /proc/buddyinfo "
                                              "or /proc/pagetypeinfo");
                if (mixed)
                        continue;
                bool free_row = row.type[0] || file->nr_types == 0;
                int *nr = free_row ? &file->nr_free : &file->nr_blocks;
                if (*nr == PROC_MAX_ROWS)
                        return zoneinfo_error(error, error_size, file_name,
                                              line, "more than %d rows",
                                              PROC_MAX_ROWS);
                (free_row ? file->free : file->blocks)[(*nr)++] = row;
        }
        if (file->nr_free == 0 && file->nr_blocks == 0)
                return zoneinfo_error(error, error_size, file_name, line,
                                      "no 'Node N, zone NAME' rows");
        return 0;
}
static void row_name(const struct proc_row *row, char *name, size_t size)
{
        if (!row) {
                snprintf(name, size, "nothing");
                return;
        }
        snprintf(name, size, "Node %d, zone %s%s%s", row->nid, row->zone,
                 row->type[0] ? ", type " : "", row->type);
}

static bool same_row(FILE *out, const struct proc_row *model,
                     const struct proc_row *file, int *match, int *differ)
{
        char predicted[64], in_file[64];

        if (model && file && model->nid == file->nid &&
            strcmp(model->zone, file->zone) == 0 &&
            strcmp(model->type, file->type) == 0) {
                *match += 1;
                return true;
        }
        row_name(model, predicted, sizeof(predicted));
        row_name(file, in_file, sizeof(in_file));
        fprintf(out, "  model: %s; file: %s   <- differs\n",
                predicted, in_file);
        *differ += 1;
        return false;
}
static struct proc_free_file *
predict_proc_free_file(const struct machine *machine,
                       void (*show)(FILE *, const struct machine *))
{
        struct proc_free_file *predicted = calloc(1, sizeof(*predicted));
        char *text = NULL, error[128];
        size_t size = 0;
        FILE *model = open_memstream(&text, &size);

        if (!predicted || !model) {
                perror("labyrinth: the model's file");
                abort();      /* out of memory: nothing to report against */
        }
        show(model, machine);
        fclose(model);
        model = fmemopen(text, size, "r");
        if (!model || read_proc_free_file(model, "model", predicted, error,
                                          sizeof(error)) != 0) {
                fprintf(stderr, "labyrinth: the model's own file: %s\n", error);
                abort();      /* the writer and the reader disagree: a bug */
        }
        fclose(model);
        free(text);
        return predicted;
}
static struct proc_free_file *read_compared_file(FILE *in,
                                                 const char *file_name,
                                                 bool pagetypeinfo,
                                                 char *error, size_t error_size,
                                                 int *status)
{
        struct proc_free_file *file = calloc(1, sizeof(*file));

        if (!file) {
                *status = zoneinfo_error(error, error_size, file_name, 0,
                                         "out of memory");
                return NULL;
        }
        *status = read_proc_free_file(in, file_name, file, error, error_size);
        if (*status == 0 && pagetypeinfo && file->nr_types == 0)
                *status = zoneinfo_error(error, error_size, file_name, 1,
                                         "no 'Number of blocks type' line: "
                                         "not a /proc/pagetypeinfo");
        if (*status == 0 && !pagetypeinfo &&
            (file->nr_types || file->block_order >= 0))
                *status = zoneinfo_error(error, error_size, file_name, 1,
                                         "a /proc/pagetypeinfo, not buddyinfo");
        if (*status != 0) {
                free(file);
                return NULL;
        }
        return file;
}
int buddyinfo_compare(FILE *out, const struct machine *machine, FILE *in,
                      const char *file_name, char *error, size_t error_size)
{
        int match = 0, differ = 0, status;
        struct proc_free_file *file = read_compared_file(
                in, file_name, false, error, error_size, &status);
        if (!file)
                return status;
        struct proc_free_file *model =
                predict_proc_free_file(machine, buddyinfo_show);
        fprintf(out, "%-16s %10s %10s\n", "", "model", "file");
        for (int i = 0; i < model->nr_free || i < file->nr_free; i++) {
                const struct proc_row *m = i < model->nr_free ? &model->free[i]
                                                              : NULL;
                const struct proc_row *f = i < file->nr_free ? &file->free[i]
                                                             : NULL;
                if (!same_row(out, m, f, &match, &differ))
                        continue;
                fprintf(out, "Node %d, zone %8s\n", m->nid, m->zone);
                compare_field(out, "orders", m->nr_counts, f->nr_counts,
                              &match, &differ);
        }
        fprintf(out, "%d fields match, %d differ\n", match, differ);
        fprintf(out, "free blocks: not compared; they are what ran since "
                     "boot\n");
        free(model);
        free(file);
        return differ;
}
int pagetypeinfo_compare(FILE *out, const struct machine *machine, FILE *in,
                         const char *file_name, char *error, size_t error_size)
{
        int match = 0, differ = 0, status;
        struct proc_free_file *file = read_compared_file(
                in, file_name, true, error, error_size, &status);
        if (!file)
                return status;
        struct proc_free_file *model =
                predict_proc_free_file(machine, pagetypeinfo_show);
        fprintf(out, "%-16s %10s %10s\n", "", "model", "file");
        compare_field(out, "block order", model->block_order,
                      file->block_order, &match, &differ);
        compare_field(out, "per block", model->pages_per_block,
                      file->pages_per_block, &match, &differ);
        compare_field(out, "orders", model->nr_orders, file->nr_orders,
                      &match, &differ);
        compare_field(out, "free rows", model->nr_free, file->nr_free, &match,
                      &differ);
        for (int i = 0; i < model->nr_free && i < file->nr_free; i++)
                same_row(out, &model->free[i], &file->free[i], &match, &differ);
        compare_field(out, "types", model->nr_types, file->nr_types, &match,
                      &differ);
        for (int j = 0; j < model->nr_types && j < file->nr_types; j++) {
                bool same = strcmp(model->types[j], file->types[j]) == 0;
                if (!same)
                        fprintf(out, "  type %d: model %s; file %s   <- differs\n",
                                j + 1, model->types[j], file->types[j]);
                *(same ? &match : &differ) += 1;
        }
        for (int i = 0; i < model->nr_blocks || i < file->nr_blocks; i++) {
                const struct proc_row *m =
                        i < model->nr_blocks ? &model->blocks[i] : NULL;
                const struct proc_row *f =
                        i < file->nr_blocks ? &file->blocks[i] : NULL;
                long all_model = 0, all_file = 0;
                if (!same_row(out, m, f, &match, &differ))
                        continue;
                fprintf(out, "Node %d, zone %8s\n", m->nid, m->zone);
                for (int j = 0; j < m->nr_counts && j < model->nr_types; j++)
                        for (int k = 0; k < f->nr_counts && k < file->nr_types; k++)
                                if (strcmp(model->types[j], file->types[k]) == 0)
                                        compare_field(out, model->types[j],
                                                      (long)m->count[j],
                                                      (long)f->count[k], &match,
                                                      &differ);
                for (int j = 0; j < m->nr_counts; j++)
                        all_model += (long)m->count[j];
                for (int k = 0; k < f->nr_counts; k++)
                        all_file += (long)f->count[k];
                compare_field(out, "all types", all_model, all_file, &match, &differ);
        }
        fprintf(out, "%d fields match, %d differ\n", match, differ);
        fprintf(out, "free pages: not compared; they are what ran since "
                     "boot\n");
        free(model);
        free(file);
        return differ;
}
void fill_contig_page_info(const unsigned long nr_free[NR_PAGE_ORDERS],
                           unsigned int suitable_order,
                           struct contig_page_info *info)
{
        *info = (struct contig_page_info){ 0, 0, 0 };
        for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
                info->free_blocks_total += nr_free[order];
                info->free_pages += nr_free[order] << order;
                if (order >= suitable_order)
                        info->free_blocks_suitable +=
                                nr_free[order] << (order - suitable_order);
        }
}
int unusable_free_index(unsigned int order, const struct contig_page_info *info)
{
        if (info->free_pages == 0)
                return 1000;
        return (int)((info->free_pages -
                      (info->free_blocks_suitable << order)) *
                     1000ULL / info->free_pages);
}

int fragmentation_index(unsigned int order, const struct contig_page_info *info)
{
        unsigned long requested = 1UL << order;

        if (info->free_blocks_total == 0)
                return 0;
        if (info->free_blocks_suitable)
                return -1000;
        return 1000 - (int)((1000 + info->free_pages * 1000ULL / requested) /
                            info->free_blocks_total);
}
static void extfrag_line(FILE *out, int nid, const char *name,
                         const unsigned long nr_free[NR_PAGE_ORDERS],
                         bool unusable)
{
        fprintf(out, "Node %d, zone %8s ", nid, name);
        for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
                struct contig_page_info info;
                fill_contig_page_info(nr_free, order, &info);
                int index = unusable ? unusable_free_index(order, &info)
                                     : fragmentation_index(order, &info);
                fprintf(out, unusable ? "%d.%03d " : "%2d.%03d ", index / 1000,
                        abs(index % 1000));
        }
        fprintf(out, "\n");
}

void extfrag_show(FILE *out, const struct machine *machine,
                  const unsigned long *counts)
{
        const struct topology *topo = &machine->topo;

        for (int unusable = 1; unusable >= 0; unusable--) {
                fprintf(out, "%s\n",
                        unusable ? "unusable_index" : "extfrag_index");
                if (counts) {
                        extfrag_line(out, 0, "counts", counts, unusable);
                        continue;
                }
                for (int nid = 0; nid < topo->nr_nodes; nid++)
                        for (int z = 0; z < topo->nr_zone_types; z++) {
                                const struct zone *zone =
                                        &topo->node_data[nid].node_zones[z];
                                unsigned long nr_free[NR_PAGE_ORDERS];
                                if (!populated_zone(zone))
                                        continue;
                                for (int order = 0; order < NR_PAGE_ORDERS;
                                     order++)
                                        nr_free[order] =
                                                zone->free_area[order].nr_free;
                                extfrag_line(out, nid, zone->name, nr_free,
                                             unusable);
                        }
        }
}
