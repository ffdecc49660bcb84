/* fast/noise.c's Box-Muller stage on given Philox words, for tests (not public API).
 * a[q], b[q] < 2^53 are the words of docs/schemes.md s.4; writes z0[q] = R cos(2 pi u2),
 * z1[q] = R sin(2 pi u2) for q < np, the values dmv_fast_noise gives coordinates 2p, 2p+1. */
#ifndef DMV_FAST_NOISE_INTERNAL_H
#define DMV_FAST_NOISE_INTERNAL_H

#include <stdint.h>

void dmv_fast_noise_box_muller(long np, const uint64_t *a, const uint64_t *b, double *z0, double *z1);

#endif
