/* Noise streams (docs/schemes.md s.4): stream 0 is dmv_fast_noise bit for bit; stream s at
 * (seed, sample, step, coord) is the Philox4x32-10 block of Random123 at the documented counter
 * {coord >> 1, step | s << 24, sample lo, sample hi}, key {seed lo, seed hi}, through the same
 * Box-Muller map (checked against MPFR by t-noise.c); out-of-range streams/steps give NaN. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <Random123/philox.h>

#include "dmv/fast.h"
#include "dmv_test.h"
#include "../../fast/noise_internal.h"

/* The variate of coordinate `coord` from the counter computed here by hand. */
static double by_hand(uint64_t seed, uint64_t sample, uint32_t step, uint32_t stream, uint32_t coord)
{
    philox4x32_ctr_t c = {{coord >> 1, step | (stream << 24), (uint32_t) sample, (uint32_t) (sample >> 32)}};
    philox4x32_key_t key = {{(uint32_t) seed, (uint32_t) (seed >> 32)}};
    philox4x32_ctr_t r = philox4x32_R(10, c, key);
    uint64_t a = (((uint64_t) r.v[0] << 32) | r.v[1]) >> 11, b = (((uint64_t) r.v[2] << 32) | r.v[3]) >> 11;
    double z0, z1;
    dmv_fast_noise_box_muller(1, &a, &b, &z0, &z1);
    return (coord & 1u) ? z1 : z0;
}

static int same_bits(double x, double y)
{
    return memcmp(&x, &y, sizeof x) == 0;
}

int main(void)
{
    dmv_test_rng rng = {2026};
    long it, iters = dmv_test_iters(20000), j;
    enum { D = 131 };
    double v0[D], v1[D], vs[D];

    for (it = 0; it < iters; it++) {
        uint64_t seed = dmv_test_next(&rng), sample = dmv_test_next(&rng) >> (dmv_test_next(&rng) % 64);
        uint32_t step = (uint32_t) (dmv_test_next(&rng) >> (32 + dmv_test_next(&rng) % 32));
        uint32_t coord = (uint32_t) (dmv_test_next(&rng) >> (32 + dmv_test_next(&rng) % 32));
        uint32_t stream = 1 + (uint32_t) (dmv_test_next(&rng) % (DMV_FAST_NOISE_STREAMS - 1));
        uint32_t sstep = step & (uint32_t) (DMV_FAST_NOISE_STREAM_STEPS - 1);
        double z0 = dmv_fast_noise_stream(seed, sample, step, 0, coord);
        double zs = dmv_fast_noise_stream(seed, sample, sstep, stream, coord);
        /* stream 0 keeps today's bits, for every step (also >= 2^24) */
        DMV_CHECK(same_bits(z0, dmv_fast_noise(seed, sample, step, coord)), "stream 0 differs at step %u coord %u",
                  step, coord);
        DMV_CHECK(same_bits(z0, by_hand(seed, sample, step, 0, coord)), "stream 0 vs the hand counter");
        /* stream s: the documented counter */
        DMV_CHECK(same_bits(zs, by_hand(seed, sample, sstep, stream, coord)),
                  "stream %u step %u coord %u: %.17g vs hand %.17g", stream, sstep, coord, zs,
                  by_hand(seed, sample, sstep, stream, coord));
        DMV_CHECK(isfinite(zs) && !same_bits(zs, dmv_fast_noise(seed, sample, sstep, coord)),
                  "stream %u equals stream 0 at step %u coord %u", stream, sstep, coord);
    }
    /* the vector forms: stream 0 = dmv_fast_noise_vec, stream s = its scalar values */
    for (it = 0; it < 50; it++) {
        uint64_t seed = dmv_test_next(&rng), sample = dmv_test_next(&rng);
        uint32_t step = (uint32_t) (dmv_test_next(&rng) % DMV_FAST_NOISE_STREAM_STEPS);
        uint32_t stream = (uint32_t) (it % 4 == 0 ? DMV_FAST_NOISE_STREAMS - 1 : 1 + it % 7);
        long d = 1 + (long) (dmv_test_next(&rng) % D);
        dmv_fast_noise_vec(seed, sample, step, d, v0);
        dmv_fast_noise_stream_vec(seed, sample, step, 0, d, v1);
        dmv_fast_noise_stream_vec(seed, sample, step, stream, d, vs);
        for (j = 0; j < d; j++) {
            DMV_CHECK(same_bits(v0[j], v1[j]), "stream 0 vec differs at %ld", j);
            DMV_CHECK(same_bits(vs[j], by_hand(seed, sample, step, stream, (uint32_t) j)), "stream %u vec at %ld",
                      stream, j);
        }
    }
    /* the limits: stream >= 256, or stream > 0 at step >= 2^24, is NaN (never a silent alias) */
    DMV_CHECK(isnan(dmv_fast_noise_stream(1, 2, 3, DMV_FAST_NOISE_STREAMS, 4)), "stream 256 must be NaN");
    DMV_CHECK(isnan(dmv_fast_noise_stream(1, 2, (uint32_t) DMV_FAST_NOISE_STREAM_STEPS, 1, 4)),
              "stream 1 at step 2^24 must be NaN");
    DMV_CHECK(isfinite(dmv_fast_noise_stream(1, 2, (uint32_t) DMV_FAST_NOISE_STREAM_STEPS - 1, 255, 4)),
              "stream 255 at step 2^24 - 1 is in range");
    dmv_fast_noise_stream_vec(1, 2, (uint32_t) DMV_FAST_NOISE_STREAM_STEPS, 3, 5, vs);
    for (j = 0; j < 5; j++)
        DMV_CHECK(isnan(vs[j]), "vec out of range must be NaN at %ld", j);
    DMV_TEST_DONE("t-noise-stream");
}
