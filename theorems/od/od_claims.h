/* Claims of Venkatraman et al., "Outsourced diffusion sampling: efficient posterior inference in latent spaces of generative models" (arXiv 2502.06999, ICML 2025).
 * Posteriors in a generator's noise space: docs/math/outsourced.md.
 * Each check function fills a dmv_result; theorems/od/od_registry.c lists them. */
#ifndef DMV_OD_CLAIMS_H
#define DMV_OD_CLAIMS_H

#include "dmv/claim.h"

/* The paper's record and its claim table, in run order (theorems/od/od_registry.c). */
extern const dmv_paper dmv_paper_od;
const dmv_claim *dmv_od_claims(long *n);

/* ---- shared by the od checks (theorems/od/od_case.c) ---------------------------------------
 * The cases (docs/math/outsourced.md#cases):
 *   lin2: k = d = m = 2, A = [[1.5, 0.4], [-0.3, 0.8]], b = (0.5, -0.25), H = I, y = (1.2, -0.7), s^2 = 0.25;
 *   sing: k = 2 < d = 3, m = 2, A = [[1, 0.5], [0.2, -1], [0.7, 0.3]], b = (0.1, 0.2, -0.3),
 *         H = [[1, 0, 0.5], [0, 1, -0.5]], y = (0.4, -0.9), s^2 = 0.09. */
#include "dmv/ref_od.h"

#define DMV_OD_PREC 128

/* The constants of the checks; the statements (od_registry.c) are built from them. */
#define DMV_OD_STR_(...) #__VA_ARGS__
#define DMV_OD_STR(...) DMV_OD_STR_(__VA_ARGS__)
#define DMV_OD_AFFINE_RAD 1e-30          /* od.pushforward.affine: largest radius of a difference */
#define DMV_OD_NL_Y1 0.7                 /* od.pushforward.nonlinear: y, s^2, truncation L, resolution */
#define DMV_OD_NL_Y2 -0.4
#define DMV_OD_NL_S2 0.25
#define DMV_OD_NL_L 12
#define DMV_OD_NL_RELRAD 1e-20
#define DMV_OD_LAW_STEPS 200             /* od.sampler.law: DDPM steps, required effects */
#define DMV_OD_LAW_REQ_MEAN 0.1          /* joint mean error sqrt(sum_j dm_j^2 / v_j), in sd */
#define DMV_OD_LAW_REQ_VAR 0.1           /* common relative variance error */
#define DMV_OD_LAW_REQ_CORR 0.1          /* correlation of the two eigen-coordinates */
#define DMV_OD_KL_STEPS 25, 50, 100, 200, 400, 800 /* od.sampler.kl */
#define DMV_OD_KL_NFIT 4
#define DMV_OD_KL_ORDER_MIN 1
#define DMV_OD_TB_N 8                    /* od.tb.optimum: steps t_n = n/N, bridge scale, trajectories */
#define DMV_OD_TB_SIGMA 1
#define DMV_OD_TB_NPOLICY 24
#define DMV_OD_TB_NFREE 8
#define DMV_OD_TB_RAD 1e-25
#define DMV_OD_RTB_BMIN 0.1              /* od.rtb.rate: the prior chain (clipped cosine rate), step counts */
#define DMV_OD_RTB_BMAX 20
#define DMV_OD_RTB_C 0.008
#define DMV_OD_RTB_EPS 1e-5
#define DMV_OD_RTB_STEPS 25, 50, 100, 200, 400, 800, 1600
#define DMV_OD_RTB_NFIT 4
#define DMV_OD_RTB_RATE_MIN 0.8          /* Var and mean approach their limits at least like N^-0.8 */
#define DMV_OD_RTB_LIMIT_TOL 0.02        /* relative distance of the limits to the start term's */
#define DMV_OD_COND_AMAX 3               /* od.conditioning: A = diag(a_max, a_min), H = I, the s^2 values */
#define DMV_OD_COND_AMIN 0.1
#define DMV_OD_COND_S2 0.01, 1, 9
#define DMV_OD_LIN2_TEXT "k = d = m = 2, A = [[1.5, 0.4], [-0.3, 0.8]], b = (0.5, -0.25), H = I, y = (1.2, -0.7), s^2 = 0.25"
#define DMV_OD_SING_TEXT "k = 2, d = 3, m = 2, A = [[1, 0.5], [0.2, -1], [0.7, 0.3]], b = (0.1, 0.2, -0.3), " \
    "H = [[1, 0, 0.5], [0, 1, -0.5]], y = (0.4, -0.9), s^2 = 0.09"
extern const dmv_od_linear dmv_od_lin2, dmv_od_sing;

/* A ball as evidence (mid and radius strings from Arb). */
int dmv_od_add_ball(dmv_result *r, const char *name, const arb_t x, const char *unit);
/* "mid +/- rad" in a table cell. */
void dmv_od_ball_cell(char *buf, size_t n, const arb_t x);
/* Certified eigenpairs of a symmetric 2 x 2 matrix S (off-diagonal certified non-zero, else
 * DMV_EPREC): lam[0] >= lam[1], V columns = unit eigenvectors. */
int dmv_od_eig2(arb_ptr lam, arb_mat_t V, const arb_mat_t S, slong prec, dmv_error *err);

int dmv_claim_od_pushforward_affine(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_od_pushforward_nonlinear(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_od_sampler_law(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_od_sampler_kl(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_od_tb_optimum(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_od_rtb_rate(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_od_conditioning(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);

#endif
