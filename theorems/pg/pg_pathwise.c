/* Claims pg.pathwise.<scheme>, pg.pathwise.dense and the matrix claims
 * pg.pathwise.{processes,grids,starts,eps0,generic}: every fast output equals the
 * exact affine map of its own initial point and noises, within a stated ulp budget.
 *
 * For Gaussian data each scheme's output in eigen-direction j is
 *     y_N[j] = A_j x~_T[j] + sum_k B_jk z_k[j] + c_j           (docs/schemes.md 7)
 * with A, B, c certified by reference/ in Arb. The noises are regenerated from
 * (seed, sample, step, coordinate) and taken as exact doubles.
 *
 * The budget (docs/budgets.md) is a first-order running-error bound for an affine
 * recursion (Higham, Accuracy and Stability of Numerical Algorithms, ch. 3): every
 * rounded operation of a step commits at most u |its result|, and every intermediate
 * of step k is bounded by (1 + kappa_k)(|y_k| + |c| + |b z|), kappa_k = h_k g^2 / sigma^2
 * the cancellation of the score formed from the denoiser ((alpha D - y)/sigma^2). The
 * local error at step k reaches the output multiplied by growth[k+1], and
 * |growth[k+1]| |y_k| <= Y_abs / |a_k|, Y_abs = |A||x~_T| + sum_k |B_k||z_k| + |c|,
 * a_k = growth[k]/growth[k+1]. Hence
 *     |fast - exact| <= rad + u Y_abs (K_init + K_step sum_k (1 + kappa_k) max(1, 1/|a_k|))
 * with K_step the number of roundings of one step, counted per kernel of fast/scheme.c and
 * fast/model_gaussian_diag.c plus the roundings of the step's coefficients and grid points
 * (step_roundings below; the table is docs/budgets.md). A wrong coefficient, sign, step,
 * grid point or noise index moves the output by O(h) or O(1), many orders above it.
 *
 * Guard: a budget that is not finite (kappa or 1/|a_k| infinite, e.g. a growth factor 0)
 * or a certified radius that is not negligible against it (rad > budget/16) makes the
 * claim inconclusive with the reason; it never passes. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv/ref.h"
#include "dmv/str.h"
#include "pg_claims.h"

#define PATHWISE_SAMPLES DMV_PG_PATHWISE_SAMPLES
#define PATHWISE_SAMPLES_QUICK DMV_PG_PATHWISE_SAMPLES_QUICK
#define PATHWISE_STEPS 100

/* x = y * d exactly representable d (a double is an exact arf). */
static void arb_mul_arf_d(arb_t x, const arb_t y, double d, slong prec)
{
    arf_t a;
    arf_init(a);
    arf_set_d(a, d);
    arb_mul_arf(x, y, a, prec);
    arf_clear(a);
}

static double mid_d(const arb_t x)
{
    return arf_get_d(arb_midref(x), ARF_RND_NEAR);
}

/* ---- the operation count (docs/budgets.md) ---------------------------------------------
 * Rounded operations per step and coordinate in fast/scheme.c's kernel of each scheme,
 * excluding the denoiser (counted once per evaluation, DENOISER_ROUNDINGS) and the
 * coefficients (per evaluation, coef_roundings). */
static double kernel_roundings(dmv_scheme_kind k)
{
    switch (k) {
    case DMV_SCHEME_EM: return 13;       /* S: a*D, -y, *isg2, 1/sg2; y + h(-f y + g2 S) + q z: 7; q = sqrt(h g2): 2 */
    case DMV_SCHEME_EI: return 19;       /* S: 4; r y + gamma S + q z: 5; r - 1 = expm1(dB): 6; nu, q: 4 */
    case DMV_SCHEME_DDPM: return 14;     /* S: 4; (y + b S) icb + q z: 5; b, 1/sqrt(1 - b), sqrt(b): 5 */
    case DMV_SCHEME_EULER: return 9;     /* F = -f y + (g2/2)((a D - y) isg2): 7; y + h F: 2 */
    case DMV_SCHEME_HEUN: return 19;     /* 2 F: 14; y + h d1: 2; y + (h/2)(d1 + d2): 3 */
    case DMV_SCHEME_HEUN_EDM: return 17; /* y/a, (x - D)/sh twice, sh = sg/a twice, x + dsh d1, a' x, final 4 */
    case DMV_SCHEME_RK4: return 42;      /* 4 F: 28; three stage points: 6; acc: 2; final: 5; midpoint: 1 */
    case DMV_SCHEME_DDIM: return 25;     /* fused affine form: c 7, om 4, K 4, B 5, K y + B + cz z 4; generic: 19 */
    case DMV_SCHEME_DPM2: return 20;     /* E twice: 6; u, y': 8; a_m/a, a'/a, expm1 twice, products: 6 */
    case DMV_SCHEME_DPMPP2M: return 14;  /* Dbar: 4 (1 + q, q = 1/(2r), r): 3; y': 4; sg'/sg, a' expm1: 3 */
    default: return NAN;
    }
}

#define DENOISER_ROUNDINGS 11.0 /* c = a lam/(a^2 lam + sg^2): 7 (incl. sg = sqrt, sg*sg); D = m + c (y - a m): 4 */

/* -log alpha(T): the exponent whose rounding (4 roundings in B(s), then exp) gives alpha a
 * relative error of (1 + 4 E) u for the VP-linear kinds. */
