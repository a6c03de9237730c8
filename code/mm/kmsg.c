/* kmsg.c: the model machine's kernel log.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "kmsg.h"

#include <stdarg.h>
#include <string.h>

void kmsg_init(struct kmsg *log, FILE *echo)
{
        log->len = 0;
        log->dropped = 0;
        log->text[0] = '\0';
        log->echo = echo;
}

void kmsg_clear(struct kmsg *log)
{
        kmsg_init(log, log->echo);
}

bool kmsg_contains(const struct kmsg *log, const char *needle)
{
        return strstr(log->text, needle) != NULL;
}
void printk(struct kmsg *log, const char *fmt, ...)
{
        size_t room = KMSG_SIZE - log->len;
        va_list args;

        va_start(args, fmt);
        int n = vsnprintf(log->text + log->len, room, fmt, args);
        va_end(args);
        if (n < 0)
                return;
        if (log->echo)
                fputs(log->text + log->len, log->echo);
        if ((size_t)n >= room) {
                log->dropped += (size_t)n;
                log->text[log->len] = '\0';
                return;
        }
        log->len += (size_t)n;
}
