/* Incomplete beta, Student t and F tails, and the two-sample Gaussian test:
 * against the binomial finite sum in MPFR (integer a, b), closed forms
 * (t with 1 and 2 degrees of freedom, F(2,2)), the normal limit, and the
 * calibration of the two-sample test under its null by simulation. */
#include <math.h>
#include <mpfr.h>
#include <stdlib.h>

#include "dmv/stats.h"
#include "dmv_test.h"

/* integer a, b: I_x(a,b) = P(Bin(a+b-1, x) >= a) = sum_{j=a}^{a+b-1} C(N,j) x^j y^(N-j);
 * the complement is the sum over j < a. Exact sums in MPFR (x, y exact doubles). */
static void mpfr_beta_log_tails(long a, long b, double x, double y, double *lp, double *lq)
{
    long N = a + b - 1;
    mpfr_t lo, hi, term, X, Y, c;
    mpfr_inits2(320, lo, hi, term, X, Y, c, (mpfr_ptr) 0);
    mpfr_set_d(X, x, MPFR_RNDN);
    mpfr_set_d(Y, y, MPFR_RNDN);
    mpfr_set_ui(lo, 0, MPFR_RNDN);
    mpfr_set_ui(hi, 0, MPFR_RNDN);
    /* term_j = C(N,j) x^j y^(N-j) in logs to avoid overflow of C: work with
     * term_0 = y^N and the ratio (N-j)/(j+1) * x/y */
    mpfr_pow_ui(term, Y, (unsigned long) N, MPFR_RNDN);
    for (long j = 0; j <= N; j++) {
        if (j < a)
            mpfr_add(lo, lo, term, MPFR_RNDN);
        else
            mpfr_add(hi, hi, term, MPFR_RNDN);
        mpfr_mul_ui(term, term, (unsigned long) (N - j), MPFR_RNDN);
        mpfr_div_ui(term, term, (unsigned long) (j + 1), MPFR_RNDN);
        mpfr_mul(term, term, X, MPFR_RNDN);
        mpfr_div(term, term, Y, MPFR_RNDN);
    }
    mpfr_log(hi, hi, MPFR_RNDN);
    mpfr_log(lo, lo, MPFR_RNDN);
    *lp = mpfr_get_d(hi, MPFR_RNDN);
    *lq = mpfr_get_d(lo, MPFR_RNDN);
    mpfr_clears(lo, hi, term, X, Y, c, (mpfr_ptr) 0);
}

static double gauss(dmv_test_rng *r)
{
    double u1 = 1.0 - dmv_test_uniform(r), u2 = dmv_test_uniform(r);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586477 * u2);
}

