/* tests/tool.h: run the labyrinth tool from a test and capture what it prints.
 * LABYRINTH_TOOL is the absolute path of the tool built next to the tests. */
#ifndef LABYRINTH_TESTS_TOOL_H
#define LABYRINTH_TESTS_TOOL_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

/* Runs a shell COMMAND; its output goes to OUT; returns the exit status. */
static int run_command(const char *command, char *out, size_t size)
{
	FILE *pipe = popen(command, "r");
	if (!pipe)
		return -1;
	size_t n = fread(out, 1, size - 1, pipe);
	out[n] = '\0';
	int status = pclose(pipe);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Runs "labyrinth ARGS" with stderr merged into stdout; returns the exit status. */
static int run_tool(const char *args, char *out, size_t size)
{
	char command[8192];
	if ((size_t)snprintf(command, sizeof(command), "%s %s 2>&1", LABYRINTH_TOOL, args) >= sizeof(command))
		return -1;                   /* never run a command cut short */
	return run_command(command, out, size);
}

/* The output without the machine echo: the text after the last "# " line. */
static const char *after_echo(const char *out)
{
	const char *p = out;
	while (strncmp(p, "# ", 2) == 0 && strchr(p, '\n'))
		p = strchr(p, '\n') + 1;
	return p;
}

/* Quiz output (labyrinth quiz TOPIC [--answer]): a blank is a line ending in "________". */
enum { QUIZ_BLANK_LEN = 8 };

/* The value after a blank's label, e.g. quiz_value(out, "pfn", v, n), from its first line. */
__attribute__((unused)) static int quiz_value(const char *out, const char *label, char *value, size_t size)
{
	char needle[64];
	snprintf(needle, sizeof(needle), "\n   %s ", label);
	const char *line = strstr(out, needle);
	if (!line)
		return -1;
	line += strlen(needle);
	while (*line == ' ')
		line++;
	size_t len = strcspn(line, "\n");
	snprintf(value, size, "%.*s", (int)len, line);
	return 0;
}

/* The answer is the question with every blank filled in: each line of the question equals the
 * answer's line, or ends in a blank whose text before it does; a lone blank "   ________" stands
 * for a block of output, which then ends the answer.  Returns NULL or what differs. */
__attribute__((unused)) static const char *quiz_mismatch(const char *question, const char *answer)
{
	static char why[256];
	const char *q = after_echo(question), *a = after_echo(answer);

	while (*q) {
		const char *q_end = strchr(q, '\n'), *a_end = strchr(a, '\n');
		if (!q_end || !a_end)
			return "the answer has fewer lines than the question";
		size_t q_len = (size_t)(q_end - q), a_len = (size_t)(a_end - a);
		if (q_len == 11 && strncmp(q, "   ________", 11) == 0)
			return q_end[1] == '\0' ? NULL : "a block blank is not the question's last line";
		bool blank = q_len >= QUIZ_BLANK_LEN && strncmp(q_end - QUIZ_BLANK_LEN, "________", QUIZ_BLANK_LEN) == 0;
		size_t same = blank ? q_len - QUIZ_BLANK_LEN : q_len;
		if (strncmp(q, a, same) != 0 || (blank ? a_len <= same || a[same] == '_' : a_len != q_len)) {
			snprintf(why, sizeof(why), "question line '%.*s' vs. answer line '%.*s'", (int)q_len, q,
				 (int)a_len, a);
			return why;
		}
		q = q_end + 1;
		a = a_end + 1;
	}
	return *a ? "the answer has more lines than the question" : NULL;
}

/* A quiz poses the same problem for the same seed, and its answer is that problem with every
 * blank filled in.  BEFORE is what comes before "quiz" (machine options and the seed); the
 * answer is left in ANSWER for the test's own checks. */
__attribute__((unused)) static void assert_quiz_answers_its_question(const char *before, const char *topic,
								    char *answer, size_t size)
{
	static char first[16384], again[16384];
	char args[512];

	snprintf(args, sizeof(args), "%s quiz %s", before, topic);
	ck_assert_int_eq(run_tool(args, first, sizeof(first)), 0);
	ck_assert_int_eq(run_tool(args, again, sizeof(again)), 0);
	ck_assert_str_eq(first, again);
	snprintf(args, sizeof(args), "%s quiz %s --answer", before, topic);
	ck_assert_int_eq(run_tool(args, answer, size), 0);
	const char *mismatch = quiz_mismatch(first, answer);
	ck_assert_msg(mismatch == NULL, "%s", mismatch);
}

#endif
