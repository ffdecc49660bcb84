/* One-sample Kolmogorov-Smirnov: statistic, exact p-values, critical values.
 *
 * P(D_n >= d) for the two-sided statistic D_n = sup |F_n - F|, F continuous:
 *
 * (a) Smirnov-Birnbaum-Tingey (Birnbaum & Tingey 1951): for the one-sided
 *     D_n^+ = sup (F_n - F), exactly
 *        P(D_n^+ >= d) = d sum_{j=0}^{floor(n(1-d))} C(n,j) (1-d-j/n)^(n-j) (d+j/n)^(j-1)
 *                      = d sum_j b(j; n, d + j/n) / (d + j/n),
 *     b the binomial probability, evaluated with Loader's saddle-point form
 *     (relative accuracy ~1e-14 for every n). All terms are positive, so
 *     the sum keeps its relative accuracy however small it is. D^- has the
 *     same law, and P(D >= d) = 2 P(D^+ >= d) - P(D^+ >= d, D^- >= d). The
 *     last term is 0 for d >= 1/2 (F_n - F cannot exceed 1/2 both ways), so
 *     there 2 P(D^+ >= d) is exact; below 1/2 it is an upper bound (so the
 *     p-value is conservative) with relative excess ~ (p/2)^3 in the
 *     Kolmogorov limit (P(both) ~ 2 e^{-8 n d^2} = 2 (p/2)^4).
 * (b) Marsaglia, Tsang & Wang (2003), "Evaluating Kolmogorov's distribution",
 *     J. Stat. Software 8(18): P(D_n < d) = n!/n^n (H^n)_{kk}, H of order
 *     2k-1, k = ceil(n d); a double-precision matrix power with an explicit
 *     decimal exponent (or, when n < 2 m log2 n, the row vector e_k^T H^j
 *     iterated n times: same numbers, fewer flops). Absolute accuracy
 *     ~1e-14 (checked against Steck's determinant in exact rationals in
 *     the tests). Cost O(min(k^3 log n, n k^2)): used when
 *     2k - 1 <= DMV_STAT_KS_KMAX.
 *
 * dmv_stat_ks_sf: d >= 1/2 -> (a), exact; (a) <= 1e-5 -> (a), excess
 * below ~1e-16 relative; otherwise (b) if small enough, else (a) as a
 * conservative bound (method reports which). */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/stats.h"
#include "stats_internal.h"

static const double LN_2PI = 1.83787706640934548356;

/* log of C(n,k) p^k q^(n-k), q = 1 - p given separately; after Loader (2000) */
double dmv_stat_log_dbinom(double k, double n, double p, double q)
{
    if (p == 0.0)
        return k == 0.0 ? 0.0 : -INFINITY;
    if (q == 0.0)
        return k == n ? 0.0 : -INFINITY;
    if (k == 0.0) {
        if (n == 0.0)
            return 0.0;
        return p < 0.1 ? -dmv_stat_bd0(n, n * q) - n * p : n * log(q);
    }
    if (k == n)
        return q < 0.1 ? -dmv_stat_bd0(n, n * p) - n * q : n * log(p);
    if (k < 0.0 || k > n)
        return -INFINITY;
    double lc = dmv_stat_stirlerr(n) - dmv_stat_stirlerr(k) - dmv_stat_stirlerr(n - k) -
                dmv_stat_bd0(k, n * p) - dmv_stat_bd0(n - k, n * q);
    double lf = LN_2PI + log(k) + log1p(-k / n);
    return lc - 0.5 * lf;
}

double dmv_stat_ks_plus_sf(double d, long n)
{
    if (isnan(d) || n < 1)
        return NAN;
    if (d <= 0.0)
        return 1.0;
    if (d >= 1.0)
        return 0.0;
    double nd = (double) n;
    long jmax = (long) floor(nd * (1.0 - d));
    if (jmax > n - 1)
        jmax = n - 1; /* the j = n term needs d = 0 */
    /* sum of positive terms, largest contributions first is unnecessary:
     * compensated summation keeps the rounding at ~1 ulp */
    double s = 0.0, c = 0.0;
    for (long j = 0; j <= jmax; j++) {
        double jd = (double) j;
        double p = d + jd / nd;
        double q = (1.0 - d) - jd / nd;
        if (!(q > 0.0))
            break;
        double t = exp(dmv_stat_log_dbinom(jd, nd, p, q)) / p;
        double y = t - c;
        double u = s + y;
        c = (u - s) - y;
        s = u;
    }
    double r = d * s;
    return r > 1.0 ? 1.0 : r;
}

