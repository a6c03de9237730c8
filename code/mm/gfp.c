/* gfp.c: naming, parsing and interpreting gfp masks (Linux 6.18, x86_64).
 * Generated from chapters/02-gfp.nw by notangle; edit the chapter, not this
 * file. */
#include "gfp.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal",
                                               "Movable", "Device" };
const char *const migratetype_names[MIGRATE_TYPES] = {
        "Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate"
};
#define NAME(mask) { mask, #mask }
const struct gfp_name gfp_names[] = { NAME(GFP_TRANSHUGE),
                                      NAME(GFP_TRANSHUGE_LIGHT),
                                      NAME(GFP_HIGHUSER_MOVABLE),
                                      NAME(GFP_HIGHUSER),
                                      NAME(GFP_USER),
                                      NAME(GFP_KERNEL_ACCOUNT),
                                      NAME(GFP_KERNEL),
                                      NAME(GFP_NOFS),
                                      NAME(GFP_ATOMIC),
                                      NAME(GFP_NOIO),
                                      NAME(GFP_NOWAIT),
                                      NAME(GFP_DMA),
                                      NAME(GFP_DMA32),
                                      NAME(__GFP_RECLAIM),
                                      NAME(__GFP_DMA), NAME(__GFP_HIGHMEM), NAME(__GFP_DMA32), NAME(__GFP_MOVABLE),
                                              NAME(__GFP_RECLAIMABLE), NAME(__GFP_HIGH), NAME(__GFP_IO),
                                              NAME(__GFP_FS), NAME(__GFP_ZERO), NAME(__GFP_DIRECT_RECLAIM),
                                              NAME(__GFP_KSWAPD_RECLAIM), NAME(__GFP_WRITE), NAME(__GFP_NOWARN),
                                              NAME(__GFP_RETRY_MAYFAIL), NAME(__GFP_NOFAIL), NAME(__GFP_NORETRY),
                                              NAME(__GFP_MEMALLOC), NAME(__GFP_COMP), NAME(__GFP_NOMEMALLOC),
                                              NAME(__GFP_HARDWALL), NAME(__GFP_THISNODE), NAME(__GFP_ACCOUNT),
                                              NAME(__GFP_ZEROTAGS), NAME(__GFP_NO_OBJ_EXT),
                                      { 0, NULL } };
const struct gfp_name gfp_names_6_6[] = {
        NAME(GFP_TRANSHUGE), NAME(GFP_TRANSHUGE_LIGHT), NAME(GFP_HIGHUSER_MOVABLE),
                NAME(GFP_HIGHUSER), NAME(GFP_USER), NAME(GFP_KERNEL_ACCOUNT),
                NAME(GFP_KERNEL), NAME(GFP_NOFS), NAME(GFP_ATOMIC), NAME(GFP_NOIO),
                { __GFP_KSWAPD_RECLAIM, "GFP_NOWAIT" }, NAME(GFP_DMA),
                NAME(__GFP_HIGHMEM), NAME(GFP_DMA32), NAME(__GFP_HIGH), NAME(__GFP_IO),
                NAME(__GFP_FS), NAME(__GFP_NOWARN), NAME(__GFP_RETRY_MAYFAIL),
                NAME(__GFP_NOFAIL), NAME(__GFP_NORETRY), NAME(__GFP_COMP),
                NAME(__GFP_ZERO), NAME(__GFP_NOMEMALLOC), NAME(__GFP_MEMALLOC),
                NAME(__GFP_HARDWALL), NAME(__GFP_THISNODE), NAME(__GFP_RECLAIMABLE),
                NAME(__GFP_MOVABLE), NAME(__GFP_ACCOUNT), NAME(__GFP_WRITE),
                NAME(__GFP_RECLAIM), NAME(__GFP_DIRECT_RECLAIM),
                NAME(__GFP_KSWAPD_RECLAIM), NAME(__GFP_ZEROTAGS),
        { 0, NULL }
};
const struct gfp_name gfp_names_6_12[] = {
        NAME(GFP_TRANSHUGE), NAME(GFP_TRANSHUGE_LIGHT),
        NAME(GFP_HIGHUSER_MOVABLE), NAME(GFP_HIGHUSER), NAME(GFP_USER),
        NAME(GFP_KERNEL_ACCOUNT), NAME(GFP_KERNEL), NAME(GFP_NOFS),
        NAME(GFP_ATOMIC), NAME(GFP_NOIO), NAME(GFP_NOWAIT), NAME(GFP_DMA),
        NAME(__GFP_HIGHMEM), NAME(GFP_DMA32), NAME(__GFP_HIGH),
        NAME(__GFP_IO), NAME(__GFP_FS), NAME(__GFP_NOWARN),
        NAME(__GFP_RETRY_MAYFAIL), NAME(__GFP_NOFAIL), NAME(__GFP_NORETRY),
        NAME(__GFP_COMP), NAME(__GFP_ZERO), NAME(__GFP_NOMEMALLOC),
        NAME(__GFP_MEMALLOC), NAME(__GFP_HARDWALL), NAME(__GFP_THISNODE),
        NAME(__GFP_RECLAIMABLE), NAME(__GFP_MOVABLE), NAME(__GFP_ACCOUNT),
        NAME(__GFP_WRITE), NAME(__GFP_RECLAIM), NAME(__GFP_DIRECT_RECLAIM),
        NAME(__GFP_KSWAPD_RECLAIM), NAME(__GFP_ZEROTAGS), { 0, NULL }
};

