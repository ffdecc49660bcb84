/* The push-forward identity for a 2-D nonlinear invertible generator by certified quadrature
 * (docs/math/outsourced.md#nonlinear):
 *     f(z1, z2) = (sinh z1, exp(z1/2) z2 + tanh z1),   r(x, y) = N(y; x, s2 I_2).
 * Given x1 (z1 = asinh x1), x2 = exp(z1/2) z2 + tanh z1 is N(tanh z1, exp z1), so the x2 (z2)
 * integral is closed form on both sides:
 *     int N(x2; t, e) N(y2; x2, s2) dx2 = N(y2; t, e + s2),
 *     int N(x2; t, e) x2 N(y2; x2, s2) dx2 = N(y2; t, e + s2) (t s2 + y2 e)/(e + s2).
 * z-side: int phi(z) N(y1; sinh z, s2) N(y2; tanh z, e^z + s2) g(z) dz, g = 1, sinh z, the x2 mean.
 * x-side: p_theta(x1) = phi(asinh x1)/sqrt(1 + x1^2) (the Jacobian of sinh), tanh z1 = x1/sqrt(1 + x1^2),
 * exp z1 = x1 + sqrt(1 + x1^2): int p_theta(x) N(y1; x, s2) N(y2; ., . + s2) g dx.
 * z-side: acb_calc_integrate on [-L, L]; the rest is bounded by
 *     (2 pi s2)^{-1} * { 2 Q(L),  e^{1/2} Q(L - 1),  max(1, |y2|) 2 Q(L) }   (g = 1, x1, x2),
 * Q(u) <= phi(u)/u: N(.) <= (2 pi s2)^{-1/2} for both normal factors, |sinh z| <= e^{|z|}/2, the x2
 * mean is a convex combination of tanh z and y2.
 * x-side: acb_calc_integrate on [y1 - W, y1 + W], W = sqrt(s2) L, and
 * outside it N(y1; x, s2) <= (2 pi s2)^{-1/2} exp(-L^2/2), so the rest is bounded by
 *     (2 pi s2)^{-1} exp(-L^2/2) * { 1,  e^{1/2},  max(1, |y2|) }
 * (int p_theta = 1, int p_theta |x1| = E|sinh Z| <= E e^{|Z|}/2 <= e^{1/2}). The two sides share
 * no bound and no interval. */
#include <math.h>

#include <acb_calc.h>

#include "dmv/ref_od.h"

typedef struct {
    int which, xside;
    double y1, y2, s2;
} quad_param;

/* N(y; mean, var) for complex mean/var, analytic-checked square root */
static void normal_c(acb_t res, const acb_t y, const acb_t mean, const acb_t var, int analytic, slong prec)
{
    acb_t d, t;
    acb_init(d);
    acb_init(t);
    acb_sub(d, y, mean, prec);
    acb_mul(d, d, d, prec);
    acb_div(d, d, var, prec);
    acb_mul_2exp_si(d, d, -1);
    acb_neg(d, d);
    acb_exp(d, d, prec);
    acb_const_pi(t, prec);
    acb_mul_2exp_si(t, t, 1);
    acb_mul(t, t, var, prec);
    acb_rsqrt_analytic(t, t, analytic, prec);
    acb_mul(res, d, t, prec);
    acb_clear(d);
    acb_clear(t);
}

