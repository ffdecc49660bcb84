/* reference/od_*.c: certified closed forms for posteriors in a generator's noise space
 * (Venkatraman et al., arXiv 2502.06999; docs/math/outsourced.md).
 *
 * The linear case: generator x = f(z) = A z + b (A: d x k, z ~ N(0, I_k)), constraint
 * r(x, y) = N(y; H x, s2 I_m) (H: m x d). The doubles of dmv_od_linear are exact binary numbers.
 * Every result is an Arb ball. Matrices are arb_mat (a vector is a column, n x 1); solves use the
 * certified Cholesky factor (arb_mat_cho), never an explicit inverse.
 * Errors: DMV_EINVAL (bad argument, named), DMV_EPREC (a matrix not certified positive definite at
 * this precision, named), DMV_ENOMEM. */
#ifndef DMV_REF_OD_H
#define DMV_REF_OD_H

#include <arb_mat.h>

#include "dmv/error.h"

typedef struct {
    long k, d, m;     /* noise, data and observation dimensions */
    const double *A;  /* d x k, row-major */
    const double *b;  /* d */
    const double *H;  /* m x d, row-major */
    const double *y;  /* m */
    double s2;        /* s^2 > 0, the constraint's variance */
} dmv_od_linear;

/* The noise posterior p(z | y) = N(mz, Sz): Sz = (I + F^T F / s2)^{-1}, mz = Sz F^T (y - H b) / s2,
 * F = H A. mz: k x 1, Sz: k x k (initialised with these shapes). */
int dmv_ref_od_noise_posterior(arb_mat_t mz, arb_mat_t Sz, const dmv_od_linear *c, slong prec, dmv_error *err);

/* The push-forward f_# p(z | y) = N(A mz + b, A Sz A^T): mx d x 1, Sx d x d. */
int dmv_ref_od_pushforward(arb_mat_t mx, arb_mat_t Sx, const dmv_od_linear *c, slong prec, dmv_error *err);

/* The data-space Gaussian conditioning of the prior N(b, A A^T) on y (a different formula):
 * G = H P H^T + s2 I, mx = b + P H^T G^{-1} (y - H b), Sx = P - P H^T G^{-1} H P, P = A A^T. */
int dmv_ref_od_condition(arb_mat_t mx, arb_mat_t Sx, const dmv_od_linear *c, slong prec, dmv_error *err);

/* log Z(y) = log N(y; H b, F F^T + s2 I): the evidence, the trajectory-balance optimum of log Z. */
int dmv_ref_od_log_evidence(arb_t out, const dmv_od_linear *c, slong prec, dmv_error *err);

/* log N(x; mu, S) for a symmetric positive definite S (n x n), x and mu n x 1. */
int dmv_ref_od_log_normal(arb_t out, const arb_mat_t x, const arb_mat_t mu, const arb_mat_t S, slong prec,
                          dmv_error *err);

/* log R(z) = log N(z; 0, I) + log r(A z + b, y), z k x 1 (the trajectory-balance reward). */
int dmv_ref_od_log_reward(arb_t out, const arb_mat_t z, const dmv_od_linear *c, slong prec, dmv_error *err);

/* Trajectory balance with a point-mass start and the Brownian-bridge backward kernel
 * (docs/math/outsourced.md#tb): times t[0..N] with t[0] = 0 < t[1] < ... < t[N] = 1, bridge scale
 * sigma > 0, trajectory tau[(N + 1) x k] (row n = z at t[n]; row 0 must be 0). The residual
 *   delta = logZ + sum_n log P_F*(z_{n+1} | z_n) - log R(z_N) - sum_{n >= 1} log P_B(z_n | z_{n+1})
 * with P_B(z_n | z_{n+1}) = N(z_{n+1} t_n / t_{n+1}, sigma^2 t_n (t_{n+1} - t_n) / t_{n+1} I) and P_F* the
 * forward kernels of the target path measure (z_N ~ p(z | y), then the bridge), in closed form.
 * logZ = NULL uses dmv_ref_od_log_evidence. */
int dmv_ref_od_tb_residual(arb_t out, const arb_t logZ, const dmv_od_linear *c, long N, const double *t,
                           double sigma, const double *tau, slong prec, dmv_error *err);

