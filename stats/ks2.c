/* Two-sample Kolmogorov-Smirnov test.
 *
 * D = sup |F_n - G_m| is computed in integers: after each distinct value
 * (all tied observations of both samples consumed together), the difference
 * of the counts is i m - j n, and D = max |i m - j n| / (n m) =: Dnum/(n m).
 *
 * Null law (both samples from one continuous law): the merged order is a
 * uniformly random lattice path from (0,0) to (n,m), and D >= Dnum/(nm)
 * iff the path touches a node with |i m - j n| >= Dnum. The path is walked
 * as a Markov chain (from (i,j) it moves in i with probability
 * (n-i)/(n-i+m-j), the law of drawing without replacement), carrying the
 * probability of the nodes that have not yet touched the boundary; the mass
 * that steps onto the boundary is added to the p-value. Every term is
 * positive, so the p-value keeps its relative accuracy in the tail
 * (rounding ~ (n+m) ulps). Only the band |i m - j n| < Dnum is visited:
 * work ~ 2 D n m. Above DMV_STAT_KS2_EXACT_WORK node visits, the Kolmogorov
 * limit with Stephens' (1970) correction is used instead (approximate;
 * `method` says so). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/stats.h"

static long long floor_div(long long a, long long b) /* b > 0 */
{
    long long q = a / b;
    if ((a % b != 0) && (a < 0))
        q--;
    return q;
}

static long long ceil_div(long long a, long long b) /* b > 0 */
{
    return -floor_div(-a, b);
}

static double ks2_exact(long long dnum, long n, long m)
{
    double *cur = calloc((size_t) m + 2, sizeof *cur);
    double *nxt = calloc((size_t) m + 2, sizeof *nxt);
    if (!cur || !nxt) {
        free(cur);
        free(nxt);
        return NAN;
    }
    long long N = n, M = m;
    double sf = 0.0, sfc = 0.0; /* compensated */
    cur[0] = 1.0;
    for (long i = 0; i <= n; i++) {
        long long im = (long long) i * M;
        long long lo = floor_div(im - dnum, N) + 1, hi = ceil_div(im + dnum, N) - 1;
        if (lo < 0)
            lo = 0;
        if (hi > M)
            hi = M;
        for (long long j = lo; j <= hi; j++) {
            double w = cur[j];
            if (w == 0.0)
                continue;
            long long rem = (N - i) + (M - j);
            if (rem == 0)
                continue; /* the end node (n, m) */
            double r = (double) rem;
            if (j < M) {
                double f = w * ((double) (M - j) / r);
                long long t = im - (j + 1) * N;
                if (t >= dnum || -t >= dnum) {
                    double y = f - sfc, u = sf + y;
                    sfc = (u - sf) - y;
                    sf = u;
                } else
                    cur[j + 1] += f;
            }
            if (i < n) {
                double f = w * ((double) (N - i) / r);
                long long t = im + M - j * N;
                if (t >= dnum || -t >= dnum) {
                    double y = f - sfc, u = sf + y;
                    sfc = (u - sf) - y;
                    sf = u;
                } else
                    nxt[j] += f;
            }
        }
        if (i < n) {
            for (long long j = lo; j <= hi; j++)
                cur[j] = 0.0;
            double *t = cur;
            cur = nxt;
            nxt = t;
        }
    }
    free(cur);
    free(nxt);
    return sf > 1.0 ? 1.0 : sf;
}

