/* exercises.c: the worked solutions of the coding exercises (appendix of
 * solutions). Generated from the chapters by notangle; edit the chapters, not
 * this file. */
#include "exercises.h"

#include <sched.h>                   /* sched_yield(), for exercise 6.6 */

bool page_is_ram(const struct machine *machine, unsigned long pfn)
{
        for (int i = 0; i < machine->config.nr_ranges; i++) {
                const struct memory_range *range = &machine->config.ranges[i];
                if (pfn >= range->start_pfn && pfn < range->end_pfn)
                        return true;
        }
        return false;
}
unsigned long kernel_address_to_pfn(const struct memmap *map, uint64_t address)
{
        uint64_t pfn;

        if (address >= VMEMMAP_START) {
                uint64_t offset = address - VMEMMAP_START;
                if (offset % sizeof(struct page) != 0)
                        /* inside a record: no struct page */
                        return -1UL;
                pfn = offset / sizeof(struct page);
        } else if (address >= PAGE_OFFSET) {
                pfn = (address - PAGE_OFFSET) >> PAGE_SHIFT;
        } else {
                return -1UL;
        }
        return pfn_valid(map, (unsigned long)pfn) ? (unsigned long)pfn : -1UL;
}
int gfp_zone_by_tests(gfp_t flags)
{
        bool dma = flags & __GFP_DMA, dma32 = flags & __GFP_DMA32,
             highmem = flags & __GFP_HIGHMEM;

        if (dma + dma32 + highmem > 1)
                return -1;                               /* two zones at once */
        if (dma)
                return ZONE_DMA;
        if (dma32)
                return ZONE_DMA32;
        if (highmem && (flags & __GFP_MOVABLE))
                return ZONE_MOVABLE;
        return ZONE_NORMAL;
}
unsigned long zone_wmark_4_5(const struct topology *topo,
                             const struct zone *zone, int min_free_kbytes,
                             enum zone_watermarks mark)
{
        unsigned long pages_min =
                (unsigned long)min_free_kbytes >> (PAGE_SHIFT - 10);
        unsigned long lowmem_pages = 0;

        for (int nid = 0; nid < topo->nr_nodes; nid++)
                for (int z = 0; z < topo->nr_zone_types; z++)
                        lowmem_pages += topo->node_data[nid]
                                                .node_zones[z]
                                                .managed_pages;
        unsigned long share = pages_min * zone->managed_pages / lowmem_pages;
        switch (mark) {
        case WMARK_MIN:
                return share;
        case WMARK_LOW:
                return share + share / 4;
        case WMARK_HIGH:
                return share + share / 2;
        default:
                return 0;
        }
}
struct zone *zone_of_pfn(struct topology *topo, unsigned long pfn)
{
        for (int nid = 0; nid < topo->nr_nodes; nid++)
                for (int z = 0; z < topo->nr_zone_types; z++) {
                        struct zone *zone = &topo->node_data[nid].node_zones[z];
                        if (pfn >= zone->zone_start_pfn &&
                            pfn - zone->zone_start_pfn < zone->spanned_pages)
                                return zone;
                }
        return NULL;
}
bool page_is_buddy(const struct zone *zone, const struct page *page,
                   const struct page *buddy, unsigned int order)
{
        unsigned long pfn = page_to_pfn(zone->map, page);

        if (page_to_pfn(zone->map, buddy) != (pfn ^ (1UL << order)))
                return false;
        return PageBuddy(buddy) && buddy_order(buddy) == order &&
               page_zone_id(buddy) == page_zone_id(page);
}
int split_plan(unsigned long pfn, unsigned int low, unsigned int high,
               unsigned long pfns[], unsigned int orders[])
{
        int nr = 0;

        while (high > low) {
                high--;
                pfns[nr] = pfn + (1UL << high);
                orders[nr] = high;
                nr++;
        }
        return nr;
}
int nr_pcp_free_6_6(struct per_cpu_pages_6_6 *pcp, bool free_high)
{
        int batch = pcp->batch;

        if (free_high)
                return pcp->count;
        if (pcp->high < batch)
                return 1;
        int min_nr_free = batch, max_nr_free = pcp->high - batch;
        batch <<= pcp->free_factor;
        if (batch < max_nr_free)
                pcp->free_factor++;
        /* clamp(): at least the low bound, */
        if (batch < min_nr_free)
                batch = min_nr_free;
        /* then at most the high one */
        if (batch > max_nr_free)
                batch = max_nr_free;
        return batch;
}
int nr_pcp_alloc_6_6(int batch, unsigned int order)
{
        if (batch > 1) {
                batch >>= order;
                if (batch < 2)
                        batch = 2;
        }
        return batch;
}
bool spin_trylock_irqsave(spinlock_t *lock, unsigned long *flags)
{
        *flags = local_irq_save();
        if (spin_trylock(lock))
                return true;
        local_irq_restore(*flags);
        return false;
}
void ticket_lock_init(struct ticket_lock *lock)
{
        atomic_init(&lock->next, 0);
        atomic_init(&lock->owner, 0);
}

