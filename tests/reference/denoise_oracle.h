/* Independent MPFR oracles for the reference denoisers (tests/reference/t-denoise-*.c).
 * Nothing here calls reference/: the posterior mean E[X0 | a X0 + s Z = x] is computed
 *   - by quadrature of int x0 p(x0) N(x; a x0, s^2) dx0 / int p(x0) N(x; a x0, s^2) dx0
 *     (trapezoid rule on a uniform grid for smooth priors: for an integrand that is a sum of
 *     Gaussians of standard deviation >= 4 h the error is below exp(-2 pi^2 16) relative, far
 *     below 256-bit rounding; composite Simpson with a Richardson error estimate on each box
 *     for uniform priors), or
 *   - by direct densities (no log-sum-exp) with MPFR's exponent range opened to the maximum,
 *     so nothing underflows.
 * Containment: |mid(ball) - oracle| <= rad(ball) + tol. */
#ifndef DMV_DENOISE_ORACLE_H
#define DMV_DENOISE_ORACLE_H

#include <mpfr.h>

#include "dmv/ref_model.h"

#define OR_PREC 256

static inline void or_setup(void)
{
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
}

/* 1 if the ball b and [v - tol, v + tol] overlap */
static inline int or_contains(const arb_t b, const mpfr_t v, double tol)
{
    arb_t V;
    mag_t t;
    int ok;
    arb_init(V);
    mag_init(t);
    arf_set_mpfr(arb_midref(V), v);
    mag_set_d(t, tol);
    mag_set(arb_radref(V), t);
    ok = arb_overlaps(b, V);
    arb_clear(V);
    mag_clear(t);
    return ok;
}

/* |mid(b) - v| as a double, for messages */
static inline double or_dist(const arb_t b, const mpfr_t v)
{
    mpfr_t t;
    double r;
    mpfr_init2(t, OR_PREC);
    arf_get_mpfr(t, arb_midref(b), MPFR_RNDN);
    mpfr_sub(t, t, v, MPFR_RNDN);
    r = fabs(mpfr_get_d(t, MPFR_RNDN));
    mpfr_clear(t);
    return r;
}

/* A 1-D Gaussian-mixture prior sum_k w_k N(m_k, v_k) (v_k > 0). */
typedef struct {
    int K;
    double w[8], m[8], v[8];
} or_gmix;

/* log of the Gaussian mixture density times the likelihood N(x; a x0, s^2) (up to a constant),
 * and the integrand values f0 = p(x0) N(...), f1 = x0 f0 */
static inline void or_gmix_f(mpfr_t f0, const or_gmix *g, const mpfr_t x0, double a, double s, double x)
{
    mpfr_t t, u, acc;
    int k;
    mpfr_inits2(OR_PREC, t, u, acc, (mpfr_ptr) 0);
    mpfr_set_ui(acc, 0, MPFR_RNDN);
    for (k = 0; k < g->K; k++) {
        mpfr_sub_d(t, x0, g->m[k], MPFR_RNDN);
        mpfr_sqr(t, t, MPFR_RNDN);
        mpfr_div_d(t, t, -2 * g->v[k], MPFR_RNDN);
        mpfr_exp(t, t, MPFR_RNDN);
        mpfr_set_d(u, g->v[k], MPFR_RNDN);
        mpfr_sqrt(u, u, MPFR_RNDN);
        mpfr_div(t, t, u, MPFR_RNDN);
        mpfr_mul_d(t, t, g->w[k], MPFR_RNDN);
        mpfr_add(acc, acc, t, MPFR_RNDN);
    }
    /* likelihood exp(-(x - a x0)^2 / (2 s^2)) */
    mpfr_mul_d(t, x0, a, MPFR_RNDN);
    mpfr_d_sub(t, x, t, MPFR_RNDN);
    mpfr_sqr(t, t, MPFR_RNDN);
    mpfr_div_d(t, t, -2 * s, MPFR_RNDN); /* (-2 s) and s separately: s * s in double would round */
    mpfr_div_d(t, t, s, MPFR_RNDN);
    mpfr_exp(t, t, MPFR_RNDN);
    mpfr_mul(f0, acc, t, MPFR_RNDN);
    mpfr_clears(t, u, acc, (mpfr_ptr) 0);
}

/* Posterior mean of a Gaussian-mixture prior by the trapezoid rule over the union of
 * [c_k - 40 sd_k, c_k + 40 sd_k] (c_k, sd_k: component k's posterior mean and sd), step
 * min_k sd_k / 4. Returns the number of nodes (0: too many, not computed). */
