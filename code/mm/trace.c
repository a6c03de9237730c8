/* trace.c: per-CPU lock-free rings of allocator events, printed in the kernel's
 * formats. Generated from the chapters by notangle; edit the chapters, not this
 * file. */
#include "trace.h"

#include <stdlib.h>

#include "cpu.h"
#include "gfp.h"
#include "memmap.h"

void trace_record(struct trace_buffers *trace, struct trace_event event)
{
        struct cpu *cpu = this_cpu();
        int index = cpu ? cpu->id : TRACE_RINGS - 1;
        struct trace_ring *ring = &trace->rings[index];
        unsigned long slot = atomic_fetch_add(&ring->head, 1) % TRACE_RING_SIZE;

        event.seq = atomic_fetch_add(&trace->seq, 1);
        event.cpu = (unsigned short)index;
        ring->events[slot] = event;
}
static int by_seq(const void *a, const void *b)
{
        unsigned long x = ((const struct trace_event *)a)->seq,
                      y = ((const struct trace_event *)b)->seq;

        return x < y ? -1 : x > y;
}

void trace_print(FILE *out, struct trace_buffers *trace)
{
        size_t n = 0, capacity = 0;
        struct trace_event *all = NULL;

        for (int r = 0; r < TRACE_RINGS; r++) {
                unsigned long head = atomic_load(&trace->rings[r].head);
                unsigned long count =
                        head < TRACE_RING_SIZE ? head : TRACE_RING_SIZE;
                if (n + count > capacity) {
                        capacity = (n + count) * 2;
                        struct trace_event *grown =
                                realloc(all, capacity * sizeof(*all));
                        if (!grown)
                                break;
                        all = grown;
                }
                for (unsigned long i = head - count; i < head; i++)
                        all[n++] = trace->rings[r].events[i % TRACE_RING_SIZE];
        }
        if (n)
                qsort(all, n, sizeof(*all), by_seq);
        for (size_t i = 0; i < n; i++)
                {
                        const struct trace_event *e = &all[i];
                        unsigned long page =
                                e->pfn == -1UL ? 0
                                               : (unsigned long)kernel_vmemmap_address(e->pfn);
                        unsigned long pfn = e->pfn == -1UL ? 0 : e->pfn;
                        char names[256];
                        fprintf(out, "[%03d] ", e->cpu == TRACE_RINGS - 1 ? -1 : e->cpu);
                        switch (e->type) {
                        case TRACE_ALLOC:
                                if (e->gfp)
                                        gfp_format_with(trace->gfp_names, e->gfp, names,
                                                        sizeof(names));
                                fprintf(out,
                                        "mm_page_alloc: page=%016lx pfn=0x%lx order=%d "
                                        "migratetype=%d gfp_flags=%s\n",
                                        page, pfn, e->order, e->migratetype,
                                        e->gfp ? names : "none");
                                break;
                        case TRACE_FREE:
                                fprintf(out, "mm_page_free: page=%016lx pfn=0x%lx order=%d\n",
                                        page, pfn, e->order);
                                break;
                        case TRACE_ZONE_LOCKED:
                                fprintf(out,
                                        "mm_page_alloc_zone_locked: page=%016lx pfn=0x%lx "
                                        "order=%u migratetype=%d "
                                        "percpu_refill=%d\n",
                                        page, pfn, e->order, e->migratetype, e->percpu_refill);
                                break;
                        case TRACE_PCPU_DRAIN:
                                fprintf(out,
                                        "mm_page_pcpu_drain: page=%016lx pfn=0x%lx order=%d "
                                        "migratetype=%d\n",
                                        page, pfn, e->order, e->migratetype);
                                break;
                        default:
                                fprintf(out,
                                        "mm_page_alloc_extfrag: page=%016lx pfn=0x%lx "
                                        "alloc_order=%d fallback_order=%d "
                                        "pageblock_order=%d alloc_migratetype=%d "
                                        "fallback_migratetype=%d fragmenting=%d "
                                        "change_ownership=%d\n",
                                        page, pfn, e->order, e->fallback_order, 9,
                                        e->migratetype, e->fallback_migratetype,
                                        e->fallback_order < 9, e->change_ownership);
                        }
                }
        free(all);
}
