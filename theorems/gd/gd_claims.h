/* Claims of Chidambaram, Gatmiry, Chen, Lee & Lu, "What does guidance do? A fine-grained analysis in a simple setting" (arXiv 2409.13074, NeurIPS 2024).
 * Guidance (classifier-free) on mixtures: docs/math/guidance.md.
 * Each check function fills a dmv_result; theorems/gd/gd_registry.c lists them. */
#ifndef DMV_GD_CLAIMS_H
#define DMV_GD_CLAIMS_H

#include "dmv/claim.h"

/* The paper's record and its claim table, in run order (theorems/gd/gd_registry.c). */
extern const dmv_paper dmv_paper_gd;
const dmv_claim *dmv_gd_claims(long *n);
/* A second table of the same paper (theorems/gd/gd_fig_registry.c), run after the first. */
const dmv_claim *dmv_gd_fig_claims(long *n);

#endif
