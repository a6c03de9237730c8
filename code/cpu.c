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
static void irq_entry(int signal)
{
        struct cpu *cpu = current_cpu;
        int saved_errno = errno;             /* the interrupted code may be about to read it */

        (void)signal;
        if (!cpu || !cpu->irq_handler)
                return;
        atomic_fetch_add(&cpu->hardirq_count, 1);
        atomic_fetch_add(&cpu->irqs_disabled, 1);
        cpu->irq_handler(cpu, cpu->irq_data);
        atomic_fetch_sub(&cpu->irqs_disabled, 1);
        atomic_fetch_sub(&cpu->hardirq_count, 1);
        atomic_fetch_add(&cpu->irqs_handled, 1);
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
}

int cpu_raise_irq(struct cpu *cpu)
{
        return pthread_kill(cpu->thread, SIGUSR1);
}
unsigned long local_irq_save(void)
{
        sigset_t block, old;

        sigemptyset(&block);
        sigaddset(&block, SIGUSR1);
        pthread_sigmask(SIG_BLOCK, &block, &old);
        if (current_cpu)
                atomic_fetch_add(&current_cpu->irqs_disabled, 1);
        return (unsigned long)sigismember(&old, SIGUSR1);
}

void local_irq_restore(unsigned long flags)
{
        sigset_t unblock;

        if (current_cpu)
                atomic_fetch_sub(&current_cpu->irqs_disabled, 1);
        if (flags)
                return;
        sigemptyset(&unblock);
        sigaddset(&unblock, SIGUSR1);
        pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
}

void local_irq_enable(void)
{
        if (current_cpu)
                atomic_store(&current_cpu->irqs_disabled, 0);
        local_irq_restore(0);
        if (current_cpu)
                atomic_store(&current_cpu->irqs_disabled, 0);
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

        if (!atomic_compare_exchange_strong_explicit(&lock->locked, &unlocked, 1,
                                                     memory_order_acquire, memory_order_relaxed))
                return false;
        if (current_cpu)
                atomic_fetch_add(&current_cpu->preempt_count, 1);
        return true;
}

void spin_lock(spinlock_t *lock)
{
        while (!spin_trylock(lock))
                while (atomic_load_explicit(&lock->locked, memory_order_relaxed))
                        ;   /* read until it looks free, then try again */
}

void spin_unlock(spinlock_t *lock)
{
        if (current_cpu)
                atomic_fetch_sub(&current_cpu->preempt_count, 1);
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
