/* reclaim.h: a reclaimable page cache, kswapd per node, direct reclaim.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#ifndef LABYRINTH_RECLAIM_H
#define LABYRINTH_RECLAIM_H

#include <pthread.h>
#include <semaphore.h>

#include "pcp.h"

struct machine;

enum { SWAP_CLUSTER_MAX = 32, MAX_RECLAIM_RETRIES = 16 };

struct page_cache {
        spinlock_t lock;
        /* reclaimable pages, oldest at the tail */
        struct list_head lru;
        unsigned long nr_pages;
};

struct kswapd {
        pthread_t thread;
        /* posted by wakeup_kswapd, even from interrupts */
        sem_t wake;
        atomic_int started, stop;
        atomic_int awake;                    /* woken, not yet back asleep */
        atomic_int order, highest_zoneidx;
        atomic_ulong wakeups, runs, reclaimed;
};
struct kswapd_arg {
        struct machine *machine;
        int nid;
};
struct vmstat_worker {
        pthread_t thread;
        atomic_int started, stop;
        long interval_ns;
        atomic_ulong ticks;
};
struct zone *page_zone(struct machine *machine, const struct page *page);
void page_cache_add(struct machine *machine, struct page *page);
unsigned long shrink_page_cache(struct machine *machine, int nid,
                                unsigned long nr_to_reclaim);
bool pgdat_balanced(struct machine *machine, int nid, unsigned int order,
                    int highest_zoneidx);
void wakeup_kswapd(struct machine *machine, struct zone *zone,
                   unsigned int order, int highest_zoneidx);
unsigned long kswapd_balance(struct machine *machine, int nid);
int kswapd_start(struct machine *machine);
void kswapd_stop(struct machine *machine);
int vmstat_start(struct machine *machine, long interval_ns);
void vmstat_stop(struct machine *machine);

#endif
