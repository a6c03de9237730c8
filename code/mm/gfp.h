/* gfp.h: gfp masks, zone and migrate types, allocation flags (Linux 6.18,
 * x86_64). Generated from chapters/02-gfp.nw by notangle; edit the chapter, not
 * this file. */
#ifndef LABYRINTH_GFP_H
#define LABYRINTH_GFP_H

#include <stdbool.h>
#include <stddef.h>

typedef unsigned int gfp_t;

enum gfp_bit {
        ___GFP_DMA_BIT,
        ___GFP_HIGHMEM_BIT,
        ___GFP_DMA32_BIT,
        ___GFP_MOVABLE_BIT,
        ___GFP_RECLAIMABLE_BIT,
        ___GFP_HIGH_BIT,
        ___GFP_IO_BIT,
        ___GFP_FS_BIT,
        ___GFP_ZERO_BIT,
        ___GFP_UNUSED_BIT,
        ___GFP_DIRECT_RECLAIM_BIT,
        ___GFP_KSWAPD_RECLAIM_BIT,
        ___GFP_WRITE_BIT,
        ___GFP_NOWARN_BIT,
        ___GFP_RETRY_MAYFAIL_BIT,
        ___GFP_NOFAIL_BIT,
        ___GFP_NORETRY_BIT,
        ___GFP_MEMALLOC_BIT,
        ___GFP_COMP_BIT,
        ___GFP_NOMEMALLOC_BIT,
        ___GFP_HARDWALL_BIT,
        ___GFP_THISNODE_BIT,
        ___GFP_ACCOUNT_BIT,
        ___GFP_ZEROTAGS_BIT,
        /* CONFIG_SLAB_OBJ_EXT, which memory cgroups select */
        ___GFP_NO_OBJ_EXT_BIT,
        ___GFP_LAST_BIT
};
#define GFP_BIT(bit) ((gfp_t)1 << (bit))
/* below 16 MiB */
#define __GFP_DMA            GFP_BIT(___GFP_DMA_BIT)
/* may be highmem */
#define __GFP_HIGHMEM        GFP_BIT(___GFP_HIGHMEM_BIT)
/* below 4 GiB */
#define __GFP_DMA32          GFP_BIT(___GFP_DMA32_BIT)
/* can be migrated */
#define __GFP_MOVABLE        GFP_BIT(___GFP_MOVABLE_BIT)
/* can be reclaimed */
#define __GFP_RECLAIMABLE    GFP_BIT(___GFP_RECLAIMABLE_BIT)
/* may use reserves */
#define __GFP_HIGH           GFP_BIT(___GFP_HIGH_BIT)
/* may start I/O */
#define __GFP_IO             GFP_BIT(___GFP_IO_BIT)
/* may call into fs */
#define __GFP_FS             GFP_BIT(___GFP_FS_BIT)
/* return zeroed */
#define __GFP_ZERO           GFP_BIT(___GFP_ZERO_BIT)
#define __GFP_DIRECT_RECLAIM GFP_BIT(___GFP_DIRECT_RECLAIM_BIT) /* may sleep */
/* may wake kswapd */
#define __GFP_KSWAPD_RECLAIM GFP_BIT(___GFP_KSWAPD_RECLAIM_BIT)
/* will be dirtied */
#define __GFP_WRITE          GFP_BIT(___GFP_WRITE_BIT)
/* fail quietly */
#define __GFP_NOWARN         GFP_BIT(___GFP_NOWARN_BIT)
/* try hard, may fail */
#define __GFP_RETRY_MAYFAIL  GFP_BIT(___GFP_RETRY_MAYFAIL_BIT)
/* must not fail */
#define __GFP_NOFAIL         GFP_BIT(___GFP_NOFAIL_BIT)
/* give up early */
#define __GFP_NORETRY        GFP_BIT(___GFP_NORETRY_BIT)
/* ignore watermarks */
#define __GFP_MEMALLOC       GFP_BIT(___GFP_MEMALLOC_BIT)
/* compound page */
#define __GFP_COMP           GFP_BIT(___GFP_COMP_BIT)
/* never use reserves */
#define __GFP_NOMEMALLOC     GFP_BIT(___GFP_NOMEMALLOC_BIT)
/* cpuset hard wall */
#define __GFP_HARDWALL       GFP_BIT(___GFP_HARDWALL_BIT)
/* this node only */
#define __GFP_THISNODE       GFP_BIT(___GFP_THISNODE_BIT)
/* charge to memcg */
#define __GFP_ACCOUNT        GFP_BIT(___GFP_ACCOUNT_BIT)
/* zero MTE tags */
#define __GFP_ZEROTAGS       GFP_BIT(___GFP_ZEROTAGS_BIT)
/* no slab obj ext */
#define __GFP_NO_OBJ_EXT     GFP_BIT(___GFP_NO_OBJ_EXT_BIT)
#define __GFP_SKIP_ZERO   ((gfp_t)0)   /* only with CONFIG_KASAN_HW_TAGS */
#define __GFP_SKIP_KASAN  ((gfp_t)0)   /* only with CONFIG_KASAN_HW_TAGS */
#define __GFP_NOLOCKDEP   ((gfp_t)0)   /* only with CONFIG_LOCKDEP */
#define __GFP_BITS_SHIFT  ___GFP_LAST_BIT
#define __GFP_BITS_MASK   (GFP_BIT(__GFP_BITS_SHIFT) - 1)
#define __GFP_RECLAIM        (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define GFP_ATOMIC           (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL           (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT   (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT           (__GFP_KSWAPD_RECLAIM | __GFP_NOWARN)
#define GFP_NOIO             (__GFP_RECLAIM)
#define GFP_NOFS             (__GFP_RECLAIM | __GFP_IO)
#define GFP_USER (__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA              __GFP_DMA
#define GFP_DMA32            __GFP_DMA32
#define GFP_HIGHUSER         (GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE (GFP_HIGHUSER | __GFP_MOVABLE | __GFP_SKIP_KASAN)
#define GFP_TRANSHUGE_LIGHT                                      \
        ((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | \
          __GFP_NOWARN) &                                        \
         ~__GFP_RECLAIM)
