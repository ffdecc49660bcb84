/* The registry: unique ids, every claim documented, default suite non-empty,
 * lookups consistent, every claim points to its paper record (the id's prefix is the paper's id;
 * the papers' tables one after the other, the implementation checks last); the exit status rule
 * of a run. */
#include <stdio.h>
#include <string.h>

#include "dmv/claim.h"
#include "dmv_test.h"

int main(void)
{
    long i, j, n = dmv_claim_count(), ndefault = 0, npapers = 0;
    const dmv_paper *papers[16];
    DMV_CHECK(n > 0, "empty registry");
    for (i = 0; i < n; i++) {
        const dmv_claim *c = dmv_claim_get(i);
        /* implementation checks (core.*, paper "dmverify implementation check") have no arXiv id
         * (docs/report-schema.md: string or null); every claim of a paper has one */
        DMV_CHECK(c->id && c->paper && c->statement && c->method && c->check, "claim %ld incomplete", i);
        DMV_CHECK(c->paper->id && c->paper->title && c->paper->citation, "claim %s: paper record incomplete", c->id);
        DMV_CHECK(dmv_claim_citation(c) == c->paper->citation && dmv_claim_arxiv(c) == c->paper->arxiv,
                  "claim %s: citation/arxiv not the paper record's", c->id);
        DMV_CHECK(strncmp(c->id, c->paper->id, strlen(c->paper->id)) == 0 && c->id[strlen(c->paper->id)] == '.',
                  "claim %s: id does not start with its paper's id '%s.'", c->id, c->paper->id);
        DMV_CHECK(c->paper->arxiv != NULL || (strcmp(c->paper->id, "core") == 0 &&
                                              strcmp(c->paper->citation, "dmverify implementation check") == 0),
                  "claim %s: no arXiv id", c->id);
        if (c->paper->authors != NULL) { /* the citation is "authors, title (venue)" */
            char cite[512];
            snprintf(cite, sizeof cite, "%s, %s (%s)", c->paper->authors, c->paper->title,
                     c->paper->venue ? c->paper->venue : "");
            DMV_CHECK(strcmp(cite, c->paper->citation) == 0, "claim %s: citation '%s'", c->id, c->paper->citation);
        }
        /* the papers come one after the other: a paper seen before must be the current one */
        if (npapers == 0 || papers[npapers - 1] != c->paper) {
            for (j = 0; j < npapers; j++)
                DMV_CHECK(papers[j] != c->paper, "claim %s: paper '%s' not contiguous", c->id, c->paper->id);
            DMV_CHECK(npapers < 16, "too many papers");
            papers[npapers++] = c->paper;
        }
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
    DMV_CHECK(npapers >= 2 && strcmp(papers[0]->id, "pg") == 0 && strcmp(papers[npapers - 1]->id, "core") == 0,
              "paper order: %ld papers, first '%s', last '%s' (pg first, the checks last)", npapers,
              npapers ? papers[0]->id : "?", npapers ? papers[npapers - 1]->id : "?");
    DMV_CHECK(strcmp(dmv_claim_get(0)->paper->citation, "Pierret & Galerne, Diffusion models for Gaussian "
                     "distributions: exact solutions and Wasserstein errors (ICML 2025)") == 0 &&
                  strcmp(dmv_claim_get(0)->paper->arxiv, "2405.14250") == 0,
              "pg citation '%s' (reports/baseline/report.json has the published one)", dmv_claim_get(0)->paper->citation);
    DMV_CHECK(dmv_claim_citation(NULL) == NULL && dmv_claim_arxiv(NULL) == NULL, "NULL claim");
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
