/* The checks of the lm claims (docs/math/mismatch.md, A.5; docs/claims.md, "lm"). Every number is
 * a certified Arb enclosure from reference/zs_law.c; a comparison passes only when the enclosures
 * decide it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lm_internal.h"
#include "dmv/str.h"

static const char *const rule_label[LM_NRULE] = {"exact", "DDNM", "BO-DDNM", "PiGDM", "PiGDM (exact cov.)",
                                                 "DPS (w = 1/sigma_y^2)"};

static int nT(const dmv_run *run)
{
    return run->quick ? LM_NT_QUICK : LM_NT;
}

#define CELL_OR_FAIL(var, cs, r, s, t)                                                                      \
    do {                                                                                                  \
        (var) = dmv_lm_cell((cs), (r), (s), (t), err);                                                    \
        if ((var) == NULL && !((r) == DMV_ZS_DPS && dmv_lm_sigma_y[s] == 0))                               \
            return dmv_error_set(err, err->code ? err->code : DMV_EINVAL, "%s: %s", c->id, err->msg);       \
    } while (0)

/* ---- A-P0 ---------------------------------------------------------------------------------------- */
int dmv_lm_check_sanity(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    int cs, s, t, bad = 0, nt = nT(run);
    double worstW = 0, worst_id = 0;
    char why[256] = "";
    for (cs = 0; cs < LM_NCASE; cs++)
        for (s = 0; s < LM_NSY; s++)
            for (t = 0; t < nt; t++) {
                const lm_cell *e, *pe, *dd;
                CELL_OR_FAIL(e, cs, DMV_ZS_EXACT, s, t);
                CELL_OR_FAIL(pe, cs, DMV_ZS_PIGDM_EXACT, s, t);
                /* W = 0 for the exact score and for exact-covariance PiGDM: the enclosure holds 0 and is tiny */
                if (fabs(e->W) > e->W_rad || e->W_rad > 1e-20 || fabs(pe->W) > pe->W_rad || pe->W_rad > 1e-20) {
                    if (!bad++)
                        snprintf(why, sizeof why, "%s sigma_y %g T %ld: W(exact) = %.3g +- %.2g, W(pigdm-exact) = "
                                 "%.3g +- %.2g", dmv_lm_case_name[cs], dmv_lm_sigma_y[s], dmv_lm_T[t], e->W, e->W_rad,
                                 pe->W, pe->W_rad);
                }
                if (e->W_rad > worstW)
                    worstW = e->W_rad;
                if (pe->W_rad > worstW)
                    worstW = pe->W_rad;
                /* the two exact laws are the same law */
                if (fabs(e->kl - pe->kl) > e->kl_rad + pe->kl_rad + 1e-25) {
                    if (!bad++)
                        snprintf(why, sizeof why, "%s sigma_y %g T %ld: KL(exact) %.17g != KL(pigdm-exact) %.17g",
                                 dmv_lm_case_name[cs], dmv_lm_sigma_y[s], dmv_lm_T[t], e->kl, pe->kl);
                }
                if (fabs(e->kl - pe->kl) > worst_id)
                    worst_id = fabs(e->kl - pe->kl);
                /* DDNM at sigma_y = 0 with P Sigma (I - P) = 0 (diag): W = 0 */
                if (cs == 1 && s == 0) {
                    CELL_OR_FAIL(dd, cs, DMV_ZS_DDNM, s, t);
                    if (fabs(dd->W) > dd->W_rad || dd->W_rad > 1e-20) {
                        if (!bad++)
                            snprintf(why, sizeof why, "diag sigma_y 0 T %ld: W(DDNM) = %.3g +- %.2g", dmv_lm_T[t],
                                     dd->W, dd->W_rad);
                    }
                }
                if (t > 0) { /* KL_1 of the exact score decreases with T */
                    const lm_cell *e0;
                    CELL_OR_FAIL(e0, cs, DMV_ZS_EXACT, s, t - 1);
                    if (!(e->kl_hi < e0->kl - e0->kl_rad)) {
                        if (!bad++)
                            snprintf(why, sizeof why, "%s sigma_y %g: KL_1(exact) at T = %ld (%.6g) not below T = "
                                     "%ld (%.6g)", dmv_lm_case_name[cs], dmv_lm_sigma_y[s], dmv_lm_T[t], e->kl,
                                     dmv_lm_T[t - 1], e0->kl);
                    }
                }
            }
    dmv_result_add_number(out, "largest radius of W(exact), W(pigdm-exact)", worstW, 0, NULL);
    dmv_result_add_number(out, "largest |KL(exact) - KL(pigdm-exact)|", worst_id, 0, NULL);
    {
        const lm_cell *a, *b;
        CELL_OR_FAIL(a, 1, DMV_ZS_EXACT, 2, 0);
        CELL_OR_FAIL(b, 1, DMV_ZS_EXACT, 2, nt - 1);
        dmv_result_add_number(out, "KL_1(exact), diag, sigma_y 0.1, smallest T", a->kl, a->kl_rad, NULL);
        dmv_result_add_number(out, "KL_1(exact), diag, sigma_y 0.1, largest T", b->kl, b->kl_rad, NULL);
    }
    out->verdict = bad ? DMV_VERDICT_FAIL : DMV_VERDICT_PASS;
    if (bad)
        dmv_result_set_summary(out, "%d sanity checks fail; first: %s", bad, why);
    else
        dmv_result_set_summary(out, "W = 0 (certified, radius <= %.2g) for the exact score and exact-covariance PiGDM "
                               "and for DDNM at sigma_y = 0 in diag; the two exact laws agree to %.2g; KL_1(exact) "
                               "decreases with T in every case", worstW, worst_id);
    return DMV_OK;
}

