/* The empirical-optimal denoiser, noise prediction and score at one point (include/dmv/fast_empirical.h,
 * docs/math/memorization.md). Two passes as the empirical model (fast/model_empirical.c): plain
 * squared distances select the points whose weight can exceed e^-50 of the largest, whose exponents
 * are then formed in double-double; log-sum-exp softmax; the sums of w_i X_i and of
 * w_i (x - alpha X_i) in one loop. */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "dmv/fast_empirical.h"
#include "empirical_internal.h"

int dmv_fast_empirical_eval(double *D, double *eps, double *score, double *w, long d, long N, const double *X,
                            double alpha, double sigma, const double *x, dmv_error *err)
{
    double *Lb, *Ls, D1, D2, qmin = INFINITY, cut, tot = 0, tolq = 2 * (double) (d + 2) * DBL_EPSILON;
    double *accD, *accE, Lmb, Lms;
    long i, j, imax = -1;
    int rc = DMV_OK;
    if (X == NULL || x == NULL)
        return dmv_error_set(err, DMV_EINVAL, "empirical eval: X or x is NULL");
    if (d < 1 || N < 1)
        return dmv_error_set(err, DMV_EINVAL, "empirical eval: d = %ld, N = %ld: both must be >= 1", d, N);
    if (!isfinite(alpha) || !isfinite(sigma) || alpha < 0 || !(sigma > 0))
        return dmv_error_set(err, DMV_EDOM, "empirical eval: alpha = %g, sigma = %g: need finite alpha >= 0 and "
                             "sigma > 0", alpha, sigma);
    dmv_fast_empirical_temperature(sigma, &D1, &D2);
    if (!(D1 >= 0x1p-1000) || !isfinite(D1))
        return dmv_error_set(err, DMV_EDOM, "empirical eval: sigma = %g: 2 sigma^2 must stay normal", sigma);
    Lb = malloc((size_t) (2 * N + 2 * d) * sizeof *Lb);
    if (Lb == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "empirical eval: out of memory (N = %ld)", N);
    Ls = Lb + N;
    accD = Ls + N;
    accE = accD + d;
    for (i = 0; i < N; i++) {
        double q = 0;
        for (j = 0; j < d; j++) {
            double e = x[j] - alpha * X[i * d + j];
            q += e * e;
        }
        Lb[i] = q;
        if (q < qmin)
            qmin = q;
    }
    cut = qmin * (1 + tolq) + 50 * D1;
    for (i = 0; i < N; i++) {
        if (Lb[i] * (1 - tolq) <= cut) {
            dmv_fast_empirical_exponent(x, X + i * d, d, alpha, D1, D2, &Lb[i], &Ls[i]);
            if (imax < 0 || Lb[i] + Ls[i] > Lb[imax] + Ls[imax])
                imax = i;
        } else {
            Lb[i] = -INFINITY;
            Ls[i] = 0;
        }
    }
    if (imax < 0 || !isfinite(Lb[imax])) {
        rc = dmv_error_set(err, DMV_ENOTFINITE, "empirical eval: no finite exponent (x not finite?)");
        goto done;
    }
    for (j = 0; j < d; j++)
        accD[j] = accE[j] = 0;
    Lmb = Lb[imax];
    Lms = Ls[imax];
    for (i = 0; i < N; i++) {
        double p = Lb[i] == -INFINITY ? 0.0 : exp((Lb[i] - Lmb) + (Ls[i] - Lms));
        Lb[i] = p; /* keep the unnormalised weight */
        if (p == 0)
            continue;
        tot += p;
        for (j = 0; j < d; j++) {
            double a = alpha * X[i * d + j], ea = fma(alpha, X[i * d + j], -a);
            accD[j] += p * X[i * d + j];
            accE[j] += p * ((x[j] - a) - ea);
        }
    }
    for (j = 0; j < d; j++) {
        double e = accE[j] / tot / sigma;
        if (D != NULL)
            D[j] = accD[j] / tot;
        if (eps != NULL)
            eps[j] = e;
        if (score != NULL)
            score[j] = -(accE[j] / tot) / sigma / sigma;
    }
    if (w != NULL)
        for (i = 0; i < N; i++)
            w[i] = Lb[i] / tot;
done:
    free(Lb);
    return rc;
}