/* ---- Marsaglia-Tsang-Wang -------------------------------------------------- */

static void mat_mul(double *C, const double *A, const double *B, int m)
{
    for (int i = 0; i < m * m; i++)
        C[i] = 0.0;
    for (int i = 0; i < m; i++)
        for (int k = 0; k < m; k++) {
            double a = A[i * m + k];
            if (a == 0.0)
                continue;
            for (int j = 0; j < m; j++)
                C[i * m + j] += a * B[k * m + j];
        }
}

/* V = A^e with decimal exponent *eV (V_true = V * 10^eV); work has 2 m^2 */
static void mat_pow(double *V, int *eV, const double *A, int m, long e, double *work)
{
    if (e == 1) {
        memcpy(V, A, (size_t) m * (size_t) m * sizeof *V);
        *eV = 0;
        return;
    }
    mat_pow(V, eV, A, m, e / 2, work);
    double *B = work;
    mat_mul(B, V, V, m);
    int eB = 2 * *eV;
    if (e % 2 == 0) {
        memcpy(V, B, (size_t) m * (size_t) m * sizeof *V);
        *eV = eB;
    } else {
        mat_mul(V, A, B, m);
        *eV = eB;
    }
    if (V[(m / 2) * m + (m / 2)] > 1e140) {
        for (int i = 0; i < m * m; i++)
            V[i] *= 1e-140;
        *eV += 140;
    }
}

double dmv_stat_ks_cdf_mtw(double d, long n)
{
    if (isnan(d) || n < 1)
        return NAN;
    double nd = (double) n;
    if (d <= 0.5 / nd)
        return 0.0;
    if (d >= 1.0)
        return 1.0;
    long kl = (long) (nd * d) + 1;
    long ml = 2 * kl - 1;
    if (ml > DMV_STAT_KS_KMAX)
        return NAN;
    int k = (int) kl, m = (int) ml;
    double h = (double) k - nd * d;
    double *H = calloc(4 * (size_t) m * (size_t) m, sizeof *H);
    if (!H)
        return NAN;
    double *Q = H + (size_t) m * m, *work = Q + (size_t) m * m;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < m; j++)
            H[i * m + j] = (i - j + 1 < 0) ? 0.0 : 1.0;
    for (int i = 0; i < m; i++) {
        H[i * m] -= pow(h, i + 1);
        H[(m - 1) * m + i] -= pow(h, m - i);
    }
    H[(m - 1) * m] += (2 * h - 1 > 0 ? pow(2 * h - 1, m) : 0.0);
    for (int i = 0; i < m; i++)
        for (int j = 0; j < m; j++)
            if (i - j + 1 > 0)
                for (int g = 1; g <= i - j + 1; g++)
                    H[i * m + j] /= g;
    int eQ = 0;
    double s;
    if ((double) n < 2.0 * (double) m * log2((double) n)) {
        /* fewer flops: the row vector e_k^T H^j for j = 1..n (n m^2 instead
         * of 2 m^3 log2 n), with the same decimal rescaling */
        double *vec = Q, *tmp = Q + m;
        for (int j = 0; j < m; j++)
            vec[j] = H[(k - 1) * m + j];
        for (long it = 1; it < n; it++) {
            for (int j = 0; j < m; j++)
                tmp[j] = 0.0;
            for (int i = 0; i < m; i++) {
                double a = vec[i];
                if (a == 0.0)
                    continue;
                for (int j = 0; j < m; j++)
                    tmp[j] += a * H[i * m + j];
            }
            double mx = 0.0;
            for (int j = 0; j < m; j++) {
                vec[j] = tmp[j];
                if (fabs(tmp[j]) > mx)
                    mx = fabs(tmp[j]);
            }
            if (mx > 1e140) {
                for (int j = 0; j < m; j++)
                    vec[j] *= 1e-140;
                eQ += 140;
            }
        }
        s = vec[k - 1];
    } else {
        mat_pow(Q, &eQ, H, m, n, work);
        s = Q[(k - 1) * m + k - 1];
    }
    for (long i = 1; i <= n; i++) {
        s = s * (double) i / nd;
        if (s < 1e-140) {
            s *= 1e140;
            eQ -= 140;
        }
    }
    free(H);
    s *= pow(10.0, eQ);
    return s > 1.0 ? 1.0 : (s < 0.0 ? 0.0 : s);
}

