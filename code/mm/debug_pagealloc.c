/* debug_pagealloc.c: freed pages taken out of reach (chapter 9).
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "machine.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static void debug_pagealloc_give_up(struct zone *zone, const char *what)
{
        const struct memmap *map = zone->map;
        size_t bytes = (map->end_pfn - map->start_pfn) << PAGE_SHIFT;
        int error = errno;

        WRITE_ONCE(zone->debug_pagealloc_unmap, false);
        mprotect(map->arena, bytes, PROT_READ | PROT_WRITE);
        printk(zone->log,
               "debug_pagealloc: cannot %s pages (%s): memory mapped "
               "back, zone %s no longer unmaps\n",
               what, strerror(error), zone->name);
}

void debug_pagealloc_unmap_pages(struct zone *zone, struct page *page,
                                 unsigned int order)
{
        if (mprotect(page_address(zone->map, page), PAGE_SIZE << order,
                     PROT_NONE) != 0)
                debug_pagealloc_give_up(zone, "unmap");
}

void debug_pagealloc_map_pages(struct zone *zone, struct page *page,
                               unsigned int order)
{
        if (mprotect(page_address(zone->map, page), PAGE_SIZE << order,
                     PROT_READ | PROT_WRITE) != 0)
                debug_pagealloc_give_up(zone, "map");
}
static size_t append(char *line, size_t len, const char *text)
{
        size_t n = strlen(text);
        memcpy(line + len, text, n);
        return len + n;
}

static size_t append_hex(char *line, size_t len, unsigned long value,
                         int digits)
{
        for (int i = digits - 1; i >= 0; i--)
                line[len++] = "0123456789abcdef"[(value >> (4 * i)) & 0xf];
        return len;
}

static struct machine *faulting_machine(const unsigned char *address)
{
        struct cpu *cpu = this_cpu();
        if (!cpu || cpu->id < 0 || cpu->id >= MAX_CPUS)
                return NULL;
        struct machine *machine =
                container_of(cpu - cpu->id, struct machine, cpus[0]);
        const struct memmap *map = &machine->map;
        size_t bytes = (map->end_pfn - map->start_pfn) << PAGE_SHIFT;
        if (machine->running != MACHINE_RUNNING || address < map->arena ||
            address >= map->arena + bytes)
                return NULL;
        return machine;
}

static void page_fault_oops(int signal, siginfo_t *info, void *context)
{
        const unsigned char *address = info->si_addr;
        struct machine *machine = faulting_machine(address);

        if (machine) {
                unsigned long error = 0;
#ifdef __x86_64__
                /* The host saw a user-mode fault (X86_PF_USER, bit 2); in
                 * the model the allocator is the kernel. */
                error = (unsigned long)((ucontext_t *)context)
                                ->uc_mcontext.gregs[REG_ERR] & ~4UL;
#else
                (void)context;
#endif
                bool write_access = error & 2;
                unsigned long kernel_address =
                        PAGE_OFFSET + (machine->map.start_pfn << PAGE_SHIFT) +
                        (unsigned long)(address - machine->map.arena);
                char line[256];
                size_t len = append(line, 0, "BUG: unable to handle page "
                                             "fault for address: ");
                len = append_hex(line, len, kernel_address, 16);
                len = append(line, len,
                             write_access ? "\n#PF: supervisor write access "
                                            "in kernel mode\n"
                                          : "\n#PF: supervisor read access "
                                            "in kernel mode\n");
                len = append(line, len, "#PF: error_code(0x");
                len = append_hex(line, len, error & 0xffff, 4);
                len = append(line, len,
                             error & 1 ? ") - permissions violation\n"
                                       : ") - not-present page\n");
                len = append(line, len, "Oops: Oops: ");
                len = append_hex(line, len, error & 0xffff, 4);
                len = append(line, len, " [#1] SMP DEBUG_PAGEALLOC\n");
                ssize_t written = write(STDERR_FILENO, line, len);
                (void)written;
        }
        struct sigaction action;
        memset(&action, 0, sizeof(action));
        action.sa_handler = SIG_DFL;
        sigaction(signal, &action, NULL);
}

void debug_pagealloc_install(void)
{
        struct sigaction action;

        memset(&action, 0, sizeof(action));
        action.sa_sigaction = page_fault_oops;
        action.sa_flags = SA_SIGINFO;
        sigemptyset(&action.sa_mask);
        sigaction(SIGSEGV, &action, NULL);
}
