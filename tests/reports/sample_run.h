/* A synthetic dmv_run_result for the reports/ tests, filled by hand with the
 * builders of theorems/result.c: four claims (pass, fail, inconclusive with
 * tests, an error), log-log plots with bands and a fit line, certified balls,
 * hashes, and strings that need escaping in every output format. */
#ifndef DMV_TEST_SAMPLE_RUN_H
#define DMV_TEST_SAMPLE_RUN_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/claim.h"

static const dmv_paper sample_paper_pg = {"pg", "Pierret & Galerne", "Diffusion models for Gaussian distributions",
                                          "2025", "2405.14250",
                                          "Pierret & Galerne 2025, Diffusion models for Gaussian distributions"};
static const dmv_paper sample_paper_pg_short = {"pg", "Pierret & Galerne", NULL, "2025", "2405.14250",
                                                "Pierret & Galerne 2025"};
static const dmv_paper sample_paper_test = {"law", NULL, "Test paper <script>alert(1)</script>", NULL, NULL,
                                            "Test paper <script>alert(1)</script>"};

static const dmv_claim sample_claims[4] = {
    {"pg.w2.rate", &sample_paper_pg,
     "W2 to the target law decreases like 1/NFE for every scheme", "exact W2 of the scheme's output law (Arb)", 1,
     NULL, NULL, NULL, 0, NULL, NULL},
    {"pg.eig.error", &sample_paper_pg_short,
     "the per-eigenvalue error is below the bound <b>C h</b> & \"never\" above | pipes",
     "exact per-direction variance error against the theorem's bound", 1, NULL, NULL, NULL, 0, NULL, NULL},
    {"law.moments", &sample_paper_test,
     "the sample variance matches the exact law in every direction", "exact chi-square tests, Holm", 1, NULL, NULL, NULL, 0, NULL, NULL},
    {"broken.claim", NULL, "a claim whose check returned an error", NULL, 1, NULL, NULL, NULL, 0, NULL, NULL},
};

#define SAMPLE_BALL_MID "-1.0003141592653589793238462643"
#define SAMPLE_BALL_RAD "2.5e-25"
#define SAMPLE_HASH "philox-sha256:9f2c4e7a01b3d5c6e8f90a1b2c3d4e5f"
#define SAMPLE_SEED 18446744073709551615ULL /* 2^64 - 1: not exact in a double */

