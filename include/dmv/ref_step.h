/* reference/step.c: one step of any of the ten schemes of docs/schemes.md s.5, in Arb, over a
 * certified denoiser (dmv_ref_model_denoise). The replay of docs/replay.md: given the fast
 * sampler's state x_k (doubles, taken as exact balls) and the noise it drew, the ball of x_{k+1}.
 *
 * The step follows the formulas of docs/schemes.md s.5 (not the fast side's operation order).
 * Times are the given doubles taken as exact (the fast grid points, from the trace); the process
 * coefficients are computed in Arb from them (dmv_ref_process_eval).
 *
 * Slack (the fast side's error model, docs/replay.md): with d_rel = op_rel = 0 the result is the
 * exact step. Otherwise the ball also holds every value the fast step can produce under the
 * model: every denoiser output is widened by d_rel * max(1, max_j |x_j| / alpha, d_scale) (the
 * fast-vs-exact denoiser bound), every intermediate state the fast side rounds (Heun's predictor,
 * the RK4 stages, Heun-EDM's x~, DPM-Solver-2's u) by op_rel times its magnitude, the times and
 * log-SNR differences the fast side rounds (the RK4 and DPM-Solver-2 midpoints, hl) by op_rel
 * times theirs. Errors committed in the last combination are not in the ball: `mag` returns
 * the magnitude (sum of absolute values of the terms, cancellation-amplified where a
 * coefficient cancels) that the caller's budget multiplies by K u. */
#ifndef DMV_REF_STEP_H
#define DMV_REF_STEP_H

#include <arb.h>

#include "dmv/error.h"
#include "dmv/ref_model.h"
#include "dmv/spec.h"

typedef struct {
    const dmv_process *process;
    dmv_scheme scheme;
    const dmv_ref_model *model;
    long dim;
    slong prec;     /* working precision (default DMV_REF_PREC = 128) */
    slong prec_max; /* escalation limit (default 1024) */
    slong acc_bits; /* accuracy asked of a denoiser at an exact point (default 64) */
    double d_rel;   /* slack of every denoiser output (default 0) */
    double d_scale; /* data scale in that slack (default 1) */
    double op_rel;  /* slack of every rounded intermediate (default 0) */
} dmv_ref_stepper;

/* Defaults above; p, sc and m are borrowed (must outlive the stepper). */
void dmv_ref_stepper_init(dmv_ref_stepper *st, const dmv_process *p, const dmv_scheme *sc, const dmv_ref_model *m);

/* out[0..dim) = the ball of y' for the step s0 -> s1 (s0 > s1 >= 0) from the state x (dim balls).
 * z: the step's noise (dim doubles; ignored and may be NULL for deterministic schemes).
 * DPM-Solver++(2M): x_prev = the state at the previous grid point s_prev (its D is recomputed),
 * NULL on the first step. mag (may be NULL): dim doubles, see above. Escalates the precision
 * (prec, 2 prec, ... prec_max) until every output is finite; DMV_EPREC if it never is, or if a
 * denoiser at an exact point does not reach acc_bits. Other errors: those of the denoiser and of
 * dmv_ref_process_eval (DMV_EDOM, DMV_EINVAL). */
int dmv_ref_step(arb_ptr out, double *mag, const dmv_ref_stepper *st, double s0, double s1, double s_prev,
                 arb_srcptr x, arb_srcptr x_prev, const double *z, dmv_error *err);

/* The k-diffusion / EDM schemes (dmv_scheme_is_kdiff; docs/conventions.md), process ve: the ball of
 * x_{k+1} for step k (s[k] -> s[k+1]) of a grid s[0..N] (N steps: churn's gamma uses N) from the
 * fast states xs (row-major, rows 0..k, dim doubles each; k-dpmpp-2m uses row k - 1, k-lms rows
 * k - 3 .. k, whose derivatives are recomputed) and the step's noise z (NULL if it drew none).
 * Slack and mag as dmv_ref_step; the same precision escalation. */
int dmv_ref_step_kdiff(arb_ptr out, double *mag, const dmv_ref_stepper *st, const double *s, long N, long k,
                       const double *xs, const double *z, dmv_error *err);

#endif
