/* Implementation checks (not claims of a paper): the core.pathwise family (docs/replay.md).
 * The constants below are the ones the checks use; theorems/checks/checks_registry.c builds the
 * statement text from them. */
#ifndef DMV_CORE_CLAIMS_H
#define DMV_CORE_CLAIMS_H

#include "dmv/claim.h"

#define DMV_CORE_PAPER "dmverify implementation check"

#define DMV_CORE_PW_SAMPLES 24       /* traced samples per scheme (--quick: 8) */
#define DMV_CORE_PW_SAMPLES_QUICK 8
#define DMV_CORE_PW_STEPS 40         /* uniform steps from T = 1 to eps (--quick: 20) */
#define DMV_CORE_PW_STEPS_QUICK 20
#define DMV_CORE_PW_EPS 1e-3
#define DMV_CORE_PW_K 64             /* ulps per operation of the budget */
#define DMV_CORE_PW_DREL 2e-14       /* fast-vs-exact denoiser bound per unit of scale, per-row models */
/* composites scale it by their combination: guidance D_c + w (D_c - D_u) by 1 + 2|w| (w = 3), a
 * score mix D + lambda (D_o - D) by 1 + 2|lambda| (lambda = 0.1) */
#define DMV_CORE_PW_MULT_ONE 1
#define DMV_CORE_PW_MULT_GUIDED 7
#define DMV_CORE_PW_MULT_SCORE_MIX 1.2

#define DMV_CORE_STR_(x) #x
#define DMV_CORE_STR(x) DMV_CORE_STR_(x)

/* One claim: a model (JSON of docs/model-spec.md) and its denoiser bound. */
typedef struct {
    const char *kind;    /* the claim id's last part */
    const char *json;    /* the model */
    double d_rel;        /* fast-vs-exact denoiser bound, relative to max(1, |x|/alpha, d_scale) */
    double d_scale;      /* the data's largest magnitude */
    int chain;           /* 1: the discrete VP chain (ETC, c = 4, delta = 1e-3) with ddpm-chain, ddpm-posterior,
                            DDIM (eta = 0) and DPM-Solver++(2M) instead of VP linear with EM, DDIM, Heun, DPM++ */
} dmv_core_pathwise_param;

/* The claims' parameters (theorems/checks/core_pathwise.c). */
extern const dmv_core_pathwise_param dmv_core_pw_gaussian;
extern const dmv_core_pathwise_param dmv_core_pw_mixture;
extern const dmv_core_pathwise_param dmv_core_pw_umix;
extern const dmv_core_pathwise_param dmv_core_pw_boxes;
extern const dmv_core_pathwise_param dmv_core_pw_empirical;
extern const dmv_core_pathwise_param dmv_core_pw_guided;
extern const dmv_core_pathwise_param dmv_core_pw_score_mix;
extern const dmv_core_pathwise_param dmv_core_pw_tail;
extern const dmv_core_pathwise_param dmv_core_pw_perturbed;
extern const dmv_core_pathwise_param dmv_core_pw_li_exact;
extern const dmv_core_pathwise_param dmv_core_pw_li_ddnm;
extern const dmv_core_pathwise_param dmv_core_pw_li_bo_ddnm;
extern const dmv_core_pathwise_param dmv_core_pw_li_pigdm;
extern const dmv_core_pathwise_param dmv_core_pw_li_pigdm_exact;
extern const dmv_core_pathwise_param dmv_core_pw_li_dps;

/* core.pathwise.<kind> (theorems/checks/core_pathwise.c, docs/replay.md): the models, d = 2..4. */
#define CORE_GAUSSIAN "{\"model\": \"gaussian\", \"lambda\": [1, 2, 0.5, 0.01], \"mean\": [1, 0, -1, 0.5]}"
#define CORE_MIXTURE "{\"model\": \"mixture\", \"weights\": [1, 2, 1], \"means\": [[1, 0, -1], [-1, 0.5, 0], " \
    "[0, -1, 1]], \"vars\": [[0.2, 0.1, 0.3], [0.1, 0.2, 0.05], [0.3, 0.3, 0.1]]}"
