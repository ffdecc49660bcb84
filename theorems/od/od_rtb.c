/* C-P3b, od.rtb.rate (docs/math/outsourced.md#rtb): relative trajectory balance against the VP prior
 * chain in z-space (start N(0, I) at t = 1, clipped cosine rate, Euler-Maruyama to eps), with the exact
 * posterior drift, on the lin2 noise posterior. Per eigen-direction of S_z the mean and the variance of the
 * residual over the posterior chain's trajectories are closed forms (reference/od_rtb.c); the directions
 * are independent, so the totals are sums. Measured for N = 25 .. 1600 steps:
 *   - Var(delta_N) over trajectories and the rate of its convergence (from successive differences);
 *     limits by two-term Richardson on N = 400, 800, 1600;
 *   - E delta_N = log Z_true - log Z_RTB (the batch-mean log Z the objective fits);
 *   - the limits against the continuous-time prediction: the start term (the chain starts at N(0, I),
 *     the diffused posterior at t = 1 is N(alpha_1 mu, alpha_1^2 lam + sigma_1^2) with alpha_1 > 0
 *     because the clipped rate integrates to a finite B(1)). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "od_claims.h"

#define PREC DMV_OD_PREC
#define RTB_NN 7
#define RTB_NFIT DMV_OD_RTB_NFIT
#define RTB_RATE_MIN DMV_OD_RTB_RATE_MIN   /* Euler-Maruyama is weak order 1 */
#define RTB_LIMIT_TOL DMV_OD_RTB_LIMIT_TOL

static const long rtb_n[RTB_NN] = {DMV_OD_RTB_STEPS};
static const dmv_od_rtb_chain rtb_chain = {DMV_OD_RTB_BMIN, DMV_OD_RTB_BMAX, DMV_OD_RTB_C, DMV_OD_RTB_EPS};

static double fit_slope(const double *x, const double *y, long n)
{
    double mx = 0, my = 0, sxx = 0, sxy = 0;
    long i;
    for (i = 0; i < n; i++) {
        mx += log(x[i]) / (double) n;
        my += log(y[i]) / (double) n;
    }
    for (i = 0; i < n; i++) {
        sxx += (log(x[i]) - mx) * (log(x[i]) - mx);
        sxy += (log(x[i]) - mx) * (log(y[i]) - my);
    }
    return sxy / sxx;
}

