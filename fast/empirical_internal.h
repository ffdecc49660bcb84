/* Private to fast/: the pieces shared by the empirical model (fast/model_empirical.c) and the
 * empirical evaluator (fast/empirical_eval.c, include/dmv/fast_empirical.h). */
#ifndef DMV_FAST_EMPIRICAL_INTERNAL_H
#define DMV_FAST_EMPIRICAL_INTERNAL_H

#include <math.h>

#ifdef DMV_FAULT_INJECTION
#include "fast_internal.h" /* dmv_fast_fault (fast/fault.c) */
#endif

/* The softmax temperature 2 sigma^2 as D1 + D2 (double-double, D1 = fl(2 sigma^2)). The fault
 * empirical_temp=F (fast/fault.c) multiplies it by F (F = 0.5: 2(1 - abar) replaced by 1 - abar). */
static inline void dmv_fast_empirical_temperature(double sigma, double *D1, double *D2)
{
    double s2 = sigma * sigma;
    *D1 = 2 * s2;
    *D2 = 2 * fma(sigma, sigma, -s2);
#ifdef DMV_FAULT_INJECTION
    {
        double f = dmv_fast_fault("empirical_temp", NULL);
        if (!isnan(f)) {
            *D1 *= f;
            *D2 *= f;
        }
    }
#endif
}

/* -|x - alpha X_i|^2 / (D1 + D2) as big + small (double-double): e_j = x_j - alpha X_ij from an
 * fma split and a two-sum, e_j^2 by fma, the sum by two-sums, the division by D1 + D2 with the
 * exact remainder fma(-t, D1, Qh). */
static inline void dmv_fast_empirical_exponent(const double *xr, const double *Xi, long d, double alpha, double D1,
                                               double D2, double *big, double *small)
{
    double Qh = 0, Ql = 0, t, tl;
    long j;
    for (j = 0; j < d; j++) {
        double p = alpha * Xi[j], ep = fma(alpha, Xi[j], -p);
        double eh = xr[j] - p, bb = eh - xr[j], el = ((xr[j] - (eh - bb)) + (-p - bb)) - ep;
        double sq = eh * eh, sl = fma(eh, eh, -sq) + 2 * eh * el;
        double u = Qh + sq, b2 = u - Qh, eu = (Qh - (u - b2)) + (sq - b2);
        Qh = u;
        Ql += eu + sl;
    }
    t = Qh / D1;
    tl = (fma(-t, D1, Qh) + Ql - t * D2) / D1;
    *big = -t;
    *small = -tl;
}

#endif
