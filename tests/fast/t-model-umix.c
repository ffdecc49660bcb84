/* Uniform-mixture model (fast/model_umix.c) against MPFR at 256 bits.
 * Oracle: per coordinate and component, Z_k = Phi(hi) - Phi(lo) from MPFR's erfc (of the side
 * where both arguments are in the upper tail), the truncated-normal mean
 * D_k = x/alpha + (sigma/alpha)(phi(lo) - phi(hi))/Z_k, and D = sum_k w_k Z_k/(b_k - a_k) D_k /
 * sum_k w_k Z_k/(b_k - a_k), summed directly with MPFR's huge exponent range (no log-sum-exp,
 * so underflowing weights are exercised against a route that does not underflow). The oracle
 * is run at 256 and 320 bits and must agree with itself to 1e-40 (so its own cancellations
 * are harmless). Bounds asserted (measured maxima are printed):
 *   |D_fast - D_ref| <= 4e-15 * scale, scale = max_k max(|a_k|, |b_k|, b_k - a_k) of the coordinate;
 *   score S = (alpha D - x)/sigma^2 from D_fast: relative error <= 1e-12 whenever
 *   |alpha D_ref - x| >= 1e-3 (alpha |D_ref| + |x|) (no cancellation in the formula itself). */
#include <mpfr.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv_test.h"

/* D for one coordinate; returns D in out (prec bits) */
static void ref_coord(mpfr_t out, mpfr_prec_t prec, long K, const double *w, const double *a, const double *b,
                      double alpha, double sigma, double x)
{
    mpfr_t lo, hi, Z, t, u, num, den, Dk, pk, s2, sq2pi;
    long k;
    mpfr_inits2(prec, lo, hi, Z, t, u, num, den, Dk, pk, s2, sq2pi, (mpfr_ptr) 0);
    mpfr_set_ui(num, 0, MPFR_RNDN);
    mpfr_set_ui(den, 0, MPFR_RNDN);
    mpfr_sqrt_ui(s2, 2, MPFR_RNDN);
    mpfr_const_pi(sq2pi, MPFR_RNDN);
    mpfr_mul_ui(sq2pi, sq2pi, 2, MPFR_RNDN);
    mpfr_sqrt(sq2pi, sq2pi, MPFR_RNDN);
    for (k = 0; k < K; k++) {
        if (w[k] == 0)
            continue;
        /* lo = (alpha a - x)/sigma, hi = (alpha b - x)/sigma, exactly from the doubles */
        mpfr_set_d(lo, alpha, MPFR_RNDN);
        mpfr_mul_d(lo, lo, a[k], MPFR_RNDN);
        mpfr_sub_d(lo, lo, x, MPFR_RNDN);
        mpfr_div_d(lo, lo, sigma, MPFR_RNDN);
        mpfr_set_d(hi, alpha, MPFR_RNDN);
        mpfr_mul_d(hi, hi, b[k], MPFR_RNDN);
        mpfr_sub_d(hi, hi, x, MPFR_RNDN);
        mpfr_div_d(hi, hi, sigma, MPFR_RNDN);
        /* Z = Phi(hi) - Phi(lo) */
        mpfr_add(t, lo, hi, MPFR_RNDN);
        if (mpfr_sgn(t) >= 0) { /* Q(lo) - Q(hi) */
            mpfr_div(t, lo, s2, MPFR_RNDN);
            mpfr_erfc(t, t, MPFR_RNDN);
            mpfr_div(u, hi, s2, MPFR_RNDN);
            mpfr_erfc(u, u, MPFR_RNDN);
        } else { /* Q(-hi) - Q(-lo) */
            mpfr_div(t, hi, s2, MPFR_RNDN);
            mpfr_neg(t, t, MPFR_RNDN);
            mpfr_erfc(t, t, MPFR_RNDN);
            mpfr_div(u, lo, s2, MPFR_RNDN);
            mpfr_neg(u, u, MPFR_RNDN);
            mpfr_erfc(u, u, MPFR_RNDN);
        }
        mpfr_sub(Z, t, u, MPFR_RNDN);
        mpfr_div_ui(Z, Z, 2, MPFR_RNDN);
        /* phi(lo) - phi(hi) */
        mpfr_sqr(t, lo, MPFR_RNDN);
        mpfr_div_si(t, t, -2, MPFR_RNDN);
        mpfr_exp(t, t, MPFR_RNDN);
        mpfr_sqr(u, hi, MPFR_RNDN);
        mpfr_div_si(u, u, -2, MPFR_RNDN);
        mpfr_exp(u, u, MPFR_RNDN);
        mpfr_sub(t, t, u, MPFR_RNDN);
        mpfr_div(t, t, sq2pi, MPFR_RNDN);
        /* D_k = (x + sigma R)/alpha */
        mpfr_div(t, t, Z, MPFR_RNDN);
        mpfr_mul_d(t, t, sigma, MPFR_RNDN);
        mpfr_add_d(t, t, x, MPFR_RNDN);
        mpfr_div_d(Dk, t, alpha, MPFR_RNDN);
        /* p_k = w Z / (b - a) */
        mpfr_set_d(t, b[k], MPFR_RNDN);
        mpfr_sub_d(t, t, a[k], MPFR_RNDN);
        mpfr_div(pk, Z, t, MPFR_RNDN);
        mpfr_mul_d(pk, pk, w[k], MPFR_RNDN);
        mpfr_add(den, den, pk, MPFR_RNDN);
        mpfr_mul(t, pk, Dk, MPFR_RNDN);
        mpfr_add(num, num, t, MPFR_RNDN);
    }
    mpfr_div(out, num, den, MPFR_RNDN);
    mpfr_clears(lo, hi, Z, t, u, num, den, Dk, pk, s2, sq2pi, (mpfr_ptr) 0);
}

