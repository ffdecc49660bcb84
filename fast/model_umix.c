/* Mixture of uniforms on intervals, product form (docs/models.md s.4).
 * Coordinate j is independent: p_j = sum_k w_jk U[a_jk, b_jk]. Under x = alpha x0 + sigma n the
 * posterior of x0 given component k is N(x/alpha, (sigma/alpha)^2) truncated to [a, b]; in the
 * standardised variable t = (alpha x0 - x)/sigma it is a standard normal truncated to
 * [lo, hi] = [(alpha a - x)/sigma, (alpha b - x)/sigma], of width h = alpha (b - a)/sigma.
 * Evidence of component k (up to a factor common to all k): (Phi(hi) - Phi(lo)) / h.
 * Three evaluation regimes, chosen so that nothing cancels (after reflecting t -> -t so that
 * lo + hi >= 0, i.e. the posterior leans to the endpoint "lo"):
 *   narrow (h <= 2 and delta = h (lo + hi)/2 <= 1): 12-point Gauss-Legendre on [0, 1] of
 *           e^{-lo h s - h^2 s^2/2} and s e^{...}: exponent range <= 1.5, so the rule is exact
 *           to rounding; gives Z/(phi(lo) h) and the offset fraction f = E[t - lo]/h;
 *   tail   (lo >= 0): Mills ratio M(x) = Q(x)/phi(x) and G(x) = 1 - x M(x), the latter by
 *           Laplace's continued fraction for x >= 2.5 (adaptive length);
 *           Z = phi(lo)(M(lo) - e^{-delta} M(hi)),
 *           E[t - lo] = (G(lo) - e^{-delta}(G(hi) + h M(hi))) / (M(lo) - e^{-delta} M(hi));
 *   centre (lo < 0 < hi, wide): Z = (erf(-lo/sqrt2) + erf(hi/sqrt2))/2 (two positive terms),
 *           E[t] = phi(lo)(1 - e^{-delta}) / Z.
 * The offset regimes give D = a + (b - a) f (or b - (b - a) f reflected), so no x/alpha appears
 * and alpha -> 0 is harmless. lo and hi are carried in double-double (fma) and the large
 * -lo^2/2 term of the log-evidence is kept apart, so that components competing from far out
 * (x between two intervals, many sigma from both) get their responsibilities to ~eps, not
 * eps lo^2. Row by row: bit-exact per row. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "fast_internal.h" /* dmv_fast_umix_interval; dmv_fast_fault (fast/fault.c) */
#include "umix_narrow.h"   /* dmv_fast_umix_narrow */
#include "vmath.h"         /* dmv_fast_exp_kernel */

typedef struct {
    long d, K;
    double *logw; /* d x K: log(w / sum_k w), -inf for w = 0 (the 1/(b - a) is in ell) */
    double *a, *b; /* d x K */
} umix_state;

/* 12-point Gauss-Legendre on [0, 1]: nodes and weights (two arrays: contiguous loads for the
 * vectorised loop) */
static const double gl12s[12] = {0.0092196828766403782, 0.047941371814762601, 0.11504866290284765,
                                 0.20634102285669126,   0.31608425050090994,  0.43738329574426554,
                                 0.5626167042557344,    0.68391574949909006,  0.79365897714330869,
                                 0.88495133709715235,   0.95205862818523745,  0.99078031712335957};
static const double gl12w[12] = {0.023587668193256011, 0.053469662997659442, 0.080039164271673055,
                                 0.10158371336153282,  0.11674626826917732,  0.12457352290670134,
                                 0.12457352290670134,  0.11674626826917732,  0.10158371336153282,
                                 0.080039164271673055, 0.053469662997659442, 0.023587668193256011};

#define UMIX_LOG_SQRT_2PI 0.91893853320467274178
#define UMIX_SQRT_PI_2 1.2533141373155002512 /* sqrt(pi/2) */

/* c(x) = 1/M(x) - x = 1/(x + 2/(x + 3/(x + ...))), x >= 2.5 (Laplace), evaluated backward
 * from term n = 10 + 520/x^2 (at most 93). Exact rational evaluation shows the truncation
 * error is below 2e-17 relative with n = 81 at x = 2.5, 39 at 4, 28 at 5, 13 at 10, 8 at 20
 * and 6 at 40; the rule has margin at every point of that table. */
