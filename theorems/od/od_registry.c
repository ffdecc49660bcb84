/* The claim table of Venkatraman et al. (arXiv 2502.06999): theorems/od/. Checks: od_exact.c (C-P1, C-P3,
 * C-P4), od_sampler.c (C-P2), od_rtb.c (C-P3b); the cases in od_case.c; docs/math/outsourced.md. */
#include <stddef.h>

#include "od_claims.h"

#define OD_AUTHORS "Venkatraman et al."
#define OD_TITLE "Outsourced diffusion sampling: efficient posterior inference in latent spaces of generative models"
#define OD_VENUE "ICML 2025"

const dmv_paper dmv_paper_od = {"od", OD_AUTHORS, OD_TITLE, OD_VENUE, "2502.06999", OD_AUTHORS ", " OD_TITLE " (" OD_VENUE ")"};

#define STR DMV_OD_STR

#define AFFINE_STATEMENT                                                                                  \
    "Outsourcing is exact for an affine generator f(z) = A z + b with r(x, y) = N(y; H x, s^2 I): the push-forward " \
    "f_# p(z|y) = N(A m_z + b, A S_z A^T), S_z = (I + F^T F/s^2)^-1, m_z = S_z F^T (y - H b)/s^2, F = H A, equals " \
    "the data-space Gaussian conditioning of the prior N(b, A A^T) on y, in mean and covariance, for an invertible " \
    "A (" DMV_OD_LIN2_TEXT ") and a rank-deficient one (" DMV_OD_SING_TEXT "): every difference ball contains 0 and " \
    "has radius <= " STR(DMV_OD_AFFINE_RAD) "."
#define AFFINE_METHOD                                                                                     \
    "Both formulas in Arb (128 bits, Cholesky solves): reference/od_linear.c dmv_ref_od_pushforward and "        \
    "dmv_ref_od_condition; fail if a difference ball excludes 0, inconclusive if a radius exceeds " STR(DMV_OD_AFFINE_RAD) "."
#define NONLINEAR_STATEMENT                                                                               \
    "Outsourcing is exact for a nonlinear invertible generator: for f(z1, z2) = (sinh z1, exp(z1/2) z2 + tanh z1), " \
    "z ~ N(0, I_2), r(x, y) = N(y; x, s^2 I), y = (" STR(DMV_OD_NL_Y1) ", " STR(DMV_OD_NL_Y2) "), s^2 = " STR(DMV_OD_NL_S2) \
    ", the unnormalised posterior moments "     \
    "E_z[g(f(z)) r(f(z), y)] (noise space) and E_x[g(x) r(x, y)] under the generator's density p(x) = "             \
    "N(f^-1(x)) |det Df^-1(x)| (data space) agree for g = 1, x1, x2 (certified, relative radius <= " \
    STR(DMV_OD_NL_RELRAD) ")."
#define NONLINEAR_METHOD                                                                                  \
    "x2 (z2) integral in closed form on both sides; the other by acb_calc_integrate: z in [-L, L] with the tail " \
    "bound (2 pi s^2)^-1 {2Q(L), e^(1/2) Q(L-1), max(1,|y2|) 2Q(L)}, x in [y1 - L s, y1 + L s] with the tail bound " \
    "(2 pi s^2)^-1 exp(-L^2/2) {1, e^(1/2), max(1,|y2|)}, L = " STR(DMV_OD_NL_L) " (reference/od_quad.c). Fail if a " \
    "difference excludes 0."
#define LAW_STATEMENT                                                                                     \
    "A z-space diffusion sampler with the exact affine score reproduces the noise posterior p(z|y): the fast DDPM " \
    "sampler (VP-SDE beta 0.1..20, " STR(DMV_OD_LAW_STEPS) " uniform steps to 0, start N(0, I)) on the Gaussian model with full " \
    "covariance N(m_z, S_z) of the lin2 case (" DMV_OD_LIN2_TEXT "), 10^5 samples (10^4 with --quick), draws from " \
    "its exact Arb output law: the means and variances of the two eigen-coordinates of S_z and their correlation " \
    "are consistent with it. The tests must detect (power 0.99 at the claim's share of alpha, else inconclusive) a " \
    "joint mean error of " STR(DMV_OD_LAW_REQ_MEAN) " sd, a common relative variance error of " STR(DMV_OD_LAW_REQ_VAR) \
    " and a correlation of " STR(DMV_OD_LAW_REQ_CORR) "."