/* ---- A-P1 ---------------------------------------------------------------------------------------- */
int dmv_lm_check_bound(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    int cs, r, s, t, nt = nT(run), bad = 0, ncell = 0, row = 0, ndiv = 0;
    double worst_ratio = 0;
    char why[256] = "";
    const char *header[4 + LM_NT] = {"case", "sigma_y", "sampler", "W/2 at largest T"};
    char **cells_txt = calloc((size_t) (LM_NCASE * LM_NRULE * LM_NSY) * (4 + LM_NT), sizeof(char *));
    char buf[96];
    static char hT[LM_NT][32];
    if (cells_txt == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "%s: out of memory", c->id);
    for (t = 0; t < nt; t++) {
        snprintf(hT[t], sizeof hT[t], "KL_1 at T = %ld (path bound)", dmv_lm_T[t]);
        header[4 + t] = hT[t];
    }
    for (cs = 0; cs < LM_NCASE; cs++)
        for (s = 0; s < LM_NSY; s++)
            for (r = 0; r < LM_NRULE; r++) {
                char **rowc = cells_txt + (size_t) row * (4 + nt);
                const lm_cell *e = NULL;
                if (r == DMV_ZS_DPS && dmv_lm_sigma_y[s] == 0)
                    continue;
                rowc[0] = dmv_strdup(dmv_lm_case_name[cs]);
                snprintf(buf, sizeof buf, "%g", dmv_lm_sigma_y[s]);
                rowc[1] = dmv_strdup(buf);
                rowc[2] = dmv_strdup(rule_label[r]);
                for (t = 0; t < nt; t++) {
                    CELL_OR_FAIL(e, cs, r, s, t);
                    if (e->diverged) {
                        rowc[4 + t] = dmv_strdup("diverges (no enclosure)");
                        ndiv++;
                        continue;
                    }
                    ncell++;
                    if (!(e->kl_hi < e->path_lo)) {
                        if (!bad++)
                            snprintf(why, sizeof why, "%s sigma_y %g %s T %ld: KL_1 = %.6g, path KL = %.6g",
                                     dmv_lm_case_name[cs], dmv_lm_sigma_y[s], rule_label[r], dmv_lm_T[t], e->kl,
                                     e->path);
                    }
                    if (e->kl / e->path > worst_ratio)
                        worst_ratio = e->kl / e->path;
                    snprintf(buf, sizeof buf, "%.5g (%.4g)", e->kl, e->path);
                    rowc[4 + t] = dmv_strdup(buf);
                }
                snprintf(buf, sizeof buf, "%.5g", e->W / 2);
                rowc[3] = dmv_strdup(e->diverged ? "-" : buf);
                row++;
            }
    dmv_result_add_table(out, "KL(Q_1|y || P_1) per sampler and T (path KL bound in parentheses)", row, 4 + nt,
                         header, (const char *const *) cells_txt);
    for (t = 0; t < row * (4 + nt); t++)
        free(cells_txt[t]);
    free(cells_txt);
    for (cs = 0; cs < LM_NCASE; cs++) { /* log-log plot: KL_1 against T at sigma_y = 0.1 */
        char name[96];
        dmv_ev_plot *pl;
        snprintf(name, sizeof name, "KL_1 against T, %s, sigma_y = 0.1", dmv_lm_case_name[cs]);
        pl = dmv_result_add_plot(out, name, "T (steps)", "KL(Q_1|y || P_1)", 1, 1);
        for (r = 0; r < LM_NRULE && pl != NULL; r++) {
            double x[LM_NT], yv[LM_NT];
            const lm_cell *e;
            for (t = 0; t < nt; t++) {
                CELL_OR_FAIL(e, cs, r, 2, t);
                x[t] = (double) dmv_lm_T[t];
                yv[t] = e->kl > 1e-300 ? e->kl : 1e-300; /* sigma_y = 0.1: no cell diverges */
            }
            dmv_plot_add_series(pl, rule_label[r], nt, x, yv, NULL, NULL);
        }
    }
    dmv_result_add_number(out, "cells (case x sigma_y x sampler x T)", ncell, 0, NULL);
    dmv_result_add_number(out, "cells without an enclosure (DPS at sigma_y = 0.01: the explicit step diverges)", ndiv,
                          0, NULL);
    dmv_result_add_margin(out, "largest KL_1 / path KL", worst_ratio, 1.0, DMV_MARGIN_MAX, NULL);
    out->verdict = bad ? DMV_VERDICT_FAIL : DMV_VERDICT_PASS;
    if (bad)
        dmv_result_set_summary(out, "%d of %d cells violate KL_1 <= path KL; first: %s", bad, ncell, why);
    else
        dmv_result_set_summary(out, "KL_1 < path KL (certified) in all %d cells; largest ratio %.3g (%d DPS cells at "
                               "sigma_y = 0.01 diverge: no law to bound)", ncell, worst_ratio, ndiv);
    return DMV_OK;
}