#define GFP_TRANSHUGE        (GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM)
#define GFP_ZONEMASK (__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)
#define GFP_ZONES_SHIFT 2
#define GFP_ZONE_ENTRY(modifiers, zone) \
        ((unsigned long)(zone) << ((modifiers)*GFP_ZONES_SHIFT))
#define GFP_ZONE_TABLE ( \
        GFP_ZONE_ENTRY(0, ZONE_NORMAL) | \
        GFP_ZONE_ENTRY(__GFP_DMA, ZONE_DMA) | \
        GFP_ZONE_ENTRY(__GFP_HIGHMEM, ZONE_NORMAL) | \
        GFP_ZONE_ENTRY(__GFP_DMA32, ZONE_DMA32) | \
        GFP_ZONE_ENTRY(__GFP_MOVABLE, ZONE_NORMAL) | \
        GFP_ZONE_ENTRY(__GFP_MOVABLE | __GFP_DMA, ZONE_DMA) | \
        GFP_ZONE_ENTRY(__GFP_MOVABLE | __GFP_HIGHMEM, ZONE_MOVABLE) | \
        GFP_ZONE_ENTRY(__GFP_MOVABLE | __GFP_DMA32, ZONE_DMA32))
#define GFP_ZONE_BAD ( \
        1UL << (__GFP_DMA | __GFP_HIGHMEM) | \
        1UL << (__GFP_DMA | __GFP_DMA32) | \
        1UL << (__GFP_DMA32 | __GFP_HIGHMEM) | \
        1UL << (__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM) | \
        1UL << (__GFP_MOVABLE | __GFP_HIGHMEM | __GFP_DMA) | \
        1UL << (__GFP_MOVABLE | __GFP_DMA32 | __GFP_DMA) | \
        1UL << (__GFP_MOVABLE | __GFP_DMA32 | __GFP_HIGHMEM) | \
        1UL << (__GFP_MOVABLE | __GFP_DMA32 | __GFP_DMA | __GFP_HIGHMEM))
