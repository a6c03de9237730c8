/* dot.c: graphviz pictures of the live model.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "dot.h"

static void dot_header(FILE *out, const char *name)
{
        fprintf(out, "digraph %s {\n", name);
        fprintf(out, "\tgraph [fontname=\"Helvetica\", fontsize=11, "
                     "nodesep=0.25, ranksep=0.3];\n");
        fprintf(out,
                "\tnode [shape=box, style=\"rounded,filled\", "
                "fillcolor=\"#f4f1e8\", "
                "color=\"#8a7f63\", fontname=\"Helvetica\", fontsize=10];\n");
        fprintf(out, "\tedge [color=\"#5b5340\", arrowsize=0.7];\n");
}

void dot_zones(FILE *out, const struct machine *machine)
{
        const struct topology *topo = &machine->topo;

        dot_header(out, "zones");
        /* the zones in a column, highest on top */
        fprintf(out, "\trankdir=LR;\n");
        for (int nid = 0; nid < topo->nr_nodes; nid++) {
                fprintf(out,
                        "\tsubgraph cluster_node%d {\n\t\tlabel=\"node %d: %d "
                        "CPUs\";\n",
                        nid, nid, topo->node_data[nid].nr_cpus);
                for (int z = topo->nr_zone_types - 1; z >= 0; z--)
                        {
                                const struct zone *zone = &topo->node_data[nid].node_zones[z];
                                if (!populated_zone(zone)) {
                                        fprintf(out,
                                                "\t\tz%d_%d [label=\"%s: empty\", "
                                                "style=\"rounded,dashed\"];\n",
                                                nid, z, zone->name);
                                        continue;
                                }
                                fprintf(out,
                                        "\t\tz%d_%d [label=\"%s  pfn %#lx-%#lx\\n"
                                        "spanned %lu  present %lu  managed %lu\\n"
                                        "min %lu  low %lu  high %lu  promo %lu\"];\n",
                                        nid, z, zone->name, zone->zone_start_pfn,
                                        zone->zone_start_pfn + zone->spanned_pages - 1,
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
                const struct zoneref *ref =
                        topo->node_data[nid]
                                .node_zonelists[ZONELIST_FALLBACK]
                                ._zonerefs;
                fprintf(out,
                        "\tstart%d [label=\"request on node %d\", "
                        "shape=plaintext, style=\"\"];\n",
                        nid, nid);
                fprintf(out, "\tstart%d", nid);
                for (int i = 0; ref[i].zone; i++)
                        fprintf(out, " -> l%d_%d", nid, i);
                fprintf(out, ";\n");
                for (int i = 0; ref[i].zone; i++)
                        fprintf(out, "\tl%d_%d [label=\"node %d\\n%s\"%s];\n",
                                nid, i, ref[i].zone->zone_pgdat->node_id,
                                ref[i].zone->name,
                                ref[i].zone->zone_pgdat->node_id == nid
                                        ? ""
                                        : ", fillcolor=\"#e3ecf7\"");
        }
        fprintf(out, "}\n");
}
void dot_memmap(FILE *out, const struct machine *machine)
{
        const struct machine_config *config = &machine->config;
        unsigned long previous_end = 0;

        dot_header(out, "memmap");
        fprintf(out, "\trankdir=LR;\n\tnode [width=2.4];\n");
        fprintf(out,
                "\tmap [label=\"mem_map: %lu struct page of 64 bytes\\n(%lu "
                "KiB), one per pfn, holes included\", "
                "fillcolor=\"#e3ecf7\"];\n",
                machine->map.end_pfn, machine->map.end_pfn * 64 / 1024);
        for (int r = 0; r < config->nr_ranges; r++) {
                const struct memory_range *range = &config->ranges[r];
                if (range->start_pfn > previous_end)
                        fprintf(out,
                                "\thole%d [label=\"hole: pfn %#lx-%#lx\", "
                                "style=\"rounded,dashed\"];\n",
                                r, previous_end, range->start_pfn - 1);
                fprintf(out,
                        "\tram%d [label=\"RAM, node %d: pfn %#lx-%#lx\\n%lu "
                        "pages\"];\n",
                        r, range->nid, range->start_pfn, range->end_pfn - 1,
                        range->end_pfn - range->start_pfn);
                fprintf(out, "\tmap -> ram%d [arrowhead=none, style=dotted];\n",
                        r);
                if (range->start_pfn > previous_end)
                        fprintf(out,
                                "\tmap -> hole%d [arrowhead=none, "
                                "style=dotted];\n",
                                r);
                previous_end = range->end_pfn;
        }
        fprintf(out, "}\n");
}
void dot_gfp(FILE *out, const struct machine *machine)
{
        static const struct { const char *name; gfp_t mask; } masks[] = {
                { "GFP_ATOMIC", GFP_ATOMIC }, { "GFP_KERNEL", GFP_KERNEL } };
        (void)machine;
        dot_header(out, "gfp");
        fprintf(out, "\trankdir=LR;\n");
        for (int m = 0; m < 2; m++) {
                fprintf(out,
                        "\tmask%d [label=\"%s = %#x\", "
                        "fillcolor=\"#e3ecf7\"];\n",
                        m, masks[m].name, masks[m].mask);
                for (int bit = 0; bit < ___GFP_LAST_BIT; bit++) {
                        if (!(masks[m].mask & (1u << bit)))
                                continue;
                        char name[64];
                        gfp_format_with(gfp_names + GFP_FIRST_SINGLE_BIT_NAME,
                                        1u << bit, name, sizeof(name));
                        fprintf(out,
                                "\tbit%d_%d [label=\"bit %d: %s\"];\n\tmask%d "
                                "-> bit%d_%d;\n",
                                m, bit, bit, name, m, m, bit);
                }
        }
        fprintf(out, "}\n");
}
void dot_buddy(FILE *out, const struct machine *machine)
{
        static const char *const colours[MIGRATE_TYPES] = {
                "#f4d6cc", "#e3f2e1", "#e3ecf7", "#fbeed2", "#eeeeee", "#dddddd"
        };
        const pg_data_t *pgdat = &machine->topo.node_data[0];
        const struct zone *zone = &pgdat->node_zones[ZONE_NORMAL];

        for (int z = ZONE_NORMAL; z >= 0 && !populated_zone(zone); z--)
                zone = &pgdat->node_zones[z];
        dot_header(out, "buddy");
        fprintf(out,
                "\trankdir=LR;\n\tnodesep=0.06;\n\tlabel=\"free lists of node "
                "0, zone %s\";\n",
                zone->name);
        for (int order = MAX_PAGE_ORDER; order >= 0; order--)
                {
                        const struct free_area *area = &zone->free_area[order];
                        int shown = 0;
                        fprintf(out,
                                "\to%d [label=\"order %d: %lu\", shape=plaintext, "
                                "style=\"\"];\n",
                                order, order, area->nr_free);
                        fprintf(out, "\to%d", order);
                        for (int type = 0; type < MIGRATE_TYPES; type++)
                                for (const struct list_head *link = area->free_list[type].next;
                                     link != &area->free_list[type] && shown < 6;
                                     link = link->next, shown++)
                                        fprintf(out, " -> b%d_%d", order, shown);
                        fprintf(out, "%s;\n", area->nr_free > 6 ? " -> more" : "");
                        shown = 0;
                        for (int type = 0; type < MIGRATE_TYPES; type++)
                                for (const struct list_head *link = area->free_list[type].next;
                                     link != &area->free_list[type] && shown < 6;
                                     link = link->next, shown++)
                                        fprintf(out,
                                                "\tb%d_%d [label=\"%#lx\\n%s\", "
                                                "fillcolor=\"%s\"];\n",
                                                order, shown,
                                                page_to_pfn(zone->map,
                                                            list_entry(link, struct page, lru)),
                                                migratetype_names[type], colours[type]);
                        if (area->nr_free > 6)
                                fprintf(out, "\tmore [label=\"...\", shape=plaintext];\n");
                }
        fprintf(out, "}\n");
}