/* ---- the paper's own bound ------------------------------------------------------------------------ */
int dmv_lm_check_paper_bound(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    (void) c;
    (void) run;
    (void) err;
    out->verdict = DMV_VERDICT_INCONCLUSIVE;
    dmv_result_set_summary(out, "the theorem's constants, powers of d and the exact mismatch term (score "
                           "differences or posterior-mean differences, with or without derivative terms) could not "
                           "be read: only the abstract and summaries were available; the constant-free forms are "
                           "lm.bound (chain rule + data processing) and lm.limit");
    dmv_result_set_budget_note(out, "read the theorem and its appendix (arXiv 2410.13746) and encode C (W_T + "
                               "discretisation + estimation) with its constants");
    return DMV_OK;
}

/* ---- A-P2 ---------------------------------------------------------------------------------------- */
int dmv_lm_check_bo(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    int cs, s, bad = 0, t = nT(run) - 1;
    double min_ratio = INFINITY;
    char why[256] = "";
    for (cs = 0; cs < LM_NCASE; cs++)
        for (s = 0; s < LM_NSY; s++) {
            const lm_cell *bo, *dd;
            char name[128];
            CELL_OR_FAIL(bo, cs, DMV_ZS_BO_DDNM, s, t);
            CELL_OR_FAIL(dd, cs, DMV_ZS_DDNM, s, t);
            snprintf(name, sizeof name, "KL_1(DDNM) / KL_1(BO-DDNM), %s, sigma_y %g, T %ld", dmv_lm_case_name[cs],
                     dmv_lm_sigma_y[s], dmv_lm_T[t]);
            if (s == 0) { /* equality: the two rules coincide at sigma_y = 0 */
                if (fabs(bo->kl - dd->kl) > bo->kl_rad + dd->kl_rad + 1e-25 && !bad++)
                    snprintf(why, sizeof why, "%s sigma_y 0: KL(BO) %.17g != KL(DDNM) %.17g", dmv_lm_case_name[cs],
                             bo->kl, dd->kl);
                continue;
            }
            dmv_result_add_margin(out, name, dd->kl / bo->kl, 1.0, DMV_MARGIN_MIN, NULL);
            if (!(bo->kl_hi < dd->kl - dd->kl_rad) && !bad++)
                snprintf(why, sizeof why, "%s sigma_y %g: KL(BO) %.6g >= KL(DDNM) %.6g", dmv_lm_case_name[cs],
                         dmv_lm_sigma_y[s], bo->kl, dd->kl);
            if (dmv_lm_sigma_y[s] >= 0.1 && dd->kl / bo->kl < min_ratio)
                min_ratio = dd->kl / bo->kl;
        }
    dmv_result_add_number(out, "smallest KL(DDNM)/KL(BO-DDNM) at sigma_y >= 0.1 (the spec saw > 20)", min_ratio, 0,
                          NULL);
    dmv_result_add_number(out, "T", (double) dmv_lm_T[t], 0, NULL);
    out->verdict = bad ? DMV_VERDICT_FAIL : DMV_VERDICT_PASS;
    if (bad)
        dmv_result_set_summary(out, "%s", why);
    else
        dmv_result_set_summary(out, "KL_1(BO-DDNM) < KL_1(DDNM) (certified) for sigma_y > 0 in both cases at T = %ld, "
                               "equal at sigma_y = 0; smallest ratio at sigma_y >= 0.1: %.3g (DDNM+ not computed)",
                               dmv_lm_T[t], min_ratio);
    return DMV_OK;
}

