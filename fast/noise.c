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

void dmv_fast_noise_vec(uint64_t seed, uint64_t sample, uint32_t step, long d, double *out)
{
    long j;
    for (j = 0; j + 1 < d; j += 2)
        block(seed, sample, step, (uint32_t) (j >> 1), &out[j], &out[j + 1]);
    if (j < d) {
        double c, s;
        block(seed, sample, step, (uint32_t) (j >> 1), &c, &s);
        out[j] = c;
    }
}
