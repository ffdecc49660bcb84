/* Internal to theorems/gd/: the flows behind the figure claims of Chidambaram et al. (gd.fig.*,
 * gd.G5, gd.G6; theorems/gd/gd_fig.c) and their check functions.
 *
 * Both flows run the guided PF-ODE of the OU process dX = -X dt + sqrt(2) dB (alpha = e^-t,
 * sigma^2 = 1 - e^-2t; docs/math/models.md#guided) on any fast model's denoiser D, for n rows
 * of dimension m->dim at once (row-major). Neither is the sampler of fast/: they take their
 * starting points from the caller (quantile starts, so that in 1-D the output CDF is known at the
 * nodes: the flow map is monotone). */
#ifndef DMV_GD_FIG_H
#define DMV_GD_FIG_H

#include "dmv/claim.h"
#include "dmv/fast.h"

/* The paper's solver (our reading, docs/claims.md "gd"): explicit Euler in t on eq. (4),
 * x' = x + score, score = (alpha D - x)/sigma^2, N uniform steps from t = T to t = 0 (the last
 * step evaluates the score at t = T/N). x: n x d, the states at t = T on entry, at t = 0 on exit.
 * mean, sd (N + 1 entries each, or NULL): the mean and standard deviation over the rows of
 * coordinate 0 before step k (k = N: the output). */
int dmv_gdfig_euler(const dmv_fast_model *m, double T, long N, long n, double *x, double *mean, double *sd,
                    dmv_error *err);

/* An accurate flow: classical RK4 in the lambda-clock (VE variables yh = x/alpha, sh = sigma/alpha,
 * lambda = ln sh; dyh/dlambda = yh - D), M uniform steps in lambda from sh(T) down to sh_min.
 * x: n x d, the OU states at t = T on entry, yh at sh_min on exit (= x/alpha, the data
 * coordinates). peak (n entries, or NULL): max over the RK4 nodes of coordinate 0 of the OU state
 * x_t = alpha yh (the overshoot of docs/math/models.md#guided G6). */
int dmv_gdfig_lambda_rk4(const dmv_fast_model *m, double T, double sh_min, long M, long n, double *x,
                         double *peak, dmv_error *err);

/* The constants of the claims (their statements are built from these: theorems/gd/gd_fig_registry.c). */
#define FIG_T 10
#define FIG_N 1000      /* the paper's 1000 evaluation steps */
#define FIG_NODES 200   /* quantile starts (--quick: 100) */
#define FIG_SAMPLES 600 /* 2-D samples per w for the scatter */
#define FIG_SAMPLES_QUICK 200 /* the same with --quick */
#define FIG_RK4 400     /* RK4 steps in lambda (and 800 for the halving check) */
#define FIG_SHMIN 1e-8  /* the accurate flow stops at sigma/alpha = 1e-8 */
#define FIG_TOL 1e-6    /* "inside" for the accurate flow: within 1e-6 of the support */
#define FIG_HALVING 1e-5 /* the accurate flow's step-halving difference must stay below this */
#define TRAJ_EVERY 10 /* plot every 10th step (101 points per series) */
#define TRAJ_MONO 0.01 /* w = 1: overshoot of the mean below this (monotone to plotting accuracy) */
#define TRAJ_PULL 0.5  /* w = 15: overshoot of the mean above this (a pull-back of half the box width) */
#define SHARE_LAST 0.05 /* Euler: the good share at w = 15 at most this */
#define G5_NW 5
#define G5_KAPPA 2
#define G5_W0 0.05  /* w = 0: off-support share at most this */
#define G5_LAST 0.95 /* w = 15: at least this */
#define G5_HALVING_NODES 2 /* step halving may move at most 2 starts across the threshold */
#define G6_NW 4
#define G6_REF_TOL 0.01 /* the references have 3 digits */

/* Claim checks (theorems/gd/gd_fig.c). */
int dmv_gdfig_check_scatter(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_gdfig_check_trajectory(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_gdfig_check_share(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_gdfig_check_g5(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_gdfig_check_g6(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);

#endif
