/* reclaim.c: a reclaimable page cache, kswapd per node, direct reclaim.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "machine.h"

#include <errno.h>
#include <string.h>
#include <time.h>

bool pgdat_balanced(struct machine *machine, int nid, unsigned int order,
                    int highest_zoneidx)
{
        bool any = false;

        for (int z = 0; z <= highest_zoneidx && z < machine->topo.nr_zone_types;
             z++) {
                const struct zone *zone =
                        &machine->topo.node_data[nid].node_zones[z];
                if (!zone->managed_pages)
                        continue;
                any = true;
                if (READ_ONCE(zone->nr_free_pages) >
                    wmark_pages(zone, WMARK_HIGH) +
                            (unsigned long)
                                    zone->lowmem_reserve[highest_zoneidx] +
                            (1UL << order) - 1)
                        return true;
        }
        return !any;
}
static bool pgdat_watermark_boosted(struct machine *machine, int nid,
                                    int highest_zoneidx)
{
        for (int z = highest_zoneidx; z >= 0; z--) {
                const struct zone *zone =
                        &machine->topo.node_data[nid].node_zones[z];
                if (zone->managed_pages && READ_ONCE(zone->watermark_boost))
                        return true;
        }
        return false;
}
void wakeup_kswapd(struct machine *machine, struct zone *zone,
                   unsigned int order, int highest_zoneidx)
{
        int nid = zone->zone_pgdat->node_id;
        struct kswapd *kswapd = &machine->kswapd[nid];

        if (!zone->managed_pages)
                return;
        if ((int)order > atomic_load(&kswapd->order))
                atomic_store(&kswapd->order, (int)order);
        if (highest_zoneidx > atomic_load(&kswapd->highest_zoneidx))
                atomic_store(&kswapd->highest_zoneidx, highest_zoneidx);
        if (atomic_load(&kswapd->awake))
                return;
        if (pgdat_balanced(machine, nid, order, highest_zoneidx) &&
            !pgdat_watermark_boosted(machine, nid, highest_zoneidx))
                return;
        if (atomic_exchange(&kswapd->awake, 1))
                return;                      /* another CPU woke it meanwhile */
        atomic_fetch_add(&kswapd->wakeups, 1);
        if (atomic_load(&kswapd->started))
                sem_post(&kswapd->wake);
}
struct zone *page_zone(struct machine *machine, const struct page *page)
{
        return &machine->topo.node_data[page_to_nid(page)]
                        .node_zones[page_zonenum(page)];
}

