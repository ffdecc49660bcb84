/* Reference Gaussian-mixture denoiser (reference/denoise_mixture.c) against independent oracles:
 *  1. 1-D mixtures of 1..4 components: MPFR quadrature of E[X0 | x] (denoise_oracle.h), points
 *     up to 30 posterior standard deviations out;
 *  2. 2-D diagonal mixtures: MPFR with direct densities (no log-sum-exp, exponent range open):
 *     p_k = w_k prod_j N(x_j; a m_kj, a^2 v_kj + s^2), D = sum_k p_k D_k / sum_k p_k;
 *  3. a far competition: components at -1 and +1 (variance 1e-6) at s = 1e-3, x halfway with a
 *     tiny offset (log-weights ~ -2.5e5, beyond double's exponent range);
 *  4. identity: one component = the Gaussian denoiser (balls overlap);
 *  5. precision escalation: asking for 300 bits from 64 succeeds at a higher precision. */
#include <stdio.h>
#include <string.h>

#include "denoise_oracle.h"
#include "dmv/model_spec.h"
#include "dmv_test.h"

#define PREC 128

/* direct MPFR: 2-D diagonal mixture posterior mean, coordinate j */
static void direct2(mpfr_t out, int j, int K, const double *w, const double *m, const double *v, double a, double s,
                    const double *x)
{
    mpfr_t num, den, pk, t, u, ls, Dk;
    int k, i;
    mpfr_inits2(OR_PREC, num, den, pk, t, u, ls, Dk, (mpfr_ptr) 0);
    mpfr_set_ui(num, 0, MPFR_RNDN);
    mpfr_set_ui(den, 0, MPFR_RNDN);
    for (k = 0; k < K; k++) {
        mpfr_set_d(pk, w[k], MPFR_RNDN);
        for (i = 0; i < 2; i++) {
            mpfr_set_d(ls, v[2 * k + i], MPFR_RNDN);
            mpfr_mul_d(ls, ls, a, MPFR_RNDN);
            mpfr_mul_d(ls, ls, a, MPFR_RNDN);
            mpfr_set_d(t, s, MPFR_RNDN);
            mpfr_sqr(t, t, MPFR_RNDN);
            mpfr_add(ls, ls, t, MPFR_RNDN);
            mpfr_set_d(t, m[2 * k + i], MPFR_RNDN);
            mpfr_mul_d(t, t, a, MPFR_RNDN);
            mpfr_d_sub(t, x[i], t, MPFR_RNDN); /* r */
            if (i == j) { /* D_kj = m + a v r / ls */
                mpfr_mul_d(Dk, t, a, MPFR_RNDN);
                mpfr_mul_d(Dk, Dk, v[2 * k + i], MPFR_RNDN);
                mpfr_div(Dk, Dk, ls, MPFR_RNDN);
                mpfr_add_d(Dk, Dk, m[2 * k + i], MPFR_RNDN);
            }
            mpfr_sqr(t, t, MPFR_RNDN);
            mpfr_div(t, t, ls, MPFR_RNDN);
            mpfr_div_si(t, t, -2, MPFR_RNDN);
            mpfr_exp(t, t, MPFR_RNDN);
            mpfr_sqrt(u, ls, MPFR_RNDN);
            mpfr_div(t, t, u, MPFR_RNDN);
            mpfr_mul(pk, pk, t, MPFR_RNDN);
        }
        mpfr_add(den, den, pk, MPFR_RNDN);
        mpfr_mul(pk, pk, Dk, MPFR_RNDN);
        mpfr_add(num, num, pk, MPFR_RNDN);
    }
    mpfr_div(out, num, den, MPFR_RNDN);
    mpfr_clears(num, den, pk, t, u, ls, Dk, (mpfr_ptr) 0);
}