int dmv_lm_check_bo_best(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    int cs, s, r, t = nT(run) - 1, nbeat = 0;
    double worst = 0;
    char why[256] = "";
    for (cs = 0; cs < LM_NCASE; cs++)
        for (s = 1; s < LM_NSY; s++) {
            const lm_cell *bo, *o;
            CELL_OR_FAIL(bo, cs, DMV_ZS_BO_DDNM, s, t);
            for (r = DMV_ZS_DDNM; r < LM_NRULE; r++) {
                if (r == DMV_ZS_BO_DDNM || r == DMV_ZS_PIGDM_EXACT)
                    continue; /* exact-covariance PiGDM is the exact score (lm.sanity) */
                CELL_OR_FAIL(o, cs, r, s, t);
                if (o->diverged)
                    continue;
                if (o->kl_hi < bo->kl - bo->kl_rad) {
                    if (!nbeat++)
                        snprintf(why, sizeof why, "%s sigma_y %g T %ld: %s has KL_1 = %.4g, BO-DDNM %.4g (%.3gx)",
                                 dmv_lm_case_name[cs], dmv_lm_sigma_y[s], dmv_lm_T[t], rule_label[r], o->kl, bo->kl,
                                 bo->kl / o->kl);
                    if (bo->kl / o->kl > worst)
                        worst = bo->kl / o->kl;
                }
            }
        }
    dmv_result_add_number(out, "cells where another sampler beats BO-DDNM", nbeat, 0, NULL);
    dmv_result_add_number(out, "largest KL(BO-DDNM)/KL(other)", worst, 0, NULL);
    out->verdict = nbeat ? DMV_VERDICT_FAIL : DMV_VERDICT_PASS;
    if (nbeat)
        dmv_result_set_summary(out, "%d cells where a non-DDNM sampler has a smaller bias (up to %.3gx); first: %s",
                               nbeat, worst, why);
    else
        dmv_result_set_summary(out, "BO-DDNM has the smallest KL_1 among DDNM, PiGDM and DPS in every cell");
    return DMV_OK;
}

