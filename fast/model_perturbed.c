/* Perturbed models (docs/models.md s.7): a model plus a known score error.
 * 1. Gaussian-preserving affine error (docs/schemes.md s.3), per eigen-direction j:
 *      S'_j = -(1 + kappa_j)(y_j - alpha m'_j) / (lambda_s,j + alpha^2 dl_j),  m' = m + dm,
 *    whose denoiser D' = (y + sigma^2 S')/alpha is evaluated without the y + sigma^2 S' cancellation:
 *      D'_j = m'_j + c'_j (y_j - alpha m'_j),
 *      c'_j = (alpha (lambda_j + dl_j) - kappa_j sigma^2 / alpha) / (alpha^2 (lambda_j + dl_j) + sigma^2).
 *    With kappa = dl = dm = 0 this is the exact Gaussian denoiser.
 * 2. Generic: S' = S + e(x, s) from a callback, D' = D + (sigma^2/alpha) e. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fast_internal.h"

/* ---- 1. Gaussian-preserving affine error ---- */
typedef struct {
    long d;
    double *lam1;  /* lambda + dl */
    double *mean1; /* m + dm (eigenbasis) */
    double *kappa;
    double *U; /* NULL = identity */
} pg_state;

static void pg_clear(dmv_fast_model *m)
{
    pg_state *s = m->state;
    if (s != NULL) {
        free(s->lam1);
        free(s->mean1);
        free(s->kappa);
        free(s->U);
        free(s);
    }
    m->state = NULL;
}

static size_t pg_workspace_size(const dmv_fast_model *m, long n)
{
    (void) n;
    return (size_t) (3 * m->dim) * sizeof(double);
}

static int pg_denoise(const dmv_fast_model *m, const dmv_fast_eval *ev, long n, const double *x,
                      double *out, void *workspace, dmv_error *err)
{
    const double alpha = ev->alpha, sigma = ev->sigma;
    const pg_state *s = m->state;
    long d = s->d, r, i, j;
    double *c = workspace, *y = c + d, *z = y + d;
    double sigma2 = sigma * sigma;

    if (!isfinite(alpha) || !isfinite(sigma) || alpha < 0 || sigma < 0)
        return dmv_error_set(err, DMV_EDOM, "alpha = %g, sigma = %g: need finite alpha >= 0 and sigma >= 0", alpha, sigma);
    for (j = 0; j < d; j++) {
        double ls = alpha * alpha * s->lam1[j] + sigma2;
        double num;
        if (alpha == 0) {
            if (s->kappa[j] != 0 && sigma2 > 0)
                return dmv_error_set(err, DMV_EDOM, "alpha = 0, sigma = %g: kappa[%ld] sigma^2 / alpha is infinite",
                                     sigma, j);
            num = 0;
        } else {
            num = alpha * s->lam1[j] - s->kappa[j] * sigma2 / alpha;
        }
        c[j] = ls > 0 ? num / ls : 0.0;
    }
    for (r = 0; r < n; r++) {
        const double *xr = x + r * d;
        double *o = out + r * d;
        if (s->U == NULL) {
            for (j = 0; j < d; j++)
                o[j] = s->mean1[j] + c[j] * (xr[j] - alpha * s->mean1[j]);
        } else {
            const double *U = s->U;
            for (j = 0; j < d; j++)
                y[j] = 0;
            for (i = 0; i < d; i++)
                for (j = 0; j < d; j++)
                    y[j] += U[i * d + j] * xr[i];
            for (j = 0; j < d; j++)
                z[j] = s->mean1[j] + c[j] * (y[j] - alpha * s->mean1[j]);
            for (i = 0; i < d; i++) {
                double acc = 0;
                for (j = 0; j < d; j++)
                    acc += U[i * d + j] * z[j];
                o[i] = acc;
            }
        }
    }
    return DMV_OK;
}

