/* The designed-point probe of core.pathwise.empirical (theorems/checks/core_empirical.c). */
#ifndef DMV_CORE_EMPIRICAL_H
#define DMV_CORE_EMPIRICAL_H

#include "dmv/claim.h"
#include "dmv/fast.h"
#include "dmv/model_spec.h"

/* Fast denoiser of the spec's empirical model against Arb at designed points in the underflow, far
 * and Voronoi regimes, at the levels eps and 1e-5 of proc; adds a table and a number to out and
 * the count of coordinates outside d_rel max(1, |x|/alpha, d_scale) to *outside. */
int dmv_core_empirical_probe(const dmv_model_spec *spec, const dmv_fast_model *fm, const dmv_process *proc,
                             double eps, double d_rel, double d_scale, dmv_result *out, long *outside,
                             dmv_error *err);

#endif
