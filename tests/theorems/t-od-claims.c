/* The od claims (theorems/od/) end to end, against values from elsewhere:
 * - the registry lists the seven od claims, each with its statement and method;
 * - od.conditioning's condition numbers against double-precision hand formulas: the diagonal cases
 *   kappa_z = (s^2 + a_max^2)/(s^2 + a_min^2), kappa_x = (1/a_min^2 + 1/s^2)/(1/a_max^2 + 1/s^2)
 *   (docs/math/outsourced.md), lin2 by the explicit 2 x 2 inverse and eigenvalue formulas;
 * - the certified claims pass through the run (Holm, power and error rules);
 * - the power rule: od.sampler.law with 2000 samples cannot detect the required effects and is
 *   inconclusive, never a pass. */
#include "dmv/claim.h"
#include "dmv_test.h"

static double cell_mid(const dmv_ev_table *t, long row, long col)
{
    return strtod(t->cells[row * t->ncols + col], NULL);
}

static double kappa2(double p, double q, double r)
{
    double h = (p + r) / 2, d = sqrt((p - r) * (p - r) / 4 + q * q);
    return (h + d) / (h - d);
}

static void conditioning_values(const dmv_result *res)
{
    const double s2[3] = {0.01, 1, 9}, a1 = 3, a2 = 0.1;
    const double A[4] = {1.5, 0.4, -0.3, 0.8}, s2l = 0.25;
    const dmv_ev_table *t;
    double det, P[4], I[4], kz, kx;
    long i;
    DMV_CHECK(res->ntables == 1 && res->tables[0].nrows == 4, "od.conditioning has its table");
    if (res->ntables != 1 || res->tables[0].nrows != 4)
        return;
    t = &res->tables[0];
    for (i = 0; i < 3; i++) {
        kz = (s2[i] + a1 * a1) / (s2[i] + a2 * a2);
        kx = (1 / (a2 * a2) + 1 / s2[i]) / (1 / (a1 * a1) + 1 / s2[i]);
        DMV_CHECK(fabs(cell_mid(t, i, 1) - kz) <= 1e-9 * kz && fabs(cell_mid(t, i, 2) - kx) <= 1e-9 * kx,
                  "s2 = %g: kappa_z %s vs %g, kappa_x %s vs %g", s2[i], t->cells[i * t->ncols + 1], kz,
                  t->cells[i * t->ncols + 2], kx);
    }
    /* lin2: Hz = I + A^T A / s2, Hx = (A A^T)^{-1} + I / s2 */
    kz = kappa2(1 + (A[0] * A[0] + A[2] * A[2]) / s2l, (A[0] * A[1] + A[2] * A[3]) / s2l,
                1 + (A[1] * A[1] + A[3] * A[3]) / s2l);
    P[0] = A[0] * A[0] + A[1] * A[1];
    P[1] = P[2] = A[0] * A[2] + A[1] * A[3];
    P[3] = A[2] * A[2] + A[3] * A[3];
    det = P[0] * P[3] - P[1] * P[2];
    I[0] = P[3] / det;
    I[1] = -P[1] / det;
    I[3] = P[0] / det;
    kx = kappa2(I[0] + 1 / s2l, I[1], I[3] + 1 / s2l);
    DMV_CHECK(fabs(cell_mid(t, 3, 1) - kz) <= 1e-9 * kz && fabs(cell_mid(t, 3, 2) - kx) <= 1e-9 * kx,
              "lin2: kappa_z %s vs %g, kappa_x %s vs %g", t->cells[3 * t->ncols + 1], kz, t->cells[3 * t->ncols + 2], kx);
    DMV_CHECK(strstr(t->cells[3 * t->ncols + 3], kz < kx ? "noise" : "data") != NULL, "lin2 side '%s'",
              t->cells[3 * t->ncols + 3]);
}

int main(void)
{
    static const char *ids[7] = {"od.pushforward.affine", "od.pushforward.nonlinear", "od.sampler.law", "od.sampler.kl",
                                 "od.tb.optimum", "od.rtb.rate", "od.conditioning"};
    const char *exact[6] = {"od.pushforward.affine", "od.pushforward.nonlinear", "od.sampler.kl", "od.tb.optimum",
                            "od.rtb.rate", "od.conditioning"};
    const char *law[1] = {"od.sampler.law"};
    dmv_run run;
    dmv_run_result rr;
    dmv_error err;
    long i;
    dmv_error_init(&err);
    for (i = 0; i < 7; i++) {
        const dmv_claim *c = dmv_claim_find(ids[i]);
        DMV_CHECK(c != NULL, "claim %s is registered", ids[i]);
        if (c != NULL)
            DMV_CHECK(c->statement && strlen(c->statement) > 100 && c->method && strlen(c->method) > 50 &&
                          strcmp(c->paper->arxiv, "2502.06999") == 0,
                      "%s: statement, method, paper", ids[i]);
    }
    dmv_run_default(&run);
    DMV_CHECK(dmv_run_claims(&rr, &run, exact, 6, &err) == DMV_OK, "%s", err.msg);
    for (i = 0; i < rr.n; i++) {
        DMV_CHECK(rr.outcomes[i].final_verdict == DMV_VERDICT_PASS, "%s: %s (%s)", rr.outcomes[i].claim->id,
                  dmv_outcome_name(&rr.outcomes[i]),
                  rr.outcomes[i].result.summary ? rr.outcomes[i].result.summary : "");
        if (strcmp(rr.outcomes[i].claim->id, "od.conditioning") == 0)
            conditioning_values(&rr.outcomes[i].result);
    }
    dmv_run_result_clear(&rr);
    /* power rule: too few samples for the required effects */
    run.law_samples = 2000;
    DMV_CHECK(dmv_run_claims(&rr, &run, law, 1, &err) == DMV_OK, "%s", err.msg);
    DMV_CHECK(rr.n == 1 && rr.outcomes[0].final_verdict == DMV_VERDICT_INCONCLUSIVE && rr.outcomes[0].underpowered,
              "od.sampler.law with 2000 samples: %s", rr.n == 1 ? dmv_outcome_name(&rr.outcomes[0]) : "?");
    dmv_run_result_clear(&rr);
    DMV_TEST_DONE("t-od-claims");
}
