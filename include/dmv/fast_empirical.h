/* The empirical-optimal model in double, one point at a time (fast/empirical_eval.c,
 * docs/math/memorization.md): for the empirical law (1/N) sum_i delta_{X_i} noised as
 * x = alpha X_J + sigma z (alpha^2 = abar, sigma^2 = 1 - abar on VP processes),
 *   w_i   = softmax_i(-|x - alpha X_i|^2 / (2 sigma^2))       (the posterior weights)
 *   D     = sum_i w_i X_i                                      (denoiser)
 *   eps   = sum_i w_i (x - alpha X_i) / sigma  = (x - alpha D)/sigma   (noise prediction)
 *   score = -eps / sigma = (alpha D - x) / sigma^2.
 * eps and score are summed from the differences x - alpha X_i (no cancellation when x is near
 * alpha D); the exponents are double-double (as the empirical model, fast/model_empirical.c), so
 * the weights stay accurate in the underflow regime (tiny sigma, far points) and near Voronoi
 * boundaries (two weights equal). Never includes reference/. */
#ifndef DMV_FAST_EMPIRICAL_H
#define DMV_FAST_EMPIRICAL_H

#include "dmv/error.h"

/* D, eps, score: d entries each (any may be NULL); w: N entries (may be NULL), the normalised
 * weights (those below e^-50 of the largest are 0). X: N x d row-major. DMV_EINVAL for bad
 * sizes or NULL X/x, DMV_EDOM for alpha < 0, sigma <= 0 or 2 sigma^2 not normal. */
int dmv_fast_empirical_eval(double *D, double *eps, double *score, double *w, long d, long N, const double *X,
                            double alpha, double sigma, const double *x, dmv_error *err);

#endif