/* ---- A-P3 ---------------------------------------------------------------------------------------- */
int dmv_lm_check_scale(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    static const double lams[5] = {0.125, 0.25, 0.5, 1.0, 2.0};
    static const int rules[2] = {DMV_ZS_DDNM, DMV_ZS_BO_DDNM};
    long T = run->quick ? 200 : 1000;
    int cs, ri, k, bad = 0;
    char why[256] = "";
    (void) c;
    for (cs = 0; cs < LM_NCASE; cs++)
        for (ri = 0; ri < 2; ri++) {
            lm_cell L[5];
            double x[5], yv[5];
            for (k = 0; k < 5; k++) {
                int rc = dmv_lm_law(&L[k], cs, rules[ri], 0.1, T, 1, lams[k], err);
                if (rc != DMV_OK)
                    return rc;
                x[k] = lams[k];
                yv[k] = L[k].kl;
                if (k > 0 && !(L[k].kl - L[k].kl_rad > L[k - 1].kl_hi) && !bad++)
                    snprintf(why, sizeof why, "%s %s: KL_1(lambda = %g) = %.6g not above KL_1(%g) = %.6g",
                             dmv_lm_case_name[cs], rule_label[rules[ri]], lams[k], L[k].kl, lams[k - 1], L[k - 1].kl);
            }
            for (k = 0; k < 5; k++) {
                double wr = L[k].W / (lams[k] * lams[k] * L[3].W);
                if (fabs(wr - 1) > 1e-9 && !bad++)
                    snprintf(why, sizeof why, "%s %s: W(lambda = %g)/(lambda^2 W(1)) = %.12g", dmv_lm_case_name[cs],
                             rule_label[rules[ri]], lams[k], wr);
            }
            { /* KL/lambda^2 stays bounded as lambda -> 0, on the excess over the exact score's KL_1 (lambda = 0:
                 * the discretisation floor of a finite T): the two smallest lambdas within a factor 2 */
                lm_cell L0;
                double r0, r1;
                int rc = dmv_lm_law(&L0, cs, rules[ri], 0.1, T, 1, 0.0, err);
                if (rc != DMV_OK)
                    return rc;
                r0 = (L[0].kl - L0.kl) / (lams[0] * lams[0]);
                r1 = (L[1].kl - L0.kl) / (lams[1] * lams[1]);
                char name[128];
                snprintf(name, sizeof name, "%s %s: ((KL - KL_0)/lambda^2)(1/8) / ((KL - KL_0)/lambda^2)(1/4)", dmv_lm_case_name[cs],
                         rule_label[rules[ri]]);
                dmv_result_add_margin(out, name, r0 / r1, 2.0, DMV_MARGIN_MAX, NULL);
                if (!(r0 / r1 <= 2.0) && !bad++)
                    snprintf(why, sizeof why, "%s", name);
                snprintf(name, sizeof name, "%s %s: KL_1(1) / (W(1)/2) at T = %ld (information)",
                         dmv_lm_case_name[cs], rule_label[rules[ri]], T);
                dmv_result_add_number(out, name, L[3].kl / (L[3].W / 2), 0, NULL);
            }
            {
                char name[96];
                dmv_ev_plot *pl;
                snprintf(name, sizeof name, "KL_1 against lambda, %s, %s", dmv_lm_case_name[cs], rule_label[rules[ri]]);
                pl = dmv_result_add_plot(out, name, "lambda", "KL_1", 1, 1);
                if (pl != NULL)
                    dmv_plot_add_series(pl, "KL_1", 5, x, yv, NULL, NULL);
            }
        }
    out->verdict = bad ? DMV_VERDICT_FAIL : DMV_VERDICT_PASS;
    if (bad)
        dmv_result_set_summary(out, "%s", why);
    else
        dmv_result_set_summary(out, "along s* + lambda (s - s*), lambda = 1/8..2, sigma_y = 0.1, T = %ld: KL_1 increases "
                               "with lambda, KL_1/lambda^2 is bounded as lambda -> 0, W scales as lambda^2 (DDNM, "
                               "BO-DDNM, both cases)", T);
    return DMV_OK;
}