void ticket_lock(struct ticket_lock *lock)
{
        unsigned int ticket =
                atomic_fetch_add_explicit(&lock->next, 1, memory_order_relaxed);

        while (atomic_load_explicit(&lock->owner, memory_order_acquire) !=
               ticket)
                /* let the CPUs ahead of us run */
                sched_yield();
}

bool ticket_trylock(struct ticket_lock *lock)
{
        unsigned int owner =
                atomic_load_explicit(&lock->owner, memory_order_acquire);
        unsigned int next = owner;

        return atomic_compare_exchange_strong_explicit(
                &lock->next, &next, owner + 1, memory_order_acquire,
                memory_order_relaxed);
}

void ticket_unlock(struct ticket_lock *lock)
{
        unsigned int owner =
                atomic_load_explicit(&lock->owner, memory_order_relaxed);

        atomic_store_explicit(&lock->owner, owner + 1, memory_order_release);
}
long zone_watermark_threshold_6_2(const struct zone *zone, unsigned long mark,
                                  int highest_zoneidx, unsigned int alloc_flags)
{
        long min = (long)mark;

        if (alloc_flags & ALLOC_HIGH_6_2)
                min -= min / 2;
        if (alloc_flags & (ALLOC_HARDER_6_2 | ALLOC_OOM_6_2)) {
                if (alloc_flags & ALLOC_OOM_6_2)
                        min -= min / 2;
                else
                        min -= min / 4;
        }
        return min + zone->lowmem_reserve[highest_zoneidx];
}
struct zone *fast_path_zone(struct machine *machine, gfp_t gfp,
                            unsigned int order)
{
        pg_data_t *pgdat = &machine->topo.node_data[0];
        struct zoneref *ref =
                pgdat->node_zonelists[gfp & __GFP_THISNODE ? ZONELIST_NOFALLBACK
                                                           : ZONELIST_FALLBACK]
                        ._zonerefs;
        int highest = gfp_zone(gfp);

        while (ref->zone && ref->zone_idx > highest)
                ref++;
        if (!ref->zone)
                return NULL;
        bool lower_populated =
                machine->topo.nr_nodes == 1 ||
                populated_zone(&ref->zone->zone_pgdat->node_zones[ZONE_DMA32]);
        unsigned int alloc_flags = alloc_flags_first_attempt(
                gfp, (enum zone_type)ref->zone_idx, lower_populated,
                &machine->config.kernel);
        enum zone_watermarks mark =
                (enum zone_watermarks)(alloc_flags & ALLOC_WMARK_MASK);

        for (; ref->zone; ref++) {
                struct zone *zone = ref->zone;
                if (ref->zone_idx > highest)
                        continue;
                if (__zone_watermark_ok(zone, order, wmark_pages(zone, mark),
                                        highest, alloc_flags,
                                        (long)READ_ONCE(zone->nr_free_pages)))
                        return zone;
        }
        return NULL;
}
long watermark_to_beat(const struct machine *machine, const struct zone *zone,
                       const char *gfp_text, unsigned int order)
{
        char error[128];
        gfp_t gfp;

        if (gfp_parse(gfp_text, &gfp, error, sizeof(error)) != 0)
                return -1;
        unsigned int alloc_flags =
                gfp_to_alloc_flags(gfp, order, &machine->config.kernel);
        unsigned long mark = wmark_pages(
                zone, (enum zone_watermarks)(alloc_flags & ALLOC_WMARK_MASK));
        long threshold = zone_watermark_threshold(zone, mark, gfp_zone(gfp),
                                                  alloc_flags);

        /* the request's own pages but one */
        threshold += (1L << order) - 1;
        if (!(alloc_flags & ALLOC_RESERVES))
                threshold += (long)READ_ONCE(zone->nr_free_highatomic);
        return threshold;
}
bool reclaim_retry_worthwhile_4_11(const struct zone *zone, unsigned int order,
                                   unsigned int alloc_flags,
                                   int highest_zoneidx,
                                   unsigned long reclaimable,
                                   int no_progress_loops)
{
        if (no_progress_loops > MAX_RECLAIM_RETRIES)
                return false;
        unsigned long loops = (unsigned long)no_progress_loops;
        /* the rounds' share, rounded up as DIV_ROUND_UP() does */
        unsigned long share = (loops * reclaimable + MAX_RECLAIM_RETRIES - 1) /
                              MAX_RECLAIM_RETRIES;
        unsigned long available =
                reclaimable - share + READ_ONCE(zone->nr_free_pages);

        return __zone_watermark_ok(zone, order, wmark_pages(zone, WMARK_MIN),
                                   highest_zoneidx, alloc_flags,
                                   (long)available);
}
unsigned int get_order_fls(unsigned long size)
{
        unsigned long pages = (size - 1) >> PAGE_SHIFT;
        unsigned int order = 0;

        /* fls(): the highest set bit, from 1 */
        while (pages) {
                order++;
                pages >>= 1;
        }
        return order;
}
struct page *virt_to_head_page(const struct memmap *map, const void *addr)
{
        struct page *page = virt_to_page(map, addr);

