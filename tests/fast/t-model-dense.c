/* Dense Gaussian model (fast/model_dense.c: two GEMMs per call).
 * 1. Against the diagonal formula in the eigenbasis, evaluated in MPFR at 256 bits on the
 *    double entries of a random orthogonal U (a Householder product built here):
 *    D = U (m + c .* (U^T x - alpha m)), c_j = alpha lambda_j / (alpha^2 lambda_j + sigma^2).
 *    Bound: |D_fast - D_ref| <= 1e-12 * scale, scale = max(1, |m|_inf, |D_ref|_inf, |x|_inf / alpha).
 * 2. Batch shape: a row alone vs in a batch of 7 agree to 1e-14 * scale (ulp-bounded; the
 *    number of bit-identical rows is printed); ulp_bounded == 1.
 * 3. DCT-II basis: entries against MPFR's cos at 256 bits (<= 2 ulp of 1/sqrt(d)), and
 *    U^T U = I to 1e-14.
 * 4. Covariance constructor (LAPACKE_dsyevd): cov = U diag(lambda) U^T, D against 1. to 1e-10.
 * 5. Bad arguments. */
#include <mpfr.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv_test.h"

#define MAXD 12

/* D_ref for one row, in MPFR */
static void oracle(double *Dr, long d, const double *U, const double *lam, const double *mean, double alpha,
                   double sigma, const double *x)
{
    mpfr_t y[MAXD], t, u, ls;
    long i, j;
    mpfr_inits2(256, t, u, ls, (mpfr_ptr) 0);
    for (j = 0; j < d; j++) {
        mpfr_init2(y[j], 256);
        mpfr_set_ui(y[j], 0, MPFR_RNDN);
        for (i = 0; i < d; i++) {
            mpfr_set_d(t, U[i * d + j], MPFR_RNDN);
            mpfr_mul_d(t, t, x[i], MPFR_RNDN);
            mpfr_add(y[j], y[j], t, MPFR_RNDN);
        }
        /* z = m + alpha lambda (y - alpha m) / (alpha^2 lambda + sigma^2) */
        mpfr_set_d(t, alpha, MPFR_RNDN);
        mpfr_mul_d(t, t, mean[j], MPFR_RNDN);
        mpfr_sub(y[j], y[j], t, MPFR_RNDN);
        mpfr_set_d(ls, alpha, MPFR_RNDN);
        mpfr_sqr(ls, ls, MPFR_RNDN);
        mpfr_mul_d(ls, ls, lam[j], MPFR_RNDN);
        mpfr_set_d(u, sigma, MPFR_RNDN);
        mpfr_sqr(u, u, MPFR_RNDN);
        mpfr_add(ls, ls, u, MPFR_RNDN);
        mpfr_mul_d(y[j], y[j], alpha, MPFR_RNDN);
        mpfr_mul_d(y[j], y[j], lam[j], MPFR_RNDN);
        mpfr_div(y[j], y[j], ls, MPFR_RNDN);
        mpfr_add_d(y[j], y[j], mean[j], MPFR_RNDN);
    }
    for (i = 0; i < d; i++) {
        mpfr_set_ui(u, 0, MPFR_RNDN);
        for (j = 0; j < d; j++) {
            mpfr_set_d(t, U[i * d + j], MPFR_RNDN);
            mpfr_mul(t, t, y[j], MPFR_RNDN);
            mpfr_add(u, u, t, MPFR_RNDN);
        }
        Dr[i] = mpfr_get_d(u, MPFR_RNDN);
    }
    for (j = 0; j < d; j++)
        mpfr_clear(y[j]);
    mpfr_clears(t, u, ls, (mpfr_ptr) 0);
}

