/* Claim pg.order.<scheme>: the observed convergence order of a scheme.
 *
 * What is measured: on the 8-eigenvalue test spectrum (theorems/pg/pg_problem.c,
 * non-zero mean), VP linear (beta 0.05..10, T = 1), uniform grid to
 * eps = ORDER_EPS, start N(0, I) for both, the certified W2 distance between
 * the exact output law of the scheme (reference/, affine maps) and the exact
 * law of the continuous sampler it discretises, stopped at the same eps:
 * the reverse SDE for stochastic schemes (EM, EI, DDPM, DDIM eta = 1), the
 * PF-ODE for deterministic ones. This is an error in law (a weak error of the
 * first two moments, which determine these Gaussian laws), not a strong
 * (pathwise) error: for the SDE schemes the law error is first order.
 *
 * N = 32, 64, ..., 4096 steps; the order is minus the least-squares slope of
 * log W2 against log N over the last ORDER_NFIT values (NFE = N times the
 * evaluations per step, the same slope). Pass: |order - expected| <= ORDER_TOL
 * with the expected order from dmv_scheme_order. Inconclusive if a fitted W2
 * ball is not resolved (contains 0 or relative radius > 1e-6). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/ref.h"
#include "dmv/str.h"
#include "pg_claims.h"

#define ORDER_PREC 192
#define ORDER_NK DMV_PG_ORDER_NK
#define ORDER_N0 DMV_PG_ORDER_N0
#define ORDER_NFIT DMV_PG_ORDER_NFIT
#define ORDER_TOL DMV_PG_ORDER_TOL
#define ORDER_EPS DMV_PG_ORDER_EPS

double dmv_pg_fit_slope(const double *x, const double *y, long n)
{
    double mx = 0, my = 0, sxx = 0, sxy = 0;
    long i;
    for (i = 0; i < n; i++) {
        mx += log(x[i]);
        my += log(y[i]);
    }
    mx /= (double) n;
    my /= (double) n;
    for (i = 0; i < n; i++) {
        double dx = log(x[i]) - mx;
        sxx += dx * dx;
        sxy += dx * (log(y[i]) - my);
    }
    return sxy / sxx;
}

dmv_verdict dmv_pg_order_decide(double *order, const double *nsteps, arb_srcptr w2, long n, long nfit, double expected,
                                double tol)
{
    double *y = malloc((size_t) nfit * sizeof *y);
    long i;
    dmv_verdict v;
    *order = NAN;
    if (y == NULL || nfit < 2 || nfit > n) {
        free(y);
        return DMV_VERDICT_INCONCLUSIVE;
    }
    for (i = 0; i < nfit; i++) {
        arb_srcptr b = w2 + (n - nfit + i);
        double mid = arf_get_d(arb_midref(b), ARF_RND_NEAR), rad = mag_get_d(arb_radref(b));
        if (!arb_is_finite(b) || !arb_is_positive(b) || !(rad <= 1e-6 * mid)) {
            free(y);
            return DMV_VERDICT_INCONCLUSIVE; /* the precision floor */
        }
        y[i] = mid;
    }
    *order = -dmv_pg_fit_slope(nsteps + (n - nfit), y, nfit);
    v = (fabs(*order - expected) <= tol) ? DMV_VERDICT_PASS : DMV_VERDICT_FAIL;
    free(y);
    return v;
}

