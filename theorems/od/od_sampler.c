/* C-P2 (docs/math/outsourced.md#c-p2): a z-space sampler with the exact affine score.
 *   od.sampler.law  the fast DDPM sampler on the Gaussian model with full covariance N(m_z, S_z) (the
 *                   noise posterior of the lin2 case) draws from its exact output law (Arb, per
 *                   eigen-direction of S_z): joint means, total variance and the correlation of the two
 *                   eigen-coordinates, with the detectable effects required.
 *   od.sampler.kl   the certified KL(output law || p(z | y)) tends to 0 with T (fitted order >= 1), and
 *                   the data-space KL (through x = A z + b) equals it at every T (A invertible). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv/ref.h"
#include "dmv/stats.h"
#include "od_claims.h"

#define PREC DMV_OD_PREC
#define LAW_STEPS DMV_OD_LAW_STEPS
#define LAW_NTESTS 3
#define LAW_POWER 0.99
#define REQ_MEAN DMV_OD_LAW_REQ_MEAN
#define REQ_VAR DMV_OD_LAW_REQ_VAR
#define REQ_CORR DMV_OD_LAW_REQ_CORR

/* the noise posterior of lin2 in its eigenbasis: lam[j], mu[j] (eigen-coordinates of m_z), V */
typedef struct {
    arb_mat_t mz, Sz, V;
    arb_ptr lam, mu;
} zpost;

static int zpost_init(zpost *z, dmv_error *err)
{
    long j;
    int status;
    arb_mat_init(z->mz, 2, 1);
    arb_mat_init(z->Sz, 2, 2);
    arb_mat_init(z->V, 2, 2);
    z->lam = _arb_vec_init(2);
    z->mu = _arb_vec_init(2);
    status = dmv_ref_od_noise_posterior(z->mz, z->Sz, &dmv_od_lin2, PREC, err);
    if (status == DMV_OK)
        status = dmv_od_eig2(z->lam, z->V, z->Sz, PREC, err);
    for (j = 0; j < 2 && status == DMV_OK; j++) {
        arb_mul(z->mu + j, arb_mat_entry(z->V, 0, j), arb_mat_entry(z->mz, 0, 0), PREC);
        arb_addmul(z->mu + j, arb_mat_entry(z->V, 1, j), arb_mat_entry(z->mz, 1, 0), PREC);
    }
    return status;
}

static void zpost_clear(zpost *z)
{
    arb_mat_clear(z->mz);
    arb_mat_clear(z->Sz);
    arb_mat_clear(z->V);
    _arb_vec_clear(z->lam, 2);
    _arb_vec_clear(z->mu, 2);
}

static void setup(dmv_process *p, dmv_grid *g, dmv_scheme *s, dmv_init *in, long steps)
{
    dmv_process_default(p, DMV_PROCESS_VP_LINEAR_SONG); /* beta 0.1..20, T = 1 */
    dmv_grid_default(g);
    g->steps = steps;
    g->eps = 0;
    dmv_scheme_default(s);
    s->kind = DMV_SCHEME_DDPM;
    dmv_init_default(in);
}

/* exact output law per eigen-direction from the start N(0, 1) */
static int output_law(arb_ptr mo, arb_ptr vo, const zpost *z, long steps, dmv_error *err)
{
    dmv_process p;
    dmv_grid g;
    dmv_scheme s;
    dmv_init in;
    dmv_ref_schedule sch;
    arb_t m0, v0;
    long j;
    int status;
    setup(&p, &g, &s, &in, steps);
    status = dmv_ref_schedule_init(&sch, &p, &g, &s, PREC, err);
    if (status != DMV_OK)
        return status;
    arb_init(m0);
    arb_init(v0);
    arb_zero(m0);
    arb_one(v0);
    for (j = 0; j < 2 && status == DMV_OK; j++)
        status = dmv_ref_scheme_law1(mo + j, vo + j, &sch, z->lam + j, z->mu + j, m0, v0, NULL, PREC, err);
    arb_clear(m0);
    arb_clear(v0);
    dmv_ref_schedule_clear(&sch);
    return status;
}

