/* Guided model (fast/model_guided.c).
 * 1. w = 0 gives the conditional model bit for bit (even when the unconditional model fails).
 * 2. The two-class Gaussian example of docs/math/models.md#guided: uncond = (1/2) N(1,1) + (1/2) N(-1,1),
 *    cond = N(1,1). Hand derivation (lambda_s = alpha^2 + sigma^2):
 *      D_z = 1 + (alpha/lambda_s)(x - alpha), D_z' = -1 + (alpha/lambda_s)(x + alpha),
 *      q = p(z | x) = 1/(1 + exp(-2 alpha x / lambda_s)),
 *      D_w = D_z + w (1 - q)(D_z - D_z') = D_z + w (1 - q) 2 sigma^2 / lambda_s.
 *    Asserted to 1e-13 * (1 + |D_w|) for random (w, alpha, sigma, x); the scale form with
 *    gamma = 1 + w gives the same. 3. ulp_bounded propagates; dim mismatch is DMV_EINVAL. */
#include <string.h>

#include "dmv/fast.h"
#include "dmv_test.h"

static int failing_denoise(const dmv_fast_model *m, const dmv_fast_eval *ev, long n, const double *x,
                           double *out, void *ws, dmv_error *err)
{
    (void) m; (void) ev; (void) n; (void) x; (void) out; (void) ws; (void) err;
    return DMV_ENOTFINITE;
}

int main(void)
{
    dmv_test_rng rng = {5};
    dmv_fast_model cond, uncond, g, g2, bad;
    dmv_error err;
    double wc = 1, mc = 1, vc = 1, wu[2] = {0.5, 0.5}, mu[2] = {1, -1}, vu[2] = {1, 1};
    double x[7], out[7], out2[7], ref[7], worst = 0;
    void *ws;
    long it, r, iters = dmv_test_iters(2000);
    int rc;

    dmv_error_init(&err);
    rc = dmv_fast_model_mixture_init(&cond, 1, 1, &wc, &mc, &vc, &err);
    rc |= dmv_fast_model_mixture_init(&uncond, 1, 2, wu, mu, vu, &err);
    DMV_CHECK(rc == DMV_OK, "init: %s", err.msg);
    dmv_fast_model_init(&bad, NULL);
    bad.dim = 1;
    bad.denoise = failing_denoise;

    /* 1. w = 0 */
    DMV_CHECK(dmv_fast_model_guided_init(&g, &cond, &bad, 0.0, &err) == DMV_OK, "init: %s", err.msg);
    ws = malloc(g.workspace_size(&g, 7));
    for (r = 0; r < 7; r++)
        x[r] = 6 * dmv_test_uniform(&rng) - 3;
    rc = dmv_fast_model_denoise(&g, 0.7, 0.3, 7, x, out, ws);
    {
        void *wc2 = malloc(cond.workspace_size(&cond, 7));
        dmv_fast_model_denoise(&cond, 0.7, 0.3, 7, x, out2, wc2);
        free(wc2);
    }
    DMV_CHECK(rc == DMV_OK && memcmp(out, out2, sizeof out) == 0, "w = 0 differs from the conditional model");
    free(ws);
    dmv_fast_model_clear(&g);

    /* 2. closed form */
    for (it = 0; it < iters; it++) {
        double w = dmv_test_uniform(&rng) < 0.2 ? -0.5 : 16 * dmv_test_uniform(&rng);
        double alpha = dmv_test_loguniform(&rng, 1e-3, 1), sigma = dmv_test_loguniform(&rng, 1e-3, 10);
        double ls = alpha * alpha + sigma * sigma;
        int scale_form = (int) (it & 1);
        rc = scale_form ? dmv_fast_model_guided_scale_init(&g, &cond, &uncond, 1 + w, &err)
                        : dmv_fast_model_guided_init(&g, &cond, &uncond, w, &err);
        DMV_CHECK(rc == DMV_OK, "init: %s", err.msg);
        ws = malloc(g.workspace_size(&g, 7));
        for (r = 0; r < 7; r++) {
            double Dz, q;
            x[r] = alpha * (6 * dmv_test_uniform(&rng) - 3) + sigma * (4 * dmv_test_uniform(&rng) - 2);
            Dz = 1 + (alpha / ls) * (x[r] - alpha);
            q = 1 / (1 + exp(-2 * alpha * x[r] / ls));
            ref[r] = Dz + w * (1 - q) * 2 * sigma * sigma / ls;
        }
        rc = dmv_fast_model_denoise(&g, alpha, sigma, 7, x, out, ws);
        DMV_CHECK(rc == DMV_OK, "denoise rc %d", rc);
        for (r = 0; r < 7; r++) {
            double e = fabs(out[r] - ref[r]) / (1 + fabs(ref[r]));
            worst = fmax(worst, e);
            DMV_CHECK(e <= 1e-13, "w=%.17g alpha=%.17g sigma=%.17g x=%.17g: %.17g vs %.17g", w, alpha, sigma, x[r],
                      out[r], ref[r]);
        }
        free(ws);
        dmv_fast_model_clear(&g);
    }

    /* 3. flags and errors */
    {
        dmv_fast_model d2, gd;
        double lam[2] = {1, 1};
        dmv_gaussian gg = {2, lam, NULL, NULL};
        dmv_fast_model_dense_init(&d2, &gg, NULL);
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_model_guided_init(&gd, &cond, &d2, 1.0, &err) == DMV_EINVAL && strstr(err.msg, "dim"),
                  "dim mismatch accepted: %s", err.msg);
        DMV_CHECK(dmv_fast_model_guided_init(&gd, &d2, &d2, 1.0, NULL) == DMV_OK && gd.ulp_bounded == 1,
                  "ulp_bounded not propagated");
        dmv_fast_model_clear(&gd);
        DMV_CHECK(dmv_fast_model_guided_init(&g2, &cond, &uncond, 1.0, NULL) == DMV_OK && g2.ulp_bounded == 0,
                  "bit-exact bases give a bit-exact guided model");
        dmv_fast_model_clear(&g2);
        dmv_fast_model_clear(&d2);
    }
    dmv_fast_model_clear(&cond);
    dmv_fast_model_clear(&uncond);
    printf("guided: worst error vs the two-class closed form %.3g\n", worst);
    DMV_TEST_DONE("t-model-guided");
}
