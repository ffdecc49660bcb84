/* Calibration of the in-law claims (issue 5, issue 9 item 7): on the correct fast sampler, over
 * SEEDS seeds, EVERY test of the claims has uniform p-values, and its false-alarm count is what a
 * calibrated test gives, from above and from below.
 *
 * Each run checks pg.law.em and pg.law.ddpm with 1000 samples each (the tests are exact at any n).
 * Runs with different seeds are independent, so for each test t of each claim the SEEDS p-values are
 * i.i.d. U(0, 1) under the claim, whatever the tests of one run have in common. For every test:
 *  1. uniformity: the exact one-sample Kolmogorov-Smirnov test (stats/ks.c) against U(0, 1);
 *  2. false alarms at the unadjusted level L = 0.1: the count #{p <= L} is Binomial(SEEDS, L); it must
 *     lie in the two-sided acceptance region [lo, hi] (lo: smallest k with P(X <= k) > beta/2, hi:
 *     smallest k with P(X <= k) >= 1 - beta/2), computed here from the binomial pmf. A test that
 *     rejects too often fails above, one that never rejects (e.g. p = 1 always) fails below.
 * Both at beta = BETA / (number of tests) each (Bonferroni over the tests and the two checks: the
 * whole file has a false-alarm rate below BETA = 1e-3).
 * 3. the run's verdicts: the number of runs in which a claim fails is at most the Binomial(SEEDS,
 *    alpha) upper quantile at BETA (Holm within a claim at its share of alpha keeps each claim's
 *    false-alarm rate below alpha). From below this count has no useful bound at this budget (a
 *    claim's share of alpha is alpha over the registry's claim count); the per-test counts above are
 *    the two-sided check.
 * The planted-error side (a 1e-3 variance error in one direction is detected by the default budget)
 * is tests/theorems/e2e-fault.sh. Runtime: a few seconds in a Release build. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/claim.h"
#include "dmv/stats.h"
#include "dmv_test.h"

#define SEEDS 200
#define NCLAIMS 2
#define MAXTESTS 64
#define LEVEL 0.1
#define BETA 1e-3

/* P(Binomial(n, p) <= k), summed from the pmf in logs */
static double binom_cdf(long k, long n, double p)
{
    long i;
    double cdf = 0.0;
    for (i = 0; i <= k && i <= n; i++)
        cdf += exp(lgamma((double) n + 1) - lgamma((double) i + 1) - lgamma((double) (n - i) + 1) +
                   (double) i * log(p) + (double) (n - i) * log1p(-p));
    return cdf;
}

/* two-sided acceptance region of Binomial(n, p) at level beta */
static void binom_region(long *lo, long *hi, long n, double p, double beta)
{
    long k;
    *lo = 0;
    *hi = n;
    for (k = 0; k <= n; k++)
        if (binom_cdf(k, n, p) > beta / 2) {
            *lo = k;
            break;
        }
    for (k = 0; k <= n; k++)
        if (binom_cdf(k, n, p) >= 1 - beta / 2) {
            *hi = k;
            break;
        }
}

static double uniform_cdf(double x, void *ctx)
{
    (void) ctx;
    return x <= 0 ? 0.0 : x >= 1 ? 1.0 : x;
}

