/* memmap.c: physical memory (the arena) and its map of struct page.
 * Generated from chapters/01-pages.nw by notangle; edit the chapter, not this
 * file. */
#include "memmap.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>

int memmap_init(struct memmap *map, struct kmsg *log,
                unsigned long start_pfn, unsigned long nr_pages)
{
        map->log = log;
        map->arena = NULL;
        map->pages = NULL;
        if (nr_pages == 0 || start_pfn > (1UL << 40) ||
            nr_pages > (1UL << 40) - start_pfn) {
                printk(log, "memmap: cannot map %lu pages from pfn %#lx\n", nr_pages,
                       start_pfn);
                return -EINVAL;
        }
        size_t arena_bytes = nr_pages * PAGE_SIZE;
        void *arena = mmap(NULL, arena_bytes, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (arena == MAP_FAILED) {
                printk(log, "memmap: no room for a %zu MiB arena\n", arena_bytes >> 20);
                return -ENOMEM;
        }
        /* reserved as the arena is: a record costs memory once it is written */
        void *records = mmap(NULL, nr_pages * sizeof(struct page),
                             PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (records == MAP_FAILED) {
                munmap(arena, arena_bytes);
                printk(log, "memmap: no room for %lu page records\n", nr_pages);
                return -ENOMEM;
        }
        map->arena = arena;
        map->pages = records;
        map->start_pfn = start_pfn;
        map->end_pfn = start_pfn + nr_pages;
        map->eager_pages = nr_pages < MEMMAP_EAGER_PAGES ? nr_pages
                                                         : MEMMAP_EAGER_PAGES;
        memmap_init_range(map, start_pfn, start_pfn + map->eager_pages);
        return 0;
}

void memmap_init_range(struct memmap *map, unsigned long start_pfn,
                       unsigned long end_pfn)
{
        for (unsigned long i = start_pfn - map->start_pfn;
             i < end_pfn - map->start_pfn; i++)
                {
                        struct page *page = &map->pages[i];
                        INIT_LIST_HEAD(&page->lru);
                        atomic_init(&page->_mapcount, -1);
                        atomic_init(&page->_refcount, 0);
                }
}
void memmap_destroy(struct memmap *map)
{
        unsigned long nr_pages = map->end_pfn - map->start_pfn;

        if (map->arena)
                munmap(map->arena, nr_pages * PAGE_SIZE);
        if (map->pages)
                munmap(map->pages, nr_pages * sizeof(struct page));
        map->arena = NULL;
        map->pages = NULL;
}
bool pfn_valid(const struct memmap *map, unsigned long pfn)
{
        return pfn >= map->start_pfn && pfn < map->end_pfn;
}

struct page *pfn_to_page(const struct memmap *map, unsigned long pfn)
{
        if (!pfn_valid(map, pfn)) {
                printk(map->log,
                       "BUG: pfn_to_page: pfn %#lx outside memory map [%#lx, "
                       "%#lx)\n",
                       pfn, map->start_pfn, map->end_pfn);
                return NULL;
        }
        return &map->pages[pfn - map->start_pfn];
}
unsigned long page_to_pfn_misuse(const struct memmap *map,
                                 const struct page *page)
{
        printk(map->log,
               "BUG: page_to_pfn: %p is not a struct page of this machine\n",
               (const void *)page);
        return -1UL;
}
void *page_address(const struct memmap *map, const struct page *page)
{
        unsigned long pfn = page_to_pfn(map, page);

        if (pfn == -1UL)
                return NULL;
        return map->arena + (pfn - map->start_pfn) * PAGE_SIZE;
}
struct page *virt_to_page(const struct memmap *map, const void *addr)
{
        uintptr_t offset = (uintptr_t)addr - (uintptr_t)map->arena;
        unsigned long nr_pages = map->end_pfn - map->start_pfn;

        if ((uintptr_t)addr < (uintptr_t)map->arena ||
            offset >> PAGE_SHIFT >= nr_pages) {
                printk(map->log,
                       "BUG: virt_to_page: %p is not in the direct map\n",
                       addr);
                return NULL;
        }
        return &map->pages[offset >> PAGE_SHIFT];
}
uint64_t kernel_direct_map_address(unsigned long pfn)
{
        return PAGE_OFFSET + ((uint64_t)pfn << PAGE_SHIFT);
}

uint64_t kernel_vmemmap_address(unsigned long pfn)
{
        return VMEMMAP_START + (uint64_t)pfn * sizeof(struct page);
}