static double alpha_exponent(const dmv_process *p)
{
    double T = p->t_max, B = T * (p->beta_min + (p->beta_max - p->beta_min) * T / 2);
    return p->kind == DMV_PROCESS_VP_LINEAR ? B : B / 2;
}

/* relative error of alpha(s) in ulps */
static double alpha_roundings(const dmv_process *p)
{
    switch (p->kind) {
    case DMV_PROCESS_VP_LINEAR:
    case DMV_PROCESS_VP_LINEAR_SONG: return 1 + 4 * alpha_exponent(p);
    case DMV_PROCESS_VP_COSINE: return 6; /* phi: 3, sin, cos(theta(0)), division */
    default: return 0;                     /* VE: alpha = 1 exactly */
    }
}

/* Roundings of the coefficients at one evaluation time: alpha, sigma^2 (stable forms: at
 * most 5 ulp), f and g^2 (3 each). */
static double coef_roundings(const dmv_process *p)
{
    return p->kind == DMV_PROCESS_VE ? 4 : alpha_roundings(p) + 11;
}

/* Relative error of the fast grid points, in ulps (fast/grid.c). */
static double grid_roundings(const dmv_grid *g)
{
    switch (g->kind) {
    case DMV_GRID_UNIFORM: return 3;   /* h = (T - eps)/N, k h, T - k h */
    case DMV_GRID_QUADRATIC: return 5; /* q, q*q, (T - eps), product, eps + */
    case DMV_GRID_LOGSNR: return 16;   /* l(T), l(eps) (log, expm1), interpolation 3, inverse (log1p, exp, sqrt, /) */
    case DMV_GRID_KARRAS: return 3 * g->rho + 16; /* base 3 roundings amplified by pow(., rho), inverse as logsnr */
    default: return NAN;
    }
}

/* The roundings of one step (K_step): the kernel, e evaluations of the denoiser and of the
 * coefficients, the two grid points; for the log-SNR schemes (DPM-Solver-2, ++(2M)) the
 * step hl = l' - l carries the absolute error of l (8 ulp of max(1, |l|) per end) into
 * expm1(hl): 16 max(1, l_max) more. Dense: the two d-term products per evaluation, 4 d. */
static double step_roundings(const dmv_pg_pathwise_config *cf, const dmv_process *p, const dmv_grid *g,
                             double l_max, long d)
{
    double e = (double) dmv_scheme_evals_per_step(cf->scheme);
    double K = kernel_roundings(cf->scheme) + e * (DENOISER_ROUNDINGS + coef_roundings(p)) + 2 * grid_roundings(g);
    if (cf->scheme == DMV_SCHEME_DPM2 || cf->scheme == DMV_SCHEME_DPMPP2M)
        K += 16 * fmax(1.0, l_max);
    if (cf->dense)
        K += 4.0 * (double) d * e;
    return K;
}

/* Roundings of the start x~_T = m0 + sqrt(v0) z_0: 3; for p_T, v0 = alpha(T)^2 lam + sigma(T)^2 and
 * m0 = alpha(T) m add twice alpha's error and 6. */
static double init_roundings(const dmv_init *in, const dmv_process *p)
{
    return 3 + (in->kind == DMV_INIT_EXACT ? 2 * alpha_roundings(p) + 6 : 0);
}

/* ---- the guarded budget ------------------------------------------------------------------- */

double dmv_pg_pathwise_budget(double rad, double factor, double yabs, int *guard)
{
    double budget;
    if (!isfinite(factor) || !isfinite(yabs) || !isfinite(rad) || !(factor >= 0) || !(yabs >= 0) || !(rad >= 0)) {
        *guard = DMV_PG_GUARD_NOT_FINITE;
        return INFINITY;
    }
    budget = rad + DBL_EPSILON / 2 * factor * yabs;
    *guard = (rad <= budget / DMV_PG_PATHWISE_RAD_FRACTION) ? DMV_PG_GUARD_NONE : DMV_PG_GUARD_RADIUS;
    return budget;
}

/* ---- one configuration --------------------------------------------------------------- */

/* Per-direction data computed once: the affine map and the budget factor. */
typedef struct {
    dmv_ref_affine1 map;
    arb_t m0, v0, sd0;
    double factor; /* K_init + K_step sum_k (1 + kappa_k) max(1, 1/|a_k|) */
} direction;

typedef struct {
    long n, d, nbad;
    double worst_ratio, worst_err, worst_budget, max_ulps, max_rad_ratio;
    long worst_i, worst_j;
    double K_step, K_init;
    double dir_err[DMV_PG_SPECTRUM_D], dir_ratio[DMV_PG_SPECTRUM_D];
    int guard;           /* 0 none; 1 budget not finite; 2 radius not negligible */
    char guard_msg[256];
} pw_outcome;

/* out = sum_i U[i][j] v[i] (column j of U against v), exact at prec >= 128 for d <= 8 */
static void project(arb_t out, const double *U, const double *v, long j, long d, slong prec)
{
    arb_t t;
    long i;
    arb_init(t);
    arb_zero(out);
    for (i = 0; i < d; i++) {
        arb_set_d(t, U[i * d + j]);
        arb_mul_arf_d(t, t, v[i], prec);
        arb_add(out, out, t, prec);
    }
    arb_clear(t);
}

