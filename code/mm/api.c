/* api.c: from struct page * to void * and back: the kernel's page-level API.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "api.h"

#include <string.h>

struct page *alloc_page(struct machine *machine, gfp_t gfp)
{
        return alloc_pages(machine, gfp, 0);
}

struct page *alloc_pages_node(struct machine *machine, int nid, gfp_t gfp,
                              unsigned int order)
{
        if (nid != NUMA_NO_NODE && (nid < 0 || nid >= machine->topo.nr_nodes)) {
                /* The kernel's VM_BUG_ON (or a WARN for an offline node); here,
                 * a report and NULL. */
                printk(&machine->log,
                       "BUG: alloc_pages_node: node %d is not a node of this "
                       "machine "
                       "(0 to %d)\n",
                       nid, machine->topo.nr_nodes - 1);
                return NULL;
        }
        return __alloc_pages(machine, gfp, order, nid);
}

unsigned long __get_free_pages(struct machine *machine, gfp_t gfp,
                               unsigned int order)
{
        struct page *page = alloc_pages(machine, gfp & ~__GFP_HIGHMEM, order);

        return page ? (unsigned long)page_address(&machine->map, page) : 0;
}

unsigned long __get_free_page(struct machine *machine, gfp_t gfp)
{
        return __get_free_pages(machine, gfp, 0);
}

unsigned long get_zeroed_page(struct machine *machine, gfp_t gfp)
{
        return __get_free_pages(machine, gfp | __GFP_ZERO, 0);
}

unsigned long __get_dma_pages(struct machine *machine, gfp_t gfp,
                              unsigned int order)
{
        return __get_free_pages(machine, gfp | GFP_DMA, order);
}
void free_pages(struct machine *machine, unsigned long addr, unsigned int order)
{
        if (addr == 0)
                return;
        struct page *page = virt_to_page(&machine->map, (void *)addr);
        if (page)
                __free_pages(machine, page, order);
}

void free_page(struct machine *machine, unsigned long addr)
{
        free_pages(machine, addr, 0);
}

void __free_page(struct machine *machine, struct page *page)
{
        __free_pages(machine, page, 0);
}
void split_page(struct machine *machine, struct page *page, unsigned int order)
{
        (void)machine;
        for (unsigned long i = 1; i < 1UL << order; i++) {
                WRITE_ONCE(page[i].flags,
                           page[i].flags | PG_owned | PG_owner_head);
                page[i].private = 0;
                atomic_store(&page[i]._refcount, 1);
        }
        page->private = 0;
}
unsigned int get_order(unsigned long size)
{
        /* 52 */
        const unsigned int most = 8 * sizeof(unsigned long) - PAGE_SHIFT;
        unsigned int order = 0;

        if (size == 0)
                return most;
        while (order < most && (PAGE_SIZE << order) < size)
                order++;
        return order;
}

void *alloc_pages_exact(struct machine *machine, size_t size, gfp_t gfp)
{
        unsigned int order = get_order(size);
        unsigned long used = (size + PAGE_SIZE - 1) / PAGE_SIZE;
        struct page *page = alloc_pages(
                machine, gfp & ~(__GFP_COMP | __GFP_HIGHMEM), order);

        if (!page)
                return NULL;
        split_page(machine, page, order);
        for (unsigned long i = used; i < 1UL << order; i++)
                __free_page(machine, page + i);
        return page_address(&machine->map, page);
}

void free_pages_exact(struct machine *machine, void *addr, size_t size)
{
        unsigned long pages = (size + PAGE_SIZE - 1) / PAGE_SIZE;

        for (unsigned long i = 0; i < pages; i++)
                free_page(machine, (unsigned long)addr + i * PAGE_SIZE);
}
