/* core.pathwise.<kind>: the step-local pathwise check of docs/replay.md. For a few samples and
 * every step k of EM, DDIM (eta = 0), Heun and DPM-Solver++(2M), the reference step (Arb,
 * reference/step.c, over the certified denoiser of the model spec) applied to the fast state
 * x_k and the same noise must contain the fast x_{k+1}, within
 *     tol = rad + K u mag
 * where the ball already holds the fast side's denoiser error (d_rel * scale on every D), the
 * rounding of its intermediate states and of alpha and sigma seen by the denoiser (K u times
 * their magnitudes), and mag is the magnitude of the last combination (include/dmv/ref_step.h).
 * The end-to-end distance between the fast path and the reference path (the exact steps from
 * the same initial point and noises) is reported as information. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_claims.h"
#include "core_empirical.h"
#include "dmv/fast.h"
#include "dmv/model_spec.h"
#include "dmv/ref.h"
#include "dmv/ref_model.h"
#include "dmv/ref_step.h"
#include "dmv/str.h"

/* The models of the claims (JSON in theorems/checks/core_claims.h) and their denoiser bounds. */
const dmv_core_pathwise_param dmv_core_pw_gaussian = {"gaussian", CORE_GAUSSIAN,
    DMV_CORE_PW_MULT_ONE * DMV_CORE_PW_DREL, 1.5, 0};
const dmv_core_pathwise_param dmv_core_pw_mixture = {"mixture", CORE_MIXTURE,
    DMV_CORE_PW_MULT_ONE * DMV_CORE_PW_DREL, 2.0, 0};
const dmv_core_pathwise_param dmv_core_pw_umix = {"umix", CORE_UMIX,
    DMV_CORE_PW_MULT_ONE * DMV_CORE_PW_DREL, 3.0, 0};
const dmv_core_pathwise_param dmv_core_pw_boxes = {"boxes", CORE_BOXES,
    DMV_CORE_PW_MULT_ONE * DMV_CORE_PW_DREL, 3.0, 0};
const dmv_core_pathwise_param dmv_core_pw_empirical = {"empirical", CORE_EMPIRICAL,
    DMV_CORE_PW_MULT_ONE * DMV_CORE_PW_DREL, 1.5, 0};
const dmv_core_pathwise_param dmv_core_pw_guided = {"guided", CORE_GUIDED,
    DMV_CORE_PW_MULT_GUIDED * DMV_CORE_PW_DREL, 3.0, 0};
const dmv_core_pathwise_param dmv_core_pw_score_mix = {"score_mix", CORE_SCORE_MIX,
    DMV_CORE_PW_MULT_SCORE_MIX * DMV_CORE_PW_DREL, 3.0, 0};
const dmv_core_pathwise_param dmv_core_pw_tail = {"tail", CORE_TAIL,
    DMV_CORE_PW_MULT_ONE * DMV_CORE_PW_DREL, 2.0, 0};
const dmv_core_pathwise_param dmv_core_pw_perturbed = {"perturbed", CORE_PERTURBED,
    DMV_CORE_PW_MULT_ONE * DMV_CORE_PW_DREL, 2.0, 0};

const dmv_core_pathwise_param dmv_core_pw_li_exact = {"linear_inverse.exact", CORE_LI_EXACT, DMV_CORE_PW_DREL, 3.0, 1};
const dmv_core_pathwise_param dmv_core_pw_li_ddnm = {"linear_inverse.ddnm", CORE_LI_DDNM, DMV_CORE_PW_DREL, 3.0, 1};
const dmv_core_pathwise_param dmv_core_pw_li_bo_ddnm = {"linear_inverse.bo-ddnm", CORE_LI_BO_DDNM, DMV_CORE_PW_DREL,
                                                        3.0, 1};
const dmv_core_pathwise_param dmv_core_pw_li_pigdm = {"linear_inverse.pigdm", CORE_LI_PIGDM, DMV_CORE_PW_DREL, 3.0, 1};
const dmv_core_pathwise_param dmv_core_pw_li_pigdm_exact = {"linear_inverse.pigdm-exact", CORE_LI_PIGDM_EXACT,
                                                            DMV_CORE_PW_DREL, 3.0, 1};
