/* gfp_parse.c: a gfp mask from its text.
 * Generated from the chapters by notangle; edit the chapters, not this file. */
#include "gfp_parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool gfp_parse_part(const char *part, size_t len, gfp_t *flags)
{
        char *end;

        for (const struct gfp_name *entry = gfp_names; entry->name; entry++)
                if (strlen(entry->name) == len &&
                    strncmp(entry->name, part, len) == 0) {
                        *flags |= entry->mask;
                        return true;
                }
        if (len == 0 || part[0] < '0' || part[0] > '9' ||
            (part[0] == '0' && len > 1 && isdigit((unsigned char)part[1])))
                /* 0777 is octal to strtoul: hex or decimal only */
                return false;
        errno = 0;
        unsigned long value = strtoul(part, &end, 0);
        if (errno != 0 || end != part + len || value > 0xffffffffUL)
                return false;
        *flags |= (gfp_t)value;
        return true;
}

int gfp_parse(const char *text, gfp_t *flags, char *error, size_t error_size)
{
        gfp_t value = 0;
        const char *part = text;

        for (;;) {
                size_t len = strcspn(part, "|");
                const char *start = part;
                size_t trimmed = len;
                while (trimmed > 0 && *start == ' ')
                        start++, trimmed--;
                while (trimmed > 0 && start[trimmed - 1] == ' ')
                        trimmed--;
                if (!gfp_parse_part(start, trimmed, &value)) {
                        char shown[64];
                        size_t n = 0;
                        for (; n < trimmed && n < sizeof(shown) - 1; n++)
                                shown[n] = (unsigned char)start[n] < ' ' ||
                                                           start[n] == 0x7f
                                                   ? '?'
                                                   : start[n];
                        shown[n] = '\0';
                        snprintf(error, error_size,
                                 "'%s%s' is not a gfp flag name or a number",
                                 shown, n < trimmed ? "..." : "");
                        return -EINVAL;
                }
                if (part[len] == '\0')
                        break;
                part += len + 1;
        }
        *flags = value;
        return 0;
}
