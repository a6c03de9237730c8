/* ch08-compound.c: a real compound page and __get_free_pages(), for
 * chapter 8. Generated from chapters/08-slow-path.nw; edit the chapter. */
#include <linux/module.h>
#include <linux/mm.h>

#define LAB "lab ch08-compound: "
#define ORDER 2
static void show_block(unsigned long addr)
{
        struct page *head = virt_to_page((void *)addr);
        int i;

        pr_info(LAB "page_address(virt_to_page(addr)) == addr: %s\n",
                (unsigned long)page_address(head) == addr ? "yes" : "no");
        pr_info(LAB "head: PageHead %d PageTail %d order %u refcount %d\n",
                PageHead(head), PageTail(head), compound_order(head),
                page_ref_count(head));
        for (i = 1; i < 1 << ORDER; i++) {
                struct page *tail = head + i;
                void *frame = (void *)(addr + i * PAGE_SIZE);

                pr_info(LAB "tail %d: PageHead %d PageTail %d compound_head "
                        "%s refcount %d virt_to_page %s\n", i, PageHead(tail),
                        PageTail(tail),
                        compound_head(tail) == head ? "head" : "other",
                        page_ref_count(tail),
                        virt_to_page(frame) == tail ? "ok" : "wrong");
        }
}
static int __init lab_init(void)
{
        unsigned long addr;

        pr_info(LAB "__get_free_pages(GFP_KERNEL | __GFP_COMP, %d)\n", ORDER);
        addr = __get_free_pages(GFP_KERNEL | __GFP_COMP, ORDER);
        if (addr) {
                show_block(addr);
                free_pages(addr, ORDER);
        }
        pr_info(LAB "__get_free_pages(GFP_KERNEL, %d)\n", ORDER);
        addr = __get_free_pages(GFP_KERNEL, ORDER);
        if (addr) {
                show_block(addr);
                free_pages(addr, ORDER);
        }
        return 0;
}

static void __exit lab_exit(void)
{
}

module_init(lab_init);
module_exit(lab_exit);      /* without it the module could not be removed */
MODULE_LICENSE("GPL");
