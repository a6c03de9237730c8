/* Chapter 2, GFP flags: values, names, zones, migrate types, allocation flags. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "exercises.h"
#include "mm/gfp.h"
#include "tool/gfp_parse.h"
#include "tool.h"

static const char *format(gfp_t flags)
{
	static char buf[512];
	gfp_format(flags, buf, sizeof(buf));
	return buf;
}

/* Debian's kernel configuration, the model's default: CONFIG_CMA off. */
static const struct kernel_config *const debian = &debian_kernel_config;
static const struct kernel_config with_cma = { .cma = true };

START_TEST(test_composite_values)
{
	ck_assert_uint_eq(__GFP_RECLAIM, 0xc00);
	ck_assert_uint_eq(GFP_ATOMIC, 0x820);
	ck_assert_uint_eq(GFP_KERNEL, 0xcc0);
	ck_assert_uint_eq(GFP_KERNEL_ACCOUNT, 0x400cc0);
	ck_assert_uint_eq(GFP_NOWAIT, 0x2800);
	ck_assert_uint_eq(GFP_NOIO, 0xc00);
	ck_assert_uint_eq(GFP_NOFS, 0xc40);
	ck_assert_uint_eq(GFP_USER, 0x100cc0);
	ck_assert_uint_eq(GFP_DMA, 0x1);
	ck_assert_uint_eq(GFP_DMA32, 0x4);
	ck_assert_uint_eq(GFP_HIGHUSER, 0x100cc2);
	ck_assert_uint_eq(GFP_HIGHUSER_MOVABLE, 0x100cca);
	ck_assert_uint_eq(GFP_TRANSHUGE_LIGHT, 0x1c20ca);
	ck_assert_uint_eq(GFP_TRANSHUGE, 0x1c24ca);
	ck_assert_uint_eq(GFP_ZONEMASK, 0xf);
	ck_assert_uint_eq(__GFP_BITS_SHIFT, 25);
	ck_assert_uint_eq(__GFP_BITS_MASK, 0x1ffffff);
}
END_TEST

/* Bit n and its name: every single bit of 6.18 on x86_64 (bit 9 is unused). */
static const char *const bit_names[25] = {
	"__GFP_DMA", "__GFP_HIGHMEM", "__GFP_DMA32", "__GFP_MOVABLE", "__GFP_RECLAIMABLE",
	"__GFP_HIGH", "__GFP_IO", "__GFP_FS", "__GFP_ZERO", "0x200", "__GFP_DIRECT_RECLAIM",
	"__GFP_KSWAPD_RECLAIM", "__GFP_WRITE", "__GFP_NOWARN", "__GFP_RETRY_MAYFAIL",
	"__GFP_NOFAIL", "__GFP_NORETRY", "__GFP_MEMALLOC", "__GFP_COMP", "__GFP_NOMEMALLOC",
	"__GFP_HARDWALL", "__GFP_THISNODE", "__GFP_ACCOUNT", "__GFP_ZEROTAGS", "__GFP_NO_OBJ_EXT",
};

START_TEST(test_name_of_every_single_bit)
{
	/* GFP_DMA and GFP_DMA32 are table entries ahead of the single bits and win. */
	for (int bit = 0; bit < 25; bit++) {
		const char *expected = bit == 0 ? "GFP_DMA" : bit == 2 ? "GFP_DMA32" : bit_names[bit];
		ck_assert_str_eq(format(1u << bit), expected);
	}
	ck_assert_str_eq(format(1u << 25), "0x2000000");
	ck_assert_str_eq(format(0), "");
}
END_TEST

START_TEST(test_kernel_spelling_of_real_masks)
{
	ck_assert_str_eq(format(0x820), "GFP_ATOMIC");
	ck_assert_str_eq(format(0x2820), "GFP_ATOMIC|__GFP_NOWARN");
	ck_assert_str_eq(format(0x821), "GFP_ATOMIC|GFP_DMA");
	ck_assert_str_eq(format(0xcc0), "GFP_KERNEL");
	ck_assert_str_eq(format(0x2dc0), "GFP_KERNEL|__GFP_ZERO|__GFP_NOWARN");
	ck_assert_str_eq(format(0x140cca), "GFP_HIGHUSER_MOVABLE|__GFP_COMP");
	ck_assert_str_eq(format(0x800), "__GFP_KSWAPD_RECLAIM");
	ck_assert_str_eq(format(0x2800), "GFP_NOWAIT");
	ck_assert_str_eq(format(0xa20), "GFP_ATOMIC|0x200");
	ck_assert_str_eq(format(0x400cc0), "GFP_KERNEL_ACCOUNT");
	ck_assert_str_eq(format(0x1c24ca), "GFP_TRANSHUGE");
	ck_assert_str_eq(format(0xc00), "GFP_NOIO");
	ck_assert_str_eq(format(0x4000200), "0x4000200");
}
END_TEST

