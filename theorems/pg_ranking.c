/* Claim pg.ranking: the paper's conclusions about which scheme is best where
 * (docs/math/laws.md#pg-conclusions, items 2 and 3), each made precise and checked from
 * certified W2 values to the data law N(0, Sigma_CIFAR10).
 *
 * Setting: VP linear (beta 0.05..10, T = 1), the paper's grid (uniform,
 * NFE/points convention of dmv_ref_paper_steps), exact score, the six schemes
 * of the paper, eps in {0, 1e-5, 1e-4, 1e-3}, NFE in {50, 250, 500, 1000},
 * starts p_T and N(0, I). One schedule and one set of affine maps per
 * (scheme, eps, NFE), applied to both starts.
 *
 * Sub-statements (thresholds fixed before looking at the values):
 *  (a) at eps in {1e-4, 1e-3} and NFE in {250, 500, 1000}, start N(0, I):
 *      W2(Heun) <= RANK_NEAR * min over the six schemes;
 *  (b) at every NFE: W2(Heun) and W2(RK4) at eps = 1e-5 are larger than at
 *      eps = 1e-4 (both starts), and at eps = 0 they are not finite;
 *  (c) start N(0, I), every eps: W2(EI) < W2(EM) at NFE 50, and
 *      |W2(EM) - W2(EI)| <= RANK_CLOSE * min(W2(EM), W2(EI)) at NFE 1000;
 *  (d) start N(0, I), every eps and NFE: W2(DDPM) > max(W2(EM), W2(EI));
 *  (e) for EM, EI, DDPM at every eps and NFE: |W2(p_T) - W2(N0)| < RANK_START * W2(N0);
 *      for each of Euler, Heun, RK4: in at least one finite cell
 *      |W2(p_T) - W2(N0)| > RANK_START * W2(N0).
 * Each comparison is certified on balls: a strict inequality holds only if
 * the balls are ordered; overlapping balls make the row inconclusive. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/ref.h"
#include "dmv/str.h"
#include "pg_claims.h"

#define RANK_PREC 64
#define RANK_NEAR 1.1
#define RANK_CLOSE 0.05
#define RANK_START 1e-2

#define NS 6
#define NE 4
#define NN 4
static const dmv_scheme_kind rk_schemes[NS] = {DMV_SCHEME_EM,    DMV_SCHEME_EI,   DMV_SCHEME_DDPM,
                                                DMV_SCHEME_EULER, DMV_SCHEME_HEUN, DMV_SCHEME_RK4};
static const char *const rk_names[NS] = {"EM", "EI", "DDPM", "Euler", "Heun", "RK4"};
static const double rk_eps[NE] = {0.0, 1e-5, 1e-4, 1e-3};
static const long rk_nfe[NN] = {50, 250, 500, 1000};
enum { I_EM = 0, I_EI = 1, I_DDPM = 2, I_EULER = 3, I_HEUN = 4, I_RK4 = 5 };
enum { E_0 = 0, E_5 = 1, E_4 = 2, E_3 = 3 };

/* w2[((start * NS + scheme) * NE + eps) * NN + nfe], start 0 = p_T, 1 = N(0, I) (the layout of
 * dmv_pg_ranking_judge); finite[(scheme * NE + eps) * NN + nfe]. */
typedef struct {
    arb_ptr w2;
    const int *finite;
} rk_table;

#define W(t, st, s, e, n) ((t)->w2 + ((((st) * NS + (s)) * NE + (e)) * NN + (n)))
#define FIN(t, s, e, n) ((t)->finite[((s) * NE + (e)) * NN + (n)])

/* certified comparisons: 1 true, 0 false, -1 undecided */
static int cert_lt(const arb_t a, const arb_t b)
{
    if (arb_lt(a, b))
        return 1;
    if (arb_ge(a, b))
        return 0;
    return -1;
}

/* a <= f * b */
static int cert_le_factor(const arb_t a, const arb_t b, double f, slong prec)
{
    arb_t t;
    int r;
    arb_init(t);
    arb_set_d(t, f);
    arb_mul(t, t, b, prec);
    r = arb_le(a, t) ? 1 : (arb_gt(a, t) ? 0 : -1);
    arb_clear(t);
    return r;
}

