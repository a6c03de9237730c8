/* zone.h: nodes, zones, zonelists, watermarks and per-CPU list sizes.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#ifndef LABYRINTH_ZONE_H
#define LABYRINTH_ZONE_H

#include <stdbool.h>

#include "gfp.h"
#include "kmsg.h"
#include "memmap.h"
#include "cpu.h"
#include "trace.h"

enum { MAX_NUMNODES = 16, MAX_CPUS = 256 };
#define pageblock_order 9
#define pageblock_nr_pages (1UL << pageblock_order)
enum zone_watermarks {
        WMARK_MIN,
        WMARK_LOW,
        WMARK_HIGH,
        WMARK_PROMO,
        NR_WMARK
};
enum zonelist_type { ZONELIST_FALLBACK, ZONELIST_NOFALLBACK, MAX_ZONELISTS };
#define MAX_ZONES_PER_ZONELIST (MAX_NUMNODES * MAX_NR_ZONES)
#define MAX_PAGE_ORDER 10
#define NR_PAGE_ORDERS (MAX_PAGE_ORDER + 1)
#define PAGE_ALLOC_COSTLY_ORDER 3
#define WATERMARK_BOOST_FACTOR 15000     /* vm.watermark_boost_factor default */
/* how __free_one_page places the block */
enum { FPI_NONE = 0, FPI_TO_TAIL = 1 };
enum { ZONE_BOOSTED_WATERMARK = 1 };     /* zone->flags */
#define NR_LOWORDER_PCP_LISTS (MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))
#define NR_PCP_THP 2
#define NR_PCP_LISTS (NR_LOWORDER_PCP_LISTS + NR_PCP_THP)
#define PCP_BATCH_SCALE_MAX 5          /* CONFIG_PCP_BATCH_SCALE_MAX default */
enum { PCPF_PREV_FREE_HIGH_ORDER = 1, PCPF_FREE_HIGH_BATCH = 2 };
/* zone->flags, next to boosted */
enum { ZONE_RECLAIM_ACTIVE = 2, ZONE_BELOW_HIGH = 4 };
struct pglist_data;

struct per_cpu_pages {
        /* pages on this CPU's lists */
        _Alignas(64) int count;
        /* current high mark, tuned (chapter 5) */
        int high;
        int high_min, high_max;              /* its bounds */
        /* pages moved per refill or drain */
        int batch;
        atomic_int lock;                     /* taken only by trylock */
        unsigned char flags;                 /* PCPF_* */
        unsigned char alloc_factor;          /* refill batch = batch << alloc_factor */
        short free_count;                    /* pages freed recently */
        struct list_head lists[NR_PCP_LISTS];
        /* the model's statistics, for the storm */
        unsigned long alloc_hits, alloc_refills;
};

struct zone {
        /* min, low, high, promo, in pages */
        unsigned long _watermark[NR_WMARK];
        /* raised by fragmentation (chapter 4) */
        unsigned long watermark_boost;
        /* pages kept from requests for higher zones */
        long lowmem_reserve[MAX_NR_ZONES];
        struct pglist_data *zone_pgdat;      /* the node it belongs to */
        unsigned long zone_start_pfn;
        unsigned long spanned_pages, present_pages, managed_pages;
        /* NR_FREE_PAGES: pages on free lists */
        unsigned long nr_free_pages;
        /* per-CPU list sizes (chapter 5) */
        int pageset_batch;
        int pageset_high_min, pageset_high_max;
        struct per_cpu_pages *per_cpu_pageset;   /* one per CPU */
        int nr_pagesets;                     /* the number of CPUs */
        const char *name;
        struct free_area {
                struct list_head free_list[MIGRATE_TYPES];
                /* blocks of this order, all types */
                unsigned long nr_free;
        } free_area[NR_PAGE_ORDERS];
        /* one byte per pageblock of the span */
        unsigned char *pageblock_migratetype;
        unsigned long pageblock_base_pfn;        /* the first pageblock's first pfn */
        unsigned long nr_pageblocks;
        unsigned long nr_reserved_highatomic;    /* pages in HIGHATOMIC pageblocks */
        unsigned long nr_free_highatomic;        /* of those, free */
        unsigned long flags;                     /* ZONE_BOOSTED_WATERMARK */
        struct memmap *map;
        struct kmsg *log;
        spinlock_t lock;                         /* the free lists and their counters */
        struct machine *machine;                 /* whose kswapd rmqueue wakes */
        bool page_poisoning;                 /* --config PAGE_POISONING=y */
        bool debug_pagealloc_unmap;    /* --config DEBUG_PAGEALLOC=y, until full */
        struct trace_buffers *trace;             /* NULL: tracing off */
        /* deferred struct page init: the order-10 blocks of
         * [deferred_pfn, deferred_end_pfn) are free but on no list yet */
        unsigned long deferred_pfn, deferred_end_pfn;
        struct page *deferred_anchor;   /* they go right behind it */
};
struct zoneref {
        struct zone *zone;
        int zone_idx;
};

struct zonelist {
        struct zoneref _zonerefs[MAX_ZONES_PER_ZONELIST + 1];
};

typedef struct pglist_data {
        struct zone node_zones[MAX_NR_ZONES];
        struct zonelist node_zonelists[MAX_ZONELISTS];
        int node_id;
        int nr_cpus;                         /* CPUs on this node */
        unsigned long node_start_pfn, node_spanned_pages, node_present_pages;
        int fallback_order[MAX_NUMNODES];    /* as printed at boot */
        int nr_fallback_nodes;
} pg_data_t;
struct topology {
        pg_data_t node_data[MAX_NUMNODES];
        int nr_nodes;
        int nr_cpus;
        int nr_zone_types;
        int distance[MAX_NUMNODES][MAX_NUMNODES];
};
static inline bool populated_zone(const struct zone *zone)
{
        return zone->present_pages != 0;
}

static inline int zone_idx(const struct zone *zone)
{
        return (int)(zone - zone->zone_pgdat->node_zones);
}

static inline unsigned long wmark_pages(const struct zone *zone,
                                        enum zone_watermarks mark)
{
        return zone->_watermark[mark] + READ_ONCE(zone->watermark_boost);
}
struct zone_geometry {
        unsigned long start_pfn, spanned, present, managed;
        bool given;
};

void topology_init(struct topology *topo, int nr_nodes, int nr_cpus,
                   int nr_zone_types);
int free_area_init(struct topology *topo, const struct memory_range *ranges,
                   int nr_ranges,
                   const struct zone_geometry given[MAX_NUMNODES][MAX_NR_ZONES],
                   struct kmsg *log);
void build_all_zonelists(struct topology *topo, struct kmsg *log);
unsigned long nr_free_buffer_pages(const struct topology *topo);
int calculate_min_free_kbytes(const struct topology *topo);
int recommended_min_free_kbytes(const struct topology *topo);
void setup_per_zone_wmarks(struct topology *topo, int min_free_kbytes,
                           int watermark_scale_factor);
void setup_per_zone_lowmem_reserve(struct topology *topo,
                                   const int ratio[MAX_NR_ZONES]);
int zone_batchsize(const struct zone *zone);
int zone_highsize(const struct zone *zone, int batch, int high_fraction,
                  int nr_online_cpus);
void setup_pageset_sizes(struct topology *topo, int high_fraction);

#endif