/* The forward kernel P_F*(z_{n+1} | z_n) = N(M z_n + v, Q) of that path measure (n = 0..N-1):
 * with V_n = t_n^2 Sz + sigma^2 t_n (1 - t_n) I, C = t_{n+1} t_n Sz + sigma^2 t_n (1 - t_{n+1}) I,
 * M = C V_n^{-1}, v = t_{n+1} mz - M t_n mz, Q = V_{n+1} - M C^T (n = 0: M = 0, Q = V_1). */
int dmv_ref_od_tb_forward(arb_mat_t M, arb_mat_t v, arb_mat_t Q, const arb_mat_t mz, const arb_mat_t Sz,
                          double t0, double t1, double sigma, slong prec, dmv_error *err);

/* ---- relative trajectory balance against a prior chain (reference/od_rtb.c) -------------------
 * The prior diffusion in z-space is the VP-SDE dz = -beta(t) z / 2 dt + sqrt(beta(t)) dW (Song's
 * convention; it keeps N(0, I)) with the clipped cosine rate
 *   beta(t) = min(bmax, max(bmin, (pi/(1 + c)) tan(theta(t)))), theta(t) = (pi/2)(t + c)/(1 + c),
 * run backwards by Euler-Maruyama from t = 1 (z ~ N(0, I)) to t = eps on a uniform grid. */
typedef struct {
    double bmin, bmax, c, eps; /* 0.1, 20, 0.008, 1e-5 (DMV_OD_RTB_DEFAULT) */
} dmv_od_rtb_chain;

/* beta(t) and B(t) = int_0^t beta (closed form, piecewise: linear, 2 log(cos theta_lo / cos theta),
 * linear), so that alpha(t)^2 = exp(-B(t)), sigma(t)^2 = 1 - alpha(t)^2. Either output may be NULL. */
int dmv_ref_od_rtb_beta(arb_t beta, arb_t B, const dmv_od_rtb_chain *ch, const arb_t t, slong prec,
                        dmv_error *err);

/* One eigen-direction of the noise posterior (eigenvalue lam in (0, inf), mean mu): the RTB residual
 *   delta = logZ + log p_post(tau) - log p_prior(tau) - log r(f(z_N), y)     (inverse temperature 1)
 * of N Euler-Maruyama steps, with the exact posterior drift beta (z/2 + score of N(alpha mu,
 * alpha^2 lam + sigma^2)) and the prior drift -beta z / 2, along trajectories of the posterior chain.
 * The direction's share of delta (the total is the sum over directions; logZ cancels): its mean and
 * variance over trajectories, in closed form (a backward quadratic value recursion, O(N)). */
int dmv_ref_od_rtb_moments(arb_t mean, arb_t var, const dmv_od_rtb_chain *ch, const arb_t lam, const arb_t mu,
                           long N, slong prec, dmv_error *err);

/* The same direction's share of the residual of the continuous-time limit on the trajectory: the
 * start term log N(z_0; 0, 1) - log N(z_0; alpha_1 mu, alpha_1^2 lam + sigma_1^2) (the prior chain's
 * start differs from the diffused posterior at t = 1), its mean and variance for z_0 ~ N(0, 1). */
int dmv_ref_od_rtb_start_term(arb_t mean, arb_t var, const dmv_od_rtb_chain *ch, const arb_t lam,
                              const arb_t mu, slong prec, dmv_error *err);

/* ---- a 2-D nonlinear invertible generator (reference/od_quad.c) -------------------------------
 * f(z1, z2) = (sinh z1, exp(z1 / 2) z2 + tanh z1), constraint N(y; f(z), s2 I_2). For g in
 * {1, x1, x2} (which = 0, 1, 2): the unnormalised posterior moment E_z[g(f(z)) r(f(z), y)] by
 * certified quadrature in z, and E_x[g(x) r(x, y)] under p_theta(x) = N(f^{-1}(x)) |det Df^{-1}|
 * by certified quadrature in x (the x2 integral in closed form on both sides, the other by
 * acb_calc_integrate on [-L, L] resp. [y1 - sqrt(s2) L, y1 + sqrt(s2) L], plus proven tail bounds). */
int dmv_ref_od_quad_z(arb_t out, int which, double y1, double y2, double s2, double L, slong prec,
                      dmv_error *err);
int dmv_ref_od_quad_x(arb_t out, int which, double y1, double y2, double s2, double L, slong prec,
                      dmv_error *err);

#endif
