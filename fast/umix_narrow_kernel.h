/* The narrow-regime quadrature of the umix interval functions (docs/models.md s.4,
 * fast/model_umix.c), batched across rows: for r < n,
 *   J0[r] = sum_i w_i e^{-h s_i (lo + h s_i / 2)},  J1[r] = sum_i s_i w_i e^{...}
 * with the 12-point Gauss-Legendre rule on [0, 1] (nodes s_i, weights w_i), each sum in node
 * order i = 0..11: the same IEEE operations per row as the one-row code, so the same bits, at any
 * vector width. The caller guarantees |exponent| <= 3 (the narrow regime). This header is
 * compiled once per instruction set (fast/umix_narrow.c, fast/umix_narrow_avx2.c,
 * fast/umix_narrow_avx512.c; CMakeLists.txt sets their flags): the loop over rows is innermost
 * so that the compiler vectorises it with as many lanes as the target has. */
#include <math.h>

#include "umix_narrow.h"
#include "vmath.h"

#ifndef DMV_UMIX_SUFFIX
#error "define DMV_UMIX_SUFFIX before including umix_narrow_kernel.h"
#endif
#define DMV_UMIX_CAT2(a, b) a##b
#define DMV_UMIX_CAT(a, b) DMV_UMIX_CAT2(a, b)
#define DMV_UMIX_FN DMV_UMIX_CAT(dmv_fast_umix_narrow_, DMV_UMIX_SUFFIX)
#define DMV_UMIX_STD DMV_UMIX_CAT(dmv_fast_umix_std_, DMV_UMIX_SUFFIX)
#define DMV_UMIX_CF DMV_UMIX_CAT(dmv_fast_umix_cf_, DMV_UMIX_SUFFIX)

void DMV_UMIX_CF(long n, const double *x, double *c);

/* c[r] = 1/(x + 2/(x + 3/(x + ...))) for x = x[r] >= 2.5: umix_cf of fast/model_umix.c (Laplace's
 * continued fraction for 1/M(x) - x, evaluated backward from term n_r = (int) (10 + 520/x^2)),
 * with the same operations per row: the loop runs from the largest n_r of the batch and a row's
 * t stays 0 until its own first term, so every row gets the bits of the one-row loop. */
void DMV_UMIX_CF(long n, const double *restrict x, double *restrict c)
{
    long r;
    int k, kmax = 1;
    for (r = 0; r < n; r++) {
        int nr = (int) (10 + 520 / (x[r] * x[r]));
        if (nr + 1 > kmax)
            kmax = nr + 1;
        c[r] = 0;
    }
    for (k = kmax; k >= 2; k--) {
        const double kd = (double) k;
        for (r = 0; r < n; r++) {
            double xv = x[r], nr1 = (double) (int) (10 + 520 / (xv * xv)) + 1;
            double t = kd / (xv + c[r]);
            c[r] = kd <= nr1 ? t : c[r];
        }
    }
    for (r = 0; r < n; r++)
        c[r] = 1.0 / (x[r] + c[r]);
}

void DMV_UMIX_STD(long n, double alpha, double sigma, const double *x, long xstride, double e, double *q,
                  double *q_l);

/* q[r] + q_l[r] = (alpha e - x[r xstride]) / sigma to ~2^-104 relative: the operations of
 * umix_std (fast/model_umix.c) row by row (alpha e = p + ep exactly by fma, p - x = s + es by
 * two-sum, q = s / sigma, remainder fma(-q, sigma, s)); fma is exact in every variant (a library
 * call in the baseline, an instruction where the flags allow it), so the bits are the same. */
void DMV_UMIX_STD(long n, double alpha, double sigma, const double *restrict x, long xstride, double e,
                  double *restrict q, double *restrict q_l)
{
    const double p = alpha * e, ep = fma(alpha, e, -p);
    long r;
    for (r = 0; r < n; r++) {
        double xv = x[r * xstride];
        double s = p - xv, bb = s - p, es = (p - (s - bb)) + (-xv - bb);
        double qq = s / sigma, rr = fma(-qq, sigma, s);
        q[r] = qq;
        q_l[r] = (rr + (es + ep)) / sigma;
    }
}

void DMV_UMIX_FN(long n, const double *lo, const double *h, double *J0, double *J1);

void DMV_UMIX_FN(long n, const double *restrict lo, const double *restrict h, double *restrict J0,
                 double *restrict J1)
{
    long r;
    int i;
    for (r = 0; r < n; r++) {
        J0[r] = 0;
        J1[r] = 0;
    }
    for (i = 0; i < 12; i++) {
        const double s = dmv_fast_gl12s[i], w = dmv_fast_gl12w[i];
        for (r = 0; r < n; r++) {
            double hs = h[r] * s;
            double e = w * dmv_fast_exp_kernel(-hs * (lo[r] + 0.5 * hs));
            J0[r] += e;
            J1[r] += s * e;
        }
    }
}
