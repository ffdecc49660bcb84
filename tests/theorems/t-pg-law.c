/* The in-law claims (theorems/pg/pg_law.c, pg_noise_law.c):
 *  1. the correlation test's p-value against closed forms of t(1) and t(2): for n = 4 pairs
 *     p = 1 - |r|, for n = 3 p = 1 - (2/pi) asin|r| (hand derivation: t = r sqrt((n-2)/(1-r^2)));
 *  2. its detectable correlation: Monte Carlo power of the exact test at that rho (this
 *     file's own generator), within binomial limits of the requested 0.9;
 *  3. the claim level and the monotone normal CDF used for the KS tests;
 *  4. power: with 2 samples pg.law.em has a test whose detectable effect exceeds the
 *     required one (the run makes that inconclusive); at the --quick budget every test of
 *     pg.law.em, pg.law.ode, pg.law.dense and pg.law.threads, and at the default budget
 *     every test of pg.law.noise, detects its required effect; each states one;
 *  5. pg.law.threads: one hash across its configurations (the table says so);
 *  6. Sidak's combination against its definition, and calibration: over 60 seeds the p-values
 *     of each of pg.law.ode's five tests (500 samples) are uniform (KS distance to U(0, 1),
 *     computed here, below the 0.001 critical value 1.95/sqrt(60) of the Kolmogorov law). */
#include <string.h>

#include "dmv/claim.h"
#include "dmv/stats.h"
#include "dmv_test.h"
#include "../../theorems/pg/pg_claims.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static double gauss(dmv_test_rng *r)
{
    double u1 = dmv_test_uniform(r), u2 = dmv_test_uniform(r);
    return sqrt(-2.0 * log1p(-u1)) * cos(6.283185307179586 * u2);
}

static void run_claim(dmv_result *res, const char *id, long samples, int quick, int *status)
{
    dmv_run run;
    dmv_error err;
    const dmv_claim *c = dmv_claim_find(id);
    dmv_run_default(&run);
    run.law_samples = samples;
    run.quick = quick;
    run.claim_alpha = run.alpha / (double) dmv_claim_count(); /* as dmv_run_claims sets it */
    dmv_error_init(&err);
    dmv_result_init(res);
    *status = -1;
    DMV_CHECK(c != NULL, "no claim %s", id);
    if (c == NULL)
        return;
    *status = c->check(c, &run, res, &err);
    DMV_CHECK(*status == DMV_OK, "%s: %s", id, err.msg);
}

/* every test states a required effect; returns the number of tests without power for it */
static long underpowered(const dmv_result *res, const char *id)
{
    long i, k = 0;
    DMV_CHECK(res->ntests > 0, "%s: no tests", id);
    for (i = 0; i < res->ntests; i++) {
        const dmv_test *t = &res->tests[i];
        DMV_CHECK(isfinite(t->required_effect) && t->required_effect > 0, "%s: test '%s' states no required effect",
                  id, t->name);
        if (!(t->min_effect <= t->required_effect))
            k++;
    }
    return k;
}

