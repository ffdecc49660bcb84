/* Forward processes in double: alpha, sigma^2, f, g^2, log-SNR and its inverse
 * (docs/schemes.md s.1), in the stable forms of docs/math/processes.md#stable-forms. */
#include <math.h>

#include "dmv/fast.h"
#ifdef DMV_FAULT_INJECTION
#include "fast_internal.h"
#endif

static const double half_pi = 1.5707963267948966192313216916398;

/* B(s) = s (bmin + (bmax - bmin) s / 2) */
static double bint(const dmv_process *p, double s)
{
    return s * (p->beta_min + (p->beta_max - p->beta_min) * s / 2);
}

/* B(s1) - B(s2) = (s1 - s2)(bmin + (bmax - bmin)(s1 + s2)/2) */
static double bdiff(const dmv_process *p, double s1, double s2)
{
    return (s1 - s2) * (p->beta_min + (p->beta_max - p->beta_min) * (s1 + s2) / 2);
}

static double theta(const dmv_process *p, double s)
{
    return half_pi * (s + p->cosine_offset) / (1 + p->cosine_offset);
}

/* pi/2 - theta(s) = (pi/2)(1 - s)/(1 + c): cos(theta) = sin(phi) without the cancellation
 * of cos near pi/2 (s near 1). */
static double phi(const dmv_process *p, double s)
{
    return half_pi * (1 - s) / (1 + p->cosine_offset);
}

/* Discrete chain: L(t) = sum_{i<=t} log1p(-beta_i) = log alpha_bar_t at an integer t in [0, T]
 * (NaN elsewhere); alpha = exp(L/2), sigma^2 = -expm1(L): nothing cancels near t = 0.
 * O(t) per call (the chain is evaluated at the grid points only). */
static double chain_L(const dmv_process *p, double s)
{
    long t, i;
    double L = 0.0, comp = 0.0;
    if (!(s >= 0 && s <= p->t_max && s == floor(s)))
        return NAN;
    t = (long) s;
    for (i = 1; i <= t; i++) { /* compensated sum: the error of L stays a few ulps of |L| */
        double yv = log1p(-dmv_process_beta(p, i)) - comp, tv = L + yv;
        comp = (tv - L) - yv;
        L = tv;
    }
    return L;
}

/* L(t1) - L(t2) for t1 >= t2: the sum over t2 < i <= t1 */
static double chain_dL(const dmv_process *p, double s1, double s2)
{
    long i, t1, t2;
    double L = 0.0;
    if (!(s1 >= 0 && s1 <= p->t_max && s1 == floor(s1) && s2 >= 0 && s2 <= s1 && s2 == floor(s2)))
        return NAN;
    t1 = (long) s1;
    t2 = (long) s2;
    for (i = t2 + 1; i <= t1; i++)
        L += log1p(-dmv_process_beta(p, i));
    return L;
}

double dmv_fast_process_alpha(const dmv_process *p, double s)
{
    switch (p->kind) {
    case DMV_PROCESS_VP_LINEAR: return exp(-bint(p, s));
    case DMV_PROCESS_VP_LINEAR_SONG: return exp(-bint(p, s) / 2);
    case DMV_PROCESS_VP_COSINE:
#ifdef DMV_FAULT_INJECTION
        if (!isnan(dmv_fast_fault("cosine_alpha", NULL))) /* cosine_alpha=F: alpha(s) times F */
            return dmv_fast_fault("cosine_alpha", NULL) * (sin(phi(p, s)) / cos(theta(p, 0.0)));
#endif
        return sin(phi(p, s)) / cos(theta(p, 0.0));
    case DMV_PROCESS_VE: return 1.0;
    case DMV_PROCESS_VP_DISCRETE: return exp(chain_L(p, s) / 2);
    }
    return NAN;
}

double dmv_fast_process_sigma2(const dmv_process *p, double s)
{
    switch (p->kind) {
    case DMV_PROCESS_VP_LINEAR: return -expm1(-2 * bint(p, s));
    case DMV_PROCESS_VP_LINEAR_SONG: return -expm1(-bint(p, s));
    case DMV_PROCESS_VP_COSINE: {
        /* 1 - alpha^2 = (cos^2 th0 - cos^2 th)/cos^2 th0 = sin(th - th0) sin(th + th0)/cos^2 th0,
         * th - th0 = (pi/2) s/(1 + c): no cancellation for small s. */
        double t0 = theta(p, 0.0), t = theta(p, s), c0 = cos(t0);
        double dt = half_pi * s / (1 + p->cosine_offset);
        return sin(dt) * sin(t + t0) / (c0 * c0);
    }
    case DMV_PROCESS_VE: return s * s;
    case DMV_PROCESS_VP_DISCRETE: return -expm1(chain_L(p, s));
    }
    return NAN;
}

