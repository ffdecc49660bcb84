/* The certified entropy of a 1-D equal-weight Gaussian mixture (reference/empirical_entropy.c):
 *  1. n = 1: h = 1/2 ln(2 pi e v) (closed form, MPFR);
 *  2. n = 2, 3 random means, v from 1e-6 to 1: an MPFR trapezoid oracle of -int q ln q on a grid of
 *     step sqrt(v)/8 over [min - 15 s, max + 15 s] (spectrally accurate for sums of Gaussians of standard
 *     deviation 8 steps: error far below 1e-20);
 *  3. well-separated means: h -> 1/2 ln(2 pi e v) + ln n (the upper bound, within e^-100).
 * The ball must contain the oracle (plus 1e-20 for the trapezoid) and be narrower than 1e-12. */
#include <mpfr.h>
#include <stdio.h>

#include "dmv/ref_entropy.h"
#include "dmv_test.h"

static void oracle_trap(mpfr_t out, const double *mu, int n, double v)
{
    double s = sqrt(v), lo = mu[0], hi = mu[0], h = s / 8;
    long k, K;
    int i;
    mpfr_t q, t, acc;
    mpfr_inits2(200, q, t, acc, (mpfr_ptr) 0);
    for (i = 1; i < n; i++) {
        if (mu[i] < lo)
            lo = mu[i];
        if (mu[i] > hi)
            hi = mu[i];
    }
    lo -= 15 * s;
    hi += 15 * s;
    K = (long) ((hi - lo) / h) + 1;
    mpfr_set_ui(acc, 0, MPFR_RNDN);
    for (k = 0; k <= K; k++) {
        double x = lo + (double) k * h;
        mpfr_set_ui(q, 0, MPFR_RNDN);
        for (i = 0; i < n; i++) {
            mpfr_set_d(t, x, MPFR_RNDN);
            mpfr_sub_d(t, t, mu[i], MPFR_RNDN);
            mpfr_sqr(t, t, MPFR_RNDN);
            mpfr_div_d(t, t, -2 * v, MPFR_RNDN);
            mpfr_exp(t, t, MPFR_RNDN);
            mpfr_add(q, q, t, MPFR_RNDN);
        }
        mpfr_const_pi(t, MPFR_RNDN);
        mpfr_mul_d(t, t, 2 * v, MPFR_RNDN);
        mpfr_sqrt(t, t, MPFR_RNDN);
        mpfr_mul_si(t, t, n, MPFR_RNDN);
        mpfr_div(q, q, t, MPFR_RNDN);
        if (mpfr_zero_p(q))
            continue;
        mpfr_log(t, q, MPFR_RNDN);
        mpfr_mul(t, t, q, MPFR_RNDN);
        if (k == 0 || k == K)
            mpfr_div_ui(t, t, 2, MPFR_RNDN);
        mpfr_sub(acc, acc, t, MPFR_RNDN);
    }
    mpfr_mul_d(out, acc, h, MPFR_RNDN);
    mpfr_clears(q, t, acc, (mpfr_ptr) 0);
}

static int contains(const arb_t b, const mpfr_t v, double tol)
{
    arb_t V;
    int ok;
    arb_init(V);
    arf_set_mpfr(arb_midref(V), v);
    mag_set_d(arb_radref(V), tol);
    ok = arb_overlaps(b, V);
    arb_clear(V);
    return ok;
}

int main(void)
{
    dmv_test_rng rng = {29};
    long it, n = dmv_test_iters(8);
    arb_t h;
    mpfr_t o;
    dmv_error e;
    arb_init(h);
    mpfr_init2(o, 200);
    dmv_error_init(&e);
    for (it = 0; it < n; it++) {
        double mu[3], v = dmv_test_loguniform(&rng, 1e-6, 1);
        int N = 1 + (int) (it % 3), i;
        for (i = 0; i < 3; i++)
            mu[i] = 4 * dmv_test_uniform(&rng) - 2;
        DMV_CHECK(dmv_ref_gmix_entropy(h, mu, N, v, 64, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(mag_cmp_2exp_si(arb_radref(h), -40) < 0, "radius %g too wide (n %d v %g)",
                  mag_get_d(arb_radref(h)), N, v);
        if (N == 1) { /* closed form */
            mpfr_const_pi(o, MPFR_RNDN);
            mpfr_mul_d(o, o, 2 * v, MPFR_RNDN);
            mpfr_set_d(o, mpfr_get_d(o, MPFR_RNDN), MPFR_RNDN);
            {
                mpfr_t t;
                mpfr_init2(t, 200);
                mpfr_const_pi(t, MPFR_RNDN);
                mpfr_mul_2ui(t, t, 1, MPFR_RNDN);
                mpfr_mul_d(t, t, v, MPFR_RNDN);
                mpfr_set_ui(o, 1, MPFR_RNDN);
                mpfr_exp(o, o, MPFR_RNDN);
                mpfr_mul(t, t, o, MPFR_RNDN);
                mpfr_log(o, t, MPFR_RNDN);
                mpfr_div_ui(o, o, 2, MPFR_RNDN);
                mpfr_clear(t);
            }
            DMV_CHECK(contains(h, o, 0), "n = 1, v = %g: ball misses 1/2 ln(2 pi e v)", v);
        } else if (v >= 1e-4) { /* trapezoid oracle (grid size ~ 8 span / sqrt(v)) */
            oracle_trap(o, mu, N, v);
            DMV_CHECK(contains(h, o, 1e-20), "n = %d, v = %g: ball misses the trapezoid oracle", N, v);
        }
    }
    { /* separated means: h = 1/2 ln(2 pi e v) + ln 3 up to e^-100 */
        const double mu[3] = {-1, 0, 1};
        double v = 1e-4;
        mpfr_t t;
        mpfr_init2(t, 200);
        DMV_CHECK(dmv_ref_gmix_entropy(h, mu, 3, v, 64, &e) == DMV_OK, "%s", e.msg);
        mpfr_const_pi(t, MPFR_RNDN);
        mpfr_mul_2ui(t, t, 1, MPFR_RNDN);
        mpfr_mul_d(t, t, v, MPFR_RNDN);
        mpfr_set_ui(o, 1, MPFR_RNDN);
        mpfr_exp(o, o, MPFR_RNDN);
        mpfr_mul(t, t, o, MPFR_RNDN);
        mpfr_mul_ui(t, t, 9, MPFR_RNDN);
        mpfr_log(o, t, MPFR_RNDN);
        mpfr_div_ui(o, o, 2, MPFR_RNDN);
        DMV_CHECK(contains(h, o, 1e-30), "separated means: ball misses 1/2 ln(2 pi e v) + ln 3");
        mpfr_clear(t);
    }
    DMV_CHECK(dmv_ref_gmix_entropy(h, NULL, 0, 1, 64, &e) == DMV_EINVAL, "n = 0 must be EINVAL");
    {
        const double mu[1] = {0};
        DMV_CHECK(dmv_ref_gmix_entropy(h, mu, 1, 0, 64, &e) == DMV_EDOM, "v = 0 must be EDOM");
    }
    arb_clear(h);
    mpfr_clear(o);
    flint_cleanup();
    DMV_TEST_DONE("t-gmix-entropy");
}