START_TEST(test_format_is_snprintf_like)
{
	char small[8];
	size_t needed = gfp_format(0x2dc0, small, sizeof(small));
	ck_assert_uint_eq(needed, strlen("GFP_KERNEL|__GFP_ZERO|__GFP_NOWARN"));
	ck_assert_str_eq(small, "GFP_KER");
}
END_TEST

/* All sixteen zone-modifier combinations: table zone, or bad. */
START_TEST(test_sixteen_zone_modifier_combinations)
{
	static const int expected[16] = {
		[0x0] = ZONE_NORMAL, [0x1] = ZONE_DMA, [0x2] = ZONE_NORMAL, [0x3] = -1,
		[0x4] = ZONE_DMA32, [0x5] = -1, [0x6] = -1, [0x7] = -1,
		[0x8] = ZONE_NORMAL, [0x9] = ZONE_DMA, [0xa] = ZONE_MOVABLE, [0xb] = -1,
		[0xc] = ZONE_DMA32, [0xd] = -1, [0xe] = -1, [0xf] = -1,
	};
	ck_assert_uint_eq(GFP_ZONE_TABLE, 0x1320122);
	ck_assert_uint_eq(GFP_ZONE_BAD, 0xe8e8);
	for (gfp_t modifiers = 0; modifiers < 16; modifiers++) {
		gfp_t flags = GFP_KERNEL | modifiers;
		if (expected[modifiers] < 0) {
			ck_assert_msg(gfp_zone_bad(flags), "%#x should be bad", modifiers);
			ck_assert_int_eq(gfp_zone(flags), ZONE_DMA);
		} else {
			ck_assert_msg(!gfp_zone_bad(flags), "%#x should be valid", modifiers);
			ck_assert_int_eq(gfp_zone(flags), expected[modifiers]);
		}
	}
	ck_assert_int_eq(gfp_zone(GFP_HIGHUSER_MOVABLE), ZONE_MOVABLE);
	ck_assert_int_eq(gfp_zone(GFP_HIGHUSER), ZONE_NORMAL);
}
END_TEST

START_TEST(test_migratetypes_and_blocking)
{
	ck_assert_int_eq(gfp_migratetype(GFP_ATOMIC), MIGRATE_UNMOVABLE);
	ck_assert_int_eq(gfp_migratetype(GFP_HIGHUSER_MOVABLE), MIGRATE_MOVABLE);
	ck_assert_int_eq(gfp_migratetype(GFP_KERNEL | __GFP_RECLAIMABLE), MIGRATE_RECLAIMABLE);
	ck_assert_int_eq(gfp_migratetype(__GFP_MOVABLE | __GFP_RECLAIMABLE), MIGRATE_HIGHATOMIC);
	ck_assert(!gfpflags_allow_blocking(GFP_ATOMIC));
	ck_assert(!gfpflags_allow_blocking(GFP_NOWAIT));
	ck_assert(gfpflags_allow_blocking(GFP_KERNEL));
	ck_assert(gfpflags_allow_blocking(GFP_NOIO));
	ck_assert(gfpflags_allow_spinning(GFP_ATOMIC));
	ck_assert(!gfpflags_allow_spinning(__GFP_HIGH));
}
END_TEST

START_TEST(test_parse_names_numbers_and_mixtures)
{
	gfp_t flags = 0;
	char error[128];
	ck_assert_int_eq(gfp_parse("GFP_ATOMIC", &flags, error, sizeof(error)), 0);
	ck_assert_uint_eq(flags, 0x820);
	ck_assert_int_eq(gfp_parse("0x2dc0", &flags, error, sizeof(error)), 0);
	ck_assert_uint_eq(flags, 0x2dc0);
	ck_assert_int_eq(gfp_parse("GFP_KERNEL | __GFP_ZERO|__GFP_NOWARN", &flags, error, sizeof(error)), 0);
	ck_assert_uint_eq(flags, 0x2dc0);
	ck_assert_int_eq(gfp_parse("GFP_ATOMIC|0x200", &flags, error, sizeof(error)), 0);
	ck_assert_uint_eq(flags, 0xa20);
	ck_assert_int_eq(gfp_parse("2080", &flags, error, sizeof(error)), 0);
	ck_assert_uint_eq(flags, 0x820);
	ck_assert_int_eq(gfp_parse("0", &flags, error, sizeof(error)), 0);
	ck_assert_uint_eq(flags, 0);
}
END_TEST

