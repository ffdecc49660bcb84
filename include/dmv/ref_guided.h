/* reference/guided_*.c: a high-precision 1-D reference of the guided probability-flow ODE of
 * Chidambaram et al. (arXiv 2409.13074), docs/math/guidance.md.
 *
 * Two models, both guided towards the class z = +1 with the score (1 + w) s_c - w s_u under the
 * OU process dX = -X dt + sqrt(2) dB (x_t = u x_0 + sigma z, u = e^{-t}, sigma^2 = 1 - u^2):
 *   DMV_GUIDED_UNIFORM: p = 1/2 U[a1, a2] + 1/2 U[-a2, -a1], 0 <= a1 < a2, cond = U[a1, a2];
 *   DMV_GUIDED_GAUSS:   p = 1/2 N(1, 1) + 1/2 N(-1, 1), cond = N(1, 1).
 * The flow is integrated in the lambda-clock (docs/math/guidance.md#clock):
 *   yh = x/u, sh = sigma/u = sqrt(e^{2t} - 1), lambda = ln sh,  d yh/d lambda = yh - D_w(yh, sh),
 * from lambda_T = ln sh(T) down to ln sh_min, where D_w = D_c + w (D_c - D_u) is the guided
 * denoiser in VE variables (alpha = 1, sigma = sh): for the uniform model by the certified interval
 * posteriors of reference/denoise_boxes.c (dmv_ref_interval_posterior), for the Gaussian mixture by
 * the reference model of a "guided" model spec (reference/model_spec.c).
 *
 * What is certified and what is not (docs/math/guidance.md#certified): each denoiser value is a
 * certified ball at the working precision (>= 100 bits); the ODE solution is NOT an enclosure. It is
 * computed by the embedded Dormand-Prince 5(4) pair with step-size control (local error per step
 * <= tol max(1, |y|)), and its error is estimated by a step-halving agreement test: the accepted
 * mesh is integrated again with every step halved, and the reported value is the halved solution
 * with the error bound |y_h - y_{h/2}| (for an order-5 method the halved solution's error is about
 * 1/31 of that difference). The stop at sh_min adds the estimate |yh - D_w| sh_min-scale of the
 * remaining flow (the drift decays like e^{lambda} or faster; the integral from -inf to lambda_min of
 * c e^lambda is the drift's value at lambda_min). Both are controlled tolerances, reported
 * separately in dmv_ref_guided_info and added into the radius of every returned ball.
 *
 * Errors: DMV_EINVAL (bad argument, named), DMV_EPREC (a step could not meet the tolerance: the
 * step size underflowed or the step budget ran out; the message names lambda and the step),
 * DMV_ENOMEM. Library code never prints. */
#ifndef DMV_REF_GUIDED_H
#define DMV_REF_GUIDED_H

#include <arb.h>

#include "dmv/error.h"
#include "dmv/model_spec.h"
#include "dmv/ref_model.h"

typedef enum { DMV_GUIDED_UNIFORM = 0, DMV_GUIDED_GAUSS = 1 } dmv_guided_kind;

typedef struct {
    dmv_guided_kind kind;
    double a1, a2;        /* DMV_GUIDED_UNIFORM: the class supports [a1, a2] and [-a2, -a1] */
    double w;             /* guidance strength, >= 0 */
    double T;             /* OU start time (> 0); the start x(T) ~ N(0, 1) */
    double sigma_hat_min; /* end of the lambda-clock (> 0) */
    double tol;           /* local error tolerance of the RK pair, relative to max(1, |y|) */
    slong prec;           /* working precision in bits (>= 100) */
    long max_steps;       /* step budget of one adaptive solve */
    /* private */
    dmv_model_spec spec;  /* GAUSS: the guided spec */
    dmv_ref_model rm;
    int rm_ready;
} dmv_ref_guided;

/* What a solve did. err_halving: |y_h - y_{h/2}| summed over the two clocks, in the units of the
 * returned value (the flow: yh at sh_min; the inverse: x0); err_tail: the estimate of the flow left after
 * sh_min (0 for the inverse map, which starts there); steps: accepted steps of the adaptive pass;
 * rejected: rejected steps; fevals: right-hand side evaluations over all passes. */
typedef struct {
    double err_halving, err_tail;
    long steps, rejected, fevals;
} dmv_ref_guided_info;

/* Sets the defaults (uniform [1, 2], w = 0, T = 10, sh_min = 1e-9, tol = 1e-14, prec = 128,
 * max_steps = 100000) and builds the model. Change the fields and call dmv_ref_guided_setup. */
