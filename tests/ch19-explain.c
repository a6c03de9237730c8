/* Chapter 19, reading a real failure: labyrinth explain on the thirteen reports of tests/data/failure-*,
 * each posted to a public list (the file's first line names it), against the diagnosis the chapter
 * works out by hand: the verdict, and the numbers of the zone that decides it. */
#include <check.h>
#include <stdlib.h>

#include "tool.h"

/* Runs a shell command line in which "LABYRINTH" stands for the tool, from the top of the repository,
 * with stderr merged into stdout; returns the exit status. */
static int run_shell(const char *line, char *out, size_t size)
{
	char command[8192], *at;
	int n = snprintf(command, sizeof(command), "cd %s/.. && ", TESTS_DIR);
	const char *from = line;

	while ((at = strstr(from, "LABYRINTH"))) {
		n += snprintf(command + n, sizeof(command) - (size_t)n, "%.*s%s", (int)(at - from), from,
			      LABYRINTH_TOOL);
		from = at + strlen("LABYRINTH");
	}
	snprintf(command + n, sizeof(command) - (size_t)n, "%s 2>&1", from);
	return run_command(command, out, size);
}

static const struct worked_report {
	const char *file, *cause, *zone_line, *mask_line;
} worked[] = {
	{ "failure-3.10-arm-cma", "watermark",
	  "  Node 0 Normal: free 15171 - 14991 CMA <= 188 = min 500 - 250 - 62 + reserve 0\n",
	  "  mask: __GFP_HIGH\n" },
	{ "failure-3.10.53-arm-cma", "watermark",
	  "  Node 0 DMA: free 35948 - 35784 CMA <= 313 = min 834 - 417 - 104 + reserve 0\n",
	  "  mask: __GFP_HIGH|__GFP_NOTRACK\n" },
	{ "failure-3.13-radeon-order4", "fragmentation",
	  "  Node 0 DMA32: free 30388 - 15 (order) > 14534 = min 13840 + reserve 694\n"
	  "    above the watermark; too few free pages in blocks, order >= 4\n",
	  "  mask: __GFP_WAIT|__GFP_IO|__GFP_FS|__GFP_COMP|__GFP_ZERO|__GFP_KMEMCG\n" },
	{ "failure-3.18-ksoftirqd-oom", "recovered",
	  "  Node 0 DMA32: free 16185 > 14836 = min 2023 - 1011 - 253 + reserve 14077\n",
	  "  mask: __GFP_HIGH\n" },
	{ "failure-4.1-swapper-normal-empty", "watermark",
	  "  Node 0 DMA32: free 1729 <= 5386 = min 1056 - 528 - 132 + reserve 4990\n",
	  "  mask: __GFP_HIGH\n" },
	{ "failure-4.9-arm-highatomic", "highatomic",
	  "  Node 0 Normal: free 373 > 91 = min 241 - 120 - 30 + reserve 0\n"
	  "    above the watermark; only highatomic (H) blocks, order >= 0\n",
	  "  mask: __GFP_HIGH|__GFP_ATOMIC|__GFP_KSWAPD_RECLAIM\n" },
	{ "failure-4.9-kvm-highatomic", "highatomic",
	  "  Node 0 DMA: free 231 > 134 = min 43 - 21 - 5 + reserve 117\n",
	  "  mask: __GFP_HIGH|__GFP_ATOMIC|__GFP_NOTRACK|__GFP_KSWAPD_RECLAIM\n" },
	{ "failure-5.4-android-cma", "watermark",
	  "  Node 0 Normal: free 528 - 147 CMA <= 680 = min 1811 - 905 - 226 + reserve 0\n",
	  "  mask: __GFP_HIGH|__GFP_ATOMIC|__GFP_KSWAPD_RECLAIM\n" },
	{ "failure-5.4-ceph-dmesg", "watermark",
	  "  Node 0 DMA32: free 13767 <= 13854 = min 3649 - 1824 - 456 + reserve 12485\n",
	  "  mask: __GFP_HIGH|__GFP_ATOMIC|__GFP_KSWAPD_RECLAIM\n" },
	{ "failure-5.4-ceph-syslog", "watermark",
	  "  Node 0 DMA32: free 15144 <= 15198 = min 7233 - 3616 - 904 + reserve 12485\n",
	  "  mask: __GFP_HIGH|__GFP_ATOMIC|__GFP_KSWAPD_RECLAIM\n" },
	{ "failure-6.9-ppc32-kswapd-1", "exhausted",
	  "  Node 0 DMA: free 14, no watermark\n    no free block at all, order >= 0\n",
	  "  mask: __GFP_IO|__GFP_FS|__GFP_DIRECT_RECLAIM|__GFP_KSWAPD_RECLAIM\n" },
	{ "failure-6.9-ppc32-kswapd-2", "exhausted", "  Node 0 DMA: free 0, no watermark\n",
	  "  mask: __GFP_IO|__GFP_FS|__GFP_DIRECT_RECLAIM|__GFP_KSWAPD_RECLAIM\n" },
	{ "failure-6.9-ppc32-kswapd-3", "exhausted", "  Node 0 DMA: free 0, no watermark\n",
	  "  mask: __GFP_IO|__GFP_FS|__GFP_DIRECT_RECLAIM|__GFP_KSWAPD_RECLAIM\n" },
};
#define NR_WORKED (int)(sizeof(worked) / sizeof(worked[0]))

