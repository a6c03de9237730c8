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
        ZI_THRESHOLD,
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
enum { PROC_MAX_COLUMNS = 16, PROC_MAX_ROWS = 1024, PROC_NAME = 16 };

struct proc_row {
        int nid;
        char zone[PROC_NAME], type[PROC_NAME];   /* type: "" when none */
        unsigned long count[PROC_MAX_COLUMNS];
        int nr_counts;
};

struct proc_free_file {
        int block_order;                         /* -1 where not given */
        long pages_per_block;
        int nr_orders;                           /* columns of the free table */
        char types[PROC_MAX_COLUMNS][PROC_NAME]; /* the blocks table's */
        int nr_types;
        struct proc_row free[PROC_MAX_ROWS];     /* buddyinfo's rows go here */
        int nr_free;
        struct proc_row blocks[PROC_MAX_ROWS];
        int nr_blocks;
};
struct contig_page_info {
        unsigned long free_pages;             /* all free pages */
        unsigned long free_blocks_total;      /* all free blocks */
        /* order-o blocks the free memory holds */
        unsigned long free_blocks_suitable;
};
void zoneinfo_show(FILE *out, const struct machine *machine);
void zoneinfo_show_modelled(FILE *out, const struct machine *machine);
int calculate_normal_threshold(const struct zone *zone, int nr_online_cpus);
int zoneinfo_read(FILE *in, const char *file_name, struct zoneinfo_file *file,
                  char *error, size_t error_size);
void machine_config_from_zoneinfo(const struct zoneinfo_file *file,
                                  struct machine_config *config);
int zoneinfo_compare(FILE *out, const struct machine *machine,
                     const struct zoneinfo_file *file);
void buddyinfo_show(FILE *out, const struct machine *machine);
void pagetypeinfo_show(FILE *out, const struct machine *machine);
int buddyinfo_compare(FILE *out, const struct machine *machine, FILE *in,
                      const char *file_name, char *error, size_t error_size);
int pagetypeinfo_compare(FILE *out, const struct machine *machine, FILE *in,
                         const char *file_name, char *error,
                         size_t error_size);
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
