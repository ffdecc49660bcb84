/* dmv_fast_model_from_spec (fast/model_spec.c) against the certified reference
 * (dmv_ref_model_from_spec, reference/): for every kind, at random points (alpha in [0.05, 1],
 * sigma in [1e-3, 3], x near and far from the data), the fast denoiser must lie within the
 * reference ball widened by a budget of tol * scale, scale = max(1, |x|/alpha, the data's
 * largest magnitude): tol = 2e-14 (about 90 ulps) for the per-row models, 1e-12 for the models
 * built from a covariance (LAPACK eigendecomposition, docs/models.md s.2 measures 4.9e-14) and
 * the GEMM empirical model, 2e-13 for guided with w = 3 (the combination D_c + w (D_c - D_u)
 * multiplies the rounding of its parts by up to 1 + 2|w|).
 * The worst error (in units of scale) is printed per kind. Also: the spec-built models give the
 * same bits as the direct constructors the CLI calls today (diagonal and DCT Gaussian, covariance,
 * diagonal mixture, umix, empirical, guided, perturbed);
 * boxes with d > 1 and K > 1 against the reference too; the init data of a Gaussian spec. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv/model_spec.h"
#include "dmv/ref_model.h"
#include "dmv_test.h"

#define NPT 24

static void *ws_alloc(const dmv_fast_model *m, long n)
{
    size_t z = m->workspace_size ? m->workspace_size(m, n) : 0;
    return malloc(z ? z : 1);
}

/* the tail thresholds, to skip points within 1e-9 of its boundary */
static double tail_a2 = 0, tail_kappa = 0;
static int tail_on = 0;

static void compare_spec(const char *name, dmv_model_spec *spec, double data_scale, double tol, dmv_test_rng *rng);

static void compare(const char *name, const char *json, double data_scale, double tol, dmv_test_rng *rng)
{
    dmv_model_spec sp;
    if (dmv_test_parse_spec(&sp, json) != DMV_OK) {
        DMV_CHECK(0, "%s: parse failed", name);
        return;
    }
    compare_spec(name, &sp, data_scale, tol, rng);
}

static void compare_spec(const char *name, dmv_model_spec *spec, double data_scale, double tol, dmv_test_rng *rng)
{
    dmv_model_spec sp = *spec; /* takes ownership */
    dmv_fast_model fm;
    dmv_ref_model rm;
    dmv_error e;
    long d, r, j, k;
    double x[NPT * 8], out[NPT * 8], worst = 0;
    arb_ptr ref;
    void *ws;
    d = sp.dim;
    dmv_error_init(&e);
    DMV_CHECK(dmv_fast_model_from_spec(&fm, &sp, &e) == DMV_OK, "%s: fast: %s", name, e.msg);
    DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, 128, &e) == DMV_OK, "%s: ref: %s", name, e.msg);
    ref = _arb_vec_init(d);
    ws = ws_alloc(&fm, NPT);
    for (k = 0; k < 6; k++) {
        double a = 0.05 + 0.95 * dmv_test_uniform(rng), s = dmv_test_loguniform(rng, 1e-3, 3);
        for (r = 0; r < NPT; r++)
            for (j = 0; j < d; j++) { /* near the data scale, and some points far out */
                double spread = (r % 4 == 3) ? 40 : 2;
                x[r * d + j] = a * data_scale * (2 * dmv_test_uniform(rng) - 1) + spread * s * (2 * dmv_test_uniform(rng) - 1);
            }
        DMV_CHECK(dmv_fast_model_denoise(&fm, a, s, NPT, x, out, ws) == DMV_OK, "%s: fast denoise failed", name);
        for (r = 0; r < NPT; r++) {
            double scale = data_scale > 1 ? data_scale : 1;
            int rc;
            for (j = 0; j < d; j++)
                scale = fmax(scale, fabs(x[r * d + j]) / a);
            dmv_error_init(&e);
            rc = dmv_ref_model_denoise_d(ref, &rm, a, s, x + r * d, 80, 128, &e);
            DMV_CHECK(rc == DMV_OK, "%s: reference: %s", name, e.msg);
            if (rc != DMV_OK)
                continue;
            for (j = 0; j < d; j++) {
                double mid = arf_get_d(arb_midref(ref + j), ARF_RND_NEAR), rad = mag_get_d(arb_radref(ref + j));
                double err = fabs(out[r * d + j] - mid);
                if (tail_on && fabs(x[r * d + j] - (a * tail_a2 + tail_kappa * s)) < 1e-9 * scale)
                    continue;
                worst = fmax(worst, err / scale);
                DMV_CHECK(err <= rad + tol * scale, "%s: a %g s %g row %ld D[%ld]: fast %.17g ref %.17g (err %g, "
                          "budget %g)", name, a, s, r, j, out[r * d + j], mid, err, tol * scale);
            }
        }
    }
    printf("%-28s worst |fast - ref| / scale = %.2e (budget %.0e)\n", name, worst, tol);
    free(ws);
    _arb_vec_clear(ref, d);
    dmv_ref_model_clear(&rm);
    dmv_fast_model_clear(&fm);
    dmv_model_spec_clear(&sp);
}

