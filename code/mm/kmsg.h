/* kmsg.h: the model machine's kernel log.
 * Generated from chapters/01-pages.nw by notangle; edit the chapter, not this
 * file. */
#ifndef LABYRINTH_KMSG_H
#define LABYRINTH_KMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum { KMSG_SIZE = 16384 };

struct kmsg {
        char text[KMSG_SIZE];   /* the newest lines, oldest first */
        size_t len;
        size_t dropped;         /* bytes of older lines overwritten */
        FILE *echo;             /* also write each line here, if not NULL */
};

void kmsg_init(struct kmsg *log, FILE *echo);
void printk(struct kmsg *log, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
bool kmsg_contains(const struct kmsg *log, const char *needle);
void kmsg_clear(struct kmsg *log);

#endif