int main(void)
{
    dmv_test_rng rng = {99};
    long it, iters = dmv_test_iters(300), same_rows = 0, all_rows = 0;
    double worst = 0, worst_batch = 0, worst_cov = 0;

    for (it = 0; it < iters; it++) {
        long d = 1 + (long) (dmv_test_uniform(&rng) * MAXD), n = 7, r, i, j;
        double U[MAXD * MAXD], lam[MAXD], mean[MAXD], x[7 * MAXD], out[7 * MAXD], one[MAXD], Dr[MAXD];
        double alpha, sigma, cov[MAXD * MAXD];
        int use_basis = dmv_test_uniform(&rng) < 0.85, rc;
        dmv_gaussian g;
        dmv_fast_model m, mc;
        dmv_error err;
        void *ws;

        dmv_test_householder(&rng, d, U);
        if (!use_basis)
            for (i = 0; i < d * d; i++)
                U[i] = (i % (d + 1) == 0) ? 1.0 : 0.0;
        for (j = 0; j < d; j++) {
            lam[j] = dmv_test_uniform(&rng) < 0.15 ? 0 : dmv_test_loguniform(&rng, 1e-4, 10);
            mean[j] = 4 * dmv_test_uniform(&rng) - 2;
        }
        alpha = dmv_test_uniform(&rng) < 0.3 ? 1.0 : dmv_test_loguniform(&rng, 1e-3, 1);
        sigma = dmv_test_loguniform(&rng, 1e-6, 10);
        for (i = 0; i < n * d; i++)
            x[i] = (alpha * 3 + sigma * 3) * (2 * dmv_test_uniform(&rng) - 1);
        g.d = d;
        g.lambda = lam;
        g.mean = mean;
        g.basis = use_basis ? U : NULL;
        dmv_error_init(&err);
        rc = dmv_fast_model_dense_init(&m, &g, &err);
        DMV_CHECK(rc == DMV_OK, "init: %s", err.msg);
        if (rc)
            return 1;
        DMV_CHECK(m.ulp_bounded == 1, "dense model must declare ulp_bounded");
        ws = malloc(m.workspace_size(&m, n));
        rc = dmv_fast_model_denoise(&m, alpha, sigma, n, x, out, ws);
        DMV_CHECK(rc == DMV_OK, "denoise rc %d", rc);
        for (r = 0; r < n; r++) {
            double scale = 1;
            oracle(Dr, d, U, lam, mean, alpha, sigma, x + r * d);
            for (j = 0; j < d; j++)
                scale = fmax(scale, fmax(fabs(mean[j]), fmax(fabs(Dr[j]), fabs(x[r * d + j]) / alpha)));
            for (j = 0; j < d; j++) {
                double e = fabs(out[r * d + j] - Dr[j]) / scale;
                worst = fmax(worst, e);
                DMV_CHECK(e <= 1e-12, "iter %ld d=%ld alpha=%.17g sigma=%.17g row %ld coord %ld: %.17g vs %.17g (err %.3g)",
                          it, d, alpha, sigma, r, j, out[r * d + j], Dr[j], e);
            }
            rc = dmv_fast_model_denoise(&m, alpha, sigma, 1, x + r * d, one, ws);
            DMV_CHECK(rc == DMV_OK, "denoise rc %d", rc);
            all_rows++;
            if (memcmp(one, out + r * d, (size_t) d * sizeof(double)) == 0)
                same_rows++;
            for (j = 0; j < d; j++) {
                double e = fabs(one[j] - out[r * d + j]) / scale;
                worst_batch = fmax(worst_batch, e);
                DMV_CHECK(e <= 1e-14, "iter %ld: row %ld alone vs batch differ by %.3g", it, r, e);
            }
        }
        /* covariance constructor */
        if (sigma > 0.1) {
            long l;
            double mu[MAXD], lam2[MAXD];
            for (j = 0; j < d; j++)
                lam2[j] = 0.01 + lam[j];
            for (i = 0; i < d; i++)
                for (j = 0; j < d; j++) {
                    double acc = 0;
                    for (l = 0; l < d; l++)
                        acc += U[i * d + l] * lam2[l] * U[j * d + l];
                    cov[i * d + j] = acc;
                }
            for (i = 0; i < d; i++) /* symmetrise exactly */
                for (j = 0; j < i; j++)
                    cov[i * d + j] = cov[j * d + i];
            for (i = 0; i < d; i++) {
                double acc = 0;
                for (j = 0; j < d; j++)
                    acc += U[i * d + j] * mean[j];
                mu[i] = acc;
            }
            dmv_error_init(&err);
            rc = dmv_fast_model_dense_cov_init(&mc, d, cov, mu, &err);
            DMV_CHECK(rc == DMV_OK, "cov init: %s", err.msg);
            if (rc == DMV_OK) {
                rc = dmv_fast_model_denoise(&mc, alpha, sigma, n, x, out, ws);
                for (r = 0; r < n; r++) {
                    double scale = 1;
                    oracle(Dr, d, U, lam2, mean, alpha, sigma, x + r * d);
                    for (j = 0; j < d; j++)
                        scale = fmax(scale, fmax(fabs(mean[j]), fmax(fabs(Dr[j]), fabs(x[r * d + j]) / alpha)));
                    for (j = 0; j < d; j++) {
                        double e = fabs(out[r * d + j] - Dr[j]) / scale;
                        worst_cov = fmax(worst_cov, e);
                        DMV_CHECK(e <= 1e-10, "cov iter %ld d=%ld row %ld coord %ld: %.17g vs %.17g", it, d, r, j,
                                  out[r * d + j], Dr[j]);
                    }
                }
                dmv_fast_model_clear(&mc);
            }
        }
        free(ws);
        dmv_fast_model_clear(&m);
    }
    /* DCT-II basis */
    {
        long ds[5] = {1, 2, 3, 8, 17}, q, n, k, l;
        mpfr_t t, pi;
        double worst_dct = 0;
        mpfr_inits2(256, t, pi, (mpfr_ptr) 0);
        mpfr_const_pi(pi, MPFR_RNDN);
        for (q = 0; q < 5; q++) {
            long d = ds[q];
            double *U = malloc((size_t) (d * d) * sizeof(double));
            DMV_CHECK(dmv_fast_dct_basis(d, U, NULL) == DMV_OK, "dct d=%ld", d);
            for (n = 0; n < d; n++)
                for (k = 0; k < d; k++) {
                    double e;
                    /* reference c_k cos(pi (2n+1) k / (2d)), c_0 = sqrt(1/d), c_k = sqrt(2/d) */
                    mpfr_t c;
                    mpfr_init2(c, 256);
                    mpfr_mul_ui(c, pi, (unsigned long) ((2 * n + 1) * k), MPFR_RNDN);
                    mpfr_div_ui(c, c, (unsigned long) (2 * d), MPFR_RNDN);
                    mpfr_cos(c, c, MPFR_RNDN);
                    mpfr_set_ui(t, k == 0 ? 1 : 2, MPFR_RNDN);
                    mpfr_div_ui(t, t, (unsigned long) d, MPFR_RNDN);
                    mpfr_sqrt(t, t, MPFR_RNDN);
                    mpfr_mul(t, t, c, MPFR_RNDN);
                    mpfr_clear(c);
                    mpfr_sub_d(t, t, U[n * d + k], MPFR_RNDN);
                    e = fabs(mpfr_get_d(t, MPFR_RNDN)) * sqrt((double) d);
                    worst_dct = fmax(worst_dct, e);
                    DMV_CHECK(e <= 5e-16, "dct d=%ld U[%ld][%ld] = %.17g: error %.3g (units of 1/sqrt(d))", d, n, k,
                              U[n * d + k], e);
                }
            for (k = 0; k < d; k++)
                for (l = 0; l < d; l++) {
                    double acc = 0;
                    for (n = 0; n < d; n++)
                        acc += U[n * d + k] * U[n * d + l];
                    DMV_CHECK(fabs(acc - (k == l)) <= 1e-14, "dct d=%ld: (U^T U)[%ld][%ld] = %.17g", d, k, l, acc);
                }
            free(U);
        }
        mpfr_clears(t, pi, (mpfr_ptr) 0);
        printf("dense: DCT worst entry error %.3g / sqrt(d)\n", worst_dct);
    }
    /* bad arguments */
    {
        double U[4] = {1, 0.1, 0, 1}, lam[2] = {1, 1}, cov[4] = {1, 0.5, 0.4, 1};
        dmv_gaussian g = {2, lam, NULL, U};
        dmv_fast_model m;
        dmv_error err;
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_model_dense_init(&m, &g, &err) == DMV_EINVAL && strstr(err.msg, "orthogonal"),
                  "non-orthogonal basis accepted: %s", err.msg);
        g.basis = NULL;
        lam[1] = -1;
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_model_dense_init(&m, &g, &err) == DMV_EINVAL && strstr(err.msg, "lambda[1]"),
                  "negative eigenvalue accepted: %s", err.msg);
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_model_dense_cov_init(&m, 2, cov, NULL, &err) == DMV_EINVAL && strstr(err.msg, "symmetric"),
                  "non-symmetric cov accepted: %s", err.msg);
        cov[1] = cov[2] = 2; /* eigenvalues 3, -1 */
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_model_dense_cov_init(&m, 2, cov, NULL, &err) == DMV_EINVAL && strstr(err.msg, "semi-definite"),
                  "indefinite cov accepted: %s", err.msg);
    }
    printf("dense: worst D error %.3g, worst batch-shape difference %.3g (%ld of %ld rows bit-identical), "
           "cov-constructor worst %.3g\n",
           worst, worst_batch, same_rows, all_rows, worst_cov);
    DMV_TEST_DONE("t-model-dense");
}
