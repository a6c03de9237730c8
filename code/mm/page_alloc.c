/* page_alloc.c: alloc_pages and __free_pages: watermarks, the fast and slow
 * paths. Generated from the chapters by notangle; edit the chapters, not this
 * file. */
#include "page_alloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

long zone_watermark_threshold(const struct zone *zone, unsigned long mark,
                              int highest_zoneidx, unsigned int alloc_flags)
{
        long min = (long)mark;

        if (alloc_flags & ALLOC_RESERVES) {
                if (alloc_flags & ALLOC_MIN_RESERVE) {
                        min -= min / 2;
                        if (alloc_flags & ALLOC_NON_BLOCK)
                                min -= min / 4;
                }
                if (alloc_flags & ALLOC_OOM)
                        min -= min / 2;
        }
        return min + zone->lowmem_reserve[highest_zoneidx];
}
bool __zone_watermark_ok(const struct zone *zone, unsigned int order,
                         unsigned long mark, int highest_zoneidx,
                         unsigned int alloc_flags, long free_pages)
{
        free_pages -= (1L << order) - 1;
        if (!(alloc_flags & ALLOC_RESERVES))
                free_pages -= (long)READ_ONCE(zone->nr_free_highatomic);
        if (free_pages <=
            zone_watermark_threshold(zone, mark, highest_zoneidx, alloc_flags))
                return false;
        if (order == 0)
                return true;
        for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
                const struct free_area *area = &zone->free_area[o];
                if (READ_ONCE(area->nr_free) == 0)
                        continue;
                for (int type = 0; type < MIGRATE_PCPTYPES; type++)
                        if (!list_empty(&area->free_list[type]))
                                return true;
                if ((alloc_flags & (ALLOC_HIGHATOMIC | ALLOC_OOM)) &&
                    !list_empty(&area->free_list[MIGRATE_HIGHATOMIC]))
                        return true;
        }
        return false;
}
static bool zone_watermark_fast(const struct zone *zone, unsigned int order,
                                int mark_index, int highest_zoneidx,
                                unsigned int alloc_flags)
{
        long free_pages = (long)READ_ONCE(zone->nr_free_pages);
        unsigned long mark =
                wmark_pages(zone, (enum zone_watermarks)mark_index);

        if (order == 0) {
                long reserved = alloc_flags & ALLOC_RESERVES
                                ? 0 : (long)READ_ONCE(zone->nr_free_highatomic);
                long usable = free_pages - (free_pages < reserved ? free_pages
                                                                  : reserved);
                if (usable > (long)mark + zone->lowmem_reserve[highest_zoneidx])
                        return true;
        }
        if (__zone_watermark_ok(zone, order, mark, highest_zoneidx, alloc_flags,
                                free_pages))
                return true;
        if (order == 0 && (alloc_flags & ALLOC_MIN_RESERVE) &&
            READ_ONCE(zone->watermark_boost) && mark_index == WMARK_MIN)
                return __zone_watermark_ok(
                        zone, order, zone->_watermark[WMARK_MIN],
                        highest_zoneidx, alloc_flags, free_pages);
        return false;
}
/* out of line: an allocation keeps only the test */
static void __attribute__((noinline))
walk_record(struct machine *machine, struct walk_step step)
{
        machine->walk_hook(machine->walk_data, &step);
}

/* variadic: the record's initializer has commas of its own */
#define walk(machine, ...)                                            \
        do {                                                          \
                if ((machine)->walk_hook)                             \
                        walk_record((machine), __VA_ARGS__);         \
        } while (0)
static unsigned long kswapd_wakeups(struct machine *machine,
                                    const struct zone *zone)
{
        return atomic_load(&machine->kswapd[zone->zone_pgdat->node_id].wakeups);
}
int current_cpu_id(void)
{
        return this_cpu() ? this_cpu()->id : 0;
}

