/* The entropy of an equal-weight 1-D Gaussian mixture, certified (include/dmv/ref_entropy.h).
 * Integrand f(z) = q(z) log q(z), holomorphic where q(z) avoids the branch cut of log (checked by
 * acb_log_analytic when the integrator asks). Outside the merged intervals I_i = mu_i +- K s
 * (K = 12, s = sqrt(v)) every component is below phi(K)/s =: qb <= 1/e, so |q ln q| <= qb |ln qb|
 * in the gaps (length <= span of the means) and, beyond the outer ends, |q ln q| <= phi(u)/s
 * (u^2/2 + |ln(s sqrt(2 pi))|) with u the distance in units of s, whose integral over u >= K is
 * (K phi(K) + Q(K))/2 + |ln(s sqrt(2 pi))| Q(K), Q(K) <= phi(K)/K. */
#include <acb_calc.h>
#include <math.h>
#include <stdlib.h>

#include "dmv/ref_entropy.h"

#define ENT_K 12

typedef struct {
    const double *mu;
    long n;
    arb_t c;   /* 1 / (n s sqrt(2 pi)) */
    arb_t inv; /* 1 / (2 v) */
} ent_param;

static int ent_f(acb_ptr res, const acb_t z, void *param, slong order, slong prec)
{
    ent_param *p = param;
    acb_t q, t;
    long i;
    acb_init(q);
    acb_init(t);
    acb_zero(q);
    for (i = 0; i < p->n; i++) {
        arb_t m;
        arb_init(m);
        arb_set_d(m, p->mu[i]);
        acb_set(t, z);
        arb_sub(acb_realref(t), acb_realref(t), m, prec);
        acb_sqr(t, t, prec);
        acb_mul_arb(t, t, p->inv, prec);
        acb_neg(t, t);
        acb_exp(t, t, prec);
        acb_add(q, q, t, prec);
        arb_clear(m);
    }
    acb_mul_arb(q, q, p->c, prec);
    acb_log_analytic(t, q, order != 0, prec);
    acb_mul(res, q, t, prec);
    acb_clear(q);
    acb_clear(t);
    return 0;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int dmv_ref_gmix_entropy(arb_t h, const double *mu, long n, double v, slong prec, dmv_error *err)
{
    double *m, s, lo, hi, span, phiK, QK, qb, lnc, extra;
    ent_param p;
    acb_t a, b, r;
    mag_t tol;
    acb_calc_integrate_opt_t opt;
    long i;
    int rc = DMV_OK;
    if (mu == NULL || n < 1)
        return dmv_error_set(err, DMV_EINVAL, "mixture entropy: n = %ld: need n >= 1 means", n);
    if (!(v >= 1e-12 && v <= 1e6))
        return dmv_error_set(err, DMV_EDOM, "mixture entropy: v = %g: need 1e-12 <= v <= 1e6", v);
    m = malloc((size_t) n * sizeof *m);
    if (m == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "mixture entropy: out of memory");
    for (i = 0; i < n; i++)
        m[i] = mu[i];
    qsort(m, (size_t) n, sizeof *m, cmp_d);
    s = sqrt(v);
    p.mu = m;
    p.n = n;
    arb_init(p.c);
    arb_init(p.inv);
    arb_const_pi(p.c, prec);
    arb_mul_2exp_si(p.c, p.c, 1);
    arb_set_d(p.inv, v);
    arb_mul(p.c, p.c, p.inv, prec);
    arb_sqrt(p.c, p.c, prec);
    arb_mul_si(p.c, p.c, n, prec);
    arb_inv(p.c, p.c, prec);
    arb_set_d(p.inv, v);
    arb_mul_2exp_si(p.inv, p.inv, 1);
    arb_inv(p.inv, p.inv, prec);
    acb_init(a);
    acb_init(b);
    acb_init(r);
    mag_init(tol);
    mag_set_ui_2exp_si(tol, 1, -prec + 16);
    acb_calc_integrate_opt_init(opt);
    arb_zero(h);
    span = m[n - 1] - m[0];
    for (i = 0; i < n && rc == DMV_OK;) {
        lo = m[i] - ENT_K * s;
        hi = m[i] + ENT_K * s;
        while (i + 1 < n && m[i + 1] - ENT_K * s <= hi) {
            i++;
            hi = m[i] + ENT_K * s;
        }
        i++;
        acb_set_d(a, lo);
        acb_set_d(b, hi);
        if (acb_calc_integrate(r, ent_f, &p, a, b, prec, tol, opt, prec) != ARB_CALC_SUCCESS ||
            !acb_is_finite(r))
            rc = dmv_error_set(err, DMV_EPREC, "mixture entropy: the integral over [%g, %g] did not converge at %ld bits",
                               lo, hi, (long) prec);
        else
            arb_sub(h, h, acb_realref(r), prec);
    }
    /* the rest: gaps and tails (doubles, rounded up generously) */
    phiK = exp(-0.5 * ENT_K * ENT_K) / sqrt(2 * 3.14159265358979323846);
    QK = phiK / ENT_K;
    qb = phiK / s;
    lnc = fabs(log(s * sqrt(2 * 3.14159265358979323846)));
    extra = span * qb * fabs(log(qb)) + 2 * (0.5 * (ENT_K * phiK + QK) + lnc * QK);
    extra *= 1.01;
    arb_add_error_2exp_si(h, -1074); /* keep the ball honest even if extra underflows */
    {
        arb_t e;
        arb_init(e);
        arb_set_d(e, extra);
        arb_add_error(h, e);
        arb_clear(e);
    }
    arb_clear(p.c);
    arb_clear(p.inv);
    acb_clear(a);
    acb_clear(b);
    acb_clear(r);
    mag_clear(tol);
    free(m);
    return rc;
}
