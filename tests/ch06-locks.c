/* Chapter 6, locks and exclusivity: CPUs as threads, interrupts as signals, spinlocks,
 * why the zone lock needs interrupts off, why the pcp lock is a trylock, and a storm. */
#include <check.h>
#include <sched.h>
#include <stdlib.h>

#include "exercises.h"
#include "tool/storm.h"
#include "tool.h"

static struct machine machine;

static void boot_default(int nr_cpus)
{
	struct machine_config config;
	machine_config_init(&config);
	config.nr_cpus = nr_cpus;
	ck_assert_int_eq(machine_boot(&machine, &config), 0);
}

START_TEST(test_spinlock_and_contexts_without_a_cpu)
{
	spinlock_t lock;
	spin_lock_init(&lock);
	ck_assert(spin_trylock(&lock));
	ck_assert(!spin_trylock(&lock));
	ck_assert(!spin_lock_bounded(&lock, 1000));
	spin_unlock(&lock);
	ck_assert(spin_lock_bounded(&lock, 1));
	spin_unlock(&lock);
	/* A thread that is no CPU is a task with nothing disabled. */
	ck_assert_ptr_null(this_cpu());
	ck_assert(in_task() && !in_interrupt() && !in_atomic() && !irqs_disabled());
}
END_TEST

struct context_probe {
	struct cpu cpu;
	bool in_irq, irq_task, irq_atomic, irq_disabled;
	bool locked_atomic, saved_disabled, restored_enabled;
	unsigned long handled;
};

static void probe_handler(struct cpu *cpu, void *data)
{
	struct context_probe *probe = data;
	(void)cpu;
	probe->in_irq = in_interrupt();
	probe->irq_task = in_task();
	probe->irq_atomic = in_atomic();
	probe->irq_disabled = irqs_disabled();
}

static void *probe_thread(void *data)
{
	struct context_probe *probe = data;
	cpu_bind(&probe->cpu);
	probe->cpu.irq_handler = probe_handler;
	probe->cpu.irq_data = probe;
	spinlock_t lock;
	spin_lock_init(&lock);
	spin_lock(&lock);
	probe->locked_atomic = in_atomic();
	spin_unlock(&lock);
	unsigned long flags = local_irq_save();
	probe->saved_disabled = irqs_disabled();
	cpu_raise_irq(&probe->cpu);          /* pending: not handled yet */
	probe->handled = atomic_load(&probe->cpu.irqs_handled);
	local_irq_restore(flags);            /* delivered here */
	probe->restored_enabled = !irqs_disabled();
	return NULL;
}

START_TEST(test_contexts_on_a_cpu_and_in_its_interrupt)
{
	static struct context_probe probe;
	pthread_t thread;
	cpu_init(&probe.cpu, 3);
	ck_assert_int_eq(pthread_create(&thread, NULL, probe_thread, &probe), 0);
	pthread_join(thread, NULL);
	ck_assert(probe.locked_atomic);
	ck_assert(probe.saved_disabled);
	ck_assert_uint_eq(probe.handled, 0);     /* blocked while interrupts were off */
	ck_assert_uint_eq(atomic_load(&probe.cpu.irqs_handled), 1);
	ck_assert(probe.in_irq && !probe.irq_task && probe.irq_atomic && probe.irq_disabled);
	ck_assert(probe.restored_enabled);
}
END_TEST

/* Interrupts held back by nested saves run at the outermost restore, once, however many came. */
struct nesting_probe {
	struct cpu cpu;
	unsigned long handled_inside_inner, handled_after_inner, handled_after_outer;
	bool disabled_after_inner, ran_with_irqs_off;
};

static void nesting_handler(struct cpu *cpu, void *data)
{
	struct nesting_probe *probe = data;
	(void)cpu;
	probe->ran_with_irqs_off = irqs_disabled() && in_interrupt();
}

static void *nesting_thread(void *data)
{
	struct nesting_probe *probe = data;
	cpu_bind(&probe->cpu);
	probe->cpu.irq_handler = nesting_handler;
	probe->cpu.irq_data = probe;
	unsigned long outer = local_irq_save();
	unsigned long inner = local_irq_save();
	for (int i = 0; i < 3; i++)
		cpu_raise_irq(&probe->cpu);
	probe->handled_inside_inner = atomic_load(&probe->cpu.irqs_handled);
	local_irq_restore(inner);
	probe->handled_after_inner = atomic_load(&probe->cpu.irqs_handled);
	probe->disabled_after_inner = irqs_disabled();
	local_irq_restore(outer);
	probe->handled_after_outer = atomic_load(&probe->cpu.irqs_handled);
	return NULL;
}