START_TEST(test_parse_errors_name_the_part)
{
	static const struct { const char *text, *error; } cases[] = {
		{ "GFP_ATOMC", "'GFP_ATOMC' is not a gfp flag name or a number" },
		{ "GFP_KERNEL|", "'' is not a gfp flag name or a number" },
		{ "", "'' is not a gfp flag name or a number" },
		{ "0x1g", "'0x1g' is not a gfp flag name or a number" },
		{ "0x100000000", "'0x100000000' is not a gfp flag name or a number" },
		{ "gfp_kernel", "'gfp_kernel' is not a gfp flag name or a number" },
		{ "-1", "'-1' is not a gfp flag name or a number" },
		/* A leading 0 would make strtoul read octal: 0777 is refused, never read as 0x1ff. */
		{ "0777", "'0777' is not a gfp flag name or a number" },
		/* Control characters are shown as '?': the error stays on one line (make fuzz). */
		{ "GFP\nA6|__GFP_ZERO", "'GFP?A6' is not a gfp flag name or a number" },
		{ "GFP_KERNEL|\t\x7f", "'?" "?' is not a gfp flag name or a number" },
		{ "0123456789012345678901234567890123456789012345678901234567890123456789",
		  "'012345678901234567890123456789012345678901234567890123456789012...' is not a gfp flag name "
		  "or a number" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		gfp_t flags = 0x1234;
		char error[128];
		ck_assert_int_eq(gfp_parse(cases[i].text, &flags, error, sizeof(error)), -EINVAL);
		ck_assert_str_eq(error, cases[i].error);
		ck_assert_uint_eq(flags, 0x1234);   /* untouched on error */
	}
}
END_TEST

/* Decoding round trip: format, parse back, same value, for many masks. */
START_TEST(test_format_parse_round_trip)
{
	unsigned int state = 12345;
	for (int i = 0; i < 20000; i++) {
		state = state * 1103515245u + 12345u;
		gfp_t flags = (state >> 3) & (i % 2 ? 0x1ffffff : 0x3ffffff);
		char text[512], error[128];
		gfp_t back = 0;
		gfp_format(flags, text, sizeof(text));
		if (flags == 0)
			continue;   /* 0 prints as nothing, which is not a mask */
		ck_assert_int_eq(gfp_parse(text, &back, error, sizeof(error)), 0);
		ck_assert_uint_eq(back, flags);
	}
}
END_TEST

START_TEST(test_alloc_flags_first_attempt)
{
	ck_assert_uint_eq(alloc_flags_first_attempt(GFP_ATOMIC, ZONE_NORMAL, true, debian), 0x901);
	ck_assert_uint_eq(alloc_flags_first_attempt(GFP_KERNEL, ZONE_NORMAL, true, debian), 0x901);
	ck_assert_uint_eq(alloc_flags_first_attempt(GFP_NOWAIT, ZONE_NORMAL, true, debian), 0x901);
	ck_assert_uint_eq(alloc_flags_first_attempt(GFP_ATOMIC, ZONE_NORMAL, false, debian), 0x801);
	ck_assert_uint_eq(alloc_flags_first_attempt(GFP_ATOMIC | GFP_DMA32, ZONE_DMA32, true, debian), 0x801);
	ck_assert_uint_eq(alloc_flags_first_attempt(GFP_HIGHUSER_MOVABLE, ZONE_NORMAL, true, debian), 0x901);
	ck_assert_uint_eq(alloc_flags_first_attempt(__GFP_HIGH, ZONE_NORMAL, true, debian), 0x101);
}
END_TEST

START_TEST(test_alloc_flags_slow_path)
{
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_ATOMIC, 0, debian), 0x830);
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_ATOMIC, 1, debian), 0xa30);
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_ATOMIC, 10, debian), 0xa30);
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_KERNEL, 0, debian), 0x840);
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_KERNEL, 3, debian), 0x840);
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_NOWAIT, 0, debian), 0x850);
	/* Not sleeping is not enough for the high-order atomic reserve: it takes
	 * __GFP_HIGH too (gfp_to_alloc_flags(), mm/page_alloc.c). */
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_NOWAIT, 2, debian), 0x850);
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_NOWAIT | __GFP_HIGH, 2, debian), 0xa30);
	ck_assert_uint_eq(gfp_to_alloc_flags(__GFP_HIGH, 3, debian), 0x230);
	/* __GFP_NOMEMALLOC: no reserves, so neither NON_BLOCK nor HIGHATOMIC. */
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_ATOMIC | __GFP_NOMEMALLOC, 2, debian), 0x820);
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_HIGHUSER_MOVABLE, 0, debian), 0x840);
}
END_TEST

