/* Gaussian mixture sum_k w_k N(U_k m_k, U_k diag(lambda_k) U_k^T) (docs/models.md s.3).
 * Per row: log evidences L_k = log w_k - (1/2) sum_j [log lambda_s,kj + r_kj^2 / lambda_s,kj]
 * (r = U_k^T x - alpha m_k), responsibilities by log-sum-exp, D = sum_k resp_k D_k with
 * D_k = U_k [m_k + (alpha lambda_k / lambda_s,k) r_k]. The quadratic form sum r^2/lambda_s is
 * accumulated in double-double (fma splits, two-sums, exact division remainders) and kept as
 * big + small, so components competing from far out get their responsibilities to ~eps
 * instead of eps * r^2/lambda_s. Row by row: bit-exact per row. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#ifdef DMV_FAULT_INJECTION
#include "fast_internal.h" /* dmv_fast_fault (fast/fault.c) */
#endif

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

/* layout: c[K d], lsh[K d], lsl[K d], logdet[K], Lb[K], Ls[K], Dk[K d], y[d], yl[d] */
static size_t mix_workspace_size(const dmv_fast_model *m, long n)
{
    const mix_state *s = m->state;
    (void) n;
    return (size_t) (4 * s->K * s->d + 3 * s->K + 2 * s->d) * sizeof(double);
}

static int mix_denoise(const dmv_fast_model *m, const dmv_fast_eval *ev, long n, const double *x,
                       double *out, void *workspace, dmv_error *err)
{
    const double alpha = ev->alpha, sigma = ev->sigma;
    const mix_state *s = m->state;
    long d = s->d, K = s->K, r, k, j, i;
    double *c = workspace, *lsh = c + K * d, *lsl = lsh + K * d, *logdet = lsl + K * d, *Lb = logdet + K,
           *Ls = Lb + K, *Dk = Ls + K, *y = Dk + K * d, *yl = y + d;
    double s2h, s2l, a2h, a2l;

    if (!isfinite(alpha) || !isfinite(sigma) || alpha < 0 || !(sigma > 0))
        return dmv_error_set(err, DMV_EDOM, "alpha = %g, sigma = %g: need finite alpha >= 0 and sigma > 0", alpha, sigma);
    /* lambda_s = alpha^2 lambda + sigma^2 as a double-double lsh + lsl (fma splits, two-sum) */
    s2h = sigma * sigma;
    s2l = fma(sigma, sigma, -s2h);
    a2h = alpha * alpha;
    a2l = fma(alpha, alpha, -a2h);
    if (!(s2h >= 0x1p-1000))
        return dmv_error_set(err, DMV_EDOM, "sigma = %g: need sigma > 1e-150 (the split of sigma^2 loses its low part)",
                             sigma);
    for (k = 0; k < K; k++) {
        double ld = 0;
        for (j = 0; j < d; j++) {
            double lam = s->lambda[k * d + j];
            double ph = a2h * lam, pl = fma(a2h, lam, -ph) + a2l * lam;
            double t = ph + s2h, bb = t - ph, et = (ph - (t - bb)) + (s2h - bb);
            lsh[k * d + j] = t;
            lsl[k * d + j] = et + pl + s2l;
            c[k * d + j] = alpha * lam / t;
#ifdef DMV_FAULT_INJECTION
            if (k == 0 && j == 0 && !isnan(dmv_fast_fault("mixture_coef", NULL)))
                c[0] *= 1 + dmv_fast_fault("mixture_coef", NULL);
#endif
            ld += log(t);
        }
        logdet[k] = ld;
    }
    for (r = 0; r < n; r++) {
        const double *xr = x + r * d;
        double *o = out + r * d;
        double Lmax = -INFINITY, tot = 0;
        long kmax = -1;
        for (k = 0; k < K; k++) {
            const double *yk = xr, *mk = s->mean + k * d;
            double Qh = 0, Ql = 0;
            if (s->logw[k] == -INFINITY)
                continue;
            for (j = 0; j < d; j++)
                yl[j] = 0;
            if (s->U[k] != NULL) { /* y = U^T x as y + yl (Dot2: fma products, two-sums) */
                const double *U = s->U[k];
                for (j = 0; j < d; j++)
                    y[j] = 0;
                for (i = 0; i < d; i++) {
                    double xi = xr[i];
                    for (j = 0; j < d; j++) {
                        double ph = U[i * d + j] * xi, pl = fma(U[i * d + j], xi, -ph);
                        double t = y[j] + ph, bb = t - y[j], et = (y[j] - (t - bb)) + (ph - bb);
                        y[j] = t;
                        yl[j] += et + pl;
                    }
                }
                yk = y;
            }
            for (j = 0; j < d; j++) {
                /* residual r = y - alpha m as rh + rl; q_j = r^2 / lambda_s as th + tl; Q += q_j */
                double pm = alpha * mk[j], epm = fma(alpha, mk[j], -pm);
                double rh = yk[j] - pm, bb = rh - yk[j], rl = ((yk[j] - (rh - bb)) + (-pm - bb)) - epm + yl[j];
                double sq = rh * rh, nl = fma(rh, rh, -sq) + 2 * rh * rl;
                double L1 = lsh[k * d + j], L2 = lsl[k * d + j];
                double th = sq / L1, tl = (fma(-th, L1, sq) + nl - th * L2) / L1;
                double u = Qh + th, b2 = u - Qh, eu = (Qh - (u - b2)) + (th - b2);
                Qh = u;
                Ql += eu + tl;
                y[j] = mk[j] + c[k * d + j] * rh; /* eigen coordinates of D_k (yk[j] no longer needed) */
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
            /* L_k = log w_k - (logdet_k + Q)/2 as big + small; big = -Qh/2 is exact */
            Lb[k] = -0.5 * Qh;
            Ls[k] = s->logw[k] - 0.5 * (logdet[k] + Ql);
            if (Lb[k] + Ls[k] > Lmax) {
                Lmax = Lb[k] + Ls[k];
                kmax = k;
            }
        }
        if (kmax < 0 || !isfinite(Lmax))
            return DMV_ENOTFINITE;
        for (j = 0; j < d; j++)
            o[j] = 0;
        for (k = 0; k < K; k++) {
            double p;
            if (s->logw[k] == -INFINITY)
                continue;
            /* Lb_k - Lb_max is exact when the weight matters (Sterbenz) */
            p = exp((Lb[k] - Lb[kmax]) + (Ls[k] - Ls[kmax]));
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
    dmv_fast_model_init(m, "Gaussian mixture");
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
