/* The guided PF-ODE of the 1-D two-class models in the lambda-clock (include/dmv/ref_guided.h,
 * docs/math/guidance.md#clock): the guided denoiser, the flow map and its inverse, event
 * probabilities and the flow at quantile starts.
 *
 * Uniform classes: the two class posteriors come from dmv_ref_interval_posterior
 * (reference/denoise_boxes.c: erfc differences, no underflow) with alpha = 1 and sigma = sh, and
 *   D_w = m_+ + w (1 - q)(m_+ - m_-),   1 - q = expit(log Z_- - log Z_+)
 * (equal weights and widths: docs/math/guidance.md#two-class), which is D_c + w (D_c - D_u) with
 * D_u = q m_+ + (1 - q) m_- without evaluating the + class twice.
 * Gaussian mixture: the reference model of the spec
 *   {"model": "guided", "w": w, "cond": N(1, 1), "uncond": 1/2 N(1, 1) + 1/2 N(-1, 1)}.
 *
 * Two clocks: from sh_T = sqrt(e^{2T} - 1) down to sh = 1 the flow runs in sh itself,
 *   d yh / d sh = (yh - D_w)/sh  (the noise prediction: nearly constant at high noise, so the
 *                                  solution is nearly linear and the pair takes long steps),
 * and from sh = 1 (lambda = 0) down to sh_min in the lambda-clock (not stiff at the data end).
 * The start: x(T) = x0 is yh = x0 e^T at sh_T (a ball); the mesh starts at the double s0 nearest sh_T
 * and the gap is bridged by one Euler step of length |s0 - sh_T| (~1e-12 at T = 10, with a drift
 * ~|yh|/sh_T and a curvature ~1/sh_T^3: error ~1e-36). The end: l1 = the double nearest ln sh_min,
 * output x = yh / sqrt(1 + e^{2 l1}); the flow left after l1 is estimated by |yh - D_w| at l1. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <arb_hypgeom.h>

#include "dmv/ref_guided.h"

/* Arb 2.23 has no *_d arithmetic: x op (a double taken exactly) */
static void mul_dd(arb_t r, const arb_t x, double d, slong prec)
{
    arb_t t;
    arb_init(t);
    arb_set_d(t, d);
    arb_mul(r, x, t, prec);
    arb_clear(t);
}


void dmv_ref_guided_init(dmv_ref_guided *g)
{
    memset(g, 0, sizeof *g);
    g->kind = DMV_GUIDED_UNIFORM;
    g->a1 = 1;
    g->a2 = 2;
    g->w = 0;
    g->T = 10;
    g->sigma_hat_min = 1e-9;
    g->tol = 1e-14;
    g->prec = 128;
    g->max_steps = 100000;
    dmv_model_spec_init(&g->spec);
    g->rm_ready = 0;
}

void dmv_ref_guided_clear(dmv_ref_guided *g)
{
    if (g == NULL)
        return;
    if (g->rm_ready)
        dmv_ref_model_clear(&g->rm);
    g->rm_ready = 0;
    dmv_model_spec_clear(&g->spec);
}