void page_cache_add(struct machine *machine, struct page *page)
{
        unsigned long flags = spin_lock_irqsave(&machine->cache.lock);

        if (!machine->cache.lru.next)
                INIT_LIST_HEAD(&machine->cache.lru);
        list_add(&page->lru, &machine->cache.lru);
        WRITE_ONCE(machine->cache.nr_pages, machine->cache.nr_pages + 1);
        spin_unlock_irqrestore(&machine->cache.lock, flags);
}
unsigned long shrink_page_cache(struct machine *machine, int nid,
                                unsigned long nr_to_reclaim)
{
        unsigned long reclaimed = 0;
        unsigned long flags = spin_lock_irqsave(&machine->cache.lock);

        for (struct list_head *link = machine->cache.lru.prev;
             machine->cache.lru.next && link != &machine->cache.lru &&
             reclaimed < nr_to_reclaim;) {
                struct page *page = list_entry(link, struct page, lru);
                link = link->prev;
                if (page_to_nid(page) != nid)
                        continue;
                list_del(&page->lru);
                WRITE_ONCE(machine->cache.nr_pages,
                           machine->cache.nr_pages - 1);
                struct zone *zone = page_zone(machine, page);
                if (free_pages_prepare(zone, page, 0) == 0) {
                        unsigned long pfn = page_to_pfn(zone->map, page);
                        free_one_page(zone, page, pfn, 0,
                                      get_pageblock_migratetype(zone, pfn),
                                      FPI_NONE);
                        reclaimed++;
                }
        }
        spin_unlock_irqrestore(&machine->cache.lock, flags);
        return reclaimed;
}
unsigned long kswapd_balance(struct machine *machine, int nid)
{
        struct kswapd *kswapd = &machine->kswapd[nid];
        unsigned int order = (unsigned int)atomic_exchange(&kswapd->order, 0);
        int highest = atomic_exchange(&kswapd->highest_zoneidx, 0);
        unsigned long reclaimed = 0, boost = 0;

        if (highest == 0)
                highest = machine->topo.nr_zone_types - 1;
        for (int z = 0; z <= highest; z++)
                boost += READ_ONCE(machine->topo.node_data[nid]
                                           .node_zones[z]
                                           .watermark_boost);
        for (;;) {
                if (!pgdat_balanced(machine, nid, order, highest))
                        boost = 0;
                else if (boost == 0)
                        break;
                unsigned long n = shrink_page_cache(machine, nid, SWAP_CLUSTER_MAX);
                if (n == 0)
                        break;
                reclaimed += n;
                boost -= n < boost ? n : boost;
        }
        for (int z = 0; z < machine->topo.nr_zone_types; z++)
                WRITE_ONCE(machine->topo.node_data[nid]
                                   .node_zones[z]
                                   .watermark_boost,
                           0);
        atomic_fetch_add(&kswapd->runs, 1);
        atomic_fetch_add(&kswapd->reclaimed, reclaimed);
        atomic_store(&kswapd->awake, 0);
        return reclaimed;
}
static void *kswapd_thread(void *data)
{
        struct machine *machine = ((struct kswapd_arg *)data)->machine;
        int nid = ((struct kswapd_arg *)data)->nid;
        struct kswapd *kswapd = &machine->kswapd[nid];

        for (;;) {
                if (sem_wait(&kswapd->wake) != 0)
                        continue;                    /* EINTR */
                if (atomic_load(&kswapd->stop))
                        return NULL;
                kswapd_balance(machine, nid);
        }
}
int kswapd_start(struct machine *machine)
{
        for (int nid = 0; nid < machine->topo.nr_nodes; nid++) {
                struct kswapd *kswapd = &machine->kswapd[nid];
                if (atomic_load(&kswapd->started))
                        continue;
                machine->kswapd_args[nid] = (struct kswapd_arg){ machine, nid };
                sem_init(&kswapd->wake, 0, 0);
                atomic_store(&kswapd->stop, 0);
                if (pthread_create(&kswapd->thread, NULL, kswapd_thread,
                                   &machine->kswapd_args[nid]) != 0)
                        return -EAGAIN;
                atomic_store(&kswapd->started, 1);
        }
        return 0;
}

void kswapd_stop(struct machine *machine)
{
        for (int nid = 0; nid < machine->topo.nr_nodes; nid++) {
                struct kswapd *kswapd = &machine->kswapd[nid];
                if (!atomic_load(&kswapd->started))
                        continue;
                atomic_store(&kswapd->stop, 1);
                sem_post(&kswapd->wake);
                pthread_join(kswapd->thread, NULL);
                sem_destroy(&kswapd->wake);
                atomic_store(&kswapd->started, 0);
        }
}
static void *vmstat_thread(void *data)
{
        struct machine *machine = data;
        struct timespec pause = { machine->vmstat.interval_ns / 1000000000L,
                                  machine->vmstat.interval_ns % 1000000000L };

        while (!atomic_load(&machine->vmstat.stop)) {
                nanosleep(&pause, NULL);
                for (int nid = 0; nid < machine->topo.nr_nodes; nid++)
                        for (int z = 0; z < machine->topo.nr_zone_types; z++) {
                                struct zone *zone =
                                        &machine->topo.node_data[nid]
                                                 .node_zones[z];
                                for (int cpu = 0; populated_zone(zone) &&
                                                  cpu < zone->nr_pagesets;
                                     cpu++)
                                        decay_pcp_high(
                                                zone,
                                                &zone->per_cpu_pageset[cpu]);
                        }
                atomic_fetch_add(&machine->vmstat.ticks, 1);
        }
        return NULL;
}
int vmstat_start(struct machine *machine, long interval_ns)
{
        if (atomic_load(&machine->vmstat.started))
                return 0;
        machine->vmstat.interval_ns = interval_ns;
        atomic_store(&machine->vmstat.stop, 0);
        if (pthread_create(&machine->vmstat.thread, NULL, vmstat_thread,
                           machine) != 0)
                return -EAGAIN;
        atomic_store(&machine->vmstat.started, 1);
        return 0;
}

void vmstat_stop(struct machine *machine)
{
        if (!atomic_load(&machine->vmstat.started))
                return;
        atomic_store(&machine->vmstat.stop, 1);
        pthread_join(machine->vmstat.thread, NULL);
        atomic_store(&machine->vmstat.started, 0);
}
