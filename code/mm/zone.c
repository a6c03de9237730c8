/* zone.c: nodes, zones, zonelists, watermarks and per-CPU list sizes.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "zone.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int build_zonerefs_node(pg_data_t *pgdat, struct zoneref *zonerefs,
                               int nr_zone_types)
{
        int nr = 0;

        for (int z = nr_zone_types - 1; z >= 0; z--)
                if (populated_zone(&pgdat->node_zones[z])) {
                        zonerefs[nr].zone = &pgdat->node_zones[z];
                        zonerefs[nr].zone_idx = z;
                        nr++;
                }
        return nr;
}
static bool node_has_memory(const pg_data_t *pgdat)
{
        return pgdat->node_present_pages != 0;
}

static int find_next_best_node(const struct topology *topo, int local,
                               bool used[], const int node_load[])
{
        int best = -1, best_value = 0;

        if (!used[local] && node_has_memory(&topo->node_data[local])) {
                used[local] = true;
                return local;
        }
        for (int n = 0; n < topo->nr_nodes; n++) {
                if (used[n] || !node_has_memory(&topo->node_data[n]))
                        continue;
                int value = topo->distance[local][n] + (n < local) +
                            (topo->node_data[n].nr_cpus > 0);
                value = value * MAX_NUMNODES + node_load[n];
                if (best < 0 || value < best_value) {
                        best = n;
                        best_value = value;
                }
        }
        if (best >= 0)
                used[best] = true;
        return best;
}
void build_all_zonelists(struct topology *topo, struct kmsg *log)
{
        int node_load[MAX_NUMNODES] = { 0 };

        for (int local = 0; local < topo->nr_nodes; local++) {
                pg_data_t *pgdat = &topo->node_data[local];
                bool used[MAX_NUMNODES] = { false };
                int node, previous = local, nr_nodes = 0, nr_refs = 0;
                while ((node = find_next_best_node(topo, local, used,
                                                   node_load)) >= 0) {
                        if (topo->distance[local][node] !=
                            topo->distance[local][previous])
                                node_load[node]++;
                        pgdat->fallback_order[nr_nodes++] = node;
                        previous = node;
                }
                pgdat->nr_fallback_nodes = nr_nodes;
                struct zoneref *fallback = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
                for (int i = 0; i < nr_nodes; i++)
                        nr_refs +=
                                build_zonerefs_node(&topo->node_data[pgdat->fallback_order[i]],
                                                    fallback + nr_refs, topo->nr_zone_types);
                fallback[nr_refs].zone = NULL;
                struct zoneref *thisnode = pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
                thisnode[build_zonerefs_node(pgdat, thisnode, topo->nr_zone_types)].zone = NULL;
                char order[4 * MAX_NUMNODES + 1] = "";
                for (int i = 0; i < nr_nodes; i++)
                        snprintf(order + strlen(order), sizeof(order) - strlen(order), "%d ",
                                 pgdat->fallback_order[i]);
                printk(log, "Fallback order for Node %d: %s\n", local, order);
        }
}
void setup_per_zone_lowmem_reserve(struct topology *topo,
                                   const int ratio[MAX_NR_ZONES])
{
        for (int nid = 0; nid < topo->nr_nodes; nid++) {
                pg_data_t *pgdat = &topo->node_data[nid];
                for (int i = 0; i < topo->nr_zone_types - 1; i++) {
                        struct zone *zone = &pgdat->node_zones[i];
                        bool clear = ratio[i] <= 0 || zone->managed_pages == 0;
                        unsigned long above = 0;
                        for (int j = i + 1; j < topo->nr_zone_types; j++) {
                                above += pgdat->node_zones[j].managed_pages;
                                zone->lowmem_reserve[j] =
                                        clear ? 0
                                              : (long)(above /
                                                       (unsigned long)ratio[i]);
                        }
                }
        }
}
unsigned long nr_free_buffer_pages(const struct topology *topo)
{
        unsigned long pages = 0;

        for (int nid = 0; nid < topo->nr_nodes; nid++)
                for (int z = 0; z <= ZONE_NORMAL; z++) {
                        const struct zone *zone =
                                &topo->node_data[nid].node_zones[z];
                        unsigned long high = wmark_pages(zone, WMARK_HIGH);
                        if (zone->managed_pages > high)
                                pages += zone->managed_pages - high;
                }
        return pages;
}
static unsigned long int_sqrt(unsigned long x)
{
        unsigned long root = 0;

        for (unsigned long bit = 1UL << 62; bit; bit >>= 2)
                if (x >= root + bit) {
                        x -= root + bit;
                        root = (root >> 1) + bit;
                } else {
                        root >>= 1;
                }
        return root;
}

int calculate_min_free_kbytes(const struct topology *topo)
{
        unsigned long lowmem_kbytes =
                nr_free_buffer_pages(topo) * (PAGE_SIZE >> 10);
        unsigned long kbytes = int_sqrt(lowmem_kbytes * 16);

        return kbytes < 128 ? 128 : kbytes > 262144 ? 262144 : (int)kbytes;
}
int recommended_min_free_kbytes(const struct topology *topo)
{
        unsigned long nr_zones = 0;

        for (int nid = 0; nid < topo->nr_nodes; nid++)
                for (int z = 0; z <= ZONE_NORMAL; z++)
                        nr_zones += populated_zone(
                                &topo->node_data[nid].node_zones[z]);
        unsigned long pages = pageblock_nr_pages * nr_zones * 2 +
                              pageblock_nr_pages * nr_zones * MIGRATE_PCPTYPES *
                                      MIGRATE_PCPTYPES;
        unsigned long cap = nr_free_buffer_pages(topo) / 20;
        if (pages > cap)
                pages = cap;
        return (int)(pages << (PAGE_SHIFT - 10));
}
static unsigned long mult_frac(unsigned long x, unsigned long numerator,
                               unsigned long denominator)
{
        return (x / denominator) * numerator +
               ((x % denominator) * numerator) / denominator;
}
void setup_per_zone_wmarks(struct topology *topo, int min_free_kbytes,
                           int watermark_scale_factor)
{
        unsigned long pages_min =
                (unsigned long)min_free_kbytes >> (PAGE_SHIFT - 10);
        unsigned long lowmem_pages = 0;

        for (int nid = 0; nid < topo->nr_nodes; nid++)
                for (int z = 0; z < ZONE_MOVABLE; z++)
                        lowmem_pages += topo->node_data[nid]
                                                .node_zones[z]
                                                .managed_pages;
        for (int nid = 0; nid < topo->nr_nodes; nid++)
                for (int z = 0; z < topo->nr_zone_types; z++)
                        {
                                struct zone *zone = &topo->node_data[nid].node_zones[z];
                                unsigned long share = pages_min * zone->managed_pages / lowmem_pages;
                                if (z == ZONE_MOVABLE) {
                                        unsigned long token = zone->managed_pages / 1024;
                                        zone->_watermark[WMARK_MIN] = token < 32    ? 32
                                                                      : token > 128 ? 128
                                                                                    : token;
                                } else {
                                        zone->_watermark[WMARK_MIN] = share;
                                }
                                unsigned long step =
                                        mult_frac(zone->managed_pages,
                                                  (unsigned long)watermark_scale_factor, 10000);
                                if (share / 4 > step)
                                        step = share / 4;
                                zone->watermark_boost = 0;
                                zone->_watermark[WMARK_LOW] = zone->_watermark[WMARK_MIN] + step;
                                zone->_watermark[WMARK_HIGH] = zone->_watermark[WMARK_LOW] + step;
                                zone->_watermark[WMARK_PROMO] = zone->_watermark[WMARK_HIGH] + step;
                        }
}
static unsigned long rounddown_pow_of_two(unsigned long x)
{
        unsigned long power = 1;

        while (power * 2 <= x)
                power *= 2;
        return power;
}

int zone_batchsize(const struct zone *zone)
{
        unsigned long batch = zone->managed_pages >> 10;

        if (batch > (1UL << 20) / PAGE_SIZE)
                batch = (1UL << 20) / PAGE_SIZE;
        batch /= 4;
        if (batch < 1)
                batch = 1;
        batch = rounddown_pow_of_two(batch + batch / 2) - 1;
        return batch < 1 ? 1 : (int)batch;
}
int zone_highsize(const struct zone *zone, int batch, int high_fraction,
                  int nr_online_cpus)
{
        unsigned long total =
                high_fraction
                        ? zone->managed_pages / (unsigned long)high_fraction
                        : wmark_pages(zone, WMARK_LOW);
        int nr_split = zone->zone_pgdat->nr_cpus ? zone->zone_pgdat->nr_cpus
                                                 : nr_online_cpus;
        unsigned long high = total / (unsigned long)nr_split;
        unsigned long floor = (unsigned long)batch << 2;

        return (int)(high > floor ? high : floor);
}
void setup_pageset_sizes(struct topology *topo, int high_fraction)
{
        for (int nid = 0; nid < topo->nr_nodes; nid++)
                for (int z = 0; z < topo->nr_zone_types; z++) {
                        struct zone *zone = &topo->node_data[nid].node_zones[z];
                        int nr_online_cpus = topo->nr_cpus;
                        zone->pageset_batch = zone_batchsize(zone);
                        if (high_fraction) {
                                zone->pageset_high_min = zone_highsize(
                                        zone, zone->pageset_batch,
                                        high_fraction, nr_online_cpus);
                                zone->pageset_high_max = zone->pageset_high_min;
                        } else {
                                zone->pageset_high_min =
                                        zone_highsize(zone, zone->pageset_batch,
                                                      0, nr_online_cpus);
                                zone->pageset_high_max =
                                        zone_highsize(zone, zone->pageset_batch,
                                                      8, nr_online_cpus);
                        }
                        if (!zone->per_cpu_pageset) {
                                size_t size = (size_t)topo->nr_cpus * sizeof(struct per_cpu_pages);
                                zone->per_cpu_pageset =
                                        aligned_alloc(_Alignof(struct per_cpu_pages), size);
                                if (zone->per_cpu_pageset)
                                        memset(zone->per_cpu_pageset, 0, size);
                        }
                        zone->nr_pagesets = zone->per_cpu_pageset ? topo->nr_cpus : 0;
                        for (int cpu = 0; zone->per_cpu_pageset && cpu < topo->nr_cpus; cpu++) {
                                struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
                                pcp->batch = zone->pageset_batch;
                                pcp->high_min = zone->pageset_high_min;
                                pcp->high_max = zone->pageset_high_max;
                        }
                }
}
void topology_init(struct topology *topo, int nr_nodes, int nr_cpus,
                   int nr_zone_types)
{
        memset(topo, 0, sizeof(*topo));
        topo->nr_nodes = nr_nodes;
        topo->nr_cpus = nr_cpus;
        topo->nr_zone_types = nr_zone_types;
        for (int a = 0; a < nr_nodes; a++) {
                pg_data_t *pgdat = &topo->node_data[a];
                pgdat->node_id = a;
                pgdat->nr_cpus = nr_cpus / nr_nodes + (a < nr_cpus % nr_nodes);
                for (int b = 0; b < nr_nodes; b++)
                        topo->distance[a][b] = a == b ? 10 : 20;
                for (int z = 0; z < MAX_NR_ZONES; z++) {
                        pgdat->node_zones[z].zone_pgdat = pgdat;
                        pgdat->node_zones[z].name = zone_names[z];
                }
        }
}
static const unsigned long zone_low_pfn[MAX_NR_ZONES] = { 0, 0x1000, 0x100000,
                                                          0, 0 };
static const unsigned long zone_high_pfn[MAX_NR_ZONES] = { 0x1000, 0x100000,
                                                           ~0UL, 0, 0 };

static unsigned long overlap(unsigned long a_start, unsigned long a_end,
                             unsigned long b_start, unsigned long b_end)
{
        unsigned long start = a_start > b_start ? a_start : b_start;
        unsigned long end = a_end < b_end ? a_end : b_end;

        return end > start ? end - start : 0;
}
static void size_zones_from_ranges(pg_data_t *pgdat,
                                   const struct memory_range *ranges,
                                   int nr_ranges)
{
        unsigned long node_end =
                pgdat->node_start_pfn + pgdat->node_spanned_pages;

        for (int z = ZONE_DMA; z <= ZONE_NORMAL; z++) {
                struct zone *zone = &pgdat->node_zones[z];
                unsigned long start = pgdat->node_start_pfn > zone_low_pfn[z]
                                              ? pgdat->node_start_pfn
                                              : zone_low_pfn[z];
                unsigned long end = node_end < zone_high_pfn[z]
                                            ? node_end
                                            : zone_high_pfn[z];
                if (end <= start)
                        continue;
                zone->zone_start_pfn = start;
                zone->spanned_pages = end - start;
                for (int r = 0; r < nr_ranges; r++)
                        if (ranges[r].nid == pgdat->node_id)
                                zone->present_pages +=
                                        overlap(ranges[r].start_pfn,
                                                ranges[r].end_pfn, start, end);
                zone->managed_pages = zone->present_pages;
        }
}
static int size_zone_as_given(struct zone *zone,
                              const struct zone_geometry *geometry,
                              struct kmsg *log)
{
        if (geometry->managed > geometry->present ||
            geometry->present > geometry->spanned) {
                printk(log,
                       "zones: node %d zone %s: %lu managed, %lu present, %lu "
                       "spanned pages "
                       "from pfn %#lx do not fit the zone\n",
                       zone->zone_pgdat->node_id, zone->name, geometry->managed,
                       geometry->present, geometry->spanned,
                       geometry->start_pfn);
                return -EINVAL;
        }
        zone->zone_start_pfn = geometry->start_pfn;
        zone->spanned_pages = geometry->spanned;
        zone->present_pages = geometry->present;
        zone->managed_pages = geometry->managed;
        return 0;
}
int free_area_init(struct topology *topo, const struct memory_range *ranges,
                   int nr_ranges,
                   const struct zone_geometry given[MAX_NUMNODES][MAX_NR_ZONES],
                   struct kmsg *log)
{
        unsigned long lowmem = 0;

        for (int nid = 0; nid < topo->nr_nodes; nid++) {
                pg_data_t *pgdat = &topo->node_data[nid];
                unsigned long first = ~0UL, last = 0;
                for (int r = 0; r < nr_ranges; r++) {
                        if (ranges[r].nid != nid)
                                continue;
                        if (ranges[r].start_pfn < first)
                                first = ranges[r].start_pfn;
                        if (ranges[r].end_pfn > last)
                                last = ranges[r].end_pfn;
                        pgdat->node_present_pages += ranges[r].end_pfn - ranges[r].start_pfn;
                }
                pgdat->node_start_pfn = last ? first : 0;
                pgdat->node_spanned_pages = last ? last - first : 0;
                for (int z = 0; z < MAX_NR_ZONES && given; z++)
                        if (given[nid][z].given &&
                            size_zone_as_given(&pgdat->node_zones[z],
                                               &given[nid][z], log))
                                return -EINVAL;
                if (!given)
                        size_zones_from_ranges(pgdat, ranges, nr_ranges);
        }
        for (int nid = 0; nid < topo->nr_nodes; nid++)
                for (int z = 0; z < ZONE_MOVABLE; z++)
                        lowmem += topo->node_data[nid].node_zones[z].managed_pages;
        if (lowmem == 0) {
                printk(log, "zones: no managed memory in DMA, DMA32 or Normal\n");
                return -EINVAL;
        }
        return 0;
}