int dmv_ref_guided_setup(dmv_ref_guided *g, dmv_error *err)
{
    char js[512];
    int rc;
    if (g == NULL)
        return dmv_error_set(err, DMV_EINVAL, "guided reference: NULL");
    if (g->kind != DMV_GUIDED_UNIFORM && g->kind != DMV_GUIDED_GAUSS)
        return dmv_error_set(err, DMV_EINVAL, "guided reference: kind = %d: must be uniform (0) or gauss (1)",
                             (int) g->kind);
    if (g->kind == DMV_GUIDED_UNIFORM && !(g->a1 >= 0 && g->a1 < g->a2 && isfinite(g->a2)))
        return dmv_error_set(err, DMV_EINVAL, "guided reference: a1 = %g, a2 = %g: need 0 <= a1 < a2 < inf", g->a1,
                             g->a2);
    if (!(g->w >= 0 && isfinite(g->w)))
        return dmv_error_set(err, DMV_EINVAL, "guided reference: w = %g: need 0 <= w < inf", g->w);
    if (!(g->T > 0 && g->T <= 300))
        return dmv_error_set(err, DMV_EINVAL, "guided reference: T = %g: need 0 < T <= 300", g->T);
    if (!(g->sigma_hat_min > 0 && g->sigma_hat_min < 1))
        return dmv_error_set(err, DMV_EINVAL, "guided reference: sigma_hat_min = %g: need 0 < sigma_hat_min < 1",
                             g->sigma_hat_min);
    if (!(g->tol > 0 && g->tol < 1e-3))
        return dmv_error_set(err, DMV_EINVAL, "guided reference: tol = %g: need 0 < tol < 1e-3", g->tol);
    if (g->prec < 100)
        return dmv_error_set(err, DMV_EINVAL, "guided reference: prec = %ld: must be >= 100 bits", (long) g->prec);
    if (g->max_steps < 1)
        return dmv_error_set(err, DMV_EINVAL, "guided reference: max_steps = %ld: must be >= 1", g->max_steps);
    if (g->rm_ready)
        dmv_ref_model_clear(&g->rm);
    g->rm_ready = 0;
    dmv_model_spec_clear(&g->spec);
    if (g->kind == DMV_GUIDED_UNIFORM)
        return DMV_OK;
    snprintf(js, sizeof js,
             "{\"model\": \"guided\", \"w\": %.17g, \"cond\": {\"model\": \"gaussian\", \"lambda\": [1], \"mean\": [1]}, "
             "\"uncond\": {\"model\": \"mixture\", \"weights\": [1, 1], \"means\": [[1], [-1]], \"vars\": [[1], [1]]}}",
             g->w);
    if ((rc = dmv_model_spec_parse(&g->spec, js, strlen(js), "guided reference", NULL, NULL, err)) != DMV_OK)
        return rc;
    if ((rc = dmv_ref_model_from_spec(&g->rm, &g->spec, g->prec, err)) != DMV_OK)
        return rc;
    g->rm_ready = 1;
    return DMV_OK;
}

/* expit(v) = 1 / (1 + e^{-v}) (arb exponents are unbounded: no overflow) */
static void expit(arb_t r, const arb_t v, slong prec)
{
    arb_neg(r, v);
    arb_exp(r, r, prec);
    arb_add_ui(r, r, 1, prec);
    arb_inv(r, r, prec);
}

int dmv_ref_guided_denoise(arb_t out, const dmv_ref_guided *g, const arb_t yh, const arb_t sh, dmv_error *err)
{
    slong prec = g->prec;
    int rc;
    if (g->kind == DMV_GUIDED_GAUSS) {
        arb_t one;
        if (!g->rm_ready)
            return dmv_error_set(err, DMV_EINVAL, "guided reference: not set up (call dmv_ref_guided_setup)");
        arb_init(one);
        arb_one(one);
        rc = dmv_ref_model_denoise(out, &g->rm, one, sh, yh, prec, err);
        arb_clear(one);
        return rc;
    } else {
        arb_t lzp, mp, lzm, mm, one, t;
        arb_init(lzp);
        arb_init(mp);
        arb_init(lzm);
        arb_init(mm);
        arb_init(one);
        arb_init(t);
        arb_one(one);
        rc = dmv_ref_interval_posterior(lzp, mp, g->a1, g->a2, one, sh, yh, prec, err);
        if (rc == DMV_OK && g->w != 0)
            rc = dmv_ref_interval_posterior(lzm, mm, -g->a2, -g->a1, one, sh, yh, prec, err);
        if (rc == DMV_OK) {
            arb_set(out, mp);
            if (g->w != 0) {
                arb_sub(t, lzm, lzp, prec);
                expit(t, t, prec); /* 1 - q */
                mul_dd(t, t, g->w, prec);
                arb_sub(mm, mp, mm, prec);
                arb_addmul(out, t, mm, prec);
            }
        }
        arb_clear(lzp);
        arb_clear(mp);
        arb_clear(lzm);
        arb_clear(mm);
        arb_clear(one);
        arb_clear(t);
        return rc;
    }
}

