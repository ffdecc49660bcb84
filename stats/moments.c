/* Exact tests of Gaussian moments, one direction and jointly over many.
 *
 * For x_1..x_n iid N(m, v): xbar ~ N(m, v/n) and (n-1) s2 / v ~ chi2(n-1),
 * independently (Cochran). These are the exact finite-sample laws, so the
 * p-values below are exactly uniform under the null (up to the accuracy of
 * the tail functions, ~1e-13 relative). Two-sided p-values:
 *   p_mean = 2 P(Z >= |z|),  p_var = min(1, 2 min(P(X <= c), P(X >= c))). */
#include <math.h>

#include "dmv/stats.h"
#include "stats_internal.h"

static const double LN2 = 0.693147180559945309417232121458;

static int check_level(double level, dmv_error *err)
{
    if (!(level > 0.0 && level < 1.0))
        return dmv_error_set(err, DMV_EINVAL, "level = %g is not in (0, 1)", level);
    return DMV_OK;
}

/* two-sided log p-value from the two log tails */
static double two_sided_log_p(double log_lo, double log_hi)
{
    double l = fmin(log_lo, log_hi) + LN2;
    return l > 0.0 ? 0.0 : l;
}

/* what depends only on (n, level): the critical values */
typedef struct {
    double zc, qlo_df, qhi_df;
} crit_values;

static void crit_init(crit_values *c, long n, double level)
{
    double df = (double) n - 1.0;
    c->zc = dmv_stat_normal_isf(0.5 * level);
    c->qlo_df = dmv_stat_chi2_quantile(0.5 * level, df) / df;
    c->qhi_df = dmv_stat_chi2_isf(0.5 * level, df) / df;
}

static int moments_core(dmv_stat_moment_test *out, long n, double sample_mean, double sample_var,
                        double m, double v, const crit_values *c, dmv_error *err)
{
    if (!isfinite(sample_mean))
        return dmv_error_set(err, DMV_EINVAL, "sample_mean = %g is not finite", sample_mean);
    if (!isfinite(sample_var) || sample_var < 0.0)
        return dmv_error_set(err, DMV_EINVAL, "sample_var = %g is not a finite number >= 0",
                             sample_var);
    if (!isfinite(m))
        return dmv_error_set(err, DMV_EINVAL, "m = %g is not finite", m);
    if (!isfinite(v) || !(v > 0.0))
        return dmv_error_set(err, DMV_EINVAL, "v = %g is not a finite number > 0", v);

    double nd = (double) n, df = nd - 1.0;
    double se = sqrt(v / nd);
    out->z_mean = (sample_mean - m) / se;
    out->log_p_mean = LN2 + dmv_stat_normal_log_sf(fabs(out->z_mean));
    if (out->log_p_mean > 0.0)
        out->log_p_mean = 0.0;
    out->p_mean = exp(out->log_p_mean);

    out->df = df;
    out->chi2 = df * (sample_var / v);
    double lp = 0.0, lq = 0.0;
    if (out->chi2 > 0.0)
        dmv_stat_gamma_log_tails(0.5 * df, 0.5 * out->chi2, &lp, &lq);
    else {
        lp = -INFINITY;
        lq = 0.0;
    }
    out->log_p_var = two_sided_log_p(lp, lq);
    out->p_var = exp(out->log_p_var);

    out->mean_lo = m - c->zc * se;
    out->mean_hi = m + c->zc * se;
    out->var_lo = v * c->qlo_df;
    out->var_hi = v * c->qhi_df;
    if (!isfinite(out->z_mean) || !isfinite(out->chi2))
        return dmv_error_set(err, DMV_ENOTFINITE,
                             "test statistic overflowed (z = %g, chi2 = %g; v = %g, n = %ld)",
                             out->z_mean, out->chi2, v, n);
    return DMV_OK;
}

int dmv_stat_gaussian_moments(dmv_stat_moment_test *out, long n, double sample_mean,
                              double sample_var, double m, double v, double level,
                              dmv_error *err)
{
    if (!out)
        return dmv_error_set(err, DMV_EINVAL, "out is NULL");
    if (n < 2)
        return dmv_error_set(err, DMV_EINVAL, "n = %ld: need at least 2 samples", n);
    int rc = check_level(level, err);
    if (rc)
        return rc;
    crit_values c;
    crit_init(&c, n, level);
    return moments_core(out, n, sample_mean, sample_var, m, v, &c, err);
}

/* Neumaier's compensated sum */
typedef struct { double s, c; } ksum;
static void ksum_add(ksum *k, double x)
{
    double t = k->s + x;
    if (fabs(k->s) >= fabs(x))
        k->c += (k->s - t) + x;
    else
        k->c += (x - t) + k->s;
    k->s = t;
}

int dmv_stat_gaussian_moments_joint(dmv_stat_joint_test *out, dmv_stat_moment_test *per,
                                    long d, long n, const double *sample_mean,
                                    const double *sample_var, const double *m,
                                    const double *v, double level, dmv_error *err)
{
    if (!out)
        return dmv_error_set(err, DMV_EINVAL, "out is NULL");
    if (d < 1)
        return dmv_error_set(err, DMV_EINVAL, "d = %ld: need at least one direction", d);
    if (!sample_mean || !sample_var || !m || !v)
        return dmv_error_set(err, DMV_EINVAL, "an input array is NULL");
    if (n < 2)
        return dmv_error_set(err, DMV_EINVAL, "n = %ld: need at least 2 samples", n);
    int rc0 = check_level(level, err);
    if (rc0)
        return rc0;
    crit_values cv;
    crit_init(&cv, n, level);
    ksum tm = {0, 0}, tv = {0, 0}, tf = {0, 0};
    for (long j = 0; j < d; j++) {
        dmv_stat_moment_test t;
        dmv_error e1;
        dmv_error_init(&e1);
        int rc = moments_core(&t, n, sample_mean[j], sample_var[j], m[j], v[j], &cv, &e1);
        if (rc)
            return dmv_error_set(err, rc, "direction %ld: %s", j, e1.msg);
        if (per)
            per[j] = t;
        ksum_add(&tm, t.z_mean * t.z_mean);
        ksum_add(&tv, t.chi2);
        ksum_add(&tf, -2.0 * t.log_p_var);
    }
    double nd = (double) n;
    out->d = d;
    out->n = n;
    out->t_mean = tm.s + tm.c;
    out->df_mean = (double) d;
    out->log_p_mean = dmv_stat_chi2_log_sf(out->t_mean, out->df_mean);
    out->p_mean = exp(out->log_p_mean);

    out->t_var = tv.s + tv.c;
    out->df_var = (double) d * (nd - 1.0);
    out->log_p_var = two_sided_log_p(dmv_stat_chi2_log_cdf(out->t_var, out->df_var),
                                     dmv_stat_chi2_log_sf(out->t_var, out->df_var));
    out->p_var = exp(out->log_p_var);

    out->fisher_var = tf.s + tf.c;
    out->df_fisher = 2.0 * (double) d;
    out->log_p_fisher = dmv_stat_chi2_log_sf(out->fisher_var, out->df_fisher);
    out->p_fisher = exp(out->log_p_fisher);
    return DMV_OK;
}