static bool prepare_alloc_pages(struct machine *machine, gfp_t gfp,
                                int preferred_nid, struct alloc_context *ac)
{
        ac->cpu = current_cpu_id();
        if (preferred_nid < 0 || preferred_nid >= machine->topo.nr_nodes)
                /* one node needs no division, a slow instruction */
                preferred_nid = machine->topo.nr_nodes == 1
                                ? 0 : ac->cpu % machine->topo.nr_nodes;
        pg_data_t *pgdat = &machine->topo.node_data[preferred_nid];
        ac->zonelist =
                pgdat->node_zonelists[gfp & __GFP_THISNODE ? ZONELIST_NOFALLBACK
                                                           : ZONELIST_FALLBACK]
                        ._zonerefs;
        ac->highest_zoneidx = gfp_zone(gfp);
        ac->migratetype = gfp_migratetype(gfp);
        ac->preferred_zoneref = ac->zonelist;
        while (ac->preferred_zoneref->zone &&
               ac->preferred_zoneref->zone_idx > ac->highest_zoneidx)
                ac->preferred_zoneref++;
        return ac->preferred_zoneref->zone != NULL;
}
static struct page *get_page_from_freelist(struct machine *machine, gfp_t gfp,
                                           unsigned int order,
                                           unsigned int alloc_flags,
                                           const struct alloc_context *ac)
{
        bool multi_node = machine->topo.nr_nodes > 1;
        bool skip_kswapd_nodes = multi_node, skipped_kswapd_nodes = false;

        (void)gfp;
retry:
        for (struct zoneref *ref = ac->preferred_zoneref; ref->zone; ref++) {
                struct zone *zone = ref->zone;
                if (ref->zone_idx > ac->highest_zoneidx)
                        continue;
                if (multi_node) {
                        pg_data_t *local = ac->preferred_zoneref->zone->zone_pgdat;
                        if ((alloc_flags & ALLOC_NOFRAGMENT) && zone->zone_pgdat != local) {
                                alloc_flags &= ~(unsigned int)ALLOC_NOFRAGMENT;
                                walk(machine, (struct walk_step){ .point = WALK_REMOTE, .zone = zone,
                                                                  .nid = local->node_id });
                                goto retry;
                        }
                        if (skip_kswapd_nodes &&
                            atomic_load(&machine->kswapd[zone->zone_pgdat->node_id].awake)) {
                                skipped_kswapd_nodes = true;
                                walk(machine,
                                     (struct walk_step){ .point = WALK_KSWAPD_AWAKE, .zone = zone });
                                continue;
                        }
                }
                int mark = (int)(alloc_flags & ALLOC_WMARK_MASK);
                bool above_high = false, watermarks_ignored = false;
                if (!zone_flag(zone, ZONE_BELOW_HIGH)) {
                        above_high = zone_watermark_fast(zone, order, WMARK_HIGH,
                                                         ac->highest_zoneidx, alloc_flags);
                        if (above_high)
                                goto try_this_zone;
                        zone_set_flag(zone, ZONE_BELOW_HIGH);
                }
                if (!zone_watermark_fast(zone, order, mark, ac->highest_zoneidx,
                                         alloc_flags)) {
                        if (!(alloc_flags & ALLOC_NO_WATERMARKS)) {
                                walk(machine, (struct walk_step){ .point = WALK_ZONE_SKIP, .zone = zone,
                                                                  .order = order, .alloc_flags = alloc_flags,
                                                                  .mark = mark,
                                                                  .highest_zoneidx = ac->highest_zoneidx });
                                continue;
                        }
                        watermarks_ignored = true;
                }
try_this_zone:
                walk(machine, (struct walk_step){
                        .point = watermarks_ignored ? WALK_ZONE_NO_WMARK : WALK_ZONE_OK,
                        .zone = zone, .order = order, .alloc_flags = alloc_flags,
                        .mark = above_high ? WMARK_HIGH : mark,
                        .highest_zoneidx = ac->highest_zoneidx });
                bool walked = machine->walk_hook != NULL;
                int count_before =
                        walked ? READ_ONCE(zone->per_cpu_pageset[ac->cpu].count) : 0;
                unsigned long wakeups_before = walked ? kswapd_wakeups(machine, zone) : 0;
                struct page *page = rmqueue(zone, order, ac->migratetype, alloc_flags, ac->cpu);
                if (walked) {
                        if (kswapd_wakeups(machine, zone) != wakeups_before)
                                walk(machine,
                                     (struct walk_step){ .point = WALK_BOOSTED, .zone = zone });
                        if (!page)
                                walk(machine,
                                     (struct walk_step){ .point = WALK_NO_BLOCK, .zone = zone });
                }
                if (!page)
                        continue;
                if ((alloc_flags & (ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK | ALLOC_OOM)) &&
                    !__zone_watermark_ok(zone, order,
                                         wmark_pages(zone, (enum zone_watermarks)mark),
                                         ac->highest_zoneidx, alloc_flags &ALLOC_WMARK_MASK,
                                         (long)READ_ONCE(zone->nr_free_pages) + (1L << order)))
                        atomic_fetch_add(&machine->reserve_allocations, 1);
                if (walked)
                        walk(machine, (struct walk_step){
                                              .point = WALK_TAKEN,
                                              .zone = zone,
                                              .order = order,
                                              .cpu = ac->cpu,
                                              .before = count_before,
                                              .after = READ_ONCE(
                                                      zone->per_cpu_pageset[ac->cpu].count) });
                prep_new_page(page, order, ac->migratetype);
                if ((alloc_flags & ALLOC_HIGHATOMIC) && order > 0)
                        reserve_highatomic_pageblock(page, order, zone);
                return page;
        }
        if (skip_kswapd_nodes && skipped_kswapd_nodes) {
                skip_kswapd_nodes = false;
                walk(machine, (struct walk_step){ .point = WALK_RETRY_ALL_NODES });
                goto retry;
        }
        if (alloc_flags & ALLOC_NOFRAGMENT) {
                alloc_flags &= ~(unsigned int)ALLOC_NOFRAGMENT;
                walk(machine,
                     (struct walk_step){ .point = WALK_RETRY_FRAGMENTING });
                goto retry;
        }
        return NULL;
}
static void might_alloc(struct machine *machine, gfp_t gfp)
{
        if (!gfpflags_allow_blocking(gfp) || !(in_atomic() || irqs_disabled()))
                return;
        struct cpu *cpu = this_cpu();
        printk(&machine->log,
               "BUG: sleeping function called from invalid context at "
               "include/linux/sched/mm.h:321\n");
        printk(&machine->log,
               "in_atomic(): %d, irqs_disabled(): %d, non_block: 0, pid: %d, "
               "name: %s\n",
               in_atomic(), irqs_disabled(), (int)getpid(),
               program_invocation_short_name);
        printk(&machine->log, "preempt_count: %x, expected: 0\n",
               cpu ? (unsigned)(atomic_load(&cpu->preempt_count) +
                                (atomic_load(&cpu->hardirq_count) << 16))
                   : 0u);
        /* CONFIG_PREEMPT_RCU, as Debian's */
        printk(&machine->log, "RCU nest depth: 0, expected: 0\n");
}
static void check_poison_mem(struct machine *machine, const unsigned char *mem)
{
        size_t first = 0, last = PAGE_SIZE - 1;
        while (first < PAGE_SIZE && mem[first] == PAGE_POISON)
                first++;
        if (first == PAGE_SIZE)
                return;
        while (mem[last] == PAGE_POISON)
                last--;
        unsigned char flipped = mem[first] ^ PAGE_POISON;
        printk(&machine->log, "pagealloc: %s\n",
               first == last && !(flipped & (flipped - 1))
                       ? "single bit error"
                       : "memory corruption");
        unsigned long address =
                PAGE_OFFSET + (unsigned long)(mem - machine->map.arena);
        for (size_t row = first; row <= last; row += 16) {
                size_t n = last + 1 - row < 16 ? last + 1 - row : 16;
                char hex[64] = "", text[17] = "";
                for (size_t i = 0; i < n; i++) {
                        snprintf(hex + strlen(hex), sizeof(hex) - strlen(hex),
                                 i ? " %02x" : "%02x", mem[row + i]);
                        text[i] = mem[row + i] >= 0x20 && mem[row + i] < 0x7f
                                          ? (char)mem[row + i]
                                          : '.';
                }
                printk(&machine->log, "%016lx: %-49s%s\n", address + row, hex,
                       text);
        }
}
static void prep_compound_page(struct page *page, unsigned int order)
{
        WRITE_ONCE(page->flags, page->flags | PG_head);
        page[1].index = order;
        for (unsigned long i = 1; i < 1UL << order; i++)
                page[i].lru.next = (struct list_head *)((uintptr_t)page | 1);
}

