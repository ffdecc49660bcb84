/* Two samplers compared on Gaussian moments, without a reference law.
 *
 * H0: both samples are iid from one Gaussian law N(m, v) (m, v unknown).
 * Then, exactly:
 *   t = (xbar1 - xbar2) / sqrt(sp2 (1/n1 + 1/n2)) ~ Student t(n1 + n2 - 2),
 *       sp2 = ((n1-1) s1^2 + (n2-1) s2^2)/(n1 + n2 - 2)   (pooled variance);
 *   f = s1^2 / s2^2 ~ F(n1 - 1, n2 - 1).
 * (H0 includes equal variances, so the pooled t law is exact under it.)
 * Two-sided p-values; their logs stay finite when the p-values underflow. */
#include <math.h>

#include "dmv/stats.h"
#include "stats_internal.h"

static const double LN2 = 0.693147180559945309417232121458;

int dmv_stat_gaussian_2sample(dmv_stat_gaussian_2sample_test *out, long n1, double mean1,
                              double var1, long n2, double mean2, double var2, dmv_error *err)
{
    if (!out)
        return dmv_error_set(err, DMV_EINVAL, "out is NULL");
    if (n1 < 2 || n2 < 2)
        return dmv_error_set(err, DMV_EINVAL, "n1 = %ld, n2 = %ld: need at least 2 samples each",
                             n1, n2);
    if (!isfinite(mean1) || !isfinite(mean2))
        return dmv_error_set(err, DMV_EINVAL, "sample means %g, %g: not finite", mean1, mean2);
    if (!isfinite(var1) || !isfinite(var2) || var1 < 0.0 || var2 < 0.0 ||
        (var1 == 0.0 && var2 == 0.0))
        return dmv_error_set(err, DMV_EINVAL,
                             "sample variances %g, %g: need finite, >= 0, not both 0", var1, var2);
    double a = (double) n1, b = (double) n2;
    double nu = a + b - 2.0;
    double sp2 = ((a - 1.0) * var1 + (b - 1.0) * var2) / nu;
    out->df_t = nu;
    out->t = (mean1 - mean2) / sqrt(sp2 * (1.0 / a + 1.0 / b));
    out->log_p_mean = dmv_stat_t_log_sf2(out->t, nu);
    out->p_mean = exp(out->log_p_mean);

    out->df1 = a - 1.0;
    out->df2 = b - 1.0;
    out->f = var2 == 0.0 ? INFINITY : var1 / var2;
    double lc, ls;
    dmv_stat_f_log_tails(out->f, out->df1, out->df2, &lc, &ls);
    double l = fmin(lc, ls) + LN2;
    out->log_p_var = l > 0.0 ? 0.0 : l;
    out->p_var = exp(out->log_p_var);
    if (!isfinite(out->t))
        return dmv_error_set(err, DMV_ENOTFINITE, "t statistic is not finite (t = %g)", out->t);
    return DMV_OK;
}
