/* The step-local replay for all ten schemes (the core.pathwise claims run four): fast steps
 * traced by fast/trace.c, replayed by reference/step.c with the claims' slack (d_rel = 2e-14 of
 * max(1, |x|/alpha, data scale), K = 64 ulps), must lie within tol = rad + K u mag at every step,
 * for a Gaussian mixture, a product of uniform boxes and a guided model (w = 3). The check can
 * fail: the same fast states moved by 1e-9 relative are outside tol at >= 3/4 of the steps (all of
 * them for the one-stage schemes; multi-stage schemes pass balls through a second denoiser
 * evaluation, which Arb can widen past 1e-9 where the denoiser is steep or its ball evaluation
 * overestimates: RK4 on boxes at the first steps, guided RK4 at the last; set
 * T_CORE_REPLAY_VERBOSE=1 to list those steps). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv/model_spec.h"
#include "dmv/ref.h"
#include "dmv/ref_model.h"
#include "dmv/ref_step.h"
#include "dmv_test.h"
#include "vp_job.h"

#define NSAMP 2
#define STEPS 30
#define K 64.0

static void run_model(const char *name, const char *json, double d_rel, double d_scale, double *worst_all)
{
    dmv_model_spec spec;
    dmv_fast_model fm;
    dmv_ref_model rm;
    dmv_error err;
    long kind, e;
    int rc;
    dmv_model_spec_init(&spec);
    dmv_error_init(&err);
    rc = dmv_model_spec_parse(&spec, json, strlen(json), name, NULL, NULL, &err);
    if (rc == DMV_OK)
        rc = dmv_fast_model_from_spec(&fm, &spec, &err);
    if (rc == DMV_OK)
        rc = dmv_ref_model_from_spec(&rm, &spec, DMV_REF_PREC, &err);
    DMV_CHECK(rc == DMV_OK, "%s: %s", name, err.msg);
    if (rc != DMV_OK)
        exit(1);
    for (kind = 0; kind < DMV_SCHEME_COUNT; kind++)
        for (e = 0; e < (kind == DMV_SCHEME_DDIM ? 2 : 1); e++) {
            dmv_process p;
            dmv_grid g;
            dmv_scheme sc;
            dmv_init in;
            dmv_fast_job job;
            dmv_fast_trace tr;
            dmv_ref_stepper st;
            long d = fm.dim, i, k, j, nsteps = 0, outside = 0, caught = 0;
            double worst = 0, u = DBL_EPSILON / 2;
            arb_ptr x = _arb_vec_init(d), xp = _arb_vec_init(d), y = _arb_vec_init(d);
            double *mag = malloc((size_t) d * sizeof *mag);
            dmv_test_vp_job(&job, &p, &g, &sc, &in, STEPS, kind, (double) e);
            job.model = &fm;
            job.n = NSAMP;
            job.seed = 424242;
            job.generic_only = 1;
            dmv_ref_stepper_init(&st, &p, &sc, &rm);
            st.d_rel = d_rel;
            st.d_scale = d_scale;
            st.op_rel = K * u;
            dmv_fast_trace_init(&tr);
            for (i = 0; i < NSAMP; i++) {
                rc = dmv_fast_trace_run(&tr, &job, i, &err);
                DMV_CHECK(rc == DMV_OK, "%s %s: trace: %s", name, dmv_scheme_name(sc.kind), err.msg);
                if (rc != DMV_OK)
                    break;
                for (k = 0; k < STEPS; k++) {
                    int out_all = 1;
                    for (j = 0; j < d; j++) {
                        arb_set_d(x + j, tr.x[k * d + j]);
                        if (k > 0)
                            arb_set_d(xp + j, tr.x[(k - 1) * d + j]);
                    }
                    rc = dmv_ref_step(y, mag, &st, tr.s[k], tr.s[k + 1], k > 0 ? tr.s[k - 1] : NAN, x,
                                      k > 0 ? xp : NULL, tr.z + (k + 1) * d, &err);
                    DMV_CHECK(rc == DMV_OK, "%s %s step %ld: %s", name, dmv_scheme_name(sc.kind), k, err.msg);
                    if (rc != DMV_OK)
                        break;
                    nsteps++;
                    for (j = 0; j < d; j++) {
                        double fast = tr.x[(k + 1) * d + j], mid = arf_get_d(arb_midref(y + j), ARF_RND_NEAR);
                        double tol = mag_get_d(arb_radref(y + j)) + K * u * mag[j], err1 = fabs(fast - mid);
                        double moved = fast + 1e-9 * fmax(1, fabs(fast));
                        if (!(err1 <= tol))
                            outside++;
                        if (err1 / tol > worst)
                            worst = err1 / tol;
                        if (fabs(moved - mid) <= tol)
                            out_all = 0;
                    }
                    caught += out_all;
                    if (!out_all && getenv("T_CORE_REPLAY_VERBOSE"))
                        printf("  %s %s sample %ld step %ld (s = %g): tol[0] = %.3g\n", name, dmv_scheme_name(sc.kind), i, k, tr.s[k], mag_get_d(arb_radref(y)) + K * u * mag[0]);
                }
            }
            DMV_CHECK(outside == 0, "%s %s eta %ld: %ld step coordinates outside tol (worst %.3g x tol)", name,
                      dmv_scheme_name(sc.kind), e, outside, worst);
            DMV_CHECK(caught >= (3 * nsteps) / 4, "%s %s: a 1e-9 move is caught at only %ld of %ld steps", name,
                      dmv_scheme_name(sc.kind), caught, nsteps);
            printf("%-10s %-9s eta %ld: %ld steps, worst |fast - ref| / tol = %.3g, 1e-9 move caught at %ld\n", name,
                   dmv_scheme_name(sc.kind), e, nsteps, worst, caught);
            if (worst > *worst_all)
                *worst_all = worst;
            dmv_fast_trace_clear(&tr);
            _arb_vec_clear(x, d);
            _arb_vec_clear(xp, d);
            _arb_vec_clear(y, d);
            free(mag);
        }
    dmv_fast_model_clear(&fm);
    dmv_ref_model_clear(&rm);
    dmv_model_spec_clear(&spec);
}

int main(void)
{
    double worst = 0;
    run_model("mixture", "{\"model\": \"mixture\", \"weights\": [1, 2, 1], \"means\": [[1, 0, -1], [-1, 0.5, 0], "
                         "[0, -1, 1]], \"vars\": [[0.2, 0.1, 0.3], [0.1, 0.2, 0.05], [0.3, 0.3, 0.1]]}",
              2e-14, 2.0, &worst);
    run_model("umix", "{\"model\": \"umix\", \"weights\": [[1, 1], [1, 2]], \"a\": [[-2, 1], [-1, 0.5]], "
                      "\"b\": [[-1, 3], [0, 2.5]]}", 2e-14, 3.0, &worst);
    run_model("guided", "{\"model\": \"guided\", \"w\": 3, \"cond\": {\"model\": \"gaussian\", \"lambda\": [1, 0.5], "
                        "\"mean\": [1, -0.5]}, \"uncond\": {\"model\": \"mixture\", \"weights\": [1, 1], \"means\": "
                        "[[1, -0.5], [-1, 0.5]], \"vars\": [[1, 0.5], [1, 0.5]]}}", 7 * 2e-14, 3.0, &worst);
    printf("worst |fast - ref| / tol over every scheme and model: %.3g\n", worst);
    DMV_TEST_DONE("t-core-replay");
}
