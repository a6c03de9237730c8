/* dot.h: graphviz pictures of the live model.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#ifndef LABYRINTH_DOT_H
#define LABYRINTH_DOT_H

#include <stdio.h>

#include "mm/machine.h"

void dot_zones(FILE *out, const struct machine *machine);
void dot_zonelist(FILE *out, const struct machine *machine);
void dot_memmap(FILE *out, const struct machine *machine);
void dot_gfp(FILE *out, const struct machine *machine);
void dot_buddy(FILE *out, const struct machine *machine);

#endif
