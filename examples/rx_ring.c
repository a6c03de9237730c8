/* rx_ring.c: a network driver's receive ring, refilled from its interrupt handler
 * with GFP_ATOMIC pages, running on the model of the Linux page allocator. */
#include <stdio.h>
#include <string.h>

#include "labyrinth.h"

enum { RING_SIZE = 256, PACKETS = 100000 };

struct driver {
	struct machine *machine;
	unsigned long ring[RING_SIZE];      /* page addresses, as a driver keeps them */
	unsigned long head, tail;           /* the interrupt fills at head, the task takes at tail */
	unsigned long interrupts, refill_failures, received;
};

/* The NIC's interrupt: it cannot sleep, so it refills with GFP_ATOMIC. */
static void rx_interrupt(struct cpu *cpu, void *arg)
{
	struct driver *driver = arg;

	(void)cpu;
	driver->interrupts++;
	while (driver->head - driver->tail < RING_SIZE) {
		unsigned long page = __get_free_page(driver->machine, GFP_ATOMIC | __GFP_NOWARN);
		if (!page) {
			driver->refill_failures++;
			return;
		}
		driver->ring[driver->head++ % RING_SIZE] = page;
	}
}

/* The task side: take a filled buffer, "receive" a packet into it, hand the page back. */
static void receive(struct machine *machine, void *arg)
{
	struct driver *driver = arg;

	while (driver->received < PACKETS) {
		if (driver->head == driver->tail)
			labyrinth_raise_irq(machine, 0);    /* delivered at once, on this CPU */
		if (driver->head == driver->tail)
			break;                              /* the refill failed */
		unsigned long page = driver->ring[driver->tail++ % RING_SIZE];
		memset((void *)page, 0xab, 1500);          /* a 1500-byte frame lands in the page */
		free_page(machine, page);
		driver->received++;
	}
	while (driver->tail != driver->head)
		free_page(machine, driver->ring[driver->tail++ % RING_SIZE]);
}

int main(void)
{
	static struct machine machine;
	static struct driver driver = { .machine = &machine };
	struct machine_config config;

	machine_config_init(&config);                  /* 4 GiB, one node, two CPUs */
	if (labyrinth_boot(&machine, &config) != 0)
		return 1;
	labyrinth_set_irq_handler(&machine, 0, rx_interrupt, &driver);
	labyrinth_run_on_cpu(&machine, 0, receive, &driver);
	const struct zone *normal = &machine.topo.node_data[0].node_zones[ZONE_NORMAL];
	printf("received %lu packets from %lu interrupts, %lu refill failures\n",
	       driver.received, driver.interrupts, driver.refill_failures);
	printf("pages still allocated in Normal: %lu\n", zone_allocated_pages(normal));
	labyrinth_shutdown(&machine);
	return 0;
}
