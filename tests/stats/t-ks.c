/* One-sample Kolmogorov-Smirnov: exact p-values against Steck's determinant
 * evaluated in exact rational arithmetic (FLINT fmpq), closed forms, published
 * critical values, and the calibration and power of the test by simulation. */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>
#include <flint/fmpz.h>

#include "dmv/stats.h"
#include "dmv_test.h"

/* Steck (1971): for order statistics of n uniforms,
 *   P(u_i < U_(i) < v_i for all i) = n! det M,
 *   M_ij = (v_i - u_j)_+^(j-i+1) / (j-i+1)!  (j - i + 1 >= 0), else 0.
 * D_n < d  <=>  i/n - d < U_(i) < (i-1)/n + d for all i (1-based), so
 * u_i = max(0, i/n - d), v_i = min(1, (i-1)/n + d). d = num/den exactly.
 * Returns P(D_n >= d) = 1 - n! det M, exactly rounded to double. */
static double steck_sf(long n, long num, long den)
{
    fmpq_t d, u, v, t, one, zero;
    fmpq_init(d);
    fmpq_init(u);
    fmpq_init(v);
    fmpq_init(t);
    fmpq_init(one);
    fmpq_init(zero);
    fmpq_set_si(d, num, (ulong) den);
    fmpq_set_si(one, 1, 1);
    fmpq *U = _fmpq_vec_init(n), *V = _fmpq_vec_init(n);
    for (long i = 1; i <= n; i++) {
        fmpq_set_si(t, i, (ulong) n);
        fmpq_sub(u, t, d);
        if (fmpq_sgn(u) < 0)
            fmpq_zero(u);
        fmpq_set_si(t, i - 1, (ulong) n);
        fmpq_add(v, t, d);
        if (fmpq_cmp(v, one) > 0)
            fmpq_set(v, one);
        fmpq_set(U + i - 1, u);
        fmpq_set(V + i - 1, v);
    }
    fmpq_mat_t M;
    fmpq_mat_init(M, n, n);
    fmpz_t f;
    fmpz_init(f);
    for (long i = 0; i < n; i++)
        for (long j = 0; j < n; j++) {
            long e = j - i + 1;
            if (e < 0)
                continue;
            fmpq_sub(t, V + i, U + j);
            if (fmpq_sgn(t) <= 0) {
                if (e == 0)
                    fmpq_set(fmpq_mat_entry(M, i, j), one); /* x_+^0 / 0! = 1 */
                continue;
            }
            fmpq_pow_si(t, t, e);
            fmpz_fac_ui(f, (ulong) e);
            fmpq_div_fmpz(fmpq_mat_entry(M, i, j), t, f);
        }
    fmpq_mat_det(t, M);
    fmpz_fac_ui(f, (ulong) n);
    fmpq_mul_fmpz(t, t, f);
    fmpq_sub(t, one, t);
    double r = fmpq_get_d(t);
    fmpz_clear(f);
    fmpq_mat_clear(M);
    _fmpq_vec_clear(U, n);
    _fmpq_vec_clear(V, n);
    fmpq_clear(d);
    fmpq_clear(u);
    fmpq_clear(v);
    fmpq_clear(t);
    fmpq_clear(one);
    fmpq_clear(zero);
    return r;
}

static double cdf_uniform(double x, void *ctx)
{
    (void) ctx;
    return x < 0 ? 0 : (x > 1 ? 1 : x);
}