int dmv_claim_od_rtb_rate(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    static const char *header[4] = {"N", "E delta_N = log Z - log Z_RTB", "Var delta_N", "sd delta_N"};
    char cells[RTB_NN][4][96];
    const char *ptr[4 * RTB_NN];
    arb_mat_t mz, Sz, V;
    arb_ptr lam = _arb_vec_init(2), mu = _arb_vec_init(2);
    arb_t m, v, tm, tv, sm, sv, sd;
    double xs[RTB_NN], sds[RTB_NN], vars[RTB_NN], means[RTB_NN], dvar[RTB_NN], dmean[RTB_NN], rate_var = NAN,
        rate_mean = NAN;
    double start_mean, start_var, lim_var, lim_mean;
    long i, j;
    int status;
    (void) c;
    (void) run;
    arb_mat_init(mz, 2, 1);
    arb_mat_init(Sz, 2, 2);
    arb_mat_init(V, 2, 2);
    arb_init(m);
    arb_init(v);
    arb_init(tm);
    arb_init(tv);
    arb_init(sm);
    arb_init(sv);
    arb_init(sd);
    status = dmv_ref_od_noise_posterior(mz, Sz, &dmv_od_lin2, PREC, err);
    if (status == DMV_OK)
        status = dmv_od_eig2(lam, V, Sz, PREC, err);
    for (j = 0; j < 2 && status == DMV_OK; j++) {
        arb_mul(mu + j, arb_mat_entry(V, 0, j), arb_mat_entry(mz, 0, 0), PREC);
        arb_addmul(mu + j, arb_mat_entry(V, 1, j), arb_mat_entry(mz, 1, 0), PREC);
    }
    /* the start term, summed over directions */
    arb_zero(sm);
    arb_zero(sv);
    for (j = 0; j < 2 && status == DMV_OK; j++) {
        status = dmv_ref_od_rtb_start_term(m, v, &rtb_chain, lam + j, mu + j, PREC, err);
        arb_add(sm, sm, m, PREC);
        arb_add(sv, sv, v, PREC);
    }
    for (i = 0; i < RTB_NN && status == DMV_OK; i++) {
        if (run->progress != NULL)
            run->progress(run->progress_ctx, c->id, (double) i / RTB_NN, "RTB moments");
        arb_zero(tm);
        arb_zero(tv);
        for (j = 0; j < 2 && status == DMV_OK; j++) {
            status = dmv_ref_od_rtb_moments(m, v, &rtb_chain, lam + j, mu + j, rtb_n[i], PREC, err);
            arb_add(tm, tm, m, PREC);
            arb_add(tv, tv, v, PREC);
        }
        if (status != DMV_OK)
            break;
        arb_sqrt(sd, tv, PREC);
        xs[i] = (double) rtb_n[i];
        sds[i] = arf_get_d(arb_midref(sd), ARF_RND_NEAR);
        vars[i] = arf_get_d(arb_midref(tv), ARF_RND_NEAR);
        means[i] = arf_get_d(arb_midref(tm), ARF_RND_NEAR);
        snprintf(cells[i][0], 96, "%ld", rtb_n[i]);
        dmv_od_ball_cell(cells[i][1], 96, tm);
        dmv_od_ball_cell(cells[i][2], 96, tv);
        dmv_od_ball_cell(cells[i][3], 96, sd);
        if (i == RTB_NN - 1) {
            dmv_od_add_ball(out, "E delta_N at the largest N", tm, NULL);
            dmv_od_add_ball(out, "sd delta_N at the largest N", sd, NULL);
        }
    }
    if (status != DMV_OK)
        goto out;
    /* rates from successive differences (the limit need not be known): |x_N - x_2N| ~ N^-rate */
    for (i = 0; i + 1 < RTB_NN; i++) {
        dvar[i] = fabs(vars[i] - vars[i + 1]);
        dmean[i] = fabs(means[i] - means[i + 1]);
    }
    rate_var = -fit_slope(xs + RTB_NN - 1 - RTB_NFIT, dvar + RTB_NN - 1 - RTB_NFIT, RTB_NFIT);
    rate_mean = -fit_slope(xs + RTB_NN - 1 - RTB_NFIT, dmean + RTB_NN - 1 - RTB_NFIT, RTB_NFIT);
    /* two-term Richardson on the last three (x_N = x_inf + a/N + b/N^2, the weak-order-1 expansion of
     * Euler-Maruyama that the measured rate ~1 supports): x_inf = (8 x_4N - 6 x_2N + x_N)/3 */
    lim_var = (8 * vars[RTB_NN - 1] - 6 * vars[RTB_NN - 2] + vars[RTB_NN - 3]) / 3;
    lim_mean = (8 * means[RTB_NN - 1] - 6 * means[RTB_NN - 2] + means[RTB_NN - 3]) / 3;
    start_mean = arf_get_d(arb_midref(sm), ARF_RND_NEAR);
    start_var = arf_get_d(arb_midref(sv), ARF_RND_NEAR);
    for (j = 0; j < 4 * RTB_NN; j++)
        ptr[j] = cells[j / 4][j % 4];
    dmv_result_add_table(out, "RTB residual over the posterior chain's trajectories (certified closed forms)", RTB_NN, 4,
                         header, ptr);
    {
        dmv_ev_plot *pl = dmv_result_add_plot(out, "RTB residual: sd over trajectories and its mean against N",
                                              "steps N", "value", 1, 1);
        double am[RTB_NN];
        for (i = 0; i < RTB_NN; i++)
            am[i] = fabs(means[i]);
        if (pl != NULL) {
            dmv_plot_add_series(pl, "sd delta_N", RTB_NN, xs, sds, NULL, NULL);
            dmv_plot_add_series(pl, "|E delta_N|", RTB_NN, xs, am, NULL, NULL);
        }
    }
    dmv_od_add_ball(out, "start term: mean (KL(N(0,I) || p_1^post))", sm, NULL);
    dmv_od_add_ball(out, "start term: variance over z_0 ~ N(0, I)", sv, NULL);
    dmv_result_add_number(out, "rate of Var delta_N (successive differences)", rate_var, 0, NULL);
    dmv_result_add_number(out, "rate of E delta_N (successive differences)", rate_mean, 0, NULL);
    dmv_result_add_number(out, "extrapolated limit of Var delta_N", lim_var, 0, NULL);
    dmv_result_add_number(out, "extrapolated limit of E delta_N", lim_mean, 0, NULL);
    dmv_result_add_margin(out, "rate of Var delta_N", rate_var, RTB_RATE_MIN, DMV_MARGIN_MIN, NULL);
    dmv_result_add_margin(out, "rate of E delta_N", rate_mean, RTB_RATE_MIN, DMV_MARGIN_MIN, NULL);
    dmv_result_add_margin(out, "|limit Var / start-term Var - 1|", fabs(lim_var / start_var - 1), RTB_LIMIT_TOL,
                          DMV_MARGIN_MAX, NULL);
    dmv_result_add_margin(out, "|limit mean / start-term mean - 1|", fabs(lim_mean / start_mean - 1), RTB_LIMIT_TOL,
                          DMV_MARGIN_MAX, NULL);
    if (!(rate_var >= RTB_RATE_MIN) || !(rate_mean >= RTB_RATE_MIN) ||
        !(fabs(lim_var / start_var - 1) <= RTB_LIMIT_TOL) || !(fabs(lim_mean / start_mean - 1) <= RTB_LIMIT_TOL))
        out->verdict = DMV_VERDICT_FAIL;
    else
        out->verdict = DMV_VERDICT_PASS;
    dmv_result_set_summary(out, "Var delta_N: %.3g (N = %ld) -> %.3g (N = %ld), rate %.3g, limit %.3g vs start term "
                           "%.3g (sd %.3g); E delta_N: %.3g -> %.3g, rate %.3g, limit %.3g vs start term %.3g",
                           vars[0], rtb_n[0], vars[RTB_NN - 1], rtb_n[RTB_NN - 1], rate_var, lim_var, start_var,
                           sqrt(start_var), means[0], means[RTB_NN - 1], rate_mean, lim_mean, start_mean);
out:
    arb_mat_clear(mz);
    arb_mat_clear(Sz);
    arb_mat_clear(V);
    _arb_vec_clear(lam, 2);
    _arb_vec_clear(mu, 2);
    arb_clear(m);
    arb_clear(v);
    arb_clear(tm);
    arb_clear(tv);
    arb_clear(sm);
    arb_clear(sv);
    arb_clear(sd);
    return status;
}
