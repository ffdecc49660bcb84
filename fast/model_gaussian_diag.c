/* Gaussian data N(m, diag(lambda)) in its eigenbasis (identity basis):
 * D(y, s) = m + (alpha lambda / lambda_s)(y - alpha m), lambda_s = alpha^2 lambda + sigma^2
 * (docs/schemes.md s.3). Element-wise, so a row's result never depends on the batch. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fast_internal.h"

typedef struct {
    double *lambda;
    double *mean; /* NULL: zero mean */
} diag_state;

static size_t diag_ws(const dmv_fast_model *m, long n)
{
    (void) n;
    return (size_t) m->dim * sizeof(double);
}

/* c[j] = alpha lambda_j / (alpha^2 lambda_j + sigma^2): shared with the fused paths of scheme.c */
void dmv_fast_gaussian_diag_coef(const dmv_fast_model *m, double alpha, double sigma, double *c)
{
    const diag_state *st = (const diag_state *) m->state;
    const double *lam = st->lambda;
    long j, d = m->dim;
    double a2 = alpha * alpha, s2 = sigma * sigma;
    for (j = 0; j < d; j++)
        c[j] = (alpha * lam[j]) / (a2 * lam[j] + s2);
}

static int diag_denoise(const dmv_fast_model *m, const dmv_fast_eval *ev, long n, const double *x,
                        double *out, void *workspace, dmv_error *err)
{
    const double alpha = ev->alpha, sigma = ev->sigma;
    const diag_state *st = (const diag_state *) m->state;
    long d = m->dim, r, j;
    double *c = (double *) workspace;
    (void) err;
    dmv_fast_gaussian_diag_coef(m, alpha, sigma, c);
    if (st->mean == NULL) {
        for (r = 0; r < n; r++) {
            const double *xr = x + r * d;
            double *o = out + r * d;
            for (j = 0; j < d; j++)
                o[j] = c[j] * xr[j];
        }
    } else {
        const double *mu = st->mean;
        for (r = 0; r < n; r++) {
            const double *xr = x + r * d;
            double *o = out + r * d;
            for (j = 0; j < d; j++)
                o[j] = mu[j] + c[j] * (xr[j] - alpha * mu[j]);
        }
    }
    return DMV_OK;
}

static void diag_clear(dmv_fast_model *m);

int dmv_fast_gaussian_diag_params(const dmv_fast_model *m, const double **mean)
{
    if (m->denoise != diag_denoise)
        return 0;
    *mean = ((const diag_state *) m->state)->mean;
    return 1;
}

const double *dmv_fast_gaussian_diag_lambda(const dmv_fast_model *m)
{
    return ((const diag_state *) m->state)->lambda;
}

static void diag_clear(dmv_fast_model *m)
{
    diag_state *st = (diag_state *) m->state;
    if (st) {
        free(st->lambda);
        free(st->mean);
        free(st);
    }
    m->state = NULL;
}

int dmv_fast_model_gaussian_diag_init(dmv_fast_model *m, const dmv_gaussian *g, dmv_error *err)
{
    diag_state *st;
    long j;
    dmv_fast_model_init(m, "Gaussian (diagonal)");
    if (g == NULL || g->d < 1 || g->lambda == NULL)
        return dmv_error_set(err, DMV_EINVAL, "gaussian: d = %ld and lambda %s: need d >= 1 and eigenvalues",
                             g ? g->d : 0L, g && g->lambda ? "given" : "missing");
    if (g->basis != NULL)
        return dmv_error_set(err, DMV_EINVAL,
                             "gaussian: basis is not NULL; the diagonal model needs the identity basis "
                             "(use the dense model for a rotated covariance)");
    for (j = 0; j < g->d; j++)
        if (!(g->lambda[j] >= 0) || g->lambda[j] == HUGE_VAL)
            return dmv_error_set(err, DMV_EINVAL, "gaussian: lambda[%ld] = %g: need a finite value >= 0", j,
                                 g->lambda[j]);
    st = (diag_state *) calloc(1, sizeof *st);
    if (st == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "gaussian: out of memory");
    st->lambda = (double *) malloc((size_t) g->d * sizeof(double));
    if (g->mean)
        st->mean = (double *) malloc((size_t) g->d * sizeof(double));
    if (st->lambda == NULL || (g->mean && st->mean == NULL)) {
        free(st->lambda);
        free(st->mean);
        free(st);
        return dmv_error_set(err, DMV_ENOMEM, "gaussian: out of memory for d = %ld", g->d);
    }
    memcpy(st->lambda, g->lambda, (size_t) g->d * sizeof(double));
    if (g->mean)
        memcpy(st->mean, g->mean, (size_t) g->d * sizeof(double));
    m->dim = g->d;
    m->denoise = diag_denoise;
    m->workspace_size = diag_ws;
    m->clear = diag_clear;
    m->state = st;
    return DMV_OK;
}
