/* B-P2 (ym.bound) and B-P4 (ym.same_law), docs/math/memorization.md B.3 and B.5.
 * The exact ODE and SDE driven by the empirical-optimal score both have the marginals q^_t, so
 * stopped at eps the output x = alpha X_J + sigma z and
 *   F(r) = P(chi_d <= r/sigma) <= P(dist(x, alpha S) <= r) <= F(r) + U(r),
 *   U(r) = (1/n) sum_i sum_{j != i} P(sigma |z| >= alpha |X_i - X_j| - r)   (the other points' balls).
 * The samplers (finite steps, start N(0, I)) get the tolerance tol = YM_DISC_TOL + TV(start). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/stats.h"
#include "dmv/str.h"
#include "ym_claims.h"

#define NSCH 4
static const dmv_scheme_kind sch_kind[NSCH] = {DMV_SCHEME_DDIM, DMV_SCHEME_HEUN, DMV_SCHEME_DDPM, DMV_SCHEME_EM};
static const char *const sch_name[NSCH] = {"DDIM (eta = 0, ODE)", "Heun (PF-ODE)", "DDPM (ancestral, SDE)",
                                           "Euler-Maruyama (SDE)"};

static long nsamples(const dmv_run *run)
{
    if (run->law_samples > 0)
        return run->law_samples;
    return run->quick ? YM_SAMPLES_QUICK : YM_SAMPLES;
}

static double upper_extra(double r, double a, double sigma)
{
    double u = 0;
    long i, j, k;
    for (i = 0; i < YM_N; i++)
        for (j = 0; j < YM_N; j++) {
            double g = 0, t;
            if (i == j)
                continue;
            for (k = 0; k < YM_D; k++)
                g += (dmv_ym_train[i * YM_D + k] - dmv_ym_train[j * YM_D + k]) *
                     (dmv_ym_train[i * YM_D + k] - dmv_ym_train[j * YM_D + k]);
            t = a * sqrt(g) - r;
            u += t > 0 ? dmv_stat_chi2_sf(t * t / (sigma * sigma), YM_D) : 1;
        }
    return u / YM_N;
}

static void count_near(const double *y, long n, double a, double r1, double r2, long *k1, long *k2)
{
    long i;
    *k1 = *k2 = 0;
    for (i = 0; i < n; i++) {
        double dist = dmv_ym_nn_dist(y + i * YM_D, dmv_ym_train, YM_N, YM_D, a, NULL);
        *k1 += dist <= r1;
        *k2 += dist <= r2;
    }
}

int dmv_ym_check_bound(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    long n = nsamples(run), si, li, ntests = NSCH * YM_NLEV * 4;
    double level = dmv_run_test_level(run, ntests), mde = dmv_ym_binom_mde(n, level, YM_POWER);
    double tv = dmv_ym_init_tv(dmv_ym_train, YM_N, YM_D), tol = YM_DISC_TOL + tv, tol_sch[NSCH], worst_tol = tol;
    double frac[NSCH][YM_NLEV], bound[YM_NLEV], eps[YM_NLEV], worst_short = -1, last_min = 1;
    double *keep[3] = {NULL, NULL, NULL};
    const char *header[9] = {"sampler", "eps", "sigma_eps", "frac <= r", "chi bound F(r)", "frac <= sigma",
                             "F(sigma)", "upper F + U (sigma)", "upper test"};
    char *cells[NSCH * YM_NLEV * 9], buf[64];
    long ncell = 0;
    dmv_fast_model m;
    int rc;
    (void) c;
    if ((rc = dmv_ym_model(&m, dmv_ym_train, YM_N, YM_D, err)) != DMV_OK)
        return rc;
    for (si = 0; si < NSCH; si++)
        tol_sch[si] = (si < 2 ? YM_DISC_TOL : YM_DISC_TOL_SDE) + tv;
    for (si = 0; si < NSCH; si++)
        for (li = 0; li < YM_NLEV; li++) {
            double *y = NULL, a, sg, F1, F2, U2, p;
            tol = tol_sch[si];
            long k1, k2;
            char name[160];
            eps[li] = dmv_ym_levels[li];
            dmv_ym_scales(eps[li], &a, &sg);
            rc = dmv_ym_sample(&y, &m, sch_kind[si], 0.0, eps[li], YM_STEPS, n, run->seed + (uint64_t) (17 * si + li),
                               run->threads, err);
            if (rc != DMV_OK)
                goto done;
            count_near(y, n, a, YM_R, sg, &k1, &k2);
            F1 = dmv_stat_chi2_cdf(YM_R * YM_R / (sg * sg), YM_D);
            F2 = dmv_stat_chi2_cdf(1.0, YM_D);
            U2 = upper_extra(sg, a, sg);
            bound[li] = F1;
            frac[si][li] = (double) k1 / (double) n;
            if (F1 - frac[si][li] - tol > worst_short - worst_tol) {
                worst_short = F1 - frac[si][li];
                worst_tol = tol;
            }
            if (li == YM_NLEV - 1 && frac[si][li] < last_min)
                last_min = frac[si][li];
            /* lower bounds: p >= F - tol at r = YM_R and r = sigma */
            snprintf(name, sizeof name, "%s, eps = %g: frac within r = %g >= F - tol", sch_name[si], eps[li], YM_R);
            p = F1 - tol > 0 ? dmv_ym_binom_cdf(k1, n, F1 - tol) : 1;
            dmv_ym_add_test(out, name, frac[si][li], p, F1 - tol, 1, mde, "fraction", YM_REQ_EFFECT);
            snprintf(name, sizeof name, "%s, eps = %g: frac within sigma >= F - tol", sch_name[si], eps[li]);
            p = dmv_ym_binom_cdf(k2, n, F2 - tol);
            dmv_ym_add_test(out, name, (double) k2 / (double) n, p, F2 - tol, 1, mde, "fraction", YM_REQ_EFFECT);
            /* upper bracket (the exact law), where the other points' balls are negligible */
            if (U2 <= 0.01) {
                snprintf(name, sizeof name, "%s, eps = %g: frac within sigma <= F + U + tol", sch_name[si], eps[li]);
                p = dmv_ym_binom_sf(k2, n, F2 + U2 + tol);
                dmv_ym_add_test(out, name, (double) k2 / (double) n, p, 0, F2 + U2 + tol, mde, "fraction",
                                YM_REQ_EFFECT);
            }
            if (li == 2 && si != 3) /* eps = 0.01: the scatter of DDIM, Heun, DDPM */
                keep[si == 0 ? 0 : si == 1 ? 2 : 1] = y;
            else
                free(y);
            cells[ncell++] = dmv_strdup(sch_name[si]);
            snprintf(buf, sizeof buf, "%g", eps[li]);
            cells[ncell++] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%.4g", sg);
            cells[ncell++] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%.4f", frac[si][li]);
            cells[ncell++] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%.4f", F1);
            cells[ncell++] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%.4f", (double) k2 / (double) n);
            cells[ncell++] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%.4f", F2);
            cells[ncell++] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%.4f", F2 + U2);
            cells[ncell++] = dmv_strdup(buf);
            cells[ncell++] = dmv_strdup(U2 <= 0.01 ? "yes" : "no (U > 0.01)");
        }
    dmv_result_add_table(out, "fractions of outputs near the scaled training set alpha_eps S", NSCH * YM_NLEV, 9,
                         header, (const char *const *) cells);
    {
        dmv_ev_plot *pl = dmv_result_add_plot(out, "fraction within r = " YM_STR(YM_R) " of alpha_eps S vs eps",
                                              "eps (stopping level)", "fraction within r", 1, 0);
        double lo[YM_NLEV];
        for (li = 0; li < YM_NLEV; li++)
            lo[li] = bound[li] - tol_sch[0] > 0 ? bound[li] - tol_sch[0] : 0;
        if (pl != NULL) {
            dmv_plot_add_series(pl, "chi bound P(chi_2 <= r / sigma_eps) (band: minus the ODE tol)", YM_NLEV, eps, bound, lo,
                                bound);
            for (si = 0; si < NSCH; si++)
                dmv_plot_add_series(pl, sch_name[si], YM_NLEV, eps, frac[si], NULL, NULL);
        }
    }
    {
        dmv_ev_plot *pl = dmv_result_add_plot(out, "final samples at eps = 0.01 over the training points (first 400)",
                                              "x_1", "x_2", 0, 0);
        const char *lab[3] = {"DDIM (eta = 0)", "DDPM", "PF-ODE (Heun, 200 log-SNR steps)"};
        double xs[400], ys[400], tx[YM_N], ty[YM_N];
        long k, q;
        for (q = 0; pl != NULL && q < 3; q++) {
            long cnt = n < 400 ? n : 400;
            for (k = 0; k < cnt && keep[q] != NULL; k++) {
                xs[k] = keep[q][k * YM_D];
                ys[k] = keep[q][k * YM_D + 1];
            }
            dmv_plot_add_points(pl, lab[q], cnt, xs, ys);
        }
        for (k = 0; k < YM_N; k++) {
            tx[k] = dmv_ym_train[k * YM_D];
            ty[k] = dmv_ym_train[k * YM_D + 1];
        }
        if (pl != NULL)
            dmv_plot_add_points(pl, "training points S", YM_N, tx, ty);
    }
    dmv_result_add_number(out, "samples per sampler and level", (double) n, 0, NULL);
    dmv_result_add_number(out, "TV bound of the start N(0, I) against q^_T", tv, 0, NULL);
    dmv_result_add_number(out, "tolerance of the ODE samplers: " YM_STR(YM_DISC_TOL) " + TV(start)", tol_sch[0], 0,
                          NULL);
    dmv_result_add_number(out, "tolerance of the SDE samplers: " YM_STR(YM_DISC_TOL_SDE) " + TV(start)", tol_sch[2],
                          0, NULL);
    dmv_result_add_number(out, "smallest detectable shortfall (power 0.99)", mde, 0, "fraction");
    dmv_result_add_margin(out, "F(r) - fraction within r, closest to its sampler's tol", worst_short, worst_tol,
                          DMV_MARGIN_MAX, "fraction");
    dmv_result_add_margin(out, "smallest fraction within r at eps = 1e-3 (tends to 1)", last_min, 0.95,
                          DMV_MARGIN_MIN, "fraction");
    out->verdict = (worst_short <= worst_tol && last_min >= 0.95) ? DMV_VERDICT_PASS : DMV_VERDICT_FAIL;
    dmv_result_set_summary(out, "fraction within r = %g of alpha_eps S vs the chi bound over %d samplers x %d levels: "
                           "shortfall closest to its tolerance %.4f (tol %.4f); at eps = 1e-3 the smallest fraction is %.4f",
                           YM_R, NSCH, YM_NLEV, worst_short, worst_tol, last_min);
    rc = DMV_OK;
