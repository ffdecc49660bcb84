/* Philox4x32-10 noise: Random123 known-answer vectors, a Box-Muller value derived
 * by hand from those words, the vector/scalar agreement, the accuracy of our own
 * log/sincos Box-Muller against MPFR (200 bits) on random and edge-case words, and the
 * law of 10^7 variates (moments against their standard errors, Kolmogorov-Smirnov). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <Random123/philox.h>
#include <mpfr.h>

#include "dmv/fast.h"
#include "dmv_test.h"
#include "../../fast/noise_internal.h"

/* Max error of a variate against the exact Box-Muller value of the same (u1, u2), in
 * ulps of the exact value: measured 2.53 ulp over 2 x 10^7 variates (DMV_NOISE_ULP_N=10000000;
 * docs/schemes.md s.4). */
#ifndef ULP_BOUND
#define ULP_BOUND 3.0
#endif

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* |z - e| in units of the double ulp at e (e != 0); e = 0 demands z = 0 */
static double ulps(double z, const mpfr_t e, mpfr_t t)
{
    if (mpfr_zero_p(e))
        return z == 0 ? 0 : HUGE_VAL;
    mpfr_sub_d(t, e, z, MPFR_RNDN);
    mpfr_abs(t, t, MPFR_RNDN);
    mpfr_mul_2si(t, t, 53 - mpfr_get_exp(e), MPFR_RNDN); /* |e| in [2^(E-1), 2^E): ulp 2^(E-53) */
    return mpfr_get_d(t, MPFR_RNDN);
}

typedef struct {
    double max;
    uint64_t a, b;
    long n;
} ulp_stat;

/* exact sqrt(-2 log u1) (cos, sin)(2 pi u2) at 200 bits for the u1, u2 that docs/schemes.md
 * s.4 defines from the words (the double (a + 1/2) 2^-53, rounded like the code) */