int dmv_fast_model_perturbed_gaussian_init(dmv_fast_model *m, const dmv_gaussian *g, const double *kappa,
                                           const double *dl, const double *dm, dmv_error *err)
{
    pg_state *s;
    long d, i, j, l;
    if (m == NULL || g == NULL || g->lambda == NULL)
        return dmv_error_set(err, DMV_EINVAL, "perturbed Gaussian: model, gaussian or lambda is NULL");
    d = g->d;
    if (d < 1)
        return dmv_error_set(err, DMV_EINVAL, "perturbed Gaussian: d = %ld: must be >= 1", d);
    for (j = 0; j < d; j++) {
        double lam = g->lambda[j], k = kappa ? kappa[j] : 0, e = dl ? dl[j] : 0, mm = dm ? dm[j] : 0;
        double mu = g->mean ? g->mean[j] : 0;
        if (!isfinite(lam) || lam < 0)
            return dmv_error_set(err, DMV_EINVAL, "perturbed Gaussian: lambda[%ld] = %g: must be finite and >= 0", j,
                                 lam);
        if (!isfinite(mu))
            return dmv_error_set(err, DMV_EINVAL, "perturbed Gaussian: mean[%ld] = %g: must be finite", j, mu);
        if (!isfinite(k) || !(k > -1))
            return dmv_error_set(err, DMV_EINVAL, "perturbed Gaussian: kappa[%ld] = %g: must be finite and > -1", j, k);
        if (!isfinite(e) || !(lam + e >= 0))
            return dmv_error_set(err, DMV_EINVAL,
                                 "perturbed Gaussian: dl[%ld] = %g: lambda + dl = %g must be >= 0", j, e, lam + e);
        if (!isfinite(mm))
            return dmv_error_set(err, DMV_EINVAL, "perturbed Gaussian: dm[%ld] = %g: must be finite", j, mm);
    }
    if (g->basis != NULL)
        for (i = 0; i < d; i++)
            for (j = i; j < d; j++) {
                double acc = 0;
                for (l = 0; l < d; l++)
                    acc += g->basis[l * d + i] * g->basis[l * d + j];
                if (!(fabs(acc - (i == j ? 1.0 : 0.0)) <= 1e-10))
                    return dmv_error_set(err, DMV_EINVAL,
                                         "perturbed Gaussian: basis is not orthogonal: (U^T U)[%ld][%ld] = %.17g", i,
                                         j, acc);
            }
    s = calloc(1, sizeof *s);
    if (s == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "perturbed Gaussian: out of memory");
    dmv_fast_model_init(m, "perturbed Gaussian");
    m->state = s;
    m->clear = pg_clear;
    s->d = d;
    s->lam1 = malloc((size_t) d * sizeof(double));
    s->mean1 = malloc((size_t) d * sizeof(double));
    s->kappa = malloc((size_t) d * sizeof(double));
    if (g->basis != NULL)
        s->U = malloc((size_t) (d * d) * sizeof(double));
    if (s->lam1 == NULL || s->mean1 == NULL || s->kappa == NULL || (g->basis != NULL && s->U == NULL)) {
        pg_clear(m);
        return dmv_error_set(err, DMV_ENOMEM, "perturbed Gaussian: out of memory (d = %ld)", d);
    }
    for (j = 0; j < d; j++) {
        s->lam1[j] = g->lambda[j] + (dl ? dl[j] : 0);
        s->mean1[j] = (g->mean ? g->mean[j] : 0) + (dm ? dm[j] : 0);
        s->kappa[j] = kappa ? kappa[j] : 0;
    }
    if (g->basis != NULL)
        memcpy(s->U, g->basis, (size_t) (d * d) * sizeof(double));
    m->dim = d;
    m->denoise = pg_denoise;
    m->workspace_size = pg_workspace_size;
    return DMV_OK;
}

/* ---- 2. generic score error ---- */
typedef struct {
    const dmv_fast_model *base;
    dmv_fast_score_error_fn e;
    void *ctx;
} pe_state;

static void pe_clear(dmv_fast_model *m)
{
    free(m->state);
    m->state = NULL;
}

static size_t pe_round(size_t s)
{
    return (s + 63) / 64 * 64;
}

/* layout: [e buffer, n x dim doubles, rounded to 64 bytes][base workspace] */
static size_t pe_workspace_size(const dmv_fast_model *m, long n)
{
    const pe_state *s = m->state;
    size_t b = s->base->workspace_size ? s->base->workspace_size(s->base, n) : 0;
    return pe_round((size_t) n * (size_t) m->dim * sizeof(double)) + b;
}

static int pe_denoise(const dmv_fast_model *m, const dmv_fast_eval *ev, long n, const double *x,
                      double *out, void *workspace, dmv_error *err)
{
    const double alpha = ev->alpha, sigma = ev->sigma;
    const pe_state *s = m->state;
    double *e = workspace, c;
    void *sub = (char *) workspace + pe_round((size_t) n * (size_t) m->dim * sizeof(double));
    long i, len = n * m->dim;
    int rc;
    if (!isfinite(alpha) || !isfinite(sigma) || !(alpha > 0) || sigma < 0)
        return dmv_error_set(err, DMV_EDOM, "alpha = %g, sigma = %g: need finite alpha > 0 and sigma >= 0", alpha, sigma);
    rc = dmv_fast_model_denoise_part(s->base, "base", ev, n, x, out, sub, err);
    if (rc != DMV_OK)
        return rc;
    rc = s->e(s->ctx, alpha, sigma, n, m->dim, x, e);
    if (rc != DMV_OK)
        return dmv_error_set(err, rc, "the score error function failed (code %d) at alpha = %g, sigma = %g", rc, alpha,
                             sigma);
    c = sigma * sigma / alpha;
    for (i = 0; i < len; i++)
        out[i] += c * e[i];
    return DMV_OK;
}

int dmv_fast_model_perturbed_init(dmv_fast_model *m, const dmv_fast_model *base, dmv_fast_score_error_fn e,
                                  void *ctx, dmv_error *err)
{
    pe_state *s;
    if (m == NULL || base == NULL || e == NULL)
        return dmv_error_set(err, DMV_EINVAL, "perturbed model: model, base or error function is NULL");
    if (dmv_fast_model_check(base, err) != DMV_OK)
        return DMV_EINVAL;
    if (base->denoise == NULL)
        return dmv_error_set(err, DMV_EINVAL, "perturbed model: base has no denoiser");
    s = malloc(sizeof *s);
    if (s == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "perturbed model: out of memory");
    s->base = base;
    s->e = e;
    s->ctx = ctx;
    dmv_fast_model_init(m, "perturbed");
    m->dim = base->dim;
    m->denoise = pe_denoise;
    m->workspace_size = pe_workspace_size;
    m->clear = pe_clear;
    m->state = s;
    m->ulp_bounded = base->ulp_bounded;
    return DMV_OK;
}