        return page ? compound_head(page) : NULL;
}
unsigned long alloc_pages_bulk(struct machine *machine, gfp_t gfp,
                               unsigned long nr_pages, struct page **page_array)
{
        unsigned long nr_populated = 0;

        while (nr_populated < nr_pages) {
                if (!page_array[nr_populated]) {
                        struct page *page = alloc_page(machine, gfp);
                        if (!page)
                                break;
                        page_array[nr_populated] = page;
                }
                nr_populated++;
        }
        return nr_populated;
}
/* the second half of __zone_watermark_ok(): a block large enough */
static bool free_block_at_least(const struct zone *zone, unsigned int order,
                                unsigned int alloc_flags)
{
        for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
                const struct free_area *area = &zone->free_area[o];
                for (int type = 0; type < MIGRATE_PCPTYPES; type++)
                        if (!list_empty(&area->free_list[type]))
                                return true;
                if ((alloc_flags & (ALLOC_HIGHATOMIC | ALLOC_OOM)) &&
                    !list_empty(&area->free_list[MIGRATE_HIGHATOMIC]))
                        return true;
        }
        return false;
}

enum alloc_failure atomic_failure_cause(struct machine *machine, gfp_t gfp,
                                        unsigned int order)
{
        pg_data_t *pgdat =
                &machine->topo.node_data[current_cpu_id() %
                                         machine->topo.nr_nodes];
        struct zoneref *ref =
                pgdat->node_zonelists[gfp & __GFP_THISNODE ? ZONELIST_NOFALLBACK
                                                           : ZONELIST_FALLBACK]
                        ._zonerefs;
        int highest = gfp_zone(gfp);
        unsigned int alloc_flags =
                gfp_to_alloc_flags(gfp, order, &machine->config.kernel);
        enum zone_watermarks mark =
                (enum zone_watermarks)(alloc_flags & ALLOC_WMARK_MASK);
        enum alloc_failure cause = FAIL_WATERMARK;

        for (; ref->zone; ref++) {
                const struct zone *zone = ref->zone;
                if (ref->zone_idx > highest)
                        continue;
                unsigned long pages = wmark_pages(zone, mark);
                if (order == 0 && (alloc_flags & ALLOC_MIN_RESERVE) &&
                    mark == WMARK_MIN)
                        pages = zone->_watermark[WMARK_MIN]; /* boost ignored */
                long free = (long)READ_ONCE(zone->nr_free_pages) -
                            ((1L << order) - 1);
                if (!(alloc_flags & ALLOC_RESERVES))
                        free -= (long)READ_ONCE(zone->nr_free_highatomic);
                if (free <= zone_watermark_threshold(zone, pages, highest,
                                                     alloc_flags))
                        continue;
                if (order == 0 || free_block_at_least(zone, order, alloc_flags))
                        return ALLOC_WOULD_SUCCEED;
                cause = FAIL_FRAGMENTATION;  /* the count, but no block */
        }
        return cause;
}
