/* The certified od claims (docs/math/outsourced.md, docs/claims.md section od):
 *   od.pushforward.affine     C-P1, affine f: push-forward of p(z | y) = data-space conditioning
 *   od.pushforward.nonlinear  C-P1, 2-D nonlinear invertible f: quadrature in z = quadrature in x
 *   od.tb.optimum             C-P3, trajectory balance with the Brownian bridge: delta = 0 on every
 *                             trajectory for the analytic forward policy and log Z = log N(y; Hb, FF^T + s^2 I)
 *   od.conditioning           C-P4, kappa_z against kappa_x and the crossover s^2 = a_max a_min */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dmv/fast.h"
#include "od_claims.h"

#define PREC DMV_OD_PREC

/* ---- od.pushforward.affine ------------------------------------------------------------------ */

static int affine_case(const dmv_od_linear *cs, const char *name, dmv_result *out, char (*cells)[4][96], long *row,
                       double *maxrad, int *all_zero, dmv_error *err)
{
    long d = cs->d, i, j;
    arb_mat_t m1, S1, m2, S2;
    arb_t t;
    int status;
    (void) out;
    arb_mat_init(m1, d, 1);
    arb_mat_init(S1, d, d);
    arb_mat_init(m2, d, 1);
    arb_mat_init(S2, d, d);
    arb_init(t);
    status = dmv_ref_od_pushforward(m1, S1, cs, PREC, err);
    if (status == DMV_OK)
        status = dmv_ref_od_condition(m2, S2, cs, PREC, err);
    for (i = 0; i < d && status == DMV_OK; i++)
        for (j = -1; j < d; j++) {
            const arb_struct *a = j < 0 ? arb_mat_entry(m1, i, 0) : arb_mat_entry(S1, i, j);
            const arb_struct *b = j < 0 ? arb_mat_entry(m2, i, 0) : arb_mat_entry(S2, i, j);
            double r;
            arb_sub(t, a, b, PREC);
            r = mag_get_d(arb_radref(t));
            if (r > *maxrad)
                *maxrad = r;
            if (!arb_contains_zero(t))
                *all_zero = 0;
            if (j < 0)
                snprintf(cells[*row][0], 96, "%s: mean[%ld]", name, i);
            else
                snprintf(cells[*row][0], 96, "%s: cov[%ld][%ld]", name, i, j);
            dmv_od_ball_cell(cells[*row][1], 96, a);
            dmv_od_ball_cell(cells[*row][2], 96, b);
            dmv_od_ball_cell(cells[*row][3], 96, t);
            (*row)++;
        }
    arb_mat_clear(m1);
    arb_mat_clear(S1);
    arb_mat_clear(m2);
    arb_mat_clear(S2);
    arb_clear(t);
    return status;
}

#define AFFINE_RAD DMV_OD_AFFINE_RAD

int dmv_claim_od_pushforward_affine(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    static const char *header[4] = {"entry", "push-forward N(A m_z + b, A S_z A^T)", "conditioning of N(b, A A^T)",
                                    "difference"};
    char cells[24][4][96]; /* lin2: 2 x 3 entries, sing: 3 x 4 */
    const char *ptr[96];
    long row = 0, i;
    double maxrad = 0;
    int all_zero = 1, status;
    (void) c;
    (void) run;
    status = affine_case(&dmv_od_lin2, "lin2", out, cells, &row, &maxrad, &all_zero, err);
    if (status == DMV_OK)
        status = affine_case(&dmv_od_sing, "sing", out, cells, &row, &maxrad, &all_zero, err);
    if (status != DMV_OK)
        return status;
    for (i = 0; i < row * 4; i++)
        ptr[i] = cells[i / 4][i % 4];
    dmv_result_add_table(out, "push-forward against conditioning (certified balls)", row, 4, header, ptr);
    dmv_result_add_number(out, "largest radius of a difference", maxrad, 0, NULL);
    dmv_result_add_margin(out, "largest radius of a difference (resolution)", maxrad, AFFINE_RAD, DMV_MARGIN_MAX,
                          NULL);
    if (!all_zero) {
        out->verdict = DMV_VERDICT_FAIL;
        dmv_result_set_summary(out, "a push-forward entry differs from the conditioning (certified)");
    } else if (!(maxrad <= AFFINE_RAD)) {
        out->verdict = DMV_VERDICT_INCONCLUSIVE;
        dmv_result_set_summary(out, "the difference balls are wider than %g", AFFINE_RAD);
        dmv_result_set_budget_note(out, "raise the working precision (%d bits)", PREC);
    } else {
        out->verdict = DMV_VERDICT_PASS;
        dmv_result_set_summary(out, "all %ld entries agree: every difference ball contains 0, radius <= %.2g",
                               row, maxrad);
    }
    return DMV_OK;
}