/* |a - b| < f * c (strict when want_lt), or > f * c otherwise */
static int cert_reldiff(const arb_t a, const arb_t b, const arb_t c, double f, int want_lt, slong prec)
{
    arb_t t, u;
    int r;
    arb_init(t);
    arb_init(u);
    arb_sub(t, a, b, prec);
    arb_abs(t, t);
    arb_set_d(u, f);
    arb_mul(u, u, c, prec);
    if (want_lt)
        r = arb_lt(t, u) ? 1 : (arb_ge(t, u) ? 0 : -1);
    else
        r = arb_gt(t, u) ? 1 : (arb_le(t, u) ? 0 : -1);
    arb_clear(t);
    arb_clear(u);
    return r;
}

static double mid(const arb_t x)
{
    return arf_get_d(arb_midref(x), ARF_RND_NEAR);
}

/* One row of the evidence: statement, result, detail. */
typedef struct {
    char *cells[64 * 4];
    long n;
    int any_false, any_undecided;
} rk_rows;

static void add_row(rk_rows *r, const char *id, const char *what, int res, const char *detail)
{
    if (r->n >= 64)
        return;
    r->cells[4 * r->n] = dmv_strdup(id);
    r->cells[4 * r->n + 1] = dmv_strdup(what);
    r->cells[4 * r->n + 2] = dmv_strdup(res == 1 ? "holds" : (res == 0 ? "FALSE" : "undecided"));
    r->cells[4 * r->n + 3] = dmv_strdup(detail);
    r->n++;
    if (res == 0)
        r->any_false = 1;
    if (res < 0)
        r->any_undecided = 1;
}

/* combine: all true -> 1; any false -> 0; else -1 */
static int comb(int acc, int r)
{
    if (acc == 0 || r == 0)
        return 0;
    if (acc < 0 || r < 0)
        return -1;
    return 1;
}

/* Computes every cell. Non-finite cells (DMV_ENOTFINITE) are recorded as such. */
static int compute_table(rk_table *t, int *fin, long *nredo, const dmv_gaussian *data, const dmv_run *run, const char *id,
                         dmv_error *err)
{
    const slong prec = RANK_PREC;
    const long d = data->d;
    int threads = run->threads > 0 ? run->threads : 1, status = DMV_OK;
    long s, e, n, st, done = 0;
    arb_ptr A = _arb_vec_init(d), Bsq = _arb_vec_init(d), c = _arb_vec_init(d), m = _arb_vec_init(d),
            v = _arb_vec_init(d), md = _arb_vec_init(d), vd = _arb_vec_init(d);
    dmv_process p;
    dmv_init inits[2];
    arb_t tot;
    arb_init(tot);
    dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
    dmv_init_default(&inits[0]);
    inits[0].kind = DMV_INIT_EXACT;
    dmv_init_default(&inits[1]);
    status = dmv_ref_spectrum_data(md, vd, &p, 0.0, data, prec, err);
    for (s = 0; s < NS && status == DMV_OK; s++)
        for (e = 0; e < NE && status == DMV_OK; e++)
            for (n = 0; n < NN && status == DMV_OK; n++) {
                dmv_ref_schedule sch;
                dmv_grid g;
                dmv_scheme sc;
                dmv_error lerr;
                int rc;
                slong cprec;
                dmv_grid_default(&g);
                g.kind = DMV_GRID_UNIFORM;
                g.eps = rk_eps[e];
                g.steps = dmv_ref_paper_steps(rk_schemes[s], rk_nfe[n]);
                dmv_scheme_default(&sc);
                sc.kind = rk_schemes[s];
                /* RANK_PREC first; a map that lost too much precision (DMV_EPREC, the stiff
                 * cells) is redone at 2x and 4x the precision */
                for (cprec = prec; cprec <= 4 * prec; cprec *= 2) {
                    dmv_error_init(&lerr);
                    rc = dmv_ref_schedule_init(&sch, &p, &g, &sc, cprec, &lerr);
                    if (rc == DMV_OK) {
                        rc = dmv_ref_spectrum_map(A, Bsq, c, &sch, data, NULL, threads, cprec, &lerr);
                        dmv_ref_schedule_clear(&sch);
                    }
                    if (rc != DMV_EPREC)
                        break;
                    (*nredo)++;
                }
                if (rc == DMV_ENOTFINITE) {
                    fin[(s * NE + e) * NN + n] = 0;
                    for (st = 0; st < 2; st++)
                        arb_indeterminate(W(t, st, s, e, n));
                } else if (rc != DMV_OK) {
                    status = dmv_error_set(err, rc, "%s, eps %g, NFE %ld: %s", rk_names[s], rk_eps[e], rk_nfe[n],
                                           lerr.msg);
                } else {
                    fin[(s * NE + e) * NN + n] = 1;
                    for (st = 0; st < 2 && status == DMV_OK; st++) {
                        status = dmv_ref_spectrum_apply(m, v, A, Bsq, c, &inits[st], &p, data, cprec, err);
                        if (status == DMV_OK) {
                            dmv_ref_w2sq_spectrum(tot, NULL, m, v, md, vd, d, cprec);
                            arb_sqrtpos(W(t, st, s, e, n), tot, cprec);
                            if (!arb_is_finite(W(t, st, s, e, n)))
                                fin[(s * NE + e) * NN + n] = 0;
                        }
                    }
                }
                done++;
                if (run->progress)
                    run->progress(run->progress_ctx, id, (double) done / (NS * NE * NN), "cells");
            }
    _arb_vec_clear(A, d); _arb_vec_clear(Bsq, d); _arb_vec_clear(c, d); _arb_vec_clear(m, d);
    _arb_vec_clear(v, d); _arb_vec_clear(md, d); _arb_vec_clear(vd, d);
    arb_clear(tot);
    return status;
}

