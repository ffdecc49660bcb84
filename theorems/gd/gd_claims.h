/* Claims of Chidambaram, Gatmiry, Chen, Lee & Lu, "What does guidance do? A fine-grained analysis in a simple setting" (arXiv 2409.13074, NeurIPS 2024).
 * Guidance (classifier-free) on mixtures: docs/math/guidance.md.
 * Each check function fills a dmv_result; theorems/gd/gd_registry.c lists them. */
#ifndef DMV_GD_CLAIMS_H
#define DMV_GD_CLAIMS_H

#include "dmv/claim.h"
#include "dmv/error.h"
#include "dmv/spec.h"

/* The paper's record and its claim table, in run order (theorems/gd/gd_registry.c). */
extern const dmv_paper dmv_paper_gd;
const dmv_claim *dmv_gd_claims(long *n);
/* A second table of the same paper (theorems/gd/gd_fig_registry.c), run after the first. */
const dmv_claim *dmv_gd_fig_claims(long *n);

/* ---- constants of the claims of gd_registry.c (the statements are built from them) ---- */
#define GD_A1 1                /* the positive class U[GD_A1, GD_A2], the negative U[-GD_A2, -GD_A1] */
#define GD_A2 2
#define GD_T 10                /* OU start time, the paper's synthetic set-up */
#define GD_TOL 1e-9            /* local tolerance of the reference RK pair in the claims */
#define GD_PREC 128            /* working precision of the reference (bits) */
#define GD_G0_N 12             /* quantile starts of G0 */
#define GD_G0_KS 5e-5          /* G0: KS at the nodes plus the solve's bound must be <= this */
#define GD_G1_N 24             /* quantile starts of G1 (Gaussian mixture) */
#define GD_G1_KS 0.1           /* G1: the node KS to the tilted law must exceed this */
#define GD_G2_DELTA 0.1        /* G2a/b: the edge bands [a2 - delta, a2] and [a1, a1 + delta] */
#define GD_G2_WMAX 16          /* G2: w on the grid 1, 2, 4, ..., GD_G2_WMAX */
#define GD_G2A_P 0.99          /* G2a: P(y >= a2 - delta) at the largest w must be >= this */
#define GD_G2B_P 1e-3          /* G2b: P(y <= a1 + delta) at the largest w must be <= this */
#define GD_G2C_GAP 1e-2        /* G2c: a2 - y(x0) at the largest w must be <= this for each start */
#define GD_G2D_X 8             /* G2d: the starts -+GD_G2D_X (by monotonicity: every start in between) */
#define GD_G3_WMIN 4           /* G3: ln(1 - P(y >= 0)) / w^2 <= GD_G3_RATE for w in {4, 8, 16} */
#define GD_G3_RATE (-1.0)
#define GD_G4_WMAX 4096        /* G4: w on the grid 1, 4, 16, ..., 4096 */
#define GD_CSTAR_TOL 0.03      /* G4 robust: |y(1)/sqrt(w) - c*| <= this at w = GD_G4_WMAX */
#define GD_G8_STEPS 1000       /* G8: the paper's solver, Euler with 1000 uniform steps, T = 10 */
#define GD_G8_N 400            /* G8: quantile starts of the fast sampler */
#define GD_G9_W 3              /* G9: guidance of the order check (Gaussian mixture) */
#define GD_G9_N 16             /* G9: quantile starts */
#define GD_G9_STEPS 200        /* G9: Euler steps, then twice and four times as many */
#define GD_G9_ORDER_LO 0.8     /* G9: the observed order log2(e_N / e_2N) must lie in [LO, HI] */
#define GD_G9_ORDER_HI 1.2
#define GD_T1_CO 0.25          /* Theorem 1 literal: O(1/sqrt(ln w)) read as GD_T1_CO / sqrt(ln w) */
#define GD_T1_COMEGA 0.25      /* and Omega(w) as GD_T1_COMEGA w */

/* ---- helpers (gd_common.c) ---- */
/* The JSON of the guided uniform two-class model and of the guided Gaussian mixture at w. */
void dmv_gd_uniform_json(char *buf, size_t len, double w);
void dmv_gd_gauss_json(char *buf, size_t len, double w);
/* The fast sampler of the model JSON from each start x0[i] (a deterministic start: init gaussian
 * with variance 0): process VP linear with beta = 1 (the OU process), T, `steps` uniform steps to
 * eps = 0, scheme `scheme`; y[i] the output. */
int dmv_gd_fast_from_starts(double *y, const char *json, const double *x0, long n, dmv_scheme_kind scheme,
                            long steps, double T, dmv_error *err);
/* x[i] = Phi^{-1}((i + 1/2)/n) in double (from the reference's ball). */
void dmv_gd_quantile_starts_d(double *x, long n);

int dmv_claim_gd_g0_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_gd_g1_uniform_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_gd_g1_gauss_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_gd_g2_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_gd_g3_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_gd_g4_literal_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_gd_g4_robust_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_gd_t1_literal_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_gd_g8_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_gd_g9_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);

/* which part of G2 a claim checks (its params) */
typedef struct {
    char part; /* 'a' .. 'e' */
} dmv_gd_g2_param;

#endif
