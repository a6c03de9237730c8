/* machine.c: the model machine, its configuration and its boot.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "machine.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool zone_fits_arm64(int z, unsigned long start, unsigned long end,
                            unsigned long four_gib)
{
        if (z == ZONE_NORMAL)
                return start >= four_gib;
        /* all of RAM above 4 GiB: DMA is the firmware's to size */
        if (z == ZONE_DMA && start >= four_gib)
                return true;
        return end <= four_gib;
}
static int zone_outside_layout(const struct machine_config *config, int nid,
                               int z, struct kmsg *log)
{
        static const unsigned long x86_low[] = { 0, 0x1000, 0x100000 };
        static const unsigned long x86_high[] = { 0x1000, 0x100000, ~0UL };
        static const char *const arm64_rule[] = {
                "below 4 GiB, pfn 0x100000, if RAM starts below it",
                "below 4 GiB, pfn 0x100000", "from 4 GiB, pfn 0x100000, up"
        };
        const struct zone_geometry *g = &config->zones[nid][z];
        unsigned long end = g->start_pfn + g->spanned;

        if (config->zone_layout == ZONE_LAYOUT_X86_64 &&
            (g->start_pfn < x86_low[z] || end > x86_high[z])) {
                printk(log,
                       "zones: node %d zone %s: %lu managed, %lu present, %lu "
                       "spanned pages from pfn %#lx do not fit the zone\n",
                       nid, zone_names[z], g->managed, g->present, g->spanned,
                       g->start_pfn);
                return -EINVAL;
        }
        if (config->zone_layout == ZONE_LAYOUT_ARM64 &&
            !zone_fits_arm64(z, g->start_pfn, end, 0x100000)) {
                printk(log,
                       "zones: node %d zone %s: pfn %#lx-%#lx is not where arm64 "
                       "with 4 KiB pages puts %s (%s)%s\n",
                       nid, zone_names[z], g->start_pfn, end - 1, zone_names[z],
                       arm64_rule[z],
                       zone_fits_arm64(z, g->start_pfn, end, 0x10000) &&
                                       (g->start_pfn == 0x10000 || end == 0x10000)
                               ? "; with 64 KiB pages 4 GiB is pfn 0x10000, and "
                                 "the model has only 4 KiB pages"
                               : "");
                return -EINVAL;
        }
        return 0;
}
static int check_zone_layout(const struct machine_config *config,
                             struct kmsg *log)
{
        for (int nid = 0; nid < config->nr_nodes; nid++) {
                unsigned long below_end = 0;
                int below = -1;
                for (int z = ZONE_DMA; z <= ZONE_NORMAL; z++) {
                        const struct zone_geometry *g = &config->zones[nid][z];
                        if (!g->given || g->spanned == 0)
                                continue;
                        if (zone_outside_layout(config, nid, z, log))
                                return -EINVAL;
                        if (below >= 0 && g->start_pfn < below_end) {
                                printk(log,
                                       "zones: node %d zone %s: starts at pfn %#lx, inside zone %s "
                                       "below it, which ends at pfn %#lx\n",
                                       nid, zone_names[z], g->start_pfn, zone_names[below],
                                       below_end - 1);
                                return -EINVAL;
                        }
                        below_end = g->start_pfn + g->spanned;
                        below = z;
                }
        }
        return 0;
}
static void split_ranges_over_nodes(struct machine_config *config)
{
        struct memory_range split[MAX_MEMORY_RANGES];
        unsigned long total = 0, share, taken = 0;
        int nr = 0, nid = 0;

        for (int r = 0; r < config->nr_ranges; r++)
                total +=
                        config->ranges[r].end_pfn - config->ranges[r].start_pfn;
        share = total / (unsigned long)config->nr_nodes;
        for (int r = 0; r < config->nr_ranges && nr < MAX_MEMORY_RANGES; r++) {
                unsigned long start = config->ranges[r].start_pfn;
                while (start < config->ranges[r].end_pfn &&
                       nr < MAX_MEMORY_RANGES) {
                        unsigned long end = config->ranges[r].end_pfn;
                        if (nid < config->nr_nodes - 1 &&
                            end - start > share - taken)
                                end = start + (share - taken);
                        split[nr++] = (struct memory_range){ start, end, nid };
                        taken += end - start;
                        start = end;
                        if (taken == share && nid < config->nr_nodes - 1) {
                                nid++;
                                taken = 0;
                        }
                }
        }
        memcpy(config->ranges, split, sizeof(split));
        config->nr_ranges = nr;
}
static void reserve_first_megabyte(struct machine *machine)
{
        const struct memory_range *ranges = machine->config.ranges;

        for (int r = 0; r < machine->config.nr_ranges; r++)
                /* the DMA zone of the range's own node */
                if (ranges[r].start_pfn < 0x100) {
                        struct zone *dma =
                                &machine->topo.node_data[ranges[r].nid]
                                         .node_zones[ZONE_DMA];
                        unsigned long low =
                                (ranges[r].end_pfn < 0x100 ? ranges[r].end_pfn
                                                           : 0x100) -
                                ranges[r].start_pfn;
                        dma->managed_pages -= low < dma->managed_pages
                                                      ? low
                                                      : dma->managed_pages;
                }
}
static int boot_zones(struct machine *machine)
{
        struct machine_config *config = &machine->config;
        struct topology *topo = &machine->topo;

        if (config->nr_nodes > 1 && !config->zones_given)
                split_ranges_over_nodes(config);
        if (config->zones_given && check_zone_layout(config, &machine->log))
                return -EINVAL;
        topology_init(topo, config->nr_nodes, config->nr_cpus,
                      config->nr_zone_types);
        int error = free_area_init(topo, config->ranges, config->nr_ranges,
                                   config->zones_given ? config->zones : NULL,
                                   &machine->log);
        if (error)
                return error;
        if (!config->zones_given)
                reserve_first_megabyte(machine);
        build_all_zonelists(topo, &machine->log);
        machine->boot_min_free_kbytes = calculate_min_free_kbytes(topo);
        machine->min_free_kbytes = machine->boot_min_free_kbytes;
        setup_per_zone_wmarks(topo, machine->min_free_kbytes, 10);
        if (config->thp != THP_NEVER) {
                int recommended = recommended_min_free_kbytes(topo);
                if (recommended > machine->min_free_kbytes)
                        machine->min_free_kbytes = recommended;
        }
        if (config->min_free_kbytes >= 0)
                machine->min_free_kbytes = config->min_free_kbytes;
        setup_per_zone_wmarks(topo, machine->min_free_kbytes,
                              config->watermark_scale_factor);
        setup_per_zone_lowmem_reserve(topo, config->lowmem_reserve_ratio);
        setup_pageset_sizes(topo, config->percpu_pagelist_high_fraction);
        return 0;
}
static int boot_buddy(struct machine *machine)
{
        struct topology *topo = &machine->topo;
        unsigned long reserved_below = machine->config.zones_given ? 0 : 0x100;

        if (machine->config.memmap_eager_pages)
                machine->map.eager_pages = machine->config.memmap_eager_pages;
        for (int nid = 0; nid < topo->nr_nodes; nid++)
                for (int z = 0; z < topo->nr_zone_types; z++) {
                        struct zone *zone = &topo->node_data[nid].node_zones[z];
                        int error = zone_init_buddy(zone, &machine->map,
                                                    &machine->log);
                        if (error)
                                return error;
                        memblock_free_zone(zone, machine->config.ranges,
                                           machine->config.nr_ranges,
                                           reserved_below);
                }
        return 0;
}

