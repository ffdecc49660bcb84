/* The noise kernels of fast/noise.c (docs/schemes.md s.4), included once per instruction set:
 * fast/noise.c (baseline: SSE2 on x86-64, whatever the compiler targets elsewhere),
 * fast/noise_avx2.c and fast/noise_avx512.c (x86-64 only, compiled with -mavx2 resp. -mavx512f...
 * by CMakeLists.txt). Before including, define DMV_NOISE_SUFFIX (the name suffix of this copy).
 * The code is plain C11: the same IEEE operations in the same order for every element, no
 * contraction (-ffp-contract=off), no reassociation; the compiler only chooses the vector width.
 * So every copy gives the same bits (tests/fast/t-noise-variants.c checks it on the machine).
 * Chosen at run time by fast/noise.c (dmv_fast_noise_variant). Not a public header. */
#ifndef DMV_NOISE_SUFFIX
#error "define DMV_NOISE_SUFFIX before including noise_kernel.h"
#endif
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "noise_internal.h"
#ifdef DMV_FAULT_INJECTION
#include "fast_internal.h"
#endif

#define DMV_NOISE_CAT2(a, b) a##b
#define DMV_NOISE_CAT(a, b) DMV_NOISE_CAT2(a, b)
#define DMV_NOISE_FN(name) DMV_NOISE_CAT(name, DMV_NOISE_SUFFIX)

#define PAIRS 64