/* ---- od.pushforward.nonlinear --------------------------------------------------------------- */

#define NL_Y1 DMV_OD_NL_Y1
#define NL_Y2 (DMV_OD_NL_Y2)
#define NL_S2 DMV_OD_NL_S2
#define NL_L ((double) DMV_OD_NL_L)
#define NL_RELRAD DMV_OD_NL_RELRAD

int dmv_claim_od_pushforward_nonlinear(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    static const char *header[4] = {"g", "z-side E_z[g(f(z)) r]", "x-side E_x[g(x) r]", "difference"};
    static const char *gname[3] = {"1", "x1", "x2"};
    char cells[3][4][96];
    const char *ptr[12];
    arb_t iz[3], ix[3], t;
    double worst = 0;
    int w, all_zero = 1, status = DMV_OK;
    (void) c;
    (void) run;
    arb_init(t);
    for (w = 0; w < 3; w++) {
        arb_init(iz[w]);
        arb_init(ix[w]);
    }
    for (w = 0; w < 3 && status == DMV_OK; w++) {
        status = dmv_ref_od_quad_z(iz[w], w, NL_Y1, NL_Y2, NL_S2, NL_L, PREC, err);
        if (status == DMV_OK)
            status = dmv_ref_od_quad_x(ix[w], w, NL_Y1, NL_Y2, NL_S2, NL_L, PREC, err);
        if (status != DMV_OK)
            break;
        arb_sub(t, iz[w], ix[w], PREC);
        if (!arb_contains_zero(t))
            all_zero = 0;
        {
            double rel = fmax(mag_get_d(arb_radref(iz[w])), mag_get_d(arb_radref(ix[w]))) /
                         fabs(arf_get_d(arb_midref(iz[w]), ARF_RND_NEAR));
            if (!(rel <= worst))
                worst = rel;
        }
        snprintf(cells[w][0], 96, "%s", gname[w]);
        dmv_od_ball_cell(cells[w][1], 96, iz[w]);
        dmv_od_ball_cell(cells[w][2], 96, ix[w]);
        dmv_od_ball_cell(cells[w][3], 96, t);
    }
    if (status == DMV_OK) {
        for (w = 0; w < 12; w++)
            ptr[w] = cells[w / 4][w % 4];
        dmv_result_add_table(out, "unnormalised posterior moments, certified quadrature", 3, 4, header, ptr);
        dmv_od_add_ball(out, "Z(y) = E_z[r(f(z), y)] (z-side)", iz[0], NULL);
        arb_div(t, iz[1], iz[0], PREC);
        dmv_od_add_ball(out, "E[x1 | y] (z-side)", t, NULL);
        arb_div(t, iz[2], iz[0], PREC);
        dmv_od_add_ball(out, "E[x2 | y] (z-side)", t, NULL);
        dmv_result_add_margin(out, "largest relative radius", worst, NL_RELRAD, DMV_MARGIN_MAX, NULL);
        if (!all_zero) {
            out->verdict = DMV_VERDICT_FAIL;
            dmv_result_set_summary(out, "a z-side moment differs from the x-side one (certified)");
        } else if (!(worst <= NL_RELRAD)) {
            out->verdict = DMV_VERDICT_INCONCLUSIVE;
            dmv_result_set_summary(out, "quadrature balls wider than %g relative", NL_RELRAD);
        } else {
            out->verdict = DMV_VERDICT_PASS;
            dmv_result_set_summary(out, "the three moments agree (balls overlap), relative radius <= %.2g", worst);
        }
    }
    arb_clear(t);
    for (w = 0; w < 3; w++) {
        arb_clear(iz[w]);
        arb_clear(ix[w]);
    }
    return status;
}

/* ---- od.tb.optimum ------------------------------------------------------------------------- */

#define TB_N DMV_OD_TB_N
#define TB_SIGMA ((double) DMV_OD_TB_SIGMA)
#define TB_NPOLICY DMV_OD_TB_NPOLICY
#define TB_NFREE DMV_OD_TB_NFREE
#define TB_RAD DMV_OD_TB_RAD

