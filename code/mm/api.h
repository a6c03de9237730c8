/* api.h: from struct page * to void * and back: the kernel's page-level API.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#ifndef LABYRINTH_API_H
#define LABYRINTH_API_H

#include "page_alloc.h"

/* alloc_pages_node: the node of the running CPU */
#define NUMA_NO_NODE (-1)

struct page *alloc_page(struct machine *machine, gfp_t gfp);
struct page *alloc_pages_node(struct machine *machine, int nid, gfp_t gfp,
                              unsigned int order);
unsigned long __get_free_pages(struct machine *machine, gfp_t gfp,
                               unsigned int order);
unsigned long __get_free_page(struct machine *machine, gfp_t gfp);
unsigned long get_zeroed_page(struct machine *machine, gfp_t gfp);
unsigned long __get_dma_pages(struct machine *machine, gfp_t gfp,
                              unsigned int order);
void free_pages(struct machine *machine, unsigned long addr,
                unsigned int order);
void free_page(struct machine *machine, unsigned long addr);
void __free_page(struct machine *machine, struct page *page);
void split_page(struct machine *machine, struct page *page, unsigned int order);
unsigned int get_order(unsigned long size);
void *alloc_pages_exact(struct machine *machine, size_t size, gfp_t gfp);
void free_pages_exact(struct machine *machine, void *addr, size_t size);

#endif
