/* cpu.h: CPUs as threads, interrupts as signals, spinlocks, execution contexts.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#ifndef LABYRINTH_CPU_H
#define LABYRINTH_CPU_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

typedef struct {
        atomic_int locked;
} spinlock_t;

struct cpu {
        int id;
        pthread_t thread;
        /* 1 while a thread is this CPU: cpu_bind to cpu_unbind */
        atomic_int bound;
        /* an interrupt raised, against the thread's leaving */
        spinlock_t raise_lock;
        /* > 0 while an interrupt handler runs */
        atomic_int hardirq_count;
        atomic_int preempt_count;            /* > 0 while a spinlock is held */
        atomic_int irqs_disabled;            /* local_irq_save() depth */
        /* an interrupt arrived while they were off */
        atomic_int irq_pending;
        void (*irq_handler)(struct cpu *cpu, void *data);
        void *irq_data;
        atomic_ulong irqs_handled;
};
void cpu_init(struct cpu *cpu, int id);
void cpu_bind(struct cpu *cpu);
void cpu_unbind(struct cpu *cpu);
struct cpu *this_cpu(void);
int cpu_raise_irq(struct cpu *cpu);

unsigned long local_irq_save(void);
void local_irq_restore(unsigned long flags);
void local_irq_enable(void);
bool irqs_disabled(void);
bool in_interrupt(void);
bool in_task(void);
bool in_atomic(void);

void spin_lock_init(spinlock_t *lock);
void spin_lock(spinlock_t *lock);
bool spin_trylock(spinlock_t *lock);
bool spin_lock_bounded(spinlock_t *lock, long tries);
void spin_unlock(spinlock_t *lock);
unsigned long spin_lock_irqsave(spinlock_t *lock);
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags);

#endif