static inline uint64_t bits_of(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline double double_of(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* ---- constants (docs/schemes.md s.4; fitted by Chebyshev interpolation at 60 digits,
 * then rounded to double; the fit's relative error is quoted) ---- */

/* log(1+f) = f - f^2/2 + s (f^2/2 + z T(z)), s = f/(2+f), z = s^2, where
 * T(z) = (2 atanh(s) - 2 s)/s^3 = 2/3 + 2z/5 + ... on z in [0, ((sqrt2-1)/(sqrt2+1))^2];
 * degree 6, relative error 4.7e-16 on T (T's term is below 1% of the log). */
static const double LT0 = 0x1.5555555555558p-1, LT1 = 0x1.99999999952d7p-2, LT2 = 0x1.2492492df281ap-2,
                    LT3 = 0x1.c71c62e3f11e6p-3, LT4 = 0x1.7462b51cb66b1p-3, LT5 = 0x1.39fe51a7c18f9p-3,
                    LT6 = 0x1.2b5900de53b32p-3;
/* log 2 = LN2_HI + LN2_LO, LN2_HI with 42 significant bits (k LN2_HI exact for |k| < 2^11) */
static const double LN2_HI = 0x1.62e42fefa3800p-1, LN2_LO = 0x1.ef35793c76730p-45;
/* sin(pi r/2) = r S(r^2), degree 6 in r^2, r in [-1/2, 1/2]: relative error 3.9e-17 (S0 is
 * pi/2 rounded; the code uses PIO2_HI + PIO2_LO for it instead) */
static const double S1 = -0x1.4abbce625be41p-1, S2 = 0x1.466bc677587f8p-4,
                    S3 = -0x1.32d2cce2e5b19p-8, S4 = 0x1.50782fda12d96p-13, S5 = -0x1.e30071afc3e59p-19,
                    S6 = 0x1.e3f38399551bfp-25;
/* cos(pi r/2) = C(r^2), degree 7 in r^2: relative error 2.1e-17 (C0 = 1; C1 is -pi^2/8
 * rounded; the code uses NPI2_8_HI + NPI2_8_LO for it instead) */
static const double C2 = 0x1.03c1f081b5aacp-2, C3 = -0x1.55d3c7e3c90f8p-6,
                    C4 = 0x1.e1f5068355e15p-11, C5 = -0x1.a6d1ec7906c20p-16, C6 = 0x1.f9cc41140bb60p-22,
                    C7 = -0x1.b264ba152378ap-28;

/* pi/2 and -pi^2/8 as a 26-bit head (its products with 26-bit halves are exact) + a tail */
static const double PIO2_HI = 0x1.921fb58000000p+0, PIO2_LO = -0x1.dde973dcb3b3ap-27;
static const double NPI2_8_HI = -0x1.3bd3cc8000000p+0, NPI2_8_LO = -0x1.be45de5a4adc5p-28;
/* Veltkamp's constant 2^27 + 1: x = h + l with h, l of at most 26 bits (|x| < 2^996) */
static const double SPLIT = 134217729.0;

/* One block of np <= PAIRS Philox4x32-10 outputs, written as plain 32-bit arithmetic so that
 * the compiler can vectorise it (same bits as Random123's philox4x32_R; checked by
 * tests/fast/t-noise.c against the scalar path and Random123's known answers).
 * A[q], B[q] = the 53-bit words a, b of pair p0 + q. */
static void philox_pairs(uint32_t p0, long np, uint32_t step, uint64_t sample, uint64_t seed,
                         uint64_t *restrict A, uint64_t *restrict B)
{
    uint32_t c0[PAIRS], c1[PAIRS], c2[PAIRS], c3[PAIRS];
    const uint32_t s_lo = (uint32_t) sample, s_hi = (uint32_t) (sample >> 32);
    long q;
    int r;
    for (q = 0; q < np; q++) {
        c0[q] = p0 + (uint32_t) q;
        c1[q] = step;
        c2[q] = s_lo;
        c3[q] = s_hi;
    }
    {
        uint32_t k0 = (uint32_t) seed, k1 = (uint32_t) (seed >> 32), inc0 = 0x9E3779B9u;
#ifdef DMV_FAULT_INJECTION
        if (!isnan(dmv_fast_fault("philox_key_inc", NULL))) /* philox_key_inc=D: round constant + D */
            inc0 += (uint32_t) dmv_fast_fault("philox_key_inc", NULL);
#endif
        for (r = 0; r < 10; r++) {
            for (q = 0; q < np; q++) {
                uint64_t m0 = (uint64_t) 0xD2511F53u * c0[q], m1 = (uint64_t) 0xCD9E8D57u * c2[q];
                uint32_t hi0 = (uint32_t) (m0 >> 32), lo0 = (uint32_t) m0;
                uint32_t hi1 = (uint32_t) (m1 >> 32), lo1 = (uint32_t) m1;
                uint32_t n0 = hi1 ^ c1[q] ^ k0, n2 = hi0 ^ c3[q] ^ k1;
                c0[q] = n0;
                c1[q] = lo1;
                c2[q] = n2;
                c3[q] = lo0;
            }
            k0 += inc0;
            k1 += 0xBB67AE85u;
        }
    }
    for (q = 0; q < np; q++) {
        A[q] = (((uint64_t) c0[q] << 32) | c1[q]) >> 11;
        B[q] = (((uint64_t) c2[q] << 32) | c3[q]) >> 11;
    }
}

/* (double) a for a < 2^53, exactly, by integer operations only (SSE2 has no vector
 * 64-bit integer -> double conversion): a = h 2^32 + l, each half placed in the mantissa
 * of a double with a fixed exponent, the exponent subtracted; the sum is exact. */
static inline double u53_to_double(uint64_t a)
{
    double h = double_of(UINT64_C(0x4530000000000000) | (a >> 32)) - 0x1p84;           /* h 2^32 */
    double l = double_of(UINT64_C(0x4330000000000000) | (a & 0xffffffffu)) - 0x1p52; /* l */
    return h + l;
}

/* Box-Muller of np pairs: words A, B -> Z0 = R cos(2 pi u2), Z1 = R sin(2 pi u2). */
static void box_muller(long np, const uint64_t *restrict A, const uint64_t *restrict B, double *restrict Z0,
                       double *restrict Z1)
{
    double L[PAIRS];
    long q;
#ifdef DMV_FAULT_INJECTION
    double vshift = 0.0;
    if (!isnan(dmv_fast_fault("bm_angle", NULL))) /* bm_angle=F: the angle 2 pi u2 + (pi/2) F */
        vshift = dmv_fast_fault("bm_angle", NULL);
#endif
    /* L = -2 log(u1), u1 = (a + 1/2) 2^-53 in [2^-54, 1] (rounded to nearest even: u1 = 1
     * for a = 2^53 - 1). u1 = 2^k m with m in [sqrt(1/2), sqrt(2)): shifting the exponent
     * field by the bits of sqrt(1/2) makes k the carry into it. */
    for (q = 0; q < np; q++) {
        double u1 = (u53_to_double(A[q]) + 0.5) * 0x1p-53;
        uint64_t hb = bits_of(u1) + (UINT64_C(0x95f62) << 32) /* 0x3ff00000 - 0x3fe6a09e */;
        double dk = (double_of(UINT64_C(0x4330000000000000) | (hb >> 52)) - 0x1p52) - 1023.0; /* k */
        double f = double_of((hb & UINT64_C(0x000fffffffffffff)) + (UINT64_C(0x3fe6a09e) << 32)) - 1.0;
        double hfsq = 0.5 * f * f;
        double s = f / (2.0 + f);
        double z = s * s;
        double R = z * (LT0 + z * (LT1 + z * (LT2 + z * (LT3 + z * (LT4 + z * (LT5 + z * LT6))))));
        double lg = dk * LN2_HI + (f - (hfsq - (s * (hfsq + R) + dk * LN2_LO)));
        L[q] = -2.0 * lg;
    }
    /* t = 2 pi u2 = (pi/2)(n + r): v = 4 u2 (exact), n = v rounded to nearest (even), r = v - n
     * in [-1/2, 1/2] (exact); sin and cos of (pi/2) r by the polynomials; the quadrant n mod 4
     * swaps them and sets the signs (bit operations, no branch). */
    for (q = 0; q < np; q++) {
        double u2 = (u53_to_double(B[q]) + 0.5) * 0x1p-53;
#ifdef DMV_FAULT_INJECTION
        double v = 4.0 * u2 + vshift;
#else
        double v = 4.0 * u2;
#endif
        double w = v + 0x1.8p52;
        uint64_t n = bits_of(w) & 3u;
        double r = v - (w - 0x1.8p52);
        /* r = rh + rl and z + zl = r^2 exactly (Dekker's product) */
        double tr = SPLIT * r, rh = tr - (tr - r), rl = r - rh;
        double z = r * r, zl = ((rh * rh - z) + 2.0 * rh * rl) + rl * rl;
        double tz = SPLIT * z, zh = tz - (tz - z), zt = z - zh;
        /* sin: (pi/2) r, its head PIO2_HI r = p + e exactly, plus the rest */
        double p = PIO2_HI * r, e = (PIO2_HI * rh - p) + PIO2_HI * rl;
        double sn = p + (e + (PIO2_LO * r + r * (z * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6))))))));
        /* cos: 1 + (-pi^2/8) z + ..., the head NPI2_8_HI z = pc + ec exactly, 1 + pc = wc + (1 - wc) + pc */
        double pc = NPI2_8_HI * z, ec = (NPI2_8_HI * zh - pc) + NPI2_8_HI * zt;
        double wc = 1.0 + pc;
        double cs = wc + (((1.0 - wc) + pc) +
                          (ec + (NPI2_8_HI * zl + NPI2_8_LO * z +
                                 z * z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * (C6 + z * C7))))))));
        uint64_t swap = UINT64_C(0) - (n & 1u); /* all ones for odd quadrants */
        uint64_t bs = bits_of(sn), bc = bits_of(cs);
        uint64_t cb = (bs & swap) | (bc & ~swap), sb = (bc & swap) | (bs & ~swap);
        uint64_t cneg = ((n + 1u) >> 1) & 1u, sneg = (n >> 1) & 1u; /* cos < 0 in 1, 2; sin < 0 in 2, 3 */
        double R = sqrt(L[q]);
        Z0[q] = R * double_of(cb ^ (cneg << 63));
        Z1[q] = R * double_of(sb ^ (sneg << 63));
    }
}

/* dmv_fast_noise_vec without the fault hooks of fast/noise.c */
void DMV_NOISE_FN(dmv_fast_noise_vec_)(uint64_t seed, uint64_t sample, uint32_t step, long d, double *out)
{
    uint64_t A[PAIRS], B[PAIRS];
    double Z0[PAIRS], Z1[PAIRS];
    long npairs = (d + 1) / 2, p0, q;
    for (p0 = 0; p0 < npairs; p0 += PAIRS) {
        long np = npairs - p0 < PAIRS ? npairs - p0 : PAIRS;
        double *o = out + 2 * p0;
        long full = 2 * (p0 + np) <= d ? np : np - 1; /* pairs with both coordinates in range */
        philox_pairs((uint32_t) p0, np, step, sample, seed, A, B);
        box_muller(np, A, B, Z0, Z1);
        for (q = 0; q < full; q++) {
            o[2 * q] = Z0[q];
            o[2 * q + 1] = Z1[q];
        }
        if (full < np)
            o[2 * full] = Z0[full];
    }
}
