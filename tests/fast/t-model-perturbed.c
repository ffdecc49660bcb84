/* Perturbed models (fast/model_perturbed.c).
 * 1. Gaussian-preserving affine error against docs/schemes.md s.3 taken literally and evaluated in
 *    MPFR at 256 bits: S' = -(1 + kappa)(y - alpha (m + dm)) / (alpha^2 lambda + sigma^2 + alpha^2 dl)
 *    in eigenbasis coordinates y = U^T x, D' = U (y + sigma^2 S') / alpha (U: a Householder
 *    product built here, or identity). Bound |D_fast - D_ref| <= 1e-12 * scale,
 *    scale = max(1, |D_ref|_inf, |x|_inf / alpha, |m + dm|_inf).
 * 2. kappa = 0: equals the exact Gaussian denoiser of N(m + dm, lambda + dl), computed by the
 *    independent mixture code (K = 1), to 1e-14 * scale; kappa = dl = dm = 0 (or NULL) equals the
 *    diagonal Gaussian model of helper "fast" to 2 ulp.
 * 3. Generic callback: base N(m, lambda) plus e = S_{N(m', lambda)} - S_{N(m, lambda)}
 *    = alpha (m' - m) / lambda_s gives the Gaussian denoiser with mean m' (1e-13 * scale).
 * 4. Bad arguments. */
#include <mpfr.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv_test.h"

#define MAXD 6

typedef struct {
    long d;
    double shift[MAXD]; /* m' - m */
    double lam[MAXD];
} shift_ctx;

static int shift_error(void *ctx, double alpha, double sigma, long n, long dim, const double *x, double *e)
{
    const shift_ctx *c = ctx;
    long r, j;
    (void) x;
    for (r = 0; r < n; r++)
        for (j = 0; j < dim; j++)
            e[r * dim + j] = alpha * c->shift[j] / (alpha * alpha * c->lam[j] + sigma * sigma);
    return DMV_OK;
}