void dmv_ref_guided_init(dmv_ref_guided *g);
/* Checks the fields and (re)builds the private model. */
int dmv_ref_guided_setup(dmv_ref_guided *g, dmv_error *err);
void dmv_ref_guided_clear(dmv_ref_guided *g);

/* The guided denoiser D_w(yh, sh) in VE variables, a certified ball at g->prec. */
int dmv_ref_guided_denoise(arb_t out, const dmv_ref_guided *g, const arb_t yh, const arb_t sh, dmv_error *err);

/* The flow map: y = x(0) (OU coordinate at sh_min: x = yh / sqrt(1 + sh_min^2)) from the start
 * x(T) = x0. The ball's midpoint is the halved solution, its radius err_halving + err_tail +
 * the arithmetic radius. info may be NULL. */
int dmv_ref_guided_flow(arb_t y, const dmv_ref_guided *g, const arb_t x0, dmv_ref_guided_info *info, dmv_error *err);
/* The inverse map: the start x0 whose flow ends at c (c taken at sh_min), by the backward solve. */
int dmv_ref_guided_flow_inv(arb_t x0, const dmv_ref_guided *g, const arb_t c, dmv_ref_guided_info *info,
                            dmv_error *err);
/* P = P(y >= c) = 1 - Phi(flow^{-1}(c)) (the 1-D map is increasing) and Q = 1 - P = P(y < c),
 * each by its own erfc (no cancellation when either is tiny), the radius of x0 propagated. P or Q
 * may be NULL. */
int dmv_ref_guided_prob_ge(arb_t P, arb_t Q, const dmv_ref_guided *g, const arb_t c, dmv_ref_guided_info *info,
                           dmv_error *err);

/* The quantile starts x_i = Phi^{-1}(p_i), p_i = (i + 1/2)/n, i = 0..n-1 (balls at prec). */
void dmv_ref_guided_quantile_starts(arb_ptr x, long n, slong prec);
/* y[i] = flow(x_i) at the quantile starts: the output CDF at the nodes is F_out(y[i]) = p_i.
 * worst (may be NULL) receives the largest err_halving + err_tail over the nodes. */
int dmv_ref_guided_quantile_flow(arb_ptr y, const dmv_ref_guided *g, long n, double *worst, dmv_error *err);

/* The CDF of the tilted target law p(x) p(z = 1 | x)^{1 + w} at c (docs/math/guidance.md#tilted):
 * UNIFORM: U[a1, a2] for every w (closed form); GAUSS: the law with density
 * proportional to N(x; 1, 1) expit(2x)^w, by certified quadrature (acb_calc_integrate) of both the
 * part below c and the normaliser, each truncated at 1 -+ 40 with the Gaussian tail bound added. */
int dmv_ref_guided_tilted_cdf(arb_t F, const dmv_ref_guided *g, const arb_t c, dmv_error *err);
/* The tilted law's mean (GAUSS by the same quadrature; UNIFORM (a1 + a2)/2). */
int dmv_ref_guided_tilted_mean(arb_t m, const dmv_ref_guided *g, dmv_error *err);

/* The exact 1-D ODE of the Gaussian mixture in the u-clock (docs/math/guidance.md#gauss-u):
 *   dy/du = 1 + 2 w expit(-2 u y),  u from u0 = e^{-T} (T = +inf: u0 = 0) to 1, y(u0) = x0,
 * by the same RK pair and halving test (tol, prec, max_steps as above): an independent cross-check
 * of the lambda-clock solve of DMV_GUIDED_GAUSS. */
int dmv_ref_guided_gauss_u(arb_t y, double w, double T, const arb_t x0, double tol, slong prec, long max_steps,
                           dmv_ref_guided_info *info, dmv_error *err);

/* ---- the integrator (reference/guided_rk.c) -------------------------------------------------
 * dy/dt = f(t, y) (scalar) from t0 to t1 (either direction) by Dormand-Prince 5(4) with step-size
 * control (local error <= tol max(1, |y|)), then the accepted mesh again with every step halved.
 * y1: the halved solution's midpoint with radius |y_h - y_{h/2}| (info->err_halving). The balls of
 * the stages are recentred on their midpoints (the solve is not an enclosure); f returns a certified
 * ball of the right-hand side at prec or an error code. h0: first trial step (> 0). */
typedef int (*dmv_ref_rhs)(arb_t f, const arb_t t, const arb_t y, void *ctx, slong prec, dmv_error *err);
int dmv_ref_rk45(arb_t y1, dmv_ref_rhs f, void *ctx, double t0, double t1, const arb_t y0, double h0, double tol,
                 slong prec, long max_steps, dmv_ref_guided_info *info, dmv_error *err);

#endif
