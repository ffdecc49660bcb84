/* Empirical model (fast/model_empirical.c) against MPFR at 256 bits.
 * Oracle: p_i = exp(-|x - alpha X_i|^2 / (2 sigma^2)) in MPFR with its huge exponent range (no
 * log-sum-exp, so weights that underflow in naive double are still computed), D = sum p_i X_i /
 * sum p_i. Bound asserted: |D_fast - D_ref| <= 1e-14 * max(1, max |X|) (measured maximum printed);
 * x within ~40 sigma per coordinate of a training point or between two; plus a hand case
 * where two points compete from 2^19 in the exponent (D = tanh, exact).
 * The GEMM variant (dmv_fast_model_empirical_gemm_init) is held to 1e-12 against the same
 * oracle (its kept GEMM exponents are plain doubles), and to 1e-13 against the direct model
 * on N = 4000, d = 16.
 * Also: a row alone equals its value in a batch of 7, bit for bit; bad arguments. */
#include <mpfr.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv_test.h"

static double worst = 0, worst_gemm = 0, worst_big = 0;

int main(void)
{
    dmv_test_rng rng = {4242};
    long it, iters = dmv_test_iters(600);
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());

    for (it = 0; it < iters; it++) {
        long d = 1 + (long) (dmv_test_uniform(&rng) * 4), N = 1 + (long) dmv_test_loguniform(&rng, 1, 60);
        long n = 7, i, j, r;
        double *X = malloc((size_t) (N * d) * sizeof(double)), x[28], out[28], outg[28], one[4], alpha, sigma, scale = 1;
        dmv_fast_model m, mg;
        void *wsg;
        dmv_error err;
        void *ws;
        int rc;
        mpfr_t num[4], den, p, t;

        alpha = dmv_test_uniform(&rng) < 0.3 ? 1.0 : dmv_test_loguniform(&rng, 1e-3, 1);
        sigma = dmv_test_uniform(&rng) < 0.4 ? dmv_test_loguniform(&rng, 1e-6, 1e-4) : dmv_test_loguniform(&rng, 1e-6, 10);
        for (i = 0; i < N * d; i++) {
            X[i] = 4 * dmv_test_uniform(&rng) - 2;
            scale = fmax(scale, fabs(X[i]));
        }
        for (r = 0; r < n; r++) {
            long k = (long) (dmv_test_uniform(&rng) * N);
            int mid = dmv_test_uniform(&rng) < 0.3 && N > 1;
            long k2 = (k + 1) % N;
            for (j = 0; j < d; j++) {
                double t0 = 40 * (2 * dmv_test_uniform(&rng) - 1);
                if (mid) /* between two training points (equal-ish weights that both underflow) */
                    x[r * d + j] = alpha * 0.5 * (X[k * d + j] + X[k2 * d + j]) + sigma * t0 / 8;
                else
                    x[r * d + j] = alpha * X[k * d + j] + sigma * t0;
            }
        }
        dmv_error_init(&err);
        rc = dmv_fast_model_empirical_init(&m, d, N, X, &err);
        DMV_CHECK(rc == DMV_OK, "init: %s", err.msg);
        if (rc)
            return 1;
        ws = malloc(m.workspace_size(&m, n));
        rc = dmv_fast_model_denoise(&m, alpha, sigma, n, x, out, ws);
        DMV_CHECK(rc == DMV_OK, "denoise rc %d", rc);
        rc = dmv_fast_model_empirical_gemm_init(&mg, d, N, X, &err);
        DMV_CHECK(rc == DMV_OK && mg.ulp_bounded == 1, "gemm init: %s", err.msg);
        wsg = malloc(mg.workspace_size(&mg, n));
        rc = dmv_fast_model_denoise(&mg, alpha, sigma, n, x, outg, wsg);
        DMV_CHECK(rc == DMV_OK, "gemm denoise rc %d", rc);
        mpfr_inits2(256, den, p, t, (mpfr_ptr) 0);
        for (j = 0; j < d; j++)
            mpfr_init2(num[j], 256);
        for (r = 0; r < n; r++) {
            rc = dmv_fast_model_denoise(&m, alpha, sigma, 1, x + r * d, one, ws);
            DMV_CHECK(rc == DMV_OK && memcmp(one, out + r * d, (size_t) d * sizeof(double)) == 0,
                      "iter %ld: row %ld alone differs from the batch", it, r);
            mpfr_set_ui(den, 0, MPFR_RNDN);
            for (j = 0; j < d; j++)
                mpfr_set_ui(num[j], 0, MPFR_RNDN);
            for (i = 0; i < N; i++) {
                mpfr_set_ui(p, 0, MPFR_RNDN);
                for (j = 0; j < d; j++) {
                    mpfr_set_d(t, alpha, MPFR_RNDN);
                    mpfr_mul_d(t, t, X[i * d + j], MPFR_RNDN);
                    mpfr_sub_d(t, t, x[r * d + j], MPFR_RNDN);
                    mpfr_sqr(t, t, MPFR_RNDN);
                    mpfr_add(p, p, t, MPFR_RNDN);
                }
                mpfr_div_d(p, p, sigma, MPFR_RNDN);
                mpfr_div_d(p, p, sigma, MPFR_RNDN);
                mpfr_div_si(p, p, -2, MPFR_RNDN);
                mpfr_exp(p, p, MPFR_RNDN);
                mpfr_add(den, den, p, MPFR_RNDN);
                for (j = 0; j < d; j++) {
                    mpfr_mul_d(t, p, X[i * d + j], MPFR_RNDN);
                    mpfr_add(num[j], num[j], t, MPFR_RNDN);
                }
            }
            for (j = 0; j < d; j++) {
                double e;
                mpfr_div(t, num[j], den, MPFR_RNDN);
                mpfr_sub_d(p, t, outg[r * d + j], MPFR_RNDN);
                e = fabs(mpfr_get_d(p, MPFR_RNDN)) / scale;
                worst_gemm = fmax(worst_gemm, e);
                DMV_CHECK(e <= 1e-12, "gemm: iter %ld d=%ld N=%ld alpha=%.17g sigma=%.17g row %ld coord %ld: err %.3g", it,
                          d, N, alpha, sigma, r, j, e);
                mpfr_sub_d(t, t, out[r * d + j], MPFR_RNDN);
                e = fabs(mpfr_get_d(t, MPFR_RNDN)) / scale;
                if (e > worst)
                    worst = e;
                DMV_CHECK(e <= 1e-14, "iter %ld d=%ld N=%ld alpha=%.17g sigma=%.17g row %ld coord %ld: err %.3g", it, d,
                          N, alpha, sigma, r, j, e);
            }
        }
        for (j = 0; j < d; j++)
            mpfr_clear(num[j]);
        mpfr_clears(den, p, t, (mpfr_ptr) 0);
        free(ws);
        free(wsg);
        free(X);
        dmv_fast_model_clear(&m);
        dmv_fast_model_clear(&mg);
    }
    /* GEMM variant vs the direct model on a larger set (N = 4000, d = 16), small and large sigma */
    {
        long N = 4000, d = 16, n = 32, i, q;
        double *X = malloc((size_t) (N * d) * sizeof(double)), *x = malloc((size_t) (n * d) * sizeof(double));
        double *o1 = malloc((size_t) (n * d) * sizeof(double)), *o2 = malloc((size_t) (n * d) * sizeof(double));
        double sig[5] = {1e-5, 1e-2, 0.3, 5, 50};
        dmv_fast_model m1, m2;
        void *w1, *w2;
        for (i = 0; i < N * d; i++)
            X[i] = 2 * dmv_test_uniform(&rng) - 1;
        dmv_fast_model_empirical_init(&m1, d, N, X, NULL);
        dmv_fast_model_empirical_gemm_init(&m2, d, N, X, NULL);
        w1 = malloc(m1.workspace_size(&m1, n));
        w2 = malloc(m2.workspace_size(&m2, n));
        for (q = 0; q < 5; q++) {
            double a = 0.9;
            for (i = 0; i < n * d; i++) /* near training points */
                x[i] = a * X[(i / d * 97 % N) * d + i % d] + sig[q] * (4 * dmv_test_uniform(&rng) - 2);
            dmv_fast_model_denoise(&m1, a, sig[q], n, x, o1, w1);
            dmv_fast_model_denoise(&m2, a, sig[q], n, x, o2, w2);
            for (i = 0; i < n * d; i++) {
                double e = fabs(o1[i] - o2[i]);
                worst_big = fmax(worst_big, e);
                DMV_CHECK(e <= 1e-13, "gemm vs direct, N = %ld, sigma = %g: %.17g vs %.17g", N, sig[q], o2[i], o1[i]);
            }
        }
        free(w1);
        free(w2);
        free(X);
        free(x);
        free(o1);
        free(o2);
        dmv_fast_model_clear(&m1);
        dmv_fast_model_clear(&m2);
    }
    /* hand case: two points 0 and 1 in 1-D, alpha = 1, x = 1/2 + sigma t: the weights are
     * 1 : exp(t/sigma), so D = 1/(1 + exp(-t/sigma)) exactly (both raw weights underflow) */
    {
        double X[2] = {0, 1}, sig = 1.0 / 128, ts[3] = {0, 1.0 / 4096, -1.0 / 1024}, xv, o;
        dmv_fast_model m;
        void *ws;
        int k;
        dmv_fast_model_empirical_init(&m, 1, 2, X, NULL);
        ws = malloc(m.workspace_size(&m, 1));
        for (k = 0; k < 3; k++) {
            double ex;
            xv = 0.5 + ts[k]; /* exact in binary */
            dmv_fast_model_denoise(&m, 1.0, sig, 1, &xv, &o, ws);
            /* |x - 1|^2 - |x|^2 = 1 - 2x = -2 t: weight ratio exp(2 t/(2 sigma^2)) = exp(t/sigma^2) */
            ex = 1.0 / (1.0 + exp(-ts[k] / (sig * sig)));
            DMV_CHECK(fabs(o - ex) <= 4e-16, "hand case t = %g: %.17g vs %.17g", ts[k], o, ex);
        }
        free(ws);
        dmv_fast_model_clear(&m);
    }
    /* far competition: points -1 and 1, alpha = 1, sigma = 2^-10, x = k 2^-24: both exponents
     * are ~ -2^19 (a plain double would be off by ~2^19 ulp(1) ~ 1e-10), the weight ratio is
     * exp(2 x / sigma^2) = exp(k/8), so D = tanh(k/16) exactly */
    {
        double X[2] = {-1, 1}, sig = 0x1p-10, xv, o;
        dmv_fast_model m;
        void *ws;
        int k;
        dmv_fast_model_empirical_init(&m, 1, 2, X, NULL);
        ws = malloc(m.workspace_size(&m, 1));
        for (k = -20; k <= 20; k += 3) {
            xv = k * 0x1p-24;
            dmv_fast_model_denoise(&m, 1.0, sig, 1, &xv, &o, ws);
            DMV_CHECK(fabs(o - tanh(k / 16.0)) <= 6e-16, "far competition k = %d: %.17g vs tanh %.17g", k, o,
                      tanh(k / 16.0));
        }
        free(ws);
        dmv_fast_model_clear(&m);
    }
    {
        dmv_fast_model m;
        dmv_error err;
        double X[2] = {0, NAN};
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_model_empirical_init(&m, 1, 2, X, &err) == DMV_EINVAL && strstr(err.msg, "X[1][0]"),
                  "NaN training point not reported: %s", err.msg);
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_model_empirical_init(&m, 1, 0, X, &err) == DMV_EINVAL && strstr(err.msg, "n_train"),
                  "n_train = 0 not reported: %s", err.msg);
    }
    printf("empirical: worst D error %.3g (relative to max |X|); GEMM variant %.3g; GEMM vs direct (N = 4000) %.3g\n",
           worst, worst_gemm, worst_big);
    DMV_TEST_DONE("t-model-empirical");
}
