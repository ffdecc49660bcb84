/* Claim pg.law.<scheme>: the fast sampler draws from its exact output law.
 *
 * Per eigen-direction j the exact output law N(m_j, v_j) of the scheme is
 * certified by reference/ (Arb). From n fast samples: the sample mean is
 * N(m_j, v_j/n) and (n-1) s_j^2 / v_j is chi2(n-1), exactly under the claim
 * (the directions are independent since the basis is the identity). The three
 * joint statistics over the d directions (exact chi-square laws) enter the run's
 * Holm correction; the smallest detectable effects (power 0.99 at level
 * alpha/K, K = 3 x the run's claims: the smallest Holm threshold) are reported
 * beside the verdict. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv/ref.h"
#include "dmv/stats.h"
#include "dmv/str.h"
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

/* The dense variant: the samples (standard coordinates) are projected on the
 * eigenbasis, (U^T y)[j], and their moments accumulated in sample order (Welford);
 * the sink receives the rows in sample order whatever the thread count. */
typedef struct {
    const double *U;
    long d, count;
    double mean[DMV_PG_SPECTRUM_D], m2[DMV_PG_SPECTRUM_D];
} projector;

static int project_rows(void *ctx, long first, long rows, const double *x)
{
    projector *pj = ctx;
    long r, i, j, d = pj->d;
    (void) first;
    for (r = 0; r < rows; r++) {
        pj->count++;
        for (j = 0; j < d; j++) {
            double yj = 0.0, delta;
            for (i = 0; i < d; i++)
                yj += pj->U[i * d + j] * x[r * d + i];
            delta = yj - pj->mean[j];
            pj->mean[j] += delta / (double) pj->count;
            pj->m2[j] += delta * (yj - pj->mean[j]);
        }
    }
    return DMV_OK;
}