/* kappa at one evaluation time from its g^2, sigma^2 and alpha: h g^2 / sigma^2; at sigma = 0
 * (Heun and RK4 evaluating at s' = eps = 0, fused path: the score -(y - a m)/(a^2 lam), no
 * cancellation) h g^2 / (a^2 lam). */
static double kappa_at(double g2, double sg2, double a, double h, double lam)
{
    double k = h * fabs(g2) / (sg2 > 0 ? sg2 : a * a * lam);
    return isfinite(k) ? k : INFINITY;
}

static const char *start_name(const dmv_init *in, char *buf, size_t n)
{
    if (in->kind == DMV_INIT_GAUSSIAN)
        snprintf(buf, n, "N(%g, %g I)", in->mean, in->var);
    else
        snprintf(buf, n, "%s", in->kind == DMV_INIT_EXACT ? "p_T" : "standard");
    return buf;
}

/* Runs one configuration on n samples; fills o. Returns DMV_OK or an error (spec or memory). */
static int pathwise_one(pw_outcome *o, const dmv_pg_pathwise_config *cf, long n, uint64_t seed,
                        const dmv_run *run, const char *id, dmv_error *err)
{
    dmv_pg_scheme_param sp;
    double U[DMV_PG_SPECTRUM_D * DMV_PG_SPECTRUM_D];
    const slong prec = cf->prec > 0 ? cf->prec : DMV_REF_PREC;
    const long d = DMV_PG_SPECTRUM_D;
    long N = cf->steps > 0 ? cf->steps : PATHWISE_STEPS, i, j, k;
    dmv_problem pb;
    dmv_ref_schedule sch;
    dmv_fast_model model;
    dmv_fast_job job;
    direction *dir = NULL;
    double *y = NULL, *zall = NULL, *g2 = NULL, *sg2 = NULL, *al = NULL, l_max = 0.0;
    int two_ends = dmv_scheme_evals_per_step(cf->scheme) > 1; /* stages at s_k and s_{k+1} */
    arb_t xt, acc, t, lam, mu, proj;
    arb_ptr zproj = NULL;
    int status = DMV_OK, model_ready = 0, stochastic;
    long ndir = 0; /* directions initialised */

    memset(o, 0, sizeof *o);
    o->n = n;
    o->d = d;
    o->worst_i = o->worst_j = -1;
    sp.scheme = cf->scheme;
    sp.eta = cf->eta;
    dmv_pg_test_problem(&pb, &sp, N);
    pb.seed = seed;
    dmv_process_default(&pb.process, cf->process);
    pb.grid.kind = cf->grid;
    pb.grid.eps = cf->eps;
    pb.init = cf->init;
    if (cf->dense) {
        dmv_pg_dct_basis(U, d);
        pb.data.basis = U;
    }
    stochastic = dmv_scheme_is_stochastic(&pb.scheme);

    status = dmv_ref_schedule_init(&sch, &pb.process, &pb.grid, &pb.scheme, prec, err);
    if (status != DMV_OK)
        return status;
    arb_init(xt);
    arb_init(acc);
    arb_init(t);
    arb_init(lam);
    arb_init(mu);
    arb_init(proj);
    zproj = _arb_vec_init((N + 1) * d);

    dir = calloc((size_t) d, sizeof *dir);
    y = malloc((size_t) (n * d) * sizeof *y);
    zall = malloc((size_t) ((N + 1) * d) * sizeof *zall);
    g2 = malloc((size_t) (3 * (N + 1)) * sizeof *g2);
    if (dir == NULL || y == NULL || zall == NULL || g2 == NULL) {
        status = dmv_error_set(err, DMV_ENOMEM, "pathwise check: out of memory");
        goto done;
    }
    for (j = 0; j < d; j++) {
        direction *dj = &dir[j];
        dmv_ref_affine1_init(&dj->map, N);
        arb_init(dj->m0);
        arb_init(dj->v0);
        arb_init(dj->sd0);
        ndir++;
    }
    sg2 = g2 + (N + 1);
    al = g2 + 2 * (N + 1);
    for (k = 0; k <= N; k++) { /* g^2, sigma^2, alpha at the grid points; the largest |log-SNR| */
        al[k] = mid_d(sch.alpha + k);
        sg2[k] = mid_d(sch.sigma2 + k);
        if (sg2[k] > 0 && al[k] > 0)
            l_max = fmax(l_max, fabs(0.5 * log(al[k] * al[k] / sg2[k])));
        status = dmv_ref_process_eval(NULL, NULL, NULL, t, NULL, &pb.process, sch.s + k, prec, err);
        if (status != DMV_OK)
            goto done;
        g2[k] = mid_d(t);
    }
    o->K_step = step_roundings(cf, &pb.process, &pb.grid, l_max, d);
    o->K_init = init_roundings(&pb.init, &pb.process);
    for (j = 0; j < d; j++) {
        direction *dj = &dir[j];
        double sum = 0.0;
        arb_set_d(lam, pb.data.lambda[j]);
        arb_set_d(mu, pb.data.mean[j]);
        status = dmv_ref_scheme_affine1(&dj->map, &sch, lam, mu, NULL, prec, err);
        if (status == DMV_OK)
            status = dmv_ref_init_law1(dj->m0, dj->v0, &pb.init, &pb.process, lam, mu, prec, err);
        if (status != DMV_OK)
            goto done;
        arb_sqrt(dj->sd0, dj->v0, prec);
        for (k = 0; k < N; k++) {
            double h, kap, gk, gk1, inv_a;
            arb_sub(t, sch.s + k, sch.s + k + 1, prec);
            h = mid_d(t);
            kap = kappa_at(g2[k], sg2[k], al[k], h, pb.data.lambda[j]);
            /* two-stage schemes also evaluate at s_{k+1} (Heun-EDM not on a last step to sigma = 0) */
            if (two_ends && !(cf->scheme == DMV_SCHEME_HEUN_EDM && sg2[k + 1] == 0))
                kap = fmax(kap, kappa_at(g2[k + 1], sg2[k + 1], al[k + 1], h, pb.data.lambda[j]));
            gk = fabs(mid_d(dj->map.growth + k));
            gk1 = fabs(mid_d(dj->map.growth + k + 1));
            inv_a = (gk > 0 && isfinite(gk1)) ? gk1 / gk : INFINITY; /* never a NaN that fmax would drop */
            sum += (1.0 + kap) * fmax(1.0, inv_a);
        }
        dj->factor = o->K_init + o->K_step * sum;
        if (!isfinite(dj->factor) && o->guard == 0) {
            o->guard = DMV_PG_GUARD_NOT_FINITE;
            snprintf(o->guard_msg, sizeof o->guard_msg,
                     "the ulp budget of direction %ld (lambda %g) is not finite (a kappa_k or 1/|a_k| is infinite): "
                     "the comparison cannot decide",
                     j, pb.data.lambda[j]);
        }
    }

    /* the fast side */
    status = cf->dense ? dmv_fast_model_dense_init(&model, &pb.data, err)
                       : dmv_fast_model_gaussian_diag_init(&model, &pb.data, err);
    if (status != DMV_OK)
        goto done;
    model_ready = 1;
    dmv_pg_problem_job(&job, &pb, &model, n);
    job.generic_only = cf->generic;
    status = dmv_fast_run_rows(y, &job, 0, n, err);
    if (status != DMV_OK)
        goto done;

    for (i = 0; i < n; i++) {
        for (k = 0; k <= (stochastic ? N : 0); k++) {
            dmv_fast_noise_vec(pb.seed, (uint64_t) i, (uint32_t) k, d, zall + k * d);
            /* step noises are in the standard basis: their eigen-coordinates (U^T z)[j],
             * exactly (products of doubles summed at 128 bits); z_0 is drawn in the eigenbasis */
            for (j = 0; j < d; j++) {
                if (!cf->dense || k == 0) {
                    arb_set_d(zproj + k * d + j, zall[k * d + j]);
                    continue;
                }
                project(zproj + k * d + j, U, zall + k * d, j, d, prec);
            }
        }
        for (j = 0; j < d; j++) {
            direction *dj = &dir[j];
            double yabs, fast = y[i * d + j], ex, rad, budget, errv, ratio;
            int guard;
            /* x~_T = m0 + sqrt(v0) z_0, exactly */
            arb_mul_arf_d(xt, dj->sd0, zall[j], prec); /* z_0 in the eigenbasis */
            arb_add(xt, xt, dj->m0, prec);
            arb_mul(acc, dj->map.x0_coef, xt, prec);
            yabs = fabs(mid_d(dj->map.x0_coef)) * fabs(mid_d(xt));
            if (stochastic)
                for (k = 1; k <= N; k++) {
                    arb_ptr B = dj->map.noise_coef + (k - 1);
                    arb_addmul(acc, B, zproj + k * d + j, prec);
                    yabs += fabs(mid_d(B)) * fabs(mid_d(zproj + k * d + j));
                }
            arb_add(acc, acc, dj->map.shift, prec);
            yabs += fabs(mid_d(dj->map.shift));
            if (cf->dense) { /* compare in eigen-coordinates: (U^T y)[j], exactly */
                project(proj, U, y + i * d, j, d, prec);
                arb_sub(acc, acc, proj, prec);
                fast = 0.0;
            }
            ex = mid_d(acc);
            rad = mag_get_d(arb_radref(acc));
            budget = dmv_pg_pathwise_budget(rad, dj->factor, yabs, &guard);
            errv = fabs(fast - ex);
            ratio = errv / budget;
            if (guard == DMV_PG_GUARD_NOT_FINITE && o->guard == 0) {
                o->guard = guard;
                snprintf(o->guard_msg, sizeof o->guard_msg,
                         "the ulp budget of sample %ld, direction %ld (lambda %g) is not finite (radius %.3g, "
                         "factor %.3g, Y_abs %.3g): the comparison cannot decide",
                         i, j, pb.data.lambda[j], rad, dj->factor, yabs);
            } else if (guard == DMV_PG_GUARD_RADIUS && o->guard == 0) {
                o->guard = guard;
                snprintf(o->guard_msg, sizeof o->guard_msg,
                         "the certified radius %.3g of sample %ld, direction %ld is not negligible against the "
                         "ulp budget %.3g (must be below 1/%g of it): raise the reference precision",
                         rad, i, j, budget, DMV_PG_PATHWISE_RAD_FRACTION);
            }
            if (budget > 0 && rad / budget > o->max_rad_ratio)
                o->max_rad_ratio = rad / budget;
            if (!(errv <= budget))
                o->nbad++;
            if (!(ratio <= o->worst_ratio)) { /* also catches NaN */
                o->worst_ratio = isnan(ratio) ? INFINITY : ratio;
                o->worst_err = errv;
                o->worst_budget = budget;
                o->worst_i = i;
                o->worst_j = j;
            }
            if (yabs > 0 && errv / (DBL_EPSILON * yabs) > o->max_ulps)
                o->max_ulps = errv / (DBL_EPSILON * yabs);
            if (!(errv <= o->dir_err[j]))
                o->dir_err[j] = isnan(errv) ? INFINITY : errv;
            if (!(ratio <= o->dir_ratio[j]))
                o->dir_ratio[j] = isnan(ratio) ? INFINITY : ratio;
        }
        if (run != NULL && run->progress && (i + 1) % 250 == 0 && i + 1 < n)
            run->progress(run->progress_ctx, id, (double) (i + 1) / (double) n, "samples compared");
    }
done:
    if (model_ready)
        dmv_fast_model_clear(&model);
    if (dir != NULL)
        for (j = 0; j < ndir; j++) {
            dmv_ref_affine1_clear(&dir[j].map);
            arb_clear(dir[j].m0);
            arb_clear(dir[j].v0);
            arb_clear(dir[j].sd0);
        }
    free(dir);
    free(y);
    free(zall);
    free(g2);
    arb_clear(xt);
    arb_clear(acc);
    arb_clear(t);
    arb_clear(lam);
    arb_clear(mu);
    arb_clear(proj);
    _arb_vec_clear(zproj, (N + 1) * d);
    dmv_ref_schedule_clear(&sch);
    return status;
}

