/* tests/fuzz/gfp.c: libFuzzer harness for gfp_parse, the parser of gfp masks written as names
 * and numbers ("GFP_KERNEL|__GFP_ZERO", "0xcc0").
 *
 * Any text must be either accepted or refused with a one-line error; no crash, no read past
 * the text, nothing left allocated.  What is accepted must survive a round trip: gfp_format
 * writes the mask back as names, and parsing that gives the same mask.  gfp_format must also
 * respect any buffer size it is given, the last byte included. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/gfp.h"
#include "tool/gfp_parse.h"

static void fail(const char *what, const char *text)
{
	fprintf(stderr, "gfp fuzz: %s: '%s'\n", what, text);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The parser takes a C string: the input up to its first NUL, in a buffer of its own
	 * size so that AddressSanitizer sees any read past the end. */
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	char error[160] = "";
	gfp_t flags = 0xdeadbeef;
	if (gfp_parse(text, &flags, error, sizeof(error)) != 0) {
		if (flags != 0xdeadbeef)
			fail("a refused mask changed its output", text);
		if (error[0] == '\0' || strchr(error, '\n') || strlen(error) >= sizeof(error))
			fail("a refused mask has no one-line error", text);
		free(text);
		return 0;
	}

	char names[512];
	size_t len = gfp_format(flags, names, sizeof(names));
	if (len >= sizeof(names) || strlen(names) != len)
		fail("gfp_format: the names do not fit or their length is wrong", text);
	gfp_t again = 0;
	if (flags != 0 && (gfp_parse(names, &again, error, sizeof(error)) != 0 || again != flags))
		fail("gfp_format's names do not parse back to the mask", text);

	/* A short buffer: the text is cut, always terminated, and nothing is written past it. */
	size_t small = size ? data[0] % 24 : 0;
	char *cut = malloc(small ? small : 1);
	if (cut) {
		size_t cut_len = gfp_format(flags, cut, small);
		if (cut_len != len || (small && (strlen(cut) >= small || strncmp(cut, names, strlen(cut)) != 0)))
			fail("gfp_format into a short buffer", text);
		gfp_format_with(gfp_names_6_6, flags, cut, small);
		free(cut);
	}
	(void)gfp_zone(flags);
	(void)gfp_zone_bad(flags);
	(void)gfp_migratetype(flags);
	char alloc[256];
	alloc_flags_format(gfp_to_alloc_flags(flags, (unsigned int)(size % 11), &debian_kernel_config), alloc, sizeof(alloc));
	free(text);
	return 0;
}
