/* ch02-gfp.c: the kernel's names and zones of gfp masks, for chapter 2.
 * Generated from chapters/02-gfp.nw; edit the chapter. */
#include <linux/module.h>
#include <linux/gfp.h>

#define LAB "lab ch02-gfp: "
#define SEED 2                     /* any fixed value: the same masks */
#define PER_PART 100

static unsigned int part;          /* 0: the tables; 1-10: random masks */
module_param(part, uint, 0);

static const gfp_t named[] = {
        GFP_TRANSHUGE, GFP_TRANSHUGE_LIGHT, GFP_HIGHUSER_MOVABLE,
        GFP_HIGHUSER, GFP_USER, GFP_KERNEL_ACCOUNT, GFP_KERNEL, GFP_NOFS,
        GFP_ATOMIC, GFP_NOIO, GFP_NOWAIT, GFP_DMA, GFP_DMA32, __GFP_RECLAIM,
        /* the masks the chapter decodes */
        0x2dc0, 0x8c0, 0xa20, 0x800, GFP_ATOMIC | __GFP_NOMEMALLOC,
};
static u32 next_random(u32 *state)
{
        *state ^= *state << 13;
        *state ^= *state >> 17;
        *state ^= *state << 5;
        return *state;
}

static bool valid_mask(gfp_t gfp)
{
        return !(gfp & ~__GFP_BITS_MASK) && !(gfp & 0x200) &&
               !((GFP_ZONE_BAD >> (gfp & GFP_ZONEMASK)) & 1) &&
               (gfp & (__GFP_MOVABLE | __GFP_RECLAIMABLE)) !=
                       (__GFP_MOVABLE | __GFP_RECLAIMABLE);
}

static void show(gfp_t gfp)
{
        pr_info(LAB "%u: %x %pGg\n", part, gfp, &gfp);
}
static int __init lab_init(void)
{
        u32 state = SEED;
        unsigned int i, bit;

        if (part == 0) {
                for (i = 0; i < ARRAY_SIZE(named); i++)
                        show(named[i]);
                for (bit = 0; bit < __GFP_BITS_SHIFT; bit++)
                        show((__force gfp_t)(1u << bit));
                for (i = 0; i < 16; i++)
                        pr_info(LAB "0: gfp_zone %x %d\n", i,
                                gfp_zone((__force gfp_t)i));
                return 0;
        }
        for (i = 0; i < part * PER_PART; i++) {
                gfp_t gfp;

                do
                        gfp = (__force gfp_t)next_random(&state);
                while (!valid_mask(gfp));
                if (i >= (part - 1) * PER_PART)
                        show(gfp);
        }
        return 0;
}

static void __exit lab_exit(void)
{
}

module_init(lab_init);
module_exit(lab_exit);      /* without it the module could not be removed */
MODULE_LICENSE("GPL");
