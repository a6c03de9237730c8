/* ch01-pages.c: the conversions of chapter 1 on every frame of a real
 * kernel. Generated from chapters/01-pages.nw; edit the chapter. */
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/mmzone.h>

#define LAB "lab ch01-pages: "

static bool round_trip(unsigned long pfn)
{
        struct page *page = pfn_to_page(pfn);
        char *addr = page_address(page);

        return page_to_pfn(page) == pfn && virt_to_page(addr) == page &&
               virt_to_page(addr + PAGE_SIZE - 1) == page &&
               __pa(addr) == PFN_PHYS(pfn);
}
static void show_frame(unsigned long pfn)
{
        struct page *page = pfn_to_page(pfn);

        pr_info(LAB "pfn %#lx: struct page at vmemmap + %#lx, "
                "frame at PAGE_OFFSET + %#lx\n", pfn,
                (unsigned long)((char *)page - (char *)vmemmap),
                (unsigned long)((char *)page_address(page) -
                                (char *)PAGE_OFFSET));
}

static void walk_zone(struct zone *zone)
{
        unsigned long pfn, records = 0, failed = 0, strangers = 0;
        unsigned long end = zone_end_pfn(zone);
        struct zone *other = zone;

        for (pfn = zone->zone_start_pfn; pfn < end; pfn++) {
                if (!pfn_valid(pfn))
                        continue;
                records++;
                failed += !round_trip(pfn);
                if (page_zone(pfn_to_page(pfn)) != zone) {
                        other = page_zone(pfn_to_page(pfn));
                        strangers++;
                }
        }
        pr_info(LAB "zone %s pfn %#lx-%#lx: %lu records, %lu round trips "
                "failed, %lu name zone %s\n", zone->name, zone->zone_start_pfn,
                end - 1, records, failed, strangers, other->name);
        show_frame(zone->zone_start_pfn);
        show_frame(end - 1);
}
static int __init lab_init(void)
{
        unsigned long pfn, end = 0, records = 0;
        int nid, i;

        pr_info(LAB "sizeof(struct page) %zu\n", sizeof(struct page));
        for_each_online_node(nid) {
                pg_data_t *pgdat = NODE_DATA(nid);

                for (i = 0; i < MAX_NR_ZONES; i++)
                        if (populated_zone(&pgdat->node_zones[i]))
                                walk_zone(&pgdat->node_zones[i]);
                end = max(end, pgdat_end_pfn(pgdat));
        }
        for (pfn = 0; pfn < end; pfn++)
                records += pfn_valid(pfn);
        pr_info(LAB "mem_map %lu KiB: %lu records, %lu pfns below %#lx "
                "without one\n", records * sizeof(struct page) / 1024,
                records, end - records, end);
        return 0;
}

static void __exit lab_exit(void)
{
}

module_init(lab_init);
module_exit(lab_exit);      /* without it the module could not be removed */
MODULE_LICENSE("GPL");