/* ALLOC_CMA comes from gfp_to_alloc_flags_cma() (mm/page_alloc.c), whose test is compiled only
 * with CONFIG_CMA: a movable mask gets 0x80 on such a kernel and nothing on Debian's. */
START_TEST(test_alloc_cma_only_with_config_cma)
{
	ck_assert_uint_eq(alloc_flags_first_attempt(GFP_HIGHUSER_MOVABLE, ZONE_NORMAL, true, debian), 0x901);
	ck_assert_uint_eq(alloc_flags_first_attempt(GFP_HIGHUSER_MOVABLE, ZONE_NORMAL, true, &with_cma), 0x981);
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_HIGHUSER_MOVABLE, 0, debian), 0x840);
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_HIGHUSER_MOVABLE, 0, &with_cma), 0x8c0);
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_NOWAIT | __GFP_MOVABLE, 2, &with_cma), 0x8d0);
	/* Unmovable and reclaimable masks never get it. */
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_KERNEL, 0, &with_cma), 0x840);
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_KERNEL | __GFP_RECLAIMABLE, 0, &with_cma), 0x840);
	ck_assert_uint_eq(gfp_to_alloc_flags_cma(__GFP_MOVABLE, ALLOC_NO_WATERMARKS, debian), 0x4);
	ck_assert_uint_eq(gfp_to_alloc_flags_cma(__GFP_MOVABLE, ALLOC_NO_WATERMARKS, &with_cma), 0x84);
}
END_TEST

START_TEST(test_alloc_flags_names)
{
	char buf[256];
	alloc_flags_format(0x830, buf, sizeof(buf));
	ck_assert_str_eq(buf, "ALLOC_WMARK_MIN|ALLOC_NON_BLOCK|ALLOC_MIN_RESERVE|ALLOC_KSWAPD");
	alloc_flags_format(0x901, buf, sizeof(buf));
	ck_assert_str_eq(buf, "ALLOC_WMARK_LOW|ALLOC_NOFRAGMENT|ALLOC_KSWAPD");
	alloc_flags_format(0x2 | 0x4 | 0x8 | 0x400, buf, sizeof(buf));
	ck_assert_str_eq(buf, "ALLOC_WMARK_HIGH|ALLOC_NO_WATERMARKS|ALLOC_OOM|ALLOC_TRYLOCK");
	alloc_flags_format(0x1000 | 0x240, buf, sizeof(buf));
	ck_assert_str_eq(buf, "ALLOC_WMARK_MIN|ALLOC_CPUSET|ALLOC_HIGHATOMIC|0x1000");
}
END_TEST

START_TEST(test_tool_decodes_gfp_atomic)
{
	char out[8192];
	ck_assert_int_eq(run_tool("gfp GFP_ATOMIC", out, sizeof(out)), 0);
	ck_assert_str_eq(after_echo(out),
		"0x820\n"
		"  printed as   mode:0x820(GFP_ATOMIC)\n"
		"  single bits  __GFP_HIGH|__GFP_KSWAPD_RECLAIM\n"
		"  zone         Normal (gfp_zone 2)\n"
		"  migratetype  Unmovable (0)\n"
		"  may sleep    no: no __GFP_DIRECT_RECLAIM, the allocator must decide now\n"
		"  first try    0x901 ALLOC_WMARK_LOW|ALLOC_NOFRAGMENT|ALLOC_KSWAPD\n"
		"  slow path    order 0:  0x830 ALLOC_WMARK_MIN|ALLOC_NON_BLOCK|ALLOC_MIN_RESERVE|ALLOC_KSWAPD\n"
		"               order 1+: 0xa30 ALLOC_WMARK_MIN|ALLOC_NON_BLOCK|ALLOC_MIN_RESERVE|ALLOC_HIGHATOMIC|ALLOC_KSWAPD\n");
}
END_TEST

