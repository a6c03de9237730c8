/* buddy.c: free areas, pageblocks, split, merge, fallback, highatomic reserve.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "buddy.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int get_pageblock_migratetype(const struct zone *zone, unsigned long pfn)
{
        return zone->pageblock_migratetype[(pfn - zone->pageblock_base_pfn) /
                                           pageblock_nr_pages];
}

void set_pageblock_migratetype(struct zone *zone, unsigned long pfn,
                               int migratetype)
{
        zone->pageblock_migratetype[(pfn - zone->pageblock_base_pfn) /
                                    pageblock_nr_pages] =
                (unsigned char)migratetype;
}
static inline void set_buddy(struct page *page, unsigned int order)
{
        page->private = order;
        atomic_store_explicit(&page->_mapcount, PAGE_TYPE_BUDDY,
                              memory_order_relaxed);
}

static inline void clear_buddy(struct page *page)
{
        page->private = 0;
        atomic_store_explicit(&page->_mapcount, -1, memory_order_relaxed);
}
static inline void account_freepages(struct zone *zone, long nr_pages,
                                     int migratetype)
{
        WRITE_ONCE(zone->nr_free_pages,
                   zone->nr_free_pages + (unsigned long)nr_pages);
        if (migratetype == MIGRATE_HIGHATOMIC)
                WRITE_ONCE(zone->nr_free_highatomic,
                           zone->nr_free_highatomic + (unsigned long)nr_pages);
}

static inline void __add_to_free_list(struct zone *zone, struct page *page,
                                      unsigned int order, int migratetype,
                                      bool tail)
{
        struct free_area *area = &zone->free_area[order];

        set_buddy(page, order);
        if (tail)
                list_add_tail(&page->lru, &area->free_list[migratetype]);
        else
                list_add(&page->lru, &area->free_list[migratetype]);
        WRITE_ONCE(area->nr_free, area->nr_free + 1);
}

static inline void __del_from_free_list(struct zone *zone, struct page *page,
                                        unsigned int order)
{
        if (page == zone->deferred_anchor)   /* chapter 18 */
                deferred_grow_zone(zone);
        list_del(&page->lru);
        clear_buddy(page);
        WRITE_ONCE(zone->free_area[order].nr_free,
                   zone->free_area[order].nr_free - 1);
}

static inline void add_to_free_list(struct zone *zone, struct page *page,
                                    unsigned int order, int migratetype,
                                    bool tail)
{
        __add_to_free_list(zone, page, order, migratetype, tail);
        account_freepages(zone, 1L << order, migratetype);
}

static inline void del_from_free_list(struct zone *zone, struct page *page,
                                      unsigned int order, int migratetype)
{
        __del_from_free_list(zone, page, order);
        account_freepages(zone, -(1L << order), migratetype);
}
static inline unsigned long expand(struct zone *zone, struct page *page,
                                   unsigned int low, unsigned int high,
                                   int migratetype)
{
        unsigned long size = 1UL << high, nr_added = 0;

        while (high > low) {
                high--;
                size >>= 1;
                __add_to_free_list(zone, &page[size], high, migratetype, false);
                nr_added += size;
        }
        return nr_added;
}
static inline void page_del_and_expand(struct zone *zone, struct page *page,
                                       unsigned int low, unsigned int high,
                                       int migratetype)
{
        long nr_pages = 1L << high;

        __del_from_free_list(zone, page, high);
        nr_pages -= (long)expand(zone, page, low, high, migratetype);
        account_freepages(zone, -nr_pages, migratetype);
}

