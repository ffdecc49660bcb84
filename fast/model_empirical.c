/* Empirical model: the noised law of (1/N) sum_i delta_{X_i} is sum_i (1/N) N(alpha X_i, sigma^2 I),
 * so D(x) = sum_i softmax_i(-|x - alpha X_i|^2 / (2 sigma^2)) X_i (docs/models.md s.5).
 * Squared distances are summed directly (not by the |x|^2 - 2 alpha x.X + alpha^2 |X|^2
 * expansion, which cancels when sigma is small), in double-double, and the exponent is kept as
 * big + small so that training points competing from far out get their weights to ~eps
 * (only for the points whose weight can exceed e^-50 of the largest, found by a plain pass);
 * log-sum-exp softmax. Row by row: bit-exact.
 * dmv_fast_model_empirical_gemm_init (below) is the variant for large training sets. */
#include <cblas.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "empirical_internal.h" /* exponent, temperature (and the fault hooks) */

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

/* layout: Lb[N], Ls[N] */
static size_t emp_workspace_size(const dmv_fast_model *m, long n)
{
    const emp_state *s = m->state;
    (void) n;
    return (size_t) (2 * s->N) * sizeof(double);
}

static int emp_denoise(const dmv_fast_model *m, const dmv_fast_eval *ev, long n, const double *x,
                       double *out, void *workspace, dmv_error *err)
{
    const double alpha = ev->alpha, sigma = ev->sigma;
    const emp_state *s = m->state;
    long d = s->d, N = s->N, r, i, j;
    double *Lb = workspace, *Ls = Lb + N;
    double D1, D2, tolq = 2 * (double) (d + 2) * DBL_EPSILON;

    if (!isfinite(alpha) || !isfinite(sigma) || alpha < 0 || !(sigma > 0))
        return dmv_error_set(err, DMV_EDOM, "alpha = %g, sigma = %g: need finite alpha >= 0 and sigma > 0", alpha, sigma);
    dmv_fast_empirical_temperature(sigma, &D1, &D2);
    if (!(D1 >= 0x1p-1000) || !isfinite(D1))
        return dmv_error_set(err, DMV_EDOM, "sigma = %g: need 1e-150 < sigma < 1e154 (2 sigma^2 must stay normal)",
                             sigma);
    for (r = 0; r < n; r++) {
        const double *xr = x + r * d;
        double *o = out + r * d;
        double Lmax = -INFINITY, tot = 0, qmin = INFINITY, cut;
        long imax = -1;
        /* pass 1: plain squared distances (relative error <= (d + 2) eps) */
        for (i = 0; i < N; i++) {
            const double *Xi = s->X + i * d;
            double q = 0;
            for (j = 0; j < d; j++) {
                double e = xr[j] - alpha * Xi[j];
                q += e * e;
            }
            Lb[i] = q;
            if (q < qmin)
                qmin = q;
        }
        /* pass 2: double-double exponents for the points whose weight can exceed e^-50 times the
         * largest (q_i - q_min < 100 sigma^2, with the pass-1 error bound on both sides); the
         * others are dropped (relative contribution < N e^-50) */
        cut = qmin * (1 + tolq) + 50 * D1;
        for (i = 0; i < N; i++) {
            if (Lb[i] * (1 - tolq) <= cut) {
                dmv_fast_empirical_exponent(xr, s->X + i * d, d, alpha, D1, D2, &Lb[i], &Ls[i]);
                if (Lb[i] + Ls[i] > Lmax) {
                    Lmax = Lb[i] + Ls[i];
                    imax = i;
                }
            } else {
                Lb[i] = -INFINITY;
                Ls[i] = 0;
            }
        }
        if (imax < 0 || !isfinite(Lmax))
            return DMV_ENOTFINITE;
        for (j = 0; j < d; j++)
            o[j] = 0;
        for (i = 0; i < N; i++) {
            const double *Xi = s->X + i * d;
            double p;
            if (Lb[i] == -INFINITY)
                continue;
            /* Lb_i - Lb_max is exact whenever the weight matters (Sterbenz) */
            p = exp((Lb[i] - Lb[imax]) + (Ls[i] - Ls[imax]));
#ifdef DMV_FAULT_INJECTION
            if (i == 0 && !isnan(dmv_fast_fault("empirical_softmax", NULL)))
                p *= 1 + dmv_fast_fault("empirical_softmax", NULL);
#endif
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
    dmv_fast_model_init(m, "empirical");
    m->dim = d;
    m->denoise = emp_denoise;
    m->workspace_size = emp_workspace_size;
    m->clear = emp_clear;
    m->state = s;
    return DMV_OK;
}

/* ---- GEMM variant, for large training sets ------------------------------------------------
 * One cblas_dgemm per call gives the cross terms G = x X^T of the whole batch, and
 * q~_i = |x|^2 - 2 alpha x.X_i + alpha^2 |X_i|^2 with the error bound
 * B_i = (d + 4) eps (|x| + alpha |X_i|)^2 (dot-product bound, doubled). Then, per row:
 *   - if B_i / (2 sigma^2) <= 1e-15 (the exponent's absolute error is negligible), or
 *     B_i <= 4 (d + 4) eps q~_i (the GEMM error is within a factor 4 of the direct sum's own error
 *     bound, the usual case at large sigma in high dimension) and B_i / (2 sigma^2) <= 1e-8, the
 *     exponent from q~_i is kept (weights then carry a relative error <= 1e-8; without the 1e-8 cap
 *     exponent errors of 1e-3 went through at tiny sigma near Voronoi boundaries: ym.pathwise);
 *   - otherwise point i is a candidate only if q~_i - B_i <= min_k (q~_k + B_k) + 100 sigma^2
 *     (else its weight is below e^-50 relative to the largest: dropped), and candidates get
 *     their squared distance summed directly in double-double, as in the direct model.
 * The kept GEMM exponents carry an absolute error <= B_i / (2 sigma^2).
 * A second cblas_dgemm forms the weighted sums P X of the batch (P = the unnormalised weights), or,
 * when fewer than 1/8 of the weights are non-zero, one axpy per non-zero weight (half the work of
 * the GEMM path saved in the usual regime of high dimension: bench/empirical.c).
 * So small sigma (few candidates) and large sigma (no recomputation) are both fast and
 * accurate. The GEMM's blocking depends on the batch shape: ulp-bounded, not bit-exact. */
typedef struct {
    long d, N;
    double *X;      /* N x d */
    double *norm2;  /* N: |X_i|^2 */
    double *norm;   /* N: |X_i| */
} empg_state;

static void empg_clear(dmv_fast_model *m)
{
    empg_state *s = m->state;
    if (s != NULL) {
        free(s->X);
        free(s->norm2);
        free(s->norm);
        free(s);
    }
    m->state = NULL;
}

/* layout: G[n N] (cross terms, then weights), L[N], Ls[N], T[n] (total weight per row) */
static size_t empg_workspace_size(const dmv_fast_model *m, long n)
{
    const empg_state *s = m->state;
    return ((size_t) n * (size_t) s->N + 2 * (size_t) s->N + (size_t) n) * sizeof(double);
}

static int empg_denoise(const dmv_fast_model *m, const dmv_fast_eval *ev, long n, const double *x,
                        double *out, void *workspace, dmv_error *err)
{
    const double alpha = ev->alpha, sigma = ev->sigma;
    const empg_state *s = m->state;
    long d = s->d, N = s->N, r, i, j;
    double *G = workspace, *L = G + n * N, *Ls = L + N, *T = Ls + N;
    double s2, inv2s2, D1, D2, cB = (double) (d + 4) * DBL_EPSILON;
    long nnz = 0;

    if (!isfinite(alpha) || !isfinite(sigma) || alpha < 0 || !(sigma > 0))
        return dmv_error_set(err, DMV_EDOM, "alpha = %g, sigma = %g: need finite alpha >= 0 and sigma > 0", alpha, sigma);
    if (n <= 0)
        return DMV_OK;
    s2 = sigma * sigma;
    dmv_fast_empirical_temperature(sigma, &D1, &D2);
    inv2s2 = 1 / D1;
    if (!(D1 >= 0x1p-1000) || !isfinite(D1))
        return dmv_error_set(err, DMV_EDOM, "sigma = %g: need 1e-150 < sigma < 1e154 (2 sigma^2 must stay normal)",
                             sigma);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int) n, (int) N, (int) d, 1.0, x, (int) d, s->X, (int) d,
                0.0, G, (int) N);
    for (r = 0; r < n; r++) {
        const double *xr = x + r * d;
        double *Gr = G + r * N;
        double xn2 = 0, xn, qmin_up = INFINITY, Lmax = -INFINITY, tot = 0;
        long imax = -1;
        for (j = 0; j < d; j++)
            xn2 += xr[j] * xr[j];
        xn = sqrt(xn2);
        /* pass 1: approximate distances (overwrite G) and the smallest upper bound */
        for (i = 0; i < N; i++) {
            double qt = xn2 - 2 * alpha * Gr[i] + alpha * alpha * s->norm2[i];
            double t = xn + alpha * s->norm[i], B = cB * t * t;
            Gr[i] = qt;
            L[i] = B; /* temporarily the bound */
            if (qt + B < qmin_up)
                qmin_up = qt + B;
        }
        /* pass 2: exponents, exact where the bound is not negligible */
        for (i = 0; i < N; i++) {
            double qt = Gr[i], B = L[i];
            Ls[i] = 0;
            if (B * inv2s2 <= 1e-15 || (B <= 4 * cB * qt && B * inv2s2 <= 1e-8)) {
                L[i] = -(qt > 0 ? qt : 0) * inv2s2;
            } else if (qt - B <= qmin_up + 100 * s2) {
                dmv_fast_empirical_exponent(xr, s->X + i * d, d, alpha, D1, D2, &L[i], &Ls[i]); /* as the direct model */
            } else {
                L[i] = -INFINITY;
            }
            if (L[i] + Ls[i] > Lmax) {
                Lmax = L[i] + Ls[i];
                imax = i;
            }
        }
        if (imax < 0 || !isfinite(Lmax))
            return DMV_ENOTFINITE;
        /* unnormalised weights into G's row, their sum into tot[r] */
        for (i = 0; i < N; i++) {
            double p = (L[i] == -INFINITY) ? 0.0 : exp((L[i] - L[imax]) + (Ls[i] - Ls[imax]));
#ifdef DMV_FAULT_INJECTION
            if (i == 0 && !isnan(dmv_fast_fault("empirical_softmax", NULL)))
                p *= 1 + dmv_fast_fault("empirical_softmax", NULL);
#endif
            Gr[i] = p;
            tot += p;
            nnz += p != 0;
        }
        T[r] = tot;
    }
    /* out = P X, then each row divided by its total weight: a second GEMM, or, when fewer than 1/8 of
     * the weights are non-zero (the softmax has underflowed elsewhere: small sigma, or high dimension),
     * one axpy per non-zero weight (the zeros contribute nothing to the GEMM either) */
    if (nnz * 8 < n * N) {
        for (r = 0; r < n; r++) {
            const double *Gr = G + r * N;
            double *o = out + r * d;
            for (j = 0; j < d; j++)
                o[j] = 0;
            for (i = 0; i < N; i++)
                if (Gr[i] != 0)
                    cblas_daxpy((int) d, Gr[i], s->X + i * d, 1, o, 1);
        }
    } else {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) n, (int) d, (int) N, 1.0, G, (int) N, s->X,
                    (int) d, 0.0, out, (int) d);
    }
    for (r = 0; r < n; r++)
        for (j = 0; j < d; j++)
            out[r * d + j] /= T[r];
    return DMV_OK;
}

