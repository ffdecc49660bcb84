/* Normal tails against MPFR's erfc at 256 bits; quantiles against Arb's
 * certified erfcinv; published values; round trips. */
#include <arb.h>
#include <arb_hypgeom.h>
#include <float.h>
#include <math.h>
#include <mpfr.h>

#include "dmv/stats.h"
#include "dmv_test.h"

/* log P(Z > z) = log(erfc(z/sqrt 2)/2) in MPFR */
static double mpfr_log_sf(double z)
{
    mpfr_t t, s;
    mpfr_inits2(256, t, s, (mpfr_ptr) 0);
    mpfr_set_d(t, fabs(z), MPFR_RNDN);
    mpfr_sqrt_ui(s, 2, MPFR_RNDN);
    mpfr_div(t, t, s, MPFR_RNDN);
    mpfr_erfc(t, t, MPFR_RNDN);
    mpfr_div_ui(t, t, 2, MPFR_RNDN); /* P(Z > |z|) */
    if (z >= 0)
        mpfr_log(t, t, MPFR_RNDN);
    else {
        mpfr_neg(t, t, MPFR_RNDN);
        mpfr_log1p(t, t, MPFR_RNDN); /* log(1 - P(Z > -z)) */
    }
    double r = mpfr_get_d(t, MPFR_RNDN);
    mpfr_clears(t, s, (mpfr_ptr) 0);
    return r;
}

static double mpfr_sf(double z)
{
    mpfr_t t, s;
    mpfr_inits2(256, t, s, (mpfr_ptr) 0);
    mpfr_set_d(t, z, MPFR_RNDN);
    mpfr_sqrt_ui(s, 2, MPFR_RNDN);
    mpfr_div(t, t, s, MPFR_RNDN);
    mpfr_erfc(t, t, MPFR_RNDN);
    mpfr_div_ui(t, t, 2, MPFR_RNDN);
    double r = mpfr_get_d(t, MPFR_RNDN);
    mpfr_clears(t, s, (mpfr_ptr) 0);
    return r;
}

/* x with P(Z <= x) = p: -sqrt(2) erfcinv(2p), certified by Arb */
static double arb_quantile(double p)
{
    arb_t t;
    arb_init(t);
    double r = NAN;
    for (slong prec = 128; prec <= 1024; prec *= 2) {
        arb_set_d(t, p);
        arb_mul_2exp_si(t, t, 1);
        arb_hypgeom_erfcinv(t, t, prec);
        arb_t s;
        arb_init(s);
        arb_sqrt_ui(s, 2, prec);
        arb_mul(t, t, s, prec);
        arb_neg(t, t);
        arb_clear(s);
        if (arb_rel_accuracy_bits(t) > 60) {
            r = arf_get_d(arb_midref(t), ARF_RND_NEAR);
            break;
        }
    }
    arb_clear(t);
    return r;
}

