// SPDX-License-Identifier: GPL-2.0
/* ch07-drain: order-0 pages with GFP_NOWAIT until one fails, then with
 * GFP_ATOMIC until one fails, then one failure that warn_alloc() reports. */
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/vmstat.h>

static LIST_HEAD(held);

/* The pages are kept on a list through page->lru, which is the owner's. */
static unsigned long take_all(gfp_t gfp)
{
        unsigned long n = 0;
        struct page *page;

        while ((page = alloc_page(gfp))) {
                list_add(&page->lru, &held);
                if (++n % 4096 == 0)
                        cond_resched();
        }
        return n;
}

static void report(const char *phase, unsigned long n)
{
        pg_data_t *pgdat = NODE_DATA(0);

        pr_info("lab ch07-drain: %s %lu pages, then NULL; NR_FREE_PAGES %lu\n",
                phase, n, global_zone_page_state(NR_FREE_PAGES));
        for (int z = 0; z < MAX_NR_ZONES; z++) {
                struct zone *zone = &pgdat->node_zones[z];

                if (populated_zone(zone))
                        pr_info("lab ch07-drain: %s zone %s free %lu min %lu\n",
                                phase, zone->name,
                                zone_page_state(zone, NR_FREE_PAGES),
                                min_wmark_pages(zone));
        }
}
static int __init drain_init(void)
{
        struct page *page, *next;
        unsigned long n;

        n = take_all(GFP_NOWAIT | __GFP_NOWARN);
        report("GFP_NOWAIT", n);
        n = take_all(GFP_ATOMIC | __GFP_NOWARN);
        report("GFP_ATOMIC", n);
        pr_info("lab ch07-drain: warn_alloc begins\n");
        n = take_all(GFP_ATOMIC);  /* its failure is reported */
        pr_info("lab ch07-drain: warn_alloc ends after %lu pages\n", n);
        list_for_each_entry_safe(page, next, &held, lru)
                __free_page(page);
        return 0;
}

static void __exit drain_exit(void)
{
}

module_init(drain_init);
module_exit(drain_exit);
MODULE_LICENSE("GPL");
