/* pressure.c: node 0's page cache filled until its zones sit at a watermark.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "pressure.h"

#include <errno.h>
#include <string.h>

int set_memory_pressure(struct machine *machine, const char *level, gfp_t gfp)
{
        int hz = gfp_zone(gfp);

        if (strcmp(level, "none") == 0)
                return 0;
        if (strcmp(level, "low") != 0 && strcmp(level, "min") != 0 &&
            strcmp(level, "exhausted") != 0)
                return -EINVAL;
        for (int z = hz < machine->topo.nr_zone_types
                             ? hz
                             : machine->topo.nr_zone_types - 1;
             z >= 0; z--) {
                struct zone *zone = &machine->topo.node_data[0].node_zones[z];
                if (!populated_zone(zone))
                        continue;
                unsigned long target;
                if (strcmp(level, "low") == 0)
                        target = wmark_pages(zone, WMARK_LOW) +
                                 (unsigned long)zone->lowmem_reserve[hz];
                else if (strcmp(level, "min") == 0)
                        target = wmark_pages(zone, WMARK_MIN) +
                                 (unsigned long)zone->lowmem_reserve[hz];
                else {
                        long mark = (long)wmark_pages(zone, WMARK_MIN);
                        mark -= mark / 2;
                        mark -= mark / 4;
                        target = (unsigned long)(mark + zone->lowmem_reserve[hz]);
                }
                while (zone->nr_free_pages > target) {
                        struct page *page =
                                buddy_alloc(zone, 0, MIGRATE_MOVABLE, 0);
                        if (!page)
                                break;
                        page_cache_add(machine, page);
                }
        }
        return 0;
}
