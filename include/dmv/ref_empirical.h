/* The empirical-optimal model in Arb (reference/empirical_eval.c, docs/math/memorization.md):
 * for the empirical law (1/N) sum_i delta_{X_i} (X: N x d row-major doubles taken as exact) at
 * x = alpha X_J + sigma z, balls that contain
 *   w_i   = softmax_i(-|x - a X_i|^2 / (2 s^2)),  D = sum_i w_i X_i,
 *   eps   = sum_i w_i (x - a X_i) / s,             score = -eps / s.
 * Exponents are summed coordinate by coordinate (no cancellation at small s) and shifted by the
 * largest midpoint; Arb's exponent range is unbounded, so nothing underflows (tiny s, far points)
 * and two equal weights (a Voronoi boundary) are two equal balls. */
#ifndef DMV_REF_EMPIRICAL_H
#define DMV_REF_EMPIRICAL_H

#include <arb.h>

#include "dmv/error.h"

/* D, eps, score: d initialised arbs each (any may be NULL); w: N arbs (may be NULL). a, s, x: balls
 * (s must not contain 0). DMV_EINVAL for bad sizes, DMV_EDOM for a < 0 or s not > 0. */
int dmv_ref_empirical_eval(arb_ptr D, arb_ptr eps, arb_ptr score, arb_ptr w, const double *X, long N, long d,
                           const arb_t a, const arb_t s, arb_srcptr x, slong prec, dmv_error *err);

/* The same at exact doubles (a, s, x[d]), escalating the precision from prec up to prec_max until
 * every entry of D, eps and score has radius <= 2^-acc_bits max(1, |mid|) (DMV_EPREC naming the
 * entry otherwise; the outputs then hold the last, valid enclosure). */
int dmv_ref_empirical_eval_d(arb_ptr D, arb_ptr eps, arb_ptr score, arb_ptr w, const double *X, long N, long d,
                             double a, double s, const double *x, slong acc_bits, slong prec, slong prec_max,
                             dmv_error *err);

#endif