const dmv_core_pathwise_param dmv_core_pw_li_dps = {"linear_inverse.dps", CORE_LI_DPS, DMV_CORE_PW_DREL, 10.0, 1};

#define NSCHEMES 4
static const dmv_scheme core_schemes_vp[NSCHEMES] = {
    {DMV_SCHEME_EM, 0.0, 0, 0, 0, 0}, {DMV_SCHEME_DDIM, 0.0, 0, 0, 0, 0}, {DMV_SCHEME_HEUN, 0.0, 0, 0, 0, 0}, {DMV_SCHEME_DPMPP2M, 0.0, 0, 0, 0, 0}};
static const dmv_scheme core_schemes_chain[NSCHEMES] = {
    {DMV_SCHEME_DDPM_CHAIN, 0.0, 0, 0, 0, 0}, {DMV_SCHEME_DDPM_POSTERIOR, 0.0, 0, 0, 0, 0}, {DMV_SCHEME_DDIM, 0.0, 0, 0, 0, 0}, {DMV_SCHEME_DPMPP2M, 0.0, 0, 0, 0, 0}};

typedef struct {
    long steps, outside, inconclusive;
    double worst_ulps, worst_frac, worst_err, worst_tol, min_tol;
    long worst_sample, worst_step, worst_coord;
    double e2e, e2e_rad;
    int e2e_ok;
    char why[256]; /* first inconclusive step's reason */
} scheme_stats;

static double midd(const arb_t x)
{
    return arf_get_d(arb_midref(x), ARF_RND_NEAR);
}

/* The reference path from the traced initial point and noises: the exact step (no slack) at each
 * step, recentred on its ball's midpoint (a >= 128-bit path; balls carried through a nonlinear flow
 * would only widen). Records the end-to-end distance of the output and the largest one-step radius. */
static void end_to_end(scheme_stats *ss, const dmv_ref_stepper *st, const dmv_fast_trace *tr)
{
    long d = tr->d, N = tr->steps, k, j;
    arb_ptr x = _arb_vec_init(d), y = _arb_vec_init(d), xp = _arb_vec_init(d);
    dmv_error e;
    int ok = 1;
    dmv_error_init(&e);
    for (j = 0; j < d; j++)
        arb_set_d(x + j, tr->x[j]);
    for (k = 0; k < N && ok; k++) {
        if (dmv_ref_step(y, NULL, st, tr->s[k], tr->s[k + 1], k > 0 ? tr->s[k - 1] : NAN, x, k > 0 ? xp : NULL,
                         tr->z + (k + 1) * d, &e) != DMV_OK)
            ok = 0;
        _arb_vec_set(xp, x, d);
        for (j = 0; ok && j < d; j++) {
            double rad = mag_get_d(arb_radref(y + j));
            if (!(rad <= ss->e2e_rad))
                ss->e2e_rad = rad;
            arb_set_arf(x + j, arb_midref(y + j));
        }
    }
    if (ok)
        for (j = 0; j < d; j++) {
            double dist = fabs(tr->x[N * d + j] - midd(x + j));
            if (!(dist <= ss->e2e))
                ss->e2e = dist;
        }
    else
        ss->e2e_ok = 0;
    _arb_vec_clear(x, d);
    _arb_vec_clear(y, d);
    _arb_vec_clear(xp, d);
}

