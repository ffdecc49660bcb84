/* Reference denoisers of the composite kinds (reference/model_spec.c) against independent values:
 *  1. guided, two-class closed form (docs/models.md s.6): uncond = (1/2) N(1,1) + (1/2) N(-1,1),
 *     cond = N(1,1): D_w = D_z + w (1 - q)(2 s^2 / l_s), q = 1/(1 + exp(-2 a x / l_s)),
 *     D_z = 1 + (a/l_s)(x - a), l_s = a^2 + s^2, in MPFR;
 *  2. guided w = 0 is cond (the same ball); classifier_scale c with base uncond equals w = c - 1,
 *     with base cond equals w = c; gamma g equals w = g - 1 (identical balls);
 *  3. score_mix: lambda = 0 is base (same ball); otherwise D_b + lambda (D_o - D_b) with two
 *     1-D Gaussians in MPFR;
 *  4. tail: x beyond alpha a2 + kappa sigma (sigma <= sigma_hat_max alpha) gives x/alpha exactly;
 *     below it, or with sigma > sigma_hat_max alpha, or alpha = 0, the base; a ball of x that
 *     straddles the threshold gives a ball containing both values;
 *  5. argument errors: alpha < 0, sigma = 0 for a mixture, a ball of alpha around 0 are DMV_EDOM;
 *     an accuracy no precision reaches is DMV_EPREC naming the coordinate. */
#include <stdio.h>
#include <string.h>

#include "denoise_oracle.h"
#include "dmv/model_spec.h"
#include "dmv_test.h"

#define PREC 128

static const char *C1 = "{\"model\": \"gaussian\", \"lambda\": [1], \"mean\": [1]}";
static const char *U1 = "{\"model\": \"mixture\", \"weights\": [1, 1], \"means\": [[1], [-1]], \"vars\": [[1], [1]]}";

/* D of N(m, lam) at (a, s, x) in MPFR */
static void gauss1(mpfr_t out, double m, double lam, double a, double s, double x)
{
    mpfr_t ls, t;
    mpfr_inits2(OR_PREC, ls, t, (mpfr_ptr) 0);
    mpfr_set_d(ls, a, MPFR_RNDN);
    mpfr_sqr(ls, ls, MPFR_RNDN);
    mpfr_mul_d(ls, ls, lam, MPFR_RNDN);
    mpfr_set_d(t, s, MPFR_RNDN);
    mpfr_sqr(t, t, MPFR_RNDN);
    mpfr_add(ls, ls, t, MPFR_RNDN);
    mpfr_set_d(t, a, MPFR_RNDN);
    mpfr_mul_d(t, t, m, MPFR_RNDN);
    mpfr_d_sub(t, x, t, MPFR_RNDN);
    mpfr_mul_d(t, t, a, MPFR_RNDN);
    mpfr_mul_d(t, t, lam, MPFR_RNDN);
    mpfr_div(t, t, ls, MPFR_RNDN);
    mpfr_add_d(out, t, m, MPFR_RNDN);
    mpfr_clears(ls, t, (mpfr_ptr) 0);
}

static int eval(arb_ptr out, const char *json, double a, double s, const double *x, dmv_error *e)
{
    dmv_model_spec sp;
    dmv_ref_model rm;
    int rc;
    if ((rc = dmv_test_parse_spec(&sp, json)) != DMV_OK)
        return rc;
    rc = dmv_ref_model_from_spec(&rm, &sp, PREC, e);
    if (rc == DMV_OK)
        rc = dmv_ref_model_denoise_d(out, &rm, a, s, x, 100, PREC, e);
    dmv_ref_model_clear(&rm);
    dmv_model_spec_clear(&sp);
    return rc;
}

