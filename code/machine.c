/* machine.c: the model machine, its configuration and its boot.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "machine.h"

#include <errno.h>
#include <string.h>

void machine_config_init(struct machine_config *config)
{
        memset(config, 0, sizeof(*config));
        config->mem_bytes = 4ULL << 30;
        config->seed = 1;
        
}
int machine_layout_x86(unsigned long long mem_bytes, struct memory_range *ranges)
{
        static const struct memory_range slots[] = {
                { 0x1, 0x9f, 0 },                /* page 0 and 0x9f-0xff: firmware */
                { 0x100, 0xc0000, 0 },           /* 1 MiB to 3 GiB */
                { 0x100000, 1UL << 36, 0 },      /* 4 GiB and up: the PCI hole is below */
        };
        unsigned long left = (unsigned long)(mem_bytes >> PAGE_SHIFT) - 1 - (0x100 - 0x9f);
        int nr = 0;

        for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]) && left > 0; i++) {
                unsigned long size = slots[i].end_pfn - slots[i].start_pfn;
                if (size > left)
                        size = left;
                ranges[nr] = slots[i];
                ranges[nr].end_pfn = slots[i].start_pfn + size;
                left -= size;
                nr++;
        }
        return nr;
}
int machine_boot(struct machine *machine, const struct machine_config *config)
{
        memset(machine, 0, sizeof(*machine));
        machine->config = *config;
        kmsg_init(&machine->log, NULL);
        struct machine_config *c = &machine->config;
        if (c->nr_ranges == 0)
                c->nr_ranges = machine_layout_x86(c->mem_bytes, c->ranges);
        unsigned long max_pfn = c->ranges[c->nr_ranges - 1].end_pfn;
        int error = memmap_init(&machine->map, &machine->log, 0, max_pfn);
        if (error)
                return error;
        
        return 0;
}

void machine_shutdown(struct machine *machine)
{
        
        memmap_destroy(&machine->map);
}

unsigned long machine_present_pages(const struct machine *machine)
{
        unsigned long pages = 0;

        for (int i = 0; i < machine->config.nr_ranges; i++)
                pages += machine->config.ranges[i].end_pfn - machine->config.ranges[i].start_pfn;
        return pages;
}
