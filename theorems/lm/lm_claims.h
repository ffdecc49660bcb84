/* Claims of Liang, Ju, Liang & Shroff, "Theory on score-mismatched diffusion models and zero-shot conditional samplers" (arXiv 2410.13746, ICLR 2025).
 * Score mismatch and zero-shot conditional samplers: docs/math/mismatch.md.
 * Each check function fills a dmv_result; theorems/lm/lm_registry.c lists them. */
#ifndef DMV_LM_CLAIMS_H
#define DMV_LM_CLAIMS_H

#include "dmv/claim.h"

/* The paper's record and its claim table, in run order (theorems/lm/lm_registry.c). */
extern const dmv_paper dmv_paper_lm;
const dmv_claim *dmv_lm_claims(long *n);

#endif
