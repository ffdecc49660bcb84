/* The implementation checks (theorems/checks/, docs/replay.md): not claims of a paper. Their "paper"
 * record names dmverify itself; the claim table runs after every paper's (theorems/all/registry.c). */
#include "core_claims.h"

const dmv_paper dmv_paper_checks = {"core", NULL, DMV_CORE_PAPER, NULL, NULL, DMV_CORE_PAPER};

static const dmv_claim checks_claims[] = {
    CORE_PW("gaussian", "Gaussian data through the generic denoiser path", dmv_core_pw_gaussian, DMV_CORE_PW_MULT_ONE),
    CORE_PW("mixture", "a Gaussian mixture", dmv_core_pw_mixture, DMV_CORE_PW_MULT_ONE),
    CORE_PW("umix", "a product of 1-D uniform-box mixtures", dmv_core_pw_umix, DMV_CORE_PW_MULT_ONE),
    CORE_PW("boxes", "a mixture of 2-D uniform boxes (K = 3)", dmv_core_pw_boxes, DMV_CORE_PW_MULT_ONE),
    CORE_PW("empirical", "an empirical law (the empirical-optimal denoiser)", dmv_core_pw_empirical, DMV_CORE_PW_MULT_ONE),
    CORE_PW("guided", "classifier-free guidance (w = 3)", dmv_core_pw_guided, DMV_CORE_PW_MULT_GUIDED),
    CORE_PW("score_mix", "a score error toward a second model (lambda = 0.1)", dmv_core_pw_score_mix, DMV_CORE_PW_MULT_SCORE_MIX),
    CORE_PW("tail", "a tail-corrupted score", dmv_core_pw_tail, DMV_CORE_PW_MULT_ONE),
    CORE_PW("perturbed", "a Gaussian-preserving score error (kappa, dl, dm)", dmv_core_pw_perturbed, DMV_CORE_PW_MULT_ONE),
    {"core.pathwise.kdiff", &dmv_paper_checks, CORE_KD_STATEMENT, CORE_KD_METHOD, DMV_SUITE_DEFAULT,
     dmv_claim_core_kdiff_check, NULL, NULL, DMV_EXPECT_PASS, NULL, NULL},
    CORE_PW_CHAIN("linear_inverse.exact", "the exact conditional score (linear_inverse)", dmv_core_pw_li_exact),
    CORE_PW_CHAIN("linear_inverse.ddnm", "DDNM (linear_inverse)", dmv_core_pw_li_ddnm),
    CORE_PW_CHAIN("linear_inverse.bo-ddnm", "BO-DDNM (linear_inverse)", dmv_core_pw_li_bo_ddnm),
    CORE_PW_CHAIN("linear_inverse.pigdm", "PiGDM (linear_inverse)", dmv_core_pw_li_pigdm),
    CORE_PW_CHAIN("linear_inverse.pigdm-exact", "exact-covariance PiGDM (linear_inverse)", dmv_core_pw_li_pigdm_exact),
    CORE_PW_CHAIN("linear_inverse.dps", "DPS with the fixed weight 1/sigma_y^2 (linear_inverse)", dmv_core_pw_li_dps),
};

const dmv_claim *dmv_checks_claims(long *n)
{
    *n = (long) (sizeof checks_claims / sizeof checks_claims[0]);
    return checks_claims;
}