/* The standard budget evidence of one outcome. */
static void add_budget_numbers(dmv_result *out, const pw_outcome *o)
{
    dmv_result_add_number(out, "max |fast - exact| / budget", o->worst_ratio, 0, NULL);
    dmv_result_add_margin(out, "max |fast - exact| / budget", o->worst_ratio, 1.0, DMV_MARGIN_MAX, NULL);
    dmv_result_add_margin(out, "max certified radius / budget", o->max_rad_ratio,
                          1.0 / DMV_PG_PATHWISE_RAD_FRACTION, DMV_MARGIN_MAX, NULL);
    dmv_result_add_number(out, "max |fast - exact| / Y_abs", o->max_ulps * DBL_EPSILON, 0, NULL);
    dmv_result_add_number(out, "max |fast - exact| in ulps of Y_abs", o->max_ulps, 0, "ulp");
    dmv_result_add_number(out, "max certified radius / budget", o->max_rad_ratio, 0, NULL);
}

/* ---- pg.pathwise.<scheme> and pg.pathwise.dense ------------------------------------- */

static int pathwise_single(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err, int dense)
{
    const dmv_pg_scheme_param *sp = c->params;
    dmv_pg_pathwise_config cf;
    pw_outcome o;
    long n = run->quick ? PATHWISE_SAMPLES_QUICK : PATHWISE_SAMPLES, j;
    int status;

    memset(&cf, 0, sizeof cf);
    cf.process = DMV_PROCESS_VP_LINEAR;
    cf.grid = DMV_GRID_UNIFORM;
    cf.eps = 1e-3;
    dmv_init_default(&cf.init);
    cf.scheme = sp->scheme;
    cf.eta = sp->eta;
    cf.steps = PATHWISE_STEPS;
    cf.dense = dense;
    status = pathwise_one(&o, &cf, n, run->seed, run, c->id, err);
    if (status != DMV_OK)
        return status;
    {
        const long d = o.d;
        char *cells[4 * DMV_PG_SPECTRUM_D];
        const char *header[4] = {"lambda", "data mean", "max |fast - exact|", "max error / budget"};
        char buf[64];
        for (j = 0; j < d; j++) {
            snprintf(buf, sizeof buf, "%.6g", dmv_pg_spectrum_lambda[j]);
            cells[4 * j] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%.6g", dmv_pg_spectrum_mean[j]);
            cells[4 * j + 1] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%.3e", o.dir_err[j]);
            cells[4 * j + 2] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%.3e", o.dir_ratio[j]);
            cells[4 * j + 3] = dmv_strdup(buf);
        }
        dmv_result_add_table(out, "per eigen-direction", d, 4, header, (const char *const *) cells);
        for (j = 0; j < 4 * d; j++)
            free(cells[j]);
    }
    dmv_result_add_number(out, "samples", (double) n, 0, NULL);
    dmv_result_add_number(out, "steps", (double) cf.steps, 0, NULL);
    dmv_result_add_number(out, "roundings per step K_step", o.K_step, 0, NULL);
    dmv_result_add_number(out, "outputs outside the budget", (double) o.nbad, 0, NULL);
    add_budget_numbers(out, &o);
    if (o.nbad > 0) {
        out->verdict = DMV_VERDICT_FAIL;
        dmv_result_set_summary(out,
                               "%ld of %ld outputs outside the budget; worst: sample %ld, direction %ld "
                               "(lambda %g): |fast - exact| = %.3g, budget %.3g",
                               o.nbad, n * o.d, o.worst_i, o.worst_j, dmv_pg_spectrum_lambda[o.worst_j], o.worst_err,
                               o.worst_budget);
    } else if (o.guard) {
        out->verdict = DMV_VERDICT_INCONCLUSIVE;
        dmv_result_set_summary(out, "no output outside the budget, but the budget cannot decide: %s", o.guard_msg);
        dmv_result_set_budget_note(out, "%s", o.guard_msg);
    } else {
        out->verdict = DMV_VERDICT_PASS;
        dmv_result_set_summary(out,
                               "%ld x %ld outputs match the exact affine map; worst error %.3g = %.3g of its "
                               "budget; at most %.2f ulp of the output scale Y_abs",
                               n, o.d, o.worst_err, o.worst_ratio, o.max_ulps);
    }
    return DMV_OK;
}

