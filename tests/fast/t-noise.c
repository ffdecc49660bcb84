/* Philox4x32-10 noise: Random123 known-answer vectors, a Box-Muller value derived
 * by hand from those words, the vector/scalar agreement, and the law of 10^7
 * variates (moments against their standard errors, Kolmogorov-Smirnov). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <Random123/philox.h>

#include "dmv/fast.h"
#include "dmv_test.h"

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