static int same_bits(const dmv_fast_model *m1, const dmv_fast_model *m2, dmv_test_rng *rng)
{
    double x[NPT * 4], o1[NPT * 4], o2[NPT * 4];
    long i, d = m1->dim;
    void *w1 = ws_alloc(m1, NPT), *w2 = ws_alloc(m2, NPT);
    int ok = m1->dim == m2->dim;
    for (i = 0; i < NPT * d; i++)
        x[i] = 6 * dmv_test_uniform(rng) - 3;
    ok = ok && dmv_fast_model_denoise(m1, 0.7, 0.3, NPT, x, o1, w1) == DMV_OK && dmv_fast_model_denoise(m2, 0.7, 0.3, NPT, x, o2, w2) == DMV_OK;
    ok = ok && memcmp(o1, o2, (size_t) (NPT * d) * sizeof(double)) == 0;
    free(w1);
    free(w2);
    return ok;
}

int main(void)
{
    dmv_test_rng rng = {4242};
    dmv_model_spec sp;
    dmv_fast_model f1, f2, f3, f4;
    dmv_error e;
    char js[2048];
    const char *G2 = "{\"model\": \"gaussian\", \"lambda\": [1, 0.25], \"mean\": [1, -0.5]}";
    const char *M2 = "{\"model\": \"mixture\", \"weights\": [1, 3], \"means\": [[-2, 0], [2, 1]], \"vars\": [[0.25, 1], "
                     "[0.5, 0.1]]}";

    compare("gaussian diagonal", G2, 1, 2e-14, &rng);
    compare("gaussian dct", "{\"model\": \"gaussian\", \"lambda\": [1, 2, 0.5, 0.25], \"mean\": [1, 0, -1, 0.5], "
            "\"basis\": \"dct\"}", 1, 2e-14, &rng);
    compare("gaussian identity (dense)", "{\"model\": \"gaussian\", \"lambda\": [1, 2], \"basis\": \"identity\"}", 1,
            2e-14, &rng);
    compare("gaussian matrix basis", "{\"model\": \"gaussian\", \"lambda\": [1, 2], \"mean\": [0.5, 1], \"basis\": "
            "[[0.6, -0.8], [0.8, 0.6]]}", 1, 2e-14, &rng);
    compare("gaussian covariance", "{\"model\": \"gaussian\", \"cov\": [[2, 0.5], [0.5, 1]], \"mu\": [1, 2]}", 2,
            1e-12, &rng);
    compare("mixture diagonal", M2, 2, 2e-14, &rng);
    compare("mixture with bases", "{\"model\": \"mixture\", \"weights\": [1, 2], \"components\": [{\"lambda\": "
            "[0.25, 1, 2], \"mean\": [-1, 0, 0], \"basis\": \"dct\"}, {\"lambda\": [0.5, 0.1, 1], \"mean\": [1, 1, 0]}]}",
            1, 2e-14, &rng);
    compare("mixture with covariance", "{\"model\": \"mixture\", \"components\": [{\"weight\": 1, \"lambda\": [1, 1], "
            "\"mean\": [-1, 0]}, {\"weight\": 2, \"cov\": [[1, 0.5], [0.5, 2]], \"mu\": [1, 1]}]}", 1, 1e-12, &rng);
    compare("boxes d = 1", "{\"model\": \"boxes\", \"weights\": [1, 0.5], \"lo\": [[1], [-2]], \"hi\": [[2], [-1]]}", 2,
            2e-14, &rng);
    compare("boxes K = 1", "{\"model\": \"boxes\", \"weights\": [1], \"lo\": [[1, -1, 0]], \"hi\": [[2, 1, 0.01]]}", 2,
            2e-14, &rng);
    compare("umix", "{\"model\": \"umix\", \"weights\": [[1, 1], [1, 0]], \"a\": [[-2, 1], [0, 0]], \"b\": [[-1, 3], "
            "[1, 5]]}", 3, 2e-14, &rng);
    compare("empirical direct", "{\"model\": \"empirical\", \"train\": [[1.5, -0.5, 2.0], [0, 1, 0], [-1, -1, 0.5]], "
            "\"method\": \"direct\"}", 2, 2e-14, &rng);
    compare("empirical gemm", "{\"model\": \"empirical\", \"train\": [[1.5, -0.5, 2.0], [0, 1, 0], [-1, -1, 0.5]], "
            "\"method\": \"gemm\"}", 2, 1e-12, &rng);
    snprintf(js, sizeof js, "{\"model\": \"guided\", \"w\": 3, \"cond\": %s, \"uncond\": %s}", G2, M2);
    compare("guided", js, 2, 2e-13, &rng);
    snprintf(js, sizeof js, "{\"model\": \"score_mix\", \"lambda\": 0.3, \"base\": %s, \"other\": %s}", G2, M2);
    compare("score_mix", js, 2, 2e-14, &rng);
    tail_on = 1;
    tail_a2 = 2;
    tail_kappa = 1.5;
    compare("tail", "{\"model\": \"tail\", \"kappa\": 1.5, \"a2\": [2], \"sigma_hat_max\": null, \"base\": "
            "{\"model\": \"boxes\", \"weights\": [1, 1], \"lo\": [[1], [-2]], \"hi\": [[2], [-1]]}}", 2, 2e-14, &rng);
    tail_on = 0;
    compare("perturbed", "{\"model\": \"perturbed\", \"base\": {\"model\": \"gaussian\", \"lambda\": [1, 2, 0.5], "
            "\"mean\": [1, 0, -1], \"basis\": \"dct\"}, \"kappa\": [0.2, 0, -0.1], \"dl\": [0, 0.5, 0], "
            "\"dm\": [0, 0.25, 0]}", 1, 2e-14, &rng);

    /* the examples of examples/models/ (the tail example's boundary, 2 + 2 sigma/alpha, is
     * avoided by the 1e-9 skip) */
    {
        static const char *const ex[] = {"gaussian", "gaussian-cov", "mixture", "boxes", "umix", "empirical",
                                         "guided", "guided-classifier", "score-mix", "tail", "perturbed"};
        char path[1024], name[64];
        size_t q;
        for (q = 0; q < sizeof ex / sizeof ex[0]; q++) {
            snprintf(path, sizeof path, "%s/examples/models/%s.json", DMV_SOURCE_DIR, ex[q]);
            snprintf(name, sizeof name, "examples/models/%s", ex[q]);
            dmv_error_init(&e);
            DMV_CHECK(dmv_model_spec_read(&sp, path, &e) == DMV_OK, "%s", e.msg);
            tail_on = strcmp(ex[q], "tail") == 0;
            tail_a2 = 2;
            tail_kappa = 2;
            /* 1e-12: the examples include a covariance (LAPACK) and guidance with w = 16 (rounding
             * amplified up to 33 times) */
            compare_spec(name, &sp, 3, 1e-12, &rng);
        }
        tail_on = 0;
    }

    /* same bits as the direct constructors */
    dmv_error_init(&e);
    DMV_CHECK(dmv_test_parse_spec(&sp, G2) == DMV_OK, "G2");
    DMV_CHECK(dmv_fast_model_from_spec(&f1, &sp, &e) == DMV_OK, "%s", e.msg);
    {
        const double lam[2] = {1, 0.25}, mean[2] = {1, -0.5};
        dmv_gaussian g = {2, lam, mean, NULL};
        const dmv_gaussian *ig = dmv_fast_model_spec_gaussian(&f1);
        DMV_CHECK(dmv_fast_model_gaussian_diag_init(&f2, &g, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(same_bits(&f1, &f2, &rng), "gaussian from spec: bits differ from the diagonal constructor");
        DMV_CHECK(ig != NULL && ig->d == 2 && ig->lambda[1] == 0.25 && ig->mean[0] == 1 && ig->basis == NULL,
                  "init data of a gaussian spec");
        dmv_fast_model_clear(&f2);
    }
    dmv_model_spec_clear(&sp); /* the model outlives its spec */
    DMV_CHECK(dmv_test_parse_spec(&sp, M2) == DMV_OK, "M2");
    DMV_CHECK(dmv_fast_model_from_spec(&f3, &sp, &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(dmv_fast_model_spec_gaussian(&f3) == NULL, "a mixture has no init data");
    {
        const double w[2] = {1, 3}, mean[4] = {-2, 0, 2, 1}, var[4] = {0.25, 1, 0.5, 0.1};
        DMV_CHECK(dmv_fast_model_mixture_init(&f2, 2, 2, w, mean, var, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(same_bits(&f3, &f2, &rng), "mixture from spec: bits differ from dmv_fast_model_mixture_init");
        DMV_CHECK(dmv_fast_model_guided_init(&f4, &f1, &f2, 3, &e) == DMV_OK, "%s", e.msg);
        dmv_model_spec_clear(&sp);
        snprintf(js, sizeof js, "{\"model\": \"guided\", \"w\": 3, \"cond\": %s, \"uncond\": %s}", G2, M2);
        DMV_CHECK(dmv_test_parse_spec(&sp, js) == DMV_OK, "guided");
        dmv_fast_model_clear(&f3);
        DMV_CHECK(dmv_fast_model_from_spec(&f3, &sp, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(same_bits(&f3, &f4, &rng), "guided from spec: bits differ from dmv_fast_model_guided_init");
        dmv_fast_model_clear(&f4);
        dmv_fast_model_clear(&f2);
    }
    dmv_fast_model_clear(&f3);
    dmv_fast_model_clear(&f1);
    dmv_model_spec_clear(&sp);
    DMV_CHECK(dmv_test_parse_spec(&sp, "{\"model\": \"umix\", \"weights\": [[1, 2]], \"a\": [[-1, 0.5]], \"b\": [[0, 2]]}") == DMV_OK,
              "umix");
    DMV_CHECK(dmv_fast_model_from_spec(&f1, &sp, &e) == DMV_OK, "%s", e.msg);
    {
        const double w[2] = {1, 2}, a[2] = {-1, 0.5}, b[2] = {0, 2};
        DMV_CHECK(dmv_fast_model_umix_init(&f2, 1, 2, w, a, b, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(same_bits(&f1, &f2, &rng), "umix from spec: bits differ");
        dmv_fast_model_clear(&f2);
    }
    dmv_fast_model_clear(&f1);
    dmv_model_spec_clear(&sp);

    /* the other kinds of docs/model-file.md: same bits as the constructors the CLI calls today */
    {
        const double lam[3] = {1, 2, 0.5}, mean[3] = {1, 0, -1}, kap[3] = {0.2, 0, -0.1}, dl[3] = {0, 0.5, 0},
                     dm[3] = {0, 0.25, 0}, cov[4] = {2, 0.5, 0.5, 1}, mu[2] = {1, 2},
                     X[6] = {1.5, -0.5, 2.0, 0, 1, 0};
        double U[9];
        dmv_gaussian g = {3, lam, mean, U};
        DMV_CHECK(dmv_fast_dct_basis(3, U, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_test_parse_spec(&sp, "{\"model\": \"gaussian\", \"lambda\": [1, 2, 0.5], \"mean\": [1, 0, -1], "
                             "\"basis\": \"dct\"}") == DMV_OK, "dct");
        DMV_CHECK(dmv_fast_model_from_spec(&f1, &sp, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_fast_model_dense_init(&f2, &g, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(same_bits(&f1, &f2, &rng), "gaussian dct from spec: bits differ from dmv_fast_model_dense_init");
        DMV_CHECK(f1.ulp_bounded == 1, "a dense model is ulp-bounded");
        dmv_fast_model_clear(&f1);
        dmv_fast_model_clear(&f2);
        dmv_model_spec_clear(&sp);
        DMV_CHECK(dmv_test_parse_spec(&sp, "{\"model\": \"perturbed\", \"base\": {\"model\": \"gaussian\", \"lambda\": [1, 2, "
                             "0.5], \"mean\": [1, 0, -1], \"basis\": \"dct\"}, \"kappa\": [0.2, 0, -0.1], \"dl\": "
                             "[0, 0.5, 0], \"dm\": [0, 0.25, 0]}") == DMV_OK, "perturbed");
        DMV_CHECK(dmv_fast_model_from_spec(&f1, &sp, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_fast_model_perturbed_gaussian_init(&f2, &g, kap, dl, dm, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(same_bits(&f1, &f2, &rng), "perturbed from spec: bits differ");
        DMV_CHECK(dmv_fast_model_spec_gaussian(&f1) != NULL && dmv_fast_model_spec_gaussian(&f1)->basis != NULL &&
                      memcmp(dmv_fast_model_spec_gaussian(&f1)->basis, U, sizeof U) == 0,
                  "perturbed init data carries the DCT basis");
        dmv_fast_model_clear(&f1);
        dmv_fast_model_clear(&f2);
        dmv_model_spec_clear(&sp);
        DMV_CHECK(dmv_test_parse_spec(&sp, "{\"model\": \"gaussian\", \"cov\": [[2, 0.5], [0.5, 1]], \"mu\": [1, 2]}") == DMV_OK,
                  "cov");
        DMV_CHECK(dmv_fast_model_from_spec(&f1, &sp, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_fast_model_dense_cov_init(&f2, 2, cov, mu, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(same_bits(&f1, &f2, &rng), "covariance from spec: bits differ");
        DMV_CHECK(dmv_fast_model_spec_gaussian(&f1) == NULL, "a covariance model has no init data (as in the CLI)");
        dmv_fast_model_clear(&f1);
        dmv_fast_model_clear(&f2);
        dmv_model_spec_clear(&sp);
        DMV_CHECK(dmv_test_parse_spec(&sp, "{\"model\": \"empirical\", \"train\": [[1.5, -0.5, 2.0], [0, 1, 0]]}") == DMV_OK, "emp");
        DMV_CHECK(dmv_fast_model_from_spec(&f1, &sp, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_fast_model_empirical_init(&f2, 3, 2, X, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(same_bits(&f1, &f2, &rng), "empirical from spec: bits differ");
        dmv_fast_model_clear(&f1);
        dmv_fast_model_clear(&f2);
        dmv_model_spec_clear(&sp);
    }

    /* boxes with d > 1 and K > 1: now a fast model (fast/model_boxes.c) */
    compare("boxes d = 2, K = 2", "{\"model\": \"boxes\", \"weights\": [1, 1], \"lo\": [[0, 0], [1, 1]], \"hi\": "
            "[[1, 1], [2, 2]]}", 2, 2e-14, &rng);
    flint_cleanup();
    DMV_TEST_DONE("t-model-from-spec");
}
