/* gfp_parse.h: a gfp mask from its text, names or numbers joined by '|'.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#ifndef LABYRINTH_GFP_PARSE_H
#define LABYRINTH_GFP_PARSE_H

#include <stddef.h>

#include "mm/gfp.h"

int gfp_parse(const char *text, gfp_t *flags, char *error, size_t error_size);

#endif
