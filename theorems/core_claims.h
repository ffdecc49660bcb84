/* Implementation checks (not claims of a paper): the core.pathwise family (docs/replay.md).
 * The constants below are the ones the checks use; theorems/registry.c builds the statement
 * text from them. */
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

#define DMV_CORE_STR_(x) #x
#define DMV_CORE_STR(x) DMV_CORE_STR_(x)

/* One claim: a model (JSON of docs/model-spec.md) and its denoiser bound. */
typedef struct {
    const char *kind;    /* the claim id's last part */
    const char *json;    /* the model */
    double d_rel;        /* fast-vs-exact denoiser bound, relative to max(1, |x|/alpha, d_scale) */
    double d_scale;      /* the data's largest magnitude */
} dmv_core_pathwise_param;

int dmv_claim_core_pathwise_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);

#endif
