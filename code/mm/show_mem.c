/* show_mem.c: __show_mem(), the picture of memory in a failure report.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "page_alloc.h"

#include <stdio.h>
#include <string.h>

#define K(pages) ((unsigned long)(pages) << (PAGE_SHIFT - 10))

static unsigned long zone_free_pcp(const struct zone *zone)
{
        unsigned long count = 0;

        for (int cpu = 0; cpu < zone->nr_pagesets; cpu++)
                count += (unsigned long)READ_ONCE(
                        zone->per_cpu_pageset[cpu].count);
        return count;
}

#define for_each_shown_zone(machine, zone, max_zone_idx)              \
        for (int nid_ = 0; nid_ < (machine)->topo.nr_nodes; nid_++)   \
                for (int z_ = 0; z_ <= (max_zone_idx) &&              \
                                 z_ < (machine)->topo.nr_zone_types;  \
                     z_++)                                            \
                        if (((zone) = &(machine)                      \
                                               ->topo.node_data[nid_] \
                                               .node_zones[z_]),      \
                            populated_zone(zone))
static void show_mem_summary(struct machine *machine, int max_zone_idx)
{
        unsigned long free = 0, free_pcp = 0;
        const struct zone *zone;

        for_each_shown_zone(machine, zone, MAX_NR_ZONES - 1)
                free += READ_ONCE(zone->nr_free_pages);
        for_each_shown_zone(machine, zone, max_zone_idx)
                free_pcp += zone_free_pcp(zone);
        printk(&machine->log, "active_anon:0 inactive_anon:0 isolated_anon:0\n"
               " active_file:0 inactive_file:0 isolated_file:0\n"
               " unevictable:0 dirty:0 writeback:0\n"
               " slab_reclaimable:0 slab_unreclaimable:0\n"
               " mapped:0 shmem:0 pagetables:0\n"
               " sec_pagetables:0 bounce:0\n"
               " kernel_misc_reclaimable:0\n"
               " free:%lu free_pcp:%lu free_cma:0\n", free, free_pcp);
}
static void show_mem_node(struct machine *machine, int nid, int max_zone_idx)
{
        bool managed = false;

        for (int z = 0; z <= max_zone_idx && z < machine->topo.nr_zone_types;
             z++)
                managed |= machine->topo.node_data[nid]
                                   .node_zones[z]
                                   .managed_pages > 0;
        if (!managed)
                return;
        printk(&machine->log,
               "Node %d active_anon:0kB inactive_anon:0kB active_file:0kB "
               "inactive_file:0kB unevictable:0kB isolated(anon):0kB "
               "isolated(file):0kB mapped:0kB "
               "dirty:0kB writeback:0kB shmem:0kB shmem_thp:0kB "
               "shmem_pmdmapped:0kB anon_thp:0kB "
               "kernel_stack:0kB pagetables:0kB sec_pagetables:0kB "
               "all_unreclaimable? no "
               "Balloon:0kB\n",
               nid);
}
static void show_free_areas(struct machine *machine, int max_zone_idx)
{
        const struct zone *zone;

        show_mem_summary(machine, max_zone_idx);
        for (int nid = 0; nid < machine->topo.nr_nodes; nid++)
                show_mem_node(machine, nid, max_zone_idx);
        for_each_shown_zone(machine, zone, max_zone_idx) {
                printk(&machine->log,
                       "Node %d %s free:%lukB boost:%lukB min:%lukB low:%lukB high:%lukB "
                       "reserved_highatomic:%luKB free_highatomic:%luKB active_anon:0kB "
                       "inactive_anon:0kB "
                       "active_file:0kB inactive_file:0kB unevictable:0kB writepending:0kB "
                       "zspages:0kB "
                       "present:%lukB managed:%lukB mlocked:0kB bounce:0kB free_pcp:%lukB "
                       "local_pcp:%lukB "
                       "free_cma:0kB\n",
                       zone->zone_pgdat->node_id, zone->name, K(READ_ONCE(zone->nr_free_pages)),
                       K(READ_ONCE(zone->watermark_boost)), K(wmark_pages(zone, WMARK_MIN)),
                       K(wmark_pages(zone, WMARK_LOW)), K(wmark_pages(zone, WMARK_HIGH)),
                       K(zone->nr_reserved_highatomic), K(READ_ONCE(zone->nr_free_highatomic)),
                       K(zone->present_pages), K(zone->managed_pages), K(zone_free_pcp(zone)),
                       K(READ_ONCE(zone->per_cpu_pageset[current_cpu_id()].count)));
                char line[512] = "lowmem_reserve[]:";
                for (int i = 0; i < machine->topo.nr_zone_types; i++)
                        snprintf(line + strlen(line), sizeof(line) - strlen(line), " %ld",
                                 zone->lowmem_reserve[i]);
                printk(&machine->log, "%s\n", line);
        }
        for_each_shown_zone(machine, zone, max_zone_idx) {
                static const char letters[MIGRATE_TYPES] = { 'U', 'M', 'E', 'H', 'C', 'I' };
                char blocks[1024];
                unsigned long total = 0;
                snprintf(blocks, sizeof(blocks), "Node %d %s: ", zone->zone_pgdat->node_id,
                         zone->name);
                for (int o = 0; o < NR_PAGE_ORDERS; o++) {
                        unsigned long nr = zone->free_area[o].nr_free;
                        snprintf(blocks + strlen(blocks), sizeof(blocks) - strlen(blocks),
                                 "%lu*%lukB ", nr, K(1UL) << o);
                        if (nr) {
                                char types[MIGRATE_TYPES + 4] = "(";
                                for (int type = 0; type < MIGRATE_TYPES; type++)
                                        if (migratetype_configured(type,
                                                                   &machine->config.kernel) &&
                                            !list_empty(&zone->free_area[o].free_list[type]))
                                                types[strlen(types)] = letters[type];
                                snprintf(blocks + strlen(blocks),
                                         sizeof(blocks) - strlen(blocks), "%s) ", types);
                        }
                        total += nr << o;
                }
                printk(&machine->log, "%s= %lukB\n", blocks, K(total));
        }
        for (int nid = 0; nid < machine->topo.nr_nodes; nid++)
                for (unsigned long size_kb = 1048576; size_kb >= 2048;
                     size_kb /= 512)
                        printk(&machine->log,
                               "Node %d hugepages_total=0 hugepages_free=0 "
                               "hugepages_surp=0 "
                               "hugepages_size=%lukB\n",
                               nid, size_kb);
        printk(&machine->log, "%lu total pagecache pages\n",
               READ_ONCE(machine->cache.nr_pages));
        printk(&machine->log,
               "0 pages in swap cache\nFree swap  = 0kB\nTotal swap = 0kB\n");
}
void show_mem(struct machine *machine, int max_zone_idx)
{
        unsigned long present = 0, reserved = 0;
        const struct zone *zone;

        printk(&machine->log, "Mem-Info:\n");
        show_free_areas(machine, max_zone_idx);
        for_each_shown_zone(machine, zone, MAX_NR_ZONES - 1) {
                present += zone->present_pages;
                reserved += zone->present_pages - zone->managed_pages;
        }
        printk(&machine->log,
               "%lu pages RAM\n0 pages HighMem/MovableOnly\n%lu pages "
               "reserved\n",
               present, reserved);
        if (machine->config.kernel.cma)
                printk(&machine->log, "0 pages cma reserved\n");
        printk(&machine->log, "0 pages hwpoisoned\n");
}