static void judge(rk_rows *rows, const rk_table *t)
{
    const slong prec = RANK_PREC;
    char what[200], det[400];
    long s, e, n, st;
    int r, acc;
    arb_t best;
    arb_init(best);

    /* (a) */
    for (e = E_4; e <= E_3; e++)
        for (n = 1; n < NN; n++) {
            long ib = -1;
            for (s = 0; s < NS; s++)
                if (FIN(t, s, e, n) && (ib < 0 || mid(W(t, 1, s, e, n)) < mid(W(t, 1, ib, e, n))))
                    ib = s;
            /* best = min over schemes (as a ball: the min of balls) */
            arb_set(best, W(t, 1, ib, e, n));
            for (s = 0; s < NS; s++)
                if (FIN(t, s, e, n))
                    arb_min(best, best, W(t, 1, s, e, n), prec);
            r = FIN(t, I_HEUN, e, n) ? cert_le_factor(W(t, 1, I_HEUN, e, n), best, RANK_NEAR, prec) : 0;
            snprintf(what, sizeof what, "Heun <= %.2g x best, eps %g, NFE %ld, N(0,I)", RANK_NEAR, rk_eps[e],
                     rk_nfe[n]);
            snprintf(det, sizeof det, "Heun %.4g; best %s %.4g; ratio %.4f", mid(W(t, 1, I_HEUN, e, n)), rk_names[ib],
                     mid(W(t, 1, ib, e, n)), mid(W(t, 1, I_HEUN, e, n)) / mid(W(t, 1, ib, e, n)));
            add_row(rows, "a", what, r, det);
        }
    /* (b) */
    for (s = I_HEUN; s <= I_RK4; s++) {
        acc = 1;
        det[0] = 0;
        for (n = 0; n < NN; n++)
            for (st = 0; st < 2; st++) {
                if (!FIN(t, s, E_5, n) || !FIN(t, s, E_4, n))
                    r = 0;
                else
                    r = cert_lt(W(t, st, s, E_4, n), W(t, st, s, E_5, n));
                acc = comb(acc, r);
                if (st == 1) {
                    size_t l = strlen(det);
                    snprintf(det + l, sizeof det - l, "%sNFE %ld: %.4g -> %.4g", n ? "; " : "", rk_nfe[n],
                             mid(W(t, 1, s, E_4, n)), mid(W(t, 1, s, E_5, n)));
                }
            }
        snprintf(what, sizeof what, "%s: W2 at eps 1e-5 > at eps 1e-4, every NFE, both starts", rk_names[s]);
        add_row(rows, "b", what, acc, det);
        acc = 1;
        for (n = 0; n < NN; n++)
            acc = comb(acc, FIN(t, s, E_0, n) ? 0 : 1);
        snprintf(what, sizeof what, "%s: not finite at eps = 0, every NFE", rk_names[s]);
        add_row(rows, "b", what, acc, acc == 1 ? "score evaluated at s = 0 on null eigenvalues" : "a finite cell");
    }
    /* (c) */
    acc = 1;
    det[0] = 0;
    for (e = 0; e < NE; e++) {
        size_t l = strlen(det);
        acc = comb(acc, cert_lt(W(t, 1, I_EI, e, 0), W(t, 1, I_EM, e, 0)));
        snprintf(det + l, sizeof det - l, "%seps %g: EI %.4g, EM %.4g", e ? "; " : "", rk_eps[e],
                 mid(W(t, 1, I_EI, e, 0)), mid(W(t, 1, I_EM, e, 0)));
    }
    add_row(rows, "c", "EI < EM at NFE 50, every eps, N(0,I)", acc, det);
    for (e = 0; e < NE; e++) {
        arb_srcptr a = W(t, 1, I_EM, e, NN - 1), b = W(t, 1, I_EI, e, NN - 1);
        arb_min(best, a, b, prec);
        r = cert_reldiff(a, b, best, RANK_CLOSE, 1, prec);
        snprintf(what, sizeof what, "|EM - EI| < %.2g x min at NFE 1000, eps %g, N(0,I)", RANK_CLOSE, rk_eps[e]);
        snprintf(det, sizeof det, "EM %.4g, EI %.4g, relative difference %.4f", mid(a), mid(b),
                 fabs(mid(a) - mid(b)) / fmin(mid(a), mid(b)));
        add_row(rows, "c", what, r, det);
    }
    /* (d) */
    acc = 1;
    {
        double worst = INFINITY;
        long we = 0, wn = 0;
        for (e = 0; e < NE; e++)
            for (n = 0; n < NN; n++) {
                double q;
                arb_max(best, W(t, 1, I_EM, e, n), W(t, 1, I_EI, e, n), prec);
                acc = comb(acc, cert_lt(best, W(t, 1, I_DDPM, e, n)));
                q = mid(W(t, 1, I_DDPM, e, n)) / mid(best);
                if (q < worst) {
                    worst = q;
                    we = e;
                    wn = n;
                }
            }
        snprintf(det, sizeof det, "smallest DDPM / max(EM, EI) = %.4f at eps %g, NFE %ld", worst, rk_eps[we],
                 rk_nfe[wn]);
        add_row(rows, "d", "DDPM worse than EM and EI at every eps and NFE, N(0,I)", acc, det);
    }
    /* (e) */
    for (s = 0; s < NS; s++) {
        int sde = s <= I_DDPM;
        double worst = sde ? 0.0 : 0.0;
        long we = -1, wn = -1;
        acc = sde ? 1 : 0;
        for (e = 0; e < NE; e++)
            for (n = 0; n < NN; n++) {
                double q;
                if (!FIN(t, s, e, n))
                    continue;
                q = fabs(mid(W(t, 0, s, e, n)) - mid(W(t, 1, s, e, n))) / mid(W(t, 1, s, e, n));
                if (sde) {
                    acc = comb(acc, cert_reldiff(W(t, 0, s, e, n), W(t, 1, s, e, n), W(t, 1, s, e, n), RANK_START, 1,
                                                 prec));
                } else {
                    r = cert_reldiff(W(t, 0, s, e, n), W(t, 1, s, e, n), W(t, 1, s, e, n), RANK_START, 0, prec);
                    if (r == 1)
                        acc = 1; /* one certified cell suffices */
                    else if (r < 0 && acc == 0)
                        acc = -1;
                }
                if (q > worst || we < 0) {
                    worst = q;
                    we = e;
                    wn = n;
                }
            }
        if (sde)
            snprintf(what, sizeof what, "%s: starts p_T and N(0,I) within %.2g relative, every cell", rk_names[s],
                     RANK_START);
        else
            snprintf(what, sizeof what, "%s: starts p_T and N(0,I) differ by > %.2g relative in some cell",
                     rk_names[s], RANK_START);
        if (we >= 0)
            snprintf(det, sizeof det, "largest relative difference %.3g at eps %g, NFE %ld (p_T %.4g, N0 %.4g)", worst,
                     rk_eps[we], rk_nfe[wn], mid(W(t, 0, s, we, wn)), mid(W(t, 1, s, we, wn)));
        else
            snprintf(det, sizeof det, "no finite cell");
        add_row(rows, "e", what, acc, det);
    }
    arb_clear(best);
}