/* streaming statistics of the two eigen-coordinates */
typedef struct {
    double V[4];
    long n;
    double mean[2], m2[2], c12;
} proj_stats;

static int sink(void *ctx, long first, long rows, const double *x)
{
    proj_stats *ps = ctx;
    long i;
    (void) first;
    for (i = 0; i < rows; i++) {
        double p0 = ps->V[0] * x[2 * i] + ps->V[2] * x[2 * i + 1], p1 = ps->V[1] * x[2 * i] + ps->V[3] * x[2 * i + 1];
        double d0 = p0 - ps->mean[0], d1 = p1 - ps->mean[1];
        ps->n++;
        ps->mean[0] += d0 / (double) ps->n;
        ps->mean[1] += d1 / (double) ps->n;
        ps->m2[0] += d0 * (p0 - ps->mean[0]);
        ps->m2[1] += d1 * (p1 - ps->mean[1]);
        ps->c12 += d0 * (p1 - ps->mean[1]);
    }
    return 0;
}

int dmv_claim_od_sampler_law(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    zpost z;
    arb_ptr mo = _arb_vec_init(2), vo = _arb_vec_init(2);
    dmv_process p;
    dmv_grid g;
    dmv_scheme s;
    dmv_init in;
    dmv_fast_model model;
    dmv_fast_job job;
    proj_stats ps;
    dmv_stat_joint_test jt;
    double S[4], m[2], mod[2], vod[2], smean[2], svar[2], level = dmv_run_test_level(run, LAW_NTESTS), up, down;
    double r, tstat, pcorr, mde_mean, mde_var, mde_corr;
    long n = dmv_run_sample_budget(run), j;
    int status, model_ok = 0;
    (void) c;
    memset(&ps, 0, sizeof ps);
    status = zpost_init(&z, err);
    if (status == DMV_OK)
        status = output_law(mo, vo, &z, LAW_STEPS, err);
    if (status != DMV_OK)
        goto out;
    for (j = 0; j < 4; j++) {
        S[j] = arf_get_d(arb_midref(arb_mat_entry(z.Sz, j / 2, j % 2)), ARF_RND_NEAR);
        ps.V[j] = arf_get_d(arb_midref(arb_mat_entry(z.V, j / 2, j % 2)), ARF_RND_NEAR);
    }
    for (j = 0; j < 2; j++) {
        m[j] = arf_get_d(arb_midref(arb_mat_entry(z.mz, j, 0)), ARF_RND_NEAR);
        mod[j] = arf_get_d(arb_midref(mo + j), ARF_RND_NEAR);
        vod[j] = arf_get_d(arb_midref(vo + j), ARF_RND_NEAR);
    }
    /* the Gaussian model kind with full covariance (docs/model-spec.md, covariance form) */
    status = dmv_fast_model_dense_cov_init(&model, 2, S, m, err);
    if (status != DMV_OK)
        goto out;
    model_ok = 1;
    setup(&p, &g, &s, &in, LAW_STEPS);
    dmv_fast_job_init(&job);
    job.process = &p;
    job.grid = &g;
    job.scheme = &s;
    job.init = &in;
    job.model = &model;
    job.n = n;
    job.seed = run->seed;
    job.threads = 1; /* the sink accumulates in sample order */
    status = dmv_fast_sample(NULL, &job, sink, &ps, NULL, NULL, err);
    if (status != DMV_OK)
        goto out;
    for (j = 0; j < 2; j++) {
        smean[j] = ps.mean[j];
        svar[j] = ps.m2[j] / (double) (n - 1);
    }
    status = dmv_stat_gaussian_moments_joint(&jt, NULL, 2, n, smean, svar, mod, vod, level, err);
    if (status != DMV_OK)
        goto out;
    mde_mean = dmv_stat_mde_mean_joint(2, n, level, LAW_POWER);
    dmv_stat_mde_var_df(jt.df_var, level, LAW_POWER, &up, &down);
    mde_var = (isnan(up) || isnan(down)) ? NAN : fmax(up, down);
    r = ps.c12 / sqrt(ps.m2[0] * ps.m2[1]);
    tstat = r * sqrt((double) (n - 2) / (1 - r * r));
    pcorr = dmv_stat_t_sf2(tstat, (double) (n - 2));
    /* Fisher: a correlation rho is detected with power 0.99 when atanh(rho) sqrt(n - 3) >= z_{level/2} + z_{0.99} */
    mde_corr = tanh((dmv_stat_normal_isf(level / 2) + dmv_stat_normal_isf(1 - LAW_POWER)) / sqrt((double) n - 3));
    if (dmv_result_add_test(out, "means: sum_j z_j^2 ~ chi2(2)", jt.t_mean, jt.p_mean, 0.0,
                            dmv_stat_chi2_isf(level, jt.df_mean), mde_mean,
                            "joint mean error sqrt(sum_j dm_j^2/v_j), in sd") == DMV_OK)
        dmv_result_require_effect(out, REQ_MEAN);
    if (dmv_result_add_test(out, "variances: sum_j (n-1) s_j^2 / v_j ~ chi2(2(n-1))", jt.t_var, jt.p_var,
                            dmv_stat_chi2_quantile(level / 2, jt.df_var), dmv_stat_chi2_isf(level / 2, jt.df_var), mde_var,
                            "common relative variance error") == DMV_OK)
        dmv_result_require_effect(out, REQ_VAR);
    if (dmv_result_add_test(out, "correlation of the eigen-coordinates: t(n-2)", tstat, pcorr,
                            -dmv_stat_normal_isf(level / 2), dmv_stat_normal_isf(level / 2), mde_corr,
                            "correlation") == DMV_OK)
        dmv_result_require_effect(out, REQ_CORR);
    for (j = 0; j < 2; j++) {
        char name[96];
        snprintf(name, sizeof name, "exact output mean, eigen-direction %ld", j);
        dmv_od_add_ball(out, name, mo + j, NULL);
        snprintf(name, sizeof name, "exact output variance, eigen-direction %ld", j);
        dmv_od_add_ball(out, name, vo + j, NULL);
        snprintf(name, sizeof name, "sample mean, eigen-direction %ld", j);
        dmv_result_add_number(out, name, smean[j], sqrt(vod[j] / (double) n), NULL);
        snprintf(name, sizeof name, "sample variance, eigen-direction %ld", j);
        dmv_result_add_number(out, name, svar[j], vod[j] * sqrt(2.0 / (double) (n - 1)), NULL);
    }
    out->verdict = DMV_VERDICT_PASS; /* the tests decide, after Holm within the claim */
    dmv_result_set_summary(out, "%ld DDPM samples (%d steps) of N(m_z, S_z) in the eigenbasis: p = %.3g (means), "
                           "%.3g (variance), %.3g (correlation); detectable: %.3g sd, %.3g rel. variance, %.3g corr",
                           n, LAW_STEPS, jt.p_mean, jt.p_var, pcorr, mde_mean, mde_var, mde_corr);
out:
    if (model_ok)
        dmv_fast_model_clear(&model);
    zpost_clear(&z);
    _arb_vec_clear(mo, 2);
    _arb_vec_clear(vo, 2);
    return status;
}

