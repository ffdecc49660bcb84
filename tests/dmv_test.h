/* Minimal test harness, after FLINT/Arb's tests: random cases, a repetition
 * multiplier from the environment (DMV_TEST_MULTIPLIER, default 1), and a
 * failure that prints the case and exits non-zero. Header-only on purpose:
 * each test is one executable. */
#ifndef DMV_TEST_H
#define DMV_TEST_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/model_spec.h"

static int dmv_test_failures = 0;

/* Iterations scaled by DMV_TEST_MULTIPLIER (at least 1). */
static inline long dmv_test_iters(long base)
{
    const char *s = getenv("DMV_TEST_MULTIPLIER");
    double m = s ? atof(s) : 1.0;
    long n = (long) (base * (m > 0 ? m : 1.0));
    return n < 1 ? 1 : n;
}

/* splitmix64: the tests' own random inputs (independent of fast/'s Philox). */
typedef struct { uint64_t s; } dmv_test_rng;
static inline uint64_t dmv_test_next(dmv_test_rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static inline double dmv_test_uniform(dmv_test_rng *r) /* in [0, 1) */
{
    return (double) (dmv_test_next(r) >> 11) * 0x1.0p-53;
}
/* log-uniform in [lo, hi], lo > 0 */
static inline double dmv_test_loguniform(dmv_test_rng *r, double lo, double hi)
{
    return exp(log(lo) + (log(hi) - log(lo)) * dmv_test_uniform(r));
}

/* A random orthogonal d x d matrix U (row-major, d <= 64): the product of d
 * Householder reflections I - 2 v v^T / |v|^2 with random v. */
static inline void dmv_test_householder(dmv_test_rng *rng, long d, double *U)
{
    long i, j, l, h;
    double v[64], nv, T[64 * 64];
    for (i = 0; i < d * d; i++)
        U[i] = (i % (d + 1) == 0) ? 1.0 : 0.0;
    for (h = 0; h < d; h++) {
        nv = 0;
        for (i = 0; i < d; i++) {
            v[i] = 2 * dmv_test_uniform(rng) - 1;
            nv += v[i] * v[i];
        }
        /* U <- U (I - 2 v v^T / |v|^2) */
        for (i = 0; i < d; i++)
            for (j = 0; j < d; j++) {
                double acc = 0;
                for (l = 0; l < d; l++)
                    acc += U[i * d + l] * v[l];
                T[i * d + j] = U[i * d + j] - 2 * acc * v[j] / nv;
            }
        for (i = 0; i < d * d; i++)
            U[i] = T[i];
    }
}

/* Parses a model spec from a JSON string (source "test", no data folder); prints the parser's
 * message on failure and returns its status. Shared by the model-spec tests. */
static inline int dmv_test_parse_spec(dmv_model_spec *s, const char *json)
{
    dmv_error e;
    int rc;
    dmv_error_init(&e);
    rc = dmv_model_spec_parse(s, json, strlen(json), "test", "", NULL, &e);
    if (rc != DMV_OK)
        fprintf(stderr, "parse: %s\n", e.msg);
    return rc;
}

#define DMV_CHECK(cond, ...)                                                        \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "FAIL %s:%d: %s\n  ", __FILE__, __LINE__, #cond);       \
            fprintf(stderr, __VA_ARGS__);                                           \
            fprintf(stderr, "\n");                                                  \
            dmv_test_failures++;                                                    \
            if (dmv_test_failures > 20) {                                           \
                fprintf(stderr, "too many failures, stopping\n");                   \
                exit(1);                                                            \
            }                                                                       \
        }                                                                           \
    } while (0)

/* Ends main(): prints a summary line and returns the exit status. */
#define DMV_TEST_DONE(name)                                                         \
    do {                                                                            \
        if (dmv_test_failures) {                                                    \
            fprintf(stderr, "%s: %d check(s) FAILED\n", name, dmv_test_failures);   \
            return 1;                                                               \
        }                                                                           \
        printf("%s: PASS\n", name);                                                 \
        return 0;                                                                   \
    } while (0)

#endif
