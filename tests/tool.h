/* tests/tool.h: run the labyrinth tool from a test and capture what it prints.
 * LABYRINTH_TOOL is the absolute path of the tool built next to the tests. */
#ifndef LABYRINTH_TESTS_TOOL_H
#define LABYRINTH_TESTS_TOOL_H

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

/* Runs "labyrinth ARGS" with stderr merged into stdout; returns the exit status. */
static int run_tool(const char *args, char *out, size_t size)
{
	char command[1024];
	snprintf(command, sizeof(command), "%s %s 2>&1", LABYRINTH_TOOL, args);
	FILE *pipe = popen(command, "r");
	if (!pipe)
		return -1;
	size_t n = fread(out, 1, size - 1, pipe);
	out[n] = '\0';
	int status = pclose(pipe);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The output without the machine echo: the text after the last "# " line. */
static const char *after_echo(const char *out)
{
	const char *p = out;
	while (strncmp(p, "# ", 2) == 0 && strchr(p, '\n'))
		p = strchr(p, '\n') + 1;
	return p;
}

#endif
