/* The discrete VP chain in Arb (reference/process.c) and the chain samplers' step
 * (reference/step.c), against values from elsewhere:
 *   - alpha_bar_t from a long-double product of the table's betas; non-integer times refused;
 *   - one ddpm-chain step t -> t - 1 equals the formula of docs/math/mismatch.md s.0 written with
 *     the table's beta_t directly (not the library's ratio form a'/a);
 *   - one ddpm-posterior step over a subsequence t -> t' equals DDIM with eta = 1 at the same
 *     noise (the DDPM posterior is DDIM's eta = 1 member, docs/schemes.md s.5). */
#include <math.h>
#include <string.h>

#include <mpfr.h>

#include "dmv/ref.h"
#include "dmv/ref_model.h"
#include "dmv/ref_step.h"
#include "dmv_test.h"

/* the midpoint as a long double (64 bits, through MPFR) */
static long double mid_ld(const arb_t x)
{
    mpfr_t m;
    long double v;
    mpfr_init2(m, 64);
    arf_get_mpfr(m, arb_midref(x), MPFR_RNDN);
    v = mpfr_get_ld(m, MPFR_RNDN);
    mpfr_clear(m);
    return v;
}

int main(void)
{
    static const double tab[12] = {1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3};
    dmv_process p;
    dmv_error err;
    dmv_model_spec spec;
    dmv_ref_model rm;
    arb_t s, a, sg2;
    arb_ptr x, y1, y2, tmp;
    const long d = 3;
    long t, it;
    int rc;
    dmv_test_rng rng = {3};
    const char *js = "{\"model\": \"gaussian\", \"lambda\": [0.3, 1.0, 2.5], \"mean\": [0.67, -0.4, 0.19]}";

    dmv_process_default(&p, DMV_PROCESS_VP_DISCRETE);
    p.betas = DMV_BETAS_TABLE;
    p.beta_table = tab;
    p.t_max = 12;
    arb_init(s);
    arb_init(a);
    arb_init(sg2);
    for (t = 0; t <= 12; t++) {
        long double ab = 1;
        long i;
        for (i = 0; i < t; i++)
            ab *= 1 - (long double) tab[i];
        arb_set_si(s, t);
        dmv_error_init(&err);
        rc = dmv_ref_process_eval(a, sg2, NULL, NULL, NULL, &p, s, 128, &err);
        DMV_CHECK(rc == DMV_OK && fabsl(mid_ld(a) - sqrtl(ab)) < 1e-18L && fabsl(mid_ld(sg2) - (1 - ab)) < 1e-18L &&
                      mag_cmp_2exp_si(arb_radref(a), -100) < 0,
                  "t = %ld: rc %d alpha %s", t, rc, arb_get_str(a, 20, 0));
    }
    arb_set_d(s, 2.5);
    dmv_error_init(&err);
    rc = dmv_ref_process_eval(a, sg2, NULL, NULL, NULL, &p, s, 128, &err);
    DMV_CHECK(rc == DMV_EDOM && strstr(err.msg, "2.5") != NULL, "t = 2.5: rc %d '%s'", rc, err.msg);

    dmv_model_spec_init(&spec);
    dmv_error_init(&err);
    rc = dmv_model_spec_parse(&spec, js, strlen(js), "t", NULL, NULL, &err);
    rc |= dmv_ref_model_from_spec(&rm, &spec, 128, &err);
    DMV_CHECK(rc == DMV_OK, "model: %s", err.msg);
    x = _arb_vec_init(d);
    y1 = _arb_vec_init(d);
    y2 = _arb_vec_init(d);
    tmp = _arb_vec_init(d);
    for (it = 0; it < 40 && rc == DMV_OK; it++) {
        double xd[3], z[3];
        long j, t0 = 1 + (long) (dmv_test_next(&rng) % 12), t1;
        dmv_ref_stepper st;
        dmv_scheme sc = {DMV_SCHEME_DDPM_CHAIN, 0.0, 0, 0, 0, 0};
        for (j = 0; j < d; j++) {
            xd[j] = 4 * dmv_test_uniform(&rng) - 2;
            z[j] = 4 * dmv_test_uniform(&rng) - 2;
            arb_set_d(x + j, xd[j]);
        }
        /* chain step t0 -> t0 - 1 against (y + beta S)/sqrt(1 - beta) + sqrt(beta/(1 - beta)) z,
         * S = (a D - y)/sigma^2 from the model's own denoiser at (a, sigma) */
        dmv_ref_stepper_init(&st, &p, &sc, &rm);
        dmv_error_init(&err);
        rc = dmv_ref_step(y1, NULL, &st, (double) t0, (double) (t0 - 1), NAN, x, NULL, z, &err);
        DMV_CHECK(rc == DMV_OK, "chain step %ld: %s", t0, err.msg);
        {
            arb_t al, sg, be, q, u;
            arb_init(al);
            arb_init(sg);
            arb_init(be);
            arb_init(q);
            arb_init(u);
            arb_set_si(s, t0);
            dmv_ref_process_eval(al, sg2, NULL, NULL, NULL, &p, s, 256, &err);
            arb_sqrt(sg, sg2, 256);
            rc |= dmv_ref_model_denoise(tmp, &rm, al, sg, x, 256, &err);
            arb_set_d(be, tab[t0 - 1]);
            arb_sub_ui(q, be, 1, 256);
            arb_neg(q, q); /* 1 - beta */
            for (j = 0; j < d; j++) {
                arb_t zz;
                arb_init(zz);
                arb_set_d(zz, z[j]);
                arb_mul(u, al, tmp + j, 256);
                arb_sub(u, u, x + j, 256);
                arb_div(u, u, sg2, 256);     /* S */
                arb_mul(u, u, be, 256);
                arb_add(u, u, x + j, 256);   /* y + beta S */
                arb_rsqrt(y2 + j, q, 256);
                arb_mul(u, u, y2 + j, 256);  /* / sqrt(1 - beta) */
                arb_div(y2 + j, be, q, 256);
                arb_sqrt(y2 + j, y2 + j, 256);
                arb_mul(y2 + j, y2 + j, zz, 256);
                arb_add(y2 + j, y2 + j, u, 256);
                arb_clear(zz);
                DMV_CHECK(arb_overlaps(y1 + j, y2 + j) && mag_cmp_2exp_si(arb_radref(y1 + j), -90) < 0,
                          "t %ld coord %ld: stepper %s, mismatch.md form %s", t0, j, arb_get_str(y1 + j, 20, 0),
                          arb_get_str(y2 + j, 20, 0));
            }
            arb_clear(al);
            arb_clear(sg);
            arb_clear(be);
            arb_clear(q);
            arb_clear(u);
        }
        /* posterior step over a subsequence t0 -> t1 < t0 against DDIM eta = 1 */
        t1 = (long) (dmv_test_next(&rng) % (unsigned long) t0);
        sc.kind = DMV_SCHEME_DDPM_POSTERIOR;
        dmv_ref_stepper_init(&st, &p, &sc, &rm);
        rc |= dmv_ref_step(y1, NULL, &st, (double) t0, (double) t1, NAN, x, NULL, z, &err);
        sc.kind = DMV_SCHEME_DDIM;
        sc.eta = 1.0;
        dmv_ref_stepper_init(&st, &p, &sc, &rm);
        rc |= dmv_ref_step(y2, NULL, &st, (double) t0, (double) t1, NAN, x, NULL, z, &err);
        DMV_CHECK(rc == DMV_OK, "posterior/DDIM step %ld -> %ld: %s", t0, t1, err.msg);
        for (j = 0; j < d && rc == DMV_OK; j++)
            DMV_CHECK(arb_overlaps(y1 + j, y2 + j) && mag_cmp_2exp_si(arb_radref(y1 + j), -90) < 0,
                      "%ld -> %ld coord %ld: posterior %s, ddim eta 1 %s", t0, t1, j, arb_get_str(y1 + j, 20, 0),
                      arb_get_str(y2 + j, 20, 0));
    }
    _arb_vec_clear(x, d);
    _arb_vec_clear(y1, d);
    _arb_vec_clear(y2, d);
    _arb_vec_clear(tmp, d);
    dmv_ref_model_clear(&rm);
    dmv_model_spec_clear(&spec);
    arb_clear(s);
    arb_clear(a);
    arb_clear(sg2);
    flint_cleanup();
    DMV_TEST_DONE("t-ref-chain");
}