START_TEST(test_tool_reports_bad_zone_and_movable_default)
{
	char out[8192];
	ck_assert_int_eq(run_tool("gfp 0x3 GFP_HIGHUSER_MOVABLE", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "  zone         invalid: zone modifiers 0x3 are in GFP_ZONE_BAD; "
					  "the table gives DMA, a CONFIG_DEBUG_VM kernel stops with VM_BUG_ON\n"));
	ck_assert_ptr_nonnull(strstr(out, "  zone         Movable (gfp_zone 3)\n"));
	ck_assert_ptr_nonnull(strstr(out, "  first try    0x901 ALLOC_WMARK_LOW|ALLOC_NOFRAGMENT|ALLOC_KSWAPD\n"));
}
END_TEST

/* The kernel's configuration is a machine option: Debian's (no CMA) by default, --config CMA=y
 * for a kernel with CMA, named in the echo; anything else is refused. */
START_TEST(test_tool_config_cma_switches_alloc_cma)
{
	char out[8192];
	ck_assert_int_eq(run_tool("gfp GFP_HIGHUSER_MOVABLE", out, sizeof(out)), 0);
	ck_assert_ptr_null(strstr(out, "--config"));
	ck_assert_ptr_nonnull(strstr(after_echo(out),
		"  first try    0x901 ALLOC_WMARK_LOW|ALLOC_NOFRAGMENT|ALLOC_KSWAPD\n"
		"  slow path    order 0:  0x840 ALLOC_WMARK_MIN|ALLOC_CPUSET|ALLOC_KSWAPD\n"
		"               order 1+: 0x840 ALLOC_WMARK_MIN|ALLOC_CPUSET|ALLOC_KSWAPD\n"));
	ck_assert_int_eq(run_tool("--config CMA=y gfp GFP_HIGHUSER_MOVABLE", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "# labyrinth --mem 4G --config CMA=y "));
	ck_assert_ptr_nonnull(strstr(after_echo(out),
		"  first try    0x981 ALLOC_WMARK_LOW|ALLOC_CMA|ALLOC_NOFRAGMENT|ALLOC_KSWAPD\n"
		"  slow path    order 0:  0x8c0 ALLOC_WMARK_MIN|ALLOC_CPUSET|ALLOC_CMA|ALLOC_KSWAPD\n"
		"               order 1+: 0x8c0 ALLOC_WMARK_MIN|ALLOC_CPUSET|ALLOC_CMA|ALLOC_KSWAPD\n"));
	ck_assert_int_eq(run_tool("--config CONFIG_CMA=n gfp GFP_HIGHUSER_MOVABLE", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "  first try    0x901 "));
	ck_assert_int_eq(run_tool("--config CMA=m gfp GFP_KERNEL", out, sizeof(out)), 2);
	ck_assert_str_eq(after_echo(out), "labyrinth: --config CMA=m: 'CMA=m' is not CMA=y|n, PAGE_POISONING=y|n or DEBUG_PAGEALLOC=y|n\n");
	ck_assert_int_eq(run_tool("--config , gfp GFP_KERNEL", out, sizeof(out)), 2);
	ck_assert_str_eq(after_echo(out), "labyrinth: --config ,: not OPTION=y|n joined by ',', e.g. CMA=y\n");
}
END_TEST

/* Linux 6.12's %pGg table (include/trace/events/mmflags.h of 6.12): composites, then
 * __GFP_HIGHMEM and GFP_DMA32, then single bits in an order of their own, and no
 * __GFP_NO_OBJ_EXT, which 6.12 prints as a number. The bits are 6.18's. */