#define CORE_UMIX "{\"model\": \"umix\", \"weights\": [[1, 1], [1, 2]], \"a\": [[-2, 1], [-1, 0.5]], " \
    "\"b\": [[-1, 3], [0, 2.5]]}"
#define CORE_BOXES "{\"model\": \"boxes\", \"weights\": [1, 2, 0.5], \"lo\": [[-2, -1], [0.5, 0], [-0.5, 1.5]], " \
    "\"hi\": [[-1, 0.5], [2, 0.25], [1, 3]]}"
#define CORE_EMPIRICAL "{\"model\": \"empirical\", \"train\": [[1.5, -0.5, 0], [0, 1, 0.5], [-1, -1, 1], " \
    "[0.25, 0.75, -1], [1, 1, 1], [-0.5, 0, -0.5]], \"method\": \"direct\"}"
#define CORE_GUIDED "{\"model\": \"guided\", \"w\": 3, \"cond\": {\"model\": \"gaussian\", \"lambda\": [1, 0.5], " \
    "\"mean\": [1, -0.5]}, \"uncond\": {\"model\": \"mixture\", \"weights\": [1, 1], \"means\": [[1, -0.5], " \
    "[-1, 0.5]], \"vars\": [[1, 0.5], [1, 0.5]]}}"
#define CORE_SCORE_MIX "{\"model\": \"score_mix\", \"lambda\": 0.1, \"base\": {\"model\": \"gaussian\", " \
    "\"lambda\": [1, 0.25], \"mean\": [1, -0.5]}, \"other\": {\"model\": \"mixture\", \"weights\": [1, 3], " \
    "\"means\": [[-2, 0], [2, 1]], \"vars\": [[0.25, 1], [0.5, 0.1]]}}"
#define CORE_TAIL "{\"model\": \"tail\", \"kappa\": 2, \"a2\": [2, 1], \"base\": {\"model\": \"boxes\", " \
    "\"weights\": [1], \"lo\": [[1, -1]], \"hi\": [[2, 1]]}}"
#define CORE_PERTURBED "{\"model\": \"perturbed\", \"base\": {\"model\": \"gaussian\", \"lambda\": [1, 2, 0.5], " \
    "\"mean\": [1, 0, -1]}, \"kappa\": [0.2, 0, -0.1], \"dl\": [0, 0.5, 0], \"dm\": [0, 0.25, 0]}"

/* the zero-shot samplers (linear_inverse, docs/math/mismatch.md): the "corr" case of d = 4, H observes x_1, x_2 */
#define CORE_LI(rule, sy) "{\"model\": \"linear_inverse\", \"rule\": \"" rule "\", \"sigma_y\": " sy ", " \
    "\"H\": [[1, 0, 0, 0], [0, 1, 0, 0]], \"y\": [0.3, -0.5], \"prior\": {\"model\": \"gaussian\", " \
    "\"cov\": [[1.2, 0.5, 0.8, 0.3], [0.5, 0.9, 0.4, 0.6], [0.8, 0.4, 1.5, 0.2], [0.3, 0.6, 0.2, 0.7]], " \
    "\"mu\": [0.67, 0.1931, -0.4223, -0.9141]}}"
#define CORE_LI_EXACT CORE_LI("exact", "0.1")
#define CORE_LI_DDNM CORE_LI("ddnm", "0.1")
#define CORE_LI_BO_DDNM CORE_LI("bo-ddnm", "0.1")
#define CORE_LI_PIGDM CORE_LI("pigdm", "0.1")
#define CORE_LI_PIGDM_EXACT CORE_LI("pigdm-exact", "0.1")
#define CORE_LI_DPS CORE_LI("dps", "0.3")