/* d yh / d lambda = yh - D_w(yh, e^lambda) */
static int lam_rhs(arb_t f, const arb_t lam, const arb_t y, void *ctx, slong prec, dmv_error *err)
{
    const dmv_ref_guided *g = ctx;
    arb_t sh;
    int rc;
    arb_init(sh);
    arb_exp(sh, lam, prec);
    rc = dmv_ref_guided_denoise(f, g, y, sh, err);
    arb_sub(f, y, f, prec);
    arb_clear(sh);
    return rc;
}

/* d yh / d sh = (yh - D_w(yh, sh)) / sh: the high-noise phase (nearly linear solutions) */
static int sh_rhs(arb_t f, const arb_t sh, const arb_t y, void *ctx, slong prec, dmv_error *err)
{
    const dmv_ref_guided *g = ctx;
    int rc = dmv_ref_guided_denoise(f, g, y, sh, err);
    arb_sub(f, y, f, prec);
    arb_div(f, f, sh, prec);
    return rc;
}

/* sh_T = sqrt(e^{2T} - 1) as a ball; returns the double nearest */
static double sigma_hat_T(arb_t st, double T, slong prec)
{
    arb_set_d(st, 2 * T);
    arb_expm1(st, st, prec);
    arb_sqrt(st, st, prec);
    return arf_get_d(arb_midref(st), ARF_RND_NEAR);
}

/* y <- y + (to - from) f_sh(from, y): the bridge between the ball sh_T and the double nearest */
static int bridge(arb_t y, const dmv_ref_guided *g, const arb_t from, const arb_t to, dmv_error *err)
{
    arb_t f, d;
    int rc;
    arb_init(f);
    arb_init(d);
    rc = sh_rhs(f, from, y, (void *) g, g->prec, err);
    arb_sub(d, to, from, g->prec);
    arb_addmul(y, d, f, g->prec);
    arb_clear(f);
    arb_clear(d);
    return rc;
}

/* the phases recentre their start: the total halving bound is added here */
static void add_err_d(arb_t y, double e)
{
    mag_t m;
    mag_init(m);
    mag_set_d(m, e);
    arb_add_error_mag(y, m);
    mag_clear(m);
}

static void info_add(dmv_ref_guided_info *a, const dmv_ref_guided_info *b)
{
    a->err_halving += b->err_halving;
    a->steps += b->steps;
    a->rejected += b->rejected;
    a->fevals += b->fevals;
}

/* The two phases: sh from sh0 down to SH_SWITCH, then lambda from ln SH_SWITCH = 0 down to l1
 * (dir = +1), or back (dir = -1). */
#define SH_SWITCH 1.0
static int two_phase(arb_t yh, const dmv_ref_guided *g, double sh0, double l1, int dir, dmv_ref_guided_info *info,
                     dmv_error *err)
{
    dmv_ref_guided_info i1 = {0, 0, 0, 0, 0}, i2 = {0, 0, 0, 0, 0};
    int rc;
    memset(info, 0, sizeof *info);
    if (sh0 <= SH_SWITCH) /* T so small that the whole run is in the lambda-clock */
        rc = dir > 0 ? dmv_ref_rk45(yh, lam_rhs, (void *) g, log(sh0), l1, yh, 1e-2, g->tol, g->prec, g->max_steps,
                                    &i1, err)
                     : dmv_ref_rk45(yh, lam_rhs, (void *) g, l1, log(sh0), yh, 1e-2, g->tol, g->prec, g->max_steps,
                                    &i1, err);
    else if (dir > 0) {
        rc = dmv_ref_rk45(yh, sh_rhs, (void *) g, sh0, SH_SWITCH, yh, 1e-2 * sh0, g->tol, g->prec, g->max_steps, &i1,
                          err);
        if (rc == DMV_OK)
            rc = dmv_ref_rk45(yh, lam_rhs, (void *) g, 0.0, l1, yh, 1e-2, g->tol, g->prec, g->max_steps, &i2, err);
    } else {
        rc = dmv_ref_rk45(yh, lam_rhs, (void *) g, l1, 0.0, yh, 1e-2, g->tol, g->prec, g->max_steps, &i2, err);
        if (rc == DMV_OK)
            rc = dmv_ref_rk45(yh, sh_rhs, (void *) g, SH_SWITCH, sh0, yh, 1e-2, g->tol, g->prec, g->max_steps, &i1,
                              err);
    }
    info_add(info, &i1);
    info_add(info, &i2);
    return rc;
}

