/* The claim table of Liang, Ju, Liang & Shroff (arXiv 2410.13746): theorems/lm/, docs/claims.md "lm". */
#include <stddef.h>

#include "lm_claims.h"
#include "lm_internal.h"

#define LM_AUTHORS "Liang, Ju, Liang & Shroff"
#define LM_TITLE "Theory on score-mismatched diffusion models and zero-shot conditional samplers"
#define LM_VENUE "ICLR 2025"

const dmv_paper dmv_paper_lm = {"lm", LM_AUTHORS, LM_TITLE, LM_VENUE, "2410.13746", LM_AUTHORS ", " LM_TITLE " (" LM_VENUE ")"};

#define LM_SETUP                                                                                             \
    "Setup (docs/math/mismatch.md): d = 4, H observes x_1 and x_2, y = (0.3, -0.5), mu = (0.67, 0.1931, "      \
    "-0.4223, -0.9141); case corr: Sigma = A A^T/4 (A in theorems/lm/lm_internal.h), case diag: Sigma = "       \
    "diag(1, 0.5, 2, 0.3); sigma_y in {0, 0.01, 0.1, 0.3}; the discrete VP chain with the ETC betas (c = 4, "   \
    "delta = 1e-3), T in {50, 200, 1000, 4000} (T <= 1000 with --quick); the DDPM-type sampler "               \
    "Y_{t-1} = (Y_t + beta_t s_t(Y_t))/sqrt(alpha_t) + sqrt(beta_t/alpha_t) Z from N(0, I) to t = 1; samplers: " \
    "exact score, DDNM, BO-DDNM, PiGDM, exact-covariance PiGDM, DPS with the weight 1/sigma_y^2."
#define LM_METHOD                                                                                            \
    "Every rule's score is affine, so the output law is Gaussian: mean and covariance by the affine "           \
    "recursion in Arb (reference/zs_law.c, Cholesky solves, symmetrised updates, 128 bits), KL both ways "       \
    "(reference/kl_general.c) and W2 (reference/bures.c) against Q_{1|y}; the path KL bound (chain rule + "      \
    "data processing, each term closed form) and W_T = sum_{t>=2} beta_t E_{Q_t}|s_t - grad log q_t|^2 in the "   \
    "same pass. A comparison passes only when the enclosures decide it. " LM_SETUP

static const dmv_claim lm_claims[] = {
    {"lm.sanity", &dmv_paper_lm,
     "A-P0: the exact conditional score and exact-covariance PiGDM have zero accumulated mismatch W_T, and so has "
     "DDNM at sigma_y = 0 when P Sigma (I - P) = 0 (diag); the two exact samplers have the same output law; KL_1 "
     "of the exact score decreases with T.",
     LM_METHOD, DMV_SUITE_DEFAULT, dmv_lm_check_sanity, NULL, NULL, DMV_EXPECT_PASS, NULL, NULL},
    {"lm.bound", &dmv_paper_lm,
     "A-P1 (certified form): KL(Q_{1|y} || P_1) <= KL(Q_T || N(0, I)) + sum_{t=2..T} E KL(Q(x_{t-1}|x_t) || "
     "P(x_{t-1}|x_t)) for every sampler, sigma_y, T and case; the KL table and its log-log plot.",
     LM_METHOD, DMV_SUITE_DEFAULT, dmv_lm_check_bound, NULL, NULL, DMV_EXPECT_PASS, NULL, NULL},
    {"lm.paper-bound", &dmv_paper_lm,
     "The paper's bound: KL(Q_1 || P_1) <= C (W_T + discretisation (d log^2 T / T) + estimation (log T eps^2)) "
     "with the theorem's constants.",
     "Not encoded: the constants are not known to the suite (see the summary).", DMV_SUITE_NONE,
     dmv_lm_check_paper_bound, NULL, NULL, DMV_EXPECT_PASS, NULL, NULL},
    {"lm.bo-ddnm", &dmv_paper_lm,
     "A-P2: BO-DDNM has the smallest asymptotic bias within the DDNM family: KL_1(BO-DDNM) < KL_1(DDNM) at the "
     "largest T for every sigma_y > 0 in both cases, with equality at sigma_y = 0 (margins reported; DDNM+ is not "
     "computed: its noise change is a sampler change, not a model kind).",
     LM_METHOD, DMV_SUITE_DEFAULT, dmv_lm_check_bo, NULL, NULL, DMV_EXPECT_PASS, NULL, NULL},
    {"lm.bo-ddnm-best", &dmv_paper_lm,
     "A reading of 'BO-DDNM is best': no other zero-shot sampler here (DDNM, PiGDM, DPS; exact-covariance PiGDM is "
     "the exact score and excluded) has a smaller KL_1 than BO-DDNM at the largest T, for sigma_y > 0.",
     LM_METHOD, DMV_SUITE_DEFAULT, dmv_lm_check_bo_best, NULL, NULL, DMV_EXPECT_FAIL,
     "the paper's optimality is within the DDNM family; PiGDM has a smaller bias than BO-DDNM in the correlated case",
     "lm.bo-ddnm-best summary and numbers; docs/math/mismatch.md, A-P2"},
    {"lm.mismatch-scale", &dmv_paper_lm,
     "A-P3: the bias follows the accumulated mismatch along s_lambda = s* + lambda (s - s*): KL_1 increases with "
     "lambda, KL_1/lambda^2 stays bounded as lambda -> 0, and W_T(lambda) = lambda^2 W_T(1) (DDNM and BO-DDNM, "
     "sigma_y = 0.1, T = 1000, 200 with --quick).",
     LM_METHOD, DMV_SUITE_DEFAULT, dmv_lm_check_scale, NULL, NULL, DMV_EXPECT_PASS, NULL, NULL},
    {"lm.limit", &dmv_paper_lm,
     "A-P4: a non-vanishing limit: for every mismatched sampler KL_1 changes by at most 10% between the two "
     "largest T and stays > 0, while the exact score's KL_1 at least halves (sigma_y = 0.1).",
     LM_METHOD, DMV_SUITE_DEFAULT, dmv_lm_check_limit, NULL, NULL, DMV_EXPECT_PASS, NULL, NULL},
};

const dmv_claim *dmv_lm_claims(long *n)
{
    *n = (long) (sizeof lm_claims / sizeof lm_claims[0]);
    return lm_claims;
}
