/* cpu.c: CPUs as threads, interrupts as signals, spinlocks, execution contexts.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "cpu.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

static _Thread_local struct cpu *current_cpu;

struct cpu *this_cpu(void)
{
        return current_cpu;
}

void cpu_init(struct cpu *cpu, int id)
{
        memset(cpu, 0, sizeof(*cpu));
        cpu->id = id;
}
static void cpu_counter_add(atomic_int *counter, int delta)
{
        atomic_store_explicit(
                counter,
                atomic_load_explicit(counter, memory_order_relaxed) + delta,
                memory_order_relaxed);
        atomic_signal_fence(memory_order_seq_cst);
}
static void take_interrupt(struct cpu *cpu)
{
        cpu_counter_add(&cpu->hardirq_count, 1);
        cpu_counter_add(&cpu->irqs_disabled, 1);
        cpu->irq_handler(cpu, cpu->irq_data);
        cpu_counter_add(&cpu->irqs_disabled, -1);
        cpu_counter_add(&cpu->hardirq_count, -1);
        atomic_store_explicit(
                &cpu->irqs_handled,
                atomic_load_explicit(&cpu->irqs_handled, memory_order_relaxed) +
                        1,
                memory_order_relaxed);
}

static void irq_entry(int signal)
{
        struct cpu *cpu = current_cpu;
        /* the interrupted code may be about to read it */
        int saved_errno = errno;

        (void)signal;
        if (cpu && cpu->irq_handler) {
                if (atomic_load_explicit(&cpu->irqs_disabled,
                                         memory_order_relaxed) > 0)
                        atomic_store_explicit(&cpu->irq_pending, 1,
                                              memory_order_relaxed);
                else
                        take_interrupt(cpu);
        }
        errno = saved_errno;
}

void cpu_bind(struct cpu *cpu)
{
        struct sigaction action;

        memset(&action, 0, sizeof(action));
        action.sa_handler = irq_entry;
        sigemptyset(&action.sa_mask);
        sigaction(SIGUSR1, &action, NULL);
        cpu->thread = pthread_self();
        current_cpu = cpu;
        atomic_store(&cpu->bound, 1);
}

/* The lock makes "is a thread there?" and the signal one step, against
 * cpu_unbind(). */
int cpu_raise_irq(struct cpu *cpu)
{
        unsigned long flags = spin_lock_irqsave(&cpu->raise_lock);
        int error = atomic_load(&cpu->bound)
                            ? -pthread_kill(cpu->thread, SIGUSR1)
                            : -ESRCH;
        spin_unlock_irqrestore(&cpu->raise_lock, flags);
        return error;
}

void cpu_unbind(struct cpu *cpu)
{
        unsigned long flags = spin_lock_irqsave(&cpu->raise_lock);
        atomic_store(&cpu->bound, 0);
        spin_unlock_irqrestore(&cpu->raise_lock, flags);
}
unsigned long local_irq_save(void)
{
        struct cpu *cpu = current_cpu;

        if (!cpu)
                return 0;
        unsigned long were_disabled =
                atomic_load_explicit(&cpu->irqs_disabled,
                                     memory_order_relaxed) > 0;
        cpu_counter_add(&cpu->irqs_disabled, 1);
        return were_disabled;
}

static void take_pending_interrupts(struct cpu *cpu)
{
        while (atomic_load_explicit(&cpu->irq_pending, memory_order_relaxed) &&
               atomic_load_explicit(&cpu->irqs_disabled,
                                    memory_order_relaxed) == 0) {
                atomic_store_explicit(&cpu->irq_pending, 0,
                                      memory_order_relaxed);
                atomic_signal_fence(memory_order_seq_cst);
                take_interrupt(cpu);
        }
}

void local_irq_restore(unsigned long flags)
{
        struct cpu *cpu = current_cpu;

        if (!cpu)
                return;
        cpu_counter_add(&cpu->irqs_disabled, -1);
        if (!flags)
                take_pending_interrupts(cpu);
}

void local_irq_enable(void)
{
        struct cpu *cpu = current_cpu;

        if (!cpu)
                return;
        atomic_store_explicit(&cpu->irqs_disabled, 0, memory_order_relaxed);
        atomic_signal_fence(memory_order_seq_cst);
        take_pending_interrupts(cpu);
}
bool irqs_disabled(void)
{
        return current_cpu && atomic_load(&current_cpu->irqs_disabled) > 0;
}

bool in_interrupt(void)
{
        return current_cpu && atomic_load(&current_cpu->hardirq_count) > 0;
}

bool in_task(void)
{
        return !in_interrupt();
}

bool in_atomic(void)
{
        return current_cpu && (atomic_load(&current_cpu->hardirq_count) > 0 ||
                               atomic_load(&current_cpu->preempt_count) > 0);
}
void spin_lock_init(spinlock_t *lock)
{
        atomic_init(&lock->locked, 0);
}

bool spin_trylock(spinlock_t *lock)
{
        int unlocked = 0;

        if (!atomic_compare_exchange_strong_explicit(&lock->locked, &unlocked,
                                                     1, memory_order_acquire,
                                                     memory_order_relaxed))
                return false;
        if (current_cpu)
                cpu_counter_add(&current_cpu->preempt_count, 1);
        return true;
}

void spin_lock(spinlock_t *lock)
{
        while (!spin_trylock(lock))
                while (atomic_load_explicit(&lock->locked,
                                            memory_order_relaxed))
                        ;   /* read until it looks free, then try again */
}

void spin_unlock(spinlock_t *lock)
{
        if (current_cpu)
                cpu_counter_add(&current_cpu->preempt_count, -1);
        atomic_store_explicit(&lock->locked, 0, memory_order_release);
}
bool spin_lock_bounded(spinlock_t *lock, long tries)
{
        for (long i = 0; i < tries; i++)
                if (spin_trylock(lock))
                        return true;
        return false;
}

unsigned long spin_lock_irqsave(spinlock_t *lock)
{
        unsigned long flags = local_irq_save();

        spin_lock(lock);
        return flags;
}

void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
        spin_unlock(lock);
        local_irq_restore(flags);
}