int dmv_ref_guided_flow(arb_t y, const dmv_ref_guided *g, const arb_t x0, dmv_ref_guided_info *info, dmv_error *err)
{
    slong prec = g->prec;
    arb_t st, s0a, yh, t, f;
    double s0, l1;
    dmv_ref_guided_info inf0;
    int rc;
    if (info == NULL)
        info = &inf0;
    arb_init(st);
    arb_init(s0a);
    arb_init(yh);
    arb_init(t);
    arb_init(f);
    s0 = sigma_hat_T(st, g->T, prec);
    l1 = log(g->sigma_hat_min);
    arb_set_d(s0a, s0);
    arb_set_d(t, g->T);
    arb_exp(t, t, prec);
    arb_mul(yh, x0, t, prec); /* yh = x0 / u_T */
    if ((rc = bridge(yh, g, st, s0a, err)) != DMV_OK)
        goto done;
    if ((rc = two_phase(yh, g, s0, l1, 1, info, err)) != DMV_OK)
        goto done;
    add_err_d(yh, info->err_halving);
    /* the remaining flow below l1 (estimate) and the output x = yh / sqrt(1 + sh^2) */
    arb_set_d(t, l1);
    {
        arb_t ym;
        arb_init(ym);
        arb_get_mid_arb(ym, yh);
        rc = lam_rhs(f, t, ym, (void *) g, prec, err);
        arb_clear(ym);
    }
    if (rc != DMV_OK)
        goto done;
    info->err_tail = fabs(arf_get_d(arb_midref(f), ARF_RND_NEAR)) + mag_get_d(arb_radref(f));
    arb_mul_2exp_si(t, t, 1);
    arb_exp(t, t, prec);
    arb_add_ui(t, t, 1, prec);
    arb_rsqrt(t, t, prec);
    arb_mul(y, yh, t, prec);
    arb_add_error(y, f);
done:
    arb_clear(st);
    arb_clear(s0a);
    arb_clear(yh);
    arb_clear(t);
    arb_clear(f);
    return rc;
}

int dmv_ref_guided_flow_inv(arb_t x0, const dmv_ref_guided *g, const arb_t c, dmv_ref_guided_info *info,
                            dmv_error *err)
{
    slong prec = g->prec;
    arb_t st, s0a, yh, t;
    double s0, l1;
    dmv_ref_guided_info inf0;
    int rc;
    if (info == NULL)
        info = &inf0;
    arb_init(st);
    arb_init(s0a);
    arb_init(yh);
    arb_init(t);
    s0 = sigma_hat_T(st, g->T, prec);
    l1 = log(g->sigma_hat_min);
    arb_set_d(s0a, s0);
    arb_set_d(t, l1);
    arb_mul_2exp_si(t, t, 1);
    arb_exp(t, t, prec);
    arb_add_ui(t, t, 1, prec);
    arb_sqrt(t, t, prec);
    arb_mul(yh, c, t, prec); /* yh = c sqrt(1 + sh^2) */
    if ((rc = two_phase(yh, g, s0, l1, -1, info, err)) != DMV_OK)
        goto done;
    add_err_d(yh, info->err_halving);
    if ((rc = bridge(yh, g, s0a, st, err)) != DMV_OK)
        goto done;
    arb_set_d(t, -g->T);
    arb_exp(t, t, prec);
    arb_mul(x0, yh, t, prec);
    info->err_halving *= exp(-g->T); /* in the units of x0 */
done:
    arb_clear(st);
    arb_clear(s0a);
    arb_clear(yh);
    arb_clear(t);
    return rc;
}

