#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

int dmv_cli_strtod(double *out, const char *s)
{
    char *end;
    double v;
    if (s == NULL || *s == '\0' || *s == ' ' || *s == '\t')
        return 0;
    errno = 0;
    v = strtod(s, &end);
    if (*end != '\0' || !isfinite(v) || (errno == ERANGE && fabs(v) > 1))
        return 0;
    *out = v;
    return 1;
}

int dmv_cli_strtol(long *out, const char *s)
{
    char *end;
    long v;
    if (s == NULL || *s == '\0' || *s == ' ' || *s == '\t')
        return 0;
    errno = 0;
    v = strtol(s, &end, 10);
    if (*end != '\0' || errno == ERANGE)
        return 0;
    *out = v;
    return 1;
}

int dmv_cli_strtou64(uint64_t *out, const char *s)
{
    char *end;
    unsigned long long v;
    if (s == NULL || *s < '0' || *s > '9')
        return 0;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (*end != '\0' || errno == ERANGE)
        return 0;
    *out = (uint64_t) v;
    return 1;
}

int dmv_cli_parse_list(double **out, long *n, const char *opt, const char *s, dmv_error *err)
{
    long count = 1, k;
    const char *q;
    char *copy, *tok, *rest;
    double *v;
    if (s == NULL || *s == '\0')
        return dmv_error_set(err, DMV_EINVAL, "%s '': needs a comma-separated list of numbers", opt);
    for (q = s; *q; q++)
        count += *q == ',';
    copy = malloc(strlen(s) + 1);
    v = malloc((size_t) count * sizeof *v);
    if (copy == NULL || v == NULL) {
        free(copy);
        free(v);
        return dmv_error_set(err, DMV_ENOMEM, "%s: no memory for %ld values", opt, count);
    }
    strcpy(copy, s);
    tok = copy;
    for (k = 0; k < count; k++) {
        rest = strchr(tok, ',');
        if (rest != NULL)
            *rest = '\0';
        if (!dmv_cli_strtod(&v[k], tok)) {
            int rc = dmv_error_set(err, DMV_EINVAL, "%s '%s': entry %ld '%s' is not a finite number", opt, s,
                                   k + 1, tok);
            free(copy);
            free(v);
            return rc;
        }
        if (rest != NULL)
            tok = rest + 1;
    }
    free(copy);
    free(*out);
    *out = v;
    *n = count;
    return DMV_OK;
}

int dmv_cli_parse_long(long *out, const char *opt, const char *s, long min, long max)
{
    long v;
    if (!dmv_cli_strtol(&v, s) || v < min || v > max) {
        fprintf(stderr, "dmverify: %s '%s': expected an integer in [%ld, %ld]\n", opt, s, min, max);
        return -1;
    }
    *out = v;
    return 0;
}

int dmv_cli_parse_u64(uint64_t *out, const char *opt, const char *s)
{
    if (!dmv_cli_strtou64(out, s)) {
        fprintf(stderr, "dmverify: %s '%s': expected a non-negative integer below 2^64\n", opt, s);
        return -1;
    }
    return 0;
}

int dmv_cli_parse_double(double *out, const char *opt, const char *s)
{
    if (!dmv_cli_strtod(out, s)) {
        fprintf(stderr, "dmverify: %s '%s': expected a finite number\n", opt, s);
        return -1;
    }
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