static int replay_sample(scheme_stats *ss, const dmv_ref_stepper *st, const dmv_fast_trace *tr, long sample,
                         dmv_error *err)
{
    long d = tr->d, N = tr->steps, k, j;
    arb_ptr x = _arb_vec_init(d), xp = _arb_vec_init(d), y = _arb_vec_init(d);
    double *mag = malloc((size_t) d * sizeof *mag);
    const double u = DBL_EPSILON / 2;
    int rc = DMV_OK;
    if (mag == NULL) {
        rc = dmv_error_set(err, DMV_ENOMEM, "core.pathwise: out of memory");
        goto done;
    }
    for (k = 0; k < N; k++) {
        dmv_error e;
        int r;
        dmv_error_init(&e);
        for (j = 0; j < d; j++) {
            arb_set_d(x + j, tr->x[k * d + j]);
            if (k > 0)
                arb_set_d(xp + j, tr->x[(k - 1) * d + j]);
        }
        r = dmv_ref_step(y, mag, st, tr->s[k], tr->s[k + 1], k > 0 ? tr->s[k - 1] : NAN, x, k > 0 ? xp : NULL,
                         tr->z + (k + 1) * d, &e);
        ss->steps++;
        if (r == DMV_EPREC || r == DMV_EDOM || r == DMV_ENOTFINITE) {
            if (ss->inconclusive++ == 0)
                snprintf(ss->why, sizeof ss->why, "sample %ld step %ld: %.200s", sample, k, e.msg);
            continue;
        }
        if (r != DMV_OK) {
            rc = dmv_error_set(err, r, "core.pathwise: sample %ld step %ld: %s", sample, k, e.msg);
            goto done;
        }
        for (j = 0; j < d; j++) {
            double fast = tr->x[(k + 1) * d + j], ex = midd(y + j), rad = mag_get_d(arb_radref(y + j));
            double tol = rad + DMV_CORE_PW_K * u * mag[j], errv = fabs(fast - ex);
            double frac = errv / tol, ulps = mag[j] > 0 ? errv / (u * mag[j]) : (errv > 0 ? INFINITY : 0);
            if (!isfinite(tol)) {
                if (ss->inconclusive++ == 0)
                    snprintf(ss->why, sizeof ss->why, "sample %ld step %ld coordinate %ld: budget not finite",
                             sample, k, j);
                continue;
            }
            if (!(errv <= tol))
                ss->outside++;
            if (!(tol >= ss->min_tol))
                ss->min_tol = tol;
            if (!(frac <= ss->worst_frac)) {
                ss->worst_frac = isnan(frac) ? INFINITY : frac;
                ss->worst_err = errv;
                ss->worst_tol = tol;
                ss->worst_sample = sample;
                ss->worst_step = k;
                ss->worst_coord = j;
            }
            if (!(ulps <= ss->worst_ulps))
                ss->worst_ulps = isnan(ulps) ? INFINITY : ulps;
        }
    }
done:
    _arb_vec_clear(x, d);
    _arb_vec_clear(xp, d);
    _arb_vec_clear(y, d);
    free(mag);
    return rc;
}

