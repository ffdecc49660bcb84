/* The tilted target law p(x) p(z = 1 | x)^{1 + w} of the guided two-class models
 * (include/dmv/ref_guided.h, docs/math/guidance.md#tilted).
 *
 * Uniform classes with disjoint supports: p(z = 1 | x) is 1 on [a1, a2] and 0 on [-a2, -a1], so the
 * tilted law is U[a1, a2] for every w (closed form).
 * Gaussian mixture: p(z = 1 | x) = expit(2x), the tilted density is proportional to
 *   f(x) = exp(-(x - 1)^2/2 - w log(1 + e^{-2x}))
 * (log(1 + e^{-2x}) = softplus(-2x)). The integrals of f, x f over [L, c] and [L, U], L = 1 - 40,
 * U = 1 + 40, are certified by acb_calc_integrate (f is holomorphic off the points where
 * 1 + e^{-2z} <= 0, which acb_log_analytic reports); f <= exp(-(x - 1)^2/2) bounds each cut-off tail by
 * sqrt(2 pi) Phi(-40) < 2^-1150 (times max(|x|) <= 1 + |x| for the first moment, absorbed by the same
 * bound 2^-1100), added to the radius. */
#include <math.h>

#include <acb_calc.h>

#include "dmv/ref_guided.h"

/* Arb 2.23 has no *_d arithmetic: x op (a double taken exactly) */
static void add_dd(arb_t r, const arb_t x, double d, slong prec)
{
    arb_t t;
    arb_init(t);
    arb_set_d(t, d);
    arb_add(r, x, t, prec);
    arb_clear(t);
}

#define TILT_HALF 40
#define TILT_TAIL_EXP (-1100)

typedef struct {
    double w;
    int moment; /* 0: f, 1: x f */
} tilt_ctx;

static int tilt_f(acb_ptr res, const acb_t z, void *param, slong order, slong prec)
{
    const tilt_ctx *c = param;
    acb_t t, e;
    if (order > 1)
        flint_abort(); /* acb_calc_integrate asks for order 0 or 1 only */
    acb_init(t);
    acb_init(e);
    /* -w log(1 + e^{-2z}) */
    acb_mul_si(t, z, -2, prec);
    acb_exp(t, t, prec);
    acb_add_ui(t, t, 1, prec);
    acb_log_analytic(t, t, order != 0, prec);
    acb_set(e, t);
    acb_set_d(t, c->w);
    acb_mul(e, e, t, prec);
    acb_neg(e, e);
    /* - (z - 1)^2 / 2 */
    acb_sub_ui(t, z, 1, prec);
    acb_sqr(t, t, prec);
    acb_mul_2exp_si(t, t, -1);
    acb_sub(e, e, t, prec);
    acb_exp(res, e, prec);
    if (c->moment)
        acb_mul(res, res, z, prec);
    acb_clear(e);
    acb_clear(t);
    return 0;
}

/* I = integral of f (moment 0) or x f (moment 1) over [a, b], a < b, certified, plus the tail bound */
static int tilt_integral(arb_t I, double w, int moment, const arb_t a, const arb_t b, slong prec, dmv_error *err)
{
    tilt_ctx c;
    acb_t r, A, B;
    mag_t tol;
    int st;
    c.w = w;
    c.moment = moment;
    acb_init(r);
    acb_init(A);
    acb_init(B);
    mag_init(tol);
    acb_set_arb(A, a);
    acb_set_arb(B, b);
    mag_set_ui_2exp_si(tol, 1, -prec);
    st = acb_calc_integrate(r, tilt_f, &c, A, B, prec, tol, NULL, prec);
    arb_set(I, acb_realref(r));
    mag_set_ui_2exp_si(tol, 1, TILT_TAIL_EXP);
    arb_add_error_mag(I, tol); /* the tails beyond [L, U] (docs/math/guidance.md#tilted) */
    acb_clear(r);
    acb_clear(A);
    acb_clear(B);
    mag_clear(tol);
    if (st != ARB_CALC_SUCCESS || !arb_is_finite(I))
        return dmv_error_set(err, DMV_EPREC, "tilted law: quadrature of the %s on [%g, %g] (w = %g) did not converge",
                             moment ? "first moment" : "density", arf_get_d(arb_midref(a), ARF_RND_NEAR),
                             arf_get_d(arb_midref(b), ARF_RND_NEAR), w);
    return DMV_OK;
}

int dmv_ref_guided_tilted_cdf(arb_t F, const dmv_ref_guided *g, const arb_t c, dmv_error *err)
{
    slong prec = g->prec;
    arb_t L, U, num, Z;
    int rc = DMV_OK;
    if (g->kind == DMV_GUIDED_UNIFORM) {
        arb_t t;
        arb_init(t);
        add_dd(F, c, -g->a1, prec);
        arb_set_d(t, g->a2);
        add_dd(t, t, -g->a1, prec);
        arb_div(F, F, t, prec);
        arb_zero(t);
        arb_max(F, F, t, prec);
        arb_one(t);
        arb_min(F, F, t, prec);
        arb_clear(t);
        return DMV_OK;
    }
    arb_init(L);
    arb_init(U);
    arb_init(num);
    arb_init(Z);
    arb_set_si(L, 1 - TILT_HALF);
    arb_set_si(U, 1 + TILT_HALF);
    rc = tilt_integral(Z, g->w, 0, L, U, prec, err);
    if (rc == DMV_OK) {
        if (arb_le(c, L))
            arb_zero(num);
        else if (arb_ge(c, U))
            arb_set(num, Z);
        else if (arb_gt(c, L) && arb_lt(c, U))
            rc = tilt_integral(num, g->w, 0, L, c, prec, err);
        else
            rc = dmv_error_set(err, DMV_EINVAL, "tilted cdf: the ball c straddles a cut-off point %d or %d",
                               1 - TILT_HALF, 1 + TILT_HALF);
    }
    if (rc == DMV_OK) {
        mag_t t;
        mag_init(t);
        mag_set_ui_2exp_si(t, 1, TILT_TAIL_EXP);
        arb_add_error_mag(num, t); /* the cut-off tails, also when c is beyond them */
        mag_clear(t);
        arb_div(F, num, Z, prec);
    }
    arb_clear(L);
    arb_clear(U);
    arb_clear(num);
    arb_clear(Z);
    return rc;
}

int dmv_ref_guided_tilted_mean(arb_t m, const dmv_ref_guided *g, dmv_error *err)
{
    slong prec = g->prec;
    arb_t L, U, Z;
    int rc;
    if (g->kind == DMV_GUIDED_UNIFORM) {
        arb_set_d(m, g->a1);
        add_dd(m, m, g->a2, prec);
        arb_mul_2exp_si(m, m, -1);
        return DMV_OK;
    }
    arb_init(L);
    arb_init(U);
    arb_init(Z);
    arb_set_si(L, 1 - TILT_HALF);
    arb_set_si(U, 1 + TILT_HALF);
    rc = tilt_integral(Z, g->w, 0, L, U, prec, err);
    if (rc == DMV_OK)
        rc = tilt_integral(m, g->w, 1, L, U, prec, err);
    if (rc == DMV_OK)
        arb_div(m, m, Z, prec);
    arb_clear(L);
    arb_clear(U);
    arb_clear(Z);
    return rc;
}
