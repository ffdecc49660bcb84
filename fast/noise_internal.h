/* fast/noise.c's Box-Muller stage on given Philox words, for tests (not public API).
 * a[q], b[q] < 2^53 are the words of docs/schemes.md s.4; writes z0[q] = R cos(2 pi u2),
 * z1[q] = R sin(2 pi u2) for q < np, the values dmv_fast_noise gives coordinates 2p, 2p+1. */
#ifndef DMV_FAST_NOISE_INTERNAL_H
#define DMV_FAST_NOISE_INTERNAL_H

#include <stdint.h>

void dmv_fast_noise_box_muller(long np, const uint64_t *a, const uint64_t *b, double *z0, double *z1);

/* The copies of fast/noise_kernel.h: dmv_fast_noise_vec without its fault hooks, one per
 * instruction set (the avx2 and avx512 ones exist on x86-64 with GCC or Clang only). */
void dmv_fast_noise_vec_base(uint64_t seed, uint64_t sample, uint32_t step, long d, double *out);
void dmv_fast_noise_vec_avx2(uint64_t seed, uint64_t sample, uint32_t step, long d, double *out);
void dmv_fast_noise_vec_avx512(uint64_t seed, uint64_t sample, uint32_t step, long d, double *out);
/* Variant i's name (0 = "baseline"; NULL past the last) and whether this CPU runs it. */
const char *dmv_fast_noise_variant_name(int i);
int dmv_fast_noise_variant_supported(const char *name);

#endif
