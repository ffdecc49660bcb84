/* core.pathwise.kdiff: the step-local pathwise check of docs/replay.md for the k-diffusion / EDM
 * samplers of docs/conventions.md. Process ve, karras-zero grid (k-diffusion's get_sigmas_karras
 * from 80 to 0.002, then 0), a Gaussian and a mixture model; every step of every traced sample of
 * the seven schemes is replayed in Arb (reference/step_kdiff.c) from the fast state and the same
 * noise, and the fast x_{k+1} must lie within tol = rad + K u mag. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_claims.h"
#include "dmv/fast.h"
#include "dmv/model_spec.h"
#include "dmv/ref.h"
#include "dmv/ref_model.h"
#include "dmv/ref_step.h"

#define KD_NSCHEMES 7
static const dmv_scheme kd_schemes[KD_NSCHEMES] = {
    {DMV_SCHEME_K_EULER, 0.0, 0, 0, 0, 0},
    {DMV_SCHEME_K_HEUN, 0.0, 0, 0, 0, 0},
    {DMV_SCHEME_K_DPM_2, 0.0, 0, 0, 0, 0},
    {DMV_SCHEME_K_DPMPP_2M, 0.0, 0, 0, 0, 0},
    {DMV_SCHEME_K_EULER_ANCESTRAL, 1.0, 0, 0, 0, 1.0},
    {DMV_SCHEME_K_LMS, 0.0, 0, 0, 0, 0},
    {DMV_SCHEME_EDM_HEUN_CHURN, 0.0, DMV_CORE_KD_CHURN, DMV_CORE_KD_TMIN, DMV_CORE_KD_TMAX, DMV_CORE_KD_SNOISE}};

static const char *const kd_models[2] = {CORE_GAUSSIAN, CORE_MIXTURE};
static const double kd_scale[2] = {1.5, 2.0};

int dmv_claim_core_kdiff_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    long n = run->quick ? DMV_CORE_KD_SAMPLES_QUICK : DMV_CORE_KD_SAMPLES;
    const double u = DBL_EPSILON / 2;
    dmv_process proc;
    dmv_grid grid;
    dmv_init init;
    long mi, si, i, k, j, nsteps = 0, nout = 0, ninc = 0, worst_s = 0, worst_m = 0;
    double worst = 0, worst_ulps = 0;
    char why[256] = "";
    int rc = DMV_OK;
    (void) c;
    dmv_process_default(&proc, DMV_PROCESS_VE);
    proc.t_max = DMV_CORE_KD_TMAXSIG;
    dmv_grid_default(&grid);
    grid.kind = DMV_GRID_KARRAS_ZERO;
    grid.steps = DMV_CORE_KD_STEPS;
    grid.eps = DMV_CORE_KD_EPS;
    dmv_init_default(&init);
    for (mi = 0; mi < 2 && rc == DMV_OK; mi++) {
        dmv_model_spec spec;
        dmv_fast_model fm;
        dmv_ref_model rm;
        int fm_ok = 0, rm_ok = 0;
        dmv_model_spec_init(&spec);
        rc = dmv_model_spec_parse(&spec, kd_models[mi], strlen(kd_models[mi]), "core.pathwise.kdiff", NULL, NULL,
                                  err);
        if (rc == DMV_OK && (rc = dmv_fast_model_from_spec(&fm, &spec, err)) == DMV_OK)
            fm_ok = 1;
        if (rc == DMV_OK && (rc = dmv_ref_model_from_spec(&rm, &spec, DMV_REF_PREC, err)) == DMV_OK)
            rm_ok = 1;
        for (si = 0; si < KD_NSCHEMES && rc == DMV_OK; si++) {
            dmv_fast_job job;
            dmv_ref_stepper st;
            dmv_fast_trace tr;
            long d = fm.dim;
            arb_ptr y = _arb_vec_init(d);
            double *mag = malloc((size_t) d * sizeof *mag);
            dmv_fast_job_init(&job);
            job.process = &proc;
            job.grid = &grid;
            job.scheme = &kd_schemes[si];
            job.init = &init;
            job.model = &fm;
            job.n = n;
            job.seed = run->seed;
            job.generic_only = 1;
            dmv_ref_stepper_init(&st, &proc, &kd_schemes[si], &rm);
            st.d_rel = DMV_CORE_PW_DREL;
            st.d_scale = kd_scale[mi];
            st.op_rel = DMV_CORE_PW_K * u;
            dmv_fast_trace_init(&tr);
            for (i = 0; i < n && rc == DMV_OK && mag != NULL; i++) {
                if ((rc = dmv_fast_trace_run(&tr, &job, i, err)) != DMV_OK)
                    break;
                for (k = 0; k < tr.steps; k++) {
                    dmv_error e;
                    int r;
                    dmv_error_init(&e);
                    r = dmv_ref_step_kdiff(y, mag, &st, tr.s, tr.steps, k, tr.x, tr.z + (k + 1) * d, &e);
                    nsteps++;
                    if (r == DMV_EPREC || r == DMV_EDOM || r == DMV_ENOTFINITE) {
                        if (ninc++ == 0)
                            snprintf(why, sizeof why, "%s step %ld: %.200s", dmv_scheme_name(kd_schemes[si].kind), k,
                                     e.msg);
                        continue;
                    }
                    if (r != DMV_OK) {
                        rc = dmv_error_set(err, r, "core.pathwise.kdiff: %s step %ld: %s",
                                           dmv_scheme_name(kd_schemes[si].kind), k, e.msg);
                        break;
                    }
                    for (j = 0; j < d; j++) {
                        double fast = tr.x[(k + 1) * d + j], ex = arf_get_d(arb_midref(y + j), ARF_RND_NEAR);
                        double tol = mag_get_d(arb_radref(y + j)) + DMV_CORE_PW_K * u * mag[j];
                        double ev = fabs(fast - ex), fr = ev / tol, ul = mag[j] > 0 ? ev / (u * mag[j]) : 0;
                        if (!isfinite(tol)) {
                            if (ninc++ == 0)
                                snprintf(why, sizeof why, "%s step %ld: budget not finite",
                                         dmv_scheme_name(kd_schemes[si].kind), k);
                            continue;
                        }
                        if (!(ev <= tol))
                            nout++;
                        if (!(fr <= worst)) {
                            worst = isnan(fr) ? INFINITY : fr;
                            worst_s = si;
                            worst_m = mi;
                        }
                        if (ul > worst_ulps)
                            worst_ulps = ul;
                    }
                }
                if (run->progress)
                    run->progress(run->progress_ctx, "core.pathwise.kdiff",
                                  (double) ((mi * KD_NSCHEMES + si) * n + i + 1) / (double) (2 * KD_NSCHEMES * n),
                                  "steps replayed");
            }
            if (mag == NULL && rc == DMV_OK)
                rc = dmv_error_set(err, DMV_ENOMEM, "core.pathwise.kdiff: out of memory");
            dmv_fast_trace_clear(&tr);
            _arb_vec_clear(y, d);
            free(mag);
        }
        if (fm_ok)
            dmv_fast_model_clear(&fm);
        if (rm_ok)
            dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&spec);
    }
    if (rc != DMV_OK)
        return rc;
    dmv_result_add_number(out, "samples per scheme and model", (double) n, 0, NULL);
    dmv_result_add_number(out, "steps replayed", (double) nsteps, 0, NULL);
    dmv_result_add_number(out, "step coordinates outside the budget", (double) nout, 0, NULL);
    dmv_result_add_number(out, "worst |fast - ref| / tol", worst, 0, NULL);
    dmv_result_add_number(out, "worst |fast - ref| in ulps of the magnitude", worst_ulps, 0, "ulp");
    if (nout > 0) {
        out->verdict = DMV_VERDICT_FAIL;
        dmv_result_set_summary(out, "%ld step coordinates outside ball + budget; worst %.3g x tol (%s, model %ld)",
                               nout, worst, dmv_scheme_name(kd_schemes[worst_s].kind), worst_m);
    } else if (ninc > 0) {
        out->verdict = DMV_VERDICT_INCONCLUSIVE;
        dmv_result_set_summary(out, "%ld steps could not be certified: %s", ninc, why);
    } else {
        out->verdict = DMV_VERDICT_PASS;
        dmv_result_set_summary(out,
                               "every step of %ld samples x %d steps x %d k-diffusion schemes x 2 models within ball "
                               "+ budget; worst %.3g of the budget, %.3g ulps of the magnitude",
                               n, DMV_CORE_KD_STEPS, KD_NSCHEMES, worst, worst_ulps);
    }
    return DMV_OK;
}
