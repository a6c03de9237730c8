/* tree_buddy.h: the textbook binary-tree buddy allocator, the benchmark's
 * yardstick (chapter 17).  Generated from the chapters by notangle; edit the
 * chapters, not this file. */
#ifndef LABYRINTH_TREE_BUDDY_H
#define LABYRINTH_TREE_BUDDY_H

#include <stdint.h>

struct tree_buddy {
        unsigned int top_order;  /* the tree covers 2^top_order pages */
        /* node i (the root is 1, its children 2i and 2i+1): 1 + the order of
         * the longest free run below it, 0 when none is free */
        uint8_t *longest;
};

/* 2^top_order pages, all free; top_order at most 30.  -1 when out of memory
 * or top_order is too large. */
int tree_buddy_init(struct tree_buddy *tree, unsigned int top_order);
void tree_buddy_destroy(struct tree_buddy *tree);
/* The first page of a free run of 2^order pages, or -1 when there is none.
 * Unchecked: freeing a block that is not allocated, or with another order. */
long tree_buddy_alloc(struct tree_buddy *tree, unsigned int order);
void tree_buddy_free(struct tree_buddy *tree, unsigned long first,
                     unsigned int order);

#endif
