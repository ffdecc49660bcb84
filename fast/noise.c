/* Philox4x32-10 normal noise: a pure function of (seed, sample, step, coordinate).
 * Bit-level definition: docs/schemes.md section 4. Coordinates 2p and 2p+1
 * share one Philox block (counter word 0 = p) and one Box-Muller pair. */
#include <math.h>
#include <stdint.h>

#include <Random123/philox.h>

#include "dmv/fast.h"

/* The double nearest to 2 pi (0x1.921fb54442d18p+2). */
static const double two_pi = 6.283185307179586476925286766559;

static void block(uint64_t seed, uint64_t sample, uint32_t step, uint32_t pair, double *c, double *s)
{
    philox4x32_ctr_t ctr = {{pair, step, (uint32_t) sample, (uint32_t) (sample >> 32)}};
    philox4x32_key_t key = {{(uint32_t) seed, (uint32_t) (seed >> 32)}};
    philox4x32_ctr_t r = philox4x32_R(10, ctr, key);
    uint64_t a = (((uint64_t) r.v[0] << 32) | r.v[1]) >> 11;
    uint64_t b = (((uint64_t) r.v[2] << 32) | r.v[3]) >> 11;
    double u1 = ((double) a + 0.5) * 0x1.0p-53; /* exact: a < 2^53 */
    double u2 = ((double) b + 0.5) * 0x1.0p-53;
    double rad = sqrt(-2.0 * log(u1));
    double t = two_pi * u2;
    *c = rad * cos(t);
    *s = rad * sin(t);
}

double dmv_fast_noise(uint64_t seed, uint64_t sample, uint32_t step, uint32_t coord)
{
    double c, s;
    block(seed, sample, step, coord >> 1, &c, &s);
    return (coord & 1u) ? s : c;
}

/* One Philox4x32-10 block per pair, written as plain 32-bit arithmetic over a block of
 * pairs so that the compiler can vectorise it (same bits as philox4x32_R; checked by
 * tests/fast/t-noise.c against the scalar path and Random123's known answers). */
#define PAIRS 64

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
        uint32_t k0 = (uint32_t) seed, k1 = (uint32_t) (seed >> 32);
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
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
    }
    for (q = 0; q < np; q++) {
        A[q] = (((uint64_t) c0[q] << 32) | c1[q]) >> 11;
        B[q] = (((uint64_t) c2[q] << 32) | c3[q]) >> 11;
    }
}

void dmv_fast_noise_vec(uint64_t seed, uint64_t sample, uint32_t step, long d, double *out)
{
    uint64_t A[PAIRS], B[PAIRS];
    long npairs = (d + 1) / 2, p0, q;
    for (p0 = 0; p0 < npairs; p0 += PAIRS) {
        long np = npairs - p0 < PAIRS ? npairs - p0 : PAIRS;
        philox_pairs((uint32_t) p0, np, step, sample, seed, A, B);
        for (q = 0; q < np; q++) {
            double u1 = ((double) A[q] + 0.5) * 0x1.0p-53;
            double u2 = ((double) B[q] + 0.5) * 0x1.0p-53;
            double rad = sqrt(-2.0 * log(u1));
            double t = two_pi * u2;
            long j = 2 * (p0 + q);
            out[j] = rad * cos(t);
            if (j + 1 < d)
                out[j + 1] = rad * sin(t);
        }
    }
}
