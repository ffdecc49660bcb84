/* The element-wise step kernels of fast/scheme.c (docs/schemes.md s.5), included once per
 * instruction set, as fast/noise_kernel.h is: fast/scheme.c (baseline: SSE2 on x86-64, whatever
 * the compiler targets elsewhere), fast/scheme_avx2.c and fast/scheme_avx512.c (x86-64 with GCC or
 * Clang only, compiled with -mavx2 resp. -mavx512f... by CMakeLists.txt). Define DMV_STEP_SUFFIX
 * before including. Plain C11: the same IEEE operations in the same order for every element, no
 * contraction (-ffp-contract=off), no reassociation; the compiler only chooses the vector width, so
 * every copy gives the same bits (tests/fast/t-noise-variants.c compares the sample hashes). The
 * copy used follows the noise variant (one selection: dmv_fast_noise_variant, fast/noise.c).
 * Not a public header. */
#ifndef DMV_STEP_SUFFIX
#error "define DMV_STEP_SUFFIX before including scheme_kernel.h"
#endif

#ifndef DMV_SCHEME_KERNEL_TYPES
#define DMV_SCHEME_KERNEL_TYPES
/* One copy of the kernels (arguments: see the baseline definitions below). */
typedef struct {
    void (*velocity)(long ne, double *restrict out, const double *restrict x, const double *restrict D, double a,
                     double f, double hg, double isg2);
    void (*em)(int mode, long d, double *restrict y, const double *restrict D, const double *restrict c,
               const double *restrict mu, const double *restrict z, double a, double isg2, double h, double f,
               double g2, double q);
    void (*ei)(int mode, long d, double *restrict y, const double *restrict D, const double *restrict c,
               const double *restrict mu, const double *restrict z, double a, double isg2, double rr, double gamma,
               double q);
    void (*ddpm)(int mode, long d, double *restrict y, const double *restrict D, const double *restrict c,
                 const double *restrict mu, const double *restrict z, double a, double isg2, double b, double icb,
                 double q);
    void (*chain)(int mode, long d, double *restrict y, const double *restrict D, const double *restrict c,
                  const double *restrict mu, const double *restrict z, double a, double isg2, double b, double r,
                  double q);
    void (*euler)(int mode, long d, double *restrict y, const double *restrict D, const double *restrict c,
                  const double *restrict mu, double a, double f, double hg, double isg2, double h);
    void (*ddim)(long d, double *restrict y, const double *restrict D, double a, double isg, double a1, double q);
    void (*ddim_noise)(long d, double *restrict y, const double *restrict D, const double *restrict z, double a,
                       double isg, double a1, double q, double cz);
    void (*affine)(long d, double *restrict y, const double *restrict K, const double *restrict B,
                   const double *restrict z, double cz);
} dmv_fast_step_kernels;

#define DMV_STEP_CAT2(a, b) a##b
#define DMV_STEP_CAT(a, b) DMV_STEP_CAT2(a, b)
#endif

#undef DMV_STEP_FN
#define DMV_STEP_FN(name) DMV_STEP_CAT(name, DMV_STEP_SUFFIX)

/* Every kernel comes in three D sources with the same arithmetic: mode 0 the denoiser's output
 * D[j], mode 1/2 the Gaussian-diagonal denoiser inlined (c[j] y[j], or mu[j] + c[j] (y[j] - a mu[j]),
 * the exact expressions of model_gaussian_diag.c), so the fused path is bit-identical. Divisions by
 * sigma^2 and sigma are multiplications by their reciprocals (one rounding more, well inside the ulp
 * budget of the pathwise check). */
#ifndef DMV_LOOP3
#define DMV_LOOP3(BODY)                                                                           \
    do {                                                                                          \
        long j;                                                                                   \
        if (mode == 0) {                                                                          \
            for (j = 0; j < d; j++) { const double Dj = D[j]; BODY }                              \
        } else if (mode == 1) {                                                                   \
            for (j = 0; j < d; j++) { const double Dj = c[j] * y[j]; BODY }                       \
        } else {                                                                                  \
            for (j = 0; j < d; j++) { const double Dj = mu[j] + c[j] * (y[j] - a * mu[j]); BODY } \
        }                                                                                         \
    } while (0)
#endif

static void DMV_STEP_FN(k_velocity_)(long ne, double *restrict out, const double *restrict x,
                                      const double *restrict D, double a, double f, double hg, double isg2)
{
    long e;
    for (e = 0; e < ne; e++)
        out[e] = -f * x[e] + hg * ((a * D[e] - x[e]) * isg2);
}

