/* pcp.c: per-CPU page lists: refill, free, high tuning, decay and drains.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "pcp.h"

#include <errno.h>
#include <stdlib.h>

#include "page_alloc.h"
static int clamp_int(int value, int low, int high);
static int nr_pcp_high(struct per_cpu_pages *pcp, const struct zone *zone,
                       int batch, bool free_high);
static int nr_pcp_free(const struct per_cpu_pages *pcp, int batch, int high,
                       bool free_high);

bool pcp_allowed_order(unsigned int order)
{
        return order <= PAGE_ALLOC_COSTLY_ORDER || order == pageblock_order;
}

int order_to_pindex(int migratetype, unsigned int order)
{
        if (order > PAGE_ALLOC_COSTLY_ORDER)
                return NR_LOWORDER_PCP_LISTS + (migratetype == MIGRATE_MOVABLE);
        return MIGRATE_PCPTYPES * (int)order + migratetype;
}

unsigned int pindex_to_order(int pindex)
{
        return pindex < NR_LOWORDER_PCP_LISTS
                       ? (unsigned int)(pindex / MIGRATE_PCPTYPES)
                       : pageblock_order;
}

void zone_pcp_init_lists(struct zone *zone, int nr_cpus)
{
        for (int cpu = 0; zone->per_cpu_pageset && cpu < nr_cpus; cpu++)
                for (int i = 0; i < NR_PCP_LISTS; i++)
                        INIT_LIST_HEAD(&zone->per_cpu_pageset[cpu].lists[i]);
}
static bool pcp_spin_trylock(struct per_cpu_pages *pcp)
{
        int unlocked = 0;

        return atomic_compare_exchange_strong_explicit(&pcp->lock, &unlocked, 1,
                                                       memory_order_acquire,
                                                       memory_order_relaxed);
}

static void pcp_spin_unlock(struct per_cpu_pages *pcp)
{
        atomic_store_explicit(&pcp->lock, 0, memory_order_release);
}
static int rmqueue_bulk(struct zone *zone, unsigned int order, int count,
                        struct list_head *list, int migratetype,
                        unsigned int alloc_flags)
{
        int taken = 0;

        unsigned long zone_lock_flags = spin_lock_irqsave(&zone->lock);
        while (taken < count) {
                struct page *page =
                        __rmqueue(zone, order, migratetype, alloc_flags);
                if (!page)
                        break;
                list_add_tail(&page->lru, list);
                taken++;
        }
        spin_unlock_irqrestore(&zone->lock, zone_lock_flags);
        return taken;
}
static int nr_pcp_alloc(struct per_cpu_pages *pcp, const struct zone *zone,
                        unsigned int order)
{
        int batch = pcp->batch;
        int high = pcp->high =
                clamp_int(pcp->high, pcp->high_min, pcp->high_max);

        if (high < batch)
                return 1;
        int blocks = order ? batch : batch << pcp->alloc_factor;
        if (pcp->high_min != pcp->high_max && !zone_flag(zone, ZONE_BELOW_HIGH))
                high = pcp->high = high + blocks < pcp->high_max
                                           ? high + blocks
                                           : pcp->high_max;
        if (order == 0) {
                int max_nr = high - pcp->count - batch > batch
                                     ? high - pcp->count - batch
                                     : batch;
                if (blocks <= max_nr && pcp->alloc_factor < PCP_BATCH_SCALE_MAX)
                        pcp->alloc_factor++;
                blocks = blocks < max_nr ? blocks : max_nr;
        }
        if (blocks > 1)
                blocks = (blocks >> order) > 2 ? blocks >> order : 2;
        return blocks;
}
static int clamp_int(int value, int low, int high)
{
        int raised = value > low ? value : low;

        /* min(max(value, low), high), as clamp() */
        return raised < high ? raised : high;
}
struct page *rmqueue_pcplist(struct zone *zone, unsigned int order,
                             int migratetype, unsigned int alloc_flags, int cpu)
{
        struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

        if (!pcp_spin_trylock(pcp))
                return NULL;
        pcp->free_count >>= 1;
        struct list_head *list =
                &pcp->lists[order_to_pindex(migratetype, order)];
        if (list_empty(list)) {
                int batch = nr_pcp_alloc(pcp, zone, order);
                int added = rmqueue_bulk(zone, order, batch, list, migratetype,
                                         alloc_flags)
                            << order;
                WRITE_ONCE(pcp->count, pcp->count + added);
                pcp->alloc_refills++;
        } else {
                pcp->alloc_hits++;
        }
        struct page *page = NULL;
        if (!list_empty(list)) {
                page = list_first_entry(list, struct page, lru);
                list_del(&page->lru);
                WRITE_ONCE(pcp->count, pcp->count - (1 << order));
        }
        pcp_spin_unlock(pcp);
        return page;
}
struct page *rmqueue(struct zone *zone, unsigned int order, int migratetype,
                     unsigned int alloc_flags, int cpu)
{
        struct page *page = NULL;

        if (pcp_allowed_order(order))
                page = rmqueue_pcplist(zone, order, migratetype, alloc_flags,
                                       cpu);
        if (!page)
                page = rmqueue_buddy(zone, order, migratetype, alloc_flags);
        if ((alloc_flags & ALLOC_KSWAPD) && zone_flag(zone, ZONE_BOOSTED_WATERMARK)) {
                zone_clear_flag(zone, ZONE_BOOSTED_WATERMARK);
                wakeup_kswapd(zone->machine, zone, 0, zone_idx(zone));
        }
        return page;
}