static double worst_d = 0, worst_s = 0;

static void check_case(long d, long K, const double *w, const double *a, const double *b, double alpha,
                       double sigma, long n, const double *x, const char *label, double tolD, double tolS)
{
    dmv_fast_model m;
    dmv_error err;
    double *out = malloc((size_t) (n * d) * sizeof(double)), *one = malloc((size_t) d * sizeof(double));
    void *ws;
    long r, j, k;
    int rc;
    mpfr_t D256, D320, t;

    dmv_error_init(&err);
    rc = dmv_fast_model_umix_init(&m, d, K, w, a, b, &err);
    DMV_CHECK(rc == DMV_OK, "init failed: %s", err.msg);
    if (rc)
        exit(1);
    DMV_CHECK(m.ulp_bounded == 0, "umix must be bit-exact");
    ws = malloc(m.workspace_size(&m, n) + 1);
    rc = dmv_fast_model_denoise(&m, alpha, sigma, n, x, out, ws);
    DMV_CHECK(rc == DMV_OK, "denoise rc = %d", rc);
    mpfr_inits2(320, D256, D320, t, (mpfr_ptr) 0);
    mpfr_set_prec(D256, 256);
    for (r = 0; r < n; r++) {
        /* determinism: the row alone gives the same bits */
        rc = dmv_fast_model_denoise(&m, alpha, sigma, 1, x + r * d, one, ws);
        DMV_CHECK(rc == DMV_OK && memcmp(one, out + r * d, (size_t) d * sizeof(double)) == 0,
                  "%s: row %ld alone differs from its value in a batch of %ld", label, r, n);
        for (j = 0; j < d; j++) {
            const double *wj = w + j * K, *aj = a + j * K, *bj = b + j * K;
            double xv = x[r * d + j], Dr, scale = 0, errD, Sf, Sr, dd;
            ref_coord(D256, 256, K, wj, aj, bj, alpha, sigma, xv);
            ref_coord(D320, 320, K, wj, aj, bj, alpha, sigma, xv);
            mpfr_sub(t, D256, D320, MPFR_RNDN);
            mpfr_div(t, t, D320, MPFR_RNDN);
            DMV_CHECK(fabs(mpfr_get_d(t, MPFR_RNDN)) < 1e-40 || mpfr_zero_p(D320),
                      "%s: oracle unstable (256 vs 320 bits rel %g)", label, mpfr_get_d(t, MPFR_RNDN));
            Dr = mpfr_get_d(D256, MPFR_RNDN);
            for (k = 0; k < K; k++) {
                scale = fmax(scale, fmax(fabs(aj[k]), fabs(bj[k])));
                scale = fmax(scale, bj[k] - aj[k]);
            }
            /* |D_fast - D_ref| computed in MPFR */
            mpfr_sub_d(t, D256, out[r * d + j], MPFR_RNDN);
            errD = fabs(mpfr_get_d(t, MPFR_RNDN)) / scale;
            if (errD > worst_d)
                worst_d = errD;
            DMV_CHECK(errD <= tolD,
                      "%s: D error %.3g (x scale) at d=%ld K=%ld alpha=%.17g sigma=%.17g x=%.17g: fast %.17g ref %.17g",
                      label, errD, d, K, alpha, sigma, xv, out[r * d + j], Dr);
            /* score from D */
            Sf = (alpha * out[r * d + j] - xv) / (sigma * sigma);
            mpfr_mul_d(t, D256, alpha, MPFR_RNDN);
            mpfr_sub_d(t, t, xv, MPFR_RNDN);
            dd = fabs(mpfr_get_d(t, MPFR_RNDN));
            mpfr_div_d(t, t, sigma, MPFR_RNDN);
            mpfr_div_d(t, t, sigma, MPFR_RNDN);
            Sr = mpfr_get_d(t, MPFR_RNDN);
            if (dd >= 1e-3 * (alpha * fabs(Dr) + fabs(xv))) {
                double rel = fabs(Sf - Sr) / fabs(Sr);
                if (rel > worst_s)
                    worst_s = rel;
                DMV_CHECK(rel <= tolS, "%s: score rel error %.3g alpha=%.17g sigma=%.17g x=%.17g: fast %.17g ref %.17g",
                          label, rel, alpha, sigma, xv, Sf, Sr);
            }
        }
    }
    mpfr_clears(D256, D320, t, (mpfr_ptr) 0);
    free(ws);
    free(out);
    free(one);
    dmv_fast_model_clear(&m);
}