enum zone_type {
        ZONE_DMA,
        ZONE_DMA32,
        ZONE_NORMAL,
        ZONE_MOVABLE,
        ZONE_DEVICE,
        MAX_NR_ZONES
};
enum migratetype {
        MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, MIGRATE_RECLAIMABLE,
        /* types with per-CPU lists (chapter 5) */
        MIGRATE_PCPTYPES,
        MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
        MIGRATE_CMA, MIGRATE_ISOLATE, MIGRATE_TYPES
};
#define GFP_MOVABLE_SHIFT 3
#define GFP_MOVABLE_MASK (__GFP_RECLAIMABLE | __GFP_MOVABLE)
extern const char *const zone_names[MAX_NR_ZONES];
extern const char *const migratetype_names[MIGRATE_TYPES];
struct gfp_name {
        gfp_t mask;
        const char *name;
};
enum kernel_version { KERNEL_6_18, KERNEL_6_12 };
struct kernel_config {
        bool cma;                  /* CONFIG_CMA: off in Debian's kernels */
        /* CONFIG_PAGE_POISONING booted with page_poison=1 (chapter 9) */
        bool page_poisoning;
        /* CONFIG_DEBUG_PAGEALLOC, debug_pagealloc=on (chapter 9) */
        bool debug_pagealloc;
        enum kernel_version version; /* 6.18 unless --kernel 6.12 */
};
extern const struct kernel_config debian_kernel_config;
static inline bool migratetype_configured(int type,
                                          const struct kernel_config *config)
{
        return type != MIGRATE_CMA || config->cma;
}
enum alloc_flag {
        ALLOC_WMARK_MIN = 0,
        ALLOC_WMARK_LOW = 1,
        ALLOC_WMARK_HIGH = 2,
        ALLOC_WMARK_MASK = 0x03, /* the watermark is an index, not a bit */
        ALLOC_NO_WATERMARKS = 0x04,
        ALLOC_OOM = 0x08,
        ALLOC_NON_BLOCK = 0x10, /* the caller cannot block */
        ALLOC_MIN_RESERVE = 0x20, /* may go below min; equals __GFP_HIGH */
        ALLOC_CPUSET = 0x40,
        ALLOC_CMA = 0x80,
        ALLOC_NOFRAGMENT = 0x100, /* avoid mixing pageblock types */
        ALLOC_HIGHATOMIC = 0x200, /* may use the high-order atomic reserve */
        ALLOC_TRYLOCK = 0x400, /* only trylock (alloc_pages_nolock) */
        /* may wake kswapd; equals __GFP_KSWAPD_RECLAIM */
        ALLOC_KSWAPD = 0x800,
        ALLOC_RESERVES = ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE |
                         ALLOC_HIGHATOMIC | ALLOC_OOM
};
_Static_assert(ALLOC_MIN_RESERVE == __GFP_HIGH,
               "copied straight from the gfp mask");
_Static_assert(ALLOC_KSWAPD == __GFP_KSWAPD_RECLAIM,
               "copied straight from the gfp mask");
static inline enum zone_type gfp_zone(gfp_t flags)
{
        unsigned int modifiers = flags & GFP_ZONEMASK;

        return (enum zone_type)(
                (GFP_ZONE_TABLE >> (modifiers * GFP_ZONES_SHIFT)) & 3);
}

static inline bool gfp_zone_bad(gfp_t flags)
{
        return (GFP_ZONE_BAD >> (flags & GFP_ZONEMASK)) & 1;
}
static inline enum migratetype gfp_migratetype(gfp_t flags)
{
        return (enum migratetype)((flags & GFP_MOVABLE_MASK) >>
                                  GFP_MOVABLE_SHIFT);
}
static inline bool gfpflags_allow_blocking(gfp_t flags)
{
        return (flags & __GFP_DIRECT_RECLAIM) != 0;
}

static inline bool gfpflags_allow_spinning(gfp_t flags)
{
        return (flags & __GFP_RECLAIM) != 0;
}
extern const struct gfp_name gfp_names[];
extern const struct gfp_name gfp_names_6_6[];
size_t gfp_format_with(const struct gfp_name *table, gfp_t flags, char *buf,
                       size_t size);
size_t gfp_format(gfp_t flags, char *buf, size_t size);
unsigned int alloc_flags_first_attempt(gfp_t flags, enum zone_type preferred,
                                       bool lower_zone_populated,
                                       const struct kernel_config *config);
unsigned int gfp_to_alloc_flags(gfp_t flags, unsigned int order,
                                const struct kernel_config *config);
unsigned int gfp_to_alloc_flags_cma(gfp_t flags, unsigned int alloc_flags,
                                    const struct kernel_config *config);
size_t alloc_flags_format(unsigned int alloc_flags, char *buf, size_t size);
extern const struct gfp_name gfp_names_6_12[];
const struct gfp_name *gfp_names_of(const struct kernel_config *config);
enum { GFP_FIRST_SINGLE_BIT_NAME = 14 };

#endif