struct page *pcp_alloc(struct zone *zone, unsigned int order, int migratetype,
                       unsigned int alloc_flags, int cpu)
{
        if (order > MAX_PAGE_ORDER)
                return NULL;
        struct page *page = rmqueue(zone, order, migratetype, alloc_flags, cpu);
        if (page)
                prep_new_page(page, order, migratetype);
        return page;
}
int pcp_free(struct zone *zone, struct page *page, unsigned int order, int cpu)
{
        if (free_pages_prepare(zone, page, order) != 0)
                return -EINVAL;
        unsigned long pfn = page_to_pfn(zone->map, page);
        int migratetype = get_pageblock_migratetype(zone, pfn);
        struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
        if (!pcp_allowed_order(order) || migratetype == MIGRATE_ISOLATE ||
            !pcp_spin_trylock(pcp)) {
                free_one_page(zone, page, pfn, order, migratetype, FPI_NONE);
                return 0;
        }
        if (migratetype >= MIGRATE_PCPTYPES)
                migratetype = MIGRATE_MOVABLE;
        free_frozen_page_commit(zone, pcp, page, migratetype, order);
        pcp_spin_unlock(pcp);
        return 0;
}
void free_frozen_page_commit(struct zone *zone, struct per_cpu_pages *pcp,
                             struct page *page, int migratetype,
                             unsigned int order)
{
        int pindex = order_to_pindex(migratetype, order);
        int batch = pcp->batch;
        bool free_high = false;

        pcp->alloc_factor >>= 1;
        list_add(&page->lru, &pcp->lists[pindex]);
        WRITE_ONCE(pcp->count, pcp->count + (1 << order));
        if (order && order <= PAGE_ALLOC_COSTLY_ORDER) {
                free_high =
                        pcp->free_count >= batch + pcp->high_min / 2 &&
                        (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) &&
                        (!(pcp->flags & PCPF_FREE_HIGH_BATCH) || pcp->count >= batch);
                pcp->flags |= PCPF_PREV_FREE_HIGH_ORDER;
        } else {
                pcp->flags &= (unsigned char)~PCPF_PREV_FREE_HIGH_ORDER;
        }
        if (pcp->free_count < (batch << PCP_BATCH_SCALE_MAX))
                pcp->free_count = (short)(pcp->free_count + (1 << order));
        int high = nr_pcp_high(pcp, zone, batch, free_high);
        if (pcp->count >= high) {
                free_pcppages_bulk(zone,
                                   nr_pcp_free(pcp, batch, high, free_high),
                                   pcp, pindex);
                if (zone_flag(zone, ZONE_BELOW_HIGH) &&
                    __zone_watermark_ok(zone, 0, wmark_pages(zone, WMARK_HIGH), ZONE_MOVABLE, 0,
                                        (long)READ_ONCE(zone->nr_free_pages)))
                        zone_clear_flag(zone, ZONE_BELOW_HIGH);
        }
}
static int nr_pcp_high(struct per_cpu_pages *pcp, const struct zone *zone,
                       int batch, bool free_high)
{
        int high = pcp->high =
                clamp_int(pcp->high, pcp->high_min, pcp->high_max);

        if (high == 0)
                return 0;
        if (free_high) {
                int lowered = high - (batch << PCP_BATCH_SCALE_MAX);
                pcp->high = lowered > pcp->high_min ? lowered : pcp->high_min;
                return 0;
        }
        int recent = pcp->free_count > batch ? pcp->free_count : batch;
        if (zone_flag(zone, ZONE_RECLAIM_ACTIVE)) {
                pcp->high = high - recent > pcp->high_min ? high - recent
                                                          : pcp->high_min;
                return batch << 2 < pcp->high ? batch << 2 : pcp->high;
        }
        if (pcp->high_min == pcp->high_max)
                return high;
        if (zone_flag(zone, ZONE_BELOW_HIGH)) {
                pcp->high = high - recent > pcp->high_min ? high - recent
                                                          : pcp->high_min;
                return pcp->count > pcp->high_min ? pcp->count : pcp->high_min;
        }
        if (pcp->count >= high) {
                int need = pcp->free_count + batch;
                if (pcp->high < need)
                        pcp->high =
                                clamp_int(need, pcp->high_min, pcp->high_max);
        }
        return high;
}
static int nr_pcp_free(const struct per_cpu_pages *pcp, int batch, int high,
                       bool free_high)
{
        if (free_high) {
                int most = batch << PCP_BATCH_SCALE_MAX;
                return pcp->count < most ? pcp->count : most;
        }
        if (high < batch)
                return 1;
        return clamp_int(pcp->free_count, batch, high - batch);
}
void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp,
                        int pindex)
{
        if (count > pcp->count)
                count = pcp->count;
        /* the list given is drained first */
        pindex--;
        unsigned long zone_lock_flags = spin_lock_irqsave(&zone->lock);
        while (count > 0) {
                struct list_head *list;
                do {
                        if (++pindex > NR_PCP_LISTS - 1)
                                pindex = 0;
                        list = &pcp->lists[pindex];
                } while (list_empty(list));
                unsigned int order = pindex_to_order(pindex);
                do {
                        struct page *page =
                                list_entry(list->prev, struct page, lru);
                        unsigned long pfn = page_to_pfn(zone->map, page);
                        list_del(&page->lru);
                        count -= 1 << order;
                        WRITE_ONCE(pcp->count, pcp->count - (1 << order));
                        __free_one_page(zone, page, pfn, order,
                                        get_pageblock_migratetype(zone, pfn),
                                        FPI_NONE);
                        if (zone->trace)
                                trace_record(zone->trace,
                                             (struct trace_event){
                                                     .type = TRACE_PCPU_DRAIN,
                                                     .pfn = pfn,
                                                     .order = (unsigned char)order,
                                                     .migratetype = (unsigned char)
                                                             get_pageblock_migratetype(zone, pfn) });
                } while (count > 0 && !list_empty(list));
        }
        spin_unlock_irqrestore(&zone->lock, zone_lock_flags);
}
bool decay_pcp_high(struct zone *zone, struct per_cpu_pages *pcp)
{
        int batch = pcp->batch;
        bool drained = false;

        if (!pcp_spin_trylock(pcp))
                /* busy: the next tick will do it */
                return false;
        if (pcp->high > pcp->high_min) {
                int high = pcp->count - (batch << PCP_BATCH_SCALE_MAX);
                if (pcp->high - (pcp->high >> 3) > high)
                        high = pcp->high - (pcp->high >> 3);
                pcp->high = high > pcp->high_min ? high : pcp->high_min;
        }
        int to_drain = pcp->count - pcp->high;
        if (to_drain > 0) {
                free_pcppages_bulk(zone, to_drain, pcp, 0);
                drained = true;
        }
        pcp_spin_unlock(pcp);
        return drained;
}

