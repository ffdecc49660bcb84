/* Reference uniform-box denoisers (reference/denoise_boxes.c) against independent oracles:
 *  1. 1-D box mixtures, x within a few noise scales: MPFR quadrature of
 *     int x0 p(x0) N(x; a x0, s^2) / int p(x0) N(...) (composite Simpson per box with Richardson,
 *     tolerance: |S_2n - S_n| relative to the total, an overestimate of the extrapolant's error,
 *     which must be below 1e-8);
 *  2. far outside the box and tiny noise (l up to 1e6, s down to 1e-8): the textbook formula
 *     x/a + (s/a)(phi(l) - phi(h))/(Phi(h) - Phi(l)) in MPFR at 1024 bits with the exponent range
 *     open (its cancellation is absorbed by the precision; it shares no code with the erfc form);
 *  3. d = 2 boxes: per-box products of the 1024-bit interval oracle, weighed directly;
 *  4. umix with d = 2, K = 2: coordinate j against the 1-D oracle of its own intervals;
 *  5. identities: the box [c, nextafter(c)] (one ulp wide) gives D within one ulp of c; umix with d = 1 and the
 *     same intervals overlaps boxes; a = 0 gives the prior mean. */
#include <stdio.h>
#include <string.h>

#include "denoise_oracle.h"
#include "dmv/model_spec.h"
#include "dmv_test.h"

#define PREC 128

/* 1-D mixture of intervals by the 1024-bit textbook formula: sum w ev mean / sum w ev */
static void oracle_1d(mpfr_t out, int K, const double *w, const double *lo, const double *hi, double a, double s,
                      double x)
{
    mpfr_t ev, mean, num, den;
    int k;
    mpfr_inits2(1024, ev, mean, num, den, (mpfr_ptr) 0);
    mpfr_set_ui(num, 0, MPFR_RNDN);
    mpfr_set_ui(den, 0, MPFR_RNDN);
    for (k = 0; k < K; k++) {
        or_interval(ev, mean, lo[k], hi[k], a, s, x, 1024);
        mpfr_mul_d(ev, ev, w[k], MPFR_RNDN);
        mpfr_add(den, den, ev, MPFR_RNDN);
        mpfr_mul(ev, ev, mean, MPFR_RNDN);
        mpfr_add(num, num, ev, MPFR_RNDN);
    }
    mpfr_div(num, num, den, MPFR_RNDN);
    mpfr_set(out, num, MPFR_RNDN);
    mpfr_clears(ev, mean, num, den, (mpfr_ptr) 0);
}

static void make_boxes1(char *js, size_t size, int K, const double *w, const double *lo, const double *hi)
{
    int k, p = snprintf(js, size, "{\"model\": \"boxes\", \"weights\": [");
    for (k = 0; k < K; k++)
        p += snprintf(js + p, size - p, "%s%.17g", k ? ", " : "", w[k]);
    p += snprintf(js + p, size - p, "], \"lo\": [");
    for (k = 0; k < K; k++)
        p += snprintf(js + p, size - p, "%s[%.17g]", k ? ", " : "", lo[k]);
    p += snprintf(js + p, size - p, "], \"hi\": [");
    for (k = 0; k < K; k++)
        p += snprintf(js + p, size - p, "%s[%.17g]", k ? ", " : "", hi[k]);
    snprintf(js + p, size - p, "]}");
}

