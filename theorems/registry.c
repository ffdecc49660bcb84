/* The claim registry: one static table, in the order claims run and are reported. */
#include <string.h>

#include "dmv/claim.h"
#include "pg_claims.h"

#define PG_PAPER "Pierret & Galerne, Diffusion models for Gaussian distributions: exact solutions and Wasserstein errors (ICML 2025)"
#define PG_ARXIV "2405.14250"

static const dmv_pg_scheme_param p_em = {DMV_SCHEME_EM, 0.0};
static const dmv_pg_scheme_param p_ei = {DMV_SCHEME_EI, 0.0};
static const dmv_pg_scheme_param p_ddpm = {DMV_SCHEME_DDPM, 0.0};
static const dmv_pg_scheme_param p_euler = {DMV_SCHEME_EULER, 0.0};
static const dmv_pg_scheme_param p_heun = {DMV_SCHEME_HEUN, 0.0};
static const dmv_pg_scheme_param p_heun_edm = {DMV_SCHEME_HEUN_EDM, 0.0};
static const dmv_pg_scheme_param p_rk4 = {DMV_SCHEME_RK4, 0.0};
static const dmv_pg_scheme_param p_ddim = {DMV_SCHEME_DDIM, 0.0};
static const dmv_pg_scheme_param p_ddim1 = {DMV_SCHEME_DDIM, 1.0};
static const dmv_pg_scheme_param p_dpm2 = {DMV_SCHEME_DPM2, 0.0};
static const dmv_pg_scheme_param p_dpmpp2m = {DMV_SCHEME_DPMPP2M, 0.0};

#define PATHWISE_STATEMENT(name)                                                                      \
    "The fast " name " sampler is, sample by sample, the exact affine map of its own initial point and "  \
    "noises: on the 8-eigenvalue test spectrum (1e-3..10, non-zero mean), VP linear (beta 0.05..10, T = 1), " \
    "100 uniform steps to eps = 1e-3, for 1000 samples every output coordinate equals the Arb-certified "  \
    "value within the stated ulp budget."
#define PATHWISE_METHOD                                                                                \
    "Regenerate every Philox noise of each sample, evaluate the Arb affine map y = A x_T + sum_k B_k z_k + c " \
    "per eigen-direction, and compare with the fast output. Budget: |fast - exact| <= rad + K u (N+1)(1+kappa) " \
    "Y_abs, with Y_abs = |A||x_T| + sum_k |B_k||z_k| + |c| (first-order running-error bound of an affine " \
    "recursion), K = 16 roundings per model evaluation, kappa = max_k h_k g_k^2 / sigma_k^2 (cancellation in " \
    "the score computed from the denoiser)."
#define LAW_STATEMENT(name)                                                                           \
    "The fast " name " sampler draws from its exact output law: on the 8-eigenvalue test spectrum, for "  \
    "10^5 samples (10^4 with --quick), the per-direction sample means and variances are consistent with the " \
    "Arb-certified mean and variance of the scheme's output law."
#define LAW_METHOD                                                                                    \
    "Per direction j: z_j = (mean - m_j)/sqrt(v_j/n) ~ N(0,1) and (n-1) s_j^2 / v_j ~ chi2(n-1) exactly under " \
    "the claim (m_j, v_j certified by Arb). Three joint statistics over the independent directions enter the " \
    "run-wide Holm correction: sum z_j^2 ~ chi2(d), the pooled variance statistic ~ chi2(d(n-1)) (two-sided) " \
    "and Fisher's combination of the per-direction variance p-values ~ chi2(2d); per-direction p-values are " \
    "reported as diagnostics."

#define PATHWISE(id, name, param, dflt) \
    {"pg.pathwise." id, PG_PAPER, PG_ARXIV, PATHWISE_STATEMENT(name), PATHWISE_METHOD, dflt, dmv_claim_pg_pathwise_check, &param, NULL, DMV_EXPECT_PASS, NULL, NULL}
#define LAW(id, name, param, dflt) \
    {"pg.law." id, PG_PAPER, PG_ARXIV, LAW_STATEMENT(name), LAW_METHOD, dflt, dmv_claim_pg_law_check, &param, NULL, DMV_EXPECT_PASS, NULL, NULL}

#define CONT_STATEMENT                                                                                  \
    "With the exact score and only the initialisation error (start N(0, I) instead of p_T), the continuous " \
    "reverse SDE stopped at s is never farther from p_s in W2 than the PF-ODE stopped at s (Proposition 4), " \
    "per eigenvalue and in total: VP linear (beta 0.05..10, T = 1), s in {0, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 0.5}, " \
    "zero and non-zero (+-0.5) mean, on the CIFAR-10 spectrum (--data-dir) or else a fixed synthetic spectrum " \
    "(64 eigenvalues including 0 and 1); on CIFAR-10 at s = 0 the gap is about two orders of magnitude."
