/* Claim pg.law.<scheme>: the fast sampler draws from its exact output law.
 *
 * Per eigen-direction j the exact output law N(m_j, v_j) of the scheme is
 * certified by reference/ (Arb). From n fast samples: the sample mean is
 * N(m_j, v_j/n) and (n-1) s_j^2 / v_j is chi2(n-1), exactly under the claim
 * (the directions are independent since the basis is the identity). Each of
 * the 2d two-sided tests enters the run's Holm correction; the smallest
 * detectable effects (power 0.99 at the unadjusted per-test level alpha/(2d))
 * are reported beside the verdict. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv/ref.h"
#include "dmv/stats.h"
#include "pg_claims.h"

#define LAW_SAMPLES 100000
#define LAW_SAMPLES_QUICK 10000
#define LAW_STEPS 100

typedef struct {
    const dmv_run *run;
    const char *id;
} law_progress;

static void on_progress(void *ctx, double fraction)
{
    law_progress *lp = ctx;
    if (lp->run->progress)
        lp->run->progress(lp->run->progress_ctx, lp->id, fraction, "sampling");
}

int dmv_claim_pg_law_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    const dmv_pg_scheme_param *sp = c->params;
    const slong prec = DMV_REF_PREC;
    const long d = DMV_PG_SPECTRUM_D;
    long n = run->quick ? LAW_SAMPLES_QUICK : LAW_SAMPLES, j;
    dmv_problem pb;
    dmv_ref_schedule sch;
    dmv_fast_model model;
    dmv_fast_job job;
    dmv_fast_stats st;
    law_progress lp = {run, c->id};
    double m[DMV_PG_SPECTRUM_D], v[DMV_PG_SPECTRUM_D], smean[DMV_PG_SPECTRUM_D], svar[DMV_PG_SPECTRUM_D];
    double level = run->alpha / (2.0 * (double) d), mde_mean, mde_var;
    double xs[DMV_PG_SPECTRUM_D], zstat[DMV_PG_SPECTRUM_D], zlo[DMV_PG_SPECTRUM_D], zhi[DMV_PG_SPECTRUM_D];
    double ratio[DMV_PG_SPECTRUM_D], rlo[DMV_PG_SPECTRUM_D], rhi[DMV_PG_SPECTRUM_D];
    double worst_p = 1.0;
    arb_t lam, mu, m0, v0, mo, vo;
    int status;

    dmv_pg_test_problem(&pb, sp, LAW_STEPS);
    pb.seed = run->seed;
    arb_init(lam);
    arb_init(mu);
    arb_init(m0);
    arb_init(v0);
    arb_init(mo);
    arb_init(vo);
    status = dmv_ref_schedule_init(&sch, &pb.process, &pb.grid, &pb.scheme, prec, err);
    if (status != DMV_OK)
        goto out_arb;
    for (j = 0; j < d && status == DMV_OK; j++) {
        arb_set_d(lam, pb.data.lambda[j]);
        arb_set_d(mu, pb.data.mean[j]);
        status = dmv_ref_init_law1(m0, v0, &pb.init, &pb.process, lam, mu, prec, err);
        if (status == DMV_OK)
            status = dmv_ref_scheme_law1(mo, vo, &sch, lam, mu, m0, v0, NULL, prec, err);
        m[j] = arf_get_d(arb_midref(mo), ARF_RND_NEAR);
        v[j] = arf_get_d(arb_midref(vo), ARF_RND_NEAR);
    }
    dmv_ref_schedule_clear(&sch);
    if (status != DMV_OK)
        goto out_arb;

    status = dmv_fast_model_gaussian_diag_init(&model, &pb.data, err);
    if (status != DMV_OK)
        goto out_arb;
    dmv_fast_job_init(&job);
    job.process = &pb.process;
    job.grid = &pb.grid;
    job.scheme = &pb.scheme;
    job.init = &pb.init;
    job.init_basis_data = &pb.data;
    job.model = &model;
    job.n = n;
    job.seed = pb.seed;
    job.threads = run->threads > 0 ? run->threads : 1;
    dmv_fast_stats_init(&st);
    status = dmv_fast_sample(&st, &job, NULL, NULL, on_progress, &lp, err);
    dmv_fast_model_clear(&model);
    if (status != DMV_OK) {
        dmv_fast_stats_clear(&st);
        goto out_arb;
    }
    dmv_result_set_hash(out, st.hash, 1);
    if (st.nonfinite > 0) {
        out->verdict = DMV_VERDICT_FAIL;
        dmv_result_set_summary(out, "%ld of %ld outputs are not finite (the exact law is finite)", st.nonfinite,
                               n * d);
        dmv_fast_stats_clear(&st);
        goto out_arb;
    }
    for (j = 0; j < d; j++) {
        smean[j] = st.mean[j];
        svar[j] = st.m2[j] / (double) (n - 1);
    }
    dmv_fast_stats_clear(&st);

    mde_mean = dmv_stat_mde_mean(n, level, 0.99);
    mde_var = dmv_stat_mde_var(n, level, 0.99);
    for (j = 0; j < d; j++) {
        dmv_stat_moment_test mt;
        char name[96];
        status = dmv_stat_gaussian_moments(&mt, n, smean[j], svar[j], m[j], v[j], level, err);
        if (status != DMV_OK)
            goto out_arb;
        snprintf(name, sizeof name, "mean, direction %ld (lambda %g)", j, pb.data.lambda[j]);
        dmv_result_add_test(out, name, mt.z_mean, mt.p_mean, mt.mean_lo, mt.mean_hi, mde_mean,
                            "|mean error| / sd");
        snprintf(name, sizeof name, "variance, direction %ld (lambda %g)", j, pb.data.lambda[j]);
        dmv_result_add_test(out, name, svar[j], mt.p_var, mt.var_lo, mt.var_hi, mde_var,
                            "relative variance error");
        worst_p = fmin(worst_p, fmin(mt.p_mean, mt.p_var));
        xs[j] = pb.data.lambda[j];
        zstat[j] = (smean[j] - m[j]) / sqrt(v[j] / (double) n);
        zlo[j] = (mt.mean_lo - m[j]) / sqrt(v[j] / (double) n);
        zhi[j] = (mt.mean_hi - m[j]) / sqrt(v[j] / (double) n);
        ratio[j] = svar[j] / v[j];
        rlo[j] = mt.var_lo / v[j];
        rhi[j] = mt.var_hi / v[j];
    }
    {
        dmv_ev_plot *p = dmv_result_add_plot(out, "sample mean, standardised, against its acceptance interval",
                                             "eigenvalue lambda", "(mean - m) / sqrt(v/n)", 1, 0);
        if (p != NULL)
            dmv_plot_add_series(p, "measured", d, xs, zstat, zlo, zhi);
        p = dmv_result_add_plot(out, "sample variance / exact variance, against its acceptance interval",
                                "eigenvalue lambda", "s^2 / v", 1, 0);
        if (p != NULL)
            dmv_plot_add_series(p, "measured", d, xs, ratio, rlo, rhi);
    }
    dmv_result_add_number(out, "samples", (double) n, 0, NULL);
    dmv_result_add_number(out, "steps", (double) LAW_STEPS, 0, NULL);
    dmv_result_add_number(out, "smallest p-value", worst_p, 0, NULL);
    dmv_result_add_number(out, "detectable mean error (power 0.99)", mde_mean, 0, "sd");
    dmv_result_add_number(out, "detectable relative variance error (power 0.99)", mde_var, 0, NULL);
    out->verdict = DMV_VERDICT_PASS; /* the tests decide, after the run's Holm correction */
    dmv_result_set_summary(out,
                           "%ld samples, %ld directions: smallest p-value %.3g; detectable: mean error %.2g sd, "
                           "relative variance error %.2g",
                           n, d, worst_p, mde_mean, mde_var);
out_arb:
    arb_clear(lam);
    arb_clear(mu);
    arb_clear(m0);
    arb_clear(v0);
    arb_clear(mo);
    arb_clear(vo);
    return status;
}
