/* Regularized incomplete gamma functions P(a,x), Q(a,x) and their logs.
 *
 * Both are D(a,x) times a sum, with the Poisson-like prefactor
 *     D(a,x) = x^a e^-x / Gamma(a+1) = exp(-stirlerr(a) - bd0(a,x)) / sqrt(2 pi a)
 * where stirlerr(a) = log Gamma(a+1) - log(sqrt(2 pi a) (a/e)^a) and
 * bd0(a,x) = a log(a/x) + x - a >= 0 (Loader 2000, "Fast and accurate
 * computation of binomial probabilities"; the form used by R's dpois_raw).
 * Computing D this way avoids the cancellation in a log x - x - lgamma(a+1),
 * whose terms are ~1e8 for a ~ 1e7 (absolute error ~1e-8 in the log).
 *
 *   x < a+1:  P = D * sum_{k>=0} x^k / ((a+1)...(a+k))      (all terms > 0)
 *   x >= a+1: Q = a D * K, K Legendre's continued fraction
 *            1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...))), modified Lentz.
 * The other tail is 1 minus this one. For a >= 1/2 (df >= 1) that tail is
 * then >= 0.08 (the median of Gamma(a) lies in (a - 1/3, a); Q(1/2, 3/2) =
 * 0.083), so no small tail is obtained by cancellation; for tiny a, Q on
 * [a, a+1) is 1 - P and can be ~a E1(1): relative error ~1e-16/Q (5e-14 at
 * a = 0.01). The continued fraction is not used below x = a + 1, where it
 * converges poorly for small a. The log versions carry log D and stay finite where the
 * tails underflow. Measured against Arb (tests/stats/t-chi2.c). */
#include <float.h>
#include <math.h>

#include "dmv/stats.h"
#include "stats_internal.h"

static const double LN_SQRT_2PI = 0.918938533204672741780329736406; /* log(sqrt(2 pi)) */

/* stirlerr(a) = log Gamma(a+1) - (a + 1/2) log a + a - log sqrt(2 pi). For
 * a > 15 the Stirling series (terms 1/12, 1/360, 1/1260, 1/1680, 1/1188).
 * Below, from dmv_stat_lgamma1p. */
static double stirlerr_series(double a)
{
    const double S0 = 1.0 / 12, S1 = 1.0 / 360, S2 = 1.0 / 1260, S3 = 1.0 / 1680,
                 S4 = 1.0 / 1188;
    double aa = a * a;
    if (a > 500)
        return (S0 - S1 / aa) / a;
    if (a > 80)
        return (S0 - (S1 - S2 / aa) / aa) / a;
    if (a > 35)
        return (S0 - (S1 - (S2 - S3 / aa) / aa) / aa) / a;
    return (S0 - (S1 - (S2 - (S3 - S4 / aa) / aa) / aa) / aa) / a;
}

/* log Gamma(1+x) = -euler x + sum_{k>=2} (-1)^k zeta(k)/k x^k, |x| <= 1/2;
 * coefficients (-1)^k zeta(k)/k, k = 2..56, from MPFR's mpfr_zeta_ui at 200
 * bits (the truncation error is below 0.5^57/57 ~ 1e-19). */
static const double LG1P_C[55] = {
    0.8224670334241132, -0.40068563438653143, 0.27058080842778454,
    -0.20738555102867398, 0.16955717699740819, -0.14404989676884611,
    0.12550966952474304, -0.11133426586956469, 0.10009945751278181,
    -0.090954017145829041, 0.083353840546109004, -0.076932516411352195,
    0.07143294629536133, -0.066668705882420465, 0.062500955141213038,
    -0.058823978658684585, 0.055555767627403614, -0.052631679379616658,
    0.050000047698101693, -0.047619070330142226, 0.045454556293204669,
    -0.043478266053040261, 0.041666669150341208, -0.040000001192140137,
    0.038461539034675182, -0.037037037312989324, 0.035714285847333355,
    -0.034482758684919304, 0.033333333364377583, -0.032258064531150418,
    0.031250000007275971, -0.030303030306558044, 0.029411764707594344,
    -0.02857142857226011, 0.027777777778181998, -0.027027027027223673,
    0.026315789473779948, -0.025641025641072283, 0.025000000000022737,
    -0.024390243902450117, 0.023809523809529224, -0.023255813953491015,
    0.022727272727274019, -0.022222222222222855, 0.021739130434782917,
    -0.021276595744681003, 0.020833333333333409, -0.020408163265306159,
    0.020000000000000018, -0.019607843137254912, 0.019230769230769235,
    -0.01886792452830189, 0.018518518518518521, -0.018181818181818181,
    0.017857142857142856,
};
static const double EULER_GAMMA = 0.57721566490153287;

/* log Gamma(a+1), a > 0. For a <= 15: a = N + x with |x| <= 1/2,
 * Gamma(a+1) = (x+1)...(x+N) Gamma(1+x) and the Taylor series above (no
 * cancellation: the product is exact to N ulps, the series term is < 0.6).
 * Above 15, Stirling's series. (Not libm's lgamma: it writes the global
 * signgam, a data race when checks run in threads.) */
