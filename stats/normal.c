/* Standard normal distribution: tails with relative accuracy, quantiles.
 *
 * sf(z) = erfc(z/sqrt(2))/2. The argument t = z/sqrt(2) is carried as a
 * double-double t_hi + t_lo (an fma gives the rounding error of z*s_hi, and
 * s_lo = sqrt(1/2) - s_hi); then erfc(t_hi + t_lo) = erfc(t_hi) -
 * t_lo (2/sqrt(pi)) exp(-t_hi^2) to first order (|t_lo| <= 2^-53 |t|, so the
 * neglected term is ~t^2 t_lo^2 relative, below 1e-28 for |z| < 40). Without
 * the correction the relative error in the far tail is ~ z^2 * 1.1e-16
 * (1.6e-13 at z = 38). glibc's erfc is accurate to a few ulps. */
#include <float.h>
#include <math.h>

#include "dmv/stats.h"

static const double SQRT1_2_HI = 0.7071067811865476;     /* RN(sqrt(1/2)) */
static const double SQRT1_2_LO = -4.833646656726457e-17;   /* sqrt(1/2) - SQRT1_2_HI */
static const double TWO_OVER_SQRTPI = 1.1283791670955126;
static const double LOG_SQRT_2PI = 0.91893853320467274178; /* log(sqrt(2 pi)) */

double dmv_stat_normal_sf(double z)
{
    if (isnan(z))
        return z;
    if (z == INFINITY)
        return 0.0;
    if (z == -INFINITY)
        return 1.0;
    double t_hi = z * SQRT1_2_HI;
    double t_lo = fma(z, SQRT1_2_HI, -t_hi) + z * SQRT1_2_LO;
    double e = erfc(t_hi);
    double corr = -t_lo * TWO_OVER_SQRTPI * exp(-t_hi * t_hi);
    return 0.5 * (e + corr);
}

double dmv_stat_normal_cdf(double z)
{
    return dmv_stat_normal_sf(-z);
}

/* log P(Z > z) for z > 37 (P < 6e-300): the asymptotic series
 * P = phi(z)/z (1 - 1/z^2 + 3/z^4 - 15/z^6 + ...), truncated after the term
 * (2k-1)!!/z^{2k} with k = 10: the first omitted term is below 21!!/37^22 ~
 * 5e-22 relative. */
static double log_sf_asymptotic(double z)
{
    double w = 1.0 / (z * z), term = 1.0, s = 1.0;
    for (int k = 1; k <= 10; k++) {
        term *= -(2.0 * k - 1.0) * w;
        s += term;
    }
    return -0.5 * z * z - log(z) - LOG_SQRT_2PI + log(s);
}

double dmv_stat_normal_log_sf(double z)
{
    if (isnan(z))
        return z;
    if (z < -1.0)
        return log1p(-dmv_stat_normal_sf(-z));
    if (z > 37.0)
        return z == INFINITY ? -INFINITY : log_sf_asymptotic(z);
    return log(dmv_stat_normal_sf(z));
}

double dmv_stat_normal_log_cdf(double z)
{
    return dmv_stat_normal_log_sf(-z);
}

/* Wichura (1988), Algorithm AS 241 (PPND16), for 0 < p <= 1/2: x <= 0 with
 * Phi(x) = p, relative accuracy about 1e-16 for p >= 1e-300. */
static double as241_lower(double p)
{
    double q = p - 0.5, r;
    if (fabs(q) <= 0.425) {
        r = 0.180625 - q * q;
        return q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r
                         + 67265.770927008700853) * r + 45921.953931549871457) * r
                       + 13731.693765509461125) * r + 1971.5909503065514427) * r
                     + 133.14166789178437745) * r + 3.387132872796366608)
               / (((((((5226.495278852854561 * r + 28729.085735721942674) * r
                       + 39307.89580009271061) * r + 21213.794301586595867) * r
                     + 5394.1960214247511077) * r + 687.1870074920579083) * r
                   + 42.313330701600911252) * r + 1.0);
    }
    r = sqrt(-log(p));
    double x;
    if (r <= 5.0) {
        r -= 1.6;
        x = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r
                  + 0.24178072517745061177) * r + 1.27045825245236838258) * r
                + 3.64784832476320460504) * r + 5.7694972214606914055) * r
              + 4.6303378461565452959) * r + 1.42343711074968357734)
            / (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r
                    + 0.0151986665636164571966) * r + 0.14810397642748007459) * r
                  + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                + 2.05319162663775882187) * r + 1.0);
    } else {
        r -= 5.0;
        x = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
                  + 0.0012426609473880784386) * r + 0.026532189526576123093) * r
                + 0.29656057182850489123) * r + 1.7848265399172913358) * r
              + 5.4637849111641143699) * r + 6.6579046435011037772)
            / (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r
                    + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r
                  + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                + 0.59983220655588793769) * r + 1.0);
    }
    return -x;
}

/* x <= 0 with Phi(x) = p, 0 < p <= 1/2: AS241, then Newton steps on
 * log Phi(x) = log p (well conditioned in the tail: d/dx log Phi = phi/Phi). */
static double lower_quantile(double p)
{
    double x = as241_lower(p);
    double lp = log(p);
    for (int it = 0; it < 2; it++) {
        double lc = dmv_stat_normal_log_cdf(x);
        double lphi = -0.5 * x * x - LOG_SQRT_2PI;
        double ratio = exp(lphi - lc); /* phi(x)/Phi(x) > 0 */
        double f = lc - lp;
        if (f == 0.0 || !(ratio > 0.0) || !isfinite(ratio))
            break;
        /* Halley: f' = ratio, f'' = -ratio (x + ratio) */
        double step = f / ratio;
        double h = step / (1.0 + 0.5 * step * (x + ratio));
        x -= h;
        if (fabs(h) <= 1e-17 * fabs(x))
            break;
    }
    return x;
}

double dmv_stat_normal_quantile(double p)
{
    if (isnan(p) || p < 0.0 || p > 1.0)
        return NAN;
    if (p == 0.0)
        return -INFINITY;
    if (p == 1.0)
        return INFINITY;
    if (p <= 0.5)
        return lower_quantile(p);
    return -lower_quantile(1.0 - p); /* 1 - p is exact for p >= 1/2 */
}

double dmv_stat_normal_isf(double q)
{
    if (isnan(q) || q < 0.0 || q > 1.0)
        return NAN;
    if (q == 0.0)
        return INFINITY;
    if (q == 1.0)
        return -INFINITY;
    if (q <= 0.5)
        return -lower_quantile(q);
    return lower_quantile(1.0 - q);
}

double dmv_stat_normal_cdf_cb(double x, void *ctx)
{
    const double *ms = ctx;
    return dmv_stat_normal_cdf((x - ms[0]) / ms[1]);
}
