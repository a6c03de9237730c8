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
enum walk_point {
        WALK_REQUEST,          /* gfp, order, cpu, preferred zone */
        WALK_FAST_PATH,        /* alloc_flags of the first attempt */
        WALK_REMOTE,           /* zone: remote, ALLOC_NOFRAGMENT dropped; nid */
        WALK_KSWAPD_AWAKE,     /* zone passed over: its kswapd is awake */
        WALK_ZONE_SKIP,        /* zone failed its check: mark, alloc_flags */
        WALK_ZONE_OK,          /* zone passed: mark */
        WALK_ZONE_NO_WMARK,    /* taken below its mark: ALLOC_NO_WATERMARKS */
        WALK_BOOSTED,          /* rmqueue woke kswapd for a boosted zone */
        WALK_NO_BLOCK,         /* rmqueue found nothing in a zone that passed */
        WALK_TAKEN,            /* the page: CPU list counts before and after */
        WALK_RETRY_ALL_NODES,  /* again, with the skipped nodes */
        WALK_RETRY_FRAGMENTING, /* again, without ALLOC_NOFRAGMENT */
        WALK_KSWAPD_WOKEN,     /* nid */
        WALK_SLOW_PATH,        /* alloc_flags of the slow path */
        WALK_MEMALLOC,         /* retry with watermarks ignored */
        WALK_CANNOT_SLEEP,     /* no __GFP_DIRECT_RECLAIM: give up */
        WALK_DIRECT_RECLAIM,   /* pages reclaimed in this round; round */
        WALK_NO_PROGRESS,      /* MAX_RECLAIM_RETRIES rounds without progress */
        WALK_BELOW_MIN,        /* all reclaimable memory would not reach min */
        WALK_NOFAIL,           /* __GFP_NOFAIL served from the reserves */
        WALK_SLOW_PATH_END,    /* pages reclaimed directly; page or not */
};

struct walk_step {
        enum walk_point point;
        const struct zone *zone;
        gfp_t gfp;
        unsigned int order, alloc_flags;
        int mark, highest_zoneidx, cpu, nid, round;
        long before, after, pages;
        bool ok;
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
int current_cpu_id(void);
void show_mem(struct machine *machine, int max_zone_idx);
int trace_enable(struct machine *machine);
void trace_disable(struct machine *machine);

#endif
