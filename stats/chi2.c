/* Chi-square distribution: tails (via the incomplete gamma functions of
 * gammainc.c) and quantiles.
 *
 * X ~ chi2(df) <=> X/2 ~ Gamma(df/2): P(X <= x) = P(df/2, x/2).
 * Quantiles solve log(tail)(x) = log(target) for the smaller of the two tails
 * (so a quantile near 1 is never computed from 1 - p), by safeguarded Newton
 * steps in u = log(x/2): d log P/du = a D(a, x/2) / P(a, x/2) is available from
 * the same prefactor, and log P is concave in u, so Newton converges from the
 * Wilson-Hilferty start; bisection takes over if a step leaves the bracket. */
#include <float.h>
#include <math.h>

#include "dmv/stats.h"
#include "stats_internal.h"

static int bad_args(double x, double df)
{
    return isnan(x) || isnan(df) || !(df > 0.0) || df == INFINITY;
}

double dmv_stat_chi2_log_sf(double x, double df)
{
    if (bad_args(x, df))
        return NAN;
    if (x <= 0.0)
        return 0.0;
    if (x == INFINITY) /* e.g. a Fisher combination with a p-value of exactly 0 */
        return -INFINITY;
    return dmv_stat_gamma_log_q(0.5 * df, 0.5 * x);
}

double dmv_stat_chi2_log_cdf(double x, double df)
{
    if (bad_args(x, df))
        return NAN;
    if (x <= 0.0)
        return -INFINITY;
    if (x == INFINITY)
        return 0.0;
    return dmv_stat_gamma_log_p(0.5 * df, 0.5 * x);
}

double dmv_stat_chi2_sf(double x, double df)
{
    return exp(dmv_stat_chi2_log_sf(x, df));
}

double dmv_stat_chi2_cdf(double x, double df)
{
    return exp(dmv_stat_chi2_log_cdf(x, df));
}

/* x with log(tail(x)) = logt, tail = upper ? sf : cdf, logt < 0 the log of the
 * smaller tail (<= log 1/2) */
static double solve_tail(double logt, double df, int upper)
{
    double a = 0.5 * df;
    double sgn = upper ? -1.0 : 1.0;
    /* starting point: Wilson-Hilferty, z the normal quantile of the tail */
    double z;
    if (logt > -700.0)
        z = dmv_stat_normal_isf(exp(logt));
    else {
        double l = -2.0 * logt; /* z^2 ~ l - log(l) - log(2 pi) */
        z = sqrt(l - log(l) - 1.8378770664093454836);
    }
    if (!upper)
        z = -z;
    double c = 2.0 / (9.0 * df);
    double base = 1.0 - c + z * sqrt(c);
    double u;
    double ysmall = (logt + dmv_stat_lgamma1p(a)) / a; /* log y from P ~ y^a/Gamma(a+1) */
    if (base > 0.0) {
        u = log(0.5 * df * base * base * base);
        if (!upper && ysmall < u)
            u = ysmall;
    } else {
        u = upper ? log(0.5 * df) : ysmall;
    }
    double lo = -INFINITY, hi = INFINITY;
    double la = log(a);
    for (int it = 0; it < 200; it++) {
        double y = exp(u), lp, lq;
        dmv_stat_gamma_log_tails(a, y, &lp, &lq);
        double lt = upper ? lq : lp;
        double f = lt - logt;
        if (f == 0.0)
            break;
        if (sgn * f > 0.0)
            hi = u;
        else
            lo = u;
        double ld = dmv_stat_log_poisson_prefactor(a, y);
        double fp = sgn * exp(la + ld - lt);
        double un;
        if (fp != 0.0 && isfinite(fp)) {
            double step = f / fp;
            if (!isfinite(lo) || !isfinite(hi)) {
                if (step > 5.0)
                    step = 5.0;
                if (step < -5.0)
                    step = -5.0;
            }
            un = u - step;
        } else {
            un = u + (sgn * f > 0.0 ? -1.0 : 1.0);
        }
        if (isfinite(lo) && isfinite(hi) && !(un > lo && un < hi))
            un = 0.5 * (lo + hi);
        double du = fabs(un - u);
        u = un;
        /* u is log x: an absolute change of 2e-16 in u is one ulp of x */
        if (du <= 2e-16)
            break;
        if (isfinite(lo) && isfinite(hi) && hi - lo <= 2e-16)
            break;
    }
    /* u = log y cannot resolve y to better than ulp(u) ~ |u| 2^-52 relative
     * (8 ulps of y at y ~ 1e7): polish with Newton steps in y itself */
    double y = exp(u);
    for (int it = 0; it < 4; it++) {
        double lp, lq;
        dmv_stat_gamma_log_tails(a, y, &lp, &lq);
        double lt = upper ? lq : lp;
        double f = lt - logt;
        double fp = sgn * exp(la + dmv_stat_log_poisson_prefactor(a, y) - lt) / y;
        if (f == 0.0 || !(fp != 0.0) || !isfinite(fp))
            break;
        double dy = f / fp;
        if (!(fabs(dy) < 1e-6 * y))
            break; /* not in the final basin: keep the u result */
        y -= dy;
        if (fabs(dy) <= 0x1p-53 * y)
            break;
    }
    return 2.0 * y;
}

double dmv_stat_chi2_quantile(double p, double df)
{
    if (isnan(p) || isnan(df) || !(df > 0.0) || df == INFINITY || p < 0.0 || p > 1.0)
        return NAN;
    if (p == 0.0)
        return 0.0;
    if (p == 1.0)
        return INFINITY;
    if (p <= 0.5)
        return solve_tail(log(p), df, 0);
    return solve_tail(log1p(-p), df, 1); /* 1 - p exact for p >= 1/2 */
}

double dmv_stat_chi2_isf(double q, double df)
{
    if (isnan(q) || isnan(df) || !(df > 0.0) || df == INFINITY || q < 0.0 || q > 1.0)
        return NAN;
    if (q == 0.0)
        return INFINITY;
    if (q == 1.0)
        return 0.0;
    if (q <= 0.5)
        return solve_tail(log(q), df, 1);
    return solve_tail(log1p(-q), df, 0);
}