/* ---- od.sampler.kl ------------------------------------------------------------------------ */

#define KL_NT ((long) (sizeof kl_steps / sizeof kl_steps[0]))
#define KL_NFIT DMV_OD_KL_NFIT
#define KL_ORDER_MIN ((double) DMV_OD_KL_ORDER_MIN)
static const long kl_steps[] = {DMV_OD_KL_STEPS};

/* the full law N(V mo, V diag(vo) V^T) in z and its image under x = A z + b */
static void full_laws(arb_mat_t Sz_out, arb_ptr mz_out, arb_mat_t Sx_out, arb_ptr mx_out, arb_mat_t Sx_t,
                      arb_ptr mx_t, const zpost *z, arb_srcptr mo, arb_srcptr vo)
{
    arb_mat_t A, At, D, T, b, mo_m, mtmp;
    long i, j;
    arb_mat_init(A, 2, 2);
    arb_mat_init(At, 2, 2);
    arb_mat_init(D, 2, 2);
    arb_mat_init(T, 2, 2);
    arb_mat_init(b, 2, 1);
    arb_mat_init(mo_m, 2, 1);
    arb_mat_init(mtmp, 2, 1);
    for (i = 0; i < 2; i++) {
        for (j = 0; j < 2; j++)
            arb_set_d(arb_mat_entry(A, i, j), dmv_od_lin2.A[2 * i + j]);
        arb_set_d(arb_mat_entry(b, i, 0), dmv_od_lin2.b[i]);
        arb_set(arb_mat_entry(D, i, i), vo + i);
        arb_set(arb_mat_entry(mo_m, i, 0), mo + i);
    }
    arb_mat_transpose(At, A);
    /* z: V D V^T, V mo */
    arb_mat_mul(T, z->V, D, PREC);
    arb_mat_transpose(D, z->V);
    arb_mat_mul(Sz_out, T, D, PREC);
    arb_mat_mul(mtmp, z->V, mo_m, PREC);
    for (i = 0; i < 2; i++)
        arb_set(mz_out + i, arb_mat_entry(mtmp, i, 0));
    /* x: A S A^T, A m + b for the output and the target */
    arb_mat_mul(T, A, Sz_out, PREC);
    arb_mat_mul(Sx_out, T, At, PREC);
    arb_mat_mul(mo_m, A, mtmp, PREC);
    arb_mat_add(mo_m, mo_m, b, PREC);
    for (i = 0; i < 2; i++)
        arb_set(mx_out + i, arb_mat_entry(mo_m, i, 0));
    arb_mat_mul(T, A, z->Sz, PREC);
    arb_mat_mul(Sx_t, T, At, PREC);
    arb_mat_mul(mo_m, A, z->mz, PREC);
    arb_mat_add(mo_m, mo_m, b, PREC);
    for (i = 0; i < 2; i++)
        arb_set(mx_t + i, arb_mat_entry(mo_m, i, 0));
    arb_mat_clear(A);
    arb_mat_clear(At);
    arb_mat_clear(D);
    arb_mat_clear(T);
    arb_mat_clear(b);
    arb_mat_clear(mo_m);
    arb_mat_clear(mtmp);
}