int dmv_claim_pg_pathwise_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    return pathwise_single(c, run, out, err, 0);
}

int dmv_claim_pg_pathwise_dense_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    return pathwise_single(c, run, out, err, 1);
}

/* ---- the matrix claims ---------------------------------------------------------------- */

#define CFG(proc, grid, eps, ikind, imean, ivar, scheme, eta, generic)                                      \
    {proc, grid, eps, {ikind, imean, ivar}, scheme, eta, DMV_PG_PATHWISE_MATRIX_STEPS, generic, 0, 0}
#define ALL_SCHEMES(proc, grid, eps, ik, im, iv, generic) \
    CFG(proc, grid, eps, ik, im, iv, DMV_SCHEME_EM, 0.0, generic), \
    CFG(proc, grid, eps, ik, im, iv, DMV_SCHEME_EI, 0.0, generic), \
    CFG(proc, grid, eps, ik, im, iv, DMV_SCHEME_EULER, 0.0, generic), \
    CFG(proc, grid, eps, ik, im, iv, DMV_SCHEME_HEUN, 0.0, generic), \
    CFG(proc, grid, eps, ik, im, iv, DMV_SCHEME_HEUN_EDM, 0.0, generic), \
    CFG(proc, grid, eps, ik, im, iv, DMV_SCHEME_RK4, 0.0, generic), \
    CFG(proc, grid, eps, ik, im, iv, DMV_SCHEME_DDIM, 0.0, generic), \
    CFG(proc, grid, eps, ik, im, iv, DMV_SCHEME_DDIM, 1.0, generic), \
    CFG(proc, grid, eps, ik, im, iv, DMV_SCHEME_DPM2, 0.0, generic), \
    CFG(proc, grid, eps, ik, im, iv, DMV_SCHEME_DPMPP2M, 0.0, generic)