/* trajectory j: j < TB_NPOLICY from the target path measure (z_N ~ p(z | y), then the bridge back),
 * else arbitrary points (2 x N(0, I) at each time); noises from dmv_fast_noise. */
static void tb_trajectory(double *tau, const double *t, const double *m, const double *Lc, uint64_t seed, long j)
{
    double xi[2];
    long n;
    tau[0] = tau[1] = 0;
    dmv_fast_noise_vec(seed, (uint64_t) j, 0, 2, xi);
    if (j < TB_NPOLICY) {
        tau[2 * TB_N] = m[0] + Lc[0] * xi[0];
        tau[2 * TB_N + 1] = m[1] + Lc[2] * xi[0] + Lc[3] * xi[1];
        for (n = TB_N - 1; n >= 1; n--) {
            double r = t[n] / t[n + 1], sd = TB_SIGMA * sqrt(t[n] * (t[n + 1] - t[n]) / t[n + 1]);
            dmv_fast_noise_vec(seed, (uint64_t) j, (uint32_t) n, 2, xi);
            tau[2 * n] = r * tau[2 * (n + 1)] + sd * xi[0];
            tau[2 * n + 1] = r * tau[2 * (n + 1) + 1] + sd * xi[1];
        }
    } else {
        for (n = 1; n <= TB_N; n++) {
            dmv_fast_noise_vec(seed, (uint64_t) j, (uint32_t) n, 2, xi);
            tau[2 * n] = 2 * xi[0];
            tau[2 * n + 1] = 2 * xi[1];
        }
    }
}