/* Each report: exit 0, one report, the mask in its kernel's bits, the deciding zone's numbers, and the
 * verdict the chapter's table gives, as the explanation's last line but one. */
START_TEST(test_each_report_gets_the_hand_worked_verdict)
{
	static char out[65536];
	char line[512], cause[64];
	const struct worked_report *report = &worked[_i];

	snprintf(line, sizeof(line), "LABYRINTH --quiet explain tests/data/%s", report->file);
	ck_assert_int_eq(run_shell(line, out, sizeof(out)), 0);
	ck_assert_msg(strncmp(out, "report 1, line ", 15) == 0 && !strstr(out, "report 2,"), "%s: %s",
		      report->file, out);
	ck_assert_msg(strstr(out, report->mask_line) != NULL, "%s: no %s in\n%s", report->file,
		      report->mask_line, out);
	ck_assert_msg(strstr(out, report->zone_line) != NULL, "%s: no %s in\n%s", report->file,
		      report->zone_line, out);
	snprintf(cause, sizeof(cause), "\n  cause: %s\n  what to do: ", report->cause);
	ck_assert_msg(strstr(out, cause) != NULL, "%s: not %s in\n%s", report->file, report->cause, out);
}
END_TEST

/* The thirteen reports as one log on standard input: thirteen explanations, in the log's order. */
START_TEST(test_one_log_of_every_report)
{
	static char out[262144];
	char line[4096] = "cat";

	for (int i = 0; i < NR_WORKED; i++)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), " tests/data/%s", worked[i].file);
	strcat(line, " | LABYRINTH --quiet explain");
	ck_assert_int_eq(run_shell(line, out, sizeof(out)), 0);
	const char *at = out;
	for (int i = 0; i < NR_WORKED; i++) {
		char head[32], cause[64];
		snprintf(head, sizeof(head), "report %d, line ", i + 1);
		at = strstr(at, head);
		ck_assert_msg(at != NULL, "no %s", head);
		snprintf(cause, sizeof(cause), "\n  cause: %s\n", worked[i].cause);
		const char *next = strstr(at + 1, "\nreport ");
		const char *found = strstr(at, cause);
		ck_assert_msg(found && (!next || found < next), "report %d is not %s", i + 1, worked[i].cause);
	}
	ck_assert_ptr_null(strstr(out, "report 14,"));
}
END_TEST

/* The bits are read by the layout of the kernel that printed them: the same 0x20 is __GFP_HIGH in
 * 3.x, 0x2080020 is GFP_ATOMIC in 4.4-4.9 and 0xcc0 GFP_KERNEL from 6.3 on; each line says which. */