int main(void)
{
    const char *pats[NCLAIMS] = {"pg.law.em", "pg.law.ddpm"};
    static double pv[NCLAIMS][MAXTESTS][SEEDS];
    static char names[NCLAIMS][MAXTESTS][128];
    long ntests[NCLAIMS] = {0, 0}, nfail[NCLAIMS] = {0, 0}, seed, i, j, k, total = 0, lo, hi, flo, fhi;
    double alpha = 0.05;
    dmv_error err;

    /* the region function against hand values: Binomial(10, 0.5), P(X <= 1) = 11/1024, P(X <= 8) =
     * 1013/1024, so at beta = 0.05 (tails 0.025): lo = 2 (P(X <= 1) = 0.0107 <= 0.025 < P(X <= 2) =
     * 0.0547), hi = 8 (P(X <= 7) = 0.9453 < 0.975 <= P(X <= 8) = 0.9893) */
    DMV_CHECK(fabs(binom_cdf(1, 10, 0.5) - 11.0 / 1024) < 1e-12 && fabs(binom_cdf(8, 10, 0.5) - 1013.0 / 1024) < 1e-12,
              "binomial cdf");
    binom_region(&lo, &hi, 10, 0.5, 0.05);
    DMV_CHECK(lo == 2 && hi == 8, "region of Binomial(10, 0.5) at 0.05: [%ld, %ld], by hand [2, 8]", lo, hi);

    for (seed = 1; seed <= SEEDS; seed++) {
        dmv_run run;
        dmv_run_result res;
        dmv_run_default(&run);
        run.seed = (uint64_t) (1000 + seed);
        run.alpha = alpha;
        run.law_samples = 1000;
        dmv_error_init(&err);
        if (dmv_run_claims(&res, &run, pats, NCLAIMS, &err) != DMV_OK) {
            DMV_CHECK(0, "run failed for seed %ld: %s", seed, err.msg);
            break;
        }
        DMV_CHECK(res.n == NCLAIMS, "seed %ld: %ld claims", seed, res.n);
        for (i = 0; i < res.n && i < NCLAIMS; i++) {
            const dmv_result *r = &res.outcomes[i].result;
            DMV_CHECK(strcmp(res.outcomes[i].claim->id, pats[i]) == 0, "claim %ld is %s", i,
                      res.outcomes[i].claim->id);
            if (seed == 1) {
                ntests[i] = r->ntests < MAXTESTS ? r->ntests : MAXTESTS;
                for (j = 0; j < ntests[i]; j++)
                    snprintf(names[i][j], sizeof names[i][j], "%s", r->tests[j].name);
                DMV_CHECK(ntests[i] > 0, "%s has no tests", pats[i]);
            }
            DMV_CHECK(r->ntests == ntests[i], "seed %ld, %s: %ld tests, %ld at seed 1", seed, pats[i], r->ntests,
                      ntests[i]);
            for (j = 0; j < ntests[i] && j < r->ntests; j++) {
                DMV_CHECK(strcmp(r->tests[j].name, names[i][j]) == 0, "seed %ld: test %ld renamed", seed, j);
                pv[i][j][seed - 1] = r->tests[j].p_value;
            }
            if (res.outcomes[i].final_verdict == DMV_VERDICT_FAIL)
                nfail[i]++;
        }
        dmv_run_result_clear(&res);
    }

    for (i = 0; i < NCLAIMS; i++)
        total += ntests[i];
    binom_region(&lo, &hi, SEEDS, LEVEL, BETA / (double) (2 * total));
    printf("%ld tests, %d seeds: KS at %.2g each; false alarms at p <= %g in [%ld, %ld] (Binomial(%d, %g), two-sided "
           "at %.2g)\n",
           total, SEEDS, BETA / (double) (2 * total), LEVEL, lo, hi, SEEDS, LEVEL, BETA / (double) (2 * total));
    for (i = 0; i < NCLAIMS; i++)
        for (j = 0; j < ntests[i]; j++) {
            double D = NAN, p = NAN;
            long count = 0;
            for (k = 0; k < SEEDS; k++)
                count += pv[i][j][k] <= LEVEL;
            dmv_error_init(&err);
            DMV_CHECK(dmv_stat_ks_1sample(&D, &p, pv[i][j], SEEDS, uniform_cdf, NULL, &err) == DMV_OK, "%s", err.msg);
            printf("  %-12s %-60s KS D = %.4f p = %.4f; %ld of %d below %g\n", pats[i], names[i][j], D, p, count,
                   SEEDS, LEVEL);
            DMV_CHECK(p >= BETA / (double) (2 * total), "%s, %s: p-values not uniform (KS D = %g, p = %g)", pats[i],
                      names[i][j], D, p);
            DMV_CHECK(count >= lo && count <= hi, "%s, %s: %ld false alarms at %g in %d runs, outside [%ld, %ld]",
                      pats[i], names[i][j], count, LEVEL, SEEDS, lo, hi);
        }
    binom_region(&flo, &fhi, SEEDS, alpha, BETA);
    for (i = 0; i < NCLAIMS; i++) {
        printf("  %-12s failed %ld of %d runs (at most %ld: Binomial(%d, alpha = %g) at %g)\n", pats[i], nfail[i],
               SEEDS, fhi, SEEDS, alpha, BETA);
        DMV_CHECK(nfail[i] <= fhi, "%s failed %ld of %d runs, above %ld", pats[i], nfail[i], SEEDS, fhi);
    }
    DMV_TEST_DONE("t-calibration");
}