int dmv_claim_od_tb_optimum(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    const dmv_od_linear *cs = &dmv_od_lin2;
    double t[TB_N + 1], tau[2 * (TB_N + 1)], m[2], S[4], Lc[4], maxrad = 0, iso[TB_NPOLICY + TB_NFREE];
    double iso_mean = 0, iso_sd = 0;
    arb_mat_t mz, Sz, M, v, Q, Qi, z0, z1, mean;
    arb_t r, lz, lz2, a, b, tr;
    long j, n, nz = 0;
    int status;
    (void) c;
    for (n = 0; n <= TB_N; n++)
        t[n] = (double) n / TB_N;
    arb_mat_init(mz, 2, 1);
    arb_mat_init(Sz, 2, 2);
    arb_mat_init(M, 2, 2);
    arb_mat_init(v, 2, 1);
    arb_mat_init(Q, 2, 2);
    arb_mat_init(Qi, 2, 2);
    arb_mat_init(z0, 2, 1);
    arb_mat_init(z1, 2, 1);
    arb_mat_init(mean, 2, 1);
    arb_init(r);
    arb_init(lz);
    arb_init(lz2);
    arb_init(a);
    arb_init(b);
    arb_init(tr);
    status = dmv_ref_od_noise_posterior(mz, Sz, cs, PREC, err);
    if (status == DMV_OK)
        status = dmv_ref_od_log_evidence(lz, cs, PREC, err);
    /* Bayes' rule at z = m_z: log Z = log R(m_z) - log N(m_z; m_z, S_z), another route */
    if (status == DMV_OK)
        status = dmv_ref_od_log_reward(a, mz, cs, PREC, err);
    if (status == DMV_OK)
        status = dmv_ref_od_log_normal(b, mz, mz, Sz, PREC, err);
    if (status != DMV_OK)
        goto out;
    arb_sub(lz2, a, b, PREC);
    for (j = 0; j < 2; j++)
        m[j] = arf_get_d(arb_midref(arb_mat_entry(mz, j, 0)), ARF_RND_NEAR);
    for (j = 0; j < 4; j++)
        S[j] = arf_get_d(arb_midref(arb_mat_entry(Sz, j / 2, j % 2)), ARF_RND_NEAR);
    Lc[0] = sqrt(S[0]);
    Lc[1] = 0;
    Lc[2] = S[2] / Lc[0];
    Lc[3] = sqrt(S[3] - Lc[2] * Lc[2]);
    for (j = 0; j < TB_NPOLICY + TB_NFREE && status == DMV_OK; j++) {
        tb_trajectory(tau, t, m, Lc, run->seed, j);
        status = dmv_ref_od_tb_residual(r, NULL, cs, TB_N, t, TB_SIGMA, tau, PREC, err);
        if (status != DMV_OK)
            break;
        if (arb_contains_zero(r))
            nz++;
        if (mag_get_d(arb_radref(r)) > maxrad)
            maxrad = mag_get_d(arb_radref(r));
        /* the isotropic-variance policy (same means, Q -> (tr Q / 2) I): its residual is
         * sum_n [log N(z1; mean, (tr Q/2) I) - log N(z1; mean, Q)] (the exact one is 0) */
        arb_zero(a);
        for (n = 0; n < TB_N && status == DMV_OK; n++) {
            long i;
            for (i = 0; i < 2; i++) {
                arb_set_d(arb_mat_entry(z0, i, 0), tau[2 * n + i]);
                arb_set_d(arb_mat_entry(z1, i, 0), tau[2 * (n + 1) + i]);
            }
            status = dmv_ref_od_tb_forward(M, v, Q, mz, Sz, t[n], t[n + 1], TB_SIGMA, PREC, err);
            if (status != DMV_OK)
                break;
            arb_mat_mul(mean, M, z0, PREC);
            arb_mat_add(mean, mean, v, PREC);
            arb_add(tr, arb_mat_entry(Q, 0, 0), arb_mat_entry(Q, 1, 1), PREC);
            arb_mul_2exp_si(tr, tr, -1);
            arb_mat_one(Qi);
            arb_mat_scalar_mul_arb(Qi, Qi, tr, PREC);
            status = dmv_ref_od_log_normal(b, z1, mean, Qi, PREC, err);
            if (status == DMV_OK) {
                arb_add(a, a, b, PREC);
                status = dmv_ref_od_log_normal(b, z1, mean, Q, PREC, err);
                arb_sub(a, a, b, PREC);
            }
        }
        iso[j] = arf_get_d(arb_midref(a), ARF_RND_NEAR);
    }
    if (status != DMV_OK)
        goto out;
    for (j = 0; j < TB_NPOLICY; j++)
        iso_mean += iso[j] / TB_NPOLICY;
    for (j = 0; j < TB_NPOLICY; j++)
        iso_sd += (iso[j] - iso_mean) * (iso[j] - iso_mean) / (TB_NPOLICY - 1);
    iso_sd = sqrt(iso_sd);
    dmv_od_add_ball(out, "log Z = log N(y; H b, F F^T + s^2 I)", lz, NULL);
    dmv_od_add_ball(out, "log Z by Bayes' rule at m_z (log R(m_z) - log N(m_z; m_z, S_z))", lz2, NULL);
    dmv_result_add_number(out, "trajectories whose residual ball contains 0", (double) nz, 0, NULL);
    dmv_result_add_number(out, "largest residual radius", maxrad, 0, NULL);
    dmv_result_add_number(out, "isotropic-variance policy: sd of its residual over the 24 policy trajectories "
                               "(not 0: a known limitation, not a claim)",
                          iso_sd, 0, NULL);
    dmv_result_add_margin(out, "largest residual radius (resolution)", maxrad, TB_RAD, DMV_MARGIN_MAX, NULL);
    arb_sub(a, lz, lz2, PREC);
    if (nz != TB_NPOLICY + TB_NFREE || !arb_contains_zero(a)) {
        out->verdict = DMV_VERDICT_FAIL;
        dmv_result_set_summary(out, "%ld of %d residual balls contain 0; the two log Z routes %s", nz,
                               TB_NPOLICY + TB_NFREE, arb_contains_zero(a) ? "agree" : "differ");
    } else if (!(maxrad <= TB_RAD)) {
        out->verdict = DMV_VERDICT_INCONCLUSIVE;
        dmv_result_set_summary(out, "residual balls wider than %g", TB_RAD);
    } else {
        out->verdict = DMV_VERDICT_PASS;
        dmv_result_set_summary(out, "delta = 0 on all %d trajectories (radius <= %.2g); log Z = %.15g by both routes",
                               TB_NPOLICY + TB_NFREE, maxrad, arf_get_d(arb_midref(lz), ARF_RND_NEAR));
    }
out:
    arb_mat_clear(mz);
    arb_mat_clear(Sz);
    arb_mat_clear(M);
    arb_mat_clear(v);
    arb_mat_clear(Q);
    arb_mat_clear(Qi);
    arb_mat_clear(z0);
    arb_mat_clear(z1);
    arb_mat_clear(mean);
    arb_clear(r);
    arb_clear(lz);
    arb_clear(lz2);
    arb_clear(a);
    arb_clear(b);
    arb_clear(tr);
    return status;
}

