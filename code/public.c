/* public.c: booting, running on a CPU and raising interrupts, for other
 * programs. Generated from the chapters by notangle; edit the chapters, not
 * this file. */
#include "labyrinth.h"

#include <errno.h>
#include <pthread.h>

int labyrinth_boot(struct machine *machine, const struct machine_config *config)
{
        int error = machine_boot(machine, config);

        if (error)
                return error;
        error = kswapd_start(machine);
        if (!error)
                /* vm.stat_interval: 1 s */
                error = vmstat_start(machine, 1000000000L);
        if (error)
                /* a half-started machine is not left running */
                labyrinth_shutdown(machine);
        return error;
}

void labyrinth_shutdown(struct machine *machine)
{
        if (machine->running != MACHINE_RUNNING)
                /* never booted, or shut down already */
                return;
        vmstat_stop(machine);
        kswapd_stop(machine);
        machine_shutdown(machine);
}

struct cpu_body {
        struct machine *machine;
        struct cpu *cpu;
        void (*body)(struct machine *machine, void *arg);
        void *arg;
};

static void *run_cpu_body(void *data)
{
        struct cpu_body *run = data;

        cpu_bind(run->cpu);
        local_irq_enable();
        run->body(run->machine, run->arg);
        /* no interrupt may arrive after the body has left */
        local_irq_save();
        /* and none may be raised: the thread is going */
        cpu_unbind(run->cpu);
        return NULL;
}
static bool cpu_exists(const struct machine *machine, int cpu)
{
        return cpu >= 0 && cpu < machine->topo.nr_cpus;
}
int labyrinth_run_on_cpu(struct machine *machine, int cpu,
                         void (*body)(struct machine *machine, void *arg),
                         void *arg)
{
        pthread_t thread;

        if (!cpu_exists(machine, cpu))
                return -EINVAL;
        struct cpu_body run = { machine, &machine->cpus[cpu], body, arg };
        if (machine->cpus[cpu].id != cpu)
                cpu_init(&machine->cpus[cpu], cpu);
        if (pthread_create(&thread, NULL, run_cpu_body, &run) != 0)
                return -EAGAIN;
        pthread_join(thread, NULL);
        return 0;
}

int labyrinth_set_irq_handler(struct machine *machine, int cpu,
                              void (*handler)(struct cpu *cpu, void *arg),
                              void *arg)
{
        if (!cpu_exists(machine, cpu))
                return -EINVAL;
        if (machine->cpus[cpu].id != cpu)
                cpu_init(&machine->cpus[cpu], cpu);
        machine->cpus[cpu].irq_handler = handler;
        machine->cpus[cpu].irq_data = arg;
        return 0;
}

int labyrinth_raise_irq(struct machine *machine, int cpu)
{
        if (!cpu_exists(machine, cpu))
                return -EINVAL;
        return cpu_raise_irq(&machine->cpus[cpu]);
}
