/* Two-sample Kolmogorov-Smirnov: exact p-values against brute-force
 * enumeration of all interleavings and against the Gnedenko-Korolyuk closed
 * form for n = m (exact integers, FLINT fmpz); the statistic on hand
 * examples and with ties; null calibration; the asymptotic branch. */
#include <math.h>
#include <stdlib.h>

#include <flint/fmpz.h>

#include "dmv/stats.h"
#include "dmv_test.h"

/* P(D >= dnum/(nm)) by enumerating all C(n+m, n) merged orders (bit masks) */
static double brute_sf(long n, long m, long long dnum)
{
    int len = (int) (n + m);
    long long hit = 0, total = 0;
    for (unsigned long mask = 0; mask < (1ul << len); mask++) {
        long ones = 0;
        for (unsigned long b = mask; b; b &= b - 1)
            ones++;
        if (ones != n)
            continue;
        total++;
        long long i = 0, j = 0, mx = 0;
        for (int k = 0; k < len; k++) {
            if (mask & (1ul << k))
                i++;
            else
                j++;
            long long t = i * m - j * n;
            if (t < 0)
                t = -t;
            if (t > mx)
                mx = t;
        }
        hit += mx >= dnum;
    }
    return (double) hit / (double) total;
}

/* Gnedenko & Korolyuk (1951), n = m: P(D_{n,n} >= k/n) =
 * 2 sum_{j>=1} (-1)^(j-1) C(2n, n - j k) / C(2n, n), exactly in integers */
static double gk_sf(long n, long k)
{
    fmpz_t s, c, tot;
    fmpz_init(s);
    fmpz_init(c);
    fmpz_init(tot);
    for (long j = 1; n - j * k >= 0; j++) {
        fmpz_bin_uiui(c, (ulong) (2 * n), (ulong) (n - j * k));
        if (j % 2)
            fmpz_add(s, s, c);
        else
            fmpz_sub(s, s, c);
    }
    fmpz_mul_ui(s, s, 2);
    fmpz_bin_uiui(tot, (ulong) (2 * n), (ulong) n);
    /* ratio to double: both may be huge; scale by their bit sizes */
    slong es, et;
    double ds = fmpz_get_d_2exp(&es, s), dt = fmpz_get_d_2exp(&et, tot);
    double r = fmpz_is_zero(s) ? 0.0 : ldexp(ds / dt, (int) (es - et));
    fmpz_clear(s);
    fmpz_clear(c);
    fmpz_clear(tot);
    return r;
}

