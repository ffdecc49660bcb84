/* Claim-id globs: '*' any run, '?' one character, '[...]' a set (with ranges and '!').
 * Written here rather than using POSIX fnmatch() because the build is strict C11
 * and ids are plain ASCII. */
#include "dmv/claim.h"

static int match_set(const char **pp, char c)
{
    const char *p = *pp + 1;
    int neg = 0, ok = 0;
    if (*p == '!' || *p == '^') {
        neg = 1;
        p++;
    }
    do {
        if (*p == '\0')
            return -1; /* unterminated: treat '[' literally */
        if (p[1] == '-' && p[2] != ']' && p[2] != '\0') {
            if (c >= p[0] && c <= p[2])
                ok = 1;
            p += 3;
        } else {
            if (c == *p)
                ok = 1;
            p++;
        }
    } while (*p != ']');
    *pp = p + 1;
    return ok != neg;
}

int dmv_claim_match(const char *pattern, const char *id)
{
    const char *p = pattern, *s = id;
    const char *star_p = NULL, *star_s = NULL;
    while (*s != '\0') {
        if (*p == '*') {
            star_p = ++p;
            star_s = s;
            continue;
        }
        if (*p == '[') {
            const char *q = p;
            int m = match_set(&q, *s);
            if (m == 1) {
                p = q;
                s++;
                continue;
            }
            if (m == -1 && *s == '[') {
                p++;
                s++;
                continue;
            }
        } else if (*p != '\0' && (*p == '?' || *p == *s)) {
            p++;
            s++;
            continue;
        }
        if (star_p == NULL)
            return 0;
        p = star_p;
        s = ++star_s;
    }
    while (*p == '*')
        p++;
    return *p == '\0';
}