void drain_pages_zone(struct zone *zone, int cpu)
{
        struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

        for (;;) {
                while (!pcp_spin_trylock(pcp))
                        /* the owner never holds it long, and never sleeps with
                         * it */
                        ;
                int count = pcp->count,
                    chunk = pcp->batch << PCP_BATCH_SCALE_MAX;
                if (count > 0)
                        free_pcppages_bulk(zone, count < chunk ? count : chunk,
                                           pcp, 0);
                pcp_spin_unlock(pcp);
                if (count <= chunk)
                        return;
        }
}

void drain_all_pages(struct zone *zone)
{
        for (int cpu = 0; cpu < zone->nr_pagesets; cpu++)
                /* a hint: the drain locks */
                if (READ_ONCE(zone->per_cpu_pageset[cpu].count))
                        drain_pages_zone(zone, cpu);
}
static void zone_set_pageset_sizes(struct zone *zone, int high_min,
                                   int high_max, int batch)
{
        for (int cpu = 0; cpu < zone->nr_pagesets; cpu++) {
                struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
                while (!pcp_spin_trylock(pcp))
                        ;
                pcp->high_min = high_min;
                pcp->high_max = high_max;
                pcp->high = clamp_int(pcp->high, high_min, high_max);
                pcp->batch = batch;
                pcp_spin_unlock(pcp);
        }
}

void zone_pcp_disable(struct zone *zone)
{
        zone_set_pageset_sizes(zone, 0, 0, 1);
        drain_all_pages(zone);
}

void zone_pcp_enable(struct zone *zone)
{
        zone_set_pageset_sizes(zone, zone->pageset_high_min,
                               zone->pageset_high_max, zone->pageset_batch);
}
