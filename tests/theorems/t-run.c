/* The run's decision rules (theorems/run.c, docs/statistics.md), on hand-made results with values
 * derived by hand: Holm within a claim at claim_alpha = alpha / registry size; no pass without power
 * (and the budget note's sample count = (detectable / required)^2 x the budget); a builder error is
 * never a pass; expectations (xfail) and the exit status. Then on real claims: a claim's verdict,
 * p-values and thresholds are the same run alone and with other claims. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/claim.h"
#include "dmv_test.h"

static const dmv_paper t_paper = {"t", "A. Author", "paper", NULL, "0000.00000", "paper"};

static dmv_claim xfail_claim(void)
{
    dmv_claim c = {"t.xfail", &t_paper, "a statement the suite shows false", "method", 0, NULL,
                   NULL, NULL, DMV_EXPECT_FAIL, "the published value is off by 2", "docs/claims.md"};
    return c;
}

static void outcome_init(dmv_outcome *o, const dmv_claim *c)
{
    memset(o, 0, sizeof *o);
    o->claim = c;
    dmv_result_init(&o->result);
}

static void outcome_clear(dmv_outcome *o)
{
    dmv_result_clear(&o->result);
    free(o->error);
    o->error = NULL;
}

int main(void)
{
    dmv_run run;
    dmv_outcome o;
    dmv_error err;
    dmv_claim xc = xfail_claim();
    long K = dmv_claim_count();
    double a;

    dmv_run_default(&run);
    run.claim_alpha = run.alpha / (double) K;
    a = run.claim_alpha;
    dmv_error_init(&err);

    /* the level for detectable effects and the sample budget */
    DMV_CHECK(dmv_run_test_level(&run, 3) == a / 3 && isnan(dmv_run_test_level(&run, 0)), "test level");
    DMV_CHECK(dmv_run_sample_budget(&run) == 100000, "default budget");
    run.quick = 1;
    DMV_CHECK(dmv_run_sample_budget(&run) == 10000, "quick budget");
    run.law_samples = 77;
    DMV_CHECK(dmv_run_sample_budget(&run) == 77, "--samples budget");
    run.quick = 0;
    run.law_samples = 0;

    /* Holm within the claim: p = {1e-9, 0.5, 1e-6} at level a = 1e-3 / K. Sorted ranks 0, 2, 1, so the
       thresholds are a/3, a/1, a/2 (step-down); 1e-9 < a/3 and 1e-6 < a/2 (K < 500) are rejected. */
    outcome_init(&o, NULL);
    o.result.verdict = DMV_VERDICT_PASS;
    dmv_result_add_test(&o.result, "t0", 0, 1e-9, 0, 1, 0.01, "sd");
    dmv_result_add_test(&o.result, "t1", 0, 0.5, 0, 1, 0.01, "sd");
    dmv_result_add_test(&o.result, "t2", 0, 1e-6, 0, 1, 0.01, "sd");
    DMV_CHECK(K < 500, "registry of %ld claims: the hand derivation assumes fewer than 500", K);
    DMV_CHECK(dmv_outcome_decide(&o, &run, &err) == DMV_OK, "decide: %s", err.msg);
    DMV_CHECK(o.result.tests[0].adjusted_level == a / 3 && o.result.tests[1].adjusted_level == a &&
                  o.result.tests[2].adjusted_level == a / 2,
              "Holm thresholds %g %g %g, want a/3 a a/2 with a = %g", o.result.tests[0].adjusted_level,
              o.result.tests[1].adjusted_level, o.result.tests[2].adjusted_level, a);
    DMV_CHECK(o.result.tests[0].rejected && !o.result.tests[1].rejected && o.result.tests[2].rejected, "rejections");
    DMV_CHECK(o.final_verdict == DMV_VERDICT_FAIL && dmv_outcome_is_failure(&o), "a rejection fails the claim");
    outcome_clear(&o);
    /* the thresholds depend on claim_alpha only, not on what else the run holds */
    {
        dmv_run other = run;
        other.nclaims = 1;
        other.alpha = 0.5; /* ignored by the decision: claim_alpha is the claim's level */
        outcome_init(&o, NULL);
        o.result.verdict = DMV_VERDICT_PASS;
        dmv_result_add_test(&o.result, "t", 0, 1e-9, 0, 1, 0.01, "sd");
        DMV_CHECK(dmv_outcome_decide(&o, &other, &err) == DMV_OK && o.result.tests[0].adjusted_level == a,
                  "one test: threshold %g, want claim_alpha %g", o.result.tests[0].adjusted_level, a);
        outcome_clear(&o);
    }

    /* no pass without power: detectable 0.5 sd, required 0.25 sd -> ratio 2 -> 4x the budget */
    outcome_init(&o, NULL);
    o.result.verdict = DMV_VERDICT_PASS;
    dmv_result_add_test(&o.result, "means", 1, 0.5, 0, 2, 0.5, "sd");
    DMV_CHECK(dmv_result_require_effect(&o.result, 0.25) == DMV_OK, "require_effect");
    run.quick = 1; /* default budget 10^4 */
    DMV_CHECK(dmv_outcome_decide(&o, &run, &err) == DMV_OK, "decide: %s", err.msg);
    DMV_CHECK(o.final_verdict == DMV_VERDICT_INCONCLUSIVE && o.underpowered == 1, "underpowered pass: %s",
              dmv_verdict_name(o.final_verdict));
    DMV_CHECK(o.result.budget_note != NULL && strstr(o.result.budget_note, "needs about 40000 samples") != NULL,
              "budget note: %s", o.result.budget_note ? o.result.budget_note : "(none)");
    outcome_clear(&o);
    run.quick = 0;
    run.law_samples = 2; /* --samples 2 */
    outcome_init(&o, NULL);
    o.result.verdict = DMV_VERDICT_PASS;
    dmv_result_set_budget_note(&o.result, "claim's own note");
    dmv_result_add_test(&o.result, "means", 1, 0.5, 0, 2, 0.5, "sd");
    dmv_result_require_effect(&o.result, 0.25);
    DMV_CHECK(dmv_outcome_decide(&o, &run, &err) == DMV_OK && o.final_verdict == DMV_VERDICT_INCONCLUSIVE, "2 samples");
    DMV_CHECK(strstr(o.result.budget_note, "claim's own note; no power") != NULL &&
                  strstr(o.result.budget_note, "needs about 8 samples") != NULL,
              "budget note appended: %s", o.result.budget_note);
    outcome_clear(&o);
    run.law_samples = 0;
    /* enough power: the pass stands; NaN detectable effect: no power */
    outcome_init(&o, NULL);
    o.result.verdict = DMV_VERDICT_PASS;
    dmv_result_add_test(&o.result, "means", 1, 0.5, 0, 2, 0.25, "sd");
    dmv_result_require_effect(&o.result, 0.25);
    DMV_CHECK(dmv_outcome_decide(&o, &run, &err) == DMV_OK && o.final_verdict == DMV_VERDICT_PASS && !o.underpowered,
              "detectable = required: pass");
    outcome_clear(&o);
    outcome_init(&o, NULL);
    o.result.verdict = DMV_VERDICT_PASS;
    dmv_result_add_test(&o.result, "means", 1, 0.5, 0, 2, NAN, "sd");
    dmv_result_require_effect(&o.result, 0.25);
    DMV_CHECK(dmv_outcome_decide(&o, &run, &err) == DMV_OK && o.final_verdict == DMV_VERDICT_INCONCLUSIVE &&
                  strstr(o.result.budget_note, "no detectable effect") != NULL,
              "NaN detectable effect");
    outcome_clear(&o);
    /* a rejection is evidence whatever the power: the fail stands */
    outcome_init(&o, NULL);
    o.result.verdict = DMV_VERDICT_PASS;
    dmv_result_add_test(&o.result, "means", 50, 1e-30, 0, 2, 0.5, "sd");
    dmv_result_require_effect(&o.result, 0.25);
    DMV_CHECK(dmv_outcome_decide(&o, &run, &err) == DMV_OK && o.final_verdict == DMV_VERDICT_FAIL &&
                  o.result.budget_note == NULL && !o.underpowered,
              "rejected, low power: a fail, no budget note");
    outcome_clear(&o);

    /* a builder error is never a pass: require_effect without a test, a bad plot series */
    outcome_init(&o, NULL);
    o.result.verdict = DMV_VERDICT_PASS;
    DMV_CHECK(dmv_result_require_effect(&o.result, 0.1) == DMV_EINVAL, "require_effect without a test");
    DMV_CHECK(dmv_outcome_decide(&o, &run, &err) == DMV_OK && o.final_verdict == DMV_VERDICT_INCONCLUSIVE &&
                  o.error != NULL && strstr(o.error, "require_effect") != NULL,
              "builder error: %s", o.error ? o.error : "(none)");
    DMV_CHECK(dmv_run_result_status(&(dmv_run_result){run, 1, &o, 0, 0, 0.0}) == 3, "status 3");
    outcome_clear(&o);
    outcome_init(&o, NULL);
    o.result.verdict = DMV_VERDICT_PASS;
    {
        double x[2] = {1, 2};
        dmv_ev_plot *p = dmv_result_add_plot(&o.result, "p", "x", "y", 0, 0);
        DMV_CHECK(dmv_plot_add_series(p, "s", 2, x, NULL, NULL, NULL) == DMV_EINVAL, "series without y");
        DMV_CHECK(o.result.error == NULL && p->error != NULL, "the plot keeps its error");
    }
    DMV_CHECK(dmv_outcome_decide(&o, &run, &err) == DMV_OK && o.final_verdict == DMV_VERDICT_INCONCLUSIVE &&
                  o.result.error != NULL && strstr(o.result.error, "series 's'") != NULL,
              "plot error copied into the result: %s", o.result.error ? o.result.error : "(none)");
    outcome_clear(&o);
    /* a NaN p-value breaks the claim's evidence, not the run */
    outcome_init(&o, NULL);
    o.result.verdict = DMV_VERDICT_PASS;
    dmv_result_add_test(&o.result, "t", 0, NAN, 0, 1, 0.01, "sd");
    DMV_CHECK(dmv_outcome_decide(&o, &run, &err) == DMV_OK && o.final_verdict == DMV_VERDICT_INCONCLUSIVE &&
                  o.error != NULL,
              "NaN p-value");
    outcome_clear(&o);

    /* expectations */
    {
        static const dmv_verdict v[3] = {DMV_VERDICT_FAIL, DMV_VERDICT_PASS, DMV_VERDICT_INCONCLUSIVE};
        static const dmv_expectation want[3] = {DMV_EXPECTATION_MET, DMV_EXPECTATION_UNEXPECTED_PASS,
                                                DMV_EXPECTATION_UNRESOLVED};
        static const int status[3] = {0, 1, 3};
        static const char *name[3] = {"expected fail", "unexpected pass", "inconclusive"};
        int i;
        for (i = 0; i < 3; i++) {
            dmv_run_result rr;
            outcome_init(&o, &xc);
            o.result.verdict = v[i];
            DMV_CHECK(dmv_outcome_decide(&o, &run, &err) == DMV_OK, "decide");
            DMV_CHECK(o.expectation == want[i] && o.final_verdict == v[i], "expectation %d: %d", i, (int) o.expectation);
            DMV_CHECK(strcmp(dmv_outcome_name(&o), name[i]) == 0, "name %s", dmv_outcome_name(&o));
            memset(&rr, 0, sizeof rr);
            rr.n = 1;
            rr.outcomes = &o;
            DMV_CHECK(dmv_run_result_status(&rr) == status[i], "status %d for %s", dmv_run_result_status(&rr),
                      name[i]);
            outcome_clear(&o);
        }
        /* without an expectation a fail is a failure */
        outcome_init(&o, NULL);
        o.result.verdict = DMV_VERDICT_FAIL;
        dmv_outcome_decide(&o, &run, &err);
        DMV_CHECK(o.expectation == DMV_EXPECTATION_NONE && dmv_outcome_is_failure(&o), "plain fail");
        outcome_clear(&o);
    }

    /* real claims: pg.law.em alone and with others gives the same verdict, p-values and thresholds */
    {
        dmv_run_result alone, many;
        const char *p1[1] = {"pg.law.em"};
        const char *p2[2] = {"pg.law.e*", "pg.pathwise.em"};
        long i, j, k = -1;
        dmv_run_default(&run);
        run.quick = 1;
        DMV_CHECK(dmv_run_claims(&alone, &run, p1, 1, &err) == DMV_OK, "run alone: %s", err.msg);
        DMV_CHECK(dmv_run_claims(&many, &run, p2, 2, &err) == DMV_OK, "run with others: %s", err.msg);
        DMV_CHECK(alone.n == 1 && many.n >= 3, "selections: %ld, %ld", alone.n, many.n);
        DMV_CHECK(alone.run.claim_alpha == 1e-3 / (double) K && many.run.claim_alpha == alone.run.claim_alpha,
                  "claim_alpha %g %g", alone.run.claim_alpha, many.run.claim_alpha);
        for (i = 0; i < many.n; i++)
            if (strcmp(many.outcomes[i].claim->id, "pg.law.em") == 0)
                k = i;
        DMV_CHECK(k >= 0, "pg.law.em not in the larger run");
        if (k >= 0 && alone.n == 1) {
            const dmv_outcome *x = &alone.outcomes[0], *y = &many.outcomes[k];
            DMV_CHECK(x->final_verdict == y->final_verdict, "verdicts %s vs %s", dmv_verdict_name(x->final_verdict),
                      dmv_verdict_name(y->final_verdict));
            DMV_CHECK(x->result.ntests == y->result.ntests && x->result.ntests > 0, "tests");
            for (j = 0; j < x->result.ntests && j < y->result.ntests; j++) {
                DMV_CHECK(x->result.tests[j].p_value == y->result.tests[j].p_value, "p-value of test %ld", j);
                DMV_CHECK(x->result.tests[j].adjusted_level == y->result.tests[j].adjusted_level,
                          "threshold of test %ld: %g vs %g", j, x->result.tests[j].adjusted_level,
                          y->result.tests[j].adjusted_level);
                DMV_CHECK(x->result.tests[j].adjusted_level >= alone.run.claim_alpha / (double) x->result.ntests &&
                              x->result.tests[j].adjusted_level <= alone.run.claim_alpha,
                          "threshold within [a/n, a]");
            }
        }
        dmv_run_result_clear(&alone);
        dmv_run_result_clear(&many);
    }
    DMV_TEST_DONE("t-run");
}
