/* narrate.h: the walk's sentences, from the allocator's walk points.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#ifndef LABYRINTH_NARRATE_H
#define LABYRINTH_NARRATE_H

#include "mm/page_alloc.h"

/* Narrate every allocation on MACHINE into LOG; LOG NULL: stop. */
int walk_narrate(struct machine *machine, struct kmsg *log);

#endif