static int sample_run(dmv_run_result *r)
{
    static const double nfe[6] = {10, 20, 50, 100, 200, 500};
    static const double lam[5] = {1e-3, 1e-2, 1e-1, 1, 10};
    double y[6], fit[6], e[5], lo[5], hi[5], pred[5];
    const char *hdr[3] = {"scheme", "N", "W2 | exact"};
    const char *cells[6] = {"EM", "50", "1.2e-3", "EI <fast>", "50", "4.5e-4"};
    dmv_ev_plot *p;
    dmv_result *res;
    long i;
    int code = 0;
    memset(r, 0, sizeof *r);
    r->run.data_dir = NULL;
    r->run.progress = NULL;
    r->run.seed = SAMPLE_SEED;
    r->run.alpha = 1e-3;
    r->run.threads = 2;
    r->run.quick = 1;
    r->n = 4;
    r->seconds = 12.5;
    r->outcomes = calloc(4, sizeof *r->outcomes);
    if (r->outcomes == NULL)
        return 1;
    for (i = 0; i < 4; i++) {
        r->outcomes[i].claim = &sample_claims[i];
        dmv_result_init(&r->outcomes[i].result);
    }

    /* 0: pass, W2 against NFE (log-log) with a fitted slope */
    res = &r->outcomes[0].result;
    res->verdict = DMV_VERDICT_PASS;
    r->outcomes[0].final_verdict = DMV_VERDICT_PASS;
    res->seconds = 1.25;
    code |= dmv_result_set_summary(res, "slope -1.0003 (ball) vs predicted -1");
    code |= dmv_result_add_ball(res, "slope(EM)", SAMPLE_BALL_MID, SAMPLE_BALL_RAD, -1.0003141592653589, NULL);
    code |= dmv_result_add_number(res, "W2 at N=50", 0.0123, 0.0, "W2");
    code |= dmv_result_add_number(res, "W2 estimate", 0.5, 0.01, NULL);
    p = dmv_result_add_plot(res, "W2 against NFE", "NFE", "W2", 1, 1);
    for (i = 0; i < 6; i++) {
        y[i] = 0.6 / nfe[i];
        fit[i] = 0.55 / nfe[i];
    }
    code |= dmv_plot_add_series(p, "Euler-Maruyama", 6, nfe, y, NULL, NULL);
    for (i = 0; i < 6; i++)
        y[i] = 0.2 / (nfe[i] * nfe[i]);
    code |= dmv_plot_add_series(p, "exponential integrator", 6, nfe, y, NULL, NULL);
    code |= dmv_plot_add_series(p, "fit: slope -1.00", 6, nfe, fit, NULL, NULL);
    code |= dmv_result_set_hash(res, SAMPLE_HASH, 1);

    /* 1: fail, per-eigenvalue error against lambda with the bound as a band */
    res = &r->outcomes[1].result;
    res->verdict = DMV_VERDICT_FAIL;
    r->outcomes[1].final_verdict = DMV_VERDICT_FAIL;
    res->seconds = 0.5;
    code |= dmv_result_set_summary(res, "measured error 3.1e-3 vs predicted bound 1.0e-3 at lambda = 0.1");
    for (i = 0; i < 5; i++) {
        pred[i] = 1e-3 * sqrt(lam[i]);
        e[i] = i == 2 ? 3.1e-3 : 0.5 * pred[i];
        lo[i] = 0.0;
        hi[i] = pred[i];
    }
    lo[0] = 1e-9;
    p = dmv_result_add_plot(res, "per-eigenvalue error against lambda", "lambda", "|variance error|", 1, 1);
    code |= dmv_plot_add_series(p, "measured", 5, lam, e, NULL, NULL);
    code |= dmv_plot_add_series(p, "bound <C h>", 5, lam, pred, lo, hi);
    code |= dmv_result_add_table(res, "W2 at 50 steps", 2, 3, hdr, cells);
    code |= dmv_result_set_hash(res, "0123abcd", 0);

    /* 2: inconclusive, tests with Holm thresholds, one-sided and off-scale */
    res = &r->outcomes[2].result;
    res->verdict = DMV_VERDICT_FAIL;
    r->outcomes[2].final_verdict = DMV_VERDICT_INCONCLUSIVE;
    res->seconds = 10.0;
    code |= dmv_result_set_summary(res, "variance ratio 1.004 vs 1 (not resolved at n = 1e4)");
    code |= dmv_result_set_budget_note(res, "n = 1e6 samples would resolve a 0.1%% effect");
    code |= dmv_result_add_test(res, "variance, direction 1", 1.001, 0.61, 0.97, 1.03, 0.012, "relative variance");
    code |= dmv_result_add_test(res, "variance, direction 2", 1.05, 1e-5, 0.97, 1.03, 0.012, "relative variance");
    code |= dmv_result_add_test(res, "chi2 | one-sided", 30.0, 0.2, -INFINITY, 40.0, NAN, NULL);
    code |= dmv_result_add_test(res, "mean, direction 1 <&>", -9.5, 1e-12, -2.5, 2.5, 0.03, "sd");
    code |= dmv_result_add_test(res, "lower only", 3.0, 0.4, 1.0, INFINITY, 0.1, "x");
    for (i = 0; i < res->ntests; i++)
        res->tests[i].adjusted_level = 1e-3 / (double) (res->ntests - i);
    res->tests[1].rejected = 1;
    res->tests[3].rejected = 1;

    /* 3: the check returned an error */
    res = &r->outcomes[3].result;
    res->verdict = DMV_VERDICT_INCONCLUSIVE;
    r->outcomes[3].final_verdict = DMV_VERDICT_INCONCLUSIVE;
    r->outcomes[3].error = malloc(64);
    if (r->outcomes[3].error != NULL)
        strcpy(r->outcomes[3].error, "outside the domain of the scheme: 2 h beta = 1.2 >= 1");
    r->ntests_total = 5;
    r->nrejected = 2;
    return code != 0 || r->outcomes[3].error == NULL;
}

/* Frees what sample_run allocated (independent of theorems/run.c). */
static void sample_run_clear(dmv_run_result *r)
{
    long i;
    for (i = 0; i < r->n; i++) {
        dmv_result_clear(&r->outcomes[i].result);
        free(r->outcomes[i].error);
    }
    free(r->outcomes);
    memset(r, 0, sizeof *r);
}

#endif