struct text {
        char *buf;
        size_t size;
        size_t len;     /* length of the whole text, even past size */
};

static void text_add(struct text *text, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void text_add(struct text *text, const char *fmt, ...)
{
        size_t room = text->len < text->size ? text->size - text->len : 0;
        va_list args;

        va_start(args, fmt);
        int n = vsnprintf(room ? text->buf + text->len : NULL, room, fmt, args);
        va_end(args);
        if (n > 0)
                text->len += (size_t)n;
}

size_t gfp_format_with(const struct gfp_name *table, gfp_t flags, char *buf,
                       size_t size)
{
        struct text text = { buf, size, 0 };

        if (size > 0)
                buf[0] = '\0';
        for (const struct gfp_name *entry = table; entry->name && flags;
             entry++) {
                if ((flags & entry->mask) != entry->mask)
                        continue;
                flags &= ~entry->mask;
                text_add(&text, "%s%s", entry->name, flags ? "|" : "");
        }
        if (flags)
                text_add(&text, "%#x", flags);
        return text.len;
}

size_t gfp_format(gfp_t flags, char *buf, size_t size)
{
        return gfp_format_with(gfp_names, flags, buf, size);
}
const struct kernel_config debian_kernel_config = { .cma = false };
unsigned int gfp_to_alloc_flags_cma(gfp_t flags, unsigned int alloc_flags,
                                    const struct kernel_config *config)
{
        if (config->cma && gfp_migratetype(flags) == MIGRATE_MOVABLE)
                alloc_flags |= ALLOC_CMA;
        return alloc_flags;
}
unsigned int alloc_flags_first_attempt(gfp_t flags, enum zone_type preferred,
                                       bool lower_zone_populated,
                                       const struct kernel_config *config)
{
        unsigned int alloc_flags =
                gfp_to_alloc_flags_cma(flags, ALLOC_WMARK_LOW, config);

        alloc_flags |= flags & __GFP_KSWAPD_RECLAIM;
        if (preferred == ZONE_NORMAL && lower_zone_populated)
                alloc_flags |= ALLOC_NOFRAGMENT;
        return alloc_flags;
}
unsigned int gfp_to_alloc_flags(gfp_t flags, unsigned int order,
                                const struct kernel_config *config)
{
        unsigned int alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

        alloc_flags |= flags & (__GFP_HIGH | __GFP_KSWAPD_RECLAIM);
        if (!(flags & __GFP_DIRECT_RECLAIM)) {
                if (!(flags & __GFP_NOMEMALLOC)) {
                        alloc_flags |= ALLOC_NON_BLOCK;
                        /* 6.12: not sleeping was enough (see the box) */
                        if (order > 0 && (alloc_flags & ALLOC_MIN_RESERVE ||
                                          config->version == KERNEL_6_12))
                                alloc_flags |= ALLOC_HIGHATOMIC;
                }
                if (alloc_flags & ALLOC_MIN_RESERVE)
                        alloc_flags &= ~(unsigned int)ALLOC_CPUSET;
        }
        return gfp_to_alloc_flags_cma(flags, alloc_flags, config);
}
size_t alloc_flags_format(unsigned int alloc_flags, char *buf, size_t size)
{
        static const char *const marks[] = { "ALLOC_WMARK_MIN",
                                             "ALLOC_WMARK_LOW",
                                             "ALLOC_WMARK_HIGH",
                                             "ALLOC_WMARK_3" };
        static const char *const bits[] = {
                "ALLOC_NO_WATERMARKS", "ALLOC_OOM",        "ALLOC_NON_BLOCK",
                "ALLOC_MIN_RESERVE",   "ALLOC_CPUSET",     "ALLOC_CMA",
                "ALLOC_NOFRAGMENT",    "ALLOC_HIGHATOMIC", "ALLOC_TRYLOCK",
                "ALLOC_KSWAPD"
        };
        struct text text = { buf, size, 0 };

        if (size > 0)
                buf[0] = '\0';
        text_add(&text, "%s", marks[alloc_flags & ALLOC_WMARK_MASK]);
        for (unsigned int bit = 2; bit < 12; bit++)
                if (alloc_flags & (1u << bit))
                        text_add(&text, "|%s", bits[bit - 2]);
        if (alloc_flags >> 12)
                text_add(&text, "|%#x", alloc_flags & ~0xfffu);
        return text.len;
}
const struct gfp_name *gfp_names_of(const struct kernel_config *config)
{
        return config->version == KERNEL_6_12 ? gfp_names_6_12 : gfp_names;
}
