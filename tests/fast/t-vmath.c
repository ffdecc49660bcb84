/* fast/vmath.h: the vectorisable exp (dmv_fast_exp_kernel, dmv_fast_vexp) against an MPFR oracle
 * (exp at 160 bits, rounded to nearest double): the largest error in ulps of the correctly rounded
 * result over random inputs (uniform on the normal range, log-uniform small magnitudes, the umix
 * narrow regime's [-2, 2]) and edge inputs (0, +-tiny, the reduction's boundaries +-ln2/2, the
 * overflow and underflow thresholds, subnormal results, +-inf, NaN). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <mpfr.h>

#include "../../fast/vmath.h"
#include "dmv_test.h"

static double oracle(double x, mpfr_t t)
{
    mpfr_set_d(t, x, MPFR_RNDN);
    mpfr_exp(t, t, MPFR_RNDN);
    return mpfr_get_d(t, MPFR_RNDN);
}

/* |y - ref| in ulps of ref (ulp of the smallest normal for subnormal results) */
static double ulps(double y, double ref)
{
    double u;
    if (isnan(ref))
        return isnan(y) ? 0 : INFINITY;
    if (isinf(ref) || ref == 0)
        return y == ref ? 0 : INFINITY;
    u = fabs(ref) < DBL_MIN ? 0x1p-1074 : nextafter(fabs(ref), INFINITY) - fabs(ref);
    return fabs(y - ref) / u;
}

int main(void)
{
    dmv_test_rng rng = {20261207};
    enum { NR = 200000 };
    static double x[NR], y[NR];
    static const double edge[] = {0.0, -0.0, 1e-300, -1e-300, 0x1p-1074, 5e-324, 1e-17, -1e-17,
                                  0.34657359027997264, -0.34657359027997264, 0.34657359027997265,
                                  -0.34657359027997265, 1.0397207708399179, -1.0397207708399179,
                                  708.0, 709.0, 709.78, 709.782712893384, 709.7827128933841, 710.0, 1000.0,
                                  -708.0, -708.3964185322641, -708.4, -720.0, -744.4, -745.1332191019411,
                                  -745.2, -746.0, -1e4, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5};
    mpfr_t t;
    long i, n, nedge = (long) (sizeof edge / sizeof edge[0]);
    double worst_k = 0, worst_v = 0, worst_sub = 0, wx_k = 0, wx_v = 0;
    mpfr_init2(t, 160);
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
    /* the kernel on its range [-708, 709] */
    n = dmv_test_iters(NR) < NR ? dmv_test_iters(NR) : NR;
    for (i = 0; i < n; i++) {
        double u = dmv_test_uniform(&rng), v;
        if (i % 3 == 0)
            v = -708.0 + 1417.0 * u;
        else if (i % 3 == 1)
            v = (u < 0.5 ? -1 : 1) * dmv_test_loguniform(&rng, 1e-20, 1.0);
        else
            v = -2.0 + 4.0 * u;
        double e = ulps(dmv_fast_exp_kernel(v), oracle(v, t));
        if (e > worst_k) {
            worst_k = e;
            wx_k = v;
        }
        x[i] = v;
    }
    /* the array function on the same inputs, then everywhere */
    dmv_fast_vexp(n, x, y);
    for (i = 0; i < n; i++) {
        double e = ulps(y[i], oracle(x[i], t));
        if (e > worst_v) {
            worst_v = e;
            wx_v = x[i];
        }
    }
    for (i = 0; i < n; i++)
        x[i] = -760.0 + 1480.0 * dmv_test_uniform(&rng);
    dmv_fast_vexp(n, x, y);
    for (i = 0; i < n; i++) {
        double ref = oracle(x[i], t), e = ulps(y[i], ref);
        if (fabs(ref) >= DBL_MIN || ref == 0) {
            if (e > worst_v) {
                worst_v = e;
                wx_v = x[i];
            }
        } else if (e > worst_sub)
            worst_sub = e;
    }
    for (i = 0; i < nedge; i++) {
        double ref = oracle(edge[i], t), yy, e;
        dmv_fast_vexp(1, &edge[i], &yy);
        e = ulps(yy, ref);
        if (fabs(ref) >= DBL_MIN || ref == 0 || isinf(ref)) {
            DMV_CHECK(e <= 4, "vexp(%.17g) = %.17g, MPFR %.17g: %.3g ulps", edge[i], yy, ref, e);
            if (e > worst_v) {
                worst_v = e;
                wx_v = edge[i];
            }
        } else {
            DMV_CHECK(e <= 1, "vexp(%.17g) = %a, MPFR %a (subnormal): %.3g ulps", edge[i], yy, ref, e);
            worst_sub = fmax(worst_sub, e);
        }
        if (edge[i] >= -708 && edge[i] <= 709)
            worst_k = fmax(worst_k, ulps(dmv_fast_exp_kernel(edge[i]), ref));
    }
    {
        double inf = INFINITY, ninf = -INFINITY, nan_ = NAN, yy;
        dmv_fast_vexp(1, &inf, &yy);
        DMV_CHECK(yy == INFINITY, "vexp(inf) = %g", yy);
        dmv_fast_vexp(1, &ninf, &yy);
        DMV_CHECK(yy == 0, "vexp(-inf) = %g", yy);
        dmv_fast_vexp(1, &nan_, &yy);
        DMV_CHECK(isnan(yy), "vexp(nan) = %g", yy);
    }
    printf("t-vmath: exp kernel on [-708, 709]: max %.3f ulp (at x = %.17g); vexp normal results: max %.3f ulp "
           "(at %.17g); subnormal results: max %.3f ulp of 2^-1074\n",
           worst_k, wx_k, worst_v, wx_v, worst_sub);
    DMV_CHECK(worst_k <= 2.0, "exp kernel: %.3f ulps at x = %.17g (bound 2)", worst_k, wx_k);
    DMV_CHECK(worst_v <= 4.0, "vexp: %.3f ulps at x = %.17g (bound 4)", worst_v, wx_v);
    DMV_CHECK(worst_sub <= 1.0, "vexp subnormal results: %.3f ulps (bound 1)", worst_sub);
    mpfr_clear(t);
    mpfr_free_cache();
    DMV_TEST_DONE("fast/t-vmath");
}
