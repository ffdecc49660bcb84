/* Minimum detectable effects: identities between the routes, power at the
 * returned effect recomputed independently, scaling with n. (Simulated power
 * at the MDE is checked in t-moments.c and t-ks.c.) */
#include <math.h>

#include "dmv/stats.h"
#include "dmv_test.h"

int main(void)
{
    dmv_test_rng rng = {8080};
    for (long it = 0; it < dmv_test_iters(40); it++) {
        long n = 2 + (long) dmv_test_loguniform(&rng, 1, 1e7);
        double level = dmv_test_loguniform(&rng, 1e-8, 0.1);
        double power = 0.5 + 0.499 * dmv_test_uniform(&rng);
        if (power <= level)
            continue;
        /* 1. mean: power at the returned effect, with libm's erfc */
        double dm = dmv_stat_mde_mean(n, level, power), s = dm * sqrt((double) n);
        double c = dmv_stat_normal_isf(level / 2);
        double pw = 0.5 * erfc((c - s) / sqrt(2.0)) + 0.5 * erfc((c + s) / sqrt(2.0));
        DMV_CHECK(fabs(pw - power) < 1e-10, "n=%ld level=%g power=%g: power(mde)=%.17g", n, level,
                  power, pw);
        /* 2. d = 1: the joint mean test is z^2 > chi2_{1-a}(1), i.e. the
         *    two-sided z test: the two MDEs coincide */
        double dj = dmv_stat_mde_mean_joint(1, n, level, power);
        DMV_CHECK(fabs(dj / dm - 1) < 1e-6, "joint d=1 %.17g vs %.17g (n=%ld level=%g power=%g)", dj,
                  dm, n, level, power);
        /* 3. variance: power at r_up and r_down equals the target */
        double up, down;
        dmv_stat_mde_var2(n, level, power, &up, &down);
        double df = (double) n - 1;
        double qlo = dmv_stat_chi2_quantile(level / 2, df), qhi = dmv_stat_chi2_isf(level / 2, df);
        double pu = dmv_stat_chi2_cdf(qlo / (1 + up), df) + dmv_stat_chi2_sf(qhi / (1 + up), df);
        double pd = dmv_stat_chi2_cdf(qlo / (1 - down), df) + dmv_stat_chi2_sf(qhi / (1 - down), df);
        DMV_CHECK(fabs(pu - power) < 1e-8 && fabs(pd - power) < 1e-8,
                  "var n=%ld level=%g power=%g: up %g -> %.12g, down %g -> %.12g", n, level, power,
                  up, pu, down, pd);
        DMV_CHECK(down < 1 && up > 0 && down > 0, "var mde range up=%g down=%g", up, down);
    }
    /* the df form agrees with the n form, and the joint total-variance test
     * (df = d(n-1)) detects a common error like one direction with d(n-1)+1 samples */
    {
        double u1, d1, u2, d2;
        dmv_stat_mde_var2(1001, 1e-3, 0.99, &u1, &d1);
        dmv_stat_mde_var_df(1000.0, 1e-3, 0.99, &u2, &d2);
        DMV_CHECK(u1 == u2 && d1 == d2, "mde_var_df(1000) %g %g vs %g %g", u2, d2, u1, d1);
        double mv = dmv_stat_mde_var_df(16.0 * 999, 1e-3, 0.99, NULL, NULL);
        DMV_CHECK(mv == dmv_stat_mde_var(16 * 999 + 1, 1e-3, 0.99), "joint df %g", mv);
        DMV_CHECK(isnan(dmv_stat_mde_var_df(0.0, 0.05, 0.9, NULL, NULL)), "df = 0");
    }
    /* 4. large n: MDE ~ (c + z_power) / sqrt(n) for the mean and
     *    ~ (c + z_power) sqrt(2/n) for the variance; the ratio at 4n is 1/2 */
    double a = dmv_stat_mde_mean(1000000, 1e-3, 0.99), b = dmv_stat_mde_mean(4000000, 1e-3, 0.99);
    DMV_CHECK(fabs(a / b - 2) < 1e-9, "mean scaling %.17g", a / b);
    double va = dmv_stat_mde_var(1000000, 1e-3, 0.99), vb = dmv_stat_mde_var(4000000, 1e-3, 0.99);
    DMV_CHECK(fabs(va / vb - 2) < 6e-3 /* O(1/sqrt(n)) skew */, "var scaling %.17g", va / vb);
    /* 5. joint over d directions: more directions at the same level cost
     *    detectability (sqrt(sum delta^2) grows with d) */
    double j1 = dmv_stat_mde_mean_joint(10, 1000, 1e-3, 0.99);
    double j2 = dmv_stat_mde_mean_joint(1000, 1000, 1e-3, 0.99);
    DMV_CHECK(j2 > j1 && j1 > dmv_stat_mde_mean(1000, 1e-3, 0.99), "joint d: %g %g", j1, j2);
    /* 6. KS: the guaranteed effect is the sum of two critical values */
    double k = dmv_stat_mde_ks(1000, 0.05, 0.99);
    DMV_CHECK(fabs(k - dmv_stat_ks_isf(0.05, 1000) - dmv_stat_ks_isf(0.01, 1000)) < 1e-15, "ks %g", k);
    /* 7. large n: the DKW-Massart form is an upper bound of the exact form,
     *    close to it (O(n^-1/2)); at n = 2e5 within 1% */
    {
        long n2 = 200000;
        double kd = dmv_stat_mde_ks(n2, 1e-3, 0.99);
        double ke = dmv_stat_ks_isf(1e-3, n2) + dmv_stat_ks_isf(0.01, n2);
        DMV_CHECK(kd >= ke && kd < 1.01 * ke, "mde_ks DKW %.10g exact %.10g", kd, ke);
        printf("mde_ks n=2e5: DKW %.8g, exact critical values %.8g\n", kd, ke);
    }
    printf("examples (level 1e-3, power 0.99): n=1e6 mean %.4g sd, var %.4g; joint d=1000 n=1000 "
           "%.4g\n", a, va, j2);
    DMV_TEST_DONE("t-mde");
}
