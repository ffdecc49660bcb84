/* The linear_inverse model kind (docs/model-spec.md, "linear_inverse"): parser, the fast
 * denoiser (fast/model_linear_inverse.c) against the Arb one (reference/denoise_linear_inverse.c),
 * and identities from docs/math/mismatch.md that tie different rules together:
 *   - exact-covariance PiGDM equals the exact posterior denoiser for a Gaussian prior (a Kalman
 *     update with the true Sigma_{0|t}: the two formulas share no code path);
 *   - DDNM equals BO-DDNM at sigma_y = 0 (rho = 1);
 *   - with P Sigma (I - P) = 0 ("diag") and sigma_y = 0, DDNM equals the exact denoiser.
 * Errors: a rank-deficient H, a non-Gaussian prior, an unknown rule. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv/ref_model.h"
#include "dmv_test.h"

#define CORR_PRIOR "{\"model\": \"gaussian\", \"cov\": [[1.2, 0.5, 0.8, 0.3], [0.5, 0.9, 0.4, 0.6], [0.8, 0.4, 1.5, 0.2], [0.3, 0.6, 0.2, 0.7]], \"mu\": [0.67, 0.1931, -0.4223, -0.9141]}"
#define DIAG_PRIOR "{\"model\": \"gaussian\", \"lambda\": [1, 0.5, 2, 0.3], \"mean\": [0.67, 0.1931, -0.4223, -0.9141]}"
#define HY "\"H\": [[1, 0, 0, 0], [0, 1, 0, 0]], \"y\": [0.3, -0.5]"

static int build(dmv_model_spec *s, const char *prior, const char *rule, double sy)
{
    char js[1024];
    dmv_error err;
    int rc;
    snprintf(js, sizeof js, "{\"model\": \"linear_inverse\", \"prior\": %s, %s, \"sigma_y\": %.17g, \"rule\": \"%s\"}",
             prior, HY, sy, rule);
    dmv_model_spec_init(s);
    dmv_error_init(&err);
    rc = dmv_model_spec_parse(s, js, strlen(js), "t", NULL, NULL, &err);
    DMV_CHECK(rc == DMV_OK, "%s: %s", rule, err.msg);
    return rc;
}

/* ref D of spec s at (a, sg, x) (doubles taken as exact) */
static int refD(arb_ptr out, const dmv_model_spec *s, double a, double sg, const double *x)
{
    dmv_ref_model rm;
    dmv_error err;
    int rc;
    dmv_error_init(&err);
    rc = dmv_ref_model_from_spec(&rm, s, 128, &err);
    if (rc == DMV_OK) {
        rc = dmv_ref_model_denoise_d(out, &rm, a, sg, x, 64, 128, &err);
        dmv_ref_model_clear(&rm);
    }
    DMV_CHECK(rc == DMV_OK, "ref denoise: %s", err.msg);
    return rc;
}