#define LAW_METHOD                                                                                        \
    "dmv_fast_model_dense_cov_init(S_z, m_z) (the covariance form of docs/model-spec.md); outputs projected on the " \
    "certified eigenvectors of S_z (closed-form 2 x 2); per eigen-direction the exact output law by "            \
    "dmv_ref_scheme_law1. Three tests, Holm within the claim: sum_j z_j^2 ~ chi2(2), sum_j (n-1)s_j^2/v_j ~ "       \
    "chi2(2(n-1)) (two-sided), r sqrt((n-2)/(1-r^2)) ~ t(n-2); detectable effects: the joint-mean and variance "      \
    "formulas of docs/statistics.md, tanh((z_(a/2) + z_0.99)/sqrt(n-3)) for the correlation."
#define KL_STATEMENT                                                                                      \
    "The data-space error of an outsourced sampler is its z-space error: for the lin2 case (A invertible) and the " \
    "DDPM sampler with the exact score (VP-SDE beta 0.1..20, T in {" STR(DMV_OD_KL_STEPS) "} steps to 0), "       \
    "KL(output law || p(z|y)) equals KL(A-image of the output law || p(x|y)) at every T (certified), and it tends " \
    "to 0 with T: it decreases at every step count and its fitted order in T over the last " STR(DMV_OD_KL_NFIT)    \
    " is >= " STR(DMV_OD_KL_ORDER_MIN) "."
#define KL_METHOD                                                                                         \
    "Output law per eigen-direction (dmv_ref_scheme_law1); KL_z as the sum of the 1-D KLs (dmv_ref_kl_1d), KL_x "   \
    "by dmv_ref_kl_general on the full 2 x 2 laws A V diag(v) V^T A^T and A S_z A^T: two different routes. Fail if " \
    "KL_x - KL_z excludes 0, if KL does not decrease or if minus the least-squares slope of log KL on log T is "  \
    "below the stated order."
#define TB_STATEMENT                                                                                      \
    "The trajectory-balance optimum is analytic: with a point-mass start at 0, the Brownian-bridge backward kernel " \
    "P_B(z_n | z_n+1) = N(z_n+1 t_n/t_n+1, sigma^2 t_n (t_n+1 - t_n)/t_n+1 I), sigma = " STR(DMV_OD_TB_SIGMA)      \
    ", t_n = n/" STR(DMV_OD_TB_N) ", the reward "  \
    "R(z) = N(z; 0, I) r(A z + b, y) of the lin2 case, the closed-form forward policy P_F* and log Z = "            \
    "log N(y; H b, H A A^T H^T + s^2 I), the TB residual log Z + sum log P_F* - log R(z_N) - sum log P_B is 0 on "  \
    "every trajectory: " STR(DMV_OD_TB_NPOLICY) " drawn from the policy and " STR(DMV_OD_TB_NFREE) " arbitrary "     \
    "ones (certified, radius <= " STR(DMV_OD_TB_RAD) "), and log Z "      \
    "agrees with Bayes' rule log R(m_z) - log N(m_z; m_z, S_z)."
#define TB_METHOD                                                                                         \
    "reference/od_linear.c dmv_ref_od_tb_residual (Arb, 128 bits, full-covariance Cholesky). Also reported (not "   \
    "claimed): the residual of the policy with the same means and isotropic variance (tr Q / 2) I, which is not "   \
    "constant (the known limitation of fixed-variance policies)."
#define RTB_STATEMENT                                                                                     \
    "Relative trajectory balance against the VP prior chain in z-space (the form of the authors' code as read in "  \
    "the specification): prior and posterior Euler-Maruyama chains from t = 1 (z ~ N(0, I)) to t = "               \
    STR(DMV_OD_RTB_EPS) " with beta(t) = clip((pi/(1 + c)) tan((pi/2)(t + c)/(1 + c)), " STR(DMV_OD_RTB_BMIN) ", " \
    STR(DMV_OD_RTB_BMAX) "), c = " STR(DMV_OD_RTB_C) ", prior drift -beta z/2, posterior drift "     \
    "beta (z/2 + exact score of the diffused p(z|y)), inverse temperature 1, lin2 case. As N grows the residual's " \
    "variance over trajectories and its mean (log Z_true - log Z_RTB) converge at a rate >= " STR(DMV_OD_RTB_RATE_MIN) \
    " in N (measured from successive differences, N in {" STR(DMV_OD_RTB_STEPS) "}), to limits that are, within "   \
    STR(DMV_OD_RTB_LIMIT_TOL) " relative, the variance and mean of the "    \
    "start term log N(z_0; 0, I) - log p_1^post(z_0): the residual tends to a constant only up to that start term, " \
    "which is not 0 because the clipped rate leaves alpha(1) > 0."