START_TEST(test_kernel_6_12_names_order)
{
	struct kernel_config config = debian_kernel_config;
	char buf[256];

	ck_assert_ptr_eq(gfp_names_of(&config), gfp_names);
	config.version = KERNEL_6_12;
	ck_assert_ptr_eq(gfp_names_of(&config), gfp_names_6_12);
	gfp_format_with(gfp_names_of(&config), 0x2dc0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "GFP_KERNEL|__GFP_NOWARN|__GFP_ZERO");
	gfp_format_with(gfp_names_of(&config), GFP_HIGHUSER_MOVABLE | __GFP_ZERO | __GFP_COMP,
			buf, sizeof(buf));
	ck_assert_str_eq(buf, "GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO");
	gfp_format_with(gfp_names_of(&config), GFP_KERNEL | __GFP_NO_OBJ_EXT, buf, sizeof(buf));
	ck_assert_str_eq(buf, "GFP_KERNEL|0x1000000");
	gfp_format_with(gfp_names_of(&config), GFP_NOWAIT, buf, sizeof(buf));
	ck_assert_str_eq(buf, "GFP_NOWAIT");
	gfp_format_with(gfp_names_of(&config), __GFP_HIGHMEM | __GFP_MOVABLE | __GFP_WRITE,
			buf, sizeof(buf));
	ck_assert_str_eq(buf, "__GFP_HIGHMEM|__GFP_MOVABLE|__GFP_WRITE");
	gfp_format(GFP_HIGHUSER_MOVABLE | __GFP_ZERO | __GFP_COMP, buf, sizeof(buf));
	ck_assert_str_eq(buf, "GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP");
}
END_TEST

/* 6.12's gfp_to_alloc_flags() gave ALLOC_HIGHATOMIC to every non-blocking request above
 * order 0 without __GFP_NOMEMALLOC; 6.18 only to those with __GFP_HIGH as well. */
START_TEST(test_kernel_6_12_highatomic_for_every_non_blocking_request)
{
	struct kernel_config config = debian_kernel_config;

	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_NOWAIT, 1, &config), 0x850);
	config.version = KERNEL_6_12;
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_NOWAIT, 1, &config), 0xa50);
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_NOWAIT, 0, &config), 0x850);
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_ATOMIC, 3, &config), 0xa30);
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_NOWAIT | __GFP_NOMEMALLOC, 1, &config), 0x840);
	ck_assert_uint_eq(gfp_to_alloc_flags(GFP_KERNEL, 1, &config), 0x840);
}
END_TEST

/* --kernel 6.12 reaches the gfp command and the echo; any other version is refused. */
START_TEST(test_tool_kernel_6_12_prints_its_names)
{
	char out[8192];

	ck_assert_int_eq(run_tool("--kernel 6.12 gfp 0x2dc0 0x1000000", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "# labyrinth --mem 4G --kernel 6.12"));   /* echoed */
	ck_assert_ptr_nonnull(strstr(out, "  printed as   mode:0x2dc0(GFP_KERNEL|__GFP_NOWARN|__GFP_ZERO)\n"));
	ck_assert_ptr_nonnull(strstr(out, "  printed as   mode:0x1000000(0x1000000)\n"));
	ck_assert_int_eq(run_tool("--kernel 6.18 gfp 0x2dc0", out, sizeof(out)), 0);
	ck_assert_ptr_null(strstr(out, "--kernel"));
	ck_assert_ptr_nonnull(strstr(out, "mode:0x2dc0(GFP_KERNEL|__GFP_ZERO|__GFP_NOWARN)\n"));
	ck_assert_int_eq(run_tool("--kernel 6.1 gfp 0", out, sizeof(out)), 2);
	ck_assert_str_eq(out, "labyrinth: --kernel 6.1: the model knows 6.18 (the book's) and 6.12, "
			      "not this one\n");
}
END_TEST

START_TEST(test_tool_bad_mask_is_one_line_and_exit_2)
{
	char out[8192];
	ck_assert_int_eq(run_tool("gfp GFP_KERNEL 'GFP_KERNEL|__GFP_ZEROED'", out, sizeof(out)), 2);
	const char *error = strstr(out, "labyrinth: ");
	ck_assert_ptr_nonnull(error);
	ck_assert_str_eq(error, "labyrinth: gfp: '__GFP_ZEROED' is not a gfp flag name or a number\n");
	ck_assert_int_eq(run_tool("gfp \"$(printf 'GFP_KERNEL|\\nX')\"", out, sizeof(out)), 2);
	ck_assert_str_eq(after_echo(out), "labyrinth: gfp: '?X' is not a gfp flag name or a number\n");
	ck_assert_int_eq(run_tool("gfp", out, sizeof(out)), 2);
	ck_assert_str_eq(after_echo(out), "labyrinth: gfp: give a mask, e.g. GFP_ATOMIC or 0x820\n");
}
END_TEST

