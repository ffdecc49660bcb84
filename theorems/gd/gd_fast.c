/* The sampler-side claims of Chidambaram et al. (theorems/gd/gd_claims.h): G8 (the paper's solver
 * loses good samples while the exact flow keeps them all) and G9 (the fast sampler against the
 * reference flow at the same quantile starts, with an order check under step halving). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/ref_guided.h"
#include "gd_claims.h"

static double midd(const arb_t x)
{
    return arf_get_d(arb_midref(x), ARF_RND_NEAR);
}

static double radd(const arb_t x)
{
    return mag_get_d(arb_radref(x));
}

static int ref_setup(dmv_ref_guided *g, dmv_guided_kind kind, double w, dmv_error *err)
{
    dmv_ref_guided_init(g);
    g->kind = kind;
    g->a1 = GD_A1;
    g->a2 = GD_A2;
    g->w = w;
    g->T = GD_T;
    g->tol = GD_TOL;
    g->prec = GD_PREC;
    return dmv_ref_guided_setup(g, err);
}

/* ---- G8 ---- */
int dmv_claim_gd_g8_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    static const double ws[4] = {1, 3, 7, 15};
    long n = GD_G8_N, i, k;
    double *x = malloc((size_t) n * sizeof *x), *y = malloc((size_t) n * sizeof *y), share[4], lo = INFINITY,
           hi = -INFINITY;
    char js[1024], cell[4][4][48];
    const char *cells[16], *hdr[4] = {"w", "good share, Euler 1000 steps (fast)", "exact flow y(-8)", "exact flow y(8)"};
    arb_t xb, yb;
    int rc = DMV_OK, ok = 1;
    (void) c;
    (void) run;
    if (x == NULL || y == NULL) {
        free(x);
        free(y);
        return dmv_error_set(err, DMV_ENOMEM, "gd.G8: out of memory");
    }
    arb_init(xb);
    arb_init(yb);
    dmv_gd_quantile_starts_d(x, n);
    for (k = 0; k < 4 && rc == DMV_OK; k++) {
        long good = 0, e;
        dmv_gd_uniform_json(js, sizeof js, ws[k]);
        rc = dmv_gd_fast_from_starts(y, js, x, n, DMV_SCHEME_EULER, GD_G8_STEPS, GD_T, err);
        for (i = 0; i < n && rc == DMV_OK; i++)
            if (y[i] >= GD_A1 && y[i] <= GD_A2)
                good++;
        share[k] = (double) good / (double) n;
        snprintf(cell[k][0], 48, "%g", ws[k]);
        snprintf(cell[k][1], 48, "%.4f", share[k]);
        for (e = 0; e < 2 && rc == DMV_OK; e++) { /* the exact flow at the extreme starts */
            dmv_ref_guided g;
            rc = ref_setup(&g, DMV_GUIDED_UNIFORM, ws[k], err);
            arb_set_si(xb, e == 0 ? -GD_G2D_X : GD_G2D_X);
            if (rc == DMV_OK)
                rc = dmv_ref_guided_flow(yb, &g, xb, NULL, err);
            dmv_ref_guided_clear(&g);
            if (rc != DMV_OK)
                break;
            if (e == 0)
                lo = fmin(lo, midd(yb) + radd(yb) - GD_A1);
            else
                hi = fmax(hi, midd(yb) - radd(yb) - GD_A2);
            snprintf(cell[k][2 + e], 48, "%.12f +- %.2g", midd(yb), radd(yb));
        }
        if (k > 0 && !(share[k] < share[k - 1]))
            ok = 0;
    }
    arb_clear(xb);
    arb_clear(yb);
    free(x);
    free(y);
    if (rc != DMV_OK)
        return rc;
    for (i = 0; i < 16; i++)
        cells[i] = cell[i / 4][i % 4];
    dmv_result_add_table(out, "good share under the paper's solver vs the exact flow (U[1,2] / U[-2,-1], T = 10)", 4, 4,
                         hdr, cells);
    for (k = 1; k < 4; k++) {
        char nm[80];
        snprintf(nm, sizeof nm, "Euler good share at w = %g (below the share at w = %g)", ws[k], ws[k - 1]);
        dmv_result_add_margin(out, nm, share[k], share[k - 1], DMV_MARGIN_MAX, NULL);
    }
    dmv_result_add_margin(out, "exact flow: min over w of y(-8) + bound - a1", lo, 0, DMV_MARGIN_MIN, NULL);
    dmv_result_add_margin(out, "exact flow: max over w of y(8) - bound - a2", hi, 0, DMV_MARGIN_MAX, NULL);
    ok = ok && lo >= 0 && hi <= 0;
    out->verdict = ok ? DMV_VERDICT_PASS : DMV_VERDICT_FAIL;
    dmv_result_set_summary(out, "Euler-1000 good share %.3f, %.3f, %.3f, %.3f at w = 1, 3, 7, 15 (falling: %s); exact "
                                "flow keeps every start in [-8, 8] inside [1, 2]: %s",
                           share[0], share[1], share[2], share[3], (share[1] < share[0] && share[2] < share[1] &&
                                                                    share[3] < share[2]) ? "yes" : "no",
                           (lo >= 0 && hi <= 0) ? "yes" : "no");
    return DMV_OK;
}