static inline long or_gmix_mean(mpfr_t out, const or_gmix *g, double a, double s, double x)
{
    double lo = HUGE_VAL, hi = -HUGE_VAL, h = HUGE_VAL;
    long n, i;
    int k;
    mpfr_t x0, f, s0, s1;
    for (k = 0; k < g->K; k++) {
        double prec_k = 1 / g->v[k] + a * a / (s * s);
        double sd = sqrt(1 / prec_k), c = (g->m[k] / g->v[k] + a * x / (s * s)) / prec_k;
        lo = fmin(lo, c - 40 * sd);
        hi = fmax(hi, c + 40 * sd);
        h = fmin(h, sd / 4);
    }
    n = (long) ceil((hi - lo) / h);
    if (n > 2000000)
        return 0;
    h = (hi - lo) / (double) n;
    mpfr_inits2(OR_PREC, x0, f, s0, s1, (mpfr_ptr) 0);
    mpfr_set_ui(s0, 0, MPFR_RNDN);
    mpfr_set_ui(s1, 0, MPFR_RNDN);
    for (i = 0; i <= n; i++) {
        mpfr_set_d(x0, h, MPFR_RNDN);
        mpfr_mul_si(x0, x0, i, MPFR_RNDN);
        mpfr_add_d(x0, x0, lo, MPFR_RNDN);
        or_gmix_f(f, g, x0, a, s, x);
        if (i == 0 || i == n)
            mpfr_div_2ui(f, f, 1, MPFR_RNDN);
        mpfr_add(s0, s0, f, MPFR_RNDN);
        mpfr_mul(f, f, x0, MPFR_RNDN);
        mpfr_add(s1, s1, f, MPFR_RNDN);
    }
    mpfr_div(out, s1, s0, MPFR_RNDN);
    mpfr_clears(x0, f, s0, s1, (mpfr_ptr) 0);
    return n + 1;
}

/* int_lo^hi x0^p exp(-(x - a x0)^2/(2 s^2)) dx0 (p = 0, 1) by composite Simpson with n and 2n
 * panels; returns the 2n value with Richardson ((16 S2n - Sn)/15) and |S2n - Sn| as the error
 * estimate in *err_est (relative to the value). */
static inline void or_box_moment(mpfr_t out, int p, double lo, double hi, double a, double s, double x, long n,
                                 double *err_est)
{
    mpfr_t r[2], x0, f, t;
    long i, m, pass;
    mpfr_inits2(OR_PREC, r[0], r[1], x0, f, t, (mpfr_ptr) 0);
    for (pass = 0; pass < 2; pass++) {
        m = pass ? 2 * n : n; /* panels; 2m subintervals */
        mpfr_set_ui(r[pass], 0, MPFR_RNDN);
        for (i = 0; i <= 2 * m; i++) {
            int wgt = (i == 0 || i == 2 * m) ? 1 : (i % 2 ? 4 : 2);
            mpfr_set_d(x0, hi, MPFR_RNDN);
            mpfr_sub_d(x0, x0, lo, MPFR_RNDN);
            mpfr_mul_si(x0, x0, i, MPFR_RNDN);
            mpfr_div_si(x0, x0, 2 * m, MPFR_RNDN);
            mpfr_add_d(x0, x0, lo, MPFR_RNDN);
            mpfr_mul_d(t, x0, a, MPFR_RNDN);
            mpfr_d_sub(t, x, t, MPFR_RNDN);
            mpfr_sqr(t, t, MPFR_RNDN);
            mpfr_div_d(t, t, -2 * s, MPFR_RNDN);
            mpfr_div_d(t, t, s, MPFR_RNDN);
            mpfr_exp(f, t, MPFR_RNDN);
            if (p)
                mpfr_mul(f, f, x0, MPFR_RNDN);
            mpfr_mul_si(f, f, wgt, MPFR_RNDN);
            mpfr_add(r[pass], r[pass], f, MPFR_RNDN);
        }
        mpfr_set_d(t, hi, MPFR_RNDN);
        mpfr_sub_d(t, t, lo, MPFR_RNDN);
        mpfr_div_si(t, t, 6 * m, MPFR_RNDN);
        mpfr_mul(r[pass], r[pass], t, MPFR_RNDN);
    }
    mpfr_sub(t, r[1], r[0], MPFR_RNDN);
    mpfr_div(t, t, r[1], MPFR_RNDN);
    *err_est = fabs(mpfr_get_d(t, MPFR_RNDN));
    mpfr_mul_ui(out, r[1], 16, MPFR_RNDN);
    mpfr_sub(out, out, r[0], MPFR_RNDN);
    mpfr_div_ui(out, out, 15, MPFR_RNDN);
    mpfr_clears(r[0], r[1], x0, f, t, (mpfr_ptr) 0);
}

