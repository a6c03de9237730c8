// SPDX-License-Identifier: GPL-2.0
/* ch06-irq-context: alloc_page(GFP_ATOMIC) in a task, a hard interrupt
 * (irq_work) and a softirq (a timer), with the context each reports. */
#include <linux/completion.h>
#include <linux/gfp.h>
#include <linux/irq_work.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/timer.h>

struct context_seen {
        int hardirq, softirq, irqs_off;
        unsigned int preempt;
        bool page;
        bool would_report;  /* what might_alloc(GFP_KERNEL) would say here */
};

static struct context_seen seen[3];
static DECLARE_COMPLETION(irq_done);
static DECLARE_COMPLETION(timer_done);

static void look(struct context_seen *c)
{
        struct page *page = alloc_page(GFP_ATOMIC);

        c->hardirq = in_hardirq() ? 1 : 0;
        c->softirq = in_serving_softirq() ? 1 : 0;
        c->irqs_off = irqs_disabled() ? 1 : 0;
        c->preempt = preempt_count();
        c->page = page != NULL;
        /* __might_resched()'s test, for a mask that may sleep */
        c->would_report = gfpflags_allow_blocking(GFP_KERNEL) &&
                          (preempt_count() || irqs_disabled());
        if (page)
                __free_page(page);
}

static void in_irq_work(struct irq_work *work)
{
        look(&seen[1]);
        complete(&irq_done);
}

/* _HARD: a hard interrupt even where irq_work would run in a thread */
static struct irq_work work = IRQ_WORK_INIT_HARD(in_irq_work);
static struct timer_list timer;

static void in_timer(struct timer_list *t)
{
        look(&seen[2]);
        complete(&timer_done);
}
static int __init irq_context_init(void)
{
        static const char *const names[] = { "task", "hardirq", "softirq" };

        look(&seen[0]);
        irq_work_queue(&work);
        wait_for_completion(&irq_done);
        timer_setup(&timer, in_timer, 0);
        mod_timer(&timer, jiffies + 1);
        wait_for_completion(&timer_done);
        timer_delete_sync(&timer);
        for (int i = 0; i < 3; i++)
                pr_info("lab ch06-irq-context: %s hardirq %d softirq %d "
                        "irqs_disabled %d preempt_count %#x page %s "
                        "might_alloc %s\n", names[i], seen[i].hardirq,
                        seen[i].softirq, seen[i].irqs_off, seen[i].preempt,
                        seen[i].page ? "yes" : "no",
                        seen[i].would_report ? "report" : "silent");
        pr_info("lab ch06-irq-context: CONFIG_DEBUG_ATOMIC_SLEEP %s\n",
                IS_ENABLED(CONFIG_DEBUG_ATOMIC_SLEEP) ? "y" : "n");
        return 0;
}

static void __exit irq_context_exit(void)
{
}

module_init(irq_context_init);
module_exit(irq_context_exit);
MODULE_LICENSE("GPL");
