/* pcp.h: per-CPU page lists: refill, free, high tuning, decay and drains.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#ifndef LABYRINTH_PCP_H
#define LABYRINTH_PCP_H

#include "buddy.h"

bool pcp_allowed_order(unsigned int order);
int order_to_pindex(int migratetype, unsigned int order);
unsigned int pindex_to_order(int pindex);
void zone_pcp_init_lists(struct zone *zone, int nr_cpus);
struct page *rmqueue_pcplist(struct zone *zone, unsigned int order,
                             int migratetype, unsigned int alloc_flags,
                             int cpu);
struct page *rmqueue(struct zone *zone, unsigned int order, int migratetype,
                     unsigned int alloc_flags, int cpu);
void free_frozen_page_commit(struct zone *zone, struct per_cpu_pages *pcp,
                             struct page *page, int migratetype,
                             unsigned int order);
void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp,
                        int pindex);
bool decay_pcp_high(struct zone *zone, struct per_cpu_pages *pcp);
void drain_pages_zone(struct zone *zone, int cpu);
void drain_all_pages(struct zone *zone);
void zone_pcp_disable(struct zone *zone);
void zone_pcp_enable(struct zone *zone);
struct page *pcp_alloc(struct zone *zone, unsigned int order, int migratetype,
                       unsigned int alloc_flags, int cpu);
int pcp_free(struct zone *zone, struct page *page, unsigned int order, int cpu);

#endif