int main(void)
{
    dmv_test_rng rng = {77};
    long it, n = dmv_test_iters(30);
    char js[4096];
    mpfr_t v;
    arb_ptr out, out2;
    dmv_error e;
    or_setup();
    mpfr_init2(v, OR_PREC);
    out = _arb_vec_init(4);
    out2 = _arb_vec_init(4);
    dmv_error_init(&e);

    /* 1: 1-D vs quadrature */
    for (it = 0; it < n; it++) {
        or_gmix g;
        dmv_model_spec sp;
        dmv_ref_model rm;
        double av = 0.05 + 0.95 * dmv_test_uniform(&rng), sv = dmv_test_loguniform(&rng, 1e-2, 2), xv;
        int k, p;
        g.K = 1 + (int) (dmv_test_next(&rng) % 4);
        p = snprintf(js, sizeof js, "{\"model\": \"mixture\", \"weights\": [");
        for (k = 0; k < g.K; k++) {
            g.w[k] = 0.1 + dmv_test_uniform(&rng);
            g.m[k] = 6 * dmv_test_uniform(&rng) - 3;
            g.v[k] = dmv_test_loguniform(&rng, 1e-2, 2);
            p += snprintf(js + p, sizeof js - p, "%s%.17g", k ? ", " : "", g.w[k]);
        }
        p += snprintf(js + p, sizeof js - p, "], \"means\": [");
        for (k = 0; k < g.K; k++)
            p += snprintf(js + p, sizeof js - p, "%s[%.17g]", k ? ", " : "", g.m[k]);
        p += snprintf(js + p, sizeof js - p, "], \"vars\": [");
        for (k = 0; k < g.K; k++)
            p += snprintf(js + p, sizeof js - p, "%s[%.17g]", k ? ", " : "", g.v[k]);
        snprintf(js + p, sizeof js - p, "]}");
        xv = av * g.m[0] + (2 * dmv_test_uniform(&rng) - 1) * 30 * sqrt(av * av * g.v[0] + sv * sv);
        DMV_CHECK(dmv_test_parse_spec(&sp, js) == DMV_OK, "%s", js);
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, av, sv, &xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(or_gmix_mean(v, &g, av, sv, xv) > 0, "oracle grid too large");
        DMV_CHECK(or_contains(out, v, 1e-40 * (1 + fabs(xv) / av)), "K %d a %g s %g x %g: dist %g rad %g", g.K, av,
                  sv, xv, or_dist(out, v), mag_get_d(arb_radref(out)));
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&sp);
    }

    /* 2: 2-D diagonal vs direct densities */
    for (it = 0; it < n; it++) {
        double w[3], m[6], vv[6], xv[2], av = 0.05 + 0.95 * dmv_test_uniform(&rng),
               sv = dmv_test_loguniform(&rng, 1e-3, 2);
        int K = 3, k, j;
        dmv_model_spec sp;
        dmv_ref_model rm;
        for (k = 0; k < K; k++) {
            w[k] = dmv_test_uniform(&rng) + 0.01;
            for (j = 0; j < 2; j++) {
                m[2 * k + j] = 8 * dmv_test_uniform(&rng) - 4;
                vv[2 * k + j] = dmv_test_loguniform(&rng, 1e-4, 3);
            }
        }
        xv[0] = 10 * dmv_test_uniform(&rng) - 5;
        xv[1] = 10 * dmv_test_uniform(&rng) - 5;
        snprintf(js, sizeof js,
                 "{\"model\": \"mixture\", \"weights\": [%.17g, %.17g, %.17g], \"means\": [[%.17g, %.17g], "
                 "[%.17g, %.17g], [%.17g, %.17g]], \"vars\": [[%.17g, %.17g], [%.17g, %.17g], [%.17g, %.17g]]}",
                 w[0], w[1], w[2], m[0], m[1], m[2], m[3], m[4], m[5], vv[0], vv[1], vv[2], vv[3], vv[4], vv[5]);
        DMV_CHECK(dmv_test_parse_spec(&sp, js) == DMV_OK, "%s", js);
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, av, sv, xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        for (j = 0; j < 2; j++) {
            direct2(v, j, K, w, m, vv, av, sv, xv);
            DMV_CHECK(or_contains(out + j, v, 1e-60), "2-D D[%d]: dist %g rad %g", j, or_dist(out + j, v),
                      mag_get_d(arb_radref(out + j)));
        }
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&sp);
    }

    /* 3: far competition */
    {
        double w[2] = {1, 1}, m[4] = {-1, 0, 1, 0}, vv[4] = {1e-6, 1, 1e-6, 1}, xv[2] = {3e-7, 0.5};
        dmv_model_spec sp;
        dmv_ref_model rm;
        snprintf(js, sizeof js, "{\"model\": \"mixture\", \"weights\": [1, 1], \"means\": [[-1, 0], [1, 0]], "
                 "\"vars\": [[1e-6, 1], [1e-6, 1]]}");
        DMV_CHECK(dmv_test_parse_spec(&sp, js) == DMV_OK, "%s", js);
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, 1.0, 1e-3, xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        direct2(v, 0, 2, w, m, vv, 1.0, 1e-3, xv);
        DMV_CHECK(mpfr_cmp_d(v, -0.99) > 0 && mpfr_cmp_d(v, 0.99) < 0, "far case is not a competition: %g",
                  mpfr_get_d(v, MPFR_RNDN));
        DMV_CHECK(or_contains(out, v, 1e-60), "far competition: dist %g rad %g", or_dist(out, v),
                  mag_get_d(arb_radref(out)));
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&sp);
    }

    /* 4: one component = the Gaussian; 5: escalation */
    for (it = 0; it < n; it++) {
        double lam = dmv_test_loguniform(&rng, 1e-2, 10), m = 2 * dmv_test_uniform(&rng) - 1,
               av = dmv_test_uniform(&rng), sv = dmv_test_loguniform(&rng, 1e-2, 2), xv = 6 * dmv_test_uniform(&rng) - 3;
        dmv_model_spec s1, s2;
        dmv_ref_model r1, r2;
        slong used = 0;
        arb_t aa, ss;
        snprintf(js, sizeof js, "{\"model\": \"mixture\", \"weights\": [0.3], \"components\": [{\"lambda\": [%.17g], "
                 "\"mean\": [%.17g]}]}", lam, m);
        DMV_CHECK(dmv_test_parse_spec(&s1, js) == DMV_OK, "%s", js);
        snprintf(js, sizeof js, "{\"model\": \"gaussian\", \"lambda\": [%.17g], \"mean\": [%.17g]}", lam, m);
        DMV_CHECK(dmv_test_parse_spec(&s2, js) == DMV_OK, "%s", js);
        DMV_CHECK(dmv_ref_model_from_spec(&r1, &s1, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_from_spec(&r2, &s2, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &r1, av, sv, &xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out2, &r2, av, sv, &xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(arb_overlaps(out, out2), "one-component mixture differs from the Gaussian");
        arb_init(aa);
        arb_init(ss);
        arb_set_d(aa, av);
        arb_set_d(ss, sv);
        arb_set_d(out2, xv);
        DMV_CHECK(dmv_ref_model_denoise_acc(out, &r1, aa, ss, out2, 300, 64, 4096, &used, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(used >= 300 && mag_cmp_2exp_si(arb_radref(out), -290) <= 0, "escalation: used %ld bits, rad %g",
                  (long) used, mag_get_d(arb_radref(out)));
        DMV_CHECK(dmv_ref_model_denoise_acc(out, &r1, aa, ss, out2, 300, 64, 128, &used, &e) == DMV_EPREC,
                  "300 bits within 128 should be DMV_EPREC");
        dmv_error_init(&e);
        arb_clear(aa);
        arb_clear(ss);
        dmv_ref_model_clear(&r1);
        dmv_ref_model_clear(&r2);
        dmv_model_spec_clear(&s1);
        dmv_model_spec_clear(&s2);
    }
    mpfr_clear(v);
    _arb_vec_clear(out, 4);
    _arb_vec_clear(out2, 4);
    flint_cleanup();
    DMV_TEST_DONE("t-denoise-mixture");
}