void machine_config_init(struct machine_config *config)
{
        memset(config, 0, sizeof(*config));
        config->mem_bytes = 4ULL << 30;
        config->seed = 1;
        config->kernel = debian_kernel_config;
        config->nr_nodes = 1;
        config->nr_cpus = 2;
        config->nr_zone_types = MAX_NR_ZONES;
        config->thp = THP_ALWAYS;
        config->min_free_kbytes = -1;
        config->watermark_scale_factor = 10;
        memcpy(config->lowmem_reserve_ratio, (int[MAX_NR_ZONES]){ 256, 256, 32, 0, 0 },
               sizeof(config->lowmem_reserve_ratio));
        config->zone_layout = ZONE_LAYOUT_X86_64;
}
int machine_layout_x86(unsigned long long mem_bytes,
                       struct memory_range *ranges)
{
        static const struct memory_range slots[] = {
                /* page 0 and 0x9f-0xff: firmware */
                { 0x1, 0x9f, 0 },
                { 0x100, 0xc0000, 0 },           /* 1 MiB to 3 GiB */
                /* 4 GiB and up: the PCI hole is below */
                { 0x100000, 1UL << 36, 0 },
        };
        unsigned long left =
                (unsigned long)(mem_bytes >> PAGE_SHIFT) - 1 - (0x100 - 0x9f);
        int nr = 0;

        for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]) && left > 0;
             i++) {
                unsigned long size = slots[i].end_pfn - slots[i].start_pfn;
                if (size > left)
                        size = left;
                ranges[nr] = slots[i];
                ranges[nr].end_pfn = slots[i].start_pfn + size;
                left -= size;
                nr++;
        }
        return nr;
}
static int machine_boot_steps(struct machine *machine)
{
        int error = 0;
        /* chapter 1 has no steps after the map */
        (void)machine;
        error = boot_zones(machine);
        if (error)
                return error;
        error = boot_buddy(machine);
        if (error)
                return error;
        for (int nid = 0; nid < machine->topo.nr_nodes; nid++)
                for (int z = 0; z < machine->topo.nr_zone_types; z++)
                        zone_pcp_init_lists(&machine->topo.node_data[nid].node_zones[z],
                                            machine->topo.nr_cpus);
        for (int nid = 0; nid < MAX_NUMNODES; nid++)
                for (int z = 0; z < MAX_NR_ZONES; z++)
                        machine->topo.node_data[nid].node_zones[z].machine = machine;
        for (int nid = 0; nid < machine->topo.nr_nodes; nid++)
                for (int z = 0; z < machine->topo.nr_zone_types; z++) {
                        struct zone *zone = &machine->topo.node_data[nid].node_zones[z];
                        zone->page_poisoning = machine->config.kernel.page_poisoning;
                        zone->debug_pagealloc_unmap =
                                machine->config.kernel.debug_pagealloc;
                }
        if (machine->config.kernel.debug_pagealloc)
                debug_pagealloc_install();
        return error;
}

