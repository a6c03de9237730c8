/* exercises.h: the functions the exercises ask for; the model calls none of
 * them. Generated from the chapters by notangle; edit the chapters, not this
 * file. */
#ifndef LABYRINTH_EXERCISES_H
#define LABYRINTH_EXERCISES_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/machine.h"
#include "mm/gfp.h"
#include "mm/cpu.h"
#include "mm/page_alloc.h"
#include "tool/gfp_parse.h"
#include "mm/api.h"
#include "labyrinth.h"

struct per_cpu_pages_6_6 {           /* what nr_pcp_free() read in 6.1 to 6.6 */
        int count, high, batch;
        /* drains since the last allocation */
        short free_factor;
};
struct ticket_lock {
        /* the ticket the next CPU to come takes */
        atomic_uint next;
        atomic_uint owner;                   /* the ticket being served */
};
/* mm/internal.h of 6.2; the marks as today */
enum alloc_flag_6_2 {
        ALLOC_OOM_6_2 = 0x08,                /* = ALLOC_OOM */
        /* GFP_ATOMIC and real-time tasks */
        ALLOC_HARDER_6_2 = 0x10,
        ALLOC_HIGH_6_2 = 0x20,               /* __GFP_HIGH */
};
/* why an atomic request would fail, read from a failure report */
enum alloc_failure {
        ALLOC_WOULD_SUCCEED,
        FAIL_WATERMARK,                      /* no zone has the count */
        FAIL_FRAGMENTATION,                  /* one has, but no block */
};
bool page_is_ram(const struct machine *machine, unsigned long pfn);
unsigned long kernel_address_to_pfn(const struct memmap *map, uint64_t address);
int gfp_zone_by_tests(gfp_t flags);
unsigned long zone_wmark_4_5(const struct topology *topo,
                             const struct zone *zone, int min_free_kbytes,
                             enum zone_watermarks mark);
struct zone *zone_of_pfn(struct topology *topo, unsigned long pfn);
bool page_is_buddy(const struct zone *zone, const struct page *page,
                   const struct page *buddy, unsigned int order);
int split_plan(unsigned long pfn, unsigned int low, unsigned int high,
               unsigned long pfns[], unsigned int orders[]);
int nr_pcp_free_6_6(struct per_cpu_pages_6_6 *pcp, bool free_high);
int nr_pcp_alloc_6_6(int batch, unsigned int order);
bool spin_trylock_irqsave(spinlock_t *lock, unsigned long *flags);
void ticket_lock_init(struct ticket_lock *lock);
void ticket_lock(struct ticket_lock *lock);
bool ticket_trylock(struct ticket_lock *lock);
void ticket_unlock(struct ticket_lock *lock);
long zone_watermark_threshold_6_2(const struct zone *zone, unsigned long mark,
                                  int highest_zoneidx,
                                  unsigned int alloc_flags);
struct zone *fast_path_zone(struct machine *machine, gfp_t gfp,
                            unsigned int order);
long watermark_to_beat(const struct machine *machine, const struct zone *zone,
                       const char *gfp_text, unsigned int order);
bool reclaim_retry_worthwhile_4_11(const struct zone *zone, unsigned int order,
                                   unsigned int alloc_flags,
                                   int highest_zoneidx,
                                   unsigned long reclaimable,
                                   int no_progress_loops);
unsigned int get_order_fls(unsigned long size);
struct page *virt_to_head_page(const struct memmap *map, const void *addr);
unsigned long alloc_pages_bulk(struct machine *machine, gfp_t gfp,
                               unsigned long nr_pages,
                               struct page **page_array);
enum alloc_failure atomic_failure_cause(struct machine *machine, gfp_t gfp,
                                        unsigned int order);

#endif
