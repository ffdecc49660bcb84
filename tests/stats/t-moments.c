/* Gaussian moment tests: hand-derived values, acceptance intervals, errors,
 * calibration under the null and power at the minimum detectable effect by
 * simulation (splitmix64 + Box-Muller written here), single and joint. */
#include <math.h>
#include <stdlib.h>

#include "dmv/stats.h"
#include "dmv_test.h"

static const double TWO_PI = 6.283185307179586477;

/* Box-Muller: one standard normal per call (the sine half is dropped) */
static double gauss(dmv_test_rng *r)
{
    double u1 = 1.0 - dmv_test_uniform(r); /* (0, 1] */
    double u2 = dmv_test_uniform(r);
    return sqrt(-2.0 * log(u1)) * cos(TWO_PI * u2);
}

static void sample_moments(dmv_test_rng *r, long n, double m, double v, double *mean,
                           double *var)
{
    double *x = malloc((size_t) n * sizeof *x), s = 0, ss = 0, sd = sqrt(v);
    for (long i = 0; i < n; i++) {
        x[i] = m + sd * gauss(r);
        s += x[i];
    }
    double mu = s / (double) n;
    for (long i = 0; i < n; i++)
        ss += (x[i] - mu) * (x[i] - mu);
    *mean = mu;
    *var = ss / (double) (n - 1);
    free(x);
}

/* |count - reps*pr| within 4.5 binomial standard deviations */
static int binom_ok(long count, long reps, double pr)
{
    return fabs((double) count - reps * pr) < 4.5 * sqrt(reps * pr * (1 - pr)) + 1;
}