int dmv_fast_model_empirical_gemm_init(dmv_fast_model *m, long d, long n_train, const double *X, dmv_error *err)
{
    empg_state *s;
    long i, j;
    if (m == NULL || X == NULL)
        return dmv_error_set(err, DMV_EINVAL, "empirical model: model or X is NULL");
    if (d < 1)
        return dmv_error_set(err, DMV_EINVAL, "empirical model: d = %ld: must be >= 1", d);
    if (n_train < 1)
        return dmv_error_set(err, DMV_EINVAL, "empirical model: n_train = %ld: must be >= 1", n_train);
    for (i = 0; i < n_train * d; i++)
        if (!isfinite(X[i]) || fabs(X[i]) > 1e150)
            return dmv_error_set(err, DMV_EINVAL, "empirical model: X[%ld][%ld] = %g: must be finite, |.| <= 1e150",
                                 i / d, i % d, X[i]);
    s = calloc(1, sizeof *s);
    if (s == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "empirical model: out of memory");
    dmv_fast_model_init(m, "empirical (GEMM)");
    m->state = s;
    m->clear = empg_clear;
    s->X = malloc((size_t) (n_train * d) * sizeof(double));
    s->norm2 = malloc((size_t) n_train * sizeof(double));
    s->norm = malloc((size_t) n_train * sizeof(double));
    if (s->X == NULL || s->norm2 == NULL || s->norm == NULL) {
        empg_clear(m);
        return dmv_error_set(err, DMV_ENOMEM, "empirical model: out of memory (n_train = %ld, d = %ld)", n_train, d);
    }
    memcpy(s->X, X, (size_t) (n_train * d) * sizeof(double));
    for (i = 0; i < n_train; i++) {
        double a = 0;
        for (j = 0; j < d; j++)
            a += X[i * d + j] * X[i * d + j];
        s->norm2[i] = a;
        s->norm[i] = sqrt(a);
    }
    s->d = d;
    s->N = n_train;
    m->dim = d;
    m->denoise = empg_denoise;
    m->workspace_size = empg_workspace_size;
    m->ulp_bounded = 1;
    return DMV_OK;
}