int dmv_claim_core_pathwise_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    const dmv_core_pathwise_param *pp = c->params;
    const dmv_scheme *core_schemes = pp->chain ? core_schemes_chain : core_schemes_vp;
    long n = run->quick ? DMV_CORE_PW_SAMPLES_QUICK : DMV_CORE_PW_SAMPLES;
    long N = run->quick ? DMV_CORE_PW_STEPS_QUICK : DMV_CORE_PW_STEPS;
    dmv_model_spec spec;
    dmv_fast_model fm;
    dmv_ref_model rm;
    dmv_process proc;
    dmv_grid grid;
    dmv_init init;
    scheme_stats ss[NSCHEMES];
    dmv_fast_trace tr;
    long i, si, nout = 0, ninc = 0, pout = 0;
    int rc, fm_ready = 0, rm_ready = 0;
    double worst_frac = 0, worst_ulps = 0, grid_ulps = 0;

    memset(ss, 0, sizeof ss);
    dmv_model_spec_init(&spec);
    dmv_fast_trace_init(&tr);
    rc = dmv_model_spec_parse(&spec, pp->json, strlen(pp->json), c->id, NULL, NULL, err);
    if (rc != DMV_OK)
        return rc;
    if ((rc = dmv_fast_model_from_spec(&fm, &spec, err)) != DMV_OK)
        goto done;
    fm_ready = 1;
    if ((rc = dmv_ref_model_from_spec(&rm, &spec, DMV_REF_PREC, err)) != DMV_OK)
        goto done;
    rm_ready = 1;
    dmv_process_default(&proc, pp->chain ? DMV_PROCESS_VP_DISCRETE : DMV_PROCESS_VP_LINEAR);
    dmv_grid_default(&grid);
    grid.steps = N;
    grid.eps = DMV_CORE_PW_EPS;
    if (pp->chain) { /* every timestep from T = N + 1 down to t = 1 */
        proc.t_max = (double) (N + 1);
        grid.eps = 1;
    }
    dmv_init_default(&init);
    { /* the fast grid against the exact reference grid (information) */
        double *sf = malloc((size_t) (N + 1) * sizeof *sf);
        arb_ptr sr = _arb_vec_init(N + 1);
        long k;
        if (sf != NULL && dmv_fast_grid(sf, &grid, &proc, err) == DMV_OK &&
            dmv_ref_grid_points(sr, &proc, &grid, DMV_REF_PREC, err) == DMV_OK)
            for (k = 0; k <= N; k++) {
                double e = fabs(sf[k] - midd(sr + k)) / (DBL_EPSILON / 2 * fabs(sf[k]));
                if (e > grid_ulps)
                    grid_ulps = e;
            }
        else
            grid_ulps = NAN;
        free(sf);
        _arb_vec_clear(sr, N + 1);
        dmv_error_init(err);
    }

    for (si = 0; si < NSCHEMES; si++) {
        dmv_fast_job job;
        dmv_ref_stepper st, st0;
        scheme_stats *s = &ss[si];
        s->e2e_ok = 1;
        s->min_tol = INFINITY;
        dmv_fast_job_init(&job);
        job.process = &proc;
        job.grid = &grid;
        job.scheme = &core_schemes[si];
        job.init = &init;
        job.model = &fm;
        job.n = n;
        job.seed = run->seed;
        job.generic_only = 1; /* the generic denoiser path, also for Gaussian data */
        dmv_ref_stepper_init(&st, &proc, &core_schemes[si], &rm);
        st.d_rel = pp->d_rel;
        st.d_scale = pp->d_scale;
        st.op_rel = DMV_CORE_PW_K * (DBL_EPSILON / 2);
        dmv_ref_stepper_init(&st0, &proc, &core_schemes[si], &rm);
        for (i = 0; i < n; i++) {
            if ((rc = dmv_fast_trace_run(&tr, &job, i, err)) != DMV_OK)
                goto done;
            if ((rc = replay_sample(s, &st, &tr, i, err)) != DMV_OK)
                goto done;
            end_to_end(s, &st0, &tr);
            if (run->progress)
                run->progress(run->progress_ctx, c->id, (double) (si * n + i + 1) / (double) (NSCHEMES * n),
                              "steps replayed");
        }
        /* the reference's own precision radius (one exact step, along the reference path) must be
         * small against the budget: at most 1/100 of the smallest tolerance */
        if (s->e2e_ok && !(s->e2e_rad <= 0.01 * s->min_tol)) {
            if (s->inconclusive++ == 0)
                snprintf(s->why, sizeof s->why, "%s: the reference radius %.3g is not small against the "
                         "smallest tolerance %.3g", dmv_scheme_name(core_schemes[si].kind), s->e2e_rad, s->min_tol);
        }
        nout += s->outside;
        ninc += s->inconclusive;
        if (s->worst_frac > worst_frac)
            worst_frac = s->worst_frac;
        if (s->worst_ulps > worst_ulps)
            worst_ulps = s->worst_ulps;
    }

    {
        const char *header[8] = {"scheme", "steps x coordinates", "outside", "worst |fast - ref| (ulps of mag)",
                                 "worst |fast - ref| / tol", "worst at (sample, step, coord)",
                                 "end-to-end max |fast - ref path|", "largest one-step radius of the ref path"};
        char *cells[NSCHEMES * 8];
        char buf[96];
        long q;
        for (si = 0; si < NSCHEMES; si++) {
            scheme_stats *s = &ss[si];
            char **r = cells + 8 * si;
            r[0] = dmv_strdup(dmv_scheme_name(core_schemes[si].kind));
            snprintf(buf, sizeof buf, "%ld", s->steps * fm.dim);
            r[1] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%ld", s->outside);
            r[2] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%.3g", s->worst_ulps);
            r[3] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%.3g", s->worst_frac);
            r[4] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "(%ld, %ld, %ld)", s->worst_sample, s->worst_step, s->worst_coord);
            r[5] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, s->e2e_ok ? "%.3g" : "n/a (no finite reference path)", s->e2e);
            r[6] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%.3g", s->e2e_rad);
            r[7] = dmv_strdup(buf);
        }
        dmv_result_add_table(out, "per scheme", NSCHEMES, 8, header, (const char *const *) cells);
        for (q = 0; q < NSCHEMES * 8; q++)
            free(cells[q]);
    }
    if (spec.kind == DMV_MODEL_EMPIRICAL && /* designed points in the underflow and Voronoi regimes */
        (rc = dmv_core_empirical_probe(&spec, &fm, &proc, grid.eps, pp->d_rel, pp->d_scale, out, &pout, err)) !=
            DMV_OK)
        goto done;
    dmv_result_add_number(out, "dimension", (double) fm.dim, 0, NULL);
    dmv_result_add_number(out, "samples per scheme", (double) n, 0, NULL);
    dmv_result_add_number(out, "steps", (double) N, 0, NULL);
    dmv_result_add_number(out, "K (ulps per operation)", DMV_CORE_PW_K, 0, "ulp");
    dmv_result_add_number(out, "denoiser bound d_rel", pp->d_rel, 0, NULL);
    dmv_result_add_number(out, "steps outside the budget", (double) nout, 0, NULL);
    dmv_result_add_number(out, "worst |fast - ref| / tol", worst_frac, 0, NULL);
    dmv_result_add_number(out, "worst |fast - ref| in ulps of the magnitude", worst_ulps, 0, "ulp");
    dmv_result_add_number(out, "grid: max |s_k(fast) - s_k(exact)| in ulps of s_k (information)", grid_ulps, 0,
                          "ulp");
    for (si = 0; si < NSCHEMES; si++) {
        char name[96];
        snprintf(name, sizeof name, "end-to-end max |fast - reference path|, %s",
                 dmv_scheme_name(core_schemes[si].kind));
        dmv_result_add_number(out, name, ss[si].e2e_ok ? ss[si].e2e : NAN, ss[si].e2e_rad, NULL);
    }
    if (nout > 0) {
        for (si = 0; si < NSCHEMES && ss[si].outside == 0; si++)
            ;
        out->verdict = DMV_VERDICT_FAIL;
        dmv_result_set_summary(out,
                               "%ld step coordinates outside ball + budget; worst: %s sample %ld step %ld coordinate "
                               "%ld, |fast - ref| = %.3g = %.3g x tol",
                               nout, dmv_scheme_name(core_schemes[si].kind), ss[si].worst_sample,
                               ss[si].worst_step, ss[si].worst_coord, ss[si].worst_err, ss[si].worst_frac);
    } else if (pout > 0) {
        out->verdict = DMV_VERDICT_FAIL;
        dmv_result_set_summary(out, "%ld coordinates of the designed underflow / far / Voronoi points outside the "
                               "denoiser bound %g x max(1, |x|/alpha, scale)", pout, pp->d_rel);
    } else if (ninc > 0) {
        for (si = 0; si < NSCHEMES && ss[si].inconclusive == 0; si++)
            ;
        out->verdict = DMV_VERDICT_INCONCLUSIVE;
        dmv_result_set_summary(out, "%ld steps could not be certified: %s", ninc, ss[si].why);
        dmv_result_set_budget_note(out, "a higher precision limit (prec_max) or fewer, less extreme steps");
    } else {
        out->verdict = DMV_VERDICT_PASS;
        dmv_result_set_summary(out,
                               "every step of %ld samples x %ld steps x %d schemes (d = %ld) within ball + budget; "
                               "worst %.3g of the budget, %.3g ulps of the magnitude",
                               n, N, NSCHEMES, fm.dim, worst_frac, worst_ulps);
    }
    rc = DMV_OK;
done:
    dmv_fast_trace_clear(&tr);
    if (fm_ready)
        dmv_fast_model_clear(&fm);
    if (rm_ready)
        dmv_ref_model_clear(&rm);
    dmv_model_spec_clear(&spec);
    return rc;
}
