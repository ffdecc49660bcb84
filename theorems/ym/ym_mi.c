/* B-P5 (ym.mi), docs/math/memorization.md B.3: d = 1, x_i ~ N(0, 1) i.i.d. (i = 1..n), X | S ~ q^_delta =
 * (1/n) sum_i N(sqrt(1 - delta) x_i, delta), so X ~ N(0, 1) and
 *   I(X; S) = 1/2 ln(2 pi e) - E_S h(q^_delta),  J_S := 1/2 ln(2 pi e) - h(q^_delta) in
 *   [1/2 ln(1/delta) - ln n, 1/2 ln(1/delta)]  for every S (equality on the right at n = 1).
 * h by certified quadrature (reference/empirical_entropy.c) for M training sets per (n, delta); I by
 * the mean of J_S with a Hoeffding interval (J_S lies in an interval of length ln n); growth by the
 * slope of I against 1/2 ln(1/delta) between the two smallest delta. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/ref_entropy.h"
#include "dmv/str.h"
#include "ym_claims.h"

#define MI_NN 4
#define MI_ND 4
static const long mi_n[MI_NN] = {1, 2, 4, 8};
static const double mi_delta[MI_ND] = {0.1, 1e-2, 1e-4, 1e-6};

static double mi_u(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return ((double) ((z ^ (z >> 31)) >> 11) + 0.5) * 0x1.0p-53;
}

int dmv_ym_check_mi(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    long M = run->quick ? YM_MI_SETS_QUICK : YM_MI_SETS, ni, di, k, i, outside = 0, n1_bad = 0;
    double I[MI_NN][MI_ND], half[MI_NN], slope[MI_NN], worst_slope = 0;
    const double pi2e = log(2 * 3.14159265358979323846 * exp(1.0)) / 2;
    uint64_t st = run->seed ^ 0x6d69000000000000ull;
    arb_t h, J, lo, hi;
    int rc = DMV_OK;
    (void) c;
    arb_init(h);
    arb_init(J);
    arb_init(lo);
    arb_init(hi);
    for (ni = 0; ni < MI_NN && rc == DMV_OK; ni++) {
        long n = mi_n[ni];
        double sum[MI_ND];
        memset(sum, 0, sizeof sum);
        for (k = 0; k < M && rc == DMV_OK; k++) {
            double x[8];
            for (i = 0; i < n; i++) /* Box-Muller */
                x[i] = sqrt(-2 * log(mi_u(&st))) * cos(2 * 3.14159265358979323846 * mi_u(&st));
            for (di = 0; di < MI_ND && rc == DMV_OK; di++) {
                double dl = mi_delta[di], mu[8], a = sqrt(1 - dl);
                for (i = 0; i < n; i++)
                    mu[i] = a * x[i];
                if ((rc = dmv_ref_gmix_entropy(h, mu, n, dl, 64, err)) != DMV_OK)
                    break;
                /* J = 1/2 ln(2 pi e) - h, against [1/2 ln(1/delta) - ln n, 1/2 ln(1/delta)] in balls */
                arb_const_pi(J, 128);
                arb_mul_2exp_si(J, J, 1);
                arb_const_e(lo, 128);
                arb_mul(J, J, lo, 128);
                arb_log(J, J, 128);
                arb_mul_2exp_si(J, J, -1);
                arb_sub(J, J, h, 128);
                arb_set_d(hi, dl);
                arb_log(hi, hi, 128);
                arb_mul_2exp_si(hi, hi, -1);
                arb_neg(hi, hi);
                arb_set_si(lo, n);
                arb_log(lo, lo, 128);
                arb_sub(lo, hi, lo, 128);
                if (arb_lt(J, lo) || arb_gt(J, hi))
                    outside++;
                if (n == 1 && !arb_overlaps(J, hi))
                    n1_bad++;
                sum[di] += arf_get_d(arb_midref(J), ARF_RND_NEAR);
            }
        }
        for (di = 0; di < MI_ND; di++)
            I[ni][di] = sum[di] / (double) M;
        half[ni] = log((double) n) * sqrt(log(2 / dmv_run_test_level(run, MI_NN * MI_ND)) / (2 * (double) M));
        slope[ni] = (I[ni][MI_ND - 1] - I[ni][MI_ND - 2]) / (0.5 * log(mi_delta[MI_ND - 2] / mi_delta[MI_ND - 1]));
        if (fabs(slope[ni] - 1) > worst_slope)
            worst_slope = fabs(slope[ni] - 1);
    }
    if (rc == DMV_OK) {
        const char *header[7] = {"n", "delta", "1/2 ln(1/delta) - ln n", "I(X; S) (mean of certified J_S)",
                                 "+- (Hoeffding)", "1/2 ln(1/delta)", "(I - lower) / ln n"};
        char *cells[MI_NN * MI_ND * 7], buf[64];
        long q = 0;
        dmv_ev_plot *pl;
        double xs[MI_ND];
        (void) pi2e;
        for (ni = 0; ni < MI_NN; ni++)
            for (di = 0; di < MI_ND; di++) {
                double up = -0.5 * log(mi_delta[di]), low = up - log((double) mi_n[ni]);
                snprintf(buf, sizeof buf, "%ld", mi_n[ni]);
                cells[q++] = dmv_strdup(buf);
                snprintf(buf, sizeof buf, "%g", mi_delta[di]);
                cells[q++] = dmv_strdup(buf);
                snprintf(buf, sizeof buf, "%.5f", low);
                cells[q++] = dmv_strdup(buf);
                snprintf(buf, sizeof buf, "%.5f", I[ni][di]);
                cells[q++] = dmv_strdup(buf);
                snprintf(buf, sizeof buf, "%.3g", half[ni]);
                cells[q++] = dmv_strdup(buf);
                snprintf(buf, sizeof buf, "%.5f", up);
                cells[q++] = dmv_strdup(buf);
                snprintf(buf, sizeof buf, "%.4f", mi_n[ni] > 1 ? (I[ni][di] - low) / log((double) mi_n[ni]) : 0.0);
                cells[q++] = dmv_strdup(buf);
            }
        dmv_result_add_table(out, "I(X; S) per dimension against the bracket", MI_NN * MI_ND, 7, header,
                             (const char *const *) cells);
        for (q = 0; q < MI_NN * MI_ND * 7; q++)
            free(cells[q]);
        pl = dmv_result_add_plot(out, "I(X; S) vs 1/2 ln(1/delta)", "1/2 ln(1/delta)", "I(X; S) (nats)", 0, 0);
        for (di = 0; di < MI_ND; di++)
            xs[di] = -0.5 * log(mi_delta[di]);
        for (ni = 0; pl != NULL && ni < MI_NN; ni++) {
            char lab[32];
            snprintf(lab, sizeof lab, "n = %ld", mi_n[ni]);
            dmv_plot_add_series(pl, lab, MI_ND, xs, I[ni], NULL, NULL);
        }
        if (pl != NULL)
            dmv_plot_add_series(pl, "upper bound 1/2 ln(1/delta)", MI_ND, xs, xs, NULL, NULL);
        dmv_result_add_number(out, "training sets per (n, delta)", (double) M, 0, NULL);
        dmv_result_add_number(out, "certified J_S outside the bracket", (double) outside, 0, NULL);
        dmv_result_add_number(out, "n = 1: J_S not equal to 1/2 ln(1/delta)", (double) n1_bad, 0, NULL);
        dmv_result_add_margin(out, "largest |slope of I vs 1/2 ln(1/delta) - 1| (delta 1e-4 -> 1e-6)", worst_slope,
                              YM_MI_SLOPE_TOL, DMV_MARGIN_MAX, NULL);
        out->verdict = (outside == 0 && n1_bad == 0 && worst_slope <= YM_MI_SLOPE_TOL) ? DMV_VERDICT_PASS
                                                                                        : DMV_VERDICT_FAIL;
        dmv_result_set_summary(out, "%ld certified J_S outside the bracket (of %ld), n = 1 equalities broken: %ld; slope "
                               "of I vs 1/2 ln(1/delta): %.4f, %.4f, %.4f, %.4f for n = 1, 2, 4, 8",
                               outside, MI_NN * MI_ND * M, n1_bad, slope[0], slope[1], slope[2], slope[3]);
    }
    arb_clear(h);
    arb_clear(J);
    arb_clear(lo);
    arb_clear(hi);
    return rc;
}
