/* chi-square tails and quantiles against high-precision MPFR evaluations of
 * the regularized incomplete gamma functions (by a different route from the
 * code under test), the integer-order closed form, a published table, and
 * quantile round trips. */
#include <mpfr.h>
#include <float.h>
#include <math.h>

#include "dmv/stats.h"
#include "dmv_test.h"
#include "../../stats/stats_internal.h"

/* Independent route for large a (Arb's integration is slow there): the
 * power series P(a,x) = x^a e^-x / Gamma(a+1) sum_k x^k/((a+1)...(a+k)) in
 * MPFR, prefactor from mpfr_lngamma (not from Stirling/bd0 as in the code
 * under test), Q = 1 - P at a precision that covers the cancellation. */
static void mpfr_log_tails(double a, double x, double *lp, double *lq)
{
    for (mpfr_prec_t prec = 256;; prec *= 2) {
        mpfr_t A, X, t, s, pre, tmp;
        mpfr_inits2(prec, A, X, t, s, pre, tmp, (mpfr_ptr) 0);
        mpfr_set_d(A, a, MPFR_RNDN);
        mpfr_set_d(X, x, MPFR_RNDN);
        mpfr_set_ui(t, 1, MPFR_RNDN);
        mpfr_set_ui(s, 1, MPFR_RNDN);
        for (long k = 1;; k++) {
            mpfr_add_si(tmp, A, k, MPFR_RNDN);
            mpfr_mul(t, t, X, MPFR_RNDN);
            mpfr_div(t, t, tmp, MPFR_RNDN);
            mpfr_add(s, s, t, MPFR_RNDN);
            if (a + k > x && mpfr_get_exp(t) < mpfr_get_exp(s) - (mpfr_exp_t) prec - 10)
                break;
        }
        /* log P = a log x - x - lngamma(a+1) + log s */
        mpfr_log(pre, X, MPFR_RNDN);
        mpfr_mul(pre, pre, A, MPFR_RNDN);
        mpfr_sub(pre, pre, X, MPFR_RNDN);
        mpfr_add_ui(tmp, A, 1, MPFR_RNDN);
        mpfr_lngamma(tmp, tmp, MPFR_RNDN);
        mpfr_sub(pre, pre, tmp, MPFR_RNDN);
        mpfr_log(tmp, s, MPFR_RNDN);
        mpfr_add(pre, pre, tmp, MPFR_RNDN); /* log P */
        *lp = mpfr_get_d(pre, MPFR_RNDN);
        mpfr_exp(tmp, pre, MPFR_RNDN);
        mpfr_ui_sub(tmp, 1, tmp, MPFR_RNDN); /* Q */
        int ok = mpfr_sgn(tmp) > 0 && mpfr_get_exp(tmp) > -(mpfr_exp_t) prec + 100;
        if (ok) {
            mpfr_log(tmp, tmp, MPFR_RNDN);
            *lq = mpfr_get_d(tmp, MPFR_RNDN);
        }
        mpfr_clears(A, X, t, s, pre, tmp, (mpfr_ptr) 0);
        if (ok || prec > 8192) {
            if (!ok)
                *lq = NAN;
            return;
        }
    }
}

static double max_err_lp = 0, max_err_lq = 0;

/* compare log tails; errors counted relative to the tail itself, i.e. as an
 * absolute error of its log, with an allowance for |log p| (the exponent is
 * itself a computed number: exp amplifies its relative error by |log p|). */
static void check_point(double a, double x)
{
    double lp = dmv_stat_gamma_log_p(a, x), lq = dmv_stat_gamma_log_q(a, x);
    double rp = NAN, rq = NAN;
    mpfr_log_tails(a, x, &rp, &rq);
    if (isnan(rp) || isnan(rq))
        return; /* oracle could not certify: skip (counted below) */
    double ep = fabs(lp - rp) / (1.0 + 1e-3 * fabs(rp));
    double eq = fabs(lq - rq) / (1.0 + 1e-3 * fabs(rq));
    if (ep > max_err_lp)
        max_err_lp = ep;
    if (eq > max_err_lq)
        max_err_lq = eq;
    DMV_CHECK(ep < 5e-13, "a=%.17g x=%.17g log P=%.17g arb=%.17g", a, x, lp, rp);
    DMV_CHECK(eq < 5e-13, "a=%.17g x=%.17g log Q=%.17g arb=%.17g", a, x, lq, rq);
    /* the double tails themselves, where they do not underflow */
    if (rq > -700) {
        double q = dmv_stat_chi2_sf(2 * x, 2 * a);
        DMV_CHECK(fabs(q / exp(rq) - 1) < 5e-13, "a=%.17g x=%.17g Q=%.17g arb=%.17g", a, x,
                  q, exp(rq));
    }
}