int main(void)
{
    dmv_test_rng rng = {99};
    long it, n = dmv_test_iters(30);
    char js[1024];
    mpfr_t v, m0, m1, t;
    arb_ptr out, out2;
    dmv_error e;
    or_setup();
    mpfr_inits2(OR_PREC, v, m0, m1, t, (mpfr_ptr) 0);
    out = _arb_vec_init(4);
    out2 = _arb_vec_init(4);
    dmv_error_init(&e);

    /* 1: quadrature, moderate cases (the costly oracle: 11 cases) */
    for (it = 0; it < n / 3 + 1; it++) {
        double w[3], lo[3], hi[3], av = 0.1 + 0.9 * dmv_test_uniform(&rng), sv = dmv_test_loguniform(&rng, 0.05, 2),
               xv, errk[3], tol = 0;
        int K = 1 + (int) (dmv_test_next(&rng) % 3), k;
        dmv_model_spec sp;
        dmv_ref_model rm;
        mpfr_t num, den;
        mpfr_inits2(OR_PREC, num, den, (mpfr_ptr) 0);
        mpfr_set_ui(num, 0, MPFR_RNDN);
        mpfr_set_ui(den, 0, MPFR_RNDN);
        for (k = 0; k < K; k++) {
            w[k] = 0.1 + dmv_test_uniform(&rng);
            lo[k] = 6 * dmv_test_uniform(&rng) - 3;
            hi[k] = lo[k] + dmv_test_loguniform(&rng, 0.05, 3);
        }
        xv = av * (6 * dmv_test_uniform(&rng) - 3);
        make_boxes1(js, sizeof js, K, w, lo, hi);
        DMV_CHECK(dmv_test_parse_spec(&sp, js) == DMV_OK, "%s", js);
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, av, sv, &xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        for (k = 0; k < K; k++) { /* p(x0) = w_k / (hi - lo) on box k */
            double e0, e1;
            or_box_moment(m0, 0, lo[k], hi[k], av, sv, xv, 2000, &e0);
            or_box_moment(m1, 1, lo[k], hi[k], av, sv, xv, 2000, &e1);
            mpfr_set_d(t, hi[k], MPFR_RNDN);
            mpfr_sub_d(t, t, lo[k], MPFR_RNDN);
            mpfr_d_div(t, w[k], t, MPFR_RNDN);
            mpfr_mul(m0, m0, t, MPFR_RNDN);
            mpfr_mul(m1, m1, t, MPFR_RNDN);
            /* absolute error estimates, relative to the total below */
            errk[k] = fmax(e0, e1) * mpfr_get_d(m0, MPFR_RNDN) * (1 + fmax(fabs(lo[k]), fabs(hi[k])));
            mpfr_add(den, den, m0, MPFR_RNDN);
            mpfr_add(num, num, m1, MPFR_RNDN);
        }
        for (k = 0; k < K; k++)
            tol += errk[k] / mpfr_get_d(den, MPFR_RNDN);
        mpfr_div(v, num, den, MPFR_RNDN);
        DMV_CHECK(tol < 1e-8, "quadrature error estimate %g too large for a test with teeth", tol);
        DMV_CHECK(or_contains(out, v, tol), "K %d a %g s %g x %g: dist %g (tol %g)", K,
                  av, sv, xv, or_dist(out, v), tol);
        mpfr_clears(num, den, (mpfr_ptr) 0);
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&sp);
    }

    /* 2: far outside, tiny noise, vs the 1024-bit textbook formula */
    for (it = 0; it < n; it++) {
        double w[2] = {1, 0.5}, lo[2] = {1, -2}, hi[2] = {2, -1};
        double av = dmv_test_loguniform(&rng, 1e-3, 1), sv = dmv_test_loguniform(&rng, 1e-8, 1e-2);
        double dist = dmv_test_loguniform(&rng, 1, 1e6) * sv, xv;
        dmv_model_spec sp;
        dmv_ref_model rm;
        int where = (int) (dmv_test_next(&rng) % 4);
        xv = where == 0 ? av * 2 + dist : where == 1 ? av * -2 - dist : where == 2 ? av * 1 - dist : av * 1.5;
        if (where == 2 && xv < av * -1) /* keep it between the boxes */
            xv = av * 0.5;
        make_boxes1(js, sizeof js, 2, w, lo, hi);
        DMV_CHECK(dmv_test_parse_spec(&sp, js) == DMV_OK, "%s", js);
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, av, sv, &xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        oracle_1d(v, 2, w, lo, hi, av, sv, xv);
        DMV_CHECK(or_contains(out, v, 1e-60), "far: a %g s %g x %g (case %d): dist %g rad %g", av, sv, xv, where,
                  or_dist(out, v), mag_get_d(arb_radref(out)));
        DMV_CHECK(mag_cmp_2exp_si(arb_radref(out), -98) <= 0, "far: radius %g too wide (asked: 2^-100 max(1, |D|), |D| <= 2)", mag_get_d(arb_radref(out)));
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&sp);
    }

    /* 3: d = 2 boxes vs per-box products of the interval oracle */
    for (it = 0; it < n / 4 + 1; it++) {
        double w[2] = {0.3 + dmv_test_uniform(&rng), 0.3 + dmv_test_uniform(&rng)}, lo[4], hi[4], xv[2];
        double av = 0.05 + 0.95 * dmv_test_uniform(&rng), sv = dmv_test_loguniform(&rng, 1e-4, 1);
        dmv_model_spec sp;
        dmv_ref_model rm;
        mpfr_t ev, mean, pk, num[2], den, mk[2];
        int k, j;
        for (k = 0; k < 4; k++) {
            lo[k] = 4 * dmv_test_uniform(&rng) - 2;
            hi[k] = lo[k] + dmv_test_loguniform(&rng, 0.01, 2);
        }
        xv[0] = 6 * dmv_test_uniform(&rng) - 3;
        xv[1] = 6 * dmv_test_uniform(&rng) - 3;
        snprintf(js, sizeof js, "{\"model\": \"boxes\", \"weights\": [%.17g, %.17g], \"lo\": [[%.17g, %.17g], "
                 "[%.17g, %.17g]], \"hi\": [[%.17g, %.17g], [%.17g, %.17g]]}", w[0], w[1], lo[0], lo[1], lo[2], lo[3],
                 hi[0], hi[1], hi[2], hi[3]);
        DMV_CHECK(dmv_test_parse_spec(&sp, js) == DMV_OK, "%s", js);
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, av, sv, xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        mpfr_inits2(1024, ev, mean, pk, num[0], num[1], den, mk[0], mk[1], (mpfr_ptr) 0);
        mpfr_set_ui(den, 0, MPFR_RNDN);
        mpfr_set_ui(num[0], 0, MPFR_RNDN);
        mpfr_set_ui(num[1], 0, MPFR_RNDN);
        for (k = 0; k < 2; k++) {
            mpfr_set_d(pk, w[k], MPFR_RNDN);
            for (j = 0; j < 2; j++) {
                or_interval(ev, mk[j], lo[2 * k + j], hi[2 * k + j], av, sv, xv[j], 1024);
                mpfr_mul(pk, pk, ev, MPFR_RNDN);
            }
            mpfr_add(den, den, pk, MPFR_RNDN);
            for (j = 0; j < 2; j++) {
                mpfr_mul(mean, pk, mk[j], MPFR_RNDN);
                mpfr_add(num[j], num[j], mean, MPFR_RNDN);
            }
        }
        for (j = 0; j < 2; j++) {
            mpfr_div(v, num[j], den, MPFR_RNDN);
            DMV_CHECK(or_contains(out + j, v, 1e-60), "2-D boxes D[%d]: dist %g rad %g (a %g s %g x %g %g) %s", j,
                      or_dist(out + j, v), mag_get_d(arb_radref(out + j)), av, sv, xv[0], xv[1], js);
        }
        mpfr_clears(ev, mean, pk, num[0], num[1], den, mk[0], mk[1], (mpfr_ptr) 0);
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&sp);
    }

    /* 4: umix, d = 2 */
    for (it = 0; it < n / 2 + 1; it++) {
        double w[4], a[4], b[4], xv[2], av = 0.05 + 0.95 * dmv_test_uniform(&rng), sv = dmv_test_loguniform(&rng, 1e-5, 1);
        dmv_model_spec sp;
        dmv_ref_model rm;
        int k, j;
        for (k = 0; k < 4; k++) {
            w[k] = 0.1 + dmv_test_uniform(&rng);
            a[k] = 4 * dmv_test_uniform(&rng) - 2;
            b[k] = a[k] + dmv_test_loguniform(&rng, 1e-3, 2);
        }
        xv[0] = 6 * dmv_test_uniform(&rng) - 3;
        xv[1] = 6 * dmv_test_uniform(&rng) - 3;
        snprintf(js, sizeof js, "{\"model\": \"umix\", \"weights\": [[%.17g, %.17g], [%.17g, %.17g]], \"a\": "
                 "[[%.17g, %.17g], [%.17g, %.17g]], \"b\": [[%.17g, %.17g], [%.17g, %.17g]]}", w[0], w[1], w[2], w[3],
                 a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]);
        DMV_CHECK(dmv_test_parse_spec(&sp, js) == DMV_OK, "%s", js);
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, av, sv, xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        for (j = 0; j < 2; j++) {
            oracle_1d(v, 2, w + 2 * j, a + 2 * j, b + 2 * j, av, sv, xv[j]);
            DMV_CHECK(or_contains(out + j, v, 1e-60), "umix D[%d]: dist %g rad %g", j, or_dist(out + j, v),
                      mag_get_d(arb_radref(out + j)));
        }
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&sp);
    }

    /* 5: identities */
    for (it = 0; it < n; it++) {
        double c = 4 * dmv_test_uniform(&rng) - 2, w1 = 1, lo1 = c, hi1 = nextafter(c, 3.0), eps = hi1 - lo1;
        double av = 0.05 + 0.95 * dmv_test_uniform(&rng), sv = dmv_test_loguniform(&rng, 1e-6, 2),
               xv = 10 * dmv_test_uniform(&rng) - 5;
        double w[2] = {1, 2}, lo[2] = {-1.5, 0.25}, hi[2] = {-0.5, 3};
        dmv_model_spec sp, su;
        dmv_ref_model rm, ru;
        make_boxes1(js, sizeof js, 1, &w1, &lo1, &hi1);
        DMV_CHECK(dmv_test_parse_spec(&sp, js) == DMV_OK, "%s", js);
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, av, sv, &xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        mpfr_set_d(v, c, MPFR_RNDN);
        DMV_CHECK(or_contains(out, v, eps), "one-ulp box at %g: dist %g", c, or_dist(out, v));
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&sp);
        make_boxes1(js, sizeof js, 2, w, lo, hi);
        DMV_CHECK(dmv_test_parse_spec(&sp, js) == DMV_OK, "%s", js);
        DMV_CHECK(dmv_test_parse_spec(&su, "{\"model\": \"umix\", \"weights\": [[1, 2]], \"a\": [[-1.5, 0.25]], \"b\": [[-0.5, 3]]}") ==
                      DMV_OK, "umix");
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_from_spec(&ru, &su, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, av, sv, &xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out2, &ru, av, sv, &xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(arb_overlaps(out, out2), "umix d = 1 differs from boxes");
        /* a = 0: the prior mean (1 * -1 + 2 * 1.625) / 3 = 0.75 */
        DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, 0.0, sv, &xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        mpfr_set_d(v, 0.75, MPFR_RNDN);
        DMV_CHECK(or_contains(out, v, 1e-30), "a = 0: D = %g, expected the prior mean 0.75",
                  arf_get_d(arb_midref(out), ARF_RND_NEAR));
        dmv_ref_model_clear(&rm);
        dmv_ref_model_clear(&ru);
        dmv_model_spec_clear(&sp);
        dmv_model_spec_clear(&su);
    }
    mpfr_clears(v, m0, m1, t, (mpfr_ptr) 0);
    _arb_vec_clear(out, 4);
    _arb_vec_clear(out2, 4);
    flint_cleanup();
    DMV_TEST_DONE("t-denoise-boxes");
}
