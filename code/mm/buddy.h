/* buddy.h: free areas, pageblocks, split, merge, fallback, highatomic reserve.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#ifndef LABYRINTH_BUDDY_H
#define LABYRINTH_BUDDY_H

#include "zone.h"

static inline bool zone_flag(const struct zone *zone, unsigned long flag)
{
        return (READ_ONCE(zone->flags) & flag) != 0;
}

static inline void zone_set_flag(struct zone *zone, unsigned long flag)
{
        __atomic_fetch_or(&zone->flags, flag, __ATOMIC_RELAXED);
}

static inline void zone_clear_flag(struct zone *zone, unsigned long flag)
{
        __atomic_fetch_and(&zone->flags, ~flag, __ATOMIC_RELAXED);
}
/* page_type with PGTY_buddy, 0xf0 */
#define PAGE_TYPE_BUDDY ((int)0xf0000000u)
#define NODES_PGSHIFT 56
#define ZONES_PGSHIFT 60
enum {
        PG_lru = 1,          /* allocated for a movable (user, LRU) use */
        PG_owned = 2,        /* model: part of an allocated block */
        PG_owner_head = 4,   /* model: first page of an allocated block */
};

static inline bool PageBuddy(const struct page *page)
{
        return atomic_load(&page->_mapcount) == PAGE_TYPE_BUDDY;
}

static inline unsigned int buddy_order(const struct page *page)
{
        return (unsigned int)page->private;
}

static inline int page_zonenum(const struct page *page)
{
        return (int)((READ_ONCE(page->flags) >> ZONES_PGSHIFT) & 7);
}

static inline int page_to_nid(const struct page *page)
{
        return (int)((READ_ONCE(page->flags) >> NODES_PGSHIFT) & 15);
}

static inline unsigned long page_zone_id(const struct page *page)
{
        /* node and zone in one number */
        return READ_ONCE(page->flags) >> NODES_PGSHIFT;
}
#define PAGE_POISON 0xaa
#define PG_poisoned 16       /* model: filled with PAGE_POISON when freed */
#define PG_head 8

static inline bool PageHead(const struct page *page)
{
        return (page->flags & PG_head) != 0;
}

static inline bool PageTail(const struct page *page)
{
        return ((uintptr_t)page->lru.next & 1) != 0;
}

static inline struct page *compound_head(struct page *page)
{
        return PageTail(page) ? (struct page *)((uintptr_t)page->lru.next - 1)
                              : page;
}

static inline unsigned int compound_order(const struct page *page)
{
        return PageHead(page) ? (unsigned int)page[1].index : 0;
}
static inline void get_page(struct page *page)
{
        atomic_fetch_add(&page->_refcount, 1);
}

static inline int page_ref_count(const struct page *page)
{
        return atomic_load(&page->_refcount);
}

static inline bool put_page_testzero(struct page *page)
{
        return atomic_fetch_sub(&page->_refcount, 1) == 1;
}
int zone_init_buddy(struct zone *zone, struct memmap *map, struct kmsg *log);
void zone_free_buddy(struct zone *zone);
void memblock_free_zone(struct zone *zone, const struct memory_range *ranges,
                        int nr_ranges, unsigned long reserved_below);
int get_pageblock_migratetype(const struct zone *zone, unsigned long pfn);
void set_pageblock_migratetype(struct zone *zone, unsigned long pfn,
                               int migratetype);
void __free_one_page(struct zone *zone, struct page *page, unsigned long pfn,
                     unsigned int order, int migratetype, int fpi);
struct page *__rmqueue_smallest(struct zone *zone, unsigned int order,
                                int migratetype);
struct page *__rmqueue(struct zone *zone, unsigned int order, int migratetype,
                       unsigned int alloc_flags);
struct page *rmqueue_buddy(struct zone *zone, unsigned int order,
                           int migratetype, unsigned int alloc_flags);
void reserve_highatomic_pageblock(struct page *page, unsigned int order,
                                  struct zone *zone);
bool unreserve_highatomic_pageblock(struct zone *zone, int migratetype,
                                    bool force);
struct page *buddy_alloc(struct zone *zone, unsigned int order, int migratetype,
                         unsigned int alloc_flags);
int buddy_free(struct zone *zone, struct page *page, unsigned int order);
void prep_new_page(struct page *page, unsigned int order, int migratetype);
int free_pages_prepare(struct zone *zone, struct page *page,
                       unsigned int order);
void free_one_page(struct zone *zone, struct page *page, unsigned long pfn,
                   unsigned int order, int migratetype, int fpi);
void bad_page(struct zone *zone, struct page *page, unsigned long pfn,
              const char *reason);
int buddy_check_zone(const struct zone *zone);
unsigned long zone_allocated_pages(const struct zone *zone);
#define PAGES_PER_SECTION (1UL << (27 - PAGE_SHIFT))   /* 128 MiB */
void deferred_grow_zone(struct zone *zone);
static inline unsigned long zone_deferred_blocks(const struct zone *zone)
{
        return (zone->deferred_end_pfn - zone->deferred_pfn) >> MAX_PAGE_ORDER;
}
void debug_pagealloc_unmap_pages(struct zone *zone, struct page *page,
                                 unsigned int order);
void debug_pagealloc_map_pages(struct zone *zone, struct page *page,
                               unsigned int order);
void debug_pagealloc_install(void);

#endif