static void clear_compound_page(struct page *page, unsigned int order)
{
        WRITE_ONCE(page->flags, page->flags & ~(unsigned long)PG_head);
        page[1].index = 0;
        for (unsigned long i = 1; i < 1UL << order; i++)
                INIT_LIST_HEAD(&page[i].lru);
}
static void give_owner(struct page *page, unsigned int order, int refcount)
{
        WRITE_ONCE(page->flags, page->flags | PG_owned | PG_owner_head);
        page->private = order;
        for (unsigned long i = 1; i < 1UL << order; i++) {
                WRITE_ONCE(page[i].flags,
                           (page[i].flags | PG_owned) &
                                   ~(unsigned long)PG_owner_head);
                page[i].private = i;
        }
        atomic_store(&page->_refcount, refcount);
}

static void post_alloc_hook(struct machine *machine, struct page *page,
                            unsigned int order, gfp_t gfp)
{
        (void)machine; (void)order; (void)gfp;
        if (!page)
                return;
        if (machine->config.kernel.debug_pagealloc)
                debug_pagealloc_map_pages(page_zone(machine, page), page, order);
        for (unsigned long i = 0; machine->config.kernel.page_poisoning &&
                                  i < 1UL << order; i++)
                if (page[i].flags & PG_poisoned) {
                        WRITE_ONCE(page[i].flags,
                                   page[i].flags & ~(unsigned long)PG_poisoned);
                        check_poison_mem(machine,
                                         page_address(&machine->map, page + i));
                }
        if (gfp & __GFP_ZERO)
                memset(page_address(&machine->map, page), 0, PAGE_SIZE << order);
        if (order && (gfp & __GFP_COMP))
                prep_compound_page(page, order);
}
static void trace_alloc(struct machine *machine, struct page *page,
                        unsigned int order, gfp_t gfp, int migratetype)
{
        if (machine->trace)
                trace_record(
                        machine->trace,
                        (struct trace_event){
                                .type = TRACE_ALLOC,
                                .pfn = page ? page_to_pfn(&machine->map, page)
                                            : -1UL,
                                .order = (unsigned char)order,
                                .gfp = gfp,
                                .migratetype = (unsigned char)migratetype });
}
static void wake_all_kswapds(struct machine *machine, unsigned int order,
                             const struct alloc_context *ac)
{
        int last_nid = -1;

        for (struct zoneref *ref = ac->zonelist; ref->zone; ref++) {
                if (ref->zone_idx > ac->highest_zoneidx ||
                    ref->zone->zone_pgdat->node_id == last_nid)
                        continue;
                last_nid = ref->zone->zone_pgdat->node_id;
                unsigned long before =
                        atomic_load(&machine->kswapd[last_nid].wakeups);
                wakeup_kswapd(machine, ref->zone, order, ac->highest_zoneidx);
                if (atomic_load(&machine->kswapd[last_nid].wakeups) != before)
                        walk(machine,
                             (struct walk_step){ .point = WALK_KSWAPD_WOKEN,
                                                 .nid = last_nid });
        }
}
static struct page *__alloc_pages_slowpath(struct machine *machine, gfp_t gfp,
                                           unsigned int order,
                                           struct alloc_context *ac)
{
        bool can_direct_reclaim = gfpflags_allow_blocking(gfp);
        unsigned int alloc_flags =
                gfp_to_alloc_flags(gfp, order, &machine->config.kernel);
        int no_progress_loops = 0, rounds = 0;
        bool drained = false;

