/* tool.h: what the files of the labyrinth tool share.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#ifndef LABYRINTH_TOOL_H
#define LABYRINTH_TOOL_H

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/machine.h"
#include <stdarg.h>
#include "gfp_parse.h"
#include "dot.h"
#include "procfs.h"
#include "storm.h"
#include "narrate.h"
#include "mm/page_alloc.h"
#include "pressure.h"
#include "mm/api.h"
#include <math.h>
#include <time.h>
#include "tree_buddy.h"

struct tool {
        struct machine_config config;
        /* how the memory was given: --mem, --zones or --from */
        const char *memory_option;
        const char *memory_value;       /* and its value, e.g. 4G */
        /* --mem was given; --quiet: no echo of the machine */
        bool mem_given, quiet;
        struct machine machine;
        struct zoneinfo_file from_file;      /* --from: the file, kept for --compare */
        const char *from_name;
        bool nodes_given, cpus_given, zones_given;
        const char *ops;                     /* --ops */
};

struct command {
        const char *name;
        int (*run)(struct tool *tool, int argc, char **argv);
        const char *usage;
};
struct machine_option {
        const char *name, *value, *help;
};
struct quiz {
        /* --answer: fill every blank with the model's value */
        bool answer;
        uint64_t state;         /* the random generator, started from --seed */
};

struct quiz_topic {
        const char *name;
        void (*ask)(struct tool *tool, struct quiz *quiz);
        const char *usage;
};

enum { EXIT_USAGE = 2 };

int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool parse_number(const char *text, unsigned long long *value);
unsigned long quiz_random(struct quiz *quiz, unsigned long below);
void quiz_blank(const struct quiz *quiz, const char *label, const char *fmt,
                ...) __attribute__((format(printf, 3, 4)));
int cmd_gfp(struct tool *tool, int argc, char **argv);
void quiz_gfp(struct tool *tool, struct quiz *quiz);
int parse_zones(struct tool *tool, const char *spec);
int cmd_zoneinfo(struct tool *tool, int argc, char **argv);
int cmd_zonelist(struct tool *tool, int argc, char **argv);
struct dot_view {
        const char *name;
        void (*draw)(FILE *out, const struct machine *machine);
        /* false: an allocation failed, and it drew what it had */
        bool (*run_and_draw)(FILE *out, struct machine *machine);
};
extern const struct dot_view dot_views[];
extern const size_t nr_dot_views;
int cmd_dot(struct tool *tool, int argc, char **argv);
void quiz_zones(struct tool *tool, struct quiz *quiz);
struct zone *ops_zone(struct machine *machine);
int run_ops(struct tool *tool);
int cmd_buddyinfo(struct tool *tool, int argc, char **argv);
int cmd_pagetypeinfo(struct tool *tool, int argc, char **argv);
int cmd_extfrag(struct tool *tool, int argc, char **argv);
bool quiz_show_block(const struct quiz *quiz);
void quiz_buddy(struct tool *tool, struct quiz *quiz);
int cmd_pcp(struct tool *tool, int argc, char **argv);
void quiz_pcp(struct tool *tool, struct quiz *quiz);
bool dot_pcp(FILE *out, struct machine *machine);
int cmd_locks(struct tool *tool, int argc, char **argv);
void quiz_locks(struct tool *tool, struct quiz *quiz);
int cmd_storm(struct tool *tool, int argc, char **argv);
bool dot_locks(FILE *out, struct machine *machine);
int cmd_walk(struct tool *tool, int argc, char **argv);
void quiz_atomic(struct tool *tool, struct quiz *quiz);
int cmd_trace(struct tool *tool, int argc, char **argv);
bool dot_path(FILE *out, struct machine *machine);
int cmd_drain(struct tool *tool, int argc, char **argv);
bool dot_compound(FILE *out, struct machine *machine);
void quiz_order(struct tool *tool, struct quiz *quiz);
void quiz_path(struct tool *tool, struct quiz *quiz);
int cmd_bench(struct tool *tool, int argc, char **argv);
int cmd_explain(struct tool *tool, int argc, char **argv);

#endif
