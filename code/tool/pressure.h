/* pressure.h: node 0's page cache filled until its zones sit at a watermark.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#ifndef LABYRINTH_PRESSURE_H
#define LABYRINTH_PRESSURE_H

#include "mm/machine.h"

int set_memory_pressure(struct machine *machine, const char *level, gfp_t gfp);

#endif