int main(void)
{
    dmv_test_rng rng = {31};
    long it, n = dmv_test_iters(40);
    char js[2048];
    mpfr_t v, t, q, ls;
    arb_ptr out, out2;
    dmv_error e;
    or_setup();
    mpfr_inits2(OR_PREC, v, t, q, ls, (mpfr_ptr) 0);
    out = _arb_vec_init(2);
    out2 = _arb_vec_init(2);
    dmv_error_init(&e);
    for (it = 0; it < n; it++) {
        double av = 0.05 + 0.95 * dmv_test_uniform(&rng), sv = dmv_test_loguniform(&rng, 1e-3, 2),
               xv = 8 * dmv_test_uniform(&rng) - 4, w = 16 * dmv_test_uniform(&rng) - 1,
               lam = 2 * dmv_test_uniform(&rng) - 0.5;
        /* 1 */
        snprintf(js, sizeof js, "{\"model\": \"guided\", \"w\": %.17g, \"cond\": %s, \"uncond\": %s}", w, C1, U1);
        DMV_CHECK(eval(out, js, av, sv, &xv, &e) == DMV_OK, "%s", e.msg);
        mpfr_set_d(ls, av, MPFR_RNDN);
        mpfr_sqr(ls, ls, MPFR_RNDN);
        mpfr_set_d(t, sv, MPFR_RNDN);
        mpfr_sqr(t, t, MPFR_RNDN);
        mpfr_add(ls, ls, t, MPFR_RNDN); /* l_s */
        mpfr_mul_2ui(t, t, 1, MPFR_RNDN);
        mpfr_div(t, t, ls, MPFR_RNDN); /* D_z - D_z' = 2 s^2 / l_s */
        mpfr_set_d(q, av, MPFR_RNDN);
        mpfr_mul_d(q, q, xv, MPFR_RNDN);
        mpfr_mul_si(q, q, 2, MPFR_RNDN);
        mpfr_div(q, q, ls, MPFR_RNDN);
        mpfr_exp(q, q, MPFR_RNDN);
        mpfr_add_ui(q, q, 1, MPFR_RNDN);
        mpfr_ui_div(q, 1, q, MPFR_RNDN); /* 1 - q = 1/(1 + exp(2 a x / l_s)) */
        mpfr_mul(t, t, q, MPFR_RNDN);
        mpfr_mul_d(t, t, w, MPFR_RNDN);
        gauss1(v, 1, 1, av, sv, xv);
        mpfr_add(v, v, t, MPFR_RNDN);
        DMV_CHECK(or_contains(out, v, 1e-60), "guided two-class w %g: dist %g rad %g", w, or_dist(out, v),
                  mag_get_d(arb_radref(out)));
        /* 2 */
        snprintf(js, sizeof js, "{\"model\": \"guided\", \"w\": 0, \"cond\": %s, \"uncond\": %s}", C1, U1);
        DMV_CHECK(eval(out, js, av, sv, &xv, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(eval(out2, C1, av, sv, &xv, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(arb_equal(out, out2), "guided w = 0 differs from cond");
        snprintf(js, sizeof js, "{\"model\": \"guided\", \"w\": %.17g, \"cond\": %s, \"uncond\": %s}", w, C1,
                 U1);
        DMV_CHECK(eval(out2, js, av, sv, &xv, &e) == DMV_OK, "%s", e.msg);
        snprintf(js, sizeof js, "{\"model\": \"guided\", \"classifier_scale\": %.17g, \"classifier_base\": \"cond\", "
                 "\"cond\": %s, \"uncond\": %s}", w, C1, U1);
        DMV_CHECK(eval(out, js, av, sv, &xv, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(arb_equal(out, out2), "classifier_scale with base cond differs from w = scale");
        snprintf(js, sizeof js, "{\"model\": \"guided\", \"w\": %.17g, \"cond\": %s, \"uncond\": %s}", w - 1.0, C1, U1);
        DMV_CHECK(eval(out2, js, av, sv, &xv, &e) == DMV_OK, "%s", e.msg);
        snprintf(js, sizeof js, "{\"model\": \"guided\", \"classifier_scale\": %.17g, \"classifier_base\": \"uncond\", "
                 "\"cond\": %s, \"uncond\": %s}", w, C1, U1);
        DMV_CHECK(eval(out, js, av, sv, &xv, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(arb_equal(out, out2), "classifier_scale with base uncond differs from w = scale - 1");
        snprintf(js, sizeof js, "{\"model\": \"guided\", \"gamma\": %.17g, \"cond\": %s, \"uncond\": %s}", w, C1, U1);
        DMV_CHECK(eval(out, js, av, sv, &xv, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(arb_equal(out, out2), "gamma differs from w = gamma - 1");
        /* 3 */
        snprintf(js, sizeof js, "{\"model\": \"score_mix\", \"lambda\": 0, \"base\": %s, \"other\": %s}", C1, U1);
        DMV_CHECK(eval(out, js, av, sv, &xv, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(eval(out2, C1, av, sv, &xv, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(arb_equal(out, out2), "score_mix lambda = 0 differs from base");
        snprintf(js, sizeof js, "{\"model\": \"score_mix\", \"lambda\": %.17g, \"base\": %s, \"other\": "
                 "{\"model\": \"gaussian\", \"lambda\": [0.25], \"mean\": [-0.5]}}", lam, C1);
        DMV_CHECK(eval(out, js, av, sv, &xv, &e) == DMV_OK, "%s", e.msg);
        gauss1(v, 1, 1, av, sv, xv);
        gauss1(t, -0.5, 0.25, av, sv, xv);
        mpfr_sub(t, t, v, MPFR_RNDN);
        mpfr_mul_d(t, t, lam, MPFR_RNDN);
        mpfr_add(v, v, t, MPFR_RNDN);
        DMV_CHECK(or_contains(out, v, 1e-60), "score_mix lambda %g: dist %g", lam, or_dist(out, v));
    }
    /* 4: tail, base N(1, 1), a2 = 2, a1 = -3, kappa = 1.5, sigma_hat_max = 1 */
    for (it = 0; it < n; it++) {
        double av = 0.05 + 0.95 * dmv_test_uniform(&rng), sv = av * dmv_test_uniform(&rng), xv, base_x;
        const char *T = "{\"model\": \"tail\", \"kappa\": 1.5, \"a2\": [2], \"a1\": [-3], \"base\": "
                        "{\"model\": \"gaussian\", \"lambda\": [1], \"mean\": [1]}}";
        int side = (int) (dmv_test_next(&rng) % 3);
        xv = side == 0 ? av * 2 + 1.5 * sv + 1e-3 + dmv_test_uniform(&rng)
                       : side == 1 ? av * -3 - 1.5 * sv - 1e-3 - dmv_test_uniform(&rng) : av * 2 + 1.5 * sv - 1e-3;
        DMV_CHECK(eval(out, T, av, sv, &xv, &e) == DMV_OK, "%s", e.msg);
        if (side < 2) {
            mpfr_set_d(v, xv, MPFR_RNDN);
            mpfr_div_d(v, v, av, MPFR_RNDN);
            DMV_CHECK(or_contains(out, v, 0), "tail side %d: D != x/alpha (dist %g)", side, or_dist(out, v));
        } else {
            gauss1(v, 1, 1, av, sv, xv);
            DMV_CHECK(or_contains(out, v, 1e-60), "tail: below the threshold D != base (dist %g)", or_dist(out, v));
        }
        /* sigma > sigma_hat_max alpha: the base */
        base_x = av * 2 + 3 * av + 1;
        DMV_CHECK(eval(out, T, av, 2 * av, &base_x, &e) == DMV_OK, "%s", e.msg);
        gauss1(v, 1, 1, av, 2 * av, base_x);
        DMV_CHECK(or_contains(out, v, 1e-60), "tail with sigma > alpha: D != base (dist %g)", or_dist(out, v));
        DMV_CHECK(eval(out, T, 0.0, 1.0, &base_x, &e) == DMV_OK, "%s", e.msg);
        mpfr_set_ui(v, 1, MPFR_RNDN);
        DMV_CHECK(or_contains(out, v, 0), "tail at alpha = 0: D != the mean 1");
    }
    /* 4b: undecided tail: x = [alpha a2 + kappa sigma +- 1e-3] with alpha = 0.5, sigma = 0.25 */
    {
        dmv_model_spec sp;
        dmv_ref_model rm;
        arb_t aa, ss;
        arb_init(aa);
        arb_init(ss);
        arb_set_d(aa, 0.5);
        arb_set_d(ss, 0.25);
        DMV_CHECK(dmv_test_parse_spec(&sp, "{\"model\": \"tail\", \"kappa\": 2, \"a2\": [2], \"base\": {\"model\": \"gaussian\", "
                             "\"lambda\": [1], \"mean\": [1]}}") == DMV_OK, "tail");
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        arb_set_d(out2, 1.5); /* alpha a2 + kappa sigma = 1 + 0.5 */
        mag_set_d(arb_radref(out2), 1e-3);
        DMV_CHECK(dmv_ref_model_denoise(out, &rm, aa, ss, out2, PREC, &e) == DMV_OK, "%s", e.msg);
        mpfr_set_d(v, 3.0, MPFR_RNDN); /* x/alpha */
        DMV_CHECK(or_contains(out, v, 0), "undecided tail: the ball misses x/alpha = 3");
        gauss1(v, 1, 1, 0.5, 0.25, 1.5);
        DMV_CHECK(or_contains(out, v, 1e-3), "undecided tail: the ball misses the base value");
        /* 5 */
        arb_set_d(aa, -0.5);
        dmv_error_init(&e);
        DMV_CHECK(dmv_ref_model_denoise(out, &rm, aa, ss, out2, PREC, &e) == DMV_EDOM && strstr(e.msg, "alpha") != NULL,
                  "alpha < 0: '%s'", e.msg);
        arb_zero(aa);
        mag_set_d(arb_radref(aa), 1e-3);
        dmv_error_init(&e);
        DMV_CHECK(dmv_ref_model_denoise(out, &rm, aa, ss, out2, PREC, &e) == DMV_EDOM, "alpha ball around 0: '%s'",
                  e.msg);
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&sp);
        DMV_CHECK(dmv_test_parse_spec(&sp, U1) == DMV_OK, "U1");
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        arb_set_d(aa, 0.5);
        arb_zero(ss);
        dmv_error_init(&e);
        DMV_CHECK(dmv_ref_model_denoise(out, &rm, aa, ss, out2, PREC, &e) == DMV_EDOM && strstr(e.msg, "sigma > 0"),
                  "mixture at sigma = 0: '%s'", e.msg);
        arb_set_d(ss, 0.25); /* x is a ball of radius 1e-3: 100 bits cannot be reached */
        dmv_error_init(&e);
        DMV_CHECK(dmv_ref_model_denoise_acc(out, &rm, aa, ss, out2, 100, 64, 512, NULL, &e) == DMV_EPREC &&
                      strstr(e.msg, "D[0] has radius") != NULL, "unreachable accuracy: '%s'", e.msg);
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&sp);
        arb_clear(aa);
        arb_clear(ss);
    }
    mpfr_clears(v, t, q, ls, (mpfr_ptr) 0);
    _arb_vec_clear(out, 2);
    _arb_vec_clear(out2, 2);
    flint_cleanup();
    DMV_TEST_DONE("t-denoise-composed");
}