static void DMV_STEP_FN(k_em_)(int mode, long d, double *restrict y, const double *restrict D,
                                const double *restrict c, const double *restrict mu, const double *restrict z,
                                double a, double isg2, double h, double f, double g2, double q)
{
    DMV_LOOP3({
        double S = (a * Dj - y[j]) * isg2;
        y[j] = y[j] + h * (-f * y[j] + g2 * S) + q * z[j];
    });
}

static void DMV_STEP_FN(k_ei_)(int mode, long d, double *restrict y, const double *restrict D,
                                const double *restrict c, const double *restrict mu, const double *restrict z,
                                double a, double isg2, double rr, double gamma, double q)
{
    DMV_LOOP3({
        double S = (a * Dj - y[j]) * isg2;
        y[j] = rr * y[j] + gamma * S + q * z[j];
    });
}

static void DMV_STEP_FN(k_ddpm_)(int mode, long d, double *restrict y, const double *restrict D,
                                  const double *restrict c, const double *restrict mu, const double *restrict z,
                                  double a, double isg2, double b, double icb, double q)
{
    DMV_LOOP3({
        double S = (a * Dj - y[j]) * isg2;
        y[j] = (y[j] + b * S) * icb + q * z[j];
    });
}

/* the chain step: y' = r (y + b S) + q z (docs/schemes.md s.5, "DDPM chain") */
static void DMV_STEP_FN(k_chain_)(int mode, long d, double *restrict y, const double *restrict D,
                                   const double *restrict c, const double *restrict mu, const double *restrict z,
                                   double a, double isg2, double b, double r, double q)
{
    DMV_LOOP3({
        double S = (a * Dj - y[j]) * isg2;
        y[j] = r * (y[j] + b * S) + q * z[j];
    });
}

static void DMV_STEP_FN(k_euler_)(int mode, long d, double *restrict y, const double *restrict D,
                                   const double *restrict c, const double *restrict mu, double a, double f,
                                   double hg, double isg2, double h)
{
    DMV_LOOP3({
        double F = -f * y[j] + hg * ((a * Dj - y[j]) * isg2);
        y[j] = y[j] + h * F;
    });
}

static void DMV_STEP_FN(k_ddim_)(long d, double *restrict y, const double *restrict D, double a, double isg,
                                  double a1, double q)
{
    long j;
    for (j = 0; j < d; j++) {
        double e = (y[j] - a * D[j]) * isg;
        y[j] = a1 * D[j] + q * e;
    }
}

static void DMV_STEP_FN(k_ddim_noise_)(long d, double *restrict y, const double *restrict D,
                                        const double *restrict z, double a, double isg, double a1, double q,
                                        double cz)
{
    long j;
    for (j = 0; j < d; j++) {
        double e = (y[j] - a * D[j]) * isg;
        y[j] = a1 * D[j] + q * e + cz * z[j];
    }
}

/* y = K y (+ B) (+ cz z), per coordinate */
static void DMV_STEP_FN(k_affine_)(long d, double *restrict y, const double *restrict K, const double *restrict B,
                                    const double *restrict z, double cz)
{
    long j;
    if (B == NULL && z == NULL)
        for (j = 0; j < d; j++)
            y[j] = K[j] * y[j];
    else if (z == NULL)
        for (j = 0; j < d; j++)
            y[j] = K[j] * y[j] + B[j];
    else if (B == NULL)
        for (j = 0; j < d; j++)
            y[j] = K[j] * y[j] + cz * z[j];
    else
        for (j = 0; j < d; j++)
            y[j] = K[j] * y[j] + B[j] + cz * z[j];
}

extern const dmv_fast_step_kernels DMV_STEP_FN(dmv_fast_step_kernels_);
const dmv_fast_step_kernels DMV_STEP_FN(dmv_fast_step_kernels_) = {
    DMV_STEP_FN(k_velocity_), DMV_STEP_FN(k_em_),   DMV_STEP_FN(k_ei_),         DMV_STEP_FN(k_ddpm_),
    DMV_STEP_FN(k_chain_),    DMV_STEP_FN(k_euler_), DMV_STEP_FN(k_ddim_),      DMV_STEP_FN(k_ddim_noise_),
    DMV_STEP_FN(k_affine_),
};
