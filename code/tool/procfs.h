/* procfs.h: the model's /proc files, and reading a real /proc/zoneinfo.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#ifndef LABYRINTH_PROCFS_H
#define LABYRINTH_PROCFS_H

#include <stdio.h>

#include "mm/machine.h"

enum zoneinfo_field {
        ZI_BOOST,
        ZI_MIN,
        ZI_LOW,
        ZI_HIGH,
        ZI_PROMO,
        ZI_SPANNED,
        ZI_PRESENT,
        ZI_MANAGED,
        ZI_BATCH,
        ZI_HIGH_MIN,
        ZI_HIGH_MAX,
        ZI_START_PFN,
        ZI_PCP_HIGH,
        NR_ZONEINFO_FIELDS
};
extern const char *const zoneinfo_field_names[NR_ZONEINFO_FIELDS];
struct zoneinfo_zone {
        bool seen;
        long field[NR_ZONEINFO_FIELDS]; /* -1 where the file has no such line */
        long protection[MAX_NR_ZONES];
        int nr_protection;
        int nr_cpus;                  /* cpu: entries in its pagesets */
        int line;                     /* where its "Node" line is */
};

struct zoneinfo_file {
        struct zoneinfo_zone zones[MAX_NUMNODES][MAX_NR_ZONES];
        int nr_nodes, nr_zone_types, nr_cpus;
};
struct contig_page_info {
        unsigned long free_pages;             /* all free pages */
        unsigned long free_blocks_total;      /* all free blocks */
        /* order-o blocks the free memory holds */
        unsigned long free_blocks_suitable;
};
void zoneinfo_show(FILE *out, const struct machine *machine);
int zoneinfo_read(FILE *in, const char *file_name, struct zoneinfo_file *file,
                  char *error, size_t error_size);
void machine_config_from_zoneinfo(const struct zoneinfo_file *file,
                                  struct machine_config *config);
int zoneinfo_compare(FILE *out, const struct machine *machine,
                     const struct zoneinfo_file *file);
void buddyinfo_show(FILE *out, const struct machine *machine);
void pagetypeinfo_show(FILE *out, const struct machine *machine);
void fill_contig_page_info(const unsigned long nr_free[NR_PAGE_ORDERS],
                           unsigned int suitable_order,
                           struct contig_page_info *info);
int unusable_free_index(unsigned int order,
                        const struct contig_page_info *info);
int fragmentation_index(unsigned int order,
                        const struct contig_page_info *info);
void extfrag_show(FILE *out, const struct machine *machine,
                  const unsigned long *counts);

#endif
