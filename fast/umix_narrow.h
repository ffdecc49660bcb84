/* The umix narrow-regime quadrature batched across rows (fast/umix_narrow_kernel.h), with its
 * variant chosen at run time (fast/umix_narrow.c). Private to fast/. */
#ifndef DMV_FAST_UMIX_NARROW_H
#define DMV_FAST_UMIX_NARROW_H

/* 12-point Gauss-Legendre on [0, 1]: nodes and weights */
extern const double dmv_fast_gl12s[12];
extern const double dmv_fast_gl12w[12];

/* J0[r] = sum_i w_i e^{-h[r] s_i (lo[r] + h[r] s_i / 2)}, J1[r] = sum_i s_i w_i e^{...}, r < n,
 * each sum in node order; |exponent| <= 3 (the caller's narrow regime; lo = h = 0 is allowed).
 * The same bits in every variant. */
void dmv_fast_umix_narrow(long n, const double *lo, const double *h, double *J0, double *J1);

/* The variant in use ("baseline", "avx2", "avx512"), and a way to force one (tests): returns 0,
 * or -1 if NAME is unknown or this CPU does not run it. */
const char *dmv_fast_umix_narrow_variant(void);
int dmv_fast_umix_narrow_set_variant(const char *name);

/* q[r] + q_l[r] = (alpha e - x[r xstride]) / sigma in double-double (fast/umix_narrow_kernel.h) */
void dmv_fast_umix_std(long n, double alpha, double sigma, const double *x, long xstride, double e, double *q,
                       double *q_l);

/* c[r] = 1/M(x[r]) - x[r] by Laplace's continued fraction, x[r] >= 2.5 (umix_cf, fast/model_umix.c) */
void dmv_fast_umix_cf(long n, const double *x, double *c);

void dmv_fast_umix_cf_baseline(long n, const double *x, double *c);
void dmv_fast_umix_narrow_baseline(long n, const double *lo, const double *h, double *J0, double *J1);
void dmv_fast_umix_std_baseline(long n, double alpha, double sigma, const double *x, long xstride, double e,
                                double *q, double *q_l);
#ifdef DMV_UMIX_X86_VARIANTS
void dmv_fast_umix_cf_avx2(long n, const double *x, double *c);
void dmv_fast_umix_cf_avx512(long n, const double *x, double *c);
void dmv_fast_umix_narrow_avx2(long n, const double *lo, const double *h, double *J0, double *J1);
void dmv_fast_umix_narrow_avx512(long n, const double *lo, const double *h, double *J0, double *J1);
void dmv_fast_umix_std_avx2(long n, double alpha, double sigma, const double *x, long xstride, double e, double *q,
                            double *q_l);
void dmv_fast_umix_std_avx512(long n, double alpha, double sigma, const double *x, long xstride, double e,
                              double *q, double *q_l);
#endif

/* One interval [a, b] of a uniform mixture on the n rows x[r * xstride] (fast/model_umix.c): the
 * results big[r], small[r], D[r] are bit for bit those of dmv_fast_umix_interval (fast_internal.h),
 * with the narrow-regime quadrature vectorised across rows. */
void dmv_fast_umix_interval_batch(double alpha, double sigma, long n, const double *x, long xstride, double a,
                                  double b, double *big, double *small, double *D);

#endif
