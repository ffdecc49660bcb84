/* Gaussian-mixture model (fast/model_mixture.c) against MPFR at 256 bits.
 * Oracle: the densities themselves, p_k = w_k prod_j lambda_s,kj^{-1/2} exp(-r_kj^2/(2 lambda_s,kj)),
 * r_k = U_k^T x - alpha m_k, summed directly with MPFR's huge exponent range (no log-sum-exp:
 * weights that underflow in double are computed by a route that cannot underflow), and
 * D = sum_k p_k U_k (m_k + alpha lambda_k/lambda_s,k r_k) / sum_k p_k, with U_k^T x and U_k z in
 * exact arithmetic on the double entries of U_k (256 bits). Diagonal and eigenpair components,
 * random orthogonal U_k = Householder products built here. Bound asserted:
 * |D_fast - D_ref| <= 2e-14 * scale per coordinate, scale = max(1, |D_ref|_inf, max_k |m_k|_inf)
 * (measured maximum printed). Also: a row alone equals its value in a batch of 7, bit for bit. */
#include <mpfr.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv_test.h"

#define MAXD 4
#define MAXK 4

static double worst = 0, worst_diag = 0;

/* oracle D (coordinate i) into out[i] */
static void oracle(mpfr_t *out, long d, long K, const double *w, const double *lam, const double *mean,
                   double *const *U, double alpha, double sigma, const double *x)
{
    mpfr_t num[MAXD], den, y[MAXD], z[MAXD], ls, r, q, p, t;
    long k, i, j;
    mpfr_inits2(256, den, ls, r, q, p, t, (mpfr_ptr) 0);
    for (i = 0; i < d; i++) {
        mpfr_inits2(256, num[i], y[i], z[i], (mpfr_ptr) 0);
        mpfr_set_ui(num[i], 0, MPFR_RNDN);
    }
    mpfr_set_ui(den, 0, MPFR_RNDN);
    for (k = 0; k < K; k++) {
        if (w[k] == 0)
            continue;
        for (j = 0; j < d; j++) { /* y = U^T x */
            mpfr_set_ui(y[j], 0, MPFR_RNDN);
            for (i = 0; i < d; i++) {
                mpfr_set_d(t, U[k] ? U[k][i * d + j] : (i == j ? 1.0 : 0.0), MPFR_RNDN);
                mpfr_mul_d(t, t, x[i], MPFR_RNDN);
                mpfr_add(y[j], y[j], t, MPFR_RNDN);
            }
        }
        mpfr_set_d(p, w[k], MPFR_RNDN);
        mpfr_set_ui(q, 0, MPFR_RNDN);
        for (j = 0; j < d; j++) {
            double l = lam[k * d + j], m = mean[k * d + j];
            mpfr_set_d(ls, alpha, MPFR_RNDN);
            mpfr_sqr(ls, ls, MPFR_RNDN);
            mpfr_mul_d(ls, ls, l, MPFR_RNDN);
            mpfr_set_d(t, sigma, MPFR_RNDN);
            mpfr_sqr(t, t, MPFR_RNDN);
            mpfr_add(ls, ls, t, MPFR_RNDN); /* alpha^2 lambda + sigma^2 */
            mpfr_set_d(r, alpha, MPFR_RNDN);
            mpfr_mul_d(r, r, m, MPFR_RNDN);
            mpfr_sub(r, y[j], r, MPFR_RNDN); /* y - alpha m */
            mpfr_sqr(t, r, MPFR_RNDN);
            mpfr_div(t, t, ls, MPFR_RNDN);
            mpfr_add(q, q, t, MPFR_RNDN);
            mpfr_sqrt(t, ls, MPFR_RNDN);
            mpfr_div(p, p, t, MPFR_RNDN);
            /* z_j = m + alpha lambda r / ls */
            mpfr_mul_d(t, r, alpha, MPFR_RNDN);
            mpfr_mul_d(t, t, l, MPFR_RNDN);
            mpfr_div(t, t, ls, MPFR_RNDN);
            mpfr_add_d(z[j], t, m, MPFR_RNDN);
        }
        mpfr_div_si(q, q, -2, MPFR_RNDN);
        mpfr_exp(q, q, MPFR_RNDN);
        mpfr_mul(p, p, q, MPFR_RNDN);
        mpfr_add(den, den, p, MPFR_RNDN);
        for (i = 0; i < d; i++) { /* D_k = U z */
            mpfr_set_ui(t, 0, MPFR_RNDN);
            for (j = 0; j < d; j++) {
                mpfr_set_d(r, U[k] ? U[k][i * d + j] : (i == j ? 1.0 : 0.0), MPFR_RNDN);
                mpfr_mul(r, r, z[j], MPFR_RNDN);
                mpfr_add(t, t, r, MPFR_RNDN);
            }
            mpfr_mul(t, t, p, MPFR_RNDN);
            mpfr_add(num[i], num[i], t, MPFR_RNDN);
        }
    }
    for (i = 0; i < d; i++) {
        mpfr_div(out[i], num[i], den, MPFR_RNDN);
        mpfr_clears(num[i], y[i], z[i], (mpfr_ptr) 0);
    }
    mpfr_clears(den, ls, r, q, p, t, (mpfr_ptr) 0);
}