#define RTB_METHOD                                                                                        \
    "reference/od_rtb.c: per eigen-direction of S_z the mean and variance of the residual in closed form "          \
    "(backward quadratic value recursion, Arb); rates = minus the slope of log |x_N - x_2N| on log N over the last " \
    STR(DMV_OD_RTB_NFIT) " differences (x = Var, mean); limits by two-term Richardson (8 x_4N - 6 x_2N + x_N)/3 on " \
    "the last three N; the start term's mean and " \
    "variance in closed form."
#define COND_STATEMENT                                                                                    \
    "'The posterior in noise space is smoother' is conditional in the linear case: with A = diag(a_max, a_min) = "  \
    "diag(" STR(DMV_OD_COND_AMAX) ", " STR(DMV_OD_COND_AMIN) "), H = I, the noise-space posterior's Hessian "      \
    "I + A^T A/s^2 is better conditioned than the data-space one (A A^T)^-1 + I/s^2 iff s^2 > a_max a_min "         \
    "(kappa_z kappa_x = (a_max/a_min)^2): the certified side at s^2 in {" STR(DMV_OD_COND_S2) "} is the predicted "  \
    "one; the lin2 case's side is reported, never asserted."
#define COND_METHOD                                                                                       \
    "Certified 2 x 2 eigenvalues of both Hessians (Arb); per diagonal case the certified side must match the "       \
    "prediction and kappa_z kappa_x - (a_max/a_min)^2 must contain 0. The paper's qualitative claim ('for many "   \
    "models and constraints') is not asserted unconditionally."

static const dmv_claim od_claims[] = {
    {"od.pushforward.affine", &dmv_paper_od, AFFINE_STATEMENT, AFFINE_METHOD, DMV_SUITE_DEFAULT,
     dmv_claim_od_pushforward_affine, NULL, NULL, DMV_EXPECT_PASS, NULL, NULL},
    {"od.pushforward.nonlinear", &dmv_paper_od, NONLINEAR_STATEMENT, NONLINEAR_METHOD, DMV_SUITE_DEFAULT,
     dmv_claim_od_pushforward_nonlinear, NULL, NULL, DMV_EXPECT_PASS, NULL, NULL},
    {"od.sampler.law", &dmv_paper_od, LAW_STATEMENT, LAW_METHOD, DMV_SUITE_DEFAULT, dmv_claim_od_sampler_law, NULL,
     NULL, DMV_EXPECT_PASS, NULL, NULL},
    {"od.sampler.kl", &dmv_paper_od, KL_STATEMENT, KL_METHOD, DMV_SUITE_DEFAULT, dmv_claim_od_sampler_kl, NULL, NULL,
     DMV_EXPECT_PASS, NULL, NULL},
    {"od.tb.optimum", &dmv_paper_od, TB_STATEMENT, TB_METHOD, DMV_SUITE_DEFAULT, dmv_claim_od_tb_optimum, NULL, NULL,
     DMV_EXPECT_PASS, NULL, NULL},
    {"od.rtb.rate", &dmv_paper_od, RTB_STATEMENT, RTB_METHOD, DMV_SUITE_DEFAULT, dmv_claim_od_rtb_rate, NULL, NULL,
     DMV_EXPECT_PASS, NULL, NULL},
    {"od.conditioning", &dmv_paper_od, COND_STATEMENT, COND_METHOD, DMV_SUITE_DEFAULT, dmv_claim_od_conditioning, NULL,
     NULL, DMV_EXPECT_PASS, NULL, NULL},
};

const dmv_claim *dmv_od_claims(long *n)
{
    *n = (long) (sizeof od_claims / sizeof od_claims[0]);
    return od_claims;
}
