/* stats/: honest statistics for the in-law checks.
 *
 * Exact finite-sample tests where they exist (Gaussian moments: normal and
 * chi-square laws; 1-D laws: Kolmogorov-Smirnov), Holm-Bonferroni over all
 * the checks of a run, and the smallest effect each check could detect.
 * See docs/statistics.md for the null law of every test and the accuracy of
 * every tail probability.
 *
 * Conventions: all p-values are two-sided unless a name says otherwise.
 * The distribution functions return NaN for NaN or invalid arguments (they
 * are pure functions, like libm); the tests return a dmv_error code. */
#ifndef DMV_STATS_H
#define DMV_STATS_H

#include "dmv/error.h"

/* ---- standard normal (stats/normal.c) ------------------------------------
 * sf/cdf: relative accuracy a few ulps in both tails, down to underflow
 * (z ~ 38.5); log_sf/log_cdf stay finite beyond that. quantile/isf: AS241
 * (Wichura 1988) plus Halley steps on the accurate log cdf, valid for
 * p in [DBL_TRUE_MIN, 1]. isf(q) = -quantile(q): use it for upper quantiles
 * (quantile(1 - q) would lose the digits of q). */
double dmv_stat_normal_sf(double z);       /* P(Z > z) */
double dmv_stat_normal_cdf(double z);      /* P(Z <= z) */
double dmv_stat_normal_log_sf(double z);   /* log P(Z > z), finite for all finite z */
double dmv_stat_normal_log_cdf(double z);
double dmv_stat_normal_quantile(double p); /* inverse cdf: P(Z <= x) = p */
double dmv_stat_normal_isf(double q);      /* inverse sf:  P(Z > x) = q */
/* CDF of N(mean, sd^2) in the callback form of dmv_stat_ks_1sample:
 * ctx points to double[2] = {mean, sd}, sd > 0 */
double dmv_stat_normal_cdf_cb(double x, void *ctx);

/* ---- chi-square (stats/chi2.c), via the regularized incomplete gamma -----
 * P(a, x) by its power series when x < a + 1, Q(a, x) by Legendre's continued
 * fraction otherwise; the prefactor x^a e^-x / Gamma(a+1) is computed from
 * Stirling's error term and the deviance bd0 (Loader 2000), so that it keeps
 * full relative accuracy for df up to 1e8 and beyond. Each tail is computed
 * directly (never 1 - the other tail when small): relative accuracy ~1e-13
 * in both tails down to underflow; log_sf/log_cdf below it. df > 0 real. */
double dmv_stat_chi2_sf(double x, double df);      /* P(X > x), X ~ chi2(df) */
double dmv_stat_chi2_cdf(double x, double df);     /* P(X <= x) */
double dmv_stat_chi2_log_sf(double x, double df);
double dmv_stat_chi2_log_cdf(double x, double df);
double dmv_stat_chi2_quantile(double p, double df); /* P(X <= x) = p */
double dmv_stat_chi2_isf(double q, double df);      /* P(X > x) = q */
/* Regularized incomplete gamma functions P(a,x) and Q(a,x) = 1 - P(a,x). */
double dmv_stat_gamma_p(double a, double x);
double dmv_stat_gamma_q(double a, double x);
double dmv_stat_gamma_log_p(double a, double x);
double dmv_stat_gamma_log_q(double a, double x);

/* ---- Gaussian moment tests (stats/moments.c) -----------------------------
 * One direction: n samples with sample mean xbar and unbiased sample variance
 * s2 against N(m, v). Exact null laws: z = (xbar - m)/sqrt(v/n) ~ N(0,1);
 * chi2 = (n-1) s2 / v ~ chi2(n-1); the two are independent. p_mean = P(|Z| >=
 * |z|), p_var = min(1, 2 min(P(X <= chi2), P(X >= chi2))). The acceptance
 * intervals are those of the same tests at two-sided level `level`
 * (unadjusted): the test with that level rejects iff the statistic is outside.
 * log_p_*: natural logs of the p-values (finite when the p-value underflows). */
typedef struct {
    double z_mean, p_mean, log_p_mean;
    double chi2, df, p_var, log_p_var;
    double mean_lo, mean_hi, var_lo, var_hi;
} dmv_stat_moment_test;

int dmv_stat_gaussian_moments(dmv_stat_moment_test *out, long n, double sample_mean,
                              double sample_var, double m, double v, double level,
                              dmv_error *err);

