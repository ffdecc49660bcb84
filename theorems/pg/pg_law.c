/* Claims pg.law.<scheme>, pg.law.ode, pg.law.dense and pg.law.threads: the fast
 * sampler draws from its exact output law (docs/claims.md, section pg.law).
 *
 * Per eigen-direction j the exact output law N(m_j, v_j) of the scheme is
 * certified by reference/ (Arb); the directions are independent under the claim.
 * From n fast samples, five tests with exact null laws (each states the effect it
 * must detect, dmv_result_require_effect):
 *  1. means: sum_j z_j^2 ~ chi2(d), z_j = (mean_j - m_j)/sqrt(v_j/n);
 *  2. pooled variance: sum_j (n-1) s_j^2 / v_j ~ chi2(d(n-1)) (a common scale error);
 *  3. worst direction's variance: the smallest of the d per-direction two-sided p-values,
 *     combined exactly (Sidak, the directions are independent): 1 - (1 - p_min)^d;
 *  4. shape: exact one-sample KS of the standardised outputs (y_j - m_j)/sqrt(v_j), pooled
 *     over the directions (iid N(0, 1) under the claim), against N(0, 1);
 *  5. independence of the directions: the sample correlation r of each pair, whose
 *     t = r sqrt((n-2)/(1-r^2)) ~ t(n-2) exactly for independent Gaussian directions;
 *     the smallest pair p-value, Sidak over the d(d-1)/2 pairs (the pair correlations are
 *     uncorrelated under the claim and asymptotically jointly Gaussian, for which Sidak's
 *     inequality makes the combination valid; it is uniform in the limit, Bonferroni is not).
 * Detectable effects (power 0.99) are computed at level claim_alpha / (number of tests
 * of the claim): the smallest threshold Holm within the claim can use. */
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
#define LAW_NTESTS 5
#define LAW_POWER 0.99
#define LAW_THREADS_SAMPLES 30000 /* per configuration of pg.law.threads (10^4 with --quick) */
#define LAW_KS_MAX_ROWS 250000 /* the KS test uses the first min(n, this) samples (memory) */

typedef struct {
    const dmv_run *run;
    const char *id;
    double base, span; /* progress of this job maps to base + span * fraction */
} law_progress;

static void on_progress(void *ctx, double fraction)
{
    law_progress *lp = ctx;
    if (lp->run->progress)
        lp->run->progress(lp->run->progress_ctx, lp->id, lp->base + lp->span * fraction, "sampling");
}

double dmv_pg_claim_level(const dmv_run *run, long ntests)
{
    double share = run->claim_alpha > 0 ? run->claim_alpha : run->alpha / (double) dmv_claim_count();
    return share / (double) (ntests > 0 ? ntests : 1);
}

double dmv_pg_corr_pvalue(double r, long n)
{
    double t;
    if (n < 3 || isnan(r))
        return 1.0;
    if (fabs(r) >= 1.0)
        return 0.0;
    t = r * sqrt((double) (n - 2) / ((1.0 - r) * (1.0 + r)));
    return dmv_stat_t_sf2(t, (double) (n - 2));
}