START_TEST(test_held_back_interrupts_run_once_at_the_outermost_restore)
{
	static struct nesting_probe probe;
	pthread_t thread;
	cpu_init(&probe.cpu, 1);
	ck_assert_int_eq(pthread_create(&thread, NULL, nesting_thread, &probe), 0);
	pthread_join(thread, NULL);
	ck_assert_uint_eq(probe.handled_inside_inner, 0);
	ck_assert_uint_eq(probe.handled_after_inner, 0);
	ck_assert(probe.disabled_after_inner);
	ck_assert_uint_eq(probe.handled_after_outer, 1);
	ck_assert(probe.ran_with_irqs_off);
	ck_assert_int_eq(atomic_load(&probe.cpu.irqs_disabled), 0);
	ck_assert_int_eq(atomic_load(&probe.cpu.irq_pending), 0);
}
END_TEST

START_TEST(test_zone_lock_without_irqsave_deadlocks_its_own_interrupt)
{
	struct irq_demo demo;
	boot_default(2);
	ck_assert_int_eq(irq_demo_zone_lock(&machine, false, &demo), 0);
	ck_assert(demo.handled_while_held);
	ck_assert(!demo.handler_got_lock);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_zone_lock_with_irqsave_defers_the_interrupt)
{
	struct irq_demo demo;
	boot_default(2);
	ck_assert_int_eq(irq_demo_zone_lock(&machine, true, &demo), 0);
	ck_assert(!demo.handled_while_held);
	ck_assert(demo.handler_got_lock);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_busy_pcp_lock_sends_the_interrupt_to_the_buddy_lists)
{
	struct irq_demo demo;
	boot_default(2);
	ck_assert_int_eq(irq_demo_pcp_lock(&machine, &demo), 0);
	ck_assert(demo.handled_while_held);
	ck_assert_int_eq(demo.pcp_count_before, 63);
	ck_assert_int_eq(demo.pcp_count_after, 63);  /* the list was not touched */
	/* The list holds 0x100001..0x10003f: the buddy's next page is 0x100040... minus the
	 * one page CPU 0 allocated and freed back to its list: the handler got 0x10003f. */
	ck_assert_uint_eq(demo.pfn, 0x10003f);
	const struct zone *zone = &machine.topo.node_data[0].node_zones[ZONE_NORMAL];
	ck_assert_int_eq(buddy_check_zone(zone), 0);
	machine_shutdown(&machine);
}
END_TEST

/* A million operations by four CPUs with interrupts allocating atomically among them. */
START_TEST(test_storm_of_a_million_operations_keeps_every_page_exclusive)
{
	struct storm_result result;
	boot_default(4);
	ck_assert_int_eq(storm_run(&machine, &storm_pcp_ops, 60.0, 250000, &result), 0);
	ck_assert_uint_eq(result.operations, 1000000);
	ck_assert_uint_eq(result.stolen, 0);
	ck_assert_int_eq(result.check_errors, 0);
	ck_assert_uint_eq(result.free_pages, result.managed_pages);
	ck_assert_uint_gt(result.irqs, 0);
	ck_assert_uint_eq(result.irq_allocations + result.irq_failures, result.irqs);
	machine_shutdown(&machine);
}
END_TEST

START_TEST(test_tool_locks_and_storm)
{
	char out[8192];
	ck_assert_int_eq(run_tool("locks", out, sizeof(out)), 0);
	ck_assert_str_eq(after_echo(out),
		"zone->lock taken with spin_lock:        the interrupt ran inside the critical section and "
		"spun 1000000 times without getting it: a deadlock\n"
		"zone->lock taken with spin_lock_irqsave: the interrupt ran after the critical section and got the lock\n"
		"pcp lock held when the interrupt came: its allocation got pfn 0x10003f from the buddy lists "
		"(per-CPU count 63 before, 63 after)\n");
	ck_assert_int_eq(run_tool("--cpus 2 storm --operations 20000", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "operations by CPUs     40000\n"));
	ck_assert_ptr_nonnull(strstr(out, "every page had one owner at a time, and every page came back\n"));
	ck_assert_int_eq(run_tool("storm --seconds 0", out, sizeof(out)), 2);
}
END_TEST

/* --ops a6 takes all 64 pages: the interrupt's allocation fails, and locks says so and exits 2,
 * with no BUG: of its own (it used to free the NULL it got and report pfn 0 with status 0). */