int main(void)
{
    static const char *const rules[6] = {"exact", "ddnm", "bo-ddnm", "pigdm", "pigdm-exact", "dps"};
    static const double sys[4] = {0.0, 0.01, 0.1, 0.3};
    dmv_test_rng rng = {5};
    arb_ptr r1 = _arb_vec_init(4), r2 = _arb_vec_init(4);
    double worst = 0;
    int pi, ri, si, it;

    for (pi = 0; pi < 2; pi++)
        for (ri = 0; ri < 6; ri++)
            for (si = 0; si < 4; si++) {
                dmv_model_spec s;
                dmv_fast_model fm;
                dmv_error err;
                if (ri == 5 && si == 0)
                    continue; /* dps needs sigma_y > 0 (checked below) */
                if (build(&s, pi ? DIAG_PRIOR : CORR_PRIOR, rules[ri], sys[si]) != DMV_OK)
                    continue;
                dmv_error_init(&err);
                DMV_CHECK(dmv_fast_model_from_spec(&fm, &s, &err) == DMV_OK, "fast %s: %s", rules[ri], err.msg);
                for (it = 0; it < 8; it++) {
                    double ab = dmv_test_loguniform(&rng, 1e-6, 0.999), a = sqrt(ab), sg = sqrt(1 - ab), x[4],
                           o[4], ws[512];
                    long j;
                    DMV_CHECK(fm.workspace_size(&fm, 1) <= sizeof ws, "workspace %zu", fm.workspace_size(&fm, 1));
                    for (j = 0; j < 4; j++)
                        x[j] = 4 * dmv_test_uniform(&rng) - 2;
                    DMV_CHECK(dmv_fast_model_denoise(&fm, a, sg, 1, x, o, ws) == DMV_OK, "fast denoise");
                    if (refD(r1, &s, a, sg, x) != DMV_OK)
                        continue;
                    for (j = 0; j < 4; j++) {
                        double ex = arf_get_d(arb_midref(r1 + j), ARF_RND_NEAR);
                        double scale = 1 + fabs(x[j]) / a + fabs(ex), e = fabs(o[j] - ex) / scale;
                        if (e > worst)
                            worst = e;
                        if (getenv("DMV_LI_VERBOSE") && e > 1e-14) printf("%s %s %g a=%g e=%.3g\n", pi ? "diag" : "corr", rules[ri], sys[si], a, e);
                        DMV_CHECK(e < 2e-14, "%s %s sigma_y %g alpha %g: coord %ld fast %.17g ref %.17g",
                                  pi ? "diag" : "corr", rules[ri], sys[si], a, j, o[j], ex);
                    }
                }
                dmv_fast_model_clear(&fm);
                dmv_model_spec_clear(&s);
            }
    printf("fast vs reference: worst |D_fast - D_ref| / (1 + |x|/alpha + |D|) = %.3g\n", worst);

    /* identities between rules */
    for (it = 0; it < 30; it++) {
        dmv_model_spec s1, s2;
        double ab = dmv_test_loguniform(&rng, 1e-5, 0.999), a = sqrt(ab), sg = sqrt(1 - ab), x[4];
        double sy = sys[it % 4];
        long j, k;
        for (j = 0; j < 4; j++)
            x[j] = 4 * dmv_test_uniform(&rng) - 2;
        for (k = 0; k < 3; k++) {
            const char *pr = k == 2 ? DIAG_PRIOR : CORR_PRIOR;
            const char *ra = k == 0 ? "pigdm-exact" : k == 1 ? "ddnm" : "ddnm", *rb = k == 1 ? "bo-ddnm" : "exact";
            double syk = k == 0 ? sy : 0.0;
            if (k == 0 && sy == 0)
                syk = 0.05;
            if (build(&s1, pr, ra, syk) != DMV_OK || build(&s2, pr, rb, syk) != DMV_OK)
                continue;
            if (refD(r1, &s1, a, sg, x) == DMV_OK && refD(r2, &s2, a, sg, x) == DMV_OK)
                for (j = 0; j < 4; j++)
                    DMV_CHECK(arb_overlaps(r1 + j, r2 + j) && mag_cmp_2exp_si(arb_radref(r1 + j), -60) < 0,
                              "%s vs %s (sigma_y %g, alpha %g) coord %ld: %s vs %s", ra, rb, syk, a, j,
                              arb_get_str(r1 + j, 20, 0), arb_get_str(r2 + j, 20, 0));
            dmv_model_spec_clear(&s1);
            dmv_model_spec_clear(&s2);
        }
    }

    { /* errors name the value */
        dmv_model_spec s;
        dmv_fast_model fm;
        dmv_error err;
        const char *bad[4] = {
            "{\"model\": \"linear_inverse\", \"prior\": " DIAG_PRIOR ", \"H\": [[1, 0, 0, 0], [2, 0, 0, 0]], \"y\": [0, 0], \"sigma_y\": 0.1, \"rule\": \"ddnm\"}",
            "{\"model\": \"linear_inverse\", \"prior\": " DIAG_PRIOR ", " HY ", \"sigma_y\": 0.1, \"rule\": \"ddnm++\"}",
            "{\"model\": \"linear_inverse\", \"prior\": " DIAG_PRIOR ", " HY ", \"sigma_y\": 0, \"rule\": \"dps\"}",
            "{\"model\": \"linear_inverse\", \"prior\": {\"model\": \"boxes\", \"weights\": [1], \"lo\": [[0, 0, 0, 0]], \"hi\": [[1, 1, 1, 1]]}, " HY ", \"sigma_y\": 0.1, \"rule\": \"ddnm\"}"};
        const char *want[4] = {"full row rank", "ddnm++", "sigma_y", "gaussian"};
        int k, rc;
        for (k = 0; k < 4; k++) {
            dmv_model_spec_init(&s);
            dmv_error_init(&err);
            rc = dmv_model_spec_parse(&s, bad[k], strlen(bad[k]), "t", NULL, NULL, &err);
            if (rc == DMV_OK) {
                rc = dmv_fast_model_from_spec(&fm, &s, &err);
                if (rc == DMV_OK)
                    dmv_fast_model_clear(&fm);
            }
            DMV_CHECK(rc != DMV_OK && strstr(err.msg, want[k]) != NULL, "bad %d: rc %d '%s'", k, rc, err.msg);
            dmv_model_spec_clear(&s);
        }
    }
    _arb_vec_clear(r1, 4);
    _arb_vec_clear(r2, 4);
    flint_cleanup();
    DMV_TEST_DONE("t-linear-inverse");
}