static double umix_cf(double x)
{
    double t = 0;
    int k, n = (int) (10 + 520 / (x * x));
    for (k = n + 1; k >= 2; k--)
        t = (double) k / (x + t);
    return 1.0 / (x + t);
}

/* Mills ratio M(x) = Q(x)/phi(x) and G(x) = 1 - x M(x), x >= 0; cpre = umix_cf(x) if already
 * computed (dmv_fast_umix_cf, the same bits), else NaN. */
static void umix_mills(double x, double cpre, double *M, double *G)
{
    if (x >= 2.5) {
        double c = isnan(cpre) ? umix_cf(x) : cpre;
        *M = 1.0 / (x + c);
        *G = c * *M;
#ifdef DMV_FAULT_INJECTION
        if (!isnan(dmv_fast_fault("umix_far", NULL))) /* far outside the box: x >= 2.5 noise sd */
            *G *= 1 + dmv_fast_fault("umix_far", NULL);
#endif
    } else {
        /* Q(x) = erfc(x/sqrt2)/2, 1/phi(x) = sqrt(2 pi) e^{x^2/2}: x^2/2 <= 3.2, no loss */
        *M = UMIX_SQRT_PI_2 * erfc(x * 0.70710678118654752440) * exp(0.5 * x * x);
        *G = 1.0 - x * *M;
    }
}

/* -(lo_h + lo_l)^2 / 2 as big + small: big = -lo_h^2/2 exactly representable after the fma
 * split, small the rest (|small| ~ eps |big|). */
static void umix_halfsq(double lo_h, double lo_l, double *big, double *small)
{
    double sq = lo_h * lo_h, esq = fma(lo_h, lo_h, -sq);
    *big = -0.5 * sq;
    *small = -(0.5 * esq + lo_h * lo_l);
}

/* Standard normal truncated to [lo, hi], width h = hi - lo > 0 (passed separately, computed
 * without cancellation), lo + hi >= 0; lo_l is the low part of lo (lo + lo_l is lo to ~2^-106).
 * log(Z / h) (Z = Phi(hi) - Phi(lo)) is returned as *big + *small, where *big is the large
 * -lo^2/2 part (0 in the centre regime), so that two far-out components can be compared
 * without losing eps lo^2 to rounding. Also *f = E[t - lo]/h in [0, 1] (*centre = 0) or
 * *mean = E[t] (*centre = 1). */
static void umix_tn(double lo, double lo_l, double hi, double h, double clo, double chi, int *centre, double *f,
                    double *mean, double *big, double *small)
{
    double delta = h * (0.5 * (lo + hi));
    if (h == 0 || (h <= 2 && delta <= 1)) {
        double J0 = 0, J1 = 0, e[12];
        int i;
        /* the exponent lies in [-2, 2] here: the vectorisable exp of fast/vmath.h (<= 1 ulp,
         * tests/fast/t-vmath.c); the sums stay serial (same order at any -O level) */
        for (i = 0; i < 12; i++) {
            double hs = h * gl12s[i];
            e[i] = gl12w[i] * dmv_fast_exp_kernel(-hs * (lo + 0.5 * hs));
        }
        for (i = 0; i < 12; i++) {
            J0 += e[i];
            J1 += gl12s[i] * e[i];
        }
        *centre = 0;
        *f = J1 / J0;
        umix_halfsq(lo, lo_l, big, small);
        *small += -UMIX_LOG_SQRT_2PI + log(J0);
        return;
    }
    if (lo >= 0) {
        double Mlo, Glo, Mhi, Ghi, e = exp(-delta), I0, num;
        umix_mills(lo, clo, &Mlo, &Glo);
        if (e > 0) {
            umix_mills(hi, chi, &Mhi, &Ghi);
            I0 = Mlo - e * Mhi;
            num = Glo - e * (Ghi + h * Mhi);
        } else {
            I0 = Mlo;
            num = Glo;
        }
        if (num < 0)
            num = 0;
        *centre = 0;
        *f = num / I0 / h;
        if (*f > 1)
            *f = 1;
        umix_halfsq(lo, lo_l, big, small);
        *small += -UMIX_LOG_SQRT_2PI + log(I0) - log(h);
    } else {
        double Z = 0.5 * (erf(-lo * 0.70710678118654752440) + erf(hi * 0.70710678118654752440));
        double philo = exp(-0.5 * lo * lo - UMIX_LOG_SQRT_2PI);
        *centre = 1;
        *mean = philo * -expm1(-delta) / Z;
        *big = 0;
        *small = log(Z) - log(h);
    }
}