/* ---- od.conditioning ---------------------------------------------------------------------- */

/* kappa of a symmetric positive definite 2 x 2 matrix: lam+ / lam- */
static void kappa2(arb_t k, const arb_mat_t S, slong prec)
{
    arb_t h, q, disc, lp, lm;
    arb_init(h);
    arb_init(q);
    arb_init(disc);
    arb_init(lp);
    arb_init(lm);
    arb_sub(h, arb_mat_entry(S, 0, 0), arb_mat_entry(S, 1, 1), prec);
    arb_mul_2exp_si(h, h, -1);
    arb_add(q, arb_mat_entry(S, 0, 1), arb_mat_entry(S, 1, 0), prec);
    arb_mul_2exp_si(q, q, -1);
    arb_mul(disc, h, h, prec);
    arb_addmul(disc, q, q, prec);
    arb_sqrt(disc, disc, prec);
    arb_add(h, arb_mat_entry(S, 0, 0), arb_mat_entry(S, 1, 1), prec);
    arb_mul_2exp_si(h, h, -1);
    arb_add(lp, h, disc, prec);
    arb_sub(lm, h, disc, prec);
    arb_div(k, lp, lm, prec);
    arb_clear(h);
    arb_clear(q);
    arb_clear(disc);
    arb_clear(lp);
    arb_clear(lm);
}

/* Hz = I + F^T F / s2, Hx = (A A^T)^{-1} + H^T H / s2 (k = d = m = 2) */
static int kappas(arb_t kz, arb_t kx, const dmv_od_linear *cs, slong prec, dmv_error *err)
{
    arb_mat_t A, H, F, Ft, Hz, Hx, I, X, Xt, Ht, T;
    arb_t s2;
    long i, j;
    int status = DMV_OK;
    arb_mat_init(A, 2, 2);
    arb_mat_init(H, 2, 2);
    arb_mat_init(F, 2, 2);
    arb_mat_init(Ft, 2, 2);
    arb_mat_init(Hz, 2, 2);
    arb_mat_init(Hx, 2, 2);
    arb_mat_init(I, 2, 2);
    arb_mat_init(X, 2, 2);
    arb_mat_init(Xt, 2, 2);
    arb_mat_init(Ht, 2, 2);
    arb_mat_init(T, 2, 2);
    arb_init(s2);
    for (i = 0; i < 2; i++)
        for (j = 0; j < 2; j++) {
            arb_set_d(arb_mat_entry(A, i, j), cs->A[2 * i + j]);
            arb_set_d(arb_mat_entry(H, i, j), cs->H[2 * i + j]);
        }
    arb_set_d(s2, cs->s2);
    arb_mat_one(I);
    arb_mat_mul(F, H, A, prec);
    arb_mat_transpose(Ft, F);
    arb_mat_mul(Hz, Ft, F, prec);
    arb_mat_scalar_div_arb(Hz, Hz, s2, prec);
    arb_mat_add(Hz, Hz, I, prec);
    /* (A A^T)^{-1} = A^{-T} A^{-1} = X^T X with A X = I */
    if (!arb_mat_solve(X, A, I, prec)) {
        status = dmv_error_set(err, DMV_EPREC, "od.conditioning: A is not certified invertible");
        goto out;
    }
    arb_mat_transpose(Xt, X);
    arb_mat_mul(Hx, Xt, X, prec);
    arb_mat_transpose(Ht, H);
    arb_mat_mul(T, Ht, H, prec);
    arb_mat_scalar_div_arb(T, T, s2, prec);
    arb_mat_add(Hx, Hx, T, prec);
    kappa2(kz, Hz, prec);
    kappa2(kx, Hx, prec);
out:
    arb_mat_clear(A);
    arb_mat_clear(H);
    arb_mat_clear(F);
    arb_mat_clear(Ft);
    arb_mat_clear(Hz);
    arb_mat_clear(Hx);
    arb_mat_clear(I);
    arb_mat_clear(X);
    arb_mat_clear(Xt);
    arb_mat_clear(Ht);
    arb_mat_clear(T);
    arb_clear(s2);
    return status;
}

#define COND_AMAX ((double) DMV_OD_COND_AMAX)
#define COND_AMIN DMV_OD_COND_AMIN

