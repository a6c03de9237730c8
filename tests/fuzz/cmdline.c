/* tests/fuzz/cmdline.c: libFuzzer harness for the whole labyrinth command line: every
 * machine option (--mem, --zones, --ops, --config, the sysctls, ...) and every command with
 * its arguments, parsed and run by the tool's own main().
 *
 * The input is the argument list, one argument per line.  Any list must end in a status of
 * 0, 1 or 2, with no crash, no sanitizer report and nothing left allocated; a refusal
 * (status 2) must end with the tool's one line on stderr.  Three things are kept out, because they measure
 * or wait rather than parse: the commands storm and bench (seconds of threads), and reading
 * files (--from with a path: the fuzzer has its own zoneinfo harness).  Machines are kept
 * small enough to boot many times a second: 64 MiB unless the input says otherwise, and an
 * input with a --mem above 512M, or a --zones or --ops number of more than five digits, is
 * dropped before main() sees it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define main labyrinth_main
#include "tool/labyrinth.c"
#undef main

enum { MAX_ARGS = 24, MAX_ARG = 96 };

/* A --mem value the harness lets through: at most 512 MiB (the tool itself refuses the rest). */
static bool small_memory(const char *value)
{
	unsigned long long bytes;
	return !parse_size(value, &bytes) || bytes <= (512ULL << 20);
}

static bool long_number(const char *text)
{
	size_t run = 0;
	for (; *text; text++) {
		run = isdigit((unsigned char)*text) ? run + 1 : 0;
		if (run > 5)
			return true;
	}
	return false;
}

/* explain without a FILE reads standard input, which would wait for the fuzzer's terminal; its reading
 * of logs is tested on real reports in tests/ch19-explain.c. */
static bool allowed(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "storm") == 0 || strcmp(argv[i], "bench") == 0 ||
		    strcmp(argv[i], "explain") == 0 || strchr(argv[i], '/'))
			return false;
		if (i + 1 < argc && strcmp(argv[i], "--mem") == 0 && !small_memory(argv[i + 1]))
			return false;
		if (i + 1 < argc && (strcmp(argv[i], "--zones") == 0 || strcmp(argv[i], "--ops") == 0 ||
				     strcmp(argv[i], "--allocs") == 0) && long_number(argv[i + 1]))
			return false;
	}
	return true;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!freopen("/dev/null", "w", stdout))   /* the tool's output is not the point */
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char words[MAX_ARGS][MAX_ARG + 1];
	char *argv[MAX_ARGS + 2] = { "labyrinth", "--mem", "64M" };
	int argc = 3;

	for (size_t at = 0; at < size && argc < MAX_ARGS; argc++) {
		size_t len = 0;
		while (at + len < size && data[at + len] != '\n' && len < MAX_ARG)
			len++;
		if (memchr(data + at, '\0', len))
			return 0;                    /* no shell passes a NUL inside an argument */
		memcpy(words[argc], data + at, len);
		words[argc][len] = '\0';
		argv[argc] = words[argc];
		at += len + 1;
	}
	argv[argc] = NULL;
	if (!allowed(argc, argv))
		return 0;
	for (int i = 3; i < argc; i++)
		if (strcmp(argv[i], "--zones") == 0 || strcmp(argv[i], "--mem") == 0) {
			argv[1] = argv[2] = (char *)"--quiet";   /* the input gives the memory */
			break;
		}

	/* stderr to a file of our own (a pipe could fill up), to read the refusal back. */
	static FILE *capture;
	if (!capture && !(capture = tmpfile()))
		abort();
	int saved = dup(STDERR_FILENO);
	fflush(stderr);
	if (saved < 0 || ftruncate(fileno(capture), 0) != 0 || lseek(fileno(capture), 0, SEEK_SET) != 0 ||
	    dup2(fileno(capture), STDERR_FILENO) < 0)
		abort();
	int status = labyrinth_main(argc, argv);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	static char err[1 << 16];
	ssize_t n = pread(fileno(capture), err, sizeof(err) - 1, 0);
	err[n > 0 ? n : 0] = '\0';

	if (status < 0 || status > 2) {
		fprintf(stderr, "cmdline fuzz: exit status %d\n", status);
		abort();
	}
	/* A refusal ends with the tool's one line (the model's own log may come before it). */
	const char *last = err + strlen(err);
	if (last > err && last[-1] == '\n')
		last--;
	while (last > err && last[-1] != '\n')
		last--;
	if (status == 2 && (strncmp(last, "labyrinth: ", 11) != 0 || !strchr(last, '\n'))) {
		fprintf(stderr, "cmdline fuzz: status 2 without the tool's one-line error:\n%s", err);
		abort();
	}
	return 0;
}
