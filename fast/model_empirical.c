/* Empirical model: the noised law of (1/N) sum_i delta_{X_i} is sum_i (1/N) N(alpha X_i, sigma^2 I),
 * so D(x) = sum_i softmax_i(-|x - alpha X_i|^2 / (2 sigma^2)) X_i (docs/models.md s.5).
 * Squared distances are summed directly (not by the |x|^2 - 2 alpha x.X + alpha^2 |X|^2
 * expansion, which cancels when sigma is small); log-sum-exp softmax. Row by row: bit-exact. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"

typedef struct {
    long d, N;
    double *X; /* N x d */
} emp_state;

static void emp_clear(dmv_fast_model *m)
{
    emp_state *s = m->state;
    if (s != NULL) {
        free(s->X);
        free(s);
    }
    m->state = NULL;
}

static size_t emp_workspace_size(const dmv_fast_model *m, long n)
{
    const emp_state *s = m->state;
    (void) n;
    return (size_t) s->N * sizeof(double);
}

static int emp_denoise(const dmv_fast_model *m, double alpha, double sigma, long n, const double *x,
                       double *out, void *workspace)
{
    const emp_state *s = m->state;
    long d = s->d, N = s->N, r, i, j;
    double *L = workspace;
    double inv2s2;

    if (!isfinite(alpha) || !isfinite(sigma) || alpha < 0 || !(sigma > 0))
        return DMV_EDOM;
    inv2s2 = 0.5 / (sigma * sigma);
    for (r = 0; r < n; r++) {
        const double *xr = x + r * d;
        double *o = out + r * d;
        double Lmax = -INFINITY, tot = 0;
        for (i = 0; i < N; i++) {
            const double *Xi = s->X + i * d;
            double q = 0;
            for (j = 0; j < d; j++) {
                double e = xr[j] - alpha * Xi[j];
                q += e * e;
            }
            /* -q/(2 sigma^2): written as a product with 0.5/sigma^2 unless that overflows */
            L[i] = isfinite(inv2s2) ? -q * inv2s2 : -(q / (sigma * sigma)) * 0.5;
            if (L[i] > Lmax)
                Lmax = L[i];
        }
        if (!(Lmax > -INFINITY))
            return DMV_ENOTFINITE;
        for (j = 0; j < d; j++)
            o[j] = 0;
        for (i = 0; i < N; i++) {
            const double *Xi = s->X + i * d;
            double p = exp(L[i] - Lmax);
            if (p == 0)
                continue;
            tot += p;
            for (j = 0; j < d; j++)
                o[j] += p * Xi[j];
        }
        for (j = 0; j < d; j++)
            o[j] /= tot;
    }
    return DMV_OK;
}

int dmv_fast_model_empirical_init(dmv_fast_model *m, long d, long n_train, const double *X, dmv_error *err)
{
    emp_state *s;
    long i;
    if (m == NULL || X == NULL)
        return dmv_error_set(err, DMV_EINVAL, "empirical model: model or X is NULL");
    if (d < 1)
        return dmv_error_set(err, DMV_EINVAL, "empirical model: d = %ld: must be >= 1", d);
    if (n_train < 1)
        return dmv_error_set(err, DMV_EINVAL, "empirical model: n_train = %ld: must be >= 1", n_train);
    for (i = 0; i < n_train * d; i++)
        if (!isfinite(X[i]))
            return dmv_error_set(err, DMV_EINVAL, "empirical model: X[%ld][%ld] = %g: must be finite", i / d,
                                 i % d, X[i]);
    s = malloc(sizeof *s);
    if (s == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "empirical model: out of memory");
    s->X = malloc((size_t) (n_train * d) * sizeof(double));
    if (s->X == NULL) {
        free(s);
        return dmv_error_set(err, DMV_ENOMEM, "empirical model: out of memory (n_train = %ld, d = %ld)", n_train, d);
    }
    memcpy(s->X, X, (size_t) (n_train * d) * sizeof(double));
    s->d = d;
    s->N = n_train;
    memset(m, 0, sizeof *m);
    m->dim = d;
    m->denoise = emp_denoise;
    m->workspace_size = emp_workspace_size;
    m->clear = emp_clear;
    m->state = s;
    return DMV_OK;
}
