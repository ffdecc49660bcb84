/* Philox4x32-10 normal noise: a pure function of (seed, sample, step, coordinate).
 * Bit-level definition: docs/schemes.md section 4. Coordinates 2p and 2p+1
 * share one Philox block (counter word 0 = p) and one Box-Muller pair.
 *
 * Box-Muller uses our own log and sincos (below), a fixed sequence of IEEE double
 * additions, multiplications, one division and one sqrt per pair: no libm call, so the
 * variates do not depend on the libm version, and every step is a branch-free loop
 * over a block of pairs that GCC -O3 vectorises (check: -fopt-info-vec). */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <Random123/philox.h>

#include "dmv/fast.h"
#include "noise_internal.h"
#ifdef DMV_FAULT_INJECTION
#include "fast_internal.h"

/* Faults of the noise generator (test builds only, fast/fault.c), read once per process:
 *  noise_dup=A:B    coordinate B returns the variate of coordinate A (same seed, sample, step);
 *  noise_uniform=1  each variate z replaced by sqrt(3) erf(z / sqrt(2)), uniform on
 *                   [-sqrt(3), sqrt(3)]: mean 0 and variance 1 as N(0, 1), the wrong shape. */
static pthread_once_t fault_once = PTHREAD_ONCE_INIT;
static int fault_has_dup, fault_uni;
static uint32_t fault_from, fault_to;

static void fault_read(void)
{
    double b, a = dmv_fast_fault("noise_dup", &b);
    if (!isnan(a) && !isnan(b) && a >= 0 && b >= 0 && a < 4294967296.0 && b < 4294967296.0) {
        fault_has_dup = 1;
        fault_from = (uint32_t) a;
        fault_to = (uint32_t) b;
    }
    fault_uni = dmv_fast_fault("noise_uniform", NULL) == 1.0;
}

static int fault_dup(uint32_t *from, uint32_t *to)
{
    pthread_once(&fault_once, fault_read);
    *from = fault_from;
    *to = fault_to;
    return fault_has_dup;
}

static double fault_uniform(double z)
{
    pthread_once(&fault_once, fault_read);
    return fault_uni ? sqrt(3.0) * erf(z / sqrt(2.0)) : z;
}
#endif

#define DMV_NOISE_SUFFIX base
#include "noise_kernel.h"

/* ---- the variant chosen at run time (docs/schemes.md s.4: every variant gives the same bits) ---- */

typedef void (*noise_vec_fn)(uint64_t, uint64_t, uint32_t, long, double *);

typedef struct {
    const char *name;
    noise_vec_fn fn;
} noise_variant;

static const noise_variant variants[] = {
    {"baseline", dmv_fast_noise_vec_base},
#ifdef DMV_NOISE_X86_VARIANTS
    {"avx2", dmv_fast_noise_vec_avx2},
    {"avx512", dmv_fast_noise_vec_avx512},
#endif
};
#define NVARIANTS ((int) (sizeof variants / sizeof variants[0]))

/* 1 if this CPU (and OS) runs variant i */
static int variant_supported(int i)
{
#ifdef DMV_NOISE_X86_VARIANTS
    __builtin_cpu_init();
    if (strcmp(variants[i].name, "avx2") == 0)
        return __builtin_cpu_supports("avx2");
    if (strcmp(variants[i].name, "avx512") == 0)
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx2");
#endif
    return i == 0;
}

static pthread_once_t variant_once = PTHREAD_ONCE_INIT;
static _Atomic int variant_cur = -1;

/* the best supported variant, or the one named by DMV_NOISE_VARIANT if supported */
static void variant_pick(void)
{
    const char *env = getenv("DMV_NOISE_VARIANT");
    int i, best = 0;
    for (i = 0; i < NVARIANTS; i++)
        if (variant_supported(i))
            best = i;
    if (env != NULL)
        for (i = 0; i < NVARIANTS; i++)
            if (strcmp(env, variants[i].name) == 0 && variant_supported(i))
                best = i;
    if (atomic_load(&variant_cur) < 0)
        atomic_store(&variant_cur, best);
}