static int law(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err, int dense)
{
    const dmv_pg_scheme_param *sp = c->params;
    double U[DMV_PG_SPECTRUM_D * DMV_PG_SPECTRUM_D];
    projector pj;
    const slong prec = DMV_REF_PREC;
    const long d = DMV_PG_SPECTRUM_D;
    long n = run->law_samples > 1 ? run->law_samples : (run->quick ? LAW_SAMPLES_QUICK : LAW_SAMPLES), j;
    dmv_problem pb;
    dmv_ref_schedule sch;
    dmv_fast_model model;
    dmv_fast_job job;
    dmv_fast_stats st;
    law_progress lp = {run, c->id};
    double m[DMV_PG_SPECTRUM_D], v[DMV_PG_SPECTRUM_D], smean[DMV_PG_SPECTRUM_D], svar[DMV_PG_SPECTRUM_D];
    double level, mde_mean, mde_var;
    double xs[DMV_PG_SPECTRUM_D], zstat[DMV_PG_SPECTRUM_D], zlo[DMV_PG_SPECTRUM_D], zhi[DMV_PG_SPECTRUM_D];
    double ratio[DMV_PG_SPECTRUM_D], rlo[DMV_PG_SPECTRUM_D], rhi[DMV_PG_SPECTRUM_D];
    double worst_p = 1.0;
    arb_t lam, mu, m0, v0, mo, vo;
    int status;

    dmv_pg_test_problem(&pb, sp, LAW_STEPS);
    pb.seed = run->seed;
    memset(&pj, 0, sizeof pj);
    if (dense) {
        dmv_pg_dct_basis(U, d);
        pb.data.basis = U;
        pj.U = U;
        pj.d = d;
    }
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

    status = dense ? dmv_fast_model_dense_init(&model, &pb.data, err)
                   : dmv_fast_model_gaussian_diag_init(&model, &pb.data, err);
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
    status = dmv_fast_sample(&st, &job, dense ? project_rows : NULL, dense ? &pj : NULL, on_progress, &lp, err);
    dmv_fast_model_clear(&model);
    if (status != DMV_OK) {
        dmv_fast_stats_clear(&st);
        goto out_arb;
    }
    dmv_result_set_hash(out, st.hash, st.bit_exact);
    if (st.nonfinite > 0) {
        out->verdict = DMV_VERDICT_FAIL;
        dmv_result_set_summary(out, "%ld of %ld outputs are not finite (the exact law is finite)", st.nonfinite,
                               n * d);
        dmv_fast_stats_clear(&st);
        goto out_arb;
    }
    for (j = 0; j < d; j++) {
        smean[j] = dense ? pj.mean[j] : st.mean[j];
        svar[j] = (dense ? pj.m2[j] : st.m2[j]) / (double) (n - 1);
    }
    dmv_fast_stats_clear(&st);

    {
        /* The claim's tests (entering the run's Holm correction): the three joint
         * statistics over the d independent eigen-directions, each with an exact null
         * law. The per-direction tests are diagnostics (a table), not separate members
         * of the family: a common 1 % variance error, 2.2 sd per direction at 10^5
         * samples, is 6.3 sd for the pooled statistic. */
        dmv_stat_joint_test jt;
        dmv_stat_moment_test per[DMV_PG_SPECTRUM_D];
        const char *header[7] = {"lambda", "exact mean", "sample mean", "p (mean)", "exact var", "sample var",
                                 "p (var)"};
        char *cells[7 * DMV_PG_SPECTRUM_D];
        char buf[64];
        long col;
        level = run->alpha;
        status = dmv_stat_gaussian_moments_joint(&jt, per, d, n, smean, svar, m, v, level, err);
        if (status != DMV_OK)
            goto out_arb;
        {
            /* Detectable effects at the level a test is sure to be compared with under
             * Holm: alpha / K, K = 3 tests x the run's claims (Bonferroni, the smallest
             * Holm threshold; an upper bound on the family size, so a lower bound on power). */
            double up, down, k = 3.0 * (double) (run->nclaims > 0 ? run->nclaims : 1);
            mde_mean = dmv_stat_mde_mean_joint(d, n, run->alpha / k, 0.99);
            dmv_stat_mde_var_df(jt.df_var, run->alpha / k, 0.99, &up, &down);
            mde_var = fmax(up, down); /* detectable in either direction */
        }
        dmv_result_add_test(out, "means: sum_j z_j^2 ~ chi2(d)", jt.t_mean, jt.p_mean, 0.0,
                            dmv_stat_chi2_isf(level, jt.df_mean), mde_mean, "|mean error| / sd, every direction");
        dmv_result_add_test(out, "variances: sum_j (n-1) s_j^2 / v_j ~ chi2(d(n-1))", jt.t_var, jt.p_var,
                            dmv_stat_chi2_quantile(level / 2, jt.df_var), dmv_stat_chi2_isf(level / 2, jt.df_var),
                            mde_var, "common relative variance error");
        dmv_result_add_test(out, "variances: Fisher -2 sum_j log p_j ~ chi2(2d)", jt.fisher_var, jt.p_fisher, 0.0,
                            dmv_stat_chi2_isf(level, jt.df_fisher), NAN, NULL);
        worst_p = fmin(jt.p_mean, fmin(jt.p_var, jt.p_fisher));
        for (j = 0; j < d; j++) {
            double vals[7];
            vals[0] = pb.data.lambda[j];
            vals[1] = m[j];
            vals[2] = smean[j];
            vals[3] = per[j].p_mean;
            vals[4] = v[j];
            vals[5] = svar[j];
            vals[6] = per[j].p_var;
            for (col = 0; col < 7; col++) {
                snprintf(buf, sizeof buf, col == 0 ? "%g" : "%.6g", vals[col]);
                cells[7 * j + col] = dmv_strdup(buf);
            }
            xs[j] = pb.data.lambda[j];
            zstat[j] = per[j].z_mean;
            zlo[j] = (per[j].mean_lo - m[j]) / sqrt(v[j] / (double) n);
            zhi[j] = (per[j].mean_hi - m[j]) / sqrt(v[j] / (double) n);
            ratio[j] = svar[j] / v[j];
            rlo[j] = per[j].var_lo / v[j];
            rhi[j] = per[j].var_hi / v[j];
        }
        dmv_result_add_table(out, "per direction (diagnostic p-values, unadjusted)", d, 7, header,
                             (const char *const *) cells);
        for (j = 0; j < 7 * d; j++)
            free(cells[j]);
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

int dmv_claim_pg_law_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    return law(c, run, out, err, 0);
}

int dmv_claim_pg_law_dense_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    return law(c, run, out, err, 1);
}
