/* Mixture of uniform boxes (docs/model-spec.md, "boxes"): p = sum_k w_k U(B_k), B_k = prod_j
 * [lo_kj, hi_kj]. Under x = alpha x0 + sigma n, given box k the coordinates of x0 are independent
 * truncated normals, so per box and coordinate the umix interval functions
 * (dmv_fast_umix_interval, fast/model_umix.c) give log(Z_kj / h_kj) as big + small and the
 * posterior mean m_kj. Box k's log-evidence is log w_k + sum_j log(Z_kj / h_kj) (the h_kj carry
 * the 1/(hi - lo) of the box density; the rest is common to all k). Responsibilities by
 * log-sum-exp against the first box of largest evidence kmax, with the big parts differenced
 * coordinate by coordinate and summed in double-double (each big_kj - big_mj is exact as a
 * two-sum; with d > 1 a box far out in one coordinate can win back in another, so no single
 * difference may be rounded by eps lo^2): p_k = exp(sum_j (big_kj - big_mj) + sum_j (small_kj -
 * small_mj)), log w_k folded into small_k0. D_j = sum_k p_k m_kj / sum_k p_k. K = 1 gives
 * p = 1 and D = m exactly, as the umix model; d = 1 differs from umix only by the low part of
 * big_k - big_m that umix rounds away. Rows in blocks (the interval functions
 * batched across rows, fast/umix_narrow.h), no BLAS: each row gets the same bits as alone. */
#include <math.h>
#include <stdlib.h>

#include "dmv/fast.h"
#include "fast_internal.h"
#include "umix_narrow.h" /* dmv_fast_umix_interval_batch */

typedef struct {
    long d, K;
    double *logw;   /* K: log(w / sum w), -inf for w = 0 */
    double *lo, *hi; /* K x d */
} boxes_state;

/* s + e = a + b exactly (Knuth's two-sum) */
static double two_sum(double a, double b, double *e)
{
    double s = a + b, bb = s - a;
    *e = (a - (s - bb)) + (b - bb);
    return s;
}

static void boxes_clear(dmv_fast_model *m)
{
    boxes_state *s = m->state;
    if (s != NULL) {
        free(s->logw);
        free(s->lo);
        free(s->hi);
        free(s);
    }
    m->state = NULL;
}

/* rows per block: the interval functions run on a block of rows at once (the narrow-regime
 * quadrature vectorised across rows, fast/umix_narrow.h); the block keeps the workspace under
 * about 3 x 2^14 doubles whatever K x d */
static long boxes_block(const boxes_state *s, long n)
{
    long rb = 16384 / (s->K * s->d);
    if (rb > 256)
        rb = 256;
    if (rb < 1)
        rb = 1;
    return n < rb ? (n < 1 ? 1 : n) : rb;
}

static size_t boxes_workspace_size(const dmv_fast_model *m, long n)
{
    const boxes_state *s = m->state;
    return (size_t) (3 * s->K * s->d * boxes_block(s, n) + s->K) * sizeof(double);
}

