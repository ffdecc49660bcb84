/* Philox4x32-10 normal noise: a pure function of (seed, sample, step, coordinate).
 * Bit-level definition: docs/schemes.md section 4. Coordinates 2p and 2p+1
 * share one Philox block (counter word 0 = p) and one Box-Muller pair.
 *
 * Box-Muller uses our own log and sincos (below), a fixed sequence of IEEE double
 * additions, multiplications, one division and one sqrt per pair: no libm call, so the
 * variates do not depend on the libm version, and every step is a branch-free loop
 * over a block of pairs that GCC -O3 vectorises (check: -fopt-info-vec). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <Random123/philox.h>

#include "dmv/fast.h"
#include "noise_internal.h"
#ifdef DMV_FAULT_INJECTION
#include <pthread.h>

#include "fast_internal.h"

/* Faults of the noise generator (test builds only, fast/fault.c), read once per process:
 *  noise_dup=A:B    coordinate B returns the variate of coordinate A (same seed, sample, step);
 *  noise_uniform=1  each variate z replaced by sqrt(3) erf(z / sqrt(2)), uniform on
 *                   [-sqrt(3), sqrt(3)]: mean 0 and variance 1 as N(0, 1), the wrong shape. */
static pthread_once_t fault_once = PTHREAD_ONCE_INIT;
static int fault_has_dup, fault_uni;
static uint32_t fault_from, fault_to;

static void fault_read(void)
{
    double b, a = dmv_fast_fault("noise_dup", &b);
    if (!isnan(a) && !isnan(b) && a >= 0 && b >= 0 && a < 4294967296.0 && b < 4294967296.0) {
        fault_has_dup = 1;
        fault_from = (uint32_t) a;
        fault_to = (uint32_t) b;
    }
    fault_uni = dmv_fast_fault("noise_uniform", NULL) == 1.0;
}

static int fault_dup(uint32_t *from, uint32_t *to)
{
    pthread_once(&fault_once, fault_read);
    *from = fault_from;
    *to = fault_to;
    return fault_has_dup;
}

static double fault_uniform(double z)
{
    pthread_once(&fault_once, fault_read);
    return fault_uni ? sqrt(3.0) * erf(z / sqrt(2.0)) : z;
}
#endif

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

void dmv_fast_noise_box_muller(long np, const uint64_t *a, const uint64_t *b, double *z0, double *z1)
{
    long p0;
    for (p0 = 0; p0 < np; p0 += PAIRS)
        box_muller(np - p0 < PAIRS ? np - p0 : PAIRS, a + p0, b + p0, z0 + p0, z1 + p0);
}

/* Counter word 1 of stream `stream` at `step` (docs/schemes.md s.4): step | stream << 24,
 * stream 0 = the step itself. */
static int stream_word(uint32_t step, uint32_t stream, uint32_t *w1)
{
    if (stream >= DMV_FAST_NOISE_STREAMS || (stream > 0 && step >= DMV_FAST_NOISE_STREAM_STEPS))
        return 0;
    *w1 = step | (stream << 24);
    return 1;
}

double dmv_fast_noise_stream(uint64_t seed, uint64_t sample, uint32_t step, uint32_t stream, uint32_t coord)
{
    uint32_t w1;
    if (!stream_word(step, stream, &w1))
        return NAN;
    return dmv_fast_noise(seed, sample, w1, coord);
}

void dmv_fast_noise_stream_vec(uint64_t seed, uint64_t sample, uint32_t step, uint32_t stream, long d,
                               double *out)
{
    uint32_t w1;
    long j;
    if (!stream_word(step, stream, &w1)) {
        for (j = 0; j < d; j++)
            out[j] = NAN;
        return;
    }
    dmv_fast_noise_vec(seed, sample, w1, d, out);
}

double dmv_fast_noise(uint64_t seed, uint64_t sample, uint32_t step, uint32_t coord)
{
#ifdef DMV_FAULT_INJECTION
    uint32_t from, to;
    if (fault_dup(&from, &to) && coord == to)
        coord = from;
#endif
    philox4x32_ctr_t ctr = {{coord >> 1, step, (uint32_t) sample, (uint32_t) (sample >> 32)}};
    philox4x32_key_t key = {{(uint32_t) seed, (uint32_t) (seed >> 32)}};
    philox4x32_ctr_t r = philox4x32_R(10, ctr, key);
    uint64_t a = (((uint64_t) r.v[0] << 32) | r.v[1]) >> 11;
    uint64_t b = (((uint64_t) r.v[2] << 32) | r.v[3]) >> 11;
    double c, s;
    box_muller(1, &a, &b, &c, &s);
#ifdef DMV_FAULT_INJECTION
    return fault_uniform((coord & 1u) ? s : c);
#else
    return (coord & 1u) ? s : c;
#endif
}

void dmv_fast_noise_vec(uint64_t seed, uint64_t sample, uint32_t step, long d, double *out)
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
#ifdef DMV_FAULT_INJECTION
    {
        uint32_t from, to;
        long j;
        if (fault_dup(&from, &to) && (long) from < d && (long) to < d)
            out[to] = out[from];
        for (j = 0; j < d; j++)
            out[j] = fault_uniform(out[j]);
    }
#endif
}