struct page *__rmqueue_smallest(struct zone *zone, unsigned int order,
                                int migratetype)
{
        for (unsigned int current_order = order; current_order < NR_PAGE_ORDERS;
             current_order++) {
                struct list_head *list =
                        &zone->free_area[current_order].free_list[migratetype];
                if (list_empty(list))
                        continue;
                struct page *page = list_first_entry(list, struct page, lru);
                page_del_and_expand(zone, page, order, current_order,
                                    migratetype);
                if (zone->trace)
                        trace_record(
                                zone->trace,
                                (struct trace_event){
                                        .type = TRACE_ZONE_LOCKED,
                                        .pfn = page_to_pfn(zone->map, page),
                                        .order = (unsigned char)order,
                                        .migratetype = (unsigned char)migratetype,
                                        /* pcp_allowed_order() of chapter 5, spelled out:
                                           buddy.c sits below pcp.c */
                                        .percpu_refill = (order <= PAGE_ALLOC_COSTLY_ORDER ||
                                                          order == pageblock_order) &&
                                                         migratetype < MIGRATE_PCPTYPES });
                return page;
        }
        return NULL;
}
static inline struct page *find_buddy_page_pfn(const struct zone *zone,
                                               struct page *page,
                                               unsigned long pfn,
                                               unsigned int order,
                                               unsigned long *buddy_pfn)
{
        unsigned long candidate = pfn ^ (1UL << order);

        if (!pfn_valid(zone->map, candidate))
                return NULL;
        struct page *buddy = page + ((long)candidate - (long)pfn);
        if (!PageBuddy(buddy) || buddy_order(buddy) != order ||
            page_zone_id(buddy) != page_zone_id(page))
                return NULL;
        *buddy_pfn = candidate;
        return buddy;
}
static inline bool migratetype_is_mergeable(int migratetype)
{
        return migratetype < MIGRATE_PCPTYPES;
}

void __free_one_page(struct zone *zone, struct page *page, unsigned long pfn,
                     unsigned int order, int migratetype, int fpi)
{
        unsigned long buddy_pfn = 0;

        account_freepages(zone, 1L << order, migratetype);
        while (order < MAX_PAGE_ORDER) {
                struct page *buddy =
                        find_buddy_page_pfn(zone, page, pfn, order, &buddy_pfn);
                if (!buddy)
                        break;
                int buddy_type = migratetype;
                if (order >= pageblock_order) {
                        buddy_type = get_pageblock_migratetype(zone, buddy_pfn);
                        if (migratetype != buddy_type &&
                            (!migratetype_is_mergeable(migratetype) ||
                             !migratetype_is_mergeable(buddy_type)))
                                break;
                }
                __del_from_free_list(zone, buddy, order);
                if (buddy_type != migratetype)
                        set_pageblock_migratetype(zone, buddy_pfn, migratetype);
                page += ((long)(buddy_pfn & pfn) - (long)pfn);
                pfn = buddy_pfn & pfn;
                order++;
        }
        bool to_tail = (fpi & FPI_TO_TAIL) != 0;
        if (!to_tail && order < MAX_PAGE_ORDER - 1) {
                unsigned long higher_pfn = (pfn ^ (1UL << order)) & pfn;
                struct page *higher = page + ((long)higher_pfn - (long)pfn);
                unsigned long ignored;
                to_tail = find_buddy_page_pfn(zone, higher, higher_pfn, order + 1,
                                              &ignored) != NULL;
        }
        __add_to_free_list(zone, page, order, migratetype, to_tail);
}
static void trace_fallback(struct zone *zone, struct page *page,
                           unsigned int order, int current_order,
                           int start_type, int fallback_type)
{
        unsigned long pfn = page_to_pfn(zone->map, page);

        trace_record(
                zone->trace,
                (struct trace_event){
                        .type = TRACE_EXTFRAG,
                        .pfn = pfn,
                        .order = (unsigned char)order,
                        .fallback_order = (unsigned char)current_order,
                        .migratetype = (unsigned char)start_type,
                        .fallback_migratetype = (unsigned char)fallback_type,
                        .change_ownership = get_pageblock_migratetype(
                                                    zone, pfn) == start_type });
}