typedef struct {
    double big, small; /* log evidence up to a common constant, as big + small */
    double D;          /* E[x0 | x, component] */
} umix_comp;

/* (alpha e - x)/sigma as q + q_l (error ~2^-104 relative): alpha e = p + ep exactly (fma),
 * p - x = s + es exactly (two-sum), q = s/sigma with the exact remainder fma(-q, sigma, s). */
static double umix_std(double alpha, double e, double x, double sigma, double *q_l)
{
    double p = alpha * e, ep = fma(alpha, e, -p);
    double s = p - x, bb = s - p, es = (p - (s - bb)) + (-x - bb);
    double q = s / sigma, r = fma(-q, sigma, s);
    *q_l = (r + (es + ep)) / sigma;
    return q;
}

static void umix_component(double alpha, double sigma, double x, double a, double b, umix_comp *c)
{
    double lo_l, hi_l, lo = umix_std(alpha, a, x, sigma, &lo_l), hi = umix_std(alpha, b, x, sigma, &hi_l);
    double h = alpha * (b - a) / sigma;
    int centre, refl = (lo + hi < 0);
    double f = 0.5, mean = 0;
    if (refl) {
        double t = lo, tl = lo_l;
        lo = -hi;
        lo_l = -hi_l;
        hi = -t;
        hi_l = -tl;
    }
    umix_tn(lo, lo_l, hi, h, NAN, NAN, &centre, &f, &mean, &c->big, &c->small);
    if (!centre)
        c->D = refl ? b - (b - a) * f : a + (b - a) * f;
    else
        c->D = refl ? (x - sigma * mean) / alpha : (x + sigma * mean) / alpha;
}

/* The same as umix_component on rows x[r * xstride], r < n, with the narrow-regime quadrature
 * batched across rows (fast/umix_narrow.h: vectorised over rows, the same bits as the one-row
 * loop in umix_tn); the other regimes row by row through umix_tn. Results at big[r], small[r],
 * D[r]: bit for bit those of dmv_fast_umix_interval. */