static int variant_index(void)
{
    pthread_once(&variant_once, variant_pick);
    return atomic_load(&variant_cur);
}

const char *dmv_fast_noise_variant(void)
{
    return variants[variant_index()].name;
}

int dmv_fast_noise_set_variant(const char *name)
{
    int i;
    variant_index();
    for (i = 0; i < NVARIANTS; i++)
        if (strcmp(name, variants[i].name) == 0) {
            if (!variant_supported(i))
                return DMV_EINVAL;
            atomic_store(&variant_cur, i);
            return DMV_OK;
        }
    return DMV_EINVAL;
}

const char *dmv_fast_noise_variant_name(int i)
{
    return i >= 0 && i < NVARIANTS ? variants[i].name : NULL;
}

int dmv_fast_noise_variant_supported(const char *name)
{
    int i;
    for (i = 0; i < NVARIANTS; i++)
        if (strcmp(name, variants[i].name) == 0)
            return variant_supported(i);
    return 0;
}

void dmv_fast_noise_box_muller(long np, const uint64_t *a, const uint64_t *b, double *z0, double *z1)
{
    long p0;
    for (p0 = 0; p0 < np; p0 += PAIRS)
        box_muller(np - p0 < PAIRS ? np - p0 : PAIRS, a + p0, b + p0, z0 + p0, z1 + p0);
}

/* Counter word 1 of stream `stream` at `step` (docs/schemes.md s.4): step | stream << 24,
 * stream 0 = the step itself. */
static int stream_word(uint32_t step, uint32_t stream, uint32_t *w1)
{
    if (stream >= DMV_FAST_NOISE_STREAMS || (stream > 0 && step >= DMV_FAST_NOISE_STREAM_STEPS))
        return 0;
    *w1 = step | (stream << 24);
    return 1;
}

double dmv_fast_noise_stream(uint64_t seed, uint64_t sample, uint32_t step, uint32_t stream, uint32_t coord)
{
    uint32_t w1;
    if (!stream_word(step, stream, &w1))
        return NAN;
    return dmv_fast_noise(seed, sample, w1, coord);
}

void dmv_fast_noise_stream_vec(uint64_t seed, uint64_t sample, uint32_t step, uint32_t stream, long d,
                               double *out)
{
    uint32_t w1;
    long j;
    if (!stream_word(step, stream, &w1)) {
        for (j = 0; j < d; j++)
            out[j] = NAN;
        return;
    }
    dmv_fast_noise_vec(seed, sample, w1, d, out);
}

double dmv_fast_noise(uint64_t seed, uint64_t sample, uint32_t step, uint32_t coord)
{
#ifdef DMV_FAULT_INJECTION
    uint32_t from, to;
    if (fault_dup(&from, &to) && coord == to)
        coord = from;
#endif
    philox4x32_ctr_t ctr = {{coord >> 1, step, (uint32_t) sample, (uint32_t) (sample >> 32)}};
    philox4x32_key_t key = {{(uint32_t) seed, (uint32_t) (seed >> 32)}};
    philox4x32_ctr_t r = philox4x32_R(10, ctr, key);
    uint64_t a = (((uint64_t) r.v[0] << 32) | r.v[1]) >> 11;
    uint64_t b = (((uint64_t) r.v[2] << 32) | r.v[3]) >> 11;
    double c, s;
    box_muller(1, &a, &b, &c, &s);
#ifdef DMV_FAULT_INJECTION
    return fault_uniform((coord & 1u) ? s : c);
#else
    return (coord & 1u) ? s : c;
#endif
}

void dmv_fast_noise_vec(uint64_t seed, uint64_t sample, uint32_t step, long d, double *out)
{
    variants[variant_index()].fn(seed, sample, step, d, out);
#ifdef DMV_FAULT_INJECTION
    {
        uint32_t from, to;
        long j;
        if (fault_dup(&from, &to) && (long) from < d && (long) to < d)
            out[to] = out[from];
        for (j = 0; j < d; j++)
            out[j] = fault_uniform(out[j]);
    }
#endif
}