int main(void)
{
    dmv_test_rng rng = {31337};
    long it, iters = dmv_test_iters(500);
    double worst1 = 0, worst2 = 0, worst3 = 0;
    mpfr_t t, u, ls, y[MAXD];
    long i, j;
    mpfr_inits2(256, t, u, ls, (mpfr_ptr) 0);
    for (j = 0; j < MAXD; j++)
        mpfr_init2(y[j], 256);

    for (it = 0; it < iters; it++) {
        long d = 1 + (long) (dmv_test_uniform(&rng) * MAXD), n = 7, r;
        double U[MAXD * MAXD], lam[MAXD], mean[MAXD], kappa[MAXD], dl[MAXD], dm[MAXD], m1[MAXD], l1[MAXD];
        double x[7 * MAXD], out[7 * MAXD], out2[7 * MAXD], alpha, sigma;
        int basis = dmv_test_uniform(&rng) < 0.5, rc;
        dmv_gaussian g;
        dmv_fast_model m, mk, mg;
        dmv_error err;
        void *ws, *ws2;

        dmv_test_householder(&rng, d, U);
        for (j = 0; j < d; j++) {
            lam[j] = dmv_test_uniform(&rng) < 0.15 ? 0 : dmv_test_loguniform(&rng, 1e-3, 5);
            mean[j] = 4 * dmv_test_uniform(&rng) - 2;
            kappa[j] = 0.6 * dmv_test_uniform(&rng) - 0.3;
            dl[j] = (dmv_test_uniform(&rng) - 0.3) * lam[j];
            dm[j] = 0.4 * dmv_test_uniform(&rng) - 0.2;
            m1[j] = mean[j] + dm[j];
            l1[j] = lam[j] + dl[j];
        }
        alpha = dmv_test_uniform(&rng) < 0.3 ? 1.0 : dmv_test_loguniform(&rng, 1e-2, 1);
        sigma = dmv_test_loguniform(&rng, 1e-5, 5);
        for (i = 0; i < n * d; i++)
            x[i] = (3 * alpha + 3 * sigma) * (2 * dmv_test_uniform(&rng) - 1);
        g.d = d;
        g.lambda = lam;
        g.mean = mean;
        g.basis = basis ? U : NULL;
        dmv_error_init(&err);
        rc = dmv_fast_model_perturbed_gaussian_init(&m, &g, kappa, dl, dm, &err);
        DMV_CHECK(rc == DMV_OK, "init: %s", err.msg);
        if (rc)
            return 1;
        ws = malloc(m.workspace_size(&m, n));
        rc = dmv_fast_model_denoise(&m, alpha, sigma, n, x, out, ws);
        DMV_CHECK(rc == DMV_OK, "denoise rc %d", rc);
        /* 1. MPFR, the spec's formula literally */
        for (r = 0; r < n; r++) {
            double scale = 1, Dr[MAXD];
            for (j = 0; j < d; j++) {
                mpfr_set_ui(y[j], 0, MPFR_RNDN);
                for (i = 0; i < d; i++) {
                    mpfr_set_d(t, basis ? U[i * d + j] : (double) (i == j), MPFR_RNDN);
                    mpfr_mul_d(t, t, x[r * d + i], MPFR_RNDN);
                    mpfr_add(y[j], y[j], t, MPFR_RNDN);
                }
                /* S' = -(1 + kappa)(y - alpha (m + dm)) / (alpha^2 lambda + sigma^2 + alpha^2 dl) */
                mpfr_set_d(ls, alpha, MPFR_RNDN);
                mpfr_sqr(ls, ls, MPFR_RNDN);
                mpfr_mul_d(u, ls, dl[j], MPFR_RNDN);
                mpfr_mul_d(ls, ls, lam[j], MPFR_RNDN);
                mpfr_add(ls, ls, u, MPFR_RNDN);
                mpfr_set_d(u, sigma, MPFR_RNDN);
                mpfr_sqr(u, u, MPFR_RNDN);
                mpfr_add(ls, ls, u, MPFR_RNDN);
                mpfr_set_d(t, mean[j], MPFR_RNDN);
                mpfr_add_d(t, t, dm[j], MPFR_RNDN);
                mpfr_mul_d(t, t, alpha, MPFR_RNDN);
                mpfr_sub(t, y[j], t, MPFR_RNDN);
                mpfr_set_d(u, kappa[j], MPFR_RNDN);
                mpfr_add_ui(u, u, 1, MPFR_RNDN);
                mpfr_mul(t, t, u, MPFR_RNDN);
                mpfr_div(t, t, ls, MPFR_RNDN);
                mpfr_neg(t, t, MPFR_RNDN);
                /* (y + sigma^2 S') / alpha */
                mpfr_mul_d(t, t, sigma, MPFR_RNDN);
                mpfr_mul_d(t, t, sigma, MPFR_RNDN);
                mpfr_add(y[j], y[j], t, MPFR_RNDN);
                mpfr_div_d(y[j], y[j], alpha, MPFR_RNDN);
            }
            for (i = 0; i < d; i++) {
                mpfr_set_ui(u, 0, MPFR_RNDN);
                for (j = 0; j < d; j++) {
                    mpfr_set_d(t, basis ? U[i * d + j] : (double) (i == j), MPFR_RNDN);
                    mpfr_mul(t, t, y[j], MPFR_RNDN);
                    mpfr_add(u, u, t, MPFR_RNDN);
                }
                Dr[i] = mpfr_get_d(u, MPFR_RNDN);
                scale = fmax(scale, fmax(fabs(Dr[i]), fmax(fabs(x[r * d + i]) / alpha, fabs(m1[i]))));
            }
            for (i = 0; i < d; i++) {
                double e = fabs(out[r * d + i] - Dr[i]) / scale;
                worst1 = fmax(worst1, e);
                DMV_CHECK(e <= 1e-12, "iter %ld d=%ld basis=%d alpha=%.17g sigma=%.17g row %ld coord %ld: %.17g vs %.17g",
                          it, d, basis, alpha, sigma, r, i, out[r * d + i], Dr[i]);
            }
        }
        /* 2. kappa = 0 vs the mixture code with K = 1, N(m + dm, lambda + dl) */
        {
            double one = 1, s = 1;
            dmv_gaussian c1 = {d, l1, m1, basis ? U : NULL};
            dmv_fast_model_clear(&m);
            rc = dmv_fast_model_perturbed_gaussian_init(&m, &g, NULL, dl, dm, &err);
            rc |= dmv_fast_model_mixture_eig_init(&mk, 1, &one, &c1, &err);
            DMV_CHECK(rc == DMV_OK, "init: %s", err.msg);
            ws2 = malloc(mk.workspace_size(&mk, n));
            dmv_fast_model_denoise(&m, alpha, sigma, n, x, out, ws);
            dmv_fast_model_denoise(&mk, alpha, sigma, n, x, out2, ws2);
            for (i = 0; i < n * d; i++)
                s = fmax(s, fmax(fabs(out2[i]), fabs(x[i]) / alpha));
            for (i = 0; i < n * d; i++) {
                double e = fabs(out[i] - out2[i]) / s;
                worst2 = fmax(worst2, e);
                DMV_CHECK(e <= 1e-14, "kappa = 0 vs mixture: %.17g vs %.17g", out[i], out2[i]);
            }
            free(ws2);
            dmv_fast_model_clear(&mk);
        }
        /* kappa = dl = dm = NULL vs helper fast's diagonal Gaussian */
        if (!basis) {
            dmv_fast_model_clear(&m);
            rc = dmv_fast_model_perturbed_gaussian_init(&m, &g, NULL, NULL, NULL, &err);
            rc |= dmv_fast_model_gaussian_diag_init(&mg, &g, &err);
            DMV_CHECK(rc == DMV_OK, "init: %s", err.msg);
            ws2 = malloc(mg.workspace_size ? mg.workspace_size(&mg, n) + 8 : 8);
            dmv_fast_model_denoise(&m, alpha, sigma, n, x, out, ws);
            dmv_fast_model_denoise(&mg, alpha, sigma, n, x, out2, ws2);
            for (i = 0; i < n * d; i++)
                DMV_CHECK(fabs(out[i] - out2[i]) <= 4.5e-16 * fmax(fabs(out2[i]), 1e-300),
                          "unperturbed vs gaussian_diag: %.17g vs %.17g", out[i], out2[i]);
            free(ws2);
            dmv_fast_model_clear(&mg);
        }
        /* 3. generic callback: mean shift */
        {
            shift_ctx c;
            double one = 1, s = 1;
            dmv_fast_model base, target, pm;
            c.d = d;
            for (j = 0; j < d; j++) {
                c.shift[j] = dm[j];
                c.lam[j] = lam[j];
            }
            rc = dmv_fast_model_mixture_init(&base, d, 1, &one, mean, lam, &err);
            rc |= dmv_fast_model_mixture_init(&target, d, 1, &one, m1, lam, &err);
            rc |= dmv_fast_model_perturbed_init(&pm, &base, shift_error, &c, &err);
            DMV_CHECK(rc == DMV_OK, "init: %s", err.msg);
            ws2 = malloc(pm.workspace_size(&pm, n));
            dmv_fast_model_denoise(&pm, alpha, sigma, n, x, out, ws2);
            dmv_fast_model_denoise(&target, alpha, sigma, n, x, out2, ws2);
            for (i = 0; i < n * d; i++)
                s = fmax(s, fmax(fabs(out2[i]), fabs(x[i]) / alpha));
            for (i = 0; i < n * d; i++) {
                double e = fabs(out[i] - out2[i]) / s;
                worst3 = fmax(worst3, e);
                DMV_CHECK(e <= 1e-13, "generic shift: %.17g vs %.17g", out[i], out2[i]);
            }
            free(ws2);
            dmv_fast_model_clear(&pm);
            dmv_fast_model_clear(&base);
            dmv_fast_model_clear(&target);
        }
        free(ws);
        dmv_fast_model_clear(&m);
    }
    /* 4. bad arguments */
    {
        double lam[2] = {1, 1}, kappa[2] = {0, -1}, dl[2] = {0, -2};
        dmv_gaussian g = {2, lam, NULL, NULL};
        dmv_fast_model m;
        dmv_error err;
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_model_perturbed_gaussian_init(&m, &g, kappa, NULL, NULL, &err) == DMV_EINVAL &&
                      strstr(err.msg, "kappa[1]"),
                  "kappa = -1 accepted: %s", err.msg);
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_model_perturbed_gaussian_init(&m, &g, NULL, dl, NULL, &err) == DMV_EINVAL &&
                      strstr(err.msg, "dl[1]"),
                  "lambda + dl < 0 accepted: %s", err.msg);
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_model_perturbed_init(&m, NULL, shift_error, NULL, &err) == DMV_EINVAL, "NULL base accepted");
    }
    for (j = 0; j < MAXD; j++)
        mpfr_clear(y[j]);
    mpfr_clears(t, u, ls, (mpfr_ptr) 0);
    printf("perturbed: worst vs MPFR spec formula %.3g, kappa=0 vs mixture %.3g, generic shift %.3g\n", worst1,
           worst2, worst3);
    DMV_TEST_DONE("t-model-perturbed");
}
