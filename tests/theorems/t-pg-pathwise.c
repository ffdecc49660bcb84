/* The pathwise claims' guard and matrix: the guarded budget on hand-computed inputs
 * (u = 2^-53, so rad + u factor Y_abs is known exactly), a configuration whose reference
 * radius is not negligible (a 40-bit reference) is inconclusive with the reason and never
 * a pass, and a small matrix at the default precision passes with its evidence. */
#include <float.h>
#include <string.h>

#include "dmv/claim.h"
#include "dmv_test.h"
#include "../../theorems/pg/pg_claims.h"

static dmv_verdict run_matrix(const dmv_pg_pathwise_config *cfg, long n, dmv_result *r)
{
    dmv_pg_pathwise_matrix mx;
    dmv_claim c;
    dmv_run run;
    dmv_error err;
    int rc;
    mx.configs = cfg;
    mx.n = n;
    memset(&c, 0, sizeof c);
    c.id = "test.pathwise";
    c.params = &mx;
    dmv_run_default(&run);
    run.quick = 1;
    dmv_error_init(&err);
    dmv_result_init(r);
    rc = dmv_claim_pg_pathwise_matrix_check(&c, &run, r, &err);
    DMV_CHECK(rc == DMV_OK, "matrix check: %s", err.msg);
    return r->verdict;
}

int main(void)
{
    int guard;
    double b;
    /* 1. the budget: 1e-20 + 2^-53 * 100 * 1 */
    b = dmv_pg_pathwise_budget(1e-20, 100.0, 1.0, &guard);
    DMV_CHECK(b == 1e-20 + 100.0 * 0x1.0p-53 && guard == DMV_PG_GUARD_NONE, "budget %.17g guard %d", b, guard);
    /* a radius of 1/8 of the budget is not negligible (1/16 is the limit) */
    b = dmv_pg_pathwise_budget(100.0 * 0x1.0p-53 / 7, 100.0, 1.0, &guard);
    DMV_CHECK(guard == DMV_PG_GUARD_RADIUS, "radius 1/8 of the budget: guard %d", guard);
    b = dmv_pg_pathwise_budget(100.0 * 0x1.0p-53 / 20, 100.0, 1.0, &guard);
    DMV_CHECK(guard == DMV_PG_GUARD_NONE, "radius 1/21 of the budget: guard %d", guard);
    /* non-finite factor (kappa or 1/|a_k| infinite), also with Y_abs = 0 (no 0 * inf = NaN) */
    b = dmv_pg_pathwise_budget(0.0, INFINITY, 1.0, &guard);
    DMV_CHECK(guard == DMV_PG_GUARD_NOT_FINITE && b == INFINITY, "infinite factor: guard %d, budget %g", guard, b);
    b = dmv_pg_pathwise_budget(0.0, INFINITY, 0.0, &guard);
    DMV_CHECK(guard == DMV_PG_GUARD_NOT_FINITE && b == INFINITY, "infinite factor, Y_abs 0: guard %d", guard);
    b = dmv_pg_pathwise_budget(NAN, 10.0, 1.0, &guard);
    DMV_CHECK(guard == DMV_PG_GUARD_NOT_FINITE, "NaN radius: guard %d", guard);
    b = dmv_pg_pathwise_budget(0.0, NAN, 1.0, &guard);
    DMV_CHECK(guard == DMV_PG_GUARD_NOT_FINITE, "NaN factor: guard %d", guard);

    /* 2. a 40-bit reference: its radius (about 2^-40 relative) is far above the ulp budget
     * (about 2^-42 relative): inconclusive, with the reason in the note */
    {
        dmv_pg_pathwise_config cfg[1];
        dmv_result r;
        dmv_verdict v;
        memset(cfg, 0, sizeof cfg);
        cfg[0].process = DMV_PROCESS_VP_LINEAR;
        cfg[0].grid = DMV_GRID_UNIFORM;
        cfg[0].eps = 1e-3;
        dmv_init_default(&cfg[0].init);
        cfg[0].scheme = DMV_SCHEME_EULER;
        cfg[0].steps = 50;
        cfg[0].prec = 40;
        v = run_matrix(cfg, 1, &r);
        DMV_CHECK(v == DMV_VERDICT_INCONCLUSIVE, "40-bit reference: verdict %s (%s)", dmv_verdict_name(v),
                  r.summary ? r.summary : "");
        DMV_CHECK(r.budget_note != NULL && strstr(r.budget_note, "radius") != NULL, "note: %s",
                  r.budget_note ? r.budget_note : "(none)");
        dmv_result_clear(&r);
    }
    /* 3. two configurations at the default precision pass; the evidence has the ulps */
    {
        dmv_pg_pathwise_config cfg[2];
        dmv_result r;
        dmv_verdict v;
        long i, found = 0;
        memset(cfg, 0, sizeof cfg);
        for (i = 0; i < 2; i++) {
            cfg[i].process = i ? DMV_PROCESS_VE : DMV_PROCESS_VP_COSINE;
            cfg[i].grid = i ? DMV_GRID_KARRAS : DMV_GRID_LOGSNR;
            cfg[i].eps = 1e-3;
            dmv_init_default(&cfg[i].init);
            cfg[i].scheme = i ? DMV_SCHEME_HEUN_EDM : DMV_SCHEME_EM;
            cfg[i].steps = 40;
            cfg[i].generic = (int) i;
        }
        v = run_matrix(cfg, 2, &r);
        DMV_CHECK(v == DMV_VERDICT_PASS, "clean matrix: verdict %s (%s)", dmv_verdict_name(v),
                  r.summary ? r.summary : "");
        for (i = 0; i < r.nnumbers; i++)
            if (strcmp(r.numbers[i].name, "max |fast - exact| in ulps of Y_abs") == 0) {
                found = 1;
                DMV_CHECK(r.numbers[i].value > 0 && r.numbers[i].value < 1e3, "ulps %g", r.numbers[i].value);
            }
        DMV_CHECK(found, "no ulps number in the evidence");
        DMV_CHECK(r.ntables == 1 && r.tables[0].nrows == 2, "one row per configuration");
        dmv_result_clear(&r);
    }
    DMV_TEST_DONE("t-pg-pathwise");
}