#define CONT_METHOD                                                                                     \
    "Laws of both samplers and of p_s from reference/ (Arb, 192 bits), W2^2 terms by the stable 1-D formula; " \
    "per direction the certified sign of (ODE term - SDE term), or where the balls overlap the closed-form gap " \
    "(C^2 - A^2)[dm^2 + D^2 (C^2/S_C + A^2/S_A)/S_CA], a product of nonnegative factors (docs/math/laws.md#prop4), which " \
    "must overlap the law route. Fail if a certified comparison or the two routes contradict."
#define ORDER_STATEMENT(name)                                                                           \
    "The observed convergence order of " name ", measured on the certified W2 error of its output law, is its " \
    "expected order (1 EM/EI/DDPM/Euler/DDIM, 2 Heun/Heun-EDM/DPM-Solver-2/DPM-Solver++(2M), 4 RK4) within " \
    "0.15: test spectrum, VP linear, uniform grid to eps = 1e-2, start N(0, I), N = 32..4096 steps."
#define ORDER_METHOD                                                                                    \
    "W2 between the exact law of the scheme (Arb affine maps, 192 bits) and the exact law of the continuous " \
    "sampler it discretises (reverse SDE for stochastic schemes, PF-ODE otherwise) at the same eps and start: " \
    "an error in law (weak), not pathwise. Order = minus the least-squares slope of log W2 vs log N on " \
    "N = 512..4096. Inconclusive if a fitted ball is unresolved (contains 0 or relative radius > 1e-6)."
#define RANKING_STATEMENT                                                                               \
    "The paper's conclusions on CIFAR-10 (eps in {0, 1e-5, 1e-4, 1e-3}, NFE in {50, 250, 500, 1000}, the "  \
    "paper's counting: NFE points, Heun NFE/2, RK4 NFE/4): (a) at eps 1e-4 and 1e-3, NFE >= 250, Heun is "  \
    "within 1.1x of the best of the six schemes (N(0,I) start); (b) Heun and RK4 are worse at eps 1e-5 than " \
    "at 1e-4 and not finite at eps 0; (c) EI < EM at NFE 50 and |EM - EI| < 5% at NFE 1000; (d) DDPM is the " \
    "worst SDE scheme; (e) p_T and N(0,I) starts agree within 1% for EM/EI/DDPM and differ by > 1% somewhere " \
    "for Euler/Heun/RK4."
#define RANKING_METHOD                                                                                  \
    "Certified W2 to the data of every (scheme, eps, NFE, start) cell from one schedule and one set of " \
    "affine maps per cell (reference/, 64 bits, redone at 128/256 on DMV_EPREC); each sub-statement is a " \
    "row decided on balls (overlap = undecided). Needs --data-dir with cifar10_eigenvalues.npy, else " \
    "inconclusive."
#define ORDER(id, name, param) \
    {"pg.order." id, PG_PAPER, PG_ARXIV, ORDER_STATEMENT(name), ORDER_METHOD, 1, dmv_claim_pg_order_check, &param, NULL, DMV_EXPECT_PASS, NULL, NULL}

#define TABLE_STATEMENT                                                                                 \
    "The published ablation table (W2 to the data N(0, Sigma_CIFAR10) for EM, EI, DDPM, Euler, Heun, RK4, " \
    "eps in {0, 1e-5, 1e-4, 1e-3}, NFE in {50, 250, 500, 1000}, starts p_T and N(0, I), and the exact "       \
    "continuous SDE/ODE; VP linear beta 0.05..10, T = 1) is what these schemes produce: every cell agrees with " \
    "the certified value at its printed precision, '-' cells being not finite."
#define TABLE_METHOD                                                                                    \
    "Certified W2 of every cell (reference/, Arb, 128 bits; DMV_EPREC cells redone at 256/512). A printed "   \
    "number stands for the interval of values that round to it; a cell agrees if the certified ball meets it. " \
    "Counting as stated (docs/math/processes.md#counting: NFE points, Heun NFE/2, RK4 NFE/4); a column whose every cell "      \
    "agrees under one other whole-column reading (e.g. Heun with NFE points) is reported as explained, with "  \
    "both numbers of every cell that disagrees under the stated counting. Needs --data-dir."

