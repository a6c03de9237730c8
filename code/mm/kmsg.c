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
/* Overwrites the oldest whole lines until a line of LENGTH bytes fits. */
static void kmsg_make_room(struct kmsg *log, size_t length)
{
        size_t cut = 0;

        while (log->len - cut + length >= KMSG_SIZE) {
                const char *newline =
                        memchr(log->text + cut, '\n', log->len - cut);
                /* no whole line left to give: the unfinished one goes too */
                cut = newline ? (size_t)(newline - log->text) + 1 : log->len;
                if (!newline)
                        break;
        }
        memmove(log->text, log->text + cut, log->len - cut);
        log->len -= cut;
        log->dropped += cut;
        log->text[log->len] = '\0';
}
void printk(struct kmsg *log, const char *fmt, ...)
{
        size_t start = log->len;
        va_list args, again;

        va_start(args, fmt);
        va_copy(again, args);
        int n = vsnprintf(log->text + start, KMSG_SIZE - start, fmt, args);
        va_end(args);
        if (n >= 0 && (size_t)n >= KMSG_SIZE - start) {
                size_t length = (size_t)n < KMSG_SIZE - 1 ? (size_t)n
                                                          : KMSG_SIZE - 1;
                log->text[start] = '\0';
                kmsg_make_room(log, length);
                start = log->len;
                vsnprintf(log->text + start, KMSG_SIZE - start, fmt, again);
                if ((size_t)n > length)
                        log->text[KMSG_SIZE - 2] = '\n';
                n = (int)length;
        }
        va_end(again);
        if (n < 0)
                return;
        log->len = start + (size_t)n;
        if (log->echo)
                fputs(log->text + start, log->echo);
}