done:
    for (li = 0; li < ncell; li++)
        free(cells[li]);
    for (li = 0; li < 3; li++)
        free(keep[li]);
    dmv_fast_model_clear(&m);
    return rc;
}

/* B-P4: ODE and SDE outputs stopped at the same level have the same law (q^_eps): two-sample KS on
 * the first coordinate and on the nearest-neighbour distance / sigma, for (DDIM, DDPM) and
 * (Heun, Euler-Maruyama) at eps = 0.03 and 1e-3. */
#define SL_NLEV 2
static const double sl_levels[SL_NLEV] = {0.03, 1e-3};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int dmv_ym_check_same_law(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    long n = nsamples(run), pi, li, i, ntests = 2 * SL_NLEV * 2;
    double level = dmv_run_test_level(run, ntests), Dmax = 0;
    int exact;
    double mde = dmv_stat_mde_ks2(n, n, level, YM_POWER, &exact);
    const int pairs[2][2] = {{0, 2}, {1, 3}};
    double *proj[2][2];
    dmv_fast_model m;
    int rc;
    (void) c;
    memset(proj, 0, sizeof proj);
    if ((rc = dmv_ym_model(&m, dmv_ym_train, YM_N, YM_D, err)) != DMV_OK)
        return rc;
    for (i = 0; i < 2; i++)
        for (pi = 0; pi < 2; pi++)
            if ((proj[i][pi] = malloc((size_t) n * sizeof(double))) == NULL) {
                rc = dmv_error_set(err, DMV_ENOMEM, "ym.same_law: out of memory");
                goto done;
            }
    for (pi = 0; pi < 2; pi++)
        for (li = 0; li < SL_NLEV; li++) {
            double a, sg, *y[2] = {NULL, NULL}, Dst, p;
            long q, k;
            dmv_ym_scales(sl_levels[li], &a, &sg);
            for (q = 0; q < 2; q++) {
                rc = dmv_ym_sample(&y[q], &m, sch_kind[pairs[pi][q]], 0.0, sl_levels[li], YM_STEPS, n,
                                   run->seed + 1000 + (uint64_t) (7 * pi + 3 * li + q), run->threads, err);
                if (rc != DMV_OK) {
                    free(y[0]);
                    goto done;
                }
                for (k = 0; k < n; k++) {
                    proj[0][q][k] = y[q][k * YM_D];
                    proj[1][q][k] = dmv_ym_nn_dist(y[q] + k * YM_D, dmv_ym_train, YM_N, YM_D, a, NULL) / sg;
                }
            }
            free(y[0]);
            free(y[1]);
            for (k = 0; k < 2; k++) {
                char name[200];
                qsort(proj[k][0], (size_t) n, sizeof(double), cmp_double);
                qsort(proj[k][1], (size_t) n, sizeof(double), cmp_double);
                if ((rc = dmv_stat_ks_2sample(&Dst, &p, proj[k][0], n, proj[k][1], n, err)) != DMV_OK)
                    goto done;
                snprintf(name, sizeof name, "%s vs %s, eps = %g: KS of %s", sch_name[pairs[pi][0]],
                         sch_name[pairs[pi][1]], sl_levels[li], k == 0 ? "x_1" : "nn-distance / sigma");
                dmv_ym_add_test(out, name, Dst, p, 0, NAN, mde, "KS distance", YM_REQ_KS);
                if (Dst > Dmax)
                    Dmax = Dst;
            }
        }
    dmv_result_add_number(out, "samples per sampler and level", (double) n, 0, NULL);
    dmv_result_add_number(out, "detectable KS distance (power 0.99)", mde, 0, "KS distance");
    dmv_result_add_number(out, "largest KS distance", Dmax, 0, "KS distance");
    out->verdict = DMV_VERDICT_PASS;
    dmv_result_set_summary(out, "ODE and SDE outputs at eps = 0.03 and 1e-3: largest two-sample KS distance %.4f "
                           "(detectable %.4f)", Dmax, mde);
    rc = DMV_OK;
done:
    for (i = 0; i < 2; i++)
        for (pi = 0; pi < 2; pi++)
            free(proj[i][pi]);
    dmv_fast_model_clear(&m);
    return rc;
}