START_TEST(test_tool_locks_on_a_full_machine)
{
	static char out[16384];
	ck_assert_int_eq(run_tool("--quiet --zones Normal=64 --ops a6 locks", out, sizeof(out)), 2);
	ck_assert_ptr_null(strstr(out, "BUG"));
	ck_assert_ptr_nonnull(strstr(out, "\npcp lock held when the interrupt came: its allocation failed: the list is "
				     "locked and the buddy lists are empty (per-CPU count 0)\n"
				     "labyrinth: locks: the interrupt's allocation failed: the machine is out of "
				     "memory\n"));
	ck_assert_int_eq(run_tool("--quiet --zones Normal=64 --ops a6 --seed 2 quiz locks --answer", out,
				  sizeof(out)), 0);
	char from[64];
	ck_assert_int_eq(quiz_value(out, "the page comes from", from, sizeof(from)), 0);
	ck_assert_str_eq(from, "nowhere: the buddy lists are empty, NULL");
	ck_assert_ptr_null(strstr(out, "BUG"));
}
END_TEST

/* A storm after --ops took every page: every allocation fails, and that is no broken exclusivity:
 * what must come back is what was free before (it used to print EXCLUSIVITY BROKEN, status 1). */
START_TEST(test_tool_storm_on_a_full_machine)
{
	static char out[16384];
	ck_assert_int_eq(run_tool("--quiet --zones Normal=64 --ops a6 storm --operations 2000", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "\nafter the storm        0 of 64 managed pages free (0 before), "
				     "0 invariant violations\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nevery page had one owner at a time, and every page came back\n"));
	ck_assert_ptr_null(strstr(out, "BUG"));
}
END_TEST

/* spin_trylock takes a free lock and refuses a held one. */
START_TEST(test_trylock_takes_a_free_lock_and_refuses_a_held_one)
{
	spinlock_t lock;
	spin_lock_init(&lock);
	ck_assert(spin_trylock(&lock));
	ck_assert_int_eq(atomic_load(&lock.locked), 1);
	ck_assert(!spin_trylock(&lock));
	ck_assert(!spin_trylock(&lock));
	spin_unlock(&lock);
	ck_assert(spin_trylock(&lock));
	spin_unlock(&lock);
}
END_TEST

/* Exercise 6.4: spin_trylock_irqsave on a model CPU.  The thread records, the test asserts. */
struct trylock_probe {
	struct cpu cpu;
	spinlock_t lock;
	bool got, disabled_while_held, atomic_while_held, disabled_after, atomic_after;
	unsigned long handled_while_held, handled_after;
};

static void count_interrupt(struct cpu *cpu, void *data)
{
	(void)cpu;
	(void)data;
}

static void *trylock_irqsave_thread(void *data)
{
	struct trylock_probe *probe = data;
	unsigned long flags;
	cpu_bind(&probe->cpu);
	probe->cpu.irq_handler = count_interrupt;
	probe->got = spin_trylock_irqsave(&probe->lock, &flags);
	probe->disabled_while_held = irqs_disabled();
	probe->atomic_while_held = in_atomic();
	cpu_raise_irq(&probe->cpu);
	probe->handled_while_held = atomic_load(&probe->cpu.irqs_handled);
	if (probe->got)
		spin_unlock_irqrestore(&probe->lock, flags);
	probe->disabled_after = irqs_disabled();
	probe->atomic_after = in_atomic();
	probe->handled_after = atomic_load(&probe->cpu.irqs_handled);
	return NULL;
}

static void run_trylock_probe(struct trylock_probe *probe)
{
	pthread_t thread;
	cpu_init(&probe->cpu, 2);
	ck_assert_int_eq(pthread_create(&thread, NULL, trylock_irqsave_thread, probe), 0);
	pthread_join(thread, NULL);
}

START_TEST(test_exercise_6_4_free_lock)
{
	static struct trylock_probe probe;
	spin_lock_init(&probe.lock);
	run_trylock_probe(&probe);
	ck_assert(probe.got);
	ck_assert_msg(probe.disabled_while_held, "interrupts must be off while the lock is held");
	ck_assert(probe.atomic_while_held);
	ck_assert(!probe.disabled_after && !probe.atomic_after);
	ck_assert_int_eq(atomic_load(&probe.lock.locked), 0);
}
END_TEST

START_TEST(test_exercise_6_4_held_lock)
{
	static struct trylock_probe probe;
	spin_lock_init(&probe.lock);
	ck_assert(spin_trylock(&probe.lock));           /* held by "another CPU": this thread */
	run_trylock_probe(&probe);
	ck_assert(!probe.got);
	ck_assert_msg(!probe.disabled_while_held, "a failed trylock leaves interrupts as they were");
	ck_assert(!probe.atomic_while_held);
	ck_assert_int_eq(atomic_load(&probe.lock.locked), 1);
	spin_unlock(&probe.lock);
}
END_TEST

