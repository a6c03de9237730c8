/* machine.h: the model machine, its configuration and its boot.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#ifndef LABYRINTH_MACHINE_H
#define LABYRINTH_MACHINE_H

#include <stdio.h>

#include "kmsg.h"
#include "memmap.h"


enum { MAX_MEMORY_RANGES = 64 };

struct memory_range {
        unsigned long start_pfn, end_pfn;   /* usable RAM: [start_pfn, end_pfn) */
        int nid;                            /* the NUMA node it belongs to */
};

struct machine_config {
        unsigned long long mem_bytes;       /* --mem: RAM to lay out like x86_64 */
        unsigned long seed;                 /* --seed: for every random choice */
        struct memory_range ranges[MAX_MEMORY_RANGES];
        int nr_ranges;                      /* 0: lay out mem_bytes at boot */
        
};

struct machine {
        struct machine_config config;
        struct kmsg log;
        struct memmap map;                  /* covers pfn 0 to the last range's end */
        
};
void machine_config_init(struct machine_config *config);
int machine_layout_x86(unsigned long long mem_bytes, struct memory_range *ranges);
int machine_boot(struct machine *machine, const struct machine_config *config);
void machine_shutdown(struct machine *machine);
unsigned long machine_present_pages(const struct machine *machine);

#endif