/* ---- A-P4 ---------------------------------------------------------------------------------------- */
int dmv_lm_check_limit(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    int cs, r, t1 = nT(run) - 1, t0 = nT(run) - 2, bad = 0, nskip = 0;
    char why[256] = "";
    for (cs = 0; cs < LM_NCASE; cs++)
        for (r = 0; r < LM_NRULE; r++) {
            const lm_cell *a, *b;
            char name[160];
            if (r == DMV_ZS_PIGDM_EXACT)
                continue;
            CELL_OR_FAIL(a, cs, r, 2, t0);
            CELL_OR_FAIL(b, cs, r, 2, t1);
            if (r == DMV_ZS_EXACT) { /* vanishing: KL_1 at the larger T below half its value at the smaller */
                snprintf(name, sizeof name, "%s exact: KL_1(T = %ld)/KL_1(T = %ld)", dmv_lm_case_name[cs],
                         dmv_lm_T[t1], dmv_lm_T[t0]);
                dmv_result_add_margin(out, name, b->kl / a->kl, 0.5, DMV_MARGIN_MAX, NULL);
                if (!(b->kl_hi < 0.5 * (a->kl - a->kl_rad)) && !bad++)
                    snprintf(why, sizeof why, "%s", name);
                continue;
            }
            /* non-vanishing: the successive changes over T1 -> T2 -> T3 shrink (KL_1 converges) and the
             * limit is certified > 0 */
            {
                const lm_cell *z;
                double d1, d2;
                CELL_OR_FAIL(z, cs, r, 2, t0 - 1);
                if (z->diverged || a->diverged || b->diverged) {
                    nskip++; /* an unstable explicit DPS step at a small T: no law */
                    continue;
                }
                d1 = fabs(a->kl - z->kl);
                d2 = fabs(b->kl - a->kl);
                snprintf(name, sizeof name, "%s %s: |KL_1(%ld) - KL_1(%ld)| / |KL_1(%ld) - KL_1(%ld)|",
                         dmv_lm_case_name[cs], rule_label[r], dmv_lm_T[t1], dmv_lm_T[t0], dmv_lm_T[t0],
                         dmv_lm_T[t0 - 1]);
                dmv_result_add_margin(out, name, d2 / d1, 1.0, DMV_MARGIN_MAX, NULL);
                if (!(d2 < d1) && !bad++)
                    snprintf(why, sizeof why, "%s = %.3g", name, d2 / d1);
                snprintf(name, sizeof name, "%s %s: KL_1(T = %ld) (information)", dmv_lm_case_name[cs],
                         rule_label[r], dmv_lm_T[t1]);
                dmv_result_add_number(out, name, b->kl, b->kl_rad, NULL);
            }
            if (!(b->kl - b->kl_rad > 0) && !bad++)
                snprintf(why, sizeof why, "%s %s: KL_1 not certified > 0", dmv_lm_case_name[cs], rule_label[r]);
        }
    dmv_result_add_number(out, "samplers skipped (a DPS law diverges at one of the three T)", nskip, 0, NULL);
    out->verdict = bad ? DMV_VERDICT_FAIL : DMV_VERDICT_PASS;
    if (bad)
        dmv_result_set_summary(out, "%s", why);
    else
        dmv_result_set_summary(out, "sigma_y = 0.1: every mismatched sampler's KL_1 converges (the change from T = %ld to "
                               "%ld is smaller than from %ld to %ld) to a limit certified > 0; the exact score's KL_1 "
                               "at least halves", dmv_lm_T[t0], dmv_lm_T[t1], dmv_lm_T[t0 - 1], dmv_lm_T[t0]);
    return DMV_OK;
}