/* W2 (start N(0, I)) of Heun with N = NFE points (NFE - 1 steps, 2 (NFE - 1) evaluations): the
 * reading under which the published Heun column is reproduced (see docs/claims.md). */
static int heun_points(arb_t w2, long nfe, double eps, const dmv_gaussian *data, arb_srcptr md, arb_srcptr vd,
                       int threads, dmv_error *err)
{
    slong prec = RANK_PREC;
    const long d = data->d;
    arb_ptr A = _arb_vec_init(d), Bsq = _arb_vec_init(d), c = _arb_vec_init(d), m = _arb_vec_init(d),
            v = _arb_vec_init(d);
    dmv_process p;
    dmv_init init;
    dmv_grid g;
    dmv_scheme sc;
    dmv_ref_schedule sch;
    arb_t tot;
    int status;
    arb_init(tot);
    dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
    dmv_init_default(&init);
    dmv_grid_default(&g);
    g.kind = DMV_GRID_UNIFORM;
    g.eps = eps;
    g.steps = nfe - 1;
    dmv_scheme_default(&sc);
    sc.kind = DMV_SCHEME_HEUN;
    for (;;) { /* redo at 2x, 4x the precision if the map lost too much (DMV_EPREC) */
        dmv_error lerr;
        dmv_error_init(&lerr);
        status = dmv_ref_schedule_init(&sch, &p, &g, &sc, prec, &lerr);
        if (status == DMV_OK) {
            status = dmv_ref_spectrum_map(A, Bsq, c, &sch, data, NULL, threads, prec, &lerr);
            dmv_ref_schedule_clear(&sch);
        }
        if (status != DMV_EPREC || prec >= 4 * RANK_PREC) {
            if (status != DMV_OK)
                dmv_error_set(err, status, "Heun, %ld points, eps %g: %s", nfe, eps, lerr.msg);
            break;
        }
        prec *= 2;
    }
    if (status == DMV_OK)
        status = dmv_ref_spectrum_apply(m, v, A, Bsq, c, &init, &p, data, prec, err);
    if (status == DMV_OK) {
        dmv_ref_w2sq_spectrum(tot, NULL, m, v, md, vd, d, prec);
        arb_sqrtpos(w2, tot, prec);
    }
    _arb_vec_clear(A, d); _arb_vec_clear(Bsq, d); _arb_vec_clear(c, d); _arb_vec_clear(m, d);
    _arb_vec_clear(v, d);
    arb_clear(tot);
    return status;
}