/* every process other than the paper's VP linear, every scheme (DDPM only where h g^2 < 1 on
 * every step at 100 uniform steps: VP linear (Song); it is not defined for VE) */
static const dmv_pg_pathwise_config cfg_processes[] = {
    ALL_SCHEMES(DMV_PROCESS_VP_LINEAR_SONG, DMV_GRID_UNIFORM, 1e-3, DMV_INIT_STANDARD, 0.0, 0.0, 0),
    CFG(DMV_PROCESS_VP_LINEAR_SONG, DMV_GRID_UNIFORM, 1e-3, DMV_INIT_STANDARD, 0.0, 0.0, DMV_SCHEME_DDPM, 0.0, 0),
    ALL_SCHEMES(DMV_PROCESS_VP_COSINE, DMV_GRID_UNIFORM, 1e-3, DMV_INIT_STANDARD, 0.0, 0.0, 0),
    ALL_SCHEMES(DMV_PROCESS_VE, DMV_GRID_UNIFORM, 1e-3, DMV_INIT_STANDARD, 0.0, 0.0, 0),
};
/* every grid other than uniform, every scheme, VP linear (DDPM where defined: quadratic) */
static const dmv_pg_pathwise_config cfg_grids[] = {
    ALL_SCHEMES(DMV_PROCESS_VP_LINEAR, DMV_GRID_LOGSNR, 1e-3, DMV_INIT_STANDARD, 0.0, 0.0, 0),
    ALL_SCHEMES(DMV_PROCESS_VP_LINEAR, DMV_GRID_KARRAS, 1e-3, DMV_INIT_STANDARD, 0.0, 0.0, 0),
    ALL_SCHEMES(DMV_PROCESS_VP_LINEAR, DMV_GRID_QUADRATIC, 1e-3, DMV_INIT_STANDARD, 0.0, 0.0, 0),
    CFG(DMV_PROCESS_VP_LINEAR, DMV_GRID_QUADRATIC, 1e-3, DMV_INIT_STANDARD, 0.0, 0.0, DMV_SCHEME_DDPM, 0.0, 0),
};
/* the starts p_T and N(0.25, 2.25 I), every scheme, VP linear, uniform grid */
static const dmv_pg_pathwise_config cfg_starts[] = {
    ALL_SCHEMES(DMV_PROCESS_VP_LINEAR, DMV_GRID_UNIFORM, 1e-3, DMV_INIT_EXACT, 0.0, 0.0, 0),
    CFG(DMV_PROCESS_VP_LINEAR, DMV_GRID_UNIFORM, 1e-3, DMV_INIT_EXACT, 0.0, 0.0, DMV_SCHEME_DDPM, 0.0, 0),
    ALL_SCHEMES(DMV_PROCESS_VP_LINEAR, DMV_GRID_UNIFORM, 1e-3, DMV_INIT_GAUSSIAN, 0.25, 2.25, 0),
    CFG(DMV_PROCESS_VP_LINEAR, DMV_GRID_UNIFORM, 1e-3, DMV_INIT_GAUSSIAN, 0.25, 2.25, DMV_SCHEME_DDPM, 0.0, 0),
};
/* eps = 0 for every scheme where it is defined (not the log-SNR schemes); Heun and RK4
 * evaluate the score at sigma = 0 (finite: every eigenvalue of the test spectrum is > 0) */