int main(void)
{
    dmv_test_rng rng = {31337};
    long iters = dmv_test_iters(120);

    /* 1. against Steck's exact determinant */
    double worst_abs = 0, worst_rel = 0;
    for (long it = 0; it < iters; it++) {
        long n = 1 + (long) (dmv_test_uniform(&rng) * 40);
        long den = 4096;
        /* d between 1/(2n) and 1, spread so that p covers 1 .. 1e-30 */
        double lam = 0.3 + 3.5 * dmv_test_uniform(&rng);
        double dd = lam / sqrt((double) n);
        if (dd >= 1)
            dd = 0.5 + 0.5 * dmv_test_uniform(&rng);
        long num = (long) (dd * den);
        if (num < 1)
            num = 1;
        double d = (double) num / (double) den;
        int method;
        double p = dmv_stat_ks_sf_method(d, n, &method);
        double ex = steck_sf(n, num, den);
        double ae = fabs(p - ex), re = ex > 0 ? ae / ex : ae;
        if (method == DMV_STAT_KS_EXACT_MTW) {
            if (ae > worst_abs)
                worst_abs = ae;
            DMV_CHECK(ae < 1e-13, "MTW n=%ld d=%.17g p=%.17g exact=%.17g", n, d, p, ex);
        } else if (method == DMV_STAT_KS_EXACT_SMIRNOV) {
            if (re > worst_rel)
                worst_rel = re;
            DMV_CHECK(re < 1e-13, "Smirnov exact n=%ld d=%.17g p=%.17g exact=%.17g", n, d, p, ex);
        } else if (method == DMV_STAT_KS_BOUND_SMIRNOV) {
            /* an upper bound, with relative excess about (p/2)^3 */
            double allow = 1e-13 + 2 * pow(p / 2, 3);
            DMV_CHECK(p >= ex * (1 - 1e-13) && re < allow,
                      "Smirnov bound n=%ld d=%.17g p=%.17g exact=%.17g", n, d, p, ex);
            if (re > worst_rel && p < 1e-5)
                worst_rel = re;
        } else {
            DMV_CHECK(ae == 0, "trivial n=%ld d=%.17g p=%.17g exact=%.17g", n, d, p, ex);
        }
    }
    /* 2. the example of Marsaglia, Tsang & Wang (2003): n = 100, d = 0.274.
     *    Steck's determinant gives P(D_100 < 0.274) = 1 - 3.98695973...e-7
     *    = 0.99999960130402... (exact rational, computed here). */
    {
        double ex = steck_sf(100, 274, 1000);
        double c = dmv_stat_ks_cdf_mtw(0.274, 100);
        DMV_CHECK(fabs((1 - c) - ex) < 1e-14, "MTW example: 1-K = %.17g, exact %.17g", 1 - c, ex);
        DMV_CHECK(fabs(dmv_stat_ks_sf(0.274, 100) / ex - 1) < 1e-12, "ks_sf example %.17g vs %.17g",
                  dmv_stat_ks_sf(0.274, 100), ex);
        printf("P(D_100 < 0.274) = %.17g (MTW), 1 - %.17g (Steck, exact)\n", c, ex);
    }
    /* 3. closed form n = 1: D_1 = max(U, 1-U), P(D_1 >= d) = 2(1-d), d in [1/2, 1] */
    for (double d = 0.5; d <= 1.0; d += 0.0625)
        DMV_CHECK(fabs(dmv_stat_ks_sf(d, 1) - 2 * (1 - d)) < 1e-15, "n=1 d=%g: %.17g", d,
                  dmv_stat_ks_sf(d, 1));
    DMV_CHECK(dmv_stat_ks_sf(0.4, 1) == 1.0 && dmv_stat_ks_sf(1.0, 5) == 0.0, "trivial ends");

    /* 4. Kolmogorov limit: published asymptotic critical values (e.g. Stephens
     *    1974; Massey 1951): P(K >= 1.3581) = 0.05, P(K >= 1.6276) = 0.01,
     *    P(K >= 1.2238) = 0.10; the two series agree at x = 1. */
    DMV_CHECK(fabs(dmv_stat_kolmogorov_sf(1.3581) - 0.05) < 4e-5, "K(1.3581)=%.8g",
              dmv_stat_kolmogorov_sf(1.3581));
    DMV_CHECK(fabs(dmv_stat_kolmogorov_sf(1.6276) - 0.01) < 4e-5, "K(1.6276)=%.8g",
              dmv_stat_kolmogorov_sf(1.6276));
    DMV_CHECK(fabs(dmv_stat_kolmogorov_sf(1.2238) - 0.10) < 4e-5, "K(1.2238)=%.8g",
              dmv_stat_kolmogorov_sf(1.2238));
    DMV_CHECK(fabs(dmv_stat_kolmogorov_sf(nextafter(1.0, 0)) - dmv_stat_kolmogorov_sf(1.0)) < 1e-14,
              "kolmogorov branches");
    /* large n approaches the limit (difference O(1/sqrt(n))) */
    DMV_CHECK(fabs(dmv_stat_ks_sf(1.3581 / sqrt(1e5), 100000) - 0.05) < 2e-3, "n=1e5 limit %.6g",
              dmv_stat_ks_sf(1.3581 / sqrt(1e5), 100000));

    /* 5. critical values: isf brackets the level */
    long ns[] = {5, 37, 200, 1000, 100000};
    double qs[] = {0.05, 1e-3, 1e-7, 0.5};
    for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++)
        for (size_t b = 0; b < sizeof qs / sizeof qs[0]; b++) {
            double c = dmv_stat_ks_isf(qs[b], ns[a]);
            DMV_CHECK(dmv_stat_ks_sf(c, ns[a]) <= qs[b] * (1 + 1e-12) &&
                          dmv_stat_ks_sf(c * (1 - 1e-9), ns[a]) > qs[b] * (1 - 1e-12),
                      "isf n=%ld q=%g c=%.17g sf=%.17g", ns[a], qs[b], c, dmv_stat_ks_sf(c, ns[a]));
        }

    /* 6. hand examples of the statistic */
    {
        double D, p, x1[] = {0.3};
        dmv_stat_ks_1sample(&D, &p, x1, 1, cdf_uniform, NULL, NULL);
        DMV_CHECK(fabs(D - 0.7) < 1e-15 && fabs(p - 0.6) < 1e-14, "n=1: D=%g p=%g", D, p);
        double x2[] = {0.6, 0.1}; /* sorted: 0.1, 0.6: D = max(.5-.1, .1, 1-.6, .6-.5) = 0.4 */
        dmv_stat_ks_1sample(&D, &p, x2, 2, cdf_uniform, NULL, NULL);
        DMV_CHECK(fabs(D - 0.4) < 1e-15 && x2[0] == 0.1, "n=2: D=%g", D);
        double x3[] = {0.5, NAN};
        dmv_error e;
        dmv_error_init(&e);
        DMV_CHECK(dmv_stat_ks_1sample(&D, &p, x3, 2, cdf_uniform, NULL, &e) == DMV_EINVAL,
                  "NaN sample accepted");
    }

    /* 7. calibration under the null and power at the detectable effect */
    {
        /* n = 50: exact MTW p-values; n = 30000: the conservative Smirnov
         * bound (MTW's matrix would exceed DMV_STAT_KS_KMAX) */
        long nn[] = {50, 30000}, nreps[] = {2000, 250};
        for (size_t a = 0; a < 2; a++) {
            long n = nn[a], reps = dmv_test_iters(nreps[a]);
            double *x = malloc((size_t) n * sizeof *x);
            long rej = 0, rej_alt = 0;
            double delta = dmv_stat_mde_ks(n, 0.05, 0.99);
            for (long r = 0; r < reps; r++) {
                double D, p;
                for (long i = 0; i < n; i++)
                    x[i] = dmv_test_uniform(&rng);
                dmv_stat_ks_1sample(&D, &p, x, n, cdf_uniform, NULL, NULL);
                rej += p <= 0.05;
                /* alternative: X = delta + (1 - delta) U, sup|G - F| = delta exactly */
                for (long i = 0; i < n; i++)
                    x[i] = delta + (1 - delta) * dmv_test_uniform(&rng);
                dmv_stat_ks_1sample(&D, &p, x, n, cdf_uniform, NULL, NULL);
                rej_alt += p <= 0.05;
            }
            double mu = 0.05 * reps, sd = sqrt(reps * 0.05 * 0.95);
            DMV_CHECK(fabs(rej - mu) < 4.5 * sd, "null n=%ld: %ld rejections of %ld", n, rej, reps);
            double sd1 = sqrt(reps * 0.99 * 0.01);
            DMV_CHECK(rej_alt >= 0.99 * reps - 4.5 * sd1, "power n=%ld delta=%g: %ld of %ld", n,
                      delta, rej_alt, reps);
            printf("n=%ld: null rejections %ld/%ld (expect %.0f), at mde_ks=%.4g: %ld/%ld\n", n, rej,
                   reps, mu, delta, rej_alt, reps);
            free(x);
        }
    }
    printf("worst |MTW - exact| %.3g, worst rel (Smirnov) %.3g\n", worst_abs, worst_rel);
    DMV_TEST_DONE("t-ks");
}
