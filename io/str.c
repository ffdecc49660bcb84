#include <stdlib.h>
#include <string.h>

#include "dmv/str.h"

char *dmv_strdup(const char *s)
{
    size_t n;
    char *r;
    if (s == NULL)
        return NULL;
    n = strlen(s) + 1;
    r = malloc(n);
    if (r != NULL)
        memcpy(r, s, n);
    return r;
}