int main(void)
{
    dmv_test_rng rng = {20261122};
    long it, iters = dmv_test_iters(100);
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());

    for (it = 0; it < iters; it++) {
        long d = 1 + (long) (dmv_test_uniform(&rng) * 3), K = 1 + (long) (dmv_test_uniform(&rng) * 4);
        long n = 7, i, r, j;
        double w[12], a[12], b[12], x[21], alpha, sigma;
        int regime = (int) (dmv_test_uniform(&rng) * 4);
        for (i = 0; i < d * K; i++) {
            a[i] = -3 + 6 * dmv_test_uniform(&rng);
            b[i] = a[i] + dmv_test_loguniform(&rng, 1e-3, 3);
            w[i] = (dmv_test_uniform(&rng) < 0.1 && i % K != 0) ? 0 : 0.05 + dmv_test_uniform(&rng);
        }
        alpha = dmv_test_uniform(&rng) < 0.3 ? 1.0 : dmv_test_loguniform(&rng, 1e-3, 1);
        sigma = regime == 0 ? dmv_test_loguniform(&rng, 1e-6, 1e-4) : dmv_test_loguniform(&rng, 1e-6, 10);
        for (r = 0; r < n; r++)
            for (j = 0; j < d; j++) {
                long k = j * K + (long) (dmv_test_uniform(&rng) * K);
                double u = dmv_test_uniform(&rng);
                if (regime <= 1) /* near an endpoint, up to 40 sigma away on either side */
                    x[r * d + j] = alpha * (u < 0.5 ? a[k] : b[k]) + sigma * (-40 + 80 * dmv_test_uniform(&rng));
                else if (regime == 2) /* inside an interval */
                    x[r * d + j] = alpha * (a[k] + (b[k] - a[k]) * u) + sigma * (dmv_test_uniform(&rng) - 0.5);
                else /* anywhere, possibly far */
                    x[r * d + j] = (alpha * 4 + sigma * 10) * (2 * u - 1);
            }
        {
            char label[64];
            snprintf(label, sizeof label, "iter %ld regime %d", it, regime);
            check_case(d, K, w, a, b, alpha, sigma, n, x, label, 4e-15, 1e-12);
        }
    }
    /* hand cases: U[0,1], alpha = 1, x far left by 40 sigma with sigma = 1e-6: D ~ a + sigma/40 */
    {
        double w1 = 1, a1 = 0, b1 = 1, xs[3] = {-40e-6, 1 + 40e-6, 0.5};
        check_case(1, 1, &w1, &a1, &b1, 1.0, 1e-6, 3, xs, "hand far tail", 4e-15, 1e-12);
    }
    /* two intervals 40 sigma from x = 0 on either side: naive exp(-lo^2/2) = exp(-800) underflows
     * for both, the responsibilities are 0.3 : 0.7 times O(1) factors */
    {
        double w2[2] = {0.3, 0.7}, a2[2] = {-2, 1}, b2[2] = {-1, 2}, xs[4] = {0, 0.001, -0.001, 1e-7};
        check_case(1, 2, w2, a2, b2, 1.0, 0.025, 4, xs, "hand underflow 40 sigma", 4e-15, 1e-12);
    }
    /* the same at 1000 sigma (sigma = 1e-3): the log-weights are ~ -5e5; a plain double
     * -lo^2/2 would be off by ~5e5 ulp(1) ~ 1e-10, the split big + small form keeps ~eps */
    {
        double w2[2] = {0.3, 0.7}, a2[2] = {-2, 1}, b2[2] = {-1, 2}, xs[4] = {0, 0.01, -0.01, 1e-7};
        double wd = worst_d, wsc = worst_s;
        check_case(1, 2, w2, a2, b2, 1.0, 1e-3, 4, xs, "hand underflow 1000 sigma", 4e-15, 1e-12);
        printf("umix: 1000-sigma competition case: D error %.3g, score rel error %.3g\n", worst_d, worst_s);
        worst_d = wd;
        worst_s = wsc;
    }
    /* alpha = 0: the posterior is the prior, D = sum_k w_k (a_k + b_k)/2 / sum_k w_k */
    {
        double w3[3] = {0.2, 0.5, 0.3}, a3[3] = {-3, 0, 2}, b3[3] = {-1, 0.5, 6}, xs = 1.7, o, ex = 0;
        dmv_fast_model m;
        void *ws;
        int k;
        for (k = 0; k < 3; k++)
            ex += w3[k] * (a3[k] + b3[k]) / 2;
        DMV_CHECK(dmv_fast_model_umix_init(&m, 1, 3, w3, a3, b3, NULL) == DMV_OK, "init");
        ws = malloc(m.workspace_size(&m, 1));
        DMV_CHECK(dmv_fast_model_denoise(&m, 0.0, 1.0, 1, &xs, &o, ws) == DMV_OK && fabs(o - ex) <= 1e-14,
                  "alpha = 0: %.17g vs prior mean %.17g", o, ex);
        DMV_CHECK(dmv_fast_model_denoise(&m, 1.0, 0.0, 1, &xs, &o, ws) == DMV_EDOM, "sigma = 0 must be DMV_EDOM");
        DMV_CHECK(dmv_fast_model_denoise(&m, -1.0, 1.0, 1, &xs, &o, ws) == DMV_EDOM, "alpha < 0 must be DMV_EDOM");
        free(ws);
        dmv_fast_model_clear(&m);
    }
    /* bad arguments name the culprit */
    {
        double w2[2] = {1, 1}, a2[2] = {0, 2}, b2[2] = {1, 1.5};
        dmv_fast_model m;
        dmv_error err;
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_model_umix_init(&m, 1, 2, w2, a2, b2, &err) == DMV_EINVAL && strstr(err.msg, "interval 1") &&
                      strstr(err.msg, "a < b"),
                  "a > b not reported: %s", err.msg);
        b2[1] = 3;
        w2[0] = -1;
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_model_umix_init(&m, 1, 2, w2, a2, b2, &err) == DMV_EINVAL && strstr(err.msg, "w[0]"),
                  "negative weight not reported: %s", err.msg);
        w2[0] = 0;
        w2[1] = 0;
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_model_umix_init(&m, 1, 2, w2, a2, b2, &err) == DMV_EINVAL && strstr(err.msg, "sum of weights"),
                  "zero weights not reported: %s", err.msg);
    }
    printf("umix: worst D error %.3g (relative to data scale), worst score rel error %.3g\n", worst_d, worst_s);
    DMV_TEST_DONE("t-model-umix");
}