int main(void)
{
    dmv_test_rng rng = {777};
    long iters = dmv_test_iters(3000);
    double worst_sf = 0, worst_log = 0, worst_q = 0;

    /* 1. sf over [-38, 38]: relative error against MPFR */
    for (long it = 0; it < iters; it++) {
        double z = (dmv_test_uniform(&rng) * 2 - 1) * (it % 2 ? 38.4 : 6);
        double s = dmv_stat_normal_sf(z), r = mpfr_sf(z);
        double e = fabs(s - r) / fmax(r, DBL_MIN / DBL_EPSILON); /* subnormals: absolute */
        if (e > worst_sf)
            worst_sf = e;
        DMV_CHECK(e < 6e-16, "sf z=%.17g got %.17g mpfr %.17g rel %.3g", z, s, r, e);
        double c = dmv_stat_normal_cdf(-z);
        DMV_CHECK(c == s, "cdf(-z) != sf(z) at z=%.17g", z);
    }
    /* 2. log sf everywhere, including far beyond underflow */
    for (long it = 0; it < iters; it++) {
        double z = it % 3 == 0 ? dmv_test_loguniform(&rng, 30, 1e4)
                               : (dmv_test_uniform(&rng) * 2 - 1) * 40;
        double l = dmv_stat_normal_log_sf(z), r = mpfr_log_sf(z);
        double e = fabs(l - r) / fmax(1.0, fabs(r)) ;
        if (fabs(r) < 1)
            e = fabs(l - r) / fmax(fabs(r), DBL_MIN); /* near 0 (z very negative) relative */
        if (e > worst_log)
            worst_log = e;
        DMV_CHECK(e < 2e-15, "log sf z=%.17g got %.17g mpfr %.17g", z, l, r);
    }
    /* 3. quantiles against Arb, p log-uniform down to 1e-300, both tails */
    for (long it = 0; it < iters / 10; it++) {
        double p = dmv_test_loguniform(&rng, 1e-300, 0.5);
        double x = dmv_stat_normal_quantile(p), r = arb_quantile(p);
        double e = fabs(x - r) / fabs(r);
        if (r == 0)
            e = fabs(x);
        if (e > worst_q)
            worst_q = e;
        DMV_CHECK(e < 1e-15, "quantile p=%.17g got %.17g arb %.17g", p, x, r);
        DMV_CHECK(dmv_stat_normal_isf(p) == -x, "isf(p) != -quantile(p) at p=%.17g", p);
        /* upper half: quantile(1 - p) = -quantile(p) where 1 - p is exact */
        double q = 1.0 - p;
        if (q != 1.0 && 1.0 - q == p)
            DMV_CHECK(fabs(dmv_stat_normal_quantile(q) + x) <= 4e-16 * fabs(x),
                      "symmetry p=%.17g", p);
    }
    /* 4. published values (e.g. Abramowitz & Stegun, Table 26.5): z_{0.975},
     *    z_{0.995}, z_{0.9995}, and P(Z > 1) = 0.15865525393145705 */
    DMV_CHECK(fabs(dmv_stat_normal_quantile(0.975) - 1.959963984540054) < 1e-15, "z.975");
    DMV_CHECK(fabs(dmv_stat_normal_quantile(0.995) - 2.5758293035489004) < 1e-15, "z.995");
    DMV_CHECK(fabs(dmv_stat_normal_isf(0.0005) - 3.2905267314918945) < 1e-15, "z.9995");
    DMV_CHECK(fabs(dmv_stat_normal_sf(1.0) / 0.15865525393145705 - 1) < 3e-16, "sf(1)");
    DMV_CHECK(dmv_stat_normal_quantile(0.5) == 0.0, "median");
    DMV_CHECK(isnan(dmv_stat_normal_quantile(-0.1)) && isnan(dmv_stat_normal_isf(1.5)), "range");
    DMV_CHECK(dmv_stat_normal_quantile(0) == -INFINITY && dmv_stat_normal_isf(0) == INFINITY, "ends");
    /* the smallest positive double: still finite and consistent */
    double xt = dmv_stat_normal_quantile(DBL_TRUE_MIN);
    DMV_CHECK(isfinite(xt) && fabs(dmv_stat_normal_log_cdf(xt) - log(DBL_TRUE_MIN)) < 1e-12 * 745,
              "quantile(DBL_TRUE_MIN) = %.17g", xt);

    /* 5. the KS callback form: N(mean, sd^2) at mean + k sd is Phi(k) */
    {
        double ms[2] = {3.0, 0.5};
        DMV_CHECK(dmv_stat_normal_cdf_cb(3.0, ms) == 0.5 &&
                      fabs(dmv_stat_normal_cdf_cb(4.0, ms) - dmv_stat_normal_cdf(2.0)) < 1e-16,
                  "cdf_cb");
    }
    printf("max rel err: sf %.3g, log sf %.3g, quantile %.3g\n", worst_sf, worst_log, worst_q);
    DMV_TEST_DONE("t-normal");
}