static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
        [MIGRATE_UNMOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
        [MIGRATE_MOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
        [MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};
static bool should_try_claim_block(unsigned int order, int start_type)
{
        return order >= pageblock_order / 2 ||
               start_type == MIGRATE_RECLAIMABLE ||
               start_type == MIGRATE_UNMOVABLE;
}

static int find_suitable_fallback(const struct zone *zone, unsigned int order,
                                  int migratetype, bool claimable)
{
        if (claimable && !should_try_claim_block(order, migratetype))
                return -2;
        if (zone->free_area[order].nr_free == 0)
                return -1;
        for (int i = 0; i < MIGRATE_PCPTYPES - 1; i++)
                if (!list_empty(&zone->free_area[order]
                                         .free_list[fallbacks[migratetype][i]]))
                        return fallbacks[migratetype][i];
        return -1;
}
static unsigned long mult_frac_ul(unsigned long x, unsigned long n,
                                  unsigned long d)
{
        return (x / d) * n + ((x % d) * n) / d;
}

static void boost_watermark(struct zone *zone, unsigned int alloc_flags)
{
        if (pageblock_nr_pages * 4 > zone->managed_pages)
                return;
        unsigned long max_boost = mult_frac_ul(zone->_watermark[WMARK_HIGH],
                                               WATERMARK_BOOST_FACTOR, 10000);
        if (max_boost == 0)
                return;
        if (max_boost < pageblock_nr_pages)
                max_boost = pageblock_nr_pages;
        unsigned long boost = zone->watermark_boost + pageblock_nr_pages;
        WRITE_ONCE(zone->watermark_boost,
                   boost < max_boost ? boost : max_boost);
        if (alloc_flags & ALLOC_KSWAPD)
                zone_set_flag(zone, ZONE_BOOSTED_WATERMARK);
}
static void move_freepages_block(struct zone *zone, unsigned long start_pfn,
                                 int old_type, int new_type,
                                 unsigned long *free, unsigned long *movable)
{
        *free = *movable = 0;
        for (unsigned long pfn = start_pfn;
             pfn < start_pfn + pageblock_nr_pages;) {
                struct page *page = pfn_to_page(zone->map, pfn);
                if (PageBuddy(page)) {
                        unsigned int order = buddy_order(page);
                        del_from_free_list(zone, page, order, old_type);
                        add_to_free_list(zone, page, order, new_type, true);
                        *free += 1UL << order;
                        pfn += 1UL << order;
                        continue;
                }
                if (page->flags & PG_lru)
                        (*movable)++;
                pfn++;
        }
        set_pageblock_migratetype(zone, start_pfn, new_type);
}
static bool block_in_zone(const struct zone *zone, unsigned long start_pfn)
{
        return start_pfn >= zone->zone_start_pfn &&
               start_pfn + pageblock_nr_pages <=
                       zone->zone_start_pfn + zone->spanned_pages;
}

static struct page *try_to_claim_block(struct zone *zone, struct page *page,
                                       unsigned int current_order,
                                       unsigned int order, int start_type,
                                       int block_type, unsigned int alloc_flags)
{
        unsigned long pfn = page_to_pfn(zone->map, page);

        if (current_order >= pageblock_order) {
                del_from_free_list(zone, page, current_order, block_type);
                for (unsigned long p = pfn; p < pfn + (1UL << current_order);
                     p += pageblock_nr_pages)
                        set_pageblock_migratetype(zone, p, start_type);
                account_freepages(zone,
                                  (long)expand(zone, page, order, current_order,
                                               start_type),
                                  start_type);
                return page;
        }
        boost_watermark(zone, alloc_flags);
        unsigned long start_pfn = pfn & ~(pageblock_nr_pages - 1), free,
                      movable;
        if (!block_in_zone(zone, start_pfn))
                return NULL;
        move_freepages_block(zone, start_pfn, block_type, start_type, &free, &movable);
        unsigned long alike;
        if (start_type == MIGRATE_MOVABLE)
                alike = movable;
        else
                alike = block_type == MIGRATE_MOVABLE
                                ? pageblock_nr_pages - (free + movable)
                                : 0;
        if (free + alike >= 1UL << (pageblock_order - 1))
                return __rmqueue_smallest(zone, order, start_type);
        move_freepages_block(zone, start_pfn, start_type, block_type, &free, &movable);
        return NULL;
}
static struct page *__rmqueue_claim(struct zone *zone, unsigned int order,
                                    int start_type, unsigned int alloc_flags)
{
        unsigned int min_order = order;

        if (order < pageblock_order && (alloc_flags & ALLOC_NOFRAGMENT))
                min_order = pageblock_order;
        for (int current_order = MAX_PAGE_ORDER;
             current_order >= (int)min_order; current_order--) {
                int fallback_type = find_suitable_fallback(
                        zone, (unsigned int)current_order, start_type, true);
                if (fallback_type == -1)
                        continue;
                if (fallback_type == -2)
                        break;
                struct page *page =
                        list_first_entry(&zone->free_area[current_order]
                                                  .free_list[fallback_type],
                                         struct page, lru);
                page = try_to_claim_block(
                        zone, page, (unsigned int)current_order, order,
                        start_type, fallback_type, alloc_flags);
                if (page) {
                        if (zone->trace)
                                trace_fallback(zone, page, order, (int)current_order, start_type,
                                               fallback_type);
                        return page;
                }
        }
        return NULL;
}

static struct page *__rmqueue_steal(struct zone *zone, unsigned int order,
                                    int start_type)
{
        for (unsigned int current_order = order; current_order < NR_PAGE_ORDERS;
             current_order++) {
                int fallback_type = find_suitable_fallback(zone, current_order,
                                                           start_type, false);
                if (fallback_type < 0)
                        continue;
                struct page *page =
                        list_first_entry(&zone->free_area[current_order]
                                                  .free_list[fallback_type],
                                         struct page, lru);
                page_del_and_expand(zone, page, order, current_order,
                                    fallback_type);
                if (zone->trace)
                        trace_fallback(zone, page, order, (int)current_order, start_type,
                                       fallback_type);
                return page;
        }
        return NULL;
}
struct page *__rmqueue(struct zone *zone, unsigned int order, int migratetype,
                       unsigned int alloc_flags)
{
        struct page *page = __rmqueue_smallest(zone, order, migratetype);

        if (!page)
                page = __rmqueue_claim(zone, order, migratetype, alloc_flags);
        if (!page && !(alloc_flags & ALLOC_NOFRAGMENT))
                page = __rmqueue_steal(zone, order, migratetype);
        return page;
}
void reserve_highatomic_pageblock(struct page *page, unsigned int order,
                                  struct zone *zone)
{
        unsigned long max = zone->managed_pages / 100;

        if (max < pageblock_nr_pages)
                return;
        max = (max + pageblock_nr_pages - 1) & ~(pageblock_nr_pages - 1);
        if (zone->nr_reserved_highatomic >= max)
                return;
        unsigned long pfn = page_to_pfn(zone->map, page), free, movable;
        int type = get_pageblock_migratetype(zone, pfn);
        if (!migratetype_is_mergeable(type))
                return;
        if (order < pageblock_order) {
                move_freepages_block(zone, pfn & ~(pageblock_nr_pages - 1),
                                     type, MIGRATE_HIGHATOMIC, &free, &movable);
                zone->nr_reserved_highatomic += pageblock_nr_pages;
        } else {
                for (unsigned long p = pfn; p < pfn + (1UL << order);
                     p += pageblock_nr_pages)
                        set_pageblock_migratetype(zone, p, MIGRATE_HIGHATOMIC);
                zone->nr_reserved_highatomic += 1UL << order;
        }
}
bool unreserve_highatomic_pageblock(struct zone *zone, int migratetype,
                                    bool force)
{
        if (!force && zone->nr_reserved_highatomic <= pageblock_nr_pages)
                return false;
        for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
                struct list_head *list =
                        &zone->free_area[order].free_list[MIGRATE_HIGHATOMIC];
                if (list_empty(list))
                        continue;
                struct page *page = list_first_entry(list, struct page, lru);
                unsigned long pfn = page_to_pfn(zone->map, page), free, movable;
                unsigned long size = order > pageblock_order
                                             ? 1UL << order
                                             : pageblock_nr_pages;
                zone->nr_reserved_highatomic -=
                        size < zone->nr_reserved_highatomic
                                ? size
                                : zone->nr_reserved_highatomic;
                if (order < pageblock_order) {
                        move_freepages_block(zone, pfn & ~(pageblock_nr_pages - 1),
                                             MIGRATE_HIGHATOMIC, migratetype, &free, &movable);
                } else {
                        del_from_free_list(zone, page, order, MIGRATE_HIGHATOMIC);
                        for (unsigned long p = pfn; p < pfn + (1UL << order);
                             p += pageblock_nr_pages)
                                set_pageblock_migratetype(zone, p, migratetype);
                        add_to_free_list(zone, page, order, migratetype, false);
                }
                return true;
        }
        return false;
}
struct page *rmqueue_buddy(struct zone *zone, unsigned int order,
                           int migratetype, unsigned int alloc_flags)
{
        struct page *page = NULL;

        unsigned long zone_lock_flags = spin_lock_irqsave(&zone->lock);
        if (alloc_flags & ALLOC_HIGHATOMIC)
                page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
        if (!page)
                page = __rmqueue(zone, order, migratetype, alloc_flags);
        if (!page && (alloc_flags & (ALLOC_OOM | ALLOC_NON_BLOCK)))
                page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
        spin_unlock_irqrestore(&zone->lock, zone_lock_flags);
        return page;
}
void free_one_page(struct zone *zone, struct page *page, unsigned long pfn,
                   unsigned int order, int migratetype, int fpi)
{
        unsigned long zone_lock_flags = spin_lock_irqsave(&zone->lock);
        __free_one_page(zone, page, pfn, order, migratetype, fpi);
        spin_unlock_irqrestore(&zone->lock, zone_lock_flags);
}
void prep_new_page(struct page *page, unsigned int order, int migratetype)
{
        for (unsigned long i = 0; i < 1UL << order; i++) {
                WRITE_ONCE(
                        page[i].flags,
                        page[i].flags | PG_owned |
                                (migratetype == MIGRATE_MOVABLE ? PG_lru : 0));
                page[i].private = i;    /* offset from the head */
        }
        WRITE_ONCE(page->flags, page->flags | PG_owner_head);
        page->private = order;
        atomic_store_explicit(&page->_refcount, 1, memory_order_relaxed);
}

struct page *buddy_alloc(struct zone *zone, unsigned int order, int migratetype,
                         unsigned int alloc_flags)
{
        if (order > MAX_PAGE_ORDER)
                return NULL;
        struct page *page =
                rmqueue_buddy(zone, order, migratetype, alloc_flags);
        if (page)
                prep_new_page(page, order, migratetype);
        #ifdef LABYRINTH_CHECK_EVERY_OP
        if (buddy_check_zone(zone) != 0)
                abort();
        #endif
        return page;
}
int free_pages_prepare(struct zone *zone, struct page *page, unsigned int order)
{
        unsigned long pfn = page_to_pfn(zone->map, page);
        char reason[128];

        if (pfn == -1UL || pfn < zone->zone_start_pfn ||
            pfn >= zone->zone_start_pfn + zone->spanned_pages ||
            page_zonenum(page) != zone_idx(zone)) {
                printk(zone->log,
                       "BUG: Bad page state in process %s: %p is not a page of "
                       "zone %s\n",
                       program_invocation_short_name, (void *)page, zone->name);
                return -EINVAL;
        }
        if (!(page->flags & PG_owned)) {
                bad_page(zone, page, pfn,
                         "VM_BUG_ON_PAGE(page_ref_count(page) == 0)");
                return -EINVAL;
        }
        if (!(page->flags & PG_owner_head)) {
                snprintf(reason, sizeof(reason),
                         "freeing pfn %#lx inside the allocation at pfn %#lx", pfn,
                         pfn - page->private);
                bad_page(zone, page, pfn, reason);
                return -EINVAL;
        }
        if (page->private != order) {
                snprintf(reason, sizeof(reason),
                         "freed with order %u, allocated with order %lu", order,
                         page->private);
                bad_page(zone, page, pfn, reason);
                return -EINVAL;
        }
        WRITE_ONCE(page->flags,
                   page->flags &
                           ~(unsigned long)(PG_owned | PG_owner_head | PG_lru));
        for (unsigned long i = 1; i < 1UL << order; i++) {
                WRITE_ONCE(page[i].flags,
                           page[i].flags & ~(unsigned long)(PG_owned | PG_lru));
                page[i].private = 0;
        }
        page->private = 0;
        atomic_store_explicit(&page->_refcount, 0, memory_order_relaxed);
        if (zone->page_poisoning) {
                memset(page_address(zone->map, page), PAGE_POISON, PAGE_SIZE << order);
                for (unsigned long i = 0; i < 1UL << order; i++)
                        WRITE_ONCE(page[i].flags, page[i].flags | PG_poisoned);
        }
        if (READ_ONCE(zone->debug_pagealloc_unmap))
                debug_pagealloc_unmap_pages(zone, page, order);
        return 0;
}

int buddy_free(struct zone *zone, struct page *page, unsigned int order)
{
        if (free_pages_prepare(zone, page, order) != 0)
                return -EINVAL;
        unsigned long pfn = page_to_pfn(zone->map, page);
        free_one_page(zone, page, pfn, order,
                      get_pageblock_migratetype(zone, pfn), FPI_NONE);
        #ifdef LABYRINTH_CHECK_EVERY_OP
        if (buddy_check_zone(zone) != 0)
                abort();
        #endif
        return 0;
}
void bad_page(struct zone *zone, struct page *page, unsigned long pfn,
              const char *reason)
{
        printk(zone->log, "BUG: Bad page state in process %s  pfn:%05lx\n",
               program_invocation_short_name, pfn);
        printk(zone->log,
               "page: refcount:%d mapcount:%d mapping:%016lx index:0x%lx "
               "pfn:0x%lx\n",
               atomic_load(&page->_refcount),
               PageBuddy(page) ? 0 : atomic_load(&page->_mapcount) + 1,
               (unsigned long)page->mapping, page->index, pfn);
        printk(zone->log, "flags: %#lx(node=%d zone=%s)\n", page->flags,
               page_to_nid(page), zone_names[page_zonenum(page)]);
        if (PageBuddy(page))
                printk(zone->log, "page_type: f0000000(buddy)\n");
        printk(zone->log, "page dumped because: %s\n", reason);
}
#define CHECK(condition, ...)                                        \
        do {                                                         \
                if (!(condition)) {                                  \
                        if (errors++ < 5)                            \
                                printk(zone->log,                    \
                                       "buddy check: " __VA_ARGS__); \
                }                                                    \
        } while (0)

int buddy_check_zone(const struct zone *zone)
{
        int errors = 0;
        unsigned long free_pages = 0, highatomic = 0, allocated = 0;

        for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
                unsigned long blocks = 0;
                for (int type = 0; type < MIGRATE_TYPES; type++) {
                        const struct list_head *head =
                                &zone->free_area[order].free_list[type];
                        for (const struct list_head *link = head->next; link != head;
                             link = link->next) {
                                const struct page *page =
                                        list_entry(link, struct page, lru);
                                unsigned long pfn = page_to_pfn(zone->map, page);
                                CHECK(PageBuddy(page) && buddy_order(page) == order,
                                      "pfn %#lx on the order-%u list is not a free "
                                      "block of that order\n",
                                      pfn, order);
                                CHECK((pfn & ((1UL << order) - 1)) == 0,
                                      "pfn %#lx misaligned for order %u\n", pfn, order);
                                CHECK(order >= pageblock_order ||
                                              get_pageblock_migratetype(zone, pfn) ==
                                                      type,
                                      "pfn %#lx on the %s list of a %s pageblock\n",
                                      pfn, migratetype_names[type],
                                      migratetype_names[get_pageblock_migratetype(
                                              zone, pfn)]);
                                blocks++;
                                free_pages += 1UL << order;
                                highatomic +=
                                        type == MIGRATE_HIGHATOMIC ? 1UL << order : 0;
                        }
                }
                if (order == MAX_PAGE_ORDER) {   /* and those not yet on one */
                        blocks += zone_deferred_blocks(zone);
                        free_pages += zone->deferred_end_pfn - zone->deferred_pfn;
                }
                CHECK(blocks == zone->free_area[order].nr_free,
                      "order %u: %lu blocks on lists, nr_free %lu\n", order, blocks,
                      zone->free_area[order].nr_free);
        }
        unsigned long end = zone->zone_start_pfn + zone->spanned_pages;
        for (unsigned long pfn = zone->zone_start_pfn;
             pfn < end && pfn < zone->map->end_pfn;) {
                if (pfn == zone->deferred_pfn && zone_deferred_blocks(zone)) {
                        pfn = zone->deferred_end_pfn;   /* free, and unwritten */
                        continue;
                }
                const struct page *page = &zone->map->pages[pfn - zone->map->start_pfn];
                unsigned long size = 1;
                if (PageBuddy(page)) {
                        unsigned int order = buddy_order(page);
                        size = 1UL << order;
                        CHECK(!(page->flags & PG_owned), "pfn %#lx is free and owned\n",
                              pfn);
                        for (unsigned long i = 1; i < size && pfn + i < end; i++)
                                CHECK(!PageBuddy(page + i) &&
                                              !(page[i].flags & PG_owned),
                                      "pfn %#lx inside the free block at %#lx is in "
                                      "use\n",
                                      pfn + i, pfn);
                        unsigned long buddy_pfn = pfn ^ size;
                        if (order < MAX_PAGE_ORDER && order < pageblock_order &&
                            pfn_valid(zone->map, buddy_pfn)) {
                                const struct page *buddy =
                                        &zone->map->pages[buddy_pfn -
                                                          zone->map->start_pfn];
                                CHECK(!(PageBuddy(buddy) &&
                                        buddy_order(buddy) == order &&
                                        page_zone_id(buddy) == page_zone_id(page)),
                                      "free buddies %#lx and %#lx of order %u were not "
                                      "merged\n",
                                      pfn, buddy_pfn, order);
                        }
                } else if (page->flags & PG_owner_head) {
                        size = 1UL << page->private;
                        allocated += size;
                        for (unsigned long i = 1; i < size; i++)
                                CHECK((page[i].flags & (PG_owned | PG_owner_head)) ==
                                                      PG_owned &&
                                              page[i].private == i,
                                      "pfn %#lx does not belong to the allocation at "
                                      "%#lx\n",
                                      pfn + i, pfn);
                } else {
                        CHECK(!(page->flags & PG_owned),
                              "pfn %#lx is owned but has no head before it\n", pfn);
                }
                pfn += size;
        }
        CHECK(free_pages == zone->nr_free_pages,
              "zone %s: %lu pages on lists, NR_FREE_PAGES %lu\n", zone->name,
              free_pages, zone->nr_free_pages);
        CHECK(highatomic == zone->nr_free_highatomic,
              "zone %s: %lu highatomic pages free, counted %lu\n", zone->name,
              highatomic, zone->nr_free_highatomic);
        unsigned long elsewhere = 0;
        for (int cpu = 0; zone->per_cpu_pageset && cpu < zone->nr_pagesets; cpu++) {
                const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
                long pages = 0;
                for (int pindex = 0; pindex < NR_PCP_LISTS; pindex++) {
                        unsigned int order =
                                pindex < NR_LOWORDER_PCP_LISTS
                                        ? (unsigned int)pindex / MIGRATE_PCPTYPES
                                        : pageblock_order;
                        const struct list_head *head = &pcp->lists[pindex];
                        for (const struct list_head *link = head->next;
                             head->next && link != head; link = link->next) {
                                const struct page *page =
                                        list_entry(link, struct page, lru);
                                unsigned long pfn = page_to_pfn(zone->map, page);
                                CHECK(!PageBuddy(page) && !(page->flags & PG_owned) &&
                                              !(pfn & ((1UL << order) - 1)),
                                      "pfn %#lx on CPU %d's per-CPU list is not a free "
                                      "block of order %u\n",
                                      pfn, cpu, order);
                                pages += 1L << order;
                        }
                }
                CHECK(pages == pcp->count,
                      "CPU %d: %ld pages on per-CPU lists, count %d\n", cpu, pages,
                      pcp->count);
                elsewhere += (unsigned long)pages;
        }
        CHECK(free_pages + allocated + elsewhere == zone->managed_pages,
              "zone %s: free %lu + allocated %lu + elsewhere %lu != managed "
              "%lu\n",
              zone->name, free_pages, allocated, elsewhere,
              zone->managed_pages);
        return errors;
}
unsigned long zone_allocated_pages(const struct zone *zone)
{
        unsigned long allocated = 0,
                      end = zone->zone_start_pfn + zone->spanned_pages;

        if (end > zone->map->end_pfn)
                end = zone->map->end_pfn;
        for (unsigned long pfn = zone->zone_start_pfn; pfn < end; pfn++) {
                if (pfn == zone->deferred_pfn && zone_deferred_blocks(zone))
                        pfn = zone->deferred_end_pfn;   /* all free */
                const struct page *page =
                        &zone->map->pages[pfn - zone->map->start_pfn];
                allocated += pfn < end && (page->flags & PG_owned) != 0;
        }
        return allocated;
}
int zone_init_buddy(struct zone *zone, struct memmap *map, struct kmsg *log)
{
        zone->map = map;
        zone->log = log;
        for (int order = 0; order < NR_PAGE_ORDERS; order++) {
                for (int type = 0; type < MIGRATE_TYPES; type++)
                        INIT_LIST_HEAD(&zone->free_area[order].free_list[type]);
                zone->free_area[order].nr_free = 0;
        }
        zone->pageblock_base_pfn =
                zone->zone_start_pfn & ~(pageblock_nr_pages - 1);
        unsigned long end = zone->zone_start_pfn + zone->spanned_pages;
        zone->nr_pageblocks =
                (end - zone->pageblock_base_pfn + pageblock_nr_pages - 1) /
                pageblock_nr_pages;
        zone->pageblock_migratetype =
                malloc(zone->nr_pageblocks ? zone->nr_pageblocks : 1);
        if (!zone->pageblock_migratetype) {
                printk(log,
                       "buddy: no memory for the pageblock map of zone %s\n",
                       zone->name);
                return -ENOMEM;
        }
        memset(zone->pageblock_migratetype, MIGRATE_MOVABLE,
               zone->nr_pageblocks);
        return 0;
}