double dmv_stat_lgamma1p(double a)
{
    if (a > 15.0)
        return stirlerr_series(a) + (a + 0.5) * log(a) - a + LN_SQRT_2PI;
    double N = floor(a + 0.5), x = a - N;
    double s = 0.0;
    for (int k = 54; k >= 0; k--)
        s = (s + LG1P_C[k]) * x; /* sum_{k>=2} c_k x^(k-1), then times x below */
    s = (s - EULER_GAMMA) * x;
    double prod = 1.0;
    for (double k = 1.0; k <= N; k += 1.0)
        prod *= x + k;
    return log(prod) + s;
}

double dmv_stat_stirlerr(double a)
{
    if (a > 15.0)
        return stirlerr_series(a);
    return dmv_stat_lgamma1p(a) - (a + 0.5) * log(a) + a - LN_SQRT_2PI;
}

/* bd0(x, M) = x log(x/M) + M - x >= 0, without cancellation when x ~ M:
 * with v = (x-M)/(x+M), x log(x/M) = 2x atanh(v) = 2x (v + v^3/3 + ...), and
 * M - x = -(x-M), so bd0 = (x-M) v + 2x sum_{j>=1} v^{2j+1}/(2j+1). */
double dmv_stat_bd0(double x, double M)
{
    if (x == 0.0)
        return M;
    /* the series has terms of one sign for v > 0 and a mild (< 10 %)
     * cancellation for v >= -1/2, against a factor ~10 in x log(x/M) + M - x
     * at |v| ~ 0.1: use it for |v| < 1/2 (about 25 terms at the edge) */
    if (fabs(x - M) < 0.5 * (x + M)) {
        double v = (x - M) / (x + M);
        double s = (x - M) * v;
        double ej = 2.0 * x * v;
        double v2 = v * v;
        for (int j = 1; j < 200; j++) {
            ej *= v2;
            double s1 = s + ej / (2 * j + 1);
            if (s1 == s)
                return s1;
            s = s1;
        }
        return s;
    }
    return x * log(x / M) + M - x;
}

/* log D(a, x) */
double dmv_stat_log_poisson_prefactor(double a, double x)
{
    return -dmv_stat_stirlerr(a) - dmv_stat_bd0(a, x) - 0.5 * log(a) - LN_SQRT_2PI;
}

/* log of the series sum, x < a */
static double log_series(double a, double x)
{
    double term = 1.0, sum = 1.0;
    long maxit = 1000 + (long) (60.0 * sqrt(a));
    for (long k = 1; k < maxit; k++) {
        term *= x / (a + (double) k);
        sum += term;
        if (term < sum * 0x1p-54)
            break;
    }
    return log(sum);
}

/* log of a*K (the continued fraction times a), x >= a. Modified Lentz. */
static double log_cf(double a, double x)
{
    const double tiny = 1e-300;
    double b = x + 1.0 - a;
    double c = 1.0 / tiny;
    double d = 1.0 / b;
    double h = d;
    long maxit = 1000 + (long) (60.0 * sqrt(a));
    for (long i = 1; i < maxit; i++) {
        double an = -(double) i * ((double) i - a);
        b += 2.0;
        d = an * d + b;
        if (fabs(d) < tiny)
            d = tiny;
        c = b + an / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 0x1p-54)
            break;
    }
    return log(a) + log(h);
}

/* Both logs at once: *lp = log P, *lq = log Q. Returns 0, or -1 for bad args. */
int dmv_stat_gamma_log_tails(double a, double x, double *lp, double *lq)
{
    if (isnan(a) || isnan(x) || !(a > 0.0) || x < 0.0 || a == INFINITY) {
        *lp = *lq = NAN;
        return -1;
    }
    if (x == 0.0) {
        *lp = -INFINITY;
        *lq = 0.0;
        return 0;
    }
    if (x == INFINITY) {
        *lp = 0.0;
        *lq = -INFINITY;
        return 0;
    }
    double ld = dmv_stat_log_poisson_prefactor(a, x);
    if (x < a + 1.0) {
        *lp = ld + log_series(a, x);
        *lq = log1p(-exp(*lp));
    } else {
        *lq = ld + log_cf(a, x);
        *lp = log1p(-exp(*lq));
    }
    return 0;
}

double dmv_stat_gamma_log_p(double a, double x)
{
    double lp, lq;
    dmv_stat_gamma_log_tails(a, x, &lp, &lq);
    return lp;
}

double dmv_stat_gamma_log_q(double a, double x)
{
    double lp, lq;
    dmv_stat_gamma_log_tails(a, x, &lp, &lq);
    return lq;
}

double dmv_stat_gamma_p(double a, double x)
{
    return exp(dmv_stat_gamma_log_p(a, x));
}

double dmv_stat_gamma_q(double a, double x)
{
    return exp(dmv_stat_gamma_log_q(a, x));
}
