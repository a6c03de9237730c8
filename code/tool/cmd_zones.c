/* cmd_zones.c: the zone commands and quiz (chapter 3).
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "tool.h"

int cmd_zoneinfo(struct tool *tool, int argc, char **argv)
{
        if (argc == 0) {
                zoneinfo_show(stdout, &tool->machine);
                return 0;
        }
        if (argc == 1 && strcmp(argv[0], "--modelled") == 0) {
                zoneinfo_show_modelled(stdout, &tool->machine);
                return 0;
        }
        if (argc > 1 || strcmp(argv[0], "--compare") != 0)
                return usage_error(
                        "zoneinfo: the options are --compare and --modelled");
        if (!tool->from_name)
                return usage_error(
                        "zoneinfo --compare: give the file with --from FILE");
        return zoneinfo_compare(stdout, &tool->machine, &tool->from_file) ? 1
                                                                          : 0;
}
static void print_zonerefs(const char *title, int nid,
                           const struct zoneref *ref)
{
        printf("Node %d %s:", nid, title);
        for (; ref->zone; ref++)
                printf(" %s(%d)", ref->zone->name,
                       ref->zone->zone_pgdat->node_id);
        printf("\n");
}

int cmd_zonelist(struct tool *tool, int argc, char **argv)
{
        (void)argv;
        if (argc != 0)
                return usage_error("zonelist: no arguments");
        const struct topology *topo = &tool->machine.topo;
        for (int nid = 0; nid < topo->nr_nodes; nid++) {
                const pg_data_t *pgdat = &topo->node_data[nid];
                printf("Fallback order for Node %d:", nid);
                for (int i = 0; i < pgdat->nr_fallback_nodes; i++)
                        printf(" %d", pgdat->fallback_order[i]);
                printf("\n");
                print_zonerefs(
                        "fallback zonelist", nid,
                        pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs);
                print_zonerefs(
                        "__GFP_THISNODE zonelist", nid,
                        pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs);
        }
        return 0;
}
const struct dot_view dot_views[] = {
        { "memmap", dot_memmap, NULL },
        { "gfp", dot_gfp, NULL },
        { "zones", dot_zones, NULL },
        { "zonelist", dot_zonelist, NULL },
        { "buddy", dot_buddy, NULL },
        { "pcp", NULL, dot_pcp },
        { "locks", NULL, dot_locks },
        { "path", NULL, dot_path },
        { "compound", NULL, dot_compound },
};
const size_t nr_dot_views = sizeof(dot_views) / sizeof(dot_views[0]);

int cmd_dot(struct tool *tool, int argc, char **argv)
{
        for (size_t i = 0; argc == 1 && i < nr_dot_views; i++)
                if (strcmp(argv[0], dot_views[i].name) == 0) {
                        if (dot_views[i].draw)
                                dot_views[i].draw(stdout, &tool->machine);
                        else if (!dot_views[i].run_and_draw(stdout,
                                                            &tool->machine))
                                return usage_error(
                                        "dot %s: an allocation failed: the "
                                        "machine is out of memory; drew what "
                                        "it had",
                                        argv[0]);
                        return 0;
                }
        char names[160] = "";
        for (size_t i = 0; i < nr_dot_views; i++)
                snprintf(names + strlen(names), sizeof(names) - strlen(names),
                         "%s%s", i ? ", " : "", dot_views[i].name);
        return usage_error("dot: give one view: %s", names);
}
void quiz_zones(struct tool *tool, struct quiz *quiz)
{
        static struct tool scratch;   /* static: a machine is large */
        char spec[96];

        snprintf(spec, sizeof(spec), "DMA=3840,DMA32=%lu,Normal=%lu",
                 65536 + quiz_random(quiz, 720000),
                 quiz_random(quiz, 4) ? 16384 + quiz_random(quiz, 1000000) : 0);
        scratch.config = tool->config;
        memset(scratch.config.zones, 0, sizeof(scratch.config.zones));
        if (parse_zones(&scratch, spec) != 0 ||
            machine_boot(&scratch.machine, &scratch.config) != 0) {
                printf("(the machine --zones %s cannot be built)\n", spec);
                return;
        }
        printf("The machine --zones %s, its other options as above:\n", spec);
        quiz_blank(quiz, "min_free_kbytes", "%d",
                   scratch.machine.min_free_kbytes);
        for (int z = 0; z < scratch.machine.topo.nr_zone_types; z++) {
                const struct zone *zone =
                        &scratch.machine.topo.node_data[0].node_zones[z];
                if (!populated_zone(zone))
                        continue;
                printf("zone %s, %lu managed pages:\n", zone->name,
                       zone->managed_pages);
                quiz_blank(quiz, "min", "%lu", wmark_pages(zone, WMARK_MIN));
                quiz_blank(quiz, "low", "%lu", wmark_pages(zone, WMARK_LOW));
                quiz_blank(quiz, "high", "%lu", wmark_pages(zone, WMARK_HIGH));
        }
        machine_shutdown(&scratch.machine);
}
