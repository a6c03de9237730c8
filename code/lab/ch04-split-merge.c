/* ch04-split-merge.c: split an order-10 block and merge it back on a real
 * kernel. Generated from chapters/04-buddy.nw; edit the chapter. */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mmzone.h>

#define LAB "lab ch04-split-merge: "
/* orders 4 to 8 and 10 never go through the per-CPU lists */
#define GFP (GFP_HIGHUSER_MOVABLE | __GFP_NOWARN)

static unsigned long start[NR_PAGE_ORDERS];

static unsigned long movable_blocks(struct zone *zone, unsigned int order)
{
        struct list_head *pos;
        unsigned long n = 0;

        list_for_each(pos, &zone->free_area[order].free_list[MIGRATE_MOVABLE])
                n++;
        return n;
}
static void show(struct zone *zone, const char *step, long offset)
{
        unsigned long flags, n[NR_PAGE_ORDERS];
        unsigned int o;

        spin_lock_irqsave(&zone->lock, flags);
        for (o = 4; o <= MAX_PAGE_ORDER; o++)
                n[o] = movable_blocks(zone, o);
        spin_unlock_irqrestore(&zone->lock, flags);
        if (!step) {
                memcpy(start, n, sizeof(n));
                return;
        }
        pr_info(LAB "%s %+ld: %ld %ld %ld %ld %ld %ld %ld\n", step, offset,
                n[4] - start[4], n[5] - start[5], n[6] - start[6],
                n[7] - start[7], n[8] - start[8], n[9] - start[9],
                n[10] - start[10]);
}
static bool small_lists_empty(struct zone *zone)
{
        unsigned int o;

        for (o = 4; o < MAX_PAGE_ORDER; o++)
                if (!list_empty(&zone->free_area[o].free_list[MIGRATE_MOVABLE]))
                        return false;
        return true;
}

static int __init lab_init(void)
{
        static const unsigned int order[4] = { 4, 4, 5, 4 };
        static const int free_order[4] = { 1, 0, 2, 3 };
        struct page *page, *next, *block[4] = { NULL };
        struct zone *zone;
        LIST_HEAD(kept);
        int i;

        page = alloc_pages(GFP, 4);
        if (!page)
                return 0;
        list_add(&page->lru, &kept);
        zone = page_zone(page);
        while (!small_lists_empty(zone) && (page = alloc_pages(GFP, 4)))
                list_add(&page->lru, &kept);
        show(zone, NULL, 0);
        for (i = 0; i < 4; i++) {
                char step[8];

                block[i] = alloc_pages(GFP, order[i]);
                if (!block[i]) {
                        pr_info(LAB "a%u failed\n", order[i]);
                        goto out;
                }
                snprintf(step, sizeof(step), "a%u", order[i]);
                show(zone, step, page_to_pfn(block[i]) - page_to_pfn(block[0]));
        }
        for (i = 0; i < 4; i++) {
                int b = free_order[i];
                char step[8];

                __free_pages(block[b], order[b]);
                snprintf(step, sizeof(step), "f%d", b);
                show(zone, step, page_to_pfn(block[b]) - page_to_pfn(block[0]));
        }
        out:
        list_for_each_entry_safe(page, next, &kept, lru)
                __free_pages(page, 4);
        return 0;
}

static void __exit lab_exit(void)
{
}
module_init(lab_init);
module_exit(lab_exit);
MODULE_LICENSE("GPL");