/* ---- two-sided tail --------------------------------------------------------- */

double dmv_stat_ks_sf_method(double d, long n, int *method)
{
    int dummy;
    if (!method)
        method = &dummy;
    *method = DMV_STAT_KS_TRIVIAL;
    if (isnan(d) || n < 1)
        return NAN;
    double nd = (double) n;
    if (d <= 0.5 / nd)
        return 1.0; /* D_n >= 1/(2n) always */
    if (d > 1.0)
        return 0.0;
    double s = 2.0 * dmv_stat_ks_plus_sf(d, n);
    if (d >= 0.5) {
        *method = DMV_STAT_KS_EXACT_SMIRNOV;
        return s;
    }
    if (s <= 1e-5) {
        *method = DMV_STAT_KS_BOUND_SMIRNOV; /* excess ~ (s/2)^3 relative < 1e-16 */
        return s;
    }
    double c = dmv_stat_ks_cdf_mtw(d, n);
    if (!isnan(c)) {
        *method = DMV_STAT_KS_EXACT_MTW;
        double p = 1.0 - c;
        return p < 0.0 ? 0.0 : p;
    }
    *method = DMV_STAT_KS_BOUND_SMIRNOV;
    return s > 1.0 ? 1.0 : s;
}

double dmv_stat_ks_sf(double d, long n)
{
    return dmv_stat_ks_sf_method(d, n, NULL);
}

/* smallest d with ks_sf(d, n) <= q: Illinois (regula falsi) on
 * g(d) = log ks_sf(d) - log q from a bracket around the asymptotic value
 * sqrt(log(2/q)/(2n)), then a final bisection step keeps the safe side. */
double dmv_stat_ks_isf(double q, long n)
{
    if (isnan(q) || n < 1 || !(q > 0.0) || q >= 1.0)
        return NAN;
    double nd = (double) n, lq = log(q);
    double dmin = 0.5 / nd;
    double d0 = sqrt(log(2.0 / q) / (2.0 * nd));
    double lo = fmax(dmin, 0.7 * d0), hi = fmin(1.0, 1.4 * d0 + 1.0 / nd);
    double glo = log(dmv_stat_ks_sf(lo, n)) - lq;
    while (glo <= 0.0 && lo > dmin) { /* sf(lo) must exceed q */
        lo = fmax(dmin, 0.5 * lo);
        glo = log(dmv_stat_ks_sf(lo, n)) - lq;
    }
    if (glo <= 0.0)
        return lo;
    double ghi = log(dmv_stat_ks_sf(hi, n)) - lq;
    while (ghi > 0.0 && hi < 1.0) {
        lo = hi;
        glo = ghi;
        hi = fmin(1.0, 1.5 * hi);
        ghi = log(dmv_stat_ks_sf(hi, n)) - lq;
    }
    if (ghi > 0.0)
        return 1.0;
    int side = 0;
    for (int it = 0; it < 100 && hi - lo > 1e-12 * hi; it++) {
        double mid;
        if (isfinite(ghi) && isfinite(glo))
            mid = hi - ghi * (hi - lo) / (ghi - glo);
        else
            mid = 0.5 * (lo + hi);
        if (!(mid > lo && mid < hi))
            mid = 0.5 * (lo + hi);
        double g = log(dmv_stat_ks_sf(mid, n)) - lq;
        if (g <= 0.0) {
            hi = mid;
            ghi = g;
            if (side == -1)
                glo *= 0.5;
            side = -1;
        } else {
            lo = mid;
            glo = g;
            if (side == 1)
                ghi *= 0.5;
            side = 1;
        }
    }
    return hi;
}