        walk(machine, (struct walk_step){ .point = WALK_SLOW_PATH,
                                          .alloc_flags = alloc_flags });
        if ((gfp & __GFP_NOFAIL) && (order > 1 || !can_direct_reclaim))
                printk(&machine->log,
                       "WARNING: __alloc_pages_slowpath: __GFP_NOFAIL %s\n",
                       can_direct_reclaim
                               ? "above order 1"
                               : "without __GFP_DIRECT_RECLAIM: it can fail");
        if (alloc_flags & ALLOC_KSWAPD)
                wake_all_kswapds(machine, order, ac);
        struct page *page =
                get_page_from_freelist(machine, gfp, order, alloc_flags, ac);
        if (page)
                return page;
retry:
        if (alloc_flags & ALLOC_KSWAPD)
                wake_all_kswapds(machine, order, ac);
        if ((gfp & __GFP_MEMALLOC) && !(gfp & __GFP_NOMEMALLOC)) {
                alloc_flags = gfp_to_alloc_flags_cma(gfp, ALLOC_NO_WATERMARKS,
                                                     &machine->config.kernel) |
                              (alloc_flags & ALLOC_KSWAPD);
                walk(machine, (struct walk_step){ .point = WALK_MEMALLOC });
        }
        page = get_page_from_freelist(machine, gfp, order, alloc_flags, ac);
        if (page)
                return page;
        if (!can_direct_reclaim) {
                walk(machine, (struct walk_step){ .point = WALK_CANNOT_SLEEP });
                return NULL;
        }
        unsigned long progress = 0;
        for (int nid = 0; nid < machine->topo.nr_nodes && progress < SWAP_CLUSTER_MAX;
             nid++)
                progress +=
                        shrink_page_cache(machine, nid, SWAP_CLUSTER_MAX - progress);
        walk(machine, (struct walk_step){ .point = WALK_DIRECT_RECLAIM,
                                          .round = rounds++,
                                          .pages = (long)progress });
        page = get_page_from_freelist(machine, gfp, order, alloc_flags, ac);
        if (!page && !drained) {
                unreserve_highatomic_pageblock(ac->preferred_zoneref->zone,
                                               ac->migratetype, false);
                for (struct zoneref *ref = ac->preferred_zoneref; ref->zone; ref++)
                        drain_all_pages(ref->zone);
                drained = true;
                page = get_page_from_freelist(machine, gfp, order, alloc_flags, ac);
        }
        if (page)
                return page;
        if (gfp & __GFP_NORETRY)
                goto nopage;
        if (order > PAGE_ALLOC_COSTLY_ORDER && !(gfp & __GFP_RETRY_MAYFAIL))
                goto nopage;
        no_progress_loops = progress ? 0 : no_progress_loops + 1;
        if (no_progress_loops > MAX_RECLAIM_RETRIES) {
                walk(machine, (struct walk_step){ .point = WALK_NO_PROGRESS,
                                                  .round = MAX_RECLAIM_RETRIES });
                goto nopage;
        }
        bool could_succeed = false;
        for (struct zoneref *ref = ac->preferred_zoneref; ref->zone; ref++)
                if (ref->zone_idx <= ac->highest_zoneidx &&
                    __zone_watermark_ok(ref->zone, order,
                                        wmark_pages(ref->zone, WMARK_MIN),
                                        ac->highest_zoneidx, alloc_flags,
                                        (long)(READ_ONCE(ref->zone->nr_free_pages) +
                                               READ_ONCE(machine->cache.nr_pages))))
                        could_succeed = true;
        if (!could_succeed) {
                walk(machine, (struct walk_step){ .point = WALK_BELOW_MIN });
                goto nopage;
        }
        goto retry;
nopage:
        if ((gfp & __GFP_NOFAIL) && can_direct_reclaim) {
                page = get_page_from_freelist(machine, gfp, order,
                                              ALLOC_MIN_RESERVE | ALLOC_CPUSET, ac);
                if (!page)
                        page = get_page_from_freelist(machine, gfp, order,
                                                      ALLOC_NO_WATERMARKS, ac);
                if (page) {
                        walk(machine, (struct walk_step){ .point = WALK_NOFAIL });
                        return page;
                }
                char mask[256];
                gfp_format_with(gfp_names_of(&machine->config.kernel), gfp, mask,
                                sizeof(mask));
                printk(&machine->log,
                       "%s invoked oom-killer: gfp_mask=%#x(%s), order=%u, "
                       "oom_score_adj=0\n",
                       program_invocation_short_name, gfp, mask, order);
                printk(&machine->log, "Out of memory and no killable processes...\n");
                printk(&machine->log,
                       "Kernel panic - not syncing: System is deadlocked on memory\n");
                /* a program's machine keeps its log to itself: say it */
                if (!machine->log.echo)
                        fputs("Kernel panic - not syncing: System is deadlocked on "
                              "memory\n",
                              stderr);
                /* the machine stops, as the kernel does */
                abort();
        }
        return NULL;
}
static struct page *alloc_pages_slowpath(struct machine *machine, gfp_t gfp,
                                         unsigned int order,
                                         struct alloc_context *ac)
{
        unsigned long cache_before = READ_ONCE(machine->cache.nr_pages);
        struct page *page = __alloc_pages_slowpath(machine, gfp, order, ac);