static const dmv_claim registry[] = {
    PATHWISE("em", "Euler-Maruyama (reverse SDE)", p_em, 1),
    PATHWISE("euler", "Euler (probability-flow ODE)", p_euler, 1),
    PATHWISE("ei", "exponential-integrator", p_ei, 1),
    PATHWISE("ddpm", "DDPM ancestral", p_ddpm, 1),
    PATHWISE("heun", "Heun (paper form)", p_heun, 1),
    PATHWISE("heun-edm", "Heun (EDM form)", p_heun_edm, 1),
    PATHWISE("rk4", "RK4", p_rk4, 1),
    PATHWISE("ddim", "DDIM (eta = 0)", p_ddim, 1),
    PATHWISE("ddim-eta1", "DDIM (eta = 1)", p_ddim1, 1),
    PATHWISE("dpm2", "DPM-Solver-2", p_dpm2, 1),
    PATHWISE("dpmpp2m", "DPM-Solver++(2M)", p_dpmpp2m, 1),
    LAW("em", "Euler-Maruyama (reverse SDE)", p_em, 1),
    LAW("euler", "Euler (probability-flow ODE)", p_euler, 1),
    LAW("ei", "exponential-integrator", p_ei, 1),
    LAW("ddpm", "DDPM ancestral", p_ddpm, 1),
    LAW("heun", "Heun (paper form)", p_heun, 1),
    LAW("heun-edm", "Heun (EDM form)", p_heun_edm, 1),
    LAW("rk4", "RK4", p_rk4, 1),
    LAW("ddim", "DDIM (eta = 0)", p_ddim, 1),
    LAW("ddim-eta1", "DDIM (eta = 1)", p_ddim1, 1),
    LAW("dpm2", "DPM-Solver-2", p_dpm2, 1),
    LAW("dpmpp2m", "DPM-Solver++(2M)", p_dpmpp2m, 1),
    {"pg.pathwise.dense", PG_PAPER, PG_ARXIV,
     "The fast Euler-Maruyama sampler on a dense covariance (the test spectrum rotated by the orthonormal "
     "DCT-II basis U, OpenBLAS model: two GEMMs per step) is, sample by sample, the exact affine map of its "
     "own initial point and noises, compared in eigen-coordinates (U^T y), for 1000 samples within the "
     "stated ulp budget.",
     PATHWISE_METHOD " Dense: noises and outputs are projected with U^T exactly in Arb; K grows by 4d "
     "roundings per evaluation for the two d-term products.",
     1, dmv_claim_pg_pathwise_dense_check, &p_em, NULL, DMV_EXPECT_PASS, NULL, NULL},
    {"pg.law.dense", PG_PAPER, PG_ARXIV,
     "The fast Euler-Maruyama sampler on the DCT-rotated test spectrum (dense covariance, OpenBLAS) draws "
     "from its exact output law: the moments of U^T y over 10^5 samples are consistent with the certified law.",
     LAW_METHOD " Dense: each sample is projected with U^T (in sample order) before the moments; the sample "
     "hash is ulp-bounded, not bit-exact (BLAS).",
     1, dmv_claim_pg_law_dense_check, &p_em, NULL, DMV_EXPECT_PASS, NULL, NULL},
    {"pg.table", PG_PAPER, PG_ARXIV, TABLE_STATEMENT, TABLE_METHOD, DMV_SUITE_FULL_ONLY, dmv_claim_pg_table_check,
     NULL, "cifar10_eigenvalues.npy pierret_galerne_table.csv", DMV_EXPECT_PASS, NULL, NULL},
    {"pg.continuous.init", PG_PAPER, PG_ARXIV, CONT_STATEMENT, CONT_METHOD, 1, dmv_claim_pg_continuous_check, NULL,
     "cifar10_eigenvalues.npy", DMV_EXPECT_PASS, NULL, NULL},
    ORDER("em", "Euler-Maruyama (reverse SDE)", p_em),
    ORDER("ei", "the exponential integrator", p_ei),
    ORDER("ddpm", "DDPM ancestral", p_ddpm),
    ORDER("euler", "Euler (PF-ODE)", p_euler),
    ORDER("heun", "Heun (paper form)", p_heun),
    ORDER("heun-edm", "Heun (EDM form)", p_heun_edm),
    ORDER("rk4", "RK4", p_rk4),
    ORDER("ddim", "DDIM (eta = 0)", p_ddim),
    ORDER("ddim-eta1", "DDIM (eta = 1)", p_ddim1),
    ORDER("dpm2", "DPM-Solver-2", p_dpm2),
    ORDER("dpmpp2m", "DPM-Solver++(2M)", p_dpmpp2m),
    {"pg.ranking", PG_PAPER, PG_ARXIV, RANKING_STATEMENT, RANKING_METHOD, 0, dmv_claim_pg_ranking_check, NULL,
     "cifar10_eigenvalues.npy", DMV_EXPECT_PASS, NULL, NULL},
};

long dmv_claim_count(void)
{
    return (long) (sizeof registry / sizeof registry[0]);
}

const dmv_claim *dmv_claim_get(long i)
{
    return (i >= 0 && i < dmv_claim_count()) ? &registry[i] : NULL;
}

const dmv_claim *dmv_claim_find(const char *id)
{
    long i;
    for (i = 0; i < dmv_claim_count(); i++)
        if (strcmp(registry[i].id, id) == 0)
            return &registry[i];
    return NULL;
}