int dmv_pg_ranking_judge(dmv_result *out, arb_srcptr w2, const int *finite, long *nfalse, long *nundecided)
{
    rk_table t;
    rk_rows rows;
    long i;
    t.w2 = (arb_ptr) w2;
    t.finite = finite;
    memset(&rows, 0, sizeof rows);
    judge(&rows, &t);
    *nfalse = 0;
    *nundecided = 0;
    for (i = 0; i < rows.n; i++) {
        if (strcmp(rows.cells[4 * i + 2], "FALSE") == 0)
            (*nfalse)++;
        else if (strcmp(rows.cells[4 * i + 2], "undecided") == 0)
            (*nundecided)++;
    }
    {
        const char *header[4] = {"item", "statement", "result", "certified values (midpoints)"};
        dmv_result_add_table(out, "sub-statements", rows.n, 4, header, (const char *const *) rows.cells);
        for (i = 0; i < 4 * rows.n; i++)
            free(rows.cells[i]);
    }
    if (*nfalse > 0) {
        out->verdict = DMV_VERDICT_FAIL;
        dmv_result_set_summary(out, "%ld of %ld sub-statements are false under certified W2 values (see the table)",
                               *nfalse, rows.n);
    } else if (*nundecided > 0) {
        out->verdict = DMV_VERDICT_INCONCLUSIVE;
        dmv_result_set_summary(out, "%ld of %ld sub-statements undecided (overlapping balls), none false",
                               *nundecided, rows.n);
        dmv_result_set_budget_note(out, "rerun with a higher working precision than %d bits", RANK_PREC);
    } else {
        out->verdict = DMV_VERDICT_PASS;
        dmv_result_set_summary(out, "all %ld sub-statements hold under certified W2 values", rows.n);
    }
    return (int) rows.n;
}

