/* narrate.c: the walk's sentences, from the allocator's walk points.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "narrate.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct walk_narrator {
        struct kmsg *log;
        const struct gfp_name *gfp_names; /* the kernel version's (chapter 2) */
        bool terse;             /* leave out the detail lines */
};

static void say(struct walk_narrator *narrator, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void say(struct walk_narrator *narrator, const char *fmt, ...)
{
        char line[256];
        va_list args;

        if (narrator->terse && fmt[0] == ' ')
                return;
        va_start(args, fmt);
        vsnprintf(line, sizeof(line), fmt, args);
        va_end(args);
        printk(narrator->log, "%s\n", line);
}

static const char *mark_name(int mark)
{
        return mark == WMARK_MIN ? "min" : mark == WMARK_LOW ? "low" : "high";
}
static long threshold(const struct walk_step *step)
{
        return zone_watermark_threshold(
                       step->zone,
                       wmark_pages(step->zone,
                                   (enum zone_watermarks)step->mark),
                       step->highest_zoneidx, step->alloc_flags) +
               (1L << step->order) - 1;
}
static void narrate(void *data, const struct walk_step *step)
{
        struct walk_narrator *n = data;
        const struct zone *zone = step->zone;
        int nid = zone ? zone->zone_pgdat->node_id : 0;
        char names[256];

        switch (step->point) {
        case WALK_REQUEST:
                gfp_format_with(n->gfp_names, step->gfp, names, sizeof(names));
                say(n,
                    "alloc_pages(%s, %u) on CPU %d, %s context: highest zone "
                    "%s, preferred %s",
                    names, step->order, step->cpu,
                    in_interrupt() ? "interrupt" : "task",
                    zone_names[step->highest_zoneidx], zone->name);
                break;
        case WALK_FAST_PATH:
                alloc_flags_format(step->alloc_flags, names, sizeof(names));
                say(n, "fast path: alloc_flags %#x %s", step->alloc_flags,
                    names);
                break;
        case WALK_REMOTE:
                say(n, "  node %d %-7s is remote: drop ALLOC_NOFRAGMENT, "
                       "start again on node %d", nid, zone->name, step->nid);
                break;
        case WALK_KSWAPD_AWAKE:
                say(n, "  node %d %-7s skip: kswapd awake here; nodes whose "
                       "kswapd sleeps first", nid, zone->name);
                break;
        case WALK_ZONE_SKIP:
                say(n, "  node %d %-7s free %lu <= %s %lu%s -> threshold %ld: skip",
                    nid, zone->name, READ_ONCE(zone->nr_free_pages),
                    mark_name(step->mark),
                    wmark_pages(zone, (enum zone_watermarks)step->mark),
                    step->alloc_flags & ALLOC_RESERVES ? " less reserves" : "",
                    threshold(step));
                break;
        case WALK_ZONE_OK:
                say(n, "  node %d %-7s free %lu > threshold %ld "
                       "(%s %lu + lowmem_reserve %ld%s): ok",
                    nid, zone->name, READ_ONCE(zone->nr_free_pages), threshold(step),
                    mark_name(step->mark),
                    wmark_pages(zone, (enum zone_watermarks)step->mark),
                    zone->lowmem_reserve[step->highest_zoneidx],
                    step->alloc_flags & ALLOC_RESERVES ? ", reduced for reserves" : "");
                break;
        case WALK_ZONE_NO_WMARK:
                say(n, "  node %d %-7s free %lu, below its watermark, which "
                       "ALLOC_NO_WATERMARKS ignores: ok",
                    nid, zone->name, READ_ONCE(zone->nr_free_pages));
                break;
        case WALK_BOOSTED:
                say(n, "  %s was boosted: rmqueue wakes kswapd on node %d, "
                       "for order 0 up to %s", zone->name, nid, zone->name);
                break;
        case WALK_NO_BLOCK:
                say(n, "  but rmqueue finds no block this request may take here: "
                       "next zone");
                break;
        case WALK_TAKEN:
                if (pcp_allowed_order(step->order) &&
                    step->after == step->before - (1L << step->order))
                        say(n, "  hit: taken from CPU %d's per-CPU list, no zone lock",
                            step->cpu);
                else if (step->after > step->before)
                        say(n, "  per-CPU list empty: refilled with %ld pages under "
                               "zone->lock, then taken from it",
                            step->after - step->before + (1L << step->order));
                else
                        say(n, "  taken from the buddy lists under zone->lock, split "
                               "from a larger block if needed");
                break;
        case WALK_RETRY_ALL_NODES:
                say(n, "  no node whose kswapd sleeps could serve: again, the "
                       "skipped nodes included");
                break;
        case WALK_RETRY_FRAGMENTING:
                say(n,
                    "  nothing without fragmenting: again, allowing fallback "
                    "to other types");
                break;
        case WALK_SLOW_PATH:
                alloc_flags_format(step->alloc_flags, names, sizeof(names));
                say(n, "slow path: alloc_flags %#x %s", step->alloc_flags, names);
                break;
        case WALK_KSWAPD_WOKEN:
                say(n, "  wake kswapd on node %d (it reclaims later, never for this "
                       "caller)", step->nid);
                break;
        case WALK_MEMALLOC:
                say(n, "retry: __GFP_MEMALLOC: watermarks ignored");
                break;
        case WALK_CANNOT_SLEEP:
                say(n, "no __GFP_DIRECT_RECLAIM: the caller cannot sleep, so the "
                       "allocator gives up");
                break;
        case WALK_DIRECT_RECLAIM:
                if (step->round == 0)
                        say(n, "direct reclaim: %ld pages reclaimed by the caller "
                               "itself, then try again", step->pages);
                else
                        n->terse = true;
                break;
        case WALK_NO_PROGRESS:
                say(n, "no progress in %d rounds of reclaim: give up", step->round);
                break;
        case WALK_BELOW_MIN:
                say(n, "even reclaiming everything would not reach min: give up");
                break;
        case WALK_NOFAIL:
                say(n, "__GFP_NOFAIL: served from the reserves instead of failing");
                break;
        case WALK_SLOW_PATH_END:
                if (n->terse)
                        say(n, "... %ld pages reclaimed directly in all, %s",
                            step->pages,
                            step->ok ? "until a zone passed" : "without success");
                n->terse = false;
                break;
        }
}

int walk_narrate(struct machine *machine, struct kmsg *log)
{
        free(machine->walk_data);
        machine->walk_hook = NULL;
        machine->walk_data = NULL;
        if (!log)
                return 0;
        struct walk_narrator *narrator = calloc(1, sizeof(*narrator));
        if (!narrator)
                return -ENOMEM;
        narrator->log = log;
        narrator->gfp_names = gfp_names_of(&machine->config.kernel);
        machine->walk_data = narrator;
        machine->walk_hook = narrate;
        return 0;
}
