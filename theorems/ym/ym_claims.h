/* Claims of Yi, Sun & Li, "On the generalization of diffusion model" (arXiv 2305.14712).
 * Memorisation by the empirical-optimal score: docs/math/memorization.md.
 * Each check function fills a dmv_result; theorems/ym/ym_registry.c lists them. */
#ifndef DMV_YM_CLAIMS_H
#define DMV_YM_CLAIMS_H

#include "dmv/claim.h"

/* The paper's record and its claim table, in run order (theorems/ym/ym_registry.c). */
extern const dmv_paper dmv_paper_ym;
const dmv_claim *dmv_ym_claims(long *n);

#endif