int machine_boot(struct machine *machine, const struct machine_config *config)
{
        if (machine->running == MACHINE_RUNNING)
                /* its log stays as it is: it belongs to the running one */
                return -EBUSY;
        memset(machine, 0, sizeof(*machine));
        machine->config = *config;
        kmsg_init(&machine->log, NULL);
        struct machine_config *c = &machine->config;
        if (c->nr_ranges < 0 || c->nr_ranges > MAX_MEMORY_RANGES) {
                printk(&machine->log, "memory: %d ranges, not 0 to %d\n",
                       c->nr_ranges, MAX_MEMORY_RANGES);
                return -EINVAL;
        }
        if (c->nr_nodes < 1 || c->nr_nodes > MAX_NUMNODES || c->nr_cpus < 1 ||
            c->nr_cpus > MAX_CPUS || c->nr_zone_types < ZONE_NORMAL + 1 ||
            c->nr_zone_types > MAX_NR_ZONES) {
                printk(&machine->log,
                       "machine: %d nodes, %d CPUs, %d zone types: not 1-%d, 1-%d, "
                       "%d-%d\n",
                       c->nr_nodes, c->nr_cpus, c->nr_zone_types, MAX_NUMNODES,
                       MAX_CPUS, ZONE_NORMAL + 1, MAX_NR_ZONES);
                return -EINVAL;
        }
        for (int i = 0; i < c->nr_ranges; i++)
                if (c->ranges[i].nid < 0 || c->ranges[i].nid >= c->nr_nodes ||
                    c->ranges[i].start_pfn >= c->ranges[i].end_pfn) {
                        printk(&machine->log,
                               "memory: range %d (pfn %#lx-%#lx on node %d) is empty "
                               "or on no node\n",
                               i, c->ranges[i].start_pfn, c->ranges[i].end_pfn,
                               c->ranges[i].nid);
                        return -EINVAL;
                }
        if (c->nr_ranges == 0)
                c->nr_ranges = machine_layout_x86(c->mem_bytes, c->ranges);
        unsigned long max_pfn = 0;
        for (int i = 0; i < c->nr_ranges; i++) {
                const struct memory_range *r = &c->ranges[i];
                for (int j = 0; j < i; j++)
                        if (r->start_pfn < c->ranges[j].end_pfn &&
                            c->ranges[j].start_pfn < r->end_pfn) {
                                printk(&machine->log,
                                       "memory: pfn %#lx-%#lx overlaps pfn "
                                       "%#lx-%#lx\n",
                                       r->start_pfn, r->end_pfn - 1,
                                       c->ranges[j].start_pfn,
                                       c->ranges[j].end_pfn - 1);
                                return -EINVAL;
                        }
                if (r->end_pfn > max_pfn)
                        max_pfn = r->end_pfn;
        }
        int error = memmap_init(&machine->map, &machine->log, 0, max_pfn);
        if (error)
                return error;
        machine->running = MACHINE_RUNNING;
        error = machine_boot_steps(machine);
        if (error)
                machine_shutdown(machine);
        return error;
}

void machine_shutdown(struct machine *machine)
{
        if (machine->running != MACHINE_RUNNING)
                return;
        kswapd_stop(machine);
        vmstat_stop(machine);
        free(machine->trace);
        machine->trace = NULL;
        for (int nid = 0; nid < machine->topo.nr_nodes; nid++)
                for (int z = 0; z < MAX_NR_ZONES; z++) {
                        free(machine->topo.node_data[nid]
                                     .node_zones[z]
                                     .per_cpu_pageset);
                        machine->topo.node_data[nid].node_zones[z].per_cpu_pageset =
                                NULL;
                }
        for (int nid = 0; nid < machine->topo.nr_nodes; nid++)
                for (int z = 0; z < MAX_NR_ZONES; z++)
                        zone_free_buddy(&machine->topo.node_data[nid].node_zones[z]);
        memmap_destroy(&machine->map);
        machine->running = 0;
}

unsigned long machine_present_pages(const struct machine *machine)
{
        unsigned long pages = 0;

        for (int i = 0; i < machine->config.nr_ranges; i++)
                pages += machine->config.ranges[i].end_pfn -
                         machine->config.ranges[i].start_pfn;
        return pages;
}
