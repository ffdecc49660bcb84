/* The Arb stepper (reference/step.c) against an independent route: on diagonal Gaussian data
 * every scheme is an affine map of the start and the noises, y_N = A x_0 + sum_k B_k z_k + c per
 * direction (reference/scheme.c, dmv_ref_scheme_affine1, which never calls a denoiser). N steps
 * of dmv_ref_step over the certified Gaussian denoiser of the model spec, from the same random
 * start and noises, must overlap it, with radii small enough that a wrong coefficient shows.
 * Grids are chosen dyadic (uniform, T, eps and h exact doubles) so both routes use the same
 * times. All ten schemes (DDIM with eta 0, 1/2, 1), VP linear, VP cosine and VE. Also: the
 * slack widens the exact ball (contains it), and argument errors name the value. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/ref.h"
#include "dmv/ref_model.h"
#include "dmv/ref_step.h"
#include "dmv_test.h"

#define D 3
#define NSTEPS 32

static double gauss(dmv_test_rng *r)
{
    double u1 = dmv_test_uniform(r) + 1e-300, u2 = dmv_test_uniform(r);
    return sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
}

static void one_case(const dmv_process *p, double eps, const dmv_scheme *sc, dmv_test_rng *rng, double *worst)
{
    double lam[D], mean[D], x0[D], z[(NSTEPS + 1) * D], s[NSTEPS + 1], h;
    char json[512];
    dmv_model_spec spec;
    dmv_ref_model rm;
    dmv_ref_stepper st, sl;
    dmv_ref_schedule sch;
    dmv_grid g;
    dmv_error err;
    arb_ptr x = _arb_vec_init(D), xp = _arb_vec_init(D), y = _arb_vec_init(D), yw = _arb_vec_init(D);
    arb_t t, lm, mu, route2;
    long j, k;
    int rc, ok = 1;
    const char *name = dmv_scheme_name(sc->kind);

    for (j = 0; j < D; j++) {
        lam[j] = dmv_test_loguniform(rng, 0.01, 3.0);
        mean[j] = 2 * dmv_test_uniform(rng) - 1;
        x0[j] = gauss(rng);
    }
    for (k = 0; k < (NSTEPS + 1) * D; k++)
        z[k] = gauss(rng);
    snprintf(json, sizeof json, "{\"model\": \"gaussian\", \"lambda\": [%.17g, %.17g, %.17g], \"mean\": [%.17g, %.17g, %.17g]}",
             lam[0], lam[1], lam[2], mean[0], mean[1], mean[2]);
    dmv_model_spec_init(&spec);
    dmv_error_init(&err);
    rc = dmv_model_spec_parse(&spec, json, strlen(json), "t-ref-step", NULL, NULL, &err);
    DMV_CHECK(rc == DMV_OK, "parse: %s", err.msg);
    rc = dmv_ref_model_from_spec(&rm, &spec, 128, &err);
    DMV_CHECK(rc == DMV_OK, "ref model: %s", err.msg);

    dmv_grid_default(&g);
    g.kind = DMV_GRID_UNIFORM;
    g.steps = NSTEPS;
    g.eps = eps;
    h = (p->t_max - eps) / NSTEPS;
    for (k = 0; k <= NSTEPS; k++)
        s[k] = k == NSTEPS ? eps : p->t_max - (double) k * h;
    rc = dmv_ref_schedule_init(&sch, p, &g, sc, 128, &err);
    DMV_CHECK(rc == DMV_OK, "schedule: %s", err.msg);
    for (k = 0; k <= NSTEPS; k++) /* the dyadic grid: both routes step through the same times */
        DMV_CHECK(arb_is_exact(sch.s + k) && arf_equal_d(arb_midref(sch.s + k), s[k]), "grid point %ld = %.17g", k,
                  s[k]);

    dmv_ref_stepper_init(&st, p, sc, &rm);
    sl = st;
    sl.d_rel = 1e-12;
    sl.d_scale = 2;
    sl.op_rel = 1e-13;
    for (j = 0; j < D; j++)
        arb_set_d(x + j, x0[j]);
    for (k = 0; k < NSTEPS && ok; k++) {
        rc = dmv_ref_step(y, NULL, &st, s[k], s[k + 1], k > 0 ? s[k - 1] : NAN, x, k > 0 ? xp : NULL,
                          z + (k + 1) * D, &err);
        DMV_CHECK(rc == DMV_OK, "%s step %ld: %s", name, k, err.msg);
        if (rc != DMV_OK) {
            ok = 0;
            break;
        }
        if (k == NSTEPS / 2) { /* the slack only widens: the exact step lies inside */
            double mag[D];
            rc = dmv_ref_step(yw, mag, &sl, s[k], s[k + 1], k > 0 ? s[k - 1] : NAN, x, k > 0 ? xp : NULL,
                              z + (k + 1) * D, &err);
            DMV_CHECK(rc == DMV_OK, "%s slack step: %s", name, err.msg);
            for (j = 0; j < D; j++) {
                DMV_CHECK(arb_contains(yw + j, y + j), "%s slack step %ld coordinate %ld does not contain the exact one",
                          name, k, j);
                DMV_CHECK(mag[j] > 0 && isfinite(mag[j]), "%s magnitude %g", name, mag[j]);
            }
        }
        _arb_vec_set(xp, x, D);
        _arb_vec_set(x, y, D);
    }
    arb_init(t);
    arb_init(lm);
    arb_init(mu);
    arb_init(route2);
    for (j = 0; j < D && ok; j++) {
        dmv_ref_affine1 af;
        double scale;
        dmv_ref_affine1_init(&af, NSTEPS);
        arb_set_d(lm, lam[j]);
        arb_set_d(mu, mean[j]);
        rc = dmv_ref_scheme_affine1(&af, &sch, lm, mu, NULL, 128, &err);
        DMV_CHECK(rc == DMV_OK, "affine1: %s", err.msg);
        arb_set_d(t, x0[j]);
        arb_mul(route2, af.x0_coef, t, 128);
        for (k = 1; k <= NSTEPS; k++) {
            arb_set_d(t, z[k * D + j]);
            arb_addmul(route2, af.noise_coef + (k - 1), t, 128);
        }
        arb_add(route2, route2, af.shift, 128);
        scale = fmax(1, fabs(arf_get_d(arb_midref(route2), ARF_RND_NEAR)));
        DMV_CHECK(arb_overlaps(route2, x + j), "%s %s direction %ld: stepper %s, affine map %s", name,
                  p->kind == DMV_PROCESS_VE ? "ve" : "vp", j, arb_get_str(x + j, 25, 0), arb_get_str(route2, 25, 0));
        DMV_CHECK(mag_get_d(arb_radref(x + j)) < 1e-25 * scale && mag_get_d(arb_radref(route2)) < 1e-25 * scale,
                  "%s: radii %g, %g too wide to test", name, mag_get_d(arb_radref(x + j)),
                  mag_get_d(arb_radref(route2)));
        arb_sub(t, route2, x + j, 128);
        if (fabs(arf_get_d(arb_midref(t), ARF_RND_NEAR)) / scale > *worst)
            *worst = fabs(arf_get_d(arb_midref(t), ARF_RND_NEAR)) / scale;
        dmv_ref_affine1_clear(&af);
    }
    arb_clear(t);
    arb_clear(lm);
    arb_clear(mu);
    arb_clear(route2);
    dmv_ref_schedule_clear(&sch);
    dmv_ref_model_clear(&rm);
    dmv_model_spec_clear(&spec);
    _arb_vec_clear(x, D);
    _arb_vec_clear(xp, D);
    _arb_vec_clear(y, D);
    _arb_vec_clear(yw, D);
}

