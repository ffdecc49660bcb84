/* fast/: double-precision samplers. Never includes reference/ or Arb/MPFR.
 * The mathematics is docs/schemes.md; fast/ implements it on its own. */
#ifndef DMV_FAST_H
#define DMV_FAST_H

#include <stddef.h>
#include <stdint.h>

#include "dmv/error.h"
#include "dmv/spec.h"

/* ---- noise: Philox4x32-10, a pure function of (seed, sample, step, coordinate) ----
 * step 0 is the initial point; step k >= 1 is the noise of the step s_{k-1} -> s_k.
 * Exact bit-level definition: docs/schemes.md, section "Noise". */
double dmv_fast_noise(uint64_t seed, uint64_t sample, uint32_t step, uint32_t coord);
/* Fills out[0..d) with the noise of coordinates 0..d-1 (same values as dmv_fast_noise). */
void dmv_fast_noise_vec(uint64_t seed, uint64_t sample, uint32_t step, long d, double *out);

/* ---- model: every scheme sees the data only through a denoiser ---------------
 * denoise writes out[r*dim + j] = E[x_0 | x_s = x_r][j] for n rows x (row-major,
 * n x dim) at a time s with scales alpha = alpha(s), sigma = sigma(s).
 * workspace: at least workspace_size(m, n) bytes, owned by the caller (one per thread). */
typedef struct dmv_fast_model {
    long dim;
    int (*denoise)(const struct dmv_fast_model *m, double alpha, double sigma, long n,
                   const double *x, double *out, void *workspace);
    size_t (*workspace_size)(const struct dmv_fast_model *m, long n); /* NULL: none needed */
    void (*clear)(struct dmv_fast_model *m);                          /* frees state; NULL: nothing */
    void *state;
} dmv_fast_model;

/* Releases what a model constructor allocated (calls m->clear). */
void dmv_fast_model_clear(dmv_fast_model *m);

#endif