        walk(machine, (struct walk_step){
                .point = WALK_SLOW_PATH_END, .ok = page != NULL,
                .pages = (long)(cache_before -
                                READ_ONCE(machine->cache.nr_pages)) });
        return page;
}
static bool warn_ratelimit(struct machine *machine)
{
        struct timespec now;

        clock_gettime(CLOCK_MONOTONIC, &now);
        if (machine->warn_printed == 0 ||
            now.tv_sec - machine->warn_window.tv_sec >= 10) {
                if (machine->warn_missed)
                        printk(&machine->log,
                               "warn_alloc: %d callbacks suppressed\n",
                               machine->warn_missed);
                machine->warn_window = now;
                machine->warn_printed = 0;
                machine->warn_missed = 0;
        }
        if (machine->warn_printed >= 1) {
                machine->warn_missed++;
                return false;
        }
        machine->warn_printed++;
        return true;
}
static void node_list(const struct machine *machine, char *text, size_t size)
{
        size_t len = 0;

        text[0] = '\0';
        for (int nid = 0; nid < machine->topo.nr_nodes; nid++) {
                if (!machine->topo.node_data[nid].node_present_pages)
                        continue;
                int last = nid;
                while (last + 1 < machine->topo.nr_nodes &&
                       machine->topo.node_data[last + 1].node_present_pages)
                        last++;
                len += (size_t)snprintf(text + len, size - len,
                                        last > nid ? "%s%d-%d" : "%s%d",
                                        len ? "," : "", nid, last);
                nid = last;
        }
}
static void warn_alloc(struct machine *machine, gfp_t gfp, unsigned int order)
{
        char names[256], mems[64];

        if ((gfp & __GFP_NOWARN) || !warn_ratelimit(machine))
                return;
        gfp_format_with(gfp_names_of(&machine->config.kernel), gfp, names,
                        sizeof(names));
        node_list(machine, mems, sizeof(mems));
        printk(&machine->log,
               "%s: page allocation failure: order:%u, mode:%#x(%s), "
               "nodemask=(null),"
               "cpuset=/,mems_allowed=%s\n",
               program_invocation_short_name, order, gfp, names, mems);
        show_mem(machine, (int)gfp_zone(gfp));
}