double dmv_stat_ks2_sf(long dnum, long n, long m, int *method)
{
    int dummy;
    if (!method)
        method = &dummy;
    *method = DMV_STAT_KS_TRIVIAL;
    if (n < 1 || m < 1)
        return NAN;
    long long nm = (long long) n * (long long) m;
    if (dnum <= 0)
        return 1.0;
    if (dnum > nm)
        return 0.0;
    double D = (double) dnum / (double) nm;
    double work = ((double) n + 1.0) * fmin((double) m + 1.0, 2.0 * D * (double) m + 3.0);
    if (work <= DMV_STAT_KS2_EXACT_WORK) {
        *method = DMV_STAT_KS2_EXACT;
        return ks2_exact(dnum, n, m);
    }
    *method = DMV_STAT_KS2_ASYMPTOTIC;
    double ne = (double) n * (double) m / ((double) n + (double) m), s = sqrt(ne);
    return dmv_stat_kolmogorov_sf((s + 0.12 + 0.11 / s) * D);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int dmv_stat_ks_2sample_method(double *D, double *p, int *method, double *x, long n, double *y,
                               long m, dmv_error *err)
{
    if (!D || !p || !x || !y)
        return dmv_error_set(err, DMV_EINVAL, "a pointer argument is NULL");
    if (n < 1 || m < 1)
        return dmv_error_set(err, DMV_EINVAL, "sample sizes n = %ld, m = %ld: need >= 1", n, m);
    for (long i = 0; i < n; i++)
        if (isnan(x[i]))
            return dmv_error_set(err, DMV_EINVAL, "x[%ld] is NaN", i);
    for (long i = 0; i < m; i++)
        if (isnan(y[i]))
            return dmv_error_set(err, DMV_EINVAL, "y[%ld] is NaN", i);
    qsort(x, (size_t) n, sizeof *x, cmp_double);
    qsort(y, (size_t) m, sizeof *y, cmp_double);
    long i = 0, j = 0;
    long long best = 0;
    while (i < n || j < m) {
        double v = (j >= m || (i < n && x[i] <= y[j])) ? x[i] : y[j];
        while (i < n && x[i] == v)
            i++;
        while (j < m && y[j] == v)
            j++;
        long long t = (long long) i * m - (long long) j * n;
        if (t < 0)
            t = -t;
        if (t > best)
            best = t;
    }
    *D = (double) best / ((double) n * (double) m);
    *p = dmv_stat_ks2_sf((long) best, n, m, method);
    return DMV_OK;
}

int dmv_stat_ks_2sample(double *D, double *p, double *x, long n, double *y, long m,
                        dmv_error *err)
{
    return dmv_stat_ks_2sample_method(D, p, NULL, x, n, y, m, err);
}

/* smallest D = dnum/(nm) with P(D_{n,m} >= D) <= level: bisection over the
 * integer dnum (the exact law is a step function of dnum) when the exact
 * walk is cheap near the answer, else the Stephens/Kolmogorov value. */
static double ks2_critical(long n, long m, double level, int *exact)
{
    double nd = (double) n, md = (double) m, ne = nd * md / (nd + md), s = sqrt(ne);
    /* asymptotic guess: invert kolmogorov_sf by bisection */
    double lo = 0.0, hi = 10.0;
    for (int it = 0; it < 100; it++) {
        double mid = 0.5 * (lo + hi);
        if (dmv_stat_kolmogorov_sf(mid) <= level)
            hi = mid;
        else
            lo = mid;
    }
    double dguess = hi / (s + 0.12 + 0.11 / s);
    double work = (nd + 1.0) * fmin(md + 1.0, 2.0 * 1.5 * dguess * md + 3.0);
    *exact = work * 30.0 <= DMV_STAT_KS2_EXACT_WORK;
    if (!*exact)
        return fmin(1.0, dguess);
    long long nm = (long long) n * m;
    long long a = 0, b = nm; /* sf(a) > level >= sf(b) (sf(nm) is P(D >= 1) <= level is not
                                guaranteed for tiny n: then return 1) */
    if (dmv_stat_ks2_sf((long) b, n, m, NULL) > level)
        return 1.0;
    long long g = (long long) (dguess * (double) nm);
    long long g1 = (long long) (0.8 * (double) g), g2 = (long long) (1.3 * (double) g) + 1;
    if (g2 < nm && dmv_stat_ks2_sf((long) g2, n, m, NULL) <= level)
        b = g2;
    if (g1 > 0 && g1 < b && dmv_stat_ks2_sf((long) g1, n, m, NULL) > level)
        a = g1;
    while (b - a > 1) {
        long long mid = a + (b - a) / 2;
        if (dmv_stat_ks2_sf((long) mid, n, m, NULL) <= level)
            b = mid;
        else
            a = mid;
    }
    return (double) b / (double) nm;
}

double dmv_stat_mde_ks2(long n, long m, double level, double power, int *exact)
{
    int dummy;
    if (!exact)
        exact = &dummy;
    *exact = 0;
    if (n < 1 || m < 1 || !(level > 0.0 && level < 1.0) || !(power > 0.0 && power < 1.0))
        return NAN;
    /* sup|G1 - G2| = delta: D_{n,m} >= delta - sup|F_n - G1| - sup|G_m - G2|;
     * each of the last two exceeds Massart's DKW value for (1 - power)/2 with
     * probability <= (1 - power)/2 */
    double c = ks2_critical(n, m, level, exact);
    double q = 0.5 * (1.0 - power);
    return c + sqrt(log(2.0 / q) / (2.0 * (double) n)) + sqrt(log(2.0 / q) / (2.0 * (double) m));
}
