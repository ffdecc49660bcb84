/* B-P7 (ym.interp), exploratory and ours (not a claim of the paper), docs/math/memorization.md B.5:
 * interpolating the empirical-optimal score toward a population score, s = (1 - lambda) s^ + lambda s_pop,
 * does not stop the collapse onto the training set as eps -> 0 for any lambda < 1: near the data s^
 * grows like 1/(1 - abar) while s_pop stays bounded. Population: N(0, I) (D_pop = alpha x / (alpha^2 + sigma^2)).
 * The model is D = D_pop + (1 - lambda)(D^ - D_pop) (dmv_fast_model_guided_scale_init), sampled with DDIM. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "dmv/str.h"
#include "ym_claims.h"

#define IP_NL 3
#define IP_NE 4
static const double ip_lambda[IP_NL] = {0, 0.5, 0.9};
static const double ip_eps[IP_NE] = {0.1, 0.01, 1e-3, 1e-4};

int dmv_ym_check_interp(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    long n = run->quick ? YM_IP_SAMPLES_QUICK : YM_IP_SAMPLES, li, ei, k;
    double frac[IP_NL][IP_NE], lastmin = 1, lam1 = 1, ones[YM_D] = {1, 1};
    dmv_fast_model emp, pop, mix;
    dmv_gaussian g;
    int rc;
    (void) c;
    g.d = YM_D;
    g.lambda = ones;
    g.mean = NULL;
    g.basis = NULL;
    if ((rc = dmv_ym_model(&emp, dmv_ym_train, YM_N, YM_D, err)) != DMV_OK)
        return rc;
    if ((rc = dmv_fast_model_gaussian_diag_init(&pop, &g, err)) != DMV_OK) {
        dmv_fast_model_clear(&emp);
        return rc;
    }
    for (li = 0; li < IP_NL; li++) {
        if ((rc = dmv_fast_model_guided_scale_init(&mix, &emp, &pop, 1 - ip_lambda[li], err)) != DMV_OK)
            goto done;
        for (ei = 0; ei < IP_NE; ei++) {
            double *y = NULL, a, sg;
            long kin = 0;
            dmv_ym_scales(ip_eps[ei], &a, &sg);
            rc = dmv_ym_sample(&y, &mix, DMV_SCHEME_DDIM, 0.0, ip_eps[ei], YM_STEPS, n,
                               run->seed + 900 + (uint64_t) (10 * li + ei), run->threads, err);
            if (rc != DMV_OK) {
                dmv_fast_model_clear(&mix);
                goto done;
            }
            for (k = 0; k < n; k++)
                kin += dmv_ym_nn_dist(y + k * YM_D, dmv_ym_train, YM_N, YM_D, a, NULL) <= YM_R;
            free(y);
            frac[li][ei] = (double) kin / (double) n;
        }
        if (frac[li][IP_NE - 1] < lastmin)
            lastmin = frac[li][IP_NE - 1];
        if (li == 1)
            lam1 = frac[li][0];
        dmv_fast_model_clear(&mix);
    }
    {
        dmv_ev_plot *pl = dmv_result_add_plot(out, "fraction within r of alpha_eps S vs eps, interpolated score",
                                              "eps", "fraction within r = " YM_STR(YM_R), 1, 0);
        for (li = 0; pl != NULL && li < IP_NL; li++) {
            char lab[48];
            snprintf(lab, sizeof lab, "lambda = %g", ip_lambda[li]);
            dmv_plot_add_series(pl, lab, IP_NE, ip_eps, frac[li], NULL, NULL);
        }
    }
    dmv_result_add_number(out, "samples per (lambda, eps)", (double) n, 0, NULL);
    dmv_result_add_number(out, "fraction within r at eps = 0.1, lambda = 0.5 (information)", lam1, 0, NULL);
    dmv_result_add_margin(out, "smallest fraction within r at eps = 1e-4 over lambda in {0, 0.5, 0.9}", lastmin,
                          YM_IP_FRAC, DMV_MARGIN_MIN, "fraction");
    out->verdict = lastmin >= YM_IP_FRAC ? DMV_VERDICT_PASS : DMV_VERDICT_FAIL;
    dmv_result_set_summary(out, "fraction within r = %g at eps = 1e-4: %.4f, %.4f, %.4f for lambda = 0, 0.5, 0.9 "
                           "(threshold %g)", YM_R, frac[0][IP_NE - 1], frac[1][IP_NE - 1], frac[2][IP_NE - 1],
                           YM_IP_FRAC);
    rc = DMV_OK;
done:
    dmv_fast_model_clear(&pop);
    dmv_fast_model_clear(&emp);
    return rc;
}