/* Joint test over d independent directions (e.g. the eigen-directions of a
 * Gaussian law: the coordinates in its eigenbasis are independent), all with
 * the same sample size n. Three statistics, each with an exact null law:
 *  - means:      T_m = sum_j z_j^2 ~ chi2(d); p = P(chi2(d) >= T_m) (one-sided:
 *                any mean error increases T_m);
 *  - total var:  T_v = sum_j (n-1) s2_j / v_j ~ chi2(d (n-1)); two-sided p
 *                (a common scale error of the variances);
 *  - Fisher var: F = -2 sum_j log p_var_j ~ chi2(2d) (p_var_j the two-sided
 *                per-direction p-values, exactly uniform under the null);
 *                one-sided p (variance errors of mixed signs).
 * Arrays of length d; a NULL out-array `per` is allowed, otherwise per[j] is
 * filled with direction j's single test at level `level`. */
typedef struct {
    long d, n;
    double t_mean, df_mean, p_mean, log_p_mean;
    double t_var, df_var, p_var, log_p_var;
    double fisher_var, df_fisher, p_fisher, log_p_fisher;
} dmv_stat_joint_test;

int dmv_stat_gaussian_moments_joint(dmv_stat_joint_test *out, dmv_stat_moment_test *per,
                                    long d, long n, const double *sample_mean,
                                    const double *sample_var, const double *m,
                                    const double *v, double level, dmv_error *err);

/* ---- Kolmogorov-Smirnov, one sample (stats/ks.c) -------------------------
 * D_n = sup |F_n - F| for a continuous F. P(D_n >= d):
 *  - d >= 1/2 (or p <= 1e-5 from the bound below): 2 P(D_n^+ >= d) from the
 *    exact Smirnov-Birnbaum-Tingey sum (all terms positive). For d >= 1/2
 *    this is exact; below, it is an upper bound whose relative excess is
 *    P(D+ >= d, D- >= d)/P(D >= d), about (p/2)^3 (checked in the tests);
 *  - otherwise, when the matrix is small enough (k = 2 ceil(n d) - 1 <=
 *    DMV_STAT_KS_KMAX): exact, Marsaglia-Tsang-Wang (2003) matrix power;
 *  - otherwise: the Smirnov upper bound again (a valid, conservative p-value).
 * `method` (may be NULL) receives one of DMV_STAT_KS_*. */
enum {
    DMV_STAT_KS_TRIVIAL = 0,     /* d <= 1/(2n) or d >= 1: p is 1 or 0 exactly */
    DMV_STAT_KS_EXACT_MTW = 1,   /* Marsaglia-Tsang-Wang, absolute error ~1e-14 */
    DMV_STAT_KS_EXACT_SMIRNOV = 2, /* d >= 1/2: 2 P(D+ >= d), exact */
    DMV_STAT_KS_BOUND_SMIRNOV = 3, /* 2 P(D+ >= d): upper bound (conservative) */
    DMV_STAT_KS2_EXACT = 4,      /* two-sample: exact lattice-path count */
    DMV_STAT_KS2_ASYMPTOTIC = 5  /* two-sample: Kolmogorov limit, Stephens' correction */
};
#define DMV_STAT_KS_KMAX 101

double dmv_stat_ks_sf(double d, long n);                 /* P(D_n >= d) */
double dmv_stat_ks_sf_method(double d, long n, int *method);
double dmv_stat_ks_cdf_mtw(double d, long n);            /* P(D_n < d), MTW; NaN if k > KMAX */
double dmv_stat_ks_plus_sf(double d, long n);            /* P(D_n^+ >= d), exact */
double dmv_stat_ks_isf(double q, long n);                /* smallest d with ks_sf(d, n) <= q */
double dmv_stat_kolmogorov_sf(double lambda);            /* limit law: P(K >= lambda) */

/* x (length n) is sorted in place; cdf(x, ctx) is the null CDF (continuous). */
int dmv_stat_ks_1sample(double *D, double *p, double *x, long n,
                        double (*cdf)(double x, void *ctx), void *ctx, dmv_error *err);

/* ---- Kolmogorov-Smirnov, two samples (stats/ks2.c) -----------------------
 * D = sup |F_n - G_m| = dnum/(n m) (computed in integers), both samples
 * sorted in place. p = P(D_{n,m} >= D) under H0 (one continuous law): exact
 * (the lattice-path walk of ks2.c, a sum of positive terms, so relative
 * accuracy in the tail) when its work ~ 2 D n m node visits is at most
 * DMV_STAT_KS2_EXACT_WORK; otherwise the Kolmogorov limit with Stephens'
 * (1970) correction lambda = (sqrt(ne) + 0.12 + 0.11/sqrt(ne)) D,
 * ne = nm/(n+m) (approximate; `method` says which). Ties between the two
 * samples make the exact p-value conservative. */
