/* Minimum detectable effects of the Gaussian moment tests.
 *
 * For a two-sided test at level `level`, the power against an alternative is
 * computed from the alternative's exact law, and the smallest effect with
 * power >= `power` is found by bisection (the power is monotone in the effect
 * on each side). Nothing here is asymptotic:
 *   mean:  z = (xbar - m)/sqrt(v/n) ~ N(s, 1) with s = delta sqrt(n),
 *          power(s) = P(Z > c - s) + P(Z < -c - s), c = z_{1-level/2};
 *   var:   true variance r v: (n-1) s2 / v ~ r chi2(n-1),
 *          power(r) = P(X < q_lo / r) + P(X > q_hi / r), q_lo, q_hi the
 *          level/2 and 1 - level/2 quantiles of chi2(n-1);
 *   joint mean over d directions: sum z_j^2 ~ noncentral chi2(d, lambda),
 *          lambda = n sum_j delta_j^2, power = P(chi2'(d, lambda) > q_{1-level}). */
#include <math.h>

#include "dmv/stats.h"
#include "stats_internal.h"

static int bad(long n, double level, double power)
{
    return n < 2 || !(level > 0.0 && level < 1.0) || !(power > 0.0 && power < 1.0) ||
           !(power > level);
}

static double power_mean(double s, double c)
{
    return dmv_stat_normal_sf(c - s) + dmv_stat_normal_cdf(-c - s);
}

double dmv_stat_mde_mean(long n, double level, double power)
{
    if (bad(n, level, power))
        return NAN;
    double c = dmv_stat_normal_isf(0.5 * level);
    double lo = 0.0, hi = c + dmv_stat_normal_quantile(power) + 1.0;
    if (hi < 1.0)
        hi = 1.0;
    while (power_mean(hi, c) < power)
        hi *= 2.0;
    for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
        double mid = 0.5 * (lo + hi);
        if (power_mean(mid, c) >= power)
            hi = mid;
        else
            lo = mid;
    }
    return hi / sqrt((double) n);
}

static double power_var(double r, double df, double qlo, double qhi)
{
    return dmv_stat_chi2_cdf(qlo / r, df) + dmv_stat_chi2_sf(qhi / r, df);
}

double dmv_stat_mde_var2(long n, double level, double power, double *up, double *down)
{
    if (n < 2) {
        if (up)
            *up = NAN;
        if (down)
            *down = NAN;
        return NAN;
    }
    return dmv_stat_mde_var_df((double) n - 1.0, level, power, up, down);
}

double dmv_stat_mde_var_df(double df, double level, double power, double *up, double *down)
{
    if (up)
        *up = NAN;
    if (down)
        *down = NAN;
    if (!(df > 0.0) || df == INFINITY || bad(2, level, power))
        return NAN;
    double qlo = dmv_stat_chi2_quantile(0.5 * level, df);
    double qhi = dmv_stat_chi2_isf(0.5 * level, df);
    /* r > 1, bisection in log r */
    double lo = 0.0, hi = 0.1;
    while (power_var(exp(hi), df, qlo, qhi) < power && hi < 700)
        hi *= 2.0;
    for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
        double mid = 0.5 * (lo + hi);
        if (power_var(exp(mid), df, qlo, qhi) >= power)
            hi = mid;
        else
            lo = mid;
    }
    double u = expm1(hi);
    /* r < 1: log r in [-l, 0] */
    double l0 = 0.0, l1 = -0.1;
    while (power_var(exp(l1), df, qlo, qhi) < power && l1 > -700)
        l1 *= 2.0;
    for (int it = 0; it < 200 && l0 - l1 > 1e-15 * fabs(l1); it++) {
        double mid = 0.5 * (l0 + l1);
        if (power_var(exp(mid), df, qlo, qhi) >= power)
            l1 = mid;
        else
            l0 = mid;
    }
    double dn = -expm1(l1);
    if (up)
        *up = u;
    if (down)
        *down = dn;
    return fmin(u, dn);
}

double dmv_stat_mde_var(long n, double level, double power)
{
    return dmv_stat_mde_var2(n, level, power, NULL, NULL);
}

/* P(chi2'(d, lambda) > c) = sum_k Pois(k; lambda/2) Q(d/2 + k, c/2), summed
 * outward from the Poisson mode until the weights are negligible. */
static double ncx2_sf(double c, double d, double lambda)
{
    double mu = 0.5 * lambda;
    if (mu == 0.0)
        return dmv_stat_chi2_sf(c, d);
    long k0 = (long) floor(mu);
    double sum = 0.0;
    for (int dir = 0; dir < 2; dir++) {
        for (long k = dir ? k0 - 1 : k0; k >= 0; k += dir ? -1 : 1) {
            /* log Pois(k; mu) = -stirlerr(k) - bd0(k, mu) - log sqrt(2 pi k), k >= 1 */
            double lw = k == 0 ? -mu : dmv_stat_log_poisson_prefactor((double) k, mu);
            double w = exp(lw);
            sum += w * dmv_stat_gamma_q(0.5 * d + (double) k, 0.5 * c);
            if (w < 1e-18 * (sum + 1e-300) && fabs((double) k - mu) > 10.0 * sqrt(mu + 1.0))
                break;
        }
    }
    return sum;
}

double dmv_stat_mde_mean_joint(long d, long n, double level, double power)
{
    if (d < 1 || bad(n, level, power))
        return NAN;
    double c = dmv_stat_chi2_isf(level, (double) d);
    double lo = 0.0, hi = 1.0;
    while (ncx2_sf(c, (double) d, hi) < power)
        hi *= 2.0;
    for (int it = 0; it < 200 && hi - lo > 1e-12 * hi; it++) {
        double mid = 0.5 * (lo + hi);
        if (ncx2_sf(c, (double) d, mid) >= power)
            hi = mid;
        else
            lo = mid;
    }
    return sqrt(hi / (double) n);
}
