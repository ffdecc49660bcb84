/* The two flows of the figure claims (theorems/gd/gd_fig.h): the paper's Euler in t and an
 * accurate RK4 in the lambda-clock, over a fast model's denoiser. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gd_fig.h"

static int gdfig_work(const dmv_fast_model *m, long n, void **ws, double *buf[4], long nb, dmv_error *err)
{
    long i;
    size_t wsz = m->workspace_size ? m->workspace_size(m, n) : 0;
    *ws = wsz ? malloc(wsz) : NULL;
    for (i = 0; i < nb; i++)
        buf[i] = malloc((size_t) (n * m->dim) * sizeof(double));
    for (i = 0; i < nb; i++)
        if (buf[i] == NULL)
            break;
    if (i < nb || (wsz && *ws == NULL)) {
        for (i = 0; i < nb; i++)
            free(buf[i]);
        free(*ws);
        return dmv_error_set(err, DMV_ENOMEM, "gd flow: out of memory (%ld rows of dimension %ld)", n, m->dim);
    }
    return DMV_OK;
}

static void gdfig_moments(const double *x, long n, long d, double *mean, double *sd)
{
    double s = 0, q = 0, mu;
    long i;
    for (i = 0; i < n; i++)
        s += x[i * d];
    mu = s / (double) n;
    for (i = 0; i < n; i++)
        q += (x[i * d] - mu) * (x[i * d] - mu);
    *mean = mu;
    *sd = n > 1 ? sqrt(q / (double) (n - 1)) : 0.0;
}

int dmv_gdfig_euler(const dmv_fast_model *m, double T, long N, long n, double *x, double *mean, double *sd,
                    dmv_error *err)
{
    double *buf[4] = {NULL, NULL, NULL, NULL}, *D, h = T / (double) N;
    void *ws = NULL;
    long k, e, d = m->dim, len = n * m->dim;
    int rc;
    if (N < 1 || n < 1 || !(T > 0))
        return dmv_error_set(err, DMV_EINVAL, "gd Euler: N = %ld, n = %ld, T = %g: need N, n >= 1, T > 0", N, n, T);
    if ((rc = gdfig_work(m, n, &ws, buf, 1, err)) != DMV_OK)
        return rc;
    D = buf[0];
    for (k = 0; k < N; k++) {
        double t = T - h * (double) k, a = exp(-t), s2 = -expm1(-2 * t);
        if (mean != NULL)
            gdfig_moments(x, n, d, &mean[k], &sd[k]);
        if ((rc = dmv_fast_model_denoise(m, a, sqrt(s2), n, x, D, ws)) != DMV_OK) {
            rc = dmv_error_set(err, rc, "gd Euler: the denoiser failed at step %ld (t = %g)", k, t);
            goto done;
        }
        for (e = 0; e < len; e++)
            x[e] += h * (x[e] + (a * D[e] - x[e]) / s2);
    }
    if (mean != NULL)
        gdfig_moments(x, n, d, &mean[N], &sd[N]);
    rc = DMV_OK;
done:
    free(D);
    free(ws);
    return rc;
}

/* f = yh - D(alpha yh; alpha, sigma) at sh = e^lambda */
static int gdfig_rhs(const dmv_fast_model *m, double lambda, long n, const double *yh, double *f, double *xs,
                     void *ws)
{
    double sh = exp(lambda), a = 1 / sqrt(1 + sh * sh), s = sh * a;
    long e, len = n * m->dim;
    int rc;
    for (e = 0; e < len; e++)
        xs[e] = a * yh[e];
    if ((rc = dmv_fast_model_denoise(m, a, s, n, xs, f, ws)) != DMV_OK)
        return rc;
    for (e = 0; e < len; e++)
        f[e] = yh[e] - f[e];
    return DMV_OK;
}

int dmv_gdfig_lambda_rk4(const dmv_fast_model *m, double T, double sh_min, long M, long n, double *x,
                         double *peak, dmv_error *err)
{
    double *buf[4] = {NULL, NULL, NULL, NULL}, *k1, *k2, *y2, *xs, l0, l1, h, *acc = NULL;
    void *ws = NULL;
    long k, e, i, d = m->dim, len = n * m->dim;
    int rc;
    if (M < 1 || n < 1 || !(T > 0) || !(sh_min > 0))
        return dmv_error_set(err, DMV_EINVAL, "gd RK4: M = %ld, n = %ld, T = %g, sh_min = %g: need M, n >= 1, T, sh_min > 0",
                             M, n, T, sh_min);
    l0 = 0.5 * log(expm1(2 * T));
    l1 = log(sh_min);
    if (!(l1 < l0))
        return dmv_error_set(err, DMV_EINVAL, "gd RK4: sh_min = %g is not below sh(T) = %g", sh_min, exp(l0));
    if ((rc = gdfig_work(m, n, &ws, buf, 4, err)) != DMV_OK)
        return rc;
    k1 = buf[0];
    k2 = buf[1];
    y2 = buf[2];
    xs = buf[3];
    acc = malloc((size_t) len * sizeof *acc);
    if (acc == NULL) {
        rc = dmv_error_set(err, DMV_ENOMEM, "gd RK4: out of memory");
        goto done;
    }
    h = (l1 - l0) / (double) M;
    {
        double sh = exp(l0), inv_a = sqrt(1 + sh * sh);
        for (e = 0; e < len; e++)
            x[e] *= inv_a; /* yh = x / alpha */
    }
    if (peak != NULL)
        for (i = 0; i < n; i++)
            peak[i] = x[i * d] / sqrt(1 + exp(2 * l0));
    for (k = 0; k < M; k++) {
        double l = l0 + h * (double) k, ln = k + 1 == M ? l1 : l0 + h * (double) (k + 1), hk = ln - l;
        static const double c[3] = {0.5, 0.5, 1.0};
        int st;
        if ((rc = gdfig_rhs(m, l, n, x, k1, xs, ws)) != DMV_OK)
            goto fail;
        for (e = 0; e < len; e++)
            acc[e] = k1[e];
        for (st = 0; st < 3; st++) {
            for (e = 0; e < len; e++)
                y2[e] = x[e] + c[st] * hk * k1[e];
            if ((rc = gdfig_rhs(m, l + c[st] * hk, n, y2, k2, xs, ws)) != DMV_OK)
                goto fail;
            for (e = 0; e < len; e++) {
                acc[e] += (st == 2 ? 1.0 : 2.0) * k2[e];
                k1[e] = k2[e];
            }
        }
        for (e = 0; e < len; e++)
            x[e] += hk / 6 * acc[e];
        if (peak != NULL) {
            double a = 1 / sqrt(1 + exp(2 * ln));
            for (i = 0; i < n; i++)
                if (a * x[i * d] > peak[i])
                    peak[i] = a * x[i * d];
        }
    }
    rc = DMV_OK;
    goto done;
fail:
    rc = dmv_error_set(err, rc, "gd RK4: the denoiser failed at step %ld of %ld", k, M);
done:
    for (i = 0; i < 4; i++)
        free(buf[i]);
    free(acc);
    free(ws);
    return rc;
}
