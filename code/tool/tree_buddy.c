/* tree_buddy.c: the textbook binary-tree buddy allocator (chapter 17).
 * Generated from the chapters by notangle; edit the chapters, not this
 * file. */
#include "tree_buddy.h"

#include <stdlib.h>

static unsigned int node_depth(unsigned long node)
{
        return 63U - (unsigned int)__builtin_clzl(node);
}

/* the value of a wholly free node */
static uint8_t node_whole(const struct tree_buddy *tree, unsigned long node)
{
        return (uint8_t)(tree->top_order - node_depth(node) + 1);
}

int tree_buddy_init(struct tree_buddy *tree, unsigned int top_order)
{
        if (top_order > 30)
                return -1;
        unsigned long nodes = 2UL << top_order;
        tree->top_order = top_order;
        tree->longest = malloc(nodes);
        if (!tree->longest)
                return -1;
        for (unsigned long node = 1; node < nodes; node++)
                tree->longest[node] = node_whole(tree, node);
        return 0;
}

void tree_buddy_destroy(struct tree_buddy *tree)
{
        free(tree->longest);
        tree->longest = NULL;
}

/* node has just changed; half is the value of a wholly free node at its
 * depth.  An ancestor whose value stays the same leaves those above alone. */
static void update_ancestors(struct tree_buddy *tree, unsigned long node,
                             uint8_t half)
{
        for (; node > 1; half++) {
                node /= 2;
                uint8_t left = tree->longest[2 * node];
                uint8_t right = tree->longest[2 * node + 1];
                uint8_t value = left == half && right == half ? half + 1
                                : left > right ? left : right;

                if (tree->longest[node] == value)
                        return;
                tree->longest[node] = value;
        }
}

long tree_buddy_alloc(struct tree_buddy *tree, unsigned int order)
{
        if (order > tree->top_order || tree->longest[1] < order + 1)
                return -1;
        unsigned long node = 1;
        for (unsigned int depth = 0; depth < tree->top_order - order; depth++)
                node = tree->longest[2 * node] >= order + 1 ? 2 * node
                                                            : 2 * node + 1;
        tree->longest[node] = 0;
        update_ancestors(tree, node, (uint8_t)(order + 1));
        return (long)((node - (1UL << (tree->top_order - order))) << order);
}

void tree_buddy_free(struct tree_buddy *tree, unsigned long first,
                     unsigned int order)
{
        unsigned long row = 1UL << (tree->top_order - order);
        unsigned long node = row + first / (1UL << order);

        tree->longest[node] = (uint8_t)(order + 1);
        update_ancestors(tree, node, (uint8_t)(order + 1));
}
