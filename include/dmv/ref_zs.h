/* reference/zs_law.c: exact laws of the zero-shot samplers on the discrete VP chain (Arb).
 *
 * For a linear_inverse spec (a Gaussian prior, y = H x_0 + sigma_y n, a rule; docs/model-spec.md)
 * every rule's denoiser is affine in x, D(x) = G_t x + g_t, so the chain sampler of
 * docs/math/mismatch.md s.0 (ddpm-chain, or its posterior-variance variant) is an affine-Gaussian
 * recursion: from N(0, I) at t = T, m <- A_t m + b_t, S <- A_t S A_t^T + q_t^2 I down to t_end.
 * Alongside it, against the target Q_{t|y} (the diffused posterior):
 *   - the path KL bound  KL(Q_T || N(0, I)) + sum_{t = t_end+1..T} E_{Q_t} KL(Q(x_{t-1} | x_t) || P(x_{t-1} | x_t))
 *     (chain rule + data processing: KL(Q_{t_end} || P_{t_end}) <= path KL, every term closed form);
 *   - the accumulated mismatch W = sum_{t = t_end+1..T} beta_t E_{Q_t} |s_t(X) - grad log q_t(X)|^2;
 *   - KL in both directions and W2 between the output law and Q_{t_end} (reference/kl_general.c,
 *     reference/bures.c).
 * Every inverse is a Cholesky solve (arb_mat_spd_solve); every covariance update is symmetrised
 * (the exact one is symmetric, so the ball still contains it). The formulas: docs/math/mismatch.md. */
#ifndef DMV_REF_ZS_H
#define DMV_REF_ZS_H

#include <arb.h>
#include <arb_mat.h>

#include "dmv/error.h"
#include "dmv/model_spec.h"
#include "dmv/spec.h"

typedef struct {
    slong d;
    arb_mat_t mean, cov;   /* the sampler's law at t_end (d x 1, d x d) */
    arb_mat_t tmean, tcov; /* the target Q_{t_end | y} */
    arb_t kl;              /* KL(Q_{t_end|y} || P_{t_end}), the paper's direction ("bias") */
    arb_t kl_rev;          /* KL(P_{t_end} || Q_{t_end|y}) */
    arb_t w2;              /* W2(P_{t_end}, Q_{t_end|y}) */
    arb_t path_kl;         /* the chain-rule bound of kl (infinite if a step has no noise) */
    arb_t W;               /* the accumulated mismatch W */
} dmv_ref_zs_law;

void dmv_ref_zs_law_init(dmv_ref_zs_law *L, slong d);
void dmv_ref_zs_law_clear(dmv_ref_zs_law *L);

/* The sampler of `spec` (a linear_inverse spec; its rule) on the discrete chain `p`
 * (vp-discrete) over every timestep from T = p->t_max to t_end (0 <= t_end < T); posterior = 0:
 * ddpm-chain, 1: ddpm-posterior. lambda scales the mismatch: the score used is
 * s* + lambda (s_rule - s*) (lambda = 1: the rule itself; A-P3 of docs/math/mismatch.md).
 * t_end = 0 with the posterior variance has no noise in the last step: path_kl is then +inf.
 * Errors: DMV_EINVAL (not a linear_inverse spec, not a discrete chain, t_end out of range),
 * DMV_EPREC (a solve not certified), those of the KL and W2 routines. */
int dmv_ref_zs_law_compute(dmv_ref_zs_law *L, const dmv_model_spec *spec, const dmv_process *p, long t_end,
                           int posterior, double lambda, slong prec, dmv_error *err);

#endif