int dmv_claim_od_sampler_kl(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    static const char *header[4] = {"T", "KL_z (per direction, summed)", "KL_x (data space, full covariance)",
                                    "KL_x - KL_z"};
    char cells[KL_NT][4][96];
    const char *ptr[4 * KL_NT];
    zpost z;
    arb_ptr mo = _arb_vec_init(2), vo = _arb_vec_init(2), mzo = _arb_vec_init(2), mxo = _arb_vec_init(2),
            mxt = _arb_vec_init(2), mzt = _arb_vec_init(2);
    arb_mat_t Szo, Sxo, Sxt;
    arb_t klz, klx, t, d;
    double xs[KL_NT], ys[KL_NT], order = NAN, maxrad = 0;
    long i, j;
    int status, equal = 1, monotone = 1;
    (void) c;
    (void) run;
    arb_mat_init(Szo, 2, 2);
    arb_mat_init(Sxo, 2, 2);
    arb_mat_init(Sxt, 2, 2);
    arb_init(klz);
    arb_init(klx);
    arb_init(t);
    arb_init(d);
    status = zpost_init(&z, err);
    for (i = 0; i < 2 && status == DMV_OK; i++)
        arb_set(mzt + i, arb_mat_entry(z.mz, i, 0));
    for (i = 0; i < KL_NT && status == DMV_OK; i++) {
        status = output_law(mo, vo, &z, kl_steps[i], err);
        if (status != DMV_OK)
            break;
        arb_zero(klz);
        for (j = 0; j < 2; j++) {
            dmv_ref_kl_1d(t, mo + j, vo + j, z.mu + j, z.lam + j, PREC);
            arb_add(klz, klz, t, PREC);
        }
        full_laws(Szo, mzo, Sxo, mxo, Sxt, mxt, &z, mo, vo);
        status = dmv_ref_kl_general(klx, Sxo, mxo, Sxt, mxt, PREC, err);
        if (status != DMV_OK)
            break;
        arb_sub(d, klx, klz, PREC);
        if (!arb_contains_zero(d))
            equal = 0;
        if (mag_get_d(arb_radref(d)) > maxrad)
            maxrad = mag_get_d(arb_radref(d));
        xs[i] = (double) kl_steps[i];
        ys[i] = arf_get_d(arb_midref(klz), ARF_RND_NEAR);
        if (i > 0 && !(ys[i] < ys[i - 1]))
            monotone = 0;
        snprintf(cells[i][0], 96, "%ld", kl_steps[i]);
        dmv_od_ball_cell(cells[i][1], 96, klz);
        dmv_od_ball_cell(cells[i][2], 96, klx);
        dmv_od_ball_cell(cells[i][3], 96, d);
        if (i == KL_NT - 1)
            dmv_od_add_ball(out, "KL_z at the largest T", klz, NULL);
    }
    if (status == DMV_OK) {
        /* least-squares slope of log KL against log T over the last KL_NFIT */
        double mx = 0, my = 0, sxx = 0, sxy = 0;
        dmv_ev_plot *pl;
        for (i = KL_NT - KL_NFIT; i < KL_NT; i++) {
            mx += log(xs[i]) / KL_NFIT;
            my += log(ys[i]) / KL_NFIT;
        }
        for (i = KL_NT - KL_NFIT; i < KL_NT; i++) {
            sxx += (log(xs[i]) - mx) * (log(xs[i]) - mx);
            sxy += (log(xs[i]) - mx) * (log(ys[i]) - my);
        }
        order = -sxy / sxx;
        for (j = 0; j < 4 * KL_NT; j++)
            ptr[j] = cells[j / 4][j % 4];
        dmv_result_add_table(out, "KL(output law || p(z|y)) in z and in x = A z + b (certified)", KL_NT, 4, header, ptr);
        pl = dmv_result_add_plot(out, "KL of the DDPM output law to p(z|y) against T", "steps T", "KL", 1, 1);
        if (pl != NULL)
            dmv_plot_add_series(pl, "KL_z = KL_x", KL_NT, xs, ys, NULL, NULL);
        dmv_result_add_number(out, "fitted order of KL in T (last 4)", order, 0, NULL);
        dmv_result_add_margin(out, "fitted order of KL in T", order, KL_ORDER_MIN, DMV_MARGIN_MIN, NULL);
        dmv_result_add_number(out, "largest radius of KL_x - KL_z", maxrad, 0, NULL);
        if (!equal) {
            out->verdict = DMV_VERDICT_FAIL;
            dmv_result_set_summary(out, "KL_x differs from KL_z (certified)");
        } else if (!monotone || !(order >= KL_ORDER_MIN)) {
            out->verdict = DMV_VERDICT_FAIL;
            dmv_result_set_summary(out, "KL does not decrease to 0 at order >= %g (order %.3g, monotone %d)", KL_ORDER_MIN,
                                   order, monotone);
        } else {
            out->verdict = DMV_VERDICT_PASS;
            dmv_result_set_summary(out, "KL_x = KL_z at every T (balls of radius <= %.2g contain the difference 0); KL "
                                   "falls from %.3g (T = %ld) to %.3g (T = %ld), order %.3g",
                                   maxrad, ys[0], kl_steps[0], ys[KL_NT - 1], kl_steps[KL_NT - 1], order);
        }
    }
    zpost_clear(&z);
    _arb_vec_clear(mo, 2);
    _arb_vec_clear(vo, 2);
    _arb_vec_clear(mzo, 2);
    _arb_vec_clear(mxo, 2);
    _arb_vec_clear(mxt, 2);
    _arb_vec_clear(mzt, 2);
    arb_mat_clear(Szo);
    arb_mat_clear(Sxo);
    arb_mat_clear(Sxt);
    arb_clear(klz);
    arb_clear(klx);
    arb_clear(t);
    arb_clear(d);
    return status;
}
