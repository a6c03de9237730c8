// SPDX-License-Identifier: GPL-2.0
/* ch07-trace-atomic: one alloc_page(GFP_ATOMIC) and its free, traced, on a
 * CPU whose per-CPU list of unmovable pages was emptied first. */
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
static int __init trace_atomic_init(void)
{
        struct page *page, *next, *few[8];
        struct per_cpu_pages *pcp;
        LIST_HEAD(held);
        int cpu, batch, factor;

        /* one CPU throughout: its list is the one we empty and trace */
        cpu = get_cpu();
        for (int i = 0; i < 8; i++)
                few[i] = alloc_page(GFP_ATOMIC);
        /* each free halves alloc_factor: the refill will be one batch */
        for (int i = 0; i < 8; i++)
                if (few[i])
                        __free_page(few[i]);
        pcp = this_cpu_ptr(page_zone(few[0])->per_cpu_pageset);
        /* lists[0]: unmovable order 0 (order_to_pindex()) */
        while (!list_empty(&pcp->lists[0])) {
                page = alloc_page(GFP_ATOMIC);
                if (!page)
                        break;
                list_add(&page->lru, &held);
        }
        batch = pcp->batch;
        factor = pcp->alloc_factor;
        tracing_on();
        page = alloc_page(GFP_ATOMIC);
        if (page)
                __free_page(page);
        tracing_off();
        put_cpu();
        list_for_each_entry_safe(page, next, &held, lru)
                __free_page(page);
        pr_info("lab ch07-trace-atomic: cpu %d batch %d alloc_factor %d\n",
                cpu, batch, factor);
        return 0;
}

static void __exit trace_atomic_exit(void)
{
}

module_init(trace_atomic_init);
module_exit(trace_atomic_exit);
MODULE_LICENSE("GPL");
