/* Dense Gaussian model N(U m, U diag(lambda) U^T): two GEMMs per call over the batch.
 * D(x) = U [ m + c .* (U^T x - alpha m) ],  c_j = alpha lambda_j / (alpha^2 lambda_j + sigma^2)
 * (docs/models.md s.2). ulp-bounded, not bit-exact: BLAS may block the product differently
 * for different batch shapes. */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"

typedef struct {
    long d;
    double *U;      /* d x d row-major, column j = eigenvector j */
    double *lambda; /* d */
    double *mean;   /* d, eigenbasis coordinates */
} dense_state;

static void dense_clear(dmv_fast_model *m)
{
    dense_state *s = m->state;
    if (s != NULL) {
        free(s->U);
        free(s->lambda);
        free(s->mean);
        free(s);
    }
    m->state = NULL;
}

static size_t dense_workspace_size(const dmv_fast_model *m, long n)
{
    return (size_t) n * (size_t) m->dim * sizeof(double);
}

static int dense_denoise(const dmv_fast_model *m, const dmv_fast_eval *ev, long n, const double *x,
                         double *out, void *workspace, dmv_error *err)
{
    const double alpha = ev->alpha, sigma = ev->sigma;
    const dense_state *s = m->state;
    long d = s->d, r, j;
    double *z = workspace;
    double sigma2 = sigma * sigma;

    if (!isfinite(alpha) || !isfinite(sigma) || alpha < 0 || sigma < 0)
        return dmv_error_set(err, DMV_EDOM, "alpha = %g, sigma = %g: need finite alpha >= 0 and sigma >= 0", alpha, sigma);
    if (n <= 0)
        return DMV_OK;
    /* z = x U: row r is (U^T x_r)^T, the eigenbasis coordinates */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) n, (int) d, (int) d, 1.0, x, (int) d,
                s->U, (int) d, 0.0, z, (int) d);
    for (j = 0; j < d; j++) {
        double ls = alpha * alpha * s->lambda[j] + sigma2;
        double c = ls > 0 ? alpha * s->lambda[j] / ls : 0.0;
        double mj = s->mean[j], am = alpha * mj;
        for (r = 0; r < n; r++)
            z[r * d + j] = mj + c * (z[r * d + j] - am);
    }
    /* out = z U^T */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int) n, (int) d, (int) d, 1.0, z, (int) d,
                s->U, (int) d, 0.0, out, (int) d);
    return DMV_OK;
}

/* Takes ownership of U, lambda, mean. */
static int dense_make(dmv_fast_model *m, long d, double *U, double *lambda, double *mean)
{
    dense_state *s = malloc(sizeof *s);
    if (s == NULL) {
        free(U);
        free(lambda);
        free(mean);
        return DMV_ENOMEM;
    }
    s->d = d;
    s->U = U;
    s->lambda = lambda;
    s->mean = mean;
    dmv_fast_model_init(m, "dense Gaussian");
    m->dim = d;
    m->denoise = dense_denoise;
    m->workspace_size = dense_workspace_size;
    m->clear = dense_clear;
    m->state = s;
    m->ulp_bounded = 1;
    return DMV_OK;
}

static int check_dim(long d, dmv_error *err)
{
    if (d < 1 || d > 1000000L)
        return dmv_error_set(err, DMV_EINVAL, "dense Gaussian: d = %ld: must be in [1, 1e6]", d);
    return DMV_OK;
}

int dmv_fast_model_dense_init(dmv_fast_model *m, const dmv_gaussian *g, dmv_error *err)
{
    long d, i, j, k;
    double *U, *lambda, *mean;

    if (m == NULL || g == NULL)
        return dmv_error_set(err, DMV_EINVAL, "dense Gaussian: model or gaussian is NULL");
    d = g->d;
    if (check_dim(d, err))
        return DMV_EINVAL;
    if (g->lambda == NULL)
        return dmv_error_set(err, DMV_EINVAL, "dense Gaussian: lambda is NULL");
    for (j = 0; j < d; j++) {
        if (!isfinite(g->lambda[j]) || g->lambda[j] < 0)
            return dmv_error_set(err, DMV_EINVAL, "dense Gaussian: lambda[%ld] = %g: must be finite and >= 0",
                                 j, g->lambda[j]);
        if (g->mean != NULL && !isfinite(g->mean[j]))
            return dmv_error_set(err, DMV_EINVAL, "dense Gaussian: mean[%ld] = %g: must be finite", j,
                                 g->mean[j]);
    }
    if (g->basis != NULL) {
        for (i = 0; i < d * d; i++)
            if (!isfinite(g->basis[i]))
                return dmv_error_set(err, DMV_EINVAL, "dense Gaussian: basis[%ld] = %g: must be finite", i,
                                     g->basis[i]);
        /* orthogonality: max |U^T U - I| <= 1e-10 */
        for (i = 0; i < d; i++)
            for (j = i; j < d; j++) {
                double acc = 0;
                for (k = 0; k < d; k++)
                    acc += g->basis[k * d + i] * g->basis[k * d + j];
                if (fabs(acc - (i == j ? 1.0 : 0.0)) > 1e-10)
                    return dmv_error_set(err, DMV_EINVAL,
                                         "dense Gaussian: basis is not orthogonal: (U^T U)[%ld][%ld] = %.17g",
                                         i, j, acc);
            }
    }
    U = malloc((size_t) d * (size_t) d * sizeof *U);
    lambda = malloc((size_t) d * sizeof *lambda);
    mean = calloc((size_t) d, sizeof *mean);
    if (U == NULL || lambda == NULL || mean == NULL) {
        free(U);
        free(lambda);
        free(mean);
        return dmv_error_set(err, DMV_ENOMEM, "dense Gaussian: out of memory (d = %ld)", d);
    }
    if (g->basis != NULL)
        memcpy(U, g->basis, (size_t) d * (size_t) d * sizeof *U);
    else
        for (i = 0; i < d; i++)
            for (j = 0; j < d; j++)
                U[i * d + j] = (i == j) ? 1.0 : 0.0;
    memcpy(lambda, g->lambda, (size_t) d * sizeof *lambda);
    if (g->mean != NULL)
        memcpy(mean, g->mean, (size_t) d * sizeof *mean);
    if (dense_make(m, d, U, lambda, mean))
        return dmv_error_set(err, DMV_ENOMEM, "dense Gaussian: out of memory");
    return DMV_OK;
}