int main(void)
{
    dmv_test_rng rng = {20261207};
    long i;
    int status;
    /* 1. closed forms */
    for (i = 0; i < 200; i++) {
        double r = 2.0 * dmv_test_uniform(&rng) - 1.0;
        double p4 = dmv_pg_corr_pvalue(r, 4), p3 = dmv_pg_corr_pvalue(r, 3);
        DMV_CHECK(fabs(p4 - (1.0 - fabs(r))) < 1e-12, "n = 4, r = %.17g: p = %.17g, closed form %.17g", r, p4,
                  1.0 - fabs(r));
        DMV_CHECK(fabs(p3 - (1.0 - asin(fabs(r)) / acos(0.0))) < 1e-12, "n = 3, r = %.17g: p = %.17g", r, p3);
    }
    DMV_CHECK(dmv_pg_corr_pvalue(1.0, 100) == 0.0 && dmv_pg_corr_pvalue(-1.0, 100) == 0.0, "|r| = 1");
    DMV_CHECK(dmv_pg_corr_pvalue(0.5, 2) == 1.0 && dmv_pg_corr_pvalue(NAN, 100) == 1.0, "n < 3 or NaN");
    DMV_CHECK(isnan(dmv_pg_corr_mde(4, 0.01, 0.9)), "mde with 4 pairs");
    /* the critical |r| with 4 pairs: p = 1 - |r| = level */
    DMV_CHECK(fabs(dmv_pg_corr_critical(4, 0.01) - 0.99) < 1e-12, "critical r, n = 4: %.17g",
              dmv_pg_corr_critical(4, 0.01));
    /* 2. Monte Carlo power at the detectable correlation */
    {
        const long n = 200, reps = dmv_test_iters(4000);
        const double level = 0.01, power = 0.9, rho = dmv_pg_corr_mde(n, level, power);
        long rej = 0, rep, j;
        double sd = sqrt(power * (1 - power) / (double) reps), frac;
        DMV_CHECK(rho > 0.1 && rho < 0.5, "rho = %g", rho);
        for (rep = 0; rep < reps; rep++) {
            double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, r;
            for (j = 0; j < n; j++) {
                double x = gauss(&rng), y = rho * x + sqrt(1 - rho * rho) * gauss(&rng);
                sx += x;
                sy += y;
                sxx += x * x;
                syy += y * y;
                sxy += x * y;
            }
            r = (sxy - sx * sy / n) / sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
            rej += dmv_pg_corr_pvalue(r, n) <= level;
        }
        frac = (double) rej / (double) reps;
        printf("power at rho = %.4f (n = %ld, level %g): %.4f (requested %g)\n", rho, n, level, frac, power);
        /* Fisher's z is accurate to O(1/n) here: allow 4 sd plus 0.01 */
        DMV_CHECK(fabs(frac - power) < 4 * sd + 0.01, "power %.4f, requested %g", frac, power);
    }
    /* 3. level and monotone CDF */
    {
        dmv_run run;
        double prev = 0.0, f1, f0;
        dmv_run_default(&run);
        run.claim_alpha = 1e-4;
        DMV_CHECK(fabs(dmv_pg_claim_level(&run, 5) - 2e-5) < 1e-20, "level %g", dmv_pg_claim_level(&run, 5));
        run.claim_alpha = 0.0;
        DMV_CHECK(fabs(dmv_pg_claim_level(&run, 4) - run.alpha / (double) dmv_claim_count() / 4) < 1e-20,
                  "fallback level");
        f1 = dmv_pg_normal_cdf_monotone(1.0, &prev);
        f0 = dmv_pg_normal_cdf_monotone(0.0, &prev);
        DMV_CHECK(f1 == dmv_stat_normal_cdf(1.0) && f0 == f1, "running maximum: %g %g", f1, f0);
    }
    /* 4. power */
    {
        dmv_result res;
        const char *quick_ids[4] = {"pg.law.em", "pg.law.ode", "pg.law.dense", "pg.law.threads"};
        run_claim(&res, "pg.law.em", 2, 0, &status);
        DMV_CHECK(status != DMV_OK || underpowered(&res, "pg.law.em (2 samples)") > 0,
                  "2 samples: every test claims power");
        dmv_result_clear(&res);
        for (i = 0; i < 4; i++) {
            run_claim(&res, quick_ids[i], 0, 1, &status);
            if (status == DMV_OK) {
                long k = underpowered(&res, quick_ids[i]);
                DMV_CHECK(k == 0, "%s (--quick): %ld tests without power for their required effect", quick_ids[i], k);
                DMV_CHECK(res.verdict == DMV_VERDICT_PASS, "%s (--quick): verdict %d before Holm: %s", quick_ids[i],
                          (int) res.verdict, res.summary ? res.summary : "");
            }
            /* 5. one hash across the threaded configurations */
            if (status == DMV_OK && strcmp(quick_ids[i], "pg.law.threads") == 0) {
                long r;
                DMV_CHECK(res.ntables == 1 && res.tables[0].nrows == DMV_PG_LAW_THREADS_CONFIGS, "threads table");
                for (r = 0; res.ntables == 1 && r < res.tables[0].nrows; r++)
                    DMV_CHECK(strcmp(res.tables[0].cells[r * res.tables[0].ncols + 5], "yes") == 0,
                              "configuration %ld: another hash", r);
                DMV_CHECK(res.ntests == 2 * DMV_PG_LAW_THREADS_CONFIGS, "%ld tests", res.ntests);
            }
            dmv_result_clear(&res);
        }
        run_claim(&res, "pg.law.noise", 0, 1, &status);
        if (status == DMV_OK) {
            long k = underpowered(&res, "pg.law.noise");
            DMV_CHECK(k == 0, "pg.law.noise: %ld tests without power", k);
            DMV_CHECK(res.ntests == 6, "pg.law.noise: %ld tests", res.ntests);
        }
        dmv_result_clear(&res);
    }
    /* 6. Sidak, and the uniformity of every test's p-values under the claim */
    DMV_CHECK(dmv_pg_sidak(0.3, 1) == 0.3 && dmv_pg_sidak(1.0, 5) == 1.0, "Sidak, m = 1 or p = 1");
    DMV_CHECK(fabs(dmv_pg_sidak(0.1, 3) - (1 - 0.9 * 0.9 * 0.9)) < 1e-15, "Sidak(0.1, 3)");
    DMV_CHECK(fabs(dmv_pg_sidak(dmv_pg_sidak_level(1e-4, 28), 28) - 1e-4) < 1e-16, "Sidak level round trip");
    {
        enum { SEEDS = 60, NT = 5 };
        static double pv[NT][SEEDS];
        long seed, t, got = 0;
        const dmv_claim *c = dmv_claim_find("pg.law.ode");
        for (seed = 0; c != NULL && seed < SEEDS; seed++) {
            dmv_run run;
            dmv_result res;
            dmv_error err;
            dmv_run_default(&run);
            run.seed = (uint64_t) (7000 + seed);
            run.law_samples = 500;
            run.claim_alpha = run.alpha / (double) dmv_claim_count();
            dmv_error_init(&err);
            dmv_result_init(&res);
            status = c->check(c, &run, &res, &err);
            DMV_CHECK(status == DMV_OK && res.ntests == NT, "seed %ld: %s, %ld tests", seed, err.msg, res.ntests);
            if (status == DMV_OK && res.ntests == NT) {
                for (t = 0; t < NT; t++)
                    pv[t][got] = res.tests[t].p_value;
                got++;
            }
            dmv_result_clear(&res);
        }
        for (t = 0; got == SEEDS && t < NT; t++) {
            double dks = 0.0;
            qsort(pv[t], SEEDS, sizeof pv[t][0], cmp_double);
            for (i = 0; i < SEEDS; i++)
                dks = fmax(dks, fmax(pv[t][i] - (double) i / SEEDS, (double) (i + 1) / SEEDS - pv[t][i]));
            printf("test %ld: KS distance of %d p-values to U(0,1): %.3f\n", t, SEEDS, dks);
            DMV_CHECK(dks < 1.95 / sqrt((double) SEEDS), "test %ld: p-values not uniform, D = %.3f", t, dks);
        }
    }
    DMV_TEST_DONE("t-pg-law");
}