#define DMV_STAT_KS2_EXACT_WORK 2e8
double dmv_stat_ks2_sf(long dnum, long n, long m, int *method); /* P(D >= dnum/(n m)) */
int dmv_stat_ks_2sample(double *D, double *p, double *x, long n, double *y, long m,
                        dmv_error *err);
/* two-sample KS: any pair of continuous laws with sup|G1 - G2| >= this is
 * rejected with probability >= power: the level's critical value (exact when
 * cheap, *exact = 1; else Stephens' approximation) plus Massart's DKW values
 * at (1 - power)/2 for each sample. */
double dmv_stat_mde_ks2(long n, long m, double level, double power, int *exact);
int dmv_stat_ks_2sample_method(double *D, double *p, int *method, double *x, long n,
                               double *y, long m, dmv_error *err);

/* ---- incomplete beta, Student t, Fisher F (stats/betainc.c) --------------
 * I_x(a,b) with y = 1 - x given separately; each tail computed directly
 * (relative accuracy in both tails, prefactor by Loader's saddle point). */
int dmv_stat_beta_log_tails(double a, double b, double x, double y, double *lp, double *lq);
double dmv_stat_beta_inc(double a, double b, double x, double y, int upper); /* I_x or 1 - I_x */
double dmv_stat_t_sf2(double t, double nu);       /* P(|T| >= |t|), T ~ t(nu) */
double dmv_stat_t_log_sf2(double t, double nu);
int dmv_stat_f_log_tails(double f, double d1, double d2, double *lcdf, double *lsf);

/* ---- two samplers, Gaussian moments, no reference (stats/twosample.c) ----
 * H0: both samples iid from one N(m, v), m and v unknown. Exact laws:
 * pooled t ~ t(n1+n2-2) for the means, f = s1^2/s2^2 ~ F(n1-1, n2-1) for the
 * variances; two-sided p-values (and their logs). */
typedef struct {
    double t, df_t, p_mean, log_p_mean;
    double f, df1, df2, p_var, log_p_var;
} dmv_stat_gaussian_2sample_test;

int dmv_stat_gaussian_2sample(dmv_stat_gaussian_2sample_test *out, long n1, double mean1,
                              double var1, long n2, double mean2, double var2, dmv_error *err);

/* ---- Holm-Bonferroni (stats/holm.c) --------------------------------------
 * Step-down over n p-values at family-wise level alpha. rejected[i] = 1 iff
 * test i is rejected; thresholds[i] = alpha/(n - r) where r is the rank of
 * p[i] (0-based, ascending; tied p-values share the smallest rank of their
 * group, so the output does not depend on the order of ties). Either output
 * may be NULL. NaN p-values or p outside [0,1] are an error (DMV_EINVAL). */
int dmv_stat_holm(int *rejected, double *thresholds, const double *p, long n,
                  double alpha, dmv_error *err);
/* Holm-adjusted p-values: adj[i] <= alpha iff rejected at level alpha. */
int dmv_stat_holm_adjust(double *adj, const double *p, long n, dmv_error *err);

/* ---- minimum detectable effects (stats/mde.c) ----------------------------
 * The smallest effect that the two-sided test at `level` detects with
 * probability >= `power` (computed exactly from the alternative's law, by root
 * finding; NaN for invalid arguments). For a check run under Holm with K
 * checks, pass level = alpha/K (the strictest Holm threshold): the effect is
 * then detectable whatever the other p-values are. */
double dmv_stat_mde_mean(long n, double level, double power); /* |m'-m|/sqrt(v) */
/* relative variance error: up = r_up - 1 (r_up > 1), down = 1 - r_down (r_down < 1),
 * where the true variance is r v; returns min(up, down). Either pointer may be NULL. */
double dmv_stat_mde_var2(long n, double level, double power, double *up, double *down);
double dmv_stat_mde_var(long n, double level, double power);
/* the same for any chi-square variance statistic with df degrees of freedom,
 * e.g. the joint total-variance test: df = d (n - 1) (a common scale error) */
double dmv_stat_mde_var_df(double df, double level, double power, double *up, double *down);
/* joint means test over d directions: smallest sqrt(sum_j (m'_j-m_j)^2/v_j) */
double dmv_stat_mde_mean_joint(long d, long n, double level, double power);
/* KS one-sample: any continuous law G with sup|G - F| >= this is rejected with
 * probability >= power (a guaranteed bound: c_level + c_{1-power}). */
double dmv_stat_mde_ks(long n, double level, double power);
/* above this n, mde_ks uses Massart's DKW critical values (still guaranteed,
 * larger by O(n^-1/2) relative, O(1) cost instead of O(n) per evaluation) */
#define DMV_STAT_KS_MDE_DKW_N 100000L

#endif
