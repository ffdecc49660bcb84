/* fast/umix_narrow.c: the umix narrow-regime quadrature batched across rows.
 * 1. J0 = int_0^1 e^{-h s (lo + h s/2)} ds and J1 = int_0^1 s e^{...} ds against an MPFR oracle
 *    (closed forms through erfc at 512 bits, unbounded exponents: J0 = e^{lo^2/2} sqrt(pi/2) (erf(hi/sqrt2) -
 *    erf(lo/sqrt2)) / h, J1 = e^{lo^2/2} ((e^{-lo^2/2} - e^{-hi^2/2}) - lo sqrt(pi/2) (erf(hi/sqrt2)
 *    - erf(lo/sqrt2))) / h^2, hi = lo + h), random and edge inputs over the whole narrow regime
 *    (h <= 2, lo + hi >= 0, h (lo + hi)/2 <= 1), largest relative error in ulps.
 * 2. Every variant this CPU runs (baseline, AVX2, AVX-512) gives the same bits as the baseline.
 * 3. dmv_fast_umix_interval_batch gives, row by row, the bits of the one-row
 *    dmv_fast_umix_interval (fast/model_umix.c) in every regime (narrow, tail, centre, far out),
 *    with a stride and with batch sizes across the block boundary. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpfr.h>

#include "../../fast/fast_internal.h"
#include "../../fast/umix_narrow.h"
#include "dmv_test.h"

static void oracle(double lo, double h, double *J0, double *J1, mpfr_t *t)
{
    /* t[0] = lo, t[1] = hi, t[2] = erf diff * sqrt(pi/2), t[3] = e^{lo^2/2}, t[4..5] scratch */
    mpfr_set_d(t[0], lo, MPFR_RNDN);
    mpfr_set_d(t[1], h, MPFR_RNDN);
    mpfr_add(t[1], t[1], t[0], MPFR_RNDN); /* hi, exact at 512 bits */
    mpfr_sqrt_ui(t[4], 2, MPFR_RNDN);
    mpfr_div(t[5], t[1], t[4], MPFR_RNDN);
    mpfr_erfc(t[5], t[5], MPFR_RNDN);
    mpfr_div(t[2], t[0], t[4], MPFR_RNDN);
    mpfr_erfc(t[2], t[2], MPFR_RNDN);
    mpfr_sub(t[2], t[2], t[5], MPFR_RNDN); /* erf(hi/sqrt2) - erf(lo/sqrt2), as erfc(lo) - erfc(hi): no underflow */
    mpfr_const_pi(t[4], MPFR_RNDN);
    mpfr_div_ui(t[4], t[4], 2, MPFR_RNDN);
    mpfr_sqrt(t[4], t[4], MPFR_RNDN);
    mpfr_mul(t[2], t[2], t[4], MPFR_RNDN);
    mpfr_sqr(t[3], t[0], MPFR_RNDN);
    mpfr_div_ui(t[3], t[3], 2, MPFR_RNDN);
    mpfr_exp(t[3], t[3], MPFR_RNDN);
    /* J0 */
    mpfr_mul(t[5], t[2], t[3], MPFR_RNDN);
    mpfr_div_d(t[5], t[5], h, MPFR_RNDN);
    *J0 = mpfr_get_d(t[5], MPFR_RNDN);
    /* J1: (1 - e^{lo^2/2 - hi^2/2}) - lo * t2 * e^{lo^2/2}, over h^2 */
    mpfr_sqr(t[4], t[0], MPFR_RNDN);
    mpfr_sqr(t[5], t[1], MPFR_RNDN);
    mpfr_sub(t[4], t[4], t[5], MPFR_RNDN);
    mpfr_div_ui(t[4], t[4], 2, MPFR_RNDN);
    mpfr_exp(t[4], t[4], MPFR_RNDN);
    mpfr_ui_sub(t[4], 1, t[4], MPFR_RNDN);
    mpfr_mul(t[5], t[2], t[3], MPFR_RNDN);
    mpfr_mul(t[5], t[5], t[0], MPFR_RNDN);
    mpfr_sub(t[4], t[4], t[5], MPFR_RNDN);
    mpfr_div_d(t[4], t[4], h, MPFR_RNDN);
    mpfr_div_d(t[4], t[4], h, MPFR_RNDN);
    *J1 = mpfr_get_d(t[4], MPFR_RNDN);
}

