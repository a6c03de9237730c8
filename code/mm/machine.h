/* machine.h: the model machine, its configuration and its boot.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#ifndef LABYRINTH_MACHINE_H
#define LABYRINTH_MACHINE_H

#include <stdio.h>

#include "kmsg.h"
#include "memmap.h"
#include "gfp.h"
#include "zone.h"
#include "buddy.h"
#include "pcp.h"
#include "reclaim.h"
struct walk_step;                        /* page_alloc.h: a walk point */

struct machine_config {
        /* --mem: RAM to lay out like x86_64 */
        unsigned long long mem_bytes;
        /* --seed: for every random choice */
        unsigned long seed;
        struct memory_range ranges[MAX_MEMORY_RANGES];
        int nr_ranges;                      /* 0: lay out mem_bytes at boot */
        struct kernel_config kernel;         /* --config */
        int nr_nodes, nr_cpus;               /* --nodes, --cpus */
        /* 5, or 4 for a kernel without ZONE_DEVICE */
        int nr_zone_types;
        enum thp_mode { THP_NEVER, THP_MADVISE, THP_ALWAYS } thp;   /* --thp */
        /* --min-free-kbytes; -1: the kernel's choice */
        int min_free_kbytes;
        int watermark_scale_factor;          /* --watermark-scale-factor */
        int lowmem_reserve_ratio[MAX_NR_ZONES];
        int percpu_pagelist_high_fraction;   /* 0, or 8 and more */
        bool zones_given;                    /* zone sizes from --zones or --from */
        struct zone_geometry zones[MAX_NUMNODES][MAX_NR_ZONES];
        /* where the zones may lie: whose zone_sizes_init() placed them */
        enum zone_layout { ZONE_LAYOUT_X86_64, ZONE_LAYOUT_ARM64 } zone_layout;
        /* records written at boot (chapter 18); 0: the first 4 GiB */
        unsigned long memmap_eager_pages;
};

struct machine {
        /* MACHINE_RUNNING from boot to shutdown */
        unsigned long long running;
        struct machine_config config;
        struct kmsg log;
        /* covers pfn 0 to the last range's end */
        struct memmap map;
        struct topology topo;
        int min_free_kbytes;                 /* in effect */
        int boot_min_free_kbytes;            /* what the square-root rule gave */
        struct cpu cpus[MAX_CPUS];
        struct page_cache cache;
        struct kswapd kswapd[MAX_NUMNODES];
        atomic_ulong reserve_allocations, failed_allocations;
        struct timespec warn_window;             /* the ratelimit's interval start */
        int warn_printed, warn_missed;
        /* if set, alloc_pages reports each decision to it (chapter 13) */
        void (*walk_hook)(void *data, const struct walk_step *step);
        void *walk_data;
        struct trace_buffers *trace;
        struct kswapd_arg kswapd_args[MAX_NUMNODES];
        struct vmstat_worker vmstat;
};

/* "labyrint": no stray value looks like it */
#define MACHINE_RUNNING 0x6c61627972696e74ULL
void machine_config_init(struct machine_config *config);
int machine_layout_x86(unsigned long long mem_bytes,
                       struct memory_range *ranges);
int machine_boot(struct machine *machine, const struct machine_config *config);
void machine_shutdown(struct machine *machine);
unsigned long machine_present_pages(const struct machine *machine);

#endif
