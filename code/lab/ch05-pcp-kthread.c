/* ch05-pcp-kthread.c: N order-0 allocations and frees on one CPU's lists.
 * Generated from chapters/05-pcp.nw; edit the chapter. */
#include <linux/module.h>
#include <linux/completion.h>
#include <linux/gfp.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/mmzone.h>

#define LAB "lab ch05-pcp-kthread: "
#define N 4000
#define CPU 1
/* movable as a user page is, without direct reclaim: the run holds
 * preemption off and must never sleep */
#define GFP ((GFP_HIGHUSER_MOVABLE & ~__GFP_DIRECT_RECLAIM) | __GFP_NOWARN)

static DECLARE_COMPLETION(done);

static void free_all(struct list_head *list)
{
        struct page *page, *next;

        list_for_each_entry_safe(page, next, list, lru)
                __free_page(page);
}
static int run(void *unused)
{
        int nid = cpu_to_node(CPU), i;
        struct zone *zone = &NODE_DATA(nid)->node_zones[ZONE_DMA32];
        struct per_cpu_pages *pcp = per_cpu_ptr(zone->per_cpu_pageset, CPU);
        int count, high;
        struct page *page;
        LIST_HEAD(kept);
        LIST_HEAD(held);

        /* CPU 1's vmstat worker, which decays high once a second, is a
         * thread on this CPU: with preemption off it waits for the run */
        preempt_disable();
        count = READ_ONCE(pcp->count);
        high = READ_ONCE(pcp->high);
        while (!list_empty(&pcp->lists[MIGRATE_MOVABLE]) &&
               (page = alloc_page(GFP)))
                list_add(&page->lru, &kept);
        pr_info(LAB "alloc_factor %u\n", pcp->alloc_factor);
        for (i = 1; i <= N; i++) {
                int before = READ_ONCE(pcp->count);

                page = alloc_page(GFP);
                if (!page)
                        break;
                list_add(&page->lru, &held);
                if (READ_ONCE(pcp->count) > before)
                        pr_info(LAB "alloc %d: refill %d\n", i,
                                READ_ONCE(pcp->count) - before + 1);
        }
        free_all(&held);
        free_all(&kept);
        pr_info(LAB "count %+d high %+d\n", READ_ONCE(pcp->count) - count,
                READ_ONCE(pcp->high) - high);
        preempt_enable();
        complete(&done);
        return 0;
}
static int __init lab_init(void)
{
        struct task_struct *t = kthread_create(run, NULL, "lab-pcp");

        if (IS_ERR(t))
                return 0;
        kthread_bind(t, CPU);
        wake_up_process(t);
        wait_for_completion(&done);
        return 0;
}

static void __exit lab_exit(void)
{
}
module_init(lab_init);
module_exit(lab_exit);
MODULE_LICENSE("GPL");
