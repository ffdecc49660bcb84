/* The umix narrow-regime quadrature batched across rows: the baseline copy of
 * fast/umix_narrow_kernel.h, the Gauss-Legendre table, and the choice of the variant at run time
 * (the best the CPU runs; DMV_UMIX_VARIANT=baseline|avx2|avx512 forces one). Every variant gives
 * the same bits (no fma, -ffp-contract=off; tests/fast/t-umix-narrow.c). */
#include <stdlib.h>
#include <string.h>

#include "umix_narrow.h"

const double dmv_fast_gl12s[12] = {0.0092196828766403782, 0.047941371814762601, 0.11504866290284765,
                                   0.20634102285669126,   0.31608425050090994,  0.43738329574426554,
                                   0.5626167042557344,    0.68391574949909006,  0.79365897714330869,
                                   0.88495133709715235,   0.95205862818523745,  0.99078031712335957};
const double dmv_fast_gl12w[12] = {0.023587668193256011, 0.053469662997659442, 0.080039164271673055,
                                   0.10158371336153282,  0.11674626826917732,  0.12457352290670134,
                                   0.12457352290670134,  0.11674626826917732,  0.10158371336153282,
                                   0.080039164271673055, 0.053469662997659442, 0.023587668193256011};

#define DMV_UMIX_SUFFIX baseline
#include "umix_narrow_kernel.h"

typedef void (*narrow_fn)(long, const double *, const double *, double *, double *);

typedef void (*std_fn)(long, double, double, const double *, long, double, double *, double *);

typedef void (*cf_fn)(long, const double *, double *);

typedef struct {
    const char *name;
    narrow_fn fn;
    std_fn sfn;
    cf_fn cfn;
} narrow_variant;

static const narrow_variant variants[] = {
    {"baseline", dmv_fast_umix_narrow_baseline, dmv_fast_umix_std_baseline, dmv_fast_umix_cf_baseline},
#ifdef DMV_UMIX_X86_VARIANTS
    {"avx2", dmv_fast_umix_narrow_avx2, dmv_fast_umix_std_avx2, dmv_fast_umix_cf_avx2},
    {"avx512", dmv_fast_umix_narrow_avx512, dmv_fast_umix_std_avx512, dmv_fast_umix_cf_avx512},
#endif
};
#define NVARIANTS ((int) (sizeof variants / sizeof variants[0]))

static int variant_supported(int i)
{
#ifdef DMV_UMIX_X86_VARIANTS
    __builtin_cpu_init();
    if (strcmp(variants[i].name, "avx2") == 0)
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (strcmp(variants[i].name, "avx512") == 0)
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    return i == 0;
}

/* -1 until first use; then the index of the variant in use. A race between two first uses
 * stores the same value twice (the pick is a pure function of the CPU and the environment). */
static _Atomic int cur = -1;

static int variant_index(void)
{
    int c = cur, i;
    if (c >= 0)
        return c;
    {
        const char *env = getenv("DMV_UMIX_VARIANT");
        c = 0;
        for (i = 0; i < NVARIANTS; i++)
            if (variant_supported(i) && (env == NULL || strcmp(env, variants[i].name) == 0))
                c = i;
    }
    cur = c;
    return c;
}

void dmv_fast_umix_narrow(long n, const double *lo, const double *h, double *J0, double *J1)
{
    variants[variant_index()].fn(n, lo, h, J0, J1);
}

void dmv_fast_umix_std(long n, double alpha, double sigma, const double *x, long xstride, double e, double *q,
                       double *q_l)
{
    variants[variant_index()].sfn(n, alpha, sigma, x, xstride, e, q, q_l);
}

void dmv_fast_umix_cf(long n, const double *x, double *c)
{
    variants[variant_index()].cfn(n, x, c);
}

const char *dmv_fast_umix_narrow_variant(void)
{
    return variants[variant_index()].name;
}

int dmv_fast_umix_narrow_set_variant(const char *name)
{
    int i;
    for (i = 0; i < NVARIANTS; i++)
        if (name != NULL && strcmp(name, variants[i].name) == 0 && variant_supported(i)) {
            cur = i;
            return 0;
        }
    return -1;
}