double dmv_fast_process_f(const dmv_process *p, double s)
{
    switch (p->kind) {
    case DMV_PROCESS_VP_LINEAR: return -(p->beta_min + (p->beta_max - p->beta_min) * s);
    case DMV_PROCESS_VP_LINEAR_SONG: return -(p->beta_min + (p->beta_max - p->beta_min) * s) / 2;
    case DMV_PROCESS_VP_COSINE: { /* tan(theta) = cos(phi)/sin(phi) */
        double ph = phi(p, s);
        return -(half_pi / (1 + p->cosine_offset)) * (cos(ph) / sin(ph));
    }
    case DMV_PROCESS_VE: return 0.0;
    case DMV_PROCESS_VP_DISCRETE: return NAN; /* no drift: the chain is not an SDE */
    }
    return NAN;
}

double dmv_fast_process_g2(const dmv_process *p, double s)
{
    switch (p->kind) {
    case DMV_PROCESS_VP_LINEAR: return 2 * (p->beta_min + (p->beta_max - p->beta_min) * s);
    case DMV_PROCESS_VP_LINEAR_SONG: return p->beta_min + (p->beta_max - p->beta_min) * s;
    case DMV_PROCESS_VP_COSINE: return -2 * dmv_fast_process_f(p, s);
    case DMV_PROCESS_VE: return 2 * s;
    case DMV_PROCESS_VP_DISCRETE: return NAN;
    }
    return NAN;
}

double dmv_fast_process_logsnr(const dmv_process *p, double s)
{
    switch (p->kind) {
    case DMV_PROCESS_VP_LINEAR: {
        double b = bint(p, s);
        return -b - 0.5 * log(-expm1(-2 * b));
    }
    case DMV_PROCESS_VP_LINEAR_SONG: {
        double b = bint(p, s);
        return -b / 2 - 0.5 * log(-expm1(-b));
    }
    case DMV_PROCESS_VP_COSINE:
        return log(dmv_fast_process_alpha(p, s)) - 0.5 * log(dmv_fast_process_sigma2(p, s));
    case DMV_PROCESS_VE: return -log(s);
    case DMV_PROCESS_VP_DISCRETE: {
        double L = chain_L(p, s);
        return L / 2 - 0.5 * log(-expm1(L));
    }
    }
    return NAN;
}

/* s from B: the positive root of (bmax - bmin)/2 s^2 + bmin s - B = 0, in the form without cancellation. */
static double s_of_b(const dmv_process *p, double b)
{
    double bmin = p->beta_min;
    return 2 * b / (bmin + sqrt(bmin * bmin + 2 * (p->beta_max - bmin) * b));
}

double dmv_fast_process_logsnr_inv(const dmv_process *p, double l)
{
    switch (p->kind) {
    case DMV_PROCESS_VP_LINEAR: return s_of_b(p, log1p(exp(-2 * l)) / 2);
    case DMV_PROCESS_VP_LINEAR_SONG: return s_of_b(p, log1p(exp(-2 * l)));
    case DMV_PROCESS_VP_COSINE: {
        /* docs/schemes.md: alpha = 1/sqrt(1 + e), e = exp(-2 l), theta = acos(alpha cos th0),
         * s = (2 theta/pi)(1 + c) - c. That acos and the final "- c" cancel near s = 0 (relative
         * error ~1e-9 at s = 1e-5); the same quantity without cancellation: tan^2 theta =
         * (sin^2 th0 + e)/cos^2 th0, so tan theta - tan th0 = e/((r + S0) C0), r = sqrt(S0^2 + e),
         * theta - th0 = atan((tan theta - tan th0)/(1 + tan theta tan th0)), s = (theta - th0)(1 + c)/(pi/2). */
        double t0 = theta(p, 0.0), S0 = sin(t0), C0 = cos(t0), e = exp(-2 * l);
        double r = sqrt(S0 * S0 + e), tt = r / C0, dt = e / ((r + S0) * C0);
        double dth = atan(dt / (1 + tt * (S0 / C0)));
        return dth * (1 + p->cosine_offset) / half_pi;
    }
    case DMV_PROCESS_VE: return exp(-l);
    case DMV_PROCESS_VP_DISCRETE: return NAN; /* integer times only */
    }
    return NAN;
}

double dmv_fast_process_ratio_m1(const dmv_process *p, double s1, double s2)
{
    switch (p->kind) {
    case DMV_PROCESS_VP_LINEAR: return expm1(bdiff(p, s1, s2));
    case DMV_PROCESS_VP_LINEAR_SONG: return expm1(bdiff(p, s1, s2) / 2);
    case DMV_PROCESS_VP_COSINE: {
        /* (cos th2 - cos th1)/cos th1 = -2 sin((th2 + th1)/2) sin((th2 - th1)/2)/cos th1 */
        double t1 = theta(p, s1), t2 = theta(p, s2);
        double half_dt = half_pi * (s2 - s1) / (1 + p->cosine_offset) / 2;
        return -2 * sin((t1 + t2) / 2) * sin(half_dt) / sin(phi(p, s1));
    }
    case DMV_PROCESS_VE: return 0.0;
    case DMV_PROCESS_VP_DISCRETE: /* a'/a - 1 = expm1(-(L(s1) - L(s2))/2) */
        return expm1(-chain_dL(p, s1, s2) / 2);
    }
    return NAN;
}
