/* B-P1 (ym.pathwise) and B-P6 (ym.rescale), docs/math/memorization.md B.2 and B.5.
 * B-P1: the double-precision denoiser, noise prediction and score of the empirical law
 * (fast/empirical_eval.c, and the sampler's model fast/model_empirical.c, direct and GEMM) against
 * Arb (reference/empirical_eval.c) at random points and in the underflow, far and Voronoi regimes.
 * B-P6: the optimum of the xi-target E[xi_{t,s} | x_t] computed in Arb by Gaussian conditioning per
 * training point (E[xi | x_t, J = i] = sqrt(1 - abar_t/abar_s) (x_t - alpha_t X_i) / (1 - abar_t))
 * against ratio x the fast eps-hat, ratio = sqrt((1 - abar_t/abar_s) / (1 - abar_t)). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast_empirical.h"
#include "dmv/ref_empirical.h"
#include "dmv/ref_model.h"
#include "dmv/str.h"
#include "ym_claims.h"

#define NREG 4
static const char *const reg_name[NREG] = {"random", "underflow (sigma down to 1e-7)", "far (|x| ~ 100)",
                                           "Voronoi boundary (L_i - L_j in [-4, 4])"};

typedef struct {
    uint64_t s;
} ym_rng;

static double ym_u(ym_rng *r) /* splitmix64 -> [0, 1) */
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (double) ((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
}

/* ulps of |fast - exact| against u times the magnitude; the ball's radius counts against the fast side */
static double ulps_of(double fast, const arb_t ex, double mag)
{
    double e = fabs(fast - arf_get_d(arb_midref(ex), ARF_RND_NEAR)) + mag_get_d(arb_radref(ex));
    return e / (DBL_EPSILON / 2 * mag);
}

int dmv_ym_check_pathwise(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    const long d = YM_D, N = YM_N, npts = run->quick ? 25 : 100;
    const double *X = dmv_ym_train;
    double worst[NREG][5], worst_all = 0;
    long count[NREG], r, k, j;
    ym_rng rng = {run->seed ^ 0x796d706174680000ull};
    dmv_fast_model md, mg;
    arb_ptr rD = _arb_vec_init(d), rE = _arb_vec_init(d), rS = _arb_vec_init(d);
    double *ws = NULL, *wsg = NULL;
    int rc;
    (void) c;
    memset(worst, 0, sizeof worst);
    memset(count, 0, sizeof count);
    if ((rc = dmv_fast_model_empirical_init(&md, d, N, X, err)) != DMV_OK)
        goto out0;
    if ((rc = dmv_fast_model_empirical_gemm_init(&mg, d, N, X, err)) != DMV_OK)
        goto out1;
    ws = malloc(md.workspace_size(&md, 1) + 16);
    wsg = malloc(mg.workspace_size(&mg, 1) + 16);
    if (ws == NULL || wsg == NULL) {
        rc = dmv_error_set(err, DMV_ENOMEM, "ym.pathwise: out of memory");
        goto out2;
    }
    for (r = 0; r < NREG; r++)
        for (k = 0; k < npts; k++) {
            double a = 0.05 + 0.95 * ym_u(&rng), s, x[YM_D], fD[YM_D], fE[YM_D], fS[YM_D], mD[YM_D], gD[YM_D];
            double w[YM_N], magD = 0, magE = 0;
            long i = (long) (ym_u(&rng) * N), i2 = (i + 1 + (long) (ym_u(&rng) * (N - 1))) % N;
            if (r == 0) {
                s = exp(log(1e-3) + ym_u(&rng) * (log(2.0) - log(1e-3)));
                for (j = 0; j < d; j++)
                    x[j] = 3 * ym_u(&rng) - 1.5;
            } else if (r == 1) {
                s = exp(log(1e-7) + ym_u(&rng) * (log(1e-3) - log(1e-7)));
                for (j = 0; j < d; j++)
                    x[j] = a * X[i * d + j] + s * (2 * ym_u(&rng) - 1);
            } else if (r == 2) {
                s = exp(log(1e-4) + ym_u(&rng) * (log(1e-2) - log(1e-4)));
                for (j = 0; j < d; j++)
                    x[j] = 100 * (2 * ym_u(&rng) - 1);
            } else {
                double vv = 0, t = 8 * ym_u(&rng) - 4, cc;
                s = exp(log(1e-6) + ym_u(&rng) * (log(1e-2) - log(1e-6)));
                for (j = 0; j < d; j++)
                    vv += a * a * (X[i * d + j] - X[i2 * d + j]) * (X[i * d + j] - X[i2 * d + j]);
                cc = t * s * s / vv;
                for (j = 0; j < d; j++)
                    x[j] = a * 0.5 * (X[i * d + j] + X[i2 * d + j]) + cc * a * (X[i * d + j] - X[i2 * d + j]);
            }
            if ((rc = dmv_fast_empirical_eval(fD, fE, fS, w, d, N, X, a, s, x, err)) != DMV_OK)
                goto out2;
            if ((rc = dmv_fast_model_denoise(&md, a, s, 1, x, mD, ws)) != DMV_OK ||
                (rc = dmv_fast_model_denoise(&mg, a, s, 1, x, gD, wsg)) != DMV_OK) {
                rc = dmv_error_set(err, rc, "ym.pathwise: the empirical model failed at a %g s %g", a, s);
                goto out2;
            }
            if ((rc = dmv_ref_empirical_eval_d(rD, rE, rS, NULL, X, N, d, a, s, x, 80, 128, 4096, err)) != DMV_OK)
                goto out2;
            for (i = 0; i < N; i++)
                for (j = 0; j < d; j++) {
                    magD += w[i] * fabs(X[i * d + j]);
                    magE += w[i] * fabs(x[j] - a * X[i * d + j]) / s;
                }
            count[r]++;
            for (j = 0; j < d; j++) {
                double m1 = magD + fabs(fD[j]), v[5];
                v[0] = ulps_of(fD[j], rD + j, m1);
                v[1] = ulps_of(fE[j], rE + j, magE);
                v[2] = ulps_of(fS[j], rS + j, magE / s);
                v[3] = ulps_of(mD[j], rD + j, m1);
                v[4] = ulps_of(gD[j], rD + j, m1);
                if (!(v[4] <= worst[r][4]))
                    worst[r][4] = isnan(v[4]) ? INFINITY : v[4];
                for (i = 0; i < 4; i++) {
                    if (!(v[i] <= worst[r][i]))
                        worst[r][i] = isnan(v[i]) ? INFINITY : v[i];
                    if (!(v[i] <= worst_all))
                        worst_all = isnan(v[i]) ? INFINITY : v[i];
                }
            }
        }
    {
        const char *header[7] = {"regime", "points", "D (ulps)", "eps-hat (ulps)", "score (ulps)",
                                 "sampler's model D, direct (ulps)",
                                 "GEMM model D (ulps; information: weights to 1e-8 by design)"};
        char *cells[NREG * 7], buf[64];
        for (r = 0; r < NREG; r++) {
            cells[7 * r] = dmv_strdup(reg_name[r]);
            snprintf(buf, sizeof buf, "%ld", count[r]);
            cells[7 * r + 1] = dmv_strdup(buf);
            for (k = 0; k < 5; k++) {
                snprintf(buf, sizeof buf, "%.3g", worst[r][k]);
                cells[7 * r + 2 + k] = dmv_strdup(buf);
            }
        }
        dmv_result_add_table(out, "worst |fast - Arb| per regime, in ulps of the magnitude", NREG, 7, header,
                             (const char *const *) cells);
        for (r = 0; r < NREG * 7; r++)
            free(cells[r]);
    }
    dmv_result_add_margin(out, "worst |fast - Arb| in ulps of the magnitude", worst_all, YM_PW_ULPS, DMV_MARGIN_MAX,
                          "ulp");
    out->verdict = worst_all <= YM_PW_ULPS ? DMV_VERDICT_PASS : DMV_VERDICT_FAIL;
    dmv_result_set_summary(out, "%ld points in 4 regimes: worst |fast - Arb| = %.3g ulps of the magnitude (bound %d)",
                           NREG * npts, worst_all, YM_PW_ULPS);
    rc = DMV_OK;
out2:
    free(ws);
    free(wsg);
    dmv_fast_model_clear(&mg);
out1:
    dmv_fast_model_clear(&md);
out0:
    _arb_vec_clear(rD, d);
    _arb_vec_clear(rE, d);
    _arb_vec_clear(rS, d);
    return rc;
}

int dmv_ym_check_rescale(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    const long d = YM_D, N = YM_N;
    const double *X = dmv_ym_train;
    const double lev[6] = {1e-3, 0.01, 0.05, 0.2, 0.5, 1.0};
    double worst = 0;
    long npair = 0, si, ti, k, i, j;
    ym_rng rng = {run->seed ^ 0x72657363616c6500ull};
    dmv_process proc;
    arb_t A, S, num, t, coef;
    arb_ptr xi = _arb_vec_init(d), w = _arb_vec_init(N), xv = _arb_vec_init(d);
    int rc = DMV_OK;
    (void) c;
    arb_init(A);
    arb_init(S);
    arb_init(num);
    arb_init(t);
    arb_init(coef);
    dmv_process_default(&proc, DMV_PROCESS_VP_LINEAR);
    for (si = 0; si < 6 && rc == DMV_OK; si++)
        for (ti = si + 1; ti < 6 && rc == DMV_OK; ti++) {
            double as = dmv_fast_process_alpha(&proc, lev[si]), at = dmv_fast_process_alpha(&proc, lev[ti]);
            double st = sqrt(dmv_fast_process_sigma2(&proc, lev[ti]));
            /* 1 - abar_t/abar_s = (alpha_s - alpha_t)(alpha_s + alpha_t)/alpha_s^2 (alpha_s - alpha_t exact) */
            double gap2 = (as - at) * (as + at) / as / as;
            double ratio = sqrt(gap2) / st;
            npair++;
            for (k = 0; k < 8 && rc == DMV_OK; k++) {
                double x[YM_D], fE[YM_D], fw[YM_N], magE = 0;
                long i0 = (long) (ym_u(&rng) * N);
                for (j = 0; j < d; j++)
                    x[j] = at * X[i0 * d + j] + st * (4 * ym_u(&rng) - 2);
                if ((rc = dmv_fast_empirical_eval(NULL, fE, NULL, fw, d, N, X, at, st, x, err)) != DMV_OK)
                    break;
                for (i = 0; i < N; i++)
                    for (j = 0; j < d; j++)
                        magE += fw[i] * fabs(x[j] - at * X[i * d + j]) / st;
                /* Arb: weights, then sum_i w_i sqrt(1 - (alpha_t/alpha_s)^2) (x - alpha_t X_i) / sigma_t^2, with
                 * alpha_t/alpha_s taken from the doubles alpha_t and alpha_s (exact inputs) */
                if ((rc = dmv_ref_empirical_eval_d(NULL, NULL, NULL, w, X, N, d, at, st, x, 80, 128, 4096, err)) !=
                    DMV_OK && rc != DMV_EPREC)
                    break;
                rc = DMV_OK;
                arb_set_d(A, at);
                arb_set_d(t, as);
                arb_div(coef, A, t, 256);
                arb_sqr(coef, coef, 256);
                arb_sub_ui(coef, coef, 1, 256);
                arb_neg(coef, coef);
                arb_sqrt(coef, coef, 256);
                arb_set_d(S, st);
                arb_sqr(S, S, 256);
                arb_div(coef, coef, S, 256);
                for (j = 0; j < d; j++) {
                    arb_zero(xi + j);
                    for (i = 0; i < N; i++) {
                        arb_set_d(t, X[i * d + j]);
                        arb_mul(t, t, A, 256);
                        arb_set_d(num, x[j]);
                        arb_sub(t, num, t, 256);
                        arb_addmul(xi + j, w + i, t, 256);
                    }
                    arb_mul(xi + j, xi + j, coef, 256);
                }
                for (j = 0; j < d; j++) {
                    double fx = ratio * fE[j], mag = ratio * magE + 1e-300;
                    double e = (fabs(fx - arf_get_d(arb_midref(xi + j), ARF_RND_NEAR)) + mag_get_d(arb_radref(xi + j))) /
                               (DBL_EPSILON / 2 * mag);
                    (void) xv;
                    if (!(e <= worst))
                        worst = isnan(e) ? INFINITY : e;
                }
            }
        }
    if (rc == DMV_OK) {
        dmv_result_add_number(out, "level pairs (s < t) from {1e-3, 0.01, 0.05, 0.2, 0.5, 1}", (double) npair, 0, NULL);
        dmv_result_add_number(out, "points per pair", 8, 0, NULL);
        dmv_result_add_margin(out, "worst |ratio x eps-hat (fast) - E[xi | x_t] (Arb)| in ulps", worst,
                              YM_RESCALE_ULPS, DMV_MARGIN_MAX, "ulp");
        out->verdict = worst <= YM_RESCALE_ULPS ? DMV_VERDICT_PASS : DMV_VERDICT_FAIL;
        dmv_result_set_summary(out, "%ld level pairs x 8 points: ratio x eps-hat equals the xi-target optimum to %.3g "
                               "ulps (bound %d)", npair, worst, YM_RESCALE_ULPS);
    }
    arb_clear(A);
    arb_clear(S);
    arb_clear(num);
    arb_clear(t);
    arb_clear(coef);
    _arb_vec_clear(xi, d);
    _arb_vec_clear(w, N);
    _arb_vec_clear(xv, d);
    return rc;
}