/* Truncated-normal evidence and mean of one interval by the textbook formula in MPFR at `bits`
 * (naive differences: the precision absorbs the cancellation):
 *   Z = (erfc(l/sqrt2) - erfc(h/sqrt2))/2 (or the mirror form when l + h < 0), mean = x/a + (s/a)(phi(l) - phi(h))/Z,
 *   evidence = Z / (a (hi - lo)). */
static inline void or_interval(mpfr_t ev, mpfr_t mean, double lo, double hi, double a, double s, double x,
                               mpfr_prec_t bits)
{
    mpfr_t l, h, Z, t, u, pl, ph;
    mpfr_inits2(bits, l, h, Z, t, u, pl, ph, (mpfr_ptr) 0);
    mpfr_set_d(l, lo, MPFR_RNDN);
    mpfr_mul_d(l, l, a, MPFR_RNDN);
    mpfr_sub_d(l, l, x, MPFR_RNDN);
    mpfr_div_d(l, l, s, MPFR_RNDN);
    mpfr_set_d(h, hi, MPFR_RNDN);
    mpfr_mul_d(h, h, a, MPFR_RNDN);
    mpfr_sub_d(h, h, x, MPFR_RNDN);
    mpfr_div_d(h, h, s, MPFR_RNDN);
    mpfr_sqrt_ui(u, 2, MPFR_RNDN);
    mpfr_add(t, l, h, MPFR_RNDN);
    if (mpfr_sgn(t) >= 0) { /* Phi(h) - Phi(l) = (erfc(l/sqrt2) - erfc(h/sqrt2))/2 */
        mpfr_div(t, l, u, MPFR_RNDN);
        mpfr_erfc(Z, t, MPFR_RNDN);
        mpfr_div(t, h, u, MPFR_RNDN);
        mpfr_erfc(t, t, MPFR_RNDN);
    } else { /* = (erfc(-h/sqrt2) - erfc(-l/sqrt2))/2: both tails small, no 2 - tiny */
        mpfr_div(t, h, u, MPFR_RNDN);
        mpfr_neg(t, t, MPFR_RNDN);
        mpfr_erfc(Z, t, MPFR_RNDN);
        mpfr_div(t, l, u, MPFR_RNDN);
        mpfr_neg(t, t, MPFR_RNDN);
        mpfr_erfc(t, t, MPFR_RNDN);
    }
    mpfr_sub(Z, Z, t, MPFR_RNDN);
    mpfr_div_2ui(Z, Z, 1, MPFR_RNDN);
    mpfr_const_pi(u, MPFR_RNDN);
    mpfr_mul_2ui(u, u, 1, MPFR_RNDN);
    mpfr_sqrt(u, u, MPFR_RNDN);
    mpfr_sqr(pl, l, MPFR_RNDN);
    mpfr_div_si(pl, pl, -2, MPFR_RNDN);
    mpfr_exp(pl, pl, MPFR_RNDN);
    mpfr_div(pl, pl, u, MPFR_RNDN);
    mpfr_sqr(ph, h, MPFR_RNDN);
    mpfr_div_si(ph, ph, -2, MPFR_RNDN);
    mpfr_exp(ph, ph, MPFR_RNDN);
    mpfr_div(ph, ph, u, MPFR_RNDN);
    mpfr_sub(t, pl, ph, MPFR_RNDN);
    mpfr_div(t, t, Z, MPFR_RNDN);
    mpfr_mul_d(t, t, s, MPFR_RNDN);
    mpfr_set_d(u, x, MPFR_RNDN);
    mpfr_add(t, t, u, MPFR_RNDN);
    mpfr_div_d(mean, t, a, MPFR_RNDN);
    mpfr_set_d(t, hi, MPFR_RNDN);
    mpfr_sub_d(t, t, lo, MPFR_RNDN);
    mpfr_mul_d(t, t, a, MPFR_RNDN);
    mpfr_div(ev, Z, t, MPFR_RNDN);
    mpfr_clears(l, h, Z, t, u, pl, ph, (mpfr_ptr) 0);
}

#endif