struct page *__alloc_pages(struct machine *machine, gfp_t gfp,
                           unsigned int order, int preferred_nid)
{
        struct alloc_context ac;

        if (machine->running != MACHINE_RUNNING) {
                printk(&machine->log, "BUG: alloc_pages: the machine is not "
                                      "running (shut down or never booted)\n");
                return NULL;
        }
        if (order > MAX_PAGE_ORDER) {
                if (!(gfp & __GFP_NOWARN))
                        printk(&machine->log,
                               "WARNING: alloc_pages: order %u above "
                               "MAX_PAGE_ORDER %d\n",
                               order, MAX_PAGE_ORDER);
                return NULL;
        }
        if (gfp_zone_bad(gfp)) {
                printk(&machine->log,
                       "BUG: gfp_zone: invalid zone modifiers %#x in "
                       "mode:%#x\n",
                       gfp & GFP_ZONEMASK, gfp);
                return NULL;
        }
        if ((gfp & GFP_MOVABLE_MASK) == GFP_MOVABLE_MASK) {
                printk(&machine->log,
                       "WARNING: gfp_migratetype: __GFP_MOVABLE and "
                       "__GFP_RECLAIMABLE "
                       "together in mode:%#x\n",
                       gfp);
                return NULL;
        }
        might_alloc(machine, gfp);
        if (!prepare_alloc_pages(machine, gfp, preferred_nid, &ac))
                return NULL;
        unsigned int alloc_flags = alloc_flags_first_attempt(
                gfp, (enum zone_type)ac.preferred_zoneref->zone_idx,
                machine->topo.nr_nodes == 1 ||
                        populated_zone(&ac.preferred_zoneref->zone->zone_pgdat
                                                ->node_zones[ZONE_DMA32]),
                &machine->config.kernel);
        walk(machine, (struct walk_step){ .point = WALK_REQUEST,
                                          .gfp = gfp,
                                          .order = order,
                                          .cpu = ac.cpu,
                                          .zone = ac.preferred_zoneref->zone,
                                          .highest_zoneidx = ac.highest_zoneidx });
        walk(machine,
             (struct walk_step){ .point = WALK_FAST_PATH, .alloc_flags = alloc_flags });
        struct page *page =
                get_page_from_freelist(machine, gfp, order, alloc_flags, &ac);
        if (page) {
                post_alloc_hook(machine, page, order, gfp);
                trace_alloc(machine, page, order, gfp, ac.migratetype);
                return page;
        }
        page = alloc_pages_slowpath(machine, gfp, order, &ac);
        if (!page)
                warn_alloc(machine, gfp, order);
        if (!page)
                atomic_fetch_add(&machine->failed_allocations, 1);
        post_alloc_hook(machine, page, order, gfp);
        trace_alloc(machine, page, order, gfp, ac.migratetype);
        return page;
}

