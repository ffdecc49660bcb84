/* Gaussian mixture sum_k w_k N(U_k m_k, U_k diag(lambda_k) U_k^T) (docs/models.md s.3).
 * Per row: log evidences L_k = log w_k - (1/2) sum_j [log lambda_s,kj + r_kj^2 / lambda_s,kj]
 * (r = U_k^T x - alpha m_k), responsibilities by log-sum-exp, D = sum_k resp_k D_k with
 * D_k = U_k [m_k + (alpha lambda_k / lambda_s,k) r_k]. Row by row: bit-exact per row. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"

typedef struct {
    long d, K;
    double *logw;   /* K, log of the normalised weights (-inf for w = 0) */
    double *lambda; /* K x d */
    double *mean;   /* K x d, eigenbasis coordinates */
    double **U;     /* K pointers, NULL = identity; else d x d row-major */
} mix_state;

static void mix_clear(dmv_fast_model *m)
{
    mix_state *s = m->state;
    if (s != NULL) {
        long k;
        if (s->U != NULL)
            for (k = 0; k < s->K; k++)
                free(s->U[k]);
        free(s->U);
        free(s->logw);
        free(s->lambda);
        free(s->mean);
        free(s);
    }
    m->state = NULL;
}

/* layout: c[K d], ils[K d], logdet[K], L[K], Dk[K d], y[d] */
static size_t mix_workspace_size(const dmv_fast_model *m, long n)
{
    const mix_state *s = m->state;
    (void) n;
    return (size_t) (3 * s->K * s->d + 2 * s->K + s->d) * sizeof(double);
}

static int mix_denoise(const dmv_fast_model *m, double alpha, double sigma, long n, const double *x,
                       double *out, void *workspace)
{
    const mix_state *s = m->state;
    long d = s->d, K = s->K, r, k, j, i;
    double *c = workspace, *ils = c + K * d, *logdet = ils + K * d, *L = logdet + K, *Dk = L + K,
           *y = Dk + K * d;
    double sigma2 = sigma * sigma;

    if (!isfinite(alpha) || !isfinite(sigma) || alpha < 0 || !(sigma > 0))
        return DMV_EDOM;
    for (k = 0; k < K; k++) {
        double ld = 0;
        for (j = 0; j < d; j++) {
            double lam = s->lambda[k * d + j];
            double ls = alpha * alpha * lam + sigma2;
            c[k * d + j] = alpha * lam / ls;
            ils[k * d + j] = 1.0 / ls;
            ld += log(ls);
        }
        logdet[k] = ld;
    }
    for (r = 0; r < n; r++) {
        const double *xr = x + r * d;
        double *o = out + r * d;
        double Lmax = -INFINITY, tot = 0;
        for (k = 0; k < K; k++) {
            const double *yk = xr, *mk = s->mean + k * d;
            double q = 0;
            if (s->logw[k] == -INFINITY) {
                L[k] = -INFINITY;
                continue;
            }
            if (s->U[k] != NULL) { /* y = U^T x */
                const double *U = s->U[k];
                for (j = 0; j < d; j++)
                    y[j] = 0;
                for (i = 0; i < d; i++) {
                    double xi = xr[i];
                    for (j = 0; j < d; j++)
                        y[j] += U[i * d + j] * xi;
                }
                yk = y;
            }
            for (j = 0; j < d; j++) {
                double res = yk[j] - alpha * mk[j];
                q += res * res * ils[k * d + j];
                y[j] = mk[j] + c[k * d + j] * res; /* eigen coordinates of D_k (yk no longer needed) */
            }
            if (s->U[k] != NULL) { /* D_k = U y */
                const double *U = s->U[k];
                for (i = 0; i < d; i++) {
                    double acc = 0;
                    for (j = 0; j < d; j++)
                        acc += U[i * d + j] * y[j];
                    Dk[k * d + i] = acc;
                }
            } else {
                memcpy(Dk + k * d, y, (size_t) d * sizeof *y);
            }
            L[k] = s->logw[k] - 0.5 * (logdet[k] + q);
            if (L[k] > Lmax)
                Lmax = L[k];
        }
        if (!isfinite(Lmax))
            return DMV_ENOTFINITE;
        for (j = 0; j < d; j++)
            o[j] = 0;
        for (k = 0; k < K; k++) {
            double p;
            if (L[k] == -INFINITY)
                continue;
            p = exp(L[k] - Lmax);
            tot += p;
            for (j = 0; j < d; j++)
                o[j] += p * Dk[k * d + j];
        }
        for (j = 0; j < d; j++)
            o[j] /= tot;
    }
    return DMV_OK;
}

