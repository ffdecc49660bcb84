/* The claim table of Venkatraman et al. (arXiv 2502.06999): theorems/od/. */
#include <stddef.h>

#include "od_claims.h"

#define OD_AUTHORS "Venkatraman et al."
#define OD_TITLE "Outsourced diffusion sampling: efficient posterior inference in latent spaces of generative models"
#define OD_VENUE "ICML 2025"

const dmv_paper dmv_paper_od = {"od", OD_AUTHORS, OD_TITLE, OD_VENUE, "2502.06999", OD_AUTHORS ", " OD_TITLE " (" OD_VENUE ")"};

const dmv_claim *dmv_od_claims(long *n)
{
    *n = 0; /* no claim yet */
    return NULL;
}
