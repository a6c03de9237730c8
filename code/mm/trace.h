/* trace.h: per-CPU lock-free rings of allocator events, printed in the kernel's
 * formats. Generated from the chapters by notangle; edit the chapters, not this
 * file. */
#ifndef LABYRINTH_TRACE_H
#define LABYRINTH_TRACE_H

#include <stdatomic.h>
#include <stdio.h>

enum trace_type {
        TRACE_ALLOC,
        TRACE_FREE,
        TRACE_ZONE_LOCKED,
        TRACE_PCPU_DRAIN,
        TRACE_EXTFRAG
};
/* MAX_CPUS rings, and one for other threads */
enum { TRACE_RING_SIZE = 4096, TRACE_RINGS = 257 };

struct trace_event {
        unsigned long seq;                   /* global order of events */
        unsigned long pfn;                   /* -1UL: the allocation failed */
        unsigned int gfp;
        /* the ring: the CPU, or TRACE_RINGS - 1 */
        unsigned short cpu;
        unsigned char type, order, migratetype;
        unsigned char fallback_order, fallback_migratetype, change_ownership,
                percpu_refill;
};

struct trace_ring {
        atomic_ulong head;
        struct trace_event events[TRACE_RING_SIZE];
};

struct trace_buffers {
        atomic_ulong seq;
        const struct gfp_name *gfp_names; /* the kernel version's (chapter 2) */
        struct trace_ring rings[TRACE_RINGS];
};
void trace_record(struct trace_buffers *trace, struct trace_event event);
void trace_print(FILE *out, struct trace_buffers *trace);

#endif
