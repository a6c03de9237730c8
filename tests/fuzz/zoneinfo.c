/* tests/fuzz/zoneinfo.c: libFuzzer harness for zoneinfo_read, the reader of a real
 * /proc/zoneinfo that `labyrinth --from FILE` builds its machine from.
 *
 * Any bytes must be either accepted or refused with a one-line error naming the file and
 * line; no crash, no read past the input, nothing left allocated.  A file that is accepted
 * becomes a machine configuration, as --from does; when its memory is small enough to boot
 * quickly (below MAX_BOOT_PFN), the machine is booted, compared with the file as
 * `zoneinfo --compare` does, and shut down again: a boot may refuse the geometry (with a
 * message in its log), but must not crash or leak either. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labyrinth.h"

#define MAX_BOOT_PFN (1UL << 28)          /* 1 TiB: records past 4 GiB wait (chapter 18) */

static void fail(const char *what, const char *error)
{
	fprintf(stderr, "zoneinfo fuzz: %s: '%s'\n", what, error);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* fmemopen needs a buffer of its own: give it exactly the input, so that ASan sees
	 * any read past the end. */
	char *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	FILE *in = size ? fmemopen(copy, size, "r") : fopen("/dev/null", "r");
	if (!in) {
		free(copy);
		return 0;
	}
	static struct zoneinfo_file file;
	char error[256] = "";
	int status = zoneinfo_read(in, "fuzz", &file, error, sizeof(error));
	fclose(in);
	free(copy);
	if (status != 0) {
		if (strncmp(error, "fuzz:", 5) != 0 || strchr(error, '\n') || strlen(error) >= sizeof(error) - 1)
			fail("a refused file has no one-line error naming the file", error);
		return 0;
	}
	if (error[0] != '\0')
		fail("an accepted file left an error", error);

	struct machine_config config;
	machine_config_init(&config);
	machine_config_from_zoneinfo(&file, &config);
	unsigned long end = 0;
	for (int r = 0; r < config.nr_ranges; r++)
		if (config.ranges[r].end_pfn > end)
			end = config.ranges[r].end_pfn;
	for (int nid = 0; nid < config.nr_nodes && nid < MAX_NUMNODES; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone_geometry *g = &config.zones[nid][z];
			if (g->start_pfn + g->spanned > end)
				end = g->start_pfn + g->spanned;
		}
	if (end > MAX_BOOT_PFN || config.nr_ranges == 0)
		return 0;
	static struct machine machine;
	if (machine_boot(&machine, &config) == 0) {
		FILE *out = fopen("/dev/null", "w");
		if (out) {
			zoneinfo_compare(out, &machine, &file);
			zoneinfo_show(out, &machine);
			buddyinfo_show(out, &machine);
			fclose(out);
		}
		machine_shutdown(&machine);
	}
	return 0;
}