static const dmv_pg_pathwise_config cfg_eps0[] = {
    CFG(DMV_PROCESS_VP_LINEAR, DMV_GRID_UNIFORM, 0.0, DMV_INIT_STANDARD, 0.0, 0.0, DMV_SCHEME_EM, 0.0, 0),
    CFG(DMV_PROCESS_VP_LINEAR, DMV_GRID_UNIFORM, 0.0, DMV_INIT_STANDARD, 0.0, 0.0, DMV_SCHEME_EI, 0.0, 0),
    CFG(DMV_PROCESS_VP_LINEAR, DMV_GRID_UNIFORM, 0.0, DMV_INIT_STANDARD, 0.0, 0.0, DMV_SCHEME_DDPM, 0.0, 0),
    CFG(DMV_PROCESS_VP_LINEAR, DMV_GRID_UNIFORM, 0.0, DMV_INIT_STANDARD, 0.0, 0.0, DMV_SCHEME_EULER, 0.0, 0),
    CFG(DMV_PROCESS_VP_LINEAR, DMV_GRID_UNIFORM, 0.0, DMV_INIT_STANDARD, 0.0, 0.0, DMV_SCHEME_HEUN, 0.0, 0),
    CFG(DMV_PROCESS_VP_LINEAR, DMV_GRID_UNIFORM, 0.0, DMV_INIT_STANDARD, 0.0, 0.0, DMV_SCHEME_HEUN_EDM, 0.0, 0),
    CFG(DMV_PROCESS_VP_LINEAR, DMV_GRID_UNIFORM, 0.0, DMV_INIT_STANDARD, 0.0, 0.0, DMV_SCHEME_RK4, 0.0, 0),
    CFG(DMV_PROCESS_VP_LINEAR, DMV_GRID_UNIFORM, 0.0, DMV_INIT_STANDARD, 0.0, 0.0, DMV_SCHEME_DDIM, 0.0, 0),
    CFG(DMV_PROCESS_VP_LINEAR, DMV_GRID_UNIFORM, 0.0, DMV_INIT_STANDARD, 0.0, 0.0, DMV_SCHEME_DDIM, 1.0, 0),
    CFG(DMV_PROCESS_VP_LINEAR, DMV_GRID_UNIFORM, 0.0, DMV_INIT_STANDARD, 0.0, 0.0, DMV_SCHEME_EM, 0.0, 1),
    CFG(DMV_PROCESS_VP_LINEAR, DMV_GRID_UNIFORM, 0.0, DMV_INIT_STANDARD, 0.0, 0.0, DMV_SCHEME_EULER, 0.0, 1),
};
/* the generic (non-fused) denoiser path of every scheme, the paper's setting */
static const dmv_pg_pathwise_config cfg_generic[] = {
    ALL_SCHEMES(DMV_PROCESS_VP_LINEAR, DMV_GRID_UNIFORM, 1e-3, DMV_INIT_STANDARD, 0.0, 0.0, 1),
    CFG(DMV_PROCESS_VP_LINEAR, DMV_GRID_UNIFORM, 1e-3, DMV_INIT_STANDARD, 0.0, 0.0, DMV_SCHEME_DDPM, 0.0, 1),
};

#define MATRIX(cfg) {cfg, (long) (sizeof cfg / sizeof cfg[0])}
const dmv_pg_pathwise_matrix dmv_pg_pathwise_processes = MATRIX(cfg_processes);
const dmv_pg_pathwise_matrix dmv_pg_pathwise_grids = MATRIX(cfg_grids);
const dmv_pg_pathwise_matrix dmv_pg_pathwise_starts = MATRIX(cfg_starts);
const dmv_pg_pathwise_matrix dmv_pg_pathwise_eps0 = MATRIX(cfg_eps0);
const dmv_pg_pathwise_matrix dmv_pg_pathwise_generic = MATRIX(cfg_generic);

static void scheme_label(char *buf, size_t n, const dmv_pg_pathwise_config *cf)
{
    if (cf->scheme == DMV_SCHEME_DDIM)
        snprintf(buf, n, "ddim (eta %g)", cf->eta);
    else
        snprintf(buf, n, "%s", dmv_scheme_name(cf->scheme));
}