/* Exercise 2.1: the names table of kernel 6.6 (the order of 6.3 to 6.14; GFP_NOWAIT of 6.3 to 6.7). */
static const char *format_6_6(gfp_t flags)
{
	static char buf[512];
	gfp_format_with(gfp_names_6_6, flags, buf, sizeof(buf));
	return buf;
}

START_TEST(test_exercise_2_1_composites)
{
	ck_assert_str_eq(format_6_6(0x820), "GFP_ATOMIC");
	ck_assert_str_eq(format_6_6(0x800), "GFP_NOWAIT");
	ck_assert_str_eq(format_6_6(0x140cca), "GFP_HIGHUSER_MOVABLE|__GFP_COMP");
	ck_assert_str_eq(format_6_6(0x821), "GFP_ATOMIC|GFP_DMA");
}
END_TEST

START_TEST(test_exercise_2_1_single_bits_in_the_old_order)
{
	ck_assert_str_eq(format_6_6(0x2dc0), "GFP_KERNEL|__GFP_NOWARN|__GFP_ZERO");
	ck_assert_str_eq(format_6_6(0x18), "__GFP_RECLAIMABLE|__GFP_MOVABLE");
	ck_assert_str_eq(format_6_6(0x400), "__GFP_DIRECT_RECLAIM");
}
END_TEST

START_TEST(test_exercise_2_1_bits_without_a_name)
{
	ck_assert_str_eq(format_6_6(0xa20), "GFP_ATOMIC|0x200");
	ck_assert_str_eq(format_6_6(0x1000000), "0x1000000");
}
END_TEST

/* Exercise 2.6: gfp_zone as a chain of tests, and the bad combinations refused. */
static const int zone_of_modifiers[16] = {
	[0x0] = ZONE_NORMAL, [0x1] = ZONE_DMA, [0x2] = ZONE_NORMAL, [0x3] = -1,
	[0x4] = ZONE_DMA32, [0x5] = -1, [0x6] = -1, [0x7] = -1,
	[0x8] = ZONE_NORMAL, [0x9] = ZONE_DMA, [0xa] = ZONE_MOVABLE, [0xb] = -1,
	[0xc] = ZONE_DMA32, [0xd] = -1, [0xe] = -1, [0xf] = -1,
};

START_TEST(test_exercise_2_6_valid_combinations)
{
	for (gfp_t modifiers = 0; modifiers < 16; modifiers++)
		if (zone_of_modifiers[modifiers] >= 0)
			ck_assert_msg(gfp_zone_by_tests(modifiers) == zone_of_modifiers[modifiers],
				      "modifiers %#x: zone %d, expected %d", modifiers,
				      gfp_zone_by_tests(modifiers), zone_of_modifiers[modifiers]);
}
END_TEST

START_TEST(test_exercise_2_6_bad_combinations)
{
	for (gfp_t modifiers = 0; modifiers < 16; modifiers++)
		if (zone_of_modifiers[modifiers] < 0)
			ck_assert_msg(gfp_zone_by_tests(modifiers) == -1, "modifiers %#x: zone %d, expected -1",
				      modifiers, gfp_zone_by_tests(modifiers));
}
END_TEST

START_TEST(test_exercise_2_6_other_bits_do_not_matter)
{
	ck_assert_int_eq(gfp_zone_by_tests(GFP_KERNEL | __GFP_DMA32), ZONE_DMA32);
	ck_assert_int_eq(gfp_zone_by_tests(GFP_HIGHUSER_MOVABLE), ZONE_MOVABLE);
	ck_assert_int_eq(gfp_zone_by_tests(GFP_HIGHUSER), ZONE_NORMAL);
	ck_assert_int_eq(gfp_zone_by_tests(GFP_ATOMIC | GFP_DMA), ZONE_DMA);
	ck_assert_int_eq(gfp_zone_by_tests(GFP_TRANSHUGE | __GFP_DMA32), -1);
}
END_TEST