int dmv_claim_od_conditioning(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    static const char *header[6] = {"case", "kappa_z", "kappa_x", "certified side", "predicted side (s^2 vs a_max a_min)",
                                    "kappa_z kappa_x - (a_max/a_min)^2"};
    static const double s2s[3] = {DMV_OD_COND_S2};
    static const double Adiag[4] = {COND_AMAX, 0, 0, COND_AMIN}, I2[4] = {1, 0, 0, 1}, y0[2] = {0, 0}, b0[2] = {0, 0};
    char cells[4][6][96];
    const char *ptr[24];
    arb_t kz, kx, t, u;
    long i, j;
    int status = DMV_OK, consistent = 1;
    const char *lin2_side = "undecided";
    (void) c;
    (void) run;
    arb_init(kz);
    arb_init(kx);
    arb_init(t);
    arb_init(u);
    for (i = 0; i < 4 && status == DMV_OK; i++) {
        dmv_od_linear cs = {2, 2, 2, Adiag, b0, I2, y0, i < 3 ? s2s[i] : 0};
        const char *side;
        if (i == 3)
            cs = dmv_od_lin2;
        status = kappas(kz, kx, &cs, PREC, err);
        if (status != DMV_OK)
            break;
        side = arb_lt(kz, kx) ? "noise space better conditioned"
                              : (arb_gt(kz, kx) ? "data space better conditioned" : "undecided");
        if (i < 3)
            snprintf(cells[i][0], 96, "a = (%g, %g), H = I, s^2 = %g", COND_AMAX, COND_AMIN, s2s[i]);
        else
            snprintf(cells[i][0], 96, "lin2 (s^2 = %g)", cs.s2);
        dmv_od_ball_cell(cells[i][1], 96, kz);
        dmv_od_ball_cell(cells[i][2], 96, kx);
        snprintf(cells[i][3], 96, "%s", side);
        if (i < 3) {
            /* predicted: noise space iff s^2 > a_max a_min; and kappa_z kappa_x = (a_max/a_min)^2 */
            const char *pred;
            arb_set_d(t, COND_AMAX);
            arb_set_d(u, COND_AMIN);
            arb_mul(t, t, u, PREC);
            arb_set_d(u, s2s[i]);
            pred = arb_gt(u, t) ? "noise space better conditioned"
                                : (arb_lt(u, t) ? "data space better conditioned" : "undecided");
            snprintf(cells[i][4], 96, "%s", pred);
            if (strcmp(pred, side) != 0 || strcmp(side, "undecided") == 0)
                consistent = 0;
            arb_set_d(t, COND_AMAX);
            arb_set_d(u, COND_AMIN);
            arb_div(t, t, u, PREC);
            arb_mul(t, t, t, PREC);
            arb_mul(u, kz, kx, PREC);
            arb_sub(u, u, t, PREC);
            if (!arb_contains_zero(u))
                consistent = 0;
            dmv_od_ball_cell(cells[i][5], 96, u);
        } else {
            dmv_od_add_ball(out, "kappa_z of lin2", kz, NULL);
            dmv_od_add_ball(out, "kappa_x of lin2", kx, NULL);
            lin2_side = strcmp(side, "noise space better conditioned") == 0 ? "noise space"
                        : strcmp(side, "data space better conditioned") == 0 ? "data space" : "undecided";
            snprintf(cells[i][4], 96, "(not diagonal: no closed-form crossover)");
            snprintf(cells[i][5], 96, "-");
        }
    }
    if (status == DMV_OK) {
        for (j = 0; j < 24; j++)
            ptr[j] = cells[j / 6][j % 6];
        dmv_result_add_table(out, "condition numbers of the negative log-posterior Hessians (certified)", 4, 6, header,
                             ptr);
        if (!consistent) {
            out->verdict = DMV_VERDICT_FAIL;
            dmv_result_set_summary(out, "a diagonal case contradicts the crossover s^2 = a_max a_min");
        } else {
            out->verdict = DMV_VERDICT_PASS;
            dmv_result_set_summary(out, "crossover at s^2 = a_max a_min = %g confirmed: s^2 = %g: %s; s^2 = %g: %s; "
                                   "s^2 = %g: %s; the lin2 case: %s better conditioned", COND_AMAX * COND_AMIN, s2s[0],
                                   cells[0][3], s2s[1], cells[1][3], s2s[2], cells[2][3], lin2_side);
        }
    }
    arb_clear(kz);
    arb_clear(kx);
    arb_clear(t);
    arb_clear(u);
    return status;
}
