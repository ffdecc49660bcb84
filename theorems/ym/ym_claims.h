/* Claims of Yi, Sun & Li, "On the generalization of diffusion model" (arXiv 2305.14712).
 * Memorisation by the empirical-optimal score: docs/math/memorization.md.
 * Each check function fills a dmv_result; theorems/ym/ym_registry.c lists them and builds the
 * statement texts from the constants below. The processes are the continuous VP ones
 * (docs/schemes.md); the discrete VP chain of docs/math/ is not used yet. */
#ifndef DMV_YM_CLAIMS_H
#define DMV_YM_CLAIMS_H

#include "dmv/claim.h"
#include "dmv/fast.h"

/* The paper's record and its claim table, in run order (theorems/ym/ym_registry.c). */
extern const dmv_paper dmv_paper_ym;
const dmv_claim *dmv_ym_claims(long *n);

/* ---- the miniature set-up (theorems/ym/ym_common.c) ---------------------------------------- */
#define YM_D 2                 /* dimension */
#define YM_N 8                 /* training points */
#define YM_SAMPLES 4000        /* samples per sampler and level (--quick: the same; --samples N: N) */
#define YM_SAMPLES_QUICK 4000 /* the power rule needs 4000 for YM_REQ_EFFECT */
#define YM_STEPS 200           /* log-SNR steps from T = 1 to the level */
#define YM_R 0.1               /* radius of "near the scaled training set" */
#define YM_DISC_TOL 0.02       /* the stated discretisation tolerance on a fraction, ODE samplers */
#define YM_DISC_TOL_SDE 0.05   /* the same for the SDE samplers (measured bias ~0.03 at 200 steps, 2e4 samples) */
#define YM_REQ_EFFECT 0.06     /* the shortfall of a fraction the binomial tests must detect */
#define YM_REQ_KS 0.12         /* the KS distance the two-sample tests must detect */
#define YM_POWER 0.99
#define YM_PW_ULPS 64          /* B-P1: fast vs Arb, ulps of the magnitude */
#define YM_RESCALE_ULPS 32     /* B-P6: the rescaling identity, ulps */
#define YM_HULL_SAMPLES 1000   /* B-P3 samples per level (--quick: the same; the power rule needs it) */
#define YM_HULL_SAMPLES_QUICK 1000
#define YM_HULL_STEPS 100      /* B-P3: DDIM log-SNR steps */
#define YM_HULL_R 0.01         /* B-P3: "within r of a training point" */
#define YM_HULL_FRAC 0.98      /* B-P3: the fraction within r at eps = 1e-4 is at least this */
#define YM_HULL_REQ 0.05       /* B-P3: the shortfall the test must detect */
#define YM_MI_SETS 8           /* B-P5: training sets per (n, delta) (--quick: 4) */
#define YM_MI_SETS_QUICK 4
#define YM_MI_SLOPE_TOL 0.1    /* B-P5: |slope - 1| of I against 1/2 ln(1/delta), delta 1e-4 -> 1e-6 */
#define YM_IP_SAMPLES 1000     /* B-P7: samples per (lambda, eps) (--quick: 300) */
#define YM_IP_SAMPLES_QUICK 300
#define YM_IP_FRAC 0.9         /* B-P7: fraction within r at eps = 1e-4 for every lambda < 1 tried */
#define YM_NLEV 5              /* stopping levels eps */
extern const double dmv_ym_levels[YM_NLEV]; /* 0.1, 0.03, 0.01, 3e-3, 1e-3 */
extern const double dmv_ym_train[YM_N * YM_D];

#define YM_STR_(x) #x
#define YM_STR(x) YM_STR_(x)
#define YM_TRAIN_TEXT "(1.2, 0.4), (-0.9, 1), (0.2, -1.2), (-1.3, -0.7), (0.6, 1.3), (1.4, -0.9), (-0.2, 0.1), (-1.6, 0.5)"

/* The empirical fast model of the training set X (N x d). */
int dmv_ym_model(dmv_fast_model *m, const double *X, long N, long d, dmv_error *err);
/* Runs scheme on model for n samples of VP linear (beta 0.05..10, T = 1), log-SNR grid of steps
 * steps to eps; out: n x d (malloc'ed, caller frees). */
int dmv_ym_sample(double **out, const dmv_fast_model *model, dmv_scheme_kind scheme, double eta, double eps,
                  long steps, long n, uint64_t seed, int threads, dmv_error *err);
/* Distance from y to the nearest point of a X (X: N x d); *idx (may be NULL) its index. */
double dmv_ym_nn_dist(const double *y, const double *X, long N, long d, double a, long *idx);
/* alpha(eps) and sigma(eps) of VP linear (beta 0.05..10). */
void dmv_ym_scales(double eps, double *alpha, double *sigma);
/* The total-variation bound of the start N(0, I) against the exact q_T (Pinsker on the convexity
 * bound of KL): sqrt(KL/2), KL <= mean_i alpha_T^2 |X_i|^2 / 2 + d/2 (sigma_T^2 - 1 - ln sigma_T^2). */
double dmv_ym_init_tv(const double *X, long N, long d);
/* One-sided binomial tests of k successes in n: P(Bin(n, p) <= k) and P(Bin(n, p) >= k). */
double dmv_ym_binom_cdf(long k, long n, double p);
double dmv_ym_binom_sf(long k, long n, double p);
/* Smallest shift of a fraction (any p) a one-sided binomial test of n draws at level detects with
 * power: (z_level + z_power) / (2 sqrt(n)) (normal approximation, p(1 - p) <= 1/4). */
double dmv_ym_binom_mde(long n, double level, double power);
/* Adds a test and requires its effect. */
int dmv_ym_add_test(dmv_result *out, const char *name, double stat, double p, double lo, double hi, double mde,
                    const char *unit, double required);

/* ---- the checks ------------------------------------------------------------------------------ */
int dmv_ym_check_pathwise(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);  /* B-P1 */
int dmv_ym_check_bound(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);     /* B-P2 */
int dmv_ym_check_hull(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);      /* B-P3 */
int dmv_ym_check_same_law(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);  /* B-P4 */
int dmv_ym_check_mi(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);        /* B-P5 */
int dmv_ym_check_rescale(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);   /* B-P6 */
int dmv_ym_check_interp(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);    /* B-P7 */
int dmv_ym_check_copies(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);    /* B.4 */

#endif