static int integrand(acb_ptr res, const acb_t u, void *param, slong order, slong prec)
{
    const quad_param *p = param;
    int analytic = order == 1;
    acb_t z, sh, th, ex, s2, y, w, g, rt;
    if (order > 1)
        flint_abort(); /* acb_calc_integrate asks for order <= 1 */
    acb_init(z);
    acb_init(sh);
    acb_init(th);
    acb_init(ex);
    acb_init(s2);
    acb_init(y);
    acb_init(w);
    acb_init(g);
    acb_init(rt);
    acb_set_d(s2, p->s2);
    if (!p->xside) {
        acb_set(z, u);
        acb_sinh_cosh(sh, w, z, prec);
        acb_tanh(th, z, prec);
        acb_exp(ex, z, prec);
        /* phi(z) */
        acb_mul(w, z, z, prec);
        acb_mul_2exp_si(w, w, -1);
        acb_neg(w, w);
        acb_exp(res, w, prec);
        acb_const_pi(w, prec);
        acb_mul_2exp_si(w, w, 1);
        acb_rsqrt(w, w, prec);
        acb_mul(res, res, w, prec);
    } else {
        /* x = u: rt = sqrt(1 + x^2), z = log(x + rt) = asinh x */
        acb_set(sh, u);
        acb_mul(rt, u, u, prec);
        acb_add_ui(rt, rt, 1, prec);
        acb_sqrt_analytic(rt, rt, analytic, prec);
        acb_add(ex, u, rt, prec);
        acb_log_analytic(z, ex, analytic, prec);
        acb_div(th, u, rt, prec);
        /* phi(z) / rt */
        acb_mul(w, z, z, prec);
        acb_mul_2exp_si(w, w, -1);
        acb_neg(w, w);
        acb_exp(res, w, prec);
        acb_const_pi(w, prec);
        acb_mul_2exp_si(w, w, 1);
        acb_rsqrt(w, w, prec);
        acb_mul(res, res, w, prec);
        acb_div(res, res, rt, prec);
    }
    /* N(y1; sinh z, s2) */
    acb_set_d(y, p->y1);
    normal_c(w, y, sh, s2, 0, prec); /* var = s2 real > 0: no branch cut */
    acb_mul(res, res, w, prec);
    /* N(y2; tanh z, e^z + s2) */
    acb_set_d(y, p->y2);
    acb_add(g, ex, s2, prec);
    normal_c(w, y, th, g, analytic, prec);
    acb_mul(res, res, w, prec);
    if (p->which == 1)
        acb_mul(res, res, sh, prec);
    else if (p->which == 2) {
        /* (tanh z s2 + y2 e^z)/(e^z + s2) */
        acb_mul(w, th, s2, prec);
        acb_addmul(w, y, ex, prec);
        acb_div(w, w, g, prec);
        acb_mul(res, res, w, prec);
    }
    acb_clear(z);
    acb_clear(sh);
    acb_clear(th);
    acb_clear(ex);
    acb_clear(s2);
    acb_clear(y);
    acb_clear(w);
    acb_clear(g);
    acb_clear(rt);
    return 0;
}

/* the x-side tail bound of the header comment */
static void tail_bound_x(mag_t out, int which, double y2, double s2, double L, slong prec)
{
    arb_t t, u;
    arb_init(t);
    arb_init(u);
    arb_set_d(t, L);
    arb_mul(t, t, t, prec);
    arb_mul_2exp_si(t, t, -1);
    arb_neg(t, t);
    arb_exp(t, t, prec);
    if (which == 1) {
        arb_one(u);
        arb_mul_2exp_si(u, u, -1);
        arb_exp(u, u, prec);
        arb_mul(t, t, u, prec);
    } else if (which == 2 && fabs(y2) > 1) {
        arb_set_d(u, fabs(y2));
        arb_mul(t, t, u, prec);
    }
    arb_const_pi(u, prec);
    arb_mul_2exp_si(u, u, 1);
    arb_div(t, t, u, prec);
    arb_set_d(u, s2);
    arb_div(t, t, u, prec); /* / (2 pi s2) */
    arb_get_mag(out, t);
    arb_clear(t);
    arb_clear(u);
}