#define UMIX_BLOCK 256
void dmv_fast_umix_interval_batch(double alpha, double sigma, long n, const double *x, long xstride, double a,
                                  double b, double *big, double *small, double *D)
{
    double lo_b[UMIX_BLOCK], lol_b[UMIX_BLOCK], h_b[UMIX_BLOCK], J0[UMIX_BLOCK], J1[UMIX_BLOCK];
    double hi_b[UMIX_BLOCK], qlo[UMIX_BLOCK], qh[UMIX_BLOCK], cfx[2 * UMIX_BLOCK], cfc[2 * UMIX_BLOCK];
    unsigned char refl_b[UMIX_BLOCK], kind_b[UMIX_BLOCK]; /* kind: 0 narrow, 1 tail (lo >= 0), 2 centre */
    long r0, r, m, ncf;
    for (r0 = 0; r0 < n; r0 += UMIX_BLOCK) {
        m = n - r0 < UMIX_BLOCK ? n - r0 : UMIX_BLOCK;
        /* lo, hi in double-double, vectorised (the operations of umix_std) */
        dmv_fast_umix_std(m, alpha, sigma, x + r0 * xstride, xstride, a, lo_b, lol_b);
        dmv_fast_umix_std(m, alpha, sigma, x + r0 * xstride, xstride, b, J0, J1);
        ncf = 0;
        for (r = 0; r < m; r++) {
            double xv = x[(r0 + r) * xstride];
            double lo = lo_b[r], lo_l = lol_b[r], hi = J0[r], hi_l = J1[r];
            double h = alpha * (b - a) / sigma, delta;
            int refl = (lo + hi < 0);
            if (refl) {
                double t = lo, tl = lo_l;
                lo = -hi;
                lo_l = -hi_l;
                hi = -t;
                hi_l = -tl;
            }
            delta = h * (0.5 * (lo + hi));
            refl_b[r] = (unsigned char) refl;
            lo_b[r] = lo;
            lol_b[r] = lo_l;
            hi_b[r] = hi;
            h_b[r] = h;
            if (h == 0 || (h <= 2 && delta <= 1))
                kind_b[r] = 0;
            else if (lo >= 0) {
                /* the tail: its continued fractions batched below (umix_mills' x >= 2.5 branch) */
                kind_b[r] = 1;
                if (lo >= 2.5)
                    cfx[ncf++] = lo;
                if (hi >= 2.5)
                    cfx[ncf++] = hi;
            } else {
                int centre;
                double f = 0.5, mean = 0;
                long i = r0 + r;
                kind_b[r] = 2;
                umix_tn(lo, lo_l, hi, h, NAN, NAN, &centre, &f, &mean, &big[i], &small[i]);
                D[i] = refl ? (xv - sigma * mean) / alpha : (xv + sigma * mean) / alpha;
                (void) centre;
            }
            qlo[r] = kind_b[r] == 0 ? lo : 0; /* a harmless input for the batched quadrature */
            qh[r] = kind_b[r] == 0 ? h : 0;
        }
        dmv_fast_umix_narrow(m, qlo, qh, J0, J1);
        dmv_fast_umix_cf(ncf, cfx, cfc);
        ncf = 0;
        for (r = 0; r < m; r++) {
            long i = r0 + r;
            double f = 0.5;
            if (kind_b[r] == 1) {
                /* as the tail branch of umix_tn, with the continued fractions computed above */
                int centre;
                double mean = 0, clo = NAN, chi = NAN;
                if (lo_b[r] >= 2.5)
                    clo = cfc[ncf++];
                if (hi_b[r] >= 2.5)
                    chi = cfc[ncf++];
                umix_tn(lo_b[r], lol_b[r], hi_b[r], h_b[r], clo, chi, &centre, &f, &mean, &big[i], &small[i]);
                D[i] = refl_b[r] ? b - (b - a) * f : a + (b - a) * f;
            } else if (kind_b[r] == 0) {
                /* as the narrow branch of umix_tn */
                f = J1[r] / J0[r];
                umix_halfsq(lo_b[r], lol_b[r], &big[i], &small[i]);
                small[i] += -UMIX_LOG_SQRT_2PI + log(J0[r]);
                D[i] = refl_b[r] ? b - (b - a) * f : a + (b - a) * f;
            }
        }
    }
}

void dmv_fast_umix_interval(double alpha, double sigma, double x, double a, double b, double *big, double *small,
                            double *D)
{
    umix_comp c;
    umix_component(alpha, sigma, x, a, b, &c);
    *big = c.big;
    *small = c.small;
    *D = c.D;
}

static void umix_clear(dmv_fast_model *m)
{
    umix_state *s = m->state;
    if (s != NULL) {
        free(s->logw);
        free(s->a);
        free(s->b);
        free(s);
    }
    m->state = NULL;
}

static size_t umix_workspace_size(const dmv_fast_model *m, long n)
{
    const umix_state *s = m->state;
    (void) n;
    return (size_t) s->K * sizeof(umix_comp);
}