void zone_free_buddy(struct zone *zone)
{
        free(zone->pageblock_migratetype);
        zone->pageblock_migratetype = NULL;
}
static void set_page_links(struct page *page, const struct zone *zone)
{
        page->flags = (unsigned long)zone_idx(zone) << ZONES_PGSHIFT |
                      (unsigned long)zone->zone_pgdat->node_id << NODES_PGSHIFT;
}

static void init_page_records(struct zone *zone, unsigned long start,
                              unsigned long end)
{
        unsigned long written = zone->map->start_pfn + zone->map->eager_pages;

        if (end > written)
                memmap_init_range(zone->map, start > written ? start : written,
                                  end);
        for (unsigned long pfn = start; pfn < end; pfn++)
                set_page_links(pfn_to_page(zone->map, pfn), zone);
}

static void memblock_free_range(struct zone *zone, unsigned long start,
                                unsigned long end)
{
        init_page_records(zone, start, end);
        while (start < end) {
                unsigned int order = MAX_PAGE_ORDER;
                while (order > 0 &&
                       ((start & ((1UL << order) - 1)) || start + (1UL << order) > end))
                        order--;
                __free_one_page(zone, pfn_to_page(zone->map, start), start, order,
                                get_pageblock_migratetype(zone, start), FPI_TO_TAIL);
                start += 1UL << order;
        }
}