int main(void)
{
    dmv_test_rng rng = {123456};
    double worst = 0;
    /* 1. integer (a, b) against the exact binomial sums */
    for (long it = 0; it < dmv_test_iters(150); it++) {
        long a = 1 + (long) dmv_test_loguniform(&rng, 1, 3000);
        long b = 1 + (long) dmv_test_loguniform(&rng, 1, 3000);
        double mu = (double) a / (double) (a + b);
        double sd = sqrt(mu * (1 - mu) / (double) (a + b + 1));
        double x = mu + (dmv_test_uniform(&rng) * 2 - 1) * (it % 2 ? 25 : 4) * sd;
        if (x <= 0 || x >= 1)
            x = dmv_test_uniform(&rng);
        if (x == 0)
            continue;
        double y = 1.0 - x; /* exact when x >= 1/2; else the pair is still consistent to 1 ulp */
        x = 1.0 - y;        /* make x + y == 1 exactly */
        double lp, lq, rp, rq;
        dmv_stat_beta_log_tails((double) a, (double) b, x, y, &lp, &lq);
        mpfr_beta_log_tails(a, b, x, y, &rp, &rq);
        double ep = fabs(lp - rp) / (1 + 1e-3 * fabs(rp)), eq = fabs(lq - rq) / (1 + 1e-3 * fabs(rq));
        if (getenv("DMV_VERBOSE") && (ep > 2e-13 || eq > 2e-13))
            printf("a=%ld b=%ld x=%.17g lp=%.6g ep=%.3g lq=%.6g eq=%.3g\n", a, b, x, rp, ep, rq, eq);
        if (isfinite(rp) && ep > worst)
            worst = ep;
        if (isfinite(rq) && eq > worst)
            worst = eq;
        /* tolerance: the product (a+b) x in the saddle-point form is rounded,
         * which costs ~ |(a+b)x - a| ulps in the exponent (~25 sd in the far
         * tails here): up to ~5e-13 measured */
        DMV_CHECK((!isfinite(rp) || ep < 1e-12) && (!isfinite(rq) || eq < 1e-12),
                  "a=%ld b=%ld x=%.17g: log I=%.17g (%.17g), log(1-I)=%.17g (%.17g)", a, b, x, lp, rp,
                  lq, rq);
    }
    /* 2. closed forms. t(1) (Cauchy): P(|T| >= t) = 1 - (2/pi) atan t = (2/pi) atan(1/t);
     *    t(2): P(|T| >= t) = 1 - t/sqrt(2 + t^2); F(2,2): P(F <= f) = f/(1+f). */
    for (double t = 0.01; t < 1e6; t *= 1.9) {
        double p1 = dmv_stat_t_sf2(t, 1), r1 = 0.63661977236758134308 * atan(1 / t);
        DMV_CHECK(fabs(p1 / r1 - 1) < 1e-13, "t1 t=%g %.17g %.17g", t, p1, r1);
        double r2 = 1 - t / sqrt(2 + t * t);
        if (t > 10) /* avoid the cancellation in the reference: 2/(sqrt(2+t^2)(sqrt(2+t^2)+t)) */
            r2 = 2 / (sqrt(2 + t * t) * (sqrt(2 + t * t) + t));
        double p2 = dmv_stat_t_sf2(t, 2);
        DMV_CHECK(fabs(p2 / r2 - 1) < 1e-13, "t2 t=%g %.17g %.17g", t, p2, r2);
        double lc, ls;
        dmv_stat_f_log_tails(t, 2, 2, &lc, &ls);
        DMV_CHECK(fabs(lc - log(t / (1 + t))) < 1e-14 * (1 + fabs(log(t / (1 + t)))) &&
                      fabs(ls + log1p(t)) < 1e-14 * (1 + log1p(t)),
                  "F(2,2) f=%g", t);
    }
    /* 3. normal limit: nu = 1e8, P(|T| >= t) -> 2 Phi(-t) with relative
     *    difference ~ (t^4 + 2t^2)/(4 nu) */
    for (double t = 0.5; t < 8; t += 0.75) {
        double p = dmv_stat_t_sf2(t, 1e8), r = 2 * dmv_stat_normal_sf(t);
        DMV_CHECK(fabs(p / r - 1) < 2e-8 * (1 + t * t * t * t), "nu=1e8 t=%g %.17g %.17g", t, p, r);
    }
    /* 4. two-sample Gaussian test: hand values and calibration */
    {
        dmv_stat_gaussian_2sample_test tt;
        /* equal samples: t = 0, f = 1, both p = 1 */
        dmv_stat_gaussian_2sample(&tt, 10, 1.0, 2.0, 10, 1.0, 2.0, NULL);
        DMV_CHECK(tt.t == 0 && tt.p_mean == 1 && tt.f == 1 && fabs(tt.p_var - 1) < 1e-14,
                  "equal: t=%g p=%g f=%g p=%g", tt.t, tt.p_mean, tt.f, tt.p_var);
        /* n1 = n2 = 2: sp2 = v, t = d/sqrt(v) with nu = 2 */
        dmv_stat_gaussian_2sample(&tt, 2, 3.0, 1.0, 2, 0.0, 1.0, NULL);
        DMV_CHECK(fabs(tt.t - 3) < 1e-15 && fabs(tt.p_mean - (1 - 3 / sqrt(11.0))) < 1e-15,
                  "t=%g p=%.17g", tt.t, tt.p_mean);
        dmv_error e;
        dmv_error_init(&e);
        DMV_CHECK(dmv_stat_gaussian_2sample(&tt, 1, 0, 1, 5, 0, 1, &e) == DMV_EINVAL, "n1=1");
        long reps = dmv_test_iters(2000), rm = 0, rv = 0, n1 = 7, n2 = 12;
        double x[12];
        for (long r = 0; r < reps; r++) {
            double mv[2][2];
            long ns[2] = {n1, n2};
            for (int s = 0; s < 2; s++) {
                double sum = 0, ss = 0;
                for (long i = 0; i < ns[s]; i++) {
                    x[i] = 0.3 + 1.7 * gauss(&rng);
                    sum += x[i];
                }
                double mu = sum / (double) ns[s];
                for (long i = 0; i < ns[s]; i++)
                    ss += (x[i] - mu) * (x[i] - mu);
                mv[s][0] = mu;
                mv[s][1] = ss / (double) (ns[s] - 1);
            }
            dmv_stat_gaussian_2sample(&tt, n1, mv[0][0], mv[0][1], n2, mv[1][0], mv[1][1], NULL);
            rm += tt.p_mean <= 0.05;
            rv += tt.p_var <= 0.05;
        }
        double mu = 0.05 * reps, sd = sqrt(reps * 0.05 * 0.95);
        DMV_CHECK(fabs(rm - mu) < 4.5 * sd && fabs(rv - mu) < 4.5 * sd,
                  "two-sample null: mean %ld var %ld of %ld", rm, rv, reps);
        printf("two-sample Gaussian null (n1=7, n2=12): %ld, %ld of %ld at 0.05\n", rm, rv, reps);
    }
    printf("worst log-tail error vs exact binomial sums: %.3g\n", worst);
    DMV_TEST_DONE("t-beta");
}