/* Kolmogorov's limit law: P(K >= x) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 x^2)
 * for x >= 1; below, 1 - sqrt(2 pi)/x sum_k exp(-(2k-1)^2 pi^2 / (8 x^2)). */
double dmv_stat_kolmogorov_sf(double x)
{
    if (isnan(x))
        return x;
    if (x <= 0.0)
        return 1.0;
    if (x >= 1.0) {
        double s = 0.0;
        for (int k = 1; k <= 100; k++) {
            double t = exp(-2.0 * k * k * x * x);
            s += (k % 2 ? t : -t);
            if (t < 1e-300 || t < 1e-17 * fabs(s))
                break;
        }
        return 2.0 * s;
    }
    const double PI2 = 9.8696044010893586188;
    double s = 0.0;
    for (int k = 1; k <= 100; k++) {
        double t = exp(-(2.0 * k - 1) * (2.0 * k - 1) * PI2 / (8.0 * x * x));
        s += t;
        if (t < 1e-17 * s)
            break;
    }
    return 1.0 - 2.5066282746310005024 / x * s;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int dmv_stat_ks_1sample(double *D, double *p, double *x, long n,
                        double (*cdf)(double x, void *ctx), void *ctx, dmv_error *err)
{
    if (!D || !p || !x || !cdf)
        return dmv_error_set(err, DMV_EINVAL, "a pointer argument is NULL");
    if (n < 1)
        return dmv_error_set(err, DMV_EINVAL, "n = %ld: need at least one sample", n);
    for (long i = 0; i < n; i++)
        if (isnan(x[i]))
            return dmv_error_set(err, DMV_EINVAL, "x[%ld] is NaN", i);
    qsort(x, (size_t) n, sizeof *x, cmp_double);
    double nd = (double) n, dmax = 0.0, prev = 0.0;
    for (long i = 0; i < n; i++) {
        double f = cdf(x[i], ctx);
        if (isnan(f) || f < 0.0 || f > 1.0)
            return dmv_error_set(err, DMV_EINVAL, "cdf(%.17g) = %g is not a probability", x[i],
                                 f);
        if (f < prev)
            return dmv_error_set(err, DMV_EINVAL,
                                 "cdf is decreasing: cdf(%.17g) = %.17g < %.17g", x[i], f, prev);
        prev = f;
        double a = (double) (i + 1) / nd - f, b = f - (double) i / nd;
        if (a > dmax)
            dmax = a;
        if (b > dmax)
            dmax = b;
    }
    *D = dmax;
    *p = dmv_stat_ks_sf(dmax, n);
    return DMV_OK;
}

double dmv_stat_mde_ks(long n, double level, double power)
{
    if (n < 1 || !(level > 0.0 && level < 1.0) || !(power > 0.0 && power < 1.0))
        return NAN;
    /* if sup|G - F| = delta then D_n >= delta - sup|F_n - G|, and
     * sup|F_n - G| has the null law of D_n under G: P(D_n >= c_level) >= power
     * once delta >= c_level + c_{1-power}.
     * For n > DMV_STAT_KS_MDE_DKW_N the critical values are replaced by
     * Massart's (1990) tight Dvoretzky-Kiefer-Wolfowitz bounds
     * c_q = sqrt(log(2/q)/(2n)): P(D_n >= c_q) <= 2 P(D_n^+ >= c_q) <=
     * 2 exp(-2 n c_q^2) = q, so c_q is at least the critical value that
     * dmv_stat_ks_sf (exact or Smirnov bound) implies, and the sum is still a
     * guaranteed detectable effect, larger than the exact one by O(n^-1/2)
     * relative (and free of the O(n) cost per evaluation of the exact sum). */
    if (n > DMV_STAT_KS_MDE_DKW_N) {
        double nd = (double) n;
        return sqrt(log(2.0 / level) / (2.0 * nd)) + sqrt(log(2.0 / (1.0 - power)) / (2.0 * nd));
    }
    return dmv_stat_ks_isf(level, n) + dmv_stat_ks_isf(1.0 - power, n);
}
