/* dot.c: graphviz pictures of the live model.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "dot.h"

static void dot_header(FILE *out, const char *name)
{
        fprintf(out, "digraph %s {\n", name);
        fprintf(out, "\tgraph [fontname=\"Helvetica\", fontsize=11, nodesep=0.25, ranksep=0.3];\n");
        fprintf(out, "\tnode [shape=box, style=\"rounded,filled\", fillcolor=\"#f4f1e8\", "
                     "color=\"#8a7f63\", fontname=\"Helvetica\", fontsize=10];\n");
        fprintf(out, "\tedge [color=\"#5b5340\", arrowsize=0.7];\n");
}

void dot_zones(FILE *out, const struct machine *machine)
{
        const struct topology *topo = &machine->topo;

        dot_header(out, "zones");
        for (int nid = 0; nid < topo->nr_nodes; nid++) {
                fprintf(out, "\tsubgraph cluster_node%d {\n\t\tlabel=\"node %d: %d CPUs\";\n",
                        nid, nid, topo->node_data[nid].nr_cpus);
                for (int z = topo->nr_zone_types - 1; z >= 0; z--)
                        {
                                const struct zone *zone = &topo->node_data[nid].node_zones[z];
                                if (!populated_zone(zone)) {
                                        fprintf(out, "\t\tz%d_%d [label=\"%s: empty\", style=\"rounded,dashed\"];\n", nid, z, zone->name);
                                        continue;
                                }
                                fprintf(out, "\t\tz%d_%d [label=\"%s  pfn %#lx-%#lx\\n"
                                             "spanned %lu  present %lu  managed %lu\\n"
                                             "min %lu  low %lu  high %lu  promo %lu\"];\n",
                                        nid, z, zone->name, zone->zone_start_pfn, zone->zone_start_pfn + zone->spanned_pages - 1,
                                        zone->spanned_pages, zone->present_pages, zone->managed_pages,
                                        zone->_watermark[WMARK_MIN], zone->_watermark[WMARK_LOW],
                                        zone->_watermark[WMARK_HIGH], zone->_watermark[WMARK_PROMO]);
                        }
                fprintf(out, "\t}\n");
        }
        fprintf(out, "}\n");
}
void dot_zonelist(FILE *out, const struct machine *machine)
{
        const struct topology *topo = &machine->topo;

        dot_header(out, "zonelist");
        fprintf(out, "\trankdir=LR;\n");
        for (int nid = 0; nid < topo->nr_nodes; nid++) {
                const struct zoneref *ref = topo->node_data[nid].node_zonelists[ZONELIST_FALLBACK]._zonerefs;
                fprintf(out, "\tstart%d [label=\"request on node %d\", shape=plaintext, style=\"\"];\n", nid, nid);
                fprintf(out, "\tstart%d", nid);
                for (int i = 0; ref[i].zone; i++)
                        fprintf(out, " -> l%d_%d", nid, i);
                fprintf(out, ";\n");
                for (int i = 0; ref[i].zone; i++)
                        fprintf(out, "\tl%d_%d [label=\"node %d\\n%s\"%s];\n", nid, i,
                                ref[i].zone->zone_pgdat->node_id, ref[i].zone->name,
                                ref[i].zone->zone_pgdat->node_id == nid ? "" : ", fillcolor=\"#e3ecf7\"");
        }
        fprintf(out, "}\n");
}
void dot_buddy(FILE *out, const struct machine *machine)
{
        static const char *const colours[MIGRATE_TYPES] = {
                "#f4d6cc", "#e3f2e1", "#e3ecf7", "#fbeed2", "#eeeeee", "#dddddd" };
        const pg_data_t *pgdat = &machine->topo.node_data[0];
        const struct zone *zone = &pgdat->node_zones[ZONE_NORMAL];

        for (int z = ZONE_NORMAL; z >= 0 && !populated_zone(zone); z--)
                zone = &pgdat->node_zones[z];
        dot_header(out, "buddy");
        fprintf(out, "\trankdir=LR;\n\tlabel=\"free lists of node 0, zone %s\";\n", zone->name);
        for (int order = MAX_PAGE_ORDER; order >= 0; order--)
                {
                        const struct free_area *area = &zone->free_area[order];
                        int shown = 0;
                        fprintf(out, "\to%d [label=\"order %d: %lu\", shape=plaintext, style=\"\"];\n", order, order, area->nr_free);
                        fprintf(out, "\to%d", order);
                        for (int type = 0; type < MIGRATE_TYPES; type++)
                                for (const struct list_head *link = area->free_list[type].next;
                                     link != &area->free_list[type] && shown < 6; link = link->next, shown++)
                                        fprintf(out, " -> b%d_%d", order, shown);
                        fprintf(out, "%s;\n", area->nr_free > 6 ? " -> more" : "");
                        shown = 0;
                        for (int type = 0; type < MIGRATE_TYPES; type++)
                                for (const struct list_head *link = area->free_list[type].next;
                                     link != &area->free_list[type] && shown < 6; link = link->next, shown++)
                                        fprintf(out, "\tb%d_%d [label=\"%#lx\\n%s\", fillcolor=\"%s\"];\n", order, shown,
                                                page_to_pfn(zone->map, list_entry(link, struct page, lru)),
                                                migratetype_names[type], colours[type]);
                        if (area->nr_free > 6)
                                fprintf(out, "\tmore [label=\"...\", shape=plaintext];\n");
                }
        fprintf(out, "}\n");
}