START_TEST(test_exercise_6_4_interrupt_waits_for_the_unlock)
{
	static struct trylock_probe probe;
	spin_lock_init(&probe.lock);
	run_trylock_probe(&probe);
	ck_assert(probe.got);
	ck_assert_uint_eq(probe.handled_while_held, 0);
	ck_assert_uint_eq(probe.handled_after, 1);
}
END_TEST

/* Exercise 6.6: a ticket lock.  Waits are bounded, so that a wrong lock fails instead of hanging. */
static bool wait_for(atomic_uint *counter, unsigned int value)
{
	for (long i = 0; i < 2000000L; i++) {
		if (atomic_load(counter) == value)
			return true;
		sched_yield();
	}
	return false;
}

START_TEST(test_exercise_6_6_the_two_counters)
{
	struct ticket_lock lock;
	ticket_lock_init(&lock);
	ck_assert(ticket_trylock(&lock));
	ck_assert_uint_eq(atomic_load(&lock.next), 1);
	ck_assert_uint_eq(atomic_load(&lock.owner), 0);
	ck_assert(!ticket_trylock(&lock));
	ck_assert_uint_eq(atomic_load(&lock.next), 1);
	ticket_unlock(&lock);
	ck_assert_uint_eq(atomic_load(&lock.owner), 1);
	ticket_lock(&lock);
	ck_assert_uint_eq(atomic_load(&lock.next), 2);
	ticket_unlock(&lock);
	ck_assert_uint_eq(atomic_load(&lock.owner), 2);
	ck_assert(ticket_trylock(&lock));
	ck_assert_uint_eq(atomic_load(&lock.next), 3);
}
END_TEST

struct ticket_waiter {
	struct ticket_lock *lock;
	atomic_int *served;          /* how many waiters have been served so far */
	int place;                   /* which one this waiter was */
};

static void *ticket_waiter_thread(void *data)
{
	struct ticket_waiter *waiter = data;
	ticket_lock(waiter->lock);
	waiter->place = atomic_fetch_add(waiter->served, 1);
	ticket_unlock(waiter->lock);
	return NULL;
}

START_TEST(test_exercise_6_6_first_come_first_served)
{
	static struct ticket_lock lock;
	static atomic_int served;
	static struct ticket_waiter waiters[3];
	pthread_t threads[3];
	ticket_lock_init(&lock);
	atomic_init(&served, 0);
	ticket_lock(&lock);
	for (int i = 0; i < 3; i++) {
		waiters[i] = (struct ticket_waiter){ &lock, &served, -1 };
		ck_assert_int_eq(pthread_create(&threads[i], NULL, ticket_waiter_thread, &waiters[i]), 0);
		ck_assert_msg(wait_for(&lock.next, (unsigned int)i + 2), "waiter %d never took a ticket", i);
	}
	ck_assert_int_eq(atomic_load(&served), 0);      /* nobody got past the holder */
	ticket_unlock(&lock);
	for (int i = 0; i < 3; i++) {
		pthread_join(threads[i], NULL);
		ck_assert_int_eq(waiters[i].place, i);
	}
}
END_TEST

struct ticket_counter {
	struct ticket_lock lock;
	unsigned long count;         /* plain: only the lock keeps the increments whole */
};

static void *count_under_ticket_lock(void *data)
{
	struct ticket_counter *counter = data;
	for (int i = 0; i < 20000; i++) {
		ticket_lock(&counter->lock);
		unsigned long seen = counter->count;
		__atomic_signal_fence(__ATOMIC_SEQ_CST);   /* keep the read and the write apart */
		counter->count = seen + 1;
		ticket_unlock(&counter->lock);
	}
	return NULL;
}

