/* The registry: unique ids, every claim documented, default suite non-empty,
 * lookups consistent; the exit status rule of a run. */
#include <string.h>

#include "dmv/claim.h"
#include "dmv_test.h"

int main(void)
{
    long i, j, n = dmv_claim_count(), ndefault = 0;
    DMV_CHECK(n > 0, "empty registry");
    for (i = 0; i < n; i++) {
        const dmv_claim *c = dmv_claim_get(i);
        /* implementation checks (core.*, paper "dmverify implementation check") have no arXiv id
         * (docs/report-schema.md: string or null); every claim of a paper has one */
        DMV_CHECK(c->id && c->paper && c->statement && c->method && c->check, "claim %ld incomplete", i);
        DMV_CHECK(c->arxiv != NULL || (strncmp(c->id, "core.", 5) == 0 &&
                                       strcmp(c->paper, "dmverify implementation check") == 0),
                  "claim %s: no arXiv id", c->id ? c->id : "?");
        DMV_CHECK(strlen(c->statement) > 20, "claim %s: statement too short", c->id);
        DMV_CHECK(dmv_claim_find(c->id) == c, "find(%s) is not the same entry", c->id);
        for (j = 0; j < i; j++)
            DMV_CHECK(strcmp(c->id, dmv_claim_get(j)->id) != 0, "duplicate id %s", c->id);
        ndefault += (c->in_default != DMV_SUITE_NONE);
        DMV_CHECK(c->in_default >= DMV_SUITE_NONE && c->in_default <= DMV_SUITE_FULL_ONLY, "claim %s: suite %d", c->id, c->in_default);
        /* an expected failure is a documented finding: it says why and where the evidence is */
        DMV_CHECK(c->expect == DMV_EXPECT_PASS || c->expect == DMV_EXPECT_FAIL, "claim %s: expect %d", c->id, c->expect);
        if (c->expect == DMV_EXPECT_FAIL)
            DMV_CHECK(c->expect_reason != NULL && strlen(c->expect_reason) > 10 && c->expect_evidence != NULL &&
                          strlen(c->expect_evidence) > 3,
                      "claim %s: an expected failure without its reason and evidence", c->id);
        else
            DMV_CHECK(c->expect_reason == NULL && c->expect_evidence == NULL,
                      "claim %s: a reason for a failure that is not expected", c->id);
        if (c->data_files != NULL)
            DMV_CHECK(strlen(c->data_files) > 0 && c->data_files[0] != ' ', "claim %s: data_files '%s'", c->id,
                      c->data_files);
    }
    DMV_CHECK(ndefault > 0, "no claim in the default suite");
    DMV_CHECK(dmv_claim_get(-1) == NULL && dmv_claim_get(n) == NULL, "out-of-range get");
    DMV_CHECK(dmv_claim_find("no.such.claim") == NULL, "found a claim that does not exist");
    {
        /* exit status: fail beats inconclusive beats pass */
        dmv_outcome o[3];
        dmv_run_result r;
        memset(o, 0, sizeof o);
        memset(&r, 0, sizeof r);
        r.outcomes = o;
        r.n = 3;
        DMV_CHECK(dmv_run_result_status(&r) == 0, "all pass");
        o[1].final_verdict = DMV_VERDICT_INCONCLUSIVE;
        DMV_CHECK(dmv_run_result_status(&r) == 3, "one inconclusive");
        o[2].final_verdict = DMV_VERDICT_FAIL;
        DMV_CHECK(dmv_run_result_status(&r) == 1, "one fail");
    }
    {
        /* the run's per-claim level: alpha divided by the registry's size, whatever is selected */
        dmv_run run;
        dmv_run_result res;
        dmv_error err;
        const char *pats[1] = {"pg.order.em"};
        dmv_run_default(&run);
        run.quick = 1;
        dmv_error_init(&err);
        DMV_CHECK(dmv_run_claims(&res, &run, pats, 1, &err) == DMV_OK, "run pg.order.em: %s", err.msg);
        DMV_CHECK(res.run.claim_alpha == run.alpha / (double) n && res.run.nclaims == 1, "claim_alpha %g, want %g / %ld",
                  res.run.claim_alpha, run.alpha, n);
        dmv_run_result_clear(&res);
    }
    {
        dmv_run run;
        dmv_run_result res;
        dmv_error err;
        const char *pats[1] = {"zzz.*"};
        dmv_run_default(&run);
        dmv_error_init(&err);
        DMV_CHECK(dmv_run_claims(&res, &run, pats, 1, &err) == DMV_EINVAL, "unmatched pattern accepted");
        DMV_CHECK(strstr(err.msg, "zzz.*") != NULL, "message does not name the pattern: %s", err.msg);
        dmv_run_result_clear(&res);
    }
    DMV_TEST_DONE("t-registry");
}
