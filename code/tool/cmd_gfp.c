/* cmd_gfp.c: the `gfp` command and quiz (chapter 2).
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "tool.h"

static enum zone_type preferred_zone_by_default(gfp_t flags)
{
        enum zone_type highest = gfp_zone(flags);

        return highest == ZONE_MOVABLE ? ZONE_NORMAL : highest;
}
static void print_gfp(gfp_t flags, const struct kernel_config *config)
{
        char names[512], bits[512], first[256], slow0[256], slow1[256];

        gfp_format_with(gfp_names_of(config), flags, names, sizeof(names));
        gfp_format_with(gfp_names + GFP_FIRST_SINGLE_BIT_NAME, flags, bits,
                        sizeof(bits));
        unsigned int first_flags = alloc_flags_first_attempt(
                flags, preferred_zone_by_default(flags), true, config);
        unsigned int slow_flags0 = gfp_to_alloc_flags(flags, 0, config);
        unsigned int slow_flags1 = gfp_to_alloc_flags(flags, 1, config);

        alloc_flags_format(first_flags, first, sizeof(first));
        alloc_flags_format(slow_flags0, slow0, sizeof(slow0));
        alloc_flags_format(slow_flags1, slow1, sizeof(slow1));
        printf("%#x\n", flags);
        printf("  printed as   mode:%#x(%s)\n", flags, names);
        printf("  single bits  %s\n", flags ? bits : "none");
        if (gfp_zone_bad(flags))
                printf("  zone         invalid: zone modifiers %#x are in "
                       "GFP_ZONE_BAD; the table gives %s, "
                       "a CONFIG_DEBUG_VM kernel stops with VM_BUG_ON\n",
                       flags &GFP_ZONEMASK, zone_names[gfp_zone(flags)]);
        else
                printf("  zone         %s (gfp_zone %d)\n", zone_names[gfp_zone(flags)],
                       gfp_zone(flags));
        enum migratetype type = gfp_migratetype(flags);
        printf("  migratetype  %s (%d)%s\n", migratetype_names[type], type,
               type == MIGRATE_HIGHATOMIC
                       ? ": __GFP_MOVABLE and __GFP_RECLAIMABLE together are invalid"
                       : "");
        printf("  may sleep    %s\n", gfpflags_allow_blocking(flags)
               ? "yes: __GFP_DIRECT_RECLAIM, the caller may wait for reclaim"
               : "no: no __GFP_DIRECT_RECLAIM, the allocator must decide now");
        printf("  first try    %#x %s\n", first_flags, first);
        printf("  slow path    order 0:  %#x %s\n", slow_flags0, slow0);
        printf("               order 1+: %#x %s\n", slow_flags1, slow1);
}
int cmd_gfp(struct tool *tool, int argc, char **argv)
{
        if (argc == 0)
                return usage_error(
                        "gfp: give a mask, e.g. GFP_ATOMIC or 0x820");
        for (int i = 0; i < argc; i++) {
                gfp_t flags;
                char error[160];
                if (gfp_parse(argv[i], &flags, error, sizeof(error)) != 0)
                        return usage_error("gfp: %s", error);
                print_gfp(flags, &tool->machine.config.kernel);
        }
        return 0;
}
void quiz_gfp(struct tool *tool, struct quiz *quiz)
{
        static const char *const bases[] = { "GFP_KERNEL",
                                             "GFP_ATOMIC",
                                             "GFP_NOWAIT",
                                             "GFP_NOIO",
                                             "GFP_NOFS",
                                             "GFP_USER",
                                             "GFP_HIGHUSER_MOVABLE",
                                             "GFP_KERNEL_ACCOUNT",
                                             "GFP_DMA" };
        static const char *const modifiers[] = {
                "__GFP_ZERO",          "__GFP_NOWARN",  "__GFP_COMP",
                "__GFP_RECLAIMABLE",   "__GFP_MOVABLE", "__GFP_DMA32",
                "__GFP_HIGH",          "__GFP_NORETRY", "__GFP_NOMEMALLOC",
                "__GFP_DIRECT_RECLAIM"
        };
        const struct gfp_name *table =
                gfp_names_of(&tool->machine.config.kernel);
        for (int question = 1; question <= 2; question++) {
                char text[160], names[512], error[160];
                gfp_t flags;
                do {
                        snprintf(text, sizeof(text), "%s",
                                 bases[quiz_random(quiz,
                                                   sizeof(bases) /
                                                           sizeof(bases[0]))]);
                        for (unsigned long extra = quiz_random(quiz, 3);
                             extra > 0; extra--)
                                snprintf(
                                        text + strlen(text),
                                        sizeof(text) - strlen(text), "|%s",
                                        modifiers[quiz_random(
                                                quiz,
                                                sizeof(modifiers) /
                                                        sizeof(modifiers[0]))]);
                } while (gfp_parse(text, &flags, error, sizeof(error)) != 0 ||
                         gfp_zone_bad(flags) ||
                         gfp_migratetype(flags) == MIGRATE_HIGHATOMIC);
                gfp_format_with(table, flags, names, sizeof(names));
                printf("%d. The mask %s:\n", question, text);
                quiz_blank(quiz, "value", "%#x", flags);
                quiz_blank(quiz, "printed by the kernel as", "mode:%#x(%s)",
                           flags, names);
                quiz_blank(quiz, "highest zone", "%s",
                           zone_names[gfp_zone(flags)]);
                quiz_blank(quiz, "migratetype", "%s",
                           migratetype_names[gfp_migratetype(flags)]);
                quiz_blank(quiz, "may it sleep", "%s",
                           gfpflags_allow_blocking(flags) ? "yes" : "no");
        }
}