int dmv_claim_pg_pathwise_matrix_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    const dmv_pg_pathwise_matrix *mx = c->params;
    enum { NCOL = 9 };
    const char *header[NCOL] = {"process", "grid", "eps", "start", "scheme", "path", "max error / budget",
                                "max ulps of Y_abs", "outcome"};
    long n = run->quick ? DMV_PG_PATHWISE_MATRIX_SAMPLES_QUICK : DMV_PG_PATHWISE_MATRIX_SAMPLES;
    long r, col, nfail = 0, nguard = 0, first_fail = -1, first_guard = -1;
    double worst_ratio = 0.0, max_ulps = 0.0, max_rad = 0.0;
    char **cells = calloc((size_t) (mx->n * NCOL), sizeof *cells);
    char guard_msg[256] = "", fail_msg[512] = "";
    int status = DMV_OK;

    if (cells == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "%s: out of memory for %ld configurations", c->id, mx->n);
    for (r = 0; r < mx->n; r++) {
        const dmv_pg_pathwise_config *cf = &mx->configs[r];
        pw_outcome o;
        char buf[128], lab[64];
        const char *outcome;
        dmv_error cerr;
        dmv_error_init(&cerr);
        status = pathwise_one(&o, cf, n, run->seed, NULL, c->id, &cerr);
        if (status != DMV_OK) {
            scheme_label(lab, sizeof lab, cf);
            dmv_error_set(err, status, "%s, configuration %ld (%s, %s grid, %s): %s", c->id, r,
                          dmv_process_name(cf->process), dmv_grid_name(cf->grid), lab, cerr.msg);
            break;
        }
        if (o.nbad > 0) {
            outcome = "fail";
            if (nfail++ == 0) {
                first_fail = r;
                scheme_label(lab, sizeof lab, cf);
                snprintf(fail_msg, sizeof fail_msg,
                         "%s, %s grid, eps %g, %s start, %s, %s path: %ld of %ld outputs outside the budget "
                         "(worst: sample %ld, direction %ld, |fast - exact| = %.3g, budget %.3g)",
                         dmv_process_name(cf->process), dmv_grid_name(cf->grid), cf->eps,
                         start_name(&cf->init, buf, sizeof buf), lab, cf->generic ? "generic" : "fused", o.nbad,
                         n * o.d, o.worst_i, o.worst_j, o.worst_err, o.worst_budget);
            }
        } else if (o.guard) {
            outcome = "undecided";
            if (nguard++ == 0) {
                first_guard = r;
                snprintf(guard_msg, sizeof guard_msg, "%s", o.guard_msg);
            }
        } else {
            outcome = "pass";
        }
        if (!(o.worst_ratio <= worst_ratio))
            worst_ratio = o.worst_ratio;
        if (o.max_ulps > max_ulps)
            max_ulps = o.max_ulps;
        if (o.max_rad_ratio > max_rad)
            max_rad = o.max_rad_ratio;
        col = r * NCOL;
        cells[col + 0] = dmv_strdup(dmv_process_name(cf->process));
        cells[col + 1] = dmv_strdup(dmv_grid_name(cf->grid));
        snprintf(buf, sizeof buf, "%g", cf->eps);
        cells[col + 2] = dmv_strdup(buf);
        cells[col + 3] = dmv_strdup(start_name(&cf->init, buf, sizeof buf));
        scheme_label(buf, sizeof buf, cf);
        cells[col + 4] = dmv_strdup(buf);
        cells[col + 5] = dmv_strdup(cf->generic ? "generic" : "fused");
        snprintf(buf, sizeof buf, "%.3e", o.worst_ratio);
        cells[col + 6] = dmv_strdup(buf);
        snprintf(buf, sizeof buf, "%.2f", o.max_ulps);
        cells[col + 7] = dmv_strdup(buf);
        cells[col + 8] = dmv_strdup(outcome);
        if (run->progress)
            run->progress(run->progress_ctx, c->id, (double) (r + 1) / (double) mx->n, "configurations compared");
    }
    if (status == DMV_OK) {
        dmv_result_add_table(out, "configurations", mx->n, NCOL, header, (const char *const *) cells);
        dmv_result_add_number(out, "configurations", (double) mx->n, 0, NULL);
        dmv_result_add_number(out, "samples per configuration", (double) n, 0, NULL);
        dmv_result_add_number(out, "configurations outside the budget", (double) nfail, 0, NULL);
        dmv_result_add_number(out, "max |fast - exact| / budget", worst_ratio, 0, NULL);
        dmv_result_add_margin(out, "max |fast - exact| / budget", worst_ratio, 1.0, DMV_MARGIN_MAX, NULL);
        dmv_result_add_margin(out, "max certified radius / budget", max_rad, 1.0 / DMV_PG_PATHWISE_RAD_FRACTION,
                              DMV_MARGIN_MAX, NULL);
        dmv_result_add_number(out, "max |fast - exact| in ulps of Y_abs", max_ulps, 0, "ulp");
        dmv_result_add_number(out, "max certified radius / budget", max_rad, 0, NULL);
        if (nfail > 0) {
            out->verdict = DMV_VERDICT_FAIL;
            dmv_result_set_summary(out, "%ld of %ld configurations outside the budget; first (row %ld): %s", nfail,
                                   mx->n, first_fail, fail_msg);
        } else if (nguard > 0) {
            out->verdict = DMV_VERDICT_INCONCLUSIVE;
            dmv_result_set_summary(out, "%ld of %ld configurations undecided (first: row %ld): %s", nguard, mx->n,
                                   first_guard, guard_msg);
            dmv_result_set_budget_note(out, "%s", guard_msg);
        } else {
            out->verdict = DMV_VERDICT_PASS;
            dmv_result_set_summary(out,
                                   "%ld configurations x %ld samples x %d directions match the exact affine map; "
                                   "worst error %.3g of its budget, at most %.2f ulp of Y_abs",
                                   mx->n, n, DMV_PG_SPECTRUM_D, worst_ratio, max_ulps);
        }
    }
    for (r = 0; r < mx->n * NCOL; r++)
        free(cells[r]);
    free(cells);
    return status;
}