int dmv_fast_model_mixture_eig_init(dmv_fast_model *m, long K, const double *w, const dmv_gaussian *comp,
                                    dmv_error *err)
{
    long d, k, i, j, l;
    double wsum = 0;
    mix_state *s;

    if (m == NULL || w == NULL || comp == NULL)
        return dmv_error_set(err, DMV_EINVAL, "Gaussian mixture: model, w or comp is NULL");
    if (K < 1)
        return dmv_error_set(err, DMV_EINVAL, "Gaussian mixture: K = %ld: must be >= 1", K);
    d = comp[0].d;
    if (d < 1)
        return dmv_error_set(err, DMV_EINVAL, "Gaussian mixture: comp[0].d = %ld: must be >= 1", d);
    for (k = 0; k < K; k++) {
        if (!isfinite(w[k]) || w[k] < 0)
            return dmv_error_set(err, DMV_EINVAL, "Gaussian mixture: w[%ld] = %g: must be finite and >= 0", k,
                                 w[k]);
        wsum += w[k];
        if (comp[k].d != d)
            return dmv_error_set(err, DMV_EINVAL, "Gaussian mixture: comp[%ld].d = %ld differs from comp[0].d = %ld",
                                 k, comp[k].d, d);
        if (comp[k].lambda == NULL)
            return dmv_error_set(err, DMV_EINVAL, "Gaussian mixture: comp[%ld].lambda is NULL", k);
        for (j = 0; j < d; j++) {
            if (!isfinite(comp[k].lambda[j]) || comp[k].lambda[j] < 0)
                return dmv_error_set(err, DMV_EINVAL,
                                     "Gaussian mixture: comp[%ld].lambda[%ld] = %g: must be finite and >= 0", k, j,
                                     comp[k].lambda[j]);
            if (comp[k].mean != NULL && !isfinite(comp[k].mean[j]))
                return dmv_error_set(err, DMV_EINVAL, "Gaussian mixture: comp[%ld].mean[%ld] = %g: must be finite",
                                     k, j, comp[k].mean[j]);
        }
        if (comp[k].basis != NULL) {
            const double *U = comp[k].basis;
            for (i = 0; i < d; i++)
                for (j = i; j < d; j++) {
                    double acc = 0;
                    for (l = 0; l < d; l++)
                        acc += U[l * d + i] * U[l * d + j];
                    if (!(fabs(acc - (i == j ? 1.0 : 0.0)) <= 1e-10))
                        return dmv_error_set(err, DMV_EINVAL,
                                             "Gaussian mixture: comp[%ld].basis is not orthogonal: (U^T U)[%ld][%ld] = %.17g",
                                             k, i, j, acc);
                }
        }
    }
    if (!(wsum > 0) || !isfinite(wsum))
        return dmv_error_set(err, DMV_EINVAL, "Gaussian mixture: sum of weights = %g: must be finite and > 0", wsum);
    s = calloc(1, sizeof *s);
    if (s == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "Gaussian mixture: out of memory");
    s->d = d;
    s->K = K;
    s->logw = malloc((size_t) K * sizeof(double));
    s->lambda = malloc((size_t) (K * d) * sizeof(double));
    s->mean = calloc((size_t) (K * d), sizeof(double));
    s->U = calloc((size_t) K, sizeof(double *));
    memset(m, 0, sizeof *m);
    m->state = s;
    m->clear = mix_clear;
    if (s->logw == NULL || s->lambda == NULL || s->mean == NULL || s->U == NULL) {
        mix_clear(m);
        return dmv_error_set(err, DMV_ENOMEM, "Gaussian mixture: out of memory (K = %ld, d = %ld)", K, d);
    }
    for (k = 0; k < K; k++) {
        s->logw[k] = (w[k] > 0) ? log(w[k] / wsum) : -INFINITY;
        memcpy(s->lambda + k * d, comp[k].lambda, (size_t) d * sizeof(double));
        if (comp[k].mean != NULL)
            memcpy(s->mean + k * d, comp[k].mean, (size_t) d * sizeof(double));
        if (comp[k].basis != NULL) {
            s->U[k] = malloc((size_t) (d * d) * sizeof(double));
            if (s->U[k] == NULL) {
                mix_clear(m);
                return dmv_error_set(err, DMV_ENOMEM, "Gaussian mixture: out of memory (d = %ld)", d);
            }
            memcpy(s->U[k], comp[k].basis, (size_t) (d * d) * sizeof(double));
        }
    }
    m->dim = d;
    m->denoise = mix_denoise;
    m->workspace_size = mix_workspace_size;
    return DMV_OK;
}

int dmv_fast_model_mixture_init(dmv_fast_model *m, long d, long K, const double *w, const double *mean,
                                const double *var, dmv_error *err)
{
    dmv_gaussian *comp;
    long k;
    int rc;
    if (d < 1)
        return dmv_error_set(err, DMV_EINVAL, "Gaussian mixture: d = %ld: must be >= 1", d);
    if (K < 1)
        return dmv_error_set(err, DMV_EINVAL, "Gaussian mixture: K = %ld: must be >= 1", K);
    if (var == NULL)
        return dmv_error_set(err, DMV_EINVAL, "Gaussian mixture: var is NULL");
    comp = malloc((size_t) K * sizeof *comp);
    if (comp == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "Gaussian mixture: out of memory");
    for (k = 0; k < K; k++) {
        comp[k].d = d;
        comp[k].lambda = var + k * d;
        comp[k].mean = mean ? mean + k * d : NULL;
        comp[k].basis = NULL;
    }
    rc = dmv_fast_model_mixture_eig_init(m, K, w, comp, err);
    free(comp);
    return rc;
}
