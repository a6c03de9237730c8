/* memmap.h: physical memory (the arena) and its map of struct page.
 * Generated from chapters/01-pages.nw by notangle; edit the chapter, not this
 * file. */
#ifndef LABYRINTH_MEMMAP_H
#define LABYRINTH_MEMMAP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kmsg.h"
#include "list.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
struct page {
        unsigned long flags;     /* PG_* bits; chapter 3 adds zone and node */
        struct list_head lru;    /* links on a free list (buddy or per-CPU) */
        void *mapping;           /* owner's object; must be NULL when freed */
        unsigned long index;     /* owner's offset; unused by the allocator */
        unsigned long private;   /* for a free buddy block: its order */
        /* -1: not mapped; shares its word with page_type */
        atomic_int _mapcount;
        atomic_int _refcount;    /* references; 0 means free */
        unsigned long memcg_data;/* cgroup charge; must be 0 when freed */
};

_Static_assert(sizeof(struct page) == 64,
               "struct page must stay one cache line, as in the kernel");
enum { MAX_MEMORY_RANGES = 64 };

struct memory_range {
        /* usable RAM: [start_pfn, end_pfn) */
        unsigned long start_pfn, end_pfn;
        int nid;                            /* the NUMA node it belongs to */
};

struct memmap {
        unsigned long start_pfn;    /* first frame of the arena */
        unsigned long end_pfn;      /* one past the last frame */
        unsigned char *arena;       /* the frame of start_pfn */
        struct page *pages;         /* pages[i] describes pfn start_pfn + i */
        struct kmsg *log;           /* where misuse is reported */
        unsigned long eager_pages;  /* records memmap_init wrote */
};
int memmap_init(struct memmap *map, struct kmsg *log,
                unsigned long start_pfn, unsigned long nr_pages);
void memmap_init_range(struct memmap *map, unsigned long start_pfn,
                       unsigned long end_pfn);
void memmap_destroy(struct memmap *map);
/* memmap_init writes the records of the first 4 GiB; the rest wait */
#define MEMMAP_EAGER_PAGES (1UL << 20)

bool pfn_valid(const struct memmap *map, unsigned long pfn);
struct page *pfn_to_page(const struct memmap *map, unsigned long pfn);
unsigned long page_to_pfn_misuse(const struct memmap *map,
                                 const struct page *page);
void *page_address(const struct memmap *map, const struct page *page);
struct page *virt_to_page(const struct memmap *map, const void *addr);

#define PAGE_OFFSET 0xffff888000000000UL   /* x86_64 direct map, 4-level */
#define VMEMMAP_START 0xffffea0000000000UL /* x86_64 struct page array */
uint64_t kernel_direct_map_address(unsigned long pfn);
uint64_t kernel_vmemmap_address(unsigned long pfn);
static inline unsigned long page_to_pfn(const struct memmap *map,
                                        const struct page *page)
{
        uintptr_t offset = (uintptr_t)page - (uintptr_t)map->pages;

        if (offset >= (map->end_pfn - map->start_pfn) * sizeof(struct page) ||
            offset % sizeof(struct page) != 0)
                return page_to_pfn_misuse(map, page);
        return map->start_pfn + offset / sizeof(struct page);
}

#endif