int main(void)
{
    dmv_test_rng rng = {20261207};
    static const double etas[3] = {0.0, 0.5, 1.0};
    double worst = 0;
    long pk, kind, e, it, ncases = 0;
    for (pk = 0; pk < 3; pk++) {
        dmv_process p;
        double eps;
        if (pk == 0) {
            dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
            p.t_max = 1.0;
            eps = 0x1p-10;
        } else if (pk == 1) {
            dmv_process_default(&p, DMV_PROCESS_VP_COSINE);
            p.t_max = 0.75;
            eps = 0x1p-8;
        } else {
            dmv_process_default(&p, DMV_PROCESS_VE);
            p.t_max = 64;
            eps = 0.5;
        }
        for (kind = 0; kind < DMV_SCHEME_COUNT; kind++)
            for (e = 0; e < (kind == DMV_SCHEME_DDIM ? 3 : 1); e++)
                for (it = 0; it < 2; it++) {
                    dmv_scheme sc;
                    if ((kind == DMV_SCHEME_DDPM || kind == DMV_SCHEME_DDPM_CHAIN || kind == DMV_SCHEME_DDPM_POSTERIOR) && p.kind == DMV_PROCESS_VE)
                        continue;
                    sc.kind = (dmv_scheme_kind) kind;
                    sc.eta = etas[e];
                    one_case(&p, eps, &sc, &rng, &worst);
                    ncases++;
                }
    }
    printf("%ld cases (10 schemes, DDIM eta 0, 1/2, 1; VP linear, VP cosine, VE): worst |stepper - affine map| / "
           "max(1, |y|) = %.3g\n", ncases, worst);

    { /* argument errors */
        dmv_model_spec spec;
        dmv_ref_model rm;
        dmv_ref_stepper st;
        dmv_process p;
        dmv_scheme sc = {DMV_SCHEME_EM, 0.0, 0, 0, 0, 0};
        dmv_error err;
        const char *js = "{\"model\": \"gaussian\", \"lambda\": [1, 2, 3]}";
        arb_ptr x = _arb_vec_init(D), y = _arb_vec_init(D);
        int rc;
        dmv_model_spec_init(&spec);
        dmv_error_init(&err);
        dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
        rc = dmv_model_spec_parse(&spec, js, strlen(js), "t", NULL, NULL, &err);
        rc |= dmv_ref_model_from_spec(&rm, &spec, 128, &err);
        DMV_CHECK(rc == DMV_OK, "setup: %s", err.msg);
        dmv_ref_stepper_init(&st, &p, &sc, &rm);
        rc = dmv_ref_step(y, NULL, &st, 0.5, 0.5, NAN, x, NULL, NULL, &err);
        DMV_CHECK(rc == DMV_EINVAL && strstr(err.msg, "s1 = 0.5") != NULL, "s0 = s1: rc %d '%s'", rc, err.msg);
        dmv_error_init(&err);
        rc = dmv_ref_step(y, NULL, &st, 0.5, 0.25, NAN, x, NULL, NULL, &err);
        DMV_CHECK(rc == DMV_EINVAL && strstr(err.msg, "em") != NULL && strstr(err.msg, "z") != NULL,
                  "EM without noise: rc %d '%s'", rc, err.msg);
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&spec);
        _arb_vec_clear(x, D);
        _arb_vec_clear(y, D);
    }
    DMV_TEST_DONE("t-ref-step");
}