#define CORE_PW_STATEMENT(what, json)                                                                        \
    "The fast sampler on " what " (" json ") is, step by step, the certified step map: for "                    \
    DMV_CORE_STR(DMV_CORE_PW_SAMPLES) " samples (" DMV_CORE_STR(DMV_CORE_PW_SAMPLES_QUICK) " with --quick) of "  \
    "EM, DDIM (eta = 0), Heun and DPM-Solver++(2M), VP linear (beta 0.05..10, T = 1), "                         \
    DMV_CORE_STR(DMV_CORE_PW_STEPS) " uniform steps (" DMV_CORE_STR(DMV_CORE_PW_STEPS_QUICK) " with --quick) to " \
    "eps = " DMV_CORE_STR(DMV_CORE_PW_EPS) ", every fast state x_{k+1} lies in the Arb ball of the reference "    \
    "step applied to the fast x_k and the same noise, within a budget of K = "                                  \
    DMV_CORE_STR(DMV_CORE_PW_K) " ulps times the magnitudes of each rounded combination (docs/replay.md)."
#define CORE_PW_METHOD(mult)                                                                                  \
    "Trace each sample with the sampler's own step code (fast/trace.c); replay every step in Arb "                \
    "(reference/step.c over the model spec's certified denoiser, precision escalated up to 1024 bits). The ball " \
    "holds the fast denoiser's error (" DMV_CORE_STR(mult) " x " DMV_CORE_STR(DMV_CORE_PW_DREL) " x max(1, |x|/alpha, " \
    "data scale) per evaluation), the rounding of "                                                               \
    "the intermediate states and of alpha, sigma, log-SNR steps and midpoints (K u times their magnitudes); "    \
    "tol = rad + K u mag with mag the magnitude of the last combination (docs/replay.md). Fail if any step is "  \
    "outside; inconclusive if a budget term is not finite or no finite enclosure exists. The end-to-end "         \
    "distance between the fast path and the exact reference path is reported as information."