int dmv_claim_pg_ranking_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    double *lam = NULL;
    long d = 0, s, e, n, st, i, nfalse, nund, nredo = 0;
    dmv_error lerr;
    dmv_gaussian data;
    rk_table t;
    int *fin = NULL, status;
    arb_ptr w2;

    dmv_error_init(&lerr);
    status = dmv_pg_load_cifar(&lam, &d, run->data_dir, &lerr);
    if (status != DMV_OK && status != DMV_EIO) /* there but malformed: an error, not a missing budget */
        return dmv_error_set(err, status, "%s", lerr.msg);
    if (status != DMV_OK) {
        out->verdict = DMV_VERDICT_INCONCLUSIVE;
        dmv_result_set_summary(out, "no CIFAR-10 spectrum: %s", lerr.msg);
        dmv_result_set_budget_note(out, "pass --data-dir with a folder holding cifar10_eigenvalues.npy");
        return DMV_OK;
    }
    fin = calloc(NS * NE * NN, sizeof *fin);
    if (fin == NULL) {
        free(lam);
        return dmv_error_set(err, DMV_ENOMEM, "out of memory");
    }
    w2 = _arb_vec_init(2 * NS * NE * NN);
    t.w2 = w2;
    t.finite = fin;
    data.d = d;
    data.lambda = lam;
    data.mean = NULL;
    data.basis = NULL;
    status = compute_table(&t, fin, &nredo, &data, run, c->id, err);
    if (status != DMV_OK)
        goto out;
    dmv_pg_ranking_judge(out, w2, fin, &nfalse, &nund);
    {
        /* the full table of certified W2 values */
        const char *header[5] = {"scheme", "eps", "NFE", "W2 from p_T", "W2 from N(0,I)"};
        char **cells = calloc((size_t) (NS * NE * NN * 5), sizeof *cells);
        char buf[128];
        long r = 0;
        if (cells != NULL) {
            for (s = 0; s < NS; s++)
                for (e = 0; e < NE; e++)
                    for (n = 0; n < NN; n++, r++) {
                        cells[5 * r] = dmv_strdup(rk_names[s]);
                        snprintf(buf, sizeof buf, "%g", rk_eps[e]);
                        cells[5 * r + 1] = dmv_strdup(buf);
                        snprintf(buf, sizeof buf, "%ld", rk_nfe[n]);
                        cells[5 * r + 2] = dmv_strdup(buf);
                        for (st = 0; st < 2; st++) {
                            if (FIN(&t, s, e, n))
                                dmv_pg_ball_cell(buf, sizeof buf, W(&t, st, s, e, n));
                            else
                                snprintf(buf, sizeof buf, "not finite");
                            cells[5 * r + 3 + st] = dmv_strdup(buf);
                        }
                    }
            dmv_result_add_table(out, "certified W2 to the data (CIFAR-10)", r, 5, header,
                                 (const char *const *) cells);
            for (i = 0; i < 5 * r; i++)
                free(cells[i]);
            free(cells);
        }
    }
    {
        /* informational: Heun counted with N = NFE points, at the cells of (a) */
        const char *header[5] = {"eps", "NFE", "Heun, NFE/2 points (paper's stated counting)",
                                 "Heun, NFE points (2(NFE-1) evaluations)", "best of the six (stated counting)"};
        char *cells[6 * 5];
        char buf[128];
        arb_ptr md = _arb_vec_init(d), vd = _arb_vec_init(d);
        arb_t hp;
        long r = 0;
        dmv_process p;
        arb_init(hp);
        dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
        memset(cells, 0, sizeof cells);
        status = dmv_ref_spectrum_data(md, vd, &p, 0.0, &data, RANK_PREC, err);
        for (e = E_4; e <= E_3 && status == DMV_OK; e++)
            for (n = 1; n < NN && status == DMV_OK; n++, r++) {
                long ib = -1;
                status = heun_points(hp, rk_nfe[n], rk_eps[e], &data, md, vd, run->threads > 0 ? run->threads : 1,
                                     err);
                if (status != DMV_OK)
                    break;
                for (s = 0; s < NS; s++)
                    if (FIN(&t, s, e, n) && (ib < 0 || mid(W(&t, 1, s, e, n)) < mid(W(&t, 1, ib, e, n))))
                        ib = s;
                snprintf(buf, sizeof buf, "%g", rk_eps[e]);
                cells[5 * r] = dmv_strdup(buf);
                snprintf(buf, sizeof buf, "%ld", rk_nfe[n]);
                cells[5 * r + 1] = dmv_strdup(buf);
                dmv_pg_ball_cell(buf, sizeof buf, W(&t, 1, I_HEUN, e, n));
                cells[5 * r + 2] = dmv_strdup(buf);
                dmv_pg_ball_cell(buf, sizeof buf, hp);
                cells[5 * r + 3] = dmv_strdup(buf);
                snprintf(buf, sizeof buf, "%s %.4g", rk_names[ib], mid(W(&t, 1, ib, e, n)));
                cells[5 * r + 4] = dmv_strdup(buf);
            }
        if (status == DMV_OK)
            dmv_result_add_table(out, "Heun with the published column's apparent counting (informational, start N(0,I))",
                                 r, 5, header, (const char *const *) cells);
        for (i = 0; i < 6 * 5; i++)
            free(cells[i]);
        _arb_vec_clear(md, d);
        _arb_vec_clear(vd, d);
        arb_clear(hp);
        if (status != DMV_OK)
            goto out;
    }
    for (e = 0; e < NE; e++) { /* W2 against NFE per eps, start N(0,I) */
        char name[96];
        dmv_ev_plot *pl;
        snprintf(name, sizeof name, "W2 to the data against NFE, eps = %g, start N(0,I)", rk_eps[e]);
        pl = dmv_result_add_plot(out, name, "NFE", "W2(scheme law, data)", 1, 1);
        for (s = 0; s < NS && pl != NULL; s++) {
            double x[NN], y[NN];
            long k = 0;
            for (n = 0; n < NN; n++)
                if (FIN(&t, s, e, n)) {
                    x[k] = (double) rk_nfe[n];
                    y[k] = mid(W(&t, 1, s, e, n));
                    k++;
                }
            if (k > 0)
                dmv_plot_add_series(pl, rk_names[s], k, x, y, NULL, NULL);
        }
    }
    dmv_result_add_number(out, "eigenvalues", (double) d, 0, NULL);
    dmv_result_add_number(out, "factor for 'nearly the best' (a)", RANK_NEAR, 0, NULL);
    dmv_result_add_number(out, "relative closeness EM/EI at NFE 1000 (c)", RANK_CLOSE, 0, NULL);
    dmv_result_add_number(out, "relative threshold between starts (e)", RANK_START, 0, NULL);
    dmv_result_add_number(out, "precision (bits)", RANK_PREC, 0, NULL);
    dmv_result_add_number(out, "cell maps redone at higher precision (DMV_EPREC)", (double) nredo, 0, NULL);
    dmv_result_add_number(out, "sub-statements false", (double) nfalse, 0, NULL);
    dmv_result_add_number(out, "sub-statements undecided", (double) nund, 0, NULL);
out:
    _arb_vec_clear(w2, 2 * NS * NE * NN);
    free(fin);
    free(lam);
    return status;
}