START_TEST(test_each_era_names_its_layout_and_rules)
{
	static char out[65536];

	ck_assert_int_eq(run_shell("LABYRINTH --quiet explain tests/data/failure-3.10-arm-cma", out, sizeof(out)),
			 0);
	ck_assert_ptr_nonnull(strstr(out, "\n  kernel 3.10.0+ (its CPU line): bits of 3.0-4.3, rules of 3.0-4.3\n"
					  "  mask: __GFP_HIGH\n"
					  "  context: may not sleep or reclaim; ALLOC_HIGH, ALLOC_HARDER\n"
					  "  takes: Unmovable blocks, Normal and below\n"
					  "  Node 0 HighMem: not allowed by the mask\n"));
	ck_assert_int_eq(run_shell("LABYRINTH --quiet explain tests/data/failure-4.9-arm-highatomic", out,
				   sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "\n  kernel 4.9.123 (its CPU line): bits of 4.4-4.9, rules of 4.4-6.2\n"));
	ck_assert_int_eq(run_shell("LABYRINTH --quiet explain tests/data/failure-6.9-ppc32-kswapd-2", out,
				   sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "\n  kernel 6.9.0 (its CPU line): bits of 6.3-6.18, rules of 6.3-6.18\n"
					  "  mask: __GFP_IO|__GFP_FS|__GFP_DIRECT_RECLAIM|__GFP_KSWAPD_RECLAIM\n"
					  "  context: may sleep and reclaim\n"
					  "  takes: Unmovable blocks, Normal and below\n"
					  "  no watermark applies: kswapd runs with PF_MEMALLOC, outside an "
					  "interrupt\n"));
}
END_TEST

/* Without its CPU line a report has no version: the verdict is unknown and says what is missing; with
 * --kernel it is the report's own.  Given 6.12 instead, the 4.9 numbers pass: from 6.12 an order-0
 * GFP_ATOMIC request may take the highatomic blocks, and 0x2080020 is not GFP_ATOMIC in 6.12's bits,
 * so the names the report prints win. */
START_TEST(test_kernel_option_stands_in_for_a_missing_cpu_line)
{
	static char out[65536];

	ck_assert_int_eq(run_shell("grep -v Comm: tests/data/failure-4.9-kvm-highatomic | LABYRINTH --quiet explain",
				   out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "\n  cause: unknown: no kernel version in the report (no CPU: or Pid: "
					  "line); give --kernel VERSION\n"));
	ck_assert_int_eq(run_shell("grep -v Comm: tests/data/failure-4.9-kvm-highatomic | "
				   "LABYRINTH --quiet explain --kernel 4.9", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "\n  kernel 4.9 (given with --kernel): bits of 4.4-4.9, rules of 4.4-6.2\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n  cause: highatomic\n"));
	ck_assert_int_eq(run_shell("grep -v Comm: tests/data/failure-4.9-kvm-highatomic | "
				   "LABYRINTH --quiet explain --kernel 6.12", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "bits of 6.3-6.18, which the report's names contradict: its names win, "
					  "rules of 6.3-6.18\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n  Node 0 DMA32: free 459 > 122 = min 324 - 162 - 40 + reserve 0\n"
					  "    above the watermark; a block it may take, order >= 0\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n  cause: recovered\n"));
}
END_TEST

/* A report cut off before its Mem-Info is named with its line and still explained as far as it goes;
 * the exit status is 2. */
START_TEST(test_a_cut_off_report_is_named_and_exits_2)
{
	static char out[65536];

	ck_assert_int_eq(run_shell("head -30 tests/data/failure-5.4-ceph-dmesg | LABYRINTH --quiet explain", out,
				   sizeof(out)), 2);
	ck_assert_str_eq(out, "report 1, line 6: kworker/7:1, order 0, mode 0xa20 (GFP_ATOMIC)\n"
			      "  cause: unknown: no Mem-Info follows the report of line 6\n"
			      "labyrinth: explain (standard input): report 1 (line 6) cannot be read: no Mem-Info "
			      "follows the report of line 6\n");
}
END_TEST

static Suite *explain_suite(void)
{
	Suite *suite = suite_create("ch19-explain");
	TCase *reports = tcase_create("reports");
	tcase_set_timeout(reports, 30);
	tcase_add_loop_test(reports, test_each_report_gets_the_hand_worked_verdict, 0, NR_WORKED);
	tcase_add_test(reports, test_one_log_of_every_report);
	tcase_add_test(reports, test_each_era_names_its_layout_and_rules);
	tcase_add_test(reports, test_kernel_option_stands_in_for_a_missing_cpu_line);
	tcase_add_test(reports, test_a_cut_off_report_is_named_and_exits_2);
	suite_add_tcase(suite, reports);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(explain_suite());
	srunner_run_all(runner, CK_ENV);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
