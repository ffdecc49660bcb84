/* pg.order.<scheme>: the check on every scheme (the expected orders of
 * dmv_scheme_order, from the schemes' literature), and the decision fed
 * synthetic W2 values with a known slope (1.5 must fail for order 2 and pass
 * for order 1.5; a ball containing 0 is inconclusive). */
#include <string.h>

#include "dmv/ref.h"
#include "dmv_test.h"
#include "../../theorems/pg/pg_claims.h"

int main(void)
{
    dmv_error err;
    long k;
    /* 1. the decision on values with a known slope: W2 = 3 N^{-1.5} exactly representable? no: balls around it */
    {
        double ns[8];
        arb_ptr w = _arb_vec_init(8);
        double order;
        for (k = 0; k < 8; k++) {
            ns[k] = (double) (32L << k);
            arb_set_d(w + k, 3.0 * pow(ns[k], -1.5));
            mag_set_d(arb_radref(w + k), 1e-20);
        }
        DMV_CHECK(dmv_pg_order_decide(&order, ns, w, 8, 4, 2.0, 0.15) == DMV_VERDICT_FAIL, "slope 1.5 vs 2: %g",
                  order);
        DMV_CHECK(fabs(order - 1.5) < 1e-12, "fitted %.15g, known 1.5", order);
        DMV_CHECK(dmv_pg_order_decide(&order, ns, w, 8, 4, 1.5, 0.15) == DMV_VERDICT_PASS, "slope 1.5 vs 1.5");
        DMV_CHECK(dmv_pg_order_decide(&order, ns, w, 8, 4, 1.0, 0.15) == DMV_VERDICT_FAIL, "slope 1.5 vs 1");
        /* within the tolerance: slope 1.9 passes for 2, 1.8 does not */
        for (k = 0; k < 8; k++)
            arb_set_d(w + k, pow(ns[k], -1.9));
        DMV_CHECK(dmv_pg_order_decide(&order, ns, w, 8, 4, 2.0, 0.15) == DMV_VERDICT_PASS, "1.9 vs 2: %g", order);
        for (k = 0; k < 8; k++)
            arb_set_d(w + k, pow(ns[k], -1.8));
        DMV_CHECK(dmv_pg_order_decide(&order, ns, w, 8, 4, 2.0, 0.15) == DMV_VERDICT_FAIL, "1.8 vs 2: %g", order);
        /* the precision floor */
        mag_set_d(arb_radref(w + 7), 1.0);
        DMV_CHECK(dmv_pg_order_decide(&order, ns, w, 8, 4, 1.8, 0.15) == DMV_VERDICT_INCONCLUSIVE, "floor");
        _arb_vec_clear(w, 8);
        /* hand: points (1, 1), (2, 1/4): slope -2 */
        {
            double x[2] = {1, 2}, y[2] = {1, 0.25};
            DMV_CHECK(fabs(dmv_pg_fit_slope(x, y, 2) + 2.0) < 1e-15, "two-point slope");
        }
    }
    /* 2. the check on every scheme */
    {
        static const dmv_scheme_kind kinds[] = {DMV_SCHEME_EM,   DMV_SCHEME_EI,       DMV_SCHEME_DDPM, DMV_SCHEME_EULER,
                                                DMV_SCHEME_HEUN, DMV_SCHEME_HEUN_EDM, DMV_SCHEME_RK4,  DMV_SCHEME_DDIM,
                                                DMV_SCHEME_DPM2, DMV_SCHEME_DPMPP2M};
        for (k = 0; k <= (long) (sizeof kinds / sizeof kinds[0]); k++) {
            /* the last round: DDIM with eta = 1 (stochastic), against the reverse SDE */
            int last = k == (long) (sizeof kinds / sizeof kinds[0]);
            dmv_pg_scheme_param sp = {last ? DMV_SCHEME_DDIM : kinds[k], last ? 1.0 : 0.0};
            dmv_claim c;
            dmv_run run;
            dmv_result r;
            char id[64];
            snprintf(id, sizeof id, "pg.order.%s%s", dmv_scheme_name(sp.scheme), last ? "-eta1" : "");
            memset(&c, 0, sizeof c);
            c.id = id;
            c.params = &sp;
            memset(&run, 0, sizeof run);
            run.threads = 2;
            run.alpha = 1e-3;
            dmv_result_init(&r);
            dmv_error_init(&err);
            DMV_CHECK(dmv_claim_pg_order_check(&c, &run, &r, &err) == DMV_OK, "%s: %s", id, err.msg);
            printf("%s: %s: %s\n", id, dmv_verdict_name(r.verdict), r.summary ? r.summary : "");
            if (r.ntables > 0) {
                long i;
                for (i = 0; i < r.tables[0].nrows; i++)
                    printf("    %s | %s | %s | %s\n", r.tables[0].cells[4 * i], r.tables[0].cells[4 * i + 1],
                           r.tables[0].cells[4 * i + 2], r.tables[0].cells[4 * i + 3]);
            }
            DMV_CHECK(r.verdict == DMV_VERDICT_PASS, "%s: %s", id, r.summary ? r.summary : "");
            {
                /* the margin: 0.15 - |fitted - expected|, the fit redone here from the table's W2 column
                 * (the last 4 step counts), the expected order from the scheme's literature */
                static const int want[] = {1, 1, 1, 1, 2, 2, 4, 1, 2, 2, 1};
                double x[4], y[4], order = NAN, margin = NAN, flips = NAN;
                long i, q;
                for (q = 0; q < 4 && r.ntables > 0 && r.tables[0].nrows == 8; q++) {
                    x[q] = atof(r.tables[0].cells[4 * (4 + q)]);
                    y[q] = atof(r.tables[0].cells[4 * (4 + q) + 2]);
                }
                if (q == 4)
                    order = -dmv_pg_fit_slope(x, y, 4);
                for (i = 0; i < r.nmargins; i++)
                    if (strncmp(r.margins[i].name, "|fitted order", 13) == 0) {
                        margin = dmv_margin_value(&r.margins[i]);
                        flips = r.margins[i].threshold;
                    }
                DMV_CHECK(fabs(margin - (0.15 - fabs(order - want[k]))) < 1e-6 && flips == 0.15,
                          "%s: margin %g, flips at %g; order refitted here %g, expected %d", id, margin, flips, order,
                          want[k]);
            }
            dmv_result_clear(&r);
        }
    }
    flint_cleanup();
    DMV_TEST_DONE("t-pg-order");
}