int main(void)
{
    dmv_test_rng rng = {77};
    long it, iters = dmv_test_iters(1000);
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());

    for (it = 0; it < iters; it++) {
        long d = 1 + (long) (dmv_test_uniform(&rng) * MAXD), K = 1 + (long) (dmv_test_uniform(&rng) * MAXK);
        long n = 7, r, i, j, k;
        int eig = dmv_test_uniform(&rng) < 0.5, rc;
        double w[MAXK], lam[MAXK * MAXD], mean[MAXK * MAXD], Ub[MAXK][MAXD * MAXD], *U[MAXK];
        double x[7 * MAXD], out[7 * MAXD], one[MAXD], alpha, sigma;
        dmv_gaussian comp[MAXK];
        dmv_fast_model m;
        dmv_error err;
        void *ws;
        mpfr_t Dr[MAXD];

        alpha = dmv_test_uniform(&rng) < 0.3 ? 1.0 : dmv_test_loguniform(&rng, 1e-3, 1);
        sigma = dmv_test_uniform(&rng) < 0.3 ? dmv_test_loguniform(&rng, 1e-6, 1e-4) : dmv_test_loguniform(&rng, 1e-6, 10);
        for (k = 0; k < K; k++) {
            w[k] = (k > 0 && dmv_test_uniform(&rng) < 0.1) ? 0 : 0.05 + dmv_test_uniform(&rng);
            for (j = 0; j < d; j++) {
                lam[k * d + j] = dmv_test_uniform(&rng) < 0.2 ? 0 : dmv_test_loguniform(&rng, 1e-4, 4);
                mean[k * d + j] = 4 * dmv_test_uniform(&rng) - 2;
            }
            U[k] = NULL;
            if (eig && dmv_test_uniform(&rng) < 0.8) {
                dmv_test_householder(&rng, d, Ub[k]);
                U[k] = Ub[k];
            }
            comp[k].d = d;
            comp[k].lambda = lam + k * d;
            comp[k].mean = mean + k * d;
            comp[k].basis = U[k];
        }
        for (r = 0; r < n; r++) {
            /* around a component in its eigenbasis, up to 40 standard deviations out */
            long kk = (long) (dmv_test_uniform(&rng) * K);
            double z[MAXD];
            for (j = 0; j < d; j++) {
                double ls = alpha * alpha * lam[kk * d + j] + sigma * sigma;
                double t = (dmv_test_uniform(&rng) < 0.5) ? 40 * (2 * dmv_test_uniform(&rng) - 1)
                                                          : 2 * dmv_test_uniform(&rng) - 1;
                z[j] = alpha * mean[kk * d + j] + sqrt(ls) * t;
            }
            for (i = 0; i < d; i++) {
                double acc = 0;
                for (j = 0; j < d; j++)
                    acc += (U[kk] ? U[kk][i * d + j] : (i == j)) * z[j];
                x[r * d + i] = acc;
            }
        }
        dmv_error_init(&err);
        rc = eig ? dmv_fast_model_mixture_eig_init(&m, K, w, comp, &err)
                 : dmv_fast_model_mixture_init(&m, d, K, w, mean, lam, &err);
        DMV_CHECK(rc == DMV_OK, "init: %s", err.msg);
        if (rc)
            return 1;
        ws = malloc(m.workspace_size(&m, n));
        rc = dmv_fast_model_denoise(&m, alpha, sigma, n, x, out, ws);
        DMV_CHECK(rc == DMV_OK, "denoise rc %d", rc);
        for (i = 0; i < d; i++)
            mpfr_init2(Dr[i], 256);
        for (r = 0; r < n; r++) {
            double scale = 1;
            rc = dmv_fast_model_denoise(&m, alpha, sigma, 1, x + r * d, one, ws);
            DMV_CHECK(rc == DMV_OK && memcmp(one, out + r * d, (size_t) d * sizeof(double)) == 0,
                      "iter %ld: row %ld alone differs from the batch", it, r);
            oracle(Dr, d, K, w, lam, mean, U, alpha, sigma, x + r * d);
            for (k = 0; k < K; k++)
                for (j = 0; j < d; j++)
                    scale = fmax(scale, fabs(mean[k * d + j]));
            for (i = 0; i < d; i++)
                scale = fmax(scale, fabs(mpfr_get_d(Dr[i], MPFR_RNDN)));
            for (i = 0; i < d; i++) {
                double e;
                mpfr_sub_d(Dr[i], Dr[i], out[r * d + i], MPFR_RNDN);
                e = fabs(mpfr_get_d(Dr[i], MPFR_RNDN)) / scale;
                if (e > worst)
                    worst = e;
                if (!eig && e > worst_diag)
                    worst_diag = e;
                DMV_CHECK(e <= 2e-14, "iter %ld (eig %d) d=%ld K=%ld alpha=%.17g sigma=%.17g row %ld coord %ld: err %.3g (scale %g)",
                          it, eig, d, K, alpha, sigma, r, i, e, scale);
            }
        }
        for (i = 0; i < d; i++)
            mpfr_clear(Dr[i]);
        free(ws);
        dmv_fast_model_clear(&m);
    }
    /* far competition: N(-1, 1e-6) and N(1, 1e-6), alpha = 1, sigma = 1e-3, x near 0: each
     * component is ~700 standard deviations away (exponents ~ -2.5e5, both weights underflow
     * in naive double, and a plain-double exponent would be off by ~2.5e5 ulp(1) ~ 5e-11) */
    {
        double w[2] = {0.3, 0.7}, mu[2] = {-1, 1}, v[2] = {1e-6, 1e-6}, xs[4] = {0, 1e-7, -2e-7, 3e-8}, o[4];
        double *Un[2] = {NULL, NULL};
        dmv_fast_model m;
        mpfr_t Dr[1];
        void *ws;
        long r;
        mpfr_init2(Dr[0], 256);
        DMV_CHECK(dmv_fast_model_mixture_init(&m, 1, 2, w, mu, v, NULL) == DMV_OK, "init");
        ws = malloc(m.workspace_size(&m, 4));
        DMV_CHECK(dmv_fast_model_denoise(&m, 1.0, 1e-3, 4, xs, o, ws) == DMV_OK, "denoise");
        for (r = 0; r < 4; r++) {
            double e;
            oracle(Dr, 1, 2, w, v, mu, Un, 1.0, 1e-3, xs + r);
            mpfr_sub_d(Dr[0], Dr[0], o[r], MPFR_RNDN);
            e = fabs(mpfr_get_d(Dr[0], MPFR_RNDN));
            worst = fmax(worst, e);
            DMV_CHECK(e <= 2e-14, "far competition x = %g: error %.3g", xs[r], e);
        }
        free(ws);
        mpfr_clear(Dr[0]);
        dmv_fast_model_clear(&m);
    }
    /* bad arguments */
    {
        dmv_fast_model m;
        dmv_error err;
        double w[2] = {1, -0.5}, mu[2] = {0, 0}, v[2] = {1, 1};
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_model_mixture_init(&m, 1, 2, w, mu, v, &err) == DMV_EINVAL && strstr(err.msg, "w[1]"),
                  "negative weight not reported: %s", err.msg);
        w[1] = 0.5;
        v[0] = -1;
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_model_mixture_init(&m, 1, 2, w, mu, v, &err) == DMV_EINVAL && strstr(err.msg, "lambda[0]"),
                  "negative variance not reported: %s", err.msg);
    }
    printf("mixture: worst D error %.3g (relative to scale); diagonal components only: %.3g\n", worst, worst_diag);
    DMV_TEST_DONE("t-model-mixture");
}
