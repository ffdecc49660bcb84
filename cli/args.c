#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

int dmv_cli_parse_long(long *out, const char *opt, const char *s, long min, long max)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
        fprintf(stderr, "dmverify: %s '%s': expected an integer in [%ld, %ld]\n", opt, s, min, max);
        return -1;
    }
    *out = v;
    return 0;
}

int dmv_cli_parse_u64(uint64_t *out, const char *opt, const char *s)
{
    char *end;
    unsigned long long v;
    errno = 0;
    if (s[0] == '-' || s[0] == '\0') {
        fprintf(stderr, "dmverify: %s '%s': expected a non-negative integer\n", opt, s);
        return -1;
    }
    v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0') {
        fprintf(stderr, "dmverify: %s '%s': expected a non-negative integer below 2^64\n", opt, s);
        return -1;
    }
    *out = (uint64_t) v;
    return 0;
}

int dmv_cli_parse_double(double *out, const char *opt, const char *s)
{
    char *end;
    double v;
    errno = 0;
    v = strtod(s, &end);
    if (errno == ERANGE || end == s || *end != '\0' || !isfinite(v)) {
        fprintf(stderr, "dmverify: %s '%s': expected a finite number\n", opt, s);
        return -1;
    }
    *out = v;
    return 0;
}

int dmv_cli_option(const char *opt, int argc, char **argv, int *i, const char **val)
{
    size_t n = strlen(opt);
    const char *a = argv[*i];
    if (strncmp(a, opt, n) != 0)
        return 0;
    if (a[n] == '=') {
        *val = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "dmverify: %s: missing value\n", opt);
        return -1;
    }
    *val = argv[++*i];
    return 1;
}