int main(void)
{
    dmv_test_rng rng = {99991};
    dmv_stat_moment_test t;
    dmv_error e;

    /* 1. hand values. n = 100, m = 0, v = 1, xbar = 0.196: z = 1.96,
     *    p = 2(1 - Phi(1.96)) = 0.04999579029644087 (A&S 26.2 tables). */
    DMV_CHECK(dmv_stat_gaussian_moments(&t, 100, 0.196, 1.0, 0.0, 1.0, 0.05, NULL) == DMV_OK, "ok");
    DMV_CHECK(fabs(t.z_mean - 1.96) < 1e-14, "z = %.17g", t.z_mean);
    DMV_CHECK(fabs(t.p_mean / 0.04999579029644087 - 1) < 1e-13, "p_mean = %.17g", t.p_mean);
    /* s2 = v: chi2 = n - 1 = 99 exactly; p_var = 2 min(F, 1 - F) at the
     * point 99 of chi2(99), which is above the median (99 - 2/3 + ...), so
     * p_var = 2 P(X > 99) */
    DMV_CHECK(t.chi2 == 99.0 && t.df == 99.0, "chi2 = %.17g", t.chi2);
    DMV_CHECK(fabs(t.p_var - 2 * dmv_stat_chi2_sf(99, 99)) < 1e-15 && t.p_var > 0.9,
              "p_var = %.17g", t.p_var);
    /* acceptance interval for the mean: 0 +- 1.959963984540054 / 10 */
    DMV_CHECK(fabs(t.mean_hi - 0.1959963984540054) < 1e-15 && fabs(t.mean_lo + t.mean_hi) < 1e-16,
              "mean interval [%.17g, %.17g]", t.mean_lo, t.mean_hi);
    /* variance interval for n = 101: v * chi2_{.025, .975}(100)/100, table
     * values (NIST e-Handbook 1.3.6.7.4) 74.222 and 129.561 (3 decimals) */
    {
        dmv_stat_moment_test t2;
        dmv_stat_gaussian_moments(&t2, 101, 0.0, 1.0, 0.0, 1.0, 0.05, NULL);
        DMV_CHECK(fabs(t2.var_lo * 100 - 74.222) < 6e-4 && fabs(t2.var_hi * 100 - 129.561) < 6e-4,
                  "var interval [%.6f, %.6f]*100", t2.var_lo * 100, t2.var_hi * 100);
    }
    /* the test rejects exactly outside its acceptance interval */
    for (int k = 0; k < 200; k++) {
        double xb = -0.4 + 0.004 * k, s2 = 0.5 + 0.01 * k;
        dmv_stat_gaussian_moments(&t, 100, xb, s2, 0.0, 1.0, 0.05, NULL);
        if (fabs(fabs(xb) - t.mean_hi) > 1e-9)
            DMV_CHECK((t.p_mean <= 0.05) == (xb < t.mean_lo || xb > t.mean_hi), "mean xb=%g", xb);
        if (fabs(s2 - t.var_lo) > 1e-9 && fabs(s2 - t.var_hi) > 1e-9)
            DMV_CHECK((t.p_var <= 0.05) == (s2 < t.var_lo || s2 > t.var_hi), "var s2=%g p=%g", s2,
                      t.p_var);
    }
    /* far tail: p underflows, its log does not */
    dmv_stat_gaussian_moments(&t, 10000000, 1.0, 2.0, 0.0, 1.0, 1e-3, NULL);
    DMV_CHECK(t.p_mean == 0 && isfinite(t.log_p_mean) && t.log_p_mean < -1e6, "log p_mean %g",
              t.log_p_mean);
    /* log p = log 2 + log P(Z > z) with z = sqrt(1e7): -z^2/2 - log(z sqrt(2 pi)) + log 2 + ... */
    {
        double z = sqrt(1e7);
        double ref = log(2.0) - 0.5 * z * z - log(z) - 0.5 * log(TWO_PI) + log1p(-1 / (z * z));
        DMV_CHECK(fabs(t.log_p_mean - ref) < 1e-9 * fabs(ref), "log p_mean %.17g vs %.17g",
                  t.log_p_mean, ref);
    }
    DMV_CHECK(isfinite(t.log_p_var) && t.log_p_var < -1e5, "log p_var %g", t.log_p_var);

    /* 2. errors name the bad value */
    dmv_error_init(&e);
    DMV_CHECK(dmv_stat_gaussian_moments(&t, 1, 0, 1, 0, 1, 0.05, &e) == DMV_EINVAL, "n = 1");
    printf("n=1 message: %s\n", e.msg);
    DMV_CHECK(dmv_stat_gaussian_moments(&t, 10, 0, 1, 0, 0, 0.05, NULL) == DMV_EINVAL, "v = 0");
    DMV_CHECK(dmv_stat_gaussian_moments(&t, 10, NAN, 1, 0, 1, 0.05, NULL) == DMV_EINVAL, "NaN mean");
    DMV_CHECK(dmv_stat_gaussian_moments(&t, 10, 0, -1, 0, 1, 0.05, NULL) == DMV_EINVAL, "var < 0");
    DMV_CHECK(dmv_stat_gaussian_moments(&t, 10, 0, 1, 0, 1, 1.0, NULL) == DMV_EINVAL, "level 1");

    /* 3. calibration under the null, single direction, two sample sizes:
     *    the rejection rate at 0.05 is binomial(reps, 0.05) */
    long reps = dmv_test_iters(2000);
    long ns[] = {5, 400};
    for (int a = 0; a < 2; a++) {
        long n = ns[a], rm = 0, rv = 0, rm_alt = 0, rvu = 0, rvd = 0;
        double dm = dmv_stat_mde_mean(n, 0.05, 0.99);
        double up, down;
        dmv_stat_mde_var2(n, 0.05, 0.99, &up, &down);
        for (long r = 0; r < reps; r++) {
            double xb, s2;
            sample_moments(&rng, n, 1.5, 2.0, &xb, &s2);
            dmv_stat_gaussian_moments(&t, n, xb, s2, 1.5, 2.0, 0.05, NULL);
            rm += t.p_mean <= 0.05;
            rv += t.p_var <= 0.05;
            /* power: mean off by the mde (in sd units), variance by (1+up), (1-down) */
            sample_moments(&rng, n, 1.5 + dm * sqrt(2.0), 2.0, &xb, &s2);
            dmv_stat_gaussian_moments(&t, n, xb, s2, 1.5, 2.0, 0.05, NULL);
            rm_alt += t.p_mean <= 0.05;
            sample_moments(&rng, n, 1.5, 2.0 * (1 + up), &xb, &s2);
            dmv_stat_gaussian_moments(&t, n, xb, s2, 1.5, 2.0, 0.05, NULL);
            rvu += t.p_var <= 0.05;
            sample_moments(&rng, n, 1.5, 2.0 * (1 - down), &xb, &s2);
            dmv_stat_gaussian_moments(&t, n, xb, s2, 1.5, 2.0, 0.05, NULL);
            rvd += t.p_var <= 0.05;
        }
        DMV_CHECK(binom_ok(rm, reps, 0.05), "n=%ld null mean: %ld/%ld", n, rm, reps);
        DMV_CHECK(binom_ok(rv, reps, 0.05), "n=%ld null var: %ld/%ld", n, rv, reps);
        DMV_CHECK(binom_ok(rm_alt, reps, 0.99), "n=%ld mean at mde %g: %ld/%ld", n, dm, rm_alt, reps);
        DMV_CHECK(binom_ok(rvu, reps, 0.99), "n=%ld var at +%g: %ld/%ld", n, up, rvu, reps);
        DMV_CHECK(binom_ok(rvd, reps, 0.99), "n=%ld var at -%g: %ld/%ld", n, down, rvd, reps);
        printf("n=%ld: null %ld, %ld /%ld; at mde (mean %.4g sd, var +%.4g -%.4g): %ld %ld %ld\n", n,
               rm, rv, reps, dm, up, down, rm_alt, rvu, rvd);
    }

    /* 4. joint test over d directions: null calibration of the three
     *    statistics, and power of the joint mean test at its mde */
    {
        long d = 16, n = 30, jr = dmv_test_iters(1000);
        double m[16], v[16], xb[16], s2[16], xa[16];
        for (long j = 0; j < d; j++) {
            m[j] = 0.1 * (double) j;
            v[j] = 0.5 + 0.25 * (double) j;
        }
        double dj = dmv_stat_mde_mean_joint(d, n, 0.05, 0.99);
        long c1 = 0, c2 = 0, c3 = 0, calt = 0;
        dmv_stat_joint_test jt;
        dmv_stat_moment_test per[16];
        for (long r = 0; r < jr; r++) {
            for (long j = 0; j < d; j++)
                sample_moments(&rng, n, m[j], v[j], &xb[j], &s2[j]);
            DMV_CHECK(dmv_stat_gaussian_moments_joint(&jt, per, d, n, xb, s2, m, v, 0.05, NULL) == 0,
                      "joint");
            c1 += jt.p_mean <= 0.05;
            c2 += jt.p_var <= 0.05;
            c3 += jt.p_fisher <= 0.05;
            /* alternative: the whole shift on direction 0 (any split has the
             * same noncentrality n sum delta_j^2) */
            for (long j = 0; j < d; j++)
                xa[j] = j == 0 ? m[0] + dj * sqrt(v[0]) : m[j];
            for (long j = 0; j < d; j++)
                sample_moments(&rng, n, xa[j], v[j], &xb[j], &s2[j]);
            dmv_stat_gaussian_moments_joint(&jt, NULL, d, n, xb, s2, m, v, 0.05, NULL);
            calt += jt.p_mean <= 0.05;
        }
        DMV_CHECK(binom_ok(c1, jr, 0.05), "joint mean null %ld/%ld", c1, jr);
        DMV_CHECK(binom_ok(c2, jr, 0.05), "joint var null %ld/%ld", c2, jr);
        DMV_CHECK(binom_ok(c3, jr, 0.05), "joint fisher null %ld/%ld", c3, jr);
        DMV_CHECK(binom_ok(calt, jr, 0.99), "joint mean at mde %g: %ld/%ld", dj, calt, jr);
        printf("joint d=%ld n=%ld: null %ld %ld %ld /%ld; mean at mde %.4g: %ld\n", d, n, c1, c2, c3,
               jr, dj, calt);
        /* one statistic by hand: d = 2 directions with z = (3, 4): T = 25,
         * P(chi2(2) > 25) = exp(-12.5) */
        double m2[] = {0, 0}, v2[] = {1, 1}, x2[] = {0.3, 0.4}, s22[] = {1, 1};
        dmv_stat_gaussian_moments_joint(&jt, NULL, 2, 100, x2, s22, m2, v2, 0.05, NULL);
        DMV_CHECK(fabs(jt.t_mean - 25) < 1e-13 && fabs(jt.p_mean / exp(-12.5) - 1) < 1e-13,
                  "T=%.17g p=%.17g", jt.t_mean, jt.p_mean);
        DMV_CHECK(jt.t_var == 198 && jt.df_var == 198, "t_var %.17g", jt.t_var);
        v2[1] = -1;
        dmv_error_init(&e);
        DMV_CHECK(dmv_stat_gaussian_moments_joint(&jt, NULL, 2, 100, x2, s22, m2, v2, 0.05, &e) ==
                      DMV_EINVAL, "joint v<0");
        printf("joint error: %s\n", e.msg);
    }

    /* 5. mde closed-form checks: for the mean, the power function at the
     *    returned effect, recomputed here with libm's erfc, equals the target;
     *    large-n mean mde ~ (z_{1-a/2} + z_{power})/sqrt(n) */
    {
        long n = 1000;
        double dm = dmv_stat_mde_mean(n, 1e-3, 0.99), s = dm * sqrt((double) n);
        double c = 3.2905267314918945; /* z_{1 - 0.0005} */
        double pw = 0.5 * erfc((c - s) / sqrt(2.0)) + 0.5 * erfc((c + s) / sqrt(2.0));
        DMV_CHECK(fabs(pw - 0.99) < 1e-12, "power at mde_mean = %.17g", pw);
        DMV_CHECK(fabs(s - (c + 2.3263478740408408)) < 1e-6, "s = %.17g", s);
        double up, down;
        double mv = dmv_stat_mde_var2(1000000, 1e-3, 0.99, &up, &down);
        /* large df: relative variance error ~ (c + z_.99) sqrt(2/(n-1)) */
        double approx = (c + 2.3263478740408408) * sqrt(2.0 / 999999.0);
        DMV_CHECK(fabs(up / approx - 1) < 0.01 && fabs(down / approx - 1) < 0.01 && mv == fmin(up, down),
                  "var mde n=1e6: up %.6g down %.6g approx %.6g", up, down, approx);
        printf("n=1e6, level 1e-3, power 0.99: var mde up %.6g down %.6g\n", up, down);
        DMV_CHECK(isnan(dmv_stat_mde_mean(1, 0.05, 0.99)) && isnan(dmv_stat_mde_var(10, 0.5, 0.4)),
                  "bad mde args");
    }
    DMV_TEST_DONE("t-moments");
}