static int umix_denoise(const dmv_fast_model *m, const dmv_fast_eval *ev, long n, const double *x,
                        double *out, void *workspace, dmv_error *err)
{
    const double alpha = ev->alpha, sigma = ev->sigma;
    const umix_state *s = m->state;
    long d = s->d, K = s->K, r, j, k;
    umix_comp *c = workspace;

    if (!isfinite(alpha) || !isfinite(sigma) || alpha < 0 || !(sigma > 0))
        return dmv_error_set(err, DMV_EDOM, "alpha = %g, sigma = %g: need finite alpha >= 0 and sigma > 0", alpha, sigma);
    for (r = 0; r < n; r++)
        for (j = 0; j < d; j++) {
            const double *lw = s->logw + j * K, *a = s->a + j * K, *b = s->b + j * K;
            double xv = x[r * d + j], Lmax = -INFINITY, tot = 0, acc = 0;
            long kmax = -1;
            for (k = 0; k < K; k++) {
                if (lw[k] == -INFINITY)
                    continue;
                umix_component(alpha, sigma, xv, a[k], b[k], &c[k]);
                c[k].small += lw[k];
                if (c[k].big + c[k].small > Lmax) {
                    Lmax = c[k].big + c[k].small;
                    kmax = k;
                }
            }
            if (kmax < 0 || !isfinite(Lmax))
                return DMV_ENOTFINITE;
            for (k = 0; k < K; k++) {
                double p;
                if (lw[k] == -INFINITY)
                    continue;
                /* big_k - big_max is exact when the two are within a factor 2 (Sterbenz),
                 * the only case where the weight is not negligible */
                p = exp((c[k].big - c[kmax].big) + (c[k].small - c[kmax].small));
                tot += p;
                acc += p * c[k].D;
            }
            out[r * d + j] = acc / tot;
        }
    return DMV_OK;
}

int dmv_fast_model_umix_init(dmv_fast_model *m, long d, long K, const double *w, const double *a,
                             const double *b, dmv_error *err)
{
    umix_state *s;
    long j, k;
    if (m == NULL || w == NULL || a == NULL || b == NULL)
        return dmv_error_set(err, DMV_EINVAL, "uniform mixture: model, w, a or b is NULL");
    if (d < 1)
        return dmv_error_set(err, DMV_EINVAL, "uniform mixture: d = %ld: must be >= 1", d);
    if (K < 1)
        return dmv_error_set(err, DMV_EINVAL, "uniform mixture: K = %ld: must be >= 1", K);
    for (j = 0; j < d; j++) {
        double ws = 0;
        for (k = 0; k < K; k++) {
            long i = j * K + k;
            if (!isfinite(w[i]) || w[i] < 0)
                return dmv_error_set(err, DMV_EINVAL, "uniform mixture: w[%ld] (coordinate %ld, interval %ld) = %g: must be finite and >= 0",
                                     i, j, k, w[i]);
            if (!isfinite(a[i]) || !isfinite(b[i]) || fabs(a[i]) > 1e150 || fabs(b[i]) > 1e150)
                return dmv_error_set(err, DMV_EINVAL,
                                     "uniform mixture: interval %ld of coordinate %ld = [%g, %g]: ends must be finite, |.| <= 1e150",
                                     k, j, a[i], b[i]);
            if (!(a[i] < b[i]))
                return dmv_error_set(err, DMV_EINVAL,
                                     "uniform mixture: interval %ld of coordinate %ld = [%.17g, %.17g]: needs a < b", k,
                                     j, a[i], b[i]);
            ws += w[i];
        }
        if (!(ws > 0) || !isfinite(ws))
            return dmv_error_set(err, DMV_EINVAL, "uniform mixture: coordinate %ld: sum of weights = %g: must be > 0", j,
                                 ws);
    }
    s = calloc(1, sizeof *s);
    if (s == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "uniform mixture: out of memory");
    s->d = d;
    s->K = K;
    s->logw = malloc((size_t) (d * K) * sizeof(double));
    s->a = malloc((size_t) (d * K) * sizeof(double));
    s->b = malloc((size_t) (d * K) * sizeof(double));
    dmv_fast_model_init(m, "uniform mixture");
    m->state = s;
    m->clear = umix_clear;
    if (s->logw == NULL || s->a == NULL || s->b == NULL) {
        umix_clear(m);
        return dmv_error_set(err, DMV_ENOMEM, "uniform mixture: out of memory (d = %ld, K = %ld)", d, K);
    }
    for (j = 0; j < d; j++) {
        double ws = 0;
        for (k = 0; k < K; k++)
            ws += w[j * K + k];
        for (k = 0; k < K; k++) {
            long i = j * K + k;
            s->logw[i] = w[i] > 0 ? log(w[i] / ws) : -INFINITY;
            s->a[i] = a[i];
            s->b[i] = b[i];
        }
    }
    m->dim = d;
    m->denoise = umix_denoise;
    m->workspace_size = umix_workspace_size;
    return DMV_OK;
}