static int boxes_denoise(const dmv_fast_model *m, const dmv_fast_eval *ev, long n, const double *x, double *out,
                         void *workspace, dmv_error *err)
{
    const double alpha = ev->alpha, sigma = ev->sigma;
    const boxes_state *s = m->state;
    long d = s->d, K = s->K, rb = boxes_block(s, n), r0, r, j, k;
    double *big = workspace, *small = big + K * d * rb, *D = small + K * d * rb, *p = D + K * d * rb;

    if (!isfinite(alpha) || !isfinite(sigma) || alpha < 0 || !(sigma > 0))
        return dmv_error_set(err, DMV_EDOM, "alpha = %g, sigma = %g: need finite alpha >= 0 and sigma > 0", alpha,
                             sigma);
    for (r0 = 0; r0 < n; r0 += rb) {
        long m_rows = n - r0 < rb ? n - r0 : rb;
        /* (box k, coordinate j) of block row r at index (k d + j) rb + r */
        for (k = 0; k < K; k++) {
            if (s->logw[k] == -INFINITY)
                continue;
            for (j = 0; j < d; j++) {
                long i = (k * d + j) * rb;
                dmv_fast_umix_interval_batch(alpha, sigma, m_rows, x + r0 * d + j, d, s->lo[k * d + j],
                                             s->hi[k * d + j], big + i, small + i, D + i);
            }
        }
        for (r = 0; r < m_rows; r++) {
            double Lmax = -INFINITY, tot = 0;
            long kmax = -1;
            for (k = 0; k < K; k++) {
                double L = 0;
                if (s->logw[k] == -INFINITY)
                    continue;
                for (j = 0; j < d; j++) {
                    long i = (k * d + j) * rb + r;
                    if (j == 0)
                        small[i] += s->logw[k];
                    L += big[i] + small[i];
                }
                if (L > Lmax) {
                    Lmax = L;
                    kmax = k;
                }
            }
            if (kmax < 0 || !isfinite(Lmax))
                return DMV_ENOTFINITE;
            for (k = 0; k < K; k++) {
                double dh = 0, dl = 0, ds = 0;
                if (s->logw[k] == -INFINITY) {
                    p[k] = 0;
                    continue;
                }
                if (k == kmax) { /* every difference is +0: exp(+0) = 1 exactly, no call */
                    p[k] = 1;
                    tot += 1;
                    continue;
                }
                for (j = 0; j < d; j++) {
                    long i = (k * d + j) * rb + r, im = (kmax * d + j) * rb + r;
                    double te, e1, t = two_sum(big[i], -big[im], &te);
                    dh = two_sum(dh, t, &e1);
                    dl += e1 + te;
                    ds += small[i] - small[im];
                }
                p[k] = exp(dh + (dl + ds));
                tot += p[k];
            }
            for (j = 0; j < d; j++) {
                double acc = 0;
                for (k = 0; k < K; k++)
                    if (s->logw[k] != -INFINITY)
                        acc += p[k] * D[(k * d + j) * rb + r];
                out[(r0 + r) * d + j] = acc / tot;
            }
        }
    }
    return DMV_OK;
}

int dmv_fast_model_boxes_init(dmv_fast_model *m, long d, long K, const double *w, const double *lo,
                              const double *hi, dmv_error *err)
{
    boxes_state *s;
    long j, k;
    double ws = 0;
    if (m == NULL || w == NULL || lo == NULL || hi == NULL)
        return dmv_error_set(err, DMV_EINVAL, "boxes: model, w, lo or hi is NULL");
    if (d < 1)
        return dmv_error_set(err, DMV_EINVAL, "boxes: d = %ld: must be >= 1", d);
    if (K < 1)
        return dmv_error_set(err, DMV_EINVAL, "boxes: K = %ld: must be >= 1", K);
    for (k = 0; k < K; k++) {
        if (!isfinite(w[k]) || w[k] < 0)
            return dmv_error_set(err, DMV_EINVAL, "boxes: w[%ld] = %g: must be finite and >= 0", k, w[k]);
        ws += w[k];
        for (j = 0; j < d; j++) {
            long i = k * d + j;
            if (!isfinite(lo[i]) || !isfinite(hi[i]) || fabs(lo[i]) > 1e150 || fabs(hi[i]) > 1e150)
                return dmv_error_set(err, DMV_EINVAL,
                                     "boxes: box %ld coordinate %ld = [%g, %g]: ends must be finite, |.| <= 1e150", k,
                                     j, lo[i], hi[i]);
            if (!(lo[i] < hi[i]))
                return dmv_error_set(err, DMV_EINVAL, "boxes: box %ld coordinate %ld = [%.17g, %.17g]: needs lo < hi",
                                     k, j, lo[i], hi[i]);
        }
    }
    if (!(ws > 0) || !isfinite(ws))
        return dmv_error_set(err, DMV_EINVAL, "boxes: sum of weights = %g: must be > 0", ws);
    s = calloc(1, sizeof *s);
    if (s == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "boxes: out of memory");
    s->d = d;
    s->K = K;
    s->logw = malloc((size_t) K * sizeof(double));
    s->lo = malloc((size_t) (K * d) * sizeof(double));
    s->hi = malloc((size_t) (K * d) * sizeof(double));
    dmv_fast_model_init(m, "boxes");
    m->state = s;
    m->clear = boxes_clear;
    if (s->logw == NULL || s->lo == NULL || s->hi == NULL) {
        boxes_clear(m);
        return dmv_error_set(err, DMV_ENOMEM, "boxes: out of memory (d = %ld, K = %ld)", d, K);
    }
    for (k = 0; k < K; k++) {
        s->logw[k] = w[k] > 0 ? log(w[k] / ws) : -INFINITY;
        for (j = 0; j < d; j++) {
            s->lo[k * d + j] = lo[k * d + j];
            s->hi[k * d + j] = hi[k * d + j];
        }
    }
    m->dim = d;
    m->denoise = boxes_denoise;
    m->workspace_size = boxes_workspace_size;
    return DMV_OK;
}