/* the z-side tail bound of the header comment, as a mag */
static void tail_bound(mag_t out, int which, double y2, double s2, double L, slong prec)
{
    arb_t u, phi, t, pi;
    arb_init(u);
    arb_init(phi);
    arb_init(t);
    arb_init(pi);
    arb_const_pi(pi, prec);
    arb_set_d(u, which == 1 ? L - 1 : L);
    /* phi(u)/u */
    arb_mul(t, u, u, prec);
    arb_mul_2exp_si(t, t, -1);
    arb_neg(t, t);
    arb_exp(phi, t, prec);
    arb_mul_2exp_si(t, pi, 1);
    arb_rsqrt(t, t, prec);
    arb_mul(phi, phi, t, prec);
    arb_div(phi, phi, u, prec);
    if (which == 1) {
        arb_one(t);
        arb_mul_2exp_si(t, t, -1);
        arb_exp(t, t, prec);
        arb_mul(phi, phi, t, prec);
    } else {
        arb_mul_2exp_si(phi, phi, 1);
        if (which == 2 && fabs(y2) > 1) {
            arb_set_d(t, fabs(y2));
            arb_mul(phi, phi, t, prec);
        }
    }
    arb_set_d(t, s2);
    arb_mul(t, t, pi, prec);
    arb_mul_2exp_si(t, t, 1);
    arb_div(phi, phi, t, prec);
    arb_get_mag(out, phi);
    arb_clear(u);
    arb_clear(phi);
    arb_clear(t);
    arb_clear(pi);
}

static int quad(arb_t out, int which, int xside, double y1, double y2, double s2, double L, slong prec,
                dmv_error *err)
{
    quad_param p;
    acb_t res, a, b;
    arb_t lim;
    mag_t tol, tail;
    acb_calc_integrate_opt_t opt;
    int rc;
    if (which < 0 || which > 2 || !(s2 > 0) || !(L > 2 && L < 40) || !isfinite(y1) || !isfinite(y2))
        return dmv_error_set(err, DMV_EINVAL, "od: quadrature needs which in {0, 1, 2} (%d), s2 > 0 (%g), 2 < L < 40 "
                             "(%g) and finite y (%g, %g)", which, s2, L, y1, y2);
    p.which = which;
    p.xside = xside;
    p.y1 = y1;
    p.y2 = y2;
    p.s2 = s2;
    acb_init(res);
    acb_init(a);
    acb_init(b);
    arb_init(lim);
    mag_init(tol);
    mag_init(tail);
    arb_set_d(lim, L);
    if (xside) {
        /* [y1 - W, y1 + W], W = sqrt(s2) L */
        arb_set_d(acb_realref(a), s2);
        arb_sqrt(acb_realref(a), acb_realref(a), prec);
        arb_mul(lim, lim, acb_realref(a), prec);
        arb_set_d(acb_realref(a), y1);
        arb_add(acb_realref(b), acb_realref(a), lim, prec);
        arb_sub(acb_realref(a), acb_realref(a), lim, prec);
    } else {
        acb_set_arb(b, lim);
        acb_neg(a, b);
    }
    acb_calc_integrate_opt_init(opt);
    opt->eval_limit = 1000000;
    opt->depth_limit = 4000;
    mag_set_ui_2exp_si(tol, 1, -(prec - 8));
    rc = acb_calc_integrate(res, integrand, &p, a, b, prec - 8, tol, opt, prec);
    if (xside)
        tail_bound_x(tail, which, y2, s2, L, prec);
    else
        tail_bound(tail, which, y2, s2, L, prec);
    arb_set(out, acb_realref(res));
    arb_add_error_mag(out, tail);
    /* the imaginary part is 0 exactly (a real integrand on a real segment): its enclosure is dropped */
    acb_clear(res);
    acb_clear(a);
    acb_clear(b);
    arb_clear(lim);
    mag_clear(tol);
    mag_clear(tail);
    if (rc != ARB_CALC_SUCCESS || !arb_is_finite(out))
        return dmv_error_set(err, DMV_EPREC, "od: %s-side quadrature (g %d, y = (%g, %g), s2 = %g) did not converge",
                             xside ? "x" : "z", which, y1, y2, s2);
    return DMV_OK;
}

int dmv_ref_od_quad_z(arb_t out, int which, double y1, double y2, double s2, double L, slong prec, dmv_error *err)
{
    return quad(out, which, 0, y1, y2, s2, L, prec, err);
}

int dmv_ref_od_quad_x(arb_t out, int which, double y1, double y2, double s2, double L, slong prec, dmv_error *err)
{
    return quad(out, which, 1, y1, y2, s2, L, prec, err);
}