int dmv_ref_guided_prob_ge(arb_t P, arb_t Q, const dmv_ref_guided *g, const arb_t c, dmv_ref_guided_info *info,
                           dmv_error *err)
{
    slong prec = g->prec;
    arb_t x0, t;
    int rc;
    arb_init(x0);
    arb_init(t);
    rc = dmv_ref_guided_flow_inv(x0, g, c, info, err);
    if (rc == DMV_OK) {
        arb_sqrt_ui(t, 2, prec);
        arb_div(x0, x0, t, prec); /* x0 / sqrt 2 */
        if (P != NULL) {
            arb_hypgeom_erfc(P, x0, prec); /* 1 - Phi(x0) = erfc(x0/sqrt2)/2 */
            arb_mul_2exp_si(P, P, -1);
        }
        if (Q != NULL) {
            arb_neg(t, x0);
            arb_hypgeom_erfc(Q, t, prec);
            arb_mul_2exp_si(Q, Q, -1);
        }
    }
    arb_clear(x0);
    arb_clear(t);
    return rc;
}

void dmv_ref_guided_quantile_starts(arb_ptr x, long n, slong prec)
{
    long i;
    arb_t p, s2;
    arb_init(p);
    arb_init(s2);
    arb_sqrt_ui(s2, 2, prec);
    for (i = 0; i < n; i++) {
        /* Phi^{-1}(p) = sqrt2 erfinv(2p - 1), 2p - 1 = (2i + 1 - n)/n */
        arb_set_si(p, 2 * i + 1 - n);
        arb_div_si(p, p, n, prec);
        arb_hypgeom_erfinv(x + i, p, prec);
        arb_mul(x + i, x + i, s2, prec);
    }
    arb_clear(p);
    arb_clear(s2);
}

int dmv_ref_guided_quantile_flow(arb_ptr y, const dmv_ref_guided *g, long n, double *worst, dmv_error *err)
{
    arb_ptr x;
    long i;
    int rc = DMV_OK;
    double wst = 0;
    if (n < 1)
        return dmv_error_set(err, DMV_EINVAL, "guided reference: n = %ld quantile starts: must be >= 1", n);
    x = _arb_vec_init(n);
    dmv_ref_guided_quantile_starts(x, n, g->prec);
    for (i = 0; i < n && rc == DMV_OK; i++) {
        dmv_ref_guided_info info;
        rc = dmv_ref_guided_flow(y + i, g, x + i, &info, err);
        if (rc == DMV_OK && !(info.err_halving + info.err_tail <= wst))
            wst = info.err_halving + info.err_tail;
    }
    _arb_vec_clear(x, n);
    if (worst != NULL)
        *worst = wst;
    return rc;
}

/* ---- the exact u-clock ODE of the Gaussian mixture ---- */
typedef struct {
    double w;
} gauss_u_ctx;

static int gauss_u_rhs(arb_t f, const arb_t u, const arb_t y, void *ctx, slong prec, dmv_error *err)
{
    const gauss_u_ctx *c = ctx;
    (void) err;
    arb_mul(f, u, y, prec);
    arb_mul_si(f, f, -2, prec);
    expit(f, f, prec);
    mul_dd(f, f, 2 * c->w, prec);
    arb_add_ui(f, f, 1, prec);
    return DMV_OK;
}

int dmv_ref_guided_gauss_u(arb_t y, double w, double T, const arb_t x0, double tol, slong prec, long max_steps,
                           dmv_ref_guided_info *info, dmv_error *err)
{
    gauss_u_ctx c;
    double u0;
    if (!(w >= 0 && isfinite(w)))
        return dmv_error_set(err, DMV_EINVAL, "gauss u-clock: w = %g: need 0 <= w < inf", w);
    if (!(T > 0))
        return dmv_error_set(err, DMV_EINVAL, "gauss u-clock: T = %g: need T > 0 (inf allowed)", T);
    if (prec < 100)
        return dmv_error_set(err, DMV_EINVAL, "gauss u-clock: prec = %ld: must be >= 100 bits", (long) prec);
    c.w = w;
    u0 = isinf(T) ? 0.0 : exp(-T);
    return dmv_ref_rk45(y, gauss_u_rhs, &c, u0, 1.0, x0, 1e-2 / (1 + w), tol, prec, max_steps, info, err);
}