#define CORE_PW(kind, what, param, mult) \
    {"core.pathwise." kind, &dmv_paper_checks, CORE_PW_STATEMENT(what, param##_JSON), CORE_PW_METHOD(mult), \
     DMV_SUITE_DEFAULT, dmv_claim_core_pathwise_check, &param, NULL, DMV_EXPECT_PASS, NULL, NULL}
#define dmv_core_pw_gaussian_JSON CORE_GAUSSIAN
#define dmv_core_pw_mixture_JSON CORE_MIXTURE
#define dmv_core_pw_umix_JSON CORE_UMIX
#define dmv_core_pw_boxes_JSON CORE_BOXES
#define dmv_core_pw_empirical_JSON CORE_EMPIRICAL
#define dmv_core_pw_guided_JSON CORE_GUIDED
#define dmv_core_pw_score_mix_JSON CORE_SCORE_MIX
#define dmv_core_pw_tail_JSON CORE_TAIL
#define dmv_core_pw_perturbed_JSON CORE_PERTURBED

/* The zero-shot kinds run on the discrete chain (docs/replay.md, "The discrete chain"). */
#define CORE_PW_CHAIN_STATEMENT(what, json)                                                                  \
    "The fast sampler on " what " (" json ") is, step by step, the certified step map: for "                    \
    DMV_CORE_STR(DMV_CORE_PW_SAMPLES) " samples (" DMV_CORE_STR(DMV_CORE_PW_SAMPLES_QUICK) " with --quick) of "  \
    "ddpm-chain, ddpm-posterior, DDIM (eta = 0) and DPM-Solver++(2M) on the discrete VP chain (ETC betas, c = 4, " \
    "delta = 1e-3, T = " DMV_CORE_STR(DMV_CORE_PW_STEPS) " + 1 timesteps, " DMV_CORE_STR(DMV_CORE_PW_STEPS_QUICK) \
    " + 1 with --quick) from t = T to t = 1, every fast state x_{k+1} lies in the Arb ball of the reference "    \
    "step applied to the fast x_k and the same noise, within a budget of K = "                                  \
    DMV_CORE_STR(DMV_CORE_PW_K) " ulps times the magnitudes of each rounded combination (docs/replay.md)."
#define CORE_PW_CHAIN(kind, what, param) \
    {"core.pathwise." kind, &dmv_paper_checks, CORE_PW_CHAIN_STATEMENT(what, param##_JSON), CORE_PW_METHOD(1), \
     DMV_SUITE_DEFAULT, dmv_claim_core_pathwise_check, &param, NULL, DMV_EXPECT_PASS, NULL, NULL}
#define dmv_core_pw_li_exact_JSON CORE_LI_EXACT
#define dmv_core_pw_li_ddnm_JSON CORE_LI_DDNM
#define dmv_core_pw_li_bo_ddnm_JSON CORE_LI_BO_DDNM
#define dmv_core_pw_li_pigdm_JSON CORE_LI_PIGDM
#define dmv_core_pw_li_pigdm_exact_JSON CORE_LI_PIGDM_EXACT
#define dmv_core_pw_li_dps_JSON CORE_LI_DPS

/* The checks' record and claim table (theorems/checks/checks_registry.c). */
extern const dmv_paper dmv_paper_checks;
const dmv_claim *dmv_checks_claims(long *n);

int dmv_claim_core_pathwise_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);

/* core.pathwise.kdiff (theorems/checks/core_kdiff.c, docs/conventions.md): the k-diffusion / EDM
 * samplers on ve, karras-zero from 80 to 0.002 then 0, the Gaussian and the mixture models above. */
#define DMV_CORE_KD_SAMPLES 8
#define DMV_CORE_KD_SAMPLES_QUICK 3
#define DMV_CORE_KD_STEPS 20
#define DMV_CORE_KD_TMAXSIG 80
#define DMV_CORE_KD_EPS 0.002
#define DMV_CORE_KD_CHURN 40 /* edm-heun-churn: EDM's ImageNet settings */
#define DMV_CORE_KD_TMIN 0.05
#define DMV_CORE_KD_TMAX 50
#define DMV_CORE_KD_SNOISE 1.003
int dmv_claim_core_kdiff_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
#define CORE_KD_STATEMENT                                                                                     \
    "The fast k-diffusion / EDM samplers (k-euler, k-heun, k-dpm-2, k-dpmpp-2m, k-euler-ancestral with eta = 1, " \
    "k-lms, edm-heun-churn with S_churn = " DMV_CORE_STR(DMV_CORE_KD_CHURN) ", S_tmin = "                        \
    DMV_CORE_STR(DMV_CORE_KD_TMIN) ", S_tmax = " DMV_CORE_STR(DMV_CORE_KD_TMAX) ", S_noise = "                   \
    DMV_CORE_STR(DMV_CORE_KD_SNOISE) "; docs/conventions.md) are, step by step, the certified step maps: process " \
    "ve, karras-zero grid (" DMV_CORE_STR(DMV_CORE_KD_STEPS) " steps, sigma from "                              \
    DMV_CORE_STR(DMV_CORE_KD_TMAXSIG) " to " DMV_CORE_STR(DMV_CORE_KD_EPS) ", then 0), " DMV_CORE_STR(DMV_CORE_KD_SAMPLES) \
    " samples (" DMV_CORE_STR(DMV_CORE_KD_SAMPLES_QUICK) " with --quick) per scheme on the Gaussian ("          \
    CORE_GAUSSIAN ") and the mixture (" CORE_MIXTURE ") models; every fast x_{k+1} lies in the Arb ball of the " \
    "reference step applied to the fast states and the same noise, within K = " DMV_CORE_STR(DMV_CORE_PW_K)     \
    " ulps times the magnitudes (docs/replay.md)."
#define CORE_KD_METHOD                                                                                        \
    "Trace each sample with the sampler's own step code (fast/trace.c, fast/kdiff.c); replay every step in Arb " \
    "(reference/step_kdiff.c over the model spec's certified denoiser; k-dpmpp-2m and k-lms recompute the "     \
    "previous derivatives from the traced states). The ball holds the fast denoiser's error ("                   \
    DMV_CORE_STR(DMV_CORE_PW_DREL) " x max(1, |x|, data scale)) and the rounding of sigma_hat, sigma_mid, the " \
    "churn and ancestral coefficients and the k-lms weights; tol = rad + K u mag. Fail if any step is outside; " \
    "inconclusive if a step cannot be certified."

#endif
