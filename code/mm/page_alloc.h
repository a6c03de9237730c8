/* page_alloc.h: alloc_pages and __free_pages: watermarks, the fast and slow
 * paths. Generated from the chapters by notangle; edit the chapters, not this
 * file. */
#ifndef LABYRINTH_PAGE_ALLOC_H
#define LABYRINTH_PAGE_ALLOC_H

#include "machine.h"

struct alloc_context {
        struct zoneref *zonelist;            /* the node's fallback list */
        struct zoneref *preferred_zoneref;
        int highest_zoneidx;
        int migratetype;
        int cpu;
};
bool __zone_watermark_ok(const struct zone *zone, unsigned int order,
                         unsigned long mark, int highest_zoneidx,
                         unsigned int alloc_flags, long free_pages);
long zone_watermark_threshold(const struct zone *zone, unsigned long mark,
                              int highest_zoneidx, unsigned int alloc_flags);
struct page *__alloc_pages(struct machine *machine, gfp_t gfp,
                           unsigned int order, int preferred_nid);
struct page *alloc_pages(struct machine *machine, gfp_t gfp,
                         unsigned int order);
void __free_pages(struct machine *machine, struct page *page,
                  unsigned int order);
struct zone *page_zone(struct machine *machine, const struct page *page);
void show_mem(struct machine *machine, int max_zone_idx);
int current_cpu_id(void);
int trace_enable(struct machine *machine);
void trace_disable(struct machine *machine);

#endif