struct page *alloc_pages(struct machine *machine, gfp_t gfp, unsigned int order)
{
        return __alloc_pages(machine, gfp, order, -1);
}
void __free_pages(struct machine *machine, struct page *page,
                  unsigned int order)
{
        if (machine->running != MACHINE_RUNNING) {
                printk(&machine->log, "BUG: __free_pages: the machine is not "
                                      "running (shut down or never booted)\n");
                return;
        }
        unsigned long pfn = page_to_pfn(&machine->map, page);

        if (pfn == -1UL)
                return;              /* page_to_pfn has reported it */
        if (PageTail(page)) {
                printk(&machine->log,
                       "BUG: Bad page state in process %s  pfn:%05lx\n"
                       "page dumped because: freeing a tail page of the compound page "
                       "at pfn %#lx\n",
                       program_invocation_short_name, pfn,
                       page_to_pfn(&machine->map, compound_head(page)));
                return;
        }
        if ((page->flags & PG_owner_head) && page->private != order) {
                /* reports; changes nothing */
                free_pages_prepare(page_zone(machine, page), page, order);
                return;
        }
        bool head = PageHead(page);
        if (atomic_load(&page->_refcount) > 0 && !put_page_testzero(page)) {
                if (!head && order > 0 && (page->flags & PG_owner_head) &&
                    page->private == order) {
                        struct zone *zone = page_zone(machine, page);
                        give_owner(page, 0, page_ref_count(page));
                        for (int o = (int)order - 1; o >= 0; o--) {
                                give_owner(page + (1UL << o), (unsigned int)o, 1);
                                if (machine->trace)
                                        trace_record(machine->trace,
                                                     (struct trace_event){
                                                             .type = TRACE_FREE,
                                                             .pfn = pfn + (1UL << o),
                                                             .order = (unsigned char)o });
                                pcp_free(zone, page + (1UL << o), (unsigned int)o,
                                         current_cpu_id());
                        }
                }
                return;
        }
        if (head)
                clear_compound_page(page, order);
        if (machine->trace)
                trace_record(
                        machine->trace,
                        (struct trace_event){ .type = TRACE_FREE,
                                              .pfn = pfn,
                                              .order = (unsigned char)order });
        pcp_free(page_zone(machine, page), page, order, current_cpu_id());
}
int trace_enable(struct machine *machine)
{
        if (!machine->trace)
                machine->trace = calloc(1, sizeof(*machine->trace));
        if (!machine->trace)
                return -ENOMEM;
        machine->trace->gfp_names = gfp_names_of(&machine->config.kernel);
        for (int nid = 0; nid < machine->topo.nr_nodes; nid++)
                for (int z = 0; z < MAX_NR_ZONES; z++)
                        machine->topo.node_data[nid].node_zones[z].trace =
                                machine->trace;
        return 0;
}

void trace_disable(struct machine *machine)
{
        for (int nid = 0; nid < machine->topo.nr_nodes; nid++)
                for (int z = 0; z < MAX_NR_ZONES; z++)
                        machine->topo.node_data[nid].node_zones[z].trace = NULL;
        free(machine->trace);
        machine->trace = NULL;
}