int dmv_claim_pg_order_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    const dmv_pg_scheme_param *sp = c->params;
    const slong prec = ORDER_PREC;
    const long d = DMV_PG_SPECTRUM_D;
    int threads = (run->threads > 0) ? run->threads : 1, sde, epsteps, status = DMV_OK, expected;
    long k, j;
    dmv_problem pb;
    arb_ptr A, Bsq, cc, ms, vs, mt, vt, w2;
    arb_t tot;
    double nst[ORDER_NK], nfe[ORDER_NK], w2d[ORDER_NK], order, local[ORDER_NK];
    char *cells[ORDER_NK * 4];
    dmv_verdict v;

    dmv_pg_test_problem(&pb, sp, ORDER_N0);
    pb.grid.eps = ORDER_EPS;
    sde = dmv_scheme_is_stochastic(&pb.scheme);
    if (pb.scheme.kind == DMV_SCHEME_DDIM && pb.scheme.eta != 0.0 && pb.scheme.eta != 1.0)
        return dmv_error_set(err, DMV_EUNSUPPORTED,
                             "pg.order: DDIM with eta = %g has no continuous limit here (eta 0: PF-ODE, 1: SDE)",
                             pb.scheme.eta);
    expected = dmv_scheme_order(pb.scheme.kind);
    epsteps = dmv_scheme_evals_per_step(pb.scheme.kind);
    memset(cells, 0, sizeof cells);
    A = _arb_vec_init(d); Bsq = _arb_vec_init(d); cc = _arb_vec_init(d); ms = _arb_vec_init(d);
    vs = _arb_vec_init(d); mt = _arb_vec_init(d); vt = _arb_vec_init(d); w2 = _arb_vec_init(ORDER_NK);
    arb_init(tot);

    /* the target: the exact continuous law at eps from the same start */
    status = dmv_ref_spectrum_continuous(mt, vt, sde, &pb.process, pb.grid.eps, &pb.init, &pb.data, prec, err);
    for (k = 0; k < ORDER_NK && status == DMV_OK; k++) {
        dmv_ref_schedule sch;
        pb.grid.steps = ORDER_N0 << k;
        nst[k] = (double) pb.grid.steps;
        nfe[k] = nst[k] * epsteps;
        status = dmv_ref_schedule_init(&sch, &pb.process, &pb.grid, &pb.scheme, prec, err);
        if (status != DMV_OK)
            break;
        status = dmv_ref_spectrum_map(A, Bsq, cc, &sch, &pb.data, NULL, threads, prec, err);
        dmv_ref_schedule_clear(&sch);
        if (status == DMV_OK)
            status = dmv_ref_spectrum_apply(ms, vs, A, Bsq, cc, &pb.init, &pb.process, &pb.data, prec, err);
        if (status != DMV_OK)
            break;
        dmv_ref_w2sq_spectrum(tot, NULL, ms, vs, mt, vt, d, prec);
        arb_sqrtpos(w2 + k, tot, prec);
        w2d[k] = arf_get_d(arb_midref(w2 + k), ARF_RND_NEAR);
        if (run->progress)
            run->progress(run->progress_ctx, c->id, (double) (k + 1) / ORDER_NK, "step counts");
    }
    if (status != DMV_OK)
        goto out;

    v = dmv_pg_order_decide(&order, nst, w2, ORDER_NK, ORDER_NFIT, (double) expected, ORDER_TOL);
    {
        const char *header[4] = {"steps N", "NFE", "W2 to the continuous law (ball)", "local order"};
        char buf[160], name[96];
        for (k = 0; k < ORDER_NK; k++) {
            local[k] = (k > 0 && w2d[k] > 0 && w2d[k - 1] > 0) ? -log(w2d[k] / w2d[k - 1]) / log(2.0) : NAN;
            snprintf(buf, sizeof buf, "%ld", (long) nst[k]);
            cells[4 * k] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%ld", (long) nfe[k]);
            cells[4 * k + 1] = dmv_strdup(buf);
            dmv_pg_ball_cell(buf, sizeof buf, w2 + k);
            cells[4 * k + 2] = dmv_strdup(buf);
            if (k > 0)
                snprintf(buf, sizeof buf, "%.4f", local[k]);
            else
                snprintf(buf, sizeof buf, "-");
            cells[4 * k + 3] = dmv_strdup(buf);
            snprintf(name, sizeof name, "W2(scheme law, continuous law), N = %ld", (long) nst[k]);
            dmv_pg_add_ball(out, name, w2 + k, NULL);
        }
        dmv_result_add_table(out, "certified W2 error against step count", ORDER_NK, 4, header,
                             (const char *const *) cells);
        {
            dmv_ev_plot *pl = dmv_result_add_plot(out, "W2 error against NFE", "NFE",
                                                  "W2(scheme law, continuous law)", 1, 1);
            if (pl != NULL) {
                double ref[ORDER_NK];
                snprintf(buf, sizeof buf, "%s (fitted order %.3f on the last %d points)",
                         dmv_scheme_name(pb.scheme.kind), order, ORDER_NFIT);
                dmv_plot_add_series(pl, buf, ORDER_NK, nfe, w2d, NULL, NULL);
                for (k = 0; k < ORDER_NK; k++)
                    ref[k] = w2d[ORDER_NK - 1] * pow(nfe[ORDER_NK - 1] / nfe[k], (double) expected);
                snprintf(buf, sizeof buf, "slope -%d (expected order)", expected);
                dmv_plot_add_series(pl, buf, ORDER_NK, nfe, ref, NULL, NULL);
            }
        }
    }
    dmv_result_add_number(out, "fitted order", order, 0, NULL);
    dmv_result_add_number(out, "expected order", (double) expected, 0, NULL);
    dmv_result_add_number(out, "tolerance", ORDER_TOL, 0, NULL);
    if (v != DMV_VERDICT_INCONCLUSIVE) {
        char name[160];
        snprintf(name, sizeof name, "|fitted order - expected order %d|", expected);
        dmv_result_add_margin(out, name, fabs(order - (double) expected), ORDER_TOL, DMV_MARGIN_MAX, NULL);
    }
    dmv_result_add_number(out, "eps", ORDER_EPS, 0, NULL);
    out->verdict = v;
    if (v == DMV_VERDICT_INCONCLUSIVE) {
        dmv_result_set_summary(out, "%s: the W2 error at N = %ld is not resolved at %ld bits",
                               dmv_scheme_name(pb.scheme.kind), (long) nst[ORDER_NK - 1], (long) prec);
        dmv_result_set_budget_note(out, "rerun at a higher working precision (e.g. %ld bits)", (long) (2 * prec));
    } else {
        dmv_result_set_summary(out,
                               "%s%s vs the exact %s law at eps = %g: observed order %.3f on N = %ld..%ld (expected "
                               "%d +- %.2f); W2 = %.3g at N = %ld",
                               dmv_scheme_name(pb.scheme.kind),
                               pb.scheme.kind == DMV_SCHEME_DDIM ? (sde ? " (eta = 1)" : " (eta = 0)") : "", sde ? "reverse-SDE" : "PF-ODE", ORDER_EPS, order,
                               (long) nst[ORDER_NK - ORDER_NFIT], (long) nst[ORDER_NK - 1], expected, ORDER_TOL,
                               w2d[ORDER_NK - 1], (long) nst[ORDER_NK - 1]);
    }
out:
    for (k = 0; k < ORDER_NK * 4; k++)
        free(cells[k]);
    _arb_vec_clear(A, d); _arb_vec_clear(Bsq, d); _arb_vec_clear(cc, d); _arb_vec_clear(ms, d);
    _arb_vec_clear(vs, d); _arb_vec_clear(mt, d); _arb_vec_clear(vt, d); _arb_vec_clear(w2, ORDER_NK);
    arb_clear(tot);
    (void) j;
    return status;
}