START_TEST(test_exercise_6_6_no_lost_count)
{
	static struct ticket_counter counter;
	pthread_t threads[2];
	ticket_lock_init(&counter.lock);
	counter.count = 0;
	for (int i = 0; i < 2; i++)
		ck_assert_int_eq(pthread_create(&threads[i], NULL, count_under_ticket_lock, &counter), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(threads[i], NULL);
	ck_assert_uint_eq(counter.count, 40000);
	ck_assert_uint_eq(atomic_load(&counter.lock.next), 40000);
	ck_assert_uint_eq(atomic_load(&counter.lock.owner), 40000);
}
END_TEST

/* Quiz locks: each answer is what `labyrinth locks` reports for the same way of locking. */
START_TEST(test_quiz_locks_answers_as_the_demonstration_does)
{
	static char answer[8192], locks[8192];
	assert_quiz_answers_its_question("--seed 2", "locks", answer, sizeof(answer));
	ck_assert_int_eq(run_tool("locks", locks, sizeof(locks)), 0);
	bool seen[2] = { false, false };
	for (int seed = 1; seed <= 6; seed++) {
		char args[64], runs[64], gets[64];
		snprintf(args, sizeof(args), "--seed %d quiz locks --answer", seed);
		ck_assert_int_eq(run_tool(args, answer, sizeof(answer)), 0);
		bool irqsave = strstr(answer, "zone->lock with spin_lock_irqsave;") != NULL;
		seen[irqsave] = true;
		ck_assert_int_eq(quiz_value(answer, "the handler runs", runs, sizeof(runs)), 0);
		ck_assert_int_eq(quiz_value(answer, "it gets the lock", gets, sizeof(gets)), 0);
		const char *line = strstr(locks, irqsave ? "taken with spin_lock_irqsave:" : "taken with spin_lock: ");
		ck_assert_ptr_nonnull(line);
		bool inside = strncmp(strstr(line, "the interrupt ran ") + 18, "inside", 6) == 0;
		ck_assert_str_eq(runs, inside ? "inside the critical section" : "after spin_unlock_irqrestore");
		ck_assert_str_eq(gets, irqsave ? "yes" : "no: it spins, a deadlock");
		ck_assert_int_eq(quiz_value(answer, "the page comes from", gets, sizeof(gets)), 0);
		ck_assert_str_eq(gets, "the buddy lists, under zone->lock");
	}
	ck_assert(seen[0] && seen[1]);      /* the seeds pose both ways of locking */
}
END_TEST

static Suite *locks_suite(void)
{
	Suite *suite = suite_create("ch06-locks");
	TCase *contexts = tcase_create("contexts");
	tcase_add_test(contexts, test_spinlock_and_contexts_without_a_cpu);
	tcase_add_test(contexts, test_trylock_takes_a_free_lock_and_refuses_a_held_one);
	tcase_add_test(contexts, test_contexts_on_a_cpu_and_in_its_interrupt);
	tcase_add_test(contexts, test_held_back_interrupts_run_once_at_the_outermost_restore);
	suite_add_tcase(suite, contexts);

	TCase *locks = tcase_create("locks");
	tcase_set_timeout(locks, 30);
	tcase_add_test(locks, test_zone_lock_without_irqsave_deadlocks_its_own_interrupt);
	tcase_add_test(locks, test_zone_lock_with_irqsave_defers_the_interrupt);
	tcase_add_test(locks, test_busy_pcp_lock_sends_the_interrupt_to_the_buddy_lists);
	suite_add_tcase(suite, locks);

	/* The storm on the per-CPU lists alone has its own case, so that make sanitize can run it
	 * under ThreadSanitizer by itself. */
	TCase *storm = tcase_create("storm-pcp");
	tcase_set_timeout(storm, 300);
	tcase_add_test(storm, test_storm_of_a_million_operations_keeps_every_page_exclusive);
	suite_add_tcase(suite, storm);

	/* One test case per coding exercise, named after it: make exercise runs it first. */
	TCase *exercise_6_4 = tcase_create("exercise-6.4");
	tcase_add_test(exercise_6_4, test_exercise_6_4_free_lock);
	tcase_add_test(exercise_6_4, test_exercise_6_4_held_lock);
	tcase_add_test(exercise_6_4, test_exercise_6_4_interrupt_waits_for_the_unlock);
	suite_add_tcase(suite, exercise_6_4);
	TCase *exercise_6_6 = tcase_create("exercise-6.6");
	tcase_set_timeout(exercise_6_6, 30);
	tcase_add_test(exercise_6_6, test_exercise_6_6_the_two_counters);
	tcase_add_test(exercise_6_6, test_exercise_6_6_first_come_first_served);
	tcase_add_test(exercise_6_6, test_exercise_6_6_no_lost_count);
	suite_add_tcase(suite, exercise_6_6);

	TCase *tool = tcase_create("tool");
	tcase_set_timeout(tool, 120);
	tcase_add_test(tool, test_tool_locks_and_storm);
	tcase_add_test(tool, test_tool_locks_on_a_full_machine);
	tcase_add_test(tool, test_tool_storm_on_a_full_machine);
	tcase_add_test(tool, test_quiz_locks_answers_as_the_demonstration_does);
	suite_add_tcase(suite, tool);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(locks_suite());
	srunner_run_all(runner, CK_ENV);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
