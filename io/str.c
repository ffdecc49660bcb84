#include <math.h>
#include <stdio.h>
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

char *dmv_format_duration(char *buf, size_t n, double seconds)
{
    double r;
    long t, d, h, m, sec;
    if (buf == NULL || n == 0)
        return buf;
    if (!(seconds >= 0) || !isfinite(seconds) || seconds > 1e15) {
        snprintf(buf, n, "?");
        return buf;
    }
    r = floor(seconds + 0.5);
    t = (long) r;
    d = t / 86400, h = (t / 3600) % 24, m = (t / 60) % 60, sec = t % 60;
    if (t < 60)
        snprintf(buf, n, "%ld s", sec);
    else if (t < 3600)
        snprintf(buf, n, sec ? "%ld min %ld s" : "%ld min", m, sec);
    else if (t < 86400)
        snprintf(buf, n, m ? "%ld h %ld min" : "%ld h", h, m);
    else
        snprintf(buf, n, h ? "%ld d %ld h" : "%ld d", d, h);
    return buf;
}