/* Quiz gfp: the same seed poses the same masks, and the answer is what labyrinth gfp says. */
START_TEST(test_quiz_gfp_answers_as_the_gfp_command_does)
{
	static char answer[32768];
	assert_quiz_answers_its_question("--seed 3", "gfp", answer, sizeof(answer));

	char mask[160], value[64], args[256];
	static char decoded[8192];
	ck_assert_int_eq(sscanf(strstr(answer, "1. The mask "), "1. The mask %159[^:]", mask), 1);
	ck_assert_int_eq(quiz_value(answer, "value", value, sizeof(value)), 0);
	snprintf(args, sizeof(args), "gfp '%s'", mask);
	ck_assert_int_eq(run_tool(args, decoded, sizeof(decoded)), 0);
	ck_assert_int_eq(strncmp(after_echo(decoded), value, strlen(value)), 0);
	ck_assert_int_eq(after_echo(decoded)[strlen(value)], '\n');
	gfp_t flags;
	char error[160], names[512], printed[600];
	ck_assert_int_eq(gfp_parse(mask, &flags, error, sizeof(error)), 0);
	gfp_format(flags, names, sizeof(names));
	snprintf(printed, sizeof(printed), "mode:%#x(%s)", flags, names);
	ck_assert_int_eq(quiz_value(answer, "printed by the kernel as", value, sizeof(value)), 0);
	ck_assert_str_eq(value, printed);
	ck_assert_int_eq(quiz_value(answer, "may it sleep", value, sizeof(value)), 0);
	ck_assert_str_eq(value, gfpflags_allow_blocking(flags) ? "yes" : "no");
}
END_TEST

static Suite *gfp_suite(void)
{
	Suite *suite = suite_create("ch02-gfp");
	TCase *values = tcase_create("values-and-names");
	tcase_add_test(values, test_composite_values);
	tcase_add_test(values, test_name_of_every_single_bit);
	tcase_add_test(values, test_kernel_spelling_of_real_masks);
	tcase_add_test(values, test_format_is_snprintf_like);
	tcase_add_test(values, test_kernel_6_12_names_order);
	suite_add_tcase(suite, values);

	TCase *helpers = tcase_create("zones-and-types");
	tcase_add_test(helpers, test_sixteen_zone_modifier_combinations);
	tcase_add_test(helpers, test_migratetypes_and_blocking);
	suite_add_tcase(suite, helpers);

	TCase *parse = tcase_create("parsing");
	tcase_add_test(parse, test_parse_names_numbers_and_mixtures);
	tcase_add_test(parse, test_parse_errors_name_the_part);
	tcase_add_test(parse, test_format_parse_round_trip);
	suite_add_tcase(suite, parse);

	TCase *alloc = tcase_create("alloc-flags");
	tcase_add_test(alloc, test_alloc_flags_first_attempt);
	tcase_add_test(alloc, test_alloc_flags_slow_path);
	tcase_add_test(alloc, test_alloc_cma_only_with_config_cma);
	tcase_add_test(alloc, test_alloc_flags_names);
	tcase_add_test(alloc, test_kernel_6_12_highatomic_for_every_non_blocking_request);
	suite_add_tcase(suite, alloc);

	TCase *tool = tcase_create("tool");
	tcase_set_timeout(tool, 30);
	tcase_add_test(tool, test_tool_decodes_gfp_atomic);
	tcase_add_test(tool, test_tool_reports_bad_zone_and_movable_default);
	tcase_add_test(tool, test_tool_config_cma_switches_alloc_cma);
	tcase_add_test(tool, test_tool_kernel_6_12_prints_its_names);
	tcase_add_test(tool, test_tool_bad_mask_is_one_line_and_exit_2);
	suite_add_tcase(suite, tool);

	/* One test case per coding exercise, named after it: make exercise runs it first. */
	TCase *exercise_2_1 = tcase_create("exercise-2.1");
	tcase_add_test(exercise_2_1, test_exercise_2_1_composites);
	tcase_add_test(exercise_2_1, test_exercise_2_1_single_bits_in_the_old_order);
	tcase_add_test(exercise_2_1, test_exercise_2_1_bits_without_a_name);
	suite_add_tcase(suite, exercise_2_1);
	TCase *exercise_2_6 = tcase_create("exercise-2.6");
	tcase_add_test(exercise_2_6, test_exercise_2_6_valid_combinations);
	tcase_add_test(exercise_2_6, test_exercise_2_6_bad_combinations);
	tcase_add_test(exercise_2_6, test_exercise_2_6_other_bits_do_not_matter);
	suite_add_tcase(suite, exercise_2_6);
	TCase *quiz = tcase_create("quiz");
	tcase_set_timeout(quiz, 60);
	tcase_add_test(quiz, test_quiz_gfp_answers_as_the_gfp_command_does);
	suite_add_tcase(suite, quiz);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(gfp_suite());
	srunner_run_all(runner, CK_ENV);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
