/* Claims of Venkatraman et al., "Outsourced diffusion sampling: efficient posterior inference in latent spaces of generative models" (arXiv 2502.06999, ICML 2025).
 * Posteriors in a generator's noise space: docs/math/outsourced.md.
 * Each check function fills a dmv_result; theorems/od/od_registry.c lists them. */
#ifndef DMV_OD_CLAIMS_H
#define DMV_OD_CLAIMS_H

#include "dmv/claim.h"

/* The paper's record and its claim table, in run order (theorems/od/od_registry.c). */
extern const dmv_paper dmv_paper_od;
const dmv_claim *dmv_od_claims(long *n);

#endif