static double ulps(double y, double ref)
{
    double u = nextafter(fabs(ref), INFINITY) - fabs(ref);
    return fabs(y - ref) / u;
}

/* a random point of the narrow regime: h in (0, 2] (log-uniform down to 1e-12 half the time),
 * lo in [-h/2, (1/h - h/2)] capped so that delta = h (lo + h/2) <= 1 */
static void narrow_point(dmv_test_rng *rng, double *lo, double *h)
{
    double u = dmv_test_uniform(rng), hh;
    hh = u < 0.5 ? dmv_test_loguniform(rng, 1e-12, 2.0) : 2.0 * (1.0 - dmv_test_uniform(rng));
    *h = hh;
    {
        double lmin = -hh / 2, lmax = 1.0 / hh - hh / 2;
        if (lmax > 1e6)
            lmax = 1e6;
        if (dmv_test_uniform(rng) < 0.5)
            *lo = lmin + (lmax - lmin) * dmv_test_uniform(rng);
        else
            *lo = lmin + (lmax - lmin < 3 ? lmax - lmin : 3) * dmv_test_uniform(rng);
        if (hh * (*lo + hh / 2) > 1)
            *lo = lmin;
    }
}

int main(void)
{
    dmv_test_rng rng = {20261207};
    enum { NR = 20000 };
    static double lo[NR], h[NR], J0[NR], J1[NR], K0[NR], K1[NR];
    static const double edge[][2] = {{0.0, 2.0}, {-1.0, 2.0}, {0.0, 1e-12}, {-0.5e-12, 1e-12}, {1.0, 1.0},
                                     {-0.5, 1.0}, {1e6, 1e-6}, {0.5, 1.0}, {5e5 - 0.5e-6, 1e-6}, {1e-3, 2.0},
                                     {-1.0, 1.9999999999999998}};
    static const char *names[] = {"baseline", "avx2", "avx512"};
    mpfr_t t[6];
    long i, n, nedge = (long) (sizeof edge / sizeof edge[0]);
    int v, k;
    double w0 = 0, w1 = 0;
    const char *orig = dmv_fast_umix_narrow_variant();
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
    for (k = 0; k < 6; k++)
        mpfr_init2(t[k], 512);
    n = dmv_test_iters(NR) < NR ? dmv_test_iters(NR) : NR;
    if (n < nedge + 10)
        n = nedge + 10;
    for (i = 0; i < n; i++) {
        if (i < nedge) {
            lo[i] = edge[i][0];
            h[i] = edge[i][1];
        } else
            narrow_point(&rng, &lo[i], &h[i]);
    }
    /* 1. accuracy against MPFR (baseline variant) */
    DMV_CHECK(dmv_fast_umix_narrow_set_variant("baseline") == 0, "baseline must exist");
    dmv_fast_umix_narrow(n, lo, h, J0, J1);
    for (i = 0; i < n; i++) {
        double r0, r1, e0, e1;
        oracle(lo[i], h[i], &r0, &r1, t);
        e0 = ulps(J0[i], r0);
        e1 = ulps(J1[i], r1);
        if (e0 > w0)
            w0 = e0;
        if (e1 > w1)
            w1 = e1;
        DMV_CHECK(e0 <= 8 && e1 <= 8, "lo = %.17g, h = %.17g: J0 = %.17g (MPFR %.17g, %.1f ulp), J1 = %.17g (MPFR %.17g, %.1f ulp)",
                  lo[i], h[i], J0[i], r0, e0, J1[i], r1, e1);
    }
    printf("narrow quadrature vs MPFR over %ld inputs: J0 max %.2f ulp, J1 max %.2f ulp (bound 8)\n", n, w0, w1);
    /* h = 0 (x far from alpha [a, b] scaled to nothing): the rule's weights sum and first moment */
    {
        double z = 0, a0, a1;
        dmv_fast_umix_narrow(1, &z, &z, &a0, &a1);
        DMV_CHECK(fabs(a0 - 1) <= 4 * DBL_EPSILON && fabs(a1 - 0.5) <= 4 * DBL_EPSILON, "h = 0: J0 = %.17g, J1 = %.17g",
                  a0, a1);
    }
    /* 2. every variant this CPU runs: the same bits, at batch sizes 1, 7 and n */
    for (v = 1; v < 3; v++) {
        long sizes[3] = {1, 7, n}, si;
        if (dmv_fast_umix_narrow_set_variant(names[v]) != 0) {
            printf("variant %s: not run by this CPU or not built\n", names[v]);
            continue;
        }
        for (si = 0; si < 3; si++) {
            long m = sizes[si];
            dmv_fast_umix_narrow(m, lo, h, K0, K1);
            DMV_CHECK(memcmp(K0, J0, (size_t) m * sizeof(double)) == 0 &&
                          memcmp(K1, J1, (size_t) m * sizeof(double)) == 0,
                      "variant %s, n = %ld: bits differ from the baseline", names[v], m);
        }
        printf("variant %s: the same bits as the baseline\n", names[v]);
    }
    DMV_CHECK(dmv_fast_umix_narrow_set_variant("no-such") == -1, "unknown variant must be refused");
    /* 3. the batched interval against the one-row interval, every regime */
    for (v = 0; v < 3; v++) {
        enum { NB = 700, STRIDE = 3 };
        static double x[NB * STRIDE], bg[NB], sm[NB], D[NB];
        long rep, bad = 0;
        if (dmv_fast_umix_narrow_set_variant(names[v]) != 0)
            continue;
        for (rep = 0; rep < 40; rep++) {
            double alpha = rep % 5 == 0 ? 1.0 : exp(-10 * dmv_test_uniform(&rng));
            double sigma = sqrt(1 - alpha * alpha) + (rep % 5 == 0 ? 1e-3 : 0);
            double a = -3 + 4 * dmv_test_uniform(&rng), b = a + dmv_test_loguniform(&rng, 1e-3, 3);
            long m = 1 + (long) (NB * dmv_test_uniform(&rng)) % NB, r;
            if (rep < 3)
                m = rep == 0 ? 1 : (rep == 1 ? 256 : NB); /* across the block boundary */
            for (r = 0; r < m; r++) {
                double u = dmv_test_uniform(&rng);
                x[r * STRIDE] = u < 0.1 ? (u < 0.05 ? -1 : 1) * dmv_test_loguniform(&rng, 1, 1e4)
                                         : alpha * (a + (b - a) * (3 * dmv_test_uniform(&rng) - 1)) +
                                               sigma * 4 * (dmv_test_uniform(&rng) - 0.5);
            }
            dmv_fast_umix_interval_batch(alpha, sigma, m, x, STRIDE, a, b, bg, sm, D);
            for (r = 0; r < m; r++) {
                double b1, s1, d1;
                dmv_fast_umix_interval(alpha, sigma, x[r * STRIDE], a, b, &b1, &s1, &d1);
                if (memcmp(&b1, &bg[r], sizeof b1) != 0 || memcmp(&s1, &sm[r], sizeof s1) != 0 ||
                    memcmp(&d1, &D[r], sizeof d1) != 0) {
                    if (bad++ < 5)
                        DMV_CHECK(0, "variant %s, alpha = %.17g, sigma = %.17g, [%.17g, %.17g], x = %.17g: batch (%.17g, %.17g, %.17g) vs one row (%.17g, %.17g, %.17g)",
                                  names[v], alpha, sigma, a, b, x[r * STRIDE], bg[r], sm[r], D[r], b1, s1, d1);
                }
            }
        }
        DMV_CHECK(bad == 0, "variant %s: %ld rows differ", names[v], bad);
        printf("variant %s: the batched interval gives the one-row bits\n", names[v]);
    }
    dmv_fast_umix_narrow_set_variant(orig);
    for (k = 0; k < 6; k++)
        mpfr_clear(t[k]);
    mpfr_free_cache();
    DMV_TEST_DONE("t-umix-narrow");
}