void memblock_free_zone(struct zone *zone, const struct memory_range *ranges,
                        int nr_ranges, unsigned long reserved_below)
{
        unsigned long zone_end = zone->zone_start_pfn + zone->spanned_pages;
        int last_range = -1;

        for (int r = 0; r < nr_ranges; r++)
                if (ranges[r].nid == zone->zone_pgdat->node_id &&
                    ranges[r].start_pfn < zone_end &&
                    ranges[r].end_pfn > zone->zone_start_pfn)
                        last_range = r;
        for (int r = 0; r < nr_ranges; r++) {
                if (ranges[r].nid != zone->zone_pgdat->node_id)
                        continue;
                unsigned long start = ranges[r].start_pfn,
                              end = ranges[r].end_pfn;
                if (start < zone->zone_start_pfn) start = zone->zone_start_pfn;
                if (start < reserved_below) start = reserved_below;
                if (end > zone_end) end = zone_end;
                if (start >= end)
                        continue;
                if (r == last_range)
                        {
                                unsigned long block = 1UL << MAX_PAGE_ORDER,
                                              first = zone->map->start_pfn + zone->map->eager_pages;
                                if (first < start + PAGES_PER_SECTION)   /* a section for the anchor */
                                        first = start + PAGES_PER_SECTION;
                                first = (first + block - 1) & ~(block - 1);
                                unsigned long last = end & ~(block - 1);
                                struct list_head *list =
                                        &zone->free_area[MAX_PAGE_ORDER].free_list[MIGRATE_MOVABLE];
                                if (first < last) {
                                        memblock_free_range(zone, start, first);
                                        start = first;
                                }
                                if (first < last && !list_empty(list)) {
                                        zone->deferred_pfn = first;
                                        zone->deferred_end_pfn = last;
                                        zone->deferred_anchor =
                                                list_entry(list->prev, struct page, lru);
                                        WRITE_ONCE(zone->free_area[MAX_PAGE_ORDER].nr_free,
                                                   zone->free_area[MAX_PAGE_ORDER].nr_free +
                                                           zone_deferred_blocks(zone));
                                        account_freepages(zone, (long)(last - first), MIGRATE_MOVABLE);
                                        start = last;
                                }
                                memblock_free_range(zone, start, end);
                        }
                else
                        memblock_free_range(zone, start, end);
        }
}
void deferred_grow_zone(struct zone *zone)
{
        struct page *behind = zone->deferred_anchor;
        unsigned long start = zone->deferred_pfn,
                      end = start + PAGES_PER_SECTION;

        if (end > zone->deferred_end_pfn)
                end = zone->deferred_end_pfn;
        init_page_records(zone, start, end);
        for (unsigned long pfn = start; pfn < end;
             pfn += 1UL << MAX_PAGE_ORDER) {
                struct page *page = pfn_to_page(zone->map, pfn);
                set_buddy(page, MAX_PAGE_ORDER);
                list_add(&page->lru, &behind->lru);
                behind = page;
        }
        zone->deferred_pfn = end;
        zone->deferred_anchor = end < zone->deferred_end_pfn ? behind : NULL;
}
