/* Fault injection, compiled only into the test-only binary dmverify-fault
 * (CMake defines DMV_FAULT_INJECTION for it): tests plant a known error in the
 * fast sampler and show that the claims and the gate catch it. The production
 * library contains none of this. The faults are read from the environment
 * variable DMV_FAULT = "name=value[,name=value...]":
 *   em_noise_var=F   Euler-Maruyama's noise variance multiplied by F
 *   ei_gamma=F       the exponential integrator's score coefficient multiplied by F
 *   out_var=J:R      the output coordinate J scaled so that its variance is (1 + R) times larger
 *   karras_point=K:R interior point K of a karras grid multiplied by 1 + R (fast/grid.c)
 *   cosine_alpha=F   alpha(s) of the VP-cosine process multiplied by F (fast/process.c)
 *   init_var=F       the start variance of the p_T and Gaussian starts multiplied by F (fast/init.c)
 *   generic_denoise=F the denoiser output on the generic (non-fused) path of EM, EI, DDPM and Euler
 *                    multiplied by F (fast/scheme.c)
 *   thread_index=1   worker thread 1 computes each of its batches from sample index + 1 (fast/sample.c)
 *   philox_key_inc=D the Philox round constant 0x9E3779B9 (key increment of word 0) plus D (fast/noise.c)
 *   bm_angle=F       the Box-Muller angle 2 pi u2 shifted by (pi/2) F (fast/noise.c)
 *                    (tests/theorems/e2e-fault-path.sh shows each caught by a claim of the default suite)
 *   result_alloc=K   the K-th evidence builder call of the process (dmv_result_*, dmv_plot_add_series)
 *                    fails as if memory ran out (read by theorems/result.c, not here)
 *   noise_dup=A:B    the noise generator returns coordinate A's variate for coordinate B too (every
 *                    seed, sample and step; fast/noise.c)
 *   noise_uniform=1  every variate z of the noise generator replaced by sqrt(3) erf(z/sqrt(2)):
 *                    uniform with mean 0 and variance 1 (the right moments, the wrong shape)
 *   mixture_coef=R   the Gaussian-mixture denoiser's shrink coefficient of component 0, coordinate 0,
 *                    times 1 + R (fast/model_mixture.c)
 *   umix_far=R       the uniform-box denoiser's G = 1 - x M(x) times 1 + R where the point is far
 *                    outside the box (the continued-fraction branch, x >= 2.5; fast/model_umix.c)
 *   empirical_softmax=R  the empirical denoiser's softmax weight of training point 0 times 1 + R
 *                    (fast/model_empirical.c)
 *   guided_w=D       the guided denoiser uses w + D instead of w (D = 1: "w used as w + 1";
 *                    fast/model_guided.c; tests/theorems/e2e-fault-gd.sh)
 *   kdiff_coef=R     the last coefficient of every k-diffusion / EDM step (dt, k-dpmpp-2m's expm1(-h),
 *                    k-lms's weight of d_k) times 1 + R (fast/kdiff.c)
 *   bo_ddnm_no_sy=1  BO-DDNM's denominator sigma^2 + alpha_bar sigma_y^2 without the alpha_bar sigma_y^2
 *                    term (fast/model_linear_inverse.c; tests/theorems/e2e-fault-lm.sh)
 *   empirical_temp=F  the empirical softmax temperature 2 sigma^2 = 2(1 - abar) times F (F = 0.5: replaced by
 *                    1 - abar; fast/empirical_internal.h, every empirical path; tests/theorems/e2e-fault-ym.sh) */
#ifdef DMV_FAULT_INJECTION

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fast_internal.h"

double dmv_fast_fault(const char *name, double *second)
{
    const char *env = getenv("DMV_FAULT"), *p;
    size_t n = strlen(name);
    if (env == NULL)
        return NAN;
    for (p = env; p != NULL && *p != '\0'; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
        if (strncmp(p, name, n) == 0 && p[n] == '=') {
            char *end;
            double v = strtod(p + n + 1, &end);
            if (second != NULL)
                *second = (*end == ':') ? strtod(end + 1, NULL) : NAN;
            return v;
        }
    }
    return NAN;
}

#else
/* ISO C needs one declaration in a translation unit. */
typedef int dmv_fast_fault_unused;
#endif