int main(void)
{
    dmv_test_rng rng = {20261122};
    long iters = dmv_test_iters(60);

    /* 1. random (a, x): a log-uniform in [0.5, 5e6] (df up to 1e7), x placed
     *    at a random number of standard deviations (up to far tails) */
    for (long it = 0; it < iters; it++) {
        double a = dmv_test_loguniform(&rng, 0.5, 5e6);
        double s = sqrt(a);
        double k = (dmv_test_uniform(&rng) * 2 - 1) * (it % 3 == 0 ? 40 : 6);
        double x = a + k * s;
        if (x <= 0)
            x = a * dmv_test_loguniform(&rng, 1e-6, 1);
        check_point(a, x);
    }
    /* 1b. small shape (df in [0.02, 1]): x log-uniform over a wide range */
    for (long it = 0; it < iters; it++) {
        double a = dmv_test_loguniform(&rng, 0.01, 0.5);
        double x = dmv_test_loguniform(&rng, 1e-6, 300);
        check_point(a, x);
    }
    /* 1c. the thread-safe log Gamma(1+a) used for small shapes, vs MPFR */
    for (long it = 0; it < 20 * iters; it++) {
        double a = dmv_test_loguniform(&rng, 1e-8, 1e3);
        mpfr_t t;
        mpfr_init2(t, 128);
        mpfr_set_d(t, a, MPFR_RNDN);
        mpfr_add_ui(t, t, 1, MPFR_RNDN);
        mpfr_lngamma(t, t, MPFR_RNDN);
        double r = mpfr_get_d(t, MPFR_RNDN), g = dmv_stat_lgamma1p(a);
        mpfr_clear(t);
        DMV_CHECK(fabs(g - r) <= 4e-16 * fmax(1.0, fabs(r)) + 1e-18,
                  "lgamma1p(%.17g) = %.17g, mpfr %.17g", a, g, r);
    }
    /* 2. fixed hard points: df = 1e7 at the centre and far out, df = 1, 2 */
    double pts[][2] = {{5e6, 5e6}, {5e6, 5e6 - 1}, {5e6, 5e6 + 3 * 2236.0}, {5e6, 5e6 - 40 * 2236.0},
                       {5e6, 5e6 + 60 * 2236.0}, {0.5, 1e-8}, {0.5, 300}, {1, 0.001}, {1, 700},
                       {1.5, 2.5}, {1000, 1500}, {1000, 600}, {1e8, 1e8 + 1e5}};
    for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++)
        check_point(pts[i][0], pts[i][1]);
    /* 2b. x = +inf (a Fisher combination of a p-value 0): P(X > inf) = 0, P(X <= inf) = 1, for any df */
    for (double df = 0.5; df < 1e7; df *= 7.0) {
        DMV_CHECK(dmv_stat_chi2_log_sf(INFINITY, df) == -INFINITY && dmv_stat_chi2_sf(INFINITY, df) == 0.0,
                  "chi2 sf(inf; df = %g) = %g, not 0", df, dmv_stat_chi2_sf(INFINITY, df));
        DMV_CHECK(dmv_stat_chi2_log_cdf(INFINITY, df) == 0.0 && dmv_stat_chi2_cdf(INFINITY, df) == 1.0,
                  "chi2 cdf(inf; df = %g) = %g, not 1", df, dmv_stat_chi2_cdf(INFINITY, df));
    }
    /* integer a: Q(a, x) = e^-x sum_{k<a} x^k/k!, summed exactly in MPFR */
    for (long it = 0; it < iters; it++) {
        long a = 1 + (long) dmv_test_loguniform(&rng, 1, 3000);
        double x = a * dmv_test_loguniform(&rng, 0.3, 3);
        mpfr_t s, t, X;
        mpfr_inits2(4096, s, t, X, (mpfr_ptr) 0);
        mpfr_set_d(X, x, MPFR_RNDN);
        mpfr_set_ui(s, 1, MPFR_RNDN);
        mpfr_set_ui(t, 1, MPFR_RNDN);
        for (long k = 1; k < a; k++) {
            mpfr_mul(t, t, X, MPFR_RNDN);
            mpfr_div_si(t, t, k, MPFR_RNDN);
            mpfr_add(s, s, t, MPFR_RNDN);
        }
        mpfr_log(s, s, MPFR_RNDN);
        mpfr_sub(s, s, X, MPFR_RNDN); /* log Q */
        double rq = mpfr_get_d(s, MPFR_RNDN);
        double lq = dmv_stat_gamma_log_q((double) a, x);
        DMV_CHECK(fabs(lq - rq) < 5e-13 * (1 + 1e-3 * fabs(rq)), "integer a=%ld x=%.17g log Q=%.17g exact=%.17g",
                  a, x, lq, rq);
        mpfr_clears(s, t, X, (mpfr_ptr) 0);
    }
    /* closed forms: chi2(2) sf = exp(-x/2); chi2(1) sf = erfc(sqrt(x/2)) */
    for (double x = 0.01; x < 1400; x *= 1.7) {
        DMV_CHECK(fabs(dmv_stat_chi2_log_sf(x, 2) + x / 2) < 1e-14 * (1 + x / 2),
                  "df=2 x=%g log sf=%.17g", x, dmv_stat_chi2_log_sf(x, 2));
    }

    /* 3. published critical values: NIST/SEMATECH e-Handbook of Statistical
     *    Methods, section 1.3.6.7.4 (upper critical values of chi-square),
     *    given to 3 decimals: P(X > c) = q. */
    struct { double df, q, c; } tab[] = {
        {1, 0.05, 3.841}, {1, 0.01, 6.635}, {1, 0.001, 10.828}, {5, 0.05, 11.070},
        {10, 0.05, 18.307}, {10, 0.01, 23.209}, {30, 0.05, 43.773}, {100, 0.05, 124.342},
        {100, 0.001, 149.449}, {10, 0.90, 4.865}, {100, 0.99, 70.065}};
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
        double c = dmv_stat_chi2_isf(tab[i].q, tab[i].df);
        DMV_CHECK(fabs(c - tab[i].c) <= 0.0005 + 1e-12, "table df=%g q=%g: %.6f vs %.3f", tab[i].df,
                  tab[i].q, c, tab[i].c);
    }

    /* 4. quantile round trips, in the tail that was targeted */
    double worst_rt = 0;
    for (long it = 0; it < 20 * iters; it++) {
        double df = dmv_test_loguniform(&rng, 1, 2e7);
        double p = dmv_test_loguniform(&rng, 1e-300, 0.5);
        double x = dmv_stat_chi2_quantile(p, df);
        double lp = dmv_stat_chi2_log_cdf(x, df);
        double e1 = fabs(lp - log(p));
        double xu = dmv_stat_chi2_isf(p, df);
        double lq = dmv_stat_chi2_log_sf(xu, df);
        double e2 = fabs(lq - log(p));
        /* tolerance: the tail's own error plus what one ulp of x changes in it */
        double s1 = fabs(dmv_stat_chi2_log_cdf(nextafter(x, INFINITY), df) - lp);
        double s2 = fabs(dmv_stat_chi2_log_sf(nextafter(xu, INFINITY), df) - lq);
        if (x > 1e-300) /* below, the true quantile underflows */
            DMV_CHECK(e1 < 1e-12 * (1 + fabs(log(p))) + 2 * s1,
                      "quantile df=%.17g p=%.17g x=%.17g log cdf=%.17g", df, p, x, lp);
        DMV_CHECK(e2 < 1e-12 * (1 + fabs(log(p))) + 2 * s2, "isf df=%.17g q=%.17g x=%.17g log sf=%.17g",
                  df, p, xu, lq);
        e1 = x > 1e-300 ? e1 / (1 + 2 * s1 / 1e-12) : 0;
        e2 /= 1 + 2 * s2 / 1e-12;
        if (e1 > worst_rt)
            worst_rt = e1;
        if (e2 > worst_rt)
            worst_rt = e2;
        /* the two tails are complementary at the same point */
        DMV_CHECK(fabs(dmv_stat_chi2_cdf(x, df) + dmv_stat_chi2_sf(x, df) - 1) < 1e-14,
                  "cdf+sf df=%g x=%g", df, x);
    }
    /* large p: quantile(p) = isf(1 - p) */
    for (double p = 0.6; p < 1; p += 0.07) {
        double x1 = dmv_stat_chi2_quantile(p, 7), x2 = dmv_stat_chi2_isf(1 - p, 7);
        DMV_CHECK(fabs(x1 - x2) <= 1e-13 * x1, "p=%g %.17g %.17g", p, x1, x2);
    }
    DMV_CHECK(isnan(dmv_stat_chi2_sf(1, -1)), "df<0");
    DMV_CHECK(isnan(dmv_stat_chi2_quantile(2, 3)), "p>1");
    DMV_CHECK(dmv_stat_chi2_sf(0, 3) == 1 && dmv_stat_chi2_cdf(-1, 3) == 0, "x<=0");

    printf("max |log P err| %.3g, |log Q err| %.3g, round trip %.3g\n", max_err_lp, max_err_lq,
           worst_rt);
    DMV_TEST_DONE("t-chi2");
}
