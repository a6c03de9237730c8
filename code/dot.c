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
