/* The helpers of the ym claims (theorems/ym/ym_common.c) against hand values, and the cheap ym claims
 * (ym.pathwise, ym.rescale, ym.hull --quick) end to end:
 *  - binomial tails: P(Bin(10, 1/2) <= 3) = 176/1024, P(Bin(10, 1/2) >= 8) = 56/1024,
 *    P(Bin(5, 0.2) <= 0) = 0.8^5;
 *  - nearest-neighbour distance: points (0, 0), (3, 4) scaled by 2, y = (6, 8) + (0.3, 0.4): 0.5, index 1;
 *  - the start's TV bound: VP linear beta 0.05..10, T = 1: alpha_T = exp(-(0.05 + 9.95/2)), KL bound by hand;
 *  - the chi bound of ym.bound at r = sigma: P(chi_2 <= 1) = 1 - e^{-1/2}. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../../theorems/ym/ym_claims.h"
#include "dmv/stats.h"
#include "dmv_test.h"

int main(void)
{
    dmv_run run;
    long n, i, k;
    const dmv_claim *tab = dmv_ym_claims(&n);
    DMV_CHECK(fabs(dmv_ym_binom_cdf(3, 10, 0.5) - 176.0 / 1024) < 1e-14, "P(Bin(10, .5) <= 3) = %.17g",
              dmv_ym_binom_cdf(3, 10, 0.5));
    DMV_CHECK(fabs(dmv_ym_binom_sf(8, 10, 0.5) - 56.0 / 1024) < 1e-14, "P(Bin(10, .5) >= 8) = %.17g",
              dmv_ym_binom_sf(8, 10, 0.5));
    DMV_CHECK(fabs(dmv_ym_binom_cdf(0, 5, 0.2) - pow(0.8, 5)) < 1e-14, "P(Bin(5, .2) <= 0)");
    {
        const double X[4] = {0, 0, 3, 4}, y[2] = {6.3, 8.4};
        long idx = -1;
        double dd = dmv_ym_nn_dist(y, X, 2, 2, 2.0, &idx);
        DMV_CHECK(fabs(dd - 0.5) < 1e-14 && idx == 1, "nn distance %.17g index %ld", dd, idx);
    }
    {
        double aT = exp(-(0.05 + 9.95 / 2)), s2 = 1 - aT * aT, kl = 0, tv;
        for (i = 0; i < YM_N; i++)
            kl += aT * aT * (dmv_ym_train[2 * i] * dmv_ym_train[2 * i] + dmv_ym_train[2 * i + 1] * dmv_ym_train[2 * i + 1]) / 2;
        kl = kl / YM_N + (s2 - 1 - log(s2));
        tv = sqrt(kl / 2);
        DMV_CHECK(fabs(dmv_ym_init_tv(dmv_ym_train, YM_N, YM_D) - tv) < 1e-9 * tv + 1e-14, "TV bound %.17g vs %.17g",
                  dmv_ym_init_tv(dmv_ym_train, YM_N, YM_D), tv);
    }
    DMV_CHECK(fabs(dmv_stat_chi2_cdf(1.0, 2) - (1 - exp(-0.5))) < 1e-15, "chi2_2 cdf at 1");
    dmv_run_default(&run);
    run.quick = 1;
    run.claim_alpha = 1e-3 / 50;
    for (k = 0; k < n; k++) {
        dmv_result r;
        dmv_error e;
        const char *id = tab[k].id;
        if (strcmp(id, "ym.pathwise") && strcmp(id, "ym.rescale") && strcmp(id, "ym.hull"))
            continue;
        dmv_result_init(&r);
        dmv_error_init(&e);
        DMV_CHECK(tab[k].check(&tab[k], &run, &r, &e) == DMV_OK, "%s: %s", id, e.msg);
        DMV_CHECK(r.verdict == DMV_VERDICT_PASS, "%s: %s", id, r.summary ? r.summary : "(no summary)");
        DMV_CHECK(r.nmargins >= 1, "%s: no threshold comparison recorded", id);
        dmv_result_clear(&r);
    }
    DMV_TEST_DONE("t-ym");
}
