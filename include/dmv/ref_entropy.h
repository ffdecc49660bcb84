/* The differential entropy of an equal-weight 1-D Gaussian mixture by certified quadrature
 * (reference/empirical_entropy.c, docs/math/memorization.md B.3): for q(x) = (1/n) sum_i N(x; mu_i, v),
 * h = -int q ln q. Used for the mutual information I(X; S) = 1/2 ln(2 pi e) - E_S h(q^_delta) of the
 * empirical-optimal sampler's output in d = 1. */
#ifndef DMV_REF_ENTROPY_H
#define DMV_REF_ENTROPY_H

#include <arb.h>

#include "dmv/error.h"

/* h (a ball) for the n means mu (doubles, exact) and variance v > 0 (exact double). Integrates
 * q ln q over the merged intervals [mu_i - 12 sqrt(v), mu_i + 12 sqrt(v)] (acb_calc_integrate)
 * and adds a bound of the rest to the radius (q <= phi(12)/sqrt(v) there). DMV_EDOM for v outside
 * [1e-12, 1e6], DMV_EPREC if the integrator does not converge at prec. */
int dmv_ref_gmix_entropy(arb_t h, const double *mu, long n, double v, slong prec, dmv_error *err);

#endif