double dmv_pg_corr_critical(long n, double level)
{
    /* bisection on the exact t tail */
    double lo = 0.0, hi = 1.0;
    int it;
    if (n < 3 || !(level > 0 && level < 1))
        return NAN;
    for (it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi);
        if (dmv_pg_corr_pvalue(mid, n) <= level)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

double dmv_pg_corr_mde(long n, double level, double power)
{
    double rc;
    if (n < 5 || !(level > 0 && level < 1) || !(power > 0 && power < 1))
        return NAN;
    rc = dmv_pg_corr_critical(n, level);
    /* power by Fisher's z: atanh(r) ~ N(atanh(rho), 1/(n-3)) */
    return tanh(atanh(rc) + dmv_stat_normal_quantile(power) / sqrt((double) (n - 3)));
}

double dmv_pg_sidak(double pmin, long m)
{
    if (!(pmin >= 0.0))
        return 1.0;
    if (pmin >= 1.0)
        return 1.0;
    return -expm1((double) m * log1p(-pmin));
}

double dmv_pg_sidak_level(double level, long m)
{
    return -expm1(log1p(-level) / (double) m);
}

double dmv_pg_normal_cdf_monotone(double x, void *ctx)
{
    double *prev = ctx, f = dmv_stat_normal_cdf(x);
    if (f < *prev)
        f = *prev;
    *prev = f;
    return f;
}

int dmv_pg_add_test_req(dmv_result *out, const char *name, double statistic, double p, double lo, double hi,
                        double min_effect, const char *unit, double required)
{
    int status = dmv_result_add_test(out, name, statistic, p, lo, hi, min_effect, unit);
    if (status == DMV_OK)
        status = dmv_result_require_effect(out, required);
    return status;
}

/* The rows of the job (sample order), in eigen-coordinates (projected with U^T when dense):
 * streaming means and co-moments (Welford) and the first ks_cap rows standardised for KS. */
typedef struct {
    const double *U; /* NULL: identity */
    long d, count;
    const double *m, *sd;
    double mean[DMV_PG_SPECTRUM_D], C[DMV_PG_SPECTRUM_D * DMV_PG_SPECTRUM_D];
    double *ks;
    long ks_cap, ks_n; /* rows */
} collector;

static int collect_rows(void *ctx, long first, long rows, const double *x)
{
    collector *cl = ctx;
    long r, i, j, d = cl->d;
    double y[DMV_PG_SPECTRUM_D], delta[DMV_PG_SPECTRUM_D];
    (void) first;
    for (r = 0; r < rows; r++) {
        const double *xr = x + r * d;
        for (j = 0; j < d; j++) {
            if (cl->U != NULL) {
                double yj = 0.0;
                for (i = 0; i < d; i++)
                    yj += cl->U[i * d + j] * xr[i];
                y[j] = yj;
            } else {
                y[j] = xr[j];
            }
        }
        cl->count++;
        for (j = 0; j < d; j++) {
            delta[j] = y[j] - cl->mean[j];
            cl->mean[j] += delta[j] / (double) cl->count;
        }
        for (i = 0; i < d; i++)
            for (j = i; j < d; j++)
                cl->C[i * d + j] += delta[i] * (y[j] - cl->mean[j]);
        if (cl->ks_n < cl->ks_cap) {
            for (j = 0; j < d; j++)
                cl->ks[cl->ks_n * d + j] = (y[j] - cl->m[j]) / cl->sd[j];
            cl->ks_n++;
        }
    }
    return DMV_OK;
}

/* The certified exact output law of the test problem pb, per direction (midpoints). */
static int exact_law(double *m, double *v, const dmv_problem *pb, dmv_error *err)
{
    const slong prec = DMV_REF_PREC;
    dmv_ref_schedule sch;
    arb_t lam, mu, m0, v0, mo, vo;
    long j;
    int status;
    arb_init(lam);
    arb_init(mu);
    arb_init(m0);
    arb_init(v0);
    arb_init(mo);
    arb_init(vo);
    status = dmv_ref_schedule_init(&sch, &pb->process, &pb->grid, &pb->scheme, prec, err);
    if (status == DMV_OK) {
        for (j = 0; j < pb->data.d && status == DMV_OK; j++) {
            arb_set_d(lam, pb->data.lambda[j]);
            arb_set_d(mu, pb->data.mean[j]);
            status = dmv_ref_init_law1(m0, v0, &pb->init, &pb->process, lam, mu, prec, err);
            if (status == DMV_OK)
                status = dmv_ref_scheme_law1(mo, vo, &sch, lam, mu, m0, v0, NULL, prec, err);
            m[j] = arf_get_d(arb_midref(mo), ARF_RND_NEAR);
            v[j] = arf_get_d(arb_midref(vo), ARF_RND_NEAR);
            if (status == DMV_OK && !(isfinite(m[j]) && isfinite(v[j]) && v[j] > 0))
                status = dmv_error_set(err, DMV_ENOTFINITE, "exact law of direction %ld: mean %g, variance %g", j,
                                       m[j], v[j]);
        }
        dmv_ref_schedule_clear(&sch);
    }
    arb_clear(lam);
    arb_clear(mu);
    arb_clear(m0);
    arb_clear(v0);
    arb_clear(mo);
    arb_clear(vo);
    return status;
}

static long law_budget(const dmv_run *run)
{
    return run->law_samples > 1 ? run->law_samples : (run->quick ? LAW_SAMPLES_QUICK : LAW_SAMPLES);
}

/* Adds the means and pooled-variance tests (1 and 2); per (may be NULL) gets the per-direction tests. */
static int add_moment_tests(dmv_result *out, const char *prefix, long d, long n, const double *smean,
                            const double *svar, const double *m, const double *v, double level,
                            dmv_stat_moment_test *per, double *pmin, double *mde_mean, double *mde_var,
                            dmv_error *err)
{
    dmv_stat_joint_test jt;
    double up = NAN, down = NAN;
    char name[160];
    int status = dmv_stat_gaussian_moments_joint(&jt, per, d, n, smean, svar, m, v, level, err);
    if (status != DMV_OK)
        return status;
    *mde_mean = dmv_stat_mde_mean_joint(d, n, level, LAW_POWER);
    dmv_stat_mde_var_df(jt.df_var, level, LAW_POWER, &up, &down);
    *mde_var = fmax(up, down); /* detectable in either direction (NaN if either is) */
    if (isnan(up) || isnan(down))
        *mde_var = NAN;
    snprintf(name, sizeof name, "%smeans: sum_j z_j^2 ~ chi2(d)", prefix);
    status = dmv_pg_add_test_req(out, name, jt.t_mean, jt.p_mean, 0.0, dmv_stat_chi2_isf(level, jt.df_mean),
                                 *mde_mean, "joint mean error sqrt(sum_j dm_j^2/v_j), in sd", DMV_PG_LAW_REQ_MEAN);
    if (status != DMV_OK)
        return dmv_error_set(err, status, "pg.law: adding the test '%s'", name);
    snprintf(name, sizeof name, "%svariances: sum_j (n-1) s_j^2 / v_j ~ chi2(d(n-1))", prefix);
    status = dmv_pg_add_test_req(out, name, jt.t_var, jt.p_var, dmv_stat_chi2_quantile(level / 2, jt.df_var),
                                 dmv_stat_chi2_isf(level / 2, jt.df_var), *mde_var,
                                 "common relative variance error", DMV_PG_LAW_REQ_VAR);
    if (status != DMV_OK)
        return dmv_error_set(err, status, "pg.law: adding the test '%s'", name);
    *pmin = fmin(jt.p_mean, jt.p_var);
    return DMV_OK;
}

static int law(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err, int dense)
{
    const dmv_pg_scheme_param *sp = c->params;
    double U[DMV_PG_SPECTRUM_D * DMV_PG_SPECTRUM_D];
    collector cl;
    const long d = DMV_PG_SPECTRUM_D, npairs = DMV_PG_SPECTRUM_D * (DMV_PG_SPECTRUM_D - 1) / 2;
    long n = law_budget(run), j, i;
    dmv_problem pb;
    dmv_fast_model model;
    dmv_fast_job job;
    dmv_fast_stats st;
    law_progress lp = {run, c->id, 0.0, 1.0};
    double m[DMV_PG_SPECTRUM_D], v[DMV_PG_SPECTRUM_D], sd[DMV_PG_SPECTRUM_D], smean[DMV_PG_SPECTRUM_D],
        svar[DMV_PG_SPECTRUM_D];
    double level = dmv_pg_claim_level(run, LAW_NTESTS), mde_mean = NAN, mde_var = NAN, mde_dir = NAN,
           mde_ks = NAN, mde_corr = NAN;
    double xs[DMV_PG_SPECTRUM_D], zstat[DMV_PG_SPECTRUM_D], zlo[DMV_PG_SPECTRUM_D], zhi[DMV_PG_SPECTRUM_D];
    double ratio[DMV_PG_SPECTRUM_D], rlo[DMV_PG_SPECTRUM_D], rhi[DMV_PG_SPECTRUM_D];
    double worst_p = 1.0, ks_d = NAN, ks_p = 1.0, rmax = 0.0, pcorr = 1.0, pdir = 1.0;
    long wi = 0, wj = 1;
    dmv_stat_moment_test per[DMV_PG_SPECTRUM_D];
    int status;

    dmv_pg_test_problem(&pb, sp, LAW_STEPS);
    pb.seed = run->seed;
    memset(&cl, 0, sizeof cl);
    if (dense) {
        dmv_pg_dct_basis(U, d);
        pb.data.basis = U;
        cl.U = U;
    }
    status = exact_law(m, v, &pb, err);
    if (status != DMV_OK)
        return status;
    for (j = 0; j < d; j++)
        sd[j] = sqrt(v[j]);
    cl.d = d;
    cl.m = m;
    cl.sd = sd;
    cl.ks_cap = n < LAW_KS_MAX_ROWS ? n : LAW_KS_MAX_ROWS;
    cl.ks = malloc((size_t) (cl.ks_cap * d) * sizeof *cl.ks);
    if (cl.ks == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "pg.law: %ld x %ld doubles for the KS test", cl.ks_cap, d);

    status = dense ? dmv_fast_model_dense_init(&model, &pb.data, err)
                   : dmv_fast_model_gaussian_diag_init(&model, &pb.data, err);
    if (status != DMV_OK)
        goto out;
    dmv_pg_problem_job(&job, &pb, &model, n);
    job.threads = run->threads > 0 ? run->threads : 1;
    dmv_fast_stats_init(&st);
    status = dmv_fast_sample(&st, &job, collect_rows, &cl, on_progress, &lp, err);
    dmv_fast_model_clear(&model);
    if (status == DMV_OK)
        status = dmv_result_set_hash(out, st.hash, st.bit_exact);
    if (status == DMV_OK && cl.count != n)
        status = dmv_error_set(err, DMV_EINVAL, "pg.law: the sampler delivered %ld rows of %ld", cl.count, n);
    if (status != DMV_OK) {
        dmv_fast_stats_clear(&st);
        goto out;
    }
    if (st.nonfinite > 0) {
        out->verdict = DMV_VERDICT_FAIL;
        status = dmv_result_set_summary(out, "%ld of %ld outputs are not finite (the exact law is finite)",
                                        st.nonfinite, n * d);
        dmv_fast_stats_clear(&st);
        goto out;
    }
    /* moments: the driver's own statistics on the diagonal path; the projected rows when dense */
    for (j = 0; j < d; j++) {
        smean[j] = dense ? cl.mean[j] : st.mean[j];
        svar[j] = (dense ? cl.C[j * d + j] : st.m2[j]) / (double) (n - 1);
    }
    dmv_fast_stats_clear(&st);

    /* 1, 2: means, pooled variance */
    status = add_moment_tests(out, "", d, n, smean, svar, m, v, level, per, &worst_p, &mde_mean, &mde_var, err);
    if (status != DMV_OK)
        goto out;
    /* 3: the worst direction's variance (Sidak over the d independent directions) */
    {
        double pm = 1.0, ld = dmv_pg_sidak_level(level, d), up = NAN, down = NAN;
        long jw = 0;
        for (j = 0; j < d; j++)
            if (per[j].p_var < pm) {
                pm = per[j].p_var;
                jw = j;
            }
        pdir = dmv_pg_sidak(pm, d);
        dmv_stat_mde_var2(n, ld, LAW_POWER, &up, &down);
        mde_dir = (isnan(up) || isnan(down)) ? NAN : fmax(up, down);
        status = dmv_pg_add_test_req(out, "worst direction's variance s_j^2 / v_j: 1 - (1 - min_j p_j)^d (Sidak, exact)",
                                     svar[jw] / v[jw], pdir, dmv_stat_chi2_quantile(ld / 2, (double) (n - 1)) / (double) (n - 1),
                                     dmv_stat_chi2_isf(ld / 2, (double) (n - 1)) / (double) (n - 1), mde_dir,
                                     "relative variance error in one direction", DMV_PG_LAW_REQ_VAR_DIR);
        if (status != DMV_OK)
            goto out_builder;
    }
    /* 4: shape, exact KS of the standardised outputs against N(0, 1) */
    {
        double cdf_prev = 0.0;
        long nks = cl.ks_n * d;
        status = dmv_stat_ks_1sample(&ks_d, &ks_p, cl.ks, nks, dmv_pg_normal_cdf_monotone, &cdf_prev, err);
        if (status != DMV_OK)
            goto out;
        mde_ks = dmv_stat_mde_ks(nks, level, LAW_POWER);
        status = dmv_pg_add_test_req(out, "shape: KS of the standardised outputs (y_j - m_j)/sqrt(v_j) against N(0,1)",
                                     ks_d, ks_p, 0.0, dmv_stat_ks_isf(level, nks), mde_ks,
                                     "sup |G - Phi| of the standardised law", DMV_PG_LAW_REQ_KS);
        if (status != DMV_OK)
            goto out_builder;
    }
    /* 5: independence of the directions (Sidak over the pairs) */
    {
        double pm = 1.0;
        for (i = 0; i < d; i++)
            for (j = i + 1; j < d; j++) {
                double den = sqrt(cl.C[i * d + i] * cl.C[j * d + j]);
                double r = den > 0 ? cl.C[i * d + j] / den : 0.0, p = dmv_pg_corr_pvalue(r, n);
                if (p < pm || (p == pm && fabs(r) > fabs(rmax))) {
                    pm = p;
                    rmax = r;
                    wi = i;
                    wj = j;
                }
            }
        double rc = dmv_pg_corr_critical(n, dmv_pg_sidak_level(level, npairs));
        pcorr = dmv_pg_sidak(pm, npairs);
        mde_corr = dmv_pg_corr_mde(n, dmv_pg_sidak_level(level, npairs), LAW_POWER);
        status = dmv_pg_add_test_req(out, "independent directions: largest pair correlation, t(n-2), Sidak",
                                     rmax, pcorr, -rc, rc, mde_corr, "|correlation| between two directions",
                                     DMV_PG_LAW_REQ_CORR);
        if (status != DMV_OK)
            goto out_builder;
    }
    worst_p = fmin(worst_p, fmin(pdir, fmin(ks_p, pcorr)));

    {
        const char *header[7] = {"lambda", "exact mean", "sample mean", "p (mean)", "exact var", "sample var",
                                 "p (var)"};
        char *cells[7 * DMV_PG_SPECTRUM_D];
        char buf[64];
        long col;
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
        status = DMV_OK;
        for (j = 0; j < 7 * d; j++)
            if (cells[j] == NULL)
                status = DMV_ENOMEM;
        if (status == DMV_OK)
            status = dmv_result_add_table(out, "per direction (diagnostic p-values, unadjusted)", d, 7, header,
                                          (const char *const *) cells);
        for (j = 0; j < 7 * d; j++)
            free(cells[j]);
        if (status != DMV_OK)
            goto out_builder;
    }
    {
        dmv_ev_plot *p = dmv_result_add_plot(out, "sample mean, standardised, against its acceptance interval",
                                             "eigenvalue lambda", "(mean - m) / sqrt(v/n)", 1, 0);
        if (p == NULL || (status = dmv_plot_add_series(p, "measured", d, xs, zstat, zlo, zhi)) != DMV_OK)
            goto out_nomem;
        p = dmv_result_add_plot(out, "sample variance / exact variance, against its acceptance interval",
                                "eigenvalue lambda", "s^2 / v", 1, 0);
        if (p == NULL || (status = dmv_plot_add_series(p, "measured", d, xs, ratio, rlo, rhi)) != DMV_OK)
            goto out_nomem;
    }
    if ((status = dmv_result_add_number(out, "samples", (double) n, 0, NULL)) != DMV_OK ||
        (status = dmv_result_add_number(out, "steps", (double) LAW_STEPS, 0, NULL)) != DMV_OK ||
        (status = dmv_result_add_number(out, "samples in the KS test", (double) cl.ks_n, 0, NULL)) != DMV_OK ||
        (status = dmv_result_add_number(out, "smallest p-value", worst_p, 0, NULL)) != DMV_OK ||
        (status = dmv_result_add_number(out, "largest |correlation| between directions", fabs(rmax), 0, NULL)) !=
            DMV_OK ||
        (status = dmv_result_add_number(out, "KS distance of the standardised outputs", ks_d, 0, NULL)) !=
            DMV_OK ||
        (status = dmv_result_add_number(out, "detectable mean error (power 0.99)", mde_mean, 0, "sd")) != DMV_OK ||
        (status = dmv_result_add_number(out, "detectable relative variance error (power 0.99)", mde_var, 0,
                                        NULL)) != DMV_OK ||
        (status = dmv_result_add_number(out, "detectable KS distance (power 0.99)", mde_ks, 0, NULL)) != DMV_OK ||
        (status = dmv_result_add_number(out, "detectable correlation (power 0.99)", mde_corr, 0, NULL)) != DMV_OK)
        goto out_builder;
    status = dmv_result_set_summary(
        out,
        "%ld samples, %ld directions: smallest p-value %.3g; detectable (required): mean error %.2g (%.2g) sd, "
        "relative variance error %.2g (%.2g), one direction %.2g (%.2g), KS distance %.2g (%.2g), correlation "
        "%.2g (%.2g; largest %.3g, directions %ld and %ld)",
        n, d, worst_p, mde_mean, DMV_PG_LAW_REQ_MEAN, mde_var, DMV_PG_LAW_REQ_VAR, mde_dir, DMV_PG_LAW_REQ_VAR_DIR,
        mde_ks, DMV_PG_LAW_REQ_KS, mde_corr, DMV_PG_LAW_REQ_CORR, rmax, wi, wj);
    if (status != DMV_OK)
        goto out_builder;
    out->verdict = DMV_VERDICT_PASS; /* the tests decide, after Holm within the claim */
    goto out;
out_nomem:
    if (status == DMV_OK)
        status = DMV_ENOMEM;
out_builder:
    status = dmv_error_set(err, status, "%s: recording the evidence failed (code %d)", c->id, status);
out:
    free(cl.ks);
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

/* ---- pg.law.threads: the law through the threaded driver ----------------------------- */

const int dmv_pg_law_threads_threads[DMV_PG_LAW_THREADS_CONFIGS] = {1, 2, 7, 2, 7};
const long dmv_pg_law_threads_batch[DMV_PG_LAW_THREADS_CONFIGS] = {DMV_FAST_BATCH_DEFAULT, 333, 1, 1, 333};

int dmv_claim_pg_law_threads_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    const dmv_pg_scheme_param *sp = c->params;
    const long d = DMV_PG_SPECTRUM_D, nc = DMV_PG_LAW_THREADS_CONFIGS;
    long n = run->law_samples > 1 ? run->law_samples : (run->quick ? LAW_SAMPLES_QUICK : LAW_THREADS_SAMPLES), k, j,
         ndiff = 0, first_diff = -1;
    dmv_problem pb;
    dmv_fast_model model;
    double m[DMV_PG_SPECTRUM_D], v[DMV_PG_SPECTRUM_D], smean[DMV_PG_SPECTRUM_D], svar[DMV_PG_SPECTRUM_D];
    double level = dmv_pg_claim_level(run, 2 * DMV_PG_LAW_THREADS_CONFIGS), worst_p = 1.0, mde_mean = NAN,
           mde_var = NAN;
    char hash0[65] = "", *cells[6 * DMV_PG_LAW_THREADS_CONFIGS];
    const char *header[6] = {"threads", "batch", "sample hash", "p (means)", "p (variances)", "same hash"};
    int status, bit_exact = 1;

    memset(cells, 0, sizeof cells);
    dmv_pg_test_problem(&pb, sp, LAW_STEPS);
    pb.seed = run->seed;
    status = exact_law(m, v, &pb, err);
    if (status != DMV_OK)
        return status;
    status = dmv_fast_model_gaussian_diag_init(&model, &pb.data, err);
    if (status != DMV_OK)
        return status;
    for (k = 0; k < nc && status == DMV_OK; k++) {
        dmv_fast_job job;
        dmv_fast_stats st;
        law_progress lp = {run, c->id, (double) k / (double) nc, 1.0 / (double) nc};
        char prefix[64], buf[64];
        double pk = 1.0;
        dmv_pg_problem_job(&job, &pb, &model, n);
        job.threads = dmv_pg_law_threads_threads[k];
        job.batch = dmv_pg_law_threads_batch[k];
        dmv_fast_stats_init(&st);
        status = dmv_fast_sample(&st, &job, NULL, NULL, on_progress, &lp, err);
        if (status != DMV_OK) {
            dmv_fast_stats_clear(&st);
            break;
        }
        if (st.nonfinite > 0) {
            out->verdict = DMV_VERDICT_FAIL;
            status = dmv_result_set_summary(out, "threads %d, batch %ld: %ld of %ld outputs are not finite",
                                            job.threads, job.batch, st.nonfinite, n * d);
            dmv_fast_stats_clear(&st);
            goto out;
        }
        for (j = 0; j < d; j++) {
            smean[j] = st.mean[j];
            svar[j] = st.m2[j] / (double) (n - 1);
        }
        snprintf(prefix, sizeof prefix, "threads %d, batch %ld: ", job.threads, job.batch);
        status = add_moment_tests(out, prefix, d, n, smean, svar, m, v, level, NULL, &pk, &mde_mean, &mde_var, err);
        worst_p = fmin(worst_p, pk);
        bit_exact = bit_exact && st.bit_exact;
        if (k == 0) {
            memcpy(hash0, st.hash, sizeof hash0);
            if (status == DMV_OK)
                status = dmv_result_set_hash(out, st.hash, st.bit_exact);
        } else if (strcmp(hash0, st.hash) != 0) {
            if (first_diff < 0)
                first_diff = k;
            ndiff++;
        }
        snprintf(buf, sizeof buf, "%d", job.threads);
        cells[6 * k + 0] = dmv_strdup(buf);
        snprintf(buf, sizeof buf, "%ld", job.batch);
        cells[6 * k + 1] = dmv_strdup(buf);
        snprintf(buf, sizeof buf, "%.16s", st.hash);
        cells[6 * k + 2] = dmv_strdup(buf);
        snprintf(buf, sizeof buf, "%.3g", out->ntests >= 2 ? out->tests[out->ntests - 2].p_value : NAN);
        cells[6 * k + 3] = dmv_strdup(buf);
        snprintf(buf, sizeof buf, "%.3g", out->ntests >= 1 ? out->tests[out->ntests - 1].p_value : NAN);
        cells[6 * k + 4] = dmv_strdup(buf);
        cells[6 * k + 5] = dmv_strdup(strcmp(hash0, st.hash) == 0 ? "yes" : "NO");
        dmv_fast_stats_clear(&st);
    }
    if (status != DMV_OK)
        goto out;
    for (k = 0; k < 6 * nc; k++)
        if (cells[k] == NULL)
            status = DMV_ENOMEM;
    if (status == DMV_OK)
        status = dmv_result_add_table(out, "configurations (p-values unadjusted)", nc, 6, header,
                                      (const char *const *) cells);
    if (status == DMV_OK)
        status = dmv_result_add_number(out, "samples per configuration", (double) n, 0, NULL);
    if (status == DMV_OK)
        status = dmv_result_add_number(out, "configurations whose hash differs from the first", (double) ndiff, 0,
                                       NULL);
    if (status == DMV_OK)
        status = dmv_result_add_number(out, "detectable mean error (power 0.99)", mde_mean, 0, "sd");
    if (status == DMV_OK)
        status = dmv_result_add_number(out, "detectable relative variance error (power 0.99)", mde_var, 0, NULL);
    if (status != DMV_OK) {
        status = dmv_error_set(err, status, "%s: recording the evidence failed (code %d)", c->id, status);
        goto out;
    }
    if (!bit_exact || ndiff > 0) {
        out->verdict = DMV_VERDICT_FAIL;
        status = dmv_result_set_summary(
            out, "the sample hash differs between configurations (%ld of %ld differ from threads %d, batch %ld; "
                 "first: threads %d, batch %ld): the documented guarantee is bit-identical samples",
            ndiff, nc, dmv_pg_law_threads_threads[0], dmv_pg_law_threads_batch[0],
            first_diff >= 0 ? dmv_pg_law_threads_threads[first_diff] : 0,
            first_diff >= 0 ? dmv_pg_law_threads_batch[first_diff] : 0L);
    } else {
        out->verdict = DMV_VERDICT_PASS; /* the moment tests decide, after Holm within the claim */
        status = dmv_result_set_summary(out,
                                        "%ld configurations (threads, batch) = (1, %d), (2, 333), (7, 1), (2, 1), "
                                        "(7, 333), %ld samples each: one hash; smallest p-value %.3g; detectable (required): mean error %.2g "
                                        "(%.2g) sd, relative variance error %.2g (%.2g)",
                                        nc, DMV_FAST_BATCH_DEFAULT, n, worst_p, mde_mean, DMV_PG_LAW_REQ_MEAN, mde_var,
                                        DMV_PG_LAW_REQ_VAR);
    }
    if (status != DMV_OK)
        status = dmv_error_set(err, status, "%s: recording the summary failed", c->id);
out:
    dmv_fast_model_clear(&model);
    for (k = 0; k < 6 * nc; k++)
        free(cells[k]);
    return status;
}
