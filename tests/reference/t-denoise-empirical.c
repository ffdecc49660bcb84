/* Reference empirical denoiser (reference/denoise_empirical.c) against independent oracles:
 *  1. random training sets (n <= 6, d = 2), x near a point or between points, s down to 1e-6:
 *     MPFR with direct exponentials exp(-|x - a X_i|^2 / (2 s^2)) (exponent range open, no shift);
 *  2. one training point: D is that point exactly (for every x, a, s);
 *  3. hand case: points -1 and +1 at a = 1, s = 2^-10, x = k 2^-24: D = tanh(x/s^2) = tanh(k/16),
 *     with raw exponents ~ -2^19 (MPFR tanh). */
#include <stdio.h>
#include <string.h>

#include "denoise_oracle.h"
#include "dmv/model_spec.h"
#include "dmv_test.h"

#define PREC 128

int main(void)
{
    dmv_test_rng rng = {5};
    long it, n = dmv_test_iters(40);
    char js[4096];
    mpfr_t v, num[2], den, t, q;
    arb_ptr out;
    dmv_error e;
    or_setup();
    mpfr_inits2(OR_PREC, v, num[0], num[1], den, t, q, (mpfr_ptr) 0);
    out = _arb_vec_init(2);
    dmv_error_init(&e);
    for (it = 0; it < n; it++) {
        int N = 1 + (int) (dmv_test_next(&rng) % 6), i, j, p;
        double X[12], xv[2], av = 0.05 + 0.95 * dmv_test_uniform(&rng), sv = dmv_test_loguniform(&rng, 1e-6, 2);
        dmv_model_spec sp;
        dmv_ref_model rm;
        p = snprintf(js, sizeof js, "{\"model\": \"empirical\", \"train\": [");
        for (i = 0; i < N; i++) {
            X[2 * i] = 4 * dmv_test_uniform(&rng) - 2;
            X[2 * i + 1] = 4 * dmv_test_uniform(&rng) - 2;
            p += snprintf(js + p, sizeof js - p, "%s[%.17g, %.17g]", i ? ", " : "", X[2 * i], X[2 * i + 1]);
        }
        snprintf(js + p, sizeof js - p, "]}");
        i = (int) (dmv_test_next(&rng) % N);
        j = (int) (dmv_test_next(&rng) % N);
        { /* between points i and j, plus a few s of noise */
            double u = dmv_test_uniform(&rng);
            xv[0] = av * (u * X[2 * i] + (1 - u) * X[2 * j]) + sv * (8 * dmv_test_uniform(&rng) - 4);
            xv[1] = av * (u * X[2 * i + 1] + (1 - u) * X[2 * j + 1]) + sv * (8 * dmv_test_uniform(&rng) - 4);
        }
        DMV_CHECK(dmv_test_parse_spec(&sp, js) == DMV_OK, "%s", js);
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, av, sv, xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        mpfr_set_ui(num[0], 0, MPFR_RNDN);
        mpfr_set_ui(num[1], 0, MPFR_RNDN);
        mpfr_set_ui(den, 0, MPFR_RNDN);
        for (i = 0; i < N; i++) {
            mpfr_set_ui(q, 0, MPFR_RNDN);
            for (j = 0; j < 2; j++) {
                mpfr_set_d(t, X[2 * i + j], MPFR_RNDN);
                mpfr_mul_d(t, t, av, MPFR_RNDN);
                mpfr_d_sub(t, xv[j], t, MPFR_RNDN);
                mpfr_sqr(t, t, MPFR_RNDN);
                mpfr_add(q, q, t, MPFR_RNDN);
            }
            mpfr_div_d(q, q, -2 * sv, MPFR_RNDN);
            mpfr_div_d(q, q, sv, MPFR_RNDN);
            mpfr_exp(q, q, MPFR_RNDN);
            mpfr_add(den, den, q, MPFR_RNDN);
            for (j = 0; j < 2; j++) {
                mpfr_mul_d(t, q, X[2 * i + j], MPFR_RNDN);
                mpfr_add(num[j], num[j], t, MPFR_RNDN);
            }
        }
        for (j = 0; j < 2; j++) {
            mpfr_div(v, num[j], den, MPFR_RNDN);
            DMV_CHECK(or_contains(out + j, v, 1e-60), "N %d a %g s %g: D[%d] dist %g rad %g", N, av, sv, j,
                      or_dist(out + j, v), mag_get_d(arb_radref(out + j)));
        }
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&sp);
        /* 2: one point */
        snprintf(js, sizeof js, "{\"model\": \"empirical\", \"train\": [[%.17g, %.17g]]}", X[0], X[1]);
        DMV_CHECK(dmv_test_parse_spec(&sp, js) == DMV_OK, "%s", js);
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, av, sv, xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        for (j = 0; j < 2; j++) {
            mpfr_set_d(v, X[j], MPFR_RNDN);
            DMV_CHECK(or_contains(out + j, v, 0), "one point: D[%d] != X[%d]", j, j);
        }
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&sp);
    }
    /* 3: tanh hand case */
    {
        dmv_model_spec sp;
        dmv_ref_model rm;
        long k;
        DMV_CHECK(dmv_test_parse_spec(&sp, "{\"model\": \"empirical\", \"train\": [[-1], [1]]}") == DMV_OK, "parse");
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        for (k = -40; k <= 40; k += 7) {
            double xv = ldexp((double) k, -24);
            DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, 1.0, ldexp(1.0, -10), &xv, 100, PREC, &e) == DMV_OK, "%s",
                      e.msg);
            mpfr_set_si(v, k, MPFR_RNDN);
            mpfr_div_ui(v, v, 16, MPFR_RNDN);
            mpfr_tanh(v, v, MPFR_RNDN);
            DMV_CHECK(or_contains(out, v, 1e-60), "tanh(%ld/16): dist %g", k, or_dist(out, v));
        }
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&sp);
    }
    mpfr_clears(v, num[0], num[1], den, t, q, (mpfr_ptr) 0);
    _arb_vec_clear(out, 2);
    flint_cleanup();
    DMV_TEST_DONE("t-denoise-empirical");
}