int main(void)
{
    dmv_test_rng rng = {5150};
    int method;

    /* 1. brute force over all paths, n + m <= 16 */
    double worst = 0;
    for (long n = 1; n <= 8; n++)
        for (long m = 1; m <= 8; m++)
            for (long long dnum = 1; dnum <= n * m; dnum += 1 + (n * m) / 12) {
                double p = dmv_stat_ks2_sf((long) dnum, n, m, &method);
                double b = brute_sf(n, m, dnum);
                double e = fabs(p - b) / (b > 0 ? b : 1);
                if (e > worst)
                    worst = e;
                DMV_CHECK(method == DMV_STAT_KS2_EXACT && e < 1e-14,
                          "n=%ld m=%ld dnum=%lld p=%.17g brute=%.17g", n, m, dnum, p, b);
            }
    /* 2. Gnedenko-Korolyuk for n = m up to 300, deep into the tail */
    double worst_gk = 0;
    long gn[] = {10, 47, 100, 300};
    for (size_t a = 0; a < sizeof gn / sizeof gn[0]; a++) {
        long n = gn[a];
        for (long k = 1; k <= n; k += 1 + n / 25) {
            double p = dmv_stat_ks2_sf(k * n, n, n, &method); /* D = k/n: dnum = k n */
            double g = gk_sf(n, k);
            double e = fabs(p - g) / (g > 0 ? g : 1);
            if (g > 1e-300 && e > worst_gk)
                worst_gk = e;
            DMV_CHECK(e < 1e-12 || (g < 1e-300 && p < 1e-290), "GK n=%ld k=%ld p=%.17g exact=%.17g",
                      n, k, p, g);
        }
    }
    /* 3. the statistic: hand example. x = {1, 2, 3}, y = {2.5, 4}: after 1:
     *    1/3 - 0; after 2: 2/3; after 2.5: 2/3 - 1/2; after 3: 1 - 1/2;
     *    after 4: 0. D = 2/3 (dnum = 2*... = |2*2 - 0*3| = 4 of nm = 6). */
    {
        double x[] = {3, 1, 2}, y[] = {4, 2.5}, D, p;
        dmv_stat_ks_2sample_method(&D, &p, &method, x, 3, y, 2, NULL);
        DMV_CHECK(fabs(D - 2.0 / 3.0) < 1e-15, "D = %.17g", D);
        DMV_CHECK(fabs(p - brute_sf(3, 2, 4)) < 1e-15, "p = %.17g", p);
        /* ties across samples are consumed together: x = y gives D = 0, p = 1 */
        double x2[] = {1, 2, 3}, y2[] = {3, 2, 1};
        dmv_stat_ks_2sample(&D, &p, x2, 3, y2, 3, NULL);
        DMV_CHECK(D == 0 && p == 1, "identical samples D=%g p=%g", D, p);
        double x3[] = {1, NAN};
        dmv_error e;
        dmv_error_init(&e);
        DMV_CHECK(dmv_stat_ks_2sample(&D, &p, x3, 2, y2, 3, &e) == DMV_EINVAL, "NaN accepted");
    }
    /* 4. null calibration (n = 40, m = 60): the test is discrete, so the
     *    rejection rate at 0.05 is the exact size P(p <= 0.05), computed from
     *    the (separately verified) exact law: the largest attainable p <= .05 */
    {
        long n = 40, m = 60, reps = dmv_test_iters(2000), rej = 0;
        double size = 0;
        for (long dn = 1; dn <= n * m; dn++) {
            double p = dmv_stat_ks2_sf(dn, n, m, NULL);
            if (p <= 0.05) {
                size = p;
                break;
            }
        }
        double x[40], y[60], D, p;
        for (long r = 0; r < reps; r++) {
            for (long i = 0; i < n; i++)
                x[i] = dmv_test_uniform(&rng);
            for (long i = 0; i < m; i++)
                y[i] = dmv_test_uniform(&rng);
            dmv_stat_ks_2sample(&D, &p, x, n, y, m, NULL);
            rej += p <= 0.05;
        }
        double mu = reps * size, sd = sqrt(reps * size * (1 - size));
        DMV_CHECK(fabs(rej - mu) < 4.5 * sd + 1, "null: %ld of %ld, size %.5f", rej, reps, size);
        printf("two-sample null n=40 m=60: %ld/%ld rejections, exact size %.5f\n", rej, reps, size);
    }
    /* 5. large samples: exact and asymptotic agree roughly (Stephens' form is
     *    an approximation: within 3% relative near p = 0.05 at n = m = 3000),
     *    and the asymptotic branch is reported as such */
    {
        long n = 3000;
        long dn = (long) (1.36 * sqrt(2.0 / n) * n * n);
        double pe = dmv_stat_ks2_sf(dn, n, n, &method);
        DMV_CHECK(method == DMV_STAT_KS2_EXACT, "n=3000 exact expected");
        double D = (double) dn / ((double) n * n), s = sqrt(n / 2.0);
        double pa = dmv_stat_kolmogorov_sf((s + 0.12 + 0.11 / s) * D);
        DMV_CHECK(fabs(pa / pe - 1) < 0.03, "exact %.6g vs asymptotic %.6g", pe, pa);
        dmv_stat_ks2_sf(6000000000L, 2000000, 3000000, &method); /* D = 1e-3 */
        DMV_CHECK(method == DMV_STAT_KS2_ASYMPTOTIC, "huge n,m: method %d", method);
        printf("n=m=3000 at D=%.5f: exact %.6g, Stephens %.6g\n", D, pe, pa);
    }
    /* 6. detectable effect: power by simulation at the mde (G2 = delta + (1 - delta) U,
     *    sup|G1 - G2| = delta), and the critical value is the exact one */
    {
        long n = 60, m = 80, reps = dmv_test_iters(1000), rej = 0;
        int ex;
        double delta = dmv_stat_mde_ks2(n, m, 0.05, 0.99, &ex);
        DMV_CHECK(ex == 1 && delta > 0 && delta < 1, "mde_ks2 %g exact %d", delta, ex);
        double x[60], y[80], D, p;
        for (long r = 0; r < reps; r++) {
            for (long i = 0; i < n; i++)
                x[i] = dmv_test_uniform(&rng);
            for (long i = 0; i < m; i++)
                y[i] = delta + (1 - delta) * dmv_test_uniform(&rng);
            dmv_stat_ks_2sample(&D, &p, x, n, y, m, NULL);
            rej += p <= 0.05;
        }
        DMV_CHECK(rej >= 0.99 * reps - 4.5 * sqrt(reps * 0.0099), "power at mde_ks2 %g: %ld/%ld",
                  delta, rej, reps);
        printf("mde_ks2(60, 80, 0.05, 0.99) = %.4g: %ld/%ld rejections\n", delta, rej, reps);
        int ex2;
        dmv_stat_mde_ks2(2000000, 3000000, 1e-3, 0.99, &ex2);
        DMV_CHECK(ex2 == 0, "large: approximate critical value expected");
    }
    printf("worst rel err vs brute force %.3g, vs Gnedenko-Korolyuk %.3g\n", worst, worst_gk);
    DMV_TEST_DONE("t-ks2");
}