/* ---- G9 ---- */
int dmv_claim_gd_g9_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    long n = GD_G9_N, i, k;
    double *x = malloc((size_t) n * sizeof *x), *y = malloc((size_t) n * sizeof *y), e[3] = {0, 0, 0}, order[2],
           refrad = 0;
    arb_ptr yr = _arb_vec_init(n);
    char js[1024];
    dmv_ref_guided g;
    int rc, ok = 1;
    (void) c;
    (void) run;
    if (x == NULL || y == NULL) {
        free(x);
        free(y);
        _arb_vec_clear(yr, n);
        return dmv_error_set(err, DMV_ENOMEM, "gd.G9: out of memory");
    }
    dmv_gd_quantile_starts_d(x, n);
    rc = ref_setup(&g, DMV_GUIDED_GAUSS, GD_G9_W, err);
    for (i = 0; i < n && rc == DMV_OK; i++) {
        arb_t xb;
        arb_init(xb);
        arb_set_d(xb, x[i]); /* the same double start as the fast sampler's */
        rc = dmv_ref_guided_flow(yr + i, &g, xb, NULL, err);
        if (radd(yr + i) > refrad)
            refrad = radd(yr + i);
        arb_clear(xb);
    }
    dmv_ref_guided_clear(&g);
    dmv_gd_gauss_json(js, sizeof js, GD_G9_W);
    for (k = 0; k < 3 && rc == DMV_OK; k++) {
        rc = dmv_gd_fast_from_starts(y, js, x, n, DMV_SCHEME_EULER, GD_G9_STEPS << k, GD_T, err);
        for (i = 0; i < n && rc == DMV_OK; i++) {
            double d = fabs(y[i] - midd(yr + i));
            if (!(d <= e[k]))
                e[k] = d;
        }
    }
    free(x);
    free(y);
    _arb_vec_clear(yr, n);
    if (rc != DMV_OK)
        return rc;
    for (k = 0; k < 3; k++) {
        char nm[96];
        snprintf(nm, sizeof nm, "max_i |y_fast - y_ref|, Euler %d steps", GD_G9_STEPS << k);
        dmv_result_add_number(out, nm, e[k], refrad, NULL);
    }
    for (k = 0; k < 2; k++) {
        char nm[96];
        order[k] = log2(e[k] / e[k + 1]);
        snprintf(nm, sizeof nm, "observed order log2(e_%d / e_%d)", GD_G9_STEPS << k, GD_G9_STEPS << (k + 1));
        dmv_result_add_margin(out, nm, order[k], GD_G9_ORDER_LO, DMV_MARGIN_MIN, NULL);
        dmv_result_add_margin(out, nm, order[k], GD_G9_ORDER_HI, DMV_MARGIN_MAX, NULL);
        ok = ok && order[k] >= GD_G9_ORDER_LO && order[k] <= GD_G9_ORDER_HI;
    }
    dmv_result_add_margin(out, "reference bound / smallest error (must be small: <= 1/100)", refrad / e[2], 0.01,
                          DMV_MARGIN_MAX, NULL);
    ok = ok && refrad <= 0.01 * e[2];
    out->verdict = ok ? DMV_VERDICT_PASS : DMV_VERDICT_FAIL;
    dmv_result_set_summary(out, "Euler vs the reference flow (gauss, w = %d, %d quantile starts): max error %.3g, %.3g, "
                                "%.3g at %d, %d, %d steps; order %.3f, %.3f (in [%g, %g])",
                           GD_G9_W, GD_G9_N, e[0], e[1], e[2], GD_G9_STEPS, 2 * GD_G9_STEPS, 4 * GD_G9_STEPS,
                           order[0], order[1], GD_G9_ORDER_LO, GD_G9_ORDER_HI);
    return DMV_OK;
}