int dmv_fast_model_dense_cov_init(dmv_fast_model *m, long d, const double *cov, const double *mu,
                                  dmv_error *err)
{
    long i, j;
    double *U, *lambda, *mean, emax = 0;
    lapack_int info;

    if (m == NULL || cov == NULL)
        return dmv_error_set(err, DMV_EINVAL, "dense Gaussian: model or cov is NULL");
    if (check_dim(d, err))
        return DMV_EINVAL;
    for (i = 0; i < d; i++)
        for (j = 0; j < d; j++) {
            double a = cov[i * d + j], b = cov[j * d + i];
            if (!isfinite(a))
                return dmv_error_set(err, DMV_EINVAL, "dense Gaussian: cov[%ld][%ld] = %g: must be finite", i,
                                     j, a);
            if (a != b)
                return dmv_error_set(err, DMV_EINVAL,
                                     "dense Gaussian: cov[%ld][%ld] = %.17g != cov[%ld][%ld] = %.17g: must be symmetric",
                                     i, j, a, j, i, b);
        }
    if (mu != NULL)
        for (j = 0; j < d; j++)
            if (!isfinite(mu[j]))
                return dmv_error_set(err, DMV_EINVAL, "dense Gaussian: mu[%ld] = %g: must be finite", j, mu[j]);
    U = malloc((size_t) d * (size_t) d * sizeof *U);
    lambda = malloc((size_t) d * sizeof *lambda);
    mean = calloc((size_t) d, sizeof *mean);
    if (U == NULL || lambda == NULL || mean == NULL) {
        free(U);
        free(lambda);
        free(mean);
        return dmv_error_set(err, DMV_ENOMEM, "dense Gaussian: out of memory (d = %ld)", d);
    }
    memcpy(U, cov, (size_t) d * (size_t) d * sizeof *U);
    info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int) d, U, (lapack_int) d, lambda);
    if (info != 0) {
        free(U);
        free(lambda);
        free(mean);
        return dmv_error_set(err, DMV_EINVAL, "dense Gaussian: LAPACKE_dsyevd failed (info = %d)", (int) info);
    }
    for (j = 0; j < d; j++)
        if (fabs(lambda[j]) > emax)
            emax = fabs(lambda[j]);
    for (j = 0; j < d; j++) {
        if (lambda[j] < 0) {
            if (lambda[j] < -1e-12 * emax) {
                double bad = lambda[j];
                free(U);
                free(lambda);
                free(mean);
                return dmv_error_set(err, DMV_EINVAL,
                                     "dense Gaussian: cov has eigenvalue %.17g < 0: not positive semi-definite",
                                     bad);
            }
            lambda[j] = 0;
        }
    }
    /* eigenvectors are the columns of U (row-major output); mean in eigen coordinates: U^T mu */
    if (mu != NULL)
        for (j = 0; j < d; j++) {
            double acc = 0;
            for (i = 0; i < d; i++)
                acc += U[i * d + j] * mu[i];
            mean[j] = acc;
        }
    if (dense_make(m, d, U, lambda, mean))
        return dmv_error_set(err, DMV_ENOMEM, "dense Gaussian: out of memory");
    return DMV_OK;
}

int dmv_fast_dct_basis(long d, double *U, dmv_error *err)
{
    long n, k;
    const double pi = 3.14159265358979323846;
    if (d < 1)
        return dmv_error_set(err, DMV_EINVAL, "DCT basis: d = %ld: must be >= 1", d);
    if (U == NULL)
        return dmv_error_set(err, DMV_EINVAL, "DCT basis: U is NULL");
    for (n = 0; n < d; n++)
        for (k = 0; k < d; k++) {
            /* angle pi q / (2d) with q = (2n+1) k, reduced exactly (integers) to [0, pi/4]
             * so that the rounding of pi and of the argument stays below 1 ulp */
            long q = ((2 * n + 1) * k) % (4 * d);
            double c = (k == 0) ? sqrt(1.0 / (double) d) : sqrt(2.0 / (double) d);
            double v, sgn = 1;
            if (q > 2 * d)
                q = 4 * d - q; /* cos is even, 2 pi periodic */
            if (q > d) {
                q = 2 * d - q; /* cos(pi - t) = -cos(t) */
                sgn = -1;
            }
            if (2 * q > d) /* cos(t) = sin(pi/2 - t) */
                v = sin(pi * (double) (d - q) / (double) (2 * d));
            else
                v = cos(pi * (double) q / (double) (2 * d));
            v *= sgn;
            U[n * d + k] = c * v;
        }
    return DMV_OK;
}