static void check_words(long np, const uint64_t *a, const uint64_t *b, ulp_stat *st)
{
    double *z0 = (double *) malloc((size_t) np * sizeof(double)), *z1 = (double *) malloc((size_t) np * sizeof(double));
    mpfr_t R, t, c, s, e, tmp;
    long q;
    if (!z0 || !z1)
        exit(1);
    mpfr_inits2(200, R, t, c, s, e, tmp, (mpfr_ptr) 0);
    dmv_fast_noise_box_muller(np, a, b, z0, z1);
    for (q = 0; q < np; q++) {
        double u1 = ((double) a[q] + 0.5) * 0x1.0p-53, u2 = ((double) b[q] + 0.5) * 0x1.0p-53, err;
        mpfr_set_d(R, u1, MPFR_RNDN);
        mpfr_log(R, R, MPFR_RNDN);
        mpfr_mul_si(R, R, -2, MPFR_RNDN);
        mpfr_sqrt(R, R, MPFR_RNDN);
        mpfr_const_pi(t, MPFR_RNDN);
        mpfr_mul_d(t, t, u2, MPFR_RNDN);
        mpfr_mul_2si(t, t, 1, MPFR_RNDN);
        mpfr_sin_cos(s, c, t, MPFR_RNDN);
        /* cos(2 pi u2) = 0 exactly at u2 = 1/4, 3/4 and sin(2 pi u2) = 0 at u2 = 1/2, 1 (u2 is
         * rounded: b >= 2^52 gives such u2), where MPFR's 200-bit pi gives ~2^-200, not 0 */
        if (u2 == 0.25 || u2 == 0.75)
            mpfr_set_zero(c, 1);
        if (u2 == 0.5 || u2 == 1.0)
            mpfr_set_zero(s, 1);
        if (u1 == 1.0)
            mpfr_set_zero(R, 1);
        mpfr_mul(e, R, c, MPFR_RNDN);
        err = ulps(z0[q], e, tmp);
        if (err > st->max)
            st->max = err, st->a = a[q], st->b = b[q];
        DMV_CHECK(err <= ULP_BOUND, "cos: a = %llu b = %llu: z = %a, exact %.20g (%.3g ulp)",
                  (unsigned long long) a[q], (unsigned long long) b[q], z0[q], mpfr_get_d(e, MPFR_RNDN), err);
        mpfr_mul(e, R, s, MPFR_RNDN);
        err = ulps(z1[q], e, tmp);
        if (err > st->max)
            st->max = err, st->a = a[q], st->b = b[q];
        DMV_CHECK(err <= ULP_BOUND, "sin: a = %llu b = %llu: z = %a, exact %.20g (%.3g ulp)",
                  (unsigned long long) a[q], (unsigned long long) b[q], z1[q], mpfr_get_d(e, MPFR_RNDN), err);
    }
    st->n += 2 * np;
    mpfr_clears(R, t, c, s, e, tmp, (mpfr_ptr) 0);
    free(z0);
    free(z1);
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

/* Kolmogorov limit law: P(sqrt(n) D > x) = 2 sum_k (-1)^(k-1) exp(-2 k^2 x^2) */
static double ks_pvalue(double x)
{
    double p = 0;
    int k;
    if (x < 0.2)
        return 1.0;
    for (k = 1; k < 100; k++)
        p += ((k & 1) ? 2.0 : -2.0) * exp(-2.0 * k * k * x * x);
    return p;
}

int main(void)
{
    /* Random123 kat_vectors: philox4x32 10 (ctr; key) -> out */
    {
        philox4x32_ctr_t c0 = {{0, 0, 0, 0}}, c1 = {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}};
        philox4x32_ctr_t c2 = {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}};
        philox4x32_key_t k0 = {{0, 0}}, k1 = {{0xffffffff, 0xffffffff}}, k2 = {{0xa4093822, 0x299f31d0}};
        philox4x32_ctr_t r0 = philox4x32_R(10, c0, k0), r1 = philox4x32_R(10, c1, k1), r2 = philox4x32_R(10, c2, k2);
        const uint32_t e0[4] = {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8};
        const uint32_t e1[4] = {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd};
        const uint32_t e2[4] = {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1};
        int i;
        for (i = 0; i < 4; i++) {
            DMV_CHECK(r0.v[i] == e0[i], "kat0 word %d: %08x != %08x", i, r0.v[i], e0[i]);
            DMV_CHECK(r1.v[i] == e1[i], "kat1 word %d: %08x != %08x", i, r1.v[i], e1[i]);
            DMV_CHECK(r2.v[i] == e2[i], "kat2 word %d: %08x != %08x", i, r2.v[i], e2[i]);
        }
    }
    /* By hand from the KAT words (seed 0, sample 0, step 0 -> ctr {0,0,0,0}, key {0,0}):
     * a = 0x6627e8d5e169c58d >> 11 = 3594291074837816, b = 0xbc57ac4c9b00dbd8 >> 11 = 6626711644102683,
     * u1 = (a + 1/2) 2^-53, u2 = (b + 1/2) 2^-53; with 40-digit arithmetic (mpmath):
     * sqrt(-2 log u1) cos(2 pi u2) = -0.12151797595308135123..., sin: -1.35003265985765514827... */
    {
        double z0 = dmv_fast_noise(0, 0, 0, 0), z1 = dmv_fast_noise(0, 0, 0, 1);
        DMV_CHECK(fabs(z0 - -0.1215179759530813512) < 1e-15, "z0 = %.17g", z0);
        DMV_CHECK(fabs(z1 - -1.3500326598576551483) < 4e-15, "z1 = %.17g", z1);
    }
    /* the counter layout: key = seed words, ctr = {j >> 1, k, i lo, i hi} */
    {
        uint64_t seed = 0x0123456789abcdefULL, i = 0xfedcba9876543210ULL;
        uint32_t k = 77, j = 1001;
        philox4x32_ctr_t c = {{j >> 1, k, (uint32_t) i, (uint32_t) (i >> 32)}};
        philox4x32_key_t key = {{(uint32_t) seed, (uint32_t) (seed >> 32)}};
        philox4x32_ctr_t r = philox4x32_R(10, c, key);
        uint64_t a = (((uint64_t) r.v[0] << 32) | r.v[1]) >> 11, b = (((uint64_t) r.v[2] << 32) | r.v[3]) >> 11;
        long double u1 = ((long double) a + 0.5L) / 9007199254740992.0L;
        long double u2 = ((long double) b + 0.5L) / 9007199254740992.0L;
        long double R = sqrtl(-2 * logl(u1)), t = 2 * 3.14159265358979323846264338327950288L * u2;
        double z = dmv_fast_noise(seed, i, k, j);
        DMV_CHECK(fabsl((long double) z - R * sinl(t)) < 1e-14L * (1 + fabsl(R)), "layout: z = %.17g vs %.17Lg", z,
                  R * sinl(t));
    }
    /* accuracy against MPFR: random words (uniform, u1 log-uniform down to 2^-54, u1 near 1),
     * and edge words (u1 = 2^-54 (R = 8.57), u1 near 1/2, sqrt(1/2) and 1, u2 next to every
     * multiple of 1/8: the quadrant and octant boundaries of the reduction).
     * DMV_NOISE_ULP_N sets the number of random words (default 3 x 10^5). */
    {
        const uint64_t M = (UINT64_C(1) << 53) - 1;
        long n = getenv("DMV_NOISE_ULP_N") ? atol(getenv("DMV_NOISE_ULP_N")) : 300000, i, m = 0;
        long cap = n + 40000;
        uint64_t *a = (uint64_t *) malloc((size_t) cap * sizeof(uint64_t)), *b = (uint64_t *) malloc((size_t) cap * sizeof(uint64_t));
        uint64_t x = 12345;
        ulp_stat st = {0, 0, 0, 0};
        int k;
        long dlt;
        if (!a || !b)
            return 1;
        for (i = 0; i < n; i++) {
            uint64_t r1 = splitmix64(&x) >> 11, r2 = splitmix64(&x) >> 11, sh = splitmix64(&x) % 53;
            switch (i % 3) {
            case 0: a[m] = r1; break;                 /* uniform */
            case 1: a[m] = r1 >> sh; break;           /* u1 log-uniform: the tail */
            default: a[m] = M - (r1 >> sh); break;    /* u1 near 1 */
            }
            b[m++] = r2;
        }
        for (dlt = 0; dlt < 2000; dlt++) { /* u1 = (dlt + 1/2) 2^-53 and u1 near 1 */
            a[m] = (uint64_t) dlt, b[m++] = splitmix64(&x) >> 11;
            a[m] = M - (uint64_t) dlt, b[m++] = splitmix64(&x) >> 11;
        }
        for (dlt = -2000; dlt < 2000; dlt++) { /* u1 near 1/2 and sqrt(1/2) (the log's range split) */
            a[m] = (UINT64_C(1) << 52) + (uint64_t) dlt, b[m++] = splitmix64(&x) >> 11;
            a[m] = UINT64_C(6369051672525773) + (uint64_t) dlt, b[m++] = splitmix64(&x) >> 11; /* 2^53 sqrt(1/2) */
        }
        for (k = 0; k <= 8; k++) /* u2 next to k/8 */
            for (dlt = -1000; dlt < 1000; dlt++) {
                int64_t bb = (int64_t) k * (INT64_C(1) << 50) + dlt;
                if (bb < 0 || bb > (int64_t) M)
                    continue;
                a[m] = splitmix64(&x) >> (11 + (dlt & 31)), b[m++] = (uint64_t) bb;
            }
        check_words(m, a, b, &st);
        printf("Box-Muller vs MPFR: %ld variates, max error %.3f ulp (a = %llu, b = %llu)\n", st.n, st.max,
               (unsigned long long) st.a, (unsigned long long) st.b);
        free(a);
        free(b);
    }
    /* vector == scalar, odd and even d */
    {
        double v[37];
        long d, j;
        for (d = 1; d <= 37; d += 9) {
            dmv_fast_noise_vec(99, 12345, 3, d, v);
            for (j = 0; j < d; j++)
                DMV_CHECK(memcmp(&v[j], &(double){dmv_fast_noise(99, 12345, 3, (uint32_t) j)}, 8) == 0,
                          "vec d=%ld j=%ld", d, j);
        }
    }
    /* law of 10^7 variates (seed 2024, samples 0.., step 5, 1000 coordinates each) */
    {
        const long n = 10000000, d = 1000;
        double *x = (double *) malloc((size_t) n * sizeof(double));
        long i, j;
        long double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
        double m, v, sk, ku, dmax = 0, p;
        if (!x)
            return 1;
        for (i = 0; i < n / d; i++)
            dmv_fast_noise_vec(2024, (uint64_t) i, 5, d, x + i * d);
        for (i = 0; i < n; i++) {
            long double t = x[i], t2 = t * t;
            s1 += t, s2 += t2, s3 += t2 * t, s4 += t2 * t2;
        }
        m = (double) (s1 / n);
        v = (double) (s2 / n);
        sk = (double) (s3 / n);
        ku = (double) (s4 / n);
        /* standard errors under N(0,1): E z^p and Var z^p = E z^2p - (E z^p)^2 -> 1, 2, 15, 96 */
        DMV_CHECK(fabs(m) < 5 * sqrt(1.0 / n), "mean %g", m);
        DMV_CHECK(fabs(v - 1) < 5 * sqrt(2.0 / n), "E z^2 = %g", v);
        DMV_CHECK(fabs(sk) < 5 * sqrt(15.0 / n), "E z^3 = %g", sk);
        DMV_CHECK(fabs(ku - 3) < 5 * sqrt(96.0 / n), "E z^4 = %g", ku);
        qsort(x, (size_t) n, sizeof(double), cmp);
        for (i = 0; i < n; i++) {
            double F = 0.5 * erfc(-x[i] / sqrt(2.0));
            double lo = F - (double) i / n, hi = (double) (i + 1) / n - F;
            if (lo > dmax) dmax = lo;
            if (hi > dmax) dmax = hi;
        }
        p = ks_pvalue(sqrt((double) n) * dmax);
        printf("10^7 normals: mean %.3g, E z^2 - 1 %.3g, E z^3 %.3g, E z^4 - 3 %.3g, KS D %.3g p %.3g\n", m, v - 1,
               sk, ku - 3, dmax, p);
        DMV_CHECK(p > 1e-3, "KS D = %g, p = %g", dmax, p);
        (void) j;
        free(x);
    }
    DMV_TEST_DONE("t-noise");
}
